//! All loaded articles, and what only the whole set can tell: which reference each citation
//! resolves to, which references in *other* articles an unresolved citation probably means,
//! and where each glossary term of any article is used in every article.
//!
//! A library read from files need not hold every article whole: every article is kept as its
//! [`Summary`] (path, title, authors, glossary, and a compact key per reference: first author,
//! journal, year), which is all the list and the other articles need of it, and an *indexed*
//! article is only that. Its body is read again when it
//! is opened: [`Library::wanted`] says which body the library needs and [`Library::install`] or
//! [`Library::lend`] take it, so the reading itself stays with the caller.
//!
//! Pure: built from parsed articles, no file system, no terminal.

use crate::cite;
use crate::glossary::{self, Matcher};
use crate::model::{Article, ArticleId, BlockKind, Reference, SectionRole, Target, TextSpan};
use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::{Path, PathBuf};

/// A glossary entry of the library: article index and entry index in that article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TermId {
    article: u32,
    entry: u32,
}

impl TermId {
    /// The article whose glossary defines it.
    pub fn article(&self) -> usize {
        self.article as usize
    }

    /// Index into that article's glossary.
    pub fn entry(&self) -> usize {
        self.entry as usize
    }
}

/// A use of a glossary term in an article's text: a long article has tens of thousands, so
/// it is five numbers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TermOccurrence {
    /// Where it is; its accessors (`block()`, `range()`) are the occurrence's.
    pub span: TextSpan,
    pub term: TermId,
}

impl std::ops::Deref for TermOccurrence {
    type Target = TextSpan;

    fn deref(&self) -> &TextSpan {
        &self.span
    }
}

/// A reference in another article that an unresolved citation probably means.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion {
    /// The target as cited, which the citing article's own list lacks.
    pub cited: Target,
    /// The article whose reference list has the suggested entry.
    pub article: usize,
    /// Index into that article's `references`; `None` when what is suggested is that article
    /// itself (a Manubot identifier, `@doi:…`, `@pmid:…`, that a loaded article has).
    pub reference: Option<usize>,
    /// Higher is better; suggestions are sorted by it.
    pub score: u32,
    /// The clues that matched, in words: `first author Luga`, `journal Cell`, `year 2012`.
    pub reasons: Vec<String>,
}

/// What one citation resolves to.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Resolution {
    /// Targets found in the article's own list: (target, index into `references`).
    pub resolved: Vec<(Target, usize)>,
    /// Targets the article's own list lacks.
    pub unresolved: Vec<Target>,
    /// Candidates from other articles for the unresolved targets; never counted as resolved.
    pub suggestions: Vec<Suggestion>,
}

/// What a citation the library does not know resolves to: nothing.
static NO_RESOLUTION: Resolution = Resolution {
    resolved: Vec::new(),
    unresolved: Vec::new(),
    suggestions: Vec::new(),
};

/// What the citations of one article resolve to: most cite a number, or a list of numbers,
/// that others cite too, so each list is resolved once.
#[derive(Debug, Default)]
struct Resolutions {
    /// Per citation, index into `distinct`.
    of: Vec<u32>,
    distinct: Vec<Resolution>,
}

/// What the other articles need of one reference to suggest it. Kept for every reference of
/// every article, so it is small: 8 bytes, no text of its own (its DOI, when the list gives
/// DOIs, is in [`Summary::dois`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct RefKey {
    /// A hash of the first author's folded surname; 0 when there is none.
    surname: u32,
    /// Index into its article's journal names; [`NO_JOURNAL`] when there is none.
    journal: u16,
    /// 0 when there is none.
    year: u16,
}

impl RefKey {
    fn year(&self) -> Option<u16> {
        (self.year != 0).then_some(self.year)
    }
}

/// Where a reference is: its number and the block that holds its entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RefPlace {
    pub number: u32,
    pub block: usize,
}

/// Where an article's references are. Almost every list is numbered on from its first entry,
/// one entry per block, so its first place says where all are.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Places {
    /// Reference `i` is number `number + i`, in block `block + i`.
    Run { number: u32, block: u32 },
    /// (number, block) of each reference.
    Each(Box<[(u32, u32)]>),
}

impl Default for Places {
    fn default() -> Self {
        Places::Run {
            number: 0,
            block: 0,
        }
    }
}

impl Places {
    fn of(refs: &[Reference]) -> Places {
        let at = |r: &Reference| (r.number, u32::try_from(r.block).unwrap_or(u32::MAX));
        let Some(first) = refs.first().map(at) else {
            return Places::default();
        };
        let run = refs.iter().map(at).enumerate().all(|(i, (n, b))| {
            let i = u32::try_from(i).ok();
            i.and_then(|i| first.0.checked_add(i)) == Some(n)
                && i.and_then(|i| first.1.checked_add(i)) == Some(b)
        });
        if run {
            Places::Run {
                number: first.0,
                block: first.1,
            }
        } else {
            Places::Each(refs.iter().map(at).collect())
        }
    }

