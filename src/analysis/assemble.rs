//! Assembly: the stages' results → one row per opinion, clusters and copies named by
//! opinion ids, and the counts of the [`Summary`].

use std::borrow::Cow;
use std::collections::BTreeMap;

use super::clusters::UnitClusters;
use super::copies::{Units, copy_group};
use super::{ClusterGroup, ClusterSummary, CopyGroup, OpinionRow, Summary};
use crate::boilerplate::{ReplyClass, ReplyReport};
use crate::consultation::{Consultation, Opinion};
use crate::dedup::Duplicates;

/// Rows, clusters, copies and counts put together from the stages.
pub(crate) struct Assembled {
    pub(crate) rows: Vec<OpinionRow>,
    pub(crate) clusters: Vec<ClusterSummary>,
    pub(crate) cluster_groups: Vec<ClusterGroup>,
    pub(crate) unclustered: Vec<String>,
    pub(crate) duplicates: Vec<CopyGroup>,
    pub(crate) summary: Summary,
}

/// Puts the stages' results together. An owned consultation gives its texts and ids to the
/// rows instead of copies of them: a million comments' texts are most of the memory.
pub(crate) fn assemble(
    consultation: Cow<'_, Consultation>,
    dedup: &Duplicates,
    units: &Units,
    clustered: &UnitClusters,
    replies: Option<&ReplyReport>,
) -> Assembled {
    let reply_info: BTreeMap<&str, (ReplyClass, f64)> = replies
        .iter()
        .flat_map(|r| {
            r.replies
                .iter()
                .map(|a| (a.id.as_str(), (a.class, a.boilerplate_share)))
        })
        .collect();
    let counts = Counts::of(&consultation);
    let row = |i: usize, o: Opinion| {
        let info = o.reply.as_deref().and_then(|r| reply_info.get(r));
        let unit = units.of_opinion[i];
        OpinionRow {
            reply_class: info.map(|x| x.0),
            boilerplate_share: info.map(|x| x.1),
            id: o.id,
            section: o.section,
            text: o.text,
            copies: o.copies.max(1),
            cluster: clustered.cluster_of[unit],
            duplicate_group: dedup.group_of[i],
            reply: o.reply,
            map: clustered.map_of[unit],
        }
    };
    let rows: Vec<OpinionRow> = match consultation {
        Cow::Owned(c) => c
            .opinions
            .into_iter()
            .enumerate()
            .map(|(i, o)| row(i, o))
            .collect(),
        Cow::Borrowed(c) => c
            .opinions
            .iter()
            .enumerate()
            .map(|(i, o)| row(i, o.clone()))
            .collect(),
    };
    let clusters = cluster_summaries(units, clustered, &rows);
    let cluster_groups = cluster_groups(&clusters);
    let unclustered: Vec<String> = rows
        .iter()
        .filter(|r| r.cluster.is_none())
        .map(|r| r.id.clone())
        .collect();
    let unclustered_opinions = rows
        .iter()
        .filter(|r| r.cluster.is_none())
        .map(|r| r.copies.max(1) as usize)
        .sum();
    let duplicates: Vec<CopyGroup> = dedup.groups.iter().map(|g| copy_group(g, &rows)).collect();
    let summary = summary(
        &counts,
        units,
        &clusters,
        unclustered_opinions,
        &duplicates,
        replies,
    );
    Assembled {
        rows,
        clusters,
        cluster_groups,
        unclustered,
        duplicates,
        summary,
    }
}

