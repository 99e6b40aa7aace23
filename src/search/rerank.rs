//! Re-ordering the best hits by words with more evidence: the query's words in the
//! article's lead, scored with BM25 from tantivy's own statistics, and the grams of the
//! query's words in the hits' own text, scored with BM25 among the re-ordered hits.
//! Both are added to the hit's score.

use rustc_hash::FxHashMap;
use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::{Postings, SegmentPostings, TermInfo};
use tantivy::query::{Bm25StatisticsProvider, Bm25Weight};
use tantivy::schema::document::Value;
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocAddress, DocSet, TantivyDocument, TantivyError, Term};

use super::compile::Boosts;
use super::plan::Plan;
use super::ranking::{Ranking, B, GRAM_TERMS, K1};
use super::SearchOptions;
use crate::analysis::grams::Grams;
use crate::error::Result;
use crate::index::{KavoshIndex, TokenizerKind};

/// What the best hits by whole words are re-ordered with.
pub(super) struct Evidence {
    /// The query's words in the lead (the first sentence), each with its weight.
    lead_terms: Vec<(Term, f32)>,
    /// The grams of the query's words (a gram twice in the query counts twice), and
    /// their weight.
    grams: Vec<String>,
    grams_weight: f32,
    /// The query's terms (as the query analyzer gives them), for query expansion to
    /// leave out.
    pub query_terms: Vec<String>,
    /// Whether the query is expanded from the best hits' terms.
    feedback: bool,
    /// Neighbouring query terms that add to an article's score where they stand close.
    pub boosts: Boosts,
}

impl Evidence {
    /// Nothing to re-order with: for an order by date.
    pub(super) fn none() -> Self {
        Evidence {
            lead_terms: Vec::new(),
            grams: Vec::new(),
            grams_weight: 0.0,
            query_terms: Vec::new(),
            feedback: false,
            boosts: Boosts::default(),
        }
    }
}

/// The evidence for `plan` under `ranking`: the words the query asks for (never those it
/// excludes, nor a filter's values) in the lead, and their grams, for an index analyzed
/// by kavosh (a baseline index has no grams); with `--proximity`, the pairs of
/// neighbouring words.
pub(super) fn evidence(
    index: &KavoshIndex,
    ranking: Ranking,
    plan: &Plan,
    options: &SearchOptions,
) -> Evidence {
    let fields = index.fields();
    let mut evidence = Evidence {
        grams_weight: ranking.grams,
        feedback: options.expand,
        ..Evidence::none()
    };
    let with_grams = ranking.grams > 0.0 && index.settings().tokenizer == TokenizerKind::Persian;
    let mut grams = Grams::default();
    let tokens = index.query_analyzer().analyze(&plan.typed_positive_text());
    evidence.boosts.slop = ranking.proximity_slop;
    if options.proximity {
        let mut words = tokens.iter().filter(|token| !token.stacked).peekable();
        while let (Some(first), Some(second)) = (words.next(), words.peek()) {
            if first.text == second.text {
                continue;
            }
            for field in [fields.title, fields.body] {
                let pair = [first, *second].map(|token| Term::from_field_text(field, &token.text));
                evidence.boosts.pairs.push((pair, ranking.proximity));
            }
        }
    }
    for token in tokens {
        evidence.query_terms.push(token.text.clone());
        if ranking.lead > 0.0 {
            let term = Term::from_field_text(fields.lead, &token.text);
            match evidence
                .lead_terms
                .iter_mut()
                .find(|(known, _)| *known == term)
            {
                Some((_, total)) => *total += ranking.lead,
                None => evidence.lead_terms.push((term, ranking.lead)),
            }
        }
        if with_grams {
            grams.set(&token.text);
            evidence.grams.extend(grams.iter().map(str::to_string));
        }
    }
    evidence
}

/// What re-ordering read of the hits, in their order: their stored documents, and the
/// first [`GRAM_TERMS`] analyzed terms of each one's title and of its body, one text
/// of terms apart by spaces per hit (empty when neither the grams nor the expansion
/// needed them), so that the page's hits and the expansion read nothing again.
#[derive(Default)]
pub(super) struct HitTexts {
    pub documents: Vec<TantivyDocument>,
    pub terms: Vec<String>,
}

/// Adds the evidence's scores to `hits` (the best hits by words), and gives what it read
/// of them.
pub(super) fn add_evidence(
    index: &KavoshIndex,
    searcher: &tantivy::Searcher,
    evidence: &Evidence,
    hits: &mut [(f32, DocAddress)],
) -> Result<HitTexts> {
    add_scores(searcher, &evidence.lead_terms, hits)?;
    if evidence.grams.is_empty() && !evidence.feedback {
        return Ok(HitTexts::default());
    }
    let texts = read_hits(index, searcher, hits)?;
    if !evidence.grams.is_empty() {
        add_gram_scores(evidence, &texts.terms, hits);
    }
    Ok(texts)
}

