//! Published tables typeset as PDFs, read back from the pages.
//!
//! The tests make their fixtures: the bundled Osaka and 環境省 tables are written as HTML
//! tables (a No. column or none, one and several opinions per reply in merged cells,
//! section rows, cells long enough to cross page breaks) and typeset by headless Chromium
//! and by LibreOffice (HTML → docx → PDF, as a municipality's Word file). What goes into the
//! table is the reference: every opinion, reply and section must come back exactly (after
//! NFKC and whitespace folding) and every opinion linked to its reply.
//!
//! Without chromium or soffice on PATH a test says so and passes, unless
//! `IKEN_REQUIRE_BROWSER` / `IKEN_REQUIRE_OFFICE` is set (`.ci/run` sets them when it
//! installed the programs).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use unicode_normalization::UnicodeNormalization;

mod common;
use common::{chromium, env, iken, iken_ok, osaka, program};

/// A table as a person would typeset it.
struct Table {
    title: String,
    headers: Vec<&'static str>,
    numbered: bool,
    /// An item column (項目) after the number: each group's section in a merged cell.
    items: bool,
    blocks: Vec<Block>,
}

enum Block {
    Section(String),
    /// One reply cell merged over its opinions' rows. An empty reply: no reply.
    Group {
        reply: String,
        opinions: Vec<(String, String)>,
    },
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('\n', "<br>")
}

impl Table {
    /// The HTML page; `office` uses the table attributes LibreOffice's import keeps.
    fn html(&self, office: bool) -> String {
        let columns = 2 + usize::from(self.numbered) + usize::from(self.items);
        let mut section = String::new();
        let mut h = String::from(
            "<!doctype html><html><head><meta charset=\"utf-8\"><style>\
             @page{size:A4;margin:15mm} body{font-family:'Noto Sans CJK JP',sans-serif;font-size:9pt}\
             table{border-collapse:collapse;width:100%} th,td{border:0.75pt solid #000;padding:3pt;vertical-align:top}\
             th{background:#ddd} thead{display:table-header-group}</style></head><body>",
        );
        let _ = write!(h, "<h2>{}</h2>", escape(&self.title));
        h.push_str(if office {
            "<table border=\"1\" cellspacing=\"0\" cellpadding=\"4\" width=\"100%\">"
        } else {
            "<table>"
        });
        h.push_str("<thead><tr>");
        // Widths as a clerk sets them: a narrow number, a modest item, text columns.
        for head in &self.headers {
            let width = match *head {
                "No." | "番号" => 6,
                "項目" => 14,
                _ if columns == 2 => 50,
                _ if self.items && self.numbered => 40,
                _ => 47,
            };
            let _ = write!(h, "<th width=\"{width}%\">{head}</th>");
        }
        h.push_str("</tr></thead><tbody>");
        for block in &self.blocks {
            match block {
                Block::Section(s) if self.items => section = s.clone(),
                Block::Section(s) => {
                    let _ = write!(h, "<tr><td colspan=\"{columns}\">{}</td></tr>", escape(s));
                }
                Block::Group { reply, opinions } => {
                    for (i, (no, text)) in opinions.iter().enumerate() {
                        h.push_str("<tr>");
                        if self.numbered {
                            let _ = write!(h, "<td>{}</td>", escape(no));
                        }
                        if self.items && i == 0 {
                            let _ = write!(
                                h,
                                "<td rowspan=\"{}\">{}</td>",
                                opinions.len(),
                                escape(&section)
                            );
                        }
                        let _ = write!(h, "<td>{}</td>", escape(text));
                        if i == 0 {
                            let _ = write!(
                                h,
                                "<td rowspan=\"{}\">{}</td>",
                                opinions.len(),
                                escape(reply)
                            );
                        }
                        h.push_str("</tr>");
                    }
                }
            }
        }
        h.push_str("</tbody></table></body></html>");
        h
    }

    fn opinions(&self) -> usize {
        self.blocks
            .iter()
            .map(|b| match b {
                Block::Group { opinions, .. } => opinions.len(),
                Block::Section(_) => 0,
            })
            .sum()
    }
}

/// NFKC, whitespace removed: what "recovered exactly" compares.
fn fold(text: &str) -> String {
    text.nfkc().filter(|c| !c.is_whitespace()).collect()
}

/// How a read PDF compares with the table it was made from.
#[derive(Debug, Default)]
struct Score {
    opinions: usize,
    opinions_exact: usize,
    replies: usize,
    replies_exact: usize,
    linked: usize,
    sections_right: usize,
    ids_right: usize,
    misses: Vec<String>,
}

