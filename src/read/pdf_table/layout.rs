//! Phase 1, layout: text → lines with their display widths → the widths of the table's
//! two columns.

use unicode_width::UnicodeWidthChar;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Column {
    Wide,
    Narrow,
    Unknown,
}

#[derive(Debug, Clone)]
pub(super) struct Line<'a> {
    pub(super) no: usize,
    pub(super) text: &'a str,
    pub(super) width: usize,
    /// A blank line follows and blank lines mean paragraph breaks in this text.
    pub(super) blank_after: bool,
}

/// Column widths measured from the document.
#[derive(Debug, Clone, Copy)]
pub(super) struct Layout {
    pub(super) wide: usize,
    /// The narrower column's full width, when there are two columns.
    pub(super) narrow: Option<usize>,
}

impl Layout {
    /// Lines at least this wide cannot be in the narrow column: a full-width character
    /// more than its full width.
    pub(super) fn threshold(&self) -> usize {
        match self.narrow {
            Some(n) => (n + 2).min(self.wide),
            None => usize::MAX,
        }
    }

    /// The full width of a column: a line this wide (less a character or so) was wrapped.
    pub(super) fn full(&self, column: Column) -> usize {
        match column {
            Column::Wide => self.wide,
            _ => self.narrow.unwrap_or(self.wide),
        }
    }
}

pub(super) fn display_width(s: &str) -> usize {
    s.chars().map(|c| c.width().unwrap_or(0)).sum()
}

/// The non-blank lines. When blank lines are layout (the extraction put one after nearly
/// every line), they are ignored; otherwise a blank line ends a paragraph.
pub(super) fn non_blank_lines(text: &str) -> Vec<Line<'_>> {
    let all: Vec<&str> = text
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect();
    let blank = |i: usize| all.get(i).is_none_or(|l| l.trim().is_empty());
    let non_blank = all.iter().filter(|l| !l.trim().is_empty()).count();
    let followed_by_blank = (0..all.len())
        .filter(|&i| !blank(i) && blank(i + 1))
        .count();
    let blank_is_layout = followed_by_blank * 2 > non_blank;
    (0..all.len())
        .filter(|&i| !blank(i))
        .map(|i| Line {
            no: i + 1,
            text: all[i],
            width: display_width(all[i].trim_end()),
            blank_after: !blank_is_layout && blank(i + 1),
        })
        .collect()
}

/// Finds the full widths of the two columns: the two most common widths among long lines,
/// at least two characters apart.
pub(super) fn measure_layout(lines: &[Line<'_>]) -> Layout {
    let max = lines.iter().map(|l| l.width).max().unwrap_or(0);
    let mut counts: Vec<(usize, usize)> = Vec::new();
    for l in lines.iter().filter(|l| l.width * 4 >= max * 3) {
        match counts.iter_mut().find(|(w, _)| *w == l.width) {
            Some((_, n)) => *n += 1,
            None => counts.push((l.width, 1)),
        }
    }
    // Most frequent first; ties by width so the result does not depend on input order.
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(b.0.cmp(&a.0)));
    let Some(&(first, _)) = counts.first() else {
        return Layout {
            wide: max,
            narrow: None,
        };
    };
    let second = counts
        .iter()
        .find(|(w, n)| w.abs_diff(first) >= 4 && *n >= 3)
        .map(|&(w, _)| w);
    match second {
        Some(second) => Layout {
            wide: first.max(second),
            narrow: Some(first.min(second)),
        },
        None => Layout {
            wide: first,
            narrow: None,
        },
    }
}
