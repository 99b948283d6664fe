//! Where a citation leads and where a reference is cited.
//!
//! Enter on a citation of several references (`[1-9]`) opens a chooser of them, one row each;
//! Enter on a row follows it. On a reference — a focused citation of one, a chooser's row, or
//! the entry a jump marked in the References section — `r` lists every place that cites it:
//! in the open article, and in every other loaded article whose own list has the same work
//! (the same DOI, else the same first author, year and title), or whose citation only a
//! suggestion ties to it (listed as suggested). Each place comes with its sentence; Enter
//! jumps there and Ctrl-o comes back.

use super::margin::Note;
use super::popup::{self, Tone, ToneLine};
use super::{App, Overlay};
use crate::layout::AnchorKind;
use crate::model::{Article, Reference, Target};
use std::ops::Range;

/// The longest a citing sentence is shown, in characters.
const SENTENCE_MAX: usize = 400;

/// One place that cites a reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CitingPlace {
    pub article: usize,
    /// The citation, in that article's citations.
    pub citation: usize,
    pub block: usize,
    /// The citation as written, `[8]`, and the title of the section it is in (empty before
    /// the first heading): kept, since the article may not stay in memory.
    pub cite: String,
    pub section: String,
    /// The sentence around the citation, as written.
    pub sentence: String,
    /// Only a suggestion ties the citation to the reference (the citing article's own list
    /// lacks the number).
    pub suggested: bool,
}

impl App {
    /// Enter on citation `c`: its one reference followed, or a chooser of its several.
    pub(super) fn follow_citation(&mut self, c: usize) {
        let targets = &self.article().citations[c].targets;
        match targets.len() {
            0 => {}
            1 => {
                let t = *targets.iter().next().expect("one target");
                self.follow_target(c, t);
            }
            _ => {
                self.overlay = Overlay::Cited {
                    citation: c,
                    selected: 0,
                }
            }
        }
    }

    /// Follow target `t` of citation `c`: to its reference in this article's list, else to
    /// the best suggestion from another, else say why not.
    pub(super) fn follow_target(&mut self, c: usize, t: Target) {
        let res = self.lib.resolution(self.current, c).clone();
        let label = self.article().target_text(t).into_owned();
        if let Some(&(_, index)) = res.resolved.iter().find(|(n, _)| *n == t) {
            let block = self.article().references[index].block;
            self.jump_to(self.current, block);
            self.message = Some(format!("Reference {label}"));
            return;
        }
        let suggestion = res.suggestions.iter().find(|s| {
            s.cited == t
                && s.reference
                    .is_none_or(|r| self.lib.place(s.article, r).is_some())
        });
        if let Some(s) = suggestion {
            let title = self.lib.summary(s.article).title().to_string();
            match s.reference.and_then(|r| self.lib.place(s.article, r)) {
                Some(place) => {
                    self.jump_to(s.article, place.block);
                    self.message = Some(format!(
                        "Suggested for {label}: reference {} of {title} (not this article's own list)",
                        place.number
                    ));
                }
                None => {
                    self.jump_to(s.article, 0);
                    self.message = Some(format!(
                        "{label} is {title}, loaded here (not this article's own list)"
                    ));
                }
            }
            return;
        }
        let text = self.article().citations[c].text(self.article()).to_string();
        self.message = Some(if self.reading_rest {
            format!("{text}: {label} not found yet; the reference list is still being read")
        } else {
            format!(
                "{text}: {label} not in this article's reference list, and no other article has it"
            )
        });
    }

    /// The chooser's rows for citation `c`: one line per reference, as the margin notes it;
    /// only the rows of `shown` are written out (a citation may name a thousand numbers), the
    /// others are left empty.
    pub fn chooser_lines(&self, c: usize, width: usize, shown: Range<usize>) -> Vec<ToneLine> {
        let known = super::margin::known_targets(self.lib.resolution(self.current, c));
        self.article().citations[c]
            .targets
            .iter()
            .enumerate()
            .map(|(row, &t)| {
                if !shown.contains(&row) {
                    return Vec::new();
                }
                self.note_line(&Note::of(c, t, known.contains(&t)), width)
            })
            .collect()
    }

