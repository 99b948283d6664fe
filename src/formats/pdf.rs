//! PDF: the text layer, in reading order, as an article.
//!
//! Two stages. [`glyphs`] runs the content streams through `pdf-extract` (over `lopdf`) with an
//! output device of its own that keeps every glyph's place and size — no extractor keeps
//! superscripts apart or says where columns are, and positions tell both. [`article`] is pure
//! and works on those glyphs alone: lines (a raised, smaller glyph joins the line it rises
//! from and is marked a superscript), segments (a line cut where a gutter crosses it), columns
//! and reading order (the segments of each band of a page left column first), running heads and
//! page numbers (what recurs at the same height on many pages), paragraphs (by spacing,
//! indentation and where lines end), headings (by size, or a short line that names a section),
//! then words mended (ligatures, a hyphen at a line's end joined when the parts are no words
//! of their own). The blocks go through the builder every reader shares, so references,
//! citations, glossary and figures are read as in any article.
//!
//! The layout rules are written here: no maintained crate lays out a PDF's glyphs.

use super::builder::{self, BlockBuilder, Cite};
use super::byline;
use super::words::{self, join_line, joint, Joint, Vocabulary};
use crate::model::{Article, BlockKind, Diagnostic, FrontMatter, Style};
use std::collections::HashMap;

/// One glyph as the page shows it: `y` is the baseline, measured down from the page's top.
/// Handed over from the PDF reading process as an array of four whole numbers, the bits of
/// its four measures, and the text (`[1116995584,1126498304,1092616192,1082130432,"A"]`): a
/// paper is tens of thousands of glyphs, whole numbers are written and read in a fraction of
/// the time decimals take, and the bits hand each measure over exactly (the layout is the
/// same on either side of the process).
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
#[serde(from = "WireGlyph")]
pub struct Glyph {
    pub x: f32,
    pub y: f32,
    /// The font size as drawn (points).
    pub size: f32,
    /// The advance, in points.
    pub width: f32,
    pub text: String,
}

/// A [`Glyph`] as handed over: `x`, `y`, `size` and `width` as their bits.
type WireGlyph = (u32, u32, u32, u32, String);

impl From<WireGlyph> for Glyph {
    fn from((x, y, size, width, text): WireGlyph) -> Glyph {
        Glyph {
            x: f32::from_bits(x),
            y: f32::from_bits(y),
            size: f32::from_bits(size),
            width: f32::from_bits(width),
            text,
        }
    }
}

impl serde::Serialize for Glyph {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        (
            self.x.to_bits(),
            self.y.to_bits(),
            self.size.to_bits(),
            self.width.to_bits(),
            &self.text,
        )
            .serialize(s)
    }
}

/// A page's size and its glyphs, in the order the content stream drew them.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Page {
    pub width: f32,
    pub height: f32,
    pub glyphs: Vec<Glyph>,
    /// Glyphs drawn in a font that maps them to no text (no Unicode map, no known glyph
    /// name): counted, not shown.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub unmapped: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// Why a PDF gives no article.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PdfError {
    #[error("not a readable PDF ({0})")]
    Malformed(String),
    #[error("encrypted, with a password that is not empty")]
    Encrypted,
    #[error("no text layer (a scanned PDF? scholion does no OCR)")]
    NoText,
    #[error("{0} pages, more than the {MAX_PAGES} read")]
    TooManyPages(usize),
    #[error("more than {MAX_GLYPHS} characters of text")]
    TooMuchText,
    #[error("its fonts map none of its {0} characters to text (no Unicode map; nothing to show)")]
    NoUnicode(usize),
    #[error("a compressed stream inflates past {} MB (a decompression bomb?)", MAX_INFLATED >> 20)]
    Bomb,
    /// No program to read PDFs with ([`crate::load`] runs one beside scholion).
    #[error("no PDF reader: `scholion-pdf` is not installed beside scholion (`cargo build --release` or `cargo install` builds both)")]
    NoReader,
    /// What the process that read the file said of it (one of the above, as text).
    #[error("{0}")]
    Refused(String),
    /// The reader stopped on the file (it ran out of time or memory, or failed): what the
    /// process that read it said, or how it ended.
    #[error("the PDF reader stopped on this file ({0})")]
    Stopped(String),
}

/// Pages as the process that reads a PDF hands them over.
pub fn to_wire(pages: &[Page]) -> String {
    serde_json::to_string(pages).unwrap_or_default()
}

/// Pages from [`to_wire`]'s text.
pub fn from_wire(text: &str) -> Result<Vec<Page>, PdfError> {
    serde_json::from_str(text).map_err(|e| PdfError::Stopped(format!("unreadable output: {e}")))
}

/// The most pages read.
pub const MAX_PAGES: usize = 2_000;
/// The most glyphs kept: about a thousand pages of dense text, and at most about 400 MB
/// of glyphs handed over ([`MAX_WIRE_BYTES`]).
pub const MAX_GLYPHS: usize = 4_000_000;

/// The most bytes of glyphs the reader takes from the PDF reading process.
pub const MAX_WIRE_BYTES: u64 = MAX_GLYPHS as u64 * 100;

/// The article in a PDF's bytes.
pub fn read(name: &str, bytes: &[u8]) -> Result<Article, PdfError> {
    let pages = glyphs(bytes)?;
    Ok(article(name, &pages))
}

/// Every page's glyphs.
pub fn glyphs(bytes: &[u8]) -> Result<Vec<Page>, PdfError> {
    glyphs_of(bytes, None, false)
}

/// The glyphs of the first `pages` pages, for a first screen while the rest is read.
pub fn first_glyphs(bytes: &[u8], pages: usize) -> Result<Vec<Page>, PdfError> {
    glyphs_of(bytes, Some(pages), false)
}

/// Every page's glyphs, from content streams cut down to their text (see [`text_only`]): for
/// a PDF whose whole streams the parser failed on.
pub fn repaired_glyphs(bytes: &[u8]) -> Result<Vec<Page>, PdfError> {
    glyphs_of(bytes, None, true)
}

fn glyphs_of(bytes: &[u8], first: Option<usize>, repair: bool) -> Result<Vec<Page>, PdfError> {
    let mut doc = pdf_extract::Document::load_mem(bytes)
        .map_err(|e| PdfError::Malformed(crate::sanitize::one_line(&e.to_string()).into()))?;
    // The parser opens a PDF whose user password is empty as it loads it (and keeps how);
    // one it could not open is still marked encrypted.
    if doc.is_encrypted() && doc.encryption_state.is_none() && doc.decrypt("").is_err() {
        return Err(PdfError::Encrypted);
    }
    let all = doc.get_pages();
    if all.len() > MAX_PAGES {
        return Err(PdfError::TooManyPages(all.len()));
    }
    check_inflation(&doc)?;
    settle_fonts(&mut doc);
    own_font_names(&mut doc);
    no_image_data(&mut doc);
    if repair {
        text_only(&mut doc);
    }
    let numbers: Vec<u32> = all.into_keys().take(first.unwrap_or(usize::MAX)).collect();
    let (pages, count) = draw_pages(&doc, &numbers)?;
    let unmapped: usize = pages.iter().map(|p| p.unmapped).sum();
    if count == unmapped {
        return Err(if unmapped == 0 {
            PdfError::NoText
        } else {
            PdfError::NoUnicode(unmapped)
        });
    }
    Ok(pages)
}

