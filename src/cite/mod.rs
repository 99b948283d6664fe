//! Citations and references as strings: finding numeric citation brackets in running text,
//! reading the fields of a reference entry, and spotting the authors a sentence names.
//!
//! Pure string work over sanitised text; no parser, no library, no terminal.

pub mod author_year;
pub mod pandoc;
pub mod pattern;
pub mod person;

use crate::model::{Reference, MAX_CITED};
use pattern::Pattern;
use std::ops::Range;
use std::sync::LazyLock;

/// The widest range a citation may span (`[1-1000]`); a wider one is not read as a citation.
pub const MAX_RANGE: u32 = 1000;

/// The dashes a range or a hyphenated word may be written with: hyphen-minus, hyphen,
/// non-breaking hyphen, figure dash, en dash, em dash, minus sign. Every reader of ranges uses
/// this one set.
pub fn is_dash(c: char) -> bool {
    matches!(
        c,
        '-' | '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2212}'
    )
}

/// Initials from given names, as reference lists write them: `David W.` → `D. W.`,
/// `D.W.` → `D. W.`, `Jean-Pierre` → `J.-P.`, `JA` → `J. A.`. The JATS reader and the
/// bibliography reader both write names with it.
pub fn initials(given: &str) -> String {
    let given = given.trim();
    if given.chars().all(|c| c.is_uppercase()) && given.chars().count() <= 3 {
        return given
            .chars()
            .map(|c| format!("{c}."))
            .collect::<Vec<_>>()
            .join(" ");
    }
    given
        .split([' ', '.'])
        .filter(|w| !w.is_empty())
        .map(|w| {
            w.split('-')
                .filter_map(|p| p.chars().next().map(|c| format!("{c}.")))
                .collect::<Vec<_>>()
                .join("-")
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether `range` overlaps any of `ranges` (text a scan passes over: code, links, other
/// citations).
pub fn overlaps_any(ranges: &[Range<usize>], range: &Range<usize>) -> bool {
    ranges
        .iter()
        .any(|x| x.start < range.end && range.start < x.end)
}

/// Whether `first`–`last` is a range a citation may cite: forwards, and at most [`MAX_RANGE`]
/// wide.
pub fn range_ok(first: u32, last: u32) -> bool {
    first <= last && last - first <= MAX_RANGE
}

/// The numbers a bracket's inside cites, or `None` when it is not a numeric citation.
///
/// `1-3` gives 1, 2, 3; `1,4,5`, `1–3, 7` and `36; 37` work as written; repeats are dropped.
/// Anything but digits, commas, semicolons, spaces and dashes, an empty item, a backwards or
/// enormous range, or a zero makes the bracket something else (`[sic]`, `[n = 3]`, `[^1]`,
/// `[ ]`). At most [`MAX_CITED`] numbers are kept ([`Cited::capped`] says when more were
/// named).
pub fn parse_numbers(inner: &str) -> Option<Cited> {
    if inner.is_empty()
        || !inner
            .chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == ';' || c == ' ' || is_dash(c))
    {
        return None;
    }
    let mut cited = Cited::default();
    for item in inner.split([',', ';']) {
        let item = item.trim();
        let mut parts = item.split(is_dash);
        let first = parse_number(parts.next()?)?;
        match (parts.next(), parts.next()) {
            (None, _) => {
                cited.push(first);
            }
            (Some(last), None) => {
                let last = parse_number(last)?;
                if !range_ok(first, last) {
                    return None;
                }
                cited.extend(first..=last);
            }
            _ => return None,
        }
    }
    Some(cited)
}

/// The numbers of one citation as they are gathered: in the order written, each once, at most
/// [`MAX_CITED`]. A number above every one so far is new without a look (ranges and most
/// groups ascend); any other is checked against a set built the first time one is needed, so a
/// long group costs its length, not its length squared.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cited {
    pub numbers: Vec<u32>,
    /// The largest number so far.
    max: u32,
    /// Every number so far, once a number has come out of order.
    seen: Option<rustc_hash::FxHashSet<u32>>,
    /// Whether numbers past [`MAX_CITED`] were dropped.
    pub capped: bool,
}

impl Cited {
    /// Add `n` unless it is there already; false once the cap is reached (nothing more fits).
    pub fn push(&mut self, n: u32) -> bool {
        if self.numbers.len() >= MAX_CITED {
            self.capped = true;
            return false;
        }
        let repeat = n <= self.max && {
            if self.seen.is_none() && self.numbers.len() >= 8 {
                // Past a short list a scan costs more than a set.
                self.seen = Some(self.numbers.iter().copied().collect());
            }
            match &self.seen {
                Some(seen) => seen.contains(&n),
                None => self.numbers.contains(&n),
            }
        };
        if !repeat {
            self.max = self.max.max(n);
            if let Some(seen) = &mut self.seen {
                seen.insert(n);
            }
            self.numbers.push(n);
        }
        true
    }

    /// Add each of `numbers` in turn, until the cap is reached.
    pub fn extend(&mut self, numbers: impl IntoIterator<Item = u32>) {
        for n in numbers {
            if !self.push(n) {
                return;
            }
        }
    }
}

fn parse_number(s: &str) -> Option<u32> {
    let s = s.trim();
    if s.is_empty() || s.len() > 9 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok().filter(|&n| n > 0)
}

/// A numeric citation bracket found in text.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// Byte range of the bracket, `[` to `]` inclusive.
    pub range: Range<usize>,
    pub numbers: Vec<u32>,
    /// Whether the bracket named more than [`MAX_CITED`] numbers (the rest are not kept).
    pub capped: bool,
}

/// Every numeric citation bracket in `text` that does not touch an `excluded` range (code,
/// links, images, footnote references).
pub fn scan(text: &str, excluded: &[Range<usize>]) -> Vec<Found> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while let Some(off) = memchr(b'[', &bytes[i..]) {
        let open = i + off;
        i = open + 1;
        // The inside of a citation is short; looking no further keeps this linear.
        let limit = (open + 1 + 64).min(bytes.len());
        let Some(close_off) = memchr(b']', &bytes[open + 1..limit]) else {
            continue;
        };
        let close = open + 1 + close_off;
        if memchr(b'[', &bytes[open + 1..close]).is_some() {
            continue;
        }
        let range = open..close + 1;
        if overlaps_any(excluded, &range) {
            continue;
        }
        if let Some(cited) = parse_numbers(&text[open + 1..close]) {
            found.push(Found {
                range,
                numbers: cited.numbers,
                capped: cited.capped,
            });
            i = close + 1;
        }
    }
    found
}

