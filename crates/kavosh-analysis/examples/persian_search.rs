//! kavosh's Persian analysis in a plain tantivy index, through the crate's public API only:
//! a document written with Arabic letters (كتابهاي) is found by a query written with the
//! Persian ones and a ZWNJ (کتاب‌ها), and the original word is highlighted. The same code
//! as the crate's README; CI runs it (`.ci/run`), and it exits with an error if the
//! document is not found or the highlight is not on the word.
//!
//! Usage: cargo run -p kavosh-analysis --example persian_search

use kavosh_analysis::{register, Analyzer, TOKENIZER_NAME};
use tantivy::collector::TopDocs;
use tantivy::query::QueryParser;
use tantivy::schema::{IndexRecordOption, Schema, TextFieldIndexing, TextOptions};
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::TokenizerManager;
use tantivy::{doc, Index, IndexWriter, TantivyDocument};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // A text field analyzed by the Persian tokenizer, positions kept for phrases.
    let indexing = TextFieldIndexing::default()
        .set_tokenizer(TOKENIZER_NAME)
        .set_index_option(IndexRecordOption::WithFreqsAndPositions);
    let mut schema = Schema::builder();
    let body = schema.add_text_field(
        "body",
        TextOptions::default()
            .set_indexing_options(indexing)
            .set_stored(),
    );
    let index = Index::create_in_ram(schema.build());
    // Documents with the full analyzer, queries with whole words only.
    register(index.tokenizers(), Analyzer::default());
    let query_tokenizers = TokenizerManager::default();
    register(&query_tokenizers, Analyzer::default().for_queries());

    let mut writer: IndexWriter = index.writer(15_000_000)?;
    writer.add_document(doc!(body => "فروش كتابهاي درسي"))?;
    writer.commit()?;

    let searcher = index.reader()?.searcher();
    let query =
        QueryParser::new(index.schema(), vec![body], query_tokenizers).parse_query("کتاب‌ها")?;
    let hits = searcher.search(&query, &TopDocs::with_limit(10).order_by_score())?;
    let Some(&(_, address)) = hits.first() else {
        return Err("کتاب‌ها did not find كتابهاي".into());
    };
    let document: TantivyDocument = searcher.doc(address)?;
    let snippet = SnippetGenerator::create(&searcher, &*query, body)?.snippet_from_doc(&document);
    let highlighted: Vec<&str> = snippet
        .highlighted()
        .iter()
        .map(|range| &snippet.fragment()[range.clone()])
        .collect();
    println!("{}", snippet.to_html());
    if highlighted != ["كتابهاي"] {
        return Err(format!("highlighted {highlighted:?}, not the word كتابهاي").into());
    }
    Ok(())
}
