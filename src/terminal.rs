//! The one impure module of the reader: terminal set-up and restore, the event loop, signals.
//!
//! The loop blocks on input (no timer: nothing runs while the reader is idle), turns every
//! pending event into messages for [`App::update`] before drawing once, and draws each frame
//! inside synchronized-update markers. The terminal is restored on quit, on error, on panic
//! and on SIGHUP, SIGTERM, SIGINT and SIGQUIT; on SIGTSTP (and Ctrl-Z) it is restored, the
//! process stops, and on continuing the reader's modes come back and the screen is drawn whole.

use crate::app::{App, Effect, Msg};
use crate::keymap::{Key, KeyCode};
use crate::render::{Renderer, Scroll, ViewMark};
use crate::ui::Look;
use crate::ui::Screen;
use crossterm::event::{
    self, EnableMouseCapture, Event, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};
use crossterm::terminal::{disable_raw_mode, enable_raw_mode, EnterAlternateScreen};
use crossterm::{cursor, execute};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;
use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{RecvTimeoutError, TryRecvError};
use std::sync::{Condvar, Mutex};
use std::time::Duration;

/// Whether the terminal is in the reader's modes and needs restoring.
static ACTIVE: AtomicBool = AtomicBool::new(false);

/// Whether mouse reporting is on (turned on again after a suspend).
static MOUSE: AtomicBool = AtomicBool::new(false);

/// The largest screen drawn. A terminal may say it is 65535×65535 (any ssh client can ask for
/// that); the frame buffers grow with the size, so past this a window shows the reader in its
/// top-left part.
pub const MAX_COLS: u16 = 1000;
/// See [`MAX_COLS`].
pub const MAX_ROWS: u16 = 400;

/// The terminal's size as the reader draws it: clamped to [`MAX_COLS`] × [`MAX_ROWS`].
pub fn screen_size() -> std::io::Result<(u16, u16)> {
    let (w, h) = crossterm::terminal::size()?;
    Ok((w.min(MAX_COLS), h.min(MAX_ROWS)))
}

/// Held while a frame is written, so that a restore from the signal thread never lands in the
/// middle of one (and a frame never follows a restore).
static OUTPUT: Mutex<()> = Mutex::new(());

/// Everything the reader turns on, turned off: synchronized output ended, mouse, paste and
/// focus reporting off, scroll region and character attributes reset, main screen, cursor.
const RESTORE: &str = concat!(
    "\x1b[?2026l",                                             // end synchronized output
    "\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1006l\x1b[?1015l", // mouse reporting off
    "\x1b[?2004l",                                             // bracketed paste off
    "\x1b[?1004l",                                             // focus reporting off
    "\x1b[r",                                                  // scroll region: the whole screen
    "\x1b[0m",                                                 // character attributes reset
    "\x1b[?1049l",                                             // main screen
    "\x1b[?25h",                                               // cursor shown
);

/// Put the terminal back as the shell had it. Safe to call any number of times, from any
/// thread; only the first call after set-up does anything.
pub fn restore() {
    if !ACTIVE.swap(false, Ordering::SeqCst) {
        return;
    }
    // A frame being written is let finish; a terminal that blocks the writer for long (gone,
    // or stopped reading) gets no more bytes, only raw mode switched off.
    let guard = lock_output(Duration::from_millis(300));
    if guard.is_some() {
        let mut out = std::io::stdout();
        let _ = out.write_all(RESTORE.as_bytes());
        let _ = out.flush();
    }
    let _ = disable_raw_mode();
    drop(guard);
}

fn lock_output(wait: Duration) -> Option<std::sync::MutexGuard<'static, ()>> {
    let start = std::time::Instant::now();
    loop {
        match OUTPUT.try_lock() {
            Ok(g) => return Some(g),
            Err(std::sync::TryLockError::Poisoned(p)) => return Some(p.into_inner()),
            Err(std::sync::TryLockError::WouldBlock) if start.elapsed() < wait => {
                std::thread::sleep(Duration::from_millis(5))
            }
            Err(std::sync::TryLockError::WouldBlock) => return None,
        }
    }
}

/// Restore the terminal and leave, from any thread.
fn restore_and_exit(code: i32) -> ! {
    restore();
    std::process::exit(code);
}

fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
}

