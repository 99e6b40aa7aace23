//! Retrieval metrics, with the standard (trec_eval) definitions, over binary or graded
//! relevance.

use std::collections::HashMap;

/// Relevance judgements: query id → document id → grade (> 0 is relevant).
pub type Qrels = HashMap<String, HashMap<String, u32>>;

/// Scores of one query, or the mean over many.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Scores {
    pub map: f64,
    pub precision_at_10: f64,
    pub ndcg_at_10: f64,
    pub mrr_at_10: f64,
    pub recall_at_1000: f64,
}

/// Scores one ranked list (document ids, best first) against its judgements. `None`
/// when the query has no relevant document (trec_eval skips such queries).
pub fn score_query(ranking: &[String], judged: &HashMap<String, u32>) -> Option<Scores> {
    let relevant = judged.values().filter(|&&grade| grade > 0).count();
    if relevant == 0 {
        return None;
    }
    let grade = |doc: &String| judged.get(doc).copied().unwrap_or(0);
    let mut found = 0usize;
    let mut precision_sum = 0.0;
    let mut first_relevant_rank = None;
    for (index, doc) in ranking.iter().take(1000).enumerate() {
        if grade(doc) > 0 {
            found += 1;
            precision_sum += found as f64 / (index + 1) as f64;
            first_relevant_rank.get_or_insert(index + 1);
        }
    }
    let top10_relevant = ranking.iter().take(10).filter(|doc| grade(doc) > 0).count();
    let dcg = |grades: &mut dyn Iterator<Item = u32>| -> f64 {
        grades
            .take(10)
            .enumerate()
            .map(|(index, grade)| grade as f64 / ((index + 2) as f64).log2())
            .sum()
    };
    let mut ideal: Vec<u32> = judged.values().copied().filter(|&g| g > 0).collect();
    ideal.sort_unstable_by(|a, b| b.cmp(a));
    let ideal_dcg = dcg(&mut ideal.into_iter());
    Some(Scores {
        map: precision_sum / relevant as f64,
        precision_at_10: top10_relevant as f64 / 10.0,
        ndcg_at_10: dcg(&mut ranking.iter().map(grade)) / ideal_dcg,
        mrr_at_10: first_relevant_rank
            .filter(|&rank| rank <= 10)
            .map_or(0.0, |rank| 1.0 / rank as f64),
        recall_at_1000: found as f64 / relevant as f64,
    })
}

/// The mean of each metric over queries.
pub fn mean(all: &[Scores]) -> Scores {
    if all.is_empty() {
        return Scores::default();
    }
    let n = all.len() as f64;
    let sum = |metric: fn(&Scores) -> f64| all.iter().map(metric).sum::<f64>() / n;
    Scores {
        map: sum(|s| s.map),
        precision_at_10: sum(|s| s.precision_at_10),
        ndcg_at_10: sum(|s| s.ndcg_at_10),
        mrr_at_10: sum(|s| s.mrr_at_10),
        recall_at_1000: sum(|s| s.recall_at_1000),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    fn judged(pairs: &[(&str, u32)]) -> HashMap<String, u32> {
        pairs
            .iter()
            .map(|(doc, grade)| (doc.to_string(), *grade))
            .collect()
    }

    /// Worked by hand: relevant {a, c, e}; ranking d a b c f (e not retrieved).
    /// AP = (1/2 + 2/4) / 3 = 1/3; P@10 = 2/10; RR = 1/2; R = 2/3;
    /// DCG = 1/log2(3) + 1/log2(5) = 0.63093 + 0.43068 = 1.06161;
    /// IDCG = 1 + 1/log2(3) + 1/log2(4) = 1 + 0.63093 + 0.5 = 2.13093; nDCG = 0.49819.
    #[test]
    fn metrics_match_a_hand_computed_case() {
        let scores = score_query(
            &ids(&["d", "a", "b", "c", "f"]),
            &judged(&[("a", 1), ("c", 1), ("e", 1), ("b", 0)]),
        )
        .unwrap();
        assert!((scores.map - 1.0 / 3.0).abs() < 1e-9, "{scores:?}");
        assert!((scores.precision_at_10 - 0.2).abs() < 1e-9);
        assert!((scores.mrr_at_10 - 0.5).abs() < 1e-9);
        assert!((scores.recall_at_1000 - 2.0 / 3.0).abs() < 1e-9);
        assert!(
            (scores.ndcg_at_10 - 0.49819).abs() < 1e-5,
            "{}",
            scores.ndcg_at_10
        );
    }

    #[test]
    fn a_relevant_document_below_rank_10_counts_for_map_and_recall_only() {
        let mut ranking: Vec<String> = (0..20).map(|i| format!("x{i}")).collect();
        ranking[11] = "hit".into();
        let scores = score_query(&ranking, &judged(&[("hit", 1)])).unwrap();
        assert_eq!(scores.mrr_at_10, 0.0);
        assert_eq!(scores.ndcg_at_10, 0.0);
        assert!((scores.map - 1.0 / 12.0).abs() < 1e-9);
        assert_eq!(scores.recall_at_1000, 1.0);
    }

    #[test]
    fn queries_without_relevant_documents_are_skipped_and_means_average() {
        assert_eq!(score_query(&ids(&["a"]), &judged(&[("a", 0)])), None);
        let one = score_query(&ids(&["a"]), &judged(&[("a", 1)])).unwrap();
        let none = score_query(&ids(&["b"]), &judged(&[("a", 1)])).unwrap();
        assert_eq!(mean(&[one, none]).mrr_at_10, 0.5);
    }
}