    /// The place of reference `i`, one of `count`.
    fn get(&self, i: usize, count: usize) -> Option<RefPlace> {
        if i >= count {
            return None;
        }
        let (number, block) = match self {
            // `of` checked that these sums fit.
            Places::Run { number, block } => (number + i as u32, block + i as u32),
            Places::Each(each) => *each.get(i)?,
        };
        Some(RefPlace {
            number,
            block: block as usize,
        })
    }
}

/// No journal; also what a journal gets past the 65,535th different one in a library.
const NO_JOURNAL: u16 = u16::MAX;

/// The hash a surname is compared by: of its folded form, so `Luga` and `LUGA` agree. Stable
/// (see [`crate::text::stable_hash32`]): keys may be kept in a saved index.
fn surname_hash(name: &str) -> u32 {
    crate::text::stable_hash32(&glossary::fold_word(name))
}

/// The hash a DOI is compared by: of its lower-cased form (DOIs compare without case).
fn doi_hash(doi: &str) -> u32 {
    crate::text::stable_hash32(&doi.trim().to_lowercase())
}

/// A PubMed or PubMed Central identifier (`pmid:123`, `pmcid:PMC77`) as the library compares
/// them: its kind and value folded (lower case, a PMCID without its `PMC`), stably hashed.
fn identifier_hash(kind: &str, value: &str) -> Option<u32> {
    let v = value.trim().to_lowercase();
    let v = match kind {
        "pmid" => v.as_str(),
        "pmcid" => v.strip_prefix("pmc").unwrap_or(&v),
        _ => return None,
    };
    (!v.is_empty()).then(|| crate::text::stable_hash32(&format!("{kind}:{v}")))
}

/// In [`Summary::ids`], the index that stands for the article itself.
const ITSELF: u32 = u32::MAX;

/// The PubMed identifiers of an article and of its references, for Manubot keys: (reference
/// index or [`ITSELF`], [`identifier_hash`]). Few lists give them, so the list is sparse.
fn identifiers_of(article: &Article) -> Box<[(u32, u32)]> {
    let front = &article.front;
    let own = [("pmid", &front.pmid), ("pmcid", &front.pmcid)]
        .into_iter()
        .filter_map(|(kind, v)| Some((ITSELF, identifier_hash(kind, v.as_deref()?)?)));
    let refs = article.references.iter().enumerate().filter_map(|(i, r)| {
        Some((
            u32::try_from(i).ok()?,
            identifier_hash("pmid", r.pmid.as_deref()?)?,
        ))
    });
    own.chain(refs).collect()
}

/// A hash of each reference's lower-cased DOI ([`doi_hash`]; 0 for one without), or nothing
/// when no reference has a DOI: many lists give none, and pay nothing for them.
fn dois_of(refs: &[Reference]) -> Box<[u32]> {
    if refs.iter().all(|r| r.doi.is_none()) {
        return Box::default();
    }
    refs.iter()
        .map(|r| r.doi.as_deref().map_or(0, doi_hash))
        .collect()
}

/// Keys of `refs`, and the journals they name: each journal is its index in that list, which
/// depends on the references alone, so a key means the same in any library.
fn keys_of(refs: &[Reference]) -> (Box<[RefKey]>, Box<[Box<str>]>) {
    let mut journals: Vec<Box<str>> = Vec::new();
    let mut journal = |name: &str| {
        let id = journals
            .iter()
            .position(|j| &**j == name)
            .unwrap_or_else(|| {
                journals.push(name.into());
                journals.len() - 1
            });
        u16::try_from(id).unwrap_or(NO_JOURNAL)
    };
    let keys = refs
        .iter()
        .map(|r| RefKey {
            surname: r.first_author().map_or(0, surname_hash),
            journal: r.journal.as_deref().map_or(NO_JOURNAL, &mut journal),
            year: r.year.and_then(|y| u16::try_from(y).ok()).unwrap_or(0),
        })
        .collect();
    (keys, journals.into_boxed_slice())
}

/// Journal names, each held once per library: what a summary's journal ids name.
#[derive(Debug, Clone, Default)]
struct Journals {
    names: Vec<Box<str>>,
    ids: HashMap<Box<str>, u16>,
}

impl Journals {
    /// The ids of `names`, each added when new; past 65,535 names, [`NO_JOURNAL`].
    fn ids(&mut self, names: &[Box<str>]) -> Box<[u16]> {
        names
            .iter()
            .map(|name| {
                if let Some(&id) = self.ids.get(name) {
                    return id;
                }
                let Ok(id) = u16::try_from(self.names.len()) else {
                    return NO_JOURNAL;
                };
                if id == NO_JOURNAL {
                    return NO_JOURNAL;
                }
                self.names.push(name.clone());
                self.ids.insert(name.clone(), id);
                id
            })
            .collect()
    }

    fn name(&self, id: u16) -> Option<&str> {
        self.names.get(id as usize).map(|n| &**n)
    }
}

