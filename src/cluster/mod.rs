//! Clustering: dense vectors → groups of opinions that say the same thing, described.
//!
//! Takes the reduced vectors of [`SvdParams`](crate::SvdParams) (one row per opinion), the
//! TF-IDF matrix and its vocabulary; gives a [`Clustering`]: each opinion in exactly one
//! cluster or in `unclustered`, and each cluster with its size, keywords, representative
//! members and cohesion.
//!
//! - Vectors are scaled to unit length, so k-means works in cosine geometry (spherical
//!   k-means, as LSA clustering usually is).
//! - k-means is our own (`cluster/kmeans.rs`): Lloyd's iterations with each block of rows assigned by
//!   one matrix product. It starts on a seeded sample of `sample` opinions, from the cut of
//!   a Ward hierarchy of the sample and from `runs` k-means++ starts (the lowest inertia
//!   kept), then runs on all opinions; above `settle_sample` opinions, on that many first
//!   and then at most five passes over all.
//! - With [`K::Auto`] (the default) and up to `hierarchy_up_to` opinions, there is no k to
//!   guess: an average-linkage hierarchy on cosine distance is cut where the mean silhouette
//!   of a seeded sample of at most `sample` opinions is best. Opinions alone at that cut are
//!   unclustered. On real tables, where an administration answers many opinions alone and
//!   groups others in pairs and threes, this follows its grouping three to five times better
//!   than k-means does (ARCHITECTURE.md gives the figures).
//! - Above `hierarchy_up_to`, or with [`K::Fixed`], k-means; with [`K::Auto`] its k is the
//!   one with the best mean silhouette on the sample among the candidates (at most √n of
//!   them), each started from the Ward cut into k groups and settled on the sample: one
//!   hierarchy, not a k-means per candidate. The choice and its scores are in
//!   `how_k_was_chosen`.
//! - An opinion whose cosine similarity to its cluster's centroid is below
//!   `min_similarity` fits no group: it is reported as unclustered rather than forced in.
//! - Keywords are class-based TF-IDF: a term's weight in the cluster times
//!   `ln(1 + A / f(t))`, with `A` the mean total weight per cluster and `f(t)` the term's
//!   total weight in all clusters; representatives are the members closest to the centroid.
//!
//! Deterministic for a seed; ties broken by index.

use std::borrow::Cow;

use ndarray::{Array1, Array2, Axis};
use rand::SeedableRng;
use rand::seq::index::sample;
use rand_xoshiro::Xoshiro256Plus;
use serde::{Deserialize, Serialize};
use sprs::CsMat;

use crate::error::{Error, Result};

mod coarse;
mod kmeans;
mod linkage;

pub use coarse::coarse_groups;
pub(crate) use coarse::coarse_level;

use linkage::{Linkage, Merge, cut_at, cut_into};

/// How many clusters. In JSON: `{"fixed": 12}`, `{"auto": {"min": 2, "max": 30}}` or
/// `{"threshold": {"distance": 0.85}}`; a configuration may also say `12` or `"auto"`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum K {
    /// Exactly this many, by k-means.
    Fixed(usize),
    /// Chosen by silhouette. Up to [`ClusterParams::hierarchy_up_to`] opinions: the cut of
    /// the average-linkage hierarchy (cosine) with the best mean silhouette, from 0.10 to
    /// 0.90; opinions alone at that cut are unclustered, as administrations answer many
    /// opinions on their own. Above: k-means with the best k between `min` and `max`.
    Auto {
        /// Smallest k tried by k-means.
        min: usize,
        /// Largest k tried by k-means.
        max: usize,
    },
    /// No k: average-linkage agglomerative clustering on cosine distance, cut where groups
    /// are further apart than `distance` (0 = identical, 1 = nothing in common). Opinions
    /// left alone are unclustered. Needs n² memory: for up to
    /// [`MAX_AGGLOMERATIVE`] opinions.
    Threshold {
        /// Largest average cosine distance inside a group.
        distance: f64,
    },
}