/// The hits' stored documents and the first [`GRAM_TERMS`] terms of each one's title
/// and body, analyzed once for the grams and the expansion alike.
fn read_hits(
    index: &KavoshIndex,
    searcher: &tantivy::Searcher,
    hits: &[(f32, DocAddress)],
) -> Result<HitTexts> {
    let fields = index.fields();
    let analyzer = index.analyzer();
    let mut texts = HitTexts::default();
    for (_, address) in hits {
        let document: TantivyDocument = searcher.doc(*address)?;
        let mut terms = String::new();
        for field in [fields.title, fields.body] {
            let Some(text) = document.get_first(field).and_then(|value| value.as_str()) else {
                continue;
            };
            let mut tokens = analyzer.tokens(text);
            for _ in 0..GRAM_TERMS {
                let Some(token) = tokens.next_token() else {
                    break;
                };
                if !terms.is_empty() {
                    terms.push(' ');
                }
                terms.push_str(&token.text);
            }
        }
        texts.documents.push(document);
        texts.terms.push(terms);
    }
    Ok(texts)
}

/// Adds to each hit the BM25 score of the query's grams in the grams of its terms
/// (`terms`, as [`read_hits`] gives them), with the statistics (document frequency,
/// average length) of the hits themselves: among the hits, a gram they all share tells
/// nothing, while one only some of them have tells them apart. The grams match
/// inflected and derived forms no rule knows (حیوانات ~ حیوان, منقرض ~ انقراض).
///
/// Computed from the hits' stored text, so indexing pays nothing for them: an indexed
/// gram field cost as much indexing time again as the words (README: Benchmarks) for
/// the same ranking.
fn add_gram_scores(evidence: &Evidence, terms: &[String], hits: &mut [(f32, DocAddress)]) {
    // Each distinct query gram's slot in the per-hit counts; looked up for every gram of
    // the hits, so with a fast hash.
    let mut slots: FxHashMap<&str, usize> = FxHashMap::default();
    for gram in &evidence.grams {
        let next = slots.len();
        slots.entry(gram.as_str()).or_insert(next);
    }
    let mut grams = Grams::default();
    let mut counts = vec![0u32; hits.len() * slots.len()];
    let mut lengths = vec![0u32; hits.len()];
    for (hit, text) in terms.iter().enumerate() {
        let hit_counts = &mut counts[hit * slots.len()..(hit + 1) * slots.len()];
        for term in text.split(' ').filter(|term| !term.is_empty()) {
            grams.set(term);
            lengths[hit] += grams.len() as u32;
            for gram in grams.iter() {
                if let Some(&slot) = slots.get(gram) {
                    hit_counts[slot] += 1;
                }
            }
        }
    }
    let pool = hits.len() as f32;
    let average_length = (lengths.iter().sum::<u32>() as f32 / pool).max(1.0);
    let idfs: Vec<f32> = (0..slots.len())
        .map(|slot| {
            let holding = (0..hits.len())
                .filter(|hit| counts[hit * slots.len() + slot] > 0)
                .count() as f32;
            (1.0 + (pool - holding + 0.5) / (holding + 0.5)).ln()
        })
        .collect();
    for (hit, (score, _)) in hits.iter_mut().enumerate() {
        let norm = K1 * (1.0 - B + B * lengths[hit] as f32 / average_length);
        for gram in &evidence.grams {
            let slot = slots[gram.as_str()];
            let count = counts[hit * slots.len() + slot] as f32;
            *score += evidence.grams_weight * idfs[slot] * count * (K1 + 1.0) / (count + norm);
        }
    }
}

