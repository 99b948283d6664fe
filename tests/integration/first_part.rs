//! The first screen of a large Markdown file comes from its first part, read alone: up to a
//! paragraph break after 256 KiB. What the part holds is what the whole file holds there.

use scholion::library::Library;
use scholion::load::{load_file, load_quick, QUICK_BYTES};
use scholion::model::Article;
use std::path::PathBuf;

/// Paragraphs of about 1,000 bytes, each with a two-byte character, to about `bytes`.
fn paragraphs(bytes: usize) -> String {
    let mut s = String::from("---\ntitle: A long one\n---\n\n");
    let mut i = 0;
    while s.len() < bytes {
        i += 1;
        s.push_str(&format!("Paragraph {i} about naïve cells"));
        while s.len() % 1000 < 990 {
            s.push_str(" and vesicles");
        }
        s.push_str(".\n\n");
    }
    s
}

fn first(path: &PathBuf) -> (Article, bool) {
    let quick = load_quick(std::slice::from_ref(path));
    assert!(quick.errors.is_empty(), "{:?}", quick.errors);
    let lib = Library::from_index(quick.entries, !quick.complete);
    (lib.article(0).clone(), quick.complete)
}

#[test]
fn a_large_file_opens_on_its_first_part() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.md");
    std::fs::write(&path, paragraphs(3 * 1024 * 1024)).unwrap();
    let (part, complete) = first(&path);
    let whole = load_file(&path).unwrap();
    assert!(!complete);
    let bytes: usize = part.blocks.iter().map(|b| b.text.len() + 2).sum();
    assert!(
        (QUICK_BYTES..QUICK_BYTES + 4096).contains(&bytes),
        "the first part holds {bytes} bytes"
    );
    // Every block of the part is the whole file's block, the last one included.
    assert_eq!(part.blocks[..], whole.blocks[..part.blocks.len()]);
    assert_eq!(part.front.title.as_deref(), Some("A long one"));
}

#[test]
fn a_file_without_a_break_in_reach_is_read_whole() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("one-paragraph.md");
    // One paragraph of 700 kB: no break after 256 KiB within the part read, which ends
    // inside the two bytes of an `ï`.
    let text = format!("abcdefghijkl {}\n", "naïve vesicles ".repeat(700_000 / 16));
    assert!(!text.is_char_boundary(2 * QUICK_BYTES));
    std::fs::write(&path, &text).unwrap();
    let (part, _) = first(&path);
    assert_eq!(part, load_file(&path).unwrap());
}

#[test]
fn a_small_file_is_read_whole() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("short.md");
    std::fs::write(&path, paragraphs(100_000)).unwrap();
    let (part, complete) = first(&path);
    assert!(complete);
    assert_eq!(part, load_file(&path).unwrap());
}
