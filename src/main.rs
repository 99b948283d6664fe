//! The `scholion` command line: parses arguments, loads the articles, and hands over to the
//! reader or to `inspect`.
#![forbid(unsafe_code)]

use clap::{Parser, Subcommand};
use scholion::app::App;
use scholion::keymap::Keymap;
use scholion::layout::LayoutOptions;
use scholion::ui::{Look, Theme};
use scholion::{inspect, library::Library, load, sanitize, terminal};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// A terminal reader for scientific papers.
///
/// With no files, opens the articles bundled with scholion.
#[derive(Parser)]
#[command(
    name = "scholion",
    version,
    about,
    args_conflicts_with_subcommands = true
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Articles to open (Markdown, or JATS XML: .xml, .nxml), or folders of them.
    files: Vec<PathBuf>,
    /// Let the mouse scroll and click (this turns off the terminal's own text selection).
    #[arg(long)]
    mouse: bool,
    /// Draw borders and symbols in ASCII (the default when the locale is not UTF-8).
    #[arg(long)]
    ascii: bool,
    /// Colour theme: `default` (the terminal's 16 colours) or `mono` (no colour; the default
    /// when NO_COLOR is set).
    #[arg(long, value_name = "NAME")]
    theme: Option<String>,
    /// Key bindings to merge over the defaults (default: ~/.config/scholion/keymap.toml).
    #[arg(long, value_name = "FILE")]
    keymap: Option<PathBuf>,
}

#[derive(Subcommand)]
enum Command {
    /// Print what scholion reads from articles: sections, citations and what they resolve to,
    /// references, glossary, and where glossary terms are used.
    Inspect {
        /// Articles to inspect; none means the bundled articles.
        files: Vec<PathBuf>,
        /// Print one JSON object instead of a report.
        #[arg(long)]
        json: bool,
    },
    /// Write an article (JATS XML, or Markdown) in scholion's Markdown format, so that it can be
    /// kept, edited and read as Markdown.
    Import {
        /// The article to convert.
        file: PathBuf,
        /// Write to this file instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Inspect { ref files, json }) => run_inspect(files, json),
        Some(Command::Import {
            ref file,
            ref output,
        }) => run_import(file, output.as_deref()),
        None => run_reader(&cli),
    }
}

fn run_inspect(files: &[PathBuf], json: bool) -> ExitCode {
    let (articles, errors) = load::load_all(files);
    for e in &errors {
        eprintln!("scholion: {e}");
    }
    let lib = Library::new(articles);
    if json {
        println!("{}", inspect::to_json(&lib));
    } else {
        print!("{}", inspect::to_text(&lib));
    }
    if errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn run_import(file: &Path, output: Option<&Path>) -> ExitCode {
    let article = match load::load_file(file) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("scholion: {e}");
            return ExitCode::FAILURE;
        }
    };
    let problems = load::partial_errors(&article);
    for e in &problems {
        eprintln!("scholion: {e}");
    }
    let source = format!("Imported by scholion from {}", article.path);
    let text = scholion::markdown::to_markdown(&article, &source);
    let written = match output {
        Some(path) => std::fs::write(path, text).map_err(|e| (load::display_path(path), e)),
        None => {
            use std::io::Write;
            let mut out = std::io::stdout().lock();
            out.write_all(text.as_bytes())
                .map_err(|e| ("standard output".to_string(), e))
        }
    };
    if let Err((to, e)) = written {
        eprintln!(
            "scholion: {to}: cannot write: {}",
            sanitize::prose(&e.to_string())
        );
        return ExitCode::FAILURE;
    }
    if problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// True when the locale says UTF-8 (the first of LC_ALL, LC_CTYPE, LANG that is set).
fn locale_is_utf8() -> bool {
    ["LC_ALL", "LC_CTYPE", "LANG"]
        .iter()
        .filter_map(|k| std::env::var(k).ok())
        .find(|v| !v.is_empty())
        .map(|v| {
            let v = v.to_ascii_lowercase();
            v.contains("utf-8") || v.contains("utf8")
        })
        .unwrap_or(false)
}

fn user_keymap_path(given: Option<&Path>) -> Option<PathBuf> {
    if let Some(p) = given {
        return Some(p.to_path_buf());
    }
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))?;
    let p = base.join("scholion").join("keymap.toml");
    p.exists().then_some(p)
}

fn run_reader(cli: &Cli) -> ExitCode {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        eprintln!(
            "scholion: the reader needs a terminal; `scholion inspect` prints a report instead"
        );
        return ExitCode::FAILURE;
    }
    let mut notes: Vec<String> = Vec::new();
    let theme = match cli.theme.as_deref() {
        Some(name) => match Theme::by_name(name) {
            Some(t) => t,
            None => {
                eprintln!(
                    "scholion: unknown theme {:?} (themes: default, mono)",
                    sanitize::prose(name)
                );
                return ExitCode::FAILURE;
            }
        },
        None if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) => Theme::mono(),
        None => Theme::ansi(),
    };
    let ascii = cli.ascii || !locale_is_utf8();
    let keymap = match user_keymap_path(cli.keymap.as_deref()) {
        None => Keymap::default(),
        Some(path) => {
            let shown = load::display_path(&path);
            match std::fs::read_to_string(&path) {
                Ok(text) => {
                    let (map, warnings) = Keymap::with_user_file(&text, &shown);
                    notes.extend(warnings);
                    map
                }
                Err(e) => {
                    notes.push(format!(
                        "{shown}: {}; using the default keys",
                        sanitize::prose(&e.to_string())
                    ));
                    Keymap::default()
                }
            }
        }
    };
    // The first screen comes from what is quick to read; the rest is read meanwhile.
    let mut quick = load::load_quick(&cli.files);
    notes.extend(quick.errors.iter().map(|e| e.to_string()));
    if quick.entries.is_empty() {
        for n in &notes {
            eprintln!("scholion: {n}");
        }
        eprintln!("scholion: no article could be opened");
        return ExitCode::FAILURE;
    }
    let pending = (!quick.complete).then(|| {
        // The files the first pass found (a folder is walked once).
        let files = std::mem::take(&mut quick.files);
        // What the first pass reported is not reported again.
        let known = notes.clone();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let (library, errors) = load::index_files(&files);
            let problems = errors
                .iter()
                .map(|e| e.to_string())
                .filter(|p| !known.contains(p))
                .collect();
            let _ = tx.send(terminal::Rest { library, problems });
        });
        rx
    });
    let lib = Library::from_index(quick.entries, !quick.complete);
    let (w, h) = crossterm::terminal::size().unwrap_or((80, 24));
    let mut app = App::new(lib, keymap, LayoutOptions { ascii }, w, h);
    if pending.is_some() && notes.is_empty() {
        app.set_message("Reading the rest of the library…".into());
    }
    if let Some(summary) = scholion::app::problems_summary(&notes) {
        app.set_message(summary);
    }
    let look = Look { theme, ascii };
    let result = terminal::run(app, look, cli.mouse, pending);
    if let Ok(late) = &result {
        notes.extend(late.iter().cloned());
    }
    for n in &notes {
        eprintln!("scholion: {n}");
    }
    match result {
        Ok(_) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("scholion: {}", sanitize::prose(&e.to_string()));
            ExitCode::FAILURE
        }
    }
}
