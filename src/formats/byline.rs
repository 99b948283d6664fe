//! A paper's byline: the authors' names as a PDF's first page sets them under the title,
//! `Zsolt Molnár¹, Krisztina Gellény² and Marianna Biró¹*`, `Kelly J. Robinson¹ & Sean D.
//! Twiss²`, or one after another with only their marks between them (`Arman Cohan†∗ Sergey
//! Feldman†∗`). Written here: no maintained crate reads names out of a line of text; what a
//! name looks like is [`crate::cite::person`]'s, which the reference parser shares.

use crate::cite::person;

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
        if person::is_name(piece) {
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
