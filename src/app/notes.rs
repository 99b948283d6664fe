//! Bookmarks, highlights and notes, the keyboard selection they are made from, and what leaves
//! the reader on an explicit key: a reference as text, BibTeX, CSL-JSON or its DOI, a quote
//! with its citation, a link.
//!
//! A selection starts at the focus (or the top of the view) with one word, and grows by a word
//! (`w`), a sentence (`)`) or a line (`j`); `b`, `(`, `k` or Backspace take the last step back.
//! Then `h` highlights it, `a` attaches a note typed in the status line, `A` one written in
//! `$EDITOR`, and `y` copies it as a quote with its citation. Everything copied is composed
//! here from the model's (sanitised) text; the shell sends it by OSC 52, or it is shown in a
//! popup to select when copying is off.

use super::*;
use crate::memory::{Annotation, Bookmark, Request, Write};
use crate::model::{ArticleId, Location as Place, Reference};
use unicode_segmentation::UnicodeSegmentation;

/// The most text one copy sends: terminals drop longer OSC 52 sequences (or hang on them).
pub const COPY_CAP: usize = 100 * 1024;

/// The keyboard selection in the open article: from `start` to `end` (exclusive), each a
/// (block, byte).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    pub start: (usize, usize),
    pub end: (usize, usize),
    /// The ends it had before each step, for taking steps back.
    steps: Vec<(usize, usize)>,
    /// The note being typed in the status line, once `a` is pressed.
    pub typing: Option<String>,
}

/// Bookmarks and annotations the reader knows of.
#[derive(Debug, Default)]
pub(super) struct Notes {
    pub bookmarks: Vec<Bookmark>,
    pub annotations: Vec<Annotation>,
    /// Whether the lists hold the whole library's (the store was asked for everything).
    pub everything: bool,
    /// Whether everything was asked for and has not arrived yet.
    pub asked_all: bool,
    /// A bookmark's label being typed.
    pub label: Option<String>,
    /// The selection whose note is being written in `$EDITOR`.
    pub editing: Option<Selection>,
    /// The open article's highlights: (block, byte range, has a note), in text order; made
    /// again when `shown_for` differs.
    pub shown: Vec<(usize, Range<usize>, bool)>,
    shown_for: Option<(ArticleId, usize, usize)>,
    /// Changes whenever the annotations do.
    generation: usize,
}

/// Where a selection grows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Word,
    Sentence,
    Line,
}

impl App {
    pub fn selection(&self) -> Option<&Selection> {
        self.selection.as_ref()
    }

    /// The label of a bookmark being typed.
    pub fn bookmark_label(&self) -> Option<&str> {
        self.notes.label.as_deref()
    }

    /// The open article's highlights, in text order: (block, byte range, whether it has a
    /// note).
    pub fn highlights(&self) -> &[(usize, Range<usize>, bool)] {
        &self.notes.shown
    }

    /// Bookmarks the reader knows of.
    pub fn bookmarks(&self) -> &[Bookmark] {
        &self.notes.bookmarks
    }

    /// Annotations the reader knows of.
    pub fn annotations(&self) -> &[Annotation] {
        &self.notes.annotations
    }

    /// Take bookmarks and annotations the store gave back.
    pub(super) fn take_kept_notes(
        &mut self,
        bookmarks: Vec<Bookmark>,
        annotations: Vec<Annotation>,
        everything: bool,
    ) {
        let n = &mut self.notes;
        // Each kept once, whichever answer brought it (a set of hashes: a library's notes are
        // many).
        let mut known: std::collections::HashSet<u64> =
            n.bookmarks.iter().map(bookmark_key).collect();
        for b in bookmarks {
            if known.insert(bookmark_key(&b)) {
                n.bookmarks.push(b);
            }
        }
        let mut known: std::collections::HashSet<u64> =
            n.annotations.iter().map(annotation_key).collect();
        for a in annotations {
            if known.insert(annotation_key(&a)) {
                n.annotations.push(a);
            }
        }
        n.sort();
        n.everything |= everything;
        // An answer without everything (no store) lets a later overlay ask again.
        n.asked_all &= !everything;
        n.generation += 1;
        if let Overlay::Notes { selected, library } = &mut self.overlay {
            let len = note_rows(&self.notes.annotations, &self.lib, self.current, *library).len();
            *selected = (*selected).min(len.saturating_sub(1));
        }
    }

