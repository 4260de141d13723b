//! PDF → pages of positioned characters and ruling lines.
//!
//! Takes the bytes of a PDF; gives, per page, every character drawn (its text as the
//! font's Unicode map decodes it, its box in points from the page's top-left corner) and
//! every ruling line (a stroked axis-parallel segment or a thin filled rectangle: what
//! Word, Excel, LibreOffice and Chromium draw table borders with).
//!
//! Decoding is pdf-extract's (on lopdf): it interprets content streams, applies the text
//! and graphics matrices and decodes simple, Type0/CID and Type3 fonts through their
//! ToUnicode maps and encodings, the part of PDF reading we would otherwise write. It
//! panics on some malformed inputs, so the interpreter runs under `catch_unwind` and a
//! panic becomes an error naming the page.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use pdf_extract::{ColorSpace, MediaBox, OutputDev, OutputError, PathOp, Transform};

use super::shared_glyphs::SHARED_GLYPHS;
use crate::error::{Error, ErrorKind, Result};

/// One character as drawn.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Glyph {
    /// The decoded text: usually one character, sometimes a ligature's several.
    pub text: String,
    /// Left edge, points from the page's left.
    pub x: f64,
    /// Right edge (left plus advance).
    pub right: f64,
    /// Baseline, points from the page's top.
    pub baseline: f64,
    /// Font size in points, as drawn.
    pub size: f64,
    /// A space glyph was drawn just before it.
    pub space_before: bool,
}

impl Glyph {
    /// The glyph's vertical middle: half an em above the baseline, less the descent.
    pub fn mid_y(&self) -> f64 {
        self.baseline - self.size * 0.35
    }
    /// Its horizontal middle.
    pub fn mid_x(&self) -> f64 {
        (self.x + self.right) / 2.0
    }
    /// Its top (the em box's).
    pub fn top(&self) -> f64 {
        self.baseline - self.size * 0.88
    }
    /// Its bottom (the em box's).
    pub fn bottom(&self) -> f64 {
        self.baseline + self.size * 0.12
    }
}

/// A ruling line: horizontal (`at` is y) or vertical (`at` is x), from `from` to `to`
/// along the other axis. Points from the page's top-left.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Rule {
    pub at: f64,
    pub from: f64,
    pub to: f64,
}

/// One page as drawn.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Page {
    /// 1-based page number.
    pub number: u32,
    pub width: f64,
    pub height: f64,
    pub glyphs: Vec<Glyph>,
    pub horizontal: Vec<Rule>,
    pub vertical: Vec<Rule>,
}

/// A line thinner than this (points) is a rule, not a box.
const RULE_THICKNESS: f64 = 2.5;
/// A rule shorter than this (points) is a dot or a glyph part, not a border.
const RULE_MIN_LENGTH: f64 = 4.0;

/// Reads every page of the PDF at `path`.
///
/// # Errors
/// [`ErrorKind::Pdf`] for a file lopdf cannot parse, an encrypted file that needs a
/// password, a page the interpreter fails on, a file with no text layer (a scan), and
/// a page whose fonts have no Unicode map.
pub(crate) fn read_pages(path: &Path) -> Result<Vec<Page>> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let fail = |page: Option<u32>, reason: String| {
        Error::new(ErrorKind::Pdf {
            path: path.to_owned(),
            page,
            reason,
        })
    };
    let mut doc = match catch_unwind(|| pdf_extract::Document::load_mem(&bytes)) {
        Ok(Ok(doc)) => doc,
        Ok(Err(e)) => return Err(fail(None, format!("not a readable PDF: {e}"))),
        Err(_) => return Err(fail(None, "not a readable PDF".to_owned())),
    };
    if doc.is_encrypted() && doc.decrypt("").is_err() {
        return Err(fail(
            None,
            "it is encrypted with a password; save an unprotected copy and read that".to_owned(),
        ));
    }
    plain_paint_ops(&mut doc);
    let mut device = Collect {
        skia: producer(&doc).contains("Skia"),
        ..Collect::default()
    };
    let run = catch_unwind(AssertUnwindSafe(|| {
        pdf_extract::output_doc(&doc, &mut device)
    }));
    let page_now = device.pages.last().map(|p| p.number);
    match run {
        Ok(Ok(())) => {}
        Ok(Err(e)) => return Err(fail(page_now, format!("could not interpret the page: {e}"))),
        Err(panic) => {
            let what = panic
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| panic.downcast_ref::<&str>().copied())
                .unwrap_or("unsupported content");
            return Err(fail(
                page_now,
                format!("could not interpret the page: {what}"),
            ));
        }
    }
    let pages = device.pages;
    if pages.is_empty() {
        return Err(fail(None, "it has no pages".to_owned()));
    }
    for (page, undecoded) in pages.iter().zip(&device.undecoded) {
        let drawn = page.glyphs.len() + undecoded;
        // A few unmapped glyphs (a logo, a symbol font) are dropped; a page that is
        // mostly unmapped would be read as nonsense.
        if *undecoded > 0 && undecoded * 10 > drawn {
            return Err(fail(
                Some(page.number),
                format!(
                    "{undecoded} of its {drawn} characters are drawn in a font without a Unicode \
                     map (no ToUnicode), so their text cannot be known; export the PDF again \
                     with fonts embedded as text, or OCR it"
                ),
            ));
        }
    }
    if pages.iter().all(|p| p.glyphs.is_empty()) {
        return Err(fail(
            None,
            "it has no text layer (a scanned image?): OCR it first (e.g. `ocrmypdf in.pdf out.pdf`) \
             and read the result"
                .to_owned(),
        ));
    }
    Ok(pages)
}

