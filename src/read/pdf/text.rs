//! Glyphs → lines → a cell's text.
//!
//! Takes the glyphs that fall in one cell (or outside every table); gives their text in
//! reading order. Glyphs on one baseline form a line, read left to right; a space is put
//! between two glyphs where a space glyph was drawn, or where the gap is wide and neither
//! side is Japanese (PDFs often draw no space glyph between latin words; in Japanese a
//! wide gap is justification, not a space). Lines
//! are joined as the text reader joins wrapped lines: without a space in Japanese, with
//! one between latin words.

use super::extract::Glyph;

/// A gap wider than this share of the font size between latin glyphs is a space.
const SPACE_GAP: f64 = 0.2;

/// The lines of some glyphs: (top, text, characters), top to bottom.
pub(crate) fn lines(glyphs: &[&Glyph]) -> Vec<(f64, String, usize)> {
    group_lines(glyphs)
        .into_iter()
        .map(|line| {
            let top = line.iter().map(|g| g.top()).fold(f64::MAX, f64::min);
            let chars = line.iter().map(|g| g.text.chars().count()).sum();
            (top, line_text(&line), chars)
        })
        .collect()
}

/// The text of a cell: its lines joined.
pub(crate) fn cell_text(glyphs: &[&Glyph]) -> String {
    let mut out = String::new();
    for line in group_lines(glyphs) {
        let text = line_text(&line);
        join_line(&mut out, &text);
    }
    out
}

/// Appends a wrapped line: a space only between latin words.
pub(crate) fn join_line(out: &mut String, line: &str) {
    if let (Some(a), Some(b)) = (out.chars().last(), line.chars().next())
        && a.is_ascii_alphanumeric()
        && b.is_ascii_alphanumeric()
    {
        out.push(' ');
    }
    out.push_str(line);
}

/// Glyphs grouped by baseline, top to bottom, each line left to right.
fn group_lines<'a>(glyphs: &[&'a Glyph]) -> Vec<Vec<&'a Glyph>> {
    let mut sorted: Vec<&Glyph> = glyphs.to_vec();
    sorted.sort_by(|a, b| a.baseline.total_cmp(&b.baseline).then(a.x.total_cmp(&b.x)));
    let mut lines: Vec<Vec<&Glyph>> = Vec::new();
    for g in sorted {
        match lines.last_mut() {
            Some(line)
                if (g.baseline - line[0].baseline).abs() <= 0.4 * line[0].size.max(g.size) =>
            {
                line.push(g)
            }
            _ => lines.push(vec![g]),
        }
    }
    for line in &mut lines {
        line.sort_by(|a, b| a.x.total_cmp(&b.x));
    }
    lines
}

fn line_text(line: &[&Glyph]) -> String {
    let mut out = String::new();
    let mut prev: Option<&Glyph> = None;
    for g in line {
        if let Some(p) = prev {
            let gap = g.x - p.right;
            let latin = |s: &str| s.chars().all(|c| !is_japanese(c));
            let wide = gap > SPACE_GAP * g.size.max(p.size) && latin(&p.text) && latin(&g.text);
            if g.space_before || wide {
                out.push(' ');
            }
        }
        out.push_str(&g.text);
        prev = Some(g);
    }
    out
}

/// Kana, kanji, full-width forms and CJK punctuation: scripts written without spaces.
pub(crate) fn is_japanese(c: char) -> bool {
    matches!(c,
        '\u{3000}'..='\u{30FF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FF00}'..='\u{FFEF}'
        | '\u{2E80}'..='\u{2FDF}'
        | '\u{31F0}'..='\u{31FF}'
        | '\u{2460}'..='\u{24FF}'
        | '\u{25A0}'..='\u{25FF}'
        | '\u{2010}'..='\u{2027}'
        | '\u{2030}'..='\u{203B}')
}
