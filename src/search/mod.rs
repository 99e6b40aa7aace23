//! Search: a query in, ranked hits with highlighted passages out.
//!
//! A query is parsed once (tantivy's query grammar: words, `"phrases"`, `+must`,
//! `-must_not`, `AND`/`OR`/`NOT`, parentheses, `title:`/`source:`, `prefix*`). Words that
//! match nothing in the index are corrected from its vocabulary (one edit away) before
//! the query runs; the same parsed query gives the highlights, leaving negated words out.

mod compounds;
mod facets;
mod filters;
mod highlight;
mod parse;
mod passages;
mod queries;
mod readings;
mod rerank;
mod suggest;

use std::borrow::Cow;

use serde::Serialize;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, ExistsQuery, Occur, Query, QueryParser, TermQuery};
use tantivy::query_grammar::{Occur as UserOccur, UserInputAst, UserInputLeaf};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{DateTime, DocAddress, IndexReader, Order, ReloadPolicy, TantivyDocument, Term};

pub use facets::{Facets, MonthCount, SourceCount};
pub use filters::Filters;
pub use highlight::{Highlighter, Matches};
pub use parse::parse;
pub use passages::{char_ranges, passages, Passage};
pub use queries::{read_queries, NamedQuery};
pub(crate) use suggest::bounded_distance;

use crate::analysis::affix::{join_spaced_affixes, zwnj_typings};
use crate::analysis::Analyzer;
use crate::error::Result;
use crate::index::live::{has_live_doc, live_doc_freq};
use crate::index::{KavoshIndex, PUBLISHED, TEXT_FIELDS};
use crate::ingest::iso_day;
use compounds::Compounds;
use facets::{FacetCollector, SourceColumns};
use parse::{only_words_and_phrases, plain_words, regex_escape, replace_word};

/// A title word weighs as much as a body word. On the news collection (tests/eval/news,
/// MAP, lead 0.4, grams 0.5) title weight 0.5: 0.828, 1: 0.851, 1.5: 0.836, 2: 0.831,
/// 3: 0.806; ParsiNLU's passages have no titles, so it cannot tell (README: Evaluation).
/// The weight of 2 this replaces was never measured.
const TITLE_WEIGHT: f32 = 1.0;

/// Weight of a word in the lead (the first sentence), on top of its weight in the body,
/// added when re-ordering the best hits. ParsiNLU MRR@10 (grams 0.5): lead 0: 0.744,
/// 0.2: 0.748, 0.4: 0.752, 0.8: 0.749; news MAP: 0.850, 0.853, 0.851, 0.850 (no
/// difference). Kept for ParsiNLU; it costs one short field.
const LEAD_WEIGHT: f32 = 0.4;

/// How many of the best hits by whole words get the lead and gram evidence added and are
/// re-ordered. Deeper hits keep their order by words (and score below every re-ordered
/// one), so a page is the same whatever page size asked for it.
const RERANK_DEPTH: usize = 20;

/// Weight of the sub-word (3-gram) evidence of the re-ordered hits against whole words
/// (lead 0.4). News MAP / ParsiNLU MRR@10: grams 0: 0.8217 / 0.7365, 0.25: 0.8276 /
/// 0.7460, 0.5: 0.8349 / 0.7501, 0.75: 0.8442 / 0.7507, 1: 0.8434 / 0.7503, 1.25:
/// 0.8431 / 0.7484, 2: 0.8472 / 0.7440. 0.75 is at the best on both; the indexed gram
/// field it replaces scored 0.8446 / 0.7553 at nearly twice the indexing time.
const GRAMS_WEIGHT: f32 = 0.75;

/// Edits a word that matches nothing may be away from its correction, when searching...
const TYPO_DISTANCE: usize = 1;
/// ...and when suggesting ("did you mean") for a query that found nothing.
const SUGGESTION_DISTANCE: usize = 2;

