//! Runs the real `kavosh` binary on real files.
#![allow(dead_code)] // each test file uses its own part of the harness

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

use serde_json::Value;

/// `relative` under `../shared/data`, if that third-party data is beside this clone;
/// else `None`, with a message saying the test is skipped.
pub fn shared_data(relative: &str) -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data")
        .join(relative);
    if path.exists() {
        return Some(path);
    }
    eprintln!(
        "skipped: {} not found (the shared data is not beside this clone)",
        path.display()
    );
    None
}

/// One entry of hazm's lexicon (../shared/data/lexicons/hazm/words.dat, MIT): the word
/// as hazm spells it, its frequency in hazm's corpus and its tags (N, AJ, PL, ...).
pub struct HazmWord {
    pub word: String,
    pub frequency: u64,
    pub tags: Vec<String>,
}

impl HazmWord {
    pub fn has(&self, tag: &str) -> bool {
        self.tags.iter().any(|t| t == tag)
    }
}

/// hazm's lexicon, if the shared data is beside this clone.
pub fn hazm_lexicon() -> Option<Vec<HazmWord>> {
    let content = std::fs::read_to_string(shared_data("lexicons/hazm/words.dat")?).unwrap();
    let words = content
        .lines()
        .filter_map(|line| {
            let mut columns = line.split('\t');
            let (word, frequency, tags) = (columns.next()?, columns.next()?, columns.next()?);
            Some(HazmWord {
                word: word.to_string(),
                frequency: frequency.parse().unwrap_or(0),
                tags: tags.split(',').map(str::to_string).collect(),
            })
        })
        .collect();
    Some(words)
}

pub fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

pub fn kavosh(args: &[&str]) -> Output {
    kavosh_with_env(args, &[])
}

