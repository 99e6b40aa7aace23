//! Retrieval quality on two differently shaped sets: ParsiNLU (../shared/data/eval/parsinlu:
//! 1,267 passages without titles, 1,295 real questions) and the team's news collection
//! (tests/eval/news: 11,452 articles with titles from ../shared/data/news, 112 judged
//! topics). On both the default analysis beats tantivy's default tokenizer, every
//! retyped form of the queries scores exactly as the original, and query expansion gains.
//!
//! Skips (with a message) when ../shared/data is absent.

use std::path::{Path, PathBuf};

mod common;

use common::index_with_library;
use kavosh::eval::{ranking_options, read_qrels, Variant};
use kavosh::index::{KavoshIndex, Settings};
use kavosh::jobs;
use kavosh::search::{read_queries, NamedQuery, Ranking, SearchOptions};

fn parsinlu() -> Option<PathBuf> {
    common::shared_data("eval/parsinlu")
}

/// The ranking options `kavosh eval` scores by default (`--match any`, no passages).
fn default_options() -> SearchOptions {
    ranking_options(&SearchOptions::default())
}

/// The same with query expansion (`--expand`).
fn expanded_options() -> SearchOptions {
    ranking_options(&SearchOptions {
        expand: true,
        ..SearchOptions::default()
    })
}

/// Scores the news collection's topics that `topics` keeps on an index of the news set
/// built with `settings`, once per ranking and options of `runs`.
fn evaluate_news(
    settings: Settings,
    runs: &[(Ranking, SearchOptions)],
    variants: &[Variant],
    topics_kept: impl Fn(&NamedQuery) -> bool,
) -> Option<Vec<jobs::EvalRow>> {
    let news = common::shared_data("news")?;
    let index_dir = tempfile::tempdir().unwrap();
    let summary = index_with_library(&[news], index_dir.path(), Some(settings));
    assert_eq!(summary.articles, 11_452);
    let topics = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/eval/news");
    let mut queries = read_queries(&topics.join("topics.tsv")).unwrap();
    queries.retain(topics_kept);
    let qrels = read_qrels(&topics.join("qrels.trec")).unwrap();
    let mut rows = Vec::new();
    for (ranking, options) in runs {
        let index = KavoshIndex::open(index_dir.path()).unwrap();
        rows.extend(
            jobs::evaluate_index(index, "news", &queries, &qrels, variants, *ranking, options)
                .unwrap(),
        );
    }
    Some(rows)
}

#[test]
#[ignore = "needs ../shared/data: cargo test --release -- --ignored"]
fn on_news_the_default_ranking_beats_the_baseline_and_a_title_weight_of_two() {
    let title_two = Ranking {
        title: 2.0,
        ..Ranking::default()
    };
    let Some(ours) = evaluate_news(
        Settings::default(),
        &[
            (Ranking::default(), default_options()),
            (title_two, default_options()),
        ],
        &Variant::ALL,
        |_| true,
    ) else {
        return;
    };
    let baseline = evaluate_news(
        Settings::baseline(),
        &[(Ranking::default(), default_options())],
        &[Variant::Original],
        |_| true,
    )
    .unwrap();
    let original = ours[0].evaluation.scores;
    let baseline = baseline[0].evaluation.scores;
    println!("kavosh {original:?}\ntantivy default {baseline:?}");
    for row in &ours[1..Variant::ALL.len()] {
        assert_eq!(row.evaluation.queries, 112);
        // A ZWNJ typed inside a name says where its parts are, even a part of two letters
        // (یحیی گل‌محمدی finds «گل محمدی»); typed joined, گلمحمدی is split only into
        // parts of three or more: measured 2026-12-06, MAP 0.8440 joined against 0.8448.
        assert!(
            (row.evaluation.scores.map - original.map).abs() < 0.001,
            "{:?}: {:?} vs {original:?}",
            row.variant,
            row.evaluation.scores
        );
    }
    // Measured 2026-12-06 over the 112 topics: kavosh MAP 0.8448, tantivy's default 0.7177.
    // Measured 2026-11-24 (README): kavosh MAP 0.848, with title weight 2 0.831, tantivy's
    // default 0.690.
    assert!(original.map >= 0.84, "{original:?}");
    assert!(original.map > baseline.map + 0.1, "{baseline:?}");
    let title_two = ours[Variant::ALL.len()].evaluation.scores;
    assert!(original.map > title_two.map + 0.01, "{title_two:?}");
}