/// What the library keeps of every article, whole or not: what names and lists it, and what
/// the other articles need of it, its glossary and a key per reference. An article of a large
/// folder is mostly this, so its strings share one allocation.
#[derive(Debug, Clone)]
pub struct Summary {
    /// The path as shown, the title, the kind, the authors one per line, then for each glossary
    /// entry its term, its aliases one per line, and its definition.
    text: Box<str>,
    /// Where the path, the title, the kind and the authors end in `text`.
    ends: [u32; 4],
    /// Per glossary entry: where its term, aliases and definition end in `text`, and its block.
    glossary: Box<[[u32; 4]]>,
    year: Option<u32>,
    id: ArticleId,
    keys: Box<[RefKey]>,
    /// The DOIs of the references (see [`dois_of`]).
    dois: Box<[u32]>,
    /// PubMed identifiers of the article and its references (see [`identifiers_of`]).
    ids: Box<[(u32, u32)]>,
    /// The journals its keys name, in the order its references first name them, as ids in
    /// the library's table of names (each name is held once per library, not per article).
    /// These ids live in memory only: what may be saved of a summary is its keys, which index
    /// this list, and the names themselves.
    journals: Box<[u16]>,
    places: Places,
    origin: Origin,
}

/// The file an article can be read again from.
#[derive(Debug, Clone, Default, PartialEq)]
enum Origin {
    #[default]
    None,
    /// The path as shown is the file's path (almost always: it differs only for names that
    /// are not UTF-8 or hold control characters).
    Shown,
    File(Box<Path>),
}

/// A glossary entry as the library keeps it (see [`crate::model::GlossaryEntry`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Term<'a> {
    pub term: &'a str,
    /// One per line.
    aliases: &'a str,
    pub definition: &'a str,
    /// The block holding the term in its article's Glossary section.
    pub block: usize,
}

impl<'a> Term<'a> {
    /// Abbreviations and their forms, `sMVs`, `sMV`.
    pub fn aliases(&self) -> impl Iterator<Item = &'a str> + use<'a> {
        lines(self.aliases)
    }
}

/// Append `items` to `text`, one per line, and say where they end.
fn push_lines<'a>(text: &mut String, items: impl IntoIterator<Item = &'a str>) -> u32 {
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            text.push('\n');
        }
        // Model text holds no control characters; a hand-made article might.
        text.extend(item.chars().map(|c| if c == '\n' { ' ' } else { c }));
    }
    u32::try_from(text.len()).unwrap_or(u32::MAX)
}

/// The items [`push_lines`] wrote.
fn lines(text: &str) -> impl Iterator<Item = &str> {
    text.split('\n').filter(|item| !item.is_empty())
}

impl Summary {
    /// What is kept of `article`.
    fn of(article: &Article) -> (Summary, Box<[Box<str>]>) {
        let mut text = String::new();
        let front = &article.front;
        let ends = [
            push_lines(&mut text, [&*article.path]),
            push_lines(&mut text, [article.display_title()]),
            push_lines(&mut text, front.kind.as_deref()),
            push_lines(&mut text, front.authors.iter().map(String::as_str)),
        ];
        let glossary = article
            .glossary
            .iter()
            .map(|e| {
                [
                    push_lines(&mut text, [&*e.term]),
                    push_lines(&mut text, e.aliases.iter().map(String::as_str)),
                    push_lines(&mut text, [&*e.definition]),
                    u32::try_from(e.block).unwrap_or(u32::MAX),
                ]
            })
            .collect();
        let (keys, journals) = keys_of(&article.references);
        let summary = Summary {
            text: text.into_boxed_str(),
            ends,
            glossary,
            year: front.year,
            id: ArticleId::of(article),
            keys,
            dois: dois_of(&article.references),
            ids: identifiers_of(article),
            journals: Box::default(),
            places: Places::of(&article.references),
            origin: Origin::None,
        };
        (summary, journals)
    }

    fn span(&self, start: u32, end: u32) -> &str {
        self.text
            .get(start as usize..end as usize)
            .unwrap_or_default()
    }

    fn part(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        self.span(start, self.ends[i])
    }

    /// Where the article was loaded from, as shown to the reader.
    pub fn path(&self) -> &str {
        self.part(0)
    }

    /// The title to show (see [`Article::display_title`]).
    pub fn title(&self) -> &str {
        self.part(1)
    }

    /// The article type as its journal names it.
    pub fn kind(&self) -> Option<&str> {
        Some(self.part(2)).filter(|k| !k.is_empty())
    }

    pub fn authors(&self) -> impl Iterator<Item = &str> {
        lines(self.part(3))
    }

    pub fn year(&self) -> Option<u32> {
        self.year
    }

    /// The article as a line of a reference list: `Authors. Title (year)`.
    pub fn as_reference(&self) -> String {
        let authors: Vec<&str> = self.authors().collect();
        let year = self.year.map(|y| format!(" ({y})")).unwrap_or_default();
        format!("{}. {}{year}", authors.join(", "), self.title())
    }

    /// What the article is, whatever its place in the library (see [`ArticleId`]).
    pub fn id(&self) -> &ArticleId {
        &self.id
    }

    /// The file the article can be read again from.
    pub fn origin(&self) -> Option<&Path> {
        match &self.origin {
            Origin::None => None,
            Origin::Shown => Some(Path::new(self.path())),
            Origin::File(path) => Some(path),
        }
    }

