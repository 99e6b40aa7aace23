//! End to end: a compound typed spaced, with a ZWNJ or joined finds the articles that
//! write it any of those three ways, and highlights it there.

mod common;

use std::collections::BTreeSet;
use std::fs;

use common::{highlighted_words, index_folder, search_json_in};

/// Compounds as their two parts, each written three ways in its own article.
const COMPOUNDS: [(&str, &str); 5] = [
    ("زلزله", "زده"),
    ("راه", "اندازی"),
    ("بهره", "برداری"),
    ("فارغ", "التحصیلان"),
    ("جلو", "گیری"),
];

/// The three ways of writing `first` and `second` as one word, with the article id
/// suffix each gets.
fn spellings(first: &str, second: &str) -> [(String, &'static str); 3] {
    [
        (format!("{first} {second}"), "spaced"),
        (format!("{first}\u{200C}{second}"), "zwnj"),
        (format!("{first}{second}"), "joined"),
    ]
}

#[test]
fn a_compound_typed_any_way_finds_it_written_any_way() {
    let folder = tempfile::tempdir().unwrap();
    for (number, (first, second)) in COMPOUNDS.iter().enumerate() {
        for (written, kind) in spellings(first, second) {
            let article = format!("خبر شماره {number}\nدر این شهر {written} خبر اصلی امروز بود.\n");
            fs::write(folder.path().join(format!("{number}-{kind}.txt")), article).unwrap();
        }
    }
    // Both parts, not side by side: not the compound.
    fs::write(
        folder.path().join("apart.txt"),
        "خبر دیگر\nزلزله آمد و باران هم زده بود؛ راه باز شد و اندازی نداشت.\n",
    )
    .unwrap();
    let (index, output) = index_folder(folder.path());
    assert!(output.status.success());
    for (number, (first, second)) in COMPOUNDS.iter().enumerate() {
        let expected: BTreeSet<String> = ["spaced", "zwnj", "joined"]
            .iter()
            .map(|kind| format!("{number}-{kind}"))
            .collect();
        for (typed, kind) in spellings(first, second) {
            // Each typing's article on its own (collapsed, they are one story).
            let results = search_json_in(index.path(), &typed, &["--limit", "20", "--no-collapse"]);
            let found: BTreeSet<String> = common::hit_ids(&results)
                .into_iter()
                .filter(|id| id != "apart")
                .collect();
            assert_eq!(found, expected, "{typed} (typed {kind})");
            for hit in results["hits"].as_array().unwrap() {
                if hit["id"] == "apart" {
                    continue;
                }
                let marked = highlighted_words(hit)
                    .concat()
                    .replace(['\u{200C}', ' '], "");
                assert!(
                    marked.contains(&format!("{first}{second}")),
                    "{typed}: {} highlights {:?}",
                    hit["id"],
                    highlighted_words(hit)
                );
            }
        }
        // Typed as one word, the parts must be side by side.
        let joined = format!("{first}{second}");
        let results = search_json_in(index.path(), &joined, &[]);
        assert!(
            results["hits"]
                .as_array()
                .unwrap()
                .iter()
                .all(|hit| hit["id"] != "apart"),
            "{joined}: {results}"
        );
    }
}

#[test]
fn ordinary_words_are_not_cut_into_parts() {
    let folder = tempfile::tempdir().unwrap();
    fs::write(folder.path().join("a.txt"), "خبر\nسفر به ایران و تهران\n").unwrap();
    // ای and ران are words of this index, but two letters are no part of a compound.
    fs::write(folder.path().join("b.txt"), "خبر دوم\nای ران اسب\n").unwrap();
    let (index, _) = index_folder(folder.path());
    let results = search_json_in(index.path(), "ایران", &[]);
    assert_eq!(results["total"], 1, "{results}");
}

/// A name of three parts (فتح‌الله‌زاده, written فتح الله زاده or فتح‌الله زاده in the
/// news), typed with its ZWNJs, joined or spaced, finds every article whichever way it
/// writes it; a ZWNJ typed before an affix (کتاب‌ها) is no joint between two words.
#[test]
fn a_name_of_three_parts_typed_any_way_finds_it_written_any_way() {
    let folder = tempfile::tempdir().unwrap();
    let writings = [
        ("spaced", "فتح الله زاده"),
        ("zwnj", "فتح\u{200C}الله\u{200C}زاده"),
        ("joined", "فتحاللهزاده"),
        ("half", "فتح\u{200C}الله زاده"),
    ];
    for (kind, written) in writings {
        let article =
            format!("گفت‌وگو\nمدیرعامل باشگاه، {written}، امروز درباره قرارداد سخن گفت.\n");
        fs::write(folder.path().join(format!("{kind}.txt")), article).unwrap();
    }
    // The three parts, not side by side and not in order: not the name.
    fs::write(
        folder.path().join("apart.txt"),
        "خبر دیگر\nزاده شدن فرزند او، به فتح قله و نام الله در شعر رسید.\n",
    )
    .unwrap();
    let (index, output) = index_folder(folder.path());
    assert!(output.status.success());
    let expected: BTreeSet<String> = writings.iter().map(|(kind, _)| kind.to_string()).collect();
    for (kind, typed) in writings {
        // The four articles are copies of one story: judged one by one here.
        let results = search_json_in(index.path(), typed, &["--limit", "20", "--no-collapse"]);
        let mut found: BTreeSet<String> = common::hit_ids(&results).into_iter().collect();
        // Typed spaced, the parts are words a reader may want anywhere; typed as one
        // word, they must stand side by side.
        assert_eq!(found.remove("apart"), kind == "spaced", "{typed}");
        assert_eq!(found, expected, "{typed} (typed {kind})");
    }
}