/// The forms of [`K`] as it serializes.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
enum KTagged {
    /// Exactly this many, by k-means.
    Fixed(#[schemars(range(min = 1))] usize),
    /// Chosen by silhouette: the best cut of the average-linkage hierarchy up to
    /// `hierarchy_up_to` opinions, k-means with the best k between `min` and `max` above.
    Auto {
        /// Smallest k tried by k-means (default 2).
        #[serde(default = "auto_min")]
        min: usize,
        /// Largest k tried by k-means (default 30).
        #[serde(default = "auto_max")]
        max: usize,
    },
    /// The hierarchy cut at this cosine distance.
    Threshold {
        /// Largest average cosine distance inside a group (0 to 2).
        distance: f64,
    },
}

fn auto_min() -> usize {
    2
}

fn auto_max() -> usize {
    30
}

/// Every form a configuration may give [`K`] in, for its JSON Schema.
#[derive(schemars::JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
enum KForms {
    /// A number of clusters, as `{"fixed": n}`.
    Count(#[schemars(range(min = 1))] usize),
    /// `"auto"`: the default automatic choice.
    Word(AutoWord),
    /// The written forms.
    Written(KTagged),
}

#[derive(schemars::JsonSchema)]
#[allow(dead_code)]
enum AutoWord {
    #[serde(rename = "auto")]
    Auto,
}

impl schemars::JsonSchema for K {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "K".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let mut schema = KForms::json_schema(generator);
        schema.insert(
            "description".into(),
            "How many clusters: a number (k-means), \"auto\", {\"fixed\": n}, {\"auto\": {\"min\", \"max\"}} or {\"threshold\": {\"distance\"}}.".into(),
        );
        schema
    }
}

impl From<KTagged> for K {
    fn from(k: KTagged) -> K {
        match k {
            KTagged::Fixed(n) => K::Fixed(n),
            KTagged::Auto { min, max } => K::Auto { min, max },
            KTagged::Threshold { distance } => K::Threshold { distance },
        }
    }
}

/// Reads the serialized forms and the shorthands a person writes in a configuration (`12`,
/// `"auto"`), with an error that lists them otherwise.
impl<'de> Deserialize<'de> for K {
    fn deserialize<D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> std::result::Result<K, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = K;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(
                    r#"a number of clusters (12), "auto", {"fixed": 12}, {"auto": {"min": 2, "max": 30}} or {"threshold": {"distance": 0.85}}"#,
                )
            }

            fn visit_u64<E: serde::de::Error>(self, n: u64) -> std::result::Result<K, E> {
                usize::try_from(n)
                    .map(K::Fixed)
                    .map_err(|_| E::custom(format!("{n} clusters is too many")))
            }

