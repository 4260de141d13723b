//! Vectorizing: token sequences → a sparse TF-IDF matrix.
//!
//! Takes the terms of each document (from a [`Tokenizer`](crate::Tokenizer)); gives a CSR
//! matrix, one row per document, one column per vocabulary term. Definitions and defaults
//! follow scikit-learn's `TfidfVectorizer`, so numbers can be compared:
//!
//! - terms are token n-grams (`ngram_range`, joined with a space), counted per document;
//! - the vocabulary keeps terms with `min_df ≤ df ≤ max_df` (counts or ratios of documents),
//!   then the `max_features` most frequent, and is sorted, so column `j` is the `j`-th term
//!   in code-point order;
//! - tf is the count, or `1 + ln(count)` with `sublinear_tf`;
//! - idf is `ln((1 + n) / (1 + df)) + 1` with `smooth_idf` (default), else `ln(n / df) + 1`;
//! - rows are scaled to unit L2 norm (`norm: true`); a document with no vocabulary term
//!   stays an all-zero row.
//!
//! Unlike linfa-preprocessing's TF-IDF, the idf is learned once by [`TfidfParams::fit`] and
//! kept in the serializable [`Tfidf`] model, so that new comments are weighted as the
//! fitted ones were.
//!
//! For large inputs, [`TfidfParams::fit_interned`] and [`Tfidf::transform_interned`] take
//! [`InternedTerms`] (term ids, each distinct text once) and give the same numbers.
//!
//! Cost: one parallel pass to count document frequencies, one to build rows; memory is the
//! vocabulary plus the non-zeros (12 bytes each).
//!
//! ```
//! use iken::TfidfParams;
//!
//! # fn main() -> iken::Result<()> {
//! let docs = vec![vec!["窓口", "混雑"], vec!["窓口", "予約"], vec!["公園"]];
//! let (model, matrix) = TfidfParams::default().fit_transform(&docs)?;
//! assert_eq!(model.vocabulary(), ["予約", "公園", "混雑", "窓口"]);
//! assert_eq!(matrix.rows(), 3);
//! assert!((matrix.outer_view(2).unwrap().dot(&matrix.outer_view(2).unwrap()) - 1.0).abs() < 1e-12);
//! # Ok(())
//! # }
//! ```

use std::collections::HashMap;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sprs::CsMat;

use crate::error::{Error, Result};
use crate::tokenize::InternedTerms;

/// A document-frequency bound: a number of documents or a share of them.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DocFreq {
    /// At least / at most this many documents.
    Count(usize),
    /// At least / at most this share of the documents (0.0 to 1.0).
    Ratio(f64),
}

impl DocFreq {
    fn documents(self, n: usize) -> f64 {
        match self {
            DocFreq::Count(c) => c as f64,
            DocFreq::Ratio(r) => r * n as f64,
        }
    }
}

/// Options of the TF-IDF vectorizer; the defaults are scikit-learn's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct TfidfParams {
    /// Keep terms in at least this many documents. Default `Count(1)`.
    pub min_df: DocFreq,
    /// Keep terms in at most this many documents. Default `Ratio(1.0)`.
    pub max_df: DocFreq,
    /// Keep only the most frequent terms (by total count). Default: all.
    pub max_features: Option<usize>,
    /// Token n-grams from `.0` to `.1` tokens long. Default `(1, 1)`.
    pub ngram_range: (usize, usize),
    /// tf = 1 + ln(count). Default false.
    pub sublinear_tf: bool,
    /// idf as if one more document held every term. Default true.
    pub smooth_idf: bool,
    /// Scale rows to unit L2 norm. Default true.
    pub norm: bool,
}

impl Default for TfidfParams {
    fn default() -> Self {
        TfidfParams {
            min_df: DocFreq::Count(1),
            max_df: DocFreq::Ratio(1.0),
            max_features: None,
            ngram_range: (1, 1),
            sublinear_tf: false,
            smooth_idf: true,
            norm: true,
        }
    }
}