fn evaluate(dir: &Path, settings: Settings, variants: &[Variant]) -> Vec<jobs::EvalRow> {
    evaluate_ranked(dir, settings, variants, Ranking::default())
}

fn evaluate_ranked(
    dir: &Path,
    settings: Settings,
    variants: &[Variant],
    ranking: Ranking,
) -> Vec<jobs::EvalRow> {
    let index_dir = tempfile::tempdir().unwrap();
    let corpus = [dir.join("corpus.jsonl")];
    let summary = index_with_library(&corpus, index_dir.path(), Some(settings));
    assert_eq!(summary.articles, 1267);
    let queries = read_queries(&dir.join("queries.tsv")).unwrap();
    let qrels = read_qrels(&dir.join("qrels.trec")).unwrap();
    let index = KavoshIndex::open(index_dir.path()).unwrap();
    jobs::evaluate_index(
        index,
        "parsinlu",
        &queries,
        &qrels,
        variants,
        ranking,
        &default_options(),
    )
    .unwrap()
}

#[test]
#[ignore = "needs ../shared/data: cargo test --release -- --ignored"]
fn default_analysis_beats_the_baseline_and_retyped_questions_score_the_same() {
    let Some(dir) = parsinlu() else { return };
    let ours = evaluate(&dir, Settings::default(), &Variant::ALL);
    assert_eq!(ours[0].variant, Variant::Original);
    let original = ours[0].evaluation.scores;
    assert_eq!(ours[0].evaluation.queries, 1295);
    let questions = read_queries(&dir.join("queries.tsv")).unwrap();
    for row in &ours[1..] {
        assert_eq!(row.evaluation.queries, 1295);
        // Equal scores mean something only if the retyping changed the questions.
        let retyped = questions
            .iter()
            .filter(|question| row.variant.apply(&question.text) != question.text)
            .count();
        assert!(
            retyped >= 100,
            "{:?} retyped only {retyped} questions",
            row.variant
        );
        let scores = row.evaluation.scores;
        // Joined, a word that reads two ways asks for either reading where the typist's
        // space said which (دوره ای, ماه های: 9 questions read دورهای, ماههای both ways):
        // measured 2026-12-06, MRR@10 0.7533 joined against 0.7539 as typed.
        let same = |a: f64, b: f64| (a - b).abs() < 0.001;
        assert!(
            same(scores.mrr_at_10, original.mrr_at_10)
                && same(scores.map, original.map)
                && same(scores.ndcg_at_10, original.ndcg_at_10)
                && same(scores.recall_at_1000, original.recall_at_1000),
            "{:?} scores {scores:?}, the original {original:?}",
            row.variant
        );
    }
    let baseline = evaluate(
        &dir,
        Settings::baseline(),
        &[Variant::Original, Variant::ArabicLetters],
    );
    println!(
        "kavosh {original:?}\ntantivy default {:?}",
        baseline[0].evaluation.scores
    );
    // The target of issue 3; measured 2026-11-24 (README): kavosh MRR@10 0.7522, tantivy's
    // default 0.671.
    assert!(original.mrr_at_10 >= 0.75, "{original:?}");
    assert!(original.mrr_at_10 > baseline[0].evaluation.scores.mrr_at_10 + 0.04);
    // The baseline loses when questions are typed with Arabic letters; kavosh does not.
    assert!(
        baseline[1].evaluation.scores.mrr_at_10 < baseline[0].evaluation.scores.mrr_at_10 - 0.05
    );
}