/// Compile every citation and reference pattern now (each is otherwise compiled where it is
/// first used): a reader opening a file calls this on a thread of its own while the file is
/// read, and the patterns are ready when the text comes.
pub fn warm() {
    for pattern in [
        &AUTHOR,
        &VANCOUVER_AUTHOR,
        &YEAR_ANYWHERE,
        &YEAR_IN_PARENS,
        &VANCOUVER_TAIL,
        &YEAR_AT_END,
        &VOLUME_PAGES,
        &YEAR_SENTENCE,
        &PMID,
        &DOI,
        &NAMED,
    ] {
        LazyLock::force(pattern);
    }
    author_year::warm();
}

fn memchr(needle: u8, hay: &[u8]) -> Option<usize> {
    hay.iter().position(|&b| b == needle)
}

static AUTHOR: LazyLock<Pattern> = LazyLock::new(|| {
    // `Surname, I. I.` then what follows it: more authors, the last one, `et al.`, or the title.
    Pattern::short(
        r"^(?P<surname>(?:\p{Lu}|(?:van|von|de|der|den|del|della|di|da|du|dos|la|le|ten|ter|el|al)\s)[\p{L}\p{M}'’\- ]*?), (?P<initials>\p{Lu}\p{Ll}?\.(?:[ \-]\p{Lu}\p{Ll}?\.)*)(?P<sep>, | & |,? et al\.\s*| |$)",
    )
});