    /// Glossary entry `i`.
    pub fn term(&self, i: usize) -> Option<Term<'_>> {
        let [term, aliases, definition, block] = *self.glossary.get(i)?;
        let start = match i {
            0 => self.ends[3],
            _ => self.glossary[i - 1][2],
        };
        Some(Term {
            term: self.span(start, term),
            aliases: self.span(term, aliases),
            definition: self.span(aliases, definition),
            block: block as usize,
        })
    }

    /// The glossary, entry by entry.
    pub fn glossary(&self) -> impl Iterator<Item = Term<'_>> {
        (0..self.glossary.len()).filter_map(|i| self.term(i))
    }

    /// How many entries the glossary has.
    pub fn glossary_len(&self) -> usize {
        self.glossary.len()
    }
}

/// An article as the library takes it: whole, or indexed (its body left out).
#[derive(Debug, Clone)]
pub struct Indexed {
    summary: Summary,
    /// The names of the journals its keys name, until the library holds them.
    journal_names: Box<[Box<str>]>,
    /// Boxed: a folder's index is a long list of these, mostly without a body.
    body: Option<Box<Article>>,
}

impl Indexed {
    /// The article with its body.
    pub fn whole(article: Article) -> Indexed {
        let mut indexed = Indexed::without_body(&article);
        indexed.body = Some(Box::new(article));
        indexed
    }

    /// The file the article can be read again from.
    pub fn from_file(mut self, path: PathBuf) -> Indexed {
        self.summary.origin = match path.to_str() {
            Some(p) if p == self.summary.path() => Origin::Shown,
            _ => Origin::File(path.into_boxed_path()),
        };
        self
    }

    /// The article without its body: its summary alone.
    pub fn without_body(article: &Article) -> Indexed {
        let (summary, journal_names) = Summary::of(article);
        Indexed {
            summary,
            journal_names,
            body: None,
        }
    }
}

/// An article whose body is in memory, and what the library found in it.
#[derive(Debug)]
struct Body {
    article: Article,
    /// What its citations resolve to.
    resolutions: Resolutions,
    /// Glossary terms used in it, in text order.
    occurrences: Vec<TermOccurrence>,
    /// For each occurrence, whether it is its term's first use in its section.
    first_uses: Vec<bool>,
    /// The references (article, index) its suggestions point at, each once.
    suggested_refs: Vec<(usize, usize)>,
    /// How many of its citations cite each target.
    cited: rustc_hash::FxHashMap<Target, usize>,
}

/// Every loaded article and the cross-article indexes over them.
#[derive(Debug, Default)]
pub struct Library {
    /// Per article, what is kept of it whether or not its body is in memory.
    summaries: Vec<Summary>,
    /// Per article, its body when in memory.
    bodies: Vec<Option<Box<Body>>>,
    /// Bodies can be read again, so only the open article's is kept.
    reloadable: bool,
    journals: Journals,
    terms: Vec<TermId>,
    matcher: Matcher,
    /// Suggested references of articles whose bodies are not in memory, copied when read.
    lent: HashMap<(usize, usize), Reference>,
    /// Articles whose bodies could not be read again.
    unreadable: Vec<usize>,
    /// What [`Library::article`] gives for an article whose body is not in memory.
    empty: Article,
}

/// Clues gathered for one cited number from the text around each citation of it.
#[derive(Debug, Default)]
struct Evidence {
    /// Surnames the text attributes to this number, with how often.
    names: BTreeMap<String, u32>,
    /// The pieces of sentences that lead to a citation of this number.
    texts: Vec<String>,
}

impl Library {
    /// A library holding every article whole.
    pub fn new(articles: Vec<Article>) -> Self {
        Library::from_index(articles.into_iter().map(Indexed::whole), false)
    }

    /// A library of articles whole or indexed. With `reloadable`, bodies can be read again, so
    /// installing one drops the others.
    pub fn from_index(entries: impl IntoIterator<Item = Indexed>, reloadable: bool) -> Self {
        let entries = entries.into_iter();
        let (least, most) = entries.size_hint();
        let mut lib = Library {
            summaries: Vec::with_capacity(most.unwrap_or(least)),
            bodies: Vec::with_capacity(most.unwrap_or(least)),
            reloadable,
            ..Library::default()
        };
        let mut bodies = Vec::new();
        for (i, e) in entries.enumerate() {
            let mut summary = e.summary;
            summary.journals = lib.journals.ids(&e.journal_names);
            lib.summaries.push(summary);
            lib.bodies.push(None);
            if let Some(article) = e.body {
                bodies.push((i, article));
            }
        }
        // Some of the files listed could not be read.
        lib.summaries.shrink_to_fit();
        lib.bodies.shrink_to_fit();
        lib.build_matcher();
        for (i, article) in bodies {
            lib.index_body(i, *article);
        }
        lib
    }

