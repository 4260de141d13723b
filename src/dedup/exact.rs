//! Phase 1, exact copies: texts → comparison keys → one entry per distinct key.

use rayon::prelude::*;

use super::DedupParams;
use super::shingles::copy_key;
use crate::distinct::{Distinct, DistinctFolder};

/// Texts whose comparison keys are made (in parallel) before they are folded: bounds the
/// keys alive at once, so exact copies are never all held.
const ROUND: usize = 1 << 16;

/// The distinct texts: what every later phase compares.
pub(super) struct Exact {
    /// Each distinct text's comparison key.
    pub(super) keys: Vec<String>,
    /// Each text's distinct text (`None`: no letter or digit, not compared).
    pub(super) distinct_of: Vec<Option<u32>>,
    /// Each distinct text's first text.
    pub(super) first: Vec<usize>,
    /// Each distinct text's number of exact copies.
    pub(super) copies: Vec<u32>,
    /// Texts with no letter or digit.
    pub(super) empty: Vec<usize>,
}

impl DedupParams {
    /// `counts`: how many input texts each text stands for (copies folded while reading),
    /// or `None` for one each.
    pub(super) fn exact<S: AsRef<str> + Sync>(&self, texts: &[S], counts: Option<&[u32]>) -> Exact {
        // One entry per distinct key with a letter or digit.
        let mut folder = DistinctFolder::default();
        for (r, round) in texts.chunks(ROUND).enumerate() {
            let keys: Vec<String> = round
                .par_iter()
                .map(|t| copy_key(&self.normalizer, t.as_ref()))
                .collect();
            for (i, key) in keys.into_iter().enumerate() {
                let count = counts.map_or(1, |c| c[r * ROUND + i].max(1));
                folder.push(key.chars().any(char::is_alphanumeric).then_some(key), count);
            }
        }
        let (
            Distinct {
                of: distinct_of,
                first,
                copies,
            },
            keys,
        ) = folder.finish();
        let empty: Vec<usize> = (0..distinct_of.len())
            .filter(|&i| distinct_of[i].is_none())
            .collect();

        Exact {
            keys,
            distinct_of,
            first,
            copies,
            empty,
        }
    }
}
