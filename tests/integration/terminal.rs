//! The terminal and the connection, end to end in a pseudo-terminal: a hostile file, a dropped
//! connection, signals, any size and a storm of resizes. Each time the terminal is left as the
//! shell had it.

use crate::corpus;
use crate::pty;
use pty::Pty;
use std::time::{Duration, Instant};

const READY: &str = "Exosomes are small";

#[test]
fn a_hostile_file_sends_nothing_of_its_own_to_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let md = dir.path().join("hostile.md");
    let xml = dir.path().join("hostile.xml");
    let all: String = corpus::PAYLOADS
        .iter()
        .map(|(_, p)| *p)
        .collect::<Vec<_>>()
        .join(" ");
    std::fs::write(&md, corpus::markdown_with(&all).replace('\u{0}', "")).unwrap();
    std::fs::write(&xml, corpus::jats_with(&all)).unwrap();
    let mut p = Pty::spawn(&[md.to_str().unwrap(), xml.to_str().unwrap()], 100, 30, &[]);
    p.wait_for("Body");
    for keys in [
        "\t", "\t", "\t", "\r", "\u{1b}", "G", "g", "o", "\u{1b}", "L", "\u{1b}", "]b", "\t", "\r",
        "\u{1b}", "h", "\u{1b}", "s",
    ] {
        p.send(keys);
    }
    p.send("q");
    assert_eq!(p.wait_exit(), 0);
    let bad = corpus::audit(&p.raw.lock().unwrap());
    // scholion's own restore sequence is on the allow-list; nothing else may appear.
    assert!(bad.is_empty(), "{bad:?}");
    p.assert_restored();
}

#[test]
fn a_hang_up_with_sighup_ignored_ends_the_reader_within_a_second() {
    let mut p = Pty::spawn_via_shell("trap '' HUP; exec \"$0\" \"$@\"", &[], 80, 24);
    p.wait_for(READY);
    p.hang_up();
    let start = Instant::now();
    let before = p.cpu_ticks();
    let code = p.wait_exit_within(Duration::from_secs(1));
    assert!(
        code.is_some(),
        "still running {:?} after the hang-up",
        start.elapsed()
    );
    // It did not spin while it lasted: well under a second of CPU.
    if let Some(b) = before {
        assert!(b < 100, "{b} ticks of CPU");
    }
}

#[test]
fn a_plain_hang_up_ends_the_reader_too() {
    let mut p = Pty::spawn(&[], 80, 24, &[]);
    p.wait_for(READY);
    p.hang_up();
    assert!(p.wait_exit_within(Duration::from_secs(1)).is_some());
}

#[test]
fn idle_means_no_cpu() {
    let p = Pty::spawn(&[], 80, 24, &[]);
    p.wait_for(READY);
    std::thread::sleep(Duration::from_millis(300));
    let a = p.cpu_ticks().expect("running");
    std::thread::sleep(Duration::from_millis(1500));
    let b = p.cpu_ticks().expect("running");
    assert!(b - a <= 1, "{} ticks of CPU in 1.5 s of idling", b - a);
}

#[test]
fn every_signal_restores_the_terminal() {
    for sig in ["TERM", "INT", "QUIT", "HUP"] {
        let mut p = Pty::spawn(&[], 80, 24, &[]);
        p.wait_for(READY);
        let pid = p.child.process_id().unwrap();
        let ok = std::process::Command::new("sh")
            .args(["-c", &format!("kill -{sig} {pid}")])
            .status()
            .unwrap();
        assert!(ok.success());
        let code = p.wait_exit();
        assert_ne!(code, 0, "SIG{sig}");
        p.assert_restored();
        let raw = p.raw_text();
        let tail = &raw[raw.rfind("\u{1b}[?1049l").unwrap_or(0).saturating_sub(120)..];
        for mode in [
            "\u{1b}[?2026l",
            "\u{1b}[?1000l",
            "\u{1b}[?2004l",
            "\u{1b}[?1004l",
            "\u{1b}[r",
            "\u{1b}[0m",
        ] {
            assert!(tail.contains(mode), "SIG{sig}: {mode:?} not reset");
        }
    }
}

#[test]
fn any_size_from_nothing_up() {
    let mut p = Pty::spawn(&[], 80, 24, &[]);
    p.wait_for(READY);
    for (w, h) in [
        (0, 0),
        (1, 1),
        (0, 24),
        (80, 0),
        (2, 2),
        (10, 3),
        (19, 5),
        (20, 6),
        (1, 40),
        (300, 2),
    ] {
        p.resize(w, h);
        p.send("j");
        p.send("\t");
        std::thread::sleep(Duration::from_millis(30));
        assert!(p.child.try_wait().unwrap().is_none(), "exited at {w}x{h}");
    }
    p.resize(90, 28);
    p.wait_until("a normal screen at 90x28", |p| {
        let s = p.status();
        s.contains("h help") && s.trim_end().chars().count() <= 90
    });
    p.send("q");
    assert_eq!(p.wait_exit(), 0);
    p.assert_restored();
}

#[test]
fn a_storm_of_resizes_draws_the_last_size_once() {
    let mut p = Pty::spawn(&[], 80, 24, &[]);
    p.wait_for(READY);
    let first_frame = p.settled_screen();
    let first_bytes = p.raw.lock().unwrap().len();
    let before = p.raw.lock().unwrap().len();
    for i in 0..300u16 {
        p.resize(40 + (i * 7) % 160, 10 + (i * 3) % 50);
    }
    p.resize(100, 30);
    p.wait_until("the last size", |p| {
        p.status().contains("h help") && p.screen().contains("not in the reference list")
    });
    let _ = p.settled_screen();
    let storm = p.raw.lock().unwrap().len() - before;
    assert!(p.child.try_wait().unwrap().is_none());
    // Resizes that arrive together are drawn once: far fewer frames than resizes.
    assert!(
        storm < 60 * first_bytes,
        "{storm} bytes for 301 resizes, a full frame is about {first_bytes}"
    );
    assert!(!first_frame.is_empty());
    p.send("q");
    assert_eq!(p.wait_exit(), 0);
    p.assert_restored();
}
