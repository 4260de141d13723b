//! Tables typeset here, glyph by glyph, into pages: what the reader must give back.
//!
//! A small typesetter lays out a table as a PDF writer would (a number, an opinion and a
//! reply column; reply cells merged over their opinions' rows; section rows across the
//! table; the header repeated on every page; rows cut by page breaks, with the page's last
//! bottom rule drawn, as LibreOffice does, or not, as Chromium does) and the reader runs on
//! its pages, without a PDF in between. Properties: every character drawn ends up in
//! exactly one opinion, reply, section or dropped item; with a number column, every
//! opinion, reply, section and link comes back exactly.

use proptest::prelude::*;

use super::extract::{Glyph, Page, Rule};
use super::{CharCount, assemble, grid, rows};

const SIZE: f64 = 10.0;
const LINE: f64 = 14.0;
const PAD: f64 = 3.0;
const PAGE_TOP: f64 = 40.0;
const PAGE_BOTTOM: f64 = 800.0;

struct Group {
    section: Option<String>,
    reply: String,
    opinions: Vec<String>,
}

/// One line of a row: the text drawn in each column on it.
struct Band {
    /// Section text across the table, or (number, opinion, reply) lines.
    cells: Vec<Option<String>>,
    span_all: bool,
    /// A rule above it in each column.
    rule_above: Vec<bool>,
}

fn wrap(text: &str, width: usize) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    chars.chunks(width).map(|c| c.iter().collect()).collect()
}

/// Lays the table out in bands of one line each, then cuts them into pages.
fn typeset(groups: &[Group], numbered: bool, close_at_break: bool) -> Vec<Page> {
    let xs: Vec<f64> = if numbered {
        vec![40.0, 90.0, 310.0, 550.0]
    } else {
        vec![40.0, 300.0, 550.0]
    };
    let columns = xs.len() - 1;
    let chars_in = |c: usize| ((xs[c + 1] - xs[c] - 2.0 * PAD) / SIZE) as usize;
    let (reply_col, opinion_col) = (columns - 1, columns - 2);
    let header: Vec<&str> = if numbered {
        vec!["No.", "ご意見の要旨", "本市の考え方"]
    } else {
        vec!["ご意見の要旨", "本市の考え方"]
    };
    let mut bands: Vec<Band> = Vec::new();
    for (g, group) in groups.iter().enumerate() {
        if let Some(section) = &group.section {
            for (i, line) in wrap(section, chars_in(0) * columns).into_iter().enumerate() {
                bands.push(Band {
                    cells: vec![Some(line)],
                    span_all: true,
                    rule_above: vec![i == 0; columns],
                });
            }
        }
        let reply_lines = wrap(&group.reply, chars_in(reply_col));
        let mut reply_iter = reply_lines.into_iter();
        let n = group.opinions.len();
        for (k, opinion) in group.opinions.iter().enumerate() {
            let mut lines = wrap(opinion, chars_in(opinion_col));
            let number = format!("{}", g * 100 + k + 1);
            // The last row of the group grows to hold the rest of the reply.
            let reply_left = reply_iter.len();
            let height = if k + 1 == n {
                lines.len().max(reply_left)
            } else {
                lines.len().max(reply_left.div_ceil(n - k))
            };
            lines.resize(height, String::new());
            for (i, line) in lines.into_iter().enumerate() {
                let mut cells = vec![None; columns];
                if numbered && i == 0 {
                    cells[0] = Some(number.clone());
                }
                cells[opinion_col] = Some(line).filter(|l| !l.is_empty());
                cells[reply_col] = reply_iter.next();
                let mut rule_above = vec![i == 0; columns];
                rule_above[reply_col] = i == 0 && k == 0;
                bands.push(Band {
                    cells,
                    span_all: false,
                    rule_above,
                });
            }
        }
    }
    // Pages: a header band, then as many bands as fit.
    let mut pages = Vec::new();
    let mut rest = bands.as_slice();
    let per_page = ((PAGE_BOTTOM - PAGE_TOP - LINE - 2.0 * PAD) / LINE) as usize;
    let mut number = 0;
    while !rest.is_empty() {
        number += 1;
        let take = per_page.min(rest.len());
        let (on_page, next) = rest.split_at(take);
        rest = next;
        let mut page = Page {
            number,
            width: 595.0,
            height: 842.0,
            ..Page::default()
        };
        let mut y = PAGE_TOP;
        let full = |page: &mut Page, y: f64, from: usize, to: usize| {
            page.horizontal.push(Rule {
                at: y,
                from: xs[from],
                to: xs[to],
            });
        };
        full(&mut page, y, 0, columns);
        for (c, h) in header.iter().enumerate() {
            draw(&mut page, h, xs[c] + PAD, y + PAD + SIZE);
        }
        y += LINE + 2.0 * PAD;
        full(&mut page, y, 0, columns);
        let body_top = y;
        for band in on_page {
            for c in 0..columns {
                if band.rule_above[c] && y > body_top + 0.5 {
                    full(&mut page, y, c, c + 1);
                }
            }
            let baseline = y + SIZE;
            if band.span_all {
                if let Some(t) = &band.cells[0] {
                    draw(&mut page, t, xs[0] + PAD, baseline);
                }
            } else {
                for (c, cell) in band.cells.iter().enumerate() {
                    if let Some(t) = cell {
                        draw(&mut page, t, xs[c] + PAD, baseline);
                    }
                }
            }
            // Inner borders stop at a section row.
            for (c, &x) in xs.iter().enumerate() {
                if band.span_all && c != 0 && c != columns {
                    continue;
                }
                page.vertical.push(Rule {
                    at: x,
                    from: y,
                    to: y + LINE,
                });
            }
            y += LINE;
        }
        // The table's last rule: always at its end, at a page break only if asked.
        if rest.is_empty() || close_at_break {
            full(&mut page, y, 0, columns);
        }
        // The header's own verticals.
        for &x in &xs {
            page.vertical.push(Rule {
                at: x,
                from: PAGE_TOP,
                to: body_top,
            });
        }
        draw(&mut page, &format!("- {number} -"), 280.0, 830.0);
        pages.push(page);
    }
    pages
}

