//! # iken (意見): what a public consultation's comments say
//!
//! iken reads the comments a public consultation (パブリックコメント, 意見募集) receives
//! and the official replies to them, and tells the people who must answer them what was
//! said. It is built as a pipeline of stages, one module each:
//!
//! ```text
//! source file ─► read ─► Consultation ─► normalize ─► tokenize ─► vectorize ─► reduce ─► cluster
//!                                            ├─► dedup (shingles ─► groups of copies)
//!                                            └─► boilerplate (replies ─► sentences ─► templates, classes)
//!                                       all of it ─► analysis ─► report (JSON, CSV, HTML)
//! ```
//!
//! The primary types:
//!
//! - [`read_path`] and [`Consultation`]: opinions and replies from PDF-table text, CSV/TSV,
//!   Excel, JSON Lines or plain text.
//! - [`Normalizer`]: NFKC and the foldings Japanese comments need (ＤＸ → DX).
//! - [`Dictionary`]: the Japanese dictionary, IPADIC built into the binary by default,
//!   or loaded from a path, with an optional user dictionary of domain terms.
//! - [`MorphologicalTokenizer`]: lindera over the dictionary; gives [`Token`]s with
//!   surface, base form, part of speech and reading, keeping content words by default.
//! - [`CharNgrams`]: character n-grams, for shingles and text with no dictionary coverage.
//! - [`TfidfParams`], [`SvdParams`], [`ClusterParams`]: TF-IDF (sparse), truncated SVD
//!   (dense), k-means or agglomerative clusters with keywords and representatives.
//! - [`DedupParams`]: exact, near (MinHash/LSH, verified), partial and edited copies, grouped.
//! - [`BoilerplateParams`], [`ReplyRules`], [`ReplyReport`]: template sentences, boilerplate
//!   share, and how each reply answers.
//! - [`Analysis`] → [`Report`] → [`write_report`]: every stage in one call, and the report
//!   files (HTML, JSON, CSV) a person opens.
//! - With the `synth` feature (on by default; the library alone does without it):
//!   `Generator` and the metrics in `adjusted_rand_index` and friends, synthetic
//!   consultations with ground truth and scores against it.
//!
//! Both tokenizers implement [`Tokenizer`]; [`tokenize_all`] runs one over many
//! documents in parallel, keeping input order.
//!
//! ```
//! use iken::{MorphologicalTokenizer, Tokenizer, tokenize_all};
//!
//! # fn main() -> iken::Result<()> {
//! let tokenizer = MorphologicalTokenizer::builder().build()?;
//! let comments = [
//!     "ＤＸの推進に向けた具体的な取組を示してほしい。",
//!     "母子手帳のアプリ化を進めてください。",
//! ];
//! let tokens = tokenize_all(&tokenizer, &comments)?;
//! let terms: Vec<&str> = tokens[1].iter().map(|t| t.term()).collect();
//! assert_eq!(terms, ["母子", "手帳", "アプリ", "進める"]);
//! # Ok(())
//! # }
//! ```
//!
//! ## Cargo features
//!
//! - `bundled-ipadic` (default): compiles the MeCab IPADIC source shipped in the
//!   repository (6.7 MB archive) into the binary. Costs about a minute of build time
//!   the first time and ~50 MB in the binary; needs no network.
//! - `embed-ipadic`: lindera's own embedded IPADIC instead. Its build script downloads
//!   the dictionary, so it needs network access when iken is built.

mod analysis;
mod boilerplate;
mod cluster;
mod consultation;
mod dedup;
mod dictionary;
mod distinct;
mod error;
#[cfg(feature = "synth")]
mod evaluate;
#[cfg(feature = "synth")]
mod generate;
mod map;
mod normalize;
mod read;
mod reduce;
mod report;
mod tokenize;
mod union_find;
mod vectorize;
mod wording;

/// The sparse-matrix crate of [`Tfidf::transform`]'s output, re-exported so that users
/// get the matching version.
pub use sprs;

/// The array crate of [`SvdParams::fit_transform`]'s output (the version linfa uses).
pub use ndarray;

/// The lindera version iken is built with, so that users of
/// [`Dictionary::as_lindera`] get matching types.
pub use lindera;

pub use analysis::{
    Analysis, AnalysisBuilder, ClusterGroup, ClusterStage, ClusterSummary, Copies, CopyGroup,
    CopyGroupDetail, CopyMember, CopyPair, OpinionBoilerplate, OpinionRow, OpinionTemplate,
    OpinionTemplates, Report, SCHEMA_VERSION, Summary, Vectors, Versioned,
};
pub use boilerplate::{
    Boilerplate, BoilerplateParams, ClassCounts, Classification, IdenticalReplies, MarkedSentence,
    NO_SECTION, ReplyAnalysis, ReplyClass, ReplyClassifier, ReplyReport, ReplyRules, ReplyTemplate,
    ReusedAnswer, Template, TextBoilerplate, Variant,
};
pub use cluster::{Cluster, ClusterParams, Clustering, K, MAX_AGGLOMERATIVE, coarse_groups};
pub use consultation::{Consultation, Opinion, Reply, ReplyLink, Source};
pub use dedup::{
    DedupParams, DuplicateGroup, DuplicateMember, DuplicatePair, Duplicates, Measure,
    SimilarityRange,
};
pub use dictionary::Dictionary;
pub use error::{Error, ErrorKind, Position, Result};
#[cfg(feature = "synth")]
pub use evaluate::{
    PairScores, ReplyAgreement, VMeasure, adjusted_rand_index, normalized_mutual_info, pair_scores,
    reply_agreement, v_measure,
};
#[cfg(feature = "synth")]
pub use generate::{
    GenerateParams, GenerateStats, GeneratedComment, Generator, Vocabulary, write_jsonl,
};
pub use map::MapParams;
pub use normalize::{Normalizer, Sentence, split_clauses, split_sentences};
pub use read::{
    Column, Columns, Explanation, Folded, Format, PdfTable, ReadOptions, ReadOutcome, TextUnit,
    Warning, for_each_opinion, read_path, read_pdf_table,
};
pub use reduce::{Svd, SvdParams};
pub use report::{
    KouchouFiles, MAP_POINTS, ReportFiles, TABLE_ROWS, render_html, write_kouchou, write_report,
    write_report_unfolded,
};
pub use tokenize::{
    CharNgrams, Compounds, ContentWords, InternedTerms, MorphologicalTokenizer,
    MorphologicalTokenizerBuilder, OpinionTerms, OpinionTokens, StopWords, Token, Tokenizer,
    intern_all, terms_all, tokenize_all,
};
pub use vectorize::{DocFreq, Tfidf, TfidfParams};

// The README's examples are compiled and run as doctests, so the front door stays true.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
