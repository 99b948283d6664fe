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

/// A numbered reference list of two entries under its heading, at y 200–224 of a page.
fn numbered_references(glyphs: &mut Vec<Glyph>) {
    set(glyphs, "References", 50.0, 200.0, 10.0);
    set(
        glyphs,
        "1. Luga V. Exosomes. Cell 2012;151:1542-56.",
        50.0,
        212.0,
        10.0,
    );
    set(
        glyphs,
        "2. Peinado H. Melanoma. Nat Med 2012;18:883-91.",
        50.0,
        224.0,
        10.0,
    );
}

/// The article of one page 600×800 holding `glyphs`.
fn one_page(name: &str, glyphs: Vec<Glyph>) -> scholion::model::Article {
    article(
        name,
        &[Page {
            width: 600.0,
            height: 800.0,
            glyphs,
            unmapped: 0,
        }],
    )
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
        unmapped: 0,
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
    numbered_references(&mut glyphs);
    let a = one_page("s.pdf", glyphs);
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

#[test]
fn superscripts_cite_only_where_the_list_is_numbered_and_not_after_a_symbol() {
    // An author–year paper: `Robinson¹ & Twiss²` marks affiliations, `R²` is a statistic.
    let mut glyphs = Vec::new();
    set(&mut glyphs, "Sarah Robinson", 50.0, 60.0, 10.0);
    set(&mut glyphs, "1", 120.0, 56.0, 6.0);
    set(&mut glyphs, " and Sean Twiss", 123.0, 60.0, 10.0);
    set(&mut glyphs, "2", 198.0, 56.0, 6.0);
    set(
        &mut glyphs,
        "Pups fight less (Barnard and Burk 1979), R",
        50.0,
        100.0,
        10.0,
    );
    set(&mut glyphs, "2", 260.0, 96.0, 6.0);
    set(&mut glyphs, " = 0.22.", 263.0, 100.0, 10.0);
    set(&mut glyphs, "References", 50.0, 200.0, 10.0);
    set(
        &mut glyphs,
        "Anacker AMJ, Beery AK (2013) Life in groups. Front Behav",
        50.0,
        212.0,
        10.0,
    );
    set(
        &mut glyphs,
        "Barnard CJ, Burk T (1979) Dominance hierarchies. J Theor Biol",
        50.0,
        224.0,
        10.0,
    );
    let a = one_page("ay.pdf", glyphs);
    let texts: Vec<&str> = a.citations.iter().map(|c| c.text(&a)).collect();
    assert_eq!(texts, ["(Barnard and Burk 1979)"]);
    // The byline's marks are no citations; its names are the authors.
    assert_eq!(a.front.authors, ["Sarah Robinson", "Sean Twiss"]);
    assert_eq!(
        a.blocks[0].text,
        "Pups fight less (Barnard and Burk 1979), R^2 = 0.22."
    );
}

#[test]
fn superscripts_in_the_header_above_the_first_section_mark_affiliations() {
    let mut glyphs = Vec::new();
    set(&mut glyphs, "RESEARCH", 50.0, 40.0, 14.0);
    set(&mut glyphs, "Ann Lee", 50.0, 70.0, 10.0);
    set(&mut glyphs, "1", 85.0, 66.0, 6.0);
    set(&mut glyphs, " and Bo Chan", 88.0, 70.0, 10.0);
    set(&mut glyphs, "2", 148.0, 66.0, 6.0);
    set(&mut glyphs, "Background", 50.0, 100.0, 10.0);
    set(&mut glyphs, "Cells spread", 50.0, 120.0, 10.0);
    set(&mut glyphs, "1", 110.0, 116.0, 6.0);
    set(&mut glyphs, " in mice.", 113.0, 120.0, 10.0);
    numbered_references(&mut glyphs);
    let a = one_page("h.pdf", glyphs);
    let texts: Vec<&str> = a.citations.iter().map(|c| c.text(&a)).collect();
    assert_eq!(texts, ["[1]"]);
    assert_eq!(a.front.authors, ["Ann Lee", "Bo Chan"]);
}

#[test]
fn an_affiliation_mark_before_a_word_is_no_citation() {
    // `¹Institute …, UK ²The Sichuan Key Laboratory`: each mark stands before what it marks.
    let mut glyphs = Vec::new();
    set(&mut glyphs, "1", 50.0, 96.0, 6.0);
    set(
        &mut glyphs,
        "Institute of Biodiversity, UK ",
        53.0,
        100.0,
        10.0,
    );
    set(&mut glyphs, "2", 203.0, 96.0, 6.0);
    set(&mut glyphs, "The Key Laboratory, China", 206.0, 100.0, 10.0);
    set(&mut glyphs, "Cells spread", 50.0, 130.0, 10.0);
    set(&mut glyphs, "2", 110.0, 126.0, 6.0);
    set(&mut glyphs, ".", 113.0, 130.0, 10.0);
    numbered_references(&mut glyphs);
    let a = one_page("a.pdf", glyphs);
    assert_eq!(
        a.blocks[0].text,
        "^1Institute of Biodiversity, UK ^2The Key Laboratory, China"
    );
    assert_eq!(a.blocks[1].text, "Cells spread[2].");
    assert_eq!(a.citations.len(), 1, "{:?}", a.citations);
}

#[test]
fn a_version_note_after_the_title_is_no_part_of_it() {
    for note in [
        "[version 2; referees: 2 approved]",
        "[v2; ref status: indexed, http://f1000r.es/4fj]",
    ] {
        let mut glyphs = Vec::new();
        set(&mut glyphs, "Longevity of sharks", 50.0, 60.0, 18.0);
        set(&mut glyphs, note, 50.0, 82.0, 18.0);
        for (i, line) in [
            "Sharks live long, and the tags they carry",
            "show how long: some were caught again",
            "more than twenty years after tagging [1].",
        ]
        .iter()
        .enumerate()
        {
            set(&mut glyphs, line, 50.0, 130.0 + 12.0 * i as f32, 10.0);
        }
        let a = one_page("v.pdf", glyphs);
        assert_eq!(
            a.front.title.as_deref(),
            Some("Longevity of sharks"),
            "{note}"
        );
    }
}

#[test]
fn link_labels_between_entries_are_dropped_even_set_with_em_spaces() {
    // F1000Research sets its words apart with em spaces and puts link labels after each entry,
    // sometimes on the line where the next entry starts.
    let mut glyphs = Vec::new();
    set(
        &mut glyphs,
        "Sharks\u{2003}live\u{2003}long (Bishop et al., 2006).",
        50.0,
        100.0,
        10.0,
    );
    set(&mut glyphs, "References", 50.0, 130.0, 10.0);
    let entries = [
        "Bishop SDH, Francis MP, Duffy C, et al.: Age and growth of mako sharks.",
        "Mar Freshwater Res. 2006; 57(2): 143-154.",
        "Publisher\u{2003}Full\u{2003}Text",
        "Goldman KJ: Age and growth of fishes. 2004; 6-10.",
        "Reference\u{2003}Source Kohler NE: Tagging. 2001; 60: 191-223.",
    ];
    for (i, line) in entries.iter().enumerate() {
        set(&mut glyphs, line, 50.0, 142.0 + 12.0 * i as f32, 10.0);
    }
    let a = one_page("l.pdf", glyphs);
    assert_eq!(a.blocks[0].text, "Sharks live long (Bishop et al., 2006).");
    let refs: Vec<&str> = a.references.iter().map(|r| r.text.as_str()).collect();
    assert_eq!(
        refs,
        [
            "Bishop SDH, Francis MP, Duffy C, et al.: Age and growth of mako sharks. Mar \
             Freshwater Res. 2006; 57(2): 143-154.",
            "Goldman KJ: Age and growth of fishes. 2004; 6-10.",
            "Kohler NE: Tagging. 2001; 60: 191-223.",
        ]
    );
}

#[test]
fn a_narrow_gutter_that_many_lines_share_divides_the_columns() {
    // Two columns 14 points apart beside 10-point text (BMC sets them so): narrower than the
    // widest space a justified line may have, but the same gap on every line.
    let left = [
        "Stromal cells shape the soil in which a",
        "tumour grows, and the vesicles they send",
        "reach organs far away before the cancer",
        "cells do, preparing a niche for them.",
        "The niche is made of matrix and of the",
        "bone marrow cells the vesicles recruit.",
    ];
    let right = [
        "Blocking the release of the vesicles in",
        "mice slows metastasis without stopping",
        "it, and the niche forms later and less",
        "often than it does in untreated mice.",
        "Which cells take the vesicles up first",
        "decides which organ the cancer reaches.",
    ];
    let mut glyphs = Vec::new();
    for (i, (l, r)) in left.iter().zip(right).enumerate() {
        let y = 100.0 + 12.0 * i as f32;
        set(&mut glyphs, l, 50.0, y, 10.0);
        // Each left line ends by x = 250; the right column starts 14 points after that.
        set(&mut glyphs, r, 264.0, y, 10.0);
    }
    let a = one_page("narrow.pdf", glyphs);
    let text: Vec<&str> = a.blocks.iter().map(|b| b.text.as_str()).collect();
    assert_eq!(
        text,
        [
            "Stromal cells shape the soil in which a tumour grows, and the vesicles they send \
             reach organs far away before the cancer cells do, preparing a niche for them. The \
             niche is made of matrix and of the bone marrow cells the vesicles recruit. Blocking \
             the release of the vesicles in mice slows metastasis without stopping it, and the \
             niche forms later and less often than it does in untreated mice. Which cells take \
             the vesicles up first decides which organ the cancer reaches."
        ]
    );
}

#[test]
fn a_strip_of_white_across_the_columns_ends_a_band() {
    // Above the strip, two columns of text; below it, the reference list in two columns of its
    // own: the text is read before the list, and the list column after column.
    let mut glyphs = Vec::new();
    let left = [
        "Sharks were tagged over twenty",
        "years along the coast, and",
    ];
    let right = ["some were caught again long", "after they were tagged."];
    for (i, (l, r)) in left.iter().zip(right).enumerate() {
        set(&mut glyphs, l, 50.0, 100.0 + 12.0 * i as f32, 10.0);
        set(&mut glyphs, r, 320.0, 100.0 + 12.0 * i as f32, 10.0);
    }
    set(&mut glyphs, "References", 50.0, 190.0, 10.0);
    let entries = [
        (50.0, 210.0, "1. Bishop SDH: Age of sharks. 2006;57:143-54."),
        (50.0, 222.0, "2. Bonham K: Dogfish studies. 1949;49:83-114."),
        (
            320.0,
            210.0,
            "3. Carlson JK: Sharpnose sharks. 2003;54:227-34.",
        ),
        (
            320.0,
            222.0,
            "4. Driggers WB: Blacknose sharks. 2004;71:171-8.",
        ),
    ];
    for (x, y, e) in entries {
        set(&mut glyphs, e, x, y, 10.0);
    }
    let a = one_page("strip.pdf", glyphs);
    assert_eq!(
        a.blocks[0].text,
        "Sharks were tagged over twenty years along the coast, and some were caught again \
         long after they were tagged."
    );
    let firsts: Vec<&str> = a
        .references
        .iter()
        .map(|r| r.text.split(':').next().unwrap())
        .collect();
    assert_eq!(
        firsts,
        ["Bishop SDH", "Bonham K", "Carlson JK", "Driggers WB"]
    );
}

/// A one-page PDF whose page draws `content` with Helvetica as `/F1`: objects, cross-reference
/// table and trailer written out, offsets counted.
pub fn tiny_pdf(content: &str) -> Vec<u8> {
    pdf_with(content, &[], 1)
}

/// Helvetica as `/F1`.
const HELVETICA: &str = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>";

/// A PDF of `pages` pages that each draw `content`, with Helvetica as `/F1` and `extra`
/// objects after it (numbered from 6: object 6 is both the font `/F2` and the XObject `/Im1`
/// of the pages' resources, whichever it is).
fn pdf_with(content: &str, extra: &[Vec<u8>], pages: usize) -> Vec<u8> {
    // Objects 1–5, then the extra ones, then one page object per page.
    let first_page = 6 + extra.len();
    let kids: Vec<String> = (0..pages)
        .map(|i| format!("{} 0 R", first_page + i))
        .collect();
    let (f2, im1) = if extra.is_empty() {
        ("", "")
    } else {
        (" /F2 6 0 R", " /XObject << /Im1 6 0 R >>")
    };
    let mut objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        format!(
            "<< /Type /Pages /Kids [{}] /Count {pages} >>",
            kids.join(" ")
        )
        .into_bytes(),
        format!("<< /Font << /F1 5 0 R{f2} >>{im1} >>").into_bytes(),
        format!(
            "<< /Length {} >>\nstream\n{content}\nendstream",
            content.len() + 1
        )
        .into_bytes(),
        HELVETICA.as_bytes().to_vec(),
    ];
    objects.extend(extra.iter().cloned());
    for _ in 0..pages {
        objects.push(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R \
              /Resources 3 0 R >>"
                .to_vec(),
        );
    }
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
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
            "trailer\n<< /Size {} /Root 1 0 R /ID [<0123456789abcdef0123456789abcdef> \
             <0123456789abcdef0123456789abcdef>] >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// A composite font with no Unicode map (`/F2`): its two-byte codes name glyphs and nothing
/// says which characters they are.
fn font_without_unicode() -> Vec<Vec<u8>> {
    vec![
        b"<< /Type /Font /Subtype /Type0 /BaseFont /Private /Encoding /Identity-H \
          /DescendantFonts [7 0 R] >>"
            .to_vec(),
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Private /CIDSystemInfo \
          << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 8 0 R \
          /DW 500 >>"
            .to_vec(),
        b"<< /Type /FontDescriptor /FontName /Private /Flags 4 /FontBBox [0 0 1000 1000] \
          /ItalicAngle 0 /Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 >>"
            .to_vec(),
    ]
}

#[test]
fn a_compact_font_is_read_by_its_declared_encoding_not_its_program() {
    use scholion::formats::pdf::glyphs;
    // `/F2`: a Type 1 font embedded as CFF that names WinAnsi as its encoding. Its program here
    // is no CFF at all: the declared encoding alone must decide what the codes are.
    let program = b"not a compact font program";
    let mut stream =
        format!("<< /Length {} /Subtype /Type1C >>\nstream\n", program.len()).into_bytes();
    stream.extend_from_slice(program);
    stream.extend_from_slice(b"\nendstream");
    let font = vec![
        b"<< /Type /Font /Subtype /Type1 /BaseFont /ABCDEF+Subset /Encoding /WinAnsiEncoding \
          /FirstChar 32 /LastChar 126 /FontDescriptor 7 0 R >>"
            .to_vec(),
        b"<< /Type /FontDescriptor /FontName /ABCDEF+Subset /Flags 32 /FontBBox [0 0 1000 1000] \
          /ItalicAngle 0 /Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 /FontFile3 8 0 R >>"
            .to_vec(),
        stream,
    ];
    let pdf = pdf_with(
        "BT /F2 10 Tf 72 650 Td (Year 2015; 57(2): 143-154.) Tj ET",
        &font,
        1,
    );
    let pages = glyphs(&pdf).expect("read by its declared encoding");
    let text: String = pages[0].glyphs.iter().map(|g| g.text.as_str()).collect();
    assert_eq!(text.trim(), "Year 2015; 57(2): 143-154.");
}

#[test]
fn a_font_with_no_unicode_map_shows_what_can_be_shown_and_counts_the_rest() {
    use scholion::formats::pdf::{read, PdfError};
    let pdf = pdf_with(
        "BT /F1 10 Tf 72 650 Td (Cells release vesicles.) Tj ET \
         BT /F2 10 Tf 72 630 Td <0001000200030004> Tj ET",
        &font_without_unicode(),
        1,
    );
    let a = read("mixed.pdf", &pdf).expect("the text that can be shown");
    assert!(a.blocks.iter().any(|b| b.text == "Cells release vesicles."));
    let notes: Vec<&str> = a.diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        notes,
        ["4 characters are drawn in a font with no Unicode map: not shown"]
    );
    // Nothing but such text: said so, not "no text layer".
    let only = pdf_with(
        "BT /F2 10 Tf 72 630 Td <00010002000300040005> Tj ET",
        &font_without_unicode(),
        1,
    );
    assert_eq!(
        read("glyphs.pdf", &only).unwrap_err(),
        PdfError::NoUnicode(5)
    );
}

