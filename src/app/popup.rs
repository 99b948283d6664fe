//! What every popup and the sidebar show, as text and tones: laid out here, in the core, once
//! per update, so the state knows how far a popup can scroll and the view only paints.
//!
//! One function per popup (help, outline, library, glossary, a caption, a citation's chooser,
//! the places citing a reference, the references over a narrow screen), and the references'
//! entries shared by that last popup and the margin's focused citation. Tones are named roles
//! ([`Tone`]); the theme turns them into colours when drawing. Symbols are chosen here, in
//! ASCII when the reader is in ASCII mode ([`glyphs`]).

use super::{App, Overlay, SidebarContent, SidebarEntry};
use crate::keymap::Action;
use crate::layout;
use crate::library::Library;
use crate::model::Reference;
use ratatui::layout::Rect;

/// The role of a piece of popup text; the theme gives each its style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Plain,
    Dim,
    Strong,
    Title,
    Emphasis,
    Link,
    /// The selected row of a list.
    Selected,
    /// The selected row's strong text.
    SelectedStrong,
    Missing,
    Suggestion,
}

/// One line of a popup: pieces of text and their tones.
pub type ToneLine = Vec<(String, Tone)>;

/// A popup laid out: its box, title, lines (wrapped to the box) and the first line shown.
#[derive(Debug, Clone, PartialEq)]
pub struct Popup {
    pub area: Rect,
    pub title: String,
    pub lines: Vec<ToneLine>,
    pub scroll: usize,
}

impl Popup {
    /// How far it can scroll: its lines beyond its box.
    pub fn max_scroll(&self) -> usize {
        self.lines
            .len()
            .saturating_sub(self.area.height.saturating_sub(2) as usize)
    }
}

/// scholion's own text (titles, hints, symbols) in the reader's character set: in ASCII mode
/// every symbol becomes its plain-ASCII form.
pub fn glyphs(s: &str, ascii: bool) -> String {
    if !ascii {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '—' | '–' => out.push('-'),
            '·' | '│' => out.push('|'),
            '●' => out.push('*'),
            '█' => out.push('_'),
            '×' => out.push('x'),
            '…' => out.push_str("..."),
            '↑' => out.push_str("Up"),
            '↓' => out.push_str("Down"),
            '←' => out.push_str("Left"),
            '→' => out.push_str("Right"),
            c => out.push(c),
        }
    }
    out
}

/// Wrap toned text to `width` columns with a first-line and a continuation indent.
pub fn wrap(
    first_indent: &str,
    rest_indent: &str,
    parts: &[(String, Tone)],
    width: usize,
) -> Vec<ToneLine> {
    wrap_indent(first_indent, rest_indent, Tone::Plain, parts, width)
}

/// As [`wrap`], with the indents in `indent_tone` (a key column, say).
pub fn wrap_indent(
    first_indent: &str,
    rest_indent: &str,
    indent_tone: Tone,
    parts: &[(String, Tone)],
    width: usize,
) -> Vec<ToneLine> {
    let text: String = parts.iter().map(|(t, _)| t.as_str()).collect();
    let indent_w = layout::width(first_indent).max(layout::width(rest_indent));
    let avail = width
        .saturating_sub(indent_w)
        .max(layout::MIN_TEXT_WIDTH.min(width.max(1)));
    let mut bounds = Vec::with_capacity(parts.len());
    let mut at = 0;
    for (t, tone) in parts {
        bounds.push((at..at + t.len(), *tone));
        at += t.len();
    }
    layout::wrap(&text, avail)
        .into_iter()
        .enumerate()
        .map(|(k, r)| {
            let indent = if k == 0 { first_indent } else { rest_indent };
            let mut spans = vec![(indent.to_string(), indent_tone)];
            for (b, tone) in &bounds {
                let (s, e) = (b.start.max(r.start), b.end.min(r.end));
                if s < e {
                    spans.push((text[s..e].to_string(), *tone));
                }
            }
            spans
        })
        .collect()
}

/// One line of one tone.
fn line(text: impl Into<String>, tone: Tone) -> ToneLine {
    vec![(text.into(), tone)]
}

/// Authors as a reader expects them: `Luga, V. et al.`
pub fn authors_line(r: &Reference) -> String {
    let mut s = r.authors.join(", ");
    if r.et_al {
        s.push_str(" et al.");
    }
    s
}

