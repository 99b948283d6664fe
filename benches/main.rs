//! Benchmarks: parsing (Markdown and JATS), layout at several widths, and drawing a frame.
//!
//! `cargo bench` runs them; the README reports the figures.

#[path = "common/store.rs"]
mod big_store;
#[path = "common/generated.rs"]
mod generated;
#[path = "../tests/integration/corpus/pathological.rs"]
mod pathological;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use generated::{generated_csl_json, generated_dense, generated_manubot};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use scholion::app::App;
use scholion::keymap::Keymap;
use scholion::layout::{layout, LayoutOptions};
use scholion::library::Library;
use scholion::ui::{self, Look, Theme};
use std::fmt::Write;
use std::hint::black_box;

/// A JATS article of about `bytes` bytes: sections of paragraphs citing a long reference list.
fn generated_jats(bytes: usize) -> String {
    let mut body = String::new();
    let mut refs = String::new();
    let refs_count = 300;
    for i in 1..=refs_count {
        let _ = write!(
            refs,
            r#"<ref id="r{i}"><label>{i}</label><element-citation publication-type="journal"><person-group person-group-type="author"><name><surname>Author{i}</surname><given-names>A B</given-names></name><name><surname>Second</surname><given-names>C</given-names></name></person-group><article-title>A study of extracellular vesicles number {i}</article-title><source>J Exosomes</source><year>{}</year><volume>{}</volume><fpage>{}</fpage><lpage>{}</lpage><pub-id pub-id-type="doi">10.1000/j.{i}</pub-id></element-citation></ref>"#,
            1990 + i % 30,
            i % 50 + 1,
            i * 3,
            i * 3 + 9
        );
    }
    let mut n = 0;
    while body.len() + refs.len() < bytes {
        n += 1;
        let _ = write!(body, "<sec><title>Section {n}</title>");
        for p in 0..6 {
            let a = (n * 7 + p) % refs_count + 1;
            let b = (a + 3).min(refs_count);
            let _ = write!(
                body,
                r#"<p>Exosomes and <italic>shed microvesicles</italic> carry cargo between cells in the tumour microenvironment (TME) [<xref ref-type="bibr" rid="r{a}">{a}</xref>]&#x2013;[<xref ref-type="bibr" rid="r{b}">{b}</xref>]. Their uptake by <bold>recipient cells</bold> alters the phenotype, as <xref ref-type="bibr" rid="r{a}">Author{a} et al.</xref> showed; see also <xref ref-type="bibr" rid="r{b}">[{b}]</xref>.</p>"#
            );
        }
        body.push_str("</sec>");
    }
    format!(
        r#"<?xml version="1.0"?><article article-type="research-article"><front><journal-meta><journal-title-group><journal-title>Bench</journal-title></journal-title-group></journal-meta><article-meta><title-group><article-title>Generated</article-title></title-group></article-meta></front><body>{body}</body><back><glossary><def-list><def-item><term>Tumour microenvironment</term><def><p>Around a tumour.</p></def></def-item></def-list></glossary><ref-list>{refs}</ref-list></back></article>"#
    )
}

/// A BibTeX bibliography of `n` journal articles, in the shape JOSS papers ship.
fn generated_bibtex(n: usize) -> String {
    let mut out = String::from("@string{jrss = \"Journal of the Royal Statistical Society\"}\n\n");
    for i in 1..=n {
        let _ = write!(
            out,
            "@article{{author{i}_{},\n  author = {{Author{i}, Alice B. and Second, Carl and van der Third, D.}},\n  title = {{A {{Study}} of Extracellular Vesicles, Number {i}}},\n  journal = {},\n  volume = {{{}}},\n  number = {{{}}},\n  pages = {{{}--{}}},\n  year = {{{}}},\n  doi = {{10.1000/j.{i}}},\n  url = {{https://doi.org/10.1000/j.{i}}}\n}}\n\n",
            1990 + i % 30,
            if i % 2 == 0 { "jrss" } else { "{Nature Reviews Clinical Oncology}" },
            i % 50 + 1,
            i % 12 + 1,
            i * 3,
            i * 3 + 9,
            1990 + i % 30
        );
    }
    out
}

