//! `/changes/`: what changed, run by run — the site's Atom feed as a web page, for readers
//! without a feed reader. One section per run, newest first (the feed's entries, at most
//! 50), each listing the pages whose throughput per GPU changed by 5% or more in that run,
//! in the words of the feed (`partials/feed_entry.html`). Feed entries that have no better
//! link point at their run's section here.
//!
//! Its body can only be rendered once every data page is, after the search index's parts are
//! taken; its search document (its title, description, words and commentary, never its
//! body) goes to the index earlier, with the index pages ([`index_for_search`]).

use serde::Serialize;

use super::Pages;
use super::feeds::{EntryView, RunIds, pages_changed, view};
use super::since::{RunView, run_view};
use crate::compute::feed::{NOTABLE_PERCENT, PageRuns, entries};
use crate::error::Result;
use crate::output::OutputFile;
use crate::plan::urls;
use crate::render::search_view::{self, SearchView};
use crate::render::views::{Link, Meta};

/// What `changes.html` sees.
#[derive(Serialize)]
struct ChangesBody {
    runs: Vec<RunSection>,
    /// The change, in percent, from which a page is listed.
    notable_percent: f64,
}

/// One run's section.
#[derive(Serialize)]
struct RunSection {
    /// The section's id without its `run-` (feed entries link to `#run-<slug>`).
    slug: String,
    run: RunView,
    /// `46 pages changed by 5% or more`.
    summary: String,
    /// The pages, as the feed entry lists them (root-relative links).
    entry: EntryView,
}

/// The page, from every data page's summary `changes`.
pub(super) fn render(pages: &Pages, changes: &[PageRuns]) -> Result<OutputFile> {
    let site = pages.site;
    let ids = RunIds::new(site);
    let all: Vec<&PageRuns> = changes.iter().collect();
    let runs = entries(&all, |run| site.data.rank_of(run))
        .iter()
        .map(|e| RunSection {
            slug: ids.slug(e.run).to_string(),
            run: run_view(&site.data.runs, e.run),
            summary: pages_changed(e.pages.len()),
            entry: view(pages, e, ""),
        })
        .collect();
    let body = ChangesBody {
        runs,
        notable_percent: NOTABLE_PERCENT,
    };
    pages.page("changes.html", meta(pages), body)
}

/// Hands the page's search document to the index (see the module's doc).
pub(super) fn index_for_search(pages: &Pages) -> Result<()> {
    let mut meta = meta(pages);
    let mut entry = SearchView::page(&meta.title, search_view::OVERVIEW);
    entry.keywords = ["latest run", "what's new", "nightly", "history", "feed"]
        .map(String::from)
        .to_vec();
    meta.search = Some(entry);
    pages.index_for_search(&meta, &pages.commentary(urls::CHANGES))
}

/// The page's meta, without a search entry: the page is rendered after the index is built.
fn meta(pages: &Pages) -> Meta {
    let title = "Changes, run by run".to_string();
    let description = format!(
        "Each benchmark run, newest first, with the pages whose throughput per GPU changed by {NOTABLE_PERCENT}% or more in it."
    );
    let mut meta = pages.meta(title.clone(), description, urls::CHANGES, urls::CHANGES);
    meta.breadcrumbs = vec![
        Link::new("Home", urls::HOME),
        Link::new(title, urls::CHANGES),
    ];
    meta
}