fn install_signal_handlers() -> std::io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP};
    let mut signals =
        signal_hook::iterator::Signals::new([SIGHUP, SIGTERM, SIGINT, SIGQUIT, SIGTSTP])?;
    std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            for sig in signals.forever() {
                if sig == SIGTSTP {
                    suspend();
                } else {
                    restore_and_exit(128 + sig);
                }
            }
        })?;
    Ok(())
}

/// Take the terminal when the reader starts or continues: raw mode, the alternate screen, the
/// cursor hidden, mouse reporting if asked for, and the mark that it needs restoring. A frame
/// or a restore from another thread is not let in between.
fn take_terminal() -> std::io::Result<()> {
    let _output = lock_output(Duration::from_millis(300));
    enable_raw_mode()?;
    let mut out = std::io::stdout();
    execute!(out, EnterAlternateScreen, cursor::Hide)?;
    if MOUSE.load(Ordering::SeqCst) {
        execute!(out, EnableMouseCapture)?;
    }
    ACTIVE.store(true, Ordering::SeqCst);
    Ok(())
}

/// Do what `less` and `vim` do on SIGTSTP: give the terminal back as the shell had it, stop,
/// and when continued (`fg`) take it again and draw everything.
///
/// The stop is a SIGSTOP to this process, which cannot be caught, so it happens here; the shell
/// sees the reader stopped as with any job. On continuing, a SIGWINCH to this process makes the
/// event loop take the size the terminal has now and draw the whole screen (it may have been
/// resized, and the shell has drawn over it meanwhile).
fn suspend() {
    use rustix::process::{getpid, kill_process, Signal};
    let was_active = ACTIVE.load(Ordering::SeqCst);
    restore();
    let _ = kill_process(getpid(), Signal::STOP);
    if was_active {
        let _ = take_terminal();
        let _ = kill_process(getpid(), Signal::WINCH);
    }
}

/// Stop the reader as Ctrl-Z does in a shell (the key arrives as a key in raw mode).
fn request_suspend() {
    use rustix::process::{getpid, kill_process, Signal};
    let _ = kill_process(getpid(), Signal::TSTP);
}

/// Set up what keeps the terminal safe, before anything else runs: the panic hook, the signal
/// handlers and the hang-up watch. Called first thing, so that a hang-up or a signal while
/// a large library is still loading ends the program at once too.
pub fn guard() -> std::io::Result<()> {
    static DONE: std::sync::Once = std::sync::Once::new();
    let mut result = Ok(());
    DONE.call_once(|| {
        install_panic_hook();
        result = install_signal_handlers().and_then(|()| install_hangup_watch());
    });
    result
}

/// Watch the terminal for a hang-up (the ssh connection dropped, the pty closed) and leave at
/// once, whatever the signals say: the wait is a blocking `poll` for POLLHUP, so it costs
/// nothing until it happens, and the reader can never spin on a dead terminal.
fn install_hangup_watch() -> std::io::Result<()> {
    use rustix::event::{poll, PollFd, PollFlags};
    std::thread::Builder::new()
        .name("hangup".into())
        .spawn(|| {
            let stdin = std::io::stdin();
            loop {
                let mut fds = [PollFd::new(&stdin, PollFlags::empty())];
                match poll(&mut fds, None) {
                    Ok(_) => {
                        let r = fds[0].revents();
                        if r.intersects(PollFlags::HUP | PollFlags::ERR | PollFlags::NVAL) {
                            restore_and_exit(129);
                        }
                    }
                    Err(rustix::io::Errno::INTR) => {}
                    Err(_) => return,
                }
            }
        })?;
    Ok(())
}

