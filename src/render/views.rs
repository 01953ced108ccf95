//! What templates see: plain serializable views of a page. Numbers stay numbers (templates
//! format them with filters); choices such as which cell is better are made here, in Rust.
//! The matched table's view is [`crate::render::table`].

use serde::Serialize;

use crate::compute::{Figures, Spread};
use crate::input::catalog::CostProvider;
use crate::input::config::SiteConfig;
use crate::input::content::{ContentFile, FrontMatter};
use crate::input::record::Record;
use crate::plan::{Family, urls};
use crate::render::chart::Axes;
use crate::render::labels;
use crate::render::markdown::{Document, Heading};
use crate::render::plot::Toggle;
use crate::render::search_view::SearchView;
use crate::render::wording;
use crate::types::Sequence;

/// Site-wide values every template can use.
#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    pub title: String,
    pub base_url: String,
    pub description: String,
    /// Root-relative URL of the fingerprinted stylesheet.
    pub css: String,
    /// Root-relative URL of the fingerprinted chart script.
    pub chart_js: String,
    /// Root-relative URL of the fingerprinted ranking chart script.
    pub ranking_js: String,
    /// Root-relative URL of the reader tools' script (your prices, shareable state, copy
    /// link, embed snippet), loaded before the chart scripts, which use it.
    pub reader_js: String,
    /// Root-relative URL of "Your speed"'s script (a column of the matched table, or a ranking,
    /// at the reader's own tok/s/user), or empty when `static/` has no `speed.js`: the control
    /// then is left out.
    pub speed_js: String,
    /// Root-relative URL of the frontier spline (SPEC §3's, in JavaScript), which the chart
    /// glue and "Your speed" read frontiers with; loaded before them.
    pub spline_js: String,
    /// Root-relative URL of `static/favicon.svg`, or empty when the site has none.
    pub favicon: String,
    /// Root-relative URL of `static/favicon.ico`, the icon for browsers and feed readers that
    /// do not read SVG, or empty when the site has none.
    pub favicon_ico: String,
    /// Where pages load ECharts from.
    pub echarts: ScriptSource,
    /// The header's search box, or none when the build has no search index (`--no-search`).
    pub search: Option<SearchAssets>,
    /// The editors' pages the navigation links (`Site::nav_pages`), each named by its file
    /// (`about-us.md` → "About us"): a page's title is often a sentence, too long for a nav.
    /// (Every page shows this view: what it is made from must be part of every page's
    /// fingerprint, `incremental::fingerprint`.)
    pub pages: Vec<Link>,
    /// Whether `pages` has `/methodology/`: what layouts made before `pages` link.
    pub methodology: bool,
}

/// Root-relative URLs of the search box's files: the site's small `search.js`, which loads
/// Pagefind's Component UI (script and stylesheet) when a reader first reaches for the box.
#[derive(Debug, Clone, Serialize)]
pub struct SearchAssets {
    pub script: String,
    pub ui_js: String,
    pub ui_css: String,
}

/// A third-party script: the pinned CDN copy with its SRI hash, or a self-hosted copy (no
/// hash: `integrity` is empty, which the page's loader reads as "none").
#[derive(Debug, Clone, Serialize)]
pub struct ScriptSource {
    pub src: String,
    pub integrity: String,
}

/// The chart of a data page: its embedded JSON (already escaped for a script element), the
/// default view drawn in HTML and SVG until ECharts loads (`plot`), its accessible name, and
/// whether the precision toggle has anything to add, and what the axis selectors offer.
#[derive(Debug, Clone, Serialize)]
pub struct ChartView {
    pub json: String,
    pub plot: String,
    pub label: String,
    pub has_other_precisions: bool,
    pub axes: &'static Axes,
    /// Where the rings mark the lead changing hands, tok/s/user (comparisons only).
    pub lead_changes: Vec<f64>,
    /// Whether a point the chart holds (other precisions' too, which a toggle shows) is
    /// disaggregated with an input or output throughput: result files give those per prefill
    /// GPU and per decode GPU, where the total is per GPU of both, so the two do not add up
    /// to it (the caption says so).
    pub split_gpus: bool,
    /// A checkbox per legend entry (`partials/series_toggles.html`).
    pub toggles: Vec<Toggle>,
}

