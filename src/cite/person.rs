//! People's names as papers write them in full, given names first: `Kelly J. Robinson`,
//! `Esther M F van Sluijs`, `William B. Driggers III`. A byline is made of them, and so are
//! the author lists of the references computational linguistics and computer science journals
//! set (`Anant K. Agarwal, Ivan Zaitsev, and Thorsten Joachims. 2019.`). Written here: no
//! maintained crate tells a name from other capitalised words, and the rules are few.

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
pub fn is_name(piece: &str) -> bool {
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

/// An accent a PDF drew apart from its letter, combining (U+0300–U+036F) or spacing
/// (`Jo¨rg`, `Lo¨ıc`: the diaeresis, acute, grave, circumflex, tilde and breve as characters
/// of their own).
fn is_mark(c: char) -> bool {
    matches!(
        c,
        '\u{300}'..='\u{36f}' | '\u{a8}' | '\u{b4}' | '`' | '\u{2c6}' | '\u{2dc}' | '\u{2d8}'
    )
}

/// The surname in a name written given names first: its last word, with the particles before
/// it (`van Sluijs`, `Van Gysel`), before a suffix (`Driggers` in `William B. Driggers III`).
pub fn surname(name: &str) -> String {
    let words: Vec<&str> = name.split_whitespace().collect();
    let end = words
        .iter()
        .rposition(|w| !SUFFIXES.contains(w))
        .map_or(words.len(), |i| i + 1);
    let mut start = end.saturating_sub(1);
    while start > 1 && PARTICLES.contains(&words[start - 1].to_lowercase().as_str()) {
        start -= 1;
    }
    words[start..end].join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn surnames_of_names_written_given_names_first() {
        assert_eq!(surname("Anant K. Agarwal"), "Agarwal");
        assert_eq!(surname("Esther M F van Sluijs"), "van Sluijs");
        assert_eq!(surname("Christophe Van Gysel"), "Van Gysel");
        assert_eq!(surname("William B. Driggers III"), "Driggers");
        assert!(is_name("Jo\u{a8}rg Sander"));
    }
}
