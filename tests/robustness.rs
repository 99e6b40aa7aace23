//! End to end: what a user types or points kavosh at never aborts it. Searches after a
//! re-index with edits (deleted articles still in the segments) answer on every query
//! path; huge numeric options cost nothing; a missing input, an `--index` that is a file
//! or a folder of other things get one clear message and create nothing; query files
//! with a byte order mark, comments and empty ids are read or rejected by line.

mod common;

use std::fs;
use std::path::Path;

use common::{hit_ids, index_into, kavosh, search_json_in, stderr, stdout};
use proptest::prelude::*;

/// Articles that all hold بازار, each with its own number word.
fn write_articles(folder: &Path, count: usize) {
    for i in 0..count {
        let body = format!(
            "بازار سهام امروز {} بار رشد کرد و معامله‌گران خبر {i} را خواندند.\n",
            "بازار ".repeat(1 + i % 5)
        );
        fs::write(
            folder.join(format!("{i:02}.txt")),
            format!("گزارش {i}\n{body}"),
        )
        .unwrap();
    }
}

#[test]
fn searches_after_a_reindex_with_edits_answer_on_every_query_path() {
    let folder = tempfile::tempdir().unwrap();
    let index_dir = tempfile::tempdir().unwrap();
    let (root, idx) = (folder.path(), index_dir.path());
    write_articles(root, 30);
    index_into(root, idx);
    // Change a third of the files and delete another: their old articles stay in the
    // segments, counted by the document frequencies, until a merge.
    for i in 0..10 {
        let path = root.join(format!("{i:02}.txt"));
        let text = fs::read_to_string(&path).unwrap();
        fs::write(&path, text + "بازار ارز هم تکان خورد.\n").unwrap();
    }
    for i in 10..15 {
        fs::remove_file(root.join(format!("{i:02}.txt"))).unwrap();
    }
    index_into(root, idx);
    let search = |query: &str, extra: &[&str]| {
        let results = search_json_in(idx, query, extra);
        assert!(results["total"].as_u64().is_some(), "{query}: {results}");
        results
    };
    for (query, extra) in [
        ("بازار", &[][..]),
        ("بازار", &["--limit", "1000"]),
        ("بازار سهام", &["--match", "any"]),
        ("\"بازار سهام\"", &[]),
        ("باز*", &[]),
        ("بازاز", &[]),
        ("بازار", &["--sort", "date"]),
        ("بازار", &["--offset", "18", "--limit", "5"]),
    ] {
        let results = search(query, extra);
        assert_eq!(results["total"], 25, "{query} {extra:?}: {results}");
    }
    let all = hit_ids(&search("بازار", &["--limit", "25"]));
    let mut paged = Vec::new();
    for offset in ["0", "9", "18"] {
        paged.extend(hit_ids(&search(
            "بازار",
            &["--limit", "9", "--offset", offset],
        )));
    }
    assert_eq!(paged, all);
}

#[test]
fn huge_limits_and_offsets_cost_nothing() {
    let folder = tempfile::tempdir().unwrap();
    let index_dir = tempfile::tempdir().unwrap();
    write_articles(folder.path(), 3);
    index_into(folder.path(), index_dir.path());
    for extra in [
        ["--limit", "1000000000"],
        ["--limit", "18446744073709551615"],
        ["--offset", "18446744073709551615"],
    ] {
        let results = search_json_in(index_dir.path(), "بازار", &extra);
        assert_eq!(results["total"], 3, "{extra:?}");
    }
}

/// A 100 kB "word" (no space in it, as in a pasted blob) is longer than any term kept,
/// so it is dropped; the article around it is indexed, found and highlighted, and a
/// search for the blob itself answers without error.
#[test]
fn a_100_kb_word_neither_breaks_indexing_nor_search() {
    let folder = tempfile::tempdir().unwrap();
    let index_dir = tempfile::tempdir().unwrap();
    let blob = "ب".repeat(50_000);
    fs::write(
        folder.path().join("blob.txt"),
        format!("گزارش بازار\nبازار سهام امروز رشد کرد {blob} و پایان.\n"),
    )
    .unwrap();
    write_articles(folder.path(), 2);
    index_into(folder.path(), index_dir.path());
    let results = search_json_in(index_dir.path(), "بازار رشد", &[]);
    assert_eq!(results["total"], 3);
    let blob_hit = common::hit(&results, "blob").expect("the article with the blob is found");
    let marked = common::highlighted_words(blob_hit);
    assert!(marked.iter().any(|word| word == "رشد"), "{marked:?}");
    for passage in blob_hit["passages"].as_array().unwrap() {
        let chars = passage["text"].as_str().unwrap().chars().count();
        assert!(chars < 1_000, "a passage of {chars} chars");
    }
    let output = kavosh(&[
        "search",
        &blob,
        "--index",
        index_dir.path().to_str().unwrap(),
    ]);
    assert!(matches!(output.status.code(), Some(1 | 2)), "{output:?}");
    assert!(!stderr(&output).contains("panicked"), "{}", stderr(&output));
}

#[test]
fn a_missing_input_path_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let index_dir = dir.path().join("idx");
    let output = kavosh(&[
        "index",
        dir.path().join("nosuchdir").to_str().unwrap(),
        "--index",
        index_dir.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("nosuchdir: no such file or folder to index"),
        "{}",
        stderr(&output)
    );
    assert!(!index_dir.exists(), "no index was created");
}

