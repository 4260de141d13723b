//! Phase 4, groups: the joined distinct texts → groups of at least two texts, copies
//! counted, each with its representative, every member's similarity to it and the pairs
//! that built it, largest first.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::diff::CharDiff;
use super::exact::Exact;
use super::near::Joins;
use super::shingles::{containment, jaccard, mutual};
use super::{
    DedupParams, DuplicateGroup, DuplicateMember, DuplicatePair, Measure, SimilarityRange,
    edit_ratio,
};

impl DedupParams {
    /// The groups, and each text's group.
    pub(super) fn groups(
        &self,
        texts: usize,
        counts: Option<&[u32]>,
        exact: &Exact,
        sets: &[Vec<u32>],
        joins: &mut Joins,
        attached_by: &[Option<Measure>],
    ) -> (Vec<DuplicateGroup>, Vec<Option<usize>>) {
        let Exact {
            keys,
            distinct_of,
            first,
            copies,
            ..
        } = exact;
        let n = first.len();
        let Joins {
            uf,
            edges,
            edit_joined,
            ..
        } = joins;
        // Groups of at least two texts, copies counted.
        let mut members_of: FxHashMap<usize, Vec<u32>> = FxHashMap::default();
        for u in 0..n {
            members_of.entry(uf.find(u)).or_default().push(u as u32);
        }
        let mut edges_of: FxHashMap<usize, Vec<DuplicatePair>> = FxHashMap::default();
        for &(a, b, similarity, measure) in edges.iter() {
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
                let rep_diff = CharDiff::new(&keys[rep]);
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
                            s = edit_ratio(&keys[u], &keys[rep]);
                        }
                        let (added, removed) = rep_diff.diff(&keys[u]);
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
                // Every other text's similarity, each copy folded while reading counted as
                // the text it stands for: the range is that of the unfolded input.
                let mut others: Vec<(f64, usize)> = members
                    .iter()
                    .enumerate()
                    .map(|(k, m)| {
                        let n = counts.map_or(1, |c| c[m.index].max(1) as usize);
                        // The representative itself (first) is not another text.
                        (m.similarity, if k == 0 { n - 1 } else { n })
                    })
                    .filter(|&(_, n)| n > 0)
                    .collect();
                others.sort_by(|a, b| a.0.total_cmp(&b.0));
                let similarity = SimilarityRange {
                    min: others.first().map_or(1.0, |o| o.0),
                    median: weighted_median(&others),
                };
                let mut pairs = edges_of.get(r).cloned().unwrap_or_default();
                pairs.sort_by_key(|p| (p.a.min(p.b), p.a.max(p.b)));
                DuplicateGroup {
                    id: 0,
                    size: match counts {
                        Some(c) => members.iter().map(|m| c[m.index].max(1) as usize).sum(),
                        None => members.len(),
                    },
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
        let mut group_of = vec![None; texts];
        for (id, g) in groups.iter_mut().enumerate() {
            g.id = id;
            for m in &g.members {
                group_of[m.index] = Some(id);
            }
        }
        (groups, group_of)
    }
}

/// The median of sorted values each repeated `n` times: that of the expanded list.
fn weighted_median(sorted: &[(f64, usize)]) -> f64 {
    let total: usize = sorted.iter().map(|o| o.1).sum();
    let nth = |k: usize| {
        let mut seen = 0;
        for &(v, n) in sorted {
            seen += n;
            if k < seen {
                return v;
            }
        }
        1.0
    };
    match total {
        0 => 1.0,
        t if t % 2 == 1 => nth(t / 2),
        t => (nth(t / 2 - 1) + nth(t / 2)) / 2.0,
    }
}

#[cfg(test)]
mod tests {
    use super::super::median;
    use super::*;

    #[test]
    fn weighted_median_is_the_median_of_the_expanded_list() {
        let cases: [&[(f64, usize)]; 4] = [
            &[],
            &[(0.5, 1)],
            &[(0.5, 2), (0.9, 1)],
            &[(0.2, 1), (0.5, 3), (0.9, 2), (1.0, 4)],
        ];
        for sorted in cases {
            let expanded: Vec<f64> = sorted
                .iter()
                .flat_map(|&(v, n)| std::iter::repeat_n(v, n))
                .collect();
            assert_eq!(weighted_median(sorted), median(&expanded), "{sorted:?}");
        }
    }
}
