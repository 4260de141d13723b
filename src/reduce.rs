//! Reducing: the one bridge from the sparse TF-IDF matrix to dense vectors.
//!
//! Takes a CSR matrix (documents × terms); gives an `ndarray::Array2` (documents ×
//! `dimensions`) by truncated SVD (latent semantic analysis), plus the explained variance of
//! each component. The SVD is randomized (Halko, Martinsson & Tropp 2011, as in
//! scikit-learn's `TruncatedSVD(algorithm="randomized")`), seeded, and never densifies the
//! input:
//!
//! 1. a Gaussian `Ω` (terms × (k + oversamples)) is the starting basis `Z`;
//! 2. `power_iterations` rounds of `Z ← orth(Aᵀ (A Z))` sharpen the range when the spectrum
//!    decays slowly (as it does for text); then `Q = orth(A Z)`;
//! 3. `B = Qᵀ A` is small: its SVD comes from the eigendecomposition of `B Bᵀ`;
//! 4. the documents' coordinates are `Q U Σ`; each component's sign is fixed so that its
//!    largest term weight is positive, so results do not flip between runs.
//!
//! Above `fit_rows` documents the components are fitted on a seeded sample of that many and
//! every document is then projected onto them (`A Vᵀ`): the top hundred directions of a
//! consultation's vocabulary are those of any twenty thousand of its comments, and the
//! power iterations, which gather a row of `Z` per non-zero, cost a fifth as much at
//! 100,000 comments and a fiftieth at a million.
//!
//! Cost: `O(nnz · (k + p) · (2q + 2))` for the products plus `O((n + d)(k + p)²)` for the
//! factorizations; memory `O((n + d)(k + p))`.
//!
//! ```
//! use iken::{SvdParams, TfidfParams};
//!
//! # fn main() -> iken::Result<()> {
//! let docs = vec![vec!["窓口", "混雑"], vec!["窓口", "予約"], vec!["公園", "遊具"], vec!["公園"]];
//! let (_, tfidf) = TfidfParams::default().fit_transform(&docs)?;
//! let (svd, vectors) = SvdParams::new(2).seed(1).fit_transform(&tfidf)?;
//! assert_eq!(vectors.dim(), (4, 2));
//! assert!(svd.explained_variance_ratio().iter().all(|&r| r >= 0.0));
//! # Ok(())
//! # }
//! ```

use linfa_linalg::eigh::Eigh;
use ndarray::{Array1, Array2, Axis};
use rand::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sprs::CsMat;

use crate::error::{Error, Result};

/// Options of the truncated SVD.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SvdParams {
    /// Number of components (output dimensions). Default 100.
    pub dimensions: usize,
    /// Extra random directions sampled beyond `dimensions`. Default 10.
    pub oversamples: usize,
    /// Power iterations. Default 4.
    pub power_iterations: usize,
    /// Seed of the random projection and of the sample. Default 0.
    pub seed: u64,
    /// Above this many rows, the components are fitted on a seeded sample of this many and
    /// every row is projected onto them. Default 20,000.
    #[serde(default = "default_fit_rows")]
    pub fit_rows: usize,
}

fn default_fit_rows() -> usize {
    20_000
}

impl Default for SvdParams {
    fn default() -> Self {
        SvdParams {
            dimensions: 100,
            oversamples: 10,
            power_iterations: 4,
            seed: 0,
            fit_rows: default_fit_rows(),
        }
    }
}

/// A fitted truncated SVD: term-space components and how much of the data they explain.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Svd {
    components: Array2<f64>,
    singular_values: Array1<f64>,
    explained_variance: Array1<f64>,
    explained_variance_ratio: Array1<f64>,
}

impl SvdParams {
    /// `dimensions` components with the other defaults.
    pub fn new(dimensions: usize) -> Self {
        SvdParams {
            dimensions,
            ..SvdParams::default()
        }
    }

    /// Sets the seed.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Sets the number of power iterations.
    pub fn power_iterations(mut self, q: usize) -> Self {
        self.power_iterations = q;
        self
    }

