//! Turning files (or the bundled articles) into parsed articles: the one place outside the
//! terminal module that touches the file system.
//!
//! Each file fails alone: a problem with one gives a [`LoadError`] that names the file and says
//! what is wrong in one line, and the others still load.

use crate::formats::{self, ReadError};
use crate::library::{Indexed, Library};
use crate::model::Article;
use crate::sanitize;
use std::path::{Path, PathBuf};

pub use crate::bundled::BUNDLED;

/// Why a file could not be loaded. Its `Display` is the one line shown to the reader.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{path}: no such file")]
    NotFound { path: String },
    #[error("{path}: is a directory with no articles in it (.md, .markdown, .xml, .nxml)")]
    Directory { path: String },
    #[error("{path}: permission denied")]
    PermissionDenied { path: String },
    #[error("{path}: {kind}, not a regular file; not read")]
    NotRegular { path: String, kind: &'static str },
    #[error("{path}: too large ({} MB); scholion reads files of up to {} MB", .size / 1_000_000, .limit / 1_000_000)]
    TooLarge { path: String, size: u64, limit: u64 },
    #[error("{path}: a folder that cannot be read ({message}); nothing under it was opened")]
    UnreadableFolder { path: String, message: String },
    #[error("{path}: a link to a folder; links to folders are not followed")]
    FolderLink { path: String },
    /// What the file's bytes are not: an article in a format scholion reads.
    #[error("{path}: {error}")]
    Read { path: String, error: ReadError },
    #[error("{path}: cannot be read: {message}")]
    Io { path: String, message: String },
    /// The file loaded only in part; the article holds what could be read.
    #[error("{path}{}: {message}", .line.map(|l| format!(":{l}")).unwrap_or_default())]
    Partial {
        path: String,
        line: Option<usize>,
        message: String,
    },
}

/// How a path is shown in messages: as given, with anything a terminal would act on made
/// visible, line breaks included (a name is one line).
pub fn display_path(path: &Path) -> String {
    sanitize::one_line(&path.to_string_lossy()).into_owned()
}

/// The largest file scholion reads (about 134 MB): past it a file is refused with its size,
/// before anything of it is read. The largest article measured opens in about 4 s at 100 MB.
pub const MAX_FILE_BYTES: u64 = 128 * 1024 * 1024;

/// How much of a file's start decides what it is, and whether it is binary (a NUL byte there).
const BINARY_HEAD: u64 = formats::HEAD_BYTES as u64;

/// What a file that is not a regular file is, for the message that refuses it.
fn file_kind(t: std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if t.is_fifo() {
        "a FIFO (named pipe)"
    } else if t.is_char_device() {
        "a character device"
    } else if t.is_block_device() {
        "a block device"
    } else if t.is_socket() {
        "a socket"
    } else {
        "a special file"
    }
}

/// Open a file to read, refusing anything but a regular file of at most [`MAX_FILE_BYTES`].
///
/// The file is opened without blocking (a FIFO, or a file swapped for one after a folder was
/// listed, would otherwise wait for a writer forever) and judged by what was opened, not by a
/// name looked up before: there is no moment between the check and the read.
pub fn open_regular(
    path: &Path,
    shown: &str,
    limit: u64,
) -> Result<(std::fs::File, u64), LoadError> {
    use std::os::unix::fs::OpenOptionsExt;
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32)
        .open(path)
        .map_err(|e| io_error(shown, e))?;
    let meta = file.metadata().map_err(|e| io_error(shown, e))?;
    let path = shown.to_string();
    if meta.is_dir() {
        return Err(LoadError::Directory { path });
    }
    if !meta.is_file() {
        return Err(LoadError::NotRegular {
            path,
            kind: file_kind(meta.file_type()),
        });
    }
    if meta.len() > limit {
        return Err(LoadError::TooLarge {
            path,
            size: meta.len(),
            limit,
        });
    }
    Ok((file, meta.len()))
}

