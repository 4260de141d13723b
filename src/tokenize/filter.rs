//! Which tokens count as terms: the content-word filter and the stop-word list.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

/// Keeps content words by IPADIC part of speech: nouns except the kinds that carry no
/// topic (非自立 こと/もの, 代名詞 これ, 数, 接尾 さん/的, …), independent (自立) verbs and
/// adjectives. Particles, auxiliaries, symbols and the like are dropped.
///
/// Tokens the dictionary does not know (unknown words such as new katakana terms or
/// latin acronyms) are kept as nouns unless they are numbers or symbols.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ContentWords {
    /// Keep nouns (名詞). Default: true.
    pub nouns: bool,
    /// Keep independent verbs (動詞,自立). Default: true.
    pub verbs: bool,
    /// Keep independent adjectives (形容詞,自立). Default: true.
    pub adjectives: bool,
    /// Noun subcategories (IPADIC's second level) to drop.
    pub excluded_noun_kinds: Vec<String>,
}

impl Default for ContentWords {
    fn default() -> Self {
        ContentWords {
            nouns: true,
            verbs: true,
            adjectives: true,
            excluded_noun_kinds: [
                "非自立",
                "代名詞",
                "数",
                "接尾",
                "特殊",
                "引用文字列",
                "接続詞的",
                "動詞非自立的",
            ]
            .map(String::from)
            .to_vec(),
        }
    }
}

impl ContentWords {
    /// Whether a token with these part-of-speech levels is a content word.
    pub fn accepts(&self, major: &str, sub1: &str) -> bool {
        match major {
            "名詞" => self.nouns && !self.excluded_noun_kinds.iter().any(|k| k == sub1),
            "動詞" => self.verbs && sub1 == "自立",
            "形容詞" => self.adjectives && sub1 == "自立",
            _ => false,
        }
    }
}

/// Terms (base forms) that are content words by part of speech but say nothing about a
/// comment's subject: する, 思う, いただく, こと, …
///
/// The default list is tuned for public comments and their replies; extend it with the
/// words of your consultation's own boilerplate, or start from [`StopWords::none`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(transparent)]
pub struct StopWords(BTreeSet<String>);

/// The default stop words. Verbs of saying and doing, honorific auxiliaries that IPADIC
/// tags as independent verbs, and nouns that only frame a sentence.
const JAPANESE_DEFAULT: &[&str] = &[
    // verbs that carry grammar, not topic
    "する",
    "ある",
    "いる",
    "なる",
    "できる",
    "れる",
    "られる",
    "せる",
    "させる",
    "いう",
    "言う",
    "おる",
    "いく",
    "行く",
    "くる",
    "来る",
    "みる",
    "見る",
    "やる",
    "もらう",
    "くれる",
    "あげる",
    "思う",
    "考える",
    "感じる",
    "いただく",
    "頂く",
    "くださる",
    "下さる",
    "まいる",
    "参る",
    "申し上げる",
    "存じる",
    // adjectives of degree
    "ない",
    "よい",
    "良い",
    "いい",
    "多い",
    // the speech acts of a comment, which every opinion of every consultation performs:
    // they say that it is a comment, not what it is about
    "意見",
    "提案",
    "要望",
    "希望",
    "期待",
    "必要",
    "願う",
    "お願い",
    // editorial marks of a published table: the administration's, not the commenter's
    "中略",
    "後略",
    "以下略",
    // framing nouns
    "こと",
    "もの",
    "ため",
    "よう",
    "方",
    "等",
    "など",
    "中",
    "上",
    "際",
    "点",
    "旨",
    "的",
];

impl Default for StopWords {
    fn default() -> Self {
        StopWords::japanese()
    }
}

impl StopWords {
    /// The default list for Japanese comments.
    pub fn japanese() -> Self {
        StopWords(JAPANESE_DEFAULT.iter().map(|w| w.to_string()).collect())
    }

    /// No stop words.
    pub fn none() -> Self {
        StopWords(BTreeSet::new())
    }

    /// Adds words (base forms).
    pub fn with<I, S>(mut self, words: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.0.extend(words.into_iter().map(Into::into));
        self
    }

    /// Removes words (base forms), e.g. to keep 思う when opinions' stance matters.
    pub fn without<I, S>(mut self, words: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        for w in words {
            self.0.remove(w.as_ref());
        }
        self
    }

    /// Adds the words of a file: one base form per line, UTF-8 (normalized as comments are,
    /// so ＤＸ is DX); `#` starts a comment, at the start of a line or after its word, and
    /// blank lines are skipped. A line starting with `-` removes the word after it (`-思う`
    /// keeps 思う when stance matters).
    ///
    /// # Errors
    /// [`ErrorKind::Io`](crate::ErrorKind::Io) naming the file when it cannot be read or is
    /// not UTF-8; [`ErrorKind::Parse`](crate::ErrorKind::Parse) with the
    /// line when a line holds more than one word.
    pub fn with_file(mut self, path: impl AsRef<std::path::Path>) -> crate::Result<Self> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|e| {
            crate::Error::new(crate::ErrorKind::Io {
                path: path.to_owned(),
            })
            .with_source(e)
        })?;
        // Words are compared with base forms of normalized text, so they are normalized
        // the same way (ＤＸ is DX); a byte-order mark is not part of the first word.
        let normalizer = crate::normalize::Normalizer::default();
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        for (no, line) in text.lines().enumerate() {
            // `#` starts a comment, at the start of a line or after a word.
            let line = line.split('#').next().unwrap_or_default().trim();
            if line.is_empty() {
                continue;
            }
            if line.contains(char::is_whitespace) {
                return Err(crate::Error::parse(
                    path,
                    Some(crate::Position::Line(no + 1)),
                    format!("{line:?} is more than one word: give one base form per line"),
                ));
            }
            match line.strip_prefix('-') {
                Some(word) => {
                    self.0.remove(&normalizer.normalize(word.trim()));
                }
                None => {
                    self.0.insert(normalizer.normalize(line));
                }
            }
        }
        Ok(self)
    }

    /// Whether `term` is a stop word.
    pub fn contains(&self, term: &str) -> bool {
        self.0.contains(term)
    }

    /// The words, sorted.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(String::as_str)
    }

    /// Number of words.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_word_table() {
        let f = ContentWords::default();
        let cases = [
            ("名詞", "一般", true),
            ("名詞", "サ変接続", true),
            ("名詞", "副詞可能", true),
            ("名詞", "固有名詞", true),
            ("名詞", "形容動詞語幹", true),
            ("名詞", "*", true),
            ("名詞", "非自立", false),
            ("名詞", "代名詞", false),
            ("名詞", "数", false),
            ("名詞", "接尾", false),
            ("動詞", "自立", true),
            ("動詞", "非自立", false),
            ("動詞", "接尾", false),
            ("形容詞", "自立", true),
            ("助詞", "格助詞", false),
            ("助動詞", "*", false),
            ("記号", "一般", false),
            ("副詞", "一般", false),
        ];
        for (major, sub, want) in cases {
            assert_eq!(f.accepts(major, sub), want, "{major},{sub}");
        }
    }

    #[test]
    fn stop_words_edit() {
        let s = StopWords::japanese().with(["本市"]).without(["思う"]);
        assert!(s.contains("本市"));
        assert!(!s.contains("思う"));
        assert!(s.contains("する"));
        assert!(StopWords::none().is_empty());
    }
}
