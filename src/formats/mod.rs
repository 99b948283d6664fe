//! Every input format, and the one door into them: [`read`] takes a file's name and bytes,
//! tells what the file is ([`detect`]: by its magic first, then by its name), then runs that
//! format's own checks and reader.
//!
//! This folder is the only place that imports a parser crate (pulldown-cmark, quick-xml, the
//! YAML reader); what leaves it is the model. [`builder`] is what every reader shares: it
//! sanitises text and cuts blocks into sections, references, glossary and figures.
//! Pure: bytes in, article out; no file system, no terminal.

pub mod bib;
pub mod builder;
pub mod byline;
pub mod extracted;
pub mod frontmatter;
pub mod jats;
pub mod markdown;
pub mod mentions;
pub mod pdf;
pub mod to_markdown;
pub mod words;

use crate::model::Article;

/// What a file is, as far as its first bytes and its name tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// scholion's Markdown (pandoc-style front matter, numbered citations); also any text that
    /// is none of the others.
    Markdown,
    /// XML, read as JATS (the only XML an article comes in that scholion knows).
    Jats,
    Pdf,
    Html,
    Bibtex,
    CslJson,
    Latex,
    /// Something that is no article at all: an image, an archive, a compressed file.
    NotArticle(&'static str),
}

impl Format {
    /// Whether scholion reads articles in this format today.
    pub fn is_read(self) -> bool {
        matches!(self, Format::Markdown | Format::Jats | Format::Pdf)
    }

    /// The format, as a message names it: `a PDF`.
    pub fn describe(self) -> &'static str {
        match self {
            Format::Markdown => "a Markdown text",
            Format::Jats => "a JATS XML article",
            Format::Pdf => "a PDF",
            Format::Html => "an HTML page",
            Format::Bibtex => "a BibTeX bibliography",
            Format::CslJson => "a CSL-JSON bibliography",
            Format::Latex => "a LaTeX source",
            Format::NotArticle(what) => what,
        }
    }
}

/// How many bytes of a file's start [`detect`] looks at.
pub const HEAD_BYTES: usize = 8 * 1024;

/// What the file named `name` is, from `head`, its first bytes ([`HEAD_BYTES`] are enough).
///
/// Magic numbers decide first (a PDF named `.md` is a PDF), then the shape of the text's start
/// (an XML declaration, an HTML doctype, a BibTeX entry, a LaTeX preamble, a JSON array of
/// records), then the name's extension; what none of these claims is Markdown.
pub fn detect(name: &str, head: &[u8]) -> Format {
    if let Some(f) = by_magic(head) {
        return f;
    }
    if let Some(f) = by_text(head) {
        return f;
    }
    by_name(name).unwrap_or(Format::Markdown)
}

/// Binary signatures.
fn by_magic(head: &[u8]) -> Option<Format> {
    // A PDF may have bytes before its header (the specification allows up to 1024).
    let pdf_window = &head[..head.len().min(1024)];
    if pdf_window.windows(5).any(|w| w == b"%PDF-") {
        return Some(Format::Pdf);
    }
    const SIGNATURES: &[(&[u8], &str)] = &[
        (b"\x89PNG\r\n\x1a\n", "a PNG image"),
        (b"\xff\xd8\xff", "a JPEG image"),
        (b"GIF87a", "a GIF image"),
        (b"GIF89a", "a GIF image"),
        (
            b"PK\x03\x04",
            "a ZIP archive (a .docx, .epub or .odt is one)",
        ),
        (b"\x1f\x8b", "a gzip-compressed file"),
        (b"BZh", "a bzip2-compressed file"),
        (b"\xfd7zXZ\x00", "an xz-compressed file"),
        (b"\x28\xb5\x2f\xfd", "a zstd-compressed file"),
        (b"\x7fELF", "a program (ELF)"),
    ];
    SIGNATURES
        .iter()
        .find(|(magic, _)| head.starts_with(magic))
        .map(|&(_, what)| Format::NotArticle(what))
}

