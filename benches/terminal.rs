//! The end-to-end terminal benchmark: the release binary in a pseudo-terminal, keys typed one
//! at a time (or in a burst), and the bytes it writes per key counted — what an ssh link
//! carries — with the time to the first screen. The same keys go to `less` on the same text,
//! when `less` is installed, and the ratio is printed.
//!
//! `cargo bench --bench terminal` (add `-- quick` for the review, the citation-dense article
//! and the bundled library's first screen against `less` only, `-- first` for that first
//! screen alone, `-- memory`
//! for first screens and peak memory only, `-- pdf` for the development PDFs beside
//! `pdftotext`)

#[path = "common/store.rs"]
mod big_store;
#[path = "common/generated.rs"]
mod generated;
use generated::generated_dense;

use portable_pty::{native_pty_system, CommandBuilder, PtySize};
use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// What `s` says when it shows the margin beside an article that cites nothing (the review).
const MARGIN_EMPTY: &str = "No in-text citations";
/// The program has finished a key when it has written nothing for this long.
const QUIET: Duration = Duration::from_millis(60);

struct Session {
    bytes: Arc<Mutex<Vec<u8>>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    _master: Box<dyn portable_pty::MasterPty + Send>,
    started: Instant,
}

impl Session {
    /// Start `program` with a store of its own, empty (a reader's first run), so that no run
    /// opens where another left off.
    fn spawn(program: &str, args: &[&str], cols: u16, rows: u16) -> Session {
        static RUN: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = RUN.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let data = std::env::temp_dir()
            .join("scholion-terminal-bench")
            .join(format!("data-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&data);
        Session::spawn_with_data(program, args, cols, rows, &data)
    }

    /// Start `program` with `data` as its XDG data folder (where the store is).
    fn spawn_with_data(
        program: &str,
        args: &[&str],
        cols: u16,
        rows: u16,
        data: &std::path::Path,
    ) -> Session {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("pty");
        let mut cmd = CommandBuilder::new(program);
        cmd.args(args);
        cmd.env("TERM", "xterm-256color");
        cmd.env("LANG", "C.UTF-8");
        cmd.env("LESSHISTFILE", "-");
        cmd.env("HOME", std::env::temp_dir());
        cmd.env("XDG_DATA_HOME", data);
        let started = Instant::now();
        let child = pair.slave.spawn_command(cmd).expect("spawn");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("reader");
        let writer = pair.master.take_writer().expect("writer");
        let bytes = Arc::new(Mutex::new(Vec::new()));
        let sink = bytes.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 65536];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        Session {
            bytes,
            writer,
            child,
            _master: pair.master,
            started,
        }
    }

    /// Peak resident memory of the program so far (VmHWM), in kB.
    fn peak_kb(&self) -> Option<u64> {
        let pid = self.child.process_id()?;
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
    }

    fn len(&self) -> usize {
        self.bytes.lock().unwrap().len()
    }

    /// Wait until `text` has been written; the time since the start.
    fn ready(&self, text: &str) -> Duration {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if String::from_utf8_lossy(&self.bytes.lock().unwrap()).contains(text) {
                return self.started.elapsed();
            }
            assert!(Instant::now() < deadline, "never showed {text:?}");
            std::thread::sleep(Duration::from_millis(1));
        }
    }

