//! kavosh (کاوش): full-text search for Persian news.
//!
//! The modules follow the data: [`ingest`] (files → articles) → [`analysis`] (text →
//! tokens) → [`index`] (articles → tantivy) → [`search`] (query → hits → passages) →
//! [`output`] (terminal, JSON, TREC).

pub mod analysis;
pub mod error;
pub mod eval;
pub mod ingest;

pub use error::{Error, Result};
pub mod index;
pub mod jobs;
pub mod output;
pub mod search;
