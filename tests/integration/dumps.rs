//! A compact dump per parser fixture, pinned by an insta snapshot: a change in what the
//! Markdown or JATS reader makes of a file shows as a diff of lines, not as one failing field.
//! Long texts are cut, with their length and a stable hash, so a change in them still shows.

use scholion::model::{Article, BlockKind};
use std::fmt::Write;
use std::path::Path;

/// `text` as a dump shows it: quoted, cut past 100 characters with its length and hash.
fn shown(text: &str) -> String {
    let chars = text.chars().count();
    if chars <= 100 {
        return format!("{text:?}");
    }
    let head: String = text.chars().take(100).collect();
    format!(
        "{head:?}… ({} bytes, fnv {:016x})",
        text.len(),
        scholion::text::stable_hash(text)
    )
}

/// What the reader made of an article, one fact a line.
pub fn dump(a: &Article) -> String {
    let mut out = String::new();
    let f = &a.front;
    let _ = writeln!(out, "article {:?}", a.path);
    let _ = writeln!(out, "id {}", scholion::model::ArticleId::of(a));
    let _ = writeln!(out, "title {:?} supplied={}", f.title, f.title_supplied);
    let _ = writeln!(out, "authors {:?}", f.authors);
    let _ = writeln!(
        out,
        "meta type={:?} journal={:?} year={:?} volume={:?} pages={:?}",
        f.kind, f.journal, f.year, f.volume, f.pages
    );
    let _ = writeln!(
        out,
        "ids doi={:?} pmid={:?} pmcid={:?}",
        f.doi, f.pmid, f.pmcid
    );
    let _ = writeln!(out, "keywords {:?} license={:?}", f.keywords, f.license);
    for s in &a.sections {
        let _ = writeln!(
            out,
            "section {:?} level={} {:?} blocks={:?}",
            s.title, s.level, s.role, s.blocks
        );
    }
    for (i, b) in a.blocks.iter().enumerate() {
        let kind = match &b.kind {
            BlockKind::Heading { level } => format!("heading{level}"),
            BlockKind::ListItem { marker } => format!("item {marker:?}"),
            BlockKind::TableRow { header, cells } => {
                format!("row header={header} cells={cells:?}")
            }
            BlockKind::Code { language } => format!("code {language:?}"),
            other => format!("{other:?}").to_lowercase(),
        };
        let _ = writeln!(
            out,
            "block {i} {kind} q{} l{} s{} {}",
            b.quote_depth,
            b.list_depth,
            b.section,
            shown(&b.text)
        );
        for r in &b.styles {
            let st = r.style;
            let flags: Vec<&str> = [
                (st.emphasis, "emphasis"),
                (st.strong, "strong"),
                (st.code, "code"),
                (st.strikethrough, "struck"),
                (st.link, "link"),
            ]
            .into_iter()
            .filter_map(|(on, name)| on.then_some(name))
            .collect();
            let _ = writeln!(out, "  style {:?} {}", r.range, flags.join("+"));
        }
        for l in &b.links {
            let _ = writeln!(out, "  link {:?} {}", l.range, shown(&l.url));
        }
    }
    for c in &a.citations {
        let targets: Vec<String> = c
            .targets
            .iter()
            .map(|&t| a.target_text(t).into_owned())
            .collect();
        let _ = writeln!(
            out,
            "citation block={} {:?} {:?} -> {}",
            c.block,
            c.range,
            c.text(a),
            targets.join(",")
        );
    }
    for r in &a.references {
        let _ = writeln!(
            out,
            "reference {} key={:?} block={} first={:?} et_al={} year={:?} doi={:?}",
            r.number,
            r.key,
            r.block,
            r.first_author(),
            r.et_al,
            r.year,
            r.doi
        );
        let _ = writeln!(
            out,
            "  title={:?} journal={:?} volume={:?} pages={:?}",
            r.title, r.journal, r.volume, r.pages
        );
    }
    for g in &a.glossary {
        let _ = writeln!(
            out,
            "glossary {:?} aliases={:?} block={} {}",
            g.term,
            g.aliases,
            g.block,
            shown(&g.definition)
        );
    }
    for fig in &a.figures {
        let _ = writeln!(
            out,
            "figure {:?} block={} {}",
            fig.label,
            fig.block,
            shown(&fig.caption)
        );
    }
    for d in &a.diagnostics {
        let _ = writeln!(
            out,
            "diagnostic {:?} line={:?} {}",
            d.severity, d.line, d.message
        );
    }
    out
}

/// The article read from `path` by the reader its format names, as scholion reads files.
fn read(path: &Path) -> Article {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let name = path.file_name().unwrap().to_string_lossy();
    scholion::formats::read(&name, &bytes).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn fixture(name: &str) -> Article {
    read(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/integration/fixtures")
            .join(name),
    )
}

#[test]
fn markdown_constructs() {
    insta::assert_snapshot!(dump(&fixture("constructs.md")));
}

#[test]
fn jats_constructs() {
    insta::assert_snapshot!(dump(&fixture("constructs.xml")));
}

#[test]
fn bundled_viewpoint() {
    let a = scholion::load::bundled().remove(0);
    assert!(a.path.ends_with("viewpoint.md"));
    insta::assert_snapshot!(dump(&a));
}

#[test]
fn bundled_review() {
    let a = scholion::load::bundled().remove(1);
    assert!(a.path.ends_with("review.md"));
    insta::assert_snapshot!(dump(&a));
}