static VANCOUVER_AUTHOR: LazyLock<Pattern> = LazyLock::new(|| {
    // `Peinado H, Lyden D, et al.`: surname, then capital initials without full stops (and
    // maybe `Jr` or `III`); F1000 ends the list with a colon, `Fabens AJ: Title`.
    Pattern::short(
        r"^(?P<surname>(?:\p{Lu}|(?:van|von|de|der|den|del|della|di|da|du|dos|la|le|ten|ter|el|al)\s)[\p{L}\p{M}'’\-]*(?: (?:\p{Lu}[\p{Ll}\p{M}'’\-]+|van|von|de|der|den|del|da|di|du|la|le|dos))*) (?P<initials>\p{Lu}{1,4})(?: (?:Jr|Sr|II|III|IV)\.?)?(?P<sep>, et al\.?:?\s*| et al\.?:?\s*|, |: |\. |\.$| \()",
    )
});

static YEAR_ANYWHERE: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(r"(?:^|[\s.;,(])(?P<year>1[89]\d\d|20\d\d)[a-z]?(?:[;.,):\s]|$)")
});

static YEAR_IN_PARENS: LazyLock<Pattern> =
    LazyLock::new(|| Pattern::new(r"\((?P<year>1[89]\d\d|20\d\d)[a-z]?\)"));

static VANCOUVER_TAIL: LazyLock<Pattern> = LazyLock::new(|| {
    // `Nat Med. 2012;18(4):883–891.` or `2012 Jan;18:883-91.`
    Pattern::new(
        r"\.\s*(?P<year>1[89]\d\d|20\d\d)[^;.]*(?:;(?P<volume>[^:;.()]+)(?:\([^)]*\))?)?(?::(?P<pages>[^.;]+))?\.?\s*$",
    )
});

static YEAR_AT_END: LazyLock<Pattern> =
    LazyLock::new(|| Pattern::new(r"\s*\((?P<year>1[5-9]\d\d|20\d\d)[a-z]?\)\.?\s*$"));

static VOLUME_PAGES: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
        r"\s(?P<volume>\d+[A-Za-z]?(?:\s?\([^)]*\))?),\s(?P<pages>[A-Za-z]{0,2}\d+[A-Za-z]?(?:[–\-][A-Za-z]{0,2}\d+[A-Za-z]?(?:\.e\d+)?)?)$",
    )
});

/// The year as a sentence of its own after the authors: `… Thorsten Joachims. 2019. Title`.
static YEAR_SENTENCE: LazyLock<Pattern> =
    LazyLock::new(|| Pattern::new(r"\.\s+(?P<year>1[89]\d\d|20\d\d)[a-z]?\.\s"));

static PMID: LazyLock<Pattern> = LazyLock::new(|| Pattern::new(r"\bPMID:?\s*(?P<pmid>\d{1,9})\b"));

static DOI: LazyLock<Pattern> =
    LazyLock::new(|| Pattern::new(r"(?i)(?:doi:\s*|doi\.org/)(?P<doi>10\.\d{4,9}/\S+)"));

