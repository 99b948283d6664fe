//! Layout properties: no line is wider than the width, and every anchor's recorded line and
//! column hold its text, on hard scripts and at odd widths.

use crate::common;
use common::*;
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use scholion::layout::{layout, LayoutOptions};
use scholion::library::Library;
use scholion::ui::{self, Look, Theme};

const GLOSSARY: &str = "## Glossary\n\n漢字 (KJ)\n: Chinese characters.\n\nNaïve cell\n: A cell.\n\nExosomes\n: Vesicles.\n";

fn texts() -> Vec<(&'static str, String)> {
    let long_word: String = "x".repeat(50_000);
    vec![
        ("english", "Exosomes carry cargo [1]. A naïve cell takes up exosomes [2-4] and more exosomes. ".repeat(20)),
        ("cjk", "漢字の研究は長い歴史を持っています。漢字 [3] と KJ は同じです。全角文字は二つの列を占めます。".repeat(15)),
        ("combining", "Cafe\u{301} na\u{ef}ve e\u{301}\u{301}\u{301} Naïve cell [5] combin\u{0327}ing ".repeat(30)),
        ("emoji", "Family 👨‍👩‍👧‍👦 flags 🇫🇷🇯🇵 skin 👍🏽 Exosomes [6] zwj 🧑‍🔬 ".repeat(25)),
        ("long word", format!("Before {long_word} after [7] Exosomes.")),
        ("halfwidth", "ﾃﾞｰﾀ ﾊﾟﾝ Exosomes [8] ".repeat(30)),
        ("nested", "> > - - > 1. quote and list [9] Exosomes\n".repeat(5)),
        ("code", "```\nlet x = \"[10]\"; // 漢字 👨‍👩‍👧\n\tindented\n```\n".to_string()),
    ]
}

fn lib_for(body: &str) -> Library {
    let doc = format!("# Heading [1]\n\n{body}\n\n{GLOSSARY}\n## References\n\n1. Smith, J. A title. J. 1, 2 (2000).\n");
    library(&[("t.md", &doc)])
}

fn check(lib: &Library, width: usize, name: &str) {
    let l = layout(
        lib,
        0,
        width,
        LayoutOptions {
            ascii: false,
            ..Default::default()
        },
    );
    assert_layout_holds(lib.article(0), &l, &format!("{name} at width {width}"));
    assert!(
        !l.anchors.is_empty() || name == "code",
        "{name}: no anchors"
    );
}

#[test]
fn no_line_over_the_width_and_anchors_hold() {
    for (name, body) in texts() {
        let lib = lib_for(&body);
        for width in [2, 3, 7, 17, 40, 80, 121] {
            check(&lib, width, name);
        }
    }
}

/// The anchor's text is what the screen shows at its line and column.
#[test]
fn anchors_are_where_the_screen_shows_them() {
    for (name, body) in texts() {
        let lib = lib_for(&body);
        let mut app = crate::common::reader(lib, 57, 200);
        app.update(scholion::app::Msg::Resize(57, 200));
        let mut t = Terminal::new(TestBackend::new(57, 200)).unwrap();
        let look = Look {
            theme: Theme::ansi(),
            ascii: false,
        };
        t.draw(|f| ui::draw(f, &app, &look)).unwrap();
        let buf = t.backend().buffer();
        let art = app.article();
        for a in &app.layout().anchors {
            if a.line() >= app.top() + app.body_height() {
                break;
            }
            let line = &app.layout().lines[a.line()];
            let end = a.range().end.min(line.range().end);
            let want: String = art.blocks[a.block()].text[a.range().start..end]
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            // Read the cells from the anchor's column (the body has one column of margin).
            let y = (a.line() - app.top()) as u16;
            let mut got = String::new();
            let mut x = 1 + a.col() as u16;
            while got.chars().filter(|c| !c.is_whitespace()).count() < want.chars().count()
                && x < 57
            {
                got.push_str(buf[(x, y)].symbol());
                x += 1;
            }
            let got: String = got.chars().filter(|c| !c.is_whitespace()).collect();
            assert!(
                got.starts_with(&want) || want.starts_with(&got) && !got.is_empty(),
                "{name}: anchor {want:?} shows as {got:?}"
            );
        }
    }
}

/// Random Markdown from a fixed seed: no panic, no line over the width, anchors valid.
#[test]
fn random_markdown() {
    let mut rng = Rng(0x5eed_cafe);
    for round in 0..150 {
        let n = rng.below(200);
        let body: String = (0..n).map(|_| *rng.pick(MARKDOWN_PIECES)).collect();
        let lib = lib_for(&body);
        let width = 2 + rng.below(120);
        check(&lib, width, &format!("round {round}"));
    }
}
