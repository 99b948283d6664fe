//! Any article at any width: no line is wider than the width (bar a single over-wide
//! grapheme), and every anchor's line and column hold its text.
#![no_main]
use libfuzzer_sys::fuzz_target;
use scholion::layout::{layout, width, LayoutOptions};

fuzz_target!(|data: &[u8]| {
    let Some((&w, rest)) = data.split_first() else { return };
    let w = 2 + w as usize;
    let text = String::from_utf8_lossy(rest);
    let article = scholion::formats::markdown::parse_markdown("fuzz.md", &text);
    let lib = scholion::library::Library::new(vec![article]);
    let l = layout(&lib, 0, w, LayoutOptions { ascii: w % 2 == 0 });
    let art = lib.article(0);
    for line in &l.lines {
        let shown = match (l.synthetic(line), line.block()) {
            (Some((t, _)), _) => t.to_string(),
            (None, Some(b)) => art.blocks[b].text[line.range()].to_string(),
            (None, None) => String::new(),
        };
        let single = unicode_segmentation::UnicodeSegmentation::graphemes(shown.as_str(), true).count() == 1;
        assert!(width(l.prefix(line)) + width(&shown) <= w || single);
    }
    for a in &l.anchors {
        let line = &l.lines[a.line()];
        assert_eq!(line.block(), Some(a.block()));
        let text = &art.blocks[a.block()].text;
        assert_eq!(a.col(), width(l.prefix(line)) + width(&text[line.range().start..a.range().start]));
    }
});
