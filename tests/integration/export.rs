//! `scholion export`: the references of the loaded articles as BibTeX, CSL-JSON or RIS, each
//! work once, or those one article cites; every byte from the model, none a document chose.

use std::process::{Command, Output};

fn export(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_scholion"))
        .arg("export")
        .args(args)
        .output()
        .expect("scholion runs")
}

fn text(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("UTF-8")
}

/// The bundled review's references, each work once (its list names one work twice), in all
/// three formats: BibTeX that reads back, CSL-JSON that parses, RIS with one record each.
#[test]
fn the_bundled_references_in_three_formats() {
    let lib = crate::common::bundled();
    let listed: usize = (0..lib.len())
        .map(|a| lib.article(a).references.len())
        .sum();
    let bib = export(&["--format", "bibtex"]);
    assert!(bib.status.success());
    let parsed = biblatex::Bibliography::parse(&text(&bib)).expect("BibTeX that reads back");
    let works = parsed.len();
    assert!(
        works + 2 >= listed && works <= listed,
        "{works} of {listed}"
    );
    let luga = parsed.get("Luga2012").expect("the review's reference 101");
    {
        use biblatex::ChunksExt;
        assert_eq!(luga.get("journal").unwrap().format_verbatim(), "Cell");
    }
    let json = export(&["--format", "csl-json"]);
    let items: serde_json::Value = serde_json::from_str(&text(&json)).unwrap();
    assert_eq!(items.as_array().unwrap().len(), works);
    let ris = export(&["--format", "ris"]);
    let records = text(&ris)
        .lines()
        .filter(|l| l.starts_with("ER  -"))
        .count();
    assert_eq!(records, works);
}

/// `--cited-in` the viewpoint: its list is empty, and the one number another article is
/// suggested for, [8], is the review's reference 101.
#[test]
fn cited_in_writes_what_an_article_cites() {
    let viewpoint = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/articles/exosomes-stromal-cells-viewpoint.md"
    );
    let review = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/articles/extracellular-vesicles-in-cancer-review.md"
    );
    let out = export(&["--format", "ris", review, "--cited-in", viewpoint]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let ris = text(&out);
    assert_eq!(
        ris.lines().filter(|l| l.starts_with("TY  -")).count(),
        1,
        "{ris}"
    );
    assert!(
        ris.contains("TI  - Exosomes mediate stromal mobilization"),
        "{ris}"
    );
}

#[test]
fn a_missing_file_is_one_line_and_nothing_is_written() {
    let out = export(&["--format", "bibtex", "--cited-in", "/no/such/paper.md"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("/no/such/paper.md"), "{err}");
    let out = export(&["--format", "endnote"]);
    assert_eq!(out.status.code(), Some(2), "an argument error");
}

/// A reference that carries terminal escapes and line breaks: written as text, one line per
/// field, no control byte.
#[test]
fn no_byte_a_document_chose() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hostile.md");
    std::fs::write(
        &path,
        "---\ntitle: Hostile\n---\n\nCited [1].\n\n## References\n\n\
         1. Evil A. A title \u{1b}[2J\u{1b}]52;c;aGk=\u{7} with escapes\u{9b}31m. J Bad. 2020;1:1-2.\n",
    )
    .unwrap();
    for format in ["bibtex", "csl-json", "ris"] {
        let out = export(&["--format", format, path.to_str().unwrap()]);
        assert!(out.status.success());
        let bad: Vec<char> = text(&out)
            .chars()
            .filter(|c| c.is_control() && *c != '\n')
            .collect();
        assert!(bad.is_empty(), "{format}: {bad:?}");
        assert!(text(&out).contains("Evil"), "{format}");
    }
}
