//! The pure update: key sequences in, state out. No terminal, no sleeps.

use crate::common;
use crate::common::N;
use crate::corpus;
use common::*;
use scholion::app::{App, Effect, Msg, Overlay, SidebarEntry};
use scholion::keymap::Keymap;
use scholion::layout::{AnchorKind, LayoutOptions};

const VIEWPOINT: &str = "exosomes-stromal-cells-viewpoint.md";
const REVIEW: &str = "extracellular-vesicles-in-cancer-review.md";

fn app(w: u16, h: u16) -> App {
    crate::common::reader(bundled(), w, h)
}

fn top_block(app: &App) -> Option<usize> {
    app.layout().position_of(app.top()).map(|(b, _)| b)
}

#[test]
fn scrolling() {
    let mut a = app(120, 40);
    let h = a.body_height();
    assert_eq!(a.top(), 0);
    press(&mut a, "j j down");
    assert_eq!(a.top(), 3);
    press(&mut a, "k up");
    assert_eq!(a.top(), 1);
    press(&mut a, "g");
    press(&mut a, "space");
    let after_page = a.top();
    press(&mut a, "g pgdn");
    assert_eq!(a.top(), after_page);
    press(&mut a, "g ctrl-d");
    assert_eq!(a.top(), h / 2);
    press(&mut a, "ctrl-u");
    assert_eq!(a.top(), 0);
    press(&mut a, "G");
    let bottom = a.top();
    assert_eq!(bottom, a.layout().lines.len() - h);
    assert_eq!(
        press(&mut a, "j"),
        Effect::None,
        "nothing changed, nothing to draw"
    );
    assert_eq!(a.top(), bottom, "no scrolling past the end");
    assert_eq!(a.percent(), 100);
    press(&mut a, "b");
    assert_eq!(a.top(), bottom.saturating_sub(h - 1));
    press(&mut a, "end home");
    assert_eq!(a.top(), 0);
    press(&mut a, "k");
    assert_eq!(a.top(), 0, "no scrolling above the top");
}

#[test]
fn tab_walks_citations_and_terms_in_order() {
    let mut a = app(120, 40);
    press(&mut a, "tab");
    assert_eq!(a.focus_text(), Some("Exosomes"));
    assert!(matches!(a.focus_kind(), Some(AnchorKind::Term(_))));
    press(&mut a, "tab");
    assert_eq!(a.focus_text(), Some("[1-3]"));
    let side = a.sidebar_content();
    assert_eq!(
        side.entries,
        [SidebarEntry::Missing {
            targets: vec![N(1), N(2), N(3)]
        }]
    );
    press(&mut a, "shift-tab");
    assert_eq!(a.focus_text(), Some("Exosomes"));
    press(&mut a, "shift-tab");
    assert_eq!(a.focus_text(), Some("Exosomes"));
    assert!(a.message().unwrap().contains("No more"));
}

#[test]
fn tab_scrolls_to_an_anchor_off_screen() {
    let mut a = app(80, 12);
    for _ in 0..40 {
        press(&mut a, "tab");
        let f = a.focus().unwrap();
        let line = a.layout().anchors[f].line();
        assert!(
            line >= a.top() && line < a.top() + a.body_height(),
            "focus off screen"
        );
    }
    assert!(a.top() > 0);
}

#[test]
fn unresolved_citation_offers_the_review_and_enter_opens_it() {
    let mut a = app(120, 40);
    let lib_view = find(a.library(), VIEWPOINT);
    let review = find(a.library(), REVIEW);
    assert_eq!(a.current(), lib_view);
    tab_to(&mut a, "[8]");
    let side = a.sidebar_content();
    assert_eq!(
        side.entries[0],
        SidebarEntry::Missing {
            targets: vec![N(8)]
        }
    );
    let SidebarEntry::Suggestion {
        article,
        index,
        cited,
        ..
    } = &side.entries[1]
    else {
        panic!("no suggestion: {side:?}");
    };
    assert_eq!((*article, *cited), (review, N(8)));
    assert_eq!(
        a.library().article(review).references[index.expect("a reference")].number,
        101
    );
    let focus_before = a.focus();

    press(&mut a, "enter");
    assert_eq!(a.current(), review);
    let r101 = a.library().article(review).reference(101).unwrap().block;
    assert_eq!(a.mark(), Some(r101));
    assert_eq!(
        top_block(&a),
        Some(r101),
        "the review opens at reference 101"
    );
    assert!(a.message().unwrap().contains("reference 101"));

    press(&mut a, "ctrl-o");
    assert_eq!(a.current(), lib_view);
    assert_eq!(a.focus(), focus_before);
    assert_eq!(a.focus_text(), Some("[8]"));
    // Forward goes to the reference again, and back again with Backspace.
    press(&mut a, "right");
    assert_eq!(a.current(), review);
    press(&mut a, "backspace");
    assert_eq!(a.current(), lib_view);
    press(&mut a, "left");
    assert!(a.message().unwrap().contains("start of the jump history"));
}