    /// The glossary terms of every article, and the matcher that finds them.
    fn build_matcher(&mut self) {
        self.terms = self
            .summaries
            .iter()
            .enumerate()
            .flat_map(|(a, s)| {
                (0..s.glossary_len()).map(move |e| TermId {
                    article: a as u32,
                    entry: e as u32,
                })
            })
            .collect();
        self.matcher = Matcher::new(self.terms.iter().map(|&id| {
            let t = self.term(id);
            (t.term, t.aliases())
        }));
    }

    /// Keep `article` as the body of article `a`, with its citation counts, term occurrences
    /// and resolutions.
    fn index_body(&mut self, a: usize, article: Article) {
        let mut cited: rustc_hash::FxHashMap<Target, usize> = rustc_hash::FxHashMap::default();
        for c in &article.citations {
            for &t in &c.targets {
                *cited.entry(t).or_default() += 1;
            }
        }
        let occurrences = self.find_terms(&article);
        let mut seen: std::collections::HashSet<(usize, TermId)> = std::collections::HashSet::new();
        let first_uses = occurrences
            .iter()
            .map(|o| seen.insert((article.blocks[o.block()].section, o.term)))
            .collect();
        let resolutions = self.resolve(a, &article);
        let mut suggested_refs: Vec<(usize, usize)> = resolutions
            .distinct
            .iter()
            .flat_map(|r| &r.suggestions)
            .filter_map(|s| Some((s.article, s.reference?)))
            .collect();
        suggested_refs.sort_unstable();
        suggested_refs.dedup();
        self.bodies[a] = Some(Box::new(Body {
            article,
            resolutions,
            occurrences,
            first_uses,
            suggested_refs,
            cited,
        }));
    }

    fn body(&self, index: usize) -> Option<&Body> {
        self.bodies.get(index)?.as_deref()
    }

    /// Whether article `index` has its body in memory.
    pub fn is_whole(&self, index: usize) -> bool {
        self.body(index).is_some()
    }

    /// The file article `index` can be read again from.
    pub fn origin(&self, index: usize) -> Option<&Path> {
        self.summaries.get(index)?.origin()
    }

    /// The article read from `path`.
    pub fn find_origin(&self, path: &Path) -> Option<usize> {
        self.summaries.iter().position(|s| s.origin() == Some(path))
    }

    /// What article `index` is, whatever its place in this library.
    pub fn id(&self, index: usize) -> &ArticleId {
        self.summaries[index].id()
    }

    /// The article whose id is `id`: the first, when two copies of one paper are loaded.
    pub fn find_id(&self, id: &ArticleId) -> Option<usize> {
        self.summaries.iter().position(|s| s.id() == id)
    }

    /// Whether article `index`'s body could not be read again.
    pub fn is_unreadable(&self, index: usize) -> bool {
        self.unreadable.contains(&index)
    }

    /// Take the body of article `index`, read again. In a reloadable library every other body
    /// is dropped, so one article is held whole at a time.
    pub fn install(&mut self, index: usize, article: Article) {
        if self.reloadable {
            self.keep_only(index);
            self.lent.clear();
        }
        let origin = std::mem::take(&mut self.summaries[index].origin);
        let (summary, names) = Summary::of(&article);
        let summary = Summary {
            origin,
            journals: self.journals.ids(&names),
            ..summary
        };
        let same_glossary = self.summaries[index].glossary().eq(summary.glossary());
        self.summaries[index] = summary;
        self.unreadable.retain(|&u| u != index);
        if same_glossary {
            self.index_body(index, article);
        } else {
            // Read from front matter alone before, or changed since: the terms are rebuilt and
            // every body in memory matched again.
            self.build_matcher();
            self.bodies[index] = None;
            let mut bodies: Vec<(usize, Article)> = Vec::new();
            for (a, body) in self.bodies.iter_mut().enumerate() {
                if let Some(b) = body.take() {
                    bodies.push((a, b.article));
                }
            }
            bodies.push((index, article));
            for (a, article) in bodies {
                self.index_body(a, article);
            }
        }
    }

    /// Hand over the body of article `index` whole, leaving it indexed here; `None` when it is
    /// not in memory.
    pub fn take_body(&mut self, index: usize) -> Option<Article> {
        self.bodies.get_mut(index)?.take().map(|b| b.article)
    }

    /// In a reloadable library, drop every body but article `index`'s.
    pub fn keep_only(&mut self, index: usize) {
        if !self.reloadable {
            return;
        }
        for (other, body) in self.bodies.iter_mut().enumerate() {
            if other != index {
                *body = None;
            }
        }
    }

    /// Per whole article, the references (article, index) its suggestions point at.
    fn suggested_refs(&self) -> impl Iterator<Item = &(usize, usize)> {
        self.bodies.iter().flatten().flat_map(|b| &b.suggested_refs)
    }

    /// An article whose body is needed and not in memory: one that a suggestion of an open
    /// article points into and whose reference has not been read yet.
    pub fn wanted(&self) -> Option<usize> {
        self.suggested_refs()
            .copied()
            .find(|&(a, r)| {
                !self.is_whole(a)
                    && !self.lent.contains_key(&(a, r))
                    && !self.unreadable.contains(&a)
            })
            .map(|(a, _)| a)
    }

