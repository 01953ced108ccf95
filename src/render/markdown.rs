//! Editors' Markdown to HTML.
//!
//! Editors are trusted to write prose, not markup: raw HTML is shown as text and links may only
//! use safe schemes, so no content file can put a script on a benchmark page. Headings get ids
//! that are unique within the page, so the anchor links and a table of contents always work.

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};
use serde::Serialize;

use crate::render::escape_html;

/// One heading of a content file, for anchors and tables of contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// The element's id, unique within the rendered Markdown.
    pub id: String,
    /// The heading as plain text.
    pub text: String,
}

/// Schemes a link or image may use; any other (`javascript:`, `data:`, `vbscript:`, `file:`…)
/// becomes `#`. An allow-list, because a deny-list misses the scheme nobody thought of.
const SAFE_SCHEMES: [&str; 4] = ["http", "https", "mailto", "tel"];

/// A content file's Markdown as HTML, with its headings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub html: String,
    pub headings: Vec<Heading>,
}

/// [`render`] as a [`Document`].
pub fn document(markdown: &str) -> Document {
    let (html, headings) = render(markdown);
    Document { html, headings }
}

/// Renders `markdown` (a body without front matter) to HTML, with its headings.
pub fn render(markdown: &str) -> (String, Vec<Heading>) {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let events: Vec<Event> = Parser::new_ext(markdown, options).map(neutralise).collect();
    let numbers = footnote_numbers(&events);
    let (events, headings) = with_heading_ids(events, &numbers);
    let events = with_footnote_links(events, &numbers);
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    (html, headings)
}

/// Makes one event harmless: raw HTML becomes text, unsafe URLs become `#`.
fn neutralise(event: Event<'_>) -> Event<'_> {
    match event {
        Event::Html(html) | Event::InlineHtml(html) => Event::Text(html),
        // An HTML block's text is now plain text; give it a paragraph to live in.
        Event::Start(Tag::HtmlBlock) => Event::Start(Tag::Paragraph),
        Event::End(TagEnd::HtmlBlock) => Event::End(TagEnd::Paragraph),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: safe_url(dest_url),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: safe_url(dest_url),
            title,
            id,
        }),
        other => other,
    }
}

fn safe_url(url: CowStr<'_>) -> CowStr<'_> {
    match scheme(&url) {
        Some(s) if !SAFE_SCHEMES.contains(&s.as_str()) => CowStr::Borrowed("#"),
        _ => url,
    }
}

/// The URL's scheme, lowercased, read the way a browser does: leading spaces and control
/// characters are skipped and tabs and newlines anywhere are ignored (`java\tscript:` runs).
fn scheme(url: &str) -> Option<String> {
    let cleaned: String = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let end = cleaned.find([':', '/', '?', '#'])?;
    cleaned[end..]
        .starts_with(':')
        .then(|| cleaned[..end].to_ascii_lowercase())
}

/// Gives every heading a unique id and an anchor link; custom attributes are dropped, since
/// `{onclick=…}` would be an attribute injection.
fn with_heading_ids<'e>(
    events: Vec<Event<'e>>,
    footnotes: &HashMap<String, usize>,
) -> (Vec<Event<'e>>, Vec<Heading>) {
    let mut ids = Ids::new(&events, footnotes.len());
    let mut out = Vec::with_capacity(events.len());
    let mut headings = Vec::new();
    let mut events = events.into_iter();
    while let Some(event) = events.next() {
        let Event::Start(Tag::Heading {
            level, id, classes, ..
        }) = event
        else {
            out.push(event);
            continue;
        };
        // Headings do not nest, so the first heading end closes this one (and is consumed).
        let inner: Vec<Event> = events
            .by_ref()
            .take_while(|e| !matches!(e, Event::End(TagEnd::Heading(_))))
            .collect();
        let text = plain_text(&inner);
        let id = ids.claim(id.as_deref(), &text);
        out.push(Event::Start(Tag::Heading {
            level,
            id: Some(id.clone().into()),
            classes,
            attrs: Vec::new(),
        }));
        out.extend(inner);
        out.push(Event::InlineHtml(anchor(&id, &text).into()));
        out.push(Event::End(TagEnd::Heading(level)));
        headings.push(Heading {
            level: level as u8,
            id,
            text,
        });
    }
    (out, headings)
}

