//! Scoring a result against ground truth: is this clustering right, are these duplicate
//! groups right?
//!
//! Takes two labelings of the same items (truth and prediction, any hashable label type);
//! gives the scores scikit-learn users know, with the same definitions and edge cases:
//!
//! - [`adjusted_rand_index`]: pair agreement corrected for chance; 1 is perfect, ~0 random.
//! - [`normalized_mutual_info`]: mutual information over the arithmetic mean of the two
//!   entropies (scikit-learn's default `average_method="arithmetic"`).
//! - [`v_measure`]: homogeneity, completeness and their harmonic mean (β = 1).
//! - [`pair_scores`]: for duplicate groups, precision, recall and F1 over the pairs of items
//!   put in one group, counted from the contingency table, never by listing the N² pairs.
//! - [`reply_agreement`]: an analysis of a published table against the administration's own
//!   grouping (the same substantive reply), the yardstick real consultations carry.
//!
//! All run in O(N) time with a hash map of the contingency table.
//!
//! ```
//! use iken::{adjusted_rand_index, normalized_mutual_info};
//!
//! # fn main() -> iken::Result<()> {
//! let truth = ["a", "a", "b", "b"];
//! let found = [1, 1, 0, 0];
//! assert_eq!(adjusted_rand_index(&truth, &found)?, 1.0);
//! assert_eq!(normalized_mutual_info(&truth, &found)?, 1.0);
//! # Ok(())
//! # }
//! ```

use std::collections::HashMap;
use std::hash::Hash;

use serde::{Deserialize, Serialize};

use crate::analysis::Report;
use crate::consultation::Consultation;

use crate::error::{Error, Result};

/// Homogeneity, completeness and V-measure.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct VMeasure {
    /// Each predicted cluster holds one true class (1 = yes).
    pub homogeneity: f64,
    /// Each true class is in one predicted cluster (1 = yes).
    pub completeness: f64,
    /// Their harmonic mean.
    pub v_measure: f64,
}

/// Pairwise scores of duplicate groups.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PairScores {
    /// Pairs grouped together in both.
    pub true_positives: u64,
    /// Pairs grouped together in the prediction.
    pub predicted_pairs: u64,
    /// Pairs grouped together in the truth.
    pub true_pairs: u64,
    /// Share of predicted pairs that are true (1 when nothing was predicted).
    pub precision: f64,
    /// Share of true pairs that were found (1 when there are none).
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
}

/// The contingency table of two labelings, with labels mapped to dense ids.
struct Contingency {
    n: u64,
    cells: HashMap<(u32, u32), u64>,
    rows: Vec<u64>,
    cols: Vec<u64>,
}

fn dense<L: Eq + Hash>(labels: impl Iterator<Item = L>) -> (Vec<u32>, usize) {
    let mut ids: HashMap<L, u32> = HashMap::new();
    let v = labels
        .map(|l| {
            let next = ids.len() as u32;
            *ids.entry(l).or_insert(next)
        })
        .collect();
    (v, ids.len())
}

fn contingency<A: Eq + Hash, B: Eq + Hash>(truth: &[A], pred: &[B]) -> Result<Contingency> {
    if truth.len() != pred.len() {
        return Err(Error::invalid_parameter(
            "labels",
            format!(
                "truth has {} labels and the prediction {}; they must label the same items",
                truth.len(),
                pred.len()
            ),
        ));
    }
    let (t, nt) = dense(truth.iter());
    let (p, np) = dense(pred.iter());
    let mut cells = HashMap::new();
    let mut rows = vec![0u64; nt];
    let mut cols = vec![0u64; np];
    for (&a, &b) in t.iter().zip(&p) {
        *cells.entry((a, b)).or_insert(0) += 1;
        rows[a as usize] += 1;
        cols[b as usize] += 1;
    }
    Ok(Contingency {
        n: truth.len() as u64,
        cells,
        rows,
        cols,
    })
}

fn pairs(n: u64) -> f64 {
    (n as f64) * (n as f64 - 1.0) / 2.0
}

/// Adjusted Rand index, as scikit-learn's `adjusted_rand_score`.
///
/// # Errors
/// When the two labelings have different lengths.
pub fn adjusted_rand_index<A: Eq + Hash, B: Eq + Hash>(truth: &[A], pred: &[B]) -> Result<f64> {
    let c = contingency(truth, pred)?;
    let (k_true, k_pred) = (c.rows.len() as u64, c.cols.len() as u64);
    // Both trivial the same way: one cluster each, or every item alone in both.
    if (k_true == k_pred && (k_true <= 1 || k_true == c.n)) || c.n == 0 {
        return Ok(1.0);
    }
    // Sums of whole numbers below 2^53: exact in any order.
    let index: f64 = c.cells.values().map(|&v| pairs(v)).sum();
    let sum_rows: f64 = c.rows.iter().map(|&v| pairs(v)).sum();
    let sum_cols: f64 = c.cols.iter().map(|&v| pairs(v)).sum();
    let expected = sum_rows * sum_cols / pairs(c.n);
    let max = (sum_rows + sum_cols) / 2.0;
    if max == expected {
        return Ok(0.0);
    }
    Ok((index - expected) / (max - expected))
}

