//! Replies printed away from their rows, placed by content and by the section they name.
//!
//! Takes the opinions of a published table with the reply printed after each (adjacency),
//! the replies printed after another reply instead (displaced: at the end of a page, or past
//! the page's section labels), and the section labels of each page; gives, for each displaced
//! reply, the run of opinions it answers, or none.
//!
//! A reply cell that spans several rows is printed after the replies of the rows beside it,
//! so its rows were taken by the next reply down: they form a run inside a group of opinions
//! that share one adjacent reply, and that reply keeps at least the group's last opinion (the
//! one printed right before it). The run is chosen by:
//!
//! - **wording**: for each opinion, the TF-IDF cosine of its content bigrams with the
//!   displaced reply minus that with its adjacent reply, summed over the run;
//! - **section**: a reply that names its part of the plan (「サービスのRe-Designでは、」) continues
//!   that section's rows. A group whose reply names the same section, that follows a group
//!   whose reply does, or that opens a page under that section's label gains `section_weight`
//!   per opinion; a group whose reply names another section loses as much. Such a reply takes
//!   the first rows of the group (they continue the section); one that names none may take any
//!   run.
//!
//! The best run with a positive score is taken, the longest at a tie; a displaced reply whose
//! wording is that of the group's own reply (the same answer printed twice) cannot tell the
//! rows apart and takes none there. A reply with no positive run stays unlinked.

use crate::normalize::Normalizer;
use crate::wording::{bigram_tfidf, cosine};

/// What the table says about the opinions and replies, by index.
pub(super) struct Table<'a> {
    pub opinions: Vec<&'a str>,
    /// Page of each opinion.
    pub opinion_page: Vec<usize>,
    /// The reply printed after each opinion, if any.
    pub adjacent: Vec<Option<usize>>,
    pub replies: Vec<&'a str>,
    /// Page of each reply.
    pub reply_page: Vec<usize>,
    /// Section labels printed at the head of each page.
    pub page_labels: &'a [Vec<String>],
}

/// A displaced reply and the opinions it was given.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Placement {
    pub reply: usize,
    pub opinions: Vec<usize>,
    /// The adjacent reply they were taken from.
    pub from: usize,
    /// Summed wording advantage over `from`.
    pub wording: f64,
    /// The section the reply names, when that decided.
    pub section: Option<String>,
    pub score: f64,
}

/// Evidence per opinion that a run continues the section the reply names; about twice the
/// cosine two texts on one subject share in bigrams.
const SECTION_WEIGHT: f64 = 0.1;
/// A displaced reply this close to the group's own reply is the same answer again.
const SAME_ANSWER: f64 = 0.5;

/// The section a reply names at its start: the words before 「では」 in its first clause.
fn named_section(reply: &str) -> Option<String> {
    let text = squeeze(reply);
    let at = text.find("では")?;
    let head = &text[..at];
    (!head.is_empty() && head.chars().count() <= 24 && !head.contains(['、', '。', ',']))
        .then(|| head.to_owned())
}

