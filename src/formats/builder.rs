//! Building an [`Article`] from a stream of blocks: what every input format shares.
//!
//! A producer (the Markdown parser, the JATS reader) opens blocks, pushes sanitised text with
//! styles into them, and marks links, citations and ranges that citation scanning must skip.
//! [`finish`] then cuts the blocks into sections and reads the special ones: `References`
//! (numbered list items), `Glossary` (terms and definitions), `Figures` (captions); it learns
//! abbreviations the text defines and finds the citation brackets of the running text.
//!
//! Imports the model and the string modules; no parser, no file system.

use crate::cite;
use crate::glossary;
use crate::model::*;
use crate::sanitize;
use std::ops::Range;

/// The section roles a heading title gives.
pub fn role_of(title: &str) -> SectionRole {
    // A number or letter before the title (`5. References`, `VI References`) and a colon
    // after it do not change what it is.
    let t = title
        .trim()
        .trim_end_matches([':', '：', '.'])
        .to_lowercase();
    let t = t
        .trim_start_matches(|c: char| c.is_ascii_digit() || matches!(c, '.' | ')' | ' '))
        .trim();
    let t = match t.split_once(' ') {
        Some((n, rest)) if !n.is_empty() && n.chars().all(|c| "ivxlc.".contains(c)) => rest,
        _ => t,
    };
    if REFERENCE_HEADINGS.contains(&t) {
        return SectionRole::References;
    }
    match t {
        "glossary" | "definitions" => SectionRole::Glossary,
        "figures" | "figure legends" | "figure captions" => SectionRole::Figures,
        _ => SectionRole::Body,
    }
}

/// The titles reference lists go under, in the languages papers are written in (lower case).
const REFERENCE_HEADINGS: &[&str] = &[
    "references",
    "reference list",
    "references and notes",
    "notes and references",
    "references cited",
    "bibliography",
    "literature",
    "literature cited",
    "works cited",
    "sources",
    "cited literature",
    // Chinese, Japanese, Korean.
    "参考文献",
    "參考文獻",
    "参考资料",
    "引用文献",
    "참고문헌",
    // French, German, Dutch.
    "références",
    "références bibliographiques",
    "bibliographie",
    "literatur",
    "literaturverzeichnis",
    "quellen",
    "quellenverzeichnis",
    "literatuur",
    "referenties",
    // Spanish, Portuguese, Italian.
    "referencias",
    "referencias bibliográficas",
    "bibliografía",
    "referências",
    "referências bibliográficas",
    "bibliografia",
    "riferimenti bibliografici",
    // Russian, Polish, Czech, Ukrainian.
    "список литературы",
    "литература",
    "библиография",
    "bibliografia i przypisy",
    "piśmiennictwo",
    "literatura",
    "список використаних джерел",
    // Swedish, Danish, Norwegian, Finnish, Turkish.
    "referenser",
    "litteratur",
    "litteraturliste",
    "kirjallisuus",
    "lähteet",
    "kaynaklar",
    "kaynakça",
];

/// A place in the text of the block open when it was taken ([`BlockBuilder::mark`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TextMark {
    block: usize,
    at: usize,
}

/// What a citation its source marks itself names: a number, or a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cite {
    Number(u32),
    Key(String),
}

/// A place a pandoc-crossref reference can name.
#[derive(Debug, Clone)]
struct Label {
    /// `fig:cells`, as written after the `#`.
    id: String,
    block: usize,
    /// What a reference to it is shown as: `Figure 1`, `Table 2`, a section's heading.
    name: String,
}

/// Blocks being accumulated, with what is known about each: what every reader builds an
/// article with ([`finish`] makes the article).
#[derive(Default)]
pub struct BlockBuilder {
    /// Whether the text is pandoc Markdown, whose `[@key]` citations are read too.
    pandoc: bool,
    /// Figures the producer found in the running text (pandoc's `![Caption](f){#fig:x}`).
    figures: Vec<Figure>,
    /// What pandoc-crossref references can name: `fig:x`, `tbl:x`, `sec:x`, `eq:x`.
    labels: Vec<Label>,
    blocks: Vec<Block>,
    sections: Vec<Section>,
    /// Per block: byte ranges that citation scanning must skip (code, links, images).
    excluded: Vec<Vec<Range<usize>>>,
    /// Per block: the source line of a list item's marker, for messages about references.
    item_lines: Vec<Option<usize>>,
    /// Citations the producer marked itself (links to `#cite-`, JATS cross-references).
    given: Vec<Citation>,
    cur: Option<Block>,
    /// How many blocks have been opened: tells a [`TextMark`] of the open block from one of a
    /// block closed since.
    opened: usize,
    cur_excluded: Vec<Range<usize>>,
    cur_item_line: Option<usize>,
    cur_given: Vec<(Range<usize>, Vec<Cite>)>,
    /// The citation keys the given citations use, each once (the article's `keys`).
    keys: Vec<String>,
    /// Heading nesting for role inheritance: (level, role).
    heading_stack: Vec<(u8, SectionRole)>,
    /// How many block quotes and lists enclose what is opened next.
    pub quote_depth: usize,
    pub list_depth: usize,
}

