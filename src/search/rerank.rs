//! Re-ordering the best hits by words with more evidence: the query's words in the
//! article's lead and the grams of its words, each scored with BM25 from tantivy's own
//! statistics and added to the hit's score.

use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::{Postings, SegmentPostings, TermInfo};
use tantivy::query::{Bm25StatisticsProvider, Bm25Weight};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocAddress, DocSet, TantivyError, Term};

use super::Ranking;
use crate::analysis::grams::Grams;
use crate::error::Result;
use crate::index::KavoshIndex;

/// The evidence the best hits by whole words are re-ordered with, each term with its
/// weight: the words in the lead (the first sentence), and the words' grams if the
/// index has them (a term that occurs twice counts twice).
pub(super) fn evidence(
    index: &KavoshIndex,
    ranking: Ranking,
    query_text: &str,
) -> Vec<(Term, f32)> {
    let fields = index.fields();
    let mut grams = Grams::default();
    let mut terms: Vec<(Term, f32)> = Vec::new();
    let mut add = |term: Term, weight: f32| match terms.iter_mut().find(|(known, _)| *known == term)
    {
        Some((_, total)) => *total += weight,
        None => terms.push((term, weight)),
    };
    let Ranking {
        lead,
        grams: grams_weight,
        ..
    } = ranking;
    for token in index.query_analyzer().analyze(query_text) {
        if lead > 0.0 {
            add(Term::from_field_text(fields.lead, &token.text), lead);
        }
        if index.settings().grams && grams_weight > 0.0 {
            grams.set(&token.text);
            for gram in grams.iter() {
                add(Term::from_field_text(fields.grams, gram), grams_weight);
            }
        }
    }
    terms
}

/// Adds the BM25 score of each of `terms` (times its weight) to each of `hits` that
/// holds it: per segment with hits, the term's postings skipped through in doc order. A
/// union of long gram postings would decode far more than the few hits need, and a
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
