//! JATS citations: bibliographic cross-references grouped into citations (adjacent numeric
//! ones joined by commas, dashes and brackets are one; a dash makes a range), to be resolved
//! once the references are known.

use super::*;

/// A bibliographic cross-reference in a block, waiting for the references to be known.
#[derive(Debug)]
pub(super) struct Xref {
    pub(super) range: Range<usize>,
    pub(super) rids: Vec<String>,
    pub(super) line: usize,
}

/// A citation group of a block, to be resolved once the references are read.
#[derive(Debug)]
pub(super) struct PendingCitation {
    pub(super) block: usize,
    pub(super) range: Range<usize>,
    /// Each cross-reference's ids, and whether a dash stands before it (`[4]–[7]`).
    pub(super) parts: Vec<(Vec<String>, bool)>,
    pub(super) line: usize,
}

/// Whether an xref's text is a number (or numbers) rather than an author–year citation.
pub(super) fn is_numeric(text: &str) -> bool {
    text.chars().any(|c| c.is_ascii_digit())
        && text.chars().all(|c| {
            c.is_ascii_digit() || matches!(c, '[' | ']' | '(' | ')' | ',' | ' ') || is_dash(c)
        })
}

/// Whether what stands between two numeric xrefs only joins them (`, `, `–`, `][`).
fn joins(between: &str) -> bool {
    between.len() <= 8
        && between
            .chars()
            .all(|c| matches!(c, '[' | ']' | '(' | ')' | ',' | ' ' | ';') || is_dash(c))
}

fn has_dash(s: &str) -> bool {
    s.chars().any(is_dash)
}

/// Group a block's bibliographic cross-references into citations: adjacent numeric ones joined
/// only by commas, dashes and brackets are one citation (with the brackets around them), and a
/// dash between two numbers makes a range; an author–year reference is a citation of its own.
pub(super) fn group_xrefs(text: &str, mut xrefs: Vec<Xref>) -> Vec<PendingCitation> {
    xrefs.sort_by_key(|x| x.range.start);
    let mut out: Vec<PendingCitation> = Vec::new();
    let mut last_numeric = false;
    for x in xrefs {
        let Some(own) = text.get(x.range.clone()) else {
            continue;
        };
        let numeric = is_numeric(own);
        if let Some(g) = out.last_mut() {
            let between = text.get(g.range.end..x.range.start).unwrap_or("x");
            if numeric && last_numeric && joins(between) {
                g.parts.push((x.rids, has_dash(between)));
                g.range.end = x.range.end;
                continue;
            }
        }
        last_numeric = numeric;
        out.push(PendingCitation {
            block: 0,
            range: x.range,
            parts: vec![(x.rids, false)],
            line: x.line,
        });
    }
    // Numeric groups take the brackets around them: `[1]–[9]`, `[1, 2]`.
    for g in &mut out {
        let inner = &text[g.range.clone()];
        if !is_numeric(inner) {
            continue;
        }
        let before = text[..g.range.start].chars().next_back();
        let after = text[g.range.end..].chars().next();
        match (before, after) {
            (Some('['), Some(']')) | (Some('('), Some(')')) => {
                g.range.start -= 1;
                g.range.end += 1;
            }
            (Some('['), _) if inner.ends_with(']') => g.range.start -= 1,
            (_, Some(']')) if inner.starts_with('[') => g.range.end += 1,
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeric_or_author_year() {
        assert!(is_numeric("12"));
        assert!(is_numeric("[4]"));
        assert!(is_numeric("1–3"));
        assert!(is_numeric("4−7"), "a minus sign is a dash");
        assert!(!is_numeric("Smith et al., 2014"));
    }
}