fn depth(n: usize) -> u8 {
    n.min(MAX_DEPTH as usize) as u8
}

impl BlockBuilder {
    /// A builder for pandoc Markdown, whose `[@key]` citations are read too.
    pub fn pandoc() -> BlockBuilder {
        BlockBuilder {
            pandoc: true,
            ..BlockBuilder::default()
        }
    }

    /// Whether a block is open.
    pub fn is_open(&self) -> bool {
        self.cur.is_some()
    }

    /// The open block's kind.
    pub fn open_kind(&self) -> Option<&BlockKind> {
        self.cur.as_ref().map(|b| &b.kind)
    }

    /// Close the open block and open one of `kind` at the current depths.
    pub fn open(&mut self, kind: BlockKind) {
        self.flush();
        let mut block = Block::new(kind, String::new(), 0);
        block.quote_depth = depth(self.quote_depth);
        block.list_depth = depth(self.list_depth);
        self.cur = Some(block);
        self.opened += 1;
    }

    /// Open the entry numbered `n` of a list at the top level, as a reference list read from
    /// a PDF or from text has them (`12. Author…`).
    pub fn open_entry(&mut self, n: u32) {
        let depth = std::mem::replace(&mut self.list_depth, 1);
        self.open(BlockKind::ListItem {
            marker: Marker::Number(n.into()),
        });
        self.list_depth = depth;
    }

    /// Record the source line of the open block's list marker.
    pub fn set_item_line(&mut self, line: usize) {
        self.cur_item_line = Some(line);
    }

    /// Change the marker of the open list item while it has no text (a task box).
    pub fn set_marker_if_empty(&mut self, new: Marker) {
        if let Some(Block {
            kind: BlockKind::ListItem { marker, .. },
            text,
            ..
        }) = self.cur.as_mut()
        {
            if text.is_empty() {
                *marker = new;
            }
        }
    }

    /// Length of the open block's text so far (0 when none is open).
    pub fn text_len(&self) -> usize {
        self.cur.as_ref().map_or(0, |b| b.text.len())
    }

    /// Where the open block's text ends now, to make a range of what is appended after it.
    pub fn mark(&self) -> TextMark {
        TextMark {
            block: self.opened,
            at: self.text_len(),
        }
    }

    /// The text appended to the open block since `mark`, when that block is still open (an
    /// element can hold a paragraph of its own, which closes the block it started in).
    pub fn since(&self, mark: &TextMark) -> Option<Range<usize>> {
        let end = self.text_len();
        (self.cur.is_some() && mark.block == self.opened && mark.at <= end).then_some(mark.at..end)
    }

