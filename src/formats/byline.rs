//! A paper's byline: the authors' names as a PDF's first page sets them under the title,
//! `Zsolt Molnár¹, Krisztina Gellény² and Marianna Biró¹*`, `Kelly J. Robinson¹ & Sean D.
//! Twiss²`, or one after another with only their marks between them (`Arman Cohan†∗ Sergey
//! Feldman†∗`). Written here: no maintained crate reads names out of a line of text, and the
//! rules are few (what a name's words look like, and what never is one).

/// The names a byline line gives, in order, and whether they are all it says (`false` where
/// affiliations follow the names on the same line, which then stays in the text).
#[derive(Debug, Clone, PartialEq)]
pub struct Byline {
    pub names: Vec<String>,
    pub whole: bool,
}

/// The names in `line`, a line whose superscript marks have been replaced by `|`; `None`
/// when it is no byline. A line of one name needs a mark after it (a lone two-word line is as
/// likely a masthead); names with only marks between them need at least two, and what follows
/// them (the affiliations) is left.
pub fn names(line: &str) -> Option<Byline> {
    let mut names = Vec::new();
    let mut marked = false;
    let mut whole = true;
    for (piece, after_mark) in pieces(line) {
        let piece = piece.strip_prefix("and ").unwrap_or(piece).trim();
        if piece.is_empty() {
            continue;
        }
        if is_name(piece) {
            names.push(piece.to_string());
            marked |= after_mark;
            continue;
        }
        // Affiliations after marked names: the names are the byline, the rest stays.
        if after_mark && names.len() >= 2 {
            whole = false;
            break;
        }
        return None;
    }
    let enough = names.len() >= 2 || (names.len() == 1 && line.contains('|'));
    (enough && (whole || marked)).then_some(Byline { names, whole })
}

/// The pieces of `line` between separators — marks (`|`), commas, semicolons, `and`, `&`,
/// and the footnote signs set after names — each with whether a mark came just before it.
fn pieces(line: &str) -> Vec<(&str, bool)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut after_mark = false;
    let mut next_after_mark = false;
    let bytes: Vec<(usize, char)> = line.char_indices().collect();
    let mut k = 0;
    while k < bytes.len() {
        let (i, c) = bytes[k];
        let word = |w: &str| line[i..].starts_with(w);
        let cut = if c == '|' {
            next_after_mark = true;
            Some(1)
        } else if matches!(
            c,
            ',' | ';' | '&' | '*' | '∗' | '†' | '‡' | '§' | '¶' | '⇑' | '#'
        ) {
            Some(c.len_utf8())
        } else if word(" and ") {
            Some(5)
        } else {
            None
        };
        match cut {
            Some(len) => {
                out.push((line[start..i].trim(), after_mark));
                after_mark = next_after_mark;
                start = i + len;
                while k < bytes.len() && bytes[k].0 < start {
                    k += 1;
                }
            }
            None => {
                if !c.is_whitespace() {
                    next_after_mark = false;
                }
                k += 1;
            }
        }
    }
    out.push((line[start..].trim(), after_mark));
    out
}

/// The particles a surname may start with (`van Sluijs`, `de Vries`).
const PARTICLES: &[&str] = &[
    "van", "von", "de", "der", "den", "del", "della", "da", "di", "du", "dos", "la", "le", "ten",
    "ter", "el", "al",
];

/// What follows a surname without being one.
const SUFFIXES: &[&str] = &["Jr", "Jr.", "Sr", "Sr.", "II", "III", "IV"];

/// Words set where names are and that are never names: a masthead, an institution, a
/// section, a date line.
const NOT_NAMES: &[&str] = &[
    "Abstract",
    "Academic",
    "Access",
    "Accepted",
    "Article",
    "Background",
    "Center",
    "Centre",
    "Citation",
    "College",
    "Copyright",
    "Department",
    "Editor",
    "Highlights",
    "Hospital",
    "Institute",
    "Introduction",
    "Journal",
    "Keywords",
    "Laboratory",
    "Note",
    "Open",
    "Original",
    "Paper",
    "Press",
    "Published",
    "Received",
    "Research",
    "Review",
    "School",
    "Science",
    "Sciences",
    "Society",
    "Summary",
    "University",
];

