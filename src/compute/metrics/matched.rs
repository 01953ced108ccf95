//! Reading a frontier at chosen interactivities (SPEC §3 "Interpolation" and
//! "Matched interactivity"): comparisons are made at the same tok/s/user on
//! both sides, and only where both sides were actually measured.

use std::cmp::Ordering;

use serde::Serialize;

use super::frontier::FrontierPoint;
use super::spline::MonotoneSpline;

/// Throughput and concurrency read off a frontier at one interactivity.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Interpolated {
    pub interactivity: f64,
    pub throughput: f64,
    pub concurrency: f64,
}

/// The frontier's values at interactivity `x`, each coordinate interpolated
/// with its own [`MonotoneSpline`] over the frontier's knots.
///
/// `None` outside the frontier's interactivity range (no extrapolation), and
/// also when `frontier` is not ordered by strictly increasing interactivity,
/// i.e. was not produced by [`fn@crate::compute::metrics::frontier`].
pub fn value_at(frontier: &[FrontierPoint], x: f64) -> Option<Interpolated> {
    let along = |y| frontier_spline(frontier, y)?.at(x);
    Some(Interpolated {
        interactivity: x,
        throughput: along(|p| p.throughput)?,
        concurrency: along(|p| p.concurrency)?,
    })
}

/// The spline of one coordinate `y` of `frontier` against interactivity: what [`value_at`]
/// reads, for a caller that reads one coordinate at many interactivities (a ranking's cost
/// curves). `None` when `frontier` is not ordered by strictly increasing interactivity.
pub fn frontier_spline(
    frontier: &[FrontierPoint],
    y: fn(&FrontierPoint) -> f64,
) -> Option<MonotoneSpline> {
    let xs: Vec<f64> = frontier.iter().map(|p| p.interactivity).collect();
    let ys: Vec<f64> = frontier.iter().map(y).collect();
    MonotoneSpline::new(&xs, &ys)
}

/// Where two sides can be compared.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Overlap {
    /// The sides share `[lo, hi]`; the table's columns are `targets`.
    Targets { lo: f64, hi: f64, targets: Vec<f64> },
    /// No shared interactivity: the page gives both ranges instead of a table.
    Disjoint { a: (f64, f64), b: (f64, f64) },
}

/// The matched targets for two frontier ranges `a` and `b`, each `(low, high)`.
///
/// The overlap is `[max(a0, b0), min(a1, b1)]`; when it is empty the sides are
/// [`Overlap::Disjoint`], because comparing them would need extrapolation.
pub fn matched_targets(a: (f64, f64), b: (f64, f64)) -> Overlap {
    let (lo, hi) = (a.0.max(b.0), a.1.min(b.1));
    if hi >= lo {
        let targets = targets_in((lo, hi));
        Overlap::Targets { lo, hi, targets }
    } else {
        Overlap::Disjoint { a, b }
    }
}

/// An overlap narrower than this share of the wider side's range is [`narrow`].
pub const NARROW_SHARE: f64 = 0.1;

/// Whether the overlap `(lo, hi)` of ranges `a` and `b` is narrow: under [`NARROW_SHARE`] of the
/// wider range. There one side is typically at the end of its measurements, where its frontier
/// falls steeply, so the matched figures hold at those speeds only ("56× the tok/s/GPU"
/// between 37.3 and 37.6 tok/s/user) and the page says so. Two one-point ranges at the same
/// interactivity are not narrow: neither side was measured anywhere else.
pub fn narrow((lo, hi): (f64, f64), a: (f64, f64), b: (f64, f64)) -> bool {
    let wider = (a.1 - a.0).max(b.1 - b.0);
    hi - lo < NARROW_SHARE * wider
}

/// Where two overlapping ranges meet: at opposite ends, or one inside the other.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Meeting {
    /// The overlap is the slow (low-interactivity) end of range `slow`'s and the fast end of
    /// the other's: `slow` starts later and ends later.
    AtEnds { slow: usize },
    /// Range `inside` lies wholly within the other (of two equal ranges, the first).
    Inside { inside: usize },
}

/// How overlapping ranges `a` (0) and `b` (1) meet. The range that starts later (of two that
/// start together, the one that ends sooner) either ends later too, or lies inside the other.
pub fn meeting(a: (f64, f64), b: (f64, f64)) -> Meeting {
    let later = usize::from(b.0 > a.0 || (b.0 == a.0 && b.1 < a.1));
    let (mine, other) = if later == 0 { (a, b) } else { (b, a) };
    if mine.1 > other.1 {
        Meeting::AtEnds { slow: later }
    } else {
        Meeting::Inside { inside: later }
    }
}

