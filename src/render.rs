//! Frames → the bytes that update a terminal, as few as possible: what an ssh link carries for
//! every key press.
//!
//! [`Renderer`] keeps what the terminal shows and, for each new frame (a ratatui [`Buffer`]),
//! writes only what changed. When the body scrolled by `d` lines it first asks the terminal to
//! scroll those rows itself (a scroll region, `CSI t;b r` + `CSI n S`/`T`, as ncurses and mosh
//! do), then writes what still differs — and keeps whichever of the two ways is shorter. Short
//! runs of unchanged cells between changes are printed rather than jumped over with a cursor
//! move, and character attributes are sent only when they change. Which cells differ comes from
//! ratatui's own buffer diff, so wide characters are handled exactly as ratatui handles them.
//!
//! Links (DOIs, web addresses) are OSC 8 hyperlinks: a link whose cells are new or changed is
//! written again inside the link's sequence, so a local terminal can open it through ssh. Only
//! links [`crate::app::safe_link`] lets through are sent.
//!
//! Pure: frames in, bytes out; the terminal module writes them.

use ratatui::buffer::{Buffer, Cell};
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier};
use std::fmt::Write as _;

/// Synchronized-update markers: the terminal shows the frame at once, not as it arrives.
const SYNC_BEGIN: &str = "\x1b[?2026h";
const SYNC_END: &str = "\x1b[?2026l";

/// A frame shorter than this is sent without synchronized-update markers: it arrives in one
/// read, and the markers would be a sixth of a one-line scroll.
const SMALL_FRAME: usize = 256;

/// Unchanged cells between two changes on a row are printed when they are this few or fewer;
/// a cursor move costs about as much as printing four of them.
const GAP_FILL: u16 = 4;

/// A vertical scroll of part of the screen: rows `top..bottom` moved up by `lines` (down when
/// negative), as the app reports a scroll of the article body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scroll {
    pub top: u16,
    pub bottom: u16,
    pub lines: i32,
}

/// What decides whether a change of view is a plain scroll of the article body.
#[derive(Debug, Clone, PartialEq)]
pub struct ViewMark {
    article: usize,
    width: usize,
    geometry: crate::app::Geometry,
    overlay_free: bool,
    /// Line numbers of a partial layout count from its first block, not the article's top.
    partial: bool,
    top: usize,
}

impl ViewMark {
    /// The view of `app` now.
    pub fn of(app: &crate::app::App) -> ViewMark {
        ViewMark {
            article: app.current(),
            width: app.layout().width,
            geometry: app.geometry(),
            overlay_free: matches!(app.overlay(), crate::app::Overlay::None),
            partial: app.layout_partial(),
            top: app.top(),
        }
    }

    /// The scroll of the body from this view to `after`, when the body only moved.
    pub fn scroll_to(&self, after: &ViewMark) -> Option<Scroll> {
        let same = self.article == after.article
            && self.width == after.width
            && self.geometry == after.geometry
            && self.partial == after.partial
            && self.overlay_free
            && after.overlay_free;
        if !same || self.top == after.top {
            return None;
        }
        Some(Scroll {
            top: after.geometry.body.y,
            bottom: after.geometry.body.y + after.geometry.body.height,
            lines: after.top as i32 - self.top as i32,
        })
    }
}

/// Keeps what the terminal shows and writes the difference to each new frame.
#[derive(Debug, Default)]
pub struct Renderer {
    /// What the terminal shows now; `None` before the first frame or after a resize.
    shown: Option<Buffer>,
    /// A blank screen of the current size, kept rather than made for every frame.
    blank: Option<Buffer>,
    /// The scroll region the terminal has (rows `top..bottom`), left set between frames so
    /// that the next scroll of the same rows is one short sequence; `None`: the whole screen.
    region: Option<(u16, u16)>,
    /// The links the terminal shows.
    links: Vec<LinkSpan>,
}

/// A link on the screen: `width` cells from (`x`, `y`) lead to `url`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkSpan {
    pub x: u16,
    pub y: u16,
    pub width: u16,
    pub url: String,
}