#[test]
fn an_encrypted_pdf_opens_when_its_password_is_empty_and_says_so_when_not() {
    use pdf_extract::{Document, EncryptionState, EncryptionVersion, Permissions};
    use scholion::formats::pdf::{read, PdfError};
    let locked = |user_password: &str| {
        let mut doc = Document::load_mem(&tiny_pdf(
            "BT /F1 10 Tf 72 650 Td (A sealed finding.) Tj ET",
        ))
        .unwrap();
        let state = EncryptionState::try_from(EncryptionVersion::V2 {
            document: &doc,
            owner_password: "owner",
            user_password,
            key_length: 128,
            permissions: Permissions::all(),
        })
        .unwrap();
        doc.encrypt(&state).unwrap();
        let mut bytes = Vec::new();
        doc.save_to(&mut bytes).unwrap();
        assert!(
            !bytes.windows(7).any(|w| w == b"finding"),
            "the text is encrypted"
        );
        bytes
    };
    let open = read("open.pdf", &locked("")).expect("an empty user password opens");
    assert!(open.blocks.iter().any(|b| b.text == "A sealed finding."));
    let e = read("sealed.pdf", &locked("secret")).unwrap_err();
    assert_eq!(e, PdfError::Encrypted);
    assert_eq!(
        e.to_string(),
        "encrypted, with a password that is not empty"
    );
}

