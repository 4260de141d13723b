//! Tables of cells, page after page → one stream of table rows.
//!
//! Takes every page's [`PageGrid`]; gives [`Entry`]s in reading order: sections, rows
//! (an opinion cell with the number, item and reply cells beside it) and dropped text
//! (header rows, page headers and numbers, text before and after the table), and the
//! reply cells, each knowing whether it continues the one before.
//!
//! - **Columns** are named by the first header row ([`header_roles`]); a table on a later
//!   page without a header takes the roles of the header's columns it lines up with; a
//!   document with no header row at all gets roles by position.
//! - **Rows** are the opinion column's cells. A cell spanning the opinion and reply
//!   columns is a section row.
//! - **Page breaks.** The first row of a page continues the last row of the previous page
//!   when its number cell is empty (with a number column), when the previous row's cell
//!   had no rule below it or this one none above it, or, without a number column, when
//!   the previous opinion stops mid-sentence. A reply cell at the top of a page continues
//!   the previous reply when its row does, when it is empty, or when the rules say so.
//! - **Outside the table**, a line found on several pages (digits aside) is a page header
//!   or footer and a bare number is a page number: dropped. A line between two tables is
//!   a section heading; lines before the first table and after the last are dropped.

use rustc_hash::FxHashMap;
use unicode_normalization::UnicodeNormalization;

use super::columns::{Role, header_roles, positional_roles};
use super::grid::{Cell, PageGrid, Region};
use super::text::join_line;

/// Where a cell is: page index, region index, cell index.
pub(crate) type CellAt = (usize, usize, usize);

/// One item of the table, in reading order.
#[derive(Debug, Clone)]
pub(crate) enum Entry {
    Section {
        page: u32,
        text: String,
        chars: usize,
        why: &'static str,
    },
    Row(Row),
    Dropped {
        page: u32,
        text: String,
        chars: usize,
        why: &'static str,
    },
}

/// One opinion cell and what stands beside it.
#[derive(Debug, Clone)]
pub(crate) struct Row {
    pub page: u32,
    pub at: CellAt,
    /// Row number within its table on the page, counting from 1 (header rows included).
    pub row: usize,
    pub number: Option<String>,
    pub item: Option<String>,
    pub opinion: String,
    /// Characters in the number, item and opinion cells.
    pub chars: usize,
    pub reply: Option<CellAt>,
    /// It continues the previous row, cut by the page break; and why.
    pub continues: Option<&'static str>,
}

/// A reply cell.
#[derive(Debug, Clone)]
pub(crate) struct ReplyCell {
    pub page: u32,
    pub at: CellAt,
    pub row: usize,
    pub text: String,
    pub chars: usize,
    /// It continues the previous reply cell across a page break; and why.
    pub continues: Option<&'static str>,
}

impl ReplyCell {
    fn new(
        page: u32,
        at: CellAt,
        row: usize,
        cell: &Cell,
        continues: Option<&'static str>,
    ) -> Self {
        ReplyCell {
            page,
            at,
            row,
            text: cell.text.clone(),
            chars: cell.chars,
            continues,
        }
    }
}

/// What the rows of all pages are.
#[derive(Debug, Default)]
pub(crate) struct Rows {
    pub entries: Vec<Entry>,
    pub replies: Vec<ReplyCell>,
    /// Per page, per region: the roles of its columns.
    pub roles: Vec<Vec<Vec<Role>>>,
    /// Whether any header row was found.
    pub header_found: bool,
    /// The last item cell's text: an empty item cell (a merged one's rest after a page
    /// break, or 「同上」 left blank) repeats it.
    last_item: Option<String>,
    /// The last item cell had no rule below it.
    last_item_open: bool,
}

/// A header row's column x-ranges and their roles.
type Header = (Vec<(f64, f64)>, Vec<Role>);

const SNAP: f64 = 2.0;
/// A cell's first line further than this (points) below the top of the table's body is
/// not the rest of a cell cut by the page break.
const TOP_GAP: f64 = 16.0;