/// `Cell 151, 1542–1556 (2012)`
pub fn source_line(r: &Reference) -> String {
    let mut s = r.journal.clone().unwrap_or_default();
    if let Some(v) = &r.volume {
        s.push(' ');
        s.push_str(v);
    }
    if let Some(p) = &r.pages {
        s.push_str(", ");
        s.push_str(p);
    }
    if let Some(y) = r.year {
        s.push_str(&format!(" ({y})"));
    }
    s.trim().to_string()
}

/// A reference as the sidebar shows it: numbered, then authors, title, source and DOI when
/// they were read, else the entry as written.
fn reference_lines(r: &Reference, indent: &str, width: usize, out: &mut Vec<ToneLine>) {
    let number = format!("{}. ", r.number);
    let hang = format!("{indent}{}", " ".repeat(layout::width(&number)));
    if r.title.is_none() || r.authors.is_empty() {
        // Not read into fields: the entry as written.
        out.extend(wrap(
            indent,
            &hang,
            &[(number, Tone::Strong), (r.text.clone(), Tone::Plain)],
            width,
        ));
    } else {
        out.extend(wrap(
            indent,
            &hang,
            &[(number, Tone::Strong), (authors_line(r), Tone::Plain)],
            width,
        ));
        if let Some(title) = &r.title {
            out.extend(wrap(
                &hang,
                &hang,
                &[(title.clone(), Tone::Emphasis)],
                width,
            ));
        }
        let src = source_line(r);
        if !src.is_empty() {
            out.extend(wrap(&hang, &hang, &[(src, Tone::Plain)], width));
        }
    }
    if let Some(doi) = &r.doi {
        out.extend(wrap(
            &hang,
            &hang,
            &[(format!("doi:{doi}"), Tone::Link)],
            width,
        ));
    }
}

/// The sidebar's content as lines wrapped to `width` (shared by the pane and the narrow-screen
/// popup).
pub fn sidebar_lines(app: &App, content: &SidebarContent, width: usize) -> Vec<ToneLine> {
    let art = app.article();
    let mut out = wrap("", "", &[(content.heading.clone(), Tone::Title)], width);
    out.push(Vec::new());
    if content.entries.is_empty() {
        let note = if art.citations.is_empty() {
            "This article has no in-text citations."
        } else {
            "No citations in view."
        };
        out.extend(wrap("", "", &[(note.to_string(), Tone::Dim)], width));
        return out;
    }
    for e in &content.entries {
        entry_lines(app, e, width, &mut out);
    }
    out
}

/// The lines of one sidebar entry, and the blank line after it.
pub fn entry_lines(app: &App, e: &SidebarEntry, width: usize, out: &mut Vec<ToneLine>) {
    let ascii = app.options().ascii;
    let lib: &Library = app.library();
    let art = app.article();
    match e {
        SidebarEntry::Reference {
            index, times_cited, ..
        } => {
            let r = &art.references[*index];
            reference_lines(r, "", width, out);
            let times = if *times_cited == 1 {
                "once".to_string()
            } else {
                format!("{times_cited} times")
            };
            let hang = " ".repeat(layout::width(&format!("{}. ", r.number)));
            out.extend(wrap(
                &hang,
                &hang,
                &[(format!("cited {times} in this article"), Tone::Dim)],
                width,
            ));
        }
        SidebarEntry::Missing { targets } => {
            let nums: Vec<String> = targets
                .iter()
                .map(|&t| art.target_text(t).into_owned())
                .collect();
            out.extend(wrap(
                "",
                "  ",
                &[(
                    glyphs(
                        &if app.reading_rest() {
                            format!("{} — reading the reference list…", nums.join(", "))
                        } else {
                            format!("{} — not in this article's reference list", nums.join(", "))
                        },
                        ascii,
                    ),
                    Tone::Missing,
                )],
                width,
            ));
        }
        SidebarEntry::Suggestion {
            article,
            index,
            reasons,
            cited,
        } => {
            let from = lib.summary(*article);
            out.extend(wrap(
                "  ",
                "  ",
                &[(
                    format!(
                        "Suggested for {}, from {}:",
                        art.target_text(*cited),
                        from.title()
                    ),
                    Tone::Suggestion,
                )],
                width,
            ));
            match index.map(|i| (i, lib.reference_of(*article, i))) {
                Some((_, Some(r))) => reference_lines(r, "  ", width, out),
                None => {
                    // The loaded article itself: what its summary says of it.
                    out.extend(wrap(
                        "  ",
                        "  ",
                        &[(from.as_reference(), Tone::Plain)],
                        width,
                    ));
                }
                Some((index, None)) => {
                    // Its file could not be read again: what the index knows of it.
                    let number = lib.place(*article, index).map_or(0, |p| p.number);
                    out.extend(wrap(
                        "  ",
                        "  ",
                        &[(
                            format!("Reference {number} (its file could not be read again)"),
                            Tone::Dim,
                        )],
                        width,
                    ));
                }
            }
            out.extend(wrap(
                "  ",
                "  ",
                &[(
                    format!("(a suggestion: {}; Enter opens it)", reasons.join(", ")),
                    Tone::Dim,
                )],
                width,
            ));
        }
    }
    out.push(Vec::new());
}