/// A fitted TF-IDF model: the sorted vocabulary and its idf weights. Plain data:
/// serialize it to apply the same weighting to new comments later.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tfidf {
    params: TfidfParams,
    vocabulary: Vec<String>,
    idf: Vec<f64>,
    documents: usize,
}

impl TfidfParams {
    /// Sets `min_df`.
    pub fn min_df(mut self, v: DocFreq) -> Self {
        self.min_df = v;
        self
    }
    /// Sets `max_df`.
    pub fn max_df(mut self, v: DocFreq) -> Self {
        self.max_df = v;
        self
    }
    /// Sets `max_features`.
    pub fn max_features(mut self, v: Option<usize>) -> Self {
        self.max_features = v;
        self
    }
    /// Sets `ngram_range`.
    pub fn ngram_range(mut self, lo: usize, hi: usize) -> Self {
        self.ngram_range = (lo, hi);
        self
    }
    /// Sets `sublinear_tf`.
    pub fn sublinear_tf(mut self, yes: bool) -> Self {
        self.sublinear_tf = yes;
        self
    }
    /// Sets `smooth_idf`.
    pub fn smooth_idf(mut self, yes: bool) -> Self {
        self.smooth_idf = yes;
        self
    }
    /// Sets `norm`.
    pub fn norm(mut self, yes: bool) -> Self {
        self.norm = yes;
        self
    }

    fn check(&self) -> Result<()> {
        let (lo, hi) = self.ngram_range;
        if lo == 0 || hi < lo {
            return Err(Error::invalid_parameter(
                "ngram_range",
                format!("({lo}, {hi}) is not a range of n-gram lengths; use e.g. (1, 1) or (1, 2)"),
            ));
        }
        for (name, v) in [("min_df", self.min_df), ("max_df", self.max_df)] {
            if let DocFreq::Ratio(r) = v
                && !(0.0..=1.0).contains(&r)
            {
                return Err(Error::invalid_parameter(
                    name,
                    format!("ratio {r} is not between 0 and 1"),
                ));
            }
        }
        if self.max_features == Some(0) {
            return Err(Error::invalid_parameter(
                "max_features",
                "0 keeps no term; use None for all",
            ));
        }
        Ok(())
    }

    /// Learns the vocabulary and idf from documents given as term sequences.
    ///
    /// # Errors
    /// Invalid options; no documents; a vocabulary emptied by `min_df`/`max_df`.
    pub fn fit<S: AsRef<str> + Sync>(&self, docs: &[Vec<S>]) -> Result<Tfidf> {
        self.check_documents(docs.len())?;
        let counts = count_terms(docs.par_iter().map(|doc| (self.doc_counts(doc), 1)));
        self.select(
            counts
                .into_iter()
                .map(|(t, (df, tf))| (t, df, tf))
                .collect(),
            docs.len(),
        )
    }

    /// [`fit`](Self::fit), then [`Tfidf::transform`] on the same documents.
    pub fn fit_transform<S: AsRef<str> + Sync>(
        &self,
        docs: &[Vec<S>],
    ) -> Result<(Tfidf, CsMat<f64>)> {
        let model = self.fit(docs)?;
        let matrix = model.transform(docs);
        Ok((model, matrix))
    }

