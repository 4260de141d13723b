//! `iken analyze`: every stage, written to a report directory.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Instant;

use iken::{write_kouchou, write_report, write_report_unfolded};

use crate::Failure;
use crate::args::{Clustering, Config, Input, Seed, Terms, counted};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    input: Input,
    /// Directory to write the report into (created if missing).
    #[arg(long)]
    out: PathBuf,
    #[command(flatten)]
    config: Config,
    #[command(flatten)]
    seed: Seed,
    #[command(flatten)]
    terms: Terms,
    #[command(flatten)]
    clustering: Clustering,
    /// Also write kouchou/hierarchical_result.json (kouchou-ai's viewer) and
    /// kouchou/comments.csv (its pipeline's input, one row per distinct text).
    #[arg(long)]
    kouchou: bool,
    /// Print nothing but errors.
    #[arg(long, conflicts_with = "verbose")]
    quiet: bool,
    /// Also print each stage's time and the notes.
    #[arg(long)]
    verbose: bool,
}

pub fn run(args: Args) -> Result<(), Failure> {
    let started = Instant::now();
    let (quiet, verbose) = (args.quiet, args.verbose);
    // A spinner only for a person watching: not in pipes, logs or CI.
    let spinner = (!quiet && std::io::stderr().is_terminal()).then(|| {
        let bar = indicatif::ProgressBar::new_spinner();
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
        bar
    });
    let mut stage = |name: &str| {
        if verbose {
            let peak = peak_mb().map_or_else(String::new, |mb| format!(", peak {mb:>6.0} MB"));
            eprintln!("[{:>7.2} s{peak}] {name}", started.elapsed().as_secs_f64());
        }
        if let Some(bar) = &spinner {
            bar.set_message(format!("{name}…"));
        }
    };
    // The configuration file, or the defaults; then what the command line says.
    let mut analysis = args.config.seeded(&args.seed)?;
    stage("reading");
    let read = args.input.read(&mut analysis)?;
    if !quiet {
        for w in &read.warnings {
            eprintln!("warning: {w}");
        }
    }
    if verbose && analysis.read.fold_copies {
        let c = &read.consultation;
        eprintln!(
            "{} opinions read, {} distinct kept (copies folded while reading)",
            c.opinions_read(),
            c.opinions.len()
        );
    }
    args.clustering.apply(&mut analysis)?;
    args.terms.apply(&mut analysis)?;
    let report = analysis.run_with_progress(read.consultation, &mut stage)?;
    stage("writing");
    let file = &args.input.file;
    let title = file.file_name().map_or_else(
        || file.display().to_string(),
        |f| f.to_string_lossy().into_owned(),
    );
    let files = if analysis.read.fold_copies {
        // opinions.csv gets a row per input opinion: the input is read again for it.
        write_report_unfolded(&report, &args.out, &title, file, &analysis.read)?
    } else {
        write_report(&report, &args.out, &title)?
    };
    let kouchou = if args.kouchou {
        Some(write_kouchou(&report, &args.out, &title)?)
    } else {
        None
    };
    stage("done");
    if let Some(bar) = spinner {
        bar.finish_and_clear();
    }
    if verbose {
        for n in &report.notes {
            eprintln!("note: {n}");
        }
    }
    if !quiet {
        let s = &report.summary;
        eprintln!(
            "{}: {} ({} distinct once copies count once), {}; {}, {} unclustered; {} holding {}; {} of {} boilerplate only. {:.1} s.",
            file.display(),
            counted(s.opinions, "opinion"),
            s.distinct_opinions,
            counted(s.replies, "reply"),
            counted(s.clusters, "cluster"),
            s.unclustered,
            counted(s.campaigns, "copy group"),
            counted(s.opinions_in_copies, "opinion"),
            s.boilerplate_only_replies,
            counted(s.replies, "reply"),
            started.elapsed().as_secs_f64()
        );
        println!("{}", files.html.display());
        if let Some(k) = kouchou {
            println!("{}", k.hierarchical_result.display());
        }
    }
    Ok(())
}

/// The process's peak resident memory so far, where the system says it (Linux).
fn peak_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kb = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse::<f64>()
        .ok()?;
    Some(kb / 1024.0)
}
