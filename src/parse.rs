//! Markdown → [`Article`]: the only module that imports pulldown-cmark.
//!
//! The parser's events are folded into the model's flat list of blocks as they arrive (a
//! counter per kind of nesting, never a recursive walk), then the special sections are read:
//! `References` (an ordered list, numbered as written), `Glossary` (a definition list) and
//! `Figures` (captions), and every block is scanned for citation brackets.

use crate::cite;
use crate::frontmatter::{self, FrontMatterError};
use crate::glossary;
use crate::model::*;
use crate::sanitize;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// Parse a Markdown article. `path` is how the file is named to the reader.
///
/// Only a malformed front matter block fails the article; everything else that is odd about
/// it becomes a [`Diagnostic`] and the rest still loads.
pub fn parse_markdown(path: &str, text: &str) -> Result<Article, FrontMatterError> {
    let split = frontmatter::split(text)?;
    let mut diagnostics: Vec<Diagnostic> = split
        .unknown_keys
        .iter()
        .map(|(line, key)| Diagnostic {
            line: Some(*line),
            message: format!(
                "unknown front matter key `{}` ignored",
                sanitize::prose(key)
            ),
        })
        .collect();
    let lines = LineIndex::new(split.body, split.body_line_offset);
    let mut b = Builder::new(split.body);
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_DEFINITION_LIST;
    for (event, range) in Parser::new_ext(split.body, options).into_offset_iter() {
        b.event(event, range);
    }
    b.flush();
    let Builder {
        blocks,
        mut sections,
        excluded,
        item_lines,
        ..
    } = b;
    finish_sections(&mut sections, blocks.len());

    let mut article = Article {
        path: sanitize::prose(path).into_owned(),
        front: split.front,
        blocks,
        sections,
        citations: Vec::new(),
        references: Vec::new(),
        glossary: Vec::new(),
        figures: Vec::new(),
        diagnostics: Vec::new(),
    };
    read_references(&mut article, &item_lines, &lines, &mut diagnostics);
    read_glossary(&mut article, &mut diagnostics);
    read_figures(&mut article);
    scan_citations(&mut article, &excluded);
    article.diagnostics = diagnostics;
    Ok(article)
}

/// Byte offset → 1-based line number of the file.
struct LineIndex {
    starts: Vec<usize>,
    offset: usize,
}

impl LineIndex {
    fn new(body: &str, offset: usize) -> Self {
        let mut starts = vec![0];
        starts.extend(body.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts, offset }
    }

    fn line(&self, byte: usize) -> usize {
        self.starts.partition_point(|&s| s <= byte) + self.offset
    }
}

fn role_of(title: &str) -> SectionRole {
    match title.trim().trim_end_matches(':').to_lowercase().as_str() {
        "references" | "reference list" | "bibliography" | "literature cited" | "works cited" => {
            SectionRole::References
        }
        "glossary" | "definitions" => SectionRole::Glossary,
        "figures" | "figure legends" | "figure captions" => SectionRole::Figures,
        _ => SectionRole::Body,
    }
}

/// Section block ranges, from where each section's first block is to where the next begins.
fn finish_sections(sections: &mut [Section], block_count: usize) {
    let starts: Vec<usize> = sections.iter().map(|s| s.blocks.start).collect();
    for (i, s) in sections.iter_mut().enumerate() {
        s.blocks.end = starts.get(i + 1).copied().unwrap_or(block_count);
    }
}

/// Accumulates blocks from parser events.
struct Builder<'s> {
    src: &'s str,
    blocks: Vec<Block>,
    sections: Vec<Section>,
    /// Per block: byte ranges that citation scanning must skip (code, links, images).
    excluded: Vec<Vec<Range<usize>>>,
    /// Per block: the source offset of a list item's marker, for the references' line numbers.
    item_lines: Vec<Option<usize>>,
    cur: Option<Block>,
    cur_excluded: Vec<Range<usize>>,
    cur_item_offset: Option<usize>,
    /// Heading nesting for role inheritance: (level, role).
    heading_stack: Vec<(u8, SectionRole)>,
    emphasis: u32,
    strong: u32,
    strike: u32,
    links: Vec<(usize, String)>,
    image_start: Vec<usize>,
    quote_depth: usize,
    /// Next number of each open list (None for bullet lists).
    lists: Vec<Option<u64>>,
    pending_item: Option<(String, Option<u64>, usize)>,
    pending_definition: bool,
    code_block: bool,
    table_cell: usize,
}

