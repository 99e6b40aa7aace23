//! Making and rewriting a plan where its words stand: the parse, with each word's span in
//! the user's text; affix joining; corrections; and the user's text with the changed
//! words replaced at their spans.

use std::ops::Range;

use super::{Leaf, Node, Occur, Plan, Words};
use crate::analysis::affix;
use crate::analysis::script::ZWNJ;
use crate::error::Result;
use crate::search::parse::parse;

impl Plan {
    /// Parses `typed` leniently (whatever the reader typed gives a plan) with the grammar
    /// `kavosh help search` documents, and finds where each word stands in it.
    pub fn parse(typed: &str) -> Plan {
        let mut root = parse(typed);
        let mut cursor = 0;
        let mut claimed = Vec::new();
        root.for_each_words_mut(&mut |words| {
            words.span = find_span(typed, cursor, words);
            if let Some(span) = &words.span {
                cursor = span.end;
                claimed.push(span.clone());
            }
        });
        root.for_each_words_mut(&mut |words| {
            if words.is_plain() && words.span.is_some() {
                words.repeats = standalone(typed, &words.text)
                    .filter(|at| !claimed.contains(at))
                    .collect();
                claimed.extend(words.repeats.iter().cloned());
            }
        });
        Plan {
            typed: typed.to_string(),
            root,
            corrected: false,
        }
    }

    /// The query as searched: the user's text with each changed word replaced where it
    /// stands ("showing results for").
    pub fn text(&self) -> String {
        let mut changes = Vec::new();
        self.root.typed_branch().for_each_words(&mut |words| {
            for at in words.span.iter().chain(&words.repeats) {
                if self.typed[at.clone()] != words.text {
                    changes.push((at.clone(), words.text.as_str()));
                }
            }
        });
        // A change inside another's span (a word corrected where a phrase of it was also
        // joined) is the enclosing change's already: replacing both would cut the text
        // off a character boundary.
        changes.sort_by_key(|(span, _)| (span.start, std::cmp::Reverse(span.end)));
        let mut end = 0;
        changes.retain(|(span, _)| {
            let outside = span.start >= end;
            if outside {
                end = span.end;
            }
            outside
        });
        let mut text = self.typed.clone();
        for (span, replacement) in changes.into_iter().rev() {
            text.replace_range(span, replacement);
        }
        text
    }

    /// Joins affixes typed apart from their word (کتاب ها → کتاب‌ها, می کند → می‌کند):
    /// the parser splits on white space before the analyzer could join them. Inside a
    /// phrase, and between two words that only white space separates in the user's text.
    pub fn join_spaced_affixes(mut self) -> Plan {
        self.root.for_each_words_mut(&mut |words| {
            if let std::borrow::Cow::Owned(joined) = affix::join_spaced_affixes(&words.text) {
                words.text = joined;
            }
        });
        let Plan { typed, root, .. } = &mut self;
        root.for_each_clauses_mut(&mut |clauses| join_neighbours(clauses, typed));
        self
    }

    /// Replaces each plain word that `correction` corrects (a word that matches nothing)
    /// where it stands, every occurrence judged on its own; negated words are left as
    /// typed, and so is a word with punctuation on it (the last word of a question,
    /// نامیدند؟): kavosh has never corrected those, and correcting them lowered ParsiNLU
    /// MRR@10 from 0.7512 to 0.7498 (its questions end so).
    pub fn correct(
        mut self,
        correction: &mut impl FnMut(&str) -> Result<Option<String>>,
    ) -> Result<Plan> {
        let mut result = Ok(());
        let mut corrected = false;
        self.root.for_each_positive_mut(&mut |words| {
            if !words.is_plain() || !bare(&words.text) || result.is_err() {
                return;
            }
            match correction(&words.text) {
                Ok(Some(replacement)) => {
                    words.text = replacement;
                    corrected = true;
                }
                Ok(None) => {}
                Err(error) => result = Err(error),
            }
        });
        result?;
        if corrected {
            // A correction may repeat another word (علام → علایم beside علایم), which
            // the parser would have kept once.
            self.root.for_each_clauses_mut(&mut merge_repeats);
        }
        self.corrected |= corrected;
        Ok(self)
    }
}