/// -Σ p ln p, written term by term like `mutual_info` so the two agree to the last bit.
fn entropy(counts: &[u64], n: u64) -> f64 {
    let n = n as f64;
    counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = c as f64 / n;
            p * (p.ln() - p.ln() - p.ln())
        })
        .sum::<f64>()
}

fn mutual_info(c: &Contingency) -> f64 {
    let n = c.n as f64;
    // Summed in a fixed order (hash-map order changes between runs, and with it the
    // rounding), and with the same log terms as `entropy`, so that a labeling scored
    // against itself gives exactly 1.
    let mut cells: Vec<(&(u32, u32), &u64)> = c.cells.iter().collect();
    cells.sort_unstable();
    cells
        .into_iter()
        .map(|(&(a, b), &v)| {
            let p = v as f64 / n;
            let (pa, pb) = (c.rows[a as usize] as f64 / n, c.cols[b as usize] as f64 / n);
            p * (p.ln() - pa.ln() - pb.ln())
        })
        .sum::<f64>()
        .max(0.0)
}

/// Normalized mutual information with the arithmetic mean of the entropies, as
/// scikit-learn's `normalized_mutual_info_score` with its defaults.
///
/// # Errors
/// When the two labelings have different lengths.
pub fn normalized_mutual_info<A: Eq + Hash, B: Eq + Hash>(truth: &[A], pred: &[B]) -> Result<f64> {
    let c = contingency(truth, pred)?;
    if (c.rows.len() <= 1 && c.cols.len() <= 1) || c.n == 0 {
        return Ok(1.0);
    }
    let mi = mutual_info(&c);
    if mi == 0.0 {
        return Ok(0.0);
    }
    let h = (entropy(&c.rows, c.n) + entropy(&c.cols, c.n)) / 2.0;
    Ok((mi / h).min(1.0))
}

/// Homogeneity, completeness and V-measure (β = 1), as scikit-learn's
/// `homogeneity_completeness_v_measure`.
///
/// # Errors
/// When the two labelings have different lengths.
pub fn v_measure<A: Eq + Hash, B: Eq + Hash>(truth: &[A], pred: &[B]) -> Result<VMeasure> {
    let c = contingency(truth, pred)?;
    if c.n == 0 {
        return Ok(VMeasure {
            homogeneity: 1.0,
            completeness: 1.0,
            v_measure: 1.0,
        });
    }
    let h_true = entropy(&c.rows, c.n);
    let h_pred = entropy(&c.cols, c.n);
    let mi = mutual_info(&c);
    let homogeneity = if h_true == 0.0 { 1.0 } else { mi / h_true };
    let completeness = if h_pred == 0.0 { 1.0 } else { mi / h_pred };
    let v = if homogeneity + completeness == 0.0 {
        0.0
    } else {
        2.0 * homogeneity * completeness / (homogeneity + completeness)
    };
    Ok(VMeasure {
        homogeneity,
        completeness,
        v_measure: v,
    })
}

/// Pairwise precision, recall and F1 of duplicate groups. `None` means the item is in no
/// group (an independent comment); two items form a pair when they share a group.
///
/// # Errors
/// When the two labelings have different lengths.
pub fn pair_scores<A: Eq + Hash, B: Eq + Hash>(
    truth: &[Option<A>],
    pred: &[Option<B>],
) -> Result<PairScores> {
    let c = contingency(truth, pred)?;
    let (t, _) = dense(truth.iter());
    let (p, _) = dense(pred.iter());
    // Ids of the `None` label, if present, so that "no group" never counts as a group.
    let t_none = truth.iter().position(Option::is_none).map(|i| t[i]);
    let p_none = pred.iter().position(Option::is_none).map(|i| p[i]);
    let choose2 = |n: u64| n * n.saturating_sub(1) / 2;
    let true_positives = c
        .cells
        .iter()
        .filter(|&(&(a, b), _)| Some(a) != t_none && Some(b) != p_none)
        .map(|(_, &v)| choose2(v))
        .sum();
    let true_pairs = c
        .rows
        .iter()
        .enumerate()
        .filter(|&(a, _)| Some(a as u32) != t_none)
        .map(|(_, &v)| choose2(v))
        .sum();
    let predicted_pairs = c
        .cols
        .iter()
        .enumerate()
        .filter(|&(b, _)| Some(b as u32) != p_none)
        .map(|(_, &v)| choose2(v))
        .sum();
    let ratio = |a: u64, b: u64| if b == 0 { 1.0 } else { a as f64 / b as f64 };
    let precision = ratio(true_positives, predicted_pairs);
    let recall = ratio(true_positives, true_pairs);
    let f1 = if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    };
    Ok(PairScores {
        true_positives,
        predicted_pairs,
        true_pairs,
        precision,
        recall,
        f1,
    })
}

