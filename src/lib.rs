//! scholion: a terminal reader for scientific papers.
//!
//! Data flows one way, and no module imports one listed after it:
//!
//! - [`model`] is the article as plain data, [`bundled`] the two articles compiled in;
//!   [`text`] and [`sanitize`] are pure string helpers (stable hashes, normalisation; cleaning
//!   what a document may not send to a terminal); [`cite`] and [`glossary`] do the string work
//!   of citations and terms.
//! - [`formats`] holds every input format and is the only place that imports a parser crate:
//!   `formats::read(name, bytes)` detects what a file is and builds the model.
//! - [`library`] holds every loaded article and resolves across them.
//! - [`load`] reads files (impure); [`inspect`] reports what the model holds; [`export`]
//!   writes references as BibTeX, CSL-JSON or RIS, and highlights and notes as Markdown.
//! - [`memory`] is what the reader keeps between sessions, as plain data (the requests the app
//!   leaves for the shell, what the store gives back); [`store`] keeps it in SQLite (impure, on
//!   a thread of its own); [`osc`] composes the clipboard and hyperlink sequences.
//! - The reader: [`layout`] wraps an article to a width, [`app`] holds the reader's state and
//!   its pure update, [`keymap`] turns keys into actions and [`settings`] reads the settings
//!   file, [`ui`] and [`render`] draw, and
//!   [`terminal`] is the one module that touches the terminal.
#![forbid(unsafe_code)]

/// Compile the citation patterns and build the word list on a thread of their own, while the
/// files are read (a PDF's pages are drawn by another process meanwhile): the first screen then
/// waits for neither.
pub fn warm_up() {
    std::thread::spawn(|| {
        cite::warm();
        formats::words::warm();
    });
}

pub mod app;
pub mod bundled;
pub mod cite;
pub mod export;
pub mod formats;
pub mod glossary;
pub mod inspect;
pub mod keymap;
pub mod layout;
pub mod library;
pub mod load;
pub mod memory;
pub mod model;
pub mod osc;
pub mod render;
pub mod sanitize;
pub mod settings;
pub mod store;
pub mod terminal;
pub mod text;
pub mod ui;