/// The targets inside one range `(lo, hi)`: its quartiles, each rounded to a
/// whole tok/s/user so column headings read naturally, then clamped back into
/// the range so a narrow range cannot produce a target nobody measured.
///
/// Rounding is half up, `(v + 0.5).floor()` (ranges are positive, so this is
/// the same as half away from zero). Rounded quartiles are non-decreasing, so
/// removing consecutive duplicates removes all of them and keeps the order.
/// A single-point range has that one target; an empty (or NaN) range none.
/// Hub pages call this directly with the union of their series' ranges.
pub fn targets_in((lo, hi): (f64, f64)) -> Vec<f64> {
    match hi.partial_cmp(&lo) {
        Some(Ordering::Equal) => vec![lo],
        Some(Ordering::Greater) => {
            let mut targets: Vec<f64> = [0.25, 0.5, 0.75]
                .iter()
                .map(|q| (lo + (hi - lo) * q + 0.5).floor().clamp(lo, hi))
                .collect();
            targets.dedup();
            targets
        }
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::formulas::cost_per_mtok;
    use super::super::frontier::frontier;
    use super::super::frontier::tests::{p, points};
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn ranges_meet_at_opposite_ends_or_one_inside_the_other() {
        use Meeting::{AtEnds, Inside};
        // B200 over 37.3–125.9, MI300X over 19.4–37.6: B200's slow end, MI300X's fast end.
        assert_eq!(meeting((37.3, 125.9), (19.4, 37.6)), AtEnds { slow: 0 });
        assert_eq!(meeting((19.4, 37.6), (37.3, 125.9)), AtEnds { slow: 1 });
        // MI325X over 22.4–36.7 inside GB200's 18.4–282.8, in either order.
        assert_eq!(meeting((18.4, 282.8), (22.4, 36.7)), Inside { inside: 1 });
        assert_eq!(meeting((22.4, 36.7), (18.4, 282.8)), Inside { inside: 0 });
        // Starting together, the shorter lies inside; ending together, the later start.
        assert_eq!(meeting((10.0, 50.0), (10.0, 20.0)), Inside { inside: 1 });
        assert_eq!(meeting((10.0, 20.0), (10.0, 50.0)), Inside { inside: 0 });
        assert_eq!(meeting((10.0, 50.0), (30.0, 50.0)), Inside { inside: 1 });
        assert_eq!(meeting((30.0, 50.0), (10.0, 50.0)), Inside { inside: 0 });
        // A one-point range at either end of the other lies inside it.
        assert_eq!(meeting((10.0, 10.0), (10.0, 50.0)), Inside { inside: 0 });
        assert_eq!(meeting((10.0, 50.0), (50.0, 50.0)), Inside { inside: 1 });
        // Equal ranges: the first.
        assert_eq!(meeting((10.0, 50.0), (10.0, 50.0)), Inside { inside: 0 });
    }

    #[test]
    fn an_overlap_is_narrow_below_a_tenth_of_the_wider_range() {
        // B200 measured over 30–200 tok/s/user, MI300X over 5–37.6: they share 0.3 of 170.
        assert!(narrow((37.3, 37.6), (30.0, 200.0), (5.0, 37.6)));
        // 16.9 of 170 is just under a tenth; 17 is not.
        assert!(narrow((30.0, 46.9), (30.0, 200.0), (5.0, 46.9)));
        assert!(!narrow((30.0, 47.0), (30.0, 200.0), (5.0, 47.0)));
        // One side measured at one interactivity inside the other's range.
        assert!(narrow((40.0, 40.0), (30.0, 200.0), (40.0, 40.0)));
        // Both at one and the same interactivity: nothing wider to compare with.
        assert!(!narrow((40.0, 40.0), (40.0, 40.0), (40.0, 40.0)));
        // An ordinary page: most of both ranges shared.
        assert!(!narrow((20.0, 80.0), (10.0, 100.0), (20.0, 80.0)));
    }

    fn targets(overlap: Overlap) -> Vec<f64> {
        match overlap {
            Overlap::Targets { targets, .. } => targets,
            Overlap::Disjoint { .. } => panic!("expected an overlap"),
        }
    }

    #[test]
    fn whole_number_quartiles() {
        // Overlap [20, 100]: 20 + 80·{¼, ½, ¾} = 40, 60, 80.
        let o = matched_targets((10.0, 100.0), (20.0, 120.0));
        assert_eq!(
            o,
            Overlap::Targets {
                lo: 20.0,
                hi: 100.0,
                targets: vec![40.0, 60.0, 80.0]
            }
        );
    }

    #[test]
    fn fractional_quartiles_round_half_up() {
        // Overlap [17.3, 92.1], width 74.8: quartiles 17.3 + 18.7 = 36.0,
        // 17.3 + 37.4 = 54.7, 17.3 + 56.1 = 73.4 → 36, 55, 73.
        assert_eq!(targets_in((17.3, 92.1)), vec![36.0, 55.0, 73.0]);
        // [10, 12]: 10.5, 11, 11.5 → half up gives 11, 11, 12 → 11, 12.
        assert_eq!(targets_in((10.0, 12.0)), vec![11.0, 12.0]);
    }

    #[test]
    fn narrow_overlap_clamps_to_fractional_ends() {
        // Overlap [40.2, 40.9]: quartiles 40.375, 40.55, 40.725 round to 40, 41, 41,
        // clamped to 40.2, 40.9, 40.9; the duplicate goes.
        let o = matched_targets((40.2, 60.0), (30.0, 40.9));
        assert_eq!(targets(o), vec![40.2, 40.9]);
    }

    #[test]
    fn duplicates_removed_in_order() {
        // [40, 41]: 40.25, 40.5, 40.75 → 40, 41, 41 → 40, 41.
        assert_eq!(targets_in((40.0, 41.0)), vec![40.0, 41.0]);
        // [40.1, 40.3]: all quartiles round to 40, clamp to 40.1 → one target.
        assert_eq!(targets_in((40.1, 40.3)), vec![40.1]);
    }

    #[test]
    fn touching_ranges_give_one_target() {
        let o = matched_targets((10.0, 50.0), (50.0, 90.0));
        let expected = Overlap::Targets {
            lo: 50.0,
            hi: 50.0,
            targets: vec![50.0],
        };
        assert_eq!(o, expected);
    }

    #[test]
    fn disjoint_ranges_are_reported() {
        let o = matched_targets((10.0, 20.0), (30.0, 40.0));
        let expected = Overlap::Disjoint {
            a: (10.0, 20.0),
            b: (30.0, 40.0),
        };
        assert_eq!(o, expected);
        assert!(targets_in((2.0, 1.0)).is_empty());
        assert!(targets_in((f64::NAN, 1.0)).is_empty());
    }

    #[test]
    fn value_at_two_point_frontier_is_linear() {
        // (20, 1000, 40) → (40, 600, 8): at 25, a quarter of the way,
        // throughput 1000 − 400/4 = 900 and concurrency 40 − 32/4 = 32.
        let f = [p(20.0, 1000.0, 40.0), p(40.0, 600.0, 8.0)];
        let v = value_at(&f, 25.0).unwrap();
        assert_eq!(v.interactivity, 25.0);
        assert!((v.throughput - 900.0).abs() < 1e-9);
        assert!((v.concurrency - 32.0).abs() < 1e-9);
        assert_eq!(value_at(&f, 20.0).unwrap().throughput, 1000.0);
        assert_eq!(value_at(&f, 19.9), None);
        assert_eq!(value_at(&f, 40.1), None);
        assert_eq!(value_at(&[], 1.0), None);
    }

    #[test]
    fn value_at_rejects_unordered_frontier() {
        let f = [p(40.0, 600.0, 8.0), p(20.0, 1000.0, 40.0)];
        assert_eq!(value_at(&f, 30.0), None);
    }

    proptest! {
        /// "No measured point lies above the frontier": inside the frontier's
        /// range every point is on or under the curve; left of it every point is
        /// under the frontier's first (highest) throughput; and no point lies
        /// right of it, because the most interactive point is always kept.
        #[test]
        fn no_point_above_the_frontier(input in points()) {
            let f = frontier(&input);
            let (x0, x1) = (f[0].interactivity, f[f.len() - 1].interactivity);
            let tol = 1e-9 * f[0].throughput;
            for q in &input {
                prop_assert!(q.interactivity <= x1);
                match value_at(&f, q.interactivity) {
                    Some(v) => prop_assert!(v.throughput >= q.throughput - tol, "{q:?} above {v:?}"),
                    None => {
                        prop_assert!(q.interactivity < x0);
                        prop_assert!(q.throughput <= f[0].throughput);
                    }
                }
            }
        }

        /// Cost at a target comes from the interpolated throughput, so for one
        /// accelerator cost × throughput is the same at every target.
        #[test]
        fn cost_times_interpolated_throughput_is_constant(input in points(), price in 0.5f64..5.0) {
            let f = frontier(&input);
            let expected = price * 1e6 / 3600.0;
            for x in targets_in((f[0].interactivity, f[f.len() - 1].interactivity)) {
                let t = value_at(&f, x).unwrap().throughput;
                prop_assert!((cost_per_mtok(price, t) * t - expected).abs() <= 1e-9 * expected);
            }
        }

        #[test]
        fn targets_lie_in_range_and_increase(lo in 0.1f64..500.0, width in 0.0f64..500.0) {
            let hi = lo + width;
            let t = targets_in((lo, hi));
            prop_assert!(!t.is_empty() && t.len() <= 3);
            prop_assert!(t.iter().all(|v| (lo..=hi).contains(v)));
            prop_assert!(t.windows(2).all(|w| w[0] < w[1]));
        }
    }
}
