//! The settings file and what it sets: the text column's width, which uses of a term are
//! marked, whether the margin starts shown, the theme; and how the reader says what it could
//! not use.

use crate::common::*;
use crate::pty::Pty;
use scholion::app::App;
use scholion::layout::{AnchorKind, LayoutOptions, TermMarking};
use scholion::settings::Settings;

fn marked_terms(a: &App) -> Vec<(usize, String)> {
    let art = a.article();
    a.layout()
        .anchors
        .iter()
        .filter(|x| matches!(x.kind(), AnchorKind::Term(_)))
        .map(|x| {
            (
                art.blocks[x.block()].section,
                art.blocks[x.block()].text[x.range()].to_lowercase(),
            )
        })
        .collect()
}

fn with_terms(terms: TermMarking) -> App {
    App::new(
        bundled(),
        scholion::keymap::Keymap::default(),
        LayoutOptions {
            ascii: false,
            terms,
        },
        120,
        40,
    )
}

/// By default a term is marked at its first use in each section: the viewpoint (one section)
/// marks "exosomes" once, not thirty times, and its first `[8]` is a few Tabs away.
#[test]
fn a_term_is_marked_at_its_first_use_in_each_section() {
    let first = with_terms(TermMarking::First);
    let all = with_terms(TermMarking::All);
    let lib = first.library();
    let terms_of = |a: &App| {
        let mut ids: Vec<_> = a
            .layout()
            .anchors
            .iter()
            .filter_map(|x| match x.kind() {
                AnchorKind::Term(i) => Some((x.block(), lib.occurrences(a.current())[i].term)),
                _ => None,
            })
            .map(|(b, t)| (a.article().blocks[b].section, t))
            .collect();
        let n = ids.len();
        ids.sort();
        ids.dedup();
        (n, ids.len())
    };
    let (n_first, distinct) = terms_of(&first);
    assert_eq!(n_first, distinct, "each term once per section");
    let (n_all, distinct_all) = terms_of(&all);
    assert_eq!(distinct_all, distinct, "the same terms are marked");
    assert!(n_all >= n_first + 20, "all: {n_all}, first: {n_first}");
    assert!(
        marked_terms(&all)
            .iter()
            .filter(|(_, t)| t.starts_with("exosome"))
            .count()
            > 20
    );
    // Fewer stops before the first [8].
    let tabs = |mut a: App| {
        for n in 1..100 {
            press(&mut a, "tab");
            if a.focus_text() == Some("[8]") {
                return n;
            }
        }
        panic!("never reached [8]");
    };
    let (by_first, by_all) = (
        tabs(with_terms(TermMarking::First)),
        tabs(with_terms(TermMarking::All)),
    );
    assert!(
        by_first <= 8 && by_first < by_all,
        "{by_first} Tabs, {by_all} with all marked"
    );
    // In the review, with sections, a term is marked again in each.
    let mut review = with_terms(TermMarking::First);
    press(&mut review, "] b");
    let marked = marked_terms(&review);
    let sections: std::collections::HashSet<_> = marked.iter().map(|(s, _)| s).collect();
    assert!(sections.len() > 3);
    // Off: none.
    let off = with_terms(TermMarking::Off);
    assert!(marked_terms(&off).is_empty());
    assert!(off
        .layout()
        .anchors
        .iter()
        .any(|x| matches!(x.kind(), AnchorKind::Citation(_))));
}

#[test]
fn settings_set_the_column_the_margin_and_the_marking() {
    let mut a = reader(bundled(), 200, 50);
    let (s, said) = Settings::parse(
        "text_width = 60\nmargin = false\nterms = \"off\"\n",
        "settings.toml",
    );
    assert!(said.is_empty());
    a.apply_settings(&s);
    assert_eq!(a.geometry().text_width(), 60);
    assert!(a.geometry().sidebar.is_none(), "the margin starts hidden");
    assert!(marked_terms(&a).is_empty());
    press(&mut a, "s");
    assert!(a.geometry().sidebar.is_some(), "s shows it");
    assert_eq!(a.geometry().text_width(), 60);
}

/// A settings file beside the keymap: its bad lines are told on the status line, and what it
/// sets holds.
#[test]
fn the_reader_reads_the_settings_file_and_says_what_it_could_not_use() {
    let dir = tempfile::tempdir().unwrap();
    let conf = dir.path().join("scholion");
    std::fs::create_dir_all(&conf).unwrap();
    std::fs::write(
        conf.join("settings.toml"),
        "text_width = 50\ncolour = \"red\"\n",
    )
    .unwrap();
    let home = dir.path().to_str().unwrap();
    let mut p = Pty::spawn(&[], 120, 40, &[("XDG_CONFIG_HOME", home)]);
    p.wait_for("Exosomes are small");
    p.wait_until("the note", |p| {
        p.status().contains("unknown setting `colour`")
    });
    let screen = p.settled_screen();
    // The text column is 50 wide: columns 51 to 53 (its right edge and the gutter before the
    // margin) are blank on every row, and some line runs nearly to the edge.
    let rows: Vec<Vec<char>> = screen
        .lines()
        .take(39)
        .map(|l| l.chars().collect())
        .collect();
    assert!(
        rows.iter()
            .all(|r| r.len() < 51 || r[51..r.len().min(54)].iter().all(|c| *c == ' ')),
        "{screen}"
    );
    assert!(
        rows.iter().any(|r| r.len() > 46 && r[46] != ' '),
        "{screen}"
    );
    p.send("q");
    assert_eq!(p.wait_exit(), 0);
    let out = p.raw_text();
    assert!(
        out.contains("settings.toml: unknown setting `colour` ignored"),
        "{out}"
    );
}