            fn visit_str<E: serde::de::Error>(self, s: &str) -> std::result::Result<K, E> {
                match s {
                    "auto" => Ok(ClusterParams::default().k),
                    _ => Err(E::invalid_value(serde::de::Unexpected::Str(s), &self)),
                }
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> std::result::Result<K, A::Error> {
                KTagged::deserialize(serde::de::value::MapAccessDeserializer::new(map)).map(K::from)
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

/// Most opinions the agglomerative mode takes (its distance matrix is n² numbers).
pub const MAX_AGGLOMERATIVE: usize = 20_000;

/// Options of the clustering.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ClusterParams {
    /// Number of clusters. Default `Auto { min: 2, max: 30 }`.
    pub k: K,
    /// Seed of initialisation and sampling. Default 0.
    pub seed: u64,
    /// k-means++ starts tried on the sample beside the Ward start; the lowest inertia is
    /// kept. Default 4.
    pub runs: usize,
    /// Opinions used to choose k automatically. Default 3000.
    pub sample: usize,
    /// Below this cosine similarity to its centroid an opinion is unclustered. Default 0.2.
    pub min_similarity: f64,
    /// Keywords per cluster. Default 8.
    pub keywords: usize,
    /// Representative members per cluster. Default 3.
    pub representatives: usize,
    /// Above this many opinions, k-means settles on a seeded sample of this many and then
    /// makes at most five passes over all of them. Default 200,000.
    #[serde(alias = "mini_batch_above")]
    pub settle_sample: usize,
    /// With [`K::Auto`], up to this many opinions are grouped by an average-linkage
    /// hierarchy cut where the silhouette is best; more by k-means. The hierarchy needs
    /// n²/2 `f32` distances (200 MB at 10,000) and O(n²) time. Default 10,000; 0 always
    /// uses k-means.
    pub hierarchy_up_to: usize,
}

impl Default for ClusterParams {
    fn default() -> Self {
        ClusterParams {
            k: K::Auto { min: 2, max: 30 },
            seed: 0,
            runs: 4,
            sample: 3000,
            min_similarity: 0.2,
            keywords: 8,
            representatives: 3,
            settle_sample: 200_000,
            hierarchy_up_to: 10_000,
        }
    }
}

/// One cluster, described.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cluster {
    /// 0, 1, …: largest cluster first.
    pub id: usize,
    /// Members (row indices), closest to the centroid first.
    pub members: Vec<usize>,
    /// Terms that set the cluster apart, with their class-based TF-IDF weight.
    pub keywords: Vec<(String, f64)>,
    /// The members closest to the centroid.
    pub representatives: Vec<usize>,
    /// Mean cosine similarity of the members to the centroid (1 = all alike).
    pub cohesion: f64,
}

/// The result of [`ClusterParams::fit`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Clustering {
    /// The clusters, largest first.
    pub clusters: Vec<Cluster>,
    /// Rows that fit no cluster.
    pub unclustered: Vec<usize>,
    /// The cluster of each row (`None`: unclustered).
    pub assignments: Vec<Option<usize>>,
    /// The k used.
    pub k: usize,
    /// Why that k, in words, with the scores compared.
    pub how_k_was_chosen: String,
}

impl ClusterParams {
    /// `k` clusters with the other defaults.
    pub fn new(k: K) -> Self {
        ClusterParams {
            k,
            ..ClusterParams::default()
        }
    }

    /// Sets the seed.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Clusters `vectors` (rows: opinions) and describes the clusters with `tfidf` (same
    /// rows) and its `vocabulary`.
    ///
    /// # Errors
    /// k of 0 or more clusters than rows; mismatched inputs; vectors with NaN.
    pub fn fit(
        &self,
        vectors: &Array2<f64>,
        tfidf: &CsMat<f64>,
        vocabulary: &[String],
    ) -> Result<Clustering> {
        self.fit_labelled(vectors, tfidf, vocabulary, &|_| false)
    }

    /// [`fit`](Self::fit), told which terms are predicates (verbs, adjectives): those
    /// become keywords only when more than half of a cluster's members use them, so that
    /// labels read as the noun phrases a person would use.
    ///
    /// # Errors
    /// As [`fit`](Self::fit).
    pub fn fit_labelled(
        &self,
        vectors: &Array2<f64>,
        tfidf: &CsMat<f64>,
        vocabulary: &[String],
        is_predicate: &dyn Fn(&str) -> bool,
    ) -> Result<Clustering> {
        self.fit_vectors(Cow::Borrowed(vectors), tfidf, vocabulary, is_predicate)
            .map(|(clustering, _)| clustering)
    }

    /// [`fit_labelled`](Self::fit_labelled) on vectors the caller no longer needs: they are
    /// scaled to unit length in place rather than copied (a million opinions' vectors are
    /// 800 MB).
    /// The unit-length rows the clusters were made from come back with the clustering: the
    /// map and the coarse level are drawn from them.
    pub(crate) fn fit_labelled_owned(
        &self,
        vectors: Array2<f64>,
        tfidf: &CsMat<f64>,
        vocabulary: &[String],
        is_predicate: &dyn Fn(&str) -> bool,
    ) -> Result<(Clustering, Array2<f64>)> {
        self.fit_vectors(Cow::Owned(vectors), tfidf, vocabulary, is_predicate)
    }

