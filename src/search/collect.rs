//! Collecting a plan's matching articles: the page of hits in one pass with their count
//! and facets, the best hits re-ordered with more evidence, and the undated articles a
//! date filter left out.

use tantivy::collector::{Count, TopDocs};
use tantivy::columnar::Cardinality;
use tantivy::query::{BooleanQuery, EnableScoring, ExistsQuery, Occur, Query};
use tantivy::{
    DateTime, DocAddress, DocId, DocSet, Order, SegmentOrdinal, SegmentReader, TantivyDocument,
    TERMINATED,
};

use rustc_hash::FxHashSet;

use super::collapse::{Collapsed, ALONE};
use super::facets::FacetCollector;
use super::feedback;
use super::highlight::{Highlighter, ReadAhead};
use super::parallel;
use super::plan::Plan;
use super::{rerank, Facets, Filters, MatchMode, SearchOptions, Searcher, Similar, SortOrder};
use crate::error::Result;
use crate::index::PUBLISHED;

/// What one pass over the matching articles collected.
pub(super) struct Collected {
    /// The best hits (or stories) in order: every one collected until
    /// [`Searcher::collect`] pages them, then the page asked for.
    pub page: Vec<Ranked>,
    /// Matching articles in all, counted up to [`COUNTED_EXACTLY`].
    pub total: Total,
    /// Their stories, when collapsed by story.
    pub stories: Option<usize>,
    pub facets: Option<Facets>,
    /// Whether articles had to contain all the words or any.
    pub matched: MatchMode,
    /// When collapsed by story, what the page's similar articles are found with.
    pub collapsed: Option<Collapsed>,
    /// The page's highlighter when re-ordering matched the hits' first terms with it
    /// (`Ranked::read_ahead`): the page must finish with that same one.
    pub highlighter: Option<Highlighter>,
}

impl Collected {
    /// The best hits or stories `top`, in order (paged by [`Searcher::collect`], which
    /// also says how they `matched` in the end), with the counts of the matching articles
    /// and their stories.
    pub(super) fn of(
        top: Vec<Ranked>,
        total: Total,
        stories: Option<usize>,
        facets: Option<Facets>,
        matched: MatchMode,
    ) -> Collected {
        Collected {
            page: top,
            total,
            stories,
            facets,
            matched,
            collapsed: None,
            highlighter: None,
        }
    }
}

/// Matching articles are counted one by one up to this many; beyond, the answer says
/// "more than 10,000" (`total_is_lower_bound`), as Elasticsearch's `track_total_hits`
/// does with the same default. Finding the best hits skips most of a million matches
/// (block-max WAND); counting them cannot, and no reader pages past 10,000 (the
/// server's `offset` limit).
pub const COUNTED_EXACTLY: usize = 10_000;

/// How many articles match: exact, or more than `count` when counting stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Total {
    pub count: usize,
    pub exact: bool,
}

impl Total {
    pub(super) fn exact(count: usize) -> Self {
        Total { count, exact: true }
    }
}

/// A hit of a page: its score, its address, and its stored document when re-ordering
/// read it already.
pub(super) struct Ranked {
    pub score: f32,
    pub address: DocAddress,
    document: Option<TantivyDocument>,
    /// Its first analyzed terms, when re-ordering read them (`rerank::HitTexts`).
    terms: String,
    /// What those terms match of the page's highlights.
    pub read_ahead: Option<ReadAhead>,
    /// Its story when collapsed by story ([`ALONE`] for none, or not collapsed).
    pub story: u32,
    /// The other matching articles of its story, best first, when collapsed by story.
    pub similar: Vec<Similar>,
}

impl Ranked {
    pub(super) fn new((score, address): (f32, DocAddress)) -> Self {
        Ranked {
            score,
            address,
            document: None,
            terms: String::new(),
            read_ahead: None,
            story: ALONE,
            similar: Vec::new(),
        }
    }

    /// The hit as the best article of `story`.
    pub(super) fn in_story(self, story: u32) -> Self {
        Ranked { story, ..self }
    }

    /// The hit's stored document, read now if re-ordering did not.
    pub(super) fn document(self, searcher: &tantivy::Searcher) -> Result<TantivyDocument> {
        match self.document {
            Some(document) => Ok(document),
            None => Ok(searcher.doc(self.address)?),
        }
    }
}