#[test]
fn term_opens_its_definition_from_another_article() {
    let mut a = app(120, 40);
    tab_to(&mut a, "premetastatic niche");
    press(&mut a, "enter");
    let Overlay::Glossary { term, .. } = a.overlay().clone() else {
        panic!("no popup: {:?}", a.overlay());
    };
    assert_eq!(a.library().term(term).term, "Pre-metastatic niche");
    assert_eq!(term.article(), find(a.library(), REVIEW));
    press(&mut a, "esc");
    assert_eq!(a.overlay(), &Overlay::None);
    // Enter in the popup goes to the definition.
    press(&mut a, "enter enter");
    assert_eq!(a.current(), term.article());
    assert_eq!(a.mark(), Some(a.library().term(term).block));
}

#[test]
fn enter_with_nothing_focused_says_so() {
    let mut a = app(120, 40);
    press(&mut a, "enter");
    assert!(a.message().unwrap().contains("Nothing is focused"));
}

#[test]
fn article_switching() {
    let mut a = app(120, 40);
    let v = a.current();
    press(&mut a, "] b");
    assert_ne!(a.current(), v);
    press(&mut a, "[ b");
    assert_eq!(a.current(), v);
    press(&mut a, "ctrl-o");
    assert_ne!(a.current(), v, "an article switch is a jump");
    press(&mut a, "L");
    assert!(matches!(a.overlay(), Overlay::Library { .. }));
    press(&mut a, "k enter");
    assert_eq!(a.current(), 0);
    press(&mut a, "L j enter");
    assert_eq!(a.current(), 1);
}

#[test]
fn search_then_back_to_where_it_started() {
    let mut a = app(120, 40);
    press(&mut a, "] b");
    press(&mut a, "j j");
    let origin = a.location();
    press(&mut a, "/ text:Cho");
    let s = a.search().unwrap();
    assert!(s.typing);
    assert!(!s.matches.is_empty());
    press(&mut a, "enter");
    let s = a.search().unwrap();
    assert!(!s.typing);
    let total = s.matches.len();
    assert!(total >= 1);
    // The current match is on screen.
    let (b, r) = s.matches[s.current.unwrap()].clone();
    let line = a.layout().locate(a.article(), b, r.start).0;
    assert!(line >= a.top() && line < a.top() + a.body_height());
    let first = s.current;
    press(&mut a, "n");
    if total > 1 {
        assert_ne!(a.search().unwrap().current, first);
    }
    press(&mut a, "N");
    assert_eq!(a.search().unwrap().current, first);
    press(&mut a, "G");
    press(&mut a, "ctrl-o");
    assert_eq!(a.location(), origin);
    press(&mut a, "esc");
    assert!(a.search().is_none());
}

#[test]
fn search_smart_case_and_no_match() {
    let mut a = app(120, 40);
    press(&mut a, "] b");
    press(&mut a, "/ text:exosome enter");
    let insensitive = a.search().unwrap().matches.len();
    press(&mut a, "/ text:Exosome enter");
    let sensitive = a.search().unwrap().matches.len();
    assert!(
        insensitive > sensitive && sensitive > 0,
        "{insensitive} vs {sensitive}"
    );
    press(&mut a, "esc / text:zzqqzz enter");
    assert!(a.search().is_none());
    assert!(a.message().unwrap().contains("Pattern not found"));
    // Esc while typing puts the view back.
    press(&mut a, "g");
    press(&mut a, "/ text:Cho esc");
    assert_eq!(a.top(), 0);
    assert!(a.search().is_none());
}