#[test]
fn a_decompression_bomb_is_refused_before_it_is_inflated() {
    use scholion::formats::pdf::{glyphs, PdfError, MAX_INFLATED};
    use std::io::Write;
    // A content stream of spaces that inflates past the cap, from well under a megabyte.
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    let chunk = vec![b' '; 1 << 20];
    for _ in 0..(MAX_INFLATED >> 20) + 1 {
        z.write_all(&chunk).unwrap();
    }
    let bomb = z.finish().unwrap();
    assert!(bomb.len() < 1 << 20, "{} bytes", bomb.len());
    let mut stream = format!(
        "<< /Length {} /Filter /FlateDecode >>\nstream\n",
        bomb.len()
    )
    .into_bytes();
    stream.extend_from_slice(&bomb);
    stream.extend_from_slice(b"\nendstream");
    let pdf = pdf_with("BT /F1 10 Tf 72 650 Td (Text.) Tj ET", &[stream], 1);
    let e = glyphs(&pdf).unwrap_err();
    assert_eq!(e, PdfError::Bomb);
    assert_eq!(
        e.to_string(),
        "a compressed stream inflates past 512 MB (a decompression bomb?)"
    );
}

#[test]
fn too_many_pages_and_a_truncated_file_are_one_line_each_and_the_others_load() {
    let dir = tempfile::tempdir().unwrap();
    let long = dir.path().join("long.pdf");
    std::fs::write(
        &long,
        pdf_with("BT /F1 10 Tf 72 650 Td (Page.) Tj ET", &[], 2_001),
    )
    .unwrap();
    let cut = dir.path().join("cut.pdf");
    let whole = tiny_pdf("BT /F1 10 Tf 72 650 Td (Text.) Tj ET");
    std::fs::write(&cut, &whole[..whole.len() / 2]).unwrap();
    let good = dir.path().join("good.md");
    std::fs::write(&good, "# Good\n\nText.\n").unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_scholion"))
        .arg("inspect")
        .args([&long, &good, &cut])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{stderr}");
    assert!(
        lines[0].ends_with("long.pdf: PDF: 2001 pages, more than the 2000 read"),
        "{stderr}"
    );
    assert!(lines[1].contains("cut.pdf: PDF: "), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("== Good =="));
}

