//! Helpers shared by the integration tests.
#![allow(dead_code)]

use scholion::formats::markdown::parse_markdown;
use scholion::library::Library;
use scholion::model::Article;

/// Parse a Markdown article written in a test.
pub fn article(path: &str, text: &str) -> Article {
    parse_markdown(path, text)
}

/// A library of articles written in a test.
pub fn library(docs: &[(&str, &str)]) -> Library {
    Library::new(docs.iter().map(|(p, t)| article(p, t)).collect())
}

/// A reader on `lib` with the default keys, at `w`×`h`.
pub fn reader(lib: Library, w: u16, h: u16) -> scholion::app::App {
    reader_with_keys(lib, scholion::keymap::Keymap::default(), w, h)
}

/// A reader on `lib` with the keys of `keymap`, at `w`×`h`.
pub fn reader_with_keys(
    lib: Library,
    keymap: scholion::keymap::Keymap,
    w: u16,
    h: u16,
) -> scholion::app::App {
    let options = scholion::layout::LayoutOptions {
        ascii: false,
        ..Default::default()
    };
    scholion::app::App::new(lib, keymap, options, w, h)
}

/// The bundled library.
pub fn bundled() -> Library {
    Library::new(scholion::load::bundled())
}

/// Index of the article whose path ends with `suffix`.
pub fn find(lib: &Library, suffix: &str) -> usize {
    lib.summaries()
        .iter()
        .position(|a| a.path().ends_with(suffix))
        .unwrap_or_else(|| panic!("no article {suffix}"))
}

/// The text of every term occurrence of an article, as matched.
pub fn matched(lib: &Library, a: usize) -> Vec<String> {
    let art = lib.article(a);
    lib.occurrences(a)
        .iter()
        .map(|o| art.blocks[o.block()].text[o.range()].to_string())
        .collect()
}

/// Send keys to a reader by name, space separated (`j j ctrl-o`); `text:xyz` types each
/// character. Returns the last effect.
pub fn press(app: &mut scholion::app::App, keys: &str) -> scholion::app::Effect {
    use scholion::app::{Effect, Msg};
    use scholion::keymap::Key;
    let mut last = Effect::None;
    for name in keys.split_whitespace() {
        if let Some(text) = name.strip_prefix("text:") {
            for c in text.chars() {
                last = app.update(Msg::Key(Key::parse(&c.to_string()).unwrap()));
            }
            continue;
        }
        let key = Key::parse(name).unwrap_or_else(|| panic!("bad key name {name}"));
        last = app.update(Msg::Key(key));
    }
    last
}

/// Press Tab until the focus is the citation or term written `text`; panics after 200.
pub fn tab_to(app: &mut scholion::app::App, text: &str) {
    for _ in 0..200 {
        press(app, "tab");
        if app.focus_text() == Some(text) {
            return;
        }
    }
    panic!("never reached {text}");
}

/// A writer whose bytes a test can still read after handing it to a terminal backend.
#[derive(Clone, Default)]
pub struct Shared(pub std::rc::Rc<std::cell::RefCell<Vec<u8>>>);

impl std::io::Write for Shared {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The layout keeps its promises: no line wider than the width (at least 2, bar a single
/// grapheme wider than that, which the screen clips), and every anchor's line and column hold
/// its text.
pub fn assert_layout_holds(art: &Article, l: &scholion::layout::Layout, what: &str) {
    use scholion::layout::width;
    use unicode_segmentation::UnicodeSegmentation;
    let max = l.width.max(2);
    for (i, line) in l.lines.iter().enumerate() {
        let prefix = l.prefix(line);
        let text = match (l.synthetic(line), line.block()) {
            (Some((t, _)), _) => t.to_string(),
            (None, Some(b)) => art.blocks[b].text[line.range()].to_string(),
            (None, None) => String::new(),
        };
        let w = width(prefix) + width(&text);
        let lone = text.graphemes(true).count() == 1 && prefix.is_empty();
        assert!(
            w <= max || lone,
            "{what} at width {max}: line {i} is {w} wide: {prefix:?}{text:?}"
        );
    }
    for a in &l.anchors {
        let line = &l.lines[a.line()];
        assert_eq!(line.block(), Some(a.block()), "{what}");
        let text = &art.blocks[a.block()].text;
        let (lr, ar) = (line.range(), a.range());
        assert!(
            lr.start <= ar.start && ar.start < lr.end.max(lr.start + 1) && ar.end <= text.len(),
            "{what}"
        );
        assert_eq!(
            a.col(),
            width(l.prefix(line)) + width(&text[lr.start..ar.start]),
            "{what}"
        );
    }
}

/// A small, fast, seeded generator (xorshift64*), so failures reproduce.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Pieces random Markdown is made of: scripts, inline syntax, block starts, hostile bytes.
pub const MARKDOWN_PIECES: &[&str] = &[
    "word ",
    "Exosomes ",
    "exosomes ",
    "[1] ",
    "[2-5] ",
    "[1,4] ",
    "*em* ",
    "**strong** ",
    "`code` ",
    "漢字 ",
    "👨‍👩‍👧 ",
    "e\u{301} ",
    "\n\n",
    "\n- ",
    "\n> ",
    "\n1. ",
    "\n## ",
    "[link](http://x) ",
    "![i](p.png) ",
    "\t",
    "\u{1b}[31m ",
    "\u{1b}]52;c;eA==\u{7}",
    "\u{9b}2J",
    "&#27;[2J ",
    "\u{202e}",
    "|a|b|\n|-|-|\n",
    "\n```\n",
    "tumour microenvironment ",
    "TME ",
    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
    "Smith et al. [3] ",
    "(EV) ",
    "\nTerm\n: def\n",
    "[^1] ",
    "\u{0}",
    "\r",
    "- [ ] task ",
    "\n# ",
    "naïve cells ",
    "KJ ",
    "\u{200b}",
];

/// The target of citation number `n`, as tests write it.
#[allow(non_snake_case)]
pub fn N(n: u32) -> scholion::model::Target {
    scholion::model::Target::Number(n)
}

/// An article's figures as (label, caption).
pub fn figures(a: &Article) -> Vec<(&str, &str)> {
    a.figures
        .iter()
        .map(|f| (f.label.as_str(), f.caption.as_str()))
        .collect()
}

/// The whole screen of `app` at its size, drawn in the default theme.
pub fn screen(app: &scholion::app::App) -> ratatui::buffer::Buffer {
    use ratatui::widgets::Widget;
    let (w, h) = app.size();
    let area = ratatui::layout::Rect::new(0, 0, w, h);
    let mut buf = ratatui::buffer::Buffer::empty(area);
    let look = scholion::ui::Look {
        theme: scholion::ui::Theme::ansi(),
        ascii: false,
    };
    scholion::ui::Screen { app, look: &look }.render(area, &mut buf);
    buf
}
