//! JATS XML (PubMed Central, Europe PMC, eLife, PLOS, ...) → [`Article`]: the only module that
//! imports quick-xml.
//!
//! The file is read as a stream of events, once, with a stack of the open elements for
//! context: text goes to the field being captured (a title, an author's surname, a figure
//! caption, a reference) or into the body's blocks. Cross-references to the bibliography
//! (`xref ref-type="bibr"`) are collected with their `rid`s and resolved through the reference
//! ids at the end, never by guessing from the printed number. Nothing is fetched: a DOCTYPE's
//! DTD is ignored, character references are decoded, and named entities are looked up in the
//! XML and HTML tables. All text goes through [`crate::sanitize`] as Markdown text does.

mod citations;
mod elements;
mod references;

use citations::{group_xrefs, PendingCitation, Xref};
use references::{reference_from, RefDraft, RefField};

use crate::cite::is_dash;
use crate::formats::builder::{self, BlockBuilder, TextMark};
use crate::model::*;
use crate::sanitize;
use crate::text::LineIndex;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use std::collections::HashMap;
use std::ops::Range;

/// Why a file could not be read as a JATS article at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JatsError {
    #[error("not a JATS article (its root element is <{0}>)")]
    NotJats(String),
    #[error("line {line}: XML error before any article element: {message}")]
    Xml { line: usize, message: String },
    #[error("no XML elements in the file")]
    Empty,
}

/// Whether `text` looks like a JATS (or other XML) document rather than Markdown.
pub fn looks_like_xml(text: &str) -> bool {
    let t = text.trim_start_matches('\u{feff}').trim_start();
    t.starts_with("<?xml")
        || t.starts_with("<!DOCTYPE")
        || t.starts_with("<article")
        || t.starts_with("<pmc-articleset")
}

/// What the text inside an element is being collected for.
#[derive(Debug, Clone, PartialEq)]
enum Capture {
    ArticleTitle,
    JournalTitle,
    Surname,
    GivenNames,
    Collab,
    StringName,
    PubYear,
    Volume,
    FirstPage,
    LastPage,
    ELocation,
    ArticleId(String),
    License,
    Keyword,
    Heading,
    Label,
    FigureCaption,
    TableCaption,
    /// A table's foot notes (`table-wrap-foot`): its abbreviations, sources, citations.
    TableFoot,
    Cell,
    Formula,
    Term,
    Definition,
    /// Inside a reference: which field.
    RefField(RefField),
    RefLabel,
    /// Text nobody reads (a supplementary file's caption, an affiliation).
    Discard,
}

struct Frame {
    name: String,
    /// How many captures were open when the element started (its own, if any, is above).
    captures_before: usize,
    /// Whether this element opened a section.
    section: bool,
    /// What this element opened (a link, a style, a quote, a list), to close at its end.
    opened: Opened,
}

/// What an element opened that its end closes; `Skip` when its content is not read.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Opened {
    None,
    Emphasis,
    Strong,
    Code,
    Link,
    Quote,
    List,
    Xref,
    /// A cross-reference inside captured text (a caption, a table cell, a table's foot).
    CapturedXref,
    Skip,
}

/// The reader of one JATS document: the element stack and what is being collected.
struct JatsReader<'a> {
    xml: &'a str,
    lines: LineIndex,
    stack: Vec<Frame>,
    /// How many elements of each name are open: "inside a `<body>`?" is asked for every
    /// element, and a scan of the stack made 200,000 nested elements quadratic.
    open: rustc_hash::FxHashMap<String, u32>,
    captures: Vec<(Capture, String)>,
    out: BlockBuilder,
    /// The front matter as it is read (the article's metadata).
    meta: Meta,
    /// The reference list as it is read.
    refs: Refs,
    /// Figures and the table being read.
    floats: Floats,
    glossary: Glossary,
    /// Styles, links and cross-references open in the running text.
    inline: Inline,
    /// Headings waiting for their section's content.
    sections: Sections,
    lists: Lists,
    diagnostics: Vec<Diagnostic>,
    skip: usize,
    /// Per open `<alternatives>`: whether a form with text was shown already.
    alternatives: Vec<bool>,
    unknown_entities: Vec<String>,
}

/// What the front matter region (`<front>`, `<article-meta>`) is read into.
struct Meta {
    front: FrontMatter,
    /// Per contributor: surname, given names, and a name given whole.
    authors_seen: Vec<(String, String, String)>,
    /// Whether the open `<contrib>` is an author.
    contrib_author: bool,
    /// Publication years with the rank of their date's kind (lower is preferred).
    pub_years: Vec<(u8, String)>,
    pub_date_rank: u8,
}

impl Default for Meta {
    fn default() -> Meta {
        Meta {
            front: FrontMatter::default(),
            authors_seen: Vec::new(),
            contrib_author: false,
            pub_years: Vec::new(),
            pub_date_rank: 9,
        }
    }
}

/// What the back matter's reference list is read into.
#[derive(Default)]
struct Refs {
    drafts: Vec<RefDraft>,
    /// Whether a `<ref>` is open.
    inside: bool,
}

