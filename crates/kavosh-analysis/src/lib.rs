//! Persian analysis for full-text search: text in, search terms out, each with the byte
//! span of the original characters it came from, so highlights land on what the text
//! really says.
//!
//! The rules are independent of tantivy and work on plain strings ([`Analyzer`]);
//! [`tantivy_adapter`] is the thin bridge that copies each token into tantivy's own
//! `Token`, and [`register`] puts the tokenizers in a tantivy `TokenizerManager`.
//!
//! The steps, in order:
//! 1. [`segment`]: split into words, folding each char ([`fold`]): letters to the Persian
//!    forms, digits to ASCII, marks and joiners dropped, Latin lowercased; where a ZWNJ
//!    stood and where a ی or ا was written ئ or آ are noted.
//! 2. [`affix`]: join a spaced affix to its word (کتاب ها → کتابها, می کند → میکند),
//!    noting the space as a joint.
//! 3. [`readings`]: an ending a ZWNJ or space set apart is dropped (خانه‌ای → خانه,
//!    کتاب‌ها → کتاب); a joined word in ای that reads two ways is read by its table
//!    (محاصرهای → محاصره; نامهای → نامه and نام).
//! 4. [`stopwords`]: drop function words (و, در, از), keeping their position.
//! 5. [`stem`]: strip the floating suffixes (کتابها → کتاب, بزرگتر → بزرگ).
//! 6. [`seats`]: settle the seats of hamza and the madda word by word (رئال is no ریال,
//!    آجر no اجر; مسئول = مسؤول).
//!
//! In documents, a word written with a ZWNJ between two words (رتبه‌بندی, جنگ‌افزار) is
//! also given its parts (رتبه, بند), stacked at its position: a reader typing one part
//! finds it, as Lucene's ZWNJ-splitting finds it, while the whole word still matches the
//! joined spelling. Queries keep whole words ([`Analyzer::for_queries`]): a query word's
//! parts cannot be known when it is typed joined, and a ZWNJ must not change its terms.
//!
//! ```
//! use kavosh_analysis::Analyzer;
//!
//! // Arabic letters, a ZWNJ, a space: one spelling of "the books" each, one term.
//! let analyzer = Analyzer::default();
//! for spelling in ["كتابهاي", "کتاب‌ها", "کتاب ها"] {
//!     assert_eq!(analyzer.terms(spelling), ["کتاب"]);
//! }
//! // Each token keeps the byte span of the text it came from.
//! let text = "این کتاب ها";
//! let tokens = analyzer.analyze(text);
//! assert_eq!(&text[tokens[0].span.clone()], "کتاب ها");
//! ```
//!
//! # Features
//! - `tantivy` (default): [`register`], which needs tantivy's `TokenizerManager`. Without
//!   it the crate depends on `tantivy-tokenizer-api` only, and its tokenizers and filters
//!   still plug into tantivy's `TextAnalyzer`.
//! - `serde`: `Serialize` and `Deserialize` for [`AnalyzerOptions`].

#![warn(missing_docs)]

pub mod affix;
pub mod filters;
pub mod fold;
pub mod grams;
pub mod readings;
pub mod script;
pub mod seats;
pub mod segment;
pub mod stem;
pub mod stopwords;
pub mod tantivy_adapter;

use std::ops::Range;

use readings::{BothReadings, Reading, AI_ENDING};
use segment::{Joint, Segmenter, WordMarks};

#[cfg(feature = "tantivy")]
pub use tantivy_adapter::register;
pub use tantivy_adapter::{PersianTokenizer, TOKENIZER_NAME};

/// The README's example, run as a doc-test so it stays true.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeExample;

/// The longest term indexed, in bytes; a longer "word" (a run of text with no space,
/// a blob of base64) is dropped whole, as tantivy's `RemoveLongFilter` drops it, so that
/// no single token can bloat the term dictionary, a query or a highlight.
///
/// Evidence: no term of the news collection (2,863,311 terms of 11,452 articles'
/// titles and bodies) is longer than 77 bytes (run-ons such as
/// خبرامدنگواردیولاتاثیرمنفیرویتیمنداشت, 72), nor any of ParsiNLU's passages (88,153
/// terms) longer than 38 (هیدروکسیایندولیستیک); the longest real words are 30 to 40
/// bytes (سانتیاگوبرنابیو, حجتالاسلاموالمسلمین, امربهمعروفونهیازمنکر). tantivy's own
/// default of 40 would drop those; 128 drops no term of either set.
pub const MAX_TERM_BYTES: usize = 128;

