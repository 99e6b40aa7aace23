//! The cluster's vocabulary, for the embedded engine's planning (`search/planning.rs`,
//! `search/compounds.rs`): how many articles hold a term, counted by a `filters`
//! aggregation of term filters (many terms in one request), and the terms near a typo,
//! from the term suggester.

use std::cell::RefCell;

use rustc_hash::FxHashMap;
use serde_json::{json, Value};

use super::search::Statistics;
use super::store::ClusterIndex;
use crate::error::Result;
use crate::search::bounded_distance;
use crate::search::vocabulary::{nearest_first, Near, TextField, Vocabulary};

/// The term suggester's candidates per request: the nearest are among them (it ranks
/// its candidates by similarity first, as `nearest` does by distance). With 50, the
/// 2,739 MIRACL questions on the news set get the embedded engine's corrections, "did
/// you mean" and rare-word suggestions, every one (README, kavosh on the cluster).
const SUGGESTIONS: usize = 50;

/// Term filters in one aggregation: well under OpenSearch's 65,535 buckets a search
/// (`search.max_buckets`), and more than a query asks at once: over the 2,739 MIRACL
/// questions a request held 44 terms at the median, 103 at the 99th percentile, 164 at
/// most.
const TERMS_PER_REQUEST: usize = 1_000;

/// One index's vocabulary, each term's count asked once per query plan.
pub(super) struct ClusterVocabulary<'a> {
    index: &'a ClusterIndex,
    /// The counts asked so far, by field and term.
    known: RefCell<FxHashMap<(TextField, String), u64>>,
}

impl<'a> ClusterVocabulary<'a> {
    /// The vocabulary of `index`, nothing asked yet.
    pub(super) fn new(index: &'a ClusterIndex) -> Self {
        ClusterVocabulary {
            index,
            known: RefCell::default(),
        }
    }

    /// Counts the terms of `lookups` (each in its field) not asked yet, a request per
    /// [`TERMS_PER_REQUEST`]: the live articles a term filter matches, as the embedded
    /// engine counts them.
    fn count(&self, lookups: Vec<(TextField, String)>) -> Result<()> {
        let missing: Vec<(TextField, String)> = {
            let known = self.known.borrow();
            let mut missing: Vec<(TextField, String)> = lookups
                .into_iter()
                .filter(|key| !known.contains_key(key))
                .collect();
            missing.sort_unstable_by(|a, b| (a.0.name(), &a.1).cmp(&(b.0.name(), &b.1)));
            missing.dedup();
            missing
        };
        for chunk in missing.chunks(TERMS_PER_REQUEST) {
            let filters: Vec<Value> = chunk
                .iter()
                .map(|(field, term)| json!({"term": {field.name(): term}}))
                .collect();
            let body = json!({
                "size": 0,
                "track_total_hits": false,
                "aggs": {"terms": {"filters": {"filters": filters}}},
            });
            let answer = self.index.search(&body, Statistics::Shards)?;
            let buckets = answer["aggregations"]["terms"]["buckets"].as_array();
            let counts = buckets
                .into_iter()
                .flatten()
                .map(|bucket| bucket["doc_count"].as_u64().unwrap_or(0));
            let mut known = self.known.borrow_mut();
            for (key, count) in chunk.iter().zip(counts) {
                known.insert(key.clone(), count);
            }
        }
        Ok(())
    }
}

impl Vocabulary for ClusterVocabulary<'_> {
    fn frequency(&self, field: TextField, term: &str) -> Result<u64> {
        let key = (field, term.to_string());
        if let Some(count) = self.known.borrow().get(&key) {
            return Ok(*count);
        }
        self.count(vec![key.clone()])?;
        Ok(self.known.borrow().get(&key).copied().unwrap_or(0))
    }

    fn articles(&self, term: &str) -> Result<u64> {
        let either =
            [TextField::Title, TextField::Body].map(|field| json!({"term": {field.name(): term}}));
        let body = json!({
            "size": 0,
            "track_total_hits": true,
            "query": {"bool": {"should": either}},
        });
        let answer = self.index.search(&body, Statistics::Shards)?;
        Ok(answer["hits"]["total"]["value"].as_u64().unwrap_or(0))
    }

    /// From the term suggester (its edit distance is at most 2, first letter kept), its
    /// candidates ranked again by [`bounded_distance`], then by articles, then by term,
    /// as the embedded engine ranks them ([`nearest_first`]). A candidate's articles are the shards'
    /// document frequencies, which count deleted articles until a merge.
    fn nearest(&self, term: &str, max_distance: usize) -> Result<Vec<Near>> {
        if max_distance == 0 {
            return Ok(Vec::new());
        }
        let body = json!({
            "size": 0,
            "track_total_hits": false,
            "suggest": {"near": {"text": term, "term": {
                "field": TextField::Body.name(),
                // The term is analyzed already.
                "analyzer": "keyword",
                "suggest_mode": "always",
                "max_edits": max_distance.min(2),
                "prefix_length": 1,
                "min_word_length": 1,
                "accuracy": 0.0,
                "size": SUGGESTIONS,
                "shard_size": SUGGESTIONS,
                "sort": "score",
            }}},
        });
        let answer = self.index.search(&body, Statistics::Shards)?;
        let target: Vec<char> = term.chars().collect();
        let options = answer["suggest"]["near"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|entry| entry["options"].as_array().into_iter().flatten());
        let mut nearest: Vec<Near> = options
            .filter_map(|option| {
                let candidate = option["text"].as_str()?;
                let articles = option["freq"].as_u64()?;
                let chars: Vec<char> = candidate.chars().collect();
                let distance = bounded_distance(&target, &chars, max_distance)?;
                (candidate != term && articles > 0).then(|| Near {
                    term: candidate.to_string(),
                    distance,
                    articles,
                })
            })
            .collect();
        nearest_first(&mut nearest);
        Ok(nearest)
    }

    fn prefetch(&self, lookups: &mut dyn FnMut() -> Vec<(TextField, String)>) -> Result<()> {
        self.count(lookups())
    }
}