    /// Take from the body of article `index`, read again, the references that suggestions
    /// point at, without keeping the body.
    pub fn lend(&mut self, index: usize, article: &Article) {
        let wanted: Vec<usize> = self
            .suggested_refs()
            .filter(|(a, _)| *a == index)
            .map(|&(_, r)| r)
            .collect();
        for r in wanted {
            let same = article
                .references
                .get(r)
                .filter(|x| self.place(index, r).is_some_and(|p| p.number == x.number));
            match same {
                Some(x) => {
                    self.lent.insert((index, r), x.clone());
                }
                // The file changed since it was indexed: its references are no longer those.
                None => self.mark_unreadable(index),
            }
        }
    }

    /// Article `index`'s body could not be read again: stop asking for it.
    pub fn mark_unreadable(&mut self, index: usize) {
        if !self.unreadable.contains(&index) {
            self.unreadable.push(index);
        }
    }

    /// What is kept of every article, whole or not.
    pub fn summaries(&self) -> &[Summary] {
        &self.summaries
    }

    /// What is kept of article `index`, whole or not.
    pub fn summary(&self, index: usize) -> &Summary {
        &self.summaries[index]
    }

    /// Article `index` with its body; an empty article when its body is not in memory (see
    /// [`Library::is_whole`]; [`Library::summary`] names it either way).
    pub fn article(&self, index: usize) -> &Article {
        self.body(index).map_or(&self.empty, |b| &b.article)
    }

    pub fn len(&self) -> usize {
        self.summaries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.summaries.is_empty()
    }

    /// What citation `citation` of article `article` resolves to.
    pub fn resolution(&self, article: usize, citation: usize) -> &Resolution {
        self.body(article)
            .map(|b| &b.resolutions)
            .and_then(|r| r.distinct.get(*r.of.get(citation)? as usize))
            .unwrap_or(&NO_RESOLUTION)
    }

    /// Every glossary term used in article `article`, in text order.
    pub fn occurrences(&self, article: usize) -> &[TermOccurrence] {
        self.body(article).map_or(&[], |b| &b.occurrences)
    }

    /// Whether occurrence `i` of article `article` is its term's first use in its section.
    pub fn first_use(&self, article: usize, i: usize) -> bool {
        self.body(article)
            .and_then(|b| b.first_uses.get(i))
            .copied()
            .unwrap_or(false)
    }

    /// Entry `entry` of article `article`'s glossary, when it has one.
    pub fn term_id(&self, article: usize, entry: usize) -> Option<TermId> {
        (entry < self.summaries.get(article)?.glossary_len()).then_some(TermId {
            article: u32::try_from(article).ok()?,
            entry: u32::try_from(entry).ok()?,
        })
    }

