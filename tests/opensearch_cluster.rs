//! Against a running OpenSearch cluster with the kavosh plugin (`opensearch/cluster start`),
//! named by `KAVOSH_OPENSEARCH_URL`. Without it each test says loudly that it is skipped;
//! `.ci/run` starts the cluster and runs these with it, so CI always has one.
//!
//! The tests take one lock: they share the cluster, and one of them kills a node.
mod common;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Mutex, MutexGuard, OnceLock};

use kavosh::eval::{mean, read_qrels, score_query};
use kavosh::ingest;
use kavosh_analysis::Analyzer;
use serde_json::{json, Value};

static CLUSTER: Mutex<()> = Mutex::new(());

/// The cluster to oneself (a failed test before does not poison it for the others).
fn lock() -> MutexGuard<'static, ()> {
    CLUSTER
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// `kavosh ARGS --engine opensearch --url URL`, failing the test on an error.
fn on_cluster(url: &str, args: &[&str]) -> String {
    let mut all = args.to_vec();
    all.extend(["--engine", "opensearch", "--url", url]);
    let output = common::kavosh(&all);
    assert_ne!(output.status.code(), Some(2), "{}", common::stderr(&output));
    common::stdout(&output)
}

/// The news set indexed into the cluster (3 shards, 1 replica) as `kavosh-test-news`:
/// made on the first call, then brought up to date (an incremental run: nothing to read).
fn news_on_cluster(url: &str) -> Option<&'static str> {
    const NAME: &str = "kavosh-test-news";
    let news = common::shared_data("news")?;
    let news = news.to_str().unwrap();
    on_cluster(
        url,
        &[
            "index",
            news,
            "--index",
            NAME,
            "--shards",
            "3",
            "--replicas",
            "1",
            "--quiet",
        ],
    );
    Some(NAME)
}

/// The cluster (locked), its URL, and the news set on it and in an embedded index.
type News = (MutexGuard<'static, ()>, String, &'static str, &'static Path);

fn news() -> Option<News> {
    let cluster_lock = lock();
    let url = cluster()?;
    let name = news_on_cluster(&url)?;
    Some((cluster_lock, url, name, news_embedded()?))
}

/// `kavosh search QUERY --index NAME --format json ARGS` on the cluster.
fn search_on_cluster(url: &str, name: &str, query: &str, args: &[&str]) -> Value {
    let mut all = vec!["search", query, "--index", name, "--format", "json"];
    all.extend(args);
    serde_json::from_str(&on_cluster(url, &all)).unwrap()
}

/// The news set in an embedded index, made once for all tests.
fn news_embedded() -> Option<&'static Path> {
    static INDEX: OnceLock<tempfile::TempDir> = OnceLock::new();
    let news = common::shared_data("news")?;
    let index = INDEX.get_or_init(|| {
        let index = tempfile::tempdir().unwrap();
        common::index_paths(&[&news], index.path());
        index
    });
    Some(index.path())
}

/// The answers, one JSON object a query, to the queries of `file`.
fn answers(output: &str) -> Vec<Value> {
    output
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

/// `kavosh search --queries FILE ARGS` on the embedded index.
fn embedded_answers(index: &Path, queries: &Path, args: &[&str]) -> Vec<Value> {
    let mut all = vec!["search", "--queries", queries.to_str().unwrap()];
    all.extend(["--index", index.to_str().unwrap(), "--format", "json"]);
    all.extend(args);
    let output = common::kavosh(&all);
    assert_ne!(output.status.code(), Some(2), "{}", common::stderr(&output));
    answers(&common::stdout(&output))
}

/// Mean overlap of the top hits (1 for two empty lists) and the share of identical lists.
fn agreement(ours: &[Value], theirs: &[Value]) -> (f64, f64) {
    assert_eq!(ours.len(), theirs.len());
    let (mut overlap, mut identical) = (0.0, 0);
    for (a, b) in ours.iter().zip(theirs) {
        let (a, b) = (common::hit_ids(a), common::hit_ids(b));
        let longer = a.len().max(b.len());
        overlap += if longer == 0 {
            1.0
        } else {
            a.iter().filter(|id| b.contains(id)).count() as f64 / longer as f64
        };
        identical += usize::from(a == b);
    }
    let count = ours.len() as f64;
    (overlap / count, identical as f64 / count)
}

/// The cluster's URL, or `None` (skipped, loudly) when none is named.
fn cluster() -> Option<String> {
    let url = std::env::var("KAVOSH_OPENSEARCH_URL").ok();
    if url.is_none() {
        eprintln!(
            "!!! SKIPPED: no OpenSearch cluster; start one with opensearch/cluster start and set \
             KAVOSH_OPENSEARCH_URL=http://127.0.0.1:9200"
        );
    }
    url
}

/// The tokens OpenSearch's `_analyze` gives for `text`, as (term, start, end, position)
/// with offsets in UTF-16 units.
fn analyze_on(url: &str, tokenizer: &str, text: &str) -> Vec<(String, u64, u64, u64)> {
    let answer: Value = ureq::post(&format!("{url}/_analyze"))
        .send_json(json!({"tokenizer": tokenizer, "text": text}))
        .unwrap_or_else(|error| panic!("_analyze on {url}: {error}"))
        .into_json()
        .unwrap();
    answer["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .map(|token| {
            let number = |key: &str| token[key].as_u64().unwrap();
            let term = token["token"].as_str().unwrap().to_string();
            (
                term,
                number("start_offset"),
                number("end_offset"),
                number("position"),
            )
        })
        .collect()
}