    fn quiet(&self) {
        let mut last = self.len();
        let mut since = Instant::now();
        let deadline = Instant::now() + Duration::from_secs(10);
        while since.elapsed() < QUIET && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(5));
            let now = self.len();
            if now != last {
                last = now;
                since = Instant::now();
            }
        }
    }

    /// Send `keys` and wait until the screen (as a terminal shows it: frames send only what
    /// changed) shows `text`; the time it took.
    fn key_to(&mut self, keys: &str, text: &str, (cols, rows): (u16, u16)) -> Duration {
        self.quiet();
        let mut screen = vt100::Parser::new(rows, cols, 0);
        let mut seen = self.len();
        screen.process(&self.bytes.lock().unwrap()[..seen]);
        let start = Instant::now();
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
        let deadline = start + Duration::from_secs(30);
        loop {
            let now = self.len();
            if now > seen {
                screen.process(&self.bytes.lock().unwrap()[seen..now]);
                seen = now;
                if screen.screen().contents().contains(text) {
                    return start.elapsed();
                }
            }
            assert!(Instant::now() < deadline, "never showed {text:?}");
            std::thread::sleep(Duration::from_micros(200));
        }
    }

    /// Send `keys` `times` times, waiting for quiet after each; bytes per press.
    fn phase(&mut self, keys: &str, times: usize, burst: bool) -> f64 {
        self.quiet();
        let before = self.len();
        if burst {
            self.writer
                .write_all(keys.repeat(times).as_bytes())
                .unwrap();
            self.writer.flush().unwrap();
            self.quiet();
        } else {
            for _ in 0..times {
                self.writer.write_all(keys.as_bytes()).unwrap();
                self.writer.flush().unwrap();
                self.quiet();
            }
        }
        (self.len() - before) as f64 / times as f64
    }

    fn quit(mut self, key: &str) {
        let _ = self.writer.write_all(key.as_bytes());
        let _ = self.writer.flush();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        let _ = self.child.kill();
    }
}

/// Words of the generated articles; the last four only in the 5 MB one.
const WORDS: [&str; 24] = [
    "exosomes",
    "vesicles",
    "the",
    "of",
    "and",
    "tumour",
    "cells",
    "in",
    "metastasis",
    "we",
    "show",
    "that",
    "protein",
    "RNA",
    "cargo",
    "uptake",
    "niche",
    "is",
    "a",
    "model",
    "data",
    "results",
    "[1]",
    "[2-4]",
];

/// A xorshift generator: the same text on every run.
struct Rng(u64);

impl Rng {
    /// A number below `n`, from the state as it is.
    fn peek(&self, n: usize) -> usize {
        (self.0 % n as u64) as usize
    }

    /// Step, then a number below `n`.
    fn next(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.peek(n)
    }
}

/// A paper-like Markdown article of about `bytes` bytes, one paragraph per line.
fn generated(bytes: usize) -> String {
    let mut s = String::from("---\ntitle: A generated article\n---\n\n");
    let mut rng = Rng(42);
    let mut section = 0;
    while s.len() < bytes {
        section += 1;
        s.push_str(&format!("## Section {section}\n\n"));
        for _ in 0..6 {
            let n = 60 + rng.peek(60);
            for i in 0..n {
                let w = WORDS[rng.next(WORDS.len())];
                if i > 0 {
                    s.push(' ');
                }
                s.push_str(w);
            }
            s.push_str(".\n\n");
        }
    }
    s.push_str("## Glossary\n\nExosomes\n: Small vesicles.\n");
    s
}