/// Read a whole regular file of at most `limit` bytes (as [`open_regular`] allows) into `buf`.
/// Its first [`BINARY_HEAD`] bytes are judged before the rest is read: a NUL byte there calls
/// it binary; a file that grew past the limit since it was opened is refused.
pub fn read_regular(
    path: &Path,
    shown: &str,
    limit: u64,
    buf: &mut Vec<u8>,
) -> Result<(), LoadError> {
    read_judged(path, shown, limit, buf, |head| {
        if head.contains(&0) {
            Err(ReadError::Binary)
        } else {
            Ok(())
        }
    })
}

/// [`read_regular`] for an article: its start says what format it is before the rest is read,
/// so a large PDF or archive is named for what it is without reading it whole.
fn read_article(path: &Path, shown: &str, buf: &mut Vec<u8>) -> Result<(), LoadError> {
    read_judged(path, shown, MAX_FILE_BYTES, buf, |head| {
        formats::refuse_head(shown, head).map(|_| ())
    })
}

/// Read a whole regular file into `buf`, letting `judge` refuse it from its first bytes.
fn read_judged(
    path: &Path,
    shown: &str,
    limit: u64,
    buf: &mut Vec<u8>,
    judge: impl FnOnce(&[u8]) -> Result<(), ReadError>,
) -> Result<(), LoadError> {
    use std::io::Read;
    let (file, len) = open_regular(path, shown, limit)?;
    buf.clear();
    // Room for the file as its size says, when there is room for it at all; reading reports a
    // file too large for memory as an error, not an abort.
    let _ = buf.try_reserve_exact(usize::try_from(len).unwrap_or(usize::MAX));
    let mut file = file.take(BINARY_HEAD);
    file.read_to_end(buf).map_err(|e| io_error(shown, e))?;
    judge(buf).map_err(|error| LoadError::Read {
        path: shown.to_string(),
        error,
    })?;
    let mut file = file
        .into_inner()
        .take((limit + 1).saturating_sub(buf.len() as u64));
    file.read_to_end(buf).map_err(|e| io_error(shown, e))?;
    if buf.len() as u64 > limit {
        return Err(LoadError::TooLarge {
            path: shown.to_string(),
            size: buf.len() as u64,
            limit,
        });
    }
    Ok(())
}

/// Read and parse one article file.
pub fn load_file(path: &Path) -> Result<Article, LoadError> {
    load_file_with(path, &mut Vec::new())
}

/// [`load_file`], reading the file into `buf`: one buffer for many files, so that reading a
/// folder does not leave a hole of each file's size between the small things kept of it.
fn load_file_with(path: &Path, buf: &mut Vec<u8>) -> Result<Article, LoadError> {
    let shown = display_path(path);
    let read = read_article(path, &shown, buf);
    let article = read
        .and_then(|()| parse_bytes(&shown, buf))
        .map(|a| with_bibliography(path, &shown, buf, a));
    if buf.capacity() > REUSED_BUFFER_BYTES {
        // Not held for the next file: a large one is rare.
        *buf = Vec::new();
    }
    article
}

/// The largest buffer kept from one file for the next.
const REUSED_BUFFER_BYTES: usize = 1024 * 1024;

/// The largest bibliography file read (a bibliography of 100,000 entries is about 50 MB).
const MAX_BIBLIOGRAPHY_BYTES: u64 = 64 * 1024 * 1024;

/// Bibliographies given on the command line (`--bibliography`), for every article.
static GIVEN_BIBLIOGRAPHY: std::sync::OnceLock<Vec<PathBuf>> = std::sync::OnceLock::new();

/// Use `files` as bibliographies of every article read from now on (the command line's
/// `--bibliography`); set once, as the program starts.
pub fn set_bibliography(files: Vec<PathBuf>) {
    let _ = GIVEN_BIBLIOGRAPHY.set(files);
}

