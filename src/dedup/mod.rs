//! Deduplication: normalized text → shingles → groups of copies (form-letter campaigns).
//!
//! Takes the texts of a consultation; gives [`Duplicates`]: groups of texts that are copies
//! of one another, each with a representative, every member's measured similarity to it and
//! what it changed, and which measure joined it.
//!
//! 1. **Exact copies**: texts equal after [normalization](crate::Normalizer) with all
//!    whitespace removed, list markers at line starts (・ ① 1.), commas and sentence-final
//!    copulas (です) folded are one text from here on (hashing).
//! 2. **Near copies**: each distinct text becomes the set of its character `shingle`-grams;
//!    MinHash signatures cut into LSH bands (chosen for `threshold`, as datasketch's
//!    `MinHashLSH` does) propose candidate pairs, and each candidate is **verified** by the
//!    exact Jaccard similarity of the two shingle sets: only pairs at or above `threshold`
//!    join a group (union-find), so every reported pair is real.
//!    Optionally (`short_similarity`), texts of at most `short_chars` characters are also
//!    paired by MinHash on trigrams and verified by their character **edit** ratio: a short
//!    form letter pasted with small edits (an adverb, a greeting) keeps too few shingles.
//!    These pairs do not chain: a short text joins a *leader* it is itself close to (leaders
//!    taken most copies first), so variants of one sentence, each a few edits from the
//!    next, do not become one false campaign.
//! 3. **Partial and edited copies**: a letter cut to its first half, or followed by a
//!    long paragraph of one's own, or with a sentence dropped, another added and a name
//!    line, shares too few shingles with it for Jaccard. Groups whose texts share a whole
//!    sentence of at least `min_sentence_chars` characters are compared through their
//!    representatives, by **containment** (|A ∩ B| / min(|A|, |B|): the shorter is mostly
//!    inside the longer, and is at least `min_containment_length` of its length, so that
//!    a quoted sentence is not a copy) or, failing that, by **mutual** containment
//!    (|A ∩ B| / max(|A|, |B|): each keeps most of the other, with at least
//!    `min_mutual_sentences` whole sentences in common). Sentences are cut at line breaks
//!    and at 。!?. Each group (or lone text) joins the larger group it overlaps best, one
//!    level only (at equal size the shorter text counts as larger), so a lone text that
//!    combines two letters joins one of them rather than merging them.
//!
//! Deterministic for a seed: the same texts in the same order and options give the same
//! groups (input order decides ties, such as which of two equally copied texts
//! represents a group).
//!
//! ```
//! use iken::DedupParams;
//!
//! # fn main() -> iken::Result<()> {
//! let letter = "大阪市のDX戦略について、市民の声をもっと聞いてほしいと思います。\
//!               窓口の混雑も早く解消してください。高齢者にもわかりやすい説明をお願いします。";
//! let texts = [
//!     letter.to_owned(),
//!     "公園の遊具を新しくしてほしい。".to_owned(),
//!     letter.replace("混雑", "混雑状況"),        // a near copy
//!     format!("北区在住の山田です。{letter}"),    // the letter with a line added
//!     format!("{letter}\n"),                     // the same after normalization
//! ];
//! let found = DedupParams::default().find(&texts)?;
//! assert_eq!(found.groups.len(), 1);
//! let campaign = &found.groups[0];
//! assert_eq!(campaign.size, 4);
//! assert_eq!(found.group_of[1], None);
//! // Every member carries its measured similarity to the representative.
//! assert!(campaign.members.iter().all(|m| m.similarity >= 0.8));
//! # Ok(())
//! # }
//! ```

mod minhash;
mod shingles;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::distinct::Distinct;
use crate::error::{Error, Result};
use crate::normalize::Normalizer;
use crate::union_find::UnionFind;

use minhash::{MinHasher, band_keys, bands_for};
use shingles::{containment, copy_key, hash64, intersection, jaccard, mutual, shingles};

