//! The article model: plain owned data that every other module reads.
//!
//! An [`Article`] is a flat list of [`Block`]s (no tree, so every walk over it is a loop and
//! nothing recurses on hostile nesting), the sections they fall in, and what was found in them:
//! citations, references, glossary entries, figure captions. Producers (the Markdown parser,
//! later others) fill it; nothing here knows about any input format or the terminal.
//! All text held here has been through [`crate::sanitize`].

use serde::Serialize;
use smallvec::SmallVec;
use std::ops::Range;

/// Deepest list or quote nesting the model keeps; deeper content is flattened to this level.
pub const MAX_DEPTH: u8 = 32;

/// Bibliographic data from the front matter of an article.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct FrontMatter {
    pub title: Option<String>,
    /// True when the title was supplied by whoever prepared the file, not by the source.
    pub title_supplied: bool,
    pub authors: Vec<String>,
    pub journal: Option<String>,
    pub year: Option<u32>,
    pub doi: Option<String>,
    /// The article type as its journal names it: Review, Viewpoint, Research article...
    pub kind: Option<String>,
    pub volume: Option<String>,
    /// First–last page, or the electronic location (`e1001604`).
    pub pages: Option<String>,
    pub pmid: Option<String>,
    pub pmcid: Option<String>,
    /// The licence line.
    pub license: Option<String>,
    pub keywords: Vec<String>,
    /// Where the text came from and how it was prepared.
    pub source: Option<String>,
    /// The bibliography files its pandoc citations are resolved against, as the front matter
    /// names them (relative to the article).
    pub bibliography: Vec<String>,
}

impl FrontMatter {
    /// What a header line says of the article beside its title and authors, in order: its
    /// type, journal, year and `doi:…`. The reader's header and `inspect` show the same facts.
    pub fn meta(&self) -> Vec<String> {
        meta_parts(
            self.kind.as_deref(),
            self.journal.as_deref(),
            self.year,
            self.doi.as_deref(),
        )
    }
}

/// [`FrontMatter::meta`] from its four facts.
pub fn meta_parts(
    kind: Option<&str>,
    journal: Option<&str>,
    year: Option<u32>,
    doi: Option<&str>,
) -> Vec<String> {
    [
        kind.map(str::to_string),
        journal.map(str::to_string),
        year.map(|y| y.to_string()),
        doi.map(|d| format!("doi:{d}")),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// Character styles; a block's text carries runs of these.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
pub struct Style {
    pub emphasis: bool,
    pub strong: bool,
    pub code: bool,
    pub strikethrough: bool,
    pub link: bool,
}

impl Style {
    pub const PLAIN: Style = Style {
        emphasis: false,
        strong: false,
        code: false,
        strikethrough: false,
        link: false,
    };
}

/// A run of one style over a byte range of a block's text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StyleRun {
    pub range: Range<usize>,
    pub style: Style,
}

/// A hyperlink over a byte range of a block's text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Link {
    pub range: Range<usize>,
    pub url: String,
}

/// What kind of block a piece of text is; decides how it is laid out.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum BlockKind {
    Heading {
        level: u8,
    },
    Paragraph,
    /// One item of a list; what starts its first line is chosen when laying out.
    ListItem {
        marker: Marker,
    },
    /// A term of a definition list.
    Term,
    /// A definition of the term before it.
    Definition,
    Code {
        language: Option<String>,
    },
    /// A thematic break (`---`).
    Rule,
    /// One row of a table. `cells` are the byte ranges of its cells in the text; what lies
    /// between two cells is [`CELL_SEPARATOR`], drawn as the reader's separator glyph.
    TableRow {
        header: bool,
        cells: Vec<Range<usize>>,
    },
}

