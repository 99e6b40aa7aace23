//! End to end: the real binary indexes folders, reports bad files by path and reason,
//! keeps going, and replaces articles by id on a re-run.

mod common;

use std::fs;

use common::{corpus, index_folder, kavosh, stderr, CorpusIndex};

#[test]
fn reindexing_replaces_articles_instead_of_duplicating_them() {
    let index = CorpusIndex::build();
    let before = index.search_json("چین", &["--limit", "100"]);
    let again = kavosh(&["index", corpus().to_str().unwrap(), "--index", index.path()]);
    assert!(again.status.success(), "{}", stderr(&again));
    let after = index.search_json("چین", &["--limit", "100"]);
    assert_eq!(before["total"], after["total"]);
    let ids: Vec<&str> = after["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap())
        .collect();
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(ids.len(), unique.len(), "{ids:?}");
}

#[test]
fn bad_files_are_reported_by_path_and_reason_and_the_run_goes_on() {
    let folder = tempfile::tempdir().unwrap();
    let root = folder.path();
    fs::write(root.join("good.txt"), "خبر خوب\nمتن خبر درباره زلزله\n").unwrap();
    fs::write(
        root.join("truncated.json"),
        "{\"title\": \"خبر\", \"body\": ",
    )
    .unwrap();
    fs::write(
        root.join("mixed.jsonl"),
        "{\"title\": \"سیل در گیلان\"}\n{broken\n{\"title\": \"طوفان\"}\n",
    )
    .unwrap();
    fs::write(root.join("latin1.txt"), b"caf\xe9 cr\xe8me br\xfbl\xe9e").unwrap();
    fs::write(root.join("empty.md"), "\n\n").unwrap();
    fs::write(root.join("photo.png"), [0x89, b'P', b'N', b'G']).unwrap();

    let (index, output) = index_folder(root);
    assert_eq!(
        output.status.code(),
        Some(1),
        "some files failed, the run finished"
    );
    let report = stderr(&output);
    for expected in [
        "truncated.json:1: invalid JSON",
        "mixed.jsonl:2: invalid JSON",
        "latin1.txt: not valid UTF-8 (invalid byte 0xE9 at offset 3)",
        "empty.md: empty file",
    ] {
        assert!(
            report.contains(expected),
            "missing `{expected}` in:\n{report}"
        );
    }
    assert!(!report.contains("good.txt") && !report.contains("photo.png"));
    assert!(
        report.contains("5 files: 5 new") && report.contains("indexed 3 articles"),
        "{report}"
    );
    assert!(
        report.contains("1 skipped") && report.contains("4 failed"),
        "{report}"
    );

    for (query, id) in [("زلزله", "good"), ("گیلان", "mixed#1"), ("طوفان", "mixed#3")]
    {
        let output = kavosh(&[
            "search",
            query,
            "--index",
            index.path().to_str().unwrap(),
            "--format",
            "json",
        ]);
        let results: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(results["hits"][0]["id"], id, "{query}");
    }
}

#[test]
fn a_missing_path_is_reported_and_other_paths_still_indexed() {
    let index = tempfile::tempdir().unwrap();
    let output = kavosh(&[
        "index",
        "/nonexistent/kavosh-folder",
        corpus().join("sport").to_str().unwrap(),
        "--index",
        index.path().to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    let report = stderr(&output);
    assert!(report.contains("/nonexistent/kavosh-folder"), "{report}");
    assert!(report.contains("indexed 3 articles"), "{report}");
}

#[test]
fn no_stem_is_recorded_and_queries_are_analyzed_the_same_way() {
    let index = tempfile::tempdir().unwrap();
    let index_path = index.path().to_str().unwrap();
    let output = kavosh(&[
        "index",
        corpus().to_str().unwrap(),
        "--index",
        index_path,
        "--no-stem",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let settings = fs::read_to_string(index.path().join("kavosh.json")).unwrap();
    assert!(settings.contains("\"stem\": false"), "{settings}");
    // Without stemming, تلاش‌ها matches تلاشها only, not تلاش or تلاشهای.
    let output = kavosh(&[
        "search",
        "تلاش‌ها",
        "--index",
        index_path,
        "--format",
        "json",
        "--passages",
        "5",
    ]);
    let results: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let user = common::hit(&results, "syria-china-phone-call").unwrap();
    assert_eq!(common::highlighted_words(user), ["تلاشها"]);
    // A later run without the switch keeps the recorded settings.
    let again = kavosh(&["index", corpus().to_str().unwrap(), "--index", index_path]);
    assert!(again.status.success());
    assert!(fs::read_to_string(index.path().join("kavosh.json"))
        .unwrap()
        .contains("\"stem\": false"));
    // One asking for other settings is refused, leaving the index as it was.
    let conflicting = kavosh(&[
        "index",
        corpus().to_str().unwrap(),
        "--index",
        index_path,
        "--no-stopwords",
    ]);
    assert_eq!(conflicting.status.code(), Some(2));
    assert!(
        stderr(&conflicting).contains("index into a new folder"),
        "{}",
        stderr(&conflicting)
    );
}
