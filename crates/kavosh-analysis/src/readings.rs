//! A joined word that reads two ways: a word in ه or ی with the indefinite ای
//! (محاصرهای = محاصره‌ای, "a siege"; همکاریای = همکاری‌ای) or another word with its own
//! ending (نامهای = نام‌های, "names"; دریای = دریا + ی). Where the typist wrote a ZWNJ or
//! a space, it says which (the analyzer keeps it: [`crate::segment::Joint`]); joined, the
//! evidence of `ai_words.tsv` does: the joined forms read as the word with ای (`ai`) or
//! both ways (`both`). Every other joined form is read by the stemmer (a plural in های).
//!
//! A `both` word is indexed with both readings at its position, and with an *either*
//! term that every word of either reading carries too, so that a query typed joined
//! (which cannot say which it means) finds both, while a query typed with a ZWNJ
//! (نامه‌ای) asks for its own reading only.

use std::sync::LazyLock;

use rustc_hash::FxHashMap;

use crate::stem::stem;

/// The table (see its header): joined form, reading, and the evidence.
pub const AI_WORDS: &str = include_str!("ai_words.tsv");

/// The ending the ambiguous joined forms share.
pub const AI_ENDING: &str = "ای";

/// Joins the two readings in an either term (نامه|نام); no folded word holds it.
pub const EITHER_SEPARATOR: char = '|';

/// The two readings' terms of an either term, or `None` for any other term.
///
/// ```
/// use kavosh_analysis::readings::either_readings;
///
/// assert_eq!(either_readings("نامه|نام"), Some(("نامه", "نام")));
/// assert_eq!(either_readings("نامه"), None);
/// ```
pub fn either_readings(term: &str) -> Option<(&str, &str)> {
    term.split_once(EITHER_SEPARATOR)
}

/// How a listed joined form reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    /// The word with ای (محاصرهای → محاصره).
    Ai,
    /// Either that or the stemmer's reading (نامهای → نامه or نام).
    Both,
}

impl Reading {
    /// The reading's name in the table.
    pub fn name(self) -> &'static str {
        match self {
            Reading::Ai => "ai",
            Reading::Both => "both",
        }
    }

    /// The reading named `name` in the table.
    pub fn parse(name: &str) -> Option<Reading> {
        match name {
            "ai" => Some(Reading::Ai),
            "both" => Some(Reading::Both),
            _ => None,
        }
    }
}

/// The terms of a `both` word's readings.
#[derive(Debug)]
pub struct BothReadings {
    /// The stemmer's reading's term (نام for نامهای, دریا for دریای).
    pub other: String,
    /// The term a joined query asks for, carried by every word of either reading.
    pub either: String,
}

struct Table {
    /// Joined form → its reading (and, for `both`, the readings' terms).
    joined: FxHashMap<&'static str, (Reading, Option<BothReadings>)>,
    /// Term of either reading of a `both` word → the either terms it carries.
    either_of: FxHashMap<String, Vec<String>>,
}

static TABLE: LazyLock<Table> = LazyLock::new(|| {
    let mut joined = FxHashMap::default();
    let mut either_of: FxHashMap<String, Vec<String>> = FxHashMap::default();
    for line in AI_WORDS.lines().filter(|line| !line.starts_with('#')) {
        let mut columns = line.split('\t');
        let (Some(form), Some(reading)) = (columns.next(), columns.next().and_then(Reading::parse))
        else {
            continue;
        };
        let both = (reading == Reading::Both).then(|| {
            let ai = stemmed(&form[..form.len() - AI_ENDING.len()]);
            let other = stemmed(form);
            let either = format!("{ai}{EITHER_SEPARATOR}{other}");
            for term in [&ai, &other] {
                either_of
                    .entry(term.clone())
                    .or_default()
                    .push(either.clone());
            }
            BothReadings { other, either }
        });
        joined.insert(form, (reading, both));
    }
    Table { joined, either_of }
});

fn stemmed(word: &str) -> String {
    let mut word = word.to_string();
    stem(&mut word);
    word
}

/// How the folded joined `word` reads, if the table lists it.
pub fn joined_reading(word: &str) -> Option<(Reading, Option<&'static BothReadings>)> {
    let (reading, both) = TABLE.joined.get(word)?;
    Some((*reading, both.as_ref()))
}

/// The either terms a document's `term` carries (empty for all but the readings of the
/// `both` words).
pub fn either_terms(term: &str) -> &'static [String] {
    TABLE.either_of.get(term).map_or(&[], Vec::as_slice)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_reads_the_users_article_and_keeps_real_plurals() {
        assert_eq!(joined_reading("محاصرهای").map(|r| r.0), Some(Reading::Ai));
        assert_eq!(joined_reading("هستهای").map(|r| r.0), Some(Reading::Ai));
        assert_eq!(joined_reading("خامنهای").map(|r| r.0), Some(Reading::Ai));
        assert_eq!(joined_reading("همکاریای").map(|r| r.0), Some(Reading::Ai));
        assert_eq!(joined_reading("نامهای").map(|r| r.0), Some(Reading::Both));
        assert!(joined_reading("کشورهای").is_none());
        assert!(joined_reading("کتابهای").is_none());
    }

    #[test]
    fn either_reading_carries_the_either_term() {
        let (_, both) = joined_reading("نامهای").unwrap();
        let both = both.unwrap();
        assert_eq!(both.other, "نام");
        assert_eq!(either_terms("نام"), std::slice::from_ref(&both.either));
        assert_eq!(either_terms("نامه"), std::slice::from_ref(&both.either));
        assert!(either_terms("کتاب").is_empty());
    }

    #[test]
    fn every_row_has_a_known_reading() {
        for line in AI_WORDS.lines().filter(|line| !line.starts_with('#')) {
            let columns: Vec<&str> = line.split('\t').collect();
            assert_eq!(columns.len(), 7, "{line}");
            assert!(columns[0].ends_with(AI_ENDING), "{line}");
            assert!(Reading::parse(columns[1]).is_some(), "{line}");
        }
    }
}
