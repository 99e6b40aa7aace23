//! The analysis crate's evidence tables, generated from ../shared/data and checked
//! against it: `ai_words.tsv` (a joined …های read as ه + ای, or both ways) and the
//! candidate pairs of `hamza_words.tsv` (spellings of hamza judged one word or two).
//!
//! `KAVOSH_WRITE_TABLES=1 cargo test --release --test analysis_tables -- --ignored`
//! writes `ai_words.tsv` anew and prints the hamza candidates; without it the test fails
//! if the committed tables differ from what the data says. Skips (with a message) when
//! ../shared/data is absent.

mod common;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use kavosh::analysis::readings::{Reading, MIN_MINOR_SHARE, MIN_TYPED_APART};
use kavosh::analysis::seats::{Verdict, HAMZA_WORDS};
use kavosh::analysis::segment::{Segmenter, WordMarks};
use kavosh::analysis::stopwords::is_stopword;
use kavosh::analysis::table_rows;

const NEWS: [&str; 3] = [
    "news/ir_news_2020.jsonl",
    "news/fars_varzesh3.jsonl",
    "news/rss_2020.jsonl",
];

/// The titles and bodies of the news set.
fn news_texts() -> Option<Vec<String>> {
    let mut texts = Vec::new();
    for file in NEWS {
        let content = std::fs::read_to_string(common::shared_data(file)?).unwrap();
        for line in content.lines() {
            let record: serde_json::Value = serde_json::from_str(line).unwrap();
            for field in ["title", "text"] {
                if let Some(text) = record[field].as_str() {
                    texts.push(text.to_string());
                }
            }
        }
    }
    Some(texts)
}

/// A lexicon word counts as a word people write from this frequency in hazm's corpus:
/// the 18,833 lemmas `tests/stemmer_damage.rs` and `tests/collisions.rs` measure. Below
/// it hazm lists fragments and misspellings as nouns (اباحه, ارشه: frequency 0), and a
/// joined …های would be read as them.
const MIN_LEXICON_FREQUENCY: u64 = 1000;

/// hazm's words of [`MIN_LEXICON_FREQUENCY`] or more, folded: its nouns and
/// adjectives, and every word it writes joined (no ZWNJ).
struct Lexicon {
    nouns: HashSet<String>,
    joined: HashSet<String>,
    /// The nouns and adjectives as hazm spells them.
    spelled_nouns: HashSet<String>,
}

fn load_lexicon() -> Option<Lexicon> {
    let mut lexicon = Lexicon {
        nouns: HashSet::new(),
        joined: HashSet::new(),
        spelled_nouns: HashSet::new(),
    };
    for entry in common::hazm_lexicon()? {
        if entry.frequency < MIN_LEXICON_FREQUENCY {
            continue;
        }
        if entry.has("N") || entry.has("AJ") {
            lexicon.nouns.insert(folded(&entry.word));
            lexicon.spelled_nouns.insert(entry.word.clone());
        }
        if !entry.word.contains('\u{200C}') {
            lexicon.joined.insert(folded(&entry.word));
        }
    }
    Some(lexicon)
}

/// `word` folded as the analyzer folds it, without its ZWNJs.
fn folded(word: &str) -> String {
    let mut segmenter = Segmenter::new(word);
    let (mut all, mut one) = (String::new(), String::new());
    while segmenter.next_word(&mut one).is_some() {
        all.push_str(&one);
    }
    all
}

/// How the news set types the endings after a word: W‌ای or W ای (a word in ه or ی with
/// ای), P‌های or P های (P's plural), the joined forms in ای, and every word.
#[derive(Default)]
struct Typings {
    ai: HashMap<String, u64>,
    plural: HashMap<String, u64>,
    joined: HashMap<String, u64>,
    words: HashMap<String, u64>,
}

fn count_typings(texts: &[String]) -> Typings {
    let mut typings = Typings::default();
    let mut marks = WordMarks::default();
    for text in texts {
        let mut segmenter = Segmenter::new(text);
        let mut word = String::new();
        let mut previous: Option<(String, usize)> = None;
        while let Some(span) = segmenter.next_word_with_marks(&mut word, Some(&mut marks)) {
            // The ending after the last ZWNJ, or the spaced word after the previous one.
            let split = match (marks.joints.last(), &previous) {
                (Some(joint), _) => Some((word[..joint.folded].to_string(), &word[joint.folded..])),
                (None, Some((before, end)))
                    if text[*end..span.start].chars().all(char::is_whitespace) =>
                {
                    Some((before.clone(), word.as_str()))
                }
                _ => None,
            };
            match split {
                Some((before, "ای")) if before.ends_with(['ه', 'ی']) => {
                    *typings.ai.entry(before).or_default() += 1
                }
                Some((before, "های")) => *typings.plural.entry(before).or_default() += 1,
                _ => {}
            }
            if marks.joints.is_empty() && word.ends_with("ای") {
                *typings.joined.entry(word.clone()).or_default() += 1;
            }
            *typings.words.entry(word.clone()).or_default() += 1;
            previous = Some((word.clone(), span.end));
        }
    }
    typings
}

