//! Unions that are sought as well as walked. tantivy's union buffers its matches a
//! window of 4,096 articles at a time, scoring each, which pays when every match is
//! walked but not when the union is sought: in an every-word query each word is a union
//! (its title and its body) that the intersection seeks to the rarest word's articles,
//! and every seek past the window scored a new one. At 1.15M articles a third of the
//! search time went there. [`SeekingUnion`] walks as tantivy's union does (block-max
//! WAND, counts, every match), and when it is sought, seeks each clause and scores only
//! the article it stops at, summing as tantivy's union sums: each union's score is the
//! same, bit for bit. An intersection over such unions may still sum its parts in another
//! order than before (see [`SeekingScorer::cost`]), so a query's score may differ in its
//! last digit.

use std::sync::Arc;

use tantivy::query::{
    AllScorer, BooleanQuery, BooleanWeight, EmptyScorer, EnableScoring, Explanation, Occur, Query,
    Scorer, SumCombiner, Weight,
};
use tantivy::{DocId, DocSet, Score, SegmentReader, Term, TERMINATED};

/// A union of should clauses whose scorer seeks its clauses instead of buffering them.
#[derive(Clone, Debug)]
pub(super) struct SeekingUnion(BooleanQuery);

impl SeekingUnion {
    /// `query` with every union of two or more should clauses under it made a seeking
    /// union; `query` itself is walked, not sought, and stays as it is (walked, as when
    /// counting, tantivy's buffered union is the faster).
    pub(super) fn under(query: Box<dyn Query>) -> Box<dyn Query> {
        match query.downcast_ref::<BooleanQuery>() {
            Some(boolean) => Box::new(Self::rebuilt(boolean)),
            None => query,
        }
    }

    /// `query` ([`SeekingUnion::under`]'s) made a seeking union itself if it is a union:
    /// for a query that is sought as a whole, as when a page's stories are sought for
    /// their other articles (tantivy's union still walks it). Anything else is left as
    /// it is: a union under an intersection (a filter's) is walked by it.
    pub(super) fn at_root(query: &dyn Query) -> Box<dyn Query> {
        match query.downcast_ref::<BooleanQuery>() {
            Some(boolean) if is_union(boolean) => Box::new(SeekingUnion(boolean.clone())),
            _ => query.box_clone(),
        }
    }

    /// `query` made a seeking union if it is a union, and the unions under it too.
    fn throughout(query: Box<dyn Query>) -> Box<dyn Query> {
        let Some(boolean) = query.downcast_ref::<BooleanQuery>() else {
            return query;
        };
        let rebuilt = Self::rebuilt(boolean);
        match is_union(&rebuilt) {
            true => Box::new(SeekingUnion(rebuilt)),
            false => Box::new(rebuilt),
        }
    }

    /// `boolean` with the unions under it made seeking unions.
    fn rebuilt(boolean: &BooleanQuery) -> BooleanQuery {
        let clauses: Vec<(Occur, Box<dyn Query>)> = (boolean.clauses().iter())
            .map(|(occur, clause)| (*occur, Self::throughout(clause.box_clone())))
            .collect();
        BooleanQuery::with_minimum_required_clauses(
            clauses,
            boolean.get_minimum_number_should_match(),
        )
    }
}

