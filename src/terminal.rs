//! The one impure module of the reader: terminal set-up and restore, the event loop, signals.
//!
//! The loop blocks on input (no timer: nothing runs while the reader is idle), turns every
//! pending event into messages for [`App::update`] before drawing once, and draws each frame
//! inside synchronized-update markers. The terminal is restored on quit, on error, on panic
//! and on SIGHUP, SIGTERM, SIGINT and SIGQUIT.

use crate::app::{App, Effect, Msg};
use crate::keymap::{Key, KeyCode};
use crate::ui::{self, Look};
use crossterm::event::{
    self, EnableMouseCapture, Event, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};
use crossterm::terminal::{
    disable_raw_mode, enable_raw_mode, BeginSynchronizedUpdate, Clear, ClearType,
    EndSynchronizedUpdate, EnterAlternateScreen,
};
use crossterm::{cursor, execute, queue};
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::Terminal;
use std::io::{BufWriter, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::Duration;

/// Whether the terminal is in the reader's modes and needs restoring.
static ACTIVE: AtomicBool = AtomicBool::new(false);

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
    use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGHUP, SIGTERM, SIGINT, SIGQUIT])?;
    std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            if let Some(sig) = signals.forever().next() {
                restore_and_exit(128 + sig);
            }
        })?;
    Ok(())
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

/// Size of the buffer a frame is assembled in before it is written.
const FRAME_BUFFER: usize = 64 * 1024;

/// Run the reader until the user quits or the terminal goes away.
pub fn run(mut app: App, look: Look, mouse: bool) -> anyhow::Result<()> {
    install_panic_hook();
    install_signal_handlers()?;
    install_hangup_watch()?;
    enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    let result = (|| -> anyhow::Result<()> {
        let mut out = std::io::stdout();
        // Cleared here, not by ratatui: its clear asks the terminal where the cursor is, a query
        // whose reply some terminals are slow to send or never send.
        execute!(
            out,
            EnterAlternateScreen,
            cursor::Hide,
            Clear(ClearType::All)
        )?;
        if mouse {
            execute!(out, EnableMouseCapture)?;
        }
        let backend =
            CrosstermBackend::new(BufWriter::with_capacity(FRAME_BUFFER, std::io::stdout()));
        let mut terminal = Terminal::new(backend)?;
        let size = terminal.size()?;
        app.update(Msg::Resize(size.width, size.height));
        draw(&mut terminal, &mut app, &look)?;
        loop {
            // Blocks until there is input: an idle reader uses no CPU.
            let Ok(first) = event::read() else {
                // The terminal is gone (an input error): the session is over.
                return Ok(());
            };
            let mut effect = Effect::None;
            let mut resized = false;
            let mut next = Some(first);
            while let Some(ev) = next.take() {
                if let Event::Resize(..) = ev {
                    // Handled once below, at the size the terminal has when the queue is empty.
                    resized = true;
                } else if let Some(msg) = message_for(ev) {
                    match app.update(msg) {
                        Effect::Quit => return Ok(()),
                        Effect::Redraw => effect = Effect::Redraw,
                        Effect::None => {}
                    }
                }
                // Everything already waiting is handled before one frame is drawn.
                if event::poll(Duration::ZERO).unwrap_or(false) {
                    next = event::read().ok();
                }
            }
            if resized {
                // After a resize the screen holds whatever the terminal kept of the old frame:
                // clear it and draw everything, at the size it has now (the last one wins).
                let size = terminal.size()?;
                terminal.resize(Rect::new(0, 0, size.width, size.height))?;
                app.update(Msg::Resize(size.width, size.height));
                effect = Effect::Redraw;
            }
            if effect == Effect::Redraw {
                draw(&mut terminal, &mut app, &look)?;
            }
        }
    })();
    restore();
    result
}

fn draw<W: Write>(
    terminal: &mut Terminal<CrosstermBackend<W>>,
    app: &mut App,
    look: &Look,
) -> std::io::Result<()> {
    {
        let _output = OUTPUT.lock().unwrap_or_else(|p| p.into_inner());
        if !ACTIVE.load(Ordering::SeqCst) {
            // Restored already (a signal arrived): no more frames.
            return Ok(());
        }
        queue!(terminal.backend_mut(), BeginSynchronizedUpdate)?;
        terminal.draw(|f| ui::draw(f, app, look))?;
        queue!(terminal.backend_mut(), EndSynchronizedUpdate)?;
        terminal.backend_mut().flush()?;
    }
    // Scrolling an overlay stops where its content ends.
    if let Some(max) = ui::overlay_scroll_limit(app, look) {
        app.update(Msg::OverlayLimit(max));
    }
    Ok(())
}