/// Reads the rows of every page.
pub(crate) fn rows(pages: &[(u32, PageGrid)]) -> Rows {
    let mut out = Rows::default();
    let repeated = repeated_lines(pages);
    let first_region = pages.iter().position(|(_, g)| !g.regions.is_empty());
    let last_region = pages.iter().rposition(|(_, g)| !g.regions.is_empty());
    let fallback = fallback_roles(pages);
    // The last header's column x-ranges and roles.
    let mut header: Option<Header> = None;
    let mut pending_section: Option<(u32, String, usize)> = None;
    let mut last_row_open = false;
    let mut last_reply_open = false;
    let mut seen_table = false;
    for (p, (page_no, grid)) in pages.iter().enumerate() {
        let page_no = *page_no;
        // Interleave outside lines and regions by position.
        let mut items: Vec<(f64, Option<usize>, usize)> = grid
            .outside
            .iter()
            .enumerate()
            .map(|(i, l)| (l.0, None, i))
            .chain(
                grid.regions
                    .iter()
                    .enumerate()
                    .map(|(r, reg)| (reg.top, Some(r), 0)),
            )
            .collect();
        items.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut page_roles = vec![Vec::new(); grid.regions.len()];
        let mut first_on_page = true;
        for (_, region_index, line_index) in items {
            let Some(r) = region_index else {
                let (_, text, chars) = &grid.outside[line_index];
                let key = digits_folded(text);
                let why = if is_page_number(text) {
                    Some("page number")
                } else if repeated.get(&key).copied().unwrap_or(0) >= 2 {
                    Some("page header or footer (on several pages)")
                } else if first_region.is_none_or(|f| p < f) || !seen_table {
                    Some("before the table")
                } else if last_region.is_some_and(|l| p > l) {
                    Some("after the table")
                } else {
                    None
                };
                match why {
                    Some(why) => out.entries.push(Entry::Dropped {
                        page: page_no,
                        text: text.clone(),
                        chars: *chars,
                        why,
                    }),
                    None => {
                        let s = pending_section.get_or_insert((page_no, String::new(), 0));
                        if !s.1.is_empty() {
                            s.1.push(' ');
                        }
                        s.1.push_str(text);
                        s.2 += chars;
                    }
                }
                continue;
            };
            let region = &grid.regions[r];
            seen_table = true;
            // Is the top row a header?
            let top_rows = top_row_cells(region);
            let found = top_rows.iter().find_map(|cells| {
                let view: Vec<(usize, usize, &str)> = cells
                    .iter()
                    .map(|&c| {
                        (
                            region.cells[c].col,
                            region.cells[c].span,
                            region.cells[c].text.as_str(),
                        )
                    })
                    .collect();
                header_roles(&view, region.columns.len()).map(|roles| (cells.clone(), roles))
            });
            let mut skip: Vec<usize> = Vec::new();
            let roles = match found {
                Some((cells, roles)) => {
                    let repeat = header.is_some();
                    for &c in &cells {
                        let cell = &region.cells[c];
                        if cell.chars > 0 {
                            out.entries.push(Entry::Dropped {
                                page: page_no,
                                text: cell.text.clone(),
                                chars: cell.chars,
                                why: if repeat {
                                    "header row (repeated)"
                                } else {
                                    "header row"
                                },
                            });
                        }
                    }
                    // Anything above the header row in this table is a caption.
                    let header_top = cells
                        .iter()
                        .map(|&c| region.cells[c].top)
                        .fold(f64::MAX, f64::min);
                    for (c, cell) in region.cells.iter().enumerate() {
                        if cell.bottom <= header_top + SNAP && !cells.contains(&c) && cell.chars > 0
                        {
                            out.entries.push(Entry::Dropped {
                                page: page_no,
                                text: cell.text.clone(),
                                chars: cell.chars,
                                why: "caption above the header row",
                            });
                            skip.push(c);
                        }
                    }
                    skip.extend(cells);
                    header = Some((region.columns.clone(), roles.clone()));
                    out.header_found = true;
                    roles
                }
                None => match &header {
                    Some((columns, roles)) => aligned_roles(&region.columns, columns, roles),
                    None => fallback.clone().unwrap_or_else(|| by_width(region)),
                },
            };
            if let Some((sp, text, chars)) = pending_section.take() {
                out.entries.push(Entry::Section {
                    page: sp,
                    text,
                    chars,
                    why: "a line between tables",
                });
            }
            let continues_page = first_on_page && p > 0;
            let (row_open, reply_open) = body(
                &mut out,
                (p, r, page_no),
                region,
                &roles,
                &skip,
                continues_page.then_some((last_row_open, last_reply_open)),
            );
            last_row_open = row_open;
            last_reply_open = reply_open;
            page_roles[r] = roles;
            first_on_page = false;
        }
        out.roles.push(page_roles);
    }
    if let Some((page, text, chars)) = pending_section {
        out.entries.push(Entry::Dropped {
            page,
            text,
            chars,
            why: "after the table",
        });
    }
    out
}

