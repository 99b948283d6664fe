//! PDF layout: pages of glyphs, placed as a two-column paper places them, read into an
//! article (the layout is pure; the glyphs here stand for what the PDF reader hands over).

use scholion::formats::pdf::{article, Glyph, Page};
use scholion::model::BlockKind;

/// Glyphs for `text` set from `x` on baseline `y` in `size`, a fixed advance per character.
fn set(glyphs: &mut Vec<Glyph>, text: &str, x: f32, y: f32, size: f32) {
    let advance = size * 0.5;
    for (i, c) in text.chars().enumerate() {
        glyphs.push(Glyph {
            x: x + i as f32 * advance,
            y,
            size,
            width: advance,
            text: c.to_string(),
        });
    }
}

/// A page 600 wide with two columns (x 50 and 320, 12 lines each of body text in size 10),
/// a running head and a page number; `lines` fills the columns top to bottom.
fn page(
    head: &str,
    number: u32,
    left: &[&str],
    right: &[&str],
    extra: &[(&str, f32, f32, f32)],
) -> Page {
    let mut glyphs = Vec::new();
    set(&mut glyphs, head, 50.0, 30.0, 8.0);
    set(&mut glyphs, &number.to_string(), 290.0, 780.0, 8.0);
    for (i, line) in left.iter().enumerate() {
        set(&mut glyphs, line, 50.0, 100.0 + 12.0 * i as f32, 10.0);
    }
    for (i, line) in right.iter().enumerate() {
        set(&mut glyphs, line, 320.0, 100.0 + 12.0 * i as f32, 10.0);
    }
    for &(text, x, y, size) in extra {
        set(&mut glyphs, text, x, y, size);
    }
    // Drawn in no particular order, as content streams often are.
    glyphs.reverse();
    Page {
        width: 600.0,
        height: 800.0,
        glyphs,
    }
}

#[test]
fn a_two_column_paper_reads_in_order_with_its_furniture_removed() {
    let first = page(
        "Journal of Tests 12 (2026) 1-9",
        1,
        &[
            "Cells release vesicles",
            "into the blood, and the",
            "vesicles carry cargo",
            "between cells; the ef-",
            "fect on metastasis is",
            "large.",
        ],
        &[
            "A second paragraph be-",
            "gins in the right col-",
            "umn, with GFP-",
            "tagged cells.",
        ],
        &[("A Study of Vesicles", 50.0, 60.0, 18.0)],
    );
    let second = page(
        "Journal of Tests 12 (2026) 1-9",
        2,
        &[
            "References",
            "1. Luga V, Zhang L. Exo-",
            "somes. Cell 2012;151:1542-56.",
            "2. Peinado H. Melanoma.",
            "Nat Med 2012;18:883-91.",
        ],
        &[],
        &[],
    );
    let a = article("t.pdf", &[first, second]);
    assert_eq!(a.front.title.as_deref(), Some("A Study of Vesicles"));
    let texts: Vec<&str> = a
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Paragraph)
        .map(|b| b.text.as_str())
        .collect();
    assert_eq!(
        texts[0],
        "Cells release vesicles into the blood, and the vesicles carry cargo between cells; the effect on metastasis is large."
    );
    assert_eq!(
        texts[1],
        "A second paragraph begins in the right column, with GFP-tagged cells."
    );
    for b in &a.blocks {
        assert!(
            !b.text.contains("Journal of Tests"),
            "running head kept: {:?}",
            b.text
        );
        assert_ne!(b.text.trim(), "2", "page number kept");
    }
    let refs: Vec<(u32, Option<&str>, Option<u32>)> = a
        .references
        .iter()
        .map(|r| (r.number, r.first_author(), r.year))
        .collect();
    assert_eq!(
        refs,
        [
            (1, Some("Luga"), Some(2012)),
            (2, Some("Peinado"), Some(2012))
        ]
    );
}

