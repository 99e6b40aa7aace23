//! End to end: `--expand` adds the words the best articles share as evidence. It
//! re-orders the articles a query matches and never adds one, never brings back a word
//! the query excludes, and highlights only the reader's own words.

mod common;

use std::collections::BTreeSet;
use std::fs;

use common::{highlighted_words, index_folder, search_json_in};

/// Articles about one story (a coach's contract, its words shared by all) and others
/// that name the coach in passing; one article about the story names him not at all.
fn story_folder() -> tempfile::TempDir {
    let folder = tempfile::tempdir().unwrap();
    let story = "قرارداد سرمربی با باشگاه تمدید شد و مدیرعامل از رضایت هواداران گفت";
    for number in 0..4 {
        let article = format!("خبر {number}\nاسکوچیچ امروز آمد. {story}. جلسه {number} بود.\n");
        fs::write(folder.path().join(format!("story-{number}.txt")), article).unwrap();
    }
    fs::write(
        folder.path().join("passing.txt"),
        "خبر دیگر\nاسکوچیچ در فهرست مهمانان بود. باران آمد و بازار شلوغ شد.\n",
    )
    .unwrap();
    // Other news, so that the story's words are rare in the archive, as a story's are.
    for number in 0..20 {
        let article = format!("خبر روز {number}\nقیمت نان و شیر در شهر {number} بالا رفت.\n");
        fs::write(folder.path().join(format!("other-{number}.txt")), article).unwrap();
    }
    fs::write(
        folder.path().join("unnamed.txt"),
        format!("خبر بی‌نام\n{story}.\n"),
    )
    .unwrap();
    folder
}

fn ids(results: &serde_json::Value) -> BTreeSet<String> {
    common::hit_ids(results).into_iter().collect()
}

#[test]
fn expansion_reorders_the_matches_and_adds_none() {
    let folder = story_folder();
    let (index, output) = index_folder(folder.path());
    assert!(output.status.success());
    // The story's four articles are copies of one another: judged one by one here.
    let args = ["--limit", "20", "--no-collapse"];
    let plain = search_json_in(index.path(), "اسکوچیچ", &args);
    let expanded = search_json_in(
        index.path(),
        "اسکوچیچ",
        &[&args[..], &["--expand"]].concat(),
    );
    assert_eq!(plain["total"], expanded["total"]);
    assert_eq!(ids(&plain), ids(&expanded));
    assert!(
        !ids(&expanded).contains("unnamed"),
        "expansion matched an article"
    );
    // The story's articles gain from the words they share; the one that names the coach
    // in passing shares none of them and gains (almost) nothing.
    let score = |results: &serde_json::Value, id: &str| {
        common::hit(results, id).unwrap()["score"].as_f64().unwrap()
    };
    let gain = |id: &str| score(&expanded, id) - score(&plain, id);
    for number in 0..4 {
        let story = format!("story-{number}");
        assert!(
            gain(&story) > 5.0 * gain("passing").max(0.01),
            "{story}: {}",
            gain(&story)
        );
    }
    // Only the reader's word is highlighted, never an expansion term.
    for hit in expanded["hits"].as_array().unwrap() {
        for word in highlighted_words(hit) {
            assert_eq!(word, "اسکوچیچ", "{} highlights {word}", hit["id"]);
        }
    }
}

#[test]
fn expansion_never_brings_back_an_excluded_word() {
    let folder = story_folder();
    let (index, output) = index_folder(folder.path());
    assert!(output.status.success());
    // Every story article holds قرارداد, the commonest shared word: excluding it leaves
    // the article that names the coach in passing only.
    let results = search_json_in(
        index.path(),
        "اسکوچیچ -قرارداد",
        &["--expand", "--no-collapse"],
    );
    assert_eq!(ids(&results), BTreeSet::from(["passing".to_string()]));
}
