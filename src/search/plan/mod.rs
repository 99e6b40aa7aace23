//! The query plan: kavosh's own tree of a query, built once per query and read by every
//! consumer (the tantivy query, the highlighter, the re-ranker, suggestions, "only common
//! words").
//!
//! The user's text is parsed once ([`Plan::parse`]); every later step is a function from
//! tree to tree that changes words where they stand and never operators, quotes or field
//! names: affix joining ([`Plan::join_spaced_affixes`]), corrections ([`Plan::correct`]),
//! compound alternatives (`compounds.rs`). Each word keeps the span of the user's text it
//! came from, so "showing results for" is the user's text with just the changed words
//! changed ([`Plan::text`]). The tree knows no engine: `compile.rs` turns it into
//! tantivy's query, and another engine's compiler could read it as well; nothing here
//! depends on tantivy.

use std::ops::Range;

mod rewrite;

use crate::index::TEXT_FIELDS;

/// A parsed query and the text it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// The query as the user typed it: the spans of words point into it.
    typed: String,
    pub root: Node,
    /// Whether a word that matched nothing was replaced by a correction.
    pub corrected: bool,
}

/// A node of the tree.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// Clauses combined; a clause without an occur takes the match mode's.
    Clauses(Vec<(Option<Occur>, Node)>),
    /// A node whose score counts this many times.
    Boost(Box<Node>, f64),
    /// A node as the user typed it, and other spellings of it (a compound joined or
    /// apart): an article matches if it matches any.
    Alternatives(Box<Node>, Vec<Node>),
    Leaf(Leaf),
}

/// How a clause counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Occur {
    Must,
    Should,
    MustNot,
}

/// What a query names.
#[derive(Debug, Clone, PartialEq)]
pub enum Leaf {
    /// A word, a phrase or a prefix.
    Words(Words),
    /// Every article (`*`, and `field:*`: every article has a title and a body).
    All,
    /// A range of a field's values (`published:[a TO b]`).
    Range {
        field: Option<String>,
        lower: Bound,
        upper: Bound,
    },
    /// Any of a set of a field's values (`source: IN [a b]`).
    Set {
        field: Option<String>,
        elements: Vec<String>,
    },
    /// A regular expression over a field's terms.
    Regex {
        field: Option<String>,
        pattern: String,
    },
}

/// One end of a range.
#[derive(Debug, Clone, PartialEq)]
pub enum Bound {
    Inclusive(String),
    Exclusive(String),
    Unbounded,
}

/// A word, a quoted phrase or a prefix, perhaps restricted to a field.
#[derive(Debug, Clone, PartialEq)]
pub struct Words {
    /// `title`, `source`, ...; `None` for the title and the body.
    pub field: Option<String>,
    /// The words, as the transformations left them.
    pub text: String,
    pub quotes: Quotes,
    /// Words between the phrase's words (`"a b"~2`).
    pub slop: u32,
    /// Whether it matches the words it begins (`اقتصا*`).
    pub prefix: bool,
    /// Where the words stand in the user's text (without quotes or field name); `None`
    /// for words the user did not type (compound alternatives) or that the parser
    /// unescaped.
    pub span: Option<Range<usize>>,
    /// Where the same plain word stands again as the same clause (`a OR b a`), which the
    /// parser keeps once: a change to the word is a change there too.
    pub repeats: Vec<Range<usize>>,
}

/// How words were quoted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quotes {
    None,
    Single,
    Double,
}

impl Words {
    /// Whether these are one plain word: no field, no quotes, no prefix; the words a
    /// correction may replace and compounds may join or split.
    pub fn is_plain(&self) -> bool {
        self.field.is_none() && !self.prefix && self.quotes == Quotes::None
    }

    /// Whether these words are searched in the text fields (not a `source:` filter).
    pub fn in_text(&self) -> bool {
        self.field
            .as_deref()
            .is_none_or(|field| TEXT_FIELDS.contains(&field))
    }
}

impl Plan {
    /// The plain words of the query as the user typed them (not negated, not compound
    /// alternatives), in order.
    pub fn plain_words(&self) -> Vec<&str> {
        let mut found = Vec::new();
        self.root.typed_branch().for_each_positive(&mut |words| {
            if words.is_plain() {
                found.push(words.text.as_str());
            }
        });
        found
    }