/// The glyphs of the pages numbered `numbers` (in order), and how many were drawn: the pages
/// shared among two threads (every other page each; the parser builds each page's fonts on its
/// own, so pages are independent), put back in order.
fn draw_pages(
    doc: &pdf_extract::Document,
    numbers: &[u32],
) -> Result<(Vec<Page>, usize), PdfError> {
    let total = std::sync::atomic::AtomicUsize::new(0);
    let workers = numbers.len().clamp(1, 2);
    let results: Vec<Result<Vec<(usize, Page)>, PdfError>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|w| {
                let total = &total;
                scope.spawn(move || {
                    let mut sink = Sink {
                        pages: Vec::new(),
                        origin: (0.0, 0.0, 0.0),
                        total,
                        over: false,
                    };
                    let mut out = Vec::new();
                    for (i, &n) in numbers.iter().enumerate().skip(w).step_by(workers) {
                        let done = pdf_extract::output_doc_page(doc, &mut sink, n);
                        if sink.over {
                            return Err(PdfError::TooMuchText);
                        }
                        done.map_err(|e| {
                            PdfError::Malformed(crate::sanitize::one_line(&e.to_string()).into())
                        })?;
                        if let Some(page) = sink.pages.pop() {
                            out.push((i, page));
                        }
                    }
                    Ok(out)
                })
            })
            .collect();
        handles
            .into_iter()
            // A page the parser fails on fails the whole process, as it would on one thread:
            // the reader then tries the file again cut down to its text.
            .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    let mut pages: Vec<(usize, Page)> = Vec::with_capacity(numbers.len());
    for r in results {
        pages.extend(r?);
    }
    pages.sort_by_key(|(i, _)| *i);
    let count = total.load(std::sync::atomic::Ordering::Relaxed);
    Ok((pages.into_iter().map(|(_, p)| p).collect(), count))
}

/// Whether `dict`'s `key` is the name `value` (`/Subtype /Image`).
fn has_name(dict: &pdf_extract::Dictionary, key: &[u8], value: &[u8]) -> bool {
    dict.get(key)
        .is_ok_and(|o| o.as_name().is_ok_and(|n| n == value))
}

/// `o`, or the object it refers to, owned.
fn resolved(doc: &pdf_extract::Document, o: &pdf_extract::Object) -> Option<pdf_extract::Object> {
    match o {
        pdf_extract::Object::Reference(id) => doc.get_object(*id).ok().cloned(),
        o => Some(o.clone()),
    }
}

/// The forms of `doc` (`/Subtype /Form`: content a page draws with `Do`).
fn forms(doc: &pdf_extract::Document) -> Vec<pdf_extract::ObjectId> {
    doc.objects
        .iter()
        .filter_map(|(&id, o)| match o {
            pdf_extract::Object::Stream(s) if has_name(&s.dict, b"Subtype", b"Form") => Some(id),
            _ => None,
        })
        .collect()
}

/// A stream's content, inflated where it is compressed (as it is, where it cannot be).
fn content_of(stream: &pdf_extract::Stream) -> Vec<u8> {
    stream
        .decompressed_content()
        .unwrap_or_else(|_| stream.content.clone())
}

/// Empty every image's data. The parser runs whatever an XObject holds as a content stream
/// when a page draws it (`Do`), an image's pixels too: time spent inflating them, and
/// operators made of pixels that it may fail on (a BMJ Open PDF's did). An image holds no text.
fn no_image_data(doc: &mut pdf_extract::Document) {
    for object in doc.objects.values_mut() {
        if let pdf_extract::Object::Stream(stream) = object {
            if has_name(&stream.dict, b"Subtype", b"Image") {
                stream.set_plain_content(Vec::new());
            }
        }
    }
}

/// Cut every page's and form's content stream down to what draws text, each operator with
/// operands of the kinds it takes: text objects, text state and positioning, the graphics
/// state stack and matrix, and forms drawn (`Do`). Paths, colours, images and marked content
/// are no part of the text, and a malformed one (a curve with too few numbers) is what the
/// parser fails on.
fn text_only(doc: &mut pdf_extract::Document) {
    use pdf_extract::content::{Content, Operation};
    use pdf_extract::Object;
    let num = |o: &Object| matches!(o, Object::Integer(_) | Object::Real(_));
    let string = |o: &Object| matches!(o, Object::String(..));
    let keep = |op: &Operation| {
        let a = &op.operands;
        match op.operator.as_str() {
            "BT" | "ET" | "q" | "Q" | "T*" => a.is_empty(),
            "Tc" | "Tw" | "Tz" | "TL" | "Ts" | "Tr" => a.len() == 1 && num(&a[0]),
            "Td" | "TD" => a.len() == 2 && a.iter().all(num),
            "Tm" | "cm" => a.len() == 6 && a.iter().all(num),
            "Tf" => a.len() == 2 && a[0].as_name().is_ok() && num(&a[1]),
            "Tj" | "'" => a.len() == 1 && string(&a[0]),
            "\"" => a.len() == 3 && num(&a[0]) && num(&a[1]) && string(&a[2]),
            "TJ" => {
                a.len() == 1
                    && a[0]
                        .as_array()
                        .is_ok_and(|items| items.iter().all(|i| num(i) || string(i)))
            }
            "Do" => a.len() == 1 && a[0].as_name().is_ok(),
            _ => false,
        }
    };
    let mut streams: Vec<pdf_extract::ObjectId> = doc
        .get_pages()
        .into_values()
        .flat_map(|page| doc.get_page_contents(page))
        .collect();
    streams.extend(forms(doc));
    for id in streams {
        let Ok(Object::Stream(stream)) = doc.get_object_mut(id) else {
            continue;
        };
        let bytes = content_of(stream);
        let operations = Content::decode(&bytes)
            .map(|c| c.operations)
            .unwrap_or_default();
        let kept = Content {
            operations: operations
                .into_iter()
                .filter(|op| keep(op))
                .collect::<Vec<_>>(),
        };
        stream.set_plain_content(kept.encode().unwrap_or_default());
    }
}