    /// The reference the reader is on, as (article, index into its references): the chooser's
    /// row, the focused citation's one reference (or the one suggested for it), or the entry
    /// the last jump marked.
    fn reference_here(&self) -> Result<(usize, usize), String> {
        let of_target = |c: usize, t: Target| -> Result<(usize, usize), String> {
            let res = self.lib.resolution(self.current, c);
            if let Some(&(_, i)) = res.resolved.iter().find(|(n, _)| *n == t) {
                return Ok((self.current, i));
            }
            res.suggestions
                .iter()
                .find(|s| s.cited == t)
                .and_then(|s| Some((s.article, s.reference?)))
                .ok_or_else(|| {
                    format!(
                        "{} is in no loaded reference list",
                        self.article().target_text(t)
                    )
                })
        };
        match (&self.overlay, self.focus_kind()) {
            (Overlay::Cited { citation, selected }, _) => {
                let t = self.article().citations[*citation]
                    .targets
                    .get(*selected)
                    .copied()
                    .ok_or("no reference chosen")?;
                of_target(*citation, t)
            }
            (_, Some(AnchorKind::Citation(c))) => {
                let targets = &self.article().citations[c].targets;
                if targets.len() > 1 {
                    return Err("a citation of several: Enter lists them, then choose one".into());
                }
                let t = *targets.iter().next().ok_or("a citation of nothing")?;
                of_target(c, t)
            }
            _ => {
                let art = self.article();
                self.mark
                    .and_then(|b| art.references.iter().position(|r| r.block == b))
                    .map(|i| (self.current, i))
                    .ok_or_else(|| {
                        "Not on a reference: focus a citation, or follow one to its entry".into()
                    })
            }
        }
    }

    /// `r`: list every place that cites the reference the reader is on.
    pub(super) fn list_cited_by(&mut self) {
        let (article, index) = match self.reference_here() {
            Ok(r) => r,
            Err(why) => {
                self.message = Some(why);
                return;
            }
        };
        let places = self.cited_by(article, index);
        // Articles of a folder not in memory whose lists may have the work (the reference's
        // own, when a suggestion points into it) are read, one at a time, before the list
        // opens (the update asks for each: `Effect::ReadBody`).
        let todo: Vec<usize> = match self.lib.reference_of(article, index) {
            Some(r) => (0..self.lib.len())
                .rev()
                .filter(|&b| !self.lib.is_whole(b) && (b == article || self.lib.may_list(b, r)))
                .collect(),
            None => Vec::new(),
        };
        if !todo.is_empty() {
            self.citing_scan = Some(CitingScan {
                of: (article, index),
                places,
                todo,
            });
            return;
        }
        self.show_cited_by(article, index, places);
    }

    /// Open the list of `places` citing reference `index` of article `article`, or say there
    /// are none.
    fn show_cited_by(&mut self, article: usize, index: usize, mut places: Vec<CitingPlace>) {
        // The reference's own article first.
        places.sort_by_key(|p| (p.article != article, p.article, p.block));
        let label = self.lib.place(article, index).map_or_else(
            || "this reference".into(),
            |p| format!("reference {}", p.number),
        );
        if places.is_empty() {
            self.message = Some(format!("No loaded article cites {label} in its text"));
            return;
        }
        self.overlay = Overlay::CitedBy {
            of: (article, index),
            places,
            selected: 0,
        };
    }

    /// A body read for a list of citing places being gathered: its places are kept, and the
    /// list opens once the last is in. `false` when no list waits for it.
    pub(super) fn citing_body_read(&mut self, index: usize, body: Option<&Article>) -> bool {
        let Some(scan) = self.citing_scan.as_mut() else {
            return false;
        };
        if scan.todo.last() != Some(&index) {
            return false;
        }
        scan.todo.pop();
        let (article, i) = scan.of;
        if let (Some(art), Some(r)) = (body, self.lib.reference_of(article, i)) {
            let found = places_in(index, art, &own_targets(art, r), |_| false);
            scan.places.extend(found);
        }
        if scan.todo.is_empty() {
            let scan = self.citing_scan.take().expect("checked above");
            self.show_cited_by(article, i, scan.places);
        }
        true
    }

    /// The article the list of citing places being gathered needs read next.
    pub(super) fn citing_needed(&self) -> Option<usize> {
        self.citing_scan.as_ref()?.todo.last().copied()
    }

    /// Every place in an article held whole that cites reference `index` of article `article`.
    pub fn cited_by(&self, article: usize, index: usize) -> Vec<CitingPlace> {
        let Some(r) = self.lib.reference_of(article, index) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for b in 0..self.lib.len() {
            if !self.lib.is_whole(b) {
                continue;
            }
            let art = self.lib.article(b);
            // Its own entries for the same work (the reference itself, in its own article).
            let own = if b == article {
                vec![art.target_of(r)]
            } else {
                own_targets(art, r)
            };
            // Or only a suggestion ties a citation to it: the best one for a number the list
            // lacks (suggestions come best first for each).
            let suggested = |c: usize| {
                let mut firsts = rustc_hash::FxHashSet::default();
                b != article
                    && self.lib.resolution(b, c).suggestions.iter().any(|s| {
                        firsts.insert(s.cited) && s.article == article && s.reference == Some(index)
                    })
            };
            out.extend(places_in(b, art, &own, suggested));
        }
        out
    }

