//! A store as a long-time reader's would be: 10,000 articles' reading positions, 1,000
//! bookmarks and 10,000 highlights and notes, some of them in the bundled articles.

use scholion::memory::{Annotation, Bookmark, Write};
use scholion::model::{ArticleId, Location};
use scholion::store::Store;
use std::path::Path;

/// The ids of the bundled articles, which the store's notes partly name.
fn bundled_ids() -> Vec<ArticleId> {
    scholion::load::bundled()
        .iter()
        .map(ArticleId::of)
        .collect()
}

/// Place `i` in `article`: in a bundled article a true one (what the reader made there), else
/// numbers as another article's would be.
fn place(article: ArticleId, i: usize) -> Location {
    static BUNDLED: std::sync::OnceLock<Vec<scholion::model::Article>> = std::sync::OnceLock::new();
    let bundled = BUNDLED.get_or_init(scholion::load::bundled);
    if let Some(a) = bundled.iter().find(|a| ArticleId::of(a) == article) {
        let block = i % a.blocks.len();
        let offset = scholion::text::floor_char(&a.blocks[block].text, (i * 7) % 200);
        return Location::at(a, article, block, offset);
    }
    Location {
        article,
        block: i % 90,
        offset: (i * 7) % 200,
        text_offset: i * 131,
        context: format!("thetextthatfollowsplace{i}inthearticle"),
    }
}

/// Fill a new store at `path` (its folder made): `positions` articles' places, `bookmarks`
/// bookmarks and `notes` annotations, spread over those articles and the bundled ones.
pub fn fill(path: &Path, positions: usize, bookmarks: usize, notes: usize) {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).unwrap();
    }
    let _ = std::fs::remove_file(path);
    let mut store = Store::open(path).store.expect("a store");
    let bundled = bundled_ids();
    let id = |i: usize| -> ArticleId {
        if i.is_multiple_of(50) {
            bundled[i / 50 % bundled.len()].clone()
        } else {
            ArticleId::Text(format!("{:032x}", i as u128 * 2_654_435_761))
        }
    };
    store.begin_transaction();
    for i in 0..positions {
        store
            .write(&Write::Position {
                place: place(id(i + 1), i),
                title: format!("A study of extracellular vesicles, number {i}"),
                path: format!("/home/reader/papers/study-{i}.xml"),
            })
            .unwrap();
    }
    for i in 0..bookmarks {
        store
            .write(&Write::Bookmark(Bookmark {
                id: 0,
                place: place(id(i * 10 + 1), i),
                label: format!("method {i}"),
                title: String::new(),
                path: String::new(),
                section: "Methods".into(),
                created: 1_700_000_000 + i as i64,
            }))
            .unwrap();
    }
    for i in 0..notes {
        let start = place(id(i + 1), i);
        let mut end = start.clone();
        end.offset += 12;
        end.text_offset += 10;
        store
            .write(&Write::Annotate(Annotation {
                id: 0,
                start,
                end,
                quote: format!(
                    "Extracellular vesicles carry proteins, lipids and RNA between cells, \
                     and their cargo differs with the cell of origin (passage {i})."
                ),
                note: if i % 3 == 0 {
                    String::new()
                } else {
                    format!("Compare with the dose in study {i}.")
                },
                section: "Results".into(),
                title: format!("A study of extracellular vesicles, number {i}"),
                path: format!("/home/reader/papers/study-{i}.xml"),
                cite: format!("(Author{i} et al. 2019), doi:10.1000/j.{i}"),
                created: 1_700_000_000 + i as i64,
            }))
            .unwrap();
    }
    store.commit_transaction();
}
