//! Ingestion: folders of files in, articles out.
//!
//! [`discover`] walks the given paths and finds the files kavosh reads, without reading
//! them (so an unchanged file costs one `stat`); [`read_file`] decodes one and picks a
//! reader by extension and content. A bad file or record is a [`Problem`] naming its path
//! (and line), never a stop; so is a file read with repairs (a [`Severity::Warning`]).

mod date;
mod decode;
mod html;
mod json;
mod text;
mod trec;

pub use date::{
    civil_from_days, days_from_jalali, iso_day, jalali_from_days, parse_date, parse_period,
    SECONDS_PER_DAY,
};

use std::fmt;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;
use walkdir::WalkDir;

/// One news article, as read from a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Article {
    /// Stable identity: re-indexing an article with the same id replaces it.
    pub id: String,
    pub title: String,
    pub body: String,
    pub date: Option<String>,
    pub source: Option<String>,
    pub url: Option<String>,
    /// Section or subject, as the collection names it (ورزشی, economy).
    pub category: Option<String>,
    /// The file it came from, as found under the path given.
    pub path: String,
}

/// A problem with one file, or with one record (line) of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: PathBuf,
    pub line: Option<usize>,
    pub reason: String,
    pub severity: Severity,
}

/// How bad a [`Problem`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// The file was read and its articles kept, but not exactly as written (invalid UTF-8
    /// replaced): worth telling, not a failure.
    Warning,
    /// The file, or this record of it, gave no article.
    Error,
}

impl Problem {
    /// A problem that lost the file or record.
    pub fn error(path: impl Into<PathBuf>, line: Option<usize>, reason: impl Into<String>) -> Self {
        Problem {
            path: path.into(),
            line,
            reason: reason.into(),
            severity: Severity::Error,
        }
    }

    /// A problem worth telling about a file whose articles were kept.
    pub fn warning(
        path: impl Into<PathBuf>,
        line: Option<usize>,
        reason: impl Into<String>,
    ) -> Self {
        Problem {
            severity: Severity::Warning,
            ..Problem::error(path, line, reason)
        }
    }

    pub fn is_warning(&self) -> bool {
        self.severity == Severity::Warning
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, "{line}:")?;
        }
        if self.is_warning() {
            write!(f, " warning:")?;
        }
        write!(f, " {}", self.reason)
    }
}

/// The file formats kavosh reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    /// `.txt`, `.md`: title on the first non-empty line, body after it.
    Text,
    /// `.json`: one object or an array of objects.
    Json,
    /// `.jsonl`: one object per line.
    JsonLines,
    /// `.html`, `.htm`.
    Html,
    /// TREC/Hamshahri `<DOC>` collections: `.xml`, `.trec`, `.sgml`.
    Trec,
}

impl Format {
    /// The format a file's extension says; `None` for files kavosh does not read.
    fn by_extension(path: &Path) -> Option<Format> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "txt" | "md" | "markdown" => Some(Format::Text),
            "json" => Some(Format::Json),
            "jsonl" | "ndjson" => Some(Format::JsonLines),
            "html" | "htm" | "xhtml" => Some(Format::Html),
            "xml" | "trec" | "sgml" | "sgm" => Some(Format::Trec),
            _ => None,
        }
    }

    /// Refines the extension's word by the content: a `.txt` or `.xml` file may really
    /// hold a `<DOC>` collection or an HTML page.
    fn by_content(self, content: &str) -> Format {
        if !matches!(self, Format::Text | Format::Trec) {
            return self;
        }
        let head = content.trim_start();
        let starts = |prefix: &str| {
            head.get(..prefix.len())
                .is_some_and(|h| h.eq_ignore_ascii_case(prefix))
        };
        if starts("<DOC>") || starts("<?xml") && head.contains("<DOC>") {
            Format::Trec
        } else if starts("<!DOCTYPE html") || starts("<html") {
            Format::Html
        } else {
            self
        }
    }
}

