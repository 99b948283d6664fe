//! Hint labels: `;` labels every anchor on screen, typing a label follows its anchor.

use crate::common::*;
use crate::generated::generated_dense;
use scholion::app::{App, Overlay};

fn screen_rows(app: &App) -> Vec<String> {
    let buf = screen(app);
    (0..buf.area.height)
        .map(|y| (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect())
        .collect()
}

#[test]
fn typing_a_label_follows_its_anchor() {
    let mut a = reader(bundled(), 120, 40);
    let viewpoint = a.current();
    press(&mut a, ";");
    let labels = a.hint_labels();
    let on_screen = a
        .layout()
        .anchors
        .iter()
        .filter(|x| (a.top()..a.top() + a.body_height()).contains(&x.line()))
        .count();
    assert_eq!(
        labels.len(),
        on_screen,
        "every anchor on screen is labelled"
    );
    assert!(labels.len() > 5);
    for (_, l) in &labels {
        assert!(
            labels
                .iter()
                .filter(|(_, m)| m.starts_with(l.as_str()))
                .count()
                == 1,
            "{l} begins another label"
        );
    }
    // The reader sees each label where its anchor starts.
    let rows = screen_rows(&a);
    for (i, l) in &labels {
        let x = &a.layout().anchors[*i];
        let row: Vec<char> = rows[x.line() - a.top()].chars().collect();
        let at: String = row[1 + x.col()..1 + x.col() + l.len()].iter().collect();
        assert_eq!(&at, l);
    }
    // The first [8]'s label: the review's reference 101.
    let (_, label) = labels
        .iter()
        .find(|(i, _)| {
            let x = &a.layout().anchors[*i];
            &a.article().blocks[x.block()].text[x.range()] == "[8]"
        })
        .unwrap()
        .clone();
    press(&mut a, &format!("text:{label}"));
    assert_ne!(a.current(), viewpoint);
    assert!(a.hint_labels().is_empty(), "the labels are gone");
    assert!(
        a.message().is_some_and(|m| m.contains("reference 101")),
        "{:?}",
        a.message()
    );
}

#[test]
fn many_anchors_get_two_letters_and_esc_puts_them_away() {
    let text = generated_dense(20 * 1024);
    let mut a = reader(library(&[("dense.md", &text)]), 200, 70);
    press(&mut a, ";");
    let labels = a.hint_labels();
    assert!(labels.len() > 26, "{} anchors", labels.len());
    assert!(labels.iter().all(|(_, l)| l.len() == 2));
    // One letter narrows; a label follows a citation of several: the chooser.
    press(&mut a, "a");
    assert_eq!(a.hints_typed(), Some("a"));
    press(&mut a, "esc");
    assert!(a.hint_labels().is_empty());
    assert_eq!(a.overlay(), &Overlay::None);
    assert_eq!(a.focus(), None, "nothing followed");
    // A letter no label begins with puts them away and says so.
    press(&mut a, "; z");
    assert_eq!(a.message(), Some("No label z"));
    assert!(a.hint_labels().is_empty());
    // Two letters: a label's.
    press(&mut a, ";");
    let (i, label) = a.hint_labels()[27].clone();
    let citation = match a.layout().anchors[i].kind() {
        scholion::layout::AnchorKind::Citation(c) => c,
        k => panic!("{k:?}"),
    };
    press(&mut a, &format!("text:{label}"));
    if a.article().citations[citation].targets.len() > 1 {
        assert_eq!(
            a.overlay(),
            &Overlay::Cited {
                citation,
                selected: 0
            }
        );
    } else {
        let t = a.article().citations[citation].targets[0];
        let r = a
            .article()
            .references
            .iter()
            .find(|r| a.article().target_of(r) == t)
            .unwrap();
        assert_eq!(a.mark(), Some(r.block), "followed to its reference");
    }
}

#[test]
fn nothing_to_label_says_so() {
    let mut a = reader(
        library(&[("plain.md", "# Plain\n\nNo anchors at all.\n")]),
        120,
        40,
    );
    press(&mut a, ";");
    assert!(a.hint_labels().is_empty());
    assert_eq!(a.message(), Some("Nothing on screen to follow"));
}
