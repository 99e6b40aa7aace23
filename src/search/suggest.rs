//! Spelling help from the index's own vocabulary: the terms nearest to a word that
//! matches nothing, for typo tolerance and "did you mean".

use tantivy::query::FuzzyTermQuery;
use tantivy::schema::Field;
use tantivy::{Searcher, Term};

use crate::error::Result;
use crate::index::live::live_in_segment;

/// A term of the vocabulary near another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Near {
    pub term: String,
    /// Edits away.
    pub distance: usize,
    /// Live articles that have it.
    pub articles: u64,
}

/// Terms of `field` within `max_distance` edits of `term` that share its first letter
/// (typos rarely hit the first letter), nearest and then most frequent first. A
/// Levenshtein automaton walks the term dictionary, so only near terms are visited.
pub fn nearest_terms(
    searcher: &Searcher,
    field: Field,
    term: &str,
    max_distance: usize,
) -> Result<Vec<Near>> {
    let Some(first) = term.chars().next() else {
        return Ok(Vec::new());
    };
    // The slice of the vocabulary that starts with the same letter.
    let lower = first.to_string();
    let upper = char::from_u32(first as u32 + 1).map(|c| c.to_string());
    let distance = u8::try_from(max_distance).unwrap_or(u8::MAX);
    let fuzzy = FuzzyTermQuery::new(Term::from_field_text(field, term), distance, true);
    let target: Vec<char> = term.chars().collect();
    let mut found: std::collections::HashMap<String, (usize, u64)> =
        std::collections::HashMap::new();
    for segment in searcher.segment_readers() {
        let inverted = segment.inverted_index(field)?;
        let mut terms = inverted
            .terms()
            .search(fuzzy.automaton()?)
            .ge(lower.as_bytes());
        if let Some(upper) = &upper {
            terms = terms.lt(upper.as_bytes());
        }
        let mut stream = terms.into_stream().map_err(tantivy::TantivyError::from)?;
        while stream.advance() {
            let Ok(candidate) = std::str::from_utf8(stream.key()) else {
                continue;
            };
            let candidate_chars: Vec<char> = candidate.chars().collect();
            if candidate_chars.len().abs_diff(target.len()) > max_distance {
                continue;
            }
            if let Some(distance) = bounded_distance(&target, &candidate_chars, max_distance) {
                let live = live_in_segment(segment, field, stream.value(), u64::MAX)?;
                let entry = found.entry(candidate.to_string()).or_insert((distance, 0));
                entry.1 += live;
            }
        }
    }
    let mut nearest: Vec<Near> = found
        .into_iter()
        .filter(|(candidate, (_, live))| candidate != term && *live > 0)
        .map(|(term, (distance, articles))| Near {
            term,
            distance,
            articles,
        })
        .collect();
    nearest_first(&mut nearest);
    Ok(nearest)
}

/// Orders terms near a word nearest first, then most frequent, then by their letters.
pub fn nearest_first(nearest: &mut [Near]) {
    nearest.sort_by(|a, b| {
        a.distance
            .cmp(&b.distance)
            .then(b.articles.cmp(&a.articles))
            .then(a.term.cmp(&b.term))
    });
}

/// Whether `candidate` is `typed` with one long vowel (ا, و, ی) put back inside it, not
/// first or last: the letter a typist most often drops (کرنا for کرونا), where a letter
/// more at an end makes another word (صندل, صندلی).
pub fn lacks_a_long_vowel(typed: &str, candidate: &str) -> bool {
    let typed: Vec<char> = typed.chars().collect();
    let candidate: Vec<char> = candidate.chars().collect();
    candidate.len() == typed.len() + 1
        && (1..candidate.len().saturating_sub(1)).any(|at| {
            matches!(candidate[at], 'ا' | 'و' | 'ی')
                && candidate[..at] == typed[..at]
                && candidate[at + 1..] == typed[at..]
        })
}

/// The Damerau-Levenshtein distance (adjacent swaps count one) of `a` and `b`, if it is
/// at most `max`.
pub(crate) fn bounded_distance(a: &[char], b: &[char], max: usize) -> Option<usize> {
    let width = b.len() + 1;
    let mut rows = vec![vec![0usize; width]; a.len() + 1];
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        rows[i][0] = i;
        let mut row_min = rows[i][0];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (rows[i - 1][j] + 1)
                .min(rows[i][j - 1] + 1)
                .min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = best;
            row_min = row_min.min(best);
        }
        if row_min > max {
            return None;
        }
    }
    let distance = rows[a.len()][b.len()];
    (distance <= max).then_some(distance)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn distance(a: &str, b: &str, max: usize) -> Option<usize> {
        let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
        bounded_distance(&a, &b, max)
    }

    #[test]
    fn a_long_vowel_dropped_inside_a_word() {
        assert!(lacks_a_long_vowel("کرنا", "کرونا"));
        assert!(lacks_a_long_vowel("نزدک", "نزدیک"));
        assert!(lacks_a_long_vowel("فعلیت", "فعالیت"));
        // The typed word the longer, another letter, a letter at an end, two letters: no.
        assert!(!lacks_a_long_vowel("کمیک", "کمک") && !lacks_a_long_vowel("واکس", "واکسن"));
        assert!(!lacks_a_long_vowel("صندل", "صندلی"));
        assert!(!lacks_a_long_vowel("کرن", "کرونا"));
    }

    #[test]
    fn one_letter_typos_are_one_edit() {
        assert_eq!(distance("سوریه", "سوریه", 2), Some(0));
        assert_eq!(distance("سوریخ", "سوریه", 2), Some(1));
        assert_eq!(distance("سوریه", "سوره", 2), Some(1));
        assert_eq!(distance("سویره", "سوریه", 2), Some(1), "a swap is one edit");
        assert_eq!(distance("کمربند", "کربند", 2), Some(1));
        assert_eq!(distance("کمربند", "چین", 2), None);
    }
}
