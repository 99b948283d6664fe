//! The `scholion` command line: parses arguments, loads the articles, and hands over to the
//! reader or to `inspect`.
#![forbid(unsafe_code)]

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use scholion::app::App;
use scholion::keymap::Keymap;
use scholion::layout::LayoutOptions;
use scholion::settings::Settings;
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
    /// Settings: theme, text_width, terms (first, all, off), margin (true, false) (default:
    /// ~/.config/scholion/settings.toml).
    #[arg(long, value_name = "FILE")]
    settings: Option<PathBuf>,
    /// Reopen the articles of the last session, each where it was left.
    #[arg(long, conflicts_with = "files")]
    last: bool,
    /// The store of reading positions, marks, bookmarks and notes (default: shown below).
    #[arg(long, value_name = "PATH", global = true)]
    store: Option<PathBuf>,
    /// Keep nothing this session: no store is read or written.
    #[arg(long, global = true, conflicts_with = "store")]
    no_store: bool,
    /// A bibliography (BibTeX, BibLaTeX, CSL-JSON or CSL-YAML) for the pandoc citations of every
    /// article, besides those its front matter names; may be given more than once.
    #[arg(long, value_name = "FILE", global = true)]
    bibliography: Vec<PathBuf>,
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
    /// Write the references of articles as BibTeX, CSL-JSON or RIS on standard output: every
    /// reference of every article (each work once), or, with --cited-in, those one article
    /// cites (a number its list lacks: the reference another article is suggested for it).
    Export {
        /// Articles whose references to write; none means the bundled articles.
        files: Vec<PathBuf>,
        /// bibtex, csl-json or ris.
        #[arg(long, value_name = "FORMAT", value_parser = ["bibtex", "csl-json", "ris"])]
        format: String,
        /// Only the references this article cites (it is read too, if not among FILES).
        #[arg(long, value_name = "FILE")]
        cited_in: Option<PathBuf>,
    },
    /// Write the highlights and notes kept in the store as Markdown (each quote with its section
    /// and citation, ready to paste into a manuscript) or JSON.
    Notes {
        /// Only these articles' notes; none means every article's.
        files: Vec<PathBuf>,
        /// md or json.
        #[arg(long, value_name = "FORMAT", value_parser = ["md", "json"], default_value = "md")]
        format: String,
    },
    /// Write an article (JATS XML, or Markdown) in scholion's Markdown format, so that it can be
    /// kept, edited and read as Markdown.
    Import {
        /// The article to convert.
        file: PathBuf,
        /// Write to this file instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// The article's title, where the file lacks one (marked as supplied).
        #[arg(long, value_name = "TEXT")]
        title: Option<String>,
        /// The article's type as its journal names it (Review, Viewpoint...).
        #[arg(long = "type", value_name = "TEXT")]
        kind: Option<String>,
    },
}

fn main() -> ExitCode {
    // PDFs are read by `scholion-pdf`, installed beside this program (see `load::set_pdf_helper`).
    if let Some(dir) = std::env::current_exe()
        .ok()
        .and_then(|me| me.parent().map(Path::to_path_buf))
    {
        load::set_pdf_helper(dir.join(load::PDF_HELPER_NAME));
    }
    let cli = match command()
        .try_get_matches()
        .and_then(|m| Cli::from_arg_matches(&m))
    {
        Ok(cli) => cli,
        Err(e) => return argument_error(e),
    };
    load::set_bibliography(cli.bibliography.clone());
    // Files to read want the citation patterns soon; the bundled viewpoint, shown first,
    // needs none of them (the review, read behind it, compiles what it uses).
    let reads_files = match &cli.command {
        Some(Command::Inspect { files, .. }) => !files.is_empty(),
        Some(Command::Import { .. }) => true,
        Some(Command::Export { .. }) => true,
        Some(Command::Notes { ref files, .. }) => !files.is_empty(),
        None => !cli.files.is_empty() || cli.last,
    };
    if reads_files {
        scholion::warm_up();
    }
    match cli.command {
        Some(Command::Inspect { ref files, json }) => run_inspect(files, json),
        Some(Command::Export {
            ref files,
            ref format,
            ref cited_in,
        }) => run_export(files, format, cited_in.as_deref()),
        Some(Command::Import {
            ref file,
            ref output,
            ref title,
            ref kind,
        }) => run_import(file, output.as_deref(), title.as_deref(), kind.as_deref()),
        Some(Command::Notes {
            ref files,
            ref format,
        }) => run_notes(&cli, files, format),
        None => run_reader(&cli),
    }
}

