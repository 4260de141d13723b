//! The CSV files: one row per opinion, cluster or template; UTF-8 with a byte-order mark.

use std::collections::BTreeMap;
use std::io::Write;

use std::path::Path;

use crate::analysis::{OpinionRow, Report};
use crate::boilerplate::ReplyClass;
use crate::error::{Error, Position, Result};
use crate::read::{ReadOptions, Unfolder, for_each_opinion};

/// Excel reads a UTF-8 file as the local code page unless it starts with this mark.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Writes the byte-order mark, the header and the rows, one at a time: `opinions.csv` of a
/// million opinions is hundreds of megabytes, never held whole.
fn write_rows(
    out: &mut dyn Write,
    header: &[&str],
    rows: impl Iterator<Item = Vec<String>>,
) -> std::io::Result<()> {
    out.write_all(BOM)?;
    let mut w = csv::Writer::from_writer(out);
    w.write_record(header)?;
    for row in rows {
        w.write_record(&row)?;
    }
    w.flush()
}

/// Each cluster's keywords as `opinions.csv` writes them, joined once rather than per row.
fn keywords(report: &Report) -> Vec<String> {
    report
        .clusters
        .iter()
        .map(|c| {
            c.keywords
                .iter()
                .map(|(t, _)| t.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

/// The columns of `opinions.csv`.
const OPINION_HEADER: [&str; 9] = [
    "id",
    "section",
    "cluster",
    "cluster_keywords",
    "duplicate_group",
    "reply",
    "reply_class",
    "boilerplate_share",
    "text",
];

/// One row of `opinions.csv`: an opinion of the input (`id`, `section`, `text`) with what
/// the analysis said of `row`, the report's row that stands for it.
fn opinion_record<'a>(
    keywords: &'a [String],
    row: &OpinionRow,
    id: &'a str,
    section: Option<&'a str>,
    text: &'a str,
) -> [std::borrow::Cow<'a, str>; 9] {
    let keywords = row
        .cluster
        .and_then(|c| keywords.get(c))
        .map_or("", String::as_str);
    [
        id.into(),
        section.unwrap_or_default().into(),
        opt(row.cluster).into(),
        keywords.into(),
        opt(row.duplicate_group).into(),
        row.reply.clone().unwrap_or_default().into(),
        opt(row.reply_class.map(|c| c.name())).into(),
        opt(row.boilerplate_share.map(|s| format!("{s:.3}"))).into(),
        text.into(),
    ]
}

/// `opinions.csv`.
pub(super) fn opinions(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    let keywords = keywords(report);
    write_rows(
        out,
        &OPINION_HEADER,
        report.opinions.iter().map(|o| {
            opinion_record(&keywords, o, &o.id, o.section.as_deref(), &o.text)
                .map(|f| f.into_owned())
                .to_vec()
        }),
    )
}

/// `opinions.csv` of a report whose input was read with
/// [`fold_copies`](crate::ReadOptions::fold_copies): the input is read again one opinion at a
/// time and each gets its row, with its own id, so the file is what an unfolded run writes.
pub(super) fn opinions_unfolded(
    report: &Report,
    input: &Path,
    read: &ReadOptions,
    out: &mut dyn Write,
    path: &Path,
) -> Result<()> {
    let io = |e: std::io::Error| Error::io(path, e);
    out.write_all(BOM).map_err(io)?;
    let mut w = csv::Writer::from_writer(out);
    w.write_record(OPINION_HEADER).map_err(|e| io(e.into()))?;
    let mut unfolder = Unfolder::new(&report.opinions);
    let keywords = keywords(report);
    for_each_opinion(input, read, |o| {
        let Some(at) = unfolder.locate(&o) else {
            let position = match (o.source.row, o.source.line) {
                (Some(r), _) => Some(Position::Row(r)),
                (None, Some(l)) => Some(Position::Line(l)),
                _ => None,
            };
            return Err(Error::parse(
                input,
                position,
                format!(
                    "opinion {:?} is not what the analysis read here: the file changed since",
                    o.id
                ),
            ));
        };
        let row = &report.opinions[at];
        let record = opinion_record(&keywords, row, &o.id, o.section.as_deref(), &o.text);
        w.write_record(record.iter().map(|f| f.as_bytes()))
            .map_err(|e| io(e.into()))
    })?;
    if !unfolder.complete() {
        return Err(Error::parse(
            input,
            None,
            "it ends before every opinion the analysis read: the file changed since",
        ));
    }
    w.flush().map_err(io)
}

/// `clusters.csv`.
pub(super) fn clusters(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    write_rows(
        out,
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

/// `templates.csv`: the templates, then the reused answers (`kind` tells them apart).
pub(super) fn templates(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    let row = |kind: &str, id: usize, replies: &[String], variants: usize, text: &str| {
        vec![
            kind.to_owned(),
            id.to_string(),
            replies.len().to_string(),
            variants.to_string(),
            text.to_owned(),
            replies.join(" "),
        ]
    };
    let rows = report.replies.iter().flat_map(|r| {
        let templates = r
            .templates
            .iter()
            .map(|t| row("template", t.id, &t.replies, t.variants.len(), &t.text));
        let reused = r
            .reused
            .iter()
            .map(|t| row("reused", t.id, &t.replies, t.variants.len(), &t.text));
        templates.chain(reused).collect::<Vec<_>>()
    });
    write_rows(
        out,
        &["kind", "id", "replies", "variants", "text", "reply_ids"],
        rows,
    )
}

/// `replies.csv`: one row per reply, with its class and the phrase that decided it.
pub(super) fn replies(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    let rows = report.replies.iter().flat_map(|r| {
        r.replies.iter().map(|a| {
            let ids = |v: &[usize]| {
                v.iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            vec![
                a.id.clone(),
                a.section.clone().unwrap_or_default(),
                a.class.name().to_owned(),
                a.decided_by.clone().unwrap_or_default(),
                a.decided_in.clone().unwrap_or_default(),
                format!("{:.3}", a.boilerplate_share),
                a.boilerplate_only.to_string(),
                ids(&a.templates),
                ids(&a.reused),
                a.opinions.join(" "),
                a.text.clone(),
            ]
        })
    });
    write_rows(
        out,
        &[
            "id",
            "section",
            "class",
            "decided_by",
            "decided_in",
            "boilerplate_share",
            "boilerplate_only",
            "templates",
            "reused",
            "opinions",
            "text",
        ],
        rows,
    )
}

/// `classes.csv`: replies per class, overall (section `(all)`) and per section.
pub(super) fn classes(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    let mut header = vec!["section"];
    header.extend(ReplyClass::ALL.iter().map(|c| c.name()));
    header.push("total");
    let row = |label: &str, counts: &BTreeMap<ReplyClass, usize>| {
        let mut row = vec![label.to_owned()];
        row.extend(
            ReplyClass::ALL
                .iter()
                .map(|c| counts.get(c).copied().unwrap_or(0).to_string()),
        );
        row.push(counts.values().sum::<usize>().to_string());
        row
    };
    let rows = report.replies.iter().flat_map(|r| {
        std::iter::once(row("(all)", &r.counts.overall))
            .chain(r.counts.by_section.iter().map(|(s, c)| row(s, c)))
            .collect::<Vec<_>>()
    });
    write_rows(out, &header, rows)
}