    /// Append text to the open block, sanitised (`verbatim`: bidi controls shown, for code
    /// and URLs), in `style`. `exclude` keeps citation scanning away from it.
    pub fn push_text(&mut self, text: &str, style: Style, exclude: bool, verbatim: bool) {
        if text.is_empty() {
            return;
        }
        let clean = if verbatim {
            sanitize::verbatim(text)
        } else {
            sanitize::prose(text)
        };
        let Some(block) = self.cur.as_mut() else {
            return;
        };
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

    /// A figure shown in the open block (or the next one, when none is open), labelled `id`
    /// (`fig:cells`) for cross-references.
    pub fn add_figure(&mut self, id: String, label: String, caption: String) {
        self.add_label(id, label.clone());
        let block = self.this_block();
        self.figures.push(Figure {
            label,
            caption,
            block,
        });
    }

    /// A label (`tbl:assay`) on the open block (or the last one, when none is open), which
    /// cross-references name as `name` (`Table 1`, a section's heading).
    pub fn add_label(&mut self, id: String, name: String) {
        let block = self.this_block();
        self.labels.push(Label { id, block, name });
    }

    /// The open block, or the last one when none is open.
    fn this_block(&self) -> usize {
        if self.cur.is_some() {
            self.blocks.len()
        } else {
            self.blocks.len().saturating_sub(1)
        }
    }

    /// Close a cell of the open table row: `range` of its text.
    pub fn add_cell(&mut self, range: Range<usize>) {
        if let Some(Block {
            kind: BlockKind::TableRow { cells, .. },
            ..
        }) = self.cur.as_mut()
        {
            cells.push(range);
        }
    }

    /// A hard line break in the open block.
    pub fn push_break(&mut self) {
        if let Some(b) = self.cur.as_mut() {
            b.text.push('\n');
        }
    }

    /// Drop trailing white space from the open block, shortening whatever covered it.
    pub fn trim_end(&mut self) {
        let Some(b) = self.cur.as_mut() else {
            return;
        };
        let len = b.text.trim_end().len();
        if len == b.text.len() {
            return;
        }
        b.text.truncate(len);
        let clip = |r: &mut Range<usize>| {
            r.start = r.start.min(len);
            r.end = r.end.min(len);
        };
        b.styles.iter_mut().for_each(|s| clip(&mut s.range));
        b.styles.retain(|s| !s.range.is_empty());
        b.links.iter_mut().for_each(|l| clip(&mut l.range));
        b.links.retain(|l| !l.range.is_empty());
        if let BlockKind::TableRow { cells, .. } = &mut b.kind {
            cells.iter_mut().for_each(clip);
        }
        self.cur_excluded.iter_mut().for_each(clip);
        self.cur_given.iter_mut().for_each(|(r, _)| clip(r));
        self.cur_given.retain(|(r, _)| !r.is_empty());
    }

    /// Mark `range` of the open block as a link to `url`.
    pub fn add_link(&mut self, range: Range<usize>, url: String) {
        if let Some(b) = self.cur.as_mut() {
            if range.end > range.start {
                b.links.push(Link {
                    range: range.clone(),
                    url,
                });
                self.cur_excluded.push(range);
            }
        }
    }

    /// Take a hyphen off the end of the open block's text: a word cut at a line's end, joined
    /// again.
    pub fn trim_hyphen(&mut self) {
        let Some(block) = self.cur.as_mut().filter(|b| b.text.ends_with('-')) else {
            return;
        };
        block.text.pop();
        let end = block.text.len();
        for run in &mut block.styles {
            run.range.end = run.range.end.min(end);
        }
        block.styles.retain(|r| r.range.start < r.range.end);
        for r in &mut self.cur_excluded {
            r.end = r.end.min(end);
        }
        self.cur_excluded.retain(|r| r.start < r.end);
    }

    /// Keep citation scanning away from `range` of the open block.
    pub fn exclude(&mut self, range: Range<usize>) {
        self.cur_excluded.push(range);
    }

    /// Mark `range` of the open block as a citation of `cites`.
    pub fn add_citation(&mut self, range: Range<usize>, cites: Vec<Cite>) {
        if self.cur.is_some() && range.end > range.start {
            self.cur_excluded.push(range.clone());
            self.cur_given.push((range, cites));
        }
    }

    /// The target of `cite`, its key kept once in `keys`.
    fn target(keys: &mut Vec<String>, cite: Cite) -> Target {
        match cite {
            Cite::Number(n) => Target::Number(n),
            Cite::Key(key) => intern_key(keys, &key),
        }
    }

    /// The text of the open block.
    pub fn text(&self) -> &str {
        self.cur.as_ref().map_or("", |b| b.text.as_str())
    }

    /// Close the open block, if any, and file it under its section.
    pub fn flush(&mut self) {
        let Some(mut block) = self.cur.take() else {
            return;
        };
        let excluded = std::mem::take(&mut self.cur_excluded);
        let item_line = self.cur_item_line.take();
        let given = std::mem::take(&mut self.cur_given);
        if let BlockKind::Heading { level } = block.kind {
            let trimmed = block.text.trim();
            if trimmed.len() != block.text.len() {
                block.text = trimmed.to_string();
                // Trimming moved the text: runs no longer line up, and headings need none.
                block.styles.clear();
                block.links.clear();
            }
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
        let index = self.blocks.len();
        for (range, cites) in given {
            if range.end <= block.text.len() {
                let keys = &mut self.keys;
                self.given.push(Citation {
                    targets: cites
                        .into_iter()
                        .map(|c| BlockBuilder::target(keys, c))
                        .collect(),
                    block: index,
                    range,
                });
            }
        }
        self.blocks.push(block);
        self.excluded.push(excluded);
        self.item_lines.push(item_line);
    }

    /// Number of blocks filed so far.
    pub fn count(&self) -> usize {
        self.blocks.len()
    }
}

/// Make the article: sections, references, glossary, figures, citations.
///
/// `references`, when given, replaces what would be read from the References section's text
/// (a producer that knows the fields better, like the JATS reader, passes them; each names the
/// block that shows it).
pub fn finish(
    path: &str,
    front: FrontMatter,
    mut blocks: BlockBuilder,
    references: Option<Vec<Reference>>,
    mut diagnostics: Vec<Diagnostic>,
) -> Article {
    blocks.flush();
    let BlockBuilder {
        blocks: list,
        mut sections,
        excluded,
        item_lines,
        given,
        keys,
        pandoc,
        figures,
        labels,
        ..
    } = blocks;
    let starts: Vec<usize> = sections.iter().map(|s| s.blocks.start).collect();
    for (i, s) in sections.iter_mut().enumerate() {
        s.blocks.end = starts.get(i + 1).copied().unwrap_or(list.len());
    }
    let mut article = Article {
        path: sanitize::prose(path).into_owned(),
        front: Box::new(front),
        blocks: list,
        sections,
        citations: Vec::new(),
        references: Vec::new(),
        glossary: Vec::new(),
        figures: Vec::new(),
        diagnostics: Vec::new(),
        keys,
        crossrefs: Vec::new(),
        mentions: Vec::new(),
        cite_details: Vec::new(),
    };
    match references {
        Some(refs) => article.references = dedupe_references(refs, &item_lines, &mut diagnostics),
        None => read_references(&mut article, &item_lines, &mut diagnostics),
    }
    read_glossary(&mut article, &mut diagnostics);
    learn_aliases(&mut article);
    article.figures = figures;
    if pandoc {
        read_crossrefs(&mut article, &excluded, &labels);
    }
    read_figures(&mut article);
    scan_citations(&mut article, &excluded, given, pandoc);
    super::mentions::read_mentions(&mut article);
    // What the citation scan noted comes after what the reading noted.
    diagnostics.append(&mut article.diagnostics);
    article.diagnostics = diagnostics;
    article
}

/// A reference's number written at the start of its text, `[12]`, and where its text starts.
fn bracketed_label(text: &str) -> Option<(u32, usize)> {
    let inner = text.strip_prefix('[')?;
    let close = inner.find(']')?;
    let n: u32 = inner[..close].trim().parse().ok().filter(|&n| n > 0)?;
    Some((n, close + 2))
}

fn read_references(
    article: &mut Article,
    item_lines: &[Option<usize>],
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut refs: Vec<Reference> = Vec::new();
    // Entries with no number (an author–year list): cited by author and year, numbered here
    // by their order.
    let mut unnumbered: Vec<usize> = Vec::new();
    for (i, block) in article.blocks.iter().enumerate() {
        if article.sections[block.section].role != SectionRole::References || block.list_depth > 1 {
            continue;
        }
        let is_entry = matches!(
            block.kind,
            BlockKind::Paragraph
                | BlockKind::ListItem {
                    marker: Marker::Bullet
                }
        ) && bracketed_label(&block.text).is_none()
            && !block.text.trim().is_empty();
        if is_entry {
            unnumbered.push(i);
            continue;
        }
        let line = item_lines[i];
        // `[12] Author…` or `[12]Author…`: a paragraph, or a bulleted item, numbered in its text.
        if matches!(
            block.kind,
            BlockKind::Paragraph
                | BlockKind::ListItem {
                    marker: Marker::Bullet
                }
        ) {
            if let Some((number, at)) = bracketed_label(&block.text) {
                let mut r = cite::parse_reference(number, block.text[at..].trim_start(), i);
                r.text = block.text[at..].trim_start().to_string();
                refs.push(r);
                continue;
            }
        }
        if block.list_depth != 1 {
            continue;
        }
        match &block.kind {
            BlockKind::ListItem {
                marker: Marker::Number(n),
            } => {
                let Ok(number) = u32::try_from(*n) else {
                    diagnostics.push(Diagnostic::note(
                        line,
                        format!("reference number {n} is too large; entry skipped"),
                    ));
                    continue;
                };
                refs.push(cite::parse_reference(number, &block.text, i));
            }
            BlockKind::ListItem { .. } => {
                diagnostics.push(Diagnostic::note(
                    line,
                    "a References item without a number is not a reference (use an ordered list: `12. Author...`)",
                ));
            }
            _ => {}
        }
    }
    if refs.is_empty() {
        // No numbered entry at all: an author–year list, numbered by order.
        for (n, &i) in unnumbered.iter().enumerate() {
            let text = article.blocks[i].text.trim().to_string();
            refs.push(cite::parse_reference(n as u32 + 1, &text, i));
        }
    }
    article.references = dedupe_references(refs, item_lines, diagnostics);
}

/// References sorted by number, the first of two with one number kept.
fn dedupe_references(
    mut refs: Vec<Reference>,
    item_lines: &[Option<usize>],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Reference> {
    // A stable sort keeps the first of two entries with one number ahead, and it wins.
    refs.sort_by_key(|r| r.number);
    let mut kept: Vec<Reference> = Vec::with_capacity(refs.len());
    for r in refs {
        if kept.last().is_some_and(|k| k.number == r.number) {
            diagnostics.push(Diagnostic::note(
                item_lines.get(r.block).copied().flatten(),
                format!(
                    "reference {} is listed twice; the first entry is used",
                    r.number
                ),
            ));
        } else {
            kept.push(r);
        }
    }
    kept
}

fn read_glossary(article: &mut Article, diagnostics: &mut Vec<Diagnostic>) {
    let mut entries: Vec<GlossaryEntry> = Vec::new();
    // A table captioned `Table: Glossary.` (pandoc's caption, just before or after it) is a
    // glossary wherever it stands.
    let captioned = |i: usize| {
        let caption = |j: usize| {
            article.blocks.get(j).is_some_and(|b| {
                let t = b.text.trim().to_lowercase();
                matches!(b.kind, BlockKind::Paragraph)
                    && (t.starts_with("table: glossary") || t.starts_with(": glossary"))
            })
        };
        let mut start = i;
        while start > 0 && matches!(article.blocks[start - 1].kind, BlockKind::TableRow { .. }) {
            start -= 1;
        }
        let mut end = i;
        while matches!(
            article.blocks.get(end + 1).map(|b| &b.kind),
            Some(BlockKind::TableRow { .. })
        ) {
            end += 1;
        }
        (start > 0 && caption(start - 1)) || caption(end + 1)
    };
    for (i, block) in article.blocks.iter().enumerate() {
        // A table of terms and definitions, in a Glossary section or captioned as one.
        if let BlockKind::TableRow {
            header: false,
            cells,
        } = &block.kind
        {
            let in_glossary = article.sections[block.section].role == SectionRole::Glossary;
            if cells.len() >= 2 && (in_glossary || captioned(i)) {
                let cell = |k: usize| block.text.get(cells[k].clone()).unwrap_or("").trim();
                let (term, aliases) = glossary::split_term(cell(0));
                if !term.is_empty() {
                    entries.push(GlossaryEntry {
                        term,
                        aliases,
                        definition: cell(1).to_string(),
                        block: i,
                    });
                }
                continue;
            }
        }
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
            diagnostics.push(Diagnostic::note(
                None,
                format!("glossary term `{}` has no definition", e.term),
            ));
        }
    }
    article.glossary = entries;
}

/// The label of a caption, `Fig. 1: ...`, `Figure 2. ...`, `Table S1 | ...`: a few words
/// ending in a number (and perhaps a letter or two) before a separator.
fn figure_label(text: &str) -> Option<(&str, &str)> {
    let head: &str = &text[..text.char_indices().nth(60).map_or(text.len(), |(i, _)| i)];
    let is_label = |label: &str| {
        let words = label.split_whitespace().count();
        let core = label.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        let numbered =
            label.len() - core.len() <= 2 && core.ends_with(|c: char| c.is_ascii_digit());
        // `S1 Table`, `S2 Video`: the number first, then the kind.
        let kind_last = label.split_whitespace().next().is_some_and(|w| {
            w.starts_with(char::is_uppercase) && w.ends_with(|c: char| c.is_ascii_digit())
        }) && words == 2;
        (1..=5).contains(&words) && (numbered || kind_last) && label.starts_with(char::is_uppercase)
    };
    for sep in [": ", ". ", " | ", " — ", " – ", " - "] {
        for (i, _) in head.match_indices(sep) {
            let label = text[..i].trim();
            if is_label(label) {
                return Some((label, text[i + sep.len()..].trim_start()));
            }
        }
    }
    None
}

/// Whether `abbr` can stand for `phrase`: it starts with the phrase's first letter and its
/// letters and digits come in the phrase in order (`TME`, tumour microenvironment; not `FL`
/// for cBIN1 in "full-length cBIN1 (FL)").
fn abbreviates(abbr: &str, phrase: &str) -> bool {
    let mut letters = abbr
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase);
    let mut text = phrase
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase);
    match (letters.next(), text.next()) {
        (Some(a), Some(p)) if a == p => {}
        _ => return false,
    }
    letters.all(|a| text.any(|p| p == a))
}

