//! What the view needs, computed in the core: the popup laid out once per update, the status
//! line's facts, the help lines and the sidebar's entries.

use super::*;
use crate::keymap::display_seq;

impl App {
    /// Lay out the open popup for the state as it is now; a scroll past its end is brought back
    /// to the end, so scrolling stops where the content does.
    pub(super) fn refresh_popup(&mut self) {
        self.popup = popup::build(self, self.geometry().body);
        let Some(p) = self.popup.as_mut() else {
            return;
        };
        let max = p.max_scroll();
        if let Overlay::Help { scroll, .. }
        | Overlay::Glossary { scroll, .. }
        | Overlay::Caption { scroll, .. }
        | Overlay::Sidebar { scroll } = &mut self.overlay
        {
            if *scroll > max {
                *scroll = max;
                p.scroll = max;
            }
        }
    }

    /// Show a message in the status line until the next action.
    pub fn set_message(&mut self, message: String) {
        self.message = Some(message);
    }

    pub fn back_len(&self) -> usize {
        self.back.len()
    }

    /// Rows of article text on screen.
    pub fn body_height(&self) -> usize {
        self.geometry().body.height as usize
    }

    /// The focused citation or term as the status line names it: `[8]`, `premetastatic niche`.
    pub fn focus_text(&self) -> Option<&str> {
        let a = self.layout.anchors.get(self.focus?)?;
        self.article().blocks[a.block()].text.get(a.range())
    }

    /// The focused anchor's kind.
    pub fn focus_kind(&self) -> Option<AnchorKind> {
        self.focus
            .and_then(|f| self.layout.anchors.get(f))
            .map(|a| a.kind())
    }

    /// The title of the section shown at the top of the body.
    pub fn current_section(&self) -> Option<&str> {
        let (block, _) = self.layout.position_of(self.top)?;
        self.article()
            .section_of(block)
            .map(|s| s.title.as_str())
            .filter(|t| !t.is_empty())
    }

    /// How far through the article the bottom of the screen is, in percent.
    /// Where the view is, as less and vim say it: `Top`, `Bot`, `All` (the whole article on
    /// one screen), or how much of the article is above the bottom line, `42%`.
    pub fn position(&self) -> String {
        let at_top = self.top == 0 && self.partial.is_none_or(|(_, from_top)| from_top);
        let at_bottom = self.partial.is_none() && self.top >= self.max_top();
        match (at_top, at_bottom) {
            (true, true) => "All".into(),
            (true, false) => "Top".into(),
            (false, true) => "Bot".into(),
            (false, false) => format!("{}%", self.percent()),
        }
    }

    pub fn percent(&self) -> usize {
        if let Some((p, _)) = self.partial {
            return p;
        }
        let len = self.layout.lines.len().max(1);
        let shown = (self.top + self.body_height()).min(len);
        shown * 100 / len
    }

    /// The help screen's lines: keys and description per action, filtered.
    pub fn help_lines(&self, filter: &str) -> Vec<(String, &'static str)> {
        let f = filter.to_lowercase();
        Action::ALL
            .iter()
            .map(|&a| {
                let keys: Vec<String> =
                    self.keymap.keys(a).iter().map(|s| display_seq(s)).collect();
                (keys.join(", "), a.description())
            })
            .filter(|(k, d)| {
                f.is_empty() || d.to_lowercase().contains(&f) || k.to_lowercase().contains(&f)
            })
            .collect()
    }

    /// What the sidebar shows now.
    ///
    /// Entries are built only as far as the sidebar can show them (each takes a row at least;
    /// the narrow overlay adds what it is scrolled by): a citation may name a thousand numbers,
    /// and a screen of them must not cost a thousand entries per frame.
    pub fn sidebar_content(&self) -> SidebarContent {
        let art = self.article();
        let room = self.body_height()
            + match self.overlay {
                Overlay::Sidebar { scroll } => scroll,
                _ => 0,
            };
        if let Some(AnchorKind::Citation(c)) = self.focus_kind() {
            let citation = &art.citations[c];
            let mut entries = Vec::new();
            let res = self.lib.resolution(self.current, c);
            for &n in &citation.targets {
                if entries.len() > room {
                    break;
                }
                // The focused citation shows every suggestion for a missing number.
                self.push_cited(&mut entries, res, n, usize::MAX);
            }
            return SidebarContent {
                heading: format!("Citation {}", citation.text(art)),
                entries,
            };
        }
        // No citation focused: what the visible text cites, in order.
        let end = self.top + self.body_height();
        let mut seen: rustc_hash::FxHashSet<Target> = rustc_hash::FxHashSet::default();
        let mut entries = Vec::new();
        // Anchors are in line order: only those on screen are looked at.
        let first = self.layout.anchors.partition_point(|a| a.line() < self.top);
        for a in &self.layout.anchors[first..] {
            if a.line() >= end {
                break;
            }
            let AnchorKind::Citation(c) = a.kind() else {
                continue;
            };
            let res = self.lib.resolution(self.current, c);
            for &n in &art.citations[c].targets {
                if entries.len() > room {
                    break;
                }
                if !seen.insert(n) {
                    continue;
                }
                // In view, the best suggestion only.
                self.push_cited(&mut entries, res, n, 1);
            }
        }
        SidebarContent {
            heading: "Cited in view".into(),
            entries,
        }
    }

    /// The sidebar entries for number `n` as `res` resolves it: its reference, or that it is
    /// missing and up to `suggestions` suggestions for it.
    pub(super) fn push_cited(
        &self,
        entries: &mut Vec<SidebarEntry>,
        res: &Resolution,
        n: Target,
        suggestions: usize,
    ) {
        if let Some(&(_, index)) = res.resolved.iter().find(|(m, _)| *m == n) {
            entries.push(SidebarEntry::Reference {
                target: n,
                index,
                times_cited: self.lib.times_cited(self.current, n),
            });
            return;
        }
        push_missing(entries, n);
        for s in res
            .suggestions
            .iter()
            .filter(|s| s.cited == n)
            .take(suggestions)
        {
            entries.push(SidebarEntry::Suggestion {
                cited: n,
                article: s.article,
                index: s.reference,
                reasons: s.reasons.clone(),
            });
        }
    }
}

/// Add a missing target, joining it to the entry before when that one is missing targets too.
fn push_missing(entries: &mut Vec<SidebarEntry>, n: Target) {
    if let Some(SidebarEntry::Missing { targets }) = entries.last_mut() {
        targets.push(n);
    } else {
        entries.push(SidebarEntry::Missing { targets: vec![n] });
    }
}
