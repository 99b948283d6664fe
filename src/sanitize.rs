//! Text that may reach the terminal: every string a document (or a file name) supplies passes
//! through [`prose`] or [`verbatim`] once, where the model is built, so no later module ever
//! holds a byte that a terminal would interpret.
//!
//! Pure string work; imports nothing but `std` and, for the JSON writer that escapes what the
//! sanitiser would (a second guard), `serde_json`.

use std::borrow::Cow;

/// Columns a tab stop spans when a tab is expanded.
pub const TAB_WIDTH: usize = 4;

/// Shown in place of a whole escape sequence (CSI, OSC, DCS, APC, PM, SOS) or a lone ESC.
pub const ESCAPE_PLACEHOLDER: char = '\u{241B}'; // ␛

/// Sanitise running text (body, headings, references, front matter, file names).
///
/// Tabs become spaces, bidi controls are dropped, and every other control character becomes a
/// visible control picture; a recognised escape sequence becomes one `␛` with nothing of it left.
pub fn prose(s: &str) -> Cow<'_, str> {
    clean(s, Bidi::Drop, Breaks::Keep)
}

/// Sanitise text whose every character matters to the reader (code, URLs).
///
/// As [`prose`], but bidi controls and zero-width characters are shown as `<U+202E>` instead of
/// being dropped, so a link cannot pretend to be another.
pub fn verbatim(s: &str) -> Cow<'_, str> {
    clean(s, Bidi::Show, Breaks::Keep)
}

/// Sanitise text shown where one line is expected (a file name, an error or status message).
///
/// As [`prose`], and a line break becomes its visible picture (`␊`), so a name holding one
/// cannot forge a second line.
pub fn one_line(s: &str) -> Cow<'_, str> {
    clean(s, Bidi::Drop, Breaks::Show)
}

#[derive(Clone, Copy, PartialEq)]
enum Bidi {
    Drop,
    Show,
}

/// Document text quoted in a message: its first 80 characters, on one line ([`one_line`]).
pub fn clip(s: &str) -> String {
    let t: String = s.chars().take(80).collect();
    one_line(&t).into_owned()
}

/// Whether a line break stays one, or is shown as its control picture like any other control.
#[derive(Clone, Copy, PartialEq)]
enum Breaks {
    Keep,
    Show,
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fn is_zero_width(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
    )
}

fn needs_work(c: char) -> bool {
    c.is_control() || is_bidi_control(c) || is_zero_width(c)
}

fn clean(s: &str, bidi: Bidi, breaks: Breaks) -> Cow<'_, str> {
    if !s.chars().any(needs_work) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    let mut column = 0usize;
    let mut chars = s.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        match c {
            '\t' => {
                let pad = TAB_WIDTH - column % TAB_WIDTH;
                out.extend(std::iter::repeat_n(' ', pad));
                column += pad;
                continue;
            }
            '\n' if breaks == Breaks::Keep => {
                out.push('\n');
                column = 0;
                continue;
            }
            '\u{1b}' => {
                skip_escape(&mut chars);
                out.push(ESCAPE_PLACEHOLDER);
            }
            // C1 introducers of strings and sequences: swallow them whole like their ESC forms.
            '\u{9b}' => {
                skip_csi(&mut chars);
                out.push(ESCAPE_PLACEHOLDER);
            }
            '\u{90}' | '\u{98}' | '\u{9d}' | '\u{9e}' | '\u{9f}' => {
                skip_string(&mut chars);
                out.push(ESCAPE_PLACEHOLDER);
            }
            c if c.is_control() => out.push(control_picture(c)),
            c if is_bidi_control(c) || (is_zero_width(c) && bidi == Bidi::Show) => {
                if bidi == Bidi::Show {
                    out.push_str(&format!("<U+{:04X}>", c as u32));
                }
                continue;
            }
            c => out.push(c),
        }
        column += 1;
    }
    Cow::Owned(out)
}

/// The visible stand-in for a control character: the U+2400 control pictures for C0 and DEL,
/// the replacement character for C1 controls (which have no pictures).
fn control_picture(c: char) -> char {
    let n = c as u32;
    match n {
        0..=0x1f => char::from_u32(0x2400 + n).unwrap_or('?'),
        0x7f => '\u{2421}', // ␡
        _ => '\u{FFFD}',
    }
}

type Chars<'a> = std::iter::Peekable<std::str::CharIndices<'a>>;

/// After an ESC: consume the rest of the sequence it starts, whatever its kind.
fn skip_escape(chars: &mut Chars<'_>) {
    match chars.peek().map(|&(_, c)| c) {
        Some('[') => {
            chars.next();
            skip_csi(chars);
        }
        Some(']') | Some('P') | Some('X') | Some('^') | Some('_') => {
            chars.next();
            skip_string(chars);
        }
        // Intermediate bytes then one final byte (e.g. `ESC ( B`, `ESC # 8`).
        Some(c) if ('\u{20}'..='\u{2f}').contains(&c) => {
            while let Some(&(_, c)) = chars.peek() {
                chars.next();
                if !('\u{20}'..='\u{2f}').contains(&c) {
                    break;
                }
            }
        }
        // A two-character sequence such as `ESC c` (reset) or `ESC 7`.
        Some(c) if ('\u{30}'..='\u{7e}').contains(&c) => {
            chars.next();
        }
        _ => {}
    }
}