#[test]
fn outline_jumps_to_a_section() {
    let mut a = app(120, 40);
    press(&mut a, "] b");
    press(&mut a, "o");
    let sections: Vec<String> = a
        .article()
        .sections
        .iter()
        .map(|s| s.title.clone())
        .collect();
    let glossary = sections.iter().position(|t| t == "Glossary").unwrap();
    for _ in 0..glossary {
        press(&mut a, "j");
    }
    assert_eq!(a.overlay(), &Overlay::Outline { selected: glossary });
    press(&mut a, "enter");
    assert_eq!(a.overlay(), &Overlay::None);
    assert_eq!(a.current_section(), Some("Glossary"));
    let heading = a.article().sections[glossary].blocks.start;
    assert_eq!(top_block(&a), Some(heading));
    press(&mut a, "o esc");
    assert_eq!(a.overlay(), &Overlay::None);
}

#[test]
fn help_lists_every_binding_and_filters() {
    let mut a = app(120, 40);
    press(&mut a, "h");
    assert!(matches!(a.overlay(), Overlay::Help { .. }));
    let all = a.help_lines("");
    assert_eq!(all.len(), scholion::keymap::Action::ALL.len());
    assert!(all
        .iter()
        .any(|(k, d)| k.contains("Ctrl-o") && d.contains("back")));
    press(&mut a, "text:quit");
    let Overlay::Help { filter, .. } = a.overlay().clone() else {
        panic!()
    };
    assert_eq!(filter, "quit");
    let rows = a.help_lines(&filter);
    assert_eq!(rows.len(), 1);
    assert!(rows[0].0.contains('q'));
    // q typed into the filter does not quit.
    press(&mut a, "backspace backspace backspace backspace esc");
    assert_eq!(a.overlay(), &Overlay::None);
    assert_eq!(press(&mut a, "q"), Effect::Quit);
}

#[test]
fn sidebar_toggles_and_becomes_an_overlay_when_narrow() {
    let mut a = app(120, 40);
    assert!(a.geometry().sidebar.is_some());
    let wide_text = a.geometry().text_width();
    press(&mut a, "s");
    assert!(a.geometry().sidebar.is_none());
    assert!(a.geometry().text_width() > wide_text);
    press(&mut a, "s");
    assert!(a.geometry().sidebar.is_some());
    a.update(Msg::Resize(70, 30));
    assert!(a.geometry().sidebar.is_none());
    press(&mut a, "s");
    assert!(matches!(a.overlay(), Overlay::Sidebar { .. }));
    press(&mut a, "s");
    assert_eq!(a.overlay(), &Overlay::None);
}

#[test]
fn resize_keeps_the_paragraph_and_character() {
    let mut a = app(120, 40);
    press(&mut a, "] b");
    for _ in 0..37 {
        press(&mut a, "j");
    }
    let (block, byte) = a.layout().position_of(a.top()).unwrap();
    for (w, h) in [(60, 20), (200, 50), (33, 9), (120, 40)] {
        a.update(Msg::Resize(w, h));
        let line = &a.layout().lines[a.top()];
        assert_eq!(line.block(), Some(block), "at {w}x{h}");
        assert!(
            line.range().start <= byte && byte <= line.range().end,
            "at {w}x{h}: {:?} does not hold {byte}",
            line.range()
        );
    }
}

#[test]
fn unbound_key_and_quit() {
    let mut a = app(120, 40);
    press(&mut a, "z");
    assert!(a.message().unwrap().contains("not bound"));
    assert_eq!(press(&mut a, "ctrl-c"), Effect::Quit);
    assert_eq!(
        a.update(Msg::Resize(120, 40)),
        Effect::None,
        "same size: nothing to redraw"
    );
}

#[test]
fn every_size_is_safe() {
    let mut a = app(120, 40);
    tab_to(&mut a, "[8]");
    for (w, h) in [
        (0, 0),
        (1, 1),
        (19, 5),
        (20, 6),
        (2, 80),
        (300, 3),
        (80, 24),
    ] {
        a.update(Msg::Resize(w, h));
        press(&mut a, "j tab G shift-tab ? esc o esc L esc s s");
    }
}

#[test]
fn user_keymap_rebinds_and_warns() {
    let text = "[keys]\nline_down = [\"e\"]\nno_such_action = [\"x\"]\nquit = [\"hyper-q\"]\n";
    let (map, warnings) = Keymap::with_user_file(text, "my.toml");
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(warnings[0].contains("unknown action `no_such_action`"));
    assert!(warnings[1].contains("unknown key name `hyper-q`"));
    let mut a = reader_with_keys(bundled(), map, 120, 40);
    press(&mut a, "e");
    assert_eq!(a.top(), 1);
    press(&mut a, "j");
    assert_eq!(a.top(), 1, "j is no longer bound");
    assert_eq!(press(&mut a, "q"), Effect::Quit, "quit kept its default");
    let (_, warnings) = Keymap::with_user_file("not toml [", "bad.toml");
    assert!(warnings[0].starts_with("bad.toml:1:"), "{warnings:?}");
}