/// A crossterm key as scholion's key, or `None` for a release or an unknown key.
pub fn key_from(ev: &event::KeyEvent) -> Option<Key> {
    if ev.kind == KeyEventKind::Release {
        return None;
    }
    let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
    let alt = ev.modifiers.contains(KeyModifiers::ALT);
    let shift = ev.modifiers.contains(KeyModifiers::SHIFT);
    let code = match ev.code {
        event::KeyCode::Char(c) => KeyCode::Char(if ctrl { c.to_ascii_lowercase() } else { c }),
        event::KeyCode::Enter => KeyCode::Enter,
        event::KeyCode::Esc => KeyCode::Esc,
        event::KeyCode::Backspace => KeyCode::Backspace,
        event::KeyCode::Tab if shift => KeyCode::BackTab,
        event::KeyCode::Tab => KeyCode::Tab,
        event::KeyCode::BackTab => KeyCode::BackTab,
        event::KeyCode::Up => KeyCode::Up,
        event::KeyCode::Down => KeyCode::Down,
        event::KeyCode::Left => KeyCode::Left,
        event::KeyCode::Right => KeyCode::Right,
        event::KeyCode::PageUp => KeyCode::PageUp,
        event::KeyCode::PageDown => KeyCode::PageDown,
        event::KeyCode::Home => KeyCode::Home,
        event::KeyCode::End => KeyCode::End,
        event::KeyCode::Delete => KeyCode::Delete,
        event::KeyCode::Insert => KeyCode::Insert,
        event::KeyCode::F(n) => KeyCode::F(n),
        _ => return None,
    };
    Some(Key { code, ctrl, alt })
}

fn message_for(ev: Event) -> Option<Msg> {
    match ev {
        Event::Key(k) => key_from(&k).map(Msg::Key),
        Event::Mouse(m) => match m.kind {
            MouseEventKind::ScrollDown => Some(Msg::Scroll(3)),
            MouseEventKind::ScrollUp => Some(Msg::Scroll(-3)),
            MouseEventKind::Down(MouseButton::Left) => Some(Msg::Click(m.column, m.row)),
            _ => None,
        },
        _ => None,
    }
}

/// Room reserved for one frame's bytes.
const FRAME_BUFFER: usize = 64 * 1024;

/// What the background read of the whole library delivers.
pub struct Rest {
    pub library: crate::library::Library,
    /// Problems that only the whole read found, one line each.
    pub problems: Vec<String>,
}

/// The rest of the library, being read while the first screen is shown.
pub struct Pending {
    pub rx: std::sync::mpsc::Receiver<Rest>,
    /// It is the bundled articles, moments away: keys wait for it, and its arrival is not
    /// announced.
    pub bundled: bool,
}

/// Whether the first frame is on the screen, and the wait for it.
static FIRST_FRAME: (Mutex<bool>, Condvar) = (Mutex::new(false), Condvar::new());

/// Wait until the reader's first frame is on the screen, or `limit` has passed: work behind
/// the first screen (the rest of the library) would otherwise take the cores it needs.
pub fn wait_for_first_frame(limit: Duration) {
    let (lock, shown) = &FIRST_FRAME;
    let drawn = lock.lock().unwrap_or_else(|p| p.into_inner());
    let _ = shown.wait_timeout_while(drawn, limit, |drawn| !*drawn);
}

fn first_frame_shown() {
    let (lock, shown) = &FIRST_FRAME;
    *lock.lock().unwrap_or_else(|p| p.into_inner()) = true;
    shown.notify_all();
}

