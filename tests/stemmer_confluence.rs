//! Confluence of the analyzer over hazm's lexicon (../shared/data, MIT): a word with any
//! suffix the analyzer joins or strips, written joined, with a ZWNJ or spaced, reaches
//! the same term as the word alone (آزادی‌ها = آزادیها = آزادی ها → آزادی's term), and
//! a term analyzed again stays itself.
//!
//! Skips (with a message) when ../shared/data is absent. Run with `--nocapture` to see
//! the report of failures per kind of suffix.

mod common;

use std::collections::{BTreeMap, HashMap, HashSet};

use kavosh::analysis::readings::{joined_reading, Reading};
use kavosh::analysis::stem::{stem, YEH_WORDS};
use kavosh::analysis::stopwords::is_stopword;
use kavosh::analysis::{table_rows, Analyzer, AnalyzerOptions};

const ZWNJ: &str = "\u{200C}";

/// Plural ها with its clitics: the suffixes the analyzer joins when spaced and strips.
#[rustfmt::skip]
const PLURALS: &[&str] = &[
    "ها", "های", "هایی", "هایم", "هایت", "هایش", "هایمان", "هایتان", "هایشان",
];

const COMPARATIVES: &[&str] = &["تر", "ترین"];

/// One lexicon entry, folded.
struct Entry {
    word: String,
    noun: bool,
    adjective: bool,
    plural: bool,
}

/// The lexicon's entries, and every word of it (any tag), folded.
fn load_lexicon() -> Option<(Vec<Entry>, HashSet<String>)> {
    let fold = Analyzer::new(AnalyzerOptions::fold_only());
    let mut entries = Vec::new();
    let mut all = HashSet::new();
    for entry in common::hazm_lexicon()? {
        // Folded, and one word without a ZWNJ (a compound's parts are another test's).
        if let [term] = fold.terms(&entry.word).as_slice() {
            all.insert(term.clone());
            if !entry.word.contains(ZWNJ) {
                entries.push(Entry {
                    word: term.clone(),
                    noun: entry.has("N"),
                    adjective: entry.has("AJ"),
                    plural: entry.has("PL"),
                });
            }
        }
    }
    Some((entries, all))
}

/// The words of the judged list of final-ی words.
fn judged_words() -> impl Iterator<Item = &'static str> {
    table_rows(YEH_WORDS).map(|row| row[0])
}

/// The terms of `text` as a document and as a query give it (the document's whole words
/// only: a compound's parts come on top of them).
fn terms(text: &str) -> (Vec<String>, Vec<String>) {
    let document = Analyzer::default()
        .analyze(text)
        .into_iter()
        .filter(|token| !token.stacked)
        .map(|token| token.text)
        .collect();
    (document, Analyzer::default().for_queries().terms(text))
}

/// Failures of one kind: how many forms and words were checked, and the forms that
/// failed (form, its terms, the word's terms) and their words.
#[derive(Default)]
struct Kind {
    checked: usize,
    failed: Vec<(String, Vec<String>, Vec<String>)>,
    words: HashSet<String>,
    failed_words: HashSet<String>,
}

struct Report<'a> {
    kinds: BTreeMap<&'static str, Kind>,
    /// Every lexicon word, folded: a suffixed form that is itself one the stemmer keeps
    /// whole is a homograph (تن + ها = تنها, دف + تر = دفتر), no failure.
    lexicon: &'a HashSet<String>,
    judged: HashSet<&'static str>,
}