#[test]
fn shipped_keymap_parses_without_warnings() {
    let (_, warnings) =
        Keymap::with_user_file(scholion::keymap::DEFAULT_KEYMAP, "assets/keymap.toml");
    assert!(warnings.is_empty(), "{warnings:?}");
}

#[test]
fn resolved_citation_jumps_to_its_reference_and_counts_citations() {
    let doc = "---\ntitle: Own list\n---\n\nFirst [2]. Again [2,3].\n\n## References\n\n1. Alpha, A. One. J. 1, 1 (2001).\n2. Beta, B. Two. J. 2, 2 (2002).\n3. Gamma, C. Three. J. 3, 3 (2003).\n";
    let mut a = App::new(
        library(&[("own.md", doc)]),
        Keymap::default(),
        LayoutOptions {
            ascii: false,
            ..Default::default()
        },
        100,
        30,
    );
    press(&mut a, "tab");
    assert_eq!(a.focus_text(), Some("[2]"));
    let side = a.sidebar_content();
    assert_eq!(
        side.entries,
        [SidebarEntry::Reference {
            target: N(2),
            index: 1,
            times_cited: 2
        }]
    );
    press(&mut a, "enter");
    let block = a.article().reference(2).unwrap().block;
    assert_eq!(a.mark(), Some(block));
    assert!(a.message().unwrap().contains("Reference 2"));
    let line = a.layout().block_lines[block].start;
    assert!(line >= a.top() && line < a.top() + a.body_height());
    press(&mut a, "ctrl-o");
    assert_eq!(a.focus_text(), Some("[2]"));
}

#[test]
fn mouse_click_follows_and_wheel_scrolls() {
    let mut a = app(120, 40);
    a.update(Msg::Scroll(3));
    assert_eq!(a.top(), 3);
    a.update(Msg::Scroll(-3));
    assert_eq!(a.top(), 0);
    // Click on the first [8]: the review opens at reference 101.
    let (i, anchor) = a
        .layout()
        .anchors
        .iter()
        .enumerate()
        .find(|(_, x)| a.article().blocks[x.block()].text[x.range()] == *"[8]")
        .map(|(i, x)| (i, *x))
        .unwrap();
    let _ = i;
    a.update(Msg::Click(
        1 + anchor.col() as u16,
        (anchor.line() - a.top()) as u16,
    ));
    assert_eq!(a.current(), find(a.library(), REVIEW));
}

#[test]
fn the_whole_library_replaces_the_first_part_in_place() {
    // The first screen of a long article comes from its first part; when the rest has been
    // read, the same place and focus stay on screen.
    let mut text = String::from("---\ntitle: Long\n---\n\n");
    for i in 0..400 {
        text.push_str(&format!(
            "Paragraph {i} about exosomes and citations [{}].\n\n",
            i % 3 + 1
        ));
    }
    text.push_str(
        "## Glossary\n\nExosomes\n: Vesicles.\n\n## References\n\n1. A, B. One. J. 1, 1 (2001).\n",
    );
    let cut = text.find("Paragraph 200").unwrap();
    let part = scholion::formats::markdown::parse_markdown("long.md", &text[..cut]);
    let whole = scholion::formats::markdown::parse_markdown("long.md", &text);
    let mut a = crate::common::reader(scholion::library::Library::new(vec![part]), 80, 24);
    press(&mut a, "j j j j j tab tab tab");
    let focus = a.focus_text().map(str::to_string);
    let top = a.layout().position_of(a.top());
    a.replace_library(scholion::library::Library::new(vec![whole]));
    assert_eq!(a.layout().position_of(a.top()), top);
    assert_eq!(a.focus_text().map(str::to_string), focus);
    // The terms of the glossary at the end are found now, and the end is the real end.
    assert!(a.library().occurrences(0).len() > 100);
    press(&mut a, "G");
    let last = a.layout().lines.last().unwrap().block().unwrap();
    assert_eq!(a.article().section_of(last).unwrap().title, "References");
    assert_eq!(a.top() + a.body_height(), a.layout().lines.len());
}

