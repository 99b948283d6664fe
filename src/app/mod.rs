//! The reader's state and its pure update function.
//!
//! [`App`] holds the library, which article is open, where the view is, what is focused, the
//! jump history, the search and any overlay. [`App::update`] applies one [`Msg`] and says
//! through an [`Effect`] what the shell must do: draw, quit, suspend, or carry out a request
//! (read a body) and answer it with a message. It does no I/O and nothing in it polls, so tests
//! drive it with key sequences and look at the state. [`popup`] lays out the open popup once
//! per update, so the state knows how far it scrolls and the view only paints.
//!
//! Imports the model, library, layout and keymap; never the terminal.

pub mod popup;

use crate::keymap::{Action, Key, KeyCode, Keymap};
use crate::layout::{self, AnchorKind, Layout, LayoutOptions};
use crate::library::{Library, Resolution, TermId};
use crate::model::{Article, Target};
use ratatui::layout::Rect;
use std::ops::Range;

/// Below this size the screen only says that it is too small.
pub const MIN_WIDTH: u16 = 20;
pub const MIN_HEIGHT: u16 = 6;
/// Below this width the sidebar is an overlay instead of a pane.
pub const SIDEBAR_MIN_TOTAL_WIDTH: u16 = 80;

/// What the shell should do after an update.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// Nothing visible changed.
    None,
    /// Draw the screen again.
    Redraw,
    /// Restore the terminal and exit.
    Quit,
    /// Give the terminal back and stop the process until the shell continues it.
    Suspend,
    /// Read the body of article `index` again from its file, and answer with
    /// [`Msg::BodyRead`]. The screen is drawn once the requests stop.
    ReadBody(usize),
}

/// What can happen to the reader.
#[derive(Debug, Clone, PartialEq)]
pub enum Msg {
    /// A key press, interpreted through the keymap or by the text field that has the input.
    Key(Key),
    /// An action, as a bound key would give it.
    Action(Action),
    /// The terminal is now this many columns and rows.
    Resize(u16, u16),
    /// Mouse wheel: lines to scroll (negative is up). Only with `--mouse`.
    Scroll(i32),
    /// Mouse click at a screen cell. Only with `--mouse`.
    Click(u16, u16),
    /// The answer to [`Effect::ReadBody`]: the article's body, or why it could not be read.
    BodyRead(usize, Result<Box<Article>, String>),
    /// Lay out the whole article, after a resize laid out only what is on screen.
    FinishLayout,
}

/// An article this large (bytes of text) is re-wrapped on resize visible part first.
pub const LAZY_RELAYOUT_BYTES: usize = 256 * 1024;

/// Where the screen areas are for a terminal size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Geometry {
    pub body: Rect,
    /// The sidebar pane, when it is shown beside the body.
    pub sidebar: Option<Rect>,
    pub status: Rect,
    /// Narrow screens show the sidebar as an overlay.
    pub narrow: bool,
    pub too_small: bool,
}

impl Geometry {
    pub fn new(width: u16, height: u16, sidebar_shown: bool) -> Geometry {
        let too_small = width < MIN_WIDTH || height < MIN_HEIGHT;
        let narrow = width < SIDEBAR_MIN_TOTAL_WIDTH;
        let body_h = height.saturating_sub(1);
        let status = Rect::new(0, body_h, width, height.min(1));
        if too_small || narrow || !sidebar_shown {
            return Geometry {
                body: Rect::new(0, 0, width, body_h),
                sidebar: None,
                status,
                narrow,
                too_small,
            };
        }
        let side = (width * 35 / 100).clamp(28, 64);
        let body_w = width - side;
        Geometry {
            body: Rect::new(0, 0, body_w, body_h),
            sidebar: Some(Rect::new(body_w, 0, side, body_h)),
            status,
            narrow,
            too_small,
        }
    }

    /// Columns of text in the body: one column of margin each side.
    pub fn text_width(&self) -> usize {
        (self.body.width as usize).saturating_sub(2).max(1)
    }
}

/// Where the view is, independent of width and of how much is laid out: the article, the
/// (block, byte) at the top, and the (block, byte) where the focused anchor starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub article: usize,
    /// `None`: the very top of the article (its title).
    pub top: Option<(usize, usize)>,
    pub focus: Option<(usize, usize)>,
}

/// An overlay or popup over the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    None,
    Help {
        filter: String,
        scroll: usize,
    },
    Outline {
        selected: usize,
    },
    Library {
        selected: usize,
    },
    Glossary {
        term: TermId,
        scroll: usize,
    },
    /// The sidebar's content over the body, on narrow screens.
    Sidebar {
        scroll: usize,
    },
}

/// The most search matches held at once. A common letter matches hundreds of thousands of times
/// in a large article; finding and keeping them all on every typed key took tens of
/// milliseconds and megabytes, so past this many the search holds a window of them.
pub const MAX_MATCHES: usize = 10_000;

/// The search being typed or in force.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Search {
    pub pattern: String,
    /// Matches in the current article: block and byte range. In text order when the article
    /// has at most [`MAX_MATCHES`]; else (`capped`) the next that many from where the search
    /// started or last moved past the window, going on from the top after the end.
    pub matches: Vec<(usize, Range<usize>)>,
    /// Whether the article has more matches than `matches` holds.
    pub capped: bool,
    pub current: Option<usize>,
    /// True while the pattern is being typed.
    pub typing: bool,
    /// Where the view was when `/` was pressed.
    origin: Location,
    origin_top: usize,
}