#[test]
fn a_tiny_pdf_is_read_and_one_without_text_says_so() {
    let pdf = tiny_pdf(
        "BT /F1 24 Tf 72 700 Td (A Tiny Paper) Tj ET \
         BT /F1 10 Tf 72 650 Td (Cells release vesicles [1].) Tj ET \
         BT /F1 10 Tf 72 620 Td (References) Tj ET \
         BT /F1 10 Tf 72 608 Td (1. Luga V. Exosomes. Cell 2012;151:1542-56.) Tj ET",
    );
    let a = scholion::formats::pdf::read("tiny.pdf", &pdf).expect("a PDF with text");
    assert_eq!(a.front.title.as_deref(), Some("A Tiny Paper"));
    assert!(a
        .blocks
        .iter()
        .any(|b| b.text == "Cells release vesicles [1]."));
    assert_eq!(a.references.len(), 1);
    assert_eq!(a.citations.len(), 1);
    // No text layer: said so.
    let e = scholion::formats::pdf::read("scan.pdf", &tiny_pdf("0 0 m 10 10 l S")).unwrap_err();
    assert_eq!(
        e.to_string(),
        "no text layer (a scanned PDF? scholion does no OCR)"
    );
}

#[test]
fn a_pdf_its_parser_fails_on_is_one_line_and_the_other_files_load() {
    // A font the page's resources lack: the PDF parser fails on it, read whole or cut down to
    // its text. It runs in a process of its own, so the reader names the file and goes on.
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("broken.pdf");
    std::fs::write(&bad, tiny_pdf("BT /F9 10 Tf 72 650 Td (Text) Tj ET")).unwrap();
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

/// `scholion inspect` on `files`: its exit code, output and error output.
fn inspect(files: &[&std::path::Path]) -> (Option<i32>, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_scholion"))
        .arg("inspect")
        .args(files)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_pdf_whose_drawing_the_parser_fails_on_is_read_from_its_text() {
    // `w` with no operand (the parser indexes an empty list), and an image whose bytes, run as
    // operators, are a curve with too few numbers (the parser runs what an XObject holds).
    let dir = tempfile::tempdir().unwrap();
    let width = dir.path().join("width.pdf");
    std::fs::write(
        &width,
        tiny_pdf("w BT /F1 10 Tf 72 650 Td (Cells release vesicles.) Tj ET"),
    )
    .unwrap();
    let pixels = b"1 2 c";
    let mut image = format!(
        "<< /Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray \
         /BitsPerComponent 8 /Length {} >>\nstream\n",
        pixels.len()
    )
    .into_bytes();
    image.extend_from_slice(pixels);
    image.extend_from_slice(b"\nendstream");
    let pdf = pdf_with(
        "q 10 0 0 10 72 700 cm /Im1 Do Q BT /F1 10 Tf 72 650 Td (Vesicles carry RNA.) Tj ET",
        &[image],
        1,
    );
    let with_image = dir.path().join("image.pdf");
    std::fs::write(&with_image, pdf).unwrap();
    let (code, out, err) = inspect(&[&width, &with_image]);
    assert_eq!(code, Some(0), "{err}");
    assert!(err.is_empty(), "{err}");
    assert_eq!(out.matches("== ").count(), 2, "{out}");
}

/// What a PDF gives against the publisher's JATS of the same article.
#[derive(Debug, Default, Clone, Copy)]
struct Score {
    /// Body words of the truth found in the PDF's text (as a bag), and how many there are.
    words: (usize, usize),
    /// References found, and how many the truth has.
    references: (usize, usize),
    /// References of the truth whose first author and year one of ours has.
    authored: usize,
    /// Citations (each cited reference, by first author and year): ours that the truth has,
    /// ours, and the truth's.
    linked: (usize, usize, usize),
    /// Titles right, of how many.
    titles: (usize, usize),
    /// The publisher's authors whose names ours has, and how many there are.
    authors: (usize, usize),
}

impl Score {
    /// A row of the printed table.
    fn row(&self, name: &str) -> String {
        format!(
            "| {name} | {} | {}/{} | {} | {}, {} | {}/{} | {}/{} |",
            percent(self.words.0, self.words.1),
            self.references.0,
            self.references.1,
            percent(self.authored, self.references.1),
            percent(self.linked.0, self.linked.1),
            percent(self.linked.0, self.linked.2),
            self.titles.0,
            self.titles.1,
            self.authors.0,
            self.authors.1
        )
    }

    fn add(&mut self, s: &Score) {
        let sum = |a: &mut (usize, usize), b: (usize, usize)| {
            a.0 += b.0;
            a.1 += b.1;
        };
        sum(&mut self.words, s.words);
        sum(&mut self.references, s.references);
        sum(&mut self.titles, s.titles);
        sum(&mut self.authors, s.authors);
        self.authored += s.authored;
        self.linked.0 += s.linked.0;
        self.linked.1 += s.linked.1;
        self.linked.2 += s.linked.2;
    }
}

fn words_of(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() > 1)
        .map(str::to_lowercase)
        .collect()
}

/// First author and year of every citation target that resolves, as (surname, year).
fn cited(a: &scholion::model::Article) -> Vec<(String, u32)> {
    let mut out = Vec::new();
    for c in &a.citations {
        for &t in &c.targets {
            if let Some(r) = a.target_index(t).map(|i| &a.references[i]) {
                if let (Some(s), Some(y)) = (r.first_author(), r.year) {
                    out.push((s.to_lowercase(), y));
                }
            }
        }
    }
    out
}

/// How many of `ours` are in `truth`, each counted as often as both have it.
fn common<T: Ord + Clone>(ours: &[T], truth: &[T]) -> usize {
    let mut t: Vec<T> = truth.to_vec();
    t.sort();
    let mut n = 0;
    for x in ours {
        if let Ok(i) = t.binary_search(x) {
            t.remove(i);
            n += 1;
        }
    }
    n
}

fn score(pdf: &scholion::model::Article, truth: &scholion::model::Article) -> Score {
    let body = |a: &scholion::model::Article| -> Vec<String> {
        a.blocks
            .iter()
            .filter(|b| a.sections[b.section].role == scholion::model::SectionRole::Body)
            .flat_map(|b| words_of(&b.text))
            .collect()
    };
    let all: Vec<String> = pdf.blocks.iter().flat_map(|b| words_of(&b.text)).collect();
    let truth_words = body(truth);
    let key = |r: &scholion::model::Reference| {
        (
            r.first_author().unwrap_or("").to_lowercase(),
            r.year.unwrap_or(0),
        )
    };
    let ours: Vec<(String, u32)> = pdf.references.iter().map(key).collect();
    let theirs: Vec<(String, u32)> = truth.references.iter().map(key).collect();
    let (c_ours, c_truth) = (cited(pdf), cited(truth));
    let norm = |t: Option<&str>| words_of(t.unwrap_or("")).join(" ");
    Score {
        words: (common(&truth_words, &all), truth_words.len()),
        references: (pdf.references.len(), truth.references.len()),
        authored: common(&theirs, &ours),
        linked: (common(&c_ours, &c_truth), c_ours.len(), c_truth.len()),
        titles: (
            usize::from(
                !norm(truth.front.title.as_deref()).is_empty()
                    && norm(pdf.front.title.as_deref()) == norm(truth.front.title.as_deref()),
            ),
            1,
        ),
        authors: (
            common(&truth.front.authors, &pdf.front.authors),
            truth.front.authors.len(),
        ),
    }
}

fn percent(a: usize, b: usize) -> String {
    if b == 0 {
        "-".to_string()
    } else {
        format!("{:.1}%", 100.0 * a as f64 / b as f64)
    }
}

/// Every PDF of ../shared/corpus/pdf with the publisher's JATS beside it (`.truth.xml`), read
/// as scholion reads a PDF and scored against the JATS: body words, references, first authors
/// and years, citations linked, title. Prints the figures (`-- --nocapture`) and holds them to
/// the targets; skipped, saying so, when the corpus is not here. GROBID's TEI files are no
/// publisher truth and are left out.
#[test]
fn the_corpus_pdfs_against_their_publishers_xml() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/pdf");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("corpus skipped: ../shared/corpus is not here");
        return;
    };
    let mut names: Vec<std::path::PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    names.sort();
    let mut total = Score::default();
    let mut read = 0;
    // The papers whose reference count is not the publisher's.
    let mut miscounted = Vec::new();
    println!("| PDF | body words | references | first author and year | citations linked (precision, recall) | title right | authors |");
    println!("|---|---|---|---|---|---|---|");
    for pdf_path in &names {
        let bytes = std::fs::read(pdf_path).unwrap();
        let name = pdf_path.file_name().unwrap().to_string_lossy().to_string();
        // In a thread: the PDF parser may panic on a file, which is then counted as not read.
        let shown = name.clone();
        let pdf = std::thread::spawn(move || scholion::formats::pdf::read(&shown, &bytes))
            .join()
            .ok()
            .and_then(Result::ok);
        let truth_path = pdf_path.with_extension("truth.xml");
        let truth = std::fs::read_to_string(&truth_path)
            .ok()
            .filter(|t| t.contains("<article"))
            .and_then(|t| scholion::formats::jats::parse_jats("truth.xml", &t).ok());
        match (&pdf, &truth) {
            (Some(pdf), Some(truth)) => {
                read += 1;
                let s = score(pdf, truth);
                println!("{}", s.row(&name));
                if s.references.0 != s.references.1 {
                    miscounted.push((name.clone(), s.references));
                }
                total.add(&s);
            }
            (None, _) => println!("| {name} | not read | | | | | |"),
            (Some(pdf), None) => println!(
                "| {name} | (no publisher XML) | {} found | | | | {} found |",
                pdf.references.len(),
                pdf.front.authors.len()
            ),
        }
    }
    println!("{}", total.row(&format!("all {read} with XML")));
    assert!(read > 0, "no PDF of the corpus was read against its XML");
    // The targets, as floors: body words ≥ 97%, first author and year ≥ 95%, citations
    // linked with precision ≥ 95% and recall ≥ 90%, every title, and every paper's reference
    // list found entry for entry.
    let share = |a: usize, b: usize| a as f64 / b.max(1) as f64;
    let t = &total;
    assert!(
        share(t.words.0, t.words.1) >= 0.97,
        "body words {:?}",
        t.words
    );
    assert!(
        share(t.authored, t.references.1) >= 0.95,
        "first author and year {}",
        t.authored
    );
    assert!(
        share(t.linked.0, t.linked.1) >= 0.95,
        "citation precision {:?}",
        t.linked
    );
    assert!(
        share(t.linked.0, t.linked.2) >= 0.90,
        "citation recall {:?}",
        t.linked
    );
    assert_eq!(t.titles.0, t.titles.1, "titles right");
    assert_eq!(t.authors.0, t.authors.1, "the publishers' authors found");
    assert!(
        miscounted.is_empty(),
        "references found, against the publisher's count: {miscounted:?}"
    );
}

