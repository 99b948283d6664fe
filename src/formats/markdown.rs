//! Markdown → [`Article`]: the only module that imports pulldown-cmark.
//!
//! The parser's events are folded into the model's flat list of blocks as they arrive (a
//! counter per kind of nesting, never a recursive walk), then the special sections are read:
//! `References` (an ordered list, numbered as written), `Glossary` (a definition list) and
//! `Figures` (captions), and every block is scanned for citation brackets.

use crate::formats::bib::{self, BibEntry};
use crate::formats::builder::{self, BlockBuilder, Cite};
use crate::formats::frontmatter;
use crate::model::*;
use crate::sanitize;
use crate::text::LineIndex;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use std::ops::Range;

/// Where a link's destination says it is a citation: `[Smith et al., 2014](#cite-3)`.
pub const CITE_LINK: &str = "#cite-";

/// Parse a Markdown article. `path` is how the file is named to the reader.
///
/// Nothing fails the article: whatever is odd about it, a broken front matter block included,
/// becomes a [`Diagnostic`] and the rest still loads.
pub fn parse_markdown(path: &str, text: &str) -> Article {
    parse_markdown_pieces(path, text, PIECE_BYTES)
}

/// [`parse_markdown`], its pandoc citations resolved against `bibliography` (the entries of the
/// files its front matter names, read by the caller; `source` names them in messages) as well
/// as the front matter's own `references:`.
pub fn parse_markdown_with(
    path: &str,
    text: &str,
    bibliography: &[BibEntry],
    source: &str,
) -> Article {
    read(path, text, PIECE_BYTES, bibliography, source)
}

/// [`parse_markdown`], handing the parser pieces of at least `piece_bytes` where the text can
/// be cut without changing what it parses to (`parse_markdown` uses 64 KiB).
pub fn parse_markdown_pieces(path: &str, text: &str, piece_bytes: usize) -> Article {
    read(path, text, piece_bytes, &[], "")
}

fn read(
    path: &str,
    text: &str,
    piece_bytes: usize,
    bibliography: &[BibEntry],
    source: &str,
) -> Article {
    let split = frontmatter::split(text);
    let diagnostics = split.diagnostics;
    let lines = LineIndex::new(split.body, split.body_line_offset);
    let mut b = MarkdownReader::new(split.body, &lines);
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_DEFINITION_LIST
        | Options::ENABLE_HEADING_ATTRIBUTES;
    // The front matter's abstract comes first, under its own heading, unless the body has one.
    if let Some(abstract_text) = split.abstract_text.as_deref() {
        let has_heading = split.body.lines().any(|l| {
            let t = l.trim_start_matches('#').trim().to_lowercase();
            l.starts_with('#') && t == "abstract"
        });
        if !has_heading {
            b.open(BlockKind::Heading { level: 2 });
            b.push_text("Abstract", Style::PLAIN, false);
            b.flush();
            for paragraph in abstract_text.split("\n\n") {
                b.open(BlockKind::Paragraph);
                b.push_text(paragraph, Style::PLAIN, false);
                b.flush();
            }
        }
    }
    let starts = piece_starts(split.body, piece_bytes);
    for (i, &start) in starts.iter().enumerate() {
        let end = starts.get(i + 1).copied().unwrap_or(split.body.len());
        for (event, range) in Parser::new_ext(&split.body[start..end], options).into_offset_iter() {
            b.event(event, start + range.start..start + range.end);
        }
    }
    b.flush_text();
    let mut article = builder::finish(path, split.front, b.out, None, diagnostics);
    // Keys of pandoc citations.
    let mut pandoc_keys: Vec<u32> = article
        .citation_keys()
        .filter(|&(i, _)| article.details(i).is_some())
        .map(|(_, k)| k)
        .collect();
    pandoc_keys.sort_unstable();
    pandoc_keys.dedup();
    let has_keys = !pandoc_keys.is_empty();
    if has_keys && bibliography.is_empty() && split.references.is_empty() {
        let n = pandoc_keys.len();
        article.diagnostics.push(Diagnostic::note(
            None,
            format!(
                "{n} cited key{} and no bibliography to find {} in (name one with `bibliography:` in the front matter, or put a .bib file of the same name beside the article)",
                if n == 1 { "" } else { "s" },
                if n == 1 { "it" } else { "them" }
            ),
        ));
    } else if has_keys {
        let mut entries = split.references;
        entries.extend_from_slice(bibliography);
        let source = if source.is_empty() {
            "the front matter's references"
        } else {
            source
        };
        bib::attach(&mut article, &entries, source);
    }
    article
}