/// The shape of the start of a text.
fn by_text(head: &[u8]) -> Option<Format> {
    let text = String::from_utf8_lossy(&head[..head.len().min(2048)]);
    let t = text.trim_start_matches('\u{feff}').trim_start();
    let lower = t.to_ascii_lowercase();
    let lower = lower.as_str();
    if lower.starts_with("<!doctype html") || lower.starts_with("<html") {
        return Some(Format::Html);
    }
    if lower.starts_with('<') {
        // An XML declaration followed by an HTML root is still a page.
        let after = lower
            .find("?>")
            .map_or(lower, |i| lower[i + 2..].trim_start());
        if after.starts_with("<!doctype html") || after.starts_with("<html") {
            return Some(Format::Html);
        }
        if jats::looks_like_xml(t) {
            return Some(Format::Jats);
        }
    }
    if starts_bibtex(t) {
        return Some(Format::Bibtex);
    }
    if (t.starts_with('[') || t.starts_with('{'))
        && t.contains("\"id\"")
        && (t.contains("\"type\"") || t.contains("\"title\"") || t.contains("\"author\""))
    {
        return Some(Format::CslJson);
    }
    if t.starts_with("\\documentclass")
        || (t.starts_with('%') || t.starts_with('\\')) && t.contains("\\begin{document}")
    {
        return Some(Format::Latex);
    }
    None
}

/// Whether a text opens with a BibTeX entry (`@article{`), after `%` comment lines.
fn starts_bibtex(t: &str) -> bool {
    let first = t
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('%'));
    let Some(rest) = first.and_then(|l| l.strip_prefix('@')) else {
        return false;
    };
    let kind: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect();
    !kind.is_empty() && rest[kind.len()..].trim_start().starts_with(['{', '('])
}

/// The file name's extension.
fn by_name(name: &str) -> Option<Format> {
    let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
    Some(match ext.as_str() {
        "md" | "markdown" | "txt" => Format::Markdown,
        "xml" | "nxml" => Format::Jats,
        "pdf" => Format::Pdf,
        "html" | "htm" | "xhtml" => Format::Html,
        "bib" | "bibtex" => Format::Bibtex,
        "json" | "csl" => Format::CslJson,
        "tex" | "latex" => Format::Latex,
        _ => return None,
    })
}

