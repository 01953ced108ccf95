//! The interactive chart's options, built in Rust with charming and embedded in the page as
//! JSON. Every point is embedded once, in ECharts datasets carrying every figure the controls
//! can plot; `static/chart.js` only switches which dimensions the series encode, hides
//! series, and draws the frontier for whichever axes are shown. The figures come computed
//! ([`crate::compute`]); this module only lays them out and rounds them for the plot.

use charming::Chart;
use charming::component::{Axis, DataZoom, DataZoomType, Grid, Legend};
use charming::element::{
    AxisType, DimensionEncode, ItemStyle, NameLocation, Symbol, Tooltip, Trigger,
};
use charming::series::Scatter;
use std::borrow::Cow;
use std::fmt::Write as _;
use std::sync::LazyLock;

use fnv::FnvHashMap;
use rayon::prelude::*;
use serde::Serialize;
use serde_json::value::RawValue;
use serde_json::{Value, json};

use crate::compute::metrics::{self, FrontierPoint};
use crate::compute::{Figures, RecordFigures, Spread, Spreads};
use crate::input::catalog::CostProvider;
use crate::input::record::Record;
use crate::intern::Interner;
use crate::render::plot::{self, Plot, PlotLine, PlotSeries, Rings, Toggle};
use crate::render::script::to_script_json;
use crate::render::{labels, marker, views};
use crate::types::RunDate;

mod axes;
mod figures;

pub(crate) use axes::digits;
pub use axes::{AXES, Axes};
pub(crate) use figures::plotted_value;

/// Colours of side slots 0–7, the same as `--side-0` … `--side-7` in `static/style.css`.
pub const PALETTE: [&str; 8] = [
    "#2f6fde", "#d9480f", "#2b8a3e", "#862e9c", "#c2255c", "#0c8599", "#8f6a00", "#495057",
];

/// The marker of the other-precision series the precision toggle adds: hollow, unlike any
/// side's.
const EXTRA_SYMBOL: &str = "emptyCircle";

/// Muted colours for the other-precision series the precision toggle adds.
const EXTRA_PALETTE: [&str; 3] = ["#868e96", "#adb5bd", "#5c677d"];

/// The dataset columns, in order. Missing figures are `null`.
pub const DIMENSIONS: [&str; 19] = [
    "interactivity",
    "e2el",
    "ttft",
    "throughput",
    "input",
    "output",
    "cost_hyperscaler",
    "cost_neocloud",
    "cost_rental_3yr",
    "tok_s_mw",
    "j_per_tok",
    "conc",
    "precision",
    "framework",
    "parallelism",
    "image",
    "date",
    "run_url",
    "spread",
];

/// Every record's dataset row, prepared once per build. A record is drawn on its hub, in
/// several comparisons and as another precision's series; formatting its figures again for
/// every page was a quarter of a large build.
pub struct ChartRows<'a> {
    /// The rows of the records `wanted` said pages would show; any other is prepared when a
    /// page asks for it (a rebuild that renders a few pages prepares only theirs).
    rows: Vec<Option<Row<'a>>>,
    records: &'a [Record],
    figures: &'a RecordFigures,
    spreads: &'a Spreads,
}

impl<'a> ChartRows<'a> {
    pub fn new(
        records: &'a [Record],
        figures: &'a RecordFigures,
        spreads: &'a Spreads,
        wanted: &(dyn Fn(usize) -> bool + Sync),
    ) -> ChartRows<'a> {
        let mut rows = ChartRows {
            rows: Vec::new(),
            records,
            figures,
            spreads,
        };
        rows.rows = (0..records.len())
            .into_par_iter()
            .map(|i| wanted(i).then(|| rows.render(i)))
            .collect();
        number_texts(rows.rows.iter_mut().flatten());
        rows
    }

    fn get(&self, i: usize) -> Cow<'_, Row<'a>> {
        match &self.rows[i] {
            Some(row) => Cow::Borrowed(row),
            None => Cow::Owned(self.render(i)),
        }
    }

    fn render(&self, i: usize) -> Row<'a> {
        let (figures, texts) = row(&self.records[i], self.figures.get(i), self.spreads.get(i));
        let mut figures = to_script_json(&figures);
        figures.pop(); // the closing bracket: the page appends the texts' places
        Row {
            figures,
            texts,
            numbers: None,
        }
    }
}