/// Run the reader until the user quits or the terminal goes away.
///
/// `pending`, when given, delivers the whole library later (the first screen came from part of
/// it); until it arrives the loop also wakes every few milliseconds to take it. Returns the
/// problems that arrived with it, for the caller to list.
pub fn run(
    mut app: App,
    look: Look,
    mouse: bool,
    mut pending: Option<Pending>,
    store: Option<crate::store::Link>,
) -> anyhow::Result<Vec<String>> {
    let mut late = Vec::new();
    guard()?;
    MOUSE.store(mouse, Ordering::SeqCst);
    let mut shell = Shell {
        store,
        waiting: 0,
        mux: crate::osc::Mux::from_env(
            std::env::var("TMUX").ok().as_deref(),
            std::env::var("TERM").ok().as_deref(),
        ),
        problems: Vec::new(),
        redraw_all: false,
    };
    let result = (|| -> anyhow::Result<()> {
        take_terminal()?;
        let mut renderer = Renderer::new();
        let mut frame = Vec::with_capacity(FRAME_BUFFER);
        let (w, h) = screen_size()?;
        let asked = app.update(Msg::Resize(w, h));
        carry_out(&mut app, asked);
        // Where the reader was left, before the first frame: the store is read on its own
        // thread while the articles are, and is waited for a moment at most.
        shell.serve(&mut app);
        shell.take_replies(&mut app, Duration::from_millis(FIRST_RECALL_WAIT_MS));
        draw(&mut renderer, &mut frame, &app, &look, None)?;
        if let Some(link) = shell.store.as_mut() {
            link.first_frame_drawn();
        }
        first_frame_shown();
        // Whether keys have waited for the bundled library once already.
        let mut waited = false;
        loop {
            if app.layout_partial() && !event::poll(Duration::ZERO).unwrap_or(false) {
                // A resize laid out only what is on screen; with no input waiting, the rest.
                app.update(Msg::FinishLayout);
                draw(&mut renderer, &mut frame, &app, &look, None)?;
                continue;
            }
            if let Some(p) = &pending {
                // Keys typed before the bundled library (moments away) wait for it, once, so
                // that they act on the whole of it; a folder's rest may take long, and they do
                // not.
                let soon = p.bundled && !waited;
                let arrived = match p.rx.try_recv() {
                    Err(TryRecvError::Empty)
                        if soon && event::poll(Duration::ZERO).unwrap_or(false) =>
                    {
                        waited = true;
                        p.rx.recv_timeout(Duration::from_secs(5))
                            .map_err(|e| match e {
                                RecvTimeoutError::Timeout => TryRecvError::Empty,
                                RecvTimeoutError::Disconnected => TryRecvError::Disconnected,
                            })
                    }
                    other => other,
                };
                match arrived {
                    Ok(rest) => {
                        let before = ViewMark::of(&app);
                        let asked = app.replace_library(rest.library);
                        let n = app.library().len();
                        match crate::app::problems_summary(&rest.problems) {
                            Some(problem) => app.set_message(problem),
                            None if p.bundled => {}
                            None if n == 1 => app.set_message("The whole article is read".into()),
                            None => app.set_message(format!("All {n} articles read")),
                        }
                        late = rest.problems;
                        carry_out(&mut app, asked);
                        // What the store remembers of the articles just read is asked for.
                        shell.serve(&mut app);
                        let scroll = before.scroll_to(&ViewMark::of(&app));
                        pending = None;
                        draw(&mut renderer, &mut frame, &app, &look, scroll)?;
                        continue;
                    }
                    Err(TryRecvError::Empty) => {
                        // Input, or 20 ms: with the bundled library still to come, input goes
                        // round again to wait for it first.
                        if !event::poll(Duration::from_millis(20)).unwrap_or(false) || soon {
                            continue;
                        }
                    }
                    Err(TryRecvError::Disconnected) => pending = None,
                }
            }
            // What the store gave back meanwhile; while an answer is awaited, input is
            // waited for in short steps.
            if shell.take_replies(&mut app, Duration::ZERO) {
                draw(&mut renderer, &mut frame, &app, &look, None)?;
                continue;
            }
            if shell.waiting > 0 && !event::poll(Duration::from_millis(1)).unwrap_or(false) {
                continue;
            }
            // Blocks until there is input: an idle reader uses no CPU.
            let Ok(first) = event::read() else {
                // The terminal is gone (an input error): the session is over.
                return Ok(());
            };
            let before = ViewMark::of(&app);
            let mut effect = Effect::None;
            let mut resized = false;
            let mut next = Some(first);
            while let Some(ev) = next.take() {
                if let Event::Resize(..) = ev {
                    // Handled once below, at the size the terminal has when the queue is empty.
                    resized = true;
                } else if let Some(msg) = message_for(ev) {
                    // A key that opened an article whose body is on disk is done before the
                    // next key acts (`]]]` goes three articles on, not one).
                    let asked = app.update(msg);
                    let asked = carry_out(&mut app, asked);
                    shell.serve(&mut app);
                    if std::mem::take(&mut shell.redraw_all) {
                        renderer.invalidate();
                        effect = Effect::Redraw;
                    }
                    match asked {
                        Effect::Quit => {
                            app.save_position();
                            shell.serve(&mut app);
                            return Ok(());
                        }
                        Effect::Suspend => request_suspend(),
                        Effect::Redraw => effect = Effect::Redraw,
                        Effect::None | Effect::ReadBody(_) => {}
                    }
                }
                // Everything already waiting is handled before one frame is drawn.
                if event::poll(Duration::ZERO).unwrap_or(false) {
                    next = event::read().ok();
                }
            }
            if resized {
                // After a resize the screen holds whatever the terminal kept of the old frame:
                // the next frame is drawn whole, at the size the terminal has now.
                let (w, h) = screen_size()?;
                let asked = app.update(Msg::Resize(w, h));
                carry_out(&mut app, asked);
                renderer.invalidate();
                effect = Effect::Redraw;
            }
            if effect == Effect::Redraw {
                let scroll = before.scroll_to(&ViewMark::of(&app));
                draw(&mut renderer, &mut frame, &app, &look, scroll)?;
            }
            // With no key waiting, the place is given to the store (never on a key's path).
            if !event::poll(Duration::ZERO).unwrap_or(false) {
                app.save_position();
                shell.serve(&mut app);
            }
        }
    })();
    restore();
    if let Some(link) = shell.store.take() {
        // The last writes (the place where the reader quit) are let finish.
        link.finish(Duration::from_secs(2));
    }
    late.extend(shell.problems);
    result.map(|()| late)
}

