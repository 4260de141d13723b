//! CSV, TSV, Excel, JSON Lines and plain text, with fixtures the tests write themselves,
//! and the bad input users send.

use std::fs;
use std::path::{Path, PathBuf};

use iken::{Columns, ErrorKind, Format, Position, ReadOptions, ReplyLink, TextUnit, read_path};

struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> Self {
        let path = std::env::temp_dir().join(format!("iken-read-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&path);
        fs::create_dir_all(&path).unwrap();
        TempDir(path)
    }
    fn file(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let p = self.0.join(name);
        fs::write(&p, bytes).unwrap();
        p
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

const TABLE: &str = "No.,項目,ご意見の要旨,本市の考え方\r\n\
    A-1,全般,\"窓口の待ち時間が長いので、\r\nオンライン申請を増やしてほしい。\",オンライン化を進めてまいります。\r\n\
    A-2,全般,\"土日も手続きできるようにしてほしい。\",オンライン化を進めてまいります。\r\n\
    7,\"VALUE 01\",\"アプリの「使いやすさ」を重視してください。\",\r\n";

fn check_table(read: &iken::ReadOutcome, file: &Path) {
    let c = &read.consultation;
    assert_eq!(c.opinions.len(), 3);
    // The input's ids are kept as strings.
    let ids: Vec<&str> = c.opinions.iter().map(|o| o.id.as_str()).collect();
    assert_eq!(ids, ["A-1", "A-2", "7"]);
    // A quoted multi-line cell stays one opinion.
    assert_eq!(
        c.opinions[0].text,
        "窓口の待ち時間が長いので、\r\nオンライン申請を増やしてほしい。"
    );
    assert_eq!(
        c.opinions[2].text,
        "アプリの「使いやすさ」を重視してください。"
    );
    assert_eq!(c.opinions[0].section.as_deref(), Some("全般"));
    assert_eq!(c.opinions[2].section.as_deref(), Some("VALUE 01"));
    // Two rows with the same reply share it; the third has none.
    assert_eq!(c.replies.len(), 1);
    assert_eq!(c.opinions[0].reply.as_deref(), Some("r1"));
    assert_eq!(c.opinions[1].reply.as_deref(), Some("r1"));
    assert_eq!(c.opinions[2].reply, None);
    assert_eq!(c.replies[0].link, ReplyLink::Given);
    // Rows count the header as row 1.
    assert_eq!(c.opinions[1].source.row, Some(3));
    assert_eq!(c.opinions[1].source.file, file.display().to_string());
}

#[test]
fn cp932_csv_as_japanese_excel_writes_it() {
    let dir = TempDir::new("cp932");
    let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(TABLE);
    assert!(!unmappable);
    let path = dir.file("comments.csv", &bytes);
    let read = read_path(&path, &ReadOptions::default()).unwrap();
    assert_eq!(read.format, Format::Csv);
    assert_eq!(read.encoding.as_deref(), Some("Shift_JIS"));
    check_table(&read, &path);
}

#[test]
fn utf8_with_bom_euc_jp_and_tsv() {
    let dir = TempDir::new("encodings");
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend_from_slice(TABLE.as_bytes());
    let path = dir.file("bom.csv", &bom);
    let read = read_path(&path, &ReadOptions::default()).unwrap();
    assert_eq!(read.encoding.as_deref(), Some("UTF-8"));
    check_table(&read, &path);

    let (euc, _, _) = encoding_rs::EUC_JP.encode(TABLE);
    let path = dir.file("euc.csv", &euc);
    let read = read_path(&path, &ReadOptions::default()).unwrap();
    assert_eq!(read.encoding.as_deref(), Some("EUC-JP"));
    check_table(&read, &path);

    // Encoding given by the user wins over detection.
    let options = ReadOptions {
        encoding: Some("cp932".into()),
        ..ReadOptions::default()
    };
    let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode(TABLE);
    let path = dir.file("given.csv", &sjis);
    check_table(&read_path(&path, &options).unwrap(), &path);

    let tsv = "id\topinion\treply\n1\t駐輪場を増やしてほしい\t検討します\n";
    let path = dir.file("c.tsv", tsv);
    let read = read_path(&path, &ReadOptions::default()).unwrap();
    assert_eq!(read.format, Format::Tsv);
    assert_eq!(read.consultation.opinions[0].id, "1");
    assert_eq!(read.consultation.replies[0].text, "検討します");
}

#[test]
fn columns_by_name_or_number() {
    let dir = TempDir::new("columns");
    let csv = "番号,感想,回答する内容\n1,公園を増やして,承知しました\n";
    let path = dir.file("c.csv", csv);
    let options = ReadOptions {
        columns: Columns::parse("opinion=2,reply=回答する内容,id=1").unwrap(),
        ..ReadOptions::default()
    };
    let read = read_path(&path, &options).unwrap();
    assert_eq!(read.consultation.opinions[0].text, "公園を増やして");
    assert_eq!(read.consultation.replies[0].text, "承知しました");

    // A column asked for that is not there: a typed error naming it and the file.
    let options = ReadOptions {
        columns: Columns::parse("opinion=意見").unwrap(),
        ..ReadOptions::default()
    };
    let err = read_path(&path, &options).unwrap_err();
    match err.kind() {
        ErrorKind::MissingColumn {
            column, available, ..
        } => {
            assert_eq!(column, "意見");
            assert_eq!(available, &["番号", "感想", "回答する内容"]);
        }
        other => panic!("{other:?}"),
    }
    assert!(err.to_string().contains("c.csv"));
    assert!(Columns::parse("colour=1").is_err());
}

#[test]
fn broken_csv_is_a_typed_error_with_its_line() {
    let dir = TempDir::new("broken");
    // A missing column in row 3 (line 3).
    let path = dir.file("short.csv", "id,opinion,reply\n1,a,b\n2,c\n");
    let err = read_path(&path, &ReadOptions::default()).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Parse { .. }), "{err}");
    assert_eq!(err.position(), Some(Position::Line(3)));

    // A quote that is never closed swallows the following rows.
    let path = dir.file("quote.csv", "id,opinion,reply\n1,\"a,b\n2,c,d\n3,e,f\n");
    let err = read_path(&path, &ReadOptions::default()).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Parse { .. }), "{err}");

    // A quote left open in the last column swallows rows without breaking the field count:
    // kept (it may be a long multi-line comment) but warned about.
    let path = dir.file("open.csv", "id,opinion\n1,\"hello\n2,foo\n3,bar\n");
    let read = read_path(&path, &ReadOptions::default()).unwrap();
    assert_eq!(read.consultation.opinions.len(), 1);
    assert!(
        read.warnings
            .iter()
            .any(|w| w.message.contains("quote that is not closed")),
        "{:?}",
        read.warnings
    );
    // A genuine multi-line comment is not warned about.
    let path = dir.file("lines.csv", "id,opinion\n1,\"一行目\n二行目\"\n2,次\n");
    let read = read_path(&path, &ReadOptions::default()).unwrap();
    assert!(read.warnings.is_empty(), "{:?}", read.warnings);

    // Invalid UTF-8 in a file declared UTF-8: the line is named.
    let mut bytes = b"id,opinion\n1,ok\n2,".to_vec();
    bytes.extend_from_slice(&[0xFF, 0xFE, 0x80]);
    bytes.extend_from_slice(b"\n");
    let path = dir.file("bad.csv", &bytes);
    let options = ReadOptions {
        encoding: Some("utf-8".into()),
        ..ReadOptions::default()
    };
    let err = read_path(&path, &options).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Encoding { .. }), "{err}");
    assert_eq!(err.position(), Some(Position::Line(3)));
}

