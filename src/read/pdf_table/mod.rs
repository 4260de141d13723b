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

//!
//! Each phase is a module with a typed result: `layout` (lines and column widths) →
//! `paragraphs` (headings, header, paragraphs) → `roles` (opinion or reply, page) → `links`
//! (replies, adjacent and displaced links) → `sections`.

mod layout;
mod links;
mod paragraphs;
mod roles;
mod sections;

use serde::Serialize;

use crate::consultation::Consultation;

use layout::{measure_layout, non_blank_lines};
use links::{Linked, link};
use paragraphs::paragraphs;
use roles::{Item, Roles, roles};
use sections::assign_sections;

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
    /// First and last line in the file; (0, 0) for a PDF read from its pages.
    pub lines: (usize, usize),
    /// The page, for a PDF read from its pages.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// The cell (table, row, column) on that page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cell: Option<String>,
    /// `heading`, `header`, `opinion` or `reply`.
    pub kind: &'static str,
    /// The id given, for opinions and replies.
    pub id: Option<String>,
    /// The evidence, in words.
    pub reasons: Vec<String>,
    /// The first characters of the text.
    pub excerpt: String,
}

/// Reads a PDF-extracted opinion/reply table. `file` names the source in [`Source`](crate::Source)s.
pub fn read_pdf_table(text: &str, file: &str) -> PdfTable {
    let lines = non_blank_lines(text);
    let layout = measure_layout(&lines);
    let blocks = paragraphs(&lines, layout);
    let Roles {
        items,
        heading_groups,
        mut explain,
        trailing_labels,
    } = roles(&blocks, layout);
    let mut linked = link(file, &items, &heading_groups);
    assign_sections(
        &mut linked.consultation,
        &items,
        &linked.opinion_items,
        &heading_groups,
        trailing_labels,
        &mut linked.link_reason,
    );
    explain.extend(explanations(&items, &linked));
    explain.sort_by_key(|e| e.lines.0);
    PdfTable {
        consultation: linked.consultation,
        explain,
    }
}

/// Why each paragraph became the opinion or reply it is, in input order.
fn explanations(items: &[Item<'_>], linked: &Linked) -> Vec<Explanation> {
    let Linked {
        consultation,
        reply_of_item,
        reply_items,
        link_reason,
        placed,
        ..
    } = linked;
    let mut explain = Vec::new();
    let mut o = 0;
    for (i, item) in items.iter().enumerate() {
        let (kind, id, mut reasons) = if item.is_reply {
            let r = reply_of_item[i].unwrap_or(0);
            let mut reasons = item.reasons.clone();
            if reply_items[r][0] != i {
                reasons.push(format!("continues reply r{}", r + 1));
            } else {
                reasons.push(format!("link: {:?}", consultation.replies[r].link).to_lowercase());
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
            page: None,
            cell: None,
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
    explain
}

#[cfg(test)]
mod tests {
    use super::layout::{Line, display_width};
    use super::paragraphs::{is_header, is_heading, reflow};
    use super::sections::{label_key, sort_by_numbers};

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
