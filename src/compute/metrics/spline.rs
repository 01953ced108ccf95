//! The monotone cubic interpolant of Steffen (1990), computed exactly as d3's
//! `curveMonotoneX` (d3-shape `src/curve/monotone.js`) draws it, so a number in
//! a table is the number a reader sees on the drawn frontier.
//!
//! d3 draws each interval as a cubic Bézier with control points a third of the
//! way along x, which is the cubic Hermite segment with the tangents below. d3
//! does this in *screen* coordinates, but an axis is an affine map of each
//! coordinate separately (x' = a·x + b, y' = c·y + d): every secant, `p_i` and
//! tangent then scales by c/a, the sign/min formula commutes with that scaling,
//! and so the Hermite curve in data space is the image of d3's curve. (This
//! holds for linear axes only; a log axis is not affine.)

/// A monotone cubic Hermite spline through knots with strictly increasing x.
#[derive(Debug, Clone, PartialEq)]
pub struct MonotoneSpline {
    xs: Vec<f64>,
    ys: Vec<f64>,
    tangents: Vec<f64>,
}

impl MonotoneSpline {
    /// Builds the spline, or `None` when the lengths differ or `xs` is not
    /// strictly increasing (the interpolant would not be a function of x).
    /// No knots is allowed: such a spline has no domain and no values.
    pub fn new(xs: &[f64], ys: &[f64]) -> Option<Self> {
        let increasing = xs.windows(2).all(|w| w[0] < w[1]);
        if xs.len() != ys.len() || !increasing {
            return None;
        }
        let tangents = tangents(xs, ys);
        Some(Self {
            xs: xs.to_vec(),
            ys: ys.to_vec(),
            tangents,
        })
    }

    /// The x of every knot, increasing.
    pub fn knots(&self) -> &[f64] {
        &self.xs
    }

    /// The closed range `(first x, last x)` where the spline has values.
    pub fn domain(&self) -> Option<(f64, f64)> {
        Some((*self.xs.first()?, *self.xs.last()?))
    }

    /// The value at `x`, or `None` outside the domain: the spline never
    /// extrapolates, because a frontier says nothing beyond its measured ends.
    /// At a knot the knot's own value is returned exactly.
    pub fn at(&self, x: f64) -> Option<f64> {
        let (first, last) = self.domain()?;
        if !(first..=last).contains(&x) {
            return None;
        }
        // Index of the first knot strictly right of x; x lies in [i-1, i).
        let i = self.xs.partition_point(|&k| k <= x);
        if self.xs[i - 1] == x {
            return Some(self.ys[i - 1]);
        }
        Some(self.hermite(i - 1, x))
    }

    /// The values at `xs`, which must ascend, each exactly as [`Self::at`] gives it: the knots
    /// walked once alongside, not searched for each. A race looks at thousands of speeds in
    /// order, each on every candidate's spline.
    pub fn along<'a>(&'a self, xs: &'a [f64]) -> impl Iterator<Item = Option<f64>> + 'a {
        debug_assert!(xs.windows(2).all(|w| w[0] <= w[1]), "xs must ascend");
        let mut i = 0; // the first knot right of the last x looked at
        xs.iter().map(move |&x| {
            let (first, last) = self.domain()?;
            if !(first..=last).contains(&x) {
                return None;
            }
            while self.xs.get(i).is_some_and(|&k| k <= x) {
                i += 1;
            }
            if self.xs[i - 1] == x {
                return Some(self.ys[i - 1]);
            }
            Some(self.hermite(i - 1, x))
        })
    }

    /// The spline as one cubic Bézier per interval: its knots, with control points a third of
    /// the way along x. This is the curve exactly (a cubic Hermite segment written in Bézier
    /// form), and what d3 draws; since an affine map of a Bézier is the Bézier of the mapped
    /// points, an SVG path drawn from these on linear axes is the curve the tables read.
    pub fn beziers(&self) -> impl Iterator<Item = [(f64, f64); 4]> + '_ {
        (1..self.xs.len()).map(|i| {
            let (x0, x1) = (self.xs[i - 1], self.xs[i]);
            let (y0, y1) = (self.ys[i - 1], self.ys[i]);
            let third = (x1 - x0) / 3.0;
            [
                (x0, y0),
                (x0 + third, y0 + third * self.tangents[i - 1]),
                (x1 - third, y1 - third * self.tangents[i]),
                (x1, y1),
            ]
        })
    }

    /// Cubic Hermite segment between knots `i` and `i + 1`.
    fn hermite(&self, i: usize, x: f64) -> f64 {
        let h = self.xs[i + 1] - self.xs[i];
        let t = (x - self.xs[i]) / h;
        let (t2, t3) = (t * t, t * t * t);
        let h00 = 2.0 * t3 - 3.0 * t2 + 1.0;
        let h10 = t3 - 2.0 * t2 + t;
        let h01 = -2.0 * t3 + 3.0 * t2;
        let h11 = t3 - t2;
        h00 * self.ys[i]
            + h10 * h * self.tangents[i]
            + h01 * self.ys[i + 1]
            + h11 * h * self.tangents[i + 1]
    }
}

