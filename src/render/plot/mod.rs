//! The chart as a page first shows it: the default view drawn here in Rust, so that a reader
//! sees the chart with no script at all and the page stays light (SPEC §15 "Weight").
//! ECharts (some 580 KB even trimmed) is loaded only when the reader reaches for the chart:
//! pointing at it, touching it, focusing a control, or opening a link whose settings differ
//! from the default (`static/reader.js`, `liveChart`). The interactive chart then takes this
//! one's place, in a box of the same size, so nothing on the page moves.
//!
//! The grid and lines are an SVG that stretches to its box (`preserveAspectRatio="none"`,
//! strokes that do not scale), while the measured points, legend, tick labels and axis names
//! are HTML laid over it by percentage, so they keep their size and shape at any width (a
//! point is a mark shaped like its side's swatch, [`marks`]). Coordinates
//! are printed with one decimal in a 1000 × 1000 box: the same numbers give the same bytes.
//! Frontiers are drawn as SPEC §3's spline itself, one exact cubic Bézier per interval
//! ([`MonotoneSpline::beziers`]), not as samples.

use std::fmt::Write as _;

use crate::compute::metrics::MonotoneSpline;
use crate::render::escape_html;

mod scale;

use scale::{Scale, ticks};

/// The side of the square the SVG draws in; the box stretches it to the page's width.
const SIZE: f64 = 1000.0;

/// A chart to draw: axis names and series, in data units.
pub struct Plot {
    pub x_name: String,
    pub y_name: String,
    pub series: Vec<PlotSeries>,
    /// Points ringed over the lines, with their legend entry, or none: where a comparison's
    /// lead changes hands.
    pub rings: Option<Rings>,
}

/// Points to ring, and what the legend calls them.
pub struct Rings {
    pub label: String,
    pub points: Vec<[f64; 2]>,
}

/// One legend entry: its measured points and its line.
pub struct PlotSeries {
    pub label: String,
    pub color: &'static str,
    /// The side slot (0–7) whose marker shape its points take (`.side-N` in
    /// `static/style.css`, as the tables' swatches; [`crate::render::marker`]).
    pub slot: usize,
    pub dash: Dash,
    pub points: Vec<[f64; 2]>,
    pub line: PlotLine,
}

/// How a line is stroked. A ranking's lines differ in pattern as well as colour, so that
/// lines whose colours a colour-blind reader confuses still differ
/// (`ranking_chart::style`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dash {
    Solid,
    Dashed,
    Dotted,
}

impl Dash {
    /// The SVG `stroke-dasharray` for a 2 px line: ECharts' own patterns for `dashed` and
    /// `dotted` (zrender's `normalizeLineDash`: 4 and 2 line widths; 1 and 1), so the drawing
    /// and the live chart look alike.
    fn dasharray(self) -> Option<&'static str> {
        match self {
            Dash::Solid => None,
            Dash::Dashed => Some("8 4"),
            Dash::Dotted => Some("2 2"),
        }
    }
}

/// How a series' line runs.
pub enum PlotLine {
    /// SPEC §3's spline through these knots (strictly increasing x): a side's frontier.
    Spline(Vec<[f64; 2]>),
    /// Straight segments, broken at `None`: a ranking's lowest cost, which has gaps where no
    /// configuration reaches.
    Polyline(Vec<Option<[f64; 2]>>),
}

impl PlotLine {
    fn values(&self) -> Vec<[f64; 2]> {
        match self {
            PlotLine::Spline(knots) => knots.clone(),
            PlotLine::Polyline(points) => points.iter().flatten().copied().collect(),
        }
    }
}