/// The cursor and attributes the terminal is known to have while a frame is written.
#[derive(Clone)]
struct Pen {
    x: u16,
    y: u16,
    /// Whether the column is known (after a wide character, or a scroll region change, not).
    placed: bool,
    /// Whether the row is known.
    row_known: bool,
    fg: Color,
    bg: Color,
    modifier: Modifier,
    /// Whether the attributes are known.
    attrs_known: bool,
    /// The last row of the scroll region: a line feed there scrolls.
    scrolling_row: u16,
}

impl Renderer {
    pub fn new() -> Renderer {
        Renderer::default()
    }

    /// Forget what the terminal shows: the next frame is written whole, after a clear.
    pub fn invalidate(&mut self) {
        self.shown = None;
    }

    /// The bytes that turn the screen into `next`, with `scroll` the scroll the app made since
    /// the last frame, if any. Empty when nothing changed.
    pub fn frame(&mut self, next: &Buffer, scroll: Option<Scroll>, out: &mut Vec<u8>) {
        self.frame_with_links(next, scroll, &[], out);
    }

    /// [`Renderer::frame`], with the links the frame shows.
    pub fn frame_with_links(
        &mut self,
        next: &Buffer,
        scroll: Option<Scroll>,
        links: &[LinkSpan],
        out: &mut Vec<u8>,
    ) {
        let links: Vec<LinkSpan> = links
            .iter()
            .filter(|l| {
                crate::app::safe_link(&l.url)
                    && l.width > 0
                    && l.y < next.area.height
                    && l.x + l.width <= next.area.width
            })
            .cloned()
            .collect();
        let area = next.area;
        if self.blank.as_ref().is_none_or(|b| b.area != area) {
            self.blank = Some(Buffer::empty(area));
        }
        let blank = self.blank.as_ref().expect("made above");
        let new_screen = match &self.shown {
            Some(shown) => shown.area != area,
            None => true,
        };
        if new_screen {
            // Clear, then everything that is not blank.
            let fresh = blank.diff(next);
            let mut body = String::new();
            encode(blank, next, blank, &fresh, None, &mut body);
            out.extend_from_slice(SYNC_BEGIN.as_bytes());
            // Attributes and scroll region as a fresh terminal has them, then a clear.
            out.extend_from_slice(b"\x1b[0m\x1b[r\x1b[H\x1b[2J");
            self.region = None;
            out.extend_from_slice(body.as_bytes());
            for l in &links {
                out.extend_from_slice(link_cells(next, l).as_bytes());
            }
            out.extend_from_slice(SYNC_END.as_bytes());
            self.shown = Some(next.clone());
            self.links = links;
            return;
        }
        let shown = self.shown.as_mut().expect("checked above");
        // What a row of `next` needs when written on a blank row (shared by both ways).
        let fresh_updates = blank.diff(next);
        let mut plain = String::new();
        // What the terminal showed before this frame, rows moved as it moved them.
        let mut before: Option<Buffer> = None;
        let mut scrolled = None;
        let mut best = match scroll.filter(|s| valid(s, area)) {
            // A short scroll: the terminal moves the rows, and the rest is written.
            Some(s) if s.lines.unsigned_abs() * 2 <= (s.bottom - s.top) as u32 => {
                let (mut with_scroll, region) = scroll_sequence(s, area, self.region);
                self.region = region;
                shift(shown, s);
                scrolled = Some(s);
                encode(shown, next, blank, &fresh_updates, region, &mut with_scroll);
                with_scroll
            }
            // A long one may leave more to write than a plain difference: the shorter wins.
            Some(s) => {
                encode(shown, next, blank, &fresh_updates, self.region, &mut plain);
                let unshifted =
                    (!links.is_empty() || !self.links.is_empty()).then(|| shown.clone());
                let (mut with_scroll, region) = scroll_sequence(s, area, self.region);
                shift(shown, s);
                encode(shown, next, blank, &fresh_updates, region, &mut with_scroll);
                if plain.len() < with_scroll.len() {
                    before = unshifted;
                    plain
                } else {
                    self.region = region;
                    scrolled = Some(s);
                    with_scroll
                }
            }
            None => {
                encode(shown, next, blank, &fresh_updates, self.region, &mut plain);
                plain
            }
        };
        if !links.is_empty() || !self.links.is_empty() {
            let before = before.as_ref().unwrap_or(shown);
            best.push_str(&relink(before, next, &self.links, &links, scrolled));
        }
        self.links = links;
        if best.len() >= SMALL_FRAME {
            out.extend_from_slice(SYNC_BEGIN.as_bytes());
            out.extend_from_slice(best.as_bytes());
            out.extend_from_slice(SYNC_END.as_bytes());
        } else {
            out.extend_from_slice(best.as_bytes());
        }
        // What the terminal shows now, kept in the buffer it already has.
        if let Some(shown) = self.shown.as_mut() {
            shown.content.clone_from_slice(&next.content);
        }
    }
}