/// Abbreviations the text defines for glossary terms, `tumour microenvironment (TME)`, become
/// aliases of those terms (the first definition of an abbreviation counts).
fn learn_aliases(article: &mut Article) {
    if article.glossary.is_empty() {
        return;
    }
    let keys: Vec<String> = article
        .glossary
        .iter()
        .map(|e| glossary::phrase_key(glossary::words_of(&e.term)))
        .collect();
    let mut learned: Vec<(usize, String)> = Vec::new();
    let mut seen: rustc_hash::FxHashSet<&str> = rustc_hash::FxHashSet::default();
    for block in &article.blocks {
        let role = article.sections[block.section].role;
        if role != SectionRole::Body || matches!(block.kind, BlockKind::Code { .. }) {
            continue;
        }
        let text = &block.text;
        for (open, _) in text.match_indices(" (") {
            // An abbreviation is at most 16 characters: its `)` is looked for that far only, so
            // a text of unclosed ` (` costs its length, not its length squared.
            let window = &text.as_bytes()[open + 2..(open + 2 + 16 * 4 + 1).min(text.len())];
            let Some(close) = window.iter().position(|&b| b == b')').map(|c| open + 2 + c) else {
                continue;
            };
            let abbr = &text[open + 2..close];
            if !glossary::is_abbreviation(abbr) || seen.contains(abbr) {
                continue;
            }
            // A term is a few words: looking back 200 bytes is enough, and keeps this linear.
            let mut from = open.saturating_sub(200);
            while !text.is_char_boundary(from) {
                from += 1;
            }
            let before = glossary::words_of(&text[from..open]);
            for n in 1..=before.len().min(8) {
                let key = glossary::phrase_key(before[before.len() - n..].iter().copied());
                if !abbreviates(abbr, &key) {
                    continue;
                }
                if let Some(k) = keys.iter().position(|t| *t == key) {
                    learned.push((k, abbr.to_string()));
                    seen.insert(abbr);
                    break;
                }
            }
        }
    }
    for (k, abbr) in learned {
        let taken = article.glossary.iter().any(|e| e.aliases.contains(&abbr));
        if !taken {
            for form in glossary::abbreviation_forms(&abbr) {
                if !article.glossary[k].aliases.contains(&form) {
                    article.glossary[k].aliases.push(form);
                }
            }
        }
    }
}