impl Report<'_> {
    /// True if `form` (of `word`), joined, is a word of its own that the analyzer keeps whole or
    /// drops: a lexicon word (تنها, دفتر), one with ی, ین or ای (منتهای, دفترین, ترکیهای),
    /// a joined form the table of `readings` reads as a word with ای, a judged word
    /// (بندی) or a stopword (چیزی, کسی).
    fn is_homograph(&self, word: &str, form: &str) -> bool {
        let joined: String = form
            .chars()
            .filter(|&c| c != ' ' && c != '\u{200C}')
            .collect();
        let kept = |word: &str| {
            let listed = self.lexicon.contains(word) || self.judged.contains(word);
            listed && terms(word).1 == [word]
        };
        // The table of `readings` reads it as a word in ه or ی with ای: the word
        // without them is rare in hazm (under 1,000) and never typed as a plural in the
        // news (جویانهای is جویانه‌ای, جویان has frequency 10).
        let read_as_ai = joined_reading(&joined).is_some_and(|(reading, _)| reading == Reading::Ai);
        is_stopword(&joined)
            || read_as_ai
            || kept(&joined)
            || ["ین", "ی", "یی", "ای"]
                .iter()
                .filter_map(|ending| joined.strip_suffix(ending))
                .any(|other| other != word && kept(other))
    }

    fn check(
        &mut self,
        kind: &'static str,
        word: &str,
        form: String,
        expected: &(Vec<String>, Vec<String>),
    ) {
        if kind != "idempotent analysis" && self.is_homograph(word, &form) {
            return;
        }
        let entry = self.kinds.entry(kind).or_default();
        entry.checked += 1;
        entry.words.insert(word.to_string());
        let found = terms(&form);
        if found != *expected && !reads_both_ways(&form, expected) {
            entry.failed.push((form, found.1, expected.1.clone()));
            entry.failed_words.insert(word.to_string());
        }
    }

    /// Records a check made by the caller: `found` should have been `expected`.
    fn count(&mut self, kind: &'static str, word: &str, found: &str, expected: &str) {
        let entry = self.kinds.entry(kind).or_default();
        entry.checked += 1;
        entry.words.insert(word.to_string());
        if found != expected {
            let form = found.to_string();
            entry
                .failed
                .push((form.clone(), vec![form], vec![expected.to_string()]));
            entry.failed_words.insert(word.to_string());
        }
    }

    fn print(&self) {
        for (kind, found) in &self.kinds {
            println!(
                "{kind}: {} of {} words, {} of {} forms fail; e.g. {}",
                found.failed_words.len(),
                found.words.len(),
                found.failed.len(),
                found.checked,
                found
                    .failed
                    .iter()
                    .take(25)
                    .map(|(form, terms, word)| format!(
                        "{form}→{} (word {})",
                        terms.join("+"),
                        word.join("+")
                    ))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
    }

    /// How many words failed.
    fn failures(&self, kind: &str) -> usize {
        self.kinds.get(kind).map_or(0, |k| k.failed_words.len())
    }
}

/// True if `form`, typed joined, reads two ways (نامهای: نامه‌ای or نام‌های; the table
/// of `readings`), one of them the word's: it gets both readings, the word's among them.
fn reads_both_ways(form: &str, expected: &(Vec<String>, Vec<String>)) -> bool {
    let (document, query) = (Analyzer::default().terms(form), terms(form).1);
    expected.0.iter().all(|term| document.contains(term))
        && expected.1.iter().all(|term| query.contains(term))
}

/// The word's forms with `suffix`: joined, with a ZWNJ and (if `spaced`) spaced.
fn spellings(word: &str, suffix: &str, spaced: bool) -> Vec<String> {
    let mut forms = vec![format!("{word}{suffix}"), format!("{word}{ZWNJ}{suffix}")];
    if spaced {
        forms.push(format!("{word} {suffix}"));
    }
    forms
}

/// The indefinite ی as it is written after the word's last letter: خانه‌ای, دانشجویی,
/// کتابی.
fn indefinite_forms(word: &str) -> Vec<String> {
    if word.ends_with('ه') {
        vec![format!("{word}{ZWNJ}ای"), format!("{word}{ZWNJ}ی")]
    } else if word.ends_with(['ا', 'و']) {
        vec![format!("{word}یی"), format!("{word}{ZWNJ}یی")]
    } else if word.ends_with('ی') {
        vec![format!("{word}{ZWNJ}ای")]
    } else {
        vec![format!("{word}ی")]
    }
}

/// The singular of a lexicon plural in ان/ات, as the analyzer's rule reads it.
fn singular_of(plural: &str) -> Option<String> {
    if let Some(stem) = plural.strip_suffix("گان") {
        return Some(format!("{stem}ه"));
    }
    let stem = plural
        .strip_suffix("ان")
        .or_else(|| plural.strip_suffix("ات"))?;
    match stem.strip_suffix('ی') {
        Some(before) if before.ends_with(['ا', 'و']) => Some(before.to_string()),
        _ => Some(stem.to_string()),
    }
}

fn expected_term(term: &str) -> (Vec<String>, Vec<String>) {
    (vec![term.to_string()], vec![term.to_string()])
}

fn measure<'a>(entries: &[Entry], lexicon: &'a HashSet<String>) -> Report<'a> {
    let words: HashMap<&str, &Entry> = entries
        .iter()
        .filter(|e| e.noun || e.adjective)
        .map(|e| (e.word.as_str(), e))
        .collect();
    let mut report = Report {
        kinds: BTreeMap::new(),
        lexicon,
        judged: judged_words().collect(),
    };
    for entry in words.values() {
        let expected = terms(&entry.word);
        if expected.1.len() != 1 {
            continue; // a stopword
        }
        let term = &expected.1[0];
        let mut again = term.clone();
        stem(&mut again);
        report.count("idempotent stem", &entry.word, &again, term);
        // Analyzed again, a term stays itself, unless it is a stopword (وی, the stem
        // of ویها), which analysis drops wherever it comes from.
        if !is_stopword(term) {
            report.check(
                "idempotent analysis",
                &entry.word,
                term.clone(),
                &expected_term(term),
            );
        }
        for suffix in PLURALS {
            for form in spellings(&entry.word, suffix, true) {
                report.check("plural ها", &entry.word, form, &expected);
            }
        }
        if entry.adjective {
            for suffix in COMPARATIVES {
                for form in spellings(&entry.word, suffix, true) {
                    report.check("comparative تر", &entry.word, form, &expected);
                }
            }
        }
        if entry.noun {
            for form in indefinite_forms(&entry.word) {
                report.check("indefinite ی", &entry.word, form, &expected);
            }
        }
    }
    // Plural ان/ات where the analyzer strips them: the lexicon's own plurals whose
    // singular, of four letters or more, is a lexicon word.
    for entry in entries.iter().filter(|e| e.plural) {
        let Some(singular) = singular_of(&entry.word) else {
            continue;
        };
        if singular.chars().count() < 4 || !words.contains_key(singular.as_str()) {
            continue;
        }
        let expected = terms(&singular);
        if expected.1.len() == 1 {
            report.check("plural ان/ات", &singular, entry.word.clone(), &expected);
        }
    }
    report
}