/// The links of `next` the terminal does not show as links yet: new ones, ones whose cells
/// changed (writing a cell ends its link), and ones the terminal did not move with a scroll,
/// each written again inside its OSC 8 sequence. A link gone whose cells stayed the same is
/// written again plain.
fn relink(
    before: &Buffer,
    next: &Buffer,
    old: &[LinkSpan],
    new: &[LinkSpan],
    scrolled: Option<Scroll>,
) -> String {
    let moved = |l: &LinkSpan| -> Option<LinkSpan> {
        let Some(s) = scrolled else {
            return Some(l.clone());
        };
        if l.y < s.top || l.y >= s.bottom {
            return Some(l.clone());
        }
        let y = l.y as i32 - s.lines;
        (y >= s.top as i32 && y < s.bottom as i32).then(|| LinkSpan {
            y: y as u16,
            ..l.clone()
        })
    };
    let shown: Vec<LinkSpan> = old.iter().filter_map(moved).collect();
    let same_cells =
        |l: &LinkSpan| (l.x..l.x + l.width).all(|x| before.cell((x, l.y)) == next.cell((x, l.y)));
    let mut q = String::new();
    for l in new {
        if !(shown.contains(l) && same_cells(l)) {
            q.push_str(&link_cells(next, l));
        }
    }
    for l in &shown {
        if !new
            .iter()
            .any(|n| n.y == l.y && n.x < l.x + l.width && l.x < n.x + n.width)
            && same_cells(l)
        {
            q.push_str(&link_cells(
                next,
                &LinkSpan {
                    url: String::new(),
                    ..l.clone()
                },
            ));
        }
    }
    q
}

/// The cells of `l` written again inside its OSC 8 sequence (plain when its address is empty, or
/// not one scholion lets through),
/// ending with the default attributes as every frame does.
fn link_cells(next: &Buffer, l: &LinkSpan) -> String {
    let mut q = String::new();
    let _ = write!(q, "\x1b[{};{}H", l.y + 1, l.x + 1);
    q.push_str(&crate::osc::link_start(&l.url).unwrap_or_else(|| crate::osc::LINK_END.to_string()));
    let mut pen = Pen {
        x: l.x,
        y: l.y,
        placed: true,
        row_known: true,
        fg: Color::Reset,
        bg: Color::Reset,
        modifier: Modifier::empty(),
        attrs_known: true,
        scrolling_row: u16::MAX,
    };
    let mut x = l.x;
    while x < l.x + l.width {
        let Some(cell) = next.cell((x, l.y)) else {
            break;
        };
        set_attrs(&mut pen, cell, &mut q);
        q.push_str(cell.symbol());
        x += cell_width(cell).max(1);
    }
    q.push_str(crate::osc::LINK_END);
    if pen.fg != Color::Reset || pen.bg != Color::Reset || !pen.modifier.is_empty() {
        q.push_str("\x1b[0m");
    }
    q
}

fn valid(s: &Scroll, area: Rect) -> bool {
    s.lines != 0
        && s.top < s.bottom
        && s.bottom <= area.height
        && s.lines.unsigned_abs() < (s.bottom - s.top) as u32
}