    /// Make the open article's highlights again when the article or the annotations changed.
    pub(super) fn refresh_highlights(&mut self) {
        if !self.lib.is_whole(self.current) {
            return;
        }
        // Every update asks: the usual answer (nothing changed) allocates nothing.
        let (blocks, generation) = (self.article().blocks.len(), self.notes.generation);
        let id = self.lib.id(self.current);
        if let Some((was, b, g)) = &self.notes.shown_for {
            if (was, *b, *g) == (id, blocks, generation) {
                return;
            }
        }
        let id = id.clone();
        let key = (id.clone(), blocks, generation);
        let mut shown = Vec::new();
        let mine: Vec<(Place, Place, bool)> = self
            .notes
            .annotations
            .iter()
            .filter(|a| a.start.article == id)
            .map(|a| (a.start.clone(), a.end.clone(), !a.note.is_empty()))
            .collect();
        for (start, end, noted) in mine {
            let (s, _) = self.find_place(&start);
            let (e, _) = self.find_place(&end);
            let art = self.article();
            for b in s.0..=e.0.min(art.blocks.len().saturating_sub(1)) {
                let from = if b == s.0 { s.1 } else { 0 };
                let to = if b == e.0 {
                    e.1
                } else {
                    art.blocks[b].text.len()
                };
                if from < to {
                    shown.push((b, from..to, noted));
                }
            }
        }
        shown.sort_by_key(|(b, r, _)| (*b, r.start, r.end));
        self.notes.shown = shown;
        self.notes.shown_for = Some(key);
    }

    // ----- the selection -----

    /// Start a selection at the focus, else at the top of the view, with one word.
    pub(super) fn start_selection(&mut self) {
        if !self.lib.is_whole(self.current) {
            self.message = Some("This article is still being read".into());
            return;
        }
        let from_focus = self
            .focus
            .and_then(|f| self.layout.anchors.get(f))
            .map(|a| a.spot());
        let start = match from_focus {
            Some(spot) => spot,
            None => {
                let lines = &self.layout.lines;
                let visible = self.top..(self.top + self.body_height()).min(lines.len());
                // The first words of text on screen, past a heading.
                let found = lines[visible].iter().find_map(|l| {
                    let b = l.block()?;
                    if matches!(
                        self.article().blocks[b].kind,
                        crate::model::BlockKind::Heading { .. }
                    ) {
                        return None;
                    }
                    let text = &self.article().blocks[b].text;
                    text[l.range()]
                        .char_indices()
                        .find(|(_, c)| c.is_alphanumeric())
                        .map(|(i, _)| (b, l.range().start + i))
                });
                match found {
                    Some(spot) => spot,
                    None => {
                        self.message = Some("No text on screen to select".into());
                        return;
                    }
                }
            }
        };
        let mut sel = Selection {
            start,
            end: start,
            steps: Vec::new(),
            typing: None,
        };
        sel.end = self.grow(start, Unit::Word);
        self.selection = Some(sel);
        self.selection_message();
    }

    fn selection_message(&mut self) {
        let Some(sel) = &self.selection else {
            return;
        };
        let words = self.selected_text(sel).split_whitespace().count();
        let s = if words == 1 { "" } else { "s" };
        self.message = Some(format!(
            "{words} word{s} selected — w ) j grow, b ( k shrink · h highlight, a note, A note in $EDITOR, y copy as a quote, Esc"
        ));
    }

    /// Where the selection's end goes when it grows by `unit` from `end`.
    fn grow(&self, end: (usize, usize), unit: Unit) -> (usize, usize) {
        let art = self.article();
        let (mut b, mut at) = end;
        // At a block's end, on into the next block with text.
        while b < art.blocks.len() && art.blocks[b].text[at..].trim().is_empty() {
            if b + 1 >= art.blocks.len() {
                return end;
            }
            b += 1;
            at = 0;
        }
        let text = &art.blocks[b].text;
        let next = match unit {
            Unit::Word => text[at..]
                .split_word_bound_indices()
                .find(|(_, w)| w.chars().any(char::is_alphanumeric))
                .map(|(i, w)| at + i + w.len()),
            Unit::Sentence => text
                .split_sentence_bound_indices()
                .map(|(i, s)| i + s.trim_end().len())
                .find(|&e| e > at),
            Unit::Line => {
                let lines = &self.layout.lines;
                let range = self.layout.block_lines.get(b).cloned().unwrap_or(0..0);
                lines[range]
                    .iter()
                    .map(|l| l.range().start + text[l.range()].trim_end().len())
                    .find(|&e| e > at)
            }
        };
        (b, next.unwrap_or(text.len()).max(at))
    }