/// The parser builds a tree of the whole text it is given before the first event (about six
/// times the text's size), so a long article is handed to it in pieces of about this size.
const PIECE_BYTES: usize = 64 * 1024;

/// Where the pieces start: `body` is cut into pieces of at least `min` bytes at places where
/// the text can be cut ([`cuts`]), unless something reaches across it — a link reference
/// definition, a footnote, an HTML block (which may hold blank lines), a line ended by a bare
/// carriage return — which keeps the body in one piece.
fn piece_starts(body: &str, min: usize) -> Vec<usize> {
    let bare_cr = || {
        body.match_indices('\r')
            .any(|(i, _)| body.as_bytes().get(i + 1) != Some(&b'\n'))
    };
    if body.len() <= min || body.contains("]:") || body.contains("[^") || bare_cr() {
        return vec![0];
    }
    let mut places = cuts(body);
    let mut out = vec![0];
    for at in places.by_ref() {
        if at - out.last().copied().unwrap_or(0) >= min {
            out.push(at);
        }
    }
    if places.html {
        return vec![0];
    }
    out
}

/// The places where Markdown text can be cut so that what comes before parses, on its own,
/// to the blocks the whole text gives there: before a line at the left margin that opens a
/// heading, or that starts a paragraph after a blank line and is not a definition's term,
/// outside fenced code. Cross-references (footnotes, link definitions) are not considered.
pub fn cuts(text: &str) -> Cuts<'_> {
    Cuts {
        text,
        at: 0,
        fence: None,
        after_blank: false,
        html: false,
    }
}

/// The places of [`cuts`], in order.
pub struct Cuts<'a> {
    text: &'a str,
    /// Where the next line starts.
    at: usize,
    /// The open code fence: its character and length.
    fence: Option<(u8, usize)>,
    after_blank: bool,
    /// Whether a line that may open an HTML block (which can hold blank lines) was passed:
    /// places after it hold only if the block ends at a blank line.
    pub html: bool,
}

impl Iterator for Cuts<'_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        while self.at < self.text.len() {
            let at = self.at;
            let rest = &self.text[at..];
            let line = &rest[..rest.find('\n').map_or(rest.len(), |i| i + 1)];
            self.at += line.len();
            let indented = line.len() - line.trim_start_matches(' ').len();
            let content = line[indented.min(3)..].trim_end_matches(['\n', '\r']);
            if indented <= 3 && content.starts_with('<') {
                self.html = true;
            }
            if let Some((mark, len)) = self.fence {
                let run = content.bytes().take_while(|&c| c == mark).count();
                if indented <= 3 && run >= len && content[run..].trim().is_empty() {
                    self.fence = None;
                }
                self.after_blank = false;
                continue;
            }
            if indented <= 3 {
                for mark in [b'`', b'~'] {
                    let run = content.bytes().take_while(|&c| c == mark).count();
                    // A backtick fence's info string holds no backtick.
                    if run >= 3 && !(mark == b'`' && content[run..].contains('`')) {
                        self.fence = Some((mark, run));
                    }
                }
            }
            let hashes = line.bytes().take_while(|&c| c == b'#').count();
            let heading =
                (1..=6).contains(&hashes) && line[hashes..].starts_with([' ', '\t', '\n', '\r']);
            // The next line that is not blank is looked for only at a paragraph's first line,
            // so that a run of blank lines is passed once.
            let paragraph = || {
                self.after_blank
                    && line.starts_with(|c: char| c.is_alphabetic())
                    && !self.text[self.at..]
                        .split_inclusive('\n')
                        .find(|l| !l.trim().is_empty())
                        .is_some_and(|l| l.trim_start().starts_with(':'))
            };
            let cut = at > 0 && (heading || paragraph());
            self.after_blank = line.trim().is_empty();
            if cut {
                return Some(at);
            }
        }
        None
    }
}