/// Where an article's default id comes from: the file's path relative to the folder
/// given, without extension, `/`-separated (a file given directly: its name).
struct Origin<'a> {
    path: &'a Path,
    relative_id: String,
}

impl Origin<'_> {
    fn problem(&self, line: Option<usize>, reason: impl Into<String>) -> Problem {
        Problem::error(self.path, line, reason)
    }

    fn display_path(&self) -> String {
        self.path.to_string_lossy().into_owned()
    }
}

/// A file found under a root, not yet read.
#[derive(Debug, Clone)]
pub struct FoundFile {
    /// The root (file or folder) it was found under, as given.
    pub root: PathBuf,
    /// Its path, as found (root joined with the path below it).
    pub path: PathBuf,
    /// Its absolute path: the key that ties its articles to it across runs.
    pub key: String,
    pub metadata: std::fs::Metadata,
}

/// What the walk found at one place.
#[derive(Debug)]
pub enum Found {
    /// A file of a format kavosh reads.
    File(FoundFile),
    /// A file kavosh does not read.
    Skipped { path: PathBuf },
    /// A place the walk could not enter or read (a missing path, a symlink loop).
    Problem(Problem),
}

/// Walks `roots` (files or folders, recursively, following links) and hands on what it
/// finds, reading no file. The `stat` of each file (for its size and modification time)
/// runs on every core: on an unchanged archive it is most of a re-run's work.
pub fn discover(roots: &[PathBuf], mut sink: impl FnMut(Found)) {
    for root in roots {
        let root_text = root.to_string_lossy().into_owned();
        let root_key = root_key(root);
        let mut entries = Vec::new();
        for entry in WalkDir::new(root).follow_links(true) {
            match entry {
                Ok(entry) if entry.file_type().is_dir() => {}
                Ok(entry) if Format::by_extension(Path::new(entry.file_name())).is_none() => {
                    sink(Found::Skipped {
                        path: entry.into_path(),
                    })
                }
                Ok(entry) => entries.push(entry),
                Err(error) => sink(Found::Problem(Problem::error(
                    error.path().unwrap_or(root),
                    None,
                    walk_error_reason(&error),
                ))),
            }
        }
        let found: Vec<Found> = entries
            .into_par_iter()
            .map(|entry| {
                let metadata = match entry.metadata() {
                    Ok(metadata) => metadata,
                    Err(error) => {
                        let reason = walk_error_reason(&error);
                        return Found::Problem(Problem::error(entry.into_path(), None, reason));
                    }
                };
                let path = entry.into_path();
                // The walk yields the root joined with what lies below it, so the key is the
                // absolute root and the same tail.
                let tail = path
                    .to_string_lossy()
                    .get(root_text.len()..)
                    .unwrap_or_default()
                    .to_string();
                Found::File(FoundFile {
                    root: root.clone(),
                    key: format!("{root_key}{tail}"),
                    path,
                    metadata,
                })
            })
            .collect();
        found.into_iter().for_each(&mut sink);
    }
}

/// The absolute form of each root, as file keys begin with it.
pub fn root_keys(roots: &[PathBuf]) -> Vec<String> {
    roots.iter().map(|root| root_key(root)).collect()
}

fn root_key(root: &Path) -> String {
    let absolute = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
    absolute.to_string_lossy().into_owned()
}

fn walk_error_reason(error: &walkdir::Error) -> String {
    if let Some(ancestor) = error.loop_ancestor() {
        return format!("symlink loop back to {}", ancestor.display());
    }
    match error.io_error() {
        Some(io) => io.to_string(),
        None => error.to_string(),
    }
}

