//! Writing articles: each replaces any earlier article with the same id, and all the
//! articles of a file can be removed at once when it changes or goes.

use std::hash::BuildHasher;
use std::path::Path;
use std::sync::Mutex;

use rustc_hash::{FxBuildHasher, FxHashSet};

use tantivy::directory::error::LockError;
use tantivy::indexer::LogMergePolicy;
use tantivy::{doc, DateTime, IndexWriter, TantivyDocument, TantivyError, Term};
use unicode_segmentation::UnicodeSegmentation;

use super::head::Head;
use super::stories::story_key;
use super::KavoshIndex;
use super::{Signature, Signing};
use crate::error::{Error, Result};
use crate::ingest::{parse_date, Article};

/// Writes into a [`KavoshIndex`]; nothing is visible (or lost) until [`Indexer::commit`].
/// Methods take `&self`, so several threads may add at once.
pub struct Indexer<'a> {
    index: &'a KavoshIndex,
    writer: IndexWriter,
    /// While the index held no article before this run: the hashes of the ids added so
    /// far. An id not among them replaces nothing, so no deletion is queued for it: a
    /// first index of a million articles otherwise queued a million deletions, held in
    /// memory until the commit and each looked up in every segment there. `None` once
    /// the index had articles (every add then deletes its id).
    fresh_ids: Mutex<Option<FxHashSet<u64>>>,
}

impl<'a> Indexer<'a> {
    /// Takes the index's single writer lock; a second writer fails at once.
    pub fn new(index: &'a KavoshIndex, memory_budget_bytes: usize) -> Result<Self> {
        let writer = index
            .tantivy()
            .writer(memory_budget_bytes)
            .map_err(|error| match error {
                TantivyError::LockFailure(LockError::LockBusy, _) => Error::Locked {
                    path: index.path().to_path_buf(),
                },
                other => Error::Index(other),
            })?;
        let mut merges = LogMergePolicy::default();
        merges.set_max_docs_before_merge(MERGE_MAX_DOCS);
        writer.set_merge_policy(Box::new(merges));
        let empty = index.tantivy().reader()?.searcher().num_docs() == 0;
        Ok(Indexer {
            index,
            writer,
            fresh_ids: Mutex::new(empty.then(FxHashSet::default)),
        })
    }

    /// Whether an article with `id` may be in the index already (a hash seen twice
    /// only costs a deletion that finds nothing).
    fn may_hold(&self, id: &str) -> bool {
        match &mut *self.fresh_ids.lock().expect("not poisoned") {
            Some(added) => !added.insert(FxBuildHasher.hash_one(id)),
            None => true,
        }
    }

    /// How the index signs each article's body, `None` if it finds no stories.
    pub fn signs(&self) -> Option<Signing> {
        let signing = self.index.settings().signing;
        self.index.fields().signature.map(|_| signing)
    }

    /// Adds `article`, read from `file` (its absolute path), with the signature of its
    /// body (when the index [`signs`](Self::signs)), replacing an article with the same id.
    pub fn add(&self, article: &Article, file: &Path, signature: Option<&Signature>) -> Result<()> {
        let fields = self.index.fields();
        if self.may_hold(&article.id) {
            self.writer
                .delete_term(Term::from_field_text(fields.id, &article.id));
        }
        let mut document: TantivyDocument = doc!(
            fields.id => article.id.as_str(),
            fields.title => article.title.as_str(),
            fields.body => article.body.as_str(),
            fields.lead => lead(&article.body),
            fields.path => article.path.as_str(),
            fields.file => file.to_string_lossy().as_ref(),
        );
        let optional = [
            (fields.date, &article.date),
            (fields.source, &article.source),
            (fields.url, &article.url),
            (fields.category, &article.category),
        ];
        for (field, value) in optional {
            if let Some(value) = value {
                document.add_text(field, value);
            }
        }
        if let (Some(key), Some(field), Some(signature)) =
            (fields.story_key, fields.signature, signature)
        {
            document.add_u64(key, story_key(&article.id));
            document.add_bytes(field, &signature.to_bytes());
        }
        if let Some(field) = fields.head {
            document.add_bytes(field, &Head::bytes_of(article));
        }
        if let Some(seconds) = article.date.as_deref().and_then(parse_date) {
            document.add_date(fields.published, DateTime::from_timestamp_secs(seconds));
        }
        self.writer.add_document(document)?;
        Ok(())
    }

    /// Removes every article read from `file` (an absolute path).
    pub fn delete_file(&self, file: &str) {
        if self.fresh_ids.lock().expect("not poisoned").is_some() {
            // The articles of a file read twice in one run share their ids: `add`
            // replaces them.
            return;
        }
        let fields = self.index.fields();
        self.writer
            .delete_term(Term::from_field_text(fields.file, file));
    }

    /// Removes every article, for a rebuild.
    pub fn delete_all(&self) -> Result<()> {
        self.writer.delete_all_documents()?;
        *self.fresh_ids.lock().expect("not poisoned") = Some(FxHashSet::default());
        Ok(())
    }

    /// Makes everything done so far durable and searchable, atomically; returns the
    /// commit's opstamp.
    pub fn commit(mut self) -> Result<u64> {
        let opstamp = self.writer.commit()?;
        self.writer.wait_merging_threads()?;
        Ok(opstamp)
    }
}

/// Segments of more articles than this are not merged again. A merge's memory grows
/// with the segments it joins: with tantivy's default (10 million) a first index of
/// 1.15M articles (100 copies of the news set) joined eight segments of about 95,000
/// articles into one at its end and peaked at 2,489 MB, as plain tantivy did (2,151 MB);
/// with this bound it peaked at 584 MB, leaving 12 segments of 84,000-107,000 articles,
/// which searched no slower (README, Scale).
const MERGE_MAX_DOCS: usize = 50_000;

/// Longest lead indexed, in chars: text without sentence punctuation has no first sentence
/// to speak of. News MAP n01–n76 / n77–n112 and ParsiNLU MRR@10 (2026-12-07, README:
/// Evaluation): 100: 0.8325 / 0.8545 / 0.7558, 200: 0.8463 / 0.8438 / 0.7537, **300**:
/// 0.8459 / 0.8424 / 0.7540, 500 (and 1,000, or no bound): 0.8459 / 0.8379 / 0.7548. 100
/// trades the first topics for the second; 200 and 300 are one; a longer lead dilutes it on
/// the second topics.
const LEAD_MAX_CHARS: usize = 300;

/// The first sentence of `body` (Unicode sentence bounds: `.`, `؟`, `!`, a line break).
pub(crate) fn lead(body: &str) -> &str {
    let first = body
        .trim_start()
        .split_sentence_bounds()
        .next()
        .unwrap_or_default();
    match first.char_indices().nth(LEAD_MAX_CHARS) {
        Some((end, _)) => &first[..end],
        None => first,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lead_is_the_first_sentence() {
        assert_eq!(
            lead("  شترمرغ پرنده‌ای است. بزرگ‌ترین پرنده"),
            "شترمرغ پرنده‌ای است. "
        );
        assert_eq!(lead("چرا؟ چون"), "چرا؟ ");
        assert_eq!(lead("خط اول\nخط دوم"), "خط اول\n");
        assert_eq!(lead(&"کلمه ".repeat(200)).chars().count(), LEAD_MAX_CHARS);
        assert_eq!(lead(""), "");
    }
}
