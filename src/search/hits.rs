//! A page's hits as the reader sees them: each article's head with its title
//! highlighted, and the passages of its body that best match the plan.

use tantivy::schema::{Field, Value};
use tantivy::TantivyDocument;

use super::collect::Ranked;
use super::highlight::{ReadAhead, ReadTo};
use super::parallel;
use super::plan::Plan;
use super::{
    char_ranges, passages, ArticleHead, Highlighter, Hit, Matches, SearchOptions, Searcher,
    Similar, WholeArticle,
};
use crate::analysis::Analyzer;
use crate::error::Result;
use crate::ingest::iso_day;

impl Searcher {
    /// The hits of `page`, ranked from `options.offset`, highlighted as `plan` says: with
    /// `highlighter` when re-ordering made one for its read-ahead, else with a new one.
    pub(super) fn hits(
        &self,
        searcher: &tantivy::Searcher,
        page: Vec<Ranked>,
        plan: &Plan,
        highlighter: Option<Highlighter>,
        options: &SearchOptions,
    ) -> Result<Vec<Hit>> {
        let highlighter = highlighter
            .unwrap_or_else(|| Highlighter::from_plan(plan, &self.index.query_analyzer()));
        // Each hit is read and highlighted on its own: in parallel, in the page's order.
        let page: Vec<(usize, Ranked)> = page.into_iter().enumerate().collect();
        parallel::map(page, |(index, mut ranked)| {
            let score = ranked.score;
            let similar = std::mem::take(&mut ranked.similar);
            let read_ahead = ranked.read_ahead.take();
            let document = ranked.document(searcher)?;
            Ok(Hit {
                similar,
                ..self.stored(&document).hit(
                    options.offset + index + 1,
                    score,
                    Highlighting {
                        highlighter: &highlighter,
                        analyzer: self.index.analyzer(),
                        read_ahead,
                    },
                    options,
                )
            })
        })
    }

    /// A whole stored article, its title and body highlighted, with the other articles
    /// of its story.
    pub(super) fn whole_article(
        &self,
        document: &TantivyDocument,
        highlighter: &Highlighter,
        similar: Vec<Similar>,
    ) -> WholeArticle {
        self.stored(document)
            .whole(highlighter, self.index.analyzer(), similar)
    }

    /// The stored fields of `document`.
    pub(super) fn stored(&self, document: &TantivyDocument) -> StoredArticle {
        let fields = self.index.fields();
        let text = |field: Field| {
            document
                .get_first(field)
                .and_then(|value| value.as_str())
                .map(str::to_string)
        };
        let published = document
            .get_first(fields.published)
            .and_then(|value| value.as_datetime())
            .map(|date| date.into_timestamp_secs());
        StoredArticle {
            id: text(fields.id).unwrap_or_default(),
            title: text(fields.title).unwrap_or_default(),
            body: text(fields.body).unwrap_or_default(),
            path: text(fields.path).unwrap_or_default(),
            date: text(fields.date),
            published,
            source: text(fields.source),
            url: text(fields.url),
            category: text(fields.category),
        }
    }
}

/// How a page's hits are highlighted: with what, and what re-ordering matched already
/// of each one (`read_ahead`).
pub struct Highlighting<'a> {
    pub highlighter: &'a Highlighter,
    /// The documents' analyzer.
    pub analyzer: &'a Analyzer,
    pub read_ahead: Option<ReadAhead>,
}

/// One article as an engine stored it: the originals that hits and `kavosh show` are
/// built from, whichever engine kept them.
pub struct StoredArticle {
    pub id: String,
    pub title: String,
    pub body: String,
    pub path: String,
    pub date: Option<String>,
    /// The publication time, in seconds since 1970.
    pub published: Option<i64>,
    pub source: Option<String>,
    pub url: Option<String>,
    pub category: Option<String>,
}

impl StoredArticle {
    /// The article's head, as another article of a story lists it.
    pub fn into_similar(self) -> Similar {
        Similar {
            id: self.id,
            title: self.title,
            source: self.source,
            date: self.date,
            url: self.url,
        }
    }

    /// The article as a hit ranked `rank`: its head with the title highlighted, and the
    /// passages of its body that the highlighter finds best.
    pub fn hit(
        self,
        rank: usize,
        score: f32,
        highlighting: Highlighting,
        options: &SearchOptions,
    ) -> Hit {
        let Highlighting {
            highlighter,
            analyzer,
            read_ahead,
        } = highlighting;
        let (title_read, body_read) = match read_ahead {
            Some(ReadAhead { title, body }) => (Some(title), Some(body)),
            None => (None, None),
        };
        let find = |text: &str, read: Option<ReadTo>| match read {
            Some(read) => highlighter.find_from(text, analyzer, read),
            None => highlighter.find(text, analyzer),
        };
        // Finding matches analyzes the whole body: only when passages are wanted.
        let body_passages = if options.passages == 0 {
            Vec::new()
        } else {
            let body_matches = find(&self.body, body_read);
            passages(
                &self.body,
                &body_matches,
                options.passages,
                options.passage_chars,
            )
        };
        let title_matches = find(&self.title, title_read);
        Hit {
            rank,
            score,
            head: self.head_with(&title_matches),
            passages: body_passages,
            similar: Vec::new(),
        }
    }

    /// The whole article, its title and body highlighted.
    pub fn whole(
        mut self,
        highlighter: &Highlighter,
        analyzer: &Analyzer,
        similar: Vec<Similar>,
    ) -> WholeArticle {
        let body = std::mem::take(&mut self.body);
        WholeArticle {
            body_highlights: highlights(highlighter, analyzer, &body),
            head: self.head(highlighter, analyzer),
            body,
            similar,
        }
    }

    /// All but the body, with the title highlighted.
    fn head(self, highlighter: &Highlighter, analyzer: &Analyzer) -> ArticleHead {
        let matches = highlighter.find(&self.title, analyzer);
        self.head_with(&matches)
    }

    /// All but the body, with the title's `matches` highlighted.
    fn head_with(self, matches: &Matches) -> ArticleHead {
        ArticleHead {
            id: self.id,
            title_highlights: char_ranges(&self.title, &matches.spans()),
            title: self.title,
            path: self.path,
            date: self.date,
            published: self.published.map(iso_day),
            source: self.source,
            url: self.url,
            category: self.category,
        }
    }
}

/// The character ranges of the words of `text` that `highlighter` marks.
fn highlights(highlighter: &Highlighter, analyzer: &Analyzer, text: &str) -> Vec<[usize; 2]> {
    char_ranges(text, &highlighter.find(text, analyzer).spans())
}
