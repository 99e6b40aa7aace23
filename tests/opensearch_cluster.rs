//! Against a running OpenSearch cluster with the kavosh plugin (`opensearch/cluster start`),
//! named by `KAVOSH_OPENSEARCH_URL`. Without it each test says loudly that it is skipped;
//! `.ci/run` starts the cluster and runs these with it, so CI always has one.
mod common;

use kavosh::ingest;
use kavosh_analysis::Analyzer;
use serde_json::{json, Value};

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