/// The body rows of one region. `carry` is, for the first region of a page, whether the
/// previous page's last row and last reply were left open. Returns the same for this
/// region's last row and reply.
fn body(
    out: &mut Rows,
    (p, r, page_no): (usize, usize, u32),
    region: &Region,
    roles: &[Role],
    skip: &[usize],
    carry: Option<(bool, bool)>,
) -> (bool, bool) {
    let col_of = |role| roles.iter().position(|&x| x == role);
    let (Some(opinion_col), reply_col) = (col_of(Role::Opinion), col_of(Role::Reply)) else {
        for (c, cell) in region.cells.iter().enumerate() {
            if !skip.contains(&c) && cell.chars > 0 {
                out.entries.push(Entry::Dropped {
                    page: page_no,
                    text: cell.text.clone(),
                    chars: cell.chars,
                    why: "a table without an opinion column",
                });
            }
        }
        return (false, false);
    };
    let number_col = col_of(Role::Number);
    let body_top = skip
        .iter()
        .map(|&c| region.cells[c].bottom)
        .fold(region.top, f64::max);
    let item_col = col_of(Role::Item);
    let row_tops: Vec<f64> = {
        let mut t: Vec<f64> = region.cells.iter().map(|c| c.top).collect();
        t.sort_by(f64::total_cmp);
        t.dedup_by(|b, a| *b - *a <= SNAP);
        t
    };
    let row_of = |cell: &Cell| {
        row_tops
            .iter()
            .position(|&t| (t - cell.top).abs() <= SNAP)
            .unwrap_or(0)
            + 1
    };
    let beside = |col: Option<usize>, anchor: &Cell| -> Option<usize> {
        let col = col?;
        region
            .cells
            .iter()
            .enumerate()
            .filter(|(c, cell)| !skip.contains(c) && cell.covers(col) && !cell.covers(opinion_col))
            // The anchor's lines, not its box: after a page break a cell's box can reach
            // up beside the previous row's rest.
            .map(|(c, cell)| {
                (
                    c,
                    cell.bottom.min(anchor.ink.1) - cell.top.max(anchor.ink.0),
                )
            })
            .filter(|&(_, overlap)| overlap > 0.0)
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(c, _)| c)
    };
    // Reply cells of this region, in order; the first may continue the previous page's.
    let mut reply_index: FxHashMap<usize, usize> = FxHashMap::default();
    let mut used_cells: Vec<usize> = Vec::new();
    let mut first_row = true;
    let mut last_row_open = false;
    let mut last_reply_open = false;
    let mut first_reply = true;
    let mut first_item = true;
    let mut item_texts: FxHashMap<usize, String> = FxHashMap::default();
    let mut row_continued_first = false;
    for (c, cell) in region.cells.iter().enumerate() {
        if skip.contains(&c) || !cell.covers(opinion_col) {
            continue;
        }
        let spans_reply = reply_col.is_some_and(|rc| cell.covers(rc));
        if spans_reply
            || cell.span > 1
                && cell.covers(opinion_col)
                && number_col.is_some_and(|n| cell.covers(n))
                && reply_col.is_none()
        {
            if cell.chars > 0 {
                out.entries.push(Entry::Section {
                    page: page_no,
                    text: cell.text.clone(),
                    chars: cell.chars,
                    why: "a row spanning the opinion and reply columns",
                });
            }
            first_row = false;
            last_row_open = false;
            continue;
        }
        let number = beside(number_col, cell);
        let item = beside(item_col, cell);
        let reply = beside(reply_col, cell);
        used_cells.extend([number, item].into_iter().flatten());
        let text_of = |c: Option<usize>| {
            c.map(|c| region.cells[c].text.clone())
                .filter(|t| !t.trim().is_empty())
        };
        let number_text = text_of(number);
        // A cell continued from the previous page starts right under the header: a cell
        // whose first line is lower stands after the previous row's rest.
        let at_top = cell.chars == 0 || cell.ink.0 - body_top < TOP_GAP;
        let continues = match (first_row, carry) {
            (true, Some((prev_open, _))) => {
                if number_col.is_some() {
                    number_text.is_none().then_some("its number cell is empty")
                } else if cell.chars == 0 && (cell.open_top || prev_open) {
                    Some("an empty cell at the top of the page: the previous row's rest")
                } else if at_top
                    && !cell.text.is_empty()
                    && out.entries.iter().rev().find_map(|e| match e {
                        Entry::Row(r) => Some(ends_mid_sentence(&r.opinion)),
                        Entry::Section { .. } => Some(false),
                        _ => None,
                    }) == Some(true)
                {
                    Some("the previous page's last opinion stops mid-sentence")
                } else {
                    None
                }
            }
            _ => None,
        };
        if first_row {
            row_continued_first = continues.is_some();
        }
        let chars = cell.chars
            + number.map_or(0, |c| region.cells[c].chars)
            + item.map_or(0, |c| region.cells[c].chars);
        let text_of = |c: Option<usize>| {
            c.map(|c| region.cells[c].text.clone())
                .filter(|t| !t.trim().is_empty())
        };
        // An empty reply cell is no reply, unless it is a merged cell's rest after a break.
        let reply = reply.filter(|&rc| {
            region.cells[rc].chars > 0
                || reply_index.contains_key(&rc)
                || (first_reply && carry.is_some() && region.cells[rc].top <= cell.top + SNAP)
        });
        let reply_at = reply.map(|rc| {
            let next = out.replies.len();
            let index = *reply_index.entry(rc).or_insert_with(|| {
                let rcell = &region.cells[rc];
                let continues = if first_reply {
                    // Chromium leaves the last row's bottom rule undrawn
                    // whether or not the row goes on, so rules alone do not
                    // tell; the row, the emptiness, the sentence do.
                    carry.and_then(|_| {
                        if rcell.top > body_top + SNAP {
                            None
                        } else if row_continued_first && rcell.top <= cell.top + SNAP {
                            Some("its row continues from the previous page")
                        } else if rcell.chars == 0 {
                            Some("it is empty at the top of the page: a merged cell's rest")
                        } else if rcell.ink.0 - body_top < TOP_GAP
                            && out
                                .replies
                                .last()
                                .is_some_and(|r| ends_mid_sentence(&r.text))
                        {
                            Some("the previous page's last reply stops mid-sentence")
                        } else {
                            None
                        }
                    })
                } else {
                    None
                };
                first_reply = false;
                out.replies.push(ReplyCell::new(
                    page_no,
                    (p, r, rc),
                    row_of(rcell),
                    rcell,
                    continues,
                ));
                next
            });
            last_reply_open = region.cells[rc].open_bottom;
            out.replies[index].at
        });
        // An item cell at the top of a page continues the last one when it starts as no
        // label can (with a particle), when the reply merged beside it goes on from the
        // previous page, or when no rule closed the last one and it starts at the top.
        let reply_continued = reply_at
            .and_then(|at| out.replies.iter().rev().find(|x| x.at == at))
            .is_some_and(|x| x.continues.is_some());
        let resolved = item.and_then(|ic| item_texts.get(&ic).cloned());
        let item_text = match (text_of(item), item) {
            _ if resolved.is_some() => resolved,
            // The rest of a merged item cell cut by the page break: the item so far, and
            // the rows already given it, read on.
            (Some(more), Some(ic))
                if first_item
                    && carry.is_some()
                    && region.cells[ic].top <= body_top + SNAP
                    && (starts_as_continuation(&more)
                        || reply_continued
                        || ((region.cells[ic].open_top || out.last_item_open)
                            && region.cells[ic].ink.0 - body_top < TOP_GAP)) =>
            {
                let before = out.last_item.clone().unwrap_or_default();
                let mut joined = before.clone();
                join_line(&mut joined, &more);
                for e in out.entries.iter_mut().rev() {
                    match e {
                        Entry::Row(r) if r.item.as_deref() == Some(before.as_str()) => {
                            r.item = Some(joined.clone());
                        }
                        Entry::Row(_) | Entry::Section { .. } => break,
                        Entry::Dropped { .. } => {}
                    }
                }
                Some(joined)
            }
            (Some(t), _) => Some(t),
            (None, _) if item_col.is_some() => out.last_item.clone(),
            (None, _) => None,
        };
        if let Some(ic) = item {
            if let Some(t) = &item_text {
                item_texts.insert(ic, t.clone());
            }
            first_item = false;
            out.last_item_open = region.cells[ic].open_bottom;
        }
        out.last_item.clone_from(&item_text);
        if cell.chars == 0 && number_text.is_none() && continues.is_none() {
            // An empty row: nothing to keep (a reply beside it is kept as a reply).
            first_row = false;
            continue;
        }
        out.entries.push(Entry::Row(Row {
            page: page_no,
            at: (p, r, c),
            row: row_of(cell),
            number: number_text.map(|t| t.nfkc().collect::<String>().trim().to_owned()),
            item: item_text,
            opinion: cell.text.clone(),
            chars,
            reply: reply_at,
            continues,
        }));
        first_row = false;
        last_row_open = cell.open_bottom;
    }
    // Cells beside no opinion: replies alone, and other columns' text.
    for (c, cell) in region.cells.iter().enumerate() {
        if skip.contains(&c)
            || cell.covers(opinion_col)
            || cell.chars == 0
            || used_cells.contains(&c)
        {
            continue;
        }
        if reply_col.is_some_and(|rc| cell.covers(rc)) {
            if let std::collections::hash_map::Entry::Vacant(slot) = reply_index.entry(c) {
                slot.insert(out.replies.len());
                out.replies
                    .push(ReplyCell::new(page_no, (p, r, c), row_of(cell), cell, None));
            }
        } else {
            out.entries.push(Entry::Dropped {
                page: page_no,
                text: cell.text.clone(),
                chars: cell.chars,
                why: if roles.get(cell.col) == Some(&Role::Other) {
                    "a column iken does not read"
                } else {
                    "a number or item cell beside no opinion"
                },
            });
        }
    }
    (last_row_open, last_reply_open)
}

