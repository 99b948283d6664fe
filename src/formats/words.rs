//! Words that text extraction broke, mended: the one set of rules for a PDF's glyphs
//! ([`super::pdf`]) and for text another tool extracted from a PDF ([`super::extracted`]).
//!
//! Four things break words on their way out of a PDF: ligature glyphs (`ﬁ`, written as their
//! letters), a ligature that left a gap behind it (`fi broblast`, `Th ese`), a word cut at a
//! line's end (`compart-` / `ment`, but `tumor-` / `associated` keeps its hyphen), and a gap
//! inside a word where the letters were set apart (`stimu lated`). Whether a piece is a word
//! of its own decides the last two, and that is judged by a [`Vocabulary`]: the words the text
//! itself writes elsewhere, and the words of the bundled review (about 7,000 words of the
//! biomedical English the papers scholion reads are written in). No kept crate ships an
//! English word list small enough to hold in a reader's memory (the ones found keep megabytes),
//! so the rules and the vocabulary are written here.
//!
//! Pure: text in, text out.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

/// Ligature glyphs written as their letters.
pub fn ligatures(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\u{FB00}' => s.push_str("ff"),
            '\u{FB01}' => s.push_str("fi"),
            '\u{FB02}' => s.push_str("fl"),
            '\u{FB03}' => s.push_str("ffi"),
            '\u{FB04}' => s.push_str("ffl"),
            '\u{FB05}' | '\u{FB06}' => s.push_str("st"),
            c => s.push(c),
        }
    }
    s
}

/// The words a text is judged by: how often the text writes each (lowercase; a hyphenated
/// word counts whole and as its parts), beside the base words. Sorted, so that a prefix finds
/// the words it begins.
#[derive(Debug, Default)]
pub struct Vocabulary {
    counts: BTreeMap<String, u32>,
}

/// Build the word list words are judged by now (see [`crate::warm_up`]).
pub fn warm() {
    base();
}

/// The words of the bundled review, lowercase.
fn base() -> &'static BTreeSet<String> {
    static BASE: OnceLock<BTreeSet<String>> = OnceLock::new();
    BASE.get_or_init(|| {
        let mut set = BTreeSet::new();
        for token in tokens(crate::bundled::REVIEW) {
            for part in token.split('-').filter(|p| p.len() > 1) {
                set.insert(part.to_lowercase());
            }
        }
        set
    })
}

/// Runs of letters, digits and inner hyphens.
fn tokens(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .map(|t| t.trim_matches('-'))
        .filter(|t| !t.is_empty())
}

impl Vocabulary {
    /// The vocabulary of the given pieces of one text.
    pub fn of<'a>(texts: impl IntoIterator<Item = &'a str>) -> Self {
        let mut counts: BTreeMap<String, u32> = BTreeMap::new();
        for text in texts {
            for token in tokens(text) {
                let lower = token.to_lowercase();
                if lower.contains('-') {
                    for part in lower.split('-').filter(|p| !p.is_empty()) {
                        *counts.entry(part.to_string()).or_default() += 1;
                    }
                }
                *counts.entry(lower).or_default() += 1;
            }
        }
        Vocabulary { counts }
    }

    fn count(&self, word: &str) -> u32 {
        self.counts.get(word).copied().unwrap_or(0)
    }

    /// Whether `word` (lowercase), or it with an `s` more or less, is a word the text writes at
    /// least `times` times or a base word.
    fn has(&self, word: &str, times: u32) -> bool {
        if word.is_empty() {
            return false;
        }
        let one = |w: &str| self.count(w) >= times || base().contains(w);
        one(word)
            || word
                .strip_suffix('s')
                .is_some_and(|w| w.len() > 2 && one(w))
            || one(&format!("{word}s"))
    }

    /// A word the text writes somewhere (for a join that is not in the text where it is judged).
    pub fn known(&self, word: &str) -> bool {
        self.has(word, 1)
    }

    /// A word the text writes somewhere else too (for a piece that is in the text where it is
    /// judged, and so counted once already).
    pub fn elsewhere(&self, word: &str) -> bool {
        self.has(word, 2)
    }

    /// Whether a known word starts with `prefix`.
    fn starts_a_word(&self, prefix: &str) -> bool {
        let from = (
            std::ops::Bound::Included(prefix),
            std::ops::Bound::Unbounded,
        );
        let starts = |w: Option<&String>| w.is_some_and(|w| w.starts_with(prefix));
        starts(self.counts.range::<str, _>(from).next().map(|(w, _)| w))
            || starts(base().range::<str, _>(from).next())
    }
}

/// The run of `text`'s first characters that `keep`, lowercase: the word a piece begins with.
fn leading(text: &str, keep: fn(char) -> bool) -> String {
    text.chars()
        .take_while(|&c| keep(c))
        .collect::<String>()
        .to_lowercase()
}

/// How a line joins the text before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Joint {
    /// With a space.
    Space,
    /// As it is: nothing before it, or a hyphen that stays (`GFP-` and `tagged`).
    Touching,
    /// With the hyphen at the text's end taken off: a word cut at the line's end.
    Cut,
}