/// A link as templates print it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Link {
    pub label: String,
    pub href: String,
}

impl Link {
    pub fn new(label: impl Into<String>, href: impl Into<String>) -> Link {
        Link {
            label: label.into(),
            href: href.into(),
        }
    }
}

/// One of a set of alternative pages (the same page at each sequence, each comparison
/// family); `current` marks the page's own.
#[derive(Debug, Clone, Serialize)]
pub struct ChoiceLink {
    pub label: String,
    pub href: String,
    pub current: bool,
}

impl ChoiceLink {
    /// The same page at `sequence`.
    pub fn sequence(sequence: Sequence, href: String, current: Sequence) -> ChoiceLink {
        ChoiceLink {
            label: labels::sequence(sequence),
            href,
            current: sequence == current,
        }
    }

    /// A comparison family's index page.
    pub fn family(family: Family, current: Option<Family>) -> ChoiceLink {
        ChoiceLink {
            label: labels::family(family).to_string(),
            href: family.index_path(),
            current: current == Some(family),
        }
    }
}

/// An editors' Markdown file as templates see it: its front matter, its HTML and its table of
/// contents.
#[derive(Debug, Clone, Serialize)]
pub struct ContentView<'a> {
    pub url_path: &'a str,
    pub front: &'a FrontMatter,
    pub html: &'a str,
    /// The `##` headings, when there are enough of them to need a table of contents (a short
    /// page's sections are in view anyway); else empty.
    pub toc: Vec<&'a Heading>,
}

/// How many `##` sections a page needs before it gets a table of contents.
pub const TOC_FROM: usize = 4;

impl<'a> ContentView<'a> {
    pub fn new(file: &'a ContentFile, document: &'a Document) -> ContentView<'a> {
        ContentView {
            url_path: &file.url_path,
            front: &file.front,
            html: &document.html,
            toc: table_of_contents(&document.headings),
        }
    }
}

/// The sections listed under "On this page": the `##` headings, if there are [`TOC_FROM`] or
/// more. Deeper headings are left out so that the list stays short.
fn table_of_contents(headings: &[Heading]) -> Vec<&Heading> {
    let sections: Vec<&Heading> = headings.iter().filter(|h| h.level == 2).collect();
    if sections.len() >= TOC_FROM {
        sections
    } else {
        Vec::new()
    }
}

/// Head and navigation of a page.
#[derive(Debug, Clone, Serialize)]
pub struct Meta {
    pub title: String,
    pub description: String,
    /// Root-relative path of the page (`/dsr1/`).
    pub path: String,
    /// Absolute canonical URL.
    pub canonical: String,
    /// The home page (its title is the site's alone).
    pub home: bool,
    /// A page under the home page's "Benchmarks": a model's page or a hub (the navigation
    /// marks its link).
    pub benchmarks: bool,
    pub breadcrumbs: Vec<Link>,
    /// The page's entry in the search index, or none for pages not to be found by search.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub search: Option<SearchView>,
    /// The Atom feed the page announces in its `<head>`: the site's, or on a model's pages
    /// (hubs, comparisons, rankings, the model page) the model's.
    pub feed: Link,
}

impl Meta {
    pub fn new(
        config: &SiteConfig,
        title: String,
        description: String,
        path: &str,
        canonical_path: &str,
    ) -> Meta {
        Meta {
            title,
            description: truncate(&description, 155),
            path: path.to_string(),
            home: path == urls::HOME,
            benchmarks: false,
            canonical: format!("{}{}", config.base_url, canonical_path),
            breadcrumbs: Vec::new(),
            search: None,
            feed: Link::new(format!("{}: changes by run", config.title), urls::FEED),
        }
    }

    /// Marks the page as one under "Benchmarks" ([`Meta::benchmarks`]).
    pub fn under_benchmarks(mut self) -> Meta {
        self.benchmarks = true;
        self
    }

