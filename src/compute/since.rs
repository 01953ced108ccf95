//! What changed on a page since the previous run (SPEC §13 "Since the previous run"): each
//! side's throughput change at each target between the last two entries of the page's
//! history, the targets where the other side of a comparison is now ahead, the configurations
//! the last run re-measured with another engine image, and the trend of each side's
//! throughput at the middle target over the whole history.
//!
//! Everything here is read off the history already computed for `index.json`
//! ([`super::history`]): no snapshot is rebuilt. How a change is worded is the render stage's.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::history::HistoryEntry;
use super::metrics;
use super::page::Values;
use crate::input::dataset::Dataset;
use crate::input::runs::RunId;
use crate::plan::{PagePlan, SidePlan};
use crate::types::{Framework, Parallelism};

/// Below this relative change, in percent, a value counts as unchanged.
pub const UNCHANGED_BELOW: f64 = 0.5;

/// One side's throughput at one target, previous run against last run.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Change {
    /// Both runs have a value and it moved by at least [`UNCHANGED_BELOW`]:
    /// `percent` = (last ÷ previous − 1) × 100.
    Changed { percent: f64 },
    /// Both runs have a value, within [`UNCHANGED_BELOW`] percent of each other.
    Unchanged { percent: f64 },
    /// The previous run had no value here (the frontier did not reach this target).
    New,
    /// The last run has no value where the previous one had.
    Gone,
    /// Neither run has a value.
    Absent,
    /// The last run did not measure this side: both entries hold earlier runs' values, the
    /// same, which "unchanged" would present as a re-measurement that agreed.
    NotRerun,
}

impl Change {
    pub fn between(previous: Option<f64>, last: Option<f64>) -> Change {
        match (previous, last) {
            (Some(p), Some(l)) => {
                let percent = (l / p - 1.0) * 100.0;
                if percent.abs() < UNCHANGED_BELOW {
                    Change::Unchanged { percent }
                } else {
                    Change::Changed { percent }
                }
            }
            (None, Some(_)) => Change::New,
            (Some(_), None) => Change::Gone,
            (None, None) => Change::Absent,
        }
    }

    /// The relative change in percent, where both runs have a value.
    pub fn percent(&self) -> Option<f64> {
        match *self {
            Change::Changed { percent } | Change::Unchanged { percent } => Some(percent),
            _ => None,
        }
    }
}

/// Every side's change at one target.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TargetChange {
    pub interactivity: f64,
    /// In the order of the page's sides.
    pub sides: Vec<Change>,
}

/// Configurations of one side and series layout that the last run re-measured with another
/// image: `old` → `new`, at each of `concurrencies`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImageChange {
    pub side: usize,
    pub framework: Framework,
    pub parallelism: Parallelism,
    pub concurrencies: Vec<u32>,
    pub old: String,
    pub new: String,
}

/// Each side's throughput at the page's middle target on every entry of its history.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Trend {
    pub interactivity: f64,
    /// The run of each entry, oldest first.
    pub runs: Vec<RunId>,
    /// `[side][entry]`; `None` where that run's frontier did not reach the target.
    pub sides: Vec<Vec<Option<f64>>>,
    /// `[side][entry]`: whether that run measured the side. A value where it did not is
    /// carried from earlier runs (SPEC §13's snapshots), and the chart draws it hollow.
    pub measured: Vec<Vec<bool>>,
}

/// A target of a comparison where the side ahead in the previous run is behind in the last,
/// each time by [`TIE_RATIO`](metrics::TIE_RATIO) or more (a lead within 1% is a tie, SPEC §5, and a tie that
/// becomes a lead is not a change of hands).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Flip {
    pub interactivity: f64,
    /// The side ahead in the previous run, and in the last (0 for A).
    pub before: usize,
    pub now: usize,
    /// The sides' throughputs (A's, B's) in the previous run, and in the last.
    pub previous: [f64; 2],
    pub last: [f64; 2],
}

/// The "Since the previous run" box of a page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SincePrevious {
    pub previous: RunId,
    pub last: RunId,
    pub targets: Vec<TargetChange>,
    /// Where the lead changed hands (comparisons only).
    pub flips: Vec<Flip>,
    /// Whether run `last` measured each side: a side it did not measure keeps the values of
    /// earlier runs (the snapshot's), and its changes read [`Change::NotRerun`].
    pub measured: Vec<bool>,
    pub images: Vec<ImageChange>,
    /// `None` when the page has no targets (its sides do not overlap).
    pub trend: Option<Trend>,
}

