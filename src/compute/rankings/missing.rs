//! Why a ranking has no row: where a tier no candidate reaches lies against their ranges,
//! and which accelerators a tier leaves out because they were measured only at other speeds.
//! The ranking's own sentences and notes say it, so that an absence never reads as a verdict.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Candidate, Tier};
use crate::compute::metrics;
use crate::types::HardwareId;

/// Where a tier no candidate reaches lies against their measurements.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Unreached {
    /// Slower than every candidate's frontier: each serves its users faster than that.
    Below,
    /// Faster than every candidate's frontier.
    Above,
    /// Inside the candidates' span, in a gap between their frontiers' ranges.
    Between,
}

/// Where tier `x`, which no candidate reaches, lies against the candidates' ranges.
pub fn unreached(x: f64, candidates: &[Candidate]) -> Unreached {
    against(x, candidates.iter())
}

/// Where tier `x`, which only `leader`'s accelerator reaches, lies against the other
/// accelerators' frontiers; `None` when no other accelerator has a measured frontier.
pub fn others(x: f64, candidates: &[Candidate], leader: &HardwareId) -> Option<Unreached> {
    let rest = (candidates.iter())
        .filter(|c| &c.hardware != leader && metrics::range(&c.frontier).is_some());
    let anyone = rest.clone().next().is_some();
    anyone.then(|| against(x, rest))
}

/// Where `x`, outside every one of `candidates`' frontier ranges, lies against them.
fn against<'a>(x: f64, candidates: impl Iterator<Item = &'a Candidate> + Clone) -> Unreached {
    let ranges = || (candidates.clone()).filter_map(|c| metrics::range(&c.frontier));
    if ranges().all(|(lo, _)| x < lo) {
        Unreached::Below
    } else if ranges().all(|(_, hi)| x > hi) {
        Unreached::Above
    } else {
        Unreached::Between
    }
}

/// An accelerator of a ranking with no row at a tier: it was measured only at other speeds.
/// A reader would otherwise take its absence for being too slow or too dear.
#[derive(Debug, Clone, PartialEq)]
pub struct Elsewhere {
    pub hardware: HardwareId,
    /// Its candidates' frontier ranges (tok/s/user), merged where they overlap, slowest first.
    pub ranges: Vec<(f64, f64)>,
}

/// The accelerators among `candidates` that have no row in `tier`, by id, each with the
/// ranges it was measured over.
pub fn measured_elsewhere(tier: &Tier, candidates: &[Candidate]) -> Vec<Elsewhere> {
    let ranked = |hw: &HardwareId| tier.rows.iter().any(|r| &r.hardware == hw);
    let mut all = measured_ranges(candidates);
    all.retain(|e| !ranked(&e.hardware));
    all
}

/// Every accelerator among `candidates`, by id, with the ranges it was measured over: what
/// [`measured_elsewhere`] picks from, and what "Your speed" on a ranking picks from at the
/// reader's speed.
pub fn measured_ranges(candidates: &[Candidate]) -> Vec<Elsewhere> {
    let mut ranges: BTreeMap<&HardwareId, Vec<(f64, f64)>> = BTreeMap::new();
    for c in candidates {
        if let Some(range) = metrics::range(&c.frontier) {
            ranges.entry(&c.hardware).or_default().push(range);
        }
    }
    ranges
        .into_iter()
        .map(|(hw, ranges)| Elsewhere {
            hardware: hw.clone(),
            ranges: merged(ranges),
        })
        .collect()
}

