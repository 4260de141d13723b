//! Interned terms: many documents' terms held as numbers, each distinct text tokenized once.
//!
//! A million comments of fifty terms each are fifty million small strings when kept as
//! `Vec<Vec<String>>` (gigabytes); as `u32` term ids they are 200 MB. Real consultations
//! also repeat themselves: organised campaigns send the same text thousands of times, so
//! [`intern_all`] tokenizes each distinct text once and records which documents are copies.
//! With a tokenizer whose terms never cross a sentence
//! ([`Tokenizer::sentence_normalizer`]) it goes further and tokenizes each distinct
//! *sentence* once: a form letter's edited copies differ as texts but share most of their
//! sentences, and people quote the plan's sentences back.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::Tokenizer;
use crate::Normalizer;
use crate::distinct::Distinct;
use crate::error::Result;
use crate::normalize::split_sentences;

/// Documents as sequences of term ids, with exact copies stored once.
///
/// Term ids number the distinct terms in order of first appearance. Documents that are
/// byte-for-byte the same text share one entry ("unique text").
#[derive(Debug, Clone, Default, PartialEq)]
pub struct InternedTerms {
    vocabulary: Vec<String>,
    offsets: Vec<usize>,
    ids: Vec<u32>,
    unique_of: Vec<u32>,
    copies: Vec<u32>,
}

/// How many distinct texts are tokenized (in parallel) before their terms are interned:
/// bounds the strings alive at once.
const ROUND: usize = 8192;

/// Tokenizes `texts` with `tokenizer` and interns the terms; identical texts are tokenized
/// once.
///
/// # Errors
/// The tokenizer's error for the first failing document, with its index.
///
/// ```
/// use iken::{MorphologicalTokenizer, intern_all};
///
/// # fn main() -> iken::Result<()> {
/// let tokenizer = MorphologicalTokenizer::builder().build()?;
/// let texts = ["窓口の混雑を解消してほしい。", "公園を増やしてほしい。", "窓口の混雑を解消してほしい。"];
/// let interned = intern_all(&tokenizer, &texts)?;
/// assert_eq!(interned.len(), 3);
/// assert_eq!(interned.unique_len(), 2);
/// assert_eq!(interned.terms(2).collect::<Vec<_>>(), ["窓口", "混雑", "解消"]);
/// # Ok(())
/// # }
/// ```
pub fn intern_all<T, S>(tokenizer: &T, texts: &[S]) -> Result<InternedTerms>
where
    T: Tokenizer + ?Sized,
    S: AsRef<str> + Sync,
{
    let Distinct {
        of,
        first: originals,
        copies,
    } = Distinct::new(texts.iter().map(|t| Some(t.as_ref())));
    // Nothing is skipped: every document has its distinct text.
    let unique_of: Vec<u32> = of.into_iter().flatten().collect();

    let mut lookup: FxHashMap<String, u32> = FxHashMap::default();
    let mut out = InternedTerms {
        vocabulary: Vec::new(),
        offsets: Vec::with_capacity(originals.len() + 1),
        ids: Vec::new(),
        unique_of,
        copies,
    };
    out.offsets.push(0);
    if let Some(normalizer) = tokenizer.sentence_normalizer() {
        by_sentence(
            tokenizer,
            normalizer,
            texts,
            &originals,
            &mut lookup,
            &mut out,
        )?;
        return Ok(out);
    }
    for round in originals.chunks(ROUND) {
        let terms: Vec<Result<Vec<String>>> = round
            .par_iter()
            .map(|&i| tokenizer.terms(texts[i].as_ref()))
            .collect();
        // Rounds and the documents in them are in input order, so the first error met is
        // the one of the lowest index.
        for (r, &i) in terms.into_iter().zip(round) {
            for term in r.map_err(|e| e.at_document(i))? {
                out.ids.push(intern(&mut lookup, &mut out.vocabulary, term));
            }
            out.offsets.push(out.ids.len());
        }
    }
    Ok(out)
}

/// The id of `term`, given the next one when new.
fn intern(lookup: &mut FxHashMap<String, u32>, vocabulary: &mut Vec<String>, term: String) -> u32 {
    match lookup.get(term.as_str()) {
        Some(&id) => id,
        None => {
            let id = vocabulary.len() as u32;
            vocabulary.push(term.clone());
            lookup.insert(term, id);
            id
        }
    }
}

