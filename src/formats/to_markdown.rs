//! [`Article`] → scholion's Markdown format, for `scholion import`.
//!
//! Written so that reading the result gives the same article: the same front matter, sections,
//! citations (numbers and resolution), references, glossary and figure captions. Text is
//! escaped wherever Markdown would read it as markup; a citation that a bracket scan would not
//! give back exactly (`[1]–[9]`, `Smith et al., 2014`) is written as a link to `#cite-N,...`.
//!
//! Pure: model in, string out.

use crate::cite;
use crate::formats::markdown::CITE_LINK;
use crate::model::*;
use std::fmt::Write;
use std::ops::Range;

/// The article as a Markdown document; `source` says where it came from (front matter `source`).
pub fn to_markdown(article: &Article, source: &str) -> String {
    let mut out = String::new();
    front_matter(&article.front, source, &mut out);
    let mut widths: Vec<usize> = Vec::new();
    let mut prev: Option<&BlockKind> = None;
    let mut table_rows = 0usize;
    for (i, block) in article.blocks.iter().enumerate() {
        let kind = &block.kind;
        if !continues(prev, kind) {
            out.push('\n');
        }
        if !matches!(kind, BlockKind::TableRow { .. }) {
            table_rows = 0;
        }
        prev = Some(kind);
        let depth = block.list_depth as usize;
        widths.truncate(
            depth.saturating_sub(if matches!(kind, BlockKind::ListItem { .. }) {
                1
            } else {
                0
            }),
        );
        let quote = "> ".repeat(block.quote_depth as usize);
        let indent = " ".repeat(widths.iter().sum());
        let lead = format!("{quote}{indent}");
        let role = article.sections[block.section].role;
        match kind {
            BlockKind::Heading { level } => {
                let _ = writeln!(
                    out,
                    "{quote}{} {}",
                    "#".repeat((*level).clamp(1, 6) as usize),
                    escape_line(&block.text)
                );
            }
            BlockKind::Paragraph => {
                let _ = writeln!(out, "{lead}{}", inline(article, i, &lead));
            }
            BlockKind::ListItem { marker } => {
                let marker = match marker {
                    Marker::Number(n) => format!("{n}."),
                    Marker::Footnote(label) => format!("[^{label}]:"),
                    Marker::Task { done: true } => "- [x]".to_string(),
                    Marker::Task { done: false } => "- [ ]".to_string(),
                    Marker::Bullet | Marker::Label(_) => "-".to_string(),
                };
                widths.push(marker.chars().count() + 1);
                let body_lead = format!("{quote}{}", " ".repeat(widths.iter().sum()));
                let text = if role == SectionRole::References {
                    escape_line(&block.text)
                } else {
                    inline(article, i, &body_lead)
                };
                let _ = writeln!(out, "{lead}{marker} {text}");
            }
            BlockKind::Term => {
                let text = match article.glossary.iter().find(|g| g.block == i) {
                    Some(g) if !g.aliases.is_empty() => {
                        format!("{} ({})", g.term, g.aliases.join("; "))
                    }
                    Some(g) => g.term.clone(),
                    None => block.text.clone(),
                };
                let _ = writeln!(out, "{lead}{}", escape_line(&text));
            }
            BlockKind::Definition => {
                let _ = writeln!(out, "{lead}: {}", inline(article, i, &format!("{lead}  ")));
            }
            BlockKind::Code { language } => {
                let longest = longest_run(&block.text, '`');
                let fence = "`".repeat(longest.max(2) + 1);
                let _ = writeln!(out, "{lead}{fence}{}", language.as_deref().unwrap_or(""));
                for line in block.text.split('\n') {
                    let _ = writeln!(out, "{lead}{line}");
                }
                let _ = writeln!(out, "{lead}{fence}");
            }
            BlockKind::Rule => {
                let _ = writeln!(out, "{lead}---");
            }
            BlockKind::TableRow { cells, .. } => {
                let cells: Vec<String> = cells
                    .iter()
                    .map(|r| escape(block.text.get(r.clone()).unwrap_or("")).replace('|', "\\|"))
                    .collect();
                let _ = writeln!(out, "{lead}| {} |", cells.join(" | "));
                if table_rows == 0 {
                    let _ = writeln!(out, "{lead}|{}", "---|".repeat(cells.len()));
                }
                table_rows += 1;
            }
        }
    }
    out
}

/// Whether a block of kind `next` follows the one before without a blank line.
fn continues(prev: Option<&BlockKind>, next: &BlockKind) -> bool {
    matches!(
        (prev, next),
        (Some(BlockKind::ListItem { .. }), BlockKind::ListItem { .. })
            | (Some(BlockKind::Term), BlockKind::Definition)
            | (Some(BlockKind::Definition), BlockKind::Definition)
            | (Some(BlockKind::TableRow { .. }), BlockKind::TableRow { .. })
    )
}

fn front_matter(f: &FrontMatter, source: &str, out: &mut String) {
    out.push_str("---\n");
    let mut one = |key: &str, value: &Option<String>| {
        if let Some(v) = value {
            let _ = writeln!(out, "{key}: {}", quoted(v));
        }
    };
    one("title", &f.title);
    one("journal", &f.journal);
    one("volume", &f.volume);
    one("pages", &f.pages);
    one("doi", &f.doi);
    one("pmid", &f.pmid);
    one("pmcid", &f.pmcid);
    one("type", &f.kind);
    one("license", &f.license);
    one("source", &Some(source.to_string()));
    if f.title_supplied {
        out.push_str("title_supplied: true\n");
    }
    if let Some(y) = f.year {
        let _ = writeln!(out, "year: {y}");
    }
    for (key, list) in [("authors", &f.authors), ("keywords", &f.keywords)] {
        if !list.is_empty() {
            let _ = writeln!(out, "{key}:");
            for a in list {
                let _ = writeln!(out, "  - {}", quoted(a));
            }
        }
    }
    out.push_str("---\n");
}