/// Article `i` of a generated library: about 28 kB of paper-like text with citations, named
/// authors, a glossary of three terms and a reference list of forty entries.
fn paper(i: usize) -> String {
    let surnames = [
        "Smith", "Luga", "Chen", "Garcia", "Okafor", "Novak", "Tanaka", "Silva", "Kumar", "Brown",
        "Meyer", "Rossi", "Dubois", "Kim", "Nguyen", "Haddad",
    ];
    let journals = [
        "Cell",
        "Nature",
        "Cancer Res",
        "J Cell Biol",
        "Nat Cell Biol",
        "PLoS One",
    ];
    let words = &WORDS[..20];
    let mut rng = Rng(i as u64 * 7919 + 1);
    let mut s = format!(
        "---\ntitle: Generated paper {i} on vesicle traffic\nauthors: [{} A, {} B]\nyear: {}\n---\n\n",
        surnames[i % 16],
        surnames[(i / 16) % 16],
        1990 + i % 35
    );
    let mut section = 0;
    while s.len() < 24 * 1024 {
        section += 1;
        s.push_str(&format!("## Section {section}\n\n"));
        for _ in 0..4 {
            s.push_str(&format!(
                "{} and colleagues found that",
                surnames[rng.next(16)]
            ));
            for k in 0..(80 + rng.next(40)) {
                s.push(' ');
                s.push_str(words[rng.next(words.len())]);
                if k % 23 == 22 {
                    s.push_str(&format!(" [{}]", 1 + rng.next(40)));
                }
            }
            s.push_str(&format!(
                " [{}-{}].\n\n",
                1 + rng.next(20),
                21 + rng.next(20)
            ));
        }
    }
    s.push_str("## Glossary\n\n");
    for t in 0..3 {
        s.push_str(&format!(
            "Vesicle marker {i}-{t}\n: A protein found on the vesicles of paper {i}.\n\n"
        ));
    }
    s.push_str("## References\n\n");
    for r in 1..=40 {
        s.push_str(&format!(
            "{r}. {} {}, {} {}. Title of cited work {r} on {} traffic. {}. {};{}:{}-{}.\n",
            surnames[rng.next(16)],
            ["A", "B", "C", "J"][rng.next(4)],
            surnames[rng.next(16)],
            ["K", "L", "M"][rng.next(3)],
            words[rng.next(words.len())],
            journals[rng.next(journals.len())],
            1990 + rng.next(35),
            1 + rng.next(200),
            100 + rng.next(800),
            900 + rng.next(99),
        ));
    }
    s
}

/// A folder of `n` generated articles; its size in bytes.
fn library_folder(dir: &std::path::Path, n: usize) -> u64 {
    std::fs::create_dir_all(dir).unwrap();
    let mut total = 0;
    for i in 0..n {
        let text = paper(i);
        total += text.len() as u64;
        std::fs::write(dir.join(format!("paper-{i:04}.md")), text).unwrap();
    }
    total
}

/// Open `args`, wait for `ready` and then for `settled` in the status line, step through
/// `steps` articles with `]b`; the time to first screen and the peak memory. A step that drew
/// no other article fails the run: the memory would not be what the row says.
fn open_and_walk(args: &[&str], ready: &str, settled: &str, steps: usize) -> (Duration, u64) {
    let bin = env!("CARGO_BIN_EXE_scholion");
    let mut s = Session::spawn(bin, args, 120, 40);
    let first = s.ready(ready);
    s.ready(settled);
    s.quiet();
    for step in 0..steps {
        let from = s.len();
        s.phase("]b", 1, false);
        assert!(
            s.len() - from > 1000,
            "step {step} with ]b drew no other article"
        );
    }
    let peak = s
        .peak_kb()
        .expect("the peak memory of the reader, read from /proc");
    s.quit("q");
    (first, peak)
}

