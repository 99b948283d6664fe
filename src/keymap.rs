//! Keys → actions. [`Action`] is the one vocabulary of the keymap, the dispatcher and the help
//! screen: each variant has a serde name (used in keymap files) and a one-line description.
//!
//! The default bindings live in `assets/keymap.toml`, shipped in the binary; a user's file in
//! the same format is merged over them. Pure: no terminal, no file system (the caller reads the
//! user's file and passes its text).

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The default bindings, as shipped.
pub const DEFAULT_KEYMAP: &str = include_str!("../assets/keymap.toml");

/// Everything a key can ask the reader to do. Each variant is written once: its config name
/// (snake case, for keymap files), its help line (the `message`), and its place in the help
/// screen (the order here) all come from this list.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    strum::VariantArray,
    strum::EnumMessage,
    strum::IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Action {
    #[strum(message = "scroll down one line")]
    LineDown,
    #[strum(message = "scroll up one line")]
    LineUp,
    #[strum(message = "scroll down one page")]
    PageDown,
    #[strum(message = "scroll up one page")]
    PageUp,
    #[strum(message = "scroll down half a page")]
    HalfPageDown,
    #[strum(message = "scroll up half a page")]
    HalfPageUp,
    #[strum(message = "go to the top (with a count N: line N)")]
    Top,
    #[strum(message = "go to the bottom (with a count N: line N)")]
    Bottom,
    #[strum(message = "with a count N: go N percent of the way (50%)")]
    Percent,
    #[strum(message = "go to a line: its number, then Enter (:42)")]
    GoToLine,
    #[strum(message = "set a mark: then a letter (a capital: across the library)")]
    SetMark,
    #[strum(message = "go to a mark: then its letter")]
    GoToMark,
    #[strum(message = "focus the next citation or glossary term")]
    NextAnchor,
    #[strum(message = "focus the previous citation or glossary term")]
    PrevAnchor,
    #[strum(message = "focus the next citation")]
    NextCitation,
    #[strum(message = "focus the previous citation")]
    PrevCitation,
    #[strum(message = "focus the next glossary term")]
    NextTerm,
    #[strum(message = "focus the previous glossary term")]
    PrevTerm,
    #[strum(message = "focus the next figure or table the text names")]
    NextFigure,
    #[strum(message = "focus the previous figure or table the text names")]
    PrevFigure,
    #[strum(
        message = "label every citation, term and figure on screen: type a label to follow it"
    )]
    Hints,
    #[strum(message = "follow: a term's definition, a citation's reference, a figure's caption")]
    Follow,
    #[strum(message = "where the reference here is cited, in every loaded article")]
    CitedBy,
    #[strum(message = "go back to where the last jump started")]
    Back,
    #[strum(message = "go forward again")]
    Forward,
    #[strum(message = "search (smart case: a capital makes it case-sensitive)")]
    Search,
    #[strum(message = "search backward (then n goes on up, N down)")]
    SearchBack,
    #[strum(message = "next search match")]
    SearchNext,
    #[strum(message = "previous search match")]
    SearchPrev,
    #[strum(message = "next section (with a count N: N sections on)")]
    NextSection,
    #[strum(message = "previous section, or this one's start")]
    PrevSection,
    #[strum(message = "outline of the article's sections")]
    Outline,
    #[strum(message = "library of loaded articles")]
    Library,
    #[strum(message = "previous article")]
    PrevArticle,
    #[strum(message = "next article")]
    NextArticle,
    #[strum(
        message = "select text from the focus or the top: w ) j grow it, then h highlights, a or A adds a note, y copies it as a quote"
    )]
    Select,
    #[strum(message = "bookmark this place (type a label, or Enter for none)")]
    Bookmark,
    #[strum(message = "bookmarks across the library (Enter opens, d deletes)")]
    Bookmarks,
    #[strum(message = "highlights and notes (Tab: this article or the library; d deletes)")]
    Notes,
    #[strum(message = "copy the focused reference as text (a selection: as a quote)")]
    YankReference,
    #[strum(message = "copy the focused reference as BibTeX")]
    YankBibtex,
    #[strum(message = "copy the focused reference as CSL-JSON")]
    YankCslJson,
    #[strum(message = "copy the focused reference's DOI")]
    YankDoi,
    #[strum(message = "open the focused reference's link (copied when there is no display)")]
    OpenLink,
    #[strum(message = "show or hide the margin of references")]
    ToggleSidebar,
    #[strum(message = "this help (type to filter)")]
    Help,
    #[strum(message = "close the overlay or popup, clear the search highlight")]
    Close,
    #[strum(message = "suspend to the shell (fg brings scholion back)")]
    Suspend,
    #[strum(message = "quit (ctrl-c always quits)")]
    Quit,
}