    /// Like [`fit`](Self::fit), on interned terms (see [`intern_all`](crate::intern_all)):
    /// the same model as fitting the documents' term lists, copies included, computed once
    /// per distinct text and, for single terms, on term ids rather than strings.
    ///
    /// # Errors
    /// As [`fit`](Self::fit).
    pub fn fit_interned(&self, terms: &InternedTerms) -> Result<Tfidf> {
        self.check_documents(terms.len())?;
        let counted: Vec<(String, usize, usize)> = if self.ngram_range == (1, 1) {
            let v = terms.vocabulary().len();
            let zeros = || (vec![0usize; v], vec![0usize; v]);
            let (df, tf) = (0..terms.unique_len())
                .into_par_iter()
                .fold(
                    // `seen[id]` is the last text that counted `id` towards its df.
                    || (zeros(), vec![u32::MAX; v]),
                    |((mut df, mut tf), mut seen), u| {
                        let copies = terms.copies(u);
                        for &id in terms.unique_ids(u) {
                            let id = id as usize;
                            tf[id] += copies;
                            if seen[id] != u as u32 {
                                seen[id] = u as u32;
                                df[id] += copies;
                            }
                        }
                        ((df, tf), seen)
                    },
                )
                .map(|(counts, _)| counts)
                .reduce(zeros, |(mut df, mut tf), (df2, tf2)| {
                    df.iter_mut().zip(df2).for_each(|(a, b)| *a += b);
                    tf.iter_mut().zip(tf2).for_each(|(a, b)| *a += b);
                    (df, tf)
                });
            terms
                .vocabulary()
                .iter()
                .zip(df.into_iter().zip(tf))
                .filter(|(_, (df, _))| *df > 0)
                .map(|(t, (df, tf))| (t.clone(), df, tf))
                .collect()
        } else {
            let counts = count_terms(
                (0..terms.unique_len())
                    .into_par_iter()
                    .map(|u| (self.doc_counts(&unique_terms(terms, u)), terms.copies(u))),
            );
            counts
                .into_iter()
                .map(|(t, (df, tf))| (t, df, tf))
                .collect()
        };
        self.select(counted, terms.len())
    }

    /// [`fit_interned`](Self::fit_interned), then [`Tfidf::transform_interned`].
    pub fn fit_transform_interned(&self, terms: &InternedTerms) -> Result<(Tfidf, CsMat<f64>)> {
        let model = self.fit_interned(terms)?;
        let matrix = model.transform_interned(terms);
        Ok((model, matrix))
    }

    fn check_documents(&self, n: usize) -> Result<()> {
        self.check()?;
        if n == 0 {
            return Err(Error::too_little(
                "documents",
                "there are no documents to fit",
            ));
        }
        Ok(())
    }

    /// The model from every term's (document frequency, total count) over `n` documents.
    fn select(&self, counted: Vec<(String, usize, usize)>, n: usize) -> Result<Tfidf> {
        let total_terms = counted.len();
        let lo = self.min_df.documents(n);
        let hi = self.max_df.documents(n);
        let mut kept: Vec<(String, usize, usize)> = counted
            .into_iter()
            .filter(|(_, df, _)| (*df as f64) >= lo && (*df as f64) <= hi)
            .collect();
        if kept.is_empty() {
            return Err(Error::too_little(
                "terms",
                format!(
                    "min_df = {:?} and max_df = {:?} removed all {total_terms} terms of {n} documents; \
                     lower min_df or raise max_df",
                    self.min_df, self.max_df
                ),
            ));
        }
        if let Some(limit) = self.max_features
            && kept.len() > limit
        {
            // Most frequent first; ties by term so the choice is reproducible.
            kept.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.cmp(&b.0)));
            kept.truncate(limit);
        }
        kept.sort_by(|a, b| a.0.cmp(&b.0));
        let nf = n as f64;
        let idf = kept
            .iter()
            .map(|&(_, df, _)| {
                let df = df as f64;
                if self.smooth_idf {
                    ((1.0 + nf) / (1.0 + df)).ln() + 1.0
                } else {
                    (nf / df).ln() + 1.0
                }
            })
            .collect();
        Ok(Tfidf {
            params: self.clone(),
            vocabulary: kept.into_iter().map(|(t, _, _)| t).collect(),
            idf,
            documents: n,
        })
    }

    /// The n-grams of one document with their counts.
    fn doc_counts<S: AsRef<str>>(&self, doc: &[S]) -> HashMap<String, usize> {
        let (lo, hi) = self.ngram_range;
        let mut counts: HashMap<String, usize> = HashMap::new();
        for n in lo..=hi {
            if n == 1 {
                for t in doc {
                    *counts.entry(t.as_ref().to_owned()).or_default() += 1;
                }
                continue;
            }
            for w in doc.windows(n) {
                let gram = w.iter().map(|t| t.as_ref()).collect::<Vec<_>>().join(" ");
                *counts.entry(gram).or_default() += 1;
            }
        }
        counts
    }
}

