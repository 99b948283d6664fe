//! What the reader keeps between sessions, on its side: the places it asks the store to keep
//! (as [`Request`]s the shell takes after an update), and what it does with what the store
//! gives back ([`Msg::Recalled`]): the reading position restored ("Back at §Results"), marks,
//! the jump list, bookmarks and annotations.

use super::*;
use crate::memory::{Recalled, Request, Write};
use crate::model::{ArticleId, Location as Place};

/// A place in the jump list: one of this session, or one the store kept (found in its article
/// when it is opened, whatever its blocks are now).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Spot {
    At(Location),
    Kept(usize, Place),
}

impl Spot {
    pub(super) fn article(&self) -> usize {
        match self {
            Spot::At(loc) => loc.article,
            Spot::Kept(a, _) => *a,
        }
    }

    pub(super) fn article_mut(&mut self) -> &mut usize {
        match self {
            Spot::At(loc) => &mut loc.article,
            Spot::Kept(a, _) => a,
        }
    }
}

/// The normalised characters before each block of one article, so that a place is made in the
/// time its own block takes (a 5 MB article's would take milliseconds a key otherwise).
#[derive(Debug, Default)]
pub(super) struct Counts {
    id: Option<ArticleId>,
    blocks: usize,
    before: Vec<usize>,
}

impl App {
    /// What the reader asks of the shell since it last asked: writes to the store, a recall,
    /// a copy, an editor, a link to open. The shell takes them after every update.
    pub fn take_requests(&mut self) -> Vec<Request> {
        std::mem::take(&mut self.requests)
    }

    pub(super) fn save(&mut self, w: Write) {
        self.requests.push(Request::Save(Box::new(w)));
    }

    /// The place at byte `byte` of block `block` of the open article, as the store keeps it.
    pub(super) fn place_at(&mut self, block: usize, byte: usize) -> Place {
        let id = self.lib.id(self.current).clone();
        let art = self.lib.article(self.current);
        let counts = &mut self.counts;
        if counts.id.as_ref() != Some(&id) || counts.blocks != art.blocks.len() {
            let mut sum = 0;
            counts.before = art
                .blocks
                .iter()
                .map(|b| {
                    let at = sum;
                    sum += crate::text::normalised_len(&b.text);
                    at
                })
                .collect();
            counts.id = Some(id.clone());
            counts.blocks = art.blocks.len();
        }
        let before = counts.before.get(block).copied().unwrap_or(0);
        Place::after(art, id, block, byte, before)
    }

    /// Where `place` is in the open article, and whether it is exactly where it was taken (see
    /// [`Place::find_exact`]); the character counts make the usual case cost one block.
    pub(super) fn find_place(&mut self, place: &Place) -> ((usize, usize), bool) {
        if let Some(b) = self.article().blocks.get(place.block) {
            let text = &b.text;
            if place.offset <= text.len() && text.is_char_boundary(place.offset) {
                let here = self.place_at(place.block, place.offset);
                if here.text_offset == place.text_offset && here.offset == place.offset {
                    return ((place.block, place.offset), true);
                }
            }
        }
        place.find_exact(self.article())
    }

    /// Where the view's top is, as the store keeps it; `None` while the open article's body is
    /// not in memory.
    pub(super) fn here(&mut self) -> Option<Place> {
        if !self.lib.is_whole(self.current) || self.article().blocks.is_empty() {
            return None;
        }
        let (block, byte) = self.location().top.unwrap_or((0, 0));
        Some(self.place_at(block, byte))
    }

    /// Ask the store to keep the reading position, when it moved since it was last kept. The
    /// shell calls this when no key is waiting, and before it quits: never on a key's path.
    pub fn save_position(&mut self) {
        // Not moved since it opened: where an earlier session left it stays kept (its place
        // may still be on its way from the store).
        if !self.touched || self.fresh == Some(self.current) {
            return;
        }
        let Some(place) = self.here() else {
            return;
        };
        let same = |p: &Place| {
            (&p.article, p.block, p.offset) == (&place.article, place.block, place.offset)
        };
        if self.position_kept.as_ref().is_some_and(same) {
            return;
        }
        self.position_kept = Some(place.clone());
        let s = self.lib.summary(self.current);
        let (title, path) = (s.title().to_string(), s.path().to_string());
        self.save(Write::Position { place, title, path });
    }

