//! What an analysis gives: the [`Report`] that `report.json` holds, with its parts, and
//! [`Versioned`], the envelope of the other commands' JSON.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::Analysis;
use crate::boilerplate::{ReplyClass, ReplyReport};
use crate::dedup::{Measure, SimilarityRange};

/// The version of the JSON form of [`Report`] and of every [`Versioned`] output; raised
/// when a field changes meaning or goes away.
pub const SCHEMA_VERSION: u32 = 2;

/// A stage's result with the [`SCHEMA_VERSION`] of its JSON form beside its own fields:
/// what `iken dedup --json` and `iken boilerplate --json` print.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Versioned<T> {
    /// [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The result.
    #[serde(flatten)]
    pub value: T,
}

impl<T> Versioned<T> {
    /// `value` with the current [`SCHEMA_VERSION`].
    pub fn new(value: T) -> Self {
        Versioned {
            schema_version: SCHEMA_VERSION,
            value,
        }
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
    /// How many opinions of the input it stands for: more than 1 only when exact copies
    /// were folded while reading ([`Opinion::copies`](crate::Opinion::copies)).
    #[serde(
        default = "crate::consultation::one",
        skip_serializing_if = "crate::consultation::is_one"
    )]
    pub copies: u32,
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
    /// Position on the map, in `[-1, 1]` ([`MapParams::layout`](crate::MapParams::layout):
    /// near neighbours kept near); `None` when not clustered at all or without a counted
    /// term. (Schema 1 held the first two SVD coordinates.)
    pub map: Option<(f64, f64)>,
}

/// One cluster, described with ids.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ClusterSummary {
    /// 0, 1, …: largest first.
    pub id: usize,
    /// Its group in the coarse level ([`Report::cluster_groups`]).
    pub group: usize,
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
    /// Every opinion in it (when copies were folded while reading, each distinct one once).
    pub members: Vec<String>,
    /// The replies its opinions received, most frequent first, with how many opinions each.
    pub replies: Vec<(String, usize)>,
    /// Its opinions' reply classes counted.
    pub reply_classes: BTreeMap<ReplyClass, usize>,
}

/// One group of the coarse level: clusters merged by average linkage on their centroids.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ClusterGroup {
    /// 0, 1, …: largest first (by distinct opinions).
    pub id: usize,
    /// Its clusters' ids, largest first.
    pub clusters: Vec<usize>,
    /// Opinions in it, copies included.
    pub size: usize,
    /// Distinct opinions in it.
    pub distinct: usize,
    /// Its clusters' keywords, each weight taken relative to its cluster's strongest and
    /// multiplied by the cluster's distinct opinions, summed over the clusters and divided by
    /// the group's distinct opinions; strongest first.
    pub keywords: Vec<(String, f64)>,
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
    /// Every opinion in it (when copies were folded while reading, each distinct one once:
    /// `size` counts them all).
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
    /// The coarse level above the clusters, largest first: each cluster is in one group.
    pub cluster_groups: Vec<ClusterGroup>,
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
