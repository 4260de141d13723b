//! Sentences: a text cut at 。！？ (and their ASCII forms) and at line ends, but never
//! inside 「」『』（）【】 or ASCII brackets, where a quoted title or an aside may hold its
//! own full stop; [`split_clauses`] cuts them once more after a statement in its
//! continuative form (〜ており、〜であり、〜ところ、).

use serde::{Deserialize, Serialize};

/// One sentence: its byte span in the text it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sentence {
    /// Byte offset of its first character.
    pub start: usize,
    /// Byte offset just past its last character (the full stop included).
    pub end: usize,
}

impl Sentence {
    /// Its text within `source`.
    pub fn text<'a>(&self, source: &'a str) -> &'a str {
        &source[self.start..self.end]
    }
}

/// Splits `text` into sentences, with surrounding whitespace left out; empty pieces are
/// skipped. Every non-whitespace character of `text` is in exactly one sentence.
///
/// ```
/// use iken::split_sentences;
///
/// let text = "「大阪市ＤＸ戦略アクションプラン。」を策定しております。\nご意見ありがとうございました！";
/// let s: Vec<&str> = split_sentences(text).iter().map(|s| s.text(text)).collect();
/// assert_eq!(s, ["「大阪市ＤＸ戦略アクションプラン。」を策定しております。", "ご意見ありがとうございました！"]);
/// ```
pub fn split_sentences(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut depth: usize = 0;
    let mut start = 0;
    let push = |from: usize, to: usize, out: &mut Vec<Sentence>| {
        let piece = &text[from..to];
        let trimmed = piece.trim();
        if !trimmed.is_empty() {
            let lead = piece.len() - piece.trim_start().len();
            out.push(Sentence {
                start: from + lead,
                end: from + lead + trimmed.len(),
            });
        }
    };
    for (i, c) in text.char_indices() {
        match c {
            '「' | '『' | '（' | '(' | '【' | '[' | '〔' | '《' => depth += 1,
            '」' | '』' | '）' | ')' | '】' | ']' | '〕' | '》' => {
                depth = depth.saturating_sub(1)
            }
            '。' | '！' | '？' | '!' | '?' | '．' if depth == 0 => {
                let end = i + c.len_utf8();
                // A run of stops (。。 or ！？) ends one sentence.
                if !matches!(
                    text[end..].chars().next(),
                    Some('。' | '！' | '？' | '!' | '?' | '．')
                ) {
                    push(start, end, &mut out);
                    start = end;
                }
            }
            '\n' | '\r' => {
                // A line end always ends a sentence; an unclosed bracket does not run on.
                push(start, i, &mut out);
                start = i + 1;
                depth = 0;
            }
            _ => {}
        }
    }
    push(start, text.len(), &mut out);
    out
}

/// Cuts each sentence once more where a statement ends in its continuative form and the
/// sentence goes on: after 「〜ており、」「〜であり、」「〜ところ、」. Officials often join a
/// fact and the closing formula in one sentence (「…を行っているところであり、いただいたご意見は
/// 今後の施策の参考とさせていただきます。」); the formula is then a unit of its own.
///
/// ```
/// use iken::{split_clauses, split_sentences};
///
/// let text = "措置を行っているところであり、いただいたご意見は今後の参考とさせていただきます。";
/// let units: Vec<&str> = split_clauses(text, &split_sentences(text)).iter().map(|s| s.text(text)).collect();
/// assert_eq!(units, ["措置を行っているところであり、", "いただいたご意見は今後の参考とさせていただきます。"]);
/// ```
pub fn split_clauses(text: &str, sentences: &[Sentence]) -> Vec<Sentence> {
    let mut out = Vec::with_capacity(sentences.len());
    for s in sentences {
        let mut start = s.start;
        let piece = s.text(text);
        for (i, c) in piece.char_indices() {
            if !matches!(c, '、' | '，') {
                continue;
            }
            let before = &piece[..i];
            let end = s.start + i + c.len_utf8();
            let rest = text[end..s.end].trim();
            // 〜ており (not 〜のとおり, "as follows"), 〜であり, 〜ところ.
            let continuative = (before.ends_with("おり")
                && !before.ends_with("とおり")
                && !before.ends_with("どおり"))
                || before.ends_with("あり")
                || before.ends_with("ところ");
            if continuative && !rest.is_empty() && start < end {
                out.push(Sentence { start, end });
                start = end + (text[end..s.end].len() - text[end..s.end].trim_start().len());
            }
        }
        if start < s.end {
            out.push(Sentence { start, end: s.end });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(t: &str) -> Vec<&str> {
        split_sentences(t).iter().map(|s| s.text(t)).collect()
    }

    #[test]
    fn cuts_at_stops_and_line_ends_not_in_brackets() {
        assert_eq!(
            texts(
                "記載しております。 いただいたご意見については、今後の参考とさせていただきます。"
            ),
            [
                "記載しております。",
                "いただいたご意見については、今後の参考とさせていただきます。"
            ]
        );
        assert_eq!(
            texts("（詳細は別紙。）を参照。ありがとう"),
            ["（詳細は別紙。）を参照。", "ありがとう"]
        );
        assert_eq!(
            texts("策定しております。。 さらに"),
            ["策定しております。。", "さらに"]
        );
        assert_eq!(texts("一行目\n二行目"), ["一行目", "二行目"]);
        assert_eq!(texts("「閉じない\n次の文。"), ["「閉じない", "次の文。"]);
        assert!(texts("  \n ").is_empty());
    }

    #[test]
    fn clauses_cut_after_continuative_statements_only() {
        let t = "記載しており、原案どおりとします。以下のとおり、修文します。措置を講じたところ、";
        let units: Vec<&str> = split_clauses(t, &split_sentences(t))
            .iter()
            .map(|s| s.text(t))
            .collect();
        assert_eq!(
            units,
            [
                "記載しており、",
                "原案どおりとします。",
                "以下のとおり、修文します。",
                "措置を講じたところ、"
            ]
        );
        let strip = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        let joined: String = units.concat();
        assert_eq!(strip(&joined), strip(t));
    }

    #[test]
    fn no_character_is_lost() {
        let t = "① デジタルファースト：個々の手続が完結する ② ワンスオンリー。\n「A。B」？　C";
        let joined: String = split_sentences(t).iter().map(|s| s.text(t)).collect();
        let strip = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        assert_eq!(strip(&joined), strip(t));
    }
}