/// Numbers the prepared rows' texts build-wide, so that pages tell texts apart by number: a
/// page looked up every text of every row it showed, and comparing those strings cost more
/// than laying the rows out.
fn number_texts<'r, 'a: 'r>(rows: impl Iterator<Item = &'r mut Row<'a>>) {
    let mut build = Interner::default();
    for row in rows {
        row.numbers = Some(row.texts.each_ref().map(|t| build.place(t)));
    }
}

/// How many of the last [`DIMENSIONS`] hold text.
const TEXTS: usize = 7;

/// A record's dataset row as prepared once: its figures as script-safe JSON without the
/// closing bracket (`[40.1,0.9,…,64`), and its texts. A page writes each text once, in its own
/// table (`texts` in the document), and the row holds its place there: the same image,
/// framework and parallelism repeated in every row were a tenth of a large site's bytes.
#[derive(Clone)]
struct Row<'a> {
    figures: String,
    texts: [Cow<'a, str>; TEXTS],
    /// The texts' build-wide numbers ([`number_texts`]); `None` for a row prepared on demand.
    numbers: Option<[usize; TEXTS]>,
}

/// A page's texts, each once, in the order first met: the rows hold their places.
#[derive(Default)]
struct Texts {
    page: Interner,
    /// A build-wide text number's place on this page, once the page has met it.
    by_number: FnvHashMap<usize, usize>,
}

impl Texts {
    /// A dataset's rows as the page embeds them, `[[figures…, places of the texts…], …]`,
    /// written into one string: rows are most of a page's chart data.
    fn source<'r>(
        &mut self,
        rows: impl Iterator<Item = Cow<'r, Row<'r>>>,
    ) -> serde_json::Result<Box<RawValue>> {
        let mut json = String::from("[");
        for (n, row) in rows.enumerate() {
            if n > 0 {
                json.push(',');
            }
            json.push_str(&row.figures);
            for (k, text) in row.texts.iter().enumerate() {
                let _ = write!(json, ",{}", self.place(text, row.numbers.map(|n| n[k])));
            }
            json.push(']');
        }
        json.push(']');
        // Checked, rather than trusted: a figure that is not a JSON number would otherwise
        // reach the page as a chart that cannot load.
        RawValue::from_string(json)
    }

    /// The place of `text`, whose build-wide number is `number` when known.
    fn place(&mut self, text: &str, number: Option<usize>) -> usize {
        let Texts { page, by_number } = self;
        match number {
            Some(n) => *by_number.entry(n).or_insert_with(|| page.place(text)),
            None => page.place(text),
        }
    }
}

/// One group of points the chart can show: a page side (shown, with its frontier) or another
/// precision (toggled; the script draws its frontier).
pub struct ChartSeries<'a> {
    pub label: String,
    /// The accelerator every point of the series ran on (one per side in every family).
    pub hardware: String,
    /// Indices into the dataset's records.
    pub records: Vec<usize>,
    /// A side's frontier for the default axes; `None` for the other precisions of the same
    /// model, hardware and sequence.
    pub frontier: Option<&'a [FrontierPoint]>,
}

impl ChartSeries<'_> {
    fn is_side(&self) -> bool {
        self.frontier.is_some()
    }
}

/// The accessible name for the default axes.
pub fn aria_label(template: &str) -> String {
    let (x, y) = (&AXES.x[0], &AXES.y[0]);
    template.replace("{y}", &y.name).replace("{x}", &x.name)
}