/// The bibliography files of the Markdown article at `path`: those given on the command line,
/// and those its front matter names (relative to the article), else a `.bib`, `.json`, `.yaml`
/// or `.yml` file beside it with the same name (`paper.md` and `paper.bib`).
fn bibliography_files(path: &Path, article: &Article) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = GIVEN_BIBLIOGRAPHY.get().cloned().unwrap_or_default();
    let dir = path.parent().unwrap_or(Path::new(""));
    if !article.front.bibliography.is_empty() {
        files.extend(article.front.bibliography.iter().map(|name| dir.join(name)));
    } else {
        files.extend(
            ["bib", "json", "yaml", "yml"]
                .iter()
                .map(|ext| path.with_extension(ext))
                .filter(|p| p != path && p.is_file())
                .take(1),
        );
    }
    files
}

/// `article`, read from `bytes` of the file at `path`, with its pandoc citations resolved
/// against its bibliography files. A file that cannot be read is a problem of the article,
/// and its citations stay unresolved; the article still loads.
fn with_bibliography(path: &Path, shown: &str, bytes: &[u8], article: Article) -> Article {
    // Only Markdown cites by key (an author–year citation's label is no bibliography key).
    if article.citation_keys().next().is_none() {
        return article;
    }
    let files = bibliography_files(path, &article);
    if files.is_empty() {
        return article;
    }
    let mut entries = Vec::new();
    let mut problems = Vec::new();
    let mut names = Vec::new();
    let mut buf = Vec::new();
    for file in &files {
        let name = display_path(file);
        match read_regular(file, &name, MAX_BIBLIOGRAPHY_BYTES, &mut buf) {
            Ok(()) => {
                let text = String::from_utf8_lossy(&buf);
                let parsed = formats::bib::parse(&name, &text);
                entries.extend(parsed.entries);
                // A line of the bibliography, not of the article: named with its file.
                problems.extend(parsed.diagnostics.into_iter().map(|d| {
                    let at = match d.line {
                        Some(l) => format!("{name}:{l}"),
                        None => name.clone(),
                    };
                    let message = format!("{at}: {}", d.message);
                    match d.severity {
                        crate::model::Severity::Problem => {
                            crate::model::Diagnostic::problem(None, message)
                        }
                        crate::model::Severity::Note => {
                            crate::model::Diagnostic::note(None, message)
                        }
                    }
                }));
            }
            Err(e) => problems.push(crate::model::Diagnostic::problem(
                None,
                format!("bibliography {e}"),
            )),
        }
        names.push(name);
    }
    let text = String::from_utf8_lossy(bytes);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut article =
        formats::markdown::parse_markdown_with(shown, text, &entries, &names.join(", "));
    article.diagnostics.extend(problems);
    article
}

/// Parse an article from the bytes of a file named `shown` (see [`formats::read`]).
pub fn parse_bytes(shown: &str, bytes: &[u8]) -> Result<Article, LoadError> {
    parse_pages(shown, bytes, None)
}

/// [`parse_bytes`], of a PDF only its `first` pages when given.
fn parse_pages(shown: &str, bytes: &[u8], first: Option<usize>) -> Result<Article, LoadError> {
    let pdf_glyphs = |bytes: &[u8]| match PDF_HELPER.get() {
        // A PDF whose content streams the parser fails on is read again with them cut down
        // to their text.
        Some(helper) => match pdf_in_child(helper, bytes, first, false) {
            Err(formats::pdf::PdfError::Stopped(why)) if !why.starts_with("it took") => {
                pdf_in_child(helper, bytes, None, true).map_err(|e| match e {
                    formats::pdf::PdfError::Stopped(_) => formats::pdf::PdfError::Stopped(why),
                    e => e,
                })
            }
            done => done,
        },
        None => Err(formats::pdf::PdfError::NoReader),
    };
    formats::read_with(shown, bytes, pdf_glyphs).map_err(|error| LoadError::Read {
        path: shown.to_string(),
        error,
    })
}

