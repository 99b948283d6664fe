//! Figures and tables named in the text are anchors: `]f` and `[f` move between them, Enter
//! shows the caption, and Enter on the caption goes to the figure.

use crate::common::*;
use scholion::app::Overlay;
use scholion::layout::AnchorKind;

const ARTICLE: &str = "---\ntitle: Figures\n---\n\n## Results\n\n\
Vesicles were taken up within hours (Fig. 1b), and uptake fell with dose (Table 2). \
Figure 3 has no caption here. Later, Figs. 1 and 2 agree [1].\n\n\
## Figures\n\n\
Fig. 1: Uptake of labelled vesicles by fibroblasts over six hours.\n\n\
Table 2. Uptake by dose, in three replicates.\n\n\
## References\n\n1. Luga V, Zhang L. Exosomes mediate stromal mobilization. Cell. 2012;151:1542-56.\n";

#[test]
fn figures_named_in_the_text_are_anchors_that_show_their_caption() {
    let mut a = reader(library(&[("figures.md", ARTICLE)]), 100, 30);
    let art = a.article();
    let named: Vec<&str> = art
        .mentions
        .iter()
        .map(|m| &art.blocks[m.block].text[m.range.clone()])
        .collect();
    assert_eq!(
        named,
        ["Fig. 1b", "Table 2", "Figs. 1"],
        "Figure 3 has no caption"
    );
    press(&mut a, "] f");
    assert_eq!(a.focus_text(), Some("Fig. 1b"));
    press(&mut a, "enter");
    assert!(matches!(a.overlay(), Overlay::Caption { .. }));
    let p = a.popup().unwrap();
    let text: String = p.lines.iter().flatten().map(|(t, _)| t.as_str()).collect();
    assert!(text.contains("Uptake of labelled vesicles"), "{text}");
    assert!(p.title.starts_with("Fig. 1"), "{}", p.title);
    // Enter on the caption: to the figure; Ctrl-o back.
    press(&mut a, "enter");
    assert_eq!(a.overlay(), &Overlay::None);
    let figure_block = a.article().figures[0].block;
    assert_eq!(a.mark(), Some(figure_block));
    press(&mut a, "ctrl-o");
    assert_eq!(a.focus_text(), Some("Fig. 1b"));
    // ]f to the table, [f back; c skips them for the citation.
    press(&mut a, "] f");
    assert_eq!(a.focus_text(), Some("Table 2"));
    press(&mut a, "[ f");
    assert_eq!(a.focus_text(), Some("Fig. 1b"));
    press(&mut a, "c");
    assert_eq!(a.focus_text(), Some("[1]"));
    // Tab visits every kind.
    let kinds: Vec<_> = a.layout().anchors.iter().map(|x| x.kind()).collect();
    assert!(kinds.iter().any(|k| matches!(k, AnchorKind::Figure(_))));
    assert!(kinds.iter().any(|k| matches!(k, AnchorKind::Citation(_))));
}

#[test]
fn an_article_without_captions_names_no_figures() {
    let text = ARTICLE.split("## Figures").next().unwrap();
    let mut a = reader(library(&[("plain.md", text)]), 100, 30);
    assert!(a.article().mentions.is_empty());
    press(&mut a, "] f");
    assert_eq!(
        a.message(),
        Some("This article has no figures or tables named in the text")
    );
}
