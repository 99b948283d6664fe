//! Article + width → wrapped lines, and where every citation and glossary term landed.
//!
//! A line does not copy text: it names a byte range of one block's text (or carries a short
//! text of its own for the title header), so a position in the article — a block and a byte —
//! maps to a line and a column and back at any width. That is what lets the reader step from
//! citation to citation, open the term under focus and keep its place on resize.
//!
//! Wrapping goes by grapheme cluster and display width (unicode-segmentation, unicode-width):
//! wide characters take two columns, combining marks none, and no line is wider than the width.
//!
//! Pure: imports the model and the library, never the terminal.

use crate::library::Library;
use crate::model::{Article, BlockKind, Marker, TextSpan};
use std::ops::Range;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// The narrowest text column a line is wrapped to, whatever the indentation: every grapheme
/// (at most two columns wide) fits.
pub const MIN_TEXT_WIDTH: usize = 8;

/// How a synthetic line (one not drawn from a block) should look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Synthetic {
    Title,
    Byline,
    Meta,
    Note,
    Rule,
}

/// No block, no synthetic text: the value a line's `u32` fields take for "none".
const NONE: u32 = u32::MAX;

/// One screen line of the laid-out article. A long article has tens of thousands, so a line is
/// five numbers: its text and prefix are found through the article and the [`Layout`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LayoutLine {
    block: u32,
    start: u32,
    end: u32,
    /// Index into the layout's prefixes.
    prefix: u32,
    /// Index into the layout's synthetic lines.
    synthetic: u32,
}

impl LayoutLine {
    fn blank() -> Self {
        LayoutLine {
            block: NONE,
            start: 0,
            end: 0,
            prefix: 0,
            synthetic: NONE,
        }
    }

    /// The block the line shows part of; `None` for blank and header lines.
    pub fn block(&self) -> Option<usize> {
        (self.block != NONE).then_some(self.block as usize)
    }

    /// Byte range of the block's text on this line.
    pub fn range(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// What an anchor marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AnchorKind {
    /// Index into the article's `citations`.
    Citation(usize),
    /// Index into the library's occurrences of the article.
    Term(usize),
    /// Index into the article's `crossrefs` (`@fig:x`).
    CrossRef(usize),
    /// Index into the article's `mentions` (`Fig. 2b` in the text).
    Figure(usize),
}

/// A citation or term occurrence and where it landed; as small as a line, for the same reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Anchor {
    /// The index, with the top bit set for a term.
    kind: u32,
    /// Where it is in the article; its accessors (`block()`, `range()`, `spot()`) are the
    /// anchor's.
    span: TextSpan,
    line: u32,
    col: u32,
}

impl std::ops::Deref for Anchor {
    type Target = TextSpan;

    fn deref(&self) -> &TextSpan {
        &self.span
    }
}

const TERM_BIT: u32 = 1 << 31;
const CROSSREF_BIT: u32 = 1 << 30;
const FIGURE_BIT: u32 = 1 << 29;

impl Anchor {
    pub fn kind(&self) -> AnchorKind {
        let i = (self.kind & !(TERM_BIT | CROSSREF_BIT | FIGURE_BIT)) as usize;
        if self.kind & TERM_BIT != 0 {
            AnchorKind::Term(i)
        } else if self.kind & CROSSREF_BIT != 0 {
            AnchorKind::CrossRef(i)
        } else if self.kind & FIGURE_BIT != 0 {
            AnchorKind::Figure(i)
        } else {
            AnchorKind::Citation(i)
        }
    }

    /// Line of the layout where it starts.
    pub fn line(&self) -> usize {
        self.line as usize
    }

    /// Display column (from the pane's left edge) where it starts.
    pub fn col(&self) -> usize {
        self.col as usize
    }
}

/// Options that change the shape of the layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LayoutOptions {
    /// Only ASCII in prefixes (quote bars, bullets, rules).
    pub ascii: bool,
    /// Which uses of glossary terms are marked (and are anchors).
    pub terms: TermMarking,
}

