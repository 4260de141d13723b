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

fn as_text(v: Value) -> Option<String> {
    match v {
        // Most texts have nothing to trim: the string moves instead of being copied.
        Value::String(s) if s.trim().len() == s.len() => Some(s).filter(|s| !s.is_empty()),
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
    let fields = Fields {
        names: [
            text_fields.clone(),
            field_name(&columns.reply, REPLY_FIELDS),
            field_name(&columns.section, SECTION_FIELDS),
            field_name(&columns.id, ID_FIELDS),
        ],
    };

    let file_name = path.display().to_string();
    let mut consultation = Consultation::default();
    let mut warnings = Vec::new();
    let mut ids = rustc_hash::FxHashSet::default();
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
        // simdutf8 checks Japanese text several times faster than `str::from_utf8`, which
        // was a quarter of reading a large export; the error is the same.
        let line = simdutf8::basic::from_utf8(&buf).map_err(|_| {
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
        let mut de = serde_json::Deserializer::from_str(line);
        let picked = serde::de::DeserializeSeed::deserialize(&fields, &mut de)
            .and_then(|picked| de.end().map(|()| picked))
            .map_err(|e| {
                let reason = if e.classify() == serde_json::error::Category::Data {
                    "each line must be a JSON object".to_owned()
                } else {
                    format!("not JSON: {e}")
                };
                Error::parse(path, Some(Position::Line(line_no)), reason)
            })?;
        let source = Source::lines(file_name.clone(), line_no, line_no);
        let [text, reply, section, id] = picked.map(|p| p.and_then(|(_, v)| as_text(v)));
        let Some(text) = text else {
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
        let mut id = id.unwrap_or_else(|| format!("o{n}"));
        if !ids.insert(id.clone()) {
            let unique = format!("{id}#{n}");
            warnings.push(Warning {
                source: source.clone(),
                message: format!("id {id:?} was used before; this opinion is {unique:?}"),
            });
            id = unique;
        }
        let mut opinion = Opinion::new(id, text, source.clone());
        opinion.section = section;
        if let Some(reply) = reply {
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

/// The field names read for each role (text, reply, section, id), most wanted first.
struct Fields {
    names: [Vec<String>; 4],
}

/// For each role, the value of the most wanted field the line has (its rank among the
/// names, the value): what `obj.get` of each name in turn would find, without building the
/// object. Fields no role reads are skipped unparsed, which is most of a large export's
/// bytes besides the text.
type Picked = [Option<(usize, Value)>; 4];

impl<'de> serde::de::DeserializeSeed<'de> for &Fields {
    type Value = Picked;

    fn deserialize<D: serde::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> std::result::Result<Picked, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> serde::de::Visitor<'de> for &Fields {
    type Value = Picked;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(
        self,
        mut map: A,
    ) -> std::result::Result<Picked, A::Error> {
        let mut picked: Picked = Default::default();
        while let Some(Key(key)) = map.next_key::<Key<'de>>()? {
            // A key may serve several roles (an id field named like a text field).
            let mut wanted = [None; 4];
            for (role, names) in self.names.iter().enumerate() {
                let Some(rank) = names.iter().position(|n| *n == key) else {
                    continue;
                };
                // A later duplicate key replaces an earlier one, as in a parsed object.
                if picked[role].as_ref().is_none_or(|(r, _)| rank <= *r) {
                    wanted[role] = Some(rank);
                }
            }
            let Some(last) = wanted.iter().rposition(Option::is_some) else {
                map.next_value::<serde::de::IgnoredAny>()?;
                continue;
            };
            let value: Value = map.next_value()?;
            for role in 0..last {
                if let Some(rank) = wanted[role] {
                    picked[role] = Some((rank, value.clone()));
                }
            }
            // The last role takes the value itself: one role per field is the rule.
            picked[last] = wanted[last].map(|rank| (rank, value));
        }
        Ok(picked)
    }
}

/// An object key, borrowed from the line unless it had escapes to undo.
struct Key<'de>(std::borrow::Cow<'de, str>);

impl<'de> serde::Deserialize<'de> for Key<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> serde::de::Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a field name")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> std::result::Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> std::result::Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Owned(v.to_owned())))
            }
        }
        d.deserialize_str(KeyVisitor)
    }
}
