//! Bibliographies: BibTeX and BibLaTeX (read by the `biblatex` crate), CSL-JSON (serde_json)
//! and CSL-YAML (serde-saphyr, also a front matter's inline `references:`), each made into the
//! same [`BibEntry`]; and [`attach`], which gives a pandoc article the references its keys
//! cite, numbered in order of first citation as numeric CSL styles number them, listed under
//! its References heading.
//!
//! One bad entry never costs the others: a BibTeX file the crate refuses whole (a duplicate
//! key, one malformed entry) is read again entry by entry, the first of a duplicated key kept,
//! and each entry that still fails is a diagnostic with its line.

use crate::model::{
    Article, Block, BlockKind, Diagnostic, Marker, Reference, Section, SectionRole,
};
use crate::sanitize;
use crate::text::LineIndex;
use serde_json::Value;

/// One entry of a bibliography, whatever its format.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BibEntry {
    pub key: String,
    /// Authors as a reference list writes them: `Smith, J. A.`.
    pub authors: Vec<String>,
    pub surnames: Vec<String>,
    pub title: Option<String>,
    /// The journal, book or proceedings it appeared in.
    pub container: Option<String>,
    pub volume: Option<String>,
    pub pages: Option<String>,
    pub year: Option<u32>,
    pub doi: Option<String>,
    pub pmid: Option<String>,
    pub url: Option<String>,
}

/// Entries and what was wrong with the file (lines are the file's).
#[derive(Debug, Default)]
pub struct Parsed {
    pub entries: Vec<BibEntry>,
    pub diagnostics: Vec<Diagnostic>,
}

/// The entries of a bibliography file named `name`, by its format: BibTeX unless its text is
/// JSON (CSL-JSON) or its name says YAML (CSL-YAML).
pub fn parse(name: &str, text: &str) -> Parsed {
    let lower = name.to_ascii_lowercase();
    let t = text.trim_start_matches('\u{feff}').trim_start();
    if t.starts_with('[') || t.starts_with('{') || lower.ends_with(".json") {
        parse_csl_json(text)
    } else if lower.ends_with(".yaml") || lower.ends_with(".yml") {
        parse_csl_yaml(text)
    } else {
        parse_bibtex(text)
    }
}

/// BibTeX or BibLaTeX.
pub fn parse_bibtex(text: &str) -> Parsed {
    let mut out = Parsed::default();
    let lines = LineIndex::new(text, 0);
    match biblatex::Bibliography::parse(text) {
        Ok(bib) => out.entries = bib.iter().map(from_biblatex).collect(),
        Err(_) => {
            // Read entry by entry: `@string` definitions go before each, so abbreviations
            // still resolve.
            let starts = entry_starts(text);
            let strings: String = starts
                .iter()
                .map(|&(s, e)| &text[s..e])
                .filter(|chunk| {
                    let head = chunk.trim_start().to_ascii_lowercase();
                    head.starts_with("@string")
                })
                .collect();
            let mut seen = std::collections::HashSet::new();
            for &(start, end) in &starts {
                let chunk = &text[start..end];
                let head = chunk.trim_start().to_ascii_lowercase();
                if head.starts_with("@string")
                    || head.starts_with("@preamble")
                    || head.starts_with("@comment")
                {
                    continue;
                }
                let src = format!("{strings}{chunk}");
                match biblatex::Bibliography::parse(&src) {
                    Ok(bib) => {
                        for e in bib.iter() {
                            if seen.insert(e.key.clone()) {
                                out.entries.push(from_biblatex(e));
                            } else {
                                out.diagnostics.push(Diagnostic::note(
                                    Some(lines.line(start)),
                                    format!(
                                        "bibliography: key `{}` is given again; the first is kept",
                                        sanitize::clip(&e.key)
                                    ),
                                ));
                            }
                        }
                    }
                    Err(e) => {
                        // The entry's own line: where the error was found may be its end.
                        let key: String = chunk
                            .split_once(['{', '('])
                            .map(|(_, rest)| rest.split([',', '\n']).next().unwrap_or(""))
                            .unwrap_or("")
                            .trim()
                            .chars()
                            .take(60)
                            .collect();
                        out.diagnostics.push(Diagnostic::problem(
                            Some(lines.line(start)),
                            format!(
                                "bibliography: entry `{}` not read ({})",
                                sanitize::clip(&key),
                                sanitize::clip(&e.kind.to_string())
                            ),
                        ));
                    }
                }
            }
        }
    }
    out
}

