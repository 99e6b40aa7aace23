//! The bridge to tantivy: copies each kavosh token's term, byte span and position into
//! tantivy's `Token`. No linguistic rule lives here.
//!
//! The types come from `tantivy-tokenizer-api`, the ones tantivy itself uses, so
//! `TextAnalyzer::from(PersianTokenizer::new(analyzer))` works with tantivy 0.27.

use tantivy_tokenizer_api::{Token as TantivyToken, TokenStream, Tokenizer};

use super::{Analyzer, Tokens};

/// Registers the Persian tokenizer in `tokenizers` as [`TOKENIZER_NAME`], with the
/// options of `analyzer`. Text fields name it in their `TextFieldIndexing::set_tokenizer`.
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

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::tokenizer::TextAnalyzer;

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
