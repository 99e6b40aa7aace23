//! Each article's head (id, title, source, date as written, url) in a bytes fast field,
//! so that a hit lists the other articles of its story without reading each whole from
//! the document store: there every read decompresses a block and a whole body (about
//! 20 µs an article, `perf` on 10 copies of the news set, where each hit lists nine).

use serde::{Deserialize, Serialize};
use tantivy::{DocId, SegmentReader, TantivyError};

use crate::error::Result;
use crate::ingest::Article;

/// The fast field of heads.
pub(super) const HEAD: &str = "head";

/// An article's head: what a hit says of another article of its story.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Head {
    pub id: String,
    pub title: String,
    pub source: Option<String>,
    /// The date as the article wrote it.
    pub date: Option<String>,
    pub url: Option<String>,
}

impl Head {
    /// The head of `article`, as the index keeps it.
    pub(super) fn bytes_of(article: &Article) -> Vec<u8> {
        let head = Head {
            id: article.id.clone(),
            title: article.title.clone(),
            source: article.source.clone(),
            date: article.date.clone(),
            url: article.url.clone(),
        };
        serde_json::to_vec(&head).expect("a head serializes")
    }
}

/// One segment's heads, `None` in an index made before them.
pub fn heads(segment: &SegmentReader) -> Result<Option<Heads>> {
    Ok(segment
        .fast_fields()
        .bytes(HEAD)?
        .map(|column| Heads { column }))
}

/// A segment's column of heads.
pub struct Heads {
    column: tantivy::columnar::BytesColumn,
}

impl Heads {
    /// The head of document `doc`, `None` if it has none.
    pub fn get(&self, doc: DocId) -> Result<Option<Head>> {
        let Some(ordinal) = self.column.term_ords(doc).next() else {
            return Ok(None);
        };
        let mut bytes = Vec::new();
        self.column
            .ord_to_bytes(ordinal, &mut bytes)
            .map_err(TantivyError::from)?;
        Ok(serde_json::from_slice(&bytes).ok())
    }
}
