//! What the reader keeps between sessions, through the real store on a temporary file: the
//! reader's requests are carried out by the store as the shell would, and its answers given
//! back as messages.

use crate::common::{bundled, press, reader};
use scholion::app::{App, Msg};
use scholion::memory::Request;
use scholion::store::Store;

/// Carry out the reader's requests against `store` until it asks for nothing more; returns
/// what it asked to copy.
fn serve(app: &mut App, store: &mut Store) -> Vec<String> {
    let mut copied = Vec::new();
    loop {
        let requests = app.take_requests();
        if requests.is_empty() {
            return copied;
        }
        for r in requests {
            match r {
                Request::Save(w) => store.write(&w).expect("write"),
                Request::Recall(ids) => {
                    let r = store.recall(Some(&ids)).expect("recall");
                    app.update(Msg::Recalled(Box::new(r)));
                }
                Request::RecallAll => {
                    let r = store.recall(None).expect("recall");
                    app.update(Msg::Recalled(Box::new(r)));
                }
                Request::Copy { text, .. } => copied.push(text),
                Request::Edit { .. } | Request::Open(_) => {}
            }
        }
    }
}

fn open_store(dir: &tempfile::TempDir) -> Store {
    let opened = Store::open(&dir.path().join("store.sqlite3"));
    assert!(opened.notes.is_empty(), "{:?}", opened.notes);
    opened.store.expect("a store")
}

/// The first words of the top line of the body.
fn top_text(app: &App) -> String {
    let line = app.layout().lines[app.top()];
    match line.block() {
        Some(b) => app.article().blocks[b].text[line.range()].to_string(),
        None => String::new(),
    }
}

#[test]
fn a_reopened_article_is_back_where_it_was_left_with_its_section_named() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open_store(&dir);
    let mut a = reader(bundled(), 100, 30);
    serve(&mut a, &mut store);
    press(&mut a, "] b ] ] ] ] 5 j");
    let (section, top) = (a.current_section().map(str::to_string), top_text(&a));
    assert!(section.is_some());
    a.save_position();
    serve(&mut a, &mut store);

    // A new session: the viewpoint opens first, the review where it was left.
    let mut b = reader(bundled(), 100, 30);
    serve(&mut b, &mut store);
    assert_eq!(b.top(), 0, "the viewpoint was left at its top");
    press(&mut b, "] b");
    assert_eq!(top_text(&b), top);
    assert_eq!(b.current_section().map(str::to_string), section);
    assert_eq!(
        b.message(),
        Some(format!("Back at §{}", section.unwrap()).as_str())
    );
}

#[test]
fn a_position_the_store_gives_late_moves_the_view_only_if_no_key_was_pressed() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open_store(&dir);
    let mut a = reader(bundled(), 100, 30);
    press(&mut a, "4 0 j");
    let top = top_text(&a);
    a.save_position();
    serve(&mut a, &mut store);

    // The answer arrives before any key: the view goes there.
    let mut b = reader(bundled(), 100, 30);
    serve(&mut b, &mut store);
    assert_eq!(top_text(&b), top);
    assert!(
        b.message().is_some_and(|m| m.starts_with("Back ")),
        "{:?}",
        b.message()
    );

    // A key first: the reader's own move stands.
    let mut c = reader(bundled(), 100, 30);
    let asked = c.take_requests();
    press(&mut c, "j");
    for r in asked {
        if let Request::Recall(ids) = r {
            let r = store.recall(Some(&ids)).unwrap();
            c.update(Msg::Recalled(Box::new(r)));
        }
    }
    assert_eq!(c.top(), 1);
}

#[test]
fn the_last_session_reopens_at_an_article_that_is_read_after_the_first_screen() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open_store(&dir);
    let mut a = reader(bundled(), 100, 30);
    serve(&mut a, &mut store);
    press(&mut a, "] b ] ] ] ]");
    let top = top_text(&a);
    let review = a.library().id(a.current()).clone();
    a.save_position();
    serve(&mut a, &mut store);

    // The first screen has the viewpoint alone; the review comes with the rest.
    let all = bundled();
    let viewpoint = crate::common::find(&all, "viewpoint.md");
    let first = scholion::library::Library::new(vec![all.article(viewpoint).clone()]);
    let mut b = reader(first, 100, 30);
    b.open_at(review.clone());
    serve(&mut b, &mut store);
    b.replace_library(bundled());
    serve(&mut b, &mut store);
    assert_eq!(b.library().id(b.current()), &review);
    assert_eq!(top_text(&b), top);
}