/// Which uses of a glossary term are marked in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TermMarking {
    /// Its first use in each section: enough to find it, not a page of underlines.
    #[default]
    First,
    /// Every use.
    All,
    /// None.
    Off,
}

impl TermMarking {
    /// As a settings file names it: `first`, `all`, `off`.
    pub fn by_name(name: &str) -> Option<TermMarking> {
        match name {
            "first" => Some(TermMarking::First),
            "all" => Some(TermMarking::All),
            "off" => Some(TermMarking::Off),
            _ => None,
        }
    }
}

/// An article laid out at one width.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    pub width: usize,
    pub lines: Vec<LayoutLine>,
    /// Per block, the lines it occupies.
    pub block_lines: Vec<Range<usize>>,
    /// Citations and term occurrences, in text order.
    pub anchors: Vec<Anchor>,
    /// What stands before a line's text (indentation, quote bars, a list marker), each once;
    /// the first is empty.
    prefixes: Vec<String>,
    /// Each prefix's place in `prefixes`, while the layout is built: a numbered list of 50,000
    /// items has 50,000 prefixes, and finding each by a scan made layout quadratic.
    prefix_ids: rustc_hash::FxHashMap<String, u32>,
    /// The text of lines that belong to no block: the header and rules.
    synthetic: Vec<(String, Synthetic)>,
}

/// Display width of a string, as the terminal will show it.
pub fn width(s: &str) -> usize {
    if s.is_ascii() {
        // Sanitised text has no ASCII controls: every byte is one printable column.
        return s.len();
    }
    s.graphemes(true).map(grapheme_width).sum()
}

/// Display width of one grapheme cluster, measured as the screen buffer measures it:
/// halfwidth sound marks (U+FF9E, U+FF9F) take a cell of their own.
pub fn grapheme_width(g: &str) -> usize {
    UnicodeWidthStr::width(g)
        + g.chars()
            .filter(|c| matches!(c, '\u{ff9e}' | '\u{ff9f}'))
            .count()
}

/// Wrap `text` to `width` columns: byte ranges of its lines. Breaks at spaces where it can and
/// between graphemes where a word is longer than a line; `\n` always breaks. Spaces at a break
/// belong to no line. No line is wider than `width` (at least 2), except a line holding a single
/// grapheme cluster that is itself wider, which the screen clips.
pub fn wrap(text: &str, width: usize) -> Vec<Range<usize>> {
    let width = width.max(2);
    let mut out = Vec::new();
    let mut start = 0;
    for piece in text.split('\n') {
        wrap_piece(piece, start, width, &mut out);
        start += piece.len() + 1;
    }
    out
}

fn wrap_piece(text: &str, base: usize, width: usize, out: &mut Vec<Range<usize>>) {
    if text.is_ascii() {
        wrap_ascii(text.as_bytes(), base, width, out);
        return;
    }
    let graphemes: Vec<(usize, &str)> = text.grapheme_indices(true).collect();
    let mut line_start = 0usize; // index into graphemes
    let mut i = 0usize;
    let mut line_w = 0usize;
    // Grapheme index of the last space on this line (a break opportunity).
    let mut last_space: Option<usize> = None;
    let byte = |gi: usize| graphemes.get(gi).map_or(text.len(), |g| g.0);
    while i < graphemes.len() {
        let g = graphemes[i].1;
        let gw = grapheme_width(g);
        let is_space = g.chars().all(char::is_whitespace);
        if is_space {
            last_space = Some(i);
            line_w += gw;
            i += 1;
            continue;
        }
        if line_w + gw > width && i > line_start {
            let (end, next) = match last_space.filter(|&s| s > line_start) {
                Some(s) => {
                    let mut first_space = s;
                    while first_space > line_start
                        && graphemes[first_space - 1]
                            .1
                            .chars()
                            .all(char::is_whitespace)
                    {
                        first_space -= 1;
                    }
                    (first_space, s + 1)
                }
                None => (i, i),
            };
            out.push(base + byte(line_start)..base + byte(end));
            line_start = next;
            last_space = None;
            line_w = graphemes[next..i].iter().map(|g| grapheme_width(g.1)).sum();
            continue;
        }
        line_w += gw;
        i += 1;
    }
    // The last line, without trailing spaces (they could pass the width).
    let mut end = graphemes.len();
    while end > line_start && graphemes[end - 1].1.chars().all(char::is_whitespace) {
        end -= 1;
    }
    out.push(base + byte(line_start)..base + byte(end));
}