/// The simple fonts' encodings settled once for the whole document, before any page is
/// drawn (the PDF reader builds every font again for every page it draws):
///
/// - A Type 1 font embedded as CFF (`FontFile3`, `Type1C`) whose dictionary names its encoding
///   (`/WinAnsiEncoding`, or differences over a base encoding) and gives no Unicode map is read,
///   by the PDF reader, through the CFF's built-in encoding, which subset fonts garble (BMC's and
///   Springer's digits and punctuation came out as letters); the PDF specification says the
///   declared encoding wins, so the program is left out.
/// - A Type 1 font embedding its Type 1 program (`FontFile`) has the reader parse the whole
///   program, on every page, for the built-in encoding its clear-text part sets (two thirds of
///   the time on a paper set in such fonts), and stops the process on a program it cannot
///   parse, even where the font declares its own encoding and the program's goes unused. The
///   built-in encoding is read here once, from the clear-text part alone
///   ([`builtin_encoding`]), and written into the font as the differences it makes over the
///   reader's default table (as the reader applies the program's); the program is left out.
///
/// Text extraction needs no glyph shapes, so no program is missed. A font named FontAwesome
/// keeps its program: the reader treats that family's glyph names apart.
fn settle_fonts(doc: &mut pdf_extract::Document) {
    use pdf_extract::{Dictionary, Object};
    // Per font: its descriptor without the program, and the encoding to write, if any.
    let mut settled: Vec<(pdf_extract::ObjectId, Dictionary, Option<Object>)> = Vec::new();
    for (&id, object) in &doc.objects {
        let Ok(font) = object.as_dict() else {
            continue;
        };
        if !has_name(font, b"Type", b"Font") || !has_name(font, b"Subtype", b"Type1") {
            continue;
        }
        let Some(Object::Dictionary(descriptor)) = font
            .get(b"FontDescriptor")
            .ok()
            .and_then(|d| resolved(doc, d))
        else {
            continue;
        };
        let encoding = font.get(b"Encoding").ok().and_then(|e| resolved(doc, e));
        let stream = |key: &[u8]| match descriptor.get(key).ok().and_then(|f| resolved(doc, f)) {
            Some(Object::Stream(s)) => Some(s),
            _ => None,
        };
        if let Some(program) = stream(b"FontFile") {
            let awesome = font
                .get(b"BaseFont")
                .and_then(Object::as_name)
                .is_ok_and(|n| n.windows(11).any(|w| w == b"FontAwesome"));
            if awesome {
                continue;
            }
            let mut without = descriptor.clone();
            without.remove(b"FontFile");
            let written = match encoding {
                Some(_) => None,
                None => {
                    let clear = content_of(&program);
                    let mut differences = Vec::new();
                    for (code, name) in builtin_encoding(&clear) {
                        differences.push(Object::Integer(code.into()));
                        differences.push(Object::Name(name));
                    }
                    let mut table = Dictionary::new();
                    table.set("Differences", Object::Array(differences));
                    Some(Object::Dictionary(table))
                }
            };
            settled.push((id, without, written));
            continue;
        }
        let declared = match encoding {
            Some(Object::Name(_)) => true,
            Some(Object::Dictionary(d)) => d.has(b"BaseEncoding"),
            _ => false,
        };
        let compact =
            stream(b"FontFile3").is_some_and(|s| has_name(&s.dict, b"Subtype", b"Type1C"));
        if declared && compact && !font.has(b"ToUnicode") {
            let mut without = descriptor.clone();
            without.remove(b"FontFile3");
            settled.push((id, without, None));
        }
    }
    for (id, descriptor, encoding) in settled {
        if let Ok(Object::Dictionary(font)) = doc.get_object_mut(id) {
            font.set("FontDescriptor", Object::Dictionary(descriptor));
            if let Some(encoding) = encoding {
                font.set("Encoding", encoding);
            }
        }
    }
}

/// The built-in encoding a Type 1 font program's clear-text part sets (`/Encoding 256 array`
/// then `dup 65 /A put` for each code, up to `def`), as codes and glyph names; nothing for
/// `/Encoding StandardEncoding def` (the reader's default table stands) or a part it cannot
/// read. Written here, not taken from the parser the PDF reader uses: that one parses the
/// whole program, encrypted part and all, and stops the process on what it cannot parse; this
/// reads the clear text up to `eexec` and skips what is not an entry.
fn builtin_encoding(program: &[u8]) -> Vec<(u8, Vec<u8>)> {
    let clear = match program.windows(5).position(|w| w == b"eexec") {
        Some(end) => &program[..end],
        None => program,
    };
    // PostScript tokens: a name starts at `/`, and brackets and braces stand alone.
    let mut tokens: Vec<&[u8]> = Vec::new();
    let mut start = None;
    for (i, &b) in clear.iter().enumerate() {
        let alone = matches!(b, b'{' | b'}' | b'[' | b']');
        if b.is_ascii_whitespace() || alone || b == b'/' {
            if let Some(s) = start.take() {
                tokens.push(&clear[s..i]);
            }
        }
        if alone {
            tokens.push(&clear[i..=i]);
        } else if !b.is_ascii_whitespace() && start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        tokens.push(&clear[s..]);
    }
    let Some(at) = tokens.iter().position(|t| *t == b"/Encoding") else {
        return Vec::new();
    };
    let mut codes = Vec::new();
    for (i, token) in tokens.iter().enumerate().skip(at + 1) {
        if *token == b"def" {
            break;
        }
        if *token != b"put" || i < at + 3 {
            continue;
        }
        let code = std::str::from_utf8(tokens[i - 2])
            .ok()
            .and_then(|c| c.parse::<u8>().ok());
        let name = tokens[i - 1].strip_prefix(b"/");
        if let (Some(code), Some(name)) = (code, name) {
            if !name.is_empty() && name != b".notdef" {
                codes.push((code, name.to_vec()));
            }
        }
    }
    codes
}

/// Give every form (`/Subtype /Form`, a stream of content a page draws with `Do`) names of its
/// own for the fonts its resources name: the PDF reader keeps a page's fonts by their resource
/// name while it draws the page, forms included, so a side column drawn as a form whose `/F1`
/// is not the page's `/F1` was read in the page's font (the Lancet paper's margin came out
/// as glyphs stacked at one place). Each of the form's font names gets the form's object
/// number (`/F1` → `/F1.form27`), in its resources and in its `Tf` operators.
fn own_font_names(doc: &mut pdf_extract::Document) {
    use pdf_extract::content::Content;
    use pdf_extract::{Dictionary, Object};
    for id in forms(doc) {
        let dictionary = |o: &Object| match resolved(doc, o) {
            Some(Object::Dictionary(d)) => Some(d),
            _ => None,
        };
        let Ok(Object::Stream(form)) = doc.get_object(id) else {
            continue;
        };
        let Some(mut resources) = form.dict.get(b"Resources").ok().and_then(dictionary) else {
            continue;
        };
        let Some(fonts) = resources.get(b"Font").ok().and_then(dictionary) else {
            continue;
        };
        let own = |name: &[u8]| [name, format!(".form{}", id.0).as_bytes()].concat();
        let mut renamed = Dictionary::new();
        for (name, font) in fonts.iter() {
            renamed.set(own(name), font.clone());
        }
        resources.set("Font", Object::Dictionary(renamed));
        let Ok(mut content) = Content::decode(&content_of(form)) else {
            continue;
        };
        for op in &mut content.operations {
            if op.operator == "Tf" {
                match op.operands.first_mut() {
                    Some(Object::Name(name)) if fonts.has(name) => *name = own(name),
                    _ => {}
                }
            }
        }
        let Ok(encoded) = content.encode() else {
            continue;
        };
        if let Ok(Object::Stream(form)) = doc.get_object_mut(id) {
            form.dict.set("Resources", Object::Dictionary(resources));
            form.set_plain_content(encoded);
        }
    }
}

/// The most bytes the compressed streams the text is drawn from (everything but images) may
/// inflate to, together: a paper's are a few megabytes, a large embedded font tens.
pub const MAX_INFLATED: u64 = 512 << 20;

/// Refuse a PDF whose Flate streams (but images, which the text reader does not open) inflate
/// past [`MAX_INFLATED`], before the PDF reader inflates any of them whole into memory. Each
/// is inflated into nothing, counting, and stopped at the cap.
fn check_inflation(doc: &pdf_extract::Document) -> Result<(), PdfError> {
    use std::io::Read;
    let mut left = MAX_INFLATED;
    for object in doc.objects.values() {
        let pdf_extract::Object::Stream(stream) = object else {
            continue;
        };
        let flate = match stream.dict.get(b"Filter") {
            Ok(pdf_extract::Object::Name(n)) => n == b"FlateDecode",
            Ok(pdf_extract::Object::Array(a)) => a
                .iter()
                .any(|o| o.as_name().is_ok_and(|n| n == b"FlateDecode")),
            _ => false,
        };
        if !flate || has_name(&stream.dict, b"Subtype", b"Image") {
            continue;
        }
        let mut inflater = flate2::read::ZlibDecoder::new(stream.content.as_slice()).take(left + 1);
        let n = std::io::copy(&mut inflater, &mut std::io::sink()).unwrap_or(0);
        if n > left {
            return Err(PdfError::Bomb);
        }
        left -= n;
    }
    Ok(())
}

