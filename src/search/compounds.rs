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

use std::cell::RefCell;

use rustc_hash::FxHashMap;

use super::plan::{Leaf, Node, Plan, Quotes, Words};
use super::vocabulary::{TextField, Vocabulary};
use crate::analysis::affix::one_word_across_zwnj;
use crate::analysis::fold::{classify, CharClass};
use crate::analysis::Analyzer;
use crate::error::Result;

/// Shortest part a joined word is split into, in characters: the parts of real compounds
/// (زلزله‌زده, راه‌اندازی, جلوگیری) have three or more, while two-letter pieces (ای, ته)
/// cut ordinary words (ایران, تهران) into nonsense. News MAP n01–n76 / n77–n112 and
/// ParsiNLU MRR@10 (2026-12-07, README: Evaluation): 2: 0.8522 / 0.8514 / 0.7543, **3**:
/// 0.8459 / 0.8424 / 0.7540, 4: 0.8383 / 0.8451 / 0.7546, 5: 0.8383 / 0.8465 / 0.7541. Two
/// letters gain on news from one topic alone (n55 جدایی شهرری از تهران, شهر ری: AP 0 → 1)
/// and cut two others into pieces that match what they are not (n10 رمدسیویر 1 → 0.86, n111
/// واتساپ 0.95 → 0.77); ParsiNLU cannot tell. 3 stays: a rule whose gain is one name and
/// whose losses are collisions.
const MIN_PART_CHARS: usize = 3;

/// Rewrites the compounds of a query; see the module's documentation.
pub(super) struct Compounds<'a> {
    vocabulary: &'a dyn Vocabulary,
    /// The query analyzer.
    analyzer: Analyzer,
    /// Each part looked up so far and what [`Compounds::word_frequency`] said of it: the
    /// splits into two and three try the same parts again and again, and on an index
    /// with deletions each lookup reads the term's postings.
    frequencies: RefCell<FxHashMap<String, Option<u64>>>,
}

impl<'a> Compounds<'a> {
    /// The rewriter of one query's compounds against `vocabulary`, whose query analyzer
    /// is `analyzer`.
    pub fn new(vocabulary: &'a dyn Vocabulary, analyzer: Analyzer) -> Self {
        Compounds {
            vocabulary,
            analyzer,
            frequencies: RefCell::default(),
        }
    }

