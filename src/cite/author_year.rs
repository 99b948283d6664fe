//! Author–year citations in running text: `(Zhao et al., 2012b)`, `(Smith and Jones 2010; Lee
//! 2011)`, `[Loefer & Sedberry, 2003]`, `Smith et al. (2014)`, `Smith (2014, p. 3)`, and
//! `(Smith 2010, 2012)` for two works of one author. Each item names a first author (and a
//! second, or `et al.`), a year and a letter; [`match_reference`] finds the entry of an
//! author–year reference list it means, or says that several fit.
//!
//! Hand-written on the `regex` crate: no kept crate reads author–year citations.

use super::pattern::{Groups, Pattern};
use crate::glossary::fold_word;
use crate::model::Reference;
use std::ops::Range;
use std::sync::LazyLock;

/// One work an author–year citation names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// The first author's surname as written.
    pub first: String,
    /// The second author's, in `Smith and Jones`.
    pub second: Option<String>,
    pub et_al: bool,
    pub year: u32,
    /// The letter that tells one author's works of a year apart: `b` in `2012b`.
    pub letter: Option<char>,
    /// How the item is written: `Zhao et al., 2012b`.
    pub label: String,
}

/// An author–year citation found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub range: Range<usize>,
    pub items: Vec<Item>,
}

/// A surname: [`PARTICLES`], then a capital.
fn name() -> String {
    format!(
        r"(?:(?:{})\s+)*\p{{Lu}}[\p{{L}}\p{{M}}'’\-]+",
        PARTICLES.join("|")
    )
}
const YEAR: &str = r"(?:1[6-9]\d\d|20\d\d)[a-z]?";

/// `Authors, 2012b, 2013` inside a parenthesis, one part of a `;` list.
static ITEM: LazyLock<Pattern> = LazyLock::new(|| {
    let name = name();
    Pattern::short(&format!(
        r"^(?:[^;]*?\s)??(?P<first>{name})(?P<rest>\s+et\s+al\.?|\s+(?:and|&)\s+(?P<second>{name}))?,?\s+(?P<years>{YEAR}(?:\s*,\s*{YEAR})*)(?:\s*,\s*(?:p|pp|chap|fig|table)\.?\s*[\d\-–]+)?\s*$"
    ))
});

/// `Smith et al. (2014)`, `Smith and Jones (2010, p. 3)`: authors in the sentence, matched
/// from a place the authors may start to the end of one parenthesis that opens on a year.
static NARRATIVE: LazyLock<Pattern> = LazyLock::new(|| {
    let name = name();
    Pattern::short(&format!(
        r"^(?P<first>{name})(?P<rest>\s+et\s+al\.?|\s+(?:and|&)\s+(?P<second>{name}))?(?:’s|'s)?\s+\((?P<years>{YEAR}(?:\s*,\s*{YEAR})*)(?:\s*,\s*(?:p|pp|chap)\.?\s*[\d\-–]+)?\)$"
    ))
});

/// Compile this module's patterns now (see [`super::warm`]).
pub(super) fn warm() {
    for pattern in [&ITEM, &NARRATIVE, &ONE_YEAR] {
        LazyLock::force(pattern);
    }
}

/// The particles a surname may start with (`van der Berg`).
const PARTICLES: &[&str] = &[
    "van", "von", "de", "der", "den", "del", "da", "di", "le", "la", "du",
];

/// Whether `text` starts with a particle and white space.
fn starts_with_particle(text: &str) -> bool {
    PARTICLES.iter().any(|p| {
        text.strip_prefix(p)
            .is_some_and(|rest| rest.starts_with(char::is_whitespace))
    })
}

/// How far before its parenthesis a narrative citation's authors may start: two long names,
/// particles, `and`, `’s`.
const NARRATIVE_REACH: usize = 160;

static ONE_YEAR: LazyLock<Pattern> =
    LazyLock::new(|| Pattern::new(r"(?P<year>\d{4})(?P<letter>[a-z])?"));

/// Capitalised words that come before a year without being anyone's name.
const NOT_NAMES: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Spring",
    "Summer",
    "Autumn",
    "Fall",
    "Winter",
    "Table",
    "Tables",
    "Figure",
    "Figures",
    "Fig",
    "Figs",
    "Section",
    "Chapter",
    "Appendix",
    "Eq",
    "Equation",
    "Since",
    "From",
    "In",
    "Until",
    "Before",
    "After",
    "During",
    "Between",
    "And",
    "The",
    "See",
    "Ref",
    "Version",
    "Release",
    "Model",
    "Year",
    "Years",
];

