//! Which Japanese dictionary the morphological tokenizer uses.
//!
//! Takes nothing (the bundled IPADIC), a path (a compiled lindera dictionary, or a MeCab
//! source dictionary to compile), and optionally a user dictionary of domain terms; gives a
//! [`Dictionary`] that [`MorphologicalTokenizer`](crate::MorphologicalTokenizer) segments with.
//!
//! | constructor | needs | cost |
//! |---|---|---|
//! | [`Dictionary::ipadic`] | the `bundled-ipadic` (default) or `embed-ipadic` feature | ~10 ms, no I/O |
//! | [`Dictionary::from_compiled`] | a directory made by lindera's builder or [`Dictionary::compile_mecab_source`] | reads ~50 MB |
//! | [`Dictionary::from_mecab_source`] | a MeCab dictionary source (`*.csv`, `matrix.def`, `char.def`, `unk.def`) | compiles it: seconds |
//!
//! A user dictionary keeps domain terms whole. It is lindera's simple CSV, UTF-8, one
//! term per row: `surface,part_of_speech,reading`, e.g. `ワンスオンリー,名詞,ワンスオンリー`.
//!
//! ```
//! use iken::Dictionary;
//!
//! # fn main() -> iken::Result<()> {
//! let dictionary = Dictionary::ipadic()?
//!     .with_user_csv("デジタル統括室,名詞,デジタルトウカツシツ\n")?;
//! assert!(dictionary.has_user_dictionary());
//! # Ok(())
//! # }
//! ```

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use lindera::dictionary::{Dictionary as LinderaDictionary, UserDictionary};
use lindera_dictionary::builder::DictionaryBuilder;
use lindera_dictionary::dictionary::metadata::Metadata;

use crate::error::{Error, ErrorKind, Result};

/// The build-time metadata of IPADIC sources: field schema and simple user-dictionary
/// schema, as lindera-ipadic has them. The encoding is set per source.
const IPADIC_METADATA: &str = include_str!("../data/ipadic/metadata.json");

#[cfg(feature = "bundled-ipadic")]
mod bundled {
    // Files written by build.rs into `LINDERA_WORKDIR/lindera-ipadic`.
    lindera_dictionary::embedded_dictionary!("/lindera-ipadic", BundledIpadicLoader);
}

/// A system dictionary, optionally with a user dictionary. Cloning is cheap: the
/// dictionary data is shared.
#[derive(Clone)]
pub struct Dictionary {
    pub(crate) system: LinderaDictionary,
    pub(crate) user: Option<UserDictionary>,
    origin: String,
}

impl std::fmt::Debug for Dictionary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Dictionary")
            .field("origin", &self.origin)
            .field("user_dictionary", &self.user.is_some())
            .finish()
    }
}

impl Dictionary {
    /// IPADIC as built into this binary: the bundled copy (feature `bundled-ipadic`, on by
    /// default), else lindera's own `embed-ipadic`. Fails with
    /// [`ErrorKind::NoDictionary`] when neither feature is on.
    pub fn ipadic() -> Result<Self> {
        #[cfg(feature = "bundled-ipadic")]
        {
            Self::bundled_ipadic()
        }
        #[cfg(all(not(feature = "bundled-ipadic"), feature = "embed-ipadic"))]
        {
            Self::lindera_ipadic()
        }
        #[cfg(not(any(feature = "bundled-ipadic", feature = "embed-ipadic")))]
        {
            Err(Error::new(ErrorKind::NoDictionary))
        }
    }

    /// The MeCab IPADIC 2.7.0-20070801 shipped in iken's repository and compiled into the
    /// binary by its build script (feature `bundled-ipadic`).
    #[cfg(feature = "bundled-ipadic")]
    pub fn bundled_ipadic() -> Result<Self> {
        let system = bundled::load().map_err(|e| {
            Error::new(ErrorKind::DictionaryInvalid {
                path: PathBuf::from("<bundled ipadic>"),
                reason: e.to_string(),
            })
            .with_source(e)
        })?;
        Ok(Dictionary {
            system,
            user: None,
            origin: "bundled IPADIC 2.7.0-20070801".to_owned(),
        })
    }

