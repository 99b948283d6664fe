//! What a less or vim hand types before and after a key: a count (`10j`, `3n`, `25G`, `50%`)
//! and marks (`ma` to set mark a, `'a` to go back to it; a capital letter's mark is the
//! library's and opens its article).

use super::{App, Arrival};
use crate::keymap::{Action, Key, KeyCode};

/// The largest count kept: more lines than any article has.
const MAX_COUNT: usize = 99_999_999;

impl App {
    /// A digit typed towards a count; `false` when `key` is none (or a `0` that starts none).
    pub(super) fn count_key(&mut self, key: Key) -> bool {
        let KeyCode::Char(c) = key.code else {
            return false;
        };
        let Some(d) = c.to_digit(10).filter(|_| !key.ctrl && !key.alt) else {
            return false;
        };
        if d == 0 && self.count.is_none() {
            return false;
        }
        let n = self.push_digit(d);
        self.message = Some(n.to_string());
        true
    }

    /// Digit `d` typed after the count (or the `:` prompt's number) so far: the number now.
    fn push_digit(&mut self, d: u32) -> usize {
        let n = (self.count.unwrap_or(0).saturating_mul(10) + d as usize).min(MAX_COUNT);
        self.count = Some(n);
        n
    }

    /// The key after `m` or `'`: a letter names the mark.
    pub(super) fn mark_key(&mut self, action: Action, key: Key) {
        let letter = match key.code {
            KeyCode::Char(c) if c.is_ascii_alphabetic() && !key.ctrl && !key.alt => c,
            KeyCode::Esc => {
                self.message = None;
                return;
            }
            _ => {
                self.message =
                    Some("A mark is a letter: a–z in the article, A–Z across the library".into());
                return;
            }
        };
        let scope = letter
            .is_ascii_lowercase()
            .then(|| self.lib.id(self.current).clone());
        if action == Action::SetMark {
            let Some(here) = self.here() else {
                self.message = Some("This article is still being read".into());
                return;
            };
            self.marks.insert((scope, letter), here.clone());
            self.save(crate::memory::Write::Mark {
                letter,
                place: here,
            });
            self.message = Some(format!("Mark {letter} set"));
            return;
        }
        match self.marks.get(&(scope, letter)).cloned() {
            Some(place) => match self.lib.find_id(&place.article) {
                Some(article) => {
                    self.push_history();
                    self.message = Some(format!("Mark {letter}"));
                    self.enter(article, Arrival::Kept(place));
                }
                None => {
                    self.message =
                        Some(format!("Mark {letter} is in an article that is not loaded"))
                }
            },
            None if letter.is_ascii_lowercase() => {
                self.message = Some(format!("No mark {letter} in this article"));
            }
            None => self.message = Some(format!("No mark {letter}")),
        }
    }

    /// A key typed at the `:` prompt: digits make the line's number, Backspace takes one
    /// back, Enter goes there (a jump), anything else leaves the prompt.
    pub(super) fn line_prompt_key(&mut self, key: Key) {
        match key.code {
            KeyCode::Char(c) if c.is_ascii_digit() && !key.ctrl && !key.alt => {
                self.push_digit(c.to_digit(10).unwrap_or(0));
            }
            KeyCode::Backspace if self.count.is_some() => {
                self.count = self.count.map(|n| n / 10).filter(|&n| n > 0);
            }
            KeyCode::Enter => {
                self.line_prompt = false;
                self.message = None;
                if let Some(n) = self.count.take() {
                    self.push_history();
                    self.go_to_line(n);
                }
                return;
            }
            _ => {
                self.line_prompt = false;
                self.count = None;
                self.message = None;
                return;
            }
        }
        let typed = self.count.map(|n| n.to_string()).unwrap_or_default();
        self.message = Some(format!(":{typed}"));
    }

    /// Line `n` (counted from 1) at the top, as less's and vim's `NG` puts it.
    pub(super) fn go_to_line(&mut self, n: usize) {
        self.top = n.saturating_sub(1).min(self.max_top());
        self.mark = None;
    }

    /// `n` percent of the way through the article, as less's `N%`.
    pub(super) fn go_to_percent(&mut self, n: usize) {
        let lines = self.layout.lines.len();
        self.top = (lines * n.min(100) / 100).min(self.max_top());
        self.mark = None;
    }

    /// The `times`-th section heading below the top line (or above it, at or before the
    /// start of the section in view), at the top, as vim's `]]` and `[[` go; a jump, so
    /// Ctrl-o comes back.
    pub(super) fn step_section(&mut self, forward: bool, times: usize) {
        let art = self.lib.article(self.current);
        let lines = art
            .sections
            .iter()
            .filter(|s| !s.title.is_empty() && s.blocks.start < art.blocks.len())
            .map(|s| {
                (
                    self.layout.locate(art, s.blocks.start, 0).0,
                    s.title.as_str(),
                )
            });
        let (here, last) = (self.top, self.max_top());
        let found = if forward {
            // A heading on the last screen is in view already: the top cannot go to it.
            lines.filter(|&(l, _)| l.min(last) > here).nth(times - 1)
        } else {
            let above: Vec<_> = lines.filter(|&(l, _)| l < here).collect();
            above.into_iter().rev().nth(times - 1)
        };
        match found {
            Some((line, title)) => {
                let title = title.to_string();
                self.push_history();
                self.top = line.min(self.max_top());
                self.mark = None;
                self.message = Some(title);
            }
            None => {
                let way = if forward { "below" } else { "above" };
                self.message = Some(format!("No more sections {way}"));
            }
        }
    }
}