/// The script's table of contents for the embedded option.
#[derive(Serialize)]
struct SeriesMeta {
    label: String,
    /// The series' accelerator: static/chart.js reprices its cost and power by it.
    hw: String,
    slot: usize,
    kind: SeriesKind,
    dataset: usize,
    color: &'static str,
    /// The points' marker ([`marker::echarts_symbol`]), which `static/chart.js` draws them
    /// with.
    symbol: String,
}

/// What a chart series stands for: one of the page's sides (or a hub's series), or the same
/// hardware at another precision (shown by the "other precisions" toggle; dashed, no legend).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
enum SeriesKind {
    Side,
    Precision,
}

/// The JSON embedded in `<script type="application/json" id="chart-options">`, escaped so
/// that no data string can end the script element (see [`to_script_json`]).
/// `aria_template` is the accessible name with `{y}` and `{x}` for the axes shown.
pub fn chart_json(
    series: &[ChartSeries],
    rows: &ChartRows,
    aria_template: &str,
    lead: &[[f64; 2]],
) -> serde_json::Result<String> {
    let meta: Vec<SeriesMeta> = series
        .iter()
        .enumerate()
        .map(|(i, s)| series_meta(series, i, s))
        .collect();
    let mut option = serde_json::to_value(option(series, &meta))?;
    patch(&mut option, &meta);
    let mut texts = Texts::default();
    let dataset = series
        .iter()
        .map(|s| {
            Ok(DatasetDoc {
                dimensions: &DIMENSIONS,
                source: texts.source(s.records.iter().map(|&i| rows.get(i)))?,
            })
        })
        .collect::<serde_json::Result<_>>()?;
    Ok(to_script_json(&Document {
        aria: aria_template,
        texts: texts.page.into_list(),
        option: OptionDoc {
            dataset,
            rest: option,
        },
        series: &meta,
        axes: &AXES,
        lead: (!lead.is_empty()).then_some(LeadMarks {
            label: LEAD_CHANGES,
            points: lead,
        }),
    }))
}

/// What the legend calls the rings where a comparison's lead changes hands.
pub const LEAD_CHANGES: &str = "Lead changes hands";

/// Where a comparison's lead in tok/s/GPU changes hands (`[interactivity, throughput]`, the
/// throughput both sides have there): `static/chart.js` rings them while the axes are the
/// default ones, which they are points of.
#[derive(Serialize)]
struct LeadMarks<'a> {
    label: &'static str,
    points: &'a [[f64; 2]],
}

/// The embedded document: the ECharts option, the script's table of contents for it, and what
/// the axis selectors offer.
#[derive(Serialize)]
struct Document<'a> {
    aria: &'a str,
    /// The texts the rows' last columns point into (precision, framework, parallelism, …).
    texts: Vec<String>,
    option: OptionDoc,
    series: &'a [SeriesMeta],
    axes: &'static Axes,
    #[serde(skip_serializing_if = "Option::is_none")]
    lead: Option<LeadMarks<'a>>,
}

/// The option with its datasets spliced in from the pre-rendered rows.
#[derive(Serialize)]
struct OptionDoc {
    dataset: Vec<DatasetDoc>,
    #[serde(flatten)]
    rest: Value,
}

#[derive(Serialize)]
struct DatasetDoc {
    dimensions: &'static [&'static str],
    source: Box<RawValue>,
}

fn series_meta(all: &[ChartSeries], i: usize, s: &ChartSeries) -> SeriesMeta {
    let sides_before = all[..i].iter().filter(|x| x.is_side()).count();
    let (kind, color, symbol) = if s.is_side() {
        let slot = marker::slot(sides_before);
        (
            SeriesKind::Side,
            PALETTE[slot],
            marker::echarts_symbol(slot),
        )
    } else {
        (
            SeriesKind::Precision,
            EXTRA_PALETTE[(i - sides_before) % EXTRA_PALETTE.len()],
            EXTRA_SYMBOL.to_string(),
        )
    };
    SeriesMeta {
        label: s.label.clone(),
        hw: s.hardware.clone(),
        slot: sides_before,
        kind,
        dataset: i,
        color,
        symbol,
    }
}