#[test]
fn a_search_narrowed_as_it_is_typed_finds_what_a_fresh_search_finds() {
    let mut a = app(120, 40);
    press(&mut a, "] b");
    for pattern in ["exosomes", "the cells", "Ann Oncol", "aaa", "ee"] {
        press(&mut a, "g /");
        for c in pattern.chars() {
            let key = scholion::keymap::Key::plain(scholion::keymap::KeyCode::Char(c));
            a.update(Msg::Key(key));
            let s = a.search().unwrap();
            let fresh = scholion::app::find_matches(a.article(), &s.pattern);
            assert_eq!(s.matches, fresh, "{:?}", s.pattern);
            assert!(!s.capped);
        }
        press(&mut a, "esc");
    }
}

#[test]
fn a_common_pattern_on_a_large_article_holds_a_window_of_matches() {
    use scholion::app::MAX_MATCHES;
    let doc = corpus::pathological::generated(2 * 1024 * 1024);
    let art = scholion::formats::markdown::parse_markdown("big.md", &doc);
    let all = scholion::app::find_matches(&art, "e").len();
    assert!(all > 2 * MAX_MATCHES, "{all}");
    let mut a = crate::common::reader(scholion::library::Library::new(vec![art]), 120, 40);
    press(&mut a, "G k k / text:e");
    let s = a.search().unwrap();
    assert!(s.capped);
    assert_eq!(s.matches.len(), MAX_MATCHES);
    // The window starts where the search did: the current match is in view.
    let (b, r) = s.matches[s.current.unwrap()].clone();
    let line = a.layout().locate(a.article(), b, r.start).0;
    assert!(line >= a.top() && line < a.top() + a.body_height());
    press(&mut a, "enter");
    // Stepping past the window's end moves the window; the match is the next in the text.
    let (b0, r0) = {
        let s = a.search().unwrap();
        s.matches[s.matches.len() - 1].clone()
    };
    let steps = MAX_MATCHES - 1 - a.search().unwrap().current.unwrap();
    for _ in 0..steps {
        a.update(Msg::Action(scholion::keymap::Action::SearchNext));
    }
    let s = a.search().unwrap();
    assert_eq!(s.matches[s.current.unwrap()], (b0, r0.clone()));
    press(&mut a, "n");
    let s = a.search().unwrap();
    let (b1, r1) = s.matches[s.current.unwrap()].clone();
    assert!(
        (b1, r1.start) > (b0, r0.start) || b1 < b0,
        "did not move on"
    );
    assert!(s.matches.len() <= MAX_MATCHES);
    // And back again.
    press(&mut a, "N");
    let s = a.search().unwrap();
    assert_eq!(s.matches[s.current.unwrap()], (b0, r0));
    assert!(s.matches.len() <= MAX_MATCHES);
}

#[test]
fn a_search_in_an_article_with_no_blocks_finds_nothing() {
    let art = scholion::load::parse_bytes(
        "empty.xml",
        b"<article><front><article-meta><title-group><article-title>Empty</article-title></title-group></article-meta></front><body></body></article>",
    )
    .unwrap();
    assert!(art.blocks.is_empty());
    assert!(scholion::app::find_matches(&art, "a").is_empty());
    let mut a = crate::common::reader(scholion::library::Library::new(vec![art]), 80, 24);
    press(&mut a, "/ text:em");
    let s = a.search().unwrap();
    assert!(s.matches.is_empty() && s.current.is_none());
    press(&mut a, "enter n N");
}

#[test]
fn a_popup_stops_scrolling_where_its_content_ends_without_asking_the_view() {
    // The state lays the popup out itself: no message from the view tells it how long it is.
    let mut a = app(80, 24);
    press(&mut a, "h");
    // Letters type the help's filter; the arrows scroll it.
    for _ in 0..300 {
        press(&mut a, "down");
    }
    let Overlay::Help { scroll, .. } = a.overlay().clone() else {
        panic!("help is not open: {:?}", a.overlay());
    };
    let popup = a.popup().expect("the help popup laid out");
    assert!(popup.max_scroll() > 0, "the help is longer than 24 rows");
    assert_eq!(scroll, popup.max_scroll());
    assert_eq!(popup.scroll, scroll);
    assert_eq!(
        press(&mut a, "down"),
        Effect::None,
        "nothing moves past the end"
    );
    // A larger screen shows more of it: the scroll comes back to the new end.
    a.update(Msg::Resize(120, 60));
    let Overlay::Help { scroll: after, .. } = a.overlay().clone() else {
        panic!("help closed on resize");
    };
    assert_eq!(after, a.popup().unwrap().max_scroll());
    assert!(after < scroll);
}

