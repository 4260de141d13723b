//! `iken parse`: the reader's result as JSON.

use std::io::Write;

use crate::Failure;
use crate::args::{Config, Input, counted, stdout};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    input: Input,
    #[command(flatten)]
    config: Config,
    /// Print how a PDF table was read (on stderr): per page the tables, columns and rows
    /// found, and where each opinion, reply and section came from (page, cell) and why;
    /// for PDF-extracted text, why each paragraph was read as it was.
    #[arg(long)]
    explain: bool,
    /// Indent the JSON.
    #[arg(long)]
    pretty: bool,
}

pub fn run(args: Args) -> Result<(), Failure> {
    let file = &args.input.file;
    let mut analysis = args.config.analysis()?;
    let read = args.input.read(&mut analysis)?;
    if args.explain {
        for e in &read.explain {
            if let Some(page) = e.page {
                eprintln!(
                    "p.{page:<3} {:<8} {:<6} {:<24} {}  [{}]",
                    e.kind,
                    e.id.as_deref().unwrap_or(""),
                    e.cell.as_deref().unwrap_or(""),
                    e.excerpt,
                    e.reasons.join("; ")
                );
                continue;
            }
            eprintln!(
                "{:>4}-{:<4} {:<7} {:<4} {}  [{}]",
                e.lines.0,
                e.lines.1,
                e.kind,
                e.id.as_deref().unwrap_or(""),
                e.excerpt,
                e.reasons.join("; ")
            );
        }
    }
    let mut out = stdout();
    if args.pretty {
        serde_json::to_writer_pretty(&mut out, &read.consultation)?;
    } else {
        serde_json::to_writer(&mut out, &read.consultation)?;
    }
    writeln!(out)?;
    out.flush()?;
    for w in &read.warnings {
        eprintln!("warning: {w}");
    }
    eprintln!(
        "{}: read as {} ({}{}); {}{}",
        file.display(),
        read.format,
        read.why,
        read.encoding
            .as_deref()
            .map(|e| format!(", {e}"))
            .unwrap_or_default(),
        read.consultation.summary(),
        if read.warnings.is_empty() {
            String::new()
        } else {
            format!("; {}", counted(read.warnings.len(), "warning"))
        }
    );
    Ok(())
}
