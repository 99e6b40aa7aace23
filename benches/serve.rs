//! Load on loopback (issue 13): the 2,739 real Persian queries of ../shared/data/queries
//! sent to `kavosh serve` by 1, 8 and 32 clients (each a thread with one keep-alive
//! connection), beside the in-process searcher answering the same queries with as many
//! threads, in one run; then the same queries, over and over with 8 clients, while
//! `kavosh index --rebuild` rebuilds the served index from its folder in another
//! process: every request must succeed. Each search is what `/api/search?q=` does by
//! default: top 10, one passage each, facets. One client's passes alternate between the
//! two, three times, and the time on the server's search thread (its `Server-Timing`
//! header) is reported beside them, which splits HTTP's cost into the search's and the
//! rest (HTTP, the hop back from the thread). Stops by itself.
//!
//! `cargo bench --bench serve` (index: $KAVOSH_BENCH_INDEX, default
//! /tmp/kavosh-bench/index-kavosh, rebuilt in place from $KAVOSH_BENCH_FOLDER, default
//! /tmp/kavosh-bench/news-txt-x10; `bash benches/ingest.sh` makes both).

#[path = "../tests/common/mod.rs"]
mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use kavosh::index::KavoshIndex;
use kavosh::search::{read_queries, SearchOptions, Searcher};

/// How many times one client's searches run in-process and over HTTP, in turn.
const ONE_CLIENT_ROUNDS: usize = 3;

/// What one request got: an answer (with its time on the server's search thread, when
/// the server says), or none.
enum Answer {
    Answered { server: Option<Duration> },
    Failed,
}

/// Latencies of one run, the server's search thread's share of them, its wall time and
/// its failed requests.
#[derive(Default)]
struct Run {
    latencies: Vec<Duration>,
    server: Vec<Duration>,
    elapsed: Duration,
    failed: usize,
}

impl Run {
    fn add(&mut self, other: Run) {
        self.latencies.extend(other.latencies);
        self.server.extend(other.server);
        self.elapsed += other.elapsed;
        self.failed += other.failed;
    }

    fn throughput(&self) -> f64 {
        self.latencies.len() as f64 / self.elapsed.as_secs_f64()
    }

    fn p50(&self) -> f64 {
        milliseconds(&self.latencies, 0.50)
    }

    fn row(&self, label: &str, clients: usize) {
        println!(
            "| {label} | {clients} | {} | {:.2} | {:.2} | {:.0} | {} |",
            self.latencies.len(),
            self.p50(),
            milliseconds(&self.latencies, 0.99),
            self.throughput(),
            self.failed
        );
    }
}

/// The `fraction` quantile of `durations`, in milliseconds.
fn milliseconds(durations: &[Duration], fraction: f64) -> f64 {
    let mut sorted = durations.to_vec();
    sorted.sort();
    let index = ((sorted.len() as f64 - 1.0) * fraction).round() as usize;
    sorted[index].as_secs_f64() * 1000.0
}

/// `clients` threads take the next of `count` jobs until none is left.
fn load<S>(
    count: usize,
    clients: usize,
    setup: impl Fn() -> S + Sync,
    job: impl Fn(&mut S, usize) -> Answer + Sync,
) -> Run {
    let next = AtomicUsize::new(0);
    let started = Instant::now();
    let per_client: Vec<Run> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..clients)
            .map(|_| {
                scope.spawn(|| {
                    let mut state = setup();
                    let mut run = Run::default();
                    loop {
                        let index = next.fetch_add(1, Ordering::Relaxed);
                        if index >= count {
                            return run;
                        }
                        let began = Instant::now();
                        let answer = job(&mut state, index);
                        run.latencies.push(began.elapsed());
                        match answer {
                            Answer::Answered { server } => run.server.extend(server),
                            Answer::Failed => run.failed += 1,
                        }
                    }
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().unwrap()).collect()
    });
    let mut total = Run::default();
    for run in per_client {
        total.add(run);
    }
    total.elapsed = started.elapsed();
    total
}

