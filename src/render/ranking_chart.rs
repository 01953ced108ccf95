//! The ranking chart: cost per million tokens against interactivity, one line per accelerator
//! (its lowest cost over its candidates, from the same splines the tables read), built with
//! charming like the pages' charts and started by `static/ranking.js`.

use charming::element::{ItemStyle, LineStyle, LineStyleType, Trigger};
use charming::series::Line;
use std::sync::LazyLock;

use serde::Serialize;
use serde_json::{Value, json};

use super::chart::{PALETTE, digits, frame, patch_frame, plotted_value};
use super::filters::and_list;
use super::plot::{self, Dash, Plot, PlotLine, PlotSeries, Toggle};
use super::script::to_script_json;
use super::{labels, marker};
use crate::compute::Ranking;
use crate::input::catalog::Catalog;

/// The chart as the page embeds it: script-safe JSON, the default view drawn until ECharts
/// loads ([`plot`]), and the accessible name.
#[derive(Debug, Clone, Serialize)]
pub struct RankingChartView {
    pub json: String,
    pub plot: String,
    pub label: String,
    /// A checkbox per line (`partials/series_toggles.html`).
    pub toggles: Vec<Toggle>,
}

/// The chart of `ranking`, named after the page `heading`.
pub fn view(ranking: &Ranking, catalog: &Catalog, heading: &str) -> RankingChartView {
    let names: Vec<String> = ranking
        .curves
        .iter()
        .map(|c| labels::hardware(catalog, &c.hardware))
        .collect();
    let cost = labels::cost_provider(ranking.cost_provider).to_lowercase();
    let label = format!(
        "Chart of {heading}: the lowest cost per million tokens ({cost}) against interactivity for {}. The tables on this page list the values.",
        and_list(&names)
    );
    let axes = Axes {
        x: "Interactivity (tok/s/user)",
        y: format!("Cost ({cost}, $/M tok)"),
    };
    let drawn = drawing(ranking, &names, &axes);
    RankingChartView {
        plot: plot::html(&drawn, &label),
        toggles: plot::toggles(&drawn, Vec::new()),
        // `hardware` names each line's accelerator, for static/ranking.js to reprice it.
        json: to_script_json(&json!({
            "kind": "ranking",
            "option": echarts_option(ranking, &names, &axes),
            "hardware": ranking.curves.iter().map(|c| c.hardware.as_str()).collect::<Vec<_>>(),
        })),
        label,
    }
}

/// The axes' names.
struct Axes {
    x: &'static str,
    y: String,
}

/// The ECharts option: one line per accelerator, named `names`.
fn echarts_option(ranking: &Ranking, names: &[String], axes: &Axes) -> Value {
    let mut chart = frame(axes.x, &axes.y, Trigger::Axis);
    for (i, name) in names.iter().enumerate() {
        let (color, dash) = style(i);
        let line = LineStyle::new().color(color).width(2).type_(match dash {
            Dash::Solid => LineStyleType::Solid,
            Dash::Dashed => LineStyleType::Dashed,
            Dash::Dotted => LineStyleType::Dotted,
        });
        chart = chart.series(
            Line::new()
                .name(name.clone())
                .show_symbol(false)
                .line_style(line)
                .item_style(ItemStyle::new().color(color)),
        );
    }
    let mut option = serde_json::to_value(&chart).unwrap_or(Value::Null);
    patch_frame(&mut option);
    // Where no candidate reaches, the point is `null` and the line breaks (charming's data
    // points cannot be null).
    if let Some(series) = option["series"].as_array_mut() {
        for (s, curve) in series.iter_mut().zip(&ranking.curves) {
            s["data"] = curve
                .points
                .iter()
                .map(|&(x, cost)| json!(plotted(x, cost)))
                .collect();
        }
    }
    option["legend"]["data"] = json!(names);
    option
}

/// The same lines drawn without ECharts, shown until it loads ([`plot`]).
fn drawing(ranking: &Ranking, names: &[String], axes: &Axes) -> Plot {
    let series = names.iter().zip(&ranking.curves).enumerate();
    Plot {
        x_name: axes.x.into(),
        y_name: axes.y.clone(),
        series: series
            .map(|(i, (name, curve))| {
                let (color, dash) = style(i);
                let line = curve.points.iter().map(|&(x, cost)| {
                    let (x, cost) = plotted(x, cost);
                    cost.map(|c| [x, c])
                });
                PlotSeries {
                    label: name.clone(),
                    color,
                    slot: marker::slot(i),
                    dash,
                    points: Vec::new(),
                    line: PlotLine::Polyline(line.collect()),
                }
            })
            .collect(),
        rings: None,
    }
}

/// The colour and pattern of line `i`. No eight colours that stand out on white stay apart for
/// every reader: under deuteranopia the palette's green and magenta (slots 2 and 4) come within
/// 6.6 of each other in CAM02-UCS, its blue and purple within 11.7. So the lines differ in
/// pattern too, chosen so that any two lines of one pattern are at least 30 apart among the
/// first six slots (16 among all eight) for normal, deutan, protan and tritan vision alike
/// (simulated at full severity). Past the palette's eight colours they repeat in the next
/// pattern, so that sixteen accelerators are still sixteen lines a reader can tell apart.
fn style(i: usize) -> (&'static str, Dash) {
    const DASHES: [Dash; 3] = [Dash::Solid, Dash::Dashed, Dash::Dotted];
    const BY_SLOT: [usize; 8] = [0, 1, 2, 2, 0, 1, 0, 1];
    let slot = i % PALETTE.len();
    let dash = (BY_SLOT[slot] + i / PALETTE.len()) % DASHES.len();
    (PALETTE[slot], DASHES[dash])
}

/// A point of a line, rounded as the hub and comparison charts round their figures
/// ([`plotted_value`]), with the decimals of interactivity and cost: the ranking's tooltips
/// show what its tables show.
fn plotted(x: f64, cost: Option<f64>) -> (f64, Option<f64>) {
    static DECIMALS: LazyLock<(u8, u8)> =
        LazyLock::new(|| (digits("interactivity"), digits("cost_hyperscaler")));
    let (x_digits, cost_digits) = *DECIMALS;
    (
        plotted_value(x, x_digits),
        cost.map(|c| plotted_value(c, cost_digits)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sixteen_lines_are_sixteen_styles() {
        let styles: std::collections::HashSet<_> = (0..16).map(style).collect();
        assert_eq!(styles.len(), 16);
        assert_eq!(style(0), (PALETTE[0], Dash::Solid));
        assert_eq!(style(8), (PALETTE[0], Dash::Dashed));
    }

    /// The pairs of the first six colours less than 30 apart in CAM02-UCS for some reader
    /// (normal, deutan, protan or tritan vision, simulated at full severity with the Python
    /// package colorspacious; the distance in brackets): each pair differs in pattern.
    #[test]
    fn colours_some_readers_confuse_differ_in_pattern() {
        let close = [
            (2, 5), // green, teal: 5.2 (tritan)
            (0, 5), // blue, teal: 6.6 (tritan)
            (2, 4), // green, magenta: 6.6 (deutan)
            (1, 4), // orange, magenta: 7.3 (tritan)
            (1, 2), // orange, green: 11.1 (protan)
            (0, 2), // blue, green: 11.3 (tritan)
            (0, 3), // blue, purple: 11.7 (deutan)
            (3, 5), // purple, teal: 14.0
            (4, 5), // magenta, teal: 19.8
            (3, 4), // purple, magenta: 21.9
        ];
        for (a, b) in close {
            assert_ne!(style(a).1, style(b).1, "slots {a} and {b}");
        }
    }
}
