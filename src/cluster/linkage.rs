//! Agglomerative hierarchies of unit rows by the nearest-neighbour chain algorithm, and
//! their cuts.
//!
//! Takes unit-length rows; gives the merges `(a, b, height)` in the order made, which
//! [`cut_at`] cuts at a height and [`cut_into`] into a number of groups.
//!
//! - [`Linkage::Average`]: mean cosine distance between groups; what the automatic mode
//!   groups up to `hierarchy_up_to` opinions with.
//! - [`Linkage::Ward`]: the merge that least increases the within-group sum of squares;
//!   its cuts are k-means-like groups, so a Ward hierarchy of a sample gives every
//!   candidate k its own starting centroids at the cost of one hierarchy.
//!
//! O(n²) time; the distances are kept once per pair in `f32` (n²/2 × 4 bytes: 200 MB for
//! 10,000 rows). Ties go to the lowest index, so the result is deterministic.

use ndarray::Array2;

use crate::union_find::UnionFind;

/// One merge of a hierarchy: the two groups (each by its lowest row) and the height.
pub(super) type Merge = (usize, usize, f64);

/// How the distance between two groups is measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Linkage {
    /// Mean cosine distance over the pairs of rows.
    Average,
    /// Ward's criterion on squared Euclidean distance (for unit rows, twice the cosine
    /// distance).
    Ward,
}

/// The merges `(kept, gone, height)` in the order made; `kept` is the lower index and
/// stands for the merged group afterwards. Average linkage and Ward are reducible, so the
/// heights are those of the usual greedy algorithm, though not in increasing order.
pub(super) fn merges(unit: &Array2<f64>, linkage: Linkage) -> Vec<Merge> {
    let n = unit.nrows();
    let mut d = Condensed::cosine(unit);
    if linkage == Linkage::Ward {
        // Squared Euclidean distance of unit rows: 2 (1 − cos).
        d.values.iter_mut().for_each(|v| *v *= 2.0);
    }
    let mut size = vec![1usize; n];
    let mut active = vec![true; n];
    let mut merges: Vec<Merge> = Vec::with_capacity(n.saturating_sub(1));
    let mut chain: Vec<usize> = Vec::new();
    let mut remaining = n;
    while remaining > 1 {
        if chain.is_empty() {
            chain.push(active.iter().position(|&a| a).expect("an active cluster"));
        }
        let a = *chain.last().expect("non-empty chain");
        let previous = chain.len().checked_sub(2).map(|i| chain[i]);
        // Nearest active neighbour; ties go to the previous chain element, then the lowest index.
        let mut best = usize::MAX;
        let mut best_d = f32::INFINITY;
        for b in (0..n).filter(|&b| b != a && active[b]) {
            let db = d.get(a, b);
            if db < best_d || (db == best_d && Some(b) == previous) {
                best = b;
                best_d = db;
            }
        }
        if Some(best) == previous {
            chain.truncate(chain.len() - 2);
            let (keep, gone) = (a.min(best), a.max(best));
            merges.push((keep, gone, f64::from(best_d)));
            // Lance-Williams updates.
            let (sk, sg) = (size[keep] as f32, size[gone] as f32);
            for x in (0..n).filter(|&x| active[x] && x != keep && x != gone) {
                let v = match linkage {
                    Linkage::Average => (sk * d.get(keep, x) + sg * d.get(gone, x)) / (sk + sg),
                    Linkage::Ward => {
                        let sx = size[x] as f32;
                        ((sk + sx) * d.get(keep, x) + (sg + sx) * d.get(gone, x) - sx * best_d)
                            / (sk + sg + sx)
                    }
                };
                d.set(keep, x, v);
            }
            size[keep] += size[gone];
            active[gone] = false;
            remaining -= 1;
        } else {
            chain.push(best);
        }
    }
    merges
}

/// The groups of a dendrogram cut at `cut`: labels numbered by their first row. Both
/// linkages are monotone, so joining every merge at or below the cut gives exactly them.
pub(super) fn cut_at(merges: &[Merge], n: usize, cut: f64) -> Vec<usize> {
    let mut groups = UnionFind::new(n);
    for &(a, b, dist) in merges {
        if dist <= cut {
            groups.union(a, b);
        }
    }
    labels(&mut groups, n)
}

