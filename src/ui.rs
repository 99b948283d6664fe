//! Drawing: ratatui widgets that borrow the [`App`] and only read it.
//!
//! The body is drawn line by line from the layout (so every citation, term, search match and
//! the focus is styled where the layout says it landed); the sidebar, the status line and the
//! overlays are built from what the app computes. Popups are drawn last over `Clear`.

use crate::app::{App, Overlay, SidebarContent, SidebarEntry};
use crate::keymap::Action;
use crate::layout::{self, AnchorKind, LayoutLine, Synthetic};
use crate::library::Library;
use crate::model::{BlockKind, Reference};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::border;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Widget};
use ratatui::Frame;
use std::ops::Range;

/// Colours and attributes. The default uses only the 16 ANSI colours, so it follows the
/// terminal's own palette, light or dark.
#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    pub name: &'static str,
    pub heading: Style,
    pub heading_top: Style,
    pub emphasis: Style,
    pub strong: Style,
    pub code: Style,
    pub link: Style,
    pub prefix: Style,
    pub citation: Style,
    pub citation_missing: Style,
    pub term: Style,
    pub focus: Style,
    pub search: Style,
    pub search_current: Style,
    pub mark: Style,
    pub title: Style,
    pub byline: Style,
    pub dim: Style,
    pub status: Style,
    pub status_accent: Style,
    pub message: Style,
    pub selected: Style,
    pub border: Style,
    pub suggestion: Style,
}

impl Theme {
    /// The default: 16 ANSI colours plus bold, underline and reverse.
    pub fn ansi() -> Theme {
        let b = Style::default();
        Theme {
            name: "default",
            heading: b.fg(Color::Blue).add_modifier(Modifier::BOLD),
            heading_top: b
                .fg(Color::Blue)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            emphasis: b.add_modifier(Modifier::ITALIC),
            strong: b.add_modifier(Modifier::BOLD),
            code: b.fg(Color::Green),
            link: b.fg(Color::Blue).add_modifier(Modifier::UNDERLINED),
            prefix: b.fg(Color::DarkGray),
            citation: b.fg(Color::Cyan).add_modifier(Modifier::UNDERLINED),
            citation_missing: b.fg(Color::Magenta).add_modifier(Modifier::UNDERLINED),
            term: b.fg(Color::Yellow).add_modifier(Modifier::UNDERLINED),
            focus: b.add_modifier(Modifier::REVERSED | Modifier::BOLD),
            search: b.bg(Color::Yellow).fg(Color::Black),
            search_current: b
                .bg(Color::Red)
                .fg(Color::White)
                .add_modifier(Modifier::BOLD),
            mark: b.add_modifier(Modifier::BOLD).fg(Color::Green),
            title: b.add_modifier(Modifier::BOLD),
            byline: b.fg(Color::Cyan),
            dim: b.fg(Color::DarkGray),
            status: b.add_modifier(Modifier::REVERSED),
            status_accent: b.add_modifier(Modifier::REVERSED | Modifier::BOLD),
            message: b.fg(Color::Yellow).add_modifier(Modifier::BOLD),
            selected: b.add_modifier(Modifier::REVERSED),
            border: b.fg(Color::DarkGray),
            suggestion: b.fg(Color::Magenta),
        }
    }

    /// No colours at all: highlights by reverse, bold and underline only (`NO_COLOR`).
    pub fn mono() -> Theme {
        let b = Style::default();
        Theme {
            name: "mono",
            heading: b.add_modifier(Modifier::BOLD),
            heading_top: b.add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            emphasis: b.add_modifier(Modifier::ITALIC),
            strong: b.add_modifier(Modifier::BOLD),
            code: b,
            link: b.add_modifier(Modifier::UNDERLINED),
            prefix: b,
            citation: b.add_modifier(Modifier::UNDERLINED),
            citation_missing: b.add_modifier(Modifier::UNDERLINED | Modifier::ITALIC),
            term: b.add_modifier(Modifier::UNDERLINED),
            focus: b.add_modifier(Modifier::REVERSED),
            search: b.add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            search_current: b.add_modifier(Modifier::REVERSED | Modifier::BOLD),
            mark: b.add_modifier(Modifier::BOLD),
            title: b.add_modifier(Modifier::BOLD),
            byline: b,
            dim: b,
            status: b.add_modifier(Modifier::REVERSED),
            status_accent: b.add_modifier(Modifier::REVERSED | Modifier::BOLD),
            message: b.add_modifier(Modifier::BOLD),
            selected: b.add_modifier(Modifier::REVERSED),
            border: b,
            suggestion: b.add_modifier(Modifier::ITALIC),
        }
    }

