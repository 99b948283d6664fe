//! Inputs built to exhaust a reader: cmark's pathological cases at cmark's sizes, deep nesting,
//! huge lines, huge lists, citations that name millions of numbers, text that defeats the
//! abbreviation rule, JATS built to be slow. Shared by the tests (no panic, no stack overflow)
//! and the release benchmark (time to the first screen).
#![allow(dead_code)]

use std::fmt::Write;

/// The file name a case is read as: its extension picks the reader.
pub fn file_name(doc: &str) -> &'static str {
    if doc.starts_with("<article") {
        "p.xml"
    } else {
        "p.md"
    }
}

/// Read a case as scholion reads a file of its kind (Markdown through the parser itself, so
/// that a NUL byte reaches it rather than being refused as binary).
pub fn read(doc: &str) -> scholion::model::Article {
    match file_name(doc) {
        "p.md" => scholion::formats::markdown::parse_markdown("p.md", doc),
        name => scholion::load::parse_bytes(name, doc.as_bytes()).unwrap_or_else(|e| panic!("{e}")),
    }
}

/// (name, document): Markdown, or JATS XML when it starts with `<article`. `scale` divides the
/// sizes of the cases whose cost is their size, not their shape (the 100 MB article); nesting
/// cases are always full size.
pub fn corpus(scale: usize) -> Vec<(String, String)> {
    let scale = scale.max(1);
    let mut v: Vec<(String, String)> = Vec::new();
    let mut add = |name: &str, doc: String| v.push((name.to_string(), doc));
    // cmark test/pathological_tests.py
    add(
        "nested strong emphasis x32500",
        format!("{}b{}", "*a **a ".repeat(32_500), " a** a*".repeat(32_500)),
    );
    add("many emph closers with no openers", "a_ ".repeat(65_000));
    add("many emph openers with no closers", "_a ".repeat(65_000));
    add("many 3-emph openers with no closers", "a***".repeat(65_000));
    add("many link closers with no openers", "a]".repeat(65_000));
    add("many link openers with no closers", "[a".repeat(65_000));
    add("mismatched openers and closers", "*a_ ".repeat(50_000));
    add(
        "openers and closers multiple of 3",
        format!("a**b{}", "c* ".repeat(50_000)),
    );
    add("link openers and emph closers", "[ a_".repeat(50_000));
    add("pattern [ (]( repeated", "[ (](".repeat(80_000));
    add("pattern ![[]() repeated", "![[]()".repeat(160_000));
    add("hard link/emph case", "**x [a*b**c*](d)".to_string());
    add(
        "nested brackets",
        format!("{}a{}", "[".repeat(50_000), "]".repeat(50_000)),
    );
    add(
        "nested block quotes (> )^25000",
        format!("{}a", "> ".repeat(25_000)),
    );
    add(
        "deeply nested lists",
        (0..1000)
            .map(|x| format!("{}* a\n", "  ".repeat(x)))
            .collect(),
    );
    add("U+0000 in input", "abc\u{0}de\u{0}".to_string());
    add(
        "backticks",
        (1..2500).map(|x| format!("e{}", "`".repeat(x))).collect(),
    );
    add("unclosed links A x30000", "[a](<b".repeat(30_000));
    add("unclosed links B x30000", "[a](b".repeat(30_000));
    add(
        "unclosed <!-- x300000",
        format!("</{}", "<!--".repeat(300_000)),
    );
    add(
        "list items (- )^30000 x",
        format!("{}x", "- ".repeat(30_000)),
    );
    add(
        ">^100000 (a*)^100000",
        format!("{}{}", ">".repeat(100_000), "a*".repeat(100_000)),
    );
    add("3 MB line of backticks", "`".repeat(3_000_000));
    add("many references", {
        let mut s: String = (1..80_000).map(|x| format!("[{x}]: u\n")).collect();
        s.push_str(&"[0] ".repeat(1200));
        s
    });
    add("many link reference definitions and uses", {
        let mut s: String = (0..5000).map(|x| format!("[a{x}]: /u{x}\n")).collect();
        s.push_str(&(0..5000).map(|x| format!("[a{x}] ")).collect::<String>());
        s
    });
    add(
        "tables with many columns",
        format!("{}\n{}\n", "a|".repeat(20_000), "-|".repeat(20_000)),
    );
    // Deeper still.
    add(
        "200000 nested block quotes",
        format!("{}a", "> ".repeat(200_000)),
    );
    add(
        "200000 nested list items",
        format!("{}x", "- ".repeat(200_000)),
    );
    add(
        "200000 nested ordered items",
        format!("{}x", "1. ".repeat(200_000)),
    );
    // Large.
    add(
        "3 MB single line",
        "Exosomes carry cargo [1] between cells; ".repeat(3_000_000 / 40),
    );
    add("50000 references", {
        let mut s = String::from("Text citing [1] and [50000].\n\n## References\n\n");
        for i in 1..=50_000 {
            let _ = writeln!(
                s,
                "{i}. Author{i}, A. B. et al. Title number {i}. J. Tests {}, {}–{} ({}).",
                i % 90 + 1,
                i,
                i + 9,
                1950 + i % 70
            );
        }
        s
    });
    // Layout once found each line's prefix by a scan of the distinct ones: quadratic in them.
    add("100000-item numbered list", {
        let mut s = String::from("## Items\n\n");
        for i in 1..=100_000 {
            let _ = writeln!(s, "{i}. item");
        }
        s
    });
    // Citations whose few bytes name many numbers.
    add(
        "1000 brackets of 1001-number ranges",
        "[1-1001] ".repeat(1000) + "\n\n## References\n\n1. Luga, V. Cell (2012).\n",
    );
    add(
        "10000 brackets of six ranges",
        "Text [1-1000, 1001-2000, 2001-3000, 3001-4000, 4001-5000, 5001-6000] cites. "
            .repeat(10_000),
    );
    // Every `(` once started a look back for the words an abbreviation could stand for.
    add(
        "abbreviation bait a ( x 1 MB",
        "a (".repeat(350_000) + "\n\n## Glossary\n\nA term (AT)\n: What it means.\n",
    );
    // Author–year: every parenthesis a year opens is read with the words before it, and every
    // bracket holding a year is split into items.
    add(
        "30000 narrative author-year citations",
        "Smithson and Jonesberg-Müller (2014) ".repeat(30_000)
            + "\n\n## References\n\nSmithson, A. & Jonesberg-Müller, B. A study. Cell 1, 2 (2014).\n",
    );
    add(
        "60000 unclosed (Name, 2014",
        "Xx Yy (Smith and Jones, 2014; Lee 2015 ".repeat(60_000),
    );
    add("20000 citations in one paragraph", {
        let mut s = String::new();
        for i in 0..20_000 {
            let _ = write!(s, "Smith et al. showed it [{}]. ", i % 300 + 1);
        }
        s
    });
    // JATS.
    add(
        "JATS: 200000 nested <p> inside <front>",
        format!(
            "<article><front>{}{}</front><body><p>x</p></body></article>",
            "<p>".repeat(200_000),
            "</p>".repeat(200_000)
        ),
    );
    add("JATS: one xref naming 100000 references", {
        let rids: Vec<String> = (1..=100_000).map(|i| format!("r{i}")).collect();
        let mut s = format!(
            "<article><body><p>Cited <xref ref-type=\"bibr\" rid=\"{}\">1</xref>.</p></body><back><ref-list>",
            rids.join(" ")
        );
        for i in 1..=1000 {
            let _ = write!(
                s,
                "<ref id=\"r{i}\"><mixed-citation>Author{i} A. Title {i}. J Tests. 2001.</mixed-citation></ref>"
            );
        }
        s.push_str("</ref-list></back></article>");
        s
    });
    add("large article", {
        let target = 100 * 1024 * 1024 / scale;
        let para = "Extracellular vesicles carry proteins, RNA and lipids between cells in the tumour microenvironment [1-3], and *exosomes* in particular shape the pre-metastatic niche [4]. ";
        let mut s = String::with_capacity(target + 1024);
        let mut n = 0;
        while s.len() < target {
            n += 1;
            if n % 40 == 1 {
                let _ = write!(s, "\n## Section {n}\n\n");
            }
            for _ in 0..5 {
                s.push_str(para);
            }
            s.push_str("\n\n");
        }
        s.push_str("## Glossary\n\nExosomes\n: Small vesicles.\n\nPre-metastatic niche\n: A prepared site.\n");
        s
    });
    v
}