/// What every chart of the site shares: legend, grid, value axes named `x_name` and
/// `y_name`, zoom (inside and slider); [`patch_frame`] adds what charming lacks. Zoom reset and
/// PNG export are the page's own buttons (`partials/chart.html`), not ECharts' toolbox, which
/// would add 35 KB to the trimmed ECharts build (SPEC §15 "Weight").
pub(crate) fn frame(x_name: &str, y_name: &str, trigger: Trigger) -> Chart {
    Chart::new()
        .tooltip(Tooltip::new().trigger(trigger))
        .legend(
            Legend::new()
                .top(0)
                .left(0)
                .right(0)
                .type_(charming::component::LegendType::Scroll),
        )
        .grid(
            Grid::new()
                .left(16)
                .right(24)
                .top(64)
                .bottom(64)
                .contain_label(true),
        )
        .x_axis(
            Axis::new()
                .type_(AxisType::Value)
                .name(x_name)
                .name_location(NameLocation::Middle)
                .name_gap(28)
                .scale(true),
        )
        .y_axis(
            Axis::new()
                .type_(AxisType::Value)
                .name(y_name)
                .name_location(NameLocation::End)
                .name_gap(12)
                .scale(true),
        )
        .data_zoom(DataZoom::new().type_(DataZoomType::Inside).x_axis_index(0))
        .data_zoom(DataZoom::new().type_(DataZoomType::Inside).y_axis_index(0))
        .data_zoom(
            DataZoom::new()
                .type_(DataZoomType::Slider)
                .x_axis_index(0)
                .bottom(8),
        )
}

/// Everything but the datasets, which [`chart_json`] splices in.
fn option(series: &[ChartSeries], meta: &[SeriesMeta]) -> Chart {
    let (x, y) = (&AXES.x[0], &AXES.y[0]);
    let mut chart = frame(&x.name, &y.name, Trigger::Item);
    for (s, m) in series.iter().zip(meta) {
        if s.is_side() {
            chart = chart.series(points(m, x.key, y.key));
        }
    }
    chart
}

/// A side's measured points, read from its dataset.
fn points(m: &SeriesMeta, x: &str, y: &str) -> Scatter {
    Scatter::new()
        .id(format!("points-{}", m.dataset))
        .name(m.label.clone())
        .dataset_index(m.dataset as f64)
        .encode(DimensionEncode::new().x(x).y(y))
        .symbol(Symbol::Custom(m.symbol.clone()))
        .symbol_size(8)
        .item_style(ItemStyle::new().color(m.color))
}

/// The chart before ECharts loads (drawn by [`plot::html`]): the default view, interactivity
/// × throughput, with each side's points and frontier. The knots are the frontier of the
/// plotted (rounded) values, as `static/chart.js` computes it from the dataset for the axes on
/// screen, so the two draw the same curve. `lead` rings where a comparison's lead changes
/// hands (see [`chart_json`]).
pub fn plot(series: &[ChartSeries], rows: &ChartRows, lead: &[[f64; 2]]) -> Plot {
    let (x, y) = (&AXES.x[0], &AXES.y[0]);
    let sides = series.iter().filter(|s| s.is_side());
    Plot {
        x_name: x.name.clone(),
        y_name: y.name.clone(),
        series: sides
            .enumerate()
            .map(|(i, s)| (marker::slot(i), s))
            .map(|(slot, s)| PlotSeries {
                label: s.label.clone(),
                color: PALETTE[slot],
                slot,
                dash: plot::Dash::Solid,
                points: s
                    .records
                    .iter()
                    .map(|&i| plotted(&rows.records[i]))
                    .collect(),
                line: PlotLine::Spline(knots(s.frontier.unwrap_or_default())),
            })
            .collect(),
        rings: (!lead.is_empty()).then(|| Rings {
            label: LEAD_CHANGES.to_string(),
            points: lead.to_vec(),
        }),
    }
}