impl<'s> Builder<'s> {
    fn new(src: &'s str) -> Self {
        Builder {
            src,
            blocks: Vec::new(),
            sections: Vec::new(),
            excluded: Vec::new(),
            item_lines: Vec::new(),
            cur: None,
            cur_excluded: Vec::new(),
            cur_item_offset: None,
            heading_stack: Vec::new(),
            emphasis: 0,
            strong: 0,
            strike: 0,
            links: Vec::new(),
            image_start: Vec::new(),
            quote_depth: 0,
            lists: Vec::new(),
            pending_item: None,
            pending_definition: false,
            code_block: false,
            table_cell: 0,
        }
    }

    fn depth(n: usize) -> u8 {
        n.min(MAX_DEPTH as usize) as u8
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
        self.flush();
        let mut block = Block::new(kind, String::new(), 0);
        block.quote_depth = Self::depth(self.quote_depth);
        block.list_depth = Self::depth(self.lists.len());
        self.cur = Some(block);
    }

    /// Open the block that inline text arriving now belongs to.
    fn open_for_text(&mut self) {
        if let Some((marker, number, offset)) = self.pending_item.take() {
            self.open(BlockKind::ListItem { marker, number });
            self.cur_item_offset = Some(offset);
        } else if std::mem::take(&mut self.pending_definition) {
            self.open(BlockKind::Definition);
        } else {
            self.open(BlockKind::Paragraph);
        }
    }

    fn cur(&mut self) -> &mut Block {
        if self.cur.is_none() {
            self.open_for_text();
        }
        self.cur.as_mut().expect("a block was just opened")
    }

    fn push_text(&mut self, text: &str, style: Style, exclude: bool) {
        if text.is_empty() {
            return;
        }
        let clean = if style.code || self.code_block {
            sanitize::verbatim(text)
        } else {
            sanitize::prose(text)
        };
        let block = self.cur();
        let start = block.text.len();
        block.text.push_str(&clean);
        let end = block.text.len();
        if style != Style::PLAIN {
            match block.styles.last_mut() {
                Some(run) if run.range.end == start && run.style == style => run.range.end = end,
                _ => block.styles.push(StyleRun {
                    range: start..end,
                    style,
                }),
            }
        }
        if exclude {
            self.cur_excluded.push(start..end);
        }
    }

    fn cur_len(&mut self) -> usize {
        self.cur().text.len()
    }