#[test]
fn counts_lines_and_percentages_as_less_and_vim_take_them() {
    // The review: long enough for every motion to land short of its end.
    let mut a = app(120, 40);
    press(&mut a, "] b");
    let h = a.body_height();
    press(&mut a, "text:10j");
    assert_eq!(a.top(), 10, "10j");
    press(&mut a, "text:3k");
    assert_eq!(a.top(), 7, "3k");
    press(&mut a, "ctrl-e ctrl-e ctrl-y");
    assert_eq!(a.top(), 8, "ctrl-e and ctrl-y scroll a line");
    press(&mut a, "g ctrl-f");
    assert_eq!(a.top(), h - 1, "ctrl-f pages down as space does");
    press(&mut a, "ctrl-b");
    assert_eq!(a.top(), 0, "ctrl-b pages up");
    press(&mut a, "text:2 space");
    assert_eq!(a.top(), 2 * (h - 1), "a count of pages");
    press(&mut a, "text:25G");
    assert_eq!(a.top(), 24, "NG puts line N at the top");
    press(&mut a, "text:1G");
    assert_eq!(a.top(), 0);
    let lines = a.layout().lines.len();
    press(&mut a, "text:50%");
    assert_eq!(a.top(), lines / 2, "N% goes N percent of the way");
    press(&mut a, "G text:0%");
    assert_eq!(a.top(), 0, "0% is the top");
    // A count is shown while it is typed, and Esc forgets it.
    press(&mut a, "text:12");
    assert_eq!(a.message(), Some("12"));
    press(&mut a, "esc j");
    assert_eq!(a.top(), 1, "the count was forgotten");
}

#[test]
fn marks_remember_places_in_the_article_and_across_the_library() {
    let mut a = app(120, 40);
    press(&mut a, "] b");
    let bottom = a.layout().lines.len() - a.body_height();
    press(&mut a, "text:30j text:ma");
    assert_eq!(a.message(), Some("Mark a set"));
    press(&mut a, "G text:'a");
    assert_eq!(a.top(), 30, "'a comes back to mark a");
    press(&mut a, "ctrl-o");
    assert_eq!(a.top(), bottom, "ctrl-o returns");
    // A capital mark is the library's: it opens its article.
    let first = a.current();
    press(&mut a, "g text:5j text:mR");
    let marked = top_block(&a);
    press(&mut a, "] b");
    assert_ne!(a.current(), first);
    press(&mut a, "text:'R");
    assert_eq!(a.current(), first);
    assert_eq!(top_block(&a), marked, "the marked paragraph at the top");
    // A small letter's mark is the article's own.
    press(&mut a, "] b text:'a");
    assert_eq!(a.message(), Some("No mark a in this article"));
    press(&mut a, "text:m1");
    assert_eq!(
        a.message(),
        Some("A mark is a letter: a–z in the article, A–Z across the library")
    );
}

#[test]
fn question_mark_searches_backward_and_h_opens_the_help() {
    let mut a = app(120, 40);
    press(&mut a, "] b G");
    let bottom = a.top();
    // `?exosome`: the match nearest above the top of the view, and `n` goes on upward.
    press(&mut a, "? text:exosome enter");
    let s = a.search().unwrap();
    assert!(!s.typing);
    let place = |a: &App| {
        let s = a.search().unwrap();
        let (b, r) = s.matches[s.current.unwrap()].clone();
        (b, r.start)
    };
    let first = place(&a);
    let origin = a.layout().position_of(bottom).unwrap();
    assert!(first < origin, "{first:?} is above {origin:?}");
    let after: Vec<_> = s
        .matches
        .iter()
        .filter(|(b, r)| (*b, r.start) > first && (*b, r.start) < origin)
        .collect();
    assert!(
        after.is_empty(),
        "no match between it and the top: {after:?}"
    );
    press(&mut a, "n");
    assert!(place(&a) < first, "n goes on backward");
    press(&mut a, "N");
    assert_eq!(place(&a), first, "N goes forward");
    // The help moved to `h` (and F1), as in less.
    press(&mut a, "esc h");
    assert!(matches!(a.overlay(), Overlay::Help { .. }));
    press(&mut a, "esc f1");
    assert!(matches!(a.overlay(), Overlay::Help { .. }));
}

