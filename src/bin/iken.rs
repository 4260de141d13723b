//! The `iken` command-line tool: thin, it parses arguments, calls the library, prints.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use iken::{Columns, Format, GenerateParams, ReadOptions, TextUnit, read_path, write_jsonl};

#[derive(Parser)]
#[command(
    name = "iken",
    version,
    about = "Read public-consultation comments and replies (パブリックコメント), Japanese first."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Read a file into opinions and replies and print them as JSON.
    ///
    /// Prints {"opinions": [...], "replies": [...]} on stdout and a one-line summary on
    /// stderr (format, counts per section, unlinked replies, warnings).
    Parse {
        /// The input: a PDF-extracted opinion/reply table (.txt), CSV, TSV, Excel, JSON Lines
        /// or plain text.
        file: PathBuf,
        /// auto, pdf-table, csv, tsv, xlsx, jsonl or text.
        #[arg(long, default_value = "auto")]
        format: Format,
        /// Columns or JSON fields, by header name or 1-based number:
        /// opinion=ご意見,reply=本市の考え方,section=項目,id=No.
        #[arg(long)]
        columns: Option<String>,
        /// Encoding of a text file: utf-8, shift_jis (cp932), euc-jp, utf-16le. Detected
        /// when not given.
        #[arg(long)]
        encoding: Option<String>,
        /// Excel sheet, by name or 1-based number (default: the first).
        #[arg(long)]
        sheet: Option<String>,
        /// Plain text: one comment per line instead of per paragraph.
        #[arg(long)]
        per_line: bool,
        /// Print why each paragraph of a PDF table was read as it was (on stderr).
        #[arg(long)]
        explain: bool,
        /// Indent the JSON.
        #[arg(long)]
        pretty: bool,
    },
    /// Write a synthetic consultation with ground truth, as JSON Lines.
    ///
    /// Each line: {"id", "text", "topic", "campaign"} (+ "reply", "reply_boilerplate_only"
    /// with --replies). `topic` is the true theme (null: off every theme), `campaign` the
    /// form letter a comment copies (null: independent). Made from the bundled corpus's
    /// sentences; the same seed gives the same file.
    Generate {
        /// Number of comments.
        #[arg(long)]
        n: usize,
        /// Seed of every random choice.
        #[arg(long, default_value_t = 0)]
        seed: u64,
        /// Share of comments that copy a form letter.
        #[arg(long, default_value_t = 0.3)]
        campaign_share: f64,
        /// Number of themes (at most the number of subjects in the corpus).
        #[arg(long, default_value_t = 12)]
        topics: usize,
        /// Number of form letters (default: about √n / 3).
        #[arg(long)]
        campaigns: Option<usize>,
        /// Add official replies (boilerplate and specific sentences, labelled).
        #[arg(long)]
        replies: bool,
        /// Output file (default: stdout).
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("iken: {e}");
            let mut source = std::error::Error::source(e.as_ref());
            while let Some(s) = source {
                eprintln!("  caused by: {s}");
                source = s.source();
            }
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<(), Box<dyn std::error::Error>> {
    match cli.command {
        Command::Parse {
            file,
            format,
            columns,
            encoding,
            sheet,
            per_line,
            explain,
            pretty,
        } => {
            let options = ReadOptions {
                format,
                columns: columns
                    .as_deref()
                    .map(Columns::parse)
                    .transpose()?
                    .unwrap_or_default(),
                encoding,
                sheet,
                text_unit: if per_line {
                    TextUnit::Line
                } else {
                    TextUnit::Paragraph
                },
            };
            let read = read_path(&file, &options)?;
            if explain {
                for e in &read.explain {
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
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            if pretty {
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
                    format!("; {} warnings", read.warnings.len())
                }
            );
            Ok(())
        }
        Command::Generate {
            n,
            seed,
            campaign_share,
            topics,
            campaigns,
            replies,
            out,
        } => {
            let mut params = GenerateParams::new(n)
                .seed(seed)
                .campaign_share(campaign_share)
                .topics(topics)
                .replies(replies);
            params.campaigns = campaigns;
            let stats = match &out {
                Some(path) => {
                    let file = std::fs::File::create(path)
                        .map_err(|e| format!("cannot create {}: {e}", path.display()))?;
                    write_jsonl(params, file)?
                }
                None => write_jsonl(params, std::io::stdout().lock())?,
            };
            eprintln!(
                "{} comments ({} form-letter copies), {:.1} MB in {:.2} s: {:.0} comments/s",
                stats.comments,
                stats.campaign_copies,
                stats.bytes as f64 / 1e6,
                stats.seconds,
                stats.comments as f64 / stats.seconds.max(1e-9)
            );
            Ok(())
        }
    }
}
