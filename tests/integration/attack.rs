//! What an attacker tried that once got through: output a document or a file name controls,
//! files that are not files, and a terminal that suspends, hangs up, or claims to be enormous.
//! Each test failed on the code before its fix.

use crate::corpus;
use crate::pty;
use corpus::{audit_plain, pathological};
use pty::Pty;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const READY: &str = "Exosomes are small";

fn scholion(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_scholion"))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run scholion")
}

fn run(args: &[&str]) -> Output {
    let args: Vec<&std::ffi::OsStr> = args.iter().map(std::ffi::OsStr::new).collect();
    scholion(&args)
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

/// Every line of standard error is one `scholion: ` line.
fn assert_one_line_each(stderr: &[u8], count: usize) {
    let text = String::from_utf8_lossy(stderr);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), count, "{text}");
    assert!(lines.iter().all(|l| l.starts_with("scholion: ")), "{text}");
}

// ----- Output that a document or a file name controls -----

/// A JATS file whose unknown entities are named with escape sequences: a title set by OSC 0,
/// and a full reset (`ESC c`).
fn entity_attack(dir: &Path) -> PathBuf {
    write(
        dir,
        "entities.xml",
        "<article><front><article-meta><title-group><article-title>T &\u{1b}]0;pwned\u{7}; and \
         &\u{1b}c; and &\u{9b}2J;</article-title></title-group></article-meta></front>\
         <body><p>Body text.</p></body></article>",
    )
}

#[test]
fn inspect_never_prints_an_entity_name_a_document_chose() {
    let dir = tempfile::tempdir().unwrap();
    let f = entity_attack(dir.path());
    for json in [false, true] {
        let mut args = vec!["inspect"];
        if json {
            args.push("--json");
        }
        args.push(f.to_str().unwrap());
        let out = run(&args);
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("unknown entities"), "{text}");
        let bad = audit_plain(&out.stdout);
        assert!(bad.is_empty(), "json {json}: {bad:?}\n{text}");
        assert!(audit_plain(&out.stderr).is_empty());
    }
}

#[test]
fn the_model_holds_no_control_in_a_diagnostic() {
    let dir = tempfile::tempdir().unwrap();
    let a = scholion::load::load_file(&entity_attack(dir.path())).unwrap();
    assert!(!a.diagnostics.is_empty());
    for d in &a.diagnostics {
        assert!(!d.message.chars().any(char::is_control), "{:?}", d.message);
    }
}

#[test]
fn json_escapes_c1_del_and_bidi_even_when_a_string_escaped_the_sanitiser() {
    let report = serde_json::json!({ "t": "a\u{9b}31mb\u{7f}c\u{202e}d\u{85}" });
    let json = scholion::sanitize::to_json(&report).unwrap();
    assert!(audit_plain(json.as_bytes()).is_empty(), "{json}");
    assert!(json.contains("\\u009b") && json.contains("\\u007f") && json.contains("\\u202e"));
    let back: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(back, report);
}

#[test]
fn an_argument_error_shows_a_file_name_and_sends_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let name = "--\u{1b}]52;c;aGVsbG8=\u{7}.md";
    write(dir.path(), name, "# A\n");
    let out = Command::new(env!("CARGO_BIN_EXE_scholion"))
        .arg(name)
        .current_dir(dir.path())
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--\u{241b}.md"), "{err}");
    let bad = audit_plain(&out.stderr);
    assert!(bad.is_empty(), "{bad:?}\n{err}");
    assert!(audit_plain(&out.stdout).is_empty());
}

#[test]
fn a_line_break_in_a_file_name_forges_no_line() {
    let out = run(&["inspect", "missing\nscholion: all is well", "gone.md"]);
    assert_one_line_each(&out.stderr, 2);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("missing\u{240a}scholion: all is well: no such file"),
        "{err}"
    );
}

