//! Moving through the text: scrolling, places and layout on resize, the jump history, the
//! next citation or term, following one, and the mouse.

use super::*;

impl App {
    pub(super) fn max_top(&self) -> usize {
        self.layout.lines.len().saturating_sub(self.body_height())
    }

    pub(super) fn scroll_down(&mut self, n: usize) {
        self.top = (self.top + n).min(self.max_top());
    }

    pub(super) fn scroll_up(&mut self, n: usize) {
        self.top = self.top.saturating_sub(n);
    }

    /// Scroll so that `line` is on screen, a third of the way down if it was not.
    pub(super) fn reveal(&mut self, line: usize) {
        let h = self.body_height().max(1);
        if line < self.top || line >= self.top + h {
            self.top = line.saturating_sub(h / 3).min(self.max_top());
        }
    }

    /// The view as a width-independent location.
    pub fn location(&self) -> Location {
        let at_article_top = self.partial.is_none_or(|(_, from_top)| from_top);
        let top = if self.top == 0 && at_article_top {
            None
        } else {
            self.layout.position_of(self.top)
        };
        Location {
            article: self.current,
            top,
            focus: self
                .focus
                .and_then(|f| self.layout.anchors.get(f))
                .map(|a| a.spot()),
        }
    }

    pub(super) fn relayout(&mut self) {
        let pos = self.location();
        self.relayout_keeping(pos);
    }

    /// Lay the current article out for the current geometry and put `pos` back at the top.
    pub(super) fn relayout_keeping(&mut self, pos: Location) {
        let width = self.geometry().text_width();
        if self.layout.width != width
            || self.layout.lines.is_empty()
            || pos.article != self.current
            || self.partial.is_some()
        {
            self.partial = None;
            self.layout = layout::layout(&self.lib, self.current, width, self.options);
        }
        self.restore(&pos);
    }

    /// [`App::relayout_keeping`], but for a large article only the blocks from the top of the
    /// view to a little past its bottom: a resize shows at once, and the rest is laid out
    /// when the reader is idle ([`Msg::FinishLayout`]) or before the next message.
    pub(super) fn relayout_visible_first(&mut self, pos: Location) {
        let art = self.lib.article(self.current);
        let total: usize = art.blocks.iter().map(|b| b.text.len()).sum();
        let width = self.geometry().text_width();
        if total < LAZY_RELAYOUT_BYTES || self.layout.width == width {
            return self.relayout_keeping(pos);
        }
        let n = art.blocks.len();
        let (start, before) = match pos.top {
            None => (0, 0),
            Some((b, byte)) => (
                b,
                art.blocks[..b].iter().map(|x| x.text.len()).sum::<usize>() + byte,
            ),
        };
        // Enough lines to fill the body twice from the top line, whatever the top block holds.
        let need = 2 * self.body_height() + 2;
        let mut end = (start + 8).min(n);
        let mut partial = loop {
            let l = layout::layout_blocks(&self.lib, self.current, width, self.options, start..end);
            let top_line = match pos.top {
                Some((b, byte)) => l.locate(self.lib.article(self.current), b, byte).0,
                None => 0,
            };
            if l.lines.len() >= top_line + need || end == n {
                break l;
            }
            end = (start + 2 * (end - start)).min(n);
        };
        partial.width = width;
        self.layout = partial;
        self.partial = Some((before * 100 / total.max(1), start == 0));
        self.restore(&pos);
    }

    pub(super) fn restore(&mut self, pos: &Location) {
        self.top = match pos.top {
            None => 0,
            Some((block, byte)) => self.line_of(block, byte),
        }
        .min(self.max_top());
        self.focus = pos.focus.and_then(|spot| {
            let anchors = &self.layout.anchors;
            let i = anchors.partition_point(|a| a.spot() < spot);
            anchors.get(i).filter(|a| a.spot() == spot).map(|_| i)
        });
        if let Some(s) = self.search.as_mut() {
            if s.origin.article != self.current {
                self.search = None;
            }
        }
    }

    pub(super) fn switch_article(&mut self, article: usize) {
        if article == self.current {
            return;
        }
        self.saved[self.current] = Some(self.location());
        self.fresh = None;
        self.current = article;
        self.layout = layout::layout(
            &self.lib,
            article,
            self.geometry().text_width(),
            self.options,
        );
        self.focus = None;
        self.mark = None;
        self.search = None;
        match self.saved[article].clone() {
            Some(pos) => self.restore(&pos),
            None => {
                self.restore(&Location {
                    article,
                    top: None,
                    focus: None,
                });
                // Opened for the first time this session: where an earlier session left it
                // is taken on arrival, or when the store gives it.
                self.fresh = Some(article);
            }
        }
        let id = self.lib.id(article).clone();
        self.save(crate::memory::Write::Current(id));
    }

