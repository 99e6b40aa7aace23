//! Candidate pairs for judging the story threshold (README: Stories): every pair of
//! articles under the given paths whose estimated resemblance is at least 0.05, found by
//! banding two bins at a time (a pair of resemblance 0.2 is a candidate with probability
//! 0.93), printed as `id_a<TAB>id_b<TAB>resemblance`.
//!
//! Usage: cargo run --release --example story_pairs -- ../shared/data/news > pairs.tsv

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;

use kavosh::index::{Signature, Signing};
use kavosh::ingest::{discover, read_file, Found};

fn main() {
    let roots: Vec<PathBuf> = std::env::args().skip(1).map(PathBuf::from).collect();
    let mut articles = Vec::new();
    discover(&roots, |found| {
        if let Found::File(file) = found {
            articles.extend(read_file(&file.root, &file.path).0);
        }
    });
    let signatures: Vec<(String, Signature, Vec<u8>)> = articles
        .into_iter()
        .map(|article| {
            let signature = Signature::of(&article.body, Signing::Packed);
            let bytes = signature.to_bytes();
            (article.id, signature, bytes)
        })
        .collect();
    let mut pairs = BTreeSet::new();
    // Two bins (four bytes) a band.
    for band in 0..signatures[0].2.len() / 4 {
        let mut buckets: HashMap<&[u8], Vec<usize>> = HashMap::new();
        for (at, (_, _, bytes)) in signatures.iter().enumerate() {
            let rows = &bytes[band * 4..band * 4 + 4];
            if rows.iter().all(|byte| *byte == 0xff) || rows[..2] == [0xff, 0xff] {
                continue;
            }
            buckets.entry(rows).or_default().push(at);
        }
        for members in buckets.values() {
            for (i, &a) in members.iter().enumerate() {
                for &b in &members[i + 1..] {
                    pairs.insert((a, b));
                }
            }
        }
    }
    for (a, b) in pairs {
        let resemblance = signatures[a].1.resemblance(&signatures[b].1);
        if resemblance >= 0.05 {
            println!("{}\t{}\t{resemblance:.3}", signatures[a].0, signatures[b].0);
        }
    }
}
