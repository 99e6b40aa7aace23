//! Query expansion from the best articles (pseudo-relevance feedback, RM3): the words
//! the best articles by the query's own words share, weighted by how much of each
//! article they are and how well the article scored, added to the query as evidence.
//! They re-order the articles the query matches and never match an article by
//! themselves, nor are they highlighted: the reader sees their own words.

use rustc_hash::{FxHashMap, FxHashSet};
use tantivy::Term;

use super::ranking::Ranking;
use crate::error::Result;
use crate::index::KavoshIndex;

/// A term only one of the best articles holds is that article's, not the topic's (a
/// name in one report, a typo). Expansion weight 0.1, 10 articles, 10 terms, news MAP
/// (n01–n76 / n77–n112) and ParsiNLU MRR@10: any article 0.8439 / 0.8331 / 0.7557,
/// **two** 0.8448 / 0.8359 / 0.7572.
const MIN_FEEDBACK_ARTICLES: u32 = 2;

/// The expansion terms of `best` (the best articles' scores and terms as re-ordering
/// read them, best first): each with its weight, summing to `ranking.expansion` times
/// the number of the query's words, never one of `left_out` (the query's own terms and
/// the words it excludes).
pub(super) fn expansion_terms(
    index: &KavoshIndex,
    searcher: &tantivy::Searcher,
    ranking: Ranking,
    best: &[(f32, &str)],
    left_out: &FxHashSet<String>,
    query_terms: usize,
) -> Result<Vec<(Term, f32)>> {
    let body = index.fields().body;
    let best = &best[..best.len().min(ranking.feedback_docs)];
    let total_score: f32 = best.iter().map(|(score, _)| score.max(0.0)).sum();
    if total_score <= 0.0 {
        return Ok(Vec::new());
    }
    // Per term: its probability in the feedback model, and how many articles hold it.
    let mut model: FxHashMap<&str, (f32, u32)> = FxHashMap::default();
    let mut counts: FxHashMap<&str, u32> = FxHashMap::default();
    for (score, terms) in best {
        counts.clear();
        let mut length = 0u32;
        for term in terms.split(' ').filter(|term| !term.is_empty()) {
            length += 1;
            *counts.entry(term).or_default() += 1;
        }
        let weight = score.max(0.0) / total_score / length.max(1) as f32;
        for (term, count) in counts.drain() {
            let (probability, holding) = model.entry(term).or_default();
            *probability += weight * count as f32;
            *holding += 1;
        }
    }
    let total_docs = searcher.num_docs().max(1) as f32;
    // A word common in the whole archive says little about the topic: weighted by its
    // rarity, as the query's own words are.
    let mut scored = Vec::new();
    for (term, (probability, holding)) in model {
        if holding < MIN_FEEDBACK_ARTICLES || term.chars().count() < 2 || left_out.contains(term) {
            continue;
        }
        let doc_freq = searcher.doc_freq(&Term::from_field_text(body, term))? as f32;
        let idf = (total_docs / (doc_freq + 1.0)).ln().max(0.0);
        scored.push((term, probability * idf));
    }
    scored.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    scored.truncate(ranking.feedback_terms);
    let sum: f32 = scored.iter().map(|(_, weight)| weight).sum();
    if sum <= 0.0 {
        return Ok(Vec::new());
    }
    let scale = ranking.expansion * query_terms.max(1) as f32 / sum;
    Ok(scored
        .into_iter()
        .map(|(term, weight)| (Term::from_field_text(body, term), weight * scale))
        .collect())
}
