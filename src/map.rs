//! Map: the vectors the clusters were made from → a position per opinion on a 2-D map,
//! near neighbours kept near.
//!
//! Takes unit rows (cosine geometry) and each row's cluster; gives `[x, y]` per row, centred
//! and scaled into `[-1, 1]`, or `None` for a row with no counted term. The first two SVD
//! coordinates put a consultation's clusters on one overlapping blob: two directions keep
//! a few percent of the variance. This is a small UMAP (McInnes, Healy & Melville 2018):
//!
//! 1. **Landmarks**: up to [`MapParams::landmarks`] rows, every cluster represented in
//!    proportion to its size (at least a few rows each), chosen with the seed.
//! 2. **Neighbour graph**: each landmark's exact [`MapParams::neighbours`] nearest
//!    landmarks by cosine distance (none it shares no term with), and as many nearest of
//!    its own cluster; fuzzy memberships (the distance to the nearest subtracted, a
//!    per-point scale such that they sum to log₂ of their number), edges across two
//!    clusters weighted by 0.2 (as UMAP's supervised mode weakens them), symmetrized
//!    (`a + b − ab`). The map so shows the clusters the report lists, and which lie near
//!    which.
//! 3. **Layout**: from a 2-D PCA of the landmarks, stochastic gradient descent on UMAP's
//!    cross-entropy with its curve for `min_dist` 0.1 (`a` = 1.577, `b` = 0.895), each edge
//!    sampled in proportion to its weight with five negative samples, the learning rate
//!    falling linearly to zero. Sequential, so the result is the same on any thread count.
//! 4. **Placement**: every other row goes to the membership-weighted mean of its nearest
//!    landmarks *of its own cluster* (the clustering already said where it belongs), in
//!    parallel, row by row.
//!
//! Why our own rather than a crate (measured on identical input, 9,364 generated opinions ×
//! 100 SVD dimensions, in the session of issue 17): umap-learn took 34 s, scikit-learn's
//! t-SNE 163 s, the bhtsne crate 39 s, this 1.5 s, with the same agreement of map
//! neighbours with the clusters (0.96) and topics (0.92) though fewer of the 10 nearest
//! neighbours kept (0.30 against 0.42–0.57). bhtsne has no seed (two runs give unrelated
//! maps) and its parallel sums differ between thread counts; annembed needs a LAPACK
//! (OpenBLAS or MKL) built or installed; neither places points beyond a sample nor uses the
//! clustering. Cost here: O(L² d) for the graph, O(epochs · L k) for the layout,
//! O(n · L/c · d) for the placement (c clusters): 2.4 s for 91,741 distinct opinions
//! (`examples/map.rs`).
//!
//! ```
//! use iken::{MapParams, ndarray::array};
//!
//! let rows = array![[1.0, 0.0, 0.0], [0.99, 0.14, 0.0], [0.0, 1.0, 0.0], [0.0, 0.99, 0.14]];
//! let clusters = [Some(0), Some(0), Some(1), Some(1)];
//! let xy = MapParams::default().layout(&rows, &clusters).unwrap();
//! let [a, b, c, _] = [xy[0].unwrap(), xy[1].unwrap(), xy[2].unwrap(), xy[3].unwrap()];
//! let dist = |p: [f64; 2], q: [f64; 2]| ((p[0] - q[0]).powi(2) + (p[1] - q[1]).powi(2)).sqrt();
//! assert!(dist(a, b) < dist(a, c));
//! ```

use std::collections::BTreeMap;

use ndarray::{Array2, Axis, s};
use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// UMAP's curve `1 / (1 + a d^(2b))` fitted to `min_dist` 0.1, spread 1.
const A: f64 = 1.577;
const B: f64 = 0.895;
/// Negative samples per positive one.
const NEGATIVES: usize = 5;
/// The weight kept by an edge between two clusters.
const ACROSS: f64 = 0.2;
/// Cosine distance from which two rows count as sharing nothing.
const ORTHOGONAL: f64 = 1.0 - 1e-9;
/// Every cluster gets at least this many landmarks (or all its rows).
const MIN_LANDMARKS: usize = 10;