    /// A theme by name: `default` or `mono`.
    pub fn by_name(name: &str) -> Option<Theme> {
        match name {
            "default" | "ansi" => Some(Theme::ansi()),
            "mono" | "none" => Some(Theme::mono()),
            _ => None,
        }
    }
}

/// How the screen is drawn, beside what the app holds.
#[derive(Debug, Clone)]
pub struct Look {
    pub theme: Theme,
    /// Only ASCII in borders and symbols.
    pub ascii: bool,
}

const ASCII_BORDER: border::Set = border::Set {
    top_left: "+",
    top_right: "+",
    bottom_left: "+",
    bottom_right: "+",
    vertical_left: "|",
    vertical_right: "|",
    horizontal_top: "-",
    horizontal_bottom: "-",
};

impl Look {
    /// Scholion's own text (titles, hints, symbols) in the look's character set: in ASCII
    /// mode, every symbol becomes its plain-ASCII form.
    pub fn chrome(&self, s: &str) -> String {
        if !self.ascii {
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

    fn border_set(&self) -> border::Set<'static> {
        if self.ascii {
            ASCII_BORDER
        } else {
            border::PLAIN
        }
    }

    fn popup(&self, title: &str) -> Block<'static> {
        Block::default()
            .borders(Borders::ALL)
            .border_set(self.border_set())
            .border_style(self.theme.border)
            .title(Span::styled(format!(" {title} "), self.theme.title))
    }
}

/// Draw the whole screen.
pub fn draw(frame: &mut Frame<'_>, app: &App, look: &Look) {
    let area = frame.area();
    frame.render_widget(Screen { app, look }, area);
}

/// The whole screen as one widget, so tests can render it into any buffer.
pub struct Screen<'a> {
    pub app: &'a App,
    pub look: &'a Look,
}

impl Widget for Screen<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (app, look) = (self.app, self.look);
        if area.width == 0 || area.height == 0 {
            return;
        }
        // The terminal changed size after the app last heard of it: the next frame, drawn at
        // the new size, is moments away; this one stays blank rather than cut.
        if (area.width, area.height) != app.size() {
            return;
        }
        let g = app.geometry();
        if g.too_small {
            too_small(area, buf, look);
            return;
        }
        BodyView { app, look }.render(g.body.intersection(area), buf);
        if let Some(side) = g.sidebar {
            SidebarView {
                app,
                look,
                scroll: 0,
            }
            .render(side.intersection(area), buf);
        }
        StatusLine { app, look }.render(g.status.intersection(area), buf);
        draw_overlay(app, look, g.body.intersection(area), buf);
    }
}

fn too_small(area: Rect, buf: &mut Buffer, look: &Look) {
    let msg = [
        "Terminal too small".to_string(),
        look.chrome("(needs 20×6)"),
    ];
    for (i, m) in msg.iter().enumerate() {
        let y = area.y + (area.height / 2).saturating_sub(1) + i as u16;
        if y >= area.bottom() {
            break;
        }
        let w = layout::width(m) as u16;
        let x = area.x + area.width.saturating_sub(w) / 2;
        buf.set_stringn(x, y, m, area.width as usize, look.theme.strong);
    }
}

/// The article text.
pub struct BodyView<'a> {
    pub app: &'a App,
    pub look: &'a Look,
}

impl Widget for BodyView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let lines = &app.layout().lines;
        for row in 0..area.height {
            let Some(line) = lines.get(app.top() + row as usize) else {
                break;
            };
            let spans = body_line(app, self.look, line);
            // One column of margin on the left; the layout keeps the right one free.
            buf.set_line(
                area.x + 1,
                area.y + row,
                &Line::from(spans),
                area.width.saturating_sub(2),
            );
        }
    }
}