impl Action {
    /// Every action, in the order the help screen lists them.
    pub const ALL: &'static [Action] = <Action as strum::VariantArray>::VARIANTS;

    /// One line for the help screen.
    pub fn description(self) -> &'static str {
        strum::EnumMessage::get_message(&self).unwrap_or_default()
    }

    /// The name used in keymap files.
    pub fn name(self) -> &'static str {
        self.into()
    }
}

/// A key as scholion sees it, independent of the terminal library.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KeyCode {
    Char(char),
    Enter,
    Esc,
    Backspace,
    Tab,
    BackTab,
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Home,
    End,
    Delete,
    Insert,
    F(u8),
}

/// A key with its modifiers. Shift is folded into the character for printable keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
    pub alt: bool,
}

impl Key {
    pub const fn plain(code: KeyCode) -> Key {
        Key {
            code,
            ctrl: false,
            alt: false,
        }
    }

    pub const fn ctrl(c: char) -> Key {
        Key {
            code: KeyCode::Char(c),
            ctrl: true,
            alt: false,
        }
    }

    /// Read a key name: `j`, `G`, `?`, `space`, `enter`, `ctrl-d`, `shift-tab`, `pgdn`, `f1`.
    pub fn parse(name: &str) -> Option<Key> {
        let mut ctrl = false;
        let mut alt = false;
        let mut rest = name;
        loop {
            let lower = rest.to_ascii_lowercase();
            if rest.chars().count() > 1 && (lower.starts_with("ctrl-") || lower.starts_with("c-")) {
                ctrl = true;
                rest = &rest[rest.find('-').map_or(0, |i| i + 1)..];
            } else if rest.chars().count() > 1
                && (lower.starts_with("alt-") || lower.starts_with("m-"))
            {
                alt = true;
                rest = &rest[rest.find('-').map_or(0, |i| i + 1)..];
            } else {
                break;
            }
        }
        let lower = rest.to_ascii_lowercase();
        let code = match lower.as_str() {
            "enter" | "return" | "ret" => KeyCode::Enter,
            "esc" | "escape" => KeyCode::Esc,
            "backspace" | "bs" => KeyCode::Backspace,
            "tab" => KeyCode::Tab,
            "shift-tab" | "backtab" | "s-tab" => KeyCode::BackTab,
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "pageup" | "pgup" => KeyCode::PageUp,
            "pagedown" | "pgdn" | "pgdown" => KeyCode::PageDown,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "delete" | "del" => KeyCode::Delete,
            "insert" | "ins" => KeyCode::Insert,
            "space" | "spc" => KeyCode::Char(' '),
            "minus" => KeyCode::Char('-'),
            f if f.len() >= 2
                && f.starts_with('f')
                && f[1..].chars().all(|c| c.is_ascii_digit()) =>
            {
                let n: u8 = f[1..].parse().ok()?;
                if !(1..=24).contains(&n) {
                    return None;
                }
                KeyCode::F(n)
            }
            _ => {
                let mut chars = rest.chars();
                let c = chars.next()?;
                if chars.next().is_some() || c.is_control() {
                    return None;
                }
                KeyCode::Char(if ctrl { c.to_ascii_lowercase() } else { c })
            }
        };
        Some(Key { code, ctrl, alt })
    }

    /// The key's name as the help screen shows it.
    pub fn display(&self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Backspace => "Backspace".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "Shift-Tab".into(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::Delete => "Del".into(),
            KeyCode::Insert => "Ins".into(),
            KeyCode::F(n) => format!("F{n}"),
        };
        let mut s = String::new();
        if self.ctrl {
            s.push_str("Ctrl-");
        }
        if self.alt {
            s.push_str("Alt-");
        }
        s.push_str(&base);
        s
    }
}

