//! A data page's numbers, derived from its plan by the rules of SPEC §3: each side's points
//! and frontier, the overlap, the targets and the values read off the splines there. The
//! render stage writes them as the page's `index.json` (unrounded), tables and prose.

use serde::Serialize;

use super::figures::Figures;
use super::history::{HistoryEntry, history};
use super::metrics::{self, FrontierPoint, Overlap, Stretch};
use super::since::{SincePrevious, since_previous};
use super::spread::{Spread, Spreads};
use crate::input::catalog::{Catalog, CostProvider, Hardware};
use crate::input::dataset::Dataset;
use crate::input::record::Record;
use crate::plan::{Family, Filter, PagePlan, Subject, precision_rank};
use crate::types::{
    Framework, HardwareId, ModelId, Parallelism, Precision, Sequence, SpecDecoding,
};

/// A data page's numbers: exactly the `index.json` schema of SPEC §4.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PageData {
    pub path: String,
    pub family: Family,
    pub model: ModelId,
    pub hardware: Vec<HardwareId>,
    pub precision: Vec<Precision>,
    /// Written as `"isl": …, "osl": …`.
    #[serde(flatten)]
    pub sequence: Sequence,
    pub cost_provider: CostProvider,
    pub sides: Vec<SideData>,
    /// The interactivity range the table reads at; `None` when the sides do not overlap.
    pub overlap: Option<Range>,
    pub rows: Vec<Row>,
    /// Which side serves more tok/s/GPU where, across the overlap of a comparison's two sides
    /// ([`metrics::stretches`]): one stretch when one side leads throughout, two or more where
    /// the lead changes hands; empty on hubs, where the sides do not overlap and where they
    /// are tied throughout. An addition to SPEC §4's schema.
    pub leader: Vec<Stretch>,
    /// Which side is the cheaper per million tokens where, at the page's cost provider's
    /// prices, as [`PageData::leader`] has it for tok/s/GPU: the same stretches where both
    /// sides run on one accelerator, and where their prices differ, perhaps others.
    pub cheaper: Vec<Stretch>,
    /// The page's rows on each run's snapshot, oldest first (SPEC §13 "History of a page").
    pub history: Vec<HistoryEntry>,
    /// What changed since the previous run, where the history has two entries or more (on
    /// the page, not in `index.json`).
    #[serde(skip)]
    pub since: Option<SincePrevious>,
}

/// One side's points and frontier. Its name is the render stage's ([`crate::render::labels`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SideData {
    pub filter: Filter,
    pub frontier: Vec<FrontierPoint>,
    pub points: Vec<PointData>,
    /// The side's accelerator (one per side in every family); prices its cost.
    #[serde(skip)]
    pub hardware: HardwareId,
}

impl SideData {
    /// Whether measured point `p` of this side is one of its frontier's points: a point the
    /// tables read (the frontier keeps its points' coordinates exactly).
    pub fn on_frontier(&self, p: &PointData) -> bool {
        self.frontier
            .iter()
            .any(|f| f.interactivity == p.interactivity && f.throughput == p.throughput)
    }

