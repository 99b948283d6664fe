//! Pandoc manuscripts: citations in pandoc's syntax resolved against the bibliography the
//! front matter names (BibTeX), a CSL-JSON file beside the article, or the front matter's own
//! `references:`; as `inspect --json` reports them. Fixtures in `fixtures/pandoc/`, written
//! here in the shape of JOSS and Manubot papers; the real papers of ../shared/corpus/md are
//! read too when that folder exists.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/integration/fixtures/pandoc")
        .join(name)
}

/// `inspect --json` on `path`: its one article, and the exit status.
fn inspect(path: &Path) -> (Value, bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_scholion"))
        .args(["inspect", "--json"])
        .arg(path)
        .output()
        .expect("run scholion");
    let json: Value = serde_json::from_slice(&out.stdout).expect("json");
    (
        json["articles"][0].clone(),
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// (key, prefix, locator, mode, resolved number) of every item of every citation.
fn items(a: &Value) -> Vec<(String, String, String, String, Option<u64>)> {
    a["citations"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["items"].as_array().cloned().unwrap_or_default())
        .map(|i| {
            (
                i["key"].as_str().unwrap().to_string(),
                i["prefix"].as_str().unwrap().to_string(),
                i["locator"].as_str().unwrap().to_string(),
                i["mode"].as_str().unwrap().to_string(),
                i["resolved"].as_u64(),
            )
        })
        .collect()
}

#[test]
fn a_joss_shaped_paper_resolves_its_keys_against_its_bibtex_file() {
    let (a, ok, stderr) = inspect(&fixture("paper.md"));
    let s = |x: &str| x.to_string();
    assert_eq!(
        items(&a),
        [
            (s("dempster1977"), s(""), s(""), s("normal"), Some(1)),
            (
                s("mclachlan2000"),
                s("see"),
                s("chap. 2"),
                s("normal"),
                Some(2)
            ),
            (
                s("bishop2006"),
                s("also"),
                s("pp. 430-439"),
                s("normal"),
                Some(3)
            ),
            (s("dempster1977"), s(""), s("p. 3"), s("in_text"), Some(1)),
            (s("bishop2006"), s(""), s(""), s("suppress_author"), Some(3)),
            (s("nobody2020"), s(""), s(""), s("normal"), None),
        ],
        "the e-mail address, the commit reference and the code are no citations"
    );
    // Numbered in order of first citation, under the paper's own References heading; the
    // uncited entry is not listed.
    let refs: Vec<(u64, &str)> = a["references"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["number"].as_u64().unwrap(), r["key"].as_str().unwrap()))
        .collect();
    assert_eq!(
        refs,
        [(1, "dempster1977"), (2, "mclachlan2000"), (3, "bishop2006")]
    );
    assert_eq!(
        a["references"][0]["text"],
        "Dempster, A. P., Laird, N. M. & Rubin, D. B. Maximum Likelihood from Incomplete Data via the EM Algorithm. Journal of the Royal Statistical Society. Series B 39, 1–38 (1977). doi:10.1111/j.2517-6161.1977.tb01600.x"
    );
    assert_eq!(a["references"][0]["times_cited"], 2);
    let sections: Vec<&str> = a["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["title"].as_str().unwrap())
        .collect();
    assert_eq!(sections, ["Summary", "References"]);
    // The missing key is named; the malformed entry is a problem with its line in the .bib,
    // and the other entries loaded.
    let diags: Vec<&str> = a["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_str().unwrap())
        .collect();
    assert!(
        diags
            .iter()
            .any(|d| d.contains("not in the bibliography") && d.contains("`nobody2020`")),
        "{diags:?}"
    );
    assert!(
        !ok,
        "a malformed entry makes the file count as failed in part"
    );
    assert!(
        stderr.contains("paper.bib:29: bibliography: entry `broken2019` not read"),
        "{stderr}"
    );
}

#[test]
fn a_csl_json_file_beside_the_paper_and_a_manubot_identifier() {
    let (a, ok, stderr) = inspect(&fixture("csl.md"));
    assert!(ok, "{stderr}");
    let got: Vec<(String, Option<u64>)> = items(&a).into_iter().map(|i| (i.0, i.4)).collect();
    assert_eq!(
        got,
        [
            ("lee2011".to_string(), Some(1)),
            // Not an id of the file: found by the DOI it names, whatever its case.
            ("doi:10.1000/ABC.1".to_string(), Some(2)),
        ]
    );
    assert_eq!(
        a["references"][0]["text"],
        "Lee, K. Second study. Cell 7, 10-20 (2011)."
    );
}

#[test]
fn inline_references_in_the_front_matter() {
    let (a, ok, stderr) = inspect(&fixture("inline.md"));
    assert!(ok, "{stderr}");
    assert_eq!(items(&a)[0].0, "smith2014");
    assert_eq!(items(&a)[0].4, Some(1));
    assert_eq!(a["references"][0]["first_author"], "Smith");
}

#[test]
fn a_bibliography_that_is_missing_is_named_and_the_paper_loads() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p.md");
    std::fs::write(
        &p,
        "---\ntitle: T\nbibliography: gone.bib\n---\n\nAs [@a].\n",
    )
    .unwrap();
    let (a, ok, stderr) = inspect(&p);
    assert!(!ok);
    assert!(
        stderr.contains("p.md: bibliography ") && stderr.contains("gone.bib: no such file"),
        "{stderr}"
    );
    assert_eq!(a["title"], "T");
    assert_eq!(a["citations"][0]["unresolved_keys"][0], "a");
}

/// The JOSS papers of the development corpus, when it is here: every pandoc citation key
/// resolves against the paper's own bibliography.
#[test]
fn the_corpus_joss_papers_resolve_every_key() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/md");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("skipped: {} is not here", dir.display());
        return;
    };
    let mut papers = 0;
    for e in entries.flatten() {
        let paper = e.path().join("paper.md");
        if !paper.is_file() {
            continue;
        }
        papers += 1;
        let (a, ok, stderr) = inspect(&paper);
        assert!(ok, "{}: {stderr}", paper.display());
        let all = items(&a);
        assert!(!all.is_empty(), "{}: no pandoc citations", paper.display());
        let unresolved: Vec<_> = all.iter().filter(|i| i.4.is_none()).collect();
        assert!(unresolved.is_empty(), "{}: {unresolved:?}", paper.display());
    }
    assert!(
        papers >= 3,
        "the corpus has three JOSS papers, found {papers}"
    );
}

