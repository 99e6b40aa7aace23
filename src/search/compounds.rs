//! Compounds typed any way: a query rewrites its plain words so that a compound finds
//! articles that write it joined (زلزلهزده), with a ZWNJ (زلزله‌زده) or spaced (زلزله
//! زده), however the reader typed it. Documents cannot do this alone: a compound written
//! joined in an article is one word there, and one written spaced is two.
//!
//! - Two neighbouring plain words also match as the one word the index holds joined:
//!   `a b` becomes `((a b) OR ab)`.
//! - One plain word typed joined or with a ZWNJ also matches its parts as a phrase, where
//!   both parts are words of the index: `ab` becomes `(ab OR "a b")`.
//!
//! Stopwords never take part (به روز is not بهروز), and parts are at least
//! [`MIN_PART_CHARS`] long, so a word is never cut into a letter and a rest.

use tantivy::Term;

use super::plan::{Leaf, Node, Plan, Quotes, Words};
use crate::analysis::affix::one_word_across_zwnj;
use crate::analysis::fold::{classify, CharClass};
use crate::analysis::Analyzer;
use crate::error::Result;
use crate::index::live::{has_live_doc, live_doc_freq};
use crate::index::KavoshIndex;

/// Shortest part a joined word is split into, in characters: the parts of real
/// compounds (زلزله‌زده, راه‌اندازی, جلوگیری) have three or more, while two-letter
/// pieces (ای, ته) cut ordinary words (ایران, تهران) into nonsense.
const MIN_PART_CHARS: usize = 3;

/// Rewrites the compounds of a query; see the module's documentation.
pub(super) struct Compounds<'a> {
    pub index: &'a KavoshIndex,
    pub searcher: &'a tantivy::Searcher,
    pub analyzer: Analyzer,
}