#[test]
fn a_pdf_title_cannot_write_to_the_terminal() {
    let mut glyphs = Vec::new();
    set(
        &mut glyphs,
        "Title \u{1b}]52;c;eA==\u{7} here",
        50.0,
        60.0,
        18.0,
    );
    set(
        &mut glyphs,
        "Body text \u{1b}[2J of the paper.",
        50.0,
        100.0,
        10.0,
    );
    let a = one_page("t.pdf", glyphs);
    let title = a.front.title.as_deref().unwrap();
    assert!(title.starts_with("Title"), "{title:?}");
    assert!(!title.chars().any(char::is_control), "{title:?}");
    assert!(a
        .blocks
        .iter()
        .all(|b| !b.text.chars().any(char::is_control)));
}

#[test]
fn without_its_pdf_reader_beside_it_scholion_says_so_for_a_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let alone = dir.path().join("scholion");
    std::fs::copy(env!("CARGO_BIN_EXE_scholion"), &alone).unwrap();
    let pdf = dir.path().join("p.pdf");
    std::fs::write(&pdf, tiny_pdf("BT /F1 10 Tf 72 650 Td (Text) Tj ET")).unwrap();
    let out = std::process::Command::new(&alone)
        .arg("inspect")
        .arg(&pdf)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr
            .contains("p.pdf: PDF: no PDF reader: `scholion-pdf` is not installed beside scholion"),
        "{stderr}"
    );
}