    /// The selected text, as one run of words (blocks joined by a space).
    fn selected_text(&self, sel: &Selection) -> String {
        let art = self.article();
        let mut out = String::new();
        for b in sel.start.0..=sel.end.0.min(art.blocks.len().saturating_sub(1)) {
            let text = &art.blocks[b].text;
            let from = if b == sel.start.0 { sel.start.1 } else { 0 };
            let to = if b == sel.end.0 {
                sel.end.1
            } else {
                text.len()
            };
            if let Some(piece) = text.get(from..to) {
                for w in piece.split_whitespace() {
                    if !out.is_empty() {
                        out.push(' ');
                    }
                    out.push_str(w);
                }
            }
        }
        out
    }

    /// A key while selecting.
    pub(super) fn selection_key(&mut self, key: Key) -> Effect {
        let Some(mut sel) = self.selection.take() else {
            return Effect::None;
        };
        if let Some(typed) = sel.typing.as_mut() {
            match key.code {
                KeyCode::Char(c) if !key.ctrl && !key.alt => typed.push(c),
                KeyCode::Backspace => {
                    typed.pop();
                }
                KeyCode::Enter => {
                    let note = crate::sanitize::one_line(typed.trim()).into_owned();
                    self.annotate(&sel, note);
                    return Effect::Redraw;
                }
                KeyCode::Esc => sel.typing = None,
                _ => {}
            }
            let typing = sel.typing.clone();
            self.selection = Some(sel);
            match typing {
                Some(t) => {
                    self.message = Some(format!("Note: {t}_ (Enter keeps it, Esc goes back)"))
                }
                None => self.selection_message(),
            }
            return Effect::Redraw;
        }
        let unit = match key.code {
            KeyCode::Char('w') | KeyCode::Right => Some(Unit::Word),
            KeyCode::Char(')') => Some(Unit::Sentence),
            KeyCode::Char('j') | KeyCode::Down => Some(Unit::Line),
            _ => None,
        };
        if key.ctrl || key.alt {
            self.selection = Some(sel);
            return Effect::None;
        }
        if let Some(unit) = unit {
            let end = self.grow(sel.end, unit);
            if end != sel.end {
                sel.steps.push(sel.end);
                sel.end = end;
                let (line, _) = self.layout.locate(self.article(), end.0, end.1);
                self.reveal(line);
            }
            self.selection = Some(sel);
            self.selection_message();
            return Effect::Redraw;
        }
        match key.code {
            KeyCode::Char('b' | '(' | 'k') | KeyCode::Left | KeyCode::Up | KeyCode::Backspace => {
                if let Some(end) = sel.steps.pop() {
                    sel.end = end;
                }
                self.selection = Some(sel);
                self.selection_message();
            }
            KeyCode::Char('h') => self.annotate(&sel, String::new()),
            KeyCode::Char('a') => {
                sel.typing = Some(String::new());
                self.message = Some("Note: _ (Enter keeps it, Esc goes back)".into());
                self.selection = Some(sel);
            }
            KeyCode::Char('A') => {
                self.requests.push(Request::Edit {
                    draft: String::new(),
                });
                self.message = Some("Writing the note in $EDITOR…".into());
                self.notes.editing = Some(sel);
            }
            KeyCode::Char('y') => {
                let text = self.quote_with_citation(&sel);
                self.copy(text, "the quote with its citation".into());
            }
            KeyCode::Esc => self.message = None,
            _ => {
                self.message = Some(
                    "Selecting: w ) j grow, b ( k shrink · h highlight, a note, A note in $EDITOR, y copy, Esc".into(),
                );
                self.selection = Some(sel);
            }
        }
        Effect::Redraw
    }

