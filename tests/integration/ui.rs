//! Screens as a reader sees them, drawn into ratatui's TestBackend.

use crate::common;
use common::*;
use ratatui::backend::TestBackend;
use ratatui::style::{Color, Modifier};
use ratatui::Terminal;
use scholion::app::App;
use scholion::keymap::Keymap;
use scholion::layout::LayoutOptions;
use scholion::ui::{self, Look, Theme};

fn app(w: u16, h: u16) -> App {
    crate::common::reader(bundled(), w, h)
}

fn draw(app: &App, look: &Look) -> Terminal<TestBackend> {
    let (w, h) = app.size();
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| ui::draw(f, app, look)).unwrap();
    t
}

fn look() -> Look {
    Look {
        theme: Theme::ansi(),
        ascii: false,
    }
}

/// The screen's text, row by row.
fn rows(t: &Terminal<TestBackend>) -> Vec<String> {
    let buf = t.backend().buffer();
    (0..buf.area.height)
        .map(|y| {
            (0..buf.area.width)
                .map(|x| buf[(x, y)].symbol().to_string())
                .collect::<String>()
        })
        .collect()
}

#[test]
fn viewpoint_at_120x40() {
    let a = app(120, 40);
    insta::assert_snapshot!(draw(&a, &look()).backend());
}

#[test]
fn focused_citation_at_80x24() {
    let mut a = app(80, 24);
    tab_to(&mut a, "[8]");
    let t = draw(&a, &look());
    let screen = rows(&t).join("\n");
    assert!(screen.contains("8 — not in this"), "{screen}");
    assert!(screen.contains("101. Luga, V."), "{screen}");
    insta::assert_snapshot!(t.backend());
}

#[test]
fn glossary_popup_at_80x24() {
    let mut a = app(80, 24);
    tab_to(&mut a, "premetastatic niche");
    press(&mut a, "enter");
    let t = draw(&a, &look());
    let screen = rows(&t).join("\n");
    assert!(screen.contains("Pre-metastatic niche"));
    assert!(screen.contains("Defined in Extracellular vesicles in cancer"));
    insta::assert_snapshot!(t.backend());
}

#[test]
fn help_at_120x40() {
    let mut a = app(120, 40);
    press(&mut a, "h");
    let t = draw(&a, &look());
    // Every binding is listed, on the first screen or further down the help.
    let mut screen = rows(&t).join("\n");
    for _ in 0..3 {
        press(&mut a, "pgdn");
        screen.push_str(&rows(&draw(&a, &look())).join("\n"));
    }
    for a in scholion::keymap::Action::ALL {
        // The first words of each description (the rest may wrap).
        let start: String = a
            .description()
            .split(' ')
            .take(3)
            .collect::<Vec<_>>()
            .join(" ");
        assert!(screen.contains(&start), "help lacks {a:?}");
    }
    insta::assert_snapshot!(t.backend());
}

#[test]
fn review_references_at_120x40() {
    let mut a = app(120, 40);
    tab_to(&mut a, "[8]");
    press(&mut a, "enter");
    insta::assert_snapshot!(draw(&a, &look()).backend());
}

#[test]
fn narrow_sidebar_overlay_at_60x20() {
    let mut a = app(60, 20);
    tab_to(&mut a, "[8]");
    let t = draw(&a, &look());
    assert!(
        !rows(&t).join("\n").contains("not in this"),
        "no sidebar pane below 80 columns"
    );
    press(&mut a, "s");
    let t = draw(&a, &look());
    assert!(rows(&t).join("\n").contains("not in this"));
    insta::assert_snapshot!(t.backend());
}

#[test]
fn too_small() {
    let a = app(19, 5);
    let t = draw(&a, &look());
    let screen = rows(&t).join("\n");
    assert!(screen.contains("Terminal too"), "{screen}");
    insta::assert_snapshot!(t.backend());
    for (w, h) in [(1, 1), (0, 0), (1, 30), (200, 1), (20, 6)] {
        let mut a = app(w, h);
        press(&mut a, "tab enter ? esc");
        draw(&a, &look());
    }
}

