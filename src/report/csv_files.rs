//! The CSV files: one row per opinion, cluster or template; UTF-8 with a byte-order mark.

use crate::analysis::Report;

/// Excel reads a UTF-8 file as the local code page unless it starts with this mark.
const BOM: &[u8] = b"\xEF\xBB\xBF";

fn to_bytes(header: &[&str], rows: impl Iterator<Item = Vec<String>>) -> Vec<u8> {
    let mut out = BOM.to_vec();
    {
        let mut w = csv::Writer::from_writer(&mut out);
        w.write_record(header).expect("writing to memory");
        for row in rows {
            w.write_record(&row).expect("writing to memory");
        }
        w.flush().expect("writing to memory");
    }
    out
}

fn keywords(report: &Report, cluster: Option<usize>) -> String {
    cluster
        .and_then(|c| report.clusters.get(c))
        .map(|c| {
            c.keywords
                .iter()
                .map(|(t, _)| t.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_default()
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

/// `opinions.csv`.
pub(super) fn opinions(report: &Report) -> Vec<u8> {
    to_bytes(
        &[
            "id",
            "section",
            "cluster",
            "cluster_keywords",
            "duplicate_group",
            "reply",
            "reply_class",
            "boilerplate_share",
            "text",
        ],
        report.opinions.iter().map(|o| {
            vec![
                o.id.clone(),
                o.section.clone().unwrap_or_default(),
                opt(o.cluster),
                keywords(report, o.cluster),
                opt(o.duplicate_group),
                o.reply.clone().unwrap_or_default(),
                opt(o.reply_class.map(|c| c.name())),
                opt(o.boilerplate_share.map(|s| format!("{s:.3}"))),
                o.text.clone(),
            ]
        }),
    )
}

/// `clusters.csv`.
pub(super) fn clusters(report: &Report) -> Vec<u8> {
    to_bytes(
        &[
            "cluster",
            "size",
            "distinct",
            "cohesion",
            "keywords",
            "representatives",
            "replies",
        ],
        report.clusters.iter().map(|c| {
            vec![
                c.id.to_string(),
                c.size.to_string(),
                c.distinct.to_string(),
                format!("{:.3}", c.cohesion),
                c.keywords
                    .iter()
                    .map(|(t, _)| t.as_str())
                    .collect::<Vec<_>>()
                    .join(" "),
                c.representatives.join(" "),
                c.replies
                    .iter()
                    .map(|(r, n)| format!("{r}×{n}"))
                    .collect::<Vec<_>>()
                    .join(" "),
            ]
        }),
    )
}

/// `templates.csv`.
pub(super) fn templates(report: &Report) -> Vec<u8> {
    let templates = report.replies.iter().flat_map(|r| r.templates.iter());
    to_bytes(
        &["template", "replies", "variants", "text", "reply_ids"],
        templates.map(|t| {
            vec![
                t.id.to_string(),
                t.replies.len().to_string(),
                t.variants.len().to_string(),
                t.text.clone(),
                t.replies.join(" "),
            ]
        }),
    )
}