/// What a citation link's destination cites: `#cite-1,4,7` → 1, 4, 7; `#cite-smith2020` → the
/// key `smith2020`. A part that is neither a number above 0 nor a key (letters, digits and
/// `_-.:/`, starting with a letter or digit) makes it an ordinary link.
pub fn cite_link_targets(dest: &str) -> Option<Vec<Cite>> {
    let list = dest.strip_prefix(CITE_LINK)?;
    if list.is_empty() {
        return Some(Vec::new());
    }
    list.split(',')
        .map(|part| {
            let part = part.trim();
            if part.bytes().all(|b| b.is_ascii_digit()) {
                return part.parse().ok().filter(|&n| n > 0).map(Cite::Number);
            }
            let key_char = |c: char| c.is_alphanumeric() || "_-.:/".contains(c);
            (part.starts_with(char::is_alphanumeric) && part.chars().all(key_char))
                .then(|| Cite::Key(part.to_string()))
        })
        .collect()
}

/// Turns pulldown-cmark events into blocks.
struct MarkdownReader<'s> {
    src: &'s str,
    lines: &'s LineIndex,
    out: BlockBuilder,
    emphasis: u32,
    strong: u32,
    strike: u32,
    /// Open links: where they start, their destination, and the numbers when it is a citation.
    links: Vec<(usize, String, Option<Vec<Cite>>)>,
    image_start: Vec<usize>,
    /// Next number of each open list (None for bullet lists).
    lists: Vec<Option<u64>>,
    pending_item: Option<(Marker, usize)>,
    pending_definition: bool,
    code_block: bool,
    table_cell: usize,
    /// Source bytes before this are an attribute already read (`{#fig:x}`), not text.
    skip_until: usize,
    /// Pandoc figures so far.
    figure_count: u32,
    /// Labelled tables and equations so far (`{#tbl:x}`, `{#eq:x}`), numbered as
    /// pandoc-crossref numbers them.
    table_count: u32,
    equation_count: u32,
    /// The label of the open heading (`# Methods {#sec:methods}`).
    heading_id: Option<String>,
    /// Where the open table cell's text starts.
    cell_start: Option<usize>,
    /// Text of consecutive text events, with its style and whether scanning skips it.
    pending_text: Option<(String, Style, bool)>,
}

impl<'s> MarkdownReader<'s> {
    fn new(src: &'s str, lines: &'s LineIndex) -> Self {
        MarkdownReader {
            src,
            lines,
            out: BlockBuilder::pandoc(),
            emphasis: 0,
            strong: 0,
            strike: 0,
            links: Vec::new(),
            image_start: Vec::new(),
            lists: Vec::new(),
            pending_item: None,
            pending_definition: false,
            code_block: false,
            table_cell: 0,
            skip_until: 0,
            figure_count: 0,
            table_count: 0,
            equation_count: 0,
            heading_id: None,
            cell_start: None,
            pending_text: None,
        }
    }

    fn style(&self) -> Style {
        Style {
            emphasis: self.emphasis > 0,
            strong: self.strong > 0,
            strikethrough: self.strike > 0,
            link: !self.links.is_empty(),
            code: false,
        }
    }

    fn open(&mut self, kind: BlockKind) {
        self.out.list_depth = self.lists.len();
        self.out.open(kind);
    }

    fn flush(&mut self) {
        self.out.flush();
    }

