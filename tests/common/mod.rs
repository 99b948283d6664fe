//! Helpers shared by the integration tests.
#![allow(dead_code)]

use scholion::library::Library;
use scholion::model::Article;
use scholion::parse::parse_markdown;

/// Parse a Markdown article written in a test.
pub fn article(path: &str, text: &str) -> Article {
    parse_markdown(path, text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A library of articles written in a test.
pub fn library(docs: &[(&str, &str)]) -> Library {
    Library::new(docs.iter().map(|(p, t)| article(p, t)).collect())
}

/// The bundled library.
pub fn bundled() -> Library {
    Library::new(scholion::load::bundled())
}

/// Index of the article whose path ends with `suffix`.
pub fn find(lib: &Library, suffix: &str) -> usize {
    lib.articles()
        .iter()
        .position(|a| a.path.ends_with(suffix))
        .unwrap_or_else(|| panic!("no article {suffix}"))
}

/// The text of every term occurrence of an article, as matched.
pub fn matched(lib: &Library, a: usize) -> Vec<String> {
    let art = lib.article(a);
    lib.occurrences(a)
        .iter()
        .map(|o| art.blocks[o.block].text[o.range.clone()].to_string())
        .collect()
}