/// Read reference `number` written in the common journal style,
/// `Luga, V. et al. Exosomes mediate ... Cell 151, 1542–1556 (2012).`, found in `block`.
///
/// Best effort: a field that cannot be read stays empty; the text itself is kept as it is.
/// An entry with no `Surname, I.` at its start (a body such as `US National Library of
/// Medicine. (2016).`) takes the words before the first full stop as its author.
pub fn parse_reference(number: u32, text: &str, block: usize) -> Reference {
    let mut out = Reference {
        number,
        key: None,
        text: text.to_string(),
        authors: Vec::new(),
        surnames: Vec::new(),
        et_al: false,
        title: None,
        journal: None,
        volume: None,
        pages: None,
        year: None,
        doi: None,
        pmid: None,
        block,
    };
    let text = text.trim();
    let mut rest = text;

    // `Anant K. Agarwal, Ivan Zaitsev, and Thorsten Joachims. 2019. Title. In WSDM.`: names
    // written given names first, then the year as a sentence of its own.
    let mut year_first = None;
    if let Some(caps) = YEAR_SENTENCE.captures(rest) {
        let list = &rest[..caps.range().start];
        let mut names = Vec::new();
        let mut et_al = false;
        let all_names = list
            .replace(", and ", ", ")
            .replace(" and ", ", ")
            .split(", ")
            .all(|piece| match piece.trim() {
                "et al." | "et al" => {
                    et_al = true;
                    true
                }
                name if person::is_name(name) => {
                    names.push(name.to_string());
                    true
                }
                _ => false,
            });
        if all_names && !names.is_empty() {
            out.surnames = names.iter().map(|n| person::surname(n)).collect();
            out.authors = names;
            out.et_al = et_al;
            year_first = caps.text("year").parse().ok();
            rest = &rest[caps.range().end..];
        }
    }
    if out.authors.is_empty() {
        while let Some(caps) = AUTHOR.captures(rest) {
            let surname = caps.text("surname").trim().to_string();
            let initials = caps.text("initials").trim().to_string();
            out.authors.push(format!("{surname}, {initials}"));
            out.surnames.push(surname);
            let sep = caps.text("sep");
            rest = &rest[caps.range().end..];
            if sep.contains("et al") {
                out.et_al = true;
                break;
            }
            if sep != ", " && sep != " & " {
                break;
            }
        }
    }
    if out.authors.is_empty() {
        while let Some(caps) = VANCOUVER_AUTHOR.captures(rest) {
            let surname = caps.text("surname").trim().to_string();
            out.authors
                .push(format!("{surname} {}", &caps.text("initials")));
            out.surnames.push(surname);
            let sep = caps.text("sep");
            // ` (` starts the year (`Smith J (2011) Title`): leave it to be read.
            let end = caps.range().end - usize::from(sep == " (");
            rest = rest[end..].trim_start();
            if sep.contains("et al") {
                out.et_al = true;
                break;
            }
            if sep != ", " {
                break;
            }
        }
    }
    if out.authors.is_empty() {
        let before_year = YEAR_IN_PARENS
            .find(rest)
            .map(|m| m.start)
            .filter(|&i| i > 0);
        let stop = rest
            .find(". ")
            .or_else(|| rest.strip_suffix('.').map(str::len));
        let stop = match (stop, before_year) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        if let Some(stop) = stop {
            let body = rest[..stop].trim();
            // A body as author (`US National Library of Medicine.`) is a short name: no digits,
            // at most eight words, most of them capitalised.
            let words: Vec<&str> = body.split_whitespace().collect();
            let capitalised = words
                .iter()
                .filter(|w| w.starts_with(char::is_uppercase))
                .count();
            if !body.is_empty()
                && words.len() <= 8
                && capitalised * 2 >= words.len()
                && !body.chars().any(|c| c.is_ascii_digit())
            {
                out.authors.push(body.to_string());
                out.surnames.push(body.to_string());
                let skip = if rest[stop..].starts_with(". ") || rest[stop..].starts_with('.') {
                    1
                } else {
                    0
                };
                rest = rest[stop + skip..].trim_start();
            }
        }
    }

    if let Some(m) = PMID.captures(text) {
        out.pmid = Some(m.text("pmid").to_string());
    }
    if let Some(m) = DOI.captures(text) {
        let doi = m.text("doi").trim_end_matches(['.', ',', ';', ')']);
        out.doi = Some(doi.to_string());
    }
    // A DOI or PMID at the end is not part of the journal's volume and pages.
    let tail_start = [DOI.find(rest), PMID.find(rest)]
        .into_iter()
        .flatten()
        .map(|m| m.start)
        .min();
    let mut rest = match tail_start {
        Some(start) => rest[..start].trim_end(),
        None => rest,
    };
    if year_first.is_some() {
        out.year = year_first;
        let bare = rest.trim().strip_suffix('.').unwrap_or(rest.trim());
        let (title, journal) = split_title_journal(bare);
        out.title = title.filter(|t| !t.is_empty());
        out.journal = journal;
        return out;
    }
    if let Some(caps) = YEAR_AT_END.captures(rest) {
        out.year = caps.text("year").parse().ok();
        rest = &rest[..caps.range().start];
    } else if let Some(caps) = VANCOUVER_TAIL.captures(rest) {
        // `Title. Journal. 2012;18:883–891.`
        out.year = caps.text("year").parse().ok();
        out.volume = caps
            .name("volume")
            .map(|m| m.trim().to_string())
            .filter(|v| !v.is_empty());
        out.pages = caps
            .name("pages")
            .map(|m| m.trim().to_string())
            .filter(|v| !v.is_empty());
        let start = caps.range().start;
        let (title, journal) = split_title_journal(rest[..start].trim());
        out.title = title.filter(|t| !t.is_empty());
        out.journal = journal;
        return out;
    } else if let Some(caps) = YEAR_IN_PARENS
        .captures(rest)
        .or_else(|| YEAR_ANYWHERE.captures(rest))
    {
        // `Smith J, et al (2007) Title...` or `Pearson H 2006 What is a gene?`: the first year.
        out.year = caps.text("year").parse().ok();
    }
    let rest = rest.trim();
    let bare = rest.strip_suffix('.').unwrap_or(rest);
    let rest = match VOLUME_PAGES.captures(bare) {
        Some(caps) => {
            out.volume = Some(caps.text("volume").to_string());
            out.pages = Some(caps.text("pages").to_string());
            &bare[..caps.range().start]
        }
        // `Endocr. Rev.` keeps the full stop of its abbreviation; `Cell.` loses the sentence's.
        None if ends_with_abbreviation(bare) => rest,
        None => bare,
    };
    let (title, journal) = split_title_journal(rest.trim());
    out.title = title.filter(|t| !t.is_empty());
    out.journal = journal;
    out
}

