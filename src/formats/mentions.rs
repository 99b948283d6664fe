//! Figures and tables named in the running text — `Figure 1`, `Fig. 2b`, `Figs. 3`,
//! `Table S1`, `Supplementary Figure 4` — each tied to the article's caption of it, so that
//! the reader can show the caption from where the text names it.
//!
//! Written by hand rather than as a regular expression: the words are few and fixed, a scan
//! for them costs nothing when an article has no captions, and no pattern is compiled at
//! start-up.

use crate::model::{Article, FigureMention, SectionRole};
use std::collections::HashMap;

/// The words that name a figure or a table, longest first so that `Figures` is not read as
/// `Figure`; and whether each names a table.
const KINDS: &[(&str, bool)] = &[
    ("Figures", false),
    ("Figure", false),
    ("Figs.", false),
    ("Figs", false),
    ("Fig.", false),
    ("Fig", false),
    ("figures", false),
    ("figure", false),
    ("figs.", false),
    ("fig.", false),
    ("Tables", true),
    ("Table", true),
    ("tables", true),
    ("table", true),
];

/// Words before the kind that make it another series: `Supplementary Figure 2` is not
/// `Figure 2`.
const SERIES: &[&str] = &[
    "Supplementary ",
    "supplementary ",
    "Extended Data ",
    "Source Data ",
];

/// What names one figure: its series, whether it is a table, and its number (`1`, `S1`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    /// `supplementary`, `extended data`, lower-cased; `None` for the main series.
    series: Option<String>,
    table: bool,
    number: String,
}

/// A figure or table named at `start` of `text`: the key, and where the name ends (after
/// its number and a panel letter, `2b`). `None` when what starts there names none.
fn named_at(text: &str, start: usize) -> Option<(Key, usize)> {
    let rest = &text[start..];
    let (series, rest, skipped) = match SERIES.iter().find(|s| rest.starts_with(**s)) {
        Some(s) => (Some(s.trim().to_lowercase()), &rest[s.len()..], s.len()),
        None => (None, rest, 0),
    };
    let &(word, table) = KINDS.iter().find(|(k, _)| rest.starts_with(k))?;
    let after = &rest[word.len()..];
    let gap = after.len() - after.trim_start_matches([' ', '\u{a0}']).len();
    let digits_at = &after[gap..];
    let s_prefix = usize::from(digits_at.starts_with('S'));
    let digits = digits_at[s_prefix..]
        .bytes()
        .take_while(u8::is_ascii_digit)
        .count();
    if digits == 0 || digits > 3 || (gap == 0 && !word.ends_with('.')) {
        return None;
    }
    let mut end = s_prefix + digits;
    // A panel letter, `2b` or `2B`, when nothing alphanumeric follows it.
    let tail = &digits_at[end..];
    let mut chars = tail.chars();
    if let Some(c) = chars.next() {
        if c.is_ascii_alphabetic() && !chars.next().is_some_and(char::is_alphanumeric) {
            end += 1;
        } else if c.is_alphanumeric() {
            return None;
        }
    }
    let number = digits_at[..s_prefix + digits].to_string();
    let len = skipped + word.len() + gap + end;
    Some((
        Key {
            series,
            table,
            number,
        },
        start + len,
    ))
}

/// The key a caption's label names: `Fig. 1`, `Table S2`, `Supplementary Figure 3`, or the
/// number first, `S1 Table`.
fn label_key(label: &str) -> Option<Key> {
    if let Some((key, _)) = named_at(label, 0) {
        return Some(key);
    }
    let (number, kind) = label.split_once(' ')?;
    let (key, _) = named_at(&format!("{kind} {number}"), 0)?;
    Some(key)
}

/// Find every figure and table named in the running text that the article has a caption for.
/// Runs again from scratch when captions were added (a PDF's, read after the text).
pub fn read_mentions(article: &mut Article) {
    article.mentions.clear();
    if article.figures.is_empty() {
        return;
    }
    let mut figures: HashMap<Key, usize> = HashMap::new();
    for (i, f) in article.figures.iter().enumerate() {
        if let Some(key) = label_key(&f.label) {
            figures.entry(key).or_insert(i);
        }
    }
    if figures.is_empty() {
        return;
    }
    let mut out = Vec::new();
    for (b, block) in article.blocks.iter().enumerate() {
        let role = article.sections[block.section].role;
        if matches!(role, SectionRole::References | SectionRole::Figures)
            || article.figures.iter().any(|f| f.block == b)
        {
            continue;
        }
        let text = &block.text;
        // The citations of the block: a name inside one is not a mention.
        let cites: Vec<_> = article
            .citations
            .iter()
            .filter(|c| c.block == b)
            .map(|c| c.range.clone())
            .collect();
        let mut at = 0;
        while let Some(off) = text[at..].find(['F', 'f', 'T', 't', 'S', 's', 'E']) {
            let start = at + off;
            let boundary = text[..start]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric());
            match named_at(text, start).filter(|_| boundary) {
                Some((key, end)) => {
                    let inside = cites.iter().any(|r| r.start < end && start < r.end);
                    if let (Some(&figure), false) = (figures.get(&key), inside) {
                        out.push(FigureMention {
                            block: b,
                            range: start..end,
                            figure,
                        });
                    }
                    at = end;
                }
                None => at = start + 1,
            }
        }
    }
    article.mentions = out;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(text: &str) -> Option<(Option<String>, bool, String, &str)> {
        named_at(text, 0).map(|(k, end)| (k.series, k.table, k.number, &text[..end]))
    }

    #[test]
    fn names_of_figures_and_tables() {
        assert_eq!(
            named("Fig. 2b shows"),
            Some((None, false, "2".into(), "Fig. 2b"))
        );
        assert_eq!(
            named("Figure 1."),
            Some((None, false, "1".into(), "Figure 1"))
        );
        assert_eq!(
            named("Figs. 3 and 4"),
            Some((None, false, "3".into(), "Figs. 3"))
        );
        assert_eq!(
            named("Table S1,"),
            Some((None, true, "S1".into(), "Table S1"))
        );
        assert_eq!(named("Fig.3"), Some((None, false, "3".into(), "Fig.3")));
        assert_eq!(
            named("Supplementary Figure 4"),
            Some((
                Some("supplementary".into()),
                false,
                "4".into(),
                "Supplementary Figure 4"
            ))
        );
        // Not a name: no number, a number run into a word, a word that starts alike.
        assert_eq!(named("Figure legends"), None);
        assert_eq!(named("Table 3rd"), None);
        assert_eq!(named("Figure1"), None);
        assert_eq!(named("Tablets 3"), None);
    }

    #[test]
    fn caption_labels() {
        assert_eq!(label_key("Fig. 1"), named_at("Figure 1", 0).map(|k| k.0));
        assert_eq!(label_key("S1 Table"), named_at("Table S1", 0).map(|k| k.0));
        assert_ne!(
            label_key("Supplementary Figure 1"),
            named_at("Figure 1", 0).map(|k| k.0)
        );
    }
}
