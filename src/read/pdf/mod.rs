//! Published opinion/reply tables, read from the PDF itself.
//!
//! Takes a PDF as cities and ministries publish it (made by Word, Excel, LibreOffice or a
//! browser); gives a [`Consultation`] with the table's opinions, replies and sections, and
//! an explanation per page and per item. Each phase is a module with a typed result:
//!
//! 1. `extract`: PDF → pages of positioned characters and ruling lines (pdf-extract
//!    decodes the fonts through their ToUnicode maps);
//! 2. `grid`: page → tables of cells, from the ruling lines; a cell merged over several
//!    rows stays one cell;
//! 3. `columns`: header cells → what each column holds;
//! 4. `rows`: cells of all pages → rows, sections and dropped text, joining rows and
//!    replies cut by page breaks;
//! 5. here: rows → opinions (the number column's text as id) and replies, linked by the
//!    row they share.
//!
//! Every character drawn ends up in exactly one opinion, reply, section or dropped item
//! (a header row, a page number, text before or after the table); [`PdfRead::chars`]
//! counts them so that tests can check it.

mod columns;
mod extract;
mod grid;
mod rows;
mod shared_glyphs;
mod text;

#[cfg(test)]
mod tests;

use std::path::Path;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::consultation::{Consultation, Opinion, Reply, ReplyLink, Source};
use crate::error::{Error, ErrorKind, Result};

use super::Warning;
use super::pdf_table::Explanation;
use rows::{CellAt, Entry, rows};

/// What a PDF's pages held.
#[derive(Debug, Clone)]
pub(crate) struct PdfRead {
    pub consultation: Consultation,
    pub explain: Vec<Explanation>,
    pub warnings: Vec<Warning>,
    /// Characters drawn, and characters in each destination: opinions (numbers and items
    /// included), replies, sections, dropped.
    pub chars: CharCount,
}

/// Where the characters drawn went.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct CharCount {
    pub drawn: usize,
    pub opinions: usize,
    pub replies: usize,
    pub sections: usize,
    pub dropped: usize,
}

/// Reads the opinion/reply table of the PDF at `path`; `file` names it in sources.
pub(crate) fn read_pdf(path: &Path, file: &str) -> Result<PdfRead> {
    let pages = extract::read_pages(path)?;
    let drawn: usize = pages
        .iter()
        .flat_map(|p| &p.glyphs)
        .map(|g| g.text.chars().count())
        .sum();
    let grids: Vec<(u32, grid::PageGrid)> =
        pages.iter().map(|p| (p.number, grid::grid(p))).collect();
    if grids.iter().all(|(_, g)| g.regions.is_empty()) {
        return Err(Error::new(ErrorKind::Pdf {
            path: path.to_owned(),
            page: None,
            reason: "it holds no ruled table (no cell borders on any page); iken reads the \
                     opinion/reply tables consultations publish"
                .to_owned(),
        }));
    }
    let rows = rows(&grids);
    let mut read = assemble(file, &grids, &rows);
    read.chars.drawn = drawn;
    if read.consultation.opinions.is_empty() {
        return Err(Error::new(ErrorKind::Pdf {
            path: path.to_owned(),
            page: None,
            reason: if rows.header_found {
                "its table has a header row but no opinion under it".to_owned()
            } else {
                "no table with an opinion column was found (no header row naming ご意見 and \
                 考え方/回答, and no table whose columns could stand for them)"
                    .to_owned()
            },
        }));
    }
    Ok(read)
}