/// The items of one matched part.
fn items(caps: &Groups<'_>) -> Vec<Item> {
    let first = caps.text("first").to_string();
    // A surname has a lower-case letter: `RA` in a grant number `FKZ 50 RA 1701` is no name.
    if NOT_NAMES.contains(&first.as_str()) || !first.chars().any(char::is_lowercase) {
        return Vec::new();
    }
    let second = caps.name("second").map(str::to_string);
    let et_al = caps.name("rest").is_some_and(|m| m.contains("et"));
    ONE_YEAR
        .captures_iter(caps.text("years"))
        .filter_map(|y| {
            let year: u32 = y.text("year").parse().ok()?;
            let letter = y.name("letter").and_then(|l| l.chars().next());
            let authors = match (&second, et_al) {
                (Some(s), _) => format!("{first} and {s}"),
                (None, true) => format!("{first} et al."),
                (None, false) => first.clone(),
            };
            Some(Item {
                first: first.clone(),
                second: second.clone(),
                et_al,
                year,
                letter,
                label: format!(
                    "{authors}, {year}{}",
                    letter.map(String::from).unwrap_or_default()
                ),
            })
        })
        .collect()
}

/// Every author–year citation in `text` outside the `excluded` ranges, in text order.
pub fn scan(text: &str, excluded: &[Range<usize>]) -> Vec<Found> {
    let outside = |r: &Range<usize>| !super::overlaps_any(excluded, r);
    let mut out: Vec<Found> = Vec::new();
    // Every form holds a year: a text without four digits in a row has none of them, and is
    // passed over at the cost of one look at its bytes.
    let bytes = text.as_bytes();
    // Where four digits start, in order: a bracket with none of them close after it is passed
    // over by a binary search, so a text of a million `(` costs no more than its length.
    let years: Vec<usize> = bytes
        .windows(4)
        .enumerate()
        .filter(|(_, w)| matches!(w[0], b'1' | b'2') && w[1..].iter().all(u8::is_ascii_digit))
        .map(|(i, _)| i)
        .collect();
    if years.is_empty() {
        return out;
    }
    // Parenthetical and bracketed: every `;` part must be an item.
    for (open, c) in text.match_indices(['(', '[']) {
        // A year must follow within the bracket; most brackets are passed over here.
        let next = years.partition_point(|&y| y <= open);
        if years.get(next).is_none_or(|&y| y > open + 300) {
            continue;
        }
        let close_char = if c == "(" { ')' } else { ']' };
        let end = crate::text::floor_char(text, open + 300);
        let Some(close) = text[open + 1..end].find(close_char).map(|i| open + 1 + i) else {
            continue;
        };
        let inner = &text[open + 1..close];
        if !inner.contains(|c: char| c.is_ascii_digit()) {
            continue;
        }
        let mut all = Vec::new();
        let ok = inner
            .split(';')
            // Every item names someone with a capital: `(2014)` is passed over unread.
            .all(|part| {
                match Some(part.trim())
                    .filter(|p| p.contains(char::is_uppercase))
                    .and_then(|p| ITEM.captures(p))
                {
                    Some(caps) => {
                        all.extend(items(&caps));
                        true
                    }
                    None => false,
                }
            });
        let range = open..close + 1;
        if ok && !all.is_empty() && outside(&range) {
            out.push(Found { range, items: all });
        }
    }
    let brackets = out.len();
    // Narrative: each parenthesis a year opens, with the words before it.
    for &y in &years {
        let Some(open) = y.checked_sub(1).filter(|&o| bytes[o] == b'(') else {
            continue;
        };
        let end = crate::text::floor_char(text, open + 300);
        let Some(close) = text[open..end].find(')').map(|i| open + i) else {
            continue;
        };
        // The leftmost place the authors can start from (a capital, or a word that may be a
        // particle, `van der Berg`), from the start of a word within reach.
        let mut reach = crate::text::floor_char(text, open.saturating_sub(NARRATIVE_REACH));
        if reach > 0 {
            match text[reach..open]
                .char_indices()
                .find(|(_, c)| c.is_whitespace())
            {
                Some((i, c)) => reach += i + c.len_utf8(),
                None => continue,
            }
        }
        // Nothing but letters, marks, white space, `'’-&.` can come between the authors'
        // start and the parenthesis: an earlier digit or bracket (another citation) bounds it.
        if let Some(b) = text[reach..open].rfind(|c: char| {
            c.is_ascii()
                && !(c.is_ascii_alphabetic() || c.is_ascii_whitespace() || "'-&.".contains(c))
        }) {
            reach += b + 1;
        }
        let mut before = ' ';
        let found = text[reach..open].char_indices().find_map(|(i, c)| {
            let word_start = before.is_whitespace();
            before = c;
            let start = reach + i;
            if !(c.is_uppercase() || word_start && starts_with_particle(&text[start..open])) {
                return None;
            }
            NARRATIVE
                .captures(&text[start..=close])
                .map(|caps| (start, caps))
        });
        let Some((start, caps)) = found else {
            continue;
        };
        let range = start..close + 1;
        // The brackets found above are in text order and apart: the one that could overlap
        // is the first that ends after this starts.
        let next = out[..brackets].partition_point(|f| f.range.end <= range.start);
        let overlaps = out[..brackets]
            .get(next)
            .is_some_and(|f| f.range.start < range.end);
        if !outside(&range) || overlaps {
            continue;
        }
        let found = items(&caps);
        if !found.is_empty() {
            out.push(Found {
                range,
                items: found,
            });
        }
    }
    out.sort_by_key(|f| f.range.start);
    out
}

