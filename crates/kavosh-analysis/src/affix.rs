//! Affix equivalence: the spaced form of a word joins into one term, so کتاب ها = کتابها
//! = کتاب‌ها, می کند = میکند = می‌کند, بین المللی = بینالمللی.
//!
//! Works on folded words (after [`super::fold`]), so مي كند joins too. The same rule
//! serves documents (in the token stream) and queries (in [`join_spaced_affixes`], before
//! a query parser splits the query on white space).

use std::borrow::Cow;
use std::ops::Range;

use super::readings::AI_ENDING;
use super::script::ZWNJ;
use super::segment::Segmenter;
use super::stem::{COMPARATIVE_SUFFIXES, PLURAL_SUFFIXES};

/// Words that attach to the word before them when typed apart: plural ها with its
/// clitics, and the comparative and superlative, as the stemmer strips them.
fn is_suffix_word(word: &str) -> bool {
    PLURAL_SUFFIXES.contains(&word) || COMPARATIVE_SUFFIXES.contains(&word)
}

/// Verb prefixes that attach to the word after them: می کند, نمی شود.
const PREFIX_WORDS: &[&str] = &["می", "نمی"];

/// Compounds commonly written as two words: (first part, second part).
const COMPOUNDS: &[(&str, &str)] = &[
    ("بین", "المللی"),
    ("بین", "الملل"),
    ("جلو", "گیری"),
    ("پیش", "نویس"),
    ("پیش", "بینی"),
    ("پیش", "رفت"),
    ("جست", "وجو"),
    ("گفت", "وگو"),
    ("فی", "مابین"),
    ("علی", "رغم"),
    ("حمل", "ونقل"),
    ("نخست", "وزیر"),
    ("دانش", "اموز"),
    ("دانش", "اموزان"),
    ("ازاد", "سازی"),
];

/// True if `next`, typed after `previous` with only white space between, is part of
/// the same word: a plural or comparative, a verb's prefix, a listed compound, or the
/// ای of a word in ه (خانه ای = خانه‌ای). Both are folded words.
pub fn joins(previous: &str, next: &str) -> bool {
    // Digits are folded to ASCII, so a number starts with one; any other term is a word.
    let is_word = |word: &str| !word.is_empty() && !word.starts_with(|c: char| c.is_ascii_digit());
    if !is_word(previous) || !is_word(next) {
        return false;
    }
    is_suffix_word(next)
        || (next == AI_ENDING && previous.ends_with('ه'))
        || PREFIX_WORDS.contains(&previous)
        || COMPOUNDS.contains(&(previous, next))
}

/// Endings written after a ZWNJ that belong to the word before it and come off it there
/// (خانه‌ای, خانه‌ی, کتاب‌شان): the indefinite and ezafe ی and the pronoun clitics.
const CLITICS: &[&str] = &["ی", "ای", "یی", "اش", "ام", "ات", "شان", "مان", "تان"];

/// Verb endings written after a ZWNJ (گفته‌اند): part of their word, and kept on it.
const VERB_ENDINGS: &[&str] = &["اند", "ایم", "اید", "است", "ست"];

/// True if the two sides of a ZWNJ inside a word are one word with an affix (کتاب‌ها,
/// می‌کند, خانه‌ای, گفته‌اند, بین‌المللی) rather than a compound of two (رتبه‌بندی).
pub fn one_word_across_zwnj(before: &str, after: &str) -> bool {
    CLITICS.contains(&after) || VERB_ENDINGS.contains(&after) || joins(before, after)
}

/// True for an ending that a ZWNJ or a space sets apart from its word and that is
/// dropped there (the analyzer keeps it on a function word: این‌ها): the joint says where
/// the word ends (کتاب‌ها, بزرگ‌تر, خانه‌ای, بار‌شان: never بارش, and دف‌تر never دفتر).
/// Typed joined, a clitic is part of the word as the stemmer reads it (کتابشان).
pub fn ends_a_word_after_a_joint(ending: &str) -> bool {
    CLITICS.contains(&ending) || is_suffix_word(ending)
}

/// The other ways a reader may have meant a word typed as one: at each place where an
/// affix could begin, the word with a ZWNJ there (خامنهای → خامنه‌ای, خامن‌های; کتابها →
/// کتاب‌ها), each still as typed. A word typed joined is no typo if one of these is a
/// word.
pub fn zwnj_typings(word: &str) -> Vec<String> {
    let mut typings = Vec::new();
    let (mut head, mut tail) = (String::new(), String::new());
    for (at, _) in word.char_indices().skip(MIN_HEAD_CHARS) {
        Segmenter::new(&word[..at]).next_word(&mut head);
        Segmenter::new(&word[at..]).next_word(&mut tail);
        if !tail.is_empty() && one_word_across_zwnj(&head, &tail) {
            typings.push(format!("{}{ZWNJ}{}", &word[..at], &word[at..]));
        }
    }
    typings
}

