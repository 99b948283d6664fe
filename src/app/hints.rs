//! Hint labels: one key (`;`) puts a short label of letters on every citation, term and figure
//! on screen; typing a label follows its anchor, as vimium's link hints and lynx's numbered
//! links do. Labels are one letter while there are few anchors, two letters each when there
//! are more than the alphabet holds, so that no label begins another.

use super::{App, Effect};
use crate::keymap::{Key, KeyCode};

/// The letters of labels, the home row first.
const LETTERS: &[u8] = b"asdfghjklqwertyuiopzxcvbnm";

impl App {
    /// The labels of the anchors on screen, as (anchor index, label), in text order; empty
    /// unless hints are shown.
    pub fn hint_labels(&self) -> Vec<(usize, String)> {
        if self.hints.is_none() {
            return Vec::new();
        }
        self.labels_on_screen()
    }

    /// What is typed of a label so far, while hints are shown.
    pub fn hints_typed(&self) -> Option<&str> {
        self.hints.as_deref()
    }

    fn labels_on_screen(&self) -> Vec<(usize, String)> {
        let h = self.body_height();
        let anchors = &self.layout.anchors;
        let first = anchors.partition_point(|a| a.line() < self.top);
        let last = anchors.partition_point(|a| a.line() < self.top + h);
        let n = last - first;
        let letter = |i: usize| LETTERS[i] as char;
        (first..last)
            .enumerate()
            .take(LETTERS.len() * LETTERS.len())
            .map(|(k, i)| {
                let label = if n <= LETTERS.len() {
                    letter(k).to_string()
                } else {
                    format!("{}{}", letter(k / LETTERS.len()), letter(k % LETTERS.len()))
                };
                (i, label)
            })
            .collect()
    }

    /// `;`: show the labels, or say there is nothing to label.
    pub(super) fn start_hints(&mut self) {
        if self.labels_on_screen().is_empty() {
            self.message = Some("Nothing on screen to follow".into());
            return;
        }
        self.hints = Some(String::new());
        self.message = Some("Type a label to follow it; Esc cancels".into());
    }

    /// A key while the labels are shown: a letter narrows them, and the last follows its
    /// anchor; anything else puts them away.
    pub(super) fn hint_key(&mut self, key: Key) -> Effect {
        let mut typed = self.hints.take().unwrap_or_default();
        let c = match key.code {
            KeyCode::Char(c) if !key.ctrl && !key.alt && c.is_ascii_lowercase() => c,
            KeyCode::Backspace if !typed.is_empty() => {
                typed.pop();
                self.hints = Some(typed);
                return Effect::Redraw;
            }
            _ => {
                self.message = None;
                return Effect::Redraw;
            }
        };
        typed.push(c);
        let labels = self.labels_on_screen();
        if let Some(&(i, _)) = labels.iter().find(|(_, l)| *l == typed) {
            self.message = None;
            self.focus = Some(i);
            self.mark = None;
            self.follow();
            return Effect::Redraw;
        }
        if labels.iter().any(|(_, l)| l.starts_with(&typed)) {
            self.hints = Some(typed);
        } else {
            self.message = Some(format!("No label {typed}"));
        }
        Effect::Redraw
    }
}
