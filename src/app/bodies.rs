//! Bodies read on demand and the library swapped in: what the reader asks the shell to read
//! ([`super::Effect::ReadBody`]), what it does with the answer, and how it keeps its place when
//! the whole library replaces the first one.

use super::search::window;
use super::*;

impl App {
    /// Swap in the whole library once every file has been read (the first screen came from
    /// part of it): the same article stays open at the same place, with the same focus. Asks
    /// for what the new library needs read, as an update does.
    pub fn replace_library(&mut self, lib: Library) -> Effect {
        self.reading_rest = false;
        self.swap_library(lib);
        self.recall_new();
        if let Some(id) = self.open_last.take() {
            self.open_at(id);
        }
        self.refresh_popup();
        self.asking(Effect::Redraw)
    }

    pub(super) fn swap_library(&mut self, mut lib: Library) {
        let mut pos = self.location();
        // Articles are matched by the file they came from: one that could be listed but not
        // read whole is missing from the new library, and the others move up.
        let old_count = self.lib.len();
        let map: Vec<Option<usize>> = (0..old_count)
            .map(|i| match self.lib.origin(i) {
                Some(o) => lib.find_origin(o),
                None => (i < lib.len()).then_some(i),
            })
            .collect();
        let moved = |i: usize| map.get(i).copied().flatten();
        let current = moved(self.current);
        if let Some(c) = current {
            if !lib.is_whole(c) {
                if let Some(body) = self.lib.take_body(self.current) {
                    lib.install(c, body);
                }
            }
            lib.keep_only(c);
        }
        let count = lib.len();
        // An open popup names an article by its place in the old library.
        match &mut self.overlay {
            Overlay::Glossary { term, .. } => {
                match moved(term.article()).and_then(|a| lib.term_id(a, term.entry())) {
                    Some(t) => *term = t,
                    None => self.overlay = Overlay::None,
                }
            }
            Overlay::Library { selected } => {
                *selected = moved(*selected).unwrap_or(0).min(count.saturating_sub(1));
            }
            // Its places name articles of the old library, and others may cite it now.
            Overlay::CitedBy { .. } => self.overlay = Overlay::None,
            _ => {}
        }
        self.lib = lib;
        match current {
            Some(c) => self.current = c,
            None => {
                self.current = 0;
                pos.top = None;
                pos.focus = None;
            }
        }
        pos.article = self.current;
        let mut saved = vec![None; count];
        for (i, loc) in std::mem::take(&mut self.saved).into_iter().enumerate() {
            if let (Some(j), Some(mut loc)) = (moved(i), loc) {
                loc.article = j;
                saved[j] = Some(loc);
            }
        }
        self.saved = saved;
        for list in [&mut self.back, &mut self.forward] {
            list.retain_mut(|spot| match moved(spot.article()) {
                Some(j) => {
                    *spot.article_mut() = j;
                    true
                }
                None => false,
            });
        }
        self.pending = None;
        self.fresh = None;
        self.citing_scan = None;
        self.layout.lines.clear();
        self.relayout_keeping(pos);
        let origin = self.origin_place();
        if let Some(s) = self.search.as_mut() {
            (s.matches, s.capped) = window(self.lib.article(self.current), &s.pattern, origin);
            s.current = s.current.filter(|&c| c < s.matches.len());
        }
    }

    /// The article whose body the reader needs read from its file now: one being opened, or one
    /// a suggestion in view points into. Every update that leaves one needed asks for it
    /// ([`Effect::ReadBody`]).
    pub(super) fn needed(&self) -> Option<usize> {
        if let Some((a, _)) = &self.pending {
            return Some(*a);
        }
        if let Some(a) = self.citing_needed() {
            return Some(a);
        }
        if !self.lib.is_whole(self.current) && !self.lib.is_unreadable(self.current) {
            return Some(self.current);
        }
        self.lib.wanted()
    }

    /// The body of article `index`, read again from its file (or why it could not be).
    pub(super) fn body_read(&mut self, index: usize, body: Result<Article, String>) -> Effect {
        let opening = self.pending.as_ref().is_some_and(|(a, _)| *a == index);
        // Read for a list of the places citing a reference: its places are taken, and it is
        // not kept (unless it is also being opened).
        if !opening && self.citing_body_read(index, body.as_ref().ok()) {
            return Effect::Redraw;
        }
        let shown = index == self.current && !self.lib.is_whole(index);
        match body {
            Ok(article) if opening => {
                let (_, arrival) = self.pending.take().expect("pending article");
                self.lib.install(index, article);
                self.arrive(index, arrival);
            }
            Ok(article) if shown => {
                let pos = self.location();
                self.lib.install(index, article);
                self.layout.lines.clear();
                self.relayout_keeping(pos);
            }
            Ok(article) => self.lib.lend(index, &article),
            Err(why) => {
                self.lib.mark_unreadable(index);
                if opening {
                    self.pending = None;
                    // The jump did not happen: forget the history step made for it.
                    let here = self.location();
                    for list in [&mut self.back, &mut self.forward] {
                        if list.last() == Some(&Spot::At(here.clone())) {
                            list.pop();
                        }
                    }
                }
                if opening || shown {
                    self.message = Some(why);
                }
            }
        }
        Effect::Redraw
    }
}
