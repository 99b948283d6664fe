//! What the reader remembers between sessions, as plain data: the requests the reader's pure
//! update leaves for the shell ([`Request`]: a write to the store, a copy, an editor, a link to
//! open) and what the store gives back ([`Recalled`]).
//!
//! Places are [`Location`]s, keyed by the stable [`ArticleId`]: they survive renames, moves,
//! reorders and re-parses. Nothing here does I/O; `store` (SQLite) and `terminal` carry the
//! requests out.

use crate::model::{ArticleId, Location};
use serde::Serialize;

/// A bookmark: a place with an optional label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Bookmark {
    /// The store's row id; 0 until the store has it.
    pub id: i64,
    pub place: Location,
    pub label: String,
    /// The article's title and file when the bookmark was made, to list it when the article
    /// is not loaded.
    pub title: String,
    pub path: String,
    /// The section it is in.
    pub section: String,
    /// Seconds since 1970.
    pub created: i64,
}

/// A highlight, or a highlight with a note: a quoted stretch of an article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Annotation {
    /// The store's row id; 0 until the store has it.
    pub id: i64,
    /// Where the quote starts.
    pub start: Location,
    /// Where it ends (exclusive), in the same article.
    pub end: Location,
    /// The quoted text, as the article has it (sanitised model text).
    pub quote: String,
    /// The note; empty for a highlight.
    pub note: String,
    /// The section the quote is in.
    pub section: String,
    /// The article's title and file when the note was made.
    pub title: String,
    pub path: String,
    /// How a manuscript cites the article: `[@key]`, else `(Author et al. Year)` with its DOI.
    pub cite: String,
    /// Seconds since 1970.
    pub created: i64,
}

impl Annotation {
    /// The order notes are listed and written in: by article title (then article), place in
    /// it, then when they were made.
    pub fn reading_order(&self, other: &Annotation) -> std::cmp::Ordering {
        (
            &self.title,
            &self.start.article,
            self.start.text_offset,
            self.created,
        )
            .cmp(&(
                &other.title,
                &other.start.article,
                other.start.text_offset,
                other.created,
            ))
    }
}

/// A mark's scope: a small letter's article, or the library (a capital).
pub fn mark_scope(letter: char, place: &Location) -> Option<ArticleId> {
    letter.is_ascii_lowercase().then(|| place.article.clone())
}

/// A change to what is remembered.
#[derive(Debug, Clone, PartialEq)]
pub enum Write {
    /// Where the reader is in an article (one per article; the last one wins).
    Position {
        place: Location,
        title: String,
        path: String,
    },
    /// Which article was open last, for `--last`.
    Current(ArticleId),
    /// Mark `letter` set at `place` (a–z: in that article; A–Z: across the library).
    Mark {
        letter: char,
        place: Location,
    },
    /// A jump started here (the list Ctrl-o walks back through).
    Jump(Location),
    Bookmark(Bookmark),
    Annotate(Annotation),
    /// Forget a bookmark or an annotation (every one at the same place with the same text).
    DeleteBookmark(Bookmark),
    DeleteAnnotation(Annotation),
}

/// What the reader asks of the shell besides a body (those are [`crate::app::Effect`]s).
#[derive(Debug, Clone, PartialEq)]
pub enum Request {
    /// Keep this in the store.
    Save(Box<Write>),
    /// Give back what is remembered of these articles (answered by [`Recalled`]).
    Recall(Vec<ArticleId>),
    /// Every annotation and bookmark of the library, loaded or not (answered by [`Recalled`]
    /// with `everything` set).
    RecallAll,
    /// Put this text on the clipboard (OSC 52); `what` names it in the status line.
    Copy { text: String, what: String },
    /// Let the user write a note in `$EDITOR`, starting from `draft`.
    Edit { draft: String },
    /// Open a link (http, https, mailto or a DOI's address) in the local browser.
    Open(String),
}

/// What the store gives back.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Recalled {
    /// The reading position of each article asked about that has one.
    pub positions: Vec<Location>,
    /// Marks of those articles (a–z) and of the library (A–Z).
    pub marks: Vec<(char, Location)>,
    /// The jump list, oldest first.
    pub jumps: Vec<Location>,
    /// Bookmarks: of the articles asked about, or every one (`everything`).
    pub bookmarks: Vec<Bookmark>,
    /// Annotations: of the articles asked about, or every one (`everything`).
    pub annotations: Vec<Annotation>,
    /// Whether this answers [`Request::RecallAll`].
    pub everything: bool,
}

/// The most jumps remembered.
pub const MAX_JUMPS: usize = 100;
