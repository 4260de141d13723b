//! Analysis: a `Consultation` → every stage → one [`Report`].
//!
//! Runs duplicate detection, clustering and boilerplate analysis with their defaults and puts
//! the results together per opinion. Copies of one letter enter clustering once (their group's
//! representative stands for them), so a form letter sent 10,000 times is one point of the
//! map and one member of a cluster, while its cluster's `size` still counts all 10,000.
//!
//! Stages that have nothing to work on say so in [`Report::notes`] instead of failing: one
//! opinion cannot be clustered, a consultation without replies has no boilerplate.
//!
//! Each stage is a room of its own, with a typed result: `copies` (texts → groups of
//! copies → the units clustering sees), `clusters` (units → TF-IDF → SVD → clusters),
//! `replies` (replies → templates → classes), `assemble` (all of it → one row per opinion);
//! `result` holds the [`Report`]. [`run_copies`](Analysis::run_copies),
//! [`run_clusters`](Analysis::run_clusters) and [`run_replies`](Analysis::run_replies) run
//! one stage as [`run`](Analysis::run) does: what `iken dedup`, `iken cluster` and
//! `iken boilerplate` print.
//!
//! ```
//! use iken::{Analysis, Consultation, Opinion};
//!
//! # fn main() -> iken::Result<()> {
//! let mut consultation = Consultation::default();
//! for (i, text) in ["窓口の待ち時間が長い。", "窓口を土日も開けてほしい。", "公園の遊具を直してほしい。",
//!                   "公園にベンチを増やして。", "窓口の待ち時間が長い。"].iter().enumerate() {
//!     consultation.opinions.push(Opinion { id: format!("o{}", i + 1), text: text.to_string(), ..Default::default() });
//! }
//! let report = Analysis::builder().seed(1).build().run(&consultation)?;
//! assert_eq!(report.summary.opinions, 5);
//! assert_eq!(report.duplicates.len(), 1); // o1 and o5
//! assert!(report.opinions.iter().all(|o| o.cluster.is_some() || report.unclustered.contains(&o.id)));
//! # Ok(())
//! # }
//! ```

mod assemble;
mod clusters;
mod copies;
mod replies;
mod result;

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::boilerplate::{BoilerplateParams, ReplyRules};
use crate::cluster::{ClusterParams, K};
use crate::consultation::Consultation;
use crate::dedup::DedupParams;
use crate::dictionary::Dictionary;
use crate::error::{Error, ErrorKind, Result};
use crate::map::MapParams;
use crate::normalize::Normalizer;
use crate::read::{ReadOptions, ReadOutcome, read_path};
use crate::tokenize::{Compounds, ContentWords, MorphologicalTokenizer, StopWords};
use crate::vectorize::TfidfParams;

use assemble::assemble;
use copies::Units;

pub use clusters::ClusterStage;
pub use copies::{Copies, CopyGroupDetail, CopyMember, CopyPair};
pub use replies::{OpinionBoilerplate, OpinionTemplate, OpinionTemplates};
pub use result::{
    ClusterGroup, ClusterSummary, CopyGroup, OpinionRow, Report, SCHEMA_VERSION, Summary, Vectors,
    Versioned,
};

/// The stages' options. Build with [`Analysis::builder`], or read one from JSON (every
/// field may be left out for its default): `iken analyze` writes the one it used as
/// `config.json` and reads one with `--config`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Analysis {
    /// How the input is read (format, columns, encoding, sheet, text unit): what
    /// [`read`](Self::read) and the commands use, flags given overriding it.
    pub read: ReadOptions,
    /// How the tokenizer normalizes text before the dictionary sees it.
    pub normalizer: Normalizer,
    /// A compiled lindera dictionary directory instead of the bundled IPADIC. Default none.
    pub dictionary: Option<PathBuf>,
    /// Which parts of speech count as terms. Default: nouns (but pronouns, numbers,
    /// suffixes and the like), independent verbs and adjectives.
    pub content_words: ContentWords,
    /// Duplicate detection.
    pub dedup: DedupParams,
    /// Clustering (its `seed` is set from [`AnalysisBuilder::seed`]).
    pub cluster: ClusterParams,
    /// Whether runs of nouns also count as one term (母子+手帳 → 母子手帳). Default
    /// [`Compounds::WithParts`].
    pub compounds: Compounds,
    /// A user dictionary (CSV, `surface,part_of_speech,reading` per row) that keeps domain
    /// terms whole. Default none.
    pub user_dictionary: Option<PathBuf>,
    /// More user dictionary rows, written in the configuration itself (same CSV form as the
    /// file, one row per entry). Default none.
    pub user_terms: Vec<String>,
    /// Terms not counted. Default [`StopWords::japanese`].
    pub stop_words: StopWords,
    /// TF-IDF weighting. Default: scikit-learn's with sublinear tf (1 + ln count).
    pub tfidf: TfidfParams,
    /// Largest SVD dimension (at most one per two distinct opinions is used). Default 100.
    /// Up to twice this many distinct opinions are clustered on their TF-IDF rows, the SVD
    /// only drawing the map.
    pub dimensions: usize,
    /// Groups of the coarse level above the clusters (clusters merged by average linkage on
    /// their centroids). Default none: [`coarse_groups`](crate::coarse_groups) of the
    /// number of clusters, about its square root.
    pub coarse_groups: Option<usize>,
    /// The map's layout (its `seed` is set from [`AnalysisBuilder::seed`]).
    pub map: MapParams,
    /// Template finding in replies.
    pub boilerplate: BoilerplateParams,
    /// Reply classes.
    pub rules: ReplyRules,
    /// Seed of every random choice.
    pub seed: u64,
}