fn score(table: &Table, read: &iken::Consultation) -> Score {
    let mut s = Score::default();
    let replies: std::collections::HashMap<&str, &str> = read
        .replies
        .iter()
        .map(|r| (r.id.as_str(), r.text.as_str()))
        .collect();
    let mut got = read.opinions.iter();
    let mut section: Option<&str> = None;
    let mut seen_replies = 0;
    for block in &table.blocks {
        match block {
            Block::Section(name) => section = Some(name),
            Block::Group { reply, opinions } => {
                if !reply.is_empty() {
                    s.replies += 1;
                    seen_replies += 1;
                }
                let mut reply_right = false;
                for (no, text) in opinions {
                    s.opinions += 1;
                    let Some(o) = got.next() else {
                        s.misses.push(format!("opinion {no}: missing"));
                        continue;
                    };
                    if fold(&o.text) == fold(text) {
                        s.opinions_exact += 1;
                    } else {
                        s.misses
                            .push(format!("opinion {no}: {:?}\n   read {:?}", text, o.text));
                    }
                    if !table.numbered || o.id == *no {
                        s.ids_right += 1;
                    }
                    if o.section.as_deref().map(fold) == section.map(fold) {
                        s.sections_right += 1;
                    }
                    let read_reply = o.reply.as_deref().and_then(|r| replies.get(r));
                    let right = match read_reply {
                        Some(r) => fold(r) == fold(reply),
                        None => reply.is_empty(),
                    };
                    if right {
                        s.linked += 1;
                        reply_right = true;
                    } else {
                        s.misses
                            .push(format!("opinion {no}: linked to {read_reply:?}"));
                    }
                }
                if reply_right && !reply.is_empty() {
                    s.replies_exact += 1;
                }
            }
        }
    }
    assert_eq!(seen_replies, s.replies);
    s
}