/// The box for a page with `history`; `None` when the history has fewer than two entries.
pub fn since_previous(
    plan: &PagePlan,
    data: &Dataset,
    history: &[HistoryEntry],
) -> Option<SincePrevious> {
    let [.., previous, last] = history else {
        return None;
    };
    let measuring: Vec<BTreeSet<RunId>> = (plan.sides.iter())
        .map(|s| runs_measuring(s, data))
        .collect();
    let measured: Vec<bool> = measuring.iter().map(|r| r.contains(&last.run)).collect();
    let mut targets = changes(previous, last);
    for target in &mut targets {
        for (change, _) in target.sides.iter_mut().zip(&measured).filter(|(_, m)| !**m) {
            if let Change::Unchanged { .. } = change {
                *change = Change::NotRerun;
            }
        }
    }
    Some(SincePrevious {
        previous: previous.run,
        last: last.run,
        flips: match plan.compares() {
            true => flips(previous, last),
            false => Vec::new(),
        },
        targets,
        measured,
        images: image_changes(plan, data, last.run),
        trend: trend(history, &measuring),
    })
}

/// Each side's change at each target from `previous` to `last` (both at the same targets).
pub fn changes(previous: &HistoryEntry, last: &HistoryEntry) -> Vec<TargetChange> {
    previous
        .rows
        .iter()
        .zip(&last.rows)
        .map(|(p, l)| TargetChange {
            interactivity: l.interactivity,
            sides: p
                .values
                .iter()
                .zip(&l.values)
                .map(|(p, l)| Change::between(p.map(|v| v.throughput), l.map(|v| v.throughput)))
                .collect(),
        })
        .collect()
}

/// The targets where the side ahead changed from `previous` to `last`, on a page of two sides.
pub fn flips(previous: &HistoryEntry, last: &HistoryEntry) -> Vec<Flip> {
    (previous.rows.iter().zip(&last.rows))
        .filter_map(|(p, l)| {
            let (previous, last) = (both(&p.values)?, both(&l.values)?);
            let (before, now) = (ahead(previous)?, ahead(last)?);
            (before != now).then_some(Flip {
                interactivity: l.interactivity,
                before,
                now,
                previous,
                last,
            })
        })
        .collect()
}

/// The throughputs of exactly two sides, where both have one.
fn both(values: &[Option<Values>]) -> Option<[f64; 2]> {
    match values {
        [Some(a), Some(b)] => Some([a.throughput, b.throughput]),
        _ => None,
    }
}

/// The side ahead of the other by [`TIE_RATIO`](metrics::TIE_RATIO) or more.
fn ahead([a, b]: [f64; 2]) -> Option<usize> {
    (!metrics::tied(a, b)).then_some(usize::from(b > a))
}

/// The runs that measured any configuration of `side`.
fn runs_measuring(side: &SidePlan, data: &Dataset) -> BTreeSet<RunId> {
    (side.records.iter())
        .flat_map(|&i| data.measurements_of(i).iter().map(|m| m.source.run()))
        .collect()
}

/// The configurations run `last` measured whose measurement before it, in another run, was
/// made with a different image. Grouped by side, framework, parallelism and image pair.
fn image_changes(plan: &PagePlan, data: &Dataset, last: RunId) -> Vec<ImageChange> {
    type Key = (usize, Framework, Parallelism, String, String);
    let mut groups: BTreeMap<Key, Vec<u32>> = BTreeMap::new();
    for (side, s) in plan.sides.iter().enumerate() {
        for &i in &s.records {
            // The configuration's measurements, oldest first; the last run's, and the one
            // before it from another run.
            let all = data.measurements_of(i);
            let Some(at) = all.iter().rposition(|m| m.source.run() == last) else {
                continue;
            };
            let before = all[..at].iter().rev().find(|m| m.source.run() != last);
            let old = before.and_then(|m| data.image(m));
            let (Some(old), Some(new)) = (old, data.image(&all[at])) else {
                continue;
            };
            if old != new {
                let r = &data.records[i];
                let key = (
                    side,
                    r.framework.clone(),
                    r.parallelism,
                    old.to_string(),
                    new.to_string(),
                );
                groups.entry(key).or_default().push(r.conc);
            }
        }
    }
    groups
        .into_iter()
        .map(
            |((side, framework, parallelism, old, new), mut concurrencies)| {
                concurrencies.sort_unstable();
                ImageChange {
                    side,
                    framework,
                    parallelism,
                    concurrencies,
                    old,
                    new,
                }
            },
        )
        .collect()
}

