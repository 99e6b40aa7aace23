//! Search: a query in, ranked hits with highlighted passages out.

mod passages;
mod queries;

use std::borrow::Cow;
use std::collections::HashSet;

use serde::Serialize;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, Occur, Query, QueryParser, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{DocAddress, IndexReader, ReloadPolicy, TantivyDocument, Term};

pub use passages::{passages, Passage};
pub use queries::{read_queries, NamedQuery};

use crate::analysis::affix::join_spaced_affixes;
use crate::analysis::grams::Grams;
use crate::error::Result;
use crate::index::KavoshIndex;

/// Title words count for more than body words: a title names what the article is about.
const TITLE_BOOST: f32 = 2.0;

/// How many hits and passages a search returns.
#[derive(Debug, Clone, Copy)]
pub struct SearchOptions {
    pub limit: usize,
    pub passages: usize,
    pub passage_chars: usize,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            limit: 10,
            passages: 1,
            passage_chars: 200,
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
}

/// One matching article.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    /// 1-based.
    pub rank: usize,
    pub id: String,
    pub score: f32,
    pub title: String,
    pub path: String,
    pub date: Option<String>,
    pub source: Option<String>,
    pub url: Option<String>,
    pub category: Option<String>,
    pub passages: Vec<Passage>,
}

/// A query run: what the parser made of it and what it found.
struct Executed {
    query: Box<dyn Query>,
    searcher: tantivy::Searcher,
    top: Vec<(f32, DocAddress)>,
    total: usize,
}

/// Answers queries against one index; build it once and reuse it for many queries.
pub struct Searcher {
    index: KavoshIndex,
    reader: IndexReader,
    parser: QueryParser,
}

impl Searcher {
    pub fn new(index: KavoshIndex) -> Result<Self> {
        let reader = index
            .tantivy()
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let fields = index.fields();
        let mut parser = QueryParser::for_index(index.tantivy(), vec![fields.title, fields.body]);
        parser.set_field_boost(fields.title, TITLE_BOOST);
        Ok(Searcher {
            index,
            reader,
            parser,
        })
    }

    /// Parses and runs a query: the parsed query, the top `limit` hits and the total.
    fn execute(&self, query_text: &str, limit: usize) -> Result<Executed> {
        // The parser splits on white space before the analyzer sees a word, so spaced
        // affixes are joined first, as the analyzer joins them in documents.
        let joined = if self.index.settings().joins_spaced_affixes() {
            join_spaced_affixes(query_text)
        } else {
            Cow::Borrowed(query_text)
        };
        // Lenient: a stray quote or operator still searches the words around it.
        let (parsed, _errors) = self.parser.parse_query_lenient(&joined);
        let query = self.with_grams(parsed, &joined);
        let searcher = self.reader.searcher();
        let (top, total) = searcher.search(
            &query,
            &(TopDocs::with_limit(limit.max(1)).order_by_score(), Count),
        )?;
        let top = top.into_iter().take(limit).collect();
        Ok(Executed {
            query,
            searcher,
            top,
            total,
        })
    }

    /// With a gram index, adds the grams of the query's terms as optional clauses: they
    /// match no article the words would not reach through a shared gram, and rank the
    /// articles sharing most of each word higher.
    fn with_grams(&self, parsed: Box<dyn Query>, query_text: &str) -> Box<dyn Query> {
        if !self.index.settings().grams {
            return parsed;
        }
        let field = self.index.fields().grams;
        let mut grams = Grams::default();
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for token in self.index.analyzer().analyze(query_text) {
            grams.set(&token.text);
            for gram in grams.iter() {
                let term = Term::from_field_text(field, gram);
                let query = TermQuery::new(term, IndexRecordOption::WithFreqs);
                clauses.push((Occur::Should, Box::new(query)));
            }
        }
        if clauses.is_empty() {
            return parsed;
        }
        Box::new(BooleanQuery::new(vec![
            (Occur::Should, parsed),
            (Occur::Should, Box::new(BooleanQuery::new(clauses))),
        ]))
    }

    /// Just the ids of the top `limit` articles, best first: for evaluation runs.
    pub fn rank(&self, query_text: &str, limit: usize) -> Result<Vec<String>> {
        let executed = self.execute(query_text, limit)?;
        let id_field = self.index.fields().id;
        let mut ids = Vec::with_capacity(executed.top.len());
        for (_score, address) in executed.top {
            let document: TantivyDocument = executed.searcher.doc(address)?;
            let id = document
                .get_first(id_field)
                .and_then(|value| value.as_str());
            ids.push(id.unwrap_or_default().to_string());
        }
        Ok(ids)
    }

    pub fn search(&self, query_text: &str, options: &SearchOptions) -> Result<SearchResults> {
        let Executed {
            query,
            searcher,
            top,
            total,
        } = self.execute(query_text, options.limit)?;
        let fields = self.index.fields();
        let highlight_terms = positive_terms(query.as_ref(), fields.body);
        let mut hits = Vec::with_capacity(top.len());
        for (rank, (score, address)) in top.into_iter().enumerate() {
            let document: TantivyDocument = searcher.doc(address)?;
            let text = |field: Field| {
                document
                    .get_first(field)
                    .and_then(|value| value.as_str())
                    .map(str::to_string)
            };
            let body = text(fields.body).unwrap_or_default();
            hits.push(Hit {
                rank: rank + 1,
                id: text(fields.id).unwrap_or_default(),
                score,
                title: text(fields.title).unwrap_or_default(),
                path: text(fields.path).unwrap_or_default(),
                date: text(fields.date),
                source: text(fields.source),
                url: text(fields.url),
                category: text(fields.category),
                passages: passages(
                    &body,
                    self.index.analyzer(),
                    &highlight_terms,
                    options.passages,
                    options.passage_chars,
                ),
            });
        }
        Ok(SearchResults {
            query: query_text.to_string(),
            total,
            hits,
        })
    }
}

/// The terms of `field` that the query looks for, leaving out those under a NOT: a word
/// the reader excluded is never highlighted.
fn positive_terms(query: &dyn Query, field: Field) -> HashSet<String> {
    let mut terms = HashSet::new();
    collect_positive_terms(query, field, &mut terms);
    terms
}

fn collect_positive_terms(query: &dyn Query, field: Field, terms: &mut HashSet<String>) {
    if let Some(boolean) = query.downcast_ref::<BooleanQuery>() {
        for (occur, clause) in boolean.clauses() {
            if *occur != Occur::MustNot {
                collect_positive_terms(clause.as_ref(), field, terms);
            }
        }
        return;
    }
    query.query_terms(&mut |term, _needs_positions| {
        if term.field() == field {
            if let Some(text) = term.value().as_str() {
                terms.insert(text.to_string());
            }
        }
    });
}
