//! One search on every core, when the cores are free: its segments are matched, and its
//! hits read and highlighted, in parallel on one pool of as many threads as the machine
//! has cores (`RAYON_NUM_THREADS` sets fewer). Such a search runs wholly in the pool, so
//! that its parallel steps start on threads already at work rather than woken from
//! outside (from the caller's thread, reading the hits in parallel was slower than
//! reading them one by one: 3.43 against 3.24 ms at 115k).
//!
//! One search at a time runs so. A search that starts while another is in the pool runs
//! on its caller's thread, every step one after another: many searches at once already
//! keep every core busy, and in the pool a search waiting for its own parallel steps
//! takes up other searches' whole work meanwhile. With every search in the pool, eight
//! clients of `kavosh serve` got 8% fewer answers a second and a p99 2.5 times as long
//! (README: Load).

use std::cell::Cell;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, LazyLock};

use rayon::prelude::*;
use rayon::{ThreadPool, ThreadPoolBuilder};
use tantivy::collector::Collector;
use tantivy::query::{EnableScoring, Query};
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

/// Whether a search is in the pool.
static IN_POOL: AtomicBool = AtomicBool::new(false);

thread_local! {
    /// Whether this thread runs a search one step after another.
    static ONE_BY_ONE: Cell<bool> = const { Cell::new(false) };
}

/// Runs `search` in the pool if no other search is there, else on this thread one step
/// after another, and gives its answer.
pub(super) fn run<R: Send>(search: impl FnOnce() -> R + Send) -> R {
    if IN_POOL.swap(true, Ordering::Acquire) {
        let _one_by_one = OneByOne(ONE_BY_ONE.replace(true));
        return search();
    }
    let _in_pool = InPool;
    POOL.install(search)
}

/// Leaves the pool to the next search, even if this one panics.
struct InPool;

impl Drop for InPool {
    fn drop(&mut self) {
        IN_POOL.store(false, Ordering::Release);
    }
}

/// Gives the thread back its mode (a server's thread runs the next search), even if
/// this search panics.
struct OneByOne(bool);

impl Drop for OneByOne {
    fn drop(&mut self) {
        ONE_BY_ONE.set(self.0);
    }
}

/// `collector`'s fruit of `query`, as `Searcher::search` gives it, its segments on
/// [`executor`].
pub(super) fn search<C: Collector>(
    searcher: &tantivy::Searcher,
    query: &dyn Query,
    collector: &C,
) -> tantivy::Result<C::Fruit> {
    let scoring = match collector.requires_scoring() {
        true => EnableScoring::enabled_from_searcher(searcher),
        false => EnableScoring::disabled_from_searcher(searcher),
    };
    searcher.search_with_executor(query, collector, &executor(), scoring)
}

/// For tantivy's own collectors: the pool, or this thread for a search one step after
/// another.
fn executor() -> Executor {
    match ONE_BY_ONE.get() {
        true => Executor::single_thread(),
        false => Executor::ThreadPool(POOL.clone()),
    }
}

/// `each` of `items`, in parallel unless this search runs one step after another; the
/// answers in the items' order.
pub(super) fn map<T: Send, R: Send>(
    items: Vec<T>,
    each: impl Fn(T) -> Result<R> + Sync + Send,
) -> Result<Vec<R>> {
    match ONE_BY_ONE.get() {
        true => items.into_iter().map(each).collect(),
        false => items.into_par_iter().map(each).collect(),
    }
}

/// `each` of the segments of `searcher`, with their ordinals (see [`map`]).
pub(super) fn per_segment<R: Send>(
    searcher: &tantivy::Searcher,
    each: impl Fn(SegmentOrdinal, &SegmentReader) -> Result<R> + Sync + Send,
) -> Result<Vec<R>> {
    let segments: Vec<(SegmentOrdinal, &SegmentReader)> =
        (0..).zip(searcher.segment_readers()).collect();
    map(segments, |(ordinal, segment)| each(ordinal, segment))
}
