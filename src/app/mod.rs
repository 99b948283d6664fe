//! The reader's state and its pure update function.
//!
//! [`App`] holds the library, which article is open, where the view is, what is focused, the
//! jump history, the search and any overlay. [`App::update`] applies one [`Msg`] and says
//! through an [`Effect`] what the shell must do: draw, quit, suspend, or carry out a request
//! (read a body) and answer it with a message. What it asks beyond that — writes to the store,
//! a recall, a copy, an editor, a link to open — waits in [`App::take_requests`], and the
//! answers come back as messages too ([`Msg::Recalled`], [`Msg::Edited`]). It does no I/O and
//! nothing in it polls, so tests drive it with key sequences and look at the state. [`popup`] lays out the open popup once
//! per update, so the state knows how far it scrolls and the view only paints.
//!
//! Imports the model, library, layout and keymap; never the terminal.

mod bodies;
mod cited;
mod hints;
mod keep;
use keep::{Counts, Spot};
mod notes;
pub use cited::{same_work, CitingPlace};
pub use notes::{link_of, safe_link, text_links, Selection, COPY_CAP};
mod margin;
pub use margin::{MarginNote, Note, SLACK};
mod motions;
mod navigation;
use navigation::Anchors;
pub mod popup;
mod search;
mod view;

pub use search::{find_matches, Search, MAX_MATCHES};

use crate::keymap::{Action, Key, KeyCode, Keymap, Lookup};
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

/// The widest the text column grows unless the settings say otherwise: about a hundred columns
/// reads well, and a 200-column terminal does not give 198-character lines. What is left goes
/// to the margin beside it, or stays blank without one.
pub const TEXT_MAX_WIDTH: usize = crate::settings::TEXT_WIDTH;

/// What `s` says when it shows the margin beside an article that cites nothing in its text.
pub const MARGIN_EMPTY: &str = "No in-text citations: the margin stays empty";

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
    /// What the store remembers (the answer to a recall).
    Recalled(Box<crate::memory::Recalled>),
    /// Something to tell the reader once: the store could not be opened, a write failed.
    Problem(String),
    /// The note written in `$EDITOR` (the answer to [`crate::memory::Request::Edit`]), or why
    /// there is none.
    Edited(Result<String, String>),
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
    /// The areas of a `width` × `height` screen, with a text column at most `text_max` wide.
    pub fn new(width: u16, height: u16, sidebar_shown: bool, text_max: usize) -> Geometry {
        let too_small = width < MIN_WIDTH || height < MIN_HEIGHT;
        let narrow = width < SIDEBAR_MIN_TOTAL_WIDTH;
        let body_h = height.saturating_sub(1);
        let status = Rect::new(0, body_h, width, height.min(1));
        // The text's columns and one of margin each side.
        let widest = text_max.min(u16::MAX as usize - 2) as u16 + 2;
        if too_small || narrow || !sidebar_shown {
            return Geometry {
                body: Rect::new(0, 0, width.min(widest), body_h),
                sidebar: None,
                status,
                narrow,
                too_small,
            };
        }
        let side = (width * 35 / 100).clamp(28, 64);
        let body_w = (width - side).min(widest);
        let side = width - body_w;
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
    /// A figure's or table's caption, from where the text names it.
    Caption {
        figure: usize,
        scroll: usize,
    },
    /// A citation of several references, one row each, to choose one (`[1-9]`, Enter).
    Cited {
        citation: usize,
        selected: usize,
    },
    /// Every place that cites reference `of` (article, index), to jump to one.
    CitedBy {
        of: (usize, usize),
        places: Vec<CitingPlace>,
        selected: usize,
    },
    /// The bookmarks across the library.
    Bookmarks {
        selected: usize,
    },
    /// The highlights and notes of the open article, or of the library.
    Notes {
        selected: usize,
        library: bool,
    },
    /// Text that would have been copied, shown to select (copying is off, or it is too long).
    Copied {
        what: String,
        text: String,
        scroll: usize,
    },
}