fn unique_terms(terms: &InternedTerms, u: usize) -> Vec<&str> {
    let vocabulary = terms.vocabulary();
    terms
        .unique_ids(u)
        .iter()
        .map(|&id| vocabulary[id as usize].as_str())
        .collect()
}

/// (document frequency, total count) per term, from each document's counts and how many
/// documents it stands for. Per-thread maps are merged; the vocabulary is sorted
/// afterwards, so the merge order does not matter.
fn count_terms(
    docs: impl ParallelIterator<Item = (HashMap<String, usize>, usize)>,
) -> HashMap<String, (usize, usize)> {
    docs.fold(
        HashMap::new,
        |mut acc: HashMap<String, (usize, usize)>, (doc, copies)| {
            for (term, c) in doc {
                let e = acc.entry(term).or_insert((0, 0));
                e.0 += copies;
                e.1 += c * copies;
            }
            acc
        },
    )
    .reduce(HashMap::new, |mut a, b| {
        if a.len() < b.len() {
            return merge(b, a);
        }
        merge_into(&mut a, b);
        a
    })
}

fn merge_into(a: &mut HashMap<String, (usize, usize)>, b: HashMap<String, (usize, usize)>) {
    for (t, (df, tf)) in b {
        let e = a.entry(t).or_insert((0, 0));
        e.0 += df;
        e.1 += tf;
    }
}

fn merge(
    mut a: HashMap<String, (usize, usize)>,
    b: HashMap<String, (usize, usize)>,
) -> HashMap<String, (usize, usize)> {
    merge_into(&mut a, b);
    a
}

impl Tfidf {
    /// The terms, in column order (sorted).
    pub fn vocabulary(&self) -> &[String] {
        &self.vocabulary
    }

    /// The idf of each column.
    pub fn idf(&self) -> &[f64] {
        &self.idf
    }

    /// The column of a term, if it is in the vocabulary.
    pub fn column(&self, term: &str) -> Option<usize> {
        self.vocabulary
            .binary_search_by(|t| t.as_str().cmp(term))
            .ok()
    }

    /// Number of documents the model was fitted on.
    pub fn documents(&self) -> usize {
        self.documents
    }

    /// The options it was fitted with.
    pub fn params(&self) -> &TfidfParams {
        &self.params
    }

    /// Weights documents (term sequences) into a CSR matrix with one row per document, in
    /// input order. Terms outside the vocabulary are ignored.
    pub fn transform<S: AsRef<str> + Sync>(&self, docs: &[Vec<S>]) -> CsMat<f64> {
        let rows: Vec<Vec<(usize, f64)>> = docs.par_iter().map(|doc| self.row(doc)).collect();
        self.assemble(rows.iter(), rows.len())
    }