/// The plural ending an ambiguous joined word may end in (نامهای).
const PLURAL_ENDING: &str = "های";

/// The rows of one of the crate's tables (tab-separated; a line starting with `#` is a
/// comment), each as its columns.
///
/// ```
/// use kavosh_analysis::{seats::HAMZA_WORDS, table_rows};
///
/// assert!(table_rows(HAMZA_WORDS).any(|row| row[..3] == ["رئال", "ریال", "two"]));
/// ```
pub fn table_rows(table: &str) -> impl Iterator<Item = Vec<&str>> {
    table
        .lines()
        .filter(|line| !line.starts_with('#'))
        .map(|line| line.split('\t').collect())
}

/// One search term and where it stands in the original text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Token {
    /// The folded term, as stored in the index.
    pub text: String,
    /// Byte span of the original characters.
    pub span: Range<usize>,
    /// Word position, counted from 0.
    pub position: usize,
    /// Stacked at the position of the whole word given just before it: a part of a
    /// compound, or another reading of an ambiguous word ([`readings`]).
    pub stacked: bool,
}

/// The analysis settings an index was built with; recorded beside the index so that
/// queries are always analyzed the way the documents were.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default))]
pub struct AnalyzerOptions {
    /// Join spaced affixes to their word (step 2).
    pub join_affixes: bool,
    /// Strip floating suffixes (step 3).
    pub stem: bool,
    /// Drop function words (step 4).
    pub stopwords: bool,
    /// In documents, also give the parts of a compound written with a ZWNJ.
    pub compound_parts: bool,
}

impl Default for AnalyzerOptions {
    fn default() -> Self {
        AnalyzerOptions {
            join_affixes: true,
            stem: true,
            stopwords: true,
            compound_parts: true,
        }
    }
}

impl AnalyzerOptions {
    /// Folding and segmentation only (step 1).
    pub fn fold_only() -> Self {
        AnalyzerOptions {
            join_affixes: false,
            stem: false,
            stopwords: false,
            compound_parts: false,
        }
    }
}

/// The Persian analyzer. Cheap to clone.
#[derive(Debug, Clone, Copy, Default)]
pub struct Analyzer {
    options: AnalyzerOptions,
}

impl Analyzer {
    /// The analyzer with these options; [`Analyzer::default`] has them all on.
    ///
    /// ```
    /// use kavosh_analysis::{Analyzer, AnalyzerOptions};
    ///
    /// let folding_only = Analyzer::new(AnalyzerOptions::fold_only());
    /// assert_eq!(folding_only.terms("كتاب ها در"), ["کتاب", "ها", "در"]);
    /// ```
    pub fn new(options: AnalyzerOptions) -> Self {
        Analyzer { options }
    }

    /// This analyzer as queries use it: whole words only (see the crate's notes).
    ///
    /// ```
    /// use kavosh_analysis::Analyzer;
    ///
    /// let documents = Analyzer::default();
    /// assert_eq!(documents.terms("رتبه‌بندی"), ["رتبهبند", "رتبه", "بندی"]);
    /// assert_eq!(documents.for_queries().terms("رتبه‌بندی"), ["رتبهبند"]);
    /// ```
    pub fn for_queries(self) -> Self {
        Analyzer::new(AnalyzerOptions {
            compound_parts: false,
            ..self.options
        })
    }

