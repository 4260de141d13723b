//! `iken dedup`: the analysis' copies stage.

use std::io::Write;

use iken::Versioned;

use crate::Failure;
use crate::args::{Config, Input, Seed, counted, share_or_off, stdout};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    input: Input,
    #[command(flatten)]
    config: Config,
    #[command(flatten)]
    seed: Seed,
    /// Jaccard similarity of 5-character shingles at or above which texts are copies
    /// [default: 0.8].
    #[arg(long)]
    threshold: Option<f64>,
    /// Containment at or above which a partial copy joins a group, or `off` [default: 0.85].
    #[arg(long, allow_hyphen_values = true)]
    containment: Option<String>,
    /// Share of each text found in the other at or above which an edited copy (a
    /// sentence added or dropped, a name line) joins a group, or `off` [default: 0.6].
    #[arg(long, allow_hyphen_values = true)]
    mutual: Option<String>,
    /// Character edit ratio at or above which two short texts (at most 150 characters
    /// once markers, punctuation and です are folded) are copies, or `off`: e.g. 0.8 for
    /// tables of short form letters pasted with small edits. Off by default: it also
    /// joins short comments that quote one sentence with a few words of their own
    /// [default: off].
    #[arg(long, allow_hyphen_values = true)]
    short_similarity: Option<String>,
    /// Characters per shingle [default: 5].
    #[arg(long)]
    shingle: Option<usize>,
    /// Groups shown in the terminal summary (all are in --json).
    #[arg(long, default_value_t = 20)]
    top: usize,
    /// Print the full result as JSON.
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args) -> Result<(), Failure> {
    let mut analysis = args.config.seeded(&args.seed)?;
    let read = args.input.read_warned(&mut analysis)?;
    let params = &mut analysis.dedup;
    if let Some(t) = args.threshold {
        params.threshold = t;
    }
    if let Some(s) = args.shingle {
        params.shingle = s;
    }
    if let Some(v) = &args.containment {
        params.containment = share_or_off("--containment", v)?;
    }
    if let Some(v) = &args.mutual {
        params.mutual = share_or_off("--mutual", v)?;
    }
    if let Some(v) = &args.short_similarity {
        params.short_similarity = share_or_off("--short-similarity", v)?;
    }
    let copies = analysis.run_copies(&read.consultation)?;
    let mut out = stdout();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &Versioned::new(&copies))?;
        writeln!(out)?;
        out.flush()?;
        return Ok(());
    }
    writeln!(
        out,
        "{} texts, {} distinct after normalization: {} of copies hold {} texts ({:.1} %).",
        copies.texts,
        copies.distinct,
        counted(copies.groups.len(), "group"),
        copies.in_groups,
        100.0 * copies.in_groups as f64 / copies.texts.max(1) as f64
    )?;
    if !copies.empty.is_empty() {
        writeln!(out, "{} empty texts are not compared.", copies.empty.len())?;
    }
    for g in copies.groups.iter().take(args.top) {
        let g = &g.group;
        let text: String = g.text.chars().take(70).collect();
        writeln!(
            out,
            "\n#{} — {} texts ({} distinct), {}; similarity to the representative min {:.2}, median {:.2}\n  [{}] {text}",
            g.id,
            g.size,
            g.distinct,
            g.measure,
            g.similarity.min,
            g.similarity.median,
            g.representative
        )?;
    }
    if copies.groups.len() > args.top {
        writeln!(
            out,
            "\n… {} more groups (--top N, or --json for all).",
            copies.groups.len() - args.top
        )?;
    }
    out.flush()?;
    Ok(())
}
