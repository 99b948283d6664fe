//! Pure text helpers whose results may outlive the process: the stable hashes and the
//! normalisation behind an article's id and a saved location.
//!
//! Anything that may be written to disk (an article id, a reference key in a cached index, a
//! saved place) is computed here with an algorithm that is specified, so the same text gives
//! the same value in every build, on every machine, in every later version. `std`'s
//! `DefaultHasher` promises none of that, and scholion does not use it. Imports nothing
//! of scholion.

use sha2::{Digest, Sha256};
use std::hash::Hasher;

/// FNV-1a, 64 bits, over the UTF-8 bytes of `text` (offset basis 0xcbf29ce484222325, prime
/// 0x100000001b3): a specified hash for compact keys that may be persisted.
pub fn stable_hash(text: &str) -> u64 {
    let mut h = fnv::FnvHasher::default();
    h.write(text.as_bytes());
    h.finish()
}

/// [`stable_hash`] folded to 32 bits (its low half xor its high half), never 0, so that 0 can
/// mean "none" in a compact key.
pub fn stable_hash32(text: &str) -> u32 {
    let h = stable_hash(text);
    ((h as u32) ^ ((h >> 32) as u32)).max(1)
}

/// The characters of `text` that take part in an id or a saved place: letters and digits,
/// lower-cased. Whitespace, punctuation, markup and the way a parser splits blocks change from
/// one version to the next; the words and numbers of a paper do not.
pub fn normalised(text: &str) -> impl Iterator<Item = char> + '_ {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
}

/// How many characters of `text` take part in normalised text (see [`normalised`]).
pub fn normalised_len(text: &str) -> usize {
    normalised(text).count()
}

/// SHA-256 of the normalised text of `parts` (each part's [`normalised`] characters, in order,
/// as UTF-8), as 64 lower-case hex digits.
pub fn text_digest<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    let mut sha = Sha256::new();
    // Hashed in chunks: one update per character made a 100 MB article's id cost a second.
    let mut chunk = String::with_capacity(64 * 1024);
    for part in parts {
        for c in normalised(part) {
            chunk.push(c);
            if chunk.len() >= 64 * 1024 - 4 {
                sha.update(chunk.as_bytes());
                chunk.clear();
            }
        }
    }
    sha.update(chunk.as_bytes());
    sha.finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<String>()
}

/// The largest char boundary of `text` at or before byte `at` (at most its length): where a
/// window of so many bytes may end.
pub fn floor_char(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The year in a date however it is written (`2020-05-01`, `13 August 2017`, `{2019}`): the
/// first run of exactly four digits.
pub fn year_in(s: &str) -> Option<u32> {
    s.split(|c: char| !c.is_ascii_digit())
        .find(|run| run.len() == 4)
        .and_then(|run| run.parse().ok())
}

/// Byte offset → 1-based line number, for messages that name a line of a file.
#[derive(Debug, Clone, Default)]
pub struct LineIndex {
    starts: Vec<usize>,
    /// Lines of the file before the indexed text (a front matter block before a body).
    offset: usize,
}

impl LineIndex {
    /// The lines of `text`, which starts after `offset` lines of its file.
    pub fn new(text: &str, offset: usize) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts, offset }
    }

    /// How many lines the text has (the line of its last byte, without the offset).
    pub fn count(&self) -> usize {
        self.starts.len()
    }

    /// The line of the file that byte `byte` of the text is on.
    pub fn line(&self, byte: usize) -> usize {
        self.starts.partition_point(|&s| s <= byte) + self.offset
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Pinned values: a change here changes every saved id and index, so it must be deliberate.
    #[test]
    fn the_stable_hashes_are_the_specified_algorithms() {
        // FNV-1a 64 test vectors.
        assert_eq!(stable_hash(""), 0xcbf29ce484222325);
        assert_eq!(stable_hash("a"), 0xaf63dc4c8601ec8c);
        assert_eq!(stable_hash("foobar"), 0x85944171f73967e8);
        assert_eq!(stable_hash32("luga"), {
            let h = stable_hash("luga");
            (h as u32) ^ ((h >> 32) as u32)
        });
        // SHA-256 of "abc".
        assert_eq!(
            text_digest(["A b", "-C!"]),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn lines_are_counted_from_one_after_the_offset() {
        let l = LineIndex::new("ab\ncd\n\nef", 0);
        assert_eq!(
            [l.line(0), l.line(2), l.line(3), l.line(6), l.line(7)],
            [1, 1, 2, 3, 4]
        );
        assert_eq!(LineIndex::new("x\ny", 5).line(2), 7);
    }

    #[test]
    fn normalising_keeps_letters_and_digits_lower_cased() {
        let n: String = normalised("The  pre-metastatic Niche (2014), §3").collect();
        assert_eq!(n, "thepremetastaticniche20143");
        assert_eq!(normalised_len("É-1 x"), 3);
    }
}