#[test]
fn citations_and_terms_are_marked_without_a_cursor() {
    let a = app(120, 40);
    let t = draw(&a, &look());
    let buf = t.backend().buffer();
    let r = rows(&t);
    let (y, line) = r
        .iter()
        .enumerate()
        .find(|(_, l)| l.contains("[1-3]"))
        .unwrap();
    let x = line[..line.find("[1-3]").unwrap()].chars().count() as u16;
    assert!(buf[(x, y as u16)].modifier.contains(Modifier::UNDERLINED));
    let x = line[..line.find("Exosomes").unwrap()].chars().count() as u16;
    let (_, term_line) = r
        .iter()
        .enumerate()
        .find(|(_, l)| l.contains("Exosomes are small"))
        .unwrap();
    let _ = term_line;
    let y2 = r
        .iter()
        .position(|l| l.contains("Exosomes are small"))
        .unwrap() as u16;
    assert!(
        buf[(1, y2)].modifier.contains(Modifier::UNDERLINED),
        "term not marked"
    );
    let _ = x;
    // Plain text is not.
    let plain = line
        .find("membrane")
        .map(|i| line[..i].chars().count() as u16);
    if let Some(px) = plain {
        assert!(!buf[(px, y as u16)].modifier.contains(Modifier::UNDERLINED));
    }
}

#[test]
fn mono_theme_uses_no_colour() {
    let mut a = app(120, 40);
    tab_to(&mut a, "[8]");
    let t = draw(
        &a,
        &Look {
            theme: Theme::mono(),
            ascii: false,
        },
    );
    let buf = t.backend().buffer();
    for cell in buf.content() {
        assert_eq!(cell.fg, Color::Reset);
        assert_eq!(cell.bg, Color::Reset);
    }
    // Focus still shows, by reverse video.
    assert!(buf
        .content()
        .iter()
        .any(|c| c.modifier.contains(Modifier::REVERSED) && c.symbol() == "8"));
}

#[test]
fn ascii_look_draws_only_ascii_outside_the_text() {
    let mut a = App::new(
        bundled(),
        Keymap::default(),
        LayoutOptions {
            ascii: true,
            ..Default::default()
        },
        120,
        40,
    );
    press(&mut a, "h");
    let t = draw(
        &a,
        &Look {
            theme: Theme::ansi(),
            ascii: true,
        },
    );
    let screen = rows(&t).join("\n");
    for c in [
        '│', '─', '┌', '┐', '└', '┘', '•', '█', '·', '●', '↑', '↓', '←', '→', '×',
    ] {
        assert!(!screen.contains(c), "{c} in an ASCII screen");
    }
}

#[test]
fn a_screen_of_another_size_than_the_app_thinks_is_drawn_safely() {
    // Between a resize and the event that reports it, the app's size and the terminal's
    // differ: drawing must stay inside the buffer whatever the two are.
    let sizes = [
        (0, 0),
        (1, 1),
        (5, 3),
        (20, 6),
        (40, 10),
        (80, 24),
        (120, 40),
        (200, 60),
    ];
    for &(aw, ah) in &sizes {
        let mut a = app(aw, ah);
        tab_to(&mut a, "[8]");
        for overlay in ["", "h", "o", "L", "enter"] {
            if !overlay.is_empty() {
                press(&mut a, overlay);
            }
            for &(bw, bh) in &sizes {
                let mut t = Terminal::new(TestBackend::new(bw, bh)).unwrap();
                t.draw(|f| ui::draw(f, &a, &look())).unwrap();
            }
            press(&mut a, "esc");
        }
    }
}

#[test]
fn glossary_popup_stays_inside_the_body_when_its_term_is_off_screen() {
    // The popup opens under its term; a resize that leaves the term below the body must not
    // place the popup there.
    let mut a = app(120, 40);
    tab_to(&mut a, "premetastatic niche");
    let anchor = &a.layout().anchors[a.focus().unwrap()];
    let row = (anchor.line() - a.top()) as u16;
    assert!(
        row > 12,
        "the term is far enough down for the test: row {row}"
    );
    press(&mut a, "enter");
    assert!(matches!(
        a.overlay(),
        scholion::app::Overlay::Glossary { .. }
    ));
    for h in [8u16, 10, 12] {
        a.update(scholion::app::Msg::Resize(120, h));
        let anchor = &a.layout().anchors[a.focus().unwrap()];
        assert!(
            anchor.line() - a.top() >= a.body_height(),
            "term off screen at {h}"
        );
        let screen = rows(&draw(&a, &look())).join("\n");
        assert!(
            screen.contains("Pre-metastatic niche"),
            "popup not drawn at height {h}:\n{screen}"
        );
    }
}

