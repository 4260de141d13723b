//! The main job on the bundled corpus: Osaka City's public comment on its DX strategy.
//!
//! Reads the published table into opinions and replies, runs the whole analysis (copies,
//! clusters, boilerplate in the replies, how each reply answers), prints a short summary and
//! writes the report (report.html, report.json, CSV files) to `target/osaka-report/`, or to
//! the directory given with `--out`.
//!
//! Run: `cargo run --release --example osaka [-- PATH] [--out DIR] [--top N]`
//! (`--top`: clusters shown in the summary, default 8).

use std::error::Error;
use std::path::PathBuf;
use std::time::Instant;

use iken::{Analysis, ReadOptions, ReplyClass, read_path, write_report};

const CORPUS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/data/osaka-dx-strategy-pubcomment.txt"
);

fn main() -> Result<(), Box<dyn Error>> {
    let mut path = CORPUS.to_owned();
    let mut out = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/target/osaka-report"));
    let mut top = 8usize;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--top" => top = args.next().ok_or("--top needs a number")?.parse()?,
            "--out" => out = args.next().ok_or("--out needs a directory")?.into(),
            _ => path = arg,
        }
    }
    let started = Instant::now();
    let read = read_path(&path, &ReadOptions::default())?;
    let consultation = &read.consultation;
    let report = Analysis::builder().seed(0).build().run(consultation)?;
    let title = std::path::Path::new(&path)
        .file_name()
        .map_or(path.clone(), |f| f.to_string_lossy().into_owned());
    let files = write_report(&report, &out, &title)?;
    let s = &report.summary;

    println!("{path} (read as {})", read.format);
    println!("{}\n", consultation.summary());
    println!(
        "{} clusters of {} opinions ({} unclustered). {}",
        s.clusters, s.opinions, s.unclustered, report.how_k_was_chosen
    );
    for c in report.clusters.iter().take(top) {
        let words: Vec<&str> = c.keywords.iter().take(6).map(|(t, _)| t.as_str()).collect();
        println!(
            "  #{} {:>3} opinions, cohesion {:.2}: {}",
            c.id,
            c.size,
            c.cohesion,
            words.join("・")
        );
    }
    println!(
        "\nCopies: {} groups holding {} of {} opinions.",
        s.campaigns, s.opinions_in_copies, s.opinions
    );
    if let Some(r) = &report.replies {
        let mean: f64 =
            r.replies.iter().map(|x| x.boilerplate_share).sum::<f64>() / r.replies.len() as f64;
        println!(
            "Replies: {} of {} are boilerplate only; on average {:.0} % of a reply is boilerplate.",
            r.boilerplate_only,
            r.replies.len(),
            100.0 * mean
        );
        for t in r.templates.iter().take(3) {
            println!("  template in {} replies: {}", t.replies.len(), t.text);
        }
        let classes: Vec<String> = ReplyClass::ALL
            .iter()
            .map(|c| format!("{c} {}", r.counts.overall.get(c).copied().unwrap_or(0)))
            .collect();
        println!("  how they answer: {}", classes.join(", "));
    }
    for n in &report.notes {
        println!("note: {n}");
    }
    println!(
        "\nReport written to {} (open report.html) in {:.2} s.",
        out.display(),
        started.elapsed().as_secs_f64()
    );
    println!("{}", files.html.display());
    Ok(())
}
