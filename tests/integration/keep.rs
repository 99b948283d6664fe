//! What the reader keeps, through the real binary in a pseudo-terminal: read, quit, reopen at
//! the same place; two readers at once; a reader killed mid-write; a store that is not one; a
//! copy by OSC 52 decoded as a terminal would; a selection highlighted, annotated and written
//! out as Markdown.

use crate::pty::Pty;
use std::path::Path;

fn data_env(dir: &Path) -> [(&'static str, String); 1] {
    [("XDG_DATA_HOME", dir.display().to_string())]
}

fn spawn_in(dir: &Path, args: &[&str]) -> Pty {
    let env = data_env(dir);
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let p = Pty::spawn(args, 120, 40, &env);
    p.wait_for("h help");
    p
}

fn store_file(dir: &Path) -> std::path::PathBuf {
    dir.join("scholion").join("store.sqlite3")
}

fn quit(mut p: Pty) {
    p.send("q");
    assert_eq!(p.wait_exit(), 0, "{}", p.screen());
}

#[test]
fn read_quit_reopen_is_the_same_place() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = spawn_in(dir.path(), &[]);
    p.send("]b");
    p.send("]]");
    p.send("]]");
    p.send("3j");
    p.wait_until("in Key points", |p| p.status().contains("Key points"));
    p.settled_screen();
    let top = p.top_line();
    assert!(!top.is_empty());
    quit(p);

    // Again: the viewpoint at its top, the review where it was.
    let mut p = spawn_in(dir.path(), &[]);
    assert!(p.status().contains("Top"), "{}", p.status());
    p.send("]b");
    p.wait_for("Back at §Key points");
    assert_eq!(p.top_line(), top);
    quit(p);

    // --last: straight back to the review, at that place.
    let env = data_env(dir.path());
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let p = Pty::spawn(&["--last"], 120, 40, &env);
    p.wait_for("Back at §Key points");
    assert_eq!(p.top_line(), top);
    assert!(
        p.status().contains("Extracellular vesicles"),
        "{}",
        p.status()
    );
    quit(p);
}

#[test]
fn two_readers_at_once_both_keep_what_they_did() {
    let dir = tempfile::tempdir().unwrap();
    let mut one = spawn_in(dir.path(), &[]);
    let mut two = spawn_in(dir.path(), &[]);
    // One reads the viewpoint's end, the other the review; both set marks, in turn.
    one.send("G");
    one.send("mV");
    one.wait_for("Mark V set");
    two.send("]b");
    two.send("]]");
    two.send("mR");
    two.wait_for("Mark R set");
    one.send("ma");
    two.send("ma");
    one.wait_for("Mark a set");
    two.wait_for("Mark a set");
    quit(one);
    quit(two);

    let mut p = spawn_in(dir.path(), &[]);
    p.send("'R");
    p.wait_until("at mark R", |p| {
        p.status().contains("Mark R") && p.status().contains("Abstract")
    });
    p.send("'V");
    p.wait_until("at mark V", |p| {
        p.status().contains("Mark V") && p.status().contains("Bot")
    });
    // Each article's own mark a.
    p.send("g");
    p.send("'a");
    p.wait_until("the viewpoint's a", |p| p.status().contains("Bot"));
    p.send("]b");
    p.send("'a");
    p.wait_until("the review's a", |p| p.status().contains("Abstract"));
    quit(p);
}

#[test]
fn a_reader_killed_mid_write_loses_at_most_its_last_action() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = spawn_in(dir.path(), &[]);
    p.send("]b");
    p.send("]]");
    p.send("mk");
    p.wait_for("Mark k set");
    // A burst of actions, the last one writing as the process is killed.
    for _ in 0..5 {
        p.send("j");
    }
    p.send("mz");
    let pid = p.pid();
    let killed = std::process::Command::new("kill")
        .args(["-9", &pid.to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    p.wait_exit();

    let mut p = spawn_in(dir.path(), &[]);
    assert!(
        !p.status().contains("store"),
        "the store opened without a word: {}",
        p.status()
    );
    p.send("]b");
    p.send("'k");
    p.wait_until("mark k", |p| {
        p.status().contains("Mark k") && p.status().contains("Abstract")
    });
    quit(p);
}

#[test]
fn a_store_that_is_not_one_is_set_aside_and_the_reader_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let file = store_file(dir.path());
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    let junk = b"my own notes, where the store would be\n".repeat(50);
    std::fs::write(&file, &junk).unwrap();
    let mut p = spawn_in(dir.path(), &[]);
    p.wait_until("the store's word", |p| p.status().contains("set aside as"));
    p.send("5j");
    p.send("mq");
    p.wait_for("Mark q set");
    quit(p);
    let aside: Vec<_> = std::fs::read_dir(file.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().contains("store.sqlite3.unreadable-"))
        .collect();
    assert_eq!(aside.len(), 1, "{aside:?}");
    assert_eq!(std::fs::read(&aside[0]).unwrap(), junk);
    // The new store keeps what this session did.
    let mut p = spawn_in(dir.path(), &[]);
    p.send("'q");
    p.wait_for("Mark q");
    quit(p);
}

