//! scholion's integration tests, built as one binary so that the crate links once: a module per
//! area, and the helpers they share (`common` builds libraries and apps from the bundled
//! articles and fixtures, `corpus` makes hostile and pathological documents, `pty` runs the
//! real binary in a pseudo-terminal).

mod common;
mod corpus;
#[path = "../../benches/common/generated.rs"]
#[allow(dead_code)]
mod generated;
mod pty;

mod app;
mod attack;
mod bad_input;
mod bundled;
mod citations;
mod cited;
mod dumps;
mod e2e;
mod export;
mod extracted;
mod figures;
mod first_part;
mod glossary;
mod hints;
mod hostile;
mod identity;
mod inspect_json;
mod jats;
mod keep;
mod layout;
mod lazy_layout;
mod margin;
mod memory;
mod on_demand;
mod pandoc;
mod pathological;
mod pdf;
mod properties;
mod references;
mod render;
mod settings;
mod suggestions;
mod terminal;
mod ui;
mod walk;
