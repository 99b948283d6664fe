//! Search: typing a pattern, narrowing as it grows, the match window of a large article, and
//! stepping through matches.

use super::*;

impl App {
    pub(super) fn search_key(&mut self, key: Key) -> Effect {
        let Some(s) = self.search.as_mut() else {
            return Effect::None;
        };
        match key.code {
            KeyCode::Esc => {
                self.abandon_search(true);
                return Effect::Redraw;
            }
            KeyCode::Enter => {
                s.typing = false;
                if s.pattern.is_empty() {
                    self.search = None;
                    return Effect::Redraw;
                }
                if s.matches.is_empty() {
                    let p = s.pattern.clone();
                    self.abandon_search(false);
                    self.message = Some(format!("Pattern not found: {p}"));
                } else {
                    // The search is a jump: Back returns to where it started.
                    let origin = s.origin.clone();
                    self.back.push(super::Spot::At(origin));
                    self.forward.clear();
                }
                return Effect::Redraw;
            }
            KeyCode::Backspace => {
                if s.pattern.pop().is_none() {
                    self.abandon_search(false);
                    return Effect::Redraw;
                }
            }
            KeyCode::Char(c) if !key.ctrl && !key.alt => {
                // A longer pattern matches where the shorter one did, and nowhere else: the
                // matches found are narrowed instead of searched for again, when they were
                // all of them and the case rule stays the same.
                let refine = !s.capped
                    && !s.pattern.is_empty()
                    && (case_sensitive(&s.pattern) || !c.is_uppercase());
                s.pattern.push(c);
                if refine {
                    self.narrow_search();
                    return Effect::Redraw;
                }
            }
            _ => return Effect::None,
        }
        self.run_search();
        Effect::Redraw
    }

    /// The matches of the pattern among those of the pattern one character shorter.
    pub(super) fn narrow_search(&mut self) {
        let Some(s) = self.search.as_mut() else {
            return;
        };
        let art = self.lib.article(self.current);
        match search_regex(&s.pattern, true) {
            Some(anchored) => {
                // As a search from the start finds them: a match that would overlap the one
                // before it (`aa` in `aaa`) is not one.
                let mut last_end = (usize::MAX, 0);
                s.matches.retain_mut(|(b, r)| {
                    if last_end.0 == *b && r.start < last_end.1 {
                        return false;
                    }
                    let found = art.blocks[*b]
                        .text
                        .get(r.start..)
                        .and_then(|t| anchored.find(t));
                    match found.filter(|m| !m.is_empty()).map(|m| r.start + m.end()) {
                        Some(end) => {
                            r.end = end;
                            last_end = (*b, end);
                            true
                        }
                        None => false,
                    }
                })
            }
            None => s.matches.clear(),
        }
        let origin = self.origin_place();
        self.show_first_match(origin);
    }

    /// End the search with the view back at the line where it started, and with `refocus`
    /// the focus too.
    pub(super) fn abandon_search(&mut self, refocus: bool) {
        let Some(s) = self.search.take() else {
            return;
        };
        if refocus {
            self.restore(&s.origin);
        }
        self.top = s.origin_top.min(self.max_top());
    }

    /// The line where byte `at` of block `block` of the open article is shown.
    pub(super) fn line_of(&self, block: usize, at: usize) -> usize {
        self.layout.locate(self.article(), block, at).0
    }

    /// Find the pattern in the article and show the first match at or after the origin.
    pub(super) fn run_search(&mut self) {
        let origin = self.origin_place();
        let Some(s) = self.search.as_mut() else {
            return;
        };
        (s.matches, s.capped) = window(self.lib.article(self.current), &s.pattern, origin);
        self.show_first_match(origin);
    }

    /// The (block, byte) at the top of the view when the search started.
    pub(super) fn origin_place(&self) -> (usize, usize) {
        let top = self.search.as_ref().map_or(self.top, |s| s.origin_top);
        self.layout.position_of(top).unwrap_or((0, 0))
    }