/// One line on standard error, `scholion: ` and the message sanitised as one line: whatever a
/// file name or a document put in it, it is one line of visible characters. A closed standard
/// error is no reason to fail.
fn say(message: &str) {
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr().lock(),
        "scholion: {}",
        sanitize::one_line(message)
    );
}

/// The status a shell sees for a program ended by SIGPIPE, which is what `cat` gives when the
/// reader of its output goes away.
const BROKEN_PIPE: u8 = 128 + 13;

/// Write `text` to standard output, sanitised again as a second guard (the model's text is
/// sanitised where it is built; this pass finds nothing to change unless something escaped
/// it). A reader that went away (`| head`) ends the program quietly, as it ends `cat`.
fn print_out(text: &str) -> Result<(), ExitCode> {
    use std::io::Write;
    let text = sanitize::prose(text);
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Err(ExitCode::from(BROKEN_PIPE)),
        Err(e) => {
            say(&format!("standard output: cannot write: {e}"));
            Err(ExitCode::FAILURE)
        }
    }
}

/// Report a command-line error. The parser quotes arguments as given, so the message is made
/// again from the arguments each sanitised as one line (a file name holding an escape sequence
/// or a line break is shown, not sent), and the result is sanitised once more.
fn argument_error(e: clap::Error) -> ExitCode {
    let shown: Vec<std::ffi::OsString> = std::env::args_os()
        .map(|a| sanitize::one_line(&a.to_string_lossy()).into_owned().into())
        .collect();
    let again = command()
        .try_get_matches_from(shown)
        .err()
        .filter(|again| again.kind() == e.kind())
        .unwrap_or(e);
    let text = again.render().to_string();
    let text = sanitize::prose(&text);
    use std::io::Write;
    if again.use_stderr() {
        let _ = std::io::stderr().lock().write_all(text.as_bytes());
    } else if let Err(code) = print_out(&text) {
        return code;
    }
    ExitCode::from(u8::try_from(again.exit_code()).unwrap_or(2))
}

/// The command line's grammar, with where the store is said at the end of `--help`.
fn command() -> clap::Command {
    let store = match scholion::store::default_path() {
        Some(p) => load::display_path(&p),
        None => "none (neither XDG_DATA_HOME nor HOME is set)".into(),
    };
    Cli::command().after_help(format!(
        "Reading positions, marks, bookmarks, highlights and notes are kept in {store} \
         (--store PATH for another, --no-store for none)."
    ))
}

/// The store this command line asks for: `--store`, none with `--no-store`, else the default.
fn store_path(cli: &Cli) -> Option<PathBuf> {
    if cli.no_store {
        return None;
    }
    cli.store.clone().or_else(scholion::store::default_path)
}