/// The output device: glyphs, page by page.
struct Sink<'a> {
    pages: Vec<Page>,
    /// The page's lower-left corner and height, to measure from its top.
    origin: (f64, f64, f64),
    /// Glyphs drawn, on every thread.
    total: &'a std::sync::atomic::AtomicUsize,
    over: bool,
}

impl pdf_extract::OutputDev for Sink<'_> {
    fn begin_page(
        &mut self,
        _page_num: u32,
        media_box: &pdf_extract::MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), pdf_extract::OutputError> {
        let (w, h) = (media_box.urx - media_box.llx, media_box.ury - media_box.lly);
        self.origin = (media_box.llx, media_box.lly, h);
        self.pages.push(Page {
            width: w as f32,
            height: h as f32,
            ..Page::default()
        });
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), pdf_extract::OutputError> {
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &pdf_extract::Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        text: &str,
    ) -> Result<(), pdf_extract::OutputError> {
        // Turned text (a margin's `Downloaded from`, a rotated table) is no part of the body.
        if trm.m12.abs() > 1e-3 || trm.m21.abs() > 1e-3 || trm.m11 <= 0.0 {
            return Ok(());
        }
        let count = self
            .total
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            + 1;
        if count > MAX_GLYPHS {
            self.over = true;
            return Err(pdf_extract::OutputError::FormatError(std::fmt::Error));
        }
        let (llx, lly, h) = self.origin;
        let size = (font_size * trm.m11 * font_size * trm.m22).abs().sqrt();
        if text.is_empty() || text.chars().all(|c| c == '\0' || c == '\u{FFFD}') {
            if let Some(page) = self.pages.last_mut() {
                page.unmapped += 1;
            }
            return Ok(());
        }
        if let Some(page) = self.pages.last_mut() {
            page.glyphs.push(Glyph {
                x: (trm.m31 - llx) as f32,
                y: (h - (trm.m32 - lly)) as f32,
                size: size as f32,
                width: (width * font_size * trm.m11) as f32,
                text: text.to_string(),
            });
        }
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), pdf_extract::OutputError> {
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), pdf_extract::OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), pdf_extract::OutputError> {
        Ok(())
    }
}

/// A run of text on one line of a page, between gutters.
#[derive(Debug, Clone)]
struct Segment {
    page: usize,
    x0: f32,
    x1: f32,
    /// The main baseline.
    y: f32,
    /// The main font size.
    size: f32,
    /// Where the column it stands in starts (its page's left edge when it crosses columns).
    col_x: f32,
    /// Text, with superscripts as `\u{1}…\u{2}` until they are written out.
    text: String,
}

const SUP_OPEN: char = '\u{1}';
const SUP_CLOSE: char = '\u{2}';

/// The size most of `sized` (size, weight) is set in, sizes taken in steps of `1 / per_point`
/// (the larger of two as common); `None` for nothing.
fn most_common_size(sized: impl Iterator<Item = (f32, usize)>, per_point: f32) -> Option<f32> {
    let mut counts: HashMap<u32, usize> = HashMap::new();
    for (size, weight) in sized {
        *counts.entry((size * per_point).round() as u32).or_default() += weight;
    }
    counts
        .into_iter()
        .max_by_key(|&(size, n)| (n, size))
        .map(|(s, _)| s as f32 / per_point)
}

/// The size most of the text is set in (by glyphs, in half points): the body's.
fn body_size(pages: &[Page]) -> f32 {
    let glyphs = pages.iter().flat_map(|p| &p.glyphs);
    most_common_size(glyphs.map(|g| (g.size, 1)), 2.0).unwrap_or(10.0)
}

/// The lines of a page, each cut into segments at gutters.
fn segments(page_index: usize, page: &Page, body: f32) -> Vec<Segment> {
    let mut glyphs: Vec<&Glyph> = page
        .glyphs
        .iter()
        .filter(|g| g.size > 0.5 && g.x.is_finite() && g.y.is_finite())
        .collect();
    glyphs.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)));
    // Lines: a glyph joins the line whose height it overlaps most; a raised small glyph joins
    // the line it rises from.
    struct Line<'g> {
        top: f32,
        bottom: f32,
        glyphs: Vec<&'g Glyph>,
    }
    let mut lines: Vec<Line> = Vec::new();
    for g in glyphs {
        let (top, bottom) = (g.y - 0.7 * g.size, g.y);
        let found = lines.iter_mut().rev().take(4).find(|l| {
            let overlap = l.bottom.min(bottom) - l.top.max(top);
            overlap > 0.3 * (bottom - top).min(l.bottom - l.top)
        });
        match found {
            Some(l) => {
                l.top = l.top.min(top);
                l.bottom = l.bottom.max(bottom);
                l.glyphs.push(g);
            }
            None => lines.push(Line {
                top,
                bottom,
                glyphs: vec![g],
            }),
        }
    }
    for line in &mut lines {
        line.glyphs.sort_by(|a, b| a.x.total_cmp(&b.x));
    }
    let gutters = gutters(
        &lines.iter().map(|l| &l.glyphs[..]).collect::<Vec<_>>(),
        body,
    );
    let mut out = Vec::new();
    for line in lines {
        // Cut at gaps wider than a gutter, or across one that many lines share.
        let mut start = 0;
        for i in 1..=line.glyphs.len() {
            let cut = i == line.glyphs.len() || {
                let (a, b) = (line.glyphs[i - 1], line.glyphs[i]);
                let gap = b.x - (a.x + a.width);
                let (small, large) = (a.size.min(b.size), a.size.max(b.size));
                // A gutter; or a narrower gap where the size changes, as at a side column
                // set smaller (a superscript follows its word closely).
                gap > 1.5 * large.max(body * 0.8)
                    || (gap > 0.7 * small && large > 1.15 * small)
                    || (gap > 0.8 * body
                        && a.x + a.width - line.glyphs[start].x > 6.0 * body
                        && in_gutter(&gutters, a.x + a.width, b.x))
            };
            if cut {
                if let Some(s) = segment(page_index, &line.glyphs[start..i]) {
                    out.push(s);
                }
                start = i;
            }
        }
    }
    out
}

/// The width of a bin of [`gutters`], in points.
const GUTTER_BIN: f32 = 2.0;

/// Where a page's gutters are, as bins of [`GUTTER_BIN`] points: the places that gaps wider
/// than a word space, with text on both sides, cross on many lines (a quarter of the lines
/// that have such a gap, and at least five). A gutter narrower than [`segments`]'s own
/// threshold (BMC's is 14 points beside 10-point text) is found so, where a wide space of one
/// justified line is not.
fn gutters(lines: &[&[&Glyph]], body: f32) -> Vec<bool> {
    let mut counts: Vec<u32> = Vec::new();
    let mut with_gaps = 0u32;
    for glyphs in lines {
        let (Some(first), Some(last)) = (glyphs.first(), glyphs.last()) else {
            continue;
        };
        let end = last.x + last.width;
        // The gaps wider than a word space; each is counted when the text on both sides of it,
        // up to the next such gap, is wider than an entry's number or a list's bullet.
        let wide: Vec<(f32, f32)> = glyphs
            .windows(2)
            .map(|w| (w[0].x + w[0].width, w[1].x))
            .filter(|(from, to)| to - from > 0.8 * body)
            .collect();
        let mut any = false;
        for (k, &(from, to)) in wide.iter().enumerate() {
            let left = from - k.checked_sub(1).map_or(first.x, |j| wide[j].1);
            let right = wide.get(k + 1).map_or(end, |next| next.0) - to;
            let between = left > 6.0 * body && right > 6.0 * body;
            if between && from >= 0.0 && from.is_finite() && to.is_finite() {
                any = true;
                let (lo, hi) = ((from / GUTTER_BIN) as usize, (to / GUTTER_BIN) as usize);
                let hi = hi.min(1 << 16);
                if hi >= counts.len() {
                    counts.resize(hi + 1, 0);
                }
                for c in counts.iter_mut().take(hi + 1).skip(lo.saturating_add(1)) {
                    *c += 1;
                }
            }
        }
        with_gaps += u32::from(any);
    }
    let enough = (with_gaps / 4).max(5);
    counts.into_iter().map(|c| c >= enough).collect()
}

