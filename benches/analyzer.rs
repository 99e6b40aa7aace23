//! Analyzer throughput: MB/s of real Persian news through kavosh's analyzer (as tantivy
//! calls it while indexing), against tantivy's `default` analyzer (simple tokenizer,
//! remove-long, lowercaser) on the same text, in one run; and the stories' signatures
//! (`Signature::of`, each way of signing), which indexing computes over every body too.
//!
//! `cargo bench --bench analyzer`. Reads ../shared/data/news; falls back to the bundled
//! corpus/ (with a note) when it is absent.

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use kavosh::analysis::tantivy_adapter::PersianTokenizer;
use kavosh::analysis::{Analyzer, AnalyzerOptions};
use kavosh::index::{Signature, Signing};
use tantivy::tokenizer::{
    LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer, TokenStream,
};

/// Each analyzer runs over the texts this many times; the fastest pass counts.
const PASSES: usize = 5;

fn load_texts() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let news = root.join("../shared/data/news");
    let mut texts = Vec::new();
    if let Ok(entries) = std::fs::read_dir(&news) {
        let mut files: Vec<_> = entries.flatten().map(|e| e.path()).collect();
        files.sort();
        for file in files {
            for line in std::fs::read_to_string(&file).unwrap_or_default().lines() {
                if let Ok(value) = serde_json::from_str::<serde_json::Value>(line) {
                    for field in ["title", "text"] {
                        if let Some(text) = value[field].as_str() {
                            texts.push(text.to_string());
                        }
                    }
                }
            }
        }
    }
    if texts.is_empty() {
        eprintln!(
            "note: {} not found; measuring the bundled corpus/ instead",
            news.display()
        );
        for entry in walkdir::WalkDir::new(root.join("corpus"))
            .into_iter()
            .flatten()
        {
            if let Ok(text) = std::fs::read_to_string(entry.path()) {
                texts.push(text);
            }
        }
    }
    texts
}

/// Best time of [`PASSES`] runs of `pass`.
fn best_of_passes(mut pass: impl FnMut()) -> Duration {
    (0..PASSES)
        .map(|_| {
            let started = Instant::now();
            pass();
            started.elapsed()
        })
        .min()
        .expect("at least one pass")
}

/// Best time of [`PASSES`] passes of `analyzer` over all texts, and the tokens seen.
fn measure(analyzer: &mut TextAnalyzer, texts: &[String]) -> (Duration, usize) {
    let mut tokens = 0;
    let best = best_of_passes(|| {
        tokens = 0;
        for text in texts {
            let mut stream = analyzer.token_stream(text);
            while stream.advance() {
                black_box(stream.token());
                tokens += 1;
            }
        }
    });
    (best, tokens)
}

fn main() {
    let texts = load_texts();
    let bytes: usize = texts.iter().map(String::len).sum();
    let megabytes = bytes as f64 / 1e6;
    println!(
        "{} texts, {megabytes:.1} MB, best of {PASSES} passes",
        texts.len()
    );
    let mut runs = vec![
        (
            "tantivy default (simple + remove_long + lowercase)",
            TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(RemoveLongFilter::limit(40))
                .filter(LowerCaser)
                .build(),
        ),
        (
            "kavosh folding only",
            TextAnalyzer::from(PersianTokenizer::new(Analyzer::new(
                AnalyzerOptions::fold_only(),
            ))),
        ),
        (
            "kavosh default (fold + affixes + stem + stopwords)",
            TextAnalyzer::from(PersianTokenizer::new(Analyzer::default())),
        ),
    ];
    let mut baseline = None;
    for (name, analyzer) in &mut runs {
        let (time, tokens) = measure(analyzer, &texts);
        let seconds = time.as_secs_f64();
        let ratio = baseline.map_or(1.0, |base: f64| seconds / base);
        baseline.get_or_insert(seconds);
        println!(
            "{name:<52} {:>7.1} MB/s {:>6.1} M tokens/s {:>9} tokens  {ratio:.2}x baseline time",
            megabytes / seconds,
            tokens as f64 / seconds / 1e6,
            tokens
        );
    }
    for signing in [Signing::Polynomial, Signing::Packed] {
        let best = best_of_passes(|| {
            for text in &texts {
                black_box(Signature::of(text, signing));
            }
        });
        println!(
            "{:<52} {:>7.1} MB/s",
            format!("story signatures, {signing:?}"),
            megabytes / best.as_secs_f64()
        );
    }
}