/// Figures, and the table being read.
#[derive(Default)]
struct Floats {
    figures: Vec<(String, String, Vec<Loose>)>,
    fig: Option<(String, String)>,
    /// Cross-references in the open figure's caption.
    fig_xrefs: Vec<Loose>,
    table: Option<TableDraft>,
}

/// A cross-reference read inside captured text, placed by its text once that text is a block.
#[derive(Debug, Clone)]
struct Loose {
    text: String,
    rids: Vec<String>,
    line: usize,
}

/// Glossary entries (term, definition), and the one being read.
#[derive(Default)]
struct Glossary {
    entries: Vec<(String, String)>,
    term: Option<(String, String)>,
}

/// What is open in the running text: styles, links, cross-references, and the citations they
/// make, waiting for the references to be known.
#[derive(Default)]
struct Inline {
    emphasis: u32,
    strong: u32,
    code: u32,
    links: Vec<(TextMark, String)>,
    xrefs: Vec<Xref>,
    open_xref: Option<(TextMark, Vec<String>, usize)>,
    pending: Vec<PendingCitation>,
    /// Bibliographic cross-references in the document, and how many became citations.
    xrefs_seen: usize,
    /// A cross-reference open inside captured text: the capture's depth, where its text starts
    /// in the capture, its ids and line.
    open_loose: Option<(usize, usize, Vec<String>, usize)>,
}

/// Section headings as they wait for their content.
#[derive(Default)]
struct Sections {
    /// Heading waiting for the first content of its section: level, default title, and
    /// whether only content (not a subsection) brings it out.
    pending_heading: Option<(u8, Option<String>, bool)>,
    heading_label: String,
    section_depth: usize,
    seen_body: bool,
    floats_heading_done: bool,
}

/// Open lists (ordered or not, and the next number), and the item waiting for its text.
#[derive(Default)]
struct Lists {
    stack: Vec<(bool, u64)>,
    pending_item: Option<Marker>,
    item_label: Option<String>,
}

#[derive(Default)]
struct TableDraft {
    label: String,
    caption: String,
    /// Its foot notes, shown under it.
    foot: String,
    caption_xrefs: Vec<Loose>,
    foot_xrefs: Vec<Loose>,
    /// (row, cell, cross-reference) for cross-references in its cells.
    cell_xrefs: Vec<(usize, usize, Loose)>,
    rows: Vec<(bool, Vec<String>)>,
    in_head: bool,
}

/// Parse a JATS article. `path` is how the file is named to the reader.
///
/// Broken or truncated XML still gives an article with everything read before the error, and a
/// [`Severity::Problem`] diagnostic with the line; only a file that is not JATS at all fails.
pub fn parse_jats(path: &str, xml: &str) -> Result<Article, JatsError> {
    let mut r = JatsReader {
        xml,
        lines: LineIndex::new(xml, 0),
        stack: Vec::new(),
        open: rustc_hash::FxHashMap::default(),
        captures: Vec::new(),
        out: BlockBuilder::default(),
        meta: Meta::default(),
        refs: Refs::default(),
        floats: Floats::default(),
        glossary: Glossary::default(),
        inline: Inline::default(),
        sections: Sections::default(),
        lists: Lists::default(),
        diagnostics: Vec::new(),
        skip: 0,
        alternatives: Vec::new(),
        unknown_entities: Vec::new(),
    };
    r.run()?;
    Ok(r.finish(path))
}

fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    let a = e.try_get_attribute(name).ok()??;
    Some(
        match a.normalized_value(quick_xml::XmlVersion::Implicit1_0) {
            Ok(v) => v.into_owned(),
            Err(_) => String::from_utf8_lossy(&a.value).into_owned(),
        },
    )
}

