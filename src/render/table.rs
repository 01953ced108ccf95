//! The matched table's view (SPEC §3 "Matched interactivity"): one column per target, one
//! row per metric, each cell every side's value with the better one marked, and the frontier
//! knots "Your speed" (`static/speed.js`) reads a column at the reader's own speed from.
//! The metrics' formats live here too ([`Metric::format`]), as the one place a table figure's
//! format is chosen.

use serde::Serialize;

use crate::compute::PageData;
use crate::compute::Values;
use crate::compute::metrics::{self, FrontierPoint};
use crate::render::script::to_script_json;
use crate::render::{marker, wording};

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
    /// The slowest and fastest interactivity any side was measured at, as the hint prints them
    /// ([`measured`]): the range "Your speed" has values in.
    pub measured: [HintSpeed; 2],
    /// Where every side has values, when that is narrower ([`shared`]).
    pub shared: Option<[HintSpeed; 2]>,
}

/// An end of a range "Your speed" names: rounded to `digits` decimals (one, or more to tell
/// it from one of the page's own speeds), and printed with all of them, trailing zeros kept
/// ("121.0", "40.10" beside a column headed "40.1"), so that typed as printed it is this end.
/// A template prints it as that text.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(into = "String")]
pub struct HintSpeed {
    pub value: f64,
    pub digits: usize,
}

impl From<HintSpeed> for String {
    fn from(s: HintSpeed) -> String {
        wording::with_digits(s.value, s.digits)
    }
}

/// A figure of the matched table. Serialized by name; the `figure` filter formats a value by
/// it ([`Metric::format`]), so the format of each figure is chosen in one place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    /// tok/s/GPU, one decimal with thousands separators: `1,269.4`.
    Throughput,
    /// USD per million tokens, three decimals (`$0.427`), more below $0.10
    /// ([`wording::cost_figure`]).
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
    /// of this kind) in tooltips; for cost the fewest, as more are printed below $0.10.
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
            Metric::Cost => wording::cost_figure(v),
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
        let frontiers = || data.sides.iter().map(|s| s.frontier.as_slice());
        let targets: Vec<f64> = data.rows.iter().map(|r| r.interactivity).collect();
        let all = measured(frontiers(), &targets);
        Some(TableView {
            rows,
            frontiers: frontiers_json(data),
            measured: all,
            shared: shared(frontiers(), all, &targets),
            targets,
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
/// each end as the page prints speeds: to a tenth (18.63 → 18.6), and typed as printed it
/// reads that end (`static/speed.js` `reading`). But an end that prints like one of the page's
/// own `speeds` (its targets or tiers) lying outside the range gets the decimals that tell
/// them apart (20.03 beside the tier 20): typed, that speed is the page's own and has no value.
pub fn measured<'a>(
    frontiers: impl Iterator<Item = &'a [FrontierPoint]>,
    speeds: &[f64],
) -> [HintSpeed; 2] {
    let ranges = frontiers.filter_map(metrics::range);
    let [lo, hi] = ranges.fold([f64::INFINITY, f64::NEG_INFINITY], |[lo, hi], (a, b)| {
        [lo.min(a), hi.max(b)]
    });
    printed([lo, hi], speeds)
}

/// Where every one of two or more `frontiers` has values, printed like [`measured`], when that
/// is narrower than `measured` (theirs): the speeds at which "Your speed" fills every side.
/// `None` where they share no speed, share all of it, or share too little to print as a range
/// (37.32–37.34: "from 37.3 to 37.3").
pub fn shared<'a>(
    frontiers: impl Iterator<Item = &'a [FrontierPoint]>,
    measured: [HintSpeed; 2],
    speeds: &[f64],
) -> Option<[HintSpeed; 2]> {
    let all: Vec<&[FrontierPoint]> = frontiers.collect();
    let ranges: Vec<(f64, f64)> = all.iter().filter_map(|f| metrics::range(f)).collect();
    if all.len() < 2 || ranges.len() < all.len() {
        return None;
    }
    let lo = ranges.iter().map(|r| r.0).fold(f64::NEG_INFINITY, f64::max);
    let hi = ranges.iter().map(|r| r.1).fold(f64::INFINITY, f64::min);
    let both = printed([lo, hi], speeds);
    (both[0].value < both[1].value && both.map(|s| s.value) != measured.map(|s| s.value))
        .then_some(both)
}

