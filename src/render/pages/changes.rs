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
use serde_json::json;

use super::Pages;
use super::feeds::{EntryView, RunKeys, summary, view};
use super::since::{RunView, run_view};
use crate::compute::feed::{FeedEntry, MAX_ENTRIES, NOTABLE_PERCENT};
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
    /// How many runs the page (and the feed) holds at most, the newest.
    max_runs: usize,
}

/// One run's section.
#[derive(Serialize)]
struct RunSection {
    /// The run's slug: the section's id is `run-<slug>`, which feed entries link to.
    slug: String,
    run: RunView,
    /// `46 pages changed by 5% or more`.
    summary: String,
    /// The pages, as the feed entry lists them (root-relative links).
    entry: EntryView,
}

/// The page: a section for each of the site feed's `entries`, named by `runs`.
pub(super) fn render(pages: &Pages, entries: &[FeedEntry], runs: &RunKeys) -> Result<OutputFile> {
    let site = pages.site;
    let sections = entries
        .iter()
        .map(|e| {
            Ok(RunSection {
                slug: runs.slug(e.run).to_string(),
                run: run_view(&site.data, e.run, site.data.dated()),
                summary: summary(pages, e)?,
                entry: view(pages, e, ""),
            })
        })
        .collect::<Result<_>>()?;
    let body = ChangesBody {
        runs: sections,
        notable_percent: NOTABLE_PERCENT,
        max_runs: MAX_ENTRIES,
    };
    let meta = meta(pages)?;
    // A search entry here would be lost: the index's parts are taken by now.
    debug_assert!(meta.search.is_none());
    pages.page(super::CHANGES_PAGE, meta, body)
}

/// Hands the page's search document to the index (see the module's doc).
pub(super) fn index_for_search(pages: &Pages) -> Result<()> {
    let mut meta = meta(pages)?;
    let mut entry = SearchView::page(&meta.title, search_view::OVERVIEW);
    entry.keywords = ["latest run", "what's new", "nightly", "history", "feed"]
        .map(String::from)
        .to_vec();
    meta.search = Some(entry);
    pages.index_for_search(&meta, &pages.commentary(urls::CHANGES))
}

/// The page's meta, without a search entry: the page is rendered after the index's parts are
/// taken, so its entry goes in early ([`index_for_search`]).
fn meta(pages: &Pages) -> Result<Meta> {
    let title = "Changes, run by run".to_string();
    let notable = json!({"notable_percent": NOTABLE_PERCENT});
    let description = pages.describe("changes", &notable)?;
    let mut meta = pages.meta(title.clone(), description, urls::CHANGES, urls::CHANGES);
    meta.breadcrumbs = vec![
        Link::new("Home", urls::HOME),
        Link::new(title, urls::CHANGES),
    ];
    Ok(meta)
}