/// What starts a list item. Data, not a glyph: layout draws it (`•` or `*`, `3.`, `[x]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Marker {
    /// An unordered item; its bullet depends on how deep the list is nested.
    Bullet,
    /// The item's number in an ordered list.
    Number(u64),
    /// A task list item, done or not.
    Task { done: bool },
    /// A footnote definition, by its label (`1` for `[^1]`).
    Footnote(String),
    /// A label the source gives the item itself (a JATS `<label>`: `a)`, `(i)`).
    Label(String),
}

impl Marker {
    /// The item's number, in an ordered list.
    pub fn number(&self) -> Option<u64> {
        match self {
            Marker::Number(n) => Some(*n),
            _ => None,
        }
    }
}

/// What the text of a table row holds between two cells; the view draws it in the reader's
/// character set (` | ` in ASCII).
pub const CELL_SEPARATOR: &str = " │ ";

/// One block of text: a paragraph, a list item, a heading, a line of a table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Block {
    pub kind: BlockKind,
    /// The text, sanitised. Soft line breaks are spaces; hard breaks are `\n`.
    pub text: String,
    /// Style runs in order, covering only styled parts of `text`.
    pub styles: Vec<StyleRun>,
    pub links: Vec<Link>,
    /// How many block quotes enclose this block (capped at [`MAX_DEPTH`]).
    pub quote_depth: u8,
    /// How many lists enclose this block (capped at [`MAX_DEPTH`]).
    pub list_depth: u8,
    /// Index of the section the block belongs to.
    pub section: usize,
}

impl Block {
    pub fn new(kind: BlockKind, text: String, section: usize) -> Self {
        Block {
            kind,
            text,
            styles: Vec::new(),
            links: Vec::new(),
            quote_depth: 0,
            list_depth: 0,
            section,
        }
    }

    /// The style in force at byte `at` of the text.
    pub fn style_at(&self, at: usize) -> Style {
        self.styles
            .iter()
            .find(|r| r.range.contains(&at))
            .map(|r| r.style)
            .unwrap_or_default()
    }
}

/// What a section holds beyond ordinary text, recognised from its title.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SectionRole {
    Body,
    References,
    Glossary,
    Figures,
}

/// A heading and the blocks up to the next heading (of any level).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Section {
    /// Empty for the text before the first heading.
    pub title: String,
    /// 0 for the text before the first heading, else the heading level 1–6.
    pub level: u8,
    /// Blocks of this section (the heading is the first, when there is one).
    pub blocks: Range<usize>,
    pub role: SectionRole,
}

/// A section's line in an outline: indented two spaces a level below the first, then its
/// title, or `start` for the text before the first heading. The outline popup and `inspect`
/// list sections with it.
pub fn outline_line(title: &str, level: u8, start: &str) -> String {
    let indent = "  ".repeat(usize::from(level.saturating_sub(1)));
    let title = if title.is_empty() { start } else { title };
    format!("{indent}{title}")
}

/// The most numbers one citation cites. Ranges expand (`[1-3]` is 1, 2, 3), so a few bytes could
/// otherwise stand for millions of numbers; past this many, the rest of what a citation names
/// is not kept (its text stays as written), and the article carries a note saying so.
pub const MAX_CITED: usize = 1000;

/// A stretch of one block's text, in twelve bytes: a long article has tens of thousands of
/// citations and term uses, each found somewhere. The one compact place type the library's
/// term occurrences and the layout's anchors share.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TextSpan {
    block: u32,
    start: u32,
    end: u32,
}

impl TextSpan {
    /// Bytes `range` of block `block` (offsets past 4 GiB are clamped, as no block is that long).
    pub fn new(block: usize, range: Range<usize>) -> TextSpan {
        let small = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        TextSpan {
            block: small(block),
            start: small(range.start),
            end: small(range.end),
        }
    }

    pub fn block(&self) -> usize {
        self.block as usize
    }