#[test]
fn a_bibliography_given_on_the_command_line_serves_every_article() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("note.md");
    std::fs::write(
        &p,
        "# Note\n\nAs Bishop [-@bishop2006] and [@lee2011] say.\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_scholion"))
        .args(["inspect", "--json", "--bibliography"])
        .arg(fixture("paper.bib"))
        .arg("--bibliography")
        .arg(fixture("csl.json"))
        .arg(&p)
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let a = &json["articles"][0];
    let got: Vec<(String, Option<u64>)> = items(a).into_iter().map(|i| (i.0, i.4)).collect();
    assert_eq!(
        got,
        [
            ("bishop2006".to_string(), Some(1)),
            ("lee2011".to_string(), Some(2))
        ]
    );
}

#[test]
fn pandoc_figures_are_figures() {
    let md = "# Results\n\n![Cells dividing under the microscope.](cells.png){#fig:cells}\n\nAs @fig:cells shows, and ![Second.](b.png){#fig:b width=50%} too.\n";
    let a = scholion::formats::markdown::parse_markdown("f.md", md);
    let figs = crate::common::figures(&a);
    assert_eq!(
        figs,
        [
            ("Figure 1", "Cells dividing under the microscope."),
            ("Figure 2", "Second.")
        ]
    );
    assert!(
        a.blocks.iter().all(|b| !b.text.contains("{#fig:")),
        "the attribute is not text"
    );
    assert!(a.blocks.iter().any(|b| b.text.contains("too.")));
    assert!(
        a.citations.is_empty(),
        "@fig:cells is a cross-reference, not a citation"
    );
}

#[test]
fn a_figure_cross_reference_is_an_anchor_that_shows_the_caption_and_goes_to_the_figure() {
    use scholion::layout::AnchorKind;
    let md = "# Results\n\nAs @fig:cells shows, and @fig:none does not.\n\n## Figures here\n\nText.\n\n![Cells dividing.](cells.png){#fig:cells}\n";
    let lib = crate::common::library(&[("x.md", md)]);
    let a = lib.article(0);
    assert_eq!(a.crossrefs.len(), 2);
    assert_eq!(a.crossrefs[0].name.as_deref(), Some("Figure 1"));
    let figure_block = a.figures[0].block;
    assert_eq!(a.crossrefs[0].target, Some(figure_block));
    assert_eq!(a.crossrefs[1].target, None);
    let mut app = crate::common::reader(lib, 100, 30);
    crate::common::tab_to(&mut app, "@fig:cells");
    assert!(matches!(app.focus_kind(), Some(AnchorKind::CrossRef(0))));
    // Enter shows the caption; Enter on it goes to the figure.
    crate::common::press(&mut app, "enter");
    let caption: String = app
        .popup()
        .unwrap()
        .lines
        .iter()
        .flatten()
        .map(|(t, _)| t.as_str())
        .collect();
    assert!(caption.contains("Cells dividing."), "{caption}");
    crate::common::press(&mut app, "enter");
    assert_eq!(app.mark(), Some(figure_block));
    assert_eq!(app.message(), Some("Figure 1"));
    crate::common::press(&mut app, "ctrl-o");
    crate::common::tab_to(&mut app, "@fig:none");
    crate::common::press(&mut app, "enter");
    assert!(app.message().unwrap().contains("no figure labelled so"));
}

