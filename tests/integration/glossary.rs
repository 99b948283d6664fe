//! Glossary terms are found in every article of the library, in every spelling the rules allow.

use crate::common;
use common::*;

const GLOSSARY: &str = "\
---
title: Definitions
---

## Glossary

Extracellular vesicle (EV)
: A particle released by cells.

Exosomes
: Small vesicles of endocytic origin.

Shed microvesicles (sMVs)
: Vesicles budding from the membrane.

Pre-metastatic niche
: A site prepared for metastasis.

Tumour microenvironment (TME)
: What surrounds a tumour.

Tumour
: A growth.

Épithélium
: Tissue lining a surface.

Multiple reaction monitoring (MRM)
: A mass spectrometry method.
";

fn matches_in(text: &str) -> Vec<(String, String)> {
    let lib = library(&[("g.md", GLOSSARY), ("t.md", text)]);
    let art = lib.article(1);
    lib.occurrences(1)
        .iter()
        .map(|o| {
            (
                art.blocks[o.block()].text[o.range()].to_string(),
                lib.term(o.term).term.to_string(),
            )
        })
        .collect()
}

fn texts(text: &str) -> Vec<String> {
    matches_in(text).into_iter().map(|(t, _)| t).collect()
}

#[test]
fn case_and_plurals() {
    assert_eq!(
        texts("EXOSOMES, exosome, Exosomes."),
        ["EXOSOMES", "exosome", "Exosomes"]
    );
    assert_eq!(
        texts("extracellular vesicles and an Extracellular Vesicle"),
        ["extracellular vesicles", "Extracellular Vesicle"]
    );
}

#[test]
fn hyphen_and_space_variants() {
    let got = matches_in("pre-metastatic niche, premetastatic niche, pre metastatic niches.");
    assert_eq!(got.len(), 3);
    assert!(got.iter().all(|(_, term)| term == "Pre-metastatic niche"));
    assert_eq!(texts("pre-metastatic niches"), ["pre-metastatic niches"]);
    // A comma between the words breaks the phrase.
    assert!(!texts("pre, metastatic niche")
        .iter()
        .any(|t| t.contains("pre")));
}

#[test]
fn british_and_american_spelling() {
    let got = matches_in("the tumor microenvironment and tumour microenvironments");
    assert_eq!(
        got,
        [
            (
                "tumor microenvironment".to_string(),
                "Tumour microenvironment".to_string()
            ),
            (
                "tumour microenvironments".to_string(),
                "Tumour microenvironment".to_string()
            ),
        ]
    );
}

#[test]
fn abbreviations_exact_case_and_whole_words() {
    assert_eq!(
        texts("sMV and sMVs, EV and EVs, TME, MRM."),
        ["sMV", "sMVs", "EV", "EVs", "TME", "MRM"]
    );
    // Not inside other words, not in another case.
    assert!(texts("EVEN the level of evs, smv, Tme and EVENT").is_empty());
    // A hyphenated compound still holds the word.
    assert_eq!(texts("EV-derived"), ["EV"]);
}

#[test]
fn longest_match_wins() {
    let got = matches_in("tumour microenvironment");
    assert_eq!(
        got,
        [(
            "tumour microenvironment".to_string(),
            "Tumour microenvironment".to_string()
        )]
    );
    let got = matches_in("a tumour grows");
    assert_eq!(got, [("tumour".to_string(), "Tumour".to_string())]);
}

#[test]
fn non_ascii_case_and_graphemes() {
    assert_eq!(
        texts("ÉPITHÉLIUM and épithéliums"),
        ["ÉPITHÉLIUM", "épithéliums"]
    );
    // `Exosomes` followed by a combining mark is another word: the match must not cut the mark off.
    assert!(texts("exosome\u{301}").is_empty());
    // Matches end on grapheme boundaries.
    let text = "exosomes\u{200d}x EV\u{301}";
    let lib = library(&[("g.md", GLOSSARY), ("t.md", text)]);
    for o in lib.occurrences(1) {
        let block = &lib.article(1).blocks[o.block()].text;
        assert!(block.is_char_boundary(o.range().end));
        let after = &block[o.range().end..];
        assert!(!after.starts_with('\u{301}'), "match split a grapheme");
    }
}

#[test]
fn terms_are_not_matched_in_their_own_glossary_entry_or_references() {
    let lib = library(&[(
        "g.md",
        "Exosomes everywhere.\n\n## Glossary\n\nExosomes\n: Vesicles.\n\n## References\n\n1. Smith, J. Exosomes. J. 1, 1 (2000).\n",
    )]);
    let m = matched(&lib, 0);
    assert_eq!(m, ["Exosomes"]);
}

#[test]
fn an_abbreviation_that_does_not_fit_the_term_before_it_is_not_its_alias() {
    let doc = "# Body\n\nWe added exogenous full-length cBIN1 (FL), and the tumour microenvironment (TME) changed.\n\n## Glossary\n\ncBIN1\n: A cardiac isoform of BIN1.\n\nTumour microenvironment\n: What surrounds a tumour.\n";
    let lib = library(&[("g.md", doc)]);
    let g = &lib.article(0).glossary;
    assert!(g[0].aliases.is_empty(), "{:?}", g[0].aliases);
    assert!(
        g[1].aliases.iter().any(|a| a == "TME"),
        "{:?}",
        g[1].aliases
    );
}

#[test]
fn a_table_of_terms_is_a_glossary_when_captioned_or_under_the_heading() {
    let captioned = "# Body\n\nThe tumour microenvironment (TME) and the pre-metastatic niche.\n\n| Term | Definition |\n|---|---|\n| Tumour microenvironment (TME) | What surrounds a tumour. |\n| Pre-metastatic niche | A site prepared for metastasis. |\n\nTable: Glossary.\n";
    let headed = "# Body\n\nThe pre-metastatic niche.\n\n## Glossary\n\n| Term | Definition |\n|---|---|\n| Pre-metastatic niche | A site prepared for metastasis. |\n";
    let plain = "# Body\n\nA table of values.\n\n| Name | Value |\n|---|---|\n| alpha | 1 |\n";
    for (doc, terms) in [
        (
            captioned,
            vec!["Tumour microenvironment", "Pre-metastatic niche"],
        ),
        (headed, vec!["Pre-metastatic niche"]),
        (plain, vec![]),
    ] {
        let lib = library(&[("t.md", doc)]);
        let got: Vec<&str> = lib
            .article(0)
            .glossary
            .iter()
            .map(|g| g.term.as_str())
            .collect();
        assert_eq!(got, terms, "{doc}");
    }
    let lib = library(&[("t.md", captioned)]);
    assert_eq!(
        lib.article(0).glossary[0].definition,
        "What surrounds a tumour."
    );
    // Uses in the text are marked; the terms the table defines are not uses of them.
    assert_eq!(
        matched(&lib, 0),
        ["tumour microenvironment", "TME", "pre-metastatic niche"]
    );
}
