//! The byte-saving renderer shows exactly the frame: after every key of a long sequence, its
//! bytes are fed to a terminal emulator and the screen compared with the frame cell by cell
//! (text, colours, attributes), wide characters included — and with what plain ratatui shows.

use crate::common;
use common::*;
use ratatui::backend::CrosstermBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier};
use ratatui::widgets::Widget;
use ratatui::{Terminal, TerminalOptions, Viewport};
use scholion::app::{App, Msg};
use scholion::keymap::Key;
use scholion::library::Library;
use scholion::render::{Renderer, ViewMark};
use scholion::ui::{Look, Screen, Theme};

/// The emulator's colour for a ratatui colour.
fn vt_color(c: Color) -> vt100::Color {
    use vt100::Color::{Default, Idx, Rgb};
    match c {
        Color::Reset => Default,
        Color::Black => Idx(0),
        Color::Red => Idx(1),
        Color::Green => Idx(2),
        Color::Yellow => Idx(3),
        Color::Blue => Idx(4),
        Color::Magenta => Idx(5),
        Color::Cyan => Idx(6),
        Color::Gray => Idx(7),
        Color::DarkGray => Idx(8),
        Color::LightRed => Idx(9),
        Color::LightGreen => Idx(10),
        Color::LightYellow => Idx(11),
        Color::LightBlue => Idx(12),
        Color::LightMagenta => Idx(13),
        Color::LightCyan => Idx(14),
        Color::White => Idx(15),
        Color::Indexed(n) => Idx(n),
        Color::Rgb(r, g, b) => Rgb(r, g, b),
    }
}

/// The first cell where the emulated screen does not show the frame, described.
fn mismatch(p: &vt100::Parser, buf: &Buffer) -> Option<String> {
    let s = p.screen();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            let want = &buf[(x, y)];
            let got = s.cell(y, x)?;
            if got.is_wide_continuation() {
                continue;
            }
            let text = if got.contents().is_empty() {
                " "
            } else {
                got.contents()
            };
            let m = want.modifier;
            let same = text == want.symbol()
                && got.fgcolor() == vt_color(want.fg)
                && got.bgcolor() == vt_color(want.bg)
                && got.bold() == m.contains(Modifier::BOLD)
                && got.italic() == m.contains(Modifier::ITALIC)
                && got.underline() == m.contains(Modifier::UNDERLINED)
                && got.inverse() == m.contains(Modifier::REVERSED);
            if !same {
                return Some(format!(
                    "({x},{y}): shows {text:?} {:?}/{:?} b{} i{} u{} r{}, frame has {:?}",
                    got.fgcolor(),
                    got.bgcolor(),
                    got.bold(),
                    got.italic(),
                    got.underline(),
                    got.inverse(),
                    want
                ));
            }
        }
    }
    None
}

fn library() -> Library {
    let mut articles = scholion::load::bundled();
    // Wide and combining characters whose width the emulator and ratatui agree on. (Emoji
    // joined by ZWJ and halfwidth sound marks are disputed between terminals themselves: no
    // renderer can know where such a line ends on every screen.)
    let wide = "# 漢字 and emoji\n\n".to_string()
        + &"細胞外小胞は細胞間で蛋白質を運ぶ [1]。Exosomes 👍 carry cargo; na\u{ef}ve e\u{301} cells 🧬 データ. ".repeat(40)
        + "\n\n## Glossary\n\nExosomes\n: Vesicles.\n";
    articles.push(scholion::formats::markdown::parse_markdown(
        "wide.md", &wide,
    ));
    Library::new(articles)
}

