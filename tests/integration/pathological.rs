//! Pathological inputs open, lay out and draw their first screen without a panic or a stack
//! overflow (test threads have 2 MiB stacks: nothing may recurse on the input's nesting).
//! How long each takes in a release build is measured by `cargo bench --bench pathological`.

use crate::corpus;
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use scholion::layout::{self};
use scholion::library::Library;
use scholion::ui::{self, Look, Theme};

#[test]
fn every_pathological_input_opens_and_draws() {
    // The large article at a twentieth of its benchmark size keeps the debug-build test quick; its
    // shape, not its size, is what could break.
    for (name, doc) in corpus::pathological::corpus(20) {
        let article = corpus::pathological::read(&doc);
        for b in &article.blocks {
            assert!(
                b.quote_depth <= scholion::model::MAX_DEPTH
                    && b.list_depth <= scholion::model::MAX_DEPTH,
                "{name}"
            );
        }
        let lib = Library::new(vec![article]);
        let app = crate::common::reader(lib, 80, 24);
        let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
        t.draw(|f| {
            ui::draw(
                f,
                &app,
                &Look {
                    theme: Theme::ansi(),
                    ascii: false,
                },
            )
        })
        .unwrap();
        let width = app.geometry().text_width();
        let art = app.article();
        for line in app.layout().lines.iter().take(200) {
            if let Some(b) = line.block() {
                let w = layout::width(app.layout().prefix(line))
                    + layout::width(&art.blocks[b].text[line.range()]);
                assert!(w <= width, "{name}: a line of {w} columns");
            }
        }
    }
}
