//! The reader walked as a daily reader would, on the bundled articles, in a pseudo-terminal:
//! the `[8]` → reference 101 → cited-by round trip, a group citation's chooser, hint labels,
//! counts, marks, `?`, section motions, and the narrow overlay.

use crate::pty::Pty;

const ESC: &str = "\u{1b}";
const CTRL_O: &str = "\u{f}";

/// Keys typed the moment the first screen shows act on the whole bundled library: `c` five
/// times is the first `[8]`, and Enter reaches the review's reference 101.
#[test]
fn the_eight_to_101_and_cited_by_round_trip() {
    let mut p = Pty::spawn(&[], 120, 40, &[]);
    p.wait_for("Exosomes are small");
    p.send("ccccc\r");
    p.wait_until("reference 101 at the top", |p| {
        p.top_line().starts_with("101. Luga, V. et al.")
    });
    assert!(p.status().contains("reference 101"), "{}", p.status());
    // r: the five places the viewpoint cites it, only by suggestion.
    p.send("r");
    p.wait_for("Reference 101: cited 5 times");
    let list = p.screen();
    assert_eq!(list.matches("[8] · suggested").count(), 5, "{list}");
    assert!(
        list.contains("In Exosomes from cancer and stromal cells"),
        "{list}"
    );
    // The second place: the viewpoint, that [8] focused; Ctrl-o back to reference 101.
    p.send("j\r");
    p.wait_until("at the second [8]", |p| {
        p.status().contains("Cited here: [8]") && p.screen().contains("Cd81")
    });
    p.send(CTRL_O);
    p.wait_until("back at 101", |p| {
        p.top_line().starts_with("101. Luga, V. et al.")
    });
    p.send("q");
    assert_eq!(p.wait_exit(), 0);
}

/// `[9-11]` is three references: Enter lists them, one row each; Esc closes.
#[test]
fn a_group_citation_opens_a_chooser() {
    let mut p = Pty::spawn(&[], 120, 40, &[]);
    p.wait_for("Exosomes are small");
    p.press_until_status("c", "[9-11]", 20);
    p.wait_for("Citation [9-11]");
    p.send("\r");
    p.wait_for("[9-11] — Enter follows, r lists where it is cited");
    let s = p.screen();
    for n in ["9 ", "10 ", "11 "] {
        assert!(
            s.lines()
                .any(|l| l.contains(&format!("│> {n}")) || l.contains(&format!("│  {n}"))),
            "{n}: {s}"
        );
    }
    p.send(ESC);
    p.wait_until("closed", |p| !p.screen().contains("Enter follows, r lists"));
    p.send("q");
    assert_eq!(p.wait_exit(), 0);
}

/// `;` labels what is on screen; typing the label of the first `[8]` follows it.
#[test]
fn hint_labels_follow_what_they_label() {
    let mut p = Pty::spawn(&[], 120, 40, &[]);
    p.wait_for("Exosomes are small");
    let plain = p.settled_screen();
    p.send(";");
    p.wait_for("Type a label to follow it");
    let labelled = p.settled_screen();
    // The first [8] shows its label over its first characters: find which.
    let row = plain.lines().position(|l| l.contains("[8]")).unwrap();
    let col = plain.lines().nth(row).unwrap().find("[8]").unwrap();
    let label: String = labelled.lines().nth(row).unwrap()[col..]
        .chars()
        .take_while(|c| c.is_ascii_lowercase())
        .collect();
    assert!(!label.is_empty(), "{labelled}");
    p.send(&label);
    p.wait_until("the review at 101", |p| {
        p.status().contains("reference 101")
    });
    p.send("q");
    assert_eq!(p.wait_exit(), 0);
}

/// Counts, marks, `?` and the section motions in the review.
#[test]
fn counts_marks_backward_search_and_sections() {
    let mut p = Pty::spawn(&[], 100, 30, &[]);
    p.wait_for("Exosomes are small");
    p.send("]b");
    p.wait_until("the review", |p| {
        p.status().contains("Extracellular vesicles")
    });
    // ]] to the first heading; 2]] two on; [[ back one: the status line names each.
    let lib = crate::common::bundled();
    let review = lib.article(1);
    let titles: Vec<&str> = review
        .sections
        .iter()
        .map(|s| s.title.as_str())
        .filter(|t| !t.is_empty())
        .collect();
    let at = |p: &Pty, t: &str| p.status().starts_with(&format!(" {t} "));
    p.send("]]");
    p.wait_until("the first section", |p| at(p, titles[0]));
    p.send("2]]");
    p.wait_until("two sections on", |p| at(p, titles[2]));
    p.send("[[");
    p.wait_until("one back", |p| at(p, titles[1]));
    // 10j moves ten lines: the line that was 11th is the top.
    let before = p.settled_screen();
    let eleventh = before.lines().nth(10).unwrap().trim().to_string();
    p.send("10j");
    p.wait_until("ten lines down", |p| p.top_line() == eleventh);
    // ma, G, 'a comes back.
    p.send("ma");
    let marked_top = p.top_line();
    p.send("G");
    p.wait_until("the bottom", |p| p.status().contains("Bot"));
    p.send("'a");
    p.wait_until("back at the mark", |p| p.top_line() == marked_top);
    // ?Luga searches backward from the bottom.
    p.send("G?Luga\r");
    p.wait_until("a match above", |p| p.status().contains("/Luga"));
    p.send("q");
    assert_eq!(p.wait_exit(), 0);
}

/// Below 80 columns the references are an overlay: Tab moves the focus under it and Enter
/// follows the focus.
#[test]
fn the_narrow_overlay_moves_and_follows() {
    let mut p = Pty::spawn(&[], 70, 24, &[]);
    p.wait_for("Exosomes are small");
    p.send("s");
    p.wait_for("References — Tab moves, Enter follows, s closes");
    p.press_until_status("c", "[8]", 12);
    p.wait_for("Suggested for 8");
    p.send("\r");
    p.wait_until("the review at 101", |p| {
        p.status().contains("reference 101")
    });
    p.send("q");
    assert_eq!(p.wait_exit(), 0);
}