#[test]
fn a_line_break_in_a_keymap_name_forges_no_line() {
    let mut p = Pty::spawn(&["--keymap", "km\nscholion: forged"], 100, 20, &[]);
    p.wait_for(READY);
    assert!(
        p.status().contains("km\u{240a}scholion: forged"),
        "{}",
        p.status()
    );
    p.send("q");
    assert_eq!(p.wait_exit(), 0);
    let screen = p.screen();
    assert!(
        screen.contains("scholion: km\u{240a}scholion: forged: no such file"),
        "{screen}"
    );
    assert!(!screen.lines().any(|l| l.starts_with("scholion: forged")));
}

#[test]
fn import_of_a_link_holding_a_paragraph_does_not_panic() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        dir.path(),
        "boundary.xml",
        "<article><body><p>A<ext-link xlink:href=\"h\"><p></p>\u{e9}</ext-link></p></body></article>",
    );
    let out = run(&["import", f.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(!err.contains("panicked"));
    assert!(String::from_utf8_lossy(&out.stdout).contains('\u{e9}'));
}

#[test]
fn a_closed_pipe_ends_inspect_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let big = write(
        dir.path(),
        "big.md",
        pathological::generated(2 * 1024 * 1024),
    );
    let mut child = Command::new(env!("CARGO_BIN_EXE_scholion"))
        .args(["inspect", "--json", big.to_str().unwrap()])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut head = [0u8; 100];
    child.stdout.take().unwrap().read_exact(&mut head).unwrap();
    // The reader has gone (`| head -c 100`).
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.is_empty(), "{err}");
    assert_eq!(out.status.code(), Some(141));
}

// ----- Files that are not files -----

#[test]
fn a_device_is_refused_not_read() {
    let out = run(&["inspect", "/dev/zero"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("/dev/zero: a character device, not a regular file"),
        "{err}"
    );
}

#[test]
fn a_link_to_a_device_in_a_folder_is_reported_and_the_rest_loads() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "good.md", "---\ntitle: Good\n---\n\nText.\n");
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("zero.md")).unwrap();
    std::os::unix::fs::symlink(dir.path(), dir.path().join("loop.md")).unwrap();
    let out = run(&["inspect", dir.path().to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("zero.md: a character device, not a regular file"),
        "{err}"
    );
    assert!(err.contains("loop.md: a link to a folder"), "{err}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("== Good =="));
}

#[test]
fn a_link_to_a_folder_is_reported_whatever_its_name() {
    // The README: a link to a folder inside a folder is reported and not followed. One named
    // like any folder was passed over without a word.
    let dir = tempfile::tempdir().unwrap();
    let other = tempfile::tempdir().unwrap();
    write(dir.path(), "good.md", "---\ntitle: Good\n---\n\nText.\n");
    write(
        other.path(),
        "elsewhere.md",
        "---\ntitle: Elsewhere\n---\n\nText.\n",
    );
    std::os::unix::fs::symlink(other.path(), dir.path().join("more-papers")).unwrap();
    let out = run(&["inspect", dir.path().to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("more-papers: a link to a folder"), "{err}");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("== Good ==") && !text.contains("Elsewhere"),
        "{text}"
    );
}

#[test]
fn a_fifo_never_blocks() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.md");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    // As an argument of inspect, and read as a folder's file would be after a swap.
    let start = Instant::now();
    let out = run(&["inspect", fifo.to_str().unwrap()]);
    assert!(start.elapsed() < Duration::from_secs(10));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("pipe.md: a FIFO (named pipe), not a regular file"),
        "{err}"
    );
    let e = scholion::load::load_file(&fifo).unwrap_err();
    assert!(e.to_string().contains("FIFO"), "{e}");
    // As the keymap of the reader: the reader starts and says so.
    let mut p = Pty::spawn(&["--keymap", fifo.to_str().unwrap()], 100, 20, &[]);
    p.wait_until("the FIFO in the status line", |p| {
        p.status().contains("FIFO")
    });
    p.send("q");
    assert_eq!(p.wait_exit(), 0);
}

