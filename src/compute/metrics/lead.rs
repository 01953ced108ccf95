//! Who leads where: which side of a comparison serves more tok/s/GPU over each stretch of the
//! interactivity both sides reach ([`stretches`]), and which of a ranking's accelerators is the
//! cheapest over each stretch of the interactivity any of them reaches ([`leaders`]), read off
//! the same Steffen splines the tables read (SPEC §3). A table shows a few speeds; a reader
//! choosing a setup for their own speed wants to know where between and beyond them the answer
//! flips ("MTP serves more below 51 tok/s/user, Off above"). An addition to the SPEC, in the
//! spirit of §3, §5 and §12.
//!
//! A contender *leads* a stretch when no other is ahead of it there by [`TIE_RATIO`] or more
//! and, somewhere in it, it is ahead of the next best by that much: where two figures stay
//! within 1% of each other the prose calls them "essentially tied" (SPEC §5), so a crossing
//! inside such a wisp is not a change of lead.

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

/// Samples per interval between neighbouring knots. On such an interval every spline is one
/// cubic, so two contenders' difference has at most three roots there; two of them closer than
/// a sixteenth of the interval would bound a lead too slight to count anyway.
const SAMPLES: usize = 16;

/// How near either side of a knot, in steps between samples, the race is also looked at: a
/// contender whose candidate starts or stops at a knot jumps there, and a lead that ends at
/// the jump may have begun less than a step before it.
const NEAR: f64 = 1e-6;

/// A stretch of interactivity, `from` to `to` (tok/s/user), that contender `side` leads: side
/// 0 (A) or 1 (B) of [`stretches`], the index of a contender of [`leaders`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Stretch {
    pub from: f64,
    pub to: f64,
    pub side: usize,
}

/// One of the contenders of [`leaders`]: its figure at an interactivity is the highest of its
/// splines' values there, times `weight`. A ranking's accelerator is the throughput splines of
/// its candidates weighted by one over its price per GPU-hour: tokens per dollar, the inverse
/// of its cost per token, so the contender ahead is the cheapest.
#[derive(Debug, Clone)]
pub struct Contender {
    pub splines: Vec<MonotoneSpline>,
    pub weight: f64,
}

impl Contender {
    /// Its figure at `x`; `None` where none of its splines reaches.
    fn at(&self, x: f64) -> Option<f64> {
        let best = self.splines.iter().filter_map(|s| s.at(x));
        best.max_by(f64::total_cmp).map(|v| v * self.weight)
    }
}

/// The stretches of the overlap `(lo, hi)` that frontiers `a` and `b` each lead, their
/// throughputs times `weights` (ones for tok/s/GPU, one over each side's price for tokens per
/// dollar), in order: they
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
    [a_weight, b_weight]: [f64; 2],
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
    let side = |s, weight| Contender {
        splines: vec![s],
        weight,
    };
    let sides = [side(a_spline, a_weight), side(b_spline, b_weight)];
    Race(&sides).stretches((lo, hi), targets)
}

/// The stretches of `window` (tok/s/user) that each of `contenders` leads, in order: as
/// [`stretches`] has them for two, where one contender leads its stretch by [`TIE_RATIO`] or
/// more over the next best, somewhere in it. Where only one contender reaches, it leads, so a
/// caller that wants only leads over others passes a window where two or more reach.
/// Stretches meet where the lead changes hands; between two that do not meet, either no
/// contender reaches or the best two keep within 1% of each other.
///
/// A run where no contender leads by 1% joins the stretch before it when that stretch's leader
/// keeps within 1% of the best throughout the run, or else the stretch after it on the same
/// terms; with two contenders one of them always does, so [`stretches`] is this rule too.
pub fn leaders(contenders: &[Contender], window: (f64, f64), targets: &[f64]) -> Vec<Stretch> {
    match window.0 < window.1 {
        true => Race(contenders).stretches(window, targets),
        false => Vec::new(),
    }
}