/// Texts before each one in an LSH bucket that it is checked against (besides the first).
const LSH_WINDOW: usize = 4;
/// Short texts: fewest key characters to be compared by edit ratio (「反対」 and 「大反対」
/// are not copies of each other), MinHash size and the trigram Jaccard its bands aim at
/// (a 40-character copy with 「です」 after each line keeps about half its trigrams).
const SHORT_MIN_CHARS: usize = 12;
const SHORT_PERMUTATIONS: usize = 64;
const SHORT_LSH_THRESHOLD: f64 = 0.4;

/// 2 × matching characters / total characters of two keys.
fn edit_ratio(a: &str, b: &str) -> f64 {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    crate::boilerplate::char_ratio(&a, &b)
}

/// Options of duplicate detection.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct DedupParams {
    /// Jaccard similarity of shingle sets at or above which two texts are copies.
    /// Default 0.8.
    pub threshold: f64,
    /// Characters per shingle. Default 5.
    pub shingle: usize,
    /// MinHash permutations. Default 128.
    pub permutations: usize,
    /// Containment at or above which a text that stands alone joins a group (partial
    /// copies); `None` turns partial copies off. Default `Some(0.85)`.
    pub containment: Option<f64>,
    /// Share of each text's shingles found in the other at or above which two texts that
    /// share a whole sentence are copies (a letter with a sentence added or dropped and a
    /// name line); `None` turns this off. Default `Some(0.6)`.
    pub mutual: Option<f64>,
    /// Whole sentences two texts must share for `mutual` to count. Default 3: an edited
    /// copy keeps most of its letter word for word, while two comments that quote one or
    /// two sentences of the plan are not copies of each other.
    pub min_mutual_sentences: usize,
    /// Shortest shared sentence (characters) that makes two texts a containment candidate.
    /// Default 20.
    pub min_sentence_chars: usize,
    /// Fewest shingles the shorter text needs for containment or mutual containment to
    /// count, so that a short remark contained in a long letter is not called a copy. Default 60 (about 60 characters).
    pub min_containment_shingles: usize,
    /// Shortest the shorter text may be, as a share of the longer, for containment to
    /// count: half a letter is a partial copy, one sentence of it is a quotation.
    /// Default 0.4.
    pub min_containment_length: f64,
    /// Longest text (characters of its comparison key) compared by edit ratio as well:
    /// short form letters. Default 150.
    pub short_chars: usize,
    /// Character edit ratio at or above which two short texts are copies; `None` turns the
    /// short-text pass off. Default `None` (off): it keeps short real campaigns whole (a
    /// bullet, 「です」 or an adverb is a large share of a 40-character letter), but it also
    /// joins short comments that quote one sentence with a few words of their own, and on
    /// the generator's consultations, whose independent comments reuse a few hundred real
    /// sentences, it costs precision (0.9992 → 0.9937 at 100k) and time (3.4 → 13 s).
    /// `Some(0.8)` for tables of short form letters.
    pub short_similarity: Option<f64>,
    /// Seed of the hash functions. Default 0.
    pub seed: u64,
    /// How texts are normalized before comparing.
    pub normalizer: Normalizer,
}

impl Default for DedupParams {
    fn default() -> Self {
        DedupParams {
            threshold: 0.8,
            shingle: 5,
            permutations: 128,
            containment: Some(0.85),
            mutual: Some(0.6),
            min_mutual_sentences: 3,
            min_sentence_chars: 20,
            min_containment_shingles: 60,
            min_containment_length: 0.4,
            short_chars: 150,
            short_similarity: None,
            seed: 0,
            normalizer: Normalizer::default(),
        }
    }
}

/// Which measure joined a text to its group.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// The same comparison key: the same text once normalized, with whitespace, list
    /// markers, commas and sentence-final copulas (です) folded.
    Exact,
    /// Jaccard similarity of shingle sets.
    Jaccard,
    /// Character edit ratio of two short texts' keys (2 × matching characters / total).
    Edit,
    /// Share of one text's shingles found in the other: the shorter's (a partial copy),
    /// or the letter's inside a longer text.
    Containment,
    /// Share of each text's shingles found in the other, the smaller of the two: a copy
    /// with a sentence added or dropped and a line of its own.
    Mutual,
}

