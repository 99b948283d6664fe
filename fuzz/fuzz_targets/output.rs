//! Any file, read as Markdown and as JATS, printed every way scholion prints it: the
//! `inspect` report, `inspect --json`, `import`'s Markdown and the one-line errors. The bytes
//! are read by a VT parser and must hold printable text and line breaks only (the JSON no raw
//! C1, DEL or bidi control either), before the last guard in `main` runs: a diagnostic that
//! forgets to sanitise is found here.
#![no_main]
use libfuzzer_sys::fuzz_target;
use scholion::library::Library;

/// The tests' corpus module, for its plain-output audit (the same allow-list the tests use).
#[path = "../../tests/integration/corpus/mod.rs"]
mod corpus;

fn check(what: &str, text: &str) {
    let bad = corpus::audit_plain(text.as_bytes());
    assert!(bad.is_empty(), "{what}: {bad:?}\n{text:?}");
}

fuzz_target!(|data: &[u8]| {
    for name in ["fuzz.md", "fuzz.xml"] {
        match scholion::load::parse_bytes(name, data) {
            Ok(article) => {
                for e in scholion::load::partial_errors(&article) {
                    check("error line", &e.to_string());
                    assert!(!e.to_string().contains('\n'));
                }
                check("import", &scholion::formats::to_markdown::to_markdown(&article, "fuzz"));
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
