//! The drawing's axes: the round range and ticks ECharts would choose for the same values, so
//! that the live chart does not move its ticks when it takes the drawing's place.

use crate::render::wording;

/// How many intervals an axis is cut into, roughly (ECharts' default `splitNumber`); [`ticks`]
/// picks a round step near it.
const TICKS: f64 = 5.0;

/// A linear axis: the round range shown and its ticks.
#[derive(Debug, Clone, PartialEq)]
pub struct Scale {
    pub lo: f64,
    pub hi: f64,
    pub step: f64,
}

impl Scale {
    /// The position of `v` along the axis, 0 at `lo` and 1 at `hi`.
    pub(super) fn fraction(&self, v: f64) -> f64 {
        (v - self.lo) / (self.hi - self.lo)
    }

    /// Every tick from `lo` to `hi`, each rounded as ECharts rounds it.
    pub(super) fn ticks(&self) -> impl Iterator<Item = f64> + '_ {
        let n = ((self.hi - self.lo) / self.step).round() as usize;
        let precision = precision(self.step);
        (0..=n).map(move |i| round(self.lo + self.step * i as f64, precision))
    }

    /// A tick's label as ECharts writes it: the number's shortest form (2.5, 3, 0.04), its
    /// thousands grouped.
    pub(super) fn label(&self, v: f64) -> String {
        let v = if v == 0.0 { 0.0 } else { v }; // no "-0"
        let shortest = v.to_string();
        let decimals = shortest.split_once('.').map_or(0, |(_, f)| f.len());
        wording::grouped(v, decimals)
    }
}

/// The axis for values from `min` to `max`, chosen as ECharts chooses it for the interactive
/// chart (a value axis with `scale: true` and five intervals asked for; `axisNiceTicks.js`
/// and `util/number.js` in ECharts 6.1), so that the chart does not change its ticks when the
/// live one takes this drawing's place: the step is a fifth of the range rounded to the
/// nearest 1, 2, 3 or 5 times a power of ten (1.4 → 1, 2.4 → 2, 3.9 → 3, 6.9 → 5, 7 → 10),
/// and the range is widened to whole steps. The range does not start at zero: the axis shows
/// where the data is. A single value `v` gets the range `v ± |v|/2` (0 gets 0..1).
///
/// One difference is left: ECharts rounds with JavaScript's `toFixed` (half away from zero)
/// and this with Rust's formatting (half to even), which differ only for a value exactly
/// halfway at the tick precision (two more decimals than the step has).
pub fn ticks(min: f64, max: f64) -> Scale {
    let (min, max) = if max > min {
        (min, max)
    } else if min == 0.0 {
        (0.0, 1.0)
    } else {
        (min - min.abs() / 2.0, min + min.abs() / 2.0)
    };
    let step = nice((max - min) / TICKS);
    let digits = precision(step);
    Scale {
        lo: round((min / step).floor() * step, digits),
        hi: round((max / step).ceil() * step, digits),
        step,
    }
}

/// The decimals ticks are rounded to (ECharts' interval precision): the step's, plus two.
fn precision(step: f64) -> usize {
    decimals(step) + 2
}

/// ECharts' `nice(value, round)`: `value` rounded to the nearest 1, 2, 3, 5 or 10 times its
/// power of ten.
fn nice(value: f64) -> f64 {
    let exponent = exponent(value);
    let power = 10f64.powi(exponent);
    let f = value / power;
    let nf = match f {
        f if f < 1.5 => 1.0,
        f if f < 2.5 => 2.0,
        f if f < 4.0 => 3.0,
        f if f < 7.0 => 5.0,
        _ => 10.0,
    };
    round(nf * power, (-exponent).max(0) as usize)
}

/// The power of ten of a positive `value`: 2 for 944, -1 for 0.144.
fn exponent(value: f64) -> i32 {
    let e = value.log10().floor() as i32;
    if value / 10f64.powi(e) >= 10.0 {
        e + 1
    } else {
        e
    }
}

/// How many decimals `value` needs (ECharts' `getPrecision`): 0 for 300, 1 for 0.5.
fn decimals(value: f64) -> usize {
    (0..15)
        .find(|&d| {
            let scale = 10f64.powi(d as i32);
            (value * scale).round() / scale == value
        })
        .unwrap_or(15)
}

/// `value` rounded to `decimals` places, as a number.
fn round(value: f64, decimals: usize) -> f64 {
    format!("{value:.decimals$}").parse().unwrap_or(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tick labels of the axis for data from `lo` to `hi`.
    fn labels(lo: f64, hi: f64) -> Vec<String> {
        let s = ticks(lo, hi);
        s.ticks().map(|v| s.label(v)).collect()
    }

    #[test]
    fn ticks_are_the_ones_echarts_chooses() {
        // Each expected list was produced by ECharts 6.1.0 itself, in Node: a value axis with
        // `scale: true` over a scatter of the two values, its ticks' labels read from the axis
        // model (`scale.getTicks()`, `scale.getLabel(tick)`).
        let cases: &[(f64, f64, &[&str])] = &[
            // A fifth of 375 is 75: f = 7.5 → 10 → a step of 100.
            (37.0, 412.0, &["0", "100", "200", "300", "400", "500"]),
            (
                1180.0,
                5902.0,
                &["1,000", "2,000", "3,000", "4,000", "5,000", "6,000"],
            ),
            // 0.144 → 0.1 (the nearest, where a ceiling would give 0.2).
            (
                0.21,
                0.93,
                &["0.2", "0.3", "0.4", "0.5", "0.6", "0.7", "0.8", "0.9", "1"],
            ),
            (12.0, 22.0, &["12", "14", "16", "18", "20", "22"]),
            // 2.4 → 2 (not 2.5), 3 → 3, 1.3 → 1.
            (0.0, 12.0, &["0", "2", "4", "6", "8", "10", "12"]),
            (0.0, 15.0, &["0", "3", "6", "9", "12", "15"]),
            (0.0, 6.5, &["0", "1", "2", "3", "4", "5", "6", "7"]),
            // One value v: v ± |v|/2, so 50 gets 25..75 and a step of 10; 0 gets 0..1.
            (50.0, 50.0, &["20", "30", "40", "50", "60", "70", "80"]),
            (0.0, 0.0, &["0", "0.2", "0.4", "0.6", "0.8", "1"]),
            (
                -3.0,
                -3.0,
                &["-4.5", "-4", "-3.5", "-3", "-2.5", "-2", "-1.5"],
            ),
            (
                1e-7,
                3e-7,
                &[
                    "0.0000001",
                    "0.00000015",
                    "0.0000002",
                    "0.00000025",
                    "0.0000003",
                ],
            ),
        ];
        for &(lo, hi, expected) in cases {
            assert_eq!(labels(lo, hi), expected, "{lo}..{hi}");
        }
        let s = ticks(37.0, 412.0);
        assert_eq!((s.lo, s.hi, s.step), (0.0, 500.0, 100.0));
    }
}
