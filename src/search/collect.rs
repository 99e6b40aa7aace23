//! Collecting a plan's matching articles: the page of hits in one pass with their count
//! and facets, the best hits re-ordered with more evidence, and the undated articles a
//! date filter left out.

use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, EnableScoring, ExistsQuery, Occur, Query};
use tantivy::{DateTime, DocAddress, DocSet, Order, TantivyDocument, TERMINATED};

use super::facets::FacetCollector;
use super::plan::Plan;
use super::{rerank, Facets, Filters, MatchMode, SearchOptions, Searcher, SortOrder};
use crate::error::Result;
use crate::index::PUBLISHED;

/// What one pass over the matching articles collected.
pub(super) struct Collected {
    /// The page of hits asked for, in order.
    pub page: Vec<Ranked>,
    /// Matching articles in all, counted up to [`COUNTED_EXACTLY`].
    pub total: Total,
    pub facets: Option<Facets>,
    /// Whether articles had to contain all the words or any.
    pub matched: MatchMode,
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
    fn exact(count: usize) -> Self {
        Total { count, exact: true }
    }
}

/// A hit of a page: its score, its address, and its stored document when re-ordering
/// read it already.
pub(super) struct Ranked {
    pub score: f32,
    address: DocAddress,
    document: Option<TantivyDocument>,
}

impl Ranked {
    fn new((score, address): (f32, DocAddress)) -> Self {
        Ranked {
            score,
            address,
            document: None,
        }
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
    /// of the plan's words when the order is by relevance.
    pub(super) fn collect(
        &self,
        searcher: &tantivy::Searcher,
        plan: &Plan,
        options: &SearchOptions,
    ) -> Result<Collected> {
        let evidence = match options.sort {
            SortOrder::Relevance => rerank::evidence(&self.index, self.ranking, plan),
            SortOrder::Date => rerank::Evidence::none(),
        };
        let mut matched = options.match_mode;
        let query = self.compiler.compile(plan, matched, &options.filters);
        let mut collected = self.top(searcher, query.as_ref(), &evidence, options)?;
        if collected.total.count == 0 && matched == MatchMode::All {
            matched = MatchMode::Any;
            let query = self.compiler.compile(plan, matched, &options.filters);
            collected = self.top(searcher, query.as_ref(), &evidence, options)?;
        }
        collected.matched = matched;
        Ok(collected)
    }

    /// The page of hits `options` asks for, in its order, and the number of matching
    /// articles, collected in one pass.
    fn top(
        &self,
        searcher: &tantivy::Searcher,
        query: &dyn Query,
        evidence: &rerank::Evidence,
        options: &SearchOptions,
    ) -> Result<Collected> {
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
        let (top, total, facets): (Vec<Ranked>, Total, _) = match options.sort {
            SortOrder::Relevance => {
                let depth = self.ranking.depth.min(articles);
                let best = TopDocs::with_limit(wanted.max(depth)).order_by_score();
                // Facets need every match, and then counting them costs nothing more;
                // without, the best hits alone are found without visiting every match.
                let (mut top, total, facets) = match facets {
                    Some(facets) => {
                        let (top, total, facets) =
                            searcher.search(query, &(best, Count, facets))?;
                        (top, Total::exact(total), Some(facets))
                    }
                    None => {
                        let top = searcher.search(query, &best)?;
                        let total = if top.len() < wanted.max(depth) {
                            Total::exact(top.len())
                        } else {
                            count_up_to(searcher, query, COUNTED_EXACTLY)?
                        };
                        (top, total, None)
                    }
                };
                let reranked = top.len().min(depth);
                let mut documents =
                    rerank::add_evidence(&self.index, searcher, evidence, &mut top[..reranked])?
                        .into_iter();
                let mut top: Vec<Ranked> = top
                    .into_iter()
                    .map(|hit| Ranked {
                        document: documents.next(),
                        ..Ranked::new(hit)
                    })
                    .collect();
                // Stable: equal scores keep their order by words.
                top[..reranked].sort_by(|a, b| b.score.total_cmp(&a.score));
                (top, total, facets)
            }
            SortOrder::Date => {
                // Ordering by date visits every match anyway, so the count is exact.
                let by_date = TopDocs::with_limit(wanted)
                    .order_by_fast_field::<DateTime>(PUBLISHED, Order::Desc);
                let (top, total, facets) = searcher.search(query, &(by_date, Count, facets))?;
                (
                    top.into_iter()
                        .map(|(_date, address)| Ranked::new((0.0, address)))
                        .collect(),
                    Total::exact(total),
                    facets,
                )
            }
        };
        let page = top
            .into_iter()
            .skip(options.offset)
            .take(options.limit)
            .collect();
        Ok(Collected {
            page,
            total,
            facets,
            matched: options.match_mode,
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
        if filters.from.is_none() && filters.until.is_none() {
            return Ok(None);
        }
        let without_dates = Filters {
            from: None,
            until: None,
            source: filters.source.clone(),
        };
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
            count_up_to(searcher, &undated, COUNTED_EXACTLY)?.count,
        ))
    }
}

/// The live articles matching `query`, counted one by one up to `bound`: past it, the
/// count stops (`exact` false), so its cost never grows beyond `bound` matches.
fn count_up_to(searcher: &tantivy::Searcher, query: &dyn Query, bound: usize) -> Result<Total> {
    let weight = query.weight(EnableScoring::disabled_from_searcher(searcher))?;
    let mut count = 0;
    for segment in searcher.segment_readers() {
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
        let count = |bound| count_up_to(&searcher, &query, bound).unwrap();
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
