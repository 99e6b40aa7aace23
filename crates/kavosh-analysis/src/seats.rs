//! Seats of hamza, decided word by word: folding writes every seat as its bare letter
//! (ئ → ی, ؤ → و, أ → ا), which makes one word of رئیس and رییس but also of رئال (Real
//! Madrid) and ریال (the rial), and leaves a word spelled with two seats as two
//! (مسئول → مسیول, مسؤول → مسوول); so does آ → ا (آجر, a brick, and اجر, a reward).
//! `hamza_words.tsv` judges the pairs (see its header): `two` keeps a ئ- or آ-word apart
//! from its bare spelling, `one` makes the terms of two seats one.

use std::sync::LazyLock;

use rustc_hash::FxHashMap;

use crate::segment::{Segmenter, WordMarks, SEATS};
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
    /// Bare term (ریال) → its spellings kept with their seat (رئال), apart from it.
    kept: FxHashMap<String, Vec<String>>,
    /// Term of one seat → the term of the other it is one word with (مسوول → مسیول).
    merged: FxHashMap<String, String>,
}

static TABLE: LazyLock<Table> = LazyLock::new(|| {
    let mut table = Table {
        kept: FxHashMap::default(),
        merged: FxHashMap::default(),
    };
    for row in table_rows(HAMZA_WORDS) {
        let [spelling, other, verdict, ..] = row[..] else {
            continue;
        };
        let (term, marks) = term_of(spelling);
        let (other_term, _) = term_of(other);
        match Verdict::parse(verdict) {
            Some(Verdict::Two) if !marks.seats.is_empty() && term == other_term => {
                let spelled = with_seats(&term, &marks.seats);
                table.kept.entry(term).or_default().push(spelled);
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

/// `term` with the letter at each of `offsets` written as its seat again (ی as ئ, ا as
/// آ), where it is still that letter.
fn with_seats(term: &str, offsets: &[usize]) -> String {
    let mut spelled = term.to_string();
    for &at in offsets {
        let letter = spelled.get(at..).and_then(|rest| rest.chars().next());
        if let Some(&(seat, bare, _)) = SEATS.iter().find(|seat| Some(seat.1) == letter) {
            spelled.replace_range(at..at + bare.len_utf8(), seat.encode_utf8(&mut [0; 4]));
        }
    }
    spelled
}

/// Settles the seats of a stemmed `term`, whose letters at `seats` (byte offsets) were
/// written ئ or آ: kept apart if the table says the seat makes another word, else made
/// one with the spellings judged one word.
pub fn settle(term: &mut String, seats: &[usize]) {
    let table = &*TABLE;
    // Only a term with a kept spelling is spelled again (ریال, not every word with آ).
    if let Some(kept) = table.kept.get(term.as_str()).filter(|_| !seats.is_empty()) {
        let spelled = with_seats(term, seats);
        if kept.contains(&spelled) {
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
        settle(&mut term, &marks.seats);
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
    fn a_madda_tells_words_apart_where_judged_so() {
        assert_ne!(settled("آجر"), settled("اجر"));
        assert_ne!(settled("آستان"), settled("استان"));
        assert_eq!(
            settled("آستان"),
            settled("\u{FE81}ستان"),
            "ﺁ in presentation form"
        );
        assert_eq!(settled("آمریکا"), settled("امریکا"));
        assert_eq!(settled("آمریکایی"), settled("امریکایی"));
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