/// Options of the map layout.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct MapParams {
    /// Neighbours per point in the graph the layout keeps. Default 15.
    pub neighbours: usize,
    /// Most points laid out by the graph itself; the rest are placed among them.
    /// Default 4,000.
    pub landmarks: usize,
    /// Passes of the gradient descent. Default 200 (UMAP's for large inputs).
    pub epochs: usize,
    /// Seed of the landmarks and of the descent. Default 0 (an [`Analysis`](crate::Analysis)
    /// sets its own seed).
    pub seed: u64,
}

impl Default for MapParams {
    fn default() -> Self {
        MapParams {
            neighbours: 15,
            landmarks: 4000,
            epochs: 200,
            seed: 0,
        }
    }
}

impl MapParams {
    /// Checks the options.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) for fewer than 2
    /// neighbours or landmarks.
    pub fn validate(&self) -> Result<()> {
        if self.neighbours < 2 {
            return Err(Error::invalid_parameter(
                "map.neighbours",
                format!("{} is too few to make a graph; e.g. 15", self.neighbours),
            ));
        }
        if self.landmarks < 2 {
            return Err(Error::invalid_parameter(
                "map.landmarks",
                format!("{} is too few to lay out; e.g. 4000", self.landmarks),
            ));
        }
        Ok(())
    }

    /// A position per row of `rows` (any scale: each is taken to unit length), or `None`
    /// for a zero row. `clusters` gives each row's cluster (`None`: unclustered), which
    /// rows beyond the landmarks are placed among.
    ///
    /// # Errors
    /// Invalid options; `clusters` of another length than `rows`; rows with NaN.
    pub fn layout(
        &self,
        rows: &Array2<f64>,
        clusters: &[Option<usize>],
    ) -> Result<Vec<Option<[f64; 2]>>> {
        self.validate()?;
        if clusters.len() != rows.nrows() {
            return Err(Error::invalid_parameter(
                "clusters",
                format!("{} given for {} rows", clusters.len(), rows.nrows()),
            ));
        }
        if rows.iter().any(|v| !v.is_finite()) {
            return Err(Error::invalid_parameter(
                "rows",
                "they hold NaN or infinite values",
            ));
        }
        // Single precision: neighbours come out the same, and the products that find them
        // take half the time and memory.
        let mut unit = Array2::<f32>::zeros(rows.dim());
        let mut placed: Vec<usize> = Vec::with_capacity(rows.nrows());
        for (i, (row, mut out)) in rows.outer_iter().zip(unit.outer_iter_mut()).enumerate() {
            let norm = row.dot(&row).sqrt();
            if norm > 0.0 {
                out.zip_mut_with(&row, |o, &v| *o = (v / norm) as f32);
                placed.push(i);
            }
        }
        let mut position = vec![None; rows.nrows()];
        match placed.len() {
            0 => return Ok(position),
            1 => {
                position[placed[0]] = Some([0.0, 0.0]);
                return Ok(position);
            }
            _ => {}
        }
        let landmarks = self.choose_landmarks(&placed, clusters);
        let labels: Vec<Option<usize>> = landmarks.iter().map(|&i| clusters[i]).collect();
        let graph = Graph::of(&unit, &landmarks, &labels, self.neighbours);
        let mut xy = pca_start(&unit, &landmarks);
        descend(&mut xy, &graph, self.epochs, self.seed);

        for (l, &i) in landmarks.iter().enumerate() {
            position[i] = Some(xy[l]);
        }
        place_rest(
            &unit,
            &placed,
            clusters,
            &landmarks,
            &xy,
            self.neighbours,
            &mut position,
        );
        scale_into_unit_box(&mut position);
        Ok(position)
    }