/// The chart's HTML: a `role="img"` box named `label`, holding the legend, the SVG and the
/// axes' labels, all hidden from assistive technology (the name and the page's tables say
/// what they show). Empty when nothing has a value.
pub fn html(plot: &Plot, label: &str) -> String {
    let values: Vec<[f64; 2]> = plot
        .series
        .iter()
        .flat_map(|s| s.points.iter().copied().chain(s.line.values()))
        .chain(plot.rings.iter().flat_map(|r| r.points.iter().copied()))
        .filter(finite)
        .collect();
    let Some((x, y)) = scales(&values) else {
        return String::new();
    };
    let y_labels: Vec<(f64, String)> = y.ticks().map(|v| (v, y.label(v))).collect();
    let mut out = format!(
        r#"<div class="plot" id="chart-plot" role="img" aria-label="{}"><ul class="plot-legend" aria-hidden="true">"#,
        escape_html(label)
    );
    for s in &plot.series {
        out.push_str(&legend_entry(s));
    }
    if let Some(rings) = &plot.rings {
        let _ = write!(out, "<li>{}{}</li>", ring(None), escape_html(&rings.label));
    }
    // The gutter holds the y labels again, unseen, so that it is as wide as the widest of
    // them: ECharts (`containLabel`) moves the plot right by that width.
    out.push_str(r#"</ul><div class="plot-body" aria-hidden="true"><div class="plot-gutter">"#);
    for (_, text) in &y_labels {
        let _ = write!(out, "<span>{text}</span>");
    }
    // The x axis' ends, for a script to place a mark by value: static/speed.js draws the
    // reader's own speed here.
    let _ = write!(
        out,
        r#"</div><div class="plot-area" data-x="{} {}">"#,
        x.lo, x.hi
    );
    out.push_str(&svg(plot, &x, &y));
    out.push_str(&marks(plot, &x, &y));
    let _ = write!(
        out,
        r#"<p class="plot-y-name">{}</p>"#,
        escape_html(&plot.y_name)
    );
    for (v, text) in &y_labels {
        let at = 100.0 * (1.0 - y.fraction(*v));
        let _ = write!(
            out,
            r#"<span class="plot-y" style="top:{at:.2}%">{text}</span>"#
        );
    }
    for v in x.ticks() {
        let at = 100.0 * x.fraction(v);
        let _ = write!(
            out,
            r#"<span class="plot-x" style="left:{at:.2}%">{}</span>"#,
            x.label(v)
        );
    }
    let _ = write!(
        out,
        r#"<p class="plot-x-name">{}</p></div></div></div>"#,
        escape_html(&plot.x_name)
    );
    out
}

/// The x and y axes that hold every value, or `None` when there are none (or they are too
/// large to draw).
fn scales(values: &[[f64; 2]]) -> Option<(Scale, Scale)> {
    let range = |k: usize| {
        let lo = values.iter().map(|p| p[k]).min_by(f64::total_cmp)?;
        let hi = values.iter().map(|p| p[k]).max_by(f64::total_cmp)?;
        Some(ticks(lo, hi)).filter(|s| s.lo.is_finite() && s.hi.is_finite() && s.step > 0.0)
    };
    Some((range(0)?, range(1)?))
}

/// A value the drawing can place: both coordinates finite.
fn finite(p: &[f64; 2]) -> bool {
    p.iter().all(|v| v.is_finite())
}

/// A legend entry: the series' [`key`] and its name.
fn legend_entry(s: &PlotSeries) -> String {
    let (side, key) = key(s);
    let class = side.map(|c| format!(r#" class="{c}""#)).unwrap_or_default();
    format!(r#"<li{class}>{key}{}</li>"#, escape_html(&s.label))
}

/// A series' key as ECharts' legend draws it: for a series with points, its marker (the
/// tables' swatch of its slot, which the class `side-N` of a holder around it shapes); for a
/// line alone (a ranking's), a short line in its pattern.
fn key(s: &PlotSeries) -> (Option<String>, String) {
    if s.points.is_empty() {
        let line = format!(
            r#"<svg class="plot-key-line" viewBox="0 0 24 4" focusable="false"><path d="M0 2H24" stroke="{}"{}/></svg>"#,
            s.color,
            dasharray(s.dash),
        );
        (None, line)
    } else {
        let side = format!("side-{}", s.slot);
        (Some(side), r#"<span class="swatch"></span>"#.to_string())
    }
}

/// A checkbox's worth of a chart's legend entry, for `partials/series_toggles.html`: a way to
/// hide a series from the keyboard, with a target big enough to tap, which the legend ECharts
/// draws on its canvas is not.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Toggle {
    /// The legend entry's name (the series', which `static/reader.js` toggles by).
    pub name: String,
    /// Its key as the legend draws it (HTML), in a holder of its own.
    pub key: String,
    /// Whether the chart shows the entry only with the other precisions (hidden until then).
    pub with_precisions: bool,
}

/// A ring as a key: of the rings where a comparison's lead changes hands (`None`, the default
/// ink), or of another precision's points, hollow circles of `color`.
fn ring(color: Option<&str>) -> String {
    match color {
        Some(color) => format!(r#"<span class="ring" style="border-color:{color}"></span>"#),
        None => r#"<span class="ring"></span>"#.to_string(),
    }
}

impl Toggle {
    /// An entry the precision toggle adds: its points are hollow circles of `color`.
    pub fn precision(name: &str, color: &str) -> Toggle {
        Toggle {
            name: name.to_string(),
            key: format!(r#"<span class="key">{}</span>"#, ring(Some(color))),
            with_precisions: true,
        }
    }
}

/// A toggle per entry of `plot`'s legend, in the order the live chart's legend has them: the
/// series, then `more` (the other precisions, which `static/chart.js` lists after the sides),
/// then the rings.
pub fn toggles(plot: &Plot, more: Vec<Toggle>) -> Vec<Toggle> {
    let series = plot.series.iter().map(|s| {
        let (side, key) = key(s);
        let class = side
            .map(|c| format!("key {c}"))
            .unwrap_or_else(|| "key".into());
        Toggle {
            name: s.label.clone(),
            key: format!(r#"<span class="{class}">{key}</span>"#),
            with_precisions: false,
        }
    });
    let rings = plot.rings.iter().map(|r| Toggle {
        name: r.label.clone(),
        key: format!(r#"<span class="key">{}</span>"#, ring(None)),
        with_precisions: false,
    });
    series.chain(more).chain(rings).collect()
}

/// The `stroke-dasharray` attribute of a pattern, or nothing for a solid line.
fn dasharray(dash: Dash) -> String {
    dash.dasharray()
        .map(|a| format!(r#" stroke-dasharray="{a}""#))
        .unwrap_or_default()
}

/// The SVG: grid lines at the ticks, then each series' line in its colour and pattern (the
/// points are [`marks`], over it).
fn svg(plot: &Plot, x: &Scale, y: &Scale) -> String {
    let at = |p: [f64; 2]| Point(SIZE * x.fraction(p[0]), SIZE * (1.0 - y.fraction(p[1])));
    let mut grid = String::new();
    for v in y.ticks() {
        let _ = write!(grid, "M0 {:.1}H{SIZE}", SIZE * (1.0 - y.fraction(v)));
    }
    for v in x.ticks() {
        let _ = write!(grid, "M{:.1} 0V{SIZE}", SIZE * x.fraction(v));
    }
    let mut out = format!(
        r#"<svg viewBox="0 0 {SIZE} {SIZE}" preserveAspectRatio="none" focusable="false"><path class="plot-grid" d="{grid}"/>"#
    );
    for s in &plot.series {
        let _ = write!(
            out,
            r#"<path class="plot-line" stroke="{}"{} d="{}"/>"#,
            s.color,
            dasharray(s.dash),
            line_path(&s.line, &at)
        );
    }
    out.push_str("</svg>");
    out
}

/// Each series' measured points, over the SVG: HTML marks placed by percentage (two decimals,
/// the SVG's one decimal of 1000), shaped and coloured by their slot's class as the tables'
/// swatches are, then the rings over them. Not in the SVG: it stretches to its box, and so
/// would the shapes.
fn marks(plot: &Plot, x: &Scale, y: &Scale) -> String {
    let mut out = String::new();
    for s in plot.series.iter().filter(|s| !s.points.is_empty()) {
        let class = format!("side-{}", s.slot);
        out.push_str(&mark_group(&class, &s.points, x, y));
    }
    if let Some(rings) = &plot.rings {
        out.push_str(&mark_group("plot-rings", &rings.points, x, y));
    }
    out
}

/// One group of marks: `<div class="plot-marks {class}">` holding an `<i>` at each point.
fn mark_group(class: &str, points: &[[f64; 2]], x: &Scale, y: &Scale) -> String {
    let mut out = format!(r#"<div class="plot-marks {class}">"#);
    for &[px, py] in points.iter().filter(|p| finite(p)) {
        let (left, top) = (100.0 * x.fraction(px), 100.0 * (1.0 - y.fraction(py)));
        let _ = write!(out, r#"<i style="left:{left:.2}%;top:{top:.2}%"></i>"#);
    }
    out.push_str("</div>");
    out
}

/// A point in the SVG's coordinates, printed as `x y` with one decimal.
#[derive(Clone, Copy)]
struct Point(f64, f64);

impl std::fmt::Display for Point {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "{:.1} {:.1}", self.0, self.1)
    }
}

/// The path of a line: Bézier segments for a spline (straight segments if its knots do not
/// make one), moves at a polyline's gaps.
fn line_path(line: &PlotLine, at: &impl Fn([f64; 2]) -> Point) -> String {
    let mut d = String::new();
    match line {
        PlotLine::Spline(knots) => {
            let knots: Vec<[f64; 2]> = knots.iter().copied().filter(finite).collect();
            let (xs, ys): (Vec<f64>, Vec<f64>) = knots.iter().map(|p| (p[0], p[1])).unzip();
            match MonotoneSpline::new(&xs, &ys) {
                Some(spline) if knots.len() > 1 => {
                    let _ = write!(d, "M{}", at(knots[0]));
                    for [_, c1, c2, end] in spline.beziers() {
                        let [c1, c2, end] = [c1, c2, end].map(|(x, y)| at([x, y]));
                        let _ = write!(d, "C{c1} {c2} {end}");
                    }
                }
                _ => {
                    return line_path(
                        &PlotLine::Polyline(knots.iter().copied().map(Some).collect()),
                        at,
                    );
                }
            }
        }
        PlotLine::Polyline(points) => {
            let mut drawing = false;
            for p in points {
                match p.filter(finite) {
                    Some(p) => {
                        let verb = if drawing { 'L' } else { 'M' };
                        let _ = write!(d, "{verb}{}", at(p));
                        drawing = true;
                    }
                    None => drawing = false,
                }
            }
        }
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo() -> Plot {
        Plot {
            x_name: "Interactivity (tok/s/user)".into(),
            y_name: "Throughput <per GPU>".into(),
            series: vec![
                PlotSeries {
                    label: "B200 & friends".into(),
                    color: "#2f6fde",
                    slot: 0,
                    dash: Dash::Solid,
                    points: vec![[10.0, 400.0], [20.0, 300.0], [40.0, 100.0], [15.0, 100.0]],
                    line: PlotLine::Spline(vec![[10.0, 400.0], [20.0, 300.0], [40.0, 100.0]]),
                },
                PlotSeries {
                    label: "H200".into(),
                    color: "#d9480f",
                    slot: 1,
                    dash: Dash::Solid,
                    points: vec![],
                    line: PlotLine::Polyline(vec![
                        Some([10.0, 200.0]),
                        None,
                        Some([30.0, 150.0]),
                        Some([40.0, 120.0]),
                    ]),
                },
            ],
            rings: None,
        }
    }

    #[test]
    fn draws_each_series_in_its_colour_with_escaped_text() {
        let html = html(&demo(), "Chart of \"x\"");
        assert!(html.starts_with(
            r#"<div class="plot" id="chart-plot" role="img" aria-label="Chart of &quot;x&quot;"><ul class="plot-legend" aria-hidden="true">"#
        ));
        // A series with points is keyed by its slot's swatch; a line alone by a line.
        assert!(
            html.contains(
                r#"<li class="side-0"><span class="swatch"></span>B200 &amp; friends</li>"#
            )
        );
        assert!(html.contains(r##"<li><svg class="plot-key-line" viewBox="0 0 24 4" focusable="false"><path d="M0 2H24" stroke="#d9480f"/></svg>H200</li>"##));
        assert!(html.contains("Throughput &lt;per GPU&gt;"));
        // x 10..40: a fifth of 30 is 6 → 5 (the nearest of 1, 2, 3, 5 and 10 times 1).
        // y 100..400: a fifth of 300 is 60 → 50: seven ticks, 100 to 400.
        assert_eq!(html.matches(r#"class="plot-x""#).count(), 7);
        assert_eq!(html.matches(r#"class="plot-y""#).count(), 7);
        assert!(html.contains(r#"<span class="plot-y" style="top:0.00%">400</span>"#));
        assert!(html.contains(r#"<span class="plot-y" style="top:83.33%">150</span>"#));
        assert!(html.contains(r#"<span class="plot-y" style="top:100.00%">100</span>"#));
        // Four points at x 10, 20, 40, 15 on 10..40, y on 100..400 (down from the top), marked
        // over the SVG in their slot's shape; the line alone has no marks.
        assert!(html.contains(r#"<div class="plot-marks side-0"><i style="left:0.00%;top:0.00%"></i><i style="left:33.33%;top:33.33%"></i><i style="left:100.00%;top:100.00%"></i><i style="left:16.67%;top:100.00%"></i></div>"#), "{html}");
        assert_eq!(html.matches("plot-marks").count(), 1);
        // The polyline breaks at the gap: a move, then a move and a line.
        assert!(html.contains(r#"d="M0.0 666.7M666.7 833.3L1000.0 933.3""#));
    }

    #[test]
    fn the_gutter_holds_the_y_labels_for_the_plot_to_clear() {
        let html = html(&demo(), "chart");
        // The unseen gutter left of the plot area lists the same labels as the y axis, in the
        // same order, so the browser makes it as wide as the widest (ECharts' containLabel).
        let gutter = html
            .split(r#"<div class="plot-gutter">"#)
            .nth(1)
            .and_then(|rest| rest.split("</div>").next())
            .unwrap();
        let listed: Vec<&str> = gutter
            .split("<span>")
            .skip(1)
            .map(|s| s.trim_end_matches("</span>"))
            .collect();
        let axis: Vec<&str> = html
            .split(r#"<span class="plot-y" style="top:"#)
            .skip(1)
            .filter_map(|s| s.split_once('>').map(|(_, rest)| rest))
            .map(|s| s.split("</span>").next().unwrap())
            .collect();
        assert_eq!(listed, ["100", "150", "200", "250", "300", "350", "400"]);
        assert_eq!(axis, listed);
        // The names sit in the plot area, which they are placed against. It names the x
        // axis' ends, where the first and last x labels sit (0% and 100%), for a script to
        // place marks by value.
        assert!(html.contains(r#"<div class="plot-area" data-x="10 40"><svg"#));
        assert!(html.contains(r#"<span class="plot-x" style="left:0.00%">10</span>"#));
        assert!(html.contains(r#"<span class="plot-x" style="left:100.00%">40</span>"#));
        assert!(html.contains(r#"<p class="plot-y-name">Throughput &lt;per GPU&gt;</p>"#));
        assert!(html.ends_with(
            r#"<p class="plot-x-name">Interactivity (tok/s/user)</p></div></div></div>"#
        ));
    }

    #[test]
    fn a_frontier_is_the_spline_as_beziers_through_its_knots() {
        let html = html(&demo(), "chart");
        let d = html
            .split(r##"<path class="plot-line" stroke="#2f6fde" d=""##)
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .unwrap();
        // Two intervals: a move to the first knot, two curves ending at the others.
        assert!(d.starts_with("M0.0 0.0C"), "{d}");
        assert_eq!(d.matches('C').count(), 2);
        assert!(
            d.contains(" 333.3 333.3C") && d.ends_with(" 1000.0 1000.0"),
            "{d}"
        );
        // The first control point lies a third of the way along x (10 + 10/3 → 111.1).
        assert!(d.starts_with("M0.0 0.0C111.1 "), "{d}");
    }

    #[test]
    fn values_that_are_not_finite_are_left_out() {
        let mut plot = demo();
        plot.series[0].points.push([f64::NAN, 1.0]);
        plot.series[0].points.push([1.0, f64::INFINITY]);
        plot.series[1].line = PlotLine::Polyline(vec![
            Some([10.0, 200.0]),
            Some([f64::NAN, 1.0]),
            Some([40.0, 120.0]),
        ]);
        let html = html(&plot, "chart");
        assert!(!html.contains("NaN") && !html.contains("inf"), "{html}");
        // The same drawing as without them: the scales ignore them too.
        assert!(html.contains(r#"<div class="plot-marks side-0"><i style="left:0.00%;top:0.00%"></i><i style="left:33.33%;top:33.33%"></i><i style="left:100.00%;top:100.00%"></i><i style="left:16.67%;top:100.00%"></i></div>"#), "{html}");
        assert!(html.contains(r#"d="M0.0 666.7M1000.0 933.3""#), "{html}");
        // Nothing but values too large to place: nothing drawn.
        let huge = Plot {
            x_name: "x".into(),
            y_name: "y".into(),
            series: vec![PlotSeries {
                label: "s".into(),
                color: "#000",
                slot: 0,
                dash: Dash::Solid,
                points: vec![[0.0, 0.0], [f64::MAX, 1.0]],
                line: PlotLine::Polyline(vec![]),
            }],
            rings: None,
        };
        assert_eq!(super::html(&huge, "chart"), "");
    }

    #[test]
    fn nothing_to_draw_draws_nothing() {
        let empty = Plot {
            x_name: "x".into(),
            y_name: "y".into(),
            series: vec![],
            rings: None,
        };
        assert_eq!(html(&empty, "chart"), "");
    }

    #[test]
    fn rings_go_over_the_points_with_a_legend_entry_of_their_own() {
        let mut plot = demo();
        // The demo's axes: x 10–40, y 100–400 (see above). (25, 250) is halfway along both;
        // (40, 100) is the bottom-right corner.
        plot.rings = Some(Rings {
            label: "Lead <changes>".into(),
            points: vec![[25.0, 250.0], [40.0, 100.0], [f64::NAN, 1.0]],
        });
        let html = html(&plot, "chart");
        assert!(
            html.contains(
                r#"H200</li><li><span class="ring"></span>Lead &lt;changes&gt;</li></ul>"#
            ),
            "{html}"
        );
        let side = html.find(r#"<div class="plot-marks side-0">"#).unwrap();
        let rings = html.find(r#"<div class="plot-marks plot-rings"><i style="left:50.00%;top:50.00%"></i><i style="left:100.00%;top:100.00%"></i></div>"#);
        assert!(rings.is_some_and(|r| r > side), "{html}");
        // Rings within the lines' range leave the axes as they were.
        assert!(html.contains(r#"data-x="10 40""#), "{html}");
    }

    #[test]
    fn a_toggle_per_legend_entry_keyed_as_the_legend_keys_it() {
        let mut plot = demo();
        plot.rings = Some(Rings {
            label: "Lead changes hands".into(),
            points: vec![[25.0, 250.0]],
        });
        let toggle = |name: &str, key: &str| Toggle {
            name: name.into(),
            key: key.into(),
            with_precisions: false,
        };
        // Names as given (the template escapes them); keys as in the legend above; the
        // other precisions before the rings, as the live chart's legend lists them.
        let other = Toggle::precision("FP4 <all>", "#868e96");
        assert!(other.with_precisions);
        assert_eq!(
            other.key,
            r#"<span class="key"><span class="ring" style="border-color:#868e96"></span></span>"#
        );
        assert_eq!(
            toggles(&plot, vec![other.clone()]),
            [
                toggle(
                    "B200 & friends",
                    r#"<span class="key side-0"><span class="swatch"></span></span>"#
                ),
                toggle(
                    "H200",
                    r##"<span class="key"><svg class="plot-key-line" viewBox="0 0 24 4" focusable="false"><path d="M0 2H24" stroke="#d9480f"/></svg></span>"##
                ),
                other,
                toggle(
                    "Lead changes hands",
                    r#"<span class="key"><span class="ring"></span></span>"#
                ),
            ]
        );
    }
}
