//! References out: as BibTeX (written by the `biblatex` crate, which reads bibliographies for
//! scholion too), as CSL-JSON (the CSL data schema's fields, written by `serde_json`), and as
//! RIS. RIS is written here: it is a line per field (`TY  - JOUR`, `AU  - Luga, V.`, `ER  - `),
//! and no maintained crate writes it.
//!
//! Pure: references in, text out. The text comes from the model, which is sanitised where it
//! is built; a field's line breaks become spaces, so no field can start a line of its own.

use crate::model::Reference;
use std::fmt::Write;

/// What `scholion export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Bibtex,
    CslJson,
    Ris,
}

impl Format {
    /// As the command line names it: `bibtex`, `csl-json`, `ris`.
    pub fn by_name(name: &str) -> Option<Format> {
        match name {
            "bibtex" => Some(Format::Bibtex),
            "csl-json" => Some(Format::CslJson),
            "ris" => Some(Format::Ris),
            _ => None,
        }
    }
}

/// `references` in `format`, each once, with citation keys unique across them.
pub fn write(references: &[&Reference], format: Format) -> String {
    let keys = citation_keys(references);
    match format {
        Format::Bibtex => bibtex(references, &keys),
        Format::CslJson => csl_json(references, &keys),
        Format::Ris => ris(references, &keys),
    }
}

