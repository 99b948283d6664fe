//! Operating-system commands scholion sends the terminal, composed from scholion's own
//! (sanitised) text: OSC 52 puts text on the clipboard of the terminal the reader sits in (over
//! ssh too, where the remote machine has no clipboard of its own), wrapped so that tmux or
//! screen pass it on; OSC 8 makes a link the local terminal can open.
//!
//! Pure: the caller says which multiplexer the reader runs in ([`Mux::from_env`] reads it) and
//! writes the bytes. Hand-written: each sequence is one line of the terminals' documented
//! grammar, and no maintained crate composes the tmux and screen passthrough wrappers.

use base64::Engine;

/// What stands between the reader and the terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mux {
    None,
    /// tmux: the sequence goes through its DCS passthrough (`allow-passthrough on`).
    Tmux,
    /// GNU screen: through its DCS passthrough, in pieces it accepts.
    Screen,
}

impl Mux {
    /// From the environment: `$TMUX` set means tmux; else a `$TERM` of `screen…` means screen.
    pub fn from_env(tmux: Option<&str>, term: Option<&str>) -> Mux {
        if tmux.is_some_and(|t| !t.is_empty()) {
            Mux::Tmux
        } else if term.is_some_and(|t| t.starts_with("screen")) {
            Mux::Screen
        } else {
            Mux::None
        }
    }
}

/// The longest piece screen passes through in one string.
const SCREEN_PIECE: usize = 768;

/// The bytes that put `text` on the clipboard: OSC 52 with the text in base64 (so no byte of
/// it reaches the terminal as itself), wrapped for `mux`.
pub fn copy(text: &str, mux: Mux) -> String {
    let payload = base64::engine::general_purpose::STANDARD.encode(text.as_bytes());
    let seq = format!("\x1b]52;c;{payload}\x07");
    match mux {
        Mux::None => seq,
        Mux::Tmux => format!("\x1bPtmux;{}\x1b\\", seq.replace('\x1b', "\x1b\x1b")),
        Mux::Screen => {
            // Every character of the sequence is ASCII, so any byte is a boundary.
            let mut out = String::with_capacity(seq.len() + seq.len() / SCREEN_PIECE * 4 + 4);
            let mut rest = seq.as_str();
            while !rest.is_empty() {
                let (piece, tail) = rest.split_at(rest.len().min(SCREEN_PIECE));
                out.push_str("\x1bP");
                out.push_str(piece);
                out.push_str("\x1b\\");
                rest = tail;
            }
            out
        }
    }
}

/// The text an OSC 52 sequence (unwrapped) carries; `None` when it is not one. For tests and
/// for checking what was sent.
pub fn decode_copy(seq: &str) -> Option<String> {
    let body = seq.strip_prefix("\x1b]52;c;")?;
    let body = body
        .strip_suffix('\x07')
        .or_else(|| body.strip_suffix("\x1b\\"))?;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(body)
        .ok()?;
    String::from_utf8(bytes).ok()
}

/// OSC 8: the start of a link to `url`, when `url` is one scholion lets through (http, https,
/// mailto or doi, visible ASCII only; see [`crate::app::safe_link`]); what follows it up to
/// [`LINK_END`] is the link's text.
pub fn link_start(url: &str) -> Option<String> {
    crate::app::safe_link(url).then(|| format!("\x1b]8;;{url}\x1b\\"))
}

/// OSC 8 with no address: the end of a link (and, before text, text that is no link).
pub const LINK_END: &str = "\x1b]8;;\x1b\\";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copy_round_trips_and_carries_no_control_byte() {
        let text = "“Exosomes\x1b[31m” (Luga et al. 2012)\n";
        let seq = copy(text, Mux::None);
        assert_eq!(decode_copy(&seq).as_deref(), Some(text));
        // The only control bytes are the sequence's own ESC and BEL.
        let inner = &seq[1..seq.len() - 1];
        assert!(inner.bytes().all(|b| (0x20..0x7f).contains(&b)), "{seq:?}");
    }

    #[test]
    fn tmux_and_screen_wrap_the_sequence() {
        let seq = copy("hello", Mux::Tmux);
        assert!(seq.starts_with("\x1bPtmux;\x1b\x1b]52;c;"), "{seq:?}");
        assert!(seq.ends_with("\x07\x1b\\"), "{seq:?}");
        let unwrapped = seq["\x1bPtmux;".len()..seq.len() - 2].replace("\x1b\x1b", "\x1b");
        assert_eq!(decode_copy(&unwrapped).as_deref(), Some("hello"));

        let long = "x".repeat(2000);
        let seq = copy(&long, Mux::Screen);
        let pieces: Vec<&str> = seq
            .split("\x1b\\")
            .filter(|p| !p.is_empty())
            .map(|p| p.strip_prefix("\x1bP").expect("each piece is a DCS"))
            .collect();
        assert!(pieces.len() > 2);
        assert!(pieces.iter().all(|p| p.len() <= SCREEN_PIECE));
        assert_eq!(
            decode_copy(&pieces.concat()).as_deref(),
            Some(long.as_str())
        );
    }

    #[test]
    fn the_multiplexer_comes_from_the_environment() {
        assert_eq!(
            Mux::from_env(Some("/tmp/tmux-0/default,1,0"), Some("screen")),
            Mux::Tmux
        );
        assert_eq!(Mux::from_env(None, Some("screen-256color")), Mux::Screen);
        assert_eq!(Mux::from_env(Some(""), Some("xterm-256color")), Mux::None);
    }

    #[test]
    fn only_safe_links_become_hyperlinks() {
        assert_eq!(
            link_start("https://doi.org/10.1/x").as_deref(),
            Some("\x1b]8;;https://doi.org/10.1/x\x1b\\")
        );
        for bad in [
            "javascript:alert(1)",
            "file:///etc/passwd",
            "https://a\x1b]0;x",
            "https://a b",
        ] {
            assert_eq!(link_start(bad), None, "{bad:?}");
        }
    }
}