/// pandoc-crossref references, `@fig:x`, `@tbl:x`, `@sec:x`, `@eq:x`, each pointed at the
/// place labelled so when there is one.
fn read_crossrefs(article: &mut Article, excluded: &[Vec<Range<usize>>], labels: &[Label]) {
    let mut out = Vec::new();
    for (i, block) in article.blocks.iter().enumerate() {
        if matches!(block.kind, BlockKind::Code { .. }) || !block.text.contains('@') {
            continue;
        }
        for f in cite::pandoc::scan_crossrefs(&block.text, &excluded[i]) {
            let label = labels.iter().find(|l| l.id == f.label);
            out.push(CrossRef {
                target: label.map(|l| l.block),
                name: label.map(|l| l.name.clone()),
                label: f.label,
                block: i,
                range: f.range,
            });
        }
    }
    article.crossrefs = out;
}

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
        let (label, caption) = match figure_label(&block.text) {
            Some((l, c)) => (l.to_string(), c.to_string()),
            None => (String::new(), block.text.clone()),
        };
        article.figures.push(Figure {
            label,
            caption,
            block: i,
        });
    }
}

/// The captions set in the running text (a PDF's, where figures and tables stand among the
/// paragraphs): every paragraph that starts with a figure's or a table's label (`Fig 1.`,
/// `Figure 2:`, `Table S1 |`, `Supplementary Figure 3.`, or the label set apart by its type
/// alone, `Figure 1 The study area`) is one of the article's figures.
pub fn read_captions(article: &mut Article) {
    const KINDS: &[&str] = &[
        "fig",
        "fig.",
        "figure",
        "figs",
        "figs.",
        "table",
        "supplementary",
        "extended",
        "box",
    ];
    for (i, block) in article.blocks.iter().enumerate() {
        if article.sections[block.section].role != SectionRole::Body
            || block.kind != BlockKind::Paragraph
        {
            continue;
        }
        let Some((label, caption)) = figure_label(&block.text).or_else(|| bare_label(&block.text))
        else {
            continue;
        };
        let kind = label.split_whitespace().next().unwrap_or("").to_lowercase();
        if KINDS.contains(&kind.as_str()) {
            article.figures.push(Figure {
                label: label.to_string(),
                caption: caption.to_string(),
                block: i,
            });
        }
    }
}

