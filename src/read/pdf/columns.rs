//! Header cells → what each column holds.
//!
//! Takes the text of a table's top cells; gives each column's [`Role`]. Headers are
//! recognised by their words, not their exact wording: a reply column says 考え方, 回答,
//! 対応 or 見解 (「本市の考え方」, 「ご意見に対する県の考え方」, 「回答」); an opinion column
//! says 意見, 要旨 or 概要; a number column is No., 番号 or #; an item column names the
//! part of the plan (項目, 該当箇所, 区分, 章, ページ). English headers likewise.

use unicode_normalization::UnicodeNormalization;

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// The opinion's number: its id.
    Number,
    /// The part of the consulted document: its section.
    Item,
    Opinion,
    Reply,
    /// A column iken does not read (a count, a 修正の有無 flag); its text is reported.
    Other,
}

impl Role {
    pub fn name(self) -> &'static str {
        match self {
            Role::Number => "No.",
            Role::Item => "item",
            Role::Opinion => "opinion",
            Role::Reply => "reply",
            Role::Other => "other",
        }
    }
}

/// A header longer than this (characters) is a cell of the body, not a header.
const MAX_HEADER: usize = 24;

/// The role a header cell's text names, if it is a header.
pub(crate) fn header_role(text: &str) -> Option<Role> {
    let t: String = text
        .nfkc()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    if t.is_empty() || t.chars().count() > MAX_HEADER || t.contains(['。', '、']) {
        return None;
    }
    let any = |words: &[&str]| words.iter().any(|w| t.contains(w));
    if matches!(
        t.as_str(),
        "no" | "no." | "#" | "番号" | "通番" | "number" | "num."
    ) || t.ends_with("番号")
        || t.starts_with("no.")
    {
        return Some(Role::Number);
    }
    if any(&[
        "考え方",
        "回答",
        "対応",
        "見解",
        "response",
        "reply",
        "answer",
        "view",
    ]) {
        return Some(Role::Reply);
    }
    if any(&[
        "項目",
        "箇所",
        "該当",
        "区分",
        "分類",
        "章",
        "ページ",
        "頁",
        "item",
        "section",
        "topic",
        "page",
    ]) {
        return Some(Role::Item);
    }
    if any(&[
        "意見", "要旨", "概要", "内容", "提案", "opinion", "comment", "summary",
    ]) {
        return Some(Role::Opinion);
    }
    None
}

/// Roles for a header row's cells, by column; `None` when the row is not a header (it
/// must name an opinion column and a reply or number column).
pub(crate) fn header_roles(cells: &[(usize, usize, &str)], columns: usize) -> Option<Vec<Role>> {
    let mut roles = vec![Role::Other; columns];
    let mut named = 0;
    for &(col, span, text) in cells {
        let role = match header_role(text) {
            Some(role) => role,
            // A short label without sentence punctuation or digits is a header word we
            // do not know; anything else is a body cell, and the row no header.
            None if text.trim().is_empty() => continue,
            None if text.chars().count() <= MAX_HEADER
                && !text.contains(['。', '、'])
                && !text.chars().any(|c| c.is_ascii_digit()) =>
            {
                Role::Other
            }
            None => return None,
        };
        if role != Role::Other {
            named += 1;
        }
        for r in roles.iter_mut().skip(col).take(span) {
            *r = role;
        }
    }
    let has = |roles: &[Role], role| roles.contains(&role);
    // One of opinion and reply named: the unnamed column beside it is the other.
    if has(&roles, Role::Opinion) && !has(&roles, Role::Reply) {
        let o = roles.iter().rposition(|&r| r == Role::Opinion)?;
        if let Some(r) = roles.iter().skip(o + 1).position(|&r| r == Role::Other) {
            roles[o + 1 + r] = Role::Reply;
        }
    } else if has(&roles, Role::Reply) && !has(&roles, Role::Opinion) {
        let r = roles.iter().position(|&r| r == Role::Reply)?;
        if let Some(o) = roles[..r].iter().rposition(|&x| x == Role::Other) {
            roles[o] = Role::Opinion;
        }
    }
    (named >= 1
        && has(&roles, Role::Opinion)
        && (has(&roles, Role::Reply) || has(&roles, Role::Number)))
    .then_some(roles)
}

/// Roles by position for a table without a header: a narrow column of numbers is the
/// number, the widest other is the opinion and the next to its right the reply.
pub(crate) fn positional_roles(widths: &[f64], numeric: &[bool]) -> Option<Vec<Role>> {
    let mut roles = vec![Role::Other; widths.len()];
    let mut rest: Vec<usize> = Vec::new();
    for (c, (&w, &n)) in widths.iter().zip(numeric).enumerate() {
        let widest = widths.iter().copied().fold(0.0, f64::max);
        if n && w < widest * 0.3 && !roles.contains(&Role::Number) {
            roles[c] = Role::Number;
        } else {
            rest.push(c);
        }
    }
    if rest.len() < 2 {
        return None;
    }
    roles[rest[0]] = Role::Opinion;
    roles[rest[1]] = Role::Reply;
    Some(roles)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_by_their_words() {
        for (text, role) in [
            ("ご意見の要旨", Role::Opinion),
            ("ご意見の概要", Role::Opinion),
            ("意見の概要", Role::Opinion),
            ("本市の考え方", Role::Reply),
            ("県の考え方", Role::Reply),
            ("ご意見に対する市の考え方", Role::Reply),
            ("回答", Role::Reply),
            ("No.", Role::Number),
            ("Ｎｏ．", Role::Number),
            ("番号", Role::Number),
            ("項目", Role::Item),
            ("該当箇所", Role::Item),
            ("Summary of opinion", Role::Opinion),
            ("Response", Role::Reply),
        ] {
            assert_eq!(header_role(text), Some(role), "{text}");
        }
        assert_eq!(header_role("市民の生活を支えるために必要な施策"), None);
        assert_eq!(
            header_role("デジタル化を進めてほしいとの意見があるが、高齢者への配慮が必要"),
            None
        );
    }

    #[test]
    fn a_header_row_needs_an_opinion_column() {
        let roles = header_roles(
            &[
                (0, 1, "No."),
                (1, 1, "ご意見の要旨"),
                (2, 1, "本市の考え方"),
            ],
            3,
        );
        assert_eq!(roles, Some(vec![Role::Number, Role::Opinion, Role::Reply]));
        assert_eq!(header_roles(&[(0, 1, "No."), (1, 1, "回答")], 2), None);
        // A header word we do not know, beside one we do.
        assert_eq!(
            header_roles(
                &[
                    (0, 1, "番号"),
                    (1, 1, "いただいた声"),
                    (2, 1, "本市の考え方")
                ],
                3
            ),
            Some(vec![Role::Number, Role::Opinion, Role::Reply])
        );
        assert_eq!(
            header_roles(&[(0, 1, "No."), (1, 1, "内容"), (2, 1, "本市の方針")], 3),
            Some(vec![Role::Number, Role::Opinion, Role::Reply])
        );
        // A body row is no header, even when a short cell says 意見.
        assert_eq!(
            header_roles(
                &[
                    (0, 1, "12"),
                    (1, 1, "賛成です。"),
                    (2, 1, "ご意見として承ります。")
                ],
                3
            ),
            None
        );
        assert_eq!(
            header_roles(
                &[(0, 1, "1"), (1, 1, "ご意見の要旨"), (2, 1, "本市の考え方")],
                3
            ),
            None
        );
    }
}