/// Why a file's bytes gave no article.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{}: not read yet", .0.describe())]
    NotReadYet(Format),
    #[error("{0}, not an article")]
    NotArticle(&'static str),
    #[error("{}, not an article (an article names it: `bibliography: {name}` in its front matter, or a file of the same name beside it)", .format.describe())]
    Bibliography { format: Format, name: String },
    #[error("binary file (it contains NUL bytes), not a text article")]
    Binary,
    #[error("not UTF-8 text (invalid byte at line {line}, column {column})")]
    NotUtf8 { line: usize, column: usize },
    #[error("empty file")]
    Empty,
    #[error(transparent)]
    Jats(#[from] jats::JatsError),
    #[error("PDF: {0}")]
    Pdf(#[from] pdf::PdfError),
}

/// Whether `head`, a file's start, shows it is no text article: a known format that is not
/// read, or NUL bytes. Lets a reader refuse a large file before reading the rest of it.
pub fn refuse_head(name: &str, head: &[u8]) -> Result<Format, ReadError> {
    let format = detect(name, head);
    match format {
        Format::NotArticle(what) => Err(ReadError::NotArticle(what)),
        Format::Bibtex | Format::CslJson => Err(ReadError::Bibliography {
            format,
            name: name.rsplit('/').next().unwrap_or(name).to_string(),
        }),
        f if !f.is_read() => Err(ReadError::NotReadYet(f)),
        Format::Pdf => Ok(Format::Pdf),
        _ if head.contains(&0) => Err(ReadError::Binary),
        f => Ok(f),
    }
}

/// The article in `bytes`, the contents of a file named `name`: detected, checked and read by
/// its format's reader. Problems inside an article that still loads are its diagnostics; an
/// `Err` means no article at all. A PDF needs its glyphs read first: see [`read_with`].
pub fn read(name: &str, bytes: &[u8]) -> Result<Article, ReadError> {
    read_with(name, bytes, |_| Err(pdf::PdfError::NoReader))
}

/// [`read`], with `pdf_glyphs` giving a PDF's glyphs (the shell reads them in a process of its
/// own, see `crate::load`; [`pdf::glyphs`] reads them here) for [`pdf::article`] to lay out.
pub fn read_with(
    name: &str,
    bytes: &[u8],
    pdf_glyphs: impl FnOnce(&[u8]) -> Result<Vec<pdf::Page>, pdf::PdfError>,
) -> Result<Article, ReadError> {
    let format = refuse_head(name, &bytes[..bytes.len().min(HEAD_BYTES)])?;
    if format == Format::Pdf {
        return Ok(pdf::article(name, &pdf_glyphs(bytes)?));
    }
    if bytes.contains(&0) {
        return Err(ReadError::Binary);
    }
    let text = utf8(bytes)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(ReadError::Empty);
    }
    match format {
        Format::Jats => Ok(jats::parse_jats(name, text)?),
        _ if extracted::looks_extracted(text) => Ok(extracted::article(name, text)),
        _ => Ok(markdown::parse_markdown(name, text)),
    }
}

/// `bytes` as UTF-8, or where the first bad byte is.
fn utf8(bytes: &[u8]) -> Result<&str, ReadError> {
    std::str::from_utf8(bytes).map_err(|e| {
        let good = &bytes[..e.valid_up_to()];
        let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = good.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
        let column = String::from_utf8_lossy(&good[line_start..]).chars().count() + 1;
        ReadError::NotUtf8 { line, column }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn magic_decides_before_the_name() {
        assert_eq!(detect("paper.md", b"%PDF-1.7\n%\xe2\xe3"), Format::Pdf);
        assert_eq!(detect("x.pdf", b"\n\n%PDF-1.4"), Format::Pdf);
        assert_eq!(
            detect("a.md", b"\x89PNG\r\n\x1a\n\0\0"),
            Format::NotArticle("a PNG image")
        );
        assert_eq!(detect("a.xml", b"<!DOCTYPE html>\n<html>"), Format::Html);
        assert_eq!(
            detect("a", b"<?xml version=\"1.0\"?>\n<html xmlns=\"x\">"),
            Format::Html
        );
        assert_eq!(
            detect("a.txt", b"<?xml version=\"1.0\"?><article>"),
            Format::Jats
        );
        assert_eq!(
            detect("refs", b"% refs\n@Article{smith2020,\n"),
            Format::Bibtex
        );
        assert_eq!(
            detect("refs", b"[{\"id\": \"s\", \"type\": \"article-journal\"}]"),
            Format::CslJson
        );
        assert_eq!(detect("p", b"\\documentclass{article}"), Format::Latex);
    }

    #[test]
    fn the_name_decides_when_the_text_does_not() {
        assert_eq!(detect("refs.bib", b"no entries yet"), Format::Bibtex);
        assert_eq!(detect("page.HTML", b"hello"), Format::Html);
        assert_eq!(
            detect("paper.md", b"# Title\n\nText [1]."),
            Format::Markdown
        );
        assert_eq!(detect("notes", b"Plain words."), Format::Markdown);
        // An e-mail address or a heading that starts with @ is no BibTeX entry.
        assert_eq!(detect("a.md", b"@someone said"), Format::Markdown);
    }

    #[test]
    fn a_known_format_not_read_yet_is_named() {
        let e = read("paper.html", b"<!DOCTYPE html><html></html>").unwrap_err();
        assert_eq!(e.to_string(), "an HTML page: not read yet");
        // A PDF is read, by its own program: a broken one says so.
        let e = pdf::read("paper.md", b"%PDF-1.5\n\0\0binary").unwrap_err();
        assert!(e.to_string().starts_with("not a readable PDF ("), "{e}");
        assert_eq!(
            read("r.bib", b"@book{a, title={T}}")
                .unwrap_err()
                .to_string(),
            "a BibTeX bibliography, not an article (an article names it: `bibliography: r.bib` in its front matter, or a file of the same name beside it)"
        );
        assert_eq!(
            read("x.md", b"\x1f\x8b\x08\0").unwrap_err().to_string(),
            "a gzip-compressed file, not an article"
        );
        assert!(matches!(
            read("x.md", b"text\0more"),
            Err(ReadError::Binary)
        ));
    }
}
