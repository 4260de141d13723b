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

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::boilerplate::{BoilerplateParams, ReplyClass, ReplyReport, ReplyRules};
use crate::cluster::{ClusterParams, Clustering, K};
use crate::consultation::Consultation;
use crate::dedup::{DedupParams, Measure, SimilarityRange};
use crate::dictionary::Dictionary;
use crate::error::{Error, ErrorKind, Result};
use crate::reduce::SvdParams;
use crate::tokenize::{Compounds, MorphologicalTokenizer, StopWords, Tokenizer, intern_all};
use crate::vectorize::TfidfParams;

/// The version of [`Report`]'s JSON form; raised when a field changes meaning or goes away.
pub const SCHEMA_VERSION: u32 = 1;

/// The stages' options. Build with [`Analysis::builder`], or read one from JSON (every
/// field may be left out for its default): `iken analyze` writes the one it used as
/// `config.json` and reads one with `--config`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Analysis {
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
    /// Terms not counted. Default [`StopWords::japanese`].
    pub stop_words: StopWords,
    /// TF-IDF weighting. Default: scikit-learn's with sublinear tf (1 + ln count).
    pub tfidf: TfidfParams,
    /// Largest SVD dimension (at most one per two distinct opinions is used). Default 100.
    /// Up to twice this many distinct opinions are clustered on their TF-IDF rows, the SVD
    /// only drawing the map.
    pub dimensions: usize,
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
            dedup: DedupParams::default(),
            cluster: ClusterParams::default(),
            compounds: Compounds::WithParts,
            user_dictionary: None,
            stop_words: StopWords::japanese(),
            tfidf: TfidfParams::default().sublinear_tf(true),
            dimensions: 100,
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

/// The counts a reader looks at first.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Summary {
    /// Opinions read.
    pub opinions: usize,
    /// Distinct opinions once copies are counted once.
    pub distinct_opinions: usize,
    /// Replies read.
    pub replies: usize,
    /// Distinct sections named.
    pub sections: usize,
    /// Groups of copies of at least `campaign_size` opinions.
    pub campaigns: usize,
    /// The size from which a group of copies counts as a campaign (2).
    pub campaign_size: usize,
    /// Opinions in any group of copies.
    pub opinions_in_copies: usize,
    /// Clusters found.
    pub clusters: usize,
    /// Opinions in no cluster.
    pub unclustered: usize,
    /// Replies made only of boilerplate.
    pub boilerplate_only_replies: usize,
    /// Their share of all replies (0 when there are none).
    pub boilerplate_only_share: f64,
}

/// One opinion with what every stage said of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct OpinionRow {
    /// Its id.
    pub id: String,
    /// Its section, if known.
    pub section: Option<String>,
    /// Its text.
    pub text: String,
    /// Its cluster.
    pub cluster: Option<usize>,
    /// Its group of copies.
    pub duplicate_group: Option<usize>,
    /// The reply that answers it.
    pub reply: Option<String>,
    /// How that reply answers.
    pub reply_class: Option<ReplyClass>,
    /// That reply's boilerplate share.
    pub boilerplate_share: Option<f64>,
    /// Position on the map (the first two SVD coordinates, unit-scaled); `None` when not
    /// clustered at all.
    pub map: Option<(f64, f64)>,
}

/// One cluster, described with ids.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ClusterSummary {
    /// 0, 1, …: largest first.
    pub id: usize,
    /// Opinions in it, copies included.
    pub size: usize,
    /// Distinct opinions in it (what was clustered).
    pub distinct: usize,
    /// Keywords with their class-based TF-IDF weight.
    pub keywords: Vec<(String, f64)>,
    /// The opinions closest to its centre.
    pub representatives: Vec<String>,
    /// Mean cosine similarity of its distinct members to the centre.
    pub cohesion: f64,
    /// Every opinion in it.
    pub members: Vec<String>,
    /// The replies its opinions received, most frequent first, with how many opinions each.
    pub replies: Vec<(String, usize)>,
    /// Its opinions' reply classes counted.
    pub reply_classes: BTreeMap<ReplyClass, usize>,
}

