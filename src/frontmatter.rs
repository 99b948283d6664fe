//! The front matter block at the top of an article: a small, strict subset of YAML.
//!
//! ```text
//! ---
//! title: Extracellular vesicles in cancer
//! authors:
//!   - R. Xu
//!   - A. Rai
//! journal: "Nature Reviews Clinical Oncology"
//! year: 2018
//! ---
//! ```
//!
//! Each line is `key: value`; a value is plain, or quoted with `"` or `'`, or a flow list
//! `[a, b]`; a key with no value takes the `- item` lines under it. `#` starts a comment line.
//! Anything else is an error with the line it is on, because a half-read block would silently
//! drop a title or an author. Anchors, tags and nested maps are deliberately not supported.

use crate::model::FrontMatter;
use crate::sanitize;

/// A front matter block that could not be read, with the 1-based line of the file it is on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: front matter: {message}")]
pub struct FrontMatterError {
    pub line: usize,
    pub message: String,
}

/// The result of splitting a file into its front matter and its body.
#[derive(Debug)]
pub struct Split<'a> {
    pub front: FrontMatter,
    /// Keys the block had that scholion does not know, with their lines: kept out of the model.
    pub unknown_keys: Vec<(usize, String)>,
    pub body: &'a str,
    /// How many lines of the file come before `body`.
    pub body_line_offset: usize,
}

/// Split `text` into front matter and body. A file without a leading `---` line has no front
/// matter and is all body.
pub fn split(text: &str) -> Result<Split<'_>, FrontMatterError> {
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != "---" {
        return Ok(Split {
            front: FrontMatter::default(),
            unknown_keys: Vec::new(),
            body: text,
            body_line_offset: 0,
        });
    }
    let mut offset = first.len();
    let mut block: Vec<(usize, &str)> = Vec::new();
    let mut closed = false;
    for (i, line) in lines.enumerate() {
        offset += line.len();
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            closed = true;
            break;
        }
        block.push((i + 2, trimmed));
    }
    if !closed {
        return Err(FrontMatterError {
            line: 1,
            message: "the block opened by `---` is never closed by another `---` line".into(),
        });
    }
    let (front, unknown_keys) = read_block(&block)?;
    Ok(Split {
        front,
        unknown_keys,
        body: &text[offset..],
        body_line_offset: block.len() + 2,
    })
}

enum Value {
    One(String),
    List(Vec<String>),
}

fn read_block(
    lines: &[(usize, &str)],
) -> Result<(FrontMatter, Vec<(usize, String)>), FrontMatterError> {
    let mut entries: Vec<(usize, String, Value)> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let (line_no, line) = lines[i];
        i += 1;
        let err = |message: String| FrontMatterError {
            line: line_no,
            message,
        };
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        if line.starts_with(char::is_whitespace) {
            return Err(err("unexpected indentation (only `- item` lines may be indented, under a key with no value)".into()));
        }
        let Some((key, value)) = line.split_once(':') else {
            return Err(err(format!(
                "expected `key: value`, found {:?}",
                truncate(line)
            )));
        };
        let key = key.trim();
        if key.is_empty()
            || !key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            return Err(err(format!("{:?} is not a key", truncate(key))));
        }
        if entries.iter().any(|(_, k, _)| k == key) {
            return Err(err(format!("key `{key}` is given twice")));
        }
        let value = value.trim();
        let value = if value.is_empty() {
            let mut items = Vec::new();
            while i < lines.len() {
                let (item_line, text) = lines[i];
                let t = text.trim_start();
                if text.trim().is_empty() {
                    i += 1;
                    continue;
                }
                if !text.starts_with(char::is_whitespace) && !t.starts_with("- ") && t != "-" {
                    break;
                }
                let Some(item) = t.strip_prefix('-') else {
                    return Err(FrontMatterError {
                        line: item_line,
                        message: format!("expected a `- item` line under `{key}:`"),
                    });
                };
                items.push(scalar(item.trim(), item_line)?);
                i += 1;
            }
            Value::List(items)
        } else if let Some(inner) = value.strip_prefix('[') {
            let Some(inner) = inner.strip_suffix(']') else {
                return Err(err(
                    "a list opened with `[` is not closed with `]` on the same line".into(),
                ));
            };
            let items = split_flow(inner)
                .into_iter()
                .map(|s| scalar(s.trim(), line_no))
                .collect::<Result<Vec<_>, _>>()?;
            Value::List(items.into_iter().filter(|s| !s.is_empty()).collect())
        } else {
            Value::One(scalar(value, line_no)?)
        };
        entries.push((line_no, key.to_string(), value));
    }

    let mut front = FrontMatter::default();
    let mut unknown = Vec::new();
    for (line, key, value) in entries {
        let err = |message: String| FrontMatterError { line, message };
        let one = |v: Value| -> Result<String, FrontMatterError> {
            match v {
                Value::One(s) => Ok(s),
                Value::List(_) => Err(err(format!("`{key}` takes one value, not a list"))),
            }
        };
        match key.as_str() {
            "title" => front.title = Some(one(value)?),
            "title_supplied" => {
                front.title_supplied = match one(value)?.as_str() {
                    "true" | "yes" => true,
                    "false" | "no" => false,
                    other => {
                        return Err(err(format!(
                            "`title_supplied` is true or false, not {other:?}"
                        )))
                    }
                }
            }
            "authors" | "author" => {
                front.authors = match value {
                    Value::One(s) if s.is_empty() => Vec::new(),
                    Value::One(s) => vec![s],
                    Value::List(v) => v,
                }
            }
            "journal" => front.journal = Some(one(value)?),
            "year" => {
                let s = one(value)?;
                front.year = Some(
                    s.parse()
                        .ok()
                        .filter(|y: &u32| (1000..=9999).contains(y))
                        .ok_or_else(|| {
                            err(format!(
                                "`year` must be a four-digit year, not {:?}",
                                truncate(&s)
                            ))
                        })?,
                );
            }
            "doi" => front.doi = Some(one(value)?),
            "type" => front.kind = Some(one(value)?),
            "volume" => front.volume = Some(one(value)?),
            "pages" => front.pages = Some(one(value)?),
            "pmid" => front.pmid = Some(one(value)?),
            "pmcid" => front.pmcid = Some(one(value)?),
            "license" => front.license = Some(one(value)?),
            "keywords" => {
                front.keywords = match value {
                    Value::One(s) if s.is_empty() => Vec::new(),
                    Value::One(s) => vec![s],
                    Value::List(v) => v,
                }
            }
            "source" => front.source = Some(one(value)?),
            _ => unknown.push((line, key)),
        }
    }
    Ok((front, unknown))
}

