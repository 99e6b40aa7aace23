//! The bridge to tantivy: copies each kavosh token's term, byte span and position into
//! tantivy's `Token`. No linguistic rule lives here.
//!
//! The types come from `tantivy-tokenizer-api`, the ones tantivy itself uses, so
//! `TextAnalyzer::from(PersianTokenizer::new(analyzer))` works with tantivy 0.27.

use tantivy_tokenizer_api::{Token as TantivyToken, TokenStream, Tokenizer};

use super::grams::Grams;
use super::{Analyzer, Tokens};

/// Registers the Persian tokenizers in `tokenizers`, with the options of `analyzer`:
/// [`TOKENIZER_NAME`] for the words, [`GRAM_TOKENIZER_NAME`] for their character grams.
/// Text fields name them in their `TextFieldIndexing::set_tokenizer`.
///
/// Documents and queries are analyzed alike, except that a query keeps its words whole
/// ([`Analyzer::for_queries`]): register the document analyzer with the index and the query
/// analyzer in the `TokenizerManager` given to `QueryParser::new`.
///
/// ```
/// use kavosh_analysis::{register, Analyzer, TOKENIZER_NAME};
/// use tantivy::tokenizer::TokenizerManager;
///
/// let documents = TokenizerManager::default();
/// register(&documents, Analyzer::default());
/// let queries = TokenizerManager::default();
/// register(&queries, Analyzer::default().for_queries());
///
/// let mut analyzer = documents.get(TOKENIZER_NAME).unwrap();
/// let mut stream = analyzer.token_stream("كتابهاي");
/// assert_eq!(stream.next().unwrap().text, "کتاب");
/// ```
#[cfg(feature = "tantivy")]
pub fn register(tokenizers: &tantivy::tokenizer::TokenizerManager, analyzer: Analyzer) {
    use tantivy::tokenizer::TextAnalyzer;
    tokenizers.register(
        TOKENIZER_NAME,
        TextAnalyzer::from(PersianTokenizer::new(analyzer)),
    );
    tokenizers.register(
        GRAM_TOKENIZER_NAME,
        TextAnalyzer::from(PersianGramTokenizer::new(analyzer)),
    );
}

/// Name under which [`register`] puts the Persian analyzer.
pub const TOKENIZER_NAME: &str = "kavosh_persian";

/// tantivy's view of the [`Analyzer`]: a `Tokenizer` giving each term with the byte
/// offsets of its original spelling and its word position.
///
/// ```
/// use kavosh_analysis::{Analyzer, PersianTokenizer};
/// use tantivy::tokenizer::TextAnalyzer;
///
/// let mut analyzer = TextAnalyzer::from(PersianTokenizer::new(Analyzer::default()));
/// let text = "مي كند";
/// let mut stream = analyzer.token_stream(text);
/// let token = stream.next().unwrap();
/// assert_eq!((token.text.as_str(), token.offset_from, token.offset_to), ("میکند", 0, text.len()));
/// ```
#[derive(Clone)]
pub struct PersianTokenizer {
    analyzer: Analyzer,
}

impl PersianTokenizer {
    /// The tokenizer for `analyzer`: `Analyzer::default()` for documents,
    /// `Analyzer::default().for_queries()` for queries.
    pub fn new(analyzer: Analyzer) -> Self {
        PersianTokenizer { analyzer }
    }
}

/// The tokens of one text, as [`PersianTokenizer`] gives them.
pub struct PersianTokenStream<'a> {
    tokens: Tokens<'a>,
    token: TantivyToken,
}

impl Tokenizer for PersianTokenizer {
    type TokenStream<'a> = PersianTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        PersianTokenStream {
            tokens: self.analyzer.tokens(text),
            token: TantivyToken::default(),
        }
    }
}

impl TokenStream for PersianTokenStream<'_> {
    fn advance(&mut self) -> bool {
        let Some(next) = self.tokens.next_token() else {
            return false;
        };
        self.token.text.clear();
        self.token.text.push_str(&next.text);
        self.token.offset_from = next.span.start;
        self.token.offset_to = next.span.end;
        self.token.position = next.position;
        true
    }

    fn token(&self) -> &TantivyToken {
        &self.token
    }

    fn token_mut(&mut self) -> &mut TantivyToken {
        &mut self.token
    }
}

