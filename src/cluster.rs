//! Clustering: dense vectors → groups of opinions that say the same thing, described.
//!
//! Takes the reduced vectors of [`SvdParams`](crate::SvdParams) (one row per opinion), the
//! TF-IDF matrix and its vocabulary; gives a [`Clustering`]: each opinion in exactly one
//! cluster or in `unclustered`, and each cluster with its size, keywords, representative
//! members and cohesion.
//!
//! - Vectors are scaled to unit length, so k-means works in cosine geometry (spherical
//!   k-means, as LSA clustering usually is).
//! - k-means is linfa-clustering's `KMeans` (k-means++ initialisation, several seeded runs,
//!   the lowest inertia kept).
//! - With [`K::Auto`], k is the one with the best mean silhouette (cosine) among the
//!   candidates (at most √n of them), each fitted on a seeded sample of at most `sample`
//!   opinions; the choice and its scores are reported in `how_k_was_chosen`.
//! - An opinion whose cosine similarity to its cluster's centroid is below
//!   `min_similarity` fits no group: it is reported as unclustered rather than forced in.
//! - Keywords are class-based TF-IDF: a term's weight in the cluster times
//!   `ln(1 + A / f(t))`, with `A` the mean total weight per cluster and `f(t)` the term's
//!   total weight in all clusters; representatives are the members closest to the centroid.
//!
//! Deterministic for a seed; ties broken by index.

use linfa::DatasetBase;
use linfa::traits::{Fit, Predict};
use linfa_clustering::KMeans;
use ndarray::{Array1, Array2, Axis};
use rand::SeedableRng;
use rand::seq::index::sample;
use rand_xoshiro::Xoshiro256Plus;
use serde::{Deserialize, Serialize};
use sprs::CsMat;

use crate::error::{Error, Result};

/// How many clusters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum K {
    /// Exactly this many.
    Fixed(usize),
    /// The best by silhouette between `min` and `max`.
    Auto {
        /// Smallest k tried.
        min: usize,
        /// Largest k tried.
        max: usize,
    },
}

/// Options of the clustering.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClusterParams {
    /// Number of clusters. Default `Auto { min: 2, max: 30 }`.
    pub k: K,
    /// Seed of initialisation and sampling. Default 0.
    pub seed: u64,
    /// k-means runs with different initialisations. Default 4.
    pub runs: usize,
    /// Opinions used to choose k automatically. Default 3000.
    pub sample: usize,
    /// Below this cosine similarity to its centroid an opinion is unclustered. Default 0.2.
    pub min_similarity: f64,
    /// Keywords per cluster. Default 8.
    pub keywords: usize,
    /// Representative members per cluster. Default 3.
    pub representatives: usize,
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
        let (lo, hi) = match self.k {
            K::Fixed(k) => (k, k),
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
            return Err(Error::invalid_parameter(
                "k",
                format!("{lo} clusters for {n} opinions; ask for at most {n}"),
            ));
        }
        let unit = normalized(vectors);
        let (k, how) = match self.k {
            K::Fixed(k) => (k, format!("k = {k} as asked")),
            K::Auto { .. } => self.choose_k(&unit, lo, hi.min(n))?,
        };
        let labels = self.kmeans(&unit, k, self.seed)?;

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
        for (i, &c) in labels.iter().enumerate() {
            let zero_row = unit.row(i).iter().all(|&v| v == 0.0);
            if zero_row || similarity[i] < self.min_similarity {
                unclustered.push(i);
            } else {
                members[c].push(i);
            }
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
        Ok(Clustering {
            k: clusters.len(),
            clusters,
            unclustered,
            assignments,
            how_k_was_chosen: how,
        })
    }

    fn kmeans(&self, unit: &Array2<f64>, k: usize, seed: u64) -> Result<Vec<usize>> {
        if k == 1 {
            return Ok(vec![0; unit.nrows()]);
        }
        let data = DatasetBase::from(unit.clone());
        let model = KMeans::params_with_rng(k, Xoshiro256Plus::seed_from_u64(seed))
            .n_runs(self.runs.max(1))
            .max_n_iterations(300)
            .tolerance(1e-6)
            .fit(&data)
            .map_err(|e| Error::invalid_parameter("k", format!("k-means failed: {e}")))?;
        Ok(model.predict(unit).iter().copied().collect())
    }

    /// The k with the best mean silhouette on a sample.
    fn choose_k(&self, unit: &Array2<f64>, lo: usize, hi: usize) -> Result<(usize, String)> {
        let n = unit.nrows();
        let mut rng = Xoshiro256Plus::seed_from_u64(self.seed ^ 0x5151);
        let mut rows: Vec<usize> = if n > self.sample {
            sample(&mut rng, n, self.sample).into_vec()
        } else {
            (0..n).collect()
        };
        rows.sort_unstable();
        let sample = unit.select(Axis(0), &rows);
        let lo = lo.max(2);
        let hi = hi.min(sample.nrows().saturating_sub(1));
        if hi < lo {
            return Ok((
                1,
                format!("{n} opinions are too few to compare values of k; one cluster"),
            ));
        }
        let mut scores = Vec::new();
        for k in lo..=hi {
            let labels = self.kmeans(&sample, k, self.seed)?;
            scores.push((k, silhouette(&sample, &labels, k)));
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
        Ok((
            best,
            format!(
                "k = {best}: the best mean silhouette (cosine) {score:.3} among k = {lo}..={hi} on {} opinions [{list}]",
                sample.nrows()
            ),
        ))
    }
}

/// Rows scaled to unit length (zero rows stay zero).
fn normalized(m: &Array2<f64>) -> Array2<f64> {
    let mut out = m.clone();
    for mut row in out.outer_iter_mut() {
        let norm = row.dot(&row).sqrt();
        if norm > 0.0 {
            row.mapv_inplace(|v| v / norm);
        }
    }
    out
}

/// Mean silhouette with cosine distance (1 - similarity) of unit rows.
fn silhouette(unit: &Array2<f64>, labels: &[usize], k: usize) -> f64 {
    let n = unit.nrows();
    let sims = unit.dot(&unit.t());
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

/// Class-based TF-IDF keywords of each group of rows.
fn class_tfidf(
    tfidf: &CsMat<f64>,
    vocabulary: &[String],
    groups: &[Vec<usize>],
    top: usize,
) -> Vec<Vec<(String, f64)>> {
    let d = vocabulary.len();
    let weights: Vec<Array1<f64>> = groups
        .iter()
        .map(|rows| {
            let mut w = Array1::zeros(d);
            for &i in rows {
                if let Some(row) = tfidf.outer_view(i) {
                    for (j, &v) in row.iter() {
                        w[j] += v;
                    }
                }
            }
            w
        })
        .collect();
    let mut all = Array1::<f64>::zeros(d);
    for w in &weights {
        all += w;
    }
    let mean = all.sum() / groups.len().max(1) as f64;
    weights
        .iter()
        .map(|w| {
            let total = w.sum();
            let mut scored: Vec<(usize, f64)> = w
                .iter()
                .enumerate()
                .filter(|&(_, &v)| v > 0.0)
                .map(|(j, &v)| (j, (v / total) * (1.0 + mean / all[j]).ln()))
                .collect();
            scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            scored
                .into_iter()
                .take(top)
                .map(|(j, s)| (vocabulary[j].clone(), s))
                .collect()
        })
        .collect()
}
