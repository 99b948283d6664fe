//! JATS XML: small documents written for these tests, one per construct, each checked in the
//! model and through the import round trip (XML → Markdown → the same article).

use crate::common;
use crate::common::N;
use common::*;
use scholion::formats::jats::{parse_jats, JatsError};
use scholion::formats::markdown::parse_markdown;
use scholion::formats::to_markdown::to_markdown;
use scholion::library::Library;
use scholion::model::{Article, BlockKind, Severity};
use std::path::Path;

/// A JATS article around `meta` (inside article-meta), `body` and `back`.
fn doc(meta: &str, body: &str, back: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE article PUBLIC "-//NLM//DTD JATS (Z39.96) Journal Archiving and Interchange DTD v1.2 20190208//EN" "JATS-archivearticle1.dtd">
<article xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:mml="http://www.w3.org/1998/Math/MathML" article-type="research-article">
<front><journal-meta><journal-title-group><journal-title>Journal of Tests</journal-title></journal-title-group></journal-meta>
<article-meta><title-group><article-title>A test article</article-title></title-group>{meta}</article-meta></front>
<body>{body}</body>
<back>{back}</back>
</article>"#
    )
}

const REFS: &str = r#"<ref-list><title>References</title>
<ref id="r1"><label>1</label><element-citation publication-type="journal"><person-group person-group-type="author"><name><surname>Luga</surname><given-names>V</given-names></name><etal/></person-group><article-title>Exosomes mediate stromal mobilization of autocrine Wnt-PCP signaling</article-title><source>Cell</source><year>2012</year><volume>151</volume><fpage>1542</fpage><lpage>1556</lpage><pub-id pub-id-type="doi">10.1016/j.cell.2012.11.024</pub-id><pub-id pub-id-type="pmid">23260141</pub-id></element-citation></ref>
<ref id="r2"><label>2</label><mixed-citation publication-type="journal"><person-group person-group-type="author"><name><surname>Peinado</surname><given-names>H</given-names></name>, <name><surname>Lyden</surname><given-names>D</given-names></name></person-group>. <article-title>Melanoma exosomes educate bone marrow progenitor cells</article-title>. <source>Nat Med</source>. <year>2012</year>;<volume>18</volume>:<fpage>883</fpage>–<lpage>891</lpage>.</mixed-citation></ref>
<ref id="r3"><label>3</label><mixed-citation>A reference that is only free text, with no tags at all.</mixed-citation></ref>
<ref id="r4"><label>4</label><element-citation><person-group><name><surname>Xu</surname><given-names>Rong</given-names></name><name><surname>Rai</surname><given-names>Alin</given-names></name></person-group><article-title>Extracellular vesicles in cancer</article-title><source>Nat Rev Clin Oncol</source><year>2018</year><volume>15</volume><fpage>617</fpage><lpage>638</lpage></element-citation></ref>
<ref id="r5"><label>5</label><element-citation><person-group><name><surname>Smith</surname><given-names>John</given-names></name><name><surname>Jones</surname><given-names>Ann</given-names></name></person-group><article-title>A study</article-title><source>J Tests</source><year>2014</year><volume>3</volume><fpage>1</fpage><lpage>9</lpage></element-citation></ref>
<ref id="r6"><label>6</label><element-citation><person-group><name><surname>Brown</surname><given-names>Kim</given-names></name></person-group><article-title>Another study</article-title><source>J Tests</source><year>2015</year><volume>4</volume><elocation-id>e100</elocation-id></element-citation></ref>
<ref id="r7"><label>7</label><element-citation><person-group><name><surname>Grey</surname><given-names>Lee</given-names></name></person-group><article-title>A third study</article-title><source>J Tests</source><year>2016</year><volume>5</volume><fpage>10</fpage></element-citation></ref>
</ref-list>"#;

fn parse(xml: &str) -> Article {
    parse_jats("test.xml", xml).unwrap_or_else(|e| panic!("{e}"))
}