fn bibliographies(c: &mut Criterion) {
    let mut g = c.benchmark_group("bibliography");
    let bib = generated_bibtex(250);
    let json = generated_csl_json(600);
    assert_eq!(
        scholion::formats::bib::parse("refs.bib", &bib)
            .entries
            .len(),
        250
    );
    assert_eq!(
        scholion::formats::bib::parse("refs.json", &json)
            .entries
            .len(),
        600
    );
    g.throughput(Throughput::Bytes(bib.len() as u64));
    g.bench_function("bibtex_250", |b| {
        b.iter(|| scholion::formats::bib::parse("refs.bib", black_box(&bib)))
    });
    g.throughput(Throughput::Bytes(json.len() as u64));
    g.bench_function("csl_json_600", |b| {
        b.iter(|| scholion::formats::bib::parse("refs.json", black_box(&json)))
    });
    let manuscript = generated_manubot(200_000);
    let entries = scholion::formats::bib::parse("refs.json", &json).entries;
    let a = scholion::formats::markdown::parse_markdown_with(
        "m.md",
        &manuscript,
        &entries,
        "refs.json",
    );
    let resolved = a.references.len();
    assert!(
        resolved > 100,
        "the manuscript's keys resolve ({resolved} references)"
    );
    g.throughput(Throughput::Bytes(manuscript.len() as u64));
    g.bench_function("manubot_200kB_read_and_resolve", |b| {
        b.iter(|| {
            let a = scholion::formats::markdown::parse_markdown_with(
                "m.md",
                black_box(&manuscript),
                &entries,
                "refs.json",
            );
            Library::new(vec![a])
        })
    });
    g.finish();
}

fn parse(c: &mut Criterion) {
    let mut g = c.benchmark_group("parse");
    for (name, text) in scholion::load::BUNDLED {
        let short = name.rsplit('/').next().unwrap_or(name);
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_with_input(BenchmarkId::new("markdown", short), text, |b, t| {
            b.iter(|| scholion::formats::markdown::parse_markdown(name, black_box(t)))
        });
    }
    let xml = generated_jats(300 * 1024);
    g.throughput(Throughput::Bytes(xml.len() as u64));
    g.bench_with_input(BenchmarkId::new("jats", "generated-300KB"), &xml, |b, x| {
        b.iter(|| scholion::formats::jats::parse_jats("bench.xml", black_box(x)).unwrap())
    });
    g.bench_with_input(
        BenchmarkId::new("jats+library", "generated-300KB"),
        &xml,
        |b, x| {
            b.iter(|| {
                Library::new(vec![scholion::formats::jats::parse_jats(
                    "bench.xml",
                    black_box(x),
                )
                .unwrap()])
            })
        },
    );
    g.finish();
}

/// A Markdown article of about `bytes` bytes: sections of paragraphs with citations and terms
/// (the one the pathological benchmark's search row types into).
fn generated_markdown(bytes: usize) -> String {
    pathological::generated(bytes)
}

