//! kavosh on an OpenSearch cluster with the kavosh plugin (`opensearch/` in the
//! repository): `kavosh index --engine opensearch` creates an index whose text fields use
//! the plugin's tokenizers and sends it the articles kavosh reads, by the bulk API
//! ([`store`]); `kavosh search --engine opensearch` makes the query plan against the
//! cluster's vocabulary (`vocabulary`), compiles it to the query DSL ([`compile`]) and
//! builds the same answer as the embedded engine: its best hits re-ordered, its passages
//! and highlights from the stored originals, by the embedded engine's code ([`search`]).

mod client;
pub mod compile;
pub mod search;
pub mod store;
mod vocabulary;

pub use client::Client;
pub use search::ClusterSearcher;
pub use store::{index, ClusterIndex, Layout};
