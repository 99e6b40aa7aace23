//! A joined word that reads two ways: a word in ه or ی with the indefinite ای
//! (محاصرهای = محاصره‌ای, "a siege"; زندگیای = زندگی‌ای) or another word with its own
//! ending (نامهای = نام‌های, "names"; دنیای = دنیا + ی). Where the typist wrote a ZWNJ or
//! a space, it says which (the analyzer keeps it: [`crate::segment::Joint`]); joined, the
//! evidence of `ai_words.tsv` does: the joined forms read as the word with ای (`ai`) or
//! both ways (`both`). Every other joined form is read by the stemmer (a plural in های).
//!
//! A `both` word gets both readings at its position (the other one stacked), in
//! documents and queries alike. A query typed joined cannot say which it means, so it
//! asks for either: a query layer offers the readings as alternatives
//! ([`spelled_readings`]: نامهای → نامه‌ای OR نام‌های), while a query typed with a ZWNJ
//! (نامه‌ای) asks for its own reading only.

use std::sync::LazyLock;

use rustc_hash::FxHashMap;

use crate::script::ZWNJ;
use crate::segment::{Segmenter, WordMarks};
use crate::stem::stem;
use crate::table_rows;

/// The table (see its header): joined form, reading, and the evidence.
pub const AI_WORDS: &str = include_str!("ai_words.tsv");

/// The ending the ambiguous joined forms share.
pub const AI_ENDING: &str = "ای";

/// A word is a word by the news alone when typed apart from its ending at least this
/// often (W‌ای, P‌های), and the news decides between two readings only on this many
/// typings of them in all; with fewer, both are kept. Stray typings make no word:
/// پرستاره‌ای (once) would take پرستارهای from پرستار, کاره‌ای (11) کارهای from کار.
///
/// Evidence: news MAP 0.8459 and ParsiNLU MRR@10 0.7537 / 0.7536 / 0.7536 at 10 / 20 /
/// 50 (share 0.1), against 0.8442 and 0.7512 before the table (README, One word, never
/// another): retrieval does not tell them apart, so the collisions decide.
pub const MIN_TYPED_APART: u64 = 20;

/// Both readings are kept when the less typed one has at least this share of the typings
/// apart: نامهای (نامه‌ای 344, نام‌های 65) reads both ways, روزهای (روزه‌ای 2,
/// روز‌های 154) as روز.
///
/// Evidence: news MAP 0.8459 at both 0.1 and 0.2, ParsiNLU MRR@10 0.7536 and 0.7533
/// (typed apart 20; README, One word, never another).
pub const MIN_MINOR_SHARE: f64 = 0.1;

/// How a listed joined form reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    /// The word with ای (محاصرهای → محاصره).
    Ai,
    /// Either that or the stemmer's reading (نامهای → نامه or نام).
    Both,
    /// The stemmer's reading, both being words but the news typing it apart far more
    /// often (روزهای → روز): listed for the record, read as unlisted forms are.
    Other,
}

impl Reading {
    /// The reading's name in the table.
    pub fn name(self) -> &'static str {
        match self {
            Reading::Ai => "ai",
            Reading::Both => "both",
            Reading::Other => "other",
        }
    }

    /// The reading named `name` in the table.
    pub fn parse(name: &str) -> Option<Reading> {
        match name {
            "ai" => Some(Reading::Ai),
            "both" => Some(Reading::Both),
            "other" => Some(Reading::Other),
            _ => None,
        }
    }
}

/// The other reading of a `both` word.
#[derive(Debug)]
pub struct BothReadings {
    /// The stemmer's reading's term (نام for نامهای, دنیا for دنیای).
    pub other: String,
}

/// Joined form → its reading (and, for `both`, the other reading's term).
static TABLE: LazyLock<FxHashMap<&'static str, (Reading, Option<BothReadings>)>> =
    LazyLock::new(|| {
        let mut joined = FxHashMap::default();
        for row in table_rows(AI_WORDS) {
            let (Some(&form), Some(reading)) = (
                row.first(),
                row.get(1).and_then(|name| Reading::parse(name)),
            ) else {
                continue;
            };
            let both = (reading == Reading::Both).then(|| BothReadings {
                other: stemmed(form),
            });
            joined.insert(form, (reading, both));
        }
        joined
    });

fn stemmed(word: &str) -> String {
    let mut word = word.to_string();
    stem(&mut word);
    word
}

/// How the folded joined `word` reads, if the table lists it.
pub fn joined_reading(word: &str) -> Option<(Reading, Option<&'static BothReadings>)> {
    let (reading, both) = TABLE.get(word)?;
    Some((*reading, both.as_ref()))
}