/// The styled spans of one laid-out line.
fn body_line(app: &App, look: &Look, line: &LayoutLine) -> Vec<Span<'static>> {
    let t = &look.theme;
    let mut spans = Vec::new();
    let prefix = app.layout().prefix(line);
    if !prefix.is_empty() {
        let marker_style = match line.block().map(|b| &app.article().blocks[b].kind) {
            // Indentation alone needs no colour (and costs none to send).
            _ if prefix.chars().all(|c| c == ' ') => Style::default(),
            Some(BlockKind::ListItem { .. }) => t.strong,
            _ => t.prefix,
        };
        spans.push(Span::styled(prefix.to_string(), marker_style));
    }
    if let Some((text, kind)) = app.layout().synthetic(line) {
        let style = match kind {
            Synthetic::Title => t.title,
            Synthetic::Byline => t.byline,
            Synthetic::Meta | Synthetic::Note | Synthetic::Rule => t.dim,
        };
        spans.push(Span::styled(text.to_string(), style));
        return spans;
    }
    let Some(block_index) = line.block() else {
        return spans;
    };
    let art = app.article();
    let block = &art.blocks[block_index];
    let base = match &block.kind {
        BlockKind::Heading { level } if *level <= 2 => t.heading_top,
        BlockKind::Heading { .. } => t.heading,
        BlockKind::Term => t.strong,
        BlockKind::Code { .. } => t.code,
        BlockKind::TableRow { header: true } => t.strong,
        _ => Style::default(),
    };
    let base = if app.mark() == Some(block_index) {
        base.patch(t.mark)
    } else {
        base
    };
    let range = line.range();
    // Decorations over the line, later ones drawn over earlier ones.
    let mut decos: Vec<(Range<usize>, Style)> = Vec::new();
    for run in &block.styles {
        if run.range.start < range.end && range.start < run.range.end {
            let mut s = Style::default();
            if run.style.emphasis {
                s = s.patch(t.emphasis);
            }
            if run.style.strong {
                s = s.patch(t.strong);
            }
            if run.style.code {
                s = s.patch(t.code);
            }
            if run.style.link {
                s = s.patch(t.link);
            }
            if run.style.strikethrough {
                s = s.add_modifier(Modifier::CROSSED_OUT);
            }
            decos.push((run.range.clone(), s));
        }
    }
    let anchors = &app.layout().anchors;
    for (i, a) in on_line(anchors, |a| (a.block(), a.range()), block_index, &range) {
        let style = match a.kind() {
            AnchorKind::Citation(c) => {
                if app
                    .library()
                    .resolution(app.current(), c)
                    .resolved
                    .is_empty()
                {
                    t.citation_missing
                } else {
                    t.citation
                }
            }
            AnchorKind::Term(_) => t.term,
        };
        let style = if app.focus() == Some(i) {
            style.patch(t.focus)
        } else {
            style
        };
        decos.push((a.range(), style));
    }
    if let Some(s) = app.search() {
        for (i, (_, r)) in on_line(&s.matches, |(b, r)| (*b, r.clone()), block_index, &range) {
            let style = if s.current == Some(i) {
                t.search_current
            } else {
                t.search
            };
            decos.push((r.clone(), style));
        }
    }
    // Cut the line at every decoration boundary and style each piece.
    let mut cuts: Vec<usize> = vec![range.start, range.end];
    for (r, _) in &decos {
        for p in [r.start, r.end] {
            if p > range.start && p < range.end && block.text.is_char_boundary(p) {
                cuts.push(p);
            }
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        if a >= b {
            continue;
        }
        let mut style = base;
        for (r, s) in &decos {
            if r.start <= a && b <= r.end {
                style = style.patch(*s);
            }
        }
        spans.push(Span::styled(block.text[a..b].to_string(), style));
    }
    spans
}

/// The items (with their indices) of a list in text order that overlap bytes `range` of block
/// `block`; `at` gives an item's block and byte range.
fn on_line<'a, T>(
    items: &'a [T],
    at: impl Fn(&T) -> (usize, Range<usize>) + 'a,
    block: usize,
    range: &Range<usize>,
) -> impl Iterator<Item = (usize, &'a T)> + 'a {
    let (block_start, line_start, line_end) = (block, range.start, range.end);
    let first = items.partition_point(|x| {
        let (b, r) = at(x);
        (b, r.end) <= (block_start, line_start)
    });
    items[first..]
        .iter()
        .enumerate()
        .map(move |(k, x)| (first + k, x))
        .take_while(move |(_, x)| {
            let (b, r) = at(x);
            b == block_start && r.start < line_end
        })
}

/// The references behind the focus, or cited in view.
pub struct SidebarView<'a> {
    pub app: &'a App,
    pub look: &'a Look,
    pub scroll: usize,
}