fn assemble(file: &str, grids: &[(u32, grid::PageGrid)], rows: &rows::Rows) -> PdfRead {
    let mut explain = page_explanations(grids, rows);
    let mut chars = CharCount::default();
    let mut warnings = Vec::new();
    let source = |page: u32| Source {
        file: file.to_owned(),
        page: Some(page),
        ..Source::default()
    };
    let cell_name =
        |table: usize, row: usize, role: &str| format!("table {} row {row} {role}", table + 1);
    // Replies: cells continued across pages are one reply.
    let mut replies: Vec<Reply> = Vec::new();
    let mut reply_of: FxHashMap<CellAt, usize> = FxHashMap::default();
    for cell in &rows.replies {
        chars.replies += cell.chars;
        let index = match (cell.continues, replies.len()) {
            (Some(_), n) if n > 0 => {
                text::join_line(&mut replies[n - 1].text, &cell.text);
                n - 1
            }
            _ => {
                replies.push(Reply {
                    id: format!("r{}", replies.len() + 1),
                    text: cell.text.clone(),
                    link: ReplyLink::Unlinked,
                    source: source(cell.page),
                });
                replies.len() - 1
            }
        };
        reply_of.insert(cell.at, index);
        explain.push(Explanation {
            lines: (0, 0),
            page: Some(cell.page),
            cell: Some(cell_name(cell.at.1, cell.row, "reply")),
            kind: "reply",
            id: Some(replies[index].id.clone()),
            reasons: cell
                .continues
                .map(|why| {
                    vec![format!(
                        "continues {} across the page break: {why}",
                        replies[index].id
                    )]
                })
                .unwrap_or_else(|| vec!["a cell of the reply column".to_owned()]),
            excerpt: excerpt(&cell.text),
        });
    }
    let mut opinions: Vec<Opinion> = Vec::new();
    let mut ids: FxHashSet<String> = FxHashSet::default();
    let mut section: Option<String> = None;
    for entry in &rows.entries {
        match entry {
            Entry::Section {
                page,
                text,
                chars: n,
                why,
            } => {
                chars.sections += n;
                section = Some(text.clone());
                explain.push(Explanation {
                    lines: (0, 0),
                    page: Some(*page),
                    cell: None,
                    kind: "section",
                    id: None,
                    reasons: vec![(*why).to_owned()],
                    excerpt: excerpt(text),
                });
            }
            Entry::Dropped {
                page,
                text,
                chars: n,
                why,
            } => {
                chars.dropped += n;
                explain.push(Explanation {
                    lines: (0, 0),
                    page: Some(*page),
                    cell: None,
                    kind: "dropped",
                    id: None,
                    reasons: vec![(*why).to_owned()],
                    excerpt: excerpt(text),
                });
            }
            Entry::Row(row) => {
                chars.opinions += row.chars;
                let reply = row.reply.and_then(|at| reply_of.get(&at).copied());
                let mut reasons = Vec::new();
                let continued = row.continues.is_some() && !opinions.is_empty();
                if continued {
                    let last = opinions.last_mut().expect("checked non-empty");
                    text::join_line(&mut last.text, &row.opinion);
                    if last.reply.is_none() {
                        last.reply = reply.map(|r| replies[r].id.clone());
                    }
                    reasons.push(format!(
                        "continues {} across the page break: {}",
                        last.id,
                        row.continues.unwrap_or_default()
                    ));
                } else {
                    let base = row
                        .number
                        .clone()
                        .unwrap_or_else(|| format!("o{}", opinions.len() + 1));
                    let mut id = base.clone();
                    let mut n = 1;
                    while !ids.insert(id.clone()) {
                        n += 1;
                        id = format!("{base}-{n}");
                    }
                    if n > 1 {
                        warnings.push(Warning {
                            source: source(row.page),
                            message: format!("number {base:?} is used again; this opinion is {id}"),
                        });
                    }
                    let mut o = Opinion::new(id, row.opinion.clone(), source(row.page));
                    o.section = row.item.clone().or_else(|| section.clone());
                    o.reply = reply.map(|r| replies[r].id.clone());
                    if row.number.is_some() {
                        reasons.push("its id is the number column's text".to_owned());
                    }
                    opinions.push(o);
                }
                let last = opinions.last().expect("pushed or continued");
                match &last.reply {
                    Some(r) => reasons.push(format!("answered by {r}, the reply cell beside it")),
                    None => reasons.push("no reply cell beside it".to_owned()),
                }
                if let Some(item) = &row.item {
                    reasons.push(format!("section from its item cell: {}", excerpt(item)));
                }
                explain.push(Explanation {
                    lines: (0, 0),
                    page: Some(row.page),
                    cell: Some(cell_name(row.at.1, row.row, "opinion")),
                    kind: "opinion",
                    id: Some(last.id.clone()),
                    reasons,
                    excerpt: excerpt(&row.opinion),
                });
            }
        }
    }
    let linked: FxHashSet<&str> = opinions.iter().filter_map(|o| o.reply.as_deref()).collect();
    for r in &mut replies {
        if linked.contains(r.id.as_str()) {
            r.link = ReplyLink::Given;
        } else {
            warnings.push(Warning {
                source: r.source.clone(),
                message: format!("reply {} stands beside no opinion", r.id),
            });
        }
    }
    for o in &opinions {
        if o.reply.is_none() && !replies.is_empty() {
            warnings.push(Warning {
                source: o.source.clone(),
                message: format!("opinion {} has no reply beside it", o.id),
            });
        }
    }
    // Page by page; within a page, replies after the rows they stand beside.
    explain.sort_by_key(|e| e.page);
    PdfRead {
        consultation: Consultation { opinions, replies },
        explain,
        warnings,
        chars,
    }
}

/// Per page: the tables, their columns and how many rows.
fn page_explanations(grids: &[(u32, grid::PageGrid)], rows: &rows::Rows) -> Vec<Explanation> {
    let mut out = Vec::new();
    for (p, (page, grid)) in grids.iter().enumerate() {
        let mut reasons = Vec::new();
        for (r, region) in grid.regions.iter().enumerate() {
            let roles = rows.roles.get(p).and_then(|x| x.get(r));
            let columns: Vec<String> = region
                .columns
                .iter()
                .enumerate()
                .map(|(c, (l, rr))| {
                    let role = roles.and_then(|x| x.get(c)).map_or("?", |x| x.name());
                    format!("{role} x {l:.0}–{rr:.0}")
                })
                .collect();
            let mut tops: Vec<f64> = region.cells.iter().map(|c| c.top).collect();
            tops.sort_by(f64::total_cmp);
            tops.dedup_by(|b, a| *b - *a <= 2.0);
            reasons.push(format!(
                "table {} (y {:.0}–{:.0}): {} rows; columns {}",
                r + 1,
                region.top,
                region.bottom,
                tops.len(),
                columns.join(" | ")
            ));
        }
        if grid.regions.is_empty() {
            reasons.push("no table".to_owned());
        }
        out.push(Explanation {
            lines: (0, 0),
            page: Some(*page),
            cell: None,
            kind: "page",
            id: None,
            reasons,
            excerpt: format!("{} lines outside the tables", grid.outside.len()),
        });
    }
    out
}

fn excerpt(text: &str) -> String {
    let mut e: String = text.chars().take(40).collect();
    if text.chars().count() > 40 {
        e.push('…');
    }
    e
}