/// A scalar: plain, `"double quoted"` (with `\"` and `\\`), or `'single quoted'` (with `''`).
fn scalar(s: &str, line: usize) -> Result<String, FrontMatterError> {
    let err = |message: &str| FrontMatterError {
        line,
        message: message.to_string(),
    };
    let out = if let Some(inner) = s.strip_prefix('"') {
        let Some(inner) = inner.strip_suffix('"') else {
            return Err(err(
                "a value opened with `\"` is not closed on the same line",
            ));
        };
        let mut out = String::new();
        let mut chars = inner.chars();
        while let Some(c) = chars.next() {
            if c == '\\' {
                match chars.next() {
                    Some('"') => out.push('"'),
                    Some('\\') => out.push('\\'),
                    Some('n') => out.push(' '),
                    Some(other) => {
                        out.push('\\');
                        out.push(other)
                    }
                    None => return Err(err("a value ends with a lone `\\`")),
                }
            } else {
                out.push(c);
            }
        }
        out
    } else if let Some(inner) = s.strip_prefix('\'') {
        let Some(inner) = inner.strip_suffix('\'') else {
            return Err(err(
                "a value opened with `'` is not closed on the same line",
            ));
        };
        inner.replace("''", "'")
    } else {
        // A plain value ends where a ` #` comment starts.
        match s.find(" #") {
            Some(i) => s[..i].trim_end().to_string(),
            None => s.to_string(),
        }
    };
    Ok(sanitize::prose(&out).into_owned())
}

/// Split a flow list's inside at commas that are not inside quotes.
fn split_flow(s: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut quote: Option<char> = None;
    let mut start = 0;
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, ',') => {
                parts.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&s[start..]);
    parts
}

fn truncate(s: &str) -> String {
    let t: String = s.chars().take(40).collect();
    sanitize::prose(&t).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_block() {
        let text = "---\ntitle: \"A: study\"\nauthors:\n  - R. Xu\n  - A. Rai\nyear: 2018\ntype: Review\nextra: 1\n---\n# Body\n";
        let s = split(text).unwrap();
        assert_eq!(s.front.title.as_deref(), Some("A: study"));
        assert_eq!(s.front.authors, ["R. Xu", "A. Rai"]);
        assert_eq!(s.front.year, Some(2018));
        assert_eq!(s.front.kind.as_deref(), Some("Review"));
        assert_eq!(s.unknown_keys, [(8, "extra".to_string())]);
        assert_eq!(s.body, "# Body\n");
        assert_eq!(s.body_line_offset, 9);
    }

    #[test]
    fn flow_lists_and_no_block() {
        let s = split("---\nauthors: [A. B, 'C, D']\n---\n").unwrap();
        assert_eq!(s.front.authors, ["A. B", "C, D"]);
        let s = split("# Just text\n").unwrap();
        assert_eq!(s.front, FrontMatter::default());
    }

    #[test]
    fn errors_name_the_line() {
        let e = split("---\ntitle: x\nyear: soon\n---\n").unwrap_err();
        assert_eq!(e.line, 3);
        let e = split("---\ntitle: x\nthis is not yaml\n---\n").unwrap_err();
        assert_eq!(e.line, 3);
        assert!(e.to_string().starts_with("line 3: front matter:"));
        let e = split("---\ntitle: x\n").unwrap_err();
        assert_eq!(e.line, 1);
        let e = split("---\ntitle: \"open\n---\n").unwrap_err();
        assert_eq!(e.line, 2);
    }
}
