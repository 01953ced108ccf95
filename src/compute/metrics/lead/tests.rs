//! The race on hand-worked cases, and the two-sided stretches' properties.

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

/// Throughput as it is: the weights of tok/s/GPU.
const ONES: [f64; 2] = [1.0, 1.0];

/// Two straight lines (two knots each): A from (10, 100) to (50, 20), B from (10, 60) to
/// (50, 40). A − B = 40 − 1.5·(x − 10), zero at x = 10 + 40/1.5 = 36.666…; A leads below,
/// B above, each by far more than 1%.
#[test]
fn two_lines_cross_once() {
    let a = front(&[(10.0, 100.0), (50.0, 20.0)]);
    let b = front(&[(10.0, 60.0), (50.0, 40.0)]);
    let s = stretches(&a, &b, ONES, (10.0, 50.0), &[]);
    assert_eq!(s.len(), 2, "{s:?}");
    assert_eq!((s[0].side, s[1].side), (0, 1));
    assert_eq!((s[0].from, s[1].to), (10.0, 50.0));
    assert!(close(s[0].to, 10.0 + 40.0 / 1.5), "{s:?}");
    assert_eq!(s[0].to, s[1].from);
}

/// Weighted, A = 1.5·(100 − 2u) and B = 60 − 0.5u with u = x − 10: equal where
/// 150 − 3u = 60 − 0.5u, u = 36, x = 46. Unweighted they cross at 36.667.
#[test]
fn weights_move_the_crossing() {
    let a = front(&[(10.0, 100.0), (50.0, 20.0)]);
    let b = front(&[(10.0, 60.0), (50.0, 40.0)]);
    let s = stretches(&a, &b, [1.5, 1.0], (10.0, 50.0), &[]);
    assert_eq!(s.len(), 2, "{s:?}");
    assert_eq!((s[0].side, s[1].side), (0, 1));
    assert!(close(s[0].to, 46.0), "{s:?}");
}

/// The overlap is where both sides reach; B alone goes on past 40. On [20, 40]:
/// A = 100 − 2·(x − 20) (from (20, 100) to (40, 60)), B = 90 − (x − 20) (from (20, 90) to
/// (60, 50)), so A − B = 10 − (x − 20), zero at x = 30.
#[test]
fn only_the_overlap_is_read() {
    let a = front(&[(20.0, 100.0), (40.0, 60.0)]);
    let b = front(&[(20.0, 90.0), (60.0, 50.0)]);
    let s = stretches(&a, &b, ONES, (20.0, 40.0), &[]);
    assert_eq!(s.len(), 2, "{s:?}");
    assert!(close(s[0].to, 30.0), "{s:?}");
    assert_eq!((s[0].side, s[1].side, s[1].to), (0, 1, 40.0));
}

#[test]
fn one_side_ahead_throughout_is_one_stretch() {
    let a = front(&[(10.0, 100.0), (30.0, 70.0), (50.0, 30.0)]);
    let b = front(&[(10.0, 90.0), (30.0, 60.0), (50.0, 20.0)]);
    let s = stretches(&a, &b, ONES, (10.0, 50.0), &[]);
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
    assert_eq!(stretches(&a, &b, ONES, (10.0, 30.0), &[]), vec![]);
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
        ONES,
        (10.0, 30.0),
        &[],
    );
    assert_eq!(changes.len(), 2, "{changes:?}");
    let a = front(&[(10.0, 120.0), (30.0, 99.2)]);
    let s = stretches(&a, &b, ONES, (10.0, 30.0), &[]);
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
    let s = stretches(&a, &b, ONES, (10.0, 30.0), &[]);
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
        first: 0,
        end: 1,
    }
}

/// [`Race::join_ties`] of two sides level everywhere, so that either keeps within 1% of
/// the other over any run: as it is for two sides, whose runs' own peaks say so.
fn join_ties(runs: Vec<Run>) -> Vec<Stretch> {
    let level = || Contender {
        splines: vec![MonotoneSpline::new(&[0.0, 100.0], &[50.0, 50.0]).unwrap()],
        weight: 1.0,
    };
    Race(&[level(), level()]).join_ties(runs, &[10.0])
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
    assert_eq!(stretches(&a, &b, ONES, (30.0, 20.0), &[]), vec![]);
    assert_eq!(stretches(&a, &b, ONES, (20.0, 20.0), &[]), vec![]);
    assert_eq!(stretches(&a, &[], ONES, (10.0, 20.0), &[]), vec![]);
    // An overlap outside a frontier's range is not read (no extrapolation).
    assert_eq!(stretches(&a, &b, ONES, (10.0, 40.0), &[]), vec![]);
}

/// The slowest and fastest interactivity any of `contenders` reaches.
pub(super) fn reach(contenders: &[Contender]) -> Option<(f64, f64)> {
    let splines = contenders.iter().flat_map(|c| &c.splines);
    let domains = splines.filter_map(MonotoneSpline::domain);
    domains.reduce(|(a, b), (c, d)| (a.min(c), b.max(d)))
}

