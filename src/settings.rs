//! The reader's settings file: `settings.toml` beside the keymap, under the XDG config
//! directory (`~/.config/scholion/settings.toml`), or the file `--settings` names.
//!
//! ```toml
//! theme = "default"     # or "mono"
//! text_width = 100      # the widest the text column grows, 40 to 400 columns
//! terms = "first"       # mark a glossary term's first use in each section, "all", or "off"
//! margin = true         # whether the margin of references starts shown
//! clipboard = true      # copy through the terminal (OSC 52); false shows the text instead
//! ```
//!
//! Pure: the caller reads the file and passes its text. Every setting is optional; a key the
//! reader does not know is reported, and a value it cannot use keeps the default and says so.

use crate::layout::TermMarking;

/// The default widest text column: about a hundred columns reads well.
pub const TEXT_WIDTH: usize = 100;
/// The narrowest and widest text column a settings file may ask for.
pub const TEXT_WIDTH_RANGE: std::ops::RangeInclusive<usize> = 40..=400;

/// What a settings file sets; what it does not set has its default.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// The theme's name, when the file names one (`default`, `mono`).
    pub theme: Option<String>,
    /// The widest the text column grows.
    pub text_width: usize,
    pub terms: TermMarking,
    /// Whether the margin starts shown.
    pub margin: bool,
    /// Whether a copy goes to the terminal's clipboard (OSC 52), or is shown to select.
    pub clipboard: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            theme: None,
            text_width: TEXT_WIDTH,
            terms: TermMarking::First,
            margin: true,
            clipboard: true,
        }
    }
}

/// The theme names a settings file may give.
const THEMES: &[&str] = &["default", "mono"];

impl Settings {
    /// Read a settings file's `text` (named `source` in what is reported): the settings, and
    /// one line for each thing in it that was not used.
    pub fn parse(text: &str, source: &str) -> (Settings, Vec<String>) {
        let mut s = Settings::default();
        let mut said = Vec::new();
        let table: toml::Table = match toml::from_str(text) {
            Ok(t) => t,
            Err(e) => {
                said.push(crate::keymap::toml_problem(
                    source,
                    text,
                    &e,
                    "the default settings",
                ));
                return (s, said);
            }
        };
        for (key, value) in &table {
            let bad = |want: &str, kept: String| {
                format!("{source}: `{key}` must be {want}; keeping {kept}")
            };
            match key.as_str() {
                "theme" => match value.as_str() {
                    Some(name) if THEMES.contains(&name) => s.theme = Some(name.to_string()),
                    _ => said.push(bad("\"default\" or \"mono\"", "the default theme".into())),
                },
                "text_width" => match value.as_integer() {
                    Some(n) if TEXT_WIDTH_RANGE.contains(&(n.max(0) as usize)) && n > 0 => {
                        s.text_width = n as usize
                    }
                    _ => said.push(bad(
                        &format!(
                            "a number of columns from {} to {}",
                            TEXT_WIDTH_RANGE.start(),
                            TEXT_WIDTH_RANGE.end()
                        ),
                        TEXT_WIDTH.to_string(),
                    )),
                },
                "terms" => match value.as_str().and_then(TermMarking::by_name) {
                    Some(m) => s.terms = m,
                    None => said.push(bad("\"first\", \"all\" or \"off\"", "\"first\"".into())),
                },
                "margin" => match value.as_bool() {
                    Some(b) => s.margin = b,
                    None => said.push(bad("true or false", "true".into())),
                },
                "clipboard" => match value.as_bool() {
                    Some(b) => s.clipboard = b,
                    None => said.push(bad("true or false", "true".into())),
                },
                _ => said.push(format!("{source}: unknown setting `{key}` ignored")),
            }
        }
        let said = said
            .into_iter()
            .map(|w| crate::sanitize::one_line(&w).into_owned())
            .collect();
        (s, said)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_setting_read() {
        let (s, said) = Settings::parse(
            "theme = \"mono\"\ntext_width = 80\nterms = \"all\"\nmargin = false\nclipboard = false\n",
            "settings.toml",
        );
        assert!(said.is_empty(), "{said:?}");
        assert_eq!(
            s,
            Settings {
                theme: Some("mono".into()),
                text_width: 80,
                terms: TermMarking::All,
                margin: false,
                clipboard: false,
            }
        );
    }

    #[test]
    fn unknown_keys_and_bad_values_are_reported_and_keep_the_default() {
        let (s, said) = Settings::parse(
            "colour = 3\ntext_width = 7\nterms = \"some\"\nmargin = \"yes\"\ntheme = \"neon\"\n",
            "settings.toml",
        );
        assert_eq!(s, Settings::default());
        assert_eq!(
            said,
            [
                "settings.toml: unknown setting `colour` ignored",
                "settings.toml: `margin` must be true or false; keeping true",
                "settings.toml: `terms` must be \"first\", \"all\" or \"off\"; keeping \"first\"",
                "settings.toml: `text_width` must be a number of columns from 40 to 400; keeping 100",
                "settings.toml: `theme` must be \"default\" or \"mono\"; keeping the default theme",
            ]
        );
        let (s, said) = Settings::parse("text_width = [", "settings.toml");
        assert_eq!(s, Settings::default());
        assert_eq!(said.len(), 1);
        assert!(said[0].starts_with("settings.toml:1: "), "{said:?}");
        assert!(
            said[0].ends_with("; using the default settings"),
            "{said:?}"
        );
    }
}