/// The text of the screen, row by row.
fn screen_text(app: &App) -> String {
    let buf = crate::common::screen(app);
    let mut out = String::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            out.push_str(buf[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

#[test]
fn bookmarks_are_listed_across_the_library_and_enter_opens_one() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open_store(&dir);
    let mut a = reader(bundled(), 100, 30);
    serve(&mut a, &mut store);
    press(&mut a, "] b ] ] ] ] B text:Key-points enter");
    assert_eq!(a.message(), Some("Bookmarked: Key-points"));
    let top = top_text(&a);
    press(&mut a, "[ b 1 0 j B enter");
    assert_eq!(a.message(), Some("Bookmarked"));
    serve(&mut a, &mut store);

    // Another session, with only the review loaded: both listed, the viewpoint's as not
    // loaded; Enter on the review's goes there.
    let all = bundled();
    let review = crate::common::find(&all, "review.md");
    let only = scholion::library::Library::new(vec![all.article(review).clone()]);
    let mut b = reader(only, 100, 30);
    serve(&mut b, &mut store);
    press(&mut b, "M");
    serve(&mut b, &mut store);
    let s = screen_text(&b);
    assert!(s.contains("Bookmarks (2)"), "{s}");
    assert!(s.contains("Key-points"), "{s}");
    assert!(s.contains("not loaded: as"), "{s}");
    let rows = b.bookmark_rows();
    let key_points = rows.iter().position(|r| r.label == "Key-points").unwrap();
    for _ in 0..key_points {
        press(&mut b, "j");
    }
    press(&mut b, "enter");
    assert_eq!(top_text(&b), top);
    // And Ctrl-o comes back from it.
    press(&mut b, "ctrl-o");
    assert_eq!(b.top(), 0);
    // d deletes one, in the store too.
    press(&mut b, "M d");
    serve(&mut b, &mut store);
    assert_eq!(store.recall(None).unwrap().bookmarks.len(), 1);
}

#[test]
fn notes_list_the_article_or_the_library_and_highlights_are_drawn() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open_store(&dir);
    let mut a = reader(bundled(), 100, 30);
    serve(&mut a, &mut store);
    // In the viewpoint: its first three words, highlighted.
    press(&mut a, "v w w h");
    assert_eq!(a.message(), Some("Highlighted"));
    assert_eq!(a.highlights().len(), 1);
    // In the review: a note.
    press(&mut a, "] b ] ] j v ) a text:check enter");
    assert_eq!(a.message(), Some("Note kept"));
    press(&mut a, "A");
    let s = screen_text(&a);
    assert!(s.contains("Notes of this article (1)"), "{s}");
    assert!(s.contains("check — “The sustained growth"), "{s}");
    press(&mut a, "tab");
    serve(&mut a, &mut store);
    let s = screen_text(&a);
    assert!(s.contains("Notes of the library (2)"), "{s}");
    assert!(s.contains("“Exosomes are small”"), "{s}");
    serve(&mut a, &mut store);

    // Drawn where they are in a new session.
    let mut b = reader(bundled(), 100, 30);
    serve(&mut b, &mut store);
    let (block, range, noted) = b.highlights()[0].clone();
    assert!(!noted);
    assert_eq!(&b.article().blocks[block].text[range], "Exosomes are small");
    let buf = crate::common::screen(&b);
    let row = (0..buf.area.height)
        .find(|&y| {
            (0..buf.area.width)
                .map(|x| buf[(x, y)].symbol())
                .collect::<String>()
                .contains("Exosomes are small")
        })
        .unwrap();
    assert_eq!(
        buf[(1, row)].bg,
        ratatui::style::Color::Green,
        "highlighted"
    );
}

#[test]
fn with_copying_off_the_text_is_shown_to_select_and_too_long_a_copy_is_shown_too() {
    let mut a = reader(bundled(), 100, 30);
    let settings = scholion::settings::Settings {
        clipboard: false,
        ..Default::default()
    };
    a.apply_settings(&settings);
    press(&mut a, "c c c c c enter y y");
    assert!(a
        .take_requests()
        .iter()
        .all(|r| !matches!(r, Request::Copy { .. })));
    let s = screen_text(&a);
    assert!(
        s.contains("reference — select it to copy; Esc closes"),
        "{s}"
    );
    assert!(
        s.contains("Luga, V. et al. Exosomes mediate stromal mobilization"),
        "{s}"
    );

    // 1,000 references cited at once: their BibTeX is over the cap.
    let mut text = String::from("Everything [1-1000].\n\n## References\n\n");
    for i in 1..=1000 {
        text.push_str(&format!(
            "{i}. Surname{i}, A. A long title of a study of item {i} of many. J. Tests {i}, 1–9 (2001).\n"
        ));
    }
    let lib = crate::common::library(&[("many.md", &text)]);
    let mut b = reader(lib, 100, 30);
    press(&mut b, "c y b");
    assert!(
        b.message()
            .is_some_and(|m| m.starts_with("Too long to copy")),
        "{:?}",
        b.message()
    );
    assert!(b
        .take_requests()
        .iter()
        .all(|r| !matches!(r, Request::Copy { .. })));
    let s = screen_text(&b);
    assert!(s.contains("1000 BibTeX entries — select it to copy"), "{s}");
    assert!(s.contains("journal = {J. Tests},"), "{s}");
}

#[test]
fn a_place_in_an_article_that_changed_lands_on_the_nearest_place_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open_store(&dir);
    let review = |extra: &str| {
        let all = bundled();
        let r = crate::common::find(&all, "review.md");
        let mut art = all.article(r).clone();
        if !extra.is_empty() {
            // A paragraph more at the start: the blocks after it move.
            let mut first = art.blocks[1].clone();
            first.text = extra.to_string();
            first.styles.clear();
            first.links.clear();
            art.blocks.insert(1, first);
        }
        scholion::library::Library::new(vec![art])
    };
    let mut a = reader(review(""), 100, 30);
    press(&mut a, "] ] ] ] 5 j");
    let top = top_text(&a);
    a.save_position();
    serve(&mut a, &mut store);

    let mut b = reader(
        review("A paragraph added in a later version of the review."),
        100,
        30,
    );
    serve(&mut b, &mut store);
    assert_eq!(top_text(&b), top);
    assert!(
        b.message()
            .is_some_and(|m| m.contains("the article changed: the nearest place")),
        "{:?}",
        b.message()
    );
}