/// Reads one file found under `root`: its good articles, and a problem for each bad
/// record (or for the whole file), after a warning if its bytes had to be repaired.
pub fn read_file(root: &Path, path: &Path) -> (Vec<Article>, Vec<Problem>) {
    let failed = |reason: String| (Vec::new(), vec![Problem::error(path, None, reason)]);
    let Some(format) = Format::by_extension(path) else {
        return failed("not a format kavosh reads".into());
    };
    let Some(relative_id) = relative_id(root, path) else {
        return failed("file name is not valid UTF-8, so it cannot name its articles".into());
    };
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) => return failed(error.to_string()),
    };
    let decoded = match decode::decode(&bytes) {
        Ok(decoded) => decoded,
        Err(reason) => return failed(reason),
    };
    let content = decoded.text;
    if content.trim().is_empty() {
        return failed("empty file".into());
    }
    let origin = Origin { path, relative_id };
    let (articles, problems) = match format.by_content(&content) {
        Format::Text => one(text::read(&origin, &content)),
        Format::Html => one(html::read(&origin, &content)),
        Format::Json => json::read_document(&origin, &content),
        Format::JsonLines => json::read_lines(&origin, &content),
        Format::Trec => trec::read(&origin, &content),
    };
    let Some(damage) = decoded.damage else {
        return (articles, problems);
    };
    let warning = Problem::warning(path, None, damage.to_string());
    (articles, [warning].into_iter().chain(problems).collect())
}

fn one(result: Result<Article, Problem>) -> (Vec<Article>, Vec<Problem>) {
    match result {
        Ok(article) => (vec![article], Vec::new()),
        Err(problem) => (Vec::new(), vec![problem]),
    }
}

/// The path of `path` relative to `root`, without extension, `/`-separated (a file
/// given directly: its name); `None` if it is not valid UTF-8.
fn relative_id(root: &Path, path: &Path) -> Option<String> {
    let relative = path
        .strip_prefix(root)
        .ok()
        .filter(|r| !r.as_os_str().is_empty());
    let relative = relative.unwrap_or_else(|| Path::new(path.file_name().unwrap_or_default()));
    let parts = relative
        .with_extension("")
        .components()
        .map(|part| part.as_os_str().to_str().map(str::to_string))
        .collect::<Option<Vec<_>>>()?;
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_relative_paths_without_extension() {
        let root = Path::new("corpus");
        let id = |root: &Path, path: &str| relative_id(root, Path::new(path)).unwrap();
        assert_eq!(id(root, "corpus/syria/call.txt"), "syria/call");
        assert_eq!(id(root, "corpus/a.jsonl"), "a");
        assert_eq!(id(Path::new("one.md"), "one.md"), "one");
    }

    #[test]
    fn formats_are_chosen_by_extension() {
        assert_eq!(
            Format::by_extension(Path::new("a/B.TXT")),
            Some(Format::Text)
        );
        assert_eq!(Format::by_extension(Path::new("a.md")), Some(Format::Text));
        assert_eq!(
            Format::by_extension(Path::new("a.json")),
            Some(Format::Json)
        );
        assert_eq!(
            Format::by_extension(Path::new("a.jsonl")),
            Some(Format::JsonLines)
        );
        assert_eq!(Format::by_extension(Path::new("a.htm")), Some(Format::Html));
        assert_eq!(Format::by_extension(Path::new("a.xml")), Some(Format::Trec));
        assert_eq!(Format::by_extension(Path::new("a.pdf")), None);
        assert_eq!(Format::by_extension(Path::new("README")), None);
    }

    #[test]
    fn content_refines_text_and_xml() {
        assert_eq!(Format::Text.by_content("<DOC>\n<DOCID>1"), Format::Trec);
        assert_eq!(
            Format::Text.by_content("  <!doctype html><html>"),
            Format::Html
        );
        assert_eq!(Format::Trec.by_content("<html><body>"), Format::Html);
        assert_eq!(Format::Text.by_content("عنوان\nمتن"), Format::Text);
        assert_eq!(Format::Json.by_content("<DOC>"), Format::Json);
    }
}
