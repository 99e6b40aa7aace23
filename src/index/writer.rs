//! Adding articles: each replaces any earlier article with the same id.

use tantivy::{doc, IndexWriter, TantivyDocument, Term};

use super::KavoshIndex;
use crate::error::Result;
use crate::ingest::Article;

/// Memory the tantivy writer may use before it flushes a segment.
const WRITER_MEMORY_BYTES: usize = 200_000_000;

/// What one indexing run did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct IndexStats {
    pub articles: usize,
}

/// Writes articles into a [`KavoshIndex`]; nothing is visible (or lost) until
/// [`Indexer::commit`].
pub struct Indexer<'a> {
    index: &'a KavoshIndex,
    writer: IndexWriter,
    stats: IndexStats,
}

impl<'a> Indexer<'a> {
    pub fn new(index: &'a KavoshIndex) -> Result<Self> {
        let writer = index.tantivy().writer(WRITER_MEMORY_BYTES)?;
        Ok(Indexer {
            index,
            writer,
            stats: IndexStats::default(),
        })
    }

    /// Adds `article`, replacing an article with the same id.
    pub fn add(&mut self, article: &Article) -> Result<()> {
        let fields = self.index.fields();
        self.writer
            .delete_term(Term::from_field_text(fields.id, &article.id));
        let mut document: TantivyDocument = doc!(
            fields.id => article.id.as_str(),
            fields.title => article.title.as_str(),
            fields.body => article.body.as_str(),
            fields.path => article.path.as_str(),
        );
        if self.index.settings().grams {
            document.add_text(fields.grams, &article.title);
            document.add_text(fields.grams, &article.body);
        }
        let optional = [
            (fields.date, &article.date),
            (fields.source, &article.source),
            (fields.url, &article.url),
        ];
        for (field, value) in optional {
            if let Some(value) = value {
                document.add_text(field, value);
            }
        }
        self.writer.add_document(document)?;
        self.stats.articles += 1;
        Ok(())
    }

    /// Makes everything added so far durable and searchable, atomically.
    pub fn commit(mut self) -> Result<IndexStats> {
        self.writer.commit()?;
        self.writer.wait_merging_threads()?;
        Ok(self.stats)
    }
}
