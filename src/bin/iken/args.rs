//! Arguments several commands share, and how they set the analysis.

use std::path::PathBuf;

use iken::{Analysis, Columns, Format, K, ReadOutcome, TextUnit};

use crate::Failure;

/// The input file and how to read it.
#[derive(clap::Args)]
pub struct Input {
    /// The input: a published opinion/reply table as PDF (or its extracted text), CSV,
    /// TSV, Excel, JSON Lines or plain text.
    pub file: PathBuf,
    /// auto, pdf, pdf-table, csv, tsv, xlsx, jsonl or text [default: auto].
    #[arg(long)]
    format: Option<Format>,
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
    /// Fold exact copies while reading (same text and section, neither with a reply of its
    /// own): memory for the distinct texts, for dockets of millions of mostly identical
    /// comments. analyze, cluster and dedup still count every copy, and analyze still
    /// writes a row per input opinion to opinions.csv; tokenize and boilerplate refuse it.
    #[arg(long)]
    pub fold_copies: bool,
}

impl Input {
    /// Sets the reading options the flags give in `analysis`.
    fn apply(&self, analysis: &mut Analysis) -> iken::Result<()> {
        let read = &mut analysis.read;
        if let Some(format) = self.format {
            read.format = format;
        }
        if let Some(columns) = &self.columns {
            read.columns = Columns::parse(columns)?;
        }
        if let Some(encoding) = &self.encoding {
            read.encoding = Some(encoding.clone());
        }
        if let Some(sheet) = &self.sheet {
            read.sheet = Some(sheet.clone());
        }
        if self.per_line {
            read.text_unit = TextUnit::Line;
        }
        if self.fold_copies {
            read.fold_copies = true;
        }
        Ok(())
    }

    /// Reads the file as the analysis and the flags say (recording the flags in
    /// `analysis`), without a word on stderr.
    pub fn read(&self, analysis: &mut Analysis) -> Result<ReadOutcome, Failure> {
        self.apply(analysis)?;
        analysis.read(&self.file).map_err(|e| self.hint(e))
    }

    /// An error when copies would be folded (`--fold-copies`, or `fold_copies` in the
    /// configuration) for a command that shows each text rather than counting copies.
    pub fn refuse_folding(&self, analysis: &Analysis, command: &str) -> Result<(), Failure> {
        if self.fold_copies || analysis.read.fold_copies {
            return Err(format!(
                "--fold-copies is for analyze, cluster, dedup and parse: `iken {command}` \
                 shows texts one by one and would count each distinct text once"
            )
            .into());
        }
        Ok(())
    }

    /// [`read`](Self::read), saying on stderr what the reader skipped or changed, so that no
    /// comment goes missing unannounced.
    pub fn read_warned(&self, analysis: &mut Analysis) -> Result<ReadOutcome, Failure> {
        let read = self.read(analysis)?;
        for w in &read.warnings {
            eprintln!("warning: {w}");
        }
        Ok(read)
    }

    /// The library's error with the flag that mends it.
    fn hint(&self, e: iken::Error) -> Failure {
        let flag = match e.kind() {
            iken::ErrorKind::Encoding { .. } => "--encoding",
            iken::ErrorKind::MissingColumn { .. } => "--columns",
            _ => return e.into(),
        };
        format!("{e} (with {flag})").into()
    }
}

/// The configuration a command starts from.
#[derive(clap::Args)]
pub struct Config {
    /// Options from a JSON file, such as the config.json a report directory holds;
    /// options given on the command line override it.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
}

impl Config {
    /// The analysis of the configuration file, or the defaults.
    pub fn analysis(&self) -> iken::Result<Analysis> {
        match &self.config {
            Some(path) => Analysis::read_config(path),
            None => Ok(Analysis::default()),
        }
    }

    /// [`analysis`](Self::analysis) with the seed given on the command line.
    pub fn seeded(&self, seed: &Seed) -> iken::Result<Analysis> {
        let mut analysis = self.analysis()?;
        if let Some(seed) = seed.seed {
            analysis.seed = seed;
        }
        Ok(analysis)
    }
}

