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
use super::highlight::{Highlighter, ReadAhead, ReadTo, Scan};
use super::parallel;
use super::plan::Plan;
use super::ranking::{Ranking, B, GRAM_TERMS, K1};
use super::SearchOptions;
use crate::analysis::grams::Grams;
use crate::analysis::Analyzer;
use crate::error::Result;
use crate::index::{KavoshIndex, TokenizerKind};

/// What the best hits by whole words are re-ordered with.
pub(crate) struct Evidence {
    /// The query's terms in the lead (the first sentence), each with its weight.
    pub lead_terms: Vec<(String, f32)>,
    /// The grams of the query's words (a gram twice in the query counts twice), and
    /// their weight.
    grams: Vec<String>,
    grams_weight: f32,
    /// The query's terms (as the query analyzer gives them), for query expansion to
    /// leave out.
    pub(super) query_terms: Vec<String>,
    /// Whether the query is expanded from the best hits' terms.
    feedback: bool,
    /// Neighbouring query terms that add to an article's score where they stand close.
    pub(super) boosts: Boosts,
    /// What the page highlights, when it shows passages: matched while the hits' text is
    /// read for the grams.
    pub(super) highlighter: Option<Highlighter>,
}

impl Evidence {
    /// Nothing to re-order with: for an order by date.
    pub(crate) fn none() -> Self {
        Evidence {
            lead_terms: Vec::new(),
            grams: Vec::new(),
            grams_weight: 0.0,
            query_terms: Vec::new(),
            feedback: false,
            boosts: Boosts::default(),
            highlighter: None,
        }
    }
}

