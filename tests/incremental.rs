//! End to end: a re-run reads only what changed (add, change, delete, rename), an
//! interrupted run (kill -9) leaves the last committed index answering and the next run
//! completes the work, and a second concurrent writer is refused while searches go on.

mod common;

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use common::{index_into, kavosh, stderr};

fn total(index: &Path, query: &str) -> u64 {
    common::search_json_in(index, query, &["--limit", "1000"])["total"]
        .as_u64()
        .unwrap()
}

#[test]
fn a_rerun_reads_only_new_and_changed_files_and_drops_deleted_ones() {
    let folder = tempfile::tempdir().unwrap();
    let index_dir = tempfile::tempdir().unwrap();
    let (root, idx) = (folder.path(), index_dir.path());
    fs::write(root.join("a.txt"), "خبر الف\nدرباره ماهواره\n").unwrap();
    fs::write(root.join("b.txt"), "خبر ب\nدرباره کشاورزی\n").unwrap();
    fs::write(root.join("c.txt"), "خبر ج\nدرباره زلزله\n").unwrap();
    assert!(index_into(root, idx).contains("3 files: 3 new, 0 changed, 0 unchanged, 0 deleted"));

    // Nothing changed: nothing is read.
    assert!(index_into(root, idx).contains("3 files: 0 new, 0 changed, 3 unchanged, 0 deleted"));

    // Add one, change one (a different size), delete one, rename one.
    fs::write(root.join("d.txt"), "خبر د\nدرباره آتش‌سوزی\n").unwrap();
    fs::write(
        root.join("a.txt"),
        "خبر الف\nدرباره فضاپیما و نه آن موضوع قبلی\n",
    )
    .unwrap();
    fs::remove_file(root.join("b.txt")).unwrap();
    fs::rename(root.join("c.txt"), root.join("c2.txt")).unwrap();
    let summary = index_into(root, idx);
    assert!(
        summary.contains("3 files: 2 new, 1 changed, 0 unchanged, 2 deleted"),
        "{summary}"
    );
    assert_eq!(
        total(idx, "ماهواره"),
        0,
        "the changed file's old text is gone"
    );
    assert_eq!(total(idx, "فضاپیما"), 1);
    assert_eq!(
        total(idx, "کشاورزی"),
        0,
        "the deleted file's article is gone"
    );
    assert_eq!(
        total(idx, "زلزله"),
        1,
        "the renamed file's article is there once"
    );
    assert_eq!(total(idx, "آتش‌سوزی"), 1);

    // --rebuild reads everything again.
    let output = kavosh(&[
        "index",
        root.to_str().unwrap(),
        "--index",
        idx.to_str().unwrap(),
        "--rebuild",
    ]);
    assert!(
        stderr(&output).contains("3 files: 3 new"),
        "{}",
        stderr(&output)
    );
    assert_eq!(total(idx, "خبر"), 3);
}

#[test]
fn files_outside_this_runs_paths_are_left_alone() {
    let first = tempfile::tempdir().unwrap();
    let second = tempfile::tempdir().unwrap();
    let index_dir = tempfile::tempdir().unwrap();
    fs::write(first.path().join("x.txt"), "یک\nماهواره\n").unwrap();
    fs::write(second.path().join("y.txt"), "دو\nکشاورزی\n").unwrap();
    index_into(first.path(), index_dir.path());
    let summary = index_into(second.path(), index_dir.path());
    assert!(summary.contains("0 deleted"), "{summary}");
    assert_eq!(total(index_dir.path(), "ماهواره"), 1);
    assert_eq!(total(index_dir.path(), "کشاورزی"), 1);
}

/// A folder big enough that indexing it takes a few seconds: `count` articles of ~12 KB.
fn many_articles(root: &Path, count: usize) {
    for i in 0..count {
        let folder = root.join(format!("{:03}", i / 1000));
        fs::create_dir_all(&folder).unwrap();
        let body = format!(
            "گزارش شماره {i}\nاین گزارش {i} درباره بازار و اقتصاد و تجارت است. {}\n",
            "متن خبری ".repeat(700)
        );
        fs::write(folder.join(format!("{i}.txt")), body).unwrap();
    }
}

#[test]
fn a_killed_run_leaves_the_last_index_searchable_and_the_next_run_completes() {
    let folder = tempfile::tempdir().unwrap();
    let index_dir = tempfile::tempdir().unwrap();
    let (root, idx) = (folder.path(), index_dir.path());
    fs::write(root.join("first.txt"), "نخستین\nمقاله درباره ماهواره\n").unwrap();
    index_into(root, idx);
    many_articles(&root.join("bulk"), 8_000);

    let mut run = Command::new(env!("CARGO_BIN_EXE_kavosh"))
        .args([
            "index",
            root.to_str().unwrap(),
            "--index",
            idx.to_str().unwrap(),
        ])
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(300));
    // While it runs, a second writer is refused and searches still answer.
    let second = kavosh(&[
        "index",
        root.to_str().unwrap(),
        "--index",
        idx.to_str().unwrap(),
    ]);
    let still_running = run.try_wait().unwrap().is_none();
    if still_running {
        assert_eq!(second.status.code(), Some(2));
        assert!(
            stderr(&second).contains("another kavosh index is writing"),
            "{}",
            stderr(&second)
        );
    }
    assert_eq!(total(idx, "ماهواره"), 1);
    run.kill().unwrap(); // SIGKILL: no chance to clean up
    run.wait().unwrap();

    // The last committed index still answers, whole.
    assert_eq!(total(idx, "ماهواره"), 1);
    // The next run completes the work.
    let summary = index_into(root, idx);
    assert!(summary.contains("8001 files"), "{summary}");
    assert_eq!(total(idx, "ماهواره"), 1);
    assert_eq!(total(idx, "گزارش"), 8_000);
    assert!(
        still_running,
        "the run finished before it could be killed; make the folder bigger"
    );
}