/// How an analysis's clusters agree with the administration's own grouping of a
/// published table, the yardstick real consultations carry.
///
/// Opinions that received the same *substantive* reply (the same text, or identical texts
/// given in several places; a boilerplate-only reply groups nothing) were judged by the
/// administration to say the same thing; opinions with no reply or a boilerplate-only one
/// are not scored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReplyAgreement {
    /// Opinions scored (those with a substantive reply).
    pub opinions: usize,
    /// Groups the administration made of them (distinct substantive replies).
    pub groups: usize,
    /// Of those groups, how many hold two opinions or more.
    pub shared_groups: usize,
    /// Clusters the scored opinions fall in.
    pub clusters: usize,
    /// Scored opinions left unclustered.
    pub unclustered: usize,
    /// Adjusted Rand index, each unclustered opinion a group of its own (as the
    /// administration answers many opinions alone).
    pub ari: f64,
    /// Normalized mutual information, unclustered opinions counted the same way.
    pub nmi: f64,
    /// Adjusted Rand index with all unclustered opinions counted as one group: the
    /// pessimistic reading.
    pub ari_unclustered_as_one: f64,
}

/// Scores `report`'s clusters against the grouping by substantive reply of the table it
/// was made from (see [`ReplyAgreement`]).
///
/// # Errors
/// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) when the report has
/// no replies or no opinion has a substantive one, or when the report is not of
/// `consultation` (a different number of opinions).
pub fn reply_agreement(consultation: &Consultation, report: &Report) -> Result<ReplyAgreement> {
    if report.opinions.len() != consultation.opinions.len() {
        return Err(Error::invalid_parameter(
            "report",
            format!(
                "it has {} opinions, the consultation {}",
                report.opinions.len(),
                consultation.opinions.len()
            ),
        ));
    }
    let replies = report.replies.as_ref().ok_or_else(|| {
        Error::invalid_parameter("report", "it has no replies to group the opinions by")
    })?;
    let by_id: HashMap<&str, &crate::boilerplate::ReplyAnalysis> =
        replies.replies.iter().map(|a| (a.id.as_str(), a)).collect();
    let mut truth = Vec::new();
    let mut alone = Vec::new();
    let mut together = Vec::new();
    for (i, o) in consultation.opinions.iter().enumerate() {
        let Some(reply) = o.reply.as_deref().and_then(|r| by_id.get(r)) else {
            continue;
        };
        if reply.boilerplate_only {
            continue;
        }
        truth.push(
            reply
                .identical
                .map_or_else(|| format!("reply {}", reply.id), |g| format!("same {g}")),
        );
        let cluster = report.opinions[i].cluster;
        alone.push(cluster.ok_or(i));
        together.push(cluster);
    }
    if truth.is_empty() {
        return Err(Error::invalid_parameter(
            "report",
            "no opinion has a substantive reply to group by",
        ));
    }
    let mut sizes: HashMap<&String, usize> = HashMap::new();
    for t in &truth {
        *sizes.entry(t).or_default() += 1;
    }
    Ok(ReplyAgreement {
        opinions: truth.len(),
        groups: sizes.len(),
        shared_groups: sizes.values().filter(|&&s| s >= 2).count(),
        clusters: together
            .iter()
            .flatten()
            .collect::<std::collections::HashSet<_>>()
            .len(),
        unclustered: together.iter().filter(|c| c.is_none()).count(),
        ari: adjusted_rand_index(&truth, &alone)?,
        nmi: normalized_mutual_info(&truth, &alone)?,
        ari_unclustered_as_one: adjusted_rand_index(&truth, &together)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (truth, prediction, ARI, NMI, homogeneity, completeness, V), the scores computed by
    /// scikit-learn 1.x (`adjusted_rand_score`, `normalized_mutual_info_score`,
    /// `homogeneity_completeness_v_measure`) on these vectors and copied here.
    #[allow(clippy::type_complexity)]
    const SKLEARN: &[(&[u32], &[u32], f64, f64, f64, f64, f64)] = &[
        (&[0, 0, 1, 1], &[0, 0, 1, 1], 1.0, 1.0, 1.0, 1.0, 1.0),
        (&[0, 0, 1, 1], &[1, 1, 0, 0], 1.0, 1.0, 1.0, 1.0, 1.0),
        (
            &[0, 0, 0, 1, 1, 1],
            &[0, 0, 1, 1, 2, 2],
            0.24242424242424243,
            0.5158037429793889,
            0.6666666666666669,
            0.420619835714305,
            0.5158037429793889,
        ),
        (
            &[0, 0, 1, 2],
            &[0, 0, 1, 1],
            0.5714285714285714,
            0.7999999999999999,
            0.6666666666666666,
            0.9999999999999999,
            0.7999999999999999,
        ),
        (&[0, 1, 2, 3], &[0, 0, 0, 0], 0.0, 0.0, 0.0, 1.0, 0.0),
        (&[0, 0, 0, 0], &[0, 0, 0, 0], 1.0, 1.0, 1.0, 1.0, 1.0),
        (
            &[0, 0, 1, 1, 2, 2, 2, 3, 3, 3, 3, 4],
            &[1, 1, 0, 0, 2, 2, 3, 3, 3, 3, 4, 4],
            0.49056603773584906,
            0.7889597693755824,
            0.8002977385854327,
            0.7779385667756012,
            0.7889597693755824,
        ),
        (
            &[0, 1, 1, 0, 2, 2, 1, 0, 2, 0, 1, 2, 2, 1, 0, 0, 1, 2, 0, 1],
            &[2, 1, 1, 0, 2, 2, 0, 0, 1, 0, 1, 2, 2, 1, 0, 2, 1, 0, 0, 1],
            0.37343358395989973,
            0.44054163459178963,
            0.44054163459178963,
            0.44054163459178963,
            0.44054163459178963,
        ),
    ];

    #[test]
    fn agrees_with_scikit_learn() {
        for &(t, p, ari, nmi, h, c, v) in SKLEARN {
            let close = |a: f64, b: f64| (a - b).abs() < 1e-9;
            assert!(
                close(adjusted_rand_index(t, p).unwrap(), ari),
                "ARI {t:?} {p:?}"
            );
            assert!(
                close(normalized_mutual_info(t, p).unwrap(), nmi),
                "NMI {t:?} {p:?}"
            );
            let vm = v_measure(t, p).unwrap();
            assert!(close(vm.homogeneity, h), "h {t:?} {p:?}");
            assert!(close(vm.completeness, c), "c {t:?} {p:?}");
            assert!(close(vm.v_measure, v), "v {t:?} {p:?}");
        }
    }

    #[test]
    fn a_labeling_against_itself_scores_exactly_one() {
        let labels: Vec<u32> = (0..5000).map(|i| (i * 7919 % 13) as u32).collect();
        for _ in 0..5 {
            assert_eq!(normalized_mutual_info(&labels, &labels).unwrap(), 1.0);
            assert_eq!(v_measure(&labels, &labels).unwrap().v_measure, 1.0);
            assert_eq!(adjusted_rand_index(&labels, &labels).unwrap(), 1.0);
        }
    }

    #[test]
    fn hand_computed_ari() {
        // truth {0,1,2}{3,4}, pred {0,1}{2,3,4}: cells {0,1}, {2}, {3,4} give 1 + 0 + 1 = 2
        // agreeing pairs; rows 3 + 1 = 4, cols 1 + 3 = 4, all pairs 10, expected
        // 4 * 4 / 10 = 1.6, max 4; ARI = (2 - 1.6) / (4 - 1.6) = 1/6.
        let ari = adjusted_rand_index(&[0, 0, 0, 1, 1], &[0, 0, 1, 1, 1]).unwrap();
        assert!((ari - 0.4 / 2.4).abs() < 1e-12);
    }

    #[test]
    fn pairs_without_listing_them() {
        // Truth: {0,1,2} and {3,4}; 5, 6 alone. Prediction: {0,1}, {2,3}, 4, 5, 6 alone.
        let truth = [Some(1), Some(1), Some(1), Some(2), Some(2), None, None];
        let pred = [Some("a"), Some("a"), Some("b"), Some("b"), None, None, None];
        let s = pair_scores(&truth, &pred).unwrap();
        assert_eq!(s.true_pairs, 3 + 1);
        assert_eq!(s.predicted_pairs, 1 + 1);
        assert_eq!(s.true_positives, 1);
        assert_eq!(s.precision, 0.5);
        assert_eq!(s.recall, 0.25);
        assert!((s.f1 - 2.0 * 0.5 * 0.25 / 0.75).abs() < 1e-12);
        // Nothing predicted, nothing true: vacuously perfect.
        let none: [Option<u8>; 3] = [None, None, None];
        assert_eq!(pair_scores(&none, &none).unwrap().f1, 1.0);
    }

    #[test]
    fn length_mismatch_is_an_error() {
        assert!(adjusted_rand_index(&[0, 1], &[0]).is_err());
    }
}
