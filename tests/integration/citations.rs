//! Finding citation brackets in Markdown: every form that is one, and the brackets that are not.

use crate::common;
use common::*;

fn citations(md: &str) -> Vec<(String, Vec<u32>)> {
    let art = article("t.md", md);
    art.citations
        .iter()
        .map(|c| (c.text(&art).to_string(), c.numbers().collect::<Vec<u32>>()))
        .collect()
}

#[test]
fn every_form_of_citation() {
    let got = citations(
        "One [8], a range [1-3], a list [1,4,5], [12-15], and [1–3, 7] with an en dash.\n",
    );
    assert_eq!(
        got,
        [
            ("[8]".to_string(), vec![8]),
            ("[1-3]".to_string(), vec![1, 2, 3]),
            ("[1,4,5]".to_string(), vec![1, 4, 5]),
            ("[12-15]".to_string(), vec![12, 13, 14, 15]),
            ("[1–3, 7]".to_string(), vec![1, 2, 3, 7]),
        ]
    );
}

#[test]
fn numbers_separated_by_semicolons_are_one_citation() {
    // As some journals set them (a PLOS ONE paper of the corpus writes `[36; 37]`).
    let got = citations("Masses differ [36; 37], as before [1;4-6].\n");
    assert_eq!(
        got,
        [
            ("[36; 37]".to_string(), vec![36, 37]),
            ("[1;4-6]".to_string(), vec![1, 4, 5, 6]),
        ]
    );
}

#[test]
fn citations_in_emphasis_lists_quotes_and_tables() {
    let got =
        citations("*see [2]*\n\n- item [3]\n\n> quoted [4]\n\n| a | b |\n|---|---|\n| [5] | x |\n");
    let texts: Vec<&str> = got.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(texts, ["[2]", "[3]", "[4]", "[5]"]);
}

#[test]
fn brackets_that_are_not_citations() {
    let md = "\
A link [8](https://example.org), an image ![9](fig.png), a footnote[^1], [sic], [n = 3],
code `[3]`, a reference link [4][r], a shortcut link [5], [ ], [x], [1-], [3-1], [0].

- [ ] a task box
- [x] a done task

```
[6] in a code block
```

[r]: https://example.org/r
[5]: https://example.org/5
[^1]: The footnote.
";
    assert_eq!(citations(md), Vec::<(String, Vec<u32>)>::new());
}

#[test]
fn references_section_is_not_scanned() {
    let art = article(
        "t.md",
        "Body [1].\n\n## References\n\n1. Smith, J. Cites [2] inside. J. 1, 1 (2000).\n",
    );
    assert_eq!(art.citations.len(), 1);
    assert_eq!(art.references.len(), 1);
}

/// A keyed article: a citation link names keys, and the reference list names its entries by
/// key (as a bibliography does), so the key, not a number, finds the entry.
fn keyed() -> scholion::model::Article {
    let mut a = article(
        "keyed.md",
        "# Body\n\nAs shown [Smith 2020](#cite-smith2020), and [twice](#cite-smith2020,doe2019).\n\n## References\n\n1. Doe, J. First. Cell 1, 2 (2019).\n2. Smith, A. Second. Nature 3, 4 (2020).\n",
    );
    a.references[0].key = Some("doe2019".into());
    a.references[1].key = Some("smith2020".into());
    a
}

#[test]
fn a_key_identified_citation_resolves_in_the_model() {
    use scholion::model::Target;
    let a = keyed();
    assert_eq!(a.keys, ["smith2020", "doe2019"]);
    assert_eq!(a.citations.len(), 2);
    let smith = a.citations[0].targets[0];
    assert_eq!(smith, Target::Key(0));
    assert_eq!(a.target_text(smith), "smith2020");
    assert_eq!(a.citations[0].numbers().count(), 0, "a key is not a number");
    let lib = scholion::library::Library::new(vec![a]);
    let a = lib.article(0);
    // Resolved to Smith's entry, which is number 2 of the list: by its key.
    assert_eq!(lib.resolution(0, 0).resolved, [(smith, 1)]);
    let both = lib.resolution(0, 1);
    assert_eq!(both.resolved, [(Target::Key(0), 1), (Target::Key(1), 0)]);
    assert!(both.unresolved.is_empty());
    assert_eq!(lib.times_cited(0, a.target_of(&a.references[1])), 2);
    assert_eq!(lib.times_cited(0, a.target_of(&a.references[0])), 1);
    // Number 2 is not a citation of the keyed entry: a keyed list is cited by key.
    assert_eq!(a.target_index(Target::Number(2)), None);
}

#[test]
fn a_key_the_list_lacks_is_unresolved_and_named() {
    use scholion::model::Target;
    let mut a = keyed();
    a.references[1].key = Some("smith2021".into());
    let lib = scholion::library::Library::new(vec![a]);
    let r = lib.resolution(0, 0);
    assert!(r.resolved.is_empty());
    assert_eq!(r.unresolved, [Target::Key(0)]);
    assert_eq!(lib.article(0).target_text(r.unresolved[0]), "smith2020");
}

