//! What a page tells the search index about itself (SPEC §14): the result's title, the words
//! readers type for it, and its filters, all from the page's own plan rather than guessed from
//! its text. `templates/search-document.html` turns this, with the page's summary, into the
//! document Pagefind indexes.

use serde::Serialize;

use crate::input::catalog::Catalog;
use crate::plan::{Family, PagePlan};
use crate::render::labels;
use crate::types::{HardwareId, ModelId, Precision, Sequence};

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
    /// What a hub page is about, its accelerator, precision and sequence, said again at the
    /// title's weight: a search for a chip's name, or for a combination ("MI355X FP8 8k/1k"),
    /// then lists the hubs before the comparisons that include them, which name them as often
    /// in shorter documents. Empty on other pages.
    pub subject: Vec<String>,
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
            subject: Vec::new(),
            filters: vec![Facet::new("family", kind)],
            text: Vec::new(),
        }
    }

    /// A hub or comparison: `title` is its heading, completed with the model and sequence
    /// where the heading lacks them; `precisions` are the page's (a chip comparison's are its
    /// sides' points'); `series` are its sides' or series' names.
    pub fn data_page(
        plan: &PagePlan,
        precisions: &[Precision],
        catalog: &Catalog,
        title: String,
        series: &[String],
    ) -> Self {
        let subject = &plan.subject;
        let family = subject.family();
        let mut view =
            SearchView::model_page(plan.subject.model(), catalog, title, labels::family(family));
        view.push("sequence", labels::sequence(plan.sequence));
        view.keywords.push(labels::sequence(plan.sequence));
        let hardware: Vec<String> = (subject.hardware().into_iter())
            .map(|id| view.push_hardware(catalog, id))
            .collect();
        let mut precisions: Vec<String> = precisions.iter().map(labels::precision).collect();
        precisions.sort();
        precisions.dedup();
        for p in &precisions {
            view.push("precision", p.clone());
            view.keywords.push(p.clone());
        }
        if family == Family::Hub {
            view.subject = (hardware.into_iter())
                .chain(precisions)
                .chain([labels::sequence(plan.sequence)])
                .collect();
        }
        view.keywords
            .extend(family_words(family).iter().map(|w| w.to_string()));
        view.keywords.extend(series.iter().cloned());
        view.tidy();
        view
    }

    /// A page about one model (its overview, a ranking, or a data page before its specifics);
    /// `kind` is the `family` filter's value.
    pub fn model_page(model: &ModelId, catalog: &Catalog, title: String, kind: &str) -> Self {
        let name = labels::model(catalog, model);
        let mut view = SearchView {
            title,
            filters: vec![Facet::new("model", &name), Facet::new("family", kind)],
            keywords: vec![model.to_string(), name],
            subject: Vec::new(),
            text: Vec::new(),
        };
        view.tidy();
        view
    }

    /// A ranking page: the model's accelerators ranked at one sequence. Each ranked
    /// accelerator is a keyword and a filter value, so that "cheapest B200" finds it.
    pub fn ranking(
        model: &ModelId,
        sequence: Sequence,
        hardware: &[&HardwareId],
        catalog: &Catalog,
        title: String,
    ) -> Self {
        let mut view = SearchView::model_page(model, catalog, title, RANKING);
        view.push("sequence", labels::sequence(sequence));
        for id in hardware {
            view.push_hardware(catalog, id);
        }
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
        view.tidy();
        view
    }

    /// An editor's page: its words are its text, and its address's (`/methodology/`), which
    /// the site's links name it by.
    pub fn article(title: &str, path: &str, html: String) -> Self {
        let mut view = SearchView::page(title, ARTICLE);
        view.keywords = words(&path.replace(['/', '-', '_'], " "));
        view.text = vec![html];
        view.tidy();
        view
    }

    /// Accelerator `id` as a filter value and as keywords (its id and name); returns its name.
    fn push_hardware(&mut self, catalog: &Catalog, id: &HardwareId) -> String {
        let name = labels::hardware(catalog, id);
        self.push("hardware", name.clone());
        self.keywords.extend([id.to_string(), name.clone()]);
        name
    }

    fn push(&mut self, filter: &'static str, value: String) {
        self.filters.push(Facet::new(filter, &value));
    }

    /// Keeps each keyword once, ignoring case (Pagefind does), and only where the title does
    /// not already say it: the title is indexed at a higher weight, and a result's excerpt
    /// should read as the page's words, not `b200 · B200 · FP4 · … · FP4`.
    fn tidy(&mut self) {
        let title = words(&self.title);
        let mut seen: Vec<String> = Vec::new();
        self.keywords.retain(|k| {
            let lower = k.to_lowercase();
            let phrase = words(k);
            let said = phrase.is_empty()
                || seen.contains(&lower)
                || title.windows(phrase.len()).any(|w| w == phrase.as_slice());
            seen.push(lower);
            !said
        });
    }
}

/// The lower-case words of `text` (`1k/1k`, `gpt-oss-120b` and `3.3` each stay one word).
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || matches!(c, '/' | '-' | '.')))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
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

#[cfg(test)]
mod tests {
    use super::*;

    fn tidied(title: &str, keywords: &[&str]) -> Vec<String> {
        let mut view = SearchView::page(title, OVERVIEW);
        view.keywords = keywords.iter().map(|k| k.to_string()).collect();
        view.tidy();
        view.keywords
    }

    #[test]
    fn an_article_is_found_by_its_address() {
        let keywords =
            |title: &str, path: &str| SearchView::article(title, path, String::new()).keywords;
        assert_eq!(
            keywords("How the numbers are computed", "/methodology/"),
            ["methodology"]
        );
        assert_eq!(
            keywords("Notes on MTP", "/notes/spec-decode_faq/"),
            ["spec", "decode", "faq"]
        );
        assert!(keywords("About", "/about/").is_empty());
    }

    #[test]
    fn keywords_the_title_already_says_are_left_out() {
        assert_eq!(
            tidied(
                "B200 FP4 vs FP8 Precision · DeepSeek R1 · 1k/1k",
                &[
                    "dsr1",
                    "DeepSeek R1",
                    "1k/1k",
                    "b200",
                    "B200",
                    "FP4",
                    "FP8",
                    "precision",
                    "quantization"
                ],
            ),
            ["dsr1", "quantization"]
        );
    }

    #[test]
    fn keywords_are_kept_once_whatever_their_case() {
        assert_eq!(
            tidied(
                "Rankings",
                &["gb200", "GB200 NVL72", "GB200", "MTP", "mtp", "deepseek r1"]
            ),
            ["gb200", "GB200 NVL72", "MTP", "deepseek r1"]
        );
    }

    #[test]
    fn a_phrase_counts_as_said_only_whole_and_in_order() {
        // "R1 DeepSeek" is not "DeepSeek R1"; "NVL72" alone is in the title, "GB200" is not.
        assert_eq!(
            tidied(
                "B200 vs NVL72 · DeepSeek R1",
                &["R1 DeepSeek", "NVL72", "GB200", "Seek"]
            ),
            ["R1 DeepSeek", "GB200", "Seek"]
        );
    }
}
