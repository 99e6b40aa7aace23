//! Evaluation: how well an index answers a set of judged queries (MAP, P@10, nDCG@10,
//! MRR@10, R@1000), for the original queries and for the same queries retyped.

mod metrics;
mod variants;

use std::collections::HashMap;
use std::path::Path;

pub use metrics::{mean, score_query, Qrels, Scores};
pub use variants::Variant;

use crate::error::{Error, Result};
use crate::search::{MatchMode, NamedQuery, SearchOptions, Searcher};

/// Depth of the ranking scored (for R@1000 and MAP).
pub const RANKING_DEPTH: usize = 1000;

/// Reads TREC qrels: `qid iteration docid grade` per line.
pub fn read_qrels(path: &Path) -> Result<Qrels> {
    let content = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let mut qrels: Qrels = HashMap::new();
    for (index, line) in content.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let columns: Vec<&str> = line.split_whitespace().collect();
        let grade = match columns.as_slice() {
            [_, _, _, grade] => grade.parse::<i64>().ok(),
            _ => None,
        };
        let Some(grade) = grade else {
            return Err(Error::BadQueryLine {
                path: path.to_path_buf(),
                line: index + 1,
                reason: "expected `qid iteration docid grade`".into(),
            });
        };
        qrels
            .entry(columns[0].to_string())
            .or_default()
            .insert(columns[2].to_string(), grade.max(0) as u32);
    }
    Ok(qrels)
}

/// The mean scores of one run, and how many queries were scored.
#[derive(Debug, Clone, Copy)]
pub struct Evaluation {
    pub scores: Scores,
    pub queries: usize,
}

/// How a ranking is scored: the search a reader gets with `--match any` and
/// `switches`'s ranking options, without passages, article by article (not collapsed
/// into stories), [`RANKING_DEPTH`] deep.
pub fn ranking_options(switches: &SearchOptions) -> SearchOptions {
    SearchOptions {
        limit: RANKING_DEPTH,
        passages: 0,
        match_mode: MatchMode::Any,
        expand: switches.expand,
        proximity: switches.proximity,
        // Runs are judged by article.
        collapse: false,
        ..SearchOptions::default()
    }
}

/// Runs every judged query (retyped as `variant`) and scores the rankings `options`
/// give. Queries without judgements are left out, as trec_eval does.
pub fn evaluate(
    searcher: &Searcher,
    queries: &[NamedQuery],
    qrels: &Qrels,
    variant: Variant,
    options: &SearchOptions,
) -> Result<Evaluation> {
    let mut all = Vec::with_capacity(queries.len());
    for query in queries {
        let Some(judged) = query.qid.as_ref().and_then(|qid| qrels.get(qid)) else {
            continue;
        };
        let ranking = searcher.rank(&variant.apply(&query.text), options)?;
        all.extend(score_query(&ranking, judged));
    }
    Ok(Evaluation {
        scores: mean(&all),
        queries: all.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qrels_are_read_and_a_bad_line_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("qrels.trec");
        std::fs::write(&path, "q1 0 d1 1\nq1 0 d2 0\nq2 0 d9 2\n").unwrap();
        let qrels = read_qrels(&path).unwrap();
        assert_eq!(qrels["q1"]["d1"], 1);
        assert_eq!(qrels["q1"]["d2"], 0);
        assert_eq!(qrels["q2"]["d9"], 2);
        std::fs::write(&path, "q1 0 d1 1\nq1 d1\n").unwrap();
        assert!(read_qrels(&path)
            .unwrap_err()
            .to_string()
            .contains("qrels.trec:2:"));
    }
}