/// The scroll region `s` needs (unless the terminal has it already, `region`), and the
/// scroll; with the region the terminal has after it. The region stays set after the frame.
/// Attributes are the default between frames, so the lines the terminal blanks are blank in
/// the default colours.
fn scroll_sequence(
    s: Scroll,
    area: Rect,
    region: Option<(u16, u16)>,
) -> (String, Option<(u16, u16)>) {
    let mut q = String::new();
    let whole = s.top == 0 && s.bottom == area.height;
    let wanted = (!whole).then_some((s.top, s.bottom));
    if wanted != region {
        match wanted {
            Some((top, bottom)) => {
                let _ = write!(q, "\x1b[{};{}r", top + 1, bottom);
            }
            None => q.push_str("\x1b[r"),
        }
    }
    if s.lines > 0 {
        let _ = write!(q, "\x1b[{}S", s.lines);
    } else {
        let _ = write!(q, "\x1b[{}T", -s.lines);
    }
    (q, wanted)
}

/// Move rows `top..bottom` of `buf` as the terminal will on `s`, blanking the rows scrolled in.
fn shift(buf: &mut Buffer, s: Scroll) {
    let w = buf.area.width as usize;
    let (top, bottom) = (s.top as usize, s.bottom as usize);
    let d = s.lines.unsigned_abs() as usize;
    let content = &mut buf.content;
    if s.lines > 0 {
        for row in top..bottom {
            let src = row + d;
            for x in 0..w {
                content[row * w + x] = if src < bottom {
                    content[src * w + x].clone()
                } else {
                    Cell::default()
                };
            }
        }
    } else {
        for row in (top..bottom).rev() {
            for x in 0..w {
                content[row * w + x] = if row >= top + d {
                    content[(row - d) * w + x].clone()
                } else {
                    Cell::default()
                };
            }
        }
    }
}

/// Append to `q` the bytes that turn `shown` into `next` (same size).
///
/// Row by row, whichever is shorter: the cells that differ, or erasing the row and writing
/// what is not blank in it (what a row of new text mostly needs).
fn encode(
    shown: &Buffer,
    next: &Buffer,
    blank: &Buffer,
    fresh: &[(u16, u16, &Cell)],
    region: Option<(u16, u16)>,
    q: &mut String,
) {
    let updates = with_orphans(shown, next, shown.diff(next));
    if updates.is_empty() {
        return;
    }
    // Every frame leaves the default attributes (and the first starts with a reset).
    let mut pen = Pen {
        x: 0,
        y: 0,
        placed: false,
        row_known: false,
        fg: Color::Reset,
        bg: Color::Reset,
        modifier: Modifier::empty(),
        attrs_known: true,
        scrolling_row: region.map_or(next.area.height, |(_, bottom)| bottom) - 1,
    };
    let (mut u, mut f) = (0, 0);
    let w = next.area.width;
    for y in 0..next.area.height {
        let u_end = u + updates[u..].iter().take_while(|c| c.1 == y).count();
        let f_end = f + fresh[f..].iter().take_while(|c| c.1 == y).count();
        if u_end > u {
            // As it is: the changed cells.
            let mut pen_a = pen.clone();
            let mut a = String::new();
            cells(&mut pen_a, &updates[u..u_end], shown, next, w, &mut a);
            // Erased: the part of the row from the first change to the last blanked, then its
            // non-blank cells (what lies outside, a sidebar, stays); worth trying only when the
            // row as it is needs more than its non-blank cells would.
            let mut pen_b = pen.clone();
            let mut b = String::new();
            let (start, end) =
                widen_blank(next, y, updates[u].0, last_cell_end(&updates[u..u_end], w));
            // The row's non-blank cells are in column order: those inside are a slice.
            let row = &fresh[f..f_end];
            let writes =
                &row[row.partition_point(|c| c.0 < start)..row.partition_point(|c| c.0 < end)];
            if a.len() > writes.len() + 8 && erasable(shown, next, y, start, end) {
                place(&mut pen_b, start, y, &mut b);
                set_attrs(&mut pen_b, &Cell::default(), &mut b);
                erase(start, end, w, &mut b);
                cells(&mut pen_b, writes, blank, next, w, &mut b);
            }
            if !b.is_empty() && b.len() < a.len() {
                q.push_str(&b);
                pen = pen_b;
            } else {
                q.push_str(&a);
                pen = pen_a;
            }
        }
        u = u_end;
        f = f_end;
    }
    if pen.attrs_known
        && (pen.fg != Color::Reset || pen.bg != Color::Reset || !pen.modifier.is_empty())
    {
        q.push_str("\x1b[0m");
    }
}