impl Widget for SidebarView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let block = Block::default()
            .borders(Borders::LEFT)
            .border_set(self.look.border_set())
            .border_style(self.look.theme.border);
        let inner = block.inner(area);
        block.render(area, buf);
        let inner = Rect {
            x: inner.x + 1,
            width: inner.width.saturating_sub(2),
            ..inner
        };
        let lines = sidebar_lines(
            self.app,
            self.look,
            &self.app.sidebar_content(),
            inner.width as usize,
        );
        render_lines(&lines, self.scroll, inner, buf);
    }
}

/// Draw pre-wrapped lines into `area`, from line `scroll` on (clamped to the last page).
fn render_lines(lines: &[Line<'_>], scroll: usize, area: Rect, buf: &mut Buffer) {
    let scroll = scroll.min(lines.len().saturating_sub(area.height as usize));
    for (row, line) in lines
        .iter()
        .skip(scroll)
        .take(area.height as usize)
        .enumerate()
    {
        buf.set_line(area.x, area.y + row as u16, line, area.width);
    }
}

/// Wrap styled text to `width` columns with a first-line and a continuation indent.
fn wrap_styled(
    first_indent: &str,
    rest_indent: &str,
    parts: &[(String, Style)],
    width: usize,
) -> Vec<Line<'static>> {
    wrap_styled_indent(first_indent, rest_indent, Style::default(), parts, width)
}

/// As [`wrap_styled`], with the indents drawn in `indent_style` (a key column, say).
fn wrap_styled_indent(
    first_indent: &str,
    rest_indent: &str,
    indent_style: Style,
    parts: &[(String, Style)],
    width: usize,
) -> Vec<Line<'static>> {
    let text: String = parts.iter().map(|(t, _)| t.as_str()).collect();
    let indent_w = layout::width(first_indent).max(layout::width(rest_indent));
    let avail = width
        .saturating_sub(indent_w)
        .max(layout::MIN_TEXT_WIDTH.min(width.max(1)));
    let mut bounds = Vec::with_capacity(parts.len());
    let mut at = 0;
    for (t, style) in parts {
        bounds.push((at..at + t.len(), *style));
        at += t.len();
    }
    layout::wrap(&text, avail)
        .into_iter()
        .enumerate()
        .map(|(k, r)| {
            let indent = if k == 0 { first_indent } else { rest_indent };
            let mut spans = vec![Span::styled(indent.to_string(), indent_style)];
            for (b, style) in &bounds {
                let (s, e) = (b.start.max(r.start), b.end.min(r.end));
                if s < e {
                    spans.push(Span::styled(text[s..e].to_string(), *style));
                }
            }
            Line::from(spans)
        })
        .collect()
}

/// Authors as a reader expects them: `Luga, V. et al.`
fn authors_line(r: &Reference) -> String {
    let mut s = r.authors.join(", ");
    if r.et_al {
        s.push_str(" et al.");
    }
    s
}

