//! The store: one SQLite database per user that keeps reading positions, marks, the jump list,
//! bookmarks and annotations between sessions, keyed by the stable [`ArticleId`].
//!
//! Impure (files); the reader's core never calls it. The shell runs it on a thread of its own
//! ([`spawn`]): the reader's writes arrive as [`Write`]s over a channel and are done there, so a
//! key never waits on the disk, and what is remembered comes back as a [`Recalled`].
//!
//! Whatever happens to the file, the reader goes on: a file that is not a database (or a
//! damaged one) is set aside under a name with the time and a new store is begun; a store that
//! is locked, read-only, made by a newer scholion or cannot be created is said once, and the
//! session goes on without saving. Each write is its own transaction in WAL mode, so a process
//! killed mid-write loses at most that write, and two readers at once both keep theirs.

use crate::memory::{Annotation, Bookmark, Recalled, Write, MAX_JUMPS};
use crate::model::{ArticleId, Location};
use rusqlite::{params, Connection, ErrorCode, OpenFlags, OptionalExtension};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The store's file name in its folder.
pub const FILE_NAME: &str = "store.sqlite3";

/// How long a write waits for another scholion holding the store.
const BUSY_WAIT: Duration = Duration::from_secs(3);

/// The schema, one step per version: version N is the first N steps. A store of an earlier
/// version is brought up to date by the steps it lacks, in one transaction.
pub const MIGRATIONS: &[&str] = &[
    // 1: where each article was left, and the sessions `--last` reopens.
    "CREATE TABLE articles (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        path TEXT NOT NULL,
        seen INTEGER NOT NULL
    );
    CREATE TABLE positions (
        article TEXT PRIMARY KEY,
        block INTEGER NOT NULL,
        offset INTEGER NOT NULL,
        text_offset INTEGER NOT NULL,
        saved INTEGER NOT NULL
    );
    CREATE TABLE sessions (
        id INTEGER PRIMARY KEY,
        files BLOB NOT NULL,
        current TEXT,
        started INTEGER NOT NULL
    );",
    // 2: marks, and the jump list.
    "CREATE TABLE marks (
        scope TEXT NOT NULL,
        letter TEXT NOT NULL,
        article TEXT NOT NULL,
        block INTEGER NOT NULL,
        offset INTEGER NOT NULL,
        text_offset INTEGER NOT NULL,
        PRIMARY KEY (scope, letter)
    );
    CREATE TABLE jumps (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        article TEXT NOT NULL,
        block INTEGER NOT NULL,
        offset INTEGER NOT NULL,
        text_offset INTEGER NOT NULL
    );",
    // 3: bookmarks, highlights and notes.
    "CREATE TABLE bookmarks (
        id INTEGER PRIMARY KEY,
        article TEXT NOT NULL,
        block INTEGER NOT NULL,
        offset INTEGER NOT NULL,
        text_offset INTEGER NOT NULL,
        label TEXT NOT NULL,
        section TEXT NOT NULL,
        created INTEGER NOT NULL
    );
    CREATE INDEX bookmarks_article ON bookmarks (article);
    CREATE TABLE annotations (
        id INTEGER PRIMARY KEY,
        article TEXT NOT NULL,
        block INTEGER NOT NULL,
        offset INTEGER NOT NULL,
        text_offset INTEGER NOT NULL,
        end_block INTEGER NOT NULL,
        end_offset INTEGER NOT NULL,
        end_text_offset INTEGER NOT NULL,
        quote TEXT NOT NULL,
        note TEXT NOT NULL,
        section TEXT NOT NULL,
        cite TEXT NOT NULL,
        created INTEGER NOT NULL
    );
    CREATE INDEX annotations_article ON annotations (article);",
    // 4: the text after each place, which finds it again in an article that changed.
    "ALTER TABLE positions ADD COLUMN context TEXT NOT NULL DEFAULT '';
    ALTER TABLE marks ADD COLUMN context TEXT NOT NULL DEFAULT '';
    ALTER TABLE jumps ADD COLUMN context TEXT NOT NULL DEFAULT '';
    ALTER TABLE bookmarks ADD COLUMN context TEXT NOT NULL DEFAULT '';
    ALTER TABLE annotations ADD COLUMN context TEXT NOT NULL DEFAULT '';
    ALTER TABLE annotations ADD COLUMN end_context TEXT NOT NULL DEFAULT '';",
];

/// The schema version this scholion writes.
pub const VERSION: i64 = MIGRATIONS.len() as i64;

/// The store's place: `$XDG_DATA_HOME/scholion/`, else `~/.local/share/scholion/`; `None`
/// when neither variable is set.
pub fn default_path() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_DATA_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME")
                .filter(|v| !v.is_empty())
                .map(|h| PathBuf::from(h).join(".local/share"))
        })?;
    Some(base.join("scholion").join(FILE_NAME))
}