/// Each footnote's number, by its label folded to lower case (pulldown-cmark matches labels
/// regardless of case): in order of first appearance, a reference or a definition, as
/// pulldown-cmark numbers them.
fn footnote_numbers(events: &[Event]) -> HashMap<String, usize> {
    let mut numbers = HashMap::new();
    for e in events {
        if let Event::FootnoteReference(label) | Event::Start(Tag::FootnoteDefinition(label)) = e {
            let next = numbers.len() + 1;
            numbers.entry(label.to_lowercase()).or_insert(next);
        }
    }
    numbers
}

/// Footnotes with a link back from each note to its first reference, which pulldown-cmark's
/// HTML has not: a reader who followed a note's number down the page can return to the
/// sentence. Ids are `fn-<n>` and `fnref-<n>` by the note's number, so any label makes a valid
/// id, labels differing in case meet, and no label can take an id a template gives (headings
/// keep clear of them, see [`Ids`]). The arrow is left out of the search index. A label defined
/// twice keeps its first definition.
fn with_footnote_links<'e>(
    events: Vec<Event<'e>>,
    numbers: &HashMap<String, usize>,
) -> Vec<Event<'e>> {
    let number = |label: &str| numbers.get(&label.to_lowercase()).copied().unwrap_or(0);
    let referenced: HashSet<usize> = (events.iter())
        .filter_map(|e| match e {
            Event::FootnoteReference(label) => Some(number(label)),
            _ => None,
        })
        .collect();
    let mut linked_back = HashSet::new();
    let mut defined = HashSet::new();
    let mut note = None;
    let mut dropping = false;
    let mut out = Vec::with_capacity(events.len());
    for event in events {
        if dropping {
            // A second definition of a note, dropped whole: CommonMark keeps the first of two
            // link definitions, GitHub the first of two notes, and a second `fn-<n>` would
            // repeat an id. Definitions do not nest, so the first end is its own.
            dropping = !matches!(event, Event::End(TagEnd::FootnoteDefinition));
            continue;
        }
        match event {
            Event::FootnoteReference(label) => {
                let n = number(&label);
                let id = if linked_back.insert(n) {
                    format!(" id=\"fnref-{n}\"")
                } else {
                    String::new()
                };
                let sup = format!(
                    "<sup class=\"footnote-reference\"{id}><a href=\"#fn-{n}\">{n}</a></sup>"
                );
                out.push(Event::InlineHtml(sup.into()));
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                let n = number(&label);
                if !defined.insert(n) {
                    dropping = true;
                    continue;
                }
                let div = format!(
                    "<div class=\"footnote-definition\" id=\"fn-{n}\"><sup class=\"footnote-definition-label\">{n}</sup>"
                );
                out.push(Event::Html(div.into()));
                note = Some(n);
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                if let Some(n) = note.take().filter(|n| referenced.contains(n)) {
                    // Inside the note's last paragraph, when it ends with one.
                    let in_paragraph = matches!(out.last(), Some(Event::End(TagEnd::Paragraph)));
                    let back = format!(
                        " <a class=\"footnote-backref\" href=\"#fnref-{n}\" aria-label=\"Back to reference {n}\" data-pagefind-ignore>↩\u{fe0e}</a>"
                    );
                    out.insert(
                        out.len() - usize::from(in_paragraph),
                        Event::InlineHtml(back.into()),
                    );
                }
                out.push(Event::End(TagEnd::FootnoteDefinition));
            }
            other => out.push(other),
        }
    }
    out
}

/// `#` after the heading text, named for screen readers by the heading it links to.
fn anchor(id: &str, text: &str) -> String {
    format!(
        " <a class=\"anchor\" href=\"#{}\" aria-label=\"Link to this section: {}\">#</a>",
        escape_html(id),
        escape_html(text)
    )
}