/// What an item means in a reference list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Match {
    /// Index into the references.
    One(usize),
    /// Several entries fit and nothing tells them apart: their indices.
    Ambiguous(Vec<usize>),
    None,
}

/// The entry of `refs` that `item` names: same first author (and second, when named), same
/// year; a letter picks the entry by its place among that author's works of the year.
pub fn match_reference(item: &Item, refs: &[Reference]) -> Match {
    let first = fold_word(&item.first);
    let second = item.second.as_deref().map(fold_word);
    // The entry's text names its authors first: when its fields could not be read (another
    // style's punctuation), the surname at its start and the second name in it still tell.
    let starts_with = |r: &Reference, name: &str| {
        let head: String = r.text.chars().take(name.chars().count() + 1).collect();
        let head = fold_word(head.trim_end_matches([',', ' ', '.', ':']));
        head == name
    };
    let names = |r: &Reference, name: &str| {
        r.text
            .split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '\''))
            .any(|w| fold_word(w) == name)
            || r.surnames.iter().any(|s| fold_word(s) == name)
    };
    let fits: Vec<usize> = refs
        .iter()
        .enumerate()
        .filter(|(_, r)| {
            r.year == Some(item.year)
                && (r.surnames.first().map(|s| fold_word(s)).as_deref() == Some(first.as_str())
                    || starts_with(r, &first))
                && second.as_ref().is_none_or(|s| {
                    let last = s.rsplit(' ').next().unwrap_or(s);
                    r.surnames.get(1).map(|x| fold_word(x)).as_deref() == Some(s.as_str())
                        || names(r, last)
                })
        })
        .map(|(i, _)| i)
        .collect();
    match (fits.len(), item.letter) {
        (0, _) => Match::None,
        (_, Some(l)) => {
            // The letters follow the list's order: `a` is the first of the year.
            let k = (l as usize).saturating_sub('a' as usize);
            fits.get(k).map_or(Match::None, |&i| Match::One(i))
        }
        (1, None) => Match::One(fits[0]),
        _ => Match::Ambiguous(fits),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(text: &str) -> Vec<(String, Vec<String>)> {
        scan(text, &[])
            .into_iter()
            .map(|f| {
                (
                    text[f.range].to_string(),
                    f.items.into_iter().map(|i| i.label).collect(),
                )
            })
            .collect()
    }

    #[test]
    fn every_author_year_form() {
        assert_eq!(
            labels("As shown (Zhao et al., 2012b) and (Smith and Jones 2010; Lee 2011)."),
            [
                (
                    "(Zhao et al., 2012b)".to_string(),
                    vec!["Zhao et al., 2012b".to_string()]
                ),
                (
                    "(Smith and Jones 2010; Lee 2011)".to_string(),
                    vec!["Smith and Jones, 2010".to_string(), "Lee, 2011".to_string()]
                ),
            ]
        );
        assert_eq!(
            labels("Smith et al. (2014) found it; Smith (2014, p. 3) did too."),
            [
                (
                    "Smith et al. (2014)".to_string(),
                    vec!["Smith et al., 2014".to_string()]
                ),
                (
                    "Smith (2014, p. 3)".to_string(),
                    vec!["Smith, 2014".to_string()]
                ),
            ]
        );
        assert_eq!(
            labels("[Loefer & Sedberry, 2003] and (see Smith 2010, 2012)")[1].1,
            ["Smith, 2010", "Smith, 2012"]
        );
        assert_eq!(
            labels("[Loefer & Sedberry, 2003]")[0].1,
            ["Loefer and Sedberry, 2003"]
        );
    }

    #[test]
    fn narrative_authors_start_where_a_name_can() {
        let only = |text: &str| {
            let found = labels(text);
            assert_eq!(found.len(), 1, "{text:?}: {found:?}");
            found[0].clone()
        };
        // A particle starts the name; a capital inside a word does too, as `l'`.
        assert_eq!(
            only("as van der Berg and Smith (2010) said").0,
            "van der Berg and Smith (2010)"
        );
        assert_eq!(only("selon l'Auteur (2010), non").1, ["Auteur, 2010"]);
        // Far into a long paragraph, and with a long sentence before the name.
        let long = format!("{} Smith and Jones (2014) found it.", "words ".repeat(100));
        assert_eq!(only(&long).0, "Smith and Jones (2014)");
        // Two in a row are two.
        assert_eq!(labels("Smith (2010) and Jones (2011) agree.").len(), 2);
    }

    #[test]
    fn what_is_not_an_author_year_citation() {
        for text in [
            "(n = 2014)",
            "(2014)",
            "(see Table 2)",
            "(p < 0.05)",
            "In 2014 (a year later) it rose.",
            "(e.g. November 2014)",
            "(BMWi, FKZ 50 RA 1701)",
            "(Table 2014)",
        ] {
            assert!(labels(text).is_empty(), "{text}: {:?}", labels(text));
        }
    }
}
