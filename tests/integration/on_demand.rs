//! A library read from files keeps one article whole at a time: the others are indexed (front
//! matter, glossary, reference keys) and their bodies read again when they are opened or when a
//! suggestion needs one of their references. The test plays the shell: it answers
//! [`App::wants`] from the bundled texts and counts what it was asked to read.

use crate::common;
use common::*;
use scholion::app::{App, Effect, Msg, Overlay, SidebarEntry};
use scholion::library::{Indexed, Library};
use scholion::model::Article;
use std::path::PathBuf;

const VIEWPOINT: usize = 0;
const REVIEW: usize = 1;

fn bodies() -> Vec<Article> {
    scholion::load::bundled()
}

fn origin(i: usize) -> PathBuf {
    PathBuf::from(format!("/papers/{i}.md"))
}

/// The viewpoint whole, the review indexed, as `scholion DIR` holds them once all is read.
fn indexed_library() -> Library {
    let mut articles = bodies().into_iter();
    let viewpoint = articles.next().unwrap();
    let review = articles.next().unwrap();
    Library::from_index(
        vec![
            Indexed::whole(viewpoint).from_file(origin(VIEWPOINT)),
            Indexed::without_body(&review).from_file(origin(REVIEW)),
        ],
        true,
    )
}

fn reader(lib: Library) -> App {
    crate::common::reader(lib, 120, 40)
}

/// Answer every read the reader asks for, starting with what `asked`, the effect of the last
/// update, asks; returns the articles read, in order.
fn serve(app: &mut App, mut asked: Effect) -> Vec<usize> {
    let texts = bodies();
    let mut read = Vec::new();
    while let Effect::ReadBody(i) = asked {
        assert!(read.len() < 10, "the reader keeps asking: {read:?}");
        read.push(i);
        asked = app.update(Msg::BodyRead(i, Ok(Box::new(texts[i].clone()))));
    }
    read
}

/// What the reader asks for as it starts: the shell's first message is the screen's size.
fn start(app: &mut App) -> Effect {
    let (w, h) = app.size();
    app.update(Msg::Resize(w, h))
}

fn whole_count(app: &App) -> usize {
    (0..app.library().len())
        .filter(|&i| app.library().is_whole(i))
        .count()
}

#[test]
fn an_indexed_article_keeps_what_the_others_need() {
    let mut lib = indexed_library();
    let body = lib.article(REVIEW);
    assert!(!lib.is_whole(REVIEW));
    assert!(body.blocks.is_empty() && body.references.is_empty());
    assert!(body.citations.is_empty());
    // What names and lists it is kept.
    let review = lib.summary(REVIEW);
    let whole = &bodies()[REVIEW];
    assert_eq!(review.title(), whole.display_title());
    assert_eq!(review.path(), whole.path);
    assert_eq!(review.kind(), whole.front.kind.as_deref());
    assert_eq!(review.authors().collect::<Vec<_>>(), whole.front.authors);
    assert_eq!(review.year(), whole.front.year);
    let kept: Vec<(String, Vec<String>, String, usize)> = review
        .glossary()
        .map(|t| {
            let aliases = t.aliases().map(String::from).collect();
            (t.term.into(), aliases, t.definition.into(), t.block)
        })
        .collect();
    let given: Vec<_> = whole
        .glossary
        .iter()
        .map(|e| {
            (
                e.term.clone(),
                e.aliases.clone(),
                e.definition.clone(),
                e.block,
            )
        })
        .collect();
    assert_eq!(kept, given);
    assert!(
        given.iter().filter(|g| g.1.len() > 1).count() > 1,
        "entries with aliases"
    );
    // The review's glossary still marks terms in the viewpoint.
    assert!(matched(&lib, VIEWPOINT)
        .iter()
        .any(|m| m == "premetastatic niche"));

    let art = lib.article(VIEWPOINT);
    let eight = art
        .citations
        .iter()
        .position(|c| c.text(art) == "[8]")
        .unwrap();
    let best = lib.resolution(VIEWPOINT, eight).suggestions[0].clone();
    assert_eq!(best.article, REVIEW);
    let place = lib
        .place(REVIEW, best.reference.expect("a reference"))
        .unwrap();
    assert_eq!(place.number, 101);
    assert_eq!(place.block, bodies()[REVIEW].reference(101).unwrap().block);
    assert!(lib.suggested(&best).is_none(), "its text is not in memory");
    assert_eq!(lib.wanted(), Some(REVIEW));

    lib.lend(REVIEW, &bodies()[REVIEW]);
    let r = lib.suggested(&best).expect("read for the suggestion");
    assert_eq!(r.number, 101);
    assert!(r.text.starts_with("Luga, V. et al."));
    assert_eq!(lib.wanted(), None);
    assert!(!lib.is_whole(REVIEW), "lending keeps no body");
}