/// What to show once an article whose body is being read arrives.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Arrival {
    /// Block `block`, marked: a followed reference or term.
    Block(usize),
    /// Citation `c` of the article, focused: a place that cites a reference.
    Citation(usize),
    /// Where the reader left the article, or its top.
    Saved,
    /// A place from the jump history.
    At(Location),
    /// A place the store kept (a mark, a bookmark, a jump of an earlier session).
    Kept(crate::model::Location),
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
    /// A reference from another article offered for a missing number, or (`index` `None`)
    /// another loaded article that is the work a Manubot identifier names.
    Suggestion {
        cited: Target,
        article: usize,
        index: Option<usize>,
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
    back: Vec<Spot>,
    forward: Vec<Spot>,
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
    /// A count typed before a key (`10` of `10j`).
    count: Option<usize>,
    /// `m` or `'` typed: the next key names the mark.
    awaiting_mark: Option<Action>,
    /// `:` typed: digits then Enter name a line.
    line_prompt: bool,
    /// The keys of a sequence typed so far (`]` of `]]`).
    typed: Vec<Key>,
    /// While hint labels are shown: the letters of a label typed so far.
    hints: Option<String>,
    /// Whether the margin is shown beside an article with no citations in its text too (it
    /// hides itself there until `s` asks for it).
    margin_when_uncited: bool,
    /// Whether the rest of the library (and of the open article) is still being read: a number
    /// the reference list lacks may yet come.
    reading_rest: bool,
    /// The widest the text column grows.
    text_max: usize,
    /// The places citing a reference, gathered while articles not in memory are read.
    citing_scan: Option<cited::CitingScan>,
    /// The marks (`ma`): a small letter's scope is its article, a capital's the library.
    marks:
        std::collections::BTreeMap<(Option<crate::model::ArticleId>, char), crate::model::Location>,
    /// What the reader asks of the shell: see [`App::take_requests`].
    requests: Vec<crate::memory::Request>,
    /// Reading positions the store kept, for articles not opened yet this session.
    kept: std::collections::HashMap<crate::model::ArticleId, crate::model::Location>,
    /// The articles the store has been asked about.
    asked: std::collections::HashSet<crate::model::ArticleId>,
    /// The reading position last given to the store.
    position_kept: Option<crate::model::Location>,
    /// Whether the reader has pressed a key: a position the store gives back late no longer
    /// moves the view.
    touched: bool,
    /// The article opened last at its top for want of a place this session: a place the store
    /// gives for it still applies.
    fresh: Option<usize>,
    /// The article `--last` reopens, once the library that holds it is read.
    open_last: Option<crate::model::ArticleId>,
    /// Character counts of the open article, for making places.
    counts: Counts,
    /// Whether the jumps of earlier sessions are in the jump list.
    jumps_recalled: bool,
    /// Bookmarks and annotations.
    notes: notes::Notes,
    /// The keyboard selection, while one is being made.
    selection: Option<Selection>,
    /// Whether copying goes to the terminal's clipboard (OSC 52); else what would be copied is
    /// shown in a popup.
    clipboard: bool,
}

