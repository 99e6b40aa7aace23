//! One search on every core: its segments are matched, and its hits read and
//! highlighted, in parallel, on one pool of as many threads as the machine has cores
//! (`RAYON_NUM_THREADS` sets fewer). The whole search runs in the pool, so that its
//! parallel steps start on threads that are already at work rather than woken from
//! outside: from the caller's thread, reading the hits in parallel was slower than
//! reading them one by one (README: Scale).

use std::sync::{Arc, LazyLock};

use rayon::prelude::*;
use rayon::{ThreadPool, ThreadPoolBuilder};
use tantivy::{Executor, SegmentOrdinal, SegmentReader};

use crate::error::Result;

static POOL: LazyLock<Arc<ThreadPool>> = LazyLock::new(|| {
    Arc::new(
        ThreadPoolBuilder::new()
            .thread_name(|number| format!("kavosh-search-{number}"))
            .build()
            .expect("the search threads start"),
    )
});

/// Runs `search` in the pool, and waits for its answer.
pub(super) fn install<R: Send>(search: impl FnOnce() -> R + Send) -> R {
    POOL.install(search)
}

/// The pool as tantivy's executor, for its own collectors.
pub(super) fn executor() -> Executor {
    Executor::ThreadPool(POOL.clone())
}

/// `each` of the segments of `searcher`, with their ordinals, in parallel; the answers
/// in the segments' order.
pub(super) fn per_segment<R: Send>(
    searcher: &tantivy::Searcher,
    each: impl Fn(SegmentOrdinal, &SegmentReader) -> Result<R> + Sync,
) -> Result<Vec<R>> {
    searcher
        .segment_readers()
        .par_iter()
        .enumerate()
        .map(|(ordinal, segment)| each(ordinal as SegmentOrdinal, segment))
        .collect()
}
