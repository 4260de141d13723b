//! Tables (CSV, TSV, Excel) → Consultation: choosing columns and turning rows into
//! opinions and replies. The format readers feed rows; this module does the rest.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::Warning;
use super::fold::Intake;
use crate::consultation::{Consultation, Opinion, Reply, Source};
use crate::error::{Error, ErrorKind, Result};

/// A column, by header name or by 1-based position.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum Column {
    /// 1-based position (column A is 1).
    Index(usize),
    /// Header text, matched exactly after trimming.
    Name(String),
}

impl std::str::FromStr for Column {
    type Err = std::convert::Infallible;
    /// A number is a 1-based position, anything else a header name.
    fn from_str(s: &str) -> std::result::Result<Self, Self::Err> {
        Ok(match s.trim().parse::<usize>() {
            Ok(n) if n > 0 => Column::Index(n),
            _ => Column::Name(s.trim().to_owned()),
        })
    }
}

/// Which columns (or JSON fields) hold what. Unset columns are found from the header:
/// opinion from ご意見/意見/opinion/comment/text, reply from 考え方/回答/reply/answer,
/// section from 項目/章/区分/section, id from id/No./番号.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Columns {
    /// The opinion text (required: found from the header if not given).
    pub opinion: Option<Column>,
    /// The reply text.
    pub reply: Option<Column>,
    /// The section.
    pub section: Option<Column>,
    /// The input's own id.
    pub id: Option<Column>,
}

impl Columns {
    /// Parses `opinion=ご意見,reply=3,id=No.` (keys: opinion, reply, section, id).
    pub fn parse(spec: &str) -> Result<Self> {
        let mut columns = Columns::default();
        for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let Some((key, value)) = part.split_once('=') else {
                return Err(Error::invalid_parameter(
                    "columns",
                    format!("{part:?} is not key=column; e.g. opinion=ご意見,reply=3"),
                ));
            };
            let column: Column = value.parse().unwrap_or(Column::Name(String::new()));
            match key.trim() {
                "opinion" | "text" => columns.opinion = Some(column),
                "reply" => columns.reply = Some(column),
                "section" => columns.section = Some(column),
                "id" => columns.id = Some(column),
                other => {
                    return Err(Error::invalid_parameter(
                        "columns",
                        format!("unknown key {other:?}; use opinion, reply, section or id"),
                    ));
                }
            }
        }
        Ok(columns)
    }
}

/// Resolved 0-based positions.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Resolved {
    pub(crate) opinion: usize,
    pub(crate) reply: Option<usize>,
    pub(crate) section: Option<usize>,
    pub(crate) id: Option<usize>,
}

fn find(header: &[String], column: &Column, path: &Path) -> Result<usize> {
    let missing = || {
        Error::new(ErrorKind::MissingColumn {
            path: path.to_owned(),
            column: match column {
                Column::Index(i) => format!("#{i}"),
                Column::Name(n) => n.clone(),
            },
            available: header.to_vec(),
        })
    };
    match column {
        Column::Index(i) if *i >= 1 && *i <= header.len() => Ok(i - 1),
        Column::Index(_) => Err(missing()),
        Column::Name(name) => header
            .iter()
            .position(|h| h.trim() == name.trim())
            .ok_or_else(missing),
    }
}

fn guess(header: &[String], words: &[&str], avoid: &[&str], taken: &[usize]) -> Option<usize> {
    header.iter().enumerate().position(|(i, h)| {
        let h = h.trim().to_lowercase();
        !taken.contains(&i)
            && words
                .iter()
                .any(|w| h == *w || (!w.is_ascii() && h.contains(w)))
            && !avoid.iter().any(|w| h.contains(w))
    })
}

