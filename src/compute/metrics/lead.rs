//! Where the lead changes hands: which side of a comparison serves more tok/s/GPU over each
//! stretch of the interactivity both sides reach, read off the same Steffen splines the tables
//! read (SPEC §3). The matched table shows three speeds; a reader choosing a setup for their
//! own speed wants to know where between and beyond them the answer flips ("MTP serves more
//! below 51 tok/s/user, Off above"). An addition to the SPEC, in the spirit of §3 and §5.
//!
//! A side *leads* a stretch when its throughput is higher there and, somewhere in it, higher by
//! [`TIE_RATIO`] or more: where the two frontiers stay within 1% of each other the prose calls
//! them "essentially tied" (SPEC §5), so a crossing inside such a wisp is not a change of lead.

use serde::Serialize;

use super::frontier::FrontierPoint;
use super::matched::frontier_spline;
use super::spline::MonotoneSpline;

/// Below this ratio two throughputs are "essentially tied" (SPEC §5 "Wording").
pub const TIE_RATIO: f64 = 1.01;

/// Whether two positive figures are "essentially tied": the larger below [`TIE_RATIO`] times
/// the smaller, in either order. The prose, the lead's stretches and the changes of hands
/// since the previous run all decide it so, and so agree.
pub fn tied(a: f64, b: f64) -> bool {
    a.max(b) / a.min(b) < TIE_RATIO
}

/// Samples per interval between neighbouring knots. On such an interval both sides are one
/// cubic each, so their difference has at most three roots there; two of them closer than a
/// sixteenth of the interval would bound a lead too slight to count anyway.
const SAMPLES: usize = 16;

/// A stretch of interactivity, `from` to `to` (tok/s/user), over which side `side` (0 for A, 1
/// for B) serves more tok/s/GPU.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Stretch {
    pub from: f64,
    pub to: f64,
    pub side: usize,
}

/// The stretches of the overlap `(lo, hi)` that frontiers `a` and `b` each lead, in order: they
/// tile the overlap, neighbours have different leaders, and each meets the next where the
/// frontiers cross. One stretch: one side leads throughout; none: the sides are tied
/// throughout (or `hi ≤ lo`, or a frontier is not one, or does not cover the overlap).
///
/// A stretch where neither side leads by [`TIE_RATIO`] is joined to the stretch before it (the
/// first such to the stretch after), so the lead changes only where it really does; which
/// side's a tie goes to is then a matter of a point within 1%. The `targets` the page states
/// figures at are among the speeds looked at, so a side said to lead at a target by 1% or
/// more is that target's stretch's leader.
pub fn stretches(
    a: &[FrontierPoint],
    b: &[FrontierPoint],
    (lo, hi): (f64, f64),
    targets: &[f64],
) -> Vec<Stretch> {
    let throughput = |f: &[FrontierPoint]| frontier_spline(f, |p| p.throughput);
    let (Some(a_spline), Some(b_spline)) = (throughput(a), throughput(b)) else {
        return Vec::new();
    };
    let covers = |s: &MonotoneSpline| s.domain().is_some_and(|(f, l)| f <= lo && hi <= l);
    if hi <= lo || !covers(&a_spline) || !covers(&b_spline) {
        return Vec::new();
    }
    let gap = Gap(a_spline, b_spline);
    let xs = samples(a, b, (lo, hi), targets);
    join_ties(gap.runs(&xs, hi))
}

/// A stretch as first found: one side higher at every sample in it, by up to `peak` (the
/// largest ratio of the higher throughput to the lower), at sample `best` of the samples.
#[derive(Debug, Clone, Copy)]
struct Run {
    stretch: Stretch,
    peak: f64,
    best: usize,
}