/// A generated article of about `bytes` bytes: sections of paragraphs that cite and use
/// glossary terms, and a glossary.
pub fn generated(bytes: usize) -> String {
    let para = "Extracellular vesicles carry proteins, RNA and lipids between cells in the tumour microenvironment [1-3], and exosomes in particular shape the pre-metastatic niche [4]. Their uptake by recipient cells alters the phenotype of those cells in ways that depend on the cargo. ";
    let mut s = String::from("---\ntitle: Generated\n---\n\n");
    let mut n = 0;
    while s.len() < bytes {
        n += 1;
        if n % 20 == 1 {
            let _ = write!(s, "## Section {n}\n\n");
        }
        s.push_str(para);
        s.push_str(para);
        s.push_str("\n\n");
    }
    s.push_str("## Glossary\n\nExosomes\n: Small vesicles.\n\nTumour microenvironment (TME)\n: Around a tumour.\n");
    s
}

/// The keys that type `pattern` into an incremental search: `/`, each character, and Esc.
pub fn search_keys(pattern: &str) -> Vec<scholion::keymap::Key> {
    use scholion::keymap::{Key, KeyCode};
    std::iter::once(Key::plain(KeyCode::Char('/')))
        .chain(pattern.chars().map(|c| Key::plain(KeyCode::Char(c))))
        .chain(std::iter::once(Key::plain(KeyCode::Esc)))
        .collect()
}
