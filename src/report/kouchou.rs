//! kouchou-ai (広聴AI): a [`Report`] → the files its public viewer and its pipeline read.
//!
//! - `hierarchical_result.json`, in the shape of kouchou-ai's `hierarchical_aggregation`
//!   step and its viewer's types: one *argument* per distinct text (copies counted in its
//!   attributes, so the map shows each voice once), the root cluster `"0"` (全体), the
//!   coarse level (`1_1`, `1_2`, … from [`Report::cluster_groups`]) and iken's clusters as
//!   the finer level (`2_0`, `2_1`, … : `2_c` is iken's cluster `c`). Opinions in no cluster
//!   go to a cluster of their own on each level, labelled どこにも属さない意見. Labels are
//!   keywords; takeaways and the overview are written from the counts, keywords,
//!   representative opinions and reply classes (no language model), so the same report
//!   gives the same file.
//! - `comments.csv`, the input kouchou-ai's own pipeline takes: one row per distinct text
//!   with its number of copies, so that its language model reads each voice once.
//!
//! Both number the distinct texts by their first row in the report (1, 2, …): the viewer's
//! `comment_id` is a number. iken's own id goes into the attributes.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::{Value, json};

use super::html::excerpt;
use crate::analysis::Report;
use crate::boilerplate::ReplyClass;
use crate::error::{Error, Result};

/// The files [`write_kouchou`] wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KouchouFiles {
    /// `kouchou/hierarchical_result.json`.
    pub hierarchical_result: PathBuf,
    /// `kouchou/comments.csv`.
    pub comments: PathBuf,
}

/// Writes `dir/kouchou/hierarchical_result.json` and `dir/kouchou/comments.csv` (the
/// folder created if missing); `title` becomes the viewer's question.
///
/// # Errors
/// A file cannot be written (with its path).
pub fn write_kouchou(report: &Report, dir: &Path, title: &str) -> Result<KouchouFiles> {
    let out = dir.join("kouchou");
    std::fs::create_dir_all(&out).map_err(|e| Error::io(&out, e))?;
    let files = KouchouFiles {
        hierarchical_result: out.join("hierarchical_result.json"),
        comments: out.join("comments.csv"),
    };
    let voices = voices(report);
    let result = hierarchical_result(report, &voices, title);
    super::write(&files.hierarchical_result, |w| {
        serde_json::to_writer_pretty(w, &result).map_err(std::io::Error::from)
    })?;
    super::write(&files.comments, |w| {
        let mut csv = csv::Writer::from_writer(w);
        csv.write_record([
            "comment-id",
            "comment-body",
            "attribute_件数",
            "attribute_重複グループ",
        ])?;
        for v in &voices {
            csv.write_record([
                v.number.to_string(),
                report.opinions[v.row].text.clone(),
                v.count.to_string(),
                group_name(report.opinions[v.row].duplicate_group),
            ])?;
        }
        csv.flush()
    })?;
    Ok(files)
}

/// One distinct text: its first row, its number (that row's position, from 1) and the
/// opinions it stands for.
struct Voice {
    row: usize,
    number: usize,
    count: u64,
}

fn voices(report: &Report) -> Vec<Voice> {
    let mut first: HashMap<&str, usize> = HashMap::new();
    let mut voices: Vec<Voice> = Vec::new();
    for (i, o) in report.opinions.iter().enumerate() {
        let copies = u64::from(o.copies.max(1));
        match first.get(o.text.as_str()) {
            Some(&v) => voices[v].count += copies,
            None => {
                first.insert(&o.text, voices.len());
                voices.push(Voice {
                    row: i,
                    number: i + 1,
                    count: copies,
                });
            }
        }
    }
    voices
}

fn group_name(group: Option<usize>) -> String {
    group.map_or_else(String::new, |g| g.to_string())
}

/// Reply classes in the words of a Japanese table.
fn class_ja(class: ReplyClass) -> &'static str {
    match class {
        ReplyClass::Revised => "修正・反映",
        ReplyClass::Deferred => "今後の検討",
        ReplyClass::Explained => "説明",
        ReplyClass::Declined => "不採用",
        ReplyClass::Noted => "参考・ご意見として",
        ReplyClass::Unclassified => "分類できない回答",
    }
}

#[derive(Serialize)]
struct Cluster {
    level: u32,
    id: String,
    label: String,
    takeaway: String,
    value: usize,
    parent: String,
    density_rank_percentile: f64,
}

/// Where an argument sits: its coarse and fine cluster ids (`None`: the unclustered).
fn path_of(report: &Report, row: usize) -> Option<(usize, usize)> {
    report.opinions[row]
        .cluster
        .map(|c| (report.clusters[c].group, c))
}

