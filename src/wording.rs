//! Shared wording between two texts, without a tokenizer: character bigrams that carry
//! content (kanji, katakana, latin, digits), compared by Dice's coefficient. Used where a
//! cheap, dictionary-free "do these talk about the same thing" is enough: linking a
//! displaced reply to its opinions, telling a topic's reused answer from a stock sentence.

use std::collections::HashSet;

use crate::normalize::Normalizer;

/// Character bigrams that carry content: at least one character that is not hiragana,
/// punctuation or a space.
pub(crate) fn content_bigrams(text: &str, keep_kana: bool) -> HashSet<(char, char)> {
    let n = Normalizer::default().lowercase(true).normalize(text);
    let chars: Vec<char> = n.chars().collect();
    let weak = |c: char| {
        c.is_whitespace() || c.is_ascii_punctuation() || ('\u{3000}'..='\u{303F}').contains(&c)
    };
    let hira = |c: char| ('\u{3041}'..='\u{309F}').contains(&c);
    chars
        .windows(2)
        .filter(|w| {
            let function_word = !keep_kana && hira(w[0]) && hira(w[1]);
            !(weak(w[0]) || weak(w[1]) || function_word)
        })
        .map(|w| (w[0], w[1]))
        .collect()
}

pub(crate) fn dice(a: &HashSet<(char, char)>, b: &HashSet<(char, char)>) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    2.0 * a.intersection(b).count() as f64 / (a.len() + b.len()) as f64
}