    /// The cited-by list's lines, and the line each place starts on.
    pub fn cited_by_lines(
        &self,
        places: &[CitingPlace],
        selected: usize,
        width: usize,
    ) -> (Vec<ToneLine>, Vec<usize>) {
        let mut lines = Vec::new();
        let mut starts = Vec::new();
        let mut last_article = None;
        for (i, p) in places.iter().enumerate() {
            if last_article != Some(p.article) {
                if last_article.is_some() {
                    lines.push(Vec::new());
                }
                let title = self.lib.summary(p.article).title();
                let here = if p.article == self.current {
                    " (this article)"
                } else {
                    ""
                };
                lines.extend(popup::wrap(
                    "",
                    "",
                    &[(format!("In {title}{here}"), Tone::Title)],
                    width,
                ));
                last_article = Some(p.article);
            }
            starts.push(lines.len());
            let section = if p.section.is_empty() {
                String::new()
            } else {
                format!(" · {}", p.section)
            };
            let cite = &p.cite;
            let (mark, tone) = if i == selected {
                ("> ", Tone::SelectedStrong)
            } else {
                ("  ", Tone::Strong)
            };
            let mut head = vec![(format!("{mark}{cite}{section}"), tone)];
            if p.suggested {
                head.push((" · suggested".into(), Tone::Suggestion));
            }
            lines.extend(popup::wrap("", "    ", &head, width));
            let body = popup::wrap("    ", "    ", &[(p.sentence.clone(), Tone::Plain)], width);
            lines.extend(body.into_iter().take(4));
        }
        (lines, starts)
    }
}

/// What article `art` cites the work `r` names as: its own entries for the same work.
fn own_targets(art: &Article, r: &Reference) -> Vec<Target> {
    art.references
        .iter()
        .filter(|x| same_work(x, r))
        .map(|x| art.target_of(x))
        .collect()
}

/// The places of article `b` (`art`) that cite one of `own`, or that `suggested` says only a
/// suggestion ties to the work, each with its sentence.
fn places_in(
    b: usize,
    art: &Article,
    own: &[Target],
    suggested: impl Fn(usize) -> bool,
) -> Vec<CitingPlace> {
    let mut out = Vec::new();
    for (c, citation) in art.citations.iter().enumerate() {
        let cites = citation.targets.iter().any(|t| own.contains(t));
        let suggested = !cites && suggested(c);
        if cites || suggested {
            out.push(CitingPlace {
                article: b,
                citation: c,
                block: citation.block,
                cite: citation.text(art).to_string(),
                section: art
                    .section_of(citation.block)
                    .map(|s| s.title.clone())
                    .unwrap_or_default(),
                sentence: sentence_around(art, citation.block, citation.range.clone()),
                suggested,
            });
        }
    }
    out
}

/// A list of citing places being gathered from articles read one at a time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct CitingScan {
    /// The reference: (article, index into its references).
    pub(super) of: (usize, usize),
    pub(super) places: Vec<CitingPlace>,
    /// The articles still to read, the next last.
    pub(super) todo: Vec<usize>,
}

/// Whether two entries name the same work: the same DOI, else the same first author, year and
/// title (letters and digits compared, case aside).
pub fn same_work(a: &Reference, b: &Reference) -> bool {
    if let (Some(x), Some(y)) = (&a.doi, &b.doi) {
        return x.eq_ignore_ascii_case(y);
    }
    let norm = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let (Some(ta), Some(tb)) = (&a.title, &b.title) else {
        return false;
    };
    a.year.is_some()
        && a.year == b.year
        && a.first_author()
            .zip(b.first_author())
            .is_some_and(|(x, y)| norm(x) == norm(y))
        && norm(ta) == norm(tb)
}

/// The sentence of block `block` that holds the citation at `range`, cut to a readable length
/// around it.
fn sentence_around(art: &Article, block: usize, range: std::ops::Range<usize>) -> String {
    let text = &art.blocks[block].text;
    let s = crate::cite::sentences(text)
        .into_iter()
        .find(|s| s.start <= range.start && range.start < s.end.max(s.start + 1))
        .unwrap_or(0..text.len());
    let sentence = text.get(s.clone()).unwrap_or("");
    if sentence.chars().count() <= SENTENCE_MAX {
        return sentence.trim().to_string();
    }
    // A long one: the part around the citation.
    let at = text[s.start..range.start.max(s.start)].chars().count();
    let from = at.saturating_sub(SENTENCE_MAX / 2);
    let cut: String = sentence.chars().skip(from).take(SENTENCE_MAX).collect();
    let before = if from > 0 { "…" } else { "" };
    let after = if from + SENTENCE_MAX < sentence.chars().count() {
        "…"
    } else {
        ""
    };
    format!("{before}{}{after}", cut.trim())
}