/// Byte ranges of the entries of a BibTeX text: from an `@` at the start of a line to the next.
fn entry_starts(text: &str) -> Vec<(usize, usize)> {
    let mut starts: Vec<usize> = text
        .match_indices('@')
        .map(|(i, _)| i)
        .filter(|&i| {
            text[..i]
                .rsplit('\n')
                .next()
                .is_some_and(|l| l.trim().is_empty())
        })
        .collect();
    starts.dedup();
    let mut out = Vec::with_capacity(starts.len());
    for (k, &s) in starts.iter().enumerate() {
        let e = starts.get(k + 1).copied().unwrap_or(text.len());
        out.push((s, e));
    }
    out
}

fn from_biblatex(e: &biblatex::Entry) -> BibEntry {
    use biblatex::ChunksExt;
    let field = |names: &[&str]| {
        names
            .iter()
            .find_map(|n| e.get(n))
            .map(|c| clean(&c.format_verbatim()))
            .filter(|s| !s.is_empty())
    };
    let people = e.author().unwrap_or_default();
    let authors = people
        .iter()
        .map(|p| person(&p.name, &p.given_name, &p.prefix))
        .collect();
    let surnames = people.iter().map(|p| clean(&p.name)).collect();
    BibEntry {
        key: clean(&e.key),
        authors,
        surnames,
        title: field(&["title"]),
        container: field(&["journaltitle", "journal", "booktitle", "publisher"]),
        volume: field(&["volume"]),
        pages: field(&["pages"]).map(|p| p.replace("--", "–")),
        year: field(&["year", "date"]).and_then(|y| crate::text::year_in(&y)),
        doi: field(&["doi"]),
        pmid: field(&["pmid"]),
        url: field(&["url"]),
    }
}

/// CSL-JSON: an array of items (or an object holding one under `references` or `items`).
pub fn parse_csl_json(text: &str) -> Parsed {
    match serde_json::from_str::<Value>(text) {
        Ok(v) => from_csl_value(&v, None),
        Err(e) => Parsed {
            entries: Vec::new(),
            diagnostics: vec![Diagnostic::problem(
                Some(e.line()),
                format!(
                    "bibliography: not JSON ({})",
                    sanitize::clip(&e.to_string())
                ),
            )],
        },
    }
}

/// CSL-YAML: a list of items, or a map holding one under `references`.
pub fn parse_csl_yaml(text: &str) -> Parsed {
    match serde_saphyr::from_str::<Value>(text) {
        Ok(v) => from_csl_value(&v, None),
        Err(e) => Parsed {
            entries: Vec::new(),
            diagnostics: vec![Diagnostic::problem(
                e.location().map(|l| l.line() as usize),
                format!(
                    "bibliography: not YAML ({})",
                    sanitize::clip(e.to_string().lines().next().unwrap_or(""))
                ),
            )],
        },
    }
}

