//! Identity by meaning: an article is its DOI or the digest of its normalised text, whatever
//! list it is loaded in; a saved place names the article, the block, the offset and the
//! normalised-text offset, and finds its text again after a reload, a reorder and a re-parse
//! that splits the blocks differently.

use crate::common::*;
use scholion::library::Library;
use scholion::model::{ArticleId, Location};

const VIEWPOINT: &str = "exosomes-stromal-cells-viewpoint.md";
const REVIEW: &str = "extracellular-vesicles-in-cancer-review.md";

#[test]
fn an_article_keeps_its_id_across_loads_and_a_reorder() {
    let first = bundled();
    let second = bundled();
    let reversed = Library::new(scholion::load::bundled().into_iter().rev().collect());
    for name in [VIEWPOINT, REVIEW] {
        let id = first.id(find(&first, name)).clone();
        assert_eq!(second.id(find(&second, name)), &id, "{name}");
        assert_eq!(reversed.id(find(&reversed, name)), &id, "{name}");
        assert_eq!(reversed.find_id(&id), Some(find(&reversed, name)));
        // The id survives being written and read back.
        assert_eq!(id.to_string().parse::<ArticleId>(), Ok(id.clone()));
    }
    // The review has a DOI; the viewpoint has none, so its id is the digest of its text.
    let review = first.id(find(&first, REVIEW));
    assert_eq!(review.to_string(), "doi:10.1038/s41571-018-0036-9");
    let viewpoint = first.id(find(&first, VIEWPOINT));
    assert!(matches!(viewpoint, ArticleId::Text(hex) if hex.len() == 32));
    assert_ne!(review, viewpoint);
}

#[test]
fn a_text_id_ignores_layout_and_changes_with_the_words() {
    let a = article(
        "a.md",
        "# Title\n\nThe pre-metastatic niche, as shown [1].\n",
    );
    let b = article(
        "b.md",
        "# Title\n\nThe   pre-metastatic\nniche as *shown* [1]\n",
    );
    let c = article(
        "c.md",
        "# Title\n\nThe pre-metastatic niche, as not shown [1].\n",
    );
    assert_eq!(ArticleId::of(&a), ArticleId::of(&b));
    assert_ne!(ArticleId::of(&a), ArticleId::of(&c));
    // The DOI wins, in any case and with a resolver's prefix.
    let d = article(
        "d.md",
        "---\ndoi: https://doi.org/10.1000/ABC\n---\n\nThe pre-metastatic niche.\n",
    );
    assert_eq!(ArticleId::of(&d).to_string(), "doi:10.1000/abc");
}

#[test]
fn a_saved_place_lands_on_its_text_after_a_reload_and_a_reorder() {
    let lib = bundled();
    let a = find(&lib, REVIEW);
    let art = lib.article(a);
    let block = art.blocks.len() / 2;
    let offset = art.blocks[block].text.len() / 2;
    let saved = Location::at(art, lib.id(a).clone(), block, offset);
    let offset = saved.offset;

    let reversed = Library::new(scholion::load::bundled().into_iter().rev().collect());
    let b = reversed
        .find_id(&saved.article)
        .expect("the article by its id");
    assert_ne!(a, b, "the reorder moved the article");
    assert_eq!(saved.find(reversed.article(b)), (block, offset));
    let again = Location::at(reversed.article(b), saved.article.clone(), block, offset);
    assert_eq!(again, saved);
}

#[test]
fn a_saved_place_finds_its_words_when_the_blocks_change() {
    let old = article(
        "p.md",
        "# Intro\n\nFirst paragraph here.\n\nSecond paragraph, with the niche in it.\n",
    );
    let block = 2;
    let offset = old.blocks[block].text.find("niche").unwrap();
    let saved = Location::at(&old, ArticleId::of(&old), block, offset);
    // A later parser joins the paragraphs: the block number and offset no longer hold the
    // word, the normalised offset still does.
    let new = article(
        "p.md",
        "# Intro\n\nFirst paragraph here. Second paragraph, with the niche in it.\n",
    );
    let (b, at) = saved.find(&new);
    assert!(new.blocks[b].text[at..].starts_with("niche"), "{b} {at}");
    assert_ne!((b, at), (block, offset));
}
