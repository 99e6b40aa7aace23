//! Writes the crate's own tokens of a set of texts as JSON lines, for the OpenSearch
//! plugin's test to compare with what its tokenizer gives through JNI
//! (`opensearch/src/test/java/org/kavosh/opensearch/CrateTokensTest.java`).
//!
//! `dump_tokens FILE...`: the title and body of every article kavosh reads from a file
//! (as `kavosh index` reads it) are analyzed as documents, the question of every line of
//! a `.tsv` file (`id<TAB>query`) as a query. Each line is `{"query": bool, "text": ..., "tokens": [[term, start, end,
//! position], ...]}`, with offsets in UTF-16 units as Lucene counts them, converted here
//! on their own rather than by the JNI code under test.

use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::Path;

use kavosh::ingest;
use kavosh_analysis::Analyzer;
use serde_json::{json, Value};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut out = BufWriter::new(std::io::stdout().lock());
    for path in std::env::args().skip(1) {
        let texts: Vec<String> = if path.ends_with(".tsv") {
            let file = BufReader::new(std::fs::File::open(&path)?);
            let lines = file.lines().collect::<Result<Vec<_>, _>>()?;
            lines
                .iter()
                .filter_map(|line| line.split('\t').nth(1).map(str::to_string))
                .collect()
        } else {
            let path = Path::new(&path);
            let (articles, problems) = ingest::read_file(path.parent().unwrap_or(path), path);
            if let Some(problem) = problems.first() {
                return Err(problem.to_string().into());
            }
            articles
                .into_iter()
                .flat_map(|article| [article.title, article.body])
                .collect()
        };
        let for_queries = path.ends_with(".tsv");
        for text in texts.iter().filter(|text| !text.is_empty()) {
            writeln!(out, "{}", dump(text, for_queries))?;
        }
    }
    out.flush()?;
    Ok(())
}

/// One line of the dump.
fn dump(text: &str, for_queries: bool) -> Value {
    let analyzer = if for_queries {
        Analyzer::default().for_queries()
    } else {
        Analyzer::default()
    };
    let mut units = Utf16Offsets::new(text);
    let tokens: Vec<Value> = analyzer
        .analyze(text)
        .into_iter()
        .map(|token| {
            let start = units.at(token.span.start);
            let end = units.at(token.span.end);
            json!([token.text, start, end, token.position])
        })
        .collect();
    json!({"query": for_queries, "text": text, "tokens": tokens})
}

/// UTF-16 offsets of byte offsets, counted on from the last one asked for when the next
/// lies after it (tokens mostly come in text order).
struct Utf16Offsets<'a> {
    text: &'a str,
    byte: usize,
    unit: usize,
}

impl<'a> Utf16Offsets<'a> {
    fn new(text: &'a str) -> Self {
        Utf16Offsets {
            text,
            byte: 0,
            unit: 0,
        }
    }

    fn at(&mut self, byte: usize) -> usize {
        if byte < self.byte {
            self.byte = 0;
            self.unit = 0;
        }
        self.unit += self.text[self.byte..byte].encode_utf16().count();
        self.byte = byte;
        self.unit
    }
}