/// Cut `s` to `w` columns, with `…` (or `...`) where it was cut.
pub fn truncate(s: &str, w: usize, ascii: bool) -> String {
    if layout::width(s) <= w {
        return s.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for g in unicode_segmentation::UnicodeSegmentation::graphemes(s, true) {
        let gw = layout::grapheme_width(g);
        if used + gw + 3 > w {
            break;
        }
        out.push_str(g);
        used += gw;
    }
    out.push_str(&glyphs("…", ascii));
    out
}

/// Every piece of `line` in the reader's character set (see [`glyphs`]).
pub fn glyph_line(line: ToneLine, ascii: bool) -> ToneLine {
    if !ascii {
        return line;
    }
    line.into_iter()
        .map(|(t, tone)| (glyphs(&t, ascii), tone))
        .collect()
}

/// `line` cut to `w` columns, with `…` where it was cut; the pieces keep their tones.
pub fn fit(line: ToneLine, w: usize, ascii: bool) -> ToneLine {
    let total: usize = line.iter().map(|(t, _)| layout::width(t)).sum();
    if total <= w {
        return line;
    }
    let mark = glyphs("…", ascii);
    let room = w.saturating_sub(layout::width(&mark));
    let mut out = Vec::new();
    let mut used = 0;
    for (t, tone) in line {
        let mut piece = String::new();
        for g in unicode_segmentation::UnicodeSegmentation::graphemes(t.as_str(), true) {
            let gw = layout::grapheme_width(g);
            if used + gw > room {
                break;
            }
            piece.push_str(g);
            used += gw;
        }
        let cut = piece.len() < t.len();
        if !piece.is_empty() {
            out.push((piece, tone));
        }
        if cut {
            out.push((mark, tone));
            break;
        }
    }
    out
}

/// A rectangle of `w` × `h` centred in `area` (clipped to it).
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

fn inner_w(a: Rect) -> usize {
    a.width.saturating_sub(2) as usize
}

fn inner_h(a: Rect) -> usize {
    a.height.saturating_sub(2) as usize
}

/// The open popup laid out over `body`, the body's area; `None` when none is open.
pub fn build(app: &App, body: Rect) -> Option<Popup> {
    let ascii = app.options().ascii;
    let mut popup = match app.overlay() {
        Overlay::None => return None,
        Overlay::Help { filter, scroll } => help(app, body, filter, *scroll),
        Overlay::Outline { selected } => outline(app, body, *selected),
        Overlay::Library { selected } => library(app, body, *selected),
        Overlay::Glossary { term, scroll } => glossary(app, body, *term, *scroll),
        Overlay::Caption { figure, scroll } => caption(app, body, *figure, *scroll),
        Overlay::Cited { citation, selected } => cited(app, body, *citation, *selected),
        Overlay::CitedBy {
            of,
            places,
            selected,
        } => cited_by(app, body, *of, places, *selected),
        Overlay::Bookmarks { selected } => bookmarks(app, body, *selected),
        Overlay::Notes { selected, library } => notes(app, body, *selected, *library),
        Overlay::Copied { what, text, scroll } => copied(body, what, text, *scroll),
        Overlay::Sidebar { scroll } => Popup {
            area: body,
            title: "References — Tab moves, Enter follows, s closes".into(),
            lines: sidebar_lines(app, &app.sidebar_content(), inner_w(body)),
            scroll: *scroll,
        },
    };
    popup.title = glyphs(&popup.title, ascii);
    Some(popup)
}

fn help(app: &App, body: Rect, filter: &str, scroll: usize) -> Popup {
    let ascii = app.options().ascii;
    let rows: Vec<(String, &str)> = app
        .help_lines(filter)
        .into_iter()
        .map(|(k, d)| (glyphs(&k, ascii), d))
        .collect();
    let keys_w = rows
        .iter()
        .map(|(k, _)| layout::width(k))
        .max()
        .unwrap_or(0);
    let area = centered(body, 84, body.height.saturating_sub(2).max(3));
    let w = inner_w(area);
    let mut lines = wrap(
        "",
        "",
        &[
            ("filter: ".into(), Tone::Dim),
            (format!("{filter}_"), Tone::Strong),
        ],
        w,
    );
    lines.push(Vec::new());
    if rows.is_empty() {
        lines.push(line("no binding matches", Tone::Dim));
    }
    let hang = " ".repeat(keys_w + 2);
    for (k, d) in &rows {
        let pad = " ".repeat(keys_w.saturating_sub(layout::width(k)) + 2);
        lines.extend(wrap_indent(
            &format!("{k}{pad}"),
            &hang,
            Tone::Strong,
            &[(d.to_string(), Tone::Plain)],
            w,
        ));
    }
    Popup {
        area,
        title: "Keys — type to filter, Esc closes".into(),
        lines,
        scroll,
    }
}

/// A figure's or table's caption.
fn caption(app: &App, body: Rect, figure: usize, scroll: usize) -> Popup {
    let f = &app.article().figures[figure];
    let w = 80.min(body.width.saturating_sub(4));
    let lines = wrap(
        "",
        "",
        &[(f.caption.clone(), Tone::Plain)],
        (w - 2) as usize,
    );
    let h = (lines.len() as u16 + 2)
        .min(body.height.saturating_sub(2))
        .max(3);
    let enter = app.keymap().first_key(Action::Follow).unwrap_or_default();
    let label = if f.label.is_empty() {
        "Caption"
    } else {
        &f.label
    };
    Popup {
        area: centered(body, w, h),
        title: format!("{label} — {enter} goes to it, Esc closes"),
        lines,
        scroll,
    }
}

/// A citation's references, one row each, the chosen one marked.
fn cited(app: &App, body: Rect, citation: usize, selected: usize) -> Popup {
    let area = centered(body, 90, body.height.saturating_sub(2).max(3));
    let w = inner_w(area).saturating_sub(2);
    let scroll = selected.saturating_sub(inner_h(area).saturating_sub(1));
    let lines = app
        .chooser_lines(citation, w, scroll..scroll + inner_h(area))
        .into_iter()
        .enumerate()
        .map(|(i, mut l)| {
            if i == selected {
                l.iter_mut().for_each(|(_, tone)| *tone = Tone::Selected);
                l.insert(0, ("> ".into(), Tone::Selected));
            } else {
                l.insert(0, ("  ".into(), Tone::Plain));
            }
            l
        })
        .collect();
    let art = app.article();
    let enter = app.keymap().first_key(Action::Follow).unwrap_or_default();
    let r = app.keymap().first_key(Action::CitedBy).unwrap_or_default();
    Popup {
        area,
        title: format!(
            "{} — {enter} follows, {r} lists where it is cited",
            art.citations[citation].text(art)
        ),
        lines,
        scroll,
    }
}

/// Every place that cites a reference, with its sentence, the chosen one marked.
fn cited_by(
    app: &App,
    body: Rect,
    (article, index): (usize, usize),
    places: &[super::CitingPlace],
    selected: usize,
) -> Popup {
    let area = centered(body, 90, body.height.saturating_sub(2).max(3));
    let (lines, starts) = app.cited_by_lines(places, selected, inner_w(area));
    let h = inner_h(area);
    // The chosen place whole on screen, scrolled no further than that needs.
    let start = starts.get(selected).copied().unwrap_or(0);
    let end = starts.get(selected + 1).copied().unwrap_or(lines.len());
    let scroll = end.saturating_sub(h).min(start);
    let number = app
        .library()
        .place(article, index)
        .map_or(String::new(), |p| format!(" {}", p.number));
    let n = places.len();
    let times = if n == 1 {
        "once".into()
    } else {
        format!("{n} times")
    };
    let enter = app.keymap().first_key(Action::Follow).unwrap_or_default();
    Popup {
        area,
        title: format!("Reference{number}: cited {times} — {enter} goes there"),
        lines,
        scroll,
    }
}

fn outline(app: &App, body: Rect, selected: usize) -> Popup {
    let ascii = app.options().ascii;
    let area = centered(body, 70, body.height.saturating_sub(2).max(3));
    let w = inner_w(area);
    let lines = app
        .article()
        .sections
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let title = crate::model::outline_line(&s.title, s.level, "(start)");
            let tone = if i == selected {
                Tone::Selected
            } else {
                Tone::Plain
            };
            line(truncate(&title, w, ascii), tone)
        })
        .collect();
    Popup {
        area,
        title: "Outline — Enter jumps".into(),
        lines,
        scroll: selected.saturating_sub(inner_h(area).saturating_sub(1)),
    }
}

