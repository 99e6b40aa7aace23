//! What a user would build instead of kavosh, for the indexing benchmark
//! (`benches/ingest.sh`): plain tantivy with its default tokenizer, a stored title and
//! body, no extras, over a folder of `.txt` articles (title on the first line).
//!
//! Usage: cargo run --release --example plain_tantivy -- FOLDER INDEX_DIR

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
        if entry.path().extension().is_none_or(|ext| ext != "txt") {
            continue;
        }
        let text = std::fs::read_to_string(entry.path())?;
        let (first, rest) = text.split_once('\n').unwrap_or((&text, ""));
        writer.add_document(doc!(title => first, body => rest))?;
        articles += 1;
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    eprintln!("indexed {articles} articles");
    Ok(())
}