#[test]
fn a_side_column_set_smaller_close_beside_the_text_is_its_own_column() {
    // The Lancet's reference list sits in a 7 pt column 9 pt to the right of the 9 pt text,
    // its baselines a little off the text's: neither superscripts nor part of the text's lines.
    let mut glyphs = Vec::new();
    for i in 0..8 {
        let y = 100.0 + 11.0 * i as f32;
        set(
            &mut glyphs,
            "the main text goes on in this column",
            50.0,
            y,
            9.0,
        );
    }
    set(&mut glyphs, "References", 221.0, 97.0, 7.0);
    set(
        &mut glyphs,
        "1 Luga V, Zhang L. Exosomes. Cell 2012; 151: 1542-56.",
        221.0,
        105.0,
        7.0,
    );
    set(
        &mut glyphs,
        "2 Peinado H, Lyden D. Melanoma. Nat Med 2012; 18: 883-91.",
        221.0,
        113.0,
        7.0,
    );
    let a = one_page("l.pdf", glyphs);
    assert!(
        a.blocks.iter().all(|b| !b.text.contains('^')),
        "{:?}",
        a.blocks.iter().map(|b| &b.text).collect::<Vec<_>>()
    );
    let refs: Vec<Option<&str>> = a.references.iter().map(|r| r.first_author()).collect();
    assert_eq!(refs, [Some("Luga"), Some("Peinado")]);
}

#[test]
fn a_pdf_opens_on_its_first_pages_while_the_whole_is_read() {
    use scholion::library::Library;
    use scholion::load::{load_file, load_quick, set_pdf_helper};
    set_pdf_helper(env!("CARGO_BIN_EXE_scholion-pdf").into());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("five-pages.pdf");
    // Small as it is, a PDF is shown from its first pages: its size says little of the time
    // it takes.
    let pdf = pdf_with(
        "BT /F1 10 Tf 72 400 Td (Cells release vesicles.) Tj ET",
        &[],
        5,
    );
    std::fs::write(&path, pdf).unwrap();
    let times = |a: &scholion::model::Article| {
        a.blocks
            .iter()
            .map(|b| b.text.matches("Cells release vesicles.").count())
            .sum::<usize>()
    };
    let quick = load_quick(std::slice::from_ref(&path));
    assert!(quick.errors.is_empty(), "{:?}", quick.errors);
    assert!(!quick.complete, "the rest is read behind the first screen");
    let lib = Library::from_index(quick.entries, true);
    assert_eq!(times(lib.article(0)), 2, "the first two pages");
    assert_eq!(times(&load_file(&path).unwrap()), 5, "the whole");
}

/// `/F2`: a Type 1 font embedding the Type 1 program `program` (its clear-text part), with the
/// font dictionary entries `entries` (an `/Encoding`, or none).
fn type1_font(program: &[u8], entries: &str) -> Vec<Vec<u8>> {
    let mut stream = format!(
        "<< /Length {} /Length1 {} /Length2 0 /Length3 0 >>\nstream\n",
        program.len(),
        program.len()
    )
    .into_bytes();
    stream.extend_from_slice(program);
    stream.extend_from_slice(b"\nendstream");
    vec![
        format!(
            "<< /Type /Font /Subtype /Type1 /BaseFont /ABCDEF+Private {entries} \
             /FontDescriptor 7 0 R >>"
        )
        .into_bytes(),
        b"<< /Type /FontDescriptor /FontName /ABCDEF+Private /Flags 4 /FontBBox [0 0 1000 1000] \
          /ItalicAngle 0 /Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 /FontFile 8 0 R >>"
            .to_vec(),
        stream,
    ]
}

fn text_of(pages: &[Page]) -> String {
    pages
        .iter()
        .flat_map(|p| &p.glyphs)
        .map(|g| g.text.as_str())
        .collect()
}

#[test]
fn a_type1_font_program_gives_its_own_encoding_where_the_font_declares_none() {
    use scholion::formats::pdf::glyphs;
    // The program's built-in encoding swaps A and B and sets the digits' codes to letters.
    let program = b"%!PS-AdobeFont-1.0: Private 001.000\n\
        /FontName /Private def\n\
        /Encoding 256 array\n0 1 255 {1 index exch /.notdef put} for\n\
        dup 65 /B put\ndup 66 /A put\ndup 49 /c put\n\
        readonly def\ncurrentfile eexec\n";
    let pdf = pdf_with(
        "BT /F2 10 Tf 72 650 Td (AB1) Tj ET",
        &type1_font(program, ""),
        1,
    );
    assert_eq!(text_of(&glyphs(&pdf).unwrap()).trim(), "BAc");
    // A declared encoding wins over the program's.
    let pdf = pdf_with(
        "BT /F2 10 Tf 72 650 Td (AB1) Tj ET",
        &type1_font(program, "/Encoding /WinAnsiEncoding"),
        1,
    );
    assert_eq!(text_of(&glyphs(&pdf).unwrap()).trim(), "AB1");
}

#[test]
fn a_type1_font_program_the_parser_cannot_read_leaves_the_text_readable() {
    use scholion::formats::pdf::read;
    // An encoding array whose entries are not `dup code /name put`.
    let program = b"%!PS-AdobeFont-1.0: Broken\n/Encoding 256 array\nput put )\nreadonly def\n";
    let pdf = pdf_with(
        "BT /F1 10 Tf 72 650 Td (Cells release vesicles.) Tj ET \
         BT /F2 10 Tf 72 630 Td (Stromal cells respond.) Tj ET",
        &type1_font(program, ""),
        1,
    );
    let a = read("broken-font.pdf", &pdf).expect("the text is read");
    let text: Vec<&str> = a.blocks.iter().map(|b| b.text.as_str()).collect();
    assert!(
        text.iter().any(|t| t.contains("Cells release vesicles.")),
        "{text:?}"
    );
    assert!(
        text.iter().any(|t| t.contains("Stromal cells respond.")),
        "{text:?}"
    );
}

#[test]
fn glyphs_cross_from_the_pdf_process_exactly_and_compactly() {
    use scholion::formats::pdf::{from_wire, to_wire};
    let mut glyphs = Vec::new();
    for line in 0..20 {
        set(
            &mut glyphs,
            "Exosomes^ﬁ",
            72.123,
            650.456 - 12.0 * line as f32,
            9.96,
        );
    }
    glyphs[3].width = 4.987;
    let pages = vec![Page {
        width: 612.0,
        height: 792.0,
        glyphs,
        unmapped: 2,
    }];
    let wire = to_wire(&pages);
    let back = from_wire(&wire).unwrap();
    assert_eq!(back.len(), 1);
    assert_eq!(
        (back[0].width, back[0].height, back[0].unmapped),
        (612.0, 792.0, 2)
    );
    assert_eq!(back, pages);
    // Each glyph is its four numbers and its text, nothing more.
    let per_glyph = wire.len() / pages[0].glyphs.len();
    assert!(per_glyph <= 50, "{per_glyph} bytes per glyph: {wire}");
}