/// Whether the gap from `from` to `to` crosses a gutter bin.
fn in_gutter(gutters: &[bool], from: f32, to: f32) -> bool {
    if !(from.is_finite() && to.is_finite()) {
        return false;
    }
    let (lo, hi) = ((from / GUTTER_BIN) as usize, (to / GUTTER_BIN) as usize);
    (lo.saturating_add(1)..hi.min(gutters.len())).any(|b| gutters[b])
}

/// One segment's text from its glyphs (in x order): spaces where the gaps are, superscripts
/// marked.
fn segment(page: usize, glyphs: &[&Glyph]) -> Option<Segment> {
    // The main size and baseline: those of most of its characters (in quarter points).
    let size = most_common_size(glyphs.iter().map(|g| (g.size, g.text.chars().count())), 4.0)?;
    let y = glyphs
        .iter()
        .filter(|g| (g.size - size).abs() < 0.15 * size)
        .map(|g| g.y)
        .fold(f32::MIN, f32::max);
    let mut text = String::new();
    let mut end = f32::MIN;
    let mut sup = false;
    for g in glyphs {
        let raised = g.size < 0.85 * size && g.y < y - 0.2 * size;
        if g.text.trim().is_empty() {
            // A space ends a superscript: it is the text's, not the mark's.
            if sup {
                text.push(SUP_CLOSE);
                sup = false;
            }
            if !text.ends_with(' ') && !text.is_empty() {
                text.push(' ');
            }
            end = g.x + g.width;
            continue;
        }
        let gap = end > f32::MIN && g.x - end > 0.12 * g.size.max(size * 0.8);
        if raised && !sup {
            // A mark set a word space after a word starts a word of its own (`of ¹³C`).
            if gap && !text.ends_with(' ') {
                text.push(' ');
            }
            text.push(SUP_OPEN);
            sup = true;
        } else {
            if !raised && sup {
                text.push(SUP_CLOSE);
                sup = false;
            }
            if gap && !text.ends_with([' ', SUP_OPEN]) {
                text.push(' ');
            }
        }
        // Shown as the reader shows them: a control character a font maps a glyph to (PLOS
        // ONE 2014's © is U+0002) as its picture, so none is taken for a superscript's mark.
        text.push_str(&crate::sanitize::prose(&g.text));
        end = g.x + g.width;
    }
    if sup {
        text.push(SUP_CLOSE);
    }
    let text = text.trim().to_string();
    if text.is_empty() {
        return None;
    }
    Some(Segment {
        page,
        x0: glyphs.first()?.x,
        x1: end,
        y,
        size,
        col_x: glyphs.first()?.x,
        text,
    })
}

/// Where a page's columns start: the left edges many lines share (a tenth of the page's
/// lines, from three to six), more than an indent apart (a line outdented by its entry's
/// number, or indented as a paragraph's first, stays in its column).
fn column_starts(segs: &[Segment], body: f32) -> Vec<f32> {
    let mut xs: Vec<f32> = segs
        .iter()
        .filter(|s| s.text.chars().count() >= 12)
        .map(|s| s.x0)
        .collect();
    xs.sort_by(f32::total_cmp);
    let enough = (xs.len() / 10).clamp(3, 6);
    let mut starts: Vec<f32> = Vec::new();
    let mut k = 0;
    while k < xs.len() {
        let run = xs[k..].iter().take_while(|&&x| x - xs[k] <= body).count();
        if run >= enough && starts.last().is_none_or(|&last| xs[k] - last > 4.0 * body) {
            starts.push(xs[k]);
        }
        k += run.max(1);
    }
    if starts.is_empty() {
        starts.push(xs.first().copied().unwrap_or(0.0));
    }
    starts
}

/// A page's segments in reading order: down the page in bands; in a band (between two
/// segments that cross a gutter, or strips of white across the page), column after column.
fn reading_order(mut segs: Vec<Segment>, body: f32) -> Vec<Segment> {
    segs.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x0.total_cmp(&b.x0)));
    let starts = column_starts(&segs, body);
    let mut out = Vec::with_capacity(segs.len());
    let mut band: Vec<Vec<Segment>> = vec![Vec::new(); starts.len()];
    let mut above: Option<(f32, f32)> = None;
    for s in segs {
        // A strip of white across every column (nothing anywhere on the page between two
        // baselines more than three and a half lines of their size apart) ends the band: what
        // is below it (a reference list set after the body, the text under a figure as wide as
        // the page) is read after everything above it.
        if above.is_some_and(|(y, size): (f32, f32)| s.y - y > 3.5 * body.max(size).max(s.size)) {
            out.extend(band.iter_mut().flat_map(std::mem::take));
        }
        above = Some((s.y, s.size));
        let col = starts
            .iter()
            .rposition(|&x| x <= s.x0 + 2.0 * body)
            .unwrap_or(0);
        let crosses = starts.get(col + 1).is_some_and(|&next| s.x1 > next + body);
        let mut s = s;
        s.col_x = starts[col];
        if crosses {
            out.extend(band.iter_mut().flat_map(std::mem::take));
            out.push(s);
        } else {
            band[col].push(s);
        }
    }
    out.extend(band.into_iter().flatten());
    out
}

/// What is the same at the top or bottom of many pages: running heads, footers, page numbers.
fn furniture(pages: &[Vec<Segment>], heights: &[f32]) -> Vec<Vec<bool>> {
    let key = |s: &Segment| -> String {
        s.text
            .chars()
            .filter(|c| !c.is_ascii_digit() && !c.is_whitespace())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let margin = |s: &Segment, h: f32| s.y < h * 0.09 || s.y > h * 0.92;
    // Per page, the key of each segment in its margins.
    let keys: Vec<Vec<Option<String>>> = pages
        .iter()
        .zip(heights)
        .map(|(segs, &h)| segs.iter().map(|s| margin(s, h).then(|| key(s))).collect())
        .collect();
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for page in &keys {
        let mut distinct: Vec<&str> = page.iter().flatten().map(String::as_str).collect();
        distinct.sort_unstable();
        distinct.dedup();
        for k in distinct {
            *seen.entry(k).or_default() += 1;
        }
    }
    let often = (pages.len() / 3).max(2);
    pages
        .iter()
        .zip(&keys)
        .map(|(segs, page)| {
            segs.iter()
                .zip(page)
                .map(|(s, k)| {
                    k.as_deref().is_some_and(|k| {
                        seen.get(k).is_some_and(|&n| n >= often)
                            || s.text.chars().all(|c| c.is_ascii_digit() || c == ' ')
                    })
                })
                .collect()
        })
        .collect()
}

/// Section names a heading set in the body's size may have.
const SECTION_NAMES: &[&str] = &[
    "abstract",
    "background",
    "introduction",
    "methods",
    "materials and methods",
    "methods and materials",
    "results",
    "discussion",
    "results and discussion",
    "conclusion",
    "conclusions",
    "acknowledgements",
    "acknowledgments",
    "references",
    "bibliography",
    "literature cited",
    "funding",
    "author contributions",
    "competing interests",
    "abbreviations",
    "supporting information",
    "keywords",
];

/// Whether a line in the body's size is a heading: a known section name, maybe numbered, or
/// an appendix's title (`Appendix B`, `A Appendix A - Baseline Details`).
pub(super) fn names_a_section(text: &str) -> bool {
    let t = text
        .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ' ')
        .trim_end_matches([':', '.'])
        .to_lowercase();
    // A letter that numbers the appendix before its name.
    let appendix = match t.split_once(' ') {
        Some((label, rest)) if label.chars().count() == 1 => rest,
        _ => &t,
    };
    SECTION_NAMES.contains(&t.as_str())
        || (appendix.starts_with("appendix") && !appendix.ends_with(['.', ',', ';']))
}