/// `updates` and the cells they orphan: writing over part of a wide character the terminal
/// shows blanks its other half (with whatever attributes the terminal picks), though the
/// frame may not have changed there; that half is written again.
fn with_orphans<'a>(
    shown: &Buffer,
    next: &'a Buffer,
    updates: Vec<(u16, u16, &'a Cell)>,
) -> Vec<(u16, u16, &'a Cell)> {
    let w = next.area.width;
    let mut orphans = Vec::new();
    for &(x, y, cell) in &updates {
        let end = x.saturating_add(cell_width(cell));
        // A wide character starting just before the write, or running past its end.
        if x > 0 && wide_at(shown, x - 1, y) {
            orphans.push((x - 1, y));
        }
        if wide_at(shown, end - 1, y) && end < w {
            orphans.push((end, y));
        }
    }
    // The second half of a wide character of the frame is written with its first.
    orphans.retain(|&(x, y)| {
        let covered = x > 0 && wide_at(next, x - 1, y);
        let listed = updates
            .binary_search_by_key(&(y, x), |&(ux, uy, _)| (uy, ux))
            .is_ok();
        !covered && !listed
    });
    if orphans.is_empty() {
        return updates;
    }
    orphans.sort_unstable_by_key(|&(x, y)| (y, x));
    orphans.dedup();
    let mut all = updates;
    all.extend(orphans.into_iter().map(|(x, y)| (x, y, &next[(x, y)])));
    all.sort_by_key(|&(x, y, _)| (y, x));
    all
}

/// How many columns a cell's character takes: two for a wide one (never a one-byte symbol).
fn cell_width(c: &Cell) -> u16 {
    let s = c.symbol();
    if s.len() > 1 && crate::layout::width(s) > 1 {
        2
    } else {
        1
    }
}

/// Whether cell `(x, y)` of `b` holds a wide character (false past the row's end).
fn wide_at(b: &Buffer, x: u16, y: u16) -> bool {
    x < b.area.width && cell_width(&b[(x, y)]) == 2
}

/// The column after the last of `updates` (one row, in order), wide characters included.
fn last_cell_end(updates: &[(u16, u16, &Cell)], w: u16) -> u16 {
    updates
        .last()
        .map_or(0, |&(x, _, c)| x.saturating_add(cell_width(c)).min(w))
}

/// `start..end` on row `y` widened over the blank cells of `next` on either side: erasing
/// them changes nothing, and the whole row or its end is erased in fewer bytes than a count.
fn widen_blank(next: &Buffer, y: u16, mut start: u16, mut end: u16) -> (u16, u16) {
    let w = next.area.width;
    let row = y as usize * w as usize;
    let blank = |x: u16| next.content[row + x as usize] == Cell::default();
    while start > 0 && blank(start - 1) {
        start -= 1;
    }
    while end < w && blank(end) {
        end += 1;
    }
    (start, end)
}

/// Whether cells `start..end` of row `y` can be erased alone: no wide character on either
/// screen straddles an end (erasing half of one would take the other half with it).
fn erasable(shown: &Buffer, next: &Buffer, y: u16, start: u16, end: u16) -> bool {
    let w = next.area.width;
    let split = |b: &Buffer| {
        (start > 0 && wide_at(b, start - 1, y)) || (end > 0 && end < w && wide_at(b, end - 1, y))
    };
    !split(shown) && !split(next)
}

/// Blank cells `start..end` of the row the cursor is on (at `start`, attributes reset), the
/// cursor staying where it is: the whole row, the rest of it, or so many cells.
fn erase(start: u16, end: u16, w: u16, q: &mut String) {
    if start == 0 && end >= w {
        q.push_str("\x1b[2K");
    } else if end >= w {
        q.push_str("\x1b[K");
    } else {
        let _ = write!(q, "\x1b[{}X", end - start);
    }
}