/// CSL items from a parsed JSON or YAML value; `line` is where the list is, for messages.
pub fn from_csl_value(v: &Value, line: Option<usize>) -> Parsed {
    let mut out = Parsed::default();
    let items = match v {
        Value::Array(items) => items.as_slice(),
        Value::Object(m) => match m.get("references").or(m.get("items")) {
            Some(Value::Array(items)) => items.as_slice(),
            _ => std::slice::from_ref(v),
        },
        _ => {
            out.diagnostics.push(Diagnostic::problem(
                line,
                "bibliography: not a list of CSL items",
            ));
            return out;
        }
    };
    let mut seen = std::collections::HashSet::new();
    for (i, item) in items.iter().enumerate() {
        let Some(key) = item.get("id").and_then(scalar) else {
            out.diagnostics.push(Diagnostic::problem(
                line,
                format!("bibliography: item {} has no `id`; not read", i + 1),
            ));
            continue;
        };
        if !seen.insert(key.clone()) {
            out.diagnostics.push(Diagnostic::note(
                line,
                format!("bibliography: key `{key}` is given again; the first is kept"),
            ));
            continue;
        }
        let mut authors = Vec::new();
        let mut surnames = Vec::new();
        if let Some(Value::Array(people)) = item.get("author") {
            for p in people {
                if let Some(lit) = p.get("literal").and_then(scalar) {
                    surnames.push(lit.clone());
                    authors.push(lit);
                } else if let Some(family) = p.get("family").and_then(scalar) {
                    let given = p.get("given").and_then(scalar).unwrap_or_default();
                    let particle = p
                        .get("non-dropping-particle")
                        .and_then(scalar)
                        .unwrap_or_default();
                    authors.push(person(&family, &given, &particle));
                    surnames.push(family);
                }
            }
        }
        let text = |k: &str| item.get(k).and_then(scalar).filter(|s| !s.is_empty());
        let year = item
            .get("issued")
            .and_then(|d| {
                d.get("date-parts")
                    .and_then(|p| p.get(0))
                    .and_then(|p| p.get(0))
                    .and_then(scalar)
                    .or_else(|| d.get("raw").and_then(scalar))
                    .or_else(|| d.get("literal").and_then(scalar))
                    .or_else(|| scalar(d))
            })
            .and_then(|y| crate::text::year_in(&y));
        out.entries.push(BibEntry {
            key,
            authors,
            surnames,
            title: text("title"),
            container: text("container-title").or_else(|| text("publisher")),
            volume: text("volume"),
            pages: text("page").map(|p| p.replace("--", "–")),
            year,
            doi: text("DOI").or_else(|| text("doi")),
            pmid: text("PMID").or_else(|| text("pmid")),
            url: text("URL").or_else(|| text("url")),
        });
    }
    out
}

/// A scalar as sanitised text.
fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(clean(s)),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// `Smith, J. A.`, `van Beethoven, L.`
fn person(family: &str, given: &str, particle: &str) -> String {
    let initials = crate::cite::initials(&clean(given));
    let family = match particle.trim() {
        "" => clean(family),
        p => format!("{} {}", clean(p), clean(family)),
    };
    if initials.is_empty() {
        family
    } else {
        format!("{family}, {initials}")
    }
}

/// Text from a bibliography: braces and line breaks gone, sanitised.
fn clean(s: &str) -> String {
    let s: String = s.chars().filter(|c| !matches!(c, '{' | '}')).collect();
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    sanitize::prose(&s).into_owned()
}

impl BibEntry {
    /// The entry as a reference list writes it: `Smith, J. & Doe, A. Title. Journal 3, 1–9
    /// (2020). doi:10.1/x`.
    pub fn text(&self) -> String {
        let mut s = match self.authors.len() {
            0 => String::new(),
            1 => self.authors[0].clone(),
            n => format!(
                "{} & {}",
                self.authors[..n - 1].join(", "),
                self.authors[n - 1]
            ),
        };
        /// Add a sentence: a space before it when there is text already, and its full stop.
        fn sentence(s: &mut String, part: &str, stop: bool) {
            if !s.is_empty() {
                s.push(' ');
            }
            s.push_str(part);
            if stop {
                s.push('.');
            }
        }
        if !s.is_empty() {
            s.push('.');
            // `Doe, A.` ends with its own full stop.
            if s.ends_with("..") {
                s.pop();
            }
        }
        if let Some(t) = &self.title {
            sentence(&mut s, t.trim_end_matches('.'), true);
        }
        let mut source = self.container.clone().unwrap_or_default();
        if let Some(v) = &self.volume {
            source = format!("{source} {v}").trim().to_string();
        }
        if let Some(p) = &self.pages {
            source = format!("{source}, {p}");
        }
        if let Some(y) = self.year {
            source = format!("{source} ({y})").trim().to_string();
        }
        if !source.is_empty() {
            sentence(&mut s, &source, true);
        }
        if let Some(d) = &self.doi {
            sentence(&mut s, &format!("doi:{d}"), false);
        } else if let Some(u) = &self.url {
            sentence(&mut s, u, false);
        }
        if s.is_empty() {
            s = self.key.clone();
        }
        s
    }

