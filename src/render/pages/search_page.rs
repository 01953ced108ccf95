//! `/search/`: the whole site's search with its filters (SPEC §14); written only when the
//! build has a search index.

use serde::Serialize;
use serde_json::json;

use super::Pages;
use crate::error::Result;
use crate::output::OutputFile;
use crate::plan::urls;
use crate::render::search_view::FILTERS;
use crate::render::views::Link;

#[derive(Serialize)]
struct SearchBody {
    filters: Vec<FilterView>,
    /// Where to browse instead when a search finds nothing: each model's page, the rankings,
    /// every page from the home page (static/search.js shows them then).
    browse: Vec<Link>,
}

#[derive(Serialize)]
struct FilterView {
    name: &'static str,
    label: &'static str,
}

pub(super) fn render(pages: &Pages) -> Result<OutputFile> {
    let description = pages.describe("search", &json!({}))?;
    let mut meta = pages.meta("Search".into(), description, urls::SEARCH, urls::SEARCH);
    meta.breadcrumbs = vec![
        Link::new("Home", urls::HOME),
        Link::new("Search", urls::SEARCH),
    ];
    let filters = FILTERS
        .iter()
        .map(|&(name, label)| FilterView { name, label })
        .collect();
    pages.page(
        "search.html",
        meta,
        SearchBody {
            filters,
            browse: browse(pages),
        },
    )
}

/// The models with pages (those with hubs, as the home page lists them), then the rankings and
/// the home page.
fn browse(pages: &Pages) -> Vec<Link> {
    let site = pages.site;
    site.catalog
        .models
        .iter()
        .filter(|m| site.plan.has_model_page(&m.id))
        .map(|m| Link::new(m.name.clone(), urls::model(&m.id)))
        .chain([
            Link::new("Rankings", urls::RANKINGS),
            Link::new("Every benchmark, from the home page", urls::HOME),
        ])
        .collect()
}
