//! Ingestion: folders of files in, articles out.
//!
//! Walks each given path, picks a reader by file extension, and reports every file's
//! outcome (its articles, and the problems of its bad records) without stopping on a bad
//! one.

mod json;
mod text;

use std::fmt;
use std::path::{Path, PathBuf};

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
    /// The file it came from, as found under the path given.
    pub path: String,
}

/// A problem with one file, or with one record (line) of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: PathBuf,
    pub line: Option<usize>,
    pub reason: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.path.display(), line, self.reason),
            None => write!(f, "{}: {}", self.path.display(), self.reason),
        }
    }
}

/// What became of one file.
#[derive(Debug)]
pub enum FileOutcome {
    /// Not a format kavosh reads.
    Skipped { path: PathBuf },
    /// Read: its good articles, and the problems of its bad records (if any). A file
    /// none of whose records could be read has no articles and at least one problem.
    Read {
        path: PathBuf,
        articles: Vec<Article>,
        problems: Vec<Problem>,
    },
}

/// The file formats kavosh reads, by extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    /// `.txt`, `.md`: title on the first non-empty line, body after it.
    Text,
    /// `.json`: one object or an array of objects.
    Json,
    /// `.jsonl`: one object per line.
    JsonLines,
}

impl Format {
    fn of(path: &Path) -> Option<Format> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "txt" | "md" | "markdown" => Some(Format::Text),
            "json" => Some(Format::Json),
            "jsonl" | "ndjson" => Some(Format::JsonLines),
            _ => None,
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
        Problem {
            path: self.path.to_path_buf(),
            line,
            reason: reason.into(),
        }
    }

    fn display_path(&self) -> String {
        self.path.to_string_lossy().into_owned()
    }
}

/// Walks `roots` (files or folders, recursively) and hands each file's outcome to
/// `sink`, in a stable order (sorted by name).
pub fn walk(roots: &[PathBuf], mut sink: impl FnMut(FileOutcome)) {
    for root in roots {
        let walker = WalkDir::new(root).follow_links(true).sort_by_file_name();
        for entry in walker {
            let entry = match entry {
                Ok(entry) => entry,
                Err(error) => {
                    let path = error.path().unwrap_or(root).to_path_buf();
                    let reason = walk_error_reason(&error);
                    sink(FileOutcome::Read {
                        articles: Vec::new(),
                        problems: vec![Problem {
                            path: path.clone(),
                            line: None,
                            reason,
                        }],
                        path,
                    });
                    continue;
                }
            };
            if entry.file_type().is_dir() {
                continue;
            }
            sink(read_file(root, entry.path()));
        }
    }
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

/// Reads one file found under `root`.
pub fn read_file(root: &Path, path: &Path) -> FileOutcome {
    let Some(format) = Format::of(path) else {
        return FileOutcome::Skipped {
            path: path.to_path_buf(),
        };
    };
    let origin = Origin {
        path,
        relative_id: relative_id(root, path),
    };
    let (articles, problems) = match std::fs::read(path) {
        Err(error) => (Vec::new(), vec![origin.problem(None, error.to_string())]),
        Ok(bytes) => match decode_utf8(&bytes) {
            Err(reason) => (Vec::new(), vec![origin.problem(None, reason)]),
            Ok(content) => match format {
                Format::Text => match text::read(&origin, content) {
                    Ok(article) => (vec![article], Vec::new()),
                    Err(problem) => (Vec::new(), vec![problem]),
                },
                Format::Json => json::read_document(&origin, content),
                Format::JsonLines => json::read_lines(&origin, content),
            },
        },
    };
    FileOutcome::Read {
        path: path.to_path_buf(),
        articles,
        problems,
    }
}

/// The file's text, without a UTF-8 byte order mark.
fn decode_utf8(bytes: &[u8]) -> Result<&str, String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|error| {
        format!(
            "not valid UTF-8 (invalid byte at offset {})",
            error.valid_up_to()
        )
    })
}

fn relative_id(root: &Path, path: &Path) -> String {
    let relative = path
        .strip_prefix(root)
        .ok()
        .filter(|r| !r.as_os_str().is_empty());
    let relative = relative.unwrap_or_else(|| Path::new(path.file_name().unwrap_or_default()));
    let without_extension = relative.with_extension("");
    without_extension
        .components()
        .map(|part| part.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_relative_paths_without_extension() {
        let root = Path::new("corpus");
        assert_eq!(
            relative_id(root, Path::new("corpus/syria/call.txt")),
            "syria/call"
        );
        assert_eq!(relative_id(root, Path::new("corpus/a.jsonl")), "a");
        assert_eq!(relative_id(Path::new("one.md"), Path::new("one.md")), "one");
    }

    #[test]
    fn formats_are_chosen_by_extension() {
        assert_eq!(Format::of(Path::new("a/B.TXT")), Some(Format::Text));
        assert_eq!(Format::of(Path::new("a.md")), Some(Format::Text));
        assert_eq!(Format::of(Path::new("a.json")), Some(Format::Json));
        assert_eq!(Format::of(Path::new("a.jsonl")), Some(Format::JsonLines));
        assert_eq!(Format::of(Path::new("a.pdf")), None);
        assert_eq!(Format::of(Path::new("README")), None);
    }

    #[test]
    fn utf8_bom_is_dropped_and_bad_bytes_are_named() {
        assert_eq!(decode_utf8(b"\xEF\xBB\xBFabc"), Ok("abc"));
        assert!(decode_utf8(b"ab\xFFc").unwrap_err().contains("offset 2"));
    }
}