/// Whether `piece` reads as one person's name: two to five words, each a capitalised word, an
/// initial or a particle, the last (before a suffix) a surname with small letters in it.
fn is_name(piece: &str) -> bool {
    let words: Vec<&str> = piece.split_whitespace().collect();
    if !(2..=5).contains(&words.len()) {
        return false;
    }
    let letters = |w: &str| {
        w.chars()
            .all(|c| c.is_alphabetic() || matches!(c, '.' | '-' | '’' | '\'') || is_mark(c))
    };
    let word_ok = |w: &&str| {
        if PARTICLES.contains(w) || SUFFIXES.contains(w) {
            return true;
        }
        let capital = w.chars().next().is_some_and(char::is_uppercase);
        // All capitals is an initial or two (`JK`), not a word set in capitals (`OPEN`).
        let shouting = w.chars().filter(|c| c.is_alphabetic()).count() > 3
            && !w.chars().any(char::is_lowercase);
        capital && letters(w) && !shouting && !NOT_NAMES.contains(w)
    };
    if !words.iter().all(word_ok) {
        return false;
    }
    let surname = words
        .iter()
        .rev()
        .find(|w| !SUFFIXES.contains(w))
        .copied()
        .unwrap_or_default();
    surname.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && surname.chars().any(char::is_lowercase)
}

/// A combining mark, as in a name whose accent the PDF drew apart (`Sto¨ck` aside, which has
/// none to combine with).
fn is_mark(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36f}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names_of(line: &str) -> Option<(Vec<String>, bool)> {
        names(line).map(|b| (b.names, b.whole))
    }

    fn of(names: &[&str], whole: bool) -> Option<(Vec<String>, bool)> {
        Some((names.iter().map(|n| n.to_string()).collect(), whole))
    }

    #[test]
    fn bylines_in_the_ways_journals_set_them() {
        assert_eq!(
            names_of("Zsolt Molnár|, Krisztina Gellény| and Marianna Biró|*"),
            of(
                &["Zsolt Molnár", "Krisztina Gellény", "Marianna Biró"],
                true
            )
        );
        assert_eq!(
            names_of("Kelly J. Robinson| & Sean D. Twiss| & Patrick P. Pomeroy|"),
            of(
                &["Kelly J. Robinson", "Sean D. Twiss", "Patrick P. Pomeroy"],
                true
            )
        );
        assert_eq!(
            names_of("Kirsten Corder, Helen E Brown, Annie Schiff, Esther M F van Sluijs"),
            of(
                &[
                    "Kirsten Corder",
                    "Helen E Brown",
                    "Annie Schiff",
                    "Esther M F van Sluijs"
                ],
                true
            )
        );
        assert_eq!(
            names_of("Bryan S. Frazier|, William B. Driggers III|, Glenn F. Ulrich|"),
            of(
                &[
                    "Bryan S. Frazier",
                    "William B. Driggers III",
                    "Glenn F. Ulrich"
                ],
                true
            )
        );
        // Names with only marks between them, then the affiliations.
        assert_eq!(
            names_of("Arman Cohan|∗ Sergey Feldman|∗ Iz Beltagy| |Allen Institute for AI"),
            of(&["Arman Cohan", "Sergey Feldman", "Iz Beltagy"], false)
        );
    }

    #[test]
    fn what_is_set_near_a_byline_is_none() {
        for line in [
            "OPEN ACCESS",
            "Open Access",
            "RESEARCH NOTE",
            "Research",
            "Editor: Matthias Stöck, Leibniz-Institute of Freshwater Ecology",
            "Received: 13 April 2015 /Revised: 28 May 2015",
            "Corresponding author Mary J. O’Connell, m.oconnell@leeds.ac.uk",
            "Academic editor James Procter",
            "Copyright 2017 Webb et al.",
            "Background: Previous studies showed an in-depth understanding",
            "Jane Smith",
            "Department of Biology, University of Leeds",
        ] {
            assert_eq!(names(line), None, "{line}");
        }
    }
}
