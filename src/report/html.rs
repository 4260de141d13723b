//! `report.html`: one self-contained page, inline CSS and SVG, no network.

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::analysis::Report;
use crate::boilerplate::{NO_SECTION, ReplyAnalysis, ReplyClass, ReplyReport};

/// Most points the map draws; beyond, an even sample of opinions (said on the page).
pub const MAP_POINTS: usize = 3000;

/// Rows shown per table (copies, templates); the total is said.
pub const TABLE_ROWS: usize = 100;

/// Cluster colours (Okabe–Ito and Tableau hues, distinguishable in print); clusters beyond
/// them reuse the list.
const COLOURS: &[&str] = &[
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#8C564B", "#BCBD22",
    "#7F7F7F", "#17BECF", "#9467BD", "#F0E442", "#1F77B4", "#FF7F0E", "#2CA02C", "#D62728",
];
const NO_CLUSTER: &str = "#C8C8C8";

const CLASS_COLOURS: [(ReplyClass, &str, &str); 6] = [
    (ReplyClass::Revised, "#009E73", "修正 revised"),
    (ReplyClass::Deferred, "#E69F00", "先送り deferred"),
    (ReplyClass::Explained, "#0072B2", "説明 explained"),
    (ReplyClass::Declined, "#CC79A7", "原案どおり declined"),
    (ReplyClass::Noted, "#D55E00", "参考 noted"),
    (ReplyClass::Unclassified, "#BBBBBB", "未分類 unclassified"),
];

fn colour(cluster: Option<usize>) -> &'static str {
    cluster.map_or(NO_CLUSTER, |c| COLOURS[c % COLOURS.len()])
}

/// Text safe inside HTML elements and attribute values.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// The first `chars` characters of `s`, with … when cut (also the kouchou takeaways').
pub(super) fn excerpt(s: &str, chars: usize) -> String {
    let mut out: String = s.chars().take(chars).collect();
    if s.chars().count() > chars {
        out.push('…');
    }
    out
}

fn percent(x: f64) -> String {
    format!("{:.0} %", 100.0 * x)
}

