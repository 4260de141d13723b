//! k-means of unit rows: Lloyd's iterations from given centroids, and greedy k-means++
//! starts.
//!
//! Takes rows (opinions × dimensions) and starting centroids; gives each row's cluster, the
//! centroids (means of their rows) and the inertia (sum of squared distances).
//!
//! Written here rather than taken from linfa-clustering because the assignment step is
//! where k-means spends its time, and linfa's computes one distance per row and centroid
//! through a generic call. Here a block of rows is assigned with one matrix product,
//! ‖x − c‖² = ‖x‖² + ‖c‖² − 2 x·c, through ndarray's `dot` (matrixmultiply's kernels): on
//! 100,000 opinions this took k-means from seconds to a fraction of one. The starts are
//! the caller's (a Ward cut, or [`plus_plus`]), so that one hierarchy can start every
//! candidate k.
//!
//! Deterministic: blocks are fixed by row number, not by thread, each row's product does
//! not depend on its block, and sums run in row order.

use ndarray::{Array2, ArrayView2, Axis, s};
use rand::Rng;
use rayon::prelude::*;

/// Rows assigned per matrix product.
const BLOCK: usize = 2048;

/// A k-means result.
#[derive(Debug, Clone)]
pub(super) struct Fit {
    pub(super) labels: Vec<usize>,
    pub(super) centroids: Array2<f64>,
    /// Σ over rows of the squared distance to the row's centroid.
    pub(super) inertia: f64,
}

/// Each row's nearest centroid (the lowest index on ties) and squared distance to it.
pub(super) fn assign(x: ArrayView2<f64>, centroids: &Array2<f64>) -> (Vec<usize>, Vec<f64>) {
    let c_sq: Vec<f64> = centroids.outer_iter().map(|c| c.dot(&c)).collect();
    let ct = centroids.t();
    let starts: Vec<usize> = (0..x.nrows()).step_by(BLOCK).collect();
    let blocks: Vec<(Vec<usize>, Vec<f64>)> = starts
        .into_par_iter()
        .map(|start| {
            let block = x.slice(s![start..(start + BLOCK).min(x.nrows()), ..]);
            let products = block.dot(&ct);
            block
                .outer_iter()
                .zip(products.outer_iter())
                .map(|(row, p)| {
                    let (mut best, mut best_d) = (0, f64::INFINITY);
                    for (j, (&pj, &cj)) in p.iter().zip(&c_sq).enumerate() {
                        let d = cj - 2.0 * pj;
                        if d < best_d {
                            best = j;
                            best_d = d;
                        }
                    }
                    (best, (row.dot(&row) + best_d).max(0.0))
                })
                .unzip()
        })
        .collect();
    let mut labels = Vec::with_capacity(x.nrows());
    let mut distances = Vec::with_capacity(x.nrows());
    for (l, d) in blocks {
        labels.extend(l);
        distances.extend(d);
    }
    (labels, distances)
}

/// The means of each label's rows; a label with no row gets the row farthest from its
/// centroid that no other empty label took (as scikit-learn relocates empty clusters).
fn means(x: ArrayView2<f64>, labels: &[usize], distances: &[f64], k: usize) -> Array2<f64> {
    let mut sums = Array2::<f64>::zeros((k, x.ncols()));
    let mut counts = vec![0usize; k];
    for (row, &l) in x.outer_iter().zip(labels) {
        sums.row_mut(l).scaled_add(1.0, &row);
        counts[l] += 1;
    }
    let empty: Vec<usize> = (0..k).filter(|&c| counts[c] == 0).collect();
    if !empty.is_empty() {
        let mut far: Vec<usize> = (0..x.nrows()).collect();
        far.sort_by(|&a, &b| distances[b].total_cmp(&distances[a]).then(a.cmp(&b)));
        for (c, &row) in empty.iter().zip(&far) {
            sums.row_mut(*c).assign(&x.row(row));
            counts[*c] = 1;
        }
    }
    for (mut row, &n) in sums.outer_iter_mut().zip(&counts) {
        if n > 1 {
            row.mapv_inplace(|v| v / n as f64);
        }
    }
    sums
}

/// Lloyd's iterations from `centroids` until no row changes cluster, the centroids move
/// less than `tolerance` × the rows' mean variance (squared, summed), or `max_iter`
/// passes. The labels returned are those of the centroids returned.
pub(super) fn lloyd(
    x: ArrayView2<f64>,
    mut centroids: Array2<f64>,
    max_iter: usize,
    tolerance: f64,
) -> Fit {
    let k = centroids.nrows();
    let bar = tolerance * mean_variance(x);
    let (mut labels, mut distances) = assign(x, &centroids);
    for _ in 0..max_iter {
        let moved = means(x, &labels, &distances, k);
        let shift: f64 = (&moved - &centroids).iter().map(|v| v * v).sum();
        centroids = moved;
        let (new_labels, new_distances) = assign(x, &centroids);
        let same = new_labels == labels;
        labels = new_labels;
        distances = new_distances;
        if same || shift <= bar {
            break;
        }
    }
    Fit {
        labels,
        centroids,
        inertia: distances.iter().sum(),
    }
}

