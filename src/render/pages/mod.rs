//! Every output file, page kind by page kind: static files, data pages with their downloads
//! ([`data`]) and their embeddable copies ([`embed`]), index pages ([`index`]), 404,
//! `robots.txt` and `sitemap.xml` ([`sitemap`]), the Atom feeds ([`feeds`]) and their web
//! page ([`changes`]), and the search page ([`search_page`]).
//! Each page kind has one function that builds its view and renders its template.

mod assets;
mod changes;
mod comparison;
mod csv_file;
mod data;
mod downloads;
mod embed;
mod feeds;
mod hub;
mod index;
mod json_ld;
mod rankings;
mod search_page;
mod since;
mod sitemap;
mod table_rows;

use serde::Serialize;

use crate::compute::feed::entries;
use crate::compute::{PageData, PageRuns, Ranking, RecordFigures, Spreads};
use crate::error::Result;
use crate::input::templates::DESCRIPTIONS;
use crate::output::{OutputFile, Sink};
use crate::plan::{PagePlan, urls};
use crate::render::Renderer;
use crate::render::chart::ChartRows;
use crate::render::markdown::{self, Document};
use crate::render::narrative;
use crate::render::views::{ContentView, Meta, PageView, SiteView};
use crate::search::SearchIndex;
use crate::site::Site;
use table_rows::{RowSources, TableRows};

/// The template of the documents the search index reads (never published).
pub const SEARCH_DOCUMENT: &str = "search-document.html";

/// The template of `/changes/`. Optional: a site whose templates predate the page (made by an
/// older `benchsite init`) builds without it, and its feeds link the pages they stand for.
pub const CHANGES_PAGE: &str = "changes.html";

/// What `search-document.html` sees: the page's meta (with its search entry) and commentary.
#[derive(Serialize)]
struct SearchDocumentView<'a> {
    meta: &'a Meta,
    commentary: &'a [ContentView<'a>],
}

/// Renders a site's pages: what every page function needs, prepared once per build.
pub struct Pages<'a> {
    site: &'a Site,
    renderer: &'a Renderer,
    view: SiteView,
    /// Every record's chart row, rendered once.
    chart_rows: ChartRows<'a>,
    /// Every record's measured-points table row, rendered once.
    table_rows: TableRows,
    /// Every content file's Markdown as HTML, by index into the site's content.
    documents: Vec<Document>,
    /// Every record's cost and power figures.
    figures: &'a RecordFigures,
    /// Every record's spread over the runs that measured its configuration.
    spreads: &'a Spreads,
    /// Where indexable pages send their search documents; none with `--no-search`.
    search: Option<&'a SearchIndex>,
}

