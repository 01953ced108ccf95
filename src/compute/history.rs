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
use crate::plan::PagePlan;
use crate::types::HardwareId;

/// The page's rows on one run's snapshot.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HistoryEntry {
    /// Index into [`Dataset::runs`].
    pub run: usize,
    pub rows: Vec<Row>,
}

/// One measurement a side selects: its run's place in run order, its configuration's slot in
/// the side's records, its newness among the configuration's measurements, and the
/// measurement.
type Event<'d> = (usize, usize, usize, &'d Measurement);

/// The page's history at `targets`, oldest first: one entry per run that holds a measurement
/// of a configuration a side selects.
pub fn history(
    plan: &PagePlan,
    data: &Dataset,
    targets: &[f64],
    catalog: &Catalog,
    provider: CostProvider,
) -> Vec<HistoryEntry> {
    let events: Vec<Vec<Event>> = plan
        .sides
        .iter()
        .map(|side| {
            let mut events: Vec<Event> = side
                .records
                .iter()
                .enumerate()
                .flat_map(|(slot, &i)| {
                    data.measurements_of(i)
                        .iter()
                        .enumerate()
                        .map(move |(newness, m)| (data.rank_of(m.source.file), slot, newness, m))
                })
                .collect();
            events.sort_by_key(|&(rank, slot, newness, _)| (rank, slot, newness));
            events
        })
        .collect();
    let mut ranks: Vec<usize> = events.iter().flatten().map(|&(rank, ..)| rank).collect();
    ranks.sort_unstable();
    ranks.dedup();

    let hardware: Vec<&HardwareId> = plan
        .sides
        .iter()
        .map(|s| &data.records[s.records[0]].hardware)
        .collect();
    let mut current: Vec<Vec<Option<(usize, &Measurement)>>> = plan
        .sides
        .iter()
        .map(|s| vec![None; s.records.len()])
        .collect();
    let mut frontiers: Vec<Vec<FrontierPoint>> = vec![Vec::new(); plan.sides.len()];
    let mut cursor = vec![0; plan.sides.len()];
    let mut entries = Vec::with_capacity(ranks.len());
    for &k in &ranks {
        for (side, events) in events.iter().enumerate() {
            let start = cursor[side];
            while let Some(&(_, slot, newness, m)) = events.get(cursor[side]).filter(|e| e.0 == k) {
                let held = &mut current[side][slot];
                if held.is_none_or(|(h, _)| newness > h) {
                    *held = Some((newness, m));
                }
                cursor[side] += 1;
            }
            if cursor[side] > start {
                let records = &plan.sides[side].records;
                let knots = current[side].iter().zip(records).filter_map(|(held, &i)| {
                    let (_, m) = (*held)?;
                    Some(knot(m.interactivity, m.throughput, data.records[i].conc))
                });
                frontiers[side] = frontier_of(knots);
            }
        }
        let rows = targets
            .iter()
            .map(|&x| {
                let sides = frontiers.iter().zip(&hardware).map(|(f, h)| (&f[..], *h));
                row(x, sides, catalog, provider)
            })
            .collect();
        entries.push(HistoryEntry {
            run: data.order.get(k).copied().unwrap_or(k),
            rows,
        });
    }
    entries
}