/// An open store.
pub struct Store {
    conn: Connection,
    /// Opened read-only: reads work, writes are skipped.
    read_only: bool,
}

/// The session `--last` reopens: its files (none: the bundled articles) and the article open
/// last.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub files: Vec<PathBuf>,
    pub current: Option<ArticleId>,
}

/// Seconds since 1970.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// `20261130T174200`: seconds since 1970 as a UTC date and time, for the name a set-aside file
/// gets (days to a civil date as in the proleptic Gregorian calendar).
pub fn stamp(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rest = secs.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}{month:02}{day:02}T{:02}{:02}{:02}",
        rest / 3600,
        rest / 60 % 60,
        rest % 60
    )
}

/// What became of opening the store: the store (unless the session goes on without one) and
/// what to tell the reader, once.
pub struct Opened {
    pub store: Option<Store>,
    pub notes: Vec<String>,
}

/// What a failed open means.
enum Failure {
    /// The file is not a database, or a damaged one: set it aside and begin again.
    Unreadable(String),
    /// Go on without saving, saying this.
    Without(String),
}

fn shown(path: &Path) -> String {
    crate::load::display_path(path)
}

impl Store {
    /// Open (or create) the store at `path`. Never fails: what goes wrong is in the notes, and
    /// the session goes on without a store (or read-only) when it must.
    pub fn open(path: &Path) -> Opened {
        let mut notes = Vec::new();
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            if let Err(e) = std::fs::create_dir_all(dir) {
                notes.push(format!(
                    "store {}: cannot create its folder: {e}; nothing is saved this session",
                    shown(path)
                ));
                return Opened { store: None, notes };
            }
        }
        match Store::try_open(path) {
            Ok(store) => {
                if store.read_only {
                    notes.push(format!(
                        "store {} is read-only: places are restored, nothing new is saved",
                        shown(path)
                    ));
                }
                Opened {
                    store: Some(store),
                    notes,
                }
            }
            Err(Failure::Without(why)) => {
                notes.push(format!(
                    "store {}: {why}; nothing is saved this session",
                    shown(path)
                ));
                Opened { store: None, notes }
            }
            Err(Failure::Unreadable(why)) => {
                let aside = set_aside_name(path);
                if let Err(e) = std::fs::rename(path, &aside) {
                    notes.push(format!(
                        "store {}: {why}, and it cannot be set aside ({e}); nothing is saved this session",
                        shown(path)
                    ));
                    return Opened { store: None, notes };
                }
                for ext in ["-wal", "-shm"] {
                    let mut side = path.as_os_str().to_owned();
                    side.push(ext);
                    let mut side_aside = aside.as_os_str().to_owned();
                    side_aside.push(ext);
                    let _ = std::fs::rename(PathBuf::from(side), PathBuf::from(side_aside));
                }
                notes.push(format!(
                    "store {}: {why}; set aside as {}, and a new store begun",
                    shown(path),
                    shown(&aside)
                ));
                match Store::try_open(path) {
                    Ok(store) => Opened {
                        store: Some(store),
                        notes,
                    },
                    Err(Failure::Without(why) | Failure::Unreadable(why)) => {
                        notes.push(format!(
                            "store {}: {why}; nothing is saved this session",
                            shown(path)
                        ));
                        Opened { store: None, notes }
                    }
                }
            }
        }
    }

    fn try_open(path: &Path) -> Result<Store, Failure> {
        // A file that does not begin as SQLite's do is not opened at all (SQLite would only
        // say so at the first read).
        if let Ok(mut f) = std::fs::File::open(path) {
            use std::io::Read;
            let mut head = [0u8; 16];
            let mut got = 0;
            while got < head.len() {
                match f.read(&mut head[got..]) {
                    Ok(0) => break,
                    Ok(n) => got += n,
                    Err(_) => break,
                }
            }
            if got > 0 && head[..got] != b"SQLite format 3\0"[..got] {
                return Err(Failure::Unreadable("not a scholion store".into()));
            }
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        match Connection::open_with_flags(path, flags) {
            Ok(conn) => match Store::prepare(conn, false) {
                Err(Failure::Without(why)) if why == READ_ONLY => Store::open_read_only(path),
                other => other,
            },
            Err(e) if code(&e) == Some(ErrorCode::CannotOpen) && path.exists() => {
                Store::open_read_only(path)
            }
            Err(e) => Err(failure(&e)),
        }
    }

    fn open_read_only(path: &Path) -> Result<Store, Failure> {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(|e| failure(&e))?;
        Store::prepare(conn, true)
    }

    /// Settings, and the schema brought up to date.
    fn prepare(conn: Connection, read_only: bool) -> Result<Store, Failure> {
        conn.busy_timeout(BUSY_WAIT).map_err(|e| failure(&e))?;
        // A small page cache: a reader's store is read a few rows at a time, and the default
        // (2 MB) would be most of what the store adds to the reader's memory.
        conn.pragma_update(None, "cache_size", -128)
            .map_err(|e| failure(&e))?;
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| failure(&e))?;
        if version > VERSION {
            return Err(Failure::Without(format!(
                "made by a newer scholion (schema {version}; this one knows {VERSION})"
            )));
        }
        // A damaged schema shows here, before anything is written to the file (a whole check
        // would read every page: milliseconds for a long-time reader's store, on every start;
        // damage past the schema shows as a failed read or write, said once).
        conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
            r.get::<_, i64>(0)
        })
        .map_err(|e| failure(&e))?;
        if read_only {
            if version < VERSION {
                return Err(Failure::Without(
                    "read-only, and made by an older scholion".into(),
                ));
            }
            return Ok(Store {
                conn,
                read_only: true,
            });
        }
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(|e| failure(&e))?;
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(|e| failure(&e))?;
        let mut store = Store {
            conn,
            read_only: false,
        };
        // Up to date already (every start but the first after an upgrade): no write lock.
        if version < VERSION {
            store.migrate().map_err(|e| failure(&e))?;
        }
        Ok(store)
    }

    /// Bring the schema up to [`VERSION`], in one transaction.
    fn migrate(&mut self) -> rusqlite::Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let version: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        for step in MIGRATIONS.iter().skip(version.max(0) as usize) {
            tx.execute_batch(step)?;
        }
        if version < VERSION {
            tx.pragma_update(None, "user_version", VERSION)?;
        }
        tx.commit()
    }

    /// The schema version of the open store.
    pub fn version(&self) -> rusqlite::Result<i64> {
        self.conn.query_row("PRAGMA user_version", [], |r| r.get(0))
    }

    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// Keep `w`. A read-only store keeps nothing and says nothing (it said so when opened).
    pub fn write(&mut self, w: &Write) -> rusqlite::Result<()> {
        if self.read_only {
            return Ok(());
        }
        let now = now();
        let c = &self.conn;
        match w {
            Write::Position { place, title, path } => {
                let tx = self.conn.savepoint()?;
                note_article(&tx, &place.article, title, path, now)?;
                tx.execute(
                    "INSERT INTO positions (article, block, offset, text_offset, saved, context)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                     ON CONFLICT (article) DO UPDATE
                     SET block = ?2, offset = ?3, text_offset = ?4, saved = ?5, context = ?6",
                    params![
                        place.article.to_string(),
                        place.block as i64,
                        place.offset as i64,
                        place.text_offset as i64,
                        now,
                        place.context
                    ],
                )?;
                tx.commit()?;
            }
            Write::Current(id) => {
                c.execute(
                    "UPDATE sessions SET current = ?1 WHERE id = (SELECT max(id) FROM sessions)",
                    params![id.to_string()],
                )?;
            }
            Write::Mark { letter, place } => {
                let scope = crate::memory::mark_scope(*letter, place)
                    .map(|a| a.to_string())
                    .unwrap_or_default();
                c.execute(
                    "INSERT INTO marks (scope, letter, article, block, offset, text_offset, context)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                     ON CONFLICT (scope, letter) DO UPDATE
                     SET article = ?3, block = ?4, offset = ?5, text_offset = ?6, context = ?7",
                    params![
                        scope,
                        letter.to_string(),
                        place.article.to_string(),
                        place.block as i64,
                        place.offset as i64,
                        place.text_offset as i64,
                        place.context
                    ],
                )?;
            }
            Write::Jump(place) => {
                let tx = self.conn.savepoint()?;
                tx.execute(
                    "INSERT INTO jumps (article, block, offset, text_offset, context)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![
                        place.article.to_string(),
                        place.block as i64,
                        place.offset as i64,
                        place.text_offset as i64,
                        place.context
                    ],
                )?;
                tx.execute(
                    "DELETE FROM jumps WHERE seq <= (SELECT max(seq) FROM jumps) - ?1",
                    params![MAX_JUMPS as i64],
                )?;
                tx.commit()?;
            }
            Write::Bookmark(b) => {
                let tx = self.conn.savepoint()?;
                note_article(&tx, &b.place.article, &b.title, &b.path, now)?;
                tx.execute(
                    "INSERT INTO bookmarks (article, block, offset, text_offset, label, section,
                        created, context)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                    params![
                        b.place.article.to_string(),
                        b.place.block as i64,
                        b.place.offset as i64,
                        b.place.text_offset as i64,
                        b.label,
                        b.section,
                        if b.created > 0 { b.created } else { now },
                        b.place.context
                    ],
                )?;
                tx.commit()?;
            }
            Write::Annotate(a) => {
                let tx = self.conn.savepoint()?;
                note_article(&tx, &a.start.article, &a.title, &a.path, now)?;
                tx.execute(
                    "INSERT INTO annotations (article, block, offset, text_offset, end_block,
                        end_offset, end_text_offset, quote, note, section, cite, created,
                        context, end_context)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
                    params![
                        a.start.article.to_string(),
                        a.start.block as i64,
                        a.start.offset as i64,
                        a.start.text_offset as i64,
                        a.end.block as i64,
                        a.end.offset as i64,
                        a.end.text_offset as i64,
                        a.quote,
                        a.note,
                        a.section,
                        a.cite,
                        if a.created > 0 { a.created } else { now },
                        a.start.context,
                        a.end.context
                    ],
                )?;
                tx.commit()?;
            }
            Write::DeleteBookmark(b) => {
                c.execute(
                    "DELETE FROM bookmarks WHERE article = ?1 AND block = ?2 AND offset = ?3
                     AND label = ?4",
                    params![
                        b.place.article.to_string(),
                        b.place.block as i64,
                        b.place.offset as i64,
                        b.label
                    ],
                )?;
            }
            Write::DeleteAnnotation(a) => {
                c.execute(
                    "DELETE FROM annotations WHERE article = ?1 AND block = ?2 AND offset = ?3
                     AND end_block = ?4 AND end_offset = ?5 AND note = ?6",
                    params![
                        a.start.article.to_string(),
                        a.start.block as i64,
                        a.start.offset as i64,
                        a.end.block as i64,
                        a.end.offset as i64,
                        a.note
                    ],
                )?;
            }
        }
        Ok(())
    }

    /// Hold the writes that follow in one transaction until [`Store::commit_transaction`]
    /// (filling a store at once, as an import or a benchmark does).
    pub fn begin_transaction(&mut self) {
        let _ = self.conn.execute_batch("BEGIN");
    }

    pub fn commit_transaction(&mut self) {
        let _ = self.conn.execute_batch("COMMIT");
    }

    /// Begin a session of these files (none: the bundled articles).
    pub fn begin_session(&mut self, files: &[PathBuf]) -> rusqlite::Result<()> {
        if self.read_only {
            return Ok(());
        }
        use std::os::unix::ffi::OsStrExt;
        let mut blob = Vec::new();
        for f in files {
            blob.extend_from_slice(f.as_os_str().as_bytes());
            blob.push(0);
        }
        self.conn.execute(
            "INSERT INTO sessions (files, started) VALUES (?1, ?2)",
            params![blob, now()],
        )?;
        // Only the last few are wanted.
        self.conn.execute(
            "DELETE FROM sessions WHERE id <= (SELECT max(id) FROM sessions) - 20",
            [],
        )?;
        Ok(())
    }

    /// The last session begun, if any.
    pub fn last_session(&self) -> rusqlite::Result<Option<Session>> {
        use std::os::unix::ffi::OsStrExt;
        self.conn
            .query_row(
                "SELECT files, current FROM sessions ORDER BY id DESC LIMIT 1",
                [],
                |r| {
                    let blob: Vec<u8> = r.get(0)?;
                    let current: Option<String> = r.get(1)?;
                    Ok(Session {
                        files: blob
                            .split(|&b| b == 0)
                            .filter(|p| !p.is_empty())
                            .map(|p| PathBuf::from(std::ffi::OsStr::from_bytes(p)))
                            .collect(),
                        current: current.and_then(|c| c.parse().ok()),
                    })
                },
            )
            .optional()
    }

    /// What is remembered of `ids`: positions, their marks and the library's, the jump list,
    /// and their bookmarks and annotations (`None`: every bookmark and annotation).
    pub fn recall(&self, ids: Option<&[ArticleId]>) -> rusqlite::Result<Recalled> {
        let mut out = Recalled {
            everything: ids.is_none(),
            ..Recalled::default()
        };
        let c = &self.conn;
        let wanted: Vec<String> = ids
            .unwrap_or_default()
            .iter()
            .map(ToString::to_string)
            .collect();
        let mut pos = c.prepare_cached(
            "SELECT block, offset, text_offset, context FROM positions WHERE article = ?1",
        )?;
        let mut marks = c.prepare_cached(
            "SELECT letter, article, block, offset, text_offset, context FROM marks
             WHERE scope = ?1",
        )?;
        let mut scopes = vec![String::new()];
        for id in &wanted {
            let found = pos.query_row(params![id], |r| spot(r, 0, 3)).optional()?;
            if let Some(p) = found.and_then(|n| place(id, n)) {
                out.positions.push(p);
            }
            scopes.push(id.clone());
        }
        for scope in &scopes {
            let rows = marks.query_map(params![scope], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    spot(r, 2, 5)?,
                ))
            })?;
            for row in rows {
                let (letter, id, n) = row?;
                let letter = letter.chars().next().filter(char::is_ascii_alphabetic);
                if let (Some(letter), Some(p)) = (letter, place(&id, n)) {
                    out.marks.push((letter, p));
                }
            }
        }
        let mut jumps = c.prepare_cached(
            "SELECT article, block, offset, text_offset, context FROM jumps ORDER BY seq",
        )?;
        for row in jumps.query_map([], |r| Ok((r.get::<_, String>(0)?, spot(r, 1, 4)?)))? {
            let (id, n) = row?;
            out.jumps.extend(place(&id, n));
        }
        let filter = if ids.is_some() {
            "WHERE x.article = ?1"
        } else {
            ""
        };
        let bookmark_sql = format!(
            "SELECT x.id, x.article, x.block, x.offset, x.text_offset, x.context, x.label,
                    x.section, x.created, coalesce(a.title, ''), coalesce(a.path, '')
             FROM bookmarks x LEFT JOIN articles a ON a.id = x.article {filter} ORDER BY x.id"
        );
        let annotation_sql = format!(
            "SELECT x.id, x.article, x.block, x.offset, x.text_offset, x.context, x.end_block,
                    x.end_offset, x.end_text_offset, x.end_context, x.quote, x.note, x.section,
                    x.cite, x.created, coalesce(a.title, ''), coalesce(a.path, '')
             FROM annotations x LEFT JOIN articles a ON a.id = x.article {filter}
             ORDER BY x.id"
        );
        let mut bookmarks = c.prepare_cached(&bookmark_sql)?;
        let mut annotations = c.prepare_cached(&annotation_sql)?;
        let keys: Vec<Option<&String>> = match ids {
            Some(_) => wanted.iter().map(Some).collect(),
            None => vec![None],
        };
        for key in keys {
            let bound: Vec<&dyn rusqlite::ToSql> = key.iter().map(|k| *k as _).collect();
            let rows = bookmarks.query_map(&bound[..], |r| {
                let id: String = r.get(1)?;
                let at = place(&id, spot(r, 2, 5)?);
                Ok(at.map(|place| Bookmark {
                    id: r.get(0).unwrap_or(0),
                    place,
                    label: r.get(6).unwrap_or_default(),
                    section: r.get(7).unwrap_or_default(),
                    created: r.get(8).unwrap_or(0),
                    title: r.get(9).unwrap_or_default(),
                    path: r.get(10).unwrap_or_default(),
                }))
            })?;
            for row in rows {
                out.bookmarks.extend(row?);
            }
            let rows = annotations.query_map(&bound[..], |r| {
                let id: String = r.get(1)?;
                let start = place(&id, spot(r, 2, 5)?);
                let end = place(&id, spot(r, 6, 9)?);
                Ok(start.zip(end).map(|(start, end)| Annotation {
                    id: r.get(0).unwrap_or(0),
                    start,
                    end,
                    quote: r.get(10).unwrap_or_default(),
                    note: r.get(11).unwrap_or_default(),
                    section: r.get(12).unwrap_or_default(),
                    cite: r.get(13).unwrap_or_default(),
                    created: r.get(14).unwrap_or(0),
                    title: r.get(15).unwrap_or_default(),
                    path: r.get(16).unwrap_or_default(),
                }))
            })?;
            for row in rows {
                out.annotations.extend(row?);
            }
        }
        Ok(out)
    }
}

