//! The `iken` command-line tool: thin, it parses arguments, calls the library, prints.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use std::io::IsTerminal;

use iken::{
    Analysis, BoilerplateParams, ClusterParams, Columns, DedupParams, Format, GenerateParams, K,
    ReadOptions, ReplyClass, ReplyReport, ReplyRules, TextUnit, read_path, tokenize_all,
    write_jsonl, write_report,
};

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
        #[command(flatten)]
        input: Input,
        /// Print why each paragraph of a PDF table was read as it was (on stderr).
        #[arg(long)]
        explain: bool,
        /// Indent the JSON.
        #[arg(long)]
        pretty: bool,
    },
    /// Group the opinions of a file by what they say, and describe each group.
    ///
    /// Tokenizes the opinions (content words and noun compounds), weights them by TF-IDF
    /// (reduced by truncated SVD above 2 × --dimensions opinions) and groups them: by
    /// default an average-linkage hierarchy cut where the silhouette is best, k-means above
    /// --hierarchy-up-to or with a number for --k. Prints each cluster's size, keywords and
    /// representative opinions, or with --json the full result.
    Cluster {
        #[command(flatten)]
        input: Input,
        #[command(flatten)]
        terms: Terms,
        /// Number of clusters (k-means), or `auto`: up to --hierarchy-up-to opinions, an
        /// average-linkage hierarchy cut where the silhouette is best (opinions alone at
        /// that cut are unclustered); above, k-means with the k of best silhouette.
        #[arg(long, default_value = "auto")]
        k: String,
        /// Largest k tried by `auto` when it uses k-means.
        #[arg(long, default_value_t = 30)]
        max_k: usize,
        /// Most distinct opinions `auto` groups by a hierarchy (n²/2 distances: 200 MB at
        /// 10,000); 0 always uses k-means.
        #[arg(long, default_value_t = 10_000)]
        hierarchy_up_to: usize,
        /// Cut the hierarchy at this cosine distance instead of where the silhouette is best
        /// (short texts are far apart: e.g. 0.85); for up to 20,000 opinions. Not with a
        /// number for --k.
        #[arg(long)]
        threshold: Option<f64>,
        /// Opinions less similar than this (cosine) to their cluster are unclustered.
        #[arg(long, default_value_t = 0.2)]
        min_similarity: f64,
        /// Most dimensions of the SVD (at most one per two opinions); up to twice this many
        /// opinions are clustered on TF-IDF itself.
        #[arg(long, default_value_t = 100)]
        dimensions: usize,
        /// Seed of every random choice.
        #[arg(long, default_value_t = 0)]
        seed: u64,
        /// Print the full result as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Find copies: exact, near (MinHash/LSH, verified by Jaccard), short (edit ratio),
    /// partial (containment) and edited (mutual containment), grouped into campaigns.
    ///
    /// Prints each group's size, how it was joined, the members' similarity to the
    /// representative and the representative's text; with --json the full result.
    Dedup {
        #[command(flatten)]
        input: Input,
        /// Jaccard similarity of 5-character shingles at or above which texts are copies.
        #[arg(long, default_value_t = 0.8)]
        threshold: f64,
        /// Containment at or above which a partial copy joins a group, or `off`.
        #[arg(long, default_value = "0.85", allow_hyphen_values = true)]
        containment: String,
        /// Share of each text found in the other at or above which an edited copy (a
        /// sentence added or dropped, a name line) joins a group, or `off`.
        #[arg(long, default_value = "0.6", allow_hyphen_values = true)]
        mutual: String,
        /// Character edit ratio at or above which two short texts (at most 150 characters
        /// once markers, punctuation and です are folded) are copies, or `off`: e.g. 0.8 for
        /// tables of short form letters pasted with small edits. Off by default: it also
        /// joins short comments that quote one sentence with a few words of their own.
        #[arg(long, default_value = "off", allow_hyphen_values = true)]
        short_similarity: String,
        /// Characters per shingle.
        #[arg(long, default_value_t = 5)]
        shingle: usize,
        /// Seed of the MinHash functions.
        #[arg(long, default_value_t = 0)]
        seed: u64,
        /// Groups shown in the terminal summary (all are in --json).
        #[arg(long, default_value_t = 20)]
        top: usize,
        /// Print the full result as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Find the boilerplate in the official replies: template sentences (with variants),
    /// each reply's boilerplate share, identical replies, and how each reply answers
    /// (revised, explained, deferred, noted), with the phrase that decided it.
    ///
    /// With --opinions, finds template sentences among the opinions instead.
    Boilerplate {
        #[command(flatten)]
        input: Input,
        /// Fewest texts a sentence must recur in to be a template.
        #[arg(long, default_value_t = 2)]
        min_texts: usize,
        /// Similarity (0 to 1) at or above which two sentences are variants of one template.
        #[arg(long, default_value_t = 0.8)]
        variant_similarity: f64,
        /// Look at the opinions rather than the replies.
        #[arg(long)]
        opinions: bool,
        /// Print the full result as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Show the terms the analysis counts for each opinion, as JSON Lines.
    ///
    /// Prints one line per opinion: {"id", "terms"} (content words by base form and noun
    /// compounds, without stop words: what clustering counts), or with --all-tokens
    /// {"id", "tokens": [{"surface", "base_form", "pos", "reading", "start", "end"}]} for
    /// every token the dictionary finds (offsets into the normalized text).
    Tokenize {
        #[command(flatten)]
        input: Input,
        #[command(flatten)]
        terms: Terms,
        /// Every token with its part of speech and reading, not only the counted terms.
        #[arg(long)]
        all_tokens: bool,
    },
    /// The whole analysis: copies, clusters and boilerplate, written to a directory as
    /// report.html (open it in a browser), report.json, config.json (every option used:
    /// --config runs it again), and opinions.csv, clusters.csv, templates.csv, replies.csv
    /// and classes.csv (UTF-8 with BOM, for Excel). Other clustering options
    /// (min_similarity, dimensions, a fixed cut) go in a --config file.
    Analyze {
        #[command(flatten)]
        input: Input,
        #[command(flatten)]
        terms: Terms,
        /// Directory to write the report into (created if missing).
        #[arg(long)]
        out: PathBuf,
        /// Options from a JSON file, such as the config.json a report directory holds;
        /// options given on the command line override it.
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
        /// Number of clusters (k-means), or `auto` (the default): up to --hierarchy-up-to
        /// opinions, an average-linkage hierarchy cut where the silhouette is best (opinions
        /// alone at that cut are unclustered); above, k-means with the k of best silhouette.
        #[arg(long)]
        k: Option<String>,
        /// Largest k tried by `auto` when it uses k-means [default: 30].
        #[arg(long)]
        max_k: Option<usize>,
        /// Most distinct opinions `auto` groups by a hierarchy (n²/2 distances: 200 MB at
        /// 10,000); 0 always uses k-means [default: 10000].
        #[arg(long)]
        hierarchy_up_to: Option<usize>,
        /// Seed of every random choice [default: 0].
        #[arg(long)]
        seed: Option<u64>,
        /// Print nothing but errors.
        #[arg(long, conflicts_with = "verbose")]
        quiet: bool,
        /// Also print each stage's time and the notes.
        #[arg(long)]
        verbose: bool,
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
        /// Output file (default, or `-`: stdout).
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

/// The input file and how to read it, shared by the subcommands that read one.
#[derive(clap::Args)]
struct Input {
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
}

/// What counts as a term, shared by the subcommands that tokenize.
#[derive(clap::Args)]
struct Terms {
    /// A user dictionary that keeps domain terms whole: CSV, UTF-8, one term per row as
    /// `surface,part_of_speech,reading` (e.g. `ワンスオンリー,名詞,ワンスオンリー`).
    #[arg(long, value_name = "FILE")]
    user_dict: Option<PathBuf>,
    /// Stop words added to the defaults (or to a --config file's list): one base form per
    /// line, `#` comments; `-word` removes one (e.g. `-思う`).
    #[arg(long, value_name = "FILE")]
    stop_words: Option<PathBuf>,
}

impl Terms {
    /// Sets the user dictionary, and adds the stop words to those `analysis` has.
    fn apply(&self, analysis: &mut Analysis) -> iken::Result<()> {
        if let Some(path) = &self.user_dict {
            // Recorded whole in config.json, so that a rerun from elsewhere finds it.
            analysis.user_dictionary = Some(std::path::absolute(path).unwrap_or(path.clone()));
        }
        if let Some(path) = &self.stop_words {
            analysis.stop_words = analysis.stop_words.clone().with_file(path)?;
        }
        Ok(())
    }
}

impl Input {
    fn options(&self) -> iken::Result<ReadOptions> {
        Ok(ReadOptions {
            format: self.format,
            columns: self
                .columns
                .as_deref()
                .map(Columns::parse)
                .transpose()?
                .unwrap_or_default(),
            encoding: self.encoding.clone(),
            sheet: self.sheet.clone(),
            text_unit: if self.per_line {
                TextUnit::Line
            } else {
                TextUnit::Paragraph
            },
        })
    }
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
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

fn run(cli: Cli) -> Result<(), Box<dyn std::error::Error>> {
    match cli.command {
        Command::Parse {
            input,
            explain,
            pretty,
        } => {
            let file = &input.file;
            let read = read_path(file, &input.options()?)?;
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
                    format!("; {}", counted(read.warnings.len(), "warning"))
                }
            );
            Ok(())
        }
        Command::Cluster {
            input,
            terms,
            k,
            max_k,
            hierarchy_up_to,
            threshold,
            min_similarity,
            dimensions,
            seed,
            json,
        } => {
            if dimensions == 0 {
                return Err("--dimensions 0 keeps nothing; use e.g. 100".into());
            }
            if max_k < 2 {
                return Err(format!("--max-k {max_k}: auto k compares at least 2 clusters").into());
            }
            let read = read_warned(&input)?;
            let opinions = &read.consultation.opinions;
            let k = match (threshold, k.as_str()) {
                (Some(distance), "auto") => K::Threshold { distance },
                (Some(_), n) => {
                    return Err(format!(
                        "--threshold cuts the hierarchy and --k {n} asks k-means for {n} clusters: give one of them"
                    )
                    .into());
                }
                (None, "auto") => K::Auto { min: 2, max: max_k },
                (None, n) => K::Fixed(
                    n.parse()
                        .map_err(|_| format!("--k {n:?}: give a number or auto"))?,
                ),
            };
            let mut params = ClusterParams::new(k);
            params.min_similarity = min_similarity;
            params.hierarchy_up_to = hierarchy_up_to;
            let mut analysis = Analysis::builder()
                .seed(seed)
                .cluster(params)
                .dimensions(dimensions)
                .build();
            terms.apply(&mut analysis)?;
            // The analysis' own clustering stage, copies entering once, as `iken analyze`.
            let report = analysis.run_clusters(&read.consultation)?;
            let Some(vectors) = &report.vectors else {
                let why: Vec<&str> = report
                    .notes
                    .iter()
                    .filter(|n| n.starts_with("Not clustered"))
                    .map(String::as_str)
                    .collect();
                return Err(why.join(" ").into());
            };
            let text_of: std::collections::HashMap<&str, &str> = opinions
                .iter()
                .map(|o| (o.id.as_str(), o.text.as_str()))
                .collect();
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            if json {
                let clusters: Vec<serde_json::Value> = report
                    .clusters
                    .iter()
                    .map(|c| {
                        serde_json::json!({
                            "id": c.id,
                            "size": c.size,
                            "distinct": c.distinct,
                            "keywords": c.keywords.iter().map(|(t, w)| serde_json::json!({"term": t, "weight": w})).collect::<Vec<_>>(),
                            "representatives": c.representatives.iter().map(|r| serde_json::json!({"id": r, "text": text_of[r.as_str()]})).collect::<Vec<_>>(),
                            "cohesion": c.cohesion,
                            "members": c.members,
                            "replies": c.replies.iter().map(|(r, n)| serde_json::json!({"reply": r, "opinions": n})).collect::<Vec<_>>(),
                        })
                    })
                    .collect();
                let json_out = serde_json::json!({
                    "clusters": clusters,
                    "unclustered": report.unclustered,
                    "k": report.clusters.len(),
                    "how_k_was_chosen": report.how_k_was_chosen,
                    "vectors": vectors,
                    "copy_groups": report.duplicates.len(),
                });
                writeln!(out, "{}", serde_json::to_string_pretty(&json_out)?)?;
            } else {
                writeln!(
                    out,
                    "{} in {} ({} unclustered). {}",
                    counted(opinions.len(), "opinion"),
                    counted(report.clusters.len(), "cluster"),
                    report.unclustered.len(),
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
            }
            out.flush()?;
            Ok(())
        }
        Command::Dedup {
            input,
            threshold,
            containment,
            mutual,
            short_similarity,
            shingle,
            seed,
            top,
            json,
        } => {
            let read = read_warned(&input)?;
            let opinions = &read.consultation.opinions;
            let texts = read.consultation.texts();
            let params = DedupParams {
                threshold,
                shingle,
                seed,
                containment: share_or_off("--containment", &containment)?,
                mutual: share_or_off("--mutual", &mutual)?,
                short_similarity: share_or_off("--short-similarity", &short_similarity)?,
                ..DedupParams::default()
            };
            let found = params.find(&texts)?;
            let id = |i: usize| opinions[i].id.as_str();
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            if json {
                let groups: Vec<serde_json::Value> = found
                    .groups
                    .iter()
                    .map(|g| {
                        serde_json::json!({
                            "id": g.id,
                            "size": g.size,
                            "distinct": g.distinct,
                            "representative": {"id": id(g.representative), "text": opinions[g.representative].text},
                            "members": g.members.iter().map(|m| id(m.index)).collect::<Vec<_>>(),
                            "similarity": g.similarity,
                            "measure": g.measure,
                            "details": g.members.iter().map(|m| serde_json::json!({
                                "id": id(m.index), "similarity": m.similarity, "measure": m.measure,
                                "added": m.added, "removed": m.removed,
                            })).collect::<Vec<_>>(),
                            "pairs": g.pairs.iter().map(|p| serde_json::json!({
                                "a": id(p.a), "b": id(p.b), "similarity": p.similarity, "measure": p.measure,
                            })).collect::<Vec<_>>(),
                        })
                    })
                    .collect();
                let json_out = serde_json::json!({
                    "groups": groups,
                    "texts": found.texts,
                    "distinct": found.distinct,
                    "in_groups": found.groups.iter().map(|g| g.size).sum::<usize>(),
                    "empty": found.empty.iter().map(|&i| id(i)).collect::<Vec<_>>(),
                    "candidates": found.candidates,
                    "verified": found.verified,
                    "params": {
                        "threshold": params.threshold,
                        "containment": params.containment,
                        "mutual": params.mutual,
                        "short_similarity": params.short_similarity,
                        "short_chars": params.short_chars,
                        "shingle": params.shingle,
                        "permutations": params.permutations,
                        "bands": found.bands.0,
                        "rows": found.bands.1,
                        "seed": params.seed,
                    },
                });
                writeln!(out, "{}", serde_json::to_string_pretty(&json_out)?)?;
            } else {
                let in_groups: usize = found.groups.iter().map(|g| g.size).sum();
                writeln!(
                    out,
                    "{} texts, {} distinct after normalization: {} of copies hold {} texts ({:.1} %).",
                    found.texts,
                    found.distinct,
                    counted(found.groups.len(), "group"),
                    in_groups,
                    100.0 * in_groups as f64 / found.texts.max(1) as f64
                )?;
                if !found.empty.is_empty() {
                    writeln!(out, "{} empty texts are not compared.", found.empty.len())?;
                }
                for g in found.groups.iter().take(top) {
                    let text: String = opinions[g.representative].text.chars().take(70).collect();
                    writeln!(
                        out,
                        "\n#{} — {} texts ({} distinct), {}; similarity to the representative min {:.2}, median {:.2}\n  [{}] {text}",
                        g.id,
                        g.size,
                        g.distinct,
                        g.measure,
                        g.similarity.min,
                        g.similarity.median,
                        id(g.representative)
                    )?;
                }
                if found.groups.len() > top {
                    writeln!(
                        out,
                        "\n… {} more groups (--top N, or --json for all).",
                        found.groups.len() - top
                    )?;
                }
            }
            out.flush()?;
            Ok(())
        }
        Command::Boilerplate {
            input,
            min_texts,
            variant_similarity,
            opinions,
            json,
        } => {
            let read = read_warned(&input)?;
            let c = &read.consultation;
            let params = BoilerplateParams {
                min_texts,
                variant_similarity,
                ..BoilerplateParams::default()
            };
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            if opinions {
                let texts = c.texts();
                let found = params.find(&texts)?;
                let id = |i: usize| c.opinions[i].id.as_str();
                if json {
                    let v = serde_json::json!({
                        "templates": found.templates.iter().map(|t| serde_json::json!({
                            "id": t.id, "text": t.text, "variants": t.variants,
                            "opinions": t.texts.iter().map(|&i| id(i)).collect::<Vec<_>>(),
                        })).collect::<Vec<_>>(),
                        "opinions": found.texts.iter().enumerate().map(|(i, b)| serde_json::json!({
                            "id": id(i), "boilerplate_share": b.share, "boilerplate_only": b.only,
                        })).collect::<Vec<_>>(),
                    });
                    writeln!(out, "{}", serde_json::to_string_pretty(&v)?)?;
                } else {
                    let only = found.texts.iter().filter(|b| b.only).count();
                    writeln!(
                        out,
                        "{} opinions: {} template sentences; {} opinions are made only of them.",
                        texts.len(),
                        found.templates.len(),
                        only
                    )?;
                    for t in found.templates.iter().take(30) {
                        writeln!(out, "\n#{} in {} opinions: {}", t.id, t.texts.len(), t.text)?;
                        for v in t.variants.iter().skip(1).take(5) {
                            writeln!(out, "    variant ({}): {}", v.texts, v.text)?;
                        }
                    }
                }
            } else {
                if c.replies.is_empty() {
                    return Err(format!(
                        "{} has no replies ({}); use --opinions to look at the opinions",
                        input.file.display(),
                        c.summary()
                    )
                    .into());
                }
                let report = ReplyReport::new(c, &params, &ReplyRules::default())?;
                if json {
                    writeln!(out, "{}", serde_json::to_string_pretty(&report)?)?;
                } else {
                    let n = report.replies.len();
                    let mean_share = report
                        .replies
                        .iter()
                        .map(|r| r.boilerplate_share)
                        .sum::<f64>()
                        / n.max(1) as f64;
                    writeln!(
                        out,
                        "{n} replies: {} template sentences; {} replies ({:.0} %) are boilerplate only; on average {:.0} % of a reply is boilerplate.",
                        report.templates.len(),
                        report.boilerplate_only,
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
                    let line = |m: &std::collections::BTreeMap<ReplyClass, usize>| {
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
                }
            }
            out.flush()?;
            Ok(())
        }
        Command::Tokenize {
            input,
            terms,
            all_tokens,
        } => {
            let read = read_warned(&input)?;
            let mut analysis = Analysis::default();
            terms.apply(&mut analysis)?;
            let tokenizer = if all_tokens {
                analysis.tokenizer()?.keeping_all_tokens()
            } else {
                analysis.tokenizer()?
            };
            let texts = read.consultation.texts();
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            // In batches, so a million opinions never hold all their tokens at once.
            for (batch, opinions) in texts
                .chunks(4096)
                .zip(read.consultation.opinions.chunks(4096))
            {
                let tokens = tokenize_all(&tokenizer, batch)?;
                for (o, tokens) in opinions.iter().zip(tokens) {
                    let line = if all_tokens {
                        serde_json::json!({"id": o.id, "tokens": tokens})
                    } else {
                        let terms: Vec<&str> = tokens.iter().map(|t| t.term()).collect();
                        serde_json::json!({"id": o.id, "terms": terms})
                    };
                    writeln!(out, "{line}")?;
                }
            }
            out.flush()?;
            Ok(())
        }
        Command::Analyze {
            input,
            terms,
            out,
            config,
            k,
            max_k,
            hierarchy_up_to,
            seed,
            quiet,
            verbose,
        } => {
            let started = std::time::Instant::now();
            // A spinner only for a person watching: not in pipes, logs or CI.
            let spinner = (!quiet && std::io::stderr().is_terminal()).then(|| {
                let bar = indicatif::ProgressBar::new_spinner();
                bar.enable_steady_tick(std::time::Duration::from_millis(120));
                bar
            });
            let mut last = std::time::Instant::now();
            let mut stage = |name: &str| {
                if verbose {
                    eprintln!("[{:>7.2} s] {name}", started.elapsed().as_secs_f64());
                }
                if let Some(bar) = &spinner {
                    bar.set_message(format!("{name}…"));
                }
                last = std::time::Instant::now();
            };
            stage("reading");
            let read = read_path(&input.file, &input.options()?)?;
            for w in &read.warnings {
                if !quiet {
                    eprintln!("warning: {w}");
                }
            }
            // The configuration file, or the defaults; then what the command line says.
            let mut analysis = match &config {
                Some(path) => Analysis::read_config(path)?,
                None => Analysis::default(),
            };
            if let Some(seed) = seed {
                analysis.seed = seed;
            }
            if let Some(h) = hierarchy_up_to {
                analysis.cluster.hierarchy_up_to = h;
            }
            let (min, max) = match analysis.cluster.k {
                K::Auto { min, max } => (min, max),
                _ => (2, 30),
            };
            match (k.as_deref(), max_k) {
                (None, None) => {}
                (None | Some("auto"), max_k) => {
                    analysis.cluster.k = K::Auto {
                        min,
                        max: max_k.unwrap_or(max),
                    };
                }
                (Some(n), _) => {
                    analysis.cluster.k = K::Fixed(
                        n.parse()
                            .map_err(|_| format!("--k {n:?}: give a number or auto"))?,
                    );
                }
            }
            terms.apply(&mut analysis)?;
            let report = analysis.run_with_progress(&read.consultation, &mut stage)?;
            stage("writing");
            let title = input.file.file_name().map_or_else(
                || input.file.display().to_string(),
                |f| f.to_string_lossy().into_owned(),
            );
            let files = write_report(&report, &out, &title)?;
            let _ = last;
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
                    "{}: {} ({} distinct), {}; {}, {} unclustered; {} holding {}; {} of {} boilerplate only. {:.1} s.",
                    input.file.display(),
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
            }
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
            let stats = match out.as_ref().filter(|p| p.as_os_str() != "-") {
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

/// "1 opinion", "2 opinions", "0 replies".
fn counted(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else if let Some(stem) = noun.strip_suffix('y') {
        format!("{n} {stem}ies")
    } else {
        format!("{n} {noun}s")
    }
}

/// Reads the input file and says on stderr what the reader skipped or changed, so that no
/// comment goes missing unannounced.
fn read_warned(input: &Input) -> Result<iken::ReadOutcome, Box<dyn std::error::Error>> {
    let read = read_path(&input.file, &input.options()?)?;
    for w in &read.warnings {
        eprintln!("warning: {w}");
    }
    Ok(read)
}

/// A share in (0, 1] given on the command line, or `off`.
fn share_or_off(flag: &str, value: &str) -> Result<Option<f64>, String> {
    if value.eq_ignore_ascii_case("off") || value.eq_ignore_ascii_case("none") {
        return Ok(None);
    }
    value
        .parse()
        .map(Some)
        .map_err(|_| format!("{flag} {value:?}: give a number in (0, 1] or off"))
}