    fn fit_vectors(
        &self,
        vectors: Cow<'_, Array2<f64>>,
        tfidf: &CsMat<f64>,
        vocabulary: &[String],
        is_predicate: &dyn Fn(&str) -> bool,
    ) -> Result<(Clustering, Array2<f64>)> {
        let n = vectors.nrows();
        if tfidf.rows() != n || tfidf.cols() != vocabulary.len() {
            return Err(Error::invalid_parameter(
                "tfidf",
                format!(
                    "{} rows × {} terms, but there are {n} vectors and {} vocabulary terms",
                    tfidf.rows(),
                    tfidf.cols(),
                    vocabulary.len()
                ),
            ));
        }
        if vectors.iter().any(|v| !v.is_finite()) {
            return Err(Error::invalid_parameter(
                "vectors",
                "they hold NaN or infinite values",
            ));
        }
        if let K::Threshold { distance } = self.k {
            if !(0.0..=2.0).contains(&distance) {
                return Err(Error::invalid_parameter(
                    "distance",
                    format!("{distance} is not a cosine distance (0 to 2); e.g. 0.85"),
                ));
            }
            if n > MAX_AGGLOMERATIVE {
                return Err(Error::invalid_parameter(
                    "k",
                    format!(
                        "agglomerative clustering of {n} opinions needs {n}² distances; it takes \
                         up to {MAX_AGGLOMERATIVE}: use k-means (a number of clusters or auto)"
                    ),
                ));
            }
        }
        let hierarchy = match self.k {
            K::Threshold { distance } => Some(Some(distance)),
            K::Auto { .. } if n <= self.hierarchy_up_to => Some(None),
            _ => None,
        };
        let (lo, hi) = match self.k {
            _ if hierarchy.is_some() => (1, 1),
            K::Fixed(k) => (k, k),
            K::Threshold { .. } => (1, 1),
            // Silhouette on short texts keeps rising with k; more than √n groups of
            // opinions is more than a person can use, so the search stops there.
            K::Auto { min, max } => {
                let cap = ((n as f64).sqrt().ceil() as usize).max(2);
                (
                    min.max(1),
                    max.min(cap).min(n.saturating_sub(1)).max(min.max(1)),
                )
            }
        };
        if lo == 0 || hi == 0 {
            return Err(Error::invalid_parameter(
                "k",
                "0 clusters cannot hold any opinion; use auto or k ≥ 1",
            ));
        }
        if lo > n {
            if matches!(self.k, K::Auto { .. }) {
                return Err(Error::too_little(
                    "opinions",
                    format!(
                        "{n} opinion(s) are too few to compare groupings; at least {lo} are needed"
                    ),
                ));
            }
            return Err(Error::too_little(
                "opinions",
                format!("{lo} clusters for {n} opinions; ask for at most {n}"),
            ));
        }
        if !(-1.0..=1.0).contains(&self.min_similarity) {
            return Err(Error::invalid_parameter(
                "min_similarity",
                format!(
                    "{} is not a cosine similarity (-1 to 1); e.g. 0.2",
                    self.min_similarity
                ),
            ));
        }
        let unit = match vectors {
            Cow::Borrowed(v) => normalized(v),
            Cow::Owned(mut v) => {
                normalize_rows(&mut v);
                v
            }
        };
        let (labels, k, how) = match (hierarchy, self.k) {
            (Some(cut), _) => {
                let merges = linkage::merges(&unit, Linkage::Average);
                let (distance, why) = match cut {
                    Some(distance) => (distance, format!("cut at {distance} as asked")),
                    None => {
                        let (distance, scores, rows) = self.best_cut(&unit, &merges);
                        (
                            distance,
                            format!(
                                "cut at {distance:.2}, the cut with the best mean silhouette \
                                 (cosine) on {rows} opinions [{scores}]"
                            ),
                        )
                    }
                };
                let labels = cut_at(&merges, n, distance);
                let k = labels.iter().max().map_or(0, |&m| m + 1);
                let mut sizes = vec![0usize; k];
                for &l in &labels {
                    sizes[l] += 1;
                }
                let groups = sizes.iter().filter(|&&s| s >= 2).count();
                let alone = sizes.iter().filter(|&&s| s == 1).count();
                let how = format!(
                    "average-linkage agglomerative clustering on cosine distance, {why}: \
                     {groups} group{} and {alone} opinion{} alone",
                    plural(groups),
                    plural(alone)
                );
                (labels, k, how)
            }
            (None, K::Fixed(k)) => {
                let start = (k > 1).then(|| {
                    let (sample, merges) = self.sample_hierarchy(&unit);
                    let k = k.min(sample.nrows());
                    self.best_start(&sample, k, ward_fit(&sample, &merges, k))
                });
                (
                    self.kmeans(&unit, k, start.as_ref())?,
                    k,
                    format!("k = {k} as asked"),
                )
            }
            (None, _) => {
                let (k, start, how) = self.choose_k(&unit, lo, hi.min(n));
                let how = if matches!(self.k, K::Auto { .. }) && n > self.hierarchy_up_to {
                    format!(
                        "k-means, as {n} opinions are more than the {} an agglomerative \
                         hierarchy is set to take (hierarchy_up_to); {how}",
                        self.hierarchy_up_to
                    )
                } else {
                    how
                };
                (self.kmeans(&unit, k, start.as_ref())?, k, how)
            }
        };

        // Centroids in the unit space, and each row's similarity to its own.
        let mut centroids = Array2::<f64>::zeros((k, unit.ncols()));
        let mut counts = vec![0usize; k];
        for (i, &c) in labels.iter().enumerate() {
            centroids.row_mut(c).scaled_add(1.0, &unit.row(i));
            counts[c] += 1;
        }
        let centroids = normalized(&centroids);
        let similarity: Vec<f64> = labels
            .iter()
            .enumerate()
            .map(|(i, &c)| unit.row(i).dot(&centroids.row(c)))
            .collect();

        // Members per cluster, closest first; the unfit set aside.
        let mut members: Vec<Vec<usize>> = vec![Vec::new(); k];
        let mut unclustered = Vec::new();
        let alone = |c: usize| hierarchy.is_some() && counts[c] == 1;
        let (mut empty, mut dissimilar) = (0, 0);
        for (i, &c) in labels.iter().enumerate() {
            let zero_row = unit.row(i).iter().all(|&v| v == 0.0);
            if zero_row || alone(c) || similarity[i] < self.min_similarity {
                unclustered.push(i);
                empty += usize::from(zero_row && !alone(c));
                dissimilar += usize::from(!zero_row && !alone(c));
            } else {
                members[c].push(i);
            }
        }
        // Say every reason an opinion is unclustered, so the counts add up.
        let mut how = how;
        if dissimilar > 0 {
            how.push_str(&format!(
                "; {dissimilar} more opinion{} less similar than {} to their group's centre \
                 (min_similarity) left unclustered",
                plural(dissimilar),
                self.min_similarity
            ));
        }
        if empty > 0 {
            how.push_str(&format!(
                "; {empty} opinion{} without any counted term left unclustered",
                plural(empty)
            ));
        }
        for m in &mut members {
            m.sort_by(|&a, &b| similarity[b].total_cmp(&similarity[a]).then(a.cmp(&b)));
        }
        // Largest first; empty clusters dropped.
        let mut order: Vec<usize> = (0..k).filter(|&c| !members[c].is_empty()).collect();
        order.sort_by(|&a, &b| members[b].len().cmp(&members[a].len()).then(a.cmp(&b)));

        let keywords = class_tfidf(
            tfidf,
            vocabulary,
            &order
                .iter()
                .map(|&c| members[c].clone())
                .collect::<Vec<_>>(),
            self.keywords,
            is_predicate,
        );
        let mut assignments = vec![None; n];
        let clusters: Vec<Cluster> = order
            .iter()
            .zip(keywords)
            .enumerate()
            .map(|(id, (&c, keywords))| {
                for &i in &members[c] {
                    assignments[i] = Some(id);
                }
                let cohesion = members[c].iter().map(|&i| similarity[i]).sum::<f64>()
                    / members[c].len() as f64;
                Cluster {
                    id,
                    representatives: members[c]
                        .iter()
                        .take(self.representatives)
                        .copied()
                        .collect(),
                    members: members[c].clone(),
                    keywords,
                    cohesion,
                }
            })
            .collect();
        Ok((
            Clustering {
                k: clusters.len(),
                clusters,
                unclustered,
                assignments,
                how_k_was_chosen: how,
            },
            unit,
        ))
    }