/// The program that reads a PDF's glyphs in a process of its own ([`PDF_HELPER_NAME`], the PDF
/// on its standard input, its glyphs on its standard output): a PDF parser that fails, loops
/// or runs out of memory on a file takes that process down, not the reader, and the other
/// files still load. A program of its own, too, so that the reader does not carry the PDF
/// parser's code (1.3 MB) in its memory.
static PDF_HELPER: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();

/// The PDF reading program's name, installed beside `scholion`.
pub const PDF_HELPER_NAME: &str = "scholion-pdf";

/// How long the PDF reading process may run, and how much memory it may take.
const PDF_SECONDS: u64 = 60;
const PDF_MEMORY_BYTES: u64 = 2 * 1024 * 1024 * 1024;

/// Read PDFs with `program` from now on; set once, as the program starts.
pub fn set_pdf_helper(program: PathBuf) {
    let _ = PDF_HELPER.set(program);
}

/// In the PDF reading process: limit it, read `bytes`, and the text to write back, or why not.
pub fn pdf_child(bytes: &[u8], first: Option<usize>, repair: bool) -> Result<String, String> {
    use rustix::process::{setrlimit, Resource, Rlimit};
    let cap = |resource, n: u64| {
        let _ = setrlimit(
            resource,
            Rlimit {
                current: Some(n),
                maximum: Some(n),
            },
        );
    };
    cap(Resource::As, PDF_MEMORY_BYTES);
    cap(Resource::Cpu, PDF_SECONDS);
    match first {
        _ if repair => formats::pdf::repaired_glyphs(bytes),
        Some(n) => formats::pdf::first_glyphs(bytes, n),
        None => formats::pdf::glyphs(bytes),
    }
    .map(|pages| formats::pdf::to_wire(&pages))
    .map_err(|e| e.to_string())
}

/// A PDF's pages, read by `program` in a process of its own, bounded in time.
fn pdf_in_child(
    program: &Path,
    bytes: &[u8],
    first: Option<usize>,
    repair: bool,
) -> Result<Vec<formats::pdf::Page>, formats::pdf::PdfError> {
    use formats::pdf::PdfError;
    use std::io::{Read, Write};
    use std::process::{Command, Stdio};
    let stopped = |why: String| PdfError::Stopped(why);
    let mut child = Command::new(program)
        .args(first.map(|n| format!("--first={n}")))
        .args(repair.then_some("--repair"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => PdfError::NoReader,
            _ => stopped(format!("could not start it: {e}")),
        })?;
    let mut stdin = child.stdin.take().expect("piped");
    let input = bytes.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let mut stdout = child.stdout.take().expect("piped");
    let (ended, end) = std::sync::mpsc::channel();
    let reader = std::thread::spawn(move || {
        let mut out = String::new();
        let _ = (&mut stdout)
            .take(formats::pdf::MAX_WIRE_BYTES)
            .read_to_string(&mut out);
        let _ = ended.send(());
        out
    });
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(PDF_SECONDS);
    let left = || deadline.saturating_duration_since(std::time::Instant::now());
    // Its output ends as it exits (or dies): waited for as such, not looked at every few
    // milliseconds, which kept each first screen waiting half a step on average. Its exit
    // is then bounded by the same deadline, as is a process that stops reading its output.
    let _ = end.recv_timeout(left());
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if !left().is_zero() => {
                std::thread::sleep(std::time::Duration::from_micros(200));
            }
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
        }
    };
    let _ = writer.join();
    let out = reader.join().unwrap_or_default();
    match status {
        None => Err(stopped(format!("it took more than {PDF_SECONDS} s"))),
        Some(s) if s.success() => formats::pdf::from_wire(&out),
        Some(s) if s.code() == Some(PDF_REFUSED) => Err(PdfError::Refused(out.trim().to_string())),
        Some(_) => Err(stopped(
            "it failed on the file: a PDF it cannot read, or one too large for its memory"
                .to_string(),
        )),
    }
}

/// The PDF reading process's exit code for a PDF it refused (the reason on its output).
pub const PDF_REFUSED: i32 = 3;

