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

mod diff;
mod exact;
mod groups;
mod minhash;
mod near;
mod partial;
mod shingles;
mod short;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::normalize::Normalizer;

use near::Near;

pub(crate) use shingles::intersection;

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
    /// Number of input texts (copies folded before counted: see
    /// [`find_counted`](DedupParams::find_counted)).
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

    pub(crate) fn check(&self) -> Result<()> {
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
        self.find_counted(texts, None)
    }

    /// [`find`](Self::find) for texts that each stand for `counts[i]` identical texts
    /// (exact copies folded while reading, [`Opinion::copies`](crate::Opinion::copies)):
    /// the groups are those of the texts unfolded, each group's `size` counting every copy
    /// and its `members` naming each text once.
    ///
    /// # Errors
    /// As [`find`](Self::find); `counts` of another length than `texts` is an invalid
    /// parameter.
    pub fn find_counted<S: AsRef<str> + Sync>(
        &self,
        texts: &[S],
        counts: Option<&[u32]>,
    ) -> Result<Duplicates> {
        self.check()?;
        if let Some(c) = counts
            && c.len() != texts.len()
        {
            return Err(Error::invalid_parameter(
                "counts",
                format!("{} counts for {} texts", c.len(), texts.len()),
            ));
        }
        let exact = self.exact(texts, counts);
        let Near {
            sets,
            mut joins,
            bands,
        } = self.near(&exact);
        if let Some(min_ratio) = self.short_similarity {
            self.join_short(&exact, &mut joins, min_ratio);
        }
        let attached_by = self.join_partial(texts, &exact, &sets, &mut joins);
        let (groups, group_of) =
            self.groups(texts.len(), counts, &exact, &sets, &mut joins, &attached_by);
        Ok(Duplicates {
            groups,
            group_of,
            texts: counts.map_or(texts.len(), |c| c.iter().map(|&n| n.max(1) as usize).sum()),
            distinct: exact.first.len(),
            empty: exact.empty,
            candidates: joins.candidates,
            verified: joins.verified,
            params: self.clone(),
            bands,
        })
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

#[cfg(test)]
fn median(sorted: &[f64]) -> f64 {
    match sorted.len() {
        0 => 1.0,
        n if n % 2 == 1 => sorted[n / 2],
        n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
    }
}