    /// Byte range in the block's text.
    pub fn range(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    /// Where it starts in the article: its block and first byte, the order spans are kept in.
    pub fn spot(&self) -> (usize, usize) {
        (self.block as usize, self.start as usize)
    }
}

/// What a citation points at, and what names a reference: a number of a numbered list (`[8]`,
/// `[1-3]`, a superscript) or a key (`[@smith2020]`, `[@doi:10.1/x]`, an author–year match).
/// Four bytes and `Copy`, since a long article holds tens of thousands (as a number alone once
/// was): the top bit says a key, whose value is its index in the article's [`Article::keys`].
/// Made with [`Target::Number`] and [`Target::Key`], read with [`Target::get`].
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Target(u32);

/// A [`Target`] taken apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetKind {
    Number(u32),
    Key(u32),
}

const KEY_BIT: u32 = 1 << 31;

impl Target {
    /// A citation number. Numbers are below 2³¹ (a citation names at most nine digits); a larger
    /// one is kept as the largest, which no list numbers.
    #[allow(non_snake_case)]
    pub const fn Number(n: u32) -> Target {
        Target(if n < KEY_BIT { n } else { KEY_BIT - 1 })
    }

    /// The key at index `k` of the article's keys.
    #[allow(non_snake_case)]
    pub const fn Key(k: u32) -> Target {
        Target((if k < KEY_BIT { k } else { KEY_BIT - 1 }) | KEY_BIT)
    }

    pub fn get(self) -> TargetKind {
        if self.0 & KEY_BIT == 0 {
            TargetKind::Number(self.0)
        } else {
            TargetKind::Key(self.0 & !KEY_BIT)
        }
    }

    /// The number, for a numbered target.
    pub fn number(self) -> Option<u32> {
        match self.get() {
            TargetKind::Number(n) => Some(n),
            TargetKind::Key(_) => None,
        }
    }
}

impl std::fmt::Debug for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.get().fmt(f)
    }
}

impl Serialize for Target {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.get().serialize(s)
    }
}

/// How a pandoc citation names its work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CiteMode {
    /// `[@a]`: author and date in parentheses, or a number.
    Normal,
    /// `[-@a]`: the date (or number) only; the text names the author.
    SuppressAuthor,
    /// `@a`: the author is part of the sentence.
    InText,
    /// `(Smith et al., 2014)`, `Smith (2014)`: named by author and year, matched to the
    /// article's own list; its key is that label, not a bibliography's key.
    AuthorYear,
}

/// What a pandoc citation says around one of its keys: `[see @a, p. 33, and elsewhere]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CiteDetail {
    /// Text before the key: `see`.
    pub prefix: String,
    /// A page, chapter or section: `p. 33`.
    pub locator: String,
    /// Text after the locator: `and elsewhere`.
    pub suffix: String,
    pub mode: CiteMode,
}

/// The target naming `key` among `keys` (an article's [`Article::keys`]), added when new.
pub fn intern_key(keys: &mut Vec<String>, key: &str) -> Target {
    let i = keys.iter().position(|k| k == key).unwrap_or_else(|| {
        keys.push(key.to_string());
        keys.len() - 1
    });
    Target::Key(u32::try_from(i).unwrap_or(u32::MAX))
}

/// The targets of one citation: up to four kept in place, as almost every citation has.
pub type Targets = SmallVec<[Target; 4]>;

/// An in-text citation such as `[1-3]`, `[1,4,5]` or `[@smith2020]`. A long article has tens of
/// thousands, so it names its text by place instead of holding a copy.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Citation {
    /// What it cites, ranges expanded, in the order written, without repeats; at most
    /// [`MAX_CITED`].
    pub targets: Targets,
    /// The block holding it.
    pub block: usize,
    /// Byte range of the bracket in the block's text.
    pub range: Range<usize>,
}

impl Citation {
    /// The numbers it cites, in order.
    pub fn numbers(&self) -> impl Iterator<Item = u32> + '_ {
        self.targets.iter().filter_map(|t| t.number())
    }

    /// The bracket as written, `[1–3, 7]`.
    pub fn text<'a>(&self, article: &'a Article) -> &'a str {
        article
            .blocks
            .get(self.block)
            .and_then(|b| b.text.get(self.range.clone()))
            .unwrap_or("")
    }
}

