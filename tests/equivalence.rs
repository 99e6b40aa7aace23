//! Every equivalence class, all combinations: an article written in one form is found by
//! a query typed in any form of the class, and the highlight is the article's own
//! spelling, through the whole path (query parser, affix joining, analysis, passages).

use std::fs;
use std::path::Path;

mod common;

use common::index_with_library;
use kavosh::index::KavoshIndex;
use kavosh::search::{MatchMode, SearchOptions, Searcher};

/// Each class: the ways one word is written.
const CLASSES: &[(&str, &[&str])] = &[
    ("plural", &["کتاب‌ها", "کتابها", "کتاب ها", "كتابها"]),
    ("comparative", &["بزرگ‌تر", "بزرگتر", "بزرگ تر", "بزرگ‌ترين"]),
    ("verb", &["می‌کند", "میکند", "می کند", "مي كند"]),
    (
        "compound",
        &["بین‌المللی", "بینالمللی", "بین المللی", "بين المللي"],
    ),
    ("digits", &["۱۴۰۲", "١٤٠٢", "1402"]),
    ("marks", &["اقتصاد", "اقتـــصاد", "اِقتِصاد"]),
];

fn build_index(dir: &Path) -> Searcher {
    let articles = dir.join("articles");
    fs::create_dir_all(&articles).unwrap();
    for (class, forms) in CLASSES {
        for (i, form) in forms.iter().enumerate() {
            // Each article holds one form of one class among unrelated words.
            let text = format!("خبر {class} {i}\nدر گزارش امروز {form} آمده است.\n");
            fs::write(articles.join(format!("{class}-{i}.txt")), text).unwrap();
        }
    }
    let index_dir = dir.join("index");
    index_with_library(&[articles], &index_dir, None);
    Searcher::new(KavoshIndex::open(&index_dir).unwrap()).unwrap()
}

#[test]
fn every_form_finds_every_form_and_highlights_it_as_written() {
    let dir = tempfile::tempdir().unwrap();
    let searcher = build_index(dir.path());
    let options = SearchOptions {
        limit: 20,
        match_mode: MatchMode::All,
        // Every form's article on its own: collapsed, the forms of one text are one story.
        collapse: false,
        ..SearchOptions::default()
    };
    for (class, forms) in CLASSES {
        for query in forms.iter() {
            let results = searcher.search(query, &options).unwrap();
            let mut found: Vec<&str> = results
                .hits
                .iter()
                .map(|hit| hit.head.id.as_str())
                .collect();
            found.sort();
            let expected: Vec<String> = (0..forms.len()).map(|i| format!("{class}-{i}")).collect();
            assert_eq!(found, expected, "query {query:?}");
            for hit in &results.hits {
                let written = forms[hit
                    .head
                    .id
                    .rsplit('-')
                    .next()
                    .unwrap()
                    .parse::<usize>()
                    .unwrap()];
                let passage = &hit.passages[0];
                let highlighted: Vec<String> = passage
                    .highlights
                    .iter()
                    .map(|[from, to]| passage.text.chars().skip(*from).take(to - from).collect())
                    .collect();
                assert_eq!(highlighted, [written], "query {query:?} in {}", hit.head.id);
            }
        }
    }
}
