//! Phase 2, near copies: distinct texts → shingles → MinHash/LSH candidate pairs →
//! pairs verified by the Jaccard similarity of their shingle sets.

use rayon::prelude::*;

use super::exact::Exact;
use super::minhash::{MinHasher, band_keys, bands_for};
use super::shingles::{jaccard_at_least, shingles};
use super::{DedupParams, Measure, band_candidates};
use crate::union_find::UnionFind;

/// The pairs joined so far, over distinct texts, and what it took to find them.
pub(super) struct Joins {
    /// Distinct texts joined into groups.
    pub(super) uf: UnionFind,
    /// The pairs that joined two groups: (a, b, similarity, measure).
    pub(super) edges: Vec<(u32, u32, f64, Measure)>,
    /// Candidate pairs looked at.
    pub(super) candidates: usize,
    /// Candidate pairs that met their threshold.
    pub(super) verified: usize,
    /// Distinct texts joined by the short-text edit ratio.
    pub(super) edit_joined: Vec<bool>,
}

/// Phase 2's result.
pub(super) struct Near {
    /// Each distinct text's shingle hashes (32 bits, sorted), for verification.
    pub(super) sets: Vec<Vec<u32>>,
    /// The near copies joined.
    pub(super) joins: Joins,
    /// LSH bands and rows per band.
    pub(super) bands: (usize, usize),
}

impl DedupParams {
    pub(super) fn near(&self, exact: &Exact) -> Near {
        let Exact { keys, first, .. } = exact;
        debug_assert_eq!(keys.len(), first.len());
        let n = first.len();
        // Shingle sets (kept, 32 bits per shingle, for verification) and band keys.
        let (bands, rows) = bands_for(self.threshold, self.permutations);
        let hasher = MinHasher::new(self.permutations, self.seed);
        let per_text: Vec<(Vec<u32>, Vec<u64>)> = keys
            .par_iter()
            .map_init(
                || vec![0u32; self.permutations],
                |signature, key| {
                    let s = shingles(key, self.shingle);
                    hasher.signature(&s, signature);
                    let mut band = Vec::with_capacity(bands);
                    band_keys(signature, rows, &mut band);
                    (s, band)
                },
            )
            .collect();
        let (sets, keys_per_text): (Vec<Vec<u32>>, Vec<Vec<u64>>) = per_text.into_iter().unzip();

        // Candidates: within each band, every text sharing a key is paired with the
        // bucket's first text and a few before it (not all pairs, see `bucket_pairs`).
        let mut candidates = band_candidates(&keys_per_text, bands);
        drop(keys_per_text);
        candidates.par_sort_unstable();
        candidates.dedup();
        let total_candidates = candidates.len();
        let verified: Vec<(u32, u32, f64)> = candidates
            .par_iter()
            .filter_map(|&(a, b)| {
                let j = jaccard_at_least(&sets[a as usize], &sets[b as usize], self.threshold);
                (j >= self.threshold).then_some((a, b, j))
            })
            .collect();
        let verified_count = verified.len();
        let mut uf = UnionFind::new(n);
        let mut edges: Vec<(u32, u32, f64, Measure)> = Vec::new();
        for &(a, b, j) in &verified {
            if uf.union(a as usize, b as usize) {
                edges.push((a, b, j, Measure::Jaccard));
            }
        }
        drop(verified);

        Near {
            sets,
            joins: Joins {
                uf,
                edges,
                candidates: total_candidates,
                verified: verified_count,
                edit_joined: vec![false; n],
            },
            bands: (bands, rows),
        }
    }
}
