//! Unresolved citations get references from other articles as suggestions, ranked by the clues
//! in the sentences that cite them, and never as resolutions.

use crate::common;
use crate::common::N;
use common::*;

const SOURCE: &str = "\
---
title: A review
---

## References

1. Smith, J. Older work. Nature 1, 2 (2001).
2. Smith, K. Newer work. Cell 3, 4 (2010).
3. Jones, P. & Smith, A. Other work. Cell 5, 6 (2011).
";

#[test]
fn ranked_by_journal_and_year() {
    let citing = "Smith et al. showed in Cell in 2010 that it works [4]. Later it failed [4].\n";
    let lib = library(&[("source.md", SOURCE), ("citing.md", citing)]);
    for c in 0..2 {
        let r = lib.resolution(1, c);
        assert!(r.resolved.is_empty());
        assert_eq!(r.unresolved, [N(4)]);
        let numbers: Vec<u32> = r
            .suggestions
            .iter()
            .map(|s| lib.suggested(s).expect("a whole library holds it").number)
            .collect();
        // Both first authors are Smith; Jones's paper (Smith second) is not offered.
        assert_eq!(numbers, [2, 1], "citation {c}");
        assert!(r
            .suggestions
            .iter()
            .all(|s| s.article == 0 && s.cited == N(4)));
        assert!(r.suggestions[0].reasons.iter().any(|x| x == "journal Cell"));
        assert!(r.suggestions[0].reasons.iter().any(|x| x == "year 2010"));
    }
}

#[test]
fn names_belong_to_the_nearest_citation() {
    let citing = "Brown and colleagues found it [7], the reverse of Smith and colleagues [4].\n";
    let lib = library(&[("source.md", SOURCE), ("citing.md", citing)]);
    assert!(
        lib.resolution(1, 0).suggestions.is_empty(),
        "[7] names Brown, not Smith"
    );
    assert!(!lib.resolution(1, 1).suggestions.is_empty());
}

#[test]
fn no_suggestion_without_a_name_or_from_the_same_article() {
    let citing = "It works [4].\n";
    let lib = library(&[("source.md", SOURCE), ("citing.md", citing)]);
    assert!(lib.resolution(1, 0).suggestions.is_empty());
    // The source cites its own missing number 9 naming Smith: its own list is never suggested.
    let own = SOURCE.replace("## References", "Smith et al. [9].\n\n## References");
    let lib = library(&[("source.md", &own)]);
    assert!(lib.resolution(0, 0).suggestions.is_empty());
}

#[test]
fn resolved_numbers_get_no_suggestions() {
    let citing = "Smith et al. [1] and [1-2].\n\n## References\n\n1. Smith, J. Older work. Nature 1, 2 (2001).\n";
    let lib = library(&[("source.md", SOURCE), ("citing.md", citing)]);
    let r = lib.resolution(1, 0);
    assert_eq!(r.resolved, [(N(1), 0)]);
    assert!(r.suggestions.is_empty());
    let r = lib.resolution(1, 1);
    assert_eq!(r.unresolved, [N(2)]);
}

#[test]
fn a_manubot_doi_key_finds_the_reference_with_that_doi_in_another_article() {
    let citing = "# Body\n\nAs shown [@doi:10.1000/ABC.7] and [@doi:10.9999/none].\n";
    let source = "# Text\n\nA text.\n\n## References\n\n1. Smith, J. A study. Cell 1, 2 (2001). doi:10.1000/abc.7\n";
    let lib = library(&[("citing.md", citing), ("source.md", source)]);
    let r = lib.resolution(0, 0);
    assert!(
        r.resolved.is_empty(),
        "not in the citing article's own list"
    );
    assert_eq!(r.suggestions.len(), 1);
    let s = &r.suggestions[0];
    assert_eq!((s.article, s.reference), (1, Some(0)));
    assert_eq!(s.reasons, ["same DOI 10.1000/ABC.7"]);
    assert!(lib.resolution(0, 1).suggestions.is_empty());
}

#[test]
fn manubot_keys_find_references_and_loaded_articles_by_any_identifier() {
    let citing = "# Body\n\nAs [@pmid:12345], [@doi:10.5555/Loaded.1], [@pmcid:PMC777], \
                  [@pmid:999] and [@arxiv:2001.00001] show.\n";
    let source = "# Text\n\nA text.\n\n## References\n\n\
                  1. Smith, J. A study. Cell 1, 2 (2001). PMID: 12345\n";
    let loaded = "---\ntitle: The loaded article\ndoi: https://doi.org/10.5555/loaded.1\n\
                  pmid: \"999\"\n---\n\n# Text\n\nIts own text.\n";
    let jats = r#"<article><front><article-meta>
        <article-id pub-id-type="pmc">777</article-id>
        <title-group><article-title>A JATS article</article-title></title-group>
        </article-meta></front><body><p>Body.</p></body></article>"#;
    let mut articles: Vec<_> = [
        ("citing.md", citing),
        ("source.md", source),
        ("loaded.md", loaded),
    ]
    .iter()
    .map(|(p, t)| crate::common::article(p, t))
    .collect();
    articles.push(scholion::formats::read("jats.xml", jats.as_bytes()).expect("JATS"));
    let lib = scholion::library::Library::new(articles);
    let found = |c: usize| -> Vec<(usize, Option<usize>, Vec<String>)> {
        lib.resolution(0, c)
            .suggestions
            .iter()
            .map(|s| (s.article, s.reference, s.reasons.clone()))
            .collect()
    };
    assert_eq!(
        found(0),
        [(1, Some(0), vec!["same PMID 12345".to_string()])]
    );
    assert_eq!(
        found(1),
        [(
            2,
            None,
            vec!["the article itself, DOI 10.5555/Loaded.1".to_string()]
        )]
    );
    assert_eq!(
        found(2),
        [(
            3,
            None,
            vec!["the article itself, PMCID PMC777".to_string()]
        )]
    );
    assert_eq!(
        found(3),
        [(2, None, vec!["the article itself, PMID 999".to_string()])]
    );
    assert!(found(4).is_empty(), "no loaded work has that arXiv id");
    // In the reader the sidebar shows the article, and Enter opens it.
    let mut app = crate::common::reader(lib, 120, 30);
    crate::common::tab_to(&mut app, "[@doi:10.5555/Loaded.1]");
    let sidebar = app.sidebar_content();
    assert!(sidebar.entries.iter().any(|e| matches!(
        e,
        scholion::app::SidebarEntry::Suggestion {
            article: 2,
            index: None,
            ..
        }
    )));
    crate::common::press(&mut app, "enter");
    assert_eq!(app.current(), 2);
    assert_eq!(
        app.message(),
        Some(
            "doi:10.5555/Loaded.1 is The loaded article, loaded here (not this article's own list)"
        )
    );
}
