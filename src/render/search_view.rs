//! What a page tells the search index about itself (SPEC §14): the result's title, the words
//! readers type for it, and its filters, all from the page's own plan rather than guessed from
//! its text. `templates/search-document.html` turns this, with the page's summary, into the
//! document Pagefind indexes.

use serde::Serialize;

use crate::input::catalog::Catalog;
use crate::plan::{Family, PagePlan};
use crate::render::labels::{self, Names};
use crate::types::{ModelId, Sequence};

/// The search filters and their labels, in the order the search page shows them.
pub const FILTERS: [(&str, &str); 5] = [
    ("model", "Model"),
    ("hardware", "Accelerator"),
    ("precision", "Precision"),
    ("sequence", "Sequence"),
    ("family", "Page kind"),
];

/// A page's entry in the search index.
#[derive(Debug, Clone, Serialize)]
pub struct SearchView {
    /// The result's title: `GB200 NVL72 FP4: MTP vs Off Speculative Decoding · DeepSeek R1 · 1k/1k`.
    pub title: String,
    /// Identifiers and names readers type (`gb200`, `GB200 NVL72`, `MTP`), weighted above the
    /// page's prose so that "GB200 MTP" finds the page about exactly that first.
    pub keywords: Vec<String>,
    /// A filter may have several values (chip vs chip: two chips).
    pub filters: Vec<Facet>,
    /// The page's prose as rendered HTML (an editor's page), indexed after the page's
    /// description; tables and chart data are left out.
    pub text: Vec<String>,
}

impl SearchView {
    /// A page that is not about one model or combination (home, an index, an editor's page).
    pub fn page(title: &str, kind: &str) -> SearchView {
        SearchView {
            title: title.to_string(),
            keywords: Vec::new(),
            filters: vec![Facet::new("family", kind)],
            text: Vec::new(),
        }
    }

    /// A hub or comparison: `title` is its heading, completed with the model and sequence
    /// where the heading lacks them; `series` are its sides' or series' names.
    pub fn data_page(plan: &PagePlan, catalog: &Catalog, title: String, series: &[String]) -> Self {
        let n = Names::of(&plan.subject, catalog);
        let family = plan.subject.family;
        let mut view =
            SearchView::model_page(&plan.subject.model, catalog, title, labels::family(family));
        view.push("sequence", labels::sequence(plan.sequence));
        view.keywords.push(labels::sequence(plan.sequence));
        for (id, name) in plan.subject.hardware.iter().zip(&n.hardware) {
            view.push("hardware", name.clone());
            view.keywords.extend([id.to_string(), name.clone()]);
        }
        let mut precisions: Vec<String> = plan
            .sides
            .iter()
            .filter_map(|s| s.filter.precision.as_ref().map(labels::precision))
            .chain(n.precision)
            .collect();
        precisions.sort();
        precisions.dedup();
        for p in precisions {
            view.push("precision", p.clone());
            view.keywords.push(p);
        }
        view.keywords
            .extend(family_words(family).iter().map(|w| w.to_string()));
        view.keywords.extend(series.iter().cloned());
        view.keywords.dedup();
        view
    }

    /// A page about one model (its overview, a ranking, or a data page before its specifics);
    /// `kind` is the `family` filter's value.
    pub fn model_page(model: &ModelId, catalog: &Catalog, title: String, kind: &str) -> Self {
        let name = labels::model(catalog, model);
        SearchView {
            title,
            filters: vec![Facet::new("model", &name), Facet::new("family", kind)],
            keywords: vec![model.to_string(), name],
            text: Vec::new(),
        }
    }

    /// A ranking page: the model's accelerators ranked at one sequence.
    pub fn ranking(model: &ModelId, sequence: Sequence, catalog: &Catalog, title: String) -> Self {
        let mut view = SearchView::model_page(model, catalog, title, RANKING);
        view.push("sequence", labels::sequence(sequence));
        view.keywords.extend(
            [
                "ranking",
                "ranked",
                "best",
                "cheapest",
                "lowest cost",
                "accelerators",
            ]
            .map(String::from),
        );
        view
    }

    fn push(&mut self, filter: &'static str, value: String) {
        self.filters.push(Facet::new(filter, &value));
    }
}

/// One filter value of a page: `hardware` = `GB200 NVL72`.
#[derive(Debug, Clone, Serialize)]
pub struct Facet {
    pub name: &'static str,
    /// Without commas, which would split Pagefind's `name:value, name:value` attribute.
    pub value: String,
}

impl Facet {
    fn new(name: &'static str, value: &str) -> Facet {
        Facet {
            name,
            value: value.replace(',', " "),
        }
    }
}

/// The `family` filter's values for pages that are not hubs or comparisons.
pub const RANKING: &str = "Ranking";
pub const MODEL: &str = "Model overview";
pub const OVERVIEW: &str = "Overview";
pub const ARTICLE: &str = "Article";

/// Words readers use for what a family compares, beyond its heading.
fn family_words(family: Family) -> &'static [&'static str] {
    match family {
        Family::Hub => &["benchmark", "throughput", "cost"],
        Family::SpecDecode => &[
            "speculative decoding",
            "spec decode",
            "MTP",
            "multi-token prediction",
        ],
        Family::Chip => &["chip vs chip", "accelerator comparison"],
        Family::Precision => &["precision", "quantization"],
        Family::Framework => &["serving framework", "engine"],
        Family::Disagg => &["disaggregated", "disagg", "prefill decode", "aggregated"],
    }
}
