//! The copies stage: texts → groups of copies → the units clustering sees (one per group
//! of copies, one per other opinion), and [`Copies`], the stage's result with ids.

use serde::{Deserialize, Serialize};

use super::{Analysis, CopyGroup};
use crate::consultation::Consultation;
use crate::dedup::{DedupParams, Duplicates, Measure};
use crate::error::Result;
use crate::read::Folded;

/// What clustering sees: each group of copies as its representative, every other opinion
/// as itself, in input order of their first opinion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Units {
    /// Each unit's opinion (the representative of a group of copies).
    pub(crate) opinion: Vec<usize>,
    /// Each opinion's unit.
    pub(crate) of_opinion: Vec<usize>,
    /// Opinions per unit.
    pub(crate) weight: Vec<usize>,
}

impl Units {
    /// The units of `n` opinions grouped as `dedup` says, opinion `i` standing for
    /// `counts[i]` opinions of the input (all 1 when `None`).
    pub(crate) fn new(dedup: &Duplicates, n: usize, counts: Option<&[u32]>) -> Units {
        let mut unit_of: Vec<usize> = vec![usize::MAX; n];
        let mut units: Vec<usize> = Vec::new();
        for g in &dedup.groups {
            let u = units.len();
            units.push(g.representative);
            for m in &g.members {
                unit_of[m.index] = u;
            }
        }
        for (i, slot) in unit_of.iter_mut().enumerate() {
            if *slot == usize::MAX {
                *slot = units.len();
                units.push(i);
            }
        }
        // Units in input order of their first opinion, so results read naturally.
        let mut order: Vec<usize> = (0..units.len()).collect();
        order.sort_by_key(|&u| units[u]);
        let mut rank = vec![0; units.len()];
        for (r, &u) in order.iter().enumerate() {
            rank[u] = r;
        }
        let opinion: Vec<usize> = order.iter().map(|&u| units[u]).collect();
        let of_opinion: Vec<usize> = unit_of.iter().map(|&u| rank[u]).collect();
        let mut weight = vec![0; opinion.len()];
        for (i, &u) in of_opinion.iter().enumerate() {
            weight[u] += counts.map_or(1, |c| c[i].max(1) as usize);
        }
        Units {
            opinion,
            of_opinion,
            weight,
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.opinion.len()
    }
}

/// The copies stage's result with opinion ids: what `iken dedup --json` prints (in a
/// [`Versioned`](super::Versioned)).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Copies {
    /// Texts compared.
    pub texts: usize,
    /// Distinct texts after normalization.
    pub distinct: usize,
    /// Opinions in some group.
    pub in_groups: usize,
    /// Empty texts (not compared).
    pub empty: Vec<String>,
    /// Candidate pairs from the LSH buckets.
    pub candidates: usize,
    /// Candidate pairs verified as copies.
    pub verified: usize,
    /// LSH bands and rows per band.
    pub bands: (usize, usize),
    /// The options used (the analysis' seed set).
    pub params: DedupParams,
    /// The groups, largest first.
    pub groups: Vec<CopyGroupDetail>,
}

/// One group of copies with how each member joined.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CopyGroupDetail {
    /// The group as `report.json` has it.
    #[serde(flatten)]
    pub group: CopyGroup,
    /// Each member's similarity to the representative and what was added or removed.
    pub details: Vec<CopyMember>,
    /// The verified pairs that joined the group.
    pub pairs: Vec<CopyPair>,
}

/// One member of a group of copies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CopyMember {
    /// The opinion.
    pub id: String,
    /// Its similarity to the representative, by `measure`.
    pub similarity: f64,
    /// How it was joined.
    pub measure: Measure,
    /// Characters it has that the representative lacks.
    pub added: usize,
    /// Characters of the representative it lacks.
    pub removed: usize,
}

/// A verified pair of copies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CopyPair {
    /// One opinion.
    pub a: String,
    /// The other.
    pub b: String,
    /// Their similarity, by `measure`.
    pub similarity: f64,
    /// What matched.
    pub measure: Measure,
}

impl Analysis {
    /// The copies stage of [`run`](Self::run) on its own: groups of copies (exact, near,
    /// short, partial, edited), with how each member joined, named by opinion id.
    ///
    /// # Errors
    /// Invalid [`dedup`](Self::dedup) options.
    pub fn run_copies(&self, consultation: &Consultation) -> Result<Copies> {
        let found = self.find_copies(consultation, folded_counts(consultation).as_deref())?;
        let opinions = &consultation.opinions;
        let id = |i: usize| opinions[i].id.clone();
        Ok(Copies {
            texts: found.texts,
            distinct: found.distinct,
            in_groups: found.groups.iter().map(|g| g.size).sum(),
            empty: found.empty.iter().map(|&i| id(i)).collect(),
            candidates: found.candidates,
            verified: found.verified,
            bands: found.bands,
            groups: found
                .groups
                .iter()
                .map(|g| CopyGroupDetail {
                    group: copy_group(g, opinions),
                    details: g
                        .members
                        .iter()
                        .map(|m| CopyMember {
                            id: id(m.index),
                            similarity: m.similarity,
                            measure: m.measure,
                            added: m.added,
                            removed: m.removed,
                        })
                        .collect(),
                    pairs: g
                        .pairs
                        .iter()
                        .map(|p| CopyPair {
                            a: id(p.a),
                            b: id(p.b),
                            similarity: p.similarity,
                            measure: p.measure,
                        })
                        .collect(),
                })
                .collect(),
            params: found.params,
        })
    }

    /// Groups of copies among the opinions, with the analysis' seed; `counts` are the copies
    /// folded while reading ([`folded_counts`]).
    pub(crate) fn find_copies(
        &self,
        consultation: &Consultation,
        counts: Option<&[u32]>,
    ) -> Result<Duplicates> {
        self.dedup
            .clone()
            .seed(self.seed)
            .find_counted(&consultation.texts(), counts)
    }
}

/// How many input opinions each opinion stands for, when copies were folded while reading.
pub(crate) fn folded_counts(consultation: &Consultation) -> Option<Vec<u32>> {
    consultation
        .opinions
        .iter()
        .any(|o| o.copies > 1)
        .then(|| consultation.copies())
}

/// A group of copies named by opinion ids (of opinions, or of their report rows).
pub(crate) fn copy_group<T: Folded>(g: &crate::dedup::DuplicateGroup, opinions: &[T]) -> CopyGroup {
    CopyGroup {
        id: g.id,
        size: g.size,
        distinct: g.distinct,
        representative: opinions[g.representative].id().to_owned(),
        text: opinions[g.representative].text().to_owned(),
        measure: g.measure,
        similarity: g.similarity,
        members: g
            .members
            .iter()
            .map(|m| opinions[m.index].id().to_owned())
            .collect(),
    }
}
