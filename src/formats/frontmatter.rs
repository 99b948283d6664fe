//! The front matter block at the top of a Markdown article: YAML, as pandoc, JOSS and Manubot
//! write it.
//!
//! ```text
//! ---
//! title: Extracellular vesicles in cancer
//! authors:
//!   - R. Xu
//!   - name: A. Rai
//!     affiliation: 1
//! journal: "Nature Reviews Clinical Oncology"
//! year: 2018
//! abstract: |
//!   Two lines
//!   of abstract.
//! ...
//! ```
//!
//! The block opens with a `---` line and closes with `---` or `...`. It is read by serde-saphyr
//! (a maintained YAML reader through serde) into a generic value with a budget that bounds
//! nesting, aliases and events, so a hostile block costs little. Nothing in it fails the
//! article: a block that is not YAML is a problem diagnostic with its line and the body still
//! loads; a value of the wrong shape, and a key scholion does not use, is a note.

use crate::model::{Diagnostic, FrontMatter};
use crate::sanitize;
use serde_json::Value;

/// The largest front matter block read; a longer one is reported and skipped.
const MAX_BLOCK_BYTES: usize = 256 * 1024;

/// The result of splitting a file into its front matter and its body.
#[derive(Debug)]
pub struct Split<'a> {
    pub front: FrontMatter,
    /// What was odd about the block: unknown keys, values of the wrong shape (notes), a block
    /// that is not YAML (a problem). Lines are the file's.
    pub diagnostics: Vec<Diagnostic>,
    /// Inline CSL references (`references:`), for pandoc citations.
    pub references: Vec<crate::formats::bib::BibEntry>,
    /// The abstract, paragraphs apart (`abstract:`), shown before the body.
    pub abstract_text: Option<String>,
    pub body: &'a str,
    /// How many lines of the file come before `body`.
    pub body_line_offset: usize,
}

/// Split `text` into front matter and body. A file without a leading `---` line, or whose
/// `---` is never closed, has no front matter and is all body.
pub fn split(text: &str) -> Split<'_> {
    let whole = |diagnostics| Split {
        front: FrontMatter::default(),
        diagnostics,
        references: Vec::new(),
        abstract_text: None,
        body: text,
        body_line_offset: 0,
    };
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != "---" {
        return whole(Vec::new());
    }
    let start = first.len();
    let mut offset = start;
    let mut count = 0;
    let mut end = None;
    for line in lines {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            end = Some((offset, offset + line.len()));
            break;
        }
        offset += line.len();
        count += 1;
    }
    let Some((block_end, body_start)) = end else {
        // A `---` with nothing closing it is a thematic break, not a block.
        return whole(vec![Diagnostic::problem(
            Some(1),
            "front matter: the `---` on line 1 is never closed by a `---` or `...` line; read as text",
        )]);
    };
    let block = &text[start..block_end];
    let mut diagnostics = Vec::new();
    let mut references = Vec::new();
    let mut abstract_text = None;
    let front = read_block(block, &mut diagnostics, &mut references, &mut abstract_text);
    diagnostics.sort_by_key(|d| d.line);
    Split {
        front,
        diagnostics,
        references,
        abstract_text,
        body: &text[body_start..],
        body_line_offset: count + 2,
    }
}

/// The YAML reader's limits: far above any real front matter, far below what would cost time
/// or memory (a billion-laughs block is refused at its first hundred aliases).
fn options() -> serde_saphyr::Options {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_depth = 16;
    budget.flow_nesting_limit = 16;
    budget.max_aliases = 100;
    budget.max_anchors = 100;
    budget.max_events = 100_000;
    budget.max_nodes = 50_000;
    budget.max_documents = 1;
    budget.max_inclusion_depth = 0;
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    options.alias_limits.max_total_replayed_events = 10_000;
    options.alias_limits.max_replay_stack_depth = 16;
    options.with_snippet = false;
    options
}