/// The crate's tokens of `text`, in the same shape.
fn crate_tokens(analyzer: &Analyzer, text: &str) -> Vec<(String, u64, u64, u64)> {
    let units = |byte: usize| text[..byte].encode_utf16().count() as u64;
    analyzer
        .analyze(text)
        .into_iter()
        .map(|token| {
            let (start, end) = (units(token.span.start), units(token.span.end));
            (token.text, start, end, token.position as u64)
        })
        .collect()
}

#[test]
#[ignore = "needs the OpenSearch cluster (opensearch/cluster start) and ../shared/data"]
fn on_the_cluster_analyze_gives_the_crates_tokens_on_every_node() {
    let _cluster = lock();
    let Some(url) = cluster() else { return };
    let Some(news) = common::shared_data("news/fars_varzesh3.jsonl") else {
        return;
    };
    let (articles, _) = ingest::read_file(news.parent().unwrap(), &news);
    let documents = Analyzer::default();
    // Every node has the plugin: the texts go to each node's own HTTP port in turn.
    let base_port: u16 = url.rsplit(':').next().unwrap().parse().unwrap();
    let host = &url[..url.rfind(':').unwrap()];
    let mut compared = 0;
    for (i, article) in articles.iter().take(150).enumerate() {
        let node = format!("{host}:{}", base_port + (i % 3) as u16);
        for text in [&article.title, &article.body] {
            assert_eq!(
                analyze_on(&node, "kavosh_persian", text),
                crate_tokens(&documents, text),
                "{}: {text}",
                article.id
            );
            compared += 1;
        }
    }
    let queries = Analyzer::default().for_queries();
    for query in ["رتبه‌بندی تیم‌ها", "كتابهاي درسی", "مسئول آجر"]
    {
        assert_eq!(
            analyze_on(&url, "kavosh_persian_query", query),
            crate_tokens(&queries, query)
        );
    }
    assert_eq!(compared, 300);
}

/// The MIRACL questions, both files in one.
fn miracl_queries(folder: &Path) -> Option<PathBuf> {
    let mut all = String::new();
    for set in ["dev", "train"] {
        let file = common::shared_data(&format!("queries/topics.miracl-v1.0-fa-{set}.tsv"))?;
        all.push_str(&std::fs::read_to_string(file).unwrap());
    }
    let path = folder.join("miracl.tsv");
    std::fs::write(&path, all).unwrap();
    Some(path)
}

/// Whether every highlight of a hit marks a word of the article's own text: a range
/// inside the text it belongs to whose characters give the analyzer a term.
fn highlights_lie_on_words(hit: &Value) -> bool {
    let analyzer = Analyzer::default();
    let on_words = |text: &str, ranges: &Value| {
        let chars: Vec<char> = text.chars().collect();
        ranges.as_array().unwrap().iter().all(|range| {
            let (start, end) = (
                range[0].as_u64().unwrap() as usize,
                range[1].as_u64().unwrap() as usize,
            );
            start < end
                && end <= chars.len()
                && !analyzer
                    .terms(&chars[start..end].iter().collect::<String>())
                    .is_empty()
        })
    };
    on_words(hit["title"].as_str().unwrap(), &hit["title_highlights"])
        && hit["passages"]
            .as_array()
            .unwrap()
            .iter()
            .all(|passage| on_words(passage["text"].as_str().unwrap(), &passage["highlights"]))
}