/// Tangents at every knot, as d3 computes them.
///
/// Two knots get the secant at both ends, which makes the segment the straight
/// line d3 draws with `lineTo`. One knot gets a tangent of 0 (never used).
fn tangents(xs: &[f64], ys: &[f64]) -> Vec<f64> {
    let n = xs.len();
    let secants: Vec<f64> = (1..n)
        .map(|i| (ys[i] - ys[i - 1]) / (xs[i] - xs[i - 1]))
        .collect();
    if n < 3 {
        return vec![secants.first().copied().unwrap_or(0.0); n];
    }
    let mut m = vec![0.0; n];
    for i in 1..n - 1 {
        let (h0, h1) = (xs[i] - xs[i - 1], xs[i + 1] - xs[i]);
        m[i] = interior_tangent(secants[i - 1], secants[i], h0, h1);
    }
    // d3's slope2: the end tangent uses the end interval's secant and the
    // tangent at the knot next to the end.
    m[0] = (3.0 * secants[0] - m[1]) / 2.0;
    m[n - 1] = (3.0 * secants[n - 2] - m[n - 2]) / 2.0;
    m
}

/// Steffen's interior tangent: the slope `p` of the parabola through the three
/// knots, limited to twice the smaller secant and zeroed at a local extremum,
/// which is what guarantees no overshoot. This is d3's `slope3`, whose
/// `|| 0` also maps NaN to 0.
fn interior_tangent(s0: f64, s1: f64, h0: f64, h1: f64) -> f64 {
    let p = (s0 * h1 + s1 * h0) / (h0 + h1);
    let m = (sign(s0) + sign(s1)) * s0.abs().min(s1.abs()).min(0.5 * p.abs());
    if m.is_nan() { 0.0 } else { m }
}

