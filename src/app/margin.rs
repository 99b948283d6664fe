//! The margin beside the text: each cited reference as a one-line note beside the line that
//! cites it, as margin notes stand in a well-set book, moving with the text.
//!
//! Notes are placed in the article's own line numbers, not the screen's, so that a scroll
//! moves body and margin together and the terminal can scroll both as one region: only the
//! line scrolled in, and its note, are new. Placement is greedy from a fixed origin before the
//! view (a multiple of [`ORIGIN_STEP`] lines), so it is the same for every top between two
//! origins. A reference noted less than a screen above is not noted again; notes that meet
//! stack downward, and one that would land more than [`SLACK`] lines below its line gives way
//! to a `+N more` note (the focused citation, the narrow overlay and the chooser show them all).

use super::popup::{self, Tone, ToneLine};
use super::{App, SidebarEntry};
use crate::keymap::Action;
use crate::layout::AnchorKind;
use crate::library::Resolution;
use crate::model::{Reference, Target};
use rustc_hash::{FxHashMap, FxHashSet};

/// Placement starts again at multiples of this many lines (before the view by a screen).
const ORIGIN_STEP: usize = 128;
/// A note stands at most this many lines below the line that cites it.
pub const SLACK: usize = 2;

/// What a margin row says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Note {
    /// What citation `citation` cites as `target`: its reference, or one suggested for it.
    Cited { citation: usize, target: Target },
    /// Targets of citation `citation` that no list has (or not yet, while it is read).
    Missing {
        citation: usize,
        targets: Vec<Target>,
    },
    /// This many cited references found no room near their line.
    More(usize),
}

impl Note {
    /// The note for `target` of citation `citation`: what a list or a suggestion has for it
    /// (`known`), or that no list has it.
    pub(super) fn of(citation: usize, target: Target, known: bool) -> Note {
        if known {
            Note::Cited { citation, target }
        } else {
            Note::Missing {
                citation,
                targets: vec![target],
            }
        }
    }
}

/// The targets of a citation that its article's list or a suggestion has, to look up once
/// rather than search for each (a citation may name a thousand numbers).
pub(super) fn known_targets(res: &Resolution) -> FxHashSet<Target> {
    res.resolved
        .iter()
        .map(|&(t, _)| t)
        .chain(res.suggestions.iter().map(|s| s.cited))
        .collect()
}

/// A note and the row of the body (from the top of the view) it stands on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarginNote {
    pub row: usize,
    pub note: Note,
}

impl App {
    /// The margin's notes for the lines in view, top to bottom, one per row at most.
    pub fn margin_notes(&self) -> Vec<MarginNote> {
        let h = self.body_height();
        let end = self.top + h;
        let origin = self.top.saturating_sub(h) / ORIGIN_STEP * ORIGIN_STEP;
        let art = self.article();
        let anchors = &self.layout.anchors;
        let first = anchors.partition_point(|a| a.line() < origin);
        // Where each target was last noted, in article lines.
        let mut noted: FxHashMap<Target, usize> = FxHashMap::default();
        let mut next_free = origin;
        let mut placed: Vec<(usize, Note)> = Vec::new();
        for a in &anchors[first..] {
            let line = a.line();
            if line >= end || next_free >= end {
                break;
            }
            let AnchorKind::Citation(c) = a.kind() else {
                continue;
            };
            let res = self.lib.resolution(self.current, c);
            let known_targets = known_targets(res);
            for &target in &art.citations[c].targets {
                if noted.get(&target).is_some_and(|&l| l + h > line) {
                    continue;
                }
                // Numbers no list has join the note before when it says the same of this
                // citation: `1, 2, 3 not in the reference list`, one row.
                let known = known_targets.contains(&target);
                if !known {
                    if let Some((_, Note::Missing { citation, targets })) = placed.last_mut() {
                        if *citation == c {
                            targets.push(target);
                            noted.insert(target, line);
                            continue;
                        }
                    }
                }
                let note = Note::of(c, target, known);
                let row = next_free.max(line);
                if row <= line + SLACK {
                    noted.insert(target, line);
                    placed.push((row, note));
                    next_free = row + 1;
                } else if let Some((_, Note::More(n))) = placed.last_mut() {
                    *n += 1;
                } else {
                    placed.push((next_free, Note::More(1)));
                    next_free += 1;
                }
            }
        }
        placed
            .into_iter()
            .filter(|(row, _)| (self.top..end).contains(row))
            .map(|(row, note)| MarginNote {
                row: row - self.top,
                note,
            })
            .collect()
    }

    /// The margin as `height` rows of `width` columns: the focused citation's references at
    /// the top when a citation is focused, then the notes beside their lines.
    pub fn margin_rows(&self, width: usize) -> Vec<ToneLine> {
        let h = self.body_height();
        let mut rows = vec![Vec::new(); h];
        let mut free_from = 0;
        if let Some(AnchorKind::Citation(c)) = self.focus_kind() {
            let block = self.focused_block(c, width, h);
            free_from = block.len();
            for (row, l) in rows.iter_mut().zip(block) {
                *row = l;
            }
        }
        for n in self.margin_notes() {
            if n.row >= free_from {
                rows[n.row] = self.note_line(&n.note, width);
            }
        }
        rows
    }

