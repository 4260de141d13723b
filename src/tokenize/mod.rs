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
//! documents in parallel and returns the results in input order; [`intern_all`] does the
//! same for large inputs, holding terms as numbers and tokenizing repeated texts once.
//!
//! ```
//! use iken::{MorphologicalTokenizer, Tokenizer};
//!
//! # fn main() -> iken::Result<()> {
//! let tokenizer = MorphologicalTokenizer::builder().build()?;
//! let terms = tokenizer.terms("いただいたご意見については、今後の施策の参考とさせていただきます。")?;
//! assert_eq!(terms, ["今後", "施策", "参考"]);
//! # Ok(())
//! # }
//! ```

mod char_ngrams;
mod filter;
mod interned;
mod morphological;

use std::borrow::Cow;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::Normalizer;
use crate::error::Result;

pub use char_ngrams::CharNgrams;
pub(crate) use char_ngrams::char_grams;
pub use filter::{ContentWords, StopWords};
pub use interned::{InternedTerms, intern_all};
pub use morphological::{Compounds, MorphologicalTokenizer, MorphologicalTokenizerBuilder};

/// One token of a document: its surface, base form (原形), part of speech and reading,
/// and where it stands in the normalized text.
///
/// The four strings share one allocation, so that tokenizing a million comments costs
/// one allocation per token, as lindera itself does. Serializes as a plain object
/// `{"surface", "base_form", "pos", "reading", "start", "end"}`.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Token {
    /// surface, base form, pos and reading, concatenated.
    text: Box<str>,
    /// Byte ends of surface, base form and pos inside `text`; the reading is the rest.
    ends: [u32; 3],
    start: usize,
    end: usize,
}

impl Token {
    /// A token. `pos` is IPADIC's four comma-separated levels (empty for tokenizers
    /// without a dictionary); `start..end` is its byte span in the normalized text.
    pub fn new(
        surface: &str,
        base_form: &str,
        pos: &str,
        reading: Option<&str>,
        start: usize,
        end: usize,
    ) -> Token {
        let reading = reading.unwrap_or("");
        let mut text =
            String::with_capacity(surface.len() + base_form.len() + pos.len() + reading.len());
        text.push_str(surface);
        let e0 = text.len();
        text.push_str(base_form);
        let e1 = text.len();
        text.push_str(pos);
        let e2 = text.len();
        text.push_str(reading);
        // Token strings are words, far below 4 GiB; u32 keeps the token small.
        let ends = [e0, e1, e2].map(|e| u32::try_from(e).unwrap_or(u32::MAX));
        Token {
            text: text.into_boxed_str(),
            ends,
            start,
            end,
        }
    }

    /// The text of the token as it stands in the normalized document.
    pub fn surface(&self) -> &str {
        &self.text[..self.ends[0] as usize]
    }

    /// The dictionary form (原形), e.g. 思う for 思い; the surface when the dictionary has
    /// none (unknown words, n-grams).
    pub fn base_form(&self) -> &str {
        &self.text[self.ends[0] as usize..self.ends[1] as usize]
    }

    /// The term this token counts as: its base form.
    pub fn term(&self) -> &str {
        self.base_form()
    }

    /// Part of speech as IPADIC writes it, four comma-separated levels, e.g.
    /// `名詞,サ変接続,*,*`; empty for tokenizers without a dictionary.
    pub fn pos(&self) -> &str {
        &self.text[self.ends[1] as usize..self.ends[2] as usize]
    }

    /// The top level of the part of speech (名詞, 動詞, 形容詞, …); empty when unknown.
    pub fn pos_major(&self) -> &str {
        self.pos().split(',').next().unwrap_or("")
    }

    /// Reading in katakana, when the dictionary knows it.
    pub fn reading(&self) -> Option<&str> {
        let r = &self.text[self.ends[2] as usize..];
        (!r.is_empty()).then_some(r)
    }

    /// Byte offset of the token's start in the normalized text.
    pub fn start(&self) -> usize {
        self.start
    }

    /// Byte offset just past the token's end in the normalized text.
    pub fn end(&self) -> usize {
        self.end
    }
}

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        TokenFields::from(self).fmt(f)
    }
}

