//! Any article and any keys, drawn through the crossterm backend: the bytes hold no sequence
//! but scholion's own (no OSC, no DCS, no control a document chose).
#![no_main]
use libfuzzer_sys::fuzz_target;
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use scholion::app::{App, Msg};
use scholion::keymap::{Key, Keymap};
use scholion::layout::LayoutOptions;
use scholion::library::Library;
use scholion::ui::{self, Look, Theme};

struct Audit(bool);

impl vte::Perform for Audit {
    fn print(&mut self, c: char) {
        self.0 |= c.is_control();
    }
    fn execute(&mut self, byte: u8) {
        self.0 |= !matches!(byte, b'\r' | b'\n');
    }
    fn hook(&mut self, _: &vte::Params, _: &[u8], _: bool, _: char) {
        self.0 = true;
    }
    fn osc_dispatch(&mut self, _: &[&[u8]], _: bool) {
        self.0 = true;
    }
    fn esc_dispatch(&mut self, _: &[u8], _: bool, _: u8) {
        self.0 = true;
    }
    fn csi_dispatch(&mut self, _: &vte::Params, intermediates: &[u8], _: bool, action: char) {
        let ok = matches!((intermediates, action), ([], 'm' | 'H' | 'J' | 'K' | 'r' | 'S' | 'T') | ([b'?'], 'h' | 'l'));
        self.0 |= !ok;
    }
}

const KEYS: &[&str] = &["j", "k", "tab", "shift-tab", "enter", "ctrl-o", "G", "g", "/", "n", "o", "L", "]", "s", "?", "esc", "e", "space"];

fuzz_target!(|data: &[u8]| {
    let split = data.len().min(32);
    let (keys, doc) = data.split_at(split);
    let article = scholion::formats::markdown::parse_markdown("fuzz.md", &String::from_utf8_lossy(doc));
    let (w, h) = (20 + keys.first().copied().unwrap_or(60) as u16 % 180, 6 + keys.get(1).copied().unwrap_or(20) as u16 % 50);
    let mut app = App::new(Library::new(vec![article]), Keymap::default(), LayoutOptions { ascii: false }, w, h);
    for &k in keys.iter().skip(2) {
        app.update(Msg::Key(Key::parse(KEYS[k as usize % KEYS.len()]).unwrap()));
    }
    let mut out = Vec::new();
    {
        let backend = CrosstermBackend::new(&mut out);
        let mut t = Terminal::with_options(backend, TerminalOptions { viewport: Viewport::Fixed(Rect::new(0, 0, w, h)) }).unwrap();
        t.draw(|f| ui::draw(f, &app, &Look { theme: Theme::ansi(), ascii: false })).unwrap();
    }
    let mut audit = Audit(false);
    vte::Parser::new().advance(&mut audit, &out);
    assert!(!audit.0, "a sequence scholion does not write reached the terminal");
});
