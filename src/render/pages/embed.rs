//! The embeddable copy of a hub or comparison (SPEC §15 "Embeds"): `/embed/<path>/` holds the
//! page's chart, matched table and caveats and nothing else — no header, navigation or footer — with a
//! link back to the full page, for an `<iframe>` on another site. It is not indexed: its
//! robots meta says `noindex`, its canonical URL is the full page's, and the sitemap leaves it
//! out. It reuses the full page's already-built table and chart, so it costs one more render.

use serde::Serialize;

use super::Pages;
use super::data::{Caveats, SideView};
use crate::error::Result;
use crate::output::OutputFile;
use crate::plan::urls;
use crate::render::reader::PricesView;
use crate::render::table::TableView;
use crate::render::views::ChartView;

/// What `templates/embed.html` shows: the full page's parts, borrowed.
#[derive(Serialize)]
pub(super) struct EmbedBody<'a> {
    pub heading: &'a str,
    /// The full page (root-relative), which the embed links back to.
    pub full_href: &'a str,
    pub sides: &'a [SideView],
    /// The full page's caveats: an embed travels without the page's prose, not without these.
    pub caveats: &'a Caveats,
    pub table: Option<&'a TableView>,
    pub table_caption: &'a str,
    /// Side names hidden in the table cells (a hub's legend names the colours).
    pub table_compact: bool,
    pub chart: &'a ChartView,
    pub csv_href: &'a str,
    /// Published prices, so that a link carrying the reader's prices reprices the embed too.
    pub prices: &'a PricesView,
}

/// The embed page of the full page at `body.full_href`, described by `description`.
pub(super) fn render(pages: &Pages, description: String, body: EmbedBody) -> Result<OutputFile> {
    let path = urls::embed(body.full_href);
    let meta = pages.meta(body.heading.to_string(), description, &path, body.full_href);
    pages.page("embed.html", meta, &body)
}
