//! Answering queries from the cluster: the plan compiled to the query DSL and searched
//! with `dfs_query_then_fetch` (term statistics over all shards, as one index has them),
//! the hits built from the stored originals by kavosh's own highlighter, so the answer is
//! the embedded engine's type and JSON.

use serde_json::{json, Value};

use super::compile::Compiler;
use super::store::ClusterIndex;
use crate::analysis::Analyzer;
use crate::error::Result;
use crate::search::planning::{names_anything, only_common_words};
use crate::search::readings::offer_readings;
use crate::search::{
    Highlighter, MatchMode, Plan, Ranking, SearchOptions, SearchResults, SortOrder, StoredArticle,
};

/// Answers queries from one OpenSearch index.
pub struct ClusterSearcher {
    index: ClusterIndex,
    compiler: Compiler,
    documents: Analyzer,
}

impl ClusterSearcher {
    /// A searcher of the index `name` on the cluster at `url`: fails clearly when the
    /// cluster is down or red, or has no such index.
    pub fn connect(url: &str, name: &str, ranking: Ranking) -> Result<Self> {
        let index = ClusterIndex::connect(url, name)?;
        index.check_exists()?;
        let documents = Analyzer::default();
        Ok(ClusterSearcher {
            index,
            compiler: Compiler {
                title_weight: ranking.title,
                analyzer: documents.for_queries(),
            },
            documents,
        })
    }

    /// The plan of `query_text`: parsed, its spaced affixes joined, the readings of its
    /// ambiguous words offered, as the embedded engine plans it.
    fn plan(&self, query_text: &str) -> Plan {
        offer_readings(Plan::parse(query_text).join_spaced_affixes())
    }

    /// The answer to `query_text`, with every word when asked and some article has them
    /// all, else with any.
    pub fn search(&self, query_text: &str, options: &SearchOptions) -> Result<SearchResults> {
        let plan = self.plan(query_text);
        let queries = &self.compiler.analyzer;
        let mut results = SearchResults::nothing_yet(query_text, options.match_mode);
        results.only_common_words = only_common_words(&plan, queries);
        results.nothing_to_search =
            results.only_common_words.is_empty() && !names_anything(&plan, queries);
        if !results.only_common_words.is_empty() || results.nothing_to_search {
            return Ok(results);
        }
        let mut answer = self.query(&plan, results.matched, options)?;
        if total(&answer) == 0 && results.matched == MatchMode::All {
            results.matched = MatchMode::Any;
            answer = self.query(&plan, results.matched, options)?;
        }
        results.total = total(&answer);
        let highlighter = Highlighter::from_plan(&plan, queries);
        let hits = answer["hits"]["hits"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        for (index, hit) in hits.into_iter().enumerate() {
            let score = hit["_score"].as_f64().unwrap_or(0.0) as f32;
            results.hits.push(stored(&hit["_source"]).hit(
                options.offset + index + 1,
                score,
                &highlighter,
                &self.documents,
                options,
            ));
        }
        Ok(results)
    }

    /// One search request; an answer with a failed shard or cut short is an error, never
    /// passed off as whole.
    fn query(&self, plan: &Plan, mode: MatchMode, options: &SearchOptions) -> Result<Value> {
        let mut body = json!({
            "query": self.compiler.compile(plan, mode, &options.filters),
            "from": options.offset,
            "size": options.limit,
            "track_total_hits": true,
        });
        if options.sort == SortOrder::Date {
            body["sort"] = json!([{"published": {"order": "desc", "missing": "_last"}}]);
        }
        let client = &self.index.client;
        let path = format!(
            "/{}/_search?search_type=dfs_query_then_fetch",
            self.index.name
        );
        let answer = client.expect("POST", &path, Some(&body))?;
        let failed = answer["_shards"]["failed"].as_u64().unwrap_or(0);
        if failed > 0 || answer["timed_out"].as_bool() == Some(true) {
            return Err(client.error(format!(
                "the search reached {} of {} shards: the answer would be partial",
                answer["_shards"]["successful"], answer["_shards"]["total"]
            )));
        }
        Ok(answer)
    }
}

fn total(answer: &Value) -> usize {
    answer["hits"]["total"]["value"].as_u64().unwrap_or(0) as usize
}

/// The article as the index stored it (its `_source`).
fn stored(source: &Value) -> StoredArticle {
    let text = |field: &str| source[field].as_str().map(str::to_string);
    StoredArticle {
        id: text("id").unwrap_or_default(),
        title: text("title").unwrap_or_default(),
        body: text("body").unwrap_or_default(),
        path: text("path").unwrap_or_default(),
        date: text("date"),
        published: source["published"].as_i64(),
        source: text("source"),
        url: text("url"),
        category: text("category"),
    }
}
