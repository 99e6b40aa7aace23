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
//! tantivy's query, and another engine's compiler could read it as well.

use std::ops::Range;

use tantivy::query_grammar::{
    Delimiter, Occur as UserOccur, UserInputAst, UserInputBound, UserInputLeaf,
};

use super::parse::parse;
use crate::analysis::affix;
use crate::analysis::script::ZWNJ;
use crate::error::Result;
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
    /// Parses `typed` leniently (whatever the reader typed gives a plan) with the grammar
    /// `kavosh help search` documents, and finds where each word stands in it.
    pub fn parse(typed: &str) -> Plan {
        let mut root = Node::from_ast(parse(typed));
        let mut cursor = 0;
        root.for_each_words_mut(&mut |words| {
            words.span = find_span(typed, cursor, words);
            if let Some(span) = &words.span {
                cursor = span.end;
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
            if let Some(span) = &words.span {
                if self.typed[span.clone()] != words.text {
                    changes.push((span.clone(), words.text.as_str()));
                }
            }
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
        join_neighbours(&mut self.root, &self.typed);
        self
    }

    /// Replaces each plain word that `correction` corrects (a word that matches nothing)
    /// where it stands, every occurrence judged on its own; negated words are left as
    /// typed. Punctuation typed on the word (سوریخ؟) stays.
    pub fn correct(
        mut self,
        correction: &mut impl FnMut(&str) -> Result<Option<String>>,
    ) -> Result<Plan> {
        let mut result = Ok(());
        let mut corrected = false;
        self.root.for_each_positive_mut(&mut |words| {
            if !words.is_plain() || result.is_err() {
                return;
            }
            match correction(&words.text) {
                Ok(Some(replacement)) => {
                    words.text = replace_core(&words.text, &replacement);
                    corrected = true;
                }
                Ok(None) => {}
                Err(error) => result = Err(error),
            }
        });
        result?;
        self.corrected |= corrected;
        Ok(self)
    }

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

    /// The positive words of the text fields as the user typed them, without compound
    /// alternatives: what the re-ranker weighs (a compound's other spelling would count
    /// its grams twice).
    pub fn typed_positive_words(&self) -> Vec<&Words> {
        let mut found = Vec::new();
        self.root.typed_branch().for_each_positive(&mut |words| {
            if words.in_text() {
                found.push(words);
            }
        });
        found
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
    fn from_ast(ast: UserInputAst) -> Node {
        match ast {
            UserInputAst::Clause(clauses) => Node::Clauses(
                clauses
                    .into_iter()
                    .map(|(occur, clause)| (occur.map(Occur::from), Node::from_ast(clause)))
                    .collect(),
            ),
            UserInputAst::Boost(inner, boost) => {
                Node::Boost(Box::new(Node::from_ast(*inner)), boost.into_inner())
            }
            UserInputAst::Leaf(leaf) => Node::Leaf(Leaf::from_ast(*leaf)),
        }
    }

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

    /// tantivy's parse tree of this node, as its query parser takes it.
    pub(super) fn to_ast(&self, leaf: &mut impl FnMut(&Leaf) -> UserInputAst) -> UserInputAst {
        match self {
            Node::Clauses(clauses) => UserInputAst::Clause(
                clauses
                    .iter()
                    .map(|(occur, clause)| (occur.map(UserOccur::from), clause.to_ast(leaf)))
                    .collect(),
            ),
            Node::Boost(inner, boost) => {
                UserInputAst::Boost(Box::new(inner.to_ast(leaf)), (*boost).into())
            }
            Node::Alternatives(typed, others) => UserInputAst::Clause(
                std::iter::once(typed.as_ref())
                    .chain(others)
                    .map(|node| (Some(UserOccur::Should), node.to_ast(leaf)))
                    .collect(),
            ),
            Node::Leaf(words) => leaf(words),
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

impl Leaf {
    fn from_ast(leaf: UserInputLeaf) -> Leaf {
        match leaf {
            UserInputLeaf::Literal(literal) => Leaf::Words(Words {
                field: literal.field_name,
                text: literal.phrase,
                quotes: match literal.delimiter {
                    Delimiter::None => Quotes::None,
                    Delimiter::SingleQuotes => Quotes::Single,
                    Delimiter::DoubleQuotes => Quotes::Double,
                },
                slop: literal.slop,
                prefix: literal.prefix,
                span: None,
            }),
            UserInputLeaf::All | UserInputLeaf::Exists { .. } => Leaf::All,
            UserInputLeaf::Range {
                field,
                lower,
                upper,
            } => Leaf::Range {
                field,
                lower: lower.into(),
                upper: upper.into(),
            },
            UserInputLeaf::Set { field, elements } => Leaf::Set { field, elements },
            UserInputLeaf::Regex { field, pattern } => Leaf::Regex { field, pattern },
        }
    }
}

impl From<UserOccur> for Occur {
    fn from(occur: UserOccur) -> Self {
        match occur {
            UserOccur::Must => Occur::Must,
            UserOccur::Should => Occur::Should,
            UserOccur::MustNot => Occur::MustNot,
        }
    }
}

impl From<Occur> for UserOccur {
    fn from(occur: Occur) -> Self {
        match occur {
            Occur::Must => UserOccur::Must,
            Occur::Should => UserOccur::Should,
            Occur::MustNot => UserOccur::MustNot,
        }
    }
}

impl From<UserInputBound> for Bound {
    fn from(bound: UserInputBound) -> Self {
        match bound {
            UserInputBound::Inclusive(value) => Bound::Inclusive(value),
            UserInputBound::Exclusive(value) => Bound::Exclusive(value),
            UserInputBound::Unbounded => Bound::Unbounded,
        }
    }
}

impl From<&Bound> for UserInputBound {
    fn from(bound: &Bound) -> Self {
        match bound {
            Bound::Inclusive(value) => UserInputBound::Inclusive(value.clone()),
            Bound::Exclusive(value) => UserInputBound::Exclusive(value.clone()),
            Bound::Unbounded => UserInputBound::Unbounded,
        }
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

/// Joins two neighbouring words of a clause that only white space separates in the
/// user's text, where the second is an affix of the first (کتاب ها).
fn join_neighbours(node: &mut Node, typed: &str) {
    match node {
        Node::Clauses(clauses) => {
            for (_, clause) in clauses.iter_mut() {
                join_neighbours(clause, typed);
            }
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
        }
        Node::Boost(inner, _) => join_neighbours(inner, typed),
        Node::Alternatives(..) | Node::Leaf(_) => {}
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
        prefix: second.prefix,
        quotes: if second.prefix {
            second.quotes
        } else {
            first.quotes
        },
        ..first.clone()
    })
}

/// `word` with its letters replaced by `replacement`, the punctuation typed around them
/// kept (سوریخ؟ → سوریه؟).
fn replace_core(word: &str, replacement: &str) -> String {
    let is_core = |c: char| c.is_alphanumeric() || c == ZWNJ;
    let start = word.find(is_core).unwrap_or(0);
    let end = word.rfind(is_core).map_or(word.len(), |at| {
        at + word[at..].chars().next().map_or(0, char::len_utf8)
    });
    format!("{}{replacement}{}", &word[..start], &word[end..])
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
        assert_eq!(corrected("سوریخ؟ چینن"), "سوریه؟ چین");
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
