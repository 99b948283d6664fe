//! The start of each JATS element, read by region: front matter, sections, blocks, glossary,
//! references, inline. Each region says whether it knew the element; the first that does reads
//! it, in this order, as one long match once did.

use super::*;

/// What every region is told of an element that starts.
#[derive(Clone, Copy)]
pub(super) struct Start<'a> {
    pub name: &'a str,
    pub parent: &'a str,
    /// Whether the text of an enclosing element is being collected.
    pub capturing: bool,
    /// Byte offset of the element in the document.
    pub pos: u64,
    /// Whether it is an empty element (`<break/>`).
    pub empty: bool,
}

impl JatsReader<'_> {
    pub(super) fn start(&mut self, e: &BytesStart<'_>, pos: u64, empty: bool) {
        let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
        // Tagged parts of a mixed citation that touch (`<surname>Smith</surname><given-names>J`)
        // are separated by a space.
        if self.refs.inside {
            if let Some(r) = self.refs.drafts.last_mut() {
                if r.is_mixed && r.mixed.ends_with(|c: char| c.is_alphanumeric()) {
                    r.mixed.push(' ');
                }
            }
        }
        let mut frame = Frame {
            name: name.clone(),
            captures_before: self.captures.len(),
            section: false,
            opened: Opened::None,
        };
        if self.skip > 0 {
            self.skip += 1;
            frame.opened = Opened::Skip;
            self.push_frame(frame);
            return;
        }
        let parent = self.parent().unwrap_or("").to_string();
        let at = Start {
            name: &name,
            parent: &parent,
            capturing: !self.captures.is_empty(),
            pos,
            empty,
        };
        // Every bibliographic cross-reference counts, shown or not: the reader says when some
        // are not shown as citations.
        if name == "xref" && attr(e, "ref-type").as_deref() == Some("bibr") {
            self.inline.xrefs_seen += 1;
        }
        // Regions in the order their elements are looked for: the first that knows an element
        // (under its conditions) reads it.
        let _ = self.start_front(e, &at, &mut frame)
            || self.start_section(e, &at, &mut frame)
            || self.start_block(e, &at, &mut frame)
            || self.start_glossary(e, &at, &mut frame)
            || self.start_reference(e, &at, &mut frame)
            || self.start_inline(e, &at, &mut frame);
        self.push_frame(frame);
    }

    /// The front matter: journal, title, contributors, dates, ids, licence, keywords.
    ///
    /// Whether `name` was one of them.
    fn start_front(&mut self, e: &BytesStart<'_>, at: &Start<'_>, _frame: &mut Frame) -> bool {
        let Start { name, parent, .. } = *at;
        match name {
            "journal-title" if self.inside("journal-meta") => self.capture(Capture::JournalTitle),
            "article-title"
                if self.inside("title-group")
                    && self.inside("article-meta")
                    && !self.inside("related-article") =>
            {
                self.capture(Capture::ArticleTitle)
            }
            "contrib" if self.inside("article-meta") => {
                self.meta.contrib_author = attr(e, "contrib-type").is_none_or(|t| t == "author");
                self.meta
                    .authors_seen
                    .push((String::new(), String::new(), String::new()));
            }
            "surname" if self.inside("contrib") && !self.refs.inside => {
                self.capture(Capture::Surname)
            }
            "given-names" if self.inside("contrib") && !self.refs.inside => {
                self.capture(Capture::GivenNames)
            }
            "collab" if self.inside("contrib") && !self.refs.inside => {
                self.capture(Capture::Collab)
            }
            "string-name" if self.inside("contrib") && !self.refs.inside => {
                self.capture(Capture::StringName)
            }
            "aff" | "author-notes" | "history" | "funding-group" | "custom-meta-group"
            | "counts" | "object-id" | "self-uri" | "related-article" | "processing-meta"
            | "alt-text" | "long-desc" | "attrib"
                if !self.refs.inside =>
            {
                self.capture(Capture::Discard)
            }
            "pub-date" if self.inside("article-meta") => {
                let kind = attr(e, "pub-type")
                    .or_else(|| attr(e, "date-type"))
                    .unwrap_or_default();
                self.meta.pub_date_rank = match kind.as_str() {
                    "epub" | "pub" => 0,
                    "ppub" => 1,
                    "collection" => 2,
                    _ => 3,
                };
            }
            "year" if parent == "pub-date" && self.inside("article-meta") => {
                self.capture(Capture::PubYear)
            }
            "volume" if parent == "article-meta" => self.capture(Capture::Volume),
            "fpage" if parent == "article-meta" => self.capture(Capture::FirstPage),
            "lpage" if parent == "article-meta" => self.capture(Capture::LastPage),
            "elocation-id" if parent == "article-meta" => self.capture(Capture::ELocation),
            "article-id" if parent == "article-meta" => self.capture(Capture::ArticleId(
                attr(e, "pub-id-type").unwrap_or_default(),
            )),
            "license-p" => self.capture(Capture::License),
            "license" => {
                if let Some(href) = attr(e, "xlink:href") {
                    if self.meta.front.license.is_none() {
                        self.meta.front.license = Some(clean(&href));
                    }
                }
            }
            "kwd" => self.capture(Capture::Keyword),
            _ => return false,
        }
        true
    }

    /// Sections and their titles: abstracts, the body, acknowledgements, appendices, notes.
    ///
    /// Whether `name` was one of them.
    fn start_section(&mut self, e: &BytesStart<'_>, at: &Start<'_>, frame: &mut Frame) -> bool {
        let Start {
            name,
            parent,
            capturing,
            pos,
            ..
        } = *at;
        match name {
            "abstract" | "trans-abstract" => {
                let kind = attr(e, "abstract-type").unwrap_or_default();
                let title = match kind.as_str() {
                    "" => "Abstract",
                    "executive-summary" => "Digest",
                    "summary" => "Author summary",
                    "toc" | "teaser" => "Teaser",
                    "graphical" => "Graphical abstract",
                    _ => "Summary",
                };
                let title = if name == "trans-abstract" {
                    "Abstract (translation)"
                } else {
                    title
                };
                self.open_section(Some(title.to_string()));
                frame.section = true;
            }
            "body" => {
                self.flush();
                self.sections.seen_body = true;
                if self.out.count() > 0 {
                    // Text before the first <sec> would otherwise join the abstract.
                    self.sections.pending_heading = Some((2, Some("Main text".into()), true));
                }
            }
            "sec" if !capturing => {
                self.open_section(None);
                frame.section = true;
            }
            "ack" => {
                self.open_section(Some("Acknowledgements".into()));
                frame.section = true;
            }
            "app" => {
                self.open_section(Some("Appendix".into()));
                frame.section = true;
            }
            // Notes in the front matter (author contributions, conflicts) are a section too.
            "notes" if self.inside("front") => {
                self.open_section(Some("Notes".into()));
                frame.section = true;
            }
            "fn-group" => {
                self.open_section(Some("Notes".into()));
                frame.section = true;
            }
            "title" if !capturing && frame_is_section(parent) => self.capture(Capture::Heading),
            // Glossaries and reference lists get scholion's own headings.
            "title"
                if matches!(
                    parent,
                    "glossary" | "ref-list" | "def-list" | "list" | "kwd-group"
                ) =>
            {
                self.capture(Capture::Discard)
            }
            "label" if !capturing && frame_is_section(parent) => self.capture(Capture::Label),
            "label" if parent == "list-item" => self.capture(Capture::Label),
            "sub-article" | "response" => {
                self.skip = 1;
                frame.opened = Opened::Skip;
                self.diagnostics.push(Diagnostic::note(
                    Some(self.line_at(pos)),
                    "a sub-article (decision letter, response) is not shown",
                ));
            }
            _ => return false,
        }
        true
    }

    /// Blocks: paragraphs, lists, quotes, boxes, figures, tables, formulas.
    ///
    /// Whether `name` was one of them.
    fn start_block(&mut self, e: &BytesStart<'_>, at: &Start<'_>, frame: &mut Frame) -> bool {
        let Start {
            name,
            parent,
            capturing,
            ..
        } = *at;
        match name {
            "p" if !capturing && self.in_text_region() => {
                self.flush();
                self.emit_heading_if_pending();
                // A box's label with no caption to join (`Box 1`) stands before its text.
                if self.inside("boxed-text") && !self.sections.heading_label.is_empty() {
                    let label = std::mem::take(&mut self.sections.heading_label);
                    self.out.open(BlockKind::Paragraph);
                    let strong = Style {
                        strong: true,
                        ..Style::PLAIN
                    };
                    self.out.push_text(&label, strong, false, false);
                    self.flush();
                }
                self.open_for_text();
            }
            "p" if capturing => self.separate_capture(),
            "list" if !capturing => {
                self.flush();
                self.emit_heading_if_pending();
                let ordered = matches!(
                    attr(e, "list-type").as_deref(),
                    Some("order" | "alpha-lower" | "alpha-upper" | "roman-lower" | "roman-upper")
                );
                self.lists.stack.push((ordered, 1));
                self.out.list_depth = self.lists.stack.len();
                frame.opened = Opened::List;
            }
            "list-item" if !capturing => {
                self.flush();
                let marker = match self.lists.stack.last_mut() {
                    Some((true, n)) => {
                        let m = Marker::Number(*n);
                        *n += 1;
                        m
                    }
                    _ => Marker::Bullet,
                };
                self.lists.pending_item = Some(marker);
            }
            "disp-quote" | "boxed-text" | "statement" if !capturing => {
                self.flush();
                self.emit_heading_if_pending();
                self.out.quote_depth += 1;
                frame.opened = Opened::Quote;
            }
            "caption" if parent == "boxed-text" && !capturing => self.capture(Capture::Heading),
            // Supplementary files and videos are listed with the figures, by label and caption.
            "supplementary-material" | "media" if self.floats.fig.is_none() => {
                self.floats.fig = Some((String::new(), String::new()));
            }
            "supplementary-material" | "media" => self.capture(Capture::Discard),
            "fig" => {
                self.floats.fig = Some((String::new(), String::new()));
            }
            "label" if matches!(parent, "fig" | "supplementary-material" | "media") => {
                self.capture(Capture::Label)
            }
            "caption" if matches!(parent, "fig" | "supplementary-material" | "media") => {
                self.capture(Capture::FigureCaption)
            }
            "table-wrap" => {
                self.flush();
                self.floats.table = Some(TableDraft::default());
            }
            "label" if parent == "table-wrap" => self.capture(Capture::Label),
            "caption" if parent == "table-wrap" => self.capture(Capture::TableCaption),
            "table-wrap-foot" => self.capture(Capture::TableFoot),
            "thead" => {
                if let Some(t) = self.floats.table.as_mut() {
                    t.in_head = true;
                }
            }
            "tr" => {
                if let Some(t) = self.floats.table.as_mut() {
                    let head = t.in_head;
                    t.rows.push((head, Vec::new()));
                }
            }
            "th" | "td" if self.floats.table.is_some() => self.capture(Capture::Cell),
            "disp-formula" if !capturing => {
                self.flush();
                self.emit_heading_if_pending();
                self.capture(Capture::Formula);
            }
            "alternatives" => self.alternatives.push(false),
            // Of the alternative forms of a formula, the first that has text is shown.
            "tex-math" | "math"
                if parent == "alternatives" && self.alternatives.last() == Some(&true) =>
            {
                self.skip = 1;
                frame.opened = Opened::Skip;
            }
            "graphic" | "inline-graphic" => {}
            _ => return false,
        }
        true
    }

    /// Glossaries and definition lists: every entry joins the Glossary.
    ///
    /// Whether `name` was one of them.
    fn start_glossary(&mut self, _e: &BytesStart<'_>, at: &Start<'_>, _frame: &mut Frame) -> bool {
        let Start { name, .. } = *at;
        match name {
            // A key to a table's abbreviations belongs to the table, not to the glossary.
            "def-item" if !self.inside("table-wrap-foot") => {
                self.glossary.term = Some((String::new(), String::new()))
            }
            "term" if self.glossary.term.is_some() => self.capture(Capture::Term),
            "def" if self.glossary.term.is_some() => self.capture(Capture::Definition),
            _ => return false,
        }
        true
    }

    /// The reference list: each `<ref>` and its fields.
    ///
    /// Whether `name` was one of them.
    fn start_reference(&mut self, e: &BytesStart<'_>, at: &Start<'_>, _frame: &mut Frame) -> bool {
        let Start { name, parent, .. } = *at;
        match name {
            "ref" if self.inside("ref-list") => {
                self.flush();
                self.refs.inside = true;
                self.refs.drafts.push(RefDraft {
                    id: attr(e, "id").unwrap_or_default(),
                    ..RefDraft::default()
                });
            }
            "label" if self.refs.inside && parent == "ref" => self.capture(Capture::RefLabel),
            "mixed-citation" | "element-citation" | "citation" | "nlm-citation"
                if self.refs.inside =>
            {
                if let Some(r) = self.refs.drafts.last_mut() {
                    // Names outside any person-group are the authors.
                    r.in_author_group = true;
                    // A ref with several citations keeps the first.
                    if r.title.is_empty() && r.source.is_empty() && r.mixed.is_empty() {
                        r.is_mixed = name != "element-citation";
                    }
                }
            }
            "person-group" if self.refs.inside => {
                let kind = attr(e, "person-group-type").unwrap_or_else(|| "author".into());
                if let Some(r) = self.refs.drafts.last_mut() {
                    r.in_author_group = kind == "author";
                    r.in_editor_group = kind == "editor";
                }
            }
            "etal" if self.refs.inside => {
                if let Some(r) = self.refs.drafts.last_mut() {
                    r.et_al = true;
                }
            }
            "surname" if self.refs.inside => self.capture(Capture::RefField(RefField::Surname)),
            "given-names" if self.refs.inside => {
                self.capture(Capture::RefField(RefField::GivenNames))
            }
            "collab" if self.refs.inside => self.capture(Capture::RefField(RefField::Collab)),
            "string-name" if self.refs.inside && !self.inside("name") => {
                self.capture(Capture::RefField(RefField::StringName))
            }
            "article-title" | "chapter-title" if self.refs.inside => {
                self.capture(Capture::RefField(RefField::Title))
            }
            "source" if self.refs.inside => self.capture(Capture::RefField(RefField::Source)),
            "year" if self.refs.inside => self.capture(Capture::RefField(RefField::Year)),
            "volume" if self.refs.inside => self.capture(Capture::RefField(RefField::Volume)),
            "fpage" if self.refs.inside => self.capture(Capture::RefField(RefField::FirstPage)),
            "lpage" if self.refs.inside => self.capture(Capture::RefField(RefField::LastPage)),
            "elocation-id" if self.refs.inside => {
                self.capture(Capture::RefField(RefField::ELocation))
            }
            "comment" if self.refs.inside => self.capture(Capture::RefField(RefField::Comment)),
            // A link in a reference: its DOI when it says so (`ext-link-type="DOI"`), else its
            // web address. Its text stays part of the reference's text.
            "ext-link" | "uri" if self.refs.inside => {
                let href = attr(e, "xlink:href").unwrap_or_default();
                let kind = attr(e, "ext-link-type").unwrap_or_default().to_lowercase();
                if let Some(r) = self.refs.drafts.last_mut() {
                    if kind == "doi" {
                        let doi = href
                            .trim()
                            .trim_start_matches("https://doi.org/")
                            .trim_start_matches("http://dx.doi.org/")
                            .trim_start_matches("doi:");
                        if r.doi.is_empty() && doi.starts_with("10.") {
                            r.doi = clean(doi);
                        }
                    } else if r.url.is_empty() && !href.is_empty() {
                        r.url = clean(&href);
                    }
                }
            }
            "pub-id" if self.refs.inside => match attr(e, "pub-id-type").as_deref() {
                Some("doi") => self.capture(Capture::RefField(RefField::Doi)),
                Some("pmid") => self.capture(Capture::RefField(RefField::Pmid)),
                _ => {}
            },
            _ => return false,
        }
        true
    }

    /// Inline: styles, line breaks, cross-references to references, links.
    ///
    /// Whether `name` was one of them.
    fn start_inline(&mut self, e: &BytesStart<'_>, at: &Start<'_>, frame: &mut Frame) -> bool {
        let Start {
            name,
            parent,
            capturing,
            pos,
            empty,
            ..
        } = *at;
        match name {
            "italic" | "em" => {
                self.inline.emphasis += 1;
                frame.opened = Opened::Emphasis;
            }
            "bold" | "strong" => {
                self.inline.strong += 1;
                frame.opened = Opened::Strong;
            }
            "monospace" | "tex-math" | "inline-formula" => {
                if name == "tex-math" && parent == "alternatives" {
                    if let Some(seen) = self.alternatives.last_mut() {
                        *seen = true;
                    }
                }
                self.inline.code += 1;
                frame.opened = Opened::Code;
            }
            "math" if parent == "alternatives" => {
                if let Some(seen) = self.alternatives.last_mut() {
                    *seen = true;
                }
            }
            "break" => self.text(" "),
            // In a caption, a table cell or a table's foot: placed once that text is a block.
            "xref"
                if capturing
                    && attr(e, "ref-type").as_deref() == Some("bibr")
                    && self.inline.open_loose.is_none()
                    && matches!(
                        self.captures.last().map(|(k, _)| k),
                        Some(
                            Capture::FigureCaption
                                | Capture::TableCaption
                                | Capture::TableFoot
                                | Capture::Cell
                        )
                    ) =>
            {
                let rids: Vec<String> = attr(e, "rid")
                    .unwrap_or_default()
                    .split_whitespace()
                    .map(str::to_string)
                    .collect();
                let depth = self.captures.len() - 1;
                let start = self.captures[depth].1.len();
                self.inline.open_loose = Some((depth, start, rids, self.line_at(pos)));
                frame.opened = Opened::CapturedXref;
            }
            "xref"
                if !capturing
                    && self.in_text_region()
                    && attr(e, "ref-type").as_deref() == Some("bibr") =>
            {
                if !self.out.is_open() {
                    self.open_for_text();
                }
                let rids: Vec<String> = attr(e, "rid")
                    .unwrap_or_default()
                    .split_whitespace()
                    .map(str::to_string)
                    .collect();
                self.inline.open_xref = Some((self.out.mark(), rids, self.line_at(pos)));
                frame.opened = Opened::Xref;
            }
            "ext-link" | "uri" => {
                let href = attr(e, "xlink:href").unwrap_or_default();
                if empty {
                    self.text(&href);
                } else if !capturing && self.in_text_region() {
                    if !self.out.is_open() {
                        self.open_for_text();
                    }
                    self.inline
                        .links
                        .push((self.out.mark(), sanitize::verbatim(&href).into_owned()));
                    frame.opened = Opened::Link;
                }
            }
            _ => return false,
        }
        true
    }
}