/// A checkbox per legend entry the chart can have (`partials/series_toggles.html`): those of
/// the default view `drawn` ([`plot`]) and the other precisions', which their toggle shows.
pub fn toggles(drawn: &Plot, series: &[ChartSeries]) -> Vec<Toggle> {
    let precisions = (series.iter().enumerate())
        .filter(|(_, s)| !s.is_side())
        .map(|(i, s)| Toggle::precision(&s.label, series_meta(series, i, s).color));
    plot::toggles(drawn, precisions.collect())
}

/// A record at the default axes, rounded as the dataset rounds it.
fn plotted(r: &Record) -> [f64; 2] {
    let (x, y) = (&AXES.x[0], &AXES.y[0]);
    [
        plotted_value(r.interactivity.0, x.digits),
        plotted_value(r.throughput, y.digits),
    ]
}

/// The frontier of the rounded values: the knots both charts draw.
fn knots(frontier: &[FrontierPoint]) -> Vec<[f64; 2]> {
    let rounded: Vec<FrontierPoint> = frontier
        .iter()
        .map(|p| FrontierPoint {
            interactivity: plotted_value(p.interactivity, AXES.x[0].digits),
            throughput: plotted_value(p.throughput, AXES.y[0].digits),
            concurrency: p.concurrency,
        })
        .collect();
    metrics::frontier(&rounded)
        .iter()
        .map(|p| [p.interactivity, p.throughput])
        .collect()
}

/// ECharts options charming does not model.
fn patch(option: &mut Value, meta: &[SeriesMeta]) {
    patch_frame(option);
    option["legend"]["data"] = json!(
        meta.iter()
            .filter(|m| m.kind == SeriesKind::Side)
            .map(|m| &m.label)
            .collect::<Vec<_>>()
    );
    // Square keys: a side's key is its points' marker, which ECharts would stretch to its
    // default 25 × 14 (a ranking's keys are lines, and keep the width).
    option["legend"]["itemWidth"] = json!(14);
}

/// The [`frame`] options charming does not model: slider height, y-axis name alignment, no
/// animation. The accessible name is the chart element's own `aria-label` (the template's,
/// then chart.js's for the axes shown), not ECharts' aria component.
pub(crate) fn patch_frame(option: &mut Value) {
    if let Some(slider) = option.pointer_mut("/dataZoom/2") {
        slider["height"] = json!(18);
    }
    // charming writes a lone axis as an object, not a one-element list.
    if let Some(y) = option.get_mut("yAxis").filter(|y| y.is_object()) {
        y["nameTextStyle"] = json!({"align": "left"});
    }
    option["animation"] = json!(false);
}

/// One dataset figure, or `null` for a figure the record lacks.
#[derive(Serialize)]
#[serde(untagged)]
enum Cell {
    Integer(i64),
    Number(f64),
    Missing,
}

impl Cell {
    /// Figure `v` of a dimension shown with `digits` decimals ([`plotted_value`]); whole
    /// numbers without a `.0`.
    fn number(v: f64, digits: u8) -> Cell {
        let v = plotted_value(v, digits);
        if v.fract() == 0.0 && v.abs() < 1e15 {
            Cell::Integer(v as i64)
        } else {
            Cell::Number(v)
        }
    }

    fn optional(v: Option<f64>, digits: u8) -> Cell {
        v.map_or(Cell::Missing, |v| Cell::number(v, digits))
    }
}

/// The decimals each numeric dimension is shown with (the axis choices'; concurrency whole).
static DIGITS: LazyLock<[u8; DIMENSIONS.len() - TEXTS]> =
    LazyLock::new(|| std::array::from_fn(|i| axes::digits(DIMENSIONS[i])));

