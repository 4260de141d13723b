//! Page → tables of cells, from ruling lines.
//!
//! Takes a [`Page`]; gives its [`Region`]s (each table's columns and cells, in reading
//! order) and the characters outside every table. A table is a run of vertical rules that
//! overlap vertically; its column boundaries are their x-positions. Within a column, the
//! horizontal rules that cross it cut it into cells, so a cell merged over several rows
//! (a reply answering several opinions) stays one cell; cells of neighbouring columns with
//! the same top and bottom and no rule between them merge (a section row across the
//! table). A column whose rules stop short of the table's edge has an open cell there: a
//! row the page break cut, continued on the next page.

use super::extract::{Glyph, Page, Rule};
use super::text::cell_text;

/// Positions closer than this (points) are the same line.
const SNAP: f64 = 2.0;
/// A cell lower than this (points) is the gap between a doubled rule.
const MIN_CELL: f64 = 3.0;

/// One table on one page.
#[derive(Debug, Clone, Default)]
pub(crate) struct Region {
    /// Column x-ranges, left to right.
    pub columns: Vec<(f64, f64)>,
    pub top: f64,
    pub bottom: f64,
    /// Cells, top to bottom then left to right.
    pub cells: Vec<Cell>,
}

/// One cell: a box of the grid, possibly spanning columns and rows.
#[derive(Debug, Clone, Default)]
pub(crate) struct Cell {
    /// First column.
    pub col: usize,
    /// Columns spanned (1 for an ordinary cell).
    pub span: usize,
    pub top: f64,
    pub bottom: f64,
    /// No rule above it: it continues a cell of the previous page.
    pub open_top: bool,
    /// No rule below it: it continues on the next page.
    pub open_bottom: bool,
    /// Its text, lines joined.
    pub text: String,
    /// How many characters were drawn in it.
    pub chars: usize,
    /// The top of its first line and the bottom of its last; the cell's own for an
    /// empty cell.
    pub ink: (f64, f64),
}

impl Cell {
    pub fn mid(&self) -> f64 {
        (self.top + self.bottom) / 2.0
    }
    pub fn covers(&self, col: usize) -> bool {
        self.col <= col && col < self.col + self.span
    }
}

/// What a page holds: its tables, and the glyphs outside them (titles, page numbers).
#[derive(Debug, Clone, Default)]
pub(crate) struct PageGrid {
    pub regions: Vec<Region>,
    /// Lines of text outside every region: (top, text, characters).
    pub outside: Vec<(f64, String, usize)>,
}

/// Finds the tables of a page and fills their cells.
pub(crate) fn grid(page: &Page) -> PageGrid {
    let frames = frames(&page.vertical);
    let mut regions: Vec<Region> = frames
        .iter()
        .filter_map(|f| region(f, &page.horizontal))
        .collect();
    regions.sort_by(|a, b| a.top.total_cmp(&b.top));
    let mut inside: Vec<Vec<Vec<&Glyph>>> = regions
        .iter()
        .map(|r| vec![Vec::new(); r.cells.len()])
        .collect();
    let mut outside: Vec<&Glyph> = Vec::new();
    for g in &page.glyphs {
        match locate(&regions, g) {
            Some((r, c)) => inside[r][c].push(g),
            None => outside.push(g),
        }
    }
    // A cell the page break left open can run past the last drawn border: lines that
    // follow on directly below it, in its column, are its own.
    outside.sort_by(|a, b| a.baseline.total_cmp(&b.baseline));
    outside.retain(|g| {
        for (r, region) in regions.iter().enumerate() {
            for (c, cell) in region.cells.iter().enumerate() {
                let (left, right) = (
                    region.columns[cell.col].0,
                    region.columns[cell.col + cell.span - 1].1,
                );
                if !cell.open_bottom || g.mid_x() < left || g.mid_x() > right {
                    continue;
                }
                let bottom = inside[r][c]
                    .iter()
                    .map(|g| g.bottom())
                    .fold(cell.bottom, f64::max);
                if g.top() >= cell.bottom - SNAP && g.top() <= bottom + g.size * 0.8 {
                    inside[r][c].push(g);
                    return false;
                }
            }
        }
        true
    });
    for (region, glyphs) in regions.iter_mut().zip(inside) {
        for (cell, glyphs) in region.cells.iter_mut().zip(glyphs) {
            cell.chars = glyphs.iter().map(|g| g.text.chars().count()).sum();
            cell.ink = if glyphs.is_empty() {
                (cell.top, cell.bottom)
            } else {
                glyphs.iter().fold((f64::MAX, f64::MIN), |(t, b), g| {
                    (t.min(g.top()), b.max(g.bottom()))
                })
            };
            cell.text = cell_text(&glyphs);
        }
    }
    PageGrid {
        regions,
        outside: super::text::lines(&outside),
    }
}

/// A table's frame: its column boundaries and vertical extent.
struct Frame {
    xs: Vec<f64>,
    top: f64,
    bottom: f64,
    /// Vertical rules, for checking whether a boundary is drawn at some height.
    rules: Vec<Rule>,
}