fn plain_text(events: &[Event]) -> String {
    let mut text = String::new();
    for event in events {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text.trim().to_string()
}

/// The ids the templates (and the chart's drawing, src/render/plot/) give page elements. A
/// heading never takes one, so an editor's `## Chart` cannot clash with the chart's own
/// `id="chart"` (a test checks this list against every `id="…"` in `templates/` and src/render/plot/mod.rs).
pub const TEMPLATE_IDS: &[&str] = &[
    "chart",
    "chart-controls",
    "chart-frontier-only",
    "chart-heading",
    "chart-hint",
    "chart-log",
    "chart-options",
    "chart-plot",
    "chart-png",
    "chart-precisions",
    "chart-reset",
    "chart-retry",
    "chart-series",
    "chart-unavailable",
    "chart-x",
    "chart-y",
    "commentary-heading",
    "comparisons-heading",
    "content",
    "copy-link",
    "downloads-heading",
    "embed-code",
    "embed-copy",
    "hubs-heading",
    "matched-caption",
    "matched-heading",
    "points-heading",
    "price-data",
    "price-fields",
    "price-provider",
    "prices",
    "prices-form",
    "prices-heading",
    "prices-note",
    "prices-reset",
    "prices-status",
    "prices-whose",
    "ranking-candidates",
    "rankings-heading",
    "related-heading",
    "search-none",
    "site-search-input",
    "since-caption",
    "since-heading",
    "share",
    "share-status",
    "speed-clear",
    "speed-error",
    "speed-elsewhere",
    "speed-form",
    "speed-heading",
    "speed-hint",
    "speed-input",
    "speed-ranking",
    "speed-result",
    "speed-status",
    "table-frontiers",
];

/// Template ids named after an accelerator (`price-b200`, `kw-b200-error`, the price form's
/// fields) or a run (`run-<slug>`, a section of `/changes/`): any id with one of these
/// prefixes is taken, unless it ends in `-<number>`.
pub const TEMPLATE_ID_SLUG_PREFIXES: &[&str] = &["kw-", "price-", "run-"];

/// Numbered template ids: the prefix and a whole number (`model-1`, `points-caption-2`, a
/// ranking's tier `at-40`). Whole numbers only: a heading's id that is taken tries `-1`, `-2`,
/// …, which must come free (a tier of 62.5, `at-62-5`, is left to chance).
pub const TEMPLATE_ID_PREFIXES: &[&str] = &["at-", "family-", "model-", "points-caption-"];

fn is_template_id(id: &str) -> bool {
    TEMPLATE_IDS.contains(&id)
        || TEMPLATE_ID_SLUG_PREFIXES.iter().any(|prefix| {
            // `price-b200-1`, the next id a heading "Price B200" tries, is free: without that
            // exception no numbered id would ever be.
            let numbered = id
                .rsplit_once('-')
                .is_some_and(|(_, n)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
            id.len() > prefix.len() && id.starts_with(prefix) && !numbered
        })
        || TEMPLATE_ID_PREFIXES.iter().any(|prefix| {
            id.strip_prefix(prefix)
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        })
}

/// The ids taken on a page. Explicit `{#id}`s are reserved up front, so an automatic id never
/// steals one that appears further down; the footnotes' ids (`fn-<n>`, `fnref-<n>`) are
/// reserved from every heading, explicit ids included.
struct Ids {
    reserved: HashSet<String>,
    footnotes: HashSet<String>,
    used: HashSet<String>,
}

impl Ids {
    fn new(events: &[Event], footnotes: usize) -> Ids {
        let reserved = events
            .iter()
            .filter_map(|e| match e {
                Event::Start(Tag::Heading { id: Some(id), .. }) => Some(id.to_string()),
                _ => None,
            })
            .collect();
        let footnotes = (1..=footnotes)
            .flat_map(|n| [format!("fn-{n}"), format!("fnref-{n}")])
            .collect();
        Ids {
            reserved,
            footnotes,
            used: HashSet::new(),
        }
    }

    /// The explicit id if given and still free, else the slug, suffixed `-1`, `-2`… until unique
    /// and not a template's.
    fn claim(&mut self, explicit: Option<&str>, text: &str) -> String {
        let explicit = explicit.filter(|id| !id.is_empty());
        if let Some(id) = explicit
            && !is_template_id(id)
            && !self.footnotes.contains(id)
            && self.used.insert(id.to_string())
        {
            return id.to_string();
        }
        let base = explicit.map_or_else(|| slugify(text), str::to_string);
        let free = |id: &String| {
            !self.used.contains(id)
                && !self.reserved.contains(id)
                && !self.footnotes.contains(id)
                && !is_template_id(id)
        };
        let id = std::iter::once(base.clone())
            .chain((1..).map(|n| format!("{base}-{n}")))
            .find(free)
            .unwrap_or(base);
        self.used.insert(id.clone());
        id
    }
}

/// `What's new in 1.5?` → `whats-new-in-1-5`: lowercase letters and digits, any other run of
/// characters a single `-`; apostrophes vanish so contractions stay one word.
pub fn slugify(text: &str) -> String {
    let mut slug = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() {
            slug.extend(c.to_lowercase());
        } else if matches!(c, '\'' | '’') {
            continue;
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        "section".into()
    } else {
        slug.into()
    }
}

#[cfg(test)]
mod tests;