/// `ranges` sorted and with overlapping ones joined.
fn merged(mut ranges: Vec<(f64, f64)>) -> Vec<(f64, f64)> {
    ranges.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut out: Vec<(f64, f64)> = Vec::with_capacity(ranges.len());
    for (lo, hi) in ranges {
        match out.last_mut() {
            Some(last) if lo <= last.1 => last.1 = last.1.max(hi),
            _ => out.push((lo, hi)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::tests::candidate;
    use super::*;
    use crate::compute::rankings::RankingRow;

    #[test]
    fn an_unreached_tier_lies_below_above_or_between_the_candidates() {
        let c = |lo: f64, hi: f64| candidate("a", "fp8", "vllm", &[(lo, 2.0, 8.0), (hi, 1.0, 1.0)]);
        let candidates = [c(30.0, 50.0), c(70.0, 90.0)];
        assert_eq!(unreached(20.0, &candidates), Unreached::Below);
        assert_eq!(unreached(100.0, &candidates), Unreached::Above);
        assert_eq!(unreached(60.0, &candidates), Unreached::Between);
        // A tier below one candidate and above the other is between them too.
        let apart = [c(30.0, 40.0), c(60.0, 90.0)];
        assert_eq!(unreached(50.0, &apart), Unreached::Between);
    }

    /// At 55 tok/s/user only c is ranked; a (10–50) and b (60–70 at fp8 and 65–90 at fp4,
    /// one range, and 95–99) were measured elsewhere.
    #[test]
    fn accelerators_without_a_row_are_listed_with_their_ranges() {
        let c = |hw: &str, precision: &str, lo: f64, hi: f64| {
            candidate(hw, precision, "vllm", &[(lo, 2.0, 8.0), (hi, 1.0, 1.0)])
        };
        let candidates = [
            c("c", "fp8", 20.0, 60.0),
            c("b", "fp4", 65.0, 90.0),
            c("a", "fp8", 10.0, 50.0),
            c("b", "fp8", 60.0, 70.0),
            c("b", "fp8", 95.0, 99.0),
        ];
        let only = &candidates[0];
        let tier = Tier {
            interactivity: 55.0,
            rows: vec![RankingRow {
                rank: 1,
                hardware: only.hardware.clone(),
                precision: only.precision.clone(),
                serving: only.serving.clone(),
                throughput: 1.5,
                cost_per_mtok: 1.0,
                tok_s_mw: 1.0,
                concurrency: 4.0,
                href: only.href.clone(),
                swing: crate::compute::spread::Swing::default(),
            }],
        };
        let hw = |id: &str| HardwareId::new(id).unwrap();
        assert_eq!(
            measured_elsewhere(&tier, &candidates),
            [
                Elsewhere {
                    hardware: hw("a"),
                    ranges: vec![(10.0, 50.0)],
                },
                Elsewhere {
                    hardware: hw("b"),
                    ranges: vec![(60.0, 90.0), (95.0, 99.0)],
                },
            ]
        );
        // Ranges that only touch are one.
        assert_eq!(merged(vec![(3.0, 4.0), (1.0, 3.0)]), [(1.0, 4.0)]);
    }

    #[test]
    fn a_lone_leaders_tier_is_placed_against_the_other_accelerators_only() {
        let c = |hw: &str, lo: f64, hi: f64| {
            candidate(hw, "fp8", "vllm", &[(lo, 2.0, 8.0), (hi, 1.0, 1.0)])
        };
        let leader = HardwareId::new("a").unwrap();
        // The leader's own other candidates (here one starting at 10) do not count.
        let candidates = [c("a", 10.0, 50.0), c("a", 5.0, 45.0), c("b", 60.0, 90.0)];
        assert_eq!(others(40.0, &candidates, &leader), Some(Unreached::Below));
        let candidates = [c("a", 10.0, 50.0), c("b", 5.0, 20.0), c("c", 60.0, 90.0)];
        assert_eq!(others(40.0, &candidates, &leader), Some(Unreached::Between));
        let candidates = [c("a", 10.0, 50.0), c("b", 5.0, 20.0)];
        assert_eq!(others(40.0, &candidates, &leader), Some(Unreached::Above));
        // Nobody else, or nobody else with a frontier: no comparison to state.
        assert_eq!(others(40.0, &candidates[..1], &leader), None);
        let empty = candidate("b", "fp8", "vllm", &[]);
        assert_eq!(others(40.0, &[c("a", 10.0, 50.0), empty], &leader), None);
    }
}
