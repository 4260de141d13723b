//! Published opinion/reply tables, as text extracted from the PDF.
//!
//! Municipal results of public comment are published as a two-column table:
//! 「ご意見の要旨」 (the opinions) and 「本市の考え方」 (the city's replies). Extracted to text,
//! the table loses its grid: every wrapped line stands alone (often followed by a blank
//! line), the two columns follow one another, section labels appear where the page put
//! them (often bunched at the end of a page), and a reply that spans many rows can land
//! away from its opinions. This reader rebuilds the table from the evidence a person uses:
//!
//! 1. **Lines → paragraphs.** A line continues the paragraph when it was wrapped: it fills
//!    its column. A paragraph ends at a sentence end on a short line, before an indented or
//!    numbered line (「　」, ①, ※), before a heading, and where the column changes.
//!    Wrapped lines are joined without spaces in Japanese, with a space between latin words,
//!    and hyphenated words are rejoined (`re-` + `design` → `re-design`).
//! 2. **Paragraph → opinion or reply.** Column width (the opinion column is wider) and
//!    register: replies speak officially (本市, 〜しております, 〜してまいります,
//!    〜させていただきます), opinions personally (〜と思います, 〜ではないか, 〜してほしい,
//!    〜を提案します). Consecutive reply paragraphs form one reply unless a new one starts
//!    with an indented paragraph that does not continue the previous one.
//! 3. **Links.** A reply answers the opinions directly before it
//!    ([`ReplyLink::Adjacent`]). A reply with no opinions before it was displaced; it takes
//!    the nearby opinions whose wording it shares more than their current reply's
//!    ([`ReplyLink::Inferred`]), or none ([`ReplyLink::Unlinked`]).
//! 4. **Sections.** Heading lines (全般, 「03 …」, 「VALUE 01 …」, 「STRATEGY00」) split the
//!    text into pages. Each page's opinions take, in order, the previous page's last section
//!    and the page's own labels (sorted by their numbers); an opinion whose reply names a
//!    section (「あんしんのRe-Designでは」) is anchored to it.
//!
//! Every character of the input outside headings ends up in exactly one opinion or reply;
//! [`PdfTable::explain`] says why each paragraph was classified and linked as it was.

use std::collections::HashSet;

use serde::Serialize;
use unicode_width::UnicodeWidthChar;

use super::displaced;
use crate::consultation::{Consultation, Opinion, Reply, ReplyLink, Source};
use crate::normalize::Normalizer;
use crate::wording::{content_bigrams, dice};

/// The result of reading a PDF table: the consultation and the reasons behind it.
#[derive(Debug, Clone)]
pub struct PdfTable {
    /// What was read.
    pub consultation: Consultation,
    /// One entry per paragraph and heading, in input order.
    pub explain: Vec<Explanation>,
}

/// Why one paragraph (or heading) was read as it was.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explanation {
    /// First and last line in the file.
    pub lines: (usize, usize),
    /// `heading`, `header`, `opinion` or `reply`.
    pub kind: &'static str,
    /// The id given, for opinions and replies.
    pub id: Option<String>,
    /// The evidence, in words.
    pub reasons: Vec<String>,
    /// The first characters of the text.
    pub excerpt: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Wide,
    Narrow,
    Unknown,
}

#[derive(Debug, Clone)]
struct Line<'a> {
    no: usize,
    text: &'a str,
    width: usize,
    /// A blank line follows and blank lines mean paragraph breaks in this text.
    blank_after: bool,
}

