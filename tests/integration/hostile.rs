//! Hostile articles: whatever a document holds, the bytes scholion sends to the terminal are
//! only its own sequences (SGR, cursor moves, its modes), rendered through the real crossterm
//! backend and read back with a VT parser.

use crate::common;
use crate::corpus;
use common::*;
use corpus::*;
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use scholion::app::{App, Msg};
use scholion::library::Library;
use scholion::model::Article;
use scholion::ui::{self, Look, Theme};

/// Draw `app` through the crossterm backend and return the bytes.
fn bytes_of(app: &App, look: &Look) -> Vec<u8> {
    let (w, h) = app.size();
    let out = Shared::default();
    let backend = CrosstermBackend::new(out.clone());
    let mut t = Terminal::with_options(
        backend,
        TerminalOptions {
            viewport: Viewport::Fixed(Rect::new(0, 0, w, h)),
        },
    )
    .unwrap();
    t.draw(|f| ui::draw(f, app, look)).unwrap();
    let mut bytes = out.0.borrow().clone();
    // And the way the reader itself writes: its renderer, from a blank screen.
    let area = Rect::new(0, 0, w, h);
    let mut buf = ratatui::buffer::Buffer::empty(area);
    ratatui::widgets::Widget::render(ui::Screen { app, look }, area, &mut buf);
    scholion::render::Renderer::new().frame(&buf, None, &mut bytes);
    bytes
}

/// Every screen a reader can bring up on this library, audited.
fn audit_screens(articles: Vec<Article>, what: &str) {
    let looks = [
        Look {
            theme: Theme::ansi(),
            ascii: false,
        },
        Look {
            theme: Theme::mono(),
            ascii: true,
        },
    ];
    for (w, h) in [(120, 40), (80, 24), (40, 12)] {
        let mut app = crate::common::reader(Library::new(articles.clone()), w, h);
        let check = |app: &App, step: &str| {
            for look in &looks {
                let bad = audit(&bytes_of(app, look));
                assert!(bad.is_empty(), "{what} at {w}x{h}, {step}: {bad:?}");
            }
        };
        check(&app, "start");
        for i in 0..30 {
            press(&mut app, "tab");
            check(&app, &format!("tab {i}"));
            if i % 5 == 0 {
                press(&mut app, "enter");
                check(&app, &format!("enter {i}"));
                press(&mut app, "esc ctrl-o");
            }
        }
        for keys in [
            "G",
            "g s",
            "s",
            "o",
            "esc L",
            "esc ?",
            "esc / text:e",
            "enter n",
            "esc ] b",
            "[ b",
            "] ]",
            "[ [",
        ] {
            press(&mut app, keys);
            check(&app, keys);
        }
        app.update(Msg::Resize(w / 2, h / 2));
        check(&app, "resized");
    }
}

/// No escape, C1 CSI, BEL, NUL or bidi override is left in the article's text.
fn assert_no_controls(a: &Article, name: &str) {
    for b in &a.blocks {
        assert!(
            !b.text
                .contains(['\u{1b}', '\u{9b}', '\u{7}', '\u{0}', '\u{202e}']),
            "{name}: {:?}",
            b.text
        );
    }
}

#[test]
fn hostile_markdown_never_reaches_the_terminal() {
    for (name, p) in PAYLOADS {
        let path = format!("evil-{}.md", p);
        let a = scholion::formats::markdown::parse_markdown(&path, &markdown_with(p));
        assert_no_controls(&a, name);
        assert!(!a.path.contains('\u{1b}'));
        audit_screens(vec![a], name);
    }
}

#[test]
fn hostile_jats_never_reaches_the_terminal() {
    for (name, p) in PAYLOADS {
        let a = scholion::formats::jats::parse_jats("evil.xml", &jats_with(p))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_no_controls(&a, name);
        audit_screens(vec![a], name);
    }
}

#[test]
fn a_whole_sequence_becomes_one_placeholder_with_no_tail() {
    let a = scholion::formats::markdown::parse_markdown(
        "t.md",
        "Before \u{1b}]52;c;aGVsbG8=\u{7} after, &#27;[2J and &#x9b;31m.",
    );
    assert_eq!(
        a.blocks[0].text,
        "Before \u{241b} after, \u{241b} and \u{241b}."
    );
}

#[test]
fn bidi_is_dropped_from_prose_and_shown_in_code_and_urls() {
    let a = scholion::formats::markdown::parse_markdown(
        "t.md",
        "Prose \u{202e}abc\u{202c} `code \u{202e}x` [link](https://exa\u{200b}mple.org/\u{202e}gpj.exe)",
    );
    let b = &a.blocks[0];
    assert!(
        b.text.starts_with("Prose abc code <U+202E>x link"),
        "{:?}",
        b.text
    );
    assert_eq!(
        b.links[0].url,
        "https://exa<U+200B>mple.org/<U+202E>gpj.exe"
    );
}

#[test]
fn inspect_output_is_clean_too() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("evil.md");
    let mut all = String::new();
    for (_, payload) in PAYLOADS {
        all.push_str(
            &markdown_with(payload)
                .replace("---\n", "")
                .replace("title:", "x:"),
        );
    }
    std::fs::write(&p, all.replace('\u{0}', "")).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_scholion"))
        .arg("inspect")
        .arg(&p)
        .output()
        .unwrap();
    let bad = audit(&out.stdout);
    assert!(bad.is_empty(), "{bad:?}");
    assert!(audit(&out.stderr).is_empty());
}