/// Groups vertical rules that overlap vertically (a table) and snaps their x-positions.
fn frames(vertical: &[Rule]) -> Vec<Frame> {
    let mut rules: Vec<Rule> = vertical.to_vec();
    rules.sort_by(|a, b| a.from.total_cmp(&b.from));
    let mut frames: Vec<Frame> = Vec::new();
    for r in rules {
        match frames.last_mut() {
            Some(f) if r.from <= f.bottom + SNAP => {
                f.bottom = f.bottom.max(r.to);
                f.rules.push(r);
            }
            _ => frames.push(Frame {
                xs: Vec::new(),
                top: r.from,
                bottom: r.to,
                rules: vec![r],
            }),
        }
    }
    for f in &mut frames {
        let mut xs: Vec<f64> = f.rules.iter().map(|r| r.at).collect();
        xs.sort_by(f64::total_cmp);
        let mut snapped: Vec<f64> = Vec::new();
        for x in xs {
            match snapped.last() {
                Some(&l) if x - l <= SNAP => {}
                _ => snapped.push(x),
            }
        }
        f.xs = snapped;
    }
    // A single vertical rule (a margin line, a bar beside a heading) is no table.
    frames.retain(|f| f.xs.len() >= 2);
    frames
}

/// Whether the boundary at `x` is drawn at height `y`.
fn drawn(rules: &[Rule], x: f64, y: f64) -> bool {
    rules
        .iter()
        .any(|r| (r.at - x).abs() <= SNAP && r.from - SNAP <= y && y <= r.to + SNAP)
}

/// Cuts a frame into cells with the horizontal rules that cross each column.
fn region(frame: &Frame, horizontal: &[Rule]) -> Option<Region> {
    let columns: Vec<(f64, f64)> = frame.xs.windows(2).map(|w| (w[0], w[1])).collect();
    let mut per_column: Vec<Vec<Cell>> = Vec::with_capacity(columns.len());
    for (c, &(left, right)) in columns.iter().enumerate() {
        let width = right - left;
        let mut cuts: Vec<f64> = horizontal
            .iter()
            .filter(|h| h.at >= frame.top - SNAP && h.at <= frame.bottom + SNAP)
            .filter(|h| {
                let covered = h.to.min(right) - h.from.max(left);
                covered >= width * 0.8 - SNAP
            })
            .map(|h| h.at)
            .collect();
        cuts.sort_by(f64::total_cmp);
        cuts.dedup_by(|b, a| *b - *a <= SNAP);
        let mut cells = Vec::new();
        let cell = |top: f64, bottom: f64, open_top: bool, open_bottom: bool| Cell {
            col: c,
            span: 1,
            top,
            bottom,
            open_top,
            open_bottom,
            ..Cell::default()
        };
        match (cuts.first(), cuts.last()) {
            (Some(&first), Some(&last)) => {
                if first - frame.top > MIN_CELL {
                    cells.push(cell(frame.top, first, true, false));
                }
                for w in cuts.windows(2) {
                    if w[1] - w[0] > MIN_CELL {
                        cells.push(cell(w[0], w[1], false, false));
                    }
                }
                if frame.bottom - last > MIN_CELL {
                    cells.push(cell(last, frame.bottom, false, true));
                }
            }
            _ => cells.push(cell(frame.top, frame.bottom, true, true)),
        }
        per_column.push(cells);
    }
    // Merge across columns: same top and bottom, boundary not drawn at mid-height.
    let mut cells: Vec<Cell> = Vec::new();
    for column in per_column {
        for cell in column {
            let boundary = columns[cell.col].0;
            let merged = cells.iter_mut().rev().find(|m| {
                m.col + m.span == cell.col
                    && (m.top - cell.top).abs() <= SNAP
                    && (m.bottom - cell.bottom).abs() <= SNAP
            });
            match merged {
                Some(m) if !drawn(&frame.rules, boundary, cell.mid()) => m.span += 1,
                _ => cells.push(cell),
            }
        }
    }
    cells.sort_by(|a, b| a.top.total_cmp(&b.top).then(a.col.cmp(&b.col)));
    Some(Region {
        columns,
        top: frame.top,
        bottom: frame.bottom,
        cells,
    })
}

/// The region and cell a glyph's middle falls in.
fn locate(regions: &[Region], g: &Glyph) -> Option<(usize, usize)> {
    let (x, y) = (g.mid_x(), g.mid_y());
    for (r, region) in regions.iter().enumerate() {
        let (left, right) = (
            region.columns[0].0,
            region.columns[region.columns.len() - 1].1,
        );
        if x < left - SNAP || x > right + SNAP || y < region.top - SNAP || y > region.bottom + SNAP
        {
            continue;
        }
        let col = region
            .columns
            .iter()
            .position(|&(_, r)| x <= r)
            .unwrap_or(region.columns.len() - 1);
        let best = region
            .cells
            .iter()
            .enumerate()
            .filter(|(_, c)| c.covers(col))
            .min_by(|(_, a), (_, b)| distance(a, y).total_cmp(&distance(b, y)));
        if let Some((c, _)) = best {
            return Some((r, c));
        }
    }
    None
}

/// How far `y` lies outside a cell (0 inside).
fn distance(cell: &Cell, y: f64) -> f64 {
    if y < cell.top {
        cell.top - y
    } else if y > cell.bottom {
        y - cell.bottom
    } else {
        0.0
    }
}