    /// Landmarks: all rows when they are few, else a seeded sample in which each cluster
    /// (and the unclustered) has its share of `landmarks`, and at least a few rows.
    fn choose_landmarks(&self, placed: &[usize], clusters: &[Option<usize>]) -> Vec<usize> {
        if placed.len() <= self.landmarks {
            return placed.to_vec();
        }
        let mut order = placed.to_vec();
        shuffle(&mut order, self.seed ^ 0x4C41_4E44);
        let mut size: BTreeMap<Option<usize>, usize> = BTreeMap::new();
        for &i in placed {
            *size.entry(clusters[i]).or_default() += 1;
        }
        let share = self.landmarks as f64 / placed.len() as f64;
        let mut quota: BTreeMap<Option<usize>, usize> = size
            .iter()
            .map(|(&c, &s)| {
                (
                    c,
                    ((s as f64 * share).round() as usize)
                        .max(MIN_LANDMARKS)
                        .min(s),
                )
            })
            .collect();
        let mut chosen: Vec<usize> = order
            .into_iter()
            .filter(|&i| {
                let q = quota.get_mut(&clusters[i]).expect("counted");
                let take = *q > 0;
                *q = q.saturating_sub(1);
                take
            })
            .collect();
        chosen.sort_unstable();
        chosen
    }
}

/// Fisher–Yates with the seed.
fn shuffle(v: &mut [usize], seed: u64) {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    for i in (1..v.len()).rev() {
        let j = rng.gen_range(0..=i);
        v.swap(i, j);
    }
}

/// The landmarks' symmetrized fuzzy neighbour graph: edges `(a, b, weight)` with `a < b`,
/// in order.
struct Graph {
    edges: Vec<(usize, usize, f64)>,
    points: usize,
}

impl Graph {
    /// `labels` are the landmarks' clusters.
    fn of(
        unit: &Array2<f32>,
        landmarks: &[usize],
        labels: &[Option<usize>],
        neighbours: usize,
    ) -> Graph {
        let n = landmarks.len();
        let k = neighbours.min(n - 1);
        // Each landmark's k nearest (cosine distance), nearest first, ties to the lowest
        // index; similarities by blocks of a matrix product.
        let points = unit.select(Axis(0), landmarks);
        let mut near = nearest_by_blocks(&points, &points, k, true);
        for list in &mut near {
            // A row orthogonal to this one shares no term with it (TF-IDF rows of a small
            // table mostly are): it is no neighbour, whatever its rank. Kept, the ties
            // among such rows would draw edges to whichever rows come first.
            list.retain(|x| x.1 < ORTHOGONAL);
        }
        // Each landmark's nearest in its own cluster too: short texts share few words, and
        // a cluster's members are often not among each other's nearest over the whole
        // table, so without them the map would not show the clusters the page lists.
        let mut by_cluster: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for (l, label) in labels.iter().enumerate() {
            if let Some(c) = label {
                by_cluster.entry(*c).or_default().push(l);
            }
        }
        for members in by_cluster.values().filter(|m| m.len() > 1) {
            let rows = points.select(Axis(0), members);
            for (&l, own) in members.iter().zip(nearest_by_blocks(&rows, &rows, k, true)) {
                for (m, d) in own {
                    let b = members[m];
                    if !near[l].iter().any(|x| x.0 == b) {
                        near[l].push((b, d));
                    }
                }
            }
        }
        let by = |x: &(usize, f64), y: &(usize, f64)| x.1.total_cmp(&y.1).then(x.0.cmp(&y.0));
        let directed: Vec<Vec<(usize, f64)>> = near
            .into_iter()
            .enumerate()
            .map(|(a, mut list)| {
                list.sort_by(by);
                let distances: Vec<f64> = list.iter().map(|x| x.1).collect();
                let w = memberships(&distances);
                list.iter()
                    .zip(w)
                    .map(|(&(b, _), w)| {
                        // Edges across two clusters weigh less (as UMAP's supervised mode
                        // weakens edges across labels), so clusters come apart while the
                        // map still shows which lie near which.
                        let across = matches!((labels[a], labels[b]), (Some(x), Some(y)) if x != y);
                        (b, if across { w * ACROSS } else { w })
                    })
                    .collect()
            })
            .collect();
        // a + b − ab over both directions.
        let mut half: Vec<(usize, usize, f64)> = directed
            .iter()
            .enumerate()
            .flat_map(|(a, list)| list.iter().map(move |&(b, w)| (a.min(b), a.max(b), w)))
            .collect();
        half.sort_by_key(|x| (x.0, x.1));
        let mut edges: Vec<(usize, usize, f64)> = Vec::with_capacity(half.len());
        for (a, b, w) in half {
            match edges.last_mut() {
                Some(last) if last.0 == a && last.1 == b => last.2 = last.2 + w - last.2 * w,
                _ => edges.push((a, b, w)),
            }
        }
        edges.retain(|e| e.2 > 0.0);
        Graph { edges, points: n }
    }
}

