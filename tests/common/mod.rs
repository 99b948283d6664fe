//! Helpers shared by the integration tests.
#![allow(dead_code)]

use scholion::library::Library;
use scholion::model::Article;
use scholion::parse::parse_markdown;

/// Parse a Markdown article written in a test.
pub fn article(path: &str, text: &str) -> Article {
    parse_markdown(path, text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A library of articles written in a test.
pub fn library(docs: &[(&str, &str)]) -> Library {
    Library::new(docs.iter().map(|(p, t)| article(p, t)).collect())
}

/// The bundled library.
pub fn bundled() -> Library {
    Library::new(scholion::load::bundled())
}

/// Index of the article whose path ends with `suffix`.
pub fn find(lib: &Library, suffix: &str) -> usize {
    lib.articles()
        .iter()
        .position(|a| a.path.ends_with(suffix))
        .unwrap_or_else(|| panic!("no article {suffix}"))
}

/// The text of every term occurrence of an article, as matched.
pub fn matched(lib: &Library, a: usize) -> Vec<String> {
    let art = lib.article(a);
    lib.occurrences(a)
        .iter()
        .map(|o| art.blocks[o.block].text[o.range.clone()].to_string())
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
        let text = match (&line.synthetic, line.block) {
            (Some((t, _)), _) => t.clone(),
            (None, Some(b)) => art.blocks[b].text[line.range.clone()].to_string(),
            (None, None) => String::new(),
        };
        let w = width(&line.prefix) + width(&text);
        let lone = text.graphemes(true).count() == 1 && line.prefix.is_empty();
        assert!(
            w <= max || lone,
            "{what} at width {max}: line {i} is {w} wide: {:?}{:?}",
            line.prefix,
            text
        );
    }
    for a in &l.anchors {
        let line = &l.lines[a.line];
        assert_eq!(line.block, Some(a.block), "{what}");
        let text = &art.blocks[a.block].text;
        assert!(
            line.range.start <= a.range.start
                && a.range.start < line.range.end.max(line.range.start + 1)
                && a.range.end <= text.len(),
            "{what}"
        );
        assert_eq!(
            a.col,
            width(&line.prefix) + width(&text[line.range.start..a.range.start]),
            "{what}"
        );
    }
}