    /// The measured point frontier point `f` is (the frontier keeps its points' coordinates
    /// and concurrency exactly).
    pub fn point_at(&self, f: &FrontierPoint) -> Option<&PointData> {
        self.points.iter().find(|p| {
            (f.interactivity, f.throughput, f.concurrency)
                == (p.interactivity, p.throughput, p.concurrency)
        })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PointData {
    pub interactivity: f64,
    pub throughput: f64,
    pub concurrency: f64,
    pub framework: Framework,
    pub hardware: HardwareId,
    pub precision: Precision,
    pub spec_decoding: SpecDecoding,
    pub disagg: bool,
    /// Its parallelism and GPUs: with the fields above, one deployment. (`index.json` prints
    /// it as its label, beside the record's other details.)
    #[serde(skip)]
    pub parallelism: Parallelism,
    /// The configuration's runs and its range over them (`runs`, `throughput_min`, …).
    #[serde(flatten)]
    pub spread: Spread,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Range {
    pub lo: f64,
    pub hi: f64,
}

/// One column of the matched table: every side's values at one interactivity.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    pub interactivity: f64,
    /// In the order of `sides`; `None` where a side's frontier does not reach (hub pages only).
    pub values: Vec<Option<Values>>,
}

/// A side's figures at one interactivity.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Values {
    pub throughput: f64,
    pub cost_per_mtok: f64,
    pub tok_s_mw: f64,
    pub concurrency: f64,
}

impl Values {
    /// Cost and tok/s/MW follow from throughput, so cost × throughput stays constant.
    pub fn at(throughput: f64, concurrency: f64, hw: &Hardware, provider: CostProvider) -> Values {
        let figures = Figures::of(throughput, hw);
        Values {
            throughput,
            cost_per_mtok: figures.cost_per_mtok(provider),
            tok_s_mw: figures.tok_s_mw,
            concurrency,
        }
    }
}

/// Computes one planned page. `catalog` must hold every hardware the dataset names (validation
/// guarantees it); `spreads` is every record's ([`Spreads::new`]).
pub fn compute(
    plan: &PagePlan,
    data: &Dataset,
    catalog: &Catalog,
    provider: CostProvider,
    spreads: &Spreads,
) -> PageData {
    let sides: Vec<SideData> = plan
        .sides
        .iter()
        .map(|s| {
            let records: Vec<(&Record, Spread)> = s
                .records
                .iter()
                .map(|&i| {
                    let r = &data.records[i];
                    let spread = spreads.get(i).copied();
                    (
                        r,
                        spread.unwrap_or_else(|| Spread::of(data.measurements_of(i))),
                    )
                })
                .collect();
            side(s.filter.clone(), &records)
        })
        .collect();
    let ranges: Vec<(f64, f64)> = sides
        .iter()
        .filter_map(|s| metrics::range(&s.frontier))
        .collect();
    let overlap = match plan.subject.family() {
        // A hub reads every series over the union of their ranges, with gaps where one stops.
        Family::Hub => union(&ranges).map(|(lo, hi)| (lo, hi, metrics::targets_in((lo, hi)))),
        // A comparison has two sides, each with a frontier (the plan drops empty sides).
        _ => match ranges[..] {
            [a, b] => match metrics::matched_targets(a, b) {
                Overlap::Targets { lo, hi, targets } => Some((lo, hi, targets)),
                Overlap::Disjoint { .. } => None,
            },
            _ => None,
        },
    };
    let rows = overlap.as_ref().map_or_else(Vec::new, |(_, _, targets)| {
        targets
            .iter()
            .map(|&x| {
                let frontiers = sides.iter().map(|s| (&s.frontier[..], &s.hardware));
                row(x, frontiers, catalog, provider)
            })
            .collect()
    });
    // Where each side leads a comparison: in tok/s/GPU, and in tokens per dollar (one over
    // its price per GPU-hour times its throughput, so the side ahead is the cheaper per token).
    let race = |weights: &dyn Fn(&SideData) -> Option<f64>| match (&sides[..], &overlap) {
        ([a, b], Some((lo, hi, targets))) if plan.compares() => {
            let Some(weights) = weights(a).zip(weights(b)) else {
                return Vec::new();
            };
            metrics::stretches(
                &a.frontier,
                &b.frontier,
                weights.into(),
                (*lo, *hi),
                targets,
            )
        }
        _ => Vec::new(),
    };
    let leader = race(&|_| Some(1.0));
    let one_accelerator = sides.windows(2).all(|w| w[0].hardware == w[1].hardware);
    let cheaper = match one_accelerator {
        true => leader.clone(), // one price: more tok/s/GPU is a lower cost
        false => race(&|side| {
            let price = catalog
                .hardware(&side.hardware)?
                .cost_per_gpu_hour
                .get(provider);
            Some(1.0 / price).filter(|w| w.is_finite() && *w > 0.0)
        }),
    };
    let targets: Vec<f64> = rows.iter().map(|r| r.interactivity).collect();
    let history = history(plan, data, &targets, catalog, provider);
    PageData {
        since: since_previous(plan, data, &history),
        history,
        path: plan.path(),
        family: plan.subject.family(),
        model: plan.subject.model().clone(),
        hardware: plan.subject.hardware().into_iter().cloned().collect(),
        precision: page_precisions(&plan.subject, &sides),
        sequence: plan.sequence,
        cost_provider: provider,
        overlap: overlap.map(|(lo, hi, _)| Range { lo, hi }),
        rows,
        leader,
        cheaper,
        sides,
    }
}

impl PageData {
    /// Where the lead changes hands: the start of every [`PageData::leader`] stretch but the
    /// first, as `[interactivity, throughput]`, the throughput both sides' splines have there.
    pub fn lead_changes(&self) -> Vec<[f64; 2]> {
        let Some(side) = self.sides.first() else {
            return Vec::new();
        };
        (self.leader.iter().skip(1))
            .filter_map(|s| {
                Some([
                    s.from,
                    metrics::value_at(&side.frontier, s.from)?.throughput,
                ])
            })
            .collect()
    }
}

fn side(filter: Filter, records: &[(&Record, Spread)]) -> SideData {
    let points: Vec<PointData> = records.iter().map(|&(r, s)| point(r, s)).collect();
    SideData {
        filter,
        frontier: frontier_of(
            records
                .iter()
                .map(|&(r, _)| knot(r.interactivity.0, r.throughput, r.conc)),
        ),
        hardware: records[0].0.hardware.clone(),
        points,
    }
}

/// The frontier of measured points `knots`, in the order given.
pub(super) fn frontier_of(knots: impl Iterator<Item = FrontierPoint>) -> Vec<FrontierPoint> {
    metrics::frontier(&knots.collect::<Vec<_>>())
}

/// A measured point as the frontier takes it.
pub(super) fn knot(interactivity: f64, throughput: f64, conc: u32) -> FrontierPoint {
    FrontierPoint {
        interactivity,
        throughput,
        concurrency: f64::from(conc),
    }
}

fn point(r: &Record, spread: Spread) -> PointData {
    PointData {
        interactivity: r.interactivity.0,
        throughput: r.throughput,
        concurrency: f64::from(r.conc),
        framework: r.framework.clone(),
        hardware: r.hardware.clone(),
        precision: r.precision.clone(),
        spec_decoding: r.spec_decoding.clone(),
        disagg: r.disagg,
        parallelism: r.parallelism,
        spread,
    }
}

/// The values of every side (its frontier and accelerator) at interactivity `x`.
pub(super) fn row<'s>(
    x: f64,
    sides: impl IntoIterator<Item = (&'s [FrontierPoint], &'s HardwareId)>,
    catalog: &Catalog,
    provider: CostProvider,
) -> Row {
    let values = sides
        .into_iter()
        .map(|(frontier, hardware)| {
            let hw = catalog.hardware(hardware)?;
            let at = metrics::value_at(frontier, x)?;
            Some(Values::at(at.throughput, at.concurrency, hw, provider))
        })
        .collect();
    Row {
        interactivity: x,
        values,
    }
}

fn union(ranges: &[(f64, f64)]) -> Option<(f64, f64)> {
    let lo = ranges.iter().map(|r| r.0).min_by(f64::total_cmp)?;
    let hi = ranges.iter().map(|r| r.1).max_by(f64::total_cmp)?;
    Some((lo, hi))
}

/// The subject's precisions, or for chip vs chip every precision its points use.
fn page_precisions(subject: &Subject, sides: &[SideData]) -> Vec<Precision> {
    let own = subject.precisions();
    if !own.is_empty() {
        return own.into_iter().cloned().collect();
    }
    let mut all: Vec<Precision> = sides
        .iter()
        .flat_map(|s| s.points.iter().map(|p| p.precision.clone()))
        .collect();
    all.sort_by_key(precision_rank);
    all.dedup();
    all
}