/// The shortest word an affix is split off by [`zwnj_typings`], in chars: the
/// stemmer leaves no shorter stem.
const MIN_HEAD_CHARS: usize = 2;

/// True if the original text between two words is only white space (a space, NBSP, a
/// line break): punctuation between them keeps them apart.
pub fn only_space_between(gap: &str) -> bool {
    gap.chars().all(|c| c.is_whitespace() || c == ZWNJ)
}

/// Rewrites a query so that spaced affixes are joined with a ZWNJ (کتاب ها → کتاب‌ها),
/// leaving every other character as it was. A query parser that splits on white space
/// then hands the analyzer one word, just as the document's tokens were made.
pub fn join_spaced_affixes(query: &str) -> Cow<'_, str> {
    let mut segmenter = Segmenter::new(query);
    let mut previous = String::new();
    let mut current = String::new();
    let mut previous_span: Option<Range<usize>> = None;
    let mut gaps_to_join: Vec<Range<usize>> = Vec::new();
    while let Some(span) = segmenter.next_word(&mut current) {
        if let Some(before) = &previous_span {
            let gap = before.end..span.start;
            if only_space_between(&query[gap.clone()]) && joins(&previous, &current) {
                gaps_to_join.push(gap);
            }
        }
        std::mem::swap(&mut previous, &mut current);
        previous_span = Some(span);
    }
    if gaps_to_join.is_empty() {
        return Cow::Borrowed(query);
    }
    let mut joined = String::with_capacity(query.len());
    let mut copied_to = 0;
    for gap in gaps_to_join {
        joined.push_str(&query[copied_to..gap.start]);
        joined.push(ZWNJ);
        copied_to = gap.end;
    }
    joined.push_str(&query[copied_to..]);
    Cow::Owned(joined)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plural_comparative_and_verb_prefix_join() {
        assert!(joins("کتاب", "ها"));
        assert!(joins("کتاب", "های"));
        assert!(joins("بزرگ", "تر"));
        assert!(joins("بزرگ", "ترین"));
        assert!(joins("می", "کند"));
        assert!(joins("نمی", "شود"));
        assert!(joins("بین", "المللی"));
        assert!(joins("جلو", "گیری"));
    }

    #[test]
    fn a_zwnj_before_an_affix_is_no_compound() {
        assert!(one_word_across_zwnj("کتاب", "ها"));
        assert!(one_word_across_zwnj("می", "کند"));
        assert!(one_word_across_zwnj("خانه", "ای"));
        assert!(one_word_across_zwnj("گفته", "اند"));
        assert!(!one_word_across_zwnj("رتبه", "بندی"));
        assert!(!one_word_across_zwnj("جنگ", "افزار"));
    }

    #[test]
    fn ordinary_neighbours_do_not_join() {
        assert!(!joins("کتاب", "خوب"));
        assert!(!joins("ها", "کتاب"));
        assert!(!joins("می", "2"));
        assert!(!joins("2", "ها"));
        assert!(!joins("بین", "دو"));
    }

    #[test]
    fn a_joined_word_is_also_typed_with_a_zwnj_before_each_affix() {
        let typings = zwnj_typings("خامنهای");
        assert!(typings.contains(&"خامنه\u{200C}ای".to_string()));
        assert!(typings.contains(&"خامن\u{200C}های".to_string()));
        assert!(zwnj_typings("کتاب").is_empty());
    }

    #[test]
    fn queries_get_a_zwnj_where_the_affix_was_spaced() {
        assert_eq!(join_spaced_affixes("کتاب ها"), "کتاب\u{200C}ها");
        assert_eq!(join_spaced_affixes("مي  كند"), "مي\u{200C}كند");
        assert_eq!(
            join_spaced_affixes("\"روابط بین المللی\" چین"),
            "\"روابط بین\u{200C}المللی\" چین"
        );
        assert_eq!(join_spaced_affixes("بزرگ تر از"), "بزرگ\u{200C}تر از");
    }

    #[test]
    fn queries_without_spaced_affixes_are_untouched() {
        assert!(matches!(
            join_spaced_affixes("کتاب‌ها و چین"),
            Cow::Borrowed(_)
        ));
        assert_eq!(join_spaced_affixes("کتاب، ها"), "کتاب، ها");
        assert_eq!(join_spaced_affixes("+کتاب -ها"), "+کتاب -ها");
    }
}