/// One entry of the reference list, with the fields read from its text where they could be.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reference {
    /// Its number: as the list numbers it, or its place in a list of keyed entries.
    pub number: u32,
    /// Its citation key, when the list names entries by key (a bibliography, a JATS `id`
    /// cited by key); such an entry is cited by its key, not its number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// The entry exactly as written (sanitised); never shortened or rewritten.
    pub text: String,
    /// Author names as written, `Luga, V.`; `et al.` is not an author.
    pub authors: Vec<String>,
    /// Surnames of the authors, in order.
    pub surnames: Vec<String>,
    /// True when the list of authors ends with `et al.`.
    pub et_al: bool,
    pub title: Option<String>,
    pub journal: Option<String>,
    pub volume: Option<String>,
    pub pages: Option<String>,
    pub year: Option<u32>,
    pub doi: Option<String>,
    pub pmid: Option<String>,
    /// The block that holds the entry in the References section.
    pub block: usize,
}

impl Reference {
    pub fn first_author(&self) -> Option<&str> {
        self.surnames.first().map(String::as_str)
    }
}

/// A pandoc-crossref reference in the text, `@fig:cells`: a place in the article it points to.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CrossRef {
    /// `fig:cells`, as written after the `@`.
    pub label: String,
    /// The block holding it, and its byte range there.
    pub block: usize,
    pub range: Range<usize>,
    /// The block it points to (the figure's), when the article has it.
    pub target: Option<usize>,
    /// What it names, `Figure 1`, when found.
    pub name: Option<String>,
}

/// A term defined in an article's glossary.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GlossaryEntry {
    /// The term without its abbreviation, `Shed microvesicles`.
    pub term: String,
    /// Abbreviations and their forms, `sMVs`, `sMV`.
    pub aliases: Vec<String>,
    pub definition: String,
    /// The block holding the term in the Glossary section.
    pub block: usize,
}

/// A figure caption from the Figures section, `Fig. 1: EV biogenesis and cargo contents.`
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figure {
    /// `Fig. 1`
    pub label: String,
    pub caption: String,
    pub block: usize,
}

/// A figure or table named in the running text, `Fig. 2b`, tied to its caption.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FigureMention {
    /// The block holding the name, and its byte range there.
    pub block: usize,
    pub range: Range<usize>,
    /// Index into the article's `figures`.
    pub figure: usize,
}

/// How much a diagnostic matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Worth knowing; the article is complete.
    Note,
    /// Part of the file could not be read (broken or truncated XML): the article holds what
    /// came before, and the file counts as failed.
    Problem,
}

/// Something in a file that was not as it should be but did not stop it loading.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnostic {
    pub line: Option<usize>,
    pub message: String,
    pub severity: Severity,
}

impl Diagnostic {
    /// A note; the message is sanitised as one line here, whatever document text it quotes.
    pub fn note(line: Option<usize>, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(line, message.into(), Severity::Note)
    }

    /// A problem; the message is sanitised as one line here, whatever document text it quotes.
    pub fn problem(line: Option<usize>, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(line, message.into(), Severity::Problem)
    }

    fn new(line: Option<usize>, message: String, severity: Severity) -> Diagnostic {
        let message = match crate::sanitize::one_line(&message) {
            std::borrow::Cow::Borrowed(_) => message,
            std::borrow::Cow::Owned(clean) => clean,
        };
        Diagnostic {
            line,
            message,
            severity,
        }
    }
}

/// What an article is, whatever list it is in and however often it is read: its DOI when it has
/// one, else a digest of its normalised text. Saved places, notes and cached indexes name an
/// article by this, never by its place in a library.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ArticleId {
    /// The DOI, lower-cased (DOIs compare without case), without a `doi:` or resolver prefix.
    Doi(String),
    /// The first 32 hex digits of [`crate::text::text_digest`] over the article's blocks.
    Text(String),
}

