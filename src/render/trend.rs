//! The small trend chart of the "Since the previous run" box: each side's throughput at the
//! page's middle target across its history, as an inline SVG drawn here in Rust.
//!
//! Why not ECharts: the chart is tiny, has no controls, and must show without JavaScript.
//! Coordinates are printed with one decimal, so the same numbers always give the same bytes.
//! The SVG has an accessible name (`role="img"`, `aria-label` and `<title>`); the values
//! themselves are listed beside it for readers who cannot see it.

use std::fmt::Write as _;

use crate::render::{escape_html, marker};

/// The drawing area, in SVG user units.
const WIDTH: f64 = 320.0;
const HEIGHT: f64 = 112.0;
/// Room around the plot for the points' radius and the scale labels, and below it for the
/// names of the first and last runs.
const LEFT: f64 = 44.0;
const PAD: f64 = 8.0;
const BOTTOM: f64 = 24.0;
/// A point's marker, across: its side's shape ([`marker`]), as in the tables and the chart.
const MARK: f64 = 7.0;
/// A run name's line: its height, and the width of a character at the names' 10 px, a
/// little over the average of a sans-serif's letters and digits so that the estimate errs wide.
const LINE: f64 = 12.0;
const CHAR: f64 = 6.0;

/// The SVG of `sides` (`[side][entry]`, `None` where a run had no value), one line and one
/// marker per value, coloured and shaped by side slot, on a scale from zero (so that a 2% wobble looks like
/// one, and the sides' sizes compare), with the first and last of `runs` named under its ends
/// (the last a line lower where the two names would run into each other: undated runs are
/// named by their titles, "InferenceMAX run 20321908209"); `label` is its accessible name.
/// A value its run did not measure (`measured`, `[side][entry]`: carried from an earlier run)
/// has a hollow marker, in a `g.carried`. Empty when no side has a value.
pub fn svg(
    sides: &[Vec<Option<f64>>],
    measured: &[Vec<bool>],
    runs: [&str; 2],
    label: &str,
) -> String {
    let Some(hi) = sides
        .iter()
        .flatten()
        .flatten()
        .copied()
        .max_by(f64::total_cmp)
    else {
        return String::new();
    };
    let entries = sides.iter().map(Vec::len).max().unwrap_or(0);
    let x = |i: usize| {
        let span = WIDTH - LEFT - PAD;
        LEFT + if entries > 1 {
            span * i as f64 / (entries - 1) as f64
        } else {
            span / 2.0
        }
    };
    let stacked = entries > 1 && names_collide(runs);
    let height = HEIGHT + if stacked { LINE } else { 0.0 };
    let bottom = HEIGHT - BOTTOM;
    let y = |v: f64| {
        let span = bottom - PAD;
        if hi > 0.0 {
            bottom - span * v / hi
        } else {
            bottom
        }
    };
    let label = escape_html(label);
    let mut out = format!(
        r#"<svg class="trend-chart" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" role="img" aria-label="{label}"><title>{label}</title>"#
    );
    let _ = write!(
        out,
        r#"<path class="trend-axis" d="M{LEFT:.1} {bottom:.1}H{:.1}"/>"#,
        WIDTH - PAD
    );
    for v in [hi, 0.0] {
        let _ = write!(
            out,
            r#"<text x="{:.1}" y="{:.1}" class="trend-scale">{}</text>"#,
            LEFT - 6.0,
            y(v) + 4.0,
            crate::render::wording::integer(v)
        );
    }
    let line = HEIGHT - 6.0;
    let ends = if entries > 1 {
        let last = if stacked { line + LINE } else { line };
        vec![
            (LEFT, line, "start", runs[0]),
            (WIDTH - PAD, last, "end", runs[1]),
        ]
    } else {
        vec![(x(0), line, "middle", runs[1])]
    };
    for (at, line, anchor, name) in ends {
        let _ = write!(
            out,
            r#"<text x="{at:.1}" y="{line:.1}" class="trend-run" text-anchor="{anchor}">{}</text>"#,
            escape_html(name)
        );
    }
    // The lines and the hollow marks of carried values first, every measured mark after them,
    // on top: a side's new value is never hidden under another's carried one.
    let mut measured_marks = String::new();
    for (slot, values) in sides.iter().enumerate() {
        let side = marker::slot(slot);
        let _ = write!(
            out,
            r#"<g class="side-{side}"><path d="{}"/>"#,
            path(values, &x, &y)
        );
        let (mut carried, mut shown) = (String::new(), String::new());
        for (i, v) in values.iter().enumerate() {
            let Some(v) = v else { continue };
            let mark = marker::svg(slot, x(i), y(*v), MARK);
            match measured.get(slot).and_then(|m| m.get(i)) {
                Some(false) => carried.push_str(&mark),
                _ => shown.push_str(&mark),
            }
        }
        if !carried.is_empty() {
            let _ = write!(out, r#"<g class="carried">{carried}</g>"#);
        }
        out.push_str("</g>");
        if !shown.is_empty() {
            let _ = write!(measured_marks, r#"<g class="side-{side}">{shown}</g>"#);
        }
    }
    out.push_str(&measured_marks);
    out.push_str("</svg>");
    out
}

/// Whether the first and last run names, one from each end of the axis, would meet on one
/// line (estimated at [`CHAR`] a character, with a gap of one).
fn names_collide([first, last]: [&str; 2]) -> bool {
    let chars = first.chars().count() + last.chars().count() + 1;
    chars as f64 * CHAR > WIDTH - LEFT - PAD
}

/// A line through the values, broken where a run had none.
fn path(values: &[Option<f64>], x: &impl Fn(usize) -> f64, y: &impl Fn(f64) -> f64) -> String {
    let mut d = String::new();
    let mut drawing = false;
    for (i, v) in values.iter().enumerate() {
        match v {
            Some(v) => {
                let verb = if drawing { 'L' } else { 'M' };
                let _ = write!(d, "{verb}{:.1} {:.1}", x(i), y(*v));
                drawing = true;
            }
            None => drawing = false,
        }
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_dot_per_value_and_lines_break_at_gaps() {
        let s = svg(
            &[
                vec![Some(100.0), Some(200.0), None, Some(150.0)],
                vec![Some(120.0), None, None, None],
            ],
            &[],
            ["2026-01-01", "run <4>"],
            "A & B",
        );
        // One marker per value in its side's shape: side 0's squares, side 1's circle.
        assert_eq!(s.matches(r#"<path class="mark""#).count(), 3, "{s}");
        assert_eq!(s.matches("<circle").count(), 1, "{s}");
        assert!(
            s.contains(r#"<path class="mark" d="M40.5 44.5L47.5 44.5L47.5 51.5L40.5 51.5Z"/>"#),
            "{s}"
        );
        assert!(s.contains(r#"aria-label="A &amp; B""#), "{s}");
        // x from 44 to 312 in thirds; y from 88 (zero) to 8 (200), 0.4 a unit.
        assert!(
            s.contains(r#"<path d="M44.0 48.0L133.3 8.0M312.0 28.0"/>"#),
            "{s}"
        );
        assert!(s.contains(r#"<path d="M44.0 40.0"/>"#), "{s}");
        // The scale's ends, zero on the axis; the first and last runs under the ends.
        assert!(s.contains(r#"y="12.0" class="trend-scale">200<"#), "{s}");
        assert!(s.contains(r#"y="92.0" class="trend-scale">0<"#), "{s}");
        assert!(
            s.contains(r#"<path class="trend-axis" d="M44.0 88.0H312.0"/>"#),
            "{s}"
        );
        assert!(s.contains(r#"text-anchor="start">2026-01-01<"#), "{s}");
        assert!(s.contains(r#"text-anchor="end">run &lt;4&gt;<"#), "{s}");
    }

    /// Dates fit side by side; two run titles do not, and the last goes a line lower, the
    /// drawing a line taller.
    #[test]
    fn long_run_names_are_stacked() {
        let values = [vec![Some(1.0), Some(2.0)]];
        let dates = svg(&values, &[], ["2026-01-01", "2026-01-05"], "x");
        assert!(dates.contains(r#"viewBox="0 0 320 112""#), "{dates}");
        assert!(
            dates.contains(
                r#"<text x="312.0" y="106.0" class="trend-run" text-anchor="end">2026-01-05<"#
            ),
            "{dates}"
        );
        let titles = [
            "InferenceMAX run 20321908209",
            "InferenceMAX run 20413316138",
        ];
        let s = svg(&values, &[], titles, "x");
        assert!(
            s.contains(r#"viewBox="0 0 320 124" width="320" height="124""#),
            "{s}"
        );
        assert!(
            s.contains(r#"<text x="44.0" y="106.0" class="trend-run" text-anchor="start">InferenceMAX run 20321908209<"#),
            "{s}"
        );
        assert!(
            s.contains(r#"<text x="312.0" y="118.0" class="trend-run" text-anchor="end">InferenceMAX run 20413316138<"#),
            "{s}"
        );
        // 44 characters with the gap take 264 of the axis's 268 units; 45 take 270.
        assert!(!names_collide(["a".repeat(21).as_str(), &"b".repeat(22)]));
        assert!(names_collide(["a".repeat(22).as_str(), &"b".repeat(22)]));
    }

    #[test]
    fn one_run_is_named_under_its_dot() {
        let s = svg(&[vec![Some(50.0)]], &[], ["a", "a"], "x");
        assert_eq!(s.matches("class=\"trend-run\"").count(), 1, "{s}");
        assert!(
            s.contains(r#"<text x="178.0" y="106.0" class="trend-run" text-anchor="middle">a<"#),
            "{s}"
        );
    }

    #[test]
    fn a_value_its_run_did_not_measure_is_drawn_hollow() {
        let values = [
            vec![Some(10.0), Some(10.0), Some(12.0)],
            vec![Some(5.0), None, Some(6.0)],
        ];
        // Side 0 not re-measured in the middle run; side 1's gap is no value, not a carried one.
        let measured = [vec![true, false, true], vec![true, false, true]];
        let s = svg(&values, &measured, ["a", "b"], "x");
        assert_eq!(s.matches(r#"<g class="carried">"#).count(), 1, "{s}");
        // The middle run's x is 178: side 0's square there, and only it, in the group.
        assert!(
            s.contains(r#"<g class="carried"><path class="mark" d="M174.5 "#),
            "{s}"
        );
        assert_eq!(s.matches(r#"<path class="mark""#).count(), 3, "{s}");
        assert_eq!(s.matches("<circle").count(), 2, "{s}");
        // Drawn beneath every measured mark: side 1's circles and side 0's first square come
        // after the carried group.
        let carried = s.find(r#"<g class="carried">"#).unwrap();
        let first_square = s.find(r#"<path class="mark" d="M40.5 "#).unwrap();
        let first_circle = s.find("<circle").unwrap();
        assert!(carried < first_square && carried < first_circle, "{s}");
    }

    #[test]
    fn no_values_no_chart() {
        assert_eq!(svg(&[vec![None, None]], &[], ["a", "b"], "x"), "");
    }
}
