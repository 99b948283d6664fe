//! `scholion inspect`: what the model holds, as a report for people or as JSON for scripts.
//!
//! The JSON keys named in the README are a contract; fields may be added, never renamed.

use crate::library::Library;
use crate::model::{Article, Reference, Target};
use serde::Serialize;

#[derive(Serialize)]
pub struct Report {
    pub articles: Vec<ArticleReport>,
}

#[derive(Serialize)]
pub struct ArticleReport {
    pub path: String,
    /// The article's stable id: `doi:…`, else `text:` and a digest of its normalised text.
    pub id: String,
    pub title: String,
    pub title_supplied: bool,
    pub authors: Vec<String>,
    pub journal: Option<String>,
    pub year: Option<u32>,
    pub doi: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub sections: Vec<SectionReport>,
    pub citations: Vec<CitationReport>,
    pub references: Vec<ReferenceReport>,
    pub glossary: Vec<GlossaryReport>,
    pub term_occurrences: Vec<OccurrenceReport>,
    pub figures: Vec<FigureReport>,
    pub diagnostics: Vec<String>,
    /// pandoc-crossref references (`@fig:x`, `@tbl:x`, `@sec:x`, `@eq:x`) and what each names
    /// (`null`: nothing in the article is labelled so).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cross_references: Vec<CrossRefReport>,
}

#[derive(Serialize)]
pub struct CrossRefReport {
    pub label: String,
    pub names: Option<String>,
    pub section: String,
}

#[derive(Serialize)]
pub struct SectionReport {
    pub title: String,
    pub level: u8,
    pub role: crate::model::SectionRole,
}

#[derive(Serialize)]
pub struct CitationReport {
    pub text: String,
    /// The numbers it cites (a keyed citation's are in `keys`).
    pub numbers: Vec<u32>,
    /// Numbers found in the article's own reference list.
    pub resolved: Vec<u32>,
    pub resolved_references: Vec<NumberedText>,
    /// Numbers the article's own list lacks.
    pub unresolved: Vec<u32>,
    pub suggestions: Vec<SuggestionReport>,
    pub section: String,
    /// The keys it cites (`[@smith2020]`), when it cites by key.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub keys: Vec<String>,
    /// Keys found in the article's own reference list.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub resolved_keys: Vec<String>,
    /// Keys the article's own list lacks.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unresolved_keys: Vec<String>,
    /// For a pandoc citation, each key with what the citation says around it and the number of
    /// the reference it resolved to.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<ItemReport>,
}

/// One key of a pandoc citation.
#[derive(Serialize)]
pub struct ItemReport {
    pub key: String,
    pub prefix: String,
    pub locator: String,
    pub suffix: String,
    pub mode: crate::model::CiteMode,
    /// The number of the reference it resolved to; `null` when the bibliography lacks it.
    pub resolved: Option<u32>,
}

#[derive(Serialize)]
pub struct NumberedText {
    pub number: u32,
    pub text: String,
    /// The reference's key, when its list names entries by key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
}

/// What a suggestion is for, as cited: a number, or a key.
#[derive(Serialize)]
#[serde(untagged)]
pub enum Cited {
    Number(u32),
    Key(String),
}

impl std::fmt::Display for Cited {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Cited::Number(n) => write!(f, "{n}"),
            Cited::Key(k) => write!(f, "{k}"),
        }
    }
}

#[derive(Serialize)]
pub struct SuggestionReport {
    /// The article the suggested reference comes from (its path).
    pub article: String,
    pub article_title: String,
    /// The reference's number in that article's list; `null` when what is suggested is that
    /// article itself (a Manubot identifier naming a loaded article).
    pub number: Option<u32>,
    /// The reference's text, or the article's authors and title.
    pub text: String,
    /// The cited number (or key) this is a suggestion for.
    #[serde(rename = "for")]
    pub cited: Cited,
    pub score: u32,
    pub reasons: Vec<String>,
}

/// A reference: all its fields, plus what the report adds.
#[derive(Serialize)]
pub struct ReferenceReport {
    #[serde(flatten)]
    pub reference: Reference,
    pub first_author: Option<String>,
    pub times_cited: usize,
}

#[derive(Serialize)]
pub struct GlossaryReport {
    pub term: String,
    pub aliases: Vec<String>,
    pub definition: String,
}

#[derive(Serialize)]
pub struct OccurrenceReport {
    pub term: String,
    pub matched_text: String,
    /// The path of the article whose glossary defines the term.
    pub defined_in: String,
    pub section: String,
}

#[derive(Serialize)]
pub struct FigureReport {
    pub label: String,
    pub caption: String,
}

fn section_title(art: &Article, block: usize) -> String {
    art.section_of(block)
        .map(|s| s.title.clone())
        .unwrap_or_default()
}

