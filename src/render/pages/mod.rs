//! Every output file, page kind by page kind: static files, data pages with their downloads
//! ([`data`]) and their embeddable copies ([`embed`]), index pages ([`index`]), 404, `robots.txt` and `sitemap.xml` ([`sitemap`]).
//! Each page kind has one function that builds its view and renders its template.

mod assets;
mod comparison;
mod data;
mod downloads;
mod embed;
mod hub;
mod index;
mod json_ld;
mod rankings;
mod sitemap;
mod table_rows;

use serde::Serialize;

use crate::compute::{PageData, Ranking, RecordFigures, Spreads};
use crate::error::Result;
use crate::output::{OutputFile, Sink};
use crate::plan::{PagePlan, urls};
use crate::render::Renderer;
use crate::render::chart::ChartRows;
use crate::render::markdown::{self, Document};
use crate::render::views::{ContentView, Meta, PageView, SiteView};
use crate::site::Site;
use table_rows::TableRows;

/// Renders a site's pages: what every page function needs, prepared once per build.
pub struct Pages<'a> {
    site: &'a Site,
    renderer: &'a Renderer,
    view: SiteView,
    /// Every record's chart row, rendered once.
    chart_rows: ChartRows,
    /// Every record's measured-points table row, rendered once.
    table_rows: TableRows,
    /// Every content file's Markdown as HTML, by index into the site's content.
    documents: Vec<Document>,
    /// Every record's cost and power figures.
    figures: &'a RecordFigures,
    /// Every record's spread over the runs that measured its configuration.
    spreads: &'a Spreads,
}

impl<'a> Pages<'a> {
    /// Writes the static files into `sink` (their fingerprinted names go into every page) and
    /// renders what many pages share.
    pub fn new(
        site: &'a Site,
        renderer: &'a Renderer,
        figures: &'a RecordFigures,
        spreads: &'a Spreads,
        sink: &dyn Sink,
    ) -> Result<Pages<'a>> {
        let view = assets::write(site, sink)?;
        Ok(Pages {
            chart_rows: ChartRows::new(&site.data.records, figures, spreads),
            table_rows: TableRows::render(site, figures, spreads, renderer)?,
            documents: site
                .content
                .iter()
                .map(|f| markdown::document(&f.body))
                .collect(),
            site,
            renderer,
            view,
            figures,
            spreads,
        })
    }

    /// A hub or comparison page from its computed numbers, with its downloads.
    pub fn data_page(&self, plan: &PagePlan, data: &PageData) -> Result<Vec<OutputFile>> {
        data::render(self, plan, data)
    }

    /// Home, model, family and standalone pages, 404, and the ranking pages.
    pub fn index_pages(&self, rankings: &[Ranking]) -> Result<Vec<OutputFile>> {
        let mut files = index::render(self, rankings)?;
        files.extend(rankings::render(self, rankings)?);
        Ok(files)
    }

    /// `sitemap.xml` (and its parts past 50,000 URLs) over the `index.html` files written.
    pub fn sitemaps(&self, pages: &[String]) -> Vec<OutputFile> {
        sitemap::sitemaps(self.site, pages)
    }

    pub fn robots(&self) -> OutputFile {
        OutputFile::new(
            "robots.txt",
            format!(
                "User-agent: *\nAllow: /\n\nSitemap: {}/sitemap.xml\n",
                self.site.config.base_url
            ),
        )
    }

    /// Renders `template` with `body` and writes it, minified, at `meta.path`.
    fn page(&self, template: &str, meta: Meta, body: impl Serialize) -> Result<OutputFile> {
        let path = meta.path.clone();
        let commentary: Vec<ContentView> = self
            .site
            .attached
            .commentary
            .get(&path)
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .map(|&i| self.content(i))
            .collect();
        let view = PageView {
            site: &self.view,
            meta,
            page: body,
            commentary: &commentary,
        };
        let html = self.renderer.render(template, &view)?;
        Ok(OutputFile::new(urls::page_file(&path), html))
    }

    /// Content file `i` as templates see it.
    fn content(&self, i: usize) -> ContentView<'_> {
        ContentView::new(&self.site.content[i], &self.documents[i])
    }

    fn meta(&self, title: String, description: String, path: &str, canonical: &str) -> Meta {
        Meta::new(&self.site.config, title, description, path, canonical)
    }
}