    /// Announces model `id`'s feed (`name` is the model's display name) instead of the site's.
    pub fn model_feed(mut self, id: &crate::types::ModelId, name: &str) -> Meta {
        self.feed = Link::new(format!("{name}: changes by run"), urls::model_feed(id));
        self
    }
}

/// Everything a template renders: the site, the page's meta, its body, and the editors'
/// commentary attached to it.
#[derive(Debug, Serialize)]
pub struct PageView<'a, B: Serialize> {
    pub site: &'a SiteView,
    pub meta: Meta,
    pub page: B,
    pub commentary: &'a [ContentView<'a>],
}

/// A serving setup as the measured-points tables head its rows (`partials/points_tables.html`).
#[derive(Debug, Clone, Serialize)]
pub struct SetupView {
    /// The engine as a hub series names it (`SGLang Disagg · MTP`), so that a side mixing
    /// speculative decoding on and off does not show what look like repeated setups; breakable
    /// only between its parts ([`breakable_between`]).
    pub engine: String,
    /// The layout (`P 4×TP1 DPA (16 GPUs) / D TP1 DPA (48 GPUs)`), breakable only between its
    /// phases.
    pub parallelism: String,
    /// Shown only where a page's sides mix precisions.
    pub precision: Option<String>,
}

impl SetupView {
    /// Record `r`'s setup, with its precision when `with_precision`.
    pub fn new(r: &Record, with_precision: bool) -> SetupView {
        SetupView {
            engine: breakable_between(&labels::series_parts(&r.serving()), "·"),
            parallelism: breakable_between(&r.parallelism.phases(), "/"),
            precision: with_precision.then(|| labels::precision(&r.precision)),
        }
    }
}

/// One measured point as the measured-points tables show it (`partials/point_row.html`), under
/// its setup's heading ([`SetupView`]).
#[derive(Debug, Clone, Serialize)]
pub struct MeasuredRow {
    /// The accelerator's id, with `throughput` what `static/reader.js` reprices the row by.
    pub hardware: String,
    pub conc: u32,
    pub interactivity: f64,
    pub throughput: f64,
    pub cost_per_mtok: f64,
    pub tok_s_mw: f64,
    /// For a configuration measured in several runs: its throughput range and the number of
    /// runs (`694–721 · 3 runs`, breakable only after the `·`), and its interactivity range
    /// (`40.1–41.2`).
    pub throughput_spread: Option<String>,
    pub interactivity_spread: Option<String>,
}

impl MeasuredRow {
    /// A record's row, priced by `provider` from its precomputed figures.
    pub fn new(
        r: &Record,
        figures: &Figures,
        spread: Option<&Spread>,
        provider: CostProvider,
    ) -> MeasuredRow {
        let spread = spread.filter(|s| s.repeated());
        MeasuredRow {
            throughput_spread: spread.map(|s| {
                let range = range(s.throughput_min, s.throughput_max, 0);
                breakable_between(&[range, format!("{} runs", s.runs)], "·")
            }),
            interactivity_spread: spread
                .map(|s| range(s.interactivity_min, s.interactivity_max, 1)),
            hardware: r.hardware.to_string(),
            conc: r.conc,
            interactivity: r.interactivity.0,
            throughput: r.throughput,
            cost_per_mtok: figures.cost_per_mtok(provider),
            tok_s_mw: figures.tok_s_mw,
        }
    }
}

/// `parts` joined by ` {separator} `, with no-break spaces everywhere but after each
/// separator: a narrow table column wraps the text between parts, never inside one, and no
/// line starts with a separator. No markup, so it costs a byte or two per space: these cells
/// are on every measured point of every page.
pub fn breakable_between(parts: &[String], separator: &str) -> String {
    let glued: Vec<String> = parts.iter().map(|p| p.replace(' ', "\u{a0}")).collect();
    glued.join(&format!("\u{a0}{separator} "))
}