#[test]
#[ignore = "needs the OpenSearch cluster (opensearch/cluster start) and ../shared/data"]
fn on_the_cluster_miracl_questions_find_what_the_embedded_engine_finds() {
    let Some((_cluster, url, name, embedded)) = news() else {
        return;
    };
    let folder = tempfile::tempdir().unwrap();
    let Some(queries) = miracl_queries(folder.path()) else {
        return;
    };
    let queries = queries.to_str().unwrap();
    let cluster = answers(&on_cluster(
        &url,
        &[
            "search",
            "--queries",
            queries,
            "--index",
            name,
            "--format",
            "json",
        ],
    ));
    // Per article: the cluster keeps no stories (README, Stories), so the embedded engine
    // does not collapse them here.
    let embedded = embedded_answers(embedded, Path::new(queries), &["--no-collapse"]);
    let (overlap, identical) = agreement(&cluster, &embedded);
    println!(
        "{} MIRACL questions, top 10 on the cluster against the embedded engine: mean overlap \
         {overlap:.4}, identical {:.1}%",
        cluster.len(),
        identical * 100.0,
    );
    // Issue 26 asks for a mean overlap of 0.95 and 80% identical; measured on the news set
    // (README, Past one machine): 0.998 and 93%, the rest mostly articles of equal scores
    // (copies of one story) in another order.
    assert!(overlap >= 0.99, "{overlap}");
    assert!(identical >= 0.90, "{identical}");
    // The rest of each answer is the same: counts, corrections, "did you mean", rare words.
    let without_hits = |answer: &Value| {
        let mut answer = answer.clone();
        answer.as_object_mut().unwrap().remove("hits");
        answer
    };
    for (ours, theirs) in cluster.iter().zip(&embedded) {
        assert_eq!(without_hits(ours), without_hits(theirs));
    }
    let hits: Vec<&Value> = cluster
        .iter()
        .flat_map(|answer| answer["hits"].as_array().unwrap())
        .collect();
    assert!(hits.len() > 10_000, "{}", hits.len());
    for hit in hits {
        assert!(highlights_lie_on_words(hit), "{hit}");
    }
}

#[test]
#[ignore = "needs the OpenSearch cluster (opensearch/cluster start) and ../shared/data"]
fn on_the_cluster_every_typing_finds_what_the_embedded_engine_finds() {
    let Some((_cluster, url, name, embedded)) = news() else {
        return;
    };
    // Each word as it is typed: ZWNJ, joined, spaced, Arabic letters.
    let typings = [
        [
            "تحریم‌های نفتی",
            "تحریمهای نفتی",
            "تحریم های نفتی",
            "تحريمهاي نفتي",
        ],
        ["می‌گوید", "میگوید", "می گوید", "مي‌گويد"],
        ["کتاب‌ها", "کتابها", "کتاب ها", "كتابهاي"],
        [
            "رتبه‌بندی تیم‌ها",
            "رتبهبندی تیمها",
            "رتبه بندی تیم ها",
            "رتبه‌بندي تيم‌ها",
        ],
    ];
    for spellings in typings {
        for query in spellings {
            let cluster: Value = search_on_cluster(&url, name, query, &[]);
            let embedded = common::search_json_in(embedded, query, &[]);
            let (ours, theirs) = (
                cluster["total"].as_u64().unwrap(),
                embedded["total"].as_u64().unwrap(),
            );
            assert!(ours > 0, "{query}");
            assert_eq!(ours, theirs, "{query}");
        }
    }
}

/// The news topics' MAP (tests/eval/news) through `search` with `args`.
fn news_map(args: &[&str]) -> f64 {
    let topics = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/eval/news");
    let qrels = read_qrels(&topics.join("qrels.trec")).unwrap();
    let mut all = vec!["search", "--queries"];
    let queries = topics.join("topics.tsv");
    all.push(queries.to_str().unwrap());
    all.extend([
        "--format",
        "trec",
        "--limit",
        "1000",
        "--match",
        "any",
        "--passages",
        "0",
    ]);
    all.extend(args);
    let output = common::kavosh(&all);
    assert_eq!(output.status.code(), Some(0), "{}", common::stderr(&output));
    let mut runs: HashMap<String, Vec<String>> = HashMap::new();
    for line in common::stdout(&output).lines() {
        let columns: Vec<&str> = line.split_whitespace().collect();
        runs.entry(columns[0].to_string())
            .or_default()
            .push(columns[2].to_string());
    }
    let scores: Vec<_> = qrels
        .iter()
        .filter_map(|(qid, judged)| {
            score_query(runs.get(qid).map_or(&[][..], Vec::as_slice), judged)
        })
        .collect();
    mean(&scores).map
}