#[test]
#[ignore = "needs ../shared/data: cargo test --release -- --ignored"]
fn every_lexicon_word_with_a_suffix_reaches_the_words_term() {
    let Some((entries, lexicon)) = load_lexicon() else {
        return;
    };
    let report = measure(&entries, &lexicon);
    report.print();
    for kind in [
        "idempotent",
        "plural ها",
        "comparative تر",
        "indefinite ی",
        "plural ان/ات",
    ] {
        assert_eq!(report.failures(kind), 0, "{kind}");
    }
}

/// The judged list of final-ی words (crates/kavosh-analysis/src/yeh_words.tsv): a word judged `whole`
/// reaches none of the news words its stripped stem would share (همکاری is not
/// همکاران), one judged `strip` reaches all of them (صنعتی finds صنعت). A news word
/// typed joined that reads two ways (جمعهای: جمعه‌ای or جمع‌های) gets both readings.
#[test]
fn judged_final_yeh_words_find_what_they_should_and_nothing_else() {
    let term = |word: &str| Analyzer::default().for_queries().terms(word);
    let found_by = |query: &[String], document: &str| {
        let terms = Analyzer::default().terms(document);
        query.iter().all(|term| terms.contains(term))
    };
    let mut judged = 0;
    for row in table_rows(YEH_WORDS) {
        let [word, verdict, stem, others, _frequency] = row[..] else {
            panic!("a row of five columns: {row:?}");
        };
        if term(word).is_empty() {
            continue; // a stopword (کسی): no query has it
        }
        judged += 1;
        // A stopword (یک) is found by no query; a joined word the table of `readings`
        // reads as a word in ه with ای (جلوهای: جلوه‌ای, the news never types جلو‌های) is
        // no longer the stem's.
        let read_as_ai =
            |other: &str| joined_reading(other).is_some_and(|(reading, _)| reading == Reading::Ai);
        for other in others
            .split(' ')
            .filter(|other| !term(other).is_empty() && !read_as_ai(other))
        {
            match verdict {
                "whole" => assert!(!found_by(&term(word), other), "{word} finds {other}"),
                "strip" => {
                    assert_eq!(term(word), [stem], "{word}");
                    assert!(found_by(&term(word), other), "{word} misses {other}");
                }
                _ => panic!("a verdict is whole or strip: {row:?}"),
            }
        }
    }
    assert!(judged >= 200, "{judged} words judged");
}
