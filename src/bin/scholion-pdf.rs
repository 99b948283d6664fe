//! `scholion-pdf [--first=N] [--repair]`: reads one PDF from standard input and writes its
//! pages' glyphs (JSON; only the first N pages' with `--first`; from content streams cut down to
//! their text with `--repair`) to standard output, for `scholion` to lay out; a PDF it refuses
//! gets its reason on standard output and exit code 3. It limits its own memory and time first: a PDF parser that fails,
//! loops or runs out of memory on a file ends this process, not the reader.

use std::io::{Read, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    // `--first=N`: only the first N pages, for a first screen.
    let first = std::env::args()
        .skip(1)
        .find_map(|a| a.strip_prefix("--first=").and_then(|n| n.parse().ok()));
    // `--repair`: content streams cut down to their text (when the whole ones failed).
    let repair = std::env::args().any(|a| a == "--repair");
    let mut bytes = Vec::new();
    let limit = scholion::load::MAX_FILE_BYTES;
    if std::io::stdin()
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .is_err()
    {
        return ExitCode::from(1);
    }
    let (text, code) = match scholion::load::pdf_child(&bytes, first, repair) {
        Ok(wire) => (wire, ExitCode::SUCCESS),
        Err(why) => (why, ExitCode::from(scholion::load::PDF_REFUSED as u8)),
    };
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
    code
}