/// The document information's /Producer, or "".
fn producer(doc: &pdf_extract::Document) -> String {
    doc.trailer
        .get(b"Info")
        .and_then(|o| match o {
            pdf_extract::Object::Reference(id) => doc.get_dictionary(*id),
            pdf_extract::Object::Dictionary(d) => Ok(d),
            _ => Err(pdf_extract::Error::DictKey("Info".to_owned())),
        })
        .and_then(|info| info.get(b"Producer"))
        .and_then(pdf_extract::Object::as_str)
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .unwrap_or_default()
}

/// Rewrites painting operators pdf-extract does not act on into ones it does.
///
/// pdf-extract paints paths on `S`, `f` and `F` only; after `f*`, `B`, `b`, `s` (what
/// LibreOffice and Word fill and stroke cell borders and shading with) the path is
/// neither painted nor cleared, and is painted later with another path's colour. For
/// finding rules the difference between the fill rules does not matter, and a filled and
/// stroked box is its outline: `f*` → `f`, `B`/`B*` → `S`, `b`/`b*`/`s` → `h S`.
fn plain_paint_ops(doc: &mut pdf_extract::Document) {
    use pdf_extract::content::{Content, Operation};
    use pdf_extract::{Object, Stream};
    fn rewrite(bytes: &[u8]) -> Option<Vec<u8>> {
        let needs = |op: &str| matches!(op, "f*" | "B" | "B*" | "b" | "b*" | "s");
        let content = Content::decode(bytes).ok()?;
        if !content.operations.iter().any(|o| needs(&o.operator)) {
            return None;
        }
        let mut operations = Vec::with_capacity(content.operations.len());
        for op in content.operations {
            match op.operator.as_str() {
                "f*" => operations.push(Operation::new("f", vec![])),
                "B" | "B*" => operations.push(Operation::new("S", vec![])),
                "b" | "b*" | "s" => {
                    operations.push(Operation::new("h", vec![]));
                    operations.push(Operation::new("S", vec![]));
                }
                _ => operations.push(op),
            }
        }
        Content { operations }.encode().ok()
    }
    for (_, page_id) in doc.get_pages() {
        let Some(bytes) = doc.get_page_content(page_id).ok() else {
            continue;
        };
        let Some(new) = rewrite(&bytes) else {
            continue;
        };
        let id = doc.add_object(Stream::new(pdf_extract::Dictionary::new(), new));
        if let Ok(Object::Dictionary(page)) = doc.get_object_mut(page_id) {
            page.set("Contents", Object::Reference(id));
        }
    }
    for object in doc.objects.values_mut() {
        let Object::Stream(stream) = object else {
            continue;
        };
        let is_form = stream
            .dict
            .get(b"Subtype")
            .and_then(Object::as_name)
            .is_ok_and(|n| n == b"Form");
        if !is_form {
            continue;
        }
        if let Some(new) = stream.decompressed_content().ok().and_then(|b| rewrite(&b)) {
            stream.set_plain_content(new);
        }
    }
}