#[test]
fn the_jump_list_goes_back_across_sessions() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open_store(&dir);
    let mut a = reader(bundled(), 100, 30);
    serve(&mut a, &mut store);
    // From the first [8] to reference 101: a jump from the viewpoint.
    press(&mut a, "c c c c c 2 j");
    assert!(a.top() > 0);
    // The first line of text at or under the top: what a place keeps.
    let origin = a.layout().lines[a.top()..]
        .iter()
        .find_map(|l| Some(a.article().blocks[l.block()?].text[l.range()].to_string()))
        .unwrap();
    press(&mut a, "enter");
    assert_eq!(a.current(), crate::common::find(a.library(), "review.md"));
    serve(&mut a, &mut store);

    let mut b = reader(bundled(), 100, 30);
    serve(&mut b, &mut store);
    press(&mut b, "ctrl-o");
    // Back in the viewpoint, where the jump started.
    assert!(b
        .library()
        .summary(b.current())
        .path()
        .ends_with("viewpoint.md"));
    assert_eq!(top_text(&b), origin);
}

#[test]
fn an_article_opened_before_its_place_arrives_keeps_that_place_for_the_next_session() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open_store(&dir);
    let mut a = reader(bundled(), 100, 30);
    serve(&mut a, &mut store);
    press(&mut a, "] b ] ] ] ] 3 j");
    let top = top_text(&a);
    a.save_position();
    serve(&mut a, &mut store);

    // The review is opened before the store has answered; the reader is idle (its place is
    // offered to the store), then the answer comes, then the reader quits.
    let mut b = reader(bundled(), 100, 30);
    let asked = b.take_requests();
    press(&mut b, "] b");
    b.save_position();
    let idle = b.take_requests();
    for r in asked.into_iter().chain(idle) {
        match r {
            Request::Recall(ids) => {
                let r = store.recall(Some(&ids)).unwrap();
                b.update(Msg::Recalled(Box::new(r)));
            }
            Request::Save(w) => store.write(&w).unwrap(),
            _ => {}
        }
    }
    assert_eq!(top_text(&b), top, "restored when the answer came");
    b.save_position();
    serve(&mut b, &mut store);

    let mut c = reader(bundled(), 100, 30);
    serve(&mut c, &mut store);
    press(&mut c, "] b");
    assert_eq!(top_text(&c), top);
}

#[test]
fn a_note_or_a_label_typed_with_control_characters_is_kept_and_shown_sanitised() {
    use scholion::keymap::{Key, KeyCode};
    let dir = tempfile::tempdir().unwrap();
    let mut store = open_store(&dir);
    let mut a = reader(bundled(), 100, 30);
    serve(&mut a, &mut store);
    let typed = |a: &mut App, text: &str| {
        for c in text.chars() {
            a.update(Msg::Key(Key::plain(KeyCode::Char(c))));
        }
    };
    press(&mut a, "v a");
    typed(&mut a, "see \u{9b}31m and \u{1b}]52;c;eA==\u{7}");
    press(&mut a, "enter");
    press(&mut a, "B");
    typed(&mut a, "label \u{9b}2J");
    let status = crate::common::screen(&a);
    let row: String = (0..status.area.width)
        .map(|x| status[(x, status.area.height - 1)].symbol().to_string())
        .collect();
    assert!(row.contains("Bookmark label"), "{row}");
    assert!(!row.chars().any(|c| c.is_control()), "{row:?}");
    press(&mut a, "enter");
    serve(&mut a, &mut store);
    let kept = store.recall(None).unwrap();
    let note = &kept.annotations[0].note;
    let label = &kept.bookmarks[0].label;
    assert!(note.starts_with("see "), "{note:?}");
    assert!(label.starts_with("label "), "{label:?}");
    for s in [note, label] {
        assert!(!s.chars().any(|c| c.is_control()), "{s:?}");
    }
}
