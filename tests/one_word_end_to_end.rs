//! Issue 21 end to end, through the real binary: a word in ه typed with its ای joined,
//! with a ZWNJ or spaced finds the same articles and highlights only that word's forms,
//! never the word without its ه (خانه‌ای is no خان); رئال and ریال, آستان and استان find
//! different articles; the seats of hamza of one word (مسئول, مسؤول, مسوول) find the same; the
//! user's article highlights its محاصرهای for محاصره; a joined name is never "corrected".

mod common;

use std::path::Path;

use common::{corpus, highlighted_words, hit, index_folder, search_json_in, stderr};

/// One article per file: (id, body). Each types its word one way only.
const ARTICLES: &[(&str, &str)] = &[
    ("khane-zwnj", "او خانه‌ای کوچک در روستا خرید."),
    ("khane-spaced", "در این محله خانه ای قدیمی مرمت شد."),
    ("khane-joined", "شهرداری برای خانهای فرسوده طرح تازه دارد."),
    ("khan", "عمران خان نخست وزیر پاکستان سخنرانی کرد."),
    ("khan-plural", "خان‌های قبیله با هم دیدار کردند."),
    ("nameh-zwnj", "وزیر نامه‌ای به رئیس مجلس نوشت."),
    ("nam-plural", "نام‌های شهدا در مراسم خوانده شد."),
    ("nameh-joined", "نامهای رسیده بررسی شد."),
    ("hesteh-zwnj", "برنامه هسته‌ای ایران موضوع مذاکره بود."),
    ("hesteh-joined", "مذاکرات هستهای وین ادامه یافت."),
    (
        "hast",
        "آنچه هست با آنچه باید باشد فرق دارد و هستی را نمی‌شناسد.",
    ),
    ("rial", "قیمت دلار در بازار به سی هزار ریال رسید."),
    ("ostan", "استاندار استان فارس از طرح جدید خبر داد."),
    ("astan", "زائران در آستان حرم گرد آمدند."),
    ("real", "رئال مادرید در لیگ قهرمانان به پیروزی رسید."),
    ("masoul-ye", "مسئولان شهر از بازسازی پل خبر دادند."),
    ("masoul-vav", "مسؤولان استان از طرح جدید حمایت کردند."),
    ("masoul-bare", "مسوولان دانشگاه جلسه گذاشتند."),
    ("heyat-ye", "هیئت دولت لایحه را تصویب کرد."),
    ("heyat-alef", "هیأت داوران برنده را اعلام کرد."),
    ("heyat-bare", "هیات مدیره استعفا داد."),
    (
        "khamenei",
        "سخنان آیت‌الله خامنه‌ای در دیدار با دانشجویان منتشر شد.",
    ),
    ("khanom", "خانم معلم به کلاس آمد."),
    (
        "zalaneh",
        "سخنرانی دکتر زالنه‌ای در همایش مورد توجه قرار گرفت.",
    ),
    ("zalu", "زالو در مرداب زندگی می‌کند."),
];

fn indexed() -> (tempfile::TempDir, tempfile::TempDir) {
    let folder = tempfile::tempdir().unwrap();
    for (id, body) in ARTICLES {
        std::fs::write(
            folder.path().join(format!("{id}.txt")),
            format!("خبر\n\n{body}\n"),
        )
        .unwrap();
    }
    let (index, output) = index_folder(folder.path());
    assert!(output.status.success(), "{}", stderr(&output));
    (folder, index)
}

/// The ids `query` finds (any word, every hit), sorted.
fn found(index: &Path, query: &str) -> Vec<String> {
    let results = search_json_in(index, query, &["--limit", "100", "--match", "any"]);
    let mut ids = common::hit_ids(&results);
    ids.sort();
    ids
}

/// Asserts that each of `queries` finds exactly `ids`, and highlights in each of them
/// only words that begin with `word` (its forms), at least one.
fn finds_only_forms_of(index: &Path, queries: &[&str], ids: &[&str], word: &str) {
    let expected = sorted(ids);
    for query in queries {
        let results = search_json_in(index, query, &["--limit", "100"]);
        let mut found = common::hit_ids(&results);
        found.sort();
        assert_eq!(found, expected, "{query}");
        for id in ids {
            let words = highlighted_words(hit(&results, id).unwrap());
            assert!(!words.is_empty(), "{query}: {id} has no highlight");
            for highlighted in words {
                assert!(
                    highlighted.starts_with(word),
                    "{query}: {highlighted} highlighted in {id}"
                );
            }
        }
    }
}

