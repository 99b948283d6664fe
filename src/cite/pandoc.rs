//! Pandoc citations in running text: `[@smith2020]`, `[@a; @b]`, `[see @a, p. 33; also @b,
//! chap. 1]` (prefix, locator, suffix), `[-@a]` (author suppressed), and in-text `@a` or
//! `@a [p. 33]`. Keys follow pandoc's rule (a letter, digit or `_`, then letters, digits, `_`
//! and the punctuation `:.#$%&-+?<>~/` when a letter or digit follows it), so Manubot's
//! `@doi:10.1/x`, `@pmid:…` and `@arxiv:…` are keys too; `@{…}` takes a key as written.
//!
//! What is not a citation: an `@` with a letter, digit or `.` `_` `/` before it (e-mail
//! addresses, `owner/repo@0d38801`), and pandoc-crossref's `@fig:…`, `@tbl:…`, `@sec:…`,
//! `@eq:…` (references to figures and tables, not to the bibliography). Code, links and
//! images are skipped by the caller's excluded ranges.
//!
//! Hand-written: pandoc's own reader is Haskell, and no kept Rust crate reads its citation
//! syntax apart from a whole Markdown dialect.

use crate::text::floor_char;
use std::ops::Range;

pub use crate::model::CiteMode as Mode;

/// One work a pandoc citation cites.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub key: String,
    /// Text before the key: `see`.
    pub prefix: String,
    /// A page, chapter or section: `p. 33`, `chap. 1`.
    pub locator: String,
    /// Text after the locator: `and elsewhere`.
    pub suffix: String,
    pub mode: Mode,
}

/// A pandoc citation found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Byte range: the bracket, or an in-text key (with its bracketed locator, if any).
    pub range: Range<usize>,
    pub items: Vec<Item>,
}

/// Prefixes of pandoc-crossref references, which name figures, tables, sections and equations.
const CROSSREF: [&str; 4] = ["fig:", "tbl:", "sec:", "eq:"];

/// Words that start a locator (pandoc's list, with and without the full stop).
const LOCATORS: &[&str] = &[
    "p",
    "pp",
    "page",
    "pages",
    "chap",
    "chaps",
    "chapter",
    "chapters",
    "sec",
    "secs",
    "section",
    "sections",
    "fig",
    "figs",
    "figure",
    "figures",
    "vol",
    "vols",
    "volume",
    "volumes",
    "no",
    "nos",
    "number",
    "numbers",
    "para",
    "paras",
    "paragraph",
    "paragraphs",
    "col",
    "cols",
    "column",
    "columns",
    "l",
    "ll",
    "line",
    "lines",
    "n",
    "nn",
    "note",
    "notes",
    "ch",
    "op",
    "opus",
    "pt",
    "pts",
    "part",
    "parts",
    "sv",
    "v",
    "vv",
    "verse",
    "verses",
    "art",
    "arts",
    "bk",
    "bks",
    "book",
    "books",
    "f",
    "ff",
    "fol",
    "fols",
    "folio",
    "folios",
    "§",
    "§§",
    "¶",
];

/// A pandoc-crossref reference found in a text: `@fig:cells`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrossRefFound {
    /// `fig:cells`
    pub label: String,
    pub range: Range<usize>,
}

/// Every pandoc-crossref reference (`@fig:…`, `@tbl:…`, `@sec:…`, `@eq:…`, also `[@fig:…]`) in
/// `text` outside the `excluded` ranges, in text order.
pub fn scan_crossrefs(text: &str, excluded: &[Range<usize>]) -> Vec<CrossRefFound> {
    let mut out = Vec::new();
    for (at, _) in text.match_indices('@') {
        if !may_start(text, at) {
            continue;
        }
        let rest = &text[at + 1..];
        if !CROSSREF.iter().any(|p| rest.starts_with(p)) {
            continue;
        }
        let mut end = at + 1;
        let mut chars = rest.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            let keep = c.is_alphanumeric()
                || c == '_'
                || (":-./".contains(c)
                    && chars
                        .peek()
                        .is_some_and(|&(_, n)| n.is_alphanumeric() || n == '_'));
            if !keep {
                break;
            }
            end = at + 1 + i + c.len_utf8();
        }
        let range = at..end;
        let label = text[at + 1..end].to_string();
        if label.len() > 4 && !super::overlaps_any(excluded, &range) {
            out.push(CrossRefFound { label, range });
        }
    }
    out
}