/// A label of two words, a type and a number, then a capitalised caption with nothing between
/// (`Figure 1 The study area`, `Fig. 2 Mean scores`), as captions set their label in bold.
fn bare_label(text: &str) -> Option<(&str, &str)> {
    let mut words = text.splitn(3, ' ');
    let (kind, number, caption) = (words.next()?, words.next()?, words.next()?);
    let numbered = number.starts_with(|c: char| c.is_ascii_digit() || c == 'S')
        && number.chars().any(|c| c.is_ascii_digit())
        && number.chars().all(|c| c.is_ascii_alphanumeric())
        && number.len() <= 4;
    (numbered && kind.starts_with(char::is_uppercase) && caption.starts_with(char::is_uppercase))
        .then(|| (&text[..kind.len() + 1 + number.len()], caption))
}

/// Citation brackets found in the running text, with the citations the producer gave, in
/// text order.
/// Where a citation is: its block and its first byte.
type Place = (usize, usize);

/// Find the citations of the running text: numeric brackets always, pandoc citations when the
/// reader says the text is pandoc Markdown (`pandoc`).
fn scan_citations(
    article: &mut Article,
    excluded: &[Vec<Range<usize>>],
    given: Vec<Citation>,
    pandoc: bool,
) {
    let mut article_keys = std::mem::take(&mut article.keys);
    // What pandoc and author–year citations say around their targets, by place until the
    // citations are in order.
    let mut pandoc_details: Vec<(Place, Box<[CiteDetail]>)> = Vec::new();
    // Author–year citations that fit several entries: shown unresolved, never guessed.
    let mut ambiguous: Vec<String> = Vec::new();
    let scanned = |block: &Block| {
        !(matches!(block.kind, BlockKind::Code { .. } | BlockKind::Rule)
            || article.sections[block.section].role == SectionRole::References)
    };
    // A long article has tens of thousands: room for one per bracket that opens on a number
    // (a citation takes at least three bytes), rather than doubling as they are found.
    let brackets: usize = article
        .blocks
        .iter()
        .filter(|b| scanned(b))
        .map(|b| {
            let after = |i: usize| b.text.as_bytes().get(i + 1).copied().unwrap_or(b'x');
            let n = b
                .text
                .match_indices('[')
                .filter(|&(i, _)| after(i).is_ascii_digit() || after(i) == b' ')
                .count();
            n.min(b.text.len() / 3)
        })
        .sum();
    let mut all = given;
    all.reserve_exact(brackets);
    let mut capped = 0;
    for (i, block) in article.blocks.iter().enumerate() {
        if !scanned(block) {
            continue;
        }
        for f in cite::scan(&block.text, &excluded[i]) {
            capped += usize::from(f.capped);
            all.push(Citation {
                targets: f.numbers.iter().map(|&n| Target::Number(n)).collect(),
                block: i,
                range: f.range,
            });
        }
        for f in cite::author_year::scan(&block.text, &excluded[i]) {
            let mut targets = Targets::new();
            let mut details = Vec::with_capacity(f.items.len());
            for item in &f.items {
                let target = match cite::author_year::match_reference(item, &article.references) {
                    cite::author_year::Match::One(r) => {
                        Target::Number(article.references[r].number)
                    }
                    cite::author_year::Match::Ambiguous(rs) => {
                        let numbers: Vec<String> = rs
                            .iter()
                            .map(|&r| article.references[r].number.to_string())
                            .collect();
                        ambiguous.push(format!(
                            "`{}` (entries {})",
                            item.label,
                            numbers.join(", ")
                        ));
                        intern_key(&mut article_keys, &item.label)
                    }
                    cite::author_year::Match::None => intern_key(&mut article_keys, &item.label),
                };
                if !targets.contains(&target) {
                    targets.push(target);
                    details.push(CiteDetail {
                        prefix: String::new(),
                        locator: String::new(),
                        suffix: String::new(),
                        mode: CiteMode::AuthorYear,
                    });
                }
            }
            pandoc_details.push(((i, f.range.start), details.into_boxed_slice()));
            all.push(Citation {
                targets,
                block: i,
                range: f.range,
            });
        }
        if pandoc {
            for f in cite::pandoc::scan(&block.text, &excluded[i]) {
                let mut targets = Targets::new();
                let mut details = Vec::with_capacity(f.items.len());
                for item in f.items {
                    targets.push(intern_key(&mut article_keys, &item.key));
                    details.push(CiteDetail {
                        prefix: item.prefix,
                        locator: item.locator,
                        suffix: item.suffix,
                        mode: item.mode,
                    });
                }
                pandoc_details.push(((i, f.range.start), details.into_boxed_slice()));
                all.push(Citation {
                    targets,
                    block: i,
                    range: f.range,
                });
            }
        }
    }
    article.keys = article_keys;
    if !ambiguous.is_empty() {
        let n = ambiguous.len();
        ambiguous.truncate(5);
        article.diagnostics.push(Diagnostic::note(
            None,
            format!(
                "{n} author–year citation{} fit more than one reference and {} not resolved: {}",
                if n == 1 { "" } else { "s" },
                if n == 1 { "is" } else { "are" },
                ambiguous.join("; ")
            ),
        ));
    }
    // Places are distinct, so an unstable sort (which needs no buffer) gives the one order.
    if !all.is_sorted_by_key(|c| (c.block, c.range.start)) {
        all.sort_unstable_by_key(|c| (c.block, c.range.start));
    }
    all.shrink_to_fit();
    article.cite_details = pandoc_details
        .into_iter()
        .filter_map(|(place, d)| {
            let i = all
                .binary_search_by_key(&place, |c| (c.block, c.range.start))
                .ok()?;
            Some((i, d))
        })
        .collect();
    article.cite_details.sort_by_key(|(i, _)| *i);
    article.citations = all;
    if capped > 0 {
        article.diagnostics.push(capped_note(capped));
    }
}