/// Read the block (its lines start at line 2 of the file) into the front matter.
fn read_block(
    block: &str,
    diagnostics: &mut Vec<Diagnostic>,
    references: &mut Vec<crate::formats::bib::BibEntry>,
    abstract_text: &mut Option<String>,
) -> FrontMatter {
    let mut front = FrontMatter::default();
    if block.len() > MAX_BLOCK_BYTES {
        diagnostics.push(Diagnostic::problem(
            Some(2),
            format!(
                "front matter: the block is over {} KiB; not read",
                MAX_BLOCK_BYTES / 1024
            ),
        ));
        return front;
    }
    if block.trim().is_empty() {
        return front;
    }
    // YAML refuses control characters, and a title holding one should read as the body's text
    // does, not fail the block: they are carried through the YAML reader as private-use
    // characters and put back before the value is sanitised.
    let block = hide_controls(block);
    let value: Value = match serde_saphyr::from_str_with_options(&block, options()) {
        Ok(v) => v,
        Err(e) => {
            // Line 1 of the block is line 2 of the file.
            let at = e.location().map_or(1, |l| (l.line() as usize).max(1));
            diagnostics.push(Diagnostic::problem(
                Some(at + 1),
                format!("front matter: {}", error_message(&e.to_string())),
            ));
            // Keep what the lines before the error say: the longest run of them that reads
            // (an unclosed `[` is found a line or more after it is opened).
            let lines: Vec<&str> = block.split_inclusive('\n').collect();
            let salvaged = (1..at.min(lines.len() + 1)).rev().take(16).find_map(|n| {
                match serde_saphyr::from_str_with_options::<Value>(&lines[..n].concat(), options())
                {
                    Ok(v @ Value::Object(_)) => Some(v),
                    _ => None,
                }
            });
            match salvaged {
                Some(v) => v,
                None => return front,
            }
        }
    };
    let Value::Object(map) = unhide(value) else {
        diagnostics.push(Diagnostic::problem(
            Some(2),
            "front matter: not a map of `key: value` lines",
        ));
        return front;
    };
    for (key, value) in map {
        // The block still holds its controls hidden; so must the key looked for in it.
        let line = key_line(&block, &hide_controls(&key));
        let mut note = |message: String| diagnostics.push(Diagnostic::note(Some(line), message));
        match key.as_str() {
            "title" => front.title = one(&key, &value, &mut note),
            "title_supplied" => match value {
                Value::Bool(b) => front.title_supplied = b,
                Value::String(s) if matches!(s.as_str(), "yes" | "no") => {
                    front.title_supplied = s == "yes"
                }
                other => note(format!(
                    "front matter: `title_supplied` is true or false, not {}",
                    shown(&other)
                )),
            },
            "authors" | "author" => front.authors = people(&key, &value, &mut note),
            "journal" => {
                front.journal = match &value {
                    Value::Object(m) => ["title", "name"]
                        .iter()
                        .find_map(|k| m.get(*k).and_then(scalar)),
                    v => one(&key, v, &mut note),
                }
            }
            "year" => front.year = year(&value, &mut note),
            "date" => {
                if front.year.is_none() {
                    front.year = scalar(&value).and_then(|s| crate::text::year_in(&s));
                }
            }
            "doi" => front.doi = one(&key, &value, &mut note),
            "type" => front.kind = one(&key, &value, &mut note),
            "volume" => front.volume = one(&key, &value, &mut note),
            "pages" => front.pages = one(&key, &value, &mut note),
            "pmid" => front.pmid = one(&key, &value, &mut note),
            "pmcid" => front.pmcid = one(&key, &value, &mut note),
            "license" => front.license = one(&key, &value, &mut note),
            "source" => front.source = one(&key, &value, &mut note),
            "keywords" | "tags" => front.keywords.extend(list(&value)),
            "bibliography" => front.bibliography.extend(list(&value)),
            "abstract" => {
                if let Value::String(s) = &value {
                    // Paragraphs stay apart; each is one line.
                    let paragraphs: Vec<String> = s
                        .split("\n\n")
                        .map(|p| {
                            sanitize::prose(&p.split_whitespace().collect::<Vec<_>>().join(" "))
                                .into_owned()
                        })
                        .filter(|p| !p.is_empty())
                        .collect();
                    *abstract_text = Some(paragraphs.join("\n\n")).filter(|a| !a.is_empty());
                } else {
                    note(format!(
                        "front matter: `abstract` is text, not {}",
                        shown(&value)
                    ));
                }
            }
            "references" => {
                let parsed = crate::formats::bib::from_csl_value(&value, Some(line));
                references.extend(parsed.entries);
                diagnostics.extend(parsed.diagnostics);
            }
            // Pandoc and Manubot settings that change nothing scholion shows.
            "link-citations" | "header-includes" | "csl" | "lang" | "nocite" => {}
            _ => note(format!(
                "unknown front matter key `{}` ignored",
                sanitize::clip(&key)
            )),
        }
    }
    front
}