    /// The text of every word, phrase and prefix that an article's title or body must or
    /// may match (never a negated one, nor a filter such as `source:`), compound
    /// alternatives included: what the highlighter marks and the re-ranker weighs.
    pub fn positive_words(&self) -> Vec<&Words> {
        let mut found = Vec::new();
        self.root.for_each_positive(&mut |words| {
            if words.in_text() {
                found.push(words);
            }
        });
        found
    }

    /// The positive words of the text fields as the user typed them, in the order typed
    /// (a word typed twice, twice), without compound alternatives, one text for the
    /// analyzer to read as it read the query's text (a spaced affix after an operator
    /// still joins its word): what the re-ranker weighs.
    pub fn typed_positive_text(&self) -> String {
        let mut placed = Vec::new();
        self.root.typed_branch().for_each_positive(&mut |words| {
            if words.in_text() {
                let start = words.span.as_ref().map_or(usize::MAX, |span| span.start);
                let repeats = words.repeats.iter().map(|repeat| repeat.start);
                for at in std::iter::once(start).chain(repeats) {
                    placed.push((at, words.text.as_str()));
                }
            }
        });
        // Stable: words not typed so (no span) keep their order, last.
        placed.sort_by_key(|(at, _)| *at);
        let texts: Vec<&str> = placed.into_iter().map(|(_, text)| text).collect();
        texts.join(" ")
    }

    /// The text of every word and phrase the query excludes (under a NOT), one text for
    /// the analyzer: what query expansion must never add back.
    pub fn excluded_text(&self) -> String {
        let mut texts = Vec::new();
        self.root.walk(false, true, &mut |words, negated| {
            if negated {
                texts.push(words.text.as_str());
            }
        });
        texts.join(" ")
    }

    /// The words and quoted phrases of a query made of nothing else (no operator,
    /// prefix, field or alternative); `None` for any other query.
    pub fn only_words_and_phrases(&self) -> Option<Vec<String>> {
        self.root.only_words_and_phrases()
    }

    /// Whether the query names anything at all: a word or phrase with a term
    /// (`has_terms` says), or a range, set, regex or `*`. A query of punctuation only
    /// (`"""((((`) names nothing.
    pub fn names_anything(&self, has_terms: &mut impl FnMut(&str) -> bool) -> bool {
        self.root.names_anything(has_terms)
    }
}