/// The report of a whole library.
pub fn report(lib: &Library) -> Report {
    Report {
        articles: (0..lib.len()).map(|a| article_report(lib, a)).collect(),
    }
}

fn article_report(lib: &Library, a: usize) -> ArticleReport {
    let art = lib.article(a);
    let citations = art
        .citations
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let r = lib.resolution(a, i);
            let numbers =
                |ts: &mut dyn Iterator<Item = Target>| ts.filter_map(Target::number).collect();
            let keys = |ts: &mut dyn Iterator<Item = Target>| {
                ts.filter(|t| t.number().is_none())
                    .map(|t| art.target_text(t).into_owned())
                    .collect()
            };
            CitationReport {
                text: c.text(art).to_string(),
                numbers: c.numbers().collect(),
                resolved: numbers(&mut r.resolved.iter().map(|&(t, _)| t)),
                resolved_references: r
                    .resolved
                    .iter()
                    .map(|&(_, ri)| NumberedText {
                        number: art.references[ri].number,
                        text: art.references[ri].text.clone(),
                        key: art.references[ri].key.clone(),
                    })
                    .collect(),
                unresolved: numbers(&mut r.unresolved.iter().copied()),
                keys: keys(&mut c.targets.iter().copied()),
                resolved_keys: keys(&mut r.resolved.iter().map(|&(t, _)| t)),
                unresolved_keys: keys(&mut r.unresolved.iter().copied()),
                // A pandoc citation's keys (an author–year citation is reported by its text
                // and what it resolved to, as a numeric one is).
                items: art
                    .details(i)
                    .unwrap_or_default()
                    .iter()
                    .zip(&c.targets)
                    .filter(|(d, _)| d.mode != crate::model::CiteMode::AuthorYear)
                    .map(|(d, &t)| ItemReport {
                        key: art.target_text(t).into_owned(),
                        prefix: d.prefix.clone(),
                        locator: d.locator.clone(),
                        suffix: d.suffix.clone(),
                        mode: d.mode,
                        resolved: r
                            .resolved
                            .iter()
                            .find(|&&(rt, _)| rt == t)
                            .map(|&(_, ri)| art.references[ri].number),
                    })
                    .collect(),
                suggestions: r
                    .suggestions
                    .iter()
                    // The report is made from a library holding every article whole, where
                    // every suggested reference is in memory.
                    .filter_map(|s| {
                        let from = lib.summary(s.article);
                        let (number, text) = match s.reference {
                            Some(_) => {
                                let reference = lib.suggested(s)?;
                                (Some(reference.number), reference.text.clone())
                            }
                            None => (None, from.as_reference()),
                        };
                        Some(SuggestionReport {
                            article: from.path().to_string(),
                            article_title: from.title().to_string(),
                            number,
                            text,
                            cited: match s.cited.number() {
                                Some(n) => Cited::Number(n),
                                None => Cited::Key(art.target_text(s.cited).into_owned()),
                            },
                            score: s.score,
                            reasons: s.reasons.clone(),
                        })
                    })
                    .collect(),
                section: section_title(art, c.block),
            }
        })
        .collect();
    ArticleReport {
        path: art.path.clone(),
        id: lib.id(a).to_string(),
        title: art.display_title().to_string(),
        title_supplied: art.front.title_supplied,
        authors: art.front.authors.clone(),
        journal: art.front.journal.clone(),
        year: art.front.year,
        doi: art.front.doi.clone(),
        kind: art.front.kind.clone(),
        sections: art
            .sections
            .iter()
            .map(|s| SectionReport {
                title: s.title.clone(),
                level: s.level,
                role: s.role,
            })
            .collect(),
        citations,
        references: art
            .references
            .iter()
            .map(|r| ReferenceReport {
                reference: r.clone(),
                first_author: r.first_author().map(str::to_string),
                times_cited: lib.times_cited(a, art.target_of(r)),
            })
            .collect(),
        glossary: art
            .glossary
            .iter()
            .map(|g| GlossaryReport {
                term: g.term.clone(),
                aliases: g.aliases.clone(),
                definition: g.definition.clone(),
            })
            .collect(),
        term_occurrences: lib
            .occurrences(a)
            .iter()
            .map(|o| OccurrenceReport {
                term: lib.term(o.term).term.to_string(),
                matched_text: art.blocks[o.block()].text[o.range()].to_string(),
                defined_in: lib.summary(o.term.article()).path().to_string(),
                section: section_title(art, o.block()),
            })
            .collect(),
        figures: art
            .figures
            .iter()
            .map(|f| FigureReport {
                label: f.label.clone(),
                caption: f.caption.clone(),
            })
            .collect(),
        cross_references: art
            .crossrefs
            .iter()
            .map(|x| CrossRefReport {
                label: x.label.clone(),
                names: x.name.clone(),
                section: section_title(art, x.block),
            })
            .collect(),
        diagnostics: art
            .diagnostics
            .iter()
            .map(|d| match d.line {
                Some(l) => format!("line {l}: {}", d.message),
                None => d.message.clone(),
            })
            .collect(),
    }
}