    /// The rows of the sample that k and the starting centroids are chosen on, and the
    /// Ward hierarchy of them.
    fn sample_hierarchy(&self, unit: &Array2<f64>) -> (Array2<f64>, Vec<Merge>) {
        let rows = self.sampled_rows(unit.nrows(), self.sample, 0x5151);
        let sample = unit.select(Axis(0), &rows);
        let merges = linkage::merges(&sample, Linkage::Ward);
        (sample, merges)
    }

    /// The starting centroids for `k` clusters: the best by inertia on the sample of the
    /// fit from its Ward cut (`ward`) and of `runs` fits from k-means++ starts.
    fn best_start(&self, sample: &Array2<f64>, k: usize, ward: kmeans::Fit) -> kmeans::Fit {
        let mut best = ward;
        let mut rng = Xoshiro256Plus::seed_from_u64(self.seed ^ k as u64);
        for _ in 0..self.runs {
            let start = kmeans::plus_plus(sample.view(), k, &mut rng);
            let fit = kmeans::lloyd(sample.view(), start, 300, 1e-4);
            if fit.inertia < best.inertia {
                best = fit;
            }
        }
        best
    }

    /// The cluster of every row: Lloyd's iterations on all rows from the sample's
    /// centroids; above `settle_sample` rows, on a seeded sample of that many first and then
    /// at most five passes over all.
    fn kmeans(
        &self,
        unit: &Array2<f64>,
        k: usize,
        start: Option<&kmeans::Fit>,
    ) -> Result<Vec<usize>> {
        let n = unit.nrows();
        let Some(start) = start.filter(|_| k > 1) else {
            return Ok(vec![0; n]);
        };
        if n <= self.sample {
            // The sample was every row.
            return Ok(start.labels.clone());
        }
        let mut centroids = start.centroids.clone();
        let mut passes = 300;
        if n > self.settle_sample.max(1) {
            let rows = self.sampled_rows(n, self.settle_sample.max(1), 0xB47C);
            let settled = kmeans::lloyd(unit.select(Axis(0), &rows).view(), centroids, 300, 1e-4);
            centroids = settled.centroids;
            passes = 5;
        }
        let fit = kmeans::lloyd(unit.view(), centroids, passes, 1e-4);
        if !fit.inertia.is_finite() {
            return Err(Error::numerical("k-means", "the inertia is not finite"));
        }
        Ok(fit.labels)
    }