const STYLE: &str = r#"
:root { --ink: #1d2430; --muted: #5b6473; --line: #dde2ea; --bg: #f6f8fb; }
* { box-sizing: border-box; }
body { margin: 0; font-family: "Hiragino Sans", "Noto Sans CJK JP", "Yu Gothic", Meiryo, sans-serif;
       color: var(--ink); background: var(--bg); line-height: 1.6; }
header, section, footer { max-width: 1120px; margin: 0 auto; padding: 12px 24px; }
header h1 { margin: 16px 0 0; font-size: 1.7rem; }
h1 small, h2 small { color: var(--muted); font-weight: normal; font-size: 0.75em; margin-left: 0.4em; }
h2 { font-size: 1.25rem; border-bottom: 2px solid var(--line); padding-bottom: 4px; }
.source { color: var(--muted); margin: 0; }
.stats { display: grid; grid-template-columns: repeat(auto-fill, minmax(160px, 1fr)); gap: 10px; }
.stat { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; }
.stat b { display: block; font-size: 1.6rem; }
.stat span { color: var(--muted); font-size: 0.85rem; }
.notes { color: var(--muted); }
svg { background: #fff; border: 1px solid var(--line); border-radius: 8px; max-width: 100%; height: auto; }
svg text { font-size: 12px; fill: var(--ink); }
.pt { stroke: #fff; stroke-width: 0.6; }
.pt.dim { opacity: 0.12; }
.legend span { display: inline-block; margin: 2px 10px 2px 0; font-size: 0.85rem; }
.legend i { display: inline-block; width: 11px; height: 11px; border-radius: 50%; margin-right: 4px; vertical-align: -1px; }
.themes { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 8px 14px 8px 2.2em; margin: 0; }
.themes > li { margin: 6px 0; }
.themes ul { list-style: none; padding-left: 0.6em; margin: 2px 0 6px; font-size: 0.9rem; }
.themes i { display: inline-block; width: 11px; height: 11px; border-radius: 50%; margin-right: 5px; vertical-align: -1px; }
.themes .count { color: var(--muted); font-size: 0.85rem; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(340px, 1fr)); gap: 12px; }
.card { background: #fff; border: 1px solid var(--line); border-left: 6px solid; border-radius: 8px; padding: 10px 14px; break-inside: avoid; }
.card h3 { margin: 0 0 4px; font-size: 1.05rem; }
.card .meta { color: var(--muted); font-size: 0.85rem; }
.kw { display: inline-block; background: #eef2f8; border-radius: 10px; padding: 0 8px; margin: 2px 3px 2px 0; font-size: 0.85rem; }
mark { background: #ffe28a; padding: 0 1px; }
.badge { color: #fff; border-radius: 8px; padding: 0 6px; font-size: 0.8rem; white-space: nowrap; }
.card ol, .card ul { padding-left: 1.3em; margin: 4px 0; font-size: 0.9rem; }
.card h4 { margin: 8px 0 0; font-size: 0.85rem; color: var(--muted); }
table { width: 100%; border-collapse: collapse; background: #fff; font-size: 0.9rem; }
th, td { border-bottom: 1px solid var(--line); padding: 5px 8px; text-align: left; vertical-align: top; }
th { background: #eef2f8; }
td.n { text-align: right; white-space: nowrap; }
.more { color: var(--muted); font-size: 0.85rem; }
footer { color: var(--muted); font-size: 0.8rem; padding-bottom: 32px; }
@media print { body { background: #fff; } .card, svg, table { break-inside: avoid; } }
"#;

/// Highlights a cluster's points on the map while the pointer is on its card.
const SCRIPT: &str = r#"
document.querySelectorAll('.card[data-cluster]').forEach(function (card) {
  var c = card.getAttribute('data-cluster');
  card.addEventListener('mouseenter', function () {
    document.querySelectorAll('.pt').forEach(function (p) {
      p.classList.toggle('dim', p.getAttribute('data-cluster') !== c);
    });
  });
  card.addEventListener('mouseleave', function () {
    document.querySelectorAll('.pt.dim').forEach(function (p) { p.classList.remove('dim'); });
  });
});
"#;

/// The page for `report`, titled by `title` (e.g. the input file's name).
pub fn render_html(report: &Report, title: &str) -> String {
    let mut h = String::with_capacity(64 * 1024 + report.opinions.len() * 200);
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"ja\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>意見の分析 — {}</title><style>{STYLE}</style></head><body>\n",
        esc(title)
    );
    let _ = writeln!(
        h,
        "<header><h1>意見の分析<small>Consultation analysis</small></h1><p class=\"source\">{}</p></header>",
        esc(title)
    );
    overview(&mut h, report);
    themes(&mut h, report);
    sizes(&mut h, report);
    map(&mut h, report);
    cards(&mut h, report);
    copies(&mut h, report);
    templates(&mut h, report);
    classes(&mut h, report);
    reply_list(&mut h, report);
    let _ = write!(
        h,
        "<footer>iken {} · schema {} · seed {} · {}</footer>\n<script>{SCRIPT}</script></body></html>\n",
        env!("CARGO_PKG_VERSION"),
        report.schema_version,
        report.analysis.seed,
        esc(&report.how_k_was_chosen)
    );
    h
}

fn overview(h: &mut String, r: &Report) {
    let s = &r.summary;
    let stat = |h: &mut String, value: String, ja: &str, en: &str| {
        let _ = write!(
            h,
            "<div class=\"stat\"><b>{value}</b><span>{ja} {en}</span></div>"
        );
    };
    h.push_str(
        "<section id=\"overview\"><h2>概要<small>Overview</small></h2><div class=\"stats\">",
    );
    stat(h, s.opinions.to_string(), "意見", "opinions");
    stat(h, s.distinct_opinions.to_string(), "異なる意見", "distinct");
    stat(h, s.replies.to_string(), "回答", "replies");
    stat(h, s.sections.to_string(), "項目", "sections");
    stat(h, s.clusters.to_string(), "クラスター", "clusters");
    // Opinions no other says closely enough: to be read one by one.
    stat(
        h,
        s.unclustered.to_string(),
        "どこにも属さない意見",
        "unclustered: read alone",
    );
    stat(
        h,
        format!("{} ({})", s.campaigns, s.opinions_in_copies),
        "同文の組 (意見数)",
        "copy groups (opinions)",
    );
    stat(
        h,
        if s.replies == 0 {
            "—".into()
        } else {
            percent(s.boilerplate_only_share)
        },
        "定型文のみの回答",
        "boilerplate-only replies",
    );
    h.push_str("</div>");
    if !r.notes.is_empty() {
        h.push_str("<ul class=\"notes\">");
        for n in &r.notes {
            let _ = write!(h, "<li>{}</li>", esc(n));
        }
        h.push_str("</ul>");
    }
    h.push_str("</section>\n");
}

fn keywords_of(r: &Report, c: usize, n: usize) -> String {
    r.clusters[c]
        .keywords
        .iter()
        .take(n)
        .map(|(t, _)| t.as_str())
        .collect::<Vec<_>>()
        .join("・")
}

/// The coarse level as a nested list: each group with its clusters, with counts.
fn themes(h: &mut String, r: &Report) {
    if r.cluster_groups.is_empty() {
        return;
    }
    let _ = write!(
        h,
        "<section id=\"themes\"><h2>テーマとクラスター<small>Themes and clusters</small></h2>\
         <p class=\"more\">似たクラスターをまとめた {} のテーマ (重心の平均連結法)。\
         {} themes: clusters merged by average linkage on their centres.</p><ol class=\"themes\">",
        r.cluster_groups.len(),
        r.cluster_groups.len()
    );
    for g in &r.cluster_groups {
        let label = g
            .keywords
            .iter()
            .take(4)
            .map(|(t, _)| t.as_str())
            .collect::<Vec<_>>()
            .join("・");
        let _ = write!(
            h,
            "<li data-group=\"{}\"><b>テーマ {} {}</b> <span class=\"count\">{} 件 ({} distinct)</span><ul>",
            g.id,
            g.id,
            esc(&label),
            g.size,
            g.distinct
        );
        for &c in &g.clusters {
            let cluster = &r.clusters[c];
            let _ = write!(
                h,
                "<li><i style=\"background:{}\"></i>#{} {} <span class=\"count\">{} 件</span></li>",
                colour(Some(c)),
                c,
                esc(&keywords_of(r, c, 4)),
                cluster.size
            );
        }
        h.push_str("</ul></li>");
    }
    h.push_str("</ol></section>\n");
}

fn sizes(h: &mut String, r: &Report) {
    h.push_str("<section id=\"sizes\"><h2>クラスターの大きさ<small>Cluster sizes</small></h2>");
    if r.clusters.is_empty() {
        h.push_str("<p class=\"notes\">クラスターはありません。No clusters.</p></section>\n");
        return;
    }
    let shown = r.clusters.len().min(40);
    let max = r.clusters.iter().map(|c| c.size).max().unwrap_or(1).max(1) as f64;
    let (width, row) = (900.0, 24.0);
    let height = 16.0 + row * shown as f64;
    let _ = write!(
        h,
        "<svg id=\"size-chart\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"cluster sizes\">"
    );
    for (i, c) in r.clusters.iter().take(shown).enumerate() {
        let y = 8.0 + row * i as f64;
        let w = 480.0 * c.size as f64 / max;
        let _ = write!(
            h,
            "<text x=\"8\" y=\"{:.1}\">#{} {}</text><rect x=\"330\" y=\"{:.1}\" width=\"{w:.1}\" height=\"16\" fill=\"{}\"><title>#{}: {} opinions</title></rect><text x=\"{:.1}\" y=\"{:.1}\">{}</text>",
            y + 13.0,
            c.id,
            esc(&excerpt(&keywords_of(r, c.id, 4), 22)),
            y,
            colour(Some(c.id)),
            c.id,
            c.size,
            336.0 + w,
            y + 13.0,
            c.size
        );
    }
    h.push_str("</svg>");
    if r.clusters.len() > shown {
        let _ = write!(
            h,
            "<p class=\"more\">上位 {shown} / {} クラスター (top {shown} of {} clusters)</p>",
            r.clusters.len(),
            r.clusters.len()
        );
    }
    h.push_str("</section>\n");
}

fn map(h: &mut String, r: &Report) {
    h.push_str("<section id=\"map\"><h2>意見の地図<small>Map of opinions</small></h2>");
    let placed: Vec<usize> = (0..r.opinions.len())
        .filter(|&i| r.opinions[i].map.is_some())
        .collect();
    if placed.is_empty() {
        h.push_str("<p class=\"notes\">地図はありません (クラスタリングなし)。No map: nothing was clustered.</p></section>\n");
        return;
    }
    // An even sample beyond MAP_POINTS: every k-th placed opinion, the same every time.
    let step = placed.len().div_ceil(MAP_POINTS).max(1);
    let shown: Vec<usize> = placed.iter().copied().step_by(step).collect();
    let _ = write!(
        h,
        "<p class=\"more\">一点が一つの意見 (近い意見が近くに来るように配置、色はクラスター、点に重ねると本文)。\
         Each point is an opinion, laid out so that similar opinions lie near each other (a UMAP-like layout), coloured by cluster; hover for the text.{}</p>",
        if shown.len() < placed.len() {
            format!(
                " 表示 {} / {} (showing an even sample of {} of {} opinions).",
                shown.len(),
                placed.len(),
                shown.len(),
                placed.len()
            )
        } else {
            String::new()
        }
    );
    let (mut x0, mut x1, mut y0, mut y1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for &i in &shown {
        let (x, y) = r.opinions[i].map.expect("placed");
        x0 = x0.min(x);
        x1 = x1.max(x);
        y0 = y0.min(y);
        y1 = y1.max(y);
    }
    let (w, hh, pad) = (900.0, 520.0, 16.0);
    let sx = |x: f64| pad + (x - x0) / (x1 - x0).max(1e-9) * (w - 2.0 * pad);
    let sy = |y: f64| hh - pad - (y - y0) / (y1 - y0).max(1e-9) * (hh - 2.0 * pad);
    let _ = write!(
        h,
        "<svg id=\"opinion-map\" viewBox=\"0 0 {w} {hh}\" width=\"{w}\" height=\"{hh}\" role=\"img\" aria-label=\"map of opinions\">"
    );
    for &i in &shown {
        let o = &r.opinions[i];
        let (x, y) = o.map.expect("placed");
        let _ = write!(
            h,
            "<circle class=\"pt\" data-cluster=\"{}\" cx=\"{:.1}\" cy=\"{:.1}\" r=\"4\" fill=\"{}\"><title>{}: {}</title></circle>",
            o.cluster.map_or("none".to_owned(), |c| c.to_string()),
            sx(x),
            sy(y),
            colour(o.cluster),
            esc(&o.id),
            esc(&excerpt(&o.text, 120))
        );
    }
    h.push_str("</svg><div class=\"legend\">");
    for c in r.clusters.iter().take(COLOURS.len()) {
        let _ = write!(
            h,
            "<span><i style=\"background:{}\"></i>#{} {}</span>",
            colour(Some(c.id)),
            c.id,
            esc(&keywords_of(r, c.id, 3))
        );
    }
    if !r.unclustered.is_empty() {
        let _ = write!(
            h,
            "<span><i style=\"background:{NO_CLUSTER}\"></i>どこにも属さない unclustered</span>"
        );
    }
    h.push_str("</div></section>\n");
}

fn cards(h: &mut String, r: &Report) {
    h.push_str(
        "<section id=\"clusters\"><h2>クラスター<small>Clusters</small></h2><div class=\"cards\">",
    );
    let text_of: BTreeMap<&str, &str> = r
        .opinions
        .iter()
        .map(|o| (o.id.as_str(), o.text.as_str()))
        .collect();
    let reply_of: BTreeMap<&str, &ReplyAnalysis> = r
        .replies
        .iter()
        .flat_map(|rr| rr.replies.iter().map(|a| (a.id.as_str(), a)))
        .collect();
    for c in &r.clusters {
        let _ = write!(
            h,
            "<div class=\"card\" data-cluster=\"{}\" style=\"border-left-color:{}\"><h3>#{} — {} 件の意見 <span class=\"meta\">(テーマ {}; {} opinions, {} distinct, cohesion {:.2})</span></h3><div>",
            c.id,
            colour(Some(c.id)),
            c.id,
            c.size,
            c.group,
            c.size,
            c.distinct,
            c.cohesion
        );
        for (t, _) in &c.keywords {
            let _ = write!(h, "<span class=\"kw\">{}</span>", esc(t));
        }
        h.push_str("</div><h4>代表的な意見 Representative opinions</h4><ol>");
        for id in &c.representatives {
            let _ = write!(
                h,
                "<li>[{}] {}</li>",
                esc(id),
                esc(&excerpt(
                    text_of.get(id.as_str()).copied().unwrap_or(""),
                    140
                ))
            );
        }
        h.push_str("</ol>");
        if !c.replies.is_empty() {
            h.push_str("<h4>受けた回答 Replies received</h4><ul>");
            for (id, n) in c.replies.iter().take(5) {
                let reply = reply_of.get(id.as_str());
                let _ = write!(
                    h,
                    "<li>[{}] ×{n}{} {}</li>",
                    esc(id),
                    reply.map_or(String::new(), |a| format!(" <b>{}</b>", a.class.name())),
                    reply.map_or(String::new(), |a| decided(a, 100))
                );
            }
            if c.replies.len() > 5 {
                let _ = write!(h, "<li class=\"more\">… {} more</li>", c.replies.len() - 5);
            }
            h.push_str("</ul>");
        }
        h.push_str("</div>");
    }
    h.push_str("</div></section>\n");
}

fn copies(h: &mut String, r: &Report) {
    h.push_str(
        "<section id=\"copies\"><h2>同文・類似文の組<small>Copies and campaigns</small></h2>",
    );
    if r.duplicates.is_empty() {
        h.push_str("<p class=\"notes\">同文の組はありません。No copies: every opinion is its own text.</p></section>\n");
        return;
    }
    h.push_str("<table id=\"copy-table\"><thead><tr><th>#</th><th>意見数<br>texts</th><th>異なる文<br>distinct</th><th>判定<br>measure</th><th>類似度 min / median<br>similarity</th><th>代表 representative</th></tr></thead><tbody>");
    for g in r.duplicates.iter().take(TABLE_ROWS) {
        let _ = write!(
            h,
            "<tr><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td><td class=\"n\">{:.2} / {:.2}</td><td>[{}] {}</td></tr>",
            g.id,
            g.size,
            g.distinct,
            g.measure,
            g.similarity.min,
            g.similarity.median,
            esc(&g.representative),
            esc(&excerpt(&g.text, 120))
        );
    }
    h.push_str("</tbody></table>");
    // The measure column is only explainable if its words are.
    h.push_str(
        "<p class=\"notes\">判定: exact = 正規化後に同一 (the same text after normalization); \
         jaccard = 文字5-gramの一致率 (Jaccard of 5-character shingles); \
         containment = 短い方の大部分が長い方に含まれる (most of the shorter text is inside the longer: \
         a letter cut short or with a paragraph added); \
         mutual = 互いの大部分を含む (each keeps most of the other: a sentence added or dropped, a name line). \
         組の判定は最も弱いもの (a group shows its weakest measure).</p>",
    );
    if r.duplicates.len() > TABLE_ROWS {
        let _ = write!(
            h,
            "<p class=\"more\">上位 {TABLE_ROWS} / {} 組 (first {TABLE_ROWS} of {} groups; all are in report.json)</p>",
            r.duplicates.len(),
            r.duplicates.len()
        );
    }
    h.push_str("</section>\n");
}

fn templates(h: &mut String, r: &Report) {
    h.push_str("<section id=\"templates\"><h2>回答の定型文<small>Boilerplate templates in replies</small></h2>");
    let Some(rr) = &r.replies else {
        h.push_str("<p class=\"notes\">回答がありません。No replies.</p></section>\n");
        return;
    };
    if rr.templates.is_empty() {
        h.push_str("<p class=\"notes\">定型文は見つかりませんでした。No template sentences.</p></section>\n");
        return;
    }
    let _ = write!(
        h,
        "<p class=\"more\">{} / {} 件の回答が定型文のみ ({} of {} replies say nothing but templates).</p>",
        rr.boilerplate_only,
        rr.replies.len(),
        rr.boilerplate_only,
        rr.replies.len()
    );
    h.push_str("<table id=\"template-table\"><thead><tr><th>#</th><th>回答数<br>replies</th><th>定型文と異なる言い回し<br>template and variants</th></tr></thead><tbody>");
    for t in rr.templates.iter().take(TABLE_ROWS) {
        let _ = write!(
            h,
            "<tr><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}",
            t.id,
            t.replies.len(),
            esc(&t.text)
        );
        for v in t.variants.iter().skip(1) {
            let _ = write!(
                h,
                "<br><span class=\"more\">≈ {} ({})</span>",
                esc(&v.text),
                v.texts
            );
        }
        h.push_str("</td></tr>");
    }
    h.push_str("</tbody></table>");
    if rr.templates.len() > TABLE_ROWS {
        let _ = write!(
            h,
            "<p class=\"more\">first {TABLE_ROWS} of {} templates</p>",
            rr.templates.len()
        );
    }
    reused(h, rr);
    h.push_str("</section>\n");
}

/// The reused answers: one subject's answer given to several opinions (not boilerplate).
fn reused(h: &mut String, rr: &ReplyReport) {
    h.push_str("<h3>同じ回答の再利用 <small>Reused answers (one subject's answer given to several opinions; not counted as boilerplate)</small></h3>");
    if rr.reused.is_empty() {
        h.push_str("<p class=\"notes\">ありません。None.</p>");
        return;
    }
    h.push_str("<table id=\"reused-table\"><thead><tr><th>#</th><th>回答数<br>replies</th><th>意見<br>opinions</th><th>文<br>sentence</th></tr></thead><tbody>");
    for t in rr.reused.iter().take(TABLE_ROWS) {
        let _ = write!(
            h,
            "<tr><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td><td>{}</td></tr>",
            t.id,
            t.replies.len(),
            esc(&excerpt(&t.opinions.join(" "), 80)),
            esc(&excerpt(&t.text, 200))
        );
    }
    h.push_str("</tbody></table>");
}

/// A reply's deciding sentence with the deciding phrase marked, or its text when nothing
/// decided.
fn decided(a: &ReplyAnalysis, chars: usize) -> String {
    match (&a.decided_in, &a.decided_by) {
        (Some(sentence), Some(phrase)) if !phrase.is_empty() => {
            match sentence.find(phrase.as_str()) {
                Some(at) => format!(
                    "{}<mark>{}</mark>{}",
                    esc(&sentence[..at]),
                    esc(phrase),
                    esc(&sentence[at + phrase.len()..])
                ),
                None => esc(&excerpt(sentence, chars)),
            }
        }
        _ => esc(&excerpt(&a.text, chars)),
    }
}

/// Every reply with its class and the phrase that decided it.
fn reply_list(h: &mut String, r: &Report) {
    let Some(rr) = &r.replies else {
        return;
    };
    h.push_str("<section id=\"replies\"><h2>回答ごとの判定<small>How each reply answers (the deciding phrase marked)</small></h2>");
    h.push_str("<table id=\"reply-table\"><thead><tr><th>#</th><th>判定<br>class</th><th>意見<br>opinions</th><th>決め手の文<br>deciding sentence</th><th>定型文<br>boilerplate</th></tr></thead><tbody>");
    for a in rr.replies.iter().take(TABLE_ROWS) {
        let colour = CLASS_COLOURS
            .iter()
            .find(|c| c.0 == a.class)
            .map_or("#BBBBBB", |c| c.1);
        let _ = write!(
            h,
            "<tr><td>{}</td><td><span class=\"badge\" style=\"background:{colour}\">{}</span></td><td>{}</td><td>{}</td><td class=\"n\">{:.0} %</td></tr>",
            esc(&a.id),
            a.class.name(),
            esc(&excerpt(&a.opinions.join(" "), 40)),
            decided(a, 160),
            a.boilerplate_share * 100.0
        );
    }
    h.push_str("</tbody></table>");
    if rr.replies.len() > TABLE_ROWS {
        let _ = write!(
            h,
            "<p class=\"more\">最初の {TABLE_ROWS} / {} 件 (first {TABLE_ROWS} of {} replies; all are in replies.csv)</p>",
            rr.replies.len(),
            rr.replies.len()
        );
    }
    h.push_str("</section>\n");
}

fn classes(h: &mut String, r: &Report) {
    h.push_str("<section id=\"classes\"><h2>回答の応答性 (項目別)<small>Responsiveness of replies by section</small></h2>");
    let Some(rr) = &r.replies else {
        h.push_str("<p class=\"notes\">回答がありません。No replies.</p></section>\n");
        return;
    };
    let rows = &rr.counts.by_section;
    let (w, row) = (900.0, 26.0);
    let height = 20.0 + row * rows.len() as f64;
    let _ = write!(
        h,
        "<svg id=\"class-chart\" viewBox=\"0 0 {w} {height}\" width=\"{w}\" height=\"{height}\" role=\"img\" aria-label=\"reply classes by section\">"
    );
    for (i, (section, counts)) in rows.iter().enumerate() {
        let y = 10.0 + row * i as f64;
        let total: usize = counts.values().sum();
        // Section labels nest (「03 大阪市のＤＸ戦略 ― VALUE 01 …」): the last part names it.
        let label = if section == NO_SECTION {
            "(項目なし no section)".to_owned()
        } else {
            excerpt(section.rsplit('―').next().unwrap_or(section).trim(), 26)
        };
        let _ = write!(
            h,
            "<text x=\"8\" y=\"{:.1}\">{}</text>",
            y + 13.0,
            esc(&label)
        );
        let mut x = 330.0;
        for (class, fill, name) in CLASS_COLOURS {
            let n = counts.get(&class).copied().unwrap_or(0);
            if n == 0 {
                continue;
            }
            let width = 520.0 * n as f64 / total.max(1) as f64;
            let _ = write!(
                h,
                "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{width:.1}\" height=\"18\" fill=\"{fill}\"><title>{}: {name} {n}</title></rect>",
                esc(section)
            );
            x += width;
        }
    }
    h.push_str("</svg><div class=\"legend\">");
    for (class, fill, name) in CLASS_COLOURS {
        let _ = write!(
            h,
            "<span><i style=\"background:{fill}\"></i>{name} {}</span>",
            rr.counts.overall.get(&class).copied().unwrap_or(0)
        );
    }
    h.push_str("</div></section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(esc("<b>\"&'"), "&lt;b&gt;&quot;&amp;&#39;");
        assert_eq!(excerpt("あいうえお", 3), "あいう…");
        assert_eq!(excerpt("あい", 3), "あい");
    }
}
