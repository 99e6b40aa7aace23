//! A page's hits as the reader sees them: each article's head with its title
//! highlighted, and the passages of its body that best match the plan.

use tantivy::schema::{Field, Value};
use tantivy::{DocAddress, TantivyDocument};

use super::collect::Ranked;
use super::plan::Plan;
use super::{
    char_ranges, passages, ArticleHead, Highlighter, Hit, SearchOptions, Searcher, Similar,
    WholeArticle,
};
use crate::analysis::Analyzer;
use crate::error::Result;
use crate::ingest::iso_day;

impl Searcher {
    /// The hits of `page`, ranked from `options.offset`, highlighted as `plan` says.
    pub(super) fn hits(
        &self,
        searcher: &tantivy::Searcher,
        page: Vec<Ranked>,
        plan: &Plan,
        options: &SearchOptions,
    ) -> Result<Vec<Hit>> {
        let highlighter = Highlighter::from_plan(plan, &self.index.query_analyzer());
        let mut hits = Vec::with_capacity(page.len());
        for (index, ranked) in page.into_iter().enumerate() {
            let score = ranked.score;
            let similar = self.similar(searcher, &ranked.similar)?;
            let document = ranked.document(searcher)?;
            hits.push(Hit {
                similar,
                ..self.hit(
                    &document,
                    options.offset + index + 1,
                    score,
                    &highlighter,
                    options,
                )
            });
        }
        Ok(hits)
    }

    /// A whole stored article, its title and body highlighted, with the other articles
    /// of its story.
    pub(super) fn whole_article(
        &self,
        document: &TantivyDocument,
        highlighter: &Highlighter,
        similar: Vec<Similar>,
    ) -> WholeArticle {
        let body = Stored(document)
            .text(self.index.fields().body)
            .unwrap_or_default();
        WholeArticle {
            head: self.head(document, highlighter),
            body_highlights: highlights(highlighter, self.index.analyzer(), &body),
            body,
            similar,
        }
    }

    /// The articles at `addresses`, as a hit lists the other articles of its story.
    pub(super) fn similar(
        &self,
        searcher: &tantivy::Searcher,
        addresses: &[DocAddress],
    ) -> Result<Vec<Similar>> {
        let fields = self.index.fields();
        addresses
            .iter()
            .map(|address| {
                let document: TantivyDocument = searcher.doc(*address)?;
                let stored = Stored(&document);
                Ok(Similar {
                    id: stored.text(fields.id).unwrap_or_default(),
                    title: stored.text(fields.title).unwrap_or_default(),
                    source: stored.text(fields.source),
                    date: stored.text(fields.date),
                    url: stored.text(fields.url),
                })
            })
            .collect()
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
            similar: Vec::new(),
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
