//! Collecting a plan's matching articles: the page of hits in one pass with their count
//! and facets, the best hits re-ordered with more evidence, and the undated articles a
//! date filter left out.

use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, ExistsQuery, Occur, Query};
use tantivy::{DateTime, DocAddress, Order, TantivyDocument};

use super::facets::FacetCollector;
use super::plan::Plan;
use super::{rerank, Facets, Filters, MatchMode, SearchOptions, Searcher, SortOrder};
use crate::error::Result;
use crate::index::PUBLISHED;

/// What one pass over the matching articles collected.
pub(super) struct Collected {
    /// The page of hits asked for, in order.
    pub page: Vec<Ranked>,
    /// Matching articles in all.
    pub total: usize,
    /// Their stories, when collapsed by story.
    pub stories: Option<usize>,
    pub facets: Option<Facets>,
    /// Whether articles had to contain all the words or any.
    pub matched: MatchMode,
}

impl Collected {
    /// The page `options` asks for out of `top` (hits or stories, in order), with the
    /// counts of the matching articles and their stories.
    pub(super) fn page_of(
        top: Vec<Ranked>,
        total: usize,
        stories: Option<usize>,
        facets: Option<Facets>,
        options: &SearchOptions,
    ) -> Collected {
        Collected {
            page: top
                .into_iter()
                .skip(options.offset)
                .take(options.limit)
                .collect(),
            total,
            stories,
            facets,
            matched: options.match_mode,
        }
    }
}

/// A hit of a page: its score, its address, and its stored document when re-ordering
/// read it already.
pub(super) struct Ranked {
    pub score: f32,
    address: DocAddress,
    document: Option<TantivyDocument>,
    /// The other matching articles of its story, best first, when collapsed by story.
    pub similar: Vec<DocAddress>,
}

impl Ranked {
    pub(super) fn new((score, address): (f32, DocAddress)) -> Self {
        Ranked {
            score,
            address,
            document: None,
            similar: Vec::new(),
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
        if collected.total == 0 && matched == MatchMode::All {
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
        if options.collapse {
            return self.top_stories(searcher, query, evidence, options, wanted, facets);
        }
        let (top, total, facets): (Vec<Ranked>, usize, _) = match options.sort {
            SortOrder::Relevance => {
                let depth = self.ranking.depth.min(articles);
                let best = TopDocs::with_limit(wanted.max(depth)).order_by_score();
                let (top, total, facets) = searcher.search(query, &(best, Count, facets))?;
                let mut top: Vec<Ranked> = top.into_iter().map(Ranked::new).collect();
                self.rerank_best(searcher, evidence, &mut top)?;
                (top, total, facets)
            }
            SortOrder::Date => {
                let by_date = TopDocs::with_limit(wanted)
                    .order_by_fast_field::<DateTime>(PUBLISHED, Order::Desc);
                let (top, total, facets) = searcher.search(query, &(by_date, Count, facets))?;
                (
                    top.into_iter()
                        .map(|(_date, address)| Ranked::new((0.0, address)))
                        .collect(),
                    total,
                    facets,
                )
            }
        };
        Ok(Collected::page_of(top, total, None, facets, options))
    }

    /// Re-orders the best of `top` (the ranking's depth) with the evidence of the plan's
    /// words; each keeps the document re-ordering read.
    pub(super) fn rerank_best(
        &self,
        searcher: &tantivy::Searcher,
        evidence: &rerank::Evidence,
        top: &mut [Ranked],
    ) -> Result<()> {
        let depth = self.ranking.depth.min(top.len());
        let mut best: Vec<(f32, DocAddress)> = top[..depth]
            .iter()
            .map(|ranked| (ranked.score, ranked.address))
            .collect();
        let mut documents =
            rerank::add_evidence(&self.index, searcher, evidence, &mut best)?.into_iter();
        for (ranked, (score, _)) in top.iter_mut().zip(best) {
            ranked.score = score;
            ranked.document = documents.next();
        }
        // Stable: equal scores keep their order by words.
        top[..depth].sort_by(|a, b| b.score.total_cmp(&a.score));
        Ok(())
    }

    /// With a date filter, the articles that match the query and the other filters but
    /// have no date: a reader filtering by date should know they were left out.
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
        Ok(Some(searcher.search(&undated, &Count)?))
    }
}
