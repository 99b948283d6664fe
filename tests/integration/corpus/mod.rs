//! A corpus of hostile articles, and a check that bytes bound for a terminal hold only the
//! sequences scholion itself writes.
#![allow(dead_code)]

use std::fmt::Write;

/// Escape sequences and controls an attacker would put in an article.
pub const PAYLOADS: &[(&str, &str)] = &[
    ("osc52 clipboard", "\u{1b}]52;c;aGVsbG8gd29ybGQ=\u{7}"),
    ("osc52 st", "\u{1b}]52;c;cHduZWQ=\u{1b}\\"),
    ("osc0 title", "\u{1b}]0;pwned title\u{7}"),
    ("osc2 title st", "\u{1b}]2;another\u{1b}\\"),
    (
        "osc8 link",
        "\u{1b}]8;;https://evil.example\u{7}click\u{1b}]8;;\u{7}",
    ),
    ("csi clear", "\u{1b}[2J\u{1b}[H"),
    ("csi scroll region", "\u{1b}[1;2r"),
    ("csi mode", "\u{1b}[?1049l\u{1b}[?25l"),
    ("decrqss", "\u{1b}P$qm\u{1b}\\"),
    (
        "dcs tmux",
        "\u{1b}Ptmux;\u{1b}\u{1b}]52;c;eA==\u{7}\u{1b}\\",
    ),
    ("apc", "\u{1b}_Gi=1;AAAA\u{1b}\\"),
    ("pm", "\u{1b}^private\u{1b}\\"),
    ("sos", "\u{1b}Xstring\u{1b}\\"),
    ("c1 csi", "\u{9b}31mred\u{9b}0m"),
    ("c1 osc", "\u{9d}0;c1 title\u{9c}"),
    ("c1 dcs", "\u{90}$qm\u{9c}"),
    (
        "bel flood",
        "\u{7}\u{7}\u{7}\u{7}\u{7}\u{7}\u{7}\u{7}\u{7}\u{7}\u{7}\u{7}\u{7}\u{7}\u{7}\u{7}",
    ),
    ("nul", "a\u{0}b"),
    ("backspace", "abc\u{8}\u{8}\u{8}xyz"),
    ("cr overwrite", "safe\rEVIL"),
    ("del", "x\u{7f}y"),
    (
        "bidi",
        "\u{202e}evil.exe\u{202c} and \u{2066}isolate\u{2069} and \u{200f}rlm",
    ),
    ("lone esc", "\u{1b}"),
    ("esc reset", "\u{1b}c"),
    ("unterminated osc", "\u{1b}]52;c;never ends"),
];

/// Markdown that places `p` in every kind of text an article shows.
pub fn markdown_with(p: &str) -> String {
    let mut s = String::new();
    let y = p.replace('\\', "\\\\").replace('"', "\\\"");
    let _ = writeln!(s, "---\ntitle: \"Title {y} end\"\nauthors:\n  - \"Author {y}\"\njournal: \"Journal {y}\"\n---\n");
    let _ = writeln!(s, "# Heading {p}\n");
    let _ = writeln!(s, "Body {p} text with a citation [1] and the term Exosomes and *emphasis {p}* and `code {p}`.\n");
    let _ = writeln!(s, "A [link {p}](https://example.org/{p}) and entities &#27;[2J &#x9b;31m &#x1b;]52;c;eA==&#7; &#8238;.\n");
    let _ = writeln!(
        s,
        "> Quote {p}\n\n- Item {p}\n\n| a {p} | b |\n|---|---|\n| c | d {p} |\n"
    );
    let _ = writeln!(s, "```\ncode block {p}\n```\n");
    let _ = writeln!(
        s,
        "## Glossary\n\nExosomes\n: Definition {p}.\n\nTerm {p}\n: Another.\n"
    );
    let _ = writeln!(s, "## Figures\n\n- Fig. 1: Caption {p}\n");
    let _ = writeln!(
        s,
        "## References\n\n1. Smith, J. Title {p}. Journal {p} 1, 2 (2000).\n"
    );
    s
}