/// One keep-alive connection to the server.
struct Connection {
    stream: BufReader<TcpStream>,
}

impl Connection {
    fn open(addr: &str) -> std::io::Result<Connection> {
        let stream = TcpStream::connect(addr)?;
        stream.set_nodelay(true)?;
        stream.set_read_timeout(Some(Duration::from_secs(60)))?;
        Ok(Connection {
            stream: BufReader::new(stream),
        })
    }

    /// GETs `path`: the status and the time on the server's search thread
    /// (`Server-Timing`: waiting for it and working), its body read and dropped.
    fn get(&mut self, path: &str) -> std::io::Result<(u16, Option<Duration>)> {
        let request = format!("GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n");
        self.stream.get_mut().write_all(request.as_bytes())?;
        let mut line = String::new();
        self.stream.read_line(&mut line)?;
        let status = line
            .split_whitespace()
            .nth(1)
            .and_then(|code| code.parse().ok())
            .ok_or_else(|| std::io::Error::other(format!("no status in {line:?}")))?;
        let (mut length, mut server) = (None, None);
        loop {
            line.clear();
            self.stream.read_line(&mut line)?;
            let header = line.trim_end();
            if header.is_empty() {
                break;
            }
            if let Some((name, value)) = header.split_once(':') {
                if name.eq_ignore_ascii_case("content-length") {
                    length = value.trim().parse::<usize>().ok();
                } else if name.eq_ignore_ascii_case("server-timing") {
                    server = server_time(value);
                }
            }
        }
        let length = length.ok_or_else(|| std::io::Error::other("no content-length"))?;
        let mut body = vec![0; length];
        self.stream.read_exact(&mut body)?;
        Ok((status, server))
    }
}

/// The sum of a `Server-Timing` header's durations (`wait;dur=0.031, work;dur=3.8`).
fn server_time(header: &str) -> Option<Duration> {
    let mut milliseconds = 0.0;
    for metric in header.split(',') {
        let (_, duration) = metric.split_once(";dur=")?;
        milliseconds += duration.trim().parse::<f64>().ok()?;
    }
    Some(Duration::from_secs_f64(milliseconds / 1000.0))
}

/// Requests over HTTP: each client reconnects after a failure, which counts.
fn over_http(addr: &str, paths: &[String], clients: usize) -> Run {
    load(
        paths.len(),
        clients,
        || Connection::open(addr).ok(),
        |connection, index| {
            let answer = connection
                .as_mut()
                .map(|connection| connection.get(&paths[index]));
            match answer {
                Some(Ok((200, server))) => Answer::Answered { server },
                Some(Ok(_)) => Answer::Failed,
                _ => {
                    *connection = Connection::open(addr).ok();
                    Answer::Failed
                }
            }
        },
    )
}

fn env_path(name: &str, default: &str) -> PathBuf {
    std::env::var_os(name).map_or_else(|| PathBuf::from(default), PathBuf::from)
}

