//! The chart as a page first shows it: the default view drawn here in Rust, so that a reader
//! sees the chart with no script at all and the page stays light (SPEC §15 "Weight").
//! ECharts (some 550 KB even trimmed) is loaded only when the reader reaches for the chart:
//! pointing at it, touching it, focusing a control, or opening a link whose settings differ
//! from the default (`static/reader.js`, `liveChart`). The interactive chart then takes this
//! one's place, in a box of the same size, so nothing on the page moves.
//!
//! The plot is an SVG that stretches to its box (`preserveAspectRatio="none"`, strokes that do
//! not scale, round caps for the points), while the legend, tick labels and axis names are
//! HTML text laid over it by percentage, so they keep their size at any width. Coordinates
//! are printed with one decimal in a 1000 × 1000 box: the same numbers give the same bytes.
//! Frontiers are drawn as SPEC §3's spline itself, one exact cubic Bézier per interval
//! ([`MonotoneSpline::beziers`]), not as samples.

use std::fmt::Write as _;

use crate::compute::metrics::MonotoneSpline;
use crate::render::trend::escape;
use crate::render::wording;

/// The side of the square the SVG draws in; the box stretches it to the page's width.
const SIZE: f64 = 1000.0;

/// How many intervals an axis is cut into, roughly; [`ticks`] picks a round step near it.
const TICKS: f64 = 5.0;

/// A chart to draw: axis names and series, in data units.
pub struct Plot {
    pub x_name: String,
    pub y_name: String,
    pub series: Vec<PlotSeries>,
}

/// One legend entry: its measured points and its line.
pub struct PlotSeries {
    pub label: String,
    pub color: &'static str,
    pub points: Vec<[f64; 2]>,
    pub line: PlotLine,
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

/// A linear axis: the round range shown and its ticks.
#[derive(Debug, Clone, PartialEq)]
pub struct Scale {
    pub lo: f64,
    pub hi: f64,
    pub step: f64,
}

impl Scale {
    /// The position of `v` along the axis, 0 at `lo` and 1 at `hi`.
    fn fraction(&self, v: f64) -> f64 {
        (v - self.lo) / (self.hi - self.lo)
    }

    /// Every tick from `lo` to `hi`.
    fn ticks(&self) -> impl Iterator<Item = f64> + '_ {
        let n = ((self.hi - self.lo) / self.step).round() as usize;
        (0..=n).map(move |i| self.lo + self.step * i as f64)
    }

    /// A tick's label: thousands grouped, with as many decimals as the step needs (0.25 needs
    /// two, 2.5 one, 500 none).
    fn label(&self, v: f64) -> String {
        let whole = |d: i32| {
            let scaled = self.step * 10f64.powi(d);
            (scaled - scaled.round()).abs() < 1e-6 * scaled
        };
        let decimals = (0..=15).find(|&d| whole(d)).unwrap_or(15);
        wording::grouped(v, decimals as usize)
    }
}

