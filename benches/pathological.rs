//! Time to the first screen for every pathological input, at full size, in a release build:
//! parse, build the library, lay out and draw one 80×24 frame. Each has a budget; the run
//! prints the table the README quotes and exits non-zero if any input is over its budget.
//!
//! `cargo bench --bench pathological`

#[path = "../tests/corpus/pathological.rs"]
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
    println!("| input | size | first screen | budget |");
    println!("|---|---|---|---|");
    for (name, doc) in pathological::corpus(1) {
        if !filter.is_empty() && !filter.iter().any(|f| name.contains(f.as_str())) {
            continue;
        }
        let start = Instant::now();
        let article = scholion::parse::parse_markdown("p.md", &doc).expect("parses");
        let app = App::new(
            Library::new(vec![article]),
            Keymap::default(),
            LayoutOptions { ascii: false },
            80,
            24,
        );
        let mut t = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
        t.draw(|f| ui::draw(f, &app, &look)).expect("draw");
        let took = start.elapsed();
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
    if over > 0 {
        eprintln!("{over} input(s) over budget");
        std::process::exit(1);
    }
}