/// The top rows' cells (up to three rows), each row a list of cell indices.
fn top_row_cells(region: &Region) -> Vec<Vec<usize>> {
    let mut tops: Vec<f64> = region.cells.iter().map(|c| c.top).collect();
    tops.sort_by(f64::total_cmp);
    tops.dedup_by(|b, a| *b - *a <= SNAP);
    tops.iter()
        .take(3)
        .map(|&t| {
            region
                .cells
                .iter()
                .enumerate()
                .filter(|(_, c)| (c.top - t).abs() <= SNAP)
                .map(|(i, _)| i)
                .collect()
        })
        .collect()
}

/// Roles for a region from a header's columns: each column takes the role of the header
/// column it overlaps most.
fn aligned_roles(columns: &[(f64, f64)], header: &[(f64, f64)], roles: &[Role]) -> Vec<Role> {
    columns
        .iter()
        .map(|&(l, r)| {
            header
                .iter()
                .zip(roles)
                .map(|(&(hl, hr), &role)| (hr.min(r) - hl.max(l), role))
                .filter(|&(overlap, _)| overlap > (r - l) * 0.5)
                .max_by(|a, b| a.0.total_cmp(&b.0))
                .map_or(Role::Other, |(_, role)| role)
        })
        .collect()
}

/// Roles by position for a document without any header row, from its first table.
fn fallback_roles(pages: &[(u32, PageGrid)]) -> Option<Vec<Role>> {
    let region = pages.iter().flat_map(|(_, g)| &g.regions).next()?;
    let widths: Vec<f64> = region.columns.iter().map(|(l, r)| r - l).collect();
    let numeric: Vec<bool> = (0..region.columns.len())
        .map(|col| {
            let cells: Vec<&Cell> = region
                .cells
                .iter()
                .filter(|c| c.col == col && c.span == 1 && c.chars > 0)
                .collect();
            !cells.is_empty()
                && cells.iter().all(|c| {
                    let t: String = c.text.nfkc().collect();
                    t.trim()
                        .trim_end_matches('.')
                        .chars()
                        .all(|ch| ch.is_ascii_digit() || ch == '-')
                })
        })
        .collect();
    positional_roles(&widths, &numeric)
}

