//! The build driver: the one module that knows the order of the stages.
//!
//! ```text
//! input::load → plan::plan, plan::attach → compute::RecordFigures
//!   → compute::compute for every hub → compute::rankings
//!   → for each page: compute::compute (hubs: already done) → render::Pages::data_page → sink
//!   → render: index and ranking pages, the Atom feeds (from each page's history summary),
//!     sitemap, robots.txt → output::Staging::commit
//! ```
//!
//! Pages are computed and rendered in parallel and handed to the sink as soon as each is done,
//! so memory stays flat however large the site.

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::compute::{self, PageData, PageRuns, RecordFigures, Spreads};
use crate::error::{Error, Result};
use crate::input::{self, config};
use crate::output::{Memory, OutputFile, Sink, Staging};
use crate::plan;
use crate::progress::Progress;
use crate::render::pages::SEARCH_DOCUMENT;
use crate::render::{Pages, Renderer};
use crate::search::SearchIndex;
use crate::site::Site;
use crate::tools::{commentary_links, init, links};

/// Options of `benchsite build`.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Output folder; `<root>/public` when not given.
    pub out: Option<PathBuf>,
    pub base_url: Option<String>,
    /// Include Markdown marked `draft: true`.
    pub drafts: bool,
    /// Also write `.gz` and `.br` siblings of text files, for CDNs that serve them.
    pub precompress: bool,
    /// Draw a progress bar on stderr if the build takes over a second (stderr is a terminal).
    pub progress: bool,
    /// Build the search index under `/pagefind/` (`--no-search` turns it off).
    pub search: bool,
    /// Write the deploy list (output paths added, changed, removed) to this file as JSON.
    pub changes: Option<PathBuf>,
}

/// What a build did, for its summary line.
#[derive(Debug, Clone)]
pub struct Summary {
    pub records_read: usize,
    pub configurations: usize,
    pub superseded: usize,
    pub pages: usize,
    pub files: usize,
    pub bytes: u64,
    pub elapsed: Duration,
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} records read, {} configurations kept, {} superseded; {} pages, {} files, {:.1} MB in {:.2} s",
            self.records_read,
            self.configurations,
            self.superseded,
            self.pages,
            self.files,
            self.bytes as f64 / 1e6,
            self.elapsed.as_secs_f64()
        )
    }
}

/// Input and plan: loads and checks every input under `root`, plans the pages and attaches
/// the commentary. Every problem found on the way is reported together.
pub fn load(root: &Path, drafts: bool) -> Result<Site> {
    init::ensure_site(root)?;
    let (inputs, mut problems) = input::load(root, drafts)?;
    let plan = plan::plan(&inputs.data);
    let attached = plan::attach(&inputs.content, &plan, &inputs.catalog)
        .map_err(|mut d| problems.append(&mut d))
        .unwrap_or_default();
    if !problems.is_empty() {
        return Err(Error::Invalid(input::relative(problems, root)));
    }
    Ok(Site::new(inputs, plan, attached))
}

/// Builds the site into the output folder; on any error nothing is written.
pub fn build(options: &BuildOptions) -> Result<Summary> {
    let started = Instant::now();
    let mut site = load(&options.root, options.drafts)?;
    if let Some(url) = &options.base_url {
        site.config.base_url = config::base_url_flag(url)?;
    }
    let progress = Progress::new(site.plan.pages.len(), options.progress);
    let out = options
        .out
        .clone()
        .unwrap_or_else(|| options.root.join("public"));
    let staging = Staging::new(&out, options.precompress)?;
    write_site(&site, &progress, &staging, options.search)?;
    let changes = match &options.changes {
        Some(_) => Some(staging.changes()?),
        None => None,
    };
    let written = staging.commit()?;
    if let (Some(file), Some(changes)) = (&options.changes, changes) {
        std::fs::write(file, changes.to_json()).map_err(|e| Error::io(file, e))?;
    }
    Ok(Summary {
        records_read: site.data.read,
        configurations: site.data.records.len(),
        superseded: site.data.superseded,
        pages: written.pages,
        files: written.files,
        bytes: written.bytes,
        elapsed: started.elapsed(),
    })
}

/// Compute and render: every file of the site, into `sink`, and with `search` the search
/// index over the pages (when the site has the `search-document.html` template).
///
/// Hubs are computed first, together: their series are the rankings' candidates. The other
/// pages are computed as they are rendered.
pub fn write_site(site: &Site, progress: &Progress, sink: &dyn Sink, search: bool) -> Result<()> {
    let renderer = Renderer::new(&site.templates)?;
    let figures = RecordFigures::new(&site.data, &site.catalog);
    let spreads = Spreads::new(&site.data);
    let index = (search && renderer.has(SEARCH_DOCUMENT)).then(SearchIndex::default);
    let pages = Pages::new(site, &renderer, &figures, &spreads, index.as_ref(), sink)?;
    let provider = site.config.default_cost;
    let compute_page = |p| compute::compute(p, &site.data, &site.catalog, provider, &spreads);
    let hubs: Vec<PageData> = site.plan.hubs().par_iter().map(compute_page).collect();
    let tiers = &site.config.ranking_tiers;
    let rankings = compute::rankings(&site.plan, &hubs, tiers, &site.catalog, provider);
    // The index and ranking pages are rendered alongside, not after, the data pages. Each
    // data page hands back its history's summary for the feeds.
    let (data_pages, index_pages) = rayon::join(
        || {
            site.plan
                .pages
                .par_iter()
                .enumerate()
                .map(|(i, p)| {
                    let data = match hubs.get(i) {
                        Some(hub) => Cow::Borrowed(hub),
                        None => Cow::Owned(compute_page(p)),
                    };
                    put_all(sink, pages.data_page(p, &data)?)?;
                    progress.inc();
                    Ok::<PageRuns, Error>(PageRuns::of(i, &data.history))
                })
                .collect::<Result<Vec<PageRuns>>>()
        },
        || put_all(sink, pages.index_pages(&rankings)?),
    );
    let changes = data_pages?;
    index_pages?;
    progress.finish();
    put_all(sink, pages.feeds(&changes)?)?;
    put_all(sink, pages.sitemaps(&sink.pages()))?;
    sink.put(pages.robots())?;
    match index {
        Some(index) => index.write(sink),
        None => Ok(()),
    }
}

fn put_all(sink: &dyn Sink, files: Vec<OutputFile>) -> Result<()> {
    files.into_iter().try_for_each(|f| sink.put(f))
}

/// `benchsite check`: loads, validates and renders everything without writing, then checks
/// every internal link and anchor. Broken links are input problems (exit status 1).
pub fn check(root: &Path, drafts: bool) -> Result<String> {
    let site = load(root, drafts)?;
    // The search box's links are checked; the index itself holds no links to check.
    let files = render(&site, false)?;
    let broken = links::check_links(&files);
    if !broken.is_empty() {
        let problems = commentary_links::diagnostics(&broken, &site.content, &site.attached, root);
        return Err(Error::Invalid(problems));
    }
    let pages = files.iter().filter(|f| f.path.ends_with(".html")).count();
    Ok(format!(
        "{pages} pages and {} files rendered; every internal link and anchor resolves",
        files.len()
    ))
}

/// Renders every file of the site in memory, sorted by path; with `search`, the search index.
pub fn render(site: &Site, search: bool) -> Result<Vec<OutputFile>> {
    let memory = Memory::default();
    write_site(site, &Progress::hidden(), &memory, search)?;
    Ok(memory.into_files())
}
