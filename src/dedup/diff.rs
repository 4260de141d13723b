//! Characters added and removed between a group's representative and a member: the lengths
//! of a shortest edit script, from the longest common subsequence (`|to| − LCS` added,
//! `|from| − LCS` removed).
//!
//! The LCS length comes from the bit-parallel algorithm of Allison & Dix (1986) in Hyyrö's
//! form (2004): one bit per character of the representative, one word operation per 64 of
//! them for each character of the member, whatever the number of edits. A Myers diff (the
//! `similar` crate) gives the same counts but costs O((N + M)·D): a half letter or a letter
//! with a long paragraph added made it a tenth of finding the copies. The representative's
//! match masks are built once per group.

use rustc_hash::FxHashMap;

/// The representative, ready to be compared with each member.
pub(crate) struct CharDiff {
    len: usize,
    words: usize,
    /// For each character of the representative, the positions where it occurs (one bit
    /// each, `words` words per character).
    masks: FxHashMap<char, usize>,
    bits: Vec<u64>,
}

impl CharDiff {
    pub(crate) fn new(from: &str) -> CharDiff {
        let chars: Vec<char> = from.chars().collect();
        let words = chars.len().div_ceil(64).max(1);
        let mut masks: FxHashMap<char, usize> = FxHashMap::default();
        let mut bits: Vec<u64> = Vec::new();
        for (i, &c) in chars.iter().enumerate() {
            let at = *masks.entry(c).or_insert_with(|| {
                bits.resize(bits.len() + words, 0);
                bits.len() - words
            });
            bits[at + i / 64] |= 1 << (i % 64);
        }
        CharDiff {
            len: chars.len(),
            words,
            masks,
            bits,
        }
    }

    /// (added, removed) going from the representative to `to`.
    pub(crate) fn diff(&self, to: &str) -> (usize, usize) {
        // V has a zero for each representative character matched so far; it starts all
        // ones over the representative's length.
        let mut v = vec![u64::MAX; self.words];
        let mut to_len = 0;
        for c in to.chars() {
            to_len += 1;
            let Some(&at) = self.masks.get(&c) else {
                continue;
            };
            let m = &self.bits[at..at + self.words];
            let mut carry = 0u64;
            for (w, &mw) in v.iter_mut().zip(m) {
                let u = *w & mw;
                let (sum, c1) = w.overflowing_add(u);
                let (sum, c2) = sum.overflowing_add(carry);
                carry = u64::from(c1 || c2);
                *w = sum | (*w & !u);
            }
        }
        let mut zeros = 0;
        for (i, &w) in v.iter().enumerate() {
            let valid = (self.len - i * 64).min(64);
            let mask = if valid == 64 {
                u64::MAX
            } else {
                (1u64 << valid) - 1
            };
            zeros += (!w & mask).count_ones() as usize;
        }
        let lcs = zeros;
        (to_len - lcs, self.len - lcs)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// Counts from a Myers diff, the reference.
    fn myers(from: &str, to: &str) -> (usize, usize) {
        let a: Vec<char> = from.chars().collect();
        let b: Vec<char> = to.chars().collect();
        let mut added = 0;
        let mut removed = 0;
        for op in similar::capture_diff_slices(similar::Algorithm::Myers, &a, &b) {
            match op {
                similar::DiffOp::Insert { new_len, .. } => added += new_len,
                similar::DiffOp::Delete { old_len, .. } => removed += old_len,
                similar::DiffOp::Replace {
                    old_len, new_len, ..
                } => {
                    added += new_len;
                    removed += old_len;
                }
                similar::DiffOp::Equal { .. } => {}
            }
        }
        (added, removed)
    }

    #[test]
    fn counts_what_a_copy_added_and_removed() {
        let d = CharDiff::new("山田です。賛成します。");
        assert_eq!(d.diff("田中です。賛成します。"), (1, 1));
        assert_eq!(d.diff("山田です。"), (0, 6));
        assert_eq!(d.diff("山田です。賛成します。"), (0, 0));
        assert_eq!(CharDiff::new("").diff("あ"), (1, 0));
        assert_eq!(CharDiff::new("あ").diff(""), (0, 1));
    }

    proptest! {
        /// The same counts as a Myers diff, across word boundaries (texts past 64 and 128
        /// characters) and with repeated characters.
        #[test]
        fn counts_equal_a_myers_diff(
            a in proptest::collection::vec(proptest::sample::select(vec!['あ', 'い', 'う', '。', 'x']), 0..200),
            b in proptest::collection::vec(proptest::sample::select(vec!['あ', 'い', 'う', '。', 'y']), 0..200),
        ) {
            let a: String = a.into_iter().collect();
            let b: String = b.into_iter().collect();
            prop_assert_eq!(CharDiff::new(&a).diff(&b), myers(&a, &b));
        }
    }
}