/// First screen and peak memory: the bundled library, one small article, the 5 MB article,
/// folders of 300, 1,000 and 1,500 articles (the difference is what an article of a folder
/// costs; the README's memory target is for folders of up to about 1,500).
fn memory(dir: &std::path::Path, big: &str, rows: &mut Vec<Row>) {
    let small = dir.join("one-paper.md");
    std::fs::write(&small, paper(0)).unwrap();
    let small_bytes = std::fs::metadata(&small).unwrap().len();
    let folder = |n: usize| {
        let path = dir.join(format!("library-{n}"));
        let _ = std::fs::remove_dir_all(&path);
        let bytes = library_folder(&path, n);
        (path.to_str().unwrap().to_string(), bytes)
    };
    // A Manubot-sized manuscript beside the CSL-JSON bibliography its front matter names.
    let manubot = dir.join("manubot");
    std::fs::create_dir_all(&manubot).unwrap();
    std::fs::write(
        manubot.join("refs.json"),
        generated::generated_csl_json(600),
    )
    .unwrap();
    let manuscript = generated::generated_manubot(200_000);
    std::fs::write(manubot.join("manuscript.md"), &manuscript).unwrap();
    let (folder_300, _) = folder(300);
    let (folder_1000, folder_bytes) = folder(1000);
    let (folder_1500, folder_1500_bytes) = folder(1500);
    let cases = [
        (
            "bundled library (no arguments)".to_string(),
            String::new(),
            "Exosomes",
            "Exosomes",
            0,
        ),
        (
            format!("one {} kB article", small_bytes / 1000),
            small.to_str().unwrap().to_string(),
            "Section 1",
            "Generated paper 0",
            0,
        ),
        (
            format!(
                "Manubot-style {} kB manuscript, 600-item CSL-JSON",
                manuscript.len() / 1000
            ),
            manubot.join("manuscript.md").to_str().unwrap().to_string(),
            "Section 1",
            "Generated manuscript",
            0,
        ),
        (
            "5 MB article".to_string(),
            big.to_string(),
            "Section 1",
            "The whole article is read",
            0,
        ),
        (
            "300 articles, 20 opened".to_string(),
            folder_300,
            "Section 1",
            "All 300 articles read",
            20,
        ),
        (
            format!(
                "1,000 articles ({} MB), 20 opened",
                folder_bytes / 1_000_000
            ),
            folder_1000,
            "Section 1",
            "All 1000 articles read",
            20,
        ),
        (
            format!(
                "1,500 articles ({} MB), 20 opened",
                folder_1500_bytes / 1_000_000
            ),
            folder_1500,
            "Section 1",
            "All 1500 articles read",
            20,
        ),
    ];
    for (name, path, ready, settled, steps) in cases {
        let args: Vec<&str> = Some(path.as_str())
            .filter(|p| !p.is_empty())
            .into_iter()
            .collect();
        let (first, peak) = open_and_walk(&args, ready, settled, steps);
        rows.push(Row {
            name: format!("{name}: first screen (ms)"),
            ours: first.as_secs_f64() * 1000.0,
            less: None,
        });
        rows.push(Row {
            name: format!("{name}: peak memory (MB)"),
            ours: peak as f64 / 1024.0,
            less: None,
        });
    }
}

fn less_available() -> bool {
    std::process::Command::new("less")
        .arg("--version")
        .output()
        .is_ok()
}

struct Row {
    name: String,
    ours: f64,
    less: Option<f64>,
}

