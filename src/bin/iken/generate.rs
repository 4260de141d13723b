//! `iken generate`: a synthetic consultation with its ground truth.

use std::path::PathBuf;

use iken::{GenerateParams, Vocabulary, write_jsonl};

use crate::Failure;

#[derive(clap::Args)]
pub struct Args {
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
    /// Share of copies sent exactly as the letter was written (a docket's bulk
    /// submissions); the others get the usual edits.
    #[arg(long, default_value_t = 0.0)]
    unedited_share: f64,
    /// Add official replies (boilerplate and specific sentences, labelled).
    #[arg(long)]
    replies: bool,
    /// Where the words come from: `corpus` (the bundled corpus's: about 5,900 distinct
    /// terms at 100,000 comments) or `growing` (plus the dictionary's rare nouns, places
    /// and surnames: the vocabulary grows with the number of comments, as in real
    /// consultations).
    #[arg(long, value_enum, default_value_t = VocabularyArg::Corpus)]
    vocabulary: VocabularyArg,
    /// Output file (default, or `-`: stdout).
    #[arg(long)]
    out: Option<PathBuf>,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum VocabularyArg {
    Corpus,
    Growing,
}

pub fn run(args: Args) -> Result<(), Failure> {
    let mut params = GenerateParams::new(args.n)
        .vocabulary(match args.vocabulary {
            VocabularyArg::Corpus => Vocabulary::Corpus,
            VocabularyArg::Growing => Vocabulary::Growing,
        })
        .seed(args.seed)
        .campaign_share(args.campaign_share)
        .topics(args.topics)
        .replies(args.replies)
        .unedited_share(args.unedited_share);
    params.campaigns = args.campaigns;
    let stats = match args.out.as_ref().filter(|p| p.as_os_str() != "-") {
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