/// The report as JSON, one object.
pub fn to_json(lib: &Library) -> String {
    // Written by the sanitiser's JSON writer: C1, DEL and bidi controls are escaped too.
    crate::sanitize::to_json(&report(lib)).unwrap_or_else(|e| {
        format!(
            "{{\"error\": {:?}}}",
            crate::sanitize::one_line(&e.to_string())
        )
    })
}

/// Numbers, then keys, as a list: `1, 2, smith2020`.
fn listed(numbers: &[u32], keys: &[String]) -> String {
    let all: Vec<String> = numbers
        .iter()
        .map(u32::to_string)
        .chain(keys.iter().cloned())
        .collect();
    all.join(", ")
}

/// The report as text for a person.
pub fn to_text(lib: &Library) -> String {
    use std::fmt::Write;
    let report = report(lib);
    let mut out = String::new();
    for a in &report.articles {
        let _ = writeln!(out, "== {} ==", a.title);
        let _ = writeln!(out, "file: {}", a.path);
        if a.title_supplied {
            let _ = writeln!(out, "title: supplied (the source gives none)");
        }
        if !a.authors.is_empty() {
            let _ = writeln!(out, "authors: {}", a.authors.join("; "));
        }
        let meta = crate::model::meta_parts(
            a.kind.as_deref(),
            a.journal.as_deref(),
            a.year,
            a.doi.as_deref(),
        );
        if !meta.is_empty() {
            let _ = writeln!(out, "{}", meta.join(" · "));
        }
        let _ = writeln!(out, "\nsections ({}):", a.sections.len());
        for s in &a.sections {
            let line =
                crate::model::outline_line(&s.title, s.level, "(text before the first heading)");
            let _ = writeln!(out, "  {line}");
        }
        let unresolved: usize = a.citations.iter().map(|c| c.unresolved.len()).sum();
        let _ = writeln!(
            out,
            "\ncitations ({}, {} unresolved numbers):",
            a.citations.len(),
            unresolved
        );
        for c in &a.citations {
            let _ = writeln!(out, "  {} → {}", c.text, listed(&c.numbers, &c.keys));
            for r in &c.resolved_references {
                let _ = writeln!(out, "      {}. {}", r.number, r.text);
            }
            if !c.unresolved.is_empty() || !c.unresolved_keys.is_empty() {
                let _ = writeln!(
                    out,
                    "      unresolved: {} (not in this article's reference list)",
                    listed(&c.unresolved, &c.unresolved_keys)
                );
            }
            for s in &c.suggestions {
                let what = match s.number {
                    Some(n) => format!("{} reference {n}: {}", s.article_title, s.text),
                    None => format!("the loaded article {}", s.article_title),
                };
                let _ = writeln!(
                    out,
                    "      suggestion for {}: {what} [{}]",
                    s.cited,
                    s.reasons.join(", ")
                );
            }
        }
        let parsed = a
            .references
            .iter()
            .filter(|r| r.first_author.is_some())
            .count();
        let _ = writeln!(
            out,
            "\nreferences: {} (first author read for {})",
            a.references.len(),
            parsed
        );
        if let (Some(first), Some(last)) = (a.references.first(), a.references.last()) {
            let _ = writeln!(
                out,
                "  numbered {}–{}",
                first.reference.number, last.reference.number
            );
        }
        let _ = writeln!(out, "\nglossary ({}):", a.glossary.len());
        for g in &a.glossary {
            let aliases = if g.aliases.is_empty() {
                String::new()
            } else {
                format!(" ({})", g.aliases.join(", "))
            };
            let _ = writeln!(out, "  {}{}: {}", g.term, aliases, g.definition);
        }
        let _ = writeln!(out, "\nterm occurrences ({}):", a.term_occurrences.len());
        for o in &a.term_occurrences {
            let _ = writeln!(out, "  {:?} → {}", o.matched_text, o.term);
        }
        if !a.figures.is_empty() {
            let _ = writeln!(out, "\nfigures ({}):", a.figures.len());
            for f in &a.figures {
                let _ = writeln!(out, "  {}: {}", f.label, f.caption);
            }
        }
        for d in &a.diagnostics {
            let _ = writeln!(out, "note: {d}");
        }
        out.push('\n');
    }
    out
}