/// The most alternatives [`spelled_readings`] gives, so that a query of many ambiguous
/// words stays small: three such words in one phrase. No query of the news topics,
/// ParsiNLU or MIRACL (4,110 in all) has more than one.
pub const MAX_SPELLED_READINGS: usize = 8;

/// `text` (a query's word or phrase) typed each way it reads, if a word of it is a
/// `both` word typed joined: that word with a ZWNJ where each reading's ending begins
/// (نامهای → نامه‌ای, نام‌های; "نامهای رسمی" → "نامه‌ای رسمی", "نام‌های رسمی"). The
/// words are given folded, the rest as typed. At most [`MAX_SPELLED_READINGS`] texts;
/// words past that stay joined, with both readings stacked.
pub fn spelled_readings(text: &str) -> Option<Vec<String>> {
    let mut segmenter = Segmenter::new(text);
    let (mut word, mut marks) = (String::new(), WordMarks::default());
    let mut texts = vec![String::new()];
    let mut copied = 0;
    while let Some(span) = segmenter.next_word_with_marks(&mut word, Some(&mut marks)) {
        // A word typed with a ZWNJ says which reading it is.
        if !marks.joints.is_empty() {
            continue;
        }
        let Some([ai, other]) = typed_apart(&word) else {
            continue;
        };
        if texts.len() * 2 > MAX_SPELLED_READINGS {
            break;
        }
        let before = &text[copied..span.start];
        texts = texts
            .into_iter()
            .flat_map(|typed| {
                [
                    format!("{typed}{before}{ai}"),
                    format!("{typed}{before}{other}"),
                ]
            })
            .collect();
        copied = span.end;
    }
    if texts.len() == 1 {
        return None;
    }
    for typed in &mut texts {
        typed.push_str(&text[copied..]);
    }
    Some(texts)
}

/// A folded `both` word typed with a ZWNJ before each reading's ending: the ای of the
/// word in ه or ی, and the plural های (for ه) or the ezafe ی (for ی).
fn typed_apart(word: &str) -> Option<[String; 2]> {
    let (Reading::Both, _) = joined_reading(word)? else {
        return None;
    };
    let ai = word.len() - AI_ENDING.len();
    let other = if word[..ai].ends_with('ه') {
        ai - 'ه'.len_utf8()
    } else {
        word.len() - 'ی'.len_utf8()
    };
    let with_zwnj = |at: usize| format!("{}{ZWNJ}{}", &word[..at], &word[at..]);
    Some([with_zwnj(ai), with_zwnj(other)])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_reads_the_users_article_and_keeps_real_plurals() {
        assert_eq!(joined_reading("محاصرهای").map(|r| r.0), Some(Reading::Ai));
        assert_eq!(joined_reading("هستهای").map(|r| r.0), Some(Reading::Ai));
        assert_eq!(joined_reading("خامنهای").map(|r| r.0), Some(Reading::Ai));
        assert_eq!(joined_reading("زندگیای").map(|r| r.0), Some(Reading::Ai));
        assert_eq!(joined_reading("نامهای").map(|r| r.0), Some(Reading::Both));
        assert!(joined_reading("کشورهای").is_none());
        assert!(joined_reading("کتابهای").is_none());
    }

    #[test]
    fn a_word_that_reads_both_ways_is_spelled_each_way() {
        let (_, both) = joined_reading("نامهای").unwrap();
        assert_eq!(both.unwrap().other, "نام");
        assert_eq!(
            spelled_readings("نامهای").unwrap(),
            ["نامه\u{200C}ای", "نام\u{200C}های"]
        );
        assert_eq!(
            spelled_readings("«نامهای» رسمي").unwrap(),
            ["«نامه\u{200C}ای» رسمي", "«نام\u{200C}های» رسمي"]
        );
        // سی‌ای ("some thirty") or سیا‌ی (the CIA's).
        assert_eq!(
            spelled_readings("سیای").unwrap(),
            ["سی\u{200C}ای", "سیا\u{200C}ی"]
        );
        // دنیا is typed 1,183 times in the news, دنی‌ای never: دنیای reads one way.
        assert_eq!(spelled_readings("دنیای"), None);
        assert_eq!(spelled_readings("نامه‌ای کتابها"), None);
        assert_eq!(
            spelled_readings("نامهای نامهای نامهای نامهای")
                .unwrap()
                .len(),
            8
        );
    }

    #[test]
    fn every_row_has_a_known_reading() {
        for row in table_rows(AI_WORDS) {
            assert_eq!(row.len(), 7, "{row:?}");
            assert!(row[0].ends_with(AI_ENDING), "{row:?}");
            assert!(Reading::parse(row[1]).is_some(), "{row:?}");
        }
    }
}