#[test]
fn a_huge_sparse_file_is_refused_by_its_size() {
    let dir = tempfile::tempdir().unwrap();
    let f = std::fs::File::create(dir.path().join("huge.md")).unwrap();
    f.set_len(2 << 30).unwrap();
    let out = run(&["inspect", dir.path().join("huge.md").to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("huge.md: too large (2147 MB); scholion reads files of up to 134 MB"),
        "{err}"
    );
}

#[test]
fn binary_is_decided_from_the_head() {
    let dir = tempfile::tempdir().unwrap();
    // Under the cap, all NUL: called binary from its first bytes.
    let f = std::fs::File::create(dir.path().join("zeros.md")).unwrap();
    f.set_len(100 << 20).unwrap();
    let mut buf = Vec::new();
    let e = scholion::load::read_regular(
        &dir.path().join("zeros.md"),
        "zeros.md",
        scholion::load::MAX_FILE_BYTES,
        &mut buf,
    )
    .unwrap_err();
    assert!(e.to_string().contains("binary"), "{e}");
    assert!(buf.len() <= 8192, "{} bytes read", buf.len());
}

// ----- The terminal -----

/// The state letter of process `pid` (`T` when stopped).
fn state(pid: u32) -> char {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    stat.rsplit_once(") ")
        .and_then(|(_, rest)| rest.chars().next())
        .unwrap_or('?')
}

fn wait_state(pid: u32, want: char) {
    let start = Instant::now();
    while state(pid) != want {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "state {} not {want}",
            state(pid)
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn ctrl_z_and_sigtstp_suspend_and_continue_redraws() {
    for how in ["key", "signal"] {
        let mut p = Pty::spawn(&[], 100, 30, &[]);
        p.wait_for(READY);
        let pid = p.child.process_id().unwrap();
        p.raw.lock().unwrap().clear();
        if how == "key" {
            p.send("\u{1a}");
        } else {
            Command::new("kill")
                .args(["-TSTP", &pid.to_string()])
                .status()
                .unwrap();
        }
        wait_state(pid, 'T');
        // The bytes written before the stop may still be on their way to the emulator.
        p.wait_until("the terminal given back", |p| {
            p.raw_text().contains("\u{1b}[?1049l")
        });
        {
            // Before it stopped, the terminal was given back: main screen, cursor shown.
            let raw = p.raw_text();
            let leave = raw
                .find("\u{1b}[?1049l")
                .expect("left the alternate screen");
            assert!(
                raw[leave..].contains("\u{1b}[?25h"),
                "{how}: cursor hidden: {raw:?}"
            );
            assert!(!raw[..leave].contains("\u{1b}[?1049h"), "{how}: {raw:?}");
        }
        Command::new("kill")
            .args(["-CONT", &pid.to_string()])
            .status()
            .unwrap();
        p.wait_until("the reader drawn again", |p| {
            p.parser.lock().unwrap().screen().alternate_screen() && p.screen().contains(READY)
        });
        // Drawn whole: the frame after continuing clears the screen first.
        let raw = p.raw_text();
        let back = raw
            .rfind("\u{1b}[?1049h")
            .expect("the alternate screen again");
        assert!(
            raw[back..].contains("\u{1b}[2J"),
            "{how}: not redrawn whole"
        );
        // Keys work again, in raw mode (no Enter needed).
        p.send("q");
        assert_eq!(p.wait_exit(), 0, "{how}");
        p.assert_restored();
    }
}

#[test]
fn a_hang_up_while_a_large_file_loads_ends_within_a_second() {
    let dir = tempfile::tempdir().unwrap();
    // A large JATS file: the first article, read whole before the first screen.
    let mut xml = String::from("<article><front><article-meta><title-group><article-title>Big</article-title></title-group></article-meta></front><body>");
    while xml.len() < 30 * 1024 * 1024 {
        xml.push_str("<sec><title>S</title><p>Extracellular vesicles carry <italic>cargo</italic> between cells [<xref ref-type=\"bibr\" rid=\"r1\">1</xref>].</p></sec>");
    }
    xml.push_str("</body><back><ref-list><ref id=\"r1\"><mixed-citation>Luga V. Cell. 2012.</mixed-citation></ref></ref-list></back></article>");
    let f = write(dir.path(), "big.xml", xml);
    // A terminal of its own, with no reader of its output: the hang-up is the master closing,
    // which happens the moment it is dropped.
    use portable_pty::{native_pty_system, CommandBuilder, PtySize};
    let pair = native_pty_system()
        .openpty(PtySize {
            rows: 24,
            cols: 80,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new("sh");
    cmd.args(["-c", "trap '' HUP; exec \"$0\" \"$@\""]);
    cmd.arg(env!("CARGO_BIN_EXE_scholion"));
    cmd.arg(&f);
    cmd.env("TERM", "xterm-256color");
    cmd.env("LANG", "C.UTF-8");
    let mut child = pair.slave.spawn_command(cmd).unwrap();
    drop(pair.slave);
    // Started, and still reading the file.
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        child.try_wait().unwrap().is_none(),
        "ended before the hang-up"
    );
    let start = Instant::now();
    drop(pair.master);
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(1) {
            let _ = child.kill();
            panic!("still running a second after the hang-up");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn an_enormous_window_is_clamped_and_the_terminal_restored() {
    let mut p = Pty::spawn_sized(&[], 65535, 65535, (120, 40), &[]);
    // The emulator shows the top-left corner of what is drawn.
    p.wait_for("Exosomes");
    p.send("G");
    std::thread::sleep(Duration::from_millis(300));
    let pid = p.child.process_id().unwrap();
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let peak_kb: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap();
    assert!(peak_kb < 400_000, "peak memory {peak_kb} kB");
    p.send("q");
    assert_eq!(p.wait_exit(), 0);
    p.assert_restored();
}

#[test]
fn ctrl_c_quits_whatever_the_keymap_says() {
    let dir = tempfile::tempdir().unwrap();
    let km = write(
        dir.path(),
        "keymap.toml",
        "[keys]\nquit = []\nsearch = [\"ctrl-c\"]\n",
    );
    let mut p = Pty::spawn(&["--keymap", km.to_str().unwrap()], 100, 20, &[]);
    p.wait_until("the keymap's warning", |p| {
        p.status().contains("ctrl-c always quits")
    });
    p.send("q");
    std::thread::sleep(Duration::from_millis(200));
    assert!(p.child.try_wait().unwrap().is_none(), "q still quit");
    // In the middle of typing a search, too.
    p.send("/");
    p.send("ex");
    p.send("\u{3}");
    assert_eq!(p.wait_exit(), 0);
    p.assert_restored_with(&format!(
        "scholion: {}: ctrl-c always quits; it is kept for `quit`",
        km.display()
    ));
}

#[test]
fn a_dumb_terminal_is_told_once_and_read_plainly() {
    for term in ["dumb", ""] {
        let mut p = Pty::spawn(&[], 100, 20, &[("TERM", term)]);
        p.wait_until("the note on TERM", |p| {
            p.status().contains("this terminal may not show everything")
        });
        // Plain: no colour in any attribute sequence.
        let raw = p.raw_text();
        for sgr in raw.split("\u{1b}[").skip(1) {
            let Some(end) = sgr.find(|c: char| !(c.is_ascii_digit() || c == ';')) else {
                continue;
            };
            if sgr[end..].starts_with('m') {
                for n in sgr[..end].split(';').filter_map(|n| n.parse::<u32>().ok()) {
                    assert!(
                        !matches!(n, 30..=38 | 40..=48 | 90..=97 | 100..=107),
                        "colour {n} sent with TERM={term:?}"
                    );
                }
            }
        }
        p.send("j");
        p.send("q");
        assert_eq!(p.wait_exit(), 0);
    }
}

#[test]
fn every_printed_form_is_plain_before_the_last_guard() {
    // What the fuzz target `output` checks, over the hostile corpus and the entity attack:
    // the report, the JSON, the imported Markdown and the error lines, as the library makes
    // them (before `main` sanitises what it prints once more).
    let dir = tempfile::tempdir().unwrap();
    let entities = std::fs::read(entity_attack(dir.path())).unwrap();
    let mut files: Vec<(&str, Vec<u8>)> = vec![("e.xml", entities)];
    for (_, payload) in corpus::PAYLOADS {
        files.push(("h.md", corpus::markdown_with(payload).into_bytes()));
        files.push(("h.xml", corpus::jats_with(payload).into_bytes()));
    }
    for (name, bytes) in &files {
        let article = match scholion::load::parse_bytes(name, bytes) {
            Ok(a) => a,
            Err(e) => {
                assert!(audit_plain(e.to_string().as_bytes()).is_empty(), "{e}");
                continue;
            }
        };
        for e in scholion::load::partial_errors(&article) {
            let line = e.to_string();
            assert!(
                !line.contains('\n') && audit_plain(line.as_bytes()).is_empty(),
                "{line:?}"
            );
        }
        let md = scholion::formats::to_markdown::to_markdown(&article, "test");
        let lib = scholion::library::Library::new(vec![article]);
        for (what, text) in [
            ("import", md),
            ("inspect", scholion::inspect::to_text(&lib)),
            ("json", scholion::inspect::to_json(&lib)),
        ] {
            let bad = audit_plain(text.as_bytes());
            assert!(bad.is_empty(), "{name} {what}: {bad:?}");
        }
    }
}

#[test]
fn an_unreadable_folder_and_subfolder_are_reported() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let top = dir.path().join("papers");
    let sub = top.join("locked");
    let shut = dir.path().join("shut");
    std::fs::create_dir_all(&sub).unwrap();
    std::fs::create_dir_all(&shut).unwrap();
    write(&top, "good.md", "---\ntitle: Good\n---\n\nText.\n");
    write(&sub, "hidden.md", "# Hidden\n");
    for d in [&top, &sub, &shut] {
        let mode = if d == &top { 0o755 } else { 0o000 };
        std::fs::set_permissions(d, std::fs::Permissions::from_mode(mode)).unwrap();
    }
    // Permissions do not stop root: as root, the reader runs as nobody.
    let mut cmd = if rustix::process::geteuid().is_root() {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"]);
        c.arg(env!("CARGO_BIN_EXE_scholion"));
        c
    } else {
        Command::new(env!("CARGO_BIN_EXE_scholion"))
    };
    let out = cmd
        .args(["inspect", top.to_str().unwrap(), shut.to_str().unwrap()])
        .stdin(Stdio::null())
        .output();
    for d in [&sub, &shut] {
        std::fs::set_permissions(d, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let Ok(out) = out else {
        eprintln!("skipped: setpriv is not available to run as another user");
        return;
    };
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("locked: a folder that cannot be read (permission denied)"),
        "{err}"
    );
    assert!(
        err.contains("shut: a folder that cannot be read (permission denied)"),
        "{err}"
    );
    assert!(!err.contains("no articles in it"), "{err}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("== Good =="));
}

#[test]
fn an_xml_error_quoting_a_line_break_stays_one_line() {
    // Found by the fuzz target `output`: the parser's message quotes the bad tag, line break
    // and all.
    let e = scholion::load::parse_bytes("f.xml", b"\n</!1\x01\n<>").unwrap_err();
    let line = e.to_string();
    assert!(!line.contains('\n'), "{line:?}");
    assert!(audit_plain(line.as_bytes()).is_empty(), "{line:?}");
}