fn by_width(region: &Region) -> Vec<Role> {
    let widths: Vec<f64> = region.columns.iter().map(|(l, r)| r - l).collect();
    positional_roles(&widths, &vec![false; widths.len()])
        .unwrap_or_else(|| vec![Role::Other; widths.len()])
}

/// Lines outside tables, digits folded, counted by the pages they are on.
fn repeated_lines(pages: &[(u32, PageGrid)]) -> FxHashMap<String, usize> {
    let mut seen: FxHashMap<String, usize> = FxHashMap::default();
    for (_, grid) in pages {
        let mut on_page: Vec<String> = grid.outside.iter().map(|l| digits_folded(&l.1)).collect();
        on_page.sort();
        on_page.dedup();
        for key in on_page {
            *seen.entry(key).or_default() += 1;
        }
    }
    seen
}

fn digits_folded(text: &str) -> String {
    text.nfkc()
        .filter(|c| !c.is_whitespace())
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .collect()
}

/// 「3」, 「- 3 -」, 「3/12」, 「3ページ」, 「Page 3」, 「P.3」.
fn is_page_number(text: &str) -> bool {
    let t: String = text
        .nfkc()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    let core = t
        .trim_start_matches("page")
        .trim_start_matches("p.")
        .trim_start_matches('p')
        .trim_matches(|c| matches!(c, '-' | '‐' | '–' | '—' | '(' | ')'))
        .trim_end_matches("ページ")
        .trim_end_matches('頁');
    let mut parts = core.split('/');
    let first = parts.next().unwrap_or("");
    !first.is_empty()
        && first.chars().all(|c| c.is_ascii_digit())
        && parts.all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
}