fn large(c: &mut Criterion) {
    let doc = generated_markdown(5 * 1024 * 1024);
    let mut g = c.benchmark_group("5MB");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(doc.len() as u64));
    g.bench_function("parse", |b| {
        b.iter(|| scholion::formats::markdown::parse_markdown("big.md", black_box(&doc)))
    });
    g.bench_function("parse+library+layout", |b| {
        b.iter(|| {
            let lib = Library::new(vec![scholion::formats::markdown::parse_markdown(
                "big.md",
                black_box(&doc),
            )]);
            layout(
                &lib,
                0,
                118,
                LayoutOptions {
                    ascii: false,
                    ..Default::default()
                },
            )
        })
    });
    g.finish();
    // One key on the 5 MB article at 200×50: update, draw, and the bytes to send.
    let lib = Library::new(vec![scholion::formats::markdown::parse_markdown(
        "big.md", &doc,
    )]);
    let mut app = reader(lib, 200, 50);
    let look = Look {
        theme: Theme::ansi(),
        ascii: false,
    };
    let mut renderer = scholion::render::Renderer::new();
    let mut out = Vec::new();
    let mut down = true;
    let mut g = c.benchmark_group("key-5MB-200x50");
    for key in ["j", "tab", "G", "space"] {
        let k = scholion::keymap::Key::parse(key).unwrap();
        g.bench_function(key, |b| {
            b.iter(|| {
                let before = scholion::render::ViewMark::of(&app);
                let key = if key == "j" && !down {
                    scholion::keymap::Key::parse("k").unwrap()
                } else if key == "G" && !down {
                    scholion::keymap::Key::parse("g").unwrap()
                } else {
                    k
                };
                down = !down;
                app.update(scholion::app::Msg::Key(key));
                let scroll = before.scroll_to(&scholion::render::ViewMark::of(&app));
                black_box(frame(&app, &look, &mut renderer, scroll, &mut out))
            })
        });
    }
    // The keys of counts, percentages, lines, marks, anchor and section motions, hints and
    // the cited-by list: each iteration is one press of a sequence that uses them all in turn
    // (`c`, `t`, `50%`, `10j`, `ma`, `'a`, `:42` Enter, Ctrl-o, `]]`, `[[`, `]f`, `;`, `r`…),
    // drawn as the reader draws it.
    let sequence: Vec<scholion::keymap::Key> = [
        "c", "C", "t", "T", "5", "0", "%", "1", "0", "j", "1", "0", "k", "m", "a", "G", "'", "a",
        ":", "4", "2", "enter", "ctrl-o", "1", "0", "%", "3", "c", "ctrl-e", "ctrl-y", "]", "]",
        "[", "[", "]", "f", ";", "a", "esc", "r", "ctrl-o",
    ]
    .iter()
    .map(|k| scholion::keymap::Key::parse(k).unwrap())
    .collect();
    let mut at = 0;
    g.bench_function(
        "counts, marks, :N, c and t, ]] and [[, ]f, ;, r, one press",
        |b| {
            b.iter(|| {
                let before = scholion::render::ViewMark::of(&app);
                let key = sequence[at % sequence.len()];
                at += 1;
                app.update(scholion::app::Msg::Key(key));
                // What a mark asks the store to keep goes to the shell, as the loop takes it.
                black_box(app.take_requests());
                let scroll = before.scroll_to(&scholion::render::ViewMark::of(&app));
                black_box(frame(&app, &look, &mut renderer, scroll, &mut out))
            })
        },
    );
    // Where the reader is, made into a place for the store after a key (what the loop does
    // when no key waits): the 5 MB article's counts are kept, so a place costs its block.
    g.bench_function("save position after j (make the place)", |b| {
        b.iter(|| {
            app.update(scholion::app::Msg::Key(
                scholion::keymap::Key::parse(if down { "j" } else { "k" }).unwrap(),
            ));
            down = !down;
            app.save_position();
            black_box(app.take_requests())
        })
    });
    // Incremental search: each iteration is one key of `/`, a pattern typed, Esc, in turn over
    // a common word, a common letter, a phrase and a word found nowhere (the median is a
    // typed key's cost, whatever the number of matches).
    let search_keys: Vec<scholion::keymap::Key> = ["the", "e", "vesicles carry", "zebrafish"]
        .iter()
        .flat_map(|p| pathological::search_keys(p))
        .collect();
    let mut next = 0;
    g.bench_function("search, one typed key", |b| {
        b.iter(|| {
            let key = search_keys[next % search_keys.len()];
            next += 1;
            black_box(app.update(scholion::app::Msg::Key(key)))
        })
    });
    // A resize: the first frame (visible part laid out), and the rest laid out after it. The
    // two widths give the text different columns (past 102 columns the text column stays 100
    // wide, and a resize there lays out nothing): a resize that changed nothing fails.
    let mut wide = true;
    let mut resize = |app: &mut App| {
        wide = !wide;
        let before = app.layout().width;
        app.update(scholion::app::Msg::Resize(if wide { 200 } else { 80 }, 50));
        assert_ne!(app.layout().width, before, "the resize re-wrapped the text");
    };
    g.bench_function("resize, first frame", |b| {
        b.iter(|| {
            resize(&mut app);
            renderer.invalidate();
            black_box(frame(&app, &look, &mut renderer, None, &mut out))
        })
    });
    g.bench_function("resize, whole layout", |b| {
        b.iter(|| {
            resize(&mut app);
            app.update(scholion::app::Msg::FinishLayout);
            assert!(!app.layout_partial());
            black_box(app.layout().lines.len())
        })
    });
    g.finish();
}

/// A reader on `lib` with the default keys and layout, at `w`×`h`.
fn reader(lib: Library, w: u16, h: u16) -> App {
    let options = LayoutOptions {
        ascii: false,
        ..Default::default()
    };
    App::new(lib, Keymap::default(), options, w, h)
}