/// Write the cells `updates` (all on one row, in order) over a row that shows `shown`.
fn cells(
    pen: &mut Pen,
    updates: &[(u16, u16, &Cell)],
    shown: &Buffer,
    next: &Buffer,
    w: u16,
    q: &mut String,
) {
    let mut k = 0;
    while k < updates.len() {
        let (x, y, cell) = updates[k];
        k += 1;
        // A run of blanks is erased rather than printed when that is shorter.
        let run = blank_run(&updates[k - 1..]);
        if run >= MIN_ERASED && erasable(shown, next, y, x, x + run as u16) {
            let last = k - 1 + run == updates.len();
            let cost = 4 + digits(run) + if last { 0 } else { 3 + digits(run) };
            if cost < run {
                place(pen, x, y, q);
                set_attrs(pen, cell, q);
                erase(x, x + run as u16, w, q);
                k += run - 1;
                continue;
            }
        }
        if !(pen.placed && pen.y == y && pen.x == x) {
            // A few unchanged cells before this one on the same row are printed instead of
            // moving over them; so is the margin after a line feed to the next row.
            let along_row = pen.placed && pen.y == y && x > pen.x;
            if !(along_row && reprint(pen, shown, next, y, x, w, q)) {
                move_to(pen, x, y, q);
                if pen.x < x && !reprint(pen, shown, next, y, x, w, q) || !pen.placed {
                    absolute(pen, x, y, q);
                }
            }
        }
        set_attrs(pen, cell, q);
        let symbol = cell.symbol();
        q.push_str(symbol);
        // Terminals do not all agree on the width of wide and combined characters (emoji
        // sequences above all): after one, the next cell is placed explicitly.
        let simple =
            symbol.len() == 1 || crate::layout::width(symbol) == 1 && symbol.chars().count() == 1;
        pen.x = x.saturating_add(1);
        pen.placed = simple && pen.x < w;
        pen.row_known = true;
        pen.y = y;
    }
}

/// The fewest blanks in a row worth erasing instead of printing.
const MIN_ERASED: usize = 6;

/// How many of `updates` from the first are blank cells with no attributes, side by side.
fn blank_run(updates: &[(u16, u16, &Cell)]) -> usize {
    let Some(&(x0, _, _)) = updates.first() else {
        return 0;
    };
    updates
        .iter()
        .enumerate()
        .take_while(|&(i, &(x, _, c))| x as usize == x0 as usize + i && *c == Cell::default())
        .count()
}

fn digits(n: usize) -> usize {
    n.to_string().len()
}

/// Print cells `pen.x..x` of row `y` again, when they are few and plain and already shown:
/// cheaper than moving the cursor over them. Whether it did.
fn reprint(
    pen: &mut Pen,
    shown: &Buffer,
    next: &Buffer,
    y: u16,
    x: u16,
    w: u16,
    q: &mut String,
) -> bool {
    if x - pen.x > GAP_FILL || !plain_run(shown, next, y, pen.x, x, w) {
        return false;
    }
    let row = y as usize * w as usize;
    for gx in pen.x..x {
        let c = &next.content[row + gx as usize];
        set_attrs(pen, c, q);
        q.push_str(c.symbol());
    }
    pen.x = x;
    true
}

/// Whether cells `from..to` of row `y` are plain one-byte characters the terminal already
/// shows, so that printing them again changes nothing.
fn plain_run(shown: &Buffer, next: &Buffer, y: u16, from: u16, to: u16, w: u16) -> bool {
    let row = y as usize * w as usize;
    (from..to).all(|gx| {
        let i = row + gx as usize;
        let c = &next.content[i];
        c.symbol().len() == 1 && c.symbol().is_ascii() && shown.content[i] == *c
    })
}

/// Move towards `(x, y)`: along the row, or to the start of the next row with a line feed
/// (leaving the pen at column 0, short of `x`), or anywhere with a cursor position.
fn move_to(pen: &mut Pen, x: u16, y: u16, q: &mut String) {
    if pen.placed && pen.y == y && x > pen.x {
        let n = x - pen.x;
        if n == 1 {
            q.push_str("\x1b[C");
        } else {
            let _ = write!(q, "\x1b[{n}C");
        }
        pen.x = x;
        return;
    }
    if pen.row_known && y == pen.y + 1 && x <= GAP_FILL && pen.y != pen.scrolling_row {
        q.push_str("\r\n");
        pen.x = 0;
        pen.y = y;
        pen.placed = true;
        return;
    }
    absolute(pen, x, y, q);
}

