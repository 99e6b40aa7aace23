//! What to highlight, taken from the query's plan: the words, prefixes and phrases the
//! reader asked for (and their compound alternatives), never those under a NOT nor a
//! filter's values. Matching works on analyzed tokens, so a
//! query word highlights every form of it the analyzer folds together (کتاب: کتاب‌ها,
//! كتابهاي), and each highlight is one word of the text as written.

use std::collections::HashMap;
use std::ops::Range;

use super::plan::{Plan, Words};
use crate::analysis::{Analyzer, Token};

/// The matchers of one query. Each has a group number: a passage that matches more
/// groups (more of what was asked) is a better passage.
#[derive(Debug, Default, Clone)]
pub struct Highlighter {
    exact: HashMap<String, usize>,
    prefixes: Vec<(String, usize)>,
    /// Words at relative positions, in order.
    phrases: Vec<(Vec<(usize, String)>, usize)>,
    groups: usize,
}

/// Where a text matches: the spans of highlighted words with their group.
#[derive(Debug, Default)]
pub struct Matches {
    pub highlights: Vec<(Range<usize>, usize)>,
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
                    .map(|token| (token.position - first.position, token.text.clone()))
                    .collect();
                self.phrases.push((words, group));
            }
        }
        self.groups += 1;
    }

    /// Finds what to highlight in `text`.
    pub fn find(&self, text: &str, analyzer: &Analyzer) -> Matches {
        let mut matches = Matches::default();
        let mut kept: Vec<Token> = Vec::new();
        let mut tokens = analyzer.tokens(text);
        while let Some(token) = tokens.next_token() {
            let group = self.exact.get(&token.text).copied().or_else(|| {
                self.prefixes
                    .iter()
                    .find(|(prefix, _)| token.text.starts_with(prefix.as_str()))
                    .map(|(_, group)| *group)
            });
            if let Some(group) = group {
                matches.highlights.push((token.span.clone(), group));
            }
            if !self.phrases.is_empty() {
                kept.push(token.clone());
            }
        }
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

/// The spans of `words` if they occur as a phrase starting at `tokens[start]`.
fn phrase_at(
    tokens: &[Token],
    start: usize,
    words: &[(usize, String)],
) -> Option<Vec<Range<usize>>> {
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
        if token.position != at || token.text != *word {
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
