//! The top-level jobs the `kavosh` binary runs, one function each, so that `main` only
//! parses arguments and reports.

mod index;

pub use index::{
    check_paths_exist, index, index_into, print_index_summary, ArticleStore, FilesRead,
    IndexRequest, IndexSummary, Progress, Silent, DEFAULT_MEMORY_BUDGET_BYTES,
};

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::analysis::AnalyzerOptions;
use crate::engine::opensearch::ClusterSearcher;
use crate::error::{Error, Result};
use crate::eval::{evaluate, read_qrels, Evaluation, Qrels, Variant};
use crate::index::{KavoshIndex, Settings, TokenizerKind};
use crate::ingest::Problem;
use crate::output::Printer;
use crate::search::{
    bounded_distance, read_queries, NamedQuery, Ranking, SearchOptions, SearchResults, Searcher,
    WholeArticle,
};

/// Answers each query with one searcher and prints the results; returns how many
/// queries found at least one article.
pub fn search(
    index_dir: &Path,
    queries: &[NamedQuery],
    options: &SearchOptions,
    ranking: Ranking,
    printer: &mut Printer<impl Write>,
) -> Result<usize> {
    let index = KavoshIndex::open(index_dir)?;
    if let Some(source) = &options.filters.source {
        check_source(&index, source)?;
    }
    let searcher = Searcher::with_ranking(index, ranking)?;
    answer_all(|text| searcher.search(text, options), queries, printer)
}

/// [`search`] on an OpenSearch index (`kavosh search --engine opensearch`).
pub fn search_cluster(
    url: &str,
    name: &str,
    queries: &[NamedQuery],
    options: &SearchOptions,
    ranking: Ranking,
    printer: &mut Printer<impl Write>,
) -> Result<usize> {
    let searcher = ClusterSearcher::connect(url, name, ranking)?;
    answer_all(|text| searcher.search(text, options), queries, printer)
}

/// Prints the answer `search` gives to each query; returns how many found something.
fn answer_all(
    search: impl Fn(&str) -> Result<SearchResults>,
    queries: &[NamedQuery],
    printer: &mut Printer<impl Write>,
) -> Result<usize> {
    let mut answered = 0;
    for query in queries {
        let mut results = search(&query.text)?;
        results.qid = query.qid.clone();
        // Found means matching articles, even when the page asked for (--limit 0, an
        // offset past them) shows none.
        if results.total > 0 {
            answered += 1;
        }
        printer.print(&results)?;
    }
    Ok(answered)
}

/// The article `id` of the index at `index_dir`, with the words of `query` highlighted.
pub fn show(index_dir: &Path, id: &str, query: Option<&str>) -> Result<WholeArticle> {
    let searcher = Searcher::new(KavoshIndex::open(index_dir)?)?;
    searcher
        .article(id, query)?
        .ok_or_else(|| Error::UnknownArticle { id: id.to_string() })
}

/// [`show`] from an OpenSearch index (`kavosh show --engine opensearch`).
pub fn show_cluster(url: &str, name: &str, id: &str, query: Option<&str>) -> Result<WholeArticle> {
    ClusterSearcher::connect(url, name, Ranking::default())?
        .article(id, query)?
        .ok_or_else(|| Error::UnknownArticle { id: id.to_string() })
}

/// Sources nearest a mistyped one that are offered instead.
const CLOSEST_SOURCES: usize = 3;

/// An error naming the closest sources when no article has `source` (a wrong `--source`
/// would otherwise just find nothing).
pub(crate) fn check_source(index: &KavoshIndex, source: &str) -> Result<()> {
    let mut sources = index.sources()?;
    if sources.iter().any(|(known, _)| known == source) {
        return Ok(());
    }
    let typed: Vec<char> = source.chars().collect();
    sources.sort_by_key(|(known, count)| {
        let known: Vec<char> = known.chars().collect();
        let most = typed.len().max(known.len());
        (
            bounded_distance(&typed, &known, most),
            std::cmp::Reverse(*count),
        )
    });
    let closest: Vec<String> = sources
        .iter()
        .take(CLOSEST_SOURCES)
        .map(|(name, count)| format!("{name} ({count})"))
        .collect();
    Err(Error::UnknownSource {
        name: source.to_string(),
        closest: if closest.is_empty() {
            "none, the index has no sources".to_string()
        } else {
            closest.join(", ")
        },
    })
}

/// One row of an evaluation table.
pub struct EvalRow {
    pub analysis: String,
    pub variant: Variant,
    pub evaluation: Evaluation,
}

/// The analyses compared by an ablation, from tantivy's default tokenizer up to the full
/// Persian analysis, each step adding one stage. Each row is ranked without the grams of
/// the hits; [`GRAMS_ROW`] then adds them on the last row's index.
pub fn ablation_settings() -> Vec<(&'static str, Settings)> {
    let persian = |join_affixes, stem, stopwords, compound_parts| Settings {
        tokenizer: TokenizerKind::Persian,
        analysis: AnalyzerOptions {
            join_affixes,
            stem,
            stopwords,
            compound_parts,
        },
        ..Settings::default()
    };
    vec![
        ("tantivy default tokenizer", Settings::baseline()),
        ("kavosh: folding only", persian(false, false, false, false)),
        ("+ affix equivalence", persian(true, false, false, false)),
        ("+ stemming", persian(true, true, false, false)),
        ("+ stopwords", persian(true, true, true, false)),
        ("+ compound parts", persian(true, true, true, true)),
    ]
}