impl Searcher {
    /// The page of hits of `plan` that `options` ask for: with every word if asked and
    /// some article has them all, else with any; the best re-ordered with the evidence
    /// of the plan's words when the order is by relevance, and, with `--expand`, the
    /// best re-ordered again with the words the re-ordered hits share.
    pub(super) fn collect(
        &self,
        searcher: &tantivy::Searcher,
        plan: &Plan,
        options: &SearchOptions,
    ) -> Result<Collected> {
        let mut evidence = match options.sort {
            SortOrder::Relevance => rerank::evidence(&self.index, self.ranking, plan, options),
            SortOrder::Date => rerank::Evidence::none(),
        };
        let mut matched = options.match_mode;
        let mut collected = self.top(searcher, plan, matched, &evidence, options)?;
        if collected.total.count == 0 && matched == MatchMode::All {
            matched = MatchMode::Any;
            collected = self.top(searcher, plan, matched, &evidence, options)?;
        }
        if options.sort == SortOrder::Relevance && options.expand {
            let terms = self.expansion(searcher, plan, &evidence, &collected)?;
            let depth = self.ranking.expansion_depth;
            rescore(&mut collected.page, depth, |_, best| {
                rerank::add_scores(searcher, &terms, best)
            })?;
        }
        collected.matched = matched;
        collected.page = std::mem::take(&mut collected.page)
            .into_iter()
            .skip(options.offset)
            .take(options.limit)
            .collect();
        if let Some(collapsed) = &collected.collapsed {
            self.add_similar(searcher, collapsed, &mut collected.page)?;
        }
        collected.highlighter = evidence.highlighter.take();
        Ok(collected)
    }

    /// The words of the best articles of `collected` to expand the query with.
    fn expansion(
        &self,
        searcher: &tantivy::Searcher,
        plan: &Plan,
        evidence: &rerank::Evidence,
        collected: &Collected,
    ) -> Result<Vec<(tantivy::Term, f32)>> {
        // The re-ordered hits, whose terms re-ordering read.
        let best: Vec<(f32, &str)> = collected
            .page
            .iter()
            .take(self.ranking.depth)
            .map(|ranked| (ranked.score, ranked.terms.as_str()))
            .collect();
        let analyzer = self.index.query_analyzer();
        let mut left_out: FxHashSet<String> = evidence.query_terms.iter().cloned().collect();
        left_out.extend(
            analyzer
                .analyze(&plan.excluded_text())
                .into_iter()
                .map(|token| token.text),
        );
        let query_terms = evidence.query_terms.len();
        feedback::expansion_terms(
            &self.index,
            searcher,
            self.ranking,
            &best,
            &left_out,
            query_terms,
        )
    }

    /// The best hits of `plan` under `mode`, as many as the page needs and at least the
    /// re-ordered ones, in order, and the number of matching articles (and their facets),
    /// collected in one pass.
    fn top(
        &self,
        searcher: &tantivy::Searcher,
        plan: &Plan,
        mode: MatchMode,
        evidence: &rerank::Evidence,
        options: &SearchOptions,
    ) -> Result<Collected> {
        let query = self
            .compiler
            .compile_ranked(plan, mode, &options.filters, &evidence.boosts);
        let query = query.as_ref();
        // Never more than there are articles: a page far beyond the matches costs
        // nothing, however large the numbers asked for.
        let articles = usize::try_from(searcher.num_docs()).unwrap_or(usize::MAX);
        let wanted = options
            .offset
            .saturating_add(options.limit)
            .min(articles)
            .max(1);
        let facets = options.facets.then(|| {
            self.source_columns.keep_only(searcher);
            FacetCollector {
                sources: &self.source_columns,
                source_field: self.index.fields().source,
            }
        });
        // Expansion re-orders deeper than the page.
        let wanted = match options.sort == SortOrder::Relevance && options.expand {
            true => wanted.max(self.ranking.expansion_depth.min(articles)),
            false => wanted,
        };
        if options.collapse {
            return self.top_stories(searcher, query, evidence, options, wanted, facets);
        }
        let (top, total, facets): (Vec<Ranked>, Total, _) = match options.sort {
            SortOrder::Relevance => {
                let depth = self.ranking.depth.min(articles);
                let best = TopDocs::with_limit(wanted.max(depth)).order_by_score();
                // Facets need every match, and then counting them costs nothing more;
                // without, the best hits alone are found without visiting every match.
                let (top, total, facets) = match facets {
                    Some(facets) => {
                        let (top, total, facets) =
                            parallel::search(searcher, query, &(best, Count, facets))?;
                        (top, Total::exact(total), Some(facets))
                    }
                    None => {
                        let top = parallel::search(searcher, query, &best)?;
                        let total = if top.len() < wanted.max(depth) {
                            Total::exact(top.len())
                        } else {
                            count_up_to(searcher, query, COUNTED_EXACTLY, |_, _| {})?
                        };
                        (top, total, None)
                    }
                };
                let mut top: Vec<Ranked> = top.into_iter().map(Ranked::new).collect();
                self.rerank_best(searcher, evidence, &mut top)?;
                (top, total, facets)
            }
            SortOrder::Date => {
                // Ordering by date visits every match anyway, so the count is exact.
                let by_date = TopDocs::with_limit(wanted)
                    .order_by_fast_field::<DateTime>(PUBLISHED, Order::Desc);
                let (top, total, facets) =
                    parallel::search(searcher, query, &(by_date, Count, facets))?;
                (
                    top.into_iter()
                        .map(|(_date, address)| Ranked::new((0.0, address)))
                        .collect(),
                    Total::exact(total),
                    facets,
                )
            }
        };
        Ok(Collected::of(top, total, None, facets, mode))
    }

