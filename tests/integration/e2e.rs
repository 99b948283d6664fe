//! The real binary in a pseudo-terminal, keys in, the screen read back through a terminal
//! emulator: what a new user sees.

use crate::pty;
use pty::Pty;

const ESC: &str = "\u{1b}";

/// Screen text with trailing blanks dropped from each line (cleared and blank-written cells
/// look the same to a reader).
fn trimmed(screen: &str) -> Vec<String> {
    screen.lines().map(|l| l.trim_end().to_string()).collect()
}
const CTRL_O: &str = "\u{f}";

/// From the viewpoint's first screen: Tab to the first [8], which is offered the review's
/// reference 101; Enter opens the review there; Ctrl-o comes back to the same screen.
fn follow_eight_and_come_back(p: &mut Pty) {
    p.press_until_status("\t", "[8]", 30);
    p.wait_for("Suggested for 8, from Extracellular");
    p.wait_for("101. Luga, V. et al.");
    let before_jump = p.settled_screen();
    p.send("\r");
    p.wait_until("reference 101 at the top", |p| {
        p.screen()
            .lines()
            .next()
            .is_some_and(|l| l.contains("101. Luga, V. et al. Exosomes mediate"))
    });
    p.wait_until("the jump's message", |p| {
        p.status().contains("reference 101")
    });
    p.send(CTRL_O);
    p.wait_until("back at [8], as before the jump", |p| {
        p.status().contains("[8]") && trimmed(&p.screen()) == trimmed(&before_jump)
    });
}

/// Open a list overlay with `key`, wait for `shown`, and choose its entry `n` (from 0).
fn pick(p: &mut Pty, key: &str, shown: &str, n: usize) {
    p.send(key);
    p.wait_for(shown);
    p.send("g");
    for _ in 0..n {
        p.send("j");
    }
    p.send("\r");
}

#[test]
fn walkthrough_of_the_bundled_library() {
    let mut p = Pty::spawn(&[], 120, 40, &[]);
    p.wait_for("Exosomes are small");
    p.wait_until("the title in the status line", |p| {
        p.status()
            .contains("Exosomes from cancer and stromal cells")
    });

    // Tab to [1-3]: the sidebar says its numbers are not in this article's list.
    p.press_until_status("\t", "[1-3]", 5);
    p.wait_for("1, 2, 3 — not in this article's");

    follow_eight_and_come_back(&mut p);

    // Tab to premetastatic niche; Enter shows the review's definition.
    p.press_until_status("\t", "premetastatic niche", 40);
    p.send("\r");
    p.wait_for("A microenvironment induced by factors released");
    p.wait_for("Defined in Extracellular vesicles in cancer");
    p.send(ESC);
    p.wait_until("popup closed", |p| !p.screen().contains("Defined in"));

    // ]b to the review; / Cho Enter, n; G; Ctrl-o returns to where the search started.
    p.send("]b");
    p.wait_until("the review", |p| {
        p.status()
            .contains("Review: Extracellular vesicles in cancer")
    });
    let search_origin = p.settled_screen();
    p.send("/");
    for c in "Cho".chars() {
        p.send(&c.to_string());
    }
    p.wait_until("a match count", |p| {
        p.status().contains("/Cho") && p.status().contains("1/")
    });
    p.send("\r");
    p.wait_for("Cho, J. A. et al.");
    p.send("n");
    p.send("G");
    p.wait_for("Fig. 3: Exosomes and pre-metastatic niche formation.");
    p.send(CTRL_O);
    p.wait_until("back where the search started", |p| {
        trimmed(&p.screen())[..39] == trimmed(&search_origin)[..39]
    });

    // o and Enter on Glossary jumps there.
    pick(&mut p, "o", "Outline — Enter jumps", 13);
    p.wait_until("the glossary", |p| {
        p.status().contains("Glossary")
            && p.screen()
                .lines()
                .any(|l| l.trim_start().starts_with("Glossary "))
    });

    // h lists every binding.
    p.send("h");
    p.wait_for("Keys — type to filter");
    for d in [
        "scroll down one line",
        "focus the next citation",
        "go back to where",
        "quit",
    ] {
        p.wait_for(d);
    }
    p.send(ESC);
    p.wait_until("help closed", |p| !p.screen().contains("Keys — type"));

    // q leaves a clean shell.
    p.send("q");
    assert_eq!(p.wait_exit(), 0);
    p.assert_restored();
}

