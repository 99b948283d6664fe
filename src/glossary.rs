//! Glossary terms as strings: reading a term and its abbreviations, and finding every place a
//! text uses a term, in any of its spellings.
//!
//! A term matches regardless of case, of a final plural (`exosome`/`exosomes`), of hyphens and
//! spaces inside it (`pre-metastatic niche` = `premetastatic niche` = `pre metastatic niche`) and
//! of British or American spelling (`tumour`/`tumor`). Abbreviations (`sMV`, `EVs`) match only
//! with their exact case and only as whole words. Where matches overlap the longest wins. A
//! match always starts and ends on word boundaries, so it never splits a grapheme.
//!
//! Pure string work; knows nothing of articles or the library.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use unicode_segmentation::UnicodeSegmentation;

/// Longest phrase, in words of the text, that is tried as a term.
const MAX_PHRASE_WORDS: usize = 12;

/// Split a glossary term as written into the term and its abbreviations:
/// `Shed microvesicles (sMVs)` gives `Shed microvesicles` and `sMVs`, `sMV`.
pub fn split_term(raw: &str) -> (String, Vec<String>) {
    let raw = raw.trim();
    if let Some(open) = raw.rfind('(') {
        if let Some(inner) = raw[open + 1..].strip_suffix(')') {
            let names: Vec<&str> = inner
                .split([';', ',', '/'])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .collect();
            if !names.is_empty() && names.iter().all(|n| is_abbreviation(n)) {
                let term = raw[..open].trim().to_string();
                let mut aliases = Vec::new();
                for n in names {
                    for form in abbreviation_forms(n) {
                        if !aliases.contains(&form) {
                            aliases.push(form);
                        }
                    }
                }
                if !term.is_empty() {
                    return (term, aliases);
                }
            }
        }
    }
    (raw.to_string(), Vec::new())
}

/// An abbreviation is one short word with at least one capital letter and no spaces.
pub fn is_abbreviation(s: &str) -> bool {
    let len = s.chars().count();
    (1..=16).contains(&len)
        && !s.contains(char::is_whitespace)
        && s.chars().any(char::is_uppercase)
        && s.chars().all(|c| c.is_alphanumeric() || c == '-')
}

/// The singular and plural of an abbreviation: `sMVs` → `sMVs`, `sMV`; `EV` → `EV`, `EVs`.
pub fn abbreviation_forms(abbr: &str) -> Vec<String> {
    let mut forms = vec![abbr.to_string()];
    let mut chars = abbr.chars().rev();
    match (chars.next(), chars.next()) {
        (Some('s'), Some(prev)) if prev.is_uppercase() => {
            forms.push(abbr[..abbr.len() - 1].to_string())
        }
        (Some(last), _) if last.is_uppercase() || last.is_ascii_digit() => {
            forms.push(format!("{abbr}s"))
        }
        _ => {}
    }
    forms
}

/// British spellings and their American forms, applied to lower-case words.
const SPELLINGS: &[(&str, &str)] = &[
    ("tumour", "tumor"),
    ("colour", "color"),
    ("behaviour", "behavior"),
    ("favour", "favor"),
    ("labour", "labor"),
    ("leukaem", "leukem"),
    ("anaem", "anem"),
    ("haem", "hem"),
    ("aemia", "emia"),
    ("oedema", "edema"),
    ("oesophag", "esophag"),
    ("oestr", "estr"),
    ("foet", "fet"),
    ("paediatr", "pediatr"),
    ("orthopaed", "orthoped"),
    ("centre", "center"),
    ("fibre", "fiber"),
    ("litre", "liter"),
    ("metre", "meter"),
    ("isation", "ization"),
    ("ogue", "og"),
];

/// Suffix pairs: `-ise`/`-ize`, `-yse`/`-yze`, doubled `l` before `-ing`/`-ed`.
const SUFFIXES: &[(&str, &str)] = &[
    ("ising", "izing"),
    ("ised", "ized"),
    ("ises", "izes"),
    ("ise", "ize"),
    ("ysing", "yzing"),
    ("ysed", "yzed"),
    ("yse", "yze"),
    ("lling", "ling"),
    ("lled", "led"),
];

/// The form of a word used for comparison: lower case, American spelling.
pub fn fold_word(word: &str) -> String {
    let mut w = word.to_lowercase();
    for (from, to) in SPELLINGS {
        if w.contains(from) {
            w = w.replace(from, to);
        }
    }
    for (from, to) in SUFFIXES {
        if w.len() > from.len() + 2 && w.ends_with(from) {
            w.truncate(w.len() - from.len());
            w.push_str(to);
            break;
        }
    }
    w
}

/// The singular of a folded word, as far as a plural `-s` or `-ies` tells it.
pub fn singular(word: &str) -> String {
    if word.len() > 4 && word.ends_with("ies") {
        return format!("{}y", &word[..word.len() - 3]);
    }
    if word.len() > 3
        && word.ends_with('s')
        && !word.ends_with("ss")
        && !word.ends_with("us")
        && !word.ends_with("is")
    {
        return word[..word.len() - 1].to_string();
    }
    word.to_string()
}