impl ArticleId {
    /// The id of the work with DOI `doi` (bare, `doi:…` or a resolver's address); `None` when
    /// it is no DOI.
    pub fn of_doi(doi: &str) -> Option<ArticleId> {
        normal_doi(doi).map(ArticleId::Doi)
    }

    /// The id of `article`.
    pub fn of(article: &Article) -> ArticleId {
        if let Some(doi) = article.front.doi.as_deref().and_then(normal_doi) {
            return ArticleId::Doi(doi);
        }
        let mut digest = crate::text::text_digest(article.blocks.iter().map(|b| b.text.as_str()));
        digest.truncate(32);
        ArticleId::Text(digest)
    }
}

/// A DOI as an id holds it: lower-cased, without `doi:` or a resolver's address; `None` when
/// what is left does not start `10.`.
fn normal_doi(doi: &str) -> Option<String> {
    let d = doi.trim();
    let lower = d.to_lowercase();
    let mut d = lower.as_str();
    for prefix in [
        "https://doi.org/",
        "http://doi.org/",
        "https://dx.doi.org/",
        "http://dx.doi.org/",
        "doi:",
    ] {
        if let Some(rest) = d.strip_prefix(prefix) {
            d = rest.trim_start();
        }
    }
    d.starts_with("10.").then(|| d.to_string())
}

impl std::fmt::Display for ArticleId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ArticleId::Doi(doi) => write!(f, "doi:{doi}"),
            ArticleId::Text(hex) => write!(f, "text:{hex}"),
        }
    }
}

impl std::str::FromStr for ArticleId {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if let Some(doi) = s.strip_prefix("doi:").and_then(normal_doi) {
            return Ok(ArticleId::Doi(doi));
        }
        match s.strip_prefix("text:") {
            Some(hex) if hex.len() == 32 && hex.bytes().all(|b| b.is_ascii_hexdigit()) => {
                Ok(ArticleId::Text(hex.to_ascii_lowercase()))
            }
            _ => Err(format!("not an article id: {s:?}")),
        }
    }
}

impl Serialize for ArticleId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A place in an article that can be saved and found again after a restart, in a library in
/// another order, and after a later version of scholion splits the article into blocks
/// differently.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Location {
    pub article: ArticleId,
    /// The block, as the article was read when the place was taken.
    pub block: usize,
    /// Byte offset in that block's text.
    pub offset: usize,
    /// How many normalised characters ([`crate::text::normalised`]) of the whole article come
    /// before the place: what still finds it when the blocks are no longer the same.
    pub text_offset: usize,
    /// The normalised characters that follow the place in its block (at most
    /// [`CONTEXT_CHARS`]): what finds it again when text was added or taken out before it.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub context: String,
}

/// How many normalised characters a place keeps of the text after it.
pub const CONTEXT_CHARS: usize = 48;

impl Location {
    /// The place at byte `offset` of block `block` of `article`.
    pub fn at(article: &Article, id: ArticleId, block: usize, offset: usize) -> Location {
        let block = block.min(article.blocks.len().saturating_sub(1));
        let before: usize = article.blocks[..block.min(article.blocks.len())]
            .iter()
            .map(|b| crate::text::normalised_len(&b.text))
            .sum();
        Location::after(article, id, block, offset, before)
    }

    /// The place at byte `offset` of block `block`, the blocks before it holding `before`
    /// normalised characters (what [`Location::at`] counts; a reader that keeps the counts
    /// passes them).
    pub fn after(
        article: &Article,
        id: ArticleId,
        block: usize,
        offset: usize,
        before: usize,
    ) -> Location {
        let block = block.min(article.blocks.len().saturating_sub(1));
        let text = article.blocks.get(block).map_or("", |b| b.text.as_str());
        let offset = crate::text::floor_char(text, offset);
        Location {
            article: id,
            block,
            offset,
            text_offset: before + crate::text::normalised_len(&text[..offset]),
            context: crate::text::normalised(&text[offset..])
                .take(CONTEXT_CHARS)
                .collect(),
        }
    }