#[test]
fn a_form_drawn_on_a_page_reads_its_text_in_its_own_fonts_where_names_repeat() {
    use scholion::formats::pdf::glyphs;
    // The page's `/F1` is Helvetica; the form it draws (`/Im1`, a side column) names its own
    // `/F1`, a font whose encoding swaps A and B.
    let form_content = "BT /F1 10 Tf 72 600 Td (AB) Tj ET";
    let form = format!(
        "<< /Type /XObject /Subtype /Form /BBox [0 0 612 792] \
         /Resources << /Font << /F1 7 0 R >> >> /Length {} >>\nstream\n{form_content}\nendstream",
        form_content.len() + 1
    )
    .into_bytes();
    let swapped = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica \
        /Encoding << /Differences [65 /B /A] >> >>"
        .to_vec();
    let pdf = pdf_with(
        "BT /F1 10 Tf 72 650 Td (AB) Tj ET /Im1 Do BT /F1 10 Tf 72 550 Td (AB) Tj ET",
        &[form, swapped],
        1,
    );
    let pages = glyphs(&pdf).unwrap();
    let lines: Vec<String> = [650.0, 600.0, 550.0]
        .iter()
        .map(|&baseline| {
            pages[0]
                .glyphs
                .iter()
                .filter(|g| (792.0 - g.y - baseline).abs() < 1.0)
                .map(|g| g.text.as_str())
                .collect::<String>()
                .trim()
                .to_string()
        })
        .collect();
    assert_eq!(lines, ["AB", "BA", "AB"]);
}

/// Each reference's first author and year.
fn first_authors_and_years(a: &scholion::model::Article) -> Vec<(Option<&str>, Option<u32>)> {
    a.references
        .iter()
        .map(|r| (r.first_author(), r.year))
        .collect()
}

/// A page with `body` (10-point lines from y 100, 12 apart) citing the reference list under
/// its heading at y 200: `lines`, each with its left edge, 12 apart from y 212.
fn cited_list(body: &[&str], lines: &[(f32, &str)]) -> Vec<Glyph> {
    let mut glyphs = Vec::new();
    for (i, line) in body.iter().enumerate() {
        set(&mut glyphs, line, 50.0, 100.0 + 12.0 * i as f32, 10.0);
    }
    set(&mut glyphs, "References", 50.0, 200.0, 10.0);
    for (i, (x, line)) in lines.iter().enumerate() {
        set(&mut glyphs, line, *x, 212.0 + 12.0 * i as f32, 10.0);
    }
    glyphs
}

#[test]
fn a_hanging_entry_goes_on_past_a_line_that_ends_a_sentence_short() {
    // An author–year list set with hanging indents: an entry starts at the column's edge, and
    // its indented lines go on with it even where one ends a sentence well short of the edge
    // and the next starts with a capital (F1000Research's `Final Report FRDC Project 93/109.`
    // then `Fisheries Research and Development Corporation`).
    let glyphs = cited_list(
        &[
            "School sharks were aged from their vertebrae (Kalish and Johnston 2001), and",
            "tags were shed at known rates (Kohler and Turner 2001) in most studies.",
        ],
        &[
            (
                50.0,
                "Kalish J, Johnston J (2001) Determination of school shark age based on",
            ),
            (60.0, "radiocarbon. Final Report FRDC Project 93/109."),
            (
                60.0,
                "Fisheries Research and Development Corporation, Canberra, 116-129",
            ),
            (
                50.0,
                "Kohler NE, Turner PA (2001) Shark tagging: a review of conventional",
            ),
            (60.0, "methods and studies. Environ Biol Fish 60:191-223"),
        ],
    );
    let a = one_page("hanging.pdf", glyphs);
    assert_eq!(
        first_authors_and_years(&a),
        [(Some("Kalish"), Some(2001)), (Some("Kohler"), Some(2001))]
    );
    assert!(a.references[0]
        .text
        .ends_with("Corporation, Canberra, 116-129"));
    let resolved = a.citations.iter().filter(|c| !c.targets.is_empty()).count();
    assert_eq!(resolved, 2);
}

#[test]
fn where_a_list_spaces_its_entries_apart_an_entry_goes_on_at_the_line_pitch() {
    // F1000Research sets its references flush left, each entry 2 points further down than a
    // line: `Final Report FRDC Project 93/109.` ends a sentence short of the edge, and the
    // line below it, at the line pitch, still belongs to the entry.
    let mut glyphs = Vec::new();
    set(
        &mut glyphs,
        "School sharks were aged from their vertebrae (Kalish and Johnston 2001) as",
        50.0,
        100.0,
        10.0,
    );
    set(&mut glyphs, "References", 50.0, 150.0, 10.0);
    let entries: [&[&str]; 6] = [
        &[
            "Bishop SDH, Francis MP (2006) Age, growth, maturity, longevity and",
            "natural mortality of the shortfin mako shark. Mar Freshw Res 57:143-154.",
        ],
        &[
            "Carlson JK, Parsons GR (1997) Age and growth of the bonnethead shark",
            "from northwest Florida. Environ Biol Fish 50:331-341.",
        ],
        &[
            "Kalish J, Johnston J (2001) Determination of school shark age based on",
            "radiocarbon. Final Report FRDC Project 93/109.",
            "Fisheries Research and Development Corporation, Canberra, 116-129.",
        ],
        &[
            "Kohler NE, Turner PA (2001) Shark tagging: a review of conventional",
            "methods and studies. Environ Biol Fish 60:191-223.",
        ],
        &[
            "Loefer JK, Sedberry GR (2003) Life history of the Atlantic sharpnose",
            "shark off the Southeastern United States. Fish Bull 101:75-88.",
        ],
        &[
            "Xiao Y, Brown LP (1999) Estimation of instantaneous rates of tag",
            "shedding for school shark. Fish Bull 97:170-184.",
        ],
    ];
    let mut y = 166.0;
    for entry in entries {
        for line in entry {
            set(&mut glyphs, line, 50.0, y, 10.0);
            y += 12.0;
        }
        y += 4.0;
    }
    let a = one_page("spaced.pdf", glyphs);
    let firsts: Vec<&str> = a
        .references
        .iter()
        .filter_map(|r| r.first_author())
        .collect();
    assert_eq!(
        firsts,
        ["Bishop", "Carlson", "Kalish", "Kohler", "Loefer", "Xiao"]
    );
    assert_eq!(a.references.len(), 6);
    assert!(a.references[2]
        .text
        .ends_with("Corporation, Canberra, 116-129."));
}

