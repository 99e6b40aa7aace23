//! Search latency: the 2,739 real Persian queries of ../shared/data/queries (MIRACL fa,
//! dev + train) against a kavosh index, top 10 with one highlighted passage each, then by
//! date, with a date filter, with the page's facets and without passages; and in the same
//! run, what a user would pick instead: plain tantivy (default tokenizer, title + body,
//! the top 10 with their stored documents) on the same articles, before and after, so
//! the machine's drift shows, once with a snippet of each body from tantivy's own
//! `SnippetGenerator`, and once searching its segments on every core, as kavosh does.
//! Last, collapsed by story against every article, with one passage and without, the
//! two taken in turn on each query (issue 24's collapse gap, free of the drift between
//! rows).
//! One searcher is reused for all queries, one query at a time, as
//! `kavosh search --queries` does.
//!
//! `bash benches/ingest.sh && cargo bench --bench search`
//! (indexes: $KAVOSH_BENCH_INDEX, default /tmp/kavosh-bench/index-kavosh, and
//! $KAVOSH_BENCH_PLAIN_INDEX, default /tmp/kavosh-bench/index-plain, built by
//! `examples/plain_tantivy.rs`; `benches/scale.sh` runs it at each size).

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use kavosh::index::KavoshIndex;
use kavosh::search::{read_queries, Filters, SearchOptions, Searcher, SortOrder};
use tantivy::collector::TopDocs;
use tantivy::query::QueryParser;
use tantivy::schema::Field;
use tantivy::snippet::SnippetGenerator;
use tantivy::{Index, TantivyDocument};

fn percentile(sorted: &[Duration], fraction: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * fraction).round() as usize;
    sorted[index]
}

/// Each query's latency, sorted, the whole run's time, and how many found something.
struct Run {
    latencies: Vec<Duration>,
    elapsed: Duration,
    found: usize,
}

impl Run {
    fn new() -> Self {
        Run {
            latencies: Vec::new(),
            elapsed: Duration::ZERO,
            found: 0,
        }
    }

    /// Times one search of `query`.
    fn time(&mut self, query: &str, search: &mut impl FnMut(&str) -> bool) {
        let began = Instant::now();
        self.found += usize::from(search(query));
        let took = began.elapsed();
        self.latencies.push(took);
        self.elapsed += took;
    }

    fn sorted(mut self) -> Self {
        self.latencies.sort();
        self
    }
}

/// A kavosh search with `options`: whether it finds something.
fn finds<'a>(searcher: &'a Searcher, options: &'a SearchOptions) -> impl FnMut(&str) -> bool + 'a {
    move |query| {
        !searcher
            .search(query, options)
            .expect("the query runs")
            .hits
            .is_empty()
    }
}

fn run(queries: &[String], mut search: impl FnMut(&str) -> bool) -> Run {
    let mut run = Run::new();
    for query in queries {
        run.time(query, &mut search);
    }
    run.sorted()
}

/// Two ways of searching taken in turn on each query, each first on every other one, so
/// that the machine's drift (between the rows of a run, tenths of a millisecond at 115k)
/// falls on both alike: how issue 24's collapse gap is measured.
fn paired(
    queries: &[String],
    mut one: impl FnMut(&str) -> bool,
    mut other: impl FnMut(&str) -> bool,
) -> (Run, Run) {
    let (mut ones, mut others) = (Run::new(), Run::new());
    for (at, query) in queries.iter().enumerate() {
        if at % 2 == 0 {
            ones.time(query, &mut one);
            others.time(query, &mut other);
        } else {
            others.time(query, &mut other);
            ones.time(query, &mut one);
        }
    }
    (ones.sorted(), others.sorted())
}

/// Plain tantivy as its users search: the default query parser over title and body
/// (any word), the top 10 by BM25 with their stored documents.
struct Plain {
    searcher: tantivy::Searcher,
    parser: QueryParser,
    body: Field,
}

impl Plain {
    /// Searching its segments on one thread (tantivy's default) or, `on_every_core`, in
    /// parallel on as many threads as there are cores, as kavosh does.
    fn open(dir: &Path, on_every_core: bool) -> Option<Plain> {
        let mut index = Index::open_in_dir(dir).ok()?;
        if on_every_core {
            index.set_default_multithread_executor().ok()?;
        }
        let schema = index.schema();
        let fields = ["title", "body"].map(|name| schema.get_field(name).ok());
        let [Some(title), Some(body)] = fields else {
            return None;
        };
        let parser = QueryParser::for_index(&index, vec![title, body]);
        let searcher = index.reader().ok()?.searcher();
        Some(Plain {
            searcher,
            parser,
            body,
        })
    }

    fn search(&self, query: &str) -> bool {
        self.search_with(query, None)
    }

    /// With a highlighted passage of `chars` from each body, as a tantivy user gets one:
    /// its own `SnippetGenerator`, made per query.
    fn search_with(&self, query: &str, snippet_chars: Option<usize>) -> bool {
        let (query, _errors) = self.parser.parse_query_lenient(query);
        let top = self
            .searcher
            .search(&query, &TopDocs::with_limit(10).order_by_score())
            .expect("the query runs");
        let snippets = snippet_chars.map(|chars| {
            let mut generator = SnippetGenerator::create(&self.searcher, &*query, self.body)
                .expect("the snippet generator is made");
            generator.set_max_num_chars(chars);
            generator
        });
        for (_, address) in &top {
            let document: TantivyDocument =
                self.searcher.doc(*address).expect("the document reads");
            if let Some(snippets) = &snippets {
                black_box(snippets.snippet_from_doc(&document).to_html());
            }
        }
        !top.is_empty()
    }
}

