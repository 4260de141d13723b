//! Reading: source files → [`Consultation`].
//!
//! Takes a file in one of the shapes governments publish and export; gives a
//! [`Consultation`], the [`Format`] it was read as (and why), and [`Warning`]s for items
//! that were kept but looked wrong. Formats:
//!
//! | format | what | options |
//! |---|---|---|
//! | [`Format::Pdf`] | 「ご意見の要旨／本市の考え方」 tables in a PDF, rebuilt from the page geometry | — |
//! | [`Format::PdfTable`] | the same tables as text extracted from a PDF | — |
//! | [`Format::Csv`], [`Format::Tsv`] | one row per opinion | [`Columns`], encoding |
//! | [`Format::Xlsx`] | Excel workbooks | [`Columns`], sheet |
//! | [`Format::Jsonl`] | one JSON object per line | [`Columns`] (as field names) |
//! | [`Format::Text`] | one comment per paragraph, or per line | [`TextUnit`] |
//!
//! [`Format::Auto`] picks by extension and content. Encodings are detected (UTF-8 with or
//! without BOM, UTF-16 with BOM, Shift_JIS/CP932, EUC-JP) unless given. Errors name the
//! file and the line or row.
//!
//! ```no_run
//! use iken::{ReadOptions, read_path};
//!
//! # fn main() -> iken::Result<()> {
//! let read = read_path("comments.csv", &ReadOptions::default())?;
//! eprintln!("read as {} ({}): {}", read.format, read.why, read.consultation.summary());
//! # Ok(())
//! # }
//! ```

mod csv;
mod displaced;
mod encoding;
mod fold;
mod jsonl;
mod pdf;
mod pdf_table;
mod table;
mod text;
mod xlsx;

use std::fmt;
use std::io::Read;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::consultation::{Consultation, Opinion, Source};
use crate::error::{Error, ErrorKind, Result};

pub use pdf_table::{Explanation, PdfTable, read_pdf_table};
pub use table::{Column, Columns};

pub use fold::Folded;
pub(crate) use fold::Unfolder;
use fold::{Intake, fold_all};

/// An input format.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// Pick by extension and content.
    #[default]
    Auto,
    /// Opinion/reply table in a PDF, read from the pages' geometry.
    Pdf,
    /// Opinion/reply table as text extracted from a PDF.
    PdfTable,
    /// Comma-separated values.
    Csv,
    /// Tab-separated values.
    Tsv,
    /// Excel workbook (.xlsx, .xlsm, .xls, .ods).
    Xlsx,
    /// JSON Lines.
    Jsonl,
    /// Plain text.
    Text,
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::Auto => "auto",
            Format::Pdf => "pdf",
            Format::PdfTable => "pdf-table",
            Format::Csv => "csv",
            Format::Tsv => "tsv",
            Format::Xlsx => "xlsx",
            Format::Jsonl => "jsonl",
            Format::Text => "text",
        })
    }
}

impl std::str::FromStr for Format {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        Ok(match s.to_ascii_lowercase().as_str() {
            "auto" => Format::Auto,
            "pdf" => Format::Pdf,
            "pdf-table" | "table" => Format::PdfTable,
            "csv" => Format::Csv,
            "tsv" | "tab" => Format::Tsv,
            "xlsx" | "excel" | "xls" | "ods" => Format::Xlsx,
            "jsonl" | "ndjson" | "json" => Format::Jsonl,
            "text" | "txt" => Format::Text,
            other => {
                return Err(Error::invalid_parameter(
                    "format",
                    format!(
                        "unknown format {other:?}; use auto, pdf, pdf-table, csv, tsv, xlsx, jsonl or text"
                    ),
                ));
            }
        })
    }
}

/// How plain text is split into comments.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum TextUnit {
    /// Blank-line separated paragraphs (default).
    #[default]
    Paragraph,
    /// Every non-blank line.
    Line,
}

/// Options for [`read_path`]; the defaults detect everything.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ReadOptions {
    /// The format; [`Format::Auto`] by default.
    pub format: Format,
    /// Columns or fields to read; found from headers when unset.
    pub columns: Columns,
    /// Encoding name (utf-8, shift_jis/cp932, euc-jp, utf-16le); detected when unset.
    pub encoding: Option<String>,
    /// Excel sheet name or 1-based number; the first sheet when unset.
    pub sheet: Option<String>,
    /// How plain text is split.
    pub text_unit: TextUnit,
    /// Fold exact copies while reading: an opinion with the same text and section as an
    /// earlier one (and no reply of its own) raises that one's
    /// [`copies`](crate::Opinion::copies) instead of being kept again. CSV, TSV and JSON
    /// Lines are folded as they stream, so a docket of millions of copies needs memory
    /// for its distinct texts only. The analysis counts every copy; `opinions.csv` still
    /// has a row per input opinion ([`for_each_opinion`] reads them again). Default false.
    pub fold_copies: bool,
}

/// An item that was kept (or a row that had nothing to keep), with what looked wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    /// Where.
    pub source: Source,
    /// What.
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.source, self.message)
    }
}

