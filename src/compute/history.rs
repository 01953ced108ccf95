//! A page's history (SPEC §13): its rows recomputed on the snapshot of every run that measured
//! a configuration one of its sides selects, at the page's current targets.
//!
//! Snapshots are built incrementally: a side's configurations' measurements
//! ([`Dataset::measurements_of`], in SPEC §2's order of newness) are swept in run order, and
//! each run replaces a configuration's measurement when it is newer, so the snapshot
//! at run k holds each configuration's newest measurement among runs 1…k. Only a side a run
//! changed has its frontier recomputed. The last entry is the full snapshot, so its rows are
//! the page's rows.

use serde::Serialize;

use super::metrics::FrontierPoint;
use super::page::{Row, frontier_of, knot, row};
use crate::input::catalog::{Catalog, CostProvider};
use crate::input::dataset::{Dataset, Measurement};
use crate::input::runs::RunId;
use crate::plan::{PagePlan, SidePlan};
use crate::types::HardwareId;

/// The page's rows on one run's snapshot.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HistoryEntry {
    pub run: RunId,
    pub rows: Vec<Row>,
    /// Whether the snapshot holds a record of every side: from this run on, a comparison's
    /// page could have been built (a side without records has no page to be on).
    #[serde(skip)]
    pub every_side: bool,
}

/// The page's history at `targets`, oldest first: one entry per run that holds a measurement
/// of a configuration a side selects.
pub fn history(
    plan: &PagePlan,
    data: &Dataset,
    targets: &[f64],
    catalog: &Catalog,
    provider: CostProvider,
) -> Vec<HistoryEntry> {
    let mut sweeps: Vec<Sweep> = plan.sides.iter().map(|s| Sweep::new(s, data)).collect();
    let mut ranks: Vec<usize> = sweeps.iter().flat_map(Sweep::ranks).collect();
    ranks.sort_unstable();
    ranks.dedup();
    let mut entries = Vec::with_capacity(ranks.len());
    for &k in &ranks {
        for sweep in &mut sweeps {
            sweep.take_run(k);
        }
        let rows = targets
            .iter()
            .map(|&x| {
                let sides = sweeps.iter().map(|s| (&s.frontier[..], s.hardware));
                row(x, sides, catalog, provider)
            })
            .collect();
        entries.push(HistoryEntry {
            run: data.run_at(k),
            rows,
            every_side: sweeps.iter().all(|s| s.taken > 0),
        });
    }
    entries
}

/// One side's snapshots, swept in run order.
struct Sweep<'d> {
    data: &'d Dataset,
    /// The side's records (indices into [`Dataset::records`]).
    records: &'d [usize],
    hardware: &'d HardwareId,
    /// Every measurement the side selects, by run, then record, then newness.
    events: Vec<Event<'d>>,
    /// How many of `events` the snapshot has taken.
    taken: usize,
    /// Each record's newest measurement so far, with its newness.
    held: Vec<Option<(usize, &'d Measurement)>>,
    /// The snapshot's frontier.
    frontier: Vec<FrontierPoint>,
}

/// One measurement a side selects, with what it is swept by.
#[derive(Clone, Copy)]
struct Event<'d> {
    /// Its run's place in run order.
    rank: usize,
    /// Its configuration's slot in the side's records.
    slot: usize,
    /// Its newness among the configuration's measurements (higher is newer).
    newness: usize,
    measurement: &'d Measurement,
}

impl<'d> Sweep<'d> {
    fn new(side: &'d SidePlan, data: &'d Dataset) -> Sweep<'d> {
        let mut events: Vec<Event> = (side.records.iter().enumerate())
            .flat_map(|(slot, &i)| {
                (data.measurements_of(i).iter().enumerate()).map(move |(newness, m)| Event {
                    rank: data.rank_of(m.source.run()),
                    slot,
                    newness,
                    measurement: m,
                })
            })
            .collect();
        events.sort_by_key(|e| (e.rank, e.slot, e.newness));
        Sweep {
            data,
            records: &side.records,
            hardware: &data.records[side.records[0]].hardware,
            events,
            taken: 0,
            held: vec![None; side.records.len()],
            frontier: Vec::new(),
        }
    }

    /// The runs (places in run order) that measured something this side selects.
    fn ranks(&self) -> impl Iterator<Item = usize> + '_ {
        self.events.iter().map(|e| e.rank)
    }

    /// Takes run `k`'s measurements (runs are taken in order), recomputing the frontier only
    /// if the run measured something here.
    fn take_run(&mut self, k: usize) {
        let start = self.taken;
        while let Some(&e) = self.events.get(self.taken).filter(|e| e.rank == k) {
            let held = &mut self.held[e.slot];
            if held.is_none_or(|(h, _)| e.newness > h) {
                *held = Some((e.newness, e.measurement));
            }
            self.taken += 1;
        }
        if self.taken > start {
            let knots = self.held.iter().zip(self.records).filter_map(|(held, &i)| {
                let (_, m) = (*held)?;
                Some(knot(
                    m.interactivity,
                    m.throughput,
                    self.data.records[i].conc,
                ))
            });
            self.frontier = frontier_of(knots);
        }
    }
}

/// An entry of run `run` with, at each interactivity, the sides' throughputs (`None`: no
/// value; the other figures 1), for the tests of what is read off a history. A side with a
/// value somewhere counts as measured.
#[cfg(test)]
pub(crate) fn test_entry(run: usize, rows: &[(f64, &[Option<f64>])]) -> HistoryEntry {
    let value = |t: f64| super::page::Values {
        throughput: t,
        cost_per_mtok: 1.0,
        tok_s_mw: 1.0,
        concurrency: 1.0,
    };
    HistoryEntry {
        run: RunId(run),
        rows: (rows.iter())
            .map(|(x, ts)| Row {
                interactivity: *x,
                values: ts.iter().map(|t| t.map(value)).collect(),
            })
            .collect(),
        every_side: (0..rows.first().map_or(0, |r| r.1.len()))
            .all(|side| rows.iter().any(|r| r.1[side].is_some())),
    }
}