impl Columns {
    pub(crate) fn resolve(&self, header: &[String], path: &Path) -> Result<Resolved> {
        let pick = |c: &Option<Column>| c.as_ref().map(|c| find(header, c, path)).transpose();
        let mut reply = pick(&self.reply)?;
        let mut taken: Vec<usize> = reply.into_iter().collect();
        if reply.is_none() && self.reply.is_none() {
            reply = guess(
                header,
                &["reply", "answer", "response", "考え方", "回答", "対応"],
                &[],
                &taken,
            );
            taken.extend(reply);
        }
        let mut id = pick(&self.id)?;
        if id.is_none() && self.id.is_none() {
            id = guess(
                header,
                &["id", "no", "no.", "番号", "整理番号", "通し番号"],
                &[],
                &taken,
            );
        }
        taken.extend(id);
        let mut section = pick(&self.section)?;
        if section.is_none() && self.section.is_none() {
            section = guess(
                header,
                &[
                    "section",
                    "項目",
                    "章",
                    "区分",
                    "該当箇所",
                    "該当項目",
                    "分類",
                ],
                &[],
                &taken,
            );
        }
        taken.extend(section);
        let opinion = match pick(&self.opinion)? {
            Some(o) => o,
            None => guess(
                header,
                &["opinion", "comment", "text", "body", "意見", "要旨", "内容", "本文"],
                &["考え方", "回答"],
                &taken,
            )
            .or_else(|| (header.len() == 1).then_some(0))
            .ok_or_else(|| {
                Error::new(ErrorKind::MissingColumn {
                    path: path.to_owned(),
                    column: "opinion (none of the headers looks like one; name it in the columns option, opinion=…)"
                        .to_owned(),
                    available: header.to_vec(),
                })
            })?,
        };
        Ok(Resolved {
            opinion,
            reply,
            section,
            id,
        })
    }
}

/// Builds a Consultation row by row.
pub(crate) struct TableBuilder<'a> {
    file: String,
    path: &'a Path,
    sheet: Option<String>,
    columns: Resolved,
    pub(crate) consultation: Consultation,
    pub(crate) warnings: Vec<Warning>,
    ids: rustc_hash::FxHashSet<String>,
    last_reply_text: Option<String>,
    /// Opinions read, folded or not: what numbers those without an id.
    read: usize,
}

impl<'a> TableBuilder<'a> {
    pub(crate) fn new(path: &'a Path, sheet: Option<String>, columns: Resolved) -> Self {
        TableBuilder {
            file: path.display().to_string(),
            path,
            sheet,
            columns,
            consultation: Consultation::default(),
            warnings: Vec::new(),
            ids: Default::default(),
            last_reply_text: None,
            read: 0,
        }
    }

    /// Adds one data row. `row` counts the header as row 1; `line` is the file line where
    /// the row starts, for CSV.
    ///
    /// # Errors
    /// Only what `intake` returns (a visitor's).
    pub(crate) fn push(
        &mut self,
        fields: &[&str],
        row: usize,
        line: Option<usize>,
        intake: &mut Intake,
    ) -> Result<()> {
        let get = |i: Option<usize>| {
            i.and_then(|i| fields.get(i))
                .map(|s| s.trim())
                .filter(|s| !s.is_empty())
        };
        let source = Source {
            file: self.file.clone(),
            line,
            end_line: None,
            row: Some(row),
            sheet: self.sheet.clone(),
            page: None,
        };
        let opinion = get(Some(self.columns.opinion));
        let reply = get(self.columns.reply);
        if opinion.is_none() && reply.is_none() {
            if fields.iter().any(|f| !f.trim().is_empty()) {
                self.warnings.push(Warning {
                    source,
                    message: "row has no opinion and no reply text; nothing to read".to_owned(),
                });
            }
            return Ok(());
        }
        // Consecutive rows with the same reply share it (a merged cell exported to rows).
        let reply_id = reply.map(|text| {
            if self.last_reply_text.as_deref() != Some(text) || opinion.is_none() {
                let id = format!("r{}", self.consultation.replies.len() + 1);
                self.consultation
                    .replies
                    .push(Reply::new(id, text, source.clone()));
                self.last_reply_text = Some(text.to_owned());
            }
            self.consultation
                .replies
                .last()
                .map(|r| r.id.clone())
                .unwrap_or_default()
        });
        if reply.is_none() {
            self.last_reply_text = None;
        }
        let Some(text) = opinion else {
            self.warnings.push(Warning {
                source,
                message: "row has a reply but no opinion text; the reply is kept unlinked"
                    .to_owned(),
            });
            if let Some(r) = self.consultation.replies.last_mut() {
                r.link = crate::consultation::ReplyLink::Unlinked;
            }
            return Ok(());
        };
        self.read += 1;
        let n = self.read;
        let mut id = get(self.columns.id)
            .map(str::to_owned)
            .unwrap_or_else(|| format!("o{n}"));
        if !self.ids.insert(id.clone()) {
            let unique = format!("{id}#{n}");
            self.warnings.push(Warning {
                source: source.clone(),
                message: format!("id {id:?} was used before; this opinion is {unique:?}"),
            });
            id = unique;
            self.ids.insert(id.clone());
        }
        let mut op = Opinion::new(id, text, source);
        op.section = get(self.columns.section).map(str::to_owned);
        op.reply = reply_id;
        intake.take(&mut self.consultation, op)
    }

    pub(crate) fn path(&self) -> &Path {
        self.path
    }
}