/// A value that must be one scalar; a list or a map is noted and dropped.
fn one(key: &str, value: &Value, note: &mut impl FnMut(String)) -> Option<String> {
    match value {
        Value::Null => None,
        Value::Array(_) | Value::Object(_) => {
            note(format!(
                "front matter: `{}` takes one value, not {}",
                sanitize::clip(key),
                shown(value)
            ));
            None
        }
        v => scalar(v),
    }
}

/// Where [`hide_controls`] puts the control characters U+0000–U+009F.
const HIDDEN: u32 = 0xF0000;

/// `block` with every control character but tab and line feed moved to [`HIDDEN`].
fn hide_controls(block: &str) -> std::borrow::Cow<'_, str> {
    let hide = |c: char| c.is_control() && (c as u32) < 0xA0 && c != '\t' && c != '\n';
    if !block.chars().any(hide) {
        return block.into();
    }
    block
        .chars()
        .map(|c| match hide(c) {
            true => char::from_u32(HIDDEN + c as u32).unwrap_or('\u{fffd}'),
            false => c,
        })
        .collect::<String>()
        .into()
}

/// The control characters [`hide_controls`] moved, back in place.
fn unhide_controls(s: &str) -> String {
    s.chars()
        .map(|c| match (c as u32).checked_sub(HIDDEN) {
            Some(code) if code < 0xA0 => char::from_u32(code).unwrap_or('\u{fffd}'),
            _ => c,
        })
        .collect()
}

/// `value` as the YAML reader gave it, with every string (keys too) given its control
/// characters back: once, so that every field, the abstract and the inline references read
/// the text as written. Nesting is bounded by the reader's budget.
fn unhide(value: Value) -> Value {
    match value {
        Value::String(s) => Value::String(unhide_controls(&s)),
        Value::Array(items) => Value::Array(items.into_iter().map(unhide).collect()),
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| (unhide_controls(&k), unhide(v)))
                .collect(),
        ),
        other => other,
    }
}

/// A scalar as text, sanitised; `None` for null, a list or a map.
fn scalar(value: &Value) -> Option<String> {
    let s = match value {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => return None,
    };
    // A `|` block keeps its line breaks; front matter fields are one line.
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    Some(sanitize::prose(&s).into_owned())
}

/// A list of scalars, or one scalar with commas (`keywords: a, b`).
fn list(value: &Value) -> Vec<String> {
    match value {
        Value::Array(items) => items.iter().filter_map(scalar).collect(),
        v => scalar(v)
            .map(|s| {
                s.split(',')
                    .map(|p| p.trim().to_string())
                    .filter(|p| !p.is_empty())
                    .collect()
            })
            .unwrap_or_default(),
    }
}