    /// Sets the rows above which the components are fitted on a sample.
    pub fn fit_rows(mut self, rows: usize) -> Self {
        self.fit_rows = rows;
        self
    }

    /// Fits the SVD and returns the documents' coordinates (documents × components).
    ///
    /// When the matrix has fewer documents or terms than `dimensions`, the number of
    /// components is the smaller of the two. Above [`fit_rows`](Self::fit_rows) documents,
    /// the components are those of a seeded sample and every document is projected.
    ///
    /// # Errors
    /// `dimensions` of 0, an empty matrix, or a factorization that fails (non-finite
    /// values in the input).
    pub fn fit_transform(&self, a: &CsMat<f64>) -> Result<(Svd, Array2<f64>)> {
        let (n, d) = a.shape();
        if n <= self.fit_rows.max(1) || n == 0 || d == 0 || self.dimensions == 0 {
            return self.fit_all(a);
        }
        let csr;
        let a = if a.is_csr() {
            a
        } else {
            csr = a.to_csr();
            &csr
        };
        let mut rows = rand::seq::index::sample(
            &mut Xoshiro256PlusPlus::seed_from_u64(self.seed ^ 0x5A3B),
            n,
            self.fit_rows.max(1),
        )
        .into_vec();
        rows.sort_unstable();
        let mut sample = sprs::TriMat::new((rows.len(), d));
        for (r, &i) in rows.iter().enumerate() {
            if let Some(row) = a.outer_view(i) {
                for (j, &v) in row.iter() {
                    sample.add_triplet(r, j, v);
                }
            }
        }
        let (fitted, _) = self.fit_all(&sample.to_csr())?;
        let vectors = mul(a, &fitted.components.t().to_owned());
        // ‖A vᵢ‖: the singular values of the whole matrix along the fitted directions.
        let singular_values = vectors
            .axis_iter(Axis(1))
            .map(|c| c.dot(&c).sqrt())
            .collect();
        let (explained_variance, explained_variance_ratio) = explained(a, &vectors);
        Ok((
            Svd {
                singular_values,
                explained_variance,
                explained_variance_ratio,
                ..fitted
            },
            vectors,
        ))
    }

