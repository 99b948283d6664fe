//! The bundled library holds what the two source documents hold, and the model reads it right.

use crate::common;
use crate::common::N;
use common::*;
use scholion::model::SectionRole;

const VIEWPOINT: &str = "exosomes-stromal-cells-viewpoint.md";
const REVIEW: &str = "extracellular-vesicles-in-cancer-review.md";

#[test]
fn review_has_258_references_numbered_in_order_with_first_authors() {
    let lib = bundled();
    let review = lib.article(find(&lib, REVIEW));
    let numbers: Vec<u32> = review.references.iter().map(|r| r.number).collect();
    assert_eq!(numbers, (1..=258).collect::<Vec<_>>());
    let with_author = review
        .references
        .iter()
        .filter(|r| r.first_author().is_some())
        .count();
    assert!(
        with_author >= 250,
        "first author read for only {with_author} of 258"
    );
    let r1 = review.reference(1).unwrap();
    assert_eq!(r1.first_author(), Some("Ahmed"));
    assert_eq!(r1.surnames, ["Ahmed", "Xiang"]);
    let r258 = review.reference(258).unwrap();
    assert!(r258
        .text
        .starts_with("Cho, J. A. et al. Exosomes: a new delivery system"));
    assert_eq!(r258.year, Some(2005));
}

#[test]
fn review_front_matter_glossary_figures() {
    let lib = bundled();
    let review = lib.article(find(&lib, REVIEW));
    assert_eq!(
        review.display_title(),
        "Extracellular vesicles in cancer — implications for future improvements in cancer care"
    );
    assert_eq!(review.front.year, Some(2018));
    assert_eq!(
        review.front.doi.as_deref(),
        Some("10.1038/s41571-018-0036-9")
    );
    assert_eq!(
        review.front.journal.as_deref(),
        Some("Nature Reviews Clinical Oncology")
    );
    let surnames: Vec<&str> = review
        .front
        .authors
        .iter()
        .map(|a| a.rsplit(' ').next().unwrap())
        .collect();
    assert_eq!(
        surnames,
        ["Xu", "Rai", "Chen", "Suwakulsiri", "Greening", "Simpson"]
    );

    let terms: Vec<&str> = review.glossary.iter().map(|g| g.term.as_str()).collect();
    assert_eq!(
        terms,
        [
            "Extracellular vesicle",
            "Exosomes",
            "Shed microvesicles",
            "Tumour microenvironment",
            "Pre-metastatic niche",
            "Popliteal lymph node",
            "Active metastatic niches",
            "Sleepy niches",
            "Multiple reaction monitoring"
        ]
    );
    let smv = &review.glossary[2];
    assert!(smv.aliases.contains(&"sMV".to_string()) && smv.aliases.contains(&"sMVs".to_string()));
    assert!(review.glossary[1]
        .definition
        .starts_with("A major class of extracellular vesicle (typically 30–150\u{2009}nm"));
    assert_eq!(review.glossary[3].aliases[0], "TME");
    assert!(review.glossary.iter().all(|g| !g.definition.is_empty()));

    let labels: Vec<&str> = review.figures.iter().map(|f| f.label.as_str()).collect();
    assert_eq!(labels, ["Fig. 1", "Fig. 2", "Fig. 3"]);
    assert_eq!(
        review.figures[0].caption,
        "EV biogenesis and cargo contents."
    );

    let sections: Vec<&str> = review.sections.iter().map(|s| s.title.as_str()).collect();
    for wanted in [
        "Abstract",
        "Key points",
        "References",
        "Glossary",
        "Figures",
        "Supplementary information",
    ] {
        assert!(sections.contains(&wanted), "missing section {wanted}");
    }
    let refs = review
        .sections
        .iter()
        .find(|s| s.title == "References")
        .unwrap();
    assert_eq!(refs.role, SectionRole::References);
}