    fn flush(&mut self) {
        let Some(mut block) = self.cur.take() else {
            return;
        };
        let excluded = std::mem::take(&mut self.cur_excluded);
        let item_offset = self.cur_item_offset.take();
        if let BlockKind::Heading { level } = block.kind {
            block.text = block.text.trim().to_string();
            while self.heading_stack.last().is_some_and(|&(l, _)| l >= level) {
                self.heading_stack.pop();
            }
            let parent = self.heading_stack.last().map(|&(_, r)| r);
            let role = match (role_of(&block.text), parent) {
                (SectionRole::Body, Some(p)) => p,
                (own, _) => own,
            };
            self.heading_stack.push((level, role));
            self.sections.push(Section {
                title: block.text.clone(),
                level,
                blocks: self.blocks.len()..self.blocks.len(),
                role,
            });
        } else if self.sections.is_empty() {
            self.sections.push(Section {
                title: String::new(),
                level: 0,
                blocks: 0..0,
                role: SectionRole::Body,
            });
        }
        if matches!(block.kind, BlockKind::Code { .. }) {
            while block.text.ends_with('\n') {
                block.text.pop();
            }
        }
        block.section = self.sections.len() - 1;
        self.blocks.push(block);
        self.excluded.push(excluded);
        self.item_lines.push(item_offset);
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

    fn event(&mut self, event: Event<'_>, range: Range<usize>) {
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(tag),
            Event::Text(t) => {
                let style = self.style();
                let exclude = !self.image_start.is_empty() || !self.links.is_empty();
                self.push_text(&t, style, exclude);
            }
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
                if self.cur.is_some() {
                    let style = self.style();
                    self.push_text(" ", style, false);
                }
            }
            Event::HardBreak => {
                if self.cur.is_some() {
                    self.cur().text.push('\n');
                }
            }
            Event::Rule => {
                self.open(BlockKind::Rule);
                self.flush();
            }
            Event::TaskListMarker(done) => {
                let marker = if done { "[x]" } else { "[ ]" }.to_string();
                if let Some(item) = self.pending_item.as_mut() {
                    item.0 = marker;
                } else if let Some(Block {
                    kind: BlockKind::ListItem { marker: m, .. },
                    text,
                    ..
                }) = self.cur.as_mut()
                {
                    if text.is_empty() {
                        *m = marker;
                    }
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
            Tag::Heading { level, .. } => self.open(BlockKind::Heading { level: level as u8 }),
            Tag::BlockQuote(_) => {
                self.flush();
                self.quote_depth += 1;
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
                let (marker, number) = match self.lists.last().copied().flatten() {
                    Some(next) => {
                        let number = self.written_number(range.start).unwrap_or(next);
                        if let Some(Some(next)) = self.lists.last_mut() {
                            *next = number.saturating_add(1);
                        }
                        (format!("{number}."), Some(number))
                    }
                    None => {
                        let bullet = ["•", "◦", "▪"][self.lists.len().saturating_sub(1) % 3];
                        (bullet.to_string(), None)
                    }
                };
                self.pending_item = Some((marker, number, range.start));
            }
            Tag::FootnoteDefinition(label) => {
                self.flush();
                self.pending_item =
                    Some((format!("[^{}]", sanitize::prose(&label)), None, range.start));
            }
            Tag::DefinitionList => self.flush(),
            Tag::DefinitionListTitle => self.open(BlockKind::Term),
            Tag::DefinitionListDefinition => {
                self.flush();
                self.pending_definition = true;
            }
            Tag::Table(_) => self.flush(),
            Tag::TableHead => {
                self.open(BlockKind::TableRow { header: true });
                self.table_cell = 0;
            }
            Tag::TableRow => {
                self.open(BlockKind::TableRow { header: false });
                self.table_cell = 0;
            }
            Tag::TableCell => {
                if self.table_cell > 0 {
                    self.push_text(" │ ", Style::PLAIN, true);
                }
                self.table_cell += 1;
            }
            Tag::Emphasis => self.emphasis += 1,
            Tag::Strong => self.strong += 1,
            Tag::Strikethrough => self.strike += 1,
            Tag::Superscript | Tag::Subscript => {}
            Tag::Link { dest_url, .. } => {
                let at = self.cur_len();
                self.links
                    .push((at, sanitize::verbatim(&dest_url).into_owned()));
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
            TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::DefinitionListTitle => self.flush(),
            TagEnd::CodeBlock => {
                self.flush();
                self.code_block = false;
            }
            TagEnd::HtmlBlock => self.flush(),
            TagEnd::BlockQuote(_) => {
                self.flush();
                self.quote_depth = self.quote_depth.saturating_sub(1);
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
            TagEnd::TableCell => {}
            TagEnd::Emphasis => self.emphasis = self.emphasis.saturating_sub(1),
            TagEnd::Strong => self.strong = self.strong.saturating_sub(1),
            TagEnd::Strikethrough => self.strike = self.strike.saturating_sub(1),
            TagEnd::Superscript | TagEnd::Subscript => {}
            TagEnd::Link => {
                if let Some((start, url)) = self.links.pop() {
                    if let Some(block) = self.cur.as_mut() {
                        let end = block.text.len();
                        if end > start {
                            block.links.push(Link {
                                range: start..end,
                                url,
                            });
                            self.cur_excluded.push(start..end);
                        }
                    }
                }
            }
            TagEnd::Image => {
                let style = self.style();
                self.push_text("]", style, true);
                if let Some(start) = self.image_start.pop() {
                    let end = self.cur_len();
                    self.cur_excluded.push(start..end);
                }
            }
            TagEnd::MetadataBlock(_) => {}
        }
    }
}

fn read_references(
    article: &mut Article,
    item_offsets: &[Option<usize>],
    lines: &LineIndex,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut refs: Vec<Reference> = Vec::new();
    for (i, block) in article.blocks.iter().enumerate() {
        if article.sections[block.section].role != SectionRole::References {
            continue;
        }
        let line = item_offsets[i].map(|o| lines.line(o));
        match &block.kind {
            BlockKind::ListItem {
                number: Some(n), ..
            } if block.list_depth == 1 => {
                let Ok(number) = u32::try_from(*n) else {
                    diagnostics.push(Diagnostic {
                        line,
                        message: format!("reference number {n} is too large; entry skipped"),
                    });
                    continue;
                };
                refs.push(cite::parse_reference(number, &block.text, i));
            }
            BlockKind::ListItem { number: None, .. } if block.list_depth == 1 => {
                diagnostics.push(Diagnostic {
                    line,
                    message: "a References item without a number is not a reference (use an ordered list: `12. Author...`)".into(),
                });
            }
            _ => {}
        }
    }
    // Stable sort keeps the first of two entries with one number ahead, and it wins.
    refs.sort_by_key(|r| r.number);
    let mut kept: Vec<Reference> = Vec::with_capacity(refs.len());
    for r in refs {
        if kept.last().is_some_and(|k| k.number == r.number) {
            diagnostics.push(Diagnostic {
                line: item_offsets[r.block].map(|o| lines.line(o)),
                message: format!(
                    "reference {} is listed twice; the first entry is used",
                    r.number
                ),
            });
        } else {
            kept.push(r);
        }
    }
    article.references = kept;
}

fn read_glossary(article: &mut Article, diagnostics: &mut Vec<Diagnostic>) {
    let mut entries: Vec<GlossaryEntry> = Vec::new();
    for (i, block) in article.blocks.iter().enumerate() {
        if article.sections[block.section].role != SectionRole::Glossary {
            continue;
        }
        match block.kind {
            BlockKind::Term => {
                let (term, aliases) = glossary::split_term(&block.text);
                entries.push(GlossaryEntry {
                    term,
                    aliases,
                    definition: String::new(),
                    block: i,
                });
            }
            BlockKind::Definition => {
                if let Some(e) = entries.last_mut() {
                    if !e.definition.is_empty() {
                        e.definition.push(' ');
                    }
                    e.definition.push_str(&block.text);
                }
            }
            _ => {}
        }
    }
    for e in &entries {
        if e.definition.is_empty() {
            diagnostics.push(Diagnostic {
                line: None,
                message: format!("glossary term `{}` has no definition", e.term),
            });
        }
    }
    article.glossary = entries;
}

static FIGURE_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<label>(?:Fig\.|Figure|Supplementary Fig\.|Supplementary Figure|Table|Box)\s*[A-Z]?\d+[A-Za-z]?)\s*[:.|—–-]\s*(?P<caption>.*)$")
        .expect("figure label")
});

fn read_figures(article: &mut Article) {
    for (i, block) in article.blocks.iter().enumerate() {
        if article.sections[block.section].role != SectionRole::Figures
            || !matches!(
                block.kind,
                BlockKind::Paragraph | BlockKind::ListItem { .. }
            )
        {
            continue;
        }
        let (label, caption) = match FIGURE_LABEL.captures(&block.text) {
            Some(c) => (c["label"].to_string(), c["caption"].to_string()),
            None => (String::new(), block.text.clone()),
        };
        article.figures.push(Figure {
            label,
            caption,
            block: i,
        });
    }
}

fn scan_citations(article: &mut Article, excluded: &[Vec<Range<usize>>]) {
    for (i, block) in article.blocks.iter().enumerate() {
        if matches!(block.kind, BlockKind::Code { .. } | BlockKind::Rule)
            || article.sections[block.section].role == SectionRole::References
        {
            continue;
        }
        for f in cite::scan(&block.text, &excluded[i]) {
            article.citations.push(Citation {
                text: block.text[f.range.clone()].to_string(),
                numbers: f.numbers,
                block: i,
                range: f.range,
            });
        }
    }
}