/// The seed, for the commands that make random choices.
#[derive(clap::Args)]
pub struct Seed {
    /// Seed of every random choice (MinHash, SVD, k-means, samples) [default: 0].
    #[arg(long)]
    seed: Option<u64>,
}

/// What counts as a term.
#[derive(clap::Args)]
pub struct Terms {
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
    pub fn apply(&self, analysis: &mut Analysis) -> iken::Result<()> {
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

/// How to cluster; each flag left out keeps the configuration's value.
#[derive(clap::Args)]
pub struct Clustering {
    /// Number of clusters (k-means), or `auto`: up to --hierarchy-up-to
    /// opinions, an average-linkage hierarchy cut where the silhouette is best (opinions
    /// alone at that cut are unclustered); above, k-means with the k of best silhouette
    /// [default: auto].
    #[arg(long)]
    k: Option<String>,
    /// Largest k tried by `auto` when it uses k-means [default: 30].
    #[arg(long)]
    max_k: Option<usize>,
    /// Most distinct opinions `auto` groups by a hierarchy (n²/2 distances: 200 MB at
    /// 10,000); 0 always uses k-means [default: 10000].
    #[arg(long)]
    hierarchy_up_to: Option<usize>,
    /// Cut the hierarchy at this cosine distance instead of where the silhouette is best
    /// (short texts are far apart: e.g. 0.85); for up to 20,000 opinions. Not with a
    /// number for --k.
    #[arg(long)]
    threshold: Option<f64>,
    /// Opinions less similar than this (cosine) to their cluster are unclustered
    /// [default: 0.2].
    #[arg(long)]
    min_similarity: Option<f64>,
    /// Most dimensions of the SVD (at most one per two opinions); up to twice this many
    /// opinions are clustered on TF-IDF itself [default: 100].
    #[arg(long)]
    dimensions: Option<usize>,
}

impl Clustering {
    pub fn apply(&self, analysis: &mut Analysis) -> Result<(), Failure> {
        let cluster = &mut analysis.cluster;
        if let Some(h) = self.hierarchy_up_to {
            cluster.hierarchy_up_to = h;
        }
        if let Some(s) = self.min_similarity {
            cluster.min_similarity = s;
        }
        if let Some(d) = self.dimensions {
            analysis.dimensions = d;
        }
        let (min, max) = match analysis.cluster.k {
            K::Auto { min, max } => (min, max),
            other if self.k.is_none() && self.threshold.is_none() && self.max_k.is_some() => {
                return Err(format!(
                    "--max-k bounds the automatic choice, and the configuration asks for {}: give --k auto too",
                    serde_json::to_string(&other)?
                )
                .into());
            }
            _ => (2, 30),
        };
        analysis.cluster.k = match (self.k.as_deref(), self.threshold, self.max_k) {
            (None | Some("auto"), Some(distance), _) => K::Threshold { distance },
            (Some(n), Some(_), _) => {
                return Err(format!(
                    "--threshold cuts the hierarchy and --k {n} asks k-means for {n} clusters: give one of them"
                )
                .into());
            }
            (None, None, None) => analysis.cluster.k,
            (None | Some("auto"), None, max_k) => K::Auto {
                min,
                max: max_k.unwrap_or(max),
            },
            (Some(n), None, _) => K::Fixed(
                n.parse()
                    .map_err(|_| format!("--k {n:?}: give a number or auto"))?,
            ),
        };
        Ok(())
    }
}

/// A share in (0, 1] given on the command line, or `off`.
pub fn share_or_off(flag: &str, value: &str) -> Result<Option<f64>, String> {
    if value.eq_ignore_ascii_case("off") || value.eq_ignore_ascii_case("none") {
        return Ok(None);
    }
    value
        .parse()
        .map(Some)
        .map_err(|_| format!("{flag} {value:?}: give a number in (0, 1] or off"))
}

/// "1 opinion", "2 opinions", "0 replies".
pub fn counted(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else if let Some(stem) = noun.strip_suffix('y') {
        format!("{n} {stem}ies")
    } else {
        format!("{n} {noun}s")
    }
}

/// Standard output, buffered.
pub fn stdout() -> std::io::BufWriter<std::io::StdoutLock<'static>> {
    std::io::BufWriter::new(std::io::stdout().lock())
}