/// Every pandoc citation in `text` outside the `excluded` ranges, in text order.
pub fn scan(text: &str, excluded: &[Range<usize>]) -> Vec<Found> {
    let outside = |r: &Range<usize>| !super::overlaps_any(excluded, r);
    let mut out = Vec::new();
    let mut i = 0;
    let bytes = text.as_bytes();
    while i < bytes.len() {
        let Some(off) = text[i..].find(['[', '@']) else {
            break;
        };
        let at = i + off;
        if bytes[at] == b'[' {
            if let Some((found, end)) = bracketed(text, at) {
                if outside(&found.range) {
                    out.push(found);
                    i = end;
                    continue;
                }
            }
            i = at + 1;
            continue;
        }
        match in_text(text, at) {
            Some((found, end)) if outside(&found.range) => {
                out.push(found);
                i = end;
            }
            _ => i = at + 1,
        }
    }
    out
}

/// The key starting at byte `at` (just after `@`), and where it ends.
fn key_at(text: &str, at: usize) -> Option<(String, usize)> {
    let rest = &text[at..];
    if let Some(inner) = rest.strip_prefix('{') {
        let close = inner.find('}')?;
        let key = &inner[..close];
        return (!key.is_empty() && !key.contains(['{', '\n']))
            .then(|| (key.to_string(), at + 1 + close + 1));
    }
    let mut chars = rest.char_indices().peekable();
    let (_, first) = chars.next()?;
    if !(first.is_alphanumeric() || first == '_') {
        return None;
    }
    let mut end = first.len_utf8();
    while let Some((i, c)) = chars.next() {
        if c.is_alphanumeric() || c == '_' {
            end = i + c.len_utf8();
        } else if ":.#$%&-+?<>~/".contains(c) {
            // Punctuation belongs to the key only when a letter or digit follows it.
            match chars.peek() {
                Some(&(_, n)) if n.is_alphanumeric() || n == '_' => {}
                _ => break,
            }
        } else {
            break;
        }
    }
    let key = &rest[..end];
    if CROSSREF.iter().any(|p| key.starts_with(p)) {
        return None;
    }
    Some((key.to_string(), at + end))
}

/// Whether an `@` at byte `at` can start a citation: not inside a word, an address or a path.
fn may_start(text: &str, at: usize) -> bool {
    match text[..at].chars().next_back() {
        None => true,
        Some(c) => !(c.is_alphanumeric() || matches!(c, '.' | '_' | '/' | '@' | '\\')),
    }
}

/// A bracketed citation opening at byte `open`, and where it ends.
fn bracketed(text: &str, open: usize) -> Option<(Found, usize)> {
    // A citation group is short; looking no further keeps the scan linear.
    let limit = floor_char(text, open + 1024);
    let inner_end = open + 1 + text[open + 1..limit].find([']', '['])?;
    if text.as_bytes()[inner_end] != b']' {
        return None;
    }
    let inner = &text[open + 1..inner_end];
    if !inner.contains('@') {
        return None;
    }
    let mut items = Vec::new();
    for part in inner.split(';') {
        let part_start = part.as_ptr() as usize - text.as_ptr() as usize;
        let at = part.find('@')?;
        let abs = part_start + at;
        let (prefix, mode) = match part[..at].strip_suffix('-') {
            Some(before) => (before, Mode::SuppressAuthor),
            None => (&part[..at], Mode::Normal),
        };
        let before_ok = prefix.is_empty()
            || prefix.ends_with(char::is_whitespace)
            || mode == Mode::SuppressAuthor;
        if !before_ok || (mode == Mode::Normal && !may_start(text, abs)) {
            return None;
        }
        let (key, key_end) = key_at(text, abs + 1)?;
        let (locator, suffix) = split_locator(&text[key_end..part_start + part.len()]);
        items.push(Item {
            key,
            prefix: prefix.trim().to_string(),
            locator,
            suffix,
            mode,
        });
    }
    Some((
        Found {
            range: open..inner_end + 1,
            items,
        },
        inner_end + 1,
    ))
}

/// An in-text citation `@key`, or `@key [p. 33]`, at byte `at`.
fn in_text(text: &str, at: usize) -> Option<(Found, usize)> {
    if !may_start(text, at) {
        return None;
    }
    let (key, mut end) = key_at(text, at + 1)?;
    let (mut locator, mut suffix) = (String::new(), String::new());
    // `@key [p. 33]`: a bracket right after, holding no key, is its locator and suffix.
    let after = &text[end..];
    if let Some(open) = after.strip_prefix(' ').filter(|a| a.starts_with('[')) {
        if let Some(close) = open[..floor_char(open, 256)].find(']') {
            let inside = &open[1..close];
            if !inside.contains(['@', '[']) {
                (locator, suffix) = split_locator(inside);
                end += 1 + close + 1;
            }
        }
    }
    Some((
        Found {
            range: at..end,
            items: vec![Item {
                key,
                prefix: String::new(),
                locator,
                suffix,
                mode: Mode::InText,
            }],
        },
        end,
    ))
}

