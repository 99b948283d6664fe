//! Drawing: ratatui widgets that borrow the [`App`] and only read it.
//!
//! The body is drawn line by line from the layout (so every citation, term, search match and
//! the focus is styled where the layout says it landed); the sidebar, the status line and the
//! overlays are built from what the app computes. Popups are drawn last over `Clear`.

use crate::app::popup::{self, Tone, ToneLine};
use crate::app::App;
use crate::keymap::Action;
use crate::layout::{self, AnchorKind, LayoutLine, Synthetic};
use crate::model::BlockKind;
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
    /// A hint label over an anchor.
    pub hint: Style,
    /// A highlight kept in the store, and one with a note.
    pub highlight: Style,
    pub noted: Style,
    /// The keyboard selection being made.
    pub selection: Style,
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
            hint: b
                .bg(Color::Yellow)
                .fg(Color::Black)
                .add_modifier(Modifier::BOLD),
            highlight: b.bg(Color::Green).fg(Color::Black),
            noted: b
                .bg(Color::Green)
                .fg(Color::Black)
                .add_modifier(Modifier::UNDERLINED),
            selection: b.bg(Color::Blue).fg(Color::White),
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
            hint: b.add_modifier(Modifier::REVERSED | Modifier::BOLD),
            highlight: b.add_modifier(Modifier::BOLD),
            noted: b.add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            selection: b.add_modifier(Modifier::REVERSED),
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
    /// scholion's own symbols in the look's character set (see [`popup::glyphs`]).
    pub fn glyphs(&self, s: &str) -> String {
        popup::glyphs(s, self.ascii)
    }

    /// The style the theme gives a tone.
    fn tone(&self, tone: Tone) -> Style {
        let t = &self.theme;
        match tone {
            Tone::Plain => Style::default(),
            Tone::Dim => t.dim,
            Tone::Strong => t.strong,
            Tone::Title => t.title,
            Tone::Emphasis => t.emphasis,
            Tone::Link => t.link,
            Tone::Selected => t.selected,
            Tone::SelectedStrong => t.selected.patch(t.strong),
            Tone::Missing => t.citation_missing,
            Tone::Suggestion => t.suggestion,
        }
    }

    /// Toned lines in the theme's styles.
    fn lines(&self, lines: &[ToneLine]) -> Vec<Line<'static>> {
        lines
            .iter()
            .map(|l| {
                Line::from(
                    l.iter()
                        .map(|(text, tone)| Span::styled(text.clone(), self.tone(*tone)))
                        .collect::<Vec<_>>(),
                )
            })
            .collect()
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
            SidebarView { app, look }.render(side.intersection(area), buf);
        }
        StatusLine { app, look }.render(g.status.intersection(area), buf);
        draw_overlay(app, look, area, buf);
    }
}

