//! scholion: a terminal reader for scientific papers.
//!
//! Data flows one way: [`parse`] builds the [`model`]; [`cite`] and [`glossary`] do the string
//! work; [`library`] holds every loaded article and resolves across them; [`load`] reads files;
//! [`inspect`] reports what the model holds. The reader: [`layout`] wraps an article to a
//! width, [`app`] holds the reader's state and its pure update, [`keymap`] turns keys into
//! actions, [`ui`] draws, and [`terminal`] is the one module that touches the terminal.
#![forbid(unsafe_code)]

pub mod app;
pub mod build;
pub mod cite;
pub mod frontmatter;
pub mod glossary;
pub mod inspect;
pub mod jats;
pub mod keymap;
pub mod layout;
pub mod library;
pub mod load;
pub mod markdown;
pub mod model;
pub mod parse;
pub mod render;
pub mod sanitize;
pub mod terminal;
pub mod text;
pub mod ui;