#[test]
fn empty_binary_and_missing_files() {
    let dir = TempDir::new("bad-files");
    for (name, bytes) in [("empty.csv", &b""[..]), ("blank.txt", &b"\n \n\t\n"[..])] {
        let err = read_path(dir.file(name, bytes), &ReadOptions::default()).unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::EmptyInput { .. }), "{err}");
    }
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend_from_slice(&[0u8; 64]);
    let err = read_path(dir.file("image.txt", &png), &ReadOptions::default()).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::NotText { .. }), "{err}");
    let err = read_path(
        dir.file("doc.txt", b"%PDF-1.7\n..."),
        &ReadOptions::default(),
    )
    .unwrap_err();
    // A PDF is read as one, whatever its extension; a broken one says so.
    assert!(matches!(err.kind(), ErrorKind::Pdf { .. }), "{err}");
    assert!(err.to_string().contains("not a readable PDF"), "{err}");
    let err = read_path(dir.0.join("missing.csv"), &ReadOptions::default()).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Io { .. }), "{err}");
    // Garbage declared as Excel.
    let err = read_path(
        dir.file("fake.xlsx", b"PK\x03\x04 not really"),
        &ReadOptions::default(),
    )
    .unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Parse { .. }), "{err}");
}

#[test]
fn rows_without_opinions_are_reported_not_lost() {
    let dir = TempDir::new("rows");
    let csv = "opinion,reply\n意見あり,回答\n,回答だけ\n,\n";
    let read = read_path(dir.file("r.csv", csv), &ReadOptions::default()).unwrap();
    assert_eq!(read.consultation.opinions.len(), 1);
    assert_eq!(read.consultation.replies.len(), 2);
    assert_eq!(read.consultation.replies[1].link, ReplyLink::Unlinked);
    assert_eq!(read.warnings.len(), 1);
    assert_eq!(read.warnings[0].source.row, Some(3));
}

