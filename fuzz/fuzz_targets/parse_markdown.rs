//! Any bytes as a Markdown article: parsing, the library and the JSON report never panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(article) = scholion::load::parse_bytes("fuzz.md", data) {
        let lib = scholion::library::Library::new(vec![article]);
        let _ = scholion::inspect::to_json(&lib);
    }
});