fn hierarchical_result(report: &Report, voices: &[Voice], title: &str) -> Value {
    let groups = report.cluster_groups.len();
    let fine = report.clusters.len();
    let lone = voices.iter().any(|v| path_of(report, v.row).is_none());
    // Ids: level 1 counts from 1, level 2 from 0, as kouchou-ai numbers them; the
    // unclustered take the next number on each level.
    let coarse_id = |g: Option<usize>| format!("1_{}", g.map_or(groups, |g| g) + 1);
    let fine_id = |c: Option<usize>| format!("2_{}", c.unwrap_or(fine));

    // The map puts opinions without a counted term nowhere: a corner just outside it.
    let xy = |row: usize| report.opinions[row].map.unwrap_or((-1.1, -1.1));
    let has_sections = report.opinions.iter().any(|o| o.section.is_some());
    let has_replies = report.replies.is_some();
    let arguments: Vec<Value> = voices
        .iter()
        .map(|v| {
            let o = &report.opinions[v.row];
            let path = path_of(report, v.row);
            let (x, y) = xy(v.row);
            let mut attributes = serde_json::Map::new();
            attributes.insert("iken_id".into(), json!(o.id));
            attributes.insert("件数".into(), json!(v.count));
            attributes.insert("重複グループ".into(), json!(group_name(o.duplicate_group)));
            if has_sections {
                attributes.insert("項目".into(), json!(o.section.clone().unwrap_or_default()));
            }
            if has_replies {
                attributes.insert(
                    "回答の分類".into(),
                    json!(o.reply_class.map_or("", class_ja)),
                );
            }
            json!({
                "arg_id": format!("A{}_0", v.number),
                "argument": o.text,
                "comment_id": v.number,
                "x": x,
                "y": y,
                "p": 0,
                "cluster_ids": ["0".to_owned(), coarse_id(path.map(|p| p.0)), fine_id(path.map(|p| p.1))],
                "attributes": attributes,
                "url": Value::Null,
            })
        })
        .collect();

    // Members per cluster, for values and densities.
    let mut coarse_members: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let mut fine_members: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (a, v) in voices.iter().enumerate() {
        let path = path_of(report, v.row);
        coarse_members
            .entry(coarse_id(path.map(|p| p.0)))
            .or_default()
            .push(a);
        fine_members
            .entry(fine_id(path.map(|p| p.1)))
            .or_default()
            .push(a);
    }
    let density = |members: &[usize]| {
        let points: Vec<(f64, f64)> = members.iter().map(|&a| xy(voices[a].row)).collect();
        let n = points.len() as f64;
        let (cx, cy) = points
            .iter()
            .fold((0.0, 0.0), |s, p| (s.0 + p.0 / n, s.1 + p.1 / n));
        let spread = points
            .iter()
            .map(|p| ((p.0 - cx).powi(2) + (p.1 - cy).powi(2)).sqrt())
            .sum::<f64>()
            / n;
        1.0 / (spread + 1e-10)
    };

    let mut clusters = vec![Cluster {
        level: 0,
        id: "0".into(),
        label: "全体".into(),
        takeaway: String::new(),
        value: voices.len(),
        parent: String::new(),
        density_rank_percentile: 0.0,
    }];
    let mut level1: Vec<Cluster> = report
        .cluster_groups
        .iter()
        .map(|g| Cluster {
            level: 1,
            id: coarse_id(Some(g.id)),
            label: join_keywords(&g.keywords, 4),
            takeaway: group_takeaway(report, g.id),
            value: 0,
            parent: "0".into(),
            density_rank_percentile: 0.0,
        })
        .collect();
    let rows: HashMap<&str, usize> = report
        .opinions
        .iter()
        .enumerate()
        .map(|(i, o)| (o.id.as_str(), i))
        .collect();
    let mut level2: Vec<Cluster> = report
        .clusters
        .iter()
        .map(|c| Cluster {
            level: 2,
            id: fine_id(Some(c.id)),
            label: join_keywords(&c.keywords, 4),
            takeaway: cluster_takeaway(report, &rows, c.id),
            value: 0,
            parent: coarse_id(Some(c.group)),
            density_rank_percentile: 0.0,
        })
        .collect();
    if lone {
        let count = report.summary.unclustered;
        let takeaway = format!(
            "どのクラスターにも十分に近くない意見 {count} 件。一件ずつ読む必要があります。"
        );
        level1.push(Cluster {
            level: 1,
            id: coarse_id(None),
            label: "どこにも属さない意見".into(),
            takeaway: takeaway.clone(),
            value: 0,
            parent: "0".into(),
            density_rank_percentile: 0.0,
        });
        level2.push(Cluster {
            level: 2,
            id: fine_id(None),
            label: "どこにも属さない意見".into(),
            takeaway,
            value: 0,
            parent: coarse_id(None),
            density_rank_percentile: 0.0,
        });
    }
    for (level, members) in [(&mut level1, &coarse_members), (&mut level2, &fine_members)] {
        level.retain(|c| members.contains_key(&c.id));
        for c in level.iter_mut() {
            c.value = members[&c.id].len();
        }
        // Densest first, ties to the order of the clusters; rank over the level's count.
        let densities: Vec<f64> = level.iter().map(|c| density(&members[&c.id])).collect();
        let mut order: Vec<usize> = (0..level.len()).collect();
        order.sort_by(|&a, &b| densities[b].total_cmp(&densities[a]).then(a.cmp(&b)));
        let n = level.len() as f64;
        for (rank, &c) in order.iter().enumerate() {
            level[c].density_rank_percentile = (rank + 1) as f64 / n;
        }
    }
    let cluster_nums = [level1.len(), level2.len()];
    clusters.extend(level1);
    clusters.extend(level2);
    json!({
        "arguments": arguments,
        "clusters": clusters,
        "comments": {},
        "propertyMap": {},
        "translations": {},
        "overview": overview(report, voices.len()),
        "config": {
            "name": title,
            "input": title,
            "question": title,
            "intro": format!(
                "iken {} による分析 (言語モデルなし、seed {})。同じ本文の意見は一つにまとめ、件数を属性に示しています。",
                env!("CARGO_PKG_VERSION"),
                report.analysis.seed
            ),
            "model": "",
            "is_embedded_at_local": true,
            "enable_source_link": false,
            "hierarchical_clustering": { "cluster_nums": cluster_nums },
            "plan": [],
        },
        "comment_num": report.summary.opinions,
    })
}

