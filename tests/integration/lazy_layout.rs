//! A resize of a large article lays out what is on screen first: the screen is the one the
//! whole layout gives, and the rest is laid out before anything else happens.

use crate::common;
use common::*;
use scholion::app::{App, Msg, LAZY_RELAYOUT_BYTES};

/// An article of about `bytes` bytes: paragraphs with citations and a glossary term.
fn big_article(bytes: usize) -> String {
    let mut s = String::from("---\ntitle: A large article\n---\n\n");
    let mut k = 0;
    while s.len() < bytes {
        k += 1;
        s.push_str(&format!("## Part {k}\n\n"));
        for p in 0..5 {
            s.push_str(&format!(
                "Paragraph {k}.{p} on exosomes and vesicles in tumour cells [{}], with \
                 enough words to wrap differently at every width we try here [{}-{}]. \
                 The cargo of exosomes is taken up by the niche.\n\n",
                k % 7 + 1,
                p + 1,
                p + 3
            ));
        }
    }
    s.push_str("## Glossary\n\nExosomes\n: Small vesicles.\n");
    s
}

fn reader(w: u16, h: u16) -> App {
    let text = big_article(LAZY_RELAYOUT_BYTES * 3);
    let lib = library(&[("big.md", &text)]);
    crate::common::reader(lib, w, h)
}

/// The text column's rows (the status line shows a percentage that is estimated while the
/// layout is partial, and the margin's notes are placed from a screen above the view, which
/// a partial layout does not have).
fn body_rows(app: &App) -> Vec<String> {
    let buf = screen(app);
    let text_w = app.geometry().body.width;
    (0..buf.area.height - 1)
        .map(|y| {
            (0..text_w)
                .map(|x| buf[(x, y)].symbol())
                .collect::<String>()
        })
        .collect()
}

#[test]
fn a_resize_shows_the_visible_part_first_and_the_same_screen() {
    let mut a = reader(120, 40);
    press(
        &mut a,
        "space space space space space space space space space j j j",
    );
    tab_to(&mut a, "exosomes");
    let focused = a.focus_text().map(str::to_string);
    let full_lines = a.layout().lines.len();

    a.update(Msg::Resize(90, 30));
    assert!(a.layout_partial(), "only the visible part is laid out");
    assert!(
        a.layout().lines.len() * 20 < full_lines,
        "{} lines laid out of about {full_lines}",
        a.layout().lines.len()
    );
    assert_layout_holds(a.article(), a.layout(), "partial layout");
    assert_eq!(a.focus_text().map(str::to_string), focused);
    let partial_screen = body_rows(&a);
    let partial_place = a.location();

    a.update(Msg::FinishLayout);
    assert!(!a.layout_partial());
    assert_layout_holds(a.article(), a.layout(), "whole layout");
    assert_eq!(
        body_rows(&a),
        partial_screen,
        "the same screen, laid out whole"
    );
    assert_eq!(a.location(), partial_place);
    assert_eq!(a.focus_text().map(str::to_string), focused);

    // The same screen as a reader that was always this size, at that place.
    let mut fresh = reader(90, 30);
    fresh.update(Msg::Resize(90, 30));
    let top = a.layout().lines[a.top()];
    while fresh.layout().lines[fresh.top()] != top {
        assert!(fresh.percent() < 100, "never reached the line");
        press(&mut fresh, "j");
    }
    assert_eq!(body_rows(&fresh)[..5], partial_screen[..5]);
}

#[test]
fn any_key_after_a_resize_sees_the_whole_layout() {
    let mut a = reader(120, 40);
    press(&mut a, "space space");
    a.update(Msg::Resize(100, 40));
    assert!(a.layout_partial());
    press(&mut a, "G");
    assert!(!a.layout_partial());
    assert_eq!(a.top(), a.layout().lines.len() - a.body_height());
    assert_eq!(a.percent(), 100);
    // From the top of the article too, and a resize back to the old width.
    press(&mut a, "g");
    a.update(Msg::Resize(120, 40));
    assert!(a.layout_partial());
    assert_eq!(a.top(), 0);
    assert_eq!(a.location().top, None, "still the very top");
    press(&mut a, "j");
    assert_eq!(a.top(), 1);
}

#[test]
fn a_small_article_is_laid_out_whole_at_once() {
    let mut a = crate::common::reader(bundled(), 120, 40);
    a.update(Msg::Resize(90, 30));
    assert!(!a.layout_partial());
}