/// What follows a key: a locator (`, p. 33`) and the rest, the suffix.
fn split_locator(after: &str) -> (String, String) {
    let t = after.trim();
    let t = t.strip_prefix(',').unwrap_or(t).trim();
    if t.is_empty() {
        return (String::new(), String::new());
    }
    let word: String = t
        .chars()
        .take_while(|c| c.is_alphabetic() || matches!(c, '§' | '¶'))
        .collect();
    let rest = t[word.len()..]
        .strip_prefix('.')
        .unwrap_or(&t[word.len()..]);
    let known = LOCATORS.contains(&word.to_lowercase().as_str());
    if known
        && rest
            .trim_start()
            .starts_with(|c: char| c.is_ascii_digit() || c.is_alphanumeric())
    {
        // The locator runs to the next comma; what follows it is the suffix.
        let (loc, suf) = match t.find(',') {
            Some(i) => (&t[..i], t[i + 1..].trim()),
            None => (t, ""),
        };
        return (loc.trim().to_string(), suf.to_string());
    }
    (String::new(), t.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(text: &str) -> Vec<(String, Vec<String>)> {
        scan(text, &[])
            .into_iter()
            .map(|f| {
                (
                    text[f.range].to_string(),
                    f.items.into_iter().map(|i| i.key).collect(),
                )
            })
            .collect()
    }

    #[test]
    fn every_pandoc_form() {
        assert_eq!(
            keys("As [@smith2020] showed."),
            [("[@smith2020]".into(), vec!["smith2020".into()])]
        );
        assert_eq!(
            keys("Both [@a; @b]."),
            [("[@a; @b]".into(), vec!["a".into(), "b".into()])]
        );
        let f = scan(
            "[see @doe99, pp. 33-35 and passim; also @smith04, chap. 1]",
            &[],
        );
        assert_eq!(f.len(), 1);
        let items = &f[0].items;
        assert_eq!(items[0].prefix, "see");
        assert_eq!(items[0].locator, "pp. 33-35 and passim");
        assert_eq!(items[1].prefix, "also");
        assert_eq!(items[1].locator, "chap. 1");
        let f = scan("Smith says [-@smith04].", &[]);
        assert_eq!(f[0].items[0].mode, Mode::SuppressAuthor);
        let f = scan("@smith04 [p. 33] says so, as does @doe99.", &[]);
        assert_eq!(f.len(), 2);
        assert_eq!(f[0].items[0].mode, Mode::InText);
        assert_eq!(f[0].items[0].locator, "p. 33");
        assert_eq!(f[1].items[0].key, "doe99");
        let f = scan(
            "[@doi:10.1038/nature12373; @pmid:24291234, with a suffix]",
            &[],
        );
        assert_eq!(f[0].items[0].key, "doi:10.1038/nature12373");
        assert_eq!(f[0].items[1].key, "pmid:24291234");
        assert_eq!(f[0].items[1].suffix, "with a suffix");
        assert_eq!(keys("[@{https://x.org/a b}]")[0].1, ["https://x.org/a b"]);
    }

    #[test]
    fn what_is_not_a_citation() {
        for text in [
            "Write to someone@example.org today.",
            "Fixed in [owner/repo@0d38801].",
            "See @fig:one and [@tbl:two].",
            "An @ alone, and @, and [@].",
            "Price: 3 @ 5.",
        ] {
            assert_eq!(keys(text), Vec::<(String, Vec<String>)>::new(), "{text}");
        }
        // Code is the caller's excluded range.
        let code = 0..6;
        assert!(scan("`[@a]`", std::slice::from_ref(&code)).is_empty());
        // A search window that ends inside a character.
        let wide = format!("[@a {}]", "é".repeat(600));
        assert_eq!(
            scan(&wide, &[]).len(),
            1,
            "an in-text @a inside an unclosed group"
        );
    }

    #[test]
    fn a_key_ends_before_trailing_punctuation() {
        let f = scan("As @smith2020. Then @doe:99, and @x.y.z!", &[]);
        let k: Vec<&str> = f.iter().map(|f| f.items[0].key.as_str()).collect();
        assert_eq!(k, ["smith2020", "doe:99", "x.y.z"]);
    }
}
