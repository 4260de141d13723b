//! Phase 3, partial and edited copies: groups → representatives' shared sentences →
//! pairs of groups verified by containment or mutual containment → each group joined to at
//! most one larger group (one level, no chains).

use rayon::prelude::*;

use super::exact::Exact;
use super::near::Joins;
use super::shingles::{hash64, intersection};
use super::{DedupParams, LSH_WINDOW, Measure, bucket_pairs};
use crate::normalize::{comparison_key, split_sentences};

impl DedupParams {
    /// Joins partial and edited copies; gives, per distinct text, the measure that attached
    /// its group to a larger one.
    pub(super) fn join_partial<S: AsRef<str> + Sync>(
        &self,
        texts: &[S],
        exact: &Exact,
        sets: &[Vec<u32>],
        joins: &mut Joins,
    ) -> Vec<Option<Measure>> {
        let Exact { first, copies, .. } = exact;
        let n = first.len();
        let Joins {
            uf,
            edges,
            candidates: total_candidates,
            verified: verified_count,
            ..
        } = joins;
        // Partial copies: groups (lone texts included) joined by containment between
        // their representatives. Groups are visited largest first; each joins at most one
        // larger group that has not itself joined another (one level, no chains), so a
        // text that shares a passage with two campaigns cannot pull them together.
        let jaccard_root: Vec<usize> = (0..n).map(|u| uf.find(u)).collect();
        let mut attached_by: Vec<Option<Measure>> = vec![None; n];
        if self.containment.is_some() || self.mutual.is_some() {
            // Group sizes (copies counted) and representatives (most copies, then first).
            let mut size = vec![0usize; n];
            let mut rep: Vec<usize> = (0..n).collect();
            for u in 0..n {
                let r = jaccard_root[u];
                size[r] += copies[u] as usize;
                if copies[u] > copies[rep[r]] {
                    rep[r] = u;
                }
            }
            // Larger groups first; at equal size the shorter text, so that a lone text
            // combining two letters joins one of them instead of gathering both.
            let order = |r: usize| (std::cmp::Reverse(size[r]), sets[rep[r]].len(), r);
            let mut roots: Vec<usize> = (0..n).filter(|&u| jaccard_root[u] == u).collect();
            roots.sort_unstable_by_key(|&r| order(r));
            let mut rank = vec![0u32; n];
            for (i, &r) in roots.iter().enumerate() {
                rank[r] = i as u32;
            }
            let group_of_text: Vec<u32> = (0..n).map(|u| rank[jaccard_root[u]]).collect();
            let sentences: Vec<Vec<u64>> = first
                .par_iter()
                .map(|&i| self.sentence_hashes(texts[i].as_ref()))
                .collect();
            let group_pairs: Vec<(u32, u32)> = self
                .sentence_pairs(&sentences, &group_of_text)
                .into_iter()
                .map(|(a, b)| (roots[a as usize] as u32, roots[b as usize] as u32))
                .collect();
            *total_candidates += group_pairs.len();
            let scored: Vec<(u32, u32, f64, Measure)> = group_pairs
                .par_iter()
                .filter_map(|&(ra, rb)| {
                    let (small, large) = if order(ra as usize) > order(rb as usize) {
                        (ra, rb)
                    } else {
                        (rb, ra)
                    };
                    let (rs, rl) = (rep[small as usize], rep[large as usize]);
                    let (s, l) = (&sets[rs], &sets[rl]);
                    // The most the two could share; when even that is not a copy, the
                    // sets need not be compared.
                    let most = s.len().min(l.len()) as f64;
                    let most_sentences = sentences[rs].len().min(sentences[rl].len());
                    self.partial_copy(s.len(), l.len(), most, most_sentences)?;
                    let shared = intersection(s, l) as f64;
                    let sentences = intersection(&sentences[rs], &sentences[rl]);
                    self.partial_copy(s.len(), l.len(), shared, sentences)
                        .map(|(score, measure)| (small, large, score, measure))
                })
                .collect();
            *verified_count += scored.len();
            let mut partners: Vec<Vec<(usize, f64, Measure)>> = vec![Vec::new(); n];
            for &(small, large, score, measure) in &scored {
                partners[small as usize].push((large as usize, score, measure));
            }
            let mut joined: Vec<Option<Measure>> = vec![None; n];
            for &g in &roots {
                let best = partners[g]
                    .iter()
                    .filter(|&&(h, _, _)| joined[h].is_none())
                    .max_by(|x, y| x.1.total_cmp(&y.1).then(order(y.0).cmp(&order(x.0))));
                if let Some(&(h, score, measure)) = best {
                    joined[g] = Some(measure);
                    uf.union(g, h);
                    edges.push((rep[g] as u32, rep[h] as u32, score, measure));
                }
            }
            for u in 0..n {
                attached_by[u] = joined[jaccard_root[u]];
            }
        }

        attached_by
    }

