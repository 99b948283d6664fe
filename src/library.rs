//! All loaded articles, and what only the whole set can tell: which reference each citation
//! resolves to, which references in *other* articles an unresolved citation probably means,
//! and where each glossary term of any article is used in every article.
//!
//! Pure: built from parsed articles, no file system, no terminal.

use crate::cite;
use crate::glossary::{self, Matcher};
use crate::model::{Article, BlockKind, GlossaryEntry, Reference, SectionRole};
use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

/// A glossary entry of the library: article index and entry index in that article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TermId {
    pub article: usize,
    pub entry: usize,
}

/// A use of a glossary term in an article's text.
#[derive(Debug, Clone, PartialEq)]
pub struct TermOccurrence {
    pub block: usize,
    /// Byte range in the block's text.
    pub range: Range<usize>,
    pub term: TermId,
}

/// A reference in another article that an unresolved citation number probably means.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion {
    /// The number as cited, which the citing article's own list lacks.
    pub cited: u32,
    /// The article whose reference list has the suggested entry.
    pub article: usize,
    /// Index into that article's `references`.
    pub reference: usize,
    /// Higher is better; suggestions are sorted by it.
    pub score: u32,
    /// The clues that matched, in words: `first author Luga`, `journal Cell`, `year 2012`.
    pub reasons: Vec<String>,
}

/// What one citation resolves to.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Resolution {
    /// Cited numbers found in the article's own list: (number, index into `references`).
    pub resolved: Vec<(u32, usize)>,
    /// Cited numbers the article's own list lacks.
    pub unresolved: Vec<u32>,
    /// Candidates from other articles for the unresolved numbers; never counted as resolved.
    pub suggestions: Vec<Suggestion>,
}

/// Every loaded article and the cross-article indexes over them.
#[derive(Debug, Default)]
pub struct Library {
    articles: Vec<Article>,
    /// Per article, per citation.
    resolutions: Vec<Vec<Resolution>>,
    /// Per article, in text order.
    occurrences: Vec<Vec<TermOccurrence>>,
    terms: Vec<TermId>,
    matcher: Matcher,
    /// Per article: how many of its citations cite each number.
    cited: Vec<HashMap<u32, usize>>,
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
    pub fn new(articles: Vec<Article>) -> Self {
        let terms: Vec<TermId> = articles
            .iter()
            .enumerate()
            .flat_map(|(a, art)| {
                (0..art.glossary.len()).map(move |e| TermId {
                    article: a,
                    entry: e,
                })
            })
            .collect();
        let matcher = Matcher::new(terms.iter().map(|id| {
            let e = &articles[id.article].glossary[id.entry];
            (e.term.as_str(), e.aliases.as_slice())
        }));
        let mut lib = Library {
            articles,
            resolutions: Vec::new(),
            occurrences: Vec::new(),
            terms,
            matcher,
            cited: Vec::new(),
        };
        lib.cited = lib
            .articles
            .iter()
            .map(|a| {
                let mut counts: HashMap<u32, usize> = HashMap::new();
                for c in &a.citations {
                    for &n in &c.numbers {
                        *counts.entry(n).or_default() += 1;
                    }
                }
                counts
            })
            .collect();
        lib.occurrences = (0..lib.articles.len()).map(|a| lib.find_terms(a)).collect();
        lib.resolutions = (0..lib.articles.len()).map(|a| lib.resolve(a)).collect();
        lib
    }

    pub fn articles(&self) -> &[Article] {
        &self.articles
    }

    pub fn article(&self, index: usize) -> &Article {
        &self.articles[index]
    }

    pub fn len(&self) -> usize {
        self.articles.len()
    }

    pub fn is_empty(&self) -> bool {
        self.articles.is_empty()
    }

    /// What citation `citation` of article `article` resolves to.
    pub fn resolution(&self, article: usize, citation: usize) -> &Resolution {
        &self.resolutions[article][citation]
    }

    /// Every glossary term used in article `article`, in text order.
    pub fn occurrences(&self, article: usize) -> &[TermOccurrence] {
        &self.occurrences[article]
    }

    /// The glossary entry behind `id`.
    pub fn term(&self, id: TermId) -> &GlossaryEntry {
        &self.articles[id.article].glossary[id.entry]
    }

