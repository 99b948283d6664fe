//! Property tests from fixed seeds: random Markdown and JATS with hostile pieces, random key
//! sequences and sizes. Nothing panics, the view stays inside the article, every anchor's
//! recorded place holds its text, and no drawn line is wider than the screen.

mod common;
use common::*;
mod corpus;
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use scholion::app::{App, Msg};
use scholion::keymap::{Key, KeyCode, Keymap};
use scholion::layout::LayoutOptions;
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
                    scholion::jats::parse_jats("r.xml", &jats).unwrap()
                } else {
                    scholion::parse::parse_markdown("r.md", &md).unwrap()
                }
            })
            .collect();
        let (mut w, mut h) = (20 + rng.below(180) as u16, 6 + rng.below(60) as u16);
        let mut app = App::new(
            Library::new(docs),
            Keymap::default(),
            LayoutOptions {
                ascii: rng.below(2) == 0,
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