/// A stretch as first found: one contender ahead at every sample of it (samples `first` to
/// `end`, exclusive; none for a lead found only between two samples), by up to `peak` (the
/// largest ratio of its figure to the next best), at or before sample `best`.
#[derive(Debug, Clone, Copy)]
struct Run {
    stretch: Stretch,
    peak: f64,
    best: usize,
    first: usize,
    end: usize,
}

/// Who is ahead at one interactivity.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Standing {
    /// No contender reaches it.
    Nobody,
    /// The best two are exactly equal.
    Level,
    /// Contender `who` is ahead of the next best by `ratio` (infinite when alone).
    Ahead { who: usize, ratio: f64 },
}

/// Who is ahead among contenders' `figures` (index, figure) at one interactivity.
fn standing(figures: impl Iterator<Item = (usize, f64)>) -> Standing {
    let (mut best, mut next): (Option<(usize, f64)>, Option<f64>) = (None, None);
    for (i, v) in figures {
        match best {
            Some((_, b)) if v <= b => next = Some(next.map_or(v, |n| n.max(v))),
            _ => {
                next = best.map(|(_, b)| b);
                best = Some((i, v));
            }
        }
    }
    match (best, next) {
        (None, _) => Standing::Nobody,
        (Some((who, _)), None) => Standing::Ahead {
            who,
            ratio: f64::INFINITY,
        },
        (Some((_, b)), Some(n)) if b == n => Standing::Level,
        (Some((who, b)), Some(n)) => Standing::Ahead { who, ratio: b / n },
    }
}

/// The contenders of one comparison or ranking.
struct Race<'a>(&'a [Contender]);