    /// The focused citation's references, in at most `room` lines: the heading, then each
    /// reference, then, when they did not all fit, a last line that says how many did not
    /// (`+N more`, which Enter lists) or that the last was cut.
    fn focused_block(&self, citation: usize, width: usize, room: usize) -> Vec<ToneLine> {
        let content = self.sidebar_content();
        let mut out = popup::wrap("", "", &[(content.heading.clone(), Tone::Title)], width);
        out.push(Vec::new());
        let total = self.article().citations[citation].targets.len();
        // Where each entry's text ends, and how many targets it stands for.
        let mut ends = Vec::new();
        for e in &content.entries {
            if out.len() >= room {
                break;
            }
            popup::entry_lines(self, e, width, &mut out);
            ends.push((out.len() - 1, targets_in(e)));
        }
        let whole = |len: usize| -> usize {
            ends.iter()
                .filter(|(end, _)| *end <= len)
                .map(|(_, n)| n)
                .sum()
        };
        if out.len() > room || whole(out.len()) < total {
            let enter = self.keymap.first_key(Action::Follow).unwrap_or_default();
            // The line that says so takes the last row, or two on a narrow margin.
            let say = |n: usize| {
                let text = if n > 0 {
                    format!("+{n} more — {enter} lists them all")
                } else {
                    "…".to_string()
                };
                popup::wrap("", "", &[(text, Tone::Dim)], width)
            };
            // The lines kept above it (no blank one just above it), and what it says: the
            // room it takes is tried at its longest, then at what it then says.
            let kept = |said: usize| {
                let mut keep = room.saturating_sub(said).min(out.len());
                while keep > 0 && out[keep - 1].is_empty() {
                    keep -= 1;
                }
                (keep, say(total - whole(keep).min(total)))
            };
            let (mut keep, mut line) = kept(say(total).len());
            let (k, l) = kept(line.len());
            if k + l.len() <= room {
                (keep, line) = (k, l);
            }
            out.truncate(keep);
            out.extend(line);
        }
        out.truncate(room);
        // The blank after the last entry parts the block from the notes below.
        out.iter_mut()
            .for_each(|l| *l = popup::glyph_line(std::mem::take(l), self.options.ascii));
        out
    }

    /// A note's one line, cut to `width`.
    pub(super) fn note_line(&self, note: &Note, width: usize) -> ToneLine {
        let art = self.article();
        let parts = match note {
            Note::More(n) => vec![(format!("+{n} more"), Tone::Dim)],
            Note::Cited { citation, target } => {
                let label = art.target_text(*target);
                let res = self.lib.resolution(self.current, *citation);
                if let Some(&(_, i)) = res.resolved.iter().find(|(t, _)| t == target) {
                    let mut v = vec![(format!("{label} "), Tone::Strong)];
                    short_reference(&art.references[i], &mut v);
                    v
                } else if let Some(s) = res.suggestions.iter().find(|s| s.cited == *target) {
                    let mut v = vec![(format!("{label} ≈ "), Tone::Suggestion)];
                    match s
                        .reference
                        .map(|r| (r, self.lib.reference_of(s.article, r)))
                    {
                        Some((_, Some(r))) => short_reference(r, &mut v),
                        Some((r, None)) => {
                            let number = self.lib.place(s.article, r).map_or(0, |p| p.number);
                            v.push((format!("reference {number}"), Tone::Plain));
                        }
                        None => v.push((
                            self.lib.summary(s.article).title().to_string(),
                            Tone::Emphasis,
                        )),
                    }
                    v.push((" (suggested)".into(), Tone::Suggestion));
                    v
                } else {
                    Vec::new()
                }
            }
            Note::Missing { targets, .. } => {
                let labels: Vec<_> = targets.iter().map(|&t| art.target_text(t)).collect();
                let labels = labels.join(", ");
                if self.reading_rest {
                    vec![(format!("{labels} reading the reference list…"), Tone::Dim)]
                } else {
                    vec![(format!("{labels} not in the reference list"), Tone::Missing)]
                }
            }
        };
        let ascii = self.options.ascii;
        popup::fit(popup::glyph_line(parts, ascii), width, ascii)
    }
}

/// How many cited targets a sidebar entry stands for.
fn targets_in(e: &SidebarEntry) -> usize {
    match e {
        SidebarEntry::Reference { .. } => 1,
        SidebarEntry::Missing { targets } => targets.len(),
        SidebarEntry::Suggestion { .. } => 0,
    }
}

/// `Smith et al. 2014. Title` (or the entry as written when it was not read into fields).
fn short_reference(r: &Reference, out: &mut ToneLine) {
    let Some(first) = r.surnames.first() else {
        out.push((r.text.clone(), Tone::Plain));
        return;
    };
    let mut who = first.clone();
    match r.surnames.len() {
        1 if r.et_al => who.push_str(" et al."),
        1 => {}
        2 if !r.et_al => who = format!("{first} & {}", r.surnames[1]),
        _ => who.push_str(" et al."),
    }
    if let Some(y) = r.year {
        who.push_str(&format!(" {y}"));
    }
    out.push((who, Tone::Plain));
    if let Some(t) = &r.title {
        out.push((format!(". {t}"), Tone::Plain));
    }
}