/// One group of copies, with ids.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CopyGroup {
    /// 0, 1, …: largest first.
    pub id: usize,
    /// Opinions in it.
    pub size: usize,
    /// Distinct texts in it.
    pub distinct: usize,
    /// The representative opinion.
    pub representative: String,
    /// Its text.
    pub text: String,
    /// The weakest measure that joined a member.
    pub measure: Measure,
    /// Members' similarity to the representative.
    pub similarity: SimilarityRange,
    /// Every opinion in it.
    pub members: Vec<String>,
}

/// Everything an analysis found. Serializes to `report.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Report {
    /// [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The counts.
    pub summary: Summary,
    /// Every opinion, in input order.
    pub opinions: Vec<OpinionRow>,
    /// The clusters, largest first.
    pub clusters: Vec<ClusterSummary>,
    /// Opinions in no cluster.
    pub unclustered: Vec<String>,
    /// How k was chosen (empty when nothing was clustered).
    pub how_k_was_chosen: String,
    /// Share of the TF-IDF variance the SVD kept.
    pub explained_variance: f64,
    /// What the clusters were made from (`None` when nothing was clustered).
    pub vectors: Option<Vectors>,
    /// Groups of copies, largest first.
    pub duplicates: Vec<CopyGroup>,
    /// The replies analysed (`None` without replies).
    pub replies: Option<ReplyReport>,
    /// What a stage could not do, and why.
    pub notes: Vec<String>,
    /// The options used.
    pub analysis: Analysis,
}

/// What the clusters of a [`Report`] were made from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Vectors {
    /// Terms in the TF-IDF vocabulary.
    pub terms: usize,
    /// Dimensions of the SVD (which draws the map).
    pub dimensions: usize,
    /// Whether the clusters were made on the SVD vectors (`false`: on TF-IDF rows, the
    /// table being too small for LSA).
    pub reduced: bool,
    /// Share of the TF-IDF variance the SVD kept.
    pub explained_variance: f64,
}

/// What the clustering stage gives for a list of texts.
#[derive(Debug, Clone, PartialEq)]
pub struct ClusterStage {
    /// The clusters (rows: the texts given).
    pub clustering: Clustering,
    /// Terms in the TF-IDF vocabulary.
    pub terms: usize,
    /// Dimensions the SVD kept.
    pub dimensions: usize,
    /// Whether the clusters were made on the SVD vectors; `false` when the texts were too
    /// few for LSA and were clustered on their TF-IDF rows.
    pub reduced: bool,
    /// Share of the TF-IDF variance the SVD kept.
    pub explained_variance: f64,
    /// Each text's position on the map (its first two SVD coordinates, unit-scaled).
    pub map: Vec<Option<(f64, f64)>>,
}

