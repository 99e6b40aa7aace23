//! Search: a query in, ranked hits with highlighted passages out.
//!
//! The query is parsed once into a [`Plan`] (`plan.rs`: words, `"phrases"`, `+must`,
//! `-must_not`, `AND`/`OR`/`NOT`, parentheses, `title:`/`source:`, `prefix*`), which
//! affix joining, corrections (`planning.rs`) and compound alternatives (`compounds.rs`)
//! transform where its words stand. Every consumer reads that plan: `compile.rs` makes
//! the one tantivy query of it, the highlighter its matchers, the re-ranker its evidence,
//! and the spelling help its words. The searcher's outline is here; each step has its
//! own file, and the ranking constants are together in `ranking.rs`.

mod answer;
mod collapse;
mod collect;
mod compile;
mod compounds;
mod facets;
mod feedback;
mod filters;
mod highlight;
mod hits;
mod options;
mod parallel;
mod parse;
mod passages;
mod plan;
pub(crate) mod planning;
mod queries;
mod ranking;
pub(crate) mod rare;
mod readings;
pub(crate) mod rerank;
mod suggest;
mod union;
pub(crate) mod vocabulary;

use tantivy::collector::TopDocs;
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::{IndexReader, ReloadPolicy, TantivyDocument, Term};

pub use answer::{ArticleHead, Hit, RareWord, SearchResults, Similar, WholeArticle};
pub use collect::COUNTED_EXACTLY;
pub use facets::{Facets, MonthCount, SourceCount};
pub use filters::Filters;
pub use highlight::{Highlighter, Matches};
pub use hits::{Highlighting, StoredArticle};
pub use options::{
    names, MatchMode, NumberOption, OptionTable, SearchOptions, SortOrder, SwitchOption, COLLAPSE,
    EXPAND, LIMIT, MAX_QUERY_CHARS, OFFSET, PASSAGES, PASSAGE_CHARS, PROXIMITY,
};
pub use passages::{char_ranges, passages, Passage};
pub use plan::{Bound, Leaf, Node, Occur, Plan, Quotes, Words};
pub use queries::{read_queries, NamedQuery};
pub use ranking::{Ranking, SUGGESTION_DISTANCE, TYPO_DISTANCE};
pub(crate) use suggest::bounded_distance;

use crate::error::Result;
use crate::index::KavoshIndex;
use collapse::Stories;
use collect::Collected;
use compile::Compiler;
use facets::SourceColumns;
use vocabulary::IndexVocabulary;

/// Answers queries against one index; build it once and reuse it for many queries.
pub struct Searcher {
    index: KavoshIndex,
    reader: IndexReader,
    /// Each segment's sources, for facets.
    source_columns: SourceColumns,
    /// The story table and each segment's stories, for collapsing.
    stories: Stories,
    compiler: Compiler,
    ranking: Ranking,
}

impl Searcher {
    /// A searcher that ranks with the default weights.
    pub fn new(index: KavoshIndex) -> Result<Self> {
        Self::with_ranking(index, Ranking::default())
    }

    /// A searcher that ranks with `ranking`'s weights.
    pub fn with_ranking(index: KavoshIndex, ranking: Ranking) -> Result<Self> {
        Self::build_with(index, ranking, ReloadPolicy::Manual)
    }

    /// A searcher that follows the index: soon after another process commits to it,
    /// searches see the new articles. A search runs on the articles of one commit
    /// throughout, so a commit never fails it.
    pub fn following_commits(index: KavoshIndex) -> Result<Self> {
        Self::build_with(index, Ranking::default(), ReloadPolicy::OnCommitWithDelay)
    }

    fn build_with(index: KavoshIndex, ranking: Ranking, policy: ReloadPolicy) -> Result<Self> {
        let reader = index
            .tantivy()
            .reader_builder()
            .reload_policy(policy)
            .try_into()?;
        Ok(Searcher {
            compiler: Compiler::new(&index, ranking.title),
            index,
            reader,
            source_columns: SourceColumns::default(),
            stories: Stories::default(),
            ranking,
        })
    }

    /// The index searched.
    pub fn index(&self) -> &KavoshIndex {
        &self.index
    }

    /// The answer to `query_text`: its plan is made once, searched (with every word when
    /// asked, else or then any), and read again for the highlights and the spelling help.
    pub fn search(&self, query_text: &str, options: &SearchOptions) -> Result<SearchResults> {
        parallel::run(|| self.search_here(query_text, options))
    }

    fn search_here(&self, query_text: &str, options: &SearchOptions) -> Result<SearchResults> {
        let searcher = self.reader.searcher();
        let plan = self.plan(&searcher, query_text, TYPO_DISTANCE)?;
        let only_common_words = self.only_common_words(&plan);
        let nothing_to_search = only_common_words.is_empty() && !self.names_anything(&plan);
        let mut results = SearchResults::nothing_yet(query_text, options.match_mode);
        results.only_common_words = only_common_words;
        results.nothing_to_search = nothing_to_search;
        if !results.only_common_words.is_empty() || nothing_to_search {
            results.facets = options.facets.then(Facets::default);
            return Ok(results);
        }
        let Collected {
            page,
            total,
            stories,
            facets,
            matched,
            highlighter,
            ..
        } = self.collect(&searcher, &plan, options)?;
        if total.count == 0 {
            let suggested = self.plan(&searcher, query_text, SUGGESTION_DISTANCE)?;
            results.suggestion = suggested.corrected.then(|| suggested.text());
        } else {
            let vocabulary = IndexVocabulary {
                index: &self.index,
                searcher: &searcher,
            };
            let analyzer = self.index.query_analyzer();
            results.rare_words = rare::rare_words(&vocabulary, &analyzer, &plan)?;
            results.suggestion = rare::rare_word_suggestion(&plan, &results.rare_words);
        }
        results.hits = self.hits(&searcher, page, &plan, highlighter, options)?;
        results.undated_left_out =
            self.undated_left_out(&searcher, &plan, matched, &options.filters)?;
        results.corrected_query = plan.corrected.then(|| plan.text());
        results.total = total.count;
        results.total_is_lower_bound = !total.exact;
        results.stories = stories;
        results.matched = matched;
        results.facets = facets;
        Ok(results)
    }

    /// Just the ids of the top `options.limit` articles, best first: the search a reader
    /// gets with `options` (for evaluation runs).
    pub fn rank(&self, query_text: &str, options: &SearchOptions) -> Result<Vec<String>> {
        let results = self.search(query_text, options)?;
        Ok(results.hits.into_iter().map(|hit| hit.head.id).collect())
    }

    /// The article with this id, with the words of `query` (if any) highlighted as a
    /// search would highlight them; `None` if no article has the id.
    pub fn article(&self, id: &str, query: Option<&str>) -> Result<Option<WholeArticle>> {
        let searcher = self.reader.searcher();
        let by_id = TermQuery::new(
            Term::from_field_text(self.index.fields().id, id),
            IndexRecordOption::Basic,
        );
        let found = searcher.search(&by_id, &TopDocs::with_limit(1).order_by_score())?;
        let Some((_, address)) = found.into_iter().next() else {
            return Ok(None);
        };
        let document: TantivyDocument = searcher.doc(address)?;
        let highlighter = match query {
            Some(query) => {
                let plan = self.plan(&searcher, query, TYPO_DISTANCE)?;
                Highlighter::from_plan(&plan, &self.index.query_analyzer())
            }
            None => Highlighter::default(),
        };
        let similar = self.mates(&searcher, address)?;
        Ok(Some(self.whole_article(&document, &highlighter, similar)))
    }
}