fn run(
    doc: &str,
    ready: &str,
    cols: u16,
    rows: u16,
    sidebar: bool,
    rows_out: &mut Vec<Row>,
    label: &str,
) {
    let bin = env!("CARGO_BIN_EXE_scholion");
    let mut s = Session::spawn(bin, &[doc], cols, rows);
    let first = s.ready(ready);
    s.quiet();
    // The margin starts shown beside an article that cites, hidden beside one that does not
    // (the review): `s` turns it to what the row says. The screen must change (the text
    // re-wraps, or the margin's notes go or come; beside an article that cites nothing, the
    // status line says the margin stays empty): a row that asked for a margin it never got,
    // or kept one it asked to hide, fails rather than measure the wrong screen.
    let text = std::fs::read_to_string(doc).expect("the document");
    let cites = !scholion::formats::markdown::parse_markdown(doc, &text)
        .citations
        .is_empty();
    if cites != sidebar {
        let screen = |s: &Session| {
            let mut vt = vt100::Parser::new(rows, cols, 0);
            vt.process(&s.bytes.lock().unwrap());
            vt.screen().contents()
        };
        let before = screen(&s);
        s.phase("s", 1, false);
        // A large article is laid out again first, which may take longer than a key's quiet.
        let deadline = Instant::now() + Duration::from_secs(10);
        while screen(&s) == before && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        s.quiet();
        let after = screen(&s);
        assert!(
            after != before && (!sidebar || cites || after.contains(MARGIN_EMPTY)),
            "{label} {cols}x{rows}: s did not turn the margin {}",
            if sidebar { "on" } else { "off" }
        );
    }
    let mut l = less_available().then(|| {
        let l = Session::spawn("less", &[doc], cols, rows);
        l.ready(&ready[..ready.len().min(8)]);
        l
    });
    let side = if sidebar { "sidebar" } else { "no sidebar" };
    let mut add = |name: &str, ours: f64, less: Option<f64>| {
        rows_out.push(Row {
            name: format!("{label} {cols}x{rows} {side}: {name}"),
            ours,
            less,
        });
    };
    add("first screen (ms)", first.as_secs_f64() * 1000.0, None);
    let phases: [(&str, &str, usize, bool); 7] = [
        ("j x100", "j", 100, false),
        ("k x100", "k", 100, false),
        ("j x100 burst", "j", 100, true),
        ("Space x20", " ", 20, false),
        ("G", "G", 1, false),
        ("Tab x20", "\t", 20, false),
        ("search /cells", "/cells\r", 1, false),
    ];
    for (name, keys, times, burst) in phases {
        if name == "G" || name.starts_with("search") {
            s.phase("g", 1, false);
            if let Some(l) = l.as_mut() {
                l.phase("g", 1, false);
            }
        }
        let ours = s.phase(keys, times, burst);
        let theirs = match (l.as_mut(), name) {
            (Some(_), "Tab x20") | (None, _) => None,
            (Some(l), _) => Some(l.phase(keys, times, burst)),
        };
        add(name, ours, theirs);
    }
    s.quit("q");
    if let Some(l) = l {
        l.quit("q");
    }
}

/// Run `program args` with its output discarded and its time taken, `n` times: the median,
/// or `None` when it failed.
fn timed(program: &str, args: &[&str], n: usize) -> Option<Duration> {
    let mut times = Vec::new();
    for _ in 0..n {
        let start = Instant::now();
        let status = std::process::Command::new(program)
            .args(args)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .ok()?;
        if !status.success() {
            return None;
        }
        times.push(start.elapsed());
    }
    Some(median(times))
}

/// The bundled library's first screen (no arguments) against `less` opening the bundled
/// review, medians of seven runs each, taken in turn in the same run: a row without `less`
/// fails, as it would measure nothing to compare.
fn first_screen_against_less(dir: &std::path::Path, review: &str, rows: &mut Vec<Row>) {
    assert!(
        less_available(),
        "less is not installed: the first screen has nothing to be compared with"
    );
    let bin = env!("CARGO_BIN_EXE_scholion");
    // A reader's store, made by an earlier run (as every run but the very first finds it).
    let data = store_made_by_a_run(dir, "data-kept");
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    for _ in 0..7 {
        let s = Session::spawn_with_data(bin, &[], 80, 24, &data);
        ours.push(s.ready("h help"));
        s.quit("q");
        let l = Session::spawn("less", &[review], 80, 24);
        theirs.push(l.ready("title:"));
        l.quit("q");
    }
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    rows.push(Row {
        name: "bundled library vs less on the review: first screen at 80x24 (ms)".into(),
        ours: ms(median(ours)),
        less: Some(ms(median(theirs))),
    });
}

/// A data folder `name` under `dir` whose store a first run of the reader made (empty of
/// places: the run moved nowhere).
fn store_made_by_a_run(dir: &std::path::Path, name: &str) -> std::path::PathBuf {
    let data = dir.join(name);
    let _ = std::fs::remove_dir_all(&data);
    let s = Session::spawn_with_data(env!("CARGO_BIN_EXE_scholion"), &[], 80, 24, &data);
    s.ready("h help");
    s.quit("q");
    assert!(
        data.join("scholion/store.sqlite3").exists(),
        "the store was made"
    );
    data
}