/// Read at most `limit` bytes from the start of file `path` (shown as `shown`) into `buf`.
fn read_head(path: &Path, shown: &str, limit: usize, buf: &mut Vec<u8>) -> Result<(), LoadError> {
    use std::io::Read;
    buf.clear();
    let (file, _) = open_regular(path, shown, MAX_FILE_BYTES)?;
    file.take(limit as u64)
        .read_to_end(buf)
        .map(|_| ())
        .map_err(|e| io_error(shown, e))
}

/// The problems of an article that loaded only in part, as errors naming its file.
pub fn partial_errors(article: &Article) -> Vec<LoadError> {
    article
        .problems()
        .map(|d| LoadError::Partial {
            path: article.path.clone(),
            line: d.line,
            message: d.message.clone(),
        })
        .collect()
}

fn io_error(shown: &str, e: std::io::Error) -> LoadError {
    let path = shown.to_string();
    match e.kind() {
        std::io::ErrorKind::NotFound => LoadError::NotFound { path },
        std::io::ErrorKind::PermissionDenied => LoadError::PermissionDenied { path },
        std::io::ErrorKind::IsADirectory => LoadError::Directory { path },
        _ => LoadError::Io {
            path,
            message: sanitize::one_line(&e.to_string()).into_owned(),
        },
    }
}

/// The bundled articles, parsed.
pub fn bundled() -> Vec<Article> {
    BUNDLED
        .iter()
        .map(|(name, text)| formats::markdown::parse_markdown(name, text))
        .collect()
}

/// File names that are articles, when a folder is opened.
fn is_article_file(p: &Path) -> bool {
    matches!(
        p.extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref(),
        Some("md" | "markdown" | "xml" | "nxml" | "pdf")
    )
}

/// The files to read: folders are opened to every article file under them (in name order).
///
/// Inside a folder, a link to an article file is followed when it leads to a regular file (else
/// it is reported, as any file that is not one); a link to a folder is reported and not
/// followed (it could lead back up); a folder that cannot be listed is reported.
pub fn expand(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<LoadError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        if !p.is_dir() {
            files.push(p.clone());
            continue;
        }
        let mut found = Vec::new();
        let mut reported = false;
        // An explicit stack: a deep folder tree cannot exhaust the call stack.
        let mut stack = vec![p.clone()];
        while let Some(dir) = stack.pop() {
            let entries = match std::fs::read_dir(&dir) {
                Ok(entries) => entries,
                Err(e) => {
                    reported = true;
                    errors.push(unreadable_folder(&dir, &e));
                    continue;
                }
            };
            for e in entries {
                let e = match e {
                    Ok(e) => e,
                    Err(err) => {
                        reported = true;
                        errors.push(unreadable_folder(&dir, &err));
                        break;
                    }
                };
                let path = e.path();
                match e.file_type() {
                    Ok(t) if t.is_dir() => stack.push(path),
                    Ok(t) if t.is_symlink() && path.is_dir() => {
                        reported = true;
                        errors.push(LoadError::FolderLink {
                            path: display_path(&path),
                        });
                    }
                    Ok(_) if !is_article_file(&path) => {}
                    // A file, a link (followed when it is read) or anything else named as an
                    // article: reading it says what it is when it is not an article.
                    Ok(_) => found.push(path),
                    Err(err) => {
                        reported = true;
                        errors.push(io_error(&display_path(&path), err));
                    }
                }
            }
        }
        if found.is_empty() && !reported {
            errors.push(LoadError::Directory {
                path: display_path(p),
            });
        }
        found.sort();
        files.extend(found);
    }
    (files, errors)
}

fn unreadable_folder(dir: &Path, e: &std::io::Error) -> LoadError {
    let message = match e.kind() {
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => sanitize::one_line(&e.to_string()).into_owned(),
    };
    LoadError::UnreadableFolder {
        path: display_path(dir),
        message,
    }
}

/// Read this much of a large Markdown file for the first screen; the rest follows.
pub const QUICK_BYTES: usize = 256 * 1024;