impl Analysis {
    /// The clustering stage alone, each text one point: tokens (content words and noun
    /// compounds as [`compounds`](Self::compounds) says) → TF-IDF → SVD to at most
    /// [`dimensions`](Self::dimensions), and at most one per two texts → clusters. Up to
    /// twice `dimensions` texts are clustered on their TF-IDF rows themselves (the SVD then
    /// only places them on the map): too few texts for LSA to learn from.
    /// [`run`](Self::run) calls it with one text per group of copies.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidParameter`] when the texts cannot be clustered (no content word,
    /// too few texts for the k asked) or an option is invalid; a tokenizer error.
    pub fn cluster_texts(&self, texts: &[&str]) -> Result<ClusterStage> {
        self.validate()?;
        let tokenizer = self.tokenizer()?;
        let terms = intern_all(&tokenizer, texts)?;
        let (model, tfidf) = self.tfidf.fit_transform_interned(&terms)?;
        drop(terms);
        // LSA smooths only with fewer dimensions than texts: at most one per two texts.
        let dims = self.dimensions.min(texts.len() / 2).max(2).min(texts.len());
        let (svd, vectors) = SvdParams::new(dims).seed(self.seed).fit_transform(&tfidf)?;
        let params = ClusterParams {
            seed: self.seed,
            ..self.cluster.clone()
        };
        // A term is a predicate when the dictionary reads it, alone, as a verb or adjective
        // (示す, 大きい); compounds and nouns are not.
        let words = tokenizer.clone().keeping_all_tokens();
        let is_predicate = |term: &str| {
            words
                .tokenize(term)
                .is_ok_and(|t| t.len() == 1 && matches!(t[0].pos_major(), "動詞" | "形容詞"))
        };
        // LSA needs many texts to learn which words go together; a small table reduced to
        // half as many dimensions as it has texts comes out in artificial pairs (eight
        // opinions on one subject became four pairs). Up to twice `dimensions` texts are
        // clustered on their TF-IDF itself, which on the bundled tables also follows the
        // administrations' grouping better (ARCHITECTURE.md); the SVD still draws the map.
        let reduced = texts.len() > 2 * self.dimensions;
        let clustering = if !reduced {
            params.fit_labelled(&tfidf.to_dense(), &tfidf, model.vocabulary(), &is_predicate)?
        } else {
            params.fit_labelled(&vectors, &tfidf, model.vocabulary(), &is_predicate)?
        };
        let map = vectors
            .outer_iter()
            .map(|row| {
                let norm = row.dot(&row).sqrt();
                (norm > 0.0 && row.len() >= 2).then(|| (row[0] / norm, row[1] / norm))
            })
            .collect();
        Ok(ClusterStage {
            clustering,
            terms: model.vocabulary().len(),
            dimensions: vectors.ncols(),
            reduced,
            explained_variance: svd.explained_variance_ratio().sum(),
            map,
        })
    }