impl Query for SeekingUnion {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let clauses = (self.0.clauses().iter())
            .map(|(_, clause)| clause.weight(scoring).map(Arc::from))
            .collect::<tantivy::Result<Vec<Arc<dyn Weight>>>>()?;
        let shared = (clauses.iter())
            .map(|clause| {
                let shared: Box<dyn Weight> = Box::new(Shared(clause.clone()));
                (Occur::Should, shared)
            })
            .collect();
        Ok(Box::new(SeekingUnionWeight {
            union: BooleanWeight::with_minimum_number_should_match(
                shared,
                self.0.get_minimum_number_should_match(),
                scoring.is_scoring_enabled(),
                Box::new(SumCombiner::default),
            ),
            clauses,
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.0.query_terms(visitor);
    }
}

/// Whether `boolean` is a union: two or more should clauses, any one enough.
fn is_union(boolean: &BooleanQuery) -> bool {
    boolean.clauses().len() >= 2
        && boolean.get_minimum_number_should_match() <= 1
        && (boolean.clauses().iter()).all(|(occur, _)| *occur == Occur::Should)
}

/// One clause's weight, shared by tantivy's union and the seeking scorer.
struct Shared(Arc<dyn Weight>);

impl Weight for Shared {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        self.0.scorer(reader, boost)
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        self.0.explain(reader, doc)
    }
}

/// tantivy's union weight for walking the matches; its scorer seeks.
struct SeekingUnionWeight {
    union: BooleanWeight<SumCombiner>,
    /// The union's clauses, in its order.
    clauses: Vec<Arc<dyn Weight>>,
}

impl Weight for SeekingUnionWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let mut clauses = (self.clauses.iter())
            .map(|clause| clause.scorer(reader, boost))
            .collect::<tantivy::Result<Vec<_>>>()?;
        // tantivy's union treats a clause matching every article apart.
        if clauses.iter().any(|clause| clause.is::<AllScorer>()) {
            return self.union.scorer(reader, boost);
        }
        // As tantivy's union: nothing without a match, a lone clause as it is.
        clauses.retain(|clause| clause.doc() != TERMINATED);
        match clauses.len() {
            0 => Ok(Box::new(EmptyScorer)),
            1 => Ok(clauses.pop().expect("one clause")),
            _ => {
                let doc = first_doc(&clauses);
                Ok(Box::new(SeekingScorer { clauses, doc }))
            }
        }
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        self.union.explain(reader, doc)
    }

    fn count(&self, reader: &SegmentReader) -> tantivy::Result<u32> {
        self.union.count(reader)
    }

    fn for_each(
        &self,
        reader: &SegmentReader,
        callback: &mut dyn FnMut(DocId, Score),
    ) -> tantivy::Result<()> {
        self.union.for_each(reader, callback)
    }

    fn for_each_no_score(
        &self,
        reader: &SegmentReader,
        callback: &mut dyn FnMut(&[DocId]),
    ) -> tantivy::Result<()> {
        self.union.for_each_no_score(reader, callback)
    }

    fn for_each_pruning(
        &self,
        threshold: Score,
        reader: &SegmentReader,
        callback: &mut dyn FnMut(DocId, Score) -> Score,
    ) -> tantivy::Result<()> {
        self.union.for_each_pruning(threshold, reader, callback)
    }
}

/// The least article any of `clauses` stands at.
fn first_doc(clauses: &[Box<dyn Scorer>]) -> DocId {
    (clauses.iter().map(|clause| clause.doc()))
        .min()
        .unwrap_or(TERMINATED)
}

/// A union that moves each clause only when asked, the clauses standing at or past it.
struct SeekingScorer {
    clauses: Vec<Box<dyn Scorer>>,
    doc: DocId,
}

impl DocSet for SeekingScorer {
    fn advance(&mut self) -> DocId {
        for clause in &mut self.clauses {
            if clause.doc() == self.doc {
                clause.advance();
            }
        }
        self.doc = first_doc(&self.clauses);
        self.doc
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        for clause in &mut self.clauses {
            if clause.doc() < target {
                clause.seek(target);
            }
        }
        self.doc = first_doc(&self.clauses);
        self.doc
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        (self.clauses.iter().map(|clause| clause.size_hint()))
            .max()
            .unwrap_or(0)
    }

    /// What walking every clause costs, as tantivy's union counts it when it is built.
    /// tantivy's union counts only the clauses its first buffered window has not used up,
    /// so it may cost less than this: the intersection, which orders its parts by cost,
    /// may then add the same scores in another order (the last digit of 68 of the 2,739
    /// MIRACL answers on the news set).
    fn cost(&self) -> u64 {
        self.clauses.iter().map(|clause| clause.cost()).sum()
    }
}