/// The terms of each distinct text as those of its sentences, each distinct sentence
/// tokenized once. Term ids are given in the same order as text by text: a sentence's
/// terms are interned where it first occurs, in document order.
fn by_sentence<T, S>(
    tokenizer: &T,
    normalizer: &Normalizer,
    texts: &[S],
    originals: &[usize],
    lookup: &mut FxHashMap<String, u32>,
    out: &mut InternedTerms,
) -> Result<()>
where
    T: Tokenizer + ?Sized,
    S: AsRef<str> + Sync,
{
    // Each distinct sentence's id, and its term ids as a range of `sentence_ids`.
    let mut sentences: FxHashMap<Box<str>, u32> = FxHashMap::default();
    let mut sentence_ids: Vec<u32> = Vec::new();
    let mut sentence_offsets: Vec<usize> = vec![0];
    for round in originals.chunks(ROUND) {
        let normalized: Vec<String> = round
            .par_iter()
            .map(|&i| normalizer.normalize(texts[i].as_ref()))
            .collect();
        // The sentences of each text as ids; the new ones (first met here, in document
        // order) are tokenized below, in parallel.
        let mut fresh: Vec<(&str, usize)> = Vec::new();
        let per_text: Vec<Vec<u32>> = normalized
            .iter()
            .zip(round)
            .map(|(text, &i)| {
                split_sentences(text)
                    .iter()
                    .map(|s| {
                        let sentence = s.text(text);
                        let next = sentences.len() as u32;
                        *sentences.entry(sentence.into()).or_insert_with(|| {
                            fresh.push((sentence, i));
                            next
                        })
                    })
                    .collect()
            })
            .collect();
        let terms: Vec<Result<Vec<String>>> = fresh
            .par_iter()
            .map(|&(sentence, _)| tokenizer.normalized_terms(sentence))
            .collect();
        // New sentences are numbered in the order first met, so interning them in that
        // order is interning in document order, and the first error met is that of the
        // lowest document.
        for (r, &(_, i)) in terms.into_iter().zip(&fresh) {
            for term in r.map_err(|e| e.at_document(i))? {
                sentence_ids.push(intern(lookup, &mut out.vocabulary, term));
            }
            sentence_offsets.push(sentence_ids.len());
        }
        for ids in per_text {
            for s in ids {
                let s = s as usize;
                out.ids
                    .extend_from_slice(&sentence_ids[sentence_offsets[s]..sentence_offsets[s + 1]]);
            }
            out.offsets.push(out.ids.len());
        }
    }
    Ok(())
}

impl InternedTerms {
    /// Number of documents, copies included.
    pub fn len(&self) -> usize {
        self.unique_of.len()
    }

    /// Whether there are no documents.
    pub fn is_empty(&self) -> bool {
        self.unique_of.is_empty()
    }

    /// Number of distinct texts.
    pub fn unique_len(&self) -> usize {
        self.copies.len()
    }

    /// The distinct terms; a term id indexes this.
    pub fn vocabulary(&self) -> &[String] {
        &self.vocabulary
    }

    /// Which distinct text document `doc` is.
    pub fn unique_of(&self, doc: usize) -> usize {
        self.unique_of[doc] as usize
    }

    /// How many documents are copies of distinct text `unique` (at least 1).
    pub fn copies(&self, unique: usize) -> usize {
        self.copies[unique] as usize
    }

    /// The term ids of distinct text `unique`, in text order.
    pub fn unique_ids(&self, unique: usize) -> &[u32] {
        &self.ids[self.offsets[unique]..self.offsets[unique + 1]]
    }

    /// The term ids of document `doc`, in text order.
    pub fn ids(&self, doc: usize) -> &[u32] {
        self.unique_ids(self.unique_of(doc))
    }

    /// The terms of document `doc`, in text order.
    pub fn terms(&self, doc: usize) -> impl Iterator<Item = &str> + '_ {
        self.ids(doc)
            .iter()
            .map(|&id| self.vocabulary[id as usize].as_str())
    }

    /// Total number of terms over all documents, copies included.
    pub fn total_terms(&self) -> usize {
        (0..self.unique_len())
            .map(|u| self.unique_ids(u).len() * self.copies(u))
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize::Token;
    use crate::{CharNgrams, MorphologicalTokenizer};

    /// The morphological tokenizer with its sentence path hidden: text by text.
    struct Whole<'a>(&'a MorphologicalTokenizer);

    impl Tokenizer for Whole<'_> {
        fn tokenize(&self, text: &str) -> Result<Vec<Token>> {
            self.0.tokenize(text)
        }
        fn terms(&self, text: &str) -> Result<Vec<String>> {
            self.0.terms(text)
        }
    }

    #[test]
    fn sentence_by_sentence_gives_the_terms_and_ids_of_text_by_text() {
        let table = crate::read::read_pdf_table(
            include_str!("../../data/osaka-dx-strategy-pubcomment.txt"),
            "osaka",
        );
        let mut texts: Vec<String> = table
            .consultation
            .texts()
            .iter()
            .map(|t| t.to_string())
            .collect();
        // Texts that share sentences without being copies, as edited form letters do.
        let first = texts[0].clone();
        texts.push(format!("北区在住です。{first}"));
        texts.push(format!("{first}以上、よろしくお願いします。"));
        let tokenizer = MorphologicalTokenizer::builder().build().unwrap();
        assert!(tokenizer.sentence_normalizer().is_some());
        let by_sentence = intern_all(&tokenizer, &texts).unwrap();
        let whole = intern_all(&Whole(&tokenizer), &texts).unwrap();
        assert_eq!(by_sentence, whole);
        assert!(by_sentence.vocabulary().len() > 100);
    }

    #[test]
    fn copies_are_tokenized_once_and_kept_in_order() {
        let tok = CharNgrams::new(2).unwrap();
        let texts = ["あいう", "かき", "あいう", "", "かき", "あいう"];
        let it = intern_all(&tok, &texts).unwrap();
        assert_eq!(it.len(), 6);
        assert_eq!(it.unique_len(), 3);
        assert_eq!(
            (0..6).map(|d| it.unique_of(d)).collect::<Vec<_>>(),
            [0, 1, 0, 2, 1, 0]
        );
        assert_eq!((0..3).map(|u| it.copies(u)).collect::<Vec<_>>(), [3, 2, 1]);
        assert_eq!(it.terms(5).collect::<Vec<_>>(), ["あい", "いう"]);
        assert_eq!(it.terms(3).count(), 0);
        assert_eq!(it.vocabulary(), ["あい", "いう", "かき"]);
        assert_eq!(it.total_terms(), 3 * 2 + 2);
    }
}