    /// At most `size` of `n` rows, seeded (`salt` keeps the uses apart), in order.
    fn sampled_rows(&self, n: usize, size: usize, salt: u64) -> Vec<usize> {
        let mut rows: Vec<usize> = if n > size {
            let mut rng = Xoshiro256Plus::seed_from_u64(self.seed ^ salt);
            sample(&mut rng, n, size).into_vec()
        } else {
            (0..n).collect()
        };
        rows.sort_unstable();
        rows
    }

    /// The cut of the hierarchy with the best mean silhouette on a seeded sample of rows,
    /// among cuts from 0.10 to 0.90 in steps of 0.05; a row alone in its group counts 0,
    /// so the cut that leaves everything alone scores nothing.
    fn best_cut(&self, unit: &Array2<f64>, merges: &[Merge]) -> (f64, String, usize) {
        let n = unit.nrows();
        let rows = self.sampled_rows(n, self.sample, 0xC07);
        let sampled = unit.select(Axis(0), &rows);
        let sims = sampled.dot(&sampled.t());
        let mut best = (f64::NEG_INFINITY, 0.0);
        let mut list = Vec::new();
        for step in 2..=18 {
            let cut = f64::from(step) * 0.05;
            let labels = cut_at(merges, n, cut);
            // Renumber the sample's labels densely.
            let mut dense = std::collections::HashMap::new();
            let sample_labels: Vec<usize> = rows
                .iter()
                .map(|&r| {
                    let next = dense.len();
                    *dense.entry(labels[r]).or_insert(next)
                })
                .collect();
            let score = silhouette_of(&sims, &sample_labels, dense.len());
            list.push(format!("{cut:.2}: {score:.3}"));
            if score > best.0 {
                best = (score, cut);
            }
        }
        (best.1, list.join(", "), rows.len())
    }

