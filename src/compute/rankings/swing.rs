//! Run-to-run swing in rankings: how far the runs of the measurements a tier row is read from
//! measured from them, and whether the two cheapest rows' own runs put them the other way
//! round (the tier's sentence then says so, `narrative/ranking-swing.html`).

use super::{Candidate, Tier};
use crate::compute::page::SideData;
use crate::compute::spread::Swing;

/// How far each frontier point of `side` was measured from in its configuration's other runs,
/// in the frontier's order.
pub(super) fn of_frontier(side: &SideData) -> Vec<Swing> {
    side.frontier
        .iter()
        .map(|k| {
            side.point_at(k)
                .map_or(Swing::default(), |p| p.spread.swing_from(k.throughput))
        })
        .collect()
}

impl Candidate {
    /// How far the runs of the measurements its value at `x` is read from measured from them:
    /// the frontier point at `x`, or the larger of the two on either side of it; nothing
    /// outside the frontier.
    pub(super) fn swing_at(&self, x: f64) -> Swing {
        debug_assert_eq!(self.swings.len(), self.frontier.len());
        let after = self.frontier.partition_point(|p| p.interactivity < x);
        let at = self
            .frontier
            .get(after)
            .is_some_and(|p| p.interactivity == x);
        let read = if at {
            after..after + 1
        } else if after == 0 || after == self.frontier.len() {
            0..0 // outside the frontier
        } else {
            after - 1..after + 1
        };
        let swings = self.swings.get(read).unwrap_or_default();
        swings.iter().fold(Swing::default(), |most, &s| most.max(s))
    }
}

/// A run-to-run swing under this is not called into doubt: the prose already calls costs
/// within 1% of each other essentially tied.
const SWING_WORTH_SAYING: f64 = 0.01;

/// The two cheapest rows of a tier in the other order within their runs: the leader's cost
/// read at its worst run and the runner-up's at its best ([`Tier::order_within_swing`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Reversal {
    pub first_at_worst: f64,
    pub second_at_best: f64,
}

impl Tier {
    /// Whether the two cheapest rows' own runs put them the other way round: the leader's
    /// cost as its worst run measured (its cost times one plus its `down`: cost goes as one
    /// over throughput) above the runner-up's as its best run measured (divided by one plus
    /// its `up`), where either part is 1% or more.
    pub fn order_within_swing(&self) -> Option<Reversal> {
        let [first, second, ..] = self.rows.as_slice() else {
            return None;
        };
        let reversal = Reversal {
            first_at_worst: first.cost_per_mtok * (1.0 + first.swing.down),
            second_at_best: second.cost_per_mtok / (1.0 + second.swing.up),
        };
        let worth = first.swing.down.max(second.swing.up) >= SWING_WORTH_SAYING;
        (worth && reversal.first_at_worst > reversal.second_at_best).then_some(reversal)
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{candidate, fixture};
    use super::super::{RankingRow, tier};
    use super::*;
    use crate::input::catalog::CostProvider;

    /// A frontier's swing at a speed is its point's there, or the larger of the points on
    /// either side, part by part; nothing outside it.
    #[test]
    fn a_rows_swing_is_the_larger_of_the_points_it_is_read_from() {
        let mut c = candidate(
            "a",
            "fp8",
            "vllm",
            &[
                (10.0, 1000.0, 64.0),
                (30.0, 600.0, 16.0),
                (50.0, 200.0, 8.0),
            ],
        );
        let swing = |down: f64, up: f64| Swing { down, up };
        c.swings = vec![swing(0.02, 0.0), swing(0.0, 0.10), swing(0.0, 0.0)];
        let none = Swing::default();
        assert_eq!(
            [10.0, 20.0, 30.0, 40.0, 50.0].map(|x| c.swing_at(x)),
            [
                swing(0.02, 0.0),
                swing(0.02, 0.10),
                swing(0.0, 0.10),
                swing(0.0, 0.10),
                none
            ]
        );
        assert_eq!([5.0, 60.0].map(|x| c.swing_at(x)), [none, none]);
    }

    /// The order is within the runs' swing when the leader's cost at its worst run is above
    /// the runner-up's at its best (worked by hand), and either part is at least 1%.
    #[test]
    fn an_order_the_rows_own_runs_reverse_is_flagged() {
        let (catalog, candidates) = fixture();
        let rows = tier(40.0, &candidates, &catalog, CostProvider::Hyperscaler).rows;
        let row = |cost: f64, down: f64, up: f64| RankingRow {
            cost_per_mtok: cost,
            swing: Swing { down, up },
            ..rows[0].clone()
        };
        let flagged = |first: RankingRow, second: RankingRow| {
            Tier {
                interactivity: 40.0,
                rows: vec![first, second],
            }
            .order_within_swing()
        };
        let reversal = |first_at_worst: f64, second_at_best: f64| Reversal {
            first_at_worst,
            second_at_best,
        };
        // $1.00 ahead of $1.02; the leader's worst run 3% lower: $1.03 > $1.02.
        assert_eq!(
            flagged(row(1.00, 0.03, 0.0), row(1.02, 0.0, 0.0)),
            Some(reversal(1.03, 1.02))
        );
        // The runner-up's best run 4% higher: $1.04 / 1.04 = $1.00 < $1.00 × 1.01.
        assert_eq!(
            flagged(row(1.00, 0.01, 0.0), row(1.04, 0.0, 0.04)),
            Some(reversal(1.01, 1.0))
        );
        // Swings the wrong way for a reversal (the leader only better, the runner-up only
        // worse in other runs): not flagged, however large.
        assert_eq!(flagged(row(1.00, 0.0, 0.5), row(1.02, 0.5, 0.0)), None);
        // 5% ahead of a 4% swing: not.
        assert_eq!(flagged(row(1.00, 0.04, 0.0), row(1.05, 0.0, 0.0)), None);
        // Under 1% is not worth saying, even beside a smaller lead.
        assert_eq!(flagged(row(1.00, 0.009, 0.0), row(1.001, 0.0, 0.0)), None);
        let alone = Tier {
            interactivity: 40.0,
            rows: vec![row(1.0, 0.5, 0.5)],
        };
        assert_eq!(alone.order_within_swing(), None);
    }
}