/// Draw `app` at its size and encode what changed; the bytes.
fn frame(
    app: &scholion::app::App,
    look: &ui::Look,
    renderer: &mut scholion::render::Renderer,
    scroll: Option<scholion::render::Scroll>,
    out: &mut Vec<u8>,
) -> usize {
    let (w, h) = app.size();
    let area = ratatui::layout::Rect::new(0, 0, w, h);
    let mut buf = ratatui::buffer::Buffer::empty(area);
    ratatui::widgets::Widget::render(ui::Screen { app, look }, area, &mut buf);
    out.clear();
    renderer.frame(&buf, scroll, out);
    out.len()
}

fn layouts(c: &mut Criterion) {
    let english = "Exosomes and shed microvesicles carry proteins, nucleic acids and lipids between cells [1]. ".repeat(400);
    let cjk = "細胞外小胞は細胞間で蛋白質や核酸を運ぶ。腫瘍微小環境において重要な役割を果たす。"
        .repeat(300);
    let mixed =
        "Exosomes 細胞外小胞 carry 蛋白質 and RNA 👨‍🔬 between cells; na\u{ef}ve e\u{301} [2]. "
            .repeat(300);
    let mut g = c.benchmark_group("layout");
    for (name, text) in [("english", english), ("cjk", cjk), ("mixed", mixed)] {
        let doc = format!("# Text\n\n{text}\n\n## Glossary\n\nExosomes\n: Vesicles.\n");
        let lib = Library::new(vec![scholion::formats::markdown::parse_markdown(
            "b.md", &doc,
        )]);
        for width in [40, 80, 120] {
            g.throughput(Throughput::Bytes(doc.len() as u64));
            g.bench_with_input(BenchmarkId::new(name, width), &width, |b, &w| {
                b.iter(|| {
                    layout(
                        &lib,
                        0,
                        black_box(w),
                        LayoutOptions {
                            ascii: false,
                            ..Default::default()
                        },
                    )
                })
            });
        }
    }
    g.finish();
}

fn frames(c: &mut Criterion) {
    let mut g = c.benchmark_group("frame");
    // Opening a 300 KB JATS article: parse, library, layout, first frame at 120×40.
    let xml = generated_jats(300 * 1024);
    let look = Look {
        theme: Theme::ansi(),
        ascii: false,
    };
    g.bench_function("open-jats-300KB-first-frame-120x40", |b| {
        b.iter(|| {
            let article =
                scholion::formats::jats::parse_jats("bench.xml", black_box(&xml)).unwrap();
            let app = reader(Library::new(vec![article]), 120, 40);
            let mut term = Terminal::new(TestBackend::new(120, 40)).unwrap();
            term.draw(|f| ui::draw(f, &app, &look)).unwrap();
        })
    });
    for (w, h) in [(80u16, 24u16), (200, 50)] {
        let app = reader(Library::new(scholion::load::bundled()), w, h);
        let look = Look {
            theme: Theme::ansi(),
            ascii: false,
        };
        let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
        g.bench_function(BenchmarkId::new("bundled", format!("{w}x{h}")), |b| {
            b.iter(|| {
                term.draw(|f| ui::draw(f, &app, &look)).unwrap();
            })
        });
    }
    // One line down (then up) on a citation-dense article with its margin: update, draw and
    // the bytes to send — the margin's notes are placed on every frame.
    let dense = generated_dense(300 * 1024);
    let mut app = reader(
        Library::new(vec![scholion::formats::markdown::parse_markdown(
            "dense.md", &dense,
        )]),
        200,
        50,
    );
    assert!(app.geometry().sidebar.is_some() && !app.margin_notes().is_empty());
    let mut renderer = scholion::render::Renderer::new();
    let mut out = Vec::new();
    let (j, k) = (
        scholion::keymap::Key::parse("j").unwrap(),
        scholion::keymap::Key::parse("k").unwrap(),
    );
    let mut presses = 0u64;
    // The citation keys there: the next citation, Enter (a chooser for a group, else the
    // reference), r (every place that cites it), Esc, Ctrl-o; one press per iteration.
    let cite_keys: Vec<scholion::keymap::Key> = ["c", "enter", "r", "esc", "ctrl-o", "esc"]
        .iter()
        .map(|k| scholion::keymap::Key::parse(k).unwrap())
        .collect();
    let mut at = 0;
    g.bench_function("citation-dense-200x50-c-enter-r-one-press", |b| {
        b.iter(|| {
            let before = scholion::render::ViewMark::of(&app);
            app.update(scholion::app::Msg::Key(cite_keys[at % cite_keys.len()]));
            at += 1;
            let scroll = before.scroll_to(&scholion::render::ViewMark::of(&app));
            black_box(frame(&app, &look, &mut renderer, scroll, &mut out))
        })
    });
    g.bench_function("citation-dense-200x50-margin-j", |b| {
        b.iter(|| {
            presses += 1;
            let before = scholion::render::ViewMark::of(&app);
            // Forty lines down, forty up: the notes change on the way.
            let key = if (presses / 40).is_multiple_of(2) {
                j
            } else {
                k
            };
            app.update(scholion::app::Msg::Key(key));
            let scroll = before.scroll_to(&scholion::render::ViewMark::of(&app));
            black_box(frame(&app, &look, &mut renderer, scroll, &mut out))
        })
    });
    g.finish();
}

