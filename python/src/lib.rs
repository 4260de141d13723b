//! The extension module `iken._iken`: the Rust library behind the Python package `iken`.
//!
//! Thin on purpose. Options come in as JSON and are deserialized into [`iken::Analysis`], so
//! their names are the library's own (those of `config.json`) and a misspelt one is an error
//! naming it. Results go out as the library's own JSON: a [`Report`] serializes to exactly
//! what `iken analyze` writes as `report.json`, and the Python package builds its dicts
//! and DataFrames from that, so that nothing here follows the report's fields one by one.
//! Every call does its work with the GIL released.
//!
//! Errors become the exception classes of `iken._errors` (pure Python), chosen by the
//! library's [`ErrorKind`] and carrying the file, line, row or page it names.

use std::path::{Path, PathBuf};

use iken::{
    Analysis, Consultation, ErrorKind, Opinion, Position, ReadOptions, Report, Source, Versioned,
    tokenize_all, write_kouchou, write_report, write_report_unfolded,
};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use serde_json::Value;

/// What the call was doing when the library failed: it decides what an I/O or parse error
/// means to the caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Doing {
    /// Reading a configuration file: a parse error there is a wrong option.
    Configuring,
    /// Reading the input, or anything the analysis reads (dictionaries).
    Reading,
    /// Writing the report files.
    Writing,
}

/// A value an exception carries as an attribute.
#[derive(Debug, Clone, PartialEq)]
enum Detail {
    Text(String),
    Number(u64),
    Texts(Vec<String>),
}

/// A Python exception to raise, described without the GIL: the class of `iken._errors`,
/// its message, the library's error kind and the attributes saying where.
#[derive(Debug, Clone, PartialEq)]
struct Raised {
    class: &'static str,
    message: String,
    kind: &'static str,
    details: Vec<(&'static str, Detail)>,
}

impl Raised {
    fn new(class: &'static str, kind: &'static str, message: impl Into<String>) -> Raised {
        Raised {
            class,
            message: message.into(),
            kind,
            details: Vec::new(),
        }
    }

    fn with(mut self, name: &'static str, detail: Detail) -> Raised {
        self.details.push((name, detail));
        self
    }

    fn with_file(self, path: &Path) -> Raised {
        self.with("file", Detail::Text(path.display().to_string()))
    }