#[test]
fn suggestions_are_the_same_from_an_index_as_from_whole_articles() {
    let whole = Library::new(bodies());
    let indexed = indexed_library();
    let n = whole.article(VIEWPOINT).citations.len();
    for c in 0..n {
        let a = whole.resolution(VIEWPOINT, c);
        let b = indexed.resolution(VIEWPOINT, c);
        assert_eq!(a, b, "citation {c}");
    }
    assert_eq!(whole.occurrences(VIEWPOINT), indexed.occurrences(VIEWPOINT));
}

#[test]
fn following_a_suggestion_reads_the_review_and_back_reads_the_viewpoint() {
    let mut a = reader(indexed_library());
    let asked = start(&mut a);
    assert_eq!(
        serve(&mut a, asked),
        [REVIEW],
        "reference 101's text, for the sidebar"
    );
    tab_to(&mut a, "[8]");
    assert!(a.sidebar_content().entries.iter().any(|e| matches!(
        e,
        SidebarEntry::Suggestion { article: REVIEW, index, .. }
            if index.and_then(|i| a.library().reference_of(REVIEW, i)).map(|r| r.number) == Some(101)
    )));
    let before = (a.top(), a.focus());

    let asked = a.update(Msg::Key(scholion::keymap::Key::parse("enter").unwrap()));
    assert_eq!(
        a.current(),
        VIEWPOINT,
        "nothing moves before the body is read"
    );
    assert_eq!(
        asked,
        Effect::ReadBody(REVIEW),
        "the update asks for the body"
    );
    assert_eq!(serve(&mut a, asked), [REVIEW]);
    assert_eq!(a.current(), REVIEW);
    let r101 = a.library().article(REVIEW).reference(101).unwrap().block;
    assert_eq!(a.mark(), Some(r101));
    assert_eq!(
        a.layout().position_of(a.top()).map(|(b, _)| b),
        Some(r101),
        "the review opens at reference 101"
    );
    assert!(a.message().unwrap().contains("reference 101"));
    assert!(
        !a.library().is_whole(VIEWPOINT),
        "only the open article is whole"
    );
    assert_eq!(whole_count(&a), 1);

    let asked = press(&mut a, "ctrl-o");
    assert_eq!(serve(&mut a, asked), [VIEWPOINT, REVIEW]);
    assert_eq!(a.current(), VIEWPOINT);
    assert_eq!(
        (a.top(), a.focus()),
        before,
        "back at [8], as before the jump"
    );
    assert_eq!(a.focus_text(), Some("[8]"));
    assert_eq!(whole_count(&a), 1);
}

#[test]
fn a_definition_in_an_indexed_article_opens_after_reading_it() {
    let mut a = reader(indexed_library());
    let asked = start(&mut a);
    serve(&mut a, asked);
    tab_to(&mut a, "premetastatic niche");
    press(&mut a, "enter");
    assert!(a
        .library()
        .term(a.library().lookup_term("premetastatic niche").unwrap())
        .definition
        .starts_with("A microenvironment"));
    let asked = press(&mut a, "enter");
    assert_eq!(serve(&mut a, asked), [REVIEW]);
    assert_eq!(a.current(), REVIEW);
    let term = a.library().lookup_term("pre-metastatic niche").unwrap();
    assert_eq!(a.mark(), Some(a.library().term(term).block));
}

#[test]
fn a_body_that_cannot_be_read_again_leaves_the_reader_where_it_was() {
    let mut a = reader(indexed_library());
    assert_eq!(start(&mut a), Effect::ReadBody(REVIEW));
    let asked = a.update(Msg::BodyRead(
        REVIEW,
        Err("/papers/1.md: no such file".into()),
    ));
    assert_eq!(
        asked,
        Effect::Redraw,
        "an unreadable file is not asked for again"
    );
    tab_to(&mut a, "[8]");
    let place = a.location();
    let asked = press(&mut a, "enter");
    assert_eq!(asked, Effect::ReadBody(REVIEW), "opening it tries again");
    a.update(Msg::BodyRead(
        REVIEW,
        Err("/papers/1.md: no such file".into()),
    ));
    assert_eq!(a.current(), VIEWPOINT);
    assert_eq!(a.location(), place);
    assert_eq!(a.message(), Some("/papers/1.md: no such file"));
    press(&mut a, "ctrl-o");
    assert!(
        a.message().unwrap().contains("start of the jump history"),
        "the jump that did not happen left no history"
    );
    // The sidebar still offers the suggestion, by what the index knows of it.
    assert!(a.sidebar_content().entries.iter().any(|e| matches!(
        e,
        SidebarEntry::Suggestion {
            article: REVIEW,
            ..
        }
    )));
}

