//! Plain text: one comment per paragraph (blank-line separated) or per line.

use super::TextUnit;
use crate::consultation::{Consultation, Opinion, Source};

pub(crate) fn read(text: &str, file: &str, unit: TextUnit) -> Consultation {
    let mut consultation = Consultation::default();
    let mut current: Vec<&str> = Vec::new();
    let mut first_line = 0;
    let flush = |current: &mut Vec<&str>, first: usize, last: usize, c: &mut Consultation| {
        if current.is_empty() {
            return;
        }
        let n = c.opinions.len() + 1;
        let body = current.join("\n");
        c.opinions.push(Opinion::new(
            format!("o{n}"),
            body.trim(),
            Source::lines(file, first, last),
        ));
        current.clear();
    };
    let lines: Vec<&str> = text
        .trim_start_matches('\u{FEFF}')
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect();
    for (i, line) in lines.iter().enumerate() {
        let no = i + 1;
        if line.trim().is_empty() {
            flush(&mut current, first_line, no - 1, &mut consultation);
            continue;
        }
        if current.is_empty() {
            first_line = no;
        }
        current.push(line);
        if unit == TextUnit::Line {
            flush(&mut current, no, no, &mut consultation);
        }
    }
    flush(&mut current, first_line, lines.len(), &mut consultation);
    consultation
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_and_lines() {
        let text = "一つ目の意見。\n続き。\n\n\n二つ目の意見。\n";
        let c = read(text, "a.txt", TextUnit::Paragraph);
        assert_eq!(c.opinions.len(), 2);
        assert_eq!(c.opinions[0].text, "一つ目の意見。\n続き。");
        assert_eq!(c.opinions[0].source, Source::lines("a.txt", 1, 2));
        assert_eq!(c.opinions[1].id, "o2");
        assert_eq!(c.opinions[1].source, Source::lines("a.txt", 5, 5));
        let c = read(text, "a.txt", TextUnit::Line);
        assert_eq!(c.opinions.len(), 3);
        assert_eq!(c.opinions[1].text, "続き。");
    }
}
