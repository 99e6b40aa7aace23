//! Each article's head (id, title, source, date as written, url) in a bytes fast field,
//! so that a hit lists the other articles of its story without reading each whole from
//! the document store: there every read decompresses a block and a whole body (about
//! 20 µs an article, `perf` on 10 copies of the news set, where each hit lists nine).

use serde::Serialize;
use tantivy::{DocId, SegmentReader, TantivyError};

use crate::error::Result;
use crate::ingest::Article;

/// The fast field of heads.
pub(super) const HEAD: &str = "head";

/// An article's head: what a hit says of another article of its story.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Head {
    pub id: String,
    pub title: String,
    pub source: Option<String>,
    /// The date as the article wrote it.
    pub date: Option<String>,
    pub url: Option<String>,
}

impl Head {
    /// The head of `article`, as the index keeps it: each field in order, absent as a 0,
    /// else its length plus one (LEB128) and its bytes (JSON would spend a sixth more on
    /// names and quotes).
    pub(super) fn bytes_of(article: &Article) -> Vec<u8> {
        let fields = [
            Some(&article.id),
            Some(&article.title),
            article.source.as_ref(),
            article.date.as_ref(),
            article.url.as_ref(),
        ];
        let mut bytes = Vec::new();
        for field in fields {
            let mut length = field.map_or(0, |text| text.len() + 1);
            loop {
                let low = (length & 0x7f) as u8;
                length >>= 7;
                if length == 0 {
                    bytes.push(low);
                    break;
                }
                bytes.push(low | 0x80);
            }
            bytes.extend_from_slice(field.map_or(&[][..], |text| text.as_bytes()));
        }
        bytes
    }

    /// The head [`Head::bytes_of`] wrote, `None` if `bytes` are not one.
    fn from_bytes(mut bytes: &[u8]) -> Option<Head> {
        let mut next = || -> Option<Option<String>> {
            let mut length = 0usize;
            for shift in (0..64).step_by(7) {
                let (&byte, rest) = bytes.split_first()?;
                bytes = rest;
                length |= usize::from(byte & 0x7f) << shift;
                if byte & 0x80 == 0 {
                    break;
                }
            }
            let Some(length) = length.checked_sub(1) else {
                return Some(None);
            };
            let text = bytes.get(..length)?;
            bytes = &bytes[length..];
            Some(Some(String::from_utf8(text.to_vec()).ok()?))
        };
        Some(Head {
            id: next()??,
            title: next()??,
            source: next()?,
            date: next()?,
            url: next()?,
        })
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
    /// The heads of documents `docs`, in their order, `None` where one has none: read in
    /// the dictionary's order, so that a block of heads is decoded once for all it holds
    /// (the copies of a story sort together, by id) instead of once for each.
    pub fn read(&self, docs: &[DocId]) -> Result<Vec<Option<Head>>> {
        let mut wanted: Vec<(u64, usize)> = (docs.iter().enumerate())
            .filter_map(|(at, doc)| Some((self.column.term_ords(*doc).next()?, at)))
            .collect();
        wanted.sort_unstable();
        let ordinals: Vec<u64> = wanted.iter().map(|(ordinal, _)| *ordinal).collect();
        let mut read = Vec::with_capacity(ordinals.len());
        self.column
            .dictionary()
            .sorted_ords_to_term_cb(&ordinals, |bytes| read.push(Head::from_bytes(bytes)))
            .map_err(TantivyError::from)?;
        let mut heads = vec![None; docs.len()];
        for ((_, at), head) in wanted.into_iter().zip(read) {
            heads[at] = head;
        }
        Ok(heads)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_head_reads_back_as_written_whatever_its_fields() {
        let long = "ب".repeat(200);
        let mut article = Article {
            id: "isna-1".into(),
            title: "گفت‌وگوی تلفنی".into(),
            source: Some("ایسنا".into()),
            date: None,
            url: Some(format!("https://isna.ir/{long}")),
            body: String::new(),
            category: None,
            path: String::new(),
        };
        let read = |article: &Article| Head::from_bytes(&Head::bytes_of(article)).unwrap();
        let head = read(&article);
        assert_eq!(head.id, "isna-1");
        assert_eq!(head.title, "گفت‌وگوی تلفنی");
        assert_eq!(head.source.as_deref(), Some("ایسنا"));
        assert_eq!(head.date, None);
        assert_eq!(head.url, article.url);
        // Empty, not absent.
        article.source = Some(String::new());
        article.title = String::new();
        let head = read(&article);
        assert_eq!(
            (head.title.as_str(), head.source.as_deref()),
            ("", Some(""))
        );
        // Cut short, it is no head.
        let bytes = Head::bytes_of(&article);
        assert_eq!(Head::from_bytes(&bytes[..bytes.len() - 1]), None);
    }

    #[test]
    fn heads_read_together_come_back_in_the_order_asked() {
        let (_dir, index, mut writer) = crate::index::scratch_index();
        let fields = *index.fields();
        let head = fields.head.expect("a new index has heads");
        // Ids whose heads sort against the documents' order; one document without.
        let ids = ["isna-9", "irna-5", "mehr-1", "isna-10", "fars-3"];
        for id in ids {
            let article = Article {
                id: id.into(),
                title: format!("خبر {id}"),
                source: None,
                date: None,
                url: None,
                body: String::new(),
                category: None,
                path: String::new(),
            };
            writer
                .add_document(tantivy::doc!(fields.id => id, head => Head::bytes_of(&article)))
                .unwrap();
        }
        writer
            .add_document(tantivy::doc!(fields.id => "headless"))
            .unwrap();
        writer.commit().unwrap();
        let searcher = index.tantivy().reader().unwrap().searcher();
        let heads = heads(searcher.segment_reader(0)).unwrap().unwrap();
        let asked = [3, 0, 5, 4, 3, 1, 2];
        let read: Vec<Option<String>> = (heads.read(&asked).unwrap().into_iter())
            .map(|head| head.map(|head| head.id))
            .collect();
        let expected: Vec<Option<String>> = asked
            .iter()
            .map(|&doc| ids.get(doc as usize).map(|id| id.to_string()))
            .collect();
        assert_eq!(read, expected);
    }
}
