//! What to highlight, taken from the query's plan: the words, prefixes and phrases the
//! reader asked for (and their compound alternatives), never those under a NOT nor a
//! filter's values. Matching works on analyzed tokens, so a
//! query word highlights every form of it the analyzer folds together (کتاب: کتاب‌ها,
//! كتابهاي), and each highlight is one word of the text as written.

use std::ops::Range;

use rustc_hash::FxHashMap;

use super::plan::{Plan, Words};
use crate::analysis::{Analyzer, Resume, Token, Tokens};

/// The matchers of one query. Each has a group number: a passage that matches more
/// groups (more of what was asked) is a better passage.
#[derive(Debug, Default, Clone)]
pub struct Highlighter {
    // Looked up for every token of every article shown: a fast hash.
    exact: FxHashMap<String, usize>,
    prefixes: Vec<(String, usize)>,
    /// Words at relative positions, in order.
    phrases: Vec<(Vec<(usize, u32)>, usize)>,
    /// The words of all the phrases, each with its number.
    phrase_words: FxHashMap<String, u32>,
    groups: usize,
}

/// What a text's tokens matched so far, in order: single words, and the tokens phrases
/// may match at.
#[derive(Debug, Default, Clone)]
pub struct Scan {
    highlights: Vec<(Range<usize>, usize)>,
    /// Every token, when there are phrases, with its word's number among the phrases'.
    kept: Vec<Kept>,
}

/// A text's tokens read up to `resume`, and what they matched.
#[derive(Debug, Clone)]
pub struct ReadTo {
    pub scan: Scan,
    pub resume: Resume,
}

/// What re-ordering read of an article's title and body for its grams, matched already,
/// so that the page reads only the rest.
#[derive(Debug, Clone)]
pub struct ReadAhead {
    pub title: ReadTo,
    pub body: ReadTo,
}

/// Where a text matches: the spans of highlighted words with their group.
#[derive(Debug, Default, Clone)]
pub struct Matches {
    pub highlights: Vec<(Range<usize>, usize)>,
}

impl Matches {
    /// The highlighted spans, in order.
    pub fn spans(&self) -> Vec<Range<usize>> {
        self.highlights
            .iter()
            .map(|(span, _)| span.clone())
            .collect()
    }
}

impl Highlighter {
    /// The matchers of the positive words of `plan`, analyzed with `analyzer`.
    pub fn from_plan(plan: &Plan, analyzer: &Analyzer) -> Self {
        let mut highlighter = Highlighter::default();
        for words in plan.positive_words() {
            highlighter.add(words, analyzer);
        }
        highlighter
    }

    fn add(&mut self, words: &Words, analyzer: &Analyzer) {
        let tokens = analyzer.analyze(&words.text);
        let group = self.groups;
        match tokens.as_slice() {
            [] => return,
            [only] if words.prefix => self.prefixes.push((only.text.clone(), group)),
            [only] => {
                self.exact.entry(only.text.clone()).or_insert(group);
            }
            [first, ..] => {
                let words = tokens
                    .iter()
                    .map(|token| {
                        let next = self.phrase_words.len() as u32;
                        let word = *self.phrase_words.entry(token.text.clone()).or_insert(next);
                        (token.position - first.position, word)
                    })
                    .collect();
                self.phrases.push((words, group));
            }
        }
        self.groups += 1;
    }

    /// Finds what to highlight in `text`.
    pub fn find(&self, text: &str, analyzer: &Analyzer) -> Matches {
        self.finish(self.scan(analyzer.tokens(text), Scan::default()))
    }

    /// Finds what to highlight in `text`, of which `read` was read already.
    pub fn find_from(&self, text: &str, analyzer: &Analyzer, read: ReadTo) -> Matches {
        self.finish(self.scan(analyzer.tokens_from(text, read.resume), read.scan))
    }

    /// Adds what the rest of `tokens` match to `scan`.
    pub fn scan(&self, mut tokens: Tokens, mut scan: Scan) -> Scan {
        while let Some(token) = tokens.next_token() {
            self.see(token, &mut scan);
        }
        scan
    }

