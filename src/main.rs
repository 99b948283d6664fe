//! The `scholion` command line: parses arguments and hands over to the library.
#![forbid(unsafe_code)]

use clap::{Parser, Subcommand};
use scholion::{inspect, library::Library, load};
use std::path::PathBuf;
use std::process::ExitCode;

/// A terminal reader for scientific papers.
///
/// With no files, opens the articles bundled with scholion.
#[derive(Parser)]
#[command(name = "scholion", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Articles to open (Markdown).
    files: Vec<PathBuf>,
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
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Inspect { files, json }) => run_inspect(&files, json),
        None => run_inspect(&cli.files, false),
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