/// "Did you mean" for a word that matches a few articles: a query word of at least
/// `RARE_WORD_MIN_CHARS` letters (as analyzed; shorter ones have too many neighbours)
/// that matches at most `RARE_WORD_MAX_ARTICLES` articles, when the same word with one
/// long vowel (ا, و, ی) put back inside it (the commonest Persian typo drops one: کرنا
/// for کرونا) matches at least `RARE_WORD_RATIO` times as many.
///
/// Measured on the news set (11,452 articles; the method is in the commit message that
/// brought this rule):
/// - the 2,739 MIRACL questions (`../shared/data/queries`, real queries, with real rare
///   names): the rule fires on 1 (آران, a town, 8 articles, for ایران, 3,446: wrong);
/// - their 2,669 words of 5+ letters each with one inner ا/و/ی dropped: of the 146 typos
///   that match 1 to 10 articles while the word matches 100 times as many, it suggests
///   for 86, rightly for 85 (بربری, 5, got برابر instead of باربری);
/// - any neighbour one edit away instead of a dropped long vowel fired on 113 of the 2,739
///   real questions at the same ratio (کمیک → کمک, میلتون → میلیون, رسانا → رسانه: real
///   words rare in news), and at a ratio of 20 with no cap on the word's articles on
///   475; a final ا/و/ی is left out, since it makes another word (صندل, صندلی; آزاد,
///   آزادی), and fired on one more, wrongly.
/// - کرنا (5 articles) → کرونا (2,335) fires.
const RARE_WORD_RATIO: u64 = 100;
/// See `RARE_WORD_RATIO`.
const RARE_WORD_MAX_ARTICLES: u64 = 10;
/// See `RARE_WORD_RATIO`.
const RARE_WORD_MIN_CHARS: usize = 4;

/// The weights a ranking adds its evidence up with. The defaults are the constants
/// above; evaluations try others (`kavosh eval --title-weight ...`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ranking {
    /// Of a title word against a body word.
    pub title: f32,
    /// Of a word of the lead, added when re-ordering the best hits (0: none).
    pub lead: f32,
    /// Of the sub-word evidence, added when re-ordering (0: none).
    pub grams: f32,
    /// How many of the best hits are re-ordered.
    pub depth: usize,
}

impl Default for Ranking {
    fn default() -> Self {
        Ranking {
            title: TITLE_WEIGHT,
            lead: LEAD_WEIGHT,
            grams: GRAMS_WEIGHT,
            depth: RERANK_DEPTH,
        }
    }
}

/// Which words an article must contain.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MatchMode {
    /// Every word (a journalist's search narrows); if no article has them all, any word.
    #[default]
    All,
    /// Any word, ranked by how many and how rare (for questions and TREC runs).
    Any,
}

/// The order of hits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SortOrder {
    /// Best first.
    #[default]
    Relevance,
    /// Newest first (articles without a date last).
    Date,
}

/// How many hits and passages a search returns, and in what order.
#[derive(Debug, Clone)]
pub struct SearchOptions {
    pub limit: usize,
    pub offset: usize,
    pub passages: usize,
    pub passage_chars: usize,
    pub match_mode: MatchMode,
    pub sort: SortOrder,
    pub filters: Filters,
    /// Also count the matching articles by source and by month.
    pub facets: bool,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            limit: 10,
            offset: 0,
            passages: 1,
            passage_chars: 200,
            match_mode: MatchMode::All,
            sort: SortOrder::Relevance,
            filters: Filters::default(),
            facets: false,
        }
    }
}

/// The answer to one query.
#[derive(Debug, Clone, Serialize)]
pub struct SearchResults {
    pub query: String,
    /// Matching articles in all, not just those returned.
    pub total: usize,
    pub hits: Vec<Hit>,
    /// The query as searched when words that match nothing were corrected.
    pub corrected_query: Option<String>,
    /// For a query that found nothing, a nearby query that would find something; or
    /// the query with each of `rare_words` replaced by its far commoner neighbour.
    pub suggestion: Option<String>,
    /// Query words that match far fewer articles than a word one edit away (a typo that
    /// happens to match a few articles).
    pub rare_words: Vec<RareWord>,
    /// Whether articles had to contain all the words or any.
    pub matched: MatchMode,
    /// The query's words when every one is a common word the index leaves out (و, از,
    /// در): such a query says nothing about a subject and finds nothing.
    pub only_common_words: Vec<String>,
    /// With a date filter: how many articles matching the rest have no date, and so were
    /// left out.
    pub undated_left_out: Option<usize>,
    /// When asked for: the matching articles by source and by month.
    pub facets: Option<Facets>,
}