/// Checks that every opinion, reply, id, section and link came back.
fn assert_exact(name: &str, table: &Table, read: &iken::Consultation) {
    let s = score(table, read);
    println!(
        "{name}: opinions {}/{} exact, replies {}/{} exact, {} linked, {} sections right, {} ids right",
        s.opinions_exact,
        s.opinions,
        s.replies_exact,
        s.replies,
        s.linked,
        s.sections_right,
        s.ids_right
    );
    assert!(
        s.misses.is_empty(),
        "{name}: {} differences, first ones:\n{}",
        s.misses.len(),
        s.misses
            .iter()
            .take(8)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert_eq!(
        read.opinions.len(),
        table.opinions(),
        "{name}: opinions read"
    );
    assert_eq!(read.replies.len(), s.replies, "{name}: replies read");
    assert_eq!(s.sections_right, s.opinions, "{name}: sections");
    assert_eq!(s.ids_right, s.opinions, "{name}: ids");
}

/// The 環境省 table: No., 意見, 考え方. Consecutive rows with the same reply share one
/// merged reply cell; every fifth reply is merged over the next row as well (one reply
/// for two opinions, as ministries write); a section row every 60 opinions.
fn env_table() -> Table {
    let c = env();
    let reply_of = |o: &iken::Opinion| {
        o.reply
            .as_deref()
            .and_then(|r| c.replies.iter().find(|x| x.id == r))
            .map(|r| r.text.clone())
            .unwrap_or_default()
    };
    let mut blocks = Vec::new();
    let mut groups = 0;
    for (i, o) in c.opinions.iter().enumerate() {
        if i % 60 == 0 {
            blocks.push(Block::Section(format!(
                "第{}部 意見{}から",
                i / 60 + 1,
                i + 1
            )));
        }
        let reply = reply_of(o);
        let merge = match blocks.last_mut() {
            Some(Block::Group { reply: r, opinions }) => {
                *r == reply || (groups % 5 == 0 && opinions.len() == 1)
            }
            _ => false,
        };
        // Merged with a different reply, the first's reply answers both in the table.
        if merge && let Some(Block::Group { opinions, .. }) = blocks.last_mut() {
            opinions.push((o.id.clone(), o.text.clone()));
            continue;
        }
        groups += 1;
        blocks.push(Block::Group {
            reply,
            opinions: vec![(o.id.clone(), o.text.clone())],
        });
    }
    Table {
        title: "第五次環境基本計画（案）に対する意見募集の結果".to_owned(),
        headers: vec!["No.", "ご意見の概要", "環境省の考え方"],
        numbered: true,
        items: false,
        blocks,
    }
}

/// The Osaka table: its sections as section rows, its opinions grouped under the reply
/// they share; `numbered` adds a No. column counting the opinions.
fn osaka_table(numbered: bool) -> Table {
    let c = osaka();
    let mut blocks = Vec::new();
    let mut section: Option<String> = None;
    let mut last_reply: Option<String> = None;
    for (i, o) in c.opinions.iter().enumerate() {
        if o.section != section {
            section = o.section.clone();
            last_reply = None;
            if let Some(s) = &section {
                blocks.push(Block::Section(s.clone()));
            }
        }
        let no = (i + 1).to_string();
        if o.reply.is_some()
            && o.reply == last_reply
            && let Some(Block::Group { opinions, .. }) = blocks.last_mut()
        {
            opinions.push((no, o.text.clone()));
            continue;
        }
        last_reply = o.reply.clone();
        let reply = o
            .reply
            .as_deref()
            .and_then(|r| c.replies.iter().find(|x| x.id == r))
            .map(|r| r.text.clone())
            .unwrap_or_default();
        blocks.push(Block::Group {
            reply,
            opinions: vec![(no, o.text.clone())],
        });
    }
    let mut headers = vec!["ご意見の要旨", "本市の考え方"];
    if numbered {
        headers.insert(0, "番号");
    }
    Table {
        title: "大阪市DX戦略（案）に関する意見募集の結果".to_owned(),
        headers,
        numbered,
        items: false,
        blocks,
    }
}

/// A prefecture-style table: 番号, 項目, ご意見の要旨, 県の考え方, with the 環境省 opinions
/// three times over (several hundred) under a few dozen replies, each merged over 1 to
/// 14 rows (so over page breaks), and an item cell per reply.
fn prefecture_table() -> Table {
    let c = env();
    let mut blocks = Vec::new();
    let mut n = 0;
    let mut group = 0;
    let texts: Vec<&str> = (0..3)
        .flat_map(|_| c.opinions.iter().map(|o| o.text.as_str()))
        .collect();
    while n < texts.len() {
        // Sizes from a fixed pattern: 1 to 14 rows per reply.
        let size = [3, 1, 7, 2, 14, 5, 1, 9, 4, 11, 2, 6][group % 12].min(texts.len() - n);
        let reply = c.replies[group % c.replies.len()].text.clone();
        blocks.push(Block::Section(format!(
            "第{}章 {}",
            group / 4 + 1,
            ["総論", "計画の目標", "施策の展開", "推進体制"][group % 4]
        )));
        let opinions = (n..n + size)
            .map(|i| ((i + 1).to_string(), texts[i].to_owned()))
            .collect();
        blocks.push(Block::Group { reply, opinions });
        n += size;
        group += 1;
    }
    Table {
        title: "○○県環境基本計画（素案）に対する県民意見の概要と県の考え方".to_owned(),
        headers: vec!["番号", "項目", "ご意見の要旨", "県の考え方"],
        numbered: true,
        items: true,
        blocks,
    }
}

fn out_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("read-pdf")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Typesets HTML with headless Chromium; `None` (and a message) without a browser.
fn chromium_pdf(name: &str, html: &str) -> Option<PathBuf> {
    let Some(browser) = chromium() else {
        assert!(
            std::env::var_os("IKEN_REQUIRE_BROWSER").is_none(),
            "IKEN_REQUIRE_BROWSER is set but no chromium is on PATH"
        );
        eprintln!("SKIPPED: no chromium on PATH (apt-get install chromium; .ci/run does)");
        return None;
    };
    let dir = out_dir(name);
    let page = dir.join(format!("{name}.html"));
    std::fs::write(&page, html).unwrap();
    let pdf = dir.join(format!("{name}.pdf"));
    let out = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(&page)
        .output()
        .expect("chromium runs");
    assert!(
        pdf.is_file(),
        "chromium made no PDF: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(pdf)
}

/// Typesets HTML as a Word document would be: LibreOffice imports it, saves docx, and
/// exports that to PDF. `None` (and a message) without LibreOffice.
fn office_pdf(name: &str, html: &str) -> Option<PathBuf> {
    let Some(soffice) = program("SOFFICE", &["soffice", "libreoffice"]) else {
        assert!(
            std::env::var_os("IKEN_REQUIRE_OFFICE").is_none(),
            "IKEN_REQUIRE_OFFICE is set but no soffice is on PATH"
        );
        eprintln!(
            "SKIPPED: no soffice on PATH (apt-get install libreoffice-writer-nogui; .ci/run does)"
        );
        return None;
    };
    let dir = out_dir(name);
    let page = dir.join(format!("{name}.html"));
    std::fs::write(&page, html).unwrap();
    // A private profile: parallel tests and a user's running LibreOffice do not clash.
    let profile = format!("-env:UserInstallation=file://{}/profile", dir.display());
    for (input, to) in [
        (page.clone(), "docx:MS Word 2007 XML"),
        (dir.join(format!("{name}.docx")), "pdf"),
    ] {
        let out = Command::new(&soffice)
            .args([
                profile.as_str(),
                "--headless",
                "--convert-to",
                to,
                "--outdir",
            ])
            .arg(&dir)
            .arg(&input)
            .output()
            .expect("soffice runs");
        assert!(
            out.status.success(),
            "soffice failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let pdf = dir.join(format!("{name}.pdf"));
    assert!(pdf.is_file(), "LibreOffice made no PDF");
    Some(pdf)
}

fn read(pdf: &Path) -> iken::ReadOutcome {
    iken::read_path(pdf, &iken::ReadOptions::default()).expect("the PDF reads")
}

#[test]
fn env_table_from_chromium_comes_back_whole() {
    let table = env_table();
    let Some(pdf) = chromium_pdf("env-chromium", &table.html(false)) else {
        return;
    };
    let outcome = read(&pdf);
    assert_eq!(outcome.format, iken::Format::Pdf);
    assert_exact("環境省, Chromium", &table, &outcome.consultation);
}

#[test]
fn osaka_table_from_chromium_comes_back_whole() {
    for numbered in [false, true] {
        let table = osaka_table(numbered);
        let name = if numbered { "osaka-numbered" } else { "osaka" };
        let Some(pdf) = chromium_pdf(name, &table.html(false)) else {
            return;
        };
        assert_exact(name, &table, &read(&pdf).consultation);
    }
}

#[test]
fn env_table_from_libreoffice_comes_back_whole() {
    let table = env_table();
    let Some(pdf) = office_pdf("env-office", &table.html(true)) else {
        return;
    };
    assert_exact("環境省, LibreOffice", &table, &read(&pdf).consultation);
}

#[test]
fn osaka_table_from_libreoffice_comes_back_whole() {
    let table = osaka_table(false);
    let Some(pdf) = office_pdf("osaka-office", &table.html(true)) else {
        return;
    };
    assert_exact("osaka, LibreOffice", &table, &read(&pdf).consultation);
}

#[test]
fn a_long_table_with_items_and_long_merged_replies_comes_back_whole() {
    let table = prefecture_table();
    if let Some(pdf) = chromium_pdf("prefecture-chromium", &table.html(false)) {
        assert_exact("prefecture, Chromium", &table, &read(&pdf).consultation);
    }
    if let Some(pdf) = office_pdf("prefecture-office", &table.html(true)) {
        assert_exact("prefecture, LibreOffice", &table, &read(&pdf).consultation);
    }
}

#[test]
fn explain_names_pages_columns_and_cells() {
    let table = osaka_table(true);
    let Some(pdf) = chromium_pdf("osaka-explain", &table.html(false)) else {
        return;
    };
    let out = iken_ok(&["parse", pdf.to_str().unwrap(), "--explain"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("p.1   page"), "{err}");
    assert!(err.contains("columns No. x"), "{err}");
    assert!(err.contains("opinion x"), "{err}");
    assert!(err.contains("table 1 row 3 opinion"), "{err}");
    assert!(err.contains("header row (repeated)"), "{err}");
    assert!(
        err.contains("continues"),
        "a cell crosses a page break: {err}"
    );
}

#[test]
fn a_pdf_without_a_table_is_refused() {
    let html =
        "<!doctype html><meta charset=utf-8><h1>お知らせ</h1><p>本文です。表はありません。</p>";
    let Some(pdf) = chromium_pdf("no-table", html) else {
        return;
    };
    let out = iken(&["parse", pdf.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no ruled table"), "{err}");
}

#[test]
fn a_scan_without_text_is_refused() {
    // A page that is only an image, as a scanner makes it.
    let png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";
    let html = format!(
        "<!doctype html><img src=\"data:image/png;base64,{png}\" style=\"width:180mm;height:250mm\">"
    );
    let Some(pdf) = chromium_pdf("scan", &html) else {
        return;
    };
    let out = iken(&["parse", pdf.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("OCR it first"), "{err}");
}

#[test]
fn a_pdf_that_needs_a_password_is_refused_and_an_owner_protected_one_read() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
    // Made with `qpdf --encrypt secret owner 256` from a two-row table Chromium typeset.
    let out = iken(&["parse", &format!("{dir}/encrypted.pdf")]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("encrypted with a password"), "{err}");
    // The same with an empty user password (printing and copying forbidden), as many
    // municipal PDFs are: readable.
    let read = read(Path::new(&format!("{dir}/owner-protected.pdf")));
    let texts: Vec<&str> = read
        .consultation
        .opinions
        .iter()
        .map(|o| o.text.as_str())
        .collect();
    assert_eq!(
        texts,
        [
            "窓口の待ち時間を短くしてほしい。",
            "説明会を夜にも開いてほしい。"
        ]
    );
    assert_eq!(
        read.consultation.replies[1].text,
        "今後の参考とさせていただきます。"
    );
}

/// A PDF of the given objects (numbered from 1, the first the catalog), with a correct
/// cross-reference table.
fn minimal_pdf(objects: &[&str]) -> Vec<u8> {
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", i + 1).as_bytes());
    }
    let xref = pdf.len();
    let mut table = format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1);
    for o in offsets {
        table.push_str(&format!("{o:010} 00000 n \n"));
    }
    table.push_str(&format!(
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    ));
    pdf.extend_from_slice(table.as_bytes());
    pdf
}

#[test]
fn text_in_a_font_without_a_unicode_map_is_refused() {
    // A composite font (Identity-H) with no ToUnicode map: its glyph ids name no character.
    let content = "BT /F1 12 Tf 72 700 Td <0010001100120013001400150016> Tj ET";
    let pdf = minimal_pdf(&[
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R \
         /Resources << /Font << /F1 5 0 R >> >> >>",
        &format!(
            "<< /Length {} >>\nstream\n{content}\nendstream",
            content.len()
        ),
        "<< /Type /Font /Subtype /Type0 /BaseFont /MSMincho /Encoding /Identity-H \
         /DescendantFonts [6 0 R] >>",
        "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /MSMincho \
         /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> \
         /FontDescriptor 7 0 R /DW 1000 >>",
        "<< /Type /FontDescriptor /FontName /MSMincho /Flags 4 /FontBBox [0 -141 1000 859] \
         /ItalicAngle 0 /Ascent 859 /Descent -141 /CapHeight 700 /StemV 80 >>",
    ]);
    let dir = out_dir("no-unicode-map");
    let path = dir.join("no-unicode-map.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = iken(&["parse", path.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("without a Unicode map"), "{err}");
    assert!(err.contains("page 1"), "{err}");
}

#[test]
fn a_file_that_only_says_pdf_is_refused_cleanly() {
    let dir = out_dir("broken");
    for (name, bytes) in [
        (
            "truncated.pdf",
            b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog".to_vec(),
        ),
        (
            "not-a-pdf.pdf",
            "ご意見\n本市の考え方\n".as_bytes().to_vec(),
        ),
    ] {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        let out = iken(&["parse", path.to_str().unwrap(), "--format", "pdf"]);
        assert!(!out.status.success(), "{name}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("panicked"), "{name}: {err}");
        assert!(err.contains(name), "{name}: {err}");
    }
}

#[test]
fn interleaved_columns_in_extracted_text_are_named_and_the_osaka_text_is_not() {
    // What pdftotext writes for a two-column table: each line a stretch of the opinion
    // cell, a space, and the stretch of the reply cell beside it.
    let c = env();
    let mut text = String::from("No.\nご意見の概要\n環境省の考え方\n");
    for o in c.opinions.iter().take(20) {
        let reply = &c
            .replies
            .iter()
            .find(|r| Some(&r.id) == o.reply.as_ref())
            .unwrap()
            .text;
        let left: Vec<char> = o.text.chars().filter(|c| !c.is_whitespace()).collect();
        let right: Vec<char> = reply.chars().filter(|c| !c.is_whitespace()).collect();
        for k in 0..left.len().div_ceil(16).max(right.len().div_ceil(36)) {
            let l: String = left.iter().skip(k * 16).take(16).collect();
            let r: String = right.iter().skip(k * 36).take(36).collect();
            text.push_str(&format!("{l} {r}\n").replace("  ", " "));
        }
    }
    let dir = out_dir("interleaved");
    let path = dir.join("table.txt");
    std::fs::write(&path, text).unwrap();
    let read = iken::read_path(&path, &iken::ReadOptions::default()).unwrap();
    assert!(
        read.warnings
            .iter()
            .any(|w| w.message.contains("pass the PDF itself")),
        "{:?}",
        read.warnings
    );
    let osaka = iken::read_path(common::CORPUS_PATH, &iken::ReadOptions::default()).unwrap();
    assert!(osaka.warnings.is_empty(), "{:?}", osaka.warnings);
}