/// The device pdf-extract draws into: keeps characters and rules, page by page.
#[derive(Default)]
struct Collect {
    pages: Vec<Page>,
    /// Per page: characters whose font gave no text.
    undecoded: Vec<usize>,
    /// Page top in PDF user space, to flip y downwards.
    top: f64,
    left: f64,
    /// Written by Skia (Chromium's print to PDF): see [`unshare`].
    skia: bool,
    /// A space glyph came last.
    space: bool,
}

impl Collect {
    fn page(&mut self) -> &mut Page {
        if self.pages.is_empty() {
            self.pages.push(Page::default());
            self.undecoded.push(0);
        }
        self.pages.last_mut().expect("a page was pushed")
    }

    /// A point of user space, in points from the page's top-left.
    fn flip(&self, ctm: &Transform, x: f64, y: f64) -> (f64, f64) {
        let px = ctm.m11 * x + ctm.m21 * y + ctm.m31;
        let py = ctm.m12 * x + ctm.m22 * y + ctm.m32;
        (px - self.left, self.top - py)
    }

    /// Keeps the axis-parallel thin parts of a path as rules.
    fn rules(&mut self, ctm: &Transform, color: &[f64], path: &pdf_extract::Path, stroked: bool) {
        // White on white is a background, not a border.
        if !color.is_empty() && color.len() != 4 && color.iter().all(|&c| c >= 0.95) {
            return;
        }
        let mut boxes: Vec<(f64, f64, f64, f64)> = Vec::new();
        let mut outline: Vec<(f64, f64)> = Vec::new();
        let mut segments: Vec<((f64, f64), (f64, f64))> = Vec::new();
        let mut last: Option<(f64, f64)> = None;
        let mut start: Option<(f64, f64)> = None;
        let close_outline = |outline: &mut Vec<(f64, f64)>, boxes: &mut Vec<_>| {
            if outline.len() >= 3 {
                let (x0, x1, y0, y1) = bounds(outline);
                boxes.push((x0, y0, x1, y1));
            }
            outline.clear();
        };
        for op in &path.ops {
            match *op {
                PathOp::Rect(x, y, w, h) => {
                    let a = self.flip(ctm, x, y);
                    let b = self.flip(ctm, x + w, y + h);
                    boxes.push((a.0.min(b.0), a.1.min(b.1), a.0.max(b.0), a.1.max(b.1)));
                }
                PathOp::MoveTo(x, y) => {
                    close_outline(&mut outline, &mut boxes);
                    let p = self.flip(ctm, x, y);
                    outline.push(p);
                    last = Some(p);
                    start = Some(p);
                }
                PathOp::LineTo(x, y) => {
                    let p = self.flip(ctm, x, y);
                    if let Some(l) = last {
                        segments.push((l, p));
                    }
                    outline.push(p);
                    last = Some(p);
                }
                PathOp::CurveTo(..) => {
                    // Curves are not borders; this subpath is not a thin box either.
                    outline.clear();
                    last = None;
                }
                PathOp::Close => {
                    if let (Some(l), Some(s)) = (last, start) {
                        segments.push((l, s));
                    }
                    close_outline(&mut outline, &mut boxes);
                    last = start;
                }
            }
        }
        close_outline(&mut outline, &mut boxes);
        let page = self.page();
        if stroked {
            for ((x0, y0), (x1, y1)) in segments {
                push_rule(page, x0.min(x1), y0.min(y1), x0.max(x1), y0.max(y1));
            }
            for (x0, y0, x1, y1) in boxes {
                // A stroked rectangle is four borders.
                push_rule(page, x0, y0, x1, y0);
                push_rule(page, x0, y1, x1, y1);
                push_rule(page, x0, y0, x0, y1);
                push_rule(page, x1, y0, x1, y1);
            }
        } else {
            for (x0, y0, x1, y1) in boxes {
                push_rule(page, x0, y0, x1, y1);
            }
        }
    }
}