fn main() {
    let index_dir = env_path("KAVOSH_BENCH_INDEX", "/tmp/kavosh-bench/index-kavosh");
    let folder = env_path("KAVOSH_BENCH_FOLDER", "/tmp/kavosh-bench/news-txt-x10");
    let Ok(index) = KavoshIndex::open(&index_dir) else {
        println!(
            "skipped: no index at {} (run `bash benches/ingest.sh` first)",
            index_dir.display()
        );
        return;
    };
    let Some(query_dir) = common::shared_data("queries") else {
        return;
    };
    let mut queries = Vec::new();
    for name in [
        "topics.miracl-v1.0-fa-dev.tsv",
        "topics.miracl-v1.0-fa-train.tsv",
    ] {
        let file = read_queries(&query_dir.join(name)).expect("the query file reads");
        queries.extend(file.into_iter().map(|query| query.text));
    }
    let paths: Vec<String> = queries
        .iter()
        .map(|query| format!("/api/search?q={}", common::encode(query)))
        .collect();
    let articles = index.stats().expect("stats").articles;
    let searcher = Searcher::following_commits(index).expect("the index opens");
    let options = SearchOptions {
        facets: true,
        ..SearchOptions::default()
    };
    let answered = |ok: bool| {
        if ok {
            Answer::Answered { server: None }
        } else {
            Answer::Failed
        }
    };
    let search =
        |_: &mut (), index: usize| answered(searcher.search(&queries[index], &options).is_ok());
    let (_server, url) = common::start_server(&index_dir);
    let addr = url.trim_start_matches("http://").trim_end_matches('/');
    // Warm the page cache, and both searchers' per-segment columns.
    load(queries.len(), 2, || (), search);
    over_http(addr, &paths, 2);
    println!(
        "{} queries against {} ({articles} articles), {} cores; top 10, one passage, facets",
        queries.len(),
        index_dir.display(),
        std::thread::available_parallelism().map_or(1, usize::from)
    );
    println!("| run | clients | requests | p50 ms | p99 ms | queries/s | failed |");
    println!("|---|---:|---:|---:|---:|---:|---:|");
    let plain = SearchOptions::default();
    load(
        queries.len(),
        1,
        || (),
        |_, index| answered(searcher.search(&queries[index], &plain).is_ok()),
    )
    .row("in-process searcher, without facets", 1);
    // One client's passes alternate, in-process then HTTP, so that the machine's drift
    // (other processes, a busier host) falls on both alike.
    let (mut in_process, mut http, mut gaps) = (Run::default(), Run::default(), Vec::new());
    for _ in 0..ONE_CLIENT_ROUNDS {
        let local = load(queries.len(), 1, || (), search);
        let remote = over_http(addr, &paths, 1);
        gaps.push(format!("{:.2}", remote.p50() - local.p50()));
        in_process.add(local);
        http.add(remote);
    }
    in_process.row("in-process searcher", 1);
    http.row("HTTP, kavosh serve", 1);
    let mut eight_clients_speedup = 0.0;
    for clients in [8, 32] {
        load(queries.len(), clients, || (), search).row("in-process searcher", clients);
        let remote = over_http(addr, &paths, clients);
        remote.row("HTTP, kavosh serve", clients);
        if clients == 8 {
            eight_clients_speedup = remote.throughput() / http.throughput();
        }
    }
    println!();
    println!(
        "one client, {ONE_CLIENT_ROUNDS} alternating passes each: HTTP p50 - in-process p50 = \
         {:.2} ms ({} pass by pass); on the server's search thread (Server-Timing: waiting \
         for it and working) p50 {:.2} ms; 8 clients {:.2}x one client's queries/s",
        http.p50() - in_process.p50(),
        gaps.join(", "),
        milliseconds(&http.server, 0.50),
        eight_clients_speedup,
    );
    if !folder.is_dir() {
        println!(
            "skipped the re-indexing run: no folder {}",
            folder.display()
        );
        return;
    }
    let mut rebuild = Command::new(env!("CARGO_BIN_EXE_kavosh"))
        .args(["index", folder.to_str().unwrap(), "--rebuild", "--quiet"])
        .args(["--index", index_dir.to_str().unwrap()])
        .spawn()
        .expect("kavosh index starts");
    let started = Instant::now();
    let mut during = Run::default();
    let rebuilt = loop {
        during.add(over_http(addr, &paths, 8));
        if let Some(status) = rebuild.try_wait().unwrap() {
            break status;
        }
    };
    // And a pass after the commit, on the new segments the server reloaded.
    during.add(over_http(addr, &paths, 8));
    during.elapsed = started.elapsed();
    during.row("HTTP while `kavosh index --rebuild` runs", 8);
    let after = searcher.index().stats().expect("stats").articles;
    println!(
        "re-index {} in {:.1} s; {articles} articles before, {after} after",
        if rebuilt.success() {
            "succeeded"
        } else {
            "FAILED"
        },
        started.elapsed().as_secs_f64()
    );
}