#[test]
fn colon_and_a_number_goes_to_that_line() {
    let mut a = app(120, 40);
    press(&mut a, "] b text:5j");
    let before = top_block(&a);
    press(&mut a, "text::4");
    assert_eq!(a.message(), Some(":4"));
    press(&mut a, "text:0 backspace text:2 enter");
    assert_eq!(a.top(), 41, ":42 puts line 42 at the top");
    press(&mut a, "ctrl-o");
    assert_eq!(top_block(&a), before, "a jump: ctrl-o returns");
    let back = a.top();
    press(&mut a, "text::9 esc");
    assert_eq!(a.top(), back, "Esc leaves the prompt");
    assert_eq!(a.message(), None);
}

#[test]
fn citations_and_terms_have_motions_of_their_own() {
    let mut a = app(120, 40);
    // Tab visits every anchor: in the viewpoint the glossary's terms come first.
    let mut tabs = 0;
    while a.focus_text() != Some("[8]") && tabs < 100 {
        press(&mut a, "tab");
        tabs += 1;
    }
    let mut a = app(120, 40);
    let mut cs = 0;
    while a.focus_text() != Some("[8]") && cs < 100 {
        press(&mut a, "c");
        cs += 1;
        assert!(matches!(a.focus_kind(), Some(AnchorKind::Citation(_))));
    }
    assert!(cs < tabs, "c reaches [8] in {cs} presses, Tab in {tabs}");
    press(&mut a, "C");
    assert!(matches!(a.focus_kind(), Some(AnchorKind::Citation(_))));
    press(&mut a, "t");
    assert!(matches!(a.focus_kind(), Some(AnchorKind::Term(_))));
    press(&mut a, "T");
    assert!(matches!(a.focus_kind(), Some(AnchorKind::Term(_))));
    // A count: the third citation on.
    let mut one = app(120, 40);
    press(&mut one, "c c c");
    let mut three = app(120, 40);
    press(&mut three, "text:3c");
    assert_eq!(three.focus_text(), one.focus_text());
}

#[test]
fn below_80_columns_the_references_overlay_follows_tab_and_enter() {
    let mut a = app(60, 20);
    let review = find(a.library(), REVIEW);
    tab_to(&mut a, "[8]");
    press(&mut a, "s");
    assert!(matches!(a.overlay(), Overlay::Sidebar { .. }));
    // Tab moves the focus under the overlay, which shows the focus's references.
    let at = a.focus();
    press(&mut a, "tab");
    assert!(matches!(a.overlay(), Overlay::Sidebar { .. }));
    assert_ne!(a.focus(), at);
    press(&mut a, "shift-tab");
    assert_eq!(a.focus(), at);
    assert!(matches!(a.overlay(), Overlay::Sidebar { .. }));
    // Enter does what it does beside the text: the suggested reference 101, in the review.
    press(&mut a, "enter");
    assert_eq!(a.overlay(), &Overlay::None);
    assert_eq!(a.current(), review);
    let r101 = a.library().article(review).reference(101).unwrap().block;
    assert_eq!(top_block(&a), Some(r101));
}

#[test]
fn the_margin_hides_itself_for_an_article_that_cites_nothing_and_s_brings_it_back() {
    let mut a = app(120, 40);
    assert!(a.geometry().sidebar.is_some(), "the viewpoint cites");
    press(&mut a, "] b");
    assert!(
        a.article().citations.is_empty(),
        "the review cites nothing in its text"
    );
    assert!(a.geometry().sidebar.is_none(), "so its margin is hidden");
    press(&mut a, "s");
    assert!(a.geometry().sidebar.is_some(), "s shows it");
    assert_eq!(
        a.message(),
        Some(scholion::app::MARGIN_EMPTY),
        "and says why it stays empty"
    );
    press(&mut a, "[ b");
    assert!(a.geometry().sidebar.is_some());
    press(&mut a, "s ] b");
    assert!(
        a.geometry().sidebar.is_none(),
        "hidden by s, hidden everywhere"
    );
    press(&mut a, "[ b s");
    assert!(a.geometry().sidebar.is_some());
}

