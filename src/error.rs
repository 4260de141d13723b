//! The one error type of the crate.
//!
//! Every fallible public function returns [`Result<T>`](Result). An [`Error`] says what
//! went wrong and, where it can, where: the file, the document index, the line.
//! Errors from other crates (lindera, I/O) are kept as the [`source`](std::error::Error::source)
//! and never appear in iken's public types.

use std::fmt;
use std::path::PathBuf;

/// `Result` with iken's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

/// An error from iken, with its [`ErrorKind`] and, when there is one, the foreign error
/// that caused it as its source.
///
/// The kind is boxed so that `Result<T>` stays one pointer wide on the happy path.
#[derive(Debug)]
pub struct Error {
    kind: Box<ErrorKind>,
    source: Option<Box<dyn std::error::Error + Send + Sync + 'static>>,
}

/// What went wrong, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A dictionary path that does not exist.
    DictionaryNotFound {
        /// The path that was given.
        path: PathBuf,
    },
    /// A dictionary that exists but could not be read or compiled.
    DictionaryInvalid {
        /// The dictionary directory or file.
        path: PathBuf,
        /// What was wrong with it.
        reason: String,
    },
    /// A user dictionary CSV that could not be read.
    UserDictionaryInvalid {
        /// The CSV file.
        path: PathBuf,
        /// What was wrong with it (lindera names the row).
        reason: String,
    },
    /// iken was built without any dictionary feature and no dictionary path was given.
    NoDictionary,
    /// The morphological analyser failed on one document.
    Tokenize {
        /// Index of the document in the input, counting from 0.
        document: usize,
        /// What the analyser reported.
        reason: String,
    },
    /// An option value that cannot work, e.g. n-grams of length 0.
    InvalidParameter {
        /// The option's name.
        name: &'static str,
        /// Why the value was refused and what to use instead.
        reason: String,
    },
    /// The input holds too little for a stage: no documents, no term left, fewer opinions
    /// than clusters asked for, no replies.
    TooLittleInput {
        /// What there is too little of.
        what: &'static str,
        /// What was found and what is needed.
        reason: String,
    },
    /// A numerical method failed on the input (a factorization, k-means).
    Numerical {
        /// The method.
        method: &'static str,
        /// What it reported.
        reason: String,
    },
    /// Reading or writing a file failed.
    Io {
        /// The file.
        path: PathBuf,
    },
    /// An input file that has nothing to read.
    EmptyInput {
        /// The file.
        path: PathBuf,
    },
    /// An input file that is not text in any supported format (e.g. an image).
    NotText {
        /// The file.
        path: PathBuf,
        /// What gave it away.
        reason: String,
    },
    /// The input could not be read as the format it is in (or was said to be in).
    Parse {
        /// The file.
        path: PathBuf,
        /// Where: line (text formats) or row (tables), counting from 1.
        position: Option<Position>,
        /// What was wrong.
        reason: String,
    },
    /// The text is not valid in its encoding.
    Encoding {
        /// The file.
        path: PathBuf,
        /// The encoding it was read as.
        encoding: String,
        /// Where the first invalid bytes are.
        position: Option<Position>,
    },
    /// A PDF that cannot be read as an opinion/reply table: not a PDF, encrypted, a scan
    /// without text, fonts without a Unicode map, or no table on any page.
    Pdf {
        /// The file.
        path: PathBuf,
        /// The page, counting from 1, when one is to blame.
        page: Option<u32>,
        /// What was wrong, and what to do about it.
        reason: String,
    },
    /// A column (or field) that was asked for is not in the input.
    MissingColumn {
        /// The file.
        path: PathBuf,
        /// The column asked for.
        column: String,
        /// The columns the input has.
        available: Vec<String>,
    },
}

/// A place in an input file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Position {
    /// A line, counting from 1.
    Line(usize),
    /// A table row, counting the header as row 1.
    Row(usize),
    /// A byte offset.
    Byte(u64),
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Position::Line(n) => write!(f, "line {n}"),
            Position::Row(n) => write!(f, "row {n}"),
            Position::Byte(n) => write!(f, "byte {n}"),
        }
    }
}

impl Error {
    pub(crate) fn new(kind: ErrorKind) -> Self {
        Error {
            kind: Box::new(kind),
            source: None,
        }
    }

    pub(crate) fn with_source(
        mut self,
        source: impl Into<Box<dyn std::error::Error + Send + Sync + 'static>>,
    ) -> Self {
        self.source = Some(source.into());
        self
    }