/// What to show once an article whose body is being read arrives.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Arrival {
    /// Block `block`, marked: a followed reference or term.
    Block(usize),
    /// Where the reader left the article, or its top.
    Saved,
    /// A place from the jump history.
    At(Location),
}

/// One entry of the sidebar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SidebarEntry {
    /// A reference of the open article's own list.
    Reference {
        target: Target,
        index: usize,
        times_cited: usize,
    },
    /// Cited targets the article's list lacks.
    Missing { targets: Vec<Target> },
    /// A reference from another article offered for a missing number.
    Suggestion {
        cited: Target,
        article: usize,
        index: usize,
        reasons: Vec<String>,
    },
}

/// What the sidebar shows: a heading and its entries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SidebarContent {
    pub heading: String,
    pub entries: Vec<SidebarEntry>,
}

/// The reader.
pub struct App {
    lib: Library,
    keymap: Keymap,
    options: LayoutOptions,
    width: u16,
    height: u16,
    current: usize,
    layout: Layout,
    top: usize,
    /// The (block, byte) the top line was placed at by the last resize, so that several
    /// resizes in a row keep the same character at the top instead of drifting to line starts.
    top_anchor: Option<(usize, usize)>,
    focus: Option<usize>,
    /// A block to show marked: the target of the last jump.
    mark: Option<usize>,
    saved: Vec<Option<Location>>,
    back: Vec<Location>,
    forward: Vec<Location>,
    sidebar: bool,
    overlay: Overlay,
    search: Option<Search>,
    message: Option<String>,
    /// The open popup, laid out after every update (see [`popup`]).
    popup: Option<popup::Popup>,
    /// An article to open once its body, asked for through [`Effect::ReadBody`], is read.
    pending: Option<(usize, Arrival)>,
    /// When only the part on screen is laid out (after a resize of a large article): how far
    /// through the article the view is, in percent, measured in bytes; and whether the part
    /// starts at the article's top.
    partial: Option<(usize, bool)>,
}

impl App {
    /// A reader over `lib` for a terminal of `width` × `height`.
    pub fn new(
        lib: Library,
        keymap: Keymap,
        options: LayoutOptions,
        width: u16,
        height: u16,
    ) -> App {
        let count = lib.len();
        let mut app = App {
            lib,
            keymap,
            options,
            width,
            height,
            current: 0,
            layout: Layout::empty(),
            top: 0,
            top_anchor: None,
            focus: None,
            mark: None,
            saved: vec![None; count],
            back: Vec::new(),
            forward: Vec::new(),
            sidebar: true,
            overlay: Overlay::None,
            search: None,
            message: None,
            popup: None,
            pending: None,
            partial: None,
        };
        app.relayout();
        app
    }

    // ----- read access for the ui -----