/// UMAP's fuzzy memberships of one point's neighbours given their distances (ascending):
/// `exp(−(d − ρ)/σ)` with ρ the nearest distance and σ such that they sum to log₂ k.
fn memberships(distances: &[f64]) -> Vec<f64> {
    let Some(&rho) = distances.first() else {
        return Vec::new();
    };
    let target = (distances.len() as f64).log2().max(1e-3);
    let sum = |sigma: f64| {
        distances
            .iter()
            .map(|&d| (-(d - rho).max(0.0) / sigma).exp())
            .sum::<f64>()
    };
    let (mut lo, mut hi, mut sigma) = (0.0_f64, f64::INFINITY, 1.0_f64);
    for _ in 0..64 {
        let s = sum(sigma);
        if (s - target).abs() < 1e-5 {
            break;
        }
        if s > target {
            hi = sigma;
            sigma = (lo + hi) / 2.0;
        } else {
            lo = sigma;
            sigma = if hi.is_finite() {
                (lo + hi) / 2.0
            } else {
                sigma * 2.0
            };
        }
    }
    let mean = distances.iter().sum::<f64>() / distances.len() as f64;
    let sigma = sigma.max(1e-3 * mean).max(1e-12);
    distances
        .iter()
        .map(|&d| (-(d - rho).max(0.0) / sigma).exp())
        .collect()
}

/// The landmarks' first two principal components (power iteration from a fixed start, so
/// no seed is needed), scaled to a spread of 10 as UMAP starts.
fn pca_start(unit: &Array2<f32>, landmarks: &[usize]) -> Vec<[f64; 2]> {
    let d = unit.ncols();
    let n = landmarks.len();
    let mut mean = ndarray::Array1::<f64>::zeros(d);
    for &i in landmarks {
        mean.zip_mut_with(&unit.row(i), |m, &v| *m += f64::from(v));
    }
    mean /= n as f64;
    let centred = |i: usize| &unit.row(i).mapv(f64::from) - &mean;
    let rows: Vec<ndarray::Array1<f64>> = landmarks.iter().map(|&i| centred(i)).collect();
    let mut components: Vec<ndarray::Array1<f64>> = Vec::new();
    for c in 0..2 {
        // A start that is not orthogonal to the top direction in practice.
        let mut v =
            ndarray::Array1::from_iter((0..d).map(|j| 1.0 + ((j * 7 + c * 3) % 11) as f64 / 11.0));
        for _ in 0..100 {
            let mut next = ndarray::Array1::<f64>::zeros(d);
            for r in &rows {
                next.scaled_add(r.dot(&v), r);
            }
            for p in &components {
                let along = next.dot(p);
                next.scaled_add(-along, p);
            }
            let norm = next.dot(&next).sqrt();
            if norm == 0.0 {
                break;
            }
            next /= norm;
            let change = (&next - &v).mapv(f64::abs).sum();
            v = next;
            if change < 1e-9 {
                break;
            }
        }
        // Sign fixed by the largest entry, so the map does not flip.
        let largest = v
            .iter()
            .copied()
            .fold(0.0_f64, |m, x| if x.abs() > m.abs() { x } else { m });
        if largest < 0.0 {
            v.mapv_inplace(|x| -x);
        }
        components.push(v);
    }
    let mut xy: Vec<[f64; 2]> = rows
        .iter()
        .map(|r| [r.dot(&components[0]), r.dot(&components[1])])
        .collect();
    let spread = xy
        .iter()
        .flat_map(|p| p.iter().map(|v| v.abs()))
        .fold(0.0_f64, f64::max);
    // Points in general position even where the PCA puts several at one place (copies of
    // a text, rows of one word): a tiny offset by index.
    for (i, p) in xy.iter_mut().enumerate() {
        let scale = if spread > 0.0 { 10.0 / spread } else { 1.0 };
        p[0] = p[0] * scale + 1e-4 * ((i % 97) as f64);
        p[1] = p[1] * scale + 1e-4 * ((i % 89) as f64);
    }
    xy
}