#[test]
fn section_table_and_equation_cross_references_point_at_their_labels() {
    let md = "# Introduction\n\nSee @sec:methods, @tbl:assay, @eq:energy and @tbl:gone.\n\n\
              # Materials and methods {#sec:methods}\n\nWe measured.\n\n\
              | Cell | Count |\n|---|---|\n| HeLa | 12 |\n\n\
              Table: Counts per cell line. {#tbl:assay}\n\n\
              $$ E = mc^2 $$ {#eq:energy}\n\n\
              | A | B |\n|---|---|\n| 1 | 2 |\n\n: Second table, captioned after it. {#tbl:second}\n\n\
              As @tbl:second shows.\n";
    let lib = crate::common::library(&[("x.md", md)]);
    let a = lib.article(0);
    let block_of = |needle: &str| {
        a.blocks
            .iter()
            .position(|b| b.text.contains(needle))
            .unwrap_or_else(|| panic!("no block holds {needle:?}"))
    };
    let seen: Vec<(&str, Option<usize>, Option<&str>)> = a
        .crossrefs
        .iter()
        .map(|c| (c.label.as_str(), c.target, c.name.as_deref()))
        .collect();
    assert_eq!(
        seen,
        [
            (
                "sec:methods",
                Some(block_of("Materials and methods")),
                Some("Materials and methods")
            ),
            (
                "tbl:assay",
                Some(block_of("Counts per cell line")),
                Some("Table 1")
            ),
            ("eq:energy", Some(block_of("mc^2")), Some("Equation 1")),
            ("tbl:gone", None, None),
            (
                "tbl:second",
                Some(block_of("Second table")),
                Some("Table 2")
            ),
        ]
    );
    for b in &a.blocks {
        assert!(
            !b.text.contains("{#"),
            "an attribute shown as text: {:?}",
            b.text
        );
    }
    assert_eq!(
        a.blocks[block_of("Materials and methods")].text,
        "Materials and methods"
    );
    // Followed in the reader, it goes to the table's caption and names it.
    let mut app = crate::common::reader(lib, 100, 30);
    crate::common::tab_to(&mut app, "@tbl:assay");
    crate::common::press(&mut app, "enter");
    assert_eq!(app.message(), Some("Table 1"));
    crate::common::press(&mut app, "ctrl-o");
    crate::common::tab_to(&mut app, "@tbl:gone");
    crate::common::press(&mut app, "enter");
    assert_eq!(
        app.message(),
        Some("@tbl:gone: this article has no table labelled so")
    );
}

#[test]
fn a_control_character_in_inline_references_is_shown_as_in_the_body() {
    // The YAML reader carries control characters through as private-use characters; every
    // value the front matter gives must have them back (and then sanitised), the inline
    // references included.
    let md = "---\ntitle: T\nreferences:\n  - id: a\n    title: \"A \u{1b}[31m study\"\n---\n\nAs [@a].\n";
    let a = scholion::formats::markdown::parse_markdown("r.md", md);
    let text = &a.references[0].text;
    assert!(
        !text
            .chars()
            .any(|c| ('\u{F0000}'..='\u{F00FF}').contains(&c)),
        "{text:?}"
    );
    assert!(text.contains("A ␛ study"), "{text:?}");
}

#[test]
fn an_author_year_citation_is_not_a_missing_bibliography_key() {
    // A pandoc paper whose text also has an author–year citation its list lacks: that one is
    // unresolved by author and year, not a key the bibliography should have had.
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("mixed.md");
    std::fs::write(
        &p,
        "---\ntitle: Mixed\nbibliography: refs.json\n---\n\nAs [@lee2011] and (Nobody 1999) said.\n\n# References\n",
    )
    .unwrap();
    std::fs::copy(fixture("csl.json"), dir.path().join("refs.json")).unwrap();
    let (a, ok, stderr) = inspect(&p);
    assert!(ok, "{stderr}");
    let diags: Vec<&str> = a["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_str().unwrap())
        .collect();
    assert!(
        diags.iter().all(|d| !d.contains("not in the bibliography")),
        "{diags:?}"
    );
    assert_eq!(items(&a)[0].4, Some(1), "the pandoc key still resolves");
}