    /// Make the first match at or after `origin` (where the search started) the current one,
    /// and show it.
    pub(super) fn show_first_match(&mut self, origin: (usize, usize)) {
        let Some(s) = self.search.as_mut() else {
            return;
        };
        if s.backward
            && s.capped
            && s.matches
                .first()
                .is_none_or(|(b, r)| (*b, r.start) >= origin)
        {
            // The window holds what follows the origin: the matches before it instead.
            if let Some(m) = Matcher::new(&s.pattern) {
                s.matches = m.before(self.lib.article(self.current), origin, MAX_MATCHES);
            }
        }
        let first = if s.backward {
            s.matches
                .iter()
                .rposition(|(b, r)| (*b, r.start) < origin)
                .or(s.matches.len().checked_sub(1))
        } else {
            s.matches
                .iter()
                .position(|(b, r)| (*b, r.start) >= origin)
                .or(if s.matches.is_empty() { None } else { Some(0) })
        };
        s.current = first;
        let line = first.map(|i| {
            let (b, r) = &s.matches[i];
            (*b, r.start)
        });
        let origin_top = s.origin_top;
        self.top = origin_top.min(self.max_top());
        if let Some((b, at)) = line {
            let line = self.line_of(b, at);
            self.reveal(line);
        }
    }

    /// Past the end of a window of matches (or before its start), the next window.
    pub(super) fn next_window(&mut self, forward: bool) {
        let Some(s) = self.search.as_mut() else {
            return;
        };
        let Some(m) = Matcher::new(&s.pattern) else {
            return;
        };
        let art = self.lib.article(self.current);
        let Some((b, r)) = s.current.and_then(|c| s.matches.get(c)).cloned() else {
            return;
        };
        if forward {
            (s.matches, s.capped) = m.scan(art, (b, r.end), MAX_MATCHES);
            s.current = (!s.matches.is_empty()).then_some(0);
        } else {
            s.matches = m.before(art, (b, r.start), MAX_MATCHES);
            s.current = s.matches.len().checked_sub(1);
        }
    }

    pub(super) fn search_step(&mut self, forward: bool) {
        // After `?`, `n` goes on upward and `N` down, as in less and vim.
        let forward = forward != self.search.as_ref().is_some_and(|s| s.backward);
        let Some(s) = self.search.as_mut() else {
            let slash = self
                .keymap
                .first_key(Action::Search)
                .unwrap_or_else(|| "/".into());
            self.message = Some(format!("No search; {slash} starts one"));
            return;
        };
        if s.matches.is_empty() {
            self.message = Some(format!("Pattern not found: {}", s.pattern));
            return;
        }
        let n = s.matches.len();
        let cur = s.current.unwrap_or(0);
        let at_edge = if forward { cur + 1 == n } else { cur == 0 };
        if s.capped && at_edge {
            // Past the edge of the window: the next matches in the text, not a wrap.
            self.next_window(forward);
        } else {
            s.current = Some(if forward {
                (cur + 1) % n
            } else {
                (cur + n - 1) % n
            });
            if at_edge {
                self.message = Some(if forward {
                    "Search wrapped to the top".into()
                } else {
                    "Search wrapped to the bottom".into()
                });
            }
        }
        let Some((b, r)) = self
            .search
            .as_ref()
            .and_then(|s| s.matches.get(s.current?))
            .cloned()
        else {
            return;
        };
        let line = self.line_of(b, r.start);
        self.mark = None;
        self.reveal(line);
    }
}

/// The most search matches held at once. A common letter matches hundreds of thousands of times
/// in a large article; finding and keeping them all on every typed key took tens of
/// milliseconds and megabytes, so past this many the search holds a window of them.
pub const MAX_MATCHES: usize = 10_000;

/// The search being typed or in force.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Search {
    pub pattern: String,
    /// Matches in the current article: block and byte range. In text order when the article
    /// has at most [`MAX_MATCHES`]; else (`capped`) the next that many from where the search
    /// started or last moved past the window, going on from the top after the end.
    pub matches: Vec<(usize, Range<usize>)>,
    /// Whether the article has more matches than `matches` holds.
    pub capped: bool,
    pub current: Option<usize>,
    /// True while the pattern is being typed.
    pub typing: bool,
    /// Typed after `?`: the first match is the nearest above where the search started, and
    /// `n` goes on upward.
    pub backward: bool,
    /// Where the view was when `/` was pressed.
    pub(super) origin: Location,
    pub(super) origin_top: usize,
}