/// Authors: a name, a list of names, or a list of maps as JOSS, Manubot and pandoc write them
/// (`name`, or `given-names`/`given` with `surname`/`family`, or `literal`).
fn people(key: &str, value: &Value, note: &mut impl FnMut(String)) -> Vec<String> {
    let person = |v: &Value| -> Option<String> {
        match v {
            Value::Object(m) => {
                if let Some(name) = ["name", "literal"].iter().find_map(|k| m.get(*k)) {
                    return scalar(name);
                }
                let given = ["given-names", "given"].iter().find_map(|k| m.get(*k));
                let particle = m
                    .get("dropping-particle")
                    .or(m.get("non-dropping-particle"));
                let family = ["surname", "family"].iter().find_map(|k| m.get(*k));
                let parts: Vec<String> = [given, particle, family]
                    .into_iter()
                    .flatten()
                    .filter_map(scalar)
                    .collect();
                (!parts.is_empty()).then(|| parts.join(" "))
            }
            v => scalar(v),
        }
    };
    match value {
        Value::Null => Vec::new(),
        Value::Array(items) => {
            let names: Vec<String> = items.iter().filter_map(person).collect();
            if names.len() < items.len() {
                note(format!(
                    "front matter: {} of the `{}` entries name no one",
                    items.len() - names.len(),
                    sanitize::clip(key)
                ));
            }
            names
        }
        v => person(v).into_iter().filter(|s| !s.is_empty()).collect(),
    }
}

/// `year`: four digits, as a number or a string.
fn year(value: &Value, note: &mut impl FnMut(String)) -> Option<u32> {
    let y = scalar(value)
        .and_then(|s| s.parse().ok())
        .filter(|y: &u32| (1000..=9999).contains(y));
    if y.is_none() && !value.is_null() {
        note(format!(
            "front matter: `year` must be a four-digit year, not {}",
            shown(value)
        ));
    }
    y
}

/// The line of the file a top-level key is on (the block starts at line 2).
fn key_line(block: &str, key: &str) -> usize {
    block
        .lines()
        .position(|l| {
            let l = l.trim_start_matches(['"', '\'']);
            l.starts_with(key)
                && l[key.len()..]
                    .trim_start_matches(['"', '\''])
                    .starts_with(':')
        })
        .map_or(2, |i| i + 2)
}

/// A value as a message quotes it: short and on one line.
fn shown(value: &Value) -> String {
    match value {
        Value::Array(_) => "a list".to_string(),
        Value::Object(_) => "a map".to_string(),
        v => format!("{:?}", sanitize::clip(&scalar(v).unwrap_or_default())),
    }
}