    pub(super) fn push_history(&mut self) {
        self.back.push(Spot::At(self.location()));
        self.forward.clear();
        if let Some(place) = self.here() {
            self.save(crate::memory::Write::Jump(place));
        }
    }

    /// Open article `article` and show `arrival` there; when its body is not in memory, once
    /// it has been read (the update asks for it: [`Effect::ReadBody`]).
    pub(super) fn enter(&mut self, article: usize, arrival: Arrival) {
        if self.lib.is_whole(article) {
            self.arrive(article, arrival);
        } else {
            self.pending = Some((article, arrival));
        }
    }

    pub(super) fn arrive(&mut self, article: usize, arrival: Arrival) {
        self.switch_article(article);
        match arrival {
            Arrival::Block(block) => {
                if let Some(lines) = self.layout.block_lines.get(block) {
                    self.top = lines.start.min(self.max_top());
                }
                self.focus = None;
                self.mark = Some(block);
            }
            Arrival::Citation(c) => {
                let anchors = &self.layout.anchors;
                if let Some(i) = anchors
                    .iter()
                    .position(|a| a.kind() == AnchorKind::Citation(c))
                {
                    let line = anchors[i].line();
                    self.focus = Some(i);
                    self.mark = None;
                    self.top = line
                        .saturating_sub(self.body_height() / 3)
                        .min(self.max_top());
                }
            }
            Arrival::Saved => {
                let id = self.lib.id(article).clone();
                if self.fresh == Some(article) && self.lib.is_whole(article) {
                    if let Some(place) = self.kept.remove(&id) {
                        self.arrive_kept(&place, true);
                    }
                }
            }
            Arrival::Kept(place) => self.arrive_kept(&place, false),
            Arrival::At(loc) => {
                self.restore(&loc);
                self.mark = None;
                if let Some(f) = self.focus.and_then(|f| self.layout.anchors.get(f)) {
                    let line = f.line();
                    self.reveal(line);
                }
            }
        }
    }

    /// Jump (with history) to a place that cites a reference, its citation focused.
    pub(super) fn go_to_citing_place(&mut self, p: CitingPlace) {
        self.push_history();
        let text = p.cite;
        let title = self.lib.summary(p.article).title().to_string();
        self.message = Some(if p.article == self.current {
            format!("Cited here: {text}")
        } else {
            format!("Cited here: {text}, in {title}")
        });
        self.enter(p.article, Arrival::Citation(p.citation));
    }

    /// Jump (with history) to block `block` of article `article`, marking it.
    pub(super) fn jump_to(&mut self, article: usize, block: usize) {
        self.push_history();
        self.enter(article, Arrival::Block(block));
    }

    pub(super) fn jump_to_article(&mut self, article: usize) {
        self.push_history();
        let art = self.lib.summary(article);
        let kind = art.kind().map(|k| format!("{k}: ")).unwrap_or_default();
        self.message = Some(format!("{kind}{}", art.title()));
        self.enter(article, Arrival::Saved);
    }

    pub(super) fn go_to(&mut self, loc: Location) {
        self.enter(loc.article, Arrival::At(loc));
    }

    pub(super) fn go_back(&mut self) {
        self.travel(true);
    }

    pub(super) fn go_forward(&mut self) {
        self.travel(false);
    }

    /// Move one step through the jump history, keeping where we are on the other side.
    pub(super) fn travel(&mut self, back: bool) {
        let here = self.location();
        let (from, to) = if back {
            (&mut self.back, &mut self.forward)
        } else {
            (&mut self.forward, &mut self.back)
        };
        match from.pop() {
            Some(spot) => {
                to.push(Spot::At(here));
                self.go_to_spot(spot);
            }
            None => {
                let end = if back { "start" } else { "end" };
                self.message = Some(format!("Already at the {end} of the jump history"));
            }
        }
    }

