//! Phase 2, paragraphs: lines → headings, the table header and paragraphs (wrapped lines
//! joined).

use unicode_width::UnicodeWidthChar;

use super::layout::{Column, Layout, Line};

#[derive(Debug)]
pub(super) enum Block<'a> {
    Heading(Line<'a>),
    Header(Line<'a>),
    Paragraph(Vec<Line<'a>>),
}

pub(super) const SENTENCE_ENDS: &[char] = &['。', '．', '？', '！', '?', '!'];
const CLOSING: &[char] = &['」', '』', '）', ')', '】'];
const LIST_MARKERS: &[char] = &[
    '①', '②', '③', '④', '⑤', '⑥', '⑦', '⑧', '⑨', '⑩', '※', '・', '●', '○', '■', '□', '◆', '◇', '【',
];

pub(super) fn ends_sentence(s: &str) -> bool {
    let t = s.trim_end().trim_end_matches(CLOSING);
    t.ends_with(SENTENCE_ENDS)
}

pub(super) fn starts_indented(s: &str) -> bool {
    s.starts_with(['　', ' '])
}

pub(super) fn starts_with_marker(s: &str) -> bool {
    let t = s.trim_start_matches(['　', ' ']);
    t.starts_with(LIST_MARKERS) || t.starts_with("例：") || t.starts_with("例:")
}

/// Table header lines such as 「ご意見の要旨 本市の考え方」.
pub(super) fn is_header(s: &str) -> bool {
    let t = s.trim();
    t.chars().count() <= 30
        && !ends_sentence(t)
        && (t.contains("意見")
            && (t.contains("考え方") || t.contains("要旨") || t.contains("概要")))
}

/// Section headings: short lines without sentence punctuation that name a part of the
/// consulted document.
pub(super) fn is_heading(s: &str) -> bool {
    let t = s.trim();
    if t.is_empty() || ends_sentence(t) || t.contains('、') || t.chars().count() > 40 {
        return false;
    }
    const NAMES: &[&str] = &["全般", "全体", "総論", "その他", "総括", "全体について"];
    if NAMES.contains(&t) {
        return true;
    }
    let upper = t.to_uppercase();
    if upper.contains("VALUE") || upper.contains("STRATEGY") || upper.starts_with("CHAPTER") {
        return true;
    }
    if t.starts_with('第') && t.contains(['章', '節']) {
        return true;
    }
    // 「03 大阪市のＤＸ戦略」: a chapter number, a space, a title.
    let mut chars = t.chars();
    let digits = chars
        .by_ref()
        .take_while(|c| c.is_ascii_digit() || ('０'..='９').contains(c));
    let n = digits.count();
    n > 0
        && n <= 2
        && t.chars()
            .nth(n)
            .is_some_and(|c| c == ' ' || c == '　' || c == '.')
}

pub(super) fn paragraph_column(lines: &[Line<'_>], layout: Layout) -> Column {
    let t = layout.threshold();
    if lines.iter().any(|l| l.width >= t) {
        return Column::Wide;
    }
    let narrow = layout.full(Column::Narrow);
    // A wrapped (non-final) line as wide as the narrow column.
    if layout.narrow.is_some()
        && lines[..lines.len().saturating_sub(1)]
            .iter()
            .any(|l| l.width + 4 >= narrow)
    {
        return Column::Narrow;
    }
    Column::Unknown
}

/// The column of the paragraph that would start at `lines[0]`: read up to its first
/// sentence end.
pub(super) fn run_column(lines: &[Line<'_>], layout: Layout) -> Column {
    let end = lines
        .iter()
        .position(|l| ends_sentence(l.text))
        .map_or(lines.len(), |p| p + 1)
        .min(12);
    paragraph_column(&lines[..end], layout)
}

pub(super) fn paragraphs<'a>(lines: &[Line<'a>], layout: Layout) -> Vec<Block<'a>> {
    let mut blocks = Vec::new();
    let mut current: Vec<Line<'a>> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if current.is_empty() {
            if is_header(line.text) {
                blocks.push(Block::Header(line.clone()));
                continue;
            }
            if is_heading(line.text) {
                blocks.push(Block::Heading(line.clone()));
                continue;
            }
        }
        current.push(line.clone());
        let next = lines.get(i + 1);
        let breaks = match next {
            None => true,
            Some(next) => {
                let column = paragraph_column(&current, layout);
                let full = layout.full(column);
                let short = line.width + 3 < full;
                let ends = ends_sentence(line.text);
                // The next line's first character would have fitted on this line, so the
                // line was not wrapped (unless that character may not start a line: 。」).
                let first = next.text.trim_start().chars().next().unwrap_or(' ');
                let fits = line.width + first.width().unwrap_or(1) <= full
                    && !"、。，．」』）)】？！?!ー".contains(first);
                line.blank_after
                    || (ends && (short || fits))
                    || is_heading(next.text) && (ends || short || column == Column::Narrow)
                    || ((starts_indented(next.text) || starts_with_marker(next.text))
                        && (ends || short))
                    || (ends && {
                        let next_column = run_column(&lines[i + 1..], layout);
                        let this_column = match column {
                            // A line that fits the narrow column, before a wide paragraph:
                            // the wide one would have continued on this line.
                            Column::Unknown if line.width < layout.threshold() => Column::Narrow,
                            c => c,
                        };
                        this_column != Column::Unknown
                            && next_column != Column::Unknown
                            && this_column != next_column
                    })
            }
        };
        if breaks {
            blocks.push(Block::Paragraph(std::mem::take(&mut current)));
        }
    }
    blocks
}

/// Joins wrapped lines: no space inside Japanese, one space between latin words, and a
/// hyphen at a line end kept and joined (`re-` + `design`).
pub(super) fn reflow(lines: &[Line<'_>]) -> String {
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        let t = if i == 0 {
            line.text.trim_matches(|c: char| c.is_whitespace())
        } else {
            line.text.trim_end()
        };
        if i > 0 {
            let t_start = t.trim_start();
            let prev = out.chars().next_back();
            let next = t_start.chars().next();
            let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
            let hyphen_join = prev == Some('-') && latin(next);
            if !hyphen_join && latin(prev) && latin(next) && t_start.len() == t.len() {
                out.push(' ');
            }
        }
        out.push_str(t);
    }
    out
}
