//! Character n-grams: tokens that need no dictionary.

use serde::{Deserialize, Serialize};

use super::{Token, Tokenizer};
use crate::error::{Error, Result};
use crate::normalize::Normalizer;

/// Overlapping n-character windows over the normalized text: 「意見募集」 with n = 2 gives
/// 意見, 見募, 募集.
///
/// Used as shingles for near-duplicate detection, and as terms for text the dictionary
/// does not cover. Spaces left by normalization (between latin words) are part of the
/// grams. A text shorter than n characters (but not empty) gives one token, the whole
/// text, so that short comments still have a shingle; an empty text gives none.
///
/// Cost: linear in the text; one allocation per gram.
///
/// ```
/// use iken::{CharNgrams, Tokenizer};
///
/// # fn main() -> iken::Result<()> {
/// let bigrams = CharNgrams::new(2)?;
/// assert_eq!(bigrams.terms("ＤＸ推進")?, ["DX", "X推", "推進"]);
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CharNgrams {
    n: usize,
    normalizer: Normalizer,
}

impl CharNgrams {
    /// n-grams of `n` characters with the default normalizer.
    ///
    /// # Errors
    /// [`InvalidParameter`](crate::ErrorKind::InvalidParameter) when `n` is 0.
    pub fn new(n: usize) -> Result<Self> {
        if n == 0 {
            return Err(Error::invalid_parameter(
                "n",
                "character n-grams need n >= 1 (5 is usual for shingles, 2 for terms)",
            ));
        }
        Ok(CharNgrams {
            n,
            normalizer: Normalizer::default(),
        })
    }

    /// Uses this normalizer instead of the default.
    pub fn normalizer(mut self, normalizer: Normalizer) -> Self {
        self.normalizer = normalizer;
        self
    }

    /// The gram length in characters.
    pub fn n(&self) -> usize {
        self.n
    }

    /// Calls `emit(gram, start, end)` for every gram of already-normalized text.
    fn grams<'t>(&self, text: &'t str, emit: impl FnMut(&'t str, usize, usize)) {
        char_grams(text, self.n, emit);
    }
}

/// Calls `emit(gram, start, end)` for every `n`-character gram of `text` (byte offsets);
/// a text shorter than `n` characters is one gram, an empty one has none.
pub(crate) fn char_grams<'t>(text: &'t str, n: usize, mut emit: impl FnMut(&'t str, usize, usize)) {
    // Byte offsets of every char boundary, including the end.
    let bounds: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(text.len()))
        .collect();
    let chars = bounds.len() - 1;
    if chars == 0 {
        return;
    }
    if chars < n {
        emit(text, 0, text.len());
        return;
    }
    for w in bounds.windows(n + 1) {
        let (start, end) = (w[0], w[n]);
        emit(&text[start..end], start, end);
    }
}

impl Tokenizer for CharNgrams {
    fn tokenize(&self, text: &str) -> Result<Vec<Token>> {
        let normalized = self.normalizer.normalize(text);
        let mut out = Vec::new();
        self.grams(&normalized, |gram, start, end| {
            out.push(Token::new(gram, gram, "", None, start, end))
        });
        Ok(out)
    }

    fn terms(&self, text: &str) -> Result<Vec<String>> {
        let normalized = self.normalizer.normalize(text);
        let mut out = Vec::new();
        self.grams(&normalized, |gram, _, _| out.push(gram.to_owned()));
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grams_table() {
        let cases: &[(usize, &str, &[&str])] = &[
            (2, "意見募集", &["意見", "見募", "募集"]),
            (3, "意見募集", &["意見募", "見募集"]),
            (4, "意見募集", &["意見募集"]),
            (5, "意見募集", &["意見募集"]),
            (1, "ＤＸ", &["D", "X"]),
            (
                3,
                "smart city",
                &["sma", "mar", "art", "rt ", "t c", " ci", "cit", "ity"],
            ),
            (2, "", &[]),
            (2, "   ", &[]),
        ];
        for &(n, text, want) in cases {
            let got = CharNgrams::new(n).unwrap().terms(text).unwrap();
            assert_eq!(got, want, "n={n} text={text:?}");
        }
    }

    #[test]
    fn offsets_point_into_normalized_text() {
        let g = CharNgrams::new(2).unwrap();
        let text = "ＤＸ推進";
        let normalized = g.normalizer.normalize(text);
        for t in g.tokenize(text).unwrap() {
            assert_eq!(&normalized[t.start()..t.end()], t.surface());
        }
    }

    #[test]
    fn zero_is_refused() {
        assert!(CharNgrams::new(0).is_err());
    }
}
