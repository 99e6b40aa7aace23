//! Search latency: the 2,739 real Persian queries of ../shared/data/queries (MIRACL fa,
//! dev + train) against the 114k-article index that `benches/ingest.sh` builds, top 10
//! with one highlighted passage each, and the same without passages, in one run. One
//! searcher is reused for all queries, as `kavosh search --queries` does.
//!
//! `bash benches/ingest.sh && cargo bench --bench search`
//! (index: $KAVOSH_BENCH_INDEX, default /tmp/kavosh-bench/index-kavosh).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use kavosh::index::KavoshIndex;
use kavosh::search::{read_queries, SearchOptions, Searcher};

fn percentile(sorted: &[Duration], fraction: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * fraction).round() as usize;
    sorted[index]
}

fn run(
    searcher: &Searcher,
    queries: &[String],
    options: &SearchOptions,
) -> (Vec<Duration>, Duration, usize) {
    let mut latencies = Vec::with_capacity(queries.len());
    let mut found = 0;
    let started = Instant::now();
    for query in queries {
        let began = Instant::now();
        let results = searcher.search(query, options).expect("the query runs");
        latencies.push(began.elapsed());
        found += usize::from(!results.hits.is_empty());
    }
    let elapsed = started.elapsed();
    latencies.sort();
    (latencies, elapsed, found)
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let index_dir = std::env::var_os("KAVOSH_BENCH_INDEX")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/tmp/kavosh-bench/index-kavosh"));
    let query_dir = root.join("../shared/data/queries");
    let Ok(index) = KavoshIndex::open(&index_dir) else {
        println!(
            "skipped: no index at {} (run `bash benches/ingest.sh` first)",
            index_dir.display()
        );
        return;
    };
    let mut queries = Vec::new();
    for name in [
        "topics.miracl-v1.0-fa-dev.tsv",
        "topics.miracl-v1.0-fa-train.tsv",
    ] {
        match read_queries(&query_dir.join(name)) {
            Ok(file) => queries.extend(file.into_iter().map(|query| query.text)),
            Err(error) => {
                println!("skipped: {error}");
                return;
            }
        }
    }
    let searcher = Searcher::new(index).expect("the index opens");
    let with_passages = SearchOptions::default();
    let without_passages = SearchOptions {
        passages: 0,
        ..SearchOptions::default()
    };
    // Warm the page cache and the searcher once.
    run(&searcher, &queries, &without_passages);
    println!(
        "{} queries against {}, top 10, one searcher, one thread",
        queries.len(),
        index_dir.display()
    );
    println!("| run | p50 ms | p95 ms | p99 ms | max ms | queries/s | found |");
    println!("|---|---:|---:|---:|---:|---:|---:|");
    // Copies of one story collapsed into one hit (the default), and every article its
    // own hit (`--no-collapse`), one after the other (README: Stories).
    let every_article = |options: &SearchOptions| SearchOptions {
        collapse: false,
        ..options.clone()
    };
    for (label, options) in [
        ("with passages", &with_passages),
        (
            "with passages, every article",
            &every_article(&with_passages),
        ),
        ("without passages", &without_passages),
        (
            "without passages, every article",
            &every_article(&without_passages),
        ),
    ] {
        let (latencies, elapsed, found) = run(&searcher, &queries, options);
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        println!(
            "| {label} | {:.2} | {:.2} | {:.2} | {:.2} | {:.0} | {found} |",
            ms(percentile(&latencies, 0.50)),
            ms(percentile(&latencies, 0.95)),
            ms(percentile(&latencies, 0.99)),
            ms(*latencies.last().unwrap()),
            queries.len() as f64 / elapsed.as_secs_f64(),
        );
    }
}