/// UMAP's optimization of the layout, one update at a time.
fn descend(xy: &mut [[f64; 2]], graph: &Graph, epochs: usize, seed: u64) {
    let n = graph.points;
    if graph.edges.is_empty() || n < 2 {
        return;
    }
    let max_w = graph.edges.iter().map(|e| e.2).fold(0.0_f64, f64::max);
    let every: Vec<f64> = graph.edges.iter().map(|e| max_w / e.2).collect();
    let mut next = every.clone();
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed ^ 0x554D_4150);
    let clip = |g: f64| g.clamp(-4.0, 4.0);
    for epoch in 0..epochs {
        let alpha = 1.0 - epoch as f64 / epochs as f64;
        let e = epoch as f64;
        for (edge, &(a, b, _)) in graph.edges.iter().enumerate() {
            if next[edge] > e + 1.0 {
                continue;
            }
            next[edge] += every[edge];
            // Attraction along the edge, both ends moving.
            let (dx, dy) = (xy[a][0] - xy[b][0], xy[a][1] - xy[b][1]);
            let d2 = dx * dx + dy * dy;
            if d2 > 0.0 {
                let pow = (B * d2.ln()).exp();
                let coeff = -2.0 * A * B * pow / (d2 * (1.0 + A * pow));
                let (gx, gy) = (clip(coeff * dx) * alpha, clip(coeff * dy) * alpha);
                xy[a][0] += gx;
                xy[a][1] += gy;
                xy[b][0] -= gx;
                xy[b][1] -= gy;
            }
            // Repulsion from random points, only the edge's head moving.
            for _ in 0..NEGATIVES {
                let c = rng.gen_range(0..n);
                if c == a {
                    continue;
                }
                let (dx, dy) = (xy[a][0] - xy[c][0], xy[a][1] - xy[c][1]);
                let d2 = dx * dx + dy * dy;
                let (gx, gy) = if d2 > 0.0 {
                    let coeff = 2.0 * B / ((0.001 + d2) * (1.0 + A * (B * d2.ln()).exp()));
                    (clip(coeff * dx), clip(coeff * dy))
                } else {
                    (4.0, 4.0)
                };
                xy[a][0] += gx * alpha;
                xy[a][1] += gy * alpha;
            }
        }
    }
}