    /// The SVD fitted on every row.
    fn fit_all(&self, a: &CsMat<f64>) -> Result<(Svd, Array2<f64>)> {
        if self.dimensions == 0 {
            return Err(Error::invalid_parameter(
                "dimensions",
                "0 components keep nothing; use e.g. 100",
            ));
        }
        // Only a CSC input is copied (to CSR): a million-row matrix is gigabytes.
        let csr;
        let a = if a.is_csr() {
            a
        } else {
            csr = a.to_csr();
            &csr
        };
        let (n, d) = a.shape();
        if n == 0 || d == 0 {
            return Err(Error::too_little(
                "matrix",
                format!("a {n} × {d} matrix has nothing to reduce"),
            ));
        }
        if a.data().iter().any(|v| !v.is_finite()) {
            return Err(Error::invalid_parameter(
                "matrix",
                "it holds NaN or infinite values",
            ));
        }
        let k = self.dimensions.min(n).min(d);
        let l = (k + self.oversamples).min(n).min(d);
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(self.seed);
        let omega = Array2::from_shape_simple_fn((d, l), || gaussian(&mut rng));

        let linalg = |e: linfa_linalg::LinalgError| Error::numerical("the SVD", e.to_string());
        // Orthonormal bases of the sampled ranges. Only the range matters (the final SVD
        // is the same for any basis of it), so the cheap symmetric orthogonalization
        // Y (YᵀY)^-½ replaces Householder QR: two n × l × l matrix products instead of l
        // Householder sweeps over n rows.
        let orthonormal =
            |y: Array2<f64>| -> Result<Array2<f64>> { symmetric_orthonormal(&y).map_err(linalg) };
        // Aᵀ in CSR, so that both products run row by row in parallel, in a fixed order.
        // Subspace iteration on AᵀA, orthonormalized on the term side (d × l): for a
        // consultation d is thousands of terms and n up to millions of documents, so this
        // keeps the O(· l²) work off the long side; only the final basis is n × l.
        let mut z = orthonormal(omega)?;
        for _ in 0..self.power_iterations {
            z = orthonormal(gram_times(a, &z))?;
        }
        // A second pass makes the final basis orthonormal to rounding.
        let q = orthonormal(orthonormal(mul(a, &z))?)?;
        // B = Qᵀ A, held as its transpose Aᵀ Q (d × l).
        let bt = transpose_times(a, l, |i, mut t| t.assign(&q.row(i)));
        let bbt = bt.t().dot(&bt);
        let (values, vectors) = bbt.eigh().map_err(linalg)?;
        // Largest eigenvalues first.
        let mut order: Vec<usize> = (0..values.len()).collect();
        order.sort_by(|&i, &j| values[j].total_cmp(&values[i]).then(i.cmp(&j)));
        order.truncate(k);
        let singular_values: Array1<f64> =
            order.iter().map(|&i| values[i].max(0.0).sqrt()).collect();
        let w = vectors.select(Axis(1), &order);
        // Components Vᵀ = Σ⁻¹ Wᵀ B = Σ⁻¹ (Aᵀ Q W)ᵀ.
        let mut components = bt.dot(&w).reversed_axes();
        for (mut row, &s) in components.outer_iter_mut().zip(&singular_values) {
            if s > 0.0 {
                row.mapv_inplace(|v| v / s);
            }
        }
        // Coordinates: Q W Σ.
        let mut vectors = q.dot(&w);
        for (mut col, &s) in vectors.axis_iter_mut(Axis(1)).zip(&singular_values) {
            col.mapv_inplace(|v| v * s);
        }
        // Deterministic signs: each component's largest |weight| positive.
        for c in 0..k {
            let row = components.row(c);
            let big = row
                .iter()
                .copied()
                .fold(0.0f64, |m, v| if v.abs() > m.abs() { v } else { m });
            if big < 0.0 {
                components.row_mut(c).mapv_inplace(|v| -v);
                vectors.column_mut(c).mapv_inplace(|v| -v);
            }
        }
        let (explained_variance, explained_variance_ratio) = explained(a, &vectors);
        Ok((
            Svd {
                components,
                singular_values,
                explained_variance,
                explained_variance_ratio,
            },
            vectors,
        ))
    }
}

impl Svd {
    /// The components in term space (components × terms), rows of unit length.
    pub fn components(&self) -> &Array2<f64> {
        &self.components
    }

    /// Singular values, largest first.
    pub fn singular_values(&self) -> &Array1<f64> {
        &self.singular_values
    }

    /// Variance of the documents' coordinates along each component.
    pub fn explained_variance(&self) -> &Array1<f64> {
        &self.explained_variance
    }

    /// Share of the total variance of the input explained by each component.
    pub fn explained_variance_ratio(&self) -> &Array1<f64> {
        &self.explained_variance_ratio
    }

    /// Projects new rows (e.g. new comments' TF-IDF) onto the fitted components.
    pub fn transform(&self, a: &CsMat<f64>) -> Array2<f64> {
        // Only a CSC input is copied (to CSR): a million-row matrix is gigabytes.
        let csr;
        let a = if a.is_csr() {
            a
        } else {
            csr = a.to_csr();
            &csr
        };
        mul(a, &self.components.t().to_owned())
    }
}

/// `Y (YᵀY)^-½`: orthonormal columns spanning the range of `Y`. Directions with no weight
/// (eigenvalues below a relative 1e-12) become zero columns instead of noise.
fn symmetric_orthonormal(
    y: &Array2<f64>,
) -> std::result::Result<Array2<f64>, linfa_linalg::LinalgError> {
    let gram = y.t().dot(y);
    let (values, vectors) = gram.eigh()?;
    let top = values.iter().copied().fold(0.0f64, f64::max);
    let scale: Array1<f64> = values.mapv(|v| {
        if v > top * 1e-12 && v > 0.0 {
            1.0 / v.sqrt()
        } else {
            0.0
        }
    });
    let inverse_root = (&vectors * &scale).dot(&vectors.t());
    Ok(y.dot(&inverse_root))
}