/// [`wrap_piece`] for ASCII text, where every byte is a grapheme one column wide.
fn wrap_ascii(text: &[u8], base: usize, width: usize, out: &mut Vec<Range<usize>>) {
    let mut start = 0;
    let len = text.len();
    loop {
        while start < len && text[start] == b' ' && start > 0 {
            start += 1;
        }
        if len - start <= width {
            let mut end = len;
            while end > start && text[end - 1] == b' ' {
                end -= 1;
            }
            out.push(base + start..base + end);
            return;
        }
        // The last space at or before the width, else a hard break.
        let limit = start + width;
        let brk = text[start + 1..=limit]
            .iter()
            .rposition(|&b| b == b' ')
            .map(|p| start + 1 + p);
        let (mut end, next) = match brk {
            Some(sp) => (sp, sp + 1),
            None => (limit, limit),
        };
        while end > start && text[end - 1] == b' ' {
            end -= 1;
        }
        out.push(base + start..base + end);
        start = next;
    }
}

/// Lay out article `index` of `lib` at `width` columns.
pub fn layout(lib: &Library, index: usize, width: usize, options: LayoutOptions) -> Layout {
    let n = lib.article(index).blocks.len();
    layout_blocks(lib, index, width, options, 0..n)
}

/// Lay out only `blocks` of article `index` (and its header when they start at the first):
/// what is on screen, quickly, before the whole article is laid out. Line numbers count from
/// the first of them; blocks outside have no lines. Each block's lines are those the whole
/// layout gives it, blank line before it included.
pub fn layout_blocks(
    lib: &Library,
    index: usize,
    width: usize,
    options: LayoutOptions,
    blocks: Range<usize>,
) -> Layout {
    let art = lib.article(index);
    let width = width.max(1);
    let blocks = blocks.start.min(art.blocks.len())..blocks.end.min(art.blocks.len());
    let mut out = Layout {
        width,
        ..Layout::empty()
    };
    if blocks.start == 0 {
        header(art, width, options, &mut out);
    }
    out.block_lines = vec![0..0; blocks.start];
    out.block_lines
        .reserve_exact(art.blocks.len() - blocks.start);
    // Wrapped lines are about as long as the width: room for them all from the start.
    let bytes: usize = art.blocks[blocks.clone()]
        .iter()
        .map(|b| b.text.len())
        .sum();
    out.lines
        .reserve(bytes / width.max(20) + 2 * blocks.len() + 8);
    let mut prev: Option<&BlockKind> = blocks.start.checked_sub(1).map(|b| &art.blocks[b].kind);
    for (bi, block) in art
        .blocks
        .iter()
        .enumerate()
        .skip(blocks.start)
        .take(blocks.len())
    {
        if needs_gap(prev, &block.kind) && !out.lines.is_empty() {
            out.lines.push(LayoutLine::blank());
        }
        prev = Some(&block.kind);
        let first_line = out.lines.len();
        let quote = if options.ascii { "| " } else { "│ " };
        let mut lead = quote.repeat(block.quote_depth as usize);
        let list_indent = (block.list_depth as usize).saturating_sub(1) * 2;
        lead.push_str(&" ".repeat(list_indent));
        let (first_prefix, rest_prefix) = match &block.kind {
            BlockKind::ListItem { marker } => {
                let marker = marker_text(marker, block.list_depth, options.ascii);
                let pad = " ".repeat(self::width(&marker) + 1);
                (format!("{lead}{marker} "), format!("{lead}{pad}"))
            }
            BlockKind::Definition => (format!("{lead}    "), format!("{lead}    ")),
            BlockKind::Code { .. } => (format!("{lead}  "), format!("{lead}  ")),
            _ => (lead.clone(), lead),
        };
        // Deep nesting gives up indentation before it gives up the text.
        let room = |p: &str| width.saturating_sub(self::width(p));
        let (first_prefix, rest_prefix) = if room(&first_prefix) < MIN_TEXT_WIDTH.min(width)
            || room(&rest_prefix) < MIN_TEXT_WIDTH.min(width)
        {
            (String::new(), String::new())
        } else {
            (first_prefix, rest_prefix)
        };
        let bi32 = u32::try_from(bi).unwrap_or(NONE - 1);
        if block.kind == BlockKind::Rule {
            let rule = if options.ascii { "-" } else { "─" };
            let rule = rule.repeat(room(&first_prefix).min(40));
            let line = LayoutLine {
                block: bi32,
                prefix: out.prefix_id(&first_prefix),
                synthetic: out.synthetic_id(rule, Synthetic::Rule),
                ..LayoutLine::blank()
            };
            out.lines.push(line);
            out.block_lines.push(first_line..out.lines.len());
            continue;
        }
        let text_width = room(&rest_prefix).max(1);
        let first_width = room(&first_prefix).max(1);
        // The first line may have a wider prefix than the rest (a list marker): wrap the first
        // line at its own width, then the remainder at the continuation width.
        let text = &block.text;
        let mut ranges = wrap(text, first_width);
        if first_width != text_width && ranges.len() > 1 {
            let rest_start = ranges[1].start;
            let mut rest: Vec<Range<usize>> = wrap(&text[rest_start..], text_width)
                .into_iter()
                .map(|r| r.start + rest_start..r.end + rest_start)
                .collect();
            ranges.truncate(1);
            ranges.append(&mut rest);
        }
        let (first_prefix, rest_prefix) =
            (out.prefix_id(&first_prefix), out.prefix_id(&rest_prefix));
        for (k, r) in ranges.into_iter().enumerate() {
            out.lines.push(LayoutLine {
                block: bi32,
                start: r.start as u32,
                end: r.end as u32,
                prefix: if k == 0 { first_prefix } else { rest_prefix },
                synthetic: NONE,
            });
        }
        out.block_lines.push(first_line..out.lines.len());
    }
    let end = out.lines.len();
    out.block_lines.resize(art.blocks.len(), end..end);
    out.lines.shrink_to_fit();
    // Only needed while lines are added.
    out.prefix_ids = rustc_hash::FxHashMap::default();
    out.anchors = anchors(lib, index, &out, blocks, options.terms);
    out
}