/// The evidence for `plan` under `ranking` in an embedded index: see [`Evidence::of`];
/// a baseline index (not analyzed by kavosh) has no grams; with `--proximity`, the pairs
/// of neighbouring words.
pub(super) fn evidence(
    index: &KavoshIndex,
    ranking: Ranking,
    plan: &Plan,
    options: &SearchOptions,
) -> Evidence {
    let fields = index.fields();
    let analyzer = index.query_analyzer();
    let with_grams = index.settings().tokenizer == TokenizerKind::Persian;
    let mut evidence = Evidence::of(&analyzer, ranking, plan, options, with_grams);
    evidence.boosts.slop = ranking.proximity_slop;
    if options.passages > 0 {
        evidence.highlighter = Some(Highlighter::from_plan(plan, &analyzer));
    }
    if options.proximity {
        let tokens = analyzer.analyze(&plan.typed_positive_text());
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
    evidence
}

impl Evidence {
    /// The evidence for `plan` under `ranking`, whichever engine searches: the words the
    /// query asks for (never those it excludes, nor a filter's values), as `analyzer`
    /// (the query analyzer) gives them, in the lead, and their grams `with_grams`.
    pub(crate) fn of(
        analyzer: &Analyzer,
        ranking: Ranking,
        plan: &Plan,
        options: &SearchOptions,
        with_grams: bool,
    ) -> Evidence {
        let mut evidence = Evidence {
            grams_weight: ranking.grams,
            feedback: options.expand,
            ..Evidence::none()
        };
        let with_grams = with_grams && ranking.grams > 0.0;
        let mut grams = Grams::default();
        for token in analyzer.analyze(&plan.typed_positive_text()) {
            if ranking.lead > 0.0 {
                match evidence
                    .lead_terms
                    .iter_mut()
                    .find(|(known, _)| *known == token.text)
                {
                    Some((_, total)) => *total += ranking.lead,
                    None => evidence.lead_terms.push((token.text.clone(), ranking.lead)),
                }
            }
            if with_grams {
                grams.set(&token.text);
                evidence.grams.extend(grams.iter().map(str::to_string));
            }
            evidence.query_terms.push(token.text);
        }
        evidence
    }

    /// Whether the hits' text is needed: for the grams.
    pub(crate) fn has_grams(&self) -> bool {
        !self.grams.is_empty()
    }
}

/// What re-ordering read of the hits, in their order: their stored documents, and the
/// first [`GRAM_TERMS`] analyzed terms of each one's title and of its body, one text
/// of terms apart by spaces per hit (empty when neither the grams nor the expansion
/// needed them), so that the page's hits and the expansion read nothing again.
#[derive(Default)]
pub(super) struct HitTexts {
    pub documents: Vec<TantivyDocument>,
    pub terms: Vec<String>,
    /// What the terms read match, for the page's highlights.
    pub read_ahead: Vec<Option<ReadAhead>>,
}

/// Adds the evidence's scores to `hits` (the best hits by words), and gives what it read
/// of them.
pub(super) fn add_evidence(
    index: &KavoshIndex,
    searcher: &tantivy::Searcher,
    evidence: &Evidence,
    hits: &mut [(f32, DocAddress)],
) -> Result<HitTexts> {
    let lead = index.fields().lead;
    let lead_terms: Vec<(Term, f32)> = evidence
        .lead_terms
        .iter()
        .map(|(term, weight)| (Term::from_field_text(lead, term), *weight))
        .collect();
    add_scores(searcher, &lead_terms, hits)?;
    if evidence.grams.is_empty() && !evidence.feedback {
        return Ok(HitTexts::default());
    }
    let texts = read_hits(index, searcher, evidence, hits)?;
    if !evidence.grams.is_empty() {
        add_gram_scores(
            evidence,
            &texts.terms,
            hits.iter_mut().map(|(score, _)| score),
        );
    }
    Ok(texts)
}

/// The hits' stored documents and the first [`GRAM_TERMS`] terms of each one's title
/// and body, analyzed once for the grams, the expansion and the page's highlights alike.
fn read_hits(
    index: &KavoshIndex,
    searcher: &tantivy::Searcher,
    evidence: &Evidence,
    hits: &[(f32, DocAddress)],
) -> Result<HitTexts> {
    let fields = index.fields();
    // Each hit is read and analyzed on its own: in parallel, in the hits' order.
    let addresses: Vec<DocAddress> = hits.iter().map(|(_, address)| *address).collect();
    let read: Vec<(TantivyDocument, String, Option<ReadAhead>)> =
        parallel::map(addresses, |address| {
            let document: TantivyDocument = searcher.doc(address)?;
            let text = |field: Field| document.get_first(field).and_then(|value| value.as_str());
            let (terms, read_ahead) = hit_terms(
                index.analyzer(),
                [text(fields.title), text(fields.body)],
                evidence.highlighter.as_ref(),
            );
            Ok((document, terms, read_ahead))
        })?;
    let mut texts = HitTexts::default();
    for (document, terms, read_ahead) in read {
        texts.documents.push(document);
        texts.terms.push(terms);
        texts.read_ahead.push(read_ahead);
    }
    Ok(texts)
}

/// The first [`GRAM_TERMS`] terms of a hit's title and of its body (`texts`, either
/// missing), as `analyzer` (the documents') gives them, apart by spaces: what its grams
/// are taken from. With a `highlighter`, also what those terms match, read on to where
/// the page may take up the rest (when both texts are there).
pub(crate) fn hit_terms(
    analyzer: &Analyzer,
    texts: [Option<&str>; 2],
    highlighter: Option<&Highlighter>,
) -> (String, Option<ReadAhead>) {
    let mut terms = String::new();
    let mut read: Vec<ReadTo> = Vec::with_capacity(2);
    for text in texts.into_iter().flatten() {
        let mut tokens = analyzer.tokens(text);
        let mut scan = Scan::default();
        for _ in 0..GRAM_TERMS {
            let Some(token) = tokens.next_token() else {
                break;
            };
            if !terms.is_empty() {
                terms.push(' ');
            }
            terms.push_str(&token.text);
            if let Some(highlighter) = highlighter {
                highlighter.see(token, &mut scan);
            }
        }
        let Some(highlighter) = highlighter else {
            continue;
        };
        // A word's stacked tokens are seen before the page takes up the rest.
        let resume = loop {
            if let Some(resume) = tokens.resume_point() {
                break resume;
            }
            // At the end nothing is left to come: the next turn resumes there.
            if let Some(token) = tokens.next_token() {
                highlighter.see(token, &mut scan);
            }
        };
        read.push(ReadTo { scan, resume });
    }
    let read_ahead = match <[ReadTo; 2]>::try_from(read) {
        Ok([title, body]) => Some(ReadAhead { title, body }),
        Err(_) => None,
    };
    (terms, read_ahead)
}

/// Adds to each hit's score (`scores`, in the order of `terms`) the BM25 score of the
/// query's grams in the grams of its terms (`terms`, as [`hit_terms`] gives them), with the statistics (document frequency,
/// average length) of the hits themselves: among the hits, a gram they all share tells
/// nothing, while one only some of them have tells them apart. The grams match
/// inflected and derived forms no rule knows (حیوانات ~ حیوان, منقرض ~ انقراض).
///
/// Computed from the hits' stored text, so indexing pays nothing for them: an indexed
/// gram field cost as much indexing time again as the words (README: Benchmarks) for
/// the same ranking.
pub(crate) fn add_gram_scores<'a>(
    evidence: &Evidence,
    terms: &[String],
    scores: impl IntoIterator<Item = &'a mut f32>,
) {
    // Each distinct query gram's slot in the per-hit counts; looked up for every gram of
    // the hits, so with a fast hash.
    let mut slots: FxHashMap<&str, usize> = FxHashMap::default();
    for gram in &evidence.grams {
        let next = slots.len();
        slots.entry(gram.as_str()).or_insert(next);
    }
    let mut grams = Grams::default();
    let hits = terms.len();
    let mut counts = vec![0u32; hits * slots.len()];
    let mut lengths = vec![0u32; hits];
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
    let pool = hits as f32;
    let average_length = (lengths.iter().sum::<u32>() as f32 / pool).max(1.0);
    let idfs: Vec<f32> = (0..slots.len())
        .map(|slot| {
            let holding = (0..hits)
                .filter(|hit| counts[hit * slots.len() + slot] > 0)
                .count() as f32;
            (1.0 + (pool - holding + 0.5) / (holding + 0.5)).ln()
        })
        .collect();
    for (hit, score) in scores.into_iter().enumerate() {
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
    use crate::search::plan::Plan;
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

    /// The page's highlights from what re-ordering read and the rest are those of reading
    /// the whole text: words, prefixes, phrases and compounds, before and after the
    /// [`GRAM_TERMS`] read, in the user's article (joined typing throughout).
    #[test]
    fn highlights_read_ahead_are_those_of_the_whole_text() {
        let article = include_str!("../../corpus/syria-china-phone-call.txt");
        let (title, body) = article.split_once('\n').unwrap();
        let analyzer = Analyzer::default();
        for query in [
            "چین سوریه",
            "\"بشار اسد\" پاندمی",
            "راه‌های محاصره‌ای",
            "میکند واکس*",
            "\"کمربند و جاده\" \"ویروس کرونا\" همکاری",
        ] {
            let highlighter = Highlighter::from_plan(&Plan::parse(query), &analyzer);
            let (_, read) = hit_terms(&analyzer, [Some(title), Some(body)], Some(&highlighter));
            let ReadAhead {
                title: read_title,
                body: read_body,
            } = read.unwrap();
            for (text, read) in [(title, read_title), (body, read_body)] {
                let whole = highlighter.find(text, &analyzer).spans();
                assert!(
                    !whole.is_empty() || text == title,
                    "{query}: nothing to compare"
                );
                let resumed = highlighter.find_from(text, &analyzer, read).spans();
                assert_eq!(resumed, whole, "{query}");
            }
        }
    }
}
