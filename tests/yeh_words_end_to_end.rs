//! Issue 11's table end to end, through the real binary: the plural of a word in ی,
//! typed with a ZWNJ, joined or spaced, finds the articles of the word alone (and the
//! other way round), and a judged word in ی (همکاری, the surname پیروانی) no longer finds
//! the articles of an unrelated word that shares its letters (همکاران, پیرو).

mod common;

use std::path::Path;

use common::{index_folder, search_json_in, stderr};

/// One article per file: (id, title, body). Each uses one form of its word only.
const ARTICLES: &[(&str, &str, &str)] = &[
    (
        "azadi",
        "آزادی مطبوعات",
        "در این نشست از آزادی مطبوعات سخن گفته شد.",
    ),
    (
        "azadi-plural",
        "قانون اساسی",
        "نویسنده از محدود شدن آزادی‌های مدنی نوشت.",
    ),
    ("naamni", "مرز شرقی", "ناامنی در مرز شرقی کشور افزایش یافت."),
    ("negarani", "کم‌آبی", "نگرانی کشاورزان از کم‌آبی بیشتر شد."),
    (
        "hamkari",
        "انرژی",
        "همکاری دو کشور در زمینه انرژی گسترش می‌یابد.",
    ),
    (
        "hamkaran",
        "قدردانی",
        "همکاران این پزشک از او قدردانی کردند.",
    ),
    (
        "irani",
        "مسابقات آسیایی",
        "بازیکنان ایرانی در مسابقات آسیایی درخشیدند.",
    ),
    ("peyravani", "سرمربی جدید", "پیروانی سرمربی تیم فوتبال شد."),
    ("peyrovan", "مکتب فکری", "پیروان این مکتب در شهر گرد آمدند."),
    ("peyro", "دستور تازه", "پیرو دستور وزیر، مدارس تعطیل شد."),
];

/// The five rows of the table: the word alone, its article, and its plural.
const ROWS: &[(&str, &str, &str)] = &[
    ("آزادی", "azadi", "آزادی‌ها"),
    ("ناامنی", "naamni", "ناامنی‌ها"),
    ("نگرانی", "negarani", "نگرانی‌ها"),
    ("همکاری", "hamkari", "همکاری‌ها"),
    ("ایرانی", "irani", "ایرانی‌ها"),
];

fn write_articles(folder: &Path) {
    for (id, title, body) in ARTICLES {
        std::fs::write(
            folder.join(format!("{id}.txt")),
            format!("{title}\n\n{body}\n"),
        )
        .unwrap();
    }
}

/// The ids of every article `query` finds.
fn ids_found(index: &Path, query: &str) -> Vec<String> {
    let results = search_json_in(index, query, &["--limit", "100", "--passages", "0"]);
    common::hit_ids(&results)
}

fn indexed() -> (tempfile::TempDir, tempfile::TempDir) {
    let folder = tempfile::tempdir().unwrap();
    write_articles(folder.path());
    let (index, output) = index_folder(folder.path());
    assert!(output.status.success(), "{}", stderr(&output));
    (folder, index)
}

#[test]
fn a_plural_typed_any_way_finds_the_articles_of_its_singular() {
    let (_folder, index) = indexed();
    for (singular, article, plural) in ROWS {
        let joined = plural.replace('\u{200C}', "");
        let spaced = plural.replace('\u{200C}', " ");
        for query in [plural.to_string(), joined, spaced] {
            let found = ids_found(index.path(), &query);
            assert!(
                found.iter().any(|id| id == article),
                "{query} (the plural of {singular}) misses {article}: {found:?}"
            );
        }
    }
}

#[test]
fn a_word_in_yeh_finds_the_articles_of_its_plural() {
    let (_folder, index) = indexed();
    let found = ids_found(index.path(), "آزادی");
    assert!(found.contains(&"azadi-plural".to_string()), "{found:?}");
    let found = ids_found(index.path(), "آزادیها");
    assert!(
        found.contains(&"azadi".to_string()) && found.contains(&"azadi-plural".to_string()),
        "{found:?}"
    );
}

#[test]
fn cooperation_does_not_find_colleagues() {
    let (_folder, index) = indexed();
    for query in ["همکاری", "همکاری‌ها", "همکاریها"] {
        let found = ids_found(index.path(), query);
        assert_eq!(found, ["hamkari"], "{query}");
    }
}

#[test]
fn the_surname_peyravani_does_not_find_followers() {
    let (_folder, index) = indexed();
    let found = ids_found(index.path(), "پیروانی");
    assert_eq!(found, ["peyravani"]);
}
