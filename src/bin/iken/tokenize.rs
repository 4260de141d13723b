//! `iken tokenize`: the terms the analysis counts, one JSON line per opinion.

use std::io::Write;

use iken::{OpinionTerms, OpinionTokens, tokenize_all};

use crate::Failure;
use crate::args::{Config, Input, Seed, Terms, stdout};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    input: Input,
    #[command(flatten)]
    config: Config,
    #[command(flatten)]
    seed: Seed,
    #[command(flatten)]
    terms: Terms,
    /// Every token with its part of speech and reading, not only the counted terms.
    #[arg(long)]
    all_tokens: bool,
}

pub fn run(args: Args) -> Result<(), Failure> {
    let mut analysis = args.config.seeded(&args.seed)?;
    args.input.refuse_folding(&analysis, "tokenize")?;
    let read = args.input.read_warned(&mut analysis)?;
    args.terms.apply(&mut analysis)?;
    let tokenizer = if args.all_tokens {
        analysis.tokenizer()?.keeping_all_tokens()
    } else {
        analysis.tokenizer()?
    };
    let texts = read.consultation.texts();
    let mut out = stdout();
    // In batches, so a million opinions never hold all their tokens at once.
    for (batch, opinions) in texts
        .chunks(4096)
        .zip(read.consultation.opinions.chunks(4096))
    {
        let tokens = tokenize_all(&tokenizer, batch)?;
        for (o, tokens) in opinions.iter().zip(tokens) {
            let id = o.id.clone();
            if args.all_tokens {
                serde_json::to_writer(&mut out, &OpinionTokens { id, tokens })?;
            } else {
                let terms = tokens.iter().map(|t| t.term().to_owned()).collect();
                serde_json::to_writer(&mut out, &OpinionTerms { id, terms })?;
            }
            writeln!(out)?;
        }
    }
    out.flush()?;
    Ok(())
}
