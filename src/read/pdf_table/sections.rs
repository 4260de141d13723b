//! Phase 5, sections: each opinion's section from the heading labels of its page and the
//! one before, anchored where an opinion or its reply names a label.

use std::collections::HashSet;

use super::roles::Item;
use crate::consultation::Consultation;
use crate::normalize::Normalizer;
use crate::wording::{content_bigrams, dice};

/// Gives each opinion a section: per page, a monotone walk through the previous page's
/// last section and this page's labels, anchored where the text names a label.
pub(super) fn assign_sections(
    consultation: &mut Consultation,
    items: &[Item<'_>],
    opinion_items: &[usize],
    heading_groups: &[Vec<String>],
    trailing_labels: bool,
    reasons: &mut [String],
) {
    let pages = items.last().map_or(0, |i| i.page + 1);
    let label_keys: Vec<Vec<Label>> = (0..pages)
        .map(|p| {
            let group = if trailing_labels {
                heading_groups.get(p + 1)
            } else {
                heading_groups.get(p)
            };
            let mut labels: Vec<String> = group.cloned().unwrap_or_default();
            sort_by_numbers(&mut labels);
            labels
                .into_iter()
                .map(|l| {
                    let key = label_key(&l);
                    let grams = content_bigrams(&key, true);
                    (l, key, grams)
                })
                .collect()
        })
        .collect();
    // Bigrams shared by several labels (「のRe-Design」) say nothing about which one.
    let mut seen: HashSet<(char, char)> = HashSet::new();
    let mut common: HashSet<(char, char)> = HashSet::new();
    for (_, _, g) in label_keys.iter().flatten() {
        for b in g {
            if !seen.insert(*b) {
                common.insert(*b);
            }
        }
    }

    let mut carry: Option<String> = None;
    for (page, labels) in label_keys.iter().enumerate() {
        let members: Vec<usize> = opinion_items
            .iter()
            .enumerate()
            .filter(|(_, i)| items[**i].page == page)
            .map(|(o, _)| o)
            .collect();
        if members.is_empty() {
            continue;
        }
        // Candidates: index 0 is the carried section (if any), then the labels.
        let mut candidates: Vec<Option<&Label>> = vec![None];
        candidates.extend(labels.iter().map(Some));
        let texts: Vec<String> = members
            .iter()
            .map(|&o| {
                let op = &consultation.opinions[o];
                let reply = consultation.reply_of(op).map_or("", |r| r.text.as_str());
                format!("{}\n{}", op.text, reply)
            })
            .collect();
        // Normalized texts and their bigrams, once per opinion; label bigrams without
        // the ones several labels share, once per label.
        let norm = Normalizer::default().lowercase(true);
        let norm_texts: Vec<String> = texts.iter().map(|t| norm.normalize(t)).collect();
        let text_grams: Vec<HashSet<(char, char)>> =
            texts.iter().map(|t| content_bigrams(t, true)).collect();
        let label_grams: Vec<Option<(String, Bigrams)>> = candidates
            .iter()
            .map(|c| {
                c.map(|(_, key, grams)| {
                    (
                        norm.normalize(key),
                        grams.difference(&common).copied().collect(),
                    )
                })
            })
            .collect();
        let score = |m: usize, k: usize| -> (f64, bool) {
            match &label_grams[k] {
                None => (0.0, false),
                Some((key, distinct)) => {
                    if !key.is_empty() && norm_texts[m].contains(key.as_str()) {
                        (3.0, true)
                    } else {
                        (dice(distinct, &text_grams[m]), false)
                    }
                }
            }
        };
        let k_max = candidates.len();
        // best[m][k]: best total for members[..=m] with member m in candidate k.
        let mut best = vec![vec![f64::NEG_INFINITY; k_max]; members.len()];
        let mut from = vec![vec![0usize; k_max]; members.len()];
        for m in 0..members.len() {
            for k in 0..k_max {
                if k == 0 && carry.is_none() && k_max > 1 {
                    continue;
                }
                let (s, _) = score(m, k);
                if m == 0 {
                    best[m][k] = s + if k > 0 { 0.5 } else { 0.0 };
                    continue;
                }
                for prev in 0..=k {
                    let entering = if prev < k { 0.5 } else { 0.0 };
                    let v = best[m - 1][prev] + s + entering;
                    if v > best[m][k] {
                        best[m][k] = v;
                        from[m][k] = prev;
                    }
                }
            }
        }
        let last = members.len() - 1;
        let mut k = (0..k_max)
            .max_by(|&a, &b| best[last][a].total_cmp(&best[last][b]).then(b.cmp(&a)))
            .unwrap_or(0);
        let mut path = vec![0; members.len()];
        for m in (0..members.len()).rev() {
            path[m] = k;
            k = from[m][k];
        }
        for (m, &o) in members.iter().enumerate() {
            let k = path[m];
            let (section, why) = match candidates[k] {
                None => (
                    carry.clone(),
                    "continues the previous page's section".to_owned(),
                ),
                Some((label, key, _)) => {
                    let (_, anchored) = score(m, k);
                    let why = if anchored {
                        format!("its text names 「{key}」")
                    } else {
                        format!("in order among this page's labels ({})", labels.len())
                    };
                    (Some(label.clone()), why)
                }
            };
            if let Some(s) = &section {
                reasons[o] = format!("{}; section 「{s}」: {why}", reasons[o]);
            }
            consultation.opinions[o].section = section;
        }
        if let Some(o) = members.last() {
            carry = consultation.opinions[*o].section.clone();
        }
    }
}

/// A set of character bigrams.
type Bigrams = HashSet<(char, char)>;

/// A section label, its distinctive key and the key's bigrams.
type Label = (String, String, HashSet<(char, char)>);

/// The distinctive part of a section label: after the last dash, without the chapter
/// number and 「VALUE 01」-style numbering: 「あんしんのRe-Design」, 「STRATEGY00」.
pub(super) fn label_key(label: &str) -> String {
    let n = Normalizer::default().normalize(label);
    let tail = n.rsplit(" - ").next().unwrap_or(&n).trim();
    let mut words: Vec<&str> = tail.split(' ').collect();
    // Drop a leading chapter number ("03") and a "VALUE 01" pair.
    if words.len() > 1 && words[0].chars().all(|c| c.is_ascii_digit()) {
        words.remove(0);
    }
    if words.len() > 2 && words[0].eq_ignore_ascii_case("VALUE") {
        words.drain(..2);
    }
    words.join(" ")
}

/// Sorts labels by the numbers in them (「03 … VALUE 02」 before 「03 … VALUE 04」, 「03 …」
/// before 「04 …」) when every label has one; printed order is kept otherwise.
pub(super) fn sort_by_numbers(labels: &mut [String]) {
    let numbers = |s: &str| -> Vec<u32> {
        let n = Normalizer::default().normalize(s);
        n.split(|c: char| !c.is_ascii_digit())
            .filter(|d| !d.is_empty())
            .filter_map(|d| d.parse().ok())
            .collect()
    };
    if labels.iter().all(|l| !numbers(l).is_empty()) {
        labels.sort_by_key(|l| numbers(l));
    }
}
