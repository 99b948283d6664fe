//! Where a citation leads and where a reference is cited: the chooser of a group citation,
//! and the list of every place that cites a reference, in the article and across the library.

use crate::common::*;
use scholion::app::{App, Overlay};

fn top_block(app: &App) -> Option<usize> {
    app.layout().position_of(app.top()).map(|(b, _)| b)
}

/// An article citing `[1-5]` once, reference 3 alone twice, with five numbered entries.
fn grouped() -> String {
    let mut s = String::from(
        "---\ntitle: Groups\n---\n\nVesicles carry cargo between cells [1-5]. Uptake was shown \
         in fibroblasts [3].\n\n## Results\n\nLater work agreed [3].\n\n## References\n\n",
    );
    for i in 1..=5 {
        s.push_str(&format!(
            "{i}. Author{i} A, Other B. Study number {i} of vesicles. J Vesicle Res. 2010;{i}:1-9.\n"
        ));
    }
    s
}

#[test]
fn enter_on_a_group_citation_opens_a_chooser_of_its_references() {
    let mut a = reader(library(&[("groups.md", &grouped())]), 100, 30);
    tab_to(&mut a, "[1-5]");
    press(&mut a, "enter");
    assert_eq!(
        a.overlay(),
        &Overlay::Cited {
            citation: 0,
            selected: 0
        }
    );
    let p = a.popup().expect("the chooser is drawn");
    assert_eq!(p.lines.len(), 5, "one row per reference");
    let text: Vec<String> = p
        .lines
        .iter()
        .map(|l| l.iter().map(|(t, _)| t.as_str()).collect())
        .collect();
    for (i, row) in text.iter().enumerate() {
        assert!(
            row.contains(&format!("{} Author{} ", i + 1, i + 1)),
            "{text:#?}"
        );
    }
    // The third row followed: reference 3's entry, and Ctrl-o back.
    let before = a.top();
    press(&mut a, "j j enter");
    assert_eq!(a.overlay(), &Overlay::None);
    let three = a.article().references[2].block;
    assert_eq!(a.mark(), Some(three));
    assert_eq!(a.message(), Some("Reference 3"));
    press(&mut a, "ctrl-o");
    assert_eq!(a.top(), before);
    // A citation of one reference is followed at once.
    tab_to(&mut a, "[3]");
    press(&mut a, "enter");
    assert_eq!(a.overlay(), &Overlay::None);
    assert_eq!(a.mark(), Some(three));
}

#[test]
fn r_lists_every_place_the_article_cites_a_reference() {
    let mut a = reader(library(&[("groups.md", &grouped())]), 100, 30);
    tab_to(&mut a, "[3]");
    press(&mut a, "r");
    let Overlay::CitedBy { places, .. } = a.overlay().clone() else {
        panic!("no list: {:?}", a.message());
    };
    // [1-5] and both [3]s, in text order, each with its sentence.
    let art = a.article();
    let cites: Vec<&str> = places
        .iter()
        .map(|p| art.citations[p.citation].text(art))
        .collect();
    assert_eq!(cites, ["[1-5]", "[3]", "[3]"]);
    assert!(places.iter().all(|p| !p.suggested));
    assert_eq!(places[1].sentence, "Uptake was shown in fibroblasts [3].");
    let title = &a.popup().unwrap().title;
    assert!(title.starts_with("Reference 3: cited 3 times"), "{title}");
    // Enter on the last: there, its citation focused; Ctrl-o back to the first [3].
    press(&mut a, "j j enter");
    assert_eq!(a.focus_text(), Some("[3]"));
    let focused = |a: &App| a.layout().anchors[a.focus().unwrap()].block();
    assert_eq!(focused(&a), places[2].block);
    assert_eq!(a.message(), Some("Cited here: [3]"));
    press(&mut a, "ctrl-o");
    assert_eq!(
        focused(&a),
        places[1].block,
        "back on the [3] r was pressed on"
    );
    // In the chooser, r lists the chosen row's places.
    press(&mut a, "shift-tab");
    assert_eq!(a.focus_text(), Some("[1-5]"));
    press(&mut a, "enter j r");
    let Overlay::CitedBy { places, .. } = a.overlay().clone() else {
        panic!("no list from the chooser");
    };
    assert_eq!(places.len(), 1, "reference 2 is cited once");
}