impl Compounds<'_> {
    /// `plan` with both rewrites applied, splitting first (a joined pair is not split
    /// again).
    pub fn rewrite(&self, mut plan: Plan) -> Result<Plan> {
        let split = self.split_joined(plan.root)?;
        plan.root = self.join_spaced(split)?;
        Ok(plan)
    }

    /// Lets one plain word also match its parts as a phrase (`ab` → `(ab OR "a b")`).
    fn split_joined(&self, node: Node) -> Result<Node> {
        Ok(match node {
            Node::Clauses(clauses) => Node::Clauses(
                clauses
                    .into_iter()
                    .map(|(occur, clause)| Ok((occur, self.split_joined(clause)?)))
                    .collect::<Result<_>>()?,
            ),
            Node::Boost(inner, boost) => Node::Boost(Box::new(self.split_joined(*inner)?), boost),
            leaf => {
                let parts = match leaf.plain_words() {
                    Some(words) => self.parts(&words.text)?,
                    None => None,
                };
                match parts {
                    None => leaf,
                    Some(text) => {
                        let phrase = Words {
                            field: None,
                            text,
                            quotes: Quotes::Double,
                            slop: 0,
                            prefix: false,
                            span: None,
                            repeats: Vec::new(),
                        };
                        Node::Alternatives(Box::new(leaf), vec![Node::Leaf(Leaf::Words(phrase))])
                    }
                }
            }
        })
    }

    /// `word`'s parts, space-separated, if it is one search term that splits into two
    /// words of the index: the split whose rarer part is most frequent. The split is
    /// sought in the word's folded letters, without its ZWNJs, harakat and tatweel, so
    /// every typing of a word gets the same parts.
    fn parts(&self, word: &str) -> Result<Option<String>> {
        if self.analyzer.single_term(word).is_none() {
            return Ok(None);
        }
        let Some(letters) = folded_letters(word) else {
            return Ok(None);
        };
        let mut best: Option<(u64, usize)> = None;
        let bounds: Vec<usize> = letters.char_indices().map(|(at, _)| at).collect();
        for &at in bounds.iter().skip(MIN_PART_CHARS) {
            let (first, second) = letters.split_at(at);
            if second.chars().count() < MIN_PART_CHARS {
                break;
            }
            // A word and its own affix (خان + های) are no compound: that reading is the
            // analyzer's to make, from the joint the typist wrote or its tables.
            if one_word_across_zwnj(first, second) {
                continue;
            }
            if let Some(rarer) = self.both_words(first, second)? {
                if best.is_none_or(|(frequency, _)| rarer > frequency) {
                    best = Some((rarer, at));
                }
            }
        }
        Ok(best.map(|(_, at)| format!("{} {}", &letters[..at], &letters[at..])))
    }

    /// The smaller document frequency of the two, if each is one search term (not a
    /// stopword) that the index's body holds.
    fn both_words(&self, first: &str, second: &str) -> Result<Option<u64>> {
        let mut rarer = u64::MAX;
        for part in [first, second] {
            let Some(term) = self.analyzer.single_term(part) else {
                return Ok(None);
            };
            let frequency = self.body_frequency(&term)?;
            if frequency == 0 {
                return Ok(None);
            }
            rarer = rarer.min(frequency);
        }
        Ok(Some(rarer))
    }

    /// Live articles only, so that an edited index and a rebuilt one rewrite alike.
    fn body_frequency(&self, term: &str) -> Result<u64> {
        let term = Term::from_field_text(self.index.fields().body, term);
        live_doc_freq(self.searcher, &term)
    }

    /// Lets two neighbouring plain words also match as one word when the index has them
    /// joined (رتبه بندی → رتبهبندی): a compound no rule lists, written joined in an
    /// article, cannot be split there, so the query offers the joined spelling instead.
    fn join_spaced(&self, node: Node) -> Result<Node> {
        let Node::Clauses(clauses) = node else {
            return Ok(node);
        };
        let mut rewritten = Vec::with_capacity(clauses.len());
        let mut clauses = clauses.into_iter().peekable();
        while let Some((occur, clause)) = clauses.next() {
            let clause = self.join_spaced(clause)?;
            let joined = match clauses.peek() {
                Some((None, next)) if occur.is_none() => self.joined_word(&clause, next)?,
                _ => None,
            };
            let Some(joined) = joined else {
                rewritten.push((occur, clause));
                continue;
            };
            let (_, next) = clauses.next().expect("peeked");
            let apart = Node::Clauses(vec![(None, clause), (None, next)]);
            let joined = Node::Leaf(Leaf::Words(joined));
            rewritten.push((None, Node::Alternatives(Box::new(apart), vec![joined])));
        }
        Ok(Node::Clauses(rewritten))
    }

    /// The two plain words `first` and `second` as one literal, if each is one search
    /// term and, joined, one term the index's body holds.
    fn joined_word(&self, first: &Node, second: &Node) -> Result<Option<Words>> {
        let (Some(first), Some(second)) = (first.plain_words(), second.plain_words()) else {
            return Ok(None);
        };
        if self.analyzer.single_term(&first.text).is_none()
            || self.analyzer.single_term(&second.text).is_none()
        {
            return Ok(None);
        }
        let joined_words = Words {
            text: format!("{}{}", first.text, second.text),
            // Not typed so: "showing results for" keeps the words apart.
            span: None,
            repeats: Vec::new(),
            ..first.clone()
        };
        let Some(joined) = self.analyzer.single_term(&joined_words.text) else {
            return Ok(None);
        };
        let term = Term::from_field_text(self.index.fields().body, &joined);
        Ok(has_live_doc(self.searcher, &term)?.then_some(joined_words))
    }
}

/// The folded letters of one word, leaving out what is drawn on or between its letters
/// (harakat, tatweel, ZWNJ); `None` if it holds anything else (a space, a presentation
/// form).
fn folded_letters(word: &str) -> Option<String> {
    let mut letters = String::with_capacity(word.len());
    for c in word.chars() {
        match classify(c) {
            CharClass::Letter(folded) => letters.push(folded),
            CharClass::Mark | CharClass::Joiner => {}
            _ => return None,
        }
    }
    Some(letters)
}