/// The reading of the joined form of a word W in ه or ی + ای, from whether each
/// reading is a word (W; and the other word the stemmer reads in it: for ه, W without
/// its ه and a plural, نام in نامهای; for ی, W with ا and the ezafe, دنیا in دنیای) and
/// how often the news types each apart. `None` where W is no word: the stemmer's reading.
fn reading(ai_word: bool, other_word: bool, ai_typed: u64, other_typed: u64) -> Option<Reading> {
    let typed = ai_typed + other_typed;
    let minor = ai_typed.min(other_typed) as f64;
    match (ai_word, other_word) {
        (false, _) => None,
        (true, false) => Some(Reading::Ai),
        (true, true) if typed < MIN_TYPED_APART || minor >= MIN_MINOR_SHARE * typed as f64 => {
            Some(Reading::Both)
        }
        (true, true) if ai_typed > other_typed => Some(Reading::Ai),
        (true, true) => Some(Reading::Other),
    }
}

const AI_HEADER: &str = "\
# A word in ه or ی with the indefinite ای, typed joined (محاصرهای, زندگیای), looks like
# another word with its own ending: a plural in های (نامهای = نام‌های) or a word in ا with
# the ezafe ی (دنیای = دنیا + ی), and the stemmer reads every joined form so. This table
# lists the joined forms read otherwise: `ai` (the word with ای: محاصرهای is محاصره) or
# `both` (both readings are words: نامهای is نامه‌ای or نام‌های, so documents carry both).
# Generated by tests/analysis_tables.rs from hazm's lexicon (MIT) and the news set
# (../shared/data/news). A word W in ه or ی is a word if hazm lists it as a noun or
# adjective of frequency 1,000 or more, or the news types it apart from its ای (W‌ای,
# W ای) 20 times or more. The other reading is a word if hazm lists it so (for ه: P, W
# without its ه; for ی: W with ا), or the news types it 20 times: P's plural apart
# (P‌های, P های), W with ا as a word (its ezafe is typed joined: دنیای). W only a word:
# ai. Both words: both, unless the news types the two 20 times or more in all and one
# has under a tenth of those (هفته‌ای 121 times, هفت‌های never: ai; روزه‌ای 2, روز‌های
# 154: the stemmer's reading, `other`, listed for the record; readings::MIN_TYPED_APART,
# MIN_MINOR_SHARE). W no word: the stemmer's reading, not listed; nor is a joined form
# hazm writes as a word of its own
# (آهای, 1,000 or more). Columns: joined
# form, reading, W typed apart with ای in the news, the other reading typed in the news,
# the joined form in the news, W a lexicon noun, the other a lexicon noun.
";

/// A letter of the Arabic block: no digit, Latin letter or mark glued to a word.
fn is_persian_letter(c: char) -> bool {
    ('\u{0621}'..='\u{064A}').contains(&c) || ('\u{0671}'..='\u{06D3}').contains(&c)
}

fn ai_table(typings: &Typings, lexicon: &Lexicon) -> String {
    let nouns = &lexicon.nouns;
    let ai_words: HashSet<&str> = nouns
        .iter()
        .map(String::as_str)
        .chain(typings.ai.keys().map(String::as_str))
        .filter(|word| word.ends_with(['ه', 'ی']) && word.chars().all(is_persian_letter))
        .collect();
    let count = |map: &HashMap<String, u64>, key: &str| map.get(key).copied().unwrap_or(0);
    let mut rows = BTreeMap::new();
    for ai_word in ai_words {
        let (other_word, other_typed) = match ai_word.strip_suffix('ه') {
            Some(plural_word) => (plural_word.to_string(), count(&typings.plural, plural_word)),
            // A word in ا takes its ezafe joined (دنیای): how often the news types the
            // word in ا itself stands for it.
            None => {
                let with_alef = format!("{ai_word}ا");
                let typed = count(&typings.words, &with_alef);
                (with_alef, typed)
            }
        };
        // A function word keeps its ای after a ZWNJ too (برای‌ای), so no table reads it.
        if is_stopword(ai_word) {
            continue;
        }
        let ai_typed = count(&typings.ai, ai_word);
        let (ai_noun, other_noun) = (nouns.contains(ai_word), nouns.contains(&other_word));
        // The stemmer leaves a stem of two letters at least: no shorter word is read.
        let other_is_word =
            (other_noun || other_typed >= MIN_TYPED_APART) && other_word.chars().count() >= 2;
        let ai_is_word = ai_noun || ai_typed >= MIN_TYPED_APART;
        let Some(reading) = reading(ai_is_word, other_is_word, ai_typed, other_typed) else {
            continue;
        };
        let joined = format!("{ai_word}ای");
        // A word hazm writes joined is a word of its own (آهای), read by the stemmer.
        if lexicon.joined.contains(&joined) {
            continue;
        }
        let row = format!(
            "{joined}\t{}\t{ai_typed}\t{other_typed}\t{}\t{}\t{}",
            reading.name(),
            count(&typings.joined, &joined),
            yes_no(ai_noun),
            yes_no(other_noun)
        );
        rows.insert(joined, row);
    }
    let mut table = AI_HEADER.to_string();
    for row in rows.values() {
        table.push_str(row);
        table.push('\n');
    }
    table
}

