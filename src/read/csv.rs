//! CSV and TSV, streamed record by record.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use encoding_rs::{Encoding, UTF_8};

use super::Warning;
use super::fold::Intake;
use super::table::{Columns, TableBuilder};
use crate::consultation::{Consultation, Source};
use crate::error::{Error, ErrorKind, Position, Result};

/// A field spanning this many lines at the end of the file is most likely an unterminated
/// quote that swallowed the rest.
const RUNAWAY_LINES: usize = 50;

pub(crate) fn read(
    path: &Path,
    encoding: &'static Encoding,
    delimiter: u8,
    columns: &Columns,
    intake: &mut Intake,
) -> Result<(Consultation, Vec<Warning>)> {
    let file = File::open(path).map_err(|e| Error::io(path, e))?;
    // UTF-8 is read as bytes so that invalid UTF-8 is an error with its line; other
    // encodings are transcoded to UTF-8 on the fly.
    let input: Box<dyn Read> = if encoding == UTF_8 {
        let mut file = BufReader::new(file);
        let mut bom = [0u8; 3];
        let n = read_up_to(&mut file, &mut bom).map_err(|e| Error::io(path, e))?;
        let prefix = if bom[..n] == [0xEF, 0xBB, 0xBF] { 0 } else { n };
        Box::new(std::io::Cursor::new(bom[..prefix].to_vec()).chain(file))
    } else {
        Box::new(
            encoding_rs_io::DecodeReaderBytesBuilder::new()
                .encoding(Some(encoding))
                .build(file),
        )
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(true)
        .flexible(false)
        .from_reader(BufReader::with_capacity(1 << 16, input));
    let to_error = |e: csv::Error| -> Error {
        let line = e.position().map(|p| p.line() as usize);
        match e.kind() {
            csv::ErrorKind::Utf8 { .. } => Error::new(ErrorKind::Encoding {
                path: path.to_owned(),
                encoding: encoding.name().to_owned(),
                position: line.map(Position::Line),
            }),
            csv::ErrorKind::UnequalLengths {
                expected_len, len, ..
            } => Error::parse(
                path,
                line.map(Position::Line),
                format!(
                    "this record has {len} fields where the header has {expected_len} \
                     (a missing column, or a quote that is not closed)"
                ),
            ),
            csv::ErrorKind::Io(_) => Error::new(ErrorKind::Io {
                path: path.to_owned(),
            })
            .with_source(e),
            _ => Error::parse(path, line.map(Position::Line), e.to_string()),
        }
    };
    let header: Vec<String> = reader
        .headers()
        .map_err(to_error)?
        .iter()
        .map(|h| h.trim().to_owned())
        .collect();
    let resolved = columns.resolve(&header, path)?;
    let mut table = TableBuilder::new(path, None, resolved);
    let mut record = csv::StringRecord::new();
    let mut row = 1;
    let mut last: Option<(usize, usize, usize)> = None;
    while reader.read_record(&mut record).map_err(to_error)? {
        row += 1;
        let line = record.position().map(|p| p.line() as usize);
        let fields: Vec<&str> = record.iter().collect();
        if fields.iter().any(|f| f.contains('\u{FFFD}')) {
            table.warnings.push(Warning {
                source: Source {
                    line,
                    ..Source::row(path.display().to_string(), row)
                },
                message: format!(
                    "bytes that are not valid {}: replaced with \u{FFFD}",
                    encoding.name()
                ),
            });
        }
        let newlines = fields
            .iter()
            .map(|f| f.matches('\n').count())
            .sum::<usize>();
        // Lines inside a cell that split into exactly as many fields as the header are
        // most likely rows swallowed by an open quote.
        let row_like = if newlines > 0 && header.len() > 1 {
            let delimiter = char::from(delimiter);
            fields
                .iter()
                .flat_map(|f| f.lines().skip(1))
                .filter(|l| l.split(delimiter).count() == header.len())
                .count()
        } else {
            0
        };
        last = Some((row, newlines, row_like));
        table.push(&fields, row, line, intake)?;
    }
    if let Some((row, newlines, row_like)) = last
        && (newlines >= RUNAWAY_LINES || row_like > 0)
    {
        table.warnings.push(Warning {
            source: Source::row(table.path().display().to_string(), row),
            message: format!(
                "the last row runs over {newlines} lines to the end of the file: \
                 probably a quote that is not closed"
            ),
        });
    }
    Ok((table.consultation, table.warnings))
}

fn read_up_to(r: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..])? {
            0 => break,
            k => n += k,
        }
    }
    Ok(n)
}