/// Builder of an [`Analysis`].
#[derive(Debug, Clone, Default)]
pub struct AnalysisBuilder {
    analysis: Analysis,
}

impl Default for Analysis {
    fn default() -> Self {
        Analysis {
            read: ReadOptions::default(),
            normalizer: Normalizer::default(),
            dictionary: None,
            content_words: ContentWords::default(),
            user_terms: Vec::new(),
            dedup: DedupParams::default(),
            cluster: ClusterParams::default(),
            compounds: Compounds::WithParts,
            user_dictionary: None,
            stop_words: StopWords::japanese(),
            tfidf: TfidfParams::default().sublinear_tf(true),
            dimensions: 100,
            coarse_groups: None,
            map: MapParams::default(),
            boilerplate: BoilerplateParams::default(),
            rules: ReplyRules::default(),
            seed: 0,
        }
    }
}

impl AnalysisBuilder {
    /// Sets the seed of every stage.
    pub fn seed(mut self, seed: u64) -> Self {
        self.analysis.seed = seed;
        self
    }

    /// Sets how many clusters.
    pub fn k(mut self, k: K) -> Self {
        self.analysis.cluster.k = k;
        self
    }

    /// Sets the duplicate options.
    pub fn dedup(mut self, params: DedupParams) -> Self {
        self.analysis.dedup = params;
        self
    }

    /// Sets the clustering options.
    pub fn cluster(mut self, params: ClusterParams) -> Self {
        self.analysis.cluster = params;
        self
    }

    /// Sets whether noun compounds count as terms.
    pub fn compounds(mut self, compounds: Compounds) -> Self {
        self.analysis.compounds = compounds;
        self
    }

    /// Sets a user dictionary file.
    pub fn user_dictionary(mut self, path: impl Into<PathBuf>) -> Self {
        self.analysis.user_dictionary = Some(path.into());
        self
    }

    /// Sets the stop words.
    pub fn stop_words(mut self, stop_words: StopWords) -> Self {
        self.analysis.stop_words = stop_words;
        self
    }

    /// Sets the TF-IDF weighting.
    pub fn tfidf(mut self, params: TfidfParams) -> Self {
        self.analysis.tfidf = params;
        self
    }

    /// Sets the largest SVD dimension.
    pub fn dimensions(mut self, d: usize) -> Self {
        self.analysis.dimensions = d;
        self
    }

    /// Sets the template options.
    pub fn boilerplate(mut self, params: BoilerplateParams) -> Self {
        self.analysis.boilerplate = params;
        self
    }

    /// Sets the reply rules.
    pub fn rules(mut self, rules: ReplyRules) -> Self {
        self.analysis.rules = rules;
        self
    }

    /// The analysis.
    pub fn build(self) -> Analysis {
        self.analysis
    }
}