/// What starts a list item's first line: a bullet by nesting depth (`•`, `◦`, `▪`, or `*`, `-`,
/// `+` in ASCII), `3.`, a task box, a footnote's `[^1]`, or the source's own label.
pub fn marker_text(marker: &Marker, list_depth: u8, ascii: bool) -> std::borrow::Cow<'_, str> {
    match marker {
        Marker::Bullet => {
            let bullets = if ascii {
                ["*", "-", "+"]
            } else {
                ["•", "◦", "▪"]
            };
            bullets[usize::from(list_depth.saturating_sub(1)) % 3].into()
        }
        Marker::Number(n) => format!("{n}.").into(),
        Marker::Task { done: true } => "[x]".into(),
        Marker::Task { done: false } => "[ ]".into(),
        Marker::Footnote(label) => format!("[^{label}]").into(),
        Marker::Label(label) => label.as_str().into(),
    }
}

/// Whether a blank line separates a block of kind `next` from the block before it.
fn needs_gap(prev: Option<&BlockKind>, next: &BlockKind) -> bool {
    match (prev, next) {
        (None, _) => true,
        (Some(BlockKind::ListItem { .. }), BlockKind::ListItem { .. }) => false,
        (Some(BlockKind::Term), BlockKind::Definition) => false,
        (Some(BlockKind::Definition), BlockKind::Definition) => false,
        (Some(BlockKind::TableRow { .. }), BlockKind::TableRow { .. }) => false,
        _ => true,
    }
}