    /// How many citations of article `article` cite number `n`.
    pub fn times_cited(&self, article: usize, n: u32) -> usize {
        self.cited
            .get(article)
            .and_then(|c| c.get(&n))
            .copied()
            .unwrap_or(0)
    }

    /// The reference a suggestion points at.
    pub fn suggested(&self, s: &Suggestion) -> &Reference {
        &self.articles[s.article].references[s.reference]
    }

    fn find_terms(&self, a: usize) -> Vec<TermOccurrence> {
        let art = &self.articles[a];
        let mut out = Vec::new();
        for (i, block) in art.blocks.iter().enumerate() {
            let role = art.sections[block.section].role;
            let skip = role == SectionRole::References
                || matches!(block.kind, BlockKind::Code { .. } | BlockKind::Rule)
                || (role == SectionRole::Glossary && block.kind == BlockKind::Term);
            if skip {
                continue;
            }
            for m in self.matcher.find(&block.text) {
                out.push(TermOccurrence {
                    block: i,
                    range: m.range,
                    term: self.terms[m.term],
                });
            }
        }
        out
    }

    fn resolve(&self, a: usize) -> Vec<Resolution> {
        let art = &self.articles[a];
        let evidence = gather_evidence(art);
        // One search per cited number, shared by every citation of it.
        let mut suggestions: HashMap<u32, Vec<Suggestion>> = HashMap::new();
        art.citations
            .iter()
            .map(|c| {
                let mut r = Resolution::default();
                for &n in &c.numbers {
                    match art.reference_index(n) {
                        Some(i) => r.resolved.push((n, i)),
                        None => r.unresolved.push(n),
                    }
                }
                for &n in &r.unresolved {
                    let found = suggestions
                        .entry(n)
                        .or_insert_with(|| match evidence.get(&n) {
                            Some(ev) if !ev.names.is_empty() => self.suggest(a, n, ev),
                            _ => Vec::new(),
                        });
                    r.suggestions.extend(found.iter().cloned());
                }
                r
            })
            .collect()
    }

    /// References in articles other than `a` whose first author the evidence names, best first.
    fn suggest(&self, a: usize, cited: u32, ev: &Evidence) -> Vec<Suggestion> {
        let mut out = Vec::new();
        for (b, other) in self.articles.iter().enumerate() {
            if b == a {
                continue;
            }
            for (ri, reference) in other.references.iter().enumerate() {
                let Some(first) = reference.first_author() else {
                    continue;
                };
                let Some((name, &count)) = ev.names.iter().find(|(n, _)| same_surname(n, first))
                else {
                    continue;
                };
                let mut score = 10 * count;
                let mut reasons = vec![format!("first author {name}")];
                if let Some(j) = reference.journal.as_deref() {
                    if ev.texts.iter().any(|t| contains_word(t, j)) {
                        score += 5;
                        reasons.push(format!("journal {j}"));
                    }
                }
                if let Some(y) = reference.year {
                    if ev.texts.iter().any(|t| contains_word(t, &y.to_string())) {
                        score += 3;
                        reasons.push(format!("year {y}"));
                    }
                }
                out.push(Suggestion {
                    cited,
                    article: b,
                    reference: ri,
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
    pub fn glossary(&self) -> impl Iterator<Item = (TermId, &GlossaryEntry)> {
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

fn same_surname(a: &str, b: &str) -> bool {
    glossary::fold_word(a) == glossary::fold_word(b)
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
fn gather_evidence(art: &Article) -> BTreeMap<u32, Evidence> {
    let mut evidence: BTreeMap<u32, Evidence> = BTreeMap::new();
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
                for &n in &art.citations[c].numbers {
                    // Only numbers the article's own list lacks need evidence, and a few dozen
                    // sentences are plenty of it.
                    if art.reference_index(n).is_some() {
                        continue;
                    }
                    let ev = evidence.entry(n).or_default();
                    if ev.texts.len() < MAX_EVIDENCE {
                        ev.texts.push(piece.to_string());
                    }
                }
                segment_start = r.end;
            }
            for named in cite::named_authors(&text[sentence.clone()]) {
                let at = sentence.start + named.range.end;
                let owner = here
                    .iter()
                    .copied()
                    .find(|&c| art.citations[c].range.start >= at)
                    .or_else(|| here.last().copied());
                if let Some(c) = owner {
                    for &n in &art.citations[c].numbers {
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
