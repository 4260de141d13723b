//! Tokenization: normalized text → tokens.
//!
//! Takes a comment's text; gives its [`Token`]s. Two tokenizers implement the
//! [`Tokenizer`] trait:
//!
//! - [`MorphologicalTokenizer`]: lindera with IPADIC. Each token carries its surface,
//!   base form (原形), part of speech and reading. By default it keeps only content words
//!   ([`ContentWords`]), by base form, without stop words ([`StopWords`]): the terms that
//!   clustering counts.
//! - [`CharNgrams`]: overlapping character n-grams, for duplicate shingles and for text the
//!   dictionary does not cover.
//!
//! Both normalize their input first (see [`Normalizer`](crate::Normalizer)); token offsets
//! are byte offsets into the normalized text. [`tokenize_all`] runs a tokenizer over many
//! documents in parallel and returns the results in input order.
//!
//! ```
//! use iken::{MorphologicalTokenizer, Tokenizer};
//!
//! # fn main() -> iken::Result<()> {
//! let tokenizer = MorphologicalTokenizer::builder().build()?;
//! let terms = tokenizer.terms("いただいたご意見については、今後の施策の参考とさせていただきます。")?;
//! assert_eq!(terms, ["意見", "今後", "施策", "参考"]);
//! # Ok(())
//! # }
//! ```

mod char_ngrams;
mod filter;
mod morphological;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::Result;

pub use char_ngrams::CharNgrams;
pub use filter::{ContentWords, StopWords};
pub use morphological::{MorphologicalTokenizer, MorphologicalTokenizerBuilder};

/// One token of a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Token {
    /// The text of the token as it stands in the normalized document.
    pub surface: String,
    /// The dictionary form (原形), e.g. 思う for 思い; the surface when the dictionary
    /// has none (unknown words, n-grams).
    pub base_form: String,
    /// Part of speech as IPADIC writes it, four comma-separated levels, e.g.
    /// `名詞,サ変接続,*,*`; empty for tokenizers without a dictionary.
    pub pos: String,
    /// Reading in katakana, when the dictionary knows it.
    pub reading: Option<String>,
    /// Byte offset of the token's start in the normalized text.
    pub start: usize,
    /// Byte offset just past the token's end in the normalized text.
    pub end: usize,
}

impl Token {
    /// The term this token counts as: its base form.
    pub fn term(&self) -> &str {
        &self.base_form
    }

    /// The top level of the part of speech (名詞, 動詞, 形容詞, …); empty when unknown.
    pub fn pos_major(&self) -> &str {
        self.pos.split(',').next().unwrap_or("")
    }
}

/// Turns text into tokens. Implementations are `Send + Sync` so one tokenizer serves
/// every thread.
pub trait Tokenizer: Send + Sync {
    /// Tokenizes one document.
    ///
    /// # Errors
    /// [`ErrorKind::Tokenize`](crate::ErrorKind::Tokenize) when the analyser fails; the
    /// document index in it is 0 (see [`tokenize_all`] for batches).
    fn tokenize(&self, text: &str) -> Result<Vec<Token>>;

    /// The terms (base forms) of one document, in order: what a vectorizer counts.
    fn terms(&self, text: &str) -> Result<Vec<String>> {
        Ok(self
            .tokenize(text)?
            .into_iter()
            .map(|t| t.base_form)
            .collect())
    }
}

impl<T: Tokenizer + ?Sized> Tokenizer for &T {
    fn tokenize(&self, text: &str) -> Result<Vec<Token>> {
        (**self).tokenize(text)
    }
    fn terms(&self, text: &str) -> Result<Vec<String>> {
        (**self).terms(text)
    }
}

impl<T: Tokenizer + ?Sized> Tokenizer for Box<T> {
    fn tokenize(&self, text: &str) -> Result<Vec<Token>> {
        (**self).tokenize(text)
    }
    fn terms(&self, text: &str) -> Result<Vec<String>> {
        (**self).terms(text)
    }
}

/// Tokenizes many documents in parallel (rayon's global pool). The output has one entry
/// per input, in input order, whatever the thread count.
///
/// # Errors
/// The error of the first failing document by index, with that index in it.
pub fn tokenize_all<T, S>(tokenizer: &T, texts: &[S]) -> Result<Vec<Vec<Token>>>
where
    T: Tokenizer + ?Sized,
    S: AsRef<str> + Sync,
{
    map_all(texts, |text| tokenizer.tokenize(text))
}

/// Like [`tokenize_all`], giving only the terms of each document.
pub fn terms_all<T, S>(tokenizer: &T, texts: &[S]) -> Result<Vec<Vec<String>>>
where
    T: Tokenizer + ?Sized,
    S: AsRef<str> + Sync,
{
    map_all(texts, |text| tokenizer.terms(text))
}

fn map_all<S, R, F>(texts: &[S], f: F) -> Result<Vec<R>>
where
    S: AsRef<str> + Sync,
    R: Send,
    F: Fn(&str) -> Result<R> + Sync,
{
    // Indexed parallel collect keeps input order; with errors, rayon may stop at any
    // failing item, so failures are collected and the lowest index is reported.
    let results: Vec<Result<R>> = texts.par_iter().map(|t| f(t.as_ref())).collect();
    let mut out = Vec::with_capacity(results.len());
    for (i, r) in results.into_iter().enumerate() {
        out.push(r.map_err(|e| e.at_document(i))?);
    }
    Ok(out)
}
