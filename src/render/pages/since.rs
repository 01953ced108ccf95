//! The view of a page's "Since the previous run" box (`templates/partials/since.html`): the
//! two runs by name, each side's changes, the image changes and the trend chart. The numbers
//! come from [`crate::compute::since`]; the words for each kind of change are the template's.

use serde::Serialize;

use super::feeds::web_address;
use crate::compute::since::{Change, ImageChange, SincePrevious, Trend, UNCHANGED_BELOW};
use crate::input::dataset::Dataset;
use crate::input::runs::RunId;
use crate::render::filters::{and_list, compact};
use crate::render::{labels, marker, trend};
use crate::types::RunDate;

#[derive(Serialize)]
pub(super) struct SinceView {
    last: RunView,
    previous: RunView,
    /// Column headings, tok/s/user.
    targets: Vec<f64>,
    sides: Vec<SideChanges>,
    images: Vec<ImageView>,
    trend: Option<TrendView>,
    /// A change under this many percent reads "unchanged".
    unchanged_below: f64,
    /// The sides the last run did not measure, whose values are earlier runs'.
    carried: Vec<String>,
    /// The targets where the lead changed hands, with the sides' names as within a sentence.
    flips: Vec<FlipView>,
}

/// A change of hands at `x`: the side `now` ahead of the side `before`, by `now_values`
/// (their throughputs, `now`'s first), where the previous run had `before_values`.
#[derive(Serialize)]
struct FlipView {
    x: f64,
    now: String,
    before: String,
    now_values: [f64; 2],
    before_values: [f64; 2],
}

/// A run as `partials/run_name.html` names it.
#[derive(Serialize)]
pub(super) struct RunView {
    label: String,
    date: Option<RunDate>,
    /// No date, while a run named beside it has one: the page says "undated" (where no run
    /// in view has a date, the word would follow every name and tell nothing).
    undated: bool,
    /// Only a web address (`http`, `https`): result files are data, not trusted markup.
    url: Option<String>,
}

/// One side's row: its change at each target.
#[derive(Serialize)]
struct SideChanges {
    label: String,
    slot: usize,
    changes: Vec<Change>,
}

#[derive(Serialize)]
struct ImageView {
    side: String,
    /// `SGLang · TP8 · concurrency 4, 64` (see [`image_view`]).
    configuration: String,
    old: String,
    new: String,
}

#[derive(Serialize)]
struct TrendView {
    svg: String,
    interactivity: f64,
    /// Whether any value is carried from an earlier run (drawn hollow, which the caption
    /// then explains).
    carried: bool,
    /// The chart's values, run by run, for its text alternative.
    entries: Vec<TrendEntry>,
}

#[derive(Serialize)]
struct TrendEntry {
    run: RunView,
    values: Vec<TrendValue>,
}

#[derive(Serialize)]
struct TrendValue {
    side: String,
    value: Option<f64>,
    /// The run did not measure the side: the value is an earlier run's.
    carried: bool,
}

impl SinceView {
    /// The box of `since` for sides called `labels` (`names` within a sentence).
    pub(super) fn new(
        since: &SincePrevious,
        labels: &[String],
        names: &[String],
        data: &Dataset,
    ) -> SinceView {
        let sides = labels
            .iter()
            .enumerate()
            .map(|(slot, label)| SideChanges {
                label: label.clone(),
                slot: marker::slot(slot),
                changes: since.targets.iter().map(|t| t.sides[slot]).collect(),
            })
            .collect();
        let images = since
            .images
            .iter()
            .map(|c| image_view(c, &labels[c.side]))
            .collect();
        // A data page's since box says "undated" only beside a dated run: whether any run of
        // the site has a date is not in a page's fingerprint, the two runs' dates are.
        let dated = any_dated(data, &[since.last, since.previous]);
        SinceView {
            last: run_view(data, since.last, dated),
            previous: run_view(data, since.previous, dated),
            targets: since.targets.iter().map(|t| t.interactivity).collect(),
            sides,
            images,
            trend: since
                .trend
                .as_ref()
                .and_then(|t| trend_view(t, labels, data)),
            unchanged_below: UNCHANGED_BELOW,
            carried: labels
                .iter()
                .zip(&since.measured)
                .filter(|(_, measured)| !**measured)
                .map(|(label, _)| label.clone())
                .collect(),
            flips: (since.flips.iter())
                .map(|f| FlipView {
                    x: f.interactivity,
                    now: names[f.now].clone(),
                    before: names[f.before].clone(),
                    now_values: [f.last[f.now], f.last[f.before]],
                    before_values: [f.previous[f.now], f.previous[f.before]],
                })
                .collect(),
        }
    }
}

