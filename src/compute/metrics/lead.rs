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
mod tests;

#[cfg(test)]
mod race_tests;