#[test]
#[ignore = "needs the OpenSearch cluster (opensearch/cluster start) and ../shared/data"]
fn on_the_cluster_news_map_stays_near_the_embedded_engines() {
    let Some((_cluster, url, name, embedded)) = news() else {
        return;
    };
    let cluster = news_map(&["--index", name, "--engine", "opensearch", "--url", &url]);
    let ours = news_map(&["--index", embedded.to_str().unwrap()]);
    println!("news MAP: {cluster:.4} on the cluster, {ours:.4} embedded");
    // Issue 26 asks for MAP within 0.01 of the embedded engine's.
    assert!((ours - cluster).abs() <= 0.01, "{cluster} against {ours}");
}

/// The cluster script (opensearch/cluster).
fn cluster_script(args: &[&str]) -> String {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("opensearch/cluster");
    let output = Command::new(script).args(args).output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

#[test]
#[ignore = "needs the OpenSearch cluster (opensearch/cluster start) and ../shared/data"]
fn on_the_cluster_a_killed_node_loses_no_article() {
    let _cluster = lock();
    let Some(url) = cluster() else { return };
    let Some(name) = news_on_cluster(&url) else {
        return;
    };
    let every = || -> u64 {
        let answer: Value = search_on_cluster(&url, name, "*", &["--limit", "0"]);
        answer["total"].as_u64().unwrap()
    };
    let before = every();
    assert_eq!(before, 11_452);
    // Node 2, not the node the URL names: a reader's client would go to another node.
    let pid = cluster_script(&["pid", "2"]);
    let killed = Command::new("kill")
        .args(["-KILL", pid.trim()])
        .status()
        .unwrap();
    assert!(killed.success());
    for _ in 0..5 {
        assert_eq!(every(), before);
    }
    let search: Value = search_on_cluster(&url, name, "تحریم نفت", &[]);
    assert!(search["total"].as_u64().unwrap() > 0);
    cluster_script(&["node", "2"]);
    assert!(cluster_script(&["wait"]).contains("green"));
    assert_eq!(every(), before);
}

/// Writes `articles` (id, title, body) as a JSON-lines file.
fn write_articles(path: &Path, articles: &[(&str, &str, &str)]) {
    let lines: Vec<String> = articles
        .iter()
        .map(|(id, title, text)| json!({"id": id, "title": title, "text": text}).to_string())
        .collect();
    std::fs::write(path, lines.join("\n")).unwrap();
}

#[test]
#[ignore = "needs the OpenSearch cluster (opensearch/cluster start)"]
fn on_the_cluster_an_incremental_run_answers_like_a_rebuild() {
    let _cluster = lock();
    let Some(url) = cluster() else { return };
    let folder = tempfile::tempdir().unwrap();
    let (kept, edited, deleted) = (
        folder.path().join("kept.jsonl"),
        folder.path().join("edited.jsonl"),
        folder.path().join("deleted.jsonl"),
    );
    write_articles(
        &kept,
        &[
            ("k1", "تحریم نفت", "کتاب‌ها در خانه"),
            ("k2", "بورس", "سهام"),
        ],
    );
    write_articles(
        &edited,
        &[("e1", "فوتبال", "تیم ملی"), ("e2", "والیبال", "رتبه‌بندی")],
    );
    write_articles(&deleted, &[("d1", "کشتی", "تیم ملی کشتی")]);
    let path = folder.path().to_str().unwrap();
    let run = |name: &str, extra: &[&str]| {
        let mut args = vec!["index", path, "--index", name, "--quiet"];
        args.extend(extra);
        on_cluster(&url, &args);
    };
    run("kavosh-test-incremental", &["--rebuild"]);
    // An edit that drops an article and adds one, a deleted file, a new file.
    write_articles(
        &edited,
        &[("e1", "فوتبال ساحلی", "تیم ملی"), ("e3", "شنا", "رکورد")],
    );
    std::fs::remove_file(&deleted).unwrap();
    write_articles(
        &folder.path().join("new.jsonl"),
        &[("n1", "کشتی", "رتبه بندی تیم")],
    );
    run("kavosh-test-incremental", &[]);
    run("kavosh-test-rebuild", &["--rebuild"]);
    for query in ["*", "تیم", "فوتبال", "کشتی", "رتبه‌بندی", "e2", "تحریم"]
    {
        let answer = |name: &str| -> (Vec<String>, Value) {
            let answer: Value = search_on_cluster(&url, name, query, &["--sort", "date"]);
            let mut ids = common::hit_ids(&answer);
            ids.sort();
            (ids, answer["total"].clone())
        };
        assert_eq!(
            answer("kavosh-test-incremental"),
            answer("kavosh-test-rebuild"),
            "{query}"
        );
    }
    let every: Value = search_on_cluster(&url, "kavosh-test-incremental", "*", &[]);
    let mut ids = common::hit_ids(&every);
    ids.sort();
    assert_eq!(ids, ["e1", "e3", "k1", "k2", "n1"]);
}

#[test]
#[ignore = "needs the OpenSearch cluster (opensearch/cluster start) and ../shared/data"]
fn on_the_cluster_show_and_stats_say_what_the_embedded_engine_says() {
    let Some((_cluster, url, name, embedded)) = news() else {
        return;
    };
    let embedded = embedded.to_str().unwrap();
    let show = [
        "show",
        "news_fars-news-4-0210",
        "--query",
        "تحریم‌های نفت",
        "--format",
        "json",
    ];
    let ours = common::kavosh(&[&show[..], &["--index", embedded]].concat());
    assert_eq!(
        on_cluster(&url, &[&show[..], &["--index", name]].concat()),
        common::stdout(&ours)
    );
    let stats = |output: &str| {
        let mut stats: Value = serde_json::from_str(output).unwrap();
        // Where and how big the index is, and when it was committed, are each engine's own;
        // so are stories, which the cluster does not keep yet (each article is its own).
        for own in ["size_bytes", "last_commit", "stories", "largest_story"] {
            stats.as_object_mut().unwrap().remove(own);
        }
        stats
    };
    let ours = common::kavosh(&["stats", "--index", embedded, "--format", "json"]);
    let theirs = on_cluster(&url, &["stats", "--index", name, "--format", "json"]);
    assert_eq!(stats(&theirs), stats(&common::stdout(&ours)));
}

#[test]
fn a_cluster_that_is_down_is_one_clear_error() {
    // Nothing listens on port 1.
    let down = [
        "--engine",
        "opensearch",
        "--url",
        "http://127.0.0.1:1",
        "--index",
        "news",
    ];
    for command in [
        &["search", "تحریم"][..],
        &["show", "an-id"],
        &["stats"],
        &["index", "corpus"],
    ] {
        let output = common::kavosh(&[command, &down[..]].concat());
        assert_eq!(output.status.code(), Some(2), "{command:?}");
        let said = common::stderr(&output);
        assert!(
            said.starts_with("kavosh: OpenSearch at http://127.0.0.1:1: "),
            "{said}"
        );
        assert_eq!(said.lines().count(), 1, "{said}");
    }
}

#[test]
#[ignore = "needs the OpenSearch cluster (opensearch/cluster start) and ../shared/data"]
fn on_the_cluster_the_api_answers_as_the_embedded_engines_does() {
    let Some((_cluster, url, name, embedded)) = news() else {
        return;
    };
    let on_cluster = ["--index", name, "--engine", "opensearch", "--url", &url];
    let (_cluster_server, cluster_page) = common::start_server_with(&on_cluster);
    let (_embedded_server, embedded_page) = common::start_server(embedded);
    let get = |page: &str, path: &str| -> Value {
        ureq::get(&format!("{page}{path}"))
            .call()
            .unwrap()
            .into_json()
            .unwrap()
    };
    let query = common::encode("تحریم نفت");
    let (theirs, ours) = (
        get(&cluster_page, &format!("api/search?q={query}")),
        get(&embedded_page, &format!("api/search?q={query}")),
    );
    assert_eq!(theirs["total"], ours["total"]);
    assert_eq!(theirs["facets"], ours["facets"]);
    assert!(!theirs["hits"].as_array().unwrap().is_empty());
    let id = common::encode("news_fars-news-4-0210");
    assert_eq!(
        get(&cluster_page, &format!("api/articles/{id}?q={query}")),
        get(&embedded_page, &format!("api/articles/{id}?q={query}"))
    );
}
