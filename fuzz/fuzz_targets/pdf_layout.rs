//! Any glyphs, anywhere on any page, in any size: the PDF layout (lines, columns, running
//! heads, paragraphs, superscripts, references) never panics, and the article it makes
//! builds a library. The glyphs stand for what `scholion-pdf` hands over; the PDF parser
//! itself runs in a process of its own, whose failures the reader reports.
#![no_main]
use libfuzzer_sys::fuzz_target;
use scholion::formats::pdf::{article, Glyph, Page};

fuzz_target!(|data: &[u8]| {
    let mut pages = vec![Page {
        width: 600.0,
        height: 800.0,
        ..Page::default()
    }];
    for g in data.chunks_exact(8) {
        if g[0] == 0xff {
            pages.push(Page {
                width: 100.0 + f32::from(g[1]) * 4.0,
                height: 100.0 + f32::from(g[2]) * 4.0,
                ..Page::default()
            });
            continue;
        }
        let text = match char::from_u32(u32::from(u16::from_le_bytes([g[6], g[7]]))) {
            Some(c) if g[5] & 1 == 0 => c.to_string(),
            _ => ["fi", "\u{fb01}", "-", " ", "1,2", "[3]", "References", "."][usize::from(g[7] % 8)]
                .to_string(),
        };
        let page = pages.last_mut().expect("one page at least");
        page.glyphs.push(Glyph {
            x: f32::from(u16::from_le_bytes([g[0], g[1]])) / 64.0,
            y: f32::from(u16::from_le_bytes([g[2], g[3]])) / 64.0,
            size: f32::from(g[4]) / 8.0,
            width: f32::from(g[5]) / 16.0,
            text,
        });
    }
    let a = article("fuzz.pdf", &pages);
    let _ = scholion::library::Library::new(vec![a]);
});