/// A place's numbers and context as a row holds them: block, offset and text offset from
/// column `from`, the context at column `context`.
type Spot = (i64, i64, i64, String);

fn spot(r: &rusqlite::Row<'_>, from: usize, context: usize) -> rusqlite::Result<Spot> {
    Ok((
        r.get(from)?,
        r.get(from + 1)?,
        r.get(from + 2)?,
        r.get(context)?,
    ))
}

/// The place a row's numbers give in article `id`; `None` when they are not one.
fn place(id: &str, (b, o, t, context): Spot) -> Option<Location> {
    Some(Location {
        article: id.parse().ok()?,
        block: usize::try_from(b).ok()?,
        offset: usize::try_from(o).ok()?,
        text_offset: usize::try_from(t).ok()?,
        context,
    })
}

/// Keep an article's title and file beside what is remembered of it.
fn note_article(
    c: &Connection,
    id: &ArticleId,
    title: &str,
    path: &str,
    now: i64,
) -> rusqlite::Result<()> {
    c.execute(
        "INSERT INTO articles (id, title, path, seen) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (id) DO UPDATE SET title = ?2, path = ?3, seen = ?4",
        params![id.to_string(), title, path, now],
    )?;
    Ok(())
}

const READ_ONLY: &str = "read-only";

fn code(e: &rusqlite::Error) -> Option<ErrorCode> {
    match e {
        rusqlite::Error::SqliteFailure(f, _) => Some(f.code),
        _ => None,
    }
}