/// How long the first frame waits for the store to say where the reader was (it is read
/// beside the articles and is usually there already).
const FIRST_RECALL_WAIT_MS: u64 = 150;

/// What the loop carries out for the reader beyond bodies: the store's requests and answers,
/// copies, the editor, links.
struct Shell {
    store: Option<crate::store::Link>,
    /// Recalls asked and not answered yet.
    waiting: usize,
    mux: crate::osc::Mux,
    /// Problems the store reported, listed again on exit.
    problems: Vec<String>,
    /// The editor had the terminal: the next frame is drawn whole.
    redraw_all: bool,
}

impl Shell {
    /// Carry out what the reader asked for.
    fn serve(&mut self, app: &mut App) {
        // An answer (the editor's note) may ask for more: served in turn.
        let mut requests = app.take_requests();
        while !requests.is_empty() {
            self.serve_all(app, requests);
            requests = app.take_requests();
        }
    }

    fn serve_all(&mut self, app: &mut App, requests: Vec<crate::memory::Request>) {
        use crate::memory::Request;
        use crate::store::Job;
        for r in requests {
            let job = match r {
                Request::Save(w) => Job::Write(w),
                Request::Recall(ids) => Job::Recall(ids),
                Request::RecallAll => Job::RecallAll,
                Request::Copy { text, .. } => {
                    // A copy the terminal could not take is no reason to stop reading.
                    let _ = write_out(crate::osc::copy(&text, self.mux).as_bytes());
                    continue;
                }
                Request::Open(url) => {
                    if let Some(problem) = open_link(&url, self.mux) {
                        app.set_message(problem);
                    }
                    continue;
                }
                Request::Edit { draft } => {
                    let note = edit(&draft);
                    self.redraw_all = true;
                    app.update(Msg::Edited(note));
                    continue;
                }
            };
            let asks = matches!(job, Job::Recall(_) | Job::RecallAll);
            if let Some(link) = &self.store {
                if link.jobs.send(job).is_ok() && asks {
                    self.waiting += 1;
                }
            } else if asks {
                // No store: nothing remembered.
                app.update(Msg::Recalled(Box::default()));
            }
        }
    }

    /// Give the reader what the store has answered, waiting up to `wait` for an answer that
    /// is awaited. Returns whether anything arrived.
    fn take_replies(&mut self, app: &mut App, wait: Duration) -> bool {
        use crate::store::Reply;
        let Some(link) = &self.store else {
            return false;
        };
        let mut any = false;
        let mut first = true;
        loop {
            let reply = if first && self.waiting > 0 && !wait.is_zero() {
                link.replies.recv_timeout(wait).ok()
            } else {
                link.replies.try_recv().ok()
            };
            first = false;
            let Some(reply) = reply else {
                break;
            };
            any = true;
            match reply {
                Reply::Recalled(r) => {
                    self.waiting = self.waiting.saturating_sub(1);
                    app.update(Msg::Recalled(Box::new(r)));
                }
                Reply::Problem(p) => {
                    app.update(Msg::Problem(p.clone()));
                    self.problems.push(p);
                }
            }
        }
        if any {
            self.serve(app);
        }
        any
    }
}

