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