/// A query word that matches far fewer articles than a word one edit away: کرنا (5
/// articles) for کرونا (2,335).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RareWord {
    /// As the query has it.
    pub word: String,
    /// Live articles with the word.
    pub articles: u64,
    /// The commoner word, as the index has it.
    pub instead: String,
    /// Live articles with it.
    pub instead_articles: u64,
}

/// What is shown of an article in a hit and in `kavosh show`: all but its body.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleHead {
    pub id: String,
    pub title: String,
    /// Character ranges of the highlighted words of the title.
    pub title_highlights: Vec<[usize; 2]>,
    pub path: String,
    /// The date as the article wrote it.
    pub date: Option<String>,
    /// The same date as kavosh read it (ISO or Jalali), as an ISO day (UTC).
    pub published: Option<String>,
    pub source: Option<String>,
    pub url: Option<String>,
    pub category: Option<String>,
}

/// One matching article.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    /// 1-based, counting from the first result (not the first of this page).
    pub rank: usize,
    /// BM25 relevance (0 when sorted by date).
    pub score: f32,
    /// Its fields sit beside `rank` and `score` in JSON.
    #[serde(flatten)]
    pub head: ArticleHead,
    pub passages: Vec<Passage>,
}

/// One whole article as stored, with the words of a query highlighted (`kavosh show`).
#[derive(Debug, Clone, Serialize)]
pub struct WholeArticle {
    /// Its fields sit beside `body` in JSON.
    #[serde(flatten)]
    pub head: ArticleHead,
    pub body: String,
    /// Character ranges of the highlighted words of the body.
    pub body_highlights: Vec<[usize; 2]>,
}

/// A query made ready to run: its text after affix joining and typo correction, and its
/// parse.
struct Plan {
    text: String,
    /// As the reader wrote it: what the highlights come from.
    ast: UserInputAst,
    /// As tantivy's parser can run it (one-word prefixes as regexes).
    runnable: UserInputAst,
    corrected: bool,
}

/// What one pass over the matching articles collected.
struct Collected {
    /// The page of hits asked for, in order.
    page: Vec<Ranked>,
    /// Matching articles in all.
    total: usize,
    facets: Option<Facets>,
}

/// A hit of a page: its score, its address, and its stored document when re-ordering
/// read it already.
struct Ranked {
    score: f32,
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
    fn document(self, searcher: &tantivy::Searcher) -> Result<TantivyDocument> {
        match self.document {
            Some(document) => Ok(document),
            None => Ok(searcher.doc(self.address)?),
        }
    }
}

