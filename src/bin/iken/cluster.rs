//! `iken cluster`: the analysis' clustering stage.

use std::collections::HashMap;
use std::io::Write;

use crate::Failure;
use crate::args::{Clustering, Config, Input, Seed, Terms, counted, stdout};

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
    #[command(flatten)]
    clustering: Clustering,
    /// Print the result as JSON: the report of the copies and clustering stages.
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args) -> Result<(), Failure> {
    let mut analysis = args.config.seeded(&args.seed)?;
    let read = args.input.read_warned(&mut analysis)?;
    args.terms.apply(&mut analysis)?;
    args.clustering.apply(&mut analysis)?;
    let report = analysis.run_clusters(read.consultation)?;
    let Some(vectors) = &report.vectors else {
        let why: Vec<&str> = report
            .notes
            .iter()
            .filter(|n| n.starts_with("Not clustered"))
            .map(String::as_str)
            .collect();
        return Err(why.join(" ").into());
    };
    let mut out = stdout();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &report)?;
        writeln!(out)?;
        out.flush()?;
        return Ok(());
    }
    let text_of: HashMap<&str, &str> = report
        .opinions
        .iter()
        .map(|o| (o.id.as_str(), o.text.as_str()))
        .collect();
    writeln!(
        out,
        "{} in {} ({} unclustered). {}",
        counted(report.summary.opinions, "opinion"),
        counted(report.clusters.len(), "cluster"),
        report.summary.unclustered,
        report.how_k_was_chosen
    )?;
    writeln!(
        out,
        "Vectors: {} terms{}; the map's SVD has {} dimensions that keep {:.1} % of the variance.{}",
        vectors.terms,
        if vectors.reduced {
            ", clustered after reduction by SVD"
        } else {
            ", clustered on TF-IDF (too few opinions for LSA)"
        },
        vectors.dimensions,
        100.0 * vectors.explained_variance,
        match report.summary.opinions_in_copies {
            0 => String::new(),
            n => format!(
                " {n} opinions in {} groups of copies entered once per group.",
                report.duplicates.len()
            ),
        }
    )?;
    for c in &report.clusters {
        let words: Vec<&str> = c.keywords.iter().map(|(t, _)| t.as_str()).collect();
        writeln!(
            out,
            "\n#{} — {}, cohesion {:.2}: {}",
            c.id,
            counted(c.size, "opinion"),
            c.cohesion,
            words.join("・")
        )?;
        for r in &c.representatives {
            let text: String = text_of[r.as_str()].chars().take(70).collect();
            writeln!(out, "  [{r}] {text}")?;
        }
    }
    out.flush()?;
    Ok(())
}