    /// The k with the best mean silhouette on a sample, and its starting centroids. Every
    /// candidate k starts from the cut of one Ward hierarchy of the sample into k groups and
    /// settles by Lloyd's iterations on the sample: one hierarchy instead of a k-means per
    /// candidate and start.
    fn choose_k(
        &self,
        unit: &Array2<f64>,
        lo: usize,
        hi: usize,
    ) -> (usize, Option<kmeans::Fit>, String) {
        let n = unit.nrows();
        let (sample, merges) = self.sample_hierarchy(unit);
        let lo = lo.max(2);
        let hi = hi.min(sample.nrows().saturating_sub(1));
        if hi < lo {
            return (
                1,
                None,
                format!("{n} opinions are too few to compare values of k; one cluster"),
            );
        }
        let sims = sample.dot(&sample.t());
        let mut scores = Vec::new();
        let mut fits = Vec::new();
        for k in lo..=hi {
            let fit = ward_fit(&sample, &merges, k);
            scores.push((k, silhouette_of(&sims, &fit.labels, k)));
            fits.push(fit);
        }
        let &(best, score) = scores
            .iter()
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
            .expect("at least one k");
        let list = scores
            .iter()
            .map(|(k, s)| format!("{k}: {s:.3}"))
            .collect::<Vec<_>>()
            .join(", ");
        let ward = fits.swap_remove(best - lo);
        (
            best,
            Some(self.best_start(&sample, best, ward)),
            format!(
                "k = {best}: the best mean silhouette (cosine) {score:.3} among k = {lo} to {hi} on {} opinions [{list}]",
                sample.nrows()
            ),
        )
    }
}

/// "s" for a count other than one.
fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Rows scaled to unit length (zero rows stay zero).
pub(crate) fn normalized(m: &Array2<f64>) -> Array2<f64> {
    let mut out = m.clone();
    normalize_rows(&mut out);
    out
}

fn normalize_rows(m: &mut Array2<f64>) {
    for mut row in m.outer_iter_mut() {
        let norm = row.dot(&row).sqrt();
        if norm > 0.0 {
            row.mapv_inplace(|v| v / norm);
        }
    }
}

/// Lloyd's iterations on the sample from the centroids of its Ward cut into `k` groups.
fn ward_fit(sample: &Array2<f64>, merges: &[Merge], k: usize) -> kmeans::Fit {
    let cut = cut_into(merges, sample.nrows(), k);
    kmeans::lloyd(
        sample.view(),
        kmeans::centroids_of(sample.view(), &cut, k),
        300,
        1e-4,
    )
}