/// Read the article back from its Markdown and check that it is the same article.
fn roundtrip(a: &Article) -> Article {
    let md = to_markdown(a, "round trip");
    let b = parse_markdown("test.md", &md);
    assert_eq!(a.display_title(), b.display_title(), "title\n{md}");
    let sections = |x: &Article| {
        x.sections
            .iter()
            .map(|s| (s.title.clone(), s.level))
            .collect::<Vec<_>>()
    };
    assert_eq!(sections(a), sections(&b), "sections\n{md}");
    let cites = |x: &Article| {
        x.citations
            .iter()
            .map(|c| (c.text(x).to_string(), c.numbers().collect::<Vec<u32>>()))
            .collect::<Vec<_>>()
    };
    assert_eq!(cites(a), cites(&b), "citations\n{md}");
    let la = Library::new(vec![a.clone()]);
    let lb = Library::new(vec![b.clone()]);
    for i in 0..a.citations.len() {
        assert_eq!(
            la.resolution(0, i).resolved,
            lb.resolution(0, i).resolved,
            "resolution of citation {i}"
        );
        assert_eq!(
            la.resolution(0, i).unresolved,
            lb.resolution(0, i).unresolved
        );
    }
    let refs = |x: &Article| {
        x.references
            .iter()
            .map(|r| {
                (
                    r.number,
                    r.text.clone(),
                    r.first_author().map(str::to_string),
                    r.year,
                    r.doi.clone(),
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(refs(a), refs(&b), "references\n{md}");
    let gloss = |x: &Article| {
        x.glossary
            .iter()
            .map(|g| {
                let mut aliases = g.aliases.clone();
                aliases.sort();
                (g.term.clone(), aliases, g.definition.clone())
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(gloss(a), gloss(&b), "glossary\n{md}");
    let figs = |x: &Article| {
        x.figures
            .iter()
            .map(|f| (f.label.clone(), f.caption.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(figs(a), figs(&b), "figures\n{md}");
    assert_eq!(a.front.authors, b.front.authors);
    assert_eq!(
        (&a.front.doi, a.front.year, &a.front.journal),
        (&b.front.doi, b.front.year, &b.front.journal)
    );
    b
}

fn citations(a: &Article) -> Vec<(String, Vec<u32>)> {
    a.citations
        .iter()
        .map(|c| (c.text(a).to_string(), c.numbers().collect::<Vec<u32>>()))
        .collect()
}

fn all_text(a: &Article) -> String {
    a.blocks
        .iter()
        .map(|b| b.text.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn front_matter() {
    let meta = r#"<article-id pub-id-type="pmid">12345</article-id><article-id pub-id-type="pmc">PMC999</article-id><article-id pub-id-type="doi">10.1000/test.1</article-id>
<contrib-group><contrib contrib-type="author"><name><surname>Smith</surname><given-names>Jane A.</given-names></name></contrib>
<contrib contrib-type="author"><name><surname>Jones</surname><given-names>Bob</given-names></name></contrib>
<contrib contrib-type="author"><collab>The Test Consortium</collab></contrib>
<contrib contrib-type="editor"><name><surname>Editor</surname><given-names>Ed</given-names></name></contrib></contrib-group>
<pub-date pub-type="ppub"><year>2019</year></pub-date><pub-date pub-type="epub"><day>1</day><month>2</month><year>2020</year></pub-date>
<volume>12</volume><elocation-id>e1001604</elocation-id>
<permissions><license><license-p>This is an open access article under CC BY 4.0.</license-p></license></permissions>
<kwd-group><kwd>exosomes</kwd><kwd>cancer</kwd></kwd-group>"#;
    let a = parse(&doc(meta, "<p>Text.</p>", ""));
    let f = &a.front;
    assert_eq!(f.title.as_deref(), Some("A test article"));
    assert_eq!(
        f.authors,
        ["Jane A. Smith", "Bob Jones", "The Test Consortium"]
    );
    assert_eq!(f.journal.as_deref(), Some("Journal of Tests"));
    assert_eq!(f.year, Some(2020), "the electronic publication date wins");
    assert_eq!(f.volume.as_deref(), Some("12"));
    assert_eq!(f.pages.as_deref(), Some("e1001604"));
    assert_eq!(f.doi.as_deref(), Some("10.1000/test.1"));
    assert_eq!(f.pmid.as_deref(), Some("12345"));
    assert_eq!(f.pmcid.as_deref(), Some("PMC999"));
    assert_eq!(f.kind.as_deref(), Some("Research article"));
    assert_eq!(
        f.license.as_deref(),
        Some("This is an open access article under CC BY 4.0.")
    );
    assert_eq!(f.keywords, ["exosomes", "cancer"]);
    let b = roundtrip(&a);
    assert_eq!(*b.front, (*a.front).clone().with_source_of(&b));
}

/// Front matter equality apart from the `source` line the import writes.
trait WithSource {
    fn with_source_of(self, other: &Article) -> Self;
}
impl WithSource for scholion::model::FrontMatter {
    fn with_source_of(mut self, other: &Article) -> Self {
        self.source = other.front.source.clone();
        self
    }
}

#[test]
fn pages_from_first_and_last() {
    let a = parse(&doc(
        "<volume>3</volume><fpage>100</fpage><lpage>110</lpage>",
        "<p>x</p>",
        "",
    ));
    assert_eq!(a.front.pages.as_deref(), Some("100–110"));
    assert_eq!(roundtrip(&a).front.pages.as_deref(), Some("100–110"));
}

#[test]
fn abstracts_and_digest() {
    let meta = r#"<abstract><p>The abstract.</p></abstract>
<abstract abstract-type="executive-summary"><title>eLife digest</title><p>A plain summary.</p></abstract>
<abstract><sec><title>Background</title><p>Why.</p></sec><sec><title>Results</title><p>What.</p></sec></abstract>"#;
    let a = parse(&doc(
        meta,
        "<p>Body text before any section.</p><sec><title>Methods</title><p>How.</p></sec>",
        "",
    ));
    let titles: Vec<(&str, u8)> = a
        .sections
        .iter()
        .map(|s| (s.title.as_str(), s.level))
        .collect();
    assert_eq!(
        titles,
        [
            ("Abstract", 2),
            ("eLife digest", 2),
            ("Abstract", 2),
            ("Background", 3),
            ("Results", 3),
            ("Main text", 2),
            ("Methods", 2)
        ]
    );
    roundtrip(&a);
}

#[test]
fn nested_sections_lists_quotes_boxes_formulas_links() {
    let body = r#"<sec><label>1.</label><title>Outer</title><p>Outer text with <italic>italic</italic>, <bold>bold</bold>, H<sub>2</sub>O, x<sup>2</sup>, <inline-formula><tex-math>\alpha + 1</tex-math></inline-formula> and a <ext-link ext-link-type="uri" xlink:href="https://example.org/a">link</ext-link>.</p>
<sec><title>Inner</title><p>Inner text.</p>
<sec><title>Innermost</title><p>Deep.</p></sec></sec>
<list list-type="order"><list-item><p>First</p></list-item><list-item><p>Second</p><list list-type="bullet"><list-item><p>Nested</p></list-item></list></list-item></list>
<disp-quote><p>A quotation.</p></disp-quote>
<boxed-text><caption><title>Box 1. Key terms</title></caption><p>Inside the box.</p></boxed-text>
<disp-formula><tex-math>E = mc^2</tex-math></disp-formula>
</sec>"#;
    let a = parse(&doc("", body, ""));
    let titles: Vec<(&str, u8)> = a
        .sections
        .iter()
        .map(|s| (s.title.as_str(), s.level))
        .collect();
    assert_eq!(titles, [("1. Outer", 2), ("Inner", 3), ("Innermost", 4)]);
    let outer = a
        .blocks
        .iter()
        .find(|b| b.text.starts_with("Outer text"))
        .unwrap();
    assert_eq!(
        outer.text,
        "Outer text with italic, bold, H2O, x2, \\alpha + 1 and a link."
    );
    assert!(outer
        .styles
        .iter()
        .any(|r| r.style.emphasis && &outer.text[r.range.clone()] == "italic"));
    assert!(outer
        .styles
        .iter()
        .any(|r| r.style.strong && &outer.text[r.range.clone()] == "bold"));
    assert!(outer
        .styles
        .iter()
        .any(|r| r.style.code && outer.text[r.range.clone()].contains("alpha")));
    assert_eq!(outer.links[0].url, "https://example.org/a");
    assert_eq!(&outer.text[outer.links[0].range.clone()], "link");
    let items: Vec<(String, &str, u8)> = a
        .blocks
        .iter()
        .filter_map(|b| match &b.kind {
            BlockKind::ListItem { marker } => Some((
                scholion::layout::marker_text(marker, b.list_depth, false).into_owned(),
                b.text.as_str(),
                b.list_depth,
            )),
            _ => None,
        })
        .collect();
    assert_eq!(
        items,
        [
            ("1.".into(), "First", 1),
            ("2.".into(), "Second", 1),
            ("◦".into(), "Nested", 2)
        ]
    );
    let quote = a.blocks.iter().find(|b| b.text == "A quotation.").unwrap();
    assert_eq!(quote.quote_depth, 1);
    let box_title = a
        .blocks
        .iter()
        .find(|b| b.text == "Box 1. Key terms")
        .unwrap();
    assert_eq!(box_title.quote_depth, 1);
    assert!(box_title.styles[0].style.strong);
    assert_eq!(
        a.blocks
            .iter()
            .find(|b| b.text == "Inside the box.")
            .unwrap()
            .quote_depth,
        1
    );
    assert!(a
        .blocks
        .iter()
        .any(|b| matches!(b.kind, BlockKind::Code { .. }) && b.text == "E = mc^2"));
    let b = roundtrip(&a);
    let outer_b = b
        .blocks
        .iter()
        .find(|x| x.text.starts_with("Outer text"))
        .unwrap();
    assert_eq!(outer_b.text, outer.text);
    assert_eq!(outer_b.links, outer.links);
}

#[test]
fn brackets_outside_the_links() {
    let body = r#"<p>Shown before [<xref ref-type="bibr" rid="r1">1</xref>]–[<xref ref-type="bibr" rid="r4">4</xref>] and [<xref ref-type="bibr" rid="r2">2</xref>, <xref ref-type="bibr" rid="r3">3</xref>].</p>"#;
    let a = parse(&doc("", body, REFS));
    assert_eq!(
        citations(&a),
        [
            ("[1]–[4]".to_string(), vec![1, 2, 3, 4]),
            ("[2, 3]".to_string(), vec![2, 3])
        ]
    );
    roundtrip(&a);
}

#[test]
fn one_link_per_number_with_a_dash() {
    let body = r#"<p>As shown <xref ref-type="bibr" rid="r4">[4]</xref>–<xref ref-type="bibr" rid="r7">[7]</xref>, and <xref ref-type="bibr" rid="r1">[1]</xref>,<xref ref-type="bibr" rid="r3">[3]</xref>.</p>"#;
    let a = parse(&doc("", body, REFS));
    assert_eq!(
        citations(&a),
        [
            ("[4]–[7]".to_string(), vec![4, 5, 6, 7]),
            ("[1],[3]".to_string(), vec![1, 3])
        ]
    );
    roundtrip(&a);
}

#[test]
fn every_dash_a_bracket_accepts_joins_cross_references_too() {
    // A minus sign and a non-breaking hyphen make a range in `[4−7]`; between two
    // cross-references they once did not (the JATS reader had a dash set of its own).
    for dash in ["&#x2212;", "&#x2011;", "&#x2012;"] {
        let body = format!(
            r#"<p>As shown <xref ref-type="bibr" rid="r4">4</xref>{dash}<xref ref-type="bibr" rid="r7">7</xref>.</p>"#
        );
        let a = parse(&doc("", &body, REFS));
        let got = citations(&a);
        assert_eq!(got.len(), 1, "{dash}: {got:?}");
        assert_eq!(got[0].1, [4, 5, 6, 7], "{dash}");
    }
}

#[test]
fn brackets_as_character_references() {
    let body = r#"<p>Encoded &#x0005b;<xref ref-type="bibr" rid="r2">2</xref>&#x02013;<xref ref-type="bibr" rid="r5">5</xref>&#x0005d; and &#91;<xref ref-type="bibr" rid="r7">7</xref>&#93;.</p>"#;
    let a = parse(&doc("", body, REFS));
    assert_eq!(
        citations(&a),
        [
            ("[2–5]".to_string(), vec![2, 3, 4, 5]),
            ("[7]".to_string(), vec![7])
        ]
    );
    roundtrip(&a);
}

#[test]
fn author_year_citations() {
    let body = r#"<p>As found before (<xref ref-type="bibr" rid="r5">Smith et al., 2014</xref>; <xref ref-type="bibr" rid="r6">Brown, 2015</xref>).</p>"#;
    let a = parse(&doc("", body, REFS));
    assert_eq!(
        citations(&a),
        [
            ("Smith et al., 2014".to_string(), vec![5]),
            ("Brown, 2015".to_string(), vec![6])
        ]
    );
    let lib = Library::new(vec![a.clone()]);
    assert_eq!(lib.resolution(0, 0).resolved, [(N(5), 4)]);
    roundtrip(&a);
}

#[test]
fn a_rid_with_several_ids() {
    let body = r#"<p>Two at once <xref ref-type="bibr" rid="r1 r4">1,4</xref>.</p>"#;
    let a = parse(&doc("", body, REFS));
    assert_eq!(citations(&a), [("1,4".to_string(), vec![1, 4])]);
    roundtrip(&a);
}

#[test]
fn resolution_goes_through_ids_not_printed_numbers() {
    // The printed number says 9, but the id points at the reference labelled 2.
    let body = r#"<p>Misprinted [<xref ref-type="bibr" rid="r2">9</xref>].</p>"#;
    let a = parse(&doc("", body, REFS));
    assert_eq!(citations(&a), [("[9]".to_string(), vec![2])]);
    roundtrip(&a);
}

#[test]
fn a_rid_that_points_nowhere() {
    let body = r#"<p>Dangling [<xref ref-type="bibr" rid="nope">8</xref>] and fine [<xref ref-type="bibr" rid="r1">1</xref>].</p>"#;
    let a = parse(&doc("", body, REFS));
    assert_eq!(
        citations(&a),
        [("[8]".to_string(), vec![]), ("[1]".to_string(), vec![1])]
    );
    assert!(a
        .diagnostics
        .iter()
        .any(|d| d.message.contains("`nope`") && d.severity == Severity::Note && d.line.is_some()));
    roundtrip(&a);
}

#[test]
fn references_of_every_kind() {
    let a = parse(&doc("", "<p>x</p>", REFS));
    let numbers: Vec<u32> = a.references.iter().map(|r| r.number).collect();
    assert_eq!(numbers, [1, 2, 3, 4, 5, 6, 7]);
    let r1 = a.reference(1).unwrap();
    assert_eq!(r1.surnames, ["Luga"]);
    assert!(r1.et_al);
    assert_eq!(
        r1.title.as_deref(),
        Some("Exosomes mediate stromal mobilization of autocrine Wnt-PCP signaling")
    );
    assert_eq!(r1.journal.as_deref(), Some("Cell"));
    assert_eq!(
        (r1.volume.as_deref(), r1.pages.as_deref(), r1.year),
        (Some("151"), Some("1542–1556"), Some(2012))
    );
    assert_eq!(r1.doi.as_deref(), Some("10.1016/j.cell.2012.11.024"));
    assert_eq!(r1.pmid.as_deref(), Some("23260141"));
    assert!(r1.text.starts_with("Luga, V. et al. Exosomes mediate"));
    let r2 = a.reference(2).unwrap();
    assert_eq!(r2.text, "Peinado H, Lyden D. Melanoma exosomes educate bone marrow progenitor cells. Nat Med. 2012;18:883–891.");
    assert_eq!(r2.surnames, ["Peinado", "Lyden"]);
    assert_eq!(r2.pages.as_deref(), Some("883–891"));
    let r3 = a.reference(3).unwrap();
    assert_eq!(
        r3.text,
        "A reference that is only free text, with no tags at all."
    );
    let r4 = a.reference(4).unwrap();
    assert_eq!(r4.authors, ["Xu, R.", "Rai, A."]);
    assert_eq!(
        r4.text,
        "Xu, R. & Rai, A. Extracellular vesicles in cancer. Nat Rev Clin Oncol 15, 617–638 (2018)."
    );
    assert_eq!(a.reference(6).unwrap().pages.as_deref(), Some("e100"));
    roundtrip(&a);
}

#[test]
fn references_numbered_by_order_when_labels_are_not_numbers() {
    let back = r#"<ref-list><ref id="a"><element-citation><person-group><name><surname>One</surname><given-names>A</given-names></name></person-group><source>J</source><year>2001</year></element-citation></ref><ref id="b"><label>b</label><element-citation><person-group><name><surname>Two</surname><given-names>B</given-names></name></person-group><source>J</source><year>2002</year></element-citation></ref></ref-list>"#;
    let a = parse(&doc(
        "",
        r#"<p>See <xref ref-type="bibr" rid="b">Two 2002</xref>.</p>"#,
        back,
    ));
    assert_eq!(
        a.references.iter().map(|r| r.number).collect::<Vec<_>>(),
        [1, 2]
    );
    assert_eq!(citations(&a), [("Two 2002".to_string(), vec![2])]);
    roundtrip(&a);
}

#[test]
fn figures_and_tables() {
    let body = r#"<sec><title>Results</title><p>See the figure.</p>
<fig id="f1"><label>Figure 1.</label><caption><title>Exosome uptake.</title><p>Cells take up vesicles.</p></caption><graphic xlink:href="f1.jpg"/></fig>
<table-wrap id="t1"><label>Table 1</label><caption><p>Counts.</p></caption><table><thead><tr><th>Group</th><th>n</th></tr></thead><tbody><tr><td>A</td><td>10</td></tr><tr><td>B</td><td>12</td></tr></tbody></table></table-wrap>
</sec>"#;
    let a = parse(&doc("", body, ""));
    assert_eq!(a.figures.len(), 1);
    assert_eq!(a.figures[0].label, "Figure 1");
    assert_eq!(
        a.figures[0].caption,
        "Exosome uptake. Cells take up vesicles."
    );
    let text = all_text(&a);
    assert!(text.contains("Table 1: Counts."));
    let rows: Vec<&str> = a
        .blocks
        .iter()
        .filter(|b| matches!(b.kind, BlockKind::TableRow { .. }))
        .map(|b| b.text.as_str())
        .collect();
    assert_eq!(rows, ["Group │ n", "A │ 10", "B │ 12"]);
    assert!(!text.contains("f1.jpg"));
    roundtrip(&a);
}

#[test]
fn a_large_table_is_announced_and_its_rows_stay_reachable() {
    // Its size is said first; its rows follow, searchable, their citations kept (they were
    // dropped with the table once).
    let rows: String = (0..40)
        .map(|i| {
            format!(
                "<tr><td>row{i}</td><td>x <xref ref-type=\"bibr\" rid=\"r{}\">{}</xref></td></tr>",
                i % 7 + 1,
                i % 7 + 1
            )
        })
        .collect();
    let body = format!(
        r#"<p>See <xref ref-type="bibr" rid="r1">[1]</xref>.</p><table-wrap><label>Table 2</label><caption><p>Big.</p></caption><table><tbody>{rows}</tbody></table></table-wrap>"#
    );
    let a = parse(&doc("", &body, REFS));
    assert!(all_text(&a).contains("A table of 40 rows and 2 columns"));
    let rows: Vec<&str> = a
        .blocks
        .iter()
        .filter(|b| matches!(b.kind, BlockKind::TableRow { .. }))
        .map(|b| b.text.as_str())
        .collect();
    assert_eq!(rows.len(), 40);
    assert!(rows[39].starts_with("row39"));
    assert_eq!(a.citations.len(), 41, "the paragraph's and one per row");
    assert!(scholion::app::find_matches(&a, "row39").len() == 1);
}

#[test]
fn glossary_and_def_lists_and_abbreviations_from_the_text() {
    let body = r#"<p>Cells release extracellular vesicles (EVs) into the tumour microenvironment (TME).</p>
<def-list><title>Abbreviations</title><def-item><term>MRM</term><def><p>Multiple reaction monitoring.</p></def></def-item></def-list>"#;
    let back = r#"<glossary><title>Glossary</title><def-list>
<def-item><term>Extracellular vesicle</term><def><p>A particle released by cells.</p></def></def-item>
<def-item><term>Tumour microenvironment</term><def><p>What surrounds a tumour.</p><p>Including stroma.</p></def></def-item>
</def-list></glossary>"#;
    let a = parse(&doc("", body, back));
    let g: Vec<(&str, Vec<String>, &str)> = a
        .glossary
        .iter()
        .map(|e| (e.term.as_str(), e.aliases.clone(), e.definition.as_str()))
        .collect();
    assert_eq!(
        g,
        [
            ("MRM", vec![], "Multiple reaction monitoring."),
            (
                "Extracellular vesicle",
                vec!["EVs".to_string(), "EV".to_string()],
                "A particle released by cells."
            ),
            (
                "Tumour microenvironment",
                vec!["TME".to_string(), "TMEs".to_string()],
                "What surrounds a tumour. Including stroma."
            ),
        ]
    );
    // The library finds the terms, and the learned abbreviations.
    let lib = Library::new(vec![a.clone()]);
    let m = matched(&lib, 0);
    assert!(
        m.contains(&"EVs".to_string()) && m.contains(&"TME".to_string()),
        "{m:?}"
    );
    roundtrip(&a);
}

#[test]
fn entities_are_decoded_then_sanitised() {
    let body = r#"<p>An en dash &#x2013;, a named &nbsp;space, a lambda &#x003bb;, an escape &#27;[2J and &#x9b;31m, and a bidi &#x202E;override.</p>"#;
    let a = parse(&doc("", body, ""));
    let text = all_text(&a);
    assert!(text.contains("en dash –"));
    assert!(text.contains("lambda λ"));
    assert!(text.contains('\u{a0}'));
    for bad in ['\u{1b}', '\u{9b}', '\u{202e}'] {
        assert!(!text.contains(bad), "{bad:?} reached the model");
    }
    assert!(text.contains("escape \u{241b} and \u{241b}, and"), "{text}");
    roundtrip(&a);
}

#[test]
fn no_body_is_a_note_not_a_failure() {
    let xml =
        doc("<abstract><p>Only an abstract.</p></abstract>", "", "").replace("<body></body>", "");
    let a = parse(&xml);
    assert!(all_text(&a).contains("Only an abstract."));
    assert!(a
        .diagnostics
        .iter()
        .any(|d| d.message.contains("no <body>") && d.severity == Severity::Note));
    assert_eq!(a.problems().count(), 0);
    roundtrip(&a);
}

#[test]
fn broken_xml_keeps_what_came_before_with_the_line() {
    let xml = doc("", "<sec><title>One</title><p>Readable text.</p></sec>\n<sec><title>Two</title><p>Broken <italic>text</bold></p></sec>", "");
    let a = parse(&xml);
    assert!(all_text(&a).contains("Readable text."));
    let p: Vec<_> = a.problems().collect();
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].line, Some(7), "{:?}", p[0]);
    assert!(p[0].message.starts_with("XML error"));
    roundtrip(&a);
}

#[test]
fn truncated_file() {
    let xml = doc(
        "",
        "<sec><title>One</title><p>Complete paragraph.</p><p>Cut in the mid",
        "",
    );
    let cut = &xml[..xml.find("Cut in the mid").unwrap() + 14];
    let a = parse(cut);
    let text = all_text(&a);
    assert!(text.contains("Complete paragraph."));
    assert!(text.contains("Cut in the mid"));
    assert_eq!(a.problems().count(), 1);
    assert!(a.problems().next().unwrap().message.contains("truncated"));
    roundtrip(&a);
}

#[test]
fn not_jats() {
    let html = "<!DOCTYPE html>\n<html><head><title>A journal page</title></head><body><p>Hi</p></body></html>";
    assert_eq!(
        parse_jats("page.xml", html).unwrap_err(),
        JatsError::NotJats("html".into())
    );
    let other = "<?xml version=\"1.0\"?><catalog><book id=\"1\"/></catalog>";
    assert_eq!(
        parse_jats("c.xml", other).unwrap_err(),
        JatsError::NotJats("catalog".into())
    );
    assert!(matches!(
        parse_jats("e.xml", "<?xml version=\"1.0\"?>").unwrap_err(),
        JatsError::Empty
    ));
    assert!(matches!(
        parse_jats("b.xml", "<article <<<").unwrap_err(),
        JatsError::Xml { line: 1, .. }
    ));
}

#[test]
fn pmc_articleset_wrapper_and_sub_articles() {
    let inner = doc("", "<p>Main.</p>", "");
    let inner = inner.split_once("?>").unwrap().1;
    let inner = inner.split_once("dtd\">").unwrap().1;
    let inner = inner.replace(
        "</back>",
        "</back><sub-article><body><p>Decision letter.</p></body></sub-article>",
    );
    let xml = format!("<pmc-articleset>{inner}</pmc-articleset>");
    let a = parse(&xml);
    let text = all_text(&a);
    assert!(text.contains("Main."));
    assert!(!text.contains("Decision letter."));
    roundtrip(&a);
}

#[test]
fn an_xref_with_white_space_inside_is_kept_without_it() {
    let body = "<p>First claim <xref ref-type=\"bibr\" rid=\"r1\">1 </xref></p>\n<p>Second claim<xref ref-type=\"bibr\" rid=\"r2\">\n<sup>2</sup>\n</xref> and more text.</p>";
    let a = parse(&doc("", body, REFS));
    assert_eq!(
        citations(&a),
        [("1".to_string(), vec![1]), ("2".to_string(), vec![2])],
        "the citation at the end of a paragraph is not lost"
    );
    let second = &a.blocks[a.citations[1].block].text;
    assert!(second.contains("2 and more text"), "{second:?}");
}

#[test]
fn plain_brackets_are_not_citations_where_the_publisher_tagged_them() {
    let body = r#"<p>A component t[1], F[1,12], permutations [4, 2, 3] and a grant [311870]; cited <xref ref-type="bibr" rid="r1">[1]</xref>.</p>"#;
    let a = parse(&doc("", body, REFS));
    assert_eq!(citations(&a), [("[1]".to_string(), vec![1])]);
    // With no xref at all, brackets are read as citations, as before.
    let a = parse(&doc("", "<p>Shown before [2].</p>", REFS));
    assert_eq!(citations(&a), [("[2]".to_string(), vec![2])]);
}

#[test]
fn web_references_keep_their_address_and_a_tagged_doi() {
    let refs = r#"<ref-list><ref id="r1"><label>1</label><element-citation><person-group><name><surname>Doe</surname><given-names>A</given-names></name></person-group><article-title>Web thing</article-title><source>Site</source><year>2020</year><comment>Available from: <ext-link ext-link-type="uri" xlink:href="https://example.org/x">https://example.org/x</ext-link>. Accessed 1 May 2020.</comment></element-citation></ref>
<ref id="r2"><label>2</label><element-citation><person-group><name><surname>Roe</surname><given-names>B</given-names></name></person-group><article-title>Bare link</article-title><source>Web</source><year>2021</year><ext-link ext-link-type="uri" xlink:href="https://example.org/y">link</ext-link></element-citation></ref>
<ref id="r3"><label>3</label><mixed-citation>Lee K. Other. <source>J</source>. 2002. <ext-link ext-link-type="DOI" xlink:href="10.1000/abc">10.1000/abc</ext-link></mixed-citation></ref></ref-list>"#;
    let a = parse(&doc("", "<p>Text.</p>", refs));
    assert_eq!(
        a.references[0].text,
        "Doe, A. Web thing. Site (2020). Available from: https://example.org/x. Accessed 1 May 2020."
    );
    assert!(
        a.references[1].text.ends_with("https://example.org/y"),
        "{}",
        a.references[1].text
    );
    assert_eq!(a.references[2].doi.as_deref(), Some("10.1000/abc"));
}

#[test]
fn a_table_foot_is_shown_and_its_key_is_not_the_glossary() {
    let body = r#"<p>In the table, I rises.</p><table-wrap id="t1"><label>Table 1</label><caption><p>Levels.</p></caption><table><thead><tr><th>I</th><th>S</th></tr></thead><tbody><tr><td>1</td><td>2</td></tr></tbody></table><table-wrap-foot><fn><p>Data from the 2019 survey.</p></fn><def-list><def-item><term>I</term><def><p>insulin</p></def></def-item><def-item><term>S</term><def><p>sugar</p></def></def-item></def-list></table-wrap-foot></table-wrap>"#;
    let a = parse(&doc("", body, REFS));
    assert!(a.glossary.is_empty(), "{:?}", a.glossary);
    let foot = a
        .blocks
        .iter()
        .find(|b| b.text.contains("2019 survey"))
        .expect("the foot note is shown");
    assert!(foot.text.contains("insulin"), "{}", foot.text);
    let lib = Library::new(vec![a]);
    assert!(
        lib.occurrences(0).is_empty(),
        "no one-letter term is marked"
    );
}

#[test]
fn cross_references_in_captions_cells_and_table_feet_are_citations() {
    let body = r#"<p>Text <xref ref-type="bibr" rid="r1">[1]</xref>.</p><fig id="f1"><label>Fig. 1</label><caption><p>Redrawn from Smith<xref ref-type="bibr" rid="r5">5</xref>.</p></caption></fig><table-wrap id="t1"><label>Table 1</label><caption><p>After <xref ref-type="bibr" rid="r2">Peinado and Lyden (2012)</xref>.</p></caption><table><tbody><tr><td>Luga <xref ref-type="bibr" rid="r1">(1)</xref></td><td>x</td></tr></tbody></table><table-wrap-foot><p>Values from <xref ref-type="bibr" rid="r4">[4]</xref>.</p></table-wrap-foot></table-wrap>"#;
    let a = parse(&doc("", body, REFS));
    let mut got = citations(&a);
    got.sort();
    assert_eq!(
        got,
        [
            ("(1)".to_string(), vec![1]),
            ("5".to_string(), vec![5]),
            ("Peinado and Lyden (2012)".to_string(), vec![2]),
            ("[1]".to_string(), vec![1]),
            ("[4]".to_string(), vec![4]),
        ]
    );
    assert!(
        a.diagnostics
            .iter()
            .all(|d| !d.message.contains("cross-references")),
        "{:?}",
        a.diagnostics
    );
}

/// Every `xref ref-type="bibr"` of every JATS file here and in ../shared/corpus (when it is
/// here) becomes part of a citation: none lost (the reader notes any it could not place), and
/// none invented (no more citations than cross-references).
#[test]
fn no_cross_reference_is_lost_or_invented() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![root.join("tests/integration/fixtures/constructs.xml")];
    let mut corpus = 0;
    for dir in ["../shared/corpus/jats", "../shared/corpus/pdf"] {
        if let Ok(entries) = std::fs::read_dir(root.join(dir)) {
            for e in entries.flatten() {
                let p = e.path();
                let name = p.to_string_lossy().to_string();
                if name.ends_with(".xml")
                    && std::fs::read_to_string(&p).is_ok_and(|t| t.contains("<article"))
                {
                    files.push(p);
                    corpus += 1;
                }
            }
        }
    }
    if corpus == 0 {
        eprintln!("corpus skipped: ../shared/corpus is not here");
    }
    for f in &files {
        let xml = std::fs::read_to_string(f).unwrap();
        // Referee reports (sub-articles) are not shown, nor counted.
        let main = xml.split("<sub-article").next().unwrap_or(&xml);
        let xrefs = main.matches("ref-type=\"bibr\"").count();
        let a = parse_jats(&f.to_string_lossy(), &xml).unwrap();
        let lost: Vec<_> = a
            .diagnostics
            .iter()
            .filter(|d| d.message.contains("not shown as citations"))
            .collect();
        assert!(lost.is_empty(), "{}: {lost:?}", f.display());
        // A file with no cross-references has its citations from its text (author and year).
        assert!(
            xrefs == 0 || a.citations.len() <= xrefs,
            "{}: {} citations from {xrefs} cross-references",
            f.display(),
            a.citations.len()
        );
    }
}

#[test]
fn supplementary_files_videos_and_front_notes_are_kept() {
    let meta = r#"<notes notes-type="competing-interests"><title>Competing interests</title><p>The authors declare none.</p></notes>"#;
    let body = r#"<p>Text.</p><supplementary-material id="s1"><label>S1 Table</label><caption><p>Raw measurements.</p></caption></supplementary-material><media id="v1"><label>S1 Video</label><caption><p>Cells dividing.</p></caption></media>"#;
    let a = parse(&doc(meta, body, REFS));
    let figs = crate::common::figures(&a);
    assert_eq!(
        figs,
        [
            ("S1 Table", "Raw measurements."),
            ("S1 Video", "Cells dividing.")
        ]
    );
    assert!(
        a.blocks
            .iter()
            .any(|b| b.text == "The authors declare none."),
        "the front notes' paragraph is shown"
    );
    assert!(a.sections.iter().any(|s| s.title == "Competing interests"));
}

#[test]
fn a_box_label_without_a_caption_and_a_chapter_s_editors_are_kept() {
    let body = r#"<boxed-text><label>Box 1</label><p>Boxed text without a caption.</p></boxed-text><p>After.</p>"#;
    let refs = r#"<ref-list><ref id="r1"><label>1</label><element-citation><person-group person-group-type="author"><name><surname>Doe</surname><given-names>A</given-names></name></person-group><person-group person-group-type="editor"><name><surname>Ed</surname><given-names>B</given-names></name></person-group><article-title>Chapter</article-title><source>Book</source><year>2020</year></element-citation></ref></ref-list>"#;
    let a = parse(&doc("", body, refs));
    let label = a
        .blocks
        .iter()
        .find(|b| b.text == "Box 1")
        .expect("the label");
    assert_eq!(label.quote_depth, 1, "inside the box");
    assert_eq!(
        a.references[0].text,
        "Doe, A. Chapter. In Ed, B. (ed.) Book (2020)."
    );
    assert_eq!(
        a.references[0].first_author(),
        Some("Doe"),
        "an editor is not an author"
    );
}