/// Name under which [`register`] puts the gram tokenizer.
pub const GRAM_TOKENIZER_NAME: &str = "kavosh_grams";

/// How many terms of a text give their grams: the first 150, about an article's first
/// two or three paragraphs, where news says what it is about. Grams of every term were
/// most of the indexing time on long articles; on the news collection (tests/eval/news,
/// MAP) and ParsiNLU (MRR@10), with the default weights: every term 0.8505 / 0.7525,
/// 250 terms 0.8473 / 0.7516, 150 terms 0.8481 / 0.7524, 100 terms 0.8479 / 0.7508,
/// and without grams 0.8236 / 0.7331 (README: Evaluation).
pub const GRAM_TERMS: usize = 150;

/// Emits the character grams of the first [`GRAM_TERMS`] analyzed terms of a text, for
/// the sub-word field.
#[derive(Clone)]
pub struct PersianGramTokenizer {
    analyzer: Analyzer,
}

impl PersianGramTokenizer {
    /// The gram tokenizer over the terms of `analyzer`.
    pub fn new(analyzer: Analyzer) -> Self {
        PersianGramTokenizer { analyzer }
    }
}

/// The grams of one text, as [`PersianGramTokenizer`] gives them.
pub struct PersianGramTokenStream<'a> {
    tokens: Tokens<'a>,
    grams: Grams,
    next_gram: usize,
    token: TantivyToken,
    /// Terms whose grams may still be given.
    terms_left: usize,
}

impl Tokenizer for PersianGramTokenizer {
    type TokenStream<'a> = PersianGramTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        PersianGramTokenStream {
            tokens: self.analyzer.tokens(text),
            grams: Grams::default(),
            next_gram: 0,
            token: TantivyToken::default(),
            terms_left: GRAM_TERMS,
        }
    }
}

impl TokenStream for PersianGramTokenStream<'_> {
    fn advance(&mut self) -> bool {
        while self.next_gram == self.grams.len() {
            // Stopping here also stops the analysis of the rest of the text.
            let Some(next) = self.terms_left.checked_sub(1).and_then(|left| {
                self.terms_left = left;
                self.tokens.next_token()
            }) else {
                return false;
            };
            self.grams.set(&next.text);
            self.next_gram = 0;
            self.token.offset_from = next.span.start;
            self.token.offset_to = next.span.end;
            self.token.position = next.position;
        }
        self.token.text.clear();
        self.token.text.push_str(self.grams.get(self.next_gram));
        self.next_gram += 1;
        true
    }

    fn token(&self) -> &TantivyToken {
        &self.token
    }

    fn token_mut(&mut self) -> &mut TantivyToken {
        &mut self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::tokenizer::TextAnalyzer;

    #[test]
    fn grams_come_from_the_first_terms_of_a_text_only() {
        let words: Vec<String> = (0..GRAM_TERMS + 50).map(|n| format!("واژه{n}")).collect();
        let text = words.join(" ");
        let mut analyzer = TextAnalyzer::from(PersianGramTokenizer::new(Analyzer::default()));
        let mut stream = analyzer.token_stream(&text);
        let mut last_word_start = 0;
        while let Some(token) = stream.next() {
            last_word_start = token.offset_from;
        }
        let last_with_grams = words[..GRAM_TERMS].join(" ").len() - words[GRAM_TERMS - 1].len();
        assert_eq!(last_word_start, last_with_grams);
    }

    #[test]
    fn tantivy_sees_the_same_terms_spans_and_positions() {
        let text = "مي‌كند ۶۵";
        let mut analyzer = TextAnalyzer::from(PersianTokenizer::new(Analyzer::default()));
        let mut stream = analyzer.token_stream(text);
        let mut seen = Vec::new();
        while let Some(token) = stream.next() {
            seen.push((
                token.text.clone(),
                token.offset_from,
                token.offset_to,
                token.position,
            ));
        }
        assert_eq!(
            seen,
            [
                ("میکند".to_string(), 0, "مي‌كند".len(), 0),
                ("65".to_string(), "مي‌كند ".len(), text.len(), 1),
            ]
        );
    }
}