#[test]
fn review_has_no_shop_text() {
    let lib = bundled();
    let review = lib.article(find(&lib, REVIEW));
    let all: String = review
        .blocks
        .iter()
        .map(|b| b.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    for shop in [
        "Access options",
        "Rent or Buy",
        "prices",
        "Download references",
        "Reprints and Permissions",
        "CrossMark",
        "ReadCube",
    ] {
        assert!(!all.contains(shop), "shop text {shop:?} is in the review");
    }
    assert!(all.contains("Supplementary Box 2 Paget’s ‘seed and soil’ hypothesis"));
}

#[test]
fn viewpoint_citations_stay_as_written_and_resolve_only_across_articles() {
    let lib = bundled();
    let v = find(&lib, VIEWPOINT);
    let art = lib.article(v);
    assert!(art.front.title_supplied);
    assert!(art.references.is_empty());
    let texts: Vec<&str> = art.citations.iter().map(|c| c.text(art)).collect();
    assert_eq!(
        texts,
        [
            "[1-3]", "[1,4,5]", "[1,6]", "[7]", "[8]", "[8]", "[9-11]", "[9-11]", "[8]", "[12]",
            "[12-15]", "[8]", "[10]", "[8]", "[13-15]"
        ]
    );
    let first = lib.resolution(v, 0);
    assert!(art.citations[0].numbers().eq([1, 2, 3]));
    assert!(first.resolved.is_empty());
    assert_eq!(first.unresolved, [N(1), N(2), N(3)]);

    let review = find(&lib, REVIEW);
    let eights: Vec<usize> = (0..art.citations.len())
        .filter(|&i| art.citations[i].text(art) == "[8]")
        .collect();
    assert_eq!(eights.len(), 5);
    for i in eights {
        let r = lib.resolution(v, i);
        assert!(r.resolved.is_empty(), "a suggestion is never a resolution");
        let best = r
            .suggestions
            .first()
            .expect("every [8] carries the suggestion");
        assert_eq!(best.article, review);
        let reference = lib.suggested(best).expect("the review is whole");
        assert_eq!(reference.number, 101);
        assert!(reference.text.starts_with("Luga, V. et al."));
        assert_eq!(reference.journal.as_deref(), Some("Cell"));
        assert_eq!(reference.year, Some(2012));
    }
    // Suetsugu is not in the review's list, and Luga is evidence for [8], not for [10].
    let ten = art
        .citations
        .iter()
        .position(|c| c.text(art) == "[10]")
        .unwrap();
    assert!(lib.resolution(v, ten).suggestions.is_empty());
}

#[test]
fn viewpoint_uses_the_reviews_glossary_terms() {
    let lib = bundled();
    let v = find(&lib, VIEWPOINT);
    let m = matched(&lib, v);
    for wanted in [
        "premetastatic niche",
        "pre metastatic niche",
        "tumor microenvironment",
        "exosomes",
        "Exosome",
    ] {
        assert!(
            m.iter().any(|t| t == wanted),
            "{wanted:?} not matched; got {m:?}"
        );
    }
    let review = find(&lib, REVIEW);
    let niche = lib
        .occurrences(v)
        .iter()
        .find(|o| lib.article(v).blocks[o.block()].text[o.range()] == *"premetastatic niche")
        .unwrap();
    assert_eq!(niche.term.article(), review);
    assert_eq!(lib.term(niche.term).term, "Pre-metastatic niche");
}

#[test]
fn viewpoint_text_has_no_pdf_breaks() {
    let lib = bundled();
    let art = lib.article(find(&lib, VIEWPOINT));
    let text: String = art
        .blocks
        .iter()
        .map(|b| b.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    for broken in [
        "fi b",
        "fi n",
        "fl u",
        "Th e",
        "Th i",
        "compart-",
        "micro-\n",
        "exo- ",
        "per ties",
        "stimu lated",
        "  ",
    ] {
        assert!(!text.contains(broken), "{broken:?} left in the viewpoint");
    }
    // A hyphen before a space is a line-break hyphen the PDF left.
    assert!(!text.contains("- "), "line-break hyphen left");
    for kept in [
        "GFP-tagged",
        "tumor-associated",
        "compartment",
        "fibroblast-secreted",
        "exosome-stimulated",
        "These properties",
    ] {
        assert!(text.contains(kept), "{kept:?} missing");
    }
}