/// What an SQLite error on opening means for the session.
fn failure(e: &rusqlite::Error) -> Failure {
    match code(e) {
        Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => {
            Failure::Unreadable("not a scholion store, or a damaged one".into())
        }
        Some(ErrorCode::ReadOnly) => Failure::Without(READ_ONLY.into()),
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => {
            Failure::Without("locked by another program".into())
        }
        _ => Failure::Without(e.to_string()),
    }
}

/// The name an unreadable store is set aside under: its own, `.unreadable-` and the time (and
/// a number, should that be taken too).
fn set_aside_name(path: &Path) -> PathBuf {
    let stamp = stamp(now());
    let mut n = 0;
    loop {
        let mut name = path.as_os_str().to_owned();
        name.push(format!(".unreadable-{stamp}"));
        if n > 0 {
            name.push(format!("-{n}"));
        }
        let candidate = PathBuf::from(name);
        if !candidate.exists() {
            return candidate;
        }
        n += 1;
    }
}

/// What the store thread is asked to do.
pub enum Job {
    /// A session of these files begins (none: the bundled articles).
    Begin(Vec<PathBuf>),
    Write(Box<Write>),
    Recall(Vec<ArticleId>),
    RecallAll,
}

/// What the store thread answers.
pub enum Reply {
    Recalled(Recalled),
    /// Something to tell the reader once (the store could not be opened, or a write failed).
    Problem(String),
}