/// What [`read_path`] read.
#[derive(Debug, Clone)]
pub struct ReadOutcome {
    /// The opinions and replies.
    pub consultation: Consultation,
    /// The format it was read as.
    pub format: Format,
    /// Why that format, in words (extension, content).
    pub why: String,
    /// The encoding it was decoded from, for text formats.
    pub encoding: Option<String>,
    /// Items kept with a problem, and rows with nothing to keep.
    pub warnings: Vec<Warning>,
    /// For PDF tables: why each page, cell or paragraph was read as it was.
    pub explain: Vec<Explanation>,
}

/// How many bytes are looked at to detect format and encoding.
const SNIFF: usize = 64 * 1024;

/// Reads a consultation from a file.
///
/// # Errors
/// A missing, empty or binary file; a format that does not parse (with line or row); a
/// column that was asked for and is not there; text that is not valid in its encoding.
pub fn read_path(path: impl AsRef<Path>, options: &ReadOptions) -> Result<ReadOutcome> {
    let mut intake = Intake::new(options.fold_copies);
    let (mut outcome, streamed) = read_into(path.as_ref(), options, &mut intake)?;
    if options.fold_copies && !streamed {
        fold_all(&mut outcome.consultation);
    }
    Ok(outcome)
}

/// Reads `path` as [`read_path`] does, handing each opinion to `visit` in input order
/// instead of keeping it (its copies never folded, whatever
/// [`fold_copies`](ReadOptions::fold_copies) says): a second pass over an input read with
/// `fold_copies`, one opinion at a time. CSV, TSV and JSON Lines are streamed; the other
/// formats are read whole first.
///
/// # Errors
/// As [`read_path`], and what `visit` returns.
pub fn for_each_opinion(
    path: impl AsRef<Path>,
    options: &ReadOptions,
    mut visit: impl FnMut(Opinion) -> Result<()>,
) -> Result<()> {
    let (outcome, streamed) = {
        let mut intake = Intake::Visit(&mut visit);
        read_into(path.as_ref(), options, &mut intake)?
    };
    if !streamed {
        for o in outcome.consultation.opinions {
            visit(o)?;
        }
    }
    Ok(())
}

/// Reads `path`, streamed formats' opinions going through `intake`; says whether the
/// format was streamed (the others' opinions are all in the outcome).
fn read_into(
    path: &Path,
    options: &ReadOptions,
    intake: &mut Intake,
) -> Result<(ReadOutcome, bool)> {
    let mut file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut head = Vec::with_capacity(SNIFF);
    file.by_ref()
        .take(SNIFF as u64)
        .read_to_end(&mut head)
        .map_err(|e| Error::io(path, e))?;
    if head.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Error::new(ErrorKind::EmptyInput {
            path: path.to_owned(),
        }));
    }
    let (format, why) = match options.format {
        Format::Auto => sniff(path, &head)?,
        f => (f, "as asked".to_owned()),
    };
    if format == Format::Pdf {
        if !head.starts_with(b"%PDF-") {
            return Err(Error::new(ErrorKind::Pdf {
                path: path.to_owned(),
                page: None,
                reason: "it does not start with the %PDF- signature; read it as another format"
                    .to_owned(),
            }));
        }
        let read = pdf::read_pdf(path, &path.display().to_string())?;
        let outcome = ReadOutcome {
            consultation: read.consultation,
            format,
            why,
            encoding: None,
            warnings: read.warnings,
            explain: read.explain,
        };
        return Ok((outcome, false));
    }
    if format == Format::Xlsx {
        let (consultation, warnings) = xlsx::read(path, options)?;
        let outcome = ReadOutcome {
            consultation,
            format,
            why,
            encoding: None,
            warnings,
            explain: Vec::new(),
        };
        return Ok((outcome, false));
    }
    let (encoding, _) = match &options.encoding {
        Some(name) => (encoding::by_name(name)?, 0),
        None => encoding::detect(&head),
    };
    if !encoding::is_utf16(encoding) && head.contains(&0) {
        return Err(Error::new(ErrorKind::NotText {
            path: path.to_owned(),
            reason: "it contains NUL bytes".to_owned(),
        }));
    }
    let encoding_name = Some(encoding.name().to_owned());
    let streamed = matches!(format, Format::Csv | Format::Tsv | Format::Jsonl);
    let (consultation, warnings, explain) = match format {
        Format::Csv | Format::Tsv => {
            let delimiter = if format == Format::Tsv { b'\t' } else { b',' };
            let (c, w) = csv::read(path, encoding, delimiter, &options.columns, intake)?;
            (c, w, Vec::new())
        }
        Format::Jsonl => {
            let (c, w) = jsonl::read(path, encoding, &options.columns, intake)?;
            (c, w, Vec::new())
        }
        Format::PdfTable | Format::Text | Format::Auto => {
            let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
            let text = encoding::decode(&bytes, encoding, path)?;
            let warnings = interleaved_columns(&text)
                .map(|(joined, lines)| Warning {
                    source: Source {
                        file: path.display().to_string(),
                        ..Source::default()
                    },
                    message: format!(
                        "{joined} of its {lines} lines hold two runs of Japanese apart by spaces: \
                         this looks like a table's text with its columns interleaved (what \
                         pdftotext writes), which cannot be taken apart again; pass the PDF \
                         itself (`iken parse table.pdf`)"
                    ),
                })
                .into_iter()
                .collect();
            if format == Format::PdfTable {
                let table = read_pdf_table(&text, &path.display().to_string());
                (table.consultation, warnings, table.explain)
            } else {
                (
                    text::read(&text, &path.display().to_string(), options.text_unit),
                    warnings,
                    Vec::new(),
                )
            }
        }
        Format::Xlsx | Format::Pdf => unreachable!("handled above"),
    };
    let outcome = ReadOutcome {
        consultation,
        format,
        why,
        encoding: encoding_name,
        warnings,
        explain,
    };
    Ok((outcome, streamed))
}

