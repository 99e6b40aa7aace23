//! Query files: `id<TAB>query` lines, for batch search and evaluation.

use std::path::Path;

use crate::error::{Error, Result};

/// One query to run, with its id in batch mode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedQuery {
    pub qid: Option<String>,
    pub text: String,
}

/// Reads `id<TAB>query` lines. A byte order mark, blank lines and `#` comment lines are
/// skipped; a line without a tab or with an empty id is an error naming its line (an
/// empty id would give TREC lines no qid).
pub fn read_queries(path: &Path) -> Result<Vec<NamedQuery>> {
    let content = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let content = content.strip_prefix('\u{FEFF}').unwrap_or(&content);
    let mut queries = Vec::new();
    for (index, line) in content.lines().enumerate() {
        let bad_line = |reason: &str| Error::BadQueryLine {
            path: path.to_path_buf(),
            line: index + 1,
            reason: reason.into(),
        };
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let Some((qid, text)) = line.split_once('\t') else {
            return Err(bad_line("expected `id<TAB>query`"));
        };
        let qid = qid.trim();
        if qid.is_empty() {
            return Err(bad_line("empty query id before the tab"));
        }
        queries.push(NamedQuery {
            qid: Some(qid.to_string()),
            text: text.trim().to_string(),
        });
    }
    Ok(queries)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_lines_are_read_and_bad_lines_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("q.tsv");
        std::fs::write(&path, "q1\tچین\n\nq2\t کتاب ها \n").unwrap();
        let queries = read_queries(&path).unwrap();
        assert_eq!(queries.len(), 2);
        assert_eq!(
            (queries[1].qid.as_deref(), queries[1].text.as_str()),
            (Some("q2"), "کتاب ها")
        );
        std::fs::write(&path, "\u{FEFF}q1\tچین\n# comment\tnot a query\n").unwrap();
        assert_eq!(
            read_queries(&path).unwrap(),
            [NamedQuery {
                qid: Some("q1".into()),
                text: "چین".into()
            }]
        );
        std::fs::write(&path, "q1\tچین\n\n \tکتاب\n").unwrap();
        assert!(read_queries(&path)
            .unwrap_err()
            .to_string()
            .ends_with("q.tsv:3: empty query id before the tab"));
        std::fs::write(&path, "q1\tچین\nbad line\n").unwrap();
        assert!(read_queries(&path)
            .unwrap_err()
            .to_string()
            .ends_with("q.tsv:2: expected `id<TAB>query`"));
    }
}