#[test]
fn a_table_and_its_bullets_are_drawn_in_the_look_s_character_set() {
    // Cells and list markers are data in the model; the glyphs are chosen when drawing.
    let doc =
        "# T\n\n| name | value |\n|---|---|\n| alpha | 1 |\n\n- item\n  - nested\n- [x] done\n";
    let lib = || library(&[("t.md", doc)]);
    let art = lib().article(0).clone();
    let row = art
        .blocks
        .iter()
        .find(|b| b.text.starts_with("alpha"))
        .unwrap();
    let scholion::model::BlockKind::TableRow { cells, .. } = &row.kind else {
        panic!("not a table row: {:?}", row.kind);
    };
    let texts: Vec<&str> = cells.iter().map(|r| &row.text[r.clone()]).collect();
    assert_eq!(texts, ["alpha", "1"]);
    for ascii in [true, false] {
        let a = App::new(
            lib(),
            Keymap::default(),
            LayoutOptions {
                ascii,
                ..Default::default()
            },
            80,
            24,
        );
        let screen = rows(&draw(
            &a,
            &Look {
                theme: Theme::ansi(),
                ascii,
            },
        ))
        .join("\n");
        let (sep, bullets) = if ascii {
            ("alpha | 1", ["* item", "- nested", "[x] done"])
        } else {
            ("alpha │ 1", ["• item", "◦ nested", "[x] done"])
        };
        assert!(screen.contains(sep), "{screen}");
        for b in bullets {
            assert!(screen.contains(b), "{b:?} not in\n{screen}");
        }
    }
}

#[test]
fn the_status_line_puts_the_section_and_the_position_first() {
    let status = |a: &App| rows(&draw(a, &look())).last().unwrap().clone();
    // The top of the viewpoint, which is longer than a screen: `Top`, not a percentage.
    let mut a = app(120, 40);
    let s = status(&a);
    assert!(s.starts_with(" Top"), "{s:?}");
    press(&mut a, "G");
    let s = status(&a);
    assert!(s.contains("Bot"), "{s:?}");
    // In the middle of the review: its section, then how much is above the bottom line.
    press(&mut a, "] b text:120j");
    let s = status(&a);
    let section = a.current_section().unwrap().to_string();
    let percent = format!("{}%", a.percent());
    let (at_section, at_percent) = (s.find(&section).unwrap(), s.find(&percent).unwrap());
    assert!(at_section < at_percent, "{s:?}");
    // A message never hides the section.
    press(&mut a, "z");
    let s = status(&a);
    assert!(s.contains("is not bound to anything"), "{s:?}");
    assert!(s.contains(&section), "{s:?}");
    // On a narrow screen the title is what is cut.
    let mut narrow = app(60, 20);
    press(&mut narrow, "] b text:120j");
    let s = status(&narrow);
    assert!(s.contains(narrow.current_section().unwrap()), "{s:?}");
    assert!(!s.contains("Extracellular vesicles in cancer"), "{s:?}");
}

#[test]
fn while_the_rest_is_read_a_missing_number_is_waited_for_not_declared_missing() {
    let mut a = app(120, 40);
    a.set_reading_rest(true);
    tab_to(&mut a, "[8]");
    let screen = rows(&draw(&a, &look())).join("\n");
    assert!(screen.contains("reading the reference list"), "{screen}");
    assert!(!screen.contains("not in this article's"), "{screen}");
    // Once the whole library is in, a number the list lacks is said to be missing.
    let lib = bundled();
    a.replace_library(lib);
    let screen = rows(&draw(&a, &look())).join("\n");
    assert!(screen.contains("not in this article's"), "{screen}");
    assert!(!screen.contains("reading the reference list"), "{screen}");
}