/// `694–721`, `10,205–10,229`: a range with `digits` decimals and thousands separators, as the
/// tables write single values, rounded outwards (the low end down, the high end up) so that it
/// holds every value in it as the tables print them: a newest value of 906.9 sits beside
/// `906–928`, not `907–927`. One value where both ends come to it (`90.0`, not `90.0–90.0`).
pub fn range(lo: f64, hi: f64, digits: usize) -> String {
    let step = 10f64.powi(digits as i32);
    // The nudge keeps a value that is already whole at this precision (41.2 × 10 may come out
    // as 412.00000000000006) from rounding out a step further.
    let lo = wording::grouped((lo * step + 1e-6).floor() / step, digits);
    let hi = wording::grouped((hi * step - 1e-6).ceil() / step, digits);
    if lo == hi { lo } else { format!("{lo}–{hi}") }
}

/// A repeated configuration's spread for the chart's tooltip:
/// `694–721 tok/s/GPU, 40.1–41.2 tok/s/user over 3 runs`; empty for one run.
pub fn spread_note(spread: &Spread) -> String {
    if !spread.repeated() {
        return String::new();
    }
    format!(
        "{} tok/s/GPU, {} tok/s/user over {} runs",
        range(spread.throughput_min, spread.throughput_max, 0),
        range(spread.interactivity_min, spread.interactivity_max, 1),
        spread.runs
    )
}

/// Cuts `text` to at most `max` characters at a word boundary, adding `…`.
pub fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max - 1).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.', ' ']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_break_only_after_their_separators() {
        let parts = ["P 4×TP1 DPA (16 GPUs)", "D TP1 DPA"].map(String::from);
        assert_eq!(
            breakable_between(&parts, "/"),
            "P\u{a0}4×TP1\u{a0}DPA\u{a0}(16\u{a0}GPUs)\u{a0}/ D\u{a0}TP1\u{a0}DPA"
        );
        assert_eq!(breakable_between(&["SGLang".to_string()], "·"), "SGLang");
    }

    #[test]
    fn ranges_round_outwards_group_thousands_and_collapse_when_both_ends_meet() {
        assert_eq!(range(694.4, 720.6, 0), "694–721");
        assert_eq!(range(10205.4, 10228.2, 0), "10,205–10,229");
        assert_eq!(range(101.6, 102.4, 0), "101–103");
        assert_eq!(range(102.0, 102.0, 0), "102");
        assert_eq!(range(40.1, 41.2, 1), "40.1–41.2");
        assert_eq!(range(90.0, 90.04, 1), "90.0–90.1");
        assert_eq!(range(90.0, 90.0, 1), "90.0");
        // The reviewer's case: 906.9 printed (one decimal) beside its own range.
        assert_eq!(range(906.9, 927.3, 0), "906–928");
    }

    proptest::proptest! {
        /// Every value in a range lies within the printed ends (read back as numbers), also
        /// when printed with one decimal more, as the tables print a throughput (906.9)
        /// beside its whole-number range.
        #[test]
        fn a_printed_range_holds_every_value_in_it(
            lo in 0.0f64..1e6,
            width in 0.0f64..1e4,
            // The newest value is often one end of its range.
            at in proptest::prop_oneof![proptest::strategy::Just(0.0), proptest::strategy::Just(1.0), 0.0f64..=1.0],
            digits in 0usize..3,
        ) {
            let hi = lo + width;
            let value = lo + width * at;
            let read = |s: &str| s.replace(',', "").parse::<f64>().unwrap();
            let printed = range(lo, hi, digits);
            let (a, b) = printed.split_once('–').unwrap_or((&printed, &printed));
            let shown = read(&wording::grouped(value, digits + 1));
            proptest::prop_assert!(read(a) <= shown && shown <= read(b), "{value} {printed}");
        }
    }

    #[test]
    fn descriptions_are_cut_at_a_word() {
        assert_eq!(truncate("short", 155), "short");
        let long = "word ".repeat(40);
        let cut = truncate(&long, 155);
        assert!(cut.chars().count() <= 155, "{cut}");
        assert!(cut.ends_with("word…"), "{cut}");
    }
}
