//! Reading the fields of every real reference entry of the bundled review.

use crate::common;
use crate::common::N;
use common::*;

#[test]
fn every_entry_keeps_its_text_and_its_fields_come_from_it() {
    let lib = bundled();
    let review = lib.article(find(&lib, "extracellular-vesicles-in-cancer-review.md"));
    assert_eq!(review.references.len(), 258);
    let mut full = 0;
    for r in &review.references {
        // The entry's text is the block's text, untouched.
        assert_eq!(
            r.text, review.blocks[r.block].text,
            "reference {}",
            r.number
        );
        let year = r
            .year
            .unwrap_or_else(|| panic!("no year in reference {}", r.number));
        assert!(
            r.text.ends_with(&format!("({year}).")),
            "reference {}",
            r.number
        );
        if let Some(first) = r.first_author() {
            assert!(r.text.starts_with(first), "reference {}: {first}", r.number);
        }
        for s in &r.surnames {
            assert!(r.text.contains(s.as_str()));
        }
        if let (Some(t), Some(j), Some(v), Some(p)) = (&r.title, &r.journal, &r.volume, &r.pages) {
            // Title, journal, volume and pages put back together are the entry's tail.
            let tail = format!("{t}. {j} {v}, {p} ({year}).");
            let tail_q = format!("{t} {j} {v}, {p} ({year}).");
            assert!(
                r.text.ends_with(&tail) || (t.ends_with('?') && r.text.ends_with(&tail_q)),
                "reference {} does not end with {tail:?}",
                r.number
            );
            full += 1;
        }
    }
    assert!(full >= 250, "only {full} entries read in full");
}

#[test]
fn particular_entries() {
    let lib = bundled();
    let review = lib.article(find(&lib, "extracellular-vesicles-in-cancer-review.md"));
    let r = |n| review.reference(n).unwrap();
    assert_eq!(r(10).surnames, ["An", "van Bel", "Huckelhoven"]);
    assert_eq!(r(66).surnames, ["Tan", "De La Pena", "Seifalian"]);
    assert_eq!(r(19).journal.as_deref(), Some("Endocr. Rev."));
    assert_eq!(r(19).volume, None);
    assert_eq!(r(20).volume.as_deref(), Some("213 (Suppl.)"));
    assert_eq!(r(20).pages.as_deref(), Some("S173–S181"));
    assert_eq!(r(71).journal.as_deref(), Some("Cancer"));
    assert_eq!(r(101).first_author(), Some("Luga"));
    assert!(r(101).et_al);
    assert_eq!(r(191).text, "US National Library of Medicine. (2016).");
    assert_eq!(r(191).year, Some(2016));
}

#[test]
fn unparseable_entries_keep_their_text() {
    let lib = library(&[(
        "refs.md",
        "# References\n\n1. something odd, no structure at all\n2. \n3. Smith, J. Title only.\n",
    )]);
    let art = lib.article(0);
    assert_eq!(art.references.len(), 3);
    assert_eq!(art.references[0].text, "something odd, no structure at all");
    assert_eq!(art.references[0].year, None);
    assert_eq!(art.references[1].text, "");
    assert_eq!(art.references[2].first_author(), Some("Smith"));
}

#[test]
fn numbers_are_as_written_and_duplicates_reported() {
    let lib = library(&[(
        "refs.md",
        "Text [2] and [5].\n\n## References\n\n2. Alpha, A. One. J. 1, 1 (2001).\n5. Beta, B. Two. J. 2, 2 (2002).\n5. Gamma, C. Three. J. 3, 3 (2003).\n",
    )]);
    let art = lib.article(0);
    let numbers: Vec<u32> = art.references.iter().map(|r| r.number).collect();
    assert_eq!(numbers, [2, 5]);
    assert_eq!(art.reference(5).unwrap().first_author(), Some("Beta"));
    assert!(art
        .diagnostics
        .iter()
        .any(|d| d.message.contains("reference 5 is listed twice") && d.line == Some(7)));
    assert_eq!(lib.resolution(0, 0).resolved, [(N(2), 0)]);
    assert_eq!(lib.resolution(0, 1).resolved, [(N(5), 1)]);
}

#[test]
fn reference_lists_under_headings_in_many_languages_and_every_entry_style() {
    let entry = |label: &str, n: u32| match label {
        "dot" => format!("{n}. Zhao, Y. A study. Cell {n}, 1–9 (2012).\n"),
        "paren" => format!("{n}) Zhao, Y. A study. Cell {n}, 1–9 (2012).\n"),
        "bracket" => format!("[{n}] Zhao, Y. A study. Cell {n}, 1–9 (2012).\n\n"),
        _ => format!("[{n}]Zhao, Y. A study. Cell {n}, 1–9 (2012).\n\n"),
    };
    let headings = [
        "References",
        "5. References",
        "参考文献",
        "Références",
        "Literatur",
        "Referencias",
        "Bibliografia",
        "Список литературы",
        "Literature Cited",
        "Notes and References",
    ];
    for heading in headings {
        for style in ["dot", "paren", "bracket", "glued"] {
            let list: String = (1..=3).map(|n| entry(style, n)).collect();
            let doc = format!("# Body\n\nAs shown [1], [2-3].\n\n# {heading}\n\n{list}");
            let lib = library(&[("l.md", &doc)]);
            let a = lib.article(0);
            let numbers: Vec<u32> = a.references.iter().map(|r| r.number).collect();
            assert_eq!(numbers, [1, 2, 3], "{heading} / {style}\n{doc}");
            assert_eq!(
                a.references[1].first_author(),
                Some("Zhao"),
                "{heading} / {style}"
            );
            assert!(
                !a.references[0].text.starts_with('['),
                "the label is not the text: {:?}",
                a.references[0].text
            );
            assert_eq!(
                lib.resolution(0, 1).resolved.len(),
                2,
                "{heading} / {style}"
            );
        }
    }
}