/// The reader's message, on one line, without the place it names in the block (the
/// diagnostic names the file's line instead).
fn error_message(s: &str) -> String {
    let first = s.lines().next().unwrap_or("");
    let first = match first.rfind(" at line ") {
        Some(i) => &first[..i],
        None => first,
    };
    sanitize::clip(first)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Severity;

    #[test]
    fn reads_a_block() {
        let text = "---\ntitle: \"A: study\"\nauthors:\n  - R. Xu\n  - A. Rai\nyear: 2018\ntype: Review\nextra: 1\n---\n# Body\n";
        let s = split(text);
        assert_eq!(s.front.title.as_deref(), Some("A: study"));
        assert_eq!(s.front.authors, ["R. Xu", "A. Rai"]);
        assert_eq!(s.front.year, Some(2018));
        assert_eq!(s.front.kind.as_deref(), Some("Review"));
        assert_eq!(s.diagnostics.len(), 1);
        assert_eq!(s.diagnostics[0].line, Some(8));
        assert_eq!(
            s.diagnostics[0].message,
            "unknown front matter key `extra` ignored"
        );
        assert_eq!(s.body, "# Body\n");
        assert_eq!(s.body_line_offset, 9);
    }

    #[test]
    fn reads_joss_and_manubot_front_matter() {
        let text = "---\ntitle: 'Gala: A Python package'\ntags:\n  - Python\n  - astronomy\nauthors:\n  - name: Adrian M. Price-Whelan\n    orcid: 0000-0003-0872-7098\n    affiliation: \"1, 2\"\n  - given-names: Ludwig\n    dropping-particle: van\n    surname: Beethoven\n    affiliation: 3\naffiliations:\n  - name: Lyman Spitzer, Jr. Fellow, Princeton University\n    index: 1\ndate: 13 August 2017\nabstract: |\n  First line\n  second line.\nbibliography: paper.bib\n...\n\n# Summary\n";
        let s = split(text);
        assert_eq!(s.front.title.as_deref(), Some("Gala: A Python package"));
        assert_eq!(
            s.front.authors,
            ["Adrian M. Price-Whelan", "Ludwig van Beethoven"]
        );
        assert_eq!(s.front.keywords, ["Python", "astronomy"]);
        assert_eq!(s.front.year, Some(2017), "from `date: 13 August 2017`");
        assert_eq!(s.body, "\n# Summary\n");
        assert!(s.diagnostics.iter().all(|d| d.severity == Severity::Note));
        let unknown: Vec<_> = s.diagnostics.iter().map(|d| d.line).collect();
        // affiliations: noted with its line; the bibliography and the abstract are known.
        assert_eq!(unknown, [Some(14)]);
        assert_eq!(s.abstract_text.as_deref(), Some("First line second line."));
        assert_eq!(s.front.bibliography, ["paper.bib"]);
    }

    #[test]
    fn flow_lists_and_no_block() {
        let s = split("---\nauthors: [A. B, 'C, D']\n---\n");
        assert_eq!(s.front.authors, ["A. B", "C, D"]);
        let s = split("# Just text\n");
        assert_eq!(s.front, FrontMatter::default());
        assert!(s.diagnostics.is_empty());
    }

    #[test]
    fn a_broken_block_is_a_diagnostic_with_its_line_and_the_body_loads() {
        let s = split("---\ntitle: x\nyear: soon\n---\nBody\n");
        assert_eq!(s.front.title.as_deref(), Some("x"));
        assert_eq!(s.front.year, None);
        assert_eq!(s.diagnostics[0].line, Some(3));
        assert_eq!(s.diagnostics[0].severity, Severity::Note);
        assert_eq!(s.body, "Body\n");

        let s = split("---\ntitle: x\n  bad: [indent\n---\nBody\n");
        assert_eq!(s.body, "Body\n");
        let d = &s.diagnostics[0];
        assert_eq!(d.severity, Severity::Problem);
        assert!(d.message.starts_with("front matter: "), "{}", d.message);
        assert!(matches!(d.line, Some(2..=4)), "{:?}", d.line);

        let s = split("---\ntitle: x\n");
        assert_eq!(s.body, "---\ntitle: x\n");
        assert_eq!(s.diagnostics[0].line, Some(1));
    }

    #[test]
    fn hostile_yaml_is_refused_quickly() {
        // A billion laughs: nine levels of ten aliases each.
        let mut block = String::from("---\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
        for w in names.windows(2) {
            let refs = vec![format!("*{}", w[0]); 9].join(",");
            block.push_str(&format!("{}: &{} [{}]\n", w[1], w[1], refs));
        }
        block.push_str("---\nBody\n");
        let started = std::time::Instant::now();
        let s = split(&block);
        assert!(started.elapsed().as_secs() < 2);
        assert_eq!(s.body, "Body\n");
        assert!(
            s.diagnostics
                .iter()
                .any(|d| d.severity == Severity::Problem),
            "{:?}",
            s.diagnostics
        );

        let deep = format!(
            "---\nx: {}{}\n---\nBody\n",
            "[".repeat(10_000),
            "]".repeat(10_000)
        );
        let s = split(&deep);
        assert_eq!(s.body, "Body\n");
        assert_eq!(s.diagnostics[0].severity, Severity::Problem);
    }
}