    /// The note written in `$EDITOR` for the selection that asked for it.
    pub(super) fn edited(&mut self, note: Result<String, String>) -> Effect {
        let Some(sel) = self.notes.editing.take() else {
            return Effect::None;
        };
        match note {
            Ok(text) if text.trim().is_empty() => {
                self.message = Some("The note was empty: nothing kept".into())
            }
            Ok(text) => {
                let text = crate::sanitize::prose(text.trim()).into_owned();
                self.annotate(&sel, text);
            }
            Err(why) => self.message = Some(why),
        }
        Effect::Redraw
    }

    /// Keep the selection as a highlight (an empty note) or with a note.
    fn annotate(&mut self, sel: &Selection, note: String) {
        let start = self.place_at(sel.start.0, sel.start.1);
        let end = self.place_at(sel.end.0, sel.end.1);
        let quote = self.selected_text(sel);
        let s = self.lib.summary(self.current);
        let a = Annotation {
            id: 0,
            start,
            end,
            quote,
            section: self.section_title(sel.start.0).unwrap_or_default(),
            title: s.title().to_string(),
            path: s.path().to_string(),
            cite: self.article_cite(self.current),
            note,
            created: 0,
        };
        self.message = Some(if a.note.is_empty() {
            "Highlighted".into()
        } else {
            "Note kept".into()
        });
        self.notes.annotations.push(a.clone());
        self.notes.sort();
        self.save(Write::Annotate(a));
    }

    // ----- bookmarks -----

    /// Begin a bookmark at the top of the view: its label is typed next.
    pub(super) fn start_bookmark(&mut self) {
        if self.here().is_none() {
            self.message = Some("This article is still being read".into());
            return;
        }
        self.notes.label = Some(String::new());
        self.message = None;
    }

    /// A key while a bookmark's label is typed: Enter keeps the bookmark, Esc drops it.
    pub(super) fn label_key(&mut self, key: Key) -> Effect {
        let Some(mut label) = self.notes.label.take() else {
            return Effect::None;
        };
        match key.code {
            KeyCode::Char(c) if !key.ctrl && !key.alt => label.push(c),
            KeyCode::Backspace => {
                label.pop();
            }
            KeyCode::Enter => {
                let Some(place) = self.here() else {
                    return Effect::Redraw;
                };
                let s = self.lib.summary(self.current);
                let b = Bookmark {
                    id: 0,
                    section: self.section_title(place.block).unwrap_or_default(),
                    place,
                    label: crate::sanitize::one_line(label.trim()).into_owned(),
                    title: s.title().to_string(),
                    path: s.path().to_string(),
                    created: 0,
                };
                self.message = Some(match b.label.as_str() {
                    "" => "Bookmarked".into(),
                    l => format!("Bookmarked: {l}"),
                });
                self.notes.bookmarks.push(b.clone());
                self.notes.sort();
                self.save(Write::Bookmark(b));
                return Effect::Redraw;
            }
            KeyCode::Esc => {
                self.message = None;
                return Effect::Redraw;
            }
            _ => {}
        }
        self.notes.label = Some(label);
        Effect::Redraw
    }

    /// Open the bookmarks overlay (asking the store for the library's).
    pub(super) fn open_bookmarks(&mut self) {
        self.recall_all();
        self.overlay = Overlay::Bookmarks { selected: 0 };
    }

    /// Ask the store for every bookmark and note of the library, unless they are here or
    /// asked for already.
    pub(super) fn recall_all(&mut self) {
        if !self.notes.everything && !self.notes.asked_all {
            self.notes.asked_all = true;
            self.requests.push(Request::RecallAll);
        }
    }

    /// Open the notes overlay: the open article's, or the library's.
    pub(super) fn open_notes(&mut self, library: bool) {
        // The library's are asked for at once: Tab shows them.
        self.recall_all();
        self.overlay = Overlay::Notes {
            selected: 0,
            library,
        };
    }

    /// The bookmarks in the order the overlay lists them: by article, then place.
    pub fn bookmark_rows(&self) -> Vec<&Bookmark> {
        self.notes.bookmarks.iter().collect()
    }