/// The most times a count repeats a step (the next citation, the next match): more would
/// pass every one of them.
const MAX_REPEAT: usize = 10_000;

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
            count: None,
            awaiting_mark: None,
            line_prompt: false,
            typed: Vec::new(),
            hints: None,
            margin_when_uncited: false,
            reading_rest: false,
            marks: std::collections::BTreeMap::new(),
            text_max: TEXT_MAX_WIDTH,
            citing_scan: None,
            requests: Vec::new(),
            kept: Default::default(),
            asked: Default::default(),
            position_kept: None,
            touched: false,
            open_last: None,
            fresh: None,
            counts: Counts::default(),
            jumps_recalled: false,
            notes: notes::Notes::default(),
            selection: None,
            clipboard: true,
        };
        app.relayout();
        app.recall_new();
        app
    }

    /// Take the settings file's text width, term marking and whether the margin starts
    /// shown (the theme is the shell's).
    pub fn apply_settings(&mut self, s: &crate::settings::Settings) {
        let before = (self.text_max, self.options, self.sidebar);
        self.text_max = s.text_width;
        self.options.terms = s.terms;
        self.sidebar = s.margin;
        self.clipboard = s.clipboard;
        // Laid out again only when the settings change what was laid out.
        if (self.text_max, self.options, self.sidebar) != before {
            let pos = self.location();
            self.relayout_keeping(pos);
        }
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
    /// A count or the start of a key sequence, typed and waiting for its key (`10`, `]`), as
    /// vim shows it at the right of the status line.
    pub fn typed_keys(&self) -> Option<String> {
        if self.count.is_none() && self.typed.is_empty() {
            return None;
        }
        let count = self.count.map(|n| n.to_string()).unwrap_or_default();
        Some(format!(
            "{count}{}",
            crate::keymap::display_seq(&self.typed)
        ))
    }
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }
    pub fn size(&self) -> (u16, u16) {
        (self.width, self.height)
    }
    /// Whether the margin is shown: as `s` last left it, but beside an article with no
    /// citations in its text only once `s` asked for it there.
    fn margin_shown(&self) -> bool {
        self.sidebar && (self.margin_when_uncited || !self.article().citations.is_empty())
    }

    /// Say that the rest of the library is being read (the first screen came from part of
    /// it); [`App::replace_library`] ends it.
    pub fn set_reading_rest(&mut self, reading: bool) {
        self.reading_rest = reading;
    }

    /// Whether the rest of the library is still being read.
    pub fn reading_rest(&self) -> bool {
        self.reading_rest
    }

    pub fn geometry(&self) -> Geometry {
        Geometry::new(self.width, self.height, self.margin_shown(), self.text_max)
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
        if keyed || matches!(msg, Msg::Scroll(_) | Msg::Click(..)) {
            self.touched = true;
        }
        let effect = self.apply(msg);
        self.refresh_highlights();
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
            Msg::Recalled(r) => self.recalled(*r),
            Msg::Problem(p) => {
                self.message = Some(p);
                Effect::Redraw
            }
            Msg::Edited(note) => self.edited(note),
        }
    }

    /// Everything the screen shows that an action can change.
    fn visible_state(&self) -> impl PartialEq {
        (
            (
                self.current,
                self.top,
                self.focus,
                self.mark,
                self.margin_shown(),
            ),
            self.overlay.clone(),
            self.search.clone(),
            self.message.clone(),
            (self.count, self.typed.clone(), self.hints.clone()),
            (self.selection.clone(), self.notes.label.clone()),
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
            if self.current == before.0 {
                // Moved in the article: its place is the reader's now.
                self.fresh = None;
            }
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
        if let Overlay::Bookmarks { selected } | Overlay::Notes { selected, .. } = self.overlay {
            match key.code {
                KeyCode::Char('d') | KeyCode::Delete if !key.ctrl && !key.alt => {
                    self.kept_row(selected, true);
                    return Effect::Redraw;
                }
                KeyCode::Tab => {
                    if let Overlay::Notes { library, .. } = self.overlay {
                        self.open_notes(!library);
                        return Effect::Redraw;
                    }
                }
                _ => {}
            }
        }
        if matches!(self.overlay, Overlay::None) {
            if self.notes.label.is_some() {
                return self.label_key(key);
            }
            if self.selection.is_some() {
                return self.selection_key(key);
            }
            if self.hints.is_some() {
                return self.hint_key(key);
            }
            if let Some(action) = self.awaiting_mark.take() {
                self.mark_key(action, key);
                return Effect::Redraw;
            }
            if self.line_prompt {
                self.line_prompt_key(key);
                return Effect::Redraw;
            }
            // Esc drops a count or a sequence begun.
            if key == Key::plain(KeyCode::Esc) && (!self.typed.is_empty() || self.count.is_some()) {
                self.typed.clear();
                self.count = None;
                return Effect::Redraw;
            }
            // The keys of a sequence (`]]`) so far, and this one.
            let mut typed = std::mem::take(&mut self.typed);
            typed.push(key);
            match self.keymap.lookup(&typed) {
                Lookup::Action(a) => return self.action(a),
                Lookup::Prefix => {
                    self.typed = typed;
                    return Effect::Redraw;
                }
                Lookup::Unbound if typed.len() > 1 => {
                    self.count = None;
                    self.message = Some(self.unbound(&typed));
                    return Effect::Redraw;
                }
                Lookup::Unbound => {
                    if self.count_key(key) {
                        return Effect::Redraw;
                    }
                }
            }
        }
        match self.keymap.action(key) {
            Some(a) => self.action(a),
            None => {
                self.count = None;
                if matches!(self.overlay, Overlay::None) {
                    self.message = Some(self.unbound(&[key]));
                    Effect::Redraw
                } else {
                    Effect::None
                }
            }
        }
    }

    /// What the status line says of keys that are bound to nothing.
    fn unbound(&self, keys: &[Key]) -> String {
        let help = self
            .keymap
            .first_key(Action::Help)
            .unwrap_or_else(|| "h".into());
        format!(
            "{} is not bound to anything; {help} lists the keys",
            crate::keymap::display_seq(keys)
        )
    }

    fn action(&mut self, a: Action) -> Effect {
        if a == Action::Quit {
            return Effect::Quit;
        }
        if a == Action::Suspend {
            return Effect::Suspend;
        }
        if !matches!(self.overlay, Overlay::None) {
            self.count = None;
            return self.overlay_action(a);
        }
        self.message = None;
        // The count typed before the key: how many times, or which line or percentage.
        let count = self.count.take();
        let times = count.unwrap_or(1).max(1);
        let page = self.body_height().saturating_sub(1).max(1);
        let half = (self.body_height() / 2).max(1);
        match a {
            Action::LineDown => self.scroll_down(times),
            Action::LineUp => self.scroll_up(times),
            Action::PageDown => self.scroll_down(page.saturating_mul(times)),
            Action::PageUp => self.scroll_up(page.saturating_mul(times)),
            Action::HalfPageDown => self.scroll_down(half.saturating_mul(times)),
            Action::HalfPageUp => self.scroll_up(half.saturating_mul(times)),
            Action::Top => self.go_to_line(count.unwrap_or(1)),
            Action::Bottom => match count {
                Some(n) => self.go_to_line(n),
                None => {
                    self.top = self.max_top();
                    self.mark = None;
                }
            },
            Action::Percent => self.go_to_percent(count.unwrap_or(0)),
            Action::SetMark | Action::GoToMark => self.awaiting_mark = Some(a),
            Action::GoToLine => {
                self.line_prompt = true;
                self.message = Some(":".into());
            }
            Action::NextAnchor
            | Action::PrevAnchor
            | Action::NextCitation
            | Action::PrevCitation
            | Action::NextTerm
            | Action::PrevTerm
            | Action::NextFigure
            | Action::PrevFigure => {
                if let Some((forward, which)) = Anchors::motion(a) {
                    for _ in 0..times.min(MAX_REPEAT) {
                        self.step_anchor(forward, which);
                    }
                }
            }
            Action::Follow => self.follow(),
            Action::CitedBy => self.list_cited_by(),
            Action::Select => self.start_selection(),
            Action::Bookmark => self.start_bookmark(),
            Action::Bookmarks => self.open_bookmarks(),
            Action::Notes => self.open_notes(false),
            Action::YankReference | Action::YankBibtex | Action::YankCslJson | Action::YankDoi => {
                self.yank(a)
            }
            Action::OpenLink => self.open_link(),
            Action::Hints => self.start_hints(),
            Action::Back => self.go_back(),
            Action::Forward => self.go_forward(),
            Action::Search | Action::SearchBack => {
                let origin = self.location();
                self.search = Some(Search {
                    pattern: String::new(),
                    matches: Vec::new(),
                    capped: false,
                    current: None,
                    typing: true,
                    backward: a == Action::SearchBack,
                    origin,
                    origin_top: self.top,
                });
            }
            Action::SearchNext | Action::SearchPrev => {
                for _ in 0..times.min(MAX_REPEAT) {
                    self.search_step(a == Action::SearchNext);
                }
            }
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
            Action::NextSection | Action::PrevSection => {
                self.step_section(a == Action::NextSection, times);
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
                    let uncited = self.article().citations.is_empty();
                    if self.margin_shown() {
                        self.sidebar = false;
                        self.margin_when_uncited &= !uncited;
                    } else {
                        self.sidebar = true;
                        self.margin_when_uncited |= uncited;
                        if uncited {
                            self.message = Some(MARGIN_EMPTY.into());
                        }
                    }
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
                | (Overlay::Bookmarks { .. }, Action::Bookmarks)
                | (Overlay::Notes { .. }, Action::Notes)
        );
        if closes {
            self.overlay = Overlay::None;
            return Effect::Redraw;
        }
        // Below 80 columns the references are an overlay over the text: the anchor motions
        // move the focus under it (it shows the new focus's references), and Enter follows
        // the focus as beside the text.
        if let Overlay::Sidebar { .. } = self.overlay {
            if Anchors::motion(a).is_some() {
                self.overlay = Overlay::None;
                let effect = self.action(a);
                self.overlay = Overlay::Sidebar { scroll: 0 };
                return effect;
            }
            if a == Action::Follow {
                self.overlay = Overlay::None;
                return self.action(a);
            }
        }
        match self.overlay.clone() {
            Overlay::None => Effect::None,
            Overlay::Outline { selected }
            | Overlay::Library { selected }
            | Overlay::Cited { selected, .. }
            | Overlay::CitedBy { selected, .. }
            | Overlay::Bookmarks { selected }
            | Overlay::Notes { selected, .. } => {
                let len = match &self.overlay {
                    Overlay::Bookmarks { .. } => self.bookmark_rows().len(),
                    Overlay::Notes { library, .. } => self.note_rows(*library).len(),
                    Overlay::Outline { .. } => self.article().sections.len(),
                    Overlay::Cited { citation, .. } => {
                        self.article().citations[*citation].targets.len()
                    }
                    Overlay::CitedBy { places, .. } => places.len(),
                    _ => self.lib.len(),
                };
                let last = len.saturating_sub(1);
                let selected = match a {
                    Action::LineDown | Action::NextAnchor => (selected + 1).min(last),
                    Action::LineUp | Action::PrevAnchor => selected.saturating_sub(1),
                    Action::PageDown | Action::HalfPageDown => (selected + page).min(last),
                    Action::PageUp | Action::HalfPageUp => selected.saturating_sub(page),
                    Action::Top => 0,
                    Action::Bottom => last,
                    Action::Follow
                        if matches!(
                            self.overlay,
                            Overlay::Bookmarks { .. } | Overlay::Notes { .. }
                        ) =>
                    {
                        self.kept_row(selected, false);
                        return Effect::Redraw;
                    }
                    Action::Follow => {
                        match std::mem::replace(&mut self.overlay, Overlay::None) {
                            Overlay::Outline { .. } => self.open_section(selected),
                            Overlay::Library { .. } if selected != self.current => {
                                self.jump_to_article(selected)
                            }
                            Overlay::Cited { citation, .. } => {
                                let t = self.article().citations[citation]
                                    .targets
                                    .get(selected)
                                    .copied();
                                if let Some(t) = t {
                                    self.follow_target(citation, t);
                                }
                            }
                            Overlay::CitedBy { places, .. } => {
                                if let Some(p) = places.get(selected) {
                                    self.go_to_citing_place(p.clone());
                                }
                            }
                            _ => {}
                        }
                        return Effect::Redraw;
                    }
                    Action::CitedBy if matches!(self.overlay, Overlay::Cited { .. }) => {
                        self.list_cited_by();
                        return Effect::Redraw;
                    }
                    _ => return Effect::None,
                };
                if let Overlay::Outline { selected: s }
                | Overlay::Library { selected: s }
                | Overlay::Cited { selected: s, .. }
                | Overlay::CitedBy { selected: s, .. }
                | Overlay::Bookmarks { selected: s }
                | Overlay::Notes { selected: s, .. } = &mut self.overlay
                {
                    *s = selected;
                }
                Effect::Redraw
            }
            Overlay::Help { .. }
            | Overlay::Glossary { .. }
            | Overlay::Caption { .. }
            | Overlay::Sidebar { .. }
            | Overlay::Copied { .. } => {
                if a == Action::Follow {
                    match self.overlay {
                        // Enter on a definition goes to it in its own article.
                        Overlay::Glossary { term, .. } => {
                            self.overlay = Overlay::None;
                            let block = self.lib.term(term).block;
                            self.jump_to(term.article(), block);
                        }
                        // On a caption, to the figure.
                        Overlay::Caption { figure, .. } => {
                            self.overlay = Overlay::None;
                            let f = &self.article().figures[figure];
                            let (block, label) = (f.block, f.label.clone());
                            self.jump_to(self.current, block);
                            self.message = Some(label);
                        }
                        _ => return Effect::None,
                    }
                    return Effect::Redraw;
                }
                let (Overlay::Help { scroll, .. }
                | Overlay::Glossary { scroll, .. }
                | Overlay::Caption { scroll, .. }
                | Overlay::Sidebar { scroll }
                | Overlay::Copied { scroll, .. }) = &mut self.overlay
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