#[test]
fn an_escaped_bracket_is_literal_and_stays_literal_through_import() {
    let md = "A principal component t\\[1\\], a cited [2], and \\[3] half escaped.\n";
    assert_eq!(citations(md), [("[2]".to_string(), vec![2])]);
    let art = article("t.md", md);
    assert!(
        art.blocks[0].text.contains("t[1]"),
        "{}",
        art.blocks[0].text
    );
    // Written back by import, the literal brackets stay literal.
    let back = scholion::formats::to_markdown::to_markdown(&art, "test");
    assert_eq!(citations(&back), [("[2]".to_string(), vec![2])], "{back}");
}

#[test]
fn author_year_citations_match_an_author_year_list_and_say_when_ambiguous() {
    let doc = "# Body\n\nFirst (Zhao et al., 2012b), then (Smith and Jones 2010; Lee 2011), as Lee (2011, p. 3) said. Smith (2014a) differs from Smith (2014b), but (Smith 2014) could be either. (Nobody 1999) is not listed.\n\n## References\n\nLee, K. A study. Cell 1, 2 (2011).\n\nSmith, J. & Jones, A. Earlier work. Nature 3, 4 (2010).\n\nSmith, J. First of the year. J. Tests 1, 1 (2014).\n\nSmith, J. Second of the year. J. Tests 2, 2 (2014).\n\nZhao, Y. et al. Another. Cell 5, 6 (2012).\n\nZhao, Y. et al. The b one. Cell 7, 8 (2012).\n";
    let lib = library(&[("ay.md", doc)]);
    let a = lib.article(0);
    let numbers: Vec<u32> = a.references.iter().map(|r| r.number).collect();
    assert_eq!(
        numbers,
        [1, 2, 3, 4, 5, 6],
        "an unnumbered list is numbered by order"
    );
    let got: Vec<(String, Vec<u32>, Vec<String>)> = (0..a.citations.len())
        .map(|i| {
            let r = lib.resolution(0, i);
            (
                a.citations[i].text(a).to_string(),
                r.resolved
                    .iter()
                    .map(|&(_, ri)| a.references[ri].number)
                    .collect(),
                r.unresolved
                    .iter()
                    .map(|&t| a.target_text(t).into_owned())
                    .collect(),
            )
        })
        .collect();
    let s = |x: &str| x.to_string();
    assert_eq!(
        got,
        [
            (s("(Zhao et al., 2012b)"), vec![6], vec![]),
            (s("(Smith and Jones 2010; Lee 2011)"), vec![2, 1], vec![]),
            (s("Lee (2011, p. 3)"), vec![1], vec![]),
            (s("Smith (2014a)"), vec![3], vec![]),
            (s("Smith (2014b)"), vec![4], vec![]),
            (s("(Smith 2014)"), vec![], vec![s("Smith, 2014")]),
            (s("(Nobody 1999)"), vec![], vec![s("Nobody, 1999")]),
        ]
    );
    assert!(
        a.diagnostics
            .iter()
            .any(|d| d.message.contains("fit more than one reference")
                && d.message.contains("`Smith, 2014` (entries 3, 4)")),
        "{:?}",
        a.diagnostics
    );
}

/// A JATS article with author–year citations as plain text and no cross-references at all
/// (../shared/corpus, when it is here): its citations resolve by author and year.
#[test]
fn a_jats_article_with_no_cross_references_resolves_by_author_and_year() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpus/jats/copernicus_asr-12-23-2015_plain-author-year.xml");
    let Ok(xml) = std::fs::read_to_string(&path) else {
        eprintln!("skipped: {} is not here", path.display());
        return;
    };
    let a = scholion::formats::jats::parse_jats("c.xml", &xml).unwrap();
    let lib = scholion::library::Library::new(vec![a]);
    let n = lib.article(0).citations.len();
    let resolved = (0..n)
        .filter(|&i| lib.resolution(0, i).unresolved.is_empty())
        .count();
    assert!(n >= 15, "{n} citations");
    assert_eq!(resolved, n, "every author–year citation resolves");
}

#[test]
fn a_capped_citation_is_noted_in_markdown_too() {
    // The note was made, then lost when the reading's own notes were put in place.
    let a = article("cap.md", "# T\n\nSee [1-1000, 2000].\n");
    assert!(
        a.diagnostics
            .iter()
            .any(|d| d.message.contains("named more than 1000 numbers")),
        "{:?}",
        a.diagnostics
    );
}

#[test]
fn a_target_is_four_bytes_and_says_what_it_is() {
    use scholion::model::{Target, TargetKind};
    assert_eq!(std::mem::size_of::<Target>(), 4);
    assert_eq!(Target::Number(8).get(), TargetKind::Number(8));
    assert_eq!(Target::Key(3).get(), TargetKind::Key(3));
    assert_eq!(Target::Number(8).number(), Some(8));
    assert_eq!(Target::Key(8).number(), None);
    assert_ne!(Target::Number(3), Target::Key(3));
    assert!(
        Target::Number(u32::MAX) < Target::Key(0),
        "numbers sort before keys"
    );
}