#[test]
fn a_one_megabyte_cell() {
    let dir = TempDir::new("big-cell");
    let cell = "長い意見です。".repeat(1024 * 1024 / "長い意見です。".len() + 1);
    let csv = format!("opinion\n\"{cell}\"\n短い意見\n");
    let read = read_path(dir.file("big.csv", csv), &ReadOptions::default()).unwrap();
    assert_eq!(read.consultation.opinions.len(), 2);
    assert_eq!(read.consultation.opinions[0].text, cell);
    assert!(read.consultation.opinions[0].text.len() >= 1024 * 1024);
}

#[test]
fn excel_with_a_merged_reply_cell() {
    let dir = TempDir::new("xlsx");
    let path = dir.0.join("results.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("結果").unwrap();
    let rows = [
        ["No.", "項目", "ご意見の要旨", "本市の考え方"],
        [
            "1",
            "全般",
            "窓口を増やしてほしい。",
            "ご意見を踏まえ検討してまいります。",
        ],
        ["2", "全般", "手続きを簡単にしてほしい。", ""],
        [
            "3",
            "VALUE 01",
            "アプリを作ってほしい。",
            "参考とさせていただきます。",
        ],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, value) in row.iter().enumerate() {
            if !value.is_empty() {
                sheet.write_string(r as u32, c as u16, *value).unwrap();
            }
        }
    }
    // The reply to rows 2 and 3 is one merged cell, as published tables have them.
    let format = rust_xlsxwriter::Format::new();
    sheet
        .merge_range(1, 3, 2, 3, "ご意見を踏まえ検討してまいります。", &format)
        .unwrap();
    book.add_worksheet().set_name("メモ").unwrap();
    book.save(&path).unwrap();

    let read = read_path(&path, &ReadOptions::default()).unwrap();
    assert_eq!(read.format, Format::Xlsx);
    let c = &read.consultation;
    assert_eq!(c.opinions.len(), 3);
    assert_eq!(c.replies.len(), 2);
    assert_eq!(c.opinions[1].reply.as_deref(), Some("r1"));
    assert_eq!(c.opinions[0].reply, c.opinions[1].reply);
    assert_eq!(c.opinions[2].section.as_deref(), Some("VALUE 01"));
    assert_eq!(c.opinions[1].source.sheet.as_deref(), Some("結果"));
    assert_eq!(c.opinions[1].source.row, Some(3));

    // A sheet by number, and one that does not exist.
    let options = ReadOptions {
        sheet: Some("2".into()),
        ..ReadOptions::default()
    };
    assert!(read_path(&path, &options).is_err());
    let options = ReadOptions {
        sheet: Some("集計".into()),
        ..ReadOptions::default()
    };
    let err = read_path(&path, &options).unwrap_err();
    assert!(err.to_string().contains("結果"), "{err}");
}