/// The shell's end of the store thread.
pub struct Link {
    pub jobs: std::sync::mpsc::Sender<Job>,
    pub replies: std::sync::mpsc::Receiver<Reply>,
    thread: Option<std::thread::JoinHandle<()>>,
    /// The session to begin once the first screen is drawn.
    begin: Option<Vec<PathBuf>>,
}

impl Link {
    /// Begin the session of `files` once [`Link::first_frame_drawn`] is called.
    pub fn begin_after_first_frame(&mut self, files: Vec<PathBuf>) {
        self.begin = Some(files);
    }

    /// The first screen is drawn: the session is begun now.
    pub fn first_frame_drawn(&mut self) {
        if let Some(files) = self.begin.take() {
            let _ = self.jobs.send(Job::Begin(files));
        }
    }

    /// Let the thread finish what it was given (the last position), waiting at most `limit`.
    pub fn finish(mut self, limit: Duration) {
        let Some(thread) = self.thread.take() else {
            return;
        };
        drop(self.jobs);
        let start = std::time::Instant::now();
        while !thread.is_finished() && start.elapsed() < limit {
            std::thread::sleep(Duration::from_millis(2));
        }
        if thread.is_finished() {
            let _ = thread.join();
        }
    }
}

/// Run the store on a thread of its own: `open` opens it there (while the articles are read),
/// then each job is done in turn. A write that fails is said once, and nothing more is written
/// this session.
pub fn spawn(open: impl FnOnce() -> Opened + Send + 'static) -> Link {
    let (jobs, job_rx) = std::sync::mpsc::channel::<Job>();
    let (reply_tx, replies) = std::sync::mpsc::channel();
    let thread = std::thread::Builder::new()
        .name("store".into())
        .spawn(move || {
            let Opened { mut store, notes } = open();
            for n in notes {
                let _ = reply_tx.send(Reply::Problem(n));
            }
            for job in job_rx {
                let Some(s) = store.as_mut() else {
                    if matches!(job, Job::Recall(_) | Job::RecallAll) {
                        // Nothing is known beyond what the reader has.
                        let _ = reply_tx.send(Reply::Recalled(Recalled::default()));
                    }
                    continue;
                };
                match job {
                    Job::Begin(files) => {
                        if let Err(e) = s.begin_session(&files) {
                            let _ = reply_tx.send(Reply::Problem(format!(
                                "cannot save to the store: {e}; nothing more is saved this session"
                            )));
                            store = None;
                        }
                    }
                    Job::Write(w) => {
                        if let Err(e) = s.write(&w) {
                            let _ = reply_tx.send(Reply::Problem(format!(
                                "cannot save to the store: {e}; nothing more is saved this session"
                            )));
                            store = None;
                        }
                    }
                    Job::Recall(_) | Job::RecallAll => {
                        let ids = match &job {
                            Job::Recall(ids) => Some(&ids[..]),
                            _ => None,
                        };
                        let r = s.recall(ids).unwrap_or_else(|e| {
                            let _ = reply_tx
                                .send(Reply::Problem(format!("cannot read the store: {e}")));
                            Recalled::default()
                        });
                        let _ = reply_tx.send(Reply::Recalled(r));
                    }
                }
            }
        })
        .ok();
    Link {
        jobs,
        replies,
        thread,
        begin: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(article: &str, block: usize) -> Location {
        Location {
            article: article.parse().unwrap(),
            block,
            offset: 3,
            text_offset: 40 * block + 3,
            context: String::new(),
        }
    }

    const A: &str = "doi:10.1038/s41571-018-0036-9";
    const B: &str = "text:0f5fd3188843c4b15a2dbba9f182b58e";

    fn ids() -> Vec<ArticleId> {
        vec![A.parse().unwrap(), B.parse().unwrap()]
    }

    /// A store of schema `version`, made by the first `version` steps, with what that
    /// version could hold.
    fn old_store(path: &Path, version: usize) {
        let c = Connection::open(path).unwrap();
        for step in &MIGRATIONS[..version] {
            c.execute_batch(step).unwrap();
        }
        c.pragma_update(None, "user_version", version as i64)
            .unwrap();
        if version >= 1 {
            c.execute(
                "INSERT INTO articles VALUES (?1, 'Extracellular vesicles', 'review.md', 1)",
                params![A],
            )
            .unwrap();
            c.execute(
                "INSERT INTO positions (article, block, offset, text_offset, saved)
                 VALUES (?1, 7, 3, 283, 1)",
                params![A],
            )
            .unwrap();
            c.execute(
                "INSERT INTO sessions (files, current, started) VALUES (x'612e6d6400', ?1, 1)",
                params![A],
            )
            .unwrap();
        }
        if version >= 2 {
            c.execute(
                "INSERT INTO marks (scope, letter, article, block, offset, text_offset)
                 VALUES ('', 'A', ?1, 9, 3, 363)",
                params![A],
            )
            .unwrap();
            c.execute(
                "INSERT INTO jumps (article, block, offset, text_offset) VALUES (?1, 2, 3, 83)",
                params![A],
            )
            .unwrap();
        }
        if version >= 3 {
            c.execute(
                "INSERT INTO annotations (article, block, offset, text_offset, end_block,
                    end_offset, end_text_offset, quote, note, section, cite, created)
                 VALUES (?1, 4, 3, 163, 4, 30, 190, 'the quote', 'a note', 'Results',
                    '(Xu et al. 2018)', 5)",
                params![A],
            )
            .unwrap();
        }
    }

    #[test]
    fn a_store_of_every_earlier_version_is_brought_up_to_date_keeping_what_it_holds() {
        for version in 0..MIGRATIONS.len() {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join(FILE_NAME);
            old_store(&path, version);
            let opened = Store::open(&path);
            assert!(opened.notes.is_empty(), "v{version}: {:?}", opened.notes);
            let mut store = opened.store.expect("opened");
            assert_eq!(store.version().unwrap(), VERSION, "from v{version}");
            let r = store.recall(Some(&ids())).unwrap();
            if version >= 1 {
                assert_eq!(r.positions, [place(A, 7)], "from v{version}");
                let s = store.last_session().unwrap().unwrap();
                assert_eq!(s.files, [PathBuf::from("a.md")]);
                assert_eq!(s.current, Some(A.parse().unwrap()));
            }
            if version >= 2 {
                assert_eq!(r.marks, [('A', place(A, 9))], "from v{version}");
                assert_eq!(r.jumps, [place(A, 2)], "from v{version}");
            }
            if version >= 3 {
                let a = &r.annotations[0];
                assert_eq!((a.start.clone(), a.note.as_str()), (place(A, 4), "a note"));
                assert_eq!(
                    (a.quote.as_str(), a.title.as_str()),
                    ("the quote", "Extracellular vesicles")
                );
            }
            // And what the newest version keeps can be kept.
            let b = Bookmark {
                id: 0,
                place: place(B, 4),
                label: "method".into(),
                title: "Exosomes".into(),
                path: "viewpoint.md".into(),
                section: "Results".into(),
                created: 0,
            };
            store.write(&Write::Bookmark(b)).unwrap();
            let r = store.recall(None).unwrap();
            assert_eq!(r.bookmarks.len(), 1);
            assert_eq!(r.bookmarks[0].label, "method");
            assert!(r.bookmarks[0].created > 0);
        }
    }

    #[test]
    fn writes_are_kept_and_recalled_per_article() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        let mut s = Store::open(&path).store.unwrap();
        let position = |p: Location| Write::Position {
            place: p,
            title: "T".into(),
            path: "p.md".into(),
        };
        s.write(&position(place(A, 1))).unwrap();
        s.write(&position(place(A, 5))).unwrap();
        s.write(&position(place(B, 2))).unwrap();
        s.write(&Write::Mark {
            letter: 'a',
            place: place(B, 3),
        })
        .unwrap();
        s.write(&Write::Mark {
            letter: 'a',
            place: place(A, 4),
        })
        .unwrap();
        for i in 0..(MAX_JUMPS + 20) {
            s.write(&Write::Jump(place(A, i))).unwrap();
        }
        let only_a = s.recall(Some(&ids()[..1])).unwrap();
        assert_eq!(only_a.positions, [place(A, 5)], "the last position wins");
        assert_eq!(
            only_a.marks,
            [('a', place(A, 4))],
            "a small mark is its article's"
        );
        assert_eq!(only_a.jumps.len(), MAX_JUMPS);
        assert_eq!(only_a.jumps.last(), Some(&place(A, MAX_JUMPS + 19)));
        let both = s.recall(Some(&ids())).unwrap();
        assert_eq!(both.positions.len(), 2);
        assert_eq!(both.marks.len(), 2);
    }

    #[test]
    fn a_file_that_is_not_a_store_is_set_aside_with_the_time_and_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        let junk = b"these are my notes, not a database\n".repeat(100);
        std::fs::write(&path, &junk).unwrap();
        let opened = Store::open(&path);
        let mut store = opened.store.expect("a new store is begun");
        assert_eq!(opened.notes.len(), 1, "{:?}", opened.notes);
        assert!(
            opened.notes[0].contains("set aside as"),
            "{:?}",
            opened.notes
        );
        let aside: Vec<PathBuf> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.to_string_lossy().contains(".unreadable-"))
            .collect();
        assert_eq!(aside.len(), 1, "{aside:?}");
        assert_eq!(std::fs::read(&aside[0]).unwrap(), junk, "kept as it was");
        assert!(opened.notes[0].contains(&*aside[0].file_name().unwrap().to_string_lossy()));
        store.write(&Write::Jump(place(A, 1))).unwrap();
    }

    #[test]
    fn a_damaged_database_is_set_aside_too() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        {
            let mut s = Store::open(&path).store.unwrap();
            for i in 0..200 {
                s.write(&Write::Jump(place(A, i))).unwrap();
            }
        }
        // Its pages after the header overwritten.
        let mut bytes = std::fs::read(&path).unwrap();
        for b in bytes.iter_mut().skip(100) {
            *b = 0x5a;
        }
        std::fs::write(&path, &bytes).unwrap();
        let opened = Store::open(&path);
        assert!(opened.store.is_some());
        assert!(
            opened.notes.iter().any(|n| n.contains("set aside as")),
            "{:?}",
            opened.notes
        );
    }

    #[test]
    fn a_store_from_a_newer_scholion_or_without_a_folder_is_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        let c = Connection::open(&path).unwrap();
        c.pragma_update(None, "user_version", VERSION + 1).unwrap();
        drop(c);
        let before = std::fs::read(&path).unwrap();
        let opened = Store::open(&path);
        assert!(opened.store.is_none());
        assert!(
            opened.notes[0].contains("newer scholion"),
            "{:?}",
            opened.notes
        );
        assert_eq!(std::fs::read(&path).unwrap(), before);

        // Its folder cannot be made: a file is where it would be.
        let blocked = dir.path().join("file");
        std::fs::write(&blocked, "x").unwrap();
        let opened = Store::open(&blocked.join("scholion").join(FILE_NAME));
        assert!(opened.store.is_none());
        assert!(
            opened.notes[0].contains("cannot create its folder"),
            "{:?}",
            opened.notes
        );
    }

    #[test]
    fn a_read_only_store_gives_back_what_it_holds_and_keeps_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        old_store(&path, MIGRATIONS.len());
        let mut s = Store::open_read_only(&path).ok().expect("opened read-only");
        assert!(s.is_read_only());
        assert_eq!(s.recall(Some(&ids())).unwrap().positions, [place(A, 7)]);
        s.write(&Write::Jump(place(A, 1))).unwrap();
        assert_eq!(
            s.recall(Some(&ids())).unwrap().jumps.len(),
            1,
            "nothing written"
        );
    }

    #[test]
    fn a_store_locked_by_another_program_is_read_and_a_write_that_cannot_get_in_fails() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        {
            let mut s = Store::open(&path).store.unwrap();
            s.write(&Write::Jump(place(A, 1))).unwrap();
        }
        let holder = Connection::open(&path).unwrap();
        holder.execute_batch("BEGIN EXCLUSIVE").unwrap();
        let opened = Store::open(&path);
        assert!(opened.notes.is_empty(), "{:?}", opened.notes);
        let mut s = opened.store.expect("opened to read");
        assert_eq!(s.recall(Some(&ids())).unwrap().jumps.len(), 1);
        let started = std::time::Instant::now();
        let err = s.write(&Write::Jump(place(A, 2))).unwrap_err();
        assert!(
            matches!(
                code(&err),
                Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)
            ),
            "{err}"
        );
        assert!(
            started.elapsed() >= BUSY_WAIT,
            "it waited for the other program first"
        );
        holder.execute_batch("ROLLBACK").unwrap();
        s.write(&Write::Jump(place(A, 3))).unwrap();
    }

    #[test]
    fn stamps_are_utc_dates() {
        assert_eq!(stamp(0), "19700101T000000");
        assert_eq!(stamp(1_796_060_000), "20261130T173320");
        assert_eq!(stamp(951_782_400), "20000229T000000");
    }
}