    /// The glossary entry behind `id`.
    pub fn term(&self, id: TermId) -> Term<'_> {
        self.summaries[id.article()]
            .term(id.entry())
            .expect("a term id names an entry of the library")
    }

    /// How many citations of article `article` cite `target`.
    pub fn times_cited(&self, article: usize, target: Target) -> usize {
        self.body(article)
            .and_then(|b| b.cited.get(&target))
            .copied()
            .unwrap_or(0)
    }

    /// The reference a suggestion points at, when its text is in memory (`None` too when it
    /// suggests an article itself).
    pub fn suggested(&self, s: &Suggestion) -> Option<&Reference> {
        self.reference_of(s.article, s.reference?)
    }

    /// Reference `reference` of article `article`, when its text is in memory: the article is
    /// whole, or a suggestion made the library read it.
    pub fn reference_of(&self, article: usize, reference: usize) -> Option<&Reference> {
        match self.body(article) {
            Some(b) => b.article.references.get(reference),
            None => self.lent.get(&(article, reference)),
        }
    }

    /// Where reference `reference` of article `article` is; known whether or not the article
    /// is whole.
    pub fn place(&self, article: usize, reference: usize) -> Option<RefPlace> {
        let s = self.summaries.get(article)?;
        s.places.get(reference, s.keys.len())
    }

    fn find_terms(&self, art: &Article) -> Vec<TermOccurrence> {
        let mut out = Vec::new();
        // A glossary table's rows: their first cell is the term defined, not a use of it.
        let defined_in_row = |i: usize, at: &Range<usize>| match &art.blocks[i].kind {
            BlockKind::TableRow { cells, .. } => {
                cells
                    .first()
                    .is_some_and(|c| c.start <= at.start && at.end <= c.end)
                    && art.glossary.iter().any(|g| g.block == i)
            }
            _ => false,
        };
        for (i, block) in art.blocks.iter().enumerate() {
            let role = art.sections[block.section].role;
            let skip = role == SectionRole::References
                || matches!(block.kind, BlockKind::Code { .. } | BlockKind::Rule)
                || (role == SectionRole::Glossary && block.kind == BlockKind::Term);
            if skip {
                continue;
            }
            for m in self.matcher.find(&block.text) {
                if defined_in_row(i, &m.range) {
                    continue;
                }
                out.push(TermOccurrence {
                    span: TextSpan::new(i, m.range),
                    term: self.terms[m.term],
                });
            }
        }
        out.shrink_to_fit();
        out
    }

    /// What the citations of `art`, article `a`, resolve to.
    fn resolve(&self, a: usize, art: &Article) -> Resolutions {
        // Clues are gathered for suggestions from other articles: alone, there are none to
        // make (and reading the clues' names is most of the cost).
        let evidence = if self.summaries.len() > 1 {
            gather_evidence(art)
        } else {
            BTreeMap::new()
        };
        // One search per cited number, shared by every citation of it; one resolution per
        // list of numbers, shared by every citation of those numbers.
        let mut suggestions: HashMap<Target, Vec<Suggestion>> = HashMap::new();
        let mut seen: rustc_hash::FxHashMap<&[Target], u32> = rustc_hash::FxHashMap::default();
        let mut out = Resolutions::default();
        out.of.reserve_exact(art.citations.len());
        for c in &art.citations {
            if let Some(&i) = seen.get(c.targets.as_slice()) {
                out.of.push(i);
                continue;
            }
            let i = out.distinct.len() as u32;
            seen.insert(&c.targets, i);
            out.of.push(i);
            out.distinct.push({
                let mut r = Resolution::default();
                for &t in &c.targets {
                    match art.target_index(t) {
                        Some(i) => r.resolved.push((t, i)),
                        None => r.unresolved.push(t),
                    }
                }
                for &n in &r.unresolved {
                    let found = suggestions.entry(n).or_insert_with(|| {
                        // A Manubot key (`doi:…`, `pmid:…`) names its work wherever it is.
                        let by_id = match n.get() {
                            crate::model::TargetKind::Key(k) => art
                                .keys
                                .get(k as usize)
                                .map(|key| self.suggest_by_identifier(a, n, key))
                                .unwrap_or_default(),
                            crate::model::TargetKind::Number(_) => Vec::new(),
                        };
                        if !by_id.is_empty() {
                            return by_id;
                        }
                        match evidence.get(&n) {
                            Some(ev) if !ev.names.is_empty() => self.suggest(a, n, ev),
                            _ => Vec::new(),
                        }
                    });
                    r.suggestions.extend(found.iter().cloned());
                }
                r
            });
        }
        out
    }

    /// What in articles other than `a` a Manubot identifier key names: the references with
    /// that DOI or PMID, and the articles that are that work (by DOI, PMID or PMCID).
    fn suggest_by_identifier(&self, a: usize, cited: Target, key: &str) -> Vec<Suggestion> {
        let Some((kind, value)) = key.split_once(':') else {
            return Vec::new();
        };
        let kind = kind.to_ascii_lowercase();
        let shown = match kind.as_str() {
            "doi" => "DOI",
            "pmid" => "PMID",
            "pmcid" => "PMCID",
            _ => return Vec::new(),
        };
        let value = value.trim();
        let doi = (kind == "doi").then(|| (doi_hash(value), ArticleId::of_doi(value)));
        let hash = identifier_hash(&kind, value);
        let mut out = Vec::new();
        let mut found = |article: usize, reference: Option<usize>| {
            let reason = match reference {
                Some(_) => format!("same {shown} {value}"),
                None => format!("the article itself, {shown} {value}"),
            };
            out.push(Suggestion {
                cited,
                article,
                reference,
                score: 100,
                reasons: vec![reason],
            });
        };
        for (b, summary) in self.summaries.iter().enumerate() {
            if b == a {
                continue;
            }
            if let Some((hash, id)) = &doi {
                if id.as_ref() == Some(&summary.id) {
                    found(b, None);
                }
                for (ri, doi) in summary.dois.iter().enumerate() {
                    if doi == hash {
                        found(b, Some(ri));
                    }
                }
            }
            for &(i, _) in summary.ids.iter().filter(|&&(_, h)| Some(h) == hash) {
                found(b, (i != ITSELF).then_some(i as usize));
            }
        }
        out
    }

    /// Whether article `b`'s reference list may hold the work `r` names, as its summary tells
    /// without its body: a reference with the same DOI, or the same first author and year.
    /// A body read then tells for sure ([`crate::app::same_work`]).
    pub fn may_list(&self, b: usize, r: &Reference) -> bool {
        let s = &self.summaries[b];
        if let Some(doi) = &r.doi {
            let hash = doi_hash(doi);
            if s.dois.contains(&hash) {
                return true;
            }
        }
        let (Some(first), Some(year)) = (r.first_author(), r.year) else {
            return false;
        };
        let surname = surname_hash(first);
        s.keys
            .iter()
            .any(|k| k.surname == surname && k.year().map(u32::from) == Some(year))
    }

    /// References in articles other than `a` whose first author the evidence names, best first.
    fn suggest(&self, a: usize, cited: Target, ev: &Evidence) -> Vec<Suggestion> {
        let mut out = Vec::new();
        let names: Vec<(u32, &String, u32)> = ev
            .names
            .iter()
            .map(|(n, &c)| (surname_hash(n), n, c))
            .collect();
        for (b, summary) in self.summaries.iter().enumerate() {
            if b == a {
                continue;
            }
            for (ri, reference) in summary.keys.iter().enumerate() {
                if reference.surname == 0 {
                    continue;
                }
                let Some(&(_, name, count)) =
                    names.iter().find(|(hash, _, _)| *hash == reference.surname)
                else {
                    continue;
                };
                let mut score = 10 * count;
                let mut reasons = vec![format!("first author {name}")];
                if let Some(j) = summary
                    .journals
                    .get(reference.journal as usize)
                    .and_then(|&id| self.journals.name(id))
                {
                    if ev.texts.iter().any(|t| contains_word(t, j)) {
                        score += 5;
                        reasons.push(format!("journal {j}"));
                    }
                }
                if let Some(y) = reference.year() {
                    if ev.texts.iter().any(|t| contains_word(t, &y.to_string())) {
                        score += 3;
                        reasons.push(format!("year {y}"));
                    }
                }
                out.push(Suggestion {
                    cited,
                    article: b,
                    reference: Some(ri),
                    score,
                    reasons,
                });
            }
        }
        out.sort_by(|x, y| {
            y.score
                .cmp(&x.score)
                .then(x.article.cmp(&y.article))
                .then(x.reference.cmp(&y.reference))
        });
        out
    }

    /// Glossary entries of the whole library, with the article that defines each.
    pub fn glossary(&self) -> impl Iterator<Item = (TermId, Term<'_>)> {
        self.terms.iter().map(|&id| (id, self.term(id)))
    }

    /// Look a phrase up as a glossary term, in any spelling the matcher accepts.
    pub fn lookup_term(&self, text: &str) -> Option<TermId> {
        let m = self.matcher.find(text);
        match m.as_slice() {
            [one] if one.range == (0..text.len()) => Some(self.terms[one.term]),
            _ => None,
        }
    }
}