    /// Where this place is in `article` (which must be the article it names): its block and byte
    /// offset when they still hold the same text, else the place its text offset gives.
    pub fn find(&self, article: &Article) -> (usize, usize) {
        self.find_exact(article).0
    }

    /// [`Location::find`], and whether the place is where it was taken (`false`: the article's
    /// text changed, and this is the nearest place its text offset gives).
    pub fn find_exact(&self, article: &Article) -> ((usize, usize), bool) {
        if let Some(b) = article.blocks.get(self.block) {
            if self.offset <= b.text.len()
                && b.text.is_char_boundary(self.offset)
                && Location::at(article, self.article.clone(), self.block, self.offset).text_offset
                    == self.text_offset
            {
                return ((self.block, self.offset), true);
            }
        }
        if let Some(found) = self.find_context(article) {
            return (found, false);
        }
        let mut left = self.text_offset;
        for (i, b) in article.blocks.iter().enumerate() {
            let n = crate::text::normalised_len(&b.text);
            if left < n || (left == n && i + 1 == article.blocks.len()) {
                // The byte where the `left`-th normalised character starts.
                let mut seen = 0;
                for (at, c) in b.text.char_indices() {
                    if c.is_alphanumeric() {
                        if seen >= left {
                            return ((i, at), false);
                        }
                        seen += c.to_lowercase().count();
                    }
                }
                return ((i, b.text.len()), false);
            }
            left -= n;
        }
        ((article.blocks.len().saturating_sub(1), 0), false)
    }
}

impl Location {
    /// Where the text that followed the place is now: the block whose normalised text holds the
    /// context, the occurrence nearest the old text offset; `None` when no block holds it (or
    /// the place kept too little to be sure: fewer than 12 characters).
    fn find_context(&self, article: &Article) -> Option<(usize, usize)> {
        if self.context.chars().count() < 12 {
            return None;
        }
        let mut best: Option<(usize, (usize, usize))> = None;
        let mut before = 0;
        for (i, b) in article.blocks.iter().enumerate() {
            let norm: String = crate::text::normalised(&b.text).collect();
            let mut from = 0;
            while let Some(k) = norm[from..].find(&self.context) {
                let at = from + k;
                let chars = norm[..at].chars().count();
                let distance = (before + chars).abs_diff(self.text_offset);
                if best.is_none_or(|(d, _)| distance < d) {
                    best = Some((distance, (i, byte_of_normalised(&b.text, chars))));
                }
                from = at + norm[at..].chars().next().map_or(1, char::len_utf8);
            }
            before += norm.chars().count();
        }
        best.map(|(_, at)| at)
    }
}

/// The byte of `text` where its `n`-th normalised character comes from.
fn byte_of_normalised(text: &str, n: usize) -> usize {
    let mut seen = 0;
    for (at, c) in text.char_indices() {
        if c.is_alphanumeric() {
            if seen >= n {
                return at;
            }
            seen += c.to_lowercase().count();
        }
    }
    text.len()
}

/// One loaded article.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Article {
    /// Where it was loaded from, as shown to the reader (sanitised).
    pub path: String,
    pub front: Box<FrontMatter>,
    pub blocks: Vec<Block>,
    pub sections: Vec<Section>,
    pub citations: Vec<Citation>,
    pub references: Vec<Reference>,
    pub glossary: Vec<GlossaryEntry>,
    pub figures: Vec<Figure>,
    pub diagnostics: Vec<Diagnostic>,
    /// The citation keys its citations and references use, each once; [`Target::Key`] indexes
    /// this.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub keys: Vec<String>,
    /// Cross-references to its figures and tables (`@fig:x`), in text order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub crossrefs: Vec<CrossRef>,
    /// Figures and tables named in the running text (`Fig. 2b`) that it has captions for, in
    /// text order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub mentions: Vec<FigureMention>,
    /// For each pandoc citation (by its index in `citations`, in order), what it says around
    /// each of its targets. Apart from the citations, which are counted in tens of thousands
    /// and mostly have none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cite_details: Vec<(usize, Box<[CiteDetail]>)>,
}

