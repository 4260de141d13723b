//! JSON Lines: one object per line, streamed.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use encoding_rs::{Encoding, UTF_8};
use serde_json::Value;

use super::Warning;
use super::fold::Intake;
use super::table::{Column, Columns};
use crate::consultation::{Consultation, Opinion, Reply, Source};
use crate::error::{Error, ErrorKind, Position, Result};

const TEXT_FIELDS: &[&str] = &["text", "opinion", "comment", "body", "意見"];
const REPLY_FIELDS: &[&str] = &["reply", "answer", "response", "回答"];
const SECTION_FIELDS: &[&str] = &["section", "項目"];
const ID_FIELDS: &[&str] = &["id"];

fn field_name(column: &Option<Column>, defaults: &'static [&'static str]) -> Vec<String> {
    match column {
        Some(Column::Name(n)) => vec![n.clone()],
        Some(Column::Index(i)) => vec![i.to_string()],
        None => defaults.iter().map(|s| s.to_string()).collect(),
    }
}

fn as_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.trim().to_owned()).filter(|s| !s.is_empty()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

pub(crate) fn read(
    path: &Path,
    encoding: &'static Encoding,
    columns: &Columns,
    intake: &mut Intake,
) -> Result<(Consultation, Vec<Warning>)> {
    let file = File::open(path).map_err(|e| Error::io(path, e))?;
    let input: Box<dyn Read> = if encoding == UTF_8 {
        Box::new(file)
    } else {
        Box::new(
            encoding_rs_io::DecodeReaderBytesBuilder::new()
                .encoding(Some(encoding))
                .build(file),
        )
    };
    let text_fields = field_name(&columns.opinion, TEXT_FIELDS);
    let reply_fields = field_name(&columns.reply, REPLY_FIELDS);
    let section_fields = field_name(&columns.section, SECTION_FIELDS);
    let id_fields = field_name(&columns.id, ID_FIELDS);
    let pick = |obj: &serde_json::Map<String, Value>, names: &[String]| {
        names.iter().find_map(|n| obj.get(n)).and_then(as_text)
    };

    let file_name = path.display().to_string();
    let mut consultation = Consultation::default();
    let mut warnings = Vec::new();
    let mut ids = std::collections::HashSet::new();
    let mut reader = BufReader::with_capacity(1 << 16, input);
    let mut buf = Vec::new();
    let mut line_no = 0;
    // Opinions read, folded or not: what numbers those without an id.
    let mut read = 0;
    loop {
        buf.clear();
        let n = reader
            .read_until(b'\n', &mut buf)
            .map_err(|e| Error::io(path, e))?;
        if n == 0 {
            break;
        }
        line_no += 1;
        let line = std::str::from_utf8(&buf).map_err(|_| {
            Error::new(ErrorKind::Encoding {
                path: path.to_owned(),
                encoding: encoding.name().to_owned(),
                position: Some(Position::Line(line_no)),
            })
        })?;
        let line = line.trim_start_matches('\u{FEFF}').trim();
        if line.is_empty() {
            continue;
        }
        let value: Value = serde_json::from_str(line).map_err(|e| {
            Error::parse(
                path,
                Some(Position::Line(line_no)),
                format!("not JSON: {e}"),
            )
        })?;
        let Value::Object(obj) = value else {
            return Err(Error::parse(
                path,
                Some(Position::Line(line_no)),
                "each line must be a JSON object",
            ));
        };
        let source = Source::lines(file_name.clone(), line_no, line_no);
        let Some(text) = pick(&obj, &text_fields) else {
            warnings.push(Warning {
                source,
                message: format!(
                    "no text in field {}; line skipped",
                    text_fields.join(" or ")
                ),
            });
            continue;
        };
        read += 1;
        let n = read;
        let mut id = pick(&obj, &id_fields).unwrap_or_else(|| format!("o{n}"));
        if !ids.insert(id.clone()) {
            let unique = format!("{id}#{n}");
            warnings.push(Warning {
                source: source.clone(),
                message: format!("id {id:?} was used before; this opinion is {unique:?}"),
            });
            id = unique;
        }
        let mut opinion = Opinion::new(id, text, source.clone());
        opinion.section = pick(&obj, &section_fields);
        if let Some(reply) = pick(&obj, &reply_fields) {
            let rid = format!("r{}", consultation.replies.len() + 1);
            consultation
                .replies
                .push(Reply::new(rid.clone(), reply, source));
            opinion.reply = Some(rid);
        }
        intake.take(&mut consultation, opinion)?;
    }
    Ok((consultation, warnings))
}