impl Race<'_> {
    fn splines(&self) -> impl Iterator<Item = &MonotoneSpline> {
        self.0.iter().flat_map(|c| &c.splines)
    }

    fn stretches(&self, window: (f64, f64), targets: &[f64]) -> Vec<Stretch> {
        let xs = self.samples(window, targets);
        let runs = self.runs(&xs);
        self.join_ties(runs, &xs)
    }

    /// Where the race is looked at: the `window`'s ends, every knot and every target within
    /// it, [`SAMPLES`] − 1 points evenly spaced between each two of those, and a point [`NEAR`]
    /// each of them. A contender's reach starts and ends at knots, so where it joins or leaves
    /// the race is a sample, and so is the moment before.
    fn samples(&self, (lo, hi): (f64, f64), targets: &[f64]) -> Vec<f64> {
        let knots = self.splines().flat_map(|s| s.knots().iter().copied());
        let mut breaks: Vec<f64> = (knots.chain(targets.iter().copied()))
            .filter(|&x| lo < x && x < hi)
            .chain([lo, hi])
            .collect();
        breaks.sort_by(f64::total_cmp);
        breaks.dedup();
        let mut xs = Vec::with_capacity(breaks.len() * (SAMPLES + 2));
        for w in breaks.windows(2) {
            let step = (w[1] - w[0]) / SAMPLES as f64;
            let (after, before) = (w[0] + step * NEAR, w[1] - step * NEAR);
            xs.push(w[0]);
            xs.extend([after].into_iter().filter(|&x| w[0] < x && x < w[1]));
            xs.extend((1..SAMPLES).map(|k| w[0] + step * k as f64));
            xs.extend([before].into_iter().filter(|&x| w[0] < x && x < w[1]));
        }
        xs.push(hi);
        xs
    }

    /// Who is ahead at `x`, and by how much.
    fn at(&self, x: f64) -> Standing {
        let figures = self.0.iter().enumerate();
        standing(figures.filter_map(|(i, c)| Some((i, c.at(x)?))))
    }

    /// Who is ahead at each of `xs` (ascending), as [`Self::at`] has it: each spline walked
    /// along them once ([`MonotoneSpline::along`]), which is most of a race's work.
    fn standings(&self, xs: &[f64]) -> Vec<Standing> {
        let figures: Vec<Vec<Option<f64>>> = (self.0.iter())
            .map(|c| {
                let mut best: Vec<Option<f64>> = vec![None; xs.len()];
                for s in &c.splines {
                    for (b, v) in best.iter_mut().zip(s.along(xs)) {
                        *b = match (*b, v) {
                            (Some(b), Some(v)) => Some(std::cmp::max_by(b, v, f64::total_cmp)),
                            (b, v) => b.or(v),
                        };
                    }
                }
                best.into_iter().map(|b| b.map(|v| v * c.weight)).collect()
            })
            .collect();
        (0..xs.len())
            .map(|k| {
                standing(
                    figures
                        .iter()
                        .enumerate()
                        .filter_map(|(i, f)| Some((i, f[k]?))),
                )
            })
            .collect()
    }

    /// The runs of samples `xs` where one contender is ahead, split where the one ahead
    /// changes (at the change between the two samples, where they meet) and where nobody
    /// reaches (at the last sample and the next that someone does). Samples where the best
    /// two are exactly equal belong to no run. A run whose samples keep within [`TIE_RATIO`]
    /// has its peak sought between them as well.
    fn runs(&self, xs: &[f64]) -> Vec<Run> {
        let mut runs: Vec<Run> = Vec::new();
        let mut open = false; // whether the last run goes on
        let mut reach_from: Option<f64> = None; // where the present reach began
        let (mut last_ahead, mut last_reached) = (0, 0);
        for (i, (&x, standing)) in xs.iter().zip(self.standings(xs)).enumerate() {
            let (who, ratio) = match standing {
                Standing::Nobody => {
                    if let Some(run) = runs.last_mut().filter(|_| open) {
                        run.stretch.to = xs[last_reached];
                    }
                    (open, reach_from) = (false, None);
                    continue;
                }
                Standing::Level => {
                    reach_from.get_or_insert(x);
                    last_reached = i;
                    continue;
                }
                Standing::Ahead { who, ratio } => (who, ratio),
            };
            let from = *reach_from.get_or_insert(x);
            match runs.last_mut().filter(|_| open) {
                Some(run) if run.stretch.side == who => {
                    if ratio > run.peak {
                        (run.peak, run.best) = (ratio, i);
                    }
                    run.end = i + 1;
                }
                Some(_) => self.change_hands(&mut runs, xs[last_ahead], (i, x), (who, ratio)),
                None => {
                    runs.push(Run::from(from, who, ratio, i));
                    open = true;
                }
            }
            (last_ahead, last_reached) = (i, i);
        }
        if let Some(run) = runs.last_mut().filter(|_| open) {
            run.stretch.to = xs[last_reached];
        }
        for run in runs.iter_mut().filter(|r| r.peak < TIE_RATIO) {
            run.peak = self.peak_near(run, xs);
        }
        runs
    }

    /// Ends the last run where the lead changes hands between sample `l` and sample `i` at
    /// `x`, where `who` is ahead by `ratio`, and starts `who`'s. Between two samples the same
    /// contenders reach (each reach ends at a sample), but the lead may pass through a third:
    /// it gets a run of its own, without samples.
    fn change_hands(
        &self,
        runs: &mut Vec<Run>,
        mut l: f64,
        (i, x): (usize, f64),
        (who, ratio): (usize, f64),
    ) {
        let mut ahead = runs.last().map(|r| r.stretch.side);
        loop {
            let at = self.crossing(l, x, ahead);
            if let Some(run) = runs.last_mut() {
                run.stretch.to = at;
            }
            // Who leads just after the change (at the change itself the two are level).
            let after = at + (x - at) * 1e-9;
            match self.at(after) {
                Standing::Ahead { who: next, ratio }
                    if next != who && Some(next) != ahead && at < after && after < x =>
                {
                    runs.push(Run::between(at, next, ratio, i));
                    (ahead, l) = (Some(next), after);
                }
                _ => return runs.push(Run::from(at, who, ratio, i)),
            }
        }
    }

    /// The interactivity between `l` and `r` where contender `ahead`, ahead at `l`, stops being
    /// ahead, by bisection to the last bit of an `f64`.
    fn crossing(&self, mut l: f64, mut r: f64, ahead: Option<usize>) -> f64 {
        loop {
            let m = 0.5 * (l + r);
            if m <= l || m >= r {
                return r; // where the next is ahead: where a contender arrives, its first knot
            }
            match self.at(m) {
                Standing::Level => return m,
                Standing::Ahead { who, .. } if Some(who) == ahead => l = m,
                _ => r = m,
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
            Standing::Ahead { who, ratio } if who == side => ratio,
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

    /// Whether contender `side` keeps within [`TIE_RATIO`] of the best at every speed of
    /// `probes` someone reaches.
    fn close_behind(&self, side: usize, probes: &[f64]) -> bool {
        probes.iter().all(|&x| {
            let best = self.0.iter().filter_map(|c| c.at(x)).max_by(f64::total_cmp);
            match (best, self.0[side].at(x)) {
                (None, _) => true,
                (Some(b), Some(v)) => b == v || tied(b, v),
                (Some(_), None) => false,
            }
        })
    }

    /// The runs as stretches: each run that no contender leads by [`TIE_RATIO`] joined to the
    /// stretch before it, or else after it, whose leader keeps within 1% of the best
    /// throughout the run ([`leaders`]); neighbours that meet with the same leader merged.
    fn join_ties(&self, runs: Vec<Run>, xs: &[f64]) -> Vec<Stretch> {
        let mut kept: Vec<Stretch> = Vec::new();
        // Tie runs, each meeting the next, that no stretch before took: from, to, probes.
        let mut waiting: Option<(f64, f64, Vec<f64>)> = None;
        for run in runs {
            let Run { stretch, .. } = run;
            if run.peak < TIE_RATIO {
                let probes = run.probes(xs);
                if let Some(last) = kept.last_mut()
                    && last.to == stretch.from
                    && self.close_behind(last.side, &probes)
                {
                    last.to = stretch.to;
                    continue;
                }
                waiting = match waiting {
                    Some((from, to, mut before)) if to == stretch.from => {
                        before.extend(probes);
                        Some((from, stretch.to, before))
                    }
                    _ => Some((stretch.from, stretch.to, probes)),
                };
                continue;
            }
            let from = match waiting.take() {
                Some((from, to, probes))
                    if to == stretch.from && self.close_behind(stretch.side, &probes) =>
                {
                    from
                }
                _ => stretch.from,
            };
            match kept.last_mut() {
                Some(last) if last.side == stretch.side && last.to == from => last.to = stretch.to,
                _ => kept.push(Stretch { from, ..stretch }),
            }
        }
        kept
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
            first: best,
            end: best + 1,
        }
    }

    /// A run found between sample `next − 1` and sample `next`, without samples of its own.
    fn between(from: f64, side: usize, peak: f64, next: usize) -> Run {
        Run {
            end: next,
            ..Run::from(from, side, peak, next)
        }
    }

    /// Where a tie run is checked against a neighbour's leader: its samples, and
    /// [`SAMPLES`] + 1 speeds evenly spread from its start to its end, which a run's samples
    /// need not reach.
    fn probes(&self, xs: &[f64]) -> Vec<f64> {
        let Stretch { from, to, .. } = self.stretch;
        let spread = (0..=SAMPLES).map(|k| from + (to - from) * k as f64 / SAMPLES as f64);
        xs[self.first..self.end]
            .iter()
            .copied()
            .chain(spread)
            .collect()
    }
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
}

#[cfg(test)]
mod race_tests {
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
}
