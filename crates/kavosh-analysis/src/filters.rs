//! The steps that work token by token, as tantivy `TokenFilter`s: [`PersianStopWords`]
//! drops function words ([`stopwords`](crate::stopwords)) and [`PersianStemmer`] strips
//! floating suffixes ([`stem`](crate::stem)), for a pipeline built on another tokenizer.
//!
//! Both expect folded terms (Persian ی and ک, no ZWNJ, no harakat), as the
//! [`PersianTokenizer`](crate::PersianTokenizer) gives them with stemming and stop words
//! turned off. Joining spaced affixes (کتاب ها) and a compound's parts need the words
//! around a token, so they stay in the [`Analyzer`](crate::Analyzer); so does dropping a
//! ی written after a ZWNJ (خانه‌ای), which needs the ZWNJ folding removes. The full
//! [`Analyzer`](crate::Analyzer) is what kavosh uses and measures.
//!
//! ```
//! use kavosh_analysis::filters::{PersianStemmer, PersianStopWords};
//! use kavosh_analysis::{Analyzer, AnalyzerOptions, PersianTokenizer};
//! use tantivy::tokenizer::TextAnalyzer;
//!
//! let folding = PersianTokenizer::new(Analyzer::new(AnalyzerOptions::fold_only()));
//! let mut analyzer = TextAnalyzer::builder(folding)
//!     .filter(PersianStopWords)
//!     .filter(PersianStemmer)
//!     .build();
//! let mut stream = analyzer.token_stream("كتابهاي بزرگتر در ایران");
//! let mut terms = Vec::new();
//! while let Some(token) = stream.next() {
//!     terms.push((token.text.clone(), token.position));
//! }
//! assert_eq!(terms, [("کتاب".into(), 0), ("بزرگ".into(), 1), ("ایران".into(), 3)]);
//! ```

use tantivy_tokenizer_api::{Token, TokenFilter, TokenStream, Tokenizer};

use crate::stem::stem;
use crate::stopwords::is_stopword;

/// Drops Persian function words (و, در, از, ...), keeping the positions of the others.
#[derive(Debug, Clone, Copy, Default)]
pub struct PersianStopWords;

impl TokenFilter for PersianStopWords {
    type Tokenizer<T: Tokenizer> = StopWordsTokenizer<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> StopWordsTokenizer<T> {
        StopWordsTokenizer { inner: tokenizer }
    }
}

/// A tokenizer followed by [`PersianStopWords`].
#[derive(Debug, Clone)]
pub struct StopWordsTokenizer<T> {
    inner: T,
}

impl<T: Tokenizer> Tokenizer for StopWordsTokenizer<T> {
    type TokenStream<'a> = StopWordsStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        StopWordsStream {
            tail: self.inner.token_stream(text),
        }
    }
}

/// The tokens of one text without its function words.
pub struct StopWordsStream<T> {
    tail: T,
}

impl<T: TokenStream> TokenStream for StopWordsStream<T> {
    fn advance(&mut self) -> bool {
        while self.tail.advance() {
            if !is_stopword(&self.tail.token().text) {
                return true;
            }
        }
        false
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

/// Strips Persian floating suffixes in place (کتابها → کتاب, بزرگترین → بزرگ); offsets
/// and positions are left as they are, so a highlight still covers the whole word.
#[derive(Debug, Clone, Copy, Default)]
pub struct PersianStemmer;

impl TokenFilter for PersianStemmer {
    type Tokenizer<T: Tokenizer> = StemmerTokenizer<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> StemmerTokenizer<T> {
        StemmerTokenizer { inner: tokenizer }
    }
}

/// A tokenizer followed by [`PersianStemmer`].
#[derive(Debug, Clone)]
pub struct StemmerTokenizer<T> {
    inner: T,
}

impl<T: Tokenizer> Tokenizer for StemmerTokenizer<T> {
    type TokenStream<'a> = StemmerStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        StemmerStream {
            tail: self.inner.token_stream(text),
        }
    }
}

/// The tokens of one text, stemmed.
pub struct StemmerStream<T> {
    tail: T,
}

impl<T: TokenStream> TokenStream for StemmerStream<T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        stem(&mut self.tail.token_mut().text);
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Analyzer, AnalyzerOptions, PersianTokenizer};
    use tantivy::tokenizer::TextAnalyzer;

    /// (term, byte span, position) of each token of `text` through `analyzer`.
    fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(String, usize, usize, usize)> {
        let mut stream = analyzer.token_stream(text);
        let mut all = Vec::new();
        while let Some(token) = stream.next() {
            all.push((
                token.text.clone(),
                token.offset_from,
                token.offset_to,
                token.position,
            ));
        }
        all
    }

    /// On text with no spaced affix, compound or ی after a ZWNJ, folding followed by the
    /// two filters gives exactly what the full analyzer gives.
    #[test]
    fn folding_then_filters_match_the_analyzer_word_by_word() {
        let folding = PersianTokenizer::new(Analyzer::new(AnalyzerOptions {
            join_affixes: false,
            stem: false,
            stopwords: false,
            compound_parts: false,
        }));
        let mut filtered = TextAnalyzer::builder(folding)
            .filter(PersianStopWords)
            .filter(PersianStemmer)
            .build();
        let mut full = TextAnalyzer::from(PersianTokenizer::new(Analyzer::default().for_queries()));
        let text = "بشار اسد، رئیس جمهور در سوریه، کتابهای بزرگتری برای آزادیها نوشت";
        let expected = tokens(&mut full, text);
        assert_eq!(tokens(&mut filtered, text), expected);
        assert_eq!(expected.len(), 9);
    }

    #[test]
    fn stop_words_are_dropped_before_stemming_makes_them_look_like_words() {
        let folding = PersianTokenizer::new(Analyzer::new(AnalyzerOptions::fold_only()));
        let mut analyzer = TextAnalyzer::builder(folding)
            .filter(PersianStopWords)
            .filter(PersianStemmer)
            .build();
        let terms: Vec<String> = tokens(&mut analyzer, "برای کتابها")
            .into_iter()
            .map(|(term, ..)| term)
            .collect();
        assert_eq!(terms, ["کتاب"]);
    }
}