/// `kavosh` with these environment variables set (and NO_COLOR and COLUMNS unset unless
/// given).
pub fn kavosh_with_env(args: &[&str], env: &[(&str, &str)]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kavosh"))
        .args(args)
        .env_remove("NO_COLOR")
        .env_remove("COLUMNS")
        .envs(env.iter().copied())
        .output()
        .expect("the kavosh binary runs")
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

/// Text output as a reader sees it: without the invisible isolates that keep Latin runs
/// and numbers in order on bidi terminals.
pub fn text_stdout(output: &Output) -> String {
    stdout(output).replace(['\u{2066}', '\u{2069}'], "")
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("stderr is UTF-8")
}

/// Indexes `paths` into `index_dir` through the library (not the binary), failing the
/// test on any problem (a warning, such as a replaced invalid byte, is no failure); the
/// run's summary.
pub fn index_with_library(
    paths: &[PathBuf],
    index_dir: &Path,
    settings: Option<kavosh::index::Settings>,
) -> kavosh::jobs::IndexSummary {
    let request = kavosh::jobs::IndexRequest {
        paths,
        index_dir,
        settings,
        rebuild: false,
        memory_budget_bytes: kavosh::jobs::DEFAULT_MEMORY_BUDGET_BYTES,
    };
    kavosh::jobs::index(&request, &kavosh::jobs::Silent, |problem| {
        assert!(problem.is_warning(), "{problem}")
    })
    .unwrap()
}

/// Indexes `folder` into `index` with the binary, failing the test unless it succeeds;
/// the run's report (stderr).
pub fn index_into(folder: &Path, index: &Path) -> String {
    let output = kavosh(&[
        "index",
        folder.to_str().unwrap(),
        "--index",
        index.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    stderr(&output)
}

/// Indexes `paths` into `index` with the binary in one run, failing the test unless it
/// succeeds.
pub fn index_paths(paths: &[&Path], index: &Path) {
    let mut args = vec!["index"];
    args.extend(paths.iter().map(|path| path.to_str().unwrap()));
    args.extend(["--index", index.to_str().unwrap(), "--quiet"]);
    let output = kavosh(&args);
    assert!(output.status.success(), "{}", stderr(&output));
}

/// The ids of the hits of JSON results, in their order.
pub fn hit_ids(results: &Value) -> Vec<String> {
    results["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|hit| hit["id"].as_str().unwrap().to_string())
        .collect()
}

/// Searches the index at `index` with `query` and `extra` options: the JSON results.
pub fn search_json_in(index: &Path, query: &str, extra: &[&str]) -> Value {
    let mut args = vec!["search", query, "--index", index.to_str().unwrap()];
    args.extend(["--format", "json"]);
    args.extend(extra);
    let output = kavosh(&args);
    assert_ne!(output.status.code(), Some(2), "{}", stderr(&output));
    serde_json::from_str(&stdout(&output)).expect("JSON results")
}

/// Indexes `folder` into a new temporary index: the index and the run's output.
pub fn index_folder(folder: &Path) -> (tempfile::TempDir, Output) {
    let index = tempfile::tempdir().unwrap();
    let output = kavosh(&[
        "index",
        folder.to_str().unwrap(),
        "--index",
        index.path().to_str().unwrap(),
    ]);
    (index, output)
}

/// A fresh index of the bundled corpus in a temporary folder.
pub struct CorpusIndex {
    pub dir: tempfile::TempDir,
}

impl CorpusIndex {
    pub fn build() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let output = kavosh(&[
            "index",
            corpus().to_str().unwrap(),
            "--index",
            dir.path().to_str().unwrap(),
        ]);
        assert!(output.status.success(), "index failed: {}", stderr(&output));
        CorpusIndex { dir }
    }

    pub fn path(&self) -> &str {
        self.dir.path().to_str().unwrap()
    }

    /// `kavosh search --queries FILE` over `lines` (`id<TAB>query`), with extra arguments.
    pub fn batch(&self, lines: &str, extra: &[&str]) -> Output {
        let queries = self.dir.path().join("queries.tsv");
        std::fs::write(&queries, lines).unwrap();
        let mut args = vec![
            "search",
            "--queries",
            queries.to_str().unwrap(),
            "--index",
            self.path(),
        ];
        args.extend_from_slice(extra);
        kavosh(&args)
    }

    /// `kavosh search QUERY --format json` with extra arguments, parsed.
    pub fn search_json(&self, query: &str, extra: &[&str]) -> Value {
        let mut args = vec!["search", query, "--index", self.path(), "--format", "json"];
        args.extend_from_slice(extra);
        let output = kavosh(&args);
        assert!(
            output.status.code() != Some(2),
            "search failed: {}",
            stderr(&output)
        );
        serde_json::from_str(&stdout(&output)).expect("one JSON object")
    }
}

/// The highlighted substrings of every passage of a hit, by the contract's char offsets.
pub fn highlighted_words(hit: &Value) -> Vec<String> {
    let mut words = Vec::new();
    for passage in hit["passages"].as_array().unwrap() {
        let chars: Vec<char> = passage["text"].as_str().unwrap().chars().collect();
        for range in passage["highlights"].as_array().unwrap() {
            let (from, to) = (
                range[0].as_u64().unwrap() as usize,
                range[1].as_u64().unwrap() as usize,
            );
            words.push(chars[from..to].iter().collect());
        }
    }
    words
}

/// The hit with this id, if the results have it.
pub fn hit<'a>(results: &'a Value, id: &str) -> Option<&'a Value> {
    results["hits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|hit| hit["id"] == id)
}

/// Percent-encodes a URL query value (Persian included).
pub fn encode(text: &str) -> String {
    text.bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => {
                char::from(byte).to_string()
            }
            _ => format!("%{byte:02X}"),
        })
        .collect()
}

/// A child process, killed when dropped, however the test ends.
pub struct Running(pub Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `kavosh serve` on a free port of loopback: the process and the page's address
/// (`http://127.0.0.1:PORT/`), read from the line it starts with.
pub fn start_server(index: &Path) -> (Running, String) {
    start_server_with(&["--index", index.to_str().unwrap()])
}

/// [`start_server`] with these arguments naming what it serves.
pub fn start_server_with(args: &[&str]) -> (Running, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kavosh"))
        .arg("serve")
        .args(args)
        .args(["--addr", "127.0.0.1:0"])
        .stderr(Stdio::piped())
        .spawn()
        .expect("kavosh serve starts");
    let mut line = String::new();
    BufReader::new(child.stderr.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line
        .split_whitespace()
        .find(|word| word.starts_with("http://"))
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .to_string();
    (Running(child), url)
}