/// Adds the BM25 score of each of `terms` (times its weight) to each of `hits` that
/// holds it: per segment with hits, the term's postings skipped through in doc order. A
/// field in the main query would slow every search; each term is looked up once per
/// segment, for its document frequency and its postings alike.
///
/// The statistics are tantivy's own ([`Bm25StatisticsProvider`] for the searcher): the
/// document count and the document frequencies both still count deleted articles until
/// a merge drops them, so they always agree with each other (a frequency never exceeds
/// the count) and the score equals what a `TermQuery` would give.
pub(super) fn add_scores(
    searcher: &tantivy::Searcher,
    terms: &[(Term, f32)],
    hits: &mut [(f32, DocAddress)],
) -> Result<()> {
    let mut order: Vec<usize> = (0..hits.len()).collect();
    order.sort_by_key(|&index| hits[index].1);
    let total_docs = Bm25StatisticsProvider::total_num_docs(searcher)?;
    let mut average_lengths: Vec<(Field, f32)> = Vec::new();
    let mut term_infos: Vec<Option<TermInfo>> = Vec::new();
    for (term, term_weight) in terms {
        let field = term.field();
        term_infos.clear();
        for segment in searcher.segment_readers() {
            term_infos.push(
                segment
                    .inverted_index(field)?
                    .get_term_info(term)
                    .map_err(TantivyError::from)?,
            );
        }
        let doc_freq: u64 = term_infos
            .iter()
            .flatten()
            .map(|info| u64::from(info.doc_freq))
            .sum();
        if doc_freq == 0 {
            continue;
        }
        let average_length = match average_lengths.iter().find(|(known, _)| *known == field) {
            Some((_, average)) => *average,
            None => {
                let tokens = Bm25StatisticsProvider::total_num_tokens(searcher, field)?;
                let average = tokens as f32 / total_docs.max(1) as f32;
                average_lengths.push((field, average));
                average
            }
        };
        let bm25 = Bm25Weight::for_one_term_without_explain(doc_freq, total_docs, average_length)
            .boost_by(*term_weight);
        let mut current: Option<(u32, SegmentPostings, FieldNormReader)> = None;
        for &index in &order {
            let address = hits[index].1;
            let Some(info) = &term_infos[address.segment_ord as usize] else {
                continue;
            };
            let (postings, fieldnorms) = match &mut current {
                Some((segment, postings, fieldnorms)) if *segment == address.segment_ord => {
                    (postings, fieldnorms)
                }
                _ => {
                    let reader = searcher.segment_reader(address.segment_ord);
                    let postings = reader
                        .inverted_index(field)?
                        .read_postings_from_terminfo(info, IndexRecordOption::WithFreqs)
                        .map_err(TantivyError::from)?;
                    let fieldnorms = reader.get_fieldnorms_reader(field)?;
                    let (_, postings, fieldnorms) =
                        current.insert((address.segment_ord, postings, fieldnorms));
                    (postings, fieldnorms)
                }
            };
            if postings.doc() < address.doc_id {
                postings.seek(address.doc_id);
            }
            if postings.doc() == address.doc_id {
                let length = fieldnorms.fieldnorm_id(address.doc_id);
                hits[index].0 += bm25.score(length, postings.term_freq());
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::TopDocs;
    use tantivy::doc;
    use tantivy::query::TermQuery;

    /// Scores every article holding `term` with a `TermQuery` (tantivy's own BM25) and
    /// with `add_scores` from zero: they must agree.
    fn both_scores(searcher: &tantivy::Searcher, term: &Term) -> Vec<(f32, f32)> {
        let query = TermQuery::new(term.clone(), IndexRecordOption::WithFreqs);
        let by_tantivy = searcher
            .search(&query, &TopDocs::with_limit(1000).order_by_score())
            .unwrap();
        let mut by_hand: Vec<(f32, DocAddress)> = by_tantivy
            .iter()
            .map(|&(_, address)| (0.0, address))
            .collect();
        add_scores(searcher, &[(term.clone(), 1.0)], &mut by_hand).unwrap();
        by_tantivy
            .iter()
            .zip(&by_hand)
            .map(|(tantivy, hand)| (tantivy.0, hand.0))
            .collect()
    }

    #[test]
    fn scores_added_by_hand_equal_tantivys_after_deletions() {
        let dir = tempfile::tempdir().unwrap();
        let index = KavoshIndex::create_or_open(dir.path(), None).unwrap();
        let fields = *index.fields();
        // No merges: the deleted articles stay counted in the statistics, the state an
        // archive is in after a re-index until tantivy merges its segments.
        let mut writer: tantivy::IndexWriter = index.tantivy().writer(15_000_000).unwrap();
        writer.set_merge_policy(Box::new(tantivy::indexer::NoMergePolicy));
        let add = |writer: &tantivy::IndexWriter, id: usize| {
            let body = "ایران ".repeat(1 + id % 4) + "خبر تازه";
            writer
                .add_document(doc!(
                    fields.id => id.to_string(),
                    fields.title => "عنوان",
                    fields.body => body,
                ))
                .unwrap();
        };
        for id in 0..10 {
            add(&writer, id);
        }
        writer.commit().unwrap();
        for id in 10..20 {
            add(&writer, id);
        }
        writer.commit().unwrap();
        for id in (0..20).step_by(2).chain(11..17) {
            writer.delete_term(Term::from_field_text(fields.id, &id.to_string()));
        }
        writer.commit().unwrap();
        let reader = index.tantivy().reader().unwrap();
        let searcher = reader.searcher();
        assert!(
            searcher.num_docs() < 20,
            "the deletions are not merged away"
        );
        let term = Term::from_field_text(fields.body, "ایران");
        let scores = both_scores(&searcher, &term);
        assert_eq!(scores.len() as u64, searcher.num_docs());
        for (tantivy, by_hand) in scores {
            assert!((tantivy - by_hand).abs() < 1e-5, "{tantivy} vs {by_hand}");
        }
    }
}
