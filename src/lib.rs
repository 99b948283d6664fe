//! scholion: a terminal reader for scientific papers.
//!
//! Data flows one way: [`parse`] builds the [`model`]; [`cite`] and [`glossary`] do the string
//! work; [`library`] holds every loaded article and resolves across them; [`load`] reads files;
//! [`inspect`] reports what the model holds.
#![forbid(unsafe_code)]

pub mod cite;
pub mod frontmatter;
pub mod glossary;
pub mod inspect;
pub mod library;
pub mod load;
pub mod model;
pub mod parse;
pub mod sanitize;