    /// A pandoc figure: an image followed by `{#fig:…}` in the source at `after`. The image's
    /// alt text is its caption; figures are numbered in order; the attribute is not text.
    fn pandoc_figure(&mut self, after: usize) {
        let rest = self.src.get(after..).unwrap_or("");
        if !rest.starts_with("{#fig:") {
            return;
        }
        let Some(close) = rest.find('}') else {
            return;
        };
        self.skip_until = after + close + 1;
        let id: String = rest[2..close]
            .split_whitespace()
            .next()
            .unwrap_or("")
            .to_string();
        let text = self.out.text();
        // The image's text as drawn: `[image: Caption]`, the last in the block.
        let caption = text
            .rfind("[image: ")
            .map(|i| text[i + 8..].trim_end_matches(']').to_string())
            .unwrap_or_default();
        self.figure_count += 1;
        self.out
            .add_figure(id, format!("Figure {}", self.figure_count), caption);
    }

    /// A paragraph ending in a pandoc-crossref attribute, a table's caption
    /// `Table: Counts. {#tbl:assay}` or an equation `$$ E = mc^2 $$ {#eq:energy}`: the
    /// attribute labels the paragraph and is not text.
    fn trailing_label(&mut self) {
        let Some((text, _, _)) = self.pending_text.as_mut() else {
            return;
        };
        let trimmed = text.trim_end();
        let Some(open) = trimmed.strip_suffix('}').and_then(|t| t.rfind("{#")) else {
            return;
        };
        let id = trimmed[open + 2..trimmed.len() - 1]
            .split_whitespace()
            .next()
            .unwrap_or("");
        let name = if id.starts_with("tbl:") {
            self.table_count += 1;
            format!("Table {}", self.table_count)
        } else if id.starts_with("eq:") {
            self.equation_count += 1;
            format!("Equation {}", self.equation_count)
        } else {
            return;
        };
        let id = id.to_string();
        text.truncate(open);
        text.truncate(text.trim_end().len());
        self.flush_text();
        self.out.add_label(id, name);
    }

    /// Open the block that inline text arriving now belongs to.
    fn open_for_text(&mut self) {
        if let Some((marker, offset)) = self.pending_item.take() {
            self.open(BlockKind::ListItem { marker });
            self.out.set_item_line(self.lines.line(offset));
        } else if std::mem::take(&mut self.pending_definition) {
            self.open(BlockKind::Definition);
        } else {
            self.open(BlockKind::Paragraph);
        }
    }

    fn push_text(&mut self, text: &str, style: Style, exclude: bool) {
        if text.is_empty() {
            return;
        }
        if !self.out.is_open() {
            self.open_for_text();
        }
        let verbatim = style.code || self.code_block;
        self.out.push_text(text, style, exclude, verbatim);
    }

    fn cur_len(&mut self) -> usize {
        if !self.out.is_open() {
            self.open_for_text();
        }
        self.out.text_len()
    }

    /// The number an ordered list item is written with, read from the source at its marker.
    fn written_number(&self, at: usize) -> Option<u64> {
        let s = self.src.get(at..)?.trim_start();
        let digits: &str = &s[..s.bytes().take_while(u8::is_ascii_digit).count()];
        let rest = &s[digits.len()..];
        if digits.is_empty()
            || digits.len() > 9
            || !(rest.starts_with('.') || rest.starts_with(')'))
        {
            return None;
        }
        digits.parse().ok()
    }

    /// Push the text gathered from consecutive text events.
    fn flush_text(&mut self) {
        if let Some((text, style, exclude)) = self.pending_text.take() {
            self.push_text(&text, style, exclude);
        }
    }

