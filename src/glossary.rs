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

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::cell::RefCell;
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

/// Byte ranges of the words of `text`: Unicode word boundaries (UAX #29), keeping the segments
/// that hold a letter or digit. ASCII text takes a fast path that follows the same rules
/// (`e.g`, `3.5`, `1,000`, `can't`, `foo_bar` are one word each).
pub fn word_ranges(text: &str) -> Vec<Range<usize>> {
    if !text.is_ascii() {
        return text
            .split_word_bound_indices()
            .filter(|(_, w)| w.chars().any(char::is_alphanumeric))
            .map(|(i, w)| i..i + w.len())
            .collect();
    }
    let b = text.as_bytes();
    let n = b.len();
    let word = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let mut out = Vec::new();
    let mut i = 0;
    while i < n {
        if !word(b[i]) {
            i += 1;
            continue;
        }
        let start = i;
        i += 1;
        loop {
            if i < n && word(b[i]) {
                i += 1;
                continue;
            }
            // A middle mark between two letters or two digits does not end the word.
            if i + 1 < n {
                let (prev, mid, next) = (b[i - 1], b[i], b[i + 1]);
                let letters = prev.is_ascii_alphabetic()
                    && next.is_ascii_alphabetic()
                    && matches!(mid, b'.' | b'\'' | b':');
                let digits = prev.is_ascii_digit()
                    && next.is_ascii_digit()
                    && matches!(mid, b'.' | b'\'' | b',' | b';');
                if letters || digits {
                    i += 2;
                    continue;
                }
            }
            break;
        }
        if b[start..i].iter().any(u8::is_ascii_alphanumeric) {
            out.push(start..i);
        }
    }
    out
}

/// The words of a text with their byte ranges, and whether each may join the word after it in
/// one phrase (only a single space or hyphen between them).
fn words(text: &str) -> Vec<(Range<usize>, bool)> {
    let ranges = word_ranges(text);
    let mut out: Vec<(Range<usize>, bool)> = Vec::with_capacity(ranges.len());
    for (k, r) in ranges.iter().enumerate() {
        let joins = ranges
            .get(k + 1)
            .is_some_and(|next| is_joiner(&text[r.end..next.start]));
        out.push((r.clone(), joins));
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
    /// Hashes of every beginning of a phrase: a library of thousands of terms holds numbers,
    /// not strings. A hash shared by chance costs a look further, never a wrong match.
    prefixes: HashSet<u32>,
    abbreviations: HashMap<String, usize>,
    /// Whether a word as written can begin a term: most words cannot, and remembering it
    /// saves folding them again (text repeats its words).
    starters: RefCell<HashMap<String, bool>>,
}

/// A hash of a text, for sets that keep numbers instead of strings (phrase beginnings; 32
/// bits, as a folder's terms have hundreds of thousands of them). The stable one: nothing in
/// scholion hashes text with a process-local hasher.
fn text_hash(s: &str) -> u32 {
    crate::text::stable_hash32(s)
}

/// Words remembered by [`Matcher`] before the memory is cleared.
const STARTERS_MAX: usize = 200_000;

impl Matcher {
    /// A matcher for terms given as (term, aliases); each is known by its position in the
    /// iterator. Where two terms share a spelling the first keeps it.
    pub fn new<'a, A>(terms: impl IntoIterator<Item = (&'a str, A)>) -> Self
    where
        A: IntoIterator<Item = &'a str>,
    {
        let mut m = Matcher::default();
        for (index, (term, aliases)) in terms.into_iter().enumerate() {
            let key = phrase_key(words_of(term));
            // A one-letter term (`I`, `S` in a table's key) would be found in every sentence:
            // it is defined, never marked in prose.
            if key.chars().count() > 1 {
                for (i, _) in key.char_indices().skip(1) {
                    m.prefixes.insert(text_hash(&key[..i]));
                }
                m.prefixes.insert(text_hash(&key));
                m.phrases.entry(key).or_insert(index);
            }
            for alias in aliases.into_iter().filter(|a| a.chars().count() > 1) {
                m.abbreviations.entry(alias.to_string()).or_insert(index);
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
            let first = &text[words[i].0.clone()];
            if !self.can_start(first) {
                if best.is_some() {
                    out.push(Match {
                        range: words[i].0.clone(),
                        term: best.map_or(0, |b| b.1),
                    });
                }
                i += 1;
                continue;
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
                    || !self.prefixes.contains(&text_hash(&plain))
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

impl Matcher {
    /// Whether `word` (as written) folds to the start of some term.
    fn can_start(&self, word: &str) -> bool {
        if let Some(&known) = self.starters.borrow().get(word) {
            return known;
        }
        let folded = fold_word(word);
        let yes = self.prefixes.contains(&text_hash(&folded))
            || self.phrases.contains_key(&singular(&folded));
        let mut cache = self.starters.borrow_mut();
        if cache.len() >= STARTERS_MAX {
            cache.clear();
        }
        cache.insert(word.to_string(), yes);
        yes
    }
}

/// The words of a text as the matcher splits them (punctuation and spaces dropped).
pub fn words_of(term: &str) -> Vec<&str> {
    word_ranges(term).into_iter().map(|r| &term[r]).collect()
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
    fn ascii_words_follow_unicode_rules() {
        for text in [
            "e.g. the 3.5 and 1,000 can't foo_bar U.S. pre-metastatic a:b x; y",
            "EV-derived (sMVs), 12.5% vs. 3",
        ] {
            let unicode: Vec<&str> = text
                .split_word_bounds()
                .filter(|w| w.chars().any(char::is_alphanumeric))
                .collect();
            assert_eq!(words_of(text), unicode, "{text}");
        }
    }

    #[test]
    fn a_one_letter_term_is_never_marked_in_prose() {
        let m = Matcher::new([("I", vec![]), ("S", vec!["s"]), ("Ion channel", vec!["IC"])]);
        let found: Vec<usize> = m
            .find("I saw S and an ion channel (IC) here.")
            .iter()
            .map(|x| x.term)
            .collect();
        assert_eq!(found, [2, 2]);
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
