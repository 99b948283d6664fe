//! JATS references: each `<ref>` as it is read (element or mixed citation), and the model's
//! reference made from it, its text composed when the publisher tagged every part.

use super::*;
use crate::cite::initials;

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum RefField {
    Surname,
    GivenNames,
    Collab,
    StringName,
    Title,
    Source,
    Year,
    Volume,
    FirstPage,
    LastPage,
    ELocation,
    Doi,
    Pmid,
    /// A `<comment>`: `Available from: …`, `Accessed …`.
    Comment,
}

/// A reference as it is read.
#[derive(Debug, Default)]
pub(super) struct RefDraft {
    pub(super) id: String,
    pub(super) label: String,
    /// The visible text of a mixed citation, or empty for an element citation.
    pub(super) mixed: String,
    pub(super) is_mixed: bool,
    /// Characters the mixed citation has outside its tagged parts: none means the publisher
    /// tagged everything and left out the punctuation, so the text is composed instead.
    pub(super) mixed_untagged: usize,
    pub(super) authors: Vec<(String, String)>,
    pub(super) in_author_group: bool,
    /// Whether the open person group names editors.
    pub(super) in_editor_group: bool,
    /// Editors (surname, given names), for a chapter in an edited book.
    pub(super) editors: Vec<(String, String)>,
    pub(super) et_al: bool,
    pub(super) title: String,
    pub(super) source: String,
    pub(super) year: String,
    pub(super) volume: String,
    pub(super) fpage: String,
    pub(super) lpage: String,
    pub(super) elocation: String,
    pub(super) doi: String,
    pub(super) pmid: String,
    /// A web address the reference links to (an `ext-link` or `uri` in it).
    pub(super) url: String,
    /// What its `<comment>` says.
    pub(super) comment: String,
    pub(super) name: (String, String),
}

/// People as a reference list writes them: `Smith, J. A.` (a surname alone when no given
/// names were tagged).
fn names(people: &[(String, String)]) -> Vec<String> {
    people
        .iter()
        .map(|(sur, given)| {
            if given.is_empty() {
                sur.clone()
            } else {
                format!("{sur}, {}", initials(given))
            }
        })
        .collect()
}

/// The reference's text and fields from what the XML tagged.
pub(super) fn reference_from(d: &RefDraft, number: u32, block: usize) -> Reference {
    let authors = names(&d.authors);
    let pages = if !d.fpage.is_empty() {
        if d.lpage.is_empty() || d.lpage == d.fpage {
            d.fpage.clone()
        } else {
            format!("{}–{}", d.fpage, d.lpage)
        }
    } else {
        d.elocation.clone()
    };
    let tagged = !d.authors.is_empty() || !d.title.is_empty() || !d.source.is_empty();
    let text = if d.is_mixed && !d.mixed.trim().is_empty() && (d.mixed_untagged > 1 || !tagged) {
        clean(&d.mixed)
    } else {
        compose(d, &authors, &pages)
    };
    let parsed = crate::cite::parse_reference(number, &text, block);
    let opt = |s: &str| (!s.is_empty()).then(|| s.to_string());
    Reference {
        number,
        key: None,
        text,
        surnames: if d.authors.is_empty() {
            parsed.surnames
        } else {
            d.authors.iter().map(|a| a.0.clone()).collect()
        },
        authors: if authors.is_empty() {
            parsed.authors
        } else {
            authors
        },
        et_al: d.et_al || parsed.et_al,
        title: opt(&d.title).or(parsed.title),
        journal: opt(&d.source).or(parsed.journal),
        volume: opt(&d.volume).or(parsed.volume),
        pages: opt(&pages).or(parsed.pages),
        year: d.year.get(..4).and_then(|y| y.parse().ok()).or(parsed.year),
        doi: opt(&d.doi).or(parsed.doi),
        pmid: opt(&d.pmid).or(parsed.pmid),
        block,
    }
}

/// A reference written in the journal style scholion reads:
/// `Surname, I., Surname, I. & Surname, I. Title. Source 12, 1–9 (2020). doi:... PMID: ...`
fn compose(d: &RefDraft, authors: &[String], pages: &str) -> String {
    let mut s = String::new();
    const SHOWN: usize = 10;
    if !authors.is_empty() {
        if d.et_al || authors.len() > SHOWN {
            let shown: Vec<&str> = authors
                .iter()
                .take(SHOWN.min(authors.len()))
                .map(String::as_str)
                .collect();
            if shown.len() == 1 {
                s.push_str(shown[0]);
            } else {
                s.push_str(&shown.join(", "));
            }
            s.push_str(" et al.");
        } else if authors.len() == 1 {
            s.push_str(&authors[0]);
        } else {
            s.push_str(&authors[..authors.len() - 1].join(", "));
            s.push_str(" & ");
            s.push_str(&authors[authors.len() - 1]);
        }
        if !s.ends_with('.') {
            s.push('.');
        }
        s.push(' ');
    }
    if !d.title.is_empty() {
        s.push_str(&d.title);
        if !d.title.ends_with(['.', '?', '!']) {
            s.push('.');
        }
        s.push(' ');
    }
    if !d.editors.is_empty() {
        let names = names(&d.editors);
        s.push_str(&format!(
            "In {} ({}) ",
            names.join(", "),
            if names.len() == 1 { "ed." } else { "eds." }
        ));
    }
    if !d.source.is_empty() {
        s.push_str(&d.source);
    }
    if !d.volume.is_empty() {
        s.push(' ');
        s.push_str(&d.volume);
    }
    if !pages.is_empty() {
        s.push_str(if d.volume.is_empty() && d.source.is_empty() {
            ""
        } else {
            ", "
        });
        s.push_str(pages);
    }
    if !d.year.is_empty() {
        s.push_str(&format!(" ({})", d.year));
    }
    let mut s = s.trim().to_string();
    if !s.is_empty() && !s.ends_with('.') {
        s.push('.');
    }
    if !d.doi.is_empty() {
        s.push_str(&format!(" doi:{}", d.doi));
    }
    if !d.pmid.is_empty() {
        s.push_str(&format!(" PMID: {}", d.pmid));
    }
    // A web reference's address and access date, as its comment gives them (or the address).
    if !d.comment.is_empty() {
        s.push(' ');
        s.push_str(d.comment.trim());
    } else if !d.url.is_empty() {
        s.push(' ');
        s.push_str(&d.url);
    }
    clean(&s)
}
