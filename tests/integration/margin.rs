//! The margin: a reference stands beside the line that cites it and moves with the text, so a
//! one-line scroll writes one line of text and its note; a focused group citation says how
//! many of its references did not fit.

use crate::common::*;
use crate::generated::generated_dense;
use ratatui::buffer::Buffer;
use scholion::app::{App, Note, SLACK};
use scholion::layout::AnchorKind;
use scholion::render::{Renderer, ViewMark};

fn dense(w: u16, h: u16) -> App {
    let text = generated_dense(60 * 1024);
    reader(library(&[("dense.md", &text)]), w, h)
}

fn row_text(buf: &Buffer, y: u16, from: u16) -> String {
    (from..buf.area.width)
        .map(|x| buf[(x, y)].symbol())
        .collect::<String>()
}

/// Every note stands on the line of a citation that cites it, or at most `SLACK` lines below
/// when notes meet; rows only go down.
#[test]
fn a_note_stands_beside_the_line_that_cites_it() {
    let mut a = dense(120, 40);
    press(&mut a, "text:40j");
    let notes = a.margin_notes();
    assert!(notes.len() >= 15, "{} notes on a dense screen", notes.len());
    let anchors = &a.layout().anchors;
    let art = a.article();
    for pair in notes.windows(2) {
        assert!(pair[0].row < pair[1].row, "{pair:?}");
    }
    let mut cited = 0;
    for n in &notes {
        let Note::Cited { citation, target } = &n.note else {
            continue;
        };
        cited += 1;
        assert!(art.citations[*citation].targets.contains(target));
        let line = anchors
            .iter()
            .find(|x| x.kind() == AnchorKind::Citation(*citation))
            .map(|x| x.line())
            .unwrap();
        let row = a.top() + n.row;
        assert!(
            line <= row && row <= line + SLACK,
            "note on line {row}, its citation on line {line}"
        );
    }
    assert!(cited >= 15);
    // What the reader sees: the note's number and first author beside the text.
    let buf = screen(&a);
    let g = a.geometry();
    let side = g.sidebar.expect("the margin is shown").x + 2;
    let first = notes
        .iter()
        .find(|n| matches!(n.note, Note::Cited { .. }))
        .unwrap();
    let Note::Cited { target, .. } = first.note else {
        unreachable!()
    };
    let r = art
        .references
        .iter()
        .find(|r| art.target_of(r) == target)
        .unwrap();
    let shown = row_text(&buf, first.row as u16, side);
    assert!(
        shown.starts_with(&format!("{} {}", r.number, r.surnames[0])),
        "{shown:?}"
    );
}

/// A reference cited again a few lines on gets no second note, while the first is in view.
#[test]
fn a_reference_is_noted_once_per_screen() {
    let mut a = dense(120, 40);
    press(&mut a, "text:200j");
    let mut seen = std::collections::HashSet::new();
    for n in a.margin_notes() {
        if let Note::Cited { target, .. } = n.note {
            assert!(seen.insert(target), "noted twice: {target:?}");
        }
    }
}

/// At 80×24 a dense screen has more references than rows: what did not fit is counted.
#[test]
fn notes_that_do_not_fit_say_how_many() {
    let mut a = dense(80, 24);
    let mut more = 0;
    for _ in 0..40 {
        press(&mut a, "text:10j");
        more += a
            .margin_notes()
            .iter()
            .filter_map(|n| match n.note {
                Note::More(k) => Some(k),
                _ => None,
            })
            .sum::<usize>();
    }
    assert!(more > 0, "a dense article at 80x24 never said +N more");
    let buf = screen(&a);
    let side = a.geometry().sidebar.unwrap().x + 2;
    let text: Vec<String> = (0..23).map(|y| row_text(&buf, y, side)).collect();
    assert!(
        a.margin_notes().iter().all(|n| match n.note {
            Note::More(k) => text[n.row].starts_with(&format!("+{k} more")),
            _ => true,
        }),
        "{text:#?}"
    );
}