    /// Reads an analysis from a JSON file such as the `config.json` that
    /// [`write_report`](crate::write_report) writes; options left out take their defaults.
    ///
    /// # Errors
    /// [`ErrorKind::Io`] when the file cannot be read; [`ErrorKind::Parse`] with line and
    /// column when it is not such JSON; an option name the analysis or its clustering does not
    /// know is an error too, so that a typo does not pass silently.
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
        // A relative user dictionary is where the configuration file is, not where the
        // command happens to run.
        if let (Some(dict), Some(dir)) = (&analysis.user_dictionary, path.parent())
            && dict.is_relative()
        {
            analysis.user_dictionary = Some(dir.join(dict));
        }
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
            .dictionary(self.dictionary()?)
            .stop_words(self.stop_words.clone())
            .compounds(self.compounds)
            .build()
    }

    fn dictionary(&self) -> Result<Dictionary> {
        let dictionary = Dictionary::ipadic()?;
        match &self.user_dictionary {
            Some(path) => dictionary.with_user_dictionary(path),
            None => Ok(dictionary),
        }
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
        if self.dimensions == 0 {
            return Err(Error::invalid_parameter(
                "dimensions",
                "0 dimensions keep nothing; use e.g. 100",
            ));
        }
        Ok(())
    }

    /// A builder with the defaults.
    pub fn builder() -> AnalysisBuilder {
        AnalysisBuilder::default()
    }

    /// Runs every stage on `consultation`.
    ///
    /// # Errors
    /// Invalid options, or a tokenizer that cannot be built (a broken dictionary). Stages
    /// with too little input are not errors: they leave a note.
    pub fn run(&self, consultation: &Consultation) -> Result<Report> {
        self.run_with_progress(consultation, |_| {})
    }

    /// [`run`](Self::run), calling `progress` with the name of each stage as it starts.
    pub fn run_with_progress(
        &self,
        consultation: &Consultation,
        progress: impl FnMut(&str),
    ) -> Result<Report> {
        self.run_stages(consultation, progress, true)
    }

    /// Copies and clusters only, as [`run`](Self::run) makes them (each group of copies
    /// enters the clustering once), without the reply analysis: what `iken cluster` prints.
    ///
    /// # Errors
    /// As [`run`](Self::run).
    pub fn run_clusters(&self, consultation: &Consultation) -> Result<Report> {
        self.run_stages(consultation, |_| {}, false)
    }

    fn run_stages(
        &self,
        consultation: &Consultation,
        mut progress: impl FnMut(&str),
        with_replies: bool,
    ) -> Result<Report> {
        // Options a person got wrong are errors; too little input is a note further down.
        self.validate()?;
        if self.user_dictionary.is_some() {
            // A user dictionary that cannot be read is wrong even when nothing gets clustered.
            self.dictionary()?;
        }
        let opinions = &consultation.opinions;
        let n = opinions.len();
        let mut notes = Vec::new();
        let texts = consultation.texts();

        progress("duplicates");
        let dedup = self.dedup.clone().seed(self.seed).find(&texts)?;
        // Units: what clustering sees. Each group of copies is its representative; every
        // other opinion is itself.
        let mut unit_of: Vec<usize> = vec![usize::MAX; n];
        let mut units: Vec<usize> = Vec::new();
        for g in &dedup.groups {
            let u = units.len();
            units.push(g.representative);
            for m in &g.members {
                unit_of[m.index] = u;
            }
        }
        for (i, slot) in unit_of.iter_mut().enumerate() {
            if *slot == usize::MAX {
                *slot = units.len();
                units.push(i);
            }
        }
        // Units in input order of their first opinion, so results read naturally.
        let mut order: Vec<usize> = (0..units.len()).collect();
        order.sort_by_key(|&u| units[u]);
        let mut rank = vec![0; units.len()];
        for (r, &u) in order.iter().enumerate() {
            rank[u] = r;
        }
        let units: Vec<usize> = order.iter().map(|&u| units[u]).collect();
        let unit_of: Vec<usize> = unit_of.iter().map(|&u| rank[u]).collect();
        let weight: Vec<usize> = {
            let mut w = vec![0; units.len()];
            for &u in &unit_of {
                w[u] += 1;
            }
            w
        };

        progress("clusters");
        let mut cluster_of_unit: Vec<Option<usize>> = vec![None; units.len()];
        let mut map_of_unit: Vec<Option<(f64, f64)>> = vec![None; units.len()];
        let mut clusters = Vec::new();
        let mut how_k_was_chosen = String::new();
        let mut explained_variance = 0.0;
        let mut vectors = None;
        if units.len() < 3 {
            notes.push(format!(
                "Not clustered: {} distinct opinion{} (at least 3 are needed).",
                units.len(),
                if units.len() == 1 { "" } else { "s" }
            ));
        } else {
            let unit_texts: Vec<&str> = units.iter().map(|&i| texts[i]).collect();
            match self.cluster_texts(&unit_texts) {
                Ok(stage) => {
                    how_k_was_chosen = stage.clustering.how_k_was_chosen;
                    explained_variance = stage.explained_variance;
                    vectors = Some(Vectors {
                        terms: stage.terms,
                        dimensions: stage.dimensions,
                        reduced: stage.reduced,
                        explained_variance,
                    });
                    cluster_of_unit = stage.clustering.assignments;
                    clusters = stage.clustering.clusters;
                    map_of_unit = stage.map;
                }
                // Too little to cluster (no content word, too few distinct opinions) is a
                // finding about the input, not a failure of the run.
                Err(e) if matches!(e.kind(), ErrorKind::InvalidParameter { .. }) => {
                    notes.push(format!("Not clustered: {e}."));
                }
                Err(e) => return Err(e),
            }
        }

        progress("replies");
        let replies = if !with_replies {
            None
        } else if consultation.replies.is_empty() {
            notes.push("No replies: nothing to say about boilerplate or reply classes.".into());
            None
        } else {
            Some(ReplyReport::new(
                consultation,
                &self.boilerplate,
                &self.rules,
            )?)
        };
        let reply_info: BTreeMap<&str, (ReplyClass, f64)> = replies
            .iter()
            .flat_map(|r| {
                r.replies
                    .iter()
                    .map(|a| (a.id.as_str(), (a.class, a.boilerplate_share)))
            })
            .collect();

        progress("report");
        let rows: Vec<OpinionRow> = opinions
            .iter()
            .enumerate()
            .map(|(i, o)| {
                let info = o.reply.as_deref().and_then(|r| reply_info.get(r));
                OpinionRow {
                    id: o.id.clone(),
                    section: o.section.clone(),
                    text: o.text.clone(),
                    cluster: cluster_of_unit[unit_of[i]],
                    duplicate_group: dedup.group_of[i],
                    reply: o.reply.clone(),
                    reply_class: info.map(|x| x.0),
                    boilerplate_share: info.map(|x| x.1),
                    map: map_of_unit[unit_of[i]],
                }
            })
            .collect();
        // Opinions per cluster, in input order, in one pass.
        let mut members_of: Vec<Vec<usize>> = vec![Vec::new(); clusters.len()];
        for (i, row) in rows.iter().enumerate() {
            if let Some(c) = row.cluster {
                members_of[c].push(i);
            }
        }
        let clusters: Vec<ClusterSummary> = clusters
            .iter()
            .zip(members_of)
            .map(|(c, members)| {
                let mut replies: Vec<(String, usize)> = Vec::new();
                let mut reply_classes = BTreeMap::new();
                for &i in &members {
                    if let Some(r) = &rows[i].reply {
                        match replies.iter_mut().find(|(id, _)| id == r) {
                            Some((_, k)) => *k += 1,
                            None => replies.push((r.clone(), 1)),
                        }
                    }
                    if let Some(class) = rows[i].reply_class {
                        *reply_classes.entry(class).or_insert(0) += 1;
                    }
                }
                replies.sort_by_key(|r| std::cmp::Reverse(r.1));
                ClusterSummary {
                    id: c.id,
                    size: c.members.iter().map(|&u| weight[u]).sum(),
                    distinct: c.members.len(),
                    keywords: c.keywords.clone(),
                    representatives: c
                        .representatives
                        .iter()
                        .map(|&u| opinions[units[u]].id.clone())
                        .collect(),
                    cohesion: c.cohesion,
                    members: members.iter().map(|&i| opinions[i].id.clone()).collect(),
                    replies,
                    reply_classes,
                }
            })
            .collect();
        let unclustered: Vec<String> = rows
            .iter()
            .filter(|r| r.cluster.is_none())
            .map(|r| r.id.clone())
            .collect();
        let duplicates: Vec<CopyGroup> = dedup
            .groups
            .iter()
            .map(|g| CopyGroup {
                id: g.id,
                size: g.size,
                distinct: g.distinct,
                representative: opinions[g.representative].id.clone(),
                text: opinions[g.representative].text.clone(),
                measure: g.measure,
                similarity: g.similarity,
                members: g
                    .members
                    .iter()
                    .map(|m| opinions[m.index].id.clone())
                    .collect(),
            })
            .collect();
        if duplicates.is_empty() && n > 0 {
            notes.push("No copies: every opinion is its own text.".into());
        }
        if n == 0 {
            notes.push("No opinions were read.".into());
        }
        let sections = {
            let mut s: Vec<&str> = opinions
                .iter()
                .filter_map(|o| o.section.as_deref())
                .collect();
            s.sort_unstable();
            s.dedup();
            s.len()
        };
        let boilerplate_only = replies.as_ref().map_or(0, |r| r.boilerplate_only);
        let summary = Summary {
            opinions: n,
            distinct_opinions: units.len(),
            replies: consultation.replies.len(),
            sections,
            campaigns: duplicates.iter().filter(|g| g.size >= 2).count(),
            campaign_size: 2,
            opinions_in_copies: duplicates.iter().map(|g| g.size).sum(),
            clusters: clusters.len(),
            unclustered: unclustered.len(),
            boilerplate_only_replies: boilerplate_only,
            boilerplate_only_share: if consultation.replies.is_empty() {
                0.0
            } else {
                boilerplate_only as f64 / consultation.replies.len() as f64
            },
        };
        Ok(Report {
            schema_version: SCHEMA_VERSION,
            summary,
            opinions: rows,
            clusters,
            unclustered,
            how_k_was_chosen,
            explained_variance,
            vectors,
            duplicates,
            replies,
            notes,
            // The options as run: the one seed set every stage's.
            analysis: {
                let mut used = self.clone();
                used.dedup.seed = self.seed;
                used.cluster.seed = self.seed;
                used
            },
        })
    }
}