    /// Like [`transform`](Self::transform), on interned terms: each distinct text's row is
    /// computed once and repeated for its copies.
    pub fn transform_interned(&self, terms: &InternedTerms) -> CsMat<f64> {
        let rows: Vec<Vec<(usize, f64)>> = if self.params.ngram_range == (1, 1) {
            let column: Vec<Option<usize>> = terms
                .vocabulary()
                .par_iter()
                .map(|t| self.column(t))
                .collect();
            (0..terms.unique_len())
                .into_par_iter()
                .map(|u| {
                    let mut columns: Vec<usize> = terms
                        .unique_ids(u)
                        .iter()
                        .filter_map(|&id| column[id as usize])
                        .collect();
                    columns.sort_unstable();
                    let mut row: Vec<(usize, f64)> = Vec::new();
                    for j in columns {
                        match row.last_mut() {
                            Some((last, c)) if *last == j => *c += 1.0,
                            _ => row.push((j, 1.0)),
                        }
                    }
                    self.weigh(row)
                })
                .collect()
        } else {
            (0..terms.unique_len())
                .into_par_iter()
                .map(|u| self.row(&unique_terms(terms, u)))
                .collect()
        };
        self.assemble(
            (0..terms.len()).map(|d| &rows[terms.unique_of(d)]),
            terms.len(),
        )
    }

    /// One document's row: (column, weight) sorted by column.
    fn row<S: AsRef<str>>(&self, doc: &[S]) -> Vec<(usize, f64)> {
        let mut row: Vec<(usize, f64)> = self
            .params
            .doc_counts(doc)
            .into_iter()
            .filter_map(|(t, c)| self.column(&t).map(|j| (j, c as f64)))
            .collect();
        row.sort_unstable_by_key(|&(j, _)| j);
        self.weigh(row)
    }

    /// Counts → tf × idf, scaled to unit length when `norm` is set.
    fn weigh(&self, mut row: Vec<(usize, f64)>) -> Vec<(usize, f64)> {
        for (j, v) in &mut row {
            let tf = if self.params.sublinear_tf {
                1.0 + v.ln()
            } else {
                *v
            };
            *v = tf * self.idf[*j];
        }
        if self.params.norm {
            let norm = row.iter().map(|(_, v)| v * v).sum::<f64>().sqrt();
            if norm > 0.0 {
                for (_, v) in &mut row {
                    *v /= norm;
                }
            }
        }
        row
    }

    fn assemble<'a>(
        &self,
        rows: impl Iterator<Item = &'a Vec<(usize, f64)>> + Clone,
        n: usize,
    ) -> CsMat<f64> {
        let nnz: usize = rows.clone().map(Vec::len).sum();
        let mut indptr = Vec::with_capacity(n + 1);
        let mut indices = Vec::with_capacity(nnz);
        let mut data = Vec::with_capacity(nnz);
        indptr.push(0);
        for row in rows {
            for &(j, v) in row {
                indices.push(j);
                data.push(v);
            }
            indptr.push(indices.len());
        }
        CsMat::new((n, self.vocabulary.len()), indptr, indices, data)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_are_checked() {
        let docs = vec![vec!["a"]];
        assert!(TfidfParams::default().ngram_range(0, 1).fit(&docs).is_err());
        assert!(TfidfParams::default().ngram_range(2, 1).fit(&docs).is_err());
        assert!(
            TfidfParams::default()
                .min_df(DocFreq::Ratio(1.5))
                .fit(&docs)
                .is_err()
        );
        assert!(
            TfidfParams::default()
                .max_features(Some(0))
                .fit(&docs)
                .is_err()
        );
        let none: Vec<Vec<&str>> = Vec::new();
        assert!(TfidfParams::default().fit(&none).is_err());
        // A vocabulary emptied by min_df says so and how to fix it.
        let err = TfidfParams::default()
            .min_df(DocFreq::Count(5))
            .fit(&docs)
            .unwrap_err();
        assert!(err.to_string().contains("lower min_df"), "{err}");
    }

    #[test]
    fn empty_documents_are_zero_rows() {
        let docs = vec![vec!["窓口"], vec![], vec!["窓口", "窓口"]];
        let (_, m) = TfidfParams::default().fit_transform(&docs).unwrap();
        assert_eq!(m.outer_view(1).unwrap().nnz(), 0);
        assert_eq!(m.outer_view(2).unwrap().data(), &[1.0]);
    }
}