    pub(crate) fn io(path: &std::path::Path, source: std::io::Error) -> Self {
        Error::new(ErrorKind::Io {
            path: path.to_owned(),
        })
        .with_source(source)
    }

    pub(crate) fn parse(
        path: &std::path::Path,
        position: Option<Position>,
        reason: impl Into<String>,
    ) -> Self {
        Error::new(ErrorKind::Parse {
            path: path.to_owned(),
            position,
            reason: reason.into(),
        })
    }

    pub(crate) fn invalid_parameter(name: &'static str, reason: impl Into<String>) -> Self {
        Error::new(ErrorKind::InvalidParameter {
            name,
            reason: reason.into(),
        })
    }

    pub(crate) fn too_little(what: &'static str, reason: impl Into<String>) -> Self {
        Error::new(ErrorKind::TooLittleInput {
            what,
            reason: reason.into(),
        })
    }

    pub(crate) fn numerical(method: &'static str, reason: impl Into<String>) -> Self {
        Error::new(ErrorKind::Numerical {
            method,
            reason: reason.into(),
        })
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// The index of the document the error is about, when it is about one.
    pub fn document(&self) -> Option<usize> {
        match *self.kind {
            ErrorKind::Tokenize { document, .. } => Some(document),
            _ => None,
        }
    }

    /// The line or row the error is about, for errors about an input file.
    pub fn position(&self) -> Option<Position> {
        match *self.kind {
            ErrorKind::Parse { position, .. } | ErrorKind::Encoding { position, .. } => position,
            _ => None,
        }
    }

    /// Re-labels an error about "the document" with its index in a larger input.
    pub(crate) fn at_document(mut self, index: usize) -> Self {
        if let ErrorKind::Tokenize { document, .. } = self.kind.as_mut() {
            *document = index;
        }
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind.as_ref() {
            ErrorKind::DictionaryNotFound { path } => write!(
                f,
                "dictionary not found at {}: give the directory of a compiled lindera dictionary \
                 or of a MeCab source dictionary",
                path.display()
            ),
            ErrorKind::DictionaryInvalid { path, reason } => {
                write!(
                    f,
                    "dictionary at {} cannot be used: {reason}",
                    path.display()
                )
            }
            ErrorKind::UserDictionaryInvalid { path, reason } => write!(
                f,
                "user dictionary {} cannot be read: {reason} (expected UTF-8 CSV rows of \
                 surface,part_of_speech,reading)",
                path.display()
            ),
            ErrorKind::NoDictionary => write!(
                f,
                "iken was built without a dictionary: enable the `bundled-ipadic` feature \
                 (the default) or `embed-ipadic`, or load one from a path"
            ),
            ErrorKind::Tokenize { document, reason } => {
                write!(f, "tokenizing document {document} failed: {reason}")
            }
            ErrorKind::InvalidParameter { name, reason } => {
                write!(f, "invalid value for `{name}`: {reason}")
            }
            ErrorKind::TooLittleInput { what, reason } => {
                write!(f, "too little input ({what}): {reason}")
            }
            ErrorKind::Numerical { method, reason } => write!(f, "{method} failed: {reason}"),
            ErrorKind::Io { path } => write!(f, "cannot access {}", path.display()),
            ErrorKind::EmptyInput { path } => {
                write!(
                    f,
                    "{} is empty: there are no comments to read",
                    path.display()
                )
            }
            ErrorKind::NotText { path, reason } => write!(
                f,
                "{} is not a text, CSV, JSON Lines or Excel file ({reason})",
                path.display()
            ),
            ErrorKind::Parse {
                path,
                position,
                reason,
            } => match position {
                Some(p) => write!(f, "{}, {p}: {reason}", path.display()),
                None => write!(f, "{}: {reason}", path.display()),
            },
            ErrorKind::Encoding {
                path,
                encoding,
                position,
            } => {
                write!(f, "{} is not valid {encoding}", path.display())?;
                if let Some(p) = position {
                    write!(f, " at {p}")?;
                }
                write!(f, "; name its encoding (e.g. shift_jis, euc-jp)")
            }
            ErrorKind::Pdf { path, page, reason } => match page {
                Some(n) => write!(f, "{}, page {n}: {reason}", path.display()),
                None => write!(f, "{}: {reason}", path.display()),
            },
            ErrorKind::MissingColumn {
                path,
                column,
                available,
            } => write!(
                f,
                "{} has no column {column:?}; its columns are: {}",
                path.display(),
                available.join(", ")
            ),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}
