//! What an index holds, for `kavosh stats`: articles, sources and categories with their
//! counts, the publication date range, the analysis settings, size on disk and the time
//! of the last commit.

use std::path::Path;
use std::time::SystemTime;

use serde::Serialize;
use tantivy::schema::Field;
use tantivy::{Searcher, TantivyError};

use super::live::live_in_segment;
use super::{KavoshIndex, Settings, StoryTable, PUBLISHED};
use crate::error::{Error, Result};

/// A summary of one index.
#[derive(Debug, Clone, Serialize)]
pub struct Stats {
    /// Articles in the index (deleted ones not counted).
    pub articles: u64,
    /// Each source with its number of articles, most first.
    pub sources: Vec<(String, u64)>,
    /// Each category with its number of articles, most first.
    pub categories: Vec<(String, u64)>,
    /// Articles with a publication date, and the first and last of those dates
    /// (seconds since 1970).
    pub dated_articles: u64,
    pub first_published: Option<i64>,
    pub last_published: Option<i64>,
    /// Stories (index/stories.rs): articles that are copies of one another count once.
    pub stories: u64,
    /// Articles in the largest story.
    pub largest_story: u64,
    pub settings: Settings,
    /// Bytes of the index folder's files.
    pub size_bytes: u64,
    /// When the last commit was written (seconds since 1970).
    pub last_commit: Option<u64>,
}

impl KavoshIndex {
    /// Counts what the index holds, from its term dictionaries and its date column
    /// (no article is read).
    pub fn stats(&self) -> Result<Stats> {
        let searcher = self.index.reader()?.searcher();
        let fields = self.fields();
        let (mut first, mut last, mut dated) = (None::<i64>, None::<i64>, 0u64);
        for segment in searcher.segment_readers() {
            let column = segment.fast_fields().date(PUBLISHED)?;
            for doc in segment.doc_ids_alive() {
                if let Some(date) = column.first(doc) {
                    let seconds = date.into_timestamp_secs();
                    dated += 1;
                    first = Some(first.map_or(seconds, |first| first.min(seconds)));
                    last = Some(last.map_or(seconds, |last| last.max(seconds)));
                }
            }
        }
        let io = |source| Error::Io {
            path: self.path.clone(),
            source,
        };
        let mut size_bytes = 0;
        for entry in std::fs::read_dir(&self.path).map_err(io)? {
            let metadata = entry.map_err(io)?.metadata().map_err(io)?;
            if metadata.is_file() {
                size_bytes += metadata.len();
            }
        }
        let table = StoryTable::load(&self.path)?;
        let articles = searcher.num_docs();
        Ok(Stats {
            articles,
            stories: (articles + table.len() as u64)
                .saturating_sub(table.articles_in_stories() as u64),
            largest_story: if articles == 0 {
                0
            } else {
                table.largest() as u64
            },
            sources: counts_by_term(&searcher, fields.source)?,
            categories: counts_by_term(&searcher, fields.category)?,
            dated_articles: dated,
            first_published: first,
            last_published: last,
            settings: self.settings,
            size_bytes,
            last_commit: last_commit(&self.path),
        })
    }
}

impl KavoshIndex {
    /// Each source with its number of articles, most first.
    pub fn sources(&self) -> Result<Vec<(String, u64)>> {
        counts_by_term(&self.index.reader()?.searcher(), self.fields().source)
    }
}

/// Every term of a whole-value field (source, category) with the live articles holding
/// it, most first.
fn counts_by_term(searcher: &Searcher, field: Field) -> Result<Vec<(String, u64)>> {
    let mut counts: Vec<(String, u64)> = Vec::new();
    for segment in searcher.segment_readers() {
        let inverted = segment.inverted_index(field)?;
        let mut terms = inverted.terms().stream().map_err(TantivyError::from)?;
        while terms.advance() {
            let Ok(term) = std::str::from_utf8(terms.key()) else {
                continue;
            };
            let live = live_in_segment(segment, field, terms.value(), u64::MAX)?;
            match counts.iter_mut().find(|(known, _)| known == term) {
                Some((_, total)) => *total += live,
                None => counts.push((term.to_string(), live)),
            }
        }
    }
    counts.retain(|(_, count)| *count > 0);
    counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    Ok(counts)
}

/// The modification time of the index's `meta.json`, which every commit rewrites.
fn last_commit(dir: &Path) -> Option<u64> {
    let modified = std::fs::metadata(dir.join("meta.json"))
        .ok()?
        .modified()
        .ok()?;
    Some(
        modified
            .duration_since(SystemTime::UNIX_EPOCH)
            .ok()?
            .as_secs(),
    )
}