/// The viewpoint's [8] is the review's reference 101 only by suggestion: followed there, `r`
/// lists the viewpoint's five [8] sentences as suggested, and the round trip comes back.
#[test]
fn the_eight_to_reference_101_and_cited_by_round_trip() {
    let mut a = reader(bundled(), 120, 40);
    let viewpoint = a.current();
    tab_to(&mut a, "[8]");
    press(&mut a, "enter");
    assert_ne!(a.current(), viewpoint, "to the review");
    let r101 = a
        .article()
        .references
        .iter()
        .find(|r| r.number == 101)
        .unwrap()
        .block;
    assert_eq!(a.mark(), Some(r101));
    press(&mut a, "r");
    let Overlay::CitedBy { places, .. } = a.overlay().clone() else {
        panic!("no list: {:?}", a.message());
    };
    assert_eq!(places.len(), 5, "{places:#?}");
    assert!(places.iter().all(|p| p.suggested && p.article == viewpoint));
    assert!(places.iter().all(|p| p.sentence.contains("[8]")));
    let lines: Vec<String> = a
        .popup()
        .unwrap()
        .lines
        .iter()
        .map(|l| l.iter().map(|(t, _)| t.as_str()).collect())
        .collect();
    assert_eq!(
        lines.iter().filter(|l| l.contains("suggested")).count(),
        5,
        "{lines:#?}"
    );
    press(&mut a, "j enter");
    assert_eq!(a.current(), viewpoint);
    assert_eq!(a.focus_text(), Some("[8]"));
    let at = a.layout().anchors[a.focus().unwrap()].block();
    assert_eq!(at, places[1].block);
    press(&mut a, "ctrl-o");
    assert_ne!(a.current(), viewpoint);
    assert_eq!(top_block(&a), Some(r101));
}

/// Another loaded article whose own list has the same work (same DOI here) cites it too.
#[test]
fn another_article_citing_the_same_work_is_listed() {
    let entry = "Luga V, Zhang L, Viloria-Petit AM, et al. Exosomes mediate stromal mobilization of \
                 autocrine Wnt-PCP signaling in breast cancer cell migration. Cell. 2012;151:1542-56. \
                 doi:10.1016/j.cell.2012.11.024";
    let a_text = format!(
        "---\ntitle: First\n---\n\nFibroblast exosomes move cancer cells [1].\n\n## References\n\n1. {entry}\n"
    );
    let b_text = format!(
        "---\ntitle: Second\n---\n\nAn unrelated claim [1]. Wnt signalling on exosomes was shown [2].\n\n## References\n\n1. Other A. Another study. J Vesicle Res. 2001;1:1-9.\n2. {entry}\n"
    );
    let mut a = reader(library(&[("a.md", &a_text), ("b.md", &b_text)]), 100, 30);
    tab_to(&mut a, "[1]");
    press(&mut a, "r");
    let Overlay::CitedBy { places, .. } = a.overlay().clone() else {
        panic!("no list: {:?}", a.message());
    };
    assert_eq!(places.len(), 2, "{places:#?}");
    assert_eq!(places[0].article, 0, "its own article first");
    assert_eq!(places[1].article, 1);
    assert!(!places[1].suggested, "its own list has the work");
    assert_eq!(
        places[1].sentence,
        "Wnt signalling on exosomes was shown [2]."
    );
}

#[test]
fn r_off_a_reference_says_what_it_needs() {
    let mut a = reader(library(&[("groups.md", &grouped())]), 100, 30);
    press(&mut a, "r");
    assert_eq!(a.overlay(), &Overlay::None);
    assert!(
        a.message()
            .is_some_and(|m| m.starts_with("Not on a reference")),
        "{:?}",
        a.message()
    );
    tab_to(&mut a, "[1-5]");
    press(&mut a, "r");
    assert!(
        a.message().is_some_and(|m| m.contains("Enter lists them")),
        "{:?}",
        a.message()
    );
}