    /// A stream of the tokens of `text`; the token buffer is reused from one to the next.
    pub fn tokens<'a>(&self, text: &'a str) -> Tokens<'a> {
        Tokens {
            text,
            options: self.options,
            segmenter: Segmenter::new(text),
            token: Token::default(),
            lookahead: String::new(),
            lookahead_span: None,
            next_position: 0,
            marks: WordMarks::default(),
            lookahead_marks: WordMarks::default(),
            compound: String::new(),
            parts: Vec::new(),
            other_reading: None,
            word_span: 0..0,
        }
    }

    /// The tokens of `text` from `resume` on: those [`Tokens::resume_point`] said were
    /// still to come, with the same positions, without analyzing what came before.
    pub fn tokens_from<'a>(&self, text: &'a str, resume: Resume) -> Tokens<'a> {
        Tokens {
            segmenter: Segmenter::starting_at(text, resume.offset),
            next_position: resume.position,
            ..self.tokens(text)
        }
    }

    /// All tokens of `text`, collected; for tests and short strings such as queries.
    pub fn analyze(&self, text: &str) -> Vec<Token> {
        let mut tokens = self.tokens(text);
        let mut all = Vec::new();
        while let Some(token) = tokens.next_token() {
            all.push(token.clone());
        }
        all
    }

    /// Just the terms of `text`.
    pub fn terms(&self, text: &str) -> Vec<String> {
        self.analyze(text)
            .into_iter()
            .map(|token| token.text)
            .collect()
    }

    /// The term of `text` if it analyzes to exactly one (a word, not a stopword).
    pub fn single_term(&self, text: &str) -> Option<String> {
        let mut terms = self.terms(text);
        (terms.len() == 1).then(|| terms.remove(0))
    }
}

/// Streaming tokens over one text. Two string buffers (the token and one word of
/// lookahead) are reused for the whole text.
pub struct Tokens<'a> {
    text: &'a str,
    options: AnalyzerOptions,
    segmenter: Segmenter<'a>,
    token: Token,
    /// The word after the current one, read to see whether it joins it.
    lookahead: String,
    lookahead_span: Option<Range<usize>>,
    next_position: usize,
    /// What folding hid in the current word and in the lookahead.
    marks: WordMarks,
    lookahead_marks: WordMarks,
    /// The folded compound whose parts are still to come, and those parts (folded range,
    /// original span), last first.
    compound: String,
    parts: Vec<(Range<usize>, Range<usize>)>,
    /// The other reading of an ambiguous word, still to come at its position
    /// ([`readings`]).
    other_reading: Option<&'static str>,
    /// The current word's span.
    word_span: Range<usize>,
}

/// Where a stream of tokens may be taken up again ([`Analyzer::tokens_from`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Resume {
    /// Byte offset of the next word in the text.
    offset: usize,
    /// The next word's position.
    position: usize,
}

