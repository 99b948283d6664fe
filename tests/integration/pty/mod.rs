//! Running the real binary in a pseudo-terminal and reading its screen back through a
//! terminal emulator.
#![allow(dead_code)]

use portable_pty::{native_pty_system, Child, CommandBuilder, MasterPty, PtySize};
use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub const TIMEOUT: Duration = Duration::from_secs(15);

pub struct Pty {
    pub child: Box<dyn Child + Send + Sync>,
    master: Option<Box<dyn MasterPty + Send>>,
    writer: Option<Box<dyn Write + Send>>,
    pub parser: Arc<Mutex<vt100::Parser>>,
    /// Every byte the program wrote.
    pub raw: Arc<Mutex<Vec<u8>>>,
    stop: Arc<std::sync::atomic::AtomicBool>,
    reader: Option<std::thread::JoinHandle<()>>,
    /// The data folder (the store) of this reader, removed with it.
    _data: tempfile::TempDir,
}

impl Pty {
    /// Start scholion with `args` in a `cols` × `rows` terminal, with `env` set.
    pub fn spawn(args: &[&str], cols: u16, rows: u16, env: &[(&str, &str)]) -> Pty {
        Pty::spawn_sized(args, cols, rows, (cols, rows), env)
    }

    /// As [`Pty::spawn`] in a terminal that says it is `cols` × `rows`, read back through an
    /// emulator of `screen_cols` × `screen_rows` (an emulator of 65535×65535 would not fit in
    /// memory itself).
    pub fn spawn_sized(
        args: &[&str],
        cols: u16,
        rows: u16,
        screen: (u16, u16),
        env: &[(&str, &str)],
    ) -> Pty {
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_scholion"));
        cmd.args(args);
        Pty::spawn_full(cmd, (cols, rows), screen, env)
    }

    /// Start scholion through `sh -c SCRIPT`, where the script ends in `exec "$0" "$@"`.
    pub fn spawn_via_shell(script: &str, args: &[&str], cols: u16, rows: u16) -> Pty {
        let mut cmd = CommandBuilder::new("sh");
        cmd.arg("-c");
        cmd.arg(script);
        cmd.arg(env!("CARGO_BIN_EXE_scholion"));
        cmd.args(args);
        Pty::spawn_command(cmd, cols, rows, &[])
    }

    fn spawn_command(cmd: CommandBuilder, cols: u16, rows: u16, env: &[(&str, &str)]) -> Pty {
        Pty::spawn_full(cmd, (cols, rows), (cols, rows), env)
    }

