//! Any file, read as Markdown and as JATS, printed every way scholion prints it: the
//! `inspect` report, `inspect --json`, `import`'s Markdown and the one-line errors. The bytes
//! are read by a VT parser and must hold printable text and line breaks only (the JSON no raw
//! C1, DEL or bidi control either), before the last guard in `main` runs: a diagnostic that
//! forgets to sanitise is found here.
#![no_main]
use libfuzzer_sys::fuzz_target;
use scholion::library::Library;

#[derive(Default)]
struct Audit(Vec<String>);

impl vte::Perform for Audit {
    fn print(&mut self, c: char) {
        if c.is_control()
            || matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
        {
            self.0.push(format!("printed {c:?}"));
        }
    }
    fn execute(&mut self, byte: u8) {
        if byte != b'\n' {
            self.0.push(format!("control {byte:#04x}"));
        }
    }
    fn hook(&mut self, _: &vte::Params, _: &[u8], _: bool, _: char) {
        self.0.push("DCS".into());
    }
    fn osc_dispatch(&mut self, _: &[&[u8]], _: bool) {
        self.0.push("OSC".into());
    }
    fn esc_dispatch(&mut self, _: &[u8], _: bool, _: u8) {
        self.0.push("ESC".into());
    }
    fn csi_dispatch(&mut self, _: &vte::Params, _: &[u8], _: bool, action: char) {
        self.0.push(format!("CSI {action}"));
    }
}

fn check(what: &str, text: &str) {
    let mut parser = vte::Parser::new();
    let mut audit = Audit::default();
    parser.advance(&mut audit, text.as_bytes());
    assert!(audit.0.is_empty(), "{what}: {:?}\n{text:?}", audit.0);
}

fuzz_target!(|data: &[u8]| {
    for name in ["fuzz.md", "fuzz.xml"] {
        match scholion::load::parse_bytes(name, data) {
            Ok(article) => {
                for e in scholion::load::partial_errors(&article) {
                    check("error line", &e.to_string());
                    assert!(!e.to_string().contains('\n'));
                }
                check("import", &scholion::markdown::to_markdown(&article, "fuzz"));
                let lib = Library::new(vec![article]);
                check("inspect", &scholion::inspect::to_text(&lib));
                check("inspect --json", &scholion::inspect::to_json(&lib));
            }
            Err(e) => {
                check("error line", &e.to_string());
                assert!(!e.to_string().contains('\n'), "{e}");
            }
        }
    }
});
