//! Which encoding a Japanese text file is in: UTF-8 (with or without BOM), UTF-16 (BOM),
//! Shift_JIS / CP932 (what Japanese Excel writes) or EUC-JP.

use encoding_rs::{EUC_JP, Encoding, SHIFT_JIS, UTF_8, UTF_16BE, UTF_16LE};

use crate::error::{Error, ErrorKind, Position, Result};

/// Guesses the encoding of `head`, the first bytes of a file. Returns the encoding and
/// the length of its byte-order mark.
///
/// Valid UTF-8 wins; otherwise the legacy Japanese encoding that decodes without errors
/// and gives the most kana and kanji. Shift_JIS is CP932 here (encoding_rs implements the
/// WHATWG `Shift_JIS`, which is Windows-31J).
pub(crate) fn detect(head: &[u8]) -> (&'static Encoding, usize) {
    if let Some((encoding, bom)) = Encoding::for_bom(head) {
        return (encoding, bom);
    }
    // A cut in the middle of a multi-byte character at the end of `head` is not an error.
    let valid_up_to = match std::str::from_utf8(head) {
        Ok(_) => return (UTF_8, 0),
        Err(e) => (e.error_len().is_none(), e.valid_up_to()),
    };
    if valid_up_to.0 && head.len() - valid_up_to.1 < 4 {
        return (UTF_8, 0);
    }
    let score = |encoding: &'static Encoding| -> Option<usize> {
        let (text, had_errors) = encoding.decode_without_bom_handling(head);
        // Allow one malformed sequence at the very end (a cut character).
        if had_errors && text.trim_end_matches('\u{FFFD}').contains('\u{FFFD}') {
            return None;
        }
        Some(
            text.chars()
                .filter(|&c| {
                    ('\u{3041}'..='\u{30FF}').contains(&c) || ('\u{4E00}'..='\u{9FFF}').contains(&c)
                })
                .count(),
        )
    };
    match (score(SHIFT_JIS), score(EUC_JP)) {
        (Some(s), Some(e)) if e > s => (EUC_JP, 0),
        (Some(_), _) => (SHIFT_JIS, 0),
        (None, Some(_)) => (EUC_JP, 0),
        (None, None) => (UTF_8, 0),
    }
}

/// Looks up an encoding by a name a user would type: `utf-8`, `shift_jis`, `sjis`,
/// `cp932`, `windows-31j`, `euc-jp`, `utf-16le`, …
pub(crate) fn by_name(name: &str) -> Result<&'static Encoding> {
    let lower = name.trim().to_ascii_lowercase();
    let alias = match lower.as_str() {
        "sjis" | "cp932" | "ms932" | "windows-31j" | "shift-jis" => "shift_jis",
        "eucjp" | "euc_jp" => "euc-jp",
        "utf8" => "utf-8",
        "utf16" | "utf-16" => "utf-16le",
        other => other,
    };
    Encoding::for_label(alias.as_bytes()).ok_or_else(|| {
        Error::invalid_parameter(
            "encoding",
            format!("unknown encoding {name:?}; use utf-8, shift_jis (cp932), euc-jp or utf-16le"),
        )
    })
}

/// Decodes a whole file. For UTF-8, invalid bytes are an error naming the line; for the
/// legacy encodings, malformed sequences are an error too, since they mean the encoding
/// is wrong.
pub(crate) fn decode(
    bytes: &[u8],
    encoding: &'static Encoding,
    path: &std::path::Path,
) -> Result<String> {
    let bom = Encoding::for_bom(bytes)
        .filter(|(e, _)| *e == encoding)
        .map_or(0, |(_, n)| n);
    let body = &bytes[bom..];
    if encoding == UTF_8 {
        return match std::str::from_utf8(body) {
            Ok(s) => Ok(s.to_owned()),
            Err(e) => Err(Error::new(ErrorKind::Encoding {
                path: path.to_owned(),
                encoding: "UTF-8".to_owned(),
                position: Some(Position::Line(line_of(body, e.valid_up_to()))),
            })),
        };
    }
    let (text, had_errors) = encoding.decode_without_bom_handling(body);
    if had_errors {
        let at = text.find('\u{FFFD}').unwrap_or(0);
        let line = text[..at].matches('\n').count() + 1;
        return Err(Error::new(ErrorKind::Encoding {
            path: path.to_owned(),
            encoding: encoding.name().to_owned(),
            position: Some(Position::Line(line)),
        }));
    }
    Ok(text.into_owned())
}

pub(crate) fn line_of(bytes: &[u8], offset: usize) -> usize {
    bytes[..offset.min(bytes.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// Whether UTF-16 is in use (its text has NUL bytes, which are otherwise a sign of binary).
pub(crate) fn is_utf16(encoding: &'static Encoding) -> bool {
    encoding == UTF_16LE || encoding == UTF_16BE
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_japanese_encodings() {
        let text =
            "ご意見の要旨,本市の考え方\n窓口を増やしてほしい。,今後の参考とさせていただきます。\n";
        let (sjis, _, _) = SHIFT_JIS.encode(text);
        let (euc, _, _) = EUC_JP.encode(text);
        assert_eq!(detect(text.as_bytes()).0, UTF_8);
        assert_eq!(detect(&sjis).0, SHIFT_JIS);
        assert_eq!(detect(&euc).0, EUC_JP);
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(text.as_bytes());
        assert_eq!(detect(&bom), (UTF_8, 3));
        // A head cut inside a multi-byte character is still UTF-8.
        assert_eq!(detect(&text.as_bytes()[..4]).0, UTF_8);
    }

    #[test]
    fn names() {
        assert_eq!(by_name("cp932").unwrap(), SHIFT_JIS);
        assert_eq!(by_name("EUC-JP").unwrap(), EUC_JP);
        assert!(by_name("klingon").is_err());
    }
}