fn library(app: &App, body: Rect, selected: usize) -> Popup {
    let ascii = app.options().ascii;
    let area = centered(body, 80, body.height.saturating_sub(2).max(3));
    let w = inner_w(area);
    let mut lines = Vec::new();
    for (i, a) in app.library().summaries().iter().enumerate() {
        let tone = if i == selected {
            Tone::SelectedStrong
        } else {
            Tone::Strong
        };
        let mark = if i == app.current() { "● " } else { "  " };
        lines.push(line(
            truncate(&format!("{}{}", glyphs(mark, ascii), a.title()), w, ascii),
            tone,
        ));
        let mut meta: Vec<String> = Vec::new();
        let authors: Vec<&str> = a.authors().collect();
        if !authors.is_empty() {
            meta.push(authors.join(", "));
        }
        if let Some(y) = a.year() {
            meta.push(y.to_string());
        }
        if meta.is_empty() {
            meta.push(a.path().to_string());
        }
        lines.push(line(
            truncate(&glyphs(&format!("  {}", meta.join(" · ")), ascii), w, ascii),
            Tone::Dim,
        ));
    }
    Popup {
        area,
        title: "Library — Enter opens".into(),
        lines,
        scroll: (selected * 2 + 2).saturating_sub(inner_h(area)),
    }
}