impl Article {
    /// The bibliography keys its citations cite, with the citation citing each, in text order:
    /// every keyed target but an author–year citation's label.
    pub fn citation_keys(&self) -> impl Iterator<Item = (usize, u32)> + '_ {
        self.citations.iter().enumerate().flat_map(move |(i, c)| {
            let author_year = self
                .details(i)
                .is_some_and(|d| d.iter().any(|d| d.mode == CiteMode::AuthorYear));
            c.targets
                .iter()
                .filter(move |_| !author_year)
                .filter_map(move |t| match t.get() {
                    TargetKind::Key(k) => Some((i, k)),
                    TargetKind::Number(_) => None,
                })
        })
    }

    /// What pandoc citation `i` says around each of its targets; `None` for any other citation.
    pub fn details(&self, i: usize) -> Option<&[CiteDetail]> {
        let k = self
            .cite_details
            .binary_search_by_key(&i, |(c, _)| *c)
            .ok()?;
        Some(&self.cite_details[k].1)
    }

    /// A target as a reader sees it: `8`, `smith2020`.
    pub fn target_text(&self, t: Target) -> std::borrow::Cow<'_, str> {
        match t.get() {
            TargetKind::Number(n) => n.to_string().into(),
            TargetKind::Key(k) => self.keys.get(k as usize).map_or("?", String::as_str).into(),
        }
    }

    /// What names reference `r` of this article: its key when it has one, else its number.
    pub fn target_of(&self, r: &Reference) -> Target {
        match &r.key {
            Some(key) => match self.keys.iter().position(|k| k == key) {
                Some(i) => Target::Key(u32::try_from(i).unwrap_or(u32::MAX)),
                // A key no citation uses: one that matches no target.
                None => Target::Key(u32::MAX),
            },
            None => Target::Number(r.number),
        }
    }

    /// Index into `references` of the entry `t` names.
    pub fn target_index(&self, t: Target) -> Option<usize> {
        match t.get() {
            TargetKind::Number(n) => self
                .reference_index(n)
                .filter(|&i| self.references[i].key.is_none()),
            TargetKind::Key(k) => {
                let key = self.keys.get(k as usize)?;
                self.references
                    .iter()
                    .position(|r| r.key.as_deref() == Some(key.as_str()))
            }
        }
    }

    /// The title to show: the front matter's, else the first heading, else the path.
    pub fn display_title(&self) -> &str {
        if let Some(t) = self.front.title.as_deref().filter(|t| !t.is_empty()) {
            return t;
        }
        self.sections
            .iter()
            .find(|s| !s.title.is_empty())
            .map(|s| s.title.as_str())
            .unwrap_or(&self.path)
    }

    /// The reference with number `n`, if the article's list has it.
    pub fn reference(&self, n: u32) -> Option<&Reference> {
        self.reference_index(n).map(|i| &self.references[i])
    }

    /// Index into `references` of the entry numbered `n`.
    pub fn reference_index(&self, n: u32) -> Option<usize> {
        // References are kept sorted by number, so a binary search finds them.
        self.references.binary_search_by_key(&n, |r| r.number).ok()
    }

    /// The problems (not notes) found while reading the file.
    pub fn problems(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Problem)
    }

    /// The section containing block `block`.
    pub fn section_of(&self, block: usize) -> Option<&Section> {
        self.blocks
            .get(block)
            .and_then(|b| self.sections.get(b.section))
    }
}