/// Collapse runs of XML white space (space, tab, newline) to one space, kept at either end
/// where it may separate words. A no-break space is text, not layout, and stays.
fn squash(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if matches!(c, ' ' | '\t' | '\n' | '\r') {
            space = true;
        } else {
            if space {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    if space {
        out.push(' ');
    }
    out
}

fn clean(s: &str) -> String {
    sanitize::prose(squash(s).trim()).into_owned()
}

/// `Research-article` → `Research article`.
fn article_kind(raw: &str) -> String {
    let s = raw.replace(['-', '_'], " ");
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => s,
    }
}

impl JatsReader<'_> {
    fn line_at(&self, byte: u64) -> usize {
        self.lines.line(byte as usize)
    }

    fn resolve_entity(&mut self, r: &quick_xml::events::BytesRef<'_>) -> String {
        if r.is_char_ref() {
            return match r.resolve_char_ref() {
                Ok(Some(c)) => c.to_string(),
                _ => String::from('\u{FFFD}'),
            };
        }
        let name = r.decode().map(|n| n.into_owned()).unwrap_or_default();
        match quick_xml::escape::resolve_predefined_entity(&name)
            .or_else(|| quick_xml::escape::resolve_html5_entity(&name))
        {
            Some(s) => s.to_string(),
            None => {
                if !self.unknown_entities.contains(&name) {
                    self.unknown_entities.push(name.clone());
                }
                format!("&{name};")
            }
        }
    }

    fn run(&mut self) -> Result<(), JatsError> {
        let mut reader = Reader::from_str(self.xml);
        reader.config_mut().check_end_names = true;
        let mut root_seen = false;
        // Text is handled whole, entities decoded, when the next tag comes: an escape sequence
        // split by a character reference (`&#27;[2J`) is then sanitised as one piece.
        let mut raw = String::new();
        loop {
            let event = match reader.read_event() {
                Ok(e) => e,
                Err(e) => {
                    let line = self.line_at(reader.error_position());
                    let message = sanitize::one_line(&e.to_string()).into_owned();
                    if !root_seen {
                        return Err(JatsError::Xml { line, message });
                    }
                    self.text(&std::mem::take(&mut raw));
                    self.diagnostics.push(Diagnostic::problem(
                        Some(line),
                        format!("XML error: {message}; the article holds what came before it"),
                    ));
                    break;
                }
            };
            match &event {
                Event::Text(t) if root_seen => {
                    raw.push_str(
                        &t.xml10_content()
                            .map(|c| c.into_owned())
                            .unwrap_or_default(),
                    );
                    continue;
                }
                Event::CData(t) if root_seen => {
                    raw.push_str(&String::from_utf8_lossy(t));
                    continue;
                }
                Event::GeneralRef(r) if root_seen => {
                    let resolved = self.resolve_entity(r);
                    raw.push_str(&resolved);
                    continue;
                }
                _ => {}
            }
            if !raw.is_empty() {
                self.text(&std::mem::take(&mut raw));
            }
            match event {
                Event::Start(e) | Event::Empty(e) if !root_seen => {
                    let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                    if name == "pmc-articleset" {
                        continue;
                    }
                    if name != "article" {
                        return Err(JatsError::NotJats(sanitize::prose(&name).into_owned()));
                    }
                    root_seen = true;
                    if let Some(kind) = attr(&e, "article-type") {
                        self.meta.front.kind = Some(clean(&article_kind(&kind)));
                    }
                    self.push_frame(Frame {
                        name,
                        captures_before: 0,
                        section: false,
                        opened: Opened::None,
                    });
                }
                Event::Start(e) => {
                    let pos = reader.buffer_position();
                    self.start(&e, pos, false);
                }
                Event::Empty(e) => {
                    let pos = reader.buffer_position();
                    self.start(&e, pos, true);
                    let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                    self.end(&name);
                }
                Event::End(e) => {
                    if !root_seen {
                        continue;
                    }
                    let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                    if self.stack.len() == 1 && name == "article" {
                        self.pop_frame();
                        break;
                    }
                    self.end(&name);
                }
                Event::Eof => {
                    if !root_seen {
                        return Err(JatsError::Empty);
                    }
                    if let Some(open) = self.stack.last() {
                        let line = self.lines.count();
                        self.diagnostics.push(Diagnostic::problem(
                            Some(line),
                            format!(
                                "the file ends inside <{}> (truncated?); the article holds what came before",
                                open.name
                            ),
                        ));
                    }
                    break;
                }
                _ => {}
            }
        }
        // Close whatever is still open, innermost first, so nothing read is lost.
        while let Some(f) = self.stack.last() {
            let name = f.name.clone();
            if self.stack.len() == 1 {
                self.pop_frame();
                break;
            }
            self.end(&name);
        }
        if !self.unknown_entities.is_empty() {
            self.diagnostics.push(Diagnostic::note(
                None,
                format!(
                    "unknown entities kept as written: &{};",
                    self.unknown_entities.join("; &")
                ),
            ));
        }
        Ok(())
    }

    fn parent(&self) -> Option<&str> {
        self.stack.last().map(|f| f.name.as_str())
    }

    fn inside(&self, name: &str) -> bool {
        self.open.get(name).is_some_and(|&n| n > 0)
    }

    fn push_frame(&mut self, frame: Frame) {
        *self.open.entry(frame.name.clone()).or_default() += 1;
        self.stack.push(frame);
    }

    fn pop_frame(&mut self) -> Option<Frame> {
        let frame = self.stack.pop()?;
        if let Some(n) = self.open.get_mut(&frame.name) {
            *n = n.saturating_sub(1);
        }
        Some(frame)
    }

    fn capture(&mut self, c: Capture) {
        self.captures.push((c, String::new()));
    }

    /// Whether text now goes into the body's blocks.
    fn in_text_region(&self) -> bool {
        [
            "body",
            "abstract",
            "trans-abstract",
            "ack",
            "app",
            "fn-group",
            "notes",
            "back",
            "floats-group",
        ]
        .iter()
        .any(|name| self.inside(name))
            && !self.refs.inside
    }

    fn separate_capture(&mut self) {
        if let Some((_, s)) = self.captures.last_mut() {
            if !s.is_empty() && !s.ends_with(' ') {
                s.push(' ');
            }
        }
    }

    fn end(&mut self, name: &str) {
        let Some(frame) = self.pop_frame() else {
            return;
        };
        if frame.name != name {
            // check_end_names stops mismatches before here; this keeps the stack honest anyway.
            self.push_frame(frame);
            return;
        }
        if frame.opened == Opened::Skip {
            self.skip = self.skip.saturating_sub(1);
            return;
        }
        // Finish this element's own capture first.
        while self.captures.len() > frame.captures_before {
            let (kind, text) = self.captures.pop().expect("capture present");
            self.captured(kind, text);
        }
        match frame.opened {
            Opened::Emphasis => self.inline.emphasis = self.inline.emphasis.saturating_sub(1),
            Opened::Strong => self.inline.strong = self.inline.strong.saturating_sub(1),
            Opened::Code => self.inline.code = self.inline.code.saturating_sub(1),
            Opened::Quote => {
                self.flush();
                self.out.quote_depth = self.out.quote_depth.saturating_sub(1);
            }
            Opened::List => {
                self.flush();
                self.lists.stack.pop();
                self.out.list_depth = self.lists.stack.len();
            }
            Opened::Link => {
                if let Some((start, url)) = self.inline.links.pop() {
                    // A link whose block closed inside it (it held a paragraph) is dropped.
                    if let Some(range) = self.out.since(&start) {
                        self.out.add_link(range, url);
                    }
                }
            }
            Opened::Xref => {
                if let Some((start, rids, line)) = self.inline.open_xref.take() {
                    // A cross-reference whose block closed inside it keeps no range.
                    if let Some(range) = self.out.since(&start).filter(|r| !r.is_empty()) {
                        // White space the source put inside the element (`1 </xref>`, a
                        // `<sup>` on its own lines) is the text's, not the citation's.
                        let text = self.out.text();
                        let inner = text.get(range.clone()).unwrap_or("");
                        let start = range.start + (inner.len() - inner.trim_start().len());
                        let end = range.end - (inner.len() - inner.trim_end().len());
                        if start < end {
                            self.inline.xrefs.push(Xref {
                                range: start..end,
                                rids,
                                line,
                            });
                        }
                    }
                }
            }
            Opened::CapturedXref => self.close_loose_xref(),
            Opened::None | Opened::Skip => {}
        }
        if frame.section {
            self.flush();
            // A section that ends before any content leaves no heading behind.
            self.sections.pending_heading = None;
            self.sections.section_depth = self.sections.section_depth.saturating_sub(1);
        }
        match name {
            "p" if frame.captures_before == 0 && self.captures.is_empty() => self.flush(),
            "list-item" => {
                if self.lists.pending_item.is_some() {
                    self.open_for_text();
                }
                self.flush();
            }
            "contrib" if self.inside("article-meta") => {
                if let Some((sur, given, collab)) = self.meta.authors_seen.pop() {
                    if self.meta.contrib_author {
                        let name = if !collab.is_empty() {
                            collab
                        } else {
                            format!("{given} {sur}").trim().to_string()
                        };
                        if !name.is_empty() {
                            self.meta.front.authors.push(name);
                        }
                    }
                }
            }
            "alternatives" => {
                self.alternatives.pop();
            }
            "fig" | "supplementary-material" | "media" => {
                let xrefs = std::mem::take(&mut self.floats.fig_xrefs);
                if let Some((label, caption)) = self.floats.fig.take() {
                    if !label.is_empty() || !caption.is_empty() {
                        self.floats.figures.push((label, caption, xrefs));
                    }
                }
            }
            "table-wrap" => self.emit_table(),
            "thead" => {
                if let Some(t) = self.floats.table.as_mut() {
                    t.in_head = false;
                }
            }
            "def-item" => {
                if let Some((term, def)) = self.glossary.term.take() {
                    if !term.is_empty() {
                        self.glossary.entries.push((term, def));
                    }
                }
            }
            "ref" if self.refs.inside => self.refs.inside = self.inside("ref"),
            "name" | "string-name" if self.refs.inside => {
                if let Some(r) = self.refs.drafts.last_mut() {
                    let (sur, given) = std::mem::take(&mut r.name);
                    if r.in_author_group && !sur.is_empty() {
                        r.authors.push((sur, given));
                    } else if r.in_editor_group && !sur.is_empty() {
                        r.editors.push((sur, given));
                    }
                }
            }
            "person-group" if self.refs.inside => {
                if let Some(r) = self.refs.drafts.last_mut() {
                    r.in_author_group = false;
                    r.in_editor_group = false;
                }
            }
            _ => {}
        }
    }

    /// Text captured for `kind` is complete.
    fn captured(&mut self, kind: Capture, text: String) {
        let t = clean(&text);
        match kind {
            Capture::ArticleTitle => {
                if self.meta.front.title.is_none() {
                    self.meta.front.title = Some(t);
                }
            }
            Capture::JournalTitle => {
                if self.meta.front.journal.is_none() {
                    self.meta.front.journal = Some(t);
                }
            }
            Capture::Surname => {
                if let Some(a) = self.meta.authors_seen.last_mut() {
                    a.0 = t;
                }
            }
            Capture::GivenNames => {
                if let Some(a) = self.meta.authors_seen.last_mut() {
                    a.1 = t;
                }
            }
            Capture::Collab | Capture::StringName => {
                if let Some(a) = self.meta.authors_seen.last_mut() {
                    if a.0.is_empty() {
                        a.2 = t;
                    }
                }
            }
            Capture::PubYear => {
                if let Ok(y) = t.parse::<u32>() {
                    self.meta
                        .pub_years
                        .push((self.meta.pub_date_rank, y.to_string()));
                }
            }
            Capture::Volume => self.meta.front.volume = Some(t),
            Capture::FirstPage => {
                self.meta.front.pages = Some(t);
            }
            Capture::LastPage => {
                if let Some(p) = self.meta.front.pages.as_mut() {
                    if !t.is_empty() && *p != t {
                        *p = format!("{p}–{t}");
                    }
                }
            }
            Capture::ELocation => {
                if self.meta.front.pages.is_none() {
                    self.meta.front.pages = Some(t);
                }
            }
            Capture::ArticleId(kind) => match kind.as_str() {
                "doi" => self.meta.front.doi = Some(t),
                "pmid" => self.meta.front.pmid = Some(t),
                "pmc" | "pmcid" | "pmc-uid"
                    if (self.meta.front.pmcid.is_none() || kind != "pmc-uid") =>
                {
                    self.meta.front.pmcid = Some(if t.starts_with("PMC") || kind == "pmc-uid" {
                        t
                    } else {
                        format!("PMC{t}")
                    });
                }
                _ => {}
            },
            Capture::License => {
                self.meta.front.license = Some(match self.meta.front.license.take() {
                    Some(old) if !old.starts_with("http") => format!("{old} {t}"),
                    _ => t,
                });
            }
            Capture::Keyword => {
                if !t.is_empty() {
                    self.meta.front.keywords.push(t);
                }
            }
            Capture::Label => {
                if self.stack.last().is_some_and(|f| f.name == "list-item") {
                    self.lists.item_label = Some(t.clone());
                    if let Some(m) = self.lists.pending_item.as_mut() {
                        *m = Marker::Label(t);
                    }
                } else if let Some(fig) = self.floats.fig.as_mut() {
                    fig.0 = t;
                } else if let Some(table) = self.floats.table.as_mut() {
                    table.label = t;
                } else {
                    self.sections.heading_label = t;
                }
            }
            Capture::Heading => {
                let label = std::mem::take(&mut self.sections.heading_label);
                let title = if label.is_empty() {
                    t
                } else {
                    format!("{label} {t}")
                };
                if self
                    .stack
                    .last()
                    .is_some_and(|f| f.name == "boxed-text" || f.name == "caption")
                {
                    // A box's title is a bold first line inside the box.
                    self.flush();
                    self.out.open(BlockKind::Paragraph);
                    let style = Style {
                        strong: true,
                        ..Style::PLAIN
                    };
                    self.out.push_text(&title, style, true, false);
                    self.out.flush();
                } else {
                    let level = self
                        .sections
                        .pending_heading
                        .take()
                        .map_or(2, |(l, _, _)| l);
                    self.emit_heading(level, &title);
                }
            }
            Capture::FigureCaption => {
                if let Some(fig) = self.floats.fig.as_mut() {
                    fig.1 = t;
                }
            }
            Capture::TableCaption => {
                if let Some(table) = self.floats.table.as_mut() {
                    table.caption = t;
                }
            }
            Capture::TableFoot => {
                if let Some(table) = self.floats.table.as_mut() {
                    table.foot = t;
                }
            }
            Capture::Cell => {
                if let Some(row) = self.floats.table.as_mut().and_then(|t| t.rows.last_mut()) {
                    row.1.push(t);
                }
            }
            Capture::Formula => {
                if !t.is_empty() {
                    self.out.open(BlockKind::Code {
                        language: Some("tex".into()),
                    });
                    self.out.push_text(&t, Style::PLAIN, true, true);
                    self.out.flush();
                }
            }
            Capture::Term => {
                if let Some(e) = self.glossary.term.as_mut() {
                    e.0 = t;
                }
            }
            Capture::Definition => {
                if let Some(e) = self.glossary.term.as_mut() {
                    if !e.1.is_empty() {
                        e.1.push(' ');
                    }
                    e.1.push_str(&t);
                }
            }
            Capture::RefLabel => {
                if let Some(r) = self.refs.drafts.last_mut() {
                    r.label = t;
                }
            }
            Capture::RefField(field) => {
                let Some(r) = self.refs.drafts.last_mut() else {
                    return;
                };
                let first = |s: &mut String, v: String| {
                    if s.is_empty() {
                        *s = v;
                    }
                };
                match field {
                    RefField::Surname => r.name.0 = t,
                    RefField::GivenNames => r.name.1 = t,
                    RefField::Collab => {
                        if r.in_author_group || r.authors.is_empty() {
                            r.authors.push((t, String::new()));
                        }
                    }
                    RefField::StringName => {
                        if r.in_author_group && r.name.0.is_empty() {
                            r.authors.push((t, String::new()));
                        }
                    }
                    RefField::Title => first(&mut r.title, t),
                    RefField::Source => first(&mut r.source, t),
                    RefField::Year => first(&mut r.year, t),
                    RefField::Volume => first(&mut r.volume, t),
                    RefField::FirstPage => first(&mut r.fpage, t),
                    RefField::LastPage => first(&mut r.lpage, t),
                    RefField::ELocation => first(&mut r.elocation, t),
                    RefField::Doi => first(&mut r.doi, t),
                    RefField::Pmid => first(&mut r.pmid, t),
                    RefField::Comment => {
                        if !r.comment.is_empty() {
                            r.comment.push(' ');
                        }
                        r.comment.push_str(&t);
                    }
                }
            }
            Capture::Discard => {}
        }
    }

    fn text(&mut self, s: &str) {
        if self.skip > 0 || s.is_empty() {
            return;
        }
        if self.refs.inside {
            let direct = self.stack.last().is_some_and(|f| {
                matches!(
                    f.name.as_str(),
                    "mixed-citation" | "citation" | "nlm-citation"
                )
            });
            if let Some(r) = self.refs.drafts.last_mut() {
                if r.is_mixed {
                    r.mixed.push_str(s);
                    if direct {
                        r.mixed_untagged += s.trim().chars().count();
                    }
                }
            }
        }
        if let Some((kind, buf)) = self.captures.last_mut() {
            if *kind != Capture::Discard {
                buf.push_str(s);
            }
            return;
        }
        if self.refs.inside
            || !self.in_text_region()
            || self.floats.table.is_some()
            || self.floats.fig.is_some()
        {
            return;
        }
        let squashed = squash(s);
        if squashed.trim().is_empty() && !self.out.is_open() {
            return;
        }
        if !self.out.is_open() {
            self.emit_heading_if_pending();
            self.open_for_text();
        }
        let at_start = self.out.text_len() == 0 || self.out.text().ends_with(' ');
        let piece = if at_start {
            squashed.trim_start_matches(' ')
        } else {
            squashed.as_str()
        };
        let style = Style {
            emphasis: self.inline.emphasis > 0,
            strong: self.inline.strong > 0,
            code: self.inline.code > 0,
            link: !self.inline.links.is_empty(),
            strikethrough: false,
        };
        self.out
            .push_text(piece, style, style.code, style.code || style.link);
    }

    fn open_for_text(&mut self) {
        self.out.list_depth = self.lists.stack.len();
        match self.lists.pending_item.take() {
            Some(marker) => self.out.open(BlockKind::ListItem { marker }),
            None => self.out.open(BlockKind::Paragraph),
        }
        self.lists.item_label = None;
    }

    /// A section starts: its heading waits for its title (or its first content).
    fn open_section(&mut self, default_title: Option<String>) {
        self.flush();
        // An enclosing section still waiting for its heading (an abstract made of
        // subsections) shows it now, above the subsection's.
        if self
            .sections
            .pending_heading
            .as_ref()
            .is_some_and(|(_, _, weak)| !weak)
        {
            self.emit_heading_if_pending();
        } else {
            self.sections.pending_heading = None;
        }
        self.sections.section_depth += 1;
        let level = (1 + self.sections.section_depth).min(6) as u8;
        self.sections.pending_heading = Some((level, default_title, false));
        self.sections.heading_label.clear();
    }

    fn emit_heading_if_pending(&mut self) {
        if let Some((level, Some(title), _)) = self.sections.pending_heading.take() {
            self.emit_heading(level, &title);
        }
    }

    fn emit_heading(&mut self, level: u8, title: &str) {
        self.flush();
        let saved = self.out.list_depth;
        self.out.list_depth = 0;
        self.out.open(BlockKind::Heading { level });
        self.out.push_text(title, Style::PLAIN, true, false);
        self.out.flush();
        self.out.list_depth = saved;
    }

    fn emit_table(&mut self) {
        let Some(t) = self.floats.table.take() else {
            return;
        };
        if !self.sections.floats_heading_done && self.inside("floats-group") {
            self.sections.floats_heading_done = true;
            self.emit_heading(2, "Tables");
        }
        self.emit_heading_if_pending();
        let caption = match (t.label.is_empty(), t.caption.is_empty()) {
            (false, false) => format!("{}: {}", t.label.trim_end_matches(['.', ':']), t.caption),
            (false, true) => t.label.clone(),
            (true, _) => t.caption.clone(),
        };
        if !caption.is_empty() {
            self.out.open(BlockKind::Paragraph);
            let label_len = t.label.trim_end_matches(['.', ':']).len();
            let strong = Style {
                strong: true,
                ..Style::PLAIN
            };
            if label_len > 0 && !t.caption.is_empty() {
                self.out
                    .push_text(&caption[..label_len], strong, false, false);
                self.out
                    .push_text(&caption[label_len..], Style::PLAIN, false, false);
            } else {
                self.out.push_text(&caption, Style::PLAIN, false, false);
            }
            self.place_loose(&t.caption_xrefs, label_len, usize::MAX);
            self.flush();
        }
        let cols = t.rows.iter().map(|r| r.1.len()).max().unwrap_or(0);
        if t.rows.is_empty() {
            return;
        }
        if t.rows.len() > 30 || cols > 8 {
            // Too large to read as a table on a terminal: its size is said first, and its rows
            // follow, so their text can be searched and their citations followed.
            self.out.open(BlockKind::Paragraph);
            self.out.push_text(
                &format!(
                    "(A table of {} rows and {cols} columns; its rows follow, one a block.)",
                    t.rows.len()
                ),
                Style {
                    emphasis: true,
                    ..Style::PLAIN
                },
                true,
                false,
            );
            self.out.flush();
        }
        let mut next_xref = 0;
        for (r, (header, cells)) in t.rows.iter().enumerate() {
            self.out.open(BlockKind::TableRow {
                header: *header,
                cells: Vec::new(),
            });
            for (i, cell) in cells.iter().enumerate() {
                if i > 0 {
                    self.out
                        .push_text(CELL_SEPARATOR, Style::PLAIN, false, false);
                }
                let start = self.out.text_len();
                self.out.push_text(cell, Style::PLAIN, false, false);
                let end = self.out.text_len();
                self.out.add_cell(start..end);
                // Cell cross-references are in document order: a cursor takes this cell's.
                let mut here = Vec::new();
                while let Some((row, col, x)) = t.cell_xrefs.get(next_xref) {
                    if (*row, *col) > (r, i) {
                        break;
                    }
                    if (*row, *col) == (r, i) {
                        here.push(x.clone());
                    }
                    next_xref += 1;
                }
                self.place_loose(&here, start, end);
            }
            self.flush();
        }
        if !t.foot.trim().is_empty() {
            self.out.open(BlockKind::Paragraph);
            self.out
                .push_text(t.foot.trim(), Style::PLAIN, false, false);
            self.place_loose(&t.foot_xrefs, 0, usize::MAX);
            self.flush();
        }
    }

    /// Close a cross-reference read inside captured text: keep its text, to place it once the
    /// captured text is a block.
    fn close_loose_xref(&mut self) {
        let Some((depth, start, rids, line)) = self.inline.open_loose.take() else {
            return;
        };
        let Some((kind, text)) = self.captures.get(depth) else {
            return;
        };
        let loose = Loose {
            text: clean(text.get(start..).unwrap_or("")),
            rids,
            line,
        };
        if loose.text.is_empty() {
            return;
        }
        match kind {
            Capture::FigureCaption => self.floats.fig_xrefs.push(loose),
            Capture::TableCaption | Capture::TableFoot | Capture::Cell => {
                let kind = kind.clone();
                let Some(t) = self.floats.table.as_mut() else {
                    return;
                };
                match kind {
                    Capture::TableCaption => t.caption_xrefs.push(loose),
                    Capture::TableFoot => t.foot_xrefs.push(loose),
                    // The cell being read: its row is the last, and it comes after the
                    // cells that row has.
                    _ => {
                        if let Some(row) = t.rows.len().checked_sub(1) {
                            let col = t.rows[row].1.len();
                            t.cell_xrefs.push((row, col, loose));
                        }
                    }
                }
            }
            _ => {}
        }
    }

    /// Find each of `loose` by its text in bytes `from..to` of the open block, in order, and
    /// mark it as a cross-reference there.
    fn place_loose(&mut self, loose: &[Loose], from: usize, to: usize) {
        let text = self.out.text().to_string();
        let to = to.min(text.len());
        let mut at = from.min(to);
        for x in loose {
            let Some(found) = text.get(at..to).and_then(|t| t.find(&x.text)) else {
                continue;
            };
            let start = at + found;
            let end = start + x.text.len();
            self.inline.xrefs.push(Xref {
                range: start..end,
                rids: x.rids.clone(),
                line: x.line,
            });
            at = end;
        }
    }

    /// Close the open block, turning its bibliographic cross-references into citation groups.
    fn flush(&mut self) {
        if !self.out.is_open() {
            self.inline.xrefs.clear();
            return;
        }
        self.out.trim_end();
        let xrefs = std::mem::take(&mut self.inline.xrefs);
        let block = self.out.count();
        let text = self.out.text().to_string();
        for group in group_xrefs(&text, xrefs) {
            self.out.exclude(group.range.clone());
            self.inline.pending.push(PendingCitation { block, ..group });
        }
        self.out.flush();
    }

    fn finish(mut self, path: &str) -> Article {
        self.flush();
        if !self.sections.seen_body {
            self.diagnostics
                .push(Diagnostic::note(None, "no <body>: an abstract-only record"));
        }
        if let Some((_, y)) = self.meta.pub_years.iter().min_by_key(|(rank, _)| *rank) {
            self.meta.front.year = y.parse().ok();
        }
        // Reference numbers: the labels when every one is a distinct number, else the order.
        let labels: Vec<Option<u32>> = self
            .refs
            .drafts
            .iter()
            .map(|r| {
                r.label
                    .trim_end_matches('.')
                    .trim_matches(['[', ']'])
                    .parse()
                    .ok()
                    .filter(|&n| n > 0)
            })
            .collect();
        let mut distinct: Vec<u32> = labels.iter().flatten().copied().collect();
        distinct.sort_unstable();
        distinct.dedup();
        let by_label = labels.iter().all(Option::is_some) && distinct.len() == labels.len();
        let numbers: Vec<u32> = (0..self.refs.drafts.len())
            .map(|i| {
                if by_label {
                    labels[i].unwrap_or(0)
                } else {
                    i as u32 + 1
                }
            })
            .collect();
        let ids: HashMap<String, u32> = self
            .refs
            .drafts
            .iter()
            .zip(&numbers)
            .filter(|(r, _)| !r.id.is_empty())
            .map(|(r, &n)| (r.id.clone(), n))
            .collect();

        // The end matter: figures, glossary, references.
        if !self.floats.figures.is_empty() {
            self.emit_heading(2, "Figures");
            for (label, caption, xrefs) in std::mem::take(&mut self.floats.figures) {
                let label = label.trim_end_matches(['.', ':']).to_string();
                self.out.open(BlockKind::Paragraph);
                let after_label = label.len();
                let text = match (label.is_empty(), caption.is_empty()) {
                    (false, false) => format!("{label}: {caption}"),
                    (false, true) => label,
                    (true, _) => caption,
                };
                self.out.push_text(&text, Style::PLAIN, false, false);
                self.place_loose(&xrefs, after_label, usize::MAX);
                self.flush();
            }
        }
        if !self.glossary.entries.is_empty() {
            self.emit_heading(2, "Glossary");
            for (term, def) in std::mem::take(&mut self.glossary.entries) {
                self.out.open(BlockKind::Term);
                self.out.push_text(&term, Style::PLAIN, true, false);
                self.out.open(BlockKind::Definition);
                self.out.push_text(&def, Style::PLAIN, false, false);
                self.out.flush();
            }
        }
        let mut references = Vec::new();
        if !self.refs.drafts.is_empty() {
            self.emit_heading(2, "References");
            self.out.list_depth = 1;
            for (draft, &number) in self.refs.drafts.iter().zip(&numbers) {
                let reference = reference_from(draft, number, self.out.count());
                self.out.open(BlockKind::ListItem {
                    marker: Marker::Number(u64::from(number)),
                });
                self.out
                    .push_text(&reference.text, Style::PLAIN, true, false);
                self.out.flush();
                references.push(reference);
            }
            self.out.list_depth = 0;
        }

        let pending = std::mem::take(&mut self.inline.pending);
        let mut diagnostics = std::mem::take(&mut self.diagnostics);
        let mut article = builder::finish(
            path,
            self.meta.front,
            self.out,
            Some(references),
            Vec::new(),
        );
        // Where the publisher tagged its citations, a bracket in the text is not one (`t[1]`
        // for a component, `[311870]` for a grant): only the cross-references are.
        if !pending.is_empty() {
            article.citations.clear();
        }
        // Cross-references resolve through their ids.
        let mut capped = 0;
        let mut kept = 0;
        for p in pending {
            let mut cited = crate::cite::Cited::default();
            let mut previous: Option<u32> = None;
            let mut missing: Vec<&str> = Vec::new();
            let mut missing_count = 0usize;
            for (rids, dash_before) in &p.parts {
                let mut these = Vec::new();
                for rid in rids {
                    match ids.get(rid) {
                        Some(&n) => these.push(n),
                        None => {
                            missing_count += 1;
                            if missing.len() < 3 {
                                missing.push(rid);
                            }
                        }
                    }
                }
                if let (true, Some(a), [b]) = (*dash_before, previous, these.as_slice()) {
                    // `a` is cited already; `b` follows.
                    if crate::cite::range_ok(a, *b) {
                        cited.extend(a + 1..*b);
                    }
                }
                previous = these.last().copied();
                cited.extend(these);
            }
            if missing_count > 0 {
                let names: Vec<String> = missing.iter().map(|rid| format!("`{rid}`")).collect();
                diagnostics.push(Diagnostic::note(
                    Some(p.line),
                    if missing_count == 1 {
                        format!("citation points to {}, which no reference has", names[0])
                    } else {
                        format!(
                            "citation points to {missing_count} ids that no reference has: {}{}",
                            names.join(", "),
                            if missing_count > names.len() {
                                ", …"
                            } else {
                                ""
                            }
                        )
                    },
                ));
            }
            capped += usize::from(cited.capped);
            let numbers = cited.numbers;
            let Some(block) = article.blocks.get(p.block) else {
                continue;
            };
            if p.range.end > block.text.len() {
                continue;
            }
            kept += p.parts.len();
            article.citations.push(Citation {
                targets: numbers.iter().map(|&n| Target::Number(n)).collect(),
                block: p.block,
                range: p.range,
            });
        }
        article.citations.sort_by_key(|c| (c.block, c.range.start));
        let seen = self.inline.xrefs_seen;
        if kept < seen {
            diagnostics.push(Diagnostic::note(
                None,
                format!(
                    "{} of {seen} citation cross-references are not shown as citations (they are in captions, titles, table cells or other text not read as running text)",
                    seen - kept
                ),
            ));
        }
        if capped > 0 {
            diagnostics.push(builder::capped_note(capped));
        }
        diagnostics.extend(std::mem::take(&mut article.diagnostics));
        article.diagnostics = diagnostics;
        article
    }
}

fn frame_is_section(name: &str) -> bool {
    matches!(
        name,
        "sec"
            | "abstract"
            | "trans-abstract"
            | "ack"
            | "app"
            | "fn-group"
            | "notes"
            | "boxed-text"
            | "app-group"
    )
}
