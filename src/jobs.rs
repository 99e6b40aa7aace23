//! The top-level jobs the `kavosh` binary runs, one function each, so that `main` only
//! parses arguments and reports.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::analysis::AnalyzerOptions;
use crate::error::{Error, Result};
use crate::index::{Indexer, KavoshIndex};
use crate::ingest::{self, FileOutcome, Problem};
use crate::output::Printer;
use crate::search::{SearchOptions, Searcher};

/// What an index run did, for its summary line and exit code.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct IndexSummary {
    pub files_seen: usize,
    pub articles: usize,
    /// Files of a format kavosh does not read.
    pub skipped: usize,
    /// Files with at least one problem (some may still have given good articles).
    pub failed: usize,
    /// Problems in all (a JSONL file may have many bad lines).
    pub problems: usize,
}

/// Indexes every article under `paths` into the index at `index_dir` (created if need
/// be). Each problem goes to `report` as it is found; nothing is visible in the index
/// until the single commit at the end, so an interrupted run leaves the last index whole.
pub fn index(
    paths: &[PathBuf],
    index_dir: &Path,
    options: AnalyzerOptions,
    mut report: impl FnMut(&Problem),
) -> Result<IndexSummary> {
    let index = KavoshIndex::create_or_open(index_dir, options)?;
    let mut indexer = Indexer::new(&index)?;
    let mut summary = IndexSummary::default();
    let mut failure: Option<Error> = None;
    ingest::walk(paths, |outcome| {
        if failure.is_some() {
            return;
        }
        summary.files_seen += 1;
        match outcome {
            FileOutcome::Skipped { .. } => summary.skipped += 1,
            FileOutcome::Read {
                articles, problems, ..
            } => {
                if !problems.is_empty() {
                    summary.failed += 1;
                    summary.problems += problems.len();
                }
                problems.iter().for_each(&mut report);
                for article in &articles {
                    if let Err(error) = indexer.add(article) {
                        failure = Some(error);
                        return;
                    }
                    summary.articles += 1;
                }
            }
        }
    });
    if let Some(error) = failure {
        return Err(error);
    }
    indexer.commit()?;
    Ok(summary)
}

/// Prints the one-line summary of an index run.
pub fn print_index_summary(
    summary: &IndexSummary,
    index_dir: &Path,
    started: Instant,
    out: &mut impl Write,
) {
    let _ = writeln!(
        out,
        "indexed {} articles from {} files into {} in {:.2} s ({} skipped: not a supported format, {} failed with {} problems)",
        summary.articles,
        summary.files_seen,
        index_dir.display(),
        started.elapsed().as_secs_f64(),
        summary.skipped,
        summary.failed,
        summary.problems,
    );
}

/// One query to run, with its id in batch mode.
pub struct Query {
    pub qid: Option<String>,
    pub text: String,
}

/// Reads `id<TAB>query` lines; blank lines are skipped, a line without a tab is an error
/// naming its line.
pub fn read_queries(path: &Path) -> Result<Vec<Query>> {
    let content = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let mut queries = Vec::new();
    for (index, line) in content.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let Some((qid, text)) = line.split_once('\t') else {
            return Err(Error::BadQueryLine {
                path: path.to_path_buf(),
                line: index + 1,
                reason: "expected `id<TAB>query`".into(),
            });
        };
        queries.push(Query {
            qid: Some(qid.trim().to_string()),
            text: text.trim().to_string(),
        });
    }
    Ok(queries)
}

/// Answers each query with one searcher and prints the results; returns how many
/// queries found at least one article.
pub fn search(
    index_dir: &Path,
    queries: &[Query],
    options: &SearchOptions,
    printer: &mut Printer<impl Write>,
) -> Result<usize> {
    let searcher = Searcher::new(KavoshIndex::open(index_dir)?)?;
    let mut answered = 0;
    for query in queries {
        let results = searcher.search(&query.text, options)?;
        if !results.hits.is_empty() {
            answered += 1;
        }
        printer.print(&results, query.qid.as_deref())?;
    }
    Ok(answered)
}