/// One line down: the margin moves with the text, row for row, nearly always — the scroll
/// writes only the new line and its note.
#[test]
fn the_margin_moves_with_the_text() {
    for (w, h) in [(80u16, 24u16), (200, 50)] {
        let mut a = dense(w, h);
        let side = a.geometry().sidebar.unwrap().x;
        let mut moved = 0;
        let steps = 300;
        let mut before = screen(&a);
        for _ in 0..steps {
            press(&mut a, "j");
            let after = screen(&a);
            let same =
                (0..h - 2).all(|y| row_text(&before, y + 1, side) == row_text(&after, y, side));
            moved += same as usize;
            before = after;
        }
        assert!(
            moved * 100 >= steps * 95,
            "{w}x{h}: the margin moved with the text on {moved} of {steps} lines"
        );
    }
}

/// What the terminal is sent for one line down with the margin shown: the terminal scrolls
/// body and margin as one region, and what is written is the line scrolled in — its text and
/// its note — and little else, never a rewritten margin column.
#[test]
fn a_scroll_with_the_margin_writes_the_new_line_and_little_else() {
    for (w, h) in [(80u16, 24u16), (200, 50)] {
        let mut a = dense(w, h);
        let mut r = Renderer::new();
        let mut out = Vec::new();
        r.frame(&screen(&a), None, &mut out);
        let (mut sent, mut new_text) = (0, 0);
        let steps = 200;
        for _ in 0..steps {
            let mark = ViewMark::of(&a);
            press(&mut a, "j");
            let scroll = mark.scroll_to(&ViewMark::of(&a));
            let buf = screen(&a);
            let mut out = Vec::new();
            r.frame(&buf, scroll, &mut out);
            sent += out.len();
            // The line scrolled in, text and note, without the blanks around them.
            new_text += row_text(&buf, h - 2, 0)
                .split_whitespace()
                .map(|word| word.len() + 1)
                .sum::<usize>();
        }
        assert!(
            new_text > steps * 20,
            "{w}x{h}: {new_text} bytes of new lines"
        );
        // The scroll, the status line and colours cost about 80 bytes a line.
        assert!(
            sent <= new_text * 12 / 10 + steps * 80,
            "{w}x{h}: {sent} bytes sent for {new_text} bytes of new lines"
        );
    }
}

/// A group citation focused: its references take the margin's top, and those that do not fit
/// are counted, with the key that lists them all.
#[test]
fn a_focused_group_citation_counts_what_did_not_fit() {
    let text = format!(
        "---\ntitle: Groups\n---\n\nVesicles carry cargo between cells [1-12].\n\n## References\n\n{}",
        (1..=12)
            .map(|i| format!("{i}. Author{i} A, Other B. A long title of study number {i} on vesicles and cargo. J Vesicle Res. 2010;{i}:1-9.\n"))
            .collect::<String>()
    );
    let mut a = reader(library(&[("groups.md", &text)]), 100, 24);
    tab_to(&mut a, "[1-12]");
    let buf = screen(&a);
    let side = a.geometry().sidebar.unwrap().x + 2;
    let text: Vec<String> = (0..23).map(|y| row_text(&buf, y, side)).collect();
    assert!(text[0].starts_with("Citation [1-12]"), "{text:#?}");
    assert!(text.iter().any(|l| l.contains("1. Author1")), "{text:#?}");
    let more = text
        .iter()
        .find_map(|l| l.trim().strip_prefix('+'))
        .unwrap_or_else(|| panic!("no +N more: {text:#?}"));
    let n: usize = more.split(' ').next().unwrap().parse().unwrap();
    let shown = (1..=12)
        .filter(|i| {
            text.iter()
                .any(|l| l.starts_with(&format!("{i}. Author{i} ")))
        })
        .count();
    assert!(n > 0 && n + shown >= 12, "+{n} more with {shown} shown");
    assert!(more.contains("Enter lists them all"), "{more}");
}
