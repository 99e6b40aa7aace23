//! Query files: `id<TAB>query` lines, for batch search and evaluation.

use std::path::Path;

use crate::error::{Error, Result};

/// One query to run, with its id in batch mode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedQuery {
    pub qid: Option<String>,
    pub text: String,
}

/// Reads `id<TAB>query` lines; blank lines are skipped, a line without a tab is an error
/// naming its line.
pub fn read_queries(path: &Path) -> Result<Vec<NamedQuery>> {
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
        queries.push(NamedQuery {
            qid: Some(qid.trim().to_string()),
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
        std::fs::write(&path, "q1\tچین\nbad line\n").unwrap();
        assert!(read_queries(&path)
            .unwrap_err()
            .to_string()
            .ends_with("q.tsv:2: expected `id<TAB>query`"));
    }
}