    /// Whether a Manubot identifier key (`doi:…`, `pmid:…`, `url:…`) names this entry.
    fn is_named_by(&self, key: &str) -> bool {
        let (kind, id) = match key.split_once(':') {
            Some(p) => p,
            None => return false,
        };
        let same = |v: &Option<String>| v.as_deref().is_some_and(|v| v.eq_ignore_ascii_case(id));
        match kind.to_ascii_lowercase().as_str() {
            "doi" => same(&self.doi),
            "pmid" => same(&self.pmid),
            "url" | "https" | "http" => {
                let whole = if kind.starts_with("http") { key } else { id };
                self.url.as_deref() == Some(whole)
            }
            _ => false,
        }
    }
}

/// Give `article` the references its keyed citations cite, from `entries` (its bibliographies,
/// named by `source` in messages): numbered in order of first citation, listed under its last
/// References heading when it ends with an empty one (as pandoc manuscripts do), else under a
/// new one. A key no entry has is noted and stays unresolved.
pub fn attach(article: &mut Article, entries: &[BibEntry], source: &str) {
    let mut order: Vec<(u32, usize)> = Vec::new(); // (key index, entry)
    let mut missing: Vec<String> = Vec::new();
    let by_key: std::collections::HashMap<&str, usize> = entries
        .iter()
        .enumerate()
        .rev()
        .map(|(i, e)| (e.key.as_str(), i))
        .collect();
    for (_, k) in article.citation_keys() {
        if order.iter().any(|&(o, _)| o == k) {
            continue;
        }
        let key = article.keys.get(k as usize).map_or("", String::as_str);
        let found = by_key
            .get(key)
            .copied()
            .or_else(|| entries.iter().position(|e| e.is_named_by(key)));
        match found {
            Some(i) => order.push((k, i)),
            None if !missing.iter().any(|m| m == key) => missing.push(key.to_string()),
            None => {}
        }
    }
    if !missing.is_empty() {
        let shown: Vec<String> = missing.iter().take(5).map(|k| format!("`{k}`")).collect();
        let more = missing.len().saturating_sub(shown.len());
        article.diagnostics.push(Diagnostic::note(
            None,
            format!(
                "{} cited key{} not in the bibliography ({}): {}{}",
                missing.len(),
                if missing.len() == 1 { " is" } else { "s are" },
                sanitize::clip(source),
                shown.join(", "),
                if more > 0 {
                    format!(" and {more} more")
                } else {
                    String::new()
                }
            ),
        ));
    }
    if order.is_empty() {
        return;
    }
    // The list goes under a References heading with nothing under it at the end, else a new one.
    let reuse = article
        .sections
        .last()
        .is_some_and(|s| s.role == SectionRole::References && s.blocks.len() <= 1 && s.level > 0);
    if !reuse {
        let section = article.sections.len();
        let at = article.blocks.len();
        article.blocks.push(Block::new(
            BlockKind::Heading { level: 2 },
            "References".to_string(),
            section,
        ));
        article.sections.push(Section {
            title: "References".to_string(),
            level: 2,
            blocks: at..at + 1,
            role: SectionRole::References,
        });
    }
    let section = article.sections.len() - 1;
    let first_number = article
        .references
        .iter()
        .map(|r| r.number)
        .max()
        .unwrap_or(0);
    for (n, &(k, i)) in order.iter().enumerate() {
        let e = &entries[i];
        let number = first_number + 1 + n as u32;
        let block = article.blocks.len();
        let mut b = Block::new(
            BlockKind::ListItem {
                marker: Marker::Number(u64::from(number)),
            },
            e.text(),
            section,
        );
        b.list_depth = 1;
        article.blocks.push(b);
        article.references.push(Reference {
            number,
            key: article.keys.get(k as usize).cloned(),
            text: article.blocks[block].text.clone(),
            authors: e.authors.clone(),
            surnames: e.surnames.clone(),
            et_al: false,
            title: e.title.clone(),
            journal: e.container.clone(),
            volume: e.volume.clone(),
            pages: e.pages.clone(),
            year: e.year,
            doi: e.doi.clone(),
            pmid: e.pmid.clone(),
            block,
        });
    }
    let end = article.blocks.len();
    article.sections[section].blocks.end = end;
}

