//! Regular expressions with named groups, as the citation and reference readers use them.
//!
//! The `regex` crate builds, for every pattern with capture groups, a one-pass DFA beside its
//! other engines and keeps it for the life of the pattern. Over Unicode classes (`\p{Lu}`,
//! `\S`, `(?i)`) that table is 100–270 kB a pattern: the reference patterns alone held about
//! 0.7 MB, more than the summaries of a 500-article folder. These patterns are built with the
//! meta regex of `regex-automata` (the engine `regex` itself is made of) with that one engine
//! left out; groups are then read by the bounded backtracker or the PikeVM over the span the
//! lazy DFA found, which on the short texts these patterns see costs nothing measurable.
//! Search keeps the `regex` crate: its patterns have no groups.

use regex_automata::meta;
use regex_automata::util::captures::Captures;
use std::ops::Range;

/// A compiled pattern.
#[derive(Debug)]
pub struct Pattern(meta::Regex);

impl Pattern {
    /// Compile `pattern` (the syntax of the `regex` crate, Unicode on), to be looked for in
    /// texts of any length. The patterns are this crate's own constants, so a failure is a bug.
    pub fn new(pattern: &str) -> Pattern {
        Pattern::build(pattern, meta::Regex::config().onepass(false))
    }

    /// Compile `pattern` to be matched against short texts: one reference entry, one part of a
    /// bracket, one sentence. It has no lazy DFA either, whose reverse automaton over Unicode
    /// classes is another 100–175 kB a pattern; the backtracker reads such a text directly.
    pub fn short(pattern: &str) -> Pattern {
        Pattern::build(pattern, meta::Regex::config().onepass(false).hybrid(false))
    }

    fn build(pattern: &str, config: meta::Config) -> Pattern {
        let re = meta::Regex::builder()
            .configure(config)
            .build(pattern)
            .unwrap_or_else(|e| panic!("pattern {pattern:?}: {e}"));
        Pattern(re)
    }

    /// The leftmost match and its groups.
    pub fn captures<'t>(&self, text: &'t str) -> Option<Groups<'t>> {
        let mut caps = self.0.create_captures();
        self.0.captures(text, &mut caps);
        caps.is_match().then_some(Groups { text, caps })
    }

    /// Every match, left to right, with its groups.
    pub fn captures_iter<'p, 't: 'p>(
        &'p self,
        text: &'t str,
    ) -> impl Iterator<Item = Groups<'t>> + 'p {
        self.0
            .captures_iter(text)
            .map(move |caps| Groups { text, caps })
    }

    /// Where the leftmost match is.
    pub fn find(&self, text: &str) -> Option<Range<usize>> {
        self.0.find(text).map(|m| m.range())
    }
}

/// A match and its named groups.
#[derive(Debug)]
pub struct Groups<'t> {
    text: &'t str,
    caps: Captures,
}

impl<'t> Groups<'t> {
    /// Where the whole match is.
    pub fn range(&self) -> Range<usize> {
        self.caps.get_match().map_or(0..0, |m| m.range())
    }

    /// The text of group `name`, when it took part in the match.
    pub fn name(&self, name: &str) -> Option<&'t str> {
        self.span(name).map(|r| &self.text[r])
    }

    /// Where group `name` is, when it took part in the match.
    pub fn span(&self, name: &str) -> Option<Range<usize>> {
        self.caps.get_group_by_name(name).map(|s| s.range())
    }

    /// The text of group `name`, or nothing when it took no part.
    pub fn text(&self, name: &str) -> &'t str {
        self.name(name).unwrap_or("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_are_read_by_name_and_a_group_that_took_no_part_is_none() {
        for p in [Pattern::new(WORD_YEAR), Pattern::short(WORD_YEAR)] {
            groups(&p);
        }
    }

    const WORD_YEAR: &str = r"(?P<word>\p{Lu}\p{Ll}+)(?: (?P<year>\d{4}))?";

    fn groups(p: &Pattern) {
        let g = p.captures("so Müller 2014 and").expect("a match");
        assert_eq!(g.name("word"), Some("Müller"));
        assert_eq!(g.text("year"), "2014");
        assert_eq!(g.range(), 3..15);
        let g = p.captures("Lee").expect("a match");
        assert_eq!(g.name("year"), None);
        let all: Vec<&str> = p
            .captures_iter("Ab Cd 1999 Ef")
            .map(|g| g.text("word"))
            .collect();
        assert_eq!(all, ["Ab", "Cd", "Ef"]);
        assert_eq!(p.find("x Yz"), Some(2..4));
        assert!(p.captures("nothing here").is_none());
    }
}
