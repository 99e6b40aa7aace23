//! Making a query's plan against the index: parsed once, then its spaced affixes joined,
//! its words that match nothing corrected from the vocabulary, and its compounds given
//! their other spellings, each a transformation of the plan's words where they stand.

use super::compounds::Compounds;
use super::plan::Plan;
use super::readings::offer_readings;
use super::vocabulary::{IndexVocabulary, TextField, Vocabulary};
use super::Searcher;
use crate::analysis::affix::zwnj_typings;
use crate::analysis::Analyzer;
use crate::error::Result;
use crate::index::Settings;

impl Searcher {
    /// The plan of `query_text` against the index as `searcher` sees it: see [`plan`].
    pub(super) fn plan(
        &self,
        searcher: &tantivy::Searcher,
        query_text: &str,
        max_distance: usize,
    ) -> Result<Plan> {
        let vocabulary = IndexVocabulary {
            index: &self.index,
            searcher,
        };
        plan(
            &vocabulary,
            &self.index.query_analyzer(),
            self.index.settings(),
            query_text,
            max_distance,
        )
    }
}

/// The plan of `query_text` against `vocabulary`, in an index analyzed with `settings`
/// (`analyzer` its query analyzer), each word that matches nothing replaced by its
/// nearest term in the vocabulary, within `max_distance` edits.
pub(crate) fn plan(
    vocabulary: &dyn Vocabulary,
    analyzer: &Analyzer,
    settings: &Settings,
    query_text: &str,
    max_distance: usize,
) -> Result<Plan> {
    let joins = settings.joins_spaced_affixes();
    let mut plan = Plan::parse(query_text);
    if joins {
        plan = plan.join_spaced_affixes();
    }
    // The typed words and their typings in both fields, and what their compounds may
    // look up, fetched at once by a vocabulary that can: a word is seldom corrected.
    let words: Vec<&str> = plan.plain_words();
    let mut lookups = || {
        let typings = words
            .iter()
            .flat_map(|word| std::iter::once(word.to_string()).chain(zwnj_typings(word)));
        let terms: Vec<String> = typings.flat_map(|typing| analyzer.terms(&typing)).collect();
        let mut lookups: Vec<(TextField, String)> = [TextField::Body, TextField::Title]
            .into_iter()
            .flat_map(|field| terms.iter().map(move |term| (field, term.clone())))
            .collect();
        if joins {
            let parts = Compounds::lookups(analyzer, &words);
            lookups.extend(parts.into_iter().map(|term| (TextField::Body, term)));
        }
        lookups
    };
    vocabulary.prefetch(&mut lookups)?;
    plan = plan.correct(&mut |word| correction(vocabulary, analyzer, word, max_distance))?;
    if settings.stems() {
        plan = offer_readings(plan);
    }
    if !joins {
        return Ok(plan);
    }
    Compounds::new(vocabulary, *analyzer).rewrite(plan)
}

/// The vocabulary's nearest term for `word`, within `max_distance` edits, if `word`
/// matches nothing in any of its typings: a word typed joined is no typo when one of
/// its ZWNJ typings is a word of the index (خامنهای is خامنه‌ای, never خانم).
fn correction(
    vocabulary: &dyn Vocabulary,
    analyzer: &Analyzer,
    word: &str,
    max_distance: usize,
) -> Result<Option<String>> {
    let Some(term) = analyzer.single_term(word) else {
        return Ok(None);
    };
    let in_index = |term: &str| -> Result<bool> {
        for field in [TextField::Body, TextField::Title] {
            if vocabulary.holds(field, term)? {
                return Ok(true);
            }
        }
        Ok(false)
    };
    if in_index(&term)? {
        return Ok(None);
    }
    // Only a word that matches nothing as typed is tried in its other typings.
    for typing in zwnj_typings(word) {
        for typed in analyzer.terms(&typing) {
            if in_index(&typed)? {
                return Ok(None);
            }
        }
    }
    Ok(vocabulary
        .nearest(&term, max_distance)?
        .into_iter()
        .next()
        .map(|near| near.term))
}

impl Searcher {
    /// See [`only_common_words`].
    pub(super) fn only_common_words(&self, plan: &Plan) -> Vec<String> {
        only_common_words(plan, &self.index.query_analyzer())
    }

    /// See [`names_anything`].
    pub(super) fn names_anything(&self, plan: &Plan) -> bool {
        names_anything(plan, &self.index.query_analyzer())
    }
}

