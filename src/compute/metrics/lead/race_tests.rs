//! The N-way race's properties on random contenders.

use super::*;
use proptest::prelude::*;

/// A contender: one or two throughput splines, falling steeply (up to 900 a step from
/// 5000) and shifted along x so that their reaches differ, and a weight. Two splines of
/// different reach make a contender jump where one starts or stops.
fn contender() -> impl Strategy<Value = Contender> {
    let spline = (
        prop::collection::vec((0.5f64..20.0, 0.5f64..900.0), 2..7),
        0.0f64..60.0,
    )
        .prop_map(|(steps, shift)| {
            let (mut x, mut y) = (5.0 + shift, 5000.0);
            let (xs, ys): (Vec<f64>, Vec<f64>) = steps
                .iter()
                .map(|(dx, dy)| {
                    x += dx;
                    y -= dy;
                    (x, y)
                })
                .unzip();
            MonotoneSpline::new(&xs, &ys).unwrap()
        });
    (prop::collection::vec(spline, 1..3), 0.3f64..3.0)
        .prop_map(|(splines, weight)| Contender { splines, weight })
}

/// [`TIE_RATIO`] with room for rounding.
const SLACK: f64 = TIE_RATIO * (1.0 + 1e-9);

proptest! {
    /// Standings found by walking every spline along the samples once are those found
    /// at each sample alone.
    #[test]
    fn standings_along_the_samples_are_those_at_each(
        contenders in prop::collection::vec(contender(), 1..5),
    ) {
        let race = Race(&contenders);
        let Some(window) = super::tests::reach(&contenders) else { return Ok(()); };
        let xs = race.samples(window, &[]);
        let each: Vec<Standing> = xs.iter().map(|&x| race.at(x)).collect();
        prop_assert_eq!(race.standings(&xs), each);
    }

    /// The stretches are in order and apart or meeting; in each, the leader reaches and no
    /// other contender is ahead of it by 1% or more; neighbours that meet differ; and
    /// wherever one contender is ahead of every other by 2% (alone, say), a stretch of its
    /// own holds that speed.
    #[test]
    fn leaders_hold_their_stretches_and_every_clear_lead_is_one(
        contenders in prop::collection::vec(contender(), 2..5),
    ) {
        let s = super::tests::all(&contenders);
        let values = |x: f64| -> Vec<Option<f64>> { contenders.iter().map(|c| c.at(x)).collect() };
        for w in s.windows(2) {
            prop_assert!(w[0].to <= w[1].from, "{:?}", s);
            if w[0].to == w[1].from {
                prop_assert_ne!(w[0].side, w[1].side);
            }
        }
        for st in &s {
            prop_assert!(st.from <= st.to, "{:?}", st);
            for k in 1..100 {
                let x = st.from + (st.to - st.from) * f64::from(k) / 100.0;
                let v = values(x);
                let Some(mine) = v[st.side] else {
                    return Err(TestCaseError::fail(format!("{st:?} does not reach {x}")));
                };
                for (i, other) in v.iter().enumerate() {
                    if let (true, Some(o)) = (i != st.side, other) {
                        prop_assert!(*o < mine * SLACK, "{} ahead of {:?} at {}", i, st, x);
                    }
                }
            }
        }
        let Some((lo, hi)) = super::tests::reach(&contenders) else { return Ok(()); };
        for k in 0..=400 {
            let x = lo + (hi - lo) * f64::from(k) / 400.0;
            let mut v: Vec<(f64, usize)> = values(x).iter().enumerate().filter_map(|(i, v)| Some(((*v)?, i))).collect();
            v.sort_by(|a, b| b.0.total_cmp(&a.0));
            let clear = match v[..] {
                [(best, who)] => Some(who).filter(|_| best > 0.0),
                [(best, who), (next, _), ..] => (best > next * 1.02).then_some(who),
                [] => None,
            };
            if let Some(who) = clear {
                let held = s.iter().any(|st| st.side == who && st.from <= x && x <= st.to);
                prop_assert!(held, "{} clearly ahead at {} but not named: {:?}", who, x, s);
            }
        }
    }
}