fn yes_no(yes: bool) -> &'static str {
    if yes {
        "y"
    } else {
        "n"
    }
}

/// Seats of hamza and the letters each may be written with instead, in the original
/// spelling (before folding): مسئول, مسؤول; هیئت, هیأت; رئال, ریال.
const SEAT_SWAPS: &[(char, &[char])] = &[
    ('ئ', &['ؤ', 'أ', 'ی']),
    ('ؤ', &['ئ', 'أ']),
    ('أ', &['ئ', 'ؤ']),
];

/// A ئ / ی pair is judged when both spellings are typed at least this often: below it,
/// the news set says too little of either to tell one word from two.
const MIN_YEH_PAIR_COUNT: u64 = 20;

/// Words typed in the news, spelled as typed except for Arabic ي/ك and marks.
fn spelled_counts(texts: &[String]) -> HashMap<String, u64> {
    let mut counts = HashMap::new();
    for text in texts {
        for word in text.split(|c: char| {
            !(c.is_alphabetic() || ('\u{064B}'..='\u{065F}').contains(&c) || c == '\u{0640}')
        }) {
            let word: String = word
                .chars()
                .filter(|c| !('\u{064B}'..='\u{065F}').contains(c) && *c != '\u{0640}')
                .map(|c| match c {
                    'ي' => 'ی',
                    'ك' => 'ک',
                    other => other,
                })
                .collect();
            if !word.is_empty() {
                *counts.entry(word).or_default() += 1;
            }
        }
    }
    counts
}

/// The pairs of spellings the hamza table must judge: a seat swapped for another
/// (مسئول / مسؤول), both typed in the news; ئ for ی (رئال / ریال), both typed at least
/// [`MIN_YEH_PAIR_COUNT`] times; and آ for ا where hazm lists both as nouns or adjectives
/// (آجر / اجر; the news drops the madda too often to tell).
fn hamza_candidates(
    counts: &HashMap<String, u64>,
    lexicon: &Lexicon,
) -> BTreeMap<(String, String), (u64, u64)> {
    let count = |word: &str| counts.get(word).copied().unwrap_or(0);
    let mut pairs = BTreeMap::new();
    for word in &lexicon.spelled_nouns {
        for (at, _) in word.match_indices('آ') {
            let spelled = format!("{}ا{}", &word[..at], &word[at + 'آ'.len_utf8()..]);
            if lexicon.spelled_nouns.contains(&spelled) {
                pairs.insert(
                    (word.clone(), spelled.clone()),
                    (count(word), count(&spelled)),
                );
            }
        }
    }
    for (word, &count) in counts {
        for (at, c) in word.char_indices() {
            let Some((_, others)) = SEAT_SWAPS.iter().find(|(seat, _)| *seat == c) else {
                continue;
            };
            for &other in *others {
                let spelled = format!("{}{other}{}", &word[..at], &word[at + c.len_utf8()..]);
                let other_count = counts.get(&spelled).copied().unwrap_or(0);
                let needed = if other == 'ی' { MIN_YEH_PAIR_COUNT } else { 2 };
                if count.min(other_count) < needed
                    || (other != 'ی' && (count, word) < (other_count, &spelled))
                {
                    continue;
                }
                pairs.insert((word.clone(), spelled), (count, other_count));
            }
        }
    }
    pairs
}

#[test]
#[ignore = "needs ../shared/data: cargo test --release -- --ignored"]
fn the_evidence_tables_say_what_the_data_says() {
    let (Some(texts), Some(lexicon)) = (news_texts(), load_lexicon()) else {
        return;
    };
    let ai = ai_table(&count_typings(&texts), &lexicon);
    let ai_path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/kavosh-analysis/src/ai_words.tsv");
    let candidates = hamza_candidates(&spelled_counts(&texts), &lexicon);
    if std::env::var_os("KAVOSH_WRITE_TABLES").is_some() {
        std::fs::write(&ai_path, &ai).unwrap();
        for ((word, other), (count, other_count)) in &candidates {
            println!("{word}\t{other}\t?\t{count}\t{other_count}");
        }
        return;
    }
    let committed = std::fs::read_to_string(&ai_path).unwrap();
    assert!(
        committed == ai,
        "ai_words.tsv differs from the data: regenerate it"
    );
    let judged: HashMap<(String, String), Verdict> = table_rows(HAMZA_WORDS)
        .map(|row| {
            let verdict = Verdict::parse(row[2]).unwrap();
            ((row[0].to_string(), row[1].to_string()), verdict)
        })
        .collect();
    for pair in candidates.keys() {
        assert!(
            judged.contains_key(pair),
            "{pair:?} is not judged in hamza_words.tsv"
        );
    }
}