/// The number of an entry written `12.`, `12)` or `12 ` at a line's start, and where its text
/// starts (`[12]` is read as a label of the paragraph's own).
pub(super) fn entry_number(text: &str) -> Option<(u32, usize)> {
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    let rest = &text[digits..];
    let label = rest.strip_prefix(['.', ')']).unwrap_or(rest);
    if digits == 0 || digits > 4 || !label.starts_with(' ') {
        return None;
    }
    let at = text.len() - label.trim_start().len();
    Some((text[..digits].parse().ok()?, at))
}

/// The labels of the links some journals print after each reference, which are no text of it.
const LINK_LABELS: &[&str] = &[
    "publisher full text",
    "reference source",
    "pubmed abstract",
    "free full text",
    "crossref",
    "pubmed",
    "google scholar",
    "web of science",
];

/// A line that starts with link labels and goes on with the next entry (`Publisher Full Text
/// Goldman KJ: Age and growth…`), as two: the labels, then the rest, which starts the entry.
fn split_link_labels(s: Segment) -> Vec<Segment> {
    if is_link_labels(&s.text) {
        return vec![s];
    }
    let mut at = 0;
    loop {
        let rest = &s.text[at..];
        let Some(label) = LINK_LABELS.iter().find(|l| {
            rest.get(..l.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(l))
                && rest[l.len()..].starts_with(' ')
        }) else {
            break;
        };
        at += label.len() + 1;
    }
    let rest = &s.text[at..];
    if at == 0 || !rest.starts_with(|c: char| c.is_uppercase()) || is_link_labels(rest) {
        return vec![s];
    }
    let mut rest = s.clone();
    rest.text = s.text[at..].to_string();
    let mut labels = s;
    labels.text.truncate(at - 1);
    vec![labels, rest]
}

/// Whether a line holds nothing but such labels (`Publisher Full Text | Free Full Text`).
fn is_link_labels(text: &str) -> bool {
    let t = strip_sup(text).to_lowercase();
    let parts: Vec<&str> = t.split(['|', ';', ',']).map(str::trim).collect();
    !t.trim().is_empty()
        && parts
            .iter()
            .all(|p| p.is_empty() || LINK_LABELS.contains(p))
}

/// The number a line starting an entry of a numbered list gives it (`1.`, `[1]`, `1)`).
fn entry_label(text: &str) -> Option<u32> {
    let t = text.trim_start().trim_start_matches('[');
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    let labelled = digits > 0 && digits < 5 && t[digits..].starts_with(['.', ']', ')', ' ']);
    if labelled {
        t[..digits].parse().ok()
    } else {
        None
    }
}

/// Whether a line starts an entry of a reference list (`1.`, `[1]`, `1)`).
fn starts_entry(text: &str) -> bool {
    entry_label(text).is_some()
}

