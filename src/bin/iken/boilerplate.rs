//! `iken boilerplate`: the analysis' replies stage, or its template finding over the
//! opinions.

use std::collections::BTreeMap;
use std::io::Write;

use iken::{OpinionTemplates, ReplyClass, ReplyReport, Versioned};

use crate::Failure;
use crate::args::{Config, Input, Seed, counted, stdout};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    input: Input,
    #[command(flatten)]
    config: Config,
    #[command(flatten)]
    seed: Seed,
    /// Fewest texts a sentence must recur in to be a template [default: 2].
    #[arg(long)]
    min_texts: Option<usize>,
    /// Similarity (0 to 1) at or above which two sentences are variants of one template
    /// [default: 0.8].
    #[arg(long)]
    variant_similarity: Option<f64>,
    /// Look at the opinions rather than the replies.
    #[arg(long)]
    opinions: bool,
    /// Print the full result as JSON.
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args) -> Result<(), Failure> {
    let mut analysis = args.config.seeded(&args.seed)?;
    args.input.refuse_folding(&analysis, "boilerplate")?;
    let read = args.input.read_warned(&mut analysis)?;
    let c = &read.consultation;
    if let Some(m) = args.min_texts {
        analysis.boilerplate.min_texts = m;
    }
    if let Some(v) = args.variant_similarity {
        analysis.boilerplate.variant_similarity = v;
    }
    let mut out = stdout();
    if args.opinions {
        let found = analysis.run_opinion_templates(c)?;
        if args.json {
            serde_json::to_writer_pretty(&mut out, &Versioned::new(&found))?;
            writeln!(out)?;
        } else {
            print_opinion_templates(&mut out, &found)?;
        }
    } else {
        if c.replies.is_empty() {
            return Err(format!(
                "{} has no replies ({}); use --opinions to look at the opinions",
                args.input.file.display(),
                c.summary()
            )
            .into());
        }
        let report = analysis.run_replies(c)?;
        if args.json {
            serde_json::to_writer_pretty(&mut out, &Versioned::new(&report))?;
            writeln!(out)?;
        } else {
            print_replies(&mut out, &report)?;
        }
    }
    out.flush()?;
    Ok(())
}

fn print_opinion_templates(out: &mut impl Write, found: &OpinionTemplates) -> std::io::Result<()> {
    let only = found.opinions.iter().filter(|b| b.boilerplate_only).count();
    writeln!(
        out,
        "{} opinions: {} template sentences; {} opinions are made only of them.",
        found.opinions.len(),
        found.templates.len(),
        only
    )?;
    for t in found.templates.iter().take(30) {
        writeln!(
            out,
            "\n#{} in {} opinions: {}",
            t.id,
            t.opinions.len(),
            t.text
        )?;
        for v in t.variants.iter().skip(1).take(5) {
            writeln!(out, "    variant ({}): {}", v.texts, v.text)?;
        }
    }
    Ok(())
}

fn print_replies(out: &mut impl Write, report: &ReplyReport) -> std::io::Result<()> {
    let n = report.replies.len();
    let mean_share = report
        .replies
        .iter()
        .map(|r| r.boilerplate_share)
        .sum::<f64>()
        / n.max(1) as f64;
    writeln!(
        out,
        "{}: {} template sentences; {} ({:.0} %) boilerplate only; on average {:.0} % of a reply is boilerplate.",
        counted(n, "reply"),
        report.templates.len(),
        counted(report.boilerplate_only, "reply"),
        100.0 * report.boilerplate_only as f64 / n.max(1) as f64,
        100.0 * mean_share
    )?;
    writeln!(out, "\nTemplates:")?;
    for t in &report.templates {
        writeln!(
            out,
            "  #{} in {} replies: {}",
            t.id,
            t.replies.len(),
            t.text
        )?;
        for v in t.variants.iter().skip(1) {
            writeln!(out, "      variant ({}): {}", v.texts, v.text)?;
        }
    }
    if !report.reused.is_empty() {
        writeln!(
            out,
            "\nReused answers (one subject's answer given to several opinions; not boilerplate):"
        )?;
        for t in &report.reused {
            writeln!(
                out,
                "  #{} in {} replies (to opinions {}): {}",
                t.id,
                t.replies.len(),
                t.opinions.join(", "),
                t.text.chars().take(60).collect::<String>()
            )?;
        }
    }
    let line = |m: &BTreeMap<ReplyClass, usize>| {
        ReplyClass::ALL
            .iter()
            .map(|c| format!("{} {}", c, m.get(c).copied().unwrap_or(0)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    writeln!(
        out,
        "\nHow the replies answer: {}",
        line(&report.counts.overall)
    )?;
    for (section, m) in &report.counts.by_section {
        writeln!(out, "  {section}: {}", line(m))?;
    }
    if !report.identical.is_empty() {
        writeln!(out, "\nIdentical replies:")?;
        for g in &report.identical {
            writeln!(
                out,
                "  {} (to opinions {}): {}",
                g.replies.join(", "),
                g.opinions.join(", "),
                g.text.chars().take(60).collect::<String>()
            )?;
        }
    }
    writeln!(out, "\nReplies:")?;
    for r in &report.replies {
        writeln!(
            out,
            "  {:<6} {:<12} boilerplate {:>3.0} %{}  ← {}",
            r.id,
            r.class.name(),
            100.0 * r.boilerplate_share,
            if r.boilerplate_only { " (only)" } else { "" },
            r.decided_by
                .as_deref()
                .map_or("(no rule applies)".to_owned(), |p| format!("「{p}」"))
        )?;
    }
    Ok(())
}