fn glossary(app: &App, body: Rect, term: crate::library::TermId, scroll: usize) -> Popup {
    let ascii = app.options().ascii;
    let lib = app.library();
    let e = lib.term(term);
    let from = lib.summary(term.article());
    // Near the focused term: below it if there is room, else above it, else over it.
    let width = body.width.saturating_sub(2).clamp(1, 64);
    let w = width.saturating_sub(2) as usize;
    let mut lines = wrap("", "", &[(e.term.to_string(), Tone::Title)], w);
    let aliases: Vec<&str> = e.aliases().collect();
    if !aliases.is_empty() {
        lines.extend(wrap(
            "",
            "",
            &[(format!("also: {}", aliases.join(", ")), Tone::Dim)],
            w,
        ));
    }
    lines.push(Vec::new());
    lines.extend(wrap("", "", &[(e.definition.to_string(), Tone::Plain)], w));
    lines.push(Vec::new());
    lines.extend(wrap(
        "",
        "",
        &[(format!("Defined in {}", from.title()), Tone::Dim)],
        w,
    ));
    lines.extend(wrap(
        "",
        "",
        &[(
            glyphs("Enter: go to the definition · Esc: close", ascii),
            Tone::Dim,
        )],
        w,
    ));
    let height = (lines.len() as u16 + 2).min(body.height);
    let (row, col) = app
        .focus()
        .and_then(|f| app.layout().anchors.get(f))
        .map(|a| {
            let row = a.line().saturating_sub(app.top()).min(u16::MAX as usize);
            (row as u16, (a.col() as u16).saturating_add(1))
        })
        .unwrap_or((0, 0));
    // Below the term when it fits, else above it; inside the body whatever happens, the term
    // being off screen (after a resize) included.
    let y = if row.saturating_add(1 + height) <= body.height {
        row + 1
    } else if row >= height {
        row - height
    } else {
        body.height - height
    }
    .min(body.height - height);
    let x = col.min(body.width.saturating_sub(width));
    Popup {
        area: Rect::new(body.x + x, body.y + y, width, height),
        title: "Glossary".into(),
        lines,
        scroll,
    }
}