/// Write bytes of scholion's own making to the terminal (a frame, a copy), never in the middle
/// of another write; nothing once the terminal is restored (a signal arrived).
fn write_out(bytes: &[u8]) -> std::io::Result<()> {
    let _output = OUTPUT.lock().unwrap_or_else(|p| p.into_inner());
    if !ACTIVE.load(Ordering::SeqCst) {
        return Ok(());
    }
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)?;
    out.flush()
}

/// Open `url` with the local browser when there is a display; else copy it (over ssh the
/// terminal that shows the reader opens it). Returns what to say when that is not done.
fn open_link(url: &str, mux: crate::osc::Mux) -> Option<String> {
    if !crate::app::safe_link(url) {
        return Some("Not a link scholion opens".into());
    }
    let display = ["DISPLAY", "WAYLAND_DISPLAY"]
        .iter()
        .any(|v| std::env::var_os(v).is_some_and(|d| !d.is_empty()));
    let opener = if cfg!(target_os = "macos") {
        Some("open")
    } else if display {
        Some("xdg-open")
    } else {
        None
    };
    if let Some(opener) = opener {
        let started = std::process::Command::new(opener)
            .arg(url)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn();
        if started.is_ok() {
            return None;
        }
    }
    let _ = write_out(crate::osc::copy(url, mux).as_bytes());
    Some(format!("No display here: copied {url}"))
}

/// Let the user write a note in `$VISUAL` or `$EDITOR` (else `vi`), the terminal given back
/// meanwhile. The note, or why there is none.
fn edit(draft: &str) -> Result<String, String> {
    let editor = ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|e| !e.trim().is_empty())
        .unwrap_or_else(|| "vi".into());
    let path = note_file(draft).map_err(|e| format!("cannot write the note's file: {e}"))?;
    let was_active = ACTIVE.load(Ordering::SeqCst);
    restore();
    // The editor's command may carry arguments (`code --wait`): run through the shell, the
    // file as its first argument.
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("sh")
        .arg(&path)
        .status();
    if was_active {
        let _ = take_terminal();
    }
    let text = std::fs::read_to_string(&path);
    let _ = std::fs::remove_file(&path);
    match status {
        Ok(s) if s.success() => text.map_err(|e| format!("cannot read the note back: {e}")),
        Ok(_) => Err("The editor failed: no note kept".into()),
        Err(e) => Err(format!("cannot start the editor: {e}")),
    }
}

/// Carry out what an update asked for: read each body the reader asks for (one being opened,
/// or ones its suggestions point into) from the file it was indexed from, and answer with it,
/// until the reader asks for nothing more. Returns what is left to do: draw, quit, suspend.
fn carry_out(app: &mut App, mut effect: Effect) -> Effect {
    let mut read = false;
    while let Effect::ReadBody(index) = effect {
        read = true;
        let body = match app.library().origin(index) {
            Some(path) => crate::load::load_file(path)
                .map(Box::new)
                .map_err(|e| e.to_string()),
            None => Err(format!(
                "{}: its text is not in memory",
                app.library().summary(index).path()
            )),
        };
        effect = app.update(Msg::BodyRead(index, body));
    }
    match effect {
        Effect::None if read => Effect::Redraw,
        other => other,
    }
}

/// Draw the app into a buffer and send the terminal what changed, in one write.
fn draw(
    renderer: &mut Renderer,
    frame: &mut Vec<u8>,
    app: &App,
    look: &Look,
    scroll: Option<Scroll>,
) -> std::io::Result<()> {
    let (w, h) = app.size();
    let area = Rect::new(0, 0, w, h);
    let mut buf = Buffer::empty(area);
    Screen { app, look }.render(area, &mut buf);
    frame.clear();
    let links = crate::ui::links_on_screen(app);
    renderer.frame_with_links(&buf, scroll, &links, frame);
    if !frame.is_empty() {
        write_out(frame)?;
    }
    Ok(())
}

/// A new file of the user's alone in the temporary folder, holding `draft`.
fn note_file(draft: &str) -> std::io::Result<std::path::PathBuf> {
    use std::os::unix::fs::OpenOptionsExt;
    let dir = std::env::temp_dir();
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    for n in 0..100u32 {
        let path = dir.join(format!(
            "scholion-note-{}-{nanos}-{n}.md",
            std::process::id()
        ));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&path)
        {
            Ok(mut f) => {
                f.write_all(draft.as_bytes())?;
                return Ok(path);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(std::io::Error::other("no free name"))
}