/// A standard normal draw (Box-Muller).
fn gaussian(rng: &mut Xoshiro256PlusPlus) -> f64 {
    use rand::Rng;
    let u1: f64 = rng.r#gen::<f64>().max(f64::MIN_POSITIVE);
    let u2: f64 = rng.r#gen();
    (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
}

/// A sparse CSR matrix (n × d) times a dense d × l matrix, rows in parallel. Each output
/// row is summed by one thread in the sparse row's order, so the result does not depend
/// on the number of threads.
fn mul(a: &CsMat<f64>, b: &Array2<f64>) -> Array2<f64> {
    let mut out = Array2::zeros((a.rows(), b.ncols()));
    out.outer_iter_mut()
        .into_par_iter()
        .with_min_len(16)
        .enumerate()
        .for_each(|(r, mut o)| {
            if let Some(row) = a.outer_view(r) {
                for (j, &v) in row.iter() {
                    o.scaled_add(v, &b.row(j));
                }
            }
        });
    out
}

/// `Aᵀ (A Z)` without the n × l intermediate: each document's `aᵢ Z` is formed and
/// scattered back at once, while `Z` and the d × l result stay in cache.
fn gram_times(a: &CsMat<f64>, z: &Array2<f64>) -> Array2<f64> {
    transpose_times(a, z.ncols(), |i, mut t| {
        t.fill(0.0);
        if let Some(row) = a.outer_view(i) {
            for (j, &v) in row.iter() {
                t.scaled_add(v, &z.row(j));
            }
        }
    })
}

/// `Aᵀ Y` (d × l) for the n × l matrix `Y` whose row `i` `row(i, …)` writes: Σᵢ aᵢᵀ yᵢ.
///
/// Rows go in blocks whose number depends on n only (at most 64); each block sums its own
/// d × l partial, and partials are added in block order, so the result is the same for
/// any number of threads. Partials are made a few at a time to bound memory.
fn transpose_times(
    a: &CsMat<f64>,
    l: usize,
    row: impl Fn(usize, ndarray::ArrayViewMut1<f64>) + Sync,
) -> Array2<f64> {
    let (n, d) = a.shape();
    let block = n.div_ceil(64).max(4096);
    let blocks = n.div_ceil(block);
    let wave = (2 * rayon::current_num_threads()).max(1);
    let mut out = Array2::<f64>::zeros((d, l));
    for first in (0..blocks).step_by(wave) {
        let partials: Vec<Array2<f64>> = (first..(first + wave).min(blocks))
            .into_par_iter()
            .map(|b| {
                let mut partial = Array2::<f64>::zeros((d, l));
                let mut t = Array1::<f64>::zeros(l);
                for i in b * block..((b + 1) * block).min(n) {
                    row(i, t.view_mut());
                    if let Some(r) = a.outer_view(i) {
                        for (j, &v) in r.iter() {
                            partial.row_mut(j).scaled_add(v, &t);
                        }
                    }
                }
                partial
            })
            .collect();
        for p in partials {
            out += &p;
        }
    }
    out
}

/// The variance of the coordinates along each component, and its share of the input's total
/// variance.
fn explained(a: &CsMat<f64>, vectors: &Array2<f64>) -> (Array1<f64>, Array1<f64>) {
    let variance = vectors.var_axis(Axis(0), 0.0);
    let total = column_variance_sum(a);
    let ratio = if total > 0.0 {
        variance.mapv(|v| v / total)
    } else {
        Array1::zeros(variance.len())
    };
    (variance, ratio)
}

/// Σ over columns of the (population) variance of the column, computed sparsely.
fn column_variance_sum(a: &CsMat<f64>) -> f64 {
    let n = a.rows() as f64;
    let mut sum = vec![0.0; a.cols()];
    let mut sq = vec![0.0; a.cols()];
    for row in a.outer_iterator() {
        for (j, &v) in row.iter() {
            sum[j] += v;
            sq[j] += v * v;
        }
    }
    sum.iter()
        .zip(&sq)
        .map(|(s, q)| q / n - (s / n) * (s / n))
        .sum()
}