#[derive(Debug)]
enum Block<'a> {
    Heading(Line<'a>),
    Header(Line<'a>),
    Paragraph(Vec<Line<'a>>),
}

/// Column widths measured from the document.
#[derive(Debug, Clone, Copy)]
struct Layout {
    wide: usize,
    /// The narrower column's full width, when there are two columns.
    narrow: Option<usize>,
}

impl Layout {
    /// Lines at least this wide cannot be in the narrow column: a full-width character
    /// more than its full width.
    fn threshold(&self) -> usize {
        match self.narrow {
            Some(n) => (n + 2).min(self.wide),
            None => usize::MAX,
        }
    }

    /// The full width of a column: a line this wide (less a character or so) was wrapped.
    fn full(&self, column: Column) -> usize {
        match column {
            Column::Wide => self.wide,
            _ => self.narrow.unwrap_or(self.wide),
        }
    }
}

const SENTENCE_ENDS: &[char] = &['。', '．', '？', '！', '?', '!'];
const CLOSING: &[char] = &['」', '』', '）', ')', '】'];
const LIST_MARKERS: &[char] = &[
    '①', '②', '③', '④', '⑤', '⑥', '⑦', '⑧', '⑨', '⑩', '※', '・', '●', '○', '■', '□', '◆', '◇', '【',
];
/// Words with which a reply paragraph continues the previous one.
const CONTINUATIONS: &[&str] = &[
    "そのうえで",
    "その上で",
    "また",
    "さらに",
    "なお",
    "ただし",
    "加えて",
    "あわせて",
    "併せて",
    "いただいた",
    "頂いた",
    "同",
];
const REPLY_REGISTER: &[&str] = &[
    "本市",
    "しております",
    "ております",
    "てまいります",
    "させていただ",
    "いただいたご意見",
    "ご指摘",
    "ご意見のとおり",
    "考えております",
    "行いました",
    "記載して",
    "取り組んで",
];
const OPINION_REGISTER: &[&str] = &[
    "と思います",
    "と思う",
    "と思われ",
    "と感じ",
    "ではないか",
    "てほしい",
    "て欲しい",
    "てください",
    "提案します",
    "を提案",
    "でしょうか",
    "お願いしたい",
    "お願いします",
    "をお願い",
    "べき",
    "期待しています",
    "期待する",
    "？",
    "ませんか",
    "と良い",
    "が良い",
    "いいな",
];

/// Reads a PDF-extracted opinion/reply table. `file` names the source in [`Source`]s.
pub fn read_pdf_table(text: &str, file: &str) -> PdfTable {
    let lines = non_blank_lines(text);
    let layout = measure_layout(&lines);
    let blocks = paragraphs(&lines, layout);
    Builder::new(file, layout).build(blocks)
}

fn display_width(s: &str) -> usize {
    s.chars().map(|c| c.width().unwrap_or(0)).sum()
}

/// The non-blank lines. When blank lines are layout (the extraction put one after nearly
/// every line), they are ignored; otherwise a blank line ends a paragraph.
fn non_blank_lines(text: &str) -> Vec<Line<'_>> {
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
fn measure_layout(lines: &[Line<'_>]) -> Layout {
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

fn ends_sentence(s: &str) -> bool {
    let t = s.trim_end().trim_end_matches(CLOSING);
    t.ends_with(SENTENCE_ENDS)
}

fn starts_indented(s: &str) -> bool {
    s.starts_with(['　', ' '])
}

fn starts_with_marker(s: &str) -> bool {
    let t = s.trim_start_matches(['　', ' ']);
    t.starts_with(LIST_MARKERS) || t.starts_with("例：") || t.starts_with("例:")
}

/// Table header lines such as 「ご意見の要旨 本市の考え方」.
fn is_header(s: &str) -> bool {
    let t = s.trim();
    t.chars().count() <= 30
        && !ends_sentence(t)
        && (t.contains("意見")
            && (t.contains("考え方") || t.contains("要旨") || t.contains("概要")))
}

/// Section headings: short lines without sentence punctuation that name a part of the
/// consulted document.
fn is_heading(s: &str) -> bool {
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

fn paragraph_column(lines: &[Line<'_>], layout: Layout) -> Column {
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
fn run_column(lines: &[Line<'_>], layout: Layout) -> Column {
    let end = lines
        .iter()
        .position(|l| ends_sentence(l.text))
        .map_or(lines.len(), |p| p + 1)
        .min(12);
    paragraph_column(&lines[..end], layout)
}

fn paragraphs<'a>(lines: &[Line<'a>], layout: Layout) -> Vec<Block<'a>> {
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
fn reflow(lines: &[Line<'_>]) -> String {
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

/// Score > 0: reply; < 0: opinion. The reasons say which evidence counted.
fn classify(
    lines: &[Line<'_>],
    text: &str,
    layout: Layout,
    previous_was_reply: bool,
) -> (i32, Vec<String>) {
    let mut score = 0;
    let mut reasons = Vec::new();
    match paragraph_column(lines, layout) {
        Column::Wide => {
            score -= 3;
            reasons.push(format!(
                "wide column (a line {} wide, opinions wrap at {})",
                lines.iter().map(|l| l.width).max().unwrap_or(0),
                layout.wide
            ));
        }
        Column::Narrow => {
            score += 2;
            reasons.push(format!(
                "narrow column (wraps at {})",
                layout.narrow.unwrap_or(layout.wide)
            ));
        }
        Column::Unknown => {}
    }
    let reply_words: Vec<&str> = REPLY_REGISTER
        .iter()
        .copied()
        .filter(|w| text.contains(w))
        .collect();
    let opinion_words: Vec<&str> = OPINION_REGISTER
        .iter()
        .copied()
        .filter(|w| text.contains(w))
        .collect();
    if !reply_words.is_empty() {
        score += reply_words.len().min(3) as i32;
        reasons.push(format!("official register: {}", reply_words.join(", ")));
    }
    if !opinion_words.is_empty() {
        score -= opinion_words.len().min(3) as i32;
        reasons.push(format!("citizen's register: {}", opinion_words.join(", ")));
    }
    if lines[0].text.starts_with('　') {
        score += 1;
        reasons.push("indented with 「　」 as replies are".to_owned());
    }
    if previous_was_reply && starts_continuation(text) {
        score += 1;
        reasons.push("continues the reply before it".to_owned());
    }
    (score, reasons)
}

fn starts_continuation(text: &str) -> bool {
    CONTINUATIONS.iter().any(|w| text.starts_with(w))
}

/// One paragraph after classification.
struct Item<'a> {
    lines: Vec<Line<'a>>,
    text: String,
    is_reply: bool,
    /// Index of the page (the run of paragraphs between heading groups).
    page: usize,
    reasons: Vec<String>,
}

struct Builder<'f> {
    file: &'f str,
    layout: Layout,
}

impl<'f> Builder<'f> {
    fn new(file: &'f str, layout: Layout) -> Self {
        Builder { file, layout }
    }

    fn build(&self, blocks: Vec<Block<'_>>) -> PdfTable {
        // Classify paragraphs and number the pages; keep headings per gap between pages.
        let mut items: Vec<Item<'_>> = Vec::new();
        let mut heading_groups: Vec<Vec<String>> = vec![Vec::new()];
        let mut explain = Vec::new();
        let mut page = 0;
        let mut last_was_heading = false;
        for block in &blocks {
            match block {
                Block::Header(line) => explain.push(Explanation {
                    lines: (line.no, line.no),
                    kind: "header",
                    id: None,
                    reasons: vec!["table header (names the columns)".to_owned()],
                    excerpt: line.text.trim().to_owned(),
                }),
                Block::Heading(line) => {
                    if !last_was_heading && !items.is_empty() {
                        page += 1;
                        heading_groups.push(Vec::new());
                    }
                    last_was_heading = true;
                    let label = line.text.trim().to_owned();
                    heading_groups[page].push(label.clone());
                    explain.push(Explanation {
                        lines: (line.no, line.no),
                        kind: "heading",
                        id: None,
                        reasons: vec!["section label: short, no sentence punctuation".to_owned()],
                        excerpt: label,
                    });
                }
                Block::Paragraph(lines) => {
                    last_was_heading = false;
                    let text = reflow(lines);
                    let previous_was_reply = items.last().is_some_and(|i| i.is_reply);
                    let (score, mut reasons) =
                        classify(lines, &text, self.layout, previous_was_reply);
                    let is_reply = match score.cmp(&0) {
                        std::cmp::Ordering::Greater => true,
                        std::cmp::Ordering::Less => false,
                        std::cmp::Ordering::Equal => {
                            reasons.push(
                                "no evidence either way: same as the paragraph before".to_owned(),
                            );
                            previous_was_reply
                        }
                    };
                    reasons.insert(0, format!("score {score:+}"));
                    items.push(Item {
                        lines: lines.clone(),
                        text,
                        is_reply,
                        page,
                        reasons,
                    });
                }
            }
        }
        // Headings at the very end of the text label the page before them (the layout of
        // labels printed after their rows); otherwise a heading group labels the page after.
        let trailing_labels = matches!(blocks.last(), Some(Block::Heading(_)));

        let mut consultation = Consultation::default();
        // Replies: consecutive reply paragraphs, split where an indented paragraph starts a
        // new topic.
        let mut reply_of_item: Vec<Option<usize>> = vec![None; items.len()];
        let mut reply_items: Vec<Vec<usize>> = Vec::new();
        for (i, item) in items.iter().enumerate() {
            if !item.is_reply {
                continue;
            }
            // An indented paragraph starts a new reply unless it continues the last one.
            let new_topic =
                item.lines[0].text.starts_with('　') && !starts_continuation(&item.text);
            let continues =
                i > 0 && items[i - 1].is_reply && items[i - 1].page == item.page && !new_topic;
            if continues {
                let r = reply_items.len() - 1;
                reply_items[r].push(i);
                reply_of_item[i] = Some(r);
            } else {
                reply_items.push(vec![i]);
                reply_of_item[i] = Some(reply_items.len() - 1);
            }
        }
        for (r, members) in reply_items.iter().enumerate() {
            let first = &items[members[0]];
            let last = &items[*members.last().unwrap_or(&members[0])];
            let text = members
                .iter()
                .map(|&i| items[i].text.as_str())
                .collect::<Vec<_>>()
                .join("\n");
            consultation.replies.push(Reply {
                id: format!("r{}", r + 1),
                text,
                link: ReplyLink::Adjacent,
                source: Source::lines(
                    self.file,
                    first.lines[0].no,
                    last.lines.last().map_or(first.lines[0].no, |l| l.no),
                ),
            });
        }

        // Opinions, linked to the reply that directly follows them.
        let mut opinion_items: Vec<usize> = Vec::new();
        let mut pending: Vec<usize> = Vec::new();
        let mut displaced: Vec<usize> = Vec::new();
        let mut link_reason: Vec<String> = Vec::new();
        for (i, item) in items.iter().enumerate() {
            if item.is_reply {
                let r = reply_of_item[i].unwrap_or(0);
                if reply_items[r][0] != i {
                    continue;
                }
                if pending.is_empty() {
                    displaced.push(r);
                } else {
                    for &o in &pending {
                        consultation.opinions[o].reply = Some(format!("r{}", r + 1));
                        link_reason[o] = format!("answered by the reply after it (r{})", r + 1);
                    }
                    pending.clear();
                }
            } else {
                let o = consultation.opinions.len();
                if pending
                    .last()
                    .is_some_and(|&p| items[opinion_items[p]].page != item.page)
                {
                    pending.clear();
                }
                consultation.opinions.push(Opinion::new(
                    format!("o{}", o + 1),
                    item.text.clone(),
                    Source::lines(
                        self.file,
                        item.lines[0].no,
                        item.lines.last().map_or(item.lines[0].no, |l| l.no),
                    ),
                ));
                opinion_items.push(i);
                link_reason.push("no reply follows it".to_owned());
                pending.push(o);
            }
        }

        // Displaced replies take the run of nearby rows (same or previous page) that their
        // wording and the section they name point to (see `displaced`).
        let index_of = |id: &str| id.strip_prefix('r').and_then(|n| n.parse::<usize>().ok());
        let table = displaced::Table {
            opinions: consultation
                .opinions
                .iter()
                .map(|o| o.text.as_str())
                .collect(),
            opinion_page: opinion_items.iter().map(|&i| items[i].page).collect(),
            adjacent: consultation
                .opinions
                .iter()
                .map(|o| o.reply.as_deref().and_then(index_of).map(|n| n - 1))
                .collect(),
            replies: consultation
                .replies
                .iter()
                .map(|r| r.text.as_str())
                .collect(),
            reply_page: reply_items.iter().map(|m| items[m[0]].page).collect(),
            page_labels: &heading_groups,
        };
        let placements = displaced::place(&table, &displaced);
        drop(table);
        for &r in &displaced {
            consultation.replies[r].link = ReplyLink::Unlinked;
        }
        let mut placed: Vec<Option<String>> = vec![None; consultation.replies.len()];
        for p in placements {
            let what = format!(
                "o{}–o{} from r{}: placement {:.2} = wording {:+.2}{}",
                p.opinions[0] + 1,
                p.opinions[p.opinions.len() - 1] + 1,
                p.from + 1,
                p.score,
                p.wording,
                p.section.as_deref().map_or(String::new(), |s| format!(
                    " + section 「{s}」 {:+.2}",
                    p.score - p.wording
                ))
            );
            for &o in &p.opinions {
                consultation.opinions[o].reply = Some(format!("r{}", p.reply + 1));
                link_reason[o] = format!("displaced reply r{} takes {what}", p.reply + 1);
            }
            placed[p.reply] = Some(format!("printed away from its rows; takes {what}"));
            consultation.replies[p.reply].link = ReplyLink::Inferred;
        }
        for &r in &displaced {
            placed[r].get_or_insert_with(|| {
                "printed away from its rows; no run of rows stands out (unlinked)".to_owned()
            });
        }
        // A reply that lost every opinion to a displaced one is no longer adjacent to any.
        let used: HashSet<String> = consultation
            .opinions
            .iter()
            .filter_map(|o| o.reply.clone())
            .collect();
        for reply in &mut consultation.replies {
            if !used.contains(&reply.id) {
                reply.link = ReplyLink::Unlinked;
            }
        }

        self.assign_sections(
            &mut consultation,
            &items,
            &opinion_items,
            &heading_groups,
            trailing_labels,
            &mut link_reason,
        );

        // Explanations in input order.
        let mut o = 0;
        for (i, item) in items.iter().enumerate() {
            let (kind, id, mut reasons) = if item.is_reply {
                let r = reply_of_item[i].unwrap_or(0);
                let mut reasons = item.reasons.clone();
                if reply_items[r][0] != i {
                    reasons.push(format!("continues reply r{}", r + 1));
                } else {
                    reasons
                        .push(format!("link: {:?}", consultation.replies[r].link).to_lowercase());
                    if let Some(p) = &placed[r] {
                        reasons.push(p.clone());
                    }
                }
                ("reply", Some(format!("r{}", r + 1)), reasons)
            } else {
                let mut reasons = item.reasons.clone();
                reasons.push(link_reason[o].clone());
                o += 1;
                ("opinion", Some(format!("o{o}")), reasons)
            };
            reasons.retain(|r| !r.is_empty());
            explain.push(Explanation {
                lines: (
                    item.lines[0].no,
                    item.lines.last().map_or(item.lines[0].no, |l| l.no),
                ),
                kind,
                id,
                reasons,
                excerpt: item.text.chars().take(24).collect(),
            });
        }
        explain.sort_by_key(|e| e.lines.0);
        PdfTable {
            consultation,
            explain,
        }
    }

    /// Gives each opinion a section: per page, a monotone walk through the previous page's
    /// last section and this page's labels, anchored where the text names a label.
    fn assign_sections(
        &self,
        consultation: &mut Consultation,
        items: &[Item<'_>],
        opinion_items: &[usize],
        heading_groups: &[Vec<String>],
        trailing_labels: bool,
        reasons: &mut [String],
    ) {
        let pages = items.last().map_or(0, |i| i.page + 1);
        let label_keys: Vec<Vec<Label>> = (0..pages)
            .map(|p| {
                let group = if trailing_labels {
                    heading_groups.get(p + 1)
                } else {
                    heading_groups.get(p)
                };
                let mut labels: Vec<String> = group.cloned().unwrap_or_default();
                sort_by_numbers(&mut labels);
                labels
                    .into_iter()
                    .map(|l| {
                        let key = label_key(&l);
                        let grams = content_bigrams(&key, true);
                        (l, key, grams)
                    })
                    .collect()
            })
            .collect();
        // Bigrams shared by several labels (「のRe-Design」) say nothing about which one.
        let mut seen: HashSet<(char, char)> = HashSet::new();
        let mut common: HashSet<(char, char)> = HashSet::new();
        for (_, _, g) in label_keys.iter().flatten() {
            for b in g {
                if !seen.insert(*b) {
                    common.insert(*b);
                }
            }
        }

        let mut carry: Option<String> = None;
        for (page, labels) in label_keys.iter().enumerate() {
            let members: Vec<usize> = opinion_items
                .iter()
                .enumerate()
                .filter(|(_, i)| items[**i].page == page)
                .map(|(o, _)| o)
                .collect();
            if members.is_empty() {
                continue;
            }
            // Candidates: index 0 is the carried section (if any), then the labels.
            let mut candidates: Vec<Option<&Label>> = vec![None];
            candidates.extend(labels.iter().map(Some));
            let texts: Vec<String> = members
                .iter()
                .map(|&o| {
                    let op = &consultation.opinions[o];
                    let reply = consultation.reply_of(op).map_or("", |r| r.text.as_str());
                    format!("{}\n{}", op.text, reply)
                })
                .collect();
            // Normalized texts and their bigrams, once per opinion; label bigrams without
            // the ones several labels share, once per label.
            let norm = Normalizer::default().lowercase(true);
            let norm_texts: Vec<String> = texts.iter().map(|t| norm.normalize(t)).collect();
            let text_grams: Vec<HashSet<(char, char)>> =
                texts.iter().map(|t| content_bigrams(t, true)).collect();
            let label_grams: Vec<Option<(String, Bigrams)>> = candidates
                .iter()
                .map(|c| {
                    c.map(|(_, key, grams)| {
                        (
                            norm.normalize(key),
                            grams.difference(&common).copied().collect(),
                        )
                    })
                })
                .collect();
            let score = |m: usize, k: usize| -> (f64, bool) {
                match &label_grams[k] {
                    None => (0.0, false),
                    Some((key, distinct)) => {
                        if !key.is_empty() && norm_texts[m].contains(key.as_str()) {
                            (3.0, true)
                        } else {
                            (dice(distinct, &text_grams[m]), false)
                        }
                    }
                }
            };
            let k_max = candidates.len();
            // best[m][k]: best total for members[..=m] with member m in candidate k.
            let mut best = vec![vec![f64::NEG_INFINITY; k_max]; members.len()];
            let mut from = vec![vec![0usize; k_max]; members.len()];
            for m in 0..members.len() {
                for k in 0..k_max {
                    if k == 0 && carry.is_none() && k_max > 1 {
                        continue;
                    }
                    let (s, _) = score(m, k);
                    if m == 0 {
                        best[m][k] = s + if k > 0 { 0.5 } else { 0.0 };
                        continue;
                    }
                    for prev in 0..=k {
                        let entering = if prev < k { 0.5 } else { 0.0 };
                        let v = best[m - 1][prev] + s + entering;
                        if v > best[m][k] {
                            best[m][k] = v;
                            from[m][k] = prev;
                        }
                    }
                }
            }
            let last = members.len() - 1;
            let mut k = (0..k_max)
                .max_by(|&a, &b| best[last][a].total_cmp(&best[last][b]).then(b.cmp(&a)))
                .unwrap_or(0);
            let mut path = vec![0; members.len()];
            for m in (0..members.len()).rev() {
                path[m] = k;
                k = from[m][k];
            }
            for (m, &o) in members.iter().enumerate() {
                let k = path[m];
                let (section, why) = match candidates[k] {
                    None => (
                        carry.clone(),
                        "continues the previous page's section".to_owned(),
                    ),
                    Some((label, key, _)) => {
                        let (_, anchored) = score(m, k);
                        let why = if anchored {
                            format!("its text names 「{key}」")
                        } else {
                            format!("in order among this page's labels ({})", labels.len())
                        };
                        (Some(label.clone()), why)
                    }
                };
                if let Some(s) = &section {
                    reasons[o] = format!("{}; section 「{s}」: {why}", reasons[o]);
                }
                consultation.opinions[o].section = section;
            }
            if let Some(o) = members.last() {
                carry = consultation.opinions[*o].section.clone();
            }
        }
    }
}

/// A set of character bigrams.
type Bigrams = HashSet<(char, char)>;

/// A section label, its distinctive key and the key's bigrams.
type Label = (String, String, HashSet<(char, char)>);

/// The distinctive part of a section label: after the last dash, without the chapter
/// number and 「VALUE 01」-style numbering: 「あんしんのRe-Design」, 「STRATEGY00」.
fn label_key(label: &str) -> String {
    let n = Normalizer::default().normalize(label);
    let tail = n.rsplit(" - ").next().unwrap_or(&n).trim();
    let mut words: Vec<&str> = tail.split(' ').collect();
    // Drop a leading chapter number ("03") and a "VALUE 01" pair.
    if words.len() > 1 && words[0].chars().all(|c| c.is_ascii_digit()) {
        words.remove(0);
    }
    if words.len() > 2 && words[0].eq_ignore_ascii_case("VALUE") {
        words.drain(..2);
    }
    words.join(" ")
}

/// Sorts labels by the numbers in them (「03 … VALUE 02」 before 「03 … VALUE 04」, 「03 …」
/// before 「04 …」) when every label has one; printed order is kept otherwise.
fn sort_by_numbers(labels: &mut [String]) {
    let numbers = |s: &str| -> Vec<u32> {
        let n = Normalizer::default().normalize(s);
        n.split(|c: char| !c.is_ascii_digit())
            .filter(|d| !d.is_empty())
            .filter_map(|d| d.parse().ok())
            .collect()
    };
    if labels.iter().all(|l| !numbers(l).is_empty()) {
        labels.sort_by_key(|l| numbers(l));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(texts: &[&str]) -> Vec<Line<'static>> {
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| Line {
                no: i + 1,
                text: Box::leak(t.to_string().into_boxed_str()),
                width: display_width(t),
                blank_after: false,
            })
            .collect()
    }

    #[test]
    fn reflow_joins_japanese_and_keeps_latin_words() {
        let cases = [
            (
                vec!["改善し市民ファーストなre-", "design が為されていく"],
                "改善し市民ファーストなre-design が為されていく",
            ),
            (vec!["OSAKA", "EXPO以降の"], "OSAKA EXPO以降の"),
            (
                vec!["「大阪市ＤＸ", "戦略アクションプラン」"],
                "「大阪市ＤＸ戦略アクションプラン」",
            ),
            (
                vec![
                    "　いただいたご意見については、今後の施策の参考とさせていただき",
                    "ます。",
                ],
                "いただいたご意見については、今後の施策の参考とさせていただきます。",
            ),
            (
                vec![" システム・デジタル化で", "が必要ではないか。"],
                "システム・デジタル化でが必要ではないか。",
            ),
        ];
        for (input, want) in cases {
            assert_eq!(reflow(&lines(&input)), want);
        }
    }

    #[test]
    fn headings_and_headers() {
        for h in [
            "全般",
            "03 大阪市のＤＸ戦略",
            "03 大阪市のＤＸ戦略　―　VALUE 01 サービスのRe-Design",
            "04 ＤＸ戦略の推進に向けて",
            "03 大阪市のＤＸ戦略　―　STRATEGY00",
            "第2章 基本方針",
        ] {
            assert!(is_heading(h), "{h}");
        }
        for not in [
            "す。",
            "完結する",
            "2040年というタイムラインは概要版でも記載した方が",
            "ます。",
            "① デジタルファースト：個々の手続・サービスが一貫してデジタルで",
        ] {
            assert!(!is_heading(not), "{not}");
        }
        assert!(is_header("ご意見の要旨 本市の考え方"));
        assert!(!is_header(
            "いただいたご意見については、今後の参考とさせていただきます。"
        ));
    }

    #[test]
    fn label_keys() {
        assert_eq!(
            label_key("03 大阪市のＤＸ戦略　―　VALUE 02 あんしんのRe-Design"),
            "あんしんのRe-Design"
        );
        assert_eq!(
            label_key("03 大阪市のＤＸ戦略　―　STRATEGY00"),
            "STRATEGY00"
        );
        assert_eq!(
            label_key("04 ＤＸ戦略の推進に向けて"),
            "DX戦略の推進に向けて"
        );
        assert_eq!(label_key("全般"), "全般");
        let mut labels = vec![
            "03 x VALUE 04 c".to_owned(),
            "03 x VALUE 02 a".to_owned(),
            "03 x VALUE 03 b".to_owned(),
        ];
        sort_by_numbers(&mut labels);
        assert_eq!(labels[0], "03 x VALUE 02 a");
    }
}