impl Node {
    /// The node without compound alternatives: as the user typed it.
    fn typed_branch(&self) -> TypedBranch<'_> {
        TypedBranch(self)
    }

    /// The words not under a NOT.
    fn for_each_positive<'a>(&'a self, visit: &mut impl FnMut(&'a Words)) {
        self.walk(false, true, &mut |words, negated| {
            if !negated {
                visit(words)
            }
        });
    }

    /// Visits each leaf's words with whether they are negated; alternatives only when
    /// `alternatives`.
    fn walk<'a>(
        &'a self,
        negated: bool,
        alternatives: bool,
        visit: &mut impl FnMut(&'a Words, bool),
    ) {
        match self {
            Node::Clauses(clauses) => {
                for (occur, clause) in clauses {
                    let negated = negated || *occur == Some(Occur::MustNot);
                    clause.walk(negated, alternatives, visit);
                }
            }
            Node::Boost(inner, _) => inner.walk(negated, alternatives, visit),
            Node::Alternatives(typed, others) => {
                typed.walk(negated, alternatives, visit);
                if alternatives {
                    for other in others {
                        other.walk(negated, alternatives, visit);
                    }
                }
            }
            Node::Leaf(Leaf::Words(words)) => visit(words, negated),
            Node::Leaf(_) => {}
        }
    }

    fn for_each_words_mut(&mut self, visit: &mut impl FnMut(&mut Words)) {
        self.walk_mut(false, &mut |words, _| visit(words));
    }

    fn for_each_positive_mut(&mut self, visit: &mut impl FnMut(&mut Words)) {
        self.walk_mut(false, &mut |words, negated| {
            if !negated {
                visit(words)
            }
        });
    }

    /// Visits each list of clauses, innermost first.
    fn for_each_clauses_mut(&mut self, visit: &mut impl FnMut(&mut Vec<(Option<Occur>, Node)>)) {
        match self {
            Node::Clauses(clauses) => {
                for (_, clause) in clauses.iter_mut() {
                    clause.for_each_clauses_mut(visit);
                }
                visit(clauses);
            }
            Node::Boost(inner, _) => inner.for_each_clauses_mut(visit),
            Node::Alternatives(typed, others) => {
                typed.for_each_clauses_mut(visit);
                for other in others {
                    other.for_each_clauses_mut(visit);
                }
            }
            Node::Leaf(_) => {}
        }
    }

    fn walk_mut(&mut self, negated: bool, visit: &mut impl FnMut(&mut Words, bool)) {
        match self {
            Node::Clauses(clauses) => {
                for (occur, clause) in clauses {
                    let negated = negated || *occur == Some(Occur::MustNot);
                    clause.walk_mut(negated, visit);
                }
            }
            Node::Boost(inner, _) => inner.walk_mut(negated, visit),
            Node::Alternatives(typed, others) => {
                typed.walk_mut(negated, visit);
                for other in others {
                    other.walk_mut(negated, visit);
                }
            }
            Node::Leaf(Leaf::Words(words)) => visit(words, negated),
            Node::Leaf(_) => {}
        }
    }

    /// The node's words if it is one plain word.
    pub fn plain_words(&self) -> Option<&Words> {
        match self {
            Node::Leaf(Leaf::Words(words)) if words.is_plain() => Some(words),
            _ => None,
        }
    }

    fn only_words_and_phrases(&self) -> Option<Vec<String>> {
        match self {
            Node::Clauses(clauses) => {
                let mut words = Vec::new();
                for (occur, clause) in clauses {
                    if occur.is_some() {
                        return None;
                    }
                    words.extend(clause.only_words_and_phrases()?);
                }
                Some(words)
            }
            Node::Leaf(Leaf::Words(words)) if words.field.is_none() && !words.prefix => {
                Some(vec![words.text.clone()])
            }
            _ => None,
        }
    }

    fn names_anything(&self, has_terms: &mut impl FnMut(&str) -> bool) -> bool {
        match self {
            Node::Clauses(clauses) => clauses
                .iter()
                .any(|(_, clause)| clause.names_anything(has_terms)),
            Node::Boost(inner, _) => inner.names_anything(has_terms),
            Node::Alternatives(typed, _) => typed.names_anything(has_terms),
            Node::Leaf(Leaf::Words(words)) => has_terms(&words.text),
            Node::Leaf(_) => true,
        }
    }
}

/// A node walked without its compound alternatives.
struct TypedBranch<'a>(&'a Node);

impl<'a> TypedBranch<'a> {
    fn for_each_words(&self, visit: &mut impl FnMut(&'a Words)) {
        self.0.walk(false, false, &mut |words, _| visit(words));
    }

    fn for_each_positive(&self, visit: &mut impl FnMut(&'a Words)) {
        self.0.walk(false, false, &mut |words, negated| {
            if !negated {
                visit(words)
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_know_where_they_were_typed() {
        let plan = Plan::parse("+چین title:چین \"چین و سوریه\"");
        let spans: Vec<_> = plan
            .positive_words()
            .iter()
            .map(|words| words.span.clone().unwrap())
            .collect();
        let chin = "چین".len();
        assert_eq!(spans[0], 1..1 + chin);
        assert_eq!(spans[1], 2 + chin + 6..2 + 2 * chin + 6);
        assert_eq!(&plan.typed[spans[2].clone()], "چین و سوریه");
    }

    #[test]
    fn excluded_words_and_filters_are_not_positive() {
        let plan = Plan::parse("چین -سوریه source:ایرنا NOT روسیه title:بورس");
        let texts: Vec<&str> = plan
            .positive_words()
            .iter()
            .map(|words| words.text.as_str())
            .collect();
        assert_eq!(texts, ["چین", "بورس"]);
        // A word typed twice is there twice.
        let typed = Plan::parse("چین سوریه -روسیه title:بورس source:ایرنا چین");
        assert_eq!(typed.typed_positive_text(), "چین سوریه بورس چین");
    }

    #[test]
    fn punctuation_names_nothing() {
        let has_letters = &mut |text: &str| text.chars().any(char::is_alphanumeric);
        assert!(!Plan::parse("\"\"\"((((").names_anything(has_letters));
        assert!(!Plan::parse("").names_anything(has_letters));
        assert!(!Plan::parse("؟ !").names_anything(has_letters));
        assert!(Plan::parse("چین").names_anything(has_letters));
        assert!(Plan::parse("*").names_anything(has_letters));
    }
}