/// The bundled library's first screen with the store (a store that exists, empty; and a
/// long-time reader's: 10,000 articles' positions, 1,000 bookmarks, 10,000 notes) against
/// `--no-store`, medians of seven runs taken in turn; and, from that large store, the time
/// from `A` Tab to the library's notes drawn.
fn first_screen_with_store(dir: &std::path::Path, rows: &mut Vec<Row>) {
    let bin = env!("CARGO_BIN_EXE_scholion");
    let empty = store_made_by_a_run(dir, "data-empty");
    let large = dir.join("data-large");
    big_store::fill(&large.join("scholion/store.sqlite3"), 10_000, 1_000, 10_000);
    let (mut none, mut with_empty, mut with_large, mut listed, mut made) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for _ in 0..7 {
        // A reader's very first run: the store is made.
        let s = Session::spawn(bin, &[], 80, 24);
        made.push(s.ready("h help"));
        s.quit("q");
        let s = Session::spawn(bin, &["--no-store"], 80, 24);
        none.push(s.ready("h help"));
        s.quit("q");
        let s = Session::spawn_with_data(bin, &[], 80, 24, &empty);
        with_empty.push(s.ready("h help"));
        s.quit("q");
        let mut s = Session::spawn_with_data(bin, &[], 80, 24, &large);
        with_large.push(s.ready("h help"));
        listed.push(s.key_to("A\t", "Notes of the library (10", (80, 24)));
        s.quit("\x1bq");
    }
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let none = ms(median(none));
    rows.push(Row {
        name: "bundled library first screen at 80x24, with the store vs --no-store (ms)".into(),
        ours: ms(median(with_empty)),
        less: Some(none),
    });
    rows.push(Row {
        name: "same, the very first run (the store is made) vs --no-store (ms)".into(),
        ours: ms(median(made)),
        less: Some(none),
    });
    rows.push(Row {
        name: "same, store of 10k positions, 1k bookmarks, 10k notes vs --no-store (ms)".into(),
        ours: ms(median(with_large)),
        less: Some(none),
    });
    rows.push(Row {
        name: "that store: A Tab to the library's 10k notes drawn (ms)".into(),
        ours: ms(median(listed)),
        less: None,
    });
}

/// The median of `times` (at least one).
fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// The peak resident memory, in kB, of `program args` and every process it started (the
/// reader and the PDF reading process it runs), as GNU time reports it: the kernel keeps the
/// peak of a finished process's waited-for children.
fn peak_of(program: &str, args: &[&str]) -> u64 {
    let out = std::process::Command::new("/usr/bin/time")
        .args(["-f", "peak %M"])
        .arg(program)
        .args(args)
        .stdout(std::process::Stdio::null())
        .output()
        .expect("GNU time runs the command");
    String::from_utf8_lossy(&out.stderr)
        .lines()
        .find_map(|l| l.strip_prefix("peak "))
        .and_then(|kb| kb.trim().parse().ok())
        .unwrap_or_else(|| panic!("no peak memory measured for {program} {args:?}"))
}