/// The `k` groups the dendrogram has before its last `k − 1` merges (by height; ties in
/// the order made), labelled by their first row.
pub(super) fn cut_into(merges: &[Merge], n: usize, k: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..merges.len()).collect();
    order.sort_by(|&a, &b| merges[a].2.total_cmp(&merges[b].2).then(a.cmp(&b)));
    let mut groups = UnionFind::new(n);
    for &m in order.iter().take(n.saturating_sub(k.max(1))) {
        groups.union(merges[m].0, merges[m].1);
    }
    labels(&mut groups, n)
}

fn labels(groups: &mut UnionFind, n: usize) -> Vec<usize> {
    let mut label_of_root = vec![usize::MAX; n];
    let mut next = 0;
    (0..n)
        .map(|i| {
            let r = groups.find(i);
            if label_of_root[r] == usize::MAX {
                label_of_root[r] = next;
                next += 1;
            }
            label_of_root[r]
        })
        .collect()
}

/// A symmetric matrix with a zero diagonal, stored once per pair (i < j), row by row.
struct Condensed {
    n: usize,
    values: Vec<f32>,
}

impl Condensed {
    /// Cosine distances (1 − similarity, at least 0) of unit rows, computed a block of
    /// rows at a time so that no n × n matrix of `f64` is ever held.
    fn cosine(unit: &Array2<f64>) -> Condensed {
        const BLOCK: usize = 256;
        let n = unit.nrows();
        let mut values = Vec::with_capacity(n * n.saturating_sub(1) / 2);
        let all_t = unit.t();
        for start in (0..n).step_by(BLOCK) {
            let end = (start + BLOCK).min(n);
            let sims = unit.slice(ndarray::s![start..end, ..]).dot(&all_t);
            for (r, row) in sims.outer_iter().enumerate() {
                let i = start + r;
                values.extend(row.iter().skip(i + 1).map(|s| (1.0 - s).max(0.0) as f32));
            }
        }
        Condensed { n, values }
    }

    fn index(&self, i: usize, j: usize) -> usize {
        let (i, j) = if i < j { (i, j) } else { (j, i) };
        i * self.n - i * (i + 1) / 2 + (j - i - 1)
    }

    fn get(&self, i: usize, j: usize) -> f32 {
        self.values[self.index(i, j)]
    }

    fn set(&mut self, i: usize, j: usize, v: f32) {
        let at = self.index(i, j);
        self.values[at] = v;
    }
}

#[cfg(test)]
mod tests {
    use ndarray::array;

    use super::*;
    use crate::cluster::normalized;

    fn two_pairs_and_one() -> Array2<f64> {
        // Two tight pairs far apart, and one point alone.
        normalized(&array![
            [1.0, 0.0, 0.0],
            [0.99, 0.1, 0.0],
            [0.0, 1.0, 0.0],
            [0.1, 0.99, 0.0],
            [0.0, 0.0, 1.0]
        ])
    }

    #[test]
    fn average_linkage_by_hand() {
        let merges = merges(&two_pairs_and_one(), Linkage::Average);
        assert_eq!(cut_at(&merges, 5, 0.1), vec![0, 0, 1, 1, 2]);
        // A cut above every distance joins everything; below every distance, nothing.
        assert_eq!(cut_at(&merges, 5, 1.5), vec![0; 5]);
        assert_eq!(cut_at(&merges, 5, 0.0), vec![0, 1, 2, 3, 4]);
        assert_eq!(cut_into(&merges, 5, 3), vec![0, 0, 1, 1, 2]);
    }

    #[test]
    fn ward_by_hand() {
        let merges = merges(&two_pairs_and_one(), Linkage::Ward);
        assert_eq!(merges.len(), 4);
        assert_eq!(cut_into(&merges, 5, 5), vec![0, 1, 2, 3, 4]);
        assert_eq!(cut_into(&merges, 5, 3), vec![0, 0, 1, 1, 2]);
        assert_eq!(cut_into(&merges, 5, 1), vec![0; 5]);
        // The first merge is the pair (0, 1) at its squared distance 2 (1 − 0.995); the
        // last joins far-apart groups.
        let mut heights: Vec<f64> = merges.iter().map(|m| m.2).collect();
        heights.sort_by(f64::total_cmp);
        assert!(heights[0] < 0.02 && heights[3] > 1.0, "{heights:?}");
    }
}
