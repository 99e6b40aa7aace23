//! The library's errors. Each names what failed (a path, a line) and why; `main` reports
//! it once.

use std::path::PathBuf;

use thiserror::Error;

#[derive(Debug, Error)]
pub enum Error {
    #[error("no kavosh index at {path} (run `kavosh index` first)")]
    NoIndex { path: PathBuf },

    #[error("{path} is not a kavosh index: {reason}")]
    NotAnIndex { path: PathBuf, reason: &'static str },

    #[error("{path}: no such file or folder to index")]
    NoSuchInput { path: PathBuf },

    #[error("cannot open the index at {path}: {source}")]
    OpenIndex {
        path: PathBuf,
        #[source]
        source: tantivy::TantivyError,
    },

    #[error("the index at {path} was not made by this kavosh: {reason}")]
    IncompatibleIndex { path: PathBuf, reason: String },

    #[error("another kavosh index is writing to {path}; wait for it to finish")]
    Locked { path: PathBuf },

    #[error("index error: {0}")]
    Index(#[from] tantivy::TantivyError),

    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("{path}:{line}: {reason}")]
    BadQueryLine {
        path: PathBuf,
        line: usize,
        reason: String,
    },

    #[error(
        "`{value}` is not a date (write 2024-03-20, 2024-03, 2024, ۱۴۰۳/۰۱/۰۱, ۱۴۰۳/۰۱ or ۱۴۰۳)"
    )]
    BadDate { value: String },

    #[error("no article has the source `{name}`; the closest: {closest} (`kavosh stats` lists every source)")]
    UnknownSource { name: String, closest: String },

    #[error("no article has the id `{id}` (a hit's id is the first thing under its title in `kavosh search`)")]
    UnknownArticle { id: String },

    #[error("cannot serve on {addr}: {source}")]
    Listen {
        addr: std::net::SocketAddr,
        #[source]
        source: std::io::Error,
    },

    #[error("cannot write output: {0}")]
    Output(#[source] std::io::Error),

    /// An OpenSearch cluster could not be reached, was red or slow, or refused a request.
    #[error("OpenSearch at {url}: {reason}")]
    Cluster { url: String, reason: String },
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