#[test]
fn the_byline_under_the_title_gives_the_authors() {
    let mut glyphs = Vec::new();
    set(
        &mut glyphs,
        "Traditional ecological knowledge",
        50.0,
        60.0,
        18.0,
    );
    set(&mut glyphs, "Zsolt Molnár", 50.0, 90.0, 11.0);
    set(&mut glyphs, "1", 116.0, 86.0, 7.0);
    set(&mut glyphs, ", Krisztina Gellény", 120.0, 90.0, 11.0);
    set(&mut glyphs, "2", 225.0, 86.0, 7.0);
    set(&mut glyphs, " and Marianna Biró", 229.0, 90.0, 11.0);
    set(&mut glyphs, "1*", 329.0, 86.0, 7.0);
    set(&mut glyphs, "1", 50.0, 106.0, 7.0);
    set(
        &mut glyphs,
        "Institute of Ecology and Botany, Vácrátót, Hungary",
        54.0,
        110.0,
        10.0,
    );
    set(&mut glyphs, "Abstract", 50.0, 140.0, 10.0);
    set(
        &mut glyphs,
        "Herders know the landscape they manage in detail.",
        50.0,
        160.0,
        10.0,
    );
    let a = one_page("byline.pdf", glyphs);
    assert_eq!(
        a.front.authors,
        ["Zsolt Molnár", "Krisztina Gellény", "Marianna Biró"]
    );
    let text: Vec<&str> = a.blocks.iter().map(|b| b.text.as_str()).collect();
    assert!(!text.iter().any(|t| t.contains("Zsolt")), "{text:?}");
    // The affiliations stay in the text.
    assert!(
        text.iter().any(|t| t.contains("Institute of Ecology")),
        "{text:?}"
    );
}

#[test]
fn an_abstract_run_in_to_its_first_line_is_a_section_of_its_own() {
    // Springer sets `Abstract` at the start of the abstract's first line.
    let mut glyphs = Vec::new();
    set(
        &mut glyphs,
        "Oxytocin and grey seal behaviour",
        50.0,
        60.0,
        18.0,
    );
    set(
        &mut glyphs,
        "Abstract Recognising conspecifics is a crucial ability for many",
        50.0,
        100.0,
        10.0,
    );
    set(&mut glyphs, "species, seals among them.", 50.0, 112.0, 10.0);
    set(&mut glyphs, "Introduction", 50.0, 140.0, 10.0);
    set(
        &mut glyphs,
        "Mothers know their pups by voice.",
        50.0,
        160.0,
        10.0,
    );
    let a = one_page("abstract.pdf", glyphs);
    let titles: Vec<&str> = a.sections.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(titles, ["Abstract", "Introduction"]);
    let abstract_text: Vec<&str> = a.blocks[a.sections[0].blocks.clone()]
        .iter()
        .map(|b| b.text.as_str())
        .collect();
    assert_eq!(
        abstract_text,
        [
            "Abstract",
            "Recognising conspecifics is a crucial ability for many species, seals among them."
        ]
    );
}

#[test]
fn a_space_before_a_superscript_is_kept() {
    // `the ratio of ¹³C`: the isotope's mark starts a word, a word space after `of`.
    let mut glyphs = Vec::new();
    set(&mut glyphs, "the ratio of", 50.0, 100.0, 10.0);
    set(&mut glyphs, "13", 113.0, 96.0, 6.0);
    set(&mut glyphs, "C to", 119.0, 100.0, 10.0);
    set(&mut glyphs, "12", 142.0, 96.0, 6.0);
    set(&mut glyphs, "C rose.", 148.0, 100.0, 10.0);
    let a = one_page("isotope.pdf", glyphs);
    assert_eq!(a.blocks[0].text, "the ratio of ^13C to ^12C rose.");
}

#[test]
fn an_appendix_after_the_references_ends_them() {
    // ACL sets `A Appendix A - Baseline Details` in the body's size after the references,
    // and numbers the appendix's list: neither is the reference list's.
    let mut glyphs = cited_list(
        &["Documents are embedded (Agarwal et al., 2019; Arora et al., 2017)."],
        &[
            (
                50.0,
                "Anant K. Agarwal, Ivan Zaitsev, and Thorsten Joachims. 2019. Estimating",
            ),
            (
                60.0,
                "position bias without intrusive interventions. In WSDM.",
            ),
            (
                50.0,
                "Sanjeev Arora, Yingyu Liang, and Tengyu Ma. 2017. A simple but tough-to-beat",
            ),
            (60.0, "baseline for sentence embeddings. In ICLR."),
        ],
    );
    let appendix = [
        "A Appendix A - Baseline Details",
        "1. Random Zero-mean 25-dimensional vectors were used.",
        "2. Doc2Vec Doc2Vec is one of the earlier methods.",
    ];
    for (i, line) in appendix.iter().enumerate() {
        set(&mut glyphs, line, 50.0, 270.0 + 12.0 * i as f32, 10.0);
    }
    let a = one_page("appendix.pdf", glyphs);
    assert_eq!(
        first_authors_and_years(&a),
        [(Some("Agarwal"), Some(2019)), (Some("Arora"), Some(2017))]
    );
    let titles: Vec<&str> = a.sections.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(
        titles,
        ["", "References", "A Appendix A - Baseline Details"]
    );
}

#[test]
fn control_characters_a_font_maps_glyphs_to_are_shown_and_mark_nothing() {
    // PLOS ONE 2014's font maps its © to U+0002; the layout marks superscripts with control
    // characters of its own, which a document's must not open or close.
    let mut glyphs = Vec::new();
    set(
        &mut glyphs,
        "Copyright: \u{2} 2014 Iskandar \u{1}et al.",
        50.0,
        100.0,
        10.0,
    );
    let a = one_page("controls.pdf", glyphs);
    assert_eq!(a.blocks[0].text, "Copyright: ␂ 2014 Iskandar ␁et al.");
}

#[test]
fn figure_and_table_captions_are_the_articles_figures() {
    let mut glyphs = Vec::new();
    set(
        &mut glyphs,
        "Females give birth to tadpoles (Fig 1).",
        50.0,
        100.0,
        10.0,
    );
    set(
        &mut glyphs,
        "Fig 1. Tadpoles of the new species.",
        50.0,
        140.0,
        9.0,
    );
    set(
        &mut glyphs,
        "Step 1: the frogs were weighed.",
        50.0,
        180.0,
        10.0,
    );
    set(
        &mut glyphs,
        "Table 2. Measurements of adults.",
        50.0,
        220.0,
        9.0,
    );
    set(
        &mut glyphs,
        "Table 3 shows the weights of all frogs.",
        50.0,
        260.0,
        10.0,
    );
    set(&mut glyphs, "Figure 4 The study area", 50.0, 300.0, 9.0);
    let a = one_page("captions.pdf", glyphs);
    let figures: Vec<(&str, &str)> = a
        .figures
        .iter()
        .map(|f| (f.label.as_str(), f.caption.as_str()))
        .collect();
    assert_eq!(
        figures,
        [
            ("Fig 1", "Tadpoles of the new species."),
            ("Table 2", "Measurements of adults."),
            ("Figure 4", "The study area")
        ]
    );
}