/// [`leaders`] over all the speeds some contender reaches.
pub(super) fn all(contenders: &[Contender]) -> Vec<Stretch> {
    reach(contenders).map_or(Vec::new(), |w| leaders(contenders, w, &[]))
}

fn line(points: &[(f64, f64)], weight: f64) -> Contender {
    let (xs, ys): (Vec<f64>, Vec<f64>) = points.iter().copied().unzip();
    Contender {
        splines: vec![MonotoneSpline::new(&xs, &ys).unwrap()],
        weight,
    }
}

/// A = 100 − 2·(x − 10) and B = 60 − 0.5·(x − 10) on [10, 50]; C = 55 − 0.25·(x − 30) on
/// [30, 70]. A leads from 10; C, arriving at 30 below A (60 against 55), overtakes it where
/// 60 − 2u = 55 − 0.25u, u = x − 30 = 5/1.75, so x = 32.857…; B (48.6 there) never leads;
/// past 50 C is alone, and leads to its end.
#[test]
fn three_contenders_one_arriving_late() {
    let a = line(&[(10.0, 100.0), (50.0, 20.0)], 1.0);
    let b = line(&[(10.0, 60.0), (50.0, 40.0)], 1.0);
    let c = line(&[(30.0, 55.0), (70.0, 45.0)], 1.0);
    let s = all(&[a, b, c]);
    assert_eq!(s.len(), 2, "{s:?}");
    assert_eq!(
        (s[0].side, s[0].from, s[1].side, s[1].to),
        (0, 10.0, 2, 70.0)
    );
    assert!(close(s[0].to, 30.0 + 5.0 / 1.75), "{s:?}");
    assert_eq!(s[0].to, s[1].from);
}

/// Weights scale: B's 60 at weight 2 is 120, ahead of A's 100 throughout.
#[test]
fn weights_scale_the_figures() {
    let a = line(&[(0.0, 100.0), (10.0, 100.0)], 1.0);
    let b = line(&[(0.0, 60.0), (10.0, 60.0)], 2.0);
    let side = |s: Vec<Stretch>| s.iter().map(|s| s.side).collect::<Vec<_>>();
    assert_eq!(side(all(&[a.clone(), b.clone()])), [1]);
    let b_light = Contender { weight: 1.5, ..b };
    assert_eq!(side(all(&[a, b_light])), [0]);
}

/// Nobody between 20 and 30: two stretches that do not meet, each alone.
#[test]
fn where_nobody_reaches_the_stretches_do_not_meet() {
    let a = line(&[(10.0, 100.0), (20.0, 50.0)], 1.0);
    let b = line(&[(30.0, 100.0), (40.0, 50.0)], 1.0);
    let s = all(&[a, b]);
    let expected = [(10.0, 20.0, 0), (30.0, 40.0, 1)];
    let got: Vec<_> = s.iter().map(|s| (s.from, s.to, s.side)).collect();
    assert_eq!(got, expected);
}

/// A flat at 100 on [10, 40]; B and C rise to plateaus on [21, 29], B's at 200 and C's at
/// `c_top`, and fall back. With C at 199.5 the two keep within 1% wherever they are ahead
/// of A: neither leads, and A, 50% behind, is not "essentially tied" with them, so nobody
/// is named there. With C at 150, B leads by a third.
fn plateaus(c_top: f64) -> Vec<Stretch> {
    let plateau = |top: f64| {
        let knots = [
            (10.0, 50.0),
            (20.0, 50.0),
            (21.0, top),
            (29.0, top),
            (30.0, 50.0),
        ];
        line(&[knots.as_slice(), &[(40.0, 50.0)]].concat(), 1.0)
    };
    let a = line(&[(10.0, 100.0), (40.0, 100.0)], 1.0);
    all(&[a, plateau(200.0), plateau(c_top)])
}

#[test]
fn a_tie_of_two_far_ahead_of_the_rest_is_nobodys() {
    let s = plateaus(199.5);
    assert_eq!(s.len(), 2, "{s:?}");
    assert_eq!((s[0].side, s[1].side), (0, 0));
    assert_eq!((s[0].from, s[1].to), (10.0, 40.0));
    // The hole is where B (and C) are above A's 100: between 20 and 21, 29 and 30.
    assert!(20.0 < s[0].to && s[0].to < 21.0, "{s:?}");
    assert!(29.0 < s[1].from && s[1].from < 30.0, "{s:?}");
    let clear = plateaus(150.0);
    let sides: Vec<usize> = clear.iter().map(|s| s.side).collect();
    assert_eq!(sides, [0, 1, 0], "{clear:?}");
    assert_eq!((clear[0].to, clear[1].to), (s[0].to, s[1].from));
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
        let s = stretches(&a, &b, ONES, (lo, hi), &[]);
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