    /// lindera's own embedded IPADIC (feature `embed-ipadic`, which downloads the
    /// dictionary when iken is built).
    #[cfg(feature = "embed-ipadic")]
    pub fn lindera_ipadic() -> Result<Self> {
        let system = lindera::dictionary::load_dictionary("embedded://ipadic").map_err(|e| {
            Error::new(ErrorKind::DictionaryInvalid {
                path: PathBuf::from("embedded://ipadic"),
                reason: e.to_string(),
            })
            .with_source(e)
        })?;
        Ok(Dictionary {
            system,
            user: None,
            origin: "lindera embedded IPADIC".to_owned(),
        })
    }

    /// Loads a compiled lindera dictionary from a directory (the files `dict.*`,
    /// `matrix.mtx`, `char_def.bin`, `unk.bin`, `metadata.json`).
    pub fn from_compiled(dir: impl AsRef<Path>) -> Result<Self> {
        let dir = dir.as_ref();
        require_dir(dir)?;
        if !dir.join("metadata.json").is_file() {
            return Err(invalid(
                dir,
                "no metadata.json: not a compiled lindera dictionary (for a MeCab source \
                 directory use Dictionary::from_mecab_source)",
            ));
        }
        // Read into memory rather than mmap: the files may be replaced while we run.
        let system = lindera::dictionary::load_fs_dictionary_with_options(dir, false)
            .map_err(|e| invalid(dir, e.to_string()).with_source(e))?;
        Ok(Dictionary {
            system,
            user: None,
            origin: format!("compiled dictionary {}", dir.display()),
        })
    }

    /// Compiles a MeCab source dictionary with IPADIC's field layout (e.g. an unpacked
    /// `mecab-ipadic`) and loads it, without keeping the compiled files. `encoding` is the
    /// encoding of its CSV files: `"EUC-JP"` for MeCab's own IPADIC, `"UTF-8"` for
    /// `mecab-ipadic-utf8`-style copies.
    ///
    /// Compiling IPADIC takes seconds in a release build; to do it once, use
    /// [`compile_mecab_source`](Self::compile_mecab_source) and then
    /// [`from_compiled`](Self::from_compiled).
    pub fn from_mecab_source(dir: impl AsRef<Path>, encoding: &str) -> Result<Self> {
        let scratch = ScratchDir::new()?;
        let mut dictionary = Self::compile_mecab_source(dir.as_ref(), encoding, &scratch.0)?;
        dictionary.origin = format!("MeCab source {}", dir.as_ref().display());
        Ok(dictionary)
    }

    /// Compiles a MeCab source dictionary into `out_dir` (created if missing) and loads the
    /// result; `out_dir` can later be given to [`from_compiled`](Self::from_compiled).
    pub fn compile_mecab_source(
        source_dir: impl AsRef<Path>,
        encoding: &str,
        out_dir: impl AsRef<Path>,
    ) -> Result<Self> {
        let source_dir = source_dir.as_ref();
        let out_dir = out_dir.as_ref();
        require_dir(source_dir)?;
        for needed in ["matrix.def", "char.def", "unk.def"] {
            if !source_dir.join(needed).is_file() {
                return Err(invalid(
                    source_dir,
                    format!("no {needed}: not a MeCab dictionary source directory"),
                ));
            }
        }
        if encoding_rs::Encoding::for_label(encoding.as_bytes()).is_none() {
            return Err(Error::invalid_parameter(
                "encoding",
                format!("{encoding:?} is not an encoding name; use \"EUC-JP\" or \"UTF-8\""),
            ));
        }
        let mut metadata = ipadic_metadata();
        metadata.encoding = encoding.to_owned();
        if let Some(name) = source_dir.file_name() {
            metadata.name = name.to_string_lossy().into_owned();
        }
        DictionaryBuilder::new(metadata)
            .build_dictionary(source_dir, out_dir)
            .map_err(|e| invalid(source_dir, e.to_string()).with_source(e))?;
        let mut dictionary = Self::from_compiled(out_dir)?;
        dictionary.origin = format!("MeCab source {} (compiled)", source_dir.display());
        Ok(dictionary)
    }

    /// Adds a user dictionary from a CSV file (UTF-8; rows `surface,part_of_speech,reading`,
    /// or lindera's full 13-field rows). Replaces any user dictionary added before.
    pub fn with_user_dictionary(self, csv_path: impl AsRef<Path>) -> Result<Self> {
        let path = csv_path.as_ref();
        if !path.is_file() {
            return Err(Error::new(ErrorKind::UserDictionaryInvalid {
                path: path.to_owned(),
                reason: "no such file".to_owned(),
            }));
        }
        let csv = std::fs::read_to_string(path).map_err(|e| {
            Error::new(ErrorKind::Io {
                path: path.to_owned(),
            })
            .with_source(e)
        })?;
        self.with_user_reader(normalized_surfaces(&csv).as_bytes(), path)
    }

