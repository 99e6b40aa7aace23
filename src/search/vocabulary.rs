//! The questions planning asks of an index's vocabulary (does a term match anything, in
//! how many articles, which terms are near a typo), behind one trait: the embedded index
//! answers them from its term dictionary, the cluster (`engine/opensearch`) from its
//! own, and the corrections and compound alternatives are the same code for both.

use tantivy::collector::Count;
use tantivy::query::{BooleanQuery, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::Term;

use super::suggest;
pub use super::suggest::{nearest_first, Near};
use crate::error::Result;
use crate::index::live::{has_live_doc, live_doc_freq};
use crate::index::KavoshIndex;

/// A text field whose terms planning looks up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TextField {
    Title,
    Body,
}

impl TextField {
    /// Its name in the schema and in the cluster's mapping.
    pub fn name(self) -> &'static str {
        match self {
            TextField::Title => "title",
            TextField::Body => "body",
        }
    }
}

/// An index's vocabulary, as the live articles have it: an edited index and a rebuilt
/// one answer alike.
pub trait Vocabulary {
    /// How many live articles hold `term` (as analyzed) in `field`.
    fn frequency(&self, field: TextField, term: &str) -> Result<u64>;

    /// Whether any live article holds `term` in `field`.
    fn holds(&self, field: TextField, term: &str) -> Result<bool> {
        Ok(self.frequency(field, term)? > 0)
    }

    /// How many live articles hold `term` in the title or the body, as a search of it
    /// counts them.
    fn articles(&self, term: &str) -> Result<u64>;

    /// The body's terms within `max_distance` edits of `term` that share its first
    /// letter, nearest and then most frequent first, `term` itself left out (see
    /// [`suggest::nearest_terms`]).
    fn nearest(&self, term: &str, max_distance: usize) -> Result<Vec<Near>>;

    /// Told that the terms `lookups` gives (each with its field) are about to be looked
    /// up: a vocabulary that answers many at once faster than one by one (over the
    /// network) fetches them now. `lookups` may name more than will be asked, and is
    /// called only by such a vocabulary.
    fn prefetch(&self, _lookups: &mut dyn FnMut() -> Vec<(TextField, String)>) -> Result<()> {
        Ok(())
    }
}

/// The vocabulary of an embedded index, as one searcher sees it.
pub(super) struct IndexVocabulary<'a> {
    pub index: &'a KavoshIndex,
    pub searcher: &'a tantivy::Searcher,
}

impl IndexVocabulary<'_> {
    fn term(&self, field: TextField, term: &str) -> Term {
        let fields = self.index.fields();
        let field = match field {
            TextField::Title => fields.title,
            TextField::Body => fields.body,
        };
        Term::from_field_text(field, term)
    }
}

impl Vocabulary for IndexVocabulary<'_> {
    fn frequency(&self, field: TextField, term: &str) -> Result<u64> {
        live_doc_freq(self.searcher, &self.term(field, term))
    }

    /// Stops at the first live article (on an index with deletions, the postings are
    /// read to find which are live).
    fn holds(&self, field: TextField, term: &str) -> Result<bool> {
        has_live_doc(self.searcher, &self.term(field, term))
    }

    fn articles(&self, term: &str) -> Result<u64> {
        let either = BooleanQuery::union(
            [TextField::Title, TextField::Body]
                .into_iter()
                .map(|field| {
                    Box::new(TermQuery::new(
                        self.term(field, term),
                        IndexRecordOption::Basic,
                    )) as Box<dyn Query>
                })
                .collect(),
        );
        Ok(self.searcher.search(&either, &Count)? as u64)
    }

    fn nearest(&self, term: &str, max_distance: usize) -> Result<Vec<Near>> {
        suggest::nearest_terms(self.searcher, self.index.fields().body, term, max_distance)
    }
}