    fn spawn_full(
        mut cmd: CommandBuilder,
        (cols, rows): (u16, u16),
        (screen_cols, screen_rows): (u16, u16),
        env: &[(&str, &str)],
    ) -> Pty {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        cmd.env("TERM", "xterm-256color");
        cmd.env("LANG", "C.UTF-8");
        cmd.env_remove("NO_COLOR");
        cmd.env("HOME", std::env::temp_dir());
        cmd.env_remove("XDG_CONFIG_HOME");
        cmd.env_remove("TMUX");
        cmd.env_remove("DISPLAY");
        cmd.env_remove("WAYLAND_DISPLAY");
        // Each reader has a store of its own unless the test names one: what one test left
        // (a position, a mark) never moves another's view.
        let data = tempfile::tempdir().expect("a data folder");
        cmd.env("XDG_DATA_HOME", data.path());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd).expect("spawn scholion");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("reader");
        let writer = pair.master.take_writer().expect("writer");
        let parser = Arc::new(Mutex::new(vt100::Parser::new(screen_rows, screen_cols, 0)));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let handle = {
            let parser = parser.clone();
            let raw = raw.clone();
            let stop = stop.clone();
            std::thread::spawn(move || {
                let mut buf = [0u8; 8192];
                loop {
                    match reader.read(&mut buf) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => {
                            parser.lock().unwrap().process(&buf[..n]);
                            raw.lock().unwrap().extend_from_slice(&buf[..n]);
                        }
                    }
                    if stop.load(std::sync::atomic::Ordering::SeqCst) {
                        break;
                    }
                }
            })
        };
        Pty {
            child,
            master: Some(pair.master),
            writer: Some(writer),
            parser,
            raw,
            stop,
            reader: Some(handle),
            _data: data,
        }
    }

    /// Close the terminal under the program, as a dropped ssh connection does: every handle
    /// of the pty's master side goes away.
    pub fn hang_up(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::SeqCst);
        // The reader waits in read(): a key that makes the program draw wakes it to stop.
        self.send("h");
        if let Some(h) = self.reader.take() {
            let _ = h.join();
        }
        self.writer = None;
        self.master = None;
    }

    /// The program's CPU time so far, in clock ticks (utime + stime), while it runs.
    pub fn cpu_ticks(&self) -> Option<u64> {
        let pid = self.child.process_id()?;
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
        let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
        Some(fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?)
    }

    pub fn send(&mut self, bytes: &str) {
        let w = self.writer.as_mut().expect("the terminal is open");
        w.write_all(bytes.as_bytes()).unwrap();
        w.flush().unwrap();
        // Let the reader take one key at a time: an Esc followed at once by more bytes would
        // read as an escape sequence.
        std::thread::sleep(Duration::from_millis(40));
    }

    /// The process id of the program.
    pub fn pid(&self) -> u32 {
        self.child.process_id().expect("running")
    }

    /// The background colour of a cell of the screen.
    pub fn background(&self, row: u16, col: u16) -> vt100::Color {
        let p = self.parser.lock().unwrap();
        p.screen()
            .cell(row, col)
            .map_or(vt100::Color::Default, |c| c.bgcolor())
    }

    pub fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// The first row of the screen, trimmed: the top line of the body.
    pub fn top_line(&self) -> String {
        self.screen()
            .lines()
            .next()
            .unwrap_or("")
            .trim()
            .to_string()
    }

    /// The last row: the status line.
    pub fn status(&self) -> String {
        let p = self.parser.lock().unwrap();
        let (rows, cols) = p.screen().size();
        p.screen().contents_between(rows - 1, 0, rows - 1, cols)
    }

    /// Wait until the screen satisfies `pred`; panics with the screen after the timeout.
    pub fn wait_until(&self, what: &str, pred: impl Fn(&Pty) -> bool) {
        let start = Instant::now();
        while start.elapsed() < TIMEOUT {
            if pred(self) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("timed out waiting for {what}; screen:\n{}", self.screen());
    }

    /// The screen once it has stopped changing (no byte for 300 ms): a whole frame.
    pub fn settled_screen(&self) -> String {
        let start = Instant::now();
        let mut len = self.raw.lock().unwrap().len();
        while start.elapsed() < TIMEOUT {
            std::thread::sleep(Duration::from_millis(300));
            let now = self.raw.lock().unwrap().len();
            if now == len {
                break;
            }
            len = now;
        }
        self.screen()
    }

    pub fn wait_for(&self, text: &str) {
        self.wait_until(text, |p| p.screen().contains(text));
    }

    /// Press `key` until the status line shows `text` (at most `max` times).
    pub fn press_until_status(&mut self, key: &str, text: &str, max: usize) {
        for _ in 0..max {
            if self.status().contains(text) {
                return;
            }
            self.send(key);
            std::thread::sleep(Duration::from_millis(30));
        }
        self.wait_until(text, |p| p.status().contains(text));
    }

    pub fn resize(&mut self, cols: u16, rows: u16) {
        // The emulator itself cannot take a screen narrower than a wide character (it panics
        // on bytes meant for the previous size still in flight): it is kept at 4×4 or more,
        // while the program's terminal gets the true size.
        self.parser
            .lock()
            .unwrap()
            .screen_mut()
            .set_size(rows.max(4), cols.max(4));
        self.master
            .as_ref()
            .expect("the terminal is open")
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
    }

    /// Wait for the program to exit; its exit code.
    pub fn wait_exit(&mut self) -> u32 {
        self.wait_exit_within(TIMEOUT)
            .unwrap_or_else(|| panic!("scholion did not exit; screen:\n{}", self.screen()))
    }

    /// Wait up to `limit` for the program to exit: its exit code, or None if it still runs.
    pub fn wait_exit_within(&mut self, limit: Duration) -> Option<u32> {
        let start = Instant::now();
        while start.elapsed() < limit {
            if let Some(status) = self.child.try_wait().unwrap() {
                // Let the reader thread take the last bytes.
                std::thread::sleep(Duration::from_millis(100));
                return Some(status.exit_code());
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        None
    }

    pub fn raw_text(&self) -> String {
        String::from_utf8_lossy(&self.raw.lock().unwrap()).into_owned()
    }

    /// The terminal is as the shell left it: main screen, cursor shown, nothing drawn on it.
    pub fn assert_restored(&self) {
        self.assert_restored_with("");
    }

    /// As [`Pty::assert_restored`], with `expected` (trimmed) the only text left on the screen.
    pub fn assert_restored_with(&self, expected: &str) {
        let raw = self.raw_text();
        let p = self.parser.lock().unwrap();
        assert!(
            !p.screen().alternate_screen(),
            "still on the alternate screen"
        );
        assert!(!p.screen().hide_cursor(), "cursor still hidden");
        assert_eq!(
            p.screen().contents().trim(),
            expected.trim(),
            "left on the shell's screen"
        );
        let leave = raw
            .rfind("\u{1b}[?1049l")
            .expect("never left the alternate screen");
        let enter = raw
            .rfind("\u{1b}[?1049h")
            .expect("never entered the alternate screen");
        assert!(leave > enter);
        assert!(
            raw[leave..].contains("\u{1b}[?25h")
                || raw[..leave].rfind("\u{1b}[?25h") > raw.rfind("\u{1b}[?25l")
        );
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
        }
    }
}
