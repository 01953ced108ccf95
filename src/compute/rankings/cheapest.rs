//! Cheapest by speed: which accelerator of a ranking costs the least per million tokens over
//! each stretch of the speeds where they can be compared. The tiers answer at six speeds and
//! the chart draws every accelerator's cost; this states the chart's lower envelope, so that a
//! reader whose speed falls between the tiers reads the answer rather than a crossing of lines.
//! An addition to SPEC §12, read off the splines its tiers read.

use serde::{Deserialize, Serialize};

use super::{Candidate, measured_ranges};
use crate::compute::metrics::{self, Contender};
use crate::input::catalog::{Catalog, CostProvider};
use crate::types::HardwareId;

/// From `from` to `to` tok/s/user, where two or more accelerators were measured, no other
/// accelerator's best configuration costs less than `hardware`'s by 1% or more (SPEC §5's
/// "essentially tied"), and somewhere in the stretch `hardware`'s costs less than every
/// other's by 1% or more.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cheapest {
    pub from: f64,
    pub to: f64,
    pub hardware: HardwareId,
}

/// Where a ranking's accelerators can be compared: the speeds (tok/s/user) at which two or
/// more of them were measured, as closed ranges in order, none a single point.
pub fn compared(candidates: &[Candidate]) -> Vec<(f64, f64)> {
    // Each accelerator's measured ranges open (+1) and close (−1) the count of accelerators
    // measured; at one speed, ranges open before others close, so ranges that touch meet.
    let mut events: Vec<(f64, i32)> = measured_ranges(candidates)
        .iter()
        .flat_map(|e| e.ranges.iter().flat_map(|&(lo, hi)| [(lo, 1), (hi, -1)]))
        .collect();
    events.sort_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)));
    let (mut count, mut from, mut out) = (0, 0.0, Vec::new());
    for (x, step) in events {
        count += step;
        match (step, count) {
            (1, 2) => from = x,
            (-1, 1) if from < x => out.push((from, x)),
            _ => {}
        }
    }
    out
}

/// The stretches of the speeds where the accelerators can be compared ([`compared`]), in
/// order, over which one accelerator is the cheapest ([`metrics::leaders`]): an accelerator's
/// cost at a speed is its price over the highest throughput of its candidates there, as a
/// tier's row has it. Empty where there is nothing to compare. Where only one accelerator was
/// measured, it is the only one, not the cheapest: no stretch is there, and its lead there
/// does not count for a stretch beside it.
pub fn cheapest(
    candidates: &[Candidate],
    tiers: &[f64],
    catalog: &Catalog,
    provider: CostProvider,
) -> Vec<Cheapest> {
    let compared = compared(candidates);
    if compared.is_empty() {
        return Vec::new();
    }
    let (ids, contenders): (Vec<&HardwareId>, Vec<Contender>) = (catalog.hardware.iter())
        .filter_map(|hw| {
            let own = candidates.iter().filter(|c| c.hardware == hw.id);
            let splines: Vec<_> = own
                .filter_map(|c| metrics::frontier_spline(&c.frontier, |p| p.throughput))
                .filter(|s| s.domain().is_some())
                .collect();
            let weight = 1.0 / hw.cost_per_gpu_hour.get(provider);
            (!splines.is_empty() && weight.is_finite() && weight > 0.0)
                .then_some((&hw.id, Contender { splines, weight }))
        })
        .unzip();
    let each = compared
        .iter()
        .map(|&window| metrics::leaders(&contenders, window, tiers));
    let named = each.flatten().map(|s| Cheapest {
        from: s.from,
        to: s.to,
        hardware: ids[s.side].clone(),
    });
    named.collect()
}

#[cfg(test)]
mod tests {
    use super::super::tests::{candidate, fixture};
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-9 * b.abs().max(1.0)
    }

    /// Two or more accelerators at one speed: a 10–50 and 60–80, b 40–70, c 65–90 (c twice,
    /// overlapping). Touching ranges meet; a single point is no range.
    #[test]
    fn compared_is_where_two_accelerators_were_measured() {
        let c = |hw: &str, lo: f64, hi: f64| {
            candidate(hw, "fp8", "vllm", &[(lo, 2.0, 8.0), (hi, 1.0, 1.0)])
        };
        let candidates = [
            c("a", 10.0, 50.0),
            c("a", 60.0, 80.0),
            c("b", 40.0, 70.0),
            c("c", 65.0, 75.0),
            c("c", 70.0, 90.0),
        ];
        assert_eq!(compared(&candidates), [(40.0, 50.0), (60.0, 80.0)]);
        assert_eq!(compared(&[c("a", 10.0, 20.0), c("b", 20.0, 30.0)]), []);
        assert_eq!(compared(&[c("a", 10.0, 20.0), c("a", 15.0, 30.0)]), []);
    }

    /// The rankings' fixture (see `rankings::tests::fixture`), in tokens per dollar, price a 2,
    /// b 1, c 3: c = (2000 − 50·(x − 5)) / 3 on 5–25; b = 500 − 5·(x − 10) on 10–90; a the
    /// higher of its fp8 and fp4 lines over 2, at most 500 on 10–50. Two or more measured from
    /// 10 to 50. At 10 c leads (583 against 500); c = b where 2250 − 50x = 1650 − 15x, at
    /// x = 600/35 = 17.142857; b then leads to 50 (a at most 450 past 17, b 300 at 50 against
    /// a's 100). The tier at 20 agrees: b, then c, then a.
    #[test]
    fn a_hand_computed_cheapest_by_speed() {
        let (catalog, candidates) = fixture();
        let s = cheapest(&candidates, &[], &catalog, CostProvider::Hyperscaler);
        let got: Vec<(f64, f64, &str)> = s
            .iter()
            .map(|c| (c.from, c.to, c.hardware.as_str()))
            .collect();
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!(
            (got[0].0, got[0].2, got[1].1, got[1].2),
            (10.0, "c", 50.0, "b")
        );
        assert!(close(got[0].1, 600.0 / 35.0), "{got:?}");
        assert_eq!(got[0].1, got[1].0);
    }

    /// A lead where one accelerator is alone does not make a tie beside it a lead: a alone on
    /// 0–10, then b within 0.5% of it on 10–20, so a is not named there.
    #[test]
    fn a_lead_alone_does_not_carry_into_a_tie() {
        let (catalog, _) = fixture();
        // Prices: a 2, b 1; a's throughput twice b's, less 0.5%: tokens per dollar 995 and 1000.
        let a = candidate(
            "a",
            "fp8",
            "vllm",
            &[(0.0, 1990.0, 8.0), (20.0, 1990.0 - 1e-6, 1.0)],
        );
        let b = candidate(
            "b",
            "fp8",
            "vllm",
            &[(10.0, 1000.0, 8.0), (20.0, 1000.0 - 1e-6, 1.0)],
        );
        assert_eq!(compared(&[a.clone(), b.clone()]), [(10.0, 20.0)]);
        assert_eq!(
            cheapest(&[a, b], &[], &catalog, CostProvider::Hyperscaler),
            []
        );
    }

    /// One accelerator has nothing to be compared with.
    #[test]
    fn one_accelerator_is_never_the_cheapest() {
        let (catalog, candidates) = fixture();
        let a: Vec<Candidate> = candidates
            .into_iter()
            .filter(|c| c.hardware.as_str() == "a")
            .collect();
        assert_eq!(cheapest(&a, &[], &catalog, CostProvider::Hyperscaler), []);
    }
}