/// The axis for values from `min` to `max`: a step of 1, 2, 2.5 or 5 times a power of ten
/// cutting the range into about [`TICKS`] parts, and the range widened to whole steps. The
/// range does not start at zero: like the interactive chart (`scale: true`), the axis shows
/// where the data is. A single value gets a range around it.
pub fn ticks(min: f64, max: f64) -> Scale {
    let (min, max) = if max > min {
        (min, max)
    } else {
        let pad = if min == 0.0 { 1.0 } else { min.abs() / 10.0 };
        (min - pad, max + pad)
    };
    let raw = (max - min) / TICKS;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|m| m * magnitude)
        .find(|&s| s >= raw * 0.999_999)
        .unwrap_or(10.0 * magnitude);
    Scale {
        lo: (min / step).floor() * step,
        hi: (max / step).ceil() * step,
        step,
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
        .filter(finite)
        .collect();
    let Some((x, y)) = scales(&values) else {
        return String::new();
    };
    let mut out = format!(
        r#"<div class="plot" id="chart-plot" role="img" aria-label="{}"><ul class="plot-legend" aria-hidden="true">"#,
        escape(label)
    );
    for s in &plot.series {
        let _ = write!(
            out,
            r#"<li><span class="plot-key" style="background:{}"></span>{}</li>"#,
            s.color,
            escape(&s.label)
        );
    }
    let _ = write!(
        out,
        r#"</ul><p class="plot-y-name" aria-hidden="true">{}</p><div class="plot-area" aria-hidden="true">"#,
        escape(&plot.y_name)
    );
    out.push_str(&svg(plot, &x, &y));
    for v in y.ticks() {
        let at = 100.0 * (1.0 - y.fraction(v));
        let _ = write!(
            out,
            r#"<span class="plot-y" style="top:{at:.2}%">{}</span>"#,
            y.label(v)
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
        r#"</div><p class="plot-x-name" aria-hidden="true">{}</p></div>"#,
        escape(&plot.x_name)
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

/// The SVG: grid lines at the ticks, then each series' line and points in its colour.
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
            r#"<path class="plot-line" stroke="{}" d="{}"/>"#,
            s.color,
            line_path(&s.line, &at)
        );
        let mut dots = String::new();
        for &p in s.points.iter().filter(|p| finite(p)) {
            let _ = write!(dots, "M{}h0", at(p));
        }
        let _ = write!(
            out,
            r#"<path class="plot-points" stroke="{}" d="{dots}"/>"#,
            s.color
        );
    }
    out.push_str("</svg>");
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

    #[test]
    fn ticks_are_round_steps_that_cover_the_data() {
        // 37..412: range 375, a fifth is 75, the next round step is 100.
        assert_eq!(
            ticks(37.0, 412.0),
            Scale {
                lo: 0.0,
                hi: 500.0,
                step: 100.0
            }
        );
        // 1,180..5,902: a fifth of 4,722 is 944.4 → 1,000.
        assert_eq!(
            ticks(1180.0, 5902.0),
            Scale {
                lo: 1000.0,
                hi: 6000.0,
                step: 1000.0
            }
        );
        // 0.21..0.93: a fifth of 0.72 is 0.144 → 0.2 (floating steps compared loosely).
        let s = ticks(0.21, 0.93);
        assert!(
            (s.step - 0.2).abs() < 1e-12
                && (s.lo - 0.2).abs() < 1e-12
                && (s.hi - 1.0).abs() < 1e-12
        );
        assert_eq!(s.label(0.4), "0.4");
        // 12..22: 2 per tick; one value gets a range around it.
        assert_eq!(
            ticks(12.0, 22.0),
            Scale {
                lo: 12.0,
                hi: 22.0,
                step: 2.0
            }
        );
        assert_eq!(
            ticks(50.0, 50.0),
            Scale {
                lo: 44.0,
                hi: 56.0,
                step: 2.0
            }
        );
        assert_eq!(ticks(1180.0, 5902.0).label(3000.0), "3,000");
        // 0..12: a fifth is 2.4 → 2.5, which needs a decimal.
        let s = ticks(0.0, 12.0);
        assert_eq!(
            (s.step, s.hi, s.label(7.5), s.label(5.0)),
            (2.5, 12.5, "7.5".into(), "5.0".into())
        );
    }

    fn demo() -> Plot {
        Plot {
            x_name: "Interactivity (tok/s/user)".into(),
            y_name: "Throughput <per GPU>".into(),
            series: vec![
                PlotSeries {
                    label: "B200 & friends".into(),
                    color: "#2f6fde",
                    points: vec![[10.0, 400.0], [20.0, 300.0], [40.0, 100.0], [15.0, 100.0]],
                    line: PlotLine::Spline(vec![[10.0, 400.0], [20.0, 300.0], [40.0, 100.0]]),
                },
                PlotSeries {
                    label: "H200".into(),
                    color: "#d9480f",
                    points: vec![],
                    line: PlotLine::Polyline(vec![
                        Some([10.0, 200.0]),
                        None,
                        Some([30.0, 150.0]),
                        Some([40.0, 120.0]),
                    ]),
                },
            ],
        }
    }

    #[test]
    fn draws_each_series_in_its_colour_with_escaped_text() {
        let html = html(&demo(), "Chart of \"x\"");
        assert!(html.starts_with(
            r#"<div class="plot" id="chart-plot" role="img" aria-label="Chart of &quot;x&quot;"><ul class="plot-legend" aria-hidden="true">"#
        ));
        assert!(html.contains(r##"<li><span class="plot-key" style="background:#2f6fde"></span>B200 &amp; friends</li>"##));
        assert!(html.contains("Throughput &lt;per GPU&gt;"));
        // x 10..40: a fifth of 30 is 6 → steps of 10.
        // y 100..400 → a fifth of 300 is 60 → 100: ticks 100..400.
        assert_eq!(html.matches(r#"class="plot-y""#).count(), 4);
        assert!(html.contains(r#"<span class="plot-y" style="top:0.00%">400</span>"#));
        assert!(html.contains(r#"<span class="plot-y" style="top:100.00%">100</span>"#));
        // Four points at x 10, 20, 40, 15 on 10..40, y on 100..400 (SVG y grows down).
        assert!(html.contains(r#"d="M0.0 0.0h0M333.3 333.3h0M1000.0 1000.0h0M166.7 1000.0h0""#));
        // The polyline breaks at the gap: a move, then a move and a line.
        assert!(html.contains(r#"d="M0.0 666.7M666.7 833.3L1000.0 933.3""#));
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
        assert!(html.contains(r#"d="M0.0 0.0h0M333.3 333.3h0M1000.0 1000.0h0M166.7 1000.0h0""#));
        assert!(html.contains(r#"d="M0.0 666.7M1000.0 933.3""#), "{html}");
        // Nothing but values too large to place: nothing drawn.
        let huge = Plot {
            x_name: "x".into(),
            y_name: "y".into(),
            series: vec![PlotSeries {
                label: "s".into(),
                color: "#000",
                points: vec![[0.0, 0.0], [f64::MAX, 1.0]],
                line: PlotLine::Polyline(vec![]),
            }],
        };
        assert_eq!(super::html(&huge, "chart"), "");
    }

    #[test]
    fn tiny_steps_keep_distinct_labels() {
        let s = ticks(1e-7, 3e-7);
        let labels: Vec<String> = s.ticks().map(|v| s.label(v)).collect();
        let distinct: std::collections::BTreeSet<&String> = labels.iter().collect();
        assert_eq!(distinct.len(), labels.len(), "{labels:?}");
    }

    #[test]
    fn nothing_to_draw_draws_nothing() {
        let empty = Plot {
            x_name: "x".into(),
            y_name: "y".into(),
            series: vec![],
        };
        assert_eq!(html(&empty, "chart"), "");
    }
}