/// The serialized (and debug) form of a [`Token`].
#[derive(Debug, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename = "Token")]
struct TokenFields<'a> {
    /// As written (normalized).
    #[serde(borrow)]
    surface: Cow<'a, str>,
    /// Dictionary form.
    #[serde(borrow)]
    base_form: Cow<'a, str>,
    /// IPADIC's part of speech, four comma-separated levels.
    #[serde(borrow)]
    pos: Cow<'a, str>,
    /// Katakana reading, when the dictionary has one.
    #[serde(borrow)]
    reading: Option<Cow<'a, str>>,
    /// Byte offset in the normalized text.
    start: usize,
    /// Byte offset just past it.
    end: usize,
}

impl schemars::JsonSchema for Token {
    fn schema_name() -> Cow<'static, str> {
        "Token".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        TokenFields::json_schema(generator)
    }
}

/// One opinion's counted terms: a line of `iken tokenize`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct OpinionTerms {
    /// The opinion.
    pub id: String,
    /// Its terms in text order ([`Token::term`]): what clustering counts.
    pub terms: Vec<String>,
}

/// One opinion's tokens: a line of `iken tokenize --all-tokens`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct OpinionTokens {
    /// The opinion.
    pub id: String,
    /// Every token the dictionary finds, in text order.
    pub tokens: Vec<Token>,
}

impl<'a> From<&'a Token> for TokenFields<'a> {
    fn from(t: &'a Token) -> Self {
        TokenFields {
            surface: Cow::Borrowed(t.surface()),
            base_form: Cow::Borrowed(t.base_form()),
            pos: Cow::Borrowed(t.pos()),
            reading: t.reading().map(Cow::Borrowed),
            start: t.start,
            end: t.end,
        }
    }
}

impl Serialize for Token {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        TokenFields::from(self).serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Token {
    fn deserialize<D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> std::result::Result<Self, D::Error> {
        let f = TokenFields::deserialize(deserializer)?;
        Ok(Token::new(
            &f.surface,
            &f.base_form,
            &f.pos,
            f.reading.as_deref(),
            f.start,
            f.end,
        ))
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
            .map(|t| t.base_form().to_owned())
            .collect())
    }

    /// For a tokenizer whose terms of a text are the terms of its sentences
    /// ([`split_sentences`](crate::split_sentences) of the normalized text) one after
    /// another: the normalizer it applies first. [`intern_all`] then tokenizes each
    /// distinct sentence once, as form letters and their edited copies share most
    /// sentences even when the texts differ. `None` (the default) for a tokenizer whose
    /// terms cross sentences, as character n-grams do.
    fn sentence_normalizer(&self) -> Option<&Normalizer> {
        None
    }

    /// The terms of text already normalized by [`sentence_normalizer`](Self::sentence_normalizer).
    /// The default normalizes again, which changes nothing as normalization is idempotent.
    fn normalized_terms(&self, normalized: &str) -> Result<Vec<String>> {
        self.terms(normalized)
    }
}

impl<T: Tokenizer + ?Sized> Tokenizer for &T {
    fn tokenize(&self, text: &str) -> Result<Vec<Token>> {
        (**self).tokenize(text)
    }
    fn terms(&self, text: &str) -> Result<Vec<String>> {
        (**self).terms(text)
    }
    fn sentence_normalizer(&self) -> Option<&Normalizer> {
        (**self).sentence_normalizer()
    }
    fn normalized_terms(&self, normalized: &str) -> Result<Vec<String>> {
        (**self).normalized_terms(normalized)
    }
}

impl<T: Tokenizer + ?Sized> Tokenizer for Box<T> {
    fn tokenize(&self, text: &str) -> Result<Vec<Token>> {
        (**self).tokenize(text)
    }
    fn terms(&self, text: &str) -> Result<Vec<String>> {
        (**self).terms(text)
    }
    fn sentence_normalizer(&self) -> Option<&Normalizer> {
        (**self).sentence_normalizer()
    }
    fn normalized_terms(&self, normalized: &str) -> Result<Vec<String>> {
        (**self).normalized_terms(normalized)
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
