//! What a user would build instead of kavosh, for the benchmarks (`benches/ingest.sh`,
//! `benches/scale.sh`): plain tantivy with its default tokenizer, a stored title and
//! body, no extras, over a folder of `.txt` articles (title on the first line) and
//! `.jsonl` files (`title` and `text` of each line).
//!
//! Usage: cargo run --release --example plain_tantivy -- FOLDER INDEX_DIR
//!
//! `benches/search.rs` searches the index it builds (`plain_search`).

use std::path::PathBuf;

use tantivy::schema::{Schema, STORED, TEXT};
use tantivy::{doc, Index, IndexWriter};
use walkdir::WalkDir;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args_os().skip(1).map(PathBuf::from);
    let (Some(folder), Some(index_dir)) = (args.next(), args.next()) else {
        return Err("usage: plain_tantivy FOLDER INDEX_DIR".into());
    };
    let mut builder = Schema::builder();
    let title = builder.add_text_field("title", TEXT | STORED);
    let body = builder.add_text_field("body", TEXT | STORED);
    std::fs::create_dir_all(&index_dir)?;
    let index = Index::create_in_dir(&index_dir, builder.build())?;
    let mut writer: IndexWriter = index.writer(256 * 1024 * 1024)?;
    let mut articles = 0;
    for entry in WalkDir::new(&folder) {
        let entry = entry?;
        let path = entry.path();
        match path.extension().and_then(|ext| ext.to_str()) {
            Some("txt") => {
                let text = std::fs::read_to_string(path)?;
                let (first, rest) = text.split_once('\n').unwrap_or((&text, ""));
                writer.add_document(doc!(title => first, body => rest))?;
                articles += 1;
            }
            Some("jsonl") => {
                for line in std::fs::read_to_string(path)?.lines() {
                    let article: serde_json::Value = serde_json::from_str(line)?;
                    let field = |name: &str| article[name].as_str().unwrap_or("").to_string();
                    writer.add_document(doc!(title => field("title"), body => field("text")))?;
                    articles += 1;
                }
            }
            _ => {}
        }
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    eprintln!("indexed {articles} articles");
    Ok(())
}
