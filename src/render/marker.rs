//! Each side slot's marker shape, one of eight, so that a side is told apart by its shape as
//! well as its colour wherever it appears (a reader who cannot tell two colours apart still
//! matches a series to its rows):
//!
//! - the tables' swatches and the drawn chart's points: the `.side-N .swatch` clip-paths in
//!   `static/style.css`, which a test below holds to these outlines;
//! - the live chart's points and legend ([`echarts_symbol`]);
//! - the trend chart of the "Since the previous run" box ([`svg`]).

use std::fmt::Write as _;

/// The style slot (`.side-N` in `static/style.css`, [`SHAPES`], the chart's palette) of the
/// `i`-th side of a page: past eight, the slots start over.
pub fn slot(i: usize) -> usize {
    i % SHAPES.len()
}

/// A marker's outline, in a 10 × 10 box with y pointing down.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Shape {
    Circle,
    Polygon(&'static [(f64, f64)]),
}

/// The shapes of slots 0–7: square, circle, triangle, diamond, inverted triangle, hexagon,
/// cross, pentagon.
const SHAPES: [Shape; 8] = [
    Shape::Polygon(&[(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0)]),
    Shape::Circle,
    Shape::Polygon(&[(5.0, 0.0), (10.0, 10.0), (0.0, 10.0)]),
    Shape::Polygon(&[(5.0, 0.0), (10.0, 5.0), (5.0, 10.0), (0.0, 5.0)]),
    Shape::Polygon(&[(0.0, 0.0), (10.0, 0.0), (5.0, 10.0)]),
    Shape::Polygon(&[
        (2.5, 0.0),
        (7.5, 0.0),
        (10.0, 5.0),
        (7.5, 10.0),
        (2.5, 10.0),
        (0.0, 5.0),
    ]),
    Shape::Polygon(&[
        (3.5, 0.0),
        (6.5, 0.0),
        (6.5, 3.5),
        (10.0, 3.5),
        (10.0, 6.5),
        (6.5, 6.5),
        (6.5, 10.0),
        (3.5, 10.0),
        (3.5, 6.5),
        (0.0, 6.5),
        (0.0, 3.5),
        (3.5, 3.5),
    ]),
    Shape::Polygon(&[
        (5.0, 0.0),
        (10.0, 3.8),
        (8.2, 10.0),
        (1.8, 10.0),
        (0.0, 3.8),
    ]),
];

/// The shape of side `slot`.
fn shape(slot: usize) -> Shape {
    SHAPES[self::slot(slot)]
}

/// ECharts' `symbol` for slot `slot`: `circle`, or the outline as a `path://`, which ECharts
/// scales into the symbol's box.
pub fn echarts_symbol(slot: usize) -> String {
    match shape(slot) {
        Shape::Circle => "circle".to_string(),
        Shape::Polygon(points) => format!("path://{}", outline(points, |&(x, y)| (x, y))),
    }
}

/// Slot `slot`'s marker as an SVG element `size` units across, centred on (`x`, `y`), with
/// coordinates to one decimal (the same numbers give the same bytes).
pub fn svg(slot: usize, x: f64, y: f64, size: f64) -> String {
    let half = size / 2.0;
    match shape(slot) {
        Shape::Circle => format!(r#"<circle cx="{x:.1}" cy="{y:.1}" r="{half:.1}"/>"#),
        Shape::Polygon(points) => {
            let at =
                |&(px, py): &(f64, f64)| (x - half + px * size / 10.0, y - half + py * size / 10.0);
            format!(r#"<path class="mark" d="{}"/>"#, outline(points, at))
        }
    }
}

/// `M x y L x y … Z` through `points`, each placed by `at`.
fn outline(points: &[(f64, f64)], at: impl Fn(&(f64, f64)) -> (f64, f64)) -> String {
    let mut d = String::new();
    for (i, p) in points.iter().enumerate() {
        let (x, y) = at(p);
        let verb = if i == 0 { 'M' } else { 'L' };
        let _ = write!(d, "{verb}{} {}", Short(x), Short(y));
    }
    d.push('Z');
    d
}

/// A coordinate with one decimal, without a trailing `.0` (`M0 0L10 3.8`).
struct Short(f64);

impl std::fmt::Display for Short {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let s = format!("{:.1}", self.0);
        f.write_str(s.strip_suffix(".0").unwrap_or(&s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The clip-path polygon of `.side-N .swatch` in `static/style.css`, as points in the
    /// 10 × 10 box; the whole box where the rule has none, `None` for a round swatch.
    fn css_outline(css: &str, slot: usize) -> Option<Vec<(f64, f64)>> {
        // One rule shapes a side's swatches and the drawn chart's points alike.
        let selector = format!(".side-{slot} .swatch, .plot-marks.side-{slot} i {{");
        let rule = css
            .lines()
            .find(|l| l.starts_with(&selector))
            .unwrap_or_else(|| panic!("no rule `{selector}`"));
        if rule.contains("border-radius: 50%") {
            return None;
        }
        let Some(start) = rule.find("polygon(") else {
            return Some(vec![(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0)]);
        };
        let inner = &rule[start + 8..rule[start..].find(')').unwrap() + start];
        let percent = |v: &str| v.trim_end_matches('%').parse::<f64>().unwrap() / 10.0;
        Some(
            inner
                .split(',')
                .map(|pair| {
                    let mut xy = pair.split_whitespace().map(percent);
                    (xy.next().unwrap(), xy.next().unwrap())
                })
                .collect(),
        )
    }

    #[test]
    fn the_tables_swatches_have_the_charts_shapes() {
        let css = include_str!("../../static/style.css");
        for slot in 0..SHAPES.len() {
            let expected = match shape(slot) {
                Shape::Circle => None,
                Shape::Polygon(points) => Some(points.to_vec()),
            };
            assert_eq!(css_outline(css, slot), expected, "slot {slot}");
        }
    }

    #[test]
    fn the_css_side_colours_are_the_charts_palette() {
        let css = include_str!("../../static/style.css");
        for (slot, colour) in crate::render::chart::PALETTE.iter().enumerate() {
            let declaration = format!("--side-{slot}: {colour};");
            assert!(
                css.contains(&declaration),
                "no `{declaration}` in style.css"
            );
        }
    }

    #[test]
    fn echarts_gets_each_outline_as_a_path_and_the_circle_by_name() {
        assert_eq!(echarts_symbol(0), "path://M0 0L10 0L10 10L0 10Z");
        assert_eq!(echarts_symbol(1), "circle");
        assert_eq!(echarts_symbol(7), "path://M5 0L10 3.8L8.2 10L1.8 10L0 3.8Z");
        assert_eq!(echarts_symbol(8), echarts_symbol(0));
        let all: std::collections::BTreeSet<_> = (0..8).map(echarts_symbol).collect();
        assert_eq!(all.len(), 8, "eight different shapes");
    }

    #[test]
    fn an_svg_marker_is_centred_on_its_point() {
        // A triangle 6 across at (100, 50): its box runs from (97, 47) to (103, 53).
        assert_eq!(
            svg(2, 100.0, 50.0, 6.0),
            r#"<path class="mark" d="M100 47L103 53L97 53Z"/>"#
        );
        assert_eq!(
            svg(1, 100.0, 50.0, 6.0),
            r#"<circle cx="100.0" cy="50.0" r="3.0"/>"#
        );
    }
}