/// The words of a query of words and quoted phrases that are all common words
/// (stopwords), else none. Without this, such a query would become an empty one that
/// every article matches with the same score, or, quoted, silently match nothing: common
/// words are not indexed (a phrase that holds a real word still matches them by their
/// positions).
pub(crate) fn only_common_words(plan: &Plan, analyzer: &Analyzer) -> Vec<String> {
    match plan.only_words_and_phrases() {
        Some(words)
            if !words.is_empty()
                && words.iter().all(|word| analyzer.terms(word).is_empty())
                && words
                    .iter()
                    .any(|word| word.chars().any(char::is_alphabetic)) =>
        {
            words
        }
        _ => Vec::new(),
    }
}

/// Whether the plan names anything to search for: a word with a term, or a range, set,
/// regex or `*`. Without this, a query of punctuation only would become an empty one that
/// every article matches with the same score.
pub(crate) fn names_anything(plan: &Plan, analyzer: &Analyzer) -> bool {
    plan.names_anything(&mut |text| !analyzer.terms(text).is_empty())
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;

    use rustc_hash::FxHashSet;
    use tantivy::doc;

    use super::*;
    use crate::search::vocabulary::Near;

    /// The index's vocabulary, noting each term looked up that no prefetch named.
    struct Recording<'a> {
        inner: IndexVocabulary<'a>,
        named: RefCell<FxHashSet<(TextField, String)>>,
        unnamed: RefCell<Vec<(TextField, String)>>,
    }

    impl Recording<'_> {
        fn note(&self, field: TextField, term: &str) {
            let key = (field, term.to_string());
            if !self.named.borrow().contains(&key) {
                self.unnamed.borrow_mut().push(key);
            }
        }
    }

    impl Vocabulary for Recording<'_> {
        fn frequency(&self, field: TextField, term: &str) -> Result<u64> {
            self.note(field, term);
            self.inner.frequency(field, term)
        }

        fn holds(&self, field: TextField, term: &str) -> Result<bool> {
            self.note(field, term);
            self.inner.holds(field, term)
        }

        fn articles(&self, term: &str) -> Result<u64> {
            self.inner.articles(term)
        }

        fn nearest(&self, term: &str, max_distance: usize) -> Result<Vec<Near>> {
            self.inner.nearest(term, max_distance)
        }

        fn prefetch(&self, lookups: &mut dyn FnMut() -> Vec<(TextField, String)>) -> Result<()> {
            self.named.borrow_mut().extend(lookups());
            Ok(())
        }
    }

    #[test]
    fn a_plan_looks_up_only_terms_its_prefetches_named_and_plans_alike() {
        // Compounds joined and spaced, a name in parts, a word typed with a ZWNJ.
        let bodies = [
            "زلزلهزده و رتبهبندی تیمها",
            "زلزله زده در رتبه بندی",
            "فتح الله زاده و فتحاللهزاده",
            "کتاب‌های درسی را خامنه‌ای گفت",
        ];
        let (_dir, index, mut writer) = crate::index::scratch_index();
        let fields = *index.fields();
        let articles = bodies
            .into_iter()
            .enumerate()
            .map(|(id, body)| doc!(fields.id => id.to_string(), fields.body => body));
        for article in articles {
            writer.add_document(article).unwrap();
        }
        writer.commit().unwrap();
        let searcher = index.tantivy().reader().unwrap().searcher();
        let analyzer = index.query_analyzer();
        let queries = [
            "رتبه بندی تیم‌ها",
            "زلزله‌زده",
            "فتح‌الله زاده",
            "فتحاللهزاده کتابهای درسی",
            "خامنهای",
            "کتاب‌هاي درسي",
            "زلزلهزدخ",
            "\"رتبه بندی\" -تیمها",
        ];
        for query in queries {
            let plain = IndexVocabulary {
                index: &index,
                searcher: &searcher,
            };
            let recording = Recording {
                inner: IndexVocabulary {
                    index: &index,
                    searcher: &searcher,
                },
                named: RefCell::default(),
                unnamed: RefCell::default(),
            };
            let settings = index.settings();
            let ours = plan(&recording, &analyzer, settings, query, 1).unwrap();
            let theirs = plan(&plain, &analyzer, settings, query, 1).unwrap();
            assert_eq!(ours, theirs, "{query}");
            assert_eq!(recording.unnamed.borrow().as_slice(), [], "{query}");
        }
    }
}
