//! Bad files: each gives one line naming the file and the problem, the others still load,
//! `inspect` exits non-zero, and nothing panics.

use std::path::Path;
use std::process::{Command, Output};

fn inspect(args: &[&Path]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_scholion"))
        .arg("inspect")
        .arg("--json")
        .args(args)
        .output()
        .expect("run scholion")
}

/// `scholion inspect` as text, for a person.
fn inspect_text(args: &[&Path]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_scholion"))
        .arg("inspect")
        .args(args)
        .output()
        .expect("run scholion")
}

fn good(dir: &Path) -> std::path::PathBuf {
    write(dir, "good.md", "---\ntitle: Good\n---\n\nText [1].\n")
}

/// A file `name` in `dir` holding `bytes`.
fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

/// The titles of the articles in an `inspect --json` report, in order.
fn titles(out: &Output) -> Vec<String> {
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    json["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap().to_string())
        .collect()
}

/// Run inspect on a good file and a bad one: it fails (not by a signal), writes one line
/// that names the bad file, and reports the articles `loaded`. Returns that line.
fn bad_beside_good(bad: &Path, loaded: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let good = good(dir.path());
    let out = inspect(&[&good, bad]);
    assert!(!out.status.success(), "inspect must fail when a file fails");
    assert!(
        out.status.code().is_some(),
        "killed by a signal (a panic abort?)"
    );
    let stderr = String::from_utf8(out.stderr.clone()).unwrap();
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "one line per bad file, got {stderr:?}");
    assert!(!stderr.contains("panicked"));
    assert_eq!(titles(&out), loaded, "the good file still loads");
    let shown = bad.display().to_string();
    assert!(
        lines[0].contains(&shown),
        "{:?} does not name {shown}",
        lines[0]
    );
    lines[0].to_string()
}

/// Run inspect on a good file and a bad one; return the bad one's error line.
fn one_bad(bad: &Path) -> String {
    bad_beside_good(bad, &["Good"])
}

#[test]
fn missing_file() {
    let dir = tempfile::tempdir().unwrap();
    let line = one_bad(&dir.path().join("nowhere.md"));
    assert!(line.ends_with("no such file"), "{line}");
}

#[test]
fn directory_without_articles() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("papers");
    std::fs::create_dir(&sub).unwrap();
    std::fs::write(sub.join("notes.txt"), "not an article").unwrap();
    let line = one_bad(&sub);
    assert!(line.contains("is a directory with no articles"), "{line}");
}

#[test]
fn a_directory_opens_every_article_under_it() {
    let dir = tempfile::tempdir().unwrap();
    let deep = dir.path().join("a").join("b");
    std::fs::create_dir_all(&deep).unwrap();
    std::fs::write(dir.path().join("one.md"), "---\ntitle: One\n---\n\nText.\n").unwrap();
    std::fs::write(deep.join("two.md"), "---\ntitle: Two\n---\n\nText.\n").unwrap();
    std::fs::write(deep.join("skip.txt"), "not an article").unwrap();
    let out = inspect(&[dir.path()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut titles = titles(&out);
    titles.sort();
    assert_eq!(titles, ["One", "Two"]);
}

#[test]
fn binary_file() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "data.md", b"\x00\x01\x02\xff binary");
    let line = one_bad(&p);
    assert!(line.contains("binary file"), "{line}");
}

#[test]
fn a_known_format_is_named_for_what_it_is() {
    let dir = tempfile::tempdir().unwrap();
    // By magic, whatever the name says.
    let p = write(dir.path(), "paper.md", b"%PDF-1.7\n\x00\x01\x02\xff binary");
    let line = one_bad(&p);
    assert!(
        line.contains("paper.md: PDF: not a readable PDF ("),
        "{line}"
    );
    let p = write(
        dir.path(),
        "refs.bib",
        "@article{smith2020,\n  title={T},\n}\n",
    );
    assert!(one_bad(&p).contains("refs.bib: a BibTeX bibliography, not an article"));
    let p = write(dir.path(), "page.html", "<!doctype html><title>x</title>\n");
    assert!(one_bad(&p).ends_with("page.html: an HTML page: not read yet"));
    let p = write(dir.path(), "fig.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR");
    assert!(one_bad(&p).ends_with("fig.md: a PNG image, not an article"));
}