impl std::fmt::Display for Measure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Measure::Exact => "exact",
            Measure::Jaccard => "jaccard",
            Measure::Edit => "edit",
            Measure::Containment => "containment",
            Measure::Mutual => "mutual",
        })
    }
}

/// One member of a group, compared with the representative.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DuplicateMember {
    /// Index of the text in the input.
    pub index: usize,
    /// Similarity to the representative, by `measure` (1 for exact copies).
    pub similarity: f64,
    /// How it joined: exact copy, Jaccard, containment or mutual containment.
    pub measure: Measure,
    /// Characters it has that the representative lacks (normalized text, character diff).
    pub added: usize,
    /// Characters of the representative it lacks.
    pub removed: usize,
}

/// A verified pair inside a group: the edges that built it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DuplicatePair {
    /// Input index of one text (the first of its exact copies).
    pub a: usize,
    /// Input index of the other.
    pub b: usize,
    /// Their measured similarity.
    pub similarity: f64,
    /// By which measure.
    pub measure: Measure,
}

/// Minimum and median of the members' similarity to the representative.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SimilarityRange {
    /// The least similar member.
    pub min: f64,
    /// The median member.
    pub median: f64,
}

/// A group of copies: a campaign when it is large.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DuplicateGroup {
    /// 0, 1, …: largest group first.
    pub id: usize,
    /// Number of texts in it, exact copies included.
    pub size: usize,
    /// Distinct texts in it (after normalization).
    pub distinct: usize,
    /// Index of the representative: the text with the most exact copies (then the first).
    pub representative: usize,
    /// Every member, the representative first, then in input order.
    pub members: Vec<DuplicateMember>,
    /// The members' similarity to the representative (the representative excluded).
    pub similarity: SimilarityRange,
    /// The weakest measure that joined a member, in the order `exact` (all are exact
    /// copies), `jaccard`, `containment`, `mutual`.
    pub measure: Measure,
    /// The verified pairs that joined its distinct texts.
    pub pairs: Vec<DuplicatePair>,
}

/// The result of [`DedupParams::find`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Duplicates {
    /// The groups, largest first.
    pub groups: Vec<DuplicateGroup>,
    /// The group of each input text (`None`: a copy of nothing).
    pub group_of: Vec<Option<usize>>,
    /// Texts with no letter or digit after normalization (empty, or only punctuation):
    /// never grouped.
    pub empty: Vec<usize>,
    /// Number of input texts.
    pub texts: usize,
    /// Distinct texts after normalization.
    pub distinct: usize,
    /// Candidate pairs proposed by LSH and shared sentences.
    pub candidates: usize,
    /// Candidate pairs verified at or above the thresholds.
    pub verified: usize,
    /// The options used (the LSH bands and rows chosen included).
    pub params: DedupParams,
    /// LSH bands and rows per band.
    pub bands: (usize, usize),
}

impl DedupParams {
    /// Sets the Jaccard threshold.
    pub fn threshold(mut self, t: f64) -> Self {
        self.threshold = t;
        self
    }

