//! Text another tool extracted from a PDF (`pdftotext`, a copy out of a PDF viewer, a page's
//! plain-text export), recognised by its shape and read into paragraphs by the same word rules
//! as a PDF's own glyphs ([`super::words`]).
//!
//! Its shape: lines cut at a column's width, often each followed by a blank line (the doubled
//! line breaks some extractors write), words cut at a line's end with a hyphen, and the gaps a
//! ligature leaves (`fi broblast`). Read back: a line ends its paragraph when it ends a sentence
//! well short of the text's width; a short line that names a section is a heading; after a
//! references heading, a line that starts with the next number starts the next entry.
//!
//! Pure: text in, article out.

use super::builder::{self, BlockBuilder};
use super::pdf::{entry_number, names_a_section};
use super::words::{self, join_line, Vocabulary};
use crate::model::{Article, BlockKind, FrontMatter, SectionRole, Style};

/// The fewest lines a text needs before its shape says anything.
const MIN_LINES: usize = 8;

/// Whether `text` has the shape of text extracted from a PDF and not of a text a person wrote:
/// most lines stand alone between blank lines while running on into the next (doubled line
/// breaks), or many lines end in a cut word's hyphen beside a ligature's gap. Front matter says
/// someone prepared the file: it is read as Markdown.
pub fn looks_extracted(text: &str) -> bool {
    if text.trim_start().starts_with("---") {
        return false;
    }
    let mut lines = 0usize;
    let mut open_ends = 0usize;
    let mut hyphen_ends = 0usize;
    let mut markup = 0usize;
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        lines += 1;
        if !ends_sentence(line) {
            open_ends += 1;
        }
        let mut end = line.chars().rev();
        if end.next() == Some('-') && end.next().is_some_and(char::is_alphabetic) {
            hyphen_ends += 1;
        }
        if line.starts_with(['#', '|', '>', '`']) || line.starts_with("- ") {
            markup += 1;
        }
    }
    if lines < MIN_LINES || markup * 10 > lines {
        return false;
    }
    let blocks: Vec<usize> = text
        .split("\n\n")
        .map(|b| b.lines().filter(|l| !l.trim().is_empty()).count())
        .filter(|&n| n > 0)
        .collect();
    let single = blocks.iter().filter(|&&n| n == 1).count();
    let doubled =
        blocks.len() >= MIN_LINES && single * 10 >= blocks.len() * 7 && open_ends * 10 >= lines * 3;
    let gaps = text
        .split(' ')
        .zip(text.split(' ').skip(1))
        .filter(|(a, b)| {
            ["fi", "fl", "ff", "Th"].iter().any(|p| a.ends_with(p))
                && b.starts_with(|c: char| c.is_lowercase())
        })
        .count();
    let hyphenated = hyphen_ends * 20 >= lines && (gaps > 0 || hyphen_ends * 10 >= lines);
    doubled || hyphenated
}

/// Whether a line ends a sentence (closing brackets and quotes aside).
fn ends_sentence(line: &str) -> bool {
    line.trim_end()
        .trim_end_matches([')', ']', '"', '\'', '’', '”'])
        .ends_with(['.', '?', '!', ':'])
}

/// The article `text`, text extracted from a PDF, holds.
pub fn article(name: &str, text: &str) -> Article {
    let text = words::ligatures(text);
    let raw: Vec<String> = text
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect();
    // Gaps are closed line by line first, so that the words the paragraphs are judged by are
    // whole; then once more over each paragraph, for gaps a cut word's join brings together.
    let first_words = Vocabulary::of(raw.iter().map(String::as_str));
    let lines: Vec<String> = raw
        .iter()
        .map(|l| words::close_gaps(l, &first_words))
        .collect();
    let words = Vocabulary::of(lines.iter().map(String::as_str));
    let width = typical_width(&lines);
    let mut out = BlockBuilder::default();
    let mut paragraph = String::new();
    let mut in_references = false;
    let mut last_entry = 0u32;
    let flush = |out: &mut BlockBuilder, paragraph: &mut String| {
        if !paragraph.is_empty() {
            out.push_text(
                &words::close_gaps(paragraph, &words),
                Style::PLAIN,
                false,
                false,
            );
            paragraph.clear();
        }
        out.flush();
    };
    for line in &lines {
        let starts = paragraph.is_empty();
        // A heading stands between paragraphs: after a sentence's end.
        if (starts || ends_sentence(&paragraph))
            && line.chars().count() <= 60
            && names_a_section(line)
        {
            flush(&mut out, &mut paragraph);
            out.open(BlockKind::Heading { level: 2 });
            out.push_text(line, Style::PLAIN, false, false);
            out.flush();
            in_references = builder::role_of(line) == SectionRole::References;
            last_entry = 0;
            continue;
        }
        let entry = entry_number(line)
            .filter(|&(n, _)| in_references && n > last_entry && n <= last_entry + 3);
        if let Some((n, at)) = entry {
            flush(&mut out, &mut paragraph);
            last_entry = n;
            out.open_entry(n);
            paragraph.push_str(line[at..].trim_start());
        } else {
            // In a reference list a paragraph never ends before the next entry: one starts
            // only after a heading.
            if starts {
                out.open(BlockKind::Paragraph);
            }
            join_line(&mut paragraph, line, &words);
        }
        if ends_sentence(line) && (line.chars().count() as f32) < 0.8 * width && !in_references {
            flush(&mut out, &mut paragraph);
        }
    }
    flush(&mut out, &mut paragraph);
    let front = FrontMatter {
        source: Some(
            "text extracted from a PDF by another tool; scholion joined its lines into \
             paragraphs and mended the words the extraction broke"
                .to_string(),
        ),
        ..FrontMatter::default()
    };
    builder::finish(name, front, out, None, Vec::new())
}

/// The width most lines of the text fill: the 90th percentile of the lines' lengths.
fn typical_width(lines: &[String]) -> f32 {
    let mut lengths: Vec<usize> = lines.iter().map(|l| l.chars().count()).collect();
    lengths.sort_unstable();
    lengths.get(lengths.len() * 9 / 10).copied().unwrap_or(0) as f32
}
