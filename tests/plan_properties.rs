//! Properties of the query plan over generated queries of the grammar (words, typos,
//! spaced affixes, compounds, "phrases", prefixes, `title:`, `+`/`-`, AND/OR/NOT,
//! parentheses), searched in the bundled corpus through the library:
//!
//! - a rewrite (the corrected query, a suggestion) changes only words: the operators,
//!   quotes, parentheses and field names are those typed, in order;
//! - every hit of a query without `-`/NOT has a highlight in its title or passages;
//! - a word corrected in one place is corrected wherever it stands alone;
//! - `rank` (what `eval` measures) returns the ids `search` returns, in its order.

use std::sync::OnceLock;

mod common;

use common::index_with_library;
use kavosh::index::KavoshIndex;
use kavosh::search::{MatchMode, Plan, SearchOptions, Searcher};
use proptest::prelude::*;

/// Words of the corpus, typos of them (سوریخ, کمربنذ), affixes typed apart (ها, می
/// کند), a compound's parts (زلزله زده) and common words.
const WORDS: &[&str] = &[
    "چین",
    "سوریه",
    "سوریخ",
    "کمربند",
    "کمربنذ",
    "جاده",
    "ایران",
    "والیبال",
    "کشتی",
    "اقتصاد",
    "زلزله",
    "زده",
    "کتاب",
    "ها",
    "می",
    "کند",
    "بورس",
    "نفت",
    "صادرات",
    "و",
    "از",
    "واکسن",
    "کرونا",
];

/// Words that match nothing in the corpus and are one edit from a word that does.
const TYPOS: &[&str] = &["سوریخ", "کمربنذ"];

fn searcher() -> &'static Searcher {
    static SEARCHER: OnceLock<(tempfile::TempDir, Searcher)> = OnceLock::new();
    let (_, searcher) = SEARCHER.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        index_with_library(&[common::corpus()], dir.path(), None);
        let index = KavoshIndex::open(dir.path()).unwrap();
        (dir, Searcher::new(index).unwrap())
    });
    searcher
}

fn word() -> impl Strategy<Value = String> {
    prop::sample::select(WORDS).prop_map(str::to_string)
}

/// One leaf: a word, a phrase, a prefix or a title word.
fn leaf() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => word(),
        1 => (word(), word()).prop_map(|(a, b)| format!("\"{a} {b}\"")),
        1 => word().prop_map(|w| format!("{}*", w.chars().take(3).collect::<String>())),
        1 => word().prop_map(|w| format!("title:{w}")),
    ]
}

/// A query of the grammar; with `negation`, clauses may be excluded.
fn query(negation: bool) -> impl Strategy<Value = String> {
    let leaf = leaf().boxed();
    leaf.prop_recursive(3, 12, 4, move |inner| {
        let occur = if negation {
            prop::sample::select(&["", "", "+", "-"][..]).boxed()
        } else {
            prop::sample::select(&["", "", "+"][..]).boxed()
        };
        let joiner = if negation {
            prop::sample::select(&[" ", " ", " AND ", " OR ", " AND NOT "][..]).boxed()
        } else {
            prop::sample::select(&[" ", " ", " AND ", " OR "][..]).boxed()
        };
        prop_oneof![
            prop::collection::vec((occur, inner.clone()), 1..4).prop_map(|clauses| {
                clauses
                    .into_iter()
                    .map(|(occur, clause)| format!("{occur}{clause}"))
                    .collect::<Vec<_>>()
                    .join(" ")
            }),
            (inner.clone(), joiner, inner.clone()).prop_map(|(a, op, b)| format!("({a}{op}{b})")),
        ]
    })
}

/// What a rewrite must keep: operators, quotes, parentheses and field names, in order.
fn skeleton(query: &str) -> Vec<String> {
    let mut kept = Vec::new();
    for piece in query.split(|c: char| c.is_whitespace()) {
        if matches!(piece, "AND" | "OR" | "NOT") {
            kept.push(piece.to_string());
            continue;
        }
        // A field name, then the piece's operators and quotes, in the order typed.
        let field = piece
            .split_once(':')
            .map(|(field, _)| field.trim_start_matches(['+', '-', '(', '"']));
        kept.extend(field.map(str::to_string));
        kept.extend(
            piece
                .chars()
                .filter(|c| "\"'()+-*:^~".contains(*c))
                .map(String::from),
        );
    }
    kept
}

fn options(match_mode: MatchMode) -> SearchOptions {
    SearchOptions {
        match_mode,
        limit: 20,
        ..SearchOptions::default()
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn a_rewrite_changes_only_words(query in query(true)) {
        let results = searcher().search(&query, &options(MatchMode::All)).unwrap();
        for rewritten in [&results.corrected_query, &results.suggestion].into_iter().flatten() {
            prop_assert_eq!(skeleton(rewritten), skeleton(&query), "{} → {}", query, rewritten);
        }
    }

    #[test]
    fn every_hit_of_a_query_without_exclusions_is_highlighted(query in query(false)) {
        for mode in [MatchMode::All, MatchMode::Any] {
            let results = searcher().search(&query, &options(mode)).unwrap();
            for hit in &results.hits {
                let highlighted = !hit.head.title_highlights.is_empty()
                    || hit.passages.iter().any(|passage| !passage.highlights.is_empty());
                prop_assert!(highlighted, "{}: {} has no highlight", query, hit.head.id);
            }
        }
    }

    #[test]
    fn a_word_corrected_once_is_corrected_wherever_it_stands_alone(
        query in query(false),
        typo in prop::sample::select(TYPOS),
        at in any::<prop::sample::Index>(),
    ) {
        // The typo alone, once more, somewhere among the query's clauses.
        let mut pieces: Vec<&str> = query.split(' ').collect();
        let at = at.index(pieces.len() + 1);
        pieces.insert(at, typo);
        let query = pieces.join(" ");
        let results = searcher().search(&query, &options(MatchMode::All)).unwrap();
        // Uncorrected only when the typo stands alone nowhere (inside a phrase, or
        // joined to an affix: می سوریخ is one word).
        let corrected = results.corrected_query.unwrap_or_else(|| query.clone());
        let plan = Plan::parse(&corrected).join_spaced_affixes();
        prop_assert!(
            !plan.plain_words().iter().any(|word| TYPOS.contains(word)),
            "{} → {}", query, corrected
        );
    }

    #[test]
    fn rank_returns_the_ids_search_returns_in_its_order(query in query(true)) {
        let searched: Vec<String> = searcher()
            .search(&query, &options(MatchMode::Any))
            .unwrap()
            .hits
            .into_iter()
            .map(|hit| hit.head.id)
            .collect();
        prop_assert_eq!(searcher().rank(&query, &options(MatchMode::Any)).unwrap(), searched, "{}", query);
    }
}