/// The coarse level, from each cluster's group: sizes summed, keywords merged.
fn cluster_groups(clusters: &[ClusterSummary]) -> Vec<ClusterGroup> {
    let count = clusters.iter().map(|c| c.group + 1).max().unwrap_or(0);
    (0..count)
        .map(|id| {
            let members: Vec<&ClusterSummary> = clusters.iter().filter(|c| c.group == id).collect();
            // Each cluster's weights taken relative to its strongest keyword, then counted by
            // its opinions: class-based TF-IDF of a small cluster runs far higher than of a
            // large one, and a theme's label should say what most of its opinions say, and
            // what several of its clusters share.
            let mut weight: BTreeMap<&str, f64> = BTreeMap::new();
            for c in &members {
                let top = c
                    .keywords
                    .first()
                    .map_or(1.0, |k| k.1)
                    .max(f64::MIN_POSITIVE);
                for (term, w) in &c.keywords {
                    *weight.entry(term.as_str()).or_default() += w / top * c.distinct as f64;
                }
            }
            let total: usize = members.iter().map(|c| c.distinct).sum();
            let mut keywords: Vec<(String, f64)> = weight
                .into_iter()
                .map(|(t, w)| (t.to_owned(), w / total.max(1) as f64))
                .collect();
            keywords.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            keywords.truncate(members.iter().map(|c| c.keywords.len()).max().unwrap_or(0));
            ClusterGroup {
                id,
                clusters: members.iter().map(|c| c.id).collect(),
                size: members.iter().map(|c| c.size).sum(),
                distinct: total,
                keywords,
            }
        })
        .collect()
}

/// What the summary counts of the consultation itself, taken before its opinions become rows.
struct Counts {
    opinions: usize,
    replies: usize,
    sections: usize,
}

impl Counts {
    fn of(consultation: &Consultation) -> Counts {
        let mut sections: Vec<&str> = consultation
            .opinions
            .iter()
            .filter_map(|o| o.section.as_deref())
            .collect();
        sections.sort_unstable();
        sections.dedup();
        Counts {
            opinions: consultation.opinions_read(),
            replies: consultation.replies.len(),
            sections: sections.len(),
        }
    }
}

/// Each cluster with its opinions (copies included), in input order, and the replies
/// they received.
fn cluster_summaries(
    units: &Units,
    clustered: &UnitClusters,
    rows: &[OpinionRow],
) -> Vec<ClusterSummary> {
    // Opinions per cluster, in input order, in one pass.
    let mut members_of: Vec<Vec<usize>> = vec![Vec::new(); clustered.clusters.len()];
    for (i, row) in rows.iter().enumerate() {
        if let Some(c) = row.cluster {
            members_of[c].push(i);
        }
    }
    clustered
        .clusters
        .iter()
        .zip(members_of)
        .map(|(c, members)| {
            let mut replies: Vec<(String, usize)> = Vec::new();
            let mut reply_classes = BTreeMap::new();
            for &i in &members {
                let copies = rows[i].copies.max(1) as usize;
                if let Some(r) = &rows[i].reply {
                    match replies.iter_mut().find(|(id, _)| id == r) {
                        Some((_, k)) => *k += copies,
                        None => replies.push((r.clone(), copies)),
                    }
                }
                if let Some(class) = rows[i].reply_class {
                    *reply_classes.entry(class).or_insert(0) += copies;
                }
            }
            replies.sort_by_key(|r| std::cmp::Reverse(r.1));
            ClusterSummary {
                id: c.id,
                group: clustered.groups[c.id],
                size: c.members.iter().map(|&u| units.weight[u]).sum(),
                distinct: c.members.len(),
                keywords: c.keywords.clone(),
                representatives: c
                    .representatives
                    .iter()
                    .map(|&u| rows[units.opinion[u]].id.clone())
                    .collect(),
                cohesion: c.cohesion,
                members: members.iter().map(|&i| rows[i].id.clone()).collect(),
                replies,
                reply_classes,
            }
        })
        .collect()
}

fn summary(
    counts: &Counts,
    units: &Units,
    clusters: &[ClusterSummary],
    unclustered: usize,
    duplicates: &[CopyGroup],
    replies: Option<&ReplyReport>,
) -> Summary {
    let boilerplate_only = replies.map_or(0, |r| r.boilerplate_only);
    Summary {
        opinions: counts.opinions,
        distinct_opinions: units.len(),
        replies: counts.replies,
        sections: counts.sections,
        campaigns: duplicates.iter().filter(|g| g.size >= 2).count(),
        campaign_size: 2,
        opinions_in_copies: duplicates.iter().map(|g| g.size).sum(),
        clusters: clusters.len(),
        unclustered,
        boilerplate_only_replies: boilerplate_only,
        boilerplate_only_share: if counts.replies == 0 {
            0.0
        } else {
            boilerplate_only as f64 / counts.replies as f64
        },
    }
}