    /// Adds a user dictionary given as CSV text, e.g. built by the program. Same format as
    /// [`with_user_dictionary`](Self::with_user_dictionary).
    pub fn with_user_csv(self, csv: &str) -> Result<Self> {
        self.with_user_reader(
            normalized_surfaces(csv).as_bytes(),
            Path::new("<user dictionary text>"),
        )
    }

    fn with_user_reader(mut self, reader: impl std::io::Read, name: &Path) -> Result<Self> {
        let builder = DictionaryBuilder::new((*self.system.metadata).clone());
        let user = builder.build_user_dict_from_reader(reader).map_err(|e| {
            // lindera's errors wrap their messages in debug text (`LinderaError(kind=…,
            // source=…)`), each layer repeating the next: the distinct messages, unwrapped.
            let mut parts: Vec<String> = Vec::new();
            let mut layer: Option<&dyn std::error::Error> = Some(&e);
            while let Some(l) = layer {
                let text = l.to_string();
                let text = match text.split_once("source=") {
                    Some((_, inner)) => inner.strip_suffix(')').unwrap_or(inner).to_owned(),
                    None => text,
                };
                if !parts
                    .iter()
                    .any(|p| p.contains(&text) || text.contains(p.as_str()))
                {
                    parts.push(text);
                }
                layer = l.source();
            }
            let reason = parts.join(": ");
            Error::new(ErrorKind::UserDictionaryInvalid {
                path: name.to_owned(),
                reason,
            })
        })?;
        self.user = Some(user);
        Ok(self)
    }

    /// Where this dictionary came from, for logs and reports.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// The lindera dictionary inside, for calling lindera directly (e.g. to compare with
    /// iken's tokenizer, as `benches/tokenize.rs` does).
    pub fn as_lindera(&self) -> &LinderaDictionary {
        &self.system
    }

    /// Whether a user dictionary is attached.
    pub fn has_user_dictionary(&self) -> bool {
        self.user.is_some()
    }
}

fn ipadic_metadata() -> Metadata {
    // The file is ours and checked by build.rs and the tests; failing here is a packaging bug.
    Metadata::load(IPADIC_METADATA.as_bytes()).expect("data/ipadic/metadata.json is valid")
}

fn require_dir(dir: &Path) -> Result<()> {
    if dir.is_dir() {
        Ok(())
    } else if dir.exists() {
        Err(invalid(dir, "is a file, not a dictionary directory"))
    } else {
        Err(Error::new(ErrorKind::DictionaryNotFound {
            path: dir.to_owned(),
        }))
    }
}

fn invalid(path: &Path, reason: impl Into<String>) -> Error {
    Error::new(ErrorKind::DictionaryInvalid {
        path: path.to_owned(),
        reason: reason.into(),
    })
}

/// A directory under the system temp dir, removed on drop.
struct ScratchDir(PathBuf);

impl ScratchDir {
    fn new() -> Result<Self> {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let path = std::env::temp_dir().join(format!("iken-dictionary-{}-{n}", std::process::id()));
        std::fs::create_dir_all(&path)
            .map_err(|e| Error::new(ErrorKind::Io { path: path.clone() }).with_source(e))?;
        Ok(ScratchDir(path))
    }
}

impl Drop for ScratchDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The user dictionary with each row's surface normalized as comments are before they are
/// segmented (ＩＣＴ人材 is ICT人材), so that an entry written in full width still matches.
/// A byte-order mark is dropped; a quoted surface is left as written.
fn normalized_surfaces(csv: &str) -> String {
    let normalizer = crate::normalize::Normalizer::default();
    let csv = csv.strip_prefix('\u{feff}').unwrap_or(csv);
    let mut out = String::with_capacity(csv.len());
    for line in csv.lines() {
        match line.split_once(',') {
            Some((surface, rest)) if !surface.starts_with('"') => {
                out.push_str(&normalizer.normalize(surface));
                out.push(',');
                out.push_str(rest);
            }
            _ => out.push_str(line),
        }
        out.push('\n');
    }
    out
}