/// True when the last word of `s` is a short capitalised word that a full stop after it would
/// abbreviate (`Rev`, `Biol`), as in journal names without a volume.
fn ends_with_abbreviation(s: &str) -> bool {
    let last = s.rsplit(' ').next().unwrap_or("");
    let letters = last.chars().count();
    last.chars().next().is_some_and(char::is_uppercase)
        && (2..=5).contains(&letters)
        && last.chars().all(char::is_alphabetic)
        && s.contains(". ")
}

/// Split `Title. Journal Abbrev.` at the first sentence end after which only a journal name
/// could follow (capitalised words and abbreviations, `of`/`and`/`in` inside).
fn split_title_journal(s: &str) -> (Option<String>, Option<String>) {
    if s.is_empty() {
        return (None, None);
    }
    for (i, c) in s.char_indices() {
        if !matches!(c, '.' | '?' | '!') || !s[i + 1..].starts_with(' ') {
            continue;
        }
        let journal = s[i + 1..].trim();
        if looks_like_journal(journal) {
            let title = if c == '.' { &s[..i] } else { &s[..=i] };
            return (Some(title.trim().to_string()), Some(journal.to_string()));
        }
    }
    (Some(s.to_string()), None)
}

fn looks_like_journal(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    if words.is_empty() || words.len() > 10 {
        return false;
    }
    words.iter().enumerate().all(|(i, w)| {
        let first = w.chars().next().unwrap_or(' ');
        let connector =
            i > 0 && matches!(*w, "of" | "and" | "in" | "for" | "the" | "&" | "y" | "et");
        connector
            || (first.is_uppercase()
                && w.chars()
                    .all(|c| c.is_alphabetic() || matches!(c, '.' | '\'' | '’' | ':')))
    })
}

/// An author named in running text, `Luga and colleagues`, `Smith et al.`, with where it stands.
#[derive(Debug, Clone, PartialEq)]
pub struct NamedAuthor {
    pub surname: String,
    pub range: Range<usize>,
}

static NAMED: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
        r"(?P<surname>\b\p{Lu}[\p{L}\p{M}'’\-]+)(?:\s+and\s+(?:colleagues|co-?workers|collaborators|coauthors|co-authors)\b|\s+et\s+al\b\.?|’s\s+group|'s\s+group|\s+and\s+(?P<second>\p{Lu}[\p{L}\p{M}'’\-]+)\s*(?:\(|\[))",
    )
});

