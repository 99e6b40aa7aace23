//! Fuzzes the query path: any string a reader might type (operators, quotes,
//! parentheses, fields, stars, Persian, Arabic, marks, control characters) gets an
//! answer from the library's searcher, never a panic or an error.
//!
//! The index is the bundled corpus after edits (files changed and deleted, then indexed
//! again, deletions not merged away), the state an archive is in after a re-index, so
//! the paths that score by hand meet document frequencies that still count deleted
//! articles.
//!
//! Inputs run: 2,000 arbitrary strings, 2,000 strings over control and format
//! characters, and 2,000 strings built from query syntax and Persian words
//! (`PROPTEST_CASES` below).

use std::fs;
use std::path::Path;
use std::sync::OnceLock;

mod common;

use common::index_with_library;
use kavosh::index::KavoshIndex;
use kavosh::search::{MatchMode, SearchOptions, Searcher};
use proptest::prelude::*;

const PROPTEST_CASES: u32 = 2000;

/// Copies the folder `from` into `to`, recursively.
fn copy_folder(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_folder(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// One searcher over the bundled corpus after a round of edits, shared by every case.
fn searcher() -> &'static Searcher {
    static SEARCHER: OnceLock<(tempfile::TempDir, Searcher)> = OnceLock::new();
    let (_, searcher) = SEARCHER.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let (articles, index_dir) = (dir.path().join("corpus"), dir.path().join("index"));
        copy_folder(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus"),
            &articles,
        );
        index_with_library(std::slice::from_ref(&articles), &index_dir, None);
        let changed = articles.join("syria-china-phone-call.txt");
        let text = fs::read_to_string(&changed).unwrap();
        fs::write(&changed, text + "\nسوریه و چین در گفت‌وگویی تازه.\n").unwrap();
        fs::remove_file(articles.join("economy/oil-exports.txt")).unwrap();
        fs::remove_file(articles.join("economy/briefs.jsonl")).unwrap();
        index_with_library(std::slice::from_ref(&articles), &index_dir, None);
        let index = KavoshIndex::open(&index_dir).unwrap();
        let reader = index.tantivy().reader().unwrap();
        let searcher = reader.searcher();
        assert!(
            searcher.num_docs()
                < searcher
                    .segment_readers()
                    .iter()
                    .map(|s| u64::from(s.max_doc()))
                    .sum(),
            "deleted articles are still in the segments"
        );
        (dir, Searcher::new(index).unwrap())
    });
    searcher
}

fn answers(query: &str) -> Result<(), TestCaseError> {
    for match_mode in [MatchMode::All, MatchMode::Any] {
        let options = SearchOptions {
            match_mode,
            passages: 2,
            ..SearchOptions::default()
        };
        let results = searcher().search(query, &options);
        prop_assert!(results.is_ok(), "{query:?}: {:?}", results.err());
        let results = results.unwrap();
        for hit in &results.hits {
            for passage in &hit.passages {
                let chars = passage.text.chars().count();
                prop_assert!(passage
                    .highlights
                    .iter()
                    .all(|[from, to]| from < to && *to <= chars));
            }
        }
    }
    Ok(())
}

/// Strings over control, format and bidi characters mixed with Persian and query
/// syntax: the characters `any::<String>()` almost never draws.
fn control_heavy() -> impl Strategy<Value = String> {
    let character = prop::sample::select(vec![
        '\0', '\t', '\n', '\r', '\u{7}', '\u{1b}', '\u{7f}', '\u{85}', '\u{a0}', '\u{200B}',
        '\u{200C}', '\u{200D}', '\u{200E}', '\u{200F}', '\u{202B}', '\u{202E}', '\u{2066}',
        '\u{2069}', '\u{FEFF}', '\u{FFFD}', '\u{0640}', '\u{064E}', '\u{0670}', 'ک', 'ي', 'ی', 'ه',
        'ا', 'ب', 'ت', 'ن', '۶', '٥', '5', ' ', '"', '*', ':', '(', ')', '-', '+',
    ]);
    prop::collection::vec(character, 0..40).prop_map(|chars| chars.into_iter().collect())
}

/// Pieces of query syntax and words, glued with or without spaces.
fn query_like() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("کمربند"),
        Just("كمربند"),
        Just("می‌کند"),
        Just("کتاب ها"),
        Just("۶۵"),
        Just("سوریه"),
        Just("چین"),
        Just("و"),
        Just("AND"),
        Just("OR"),
        Just("NOT"),
        Just("\""),
        Just("("),
        Just(")"),
        Just("+"),
        Just("-"),
        Just("*"),
        Just("~"),
        Just("^"),
        Just(":"),
        Just("title:"),
        Just("source:"),
        Just("body:"),
        Just("["),
        Just("]"),
        Just("{"),
        Just("}"),
        Just("\\"),
        Just("'"),
        Just("TO"),
        Just("\u{200C}"),
        Just("\u{064E}"),
        Just("ـ"),
        Just("\u{200F}"),
        Just("/x.*/"),
        Just("IN"),
        Just(">"),
        Just("<="),
        Just("*:*"),
        Just("2024"),
        Just("\n"),
        Just("\t"),
        Just("\0"),
    ];
    let glue = prop_oneof![Just(""), Just(" "), Just("  ")];
    prop::collection::vec((piece, glue), 0..12).prop_map(|parts| {
        parts
            .into_iter()
            .map(|(piece, glue)| format!("{piece}{glue}"))
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(PROPTEST_CASES))]

    #[test]
    fn any_string_gets_an_answer(query in any::<String>()) {
        answers(&query)?;
    }

    #[test]
    fn any_string_of_control_and_format_characters_gets_an_answer(query in control_heavy()) {
        answers(&query)?;
    }

    #[test]
    fn any_mix_of_query_syntax_gets_an_answer(query in query_like()) {
        answers(&query)?;
    }
}

/// Found by `any_mix_of_query_syntax_gets_an_answer`: a word joined with its affix inside
/// a phrase and corrected where it is typed again overlapped in "showing results for".
#[test]
fn a_correction_inside_a_joined_phrase_gets_an_answer() {
    answers("TOکتاب ها 'کتاب ها ").unwrap();
}