/// Parameters and intermediates up to the final byte (0x40..=0x7e) of a control sequence.
fn skip_csi(chars: &mut Chars<'_>) {
    while let Some(&(_, c)) = chars.peek() {
        if ('\u{20}'..='\u{3f}').contains(&c) {
            chars.next();
        } else {
            if ('\u{40}'..='\u{7e}').contains(&c) {
                chars.next();
            }
            return;
        }
    }
}

/// The body of an OSC/DCS/SOS/PM/APC string, up to BEL, ST (`ESC \`), or C1 ST.
fn skip_string(chars: &mut Chars<'_>) {
    while let Some((_, c)) = chars.next() {
        match c {
            '\u{7}' | '\u{9c}' => return,
            '\u{1b}' => {
                if let Some(&(_, '\\')) = chars.peek() {
                    chars.next();
                }
                return;
            }
            _ => {}
        }
    }
}

/// A `serde_json` formatter that writes as a `\\uXXXX` escape every character the sanitiser
/// would change ([`needs_work`]: every control — serde_json escapes only U+0000–U+001F — DEL,
/// C1, bidi and zero-width characters), so that JSON shown on a terminal holds nothing a
/// terminal acts on even if a string escaped the sanitiser; otherwise the pretty layout.
pub struct SafeJson(serde_json::ser::PrettyFormatter<'static>);

impl Default for SafeJson {
    fn default() -> Self {
        SafeJson(serde_json::ser::PrettyFormatter::new())
    }
}

/// Forward every layout call to the pretty formatter; only string fragments are changed.
macro_rules! forward {
    ($($name:ident($($arg:ident: $ty:ty),*);)*) => {
        $(fn $name<W: ?Sized + std::io::Write>(&mut self, w: &mut W $(, $arg: $ty)*)
            -> std::io::Result<()> {
            self.0.$name(w $(, $arg)*)
        })*
    };
}

impl serde_json::ser::Formatter for SafeJson {
    forward! {
        begin_array();
        end_array();
        begin_array_value(first: bool);
        end_array_value();
        begin_object();
        end_object();
        begin_object_key(first: bool);
        begin_object_value();
        end_object_value();
    }

    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            if needs_work(c) {
                w.write_all(&fragment.as_bytes()[start..i])?;
                let mut units = [0u16; 2];
                for u in c.encode_utf16(&mut units) {
                    write!(w, "\\u{:04x}", u)?;
                }
                start = i + c.len_utf8();
            }
        }
        w.write_all(&fragment.as_bytes()[start..])
    }
}

/// `value` as pretty JSON written with [`SafeJson`].
pub fn to_json<T: serde::Serialize + ?Sized>(value: &T) -> serde_json::Result<String> {
    let mut out = Vec::new();
    let mut ser = serde_json::Serializer::with_formatter(&mut out, SafeJson::default());
    value.serialize(&mut ser)?;
    // The serializer writes only valid UTF-8 (its input is `str`, its escapes ASCII).
    Ok(String::from_utf8(out).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_borrowed() {
        assert!(matches!(prose("Exosomes — 30–150 nm"), Cow::Borrowed(_)));
    }

    #[test]
    fn osc52_leaves_no_tail() {
        let s = prose("a\u{1b}]52;c;aGVsbG8=\u{7}b");
        assert_eq!(s, "a\u{241B}b");
    }

    #[test]
    fn csi_and_c1_csi_become_one_placeholder() {
        assert_eq!(prose("x\u{1b}[2Jy"), "x\u{241B}y");
        assert_eq!(prose("x\u{9b}31mY"), "x\u{241B}Y");
        assert_eq!(prose("x\u{1b}P$q m\u{1b}\\y"), "x\u{241B}y");
    }

    #[test]
    fn controls_become_pictures_and_tabs_spaces() {
        assert_eq!(prose("a\u{0}b\u{7}c\u{7f}"), "a\u{2400}b\u{2407}c\u{2421}");
        assert_eq!(prose("ab\tc"), "ab  c");
    }

    #[test]
    fn bidi_dropped_in_prose_shown_verbatim() {
        assert_eq!(prose("ab\u{202E}cd"), "abcd");
        assert_eq!(verbatim("ab\u{202E}cd"), "ab<U+202E>cd");
        assert_eq!(verbatim("exa\u{200B}mple.org"), "exa<U+200B>mple.org");
    }

    #[test]
    fn one_line_shows_line_breaks() {
        assert_eq!(
            one_line("a.md\nscholion: forged"),
            "a.md\u{240A}scholion: forged"
        );
        assert_eq!(one_line("a\r\nb"), "a\u{240D}\u{240A}b");
        assert!(matches!(one_line("plain"), Cow::Borrowed(_)));
    }

    #[test]
    fn json_escapes_c1_del_and_bidi() {
        let json = to_json(&["a\u{9b}2J\u{7f}\u{202e}b\u{1b}c"]).unwrap();
        assert!(
            json.contains(r#""a\u009b2J\u007f\u202eb\u001bc""#),
            "{json}"
        );
        assert!(!json.chars().any(|c| c.is_control() && c != '\n'));
        let back: Vec<String> = serde_json::from_str(&json).unwrap();
        assert_eq!(back[0], "a\u{9b}2J\u{7f}\u{202e}b\u{1b}c");
    }
}