/// Mean silhouette from the rows' cosine similarities; a row alone in its group counts 0.
fn silhouette_of(sims: &Array2<f64>, labels: &[usize], k: usize) -> f64 {
    let n = sims.nrows();
    let mut sizes = vec![0usize; k];
    for &l in labels {
        sizes[l] += 1;
    }
    let mut total = 0.0;
    for i in 0..n {
        let mut dist = vec![0.0; k];
        for j in 0..n {
            if i != j {
                dist[labels[j]] += 1.0 - sims[[i, j]];
            }
        }
        let own = labels[i];
        if sizes[own] <= 1 {
            continue;
        }
        let a = dist[own] / (sizes[own] - 1) as f64;
        let b = (0..k)
            .filter(|&c| c != own && sizes[c] > 0)
            .map(|c| dist[c] / sizes[c] as f64)
            .fold(f64::INFINITY, f64::min);
        if b.is_finite() && a.max(b) > 0.0 {
            total += (b - a) / a.max(b);
        }
    }
    total / n as f64
}

/// Class-based TF-IDF keywords of each group of rows, read as labels: a term inside a
/// keyword already chosen (手帳 after 母子手帳) adds nothing and is skipped; a compound
/// replaces the parts chosen before it (母子 → 母子手帳) when it weighs at least half as
/// much; a predicate (`is_predicate`: a verb or adjective) is kept only when more than half
/// of the group's members use it, as it then carries the group rather than one sentence.
fn class_tfidf(
    tfidf: &CsMat<f64>,
    vocabulary: &[String],
    groups: &[Vec<usize>],
    top: usize,
    is_predicate: &dyn Fn(&str) -> bool,
) -> Vec<Vec<(String, f64)>> {
    let d = vocabulary.len();
    // Per group: each term's summed weight and the members that use it.
    let sums: Vec<(Array1<f64>, Vec<u32>)> = groups
        .iter()
        .map(|rows| {
            let mut w = Array1::zeros(d);
            let mut users = vec![0u32; d];
            for &i in rows {
                if let Some(row) = tfidf.outer_view(i) {
                    for (j, &v) in row.iter() {
                        w[j] += v;
                        users[j] += 1;
                    }
                }
            }
            (w, users)
        })
        .collect();
    let mut all = Array1::<f64>::zeros(d);
    for (w, _) in &sums {
        all += w;
    }
    let mean = all.sum() / groups.len().max(1) as f64;
    sums.iter()
        .zip(groups)
        .map(|((w, users), rows)| {
            let total = w.sum();
            let mut scored: Vec<(usize, f64)> = w
                .iter()
                .enumerate()
                .filter(|&(_, &v)| v > 0.0)
                .map(|(j, &v)| (j, (v / total) * (1.0 + mean / all[j]).ln()))
                .collect();
            scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            let mut chosen: Vec<(usize, f64)> = Vec::with_capacity(top);
            for (j, score) in scored {
                if chosen.len() == top {
                    break;
                }
                let term = vocabulary[j].as_str();
                if chosen.iter().any(|&(c, _)| vocabulary[c].contains(term)) {
                    continue;
                }
                let parts: Vec<usize> = (0..chosen.len())
                    .filter(|&p| term.contains(vocabulary[chosen[p].0].as_str()))
                    .collect();
                if let Some(&first) = parts.first() {
                    let heaviest = parts.iter().map(|&p| chosen[p].1).fold(0.0, f64::max);
                    if score * 2.0 >= heaviest {
                        chosen[first] = (j, score);
                        for &p in parts[1..].iter().rev() {
                            chosen.remove(p);
                        }
                    }
                    continue;
                }
                if 2 * (users[j] as usize) <= rows.len() && is_predicate(term) {
                    continue;
                }
                chosen.push((j, score));
            }
            chosen
                .into_iter()
                .map(|(j, s)| (vocabulary[j].clone(), s))
                .collect()
        })
        .collect()
}