#[test]
fn the_text_column_stays_readable_on_a_wide_terminal() {
    let mut a = app(200, 50);
    assert_eq!(a.geometry().text_width(), scholion::app::TEXT_MAX_WIDTH);
    let side = a.geometry().sidebar.expect("a margin beside it");
    assert!(side.width > 64, "the margin has the rest: {side:?}");
    press(&mut a, "s");
    assert_eq!(a.geometry().text_width(), scholion::app::TEXT_MAX_WIDTH);
    assert_eq!(
        a.layout().width,
        scholion::app::TEXT_MAX_WIDTH,
        "laid out to it"
    );
    // Narrower terminals are as before.
    let a = app(120, 40);
    assert!(a.geometry().text_width() < scholion::app::TEXT_MAX_WIDTH);
}

/// The titled sections of the open article, in order, with their first blocks.
fn titled_sections(a: &App) -> Vec<(String, usize)> {
    a.article()
        .sections
        .iter()
        .filter(|s| !s.title.is_empty())
        .map(|s| (s.title.clone(), s.blocks.start))
        .collect()
}

#[test]
fn section_motions_go_heading_to_heading_as_vim_does() {
    let mut a = app(120, 40);
    press(&mut a, "] b");
    let sections = titled_sections(&a);
    assert!(sections.len() > 8, "{sections:?}");
    // The review opens at its top, above its first heading: ]] brings each heading to the top.
    let first = sections
        .iter()
        .position(|&(_, b)| a.layout().locate(a.article(), b, 0).0 > 0)
        .unwrap();
    press(&mut a, "] ]");
    assert_eq!(top_block(&a), Some(sections[first].1));
    assert_eq!(a.current_section(), Some(sections[first].0.as_str()));
    assert_eq!(a.message(), Some(sections[first].0.as_str()));
    // A count goes that many on; [[ back; Ctrl-o returns from the jump.
    press(&mut a, "text:3 ] ]");
    assert_eq!(top_block(&a), Some(sections[first + 3].1));
    press(&mut a, "[ [");
    assert_eq!(top_block(&a), Some(sections[first + 2].1));
    press(&mut a, "ctrl-o");
    assert_eq!(top_block(&a), Some(sections[first + 3].1));
    // Inside a section, [[ goes to its own heading first.
    press(&mut a, "text:5j [ [");
    assert_eq!(top_block(&a), Some(sections[first + 3].1));
    // At the end there is no more.
    press(&mut a, "G ] ]");
    assert_eq!(a.message(), Some("No more sections below"));
}

#[test]
fn a_key_sequence_waits_for_its_second_key_and_esc_drops_it() {
    let mut a = app(120, 40);
    let viewpoint = a.current();
    press(&mut a, "]");
    assert_eq!(
        a.typed_keys().as_deref(),
        Some("]"),
        "shown as vim shows it"
    );
    assert_eq!(a.current(), viewpoint, "] alone does nothing yet");
    press(&mut a, "b");
    assert_ne!(a.current(), viewpoint, "]b: the next article");
    assert_eq!(a.typed_keys(), None);
    press(&mut a, "[ b");
    assert_eq!(a.current(), viewpoint);
    press(&mut a, "] x");
    assert_eq!(
        a.message(),
        Some("]x is not bound to anything; h lists the keys")
    );
    assert_eq!(a.current(), viewpoint);
    press(&mut a, "text:12 ] esc");
    assert_eq!(a.typed_keys(), None);
    press(&mut a, "j");
    assert_eq!(a.top(), 1, "the count went with Esc");
}

#[test]
fn a_keymap_file_binds_sequences() {
    use scholion::keymap::Action;
    let (map, warnings) = Keymap::with_user_file(
        "[keys]\nnext_article = [\"gt\"]\nprev_article = [\"g T\"]\ntop = [\"home\"]\nnext_section = [\"nosuchkey\"]\n",
        "keymap.toml",
    );
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains("nosuchkey"), "{warnings:?}");
    assert_eq!(map.first_key(Action::NextArticle).as_deref(), Some("gt"));
    assert_eq!(
        map.first_key(Action::NextSection).as_deref(),
        Some("]]"),
        "a bad name keeps the default"
    );
    let mut a = reader_with_keys(bundled(), map, 120, 40);
    let first = a.current();
    press(&mut a, "g t");
    assert_ne!(a.current(), first);
    press(&mut a, "g T");
    assert_eq!(a.current(), first);
    // Where `g` is still a key of its own, `gt` could never be typed, and the file is told so.
    let (_, warnings) = Keymap::with_user_file("[keys]\nnext_article = [\"gt\"]\n", "keymap.toml");
    assert_eq!(
        warnings,
        ["keymap.toml: `gt` for `next_article` can never be typed: `g` is `top`"]
    );
}