/// Where `words` stand in `typed`, searching from `from` (leaves come in the order they
/// were typed): after their field name when they have one.
fn find_span(typed: &str, from: usize, words: &Words) -> Option<Range<usize>> {
    let mut start = from;
    if let Some(field) = &words.field {
        start += typed[start..].find(&format!("{field}:"))? + field.len() + 1;
    }
    let at = start + typed[start..].find(&words.text)?;
    Some(at..at + words.text.len())
}

/// Where `word` stands alone in `typed`, a plain word: between white space or
/// parentheses, outside quotes, after no `-` or field name.
fn standalone<'a>(typed: &'a str, word: &'a str) -> impl Iterator<Item = Range<usize>> + 'a {
    typed.match_indices(word).filter_map(move |(at, _)| {
        let end = at + word.len();
        let before = typed[..at].chars().next_back();
        let after = typed[end..].chars().next();
        let quotes_before = typed[..at].matches('"').count();
        let alone = before.is_none_or(|c| c.is_whitespace() || matches!(c, '(' | '+'))
            && after.is_none_or(|c| c.is_whitespace() || c == ')')
            && quotes_before.is_multiple_of(2);
        alone.then_some(at..end)
    })
}

/// Joins two neighbouring words of a clause that only white space separates in the
/// user's text, where the second is an affix of the first (کتاب ها).
fn join_neighbours(clauses: &mut Vec<(Option<Occur>, Node)>, typed: &str) {
    // Apart again, a repeated word may join its own neighbour in each place, as the
    // joined text would have parsed; then the parser's rule again.
    spread_repeats(clauses);
    let mut at = 1;
    while at < clauses.len() {
        let joined = match (&clauses[at - 1].1, &clauses[at].1) {
            (Node::Leaf(Leaf::Words(first)), Node::Leaf(Leaf::Words(second))) => {
                joined(first, second, typed)
            }
            _ => None,
        };
        match joined {
            Some(words) => {
                clauses[at - 1].1 = Node::Leaf(Leaf::Words(words));
                clauses.remove(at);
            }
            None => at += 1,
        }
    }
    merge_repeats(clauses);
}

/// Makes each repeat of a word a clause of its own, placed where it was typed among its
/// neighbours.
fn spread_repeats(clauses: &mut Vec<(Option<Occur>, Node)>) {
    let mut apart = Vec::new();
    for (occur, clause) in clauses.iter_mut() {
        if let Node::Leaf(Leaf::Words(words)) = clause {
            for repeat in std::mem::take(&mut words.repeats) {
                let alone = Words {
                    span: Some(repeat),
                    ..words.clone()
                };
                apart.push((*occur, alone));
            }
        }
    }
    for (occur, words) in apart {
        let start = words.span.as_ref().map_or(0, |span| span.start);
        let at = clauses
            .iter()
            .position(|(_, clause)| match clause {
                Node::Leaf(Leaf::Words(other)) => {
                    other.span.as_ref().is_some_and(|s| s.start > start)
                }
                _ => false,
            })
            .unwrap_or(clauses.len());
        clauses.insert(at, (occur, Node::Leaf(Leaf::Words(words))));
    }
}

/// Keeps a clause that repeats an earlier one once, as tantivy's parser does, the place
/// it was typed recorded as a repeat of the first.
fn merge_repeats(clauses: &mut Vec<(Option<Occur>, Node)>) {
    let mut at = 0;
    while at < clauses.len() {
        let earlier = match &clauses[at] {
            (occur, Node::Leaf(Leaf::Words(words))) if words.is_plain() => {
                clauses[..at].iter().position(|(other_occur, other)| {
                    matches!(other, Node::Leaf(Leaf::Words(other))
                        if other_occur == occur && other.text == words.text && other.is_plain())
                })
            }
            _ => None,
        };
        let Some(earlier) = earlier else {
            at += 1;
            continue;
        };
        if let (Node::Leaf(Leaf::Words(repeat)), Node::Leaf(Leaf::Words(first))) =
            (clauses.remove(at).1, &mut clauses[earlier].1)
        {
            first.repeats.extend(repeat.span);
            first.repeats.extend(repeat.repeats);
        }
    }
}