/// Matches of `pattern` in the text of `art`'s blocks, in text order: case-insensitive unless
/// the pattern has a capital letter. All of them: the reader holds at most [`MAX_MATCHES`].
pub fn find_matches(art: &Article, pattern: &str) -> Vec<(usize, Range<usize>)> {
    Matcher::new(pattern).map_or_else(Vec::new, |m| m.scan(art, (0, 0), usize::MAX).0)
}

/// Whether a search for `pattern` tells case apart: smart case, only when it has a capital.
fn case_sensitive(pattern: &str) -> bool {
    pattern.chars().any(char::is_uppercase)
}

/// `pattern` as a literal regular expression with smart case; with `anchored`, matching at the
/// start of a text only (to narrow matches to a longer pattern).
fn search_regex(pattern: &str, anchored: bool) -> Option<regex::Regex> {
    if pattern.is_empty() {
        return None;
    }
    let escaped = regex::escape(pattern);
    let source = if anchored {
        format!("^(?:{escaped})")
    } else {
        escaped
    };
    regex::RegexBuilder::new(&source)
        .case_insensitive(!case_sensitive(pattern))
        .build()
        .ok()
}

/// The matches of `pattern` the reader holds: all of them in text order when there are at most
/// [`MAX_MATCHES`]; else the next that many from `origin` (where the search started), and that
/// there are more.
pub(super) fn window(
    art: &Article,
    pattern: &str,
    origin: (usize, usize),
) -> (Vec<(usize, Range<usize>)>, bool) {
    let Some(m) = Matcher::new(pattern) else {
        return (Vec::new(), false);
    };
    let (found, capped) = m.scan(art, (0, 0), MAX_MATCHES);
    let reaches_origin = found.last().is_some_and(|(b, r)| (*b, r.start) >= origin);
    if capped && !reaches_origin {
        m.scan(art, origin, MAX_MATCHES)
    } else {
        (found, capped)
    }
}

/// A search pattern, compiled to find it anywhere in a block.
struct Matcher {
    find: regex::Regex,
}

impl Matcher {
    fn new(pattern: &str) -> Option<Matcher> {
        Some(Matcher {
            find: search_regex(pattern, false)?,
        })
    }

    /// Up to `limit` matches from byte `from.1` of block `from.0` on, going on from the top
    /// after the end and stopping where they began; and whether there were more.
    fn scan(
        &self,
        art: &Article,
        from: (usize, usize),
        limit: usize,
    ) -> (Vec<(usize, Range<usize>)>, bool) {
        let mut out = Vec::new();
        for m in self.round(art, from) {
            if out.len() == limit {
                return (out, true);
            }
            out.push(m);
        }
        (out, false)
    }

    /// The `limit` matches just before byte `at.1` of block `at.0` (going round from the end
    /// before the top), in text order.
    fn before(
        &self,
        art: &Article,
        at: (usize, usize),
        limit: usize,
    ) -> Vec<(usize, Range<usize>)> {
        let mut ring = std::collections::VecDeque::with_capacity(limit.min(1024));
        // Everything from `at` round to `at` again, keeping the last `limit`.
        for m in self.round(art, at) {
            if ring.len() == limit {
                ring.pop_front();
            }
            ring.push_back(m);
        }
        ring.into()
    }

    /// Every match from byte `from.1` of block `from.0` on, then from the top after the end,
    /// up to where they began.
    fn round<'a>(
        &'a self,
        art: &'a Article,
        from: (usize, usize),
    ) -> impl Iterator<Item = (usize, Range<usize>)> + 'a {
        let n = art.blocks.len();
        let first = from.0.min(n);
        // Blocks `first..n` (the first from `from.1`), then `0..=first` again (the first only up
        // to `from.1`); an article with no blocks has none of either.
        let after = (first..n).map(move |i| (i, if i == first { from.1 } else { 0 }, usize::MAX));
        let again = (0..=first)
            .filter(move |&i| i < n)
            .map(move |i| (i, 0, if i == first { from.1 } else { usize::MAX }));
        after.chain(again).flat_map(move |(i, start, end)| {
            let text = &art.blocks[i].text;
            let end = end.min(text.len());
            let text = text.get(..end).unwrap_or("");
            self.find
                .find_iter(text)
                .skip_while(move |m| m.start() < start)
                .filter(|m| !m.is_empty())
                .map(move |m| (i, m.range()))
        })
    }
}