/// Put the cursor exactly at `(x, y)`, the cheapest way that gets there.
fn place(pen: &mut Pen, x: u16, y: u16, q: &mut String) {
    if pen.placed && pen.y == y && pen.x == x {
        return;
    }
    move_to(pen, x, y, q);
    if pen.x != x || !pen.placed {
        absolute(pen, x, y, q);
    }
}

fn absolute(pen: &mut Pen, x: u16, y: u16, q: &mut String) {
    if x == 0 {
        let _ = write!(q, "\x1b[{}H", y + 1);
    } else {
        let _ = write!(q, "\x1b[{};{}H", y + 1, x + 1);
    }
    pen.x = x;
    pen.y = y;
    pen.placed = true;
    pen.row_known = true;
}

/// Send the attributes of `cell` if the terminal does not have them yet: one SGR sequence,
/// from a reset when anything must be turned off.
fn set_attrs(pen: &mut Pen, cell: &Cell, q: &mut String) {
    if pen.attrs_known && pen.fg == cell.fg && pen.bg == cell.bg && pen.modifier == cell.modifier {
        return;
    }
    let mut params: Vec<String> = Vec::new();
    let removed = !pen.attrs_known
        || !cell.modifier.contains(pen.modifier)
        || (pen.fg != cell.fg && cell.fg == Color::Reset)
        || (pen.bg != cell.bg && cell.bg == Color::Reset);
    let (from_mod, from_fg, from_bg) = if removed {
        params.push("0".into());
        (Modifier::empty(), Color::Reset, Color::Reset)
    } else {
        (pen.modifier, pen.fg, pen.bg)
    };
    let added = cell.modifier - from_mod;
    for (m, code) in [
        (Modifier::BOLD, "1"),
        (Modifier::DIM, "2"),
        (Modifier::ITALIC, "3"),
        (Modifier::UNDERLINED, "4"),
        (Modifier::SLOW_BLINK, "5"),
        (Modifier::RAPID_BLINK, "6"),
        (Modifier::REVERSED, "7"),
        (Modifier::HIDDEN, "8"),
        (Modifier::CROSSED_OUT, "9"),
    ] {
        if added.contains(m) {
            params.push(code.into());
        }
    }
    if cell.fg != from_fg {
        if let Some(p) = color(cell.fg, false) {
            params.push(p);
        }
    }
    if cell.bg != from_bg {
        if let Some(p) = color(cell.bg, true) {
            params.push(p);
        }
    }
    if !params.is_empty() {
        let _ = write!(q, "\x1b[{}m", params.join(";"));
    }
    pen.fg = cell.fg;
    pen.bg = cell.bg;
    pen.modifier = cell.modifier;
    pen.attrs_known = true;
}

/// The SGR parameter of a colour (`None` for the default, which a reset gives).
fn color(c: Color, background: bool) -> Option<String> {
    let base = |n: u8| Some(((if background { n + 10 } else { n }) as u32).to_string());
    match c {
        Color::Reset => None,
        Color::Black => base(30),
        Color::Red => base(31),
        Color::Green => base(32),
        Color::Yellow => base(33),
        Color::Blue => base(34),
        Color::Magenta => base(35),
        Color::Cyan => base(36),
        Color::Gray => base(37),
        Color::DarkGray => base(90),
        Color::LightRed => base(91),
        Color::LightGreen => base(92),
        Color::LightYellow => base(93),
        Color::LightBlue => base(94),
        Color::LightMagenta => base(95),
        Color::LightCyan => base(96),
        Color::White => base(97),
        Color::Indexed(n) => Some(format!("{};5;{n}", if background { 48 } else { 38 })),
        Color::Rgb(r, g, b) => Some(format!(
            "{};2;{r};{g};{b}",
            if background { 48 } else { 38 }
        )),
    }
}