/// The key a term or a run of words is looked up by: its folded words run together, the last
/// one made singular, so spacing and hyphens inside it do not matter.
pub fn phrase_key<'a>(words: impl IntoIterator<Item = &'a str>) -> String {
    let folded: Vec<String> = words.into_iter().map(fold_word).collect();
    let mut key = String::new();
    if let Some((last, init)) = folded.split_last() {
        for w in init {
            key.push_str(w);
        }
        key.push_str(&singular(last));
    }
    key
}

/// The words of a text with their byte ranges, and whether each may join the word after it in
/// one phrase (only a single space or hyphen between them).
fn words(text: &str) -> Vec<(Range<usize>, bool)> {
    let mut out: Vec<(Range<usize>, bool)> = Vec::new();
    let mut last_end: Option<usize> = None;
    for (start, w) in text.split_word_bound_indices() {
        if !w.chars().any(char::is_alphanumeric) {
            continue;
        }
        if let (Some(end), Some(prev)) = (last_end, out.last_mut()) {
            prev.1 = is_joiner(&text[end..start]);
        }
        out.push((start..start + w.len(), false));
        last_end = Some(start + w.len());
    }
    out
}

fn is_joiner(gap: &str) -> bool {
    matches!(
        gap,
        " " | "-" | "\u{2010}" | "\u{2011}" | "\u{a0}" | "\n" | " - " | "- " | " -"
    )
}

/// Where a term was found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    pub range: Range<usize>,
    /// The index the term was given to [`Matcher::new`].
    pub term: usize,
}

/// Finds the terms of a glossary in texts.
#[derive(Debug, Default, Clone)]
pub struct Matcher {
    phrases: HashMap<String, usize>,
    prefixes: HashSet<String>,
    abbreviations: HashMap<String, usize>,
}

impl Matcher {
    /// A matcher for terms given as (term, aliases); each is known by its position in the
    /// iterator. Where two terms share a spelling the first keeps it.
    pub fn new<'a>(terms: impl IntoIterator<Item = (&'a str, &'a [String])>) -> Self {
        let mut m = Matcher::default();
        for (index, (term, aliases)) in terms.into_iter().enumerate() {
            let key = phrase_key(words_of(term));
            if !key.is_empty() {
                for (i, _) in key.char_indices().skip(1) {
                    m.prefixes.insert(key[..i].to_string());
                }
                m.prefixes.insert(key.clone());
                m.phrases.entry(key).or_insert(index);
            }
            for alias in aliases {
                m.abbreviations.entry(alias.clone()).or_insert(index);
            }
        }
        m
    }

    pub fn is_empty(&self) -> bool {
        self.phrases.is_empty() && self.abbreviations.is_empty()
    }

    /// Every use of a term in `text`, in order, none overlapping.
    pub fn find(&self, text: &str) -> Vec<Match> {
        let mut out = Vec::new();
        if self.is_empty() {
            return out;
        }
        let words = words(text);
        let mut i = 0;
        while i < words.len() {
            let mut best: Option<(usize, usize)> = None; // (last word index, term)
            if let Some(&term) = self.abbreviations.get(&text[words[i].0.clone()]) {
                best = Some((i, term));
            }
            let mut plain = String::new();
            let mut j = i;
            loop {
                let w = fold_word(&text[words[j].0.clone()]);
                let candidate = format!("{plain}{}", singular(&w));
                if let Some(&term) = self.phrases.get(&candidate) {
                    best = Some((j, term));
                }
                plain.push_str(&w);
                if !words[j].1
                    || j + 1 >= words.len()
                    || j + 1 - i >= MAX_PHRASE_WORDS
                    || !self.prefixes.contains(&plain)
                {
                    break;
                }
                j += 1;
            }
            match best {
                Some((last, term)) => {
                    out.push(Match {
                        range: words[i].0.start..words[last].0.end,
                        term,
                    });
                    i = last + 1;
                }
                None => i += 1,
            }
        }
        out
    }
}

/// The words of a text as the matcher splits them (punctuation and spaces dropped).
pub fn words_of(term: &str) -> Vec<&str> {
    term.split_word_bounds()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_abbreviations() {
        let (t, a) = split_term("Shed microvesicles (sMVs)");
        assert_eq!(t, "Shed microvesicles");
        assert_eq!(a, ["sMVs", "sMV"]);
        let (t, a) = split_term("Extracellular vesicle (EV)");
        assert_eq!(t, "Extracellular vesicle");
        assert_eq!(a, ["EV", "EVs"]);
        let (t, a) = split_term("Cells (in culture)");
        assert_eq!(t, "Cells (in culture)");
        assert!(a.is_empty());
    }

    #[test]
    fn folding() {
        assert_eq!(fold_word("Tumour"), "tumor");
        assert_eq!(fold_word("characterised"), "characterized");
        assert_eq!(singular("niches"), "niche");
        assert_eq!(singular("metastasis"), "metastasis");
        assert_eq!(singular("therapies"), "therapy");
    }
}