    /// Whether the representatives of two groups (`a` and `b` shingles, `shared` in
    /// common) are copies of one another; the score and the measure that says so.
    ///
    /// - `containment`: the shorter is mostly inside the longer (the first half of a
    ///   letter, or a letter followed by a paragraph of one's own), and is not so short
    ///   against the longer that it is only a quotation;
    /// - `mutual`: each keeps most of the other (a sentence added, one dropped, a name),
    ///   and they share at least `min_mutual_sentences` whole sentences: two people
    ///   quoting one sentence of the plan in short comments are not copies.
    fn partial_copy(
        &self,
        a: usize,
        b: usize,
        shared: f64,
        shared_sentences: usize,
    ) -> Option<(f64, Measure)> {
        let (short, long) = (a.min(b), a.max(b));
        if short < self.min_containment_shingles {
            return None;
        }
        if let Some(min) = self.containment {
            let c = shared / short as f64;
            if c >= min && short as f64 >= self.min_containment_length * long as f64 {
                return Some((c, Measure::Containment));
            }
        }
        let m = shared / long as f64;
        self.mutual
            .filter(|&min| m >= min && shared_sentences >= self.min_mutual_sentences)
            .map(|_| (m, Measure::Mutual))
    }

    /// The hashes of a text's sentences ([`split_sentences`]) of at least
    /// `min_sentence_chars` characters, each by its comparison key without its full stop,
    /// sorted.
    fn sentence_hashes(&self, text: &str) -> Vec<u64> {
        let mut hashes: Vec<u64> = split_sentences(text)
            .iter()
            .filter_map(|s| {
                let key = comparison_key(&self.normalizer, s.text(text));
                let key = key.trim_end_matches(['。', '!', '?', '.']);
                (key.chars().count() >= self.min_sentence_chars).then(|| hash64(key.as_bytes()))
            })
            .collect();
        hashes.sort_unstable();
        hashes.dedup();
        hashes
    }

    /// Pairs of groups (numbered largest first in `group_of_text`) whose texts share a
    /// sentence. A sentence's groups are paired with the largest of them and with the few
    /// just larger, as LSH buckets are: a copy meets its letter's group even when the
    /// first text to carry the sentence was someone quoting it.
    fn sentence_pairs(&self, sentences: &[Vec<u64>], group_of_text: &[u32]) -> Vec<(u32, u32)> {
        let mut bucket: Vec<(u64, u32)> = sentences
            .par_iter()
            .enumerate()
            .flat_map_iter(|(u, hashes)| {
                let g = group_of_text[u];
                hashes.iter().map(move |&h| (h, g))
            })
            .collect();
        bucket.par_sort_unstable();
        bucket.dedup();
        let mut pairs = Vec::new();
        bucket_pairs(&bucket, LSH_WINDOW, &mut pairs);
        pairs.par_sort_unstable();
        pairs.dedup();
        pairs
    }
}