/// The lines above the first block: title, authors, journal and year.
fn header(art: &Article, width: usize, options: LayoutOptions, out: &mut Layout) {
    let mut push = |text: &str, kind: Synthetic| {
        for r in wrap(text, width) {
            let line = LayoutLine {
                synthetic: out.synthetic_id(text[r].to_string(), kind),
                ..LayoutLine::blank()
            };
            out.lines.push(line);
        }
    };
    push(art.display_title(), Synthetic::Title);
    if !art.front.authors.is_empty() {
        push(&art.front.authors.join(", "), Synthetic::Byline);
    }
    let meta = art.front.meta();
    if !meta.is_empty() {
        push(
            &meta.join(if options.ascii { " | " } else { " · " }),
            Synthetic::Meta,
        );
    }
    if art.front.title_supplied {
        push("(title supplied; the source gives none)", Synthetic::Note);
    }
}

/// The citations and term occurrences of `blocks`, in text order, each with its place on
/// screen. Both lists are already in text order, so they are merged, not sorted.
fn anchors(
    lib: &Library,
    index: usize,
    layout: &Layout,
    blocks: Range<usize>,
    marking: TermMarking,
) -> Vec<Anchor> {
    let art = lib.article(index);
    let occurrences = lib.occurrences(index);
    // Both lists are ordered by block: those of `blocks` are a slice of each.
    let c0 = art.citations.partition_point(|c| c.block < blocks.start);
    let t0 = occurrences.partition_point(|o| o.block() < blocks.start);
    let cites =
        &art.citations[c0..c0 + art.citations[c0..].partition_point(|c| c.block < blocks.end)];
    let terms = match marking {
        TermMarking::Off => &[],
        _ => &occurrences[t0..t0 + occurrences[t0..].partition_point(|o| o.block() < blocks.end)],
    };
    // With first uses only marked, the others are passed over.
    let marked = |t: usize| marking != TermMarking::First || lib.first_use(index, t0 + t);
    let mut out = Vec::with_capacity(cites.len() + terms.len());
    let (mut c, mut t) = (0, 0);
    loop {
        while t < terms.len() && !marked(t) {
            t += 1;
        }
        if c >= cites.len() && t >= terms.len() {
            break;
        }
        let cite_first = match (cites.get(c), terms.get(t)) {
            (Some(x), Some(o)) => (x.block, x.range.start) <= (o.block(), o.range().start),
            (x, _) => x.is_some(),
        };
        let (kind, block, range) = if cite_first {
            c += 1;
            let x = &cites[c - 1];
            (c0 + c - 1, x.block, x.range.clone())
        } else {
            t += 1;
            let o = &terms[t - 1];
            ((t0 + t - 1) | TERM_BIT as usize, o.block(), o.range())
        };
        let (line, col) = layout.locate(art, block, range.start);
        out.push(Anchor {
            kind: kind as u32,
            span: TextSpan::new(block, range),
            line: line as u32,
            col: col as u32,
        });
    }
    // Cross-references to figures (pandoc's `@fig:x`) and figures named in the text
    // (`Fig. 2b`): few, so merged by a sort.
    let x0 = art.crossrefs.partition_point(|x| x.block < blocks.start);
    let xrefs =
        &art.crossrefs[x0..x0 + art.crossrefs[x0..].partition_point(|x| x.block < blocks.end)];
    let m0 = art.mentions.partition_point(|m| m.block < blocks.start);
    let mentions =
        &art.mentions[m0..m0 + art.mentions[m0..].partition_point(|m| m.block < blocks.end)];
    let spans = xrefs
        .iter()
        .enumerate()
        .map(|(k, x)| ((x0 + k) as u32 | CROSSREF_BIT, x.block, &x.range))
        .chain(
            mentions
                .iter()
                .enumerate()
                .map(|(k, m)| ((m0 + k) as u32 | FIGURE_BIT, m.block, &m.range)),
        );
    let before = out.len();
    for (kind, block, range) in spans {
        let (line, col) = layout.locate(art, block, range.start);
        out.push(Anchor {
            kind,
            span: TextSpan::new(block, range.clone()),
            line: line as u32,
            col: col as u32,
        });
    }
    if out.len() > before {
        out.sort_by_key(|a| a.spot());
    }
    out
}