/// d3's `sign`: zero counts as positive. (A zero secant makes the min zero
/// anyway, so this only matters for matching d3 bit for bit.)
fn sign(v: f64) -> f64 {
    if v < 0.0 { -1.0 } else { 1.0 }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn spline(xs: &[f64], ys: &[f64]) -> MonotoneSpline {
        MonotoneSpline::new(xs, ys).expect("valid knots")
    }

    fn assert_close(actual: Option<f64>, expected: f64) {
        let a = actual.expect("inside the domain");
        assert!((a - expected).abs() < 1e-12, "{a} != {expected}");
    }

    /// Knots x = [0, 1, 3, 4], y = [0, 2, 5, 5.1].
    ///
    /// h = [1, 2, 1]; secants s = [2/1, 3/2, 0.1/1] = [2, 1.5, 0.1].
    ///
    /// m1: p1 = (s0·h1 + s1·h0)/(h0 + h1) = (2·2 + 1.5·1)/3 = 5.5/3 = 11/6;
    ///     min(|2|, |1.5|, ½·11/6 = 11/12) = 11/12; signs 1 + 1 → m1 = 11/6.
    /// m2: p2 = (s1·h2 + s2·h1)/(h1 + h2) = (1.5·1 + 0.1·2)/3 = 1.7/3;
    ///     min(1.5, 0.1, 0.2833) = 0.1 → m2 = 0.2.
    /// m0 = (3·s0 − m1)/2 = (6 − 11/6)/2 = 25/12.
    /// m3 = (3·s2 − m2)/2 = (0.3 − 0.2)/2 = 0.05.
    ///
    /// Hermite basis at t = ½: h00 = ½, h10 = ⅛, h01 = ½, h11 = −⅛; value =
    /// h00·y_i + h10·h·m_i + h01·y_{i+1} + h11·h·m_{i+1}.
    /// x = 0.5 (h = 1): 0 + ⅛·25/12 + 1 − ⅛·11/6 = 1 + ⅛·(25 − 22)/12 = 1 + 1/32 = 1.03125.
    /// x = 2   (h = 2): 1 + ¼·11/6 + 2.5 − ¼·0.2 = 3.45 + 11/24 = 469/120.
    /// x = 3.5 (h = 1): 2.5 + ⅛·0.2 + 2.55 − ⅛·0.05 = 5.05 + 0.025 − 0.00625 = 5.06875.
    #[test]
    fn hand_worked_four_knots() {
        let s = spline(&[0.0, 1.0, 3.0, 4.0], &[0.0, 2.0, 5.0, 5.1]);
        assert_close(s.at(0.5), 1.03125);
        assert_close(s.at(2.0), 469.0 / 120.0);
        assert_close(s.at(3.5), 5.06875);
        for (x, y) in [(0.0, 0.0), (1.0, 2.0), (3.0, 5.0), (4.0, 5.1)] {
            assert_eq!(s.at(x), Some(y));
        }
    }

    /// Knots x = [0, 1, 2], y = [4, 2, 2]: a flat secant zeroes the tangent.
    /// s = [−2, 0]; m1 = (−1 + 1)·min(2, 0, ½·|p|) = 0; m0 = (3·(−2) − 0)/2 = −3;
    /// m2 = (3·0 − 0)/2 = 0. So [1, 2] is flat at 2, and at x = 0.5:
    /// ½·4 + ⅛·(−3) + ½·2 − ⅛·0 = 3 − 0.375 = 2.625.
    #[test]
    fn hand_worked_flat_tail() {
        let s = spline(&[0.0, 1.0, 2.0], &[4.0, 2.0, 2.0]);
        assert_close(s.at(0.5), 2.625);
        assert_close(s.at(1.5), 2.0);
    }

    #[test]
    fn two_knots_are_a_straight_line() {
        // From (10, 100) to (20, 50): y = 100 − 5·(x − 10).
        let s = spline(&[10.0, 20.0], &[100.0, 50.0]);
        assert_close(s.at(12.0), 90.0);
        assert_close(s.at(15.0), 75.0);
        assert_close(s.at(17.5), 62.5);
    }

    #[test]
    fn one_knot_has_a_value_only_at_its_x() {
        let s = spline(&[7.0], &[3.0]);
        assert_eq!(s.domain(), Some((7.0, 7.0)));
        assert_eq!(s.at(7.0), Some(3.0));
        assert_eq!(s.at(7.000_001), None);
        assert_eq!(s.at(6.999_999), None);
    }

    #[test]
    fn no_knots_no_values() {
        let s = spline(&[], &[]);
        assert_eq!(s.domain(), None);
        assert_eq!(s.at(0.0), None);
    }

    #[test]
    fn never_extrapolates() {
        let s = spline(&[1.0, 2.0, 3.0], &[3.0, 2.0, 1.0]);
        assert_eq!(s.at(0.999), None);
        assert_eq!(s.at(3.001), None);
        assert_eq!(s.at(f64::NAN), None);
        assert_eq!(s.at(f64::INFINITY), None);
    }

    #[test]
    fn rejects_bad_knots() {
        assert_eq!(MonotoneSpline::new(&[1.0, 1.0], &[1.0, 2.0]), None);
        assert_eq!(MonotoneSpline::new(&[2.0, 1.0], &[1.0, 2.0]), None);
        assert_eq!(MonotoneSpline::new(&[1.0, 2.0], &[1.0]), None);
    }

    /// Knots with strictly increasing x and arbitrary y.
    fn knots() -> impl Strategy<Value = (Vec<f64>, Vec<f64>)> {
        prop::collection::vec((0.01f64..100.0, -1000.0f64..1000.0), 1..12).prop_map(|v| {
            let xs = v.iter().scan(0.0, |x, (dx, _)| {
                *x += dx;
                Some(*x)
            });
            (xs.collect(), v.iter().map(|(_, y)| *y).collect())
        })
    }

    /// Knots whose y never decreases (flat steps included), or never increases.
    fn monotone_knots() -> impl Strategy<Value = (Vec<f64>, Vec<f64>)> {
        let step = prop_oneof![Just(0.0), 0.0f64..500.0];
        let steps = prop::collection::vec((0.01f64..100.0, step), 1..12);
        (steps, any::<bool>()).prop_map(|(v, up)| {
            let (mut x, mut y) = (0.0, 0.0);
            let knots = v.iter().map(|(dx, dy)| {
                x += dx;
                y += if up { *dy } else { -dy };
                (x, y)
            });
            knots.unzip()
        })
    }

    /// Sample points inside each interval, as fractions of it.
    const FRACTIONS: [f64; 9] = [0.01, 0.1, 0.25, 0.4, 0.5, 0.6, 0.75, 0.9, 0.99];

    fn scale(ys: &[f64]) -> f64 {
        ys.iter().fold(1.0, |m: f64, y| m.max(y.abs()))
    }

    proptest! {
        #[test]
        fn passes_through_every_knot((xs, ys) in knots()) {
            let s = spline(&xs, &ys);
            for (x, y) in xs.iter().zip(&ys) {
                prop_assert_eq!(s.at(*x), Some(*y));
            }
        }

        /// Walked along ascending speeds (inside, outside, on and between knots, repeated),
        /// the spline gives each one's value exactly as `at` does.
        #[test]
        fn along_ascending_speeds_is_at_each(
            (xs, ys) in knots(),
            mut probes in prop::collection::vec(-0.5f64..1.5, 0..40),
        ) {
            let s = spline(&xs, &ys);
            let (lo, hi) = (xs[0], xs[xs.len() - 1]);
            probes = probes.iter().map(|f| lo + f * (hi - lo)).collect();
            probes.extend(xs.iter().flat_map(|&x| [x, x]));
            probes.sort_by(f64::total_cmp);
            let walked: Vec<Option<f64>> = s.along(&probes).collect();
            let each: Vec<Option<f64>> = probes.iter().map(|&x| s.at(x)).collect();
            prop_assert_eq!(walked, each);
        }

        #[test]
        fn stays_between_neighbouring_knots((xs, ys) in knots()) {
            let s = spline(&xs, &ys);
            let tol = 1e-9 * scale(&ys);
            for i in 1..xs.len() {
                let (lo, hi) = (ys[i - 1].min(ys[i]), ys[i - 1].max(ys[i]));
                for f in FRACTIONS {
                    let v = s.at(xs[i - 1] + f * (xs[i] - xs[i - 1])).unwrap();
                    prop_assert!(lo - tol <= v && v <= hi + tol, "{v} outside [{lo}, {hi}]");
                }
            }
        }

        #[test]
        fn monotone_on_monotone_data((xs, ys) in monotone_knots()) {
            let s = spline(&xs, &ys);
            let tol = 1e-9 * scale(&ys);
            let up = ys[ys.len() - 1] >= ys[0];
            let mut samples = vec![xs[0]];
            for w in xs.windows(2) {
                samples.extend(FRACTIONS.iter().map(|f| w[0] + f * (w[1] - w[0])));
                samples.push(w[1]);
            }
            let values: Vec<f64> = samples.iter().map(|x| s.at(*x).unwrap()).collect();
            for w in values.windows(2) {
                let step = if up { w[1] - w[0] } else { w[0] - w[1] };
                prop_assert!(step >= -tol, "not monotone: {} then {}", w[0], w[1]);
            }
        }

        /// The Bézier form is the same curve: at parameter t its point lies on the spline
        /// (de Casteljau's evaluation, independent of the Hermite basis), and x is linear in t.
        #[test]
        fn beziers_are_the_spline((xs, ys) in knots()) {
            let s = spline(&xs, &ys);
            let tol = 1e-9 * scale(&ys);
            let segments: Vec<_> = s.beziers().collect();
            prop_assert_eq!(segments.len(), xs.len() - 1);
            for (i, [p0, p1, p2, p3]) in segments.into_iter().enumerate() {
                prop_assert_eq!((p0, p3), ((xs[i], ys[i]), (xs[i + 1], ys[i + 1])));
                for t in FRACTIONS {
                    let lerp = |a: (f64, f64), b: (f64, f64)| (a.0 + t * (b.0 - a.0), a.1 + t * (b.1 - a.1));
                    let (a, b, c) = (lerp(p0, p1), lerp(p1, p2), lerp(p2, p3));
                    let (x, y) = lerp(lerp(a, b), lerp(b, c));
                    let linear = xs[i] + t * (xs[i + 1] - xs[i]);
                    prop_assert!((x - linear).abs() <= 1e-9 * linear.abs().max(1.0));
                    let v = s.at(x).unwrap();
                    prop_assert!((y - v).abs() <= tol, "{y} against {v}");
                }
            }
        }

        #[test]
        fn nothing_outside_the_domain((xs, ys) in knots(), gap in 1e-6f64..1e6) {
            let s = spline(&xs, &ys);
            prop_assert_eq!(s.at(xs[0] - gap), None);
            prop_assert_eq!(s.at(xs[xs.len() - 1] + gap), None);
        }
    }
}