fn join_keywords(keywords: &[(String, f64)], n: usize) -> String {
    let words: Vec<&str> = keywords.iter().take(n).map(|(t, _)| t.as_str()).collect();
    if words.is_empty() {
        "(キーワードなし)".to_owned()
    } else {
        words.join("・")
    }
}

/// "revised 3, noted 5" in Japanese, most frequent first.
fn classes_said(counts: &BTreeMap<ReplyClass, usize>) -> String {
    let mut counts: Vec<(&ReplyClass, &usize)> = counts.iter().collect();
    counts.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    counts
        .iter()
        .map(|(c, n)| format!("{} {n} 件", class_ja(**c)))
        .collect::<Vec<_>>()
        .join("、")
}

fn cluster_takeaway(report: &Report, rows: &HashMap<&str, usize>, c: usize) -> String {
    let cluster = &report.clusters[c];
    let mut t = format!("{} 件の意見", cluster.size);
    if cluster.size > cluster.distinct {
        let _ = write!(t, " (同文・類似文をまとめると {} 件)", cluster.distinct);
    }
    let _ = write!(t, "。キーワード: {}。", join_keywords(&cluster.keywords, 8));
    if let Some(&row) = cluster
        .representatives
        .first()
        .and_then(|id| rows.get(id.as_str()))
    {
        let _ = write!(
            t,
            "代表的な意見: 「{}」。",
            excerpt(&report.opinions[row].text, 120)
        );
    }
    if !cluster.reply_classes.is_empty() {
        let _ = write!(t, "回答: {}。", classes_said(&cluster.reply_classes));
    }
    t
}

fn group_takeaway(report: &Report, g: usize) -> String {
    let group = &report.cluster_groups[g];
    let mut t = format!(
        "{} 個のクラスター、{} 件の意見。",
        group.clusters.len(),
        group.size
    );
    for &c in &group.clusters {
        let cluster = &report.clusters[c];
        let _ = write!(
            t,
            " #{} {} ({} 件)。",
            c,
            join_keywords(&cluster.keywords, 3),
            cluster.size
        );
    }
    let mut classes: BTreeMap<ReplyClass, usize> = BTreeMap::new();
    for &c in &group.clusters {
        for (class, n) in &report.clusters[c].reply_classes {
            *classes.entry(*class).or_default() += n;
        }
    }
    if !classes.is_empty() {
        let _ = write!(t, " 回答: {}。", classes_said(&classes));
    }
    t
}

fn overview(report: &Report, distinct_texts: usize) -> String {
    let s = &report.summary;
    let mut t = format!("{} 件の意見 (異なる本文 {} 件)", s.opinions, distinct_texts);
    if s.campaigns > 0 {
        let _ = write!(
            t,
            "。同文・類似文の組が {} 組あり、計 {} 件",
            s.campaigns, s.opinions_in_copies
        );
    }
    t.push('。');
    if report.clusters.is_empty() {
        t.push_str("クラスターはできませんでした。");
    } else {
        let _ = write!(
            t,
            "{} 個のクラスターを {} のテーマにまとめました:",
            report.clusters.len(),
            report.cluster_groups.len()
        );
        for g in &report.cluster_groups {
            let _ = write!(t, " {} ({} 件)", join_keywords(&g.keywords, 3), g.size);
        }
        t.push('。');
        if s.unclustered > 0 {
            let _ = write!(t, "どこにも属さない意見 {} 件。", s.unclustered);
        }
    }
    if s.replies > 0 {
        let _ = write!(
            t,
            "回答 {} 件のうち {} 件 ({:.0} %) は定型文のみ。",
            s.replies,
            s.boilerplate_only_replies,
            100.0 * s.boilerplate_only_share
        );
    }
    t
}
