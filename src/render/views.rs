//! What templates see: plain serializable views of a page. Numbers stay numbers (templates
//! format them with filters); choices such as which cell is better are made here, in Rust.

use serde::Serialize;

use crate::compute::metrics::{self, FrontierPoint};
use crate::compute::{Figures, PageData, Spread, Values};
use crate::input::catalog::CostProvider;
use crate::input::config::SiteConfig;
use crate::input::content::{ContentFile, FrontMatter};
use crate::input::record::Record;
use crate::plan::{Family, urls};
use crate::render::chart::Axes;
use crate::render::markdown::{Document, Heading};
use crate::render::script::to_script_json;
use crate::render::search_view::SearchView;
use crate::render::wording;
use crate::render::{labels, marker};
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
    /// Whether the site has a methodology page (`content/methodology.md`) for the nav to link.
    /// (Every page shows this view: what it is made from must be part of every page's
    /// fingerprint, `incremental::fingerprint`.)
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
            canonical: format!("{}{}", config.base_url, canonical_path),
            breadcrumbs: Vec::new(),
            search: None,
            feed: Link::new(format!("{}: changes by run", config.title), urls::FEED),
        }
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

/// The matched table: one column per target interactivity, one row per metric, each cell
/// listing every side's value with the better one marked.
#[derive(Debug, Clone, Serialize)]
pub struct TableView {
    pub targets: Vec<f64>,
    pub rows: Vec<MetricRow>,
    /// Each side, in the cells' order, as `{"hw": accelerator, "knots": [[interactivity,
    /// throughput, concurrency], …]}` (its frontier; JSON escaped for a script element): what
    /// `static/speed.js` reads a column at the reader's own speed from, by the spline the
    /// targets are read with.
    pub frontiers: String,
    /// The slowest and fastest interactivity any side was measured at, rounded inward
    /// ([`measured`]): the range "Your speed" has values in.
    pub measured: [f64; 2],
}

/// A figure of the matched table. Serialized by name; the `figure` filter formats a value by
/// it ([`Metric::format`]), so the format of each figure is chosen in one place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    /// tok/s/GPU, one decimal with thousands separators: `1,269.4`.
    Throughput,
    /// USD per million tokens, three decimals: `$0.427`.
    Cost,
    /// tok/s/MW, whole with thousands separators: `584,977`.
    Power,
    /// Concurrency, about: `~64`.
    Concurrency,
}