/// An image change under its side's label: the engine where the label does not already name
/// it (a hub's series does; a chip page's side is an accelerator), the layout, the
/// concurrencies.
fn image_view(c: &ImageChange, side: &str) -> ImageView {
    let engine = labels::framework(&c.framework);
    let mut parts = Vec::new();
    if !side.contains(engine.as_str()) {
        parts.push(engine);
    }
    parts.push(c.parallelism.to_string());
    let concurrencies: Vec<String> = c.concurrencies.iter().map(u32::to_string).collect();
    parts.push(format!("concurrency {}", concurrencies.join(", ")));
    ImageView {
        side: side.to_string(),
        configuration: parts.join(" · "),
        old: c.old.clone(),
        new: c.new.clone(),
    }
}

/// `run` as pages name it; `dated_beside`: whether a run named with it (or, on the pages that
/// list runs, any run: [`Dataset::dated`]) has a date.
pub(super) fn run_view(data: &Dataset, run: RunId, dated_beside: bool) -> RunView {
    let run = data.run(run);
    RunView {
        label: run.map_or_else(String::new, |r| r.label.clone()),
        date: run.and_then(|r| r.date.clone()),
        undated: run.is_some_and(|r| r.date.is_none()) && dated_beside,
        url: web_address(run.and_then(|r| r.url.as_deref())).map(str::to_string),
    }
}

/// Whether any of `runs` has a date.
fn any_dated(data: &Dataset, runs: &[RunId]) -> bool {
    runs.iter()
        .any(|&r| data.run(r).is_some_and(|r| r.date.is_some()))
}

/// The chart and its values; `None` when no side reached the middle target in any run.
fn trend_view(t: &Trend, labels: &[String], data: &Dataset) -> Option<TrendView> {
    let label = format!(
        "Throughput per GPU at {} tok/s/user in each of the {} runs that measured this page, for {}; the values are listed below it, run by run.",
        compact(t.interactivity),
        t.runs.len(),
        and_list(labels)
    );
    let name = |run: Option<&RunId>| {
        let run = run.and_then(|&r| data.run(r));
        run.map_or_else(String::new, |r| {
            r.date
                .as_ref()
                .map_or_else(|| r.label.clone(), ToString::to_string)
        })
    };
    let ends = [name(t.runs.first()), name(t.runs.last())];
    let svg = trend::svg(&t.sides, &t.measured, [&ends[0], &ends[1]], &label);
    if svg.is_empty() {
        return None;
    }
    let dated = any_dated(data, &t.runs);
    let entries: Vec<TrendEntry> = t
        .runs
        .iter()
        .enumerate()
        .map(|(i, &run)| TrendEntry {
            run: run_view(data, run, dated),
            values: labels
                .iter()
                .zip(t.sides.iter().zip(&t.measured))
                .map(|(label, (values, measured))| TrendValue {
                    side: label.clone(),
                    value: values[i],
                    carried: values[i].is_some() && !measured[i],
                })
                .collect(),
        })
        .collect();
    Some(TrendView {
        svg,
        interactivity: t.interactivity,
        carried: entries.iter().flat_map(|e| &e.values).any(|v| v.carried),
        entries,
    })
}
