//! kavosh (کاوش): full-text search for Persian news.
//!
//! The modules follow the data: [`ingest`] (files → articles) → [`analysis`] (text →
//! tokens) → [`index`] (articles → tantivy) → [`search`] (query → hits → passages) →
//! [`output`] (terminal, JSON, TREC); [`serve`] puts `search` and `output` behind HTTP,
//! with a search page.

/// The Persian analyzer, its own crate (`crates/kavosh-analysis`) so any tantivy index can
/// use it; re-exported here so `kavosh::analysis` paths keep working.
pub use kavosh_analysis as analysis;
pub mod engine;
pub mod error;
pub mod eval;
pub mod ingest;

pub use error::{Error, Result};
pub mod index;
pub mod jobs;
pub mod output;
pub mod search;
pub mod serve;