    /// Notes what `token` matches.
    pub fn see(&self, token: &Token, scan: &mut Scan) {
        let group = self.exact.get(&token.text).copied().or_else(|| {
            self.prefixes
                .iter()
                .find(|(prefix, _)| token.text.starts_with(prefix.as_str()))
                .map(|(_, group)| *group)
        });
        if let Some(group) = group {
            scan.highlights.push((token.span.clone(), group));
        }
        if !self.phrases.is_empty() {
            scan.kept.push(Kept {
                span: token.span.clone(),
                position: token.position,
                word: self.phrase_words.get(&token.text).copied(),
            });
        }
    }

    /// What to highlight, from all of a text's tokens seen.
    pub fn finish(&self, scan: Scan) -> Matches {
        let Scan { highlights, kept } = scan;
        let mut matches = Matches { highlights };
        for (words, group) in &self.phrases {
            for start in 0..kept.len() {
                if let Some(spans) = phrase_at(&kept, start, words) {
                    matches
                        .highlights
                        .extend(spans.into_iter().map(|span| (span, *group)));
                }
            }
        }
        // Widest first where two start together, then drop what lies inside another (a
        // compound's part when the whole word matched too).
        matches
            .highlights
            .sort_by_key(|(span, _)| (span.start, std::cmp::Reverse(span.end)));
        let mut covered_to = 0;
        matches.highlights.retain(|(span, _)| {
            let inside = span.end <= covered_to;
            covered_to = covered_to.max(span.end);
            !inside
        });
        matches
    }
}

/// A token kept to match phrases at: its span, position and phrase word, if any.
#[derive(Debug, Clone)]
struct Kept {
    span: Range<usize>,
    position: usize,
    word: Option<u32>,
}

/// The spans of `words` if they occur as a phrase starting at `tokens[start]`.
fn phrase_at(tokens: &[Kept], start: usize, words: &[(usize, u32)]) -> Option<Vec<Range<usize>>> {
    let base = tokens[start].position;
    let mut spans = Vec::with_capacity(words.len());
    let mut next = start;
    for (offset, word) in words {
        let at = base + offset;
        let found = tokens[next..]
            .iter()
            .position(|token| token.position >= at)?
            + next;
        let token = &tokens[found];
        if token.position != at || token.word != Some(*word) {
            return None;
        }
        spans.push(token.span.clone());
        next = found + 1;
    }
    Some(spans)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn highlighted(query: &str, text: &str) -> Vec<String> {
        let analyzer = Analyzer::default();
        let plan = Plan::parse(query);
        let matches = Highlighter::from_plan(&plan, &analyzer).find(text, &analyzer);
        matches
            .highlights
            .iter()
            .map(|(span, _)| text[span.clone()].to_string())
            .collect()
    }

    #[test]
    fn every_form_of_a_query_word_is_highlighted() {
        assert_eq!(
            highlighted("کتاب", "كتابهاي تازه و کتاب‌ها و کتاب"),
            ["كتابهاي", "کتاب‌ها", "کتاب"]
        );
    }

    #[test]
    fn negated_words_are_never_highlighted() {
        assert_eq!(highlighted("چین -سوریه", "چین و سوریه"), ["چین"]);
        assert_eq!(highlighted("چین NOT سوریه", "چین و سوریه"), ["چین"]);
        assert_eq!(
            highlighted("چین AND NOT (سوریه OR روسیه)", "روسیه چین سوریه"),
            ["چین"]
        );
    }

    #[test]
    fn a_phrase_is_highlighted_only_where_it_occurs_as_a_phrase() {
        let text = "جاده ابریشم، ابتکار کمربند و جاده، کمربند ایمنی";
        assert_eq!(highlighted("\"کمربند و جاده\"", text), ["کمربند", "جاده"]);
        assert_eq!(
            highlighted("\"کمربند و جاده\"", "کمربند ایمنی در جاده"),
            Vec::<String>::new()
        );
    }

    #[test]
    fn prefixes_highlight_the_words_they_begin() {
        assert_eq!(
            highlighted("اقتصا*", "اقتصاد و اقتصادی و اتصال"),
            ["اقتصاد", "اقتصادی"]
        );
    }

    #[test]
    fn source_filters_are_not_highlighted() {
        assert_eq!(highlighted("چین source:ایرنا", "ایرنا از چین"), ["چین"]);
    }
}
