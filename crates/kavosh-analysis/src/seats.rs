//! Seats of hamza, decided word by word: folding writes every seat as its bare letter
//! (ئ → ی, ؤ → و, أ → ا), which makes one word of رئیس and رییس but also of رئال (Real
//! Madrid) and ریال (the rial), and leaves a word spelled with two seats as two
//! (مسئول → مسیول, مسؤول → مسوول). `hamza_words.tsv` judges the pairs the news set types
//! both ways (see its header): `two` keeps a ئ-word apart from its ی-spelling, `one`
//! makes the terms of two seats one.

use std::sync::LazyLock;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::segment::{Segmenter, WordMarks};
use crate::stem::stem;
use crate::table_rows;

/// The judged pairs: spelling, other spelling, verdict, and the evidence.
pub const HAMZA_WORDS: &str = include_str!("hamza_words.tsv");

/// A judged pair's verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Two spellings of one word.
    One,
    /// Two words.
    Two,
}

impl Verdict {
    /// The verdict named `name` in the table.
    pub fn parse(name: &str) -> Option<Verdict> {
        match name {
            "one" => Some(Verdict::One),
            "two" => Some(Verdict::Two),
            _ => None,
        }
    }
}

struct Table {
    /// Terms kept with their ئ (رئال), apart from their ی-spelling.
    kept: FxHashSet<String>,
    /// Term of one seat → the term of the other it is one word with (مسوول → مسیول).
    merged: FxHashMap<String, String>,
}

static TABLE: LazyLock<Table> = LazyLock::new(|| {
    let mut table = Table {
        kept: FxHashSet::default(),
        merged: FxHashMap::default(),
    };
    for row in table_rows(HAMZA_WORDS) {
        let [spelling, other, verdict, ..] = row[..] else {
            continue;
        };
        let (term, marks) = term_of(spelling);
        let (other_term, _) = term_of(other);
        match Verdict::parse(verdict) {
            Some(Verdict::Two) if !marks.hamza_yeh.is_empty() && term == other_term => {
                table.kept.insert(with_hamza_yeh(&term, &marks.hamza_yeh));
            }
            Some(Verdict::One) if term != other_term => {
                table.merged.insert(other_term, term);
            }
            _ => {}
        }
    }
    table
});

/// The folded, stemmed term of one word, and its marks.
fn term_of(word: &str) -> (String, WordMarks) {
    let (mut term, mut marks) = (String::new(), WordMarks::default());
    Segmenter::new(word).next_word_with_marks(&mut term, Some(&mut marks));
    stem(&mut term);
    (term, marks)
}

/// `term` with the ی at each of `offsets` written ئ again, where it is still a ی.
fn with_hamza_yeh(term: &str, offsets: &[usize]) -> String {
    let mut spelled = term.to_string();
    for &at in offsets {
        if spelled.get(at..at + 'ی'.len_utf8()) == Some("ی") {
            spelled.replace_range(at..at + 'ی'.len_utf8(), "ئ");
        }
    }
    spelled
}

/// Settles the seats of a stemmed `term`, whose ی at `hamza_yeh` (byte offsets) were
/// written ئ: kept apart if the table says the ئ makes another word, else made one with
/// the spellings judged one word.
pub fn settle(term: &mut String, hamza_yeh: &[usize]) {
    let table = &*TABLE;
    if !hamza_yeh.is_empty() {
        let spelled = with_hamza_yeh(term, hamza_yeh);
        if table.kept.contains(&spelled) {
            *term = spelled;
            return;
        }
    }
    if let Some(one) = table.merged.get(term.as_str()) {
        term.clone_from(one);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settled(word: &str) -> String {
        let (mut term, marks) = term_of(word);
        settle(&mut term, &marks.hamza_yeh);
        term
    }

    #[test]
    fn real_madrid_is_not_the_rial() {
        assert_ne!(settled("رئال"), settled("ریال"));
        assert_eq!(settled("رئالی"), settled("رئال"));
        assert_eq!(settled("ریالی"), settled("ریال"));
    }

    #[test]
    fn a_word_with_two_seats_is_one_word() {
        assert_eq!(settled("مسئول"), settled("مسؤول"));
        assert_eq!(settled("مسئول"), settled("مسوول"));
        assert_eq!(settled("مسئولیت"), settled("مسؤولیت"));
        assert_eq!(settled("هیئت"), settled("هیأت"));
        assert_eq!(settled("هیئت"), settled("هیات"));
        assert_eq!(settled("مسئله"), settled("مسأله"));
        assert_eq!(settled("جرئت"), settled("جرأت"));
        assert_eq!(settled("رئیس"), settled("رییس"));
    }

    #[test]
    fn a_hamza_seat_in_any_encoding_is_kept_apart() {
        // ﺭﺋﺎﻝ in presentation forms, ریٔال with a combining hamza above.
        for spelled in ["\u{FEAD}\u{FE8B}\u{FE8E}\u{FEDD}", "ری\u{0654}ال"] {
            assert_eq!(settled(spelled), settled("رئال"), "{spelled}");
        }
    }

    #[test]
    fn different_words_stay_apart() {
        assert_ne!(settled("ائتلاف"), settled("اتلاف"));
        assert_ne!(settled("مؤمن"), settled("مأمن"));
        assert_ne!(settled("رأسا"), settled("رؤسا"));
    }

    #[test]
    fn every_row_has_a_verdict() {
        for row in table_rows(HAMZA_WORDS) {
            assert_eq!(row.len(), 5, "{row:?}");
            assert!(Verdict::parse(row[2]).is_some(), "{row:?}");
        }
    }
}