/// The fields each format writes as they are, with BibTeX's, CSL-JSON's and RIS's name for
/// each (RIS has none for pages: it writes their start and end as tags of their own).
fn plain_fields(r: &Reference) -> [([&'static str; 3], Option<&str>); 5] {
    [
        (["journal", "container-title", "JO"], r.journal.as_deref()),
        (["volume", "volume", "VL"], r.volume.as_deref()),
        (["pages", "page", ""], r.pages.as_deref()),
        (["doi", "DOI", "DO"], r.doi.as_deref()),
        (["pmid", "PMID", "AN"], r.pmid.as_deref()),
    ]
}

/// A field's text on one line.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Each reference's key: its own (a bibliography's) when it has one, else the first author's
/// surname and the year (`Luga2012`), with `a`, `b`… after the year when two would be the same.
pub fn citation_keys(references: &[&Reference]) -> Vec<String> {
    let base: Vec<String> = references
        .iter()
        .map(|r| match &r.key {
            Some(k) => k
                .chars()
                .filter(|c| !c.is_whitespace() && *c != ',')
                .collect(),
            None => {
                let who: String = r
                    .first_author()
                    .unwrap_or("ref")
                    .chars()
                    .filter(|c| c.is_alphanumeric())
                    .collect();
                let year = r.year.map(|y| y.to_string()).unwrap_or_default();
                let key = format!("{who}{year}");
                if key.is_empty() {
                    format!("ref{}", r.number)
                } else {
                    key
                }
            }
        })
        .collect();
    let mut out = Vec::with_capacity(base.len());
    for (i, b) in base.iter().enumerate() {
        let same = base.iter().filter(|x| *x == b).count();
        if same == 1 {
            out.push(b.clone());
            continue;
        }
        let nth = base[..i].iter().filter(|x| *x == b).count();
        let mut suffix = String::new();
        let mut n = nth;
        loop {
            suffix.insert(0, (b'a' + (n % 26) as u8) as char);
            n /= 26;
            if n == 0 {
                break;
            }
            n -= 1;
        }
        out.push(format!("{b}{suffix}"));
    }
    out
}

fn bibtex(references: &[&Reference], keys: &[String]) -> String {
    use biblatex::{Chunk, Entry, EntryType, Spanned};
    let text = |s: &str| vec![Spanned::zero(Chunk::Normal(one_line(s)))];
    let mut out = String::new();
    for (r, key) in references.iter().zip(keys) {
        let kind = if r.journal.is_some() {
            EntryType::Article
        } else {
            EntryType::Misc
        };
        let mut e = Entry::new(key.clone(), kind);
        if !r.authors.is_empty() {
            let mut authors = r.authors.join(" and ");
            if r.et_al {
                authors.push_str(" and others");
            }
            e.set("author", text(&authors));
        }
        match &r.title {
            Some(t) => e.set("title", text(t)),
            // An entry not read into fields keeps what it says, whole.
            None => e.set("note", text(&r.text)),
        }
        for ([name, _, _], value) in plain_fields(r) {
            if let Some(v) = value {
                e.set(name, text(v));
            }
        }
        if let Some(y) = r.year {
            e.set("year", text(&y.to_string()));
        }
        // Only a malformed `date` field fails, and none is written.
        out.push_str(
            &e.to_bibtex_string()
                .unwrap_or_else(|_| e.to_biblatex_string()),
        );
        out.push_str("\n\n");
    }
    out
}

fn csl_json(references: &[&Reference], keys: &[String]) -> String {
    use serde_json::{json, Map, Value};
    let items: Vec<Value> = references
        .iter()
        .zip(keys)
        .map(|(r, key)| {
            let mut item = Map::new();
            item.insert("id".into(), json!(key));
            let kind = if r.journal.is_some() {
                "article-journal"
            } else {
                "document"
            };
            item.insert("type".into(), json!(kind));
            if !r.authors.is_empty() {
                let authors: Vec<Value> = r
                    .authors
                    .iter()
                    .map(|a| match a.split_once(',') {
                        Some((family, given)) => {
                            json!({"family": one_line(family), "given": one_line(given)})
                        }
                        None => json!({"literal": one_line(a)}),
                    })
                    .collect();
                item.insert("author".into(), Value::Array(authors));
            }
            match &r.title {
                Some(t) => item.insert("title".into(), json!(one_line(t))),
                None => item.insert("note".into(), json!(one_line(&r.text))),
            };
            for ([_, name, _], value) in plain_fields(r) {
                if let Some(v) = value {
                    item.insert(name.into(), json!(one_line(v)));
                }
            }
            if let Some(y) = r.year {
                item.insert("issued".into(), json!({"date-parts": [[y]]}));
            }
            Value::Object(item)
        })
        .collect();
    let mut out = serde_json::to_string_pretty(&items).unwrap_or_else(|_| "[]".into());
    out.push('\n');
    out
}

fn ris(references: &[&Reference], keys: &[String]) -> String {
    let mut out = String::new();
    for (r, key) in references.iter().zip(keys) {
        let kind = if r.journal.is_some() { "JOUR" } else { "GEN" };
        let _ = writeln!(out, "TY  - {kind}");
        let _ = writeln!(out, "ID  - {key}");
        for a in &r.authors {
            let _ = writeln!(out, "AU  - {}", one_line(a));
        }
        match &r.title {
            Some(t) => {
                let _ = writeln!(out, "TI  - {}", one_line(t));
            }
            None => {
                let _ = writeln!(out, "N1  - {}", one_line(&r.text));
            }
        }
        // Pages are two tags of their own, below.
        for ([_, _, tag], value) in plain_fields(r) {
            if let (Some(v), false) = (value, tag.is_empty()) {
                let _ = writeln!(out, "{tag}  - {}", one_line(v));
            }
        }
        if let Some(p) = &r.pages {
            let p = one_line(p);
            match p.split_once(['-', '–']) {
                Some((start, end)) => {
                    let _ = writeln!(out, "SP  - {}", start.trim());
                    let _ = writeln!(out, "EP  - {}", end.trim());
                }
                None => {
                    let _ = writeln!(out, "SP  - {p}");
                }
            }
        }
        if let Some(y) = r.year {
            let _ = writeln!(out, "PY  - {y}");
        }
        out.push_str("ER  - \n\n");
    }
    out
}

/// Highlights and notes as Markdown, ready to paste into a manuscript: one section per
/// article, each quote as a block quote with its section and citation, its note after it.
pub fn notes_markdown(annotations: &[crate::memory::Annotation]) -> String {
    let mut sorted: Vec<&crate::memory::Annotation> = annotations.iter().collect();
    sorted.sort_by(|a, b| a.reading_order(b));
    let mut out = String::from("# Notes\n");
    let mut article = None;
    for a in sorted {
        if article != Some(&a.start.article) {
            article = Some(&a.start.article);
            let title = if a.title.is_empty() {
                "Untitled"
            } else {
                &a.title
            };
            out.push_str(&format!("\n## {title}\n\n{}\n", a.path));
        }
        out.push_str(&format!("\n> {}\n>\n> — ", a.quote));
        if !a.section.is_empty() {
            out.push_str(&format!("§{}, ", a.section));
        }
        out.push_str(&a.cite);
        out.push('\n');
        if !a.note.is_empty() {
            out.push('\n');
            out.push_str(&a.note);
            out.push('\n');
        }
    }
    if annotations.is_empty() {
        out.push_str("\nNo highlights or notes kept.\n");
    }
    out
}

/// Highlights and notes as one JSON array.
pub fn notes_json(annotations: &[crate::memory::Annotation]) -> String {
    serde_json::to_string_pretty(annotations).unwrap_or_else(|_| "[]".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn luga() -> Reference {
        Reference {
            number: 101,
            key: None,
            text:
                "Luga, V. et al. Exosomes mediate stromal mobilization. Cell 151, 1542–1556 (2012)."
                    .into(),
            authors: vec!["Luga, V.".into()],
            surnames: vec!["Luga".into()],
            et_al: true,
            title: Some("Exosomes mediate stromal mobilization".into()),
            journal: Some("Cell".into()),
            volume: Some("151".into()),
            pages: Some("1542–1556".into()),
            year: Some(2012),
            doi: Some("10.1016/j.cell.2012.11.024".into()),
            pmid: None,
            block: 0,
        }
    }

    #[test]
    fn keys_are_unique() {
        let (a, b) = (luga(), luga());
        let mut c = luga();
        c.key = Some("smith2014".into());
        assert_eq!(
            citation_keys(&[&a, &b, &c]),
            ["Luga2012a", "Luga2012b", "smith2014"]
        );
    }

    #[test]
    fn bibtex_reads_back() {
        let r = luga();
        let text = write(&[&r], Format::Bibtex);
        let bib = biblatex::Bibliography::parse(&text).expect("BibTeX that reads back");
        let e = bib.get("Luga2012").expect("the entry");
        assert_eq!(e.entry_type, biblatex::EntryType::Article);
        let field = |k: &str| {
            use biblatex::ChunksExt;
            e.get(k).map(|c| c.format_verbatim())
        };
        assert_eq!(field("doi").as_deref(), Some("10.1016/j.cell.2012.11.024"));
        assert_eq!(field("year").as_deref(), Some("2012"));
        assert!(field("author").unwrap().contains("Luga"));
    }

    #[test]
    fn csl_json_and_ris_carry_the_fields() {
        let r = luga();
        let json: serde_json::Value = serde_json::from_str(&write(&[&r], Format::CslJson)).unwrap();
        assert_eq!(json[0]["DOI"], "10.1016/j.cell.2012.11.024");
        assert_eq!(json[0]["author"][0]["family"], "Luga");
        assert_eq!(json[0]["issued"]["date-parts"][0][0], 2012);
        let ris = write(&[&r], Format::Ris);
        for line in [
            "TY  - JOUR",
            "AU  - Luga, V.",
            "SP  - 1542",
            "EP  - 1556",
            "PY  - 2012",
        ] {
            assert!(ris.lines().any(|l| l == line), "{line}: {ris}");
        }
        assert!(ris.ends_with("ER  - \n\n"));
    }

    #[test]
    fn no_field_starts_a_line_of_its_own() {
        let mut r = luga();
        r.title = Some("A title\nER  - \nTY  - JOUR".into());
        let ris = write(&[&r], Format::Ris);
        assert_eq!(
            ris.lines().filter(|l| l.starts_with("ER  -")).count(),
            1,
            "{ris}"
        );
        assert_eq!(
            ris.lines().filter(|l| l.starts_with("TY  -")).count(),
            1,
            "{ris}"
        );
    }
}