    /// The exception for a library error: the message with its causes, and the class its
    /// kind calls for.
    fn from_iken(e: &iken::Error, doing: Doing) -> Raised {
        let mut message = e.to_string();
        let mut source = std::error::Error::source(e);
        let mut not_found = false;
        while let Some(s) = source {
            if let Some(io) = s.downcast_ref::<std::io::Error>() {
                not_found |= io.kind() == std::io::ErrorKind::NotFound;
            }
            message.push_str(": ");
            message.push_str(&s.to_string());
            source = s.source();
        }
        let read = |kind| Raised::new("ReadError", kind, message.clone());
        let mut raised = match e.kind() {
            ErrorKind::Io { path } => match doing {
                Doing::Writing => Raised::new("WriteError", "io", message.clone()),
                _ if not_found => Raised::new("InputNotFoundError", "io", message.clone()),
                _ => read("io"),
            }
            .with_file(path),
            ErrorKind::Parse { path, .. } if doing == Doing::Configuring => {
                Raised::new("ParameterError", "config", message.clone()).with_file(path)
            }
            ErrorKind::Parse { path, .. } => read("parse").with_file(path),
            ErrorKind::Encoding { path, encoding, .. } => read("encoding")
                .with_file(path)
                .with("encoding", Detail::Text(encoding.clone())),
            ErrorKind::Pdf { path, page, .. } => {
                let raised = read("pdf").with_file(path);
                match page {
                    Some(page) => raised.with("page", Detail::Number(u64::from(*page))),
                    None => raised,
                }
            }
            ErrorKind::MissingColumn {
                path,
                column,
                available,
            } => read("missing_column")
                .with_file(path)
                .with("column", Detail::Text(column.clone()))
                .with("available", Detail::Texts(available.clone())),
            ErrorKind::NotText { path, .. } => read("not_text").with_file(path),
            ErrorKind::EmptyInput { path } => read("empty_input").with_file(path),
            ErrorKind::InvalidParameter { name, .. } => {
                Raised::new("ParameterError", "invalid_parameter", message.clone())
                    .with("name", Detail::Text((*name).to_owned()))
            }
            ErrorKind::TooLittleInput { what, .. } => {
                Raised::new("TooLittleInputError", "too_little_input", message.clone())
                    .with("what", Detail::Text((*what).to_owned()))
            }
            ErrorKind::DictionaryNotFound { path } => {
                Raised::new("DictionaryError", "dictionary_not_found", message.clone())
                    .with_file(path)
            }
            ErrorKind::DictionaryInvalid { path, .. } => {
                Raised::new("DictionaryError", "dictionary_invalid", message.clone())
                    .with_file(path)
            }
            ErrorKind::UserDictionaryInvalid { path, .. } => Raised::new(
                "DictionaryError",
                "user_dictionary_invalid",
                message.clone(),
            )
            .with_file(path),
            ErrorKind::NoDictionary => {
                Raised::new("DictionaryError", "no_dictionary", message.clone())
            }
            ErrorKind::Tokenize { document, .. } => {
                Raised::new("AnalysisError", "tokenize", message.clone())
                    .with("document", Detail::Number(*document as u64))
            }
            ErrorKind::Numerical { method, .. } => {
                Raised::new("AnalysisError", "numerical", message.clone())
                    .with("method", Detail::Text((*method).to_owned()))
            }
            // A kind added to the library later: still an iken error, with its message.
            _ => Raised::new("AnalysisError", "other", message.clone()),
        };
        match e.position() {
            Some(Position::Line(n)) => raised = raised.with("line", Detail::Number(n as u64)),
            Some(Position::Row(n)) => raised = raised.with("row", Detail::Number(n as u64)),
            Some(Position::Byte(n)) => raised = raised.with("byte", Detail::Number(n)),
            None => {}
        }
        raised
    }

    /// A configuration that does not deserialize into an [`Analysis`]: an unknown option,
    /// a value of the wrong type.
    fn config(error: serde_path_to_error::Error<serde_json::Error>) -> Raised {
        let path = error.path().to_string();
        let inner = error.into_inner().to_string();
        let (message, name) = if path == "." {
            (format!("invalid configuration: {inner}"), None)
        } else {
            (
                format!("invalid configuration at `{path}`: {inner}"),
                Some(path),
            )
        };
        let raised = Raised::new("ParameterError", "config", message);
        match name {
            Some(name) => raised.with("name", Detail::Text(name)),
            None => raised,
        }
    }