/// Mean over columns of each column's variance.
fn mean_variance(x: ArrayView2<f64>) -> f64 {
    if x.nrows() == 0 || x.ncols() == 0 {
        return 0.0;
    }
    x.var_axis(Axis(0), 0.0).mean().unwrap_or(0.0)
}

/// Greedy k-means++ starting centroids: the first row drawn uniformly, each next one the
/// best (lowest total squared distance) of 2 + ⌊ln k⌋ rows drawn in proportion to their
/// squared distance to the centroids so far, as scikit-learn does.
pub(super) fn plus_plus(x: ArrayView2<f64>, k: usize, rng: &mut impl Rng) -> Array2<f64> {
    let n = x.nrows();
    let trials = 2 + (k as f64).ln().floor() as usize;
    let mut centroids = Array2::<f64>::zeros((k, x.ncols()));
    let first = rng.gen_range(0..n);
    centroids.row_mut(0).assign(&x.row(first));
    let sq_norms: Vec<f64> = x.outer_iter().map(|r| r.dot(&r)).collect();
    let distances_to = |row: usize| -> Vec<f64> {
        let c = x.row(row);
        let c_sq = sq_norms[row];
        x.dot(&c)
            .iter()
            .zip(&sq_norms)
            .map(|(p, x_sq)| (x_sq + c_sq - 2.0 * p).max(0.0))
            .collect()
    };
    let mut closest = distances_to(first);
    for c in 1..k {
        let total: f64 = closest.iter().sum();
        let mut best: Option<(f64, usize, Vec<f64>)> = None;
        for _ in 0..trials {
            let candidate = if total > 0.0 {
                let target = rng.r#gen::<f64>() * total;
                let mut acc = 0.0;
                closest
                    .iter()
                    .position(|&d| {
                        acc += d;
                        acc > target
                    })
                    .unwrap_or(n - 1)
            } else {
                rng.gen_range(0..n)
            };
            let merged: Vec<f64> = distances_to(candidate)
                .iter()
                .zip(&closest)
                .map(|(&a, &b)| a.min(b))
                .collect();
            let potential: f64 = merged.iter().sum();
            if best.as_ref().is_none_or(|b| potential < b.0) {
                best = Some((potential, candidate, merged));
            }
        }
        let (_, row, merged) = best.expect("at least two trials");
        centroids.row_mut(c).assign(&x.row(row));
        closest = merged;
    }
    centroids
}

/// The means of the rows of each label (labels 0..k, each used).
pub(super) fn centroids_of(x: ArrayView2<f64>, labels: &[usize], k: usize) -> Array2<f64> {
    means(x, labels, &vec![0.0; x.nrows()], k)
}

#[cfg(test)]
mod tests {
    use ndarray::array;
    use rand::SeedableRng;
    use rand_xoshiro::Xoshiro256Plus;

    use super::*;

    #[test]
    fn assignment_by_hand_ties_to_the_lowest_index() {
        let x = array![[0.0, 0.0], [1.0, 0.0], [0.5, 0.0], [10.0, 10.0]];
        let c = array![[0.0, 0.0], [1.0, 0.0]];
        let (labels, d) = assign(x.view(), &c);
        assert_eq!(labels, vec![0, 1, 0, 1]);
        assert!((d[2] - 0.25).abs() < 1e-12 && (d[3] - 181.0).abs() < 1e-9);
    }

    #[test]
    fn lloyd_finds_two_blobs_from_a_poor_start() {
        let x = array![
            [0.0, 0.1],
            [0.1, 0.0],
            [0.0, 0.0],
            [5.0, 5.1],
            [5.1, 5.0],
            [5.0, 5.0]
        ];
        let fit = lloyd(x.view(), array![[0.0, 0.0], [0.1, 0.0]], 100, 1e-4);
        assert_eq!(fit.labels[..3], [fit.labels[0]; 3]);
        assert_eq!(fit.labels[3..], [fit.labels[3]; 3]);
        assert_ne!(fit.labels[0], fit.labels[3]);
        // Within-blob squared distances only.
        assert!(fit.inertia < 0.1, "{}", fit.inertia);
    }

    #[test]
    fn an_empty_cluster_takes_the_farthest_row() {
        let x = array![[0.0], [0.1], [9.0]];
        let fit = lloyd(x.view(), array![[0.0], [100.0], [200.0]], 10, 0.0);
        let mut used = fit.labels.clone();
        used.sort();
        used.dedup();
        assert_eq!(used.len(), 3, "{:?}", fit.labels);
    }

    #[test]
    fn plus_plus_spreads_its_starts() {
        let x = array![
            [0.0, 0.0],
            [0.0, 0.01],
            [9.0, 9.0],
            [9.0, 9.01],
            [-9.0, 9.0]
        ];
        let c = plus_plus(x.view(), 3, &mut Xoshiro256Plus::seed_from_u64(1));
        let (labels, _) = assign(x.view(), &c);
        let mut used = labels.clone();
        used.sort();
        used.dedup();
        assert_eq!(used.len(), 3, "{c}");
    }
}