/// What to show while the rest is read: the first article (a large one only up to a paragraph
/// break after [`QUICK_BYTES`]) and the others by their front matter alone. `complete` says
/// whether that is already everything; when it is not, [`index_files`] reads the rest.
pub struct Quick {
    pub entries: Vec<Indexed>,
    /// The article files the paths stand for, folders opened: what [`index_files`] reads.
    pub files: Vec<PathBuf>,
    /// One per file that did not load, and the problems of those that loaded only in part.
    pub errors: Vec<LoadError>,
    pub complete: bool,
    /// The bundled articles (no files given): the first shown alone while the library is
    /// built, which [`read_rest`] gives.
    pub bundled: bool,
}

/// The first part of a large Markdown text: up to the first place after `QUICK_BYTES` where it
/// can be cut and still parse as the whole does there ([`formats::markdown::cuts`]).
fn markdown_prefix(text: &str) -> &str {
    if text.len() <= QUICK_BYTES {
        return text;
    }
    formats::markdown::cuts(text)
        .find(|&at| at >= QUICK_BYTES)
        .map_or(text, |at| &text[..at])
}

/// How much of a file its front matter is looked for in.
const STUB_BYTES: usize = 16 * 1024;

/// Front matter only, from the start of a file (read into `head`): the library can list the
/// article.
fn stub(path: &Path, head: &mut Vec<u8>) -> Result<Article, LoadError> {
    let shown = display_path(path);
    read_head(path, &shown, STUB_BYTES, head)?;
    let text = String::from_utf8_lossy(head);
    let front = formats::frontmatter::split(&text).front;
    Ok(Article {
        path: shown,
        front: Box::new(front),
        ..Article::default()
    })
}