#[test]
fn a_raised_small_number_after_a_word_is_a_citation_and_after_a_digit_an_exponent() {
    let mut glyphs = Vec::new();
    set(&mut glyphs, "Exosomes spread metastasis", 50.0, 100.0, 10.0);
    set(&mut glyphs, "1,2", 180.0, 96.0, 6.0);
    set(&mut glyphs, " in 10", 189.0, 100.0, 10.0);
    set(&mut glyphs, "3", 219.0, 96.0, 6.0);
    set(&mut glyphs, " mice.", 222.0, 100.0, 10.0);
    let mut refs = Vec::new();
    set(&mut refs, "References", 50.0, 200.0, 10.0);
    set(
        &mut refs,
        "1. Luga V. Exosomes. Cell 2012;151:1542-56.",
        50.0,
        212.0,
        10.0,
    );
    set(
        &mut refs,
        "2. Peinado H. Melanoma. Nat Med 2012;18:883-91.",
        50.0,
        224.0,
        10.0,
    );
    glyphs.extend(refs);
    let a = article(
        "s.pdf",
        &[Page {
            width: 600.0,
            height: 800.0,
            glyphs,
        }],
    );
    let body = &a.blocks[0].text;
    assert_eq!(body, "Exosomes spread metastasis[1,2] in 10^3 mice.");
    assert_eq!(a.citations.len(), 1);
    let numbers: Vec<u32> = a.citations[0]
        .targets
        .iter()
        .filter_map(|t| t.number())
        .collect();
    assert_eq!(numbers, [1, 2]);
    assert_eq!(a.references.len(), 2);
}

/// A one-page PDF whose page draws `content` with Helvetica as `/F1`: objects, cross-reference
/// table and trailer written out, offsets counted.
pub fn tiny_pdf(content: &str) -> Vec<u8> {
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R \
         /Resources << /Font << /F1 5 0 R >> >> >>"
            .to_string(),
        format!(
            "<< /Length {} >>\nstream\n{content}\nendstream",
            content.len() + 1
        ),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string(),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

#[test]
fn a_pdf_file_is_read_through_the_door_every_format_uses() {
    let pdf = tiny_pdf(
        "BT /F1 24 Tf 72 700 Td (A Tiny Paper) Tj ET \
         BT /F1 10 Tf 72 650 Td (Cells release vesicles [1].) Tj ET \
         BT /F1 10 Tf 72 620 Td (References) Tj ET \
         BT /F1 10 Tf 72 608 Td (1. Luga V. Exosomes. Cell 2012;151:1542-56.) Tj ET",
    );
    let a = scholion::formats::read("tiny.pdf", &pdf).expect("a PDF with text");
    assert_eq!(a.front.title.as_deref(), Some("A Tiny Paper"));
    assert!(a
        .blocks
        .iter()
        .any(|b| b.text == "Cells release vesicles [1]."));
    assert_eq!(a.references.len(), 1);
    assert_eq!(a.citations.len(), 1);
    // No text layer: said so.
    let e = scholion::formats::read("scan.pdf", &tiny_pdf("0 0 m 10 10 l S")).unwrap_err();
    assert_eq!(
        e.to_string(),
        "PDF: no text layer (a scanned PDF? scholion does no OCR)"
    );
}

#[test]
fn a_pdf_its_parser_fails_on_is_one_line_and_the_other_files_load() {
    // `w` with no operand: the PDF parser indexes an empty list. It runs in a process of its
    // own, so the reader names the file and goes on.
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("broken.pdf");
    std::fs::write(&bad, tiny_pdf("w BT /F1 10 Tf 72 650 Td (Text) Tj ET")).unwrap();
    let good = dir.path().join("good.md");
    std::fs::write(&good, "# Good\n\nText.\n").unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_scholion"))
        .arg("inspect")
        .arg(&good)
        .arg(&bad)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("broken.pdf: PDF: the PDF reader stopped on this file"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("== Good =="));
}
