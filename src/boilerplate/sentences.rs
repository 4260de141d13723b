//! Sentences: a text cut at 。！？ (and their ASCII forms) and at line ends, but never
//! inside 「」『』（）【】 or ASCII brackets, where a quoted title or an aside may hold its
//! own full stop.

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
    fn no_character_is_lost() {
        let t = "① デジタルファースト：個々の手続が完結する ② ワンスオンリー。\n「A。B」？　C";
        let joined: String = split_sentences(t).iter().map(|s| s.text(t)).collect();
        let strip = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        assert_eq!(strip(&joined), strip(t));
    }
}