/// Read `files` one at a time: each article that loads with its file, as it is read; into
/// `errors` one error per file that does not load, and the problems of each that loaded only
/// in part.
fn read_each<'a>(
    files: &'a [PathBuf],
    errors: &'a mut Vec<LoadError>,
) -> impl Iterator<Item = (&'a PathBuf, Article)> + 'a {
    let mut buf = Vec::new();
    files
        .iter()
        .filter_map(move |f| match load_file_with(f, &mut buf) {
            Ok(a) => {
                errors.extend(partial_errors(&a));
                Some((f, a))
            }
            Err(e) => {
                errors.push(e);
                None
            }
        })
}

/// Read just enough of `paths` for a first screen.
pub fn load_quick(paths: &[PathBuf]) -> Quick {
    if paths.is_empty() {
        // The viewpoint alone is read in a fraction of a millisecond; the review's 258
        // references, and the suggestions they make for the viewpoint's numbers, follow.
        let (name, text) = crate::bundled::BUNDLED[0];
        return Quick {
            entries: vec![Indexed::whole(formats::markdown::parse_markdown(
                name, text,
            ))],
            files: Vec::new(),
            errors: Vec::new(),
            complete: false,
            bundled: true,
        };
    }
    let (files, mut errors) = expand(paths);
    let total: u64 = files
        .iter()
        .filter_map(|f| std::fs::metadata(f).ok())
        .map(|m| m.len())
        .sum();
    let mut entries = Vec::new();
    // A PDF is shown from its first pages while the whole is read, whatever its size: its
    // bytes say little of how long it takes to read.
    let pdf = files
        .iter()
        .any(|f| f.extension().is_some_and(|e| e.eq_ignore_ascii_case("pdf")));
    if total as usize <= QUICK_BYTES && files.len() <= 16 && !pdf {
        entries.extend(read_each(&files, &mut errors).map(|(_, a)| Indexed::whole(a)));
        return Quick {
            entries,
            files,
            errors,
            complete: true,
            bundled: false,
        };
    }
    let mut head = Vec::with_capacity(STUB_BYTES);
    for f in &files {
        // The first article that can be read is shown; the others are listed.
        let loaded = if entries.is_empty() {
            first_quick(f).map(|a| {
                errors.extend(partial_errors(&a));
                Indexed::whole(a)
            })
        } else {
            stub(f, &mut head).map(|a| Indexed::without_body(&a))
        };
        match loaded {
            Ok(e) => entries.push(e.from_file(f.clone())),
            Err(e) => errors.push(e),
        }
    }
    Quick {
        entries,
        files,
        errors,
        complete: false,
        bundled: false,
    }
}

/// The whole library [`load_quick`] gave the first part of: the bundled articles, or every
/// file indexed ([`index_files`]).
pub fn read_rest(quick_bundled: bool, files: &[PathBuf]) -> (Library, Vec<LoadError>) {
    if quick_bundled {
        (Library::new(bundled()), Vec::new())
    } else {
        index_files(files)
    }
}

/// Every article of `files` (as [`Quick::files`] lists them), read whole one at a time into a
/// library: the first kept whole, the others as their index (front matter, glossary, reference
/// keys), each indexed as soon as it is read and its body dropped. The library reads a body
/// again when it is opened, so memory follows the open article, not the folder. One error per
/// file that does not load.
pub fn index_files(files: &[PathBuf]) -> (Library, Vec<LoadError>) {
    let mut errors = Vec::new();
    let entries = read_each(files, &mut errors)
        .enumerate()
        .map(|(i, (f, a))| {
            let e = if i == 0 {
                Indexed::whole(a)
            } else {
                Indexed::without_body(&a)
            };
            e.from_file(f.clone())
        });
    let lib = Library::from_index(entries, true);
    (lib, errors)
}

/// The first article, whole when it is small, else its first part: only that part is read
/// (up to [`QUICK_BYTES`] and as far again as the next paragraph break needs), so a large file
/// is not held twice while the background read parses it whole.
fn first_quick(path: &Path) -> Result<Article, LoadError> {
    let shown = display_path(path);
    let limit = 2 * QUICK_BYTES;
    let mut head = Vec::new();
    read_head(path, &shown, limit, &mut head)?;
    match formats::detect(&shown, &head) {
        formats::Format::Markdown => {}
        formats::Format::Pdf => return first_pages(path, &shown),
        // Read whole, and judged whole, by its own format.
        _ => return load_file(path),
    }
    // Shorter than asked for: that is the whole file.
    let whole = head.len() < limit;
    let text = match std::str::from_utf8(&head) {
        Ok(t) => t,
        // Cut inside a character: the read stopped there, the file did not.
        Err(e) if !whole && e.error_len().is_none() => {
            std::str::from_utf8(&head[..e.valid_up_to()]).unwrap_or_default()
        }
        Err(_) => return parse_bytes(&shown, &head),
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let prefix = markdown_prefix(text);
    if !whole && prefix.len() == text.len() {
        // No paragraph break in reach: read it all.
        return load_file(path);
    }
    parse_bytes(&shown, prefix.as_bytes())
}

/// How many pages of a large PDF are read for the first screen.
const FIRST_PDF_PAGES: usize = 2;

/// A PDF's first pages, for the first screen while the whole is read behind it; read whole
/// when they give nothing (a scanned cover, say), so that a failure is the whole file's.
fn first_pages(path: &Path, shown: &str) -> Result<Article, LoadError> {
    let mut bytes = Vec::new();
    read_article(path, shown, &mut bytes)?;
    parse_pages(shown, &bytes, Some(FIRST_PDF_PAGES)).or_else(|_| load_file(path))
}

/// Load every file given, or the bundled articles when none is. Returns what loaded and one
/// error per file that did not.
pub fn load_all(paths: &[std::path::PathBuf]) -> (Vec<Article>, Vec<LoadError>) {
    if paths.is_empty() {
        return (bundled(), Vec::new());
    }
    let (files, mut errors) = expand(paths);
    let mut articles = Vec::new();
    articles.extend(read_each(&files, &mut errors).map(|(_, a)| a));
    (articles, errors)
}