/// Each development PDF (../shared/corpus/pdf, when it is beside the repository) against
/// `pdftotext` on the same file: scholion's first screen at 80×24 and its whole import against
/// the time `pdftotext` takes to extract the text, and the peak memory of each.
fn pdfs(rows: &mut Vec<Row>) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/pdf");
    assert!(
        dir.is_dir(),
        "../shared/corpus/pdf is not beside the repository: no PDF to measure"
    );
    assert!(
        std::process::Command::new("pdftotext")
            .arg("-v")
            .output()
            .is_ok(),
        "pdftotext is not installed (Debian: apt-get install poppler-utils): nothing to compare with"
    );
    assert!(
        std::path::Path::new("/usr/bin/time").exists(),
        "GNU time is not installed (Debian: apt-get install time): no peak memory to measure"
    );
    let bin = env!("CARGO_BIN_EXE_scholion");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "pdf"))
        .collect();
    files.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let mut measured = 0;
    for file in &files {
        let path = file.to_str().unwrap();
        let name = file.file_stem().unwrap().to_string_lossy();
        let extract = timed("pdftotext", &[path, "-"], 5).expect("pdftotext reads it");
        let Some(import) = timed(bin, &["import", path, "-o", "/dev/null"], 5) else {
            rows.push(Row {
                name: format!("{name}: not read by scholion"),
                ours: f64::NAN,
                less: None,
            });
            continue;
        };
        let first = median(
            (0..5)
                .map(|_| {
                    let s = Session::spawn(bin, &[path], 80, 24);
                    let t = s.ready("h help");
                    s.quit("q");
                    t
                })
                .collect(),
        );
        let ours_kb = peak_of(bin, &["import", path, "-o", "/dev/null"]);
        let theirs_kb = peak_of("pdftotext", &[path, "/dev/null"]);
        let mut add = |what: &str, ours: f64, theirs: f64| {
            rows.push(Row {
                name: format!("{name}: {what}"),
                ours,
                less: Some(theirs),
            })
        };
        add("first screen vs extract (ms)", ms(first), ms(extract));
        add("import vs extract (ms)", ms(import), ms(extract));
        add(
            "peak memory (MB)",
            ours_kb as f64 / 1024.0,
            theirs_kb as f64 / 1024.0,
        );
        measured += 1;
    }
    assert!(measured > 0, "no PDF was read: nothing measured");
}

fn main() {
    let quick = std::env::args().any(|a| a == "quick");
    let dir = std::env::temp_dir().join("scholion-terminal-bench");
    std::fs::create_dir_all(&dir).unwrap();
    let review = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/articles/extracellular-vesicles-in-cancer-review.md"
    );
    let big = dir.join("generated-5MB.md");
    std::fs::write(&big, generated(5 * 1024 * 1024)).unwrap();
    let big = big.to_str().unwrap().to_string();
    let mut rows = Vec::new();
    if std::env::args().any(|a| a == "pdf") {
        pdfs(&mut rows);
        print_rows(rows);
        return;
    }
    if std::env::args().any(|a| a == "memory") {
        memory(&dir, &big, &mut rows);
        print_rows(rows);
        return;
    }
    first_screen_against_less(&dir, review, &mut rows);
    first_screen_with_store(&dir, &mut rows);
    if std::env::args().any(|a| a == "first") {
        print_rows(rows);
        return;
    }
    // Every sentence cites and every citation resolves: what a review's margin carries.
    let dense = dir.join("citation-dense.md");
    std::fs::write(&dense, generated_dense(300 * 1024)).unwrap();
    let dense = dense.to_str().unwrap().to_string();
    for (cols, r) in [(80u16, 24u16), (200, 50)] {
        run(
            &dense,
            "Section 1",
            cols,
            r,
            true,
            &mut rows,
            "citation-dense",
        );
        for sidebar in [false, true] {
            run(review, "Abstract", cols, r, sidebar, &mut rows, "review");
            if !quick {
                run(&big, "Section 1", cols, r, sidebar, &mut rows, "5 MB");
            }
        }
    }
    if !quick {
        memory(&dir, &big, &mut rows);
    }
    print_rows(rows);
}

fn print_rows(rows: Vec<Row>) {
    println!("| case | scholion | less (pdftotext for a PDF) | ratio |");
    println!("|---|---|---|---|");
    for row in rows {
        match row.less {
            _ if row.ours.is_nan() => println!("| {} | | | |", row.name),
            Some(l) if l > 0.0 => println!(
                "| {} | {:.1} | {:.1} | {:.2} |",
                row.name,
                row.ours,
                l,
                row.ours / l
            ),
            _ => println!("| {} | {:.1} | | |", row.name, row.ours),
        }
    }
}