#[test]
fn resize_rewraps_and_keeps_the_place() {
    let mut p = Pty::spawn(&[], 120, 40, &[]);
    p.wait_for("Exosomes are small");
    // One burst: the reader handles it as one frame.
    p.send("jjjjjjjjjjjj");
    p.wait_until("scrolled", |p| !p.screen().contains("Exosomes are small"));
    let top_before = p
        .settled_screen()
        .lines()
        .next()
        .unwrap()
        .trim()
        .to_string();
    let first_word = top_before.split_whitespace().next().unwrap().to_string();
    p.resize(70, 24);
    // Below 80 columns there is no sidebar pane, and the top line starts with the same word.
    p.wait_until("narrow layout", |p| {
        let s = p.screen();
        !s.contains("not in the reference list")
            && s.lines()
                .next()
                .is_some_and(|l| l.trim_start().starts_with(&first_word))
    });
    for line in p.screen().lines() {
        assert!(line.chars().count() <= 70);
    }
    p.resize(120, 40);
    p.wait_until("wide again", |p| {
        p.screen().contains("not in the reference list")
    });
    p.send("q");
    assert_eq!(p.wait_exit(), 0);
    p.assert_restored();
}

#[test]
fn no_color_means_no_colour() {
    let mut p = Pty::spawn(&[], 100, 30, &[("NO_COLOR", "1")]);
    p.wait_for("Exosomes are small");
    p.press_until_status("\t", "[1-3]", 5);
    {
        let parser = p.parser.lock().unwrap();
        let screen = parser.screen();
        let (rows, cols) = screen.size();
        let mut reversed = 0;
        for r in 0..rows {
            for c in 0..cols {
                let cell = screen.cell(r, c).unwrap();
                assert_eq!(cell.fgcolor(), vt100::Color::Default, "colour at {r},{c}");
                assert_eq!(cell.bgcolor(), vt100::Color::Default, "colour at {r},{c}");
                if cell.inverse() {
                    reversed += 1;
                }
            }
        }
        assert!(
            reversed > 0,
            "the focus and status line show by reverse video"
        );
    }
    // And with colour, the same screen has some.
    let mut q = Pty::spawn(&[], 100, 30, &[]);
    q.wait_for("Exosomes are small");
    q.press_until_status("\t", "[1-3]", 5);
    let coloured = {
        let parser = q.parser.lock().unwrap();
        let screen = parser.screen();
        (0..30).any(|r| {
            (0..100).any(|c| screen.cell(r, c).unwrap().fgcolor() != vt100::Color::Default)
        })
    };
    assert!(coloured);
    p.send("q");
    q.send("q");
    p.wait_exit();
    q.wait_exit();
}

#[test]
fn sigterm_restores_the_terminal() {
    let mut p = Pty::spawn(&[], 100, 30, &[]);
    p.wait_for("Exosomes are small");
    let pid = p.child.process_id().expect("pid");
    let ok = std::process::Command::new("sh")
        .args(["-c", &format!("kill -TERM {pid}")])
        .status()
        .unwrap();
    assert!(ok.success());
    let code = p.wait_exit();
    assert_ne!(code, 0);
    p.assert_restored();
}

/// Open a good article and `bad` (in the same folder), `cols` wide; wait until the good one is
/// shown and the status line names `problem`.
fn open_beside_good(bad: &std::path::Path, cols: u16, problem: &str) -> Pty {
    let good = bad.with_file_name("good.md");
    std::fs::write(&good, "---\ntitle: A good paper\n---\n\nSome text [1].\n").unwrap();
    let p = Pty::spawn(
        &[good.to_str().unwrap(), bad.to_str().unwrap()],
        cols,
        30,
        &[],
    );
    p.wait_for("Some text");
    p.wait_until("the problem in the status line", |p| {
        p.status().contains(problem)
    });
    p
}