/// Where the gap is looked at: `lo`, `hi`, every knot of either frontier and every target
/// between them, and [`SAMPLES`] − 1 points evenly spaced between each two of those.
fn samples(
    a: &[FrontierPoint],
    b: &[FrontierPoint],
    (lo, hi): (f64, f64),
    targets: &[f64],
) -> Vec<f64> {
    let knots = (a.iter().chain(b)).map(|p| p.interactivity);
    let mut breaks: Vec<f64> = (knots.chain(targets.iter().copied()))
        .filter(|&x| lo < x && x < hi)
        .chain([lo, hi])
        .collect();
    breaks.sort_by(f64::total_cmp);
    breaks.dedup();
    let mut xs = Vec::with_capacity(breaks.len() * SAMPLES);
    for w in breaks.windows(2) {
        let step = (w[1] - w[0]) / SAMPLES as f64;
        xs.extend((0..SAMPLES).map(|k| w[0] + step * k as f64));
    }
    xs.push(hi);
    xs
}

/// The two sides' throughput splines, A's and B's, over an overlap both cover.
struct Gap(MonotoneSpline, MonotoneSpline);

impl Gap {
    /// The side ahead at `x` (0 for A) and the ratio of its throughput to the other's; `None`
    /// where the two are equal.
    fn at(&self, x: f64) -> Option<(usize, f64)> {
        let (ta, tb) = (self.0.at(x)?, self.1.at(x)?);
        (ta != tb).then(|| (usize::from(tb > ta), ta.max(tb) / ta.min(tb)))
    }

    /// The runs of samples `xs` where one side is ahead, split where the side ahead changes (at
    /// the crossing between the two samples); a run's end is the next one's start, the last
    /// one's `hi`. Samples where the sides are exactly equal belong to no run. A run whose
    /// samples keep within [`TIE_RATIO`] has its peak sought between them as well.
    fn runs(&self, xs: &[f64], hi: f64) -> Vec<Run> {
        let mut runs: Vec<Run> = Vec::new();
        let mut last = 0;
        for (i, &x) in xs.iter().enumerate() {
            let Some((side, ratio)) = self.at(x) else {
                continue;
            };
            match runs.last_mut() {
                Some(run) if run.stretch.side == side => {
                    if ratio > run.peak {
                        (run.peak, run.best) = (ratio, i);
                    }
                }
                Some(run) => {
                    let at = self.crossing(xs[last], x);
                    run.stretch.to = at;
                    runs.push(Run::from(at, side, ratio, i));
                }
                None => runs.push(Run::from(xs[0], side, ratio, i)),
            }
            last = i;
        }
        if let Some(run) = runs.last_mut() {
            run.stretch.to = hi;
        }
        for run in runs.iter_mut().filter(|r| r.peak < TIE_RATIO) {
            run.peak = self.peak_near(run, xs);
        }
        runs
    }

    /// The interactivity between `l` and `r` where the side ahead changes (it differs at the
    /// two), by bisection to the last bit of an `f64`.
    fn crossing(&self, mut l: f64, mut r: f64) -> f64 {
        let left = self.at(l).map(|(side, _)| side);
        loop {
            let m = 0.5 * (l + r);
            if m <= l || m >= r {
                return m;
            }
            match self.at(m) {
                None => return m,
                Some((side, _)) if Some(side) == left => l = m,
                Some(_) => r = m,
            }
        }
    }

    /// The largest ratio in `run` near its best sample: between the samples either side of it
    /// (within the run), by golden-section search. A peak between two samples can top the
    /// samples' best; this finds it where it matters, in a run that would otherwise count as
    /// a tie.
    fn peak_near(&self, run: &Run, xs: &[f64]) -> f64 {
        let Stretch { from, to, side } = run.stretch;
        let ratio = |x: f64| match self.at(x) {
            Some((s, r)) if s == side => r,
            _ => 1.0,
        };
        let mut l = xs[run.best.saturating_sub(1)].max(from);
        let mut r = xs[(run.best + 1).min(xs.len() - 1)].min(to);
        const GOLDEN: f64 = 0.618_033_988_749_895;
        for _ in 0..60 {
            let (m1, m2) = (r - GOLDEN * (r - l), l + GOLDEN * (r - l));
            if ratio(m1) < ratio(m2) {
                l = m1;
            } else {
                r = m2;
            }
        }
        run.peak.max(ratio(0.5 * (l + r)))
    }
}