/// The article a PDF's pages hold.
pub fn article(name: &str, pages: &[Page]) -> Article {
    let body = body_size(pages);
    let per_page: Vec<Vec<Segment>> = pages
        .iter()
        .enumerate()
        .map(|(i, p)| reading_order(segments(i, p, body), body))
        .collect();
    let heights: Vec<f32> = pages.iter().map(|p| p.height).collect();
    let drop = furniture(&per_page, &heights);
    let segs: Vec<Segment> = per_page
        .into_iter()
        .zip(drop)
        .flat_map(|(segs, drop)| {
            segs.into_iter()
                .zip(drop)
                .filter(|(_, d)| !d)
                .map(|(s, _)| s)
        })
        .map(|mut s| {
            // Words set apart by other spaces (an em space, a thin space) are set apart by one.
            s.text = words::ligatures(&s.text).replace(char::is_whitespace, " ");
            s
        })
        .flat_map(split_link_labels)
        .collect();
    let words = Vocabulary::of(segs.iter().map(|s| s.text.as_str()));
    let mut front = FrontMatter {
        source: Some("read from the PDF's text layer".to_string()),
        ..FrontMatter::default()
    };
    // The title: the largest text of the first page, its lines together.
    let first_page: Vec<&Segment> = segs.iter().filter(|s| s.page == 0).collect();
    let biggest = first_page.iter().map(|s| s.size).fold(0.0, f32::max);
    let mut title_lines = 0;
    if biggest > body * 1.25 {
        let start = first_page
            .iter()
            .position(|s| (s.size - biggest).abs() < 0.5)
            .unwrap_or(0);
        let mut title = String::new();
        for s in first_page[start..]
            .iter()
            .take_while(|s| (s.size - biggest).abs() < 0.5)
        {
            join_line(&mut title, &strip_sup(&s.text), &words);
            title_lines += 1;
        }
        front.title = Some(crate::sanitize::prose(without_version(&title)).into_owned());
        // What comes before the title on its page is the journal's masthead, after it the
        // authors: kept as text.
        title_lines += start;
    }
    // Where each column's lines end at most: a line that ends well short of it ends its
    // paragraph (columns told apart by page and where their lines start).
    let column = |s: &Segment| (s.page, (s.x0 / (4.0 * body)).round() as i64);
    let mut right_edge: HashMap<(usize, i64), f32> = HashMap::new();
    for s in &segs {
        let e = right_edge.entry(column(s)).or_insert(s.x1);
        *e = e.max(s.x1);
    }
    let mut out = BlockBuilder::default();
    let mut prev: Option<&Segment> = None;
    let mut in_references = false;
    // Superscript numbers cite only where the reference list is numbered: in an author–year
    // paper they mark affiliations, footnotes and powers.
    let numbered_list = list_is_numbered(&segs);
    // Nor in the header above the first section's heading (`Abstract`, `Background`; a
    // masthead's `RESEARCH` is none), when the paper has one on its first pages: there they
    // mark authors' affiliations (`Margóczi² and Biró¹`).
    let header_end = segs
        .iter()
        .position(|s| {
            let text = strip_sup(&s.text);
            text.chars().count() < 60
                && names_a_section(&text)
                && builder::role_of(&text) != crate::model::SectionRole::References
        })
        .filter(|&i| segs[i].page <= 1)
        .unwrap_or(0);
    let cite = |i: usize| numbered_list && i >= header_end;
    let byline = byline_lines(&segs, title_lines, header_end);
    if let Some((_, names)) = &byline {
        front.authors = names
            .iter()
            .map(|n| crate::sanitize::prose(n).into_owned())
            .collect();
    }
    // A numbered list's entries start at their numbers, in order, and nowhere else (a line
    // of an author–year entry may start with its year).
    let mut numbered = false;
    let mut last_entry = 0;
    // A line of link labels ended the entry before it (`Publisher Full Text | PubMed Abstract`).
    let mut after_links = false;
    // Where the open paragraph's first line stands: its page and left edge.
    let mut opened_at = (usize::MAX, 0.0);
    // The line pitch of a reference list that sets its entries further apart than its lines.
    let mut entry_pitch = None;
    for (i, s) in segs.iter().enumerate() {
        if s.page == 0 && i < title_lines && front.title.is_some() {
            // The title's own lines (and the masthead before them) are the header's.
            let is_title = (s.size - biggest).abs() < 0.5;
            if is_title {
                continue;
            }
        }
        if byline.as_ref().is_some_and(|(lines, _)| lines.contains(&i)) {
            // The header shows the authors.
            continue;
        }
        // `Abstract Recognising …`: an abstract whose name runs into its first line, in the
        // header (Springer's).
        let in_header = if header_end > 0 {
            i < header_end
        } else {
            s.page == 0
        };
        if let Some(rest) = run_in_abstract(&s.text).filter(|_| in_header) {
            out.flush();
            out.open(BlockKind::Heading {
                level: level_of(s.size, body),
            });
            out.push_text("Abstract", Style::PLAIN, false, false);
            out.flush();
            out.open(BlockKind::Paragraph);
            opened_at = (s.page, s.x0);
            write_line(&mut out, rest, None, cite(i));
            prev = Some(s);
            continue;
        }
        let larger = s.size > body * 1.12 && s.text.chars().count() < 160;
        let heading = (larger && (s.page > 0 || !s.text.ends_with('.')))
            || (s.text.chars().count() < 60 && names_a_section(&s.text));
        if heading {
            let continues = prev.is_some_and(|p| {
                matches!(out.open_kind(), Some(BlockKind::Heading { .. }))
                    && (p.size - s.size).abs() < 0.5
                    && p.page == s.page
                    && s.y - p.y < 2.0 * s.size
            });
            let text = strip_sup(&s.text);
            if continues {
                out.push_text(" ", Style::PLAIN, false, false);
            } else {
                out.flush();
                let level = level_of(s.size, body);
                out.open(BlockKind::Heading { level });
            }
            out.push_text(&text, Style::PLAIN, false, false);
            in_references = builder::role_of(&text) == crate::model::SectionRole::References;
            entry_pitch = in_references
                .then(|| spaced_entries(&segs[i + 1..], body))
                .flatten();
            numbered = false;
            last_entry = 0;
            prev = Some(s);
            continue;
        }
        if in_references && is_link_labels(&s.text) {
            after_links = true;
            continue;
        }
        let links_before = std::mem::take(&mut after_links);
        // The next entry of a numbered list: its number follows the last one's.
        let next_entry = entry_label(&s.text)
            .filter(|&n| in_references && n > last_entry && n <= last_entry + 3);
        let entry = next_entry.is_some();
        if let Some(n) = next_entry {
            last_entry = n;
            numbered = true;
        }
        let new_paragraph = match prev {
            None => true,
            Some(p) => {
                let same_column = p.page == s.page && (s.x0 - p.x0).abs() < 4.0 * body;
                let gap = s.y - p.y;
                let spaced = same_column && (gap > 1.75 * p.size.max(s.size) || gap < 0.0);
                let indented = same_column && s.x0 - p.x0 > 0.8 * body && s.x0 - p.x0 < 4.0 * body;
                let ended = p.text.trim_end().ends_with(['.', ':', '?', '!'])
                    && (s.text.starts_with(|c: char| c.is_uppercase()) || starts_entry(&s.text));
                let short = p.x1 < right_edge.get(&column(p)).copied().unwrap_or(p.x1) - 2.0 * body;
                let size_change = (p.size - s.size).abs() > 0.6;
                // An author–year list with hanging indents: an entry starts at the column's edge.
                let at_edge = |x: &Segment| x.x0 < x.col_x + 0.5 * body;
                let hanging = in_references && !at_edge(p) && at_edge(s);
                // And the lines it hangs go on with it, wherever a sentence ends.
                let hung = in_references
                    && opened_at.0 == s.page
                    && s.x0 - opened_at.1 > 0.5 * body
                    && s.x0 - opened_at.1 < 4.0 * body;
                let other = if in_references && numbered {
                    entry
                } else if let Some(pitch) = entry_pitch.filter(|_| same_column && gap > 0.0) {
                    gap > pitch + 0.5 * ENTRY_SPACE
                } else if hanging {
                    true
                } else if hung {
                    false
                } else {
                    (in_references && same_column && s.x0 < p.x0 - 0.5 * body && ended)
                        || (indented && ended)
                        || (short && ended)
                };
                matches!(out.open_kind(), Some(BlockKind::Heading { .. }))
                    || links_before
                    || spaced
                    || size_change
                    || other
            }
        };
        if new_paragraph {
            out.flush();
            opened_at = (s.page, s.x0);
            // `12. Author…`: an item numbered 12 of the list, as Markdown writes one.
            match entry_number(&s.text).filter(|_| entry) {
                Some((n, at)) => {
                    out.open_entry(n);
                    write_line(&mut out, &s.text[at..], None, cite(i));
                }
                None => {
                    out.open(BlockKind::Paragraph);
                    write_line(&mut out, &s.text, None, cite(i));
                }
            }
        } else {
            write_line(&mut out, &s.text, Some(&words), cite(i));
        }
        prev = Some(s);
    }
    out.flush();
    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    let unmapped: usize = pages.iter().map(|p| p.unmapped).sum();
    if unmapped > 0 {
        diagnostics.push(Diagnostic::note(
            None,
            format!("{unmapped} characters are drawn in a font with no Unicode map: not shown"),
        ));
    }
    let mut article = builder::finish(name, front, out, None, diagnostics);
    builder::read_captions(&mut article);
    super::mentions::read_mentions(&mut article);
    article
}

/// The least extra space, in points, that sets a reference list's entries apart.
const ENTRY_SPACE: f32 = 1.0;

/// The line pitch of a reference list (`segs`, from just after its heading) whose entries
/// stand further apart than its lines (F1000Research's, by 2 points, counted from the line of
/// link labels where an entry has one): in such a list an entry
/// ends where the space widens, not where a line ends a sentence short of the edge. `None`
/// where the list's lines are evenly spaced (it needs at least five wider gaps, a fifth of all).
fn spaced_entries(segs: &[Segment], body: f32) -> Option<f32> {
    let mut gaps: Vec<f32> = Vec::new();
    let mut prev: Option<&Segment> = None;
    // The list, up to where the type changes size (a heading, a section set otherwise).
    let size = segs.first()?.size;
    let list = segs.iter().take_while(|s| (s.size - size).abs() <= 0.6);
    for s in list {
        if let Some(p) = prev {
            let gap = s.y - p.y;
            if p.page == s.page
                && (s.x0 - p.x0).abs() < 4.0 * body
                && gap > 0.0
                && gap < 2.0 * s.size
            {
                gaps.push(gap);
            }
        }
        prev = Some(s);
    }
    // The pitch: the most common gap, to a tenth of a point.
    let mut counts: HashMap<i32, usize> = HashMap::new();
    for g in &gaps {
        *counts.entry((g * 10.0).round() as i32).or_default() += 1;
    }
    let pitch = counts
        .into_iter()
        .max_by_key(|&(tenths, n)| (n, -tenths))?
        .0 as f32
        / 10.0;
    let even = gaps.iter().filter(|&&g| (g - pitch).abs() < 0.3).count();
    let wider = gaps
        .iter()
        .filter(|&&g| g > pitch + ENTRY_SPACE - 0.1 && g < 1.6 * pitch)
        .count();
    (wider >= 5 && 5 * wider >= even + wider).then_some(pitch)
}