fn quoted(s: &str) -> String {
    format!(
        "\"{}\"",
        s.replace('\\', "\\\\")
            .replace('"', "\\\"")
            .replace('\n', " ")
    )
}

fn longest_run(s: &str, c: char) -> usize {
    let mut best = 0;
    let mut run = 0;
    for ch in s.chars() {
        if ch == c {
            run += 1;
            best = best.max(run);
        } else {
            run = 0;
        }
    }
    best
}

/// Escape text so that Markdown reads it back as the same characters.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '~' | '|' | '!'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Escape what Markdown reads at the start of a line: `#`, `-`, `+`, `=`, `:`, `1.`, `1)`.
fn escape_line_start(line: &str) -> String {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && matches!(line.as_bytes().get(digits), Some(b'.' | b')')) {
        return format!("{}\\{}", &line[..digits], &line[digits..]);
    }
    match line.chars().next() {
        Some('#' | '-' | '+' | '=' | ':') => format!("\\{line}"),
        _ => line.to_string(),
    }
}

/// A whole line of plain text, escaped.
fn escape_line(s: &str) -> String {
    escape_line_start(&escape(s))
}

/// A block's text as Markdown: styles, links and citations, escaped; hard breaks continue with
/// `lead` so the next line stays in the same list item or quote.
fn inline(article: &Article, index: usize, lead: &str) -> String {
    let block = &article.blocks[index];
    let text = &block.text;
    // Citations of this block, in order.
    let cites: Vec<&Citation> = article
        .citations
        .iter()
        .filter(|c| c.block == index)
        .collect();
    let mut spans: Vec<(Range<usize>, String)> = Vec::new();
    for c in &cites {
        // Written as it is, the bracket must read back as this citation and as nothing else:
        // not a link (a `(` or `[` after it) nor a link definition (a `:`).
        let next = block.text[c.range.end..].chars().next();
        let exact = {
            let found = cite::scan(c.text(article), &[]);
            !matches!(next, Some('(' | '[' | ':'))
                && found.len() == 1
                && found[0].range == (0..c.text(article).len())
                && c.targets
                    .iter()
                    .map(|t| t.number())
                    .eq(found[0].numbers.iter().map(|&n| Some(n)))
        };
        let rendered = if exact {
            // Digits, commas, dashes and spaces between the brackets: nothing to escape, and an
            // escaped bracket would read back as literal text.
            c.text(article).to_string()
        } else {
            let nums: Vec<String> = c
                .targets
                .iter()
                .map(|&t| article.target_text(t).into_owned())
                .collect();
            format!(
                "[{}]({CITE_LINK}{})",
                escape(c.text(article)),
                nums.join(",")
            )
        };
        spans.push((c.range.clone(), rendered));
    }
    for l in &block.links {
        if cites
            .iter()
            .any(|c| c.range.start < l.range.end && l.range.start < c.range.end)
        {
            continue;
        }
        // A range the model holds is on character boundaries; one that is not is left out
        // rather than cut through a character.
        let Some(linked) = text.get(l.range.clone()) else {
            continue;
        };
        let url = l
            .url
            .replace('<', "%3C")
            .replace('>', "%3E")
            .replace(' ', "%20");
        spans.push((l.range.clone(), format!("[{}](<{url}>)", escape(linked))));
    }
    spans.sort_by_key(|(r, _)| r.start);
    let mut out = String::new();
    let mut at = 0;
    for (r, rendered) in spans {
        if r.start < at || !text.is_char_boundary(r.start) || !text.is_char_boundary(r.end) {
            continue;
        }
        styled(block, at..r.start, &mut out);
        out.push_str(&rendered);
        at = r.end;
    }
    styled(block, at..text.len(), &mut out);
    // Line starts: the first, and each after a hard break.
    let lines: Vec<String> = out.split('\n').map(escape_line_start).collect();
    lines.join(&format!("\\\n{lead}"))
}

/// Text of `range` with its emphasis, strong and code marked.
fn styled(block: &Block, range: Range<usize>, out: &mut String) {
    if range.is_empty() {
        return;
    }
    let text = &block.text;
    let mut cuts = vec![range.start, range.end];
    for run in &block.styles {
        for p in [run.range.start, run.range.end] {
            if p > range.start && p < range.end {
                cuts.push(p);
            }
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    for w in cuts.windows(2) {
        let piece = &text[w[0]..w[1]];
        let style = block.style_at(w[0]);
        if style.code {
            let ticks = "`".repeat(longest_run(piece, '`') + 1);
            let pad = if piece.starts_with('`') || piece.ends_with('`') {
                " "
            } else {
                ""
            };
            out.push_str(&format!("{ticks}{pad}{piece}{pad}{ticks}"));
            continue;
        }
        let marker = match (style.emphasis, style.strong) {
            (true, true) => "***",
            (false, true) => "**",
            (true, false) => "*",
            (false, false) => "",
        };
        let core = piece.trim();
        if marker.is_empty() || core.is_empty() {
            out.push_str(&escape(piece));
            continue;
        }
        // Markers must touch the text: spaces go outside them.
        let lead_len = piece.len() - piece.trim_start().len();
        let trail_len = piece.len() - piece.trim_end().len();
        out.push_str(&piece[..lead_len]);
        out.push_str(marker);
        out.push_str(&escape(core));
        out.push_str(marker);
        out.push_str(&piece[piece.len() - trail_len..]);
    }
}