    /// The Python exception, made with the GIL held.
    fn into_err(self, py: Python<'_>) -> PyErr {
        let make = || -> PyResult<PyErr> {
            let class = py.import("iken._errors")?.getattr(self.class)?;
            let kwargs = PyDict::new(py);
            kwargs.set_item("kind", self.kind)?;
            for (name, detail) in &self.details {
                match detail {
                    Detail::Text(s) => kwargs.set_item(name, s)?,
                    Detail::Number(n) => kwargs.set_item(name, n)?,
                    Detail::Texts(v) => kwargs.set_item(name, v)?,
                }
            }
            Ok(PyErr::from_value(
                class.call((&self.message,), Some(&kwargs))?,
            ))
        };
        // Failing to make the exception (iken._errors missing) is raised instead.
        make().unwrap_or_else(|e| e)
    }
}

/// Parses the JSON the Python package sends (it comes from `json.dumps`).
fn json(text: &str) -> Result<Value, Raised> {
    serde_json::from_str(text).map_err(|e| {
        Raised::new(
            "ParameterError",
            "config",
            format!("options are not JSON: {e}"),
        )
    })
}

fn deserialize(value: Value) -> Result<Analysis, Raised> {
    serde_path_to_error::deserialize(value).map_err(Raised::config)
}

/// Merges `over` into `base`: an object into an object field by field when `base` has every
/// key `over` names (a struct's fields, or the same variant of an enum, as `{"auto": {"max":
/// 10}}` into `{"auto": {"min": 2, "max": 30}}`); anything else replaces what was there (a
/// value, a list, another variant of an enum, an object with a name `base` lacks, which the
/// deserialization then names).
fn merge(base: &mut Value, over: Value) {
    match (base, over) {
        (Value::Object(base), Value::Object(over)) if over.keys().all(|k| base.contains_key(k)) => {
            for (key, value) in over {
                if let Some(slot) = base.get_mut(&key) {
                    merge(slot, value);
                }
            }
        }
        (slot, over) => *slot = over,
    }
}

/// The analysis a call runs. `config_file` (a `config.json`, read as `iken --config` reads
/// it) or `config` (the same as JSON) is the base; `options` (JSON of the keyword
/// arguments) are merged over it. Without a base, `options` are the configuration itself,
/// as if written in a file: options left out take their defaults.
fn analysis(
    config_file: Option<&Path>,
    config: Option<&str>,
    options: Option<&str>,
) -> Result<Analysis, Raised> {
    let base = match (config_file, config) {
        (Some(path), _) => Some(
            Analysis::read_config(path).map_err(|e| Raised::from_iken(&e, Doing::Configuring))?,
        ),
        (None, Some(text)) => Some(deserialize(json(text)?)?),
        (None, None) => None,
    };
    let options = match options {
        Some(text) => Some(json(text)?).filter(|v| v.as_object().is_none_or(|o| !o.is_empty())),
        None => None,
    };
    let mut analysis = match (base, options) {
        (None, None) => Analysis::default(),
        (Some(base), None) => base,
        (None, Some(options)) => deserialize(options)?,
        (Some(base), Some(options)) => {
            let mut merged = serde_json::to_value(&base).map_err(|e| {
                Raised::new(
                    "ParameterError",
                    "config",
                    format!("invalid configuration: {e}"),
                )
            })?;
            merge(&mut merged, options);
            deserialize(merged)?
        }
    };
    // As `iken --user-dict` records it: whole, so that a rerun from elsewhere finds it.
    for path in [&mut analysis.user_dictionary, &mut analysis.dictionary]
        .into_iter()
        .flatten()
    {
        if let Ok(absolute) = std::path::absolute(&*path) {
            *path = absolute;
        }
    }
    Ok(analysis)
}

/// Texts given in a list: opinions `o1`, `o2`, … in list order, as a file without ids reads.
fn consultation(texts: Vec<String>) -> Consultation {
    Consultation {
        opinions: texts
            .into_iter()
            .enumerate()
            .map(|(i, text)| Opinion::new(format!("o{}", i + 1), text, Source::default()))
            .collect(),
        replies: Vec::new(),
    }
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<String, Raised> {
    serde_json::to_string(value).map_err(|e| {
        Raised::new(
            "AnalysisError",
            "other",
            format!("the result does not serialize: {e}"),
        )
    })
}

/// An analysis' [`Report`], kept in Rust so that the report files are written from it by
/// the library itself. The Python class `iken.Report` wraps it.
#[pyclass(frozen, module = "iken._iken")]
struct NativeReport {
    report: Report,
    /// The name the HTML page shows: the file's name, as `iken analyze` gives it.
    title: String,
    /// The file read and how, when copies were folded while reading: `opinions.csv` is then
    /// written with a row per input opinion, reading the file again as `iken analyze` does.
    unfold_from: Option<(PathBuf, ReadOptions)>,
    /// What the reader skipped or changed, one line each.
    warnings: Vec<String>,
}

#[pymethods]
impl NativeReport {
    /// The report as JSON, byte for byte what `report.json` holds.
    fn to_json(&self, py: Python<'_>) -> PyResult<String> {
        py.detach(|| {
            serde_json::to_string_pretty(&self.report).map_err(|e| {
                Raised::new(
                    "AnalysisError",
                    "other",
                    format!("the report does not serialize: {e}"),
                )
            })
        })
        .map_err(|r| r.into_err(py))
    }

    /// Writes the files of `iken analyze --out DIR` into `dir` (created if missing), with
    /// `kouchou` those of `--kouchou` too, and returns their paths by name.
    #[pyo3(signature = (dir, title = None, kouchou = false))]
    fn write(
        &self,
        py: Python<'_>,
        dir: PathBuf,
        title: Option<String>,
        kouchou: bool,
    ) -> PyResult<Vec<(&'static str, PathBuf)>> {
        py.detach(|| {
            let title = title.as_deref().unwrap_or(&self.title);
            let failed = |e: iken::Error| Raised::from_iken(&e, Doing::Writing);
            let files = match &self.unfold_from {
                Some((input, read)) => {
                    write_report_unfolded(&self.report, &dir, title, input, read)
                }
                None => write_report(&self.report, &dir, title),
            }
            .map_err(failed)?;
            let mut written = vec![
                ("html", files.html),
                ("json", files.json),
                ("config", files.config),
                ("opinions_csv", files.opinions_csv),
                ("clusters_csv", files.clusters_csv),
                ("templates_csv", files.templates_csv),
                ("replies_csv", files.replies_csv),
                ("classes_csv", files.classes_csv),
            ];
            if kouchou {
                let files = write_kouchou(&self.report, &dir, title).map_err(failed)?;
                written.push(("kouchou_hierarchical_result", files.hierarchical_result));
                written.push(("kouchou_comments", files.comments));
            }
            Ok(written)
        })
        .map_err(|r: Raised| r.into_err(py))
    }

    /// The name the HTML page shows by default.
    #[getter]
    fn title(&self) -> &str {
        &self.title
    }

    /// What the reader skipped or changed, one line each (`iken analyze` prints them as
    /// warnings).
    #[getter]
    fn warnings(&self) -> Vec<String> {
        self.warnings.clone()
    }
}

/// Reads `path` as `iken analyze` does and runs every stage.
#[pyfunction]
#[pyo3(signature = (path, config_file = None, config = None, options = None))]
fn analyze_file(
    py: Python<'_>,
    path: PathBuf,
    config_file: Option<PathBuf>,
    config: Option<String>,
    options: Option<String>,
) -> PyResult<NativeReport> {
    py.detach(|| {
        let analysis = analysis(
            config_file.as_deref(),
            config.as_deref(),
            options.as_deref(),
        )?;
        let read = analysis
            .read(&path)
            .map_err(|e| Raised::from_iken(&e, Doing::Reading))?;
        let warnings = read.warnings.iter().map(ToString::to_string).collect();
        let report = analysis
            .run(read.consultation)
            .map_err(|e| Raised::from_iken(&e, Doing::Reading))?;
        let title = path.file_name().map_or_else(
            || path.display().to_string(),
            |f| f.to_string_lossy().into_owned(),
        );
        let unfold_from = analysis
            .read
            .fold_copies
            .then(|| (path.clone(), analysis.read.clone()));
        Ok(NativeReport {
            report,
            title,
            unfold_from,
            warnings,
        })
    })
    .map_err(|r: Raised| r.into_err(py))
}

/// Runs every stage on texts, opinions `o1`, `o2`, … in list order.
#[pyfunction]
#[pyo3(signature = (texts, config_file = None, config = None, options = None))]
fn analyze_texts(
    py: Python<'_>,
    texts: Vec<String>,
    config_file: Option<PathBuf>,
    config: Option<String>,
    options: Option<String>,
) -> PyResult<NativeReport> {
    py.detach(|| {
        let analysis = analysis(
            config_file.as_deref(),
            config.as_deref(),
            options.as_deref(),
        )?;
        let report = analysis
            .run(consultation(texts))
            .map_err(|e| Raised::from_iken(&e, Doing::Reading))?;
        Ok(NativeReport {
            report,
            title: "iken".to_owned(),
            unfold_from: None,
            warnings: Vec::new(),
        })
    })
    .map_err(|r: Raised| r.into_err(py))
}

/// Reads `path` as `iken parse` does: JSON of the opinions and replies, the format read,
/// why, the encoding and the warnings.
#[pyfunction]
#[pyo3(signature = (path, config_file = None, config = None, options = None))]
fn parse(
    py: Python<'_>,
    path: PathBuf,
    config_file: Option<PathBuf>,
    config: Option<String>,
    options: Option<String>,
) -> PyResult<String> {
    py.detach(|| {
        let analysis = analysis(
            config_file.as_deref(),
            config.as_deref(),
            options.as_deref(),
        )?;
        let read = analysis
            .read(&path)
            .map_err(|e| Raised::from_iken(&e, Doing::Reading))?;
        to_json(&serde_json::json!({
            "opinions": read.consultation.opinions,
            "replies": read.consultation.replies,
            "format": read.format,
            "why": read.why,
            "encoding": read.encoding,
            "warnings": read.warnings,
        }))
    })
    .map_err(|r: Raised| r.into_err(py))
}

/// The copies stage on texts: JSON of `iken dedup --json`.
#[pyfunction]
#[pyo3(signature = (texts, options = None))]
fn dedup(py: Python<'_>, texts: Vec<String>, options: Option<String>) -> PyResult<String> {
    py.detach(|| {
        let analysis = analysis(None, None, options.as_deref())?;
        let copies = analysis
            .run_copies(&consultation(texts))
            .map_err(|e| Raised::from_iken(&e, Doing::Reading))?;
        to_json(&Versioned::new(&copies))
    })
    .map_err(|r: Raised| r.into_err(py))
}

/// The copies and clustering stages on texts: JSON of `iken cluster --json`.
#[pyfunction]
#[pyo3(signature = (texts, options = None))]
fn cluster(py: Python<'_>, texts: Vec<String>, options: Option<String>) -> PyResult<String> {
    py.detach(|| {
        let analysis = analysis(None, None, options.as_deref())?;
        let report = analysis
            .run_clusters(consultation(texts))
            .map_err(|e| Raised::from_iken(&e, Doing::Reading))?;
        to_json(&report)
    })
    .map_err(|r: Raised| r.into_err(py))
}

/// The analysis' tokenizer on texts: JSON of each text's counted terms, or with
/// `all_tokens` of every token (surface, base form, part of speech, reading, offsets).
#[pyfunction]
#[pyo3(signature = (texts, all_tokens = false, options = None))]
fn tokenize(
    py: Python<'_>,
    texts: Vec<String>,
    all_tokens: bool,
    options: Option<String>,
) -> PyResult<String> {
    py.detach(|| {
        let analysis = analysis(None, None, options.as_deref())?;
        let failed = |e: iken::Error| Raised::from_iken(&e, Doing::Reading);
        let tokenizer = analysis.tokenizer().map_err(failed)?;
        let tokenizer = if all_tokens {
            tokenizer.keeping_all_tokens()
        } else {
            tokenizer
        };
        let tokens = tokenize_all(&tokenizer, &texts).map_err(failed)?;
        if all_tokens {
            to_json(&tokens)
        } else {
            let terms: Vec<Vec<&str>> = tokens
                .iter()
                .map(|t| t.iter().map(|t| t.term()).collect())
                .collect();
            to_json(&terms)
        }
    })
    .map_err(|r: Raised| r.into_err(py))
}

/// Every option with its default, as JSON (what `config.json` holds for a default run).
#[pyfunction]
fn default_config() -> String {
    serde_json::to_string(&Analysis::default()).expect("the default analysis serializes")
}

/// The Rust side of the Python package `iken`; use the package, not this module.
#[pymodule]
mod _iken {
    #[pymodule_export]
    use super::{
        NativeReport, analyze_file, analyze_texts, cluster, dedup, default_config, parse, tokenize,
    };

    #[pymodule_init]
    fn init(m: &pyo3::Bound<'_, pyo3::types::PyModule>) -> pyo3::PyResult<()> {
        use pyo3::types::PyModuleMethods;
        m.add("__version__", env!("CARGO_PKG_VERSION"))
    }
}