#[test]
fn the_full_library_replaces_the_first_one_by_file() {
    // First screen: the viewpoint whole, a third file and the review listed by their front
    // matter. The reader opens the review before the rest is read.
    let texts = bodies();
    let stub = |a: &Article| Article {
        path: a.path.clone(),
        front: a.front.clone(),
        ..Article::default()
    };
    let other = article("other.md", "---\ntitle: Other\n---\n\nText.\n");
    let quick = Library::from_index(
        vec![
            Indexed::whole(texts[VIEWPOINT].clone()).from_file(origin(0)),
            Indexed::without_body(&stub(&other)).from_file(origin(7)),
            Indexed::without_body(&stub(&texts[REVIEW])).from_file(origin(1)),
        ],
        true,
    );
    let mut a = reader(quick);
    assert_eq!(
        start(&mut a),
        Effect::None,
        "stubs have no references to suggest"
    );
    assert_eq!(press(&mut a, "L j j enter"), Effect::ReadBody(2));
    a.update(Msg::BodyRead(2, Ok(Box::new(texts[REVIEW].clone()))));
    assert_eq!(a.current(), 2);
    press(&mut a, "j j j");
    // A definition from the review's own glossary is open when the rest arrives.
    tab_to(&mut a, "pre-metastatic niche");
    press(&mut a, "enter");
    let Overlay::Glossary { term, .. } = *a.overlay() else {
        panic!("no definition open: {:?}", a.overlay());
    };
    assert_eq!(term.article(), 2);
    let top = a.location().top;

    // The rest arrives: the third file could not be read whole, so the review moved up.
    let full = Library::from_index(
        vec![
            Indexed::whole(texts[VIEWPOINT].clone()).from_file(origin(0)),
            Indexed::without_body(&texts[REVIEW]).from_file(origin(1)),
        ],
        true,
    );
    assert_eq!(a.replace_library(full), Effect::Redraw, "nothing to read");
    assert_eq!(a.current(), 1, "still the review");
    assert!(
        a.library().is_whole(1),
        "its body came over, not read again"
    );
    assert!(!a.library().is_whole(0), "only the open article is whole");
    assert_eq!(a.location().top, top, "at the same place");
    let Overlay::Glossary { term, .. } = *a.overlay() else {
        panic!("the definition closed: {:?}", a.overlay());
    };
    assert_eq!(term.article(), 1, "the definition follows the move");
    assert_eq!(a.library().term(term).term, "Pre-metastatic niche");
    let asked = press(&mut a, "esc ctrl-o");
    assert_eq!(serve(&mut a, asked), [0, 1]);
    assert_eq!(a.current(), 0, "history follows the move");
}

#[test]
fn every_reference_keeps_its_number_and_block_without_its_body() {
    // One list numbered on from its first entry, one with a gap in its numbers, one with a
    // paragraph between two entries, one that does not start at 1.
    let gap = "# Gap\n\nText [1].\n\n## References\n\n1. Luga V. A. Cell. 2012.\n2. Smith J. B. Nature. 2010.\n5. Chen L. C. Cell. 2001.\n";
    let between = "# Between\n\nText [1].\n\n## References\n\n1. Luga V. A. Cell. 2012.\n\nA note on the list.\n\n2. Smith J. B. Nature. 2010.\n";
    let late = "# Late\n\nText [7].\n\n## References\n\n7. Luga V. A. Cell. 2012.\n8. Smith J. B. Nature. 2010.\n";
    let mut articles = bodies();
    articles.extend([
        article("gap.md", gap),
        article("between.md", between),
        article("late.md", late),
    ]);
    let lib = Library::from_index(articles.iter().map(Indexed::without_body), true);
    let mut irregular = 0;
    for (a, art) in articles.iter().enumerate() {
        // The viewpoint has no list: no place at all.
        let consecutive = art
            .references
            .windows(2)
            .all(|w| w[1].number == w[0].number + 1 && w[1].block == w[0].block + 1);
        irregular += usize::from(!consecutive);
        for (i, r) in art.references.iter().enumerate() {
            let place = lib.place(a, i).expect("a place for every reference");
            assert_eq!(
                (place.number, place.block),
                (r.number, r.block),
                "{} #{i}",
                art.path
            );
        }
        assert_eq!(lib.place(a, art.references.len()), None);
    }
    assert_eq!(irregular, 2, "the gap and the paragraph break the run");
    let lists = articles.iter().filter(|a| !a.references.is_empty()).count();
    assert_eq!(lists, 4);
}