impl Metric {
    /// The row heading. A unit does not break inside (a no-break space in `$/M tok`): on a
    /// phone the heading wraps before it.
    pub fn name(self) -> &'static str {
        match self {
            Metric::Throughput => "Throughput (tok/s/GPU)",
            Metric::Cost => "Cost ($/M\u{a0}tok)",
            Metric::Power => "tok/s/MW",
            Metric::Concurrency => "Concurrency",
        }
    }

    /// The decimals a value is printed with, in the tables and (for the chart's dimensions
    /// of this kind) in tooltips.
    pub const fn digits(self) -> u8 {
        match self {
            Metric::Throughput => 1,
            Metric::Cost => 3,
            Metric::Power | Metric::Concurrency => 0,
        }
    }

    /// A value as the table prints it.
    pub fn format(self, v: f64) -> String {
        let digits = usize::from(self.digits());
        match self {
            Metric::Throughput => wording::grouped(v, digits),
            Metric::Cost => wording::usd(v, digits),
            Metric::Power => wording::integer(v),
            Metric::Concurrency => format!("~{}", wording::grouped(v, digits)),
        }
    }

    /// The metric a template names (its serialized name).
    pub fn parse(name: &str) -> Option<Metric> {
        match name {
            "throughput" => Some(Metric::Throughput),
            "cost" => Some(Metric::Cost),
            "power" => Some(Metric::Power),
            "concurrency" => Some(Metric::Concurrency),
            _ => None,
        }
    }

    /// Whether the metric depends on the reader's prices (cost) or power (tok/s/MW).
    fn repriced(self) -> bool {
        matches!(self, Metric::Cost | Metric::Power)
    }

    pub(crate) fn better(self) -> Better {
        match self {
            Metric::Throughput | Metric::Power => Better::Higher,
            Metric::Cost => Better::Lower,
            Metric::Concurrency => Better::Neither,
        }
    }

    fn pick(self, v: &Values) -> f64 {
        match self {
            Metric::Throughput => v.throughput,
            Metric::Cost => v.cost_per_mtok,
            Metric::Power => v.tok_s_mw,
            Metric::Concurrency => v.concurrency,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct MetricRow {
    pub metric: Metric,
    pub name: &'static str,
    /// `[target][side]`.
    pub cells: Vec<Vec<Cell>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Cell {
    pub side: String,
    /// The side's colour slot, shared with the chart and legend.
    pub slot: usize,
    pub value: Option<f64>,
    /// The side's accelerator and, in the cost and tok/s/MW rows, its throughput at this
    /// target (`data-hw`, `data-t`): with them `static/reader.js` reprices those cells by
    /// SPEC §3's formulas.
    pub hardware: String,
    pub throughput: Option<f64>,
    /// The strictly best value among the sides in this cell.
    pub best: bool,
}

/// Which way is better for a metric.
#[derive(Clone, Copy)]
pub(crate) enum Better {
    Higher,
    Lower,
    Neither,
}

impl TableView {
    /// `None` when the page has no matched rows (the sides do not overlap). `labels` names the
    /// sides in page order.
    pub fn new(data: &PageData, labels: &[String]) -> Option<TableView> {
        if data.rows.is_empty() {
            return None;
        }
        let metrics = [
            Metric::Throughput,
            Metric::Cost,
            Metric::Power,
            Metric::Concurrency,
        ];
        let rows = metrics
            .into_iter()
            .map(|metric| MetricRow {
                metric,
                name: metric.name(),
                cells: data
                    .rows
                    .iter()
                    .map(|row| cells(data, labels, &row.values, metric))
                    .collect(),
            })
            .collect();
        Some(TableView {
            targets: data.rows.iter().map(|r| r.interactivity).collect(),
            rows,
            frontiers: frontiers_json(data),
            measured: measured(data.sides.iter().map(|s| s.frontier.as_slice())),
        })
    }
}

/// [`TableView::frontiers`]: each side's accelerator and its frontier's [`knots`].
fn frontiers_json(data: &PageData) -> String {
    #[derive(Serialize)]
    struct SideKnots<'a> {
        hw: &'a str,
        knots: Vec<[f64; 3]>,
    }
    let sides: Vec<SideKnots> = data
        .sides
        .iter()
        .map(|side| SideKnots {
            hw: side.hardware.as_str(),
            knots: knots(&side.frontier),
        })
        .collect();
    to_script_json(&sides)
}

/// A frontier as "Your speed" (`static/speed.js`) reads it: `[interactivity, throughput,
/// concurrency]` per knot, exactly the numbers the page's own figures were read from (JSON
/// writes the shortest decimals that round-trip, so the script reads the same doubles).
pub fn knots(frontier: &[FrontierPoint]) -> Vec<[f64; 3]> {
    frontier
        .iter()
        .map(|p| [p.interactivity, p.throughput, p.concurrency])
        .collect()
}

/// From the lowest start of `frontiers` to the highest end, where "Your speed" finds values,
/// each end rounded inward to one decimal: the field's hint gives them as the range to type
/// in, and 18.63 printed as 18.6 would name a speed that has no value. A range too narrow to
/// round inward (under 0.1 wide) is given as it is.
pub fn measured<'a>(frontiers: impl Iterator<Item = &'a [FrontierPoint]>) -> [f64; 2] {
    let ranges = frontiers.filter_map(metrics::range);
    let [lo, hi] = ranges.fold([f64::INFINITY, f64::NEG_INFINITY], |[lo, hi], (a, b)| {
        [lo.min(a), hi.max(b)]
    });
    let inward = [(lo * 10.0).ceil() / 10.0, (hi * 10.0).floor() / 10.0];
    if inward[0] <= inward[1] {
        inward
    } else {
        [lo, hi]
    }
}

fn cells(
    data: &PageData,
    labels: &[String],
    values: &[Option<Values>],
    metric: Metric,
) -> Vec<Cell> {
    let numbers: Vec<Option<f64>> = values
        .iter()
        .map(|v| v.as_ref().map(|v| metric.pick(v)))
        .collect();
    let best = best_index(&numbers, metric);
    numbers
        .iter()
        .enumerate()
        .map(|(slot, &value)| Cell {
            side: labels[slot].clone(),
            slot: marker::slot(slot),
            value,
            best: best == Some(slot),
            hardware: data.sides[slot].hardware.to_string(),
            throughput: values[slot]
                .filter(|_| metric.repriced())
                .map(|v| v.throughput),
        })
        .collect()
}

/// The index of the best of `numbers` as a reader sees them: at least two sides have a value,
/// and one beats every other by what the table prints. A value that prints like another is no
/// better: `$0.058` beside `$0.058` is a tie, though one is cheaper by a fraction of a cent.
/// (The prose tells such a pair apart with more digits: [`wording::money_beside`].)
pub(crate) fn best_index(numbers: &[Option<f64>], metric: Metric) -> Option<usize> {
    let sign = match metric.better() {
        Better::Higher => 1.0,
        Better::Lower => -1.0,
        Better::Neither => return None,
    };
    let present: Vec<(usize, f64)> = numbers
        .iter()
        .enumerate()
        .filter_map(|(i, v)| Some((i, (*v)?)))
        .collect();
    let key = |v: f64| v * sign;
    let (best_i, best_v) = present
        .iter()
        .copied()
        .max_by(|a, b| key(a.1).total_cmp(&key(b.1)))?;
    let shown = metric.format(best_v);
    let beats = |v: f64| key(v) < key(best_v) && metric.format(v) != shown;
    let strictly = present.len() > 1 && present.iter().all(|&(i, v)| i == best_i || beats(v));
    strictly.then_some(best_i)
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

    fn frontier(xs: &[f64]) -> Vec<FrontierPoint> {
        let point = |(i, &x): (usize, &f64)| FrontierPoint {
            interactivity: x,
            throughput: 1000.0 - i as f64,
            concurrency: 8.0,
        };
        xs.iter().enumerate().map(point).collect()
    }

    /// The hint's range has values at both ends as printed: rounded inward to one decimal
    /// (18.63 → 18.7, 120.98 → 120.9); a range under 0.1 wide is given as it is.
    #[test]
    fn the_measured_range_is_rounded_inward() {
        let sides = [
            frontier(&[18.63, 50.0]),
            frontier(&[30.0, 120.98]),
            frontier(&[]),
        ];
        assert_eq!(measured(sides.iter().map(|f| f.as_slice())), [18.7, 120.9]);
        let narrow = [frontier(&[40.02, 40.08])];
        assert_eq!(
            measured(narrow.iter().map(|f| f.as_slice())),
            [40.02, 40.08]
        );
        let whole = [frontier(&[20.0, 60.0])];
        assert_eq!(measured(whole.iter().map(|f| f.as_slice())), [20.0, 60.0]);
    }

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
    fn best_needs_a_strict_winner_among_two_or_more() {
        use Metric::{Concurrency, Cost, Power, Throughput};
        assert_eq!(best_index(&[Some(2.0), Some(1.0)], Throughput), Some(0));
        assert_eq!(best_index(&[Some(2.0), Some(1.0)], Cost), Some(1));
        assert_eq!(best_index(&[Some(2.0), Some(2.0)], Throughput), None);
        assert_eq!(best_index(&[Some(2.0), None], Throughput), None);
        assert_eq!(best_index(&[None, Some(1.0), Some(3.0)], Power), Some(2));
        assert_eq!(best_index(&[Some(1.0), Some(3.0)], Concurrency), None);
    }

    /// `/compare/gpt-oss-120b-h100-vs-h200/8k-1k/` at 91 tok/s/user: $0.058194 and $0.057904
    /// both print `$0.058`, so neither is bold; printed apart (`$0.058`, `$0.057`), the cheaper is.
    #[test]
    fn values_that_print_alike_are_a_tie() {
        use Metric::{Cost, Power, Throughput};
        assert_eq!(best_index(&[Some(0.058194), Some(0.057904)], Cost), None);
        assert_eq!(best_index(&[Some(0.0584), Some(0.0574)], Cost), Some(1));
        assert_eq!(
            best_index(&[Some(1269.44), Some(1269.36)], Throughput),
            None
        );
        assert_eq!(
            best_index(&[Some(1269.46), Some(1269.44)], Throughput),
            Some(0)
        );
        assert_eq!(best_index(&[Some(584_977.2), Some(584_976.9)], Power), None);
        // A tie for the best among three: no one is bold, though the third is worse.
        assert_eq!(
            best_index(&[Some(0.0581), Some(0.0579), Some(0.07)], Cost),
            None
        );
    }

    #[test]
    fn metrics_round_trip_through_their_names_and_format_as_the_spec_says() {
        for m in [
            Metric::Throughput,
            Metric::Cost,
            Metric::Power,
            Metric::Concurrency,
        ] {
            let name = serde_json::to_value(m).unwrap();
            assert_eq!(Metric::parse(name.as_str().unwrap()), Some(m));
        }
        assert_eq!(Metric::parse("throughput_"), None);
        // SPEC §4: one decimal, three decimals, separators, ~N (half away from zero); throughput
        // also has separators (issue 15).
        assert_eq!(Metric::Throughput.format(1269.45), "1,269.5");
        assert_eq!(Metric::Throughput.format(5901.94), "5,901.9");
        assert_eq!(Metric::Cost.format(0.4265), "$0.427");
        assert_eq!(Metric::Power.format(584_966.5), "584,967");
        assert_eq!(Metric::Concurrency.format(63.5), "~64");
        assert_eq!(Metric::Concurrency.format(2978.6), "~2,979");
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