/// Answers queries against one index; build it once and reuse it for many queries.
pub struct Searcher {
    index: KavoshIndex,
    reader: IndexReader,
    /// Each segment's sources, for facets.
    source_columns: SourceColumns,
    /// One parser per match mode (the default operator differs).
    all_parser: QueryParser,
    any_parser: QueryParser,
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
        let fields = index.fields();
        let parser = || {
            let mut parser = QueryParser::new(
                index.tantivy().schema(),
                vec![fields.title, fields.body],
                index.query_tokenizers().clone(),
            );
            parser.set_field_boost(fields.title, ranking.title);
            parser
        };
        let mut all_parser = parser();
        all_parser.set_conjunction_by_default();
        let mut any_parser = parser();
        for parser in [&mut all_parser, &mut any_parser] {
            parser.allow_regexes();
        }
        Ok(Searcher {
            all_parser,
            any_parser,
            index,
            reader,
            source_columns: SourceColumns::default(),
            ranking,
        })
    }

    /// The index searched.
    pub fn index(&self) -> &KavoshIndex {
        &self.index
    }

    pub fn search(&self, query_text: &str, options: &SearchOptions) -> Result<SearchResults> {
        let searcher = self.reader.searcher();
        let plan = self.plan(&searcher, query_text, TYPO_DISTANCE)?;
        let only_common_words = self.only_common_words(&plan.ast);
        if !only_common_words.is_empty() {
            return Ok(SearchResults {
                query: query_text.to_string(),
                total: 0,
                hits: Vec::new(),
                corrected_query: None,
                suggestion: None,
                rare_words: Vec::new(),
                matched: options.match_mode,
                only_common_words,
                undated_left_out: None,
                facets: options.facets.then(Facets::default),
            });
        }
        let mut matched = options.match_mode;
        let query = self.build(&plan, matched, &options.filters);
        // Re-ordering by lead and grams only matters to an order by relevance.
        let evidence = match options.sort {
            SortOrder::Relevance => rerank::evidence(&self.index, self.ranking, &plan.text),
            SortOrder::Date => rerank::Evidence::none(),
        };
        let mut collected = self.top(&searcher, query.as_ref(), &evidence, options)?;
        if collected.total == 0 && matched == MatchMode::All {
            matched = MatchMode::Any;
            let query = self.build(&plan, matched, &options.filters);
            collected = self.top(&searcher, query.as_ref(), &evidence, options)?;
        }
        let Collected {
            page: top,
            total,
            facets,
        } = collected;
        let (suggestion, rare_words) = if total == 0 {
            let suggested = self.plan(&searcher, query_text, SUGGESTION_DISTANCE)?;
            (suggested.corrected.then_some(suggested.text), Vec::new())
        } else {
            let rare_words = self.rare_words(&searcher, &plan)?;
            let suggestion = (!rare_words.is_empty()).then(|| {
                rare_words.iter().fold(plan.text.clone(), |text, rare| {
                    replace_word(&text, &rare.word, &rare.instead)
                })
            });
            (suggestion, rare_words)
        };
        let highlighter = Highlighter::from_query(&plan.ast, &self.index.query_analyzer());
        let mut hits = Vec::with_capacity(top.len());
        for (index, ranked) in top.into_iter().enumerate() {
            let score = ranked.score;
            let document = ranked.document(&searcher)?;
            hits.push(self.hit(
                &document,
                options.offset + index + 1,
                score,
                &highlighter,
                options,
            ));
        }
        let undated_left_out =
            self.undated_left_out(&searcher, &plan, matched, &options.filters)?;
        Ok(SearchResults {
            query: query_text.to_string(),
            total,
            hits,
            corrected_query: plan.corrected.then_some(plan.text),
            suggestion,
            rare_words,
            matched,
            only_common_words,
            undated_left_out,
            facets,
        })
    }

    /// The plain words of a plan that look like a typo of a far commoner word (see
    /// `RARE_WORD_RATIO`); none when the plan corrected a word already.
    fn rare_words(&self, searcher: &tantivy::Searcher, plan: &Plan) -> Result<Vec<RareWord>> {
        if plan.corrected {
            return Ok(Vec::new());
        }
        let body = self.index.fields().body;
        let analyzer = self.index.query_analyzer();
        let mut rare = Vec::new();
        let mut words = plain_words(&parse(&plan.text));
        words.dedup();
        for word in words {
            let Some(term) = analyzer.single_term(&word) else {
                continue;
            };
            if term.chars().count() < RARE_WORD_MIN_CHARS
                || rare.iter().any(|seen: &RareWord| seen.word == word)
            {
                continue;
            }
            let articles = live_doc_freq(searcher, &Term::from_field_text(body, &term))?;
            if articles == 0 || articles > RARE_WORD_MAX_ARTICLES {
                continue;
            }
            let commonest = suggest::nearest_terms(searcher, body, &term, 1)?
                .into_iter()
                .filter(|near| {
                    near.articles >= RARE_WORD_RATIO * articles
                        && suggest::lacks_a_long_vowel(&term, &near.term)
                })
                .max_by_key(|near| near.articles);
            if let Some(near) = commonest {
                // Judged on the body (one term dictionary); told as a search counts.
                rare.push(RareWord {
                    articles: self.articles_with(searcher, &term)?,
                    instead_articles: self.articles_with(searcher, &near.term)?,
                    word,
                    instead: near.term,
                });
            }
        }
        Ok(rare)
    }

    /// Live articles with `term` in the title or the body.
    fn articles_with(&self, searcher: &tantivy::Searcher, term: &str) -> Result<u64> {
        let fields = self.index.fields();
        let either = BooleanQuery::union(
            [fields.title, fields.body]
                .into_iter()
                .map(|field| {
                    Box::new(TermQuery::new(
                        Term::from_field_text(field, term),
                        IndexRecordOption::Basic,
                    )) as Box<dyn Query>
                })
                .collect(),
        );
        Ok(searcher.search(&either, &Count)? as u64)
    }

    /// The article with this id, with the words of `query` (if any) highlighted as a
    /// search would highlight them; `None` if no article has the id.
    pub fn article(&self, id: &str, query: Option<&str>) -> Result<Option<WholeArticle>> {
        let searcher = self.reader.searcher();
        let fields = self.index.fields();
        let by_id = TermQuery::new(
            Term::from_field_text(fields.id, id),
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
                Highlighter::from_query(&plan.ast, &self.index.query_analyzer())
            }
            None => Highlighter::default(),
        };
        let body = Stored(&document).text(fields.body).unwrap_or_default();
        Ok(Some(WholeArticle {
            head: self.head(&document, &highlighter),
            body_highlights: highlights(&highlighter, self.index.analyzer(), &body),
            body,
        }))
    }

    /// With a date filter, the articles that match the query and the other filters but
    /// have no date: a reader filtering by date should know they were left out.
    fn undated_left_out(
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
            (Occur::Must, self.build(plan, mode, &without_dates)),
            (
                Occur::MustNot,
                Box::new(ExistsQuery::new(PUBLISHED.to_string(), false)),
            ),
        ]);
        Ok(Some(searcher.search(&undated, &Count)?))
    }

    /// The words of a query of words and quoted phrases that are all common words
    /// (stopwords), else none. Without this, such a query would become an empty one that
    /// every article matches with the same score, or, quoted, silently match nothing:
    /// common words are not indexed (a phrase that holds a real word still matches them
    /// by their positions).
    fn only_common_words(&self, ast: &UserInputAst) -> Vec<String> {
        let analyzer = self.index.query_analyzer();
        match only_words_and_phrases(ast) {
            Some(words)
                if !words.is_empty()
                    && words.iter().all(|word| analyzer.terms(word).is_empty())
                    && words
                        .iter()
                        .any(|word| word.chars().any(char::is_alphabetic)) =>
            {
                words
            }
            _ => Vec::new(),
        }
    }

    /// Just the ids of the top `limit` articles, best first, matching any word: for
    /// evaluation runs.
    pub fn rank(&self, query_text: &str, limit: usize) -> Result<Vec<String>> {
        let searcher = self.reader.searcher();
        let plan = self.plan(&searcher, query_text, TYPO_DISTANCE)?;
        let query = self.build(&plan, MatchMode::Any, &Filters::default());
        let options = SearchOptions {
            limit,
            ..SearchOptions::default()
        };
        let id_field = self.index.fields().id;
        let evidence = rerank::evidence(&self.index, self.ranking, &plan.text);
        let top = self
            .top(&searcher, query.as_ref(), &evidence, &options)?
            .page;
        let mut ids = Vec::with_capacity(top.len());
        for ranked in top {
            let document = ranked.document(&searcher)?;
            let id = document
                .get_first(id_field)
                .and_then(|value| value.as_str());
            ids.push(id.unwrap_or_default().to_string());
        }
        Ok(ids)
    }

    /// Joins spaced affixes (the parser splits on white space before the analyzer sees a
    /// word), parses, and replaces each word that matches nothing by its nearest term in
    /// the vocabulary, within `max_distance` edits.
    fn plan(
        &self,
        searcher: &tantivy::Searcher,
        query_text: &str,
        max_distance: usize,
    ) -> Result<Plan> {
        let joined = if self.index.settings().joins_spaced_affixes() {
            join_spaced_affixes(query_text)
        } else {
            Cow::Borrowed(query_text)
        };
        let mut text = joined.into_owned();
        let ast = parse(&text);
        let mut corrected = false;
        for word in plain_words(&ast) {
            if let Some(correction) = self.correction(searcher, &word, max_distance)? {
                text = replace_word(&text, &word, &correction);
                corrected = true;
            }
        }
        let ast = if corrected { parse(&text) } else { ast };
        let ast = if self.index.settings().stems() {
            readings::offer_readings(ast)
        } else {
            ast
        };
        let ast = if self.index.settings().joins_spaced_affixes() {
            let compounds = Compounds {
                index: &self.index,
                searcher,
                analyzer: self.index.query_analyzer(),
            };
            compounds.rewrite(ast)?
        } else {
            ast
        };
        let runnable = self.runnable(ast.clone());
        Ok(Plan {
            text,
            ast,
            runnable,
            corrected,
        })
    }

    /// Rewrites what tantivy's parser cannot run as the reader meant it. It takes a prefix
    /// only after another word (`"big bad wo"*`), so a one-word prefix becomes an anchored regex on the analyzed word (`اقتصا.*`) over the
    /// fields it names, which the term dictionary answers directly.
    fn runnable(&self, ast: UserInputAst) -> UserInputAst {
        match ast {
            UserInputAst::Clause(clauses) => UserInputAst::Clause(
                clauses
                    .into_iter()
                    .map(|(occur, clause)| (occur, self.runnable(clause)))
                    .collect(),
            ),
            UserInputAst::Boost(inner, boost) => {
                UserInputAst::Boost(Box::new(self.runnable(*inner)), boost)
            }
            UserInputAst::Leaf(leaf) => match *leaf {
                UserInputLeaf::Literal(literal) if literal.prefix => {
                    let Some(term) = self.index.query_analyzer().single_term(&literal.phrase)
                    else {
                        return UserInputAst::Leaf(Box::new(UserInputLeaf::Literal(literal)));
                    };
                    let pattern = format!("{}.*", regex_escape(&term));
                    let fields = match &literal.field_name {
                        Some(field) => vec![field.clone()],
                        None => TEXT_FIELDS.map(str::to_string).to_vec(),
                    };
                    let regexes = fields.into_iter().map(|field| {
                        let regex = UserInputLeaf::Regex {
                            field: Some(field),
                            pattern: pattern.clone(),
                        };
                        (Some(UserOccur::Should), UserInputAst::Leaf(Box::new(regex)))
                    });
                    UserInputAst::Clause(regexes.collect())
                }
                // `field:*` asks whether a field exists, which tantivy answers only for fast
                // fields (and not at all for unknown ones): every article has a title and a
                // body, so it means any article.
                UserInputLeaf::Exists { .. } => UserInputAst::Leaf(Box::new(UserInputLeaf::All)),
                other => UserInputAst::Leaf(Box::new(other)),
            },
        }
    }

    /// What `word` is taken for if it matches nothing: a word typed joined is no typo
    /// when one of its ZWNJ typings is a word of the index (an unlisted name in ه + ای is
    /// that name, never خانم for خامنهای), then the typing with the most articles; else
    /// the vocabulary's nearest term, within `max_distance` edits.
    fn correction(
        &self,
        searcher: &tantivy::Searcher,
        word: &str,
        max_distance: usize,
    ) -> Result<Option<String>> {
        let fields = self.index.fields();
        let analyzer = self.index.query_analyzer();
        let Some(term) = analyzer.single_term(word) else {
            return Ok(None);
        };
        for field in [fields.body, fields.title] {
            if has_live_doc(searcher, &Term::from_field_text(field, &term))? {
                return Ok(None);
            }
        }
        let mut typed_word: Option<(u64, String)> = None;
        for typing in zwnj_typings(word).into_iter().skip(1) {
            let Some(typed) = analyzer.single_term(&typing) else {
                continue;
            };
            let articles = self.articles_with(searcher, &typed)?;
            if articles > typed_word.as_ref().map_or(0, |(most, _)| *most) {
                typed_word = Some((articles, typing));
            }
        }
        if let Some((_, typing)) = typed_word {
            return Ok(Some(typing));
        }
        Ok(
            suggest::nearest_terms(searcher, fields.body, &term, max_distance)?
                .into_iter()
                .next()
                .map(|near| near.term),
        )
    }

    /// The tantivy query for a plan, with the filters.
    fn build(&self, plan: &Plan, mode: MatchMode, filters: &Filters) -> Box<dyn Query> {
        let parser = match mode {
            MatchMode::All => &self.all_parser,
            MatchMode::Any => &self.any_parser,
        };
        let (parsed, _errors) =
            parser.build_query_from_user_input_ast_lenient(plan.runnable.clone());
        let mut clauses = vec![(Occur::Must, parsed)];
        clauses.extend(filters.clauses(self.index.fields()));
        if clauses.len() == 1 {
            clauses.pop().expect("one clause").1
        } else {
            Box::new(BooleanQuery::new(clauses))
        }
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
        let (top, total, facets): (Vec<Ranked>, usize, _) = match options.sort {
            SortOrder::Relevance => {
                let depth = self.ranking.depth.min(articles);
                let best = TopDocs::with_limit(wanted.max(depth)).order_by_score();
                let (mut top, total, facets) = searcher.search(query, &(best, Count, facets))?;
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
        let page = top
            .into_iter()
            .skip(options.offset)
            .take(options.limit)
            .collect();
        Ok(Collected {
            page,
            total,
            facets,
        })
    }

    fn hit(
        &self,
        document: &TantivyDocument,
        rank: usize,
        score: f32,
        highlighter: &Highlighter,
        options: &SearchOptions,
    ) -> Hit {
        let analyzer = self.index.analyzer();
        let body = Stored(document)
            .text(self.index.fields().body)
            .unwrap_or_default();
        // Finding matches re-analyzes the whole body: only when passages are wanted.
        let body_passages = if options.passages == 0 {
            Vec::new()
        } else {
            let body_matches = highlighter.find(&body, analyzer);
            passages(
                &body,
                &body_matches,
                options.passages,
                options.passage_chars,
            )
        };
        Hit {
            rank,
            score,
            head: self.head(document, highlighter),
            passages: body_passages,
        }
    }

    /// All of a stored article but its body, with its title highlighted.
    fn head(&self, document: &TantivyDocument, highlighter: &Highlighter) -> ArticleHead {
        let fields = self.index.fields();
        let stored = Stored(document);
        let title = stored.text(fields.title).unwrap_or_default();
        ArticleHead {
            id: stored.text(fields.id).unwrap_or_default(),
            title_highlights: highlights(highlighter, self.index.analyzer(), &title),
            title,
            path: stored.text(fields.path).unwrap_or_default(),
            date: stored.text(fields.date),
            published: stored.published(fields.published),
            source: stored.text(fields.source),
            url: stored.text(fields.url),
            category: stored.text(fields.category),
        }
    }
}

/// The stored fields of one article.
struct Stored<'a>(&'a TantivyDocument);

impl Stored<'_> {
    fn text(&self, field: Field) -> Option<String> {
        self.0
            .get_first(field)
            .and_then(|value| value.as_str())
            .map(str::to_string)
    }

    /// The publication day (ISO, UTC), `None` when the article has no date.
    fn published(&self, field: Field) -> Option<String> {
        let date = self.0.get_first(field)?.as_datetime()?;
        Some(iso_day(date.into_timestamp_secs()))
    }
}

/// The character ranges of the words of `text` that `highlighter` marks.
fn highlights(highlighter: &Highlighter, analyzer: &Analyzer, text: &str) -> Vec<[usize; 2]> {
    let spans: Vec<_> = highlighter
        .find(text, analyzer)
        .highlights
        .into_iter()
        .map(|(span, _)| span)
        .collect();
    char_ranges(text, &spans)
}