fn load() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|text| {
            text.split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_default()
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = |variable: &str, default: &str| {
        std::env::var_os(variable)
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(default))
    };
    let index_dir = dir("KAVOSH_BENCH_INDEX", "/tmp/kavosh-bench/index-kavosh");
    let plain_dir = dir("KAVOSH_BENCH_PLAIN_INDEX", "/tmp/kavosh-bench/index-plain");
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
    let plain = Plain::open(&plain_dir, false);
    let plain_on_every_core = Plain::open(&plain_dir, true);
    let passage = SearchOptions::default();
    let variants = [
        ("kavosh, one passage", passage.clone()),
        (
            "kavosh, one passage, --sort date",
            SearchOptions {
                sort: SortOrder::Date,
                ..passage.clone()
            },
        ),
        (
            "kavosh, one passage, --from 2020-01 --to 2020-06",
            SearchOptions {
                filters: Filters::parse(Some("2020-01"), Some("2020-06"), None)
                    .expect("dates parse"),
                ..passage.clone()
            },
        ),
        (
            "kavosh, one passage, facets (the page)",
            SearchOptions {
                facets: true,
                ..passage.clone()
            },
        ),
        (
            "kavosh, no passage",
            SearchOptions {
                passages: 0,
                ..passage.clone()
            },
        ),
        // Copies of one story collapsed into one hit (the default, above), and every
        // article its own hit (`--no-collapse`; README: Stories).
        (
            "kavosh, one passage, every article (--no-collapse)",
            SearchOptions {
                collapse: false,
                ..passage.clone()
            },
        ),
        (
            "kavosh, no passage, every article",
            SearchOptions {
                passages: 0,
                collapse: false,
                ..passage.clone()
            },
        ),
        (
            "kavosh, one passage, --expand",
            SearchOptions {
                expand: true,
                ..passage.clone()
            },
        ),
    ];
    let kavosh = |options: &SearchOptions| run(&queries, finds(&searcher, options));
    // Warm the page cache and both searchers on a tenth of the queries.
    let warm = &queries[..queries.len() / 10];
    run(warm, |query| searcher.search(query, &passage).is_ok());
    if let Some(plain) = &plain {
        run(warm, |query| plain.search(query));
    }
    println!(
        "{} queries against {} ({} articles), top 10, one searcher, one query at a time on {} cores; load {}",
        queries.len(),
        index_dir.display(),
        searcher
            .index()
            .tantivy()
            .reader()
            .map_or(0, |r| r.searcher().num_docs()),
        std::thread::available_parallelism().map_or(1, usize::from),
        load()
    );
    println!(
        "| run | mean ms | p50 ms | p95 ms | p99 ms | max ms | queries/s | found | mean vs plain |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    let queries_count = queries.len();
    let print = |label: &str, run: Run, baseline: Option<f64>| {
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        let mean = ms(run.elapsed) / queries_count as f64;
        let ratio = baseline.map_or(String::new(), |plain| format!("{:.2}x", mean / plain));
        println!(
            "| {label} | {mean:.2} | {:.2} | {:.2} | {:.2} | {:.2} | {:.0} | {} | {ratio} |",
            ms(percentile(&run.latencies, 0.50)),
            ms(percentile(&run.latencies, 0.95)),
            ms(percentile(&run.latencies, 0.99)),
            ms(*run.latencies.last().expect("queries")),
            queries_count as f64 / run.elapsed.as_secs_f64(),
            run.found,
        );
        mean
    };
    let baseline = match &plain {
        Some(plain) => Some(print(
            "plain tantivy, top 10 with documents",
            run(&queries, |query| plain.search(query)),
            None,
        )),
        None => {
            println!("(no plain tantivy index at {})", plain_dir.display());
            None
        }
    };
    for (label, options) in &variants {
        print(label, kavosh(options), baseline);
    }
    for passages in [1, 0] {
        let collapsed = SearchOptions {
            passages,
            ..passage.clone()
        };
        let every_article = SearchOptions {
            collapse: false,
            ..collapsed.clone()
        };
        let (with, without) = paired(
            &queries,
            finds(&searcher, &collapsed),
            finds(&searcher, &every_article),
        );
        let p50 = |run: &Run| percentile(&run.latencies, 0.5).as_secs_f64() * 1000.0;
        let gap = p50(&with) - p50(&without);
        print(
            &format!("kavosh, {passages} passage(s), collapsed, paired with the next row"),
            with,
            baseline,
        );
        print(
            &format!("kavosh, {passages} passage(s), every article, paired (collapse gap at p50: {gap:.2} ms)"),
            without,
            baseline,
        );
    }
    if let Some(plain) = &plain {
        // What a tantivy user who wants passages too would run: the baseline stays the
        // top 10 with their documents, as issue 25 set it.
        print(
            "plain tantivy, top 10 with a snippet of each body",
            run(&queries, |query| {
                plain.search_with(query, Some(passage.passage_chars))
            }),
            baseline,
        );
    }
    if let Some(plain) = &plain_on_every_core {
        // Like for like: kavosh searches a query's segments on every core.
        print(
            "plain tantivy, top 10 with documents, segments on every core",
            run(&queries, |query| plain.search(query)),
            baseline,
        );
    }
    if let Some(plain) = &plain {
        print(
            "plain tantivy, again",
            run(&queries, |query| plain.search(query)),
            baseline,
        );
    }
}