impl Tokens<'_> {
    /// Where the tokens still to come begin, when no token of a word already read is
    /// still to come (its compound parts or other reading): the next word stands alone
    /// then, since a word joins only the words after it.
    pub fn resume_point(&self) -> Option<Resume> {
        if !self.parts.is_empty() || self.other_reading.is_some() {
            return None;
        }
        let offset = self
            .lookahead_span
            .as_ref()
            .map_or(self.segmenter.cursor(), |span| span.start);
        Some(Resume {
            offset,
            position: self.next_position,
        })
    }

    /// The next token, or `None` at the end. The returned token is overwritten by the
    /// next call.
    pub fn next_token(&mut self) -> Option<&Token> {
        loop {
            if let Some(term) = self.other_reading.take() {
                self.token.text.clear();
                self.token.text.push_str(term);
                self.token.span = self.word_span.clone();
                self.token.stacked = true;
                return Some(&self.token);
            }
            if let Some((part, span)) = self.parts.pop() {
                self.token.text.clear();
                self.token.text.push_str(&self.compound[part.clone()]);
                // The part's ی written ئ (رئال in رئال‌مادرید), counted from the part.
                let seats: Vec<usize> = self
                    .marks
                    .seats
                    .iter()
                    .filter(|at| part.contains(at))
                    .map(|at| at - part.start)
                    .collect();
                if self.finish_term(&seats) {
                    self.token.span = span;
                    self.token.stacked = true;
                    return Some(&self.token);
                }
                continue;
            }
            let mut span = self.next_word()?;
            let position = self.next_position;
            self.next_position += 1;
            if self.options.join_affixes {
                span.end = self.join_following_affixes(span.end);
            }
            if self.options.compound_parts && !self.marks.joints.is_empty() {
                self.find_compound_parts(span.clone());
            }
            let both = if self.options.stem {
                self.read_ending()
            } else {
                None
            };
            self.token.span = span;
            self.token.position = position;
            self.token.stacked = false;
            let seats = std::mem::take(&mut self.marks.seats);
            let mut kept = self.finish_term(&seats);
            self.marks.seats = seats;
            // The other reading, unless it is a function word (در in درهای).
            let mut both = both
                .filter(|both| !(self.options.stopwords && stopwords::is_stopword(&both.other)));
            if !kept {
                // The word with ای is a function word (دربارهای): the other reading stays.
                if let Some(other) = both.take() {
                    self.token.text.clone_from(&other.other);
                    kept = true;
                }
            }
            if kept {
                if let Some(both) = both.filter(|both| both.other != self.token.text) {
                    self.word_span.clone_from(&self.token.span);
                    self.other_reading = Some(&both.other);
                }
                return Some(&self.token);
            }
            // A dropped word's parts are no more searchable than it is.
            self.parts.clear();
        }
    }

    /// Drops a stopword or an overlong term (false), or stems the term in the token's
    /// buffer and settles its seats ([`seats`]; `seats`: where its ی or ا were written
    /// ئ or آ).
    fn finish_term(&mut self, seats: &[usize]) -> bool {
        if self.token.text.len() > MAX_TERM_BYTES {
            return false;
        }
        // Stopwords are listed as written, before stemming makes برای into برا.
        if self.options.stopwords && stopwords::is_stopword(&self.token.text) {
            return false;
        }
        if self.options.stem {
            stem::stem(&mut self.token.text);
            seats::settle(&mut self.token.text, seats);
        }
        true
    }

    /// Reads the word's ending where it reads two ways. An ending set apart by a ZWNJ
    /// or a space (خانه‌ای, خانه ای, کتاب‌ها, بار‌شان) is dropped, unless the word before
    /// it is a function word (این‌ها is اینها): the joint says where the word ends.
    /// Joined, a word in ای listed in [`readings`] is read as the word with ای
    /// (محاصرهای → محاصره), or both ways: the other reading is returned then.
    fn read_ending(&mut self) -> Option<&'static BothReadings> {
        let mut joints = self.marks.joints.len();
        // The last ending first: حرفه‌ای‌ها → حرفه‌ای → حرفه.
        while let Some(joint) = joints.checked_sub(1).map(|last| self.marks.joints[last]) {
            let (word, ending) = self.token.text.split_at(joint.folded);
            if !affix::ends_a_word_after_a_joint(ending)
                || word.chars().nth(1).is_none()
                || stopwords::is_stopword(word)
            {
                break;
            }
            self.token.text.truncate(joint.folded);
            joints -= 1;
        }
        let length = self.token.text.len();
        // A joint where the plural begins says which it is: این‌های is a plural.
        if joints > 0 && self.marks.joints[joints - 1].folded + PLURAL_ENDING.len() == length {
            return None;
        }
        if !self.token.text.ends_with(AI_ENDING) {
            return None;
        }
        let (reading, both) = readings::joined_reading(&self.token.text)?;
        if reading == Reading::Other {
            return None;
        }
        self.token.text.truncate(length - AI_ENDING.len());
        both
    }

    /// Splits the current word at its ZWNJs into the parts of a compound, keeping an
    /// affix with its word (کتاب‌ها, می‌کند, خانه‌ای are one word); queues the parts if
    /// there are two or more.
    fn find_compound_parts(&mut self, span: Range<usize>) {
        let word = &self.token.text;
        self.parts.clear();
        let mut start = (0, span.start);
        for joint in &self.marks.joints {
            let piece = start.0..joint.folded;
            if piece.is_empty() {
                continue;
            }
            self.parts.push((piece, start.1..joint.original));
            start = (joint.folded, joint.next);
        }
        self.parts.push((start.0..word.len(), start.1..span.end));
        // Glue each affix to the piece typed before it, first to last, so that endings
        // in a row stay with their word (حرفه‌ای‌ها is one word).
        let mut index = 1;
        let mut before = self.parts[0].0.clone();
        while index < self.parts.len() {
            let after = self.parts[index].0.clone();
            if affix::one_word_across_zwnj(&word[before], &word[after.clone()]) {
                let (folded, original) = self.parts.remove(index);
                let glued = &mut self.parts[index - 1];
                glued.0.end = folded.end;
                glued.1.end = original.end;
            } else {
                index += 1;
            }
            before = after;
        }
        if self.parts.len() < 2 {
            self.parts.clear();
            return;
        }
        self.parts.reverse();
        self.compound.clear();
        self.compound.push_str(word);
    }

    /// The next folded word into the token's buffer: the lookahead if there is one.
    fn next_word(&mut self) -> Option<Range<usize>> {
        match self.lookahead_span.take() {
            Some(span) => {
                std::mem::swap(&mut self.token.text, &mut self.lookahead);
                std::mem::swap(&mut self.marks, &mut self.lookahead_marks);
                Some(span)
            }
            None => self
                .segmenter
                .next_word_with_marks(&mut self.token.text, Some(&mut self.marks)),
        }
    }

    /// Appends each following word that joins the current one; returns the new span end.
    fn join_following_affixes(&mut self, mut end: usize) -> usize {
        while let Some(next) = self
            .segmenter
            .next_word_with_marks(&mut self.lookahead, Some(&mut self.lookahead_marks))
        {
            let gap = &self.text[end..next.start];
            if affix::only_space_between(gap) && affix::joins(&self.token.text, &self.lookahead) {
                let offset = self.token.text.len();
                // The space says where the affix begins, as a ZWNJ would.
                self.marks.joints.push(Joint {
                    folded: offset,
                    original: end,
                    next: next.start,
                });
                self.marks.append(&self.lookahead_marks, offset);
                self.token.text.push_str(&self.lookahead);
                end = next.end;
            } else {
                self.lookahead_span = Some(next);
                break;
            }
        }
        end
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn terms(text: &str) -> Vec<String> {
        Analyzer::default().terms(text)
    }

    /// The original text of each word's span (stacked tokens left out).
    fn spans(text: &str) -> Vec<&str> {
        Analyzer::default()
            .analyze(text)
            .iter()
            .filter(|t| !t.stacked)
            .map(|t| &text[t.span.clone()])
            .collect()
    }

    #[test]
    fn positions_count_words_and_keep_gaps_for_stopwords() {
        let tokens = Analyzer::default()
            .for_queries()
            .analyze("بشار اسد، رئیس جمهور در سوریه");
        let positions: Vec<usize> = tokens.iter().map(|t| t.position).collect();
        assert_eq!(positions, [0, 1, 2, 3, 5]);
        assert_eq!(tokens[2].text, "رییس");
    }

    #[test]
    fn spans_cover_the_original_spelling() {
        assert_eq!(
            spans("راه‌هاي كمربند و ۶۵ سال"),
            ["راه‌هاي", "كمربند", "۶۵", "سال"]
        );
    }

    /// Every spelling in `forms` gives the same terms as the first.
    fn assert_same_terms(forms: &[&str]) {
        let expected = terms(forms[0]);
        assert!(!expected.is_empty());
        for form in &forms[1..] {
            assert_eq!(terms(form), expected, "{form} differs from {}", forms[0]);
        }
    }

    #[test]
    fn zwnj_joined_and_spaced_plural_match() {
        assert_same_terms(&[
            "کتاب‌ها",
            "کتابها",
            "کتاب ها",
            "كتابها",
            "کتاب‌های",
            "کتاب های",
            "کتابهای",
        ]);
        assert_same_terms(&["کتاب", "کتاب‌هایی", "کتاب هایی"]);
        assert_eq!(terms("کتاب ها"), ["کتاب"]);
    }

    #[test]
    fn zwnj_joined_and_spaced_comparative_match() {
        assert_same_terms(&[
            "بزرگ",
            "بزرگ‌تر",
            "بزرگتر",
            "بزرگ تر",
            "بزرگ‌ترین",
            "بزرگترین",
            "بزرگ ترین",
        ]);
    }

    #[test]
    fn zwnj_joined_and_spaced_verb_prefix_match() {
        assert_same_terms(&["می‌کند", "میکند", "می کند", "مي كند", "مي\u{00A0}كند"]);
        assert_same_terms(&["نمی‌شود", "نمیشود", "نمی شود"]);
    }

    #[test]
    fn zwnj_joined_and_spaced_compounds_match() {
        assert_same_terms(&["بین‌المللی", "بینالمللی", "بین المللی"]);
        assert_same_terms(&["جلوگیری", "جلو گیری", "جلو‌گیری"]);
        assert_same_terms(&["پیش‌نویس", "پیشنویس", "پیش نویس"]);
    }

    #[test]
    fn a_spaced_form_is_one_token_spanning_both_parts() {
        assert_eq!(
            spans("روابط بین المللی چین"),
            ["روابط", "بین المللی", "چین"]
        );
        assert_eq!(spans("آنچه می کند."), ["آنچه", "می کند"]);
    }

    /// (term, original text, is a part) of each token.
    fn with_parts(text: &str) -> Vec<(String, &str, bool)> {
        Analyzer::default()
            .analyze(text)
            .into_iter()
            .map(|t| (t.text, &text[t.span], t.stacked))
            .collect()
    }

    #[test]
    fn a_compound_written_with_zwnj_also_gives_its_parts_at_its_position() {
        let tokens = Analyzer::default().analyze("رتبه‌بندی دانشگاه‌ها");
        let found: Vec<(&str, usize)> = tokens
            .iter()
            .map(|t| (t.text.as_str(), t.position))
            .collect();
        // بندی keeps its ی: judged a word of its own, not بند (stem's judged list).
        assert_eq!(
            found,
            [("رتبهبند", 0), ("رتبه", 0), ("بندی", 0), ("دانشگاه", 1)]
        );
        assert_eq!(
            with_parts("رتبه‌بندی")[1..],
            [
                ("رتبه".to_string(), "رتبه", true),
                ("بندی".to_string(), "بندی", true)
            ]
        );
    }

    #[test]
    fn an_affix_after_a_zwnj_stays_with_its_word() {
        for word in [
            "کتاب‌ها",
            "می‌کند",
            "خانه‌ای",
            "گفته‌اند",
            "بین‌المللی",
            "بزرگ‌ترین",
        ] {
            assert_eq!(word_terms(word).len(), 1, "{word}: {:?}", terms(word));
        }
        // The plural of a compound: the parts are the compound's, the plural stays on.
        let parts: Vec<String> = with_parts("جنگ‌افزارهای")
            .into_iter()
            .filter(|(_, _, part)| *part)
            .map(|(term, _, _)| term)
            .collect();
        assert_eq!(parts, ["جنگ", "افزار"]);
    }

    #[test]
    fn queries_and_joined_words_get_no_parts() {
        let query = Analyzer::default().for_queries();
        assert_eq!(query.terms("رتبه‌بندی"), ["رتبهبند"]);
        assert_eq!(terms("رتبهبندی"), ["رتبهبند"]);
        let stopword_parts = Analyzer::default().analyze("هم‌زمان");
        assert_eq!(
            stopword_parts.len(),
            2,
            "هم is a stopword: {stopword_parts:?}"
        );
    }

    #[test]
    fn an_indefinite_yeh_after_a_zwnj_reaches_the_word() {
        // Joined, خانهای is also the plural of خان; the ZWNJ says which it is.
        assert_same_terms(&["خانه", "خانه‌ای", "خانه‌ی"]);
        assert_same_terms(&["بیانیه", "بیانیه‌ای"]);
        assert_same_terms(&["همکاری", "همکاری‌ای", "همکاری‌ها", "همکاری ها"]);
    }

    /// The terms of the whole words of `text` (stacked tokens left out).
    fn word_terms(text: &str) -> Vec<String> {
        Analyzer::default()
            .analyze(text)
            .into_iter()
            .filter(|t| !t.stacked)
            .map(|t| t.text)
            .collect()
    }

    #[test]
    fn a_word_in_heh_with_ai_is_that_word_in_every_typing() {
        // محاصرهای and مبارزهای are the user's article's; خانهای was خان, هستهای هست.
        for word in ["محاصره", "مبارزه", "هسته", "خانه", "حرفه", "رسانه", "خامنه"]
        {
            let expected = [word.to_string()];
            for form in [
                format!("{word}\u{200C}ای"),
                format!("{word} ای"),
                format!("{word}\u{200C}ی"),
            ] {
                assert_eq!(word_terms(&form), expected, "{form}");
            }
            let joined = format!("{word}ای");
            assert!(word_terms(&joined).contains(&word.to_string()), "{joined}");
            assert_ne!(terms(&joined), terms(&word[..word.len() - 2]), "{joined}");
        }
    }

    #[test]
    fn a_joined_word_with_both_readings_has_both_and_a_zwnj_says_which() {
        let query = Analyzer::default().for_queries();
        let joined = query.analyze("نامهای");
        let found: Vec<(&str, usize, bool)> = joined
            .iter()
            .map(|t| (t.text.as_str(), t.position, t.stacked))
            .collect();
        assert_eq!(found, [("نامه", 0, false), ("نام", 0, true)]);
        assert_eq!(terms("نامهای"), ["نامه", "نام"]);
        // Typed with a ZWNJ or a space, a word says which reading it is.
        for (typed, reading) in [
            ("نامه‌ای", "نامه"),
            ("نامه ای", "نامه"),
            ("نام‌های", "نام"),
            ("نام های", "نام"),
        ] {
            assert_eq!(query.terms(typed), [reading], "{typed}");
            assert_eq!(terms(typed), [reading], "{typed}");
        }
    }

    #[test]
    fn every_ending_set_apart_is_dropped_and_no_other_reading_is_a_function_word() {
        // حرفه‌ای‌ها was حرف: the plural, then the ای, each after its ZWNJ.
        assert_same_terms(&["حرفه", "حرفه‌ای‌ها", "حرفه ای ها"]);
        assert_same_terms(&["رسانه", "رسانه‌ای‌ها"]);
        // درهای reads دره‌ای or درهای (doors): در is a function word, never a term.
        assert!(!terms("درهای").contains(&"در".to_string()));
        // A compound's part keeps its ئ: رئال in رئال‌مادرید is no ریال.
        assert!(terms("رئال‌مادرید").contains(&terms("رئال")[0]));
        assert!(!terms("رئال‌مادرید").contains(&"ریال".to_string()));
    }

    #[test]
    fn seats_of_hamza_make_one_word_and_keep_two_apart() {
        assert_same_terms(&["مسئول", "مسؤول", "مسوول", "مسئولان", "مسؤولان"]);
        assert_same_terms(&["هیئت", "هیأت", "هیات"]);
        assert_same_terms(&["مسئله", "مسأله", "مساله"]);
        assert_same_terms(&["رئیس", "رییس", "رئيس"]);
        assert_ne!(terms("رئال"), terms("ریال"));
        assert_ne!(terms("ائتلاف"), terms("اتلاف"));
    }

    #[test]
    fn a_plural_of_a_word_in_yeh_reaches_the_words_term() {
        assert_same_terms(&["آزادی", "آزادی‌ها", "آزادیها", "آزادی ها", "آزادی‌های"]);
        assert_same_terms(&["ناامنی", "ناامنی‌ها", "ناامنی های"]);
        assert_same_terms(&["نگرانی", "نگرانی‌ها", "نگرانیهای"]);
        assert_same_terms(&["ایرانی", "ایرانی‌ها", "ایرانیها", "ایرانی ها"]);
    }

    #[test]
    fn an_overlong_term_is_dropped_and_keeps_its_position() {
        let longest = "ب".repeat(MAX_TERM_BYTES / 2);
        let text = format!("ایران {longest}ب {longest} تهران");
        let tokens = Analyzer::default().analyze(&text);
        let kept: Vec<(&str, usize)> = tokens
            .iter()
            .map(|token| (token.text.as_str(), token.position))
            .collect();
        assert_eq!(kept, [("ایران", 0), (longest.as_str(), 2), ("تهران", 3)]);
    }

    #[test]
    fn punctuation_keeps_words_apart() {
        assert_eq!(Analyzer::default().for_queries().terms("می، کند"), ["کند"]);
        assert_eq!(terms("کتاب. ها"), ["کتاب", "ها"]);
    }

    #[test]
    fn fold_only_keeps_affixes_and_stopwords() {
        let analyzer = Analyzer::new(AnalyzerOptions::fold_only());
        assert_eq!(analyzer.terms("کتاب ها در"), ["کتاب", "ها", "در"]);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// On any Unicode input: spans lie on char boundaries inside the text, never go
        /// backwards (a compound's parts lie inside their word), are never empty, and no
        /// term is empty.
        #[test]
        fn spans_are_sane_on_arbitrary_text(text in any::<String>()) {
            check_spans(&text)?;
            check_resumes(&text)?;
        }

        /// The same, on words whose endings, readings, parts and seats the analysis
        /// reads, typed next to each other every way.
        #[test]
        fn spans_are_sane_on_words_the_tables_read(
            words in proptest::collection::vec(
                proptest::sample::select(&[
                    "نامهای", "خانه", "ای", "ها", "های", "حرفه‌ای‌ها", "رئال‌مادرید", "کتاب",
                    "می", "کند", "رتبه‌بندی", "درهای", "سیای", "\u{FEAD}\u{FE8B}\u{FE8E}\u{FEDD}",
                    "ری\u{0654}ال", "مسؤولان", "تر", "شان", "دف",
                ][..]),
                0..12,
            ),
            joints in proptest::collection::vec(
                proptest::sample::select(&[" ", "\u{200C}", "، ", "  "][..]),
                12,
            ),
        ) {
            let mut text = String::new();
            for (word, joint) in words.iter().zip(&joints) {
                text.push_str(word);
                text.push_str(joint);
            }
            check_spans(&text)?;
            check_resumes(&text)?;
        }

        /// The same, on text drawn mostly from the characters Persian text is made of.
        #[test]
        fn spans_are_sane_on_persian_like_text(
            text in "[\u{0600}-\u{06FF}\u{200C}-\u{200F}\u{202A}-\u{202E}\u{FB50}-\u{FDFF}\u{FE70}-\u{FEFF} .٫٬0-9a-zA-Z]{0,64}"
        ) {
            check_spans(&text)?;
            check_resumes(&text)?;
        }
    }

    /// Every resume point of the stream over `text` gives back exactly the tokens still
    /// to come, positions and spans included.
    fn check_resumes(text: &str) -> Result<(), TestCaseError> {
        for analyzer in [Analyzer::default(), Analyzer::default().for_queries()] {
            let all = analyzer.analyze(text);
            let mut tokens = analyzer.tokens(text);
            let mut read = 0;
            loop {
                if let Some(resume) = tokens.resume_point() {
                    let mut rest = Vec::new();
                    let mut resumed = analyzer.tokens_from(text, resume);
                    while let Some(token) = resumed.next_token() {
                        rest.push(token.clone());
                    }
                    prop_assert_eq!(&rest[..], &all[read..], "resumed after {} tokens", read);
                }
                if tokens.next_token().is_none() {
                    break;
                }
                read += 1;
            }
        }
        Ok(())
    }

    #[test]
    fn the_users_article_resumes_at_every_point() {
        let article = include_str!("../../../corpus/syria-china-phone-call.txt");
        check_resumes(article).unwrap();
    }

    fn check_spans(text: &str) -> Result<(), TestCaseError> {
        let mut previous_end = 0;
        let mut word = 0..0;
        let mut position = None;
        for token in Analyzer::default().analyze(text) {
            let span = token.span.clone();
            prop_assert!(span.start < span.end && span.end <= text.len(), "{span:?}");
            prop_assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
            if token.stacked {
                // A part or another reading lies inside the word given before it, at its
                // position.
                prop_assert!(word.start <= span.start && span.end <= word.end, "{span:?}");
                prop_assert_eq!(Some(token.position), position);
            } else {
                prop_assert!(span.start >= previous_end, "{span:?} after {previous_end}");
                prop_assert!(position.is_none_or(|before| token.position > before));
                previous_end = span.end;
                word = span;
                position = Some(token.position);
            }
            prop_assert!(!token.text.is_empty());
        }
        Ok(())
    }
}