impl<'a> Pages<'a> {
    /// Writes the static files into `sink` (their fingerprinted names go into every page) and
    /// renders what many pages share: the chart and table rows of the records `wanted` says
    /// the data pages about to be rendered show (all for a full build, few or none for a
    /// rebuild that takes most pages from the cache; a row not prepared is rendered when
    /// asked for).
    pub fn new(
        site: &'a Site,
        renderer: &'a Renderer,
        figures: &'a RecordFigures,
        spreads: &'a Spreads,
        search: Option<&'a SearchIndex>,
        sink: &dyn Sink,
        wanted: &(dyn Fn(usize) -> bool + Sync),
    ) -> Result<Pages<'a>> {
        let view = assets::write(site, sink, search.is_some())?;
        let rows = RowSources {
            site,
            figures,
            spreads,
            renderer,
        };
        Ok(Pages {
            chart_rows: ChartRows::new(&site.data.records, figures, spreads, wanted),
            table_rows: TableRows::render(&rows, wanted)?,
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
            search,
        })
    }

    /// What rendering a measured-points table row needs.
    fn row_sources(&self) -> RowSources<'a> {
        RowSources {
            site: self.site,
            figures: self.figures,
            spreads: self.spreads,
            renderer: self.renderer,
        }
    }

    /// A hub or comparison page from its computed numbers, with its downloads.
    pub fn data_page(&self, plan: &PagePlan, data: &PageData) -> Result<Vec<OutputFile>> {
        data::render(self, plan, data)
    }

    /// Home, model, family and standalone pages, 404, and the ranking pages (and the search
    /// document of `/changes/`, which [`Self::feeds`] renders last).
    pub fn index_pages(&self, rankings: &[Ranking]) -> Result<Vec<OutputFile>> {
        let mut files = index::render(self, rankings)?;
        files.extend(rankings::render(self, rankings)?);
        if self.renderer.has(CHANGES_PAGE) {
            changes::index_for_search(self)?;
        }
        if self.view.search.is_some() {
            files.push(search_page::render(self)?);
        }
        Ok(files)
    }

    /// `/feed.xml`, each model's feed and `/changes/` (where the site has its template),
    /// from every data page's history summary. The page has a section for each of the site
    /// feed's runs.
    pub fn feeds(&self, page_runs: &[PageRuns]) -> Result<Vec<OutputFile>> {
        // Feed templates from before the changes of hands (an older `init`) cannot tell them:
        // their feeds list what they did.
        let templates = &self.site.templates;
        let leads = templates.mention("partials/feed_entry.html", "leads")
            && templates.mention("descriptions/run.txt", "lead_pages");
        let told: Vec<PageRuns>;
        let page_runs = match leads {
            true => page_runs,
            false => {
                told = page_runs.iter().map(PageRuns::without_flips).collect();
                &told
            }
        };
        let all: Vec<&PageRuns> = page_runs.iter().collect();
        let empty = self.site.data.empty_runs();
        let data = &self.site.data;
        let site_feed = entries(&all, &empty, data.first_run(), |run| data.rank_of(run));
        let has_page = self.renderer.has(CHANGES_PAGE);
        let runs = feeds::RunKeys::new(self.site, has_page.then_some(&site_feed[..]));
        let mut files = feeds::render(self, &site_feed, &all, &runs)?;
        if has_page {
            files.push(changes::render(self, &site_feed, &runs)?);
        }
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

    /// Renders `template` with `body` and writes it, minified, at `meta.path`; hands the
    /// page's search document to the index.
    fn page(&self, template: &str, meta: Meta, body: impl Serialize) -> Result<OutputFile> {
        let path = meta.path.clone();
        let commentary = self.commentary(&path);
        self.index_for_search(&meta, &commentary)?;
        let view = PageView {
            site: &self.view,
            meta,
            page: body,
            commentary: &commentary,
        };
        let html = self.renderer.render(template, &view)?;
        Ok(OutputFile::new(urls::page_file(&path), html))
    }

    /// Renders the search document of a page that has a search entry and is its own canonical
    /// page (a copy of a page is found as the original).
    fn index_for_search(&self, meta: &Meta, commentary: &[ContentView]) -> Result<()> {
        let (Some(index), Some(_)) = (self.search, &meta.search) else {
            return Ok(());
        };
        if meta.canonical != format!("{}{}", self.site.config.base_url, meta.path) {
            return Ok(());
        }
        let view = SearchDocumentView { meta, commentary };
        index.add(&meta.path, self.renderer.render(SEARCH_DOCUMENT, &view)?);
        Ok(())
    }

    /// The commentary attached to the page at `path`, as templates see it.
    fn commentary(&self, path: &str) -> Vec<ContentView<'_>> {
        let attached = self.site.attached.commentary.get(path);
        let files = attached.map_or(&[][..], Vec::as_slice);
        files.iter().map(|&i| self.content(i)).collect()
    }

    /// Content file `i` as templates see it.
    fn content(&self, i: usize) -> ContentView<'_> {
        ContentView::new(&self.site.content[i], &self.documents[i])
    }

    /// A page's meta description from `templates/descriptions/<name>.txt`, on one line.
    fn describe(&self, name: &str, view: &impl Serialize) -> Result<String> {
        let template = format!("{DESCRIPTIONS}{name}.txt");
        Ok(narrative::fold(&self.renderer.render(&template, view)?))
    }

    /// The page's meta. Its description is the one an editor gave the canonical page in its
    /// commentary's front matter ([`crate::plan::Attached::description`]), else `description`:
    /// an embed and a page's other address say what the page says.
    fn meta(&self, title: String, description: String, path: &str, canonical: &str) -> Meta {
        let description = match self
            .site
            .attached
            .description(canonical, &self.site.content)
        {
            Some(editors) => editors.to_string(),
            None => description,
        };
        Meta::new(&self.site.config, title, description, path, canonical)
    }
}
