//! MinHash signatures and LSH banding: cheap candidates for near-duplicate pairs.
//!
//! Each of `permutations` hash functions `hᵢ(x) = aᵢ·x + bᵢ (mod 2³²)` (odd `aᵢ`, so a
//! permutation of 32-bit values) is applied to every shingle; the signature keeps each
//! function's minimum. Two texts agree on one signature position with probability equal to
//! their Jaccard similarity. Signatures are cut into `bands` bands of `rows` positions; texts
//! that agree on a whole band become candidates, which the caller then verifies exactly.

use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

use super::shingles::mix;

/// The hash functions of a signature.
pub(crate) struct MinHasher {
    a: Vec<u32>,
    b: Vec<u32>,
}

impl MinHasher {
    pub(crate) fn new(permutations: usize, seed: u64) -> MinHasher {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
        let a = (0..permutations).map(|_| rng.r#gen::<u32>() | 1).collect();
        let b = (0..permutations).map(|_| rng.r#gen::<u32>()).collect();
        MinHasher { a, b }
    }

    /// The signature of a set of shingle hashes, written into `out` (one per permutation).
    pub(crate) fn signature(&self, shingles: &[u32], out: &mut [u32]) {
        min_hashes(&self.a, &self.b, shingles, out);
    }
}

/// `out[i] = min over x of a[i]·x + b[i] (mod 2³²)`. Compiled for several instruction sets
/// and chosen at run time: the portable x86-64 baseline (SSE2) has no 32-bit lane multiply
/// or unsigned minimum, and with AVX2 each shingle costs three instructions per eight
/// permutations. Integer arithmetic, so every version gives the same signature.
#[multiversion::multiversion(targets("x86_64+avx2", "x86_64+sse4.1"))]
fn min_hashes(a: &[u32], b: &[u32], shingles: &[u32], out: &mut [u32]) {
    out.fill(u32::MAX);
    for &x in shingles {
        for ((o, &a), &b) in out.iter_mut().zip(a).zip(b) {
            *o = (*o).min(a.wrapping_mul(x).wrapping_add(b));
        }
    }
}

/// One key per band: texts with an equal key on some band are candidates.
pub(crate) fn band_keys(signature: &[u32], rows: usize, out: &mut Vec<u64>) {
    for (band, chunk) in signature.chunks_exact(rows).enumerate() {
        let mut h = mix(band as u64 + 1);
        for &v in chunk {
            h = mix(h ^ u64::from(v));
        }
        out.push(h);
    }
}

/// The (bands, rows) with `bands × rows ≤ permutations` that minimise the probability of a
/// false candidate below `threshold` plus that of a missed pair above it, weighted equally
/// (the choice datasketch's `MinHashLSH` makes).
pub(crate) fn bands_for(threshold: f64, permutations: usize) -> (usize, usize) {
    let candidate = |s: f64, b: usize, r: usize| 1.0 - (1.0 - s.powi(r as i32)).powi(b as i32);
    let integrate = |lo: f64, hi: f64, f: &dyn Fn(f64) -> f64| {
        const STEPS: usize = 200;
        let h = (hi - lo) / STEPS as f64;
        (0..STEPS)
            .map(|i| f(lo + (i as f64 + 0.5) * h) * h)
            .sum::<f64>()
    };
    let mut best = (1, permutations.max(1));
    let mut best_error = f64::INFINITY;
    for b in 1..=permutations {
        for r in 1..=permutations / b {
            let false_positive = integrate(0.0, threshold, &|s| candidate(s, b, r));
            let false_negative = integrate(threshold, 1.0, &|s| 1.0 - candidate(s, b, r));
            let error = 0.5 * false_positive + 0.5 * false_negative;
            if error < best_error {
                best_error = error;
                best = (b, r);
            }
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::super::shingles::{jaccard, shingles};
    use super::*;

    #[test]
    fn signature_agreement_estimates_jaccard() {
        let h = MinHasher::new(256, 7);
        let a = "大阪市のDX戦略について、市民の声をもっと聞いてほしいと思います。窓口の混雑も解消してください。";
        let b = "大阪市のDX戦略について、市民の意見をもっと聞いてほしいと思います。窓口の混雑も早く解消してください。";
        let (sa, sb) = (shingles(a, 5), shingles(b, 5));
        let exact = jaccard(&sa, &sb);
        let (mut ga, mut gb) = (vec![0; 256], vec![0; 256]);
        h.signature(&sa, &mut ga);
        h.signature(&sb, &mut gb);
        let agree = ga.iter().zip(&gb).filter(|(x, y)| x == y).count() as f64 / 256.0;
        // Standard error of the estimate at 256 permutations is about 0.03.
        assert!(
            (agree - exact).abs() < 0.1,
            "estimate {agree}, exact {exact}"
        );
    }

    /// The multiversioned loop against the definition, written plainly.
    #[test]
    fn signature_is_the_minimum_of_each_hash_function() {
        let h = MinHasher::new(128, 3);
        let set: Vec<u32> = (0..300u32).map(|i| i.wrapping_mul(2_654_435_761)).collect();
        let mut got = vec![0; 128];
        h.signature(&set, &mut got);
        for (i, &g) in got.iter().enumerate() {
            let want = set
                .iter()
                .map(|&x| h.a[i].wrapping_mul(x).wrapping_add(h.b[i]))
                .min()
                .unwrap();
            assert_eq!(g, want, "permutation {i}");
        }
        h.signature(&[], &mut got);
        assert!(got.iter().all(|&g| g == u32::MAX));
    }

    #[test]
    fn band_choice_matches_datasketch() {
        // datasketch's MinHashLSH(threshold=t, num_perm=128).b and .r, printed by
        // `python3 -c "from datasketch import MinHashLSH; l = MinHashLSH(threshold=t, num_perm=128); print(l.b, l.r)"`.
        for (t, want) in [
            (0.5, (25, 5)),
            (0.7, (14, 9)),
            (0.8, (9, 13)),
            (0.9, (5, 25)),
        ] {
            assert_eq!(bands_for(t, 128), want, "threshold {t}");
        }
    }
}