fn run_notes(cli: &Cli, files: &[PathBuf], format: &str) -> ExitCode {
    let Some(path) = store_path(cli) else {
        say("no store: --no-store was given, or neither XDG_DATA_HOME nor HOME is set");
        return ExitCode::FAILURE;
    };
    if !path.exists() {
        say(&format!(
            "{}: no store yet: nothing was kept",
            load::display_path(&path)
        ));
        return ExitCode::FAILURE;
    }
    let opened = scholion::store::Store::open(&path);
    for n in &opened.notes {
        say(n);
    }
    let Some(store) = opened.store else {
        return ExitCode::FAILURE;
    };
    let (articles, errors) = load::load_all(files);
    for e in &errors {
        say(&e.to_string());
    }
    let ids: Vec<scholion::model::ArticleId> = articles
        .iter()
        .map(scholion::model::ArticleId::of)
        .collect();
    let recalled = match store.recall((!files.is_empty()).then_some(&ids[..])) {
        Ok(r) => r,
        Err(e) => {
            say(&format!(
                "{}: cannot read the store: {e}",
                load::display_path(&path)
            ));
            return ExitCode::FAILURE;
        }
    };
    let text = if format == "json" {
        scholion::export::notes_json(&recalled.annotations) + "\n"
    } else {
        scholion::export::notes_markdown(&recalled.annotations)
    };
    if let Err(code) = print_out(&text) {
        return code;
    }
    if errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn run_inspect(files: &[PathBuf], json: bool) -> ExitCode {
    let (articles, errors) = load::load_all(files);
    for e in &errors {
        say(&e.to_string());
    }
    let lib = Library::new(articles);
    let printed = if json {
        print_out(&(inspect::to_json(&lib) + "\n"))
    } else {
        print_out(&inspect::to_text(&lib))
    };
    if let Err(code) = printed {
        return code;
    }
    if errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn run_export(files: &[PathBuf], format: &str, cited_in: Option<&Path>) -> ExitCode {
    let format = scholion::export::Format::by_name(format).expect("clap checked the name");
    let (mut articles, errors) = load::load_all(files);
    for e in &errors {
        say(&e.to_string());
    }
    // The article whose citations choose the references: one of FILES, or read beside them.
    let citing = match cited_in {
        None => None,
        Some(path) => {
            let shown = load::display_path(path);
            match articles.iter().position(|a| a.path == shown) {
                Some(i) => Some(i),
                None => match load::load_file(path) {
                    Ok(a) => {
                        articles.push(a);
                        Some(articles.len() - 1)
                    }
                    Err(e) => {
                        say(&e.to_string());
                        return ExitCode::FAILURE;
                    }
                },
            }
        }
    };
    let lib = Library::new(articles);
    let refs = match citing {
        Some(a) => cited_references(&lib, a),
        None => every_reference(&lib),
    };
    if let Err(code) = print_out(&scholion::export::write(&refs, format)) {
        return code;
    }
    if errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// Every reference of every article, each work once (by DOI, else first author, year and title,
/// else the entry as written).
fn every_reference(lib: &Library) -> Vec<&scholion::model::Reference> {
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for a in 0..lib.len() {
        for r in &lib.article(a).references {
            if seen.insert(work_key(r)) {
                out.push(r);
            }
        }
    }
    out
}

/// What names a reference's work across articles.
fn work_key(r: &scholion::model::Reference) -> String {
    let fold = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    match (&r.doi, r.first_author(), r.year, &r.title) {
        (Some(doi), ..) => format!("doi:{}", doi.to_lowercase()),
        (None, Some(who), Some(year), Some(title)) => {
            format!("{}|{year}|{}", fold(who), fold(title))
        }
        _ => format!("text:{}", fold(&r.text)),
    }
}

/// The references article `a` cites, in the order it first cites them: its own list's, and for
/// a number its list lacks, the reference the best suggestion points at.
fn cited_references(lib: &Library, a: usize) -> Vec<&scholion::model::Reference> {
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    let art = lib.article(a);
    for c in 0..art.citations.len() {
        let res = lib.resolution(a, c);
        let own = res.resolved.iter().map(|&(_, i)| &art.references[i]);
        let suggested = res.unresolved.iter().filter_map(|&t| {
            let s = res.suggestions.iter().find(|s| s.cited == t)?;
            lib.reference_of(s.article, s.reference?)
        });
        for r in own.chain(suggested) {
            if seen.insert(work_key(r)) {
                out.push(r);
            }
        }
    }
    out
}

fn run_import(
    file: &Path,
    output: Option<&Path>,
    title: Option<&str>,
    kind: Option<&str>,
) -> ExitCode {
    let mut article = match load::load_file(file) {
        Ok(a) => a,
        Err(e) => {
            say(&e.to_string());
            return ExitCode::FAILURE;
        }
    };
    let problems = load::partial_errors(&article);
    for e in &problems {
        say(&e.to_string());
    }
    let one_line = |s: &str| sanitize::one_line(s).trim().to_string();
    if let Some(title) = title.map(one_line).filter(|t| !t.is_empty()) {
        article.front.title = Some(title);
        article.front.title_supplied = true;
    }
    if let Some(kind) = kind.map(one_line).filter(|k| !k.is_empty()) {
        article.front.kind = Some(kind);
    }
    // What the reader made of the file stays said: `text extracted from a PDF…`.
    let source = match &article.front.source {
        Some(how) => format!("Imported by scholion from {}; {how}", article.path),
        None => format!("Imported by scholion from {}", article.path),
    };
    let text = scholion::formats::to_markdown::to_markdown(&article, &source);
    let written = match output {
        Some(path) => std::fs::write(path, sanitize::prose(&text).as_bytes())
            .map_err(|e| (load::display_path(path), e)),
        None => match print_out(&text) {
            Ok(()) => Ok(()),
            Err(code) => return code,
        },
    };
    if let Err((to, e)) = written {
        say(&format!("{to}: cannot write: {e}"));
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

/// The largest keymap or settings file read (the shipped keymap is about 2 kB).
const CONFIG_BYTES: u64 = 1024 * 1024;

/// The file given, else `name` in scholion's folder under the XDG config directory when it
/// is there.
fn user_config_path(given: Option<&Path>, name: &str) -> Option<PathBuf> {
    if let Some(p) = given {
        return Some(p.to_path_buf());
    }
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))?;
    let p = base.join("scholion").join(name);
    p.exists().then_some(p)
}

/// The keymap or settings file `given`, else `name` in the config folder, read by `parse`
/// (its text and its name as shown in what it reports), with what it reports added to
/// `notes`; the default when there is none, or when it cannot be read (one line in `notes`,
/// ending in what is used instead: `instead`).
fn load_config<T: Default>(
    given: Option<&Path>,
    name: &str,
    instead: &str,
    parse: impl Fn(&str, &str) -> (T, Vec<String>),
    notes: &mut Vec<String>,
) -> T {
    let Some(path) = user_config_path(given, name) else {
        return T::default();
    };
    let shown = load::display_path(&path);
    let mut bytes = Vec::new();
    let text = match load::read_regular(&path, &shown, CONFIG_BYTES, &mut bytes) {
        Ok(()) => match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(_) => {
                notes.push(format!("{shown}: not UTF-8 text; using {instead}"));
                return T::default();
            }
        },
        Err(e) => {
            notes.push(format!("{e}; using {instead}"));
            return T::default();
        }
    };
    let (value, said) = parse(&text, &shown);
    notes.extend(said);
    value
}

fn run_reader(cli: &Cli) -> ExitCode {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        say("the reader needs a terminal; `scholion inspect` prints a report instead");
        return ExitCode::FAILURE;
    }
    // Before anything is read: a hang-up or a signal while a large library loads ends the
    // program at once.
    if let Err(e) = terminal::guard() {
        say(&format!("cannot watch the terminal: {e}"));
        return ExitCode::FAILURE;
    }
    let mut notes: Vec<String> = Vec::new();
    // As `less` does, a terminal that says it can do nothing is told so once, and the reader
    // goes on with a plain display (no colour, ASCII).
    let term = std::env::var("TERM").unwrap_or_default();
    let dumb = term.is_empty() || term == "dumb";
    let dumb_note = dumb.then(|| {
        format!(
            "TERM is {}: this terminal may not show everything; drawing plainly",
            if term.is_empty() { "not set" } else { "dumb" }
        )
    });
    let settings = load_config(
        cli.settings.as_deref(),
        "settings.toml",
        "the default settings",
        Settings::parse,
        &mut notes,
    );
    // The command line, then the settings file, then NO_COLOR and the terminal.
    let theme = match cli.theme.as_deref().or(settings.theme.as_deref()) {
        Some(name) => match Theme::by_name(name) {
            Some(t) => t,
            None => {
                // Quoted as Rust writes a string, after sanitising (an escape shows as `␛`).
                say(&format!(
                    "unknown theme {:?} (themes: default, mono)",
                    sanitize::prose(name)
                ));
                return ExitCode::FAILURE;
            }
        },
        None if dumb || std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) => {
            Theme::mono()
        }
        None => Theme::ansi(),
    };
    let ascii = cli.ascii || dumb || !locale_is_utf8();
    let keymap = load_config(
        cli.keymap.as_deref(),
        "keymap.toml",
        "the default keys",
        Keymap::with_user_file,
        &mut notes,
    );
    // The store is opened on its own thread while the articles are read; `--last` reads the
    // last session from it first.
    let path = store_path(cli);
    let mut files = cli.files.clone();
    let mut last_current = None;
    let mut store = match (&path, cli.last) {
        (None, true) => {
            say("--last needs the store (it is off with --no-store, or has no place)");
            return ExitCode::FAILURE;
        }
        (None, false) => None,
        (Some(path), true) => {
            let opened = scholion::store::Store::open(path);
            let session = opened
                .store
                .as_ref()
                .and_then(|s| s.last_session().ok().flatten());
            let Some(session) = session else {
                for n in &opened.notes {
                    say(n);
                }
                say(&format!(
                    "{}: no earlier session to reopen",
                    load::display_path(path)
                ));
                return ExitCode::FAILURE;
            };
            files = session.files;
            last_current = session.current;
            Some(scholion::store::spawn(move || opened))
        }
        (Some(path), false) => {
            let path = path.clone();
            Some(scholion::store::spawn(move || {
                scholion::store::Store::open(&path)
            }))
        }
    };
    if let Some(link) = &mut store {
        // Named as the reader found them, from anywhere: `--last` opens them from another
        // folder too.
        let absolute = files
            .iter()
            .map(|f| std::path::absolute(f).unwrap_or_else(|_| f.clone()))
            .collect();
        // Written once the first screen is drawn: nothing is waited for on its way.
        link.begin_after_first_frame(absolute);
    }
    // The first screen comes from what is quick to read; the rest is read meanwhile.
    let mut quick = load::load_quick(&files);
    notes.extend(quick.errors.iter().map(|e| e.to_string()));
    if quick.entries.is_empty() {
        for n in &notes {
            say(n);
        }
        say("no article could be opened");
        return ExitCode::FAILURE;
    }
    let pending = (!quick.complete).then(|| {
        // The files the first pass found (a folder is walked once).
        let files = std::mem::take(&mut quick.files);
        // What the first pass reported is not reported again.
        let known = notes.clone();
        let bundled = quick.bundled;
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            // Two cores shared with the first screen would slow it by half: it comes first.
            terminal::wait_for_first_frame(std::time::Duration::from_millis(500));
            let (library, errors) = load::read_rest(bundled, &files);
            let problems = errors
                .iter()
                .map(|e| e.to_string())
                .filter(|p| !known.contains(p))
                .collect();
            let _ = tx.send(terminal::Rest { library, problems });
        });
        terminal::Pending { rx, bundled }
    });
    // Bodies are read again from their files only when the library holds more than memory
    // should: a folder's.
    let lib = Library::from_index(quick.entries, !quick.complete && !quick.bundled);
    let (w, h) = terminal::screen_size().unwrap_or((80, 24));
    let options = LayoutOptions {
        ascii,
        terms: settings.terms,
    };
    let mut app = App::new(lib, keymap, options, w, h);
    app.apply_settings(&settings);
    if let Some(id) = last_current {
        app.open_at(id);
    }
    if pending.is_some() {
        app.set_reading_rest(true);
        // The bundled library follows in milliseconds: nothing to say.
        if notes.is_empty() && !quick.bundled {
            app.set_message("Reading the rest of the library…".into());
        }
    }
    if let Some(note) = dumb_note {
        app.set_message(note);
    }
    if let Some(summary) = scholion::app::problems_summary(&notes) {
        app.set_message(summary);
    }
    let look = Look { theme, ascii };
    let result = terminal::run(app, look, cli.mouse, pending, store);
    if let Ok(late) = &result {
        notes.extend(late.iter().cloned());
    }
    for n in &notes {
        say(n);
    }
    match result {
        Ok(_) => ExitCode::SUCCESS,
        Err(e) => {
            say(&e.to_string());
            ExitCode::FAILURE
        }
    }
}