/// What a binding is typed as: one key (`j`), or a few in a row (`]]`, `[b`).
pub type KeySeq = Vec<Key>;

/// Read a binding's name: one key (`j`, `ctrl-d`, `pgdn`), keys parted by spaces
/// (`g ctrl-t`), or two characters typed in a row (`]]`, `[b`).
pub fn parse_seq(name: &str) -> Option<KeySeq> {
    if let Some(k) = Key::parse(name) {
        return Some(vec![k]);
    }
    let parts: Vec<&str> = name.split_whitespace().collect();
    if parts.len() > 1 {
        return parts.iter().map(|p| Key::parse(p)).collect();
    }
    let chars: Vec<char> = name.chars().collect();
    if chars.len() == 2 && chars.iter().all(|c| !c.is_control() && !c.is_whitespace()) {
        return chars.iter().map(|c| Key::parse(&c.to_string())).collect();
    }
    None
}

/// A binding as the help screen and the status line show it: `]]`, `[b`, `Ctrl-d`, `g Home`.
pub fn display_seq(seq: &[Key]) -> String {
    let plain = |k: &Key| !k.ctrl && !k.alt && matches!(k.code, KeyCode::Char(c) if c != ' ');
    if seq.len() > 1 && seq.iter().all(plain) {
        seq.iter().map(Key::display).collect()
    } else {
        seq.iter().map(Key::display).collect::<Vec<_>>().join(" ")
    }
}

/// What the keys typed so far are: a binding's, the start of one or more, or none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lookup {
    Action(Action),
    Prefix,
    Unbound,
}

/// A keymap or settings file (`text`, named `source`) that is not TOML, in one line: where,
/// what, and what is used instead (`instead`).
pub fn toml_problem(source: &str, text: &str, e: &toml::de::Error, instead: &str) -> String {
    let line = e
        .span()
        .map(|r| text[..r.start.min(text.len())].matches('\n').count() + 1);
    let at = line.map(|l| format!(":{l}")).unwrap_or_default();
    format!("{source}{at}: {}; using {instead}", e.message())
}

/// Key bindings: for each action, the keys (or key sequences) that trigger it.
#[derive(Debug, Clone, PartialEq)]
pub struct Keymap {
    bindings: BTreeMap<Action, Vec<KeySeq>>,
}

/// The shape of a keymap file: `action_name = ["key", ...]` under `[keys]`.
#[derive(Deserialize)]
struct KeymapFile {
    #[serde(default)]
    keys: BTreeMap<String, Vec<String>>,
}

impl Default for Keymap {
    fn default() -> Self {
        let (map, warnings) = Keymap::parse_over(
            Keymap {
                bindings: BTreeMap::new(),
            },
            DEFAULT_KEYMAP,
            "built-in keymap",
        );
        debug_assert!(warnings.is_empty(), "{warnings:?}");
        map
    }
}

impl Keymap {
    /// The defaults with the user's file `text` (named `source` in warnings) merged over them.
    /// An action listed in the file gets exactly the keys listed there; what cannot be read
    /// becomes a warning and leaves the defaults in place.
    pub fn with_user_file(text: &str, source: &str) -> (Keymap, Vec<String>) {
        Keymap::parse_over(Keymap::default(), text, source)
    }

