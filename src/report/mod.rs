//! Report: a [`Report`] → files a person opens.
//!
//! [`write_report`] writes into a directory:
//! - `report.json`: the whole [`Report`] (serde; `schema_version` says which form);
//! - `opinions.csv`, `clusters.csv`, `templates.csv` (templates and reused answers),
//!   `replies.csv` (each reply's class and deciding phrase), `classes.csv` (replies per class,
//!   overall and per section): UTF-8 with a byte-order mark, so that Excel opens Japanese
//!   text correctly;
//! - `report.html`: one self-contained page (inline CSS and SVG, a few lines of inline
//!   script, nothing fetched), in Japanese with English labels.
//!
//! [`write_kouchou`] adds `kouchou/hierarchical_result.json` and `kouchou/comments.csv`, the
//! files kouchou-ai's (広聴AI) viewer and pipeline read.
//!
//! Large inputs stay usable: the map draws at most [`MAP_POINTS`] points (an even, seeded
//! sample, said on the page) and tables show their first rows with the total.

mod csv_files;
mod html;
mod kouchou;

use std::path::{Path, PathBuf};

use crate::analysis::Report;
use crate::error::{Error, Result};
use crate::read::ReadOptions;

pub use html::{MAP_POINTS, TABLE_ROWS, render_html};
pub use kouchou::{KouchouFiles, write_kouchou};

/// The files [`write_report`] wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportFiles {
    /// `report.json`.
    pub json: PathBuf,
    /// `config.json`: the [`Analysis`](crate::Analysis) that made the report, every option
    /// written out; `iken analyze --config config.json` runs it again.
    pub config: PathBuf,
    /// `opinions.csv`.
    pub opinions_csv: PathBuf,
    /// `clusters.csv`.
    pub clusters_csv: PathBuf,
    /// `templates.csv`.
    pub templates_csv: PathBuf,
    /// `replies.csv`.
    pub replies_csv: PathBuf,
    /// `classes.csv`.
    pub classes_csv: PathBuf,
    /// `report.html`.
    pub html: PathBuf,
}

/// Writes the report files into `dir` (created if missing), named by `title` on the page.
///
/// `opinions.csv` has a row per row of the report: for a report of an input read with
/// [`fold_copies`](crate::ReadOptions::fold_copies), one per distinct text; use
/// [`write_report_unfolded`] for a row per input opinion.
///
/// # Errors
/// The directory or a file cannot be written (with its path).
pub fn write_report(report: &Report, dir: &Path, title: &str) -> Result<ReportFiles> {
    write_files(report, dir, title, None)
}

/// [`write_report`] for a report of an input read with
/// [`fold_copies`](crate::ReadOptions::fold_copies): `opinions.csv` gets a row for every
/// opinion of `input`, read again one at a time with `read` (each with its own id and the
/// results of the text that stands for it), as a run without folding writes it; the other
/// files describe the distinct texts with their counts.
///
/// # Errors
/// As [`write_report`]; `input` that cannot be read again, or that changed since the
/// analysis read it (with the line or row).
pub fn write_report_unfolded(
    report: &Report,
    dir: &Path,
    title: &str,
    input: &Path,
    read: &ReadOptions,
) -> Result<ReportFiles> {
    write_files(report, dir, title, Some((input, read)))
}

fn write_files(
    report: &Report,
    dir: &Path,
    title: &str,
    input: Option<(&Path, &ReadOptions)>,
) -> Result<ReportFiles> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let files = ReportFiles {
        json: dir.join("report.json"),
        config: dir.join("config.json"),
        opinions_csv: dir.join("opinions.csv"),
        clusters_csv: dir.join("clusters.csv"),
        templates_csv: dir.join("templates.csv"),
        replies_csv: dir.join("replies.csv"),
        classes_csv: dir.join("classes.csv"),
        html: dir.join("report.html"),
    };
    // Each file streams to disk as it is produced: a million opinions make a report.json
    // of about a gigabyte and an opinions.csv of most of one.
    write(&files.json, |out| {
        serde_json::to_writer_pretty(out, report).map_err(std::io::Error::from)
    })?;
    write(&files.config, |out| {
        serde_json::to_writer_pretty(out, &report.analysis).map_err(std::io::Error::from)
    })?;
    match input {
        None => write(&files.opinions_csv, |out| csv_files::opinions(report, out))?,
        Some((input, read)) => {
            let path = &files.opinions_csv;
            let file = std::fs::File::create(path).map_err(|e| Error::io(path, e))?;
            let mut out = std::io::BufWriter::with_capacity(1 << 20, file);
            csv_files::opinions_unfolded(report, input, read, &mut out, path)?;
            std::io::Write::flush(&mut out).map_err(|e| Error::io(path, e))?;
        }
    }
    write(&files.clusters_csv, |out| csv_files::clusters(report, out))?;
    write(&files.templates_csv, |out| {
        csv_files::templates(report, out)
    })?;
    write(&files.replies_csv, |out| csv_files::replies(report, out))?;
    write(&files.classes_csv, |out| csv_files::classes(report, out))?;
    write(&files.html, |out| {
        out.write_all(render_html(report, title).as_bytes())
    })?;
    Ok(files)
}

/// Creates `path` and lets `produce` write it through a buffer.
fn write(
    path: &Path,
    produce: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> Result<()> {
    let file = std::fs::File::create(path).map_err(|e| Error::io(path, e))?;
    let mut out = std::io::BufWriter::with_capacity(1 << 20, file);
    produce(&mut out)
        .and_then(|()| std::io::Write::flush(&mut out))
        .map_err(|e| Error::io(path, e))
}