/// Words that start sentences and look like surnames before `et al.` but never are.
const NOT_SURNAMES: &[&str] = &[
    "The", "These", "This", "Those", "However", "Both", "We", "Our",
];

/// The authors a piece of running text names as the source of a finding.
pub fn named_authors(text: &str) -> Vec<NamedAuthor> {
    NAMED
        .captures_iter(text)
        .filter_map(|caps| {
            let range = caps.span("surname")?;
            let surname = &text[range.clone()];
            if NOT_SURNAMES.contains(&surname) {
                return None;
            }
            Some(NamedAuthor {
                surname: surname.to_string(),
                range,
            })
        })
        .collect()
}

/// Byte ranges of the sentences of `text`.
///
/// A sentence ends at `.`, `?` or `!` followed by a space and a capital letter, a digit or an
/// opening bracket, except after common abbreviations (`et al.`, `Fig.`, `e.g.`).
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    const ABBREVIATIONS: &[&str] = &[
        "al.", "Fig.", "Figs.", "e.g.", "i.e.", "vs.", "cf.", "Ref.", "Refs.", "approx.", "ca.",
        "Dr.", "No.", "Eq.", "St.",
    ];
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    for (i, c) in text.char_indices() {
        if !matches!(c, '.' | '?' | '!') {
            continue;
        }
        let after = i + 1;
        if bytes.get(after) != Some(&b' ') {
            continue;
        }
        let next = text[after..].trim_start().chars().next();
        if !next.is_some_and(|n| n.is_uppercase() || n.is_ascii_digit() || n == '[' || n == '(') {
            continue;
        }
        let word_start = text[..i].rfind(' ').map(|p| p + 1).unwrap_or(0);
        if c == '.' && ABBREVIATIONS.contains(&&text[word_start..=i]) {
            continue;
        }
        out.push(start..after);
        start = after + 1;
    }
    if start < text.len() {
        out.push(start..text.len());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials_of_given_names() {
        assert_eq!(initials("David W."), "D. W.");
        assert_eq!(initials("D.W."), "D. W.");
        assert_eq!(initials("John A."), "J. A.");
        assert_eq!(initials("Jean-Pierre"), "J.-P.");
        assert_eq!(initials("JA"), "J. A.");
        assert_eq!(initials("Rong"), "R.");
        assert_eq!(initials(""), "");
    }

    #[test]
    fn vancouver_authors_with_a_colon_or_a_generational_suffix() {
        let r = parse_reference(
            8,
            "Fabens AJ: Properties and fitting of the Von Bertalanffy growth curve. Growth. 1965; 29(3): 265–89.",
            0,
        );
        assert_eq!(r.surnames, ["Fabens"]);
        assert_eq!(r.year, Some(1965));
        let r = parse_reference(
            6,
            "Driggers WB III, Carlson JK, Cullum BJ, et al.: Age and growth of the blacknose shark. Fish Bull. 2004; 102(1): 78–85.",
            0,
        );
        assert_eq!(r.surnames, ["Driggers", "Carlson", "Cullum"]);
        assert!(r.et_al);
        assert_eq!(r.year, Some(2004));
    }

    #[test]
    fn numbers_out_of_order_are_kept_once_and_capped() {
        let c = parse_numbers("20-30, 1-5, 25, 3, 40, 2").unwrap();
        let mut want: Vec<u32> = (20..=30).chain(1..=5).collect();
        want.push(40);
        assert_eq!(c.numbers, want);
        assert!(!c.capped);
        let c = parse_numbers("1-1000, 1001, 5").unwrap();
        assert_eq!(c.numbers, (1..=1000).collect::<Vec<u32>>());
        assert!(c.capped);
    }

    #[test]
    fn forms_of_citation() {
        assert_eq!(parse_numbers("8").map(|c| c.numbers), Some(vec![8]));
        assert_eq!(parse_numbers("1-3").map(|c| c.numbers), Some(vec![1, 2, 3]));
        assert_eq!(
            parse_numbers("1,4,5").map(|c| c.numbers),
            Some(vec![1, 4, 5])
        );
        assert_eq!(
            parse_numbers("12-15").map(|c| c.numbers),
            Some(vec![12, 13, 14, 15])
        );
        assert_eq!(
            parse_numbers("1–3, 7").map(|c| c.numbers),
            Some(vec![1, 2, 3, 7])
        );
        assert_eq!(parse_numbers("3, 3").map(|c| c.numbers), Some(vec![3]));
    }

    #[test]
    fn non_citations() {
        for s in [
            "sic", "n = 3", "^1", " ", "x", "", "1--3", "3-1", "1,", "0", "1-5000", "1 2",
        ] {
            assert_eq!(parse_numbers(s), None, "{s:?}");
        }
    }

    #[test]
    fn scan_skips_excluded_and_nested() {
        let text = "a [1] b `[2]` c [[3]] d [4";
        let excluded = [Range { start: 8, end: 13 }];
        let found = scan(text, &excluded);
        let texts: Vec<&str> = found.iter().map(|f| &text[f.range.clone()]).collect();
        assert_eq!(texts, ["[1]", "[3]"]);
    }

    #[test]
    fn reads_a_reference() {
        let text = "Luga, V. et al. Exosomes mediate stromal mobilization of autocrine Wnt-PCP signaling in breast cancer cell migration. Cell 151, 1542–1556 (2012).";
        let r = parse_reference(101, text, 7);
        assert_eq!((r.number, r.block, r.text.as_str()), (101, 7, text));
        assert_eq!(r.surnames, ["Luga"]);
        assert!(r.et_al);
        assert_eq!(r.journal.as_deref(), Some("Cell"));
        assert_eq!(r.volume.as_deref(), Some("151"));
        assert_eq!(r.pages.as_deref(), Some("1542–1556"));
        assert_eq!(r.year, Some(2012));
        assert!(r.title.unwrap().starts_with("Exosomes mediate"));
    }

    #[test]
    fn reads_author_lists_with_particles() {
        let r = parse_reference(
            1,
            "An, Q., van Bel, A. J. & Huckelhoven, R. Do plant cells secrete exosomes derived from multivesicular bodies? Plant Signal. Behav. 2, 4–7 (2007).",
            0,
        );
        assert_eq!(r.surnames, ["An", "van Bel", "Huckelhoven"]);
        assert_eq!(r.journal.as_deref(), Some("Plant Signal. Behav."));
        assert_eq!(
            r.title.as_deref(),
            Some("Do plant cells secrete exosomes derived from multivesicular bodies?")
        );
    }

    #[test]
    fn body_as_author_and_doi() {
        let r = parse_reference(1, "US National Library of Medicine. (2016).", 0);
        assert_eq!(r.surnames, ["US National Library of Medicine"]);
        assert_eq!(r.year, Some(2016));
        let r = parse_reference(
            1,
            "Smith, J. A study. Nature 1, 2 (2001). doi:10.1038/abc.123.",
            0,
        );
        assert_eq!(r.doi.as_deref(), Some("10.1038/abc.123"));
        assert_eq!(r.journal.as_deref(), Some("Nature"));
    }

    #[test]
    fn names_in_text() {
        let s = "Suetsugu and colleagues show this [10], unlike Luga and colleagues [8] and Smith et al. [4].";
        let names: Vec<String> = named_authors(s).into_iter().map(|n| n.surname).collect();
        assert_eq!(names, ["Suetsugu", "Luga", "Smith"]);
    }

    #[test]
    fn sentence_split_keeps_et_al() {
        let s = "Smith et al. showed it [4]. Then we did. Fig. 2 shows it.";
        let parts: Vec<&str> = sentences(s).into_iter().map(|r| &s[r]).collect();
        assert_eq!(
            parts,
            [
                "Smith et al. showed it [4].",
                "Then we did.",
                "Fig. 2 shows it."
            ]
        );
    }
}
