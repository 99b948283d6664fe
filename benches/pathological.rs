//! Time to the first screen for every pathological input, at full size, in a release build:
//! parse, build the library, lay out and draw one 80×24 frame. Each has a budget; the run
//! prints the table the README quotes and exits non-zero if any input is over its budget, or if
//! a row measured nothing (the input read as no article, the layout empty, a filter that
//! matched no input): a missing measurement fails loudly instead of printing a zero.
//!
//! Besides the inputs, one row times incremental search on a 5 MB article, per typed key
//! (median), against its budget of 1 ms.
//!
//! `cargo bench --bench pathological`

#[path = "../tests/integration/corpus/pathological.rs"]
mod pathological;

use ratatui::backend::TestBackend;
use ratatui::Terminal;
use scholion::app::App;
use scholion::keymap::Keymap;
use scholion::layout::LayoutOptions;
use scholion::library::Library;
use scholion::ui::{self, Look, Theme};
use std::time::{Duration, Instant};

/// The budget for an input of `bytes` bytes: 250 ms, plus 60 ms per MB beyond the first.
fn budget(bytes: usize) -> Duration {
    Duration::from_millis(250 + 60 * (bytes as u64 / (1024 * 1024)))
}

fn main() {
    // `cargo bench` passes `--bench`; any other argument filters by name.
    let filter: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let look = Look {
        theme: Theme::ansi(),
        ascii: false,
    };
    let mut over = 0;
    let mut missing = 0;
    let mut rows = 0;
    println!("| input | size | first screen | budget |");
    println!("|---|---|---|---|");
    for (name, doc) in pathological::corpus(1) {
        if !filter.is_empty() && !filter.iter().any(|f| name.contains(f.as_str())) {
            continue;
        }
        let start = Instant::now();
        let article = pathological::read(&doc);
        let app = App::new(
            Library::new(vec![article]),
            Keymap::default(),
            LayoutOptions {
                ascii: false,
                ..Default::default()
            },
            80,
            24,
        );
        let mut t = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
        t.draw(|f| ui::draw(f, &app, &look)).expect("draw");
        let took = start.elapsed();
        rows += 1;
        if app.article().blocks.is_empty() || app.layout().lines.is_empty() || took.is_zero() {
            println!("| {name} | MISSING: nothing was read or laid out | | |");
            missing += 1;
            continue;
        }
        let limit = budget(doc.len());
        let mark = if took <= limit { "" } else { " OVER" };
        if took > limit {
            over += 1;
        }
        println!(
            "| {name} | {:.1} MB | {:.0} ms{mark} | {} ms |",
            doc.len() as f64 / 1e6,
            took.as_secs_f64() * 1000.0,
            limit.as_millis()
        );
    }
    if filter.is_empty() || filter.iter().any(|f| "search".contains(f.as_str())) {
        rows += 1;
        match search_per_key() {
            Some(took) => {
                let limit = Duration::from_millis(1);
                let mark = if took <= limit { "" } else { " OVER" };
                if took > limit {
                    over += 1;
                }
                println!(
                    "| incremental search, 5 MB article, per key (median) | 5.2 MB | {:.3} ms{mark} | 1 ms |",
                    took.as_secs_f64() * 1000.0
                );
            }
            None => {
                println!("| incremental search | MISSING: no match was found | | |");
                missing += 1;
            }
        }
    }
    if rows == 0 {
        eprintln!("no input matched {filter:?}: nothing was measured");
        std::process::exit(1);
    }
    if missing > 0 {
        eprintln!("{missing} row(s) measured nothing");
        std::process::exit(1);
    }
    if over > 0 {
        eprintln!("{over} input(s) over budget");
        std::process::exit(1);
    }
}

/// The median time of one typed key of incremental search on a generated 5 MB article, over
/// patterns common and rare (`the`, `e`, `exosomes`, `vesicles carry`, one found nowhere), each
/// typed a character at a time and abandoned. `None` when no key found a match: the search
/// measured nothing.
fn search_per_key() -> Option<Duration> {
    use scholion::app::Msg;
    let doc = pathological::generated(5 * 1024 * 1024);
    let article = scholion::formats::markdown::parse_markdown("big.md", &doc);
    let mut app = App::new(
        Library::new(vec![article]),
        Keymap::default(),
        LayoutOptions {
            ascii: false,
            ..Default::default()
        },
        200,
        50,
    );
    let mut times = Vec::new();
    let mut found = false;
    for pattern in ["the", "e", "exosomes", "vesicles carry", "zebrafish"] {
        let keys = pathological::search_keys(pattern);
        // `/` opens the search and Esc closes it; the keys between are the ones typed.
        let (open, rest) = keys.split_first().expect("keys");
        let (close, typed) = rest.split_last().expect("keys");
        app.update(Msg::Key(*open));
        for &key in typed {
            let start = Instant::now();
            app.update(Msg::Key(key));
            times.push(start.elapsed());
            found |= app.search().is_some_and(|s| s.current.is_some());
        }
        app.update(Msg::Key(*close));
    }
    times.sort();
    found.then(|| times[times.len() / 2])
}