impl Analysis {
    /// Reads an analysis from a JSON file such as the `config.json` that
    /// [`write_report`](crate::write_report) writes; options left out take their defaults.
    ///
    /// # Errors
    /// [`ErrorKind::Io`] when the file cannot be read; [`ErrorKind::Parse`] with line and
    /// column when it is not such JSON; an option name the analysis or its clustering does not
    /// know is an error too, so that a typo does not pass silently; so is a value out of
    /// range (`"k": 0`, a threshold above 1), named with the file.
    pub fn read_config(path: impl AsRef<std::path::Path>) -> Result<Analysis> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        let mut analysis: Analysis = serde_json::from_str(&text).map_err(|e| {
            Error::new(ErrorKind::Parse {
                path: path.to_owned(),
                position: None,
                // serde_json says where: "… at line 3 column 9".
                reason: format!("not an analysis configuration: {e}"),
            })
        })?;
        // A relative dictionary is where the configuration file is, not where the command
        // happens to run.
        if let Some(dir) = path.parent() {
            for dict in [&mut analysis.user_dictionary, &mut analysis.dictionary]
                .into_iter()
                .flatten()
            {
                if dict.is_relative() {
                    *dict = dir.join(&*dict);
                }
            }
        }
        // A value out of range is the file's mistake: say which file.
        analysis.validate().map_err(|e| {
            Error::new(ErrorKind::Parse {
                path: path.to_owned(),
                position: None,
                reason: e.to_string(),
            })
        })?;
        Ok(analysis)
    }

    /// The tokenizer the clustering stage counts terms with: the dictionary (with the user
    /// dictionary, if any), content words, [`stop_words`](Self::stop_words) and
    /// [`compounds`](Self::compounds). `iken tokenize` shows what it gives.
    ///
    /// # Errors
    /// A dictionary that cannot be loaded, a user dictionary that cannot be read or parsed.
    pub fn tokenizer(&self) -> Result<MorphologicalTokenizer> {
        MorphologicalTokenizer::builder()
            .dictionary(self.load_dictionary()?)
            .normalizer(self.normalizer.clone())
            .content_words(self.content_words.clone())
            .stop_words(self.stop_words.clone())
            .compounds(self.compounds)
            .build()
    }

    fn load_dictionary(&self) -> Result<Dictionary> {
        let dictionary = match &self.dictionary {
            Some(dir) => Dictionary::from_compiled(dir)?,
            None => Dictionary::ipadic()?,
        };
        let from_file = match &self.user_dictionary {
            Some(path) => {
                check_user_terms(&read_user_dictionary(path)?, path, &self.content_words)?;
                Some(path)
            }
            None => None,
        };
        let inline = Path::new("user_terms (in the configuration)");
        check_user_terms(&self.user_terms.join("\n"), inline, &self.content_words)?;
        match (from_file, self.user_terms.is_empty()) {
            (None, true) => Ok(dictionary),
            (Some(path), true) => dictionary.with_user_dictionary(path),
            // lindera takes one user dictionary: the file's rows and the configuration's.
            (path, false) => {
                let mut csv = match path {
                    Some(path) => read_user_dictionary(path)?,
                    None => String::new(),
                };
                if !csv.is_empty() && !csv.ends_with('\n') {
                    csv.push('\n');
                }
                csv.push_str(&self.user_terms.join("\n"));
                dictionary.with_user_csv(&csv)
            }
        }
    }

    /// Reads `path` as [`read`](Self::read) says.
    ///
    /// # Errors
    /// As [`read_path`].
    pub fn read(&self, path: impl AsRef<Path>) -> Result<ReadOutcome> {
        read_path(path, &self.read)
    }

    /// Checks the options that do not depend on the input.
    fn validate(&self) -> Result<()> {
        match self.cluster.k {
            K::Fixed(0) => {
                return Err(Error::invalid_parameter(
                    "k",
                    "0 clusters cannot hold any opinion; use auto or k ≥ 1",
                ));
            }
            K::Auto { min, max } if max < min.max(2) => {
                return Err(Error::invalid_parameter(
                    "k",
                    format!(
                        "auto k between {min} and {max} leaves nothing to compare; use a max of at least 2"
                    ),
                ));
            }
            _ => {}
        }
        self.map.validate()?;
        if self.coarse_groups == Some(0) {
            return Err(Error::invalid_parameter(
                "coarse_groups",
                "0 groups cannot hold a cluster; leave it out for about √k, or give e.g. 3",
            ));
        }
        if self.dimensions == 0 {
            return Err(Error::invalid_parameter(
                "dimensions",
                "0 dimensions keep nothing; use e.g. 100",
            ));
        }
        if !(-1.0..=1.0).contains(&self.cluster.min_similarity) {
            return Err(Error::invalid_parameter(
                "min_similarity",
                format!(
                    "{} is not a cosine similarity (-1 to 1); e.g. 0.2",
                    self.cluster.min_similarity
                ),
            ));
        }
        self.dedup.check()?;
        self.boilerplate.check()
    }

    /// A builder with the defaults.
    pub fn builder() -> AnalysisBuilder {
        AnalysisBuilder::default()
    }

    /// Runs every stage on `consultation`: copies → clusters (each group of copies entering
    /// once) → replies → one row per opinion.
    ///
    /// # Errors
    /// Invalid options, or a tokenizer that cannot be built (a broken dictionary). Stages
    /// with too little input are not errors: they leave a note.
    ///
    /// Given the consultation itself rather than a reference (`run(consultation)`), the
    /// report's rows take its texts instead of copies of them.
    pub fn run<'a>(&self, consultation: impl Into<Cow<'a, Consultation>>) -> Result<Report> {
        self.run_with_progress(consultation, |_| {})
    }

    /// [`run`](Self::run), calling `progress` with the name of each stage as it starts.
    ///
    /// # Errors
    /// As [`run`](Self::run).
    pub fn run_with_progress<'a>(
        &self,
        consultation: impl Into<Cow<'a, Consultation>>,
        progress: impl FnMut(&str),
    ) -> Result<Report> {
        self.run_stages(consultation.into(), progress, true)
    }

    /// Copies and clusters only, as [`run`](Self::run) makes them (each group of copies
    /// enters the clustering once), without the reply analysis: what `iken cluster` prints.
    ///
    /// # Errors
    /// As [`run`](Self::run).
    pub fn run_clusters<'a>(
        &self,
        consultation: impl Into<Cow<'a, Consultation>>,
    ) -> Result<Report> {
        self.run_stages(consultation.into(), |_| {}, false)
    }

    fn run_stages(
        &self,
        consultation: Cow<'_, Consultation>,
        mut progress: impl FnMut(&str),
        with_replies: bool,
    ) -> Result<Report> {
        // Options a person got wrong are errors; too little input is a note further down.
        self.validate()?;
        if self.user_dictionary.is_some()
            || !self.user_terms.is_empty()
            || self.dictionary.is_some()
        {
            // A dictionary that cannot be read is wrong even when nothing gets clustered.
            self.load_dictionary()?;
        }
        let n = consultation.opinions.len();
        let mut notes = Vec::new();

        progress("duplicates");
        let counts = copies::folded_counts(&consultation);
        let dedup = self.find_copies(&consultation, counts.as_deref())?;
        let units = Units::new(&dedup, n, counts.as_deref());

        progress("clusters");
        let clustered = self.cluster_units(&consultation.texts(), &units)?;
        notes.extend(clustered.note.clone());

        progress("replies");
        let replies = if with_replies {
            self.replies_stage(&consultation, &mut notes)?
        } else {
            None
        };

        progress("report");
        let assembled = assemble(consultation, &dedup, &units, &clustered, replies.as_ref());
        if assembled.duplicates.is_empty() && n > 0 {
            notes.push("No copies: every opinion is its own text.".into());
        }
        if n == 0 {
            notes.push("No opinions were read.".into());
        }
        Ok(Report {
            schema_version: SCHEMA_VERSION,
            summary: assembled.summary,
            opinions: assembled.rows,
            clusters: assembled.clusters,
            cluster_groups: assembled.cluster_groups,
            unclustered: assembled.unclustered,
            how_k_was_chosen: clustered.how_k_was_chosen,
            explained_variance: clustered
                .vectors
                .as_ref()
                .map_or(0.0, |v| v.explained_variance),
            vectors: clustered.vectors,
            duplicates: assembled.duplicates,
            replies,
            notes,
            // The options as run: the one seed set every stage's.
            analysis: {
                let mut used = self.clone();
                used.dedup.seed = self.seed;
                used.cluster.seed = self.seed;
                used.map.seed = self.seed;
                used
            },
        })
    }
}