/// Picks a format from the extension, then from the content.
fn sniff(path: &Path, head: &[u8]) -> Result<(Format, String)> {
    if head.starts_with(b"PK\x03\x04") || head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Ok((
            Format::Xlsx,
            "content: a zip/OLE container (Excel)".to_owned(),
        ));
    }
    if head.starts_with(b"%PDF-") {
        return Ok((Format::Pdf, "content: the %PDF- signature".to_owned()));
    }
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let by_ext = match ext.as_str() {
        "pdf" => Some(Format::Pdf),
        "csv" => Some(Format::Csv),
        "tsv" | "tab" => Some(Format::Tsv),
        "xlsx" | "xlsm" | "xls" | "ods" => Some(Format::Xlsx),
        "jsonl" | "ndjson" => Some(Format::Jsonl),
        _ => None,
    };
    if let Some(f) = by_ext {
        return Ok((f, format!("extension .{ext}")));
    }
    let (encoding, bom) = encoding::detect(head);
    let (text, _) = encoding.decode_without_bom_handling(&head[bom..]);
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(50)
        .collect();
    if lines
        .first()
        .is_some_and(|l| l.trim_start().starts_with('{'))
    {
        return Ok((Format::Jsonl, "content: lines are JSON objects".to_owned()));
    }
    if looks_like_pdf_table(&text) {
        return Ok((
            Format::PdfTable,
            "content: an opinion/reply table header or a PDF's wrapped two-column layout"
                .to_owned(),
        ));
    }
    for (delimiter, format) in [('\t', Format::Tsv), (',', Format::Csv)] {
        let counts: Vec<usize> = lines.iter().map(|l| l.matches(delimiter).count()).collect();
        if counts.len() >= 2 && counts[0] > 0 && counts.iter().all(|&c| c == counts[0]) {
            return Ok((
                format,
                format!(
                    "content: every line has {} {:?} separators",
                    counts[0], delimiter
                ),
            ));
        }
    }
    Ok((
        Format::Text,
        format!("extension .{ext} and no table structure: plain text"),
    ))
}

/// Lines where two columns of a table were written side by side: a run of Japanese, a
/// gap of spaces, another run (Japanese prose has no spaces; an extractor that reads a
/// page line by line across a two-column table writes one between the columns). Gives
/// (such lines, non-blank lines) when they are at least one in twelve and ten or more.
fn interleaved_columns(text: &str) -> Option<(usize, usize)> {
    let japanese = |c: char| {
        matches!(c, '\u{3040}'..='\u{30FF}' | '\u{4E00}'..='\u{9FFF}' | '\u{FF01}'..='\u{FF5E}'
            | '「' | '」' | '『' | '』' | '、' | '。')
    };
    let mut lines = 0;
    let mut joined = 0;
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        lines += 1;
        let chars: Vec<char> = line.chars().collect();
        if chars.len() < 16 {
            continue;
        }
        let mut i = 1;
        while i + 1 < chars.len() {
            if matches!(chars[i], ' ' | '\t' | '\u{3000}') && japanese(chars[i - 1]) {
                let mut j = i;
                while j < chars.len() && matches!(chars[j], ' ' | '\t' | '\u{3000}') {
                    j += 1;
                }
                if j < chars.len() && japanese(chars[j]) {
                    joined += 1;
                    break;
                }
                i = j;
            }
            i += 1;
        }
    }
    (joined >= 10 && joined * 12 >= lines).then_some((joined, lines))
}

/// A table header 「ご意見…考え方」 near the top, or a blank line after nearly every line
/// (how PDF extraction writes wrapped table cells).
fn looks_like_pdf_table(text: &str) -> bool {
    let lines: Vec<&str> = text.lines().collect();
    let header = lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .take(5)
        .any(|l| l.contains("意見") && (l.contains("考え方") || l.contains("回答")));
    let non_blank = lines.iter().filter(|l| !l.trim().is_empty()).count();
    let followed = lines
        .windows(2)
        .filter(|w| !w[0].trim().is_empty() && w[1].trim().is_empty())
        .count();
    header || (non_blank >= 20 && followed * 10 >= non_blank * 9)
}