/// What a terminal makes of the bytes: the text each OSC 52 puts on the clipboard, and every
/// other sequence that is not drawing.
#[derive(Default)]
struct Clipboard {
    copied: Vec<String>,
    other: Vec<String>,
}

impl vte::Perform for Clipboard {
    fn osc_dispatch(&mut self, params: &[&[u8]], _bell: bool) {
        match params {
            [b"52", b"c", payload] => {
                use base64::Engine;
                let bytes = base64::engine::general_purpose::STANDARD
                    .decode(payload)
                    .expect("base64");
                self.copied.push(String::from_utf8(bytes).expect("UTF-8"));
            }
            _ => self.other.push(format!("OSC {params:?}")),
        }
    }
    fn hook(&mut self, _: &vte::Params, i: &[u8], _: bool, action: char) {
        self.other.push(format!("DCS {i:?} {action}"));
    }
    fn esc_dispatch(&mut self, i: &[u8], _: bool, byte: u8) {
        self.other.push(format!("ESC {i:?} {}", byte as char));
    }
}

/// The bytes written since `from`, once the screen settled.
fn written_since(p: &Pty, from: usize) -> Vec<u8> {
    p.settled_screen();
    p.raw.lock().unwrap()[from..].to_vec()
}

fn clipboard_of(bytes: &[u8]) -> Clipboard {
    let mut c = Clipboard::default();
    vte::Parser::new().advance(&mut c, bytes);
    c
}

#[test]
fn yank_sends_exactly_the_reference_and_the_quote_by_osc_52() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = spawn_in(dir.path(), &[]);
    // [8] → the review's reference 101, then its BibTeX.
    p.send("ccccc\r");
    p.wait_until("reference 101", |p| p.top_line().starts_with("101. Luga"));
    let from = p.raw.lock().unwrap().len();
    p.send("yb");
    p.wait_for("Copied BibTeX entry");
    let c = clipboard_of(&written_since(&p, from));
    let lib = crate::common::bundled();
    let review = crate::common::find(&lib, "review.md");
    let r101 = lib
        .article(review)
        .references
        .iter()
        .find(|r| r.number == 101)
        .unwrap();
    let expected = scholion::export::write(&[r101], scholion::export::Format::Bibtex);
    assert_eq!(c.copied, [expected], "exactly the entry, once");
    assert!(c.other.is_empty(), "{:?}", c.other);
    // And every other byte is drawing of scholion's own.
    let bad = crate::corpus::audit(&written_since(&p, from));
    assert_eq!(bad.len(), 1, "{bad:?}");
    assert!(bad[0].starts_with("OSC [\"52\", \"c\""), "{bad:?}");

    // The DOI alone.
    // The reference as it is written.
    let from = p.raw.lock().unwrap().len();
    p.send("yy");
    p.wait_for("Copied reference");
    let c = clipboard_of(&written_since(&p, from));
    assert_eq!(c.copied, std::slice::from_ref(&r101.text));

    // A selection in the review's abstract, as a quote with its citation.
    p.send("gg");
    p.send("]]");
    p.wait_for("Abstract");
    p.send("v");
    p.send("ww");
    p.wait_for("3 words selected");
    let from = p.raw.lock().unwrap().len();
    p.send("y");
    p.wait_for("Copied the quote with its citation");
    let c = clipboard_of(&written_since(&p, from));
    assert_eq!(
        c.copied,
        ["“The sustained growth” (Xu et al. 2018), doi:10.1038/s41571-018-0036-9"]
    );
    quit(p);
}

#[test]
fn inside_tmux_the_copy_goes_through_its_passthrough() {
    let dir = tempfile::tempdir().unwrap();
    let env = [
        ("XDG_DATA_HOME", dir.path().to_str().unwrap()),
        ("TMUX", "/tmp/tmux-1000/default,1234,0"),
    ];
    let mut p = Pty::spawn(&[], 120, 40, &env);
    p.wait_for("Exosomes are small");
    p.send("ccccc\r");
    p.wait_until("reference 101", |p| p.top_line().starts_with("101. Luga"));
    let from = p.raw.lock().unwrap().len();
    p.send("yy");
    p.wait_for("Copied reference");
    let bytes = written_since(&p, from);
    let text = String::from_utf8_lossy(&bytes);
    let start = text.find("\x1bPtmux;").expect("a tmux passthrough");
    let end = start + text[start..].find("\x1b\\").expect("its end");
    let inner = text[start + "\x1bPtmux;".len()..end].replace("\x1b\x1b", "\x1b");
    let copied = scholion::osc::decode_copy(&inner).expect("an OSC 52 inside");
    assert!(
        copied.starts_with("Luga, V. et al. Exosomes mediate stromal mobilization"),
        "{copied}"
    );
    quit(p);
}