/// `first` and `second` as one word, if only white space separates them where the user
/// typed them and the second is an affix of the first.
fn joined(first: &Words, second: &Words, typed: &str) -> Option<Words> {
    let (Some(before), Some(after)) = (&first.span, &second.span) else {
        return None;
    };
    if before.end > after.start || !typed[before.end..after.start].trim().is_empty() {
        return None;
    }
    let apart = format!("{} {}", first.text, second.text);
    let std::borrow::Cow::Owned(text) = affix::join_spaced_affixes(&apart) else {
        return None;
    };
    Some(Words {
        text,
        span: Some(before.start..after.end),
        repeats: Vec::new(),
        prefix: second.prefix,
        quotes: if second.prefix {
            second.quotes
        } else {
            first.quotes
        },
        ..first.clone()
    })
}

/// Whether `word` begins and ends with a letter or digit (or a ZWNJ), no punctuation.
fn bare(word: &str) -> bool {
    let is_core = |c: char| c.is_alphanumeric() || c == ZWNJ;
    word.starts_with(is_core) && word.ends_with(is_core)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Corrects سوریخ to سوریه and چینن to چین, nothing else.
    fn typos(word: &str) -> Result<Option<String>> {
        Ok(match word.trim_matches(|c: char| !c.is_alphabetic()) {
            "سوریخ" => Some("سوریه".to_string()),
            "چینن" => Some("چین".to_string()),
            _ => None,
        })
    }

    fn corrected(query: &str) -> String {
        Plan::parse(query).correct(&mut typos).unwrap().text()
    }

    #[test]
    fn a_correction_replaces_each_plain_occurrence_where_it_stands() {
        assert_eq!(corrected("\"سوریخ چین\" سوریخ"), "\"سوریخ چین\" سوریه");
        assert_eq!(
            corrected("سوریخ OR (چینن AND سوریخ)"),
            "سوریه OR (چین AND سوریه)"
        );
        assert_eq!(corrected("سوریخ؟ چینن"), "سوریخ؟ چین");
    }

    #[test]
    fn a_word_the_parser_keeps_once_is_corrected_wherever_it_was_typed() {
        assert_eq!(corrected("سوریخ سوریخ"), "سوریه سوریه");
        assert_eq!(
            corrected("سوریخ (چین) +سوریخ سوریخ"),
            "سوریه (چین) +سوریه سوریه"
        );
        assert_eq!(
            corrected("سوریخ \"سوریخ\" -سوریخ"),
            "سوریه \"سوریخ\" -سوریخ"
        );
        // A correction that repeats a word counts once in the query, shown in both places.
        let plan = Plan::parse("سوریه سوریخ").correct(&mut typos).unwrap();
        assert_eq!(plan.text(), "سوریه سوریه");
        assert_eq!(plan.positive_words().len(), 1);
        // Joined to an affix in one place, the word still stands alone in the other.
        let joined_once = Plan::parse("سوریخ ها* سوریخ").join_spaced_affixes();
        assert_eq!(
            joined_once.correct(&mut typos).unwrap().text(),
            "سوریخ\u{200c}ها* سوریه"
        );
    }

    #[test]
    fn negated_prefixed_and_fielded_words_are_never_corrected() {
        for query in ["چین -سوریخ", "سوریخ*", "title:سوریخ", "چین NOT سوریخ"]
        {
            let plan = Plan::parse(query).correct(&mut typos).unwrap();
            assert!(!plan.corrected, "{query}");
            assert_eq!(plan.text(), query);
        }
    }

    #[test]
    fn spaced_affixes_join_their_word_and_nothing_else_changes() {
        let joined = |query: &str| Plan::parse(query).join_spaced_affixes().text();
        assert_eq!(joined("کتاب ها"), "کتاب\u{200c}ها");
        assert_eq!(
            joined("\"کتاب ها و قلم\" چین"),
            "\"کتاب\u{200c}ها و قلم\" چین"
        );
        assert_eq!(joined("title:کتاب ها"), "title:کتاب\u{200c}ها");
        // Anything but white space between them keeps them apart.
        for apart in ["کتاب +ها", "\"کتاب\" ها", "(کتاب) ها", "کتاب -ها"] {
            assert_eq!(joined(apart), apart);
        }
    }
}