/// The ablation's last row: a ranking stage, not an analysis, so it needs no index of
/// its own.
const GRAMS_ROW: &str = "+ 3-grams of the hits (default)";

/// Scores `queries` against an index, once per variant, ranked with `ranking`'s weights
/// and the ranking options of `options` (as [`ranking_options`](crate::eval::ranking_options) makes them).
pub fn evaluate_index(
    index: KavoshIndex,
    label: &str,
    queries: &[NamedQuery],
    qrels: &Qrels,
    variants: &[Variant],
    ranking: Ranking,
    options: &SearchOptions,
) -> Result<Vec<EvalRow>> {
    let searcher = Searcher::with_ranking(index, ranking)?;
    variants
        .iter()
        .map(|&variant| {
            Ok(EvalRow {
                analysis: label.to_string(),
                variant,
                evaluation: evaluate(&searcher, queries, qrels, variant, options)?,
            })
        })
        .collect()
}

/// Builds a throwaway index of `corpus` per analysis of the ablation and scores each.
pub fn ablation(
    corpus: &[PathBuf],
    queries: &[NamedQuery],
    qrels: &Qrels,
    variants: &[Variant],
    ranking: Ranking,
    options: &SearchOptions,
    mut report: impl FnMut(&Problem),
) -> Result<Vec<EvalRow>> {
    let mut rows = Vec::new();
    let stages = ablation_settings();
    let last = stages.len() - 1;
    for (stage, (label, settings)) in stages.into_iter().enumerate() {
        let dir = tempfile::tempdir().map_err(|source| Error::Io {
            path: std::env::temp_dir(),
            source,
        })?;
        let request = IndexRequest {
            paths: corpus,
            index_dir: dir.path(),
            settings: Some(settings),
            rebuild: false,
            memory_budget_bytes: DEFAULT_MEMORY_BUDGET_BYTES,
        };
        index(&request, &Silent, &mut report)?;
        let without_grams = Ranking {
            grams: 0.0,
            ..ranking
        };
        let score = |label: &str, ranking: Ranking| {
            evaluate_index(
                KavoshIndex::open(dir.path())?,
                label,
                queries,
                qrels,
                variants,
                ranking,
                options,
            )
        };
        rows.extend(score(label, without_grams)?);
        if stage == last {
            rows.extend(score(GRAMS_ROW, ranking)?);
        }
    }
    Ok(rows)
}

/// What `kavosh eval` was asked to score.
pub struct EvalRequest<'a> {
    pub queries: &'a Path,
    pub qrels: &'a Path,
    /// The index scored, unless `ablation` names a corpus.
    pub index: &'a Path,
    /// Also score the queries retyped each way people type.
    pub variants: bool,
    /// Files to build one throwaway index of per analysis stage.
    pub ablation: &'a [PathBuf],
    /// The weights to rank with.
    pub ranking: Ranking,
    /// The ranking options (as [`ranking_options`](crate::eval::ranking_options) makes them).
    pub options: SearchOptions,
}

/// Scores an index, or an ablation over a corpus; problems of the corpus go to `report`.
pub fn eval(request: &EvalRequest, report: impl FnMut(&Problem)) -> Result<Vec<EvalRow>> {
    let queries = read_queries(request.queries)?;
    let qrels = read_qrels(request.qrels)?;
    let variants: &[Variant] = if request.variants {
        &Variant::ALL
    } else {
        &[Variant::Original]
    };
    if request.ablation.is_empty() {
        let label = request.index.display().to_string();
        evaluate_index(
            KavoshIndex::open(request.index)?,
            &label,
            &queries,
            &qrels,
            variants,
            request.ranking,
            &request.options,
        )
    } else {
        ablation(
            request.ablation,
            &queries,
            &qrels,
            variants,
            request.ranking,
            &request.options,
            report,
        )
    }
}

/// Prints evaluation rows as a Markdown table.
pub fn print_eval_table(rows: &[EvalRow], out: &mut impl Write) -> Result<()> {
    let mut write = || -> std::io::Result<()> {
        writeln!(
            out,
            "| analysis | queries typed | queries | MAP | P@10 | nDCG@10 | MRR@10 | R@1000 |"
        )?;
        writeln!(out, "|---|---|---:|---:|---:|---:|---:|---:|")?;
        for row in rows {
            let s = row.evaluation.scores;
            writeln!(
                out,
                "| {} | {} | {} | {:.4} | {:.4} | {:.4} | {:.4} | {:.4} |",
                row.analysis,
                row.variant.label(),
                row.evaluation.queries,
                s.map,
                s.precision_at_10,
                s.ndcg_at_10,
                s.mrr_at_10,
                s.recall_at_1000
            )?;
        }
        Ok(())
    };
    write().map_err(Error::Output)
}