/// Every row that is not a landmark, at the membership-weighted mean of its nearest
/// landmarks in its own cluster (all landmarks for an unclustered row or a cluster without
/// one).
fn place_rest(
    unit: &Array2<f32>,
    placed: &[usize],
    clusters: &[Option<usize>],
    landmarks: &[usize],
    xy: &[[f64; 2]],
    neighbours: usize,
    position: &mut [Option<[f64; 2]>],
) {
    // Rows to place by the landmarks they are placed among: a cluster's own, or all.
    let mut among: BTreeMap<Option<usize>, Vec<usize>> = BTreeMap::new();
    for (l, &i) in landmarks.iter().enumerate() {
        if let Some(c) = clusters[i] {
            among.entry(Some(c)).or_default().push(l);
        }
    }
    let mut rows_of: BTreeMap<Option<usize>, Vec<usize>> = BTreeMap::new();
    for &i in placed {
        if position[i].is_none() {
            let key = clusters[i].filter(|c| among.contains_key(&Some(*c)));
            rows_of.entry(key).or_default().push(i);
        }
    }
    among.insert(None, (0..landmarks.len()).collect());
    for (key, rows) in rows_of {
        let candidates = &among[&key];
        let targets = unit.select(
            Axis(0),
            &candidates.iter().map(|&l| landmarks[l]).collect::<Vec<_>>(),
        );
        let queries = unit.select(Axis(0), &rows);
        let near = nearest_by_blocks(&queries, &targets, neighbours, false);
        for (&i, near) in rows.iter().zip(near) {
            // Memberships with the mean gap as scale: the per-point search of the graph
            // would cost more than the rest of the placement, for no visible difference.
            let nearest = near.first().map_or(0.0, |x| x.1);
            let scale = near.iter().map(|x| x.1 - nearest).sum::<f64>() / near.len().max(1) as f64;
            let w: Vec<f64> = near
                .iter()
                .map(|x| {
                    if scale > 0.0 {
                        (-(x.1 - nearest) / scale).exp()
                    } else {
                        1.0
                    }
                })
                .collect();
            let total: f64 = w.iter().sum();
            let (mut x, mut y) = (0.0, 0.0);
            for (&(t, _), w) in near.iter().zip(&w) {
                let l = candidates[t];
                x += w * xy[l][0];
                y += w * xy[l][1];
            }
            position[i] = Some([x / total, y / total]);
        }
    }
}

/// For each row of `queries`, the `k` rows of `targets` nearest by cosine distance (unit
/// rows), nearest first, ties to the lowest index; `same` when the two are one set, so that
/// a row is not its own neighbour. Blocks of queries go through a matrix product in
/// parallel; each block's result depends on its rows alone, so the thread count does not
/// change it.
fn nearest_by_blocks(
    queries: &Array2<f32>,
    targets: &Array2<f32>,
    k: usize,
    same: bool,
) -> Vec<Vec<(usize, f64)>> {
    const BLOCK: usize = 2048;
    let k = k.min(targets.nrows() - usize::from(same));
    let by = |x: &(usize, f64), y: &(usize, f64)| x.1.total_cmp(&y.1).then(x.0.cmp(&y.0));
    let mut out = Vec::with_capacity(queries.nrows());
    for start in (0..queries.nrows()).step_by(BLOCK) {
        let end = (start + BLOCK).min(queries.nrows());
        // The product threads itself (matrixmultiply); the selection runs in parallel by row.
        let sims = queries.slice(s![start..end, ..]).dot(&targets.t());
        let block: Vec<Vec<(usize, f64)>> = sims
            .axis_iter(Axis(0))
            .into_par_iter()
            .enumerate()
            .map(|(r, row)| {
                let me = start + r;
                let mut d: Vec<(usize, f64)> = row
                    .iter()
                    .enumerate()
                    .filter(|&(t, _)| !(same && t == me))
                    .map(|(t, &sim)| (t, f64::from(1.0 - sim).max(0.0)))
                    .collect();
                if d.len() > k {
                    d.select_nth_unstable_by(k, by);
                    d.truncate(k);
                }
                d.sort_by(by);
                d
            })
            .collect();
        out.extend(block);
    }
    out
}

