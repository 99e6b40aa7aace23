//! End to end: the real binary indexes folders, reports bad files by path and reason,
//! keeps going, and on a re-run replaces the articles of files read again, and articles
//! by id.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use common::{corpus, index_folder, kavosh, stderr};

/// Copies the folder `from` into `to`, recursively.
fn copy_folder(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_folder(&path, &target);
        } else {
            fs::copy(&path, &target).unwrap();
        }
    }
}

/// Every file under `folder`.
fn files_under(folder: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in fs::read_dir(folder).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(files_under(&path));
        } else {
            files.push(path);
        }
    }
    files
}

/// Every article's id, by a query every article matches; the total must count them all.
fn all_ids(index: &Path) -> Vec<String> {
    let results = common::search_json_in(index, "title:*", &["--limit", "1000"]);
    let ids = common::hit_ids(&results);
    assert_eq!(results["total"], ids.len());
    ids
}

/// The ids of the articles `query` finds.
fn ids_found(index: &Path, query: &str) -> Vec<String> {
    common::hit_ids(&common::search_json_in(index, query, &["--limit", "1000"]))
}

#[test]
fn reindexing_replaces_articles_instead_of_duplicating_them() {
    let folder = tempfile::tempdir().unwrap();
    let root = folder.path();
    copy_folder(&corpus(), root);
    let (index, output) = index_folder(root);
    assert!(output.status.success(), "{}", stderr(&output));
    let index = index.path();
    let mut articles = all_ids(index);
    articles.sort();
    assert_eq!(articles.len(), 21);

    // Every file touched, so every one is read again and each article replaces itself;
    // one of them rewritten: its old words go, its new ones come.
    let touched = SystemTime::now() + Duration::from_secs(3600);
    for file in files_under(root) {
        let file = fs::File::options().write(true).open(file).unwrap();
        file.set_modified(touched).unwrap();
    }
    fs::write(
        root.join("science/satellite-launch.txt"),
        "---\ndate: 1403-01-15\n---\nپرواز شترمرغ\nشترمرغ پرنده‌ای است که نمی‌پرد.\n",
    )
    .unwrap();
    // A collection that lost its last line: that line's article has no successor to
    // replace it by id, so only removing the file's old articles drops it.
    let briefs = root.join("economy/briefs.jsonl");
    let lines = fs::read_to_string(&briefs).unwrap();
    let kept: Vec<&str> = lines.lines().take(2).collect();
    fs::write(&briefs, kept.join("\n") + "\n").unwrap();
    let summary = common::index_into(root, index);
    assert!(summary.contains("18 files: 0 new, 18 changed"), "{summary}");
    let mut again = all_ids(index);
    again.sort();
    articles.retain(|id| id != "economy/briefs#3");
    assert_eq!(
        again, articles,
        "each article once, the dropped line's gone"
    );
    assert!(
        ids_found(index, "ماهواره").is_empty(),
        "the old text is gone"
    );
    assert_eq!(ids_found(index, "شترمرغ"), ["science/satellite-launch"]);

    // A new file whose article has the id of another file's article replaces it, though
    // that file was not read again.
    fs::write(
        root.join("replacement.md"),
        "---\nid: china/belt-and-road-iran\n---\n# زرافه‌ها در باغ وحش\nدو زرافه به باغ وحش رسیدند.\n",
    )
    .unwrap();
    let summary = common::index_into(root, index);
    assert!(
        summary.contains("19 files: 1 new, 0 changed, 18 unchanged"),
        "{summary}"
    );
    let mut replaced = all_ids(index);
    replaced.sort();
    assert_eq!(replaced, articles, "the id is there once");
    assert_eq!(ids_found(index, "زرافه"), ["china/belt-and-road-iran"]);
    assert!(
        !ids_found(index, "کمربند").contains(&"china/belt-and-road-iran".to_string()),
        "the replaced article's text is gone"
    );
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
fn a_missing_path_is_an_error_and_nothing_is_indexed() {
    let index = tempfile::tempdir().unwrap();
    let output = kavosh(&[
        "index",
        "/nonexistent/kavosh-folder",
        corpus().join("sport").to_str().unwrap(),
        "--index",
        index.path().to_str().unwrap(),
    ]);
    // A mistyped path is a mistake in the command, not a bad file among good ones.
    assert_eq!(output.status.code(), Some(2));
    let report = stderr(&output);
    assert!(
        report.contains("/nonexistent/kavosh-folder: no such file or folder to index"),
        "{report}"
    );
    assert!(!index.path().join("meta.json").exists(), "nothing created");
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

#[test]
fn a_first_index_keeps_one_article_per_id_across_files_and_roots() {
    let folder = tempfile::tempdir().unwrap();
    let article = |title: &str| {
        format!("{{\"id\": \"same\", \"title\": \"{title}\", \"text\": \"بازار سهام\"}}\n")
    };
    fs::write(folder.path().join("a.jsonl"), article("اول")).unwrap();
    fs::write(folder.path().join("b.jsonl"), article("دوم")).unwrap();
    let index = tempfile::tempdir().unwrap();
    // The folder twice: each file is read twice in this one run.
    let a = folder.path().join("a.jsonl");
    common::index_paths(&[folder.path(), &a], index.path());
    assert_eq!(all_ids(index.path()), ["same"]);
    common::index_paths(&[folder.path()], index.path());
    assert_eq!(all_ids(index.path()), ["same"]);
    let output = kavosh(&[
        "index",
        folder.path().to_str().unwrap(),
        "--index",
        index.path().to_str().unwrap(),
        "--rebuild",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(all_ids(index.path()), ["same"]);
}