#[test]
fn a_selection_highlighted_and_annotated_is_written_out_as_markdown() {
    let dir = tempfile::tempdir().unwrap();
    let editor = dir.path().join("editor.sh");
    std::fs::write(
        &editor,
        "#!/bin/sh\nprintf 'A longer note,\\nwritten in the editor.\\n' > \"$1\"\n",
    )
    .unwrap();
    std::fs::set_permissions(&editor, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let env = [
        ("XDG_DATA_HOME", dir.path().to_str().unwrap()),
        ("EDITOR", editor.to_str().unwrap()),
        ("VISUAL", ""),
    ];
    let mut p = Pty::spawn(&[], 120, 40, &env);
    p.wait_for("Exosomes are small");
    p.send("]b");
    p.send("]]");
    p.wait_for("Abstract");
    // Three words highlighted: drawn in the text.
    p.send("v");
    p.send("ww");
    p.send("h");
    p.wait_for("Highlighted");
    let (row, col) = {
        let s = p.screen();
        let row = s
            .lines()
            .position(|l| l.contains("The sustained growth"))
            .unwrap();
        (
            row as u16,
            s.lines().nth(row).unwrap().find("sustained").unwrap() as u16,
        )
    };
    let highlighted = |p: &Pty, col: u16| p.background(row, col) != vt100::Color::Default;
    assert!(highlighted(&p, col), "the highlight is drawn");
    // A sentence on, with a note typed in place.
    p.send("j");
    p.send("v");
    p.send(")");
    p.send("a");
    for c in "compare with Luga 2012".chars() {
        p.send(&c.to_string());
    }
    p.send("\r");
    p.wait_for("Note kept");
    // And one written in $EDITOR.
    p.send("v");
    p.send("A");
    p.wait_for("Note kept");
    // The notes overlay lists the three.
    p.send("A");
    p.wait_for("Notes of this article (3)");
    assert!(
        p.screen().contains("compare with Luga 2012"),
        "{}",
        p.screen()
    );
    p.send("\u{1b}");
    quit(p);

    let out = std::process::Command::new(env!("CARGO_BIN_EXE_scholion"))
        .args(["notes"])
        .env("XDG_DATA_HOME", dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(
        md.contains("## Extracellular vesicles in cancer — implications for future improvements in cancer care"),
        "{md}"
    );
    assert!(
        md.contains("> The sustained growth\n>\n> — §Abstract, (Xu et al. 2018), doi:10.1038/s41571-018-0036-9\n"),
        "{md}"
    );
    assert!(md.contains("\ncompare with Luga 2012\n"), "{md}");
    assert!(
        md.contains("\nA longer note,\nwritten in the editor.\n"),
        "{md}"
    );
    assert!(crate::corpus::audit_plain(md.as_bytes()).is_empty());

    let out = std::process::Command::new(env!("CARGO_BIN_EXE_scholion"))
        .args(["notes", "--format", "json"])
        .env("XDG_DATA_HOME", dir.path())
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 3);
}

#[test]
fn a_doi_is_a_hyperlink_and_x_copies_it_where_there_is_no_display() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = spawn_in(dir.path(), &[]);
    let from = p.raw.lock().unwrap().len();
    p.send("]b");
    p.wait_for("doi:10.1038/s41571-018-0036-9");
    let drawn = written_since(&p, from);
    let text = String::from_utf8_lossy(&drawn);
    // Inside the link: the DOI as shown (with its colour), and nothing else.
    let open = "\x1b]8;;https://doi.org/10.1038/s41571-018-0036-9\x1b\\";
    let start = text.find(open).expect("the header's DOI is a link") + open.len();
    let end = start + text[start..].find("\x1b]8;;\x1b\\").expect("the link ends");
    let inside = regex::Regex::new("\x1b\\[[0-9;]*m")
        .unwrap()
        .replace_all(&text[start..end], "");
    assert_eq!(inside, "doi:10.1038/s41571-018-0036-9");
    let from = p.raw.lock().unwrap().len();
    p.send("x");
    p.wait_for("No display here: copied https://doi.org/10.1038/s41571-018-0036-9");
    let c = clipboard_of(&written_since(&p, from));
    assert_eq!(c.copied, ["https://doi.org/10.1038/s41571-018-0036-9"]);
    quit(p);
}

#[test]
fn help_says_where_the_store_is_and_a_name_with_escapes_is_shown_not_sent() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_scholion"))
        .arg("--help")
        .env("XDG_DATA_HOME", "/srv/data\x1b]0;pwned\x07")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("are kept in /srv/data"), "{text}");
    assert!(text.contains("scholion/store.sqlite3"), "{text}");
    assert!(text.contains("--no-store"), "{text}");
    assert!(!text.contains('\x1b') && !text.contains('\x07'), "{text:?}");
}