fn sorted(ids: &[&str]) -> Vec<String> {
    let mut ids: Vec<String> = ids.iter().map(|id| id.to_string()).collect();
    ids.sort();
    ids
}

#[test]
fn a_word_in_heh_with_ai_finds_that_word_in_every_typing_and_never_the_word_without_heh() {
    let (_folder, index) = indexed();
    finds_only_forms_of(
        index.path(),
        &["هسته‌ای", "هستهای", "هسته ای", "هسته"],
        &["hesteh-zwnj", "hesteh-joined"],
        "هسته",
    );
    assert_eq!(found(index.path(), "هستی"), ["hast"]);
}

#[test]
fn a_word_typed_apart_says_which_reading_and_joined_asks_for_either() {
    let (_folder, index) = indexed();
    // خانه‌ای is typed apart 35 times in the news, خان‌های once: joined, خانهای is خانه.
    finds_only_forms_of(
        index.path(),
        &["خانه‌ای", "خانه ای", "خانهای", "خانه"],
        &["khane-zwnj", "khane-spaced", "khane-joined"],
        "خانه",
    );
    assert_eq!(found(index.path(), "خان"), sorted(&["khan", "khan-plural"]));
    // نامه‌ای (344) and نام‌های (65) both: joined, نامهای is either, and finds both.
    let nameh = sorted(&["nameh-zwnj", "nameh-joined"]);
    let names = sorted(&["nam-plural", "nameh-joined"]);
    assert_eq!(found(index.path(), "نامه‌ای"), nameh);
    assert_eq!(found(index.path(), "نام‌های"), names);
    let either = sorted(&["nameh-zwnj", "nam-plural", "nameh-joined"]);
    assert_eq!(found(index.path(), "نامهای"), either);
    assert_eq!(
        found(index.path(), "\"نامهای شهدا\""),
        sorted(&["nam-plural"])
    );
}

#[test]
fn words_a_seat_or_madda_apart_stay_apart() {
    let (_folder, index) = indexed();
    assert_eq!(found(index.path(), "ریال"), ["rial"]);
    assert_eq!(found(index.path(), "رئال"), ["real"]);
    // A madda apart: a threshold is no province.
    assert_eq!(found(index.path(), "آستان"), ["astan"]);
    assert_eq!(found(index.path(), "استان"), ["masoul-vav", "ostan"]);
}

#[test]
fn the_seats_of_hamza_of_one_word_find_the_same_articles() {
    let (_folder, index) = indexed();
    let masoul = sorted(&["masoul-ye", "masoul-vav", "masoul-bare"]);
    for query in ["مسئول", "مسؤول", "مسوول", "مسئولان", "مسؤولان"] {
        assert_eq!(found(index.path(), query), masoul, "{query}");
    }
    let heyat = sorted(&["heyat-ye", "heyat-alef", "heyat-bare"]);
    for query in ["هیئت", "هیأت", "هیات"] {
        assert_eq!(found(index.path(), query), heyat, "{query}");
    }
}

#[test]
fn a_joined_name_is_never_corrected_into_another_word() {
    let (_folder, index) = indexed();
    let results = search_json_in(index.path(), "خامنهای", &[]);
    assert_eq!(results["corrected_query"], serde_json::Value::Null);
    assert_eq!(common::hit_ids(&results), ["khamenei"]);
    // A name no table lists: its ZWNJ typing is a word of the index, so it is never
    // corrected into the word one edit away (زالو, a leech).
    let results = search_json_in(index.path(), "زالنهای", &[]);
    assert_eq!(results["corrected_query"], serde_json::Value::Null);
    assert!(!common::hit_ids(&results).contains(&"zalu".to_string()));
}

#[test]
fn the_users_article_highlights_its_joined_words_for_the_words() {
    let (index, output) = index_folder(&corpus());
    assert!(output.status.success(), "{}", stderr(&output));
    for (query, typed) in [("محاصره", "محاصرهای"), ("مبارزه", "مبارزهای")]
    {
        let results = search_json_in(index.path(), query, &["--limit", "100", "--passages", "10"]);
        let article = hit(&results, "syria-china-phone-call")
            .unwrap_or_else(|| panic!("{query} misses the user's article"));
        let words = highlighted_words(article);
        assert!(words.iter().any(|word| word == typed), "{query}: {words:?}");
    }
}