impl Run {
    fn from(from: f64, side: usize, peak: f64, best: usize) -> Run {
        let stretch = Stretch {
            from,
            to: from,
            side,
        };
        Run {
            stretch,
            peak,
            best,
        }
    }
}

/// The runs as stretches, each run that no side leads by [`TIE_RATIO`] joined to the one
/// before it (or, at the start, the one after), and neighbours with the same leader merged.
fn join_ties(runs: Vec<Run>) -> Vec<Stretch> {
    let mut kept: Vec<Stretch> = Vec::new();
    let mut tied_from: Option<f64> = None;
    for Run { stretch, peak, .. } in runs {
        if peak < TIE_RATIO {
            match kept.last_mut() {
                Some(last) => last.to = stretch.to,
                None => {
                    tied_from.get_or_insert(stretch.from);
                }
            }
            continue;
        }
        match kept.last_mut() {
            Some(last) if last.side == stretch.side => last.to = stretch.to,
            _ => kept.push(Stretch {
                from: tied_from.take().unwrap_or(stretch.from),
                ..stretch
            }),
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn front(points: &[(f64, f64)]) -> Vec<FrontierPoint> {
        points
            .iter()
            .map(|&(interactivity, throughput)| FrontierPoint {
                interactivity,
                throughput,
                concurrency: 1.0,
            })
            .collect()
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    /// Two straight lines (two knots each): A from (10, 100) to (50, 20), B from (10, 60) to
    /// (50, 40). A − B = 40 − 1.5·(x − 10), zero at x = 10 + 40/1.5 = 36.666…; A leads below,
    /// B above, each by far more than 1%.
    #[test]
    fn two_lines_cross_once() {
        let a = front(&[(10.0, 100.0), (50.0, 20.0)]);
        let b = front(&[(10.0, 60.0), (50.0, 40.0)]);
        let s = stretches(&a, &b, (10.0, 50.0), &[]);
        assert_eq!(s.len(), 2, "{s:?}");
        assert_eq!((s[0].side, s[1].side), (0, 1));
        assert_eq!((s[0].from, s[1].to), (10.0, 50.0));
        assert!(close(s[0].to, 10.0 + 40.0 / 1.5), "{s:?}");
        assert_eq!(s[0].to, s[1].from);
    }

    /// The overlap is where both sides reach; B alone goes on past 40. On [20, 40]:
    /// A = 100 − 2·(x − 20) (from (20, 100) to (40, 60)), B = 90 − (x − 20) (from (20, 90) to
    /// (60, 50)), so A − B = 10 − (x − 20), zero at x = 30.
    #[test]
    fn only_the_overlap_is_read() {
        let a = front(&[(20.0, 100.0), (40.0, 60.0)]);
        let b = front(&[(20.0, 90.0), (60.0, 50.0)]);
        let s = stretches(&a, &b, (20.0, 40.0), &[]);
        assert_eq!(s.len(), 2, "{s:?}");
        assert!(close(s[0].to, 30.0), "{s:?}");
        assert_eq!((s[0].side, s[1].side, s[1].to), (0, 1, 40.0));
    }

    #[test]
    fn one_side_ahead_throughout_is_one_stretch() {
        let a = front(&[(10.0, 100.0), (30.0, 70.0), (50.0, 30.0)]);
        let b = front(&[(10.0, 90.0), (30.0, 60.0), (50.0, 20.0)]);
        let s = stretches(&a, &b, (10.0, 50.0), &[]);
        assert_eq!(
            s,
            vec![Stretch {
                from: 10.0,
                to: 50.0,
                side: 0
            }]
        );
    }

    /// A − B = 0.5 − 0.05·(x − 10) on [10, 30]: zero at x = 20, and at most 0.5 on throughputs
    /// near 100, a ratio of 1.005 < 1.01: a crossing inside a tie, not a change of lead.
    #[test]
    fn a_crossing_within_one_percent_is_no_change() {
        let a = front(&[(10.0, 100.5), (30.0, 99.5)]);
        let b = front(&[(10.0, 100.0), (30.0, 100.0 - 1e-9)]);
        assert_eq!(stretches(&a, &b, (10.0, 30.0), &[]), vec![]);
    }

    /// A leads clearly at the start, then dips below B by under 1%: one stretch, A's.
    /// A − B = 20 − 1.04·(x − 10) on [10, 30] with B ≈ 100: zero at 10 + 20/1.04 ≈ 29.23,
    /// and B's lead after it is at most 100/99.2 = 1.008 (at 30), under 1%. (A ending at 99
    /// would make it 1.0101: a change of lead.)
    #[test]
    fn a_slight_lead_at_the_end_joins_the_stretch_before() {
        let b = front(&[(10.0, 100.0), (30.0, 100.0 - 1e-9)]);
        let changes = stretches(
            &front(&[(10.0, 120.0), (30.0, 99.0)]),
            &b,
            (10.0, 30.0),
            &[],
        );
        assert_eq!(changes.len(), 2, "{changes:?}");
        let a = front(&[(10.0, 120.0), (30.0, 99.2)]);
        let s = stretches(&a, &b, (10.0, 30.0), &[]);
        assert_eq!(s.len(), 1, "{s:?}");
        assert_eq!((s[0].from, s[0].to, s[0].side), (10.0, 30.0, 0));
    }

    /// B ahead by at most 100/99.5 = 1.005 at the start, then A: A − B = −0.5 + 1.525·(x − 10)
    /// on [10, 30] (A from 99.5 to 130, B flat at 100), zero at 10.33. The tie joins A's
    /// stretch, which then starts where the overlap does.
    #[test]
    fn a_tie_at_the_start_joins_the_stretch_after() {
        let a = front(&[(10.0, 99.5), (30.0, 130.0)]);
        let b = front(&[(10.0, 100.0), (30.0, 100.0 - 1e-9)]);
        let s = stretches(&a, &b, (10.0, 30.0), &[]);
        assert_eq!(
            s,
            vec![Stretch {
                from: 10.0,
                to: 30.0,
                side: 0
            }]
        );
    }

    fn run(side: usize, from: f64, to: f64, peak: f64) -> Run {
        Run {
            stretch: Stretch { from, to, side },
            peak,
            best: 0,
        }
    }

    /// Ties between two leads: A leads, B and then A again keep within 1%, B leads: A's stretch
    /// runs through both ties, to where the last tie meets B's lead.
    #[test]
    fn ties_between_leads_join_the_stretch_before() {
        let runs = vec![
            run(0, 10.0, 20.0, 1.5),
            run(1, 20.0, 22.0, 1.005),
            run(0, 22.0, 23.0, 1.004),
            run(1, 23.0, 40.0, 1.3),
        ];
        let expected = vec![
            Stretch {
                from: 10.0,
                to: 23.0,
                side: 0,
            },
            Stretch {
                from: 23.0,
                to: 40.0,
                side: 1,
            },
        ];
        assert_eq!(join_ties(runs), expected);
        // A tie before a lead and between two of the same side: one stretch.
        let runs = vec![
            run(1, 10.0, 12.0, 1.009),
            run(0, 12.0, 20.0, 1.2),
            run(1, 20.0, 22.0, 1.001),
            run(0, 22.0, 30.0, 1.1),
        ];
        assert_eq!(
            join_ties(runs),
            vec![Stretch {
                from: 10.0,
                to: 30.0,
                side: 0
            }]
        );
        // Ties alone: no stretch.
        assert_eq!(
            join_ties(vec![run(0, 10.0, 12.0, 1.009), run(1, 12.0, 20.0, 1.0)]),
            vec![]
        );
    }

    #[test]
    fn no_overlap_or_no_frontier_gives_nothing() {
        let a = front(&[(10.0, 100.0), (20.0, 50.0)]);
        let b = front(&[(30.0, 100.0), (40.0, 50.0)]);
        assert_eq!(stretches(&a, &b, (30.0, 20.0), &[]), vec![]);
        assert_eq!(stretches(&a, &b, (20.0, 20.0), &[]), vec![]);
        assert_eq!(stretches(&a, &[], (10.0, 20.0), &[]), vec![]);
        // An overlap outside a frontier's range is not read (no extrapolation).
        assert_eq!(stretches(&a, &b, (10.0, 40.0), &[]), vec![]);
    }

    /// Frontiers: strictly rising interactivity, strictly falling throughput.
    fn frontier_strategy() -> impl Strategy<Value = Vec<FrontierPoint>> {
        prop::collection::vec((0.5f64..20.0, 0.5f64..200.0), 2..8).prop_map(|steps| {
            let (mut x, mut y) = (5.0, 5000.0);
            let points: Vec<(f64, f64)> = steps
                .iter()
                .map(|(dx, dy)| {
                    x += dx;
                    y -= dy;
                    (x, y)
                })
                .collect();
            front(&points)
        })
    }

    /// [`TIE_RATIO`] with room for rounding.
    const SLACK: f64 = TIE_RATIO * (1.0 + 1e-9);

    proptest! {
        /// The stretches tile the overlap, alternate leaders, meet where the splines are equal
        /// (to rounding), and in each the other side is never ahead by 1% or more (with [`SLACK`] for
        /// sampling) while the leader is ahead somewhere; a single stretch or none means no sample of
        /// the overlap has the other side ahead by 1% or more.
        #[test]
        fn stretches_tile_the_overlap_and_hold_their_lead(
            a in frontier_strategy(),
            b in frontier_strategy(),
        ) {
            let (ra, rb) = (super::super::range(&a).unwrap(), super::super::range(&b).unwrap());
            let (lo, hi) = (ra.0.max(rb.0), ra.1.min(rb.1));
            if hi <= lo {
                return Ok(()); // no overlap: nothing to check (a fifth of the cases or so)
            }
            let s = stretches(&a, &b, (lo, hi), &[]);
            let sa = frontier_spline(&a, |p| p.throughput).unwrap();
            let sb = frontier_spline(&b, |p| p.throughput).unwrap();
            let at = |x: f64| [sa.at(x).unwrap(), sb.at(x).unwrap()];
            if let (Some(first), Some(last)) = (s.first(), s.last()) {
                prop_assert_eq!((first.from, last.to), (lo, hi));
            }
            for w in s.windows(2) {
                prop_assert_eq!(w[0].to, w[1].from);
                prop_assert_ne!(w[0].side, w[1].side);
                let [ta, tb] = at(w[0].to);
                prop_assert!((ta - tb).abs() <= 1e-9 * ta.max(tb), "{} vs {} at {}", ta, tb, w[0].to);
            }
            for st in &s {
                let mut best: f64 = 0.0;
                for k in 0..=200 {
                    let x = (st.from + (st.to - st.from) * f64::from(k) / 200.0).min(st.to);
                    let t = at(x);
                    let (mine, other) = (t[st.side], t[1 - st.side]);
                    prop_assert!(other < mine * SLACK, "{} ahead of the leader {} by 1% at {}", other, mine, x);
                    best = best.max(mine / other);
                }
                // Sampled more coarsely than the search, the peak may fall between samples.
                prop_assert!(best >= 1.0, "{:?} never led", st);
            }
            if s.len() <= 1 {
                for k in 0..=400 {
                    let x = (lo + (hi - lo) * f64::from(k) / 400.0).min(hi);
                    let [ta, tb] = at(x);
                    let leader = s.first().map_or(2, |st| st.side);
                    if leader != 0 { prop_assert!(ta < tb * SLACK); }
                    if leader != 1 { prop_assert!(tb < ta * SLACK); }
                }
            }
        }
    }
}
