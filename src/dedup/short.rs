//! Phase 2b, short copies: short distinct texts → MinHash on character trigrams →
//! pairs verified by the edit ratio of their keys → joined to a leader, without chains.

use rayon::prelude::*;

use super::exact::Exact;
use super::minhash::{MinHasher, band_keys, bands_for};
use super::near::Joins;
use super::shingles::shingles;
use super::{
    DedupParams, Measure, SHORT_LSH_THRESHOLD, SHORT_MIN_CHARS, SHORT_PERMUTATIONS,
    band_candidates, edit_ratio,
};

impl DedupParams {
    pub(super) fn join_short(&self, exact: &Exact, joins: &mut Joins, min_ratio: f64) {
        let Exact {
            keys,
            first,
            copies,
            ..
        } = exact;
        let n = first.len();
        let Joins {
            uf,
            edges,
            candidates: total_candidates,
            verified: verified_count,
            edit_joined,
        } = joins;
        // Short texts: a bullet, a 「です」 or an adverb is a large share of a 40-character
        // letter's shingles. Texts of at most `short_chars` characters are paired by MinHash
        // on character trigrams and verified by the character edit ratio of their keys.
        let short: Vec<u32> = (0..n as u32)
            .filter(|&u| {
                let len = keys[u as usize].chars().count();
                len >= SHORT_MIN_CHARS && len <= self.short_chars
            })
            .collect();
        let (bands, rows) = bands_for(SHORT_LSH_THRESHOLD, SHORT_PERMUTATIONS);
        let hasher = MinHasher::new(SHORT_PERMUTATIONS, self.seed ^ 0x0053_484f_5254);
        let short_keys: Vec<Vec<u64>> = short
            .par_iter()
            .map_init(
                || vec![0u32; SHORT_PERMUTATIONS],
                |signature, &u| {
                    let s = shingles(&keys[u as usize], 3);
                    hasher.signature(&s, signature);
                    let mut band = Vec::with_capacity(bands);
                    band_keys(signature, rows, &mut band);
                    band
                },
            )
            .collect();
        let pairs = band_candidates(&short_keys, bands);
        drop(short_keys);
        let mut pairs: Vec<(u32, u32)> = pairs
            .into_iter()
            .map(|(a, b)| (short[a as usize], short[b as usize]))
            .filter(|&(a, b)| uf.find(a as usize) != uf.find(b as usize))
            .collect();
        pairs.par_sort_unstable();
        pairs.dedup();
        *total_candidates += pairs.len();
        let joined: Vec<(u32, u32, f64)> = pairs
            .par_iter()
            .filter_map(|&(a, b)| {
                let r = edit_ratio(&keys[a as usize], &keys[b as usize]);
                (r >= min_ratio).then_some((a, b, r))
            })
            .collect();
        *verified_count += joined.len();
        // No chains: short variants of one frame sentence are each a few edits from the
        // next, and joined pair by pair they would become one false campaign. A short
        // text joins a leader it is itself close to: leaders are taken most copies
        // first (the form letter as most senders pasted it), then in input order.
        let mut near: std::collections::BTreeMap<u32, Vec<(u32, f64)>> =
            std::collections::BTreeMap::new();
        for &(a, b, r) in &joined {
            near.entry(a).or_default().push((b, r));
            near.entry(b).or_default().push((a, r));
        }
        let mut leaders: Vec<u32> = near.keys().copied().collect();
        leaders
            .sort_unstable_by(|&x, &y| copies[y as usize].cmp(&copies[x as usize]).then(x.cmp(&y)));
        let mut taken = vec![false; n];
        for leader in leaders {
            if taken[leader as usize] {
                continue;
            }
            taken[leader as usize] = true;
            let mut members = near.remove(&leader).unwrap_or_default();
            members.sort_unstable_by_key(|&(m, _)| m);
            for (m, r) in members {
                if taken[m as usize] {
                    continue;
                }
                taken[m as usize] = true;
                if uf.union(leader as usize, m as usize) {
                    edit_joined[leader as usize] = true;
                    edit_joined[m as usize] = true;
                    edges.push((leader, m, r, Measure::Edit));
                }
            }
        }
    }
}