/// Each side's throughput at the middle target (the second of three) across `history`, and
/// whether each entry's run measured the side (`measuring`: each side's runs).
pub fn trend(history: &[HistoryEntry], measuring: &[BTreeSet<RunId>]) -> Option<Trend> {
    let last = history.last()?;
    let middle = (last.rows.len().checked_sub(1)?) / 2;
    let sides = last.rows[middle].values.len();
    Some(Trend {
        interactivity: last.rows[middle].interactivity,
        runs: history.iter().map(|e| e.run).collect(),
        measured: (0..sides)
            .map(|side| {
                let runs = measuring.get(side);
                (history.iter())
                    .map(|e| runs.is_none_or(|r| r.contains(&e.run)))
                    .collect()
            })
            .collect(),
        sides: (0..sides)
            .map(|side| {
                history
                    .iter()
                    .map(|e| {
                        let value = e.rows.get(middle)?.values.get(side)?.as_ref()?;
                        Some(value.throughput)
                    })
                    .collect()
            })
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_is_relative_to_the_previous_run() {
        assert_eq!(
            Change::between(Some(100.0), Some(112.0))
                .percent()
                .map(f64::round),
            Some(12.0)
        );
        assert!(
            matches!(Change::between(Some(200.0), Some(194.0)), Change::Changed { percent } if (percent + 3.0).abs() < 1e-9)
        );
        assert!(matches!(
            Change::between(Some(1000.0), Some(1004.9)),
            Change::Unchanged { .. }
        ));
        assert!(matches!(
            Change::between(Some(1000.0), Some(995.0)),
            Change::Changed { .. }
        ));
        assert_eq!(Change::between(None, Some(1.0)), Change::New);
        assert_eq!(Change::between(Some(1.0), None), Change::Gone);
        assert_eq!(Change::between(None, None), Change::Absent);
    }

    /// An entry of run `run` with, at each target, the two sides' throughputs.
    fn entry(run: usize, rows: &[(f64, [Option<f64>; 2])]) -> HistoryEntry {
        let rows: Vec<(f64, &[Option<f64>])> = rows.iter().map(|(x, ts)| (*x, &ts[..])).collect();
        super::super::history::test_entry(run, &rows)
    }

    #[test]
    fn the_lead_changes_hands_where_the_side_ahead_by_one_percent_is_the_other() {
        let previous = entry(
            0,
            &[
                (30.0, [Some(800.0), Some(700.0)]), // A ahead by 14%
                (40.0, [Some(600.0), Some(600.0)]), // tied
                (50.0, [Some(400.0), Some(500.0)]), // B ahead
                (60.0, [Some(101.0), Some(100.0)]), // A ahead by exactly 1%
                (70.0, [Some(100.0), None]),        // B not there
            ],
        );
        let last = entry(
            1,
            &[
                (30.0, [Some(875.0), Some(700.0)]), // A still ahead
                (40.0, [Some(750.0), Some(600.0)]), // A ahead of a tie: not a change of hands
                (50.0, [Some(625.0), Some(500.0)]), // A ahead of B's lead: a change
                (60.0, [Some(100.0), Some(100.9)]), // B ahead by 0.9%: a tie, no change
                (70.0, [Some(100.0), Some(200.0)]), // B arrives: no change of hands
            ],
        );
        let flip = Flip {
            interactivity: 50.0,
            before: 1,
            now: 0,
            previous: [400.0, 500.0],
            last: [625.0, 500.0],
        };
        assert_eq!(flips(&previous, &last), vec![flip]);
        // At 60, B 1.01 times A is a lead: A's 1% lead became B's, a change.
        let last = entry(1, &[(60.0, [Some(100.0), Some(101.0)])]);
        let previous = entry(0, &[(60.0, [Some(101.0), Some(100.0)])]);
        let flip = Flip {
            interactivity: 60.0,
            before: 0,
            now: 1,
            previous: [101.0, 100.0],
            last: [100.0, 101.0],
        };
        assert_eq!(flips(&previous, &last), vec![flip]);
        // Three sides (a hub's series): not a comparison.
        // (Of the first two alone, A behind at 0.5 and ahead at 2 would be a change.)
        let three = |t: f64| {
            let mut e = entry(0, &[(40.0, [Some(t), Some(1.0)])]);
            let third = e.rows[0].values[1];
            e.rows[0].values.push(third);
            e
        };
        assert_eq!(flips(&three(0.5), &three(2.0)), vec![]);
    }
}