#[test]
fn an_article_is_read_again_from_its_own_file_whatever_its_name_shows() {
    // The second file's name holds an escape, which the reader is shown as a symbol.
    let files = ["/papers/plain.md", "/papers/\u{1b}[2Jodd.md"].map(PathBuf::from);
    let entries = files.iter().map(|f| {
        let shown = scholion::load::display_path(f);
        Indexed::without_body(&article(&shown, "# A\n\nText.\n")).from_file(f.clone())
    });
    let lib = Library::from_index(entries, true);
    assert_ne!(lib.summary(1).path(), files[1].to_str().unwrap());
    for (i, f) in files.iter().enumerate() {
        assert_eq!(lib.origin(i), Some(f.as_path()));
        assert_eq!(lib.find_origin(f), Some(i));
    }
}

/// `r` in a folder: the other articles are not in memory; those whose summaries may list the
/// same work (and only those) are read, their places kept, and the list opens with them; Enter
/// on one opens that article at its citation.
#[test]
fn cited_by_reads_the_articles_of_a_folder_that_may_cite_the_work() {
    let entry = "Luga V, Zhang L, Viloria-Petit AM, et al. Exosomes mediate stromal mobilization \
                 of autocrine Wnt-PCP signaling in breast cancer cell migration. Cell. \
                 2012;151:1542-56. doi:10.1016/j.cell.2012.11.024";
    let texts = [
        format!("---\ntitle: First\n---\n\nFibroblast exosomes move cancer cells [1].\n\n## References\n\n1. {entry}\n"),
        format!("---\ntitle: Second\n---\n\nAn aside [1]. Wnt signalling on exosomes was shown [2].\n\n## References\n\n1. Other A. Another study. J Vesicle Res. 2001;1:1-9.\n2. {entry}\n"),
        "---\ntitle: Third\n---\n\nNothing of Luga here [1].\n\n## References\n\n1. Meyer A. A third study. J Vesicle Res. 2003;2:1-9.\n".to_string(),
    ];
    let articles: Vec<Article> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| article(&format!("{i}.md"), t))
        .collect();
    let lib = Library::from_index(
        articles
            .iter()
            .enumerate()
            .map(|(i, a)| {
                if i == 0 {
                    Indexed::whole(a.clone()).from_file(origin(i))
                } else {
                    Indexed::without_body(a).from_file(origin(i))
                }
            })
            .collect::<Vec<_>>(),
        true,
    );
    let mut app = reader(lib);
    start(&mut app);
    tab_to(&mut app, "[1]");
    let mut asked = press(&mut app, "r");
    let mut read = Vec::new();
    while let Effect::ReadBody(i) = asked {
        read.push(i);
        asked = app.update(Msg::BodyRead(i, Ok(Box::new(articles[i].clone()))));
    }
    assert_eq!(
        read,
        [1],
        "only the article whose list may have the work is read"
    );
    let Overlay::CitedBy { places, .. } = app.overlay().clone() else {
        panic!("no list: {:?}", app.message());
    };
    assert_eq!(places.len(), 2, "{places:#?}");
    assert_eq!(places[1].article, 1);
    assert_eq!(places[1].cite, "[2]");
    assert_eq!(
        places[1].sentence,
        "Wnt signalling on exosomes was shown [2]."
    );
    assert!(!app.library().is_whole(1), "read for the list, not kept");
    // Enter on it: the second article is read and opened at that citation.
    let mut asked = press(&mut app, "j enter");
    while let Effect::ReadBody(i) = asked {
        asked = app.update(Msg::BodyRead(i, Ok(Box::new(articles[i].clone()))));
    }
    assert_eq!(app.current(), 1);
    assert_eq!(app.focus_text(), Some("[2]"));
}