    /// Ask the store for what it remembers of the articles not asked about yet.
    pub(super) fn recall_new(&mut self) {
        let ids: Vec<ArticleId> = (0..self.lib.len())
            .map(|i| self.lib.id(i).clone())
            .filter(|id| !self.asked.contains(id))
            .collect();
        if ids.is_empty() {
            return;
        }
        self.asked.extend(ids.iter().cloned());
        // The open article's first: the first screen waits for that answer alone (a folder's
        // other articles are many, and their places are wanted only when they are opened).
        let current = self.lib.id(self.current).clone();
        let (first, rest): (Vec<ArticleId>, Vec<ArticleId>) =
            ids.into_iter().partition(|id| *id == current);
        for part in [first, rest] {
            if !part.is_empty() {
                self.requests.push(Request::Recall(part));
            }
        }
    }

    /// Reopen at article `id` (`--last`), now or once the library that holds it is read.
    pub fn open_at(&mut self, id: ArticleId) {
        match self.lib.find_id(&id) {
            Some(i) if !self.touched => {
                self.open_last = None;
                if i != self.current {
                    self.enter(i, Arrival::Saved);
                }
            }
            Some(_) => self.open_last = None,
            None => self.open_last = Some(id),
        }
    }

    /// Take what the store remembers.
    pub(super) fn recalled(&mut self, r: Recalled) -> Effect {
        for p in r.positions {
            let Some(i) = self.lib.find_id(&p.article) else {
                continue;
            };
            // Where the reader is, when the reader has not moved there yet.
            let unmoved = !self.touched || (self.fresh == Some(i) && self.top == 0);
            if i == self.current && unmoved && self.lib.is_whole(i) {
                self.arrive_kept(&p, true);
            } else if self.saved.get(i).is_some_and(Option::is_none) {
                self.kept.insert(p.article.clone(), p);
            }
        }
        for (letter, place) in r.marks {
            let key = (crate::memory::mark_scope(letter, &place), letter);
            self.marks.entry(key).or_insert(place);
        }
        // The jump list is taken once: every answer carries it.
        if !r.jumps.is_empty() && !self.jumps_recalled {
            self.jumps_recalled = true;
            let kept: Vec<Spot> = r
                .jumps
                .into_iter()
                .filter_map(|p| Some(Spot::Kept(self.lib.find_id(&p.article)?, p)))
                .collect();
            // This session's jumps come after the kept ones.
            let session = std::mem::take(&mut self.back);
            self.back = kept;
            self.back.extend(session);
        }
        self.take_kept_notes(r.bookmarks, r.annotations, r.everything);
        // The library's bookmarks and notes are read behind the first screen, so that their
        // overlays list them at once.
        self.recall_all();
        Effect::Redraw
    }

    /// Go to `place` in the open article (its body in memory), saying what it is: "Back at
    /// §Results" for a reading position (`restored`), and when the article changed since the
    /// place was taken, that this is the nearest place.
    pub(super) fn arrive_kept(&mut self, place: &Place, restored: bool) {
        let ((block, byte), exact) = self.find_place(place);
        self.top = self.line_of(block, byte).min(self.max_top());
        self.focus = None;
        self.mark = None;
        let section = self.section_title(block);
        let nearest = if exact {
            ""
        } else {
            " (the article changed: the nearest place)"
        };
        if restored && self.top > 0 {
            self.message = Some(match section {
                Some(s) => format!("Back at §{s}{nearest}"),
                None => format!("Back where you were{nearest}"),
            });
        } else if !exact {
            self.message = Some("The article changed since: the nearest place".into());
        }
    }

    /// The title of the section block `block` of the open article is in.
    pub(super) fn section_title(&self, block: usize) -> Option<String> {
        let art = self.article();
        let s = art.blocks.get(block)?.section;
        let title = art.sections.get(s)?.title.trim();
        (!title.is_empty()).then(|| title.to_string())
    }

    /// Go to a place of the jump list.
    pub(super) fn go_to_spot(&mut self, spot: Spot) {
        match spot {
            Spot::At(loc) => self.go_to(loc),
            Spot::Kept(a, place) => self.enter(a, Arrival::Kept(place)),
        }
    }
}