#[test]
fn the_renderer_shows_what_ratatui_shows() {
    let keys = [
        "j",
        "j",
        "k",
        "space",
        "b",
        "ctrl-d",
        "ctrl-u",
        "G",
        "g",
        "tab",
        "tab",
        "tab",
        "shift-tab",
        "enter",
        "esc",
        "ctrl-o",
        "j",
        "]",
        "b",
        "j",
        "j",
        "j",
        "k",
        "s",
        "j",
        "j",
        "s",
        "h",
        "j",
        "esc",
        "o",
        "j",
        "enter",
        "]",
        "b",
        "]",
        "]",
        "j",
        "j",
        "tab",
        "enter",
        "esc",
        "G",
        "k",
        "k",
        "/",
        "e",
        "enter",
        "n",
        "N",
        "esc",
        "[",
        "b",
        "[",
        "[",
        "L",
        "enter",
    ];
    // The bundled library, and an article whose margin has a note on nearly every line.
    let dense = || {
        let text = crate::generated::generated_dense(40 * 1024);
        Library::new(vec![scholion::formats::markdown::parse_markdown(
            "dense.md", &text,
        )])
    };
    for (w, h, lib) in [
        (80u16, 24u16, library()),
        (120, 40, library()),
        (61, 17, library()),
        (80, 24, dense()),
        (200, 50, dense()),
    ] {
        let mut app = crate::common::reader(lib, w, h);
        let look = Look {
            theme: Theme::ansi(),
            ascii: false,
        };
        let mut ours = vt100::Parser::new(h, w, 0);
        let mut theirs = vt100::Parser::new(h, w, 0);
        let shared = Shared::default();
        let mut plain = Terminal::with_options(
            CrosstermBackend::new(shared.clone()),
            TerminalOptions {
                viewport: Viewport::Fixed(Rect::new(0, 0, w, h)),
            },
        )
        .unwrap();
        let mut renderer = Renderer::new();
        let mut frame = Vec::new();
        let mut ours_bytes = 0usize;
        let mut step = |app: &App, scroll, label: &str| {
            let area = Rect::new(0, 0, w, h);
            let mut buf = Buffer::empty(area);
            Screen { app, look: &look }.render(area, &mut buf);
            frame.clear();
            let links = scholion::ui::links_on_screen(app);
            renderer.frame_with_links(&buf, scroll, &links, &mut frame);
            ours_bytes += frame.len();
            ours.process(&frame);
            plain
                .draw(|f| f.render_widget(Screen { app, look: &look }, f.area()))
                .unwrap();
            theirs.process(&shared.0.borrow_mut().drain(..).collect::<Vec<u8>>());
            // The screen is exactly the frame: every character, colour and attribute.
            if let Some(m) = mismatch(&ours, &buf) {
                panic!("{w}x{h} after {label}: {m}");
            }
            // Plain ratatui may leave a stale attribute on a blank after a wide character
            // (its diff compares only symbols there); where it shows the frame, so do we.
            if mismatch(&theirs, &buf).is_none() {
                let lines = |p: &vt100::Parser| {
                    p.screen()
                        .contents()
                        .lines()
                        .map(|l| l.trim_end().to_string())
                        .collect::<Vec<_>>()
                };
                assert_eq!(lines(&ours), lines(&theirs), "{w}x{h} after {label}");
            }
        };
        step(&app, None, "start");
        for (i, k) in keys.iter().enumerate() {
            let before = ViewMark::of(&app);
            app.update(Msg::Key(Key::parse(k).unwrap()));
            let scroll = before.scroll_to(&ViewMark::of(&app));
            step(&app, scroll, &format!("key {i} {k}"));
        }
        assert!(ours_bytes > 0);
    }
}

#[test]
fn a_one_line_scroll_is_a_terminal_scroll() {
    let mut app = crate::common::reader(library(), 80, 24);
    press(&mut app, "s");
    let look = Look {
        theme: Theme::ansi(),
        ascii: false,
    };
    let mut renderer = Renderer::new();
    let draw = |app: &App, renderer: &mut Renderer, scroll| {
        let area = Rect::new(0, 0, 80, 24);
        let mut buf = Buffer::empty(area);
        Screen { app, look: &look }.render(area, &mut buf);
        let mut out = Vec::new();
        renderer.frame(&buf, scroll, &mut out);
        out
    };
    let first = draw(&app, &mut renderer, None);
    let before = ViewMark::of(&app);
    press(&mut app, "j");
    let scroll = before.scroll_to(&ViewMark::of(&app));
    assert!(scroll.is_some());
    let step = draw(&app, &mut renderer, scroll);
    let text = String::from_utf8_lossy(&step);
    assert!(text.starts_with("\u{1b}[1;23r\u{1b}[1S"), "{text:?}");
    // A line's worth of text and a few sequences, not a screen.
    assert!(
        step.len() < 200,
        "{} bytes for one line (a full screen is {})",
        step.len(),
        first.len()
    );
    // The region stays set: the next line down is the scroll alone, and the line.
    let before = ViewMark::of(&app);
    press(&mut app, "j");
    let scroll = before.scroll_to(&ViewMark::of(&app));
    let step = draw(&app, &mut renderer, scroll);
    let text = String::from_utf8_lossy(&step);
    assert!(text.starts_with("\u{1b}[1S\u{1b}[23;2H"), "{text:?}");
    // Nothing changed, nothing sent.
    assert!(draw(&app, &mut renderer, None).is_empty());
}