    /// Re-orders the best of `top` (the ranking's depth) with the evidence of the plan's
    /// words; each keeps the document and the terms re-ordering read.
    pub(super) fn rerank_best(
        &self,
        searcher: &tantivy::Searcher,
        evidence: &rerank::Evidence,
        top: &mut [Ranked],
    ) -> Result<()> {
        rescore(top, self.ranking.depth, |hits, best| {
            let texts = rerank::add_evidence(&self.index, searcher, evidence, best)?;
            let read = texts
                .documents
                .into_iter()
                .zip(texts.terms)
                .zip(texts.read_ahead);
            for (ranked, ((document, terms), read_ahead)) in hits.iter_mut().zip(read) {
                ranked.document = Some(document);
                ranked.terms = terms;
                ranked.read_ahead = read_ahead;
            }
            Ok(())
        })
    }

    /// With a date filter, the articles that match the query and the other filters but
    /// have no date (counted up to [`COUNTED_EXACTLY`]): a reader filtering by date
    /// should know they were left out.
    pub(super) fn undated_left_out(
        &self,
        searcher: &tantivy::Searcher,
        plan: &Plan,
        mode: MatchMode,
        filters: &Filters,
    ) -> Result<Option<usize>> {
        let Some(without_dates) = filters.without_dates() else {
            return Ok(None);
        };
        // Where every article has a date, none is left out: no match need be visited
        // (counting them visited every match of the query, whose dated ones it skips).
        let dated_throughout = |segment: &SegmentReader| {
            segment
                .fast_fields()
                .date(PUBLISHED)
                .is_ok_and(|dates| dates.get_cardinality() == Cardinality::Full)
        };
        if searcher.segment_readers().iter().all(dated_throughout) {
            return Ok(Some(0));
        }
        let undated = BooleanQuery::new(vec![
            (
                Occur::Must,
                self.compiler.compile(plan, mode, &without_dates),
            ),
            (
                Occur::MustNot,
                Box::new(ExistsQuery::new(PUBLISHED.to_string(), false)),
            ),
        ]);
        Ok(Some(
            count_up_to(searcher, &undated, COUNTED_EXACTLY, |_, _| {})?.count,
        ))
    }
}

/// Adds evidence to the best `depth` of `top` and orders them again: `add` gets those
/// hits (to keep what it read of them) and their scores and addresses (to add to).
/// Stable: equal scores keep their order.
fn rescore(
    top: &mut [Ranked],
    depth: usize,
    add: impl FnOnce(&mut [Ranked], &mut [(f32, DocAddress)]) -> Result<()>,
) -> Result<()> {
    let depth = depth.min(top.len());
    let best = &mut top[..depth];
    let mut scores: Vec<(f32, DocAddress)> = best
        .iter()
        .map(|ranked| (ranked.score, ranked.address))
        .collect();
    add(best, &mut scores)?;
    for (ranked, (score, _)) in best.iter_mut().zip(scores) {
        ranked.score = score;
    }
    best.sort_by(|a, b| b.score.total_cmp(&a.score));
    Ok(())
}

/// The live articles matching `query`, counted one by one up to `bound`, each counted one
/// given to `visit`: past it, the count stops (`exact` false), so its cost never grows
/// beyond `bound` matches.
pub(super) fn count_up_to(
    searcher: &tantivy::Searcher,
    query: &dyn Query,
    bound: usize,
    mut visit: impl FnMut(SegmentOrdinal, DocId),
) -> Result<Total> {
    let weight = query.weight(EnableScoring::disabled_from_searcher(searcher))?;
    let mut count = 0;
    for (ordinal, segment) in (0..).zip(searcher.segment_readers()) {
        let alive = segment.alive_bitset();
        let mut matches = weight.scorer(segment, 1.0)?;
        let mut doc = matches.doc();
        while doc != TERMINATED {
            if alive.is_none_or(|alive| alive.is_alive(doc)) {
                count += 1;
                if count > bound {
                    return Ok(Total {
                        count: bound,
                        exact: false,
                    });
                }
                visit(ordinal, doc);
            }
            doc = matches.advance();
        }
    }
    Ok(Total::exact(count))
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::query::TermQuery;
    use tantivy::schema::IndexRecordOption;
    use tantivy::{doc, Term};

    #[test]
    fn matches_are_counted_live_and_exactly_up_to_the_bound_only() {
        let (_dir, index, mut writer) = crate::index::scratch_index();
        let fields = *index.fields();
        for id in 0..30 {
            writer
                .add_document(doc!(fields.id => id.to_string(), fields.body => "بازار سهام"))
                .unwrap();
        }
        writer.commit().unwrap();
        for id in 0..5 {
            writer.delete_term(Term::from_field_text(fields.id, &id.to_string()));
        }
        writer.commit().unwrap();
        let searcher = index.tantivy().reader().unwrap().searcher();
        let query = TermQuery::new(
            Term::from_field_text(fields.body, "بازار"),
            IndexRecordOption::Basic,
        );
        let count = |bound| count_up_to(&searcher, &query, bound, |_, _| {}).unwrap();
        assert_eq!(
            count(100),
            Total::exact(25),
            "deleted articles do not count"
        );
        assert_eq!(count(25), Total::exact(25));
        assert_eq!(
            count(10),
            Total {
                count: 10,
                exact: false
            }
        );
    }
}
