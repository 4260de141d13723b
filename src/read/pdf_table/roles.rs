//! Phase 3, roles: paragraphs → opinions or replies (by column and register), numbered by
//! page; headings kept per gap between pages.

use super::Explanation;
use super::layout::{Column, Layout, Line};
use super::paragraphs::{Block, paragraph_column, reflow};

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

/// Score > 0: reply; < 0: opinion. The reasons say which evidence counted.
pub(super) fn classify(
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

pub(super) fn starts_continuation(text: &str) -> bool {
    CONTINUATIONS.iter().any(|w| text.starts_with(w))
}

/// One paragraph after classification.
pub(super) struct Item<'a> {
    pub(super) lines: Vec<Line<'a>>,
    pub(super) text: String,
    pub(super) is_reply: bool,
    /// Index of the page (the run of paragraphs between heading groups).
    pub(super) page: usize,
    pub(super) reasons: Vec<String>,
}

/// The paragraphs read as opinions or replies, the headings between pages, and the
/// explanations of headings and the header.
pub(super) struct Roles<'a> {
    pub(super) items: Vec<Item<'a>>,
    /// Heading labels per gap between pages.
    pub(super) heading_groups: Vec<Vec<String>>,
    pub(super) explain: Vec<Explanation>,
    /// Headings at the very end of the text label the page before them (the layout of
    /// labels printed after their rows); otherwise a heading group labels the page after.
    pub(super) trailing_labels: bool,
}

/// Classifies paragraphs and numbers the pages; keeps headings per gap between pages.
pub(super) fn roles<'a>(blocks: &[Block<'a>], layout: Layout) -> Roles<'a> {
    let mut items: Vec<Item<'_>> = Vec::new();
    let mut heading_groups: Vec<Vec<String>> = vec![Vec::new()];
    let mut explain = Vec::new();
    let mut page = 0;
    let mut last_was_heading = false;
    for block in blocks {
        match block {
            Block::Header(line) => explain.push(Explanation {
                page: None,
                cell: None,
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
                    page: None,
                    cell: None,
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
                let (score, mut reasons) = classify(lines, &text, layout, previous_was_reply);
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
    let trailing_labels = matches!(blocks.last(), Some(Block::Heading(_)));

    Roles {
        items,
        heading_groups,
        explain,
        trailing_labels,
    }
}