#[cfg(test)]
mod tests {
    use super::*;

    const BIB: &str = r#"@string{nat = "Nature"}

@article{smith2020,
  author = {Smith, John A. and Doe, Ann},
  title = {A {Study} of Things},
  journal = nat,
  volume = {3},
  pages = {1--9},
  year = {2020},
  doi = {10.1000/xyz}
}

@book{broken,
  title = {Never closed
"#;

    #[test]
    fn bibtex_reads_the_good_entries_when_one_is_broken() {
        let p = parse_bibtex(BIB);
        assert_eq!(p.entries.len(), 1, "{:?}", p.diagnostics);
        let e = &p.entries[0];
        assert_eq!(e.key, "smith2020");
        assert_eq!(e.authors, ["Smith, J. A.", "Doe, A."]);
        assert_eq!(e.container.as_deref(), Some("Nature"));
        assert_eq!(e.pages.as_deref(), Some("1–9"));
        assert_eq!(
            e.text(),
            "Smith, J. A. & Doe, A. A Study of Things. Nature 3, 1–9 (2020). doi:10.1000/xyz"
        );
        assert_eq!(p.diagnostics.len(), 1);
        assert_eq!(p.diagnostics[0].line, Some(13));
        assert!(p.diagnostics[0].message.contains("entry `broken` not read"));
    }

    #[test]
    fn biblatex_fields() {
        let bib = "@article{lee2011,\n  author = {Lee, Kim and others},\n  title = {Second},\n  journaltitle = {Cell},\n  date = {2011-05-02},\n  pages = {10--20},\n  doi = {10.1/x}\n}\n";
        let p = parse_bibtex(bib);
        assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
        let e = &p.entries[0];
        assert_eq!(e.container.as_deref(), Some("Cell"));
        assert_eq!(e.year, Some(2011));
        assert_eq!(e.surnames.first().map(String::as_str), Some("Lee"));
        assert_eq!(e.pages.as_deref(), Some("10–20"));
    }

    #[test]
    fn a_duplicate_key_keeps_the_first() {
        let bib = "@misc{a, title={First}}\n@misc{a, title={Second}}\n@misc{b, title={Third}}\n";
        let p = parse_bibtex(bib);
        let titles: Vec<_> = p.entries.iter().map(|e| e.title.clone().unwrap()).collect();
        assert_eq!(titles, ["First", "Third"]);
        assert!(p.diagnostics[0].message.contains("`a` is given again"));
        assert_eq!(p.diagnostics[0].line, Some(2));
    }

    #[test]
    fn csl_json_and_yaml() {
        let json = r#"[{"id": "doe2019", "type": "article-journal", "title": "First",
            "author": [{"family": "Doe", "given": "Ann"}], "container-title": "Cell",
            "issued": {"date-parts": [[2019, 5]]}, "DOI": "10.1/abc"},
            {"title": "no id"}]"#;
        let p = parse("refs.json", json);
        assert_eq!(p.entries.len(), 1);
        assert_eq!(p.entries[0].year, Some(2019));
        assert_eq!(
            p.entries[0].text(),
            "Doe, A. First. Cell (2019). doi:10.1/abc"
        );
        assert!(p.diagnostics[0].message.contains("item 2 has no `id`"));
        let yaml = "references:\n  - id: lee2011\n    title: Second\n    author:\n      - family: Lee\n        given: Kim\n    issued:\n      date-parts: [[2011]]\n";
        let p = parse("refs.yaml", yaml);
        assert_eq!(p.entries[0].key, "lee2011");
        assert_eq!(p.entries[0].year, Some(2011));
    }
}