    pub(super) fn step_anchor(&mut self, forward: bool, which: Anchors) {
        let anchors = &self.layout.anchors;
        let wanted = |i: usize| which.has(anchors[i].kind());
        if !(0..anchors.len()).any(wanted) {
            self.message = Some(format!("This article has no {}", which.plural()));
            return;
        }
        // On a screen with no room for text, the top line still counts as shown.
        let h = self.body_height().max(1);
        let visible = |i: usize| {
            let l = anchors[i].line();
            l >= self.top && l < self.top + h
        };
        // The first anchor of the kind at or after `from`, or at or before it.
        let after = |from: usize| (from..anchors.len()).find(|&i| wanted(i));
        let before = |from: usize| (0..from).rev().find(|&i| wanted(i));
        let next = match self.focus.filter(|&f| visible(f)) {
            Some(f) if forward => after(f + 1),
            Some(f) => before(f),
            None if forward => self.layout.first_anchor_from(self.top).and_then(after),
            None => before(anchors.partition_point(|a| a.line() < self.top + h)),
        };
        match next {
            Some(i) => {
                self.focus = Some(i);
                self.mark = None;
                let line = self.layout.anchors[i].line();
                self.reveal(line);
            }
            None => {
                let way = if forward { "below" } else { "above" };
                self.message = Some(format!("No more {} {way}", which.plural()));
            }
        }
    }

    pub(super) fn follow(&mut self) {
        let Some(kind) = self.focus_kind() else {
            let tab = self
                .keymap
                .first_key(Action::NextAnchor)
                .unwrap_or_else(|| "Tab".into());
            self.message = Some(format!(
                "Nothing is focused; {tab} focuses the next citation or term"
            ));
            return;
        };
        match kind {
            AnchorKind::CrossRef(i) => {
                let x = self.article().crossrefs[i].clone();
                // A figure's caption is shown where the text names it.
                let figure = x
                    .target
                    .and_then(|b| self.article().figures.iter().position(|f| f.block == b));
                if let Some(figure) = figure {
                    self.overlay = Overlay::Caption { figure, scroll: 0 };
                    return;
                }
                match (x.target, x.name) {
                    (Some(block), Some(name)) => {
                        self.jump_to(self.current, block);
                        self.message = Some(name);
                    }
                    _ => {
                        let kind = match x.label.split(':').next() {
                            Some("tbl") => "table",
                            Some("sec") => "section",
                            Some("eq") => "equation",
                            _ => "figure",
                        };
                        self.message = Some(format!(
                            "@{}: this article has no {kind} labelled so",
                            x.label
                        ))
                    }
                }
            }
            AnchorKind::Term(i) => {
                let term = self.lib.occurrences(self.current)[i].term;
                self.overlay = Overlay::Glossary { term, scroll: 0 };
            }
            AnchorKind::Citation(c) => self.follow_citation(c),
            AnchorKind::Figure(m) => {
                let figure = self.article().mentions[m].figure;
                self.overlay = Overlay::Caption { figure, scroll: 0 };
            }
        }
    }

    pub(super) fn click(&mut self, col: u16, row: u16) -> Effect {
        let g = self.geometry();
        if !matches!(self.overlay, Overlay::None)
            || g.too_small
            || row >= g.body.height
            || col >= g.body.width
        {
            return Effect::None;
        }
        let line = self.top + row as usize;
        let col = (col as usize).saturating_sub(1);
        let text = &self.lib.article(self.current).blocks;
        let hit = self.layout.anchors.iter().position(|a| {
            if a.line() != line {
                return false;
            }
            let w = layout::width(&text[a.block()].text[a.range()]);
            col >= a.col() && col < a.col() + w
        });
        match hit {
            Some(i) => {
                self.focus = Some(i);
                self.follow();
                Effect::Redraw
            }
            None => Effect::None,
        }
    }
}

/// Which anchors a motion visits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Anchors {
    All,
    Citations,
    Terms,
    Figures,
}

impl Anchors {
    /// The anchor motion `a` is — which way, over which anchors — or `None`.
    pub(super) fn motion(a: Action) -> Option<(bool, Anchors)> {
        Some(match a {
            Action::NextAnchor => (true, Anchors::All),
            Action::PrevAnchor => (false, Anchors::All),
            Action::NextCitation => (true, Anchors::Citations),
            Action::PrevCitation => (false, Anchors::Citations),
            Action::NextTerm => (true, Anchors::Terms),
            Action::PrevTerm => (false, Anchors::Terms),
            Action::NextFigure => (true, Anchors::Figures),
            Action::PrevFigure => (false, Anchors::Figures),
            _ => return None,
        })
    }

    fn has(self, kind: AnchorKind) -> bool {
        match self {
            Anchors::All => true,
            Anchors::Citations => matches!(kind, AnchorKind::Citation(_)),
            Anchors::Terms => matches!(kind, AnchorKind::Term(_)),
            Anchors::Figures => matches!(kind, AnchorKind::Figure(_) | AnchorKind::CrossRef(_)),
        }
    }

    fn plural(self) -> &'static str {
        match self {
            Anchors::All => "citations, terms or figures named",
            Anchors::Citations => "citations",
            Anchors::Terms => "glossary terms",
            Anchors::Figures => "figures or tables named in the text",
        }
    }
}