/// Centred on the middle of the points and scaled so the farthest coordinate is ±1.
fn scale_into_unit_box(position: &mut [Option<[f64; 2]>]) {
    let points: Vec<[f64; 2]> = position.iter().flatten().copied().collect();
    if points.is_empty() {
        return;
    }
    let lo = |k: usize| points.iter().map(|p| p[k]).fold(f64::INFINITY, f64::min);
    let hi = |k: usize| {
        points
            .iter()
            .map(|p| p[k])
            .fold(f64::NEG_INFINITY, f64::max)
    };
    let centre = [(lo(0) + hi(0)) / 2.0, (lo(1) + hi(1)) / 2.0];
    let half = ((hi(0) - lo(0)) / 2.0).max((hi(1) - lo(1)) / 2.0);
    let scale = if half > 0.0 { 1.0 / half } else { 1.0 };
    for p in position.iter_mut().flatten() {
        p[0] = (p[0] - centre[0]) * scale;
        p[1] = (p[1] - centre[1]) * scale;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::Array2;

    /// Three tight groups of 300 rows in 20 dimensions, each around its own axis.
    fn groups(per: usize) -> (Array2<f64>, Vec<Option<usize>>) {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(7);
        let n = 3 * per;
        let mut rows = Array2::<f64>::zeros((n, 20));
        let mut labels = Vec::with_capacity(n);
        for i in 0..n {
            let g = i % 3;
            rows[[i, g]] = 1.0;
            for j in 0..20 {
                rows[[i, j]] += rng.gen_range(-0.15..0.15);
            }
            labels.push(Some(g));
        }
        (rows, labels)
    }

    fn separation(xy: &[Option<[f64; 2]>], labels: &[Option<usize>]) -> f64 {
        // Share of points whose nearest other point on the map is of their own group.
        let p: Vec<[f64; 2]> = xy.iter().map(|p| p.unwrap()).collect();
        let hits = (0..p.len())
            .filter(|&i| {
                let j = (0..p.len())
                    .filter(|&j| j != i)
                    .min_by(|&a, &b| {
                        let da = (p[a][0] - p[i][0]).powi(2) + (p[a][1] - p[i][1]).powi(2);
                        let db = (p[b][0] - p[i][0]).powi(2) + (p[b][1] - p[i][1]).powi(2);
                        da.total_cmp(&db)
                    })
                    .unwrap();
                labels[i] == labels[j]
            })
            .count();
        hits as f64 / p.len() as f64
    }

    #[test]
    fn groups_stay_apart_and_in_the_box() {
        let (rows, labels) = groups(100);
        let xy = MapParams::default().layout(&rows, &labels).unwrap();
        assert!(
            separation(&xy, &labels) > 0.95,
            "{}",
            separation(&xy, &labels)
        );
        for p in xy.iter().flatten() {
            assert!(p[0].abs() <= 1.0 + 1e-12 && p[1].abs() <= 1.0 + 1e-12);
        }
    }

    #[test]
    fn landmarks_and_placement_keep_groups_apart() {
        let (rows, labels) = groups(300);
        let params = MapParams {
            landmarks: 120,
            ..MapParams::default()
        };
        let xy = params.layout(&rows, &labels).unwrap();
        assert!(
            separation(&xy, &labels) > 0.95,
            "{}",
            separation(&xy, &labels)
        );
    }

    #[test]
    fn zero_rows_have_no_place_and_the_seed_decides() {
        let (mut rows, labels) = groups(20);
        rows.row_mut(5).fill(0.0);
        let a = MapParams::default().layout(&rows, &labels).unwrap();
        assert!(a[5].is_none());
        assert_eq!(a.iter().filter(|p| p.is_some()).count(), rows.nrows() - 1);
        let b = MapParams::default().layout(&rows, &labels).unwrap();
        assert_eq!(a, b);
        let other = MapParams {
            seed: 3,
            ..MapParams::default()
        };
        assert_ne!(a, other.layout(&rows, &labels).unwrap());
    }

    #[test]
    fn bad_options_and_inputs_are_errors() {
        let (rows, labels) = groups(5);
        let few = MapParams {
            neighbours: 1,
            ..MapParams::default()
        };
        assert!(few.layout(&rows, &labels).is_err());
        assert!(MapParams::default().layout(&rows, &labels[1..]).is_err());
    }
}