/// JATS with `p` (XML-escaped where XML needs it, and as character references too).
pub fn jats_with(p: &str) -> String {
    // Controls are not allowed raw in XML 1.0: put them in as character references.
    let refs: String = p
        .chars()
        .map(|c| match c {
            '&' => "&amp;".to_string(),
            '<' => "&lt;".to_string(),
            '>' => "&gt;".to_string(),
            c if c.is_control() => format!("&#x{:x};", c as u32),
            c => c.to_string(),
        })
        .collect();
    format!(
        r#"<?xml version="1.0"?><article article-type="research-article"><front><journal-meta><journal-title-group><journal-title>J {refs}</journal-title></journal-title-group></journal-meta><article-meta><title-group><article-title>Title {refs}</article-title></title-group><contrib-group><contrib contrib-type="author"><name><surname>S {refs}</surname><given-names>G</given-names></name></contrib></contrib-group><abstract><p>Abstract {refs}</p></abstract></article-meta></front><body><sec><title>Sec {refs}</title><p>Text {refs} [<xref ref-type="bibr" rid="r1">1</xref>] and Exosomes, <ext-link xlink:href="https://x.example/{refs}">link {refs}</ext-link>.</p><fig><label>Figure 1</label><caption><p>Cap {refs}</p></caption></fig><table-wrap><label>Table 1</label><caption><p>T {refs}</p></caption><table><tr><td>{refs}</td></tr></table></table-wrap></sec></body><back><glossary><def-list><def-item><term>Exosomes</term><def><p>Def {refs}</p></def></def-item></def-list></glossary><ref-list><ref id="r1"><label>1</label><mixed-citation>Ref {refs} (2000).</mixed-citation></ref></ref-list></back></article>"#
    )
}

/// What a sequence in the output was, when it is not one scholion writes.
#[derive(Default)]
pub struct Audit {
    pub bad: Vec<String>,
    /// Plain output (reports, JSON, Markdown, error lines): no sequence at all is allowed.
    pub plain: bool,
}

impl vte::Perform for Audit {
    fn print(&mut self, c: char) {
        if c.is_control()
            || matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
        {
            self.bad.push(format!("printed control {c:?}"));
        }
    }
    fn execute(&mut self, byte: u8) {
        if !matches!(byte, b'\r' | b'\n') {
            self.bad.push(format!("control byte {byte:#04x}"));
        }
    }
    fn hook(&mut self, _params: &vte::Params, intermediates: &[u8], _ignore: bool, action: char) {
        self.bad.push(format!("DCS {intermediates:?} {action}"));
    }
    fn put(&mut self, _byte: u8) {}
    fn osc_dispatch(&mut self, params: &[&[u8]], _bell: bool) {
        // A hyperlink scholion lets through (http, https, mailto, doi; visible ASCII), or the
        // end of one; in the reader only.
        if let [b"8", b"", url] = params {
            let url = String::from_utf8_lossy(url);
            if !self.plain && (url.is_empty() || scholion::app::safe_link(&url)) {
                return;
            }
        }
        self.bad.push(format!(
            "OSC {:?}",
            params
                .iter()
                .map(|p| String::from_utf8_lossy(p))
                .collect::<Vec<_>>()
        ));
    }
    fn csi_dispatch(
        &mut self,
        params: &vte::Params,
        intermediates: &[u8],
        ignore: bool,
        action: char,
    ) {
        let nums: Vec<u16> = params.iter().flat_map(|p| p.iter().copied()).collect();
        let ok = !self.plain
            && !ignore
            && match (intermediates, action) {
                (
                    [],
                    'm' | 'H' | 'f' | 'A' | 'B' | 'C' | 'D' | 'E' | 'F' | 'G' | 'd' | 'J' | 'K'
                    | 'X' | 'r' | 'S' | 'T',
                ) => true,
                ([b'?'], 'h' | 'l') => nums.iter().all(|n| {
                    matches!(
                        n,
                        25 | 1049 | 2026 | 1000 | 1002 | 1003 | 1006 | 1015 | 2004 | 1004
                    )
                }),
                _ => false,
            };
        if !ok {
            self.bad
                .push(format!("CSI {intermediates:?} {nums:?} {action}"));
        }
    }
    fn esc_dispatch(&mut self, intermediates: &[u8], _ignore: bool, byte: u8) {
        self.bad
            .push(format!("ESC {intermediates:?} {}", byte as char));
    }
}

/// Every sequence in `bytes` that is not on scholion's list.
pub fn audit(bytes: &[u8]) -> Vec<String> {
    let mut parser = vte::Parser::new();
    let mut audit = Audit::default();
    parser.advance(&mut audit, bytes);
    audit.bad
}

/// Every sequence or control in `bytes` of plain output (a report, JSON, Markdown, an error
/// line): only printable text and line breaks may be there, and no raw C1 or bidi control.
pub fn audit_plain(bytes: &[u8]) -> Vec<String> {
    let mut parser = vte::Parser::new();
    let mut audit = Audit {
        plain: true,
        ..Audit::default()
    };
    parser.advance(&mut audit, bytes);
    if bytes.contains(&0x1b) {
        audit.bad.push("an ESC byte".into());
    }
    audit.bad
}
pub mod pathological;
