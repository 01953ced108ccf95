//! The Pareto frontier of SPEC §3: the configurations a reader would actually
//! choose, because no other measured point is both more interactive and
//! higher-throughput.

use serde::Serialize;

/// One measured (or frontier) point: interactivity in tok/s/user, throughput in
/// tok/s/GPU, and the client concurrency that produced it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct FrontierPoint {
    pub interactivity: f64,
    pub throughput: f64,
    pub concurrency: f64,
}

/// The frontier over (interactivity ↑, throughput ↑), ordered by interactivity.
///
/// Exactly the SPEC's sweep: sort by interactivity ascending, keep only the
/// highest throughput at each interactivity, then drop every kept point whose
/// throughput is ≤ the current one's. The result has strictly increasing
/// interactivity and strictly decreasing throughput, which is what lets
/// [`crate::compute::metrics::MonotoneSpline`] interpolate it.
///
/// Ties are broken so the result does not depend on input order: at equal
/// interactivity and throughput the lower concurrency wins (the same result
/// with fewer users in flight). `total_cmp` keeps the sort total even for NaN,
/// so odd input cannot panic; inputs are validated upstream anyway.
pub fn frontier(points: &[FrontierPoint]) -> Vec<FrontierPoint> {
    let mut sorted = points.to_vec();
    sorted.sort_by(|a, b| {
        a.interactivity
            .total_cmp(&b.interactivity)
            .then(b.throughput.total_cmp(&a.throughput))
            .then(a.concurrency.total_cmp(&b.concurrency))
    });
    // After the sort the first point of each interactivity is its best one.
    sorted.dedup_by(|later, first| later.interactivity.total_cmp(&first.interactivity).is_eq());
    let mut kept: Vec<FrontierPoint> = Vec::with_capacity(sorted.len());
    for point in sorted {
        while kept
            .last()
            .is_some_and(|k| k.throughput <= point.throughput)
        {
            kept.pop();
        }
        kept.push(point);
    }
    kept
}

/// The interactivity range `(first, last)` a frontier covers, or `None` when it
/// is empty. This is the range matched targets are chosen from.
pub fn range(frontier: &[FrontierPoint]) -> Option<(f64, f64)> {
    Some((
        frontier.first()?.interactivity,
        frontier.last()?.interactivity,
    ))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use proptest::prelude::*;

    pub(crate) fn p(interactivity: f64, throughput: f64, concurrency: f64) -> FrontierPoint {
        FrontierPoint {
            interactivity,
            throughput,
            concurrency,
        }
    }

    #[test]
    fn hand_case_with_ties_and_dominated_points() {
        let input = [
            p(45.0, 700.0, 6.0),   // I: kept, beats G and F
            p(10.0, 1000.0, 64.0), // A: dropped, C/D reach 1000 further right
            p(20.0, 1000.0, 48.0), // C: ties D on both axes, higher concurrency
            p(15.0, 800.0, 50.0),  // E: dominated by D
            p(50.0, 100.0, 4.0),   // H: rightmost, always kept
            p(10.0, 900.0, 32.0),  // B: same interactivity as A, lower throughput
            p(30.0, 600.0, 16.0),  // F: dropped by G (equal throughput, further right)
            p(20.0, 1000.0, 40.0), // D: kept
            p(40.0, 600.0, 8.0),   // G: dropped by I
        ];
        // Sorted: A B E D C F G I H; one per interactivity: A E D F G I H.
        // Sweep: [A] → E [A,E] → D pops E (800≤1000), A (1000≤1000) → [D]
        //        → F [D,F] → G pops F (600≤600) → [D,G] → I pops G → [D,I] → H [D,I,H].
        let expected = vec![
            p(20.0, 1000.0, 40.0),
            p(45.0, 700.0, 6.0),
            p(50.0, 100.0, 4.0),
        ];
        assert_eq!(frontier(&input), expected);
    }

    #[test]
    fn empty_and_single() {
        assert!(frontier(&[]).is_empty());
        assert_eq!(frontier(&[p(3.0, 4.0, 5.0)]), vec![p(3.0, 4.0, 5.0)]);
        assert_eq!(range(&[]), None);
        assert_eq!(range(&[p(3.0, 4.0, 5.0)]), Some((3.0, 3.0)));
    }

    #[test]
    fn increasing_throughput_keeps_only_the_last() {
        // Each point dominates every one before it.
        let input = [p(1.0, 10.0, 1.0), p(2.0, 20.0, 1.0), p(3.0, 30.0, 1.0)];
        assert_eq!(frontier(&input), vec![p(3.0, 30.0, 1.0)]);
    }

    #[test]
    fn nan_does_not_panic() {
        let input = [
            p(f64::NAN, 1.0, 1.0),
            p(1.0, f64::NAN, 1.0),
            p(2.0, 3.0, f64::NAN),
        ];
        let _ = frontier(&input);
    }

    /// Points with some forced ties: a coarse grid makes equal coordinates common.
    pub(crate) fn points() -> impl Strategy<Value = Vec<FrontierPoint>> {
        let coarse = (1u8..8, 1u8..8, 1u8..4)
            .prop_map(|(x, y, c)| p(f64::from(x) * 10.0, f64::from(y) * 100.0, f64::from(c)));
        let fine = (1.0f64..300.0, 1.0f64..5000.0, 1.0f64..512.0).prop_map(|(x, y, c)| p(x, y, c));
        prop::collection::vec(prop_oneof![coarse, fine], 1..40)
    }

    /// `a` is at least as good as `b` on both axes and better on one.
    fn dominates(a: &FrontierPoint, b: &FrontierPoint) -> bool {
        a.interactivity >= b.interactivity
            && a.throughput >= b.throughput
            && (a.interactivity > b.interactivity || a.throughput > b.throughput)
    }

    proptest! {
        #[test]
        fn strictly_monotone(input in points()) {
            let f = frontier(&input);
            for w in f.windows(2) {
                prop_assert!(w[0].interactivity < w[1].interactivity);
                prop_assert!(w[0].throughput > w[1].throughput);
            }
        }

        #[test]
        fn is_the_pareto_set(input in points()) {
            let f = frontier(&input);
            prop_assert!(!f.is_empty());
            for k in &f {
                prop_assert!(input.contains(k));
                prop_assert!(!input.iter().any(|q| dominates(q, k)));
            }
            // Every measured point is matched or beaten by a frontier point.
            for q in &input {
                let covered = f.iter()
                    .any(|k| k.interactivity >= q.interactivity && k.throughput >= q.throughput);
                prop_assert!(covered, "{q:?} not covered by {f:?}");
            }
        }

        #[test]
        fn independent_of_input_order(
            (input, shuffled) in points().prop_flat_map(|v| (Just(v.clone()), Just(v).prop_shuffle()))
        ) {
            prop_assert_eq!(frontier(&input), frontier(&shuffled));
        }
    }
}
