//! Persian analysis: text in, search terms out, each with the byte span of the original
//! characters it came from, so highlights land on what the article really says.
//!
//! Independent of tantivy ([`tantivy_adapter`] is the thin bridge), so the same rules can
//! serve the index, the passage highlighter and tests on plain strings.
//!
//! The steps, in order:
//! 1. [`segment`]: split into words, folding each char ([`fold`]): letters to the Persian
//!    forms, digits to ASCII, marks and joiners dropped, Latin lowercased.

pub mod fold;
pub mod segment;
pub mod tantivy_adapter;

use std::ops::Range;

use serde::{Deserialize, Serialize};

use segment::Segmenter;

/// One search term and where it stands in the original text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Token {
    /// The folded term, as stored in the index.
    pub text: String,
    /// Byte span of the original characters.
    pub span: Range<usize>,
    /// Word position, counted from 0.
    pub position: usize,
}

/// The analysis settings an index was built with; recorded beside the index so that
/// queries are always analyzed the way the documents were.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnalyzerOptions {}

/// The Persian analyzer. Cheap to clone.
#[derive(Debug, Clone, Copy, Default)]
pub struct Analyzer {
    options: AnalyzerOptions,
}

impl Analyzer {
    pub fn new(options: AnalyzerOptions) -> Self {
        Analyzer { options }
    }

    pub fn options(&self) -> AnalyzerOptions {
        self.options
    }

    /// A stream of the tokens of `text`; the token buffer is reused from one to the next.
    pub fn tokens<'a>(&self, text: &'a str) -> Tokens<'a> {
        Tokens {
            segmenter: Segmenter::new(text),
            token: Token::default(),
            next_position: 0,
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
}

/// Streaming tokens over one text.
pub struct Tokens<'a> {
    segmenter: Segmenter<'a>,
    token: Token,
    next_position: usize,
}

impl Tokens<'_> {
    /// The next token, or `None` at the end. The returned token is overwritten by the
    /// next call.
    pub fn next_token(&mut self) -> Option<&Token> {
        let span = self.segmenter.next_word(&mut self.token.text)?;
        self.token.span = span;
        self.token.position = self.next_position;
        self.next_position += 1;
        Some(&self.token)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn positions_count_words() {
        let tokens = Analyzer::default().analyze("بشار اسد، رئیس جمهور");
        let positions: Vec<usize> = tokens.iter().map(|t| t.position).collect();
        assert_eq!(positions, [0, 1, 2, 3]);
        assert_eq!(tokens[2].text, "رییس");
    }

    #[test]
    fn spans_cover_the_original_spelling() {
        let text = "راه‌هاي كمربند و ۶۵ سال";
        let spans: Vec<&str> = Analyzer::default()
            .analyze(text)
            .iter()
            .map(|t| &text[t.span.clone()])
            .collect();
        assert_eq!(spans, ["راه‌هاي", "كمربند", "و", "۶۵", "سال"]);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// On any Unicode input: spans lie on char boundaries inside the text, never go
        /// backwards, are never empty, and no term is empty.
        #[test]
        fn spans_are_sane_on_arbitrary_text(text in any::<String>()) {
            check_spans(&text)?;
        }

        /// The same, on text drawn mostly from the characters Persian text is made of.
        #[test]
        fn spans_are_sane_on_persian_like_text(
            text in "[\u{0600}-\u{06FF}\u{200C}-\u{200F}\u{202A}-\u{202E}\u{FB50}-\u{FDFF}\u{FE70}-\u{FEFF} .٫٬0-9a-zA-Z]{0,64}"
        ) {
            check_spans(&text)?;
        }
    }

    fn check_spans(text: &str) -> Result<(), TestCaseError> {
        let mut previous_end = 0;
        for token in Analyzer::default().analyze(text) {
            let span = token.span.clone();
            prop_assert!(span.start < span.end && span.end <= text.len(), "{span:?}");
            prop_assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
            prop_assert!(span.start >= previous_end, "{span:?} after {previous_end}");
            prop_assert!(!token.text.is_empty());
            previous_end = span.end;
        }
        Ok(())
    }
}
