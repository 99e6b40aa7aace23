//! The analysis crate's evidence tables, generated from ../shared/data and checked
//! against it: `heh_words.tsv` (a joined …های read as ه + ای, or both ways) and the
//! candidate pairs of `hamza_words.tsv` (spellings of hamza judged one word or two).
//!
//! `KAVOSH_WRITE_TABLES=1 cargo test --release --test analysis_tables -- --ignored`
//! writes `heh_words.tsv` anew and prints the hamza candidates; without it the test fails
//! if the committed tables differ from what the data says. Skips (with a message) when
//! ../shared/data is absent.

mod common;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use kavosh::analysis::readings::{Reading, MIN_MINOR_READING_COUNT, MIN_MINOR_READING_SHARE};
use kavosh::analysis::seats::{Verdict, HAMZA_WORDS};
use kavosh::analysis::segment::{Segmenter, WordMarks};

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

/// hazm's nouns and adjectives, folded.
fn lexicon_nouns() -> Option<HashSet<String>> {
    let content = std::fs::read_to_string(common::shared_data("lexicons/hazm/words.dat")?).unwrap();
    let mut nouns = HashSet::new();
    for line in content.lines() {
        let mut columns = line.split('\t');
        let (Some(word), Some(_), Some(tags)) = (columns.next(), columns.next(), columns.next())
        else {
            continue;
        };
        if tags.split(',').any(|tag| tag == "N" || tag == "AJ") {
            nouns.insert(folded(word));
        }
    }
    Some(nouns)
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

/// How the news set types the endings after a word in ه: H‌ای or H ای (the ه-word with
/// ای), P‌های or P های (P's plural), and the joined Pهای that could be either.
#[derive(Default)]
struct Typings {
    heh: HashMap<String, u64>,
    plural: HashMap<String, u64>,
    joined: HashMap<String, u64>,
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
                Some((before, "ای")) if before.ends_with('ه') => {
                    *typings.heh.entry(before).or_default() += 1
                }
                Some((before, "های")) => *typings.plural.entry(before).or_default() += 1,
                _ => {}
            }
            if marks.joints.is_empty() && word.ends_with("های") {
                *typings.joined.entry(word.clone()).or_default() += 1;
            }
            previous = Some((word.clone(), span.end));
        }
    }
    typings
}

/// The reading of the joined form of `heh_word` + ای, by the rule of `heh_words.tsv`'s
/// header; `None` for the plural, the stemmer's own reading.
fn reading(heh: u64, plural: u64, heh_noun: bool, plural_noun: bool) -> Option<Reading> {
    if heh + plural == 0 {
        return match (heh_noun, plural_noun) {
            (true, true) => Some(Reading::Both),
            (true, false) => Some(Reading::Heh),
            _ => None,
        };
    }
    let minor = heh.min(plural);
    if minor >= MIN_MINOR_READING_COUNT
        && minor as f64 >= MIN_MINOR_READING_SHARE * (heh + plural) as f64
    {
        Some(Reading::Both)
    } else {
        (heh > plural).then_some(Reading::Heh)
    }
}

const HEH_HEADER: &str = "\
# A joined word in ه + ای (محاصرهای) looks exactly like a plural in های (نامهای = نام‌های),
# and the stemmer reads every joined …های as a plural. This table lists the joined forms
# read otherwise: `heh` (the ه-word with ای: محاصرهای is محاصره) or `both` (both readings
# real: نامهای is نامه‌ای or نام‌های). Generated by tests/analysis_tables.rs from hazm's
# lexicon (nouns and adjectives, MIT) and the news set (../shared/data/news): for each
# word H in ه that is a lexicon noun or adjective or is typed H‌ای / H ای in the news, with
# P = H without its ه, count how the news types the two readings where the typist said
# which: H‌ای or H ای (heh), P‌های or P های (plural). Where the news types neither, the
# lexicon decides: both words nouns → both, H only → heh. Where it does, the more typed
# reading wins, and both are kept when the other has at least 20 typings and 10% of them
# (readings::MIN_MINOR_READING_COUNT and MIN_MINOR_READING_SHARE). Forms read as plurals
# are not listed. Columns: joined form, reading, typed heh, typed plural, joined in the
# news, H a lexicon noun, P a lexicon noun.
";

/// A letter of the Arabic block: no digit, Latin letter or mark glued to a word.
fn is_persian_letter(c: char) -> bool {
    ('\u{0621}'..='\u{064A}').contains(&c) || ('\u{0671}'..='\u{06D3}').contains(&c)
}

fn heh_table(typings: &Typings, nouns: &HashSet<String>) -> String {
    let heh_words: HashSet<&str> = nouns
        .iter()
        .map(String::as_str)
        .chain(typings.heh.keys().map(String::as_str))
        .filter(|word| word.ends_with('ه') && word.chars().all(is_persian_letter))
        .collect();
    let mut rows = BTreeMap::new();
    for heh_word in heh_words {
        let plural_word = heh_word.strip_suffix('ه').unwrap();
        // The stemmer leaves a stem of two letters at least: a shorter P is no plural.
        if plural_word.chars().count() < 2 {
            continue;
        }
        let count = |map: &HashMap<String, u64>, key: &str| map.get(key).copied().unwrap_or(0);
        let (heh, plural) = (
            count(&typings.heh, heh_word),
            count(&typings.plural, plural_word),
        );
        let (heh_noun, plural_noun) = (nouns.contains(heh_word), nouns.contains(plural_word));
        let Some(reading) = reading(heh, plural, heh_noun, plural_noun) else {
            continue;
        };
        let joined = format!("{heh_word}ای");
        let row = format!(
            "{joined}\t{}\t{heh}\t{plural}\t{}\t{}\t{}",
            reading.name(),
            count(&typings.joined, &joined),
            yes_no(heh_noun),
            yes_no(plural_noun)
        );
        rows.insert(joined, row);
    }
    let mut table = HEH_HEADER.to_string();
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
/// (مسئول / مسؤول), both typed in the news; or ئ for ی (رئال / ریال), both typed at least
/// [`MIN_YEH_PAIR_COUNT`] times.
fn hamza_candidates(counts: &HashMap<String, u64>) -> BTreeMap<(String, String), (u64, u64)> {
    let mut pairs = BTreeMap::new();
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
    let (Some(texts), Some(nouns)) = (news_texts(), lexicon_nouns()) else {
        return;
    };
    let heh = heh_table(&count_typings(&texts), &nouns);
    let heh_path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/kavosh-analysis/src/heh_words.tsv");
    let candidates = hamza_candidates(&spelled_counts(&texts));
    if std::env::var_os("KAVOSH_WRITE_TABLES").is_some() {
        std::fs::write(&heh_path, &heh).unwrap();
        for ((word, other), (count, other_count)) in &candidates {
            println!("{word}\t{other}\t?\t{count}\t{other_count}");
        }
        return;
    }
    let committed = std::fs::read_to_string(&heh_path).unwrap();
    assert!(
        committed == heh,
        "heh_words.tsv differs from the data: regenerate it"
    );
    let judged: HashMap<(String, String), Verdict> = HAMZA_WORDS
        .lines()
        .filter(|line| !line.starts_with('#'))
        .map(|line| {
            let columns: Vec<&str> = line.split('\t').collect();
            let verdict = Verdict::parse(columns[2]).unwrap();
            ((columns[0].to_string(), columns[1].to_string()), verdict)
        })
        .collect();
    for pair in candidates.keys() {
        assert!(
            judged.contains_key(pair),
            "{pair:?} is not judged in hamza_words.tsv"
        );
    }
}