/// The rest of a line that starts with `Abstract` run in to the abstract's first words
/// (`Abstract Recognising conspecifics…`, `ABSTRACT: Background`), or `None`.
fn run_in_abstract(text: &str) -> Option<&str> {
    let rest = text
        .strip_prefix("Abstract")
        .or_else(|| text.strip_prefix("ABSTRACT"))?;
    let rest = rest.strip_prefix([':', '.']).unwrap_or(rest);
    let rest = rest.strip_prefix(' ')?.trim_start();
    rest.starts_with(char::is_uppercase).then_some(rest)
}

/// The byline: the first lines of the first page after the title (`from`), and before the
/// first section heading (`to`, when there is one), that name the authors; which lines
/// hold nothing else (they leave the text), and the names. The names with only marks between
/// them that a line of affiliations starts with are taken, and the line stays.
fn byline_lines(segs: &[Segment], from: usize, to: usize) -> Option<(Vec<usize>, Vec<String>)> {
    let end = if to > from { to } else { segs.len() };
    let marked = |text: &str| {
        let mut out = String::with_capacity(text.len());
        let mut sup = false;
        for c in text.chars() {
            match c {
                SUP_OPEN => {
                    sup = true;
                    out.push('|');
                }
                SUP_CLOSE => sup = false,
                c if !sup => out.push(c),
                _ => {}
            }
        }
        out
    };
    let at = (from..end.min(from + 40))
        .take_while(|&i| segs[i].page == 0)
        .find(|&i| byline::names(&marked(&segs[i].text)).is_some())?;
    // A byline may run over several lines, and a name over a line's end: the lines below of
    // the same size are read with it while they read as more of it.
    let mut text = marked(&segs[at].text);
    let mut found = byline::names(&text)?;
    let mut last = at;
    for j in at + 1..end.min(at + 6) {
        let (p, s) = (&segs[j - 1], &segs[j]);
        if s.page != p.page || (s.size - p.size).abs() > 0.3 || s.y - p.y > 2.0 * s.size {
            break;
        }
        let longer = format!("{text} {}", marked(&s.text));
        match byline::names(&longer) {
            Some(more) if more.names.len() > found.names.len() => {
                (text, found, last) = (longer, more, j);
            }
            _ => break,
        }
    }
    let lines = if found.whole {
        (at..=last).collect()
    } else {
        Vec::new()
    };
    Some((lines, found.names))
}

/// A title without the version note some journals set after it (F1000Research's
/// `[version 2; referees: 2 approved]`, `[v2; ref status: indexed, …]`): it is the record's
/// status, not the article's title.
fn without_version(title: &str) -> &str {
    if let Some(open) = title
        .trim_end()
        .strip_suffix(']')
        .and_then(|t| t.rfind('['))
    {
        let note = &title[open + 1..];
        let version = note
            .strip_prefix("version ")
            .or_else(|| note.strip_prefix('v'));
        if version.is_some_and(|v| v.starts_with(|c: char| c.is_ascii_digit())) {
            return title[..open].trim_end();
        }
    }
    title
}

/// Whether the reference list (after a references heading) is numbered: its first entries
/// start `1`, `2`.
fn list_is_numbered(segs: &[Segment]) -> bool {
    let Some(heading) = segs.iter().position(|s| {
        s.text.chars().count() < 60
            && builder::role_of(&strip_sup(&s.text)) == crate::model::SectionRole::References
    }) else {
        return false;
    };
    let mut labels = segs[heading + 1..]
        .iter()
        .filter_map(|s| entry_label(&s.text));
    labels.next() == Some(1) && labels.next() == Some(2)
}

/// The heading level of text set in `size`.
fn level_of(size: f32, body: f32) -> u8 {
    if size > body * 1.5 {
        1
    } else if size > body * 1.12 {
        2
    } else {
        3
    }
}

/// A text with its superscript marks taken out (the marked text kept).
fn strip_sup(text: &str) -> String {
    text.replace([SUP_OPEN, SUP_CLOSE], "")
}

/// Write one line into the open block: after the block's text when `words` are given (they
/// decide what a hyphen at its end means, see [`joint`]), with each superscript a citation when
/// it is one (`¹²`, `3–5`, `1,4`: numbers after a word, not after a digit) and `^…` otherwise.
fn write_line(out: &mut BlockBuilder, line: &str, words: Option<&Vocabulary>, cite: bool) {
    if let Some(words) = words {
        let plain = line.split(SUP_OPEN).next().unwrap_or("");
        match joint(out.text(), plain, words) {
            Joint::Space => out.push_text(" ", Style::PLAIN, false, false),
            Joint::Cut => out.trim_hyphen(),
            Joint::Touching => {}
        }
    }
    let mut rest = line;
    while let Some(open) = rest.find(SUP_OPEN) {
        out.push_text(&rest[..open], Style::PLAIN, false, false);
        let after = &rest[open + SUP_OPEN.len_utf8()..];
        let close = after.find(SUP_CLOSE).unwrap_or(after.len());
        let sup = after[..close].trim();
        let previous = out.text().chars().last();
        let rest_after = after.get(close + SUP_CLOSE.len_utf8()..).unwrap_or("");
        // A citation follows what it is cited for (`cells³`, `cells.³`); a mark before a word
        // (`²The Sichuan Key Laboratory`, after a space) marks what follows, as affiliations
        // and footnotes are marked.
        // …and a word, not a symbol: `R²`, `χ²`, `I²` are powers.
        let word = out
            .text()
            .chars()
            .rev()
            .take_while(|c| c.is_alphabetic())
            .count();
        let after_word = cite
            && word != 1
            && previous.is_some_and(|c| !c.is_ascii_digit() && !c.is_whitespace());
        let before_word = rest_after.starts_with(char::is_alphanumeric);
        match superscript_citation(sup) {
            Some(numbers) if after_word && !before_word => {
                let start = out.text_len();
                out.push_text(&format!("[{sup}]"), Style::PLAIN, false, false);
                let end = out.text_len();
                out.add_citation(start..end, numbers.into_iter().map(Cite::Number).collect());
            }
            _ if !sup.is_empty() => out.push_text(&format!("^{sup}"), Style::PLAIN, true, false),
            _ => {}
        }
        rest = rest_after;
    }
    out.push_text(rest, Style::PLAIN, false, false);
}

/// The numbers a superscript cites: digits, commas and dashes only (`12`, `3–5`, `1,4,7-9`).
fn superscript_citation(sup: &str) -> Option<Vec<u32>> {
    if sup.is_empty()
        || !sup
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ',' | '-' | '–' | '—' | ' '))
    {
        return None;
    }
    let mut numbers = Vec::new();
    for part in sup.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let bounds: Vec<u32> = part
            .split(['-', '–', '—'])
            .filter_map(|n| n.trim().parse().ok())
            .collect();
        match bounds[..] {
            [n] => numbers.push(n),
            [a, b] if a <= b && b - a <= 100 => numbers.extend(a..=b),
            _ => return None,
        }
    }
    (!numbers.is_empty() && numbers.iter().all(|&n| (1..=999).contains(&n))).then_some(numbers)
}