impl Scorer for SeekingScorer {
    /// The clauses' scores summed in the union's order from zero, as tantivy's union
    /// sums them.
    fn score(&mut self) -> Score {
        let doc = self.doc;
        let mut score = 0.0;
        for clause in &mut self.clauses {
            if clause.doc() == doc {
                score += clause.score();
            }
        }
        score
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::{Count, TopDocs};
    use tantivy::doc;
    use tantivy::query::{BoostQuery, PhraseQuery, TermQuery};
    use tantivy::schema::IndexRecordOption;

    const WORDS: [&str; 6] = ["بازار", "سهام", "تهران", "بورس", "نفت", "دلار"];

    #[test]
    fn sought_or_walked_a_seeking_union_matches_and_scores_as_tantivys() {
        let (_dir, index, mut writer) = crate::index::scratch_index();
        let fields = *index.fields();
        // Articles of common and rare words in several segments, from a fixed sequence.
        let mut seed: u64 = 7;
        let mut next = |below: usize| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize % below
        };
        for id in 0..3000 {
            let mut words = |count: usize| {
                (0..count)
                    // The first words common, the last rare.
                    .map(|_| WORDS[next(WORDS.len()).min(next(WORDS.len()))])
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            let (title, body) = (words(2), words(12));
            writer
                .add_document(
                    doc!(fields.id => id.to_string(), fields.title => title, fields.body => body),
                )
                .unwrap();
            if id % 700 == 0 {
                writer.commit().unwrap();
            }
        }
        writer.commit().unwrap();
        let searcher = index.tantivy().reader().unwrap().searcher();
        let term = |field, word: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(field, word),
                IndexRecordOption::WithFreqs,
            ))
        };
        // A word in the title (weighted) or the body, as the parser writes one.
        let word = |word: &str| -> Box<dyn Query> {
            Box::new(BooleanQuery::new(vec![
                (
                    Occur::Should,
                    Box::new(BoostQuery::new(term(fields.title, word), 2.0)),
                ),
                (Occur::Should, term(fields.body, word)),
            ]))
        };
        let phrase = PhraseQuery::new(vec![
            Term::from_field_text(fields.body, WORDS[4]),
            Term::from_field_text(fields.body, WORDS[5]),
        ]);
        let every_word = BooleanQuery::new(vec![
            (Occur::Must, word(WORDS[1])),
            (Occur::Must, word(WORDS[3])),
            (
                Occur::Must,
                Box::new(BooleanQuery::new(vec![
                    (Occur::Should, word(WORDS[5])),
                    (Occur::Should, Box::new(phrase)),
                ])),
            ),
        ]);
        let any_word = BooleanQuery::new(vec![
            (Occur::Should, word(WORDS[0])),
            (Occur::Should, word(WORDS[4])),
        ]);
        for query in [every_word, any_word] {
            let top = |query: &dyn Query| {
                searcher
                    .search(query, &(TopDocs::with_limit(3000).order_by_score(), Count))
                    .unwrap()
            };
            let under = SeekingUnion::under(Box::new(query.clone()));
            // As a collapsed search seeks it: the query itself too, if a union.
            let seeking = SeekingUnion::at_root(under.as_ref());
            assert!(
                under.downcast_ref::<SeekingUnion>().is_none(),
                "the query itself is walked"
            );
            assert_eq!(top(&query), top(under.as_ref()));
            let (all, count) = top(&query);
            assert!(count > 50 && count < 3000, "{count} matches");
            assert_eq!((all, count), top(seeking.as_ref()));
            // Sought to every third article: the same stops, the same scores.
            let scoring = EnableScoring::enabled_from_searcher(&searcher);
            let (plain, sought) = (
                query.weight(scoring).unwrap(),
                seeking.weight(scoring).unwrap(),
            );
            for segment in searcher.segment_readers() {
                let mut plain = plain.scorer(segment, 1.0).unwrap();
                let mut sought = sought.scorer(segment, 1.0).unwrap();
                for target in (1..segment.max_doc()).step_by(3) {
                    assert_eq!(plain.seek(target), sought.seek(target));
                    if plain.doc() == TERMINATED {
                        break;
                    }
                    assert_eq!(plain.score(), sought.score(), "at {target}");
                }
            }
        }
    }
}