    /// The annotations the notes overlay lists: the open article's, or the library's.
    pub fn note_rows(&self, library: bool) -> Vec<&Annotation> {
        note_rows(&self.notes.annotations, &self.lib, self.current, library)
    }

    /// Enter, or `d`, on a row of the bookmarks or notes overlay.
    pub(super) fn kept_row(&mut self, selected: usize, delete: bool) {
        let place = match &self.overlay {
            Overlay::Bookmarks { .. } => {
                let Some(b) = self.bookmark_rows().get(selected).map(|b| (*b).clone()) else {
                    return;
                };
                if delete {
                    self.notes.bookmarks.retain(|x| *x != b);
                    self.message = Some("Bookmark deleted".into());
                    self.save(Write::DeleteBookmark(b));
                    return;
                }
                (b.place, b.path)
            }
            Overlay::Notes { library, .. } => {
                let Some(a) = self.note_rows(*library).get(selected).map(|a| (*a).clone()) else {
                    return;
                };
                if delete {
                    self.notes.annotations.retain(|x| *x != a);
                    self.notes.generation += 1;
                    self.message = Some("Note deleted".into());
                    self.save(Write::DeleteAnnotation(a));
                    return;
                }
                (a.start, a.path)
            }
            _ => return,
        };
        let (place, path) = place;
        match self.lib.find_id(&place.article) {
            Some(article) => {
                self.overlay = Overlay::None;
                self.push_history();
                self.enter(article, Arrival::Kept(place));
            }
            None => {
                self.message = Some(format!("Not loaded: open it with scholion {path}"));
            }
        }
    }

    // ----- what leaves -----

    /// Copy `text` (named `what` in the status line): by OSC 52 when copying is on, else in
    /// a popup to select.
    pub(super) fn copy(&mut self, text: String, what: String) {
        if text.len() > COPY_CAP {
            self.message = Some(format!(
                "Too long to copy ({} kB; at most {} kB go by the terminal): shown instead",
                text.len() / 1024,
                COPY_CAP / 1024
            ));
            self.overlay = Overlay::Copied {
                what,
                text,
                scroll: 0,
            };
            return;
        }
        if self.clipboard {
            self.message = Some(format!("Copied {what}"));
            self.requests.push(Request::Copy { text, what });
        } else {
            self.overlay = Overlay::Copied {
                what,
                text,
                scroll: 0,
            };
        }
    }

    /// The references the focus names: a citation's (its own list's, and the suggestion for
    /// a number the list lacks), or the reference just followed.
    fn focused_references(&self) -> Vec<&Reference> {
        let art = self.article();
        if let Some(AnchorKind::Citation(c)) = self
            .focus
            .and_then(|f| self.layout.anchors.get(f))
            .map(|a| a.kind())
        {
            let res = self.lib.resolution(self.current, c);
            let own = res.resolved.iter().map(|&(_, i)| &art.references[i]);
            let suggested = res.unresolved.iter().filter_map(|&t| {
                let s = res.suggestions.iter().find(|s| s.cited == t)?;
                self.lib.reference_of(s.article, s.reference?)
            });
            return own.chain(suggested).collect();
        }
        match self.mark {
            Some(block) => art.references.iter().filter(|r| r.block == block).collect(),
            None => Vec::new(),
        }
    }

    /// `yy`, `yb`, `yj`, `yd`: the focused references as text, BibTeX, CSL-JSON, or DOIs.
    pub(super) fn yank(&mut self, a: Action) {
        if let Some(sel) = self.selection.clone() {
            let text = self.quote_with_citation(&sel);
            self.selection = None;
            self.copy(text, "the quote with its citation".into());
            return;
        }
        let refs = self.focused_references();
        if refs.is_empty() {
            self.message = Some(
                "Nothing to copy: focus a citation (c), or follow one to its reference".into(),
            );
            return;
        }
        let n = refs.len();
        let one = |s: &str, many: &str| {
            if n == 1 {
                s.to_string()
            } else {
                format!("{n} {many}")
            }
        };
        let (text, what) = match a {
            Action::YankBibtex => (
                crate::export::write(&refs, crate::export::Format::Bibtex),
                one("BibTeX entry", "BibTeX entries"),
            ),
            Action::YankCslJson => (
                crate::export::write(&refs, crate::export::Format::CslJson),
                one("CSL-JSON item", "CSL-JSON items"),
            ),
            Action::YankDoi => {
                let dois: Vec<&str> = refs.iter().filter_map(|r| r.doi.as_deref()).collect();
                if dois.is_empty() {
                    self.message = Some("No DOI here to copy".into());
                    return;
                }
                let what = if dois.len() == 1 {
                    format!("doi:{}", dois[0])
                } else {
                    format!("{} DOIs", dois.len())
                };
                (dois.join("\n"), what)
            }
            _ => (
                refs.iter()
                    .map(|r| r.text.as_str())
                    .collect::<Vec<_>>()
                    .join("\n"),
                one("reference", "references"),
            ),
        };
        self.copy(text, what);
    }