#[test]
fn not_utf8() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "latin1.md", b"# Title\n\nCaf\xe9 au lait\n");
    let line = one_bad(&p);
    assert!(
        line.contains("not UTF-8 text (invalid byte at line 3, column 4)"),
        "{line}"
    );
}

#[test]
fn empty_file() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "empty.md", "  \n\n");
    let line = one_bad(&p);
    assert!(line.ends_with("empty file"), "{line}");
}

#[test]
fn broken_front_matter_names_the_line_and_the_body_still_loads() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "broken.md",
        "---\ntitle: Fine\nauthors: [A. B\nyear: 2020\n---\n\nBody.\n",
    );
    // The YAML reader finds the unclosed `[` on the line after it; the lines before the error
    // are kept (the title).
    let line = one_bad_but_loaded(&p, "Fine");
    assert!(
        line.contains("broken.md:4: front matter: illegal placement of ':'"),
        "{line}"
    );

    // A value of the wrong shape is a note: the file loads, and inspect says what was dropped.
    let p = write(
        dir.path(),
        "year.md",
        "---\ntitle: Year\nyear: next spring\n---\n\nBody.\n",
    );
    let out = inspect_text(&[&p]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("note: line 3: front matter: `year` must be a four-digit year"),
        "{text}"
    );

    let p = write(
        dir.path(),
        "unclosed.md",
        "---\ntitle: Fine\n\nBody with no closing line.\n",
    );
    let shown = p.display().to_string();
    let line = bad_beside_good(&p, &["Good", &shown]);
    assert!(line.contains("unclosed.md:1: front matter:"), "{line}");
}

#[test]
fn control_characters_in_a_file_name_are_shown_not_sent() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("evil\u{1b}]0;owned\u{7}.md");
    let out = inspect(&[&p]);
    assert!(!out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        !stderr.contains('\u{1b}') && !stderr.contains('\u{7}'),
        "{stderr:?}"
    );
    assert!(
        stderr.contains("evil\u{241b}.md: no such file"),
        "{stderr:?}"
    );
}

#[test]
fn all_good_exits_zero_and_bundled_by_default() {
    let out = Command::new(env!("CARGO_BIN_EXE_scholion"))
        .args(["inspect", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["articles"].as_array().unwrap().len(), 2);
}

#[test]
fn truncated_jats_loads_what_it_can_and_fails() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "cut.nxml", "<?xml version=\"1.0\"?>\n<article>\n<front><article-meta><title-group><article-title>Cut short</article-title></title-group></article-meta></front>\n<body><p>First paragraph.</p>\n<p>Second, cut");
    let line = one_bad_but_loaded(&p, "Cut short");
    assert!(
        line.contains("cut.nxml:5: the file ends inside <p>"),
        "{line}"
    );
}

#[test]
fn broken_jats_names_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "broken.xml", "<article>\n<front><article-meta><title-group><article-title>Broken</article-title></title-group></article-meta></front>\n<body>\n<p>Fine.</p>\n<p>Not <italic>fine</bold>.</p>\n</body></article>\n");
    let line = one_bad_but_loaded(&p, "Broken");
    assert!(line.contains("broken.xml:5: XML error"), "{line}");
}

#[test]
fn html_page_is_not_jats() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "page.xml",
        "<!DOCTYPE html>\n<html><body><p>A journal page</p></body></html>\n",
    );
    let line = one_bad(&p);
    assert!(
        line.ends_with("page.xml: an HTML page: not read yet"),
        "{line}"
    );
}

/// Run inspect on a good file and a partly readable one: both load, one line names the
/// problem, and the exit status says a file failed.
fn one_bad_but_loaded(bad: &Path, title: &str) -> String {
    bad_beside_good(bad, &["Good", title])
}
