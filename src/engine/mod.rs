//! Engines other than the embedded tantivy index that kavosh's commands can run on: an
//! OpenSearch cluster with the kavosh plugin ([`opensearch`]). The articles are read, and
//! the answers built, by the same code as for the embedded index.

pub mod opensearch;
