//! Property tests from fixed seeds: random Markdown and JATS with hostile pieces, random key
//! sequences and sizes. Nothing panics, the view stays inside the article, every anchor's
//! recorded place holds its text, and no drawn line is wider than the screen.

use crate::common;
use crate::corpus;
use common::*;
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use scholion::app::{App, Msg};
use scholion::keymap::{Key, KeyCode, Keymap};
use scholion::layout::{LayoutOptions, TermMarking};
use scholion::library::Library;
use scholion::ui::{self, Look, Theme};

fn random_markdown(rng: &mut Rng) -> String {
    let n = rng.below(300);
    let mut s: String = (0..n).map(|_| *rng.pick(MARKDOWN_PIECES)).collect();
    s.push_str("\n\n## Glossary\n\nExosomes\n: Vesicles.\n\nTumour microenvironment (TME)\n: Around.\n\n## References\n\n1. Smith, J. One. J. 1, 2 (2000).\n2. Jones, K. Two. J. 3, 4 (2001).\n");
    s
}

fn random_key(rng: &mut Rng) -> Key {
    let names = [
        "j",
        "k",
        "down",
        "up",
        "space",
        "b",
        "pgdn",
        "pgup",
        "ctrl-d",
        "ctrl-u",
        "g",
        "G",
        "home",
        "end",
        "tab",
        "shift-tab",
        "enter",
        "ctrl-o",
        "backspace",
        "left",
        "right",
        "/",
        "n",
        "N",
        "o",
        "L",
        "[",
        "]",
        "b",
        "s",
        "?",
        "esc",
        "x",
        "e",
        "1",
        "ctrl-c",
        "q",
    ];
    let name = *rng.pick(&names);
    if name == "q" || name == "ctrl-c" {
        // Quitting ends nothing in a pure update; type a letter instead half the time.
        return Key::plain(KeyCode::Char('q'));
    }
    Key::parse(name).unwrap()
}

fn check(app: &App, step: &str) {
    let h = app.body_height();
    let lines = app.layout().lines.len();
    assert!(
        app.top() <= lines.saturating_sub(h),
        "{step}: top {} past the end ({lines} lines, {h} rows)",
        app.top()
    );
    if let Some(f) = app.focus() {
        assert!(
            f < app.layout().anchors.len(),
            "{step}: focus {f} out of range"
        );
    }
    assert_layout_holds(app.article(), app.layout(), step);
}

#[test]
fn random_documents_and_key_sequences() {
    let mut rng = Rng(0x5c0_110_u64 | 1);
    let look = Look {
        theme: Theme::ansi(),
        ascii: false,
    };
    for round in 0..60 {
        let docs: Vec<_> = (0..1 + rng.below(3))
            .map(|i| {
                let md = random_markdown(&mut rng);
                if i == 1 {
                    let jats = corpus::jats_with(
                        &md.chars()
                            .filter(|c| !c.is_control())
                            .take(400)
                            .collect::<String>(),
                    );
                    scholion::formats::jats::parse_jats("r.xml", &jats).unwrap()
                } else {
                    scholion::formats::markdown::parse_markdown("r.md", &md)
                }
            })
            .collect();
        let (mut w, mut h) = (20 + rng.below(180) as u16, 6 + rng.below(60) as u16);
        let mut app = App::new(
            Library::new(docs),
            Keymap::default(),
            LayoutOptions {
                ascii: rng.below(2) == 0,
                terms: *rng.pick(&[TermMarking::First, TermMarking::All, TermMarking::Off]),
            },
            w,
            h,
        );
        for step in 0..120 {
            if rng.below(10) == 0 {
                w = rng.below(220) as u16;
                h = rng.below(70) as u16;
                app.update(Msg::Resize(w, h));
            } else {
                let key = random_key(&mut rng);
                app.update(Msg::Key(key));
            }
            let what = format!("round {round} step {step} at {w}x{h}");
            check(&app, &what);
            if step % 10 == 0 && w > 0 && h > 0 {
                let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
                t.draw(|f| ui::draw(f, &app, &look)).unwrap();
            }
        }
    }
}

/// A long article is parsed in pieces; wherever the cuts fall, the article is the one the
/// whole text parses to.
#[test]
fn parsing_in_pieces_gives_the_article_of_the_whole() {
    let more = [
        "\n~~~\n",
        "\n```x`y\n",
        "\n    code\n",
        "\nTerm\n\n: def\n",
        "\n<div>\n",
        "\n[a]: http://x\n",
        "\nLine\n===\n",
        "\n\nStarts a paragraph ",
        "\n####### seven ",
    ];
    let mut rng = Rng(61);
    let mut cut = 0;
    for case in 0..600 {
        let mut text = random_markdown(&mut rng);
        for _ in 0..rng.below(6) {
            let at = rng.below(text.len());
            if text.is_char_boundary(at) {
                let piece: &&str = rng.pick(&more);
                text.insert_str(at, piece);
            }
        }
        if case % 2 == 0 {
            // Footnotes, link definitions, HTML and bare carriage returns keep a text whole;
            // half the documents have none, so they are cut.
            for (from, to) in [("[^1]", "[1]"), ("]:", "]"), ("<", "("), ("\r", "")] {
                text = text.replace(from, to);
            }
        }
        let whole = scholion::formats::markdown::parse_markdown_pieces("r.md", &text, usize::MAX);
        let pieces = scholion::formats::markdown::parse_markdown_pieces("r.md", &text, 1);
        assert_eq!(whole, pieces, "case {case}:\n{text}");
        cut += usize::from(whole.blocks.len() > 1);
    }
    for path in [
        "assets/articles/exosomes-stromal-cells-viewpoint.md",
        "assets/articles/extracellular-vesicles-in-cancer-review.md",
    ] {
        let text = std::fs::read_to_string(path).unwrap();
        let whole = scholion::formats::markdown::parse_markdown_pieces(path, &text, usize::MAX);
        let pieces = scholion::formats::markdown::parse_markdown_pieces(path, &text, 1);
        assert_eq!(whole, pieces, "{path}");
    }
    assert!(cut > 100, "only {cut} documents had more than one block");
}
