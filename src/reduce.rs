//! Reducing: the one bridge from the sparse TF-IDF matrix to dense vectors.
//!
//! Takes a CSR matrix (documents × terms); gives an `ndarray::Array2` (documents ×
//! `dimensions`) by truncated SVD (latent semantic analysis), plus the explained variance of
//! each component. The SVD is randomized (Halko, Martinsson & Tropp 2011, as in
//! scikit-learn's `TruncatedSVD(algorithm="randomized")`), seeded, and never densifies the
//! input:
//!
//! 1. `Y = A Ω` for a Gaussian `Ω` (terms × (k + oversamples)), orthonormalized by QR;
//! 2. `power_iterations` rounds of `Y ← A (Aᵀ Y)`, re-orthonormalized each time, sharpen the
//!    range when the spectrum decays slowly (as it does for text);
//! 3. `B = Qᵀ A` is small: its SVD comes from the eigendecomposition of `B Bᵀ`;
//! 4. the documents' coordinates are `Q U Σ`; each component's sign is fixed so that its
//!    largest term weight is positive, so results do not flip between runs.
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
    /// Seed of the random projection. Default 0.
    pub seed: u64,
}

impl Default for SvdParams {
    fn default() -> Self {
        SvdParams {
            dimensions: 100,
            oversamples: 10,
            power_iterations: 4,
            seed: 0,
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

    /// Fits the SVD and returns the documents' coordinates (documents × components).
    ///
    /// When the matrix has fewer documents or terms than `dimensions`, the number of
    /// components is the smaller of the two.
    ///
    /// # Errors
    /// `dimensions` of 0, an empty matrix, or a factorization that fails (non-finite
    /// values in the input).
    pub fn fit_transform(&self, a: &CsMat<f64>) -> Result<(Svd, Array2<f64>)> {
        if self.dimensions == 0 {
            return Err(Error::invalid_parameter(
                "dimensions",
                "0 components keep nothing; use e.g. 100",
            ));
        }
        let a = if a.is_csr() { a.clone() } else { a.to_csr() };
        let (n, d) = a.shape();
        if n == 0 || d == 0 {
            return Err(Error::invalid_parameter(
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

        let linalg = |e: linfa_linalg::LinalgError| {
            Error::invalid_parameter("matrix", format!("the SVD failed: {e}"))
        };
        // Orthonormal bases of the sampled ranges. Only the range matters (the final SVD
        // is the same for any basis of it), so the cheap symmetric orthogonalization
        // Y (YᵀY)^-½ replaces Householder QR: two n × l × l matrix products instead of l
        // Householder sweeps over n rows.
        let orthonormal =
            |y: Array2<f64>| -> Result<Array2<f64>> { symmetric_orthonormal(&y).map_err(linalg) };
        // Aᵀ in CSR, so that both products run row by row in parallel, in a fixed order.
        let at = a.transpose_view().to_csr();
        let mut q = orthonormal(mul(&a, &omega))?;
        for _ in 0..self.power_iterations {
            let z = orthonormal(mul(&at, &q))?;
            q = orthonormal(mul(&a, &z))?;
        }
        // A second pass makes the final basis orthonormal to rounding; the iterations
        // above only need it roughly.
        let q = orthonormal(q)?;
        // B = Qᵀ A, held as its transpose Aᵀ Q (d × l).
        let bt = mul(&at, &q);
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
        let explained_variance = vectors.var_axis(Axis(0), 0.0);
        let total = column_variance_sum(&a);
        let explained_variance_ratio = if total > 0.0 {
            explained_variance.mapv(|v| v / total)
        } else {
            Array1::zeros(k)
        };
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
        let a = if a.is_csr() { a.clone() } else { a.to_csr() };
        mul(&a, &self.components.t().to_owned())
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

/// Rows per block of the sparse products. Fixed, so that sums happen in the same order
/// whatever the number of threads.
const BLOCK: usize = 2048;

/// A sparse CSR matrix (n × d) times a dense d × l matrix; blocks of rows in parallel.
fn mul(a: &CsMat<f64>, b: &Array2<f64>) -> Array2<f64> {
    let mut out = Array2::zeros((a.rows(), b.ncols()));
    out.axis_chunks_iter_mut(Axis(0), BLOCK)
        .into_par_iter()
        .enumerate()
        .for_each(|(c, mut block)| {
            for (r, mut o) in block.outer_iter_mut().enumerate() {
                if let Some(row) = a.outer_view(c * BLOCK + r) {
                    for (j, &v) in row.iter() {
                        o.scaled_add(v, &b.row(j));
                    }
                }
            }
        });
    out
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
