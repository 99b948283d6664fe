//! Any text as a JATS article: the XML reader never panics, and what it reads round-trips
//! through `import`'s Markdown without a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(article) = scholion::formats::jats::parse_jats("fuzz.xml", &text) {
        let md = scholion::formats::to_markdown::to_markdown(&article, "fuzz");
        let _ = scholion::formats::markdown::parse_markdown("fuzz.md", &md);
        let _ = scholion::library::Library::new(vec![article]);
    }
});