/// How `next`, a line after `before`, joins it. A hyphen at the end is a cut word's, unless
/// the whole is not a word and the parts are: the compound is written elsewhere, both parts
/// are words written elsewhere, or the first part is a long piece and the second a word
/// (`fluorescent-` / `protein`); an uppercase letter or a digit inside the first part (`GFP-`,
/// `Wnt11-`) keeps it too.
pub fn joint(before: &str, next: &str, words: &Vocabulary) -> Joint {
    if before.is_empty() {
        return Joint::Touching;
    }
    let Some(head) = before.strip_suffix('-') else {
        return Joint::Space;
    };
    let written = head
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    let first = written.to_lowercase();
    let after = leading(next, char::is_alphanumeric);
    let starts_lower = next.starts_with(|c: char| c.is_lowercase());
    let whole = format!("{first}{after}");
    let compound = format!("{first}-{after}");
    let keep = !starts_lower
        || (!words.known(&whole)
            && (words.known(&compound)
                || (words.elsewhere(&first) && words.elsewhere(&after))
                || (first.chars().count() >= 6 && words.elsewhere(&after))
                || written
                    .chars()
                    .enumerate()
                    .any(|(i, c)| i > 0 && c.is_uppercase() || c.is_ascii_digit())));
    if keep || first.is_empty() {
        Joint::Touching
    } else {
        Joint::Cut
    }
}

/// Join `next` to `text`, a line after another (see [`joint`]).
pub fn join_line(text: &mut String, next: &str, words: &Vocabulary) {
    match joint(text, next, words) {
        Joint::Space => text.push(' '),
        Joint::Cut => {
            text.pop();
        }
        Joint::Touching => {}
    }
    text.push_str(next);
}

/// What a ligature leaves when an extractor sets it apart from the rest of its word.
const LIGATURE_PIECES: &[&str] = &["fi", "fl", "ff", "ffi", "ffl", "Th", "ft"];

/// Gaps that are no word breaks closed, and runs of spaces made one: a ligature's piece and the
/// rest of its word (`fi broblast`, `Th ese`, `signifi cant`), and two pieces that are no words
/// of their own where the whole is one, or begins like one (`stimu lated`, `proper ties`).
pub fn close_gaps(text: &str, words: &Vocabulary) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pieces = text.split(' ').filter(|p| !p.is_empty()).peekable();
    while let Some(piece) = pieces.next() {
        let mut current = piece.to_string();
        while let Some(&next) = pieces.peek() {
            if !joins(&current, next, words) {
                break;
            }
            current.push_str(next);
            pieces.next();
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&current);
    }
    out
}

/// Whether `next` continues the word `piece` ends with.
fn joins(piece: &str, next: &str, words: &Vocabulary) -> bool {
    if !next.starts_with(|c: char| c.is_lowercase()) {
        return false;
    }
    // The word `piece` ends with, after any hyphen or opening bracket (none if it ends in
    // punctuation).
    let tail = piece
        .rsplit(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("");
    if tail.is_empty() {
        return false;
    }
    if LIGATURE_PIECES.contains(&tail) {
        return true;
    }
    let first = tail.to_lowercase();
    let second = leading(next, char::is_alphabetic);
    // A word that ends in a ligature's letters, before a piece that is no word (`signifi cant`,
    // `diff ers`; not `staff members`).
    if ["fi", "fl", "ff", "ffi", "ffl"]
        .iter()
        .any(|l| first.ends_with(l))
        && !words.elsewhere(&first)
        && !words.elsewhere(&second)
    {
        return true;
    }
    if second.chars().count()
        != next
            .trim_end_matches([',', '.', ';', ':', ')'])
            .chars()
            .count()
        || first.chars().count() < 2
        || second.chars().count() < 2
        || words.elsewhere(&first)
        || words.elsewhere(&second)
    {
        return false;
    }
    let whole = format!("{first}{second}");
    if words.known(&whole) {
        return true;
    }
    // Begins like a known word well past the first piece: `stimulated` beside `stimulate`.
    let reach = (first.chars().count() + 2).max(7);
    whole.chars().count() > reach && {
        let end = whole
            .char_indices()
            .nth(reach)
            .map_or(whole.len(), |(i, _)| i);
        words.starts_a_word(&whole[..end])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocab(text: &str) -> Vocabulary {
        Vocabulary::of([text])
    }

    #[test]
    fn a_cut_word_is_joined_and_a_compound_keeps_its_hyphen() {
        let v = vocab("the tumor grows; cell-associated cells; the microenvironment");
        assert_eq!(joint("the compart-", "ment of", &v), Joint::Cut);
        assert_eq!(joint("tumor micro-", "environment", &v), Joint::Cut);
        assert_eq!(
            joint("into tumor-", "associated cells", &v),
            Joint::Touching
        );
        assert_eq!(joint("used GFP-", "tagged CD63", &v), Joint::Touching);
        assert_eq!(joint("ends.", "Next", &v), Joint::Space);
    }

    #[test]
    fn gaps_left_by_ligatures_and_letter_spacing_are_closed() {
        let v = vocab("cells stimulate growth; the stimulation of cells");
        assert_eq!(close_gaps("Th ese fi bro-blasts", &v), "These fibro-blasts");
        assert_eq!(
            close_gaps("exosome-stimu lated  BCC", &v),
            "exosome-stimulated BCC"
        );
        // Two words of their own stay two.
        assert_eq!(
            close_gaps("cells stimulate growth", &v),
            "cells stimulate growth"
        );
        assert_eq!(
            close_gaps("pre metastatic niche", &v),
            "pre metastatic niche"
        );
    }
}