    fn event(&mut self, event: Event<'_>, range: Range<usize>) {
        // The parser splits text at entities (`&#27;[2J` comes as two events); it is sanitised
        // as one piece so that an escape sequence cannot hide across the split.
        if let Event::Text(t) = &event {
            if range.start < self.skip_until {
                let skip = (self.skip_until - range.start).min(t.len());
                let rest = t.get(skip..).unwrap_or("");
                if !rest.is_empty() && range.end > self.skip_until {
                    let rest = rest.to_string();
                    let after = self.skip_until;
                    self.skip_until = 0;
                    self.event(Event::Text(rest.into()), after..range.end);
                }
                return;
            }
            let style = self.style();
            let exclude = !self.image_start.is_empty() || !self.links.is_empty();
            // A bracket the author escaped (`\[1\]`) is literal text, never a citation: the
            // parser drops the backslash and starts the text at the bracket.
            let escaped = t.starts_with(['[', ']'])
                && range.start > 0
                && self.src.as_bytes().get(range.start - 1) == Some(&b'\\');
            let pieces = if escaped {
                [(&t[..1], true), (&t[1..], exclude)]
            } else {
                [(&t[..], exclude), ("", exclude)]
            };
            for (piece, exclude) in pieces.into_iter().filter(|(p, _)| !p.is_empty()) {
                match self.pending_text.as_mut() {
                    Some((text, s, e)) if *s == style && *e == exclude => text.push_str(piece),
                    _ => {
                        self.flush_text();
                        self.pending_text = Some((piece.to_string(), style, exclude));
                    }
                }
            }
            return;
        }
        if matches!(event, Event::End(TagEnd::Paragraph)) {
            self.trailing_label();
        }
        self.flush_text();
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => {
                let image = matches!(tag, TagEnd::Image);
                self.end(tag);
                if image {
                    self.pandoc_figure(range.end);
                }
            }
            Event::Text(_) => {}
            Event::Code(t) => {
                let style = Style {
                    code: true,
                    ..self.style()
                };
                self.push_text(&t, style, true);
            }
            Event::InlineMath(t) | Event::DisplayMath(t) => {
                let style = Style {
                    code: true,
                    ..self.style()
                };
                self.push_text(&t, style, true);
            }
            Event::Html(t) | Event::InlineHtml(t) => {
                // Comments are invisible in every renderer; other markup is shown as written.
                if !t.trim_start().starts_with("<!--") {
                    let style = self.style();
                    self.push_text(&t, style, true);
                }
            }
            Event::FootnoteReference(label) => {
                let style = self.style();
                self.push_text(&format!("[^{label}]"), style, true);
            }
            Event::SoftBreak => {
                if self.out.is_open() {
                    let style = self.style();
                    self.push_text(" ", style, false);
                }
            }
            Event::HardBreak => self.out.push_break(),
            Event::Rule => {
                self.open(BlockKind::Rule);
                self.flush();
            }
            Event::TaskListMarker(done) => {
                let marker = Marker::Task { done };
                if let Some(item) = self.pending_item.as_mut() {
                    item.0 = marker;
                } else {
                    self.out.set_marker_if_empty(marker);
                }
            }
        }
    }

    fn start(&mut self, tag: Tag<'_>, range: Range<usize>) {
        match tag {
            Tag::Paragraph => {
                self.flush();
                self.open_for_text();
            }
            Tag::Heading { level, id, .. } => {
                self.heading_id = id.map(|id| id.into_string());
                self.open(BlockKind::Heading { level: level as u8 })
            }
            Tag::BlockQuote(_) => {
                self.flush();
                self.out.quote_depth += 1;
            }
            Tag::CodeBlock(kind) => {
                let language = match kind {
                    pulldown_cmark::CodeBlockKind::Fenced(info) => info
                        .split_whitespace()
                        .next()
                        .map(|l| sanitize::prose(l).into_owned()),
                    pulldown_cmark::CodeBlockKind::Indented => None,
                };
                self.open(BlockKind::Code { language });
                self.code_block = true;
            }
            Tag::HtmlBlock => self.flush(),
            Tag::List(start) => {
                self.flush();
                self.lists.push(start);
            }
            Tag::Item => {
                self.flush();
                let marker = match self.lists.last().copied().flatten() {
                    Some(next) => {
                        let number = self.written_number(range.start).unwrap_or(next);
                        if let Some(Some(next)) = self.lists.last_mut() {
                            *next = number.saturating_add(1);
                        }
                        Marker::Number(number)
                    }
                    None => Marker::Bullet,
                };
                self.pending_item = Some((marker, range.start));
            }
            Tag::FootnoteDefinition(label) => {
                self.flush();
                self.pending_item = Some((
                    Marker::Footnote(sanitize::prose(&label).into_owned()),
                    range.start,
                ));
            }
            Tag::DefinitionList => self.flush(),
            Tag::DefinitionListTitle => self.open(BlockKind::Term),
            Tag::DefinitionListDefinition => {
                self.flush();
                self.pending_definition = true;
            }
            Tag::Table(_) => self.flush(),
            Tag::TableHead => {
                self.open(BlockKind::TableRow {
                    header: true,
                    cells: Vec::new(),
                });
                self.table_cell = 0;
            }
            Tag::TableRow => {
                self.open(BlockKind::TableRow {
                    header: false,
                    cells: Vec::new(),
                });
                self.table_cell = 0;
            }
            Tag::TableCell => {
                if self.table_cell > 0 {
                    self.push_text(CELL_SEPARATOR, Style::PLAIN, true);
                }
                self.table_cell += 1;
                self.cell_start = Some(self.cur_len());
            }
            Tag::Emphasis => self.emphasis += 1,
            Tag::Strong => self.strong += 1,
            Tag::Strikethrough => self.strike += 1,
            Tag::Superscript | Tag::Subscript => {}
            Tag::Link { dest_url, .. } => {
                let at = self.cur_len();
                let cited = cite_link_targets(&dest_url);
                self.links
                    .push((at, sanitize::verbatim(&dest_url).into_owned(), cited));
            }
            Tag::Image { .. } => {
                let at = self.cur_len();
                self.image_start.push(at);
                let style = self.style();
                self.push_text("[image: ", style, true);
            }
            Tag::MetadataBlock(_) => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Heading(_) => {
                // `# Methods {#sec:methods}`: the parser has taken the attribute off the text.
                if let Some(id) = self.heading_id.take() {
                    let name = self.out.text().trim().to_string();
                    self.out.add_label(id, name);
                }
                self.flush();
            }
            TagEnd::Paragraph | TagEnd::DefinitionListTitle => self.flush(),
            TagEnd::CodeBlock => {
                self.flush();
                self.code_block = false;
            }
            TagEnd::HtmlBlock => self.flush(),
            TagEnd::BlockQuote(_) => {
                self.flush();
                self.out.quote_depth = self.out.quote_depth.saturating_sub(1);
            }
            TagEnd::List(_) => {
                self.flush();
                self.lists.pop();
            }
            TagEnd::Item | TagEnd::FootnoteDefinition => {
                // An item with no text still shows its marker.
                if self.pending_item.is_some() {
                    self.open_for_text();
                }
                self.flush();
            }
            TagEnd::DefinitionListDefinition => {
                if std::mem::take(&mut self.pending_definition) {
                    self.open(BlockKind::Definition);
                }
                self.flush();
            }
            TagEnd::DefinitionList | TagEnd::Table => self.flush(),
            TagEnd::TableHead | TagEnd::TableRow => self.flush(),
            TagEnd::TableCell => {
                if let Some(start) = self.cell_start.take() {
                    let end = self.cur_len();
                    self.out.add_cell(start..end);
                }
            }
            TagEnd::Emphasis => self.emphasis = self.emphasis.saturating_sub(1),
            TagEnd::Strong => self.strong = self.strong.saturating_sub(1),
            TagEnd::Strikethrough => self.strike = self.strike.saturating_sub(1),
            TagEnd::Superscript | TagEnd::Subscript => {}
            TagEnd::Link => {
                if let Some((start, url, cited)) = self.links.pop() {
                    let end = self.out.text_len();
                    match cited {
                        Some(cites) => self.out.add_citation(start..end, cites),
                        None => self.out.add_link(start..end, url),
                    }
                }
            }
            TagEnd::Image => {
                let style = self.style();
                self.push_text("]", style, true);
                if let Some(start) = self.image_start.pop() {
                    let end = self.cur_len();
                    self.out.exclude(start..end);
                }
            }
            TagEnd::MetadataBlock(_) => {}
        }
    }
}