fn too_small(area: Rect, buf: &mut Buffer, look: &Look) {
    let msg = [
        "Terminal too small".to_string(),
        look.glyphs("(needs 20×6)"),
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
        // Hint labels over the start of their anchors; the letters typed so far dimmed.
        let typed = app.hints_typed().unwrap_or("");
        for (i, label) in app.hint_labels() {
            if !label.starts_with(typed) {
                continue;
            }
            let a = &app.layout().anchors[i];
            let y = area.y + (a.line() - app.top()) as u16;
            let x = area.x + 1 + a.col() as u16;
            if x >= area.right() {
                continue;
            }
            let room = (area.right() - x) as usize;
            buf.set_stringn(x, y, &label[..typed.len()], room, self.look.theme.dim);
            let x = x + typed.len() as u16;
            if x < area.right() {
                buf.set_stringn(
                    x,
                    y,
                    &label[typed.len()..],
                    room - typed.len(),
                    self.look.theme.hint,
                );
            }
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
        BlockKind::TableRow { header: true, .. } => t.strong,
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
            AnchorKind::Figure(_) => t.citation,
            AnchorKind::CrossRef(x) => match app.article().crossrefs[x].target {
                Some(_) => t.citation,
                None => t.citation_missing,
            },
        };
        let style = if app.focus() == Some(i) {
            style.patch(t.focus)
        } else {
            style
        };
        decos.push((a.range(), style));
    }
    for (_, (_, r, noted)) in on_line(
        app.highlights(),
        |(b, r, _)| (*b, r.clone()),
        block_index,
        &range,
    ) {
        decos.push((r.clone(), if *noted { t.noted } else { t.highlight }));
    }
    if let Some(sel) = app.selection() {
        if (sel.start.0..=sel.end.0).contains(&block_index) {
            let from = if block_index == sel.start.0 {
                sel.start.1
            } else {
                0
            };
            let to = if block_index == sel.end.0 {
                sel.end.1
            } else {
                block.text.len()
            };
            decos.push((from..to, t.selection));
        }
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
    // Between the cells of a table row: the separator, drawn in the look's character set.
    let gaps: Vec<Range<usize>> = match &block.kind {
        BlockKind::TableRow { cells, .. } if look.ascii => {
            cells.windows(2).map(|w| w[0].end..w[1].start).collect()
        }
        _ => Vec::new(),
    };
    // Cut the line at every decoration boundary and style each piece.
    let mut cuts: Vec<usize> = vec![range.start, range.end];
    for r in decos.iter().map(|(r, _)| r).chain(&gaps) {
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
        let piece = &block.text[a..b];
        let piece = if gaps.iter().any(|g| g.start <= a && b <= g.end) {
            look.glyphs(piece)
        } else {
            piece.to_string()
        };
        spans.push(Span::styled(piece, style));
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

/// The widest the margin's notes run: a note is a glance, and a wide terminal's margin is
/// left blank beyond this.
pub const MARGIN_MAX_WIDTH: u16 = 56;

/// The margin: notes beside the lines that cite, and the focused citation's references.
pub struct SidebarView<'a> {
    pub app: &'a App,
    pub look: &'a Look,
}

impl Widget for SidebarView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        // No rule beside the text, as in a book: two blank columns part them (a rule would be
        // written again on every line a scroll brings in).
        let inner = Rect {
            x: area.x + 2,
            width: area.width.saturating_sub(3).min(MARGIN_MAX_WIDTH),
            ..area
        };
        let rows = self.app.margin_rows(inner.width as usize);
        render_lines(&self.look.lines(&rows), 0, inner, buf);
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
        if let Some(label) = app.bookmark_label() {
            left.push(Span::styled(
                format!(
                    "Bookmark label (Enter: none, Esc cancels): {}",
                    crate::sanitize::one_line(label)
                ),
                t.status_accent,
            ));
            left.push(Span::styled(self.look.glyphs("█"), t.status));
        } else if let Some(s) = app.search().filter(|s| s.typing) {
            let prompt = if s.backward { '?' } else { '/' };
            left.push(Span::styled(
                format!("{prompt}{}", s.pattern),
                t.status_accent,
            ));
            left.push(Span::styled(self.look.glyphs("█"), t.status));
            if !s.pattern.is_empty() {
                right.push(Span::styled(
                    match_count(s.current, s.matches.len(), s.capped),
                    t.status,
                ));
            }
        } else {
            // The section and the position first, then a message or the focused anchor, then
            // the title where there is room left: what is cut is the title.
            if let Some(sec) = app.current_section() {
                left.push(Span::styled(format!(" {sec}{sep}"), t.status));
            }
            left.push(Span::styled(
                format!(
                    "{}{}",
                    if left.is_empty() { " " } else { "" },
                    app.position()
                ),
                t.status,
            ));
            if let Some(m) = app.message() {
                left.push(Span::styled(
                    format!("{sep}{}", crate::sanitize::one_line(m)),
                    t.status_accent,
                ));
            } else if let Some(f) = app.focus_text() {
                left.push(Span::styled(format!("{sep}{f}"), t.status_accent));
            }
            left.push(Span::styled(
                format!("{sep}{}", app.library().summary(app.current()).title()),
                t.status,
            ));
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
            if let Some(typed) = app.typed_keys() {
                right.push(Span::styled(format!("{typed}{sep}"), t.status_accent));
            }
            let help = app.keymap().first_key(Action::Help).unwrap_or_default();
            let quit = app.keymap().first_key(Action::Quit).unwrap_or_default();
            right.push(Span::styled(format!("{help} help  {quit} quit "), t.status));
        }
        if !right.is_empty() {
            right.insert(0, Span::styled(sep.trim_start(), t.status));
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

/// The open popup, as the app laid it out, over `Clear`.
fn draw_overlay(app: &App, look: &Look, screen: Rect, buf: &mut Buffer) {
    let Some(p) = app.popup() else {
        return;
    };
    let area = p.area.intersection(screen);
    if area.width < 3 || area.height < 3 {
        return;
    }
    Clear.render(area, buf);
    let block = look.popup(&p.title);
    let inner = block.inner(area);
    block.render(area, buf);
    render_lines(&look.lines(&p.lines), p.scroll, inner, buf);
}

/// The links on the screen, for the renderer to make hyperlinks of: the article's own links
/// and the addresses and DOIs written in its text, where they show in the body. None while a
/// popup covers the body.
pub fn links_on_screen(app: &App) -> Vec<crate::render::LinkSpan> {
    let mut out = Vec::new();
    let g = app.geometry();
    if g.too_small || !matches!(app.overlay(), crate::app::Overlay::None) {
        return out;
    }
    let art = app.article();
    let layout = app.layout();
    let right = g.body.x + g.body.width.saturating_sub(1);
    for row in 0..g.body.height {
        let Some(line) = layout.lines.get(app.top() + row as usize) else {
            break;
        };
        // The line's text, and where it starts on screen.
        let (text, range, x0) = match (line.block(), layout.synthetic(line)) {
            (Some(b), _) => (
                art.blocks[b].text.as_str(),
                line.range(),
                layout::width(layout.prefix(line)),
            ),
            (None, Some((text, _))) => (text, 0..text.len(), layout::width(layout.prefix(line))),
            (None, None) => continue,
        };
        let mut found: Vec<(Range<usize>, String)> = crate::app::text_links(text);
        if let Some(b) = line.block() {
            found.extend(
                art.blocks[b]
                    .links
                    .iter()
                    .filter(|l| {
                        !found
                            .iter()
                            .any(|(r, _)| r.start < l.range.end && l.range.start < r.end)
                    })
                    .map(|l| (l.range.clone(), l.url.clone()))
                    .collect::<Vec<_>>(),
            );
        }
        for (r, url) in found {
            let (s, e) = (r.start.max(range.start), r.end.min(range.end));
            if s >= e || !text.is_char_boundary(s) || !text.is_char_boundary(e) {
                continue;
            }
            let x = g.body.x as usize + 1 + x0 + layout::width(&text[range.start..s]);
            let width = layout::width(&text[s..e]);
            let x = x.min(u16::MAX as usize) as u16;
            let width = (width.min(u16::MAX as usize) as u16).min(right.saturating_sub(x));
            if width > 0 {
                out.push(crate::render::LinkSpan {
                    x,
                    y: g.body.y + row,
                    width,
                    url,
                });
            }
        }
    }
    out
}
