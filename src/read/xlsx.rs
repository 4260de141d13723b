//! Excel workbooks (calamine): .xlsx, .xlsm, .xls, .ods.

use std::path::Path;

use calamine::{Data, Reader, Sheets, open_workbook_auto};

use super::fold::Intake;
use super::table::TableBuilder;
use super::{ReadOptions, Warning};
use crate::consultation::Consultation;
use crate::error::{Error, ErrorKind, Position, Result};

fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        other => other.to_string(),
    }
}

pub(crate) fn read(path: &Path, options: &ReadOptions) -> Result<(Consultation, Vec<Warning>)> {
    let broken =
        |e: calamine::Error| Error::parse(path, None, format!("not a readable workbook: {e}"));
    let mut workbook: Sheets<_> = open_workbook_auto(path).map_err(broken)?;
    let names = workbook.sheet_names();
    let sheet = match &options.sheet {
        None => names.first().cloned(),
        Some(s) => names.iter().find(|n| *n == s).cloned().or_else(|| {
            s.parse::<usize>()
                .ok()
                .and_then(|i| i.checked_sub(1))
                .and_then(|i| names.get(i).cloned())
        }),
    }
    .ok_or_else(|| {
        Error::new(ErrorKind::MissingColumn {
            path: path.to_owned(),
            column: format!("sheet {}", options.sheet.as_deref().unwrap_or("1")),
            available: names.clone(),
        })
    })?;
    let range = workbook.worksheet_range(&sheet).map_err(broken)?;
    // Merged cells keep their value in the top-left cell only.
    let merges = match &mut workbook {
        Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(&sheet).unwrap_or_default(),
        _ => Vec::new(),
    };
    let (row0, col0) = range.start().unwrap_or((0, 0));
    let mut rows: Vec<Vec<String>> = range
        .rows()
        .map(|r| r.iter().map(cell_text).collect())
        .collect();
    let Some(header) = rows.first().cloned() else {
        return Err(Error::new(ErrorKind::EmptyInput {
            path: path.to_owned(),
        }));
    };
    let header: Vec<String> = header.iter().map(|h| h.trim().to_owned()).collect();
    let resolved = options.columns.resolve(&header, path)?;
    let mut table = TableBuilder::new(path, Some(sheet.clone()), resolved);
    let fill_columns: Vec<usize> = [resolved.reply, resolved.section]
        .into_iter()
        .flatten()
        .collect();
    for m in &merges {
        let (r_start, c_start) = (
            m.start.0.saturating_sub(row0) as usize,
            m.start.1.saturating_sub(col0) as usize,
        );
        let (r_end, c_end) = (
            m.end.0.saturating_sub(row0) as usize,
            m.end.1.saturating_sub(col0) as usize,
        );
        for c in c_start..=c_end {
            if !fill_columns.contains(&c) {
                continue;
            }
            let value = rows
                .get(r_start)
                .and_then(|r| r.get(c))
                .cloned()
                .unwrap_or_default();
            for r in r_start + 1..=r_end.min(rows.len().saturating_sub(1)) {
                if let Some(cell) = rows[r].get_mut(c) {
                    *cell = value.clone();
                }
            }
        }
    }
    for (i, row) in rows.iter().enumerate().skip(1) {
        let fields: Vec<&str> = row.iter().map(String::as_str).collect();
        // Row numbers as Excel shows them.
        table.push(&fields, row0 as usize + i + 1, None, &mut Intake::Keep)?;
    }
    if table.consultation.opinions.is_empty() && table.warnings.is_empty() {
        return Err(Error::parse(
            path,
            Some(Position::Row(row0 as usize + 1)),
            format!("sheet {sheet:?} has a header but no rows"),
        ));
    }
    Ok((table.consultation, table.warnings))
}
