//! Answering queries from the cluster with the embedded engine's code wherever it does
//! not need the index itself: the plan made against the cluster's vocabulary
//! (`vocabulary.rs`), compiled to the query DSL and searched with `dfs_query_then_fetch`
//! (term statistics over all shards, as one index has them), the best hits re-ordered
//! with the lead's and the grams' evidence, and the hits built from the stored originals
//! by kavosh's own highlighter, so the answer is the embedded engine's, type and JSON.

use std::collections::HashMap;

use serde_json::{json, Value};

use super::compile::Compiler;
use super::store::ClusterIndex;
use super::vocabulary::ClusterVocabulary;
use crate::analysis::Analyzer;
use crate::error::Result;
use crate::index::{Settings, Stats};
use crate::search::planning::{self, names_anything, only_common_words};
use crate::search::rare::{rare_word_suggestion, rare_words};
use crate::search::rerank::{add_gram_scores, hit_terms, Evidence};
use crate::search::{
    Facets, Filters, Highlighter, Highlighting, MatchMode, Plan, Ranking, SearchOptions,
    SearchResults, SortOrder, StoredArticle, WholeArticle, COUNTED_EXACTLY, SUGGESTION_DISTANCE,
    TYPO_DISTANCE,
};

/// Answers queries from one OpenSearch index.
pub struct ClusterSearcher {
    index: ClusterIndex,
    compiler: Compiler,
    documents: Analyzer,
    ranking: Ranking,
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
            ranking,
        })
    }

    /// The plan of `query_text`, made as the embedded engine makes it
    /// (`search/planning.rs`), its words that match nothing corrected within
    /// `max_distance` edits, from the cluster's `vocabulary`.
    fn plan(
        &self,
        vocabulary: &ClusterVocabulary,
        query_text: &str,
        max_distance: usize,
    ) -> Result<Plan> {
        planning::plan(
            vocabulary,
            &self.compiler.analyzer,
            &Settings::default(),
            query_text,
            max_distance,
        )
    }

    /// The answer to `query_text`, with every word when asked and some article has them
    /// all, else with any.
    pub fn search(&self, query_text: &str, options: &SearchOptions) -> Result<SearchResults> {
        let vocabulary = ClusterVocabulary::new(&self.index);
        let plan = self.plan(&vocabulary, query_text, TYPO_DISTANCE)?;
        let queries = &self.compiler.analyzer;
        let mut results = SearchResults::nothing_yet(query_text, options.match_mode);
        results.only_common_words = only_common_words(&plan, queries);
        results.nothing_to_search =
            results.only_common_words.is_empty() && !names_anything(&plan, queries);
        if !results.only_common_words.is_empty() || results.nothing_to_search {
            return Ok(results);
        }
        let evidence = match options.sort {
            SortOrder::Relevance => Evidence::of(queries, self.ranking, &plan, options, true),
            SortOrder::Date => Evidence::none(),
        };
        let mut answer = self.query(&plan, results.matched, options)?;
        if total(&answer) == 0 && results.matched == MatchMode::All {
            results.matched = MatchMode::Any;
            answer = self.query(&plan, results.matched, options)?;
        }
        results.total = total(&answer);
        if results.total == 0 {
            let suggested = self.plan(&vocabulary, query_text, SUGGESTION_DISTANCE)?;
            results.suggestion = suggested.corrected.then(|| suggested.text());
        } else {
            results.rare_words = rare_words(&vocabulary, queries, &plan)?;
            results.suggestion = rare_word_suggestion(&plan, &results.rare_words);
        }
        results.undated_left_out = options
            .filters
            .without_dates()
            .map(|filters| self.undated(&plan, results.matched, &filters))
            .transpose()?;
        results.corrected_query = plan.corrected.then(|| plan.text());
        results.facets = options.facets.then(|| facets(&answer));
        let mut hits: Vec<(f32, StoredArticle)> = answer["hits"]["hits"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|hit| {
                let score = hit["_score"].as_f64().unwrap_or(0.0) as f32;
                (score, stored(&hit["_source"]))
            })
            .collect();
        if options.sort == SortOrder::Relevance {
            self.rerank_best(&evidence, &mut hits)?;
        }
        let highlighter = Highlighter::from_plan(&plan, queries);
        let page = hits.into_iter().skip(options.offset).take(options.limit);
        for (index, (score, article)) in page.enumerate() {
            results.hits.push(article.hit(
                options.offset + index + 1,
                score,
                Highlighting {
                    highlighter: &highlighter,
                    analyzer: &self.documents,
                    read_ahead: None,
                },
                options,
            ));
        }
        Ok(results)
    }

    /// Re-orders the best of `hits` (the ranking's depth) as the embedded engine does,
    /// with its code (`search/rerank.rs`): the grams' scores from the hits' stored text,
    /// the lead's from the cluster, whose lead field holds the same terms with the same
    /// statistics. Stable: equal scores keep their order.
    fn rerank_best(&self, evidence: &Evidence, hits: &mut [(f32, StoredArticle)]) -> Result<()> {
        let depth = self.ranking.depth.min(hits.len());
        let best = &mut hits[..depth];
        if best.is_empty() {
            return Ok(());
        }
        if !evidence.lead_terms.is_empty() {
            let lead = self.lead_scores(best, &evidence.lead_terms)?;
            for (score, article) in best.iter_mut() {
                *score += lead.get(&article.id).copied().unwrap_or(0.0);
            }
        }
        if evidence.has_grams() {
            let terms: Vec<String> = best
                .iter()
                .map(|(_, article)| {
                    hit_terms(
                        &self.documents,
                        [Some(article.title.as_str()), Some(article.body.as_str())],
                        None,
                    )
                    .0
                })
                .collect();
            add_gram_scores(evidence, &terms, best.iter_mut().map(|(score, _)| score));
        }
        best.sort_by(|a, b| b.0.total_cmp(&a.0));
        Ok(())
    }

    /// Each of `hits`' BM25 score of `terms` (each times its weight) in its lead, by id,
    /// with the whole index's statistics (`dfs_query_then_fetch`), as tantivy scores it.
    fn lead_scores(
        &self,
        hits: &[(f32, StoredArticle)],
        terms: &[(String, f32)],
    ) -> Result<HashMap<String, f32>> {
        let ids: Vec<&str> = hits
            .iter()
            .map(|(_, article)| article.id.as_str())
            .collect();
        let clauses: Vec<Value> = terms
            .iter()
            .map(|(term, weight)| json!({"term": {"lead": {"value": term, "boost": weight}}}))
            .collect();
        let body = json!({
            "size": ids.len(),
            "_source": false,
            "query": {"bool": {"filter": [{"ids": {"values": ids}}], "should": clauses}},
        });
        let answer = self.index.search(&body, Statistics::Whole)?;
        Ok(answer["hits"]["hits"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|hit| {
                let score = hit["_score"].as_f64()? as f32;
                Some((hit["_id"].as_str()?.to_string(), score))
            })
            .collect())
    }

    /// The article with this id, with the words of `query` (if any) highlighted as a search
    /// would highlight them; `None` if no article has the id.
    pub fn article(&self, id: &str, query: Option<&str>) -> Result<Option<WholeArticle>> {
        let path = format!("/{}/_doc/{}", self.index.name, encode_id(id));
        let Some(found) = self.index.client.call("GET", &path, None)? else {
            return Ok(None);
        };
        let highlighter = match query {
            Some(query) => {
                let vocabulary = ClusterVocabulary::new(&self.index);
                let plan = self.plan(&vocabulary, query, TYPO_DISTANCE)?;
                Highlighter::from_plan(&plan, &self.compiler.analyzer)
            }
            None => Highlighter::default(),
        };
        Ok(Some(stored(&found["_source"]).whole(
            &highlighter,
            &self.documents,
            Vec::new(),
        )))
    }

    /// What the index holds: articles, sources and categories with their counts, the
    /// publication dates (from aggregations), and its size on disk with its replicas.
    pub fn stats(&self) -> Result<Stats> {
        let client = &self.index.client;
        let name = &self.index.name;
        let counts = |field: &str| json!({"terms": {"field": field, "size": MAX_VALUES}});
        let body = json!({
            "size": 0,
            "track_total_hits": true,
            "aggs": {
                "sources": counts("source"),
                "categories": counts("category"),
                "published": {"stats": {"field": "published"}},
            },
        });
        let answer = client.expect("POST", &format!("/{name}/_search"), Some(&body))?;
        let buckets = |aggregation: &str| -> Vec<(String, u64)> {
            answer["aggregations"][aggregation]["buckets"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|bucket| {
                    Some((
                        bucket["key"].as_str()?.to_string(),
                        bucket["doc_count"].as_u64()?,
                    ))
                })
                .collect()
        };
        let published = &answer["aggregations"]["published"];
        // Dates are kept in milliseconds, read back from epoch seconds.
        let seconds = |key: &str| {
            published[key]
                .as_f64()
                .map(|millis| (millis / 1000.0) as i64)
        };
        let store = client.expect("GET", &format!("/{name}/_stats/store"), None)?;
        Ok(Stats {
            articles: total(&answer) as u64,
            sources: buckets("sources"),
            categories: buckets("categories"),
            dated_articles: published["count"].as_u64().unwrap_or(0),
            first_published: seconds("min"),
            last_published: seconds("max"),
            settings: Settings::default(),
            size_bytes: store["_all"]["total"]["store"]["size_in_bytes"]
                .as_u64()
                .unwrap_or(0),
            last_commit: None,
            // The cluster keeps no stories yet: each article is its own.
            stories: total(&answer) as u64,
            largest_story: u64::from(total(&answer) > 0),
        })
    }

    /// The articles that match `plan` under `mode` and `without_dates` (a date filter's
    /// other filters) but have no date, counted up to [`COUNTED_EXACTLY`]: the articles a
    /// date filter left out, as the embedded engine counts them.
    fn undated(&self, plan: &Plan, mode: MatchMode, without_dates: &Filters) -> Result<usize> {
        let matching = self.compiler.compile(plan, mode, without_dates);
        let body = json!({
            "size": 0,
            "track_total_hits": COUNTED_EXACTLY,
            "query": {"bool": {
                "must": [matching],
                "must_not": [{"exists": {"field": "published"}}],
            }},
        });
        Ok(total(&self.index.search(&body, Statistics::Shards)?))
    }

    /// The search of `plan` under `mode`.
    fn query(&self, plan: &Plan, mode: MatchMode, options: &SearchOptions) -> Result<Value> {
        // The hits from the first, by relevance at least the re-ordered ones, as the
        // embedded engine collects them: they are paged once re-ordered.
        let mut size = options.offset.saturating_add(options.limit);
        if options.sort == SortOrder::Relevance {
            size = size.max(self.ranking.depth);
        }
        let mut body = json!({
            "query": self.compiler.compile(plan, mode, &options.filters),
            "size": size,
            "track_total_hits": true,
        });
        if options.facets {
            body["aggs"] = json!({
                "sources": {"terms": {"field": "source", "size": MAX_VALUES}},
                "no_source": {"missing": {"field": "source"}},
                "days": {"date_histogram": {
                    "field": "published", "calendar_interval": "day", "min_doc_count": 1,
                }},
                "undated": {"missing": {"field": "published"}},
            });
        }
        if options.sort == SortOrder::Date {
            body["sort"] = json!([{"published": {"order": "desc", "missing": "_last"}}]);
        }
        self.index.search(&body, Statistics::Whole)
    }
}