/// The character an author typed, for glyphs a font shares between code points.
///
/// A CJK font draws 民 and the radical ⺠ (U+2EA0) with one glyph; a PDF writer that
/// builds the Unicode map from the font's cmap may name the glyph by either, and Skia
/// (Chromium) names it by the lowest code point, the radical. [`SHARED_GLYPHS`] turns
/// such names back into what a Japanese author types; other Kangxi radicals go through
/// NFKC. Skia also names the wave dash ～ (U+FF5E, what Japanese input methods type) by
/// 〜 (U+301C), both in JIS; that one is turned back for Skia's files only.
fn unshare(text: &str, skia: bool) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if let Ok(i) = SHARED_GLYPHS.binary_search_by(|(from, _)| from.cmp(&c)) {
            out.push(SHARED_GLYPHS[i].1);
        } else if ('\u{2F00}'..='\u{2FDF}').contains(&c) {
            out.extend(c.nfkc());
        } else if skia && c == '\u{301C}' {
            out.push('\u{FF5E}');
        } else {
            out.push(c);
        }
    }
    out
}

fn bounds(points: &[(f64, f64)]) -> (f64, f64, f64, f64) {
    points.iter().fold(
        (f64::MAX, f64::MIN, f64::MAX, f64::MIN),
        |(x0, x1, y0, y1), &(x, y)| (x0.min(x), x1.max(x), y0.min(y), y1.max(y)),
    )
}

/// Keeps a box as a rule when it is thin one way and long the other.
fn push_rule(page: &mut Page, x0: f64, y0: f64, x1: f64, y1: f64) {
    let (w, h) = (x1 - x0, y1 - y0);
    if !(w.is_finite() && h.is_finite()) {
        return;
    }
    if h <= RULE_THICKNESS && w >= RULE_MIN_LENGTH {
        page.horizontal.push(Rule {
            at: (y0 + y1) / 2.0,
            from: x0,
            to: x1,
        });
    } else if w <= RULE_THICKNESS && h >= RULE_MIN_LENGTH {
        page.vertical.push(Rule {
            at: (x0 + x1) / 2.0,
            from: y0,
            to: y1,
        });
    }
}

impl OutputDev for Collect {
    fn begin_page(
        &mut self,
        page_num: u32,
        media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> std::result::Result<(), OutputError> {
        self.top = media_box.ury;
        self.left = media_box.llx;
        self.pages.push(Page {
            number: page_num,
            width: media_box.urx - media_box.llx,
            height: media_box.ury - media_box.lly,
            ..Page::default()
        });
        self.undecoded.push(0);
        Ok(())
    }

    fn end_page(&mut self) -> std::result::Result<(), OutputError> {
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        spacing: f64,
        font_size: f64,
        text: &str,
    ) -> std::result::Result<(), OutputError> {
        let (x, baseline) = (trm.m31 - self.left, self.top - trm.m32);
        // The text matrix scales the font size; its vertical scale is the drawn size.
        let scale = (trm.m21 * trm.m21 + trm.m22 * trm.m22).sqrt();
        let size = (font_size * scale).abs();
        let advance =
            (width * font_size + spacing) * (trm.m11 * trm.m11 + trm.m12 * trm.m12).sqrt();
        if text.is_empty() {
            let last = self.undecoded.len() - 1;
            self.undecoded[last] += 1;
            return Ok(());
        }
        if text.chars().all(char::is_whitespace) {
            self.space = true;
            return Ok(());
        }
        if !x.is_finite() || !baseline.is_finite() {
            return Ok(());
        }
        let space_before = std::mem::take(&mut self.space);
        let text = unshare(text, self.skia);
        self.page().glyphs.push(Glyph {
            space_before,
            text,
            x,
            right: x + advance.max(0.0),
            baseline,
            size: if size > 0.0 { size } else { 10.0 },
        });
        Ok(())
    }

    fn begin_word(&mut self) -> std::result::Result<(), OutputError> {
        Ok(())
    }

    fn end_word(&mut self) -> std::result::Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> std::result::Result<(), OutputError> {
        Ok(())
    }

    fn stroke(
        &mut self,
        ctm: &Transform,
        _colorspace: &ColorSpace,
        color: &[f64],
        path: &pdf_extract::Path,
    ) -> std::result::Result<(), OutputError> {
        self.rules(ctm, color, path, true);
        Ok(())
    }

    fn fill(
        &mut self,
        ctm: &Transform,
        _colorspace: &ColorSpace,
        color: &[f64],
        path: &pdf_extract::Path,
    ) -> std::result::Result<(), OutputError> {
        self.rules(ctm, color, path, false);
        Ok(())
    }
}