    pub fn library(&self) -> &Library {
        &self.lib
    }
    pub fn keymap(&self) -> &Keymap {
        &self.keymap
    }
    pub fn options(&self) -> LayoutOptions {
        self.options
    }
    pub fn current(&self) -> usize {
        self.current
    }
    pub fn article(&self) -> &Article {
        self.lib.article(self.current)
    }
    pub fn layout(&self) -> &Layout {
        &self.layout
    }
    pub fn top(&self) -> usize {
        self.top
    }
    pub fn focus(&self) -> Option<usize> {
        self.focus
    }
    pub fn mark(&self) -> Option<usize> {
        self.mark
    }
    pub fn overlay(&self) -> &Overlay {
        &self.overlay
    }
    /// The open popup as laid out for the current state and size.
    pub fn popup(&self) -> Option<&popup::Popup> {
        self.popup.as_ref()
    }
    pub fn search(&self) -> Option<&Search> {
        self.search.as_ref()
    }
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }
    pub fn size(&self) -> (u16, u16) {
        (self.width, self.height)
    }
    pub fn sidebar_shown(&self) -> bool {
        self.sidebar
    }
    pub fn geometry(&self) -> Geometry {
        Geometry::new(self.width, self.height, self.sidebar)
    }
    /// Swap in the whole library once every file has been read (the first screen came from
    /// part of it): the same article stays open at the same place, with the same focus. Asks
    /// for what the new library needs read, as an update does.
    pub fn replace_library(&mut self, lib: Library) -> Effect {
        self.swap_library(lib);
        self.refresh_popup();
        self.asking(Effect::Redraw)
    }

    /// Lay out the open popup for the state as it is now; a scroll past its end is brought back
    /// to the end, so scrolling stops where the content does.
    fn refresh_popup(&mut self) {
        self.popup = popup::build(self, self.geometry().body);
        let Some(p) = self.popup.as_mut() else {
            return;
        };
        let max = p.max_scroll();
        if let Overlay::Help { scroll, .. }
        | Overlay::Glossary { scroll, .. }
        | Overlay::Sidebar { scroll } = &mut self.overlay
        {
            if *scroll > max {
                *scroll = max;
                p.scroll = max;
            }
        }
    }

    fn swap_library(&mut self, mut lib: Library) {
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
            list.retain_mut(|loc| match moved(loc.article) {
                Some(j) => {
                    loc.article = j;
                    true
                }
                None => false,
            });
        }
        self.pending = None;
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
    fn needed(&self) -> Option<usize> {
        if let Some((a, _)) = &self.pending {
            return Some(*a);
        }
        if !self.lib.is_whole(self.current) && !self.lib.is_unreadable(self.current) {
            return Some(self.current);
        }
        self.lib.wanted()
    }

    /// The body of article `index`, read again from its file (or why it could not be).
    fn body_read(&mut self, index: usize, body: Result<Article, String>) -> Effect {
        let opening = self.pending.as_ref().is_some_and(|(a, _)| *a == index);
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
                        if list.last() == Some(&here) {
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

    /// Show a message in the status line until the next action.
    pub fn set_message(&mut self, message: String) {
        self.message = Some(message);
    }

    pub fn back_len(&self) -> usize {
        self.back.len()
    }

    /// Rows of article text on screen.
    pub fn body_height(&self) -> usize {
        self.geometry().body.height as usize
    }

    /// The focused citation or term as the status line names it: `[8]`, `premetastatic niche`.
    pub fn focus_text(&self) -> Option<&str> {
        let a = self.layout.anchors.get(self.focus?)?;
        self.article().blocks[a.block()].text.get(a.range())
    }

    /// The focused anchor's kind.
    pub fn focus_kind(&self) -> Option<AnchorKind> {
        self.focus
            .and_then(|f| self.layout.anchors.get(f))
            .map(|a| a.kind())
    }

    /// The title of the section shown at the top of the body.
    pub fn current_section(&self) -> Option<&str> {
        let (block, _) = self.layout.position_of(self.top)?;
        self.article()
            .section_of(block)
            .map(|s| s.title.as_str())
            .filter(|t| !t.is_empty())
    }

    /// How far through the article the bottom of the screen is, in percent.
    pub fn percent(&self) -> usize {
        if let Some((p, _)) = self.partial {
            return p;
        }
        let len = self.layout.lines.len().max(1);
        let shown = (self.top + self.body_height()).min(len);
        shown * 100 / len
    }

    /// The help screen's lines: keys and description per action, filtered.
    pub fn help_lines(&self, filter: &str) -> Vec<(String, &'static str)> {
        let f = filter.to_lowercase();
        Action::ALL
            .iter()
            .map(|&a| {
                let keys: Vec<String> = self.keymap.keys(a).iter().map(Key::display).collect();
                (keys.join(", "), a.description())
            })
            .filter(|(k, d)| {
                f.is_empty() || d.to_lowercase().contains(&f) || k.to_lowercase().contains(&f)
            })
            .collect()
    }

    /// What the sidebar shows now.
    ///
    /// Entries are built only as far as the sidebar can show them (each takes a row at least;
    /// the narrow overlay adds what it is scrolled by): a citation may name a thousand numbers,
    /// and a screen of them must not cost a thousand entries per frame.
    pub fn sidebar_content(&self) -> SidebarContent {
        let art = self.article();
        let room = self.body_height()
            + match self.overlay {
                Overlay::Sidebar { scroll } => scroll,
                _ => 0,
            };
        if let Some(AnchorKind::Citation(c)) = self.focus_kind() {
            let citation = &art.citations[c];
            let mut entries = Vec::new();
            let res = self.lib.resolution(self.current, c);
            for &n in &citation.targets {
                if entries.len() > room {
                    break;
                }
                // The focused citation shows every suggestion for a missing number.
                self.push_cited(&mut entries, res, n, usize::MAX);
            }
            return SidebarContent {
                heading: format!("Citation {}", citation.text(art)),
                entries,
            };
        }
        // No citation focused: what the visible text cites, in order.
        let end = self.top + self.body_height();
        let mut seen: rustc_hash::FxHashSet<Target> = rustc_hash::FxHashSet::default();
        let mut entries = Vec::new();
        // Anchors are in line order: only those on screen are looked at.
        let first = self.layout.anchors.partition_point(|a| a.line() < self.top);
        for a in &self.layout.anchors[first..] {
            if a.line() >= end {
                break;
            }
            let AnchorKind::Citation(c) = a.kind() else {
                continue;
            };
            let res = self.lib.resolution(self.current, c);
            for &n in &art.citations[c].targets {
                if entries.len() > room {
                    break;
                }
                if !seen.insert(n) {
                    continue;
                }
                // In view, the best suggestion only.
                self.push_cited(&mut entries, res, n, 1);
            }
        }
        SidebarContent {
            heading: "Cited in view".into(),
            entries,
        }
    }

    /// The sidebar entries for number `n` as `res` resolves it: its reference, or that it is
    /// missing and up to `suggestions` suggestions for it.
    fn push_cited(
        &self,
        entries: &mut Vec<SidebarEntry>,
        res: &Resolution,
        n: Target,
        suggestions: usize,
    ) {
        if let Some(&(_, index)) = res.resolved.iter().find(|(m, _)| *m == n) {
            entries.push(SidebarEntry::Reference {
                target: n,
                index,
                times_cited: self.lib.times_cited(self.current, n),
            });
            return;
        }
        push_missing(entries, n);
        for s in res
            .suggestions
            .iter()
            .filter(|s| s.cited == n)
            .take(suggestions)
        {
            entries.push(SidebarEntry::Suggestion {
                cited: n,
                article: s.article,
                index: s.reference,
                reasons: s.reasons.clone(),
            });
        }
    }

    // ----- update -----

    /// Whether only the part on screen is laid out; [`Msg::FinishLayout`] lays out the rest,
    /// and any other message does so first.
    pub fn layout_partial(&self) -> bool {
        self.partial.is_some()
    }

    /// Apply one message. The effect says what the shell must do: draw, quit, suspend, or read
    /// a body and answer with [`Msg::BodyRead`].
    pub fn update(&mut self, msg: Msg) -> Effect {
        // Keys and actions lay the popup out as they compare the screen before and after.
        let keyed = matches!(msg, Msg::Key(_) | Msg::Action(_));
        let effect = self.apply(msg);
        if !keyed {
            self.refresh_popup();
        }
        self.asking(effect)
    }

    /// `effect`, or a request for the body the reader needs now, when there is one.
    fn asking(&self, effect: Effect) -> Effect {
        match effect {
            Effect::None | Effect::Redraw => self.needed().map_or(effect, Effect::ReadBody),
            other => other,
        }
    }

    fn apply(&mut self, msg: Msg) -> Effect {
        if self.partial.is_some() && !matches!(msg, Msg::Resize(..)) {
            // Lays out the whole article, at the same place.
            self.relayout();
        }
        match msg {
            Msg::Resize(w, h) => {
                if (w, h) == (self.width, self.height) {
                    return Effect::None;
                }
                let mut pos = self.location();
                if let (Some(anchor), Some(_)) = (self.top_anchor, pos.top) {
                    pos.top = Some(anchor);
                }
                self.width = w;
                self.height = h;
                self.relayout_visible_first(pos.clone());
                self.top_anchor = pos.top;
                Effect::Redraw
            }
            // Laid out above; the screen shows the same.
            Msg::FinishLayout => Effect::None,
            Msg::Key(key) => self.unless_unchanged(|app| app.moved(|app| app.key(key))),
            Msg::Action(a) => self.unless_unchanged(|app| app.moved(|app| app.action(a))),
            Msg::Scroll(n) => {
                self.top_anchor = None;
                if n < 0 {
                    self.scroll_up(n.unsigned_abs() as usize);
                } else {
                    self.scroll_down(n as usize);
                }
                Effect::Redraw
            }
            Msg::Click(col, row) => self.moved(|app| app.click(col, row)),
            Msg::BodyRead(index, body) => self.body_read(index, body.map(|b| *b)),
        }
    }

    /// Everything the screen shows that an action can change.
    fn visible_state(&self) -> impl PartialEq {
        (
            (self.current, self.top, self.focus, self.mark, self.sidebar),
            self.overlay.clone(),
            self.search.clone(),
            self.message.clone(),
        )
    }

    /// Run an update, and ask for no redraw when nothing on screen changed (`j` at the end).
    fn unless_unchanged(&mut self, f: impl FnOnce(&mut App) -> Effect) -> Effect {
        let before = self.visible_state();
        let effect = f(self);
        // A popup scrolled past its end is brought back before the comparison.
        self.refresh_popup();
        match effect {
            Effect::Redraw if self.visible_state() == before => Effect::None,
            effect => effect,
        }
    }

    /// Run an update that may move the view; a move forgets the resize anchor.
    fn moved(&mut self, f: impl FnOnce(&mut App) -> Effect) -> Effect {
        let before = (self.current, self.top);
        let effect = f(self);
        if (self.current, self.top) != before {
            self.top_anchor = None;
        }
        effect
    }

    fn key(&mut self, key: Key) -> Effect {
        if key == Key::ctrl('c') {
            // Whatever is open or typed, and whatever the keymap says.
            return Effect::Quit;
        }
        if self.search.as_ref().is_some_and(|s| s.typing) {
            return self.search_key(key);
        }
        if let Overlay::Help { filter, scroll } = &mut self.overlay {
            match key.code {
                KeyCode::Char(c) if !key.ctrl && !key.alt => {
                    filter.push(c);
                    *scroll = 0;
                    return Effect::Redraw;
                }
                KeyCode::Backspace => {
                    filter.pop();
                    *scroll = 0;
                    return Effect::Redraw;
                }
                _ => {}
            }
        }
        match self.keymap.action(key) {
            Some(a) => self.action(a),
            None => {
                if matches!(self.overlay, Overlay::None) {
                    let help = self
                        .keymap
                        .first_key(Action::Help)
                        .unwrap_or_else(|| "?".into());
                    self.message = Some(format!(
                        "{} is not bound to anything; {help} lists the keys",
                        key.display()
                    ));
                    Effect::Redraw
                } else {
                    Effect::None
                }
            }
        }
    }

    fn action(&mut self, a: Action) -> Effect {
        if a == Action::Quit {
            return Effect::Quit;
        }
        if a == Action::Suspend {
            return Effect::Suspend;
        }
        if !matches!(self.overlay, Overlay::None) {
            return self.overlay_action(a);
        }
        self.message = None;
        match a {
            Action::LineDown => self.scroll_down(1),
            Action::LineUp => self.scroll_up(1),
            Action::PageDown => self.scroll_down(self.body_height().saturating_sub(1).max(1)),
            Action::PageUp => self.scroll_up(self.body_height().saturating_sub(1).max(1)),
            Action::HalfPageDown => self.scroll_down((self.body_height() / 2).max(1)),
            Action::HalfPageUp => self.scroll_up((self.body_height() / 2).max(1)),
            Action::Top => {
                self.top = 0;
                self.mark = None;
            }
            Action::Bottom => {
                self.top = self.max_top();
                self.mark = None;
            }
            Action::NextAnchor => self.step_anchor(true),
            Action::PrevAnchor => self.step_anchor(false),
            Action::Follow => self.follow(),
            Action::Back => self.go_back(),
            Action::Forward => self.go_forward(),
            Action::Search => {
                let origin = self.location();
                self.search = Some(Search {
                    pattern: String::new(),
                    matches: Vec::new(),
                    capped: false,
                    current: None,
                    typing: true,
                    origin,
                    origin_top: self.top,
                });
            }
            Action::SearchNext => self.search_step(true),
            Action::SearchPrev => self.search_step(false),
            Action::Outline => {
                let selected = self
                    .layout
                    .position_of(self.top)
                    .map(|(b, _)| self.article().blocks[b].section)
                    .unwrap_or(0);
                self.overlay = Overlay::Outline { selected };
            }
            Action::Library => {
                self.overlay = Overlay::Library {
                    selected: self.current,
                }
            }
            Action::PrevArticle | Action::NextArticle => {
                let n = self.lib.len();
                if n <= 1 {
                    self.message = Some("This is the only article loaded".into());
                } else {
                    let next = if a == Action::NextArticle {
                        (self.current + 1) % n
                    } else {
                        (self.current + n - 1) % n
                    };
                    self.jump_to_article(next);
                }
            }
            Action::ToggleSidebar => {
                if self.geometry().narrow {
                    self.overlay = Overlay::Sidebar { scroll: 0 };
                } else {
                    let pos = self.location();
                    self.sidebar = !self.sidebar;
                    self.relayout_keeping(pos);
                }
            }
            Action::Help => {
                self.overlay = Overlay::Help {
                    filter: String::new(),
                    scroll: 0,
                }
            }
            Action::Close => {
                self.search = None;
            }
            Action::Quit => return Effect::Quit,
            Action::Suspend => return Effect::Suspend,
        }
        Effect::Redraw
    }

    fn overlay_action(&mut self, a: Action) -> Effect {
        let page = self.body_height().saturating_sub(3).max(1);
        // Close, or the key that opened an overlay, closes it.
        let closes = matches!(
            (&self.overlay, a),
            (_, Action::Close)
                | (Overlay::Help { .. }, Action::Help)
                | (Overlay::Outline { .. }, Action::Outline)
                | (Overlay::Library { .. }, Action::Library)
                | (Overlay::Sidebar { .. }, Action::ToggleSidebar)
        );
        if closes {
            self.overlay = Overlay::None;
            return Effect::Redraw;
        }
        match self.overlay.clone() {
            Overlay::None => Effect::None,
            Overlay::Outline { selected } | Overlay::Library { selected } => {
                let is_outline = matches!(self.overlay, Overlay::Outline { .. });
                let len = if is_outline {
                    self.article().sections.len()
                } else {
                    self.lib.len()
                };
                let last = len.saturating_sub(1);
                let selected = match a {
                    Action::LineDown | Action::NextAnchor => (selected + 1).min(last),
                    Action::LineUp | Action::PrevAnchor => selected.saturating_sub(1),
                    Action::PageDown | Action::HalfPageDown => (selected + page).min(last),
                    Action::PageUp | Action::HalfPageUp => selected.saturating_sub(page),
                    Action::Top => 0,
                    Action::Bottom => last,
                    Action::Follow => {
                        self.overlay = Overlay::None;
                        if is_outline {
                            self.open_section(selected);
                        } else if selected != self.current {
                            self.jump_to_article(selected);
                        }
                        return Effect::Redraw;
                    }
                    _ => return Effect::None,
                };
                self.overlay = if is_outline {
                    Overlay::Outline { selected }
                } else {
                    Overlay::Library { selected }
                };
                Effect::Redraw
            }
            Overlay::Help { .. } | Overlay::Glossary { .. } | Overlay::Sidebar { .. } => {
                if a == Action::Follow {
                    if let Overlay::Glossary { term, .. } = self.overlay {
                        // Enter on a definition goes to it in its own article.
                        self.overlay = Overlay::None;
                        let block = self.lib.term(term).block;
                        self.jump_to(term.article(), block);
                        return Effect::Redraw;
                    }
                    return Effect::None;
                }
                let (Overlay::Help { scroll, .. }
                | Overlay::Glossary { scroll, .. }
                | Overlay::Sidebar { scroll }) = &mut self.overlay
                else {
                    return Effect::None;
                };
                *scroll = match a {
                    Action::LineDown => *scroll + 1,
                    Action::LineUp => scroll.saturating_sub(1),
                    Action::PageDown | Action::HalfPageDown => *scroll + page,
                    Action::PageUp | Action::HalfPageUp => scroll.saturating_sub(page),
                    Action::Top => 0,
                    _ => return Effect::None,
                };
                Effect::Redraw
            }
        }
    }

    /// Jump to the heading of section `index` of the open article.
    fn open_section(&mut self, index: usize) {
        let art = self.article();
        let Some(section) = art.sections.get(index) else {
            return;
        };
        if art.blocks.is_empty() {
            return;
        }
        let block = section.blocks.start.min(art.blocks.len() - 1);
        let title = section.title.clone();
        self.jump_to(self.current, block);
        if !title.is_empty() {
            self.message = Some(title);
        }
    }

    // ----- scrolling and places -----

    fn max_top(&self) -> usize {
        self.layout.lines.len().saturating_sub(self.body_height())
    }

    fn scroll_down(&mut self, n: usize) {
        self.top = (self.top + n).min(self.max_top());
    }

    fn scroll_up(&mut self, n: usize) {
        self.top = self.top.saturating_sub(n);
    }

    /// Scroll so that `line` is on screen, a third of the way down if it was not.
    fn reveal(&mut self, line: usize) {
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

    fn relayout(&mut self) {
        let pos = self.location();
        self.relayout_keeping(pos);
    }

    /// Lay the current article out for the current geometry and put `pos` back at the top.
    fn relayout_keeping(&mut self, pos: Location) {
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
    fn relayout_visible_first(&mut self, pos: Location) {
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

    fn restore(&mut self, pos: &Location) {
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

    fn switch_article(&mut self, article: usize) {
        if article == self.current {
            return;
        }
        self.saved[self.current] = Some(self.location());
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
        let pos = self.saved[article].clone().unwrap_or(Location {
            article,
            top: None,
            focus: None,
        });
        self.restore(&pos);
    }

    fn push_history(&mut self) {
        self.back.push(self.location());
        self.forward.clear();
    }

    /// Open article `article` and show `arrival` there; when its body is not in memory, once
    /// it has been read (the update asks for it: [`Effect::ReadBody`]).
    fn enter(&mut self, article: usize, arrival: Arrival) {
        if self.lib.is_whole(article) {
            self.arrive(article, arrival);
        } else {
            self.pending = Some((article, arrival));
        }
    }

    fn arrive(&mut self, article: usize, arrival: Arrival) {
        self.switch_article(article);
        match arrival {
            Arrival::Block(block) => {
                if let Some(lines) = self.layout.block_lines.get(block) {
                    self.top = lines.start.min(self.max_top());
                }
                self.focus = None;
                self.mark = Some(block);
            }
            Arrival::Saved => {}
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

    /// Jump (with history) to block `block` of article `article`, marking it.
    fn jump_to(&mut self, article: usize, block: usize) {
        self.push_history();
        self.enter(article, Arrival::Block(block));
    }

    fn jump_to_article(&mut self, article: usize) {
        self.push_history();
        let art = self.lib.summary(article);
        let kind = art.kind().map(|k| format!("{k}: ")).unwrap_or_default();
        self.message = Some(format!("{kind}{}", art.title()));
        self.enter(article, Arrival::Saved);
    }

    fn go_to(&mut self, loc: Location) {
        self.enter(loc.article, Arrival::At(loc));
    }

    fn go_back(&mut self) {
        self.travel(true);
    }

    fn go_forward(&mut self) {
        self.travel(false);
    }

    /// Move one step through the jump history, keeping where we are on the other side.
    fn travel(&mut self, back: bool) {
        let here = self.location();
        let (from, to) = if back {
            (&mut self.back, &mut self.forward)
        } else {
            (&mut self.forward, &mut self.back)
        };
        match from.pop() {
            Some(loc) => {
                to.push(here);
                self.go_to(loc);
            }
            None => {
                let end = if back { "start" } else { "end" };
                self.message = Some(format!("Already at the {end} of the jump history"));
            }
        }
    }

    // ----- citations and terms -----

    fn step_anchor(&mut self, forward: bool) {
        let anchors = &self.layout.anchors;
        if anchors.is_empty() {
            self.message = Some("This article has no citations or glossary terms".into());
            return;
        }
        // On a screen with no room for text, the top line still counts as shown.
        let h = self.body_height().max(1);
        let visible = |i: usize| {
            let l = anchors[i].line();
            l >= self.top && l < self.top + h
        };
        let next = match self.focus.filter(|&f| visible(f)) {
            Some(f) if forward => (f + 1 < anchors.len()).then_some(f + 1),
            Some(f) => f.checked_sub(1),
            None if forward => self.layout.first_anchor_from(self.top),
            None => {
                let i = anchors.partition_point(|a| a.line() < self.top + h);
                i.checked_sub(1)
            }
        };
        match next {
            Some(i) => {
                self.focus = Some(i);
                self.mark = None;
                let line = self.layout.anchors[i].line();
                self.reveal(line);
            }
            None => {
                self.message = Some(if forward {
                    "No more citations or terms below".into()
                } else {
                    "No more citations or terms above".into()
                })
            }
        }
    }

    fn follow(&mut self) {
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
            AnchorKind::Term(i) => {
                let term = self.lib.occurrences(self.current)[i].term;
                self.overlay = Overlay::Glossary { term, scroll: 0 };
            }
            AnchorKind::Citation(c) => {
                let res = self.lib.resolution(self.current, c).clone();
                let text = self.article().citations[c].text(self.article()).to_string();
                if let Some(&(n, index)) = res.resolved.first() {
                    let block = self.article().references[index].block;
                    self.jump_to(self.current, block);
                    let n = self.article().target_text(n).into_owned();
                    self.message = Some(format!("Reference {n}"));
                } else if let Some((s, place)) = res
                    .suggestions
                    .first()
                    .and_then(|s| Some((s, self.lib.place(s.article, s.reference)?)))
                {
                    let number = place.number;
                    let title = self.lib.summary(s.article).title().to_string();
                    let cited = self.article().target_text(s.cited).into_owned();
                    self.jump_to(s.article, place.block);
                    self.message = Some(format!(
                        "Suggested for {cited}: reference {number} of {title} (not this article's own list)"
                    ));
                } else {
                    let art = self.article();
                    let nums: Vec<String> = res
                        .unresolved
                        .iter()
                        .map(|&t| art.target_text(t).into_owned())
                        .collect();
                    self.message = Some(format!(
                        "{text}: {} not in this article's reference list, and no other article has it",
                        nums.join(", ")
                    ));
                }
            }
        }
    }

    fn click(&mut self, col: u16, row: u16) -> Effect {
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

    // ----- search -----

    fn search_key(&mut self, key: Key) -> Effect {
        let Some(s) = self.search.as_mut() else {
            return Effect::None;
        };
        match key.code {
            KeyCode::Esc => {
                self.abandon_search(true);
                return Effect::Redraw;
            }
            KeyCode::Enter => {
                s.typing = false;
                if s.pattern.is_empty() {
                    self.search = None;
                    return Effect::Redraw;
                }
                if s.matches.is_empty() {
                    let p = s.pattern.clone();
                    self.abandon_search(false);
                    self.message = Some(format!("Pattern not found: {p}"));
                } else {
                    // The search is a jump: Back returns to where it started.
                    let origin = s.origin.clone();
                    self.back.push(origin);
                    self.forward.clear();
                }
                return Effect::Redraw;
            }
            KeyCode::Backspace => {
                if s.pattern.pop().is_none() {
                    self.abandon_search(false);
                    return Effect::Redraw;
                }
            }
            KeyCode::Char(c) if !key.ctrl && !key.alt => {
                // A longer pattern matches where the shorter one did, and nowhere else: the
                // matches found are narrowed instead of searched for again, when they were
                // all of them and the case rule stays the same.
                let refine = !s.capped
                    && !s.pattern.is_empty()
                    && (case_sensitive(&s.pattern) || !c.is_uppercase());
                s.pattern.push(c);
                if refine {
                    self.narrow_search();
                    return Effect::Redraw;
                }
            }
            _ => return Effect::None,
        }
        self.run_search();
        Effect::Redraw
    }

    /// The matches of the pattern among those of the pattern one character shorter.
    fn narrow_search(&mut self) {
        let Some(s) = self.search.as_mut() else {
            return;
        };
        let art = self.lib.article(self.current);
        match search_regex(&s.pattern, true) {
            Some(anchored) => {
                // As a search from the start finds them: a match that would overlap the one
                // before it (`aa` in `aaa`) is not one.
                let mut last_end = (usize::MAX, 0);
                s.matches.retain_mut(|(b, r)| {
                    if last_end.0 == *b && r.start < last_end.1 {
                        return false;
                    }
                    let found = art.blocks[*b]
                        .text
                        .get(r.start..)
                        .and_then(|t| anchored.find(t));
                    match found.filter(|m| !m.is_empty()).map(|m| r.start + m.end()) {
                        Some(end) => {
                            r.end = end;
                            last_end = (*b, end);
                            true
                        }
                        None => false,
                    }
                })
            }
            None => s.matches.clear(),
        }
        let origin = self.origin_place();
        self.show_first_match(origin);
    }

    /// End the search with the view back at the line where it started, and with `refocus`
    /// the focus too.
    fn abandon_search(&mut self, refocus: bool) {
        let Some(s) = self.search.take() else {
            return;
        };
        if refocus {
            self.restore(&s.origin);
        }
        self.top = s.origin_top.min(self.max_top());
    }

    /// The line where byte `at` of block `block` of the open article is shown.
    fn line_of(&self, block: usize, at: usize) -> usize {
        self.layout.locate(self.article(), block, at).0
    }

    /// Find the pattern in the article and show the first match at or after the origin.
    fn run_search(&mut self) {
        let origin = self.origin_place();
        let Some(s) = self.search.as_mut() else {
            return;
        };
        (s.matches, s.capped) = window(self.lib.article(self.current), &s.pattern, origin);
        self.show_first_match(origin);
    }

    /// The (block, byte) at the top of the view when the search started.
    fn origin_place(&self) -> (usize, usize) {
        let top = self.search.as_ref().map_or(self.top, |s| s.origin_top);
        self.layout.position_of(top).unwrap_or((0, 0))
    }

    /// Make the first match at or after `origin` (where the search started) the current one,
    /// and show it.
    fn show_first_match(&mut self, origin: (usize, usize)) {
        let Some(s) = self.search.as_mut() else {
            return;
        };
        let first = s
            .matches
            .iter()
            .position(|(b, r)| (*b, r.start) >= origin)
            .or(if s.matches.is_empty() { None } else { Some(0) });
        s.current = first;
        let line = first.map(|i| {
            let (b, r) = &s.matches[i];
            (*b, r.start)
        });
        let origin_top = s.origin_top;
        self.top = origin_top.min(self.max_top());
        if let Some((b, at)) = line {
            let line = self.line_of(b, at);
            self.reveal(line);
        }
    }

    /// Past the end of a window of matches (or before its start), the next window.
    fn next_window(&mut self, forward: bool) {
        let Some(s) = self.search.as_mut() else {
            return;
        };
        let Some(m) = Matcher::new(&s.pattern) else {
            return;
        };
        let art = self.lib.article(self.current);
        let Some((b, r)) = s.current.and_then(|c| s.matches.get(c)).cloned() else {
            return;
        };
        if forward {
            (s.matches, s.capped) = m.scan(art, (b, r.end), MAX_MATCHES);
            s.current = (!s.matches.is_empty()).then_some(0);
        } else {
            s.matches = m.before(art, (b, r.start), MAX_MATCHES);
            s.current = s.matches.len().checked_sub(1);
        }
    }

    fn search_step(&mut self, forward: bool) {
        let Some(s) = self.search.as_mut() else {
            let slash = self
                .keymap
                .first_key(Action::Search)
                .unwrap_or_else(|| "/".into());
            self.message = Some(format!("No search; {slash} starts one"));
            return;
        };
        if s.matches.is_empty() {
            self.message = Some(format!("Pattern not found: {}", s.pattern));
            return;
        }
        let n = s.matches.len();
        let cur = s.current.unwrap_or(0);
        let at_edge = if forward { cur + 1 == n } else { cur == 0 };
        if s.capped && at_edge {
            // Past the edge of the window: the next matches in the text, not a wrap.
            self.next_window(forward);
        } else {
            s.current = Some(if forward {
                (cur + 1) % n
            } else {
                (cur + n - 1) % n
            });
            if at_edge {
                self.message = Some(if forward {
                    "Search wrapped to the top".into()
                } else {
                    "Search wrapped to the bottom".into()
                });
            }
        }
        let Some((b, r)) = self
            .search
            .as_ref()
            .and_then(|s| s.matches.get(s.current?))
            .cloned()
        else {
            return;
        };
        let line = self.line_of(b, r.start);
        self.mark = None;
        self.reveal(line);
    }
}

/// The status line's word on a list of problems (one line each): the first, and how many more
/// are listed when the reader closes. `None` for no problems.
pub fn problems_summary(problems: &[String]) -> Option<String> {
    let first = problems.first()?;
    Some(match problems.len() {
        1 => first.clone(),
        n => format!("{first} (and {} more; listed on exit)", n - 1),
    })
}

/// Add a missing target, joining it to the entry before when that one is missing targets too.
fn push_missing(entries: &mut Vec<SidebarEntry>, n: Target) {
    if let Some(SidebarEntry::Missing { targets }) = entries.last_mut() {
        targets.push(n);
    } else {
        entries.push(SidebarEntry::Missing { targets: vec![n] });
    }
}

/// Matches of `pattern` in the text of `art`'s blocks, in text order: case-insensitive unless
/// the pattern has a capital letter. All of them: the reader holds at most [`MAX_MATCHES`].
pub fn find_matches(art: &Article, pattern: &str) -> Vec<(usize, Range<usize>)> {
    Matcher::new(pattern).map_or_else(Vec::new, |m| m.scan(art, (0, 0), usize::MAX).0)
}

/// Whether a search for `pattern` tells case apart: smart case, only when it has a capital.
fn case_sensitive(pattern: &str) -> bool {
    pattern.chars().any(char::is_uppercase)
}

/// `pattern` as a literal regular expression with smart case; with `anchored`, matching at the
/// start of a text only (to narrow matches to a longer pattern).
fn search_regex(pattern: &str, anchored: bool) -> Option<regex::Regex> {
    if pattern.is_empty() {
        return None;
    }
    let escaped = regex::escape(pattern);
    let source = if anchored {
        format!("^(?:{escaped})")
    } else {
        escaped
    };
    regex::RegexBuilder::new(&source)
        .case_insensitive(!case_sensitive(pattern))
        .build()
        .ok()
}

/// The matches of `pattern` the reader holds: all of them in text order when there are at most
/// [`MAX_MATCHES`]; else the next that many from `origin` (where the search started), and that
/// there are more.
fn window(
    art: &Article,
    pattern: &str,
    origin: (usize, usize),
) -> (Vec<(usize, Range<usize>)>, bool) {
    let Some(m) = Matcher::new(pattern) else {
        return (Vec::new(), false);
    };
    let (found, capped) = m.scan(art, (0, 0), MAX_MATCHES);
    let reaches_origin = found.last().is_some_and(|(b, r)| (*b, r.start) >= origin);
    if capped && !reaches_origin {
        m.scan(art, origin, MAX_MATCHES)
    } else {
        (found, capped)
    }
}

/// A search pattern, compiled to find it anywhere in a block.
struct Matcher {
    find: regex::Regex,
}

impl Matcher {
    fn new(pattern: &str) -> Option<Matcher> {
        Some(Matcher {
            find: search_regex(pattern, false)?,
        })
    }

    /// Up to `limit` matches from byte `from.1` of block `from.0` on, going on from the top
    /// after the end and stopping where they began; and whether there were more.
    fn scan(
        &self,
        art: &Article,
        from: (usize, usize),
        limit: usize,
    ) -> (Vec<(usize, Range<usize>)>, bool) {
        let mut out = Vec::new();
        for m in self.round(art, from) {
            if out.len() == limit {
                return (out, true);
            }
            out.push(m);
        }
        (out, false)
    }

    /// The `limit` matches just before byte `at.1` of block `at.0` (going round from the end
    /// before the top), in text order.
    fn before(
        &self,
        art: &Article,
        at: (usize, usize),
        limit: usize,
    ) -> Vec<(usize, Range<usize>)> {
        let mut ring = std::collections::VecDeque::with_capacity(limit.min(1024));
        // Everything from `at` round to `at` again, keeping the last `limit`.
        for m in self.round(art, at) {
            if ring.len() == limit {
                ring.pop_front();
            }
            ring.push_back(m);
        }
        ring.into()
    }

    /// Every match from byte `from.1` of block `from.0` on, then from the top after the end,
    /// up to where they began.
    fn round<'a>(
        &'a self,
        art: &'a Article,
        from: (usize, usize),
    ) -> impl Iterator<Item = (usize, Range<usize>)> + 'a {
        let n = art.blocks.len();
        let first = from.0.min(n);
        // Blocks `first..n` (the first from `from.1`), then `0..=first` again (the first only up
        // to `from.1`); an article with no blocks has none of either.
        let after = (first..n).map(move |i| (i, if i == first { from.1 } else { 0 }, usize::MAX));
        let again = (0..=first)
            .filter(move |&i| i < n)
            .map(move |i| (i, 0, if i == first { from.1 } else { usize::MAX }));
        after.chain(again).flat_map(move |(i, start, end)| {
            let text = &art.blocks[i].text;
            let end = end.min(text.len());
            let text = text.get(..end).unwrap_or("");
            self.find
                .find_iter(text)
                .skip_while(move |m| m.start() < start)
                .filter(|m| !m.is_empty())
                .map(move |m| (i, m.range()))
        })
    }
}