    fn parse_over(mut base: Keymap, text: &str, source: &str) -> (Keymap, Vec<String>) {
        let mut warnings = Vec::new();
        let file: KeymapFile = match toml::from_str(text) {
            Ok(f) => f,
            Err(e) => {
                warnings.push(toml_problem(source, text, &e, "the default keys"));
                return (base, warnings);
            }
        };
        for (name, key_names) in file.keys {
            let Some(action) = Action::ALL.iter().copied().find(|a| a.name() == name) else {
                warnings.push(format!("{source}: unknown action `{name}` ignored"));
                continue;
            };
            let mut keys = Vec::new();
            let mut bad = false;
            for k in &key_names {
                match parse_seq(k) {
                    Some(seq) => keys.push(seq),
                    None => {
                        warnings.push(format!(
                            "{source}: unknown key name `{k}` for `{name}`; keeping its default keys"
                        ));
                        bad = true;
                    }
                }
            }
            if bad {
                continue;
            }
            // A key moved to this action leaves any other.
            for other in base.bindings.values_mut() {
                other.retain(|k| !keys.contains(k));
            }
            base.bindings.insert(action, keys);
        }
        // A sequence that begins with another binding could never be typed: that binding acts
        // on its first key (there is no waiting to see what comes next).
        for (&a, seqs) in &base.bindings {
            for seq in seqs.iter().filter(|s| s.len() > 1) {
                let shadow = base.bindings.iter().find_map(|(&b, others)| {
                    others
                        .iter()
                        .find(|o| o.len() < seq.len() && seq.starts_with(o))
                        .map(|o| (b, o))
                });
                if let Some((b, o)) = shadow {
                    warnings.push(format!(
                        "{source}: `{}` for `{}` can never be typed: `{}` is `{}`",
                        display_seq(seq),
                        a.name(),
                        display_seq(o),
                        b.name()
                    ));
                }
            }
        }
        // Ctrl-C is the way out that no keymap can take away.
        let always = vec![Key::ctrl('c')];
        if !base.keys(Action::Quit).contains(&always) {
            warnings.push(format!(
                "{source}: ctrl-c always quits; it is kept for `quit`"
            ));
            for other in base.bindings.values_mut() {
                other.retain(|k| k.first() != always.first());
            }
            base.bindings.entry(Action::Quit).or_default().push(always);
        }
        let warnings = warnings
            .into_iter()
            .map(|w| crate::sanitize::one_line(&w).into_owned())
            .collect();
        (base, warnings)
    }

    /// The action bound to the single key `key`, if any.
    pub fn action(&self, key: Key) -> Option<Action> {
        match self.lookup(&[key]) {
            Lookup::Action(a) => Some(a),
            _ => None,
        }
    }

    /// What the keys typed so far ask for: an action when they are a binding, a prefix when
    /// they begin one (a binding wins over a longer one it begins, as it is typed first).
    pub fn lookup(&self, typed: &[Key]) -> Lookup {
        let mut prefix = false;
        for (&a, seqs) in &self.bindings {
            for seq in seqs {
                if seq.as_slice() == typed {
                    return Lookup::Action(a);
                }
                prefix |= seq.len() > typed.len() && seq.starts_with(typed);
            }
        }
        if prefix {
            Lookup::Prefix
        } else {
            Lookup::Unbound
        }
    }

    /// The keys bound to `action`.
    pub fn keys(&self, action: Action) -> &[KeySeq] {
        self.bindings.get(&action).map_or(&[], Vec::as_slice)
    }

    /// The first key of `action`, as shown to the reader (`h` for help).
    pub fn first_key(&self, action: Action) -> Option<String> {
        self.keys(action).first().map(|s| display_seq(s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_names() {
        assert_eq!(Key::parse("j"), Some(Key::plain(KeyCode::Char('j'))));
        assert_eq!(Key::parse("G"), Some(Key::plain(KeyCode::Char('G'))));
        assert_eq!(Key::parse("ctrl-d"), Some(Key::ctrl('d')));
        assert_eq!(Key::parse("C-o"), Some(Key::ctrl('o')));
        assert_eq!(Key::parse("shift-tab"), Some(Key::plain(KeyCode::BackTab)));
        assert_eq!(Key::parse("space"), Some(Key::plain(KeyCode::Char(' '))));
        assert_eq!(Key::parse("-"), Some(Key::plain(KeyCode::Char('-'))));
        assert_eq!(Key::parse("f5"), Some(Key::plain(KeyCode::F(5))));
        assert_eq!(Key::parse("hyper-x"), None);
        assert_eq!(Key::parse("nosuchkey"), None);
    }

    #[test]
    fn every_action_has_a_name_a_help_line_and_a_default_key() {
        let map = Keymap::default();
        assert_eq!(Action::ALL.len(), 49);
        for &a in Action::ALL {
            assert!(!a.name().is_empty());
            assert!(!a.description().is_empty(), "{a:?} has no help line");
            assert!(!map.keys(a).is_empty(), "{a:?} has no default key");
            // The config name keymap files use is the one serde reads.
            let read: Action = serde_json::from_value(serde_json::json!(a.name())).unwrap();
            assert_eq!(read, a);
        }
        assert_eq!(Action::HalfPageDown.name(), "half_page_down");
    }
}