    /// The selection as a quote with the article's citation.
    fn quote_with_citation(&self, sel: &Selection) -> String {
        format!(
            "“{}” {}",
            self.selected_text(sel),
            self.article_cite(self.current)
        )
    }

    /// How a manuscript cites article `a`: `[@key]` when a loaded bibliography names it by
    /// DOI, else `(Author et al. Year)` and its DOI.
    pub fn article_cite(&self, a: usize) -> String {
        let front = &self.lib.article(a).front;
        let doi = front.doi.as_deref().map(str::to_lowercase);
        if let Some(doi) = &doi {
            for i in 0..self.lib.len() {
                if !self.lib.is_whole(i) {
                    continue;
                }
                let key = self.lib.article(i).references.iter().find_map(|r| {
                    let same = r.doi.as_deref().is_some_and(|d| d.to_lowercase() == *doi);
                    same.then(|| r.key.clone()).flatten()
                });
                if let Some(key) = key {
                    return format!("[@{key}]");
                }
            }
        }
        let surname = |name: &str| -> String {
            match name.split_once(',') {
                Some((last, _)) => last.trim().to_string(),
                None => name.split_whitespace().last().unwrap_or("").to_string(),
            }
        };
        let who = match front.authors.as_slice() {
            [] => match front.title.as_deref() {
                Some(t) if !t.trim().is_empty() => format!("“{}”", t.trim()),
                _ => "Anon.".to_string(),
            },
            [one] => surname(one),
            [a, b] => format!("{} and {}", surname(a), surname(b)),
            [a, ..] => format!("{} et al.", surname(a)),
        };
        let year = front.year.map_or("n.d.".to_string(), |y| y.to_string());
        match &doi {
            Some(doi) => format!("({who} {year}), doi:{doi}"),
            None => format!("({who} {year})"),
        }
    }

    /// `x`: open the focused reference's link (its DOI's address, else a web address in it),
    /// else the article's own DOI, in the local browser; the shell copies it when it has no
    /// display.
    pub(super) fn open_link(&mut self) {
        let refs = self.focused_references();
        let link = refs
            .iter()
            .find_map(|r| link_of(r.doi.as_deref(), &r.text))
            .or_else(|| link_of(self.article().front.doi.as_deref(), ""));
        match link {
            Some(url) => {
                self.message = Some(format!("Opening {url}"));
                self.requests.push(Request::Open(url));
            }
            None => self.message = Some("No link here".into()),
        }
    }
}

/// The address of a DOI, else of the first web address or DOI written in `text` (as
/// [`text_links`] finds them): only http and https (a DOI is made one), never with a control
/// byte, a space or a quote.
pub fn link_of(doi: Option<&str>, text: &str) -> Option<String> {
    if let Some(doi) = doi {
        let doi = doi.trim();
        if doi.starts_with("10.") && doi.chars().all(|c| c.is_ascii_graphic() && c != '"') {
            return Some(format!("https://doi.org/{doi}"));
        }
    }
    text_links(text).into_iter().next().map(|(_, url)| url)
}

