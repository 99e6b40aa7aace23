//! Fuzzes the query path: any string a reader might type (operators, quotes,
//! parentheses, fields, stars, Persian, Arabic, marks, control characters) gets an
//! answer from the library's searcher, never a panic or an error.
//!
//! Inputs run: 3,000 arbitrary strings + 3,000 strings built from query syntax and
//! Persian words (`PROPTEST_CASES` below), on the bundled corpus.

use std::path::Path;
use std::sync::OnceLock;

mod common;

use common::index_with_library;
use kavosh::index::KavoshIndex;
use kavosh::search::{MatchMode, SearchOptions, Searcher};
use proptest::prelude::*;

const PROPTEST_CASES: u32 = 3000;

/// One searcher over the bundled corpus, shared by every case.
fn searcher() -> &'static Searcher {
    static SEARCHER: OnceLock<(tempfile::TempDir, Searcher)> = OnceLock::new();
    let (_, searcher) = SEARCHER.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let corpus = [Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")];
        index_with_library(&corpus, dir.path(), None);
        let searcher = Searcher::new(KavoshIndex::open(dir.path()).unwrap()).unwrap();
        (dir, searcher)
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
    fn any_mix_of_query_syntax_gets_an_answer(query in query_like()) {
        answers(&query)?;
    }
}
