//! The answer to a query, one type serialized alike by `kavosh search --format json` and
//! by the API (README: JSON output, the stable contract).

use serde::Serialize;

use super::{Facets, MatchMode, Passage};
/// Another article of a hit's story (a copy, word for word or lightly edited), or of an
/// article's story in `kavosh show`: its head.
pub use crate::index::Head as Similar;

/// The answer to one query.
#[derive(Debug, Clone, Serialize)]
pub struct SearchResults {
    pub query: String,
    /// The query's id in a batch (`kavosh search --queries`).
    pub qid: Option<String>,
    /// Matching articles in all, not just those returned; counted up to 10,000
    /// (`COUNTED_EXACTLY`), then `total_is_lower_bound` says more match.
    pub total: usize,
    /// The stories they tell (copies of one article count once), when the hits are
    /// collapsed by story (the default): those of the articles counted in `total`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stories: Option<usize>,
    /// Whether counting stopped at `total`: more articles match, and more stories than
    /// `stories` may (only with more than 10,000 matches, when neither facets nor the
    /// date order counted them all).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub total_is_lower_bound: bool,
    pub hits: Vec<Hit>,
    /// The query as searched when words that match nothing were corrected.
    pub corrected_query: Option<String>,
    /// For a query that found nothing, a nearby query that would find something; or
    /// the query with each of `rare_words` replaced by its far commoner neighbour.
    pub suggestion: Option<String>,
    /// Query words that match far fewer articles than a word one edit away (a typo that
    /// happens to match a few articles).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rare_words: Vec<RareWord>,
    /// Whether articles had to contain all the words or any.
    pub matched: MatchMode,
    /// The query's words when every one is a common word the index leaves out (و, از,
    /// در): such a query says nothing about a subject and finds nothing.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub only_common_words: Vec<String>,
    /// Whether the query names nothing to search for (punctuation only: `"""((((`): it
    /// finds nothing, rather than every article.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub nothing_to_search: bool,
    /// With a date filter: how many articles matching the rest have no date, and so were
    /// left out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub undated_left_out: Option<usize>,
    /// When asked for: the matching articles by source and by month.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub facets: Option<Facets>,
}

impl SearchResults {
    /// The answer to `query` before anything is found.
    pub fn nothing_yet(query: &str, matched: MatchMode) -> Self {
        SearchResults {
            query: query.to_string(),
            qid: None,
            total: 0,
            total_is_lower_bound: false,
            stories: None,
            hits: Vec::new(),
            corrected_query: None,
            suggestion: None,
            rare_words: Vec::new(),
            matched,
            only_common_words: Vec::new(),
            nothing_to_search: false,
            undated_left_out: None,
            facets: None,
        }
    }
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
    /// The other articles of its story that match too, best first (empty when the hits
    /// are not collapsed).
    pub similar: Vec<Similar>,
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
    /// The other articles of its story.
    pub similar: Vec<Similar>,
}
