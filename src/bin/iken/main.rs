//! The `iken` command-line tool: it parses arguments, runs a stage of the library's
//! [`Analysis`](iken::Analysis) and prints its result: as the library's JSON with `--json`,
//! or as a summary for the terminal. One file per command.

/// mimalloc for the command line: glibc's allocator kept the memory that each stage freed
/// in its per-thread arenas, so the process's peak grew with every stage of a large run.
/// The library leaves the allocator to its users.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod analyze;
mod args;
mod boilerplate;
mod cluster;
mod dedup;
mod generate;
mod parse;
mod tokenize;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// What a command fails with: a library error, or a message about the command line.
pub type Failure = Box<dyn std::error::Error>;

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
    Parse(parse::Args),
    /// Group the opinions of a file by what they say, and describe each group.
    ///
    /// The clustering stage of `iken analyze`: copies enter once, then the opinions are
    /// tokenized (content words and noun compounds), weighted by TF-IDF (reduced by
    /// truncated SVD above 2 × --dimensions opinions) and grouped: by default an
    /// average-linkage hierarchy cut where the silhouette is best, k-means above
    /// --hierarchy-up-to or with a number for --k. Prints each cluster's size, keywords and
    /// representative opinions, or with --json the report (docs/schema/report.schema.json)
    /// without the replies.
    Cluster(cluster::Args),
    /// Find copies: exact, near (MinHash/LSH, verified by Jaccard), short (edit ratio),
    /// partial (containment) and edited (mutual containment), grouped into campaigns.
    ///
    /// The copies stage of `iken analyze`. Prints each group's size, how it was joined, the
    /// members' similarity to the representative and the representative's text; with
    /// --json every group with each member's and pair's similarity
    /// (docs/schema/copies.schema.json).
    Dedup(dedup::Args),
    /// Find the boilerplate in the official replies: template sentences (with variants),
    /// each reply's boilerplate share, identical replies, and how each reply answers
    /// (revised, deferred, explained, declined, noted, unclassified), with the phrase that
    /// decided it.
    ///
    /// The replies stage of `iken analyze` (--json: docs/schema/replies.schema.json). With
    /// --opinions, finds template sentences among the opinions instead
    /// (docs/schema/opinion-templates.schema.json).
    Boilerplate(boilerplate::Args),
    /// Show the terms the analysis counts for each opinion, as JSON Lines.
    ///
    /// Prints one line per opinion: {"id", "terms"} (content words by base form and noun
    /// compounds, without stop words: what clustering counts), or with --all-tokens
    /// {"id", "tokens": [{"surface", "base_form", "pos", "reading", "start", "end"}]} for
    /// every token the dictionary finds (offsets into the normalized text).
    Tokenize(tokenize::Args),
    /// The whole analysis: copies, clusters and boilerplate, written to a report directory.
    ///
    /// Writes report.html (open it in a browser), report.json, config.json (every option
    /// used: --config runs it again), and opinions.csv, clusters.csv, templates.csv,
    /// replies.csv and classes.csv (UTF-8 with BOM, for Excel). Prints the path of
    /// report.html on stdout and a one-line summary on stderr.
    Analyze(analyze::Args),
    /// Write a synthetic consultation with ground truth, as JSON Lines.
    ///
    /// Each line: {"id", "text", "topic", "campaign"} (+ "reply", "reply_boilerplate_only"
    /// with --replies). `topic` is the true theme (null: off every theme), `campaign` the
    /// form letter a comment copies (null: independent). Made from the bundled corpus's
    /// sentences; the same seed gives the same file.
    Generate(generate::Args),
}

fn main() -> ExitCode {
    let result = match Cli::parse().command {
        Command::Parse(args) => parse::run(args),
        Command::Cluster(args) => cluster::run(args),
        Command::Dedup(args) => dedup::run(args),
        Command::Boilerplate(args) => boilerplate::run(args),
        Command::Tokenize(args) => tokenize::run(args),
        Command::Analyze(args) => analyze::run(args),
        Command::Generate(args) => generate::run(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe (`iken cluster … | head`) is the reader's choice, not an error.
        Err(e) if closed_pipe(e.as_ref()) => ExitCode::SUCCESS,
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

/// Whether the error, or one of its sources, is a write to a closed pipe.
fn closed_pipe(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut current = Some(e);
    while let Some(err) = current {
        let kind = err
            .downcast_ref::<std::io::Error>()
            .map(std::io::Error::kind)
            .or_else(|| err.downcast_ref::<serde_json::Error>()?.io_error_kind());
        if kind == Some(std::io::ErrorKind::BrokenPipe) {
            return true;
        }
        current = err.source();
    }
    false
}