#[test]
fn files_that_fail_are_reported_and_the_rest_opens() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.md");
    let mut p = open_beside_good(&missing, 100, "missing.md: no such file");
    p.send("q");
    assert_eq!(p.wait_exit(), 0);
    // The failures are listed again on the shell's screen, and nothing else is.
    p.assert_restored_with(&format!("scholion: {}: no such file", missing.display()));
}

#[test]
fn a_folder_reads_each_body_when_it_is_opened() {
    // The two bundled articles among twenty others: too many to read whole before the first
    // screen, so the others are indexed and their bodies read when opened.
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in scholion::load::BUNDLED {
        let file = std::path::Path::new(name).file_name().unwrap();
        std::fs::write(dir.path().join(file), text).unwrap();
    }
    for i in 0..20 {
        std::fs::write(
            dir.path().join(format!("other-{i:02}.md")),
            format!("---\ntitle: Other paper {i}\n---\n\nText of paper {i}.\n"),
        )
        .unwrap();
    }
    let mut p = Pty::spawn(&[dir.path().to_str().unwrap()], 120, 40, &[]);
    p.wait_for("Exosomes are small");
    p.wait_until("the whole folder read", |p| {
        p.status().contains("All 22 articles read")
    });
    // The viewpoint's [8] is offered the review's reference 101, read from its file.
    follow_eight_and_come_back(&mut p);
    // Three articles on in one burst: each key acts after the body the one before opened.
    p.send("]b]b]b");
    p.wait_for("Text of paper 1.");
    p.send("[b[b[b");
    p.wait_for("Exosomes are small");
    // A file removed since it was listed: the reader says so and stays.
    std::fs::remove_file(dir.path().join("other-05.md")).unwrap();
    pick(&mut p, "L", "Other paper 5", 7);
    p.wait_until("the failure in the status line", |p| {
        p.status().contains("other-05.md: no such file")
    });
    assert!(p.screen().contains("Exosomes"), "still in the viewpoint");
    p.send("q");
    assert_eq!(p.wait_exit(), 0);
}

#[test]
fn a_file_read_in_part_is_reported_once() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.xml");
    std::fs::write(
        &broken,
        "<article>\n<front><article-meta><title-group><article-title>Broken</article-title>\
         </title-group></article-meta></front>\n<body>\n<p>Fine.</p>\n\
         <p>Not <italic>fine</bold>.</p>\n</body></article>\n",
    )
    .unwrap();
    let mut p = open_beside_good(&broken, 200, "broken.xml:5: XML error");
    assert!(
        !p.status().contains("more; listed on exit"),
        "one problem, counted once: {}",
        p.status()
    );
    quit_listing_once(&mut p, "broken.xml:5: XML error");
}

/// Quit, and check that `problem` is listed exactly once on the shell's screen.
fn quit_listing_once(p: &mut Pty, problem: &str) {
    p.send("q");
    assert_eq!(p.wait_exit(), 0);
    let left = p.screen();
    assert_eq!(
        left.matches(problem).count(),
        1,
        "listed once on exit: {left}"
    );
}

#[test]
fn a_problem_only_the_whole_read_finds_is_reported() {
    // Listed from its front matter at first, the file turns out binary when read whole.
    let dir = tempfile::tempdir().unwrap();
    for i in 0..20 {
        std::fs::write(
            dir.path().join(format!("paper-{i:02}.md")),
            format!("---\ntitle: Paper {i}\n---\n\nSome text of paper {i}.\n"),
        )
        .unwrap();
    }
    let mut late = b"---\ntitle: Late trouble\n---\n\n".to_vec();
    late.extend(std::iter::repeat_n(b'a', 20_000));
    late.push(0);
    std::fs::write(dir.path().join("zz-late.md"), late).unwrap();
    let mut p = Pty::spawn(&[dir.path().to_str().unwrap()], 160, 30, &[]);
    p.wait_for("Some text of paper 0");
    p.wait_until("the problem in the status line", |p| {
        p.status().contains("zz-late.md: binary file")
    });
    quit_listing_once(&mut p, "zz-late.md: binary file");
}