/// The store: a position or a mark written (each its own transaction, as the reader writes
/// them), and a long-time reader's store opened and read as the first screen and the notes
/// overlay read it.
fn store(c: &mut Criterion) {
    use scholion::memory::Write;
    use scholion::store::Store;
    let dir = std::env::temp_dir().join("scholion-bench-store");
    let path = dir.join("store.sqlite3");
    big_store::fill(&path, 10_000, 1_000, 10_000);
    let lib = Library::new(scholion::load::bundled());
    let ids: Vec<scholion::model::ArticleId> = (0..lib.len()).map(|i| lib.id(i).clone()).collect();
    let art = lib.article(1);
    let place =
        |i: usize| scholion::model::Location::at(art, ids[1].clone(), i % art.blocks.len(), 0);
    let mut g = c.benchmark_group("store-10k-positions-1k-bookmarks-10k-notes");
    let mut s = Store::open(&path).store.unwrap();
    let mut i = 0;
    g.bench_function("save position", |b| {
        b.iter(|| {
            i += 1;
            s.write(&Write::Position {
                place: place(i),
                title: "Extracellular vesicles in cancer".into(),
                path: "review.md".into(),
            })
            .unwrap()
        })
    });
    g.bench_function("save mark", |b| {
        b.iter(|| {
            i += 1;
            s.write(&Write::Mark {
                letter: 'a',
                place: place(i),
            })
            .unwrap()
        })
    });
    g.bench_function("open and recall the bundled articles (first screen)", |b| {
        b.iter(|| {
            let s = Store::open(&path).store.unwrap();
            black_box(s.recall(Some(&ids)).unwrap())
        })
    });
    g.bench_function("recall everything (library notes and bookmarks)", |b| {
        b.iter(|| black_box(s.recall(None).unwrap()))
    });
    // The reader given all of it (what Tab in the notes overlay waits for), then the library's
    // notes open: one key down the list, drawn.
    let everything = s.recall(None).unwrap();
    g.bench_function(
        "the reader takes everything (10k notes, 1k bookmarks)",
        |b| {
            b.iter_batched(
                || {
                    (
                        reader(Library::new(scholion::load::bundled()), 200, 50),
                        everything.clone(),
                    )
                },
                |(mut app, all)| {
                    app.update(scholion::app::Msg::Recalled(Box::new(all)));
                    black_box(app.note_rows(true).len())
                },
                criterion::BatchSize::LargeInput,
            )
        },
    );
    let mut app = reader(lib, 200, 50);
    app.update(scholion::app::Msg::Recalled(Box::new(everything)));
    for k in ["A", "tab"] {
        app.update(scholion::app::Msg::Key(
            scholion::keymap::Key::parse(k).unwrap(),
        ));
    }
    assert!(
        app.note_rows(true).len() >= 10_000,
        "the library's notes are listed"
    );
    let look = Look {
        theme: Theme::ansi(),
        ascii: false,
    };
    let mut renderer = scholion::render::Renderer::new();
    let mut out = Vec::new();
    let mut down = true;
    g.bench_function("library notes overlay, one key (j or k), drawn", |b| {
        b.iter(|| {
            let k = if down { "j" } else { "k" };
            down = !down;
            app.update(scholion::app::Msg::Key(
                scholion::keymap::Key::parse(k).unwrap(),
            ));
            black_box(frame(&app, &look, &mut renderer, None, &mut out))
        })
    });
    g.finish();
}

criterion_group!(
    benches,
    parse,
    bibliographies,
    layouts,
    frames,
    large,
    store
);
criterion_main!(benches);