impl Layout {
    /// A layout of nothing.
    pub fn empty() -> Layout {
        Layout {
            width: 0,
            lines: Vec::new(),
            block_lines: Vec::new(),
            anchors: Vec::new(),
            prefixes: vec![String::new()],
            prefix_ids: rustc_hash::FxHashMap::default(),
            synthetic: Vec::new(),
        }
    }

    fn prefix_id(&mut self, prefix: &str) -> u32 {
        if prefix.is_empty() {
            return 0;
        }
        if let Some(&i) = self.prefix_ids.get(prefix) {
            return i;
        }
        self.prefixes.push(prefix.to_string());
        let id = (self.prefixes.len() - 1) as u32;
        self.prefix_ids.insert(prefix.to_string(), id);
        id
    }

    fn synthetic_id(&mut self, text: String, kind: Synthetic) -> u32 {
        self.synthetic.push((text, kind));
        (self.synthetic.len() - 1) as u32
    }

    /// What stands before the text of `line`: indentation, quote bars, a list marker.
    pub fn prefix(&self, line: &LayoutLine) -> &str {
        self.prefixes
            .get(line.prefix as usize)
            .map_or("", String::as_str)
    }

    /// The text of a line that belongs to no block (a header line, a rule), and its look.
    pub fn synthetic(&self, line: &LayoutLine) -> Option<(&str, Synthetic)> {
        self.synthetic
            .get(line.synthetic as usize)
            .map(|(text, kind)| (text.as_str(), *kind))
    }

    /// The line and display column where byte `at` of block `block` is shown.
    pub fn locate(&self, art: &Article, block: usize, at: usize) -> (usize, usize) {
        let Some(lines) = self.block_lines.get(block) else {
            return (0, 0);
        };
        if lines.is_empty() {
            return (lines.start.min(self.lines.len().saturating_sub(1)), 0);
        }
        // The last line of the block starting at or before `at`.
        let slice = &self.lines[lines.clone()];
        let k = slice
            .partition_point(|l| l.start as usize <= at)
            .saturating_sub(1);
        let line = &slice[k];
        let text = &art.blocks[block].text;
        let range = line.range();
        let upto = at.clamp(range.start, range.end.max(range.start));
        let col = width(self.prefix(line)) + width(text.get(range.start..upto).unwrap_or(""));
        (lines.start + k, col)
    }

    /// The (block, byte) shown first on line `line`, for keeping the place across widths.
    pub fn position_of(&self, line: usize) -> Option<(usize, usize)> {
        // A header or blank line holds no position; use the next line that does.
        self.lines
            .iter()
            .skip(line)
            .find_map(|l| l.block().map(|b| (b, l.start as usize)))
    }

    /// Index of the first anchor at or after `line`.
    pub fn first_anchor_from(&self, line: usize) -> Option<usize> {
        let i = self.anchors.partition_point(|a| a.line() < line);
        (i < self.anchors.len()).then_some(i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(text: &str, w: usize) -> Vec<&str> {
        wrap(text, w).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn wraps_at_spaces() {
        assert_eq!(show("the quick brown fox", 10), ["the quick", "brown fox"]);
        assert_eq!(show("a  b", 1), ["a", "b"]);
        assert_eq!(show("", 5), [""]);
        assert_eq!(show("one\ntwo", 10), ["one", "two"]);
    }

    #[test]
    fn breaks_long_words_and_cjk() {
        assert_eq!(show("abcdefgh", 3), ["abc", "def", "gh"]);
        assert_eq!(show("日本語の文", 4), ["日本", "語の", "文"]);
    }
}