#[test]
fn an_index_path_that_is_a_file_or_a_folder_of_other_files_is_refused_by_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let articles = dir.path().join("articles");
    fs::create_dir(&articles).unwrap();
    write_articles(&articles, 2);
    let queries = dir.path().join("q.tsv");
    fs::write(&queries, "q1\tبازار\n").unwrap();
    let qrels = dir.path().join("qrels");
    fs::write(&qrels, "q1 0 00 1\n").unwrap();
    let a_file = dir.path().join("notes.txt");
    fs::write(&a_file, "یادداشت").unwrap();
    // A folder of someone's files: an index must never be written into it.
    let a_folder = articles.clone();
    for (target, reason) in [
        (&a_file, "it is a file"),
        (&a_folder, "the folder holds other files"),
    ] {
        let target = target.to_str().unwrap();
        let before: Vec<_> = fs::read_dir(&articles).unwrap().collect();
        for args in [
            vec!["index", articles.to_str().unwrap(), "--index", target],
            vec!["search", "بازار", "--index", target],
            vec![
                "eval",
                "--queries",
                queries.to_str().unwrap(),
                "--qrels",
                qrels.to_str().unwrap(),
                "--index",
                target,
            ],
        ] {
            let output = kavosh(&args);
            assert_eq!(output.status.code(), Some(2), "{args:?}");
            let message = stderr(&output);
            assert!(
                message.contains(&format!("{target} is not a kavosh index: {reason}")),
                "{args:?}: {message}"
            );
        }
        assert_eq!(fs::read_dir(&articles).unwrap().count(), before.len());
    }
    assert_eq!(fs::read_to_string(&a_file).unwrap(), "یادداشت");
}

#[test]
fn query_files_skip_a_bom_and_comments_and_name_an_empty_id() {
    let folder = tempfile::tempdir().unwrap();
    let index_dir = tempfile::tempdir().unwrap();
    write_articles(folder.path(), 2);
    index_into(folder.path(), index_dir.path());
    let queries = folder.path().join("queries.tsv");
    let run = |lines: &str| {
        fs::write(&queries, lines).unwrap();
        kavosh(&[
            "search",
            "--queries",
            queries.to_str().unwrap(),
            "--index",
            index_dir.path().to_str().unwrap(),
            "--format",
            "trec",
        ])
    };
    let output = run("\u{FEFF}q1\tبازار\n# a comment\n\nq2\tسهام\n");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let qids: Vec<String> = stdout(&output)
        .lines()
        .map(|line| line.split(' ').next().unwrap().to_string())
        .collect();
    assert!(!qids.is_empty());
    assert!(
        qids.iter().all(|qid| qid == "q1" || qid == "q2"),
        "{qids:?}"
    );
    let output = run("q1\tبازار\n\tسهام\n");
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("queries.tsv:2: empty query id"),
        "{}",
        stderr(&output)
    );
}

/// A value for a numeric option: the edges, and anything.
fn extreme() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("0".to_string()),
        Just("1".to_string()),
        Just(u32::MAX.to_string()),
        Just(u64::MAX.to_string()),
        any::<u64>().prop_map(|n| n.to_string()),
    ]
}

/// The one index the property test searches.
fn shared_index() -> &'static Path {
    static INDEX: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    INDEX
        .get_or_init(|| {
            let folder = tempfile::tempdir().unwrap();
            let index_dir = tempfile::tempdir().unwrap();
            write_articles(folder.path(), 25);
            index_into(folder.path(), index_dir.path());
            index_dir
        })
        .path()
}

/// Exit codes 0 (found), 1 (nothing) or 2 (an error, with a message), never a panic
/// (101) or an abort (a signal).
fn assert_orderly(output: &std::process::Output, args: &[&str]) -> Result<(), TestCaseError> {
    let code = output.status.code();
    prop_assert!(
        matches!(code, Some(0..=2)),
        "{args:?}: {code:?} {}",
        stderr(output)
    );
    prop_assert!(!stderr(output).contains("panicked"), "{args:?}");
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn numeric_search_options_at_any_value_never_abort(
        limit in extreme(),
        offset in extreme(),
        passages in extreme(),
        passage_chars in extreme(),
        format in prop::sample::select(vec!["text", "json", "trec"]),
        sort in prop::sample::select(vec!["relevance", "date"]),
    ) {
        let args = [
            "search", "بازار", "--index", shared_index().to_str().unwrap(),
            "--limit", &limit, "--offset", &offset, "--passages", &passages,
            "--passage-chars", &passage_chars, "--format", format, "--sort", sort,
        ];
        assert_orderly(&kavosh(&args), &args)?;
    }

    #[test]
    fn the_memory_option_at_any_value_never_aborts(memory in extreme()) {
        let (folder, index_dir) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        write_articles(folder.path(), 1);
        let index_dir = index_dir.path().join("index");
        let args = [
            "index", folder.path().to_str().unwrap(), "--index",
            index_dir.to_str().unwrap(), "--memory-mb", &memory,
        ];
        assert_orderly(&kavosh(&args), &args)?;
    }
}