fn draw(page: &mut Page, text: &str, x: f64, baseline: f64) {
    for (i, ch) in text.chars().enumerate() {
        let left = x + i as f64 * SIZE;
        page.glyphs.push(Glyph {
            text: ch.to_string(),
            x: left,
            right: left + SIZE,
            baseline,
            size: SIZE,
            space_before: false,
        });
    }
}

fn read(pages: &[Page]) -> super::PdfRead {
    let grids: Vec<(u32, grid::PageGrid)> =
        pages.iter().map(|p| (p.number, grid::grid(p))).collect();
    let rows = rows::rows(&grids);
    let mut read = assemble("t.pdf", &grids, &rows);
    read.chars.drawn = pages
        .iter()
        .flat_map(|p| &p.glyphs)
        .map(|g| g.text.chars().count())
        .sum();
    read
}

fn text() -> impl Strategy<Value = String> {
    // Japanese without spaces, ending a sentence: what table cells hold.
    proptest::collection::vec(
        prop::sample::select(vec![
            '市', '民', '意', '見', 'の', 'を', 'に', 'デ', 'ジ', 'タ', 'ル', '、', '化', '策',
        ]),
        1..120,
    )
    .prop_map(|cs| cs.into_iter().collect::<String>() + "。")
}

fn groups() -> impl Strategy<Value = Vec<(bool, String, Vec<String>)>> {
    proptest::collection::vec(
        (
            any::<bool>(),
            text(),
            proptest::collection::vec(text(), 1..5),
        ),
        1..25,
    )
}

fn build(raw: Vec<(bool, String, Vec<String>)>) -> Vec<Group> {
    raw.into_iter()
        .enumerate()
        .map(|(i, (section, reply, opinions))| Group {
            section: (section || i == 0).then(|| format!("第{}章 総論について", i + 1)),
            reply,
            opinions,
        })
        .collect()
}

fn conserved(chars: CharCount) -> bool {
    chars.drawn == chars.opinions + chars.replies + chars.sections + chars.dropped
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn no_character_is_lost(raw in groups(), numbered in any::<bool>(), close in any::<bool>()) {
        let groups = build(raw);
        let pages = typeset(&groups, numbered, close);
        let read = read(&pages);
        prop_assert!(conserved(read.chars), "{:?}", read.chars);
        let opinions: usize = groups.iter().map(|g| g.opinions.len()).sum();
        prop_assert!(read.consultation.opinions.len() <= opinions);
    }

    #[test]
    fn a_numbered_table_comes_back_whole(raw in groups(), close in any::<bool>()) {
        let groups = build(raw);
        let pages = typeset(&groups, true, close);
        let read = read(&pages);
        prop_assert!(conserved(read.chars), "{:?}", read.chars);
        let c = &read.consultation;
        let expected: Vec<(String, &str, &str, &str)> = groups
            .iter()
            .enumerate()
            .flat_map(|(g, group)| {
                let section = groups[..=g].iter().rev().find_map(|x| x.section.as_deref()).unwrap_or("");
                group.opinions.iter().enumerate().map(move |(k, o)| {
                    ((g * 100 + k + 1).to_string(), o.as_str(), group.reply.as_str(), section)
                })
            })
            .collect();
        prop_assert_eq!(c.opinions.len(), expected.len());
        prop_assert_eq!(c.replies.len(), groups.len());
        for (o, (id, text, reply, section)) in c.opinions.iter().zip(&expected) {
            prop_assert_eq!(&o.id, id);
            prop_assert_eq!(&o.text, text);
            prop_assert_eq!(o.section.as_deref().unwrap_or(""), *section);
            let r = c.replies.iter().find(|r| Some(&r.id) == o.reply.as_ref());
            prop_assert_eq!(r.map(|r| r.text.as_str()), Some(*reply));
        }
    }
}
