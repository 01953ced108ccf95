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
    pages.page("search.html", meta, SearchBody { filters })
}