/// True when `needle` stands in `hay` as whole words (not inside a longer word).
fn contains_word(hay: &str, needle: &str) -> bool {
    let needle = needle.trim_end_matches('.');
    if needle.is_empty() {
        return false;
    }
    hay.match_indices(needle).any(|(i, _)| {
        let before = hay[..i].chars().next_back();
        let after = hay[i + needle.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// Sentences kept as evidence for one cited number.
const MAX_EVIDENCE: usize = 64;

/// For each cited number of an article, the names and text that lead to its citations.
///
/// Within a sentence, a named author belongs to the first citation after the name (or the
/// last one before it, when none follows): in `Suetsugu and colleagues ... [10], unlike Luga and
/// colleagues [8]`, Suetsugu is evidence for 10 and Luga for 8.
fn gather_evidence(art: &Article) -> BTreeMap<Target, Evidence> {
    let mut evidence: BTreeMap<Target, Evidence> = BTreeMap::new();
    let mut by_block: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, c) in art.citations.iter().enumerate() {
        by_block.entry(c.block).or_default().push(i);
    }
    for (&block, cites) in &by_block {
        let text = &art.blocks[block].text;
        // Citations and sentences are both in text order: one pass pairs them.
        let mut next = 0;
        for sentence in cite::sentences(text) {
            while next < cites.len() && art.citations[cites[next]].range.start < sentence.start {
                next += 1;
            }
            let first = next;
            while next < cites.len() && art.citations[cites[next]].range.end <= sentence.end {
                next += 1;
            }
            let here: Vec<usize> = cites[first..next].to_vec();
            if here.is_empty() {
                continue;
            }
            let mut segment_start = sentence.start;
            for (k, &c) in here.iter().enumerate() {
                let r = &art.citations[c].range;
                let end = if k + 1 == here.len() {
                    sentence.end
                } else {
                    r.end
                };
                let piece = &text[segment_start..end];
                for &n in &art.citations[c].targets {
                    // Only targets the article's own list lacks need evidence, and a few dozen
                    // sentences are plenty of it.
                    if art.target_index(n).is_some() {
                        continue;
                    }
                    let ev = evidence.entry(n).or_default();
                    if ev.texts.len() < MAX_EVIDENCE {
                        ev.texts.push(piece.to_string());
                    }
                }
                segment_start = r.end;
            }
            // Names are evidence for what the list lacks: a sentence whose citations all
            // resolve has none to give.
            let lacking = here.iter().any(|&c| {
                art.citations[c]
                    .targets
                    .iter()
                    .any(|&n| art.target_index(n).is_none())
            });
            if !lacking {
                continue;
            }
            for named in cite::named_authors(&text[sentence.clone()]) {
                let at = sentence.start + named.range.end;
                // The first citation after the name (they are in text order), else the last.
                let after = here.partition_point(|&c| art.citations[c].range.start < at);
                let owner = here.get(after).or(here.last()).copied();
                if let Some(c) = owner {
                    for &n in &art.citations[c].targets {
                        *evidence
                            .entry(n)
                            .or_default()
                            .names
                            .entry(named.surname.clone())
                            .or_default() += 1;
                    }
                }
            }
        }
    }
    evidence
}