/// The note an article carries when some of its citations named more numbers than are kept.
pub fn capped_note(count: usize) -> Diagnostic {
    Diagnostic::note(
        None,
        format!(
            "{count} citation{} named more than {} numbers; only the first {} of each are kept",
            if count == 1 { "" } else { "s" },
            crate::model::MAX_CITED,
            crate::model::MAX_CITED
        ),
    )
}

#[cfg(test)]
mod abbreviation_tests {
    use super::abbreviates;

    #[test]
    fn an_abbreviation_fits_the_phrase_it_follows() {
        assert!(abbreviates("TME", "tumour microenvironment"));
        assert!(abbreviates("sMVs", "shed microvesicles"));
        assert!(abbreviates("PMN", "pre metastatic niche"));
        assert!(!abbreviates("FL", "cbin1"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figure_labels() {
        assert_eq!(
            figure_label("Fig. 1: EV biogenesis."),
            Some(("Fig. 1", "EV biogenesis."))
        );
        assert_eq!(figure_label("Figure 2. Mice."), Some(("Figure 2", "Mice.")));
        assert_eq!(figure_label("Table S1 | Data"), Some(("Table S1", "Data")));
        assert_eq!(
            figure_label("Figure 1—figure supplement 2: More."),
            Some(("Figure 1—figure supplement 2", "More."))
        );
        assert_eq!(
            figure_label("S1 Table: Raw data."),
            Some(("S1 Table", "Raw data."))
        );
        assert_eq!(figure_label("A caption without a label."), None);
    }
}