#[test]
fn json_lines_with_configurable_fields() {
    let dir = TempDir::new("jsonl");
    let jsonl = "{\"id\": 17, \"text\": \"バスの本数を増やして\", \"topic\": 3}\n\
                 \n\
                 {\"id\": \"x-2\", \"text\": \"図書館を夜も開けて\", \"reply\": \"検討します\", \"section\": \"文化\"}\n\
                 {\"id\": \"x-3\", \"message\": \"no text field\"}\n";
    let path = dir.file("c.jsonl", jsonl);
    let read = read_path(&path, &ReadOptions::default()).unwrap();
    let c = &read.consultation;
    assert_eq!(c.opinions.len(), 2);
    assert_eq!(c.opinions[0].id, "17");
    assert_eq!(c.opinions[1].section.as_deref(), Some("文化"));
    assert_eq!(c.opinions[1].reply.as_deref(), Some("r1"));
    assert_eq!(c.opinions[1].source.line, Some(3));
    // The line with the text under another name is reported, not silently dropped.
    assert_eq!(read.warnings.len(), 1);
    assert_eq!(read.warnings[0].source.line, Some(4));

    let options = ReadOptions {
        columns: Columns::parse("opinion=message").unwrap(),
        ..ReadOptions::default()
    };
    let read = read_path(&path, &options).unwrap();
    assert_eq!(read.consultation.opinions.len(), 1);
    assert_eq!(read.consultation.opinions[0].text, "no text field");

    let path = dir.file("bad.jsonl", "{\"text\": \"ok\"}\n{\"text\": oops}\n");
    let err = read_path(&path, &ReadOptions::default()).unwrap_err();
    assert_eq!(err.position(), Some(Position::Line(2)));
    assert!(err.to_string().contains("not JSON"), "{err}");
    let path = dir.file("array.jsonl", "{\"text\": \"ok\"}\n[\"text\", \"a\"]\n");
    let err = read_path(&path, &ReadOptions::default()).unwrap_err();
    assert_eq!(err.position(), Some(Position::Line(2)));
    assert!(err.to_string().contains("must be a JSON object"), "{err}");

    // Field names with escapes, nested values of fields no role reads, "text" chosen over
    // "comment" wherever it stands, a number as an id, a later duplicate key winning.
    let jsonl = "{\"meta\": {\"text\": \"nested, not read\"}, \"comment\": \"二番目\", \"\\u0074ext\": \"本文\", \"id\": 5}\n\
                 {\"text\": \"前\", \"tags\": [1, {\"a\": null}], \"text\": \"後\"}\n";
    let path = dir.file("fields.jsonl", jsonl);
    let read = read_path(&path, &ReadOptions::default()).unwrap();
    let got: Vec<(&str, &str)> = read
        .consultation
        .opinions
        .iter()
        .map(|o| (o.id.as_str(), o.text.as_str()))
        .collect();
    assert_eq!(got, [("5", "本文"), ("o2", "後")]);
    // Detected by content when the extension says nothing.
    let path = dir.file("noext", "{\"text\": \"拡張子なし\"}\n");
    assert_eq!(
        read_path(&path, &ReadOptions::default()).unwrap().format,
        Format::Jsonl
    );
}

#[test]
fn plain_text_by_paragraph_or_line() {
    let dir = TempDir::new("text");
    let path = dir.file(
        "c.txt",
        "一つ目の意見です。\n二行目です。\n\n二つ目の意見です。\n",
    );
    let read = read_path(&path, &ReadOptions::default()).unwrap();
    assert_eq!(read.format, Format::Text);
    assert_eq!(read.consultation.opinions.len(), 2);
    let options = ReadOptions {
        text_unit: TextUnit::Line,
        ..ReadOptions::default()
    };
    assert_eq!(
        read_path(&path, &options)
            .unwrap()
            .consultation
            .opinions
            .len(),
        3
    );
}

#[test]
fn the_cli_prints_json_and_a_summary() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_iken"))
        .args(["parse", "data/osaka-dx-strategy-pubcomment.txt"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let c: iken::Consultation = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(c.opinions.len(), 52);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["opinions"][0]["id"], "o1");
    assert_eq!(json["opinions"][0]["reply"], "r1");
    assert_eq!(json["opinions"][0]["source"]["line"], 4);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("read as pdf-table"), "{stderr}");
    assert!(stderr.contains("52 opinions, 31 replies"), "{stderr}");

    let out = std::process::Command::new(env!("CARGO_BIN_EXE_iken"))
        .args(["parse", "/nonexistent.csv"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent.csv"));
}