/// A user dictionary's rows must name a term the analysis counts: a row whose part of
/// speech the content-word filter drops (固有名詞 instead of 名詞, 記号, or a verb, which a
/// simple row cannot mark as independent) would keep its term whole and then never show
/// it, and a row with no surface breaks the segmentation of every text; both are errors
/// with the row rather than silence.
fn check_user_terms(text: &str, path: &Path, content: &ContentWords) -> Result<()> {
    let invalid = |reason: String| {
        Error::new(ErrorKind::UserDictionaryInvalid {
            path: path.to_owned(),
            reason,
        })
    };
    for (no, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split(',').map(str::trim).collect();
        let surface = fields[0].trim_start_matches('\u{feff}');
        if surface.is_empty() {
            return Err(invalid(format!(
                "row {}: the surface (first field) is empty",
                no + 1
            )));
        }
        // The simple form `surface,part_of_speech,reading`, or IPADIC's full rows.
        let (major, sub) = match fields.len() {
            3 => (fields[1], "*"),
            n if n >= 6 => (fields[4], fields[5]),
            _ => continue,
        };
        if !content.accepts(major, sub) {
            let advice = if content.accepts("名詞", "*") {
                "a user dictionary keeps nouns whole: write 名詞"
            } else {
                "the content-word filter counts no noun either"
            };
            return Err(invalid(format!(
                "row {}: part of speech {major:?} is not one the analysis counts, so \
                 {surface:?} would never be a term; {advice}",
                no + 1,
            )));
        }
    }
    Ok(())
}

/// A user dictionary's text; one that is not UTF-8 is said to be so.
fn read_user_dictionary(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::InvalidData {
            Error::new(ErrorKind::UserDictionaryInvalid {
                path: path.to_owned(),
                reason: "it is not UTF-8; save it as UTF-8".to_owned(),
            })
        } else {
            Error::io(path, e)
        }
    })
}