    /// `plan` with both rewrites applied, splitting first (a joined pair is not split
    /// again).
    pub fn rewrite(&self, mut plan: Plan) -> Result<Plan> {
        // The words of the plan as corrected: what planning fetched ahead is known.
        let words: Vec<&str> = plan.plain_words();
        self.vocabulary.prefetch(&mut || {
            let parts = Self::lookups(&self.analyzer, &words);
            parts
                .into_iter()
                .map(|term| (TextField::Body, term))
                .collect()
        })?;
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
                let splits = match leaf.plain_words() {
                    Some(words) => self.splits(&words.text)?,
                    None => Vec::new(),
                };
                if splits.is_empty() {
                    return Ok(leaf);
                }
                let phrases = splits.into_iter().map(|text| {
                    Node::Leaf(Leaf::Words(Words {
                        field: None,
                        text,
                        quotes: Quotes::Double,
                        slop: 0,
                        prefix: false,
                        span: None,
                        repeats: Vec::new(),
                    }))
                });
                Node::Alternatives(Box::new(leaf), phrases.collect())
            }
        })
    }

    /// The ways `word` splits into words of the index, each space-separated, if it is one
    /// search term: at the ZWNJs the typist set, and the split into two and into three
    /// whose rarest part is most frequent (فتحاللهزاده: فتحالله زاده and فتح الله زاده, as
    /// articles write it either way). The splits into two and three are sought in the
    /// word's folded letters, without its ZWNJs, harakat and tatweel, so every typing of a
    /// word gets them.
    fn splits(&self, word: &str) -> Result<Vec<String>> {
        let mut splits = Vec::new();
        if self.analyzer.single_term(word).is_none() {
            return Ok(splits);
        }
        if let Some(parts) = typed_parts(word) {
            if self.all_words(&parts)? {
                splits.push(parts.join(" "));
            }
        }
        let Some(letters) = folded_letters(word) else {
            return Ok(splits);
        };
        for pieces in [2, 3] {
            if let Some((_, cuts)) = self.best_split(&letters, pieces)? {
                let mut parts = Vec::with_capacity(pieces);
                let mut from = 0;
                for cut in cuts.into_iter().chain([letters.len()]) {
                    parts.push(&letters[from..cut]);
                    from = cut;
                }
                let split = parts.join(" ");
                if !splits.contains(&split) {
                    splits.push(split);
                }
            }
        }
        Ok(splits)
    }

    /// The split of `letters` into `pieces` words of the index whose rarest is the most
    /// frequent: that frequency and the byte offsets of the cuts.
    fn best_split(&self, letters: &str, pieces: usize) -> Result<Option<(u64, Vec<usize>)>> {
        if pieces == 1 {
            return Ok(self
                .word_frequency(letters)?
                .map(|frequency| (frequency, Vec::new())));
        }
        let mut best: Option<(u64, Vec<usize>)> = None;
        for (at, _) in letters.char_indices().skip(MIN_PART_CHARS) {
            let (first, rest) = letters.split_at(at);
            if rest.chars().count() < MIN_PART_CHARS * (pieces - 1) {
                break;
            }
            let Some(first_frequency) = self.word_frequency(first)? else {
                continue;
            };
            let Some((rest_frequency, cuts)) = self.best_split(rest, pieces - 1)? else {
                continue;
            };
            // A word and its own affix (خان + های) are no compound: that reading is the
            // analyzer's to make, from the joint the typist wrote or its tables.
            let second = &rest[..cuts.first().copied().unwrap_or(rest.len())];
            if one_word_across_zwnj(first, second) {
                continue;
            }
            let rarer = first_frequency.min(rest_frequency);
            if best
                .as_ref()
                .is_none_or(|(frequency, _)| rarer > *frequency)
            {
                let cuts = std::iter::once(at).chain(cuts.into_iter().map(|cut| cut + at));
                best = Some((rarer, cuts.collect()));
            }
        }
        Ok(best)
    }

    /// Whether each of `parts` is a word of the index.
    fn all_words(&self, parts: &[String]) -> Result<bool> {
        for part in parts {
            if self.word_frequency(part)?.is_none() {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// How many articles' bodies hold `part`, if it is one search term (not a stopword)
    /// that some article's body holds.
    fn word_frequency(&self, part: &str) -> Result<Option<u64>> {
        if let Some(known) = self.frequencies.borrow().get(part) {
            return Ok(*known);
        }
        let frequency = match self.analyzer.single_term(part) {
            Some(term) => Some(self.body_frequency(&term)?).filter(|frequency| *frequency > 0),
            None => None,
        };
        self.frequencies
            .borrow_mut()
            .insert(part.to_string(), frequency);
        Ok(frequency)
    }

    /// Live articles only, so that an edited index and a rebuilt one rewrite alike.
    fn body_frequency(&self, term: &str) -> Result<u64> {
        self.vocabulary.frequency(TextField::Body, term)
    }

    /// Every term (as `analyzer`, the query analyzer, gives it) a rewrite of the plain
    /// words `words` (in the order typed) may look up in the body:
    /// the parts each is typed in, every piece of its folded letters the splits try, and
    /// each two and three neighbours joined. More than are asked, for a vocabulary to
    /// fetch them at once.
    pub fn lookups(analyzer: &Analyzer, words: &[&str]) -> Vec<String> {
        let mut pieces: Vec<String> = Vec::new();
        for word in words {
            pieces.extend(typed_parts(word).into_iter().flatten());
            let Some(letters) = folded_letters(word) else {
                continue;
            };
            let cuts: Vec<usize> = letters
                .char_indices()
                .map(|(at, _)| at)
                .chain([letters.len()])
                .collect();
            for (first, &from) in cuts.iter().enumerate() {
                for &to in cuts.iter().skip(first + MIN_PART_CHARS) {
                    pieces.push(letters[from..to].to_string());
                }
            }
        }
        for len in [2, 3] {
            pieces.extend(words.windows(len).map(|window| window.concat()));
        }
        let mut terms: Vec<String> = pieces
            .iter()
            .filter_map(|piece| analyzer.single_term(piece))
            .collect();
        terms.sort_unstable();
        terms.dedup();
        terms
    }

    /// Lets three or two neighbouring plain words also match as one word when the index
    /// has them joined (رتبه بندی → رتبهبندی, فتح الله زاده → فتحاللهزاده): a compound
    /// no rule lists, written joined in an article, cannot be split there, so the query
    /// offers the joined spelling instead. Three are tried first, so a name is joined
    /// whole.
    fn join_spaced(&self, node: Node) -> Result<Node> {
        let Node::Clauses(clauses) = node else {
            return Ok(node);
        };
        // Each clause, joined inside first, taken out once it is placed.
        let mut clauses = clauses
            .into_iter()
            .map(|(occur, clause)| Ok(Some((occur, self.join_spaced(clause)?))))
            .collect::<Result<Vec<_>>>()?;
        let mut rewritten = Vec::with_capacity(clauses.len());
        let mut at = 0;
        while at < clauses.len() {
            // The clauses without an occur from here, up to three.
            let free = clauses[at..]
                .iter()
                .take(3)
                .take_while(|clause| clause.as_ref().is_some_and(|(occur, _)| occur.is_none()))
                .count();
            let mut joined = None;
            for len in (2..=free).rev() {
                let nodes: Vec<&Node> = clauses[at..at + len]
                    .iter()
                    .filter_map(|clause| clause.as_ref().map(|(_, node)| node))
                    .collect();
                if let Some(words) = self.joined_word(&nodes)? {
                    joined = Some((len, words));
                    break;
                }
            }
            let Some((len, words)) = joined else {
                rewritten.extend(clauses[at].take());
                at += 1;
                continue;
            };
            let apart = clauses[at..at + len]
                .iter_mut()
                .filter_map(|clause| clause.take().map(|(_, node)| (None, node)));
            let apart = Node::Clauses(apart.collect());
            let joined = Node::Leaf(Leaf::Words(words));
            rewritten.push((None, Node::Alternatives(Box::new(apart), vec![joined])));
            at += len;
        }
        Ok(Node::Clauses(rewritten))
    }

    /// The plain words of `nodes` as one literal, if each is one search term and,
    /// joined, one term the index's body holds.
    fn joined_word(&self, nodes: &[&Node]) -> Result<Option<Words>> {
        let mut text = String::new();
        for node in nodes {
            let Some(words) = typed_plain_words(node) else {
                return Ok(None);
            };
            if self.analyzer.single_term(&words.text).is_none() {
                return Ok(None);
            }
            text.push_str(&words.text);
        }
        let first = typed_plain_words(nodes[0]).expect("plain");
        let joined_words = Words {
            text,
            // Not typed so: "showing results for" keeps the words apart.
            span: None,
            repeats: Vec::new(),
            ..first.clone()
        };
        let Some(joined) = self.analyzer.single_term(&joined_words.text) else {
            return Ok(None);
        };
        Ok(self
            .vocabulary
            .holds(TextField::Body, &joined)?
            .then_some(joined_words))
    }
}

/// The node's words if it is one plain word, or one plain word typed with a ZWNJ and
/// given its split spellings (فتح‌الله, also searched as فتح الله): the typist's ZWNJ
/// says it is part of a name or compound whose rest may follow (فتح‌الله زاده). Other
/// words with split spellings are not joined on: doing so for every word counted some
/// matches twice (n44, ترابزون اسپور) and cost 0.0049 MAP on news topics n01–n76 for
/// 0.0027 on n77–n112.
fn typed_plain_words(node: &Node) -> Option<&Words> {
    match node {
        Node::Alternatives(typed, _) => typed
            .plain_words()
            .filter(|words| words.text.contains(ZWNJ)),
        node => node.plain_words(),
    }
}

/// The parts a word was typed in, where the typist set a ZWNJ between two words
/// (فتح‌الله‌زاده: فتح الله زاده, گل‌محمدی: گل محمدی), folded; an affix after a ZWNJ stays
/// on its word (کتاب‌ها is one part). The typist said where the parts are, so they may be
/// shorter than [`MIN_PART_CHARS`]. `None` for a word of one part.
fn typed_parts(word: &str) -> Option<Vec<String>> {
    let mut parts: Vec<String> = Vec::new();
    for piece in word.split(ZWNJ) {
        let letters = folded_letters(piece)?;
        match parts.last_mut() {
            _ if letters.is_empty() => {}
            Some(last) if one_word_across_zwnj(last, &letters) => last.push_str(&letters),
            _ => parts.push(letters),
        }
    }
    (parts.len() > 1).then_some(parts)
}

const ZWNJ: char = '\u{200c}';

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