    /// Sets the seed.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    fn check(&self) -> Result<()> {
        let in_unit = |v: f64| v > 0.0 && v <= 1.0;
        if !in_unit(self.threshold) {
            return Err(Error::invalid_parameter(
                "threshold",
                format!("{} is not in (0, 1]; e.g. 0.8", self.threshold),
            ));
        }
        if let Some(c) = self.containment
            && !in_unit(c)
        {
            return Err(Error::invalid_parameter(
                "containment",
                format!("{c} is not in (0, 1]; e.g. 0.85"),
            ));
        }
        if let Some(m) = self.mutual
            && !in_unit(m)
        {
            return Err(Error::invalid_parameter(
                "mutual",
                format!("{m} is not in (0, 1]; e.g. 0.6"),
            ));
        }
        if let Some(r) = self.short_similarity
            && !in_unit(r)
        {
            return Err(Error::invalid_parameter(
                "short_similarity",
                format!("{r} is not in (0, 1]; e.g. 0.8"),
            ));
        }
        if self.shingle == 0 {
            return Err(Error::invalid_parameter(
                "shingle",
                "0-character shingles hold nothing; e.g. 5",
            ));
        }
        if self.permutations == 0 {
            return Err(Error::invalid_parameter(
                "permutations",
                "0 permutations give no signature; e.g. 128",
            ));
        }
        Ok(())
    }

    /// Finds the groups of copies among `texts`.
    ///
    /// # Errors
    /// Options out of range (a threshold outside (0, 1], zero shingle size or
    /// permutations).
    pub fn find<S: AsRef<str> + Sync>(&self, texts: &[S]) -> Result<Duplicates> {
        self.check()?;
        let keys: Vec<String> = texts
            .par_iter()
            .map(|t| copy_key(&self.normalizer, t.as_ref()))
            .collect();

        // 1. Exact copies: one entry per distinct key with a letter or digit.
        let Distinct {
            of: distinct_of,
            first,
            copies,
        } = Distinct::new(
            keys.iter()
                .map(|k| k.chars().any(char::is_alphanumeric).then_some(k.as_str())),
        );
        let empty: Vec<usize> = (0..keys.len())
            .filter(|&i| distinct_of[i].is_none())
            .collect();
        let n = first.len();

        // 2. Shingle sets (kept, 32 bits per shingle, for verification) and band keys.
        let (bands, rows) = bands_for(self.threshold, self.permutations);
        let hasher = MinHasher::new(self.permutations, self.seed);
        let per_text: Vec<(Vec<u32>, Vec<u64>)> = first
            .par_iter()
            .map_init(
                || vec![0u32; self.permutations],
                |signature, &i| {
                    let s = shingles(&keys[i], self.shingle);
                    hasher.signature(&s, signature);
                    let mut band = Vec::with_capacity(bands);
                    band_keys(signature, rows, &mut band);
                    (verification_set(&s), band)
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
        let mut total_candidates = candidates.len();
        let verified: Vec<(u32, u32, f64)> = candidates
            .par_iter()
            .filter_map(|&(a, b)| {
                let j = jaccard(&sets[a as usize], &sets[b as usize]);
                (j >= self.threshold).then_some((a, b, j))
            })
            .collect();
        let mut verified_count = verified.len();
        let mut uf = UnionFind::new(n);
        let mut edges: Vec<(u32, u32, f64, Measure)> = Vec::new();
        for &(a, b, j) in &verified {
            if uf.union(a as usize, b as usize) {
                edges.push((a, b, j, Measure::Jaccard));
            }
        }
        drop(verified);

        // 2b. Short texts: a bullet, a 「です」 or an adverb is a large share of a 40-character
        // letter's shingles. Texts of at most `short_chars` characters are paired by MinHash
        // on character trigrams and verified by the character edit ratio of their keys.
        let mut edit_joined = vec![false; n];
        if let Some(min_ratio) = self.short_similarity {
            let short: Vec<u32> = (0..n as u32)
                .filter(|&u| {
                    let len = keys[first[u as usize]].chars().count();
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
                        let s = shingles(&keys[first[u as usize]], 3);
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
            total_candidates += pairs.len();
            let joined: Vec<(u32, u32, f64)> = pairs
                .par_iter()
                .filter_map(|&(a, b)| {
                    let r = edit_ratio(&keys[first[a as usize]], &keys[first[b as usize]]);
                    (r >= min_ratio).then_some((a, b, r))
                })
                .collect();
            verified_count += joined.len();
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
            leaders.sort_unstable_by(|&x, &y| {
                copies[y as usize].cmp(&copies[x as usize]).then(x.cmp(&y))
            });
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

        // 3. Partial copies: groups (lone texts included) joined by containment between
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
            total_candidates += group_pairs.len();
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
                    let shared = intersection(s, l) as f64;
                    let sentences = intersection(&sentences[rs], &sentences[rl]);
                    self.partial_copy(s.len(), l.len(), shared, sentences)
                        .map(|(score, measure)| (small, large, score, measure))
                })
                .collect();
            verified_count += scored.len();
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

        // 4. Groups of at least two texts, copies counted.
        let mut members_of: FxHashMap<usize, Vec<u32>> = FxHashMap::default();
        for u in 0..n {
            members_of.entry(uf.find(u)).or_default().push(u as u32);
        }
        let mut edges_of: FxHashMap<usize, Vec<DuplicatePair>> = FxHashMap::default();
        for &(a, b, similarity, measure) in &edges {
            edges_of
                .entry(uf.find(a as usize))
                .or_default()
                .push(DuplicatePair {
                    a: first[a as usize],
                    b: first[b as usize],
                    similarity,
                    measure,
                });
        }
        let mut roots: Vec<usize> = members_of
            .iter()
            .filter(|(_, m)| m.len() > 1 || copies[m[0] as usize] > 1)
            .map(|(&r, _)| r)
            .collect();
        roots.sort_unstable_by_key(|r| members_of[r][0]);
        let docs_of = {
            let mut docs: Vec<Vec<usize>> = vec![Vec::new(); n];
            for (i, d) in distinct_of.iter().enumerate() {
                if let Some(u) = d {
                    docs[*u as usize].push(i);
                }
            }
            docs
        };
        let mut groups: Vec<DuplicateGroup> = roots
            .par_iter()
            .map(|r| {
                let distinct = &members_of[r];
                // The representative: among texts not attached by containment, the one
                // with the most copies, then the first.
                let rep = *distinct
                    .iter()
                    .filter(|&&u| attached_by[u as usize].is_none())
                    .max_by(|&&x, &&y| copies[x as usize].cmp(&copies[y as usize]).then(y.cmp(&x)))
                    .unwrap_or(&distinct[0]) as usize;
                let rep_chars: Vec<char> = keys[first[rep]].chars().collect();
                let mut members: Vec<DuplicateMember> = Vec::new();
                let mut measure = Measure::Exact;
                for &u in distinct {
                    let u = u as usize;
                    let (similarity, m, added, removed) = if u == rep {
                        (1.0, Measure::Exact, 0, 0)
                    } else {
                        let mut m = attached_by[u].unwrap_or(Measure::Jaccard);
                        let mut s = match m {
                            Measure::Containment => containment(&sets[u], &sets[rep]),
                            Measure::Mutual => mutual(&sets[u], &sets[rep]),
                            _ => jaccard(&sets[u], &sets[rep]),
                        };
                        // A short copy joined by its edit ratio is measured by it.
                        if m == Measure::Jaccard && s < self.threshold && edit_joined[u] {
                            m = Measure::Edit;
                            s = edit_ratio(&keys[first[u]], &keys[first[rep]]);
                        }
                        let (added, removed) = char_diff(&rep_chars, &keys[first[u]]);
                        (s, m, added, removed)
                    };
                    measure = measure.max(m);
                    for &i in &docs_of[u] {
                        let exact_copy = u == rep;
                        members.push(DuplicateMember {
                            index: i,
                            similarity,
                            measure: if exact_copy { Measure::Exact } else { m },
                            added,
                            removed,
                        });
                    }
                }
                let rep_index = first[rep];
                members.sort_by_key(|m| (m.index != rep_index, m.index));
                let mut others: Vec<f64> = members[1..].iter().map(|m| m.similarity).collect();
                others.sort_by(f64::total_cmp);
                let similarity = SimilarityRange {
                    min: others.first().copied().unwrap_or(1.0),
                    median: median(&others),
                };
                let mut pairs = edges_of.get(r).cloned().unwrap_or_default();
                pairs.sort_by_key(|p| (p.a.min(p.b), p.a.max(p.b)));
                DuplicateGroup {
                    id: 0,
                    size: members.len(),
                    distinct: distinct.len(),
                    representative: rep_index,
                    members,
                    similarity,
                    measure,
                    pairs,
                }
            })
            .collect();
        groups.sort_by(|a, b| {
            b.size
                .cmp(&a.size)
                .then(a.representative.cmp(&b.representative))
        });
        let mut group_of = vec![None; texts.len()];
        for (id, g) in groups.iter_mut().enumerate() {
            g.id = id;
            for m in &g.members {
                group_of[m.index] = Some(id);
            }
        }
        Ok(Duplicates {
            groups,
            group_of,
            empty,
            texts: texts.len(),
            distinct: n,
            candidates: total_candidates,
            verified: verified_count,
            params: self.clone(),
            bands: (bands, rows),
        })
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

    /// The hashes of a text's sentences of at least `min_sentence_chars` characters,
    /// sorted: cut at line breaks and at 。!?. after normalization (which makes ！？．
    /// of them), whitespace removed. `key` is the text's comparison key.
    fn sentence_hashes(&self, text: &str) -> Vec<u64> {
        let mut hashes: Vec<u64> = Vec::new();
        let mut add = |normalized: &str| {
            for s in normalized.split(['。', '!', '?', '.']) {
                let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
                if s.chars().count() >= self.min_sentence_chars {
                    hashes.push(hash64(s.as_bytes()));
                }
            }
        };
        // Normalization folds line breaks away, so each line is normalized alone.
        text.lines()
            .for_each(|line| add(&self.normalizer.normalize(line)));
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

/// Candidate pairs from LSH band keys (one list per text): within each band, every text
/// sharing a key is paired with the bucket's first text and a few before it.
fn band_candidates(keys_per_text: &[Vec<u64>], bands: usize) -> Vec<(u32, u32)> {
    let mut candidates = Vec::new();
    for band in 0..bands {
        let mut bucket: Vec<(u64, u32)> = keys_per_text
            .iter()
            .enumerate()
            .map(|(u, k)| (k[band], u as u32))
            .collect();
        bucket.par_sort_unstable();
        bucket_pairs(&bucket, LSH_WINDOW, &mut candidates);
    }
    candidates
}

/// The 32-bit form of a shingle set that pairs are verified on: sorted, distinct.
fn verification_set(shingles: &[u64]) -> Vec<u32> {
    let mut set: Vec<u32> = shingles.iter().map(|&h| (h >> 32) as u32).collect();
    set.sort_unstable();
    set.dedup();
    set
}

pub(crate) use shingles::key as comparison_key;

/// For runs of equal keys in a sorted (key, text) list: each text paired with the run's
/// first text and with up to `window` texts just before it. Linear in the run's length
/// (a run of 10,000 copies costs at most 10,000 × (window + 1) checks, not 50 million), and
/// the window finds a verified partner for a copy that is too far from the first.
fn bucket_pairs(bucket: &[(u64, u32)], window: usize, out: &mut Vec<(u32, u32)>) {
    let mut start = 0;
    for i in 1..=bucket.len() {
        if i == bucket.len() || bucket[i].0 != bucket[start].0 {
            let hub = bucket[start].1;
            for j in start + 1..i {
                let u = bucket[j].1;
                out.push((hub, u));
                let before = j.saturating_sub(window).max(start + 1);
                out.extend(bucket[before..j].iter().map(|&(_, v)| (v, u)));
            }
            start = i;
        }
    }
}

/// Characters added and removed going from `from` to `to` (Myers diff on characters).
fn char_diff(from: &[char], to: &str) -> (usize, usize) {
    let to: Vec<char> = to.chars().collect();
    let mut added = 0;
    let mut removed = 0;
    for op in similar::capture_diff_slices(similar::Algorithm::Myers, from, &to) {
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

fn median(sorted: &[f64]) -> f64 {
    match sorted.len() {
        0 => 1.0,
        n if n % 2 == 1 => sorted[n / 2],
        n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_counts_characters() {
        let from: Vec<char> = "山田です。賛成します。".chars().collect();
        assert_eq!(char_diff(&from, "田中です。賛成します。"), (1, 1));
        assert_eq!(char_diff(&from, "山田です。"), (0, 6));
    }
}