/// The web addresses and DOIs written out in `text` (`https://…`, `doi:10.…`), each with the
/// address it leads to; trailing punctuation is not part of one.
pub fn text_links(text: &str) -> Vec<(Range<usize>, String)> {
    let mut out = Vec::new();
    let mut at = 0;
    while at < text.len() {
        let rest = &text[at..];
        let found = ["https://", "http://", "doi:10.", "DOI:10.", "doi: 10."]
            .iter()
            .filter_map(|p| rest.find(p).map(|i| (i, *p)))
            .min_by_key(|(i, _)| *i);
        let Some((i, prefix)) = found else {
            break;
        };
        let start = at + i;
        let len: usize = text[start..]
            .char_indices()
            .find(|&(k, c)| {
                k >= prefix.len() && (!c.is_ascii_graphic() || matches!(c, '"' | '<' | '>'))
            })
            .map_or(text.len() - start, |(k, _)| k);
        let mut end = start + len;
        while end > start && text[..end].ends_with(['.', ',', ';', ':', ')', ']', '\'']) {
            end -= 1;
        }
        let shown = &text[start..end];
        let url = if prefix.starts_with("http") {
            shown.to_string()
        } else {
            let doi = shown[prefix.len() - 3..].trim_start();
            format!("https://doi.org/{doi}")
        };
        if end > start + prefix.len() && safe_link(&url) {
            out.push((start..end, url));
        }
        at = (start + prefix.len()).max(end);
    }
    out
}

/// Whether `url` may be a hyperlink: http, https, mailto or doi, and nothing but visible ASCII.
pub fn safe_link(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    ["http://", "https://", "mailto:", "doi:"]
        .iter()
        .any(|s| lower.starts_with(s) && lower.len() > s.len())
        && url.chars().all(|c| c.is_ascii_graphic())
}

fn note_rows<'a>(
    all: &'a [Annotation],
    lib: &Library,
    current: usize,
    library: bool,
) -> Vec<&'a Annotation> {
    let id = lib.id(current);
    all.iter()
        .filter(|a| library || &a.start.article == id)
        .collect()
}

/// What makes a bookmark the same one: its place and label (hashed).
fn bookmark_key(b: &Bookmark) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = rustc_hash::FxHasher::default();
    (&b.place.article, b.place.block, b.place.offset, &b.label).hash(&mut h);
    h.finish()
}

/// What makes an annotation the same one: its stretch, quote and note (hashed).
fn annotation_key(a: &Annotation) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = rustc_hash::FxHasher::default();
    (
        &a.start.article,
        a.start.block,
        a.start.offset,
        a.end.block,
        a.end.offset,
        &a.quote,
        &a.note,
    )
        .hash(&mut h);
    h.finish()
}

impl Notes {
    /// In the order the overlays list them: by article title, then place.
    fn sort(&mut self) {
        self.bookmarks.sort_unstable_by(|a, b| {
            (&a.title, &a.place.article, a.place.text_offset).cmp(&(
                &b.title,
                &b.place.article,
                b.place.text_offset,
            ))
        });
        self.annotations.sort_unstable_by(Annotation::reading_order);
        self.generation += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_and_dois_in_text_are_found_without_trailing_punctuation() {
        let text = "See https://example.org/a_(b). Also doi:10.1038/s41571-018-0036-9, and \
                    (https://x.org/y?q=1&r=2) or DOI: 10.1/abc; javascript:alert(1) ftp://z";
        let found: Vec<(&str, String)> = text_links(text)
            .into_iter()
            .map(|(r, u)| (&text[r], u))
            .collect();
        assert_eq!(
            found,
            [
                (
                    "https://example.org/a_(b",
                    "https://example.org/a_(b".to_string()
                ),
                (
                    "doi:10.1038/s41571-018-0036-9",
                    "https://doi.org/10.1038/s41571-018-0036-9".to_string()
                ),
                (
                    "https://x.org/y?q=1&r=2",
                    "https://x.org/y?q=1&r=2".to_string()
                ),
            ]
        );
        assert!(text_links("http:// and doi:10. alone").is_empty());
        // A reference's link: its DOI, else the first address its text writes.
        assert_eq!(
            link_of(Some("10.1016/j.cell.2012.11.024"), "https://x.org/a").as_deref(),
            Some("https://doi.org/10.1016/j.cell.2012.11.024")
        );
        assert_eq!(
            link_of(None, "Luga, V. Cell (2012). https://x.org/a.").as_deref(),
            Some("https://x.org/a")
        );
        assert_eq!(link_of(Some("not a doi"), "no address"), None);
        assert!(text_links("https://a.org/\u{1b}]0;x")
            .iter()
            .all(|(_, u)| safe_link(u)));
    }
}