/// A record's dataset row, in [`DIMENSIONS`] order: its figures, then its texts (empty where
/// the record has none).
fn row<'a>(
    r: &'a Record,
    figures: Option<&Figures>,
    spread: Option<&Spread>,
) -> ([Cell; DIMENSIONS.len() - TEXTS], [Cow<'a, str>; TEXTS]) {
    let text = |v: Option<&'a str>| Cow::Borrowed(v.unwrap_or(""));
    let cost = |p: CostProvider| figures.map(|f| f.cost_per_mtok(p));
    let figures = [
        Some(r.interactivity.0),
        r.median_e2el,
        r.p99_ttft,
        Some(r.throughput),
        r.input_throughput,
        r.output_throughput,
        cost(CostProvider::Hyperscaler),
        cost(CostProvider::Neocloud),
        cost(CostProvider::Rental3yr),
        figures.map(|f| f.tok_s_mw),
        figures.map(|f| f.j_per_token),
        Some(f64::from(r.conc)),
    ];
    let numbers = std::array::from_fn(|i| Cell::optional(figures[i], DIGITS[i]));
    let texts = [
        Cow::Owned(labels::precision(&r.precision)),
        Cow::Owned(labels::framework(&r.framework)),
        Cow::Owned(r.parallelism.to_string()),
        text(r.image.as_deref()),
        text(r.date.as_ref().map(RunDate::as_str)),
        text(r.run_url.as_deref()),
        Cow::Owned(spread.map(views::spread_note).unwrap_or_default()),
    ];
    (numbers, texts)
}

#[cfg(test)]
mod tests {
    use super::*;
    /// A figure that is not a JSON number is an error naming the page, not a chart of `null`.
    #[test]
    fn rows_that_are_not_json_are_refused() {
        let row = |figures: &str| Row {
            figures: figures.to_string(),
            texts: std::array::from_fn(|_| Cow::Borrowed("FP4")),
            numbers: None,
        };
        let mut texts = Texts::default();
        let good = texts
            .source([Cow::Owned(row("[1.5,2"))].into_iter())
            .unwrap();
        // Every text is the page's first, at place 0.
        assert_eq!(good.get(), format!("[[1.5,2{}]]", ",0".repeat(TEXTS)));
        assert!(
            texts
                .source([Cow::Owned(row("[NaN,2"))].into_iter())
                .is_err()
        );
    }

    fn row_of(texts: [&str; TEXTS]) -> Row<'_> {
        Row {
            figures: "[1".to_string(),
            texts: texts.map(Cow::Borrowed),
            numbers: None,
        }
    }

    #[test]
    fn a_page_places_texts_by_the_strings_whether_rows_are_numbered_or_not() {
        let texts = [
            ["FP8", "sglang", "tp8", "img:1", "", "", "3 runs"],
            ["FP8", "vllm", "tp8", "img:2", "", "", ""],
            ["FP8", "sglang", "tp4", "img:1", "", "", "3 runs"],
        ];
        // The build numbers the first two rows in another order than the page meets them,
        // and the third row is prepared on demand, without numbers.
        let mut prepared = [row_of(texts[1]), row_of(texts[0])];
        number_texts(prepared.iter_mut());
        let on_demand = row_of(texts[2]);
        let rows = [&prepared[1], &prepared[0], &on_demand].map(Cow::Borrowed);
        assert!(rows[0].numbers.is_some() && rows[2].numbers.is_none());

        let mut page = Texts::default();
        let source = page.source(rows.into_iter()).unwrap();
        // Places by first meeting on the page, counted by hand: FP8 0, sglang 1, tp8 2,
        // img:1 3, "" 4, "3 runs" 5, vllm 6, img:2 7, tp4 8.
        assert_eq!(
            source.get(),
            "[[1,0,1,2,3,4,4,5],[1,0,6,2,7,4,4,4],[1,0,1,8,3,4,4,5]]"
        );
        assert_eq!(
            page.page.into_list(),
            [
                "FP8", "sglang", "tp8", "img:1", "", "3 runs", "vllm", "img:2", "tp4"
            ]
        );
    }
}