/// `Cell 151, 1542–1556 (2012)`
fn source_line(r: &Reference) -> String {
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

fn reference_lines(
    r: &Reference,
    look: &Look,
    indent: &str,
    width: usize,
    out: &mut Vec<Line<'static>>,
) {
    let t = &look.theme;
    let number = format!("{}. ", r.number);
    let hang = format!("{indent}{}", " ".repeat(layout::width(&number)));
    if r.title.is_none() || r.authors.is_empty() {
        // Not read into fields: the entry as written.
        out.extend(wrap_styled(
            indent,
            &hang,
            &[(number, t.strong), (r.text.clone(), Style::default())],
            width,
        ));
    } else {
        out.extend(wrap_styled(
            indent,
            &hang,
            &[(number, t.strong), (authors_line(r), Style::default())],
            width,
        ));
        if let Some(title) = &r.title {
            out.extend(wrap_styled(
                &hang,
                &hang,
                &[(title.clone(), t.emphasis)],
                width,
            ));
        }
        let src = source_line(r);
        if !src.is_empty() {
            out.extend(wrap_styled(&hang, &hang, &[(src, Style::default())], width));
        }
    }
    if let Some(doi) = &r.doi {
        out.extend(wrap_styled(
            &hang,
            &hang,
            &[(format!("doi:{doi}"), t.link)],
            width,
        ));
    }
}

/// The sidebar's content as lines wrapped to `width` (shared by the pane and the narrow-screen
/// overlay).
pub fn sidebar_lines(
    app: &App,
    look: &Look,
    content: &SidebarContent,
    width: usize,
) -> Vec<Line<'static>> {
    let t = &look.theme;
    let lib: &Library = app.library();
    let art = app.article();
    let mut out = wrap_styled("", "", &[(content.heading.clone(), t.title)], width);
    out.push(Line::from(""));
    if content.entries.is_empty() {
        let note = if art.citations.is_empty() {
            "This article has no in-text citations."
        } else {
            "No citations in view."
        };
        out.extend(wrap_styled("", "", &[(note.to_string(), t.dim)], width));
        return out;
    }
    for e in &content.entries {
        match e {
            SidebarEntry::Reference {
                index, times_cited, ..
            } => {
                let r = &art.references[*index];
                reference_lines(r, look, "", width, &mut out);
                let times = if *times_cited == 1 {
                    "once".to_string()
                } else {
                    format!("{times_cited} times")
                };
                let hang = " ".repeat(layout::width(&format!("{}. ", r.number)));
                out.extend(wrap_styled(
                    &hang,
                    &hang,
                    &[(format!("cited {times} in this article"), t.dim)],
                    width,
                ));
            }
            SidebarEntry::Missing { numbers } => {
                let nums: Vec<String> = numbers.iter().map(u32::to_string).collect();
                out.extend(wrap_styled(
                    "",
                    "  ",
                    &[(
                        look.chrome(&format!(
                            "{} — not in this article's reference list",
                            nums.join(", ")
                        )),
                        t.citation_missing,
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
                out.extend(wrap_styled(
                    "  ",
                    "  ",
                    &[(
                        format!("Suggested for {cited}, from {}:", from.title()),
                        t.suggestion,
                    )],
                    width,
                ));
                match lib.reference_of(*article, *index) {
                    Some(r) => reference_lines(r, look, "  ", width, &mut out),
                    None => {
                        // Its file could not be read again: what the index knows of it.
                        let number = lib.place(*article, *index).map_or(0, |p| p.number);
                        out.extend(wrap_styled(
                            "  ",
                            "  ",
                            &[(
                                format!("Reference {number} (its file could not be read again)"),
                                t.dim,
                            )],
                            width,
                        ));
                    }
                }
                out.extend(wrap_styled(
                    "  ",
                    "  ",
                    &[(
                        format!("(a suggestion: {}; Enter opens it)", reasons.join(", ")),
                        t.dim,
                    )],
                    width,
                ));
            }
        }
        out.push(Line::from(""));
    }
    out
}

/// Title, section, position, focus, and the keys for help and quit; or the search prompt.
pub struct StatusLine<'a> {
    pub app: &'a App,
    pub look: &'a Look,
}

impl Widget for StatusLine<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (app, t) = (self.app, &self.look.theme);
        buf.set_style(area, t.status);
        let sep = if self.look.ascii { " | " } else { " │ " };
        let mut left: Vec<Span> = Vec::new();
        let mut right: Vec<Span> = Vec::new();
        if let Some(s) = app.search().filter(|s| s.typing) {
            left.push(Span::styled(format!("/{}", s.pattern), t.status_accent));
            left.push(Span::styled(self.look.chrome("█"), t.status));
            if !s.pattern.is_empty() {
                right.push(Span::styled(
                    match_count(s.current, s.matches.len(), s.capped),
                    t.status,
                ));
            }
        } else {
            if let Some(m) = app.message() {
                left.push(Span::styled(
                    format!(" {}", crate::sanitize::one_line(m)),
                    t.status_accent,
                ));
            } else {
                left.push(Span::styled(
                    format!(" {}", app.library().summary(app.current()).title()),
                    t.status_accent,
                ));
                if let Some(sec) = app.current_section() {
                    left.push(Span::styled(format!("{sep}{sec}"), t.status));
                }
            }
            if let Some(f) = app.focus_text() {
                right.push(Span::styled(format!("{f}{sep}"), t.status_accent));
            }
            if let Some(s) = app.search() {
                right.push(Span::styled(
                    format!(
                        "/{} {}{sep}",
                        s.pattern,
                        match_count(s.current, s.matches.len(), s.capped)
                    ),
                    t.status,
                ));
            }
            right.push(Span::styled(format!("{}%{sep}", app.percent()), t.status));
            let help = app.keymap().first_key(Action::Help).unwrap_or_default();
            let quit = app.keymap().first_key(Action::Quit).unwrap_or_default();
            right.push(Span::styled(format!("{help} help  {quit} quit "), t.status));
        }
        let right_line = Line::from(right);
        let rw = right_line.width() as u16;
        // The right part wins the space; the left is cut to what remains.
        let left_w = area.width.saturating_sub(rw + 1);
        buf.set_line(area.x, area.y, &Line::from(left), left_w);
        if rw <= area.width {
            buf.set_line(area.x + area.width - rw, area.y, &right_line, rw);
        }
    }
}

/// `3/17`, or `3/10000+` when the article has more matches than the search holds.
fn match_count(current: Option<usize>, total: usize, capped: bool) -> String {
    let more = if capped { "+" } else { "" };
    match current {
        Some(c) if total > 0 => format!("{}/{total}{more}", c + 1),
        _ => format!("0/{total}{more}"),
    }
}

/// A rectangle of `w` × `h` centred in `area` (clipped to it).
fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// An overlay laid out: its box, title, lines (wrapped to the box) and first line shown.
struct OverlayBox {
    area: Rect,
    title: &'static str,
    lines: Vec<Line<'static>>,
    scroll: usize,
}

fn overlay_box(app: &App, look: &Look, body: Rect) -> Option<OverlayBox> {
    let t = &look.theme;
    let inner_w = |a: Rect| a.width.saturating_sub(2) as usize;
    let inner_h = |a: Rect| a.height.saturating_sub(2) as usize;
    let b = match app.overlay() {
        Overlay::None => return None,
        Overlay::Help { filter, scroll } => {
            let rows: Vec<(String, &str)> = app
                .help_lines(filter)
                .into_iter()
                .map(|(k, d)| (look.chrome(&k), d))
                .collect();
            let keys_w = rows
                .iter()
                .map(|(k, _)| layout::width(k))
                .max()
                .unwrap_or(0);
            let area = centered(body, 84, body.height.saturating_sub(2).max(3));
            let w = inner_w(area);
            let mut lines = wrap_styled(
                "",
                "",
                &[("filter: ".into(), t.dim), (format!("{filter}_"), t.strong)],
                w,
            );
            lines.push(Line::from(""));
            if rows.is_empty() {
                lines.push(Line::from(Span::styled("no binding matches", t.dim)));
            }
            let hang = " ".repeat(keys_w + 2);
            for (k, d) in &rows {
                let pad = " ".repeat(keys_w.saturating_sub(layout::width(k)) + 2);
                lines.extend(wrap_styled_indent(
                    &format!("{k}{pad}"),
                    &hang,
                    t.strong,
                    &[(d.to_string(), Style::default())],
                    w,
                ));
            }
            OverlayBox {
                area,
                title: "Keys — type to filter, Esc closes",
                lines,
                scroll: *scroll,
            }
        }
        Overlay::Outline { selected } => {
            let area = centered(body, 70, body.height.saturating_sub(2).max(3));
            let w = inner_w(area);
            let lines = app
                .article()
                .sections
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    let indent = "  ".repeat(s.level.saturating_sub(1) as usize);
                    let title = if s.title.is_empty() {
                        "(start)"
                    } else {
                        s.title.as_str()
                    };
                    let style = if i == *selected {
                        t.selected
                    } else {
                        Style::default()
                    };
                    Line::from(Span::styled(
                        truncate(&format!("{indent}{title}"), w, look),
                        style,
                    ))
                })
                .collect();
            let scroll = selected.saturating_sub(inner_h(area).saturating_sub(1));
            OverlayBox {
                area,
                title: "Outline — Enter jumps",
                lines,
                scroll,
            }
        }
        Overlay::Library { selected } => {
            let area = centered(body, 80, body.height.saturating_sub(2).max(3));
            let w = inner_w(area);
            let mut lines: Vec<Line> = Vec::new();
            for (i, a) in app.library().summaries().iter().enumerate() {
                let style = if i == *selected {
                    t.selected
                } else {
                    Style::default()
                };
                let mark = if i == app.current() { "● " } else { "  " };
                lines.push(Line::from(Span::styled(
                    truncate(&format!("{}{}", look.chrome(mark), a.title()), w, look),
                    style.patch(t.strong),
                )));
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
                lines.push(Line::from(Span::styled(
                    truncate(&look.chrome(&format!("  {}", meta.join(" · "))), w, look),
                    t.dim,
                )));
            }
            let scroll = (selected * 2 + 2).saturating_sub(inner_h(area));
            OverlayBox {
                area,
                title: "Library — Enter opens",
                lines,
                scroll,
            }
        }
        Overlay::Glossary { term, scroll } => {
            let lib = app.library();
            let e = lib.term(*term);
            let from = lib.summary(term.article());
            // Near the focused term: below it if there is room, else above it, else over it.
            let width = body.width.saturating_sub(2).clamp(1, 64);
            let w = width.saturating_sub(2) as usize;
            let mut lines = wrap_styled("", "", &[(e.term.to_string(), t.title)], w);
            let aliases: Vec<&str> = e.aliases().collect();
            if !aliases.is_empty() {
                lines.extend(wrap_styled(
                    "",
                    "",
                    &[(format!("also: {}", aliases.join(", ")), t.dim)],
                    w,
                ));
            }
            lines.push(Line::from(""));
            lines.extend(wrap_styled(
                "",
                "",
                &[(e.definition.to_string(), Style::default())],
                w,
            ));
            lines.push(Line::from(""));
            lines.extend(wrap_styled(
                "",
                "",
                &[(format!("Defined in {}", from.title()), t.dim)],
                w,
            ));
            lines.extend(wrap_styled(
                "",
                "",
                &[(
                    look.chrome("Enter: go to the definition · Esc: close"),
                    t.dim,
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
            // Below the term when it fits, else above it; inside the body whatever happens,
            // the term being off screen (after a resize) included.
            let y = if row.saturating_add(1 + height) <= body.height {
                row + 1
            } else if row >= height {
                row - height
            } else {
                body.height - height
            }
            .min(body.height - height);
            let x = col.min(body.width.saturating_sub(width));
            let area = Rect::new(body.x + x, body.y + y, width, height);
            OverlayBox {
                area,
                title: "Glossary",
                lines,
                scroll: *scroll,
            }
        }
        Overlay::Sidebar { scroll } => {
            let lines = sidebar_lines(app, look, &app.sidebar_content(), inner_w(body));
            OverlayBox {
                area: body,
                title: "References — s or Esc closes",
                lines,
                scroll: *scroll,
            }
        }
    };
    Some(b)
}

fn draw_overlay(app: &App, look: &Look, body: Rect, buf: &mut Buffer) {
    let Some(b) = overlay_box(app, look, body) else {
        return;
    };
    if b.area.width < 3 || b.area.height < 3 {
        return;
    }
    Clear.render(b.area, buf);
    let block = look.popup(&look.chrome(b.title));
    let inner = block.inner(b.area);
    block.render(b.area, buf);
    render_lines(&b.lines, b.scroll, inner, buf);
}

/// How far the open overlay can scroll at the current size: its lines beyond its box. The
/// shell reports it to the app after drawing, so scrolling stops at the end of the content.
pub fn overlay_scroll_limit(app: &App, look: &Look) -> Option<usize> {
    let b = overlay_box(app, look, app.geometry().body)?;
    Some(
        b.lines
            .len()
            .saturating_sub(b.area.height.saturating_sub(2) as usize),
    )
}

/// Cut `s` to `w` columns, with `…` (or `...`) where it was cut.
fn truncate(s: &str, w: usize, look: &Look) -> String {
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
    out.push_str(&look.chrome("…"));
    out
}