/// Random rows of wide characters, words, long blanks and a separator column, changed at
/// random: whatever the renderer erases (a run of blanks, a part of a row, a row) the screen
/// is the frame — no wide character is cut in half by an erase.
#[test]
fn erasing_never_cuts_a_wide_character() {
    let pieces = [
        "漢字",
        "細胞",
        "ab",
        "word ",
        "      ",
        "            ",
        "👍",
        "x",
        "  ",
    ];
    let (w, h) = (40u16, 6u16);
    let area = Rect::new(0, 0, w, h);
    let mut rng = Rng(0xe4a5e);
    let random_frame = |rng: &mut Rng| {
        let mut buf = Buffer::empty(area);
        for y in 0..h {
            let mut x = rng.below(4) as u16;
            while x < 30 {
                let p = *rng.pick(&pieces);
                let style = if rng.below(5) == 0 {
                    ratatui::style::Style::default().fg(Color::Yellow)
                } else {
                    ratatui::style::Style::default()
                };
                let (nx, _) = buf.set_stringn(x, y, p, (30 - x) as usize, style);
                x = nx.max(x + 1);
            }
            // A sidebar: a separator and some text, unchanged or not.
            buf.set_string(
                31,
                y,
                "│",
                ratatui::style::Style::default().fg(Color::DarkGray),
            );
            if rng.below(2) == 0 {
                buf.set_string(33, y, *rng.pick(&pieces), ratatui::style::Style::default());
            }
        }
        buf
    };
    let mut renderer = Renderer::new();
    let mut screen = vt100::Parser::new(h, w, 0);
    let mut erased = 0;
    for step in 0..1000 {
        let buf = random_frame(&mut rng);
        let mut out = Vec::new();
        renderer.frame(&buf, None, &mut out);
        let text = String::from_utf8_lossy(&out);
        erased += usize::from(text.contains('X') || text.contains("\u{1b}[K"));
        screen.process(&out);
        if let Some(m) = mismatch(&screen, &buf) {
            panic!("step {step}: {m}\n{text:?}");
        }
    }
    assert!(erased > 300, "only {erased} frames erased anything");
}

/// The addresses of the OSC 8 links `bytes` open, in order.
fn opened_links(bytes: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(bytes);
    text.split("\x1b]8;;")
        .skip(1)
        .filter_map(|rest| rest.split_once("\x1b\\").map(|(url, _)| url.to_string()))
        .filter(|url| !url.is_empty())
        .collect()
}

#[test]
fn links_are_hyperlinks_sent_once_and_again_only_where_their_cells_are_new() {
    let mut text = String::from("# Links\n\n");
    for i in 0..60 {
        text.push_str(&format!(
            "Line {i} cites doi:10.1000/item{i} and https://example.org/page/{i}.\n\n"
        ));
    }
    let lib = Library::new(vec![scholion::formats::markdown::parse_markdown(
        "links.md", &text,
    )]);
    let mut app = crate::common::reader(lib, 100, 20);
    let look = Look {
        theme: Theme::ansi(),
        ascii: false,
    };
    let mut renderer = Renderer::new();
    let mut emulator = vt100::Parser::new(20, 100, 0);
    let mut draw = |app: &App, scroll| {
        let area = Rect::new(0, 0, 100, 20);
        let mut buf = Buffer::empty(area);
        Screen { app, look: &look }.render(area, &mut buf);
        let links = scholion::ui::links_on_screen(app);
        let mut frame = Vec::new();
        renderer.frame_with_links(&buf, scroll, &links, &mut frame);
        emulator.process(&frame);
        assert_eq!(mismatch(&emulator, &buf), None, "the screen is the frame");
        (frame, links)
    };
    let (first, links) = draw(&app, None);
    let urls: Vec<String> = links.iter().map(|l| l.url.clone()).collect();
    assert!(
        urls.contains(&"https://doi.org/10.1000/item0".to_string()),
        "{urls:?}"
    );
    assert!(
        urls.contains(&"https://example.org/page/0".to_string()),
        "{urls:?}"
    );
    assert_eq!(opened_links(&first), urls, "every link on screen, once");
    // The same frame again: nothing.
    let (again, _) = draw(&app, None);
    assert!(again.is_empty(), "{:?}", String::from_utf8_lossy(&again));
    // Scrolled: the rows the terminal moved keep their links; only the new rows' are sent.
    let mut sent_in_all = 0;
    for _ in 0..6 {
        let before = ViewMark::of(&app);
        app.update(Msg::Key(Key::parse("j").unwrap()));
        let scroll = before.scroll_to(&ViewMark::of(&app));
        let (bytes, links) = draw(&app, scroll);
        let bottom = links.iter().map(|l| l.y).max().unwrap();
        let new_rows: Vec<String> = links
            .iter()
            .filter(|l| l.y == bottom)
            .map(|l| l.url.clone())
            .collect();
        let sent = opened_links(&bytes);
        assert!(
            sent.iter().all(|u| new_rows.contains(u)),
            "{sent:?} vs {new_rows:?}"
        );
        sent_in_all += sent.len();
    }
    // Six rows came in, half of them with two links: not the screen's dozens again and again.
    assert!((2..=12).contains(&sent_in_all), "{sent_in_all}");
}