/// The facets of an answer's aggregations (see `query`), counted as the embedded engine
/// counts them: by source, and by day folded into Jalali months.
fn facets(answer: &Value) -> Facets {
    let aggregations = &answer["aggregations"];
    let buckets = |name: &str| {
        aggregations[name]["buckets"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    };
    let count = |bucket: &Value| bucket["doc_count"].as_u64().unwrap_or(0);
    const MILLIS_PER_DAY: i64 = 86_400_000;
    Facets::from_counts(
        buckets("sources")
            .iter()
            .filter_map(|bucket| Some((bucket["key"].as_str()?.to_string(), count(bucket)))),
        buckets("days").iter().filter_map(|bucket| {
            Some((
                bucket["key"].as_i64()?.div_euclid(MILLIS_PER_DAY),
                count(bucket),
            ))
        }),
        count(&aggregations["no_source"]),
        count(&aggregations["undated"]),
    )
}

/// Distinct sources or categories counted by `stats`: more than any collection has.
const MAX_VALUES: usize = 10_000;

/// `id` as one segment of a URL path (ids are file paths and may hold `/`, `#`, spaces).
fn encode_id(id: &str) -> String {
    id.bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (byte as char).to_string()
            }
            _ => format!("%{byte:02X}"),
        })
        .collect()
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

/// Whose term statistics a search request scores with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Statistics {
    /// The whole index's (`dfs_query_then_fetch`, a round trip more): for scores that
    /// must equal the embedded engine's.
    Whole,
    /// Each shard's own: for counts and suggestions, which score nothing.
    Shards,
}

impl ClusterIndex {
    /// One search request; an answer with a failed shard or cut short is an error,
    /// never passed off as whole.
    pub(super) fn search(&self, body: &Value, statistics: Statistics) -> Result<Value> {
        let client = &self.client;
        let path = match statistics {
            Statistics::Whole => format!("/{}/_search?search_type=dfs_query_then_fetch", self.name),
            Statistics::Shards => format!("/{}/_search", self.name),
        };
        let answer = client.expect("POST", &path, Some(body))?;
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
