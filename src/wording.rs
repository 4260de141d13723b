//! Shared wording between texts, without a tokenizer: character bigrams that carry content
//! (kanji, katakana, latin, digits), compared by Dice's coefficient or as TF-IDF vectors
//! (cosine). Used where a cheap, dictionary-free "do these talk about the same thing" is
//! enough: linking a displaced reply to its opinions, telling a topic's reused answer from a
//! stock sentence.

use std::collections::HashSet;

use rustc_hash::FxHashMap;

use crate::normalize::Normalizer;

/// Character bigrams that carry content: at least one character that is not hiragana,
/// punctuation or a space.
pub(crate) fn content_bigrams(text: &str, keep_kana: bool) -> HashSet<(char, char)> {
    content_bigram_list(text, keep_kana).into_iter().collect()
}

/// [`content_bigrams`] with repeats, in text order.
pub(crate) fn content_bigram_list(text: &str, keep_kana: bool) -> Vec<(char, char)> {
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

/// A unit-length TF-IDF vector of content bigrams.
pub(crate) type BigramVector = FxHashMap<(char, char), f64>;

/// TF-IDF vectors of `texts`' content bigrams (hiragana pairs left out), with scikit-learn's
/// smoothed idf and sublinear tf: rare wording (a place, a programme's name) weighs more than
/// wording every text shares.
pub(crate) fn bigram_tfidf(texts: &[&str]) -> Vec<BigramVector> {
    let lists: Vec<Vec<(char, char)>> = texts
        .iter()
        .map(|t| content_bigram_list(t, false))
        .collect();
    let mut df: FxHashMap<(char, char), usize> = FxHashMap::default();
    for list in &lists {
        let distinct: HashSet<&(char, char)> = list.iter().collect();
        for g in distinct {
            *df.entry(*g).or_default() += 1;
        }
    }
    let n = texts.len() as f64;
    lists
        .into_iter()
        .map(|list| {
            let mut tf: FxHashMap<(char, char), f64> = FxHashMap::default();
            for g in list {
                *tf.entry(g).or_default() += 1.0;
            }
            let mut v: BigramVector = tf
                .into_iter()
                .map(|(g, c)| {
                    let idf = ((1.0 + n) / (1.0 + df[&g] as f64)).ln() + 1.0;
                    (g, (1.0 + c.ln()) * idf)
                })
                .collect();
            let norm = v.values().map(|x| x * x).sum::<f64>().sqrt();
            if norm > 0.0 {
                v.values_mut().for_each(|x| *x /= norm);
            }
            v
        })
        .collect()
}

/// Cosine of two [`bigram_tfidf`] vectors.
pub(crate) fn cosine(a: &BigramVector, b: &BigramVector) -> f64 {
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    small
        .iter()
        .filter_map(|(g, x)| large.get(g).map(|y| x * y))
        .sum()
}