/// Rows of two lines each (a strong one, a dim one), the chosen one marked: only the rows the
/// box shows are made (a library's notes may be thousands), scrolled to show the chosen one.
fn two_line_rows<T>(
    app: &App,
    area: Rect,
    rows: &[T],
    row: impl Fn(&T) -> (String, String),
    selected: usize,
) -> (Vec<ToneLine>, usize) {
    let ascii = app.options().ascii;
    let w = inner_w(area);
    let shown = (inner_h(area) / 2).max(1);
    let first = (selected + 1).saturating_sub(shown);
    let mut lines = Vec::new();
    for (i, r) in rows.iter().enumerate().skip(first).take(shown) {
        let (head, detail) = row(r);
        let (mark, tone) = if i == selected {
            ("> ", Tone::SelectedStrong)
        } else {
            ("  ", Tone::Strong)
        };
        lines.push(line(truncate(&format!("{mark}{head}"), w, ascii), tone));
        lines.push(line(
            truncate(&glyphs(&format!("  {detail}"), ascii), w, ascii),
            Tone::Dim,
        ));
    }
    (lines, 0)
}

/// The bookmarks across the library.
fn bookmarks(app: &App, body: Rect, selected: usize) -> Popup {
    let area = centered(body, 90, body.height.saturating_sub(2).max(3));
    let rows = app.bookmark_rows();
    let n = rows.len();
    let (mut lines, scroll) = two_line_rows(
        app,
        area,
        &rows,
        |b| {
            let head = match (b.label.as_str(), b.section.as_str()) {
                ("", "") => b.title.clone(),
                ("", s) => format!("§{s}"),
                (l, _) => l.to_string(),
            };
            let mut detail = vec![b.title.clone()];
            if !b.label.is_empty() && !b.section.is_empty() {
                detail.push(format!("§{}", b.section));
            }
            if app.library().find_id(&b.place.article).is_none() {
                detail.push(format!("not loaded: {}", b.path));
            }
            (head, detail.join(" · "))
        },
        selected,
    );
    if n == 0 {
        let key = app.keymap().first_key(Action::Bookmark).unwrap_or_default();
        lines.push(line(
            format!("No bookmarks yet: {key} bookmarks a place"),
            Tone::Dim,
        ));
    }
    Popup {
        area,
        title: format!("Bookmarks ({n}) — Enter opens, d deletes, Esc closes"),
        lines,
        scroll,
    }
}

/// The highlights and notes of the open article, or of the library.
fn notes(app: &App, body: Rect, selected: usize, library: bool) -> Popup {
    let area = centered(body, 90, body.height.saturating_sub(2).max(3));
    let rows = app.note_rows(library);
    let n = rows.len();
    let (mut lines, scroll) = two_line_rows(
        app,
        area,
        &rows,
        |a| {
            let head = if a.note.is_empty() {
                format!("“{}”", a.quote)
            } else {
                format!("{} — “{}”", a.note, a.quote)
            };
            let mut detail = Vec::new();
            if library {
                detail.push(a.title.clone());
            }
            if !a.section.is_empty() {
                detail.push(format!("§{}", a.section));
            }
            detail.push(
                if a.note.is_empty() {
                    "highlight"
                } else {
                    "note"
                }
                .to_string(),
            );
            (head, detail.join(" · "))
        },
        selected,
    );
    if n == 0 {
        let key = app.keymap().first_key(Action::Select).unwrap_or_default();
        lines.push(line(
            format!("No highlights or notes yet: {key} starts a selection"),
            Tone::Dim,
        ));
    }
    let whose = if library {
        "the library"
    } else {
        "this article"
    };
    Popup {
        area,
        title: format!(
            "Notes of {whose} ({n}) — Tab: {}, Enter goes there, d deletes",
            if library {
                "this article"
            } else {
                "the library"
            }
        ),
        lines,
        scroll,
    }
}

/// Text to copy by hand: copying through the terminal is off, or the text is too long for it.
fn copied(body: Rect, what: &str, text: &str, scroll: usize) -> Popup {
    let area = centered(body, 100, body.height.saturating_sub(2).max(3));
    let w = inner_w(area);
    let mut lines = Vec::new();
    for l in text.lines() {
        lines.extend(wrap("", "", &[(l.to_string(), Tone::Plain)], w));
    }
    Popup {
        area,
        title: format!("{what} — select it to copy; Esc closes"),
        lines,
        scroll,
    }
}