fn squeeze(s: &str) -> String {
    Normalizer::default()
        .normalize(s)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// Groups of consecutive opinions that share one adjacent reply on one page:
/// (reply, opinions, page).
fn groups(table: &Table<'_>) -> Vec<(usize, Vec<usize>, usize)> {
    let mut out: Vec<(usize, Vec<usize>, usize)> = Vec::new();
    for (o, r) in table.adjacent.iter().enumerate() {
        let Some(r) = *r else { continue };
        let page = table.opinion_page[o];
        match out.last_mut() {
            Some((last, members, p)) if *last == r && *p == page => members.push(o),
            _ => out.push((r, vec![o], page)),
        }
    }
    out
}

/// Places each of `displaced` (in order) on a run of opinions, or on none.
pub(super) fn place(table: &Table<'_>, displaced: &[usize]) -> Vec<Placement> {
    let texts: Vec<&str> = table
        .opinions
        .iter()
        .chain(&table.replies)
        .copied()
        .collect();
    let vectors = bigram_tfidf(&texts);
    let n = table.opinions.len();
    let opinion_vec = |o: usize| &vectors[o];
    let reply_vec = |r: usize| &vectors[n + r];
    let names: Vec<Option<String>> = table.replies.iter().map(|r| named_section(r)).collect();
    let labels: Vec<Vec<String>> = table
        .page_labels
        .iter()
        .map(|l| l.iter().map(|s| squeeze(s)).collect())
        .collect();
    let groups = groups(table);
    let mut cut = vec![false; groups.len()];
    let mut out = Vec::new();
    for &d in displaced {
        let page = table.reply_page[d];
        let section = names[d].as_deref();
        // (score, group, run start, run end, wording)
        let mut best: Option<(f64, usize, usize, usize, f64)> = None;
        for (g, (r, members, p)) in groups.iter().enumerate() {
            if cut[g] || !(*p == page || *p + 1 == page) || members.len() < 2 {
                continue;
            }
            if cosine(reply_vec(d), reply_vec(*r)) >= SAME_ANSWER {
                continue;
            }
            let evidence = section.map_or(0.0, |s| {
                let named = |r: usize| names[r].as_deref() == Some(s);
                let follows = g > 0 && groups[g - 1].2 == *p && named(groups[g - 1].0);
                let opens_page = (g == 0 || groups[g - 1].2 != *p)
                    && labels
                        .get(*p)
                        .is_some_and(|l| l.iter().any(|l| l.contains(s)));
                if named(*r) || follows || opens_page {
                    SECTION_WEIGHT
                } else if names[*r].is_some() {
                    -SECTION_WEIGHT
                } else {
                    0.0
                }
            });
            let advantage: Vec<f64> = members
                .iter()
                .map(|&o| {
                    cosine(opinion_vec(o), reply_vec(d)) - cosine(opinion_vec(o), reply_vec(*r))
                })
                .collect();
            let starts = if section.is_some() {
                1
            } else {
                members.len() - 1
            };
            for a in 0..starts {
                let mut wording = 0.0;
                for b in a + 1..members.len() {
                    wording += advantage[b - 1];
                    let score = wording + evidence * (b - a) as f64;
                    let better = best.is_none_or(|(s, _, ba, bb, _)| {
                        score > s + 1e-12 || (score - s).abs() <= 1e-12 && b - a > bb - ba
                    });
                    if better {
                        best = Some((score, g, a, b, wording));
                    }
                }
            }
        }
        if let Some((score, g, a, b, wording)) = best
            && score > 0.0
        {
            cut[g] = true;
            let (from, members, _) = &groups[g];
            let evidence_named = section.is_some() && score > wording;
            out.push(Placement {
                reply: d,
                opinions: members[a..b].to_vec(),
                from: *from,
                wording,
                section: evidence_named.then(|| section.unwrap_or_default().to_owned()),
                score,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reply_names_its_section_before_では() {
        assert_eq!(
            named_section("サービスのRe-Designでは、市民等に対して…").as_deref(),
            Some("サービスのRe-Design")
        );
        assert_eq!(
            named_section("本市では、あらゆる分野で…").as_deref(),
            Some("本市")
        );
        assert_eq!(named_section("ご指摘の点について、本市では…"), None);
        assert_eq!(named_section("原案どおりとします。"), None);
    }

    #[test]
    fn a_named_section_takes_the_first_rows_after_its_block() {
        // Page 0: o0 (section A, reply r0 names A), o1–o3 printed before r1 (names B);
        // r2 names A and was printed after r1: it answers o1 and o2, o3 stays with r1.
        let labels = vec![vec!["A部".to_owned(), "B部".to_owned()]];
        let table = Table {
            opinions: vec![
                "公園の整備",
                "駐輪場の不足",
                "駐輪場の料金",
                "図書館の開館時間",
            ],
            opinion_page: vec![0; 4],
            adjacent: vec![Some(0), Some(1), Some(1), Some(1)],
            replies: vec![
                "A部では、公園を整備します。",
                "B部では、図書館の開館時間を延長します。",
                "A部では、駐輪場の整備を進めます。",
            ],
            reply_page: vec![0; 3],
            page_labels: &labels,
        };
        let placed = place(&table, &[2]);
        assert_eq!(placed.len(), 1);
        assert_eq!(placed[0].opinions, [1, 2]);
        assert_eq!(placed[0].from, 1);
        assert_eq!(placed[0].section.as_deref(), Some("A部"));
    }

    #[test]
    fn the_same_answer_twice_takes_nothing() {
        let labels = vec![Vec::new()];
        let table = Table {
            opinions: vec!["具体的な数値目標を", "具体的な施策を"],
            opinion_page: vec![0; 2],
            adjacent: vec![Some(0), Some(0)],
            replies: vec![
                "具体的な取組は別途アクションプランを策定しております。",
                "具体的な取組は別途アクションプランを策定しております。",
            ],
            reply_page: vec![0; 2],
            page_labels: &labels,
        };
        assert!(place(&table, &[1]).is_empty());
    }
}
