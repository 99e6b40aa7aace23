//! A joined word that reads two ways: …ه + ای (محاصرهای = محاصره‌ای, "a siege") or a
//! plural in های (نامهای = نام‌های, "names"). Where the typist wrote a ZWNJ or a space,
//! it says which (the analyzer keeps it: [`crate::segment::Joint`]); joined, the evidence
//! of `heh_words.tsv` does: the joined forms read as ه + ای (`heh`) or both ways (`both`).
//! Every other joined …های is a plural, as the stemmer reads it.
//!
//! A `both` word is indexed with both readings at its position, and with an *either*
//! term that every word of either reading carries too, so that a query typed joined
//! (which cannot say which it means) finds both, while a query typed with a ZWNJ
//! (نامه‌ای) asks for its own reading only.

use std::sync::LazyLock;

use rustc_hash::FxHashMap;

use crate::stem::stem;
use crate::stopwords::is_stopword;

/// The table (see its header): joined form, reading, and the evidence.
pub const HEH_WORDS: &str = include_str!("heh_words.tsv");

/// The ending the ambiguous joined forms share.
pub const HEH_ENDING: &str = "ای";

/// Both readings are kept when the less typed one has at least this many typings in the
/// news set where the typist said which (H‌ای or H ای, P‌های or P های)...
///
/// Evidence: on the news set, the readings of نامهای (نامه‌ای 350, نام‌های 74),
/// حرفهای (449, 206) and زمینهای (97, 100) are both real, while سفرهای (سفره‌ای 5,
/// سفرهای 19) and دستهای (14, 152) are nearly always one; news MAP and ParsiNLU
/// MRR@10 with this table are in the README (One word, never another).
pub const MIN_MINOR_READING_COUNT: u64 = 20;

/// ... and at least this share of them (سالهای: ساله‌ای 14 of 1,059 typings, a plural).
pub const MIN_MINOR_READING_SHARE: f64 = 0.1;

/// How a listed joined form reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    /// The word in ه with ای (محاصرهای → محاصره).
    Heh,
    /// Either that or the plural (نامهای → نامه or نام).
    Both,
}

impl Reading {
    /// The reading's name in the table.
    pub fn name(self) -> &'static str {
        match self {
            Reading::Heh => "heh",
            Reading::Both => "both",
        }
    }

    /// The reading named `name` in the table.
    pub fn parse(name: &str) -> Option<Reading> {
        match name {
            "heh" => Some(Reading::Heh),
            "both" => Some(Reading::Both),
            _ => None,
        }
    }
}

/// The terms of a `both` word's readings.
#[derive(Debug)]
pub struct BothReadings {
    /// The plural reading's term, unless it is a stopword (این for اینهای).
    pub plural: Option<String>,
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
    for line in HEH_WORDS.lines().filter(|line| !line.starts_with('#')) {
        let mut columns = line.split('\t');
        let (Some(form), Some(reading)) = (columns.next(), columns.next().and_then(Reading::parse))
        else {
            continue;
        };
        let both = (reading == Reading::Both).then(|| {
            let heh = stemmed(&form[..form.len() - HEH_ENDING.len()]);
            let plural = stemmed(form);
            let either = format!("{heh}|{plural}");
            for term in [&heh, &plural] {
                if !is_stopword(term) {
                    either_of
                        .entry(term.clone())
                        .or_default()
                        .push(either.clone());
                }
            }
            BothReadings {
                plural: (!is_stopword(&plural)).then_some(plural),
                either,
            }
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
        assert_eq!(joined_reading("محاصرهای").map(|r| r.0), Some(Reading::Heh));
        assert_eq!(joined_reading("هستهای").map(|r| r.0), Some(Reading::Heh));
        assert_eq!(joined_reading("خامنهای").map(|r| r.0), Some(Reading::Heh));
        assert_eq!(joined_reading("نامهای").map(|r| r.0), Some(Reading::Both));
        assert!(joined_reading("کشورهای").is_none());
        assert!(joined_reading("سالهای").is_none());
    }

    #[test]
    fn either_reading_carries_the_either_term() {
        let (_, both) = joined_reading("نامهای").unwrap();
        let both = both.unwrap();
        assert_eq!(both.plural.as_deref(), Some("نام"));
        assert_eq!(either_terms("نام"), std::slice::from_ref(&both.either));
        assert_eq!(either_terms("نامه"), std::slice::from_ref(&both.either));
        assert!(either_terms("کتاب").is_empty());
    }

    #[test]
    fn every_row_has_a_known_reading() {
        for line in HEH_WORDS.lines().filter(|line| !line.starts_with('#')) {
            let columns: Vec<&str> = line.split('\t').collect();
            assert_eq!(columns.len(), 7, "{line}");
            assert!(columns[0].ends_with(HEH_ENDING), "{line}");
            assert!(Reading::parse(columns[1]).is_some(), "{line}");
        }
    }
}