/// Whether a Japanese text stops mid-sentence: its last character is kana, a kanji or a
/// comma, and it does not end in a sentence-final predicate (〜ます, 〜です, 〜ません,
/// 〜ください, 〜たい, 〜べき, 〜こと: tables often leave out the final 。). A sentence
/// end, a bracket, a URL or a number says nothing.
pub(crate) fn ends_mid_sentence(text: &str) -> bool {
    const FINAL: &[&str] = &[
        "ます",
        "です",
        "ません",
        "ください",
        "たい",
        "ほしい",
        "べき",
        "こと",
        "もの",
        "ため",
        "ないか",
        "でしょうか",
        "か",
    ];
    let t = text.trim_end();
    t.chars().last().is_some_and(|c| {
        matches!(c,
            '\u{3041}'..='\u{309F}' | '\u{30A1}'..='\u{30FA}' | '\u{30FC}'
            | '\u{4E00}'..='\u{9FFF}' | '、' | '，' | '・')
    }) && !FINAL.iter().any(|f| t.ends_with(f))
}

/// Whether a text starts as only a continuation can: with the particle の or を (which
/// other particles could also begin a word: に in にぎわい, は in はじめに), a small kana, the
/// long-vowel mark, or closing punctuation (no label or sentence begins so).
pub(crate) fn starts_as_continuation(text: &str) -> bool {
    text.trim_start().chars().next().is_some_and(|c| {
        matches!(
            c,
            'の' | 'を'
                | 'ぁ'
                | 'ぃ'
                | 'ぅ'
                | 'ぇ'
                | 'ぉ'
                | 'っ'
                | 'ゃ'
                | 'ゅ'
                | 'ょ'
                | 'ッ'
                | 'ャ'
                | 'ュ'
                | 'ョ'
                | 'ー'
                | '、'
                | '。'
                | '，'
                | '．'
                | '」'
                | '』'
                | '）'
                | ')'
                | '】'
        )
    })
}