#[test]
#[ignore = "needs ../shared/data: cargo test --release -- --ignored"]
fn the_grams_of_the_hits_rank_questions_better() {
    let Some(dir) = parsinlu() else { return };
    let words_only = Ranking {
        grams: 0.0,
        ..Ranking::default()
    };
    let with_grams = evaluate(&dir, Settings::default(), &[Variant::Original])[0]
        .evaluation
        .scores;
    let words_only = evaluate_ranked(&dir, Settings::default(), &[Variant::Original], words_only)
        [0]
    .evaluation
    .scores;
    println!("grams {with_grams:?}\nwords {words_only:?}");
    // Measured 2026-11-24 (README): 0.7507 with the grams of the hits (the default),
    // 0.7365 without; 2026-12-06, with issue 21's analysis: 0.7535-0.7539 with, 0.7429-0.7435
    // without (indexing on several threads varies the last digits).
    assert!(
        with_grams.mrr_at_10 > words_only.mrr_at_10 + 0.007,
        "{with_grams:?} vs {words_only:?}"
    );
    assert!(with_grams.mrr_at_10 >= 0.75, "{with_grams:?}");
}

/// Topics n77–n112, written and pooled after kavosh's own rankings stopped shaping the
/// set (tests/eval/news/README.md).
fn second_topics(query: &NamedQuery) -> bool {
    query
        .qid
        .as_deref()
        .and_then(|qid| qid.strip_prefix('n')?.parse::<u32>().ok())
        .is_some_and(|number| number >= 77)
}

#[test]
#[ignore = "needs ../shared/data: cargo test --release -- --ignored"]
fn query_expansion_gains_on_the_second_news_topics_and_on_parsinlu() {
    let runs = [
        (Ranking::default(), default_options()),
        (Ranking::default(), expanded_options()),
    ];
    let Some(second) = evaluate_news(
        Settings::default(),
        &runs,
        &[Variant::Original],
        second_topics,
    ) else {
        return;
    };
    let first = evaluate_news(Settings::default(), &runs, &[Variant::Original], |query| {
        !second_topics(query)
    })
    .unwrap();
    let [plain, expanded] = [0, 1].map(|run| second[run].evaluation.scores);
    assert_eq!(second[0].evaluation.queries, 36);
    println!("n77–n112: {plain:?}\nexpanded {expanded:?}");
    // Measured 2026-12-06 (README: Evaluation): MAP 0.8424 without, 0.8531 with.
    assert!(
        expanded.map > plain.map + 0.005,
        "{expanded:?} vs {plain:?}"
    );
    // The first topics lose nothing measurable: 0.8460 without, 0.8459 with.
    let [plain, expanded] = [0, 1].map(|run| first[run].evaluation.scores);
    assert!(
        expanded.map > plain.map - 0.003,
        "{expanded:?} vs {plain:?}"
    );
    let Some(dir) = parsinlu() else { return };
    let questions = |options: &SearchOptions| {
        let index_dir = tempfile::tempdir().unwrap();
        index_with_library(&[dir.join("corpus.jsonl")], index_dir.path(), None);
        let queries = read_queries(&dir.join("queries.tsv")).unwrap();
        let qrels = read_qrels(&dir.join("qrels.trec")).unwrap();
        let index = KavoshIndex::open(index_dir.path()).unwrap();
        let rows = jobs::evaluate_index(
            index,
            "parsinlu",
            &queries,
            &qrels,
            &[Variant::Original],
            Ranking::default(),
            options,
        );
        rows.unwrap()[0].evaluation.scores
    };
    let (plain, expanded) = (
        questions(&default_options()),
        questions(&expanded_options()),
    );
    // Measured 2026-12-06: MRR@10 0.7536 without, 0.7566 with.
    assert!(
        expanded.mrr_at_10 >= plain.mrr_at_10,
        "{expanded:?} vs {plain:?}"
    );
}