/// The ends of `range` as the hint prints them ([`measured`]).
fn printed(range: [f64; 2], speeds: &[f64]) -> [HintSpeed; 2] {
    let [lo, hi] = range;
    let outside: Vec<f64> = (speeds.iter().copied())
        .filter(|&s| s < lo || s > hi)
        .collect();
    range.map(|end| {
        let digits = wording::decimals_apart(&outside, end);
        let scale = 10f64.powi(digits as i32);
        HintSpeed {
            value: (end * scale).round() / scale,
            digits,
        }
    })
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

    /// The hint's ends as printed.
    fn text(ends: [HintSpeed; 2]) -> [String; 2] {
        ends.map(String::from)
    }

    /// The hint's range to one decimal, half up (18.63 → 18.6, 120.95 → 121.0, 37.25 → 37.3),
    /// as the site prints measured ranges: the speeds the columns and notes name.
    #[test]
    fn the_measured_range_is_printed_to_a_tenth() {
        let sides = [
            frontier(&[18.63, 50.0]),
            frontier(&[30.0, 120.95]),
            frontier(&[]),
        ];
        assert_eq!(
            text(measured(sides.iter().map(|f| f.as_slice()), &[])),
            ["18.6", "121.0"]
        );
        let narrow = [frontier(&[37.25, 37.34])];
        assert_eq!(
            text(measured(narrow.iter().map(|f| f.as_slice()), &[])),
            ["37.3", "37.3"]
        );
        let whole = [frontier(&[20.0, 60.0])];
        assert_eq!(
            text(measured(whole.iter().map(|f| f.as_slice()), &[])),
            ["20.0", "60.0"]
        );
    }

    /// An end that would print as one of the page's own speeds lying outside the range (the
    /// tier 20 beside a start at 20.03, the target 121 beside an end at 120.95) gets the
    /// decimals that tell them apart; a speed inside the range changes nothing.
    #[test]
    fn an_end_printed_like_a_speed_of_the_page_outside_the_range_keeps_its_decimals() {
        let sides = [frontier(&[20.03, 50.0]), frontier(&[30.0, 120.95])];
        let ends = |speeds: &[f64]| text(measured(sides.iter().map(|f| f.as_slice()), speeds));
        assert_eq!(ends(&[20.0, 40.0, 121.0]), ["20.03", "120.95"]);
        assert_eq!(ends(&[40.0, 60.0]), ["20.0", "121.0"]);
        // Rounded to two decimals to tell it from the target 40.12 (headed "40.1"), an end
        // at 40.098 keeps both: "40.10".
        let tenth = [frontier(&[10.0, 40.098])];
        assert_eq!(
            text(measured(tenth.iter().map(|f| f.as_slice()), &[40.12])),
            ["10.0", "40.10"]
        );
        let inside = [frontier(&[19.97, 50.0])];
        assert_eq!(
            text(measured(inside.iter().map(|f| f.as_slice()), &[20.0])),
            ["20.0", "50.0"]
        );
    }

    /// Where every side has values: the latest start to the earliest end, to a tenth;
    /// nothing for one side, for sides that share no speed, or where it is all of them.
    #[test]
    fn the_shared_range_is_where_every_side_has_values() {
        let shared_of = |sides: &[Vec<FrontierPoint>]| {
            let all = measured(sides.iter().map(|f| f.as_slice()), &[]);
            shared(sides.iter().map(|f| f.as_slice()), all, &[]).map(text)
        };
        let overlapping = [frontier(&[18.63, 50.06]), frontier(&[30.04, 120.98])];
        assert_eq!(
            shared_of(&overlapping),
            Some(["30.0".into(), "50.1".into()])
        );
        let apart = [frontier(&[10.0, 20.0]), frontier(&[30.0, 40.0])];
        assert_eq!(shared_of(&apart), None);
        let same = [frontier(&[10.0, 40.0]), frontier(&[10.0, 40.0])];
        assert_eq!(shared_of(&same), None);
        assert_eq!(shared_of(&[frontier(&[10.0, 40.0])]), None);
        let unmeasured = [frontier(&[10.0, 40.0]), frontier(&[])];
        assert_eq!(shared_of(&unmeasured), None);
        // Too narrow to print as a range (37.32–37.34), or touching at one speed: nothing
        // said; 37.32–37.38 prints as one.
        let narrow = [frontier(&[10.0, 37.34]), frontier(&[37.32, 90.0])];
        assert_eq!(shared_of(&narrow), None);
        let wider = [frontier(&[10.0, 37.38]), frontier(&[37.32, 90.0])];
        assert_eq!(shared_of(&wider), Some(["37.3".into(), "37.4".into()]));
        // A hub's target at 40 lies outside where every series has values (from 40.03).
        let hub = [frontier(&[10.0, 90.0]), frontier(&[40.03, 60.0])];
        let all = measured(hub.iter().map(|f| f.as_slice()), &[40.0]);
        let every = shared(hub.iter().map(|f| f.as_slice()), all, &[40.0]);
        assert_eq!(every.map(text), Some(["40.03".into(), "60.0".into()]));
        let touching = [frontier(&[10.0, 30.0]), frontier(&[30.0, 90.0])];
        assert_eq!(shared_of(&touching), None);
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

    /// `/rankings/gpt-oss-120b/1k-8k/` at 80 tok/s/user: $0.16520 and $0.16540 both print
    /// `$0.165`, so neither is bold; printed apart (`$0.166`, `$0.165`), the cheaper is. Below
    /// $0.10 a fourth decimal tells apart what three would not: $0.058194 and $0.057904
    /// (`/compare/gpt-oss-120b-h100-vs-h200/8k-1k/` at 91 tok/s/user) print `$0.0582` and
    /// `$0.0579`.
    #[test]
    fn values_that_print_alike_are_a_tie() {
        use Metric::{Cost, Power, Throughput};
        assert_eq!(best_index(&[Some(0.16520), Some(0.16540)], Cost), None);
        assert_eq!(best_index(&[Some(0.1655), Some(0.1649)], Cost), Some(1));
        assert_eq!(best_index(&[Some(0.058194), Some(0.057904)], Cost), Some(1));
        assert_eq!(best_index(&[Some(0.05801), Some(0.05804)], Cost), None);
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
            best_index(&[Some(0.1651), Some(0.1649), Some(0.2)], Cost),
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
}
