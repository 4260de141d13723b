//! The main job on the bundled corpus: Osaka City's public comment on its DX strategy.
//!
//! For now it reads the published table into opinions and replies, tokenizes the opinions
//! with the bundled IPADIC and prints the most frequent content words with their counts.
//! Later stages grow it into the full analysis.
//!
//! Run: `cargo run --release --example osaka [-- PATH] [--top N]`

use std::collections::HashMap;
use std::error::Error;
use std::time::Instant;

use iken::{MorphologicalTokenizer, ReadOptions, read_path, tokenize_all};

const CORPUS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/data/osaka-dx-strategy-pubcomment.txt"
);

fn main() -> Result<(), Box<dyn Error>> {
    let mut path = CORPUS.to_owned();
    let mut top = 30usize;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--top" => top = args.next().ok_or("--top needs a number")?.parse()?,
            _ => path = arg,
        }
    }
    let read = read_path(&path, &ReadOptions::default())?;
    let consultation = &read.consultation;
    let texts: Vec<&str> = consultation
        .opinions
        .iter()
        .map(|o| o.text.as_str())
        .collect();

    let started = Instant::now();
    let tokenizer = MorphologicalTokenizer::builder().build()?;
    let loaded = started.elapsed();
    let tokens = tokenize_all(&tokenizer, &texts)?;
    let tokenized = started.elapsed() - loaded;

    let mut counts: HashMap<&str, usize> = HashMap::new();
    for token in tokens.iter().flatten() {
        *counts.entry(token.term()).or_default() += 1;
    }
    let mut ranked: Vec<(&str, usize)> = counts.into_iter().collect();
    // Ties broken by the term so the output is the same on every run.
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));

    println!("{path} (read as {})", read.format);
    println!("{}", consultation.summary());
    println!(
        "opinions: {} content words ({} distinct); dictionary: {}",
        tokens.iter().map(Vec::len).sum::<usize>(),
        ranked.len(),
        tokenizer.dictionary_origin(),
    );
    println!(
        "dictionary loaded in {:.1} ms, opinions tokenized in {:.1} ms\n",
        loaded.as_secs_f64() * 1e3,
        tokenized.as_secs_f64() * 1e3
    );
    println!("{:>4}  {} count", "rank", pad("term", 16));
    for (rank, (term, count)) in ranked.iter().take(top).enumerate() {
        println!("{:>4}  {} {count:>5}", rank + 1, pad(term, 16));
    }
    Ok(())
}

/// Pads to a terminal width: kanji and kana take two columns.
fn pad(text: &str, width: usize) -> String {
    let used = unicode_width::UnicodeWidthStr::width(text);
    format!("{text}{}", " ".repeat(width.saturating_sub(used)))
}
