//! Rankings (SPEC §12): which accelerator gives a model the most for its money at a given
//! interactivity. Every hub series of a (model, sequence) is a candidate; at each tier each
//! accelerator is represented by its best candidate there, and the rows are ordered by cost.

use std::cmp::Ordering;

use rayon::prelude::*;
use serde::Serialize;

mod cheapest;
mod missing;
mod swing;

pub use cheapest::{Cheapest, cheapest, compared};
pub use missing::{Elsewhere, Unreached, measured_elsewhere, measured_ranges, others, unreached};
pub use swing::Reversal;

use super::metrics::{self, FrontierPoint, MonotoneSpline};
use super::page::{PageData, Values};
use super::spread::Swing;
use crate::input::catalog::{Catalog, CostProvider};
use crate::plan::{Family, RankingPlan, SitePlan, precision_rank};
use crate::types::{HardwareId, ModelId, Precision, Sequence, Serving};

/// A ranking page's numbers: exactly its `index.json` (SPEC §12), unrounded.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ranking {
    pub path: String,
    pub family: &'static str,
    pub model: ModelId,
    /// Written as `"isl": …, "osl": …`.
    #[serde(flatten)]
    pub sequence: Sequence,
    pub cost_provider: CostProvider,
    pub tiers: Vec<Tier>,
    /// Which accelerator is the cheapest over each stretch of the speeds measured, in order
    /// (an addition to SPEC §12's schema).
    pub cheapest: Vec<Cheapest>,
    pub candidates: Vec<Candidate>,
    /// Each accelerator's lowest cost per million tokens against interactivity, for the chart.
    #[serde(skip)]
    pub curves: Vec<CostCurve>,
}

impl Ranking {
    /// The tiers some candidate reaches, in tier order: the ones with a table and a sentence.
    pub fn reached(&self) -> impl Iterator<Item = &Tier> {
        self.tiers.iter().filter(|t| !t.rows.is_empty())
    }
}

/// One hub series: what competes in a ranking.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Candidate {
    pub hardware: HardwareId,
    pub precision: Precision,
    #[serde(flatten)]
    pub serving: Serving,
    pub frontier: Vec<FrontierPoint>,
    /// How far each frontier point's other runs measured from it, in the frontier's order.
    #[serde(skip)]
    pub swings: Vec<Swing>,
    /// The hub page the series is on.
    #[serde(skip)]
    pub href: String,
}

/// The rows at one interactivity; empty when no candidate reaches it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tier {
    pub interactivity: f64,
    pub rows: Vec<RankingRow>,
}

/// One accelerator at a tier: its best candidate's figures there.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RankingRow {
    pub rank: usize,
    pub hardware: HardwareId,
    pub precision: Precision,
    #[serde(flatten)]
    pub serving: Serving,
    pub throughput: f64,
    pub cost_per_mtok: f64,
    pub tok_s_mw: f64,
    pub concurrency: f64,
    pub href: String,
    /// How far the runs of the measurements the row is read from measured from them
    /// ([`Candidate::swing_at`]).
    #[serde(skip)]
    pub swing: Swing,
}

/// An accelerator's line on the ranking chart: `(interactivity, cost)`, the lowest cost over
/// its candidates (their splines, sampled), `None` where none reaches.
#[derive(Debug, Clone, PartialEq)]
pub struct CostCurve {
    pub hardware: HardwareId,
    pub points: Vec<(f64, Option<f64>)>,
}

/// Every ranking of the site. `hubs` are the hub pages' numbers, in the order of
/// [`SitePlan::hubs`]: their series' frontiers are the candidates', computed once. Several at
/// a time. `known(i)` is ranking `i`'s cheapest-by-speed race as an earlier build ran it on
/// the same inputs, if there was one (see [`crate::incremental::Fingerprints::rankings`]): it
/// is not run again, since the races were most of what a rebuild that renders a few data
/// pages had left to do.
pub fn rankings(
    plan: &SitePlan,
    hubs: &[PageData],
    tiers: &[f64],
    catalog: &Catalog,
    provider: CostProvider,
    known: &(dyn Fn(usize) -> Option<Vec<Cheapest>> + Sync),
) -> Vec<Ranking> {
    plan.rankings
        .par_iter()
        .enumerate()
        .map(|(i, r)| ranking(r, plan, hubs, tiers, catalog, provider, known(i)))
        .collect()
}

fn ranking(
    r: &RankingPlan,
    plan: &SitePlan,
    hubs: &[PageData],
    tiers: &[f64],
    catalog: &Catalog,
    provider: CostProvider,
    known: Option<Vec<Cheapest>>,
) -> Ranking {
    let candidates: Vec<Candidate> = r
        .hubs
        .iter()
        .flat_map(|&i| candidates_of(&plan.pages[i].path(), &hubs[i]))
        .collect();
    Ranking {
        path: r.path(),
        family: "rankings",
        model: r.model.clone(),
        sequence: r.sequence,
        cost_provider: provider,
        tiers: tiers
            .iter()
            .map(|&x| tier(x, &candidates, catalog, provider))
            .collect(),
        curves: curves(&candidates, tiers, catalog, provider),
        cheapest: known.unwrap_or_else(|| cheapest(&candidates, tiers, catalog, provider)),
        candidates,
    }
}

/// A hub's series as candidates.
fn candidates_of(href: &str, hub: &PageData) -> Vec<Candidate> {
    debug_assert_eq!(hub.family, Family::Hub);
    hub.sides
        .iter()
        .filter_map(|side| {
            let f = &side.filter;
            Some(Candidate {
                hardware: f.hardware.clone()?,
                precision: f.precision.clone()?,
                serving: f.serving()?,
                frontier: side.frontier.clone(),
                swings: swing::of_frontier(side),
                href: href.to_string(),
            })
        })
        .collect()
}

/// The rows at tier `x`: each accelerator's best candidate there, cheapest first.
pub fn tier(x: f64, candidates: &[Candidate], catalog: &Catalog, provider: CostProvider) -> Tier {
    let mut best: Vec<(&Candidate, metrics::Interpolated)> = Vec::new();
    for c in candidates {
        let Some(v) = metrics::value_at(&c.frontier, x) else {
            continue;
        };
        match best.iter_mut().find(|(b, _)| b.hardware == c.hardware) {
            Some(slot) if beats((c, v.throughput), (slot.0, slot.1.throughput)) => *slot = (c, v),
            Some(_) => {}
            None => best.push((c, v)),
        }
    }
    let mut rows: Vec<RankingRow> = best
        .into_iter()
        .filter_map(|(c, v)| {
            let hw = catalog.hardware(&c.hardware)?;
            let values = Values::at(v.throughput, v.concurrency, hw, provider);
            Some(RankingRow {
                rank: 0,
                hardware: c.hardware.clone(),
                precision: c.precision.clone(),
                serving: c.serving.clone(),
                throughput: values.throughput,
                cost_per_mtok: values.cost_per_mtok,
                tok_s_mw: values.tok_s_mw,
                concurrency: values.concurrency,
                href: c.href.clone(),
                swing: c.swing_at(x),
            })
        })
        .collect();
    rows.sort_by(|a, b| {
        a.cost_per_mtok
            .total_cmp(&b.cost_per_mtok)
            .then_with(|| a.hardware.cmp(&b.hardware))
    });
    for (i, row) in rows.iter_mut().enumerate() {
        row.rank = i + 1;
    }
    Tier {
        interactivity: x,
        rows,
    }
}

/// Whether candidate `a` with throughput `ta` beats `b` with `tb` for its accelerator: the
/// higher throughput; ties by [`tie_key`].
fn beats((a, ta): (&Candidate, f64), (b, tb): (&Candidate, f64)) -> bool {
    match ta.total_cmp(&tb) {
        Ordering::Greater => true,
        Ordering::Less => false,
        Ordering::Equal => tie_key(a) < tie_key(b),
    }
}

/// How a tie in throughput between an accelerator's candidates is settled (SPEC §12): the
/// narrower precision first, then framework, speculative decoding and disaggregation
/// alphabetically.
fn tie_key(c: &Candidate) -> ((usize, Precision), Serving) {
    (precision_rank(&c.precision), c.serving.clone())
}

/// `candidates` in the order ties are settled in ([`tie_key`]): taking, for each accelerator,
/// the first candidate of the highest throughput picks what [`tier`] picks. "Your speed" on a
/// ranking page (static/speed.js) ranks a speed of the reader's choosing so.
pub fn in_tie_order(candidates: &[Candidate]) -> Vec<&Candidate> {
    let mut sorted: Vec<&Candidate> = candidates.iter().collect();
    sorted.sort_by_cached_key(|c| tie_key(c));
    sorted
}

/// Samples per accelerator curve, spread evenly over its candidates' range; every candidate
/// knot and every tier in range is added, so the curve passes through the measured frontier
/// points and through the tables' values.
const CURVE_SAMPLES: usize = 160;

/// Each accelerator's lowest-cost curve, in catalog order.
fn curves(
    candidates: &[Candidate],
    tiers: &[f64],
    catalog: &Catalog,
    provider: CostProvider,
) -> Vec<CostCurve> {
    catalog
        .hardware
        .iter()
        .filter_map(|hw| {
            let own: Vec<&Candidate> = candidates.iter().filter(|c| c.hardware == hw.id).collect();
            let splines: Vec<MonotoneSpline> = own
                .iter()
                .filter_map(|c| metrics::frontier_spline(&c.frontier, |p| p.throughput))
                .collect();
            let price = hw.cost_per_gpu_hour.get(provider);
            let points = sample_xs(&own, tiers)?
                .into_iter()
                .map(|x| {
                    let best = splines
                        .iter()
                        .filter_map(|s| s.at(x))
                        .max_by(f64::total_cmp);
                    (x, best.map(|t| metrics::cost_per_mtok(price, t)))
                })
                .collect();
            Some(CostCurve {
                hardware: hw.id.clone(),
                points,
            })
        })
        .collect()
}

/// The interactivities a curve is drawn at: an even grid over the candidates' whole range,
/// every knot and every tier within the range, sorted; `None` without candidates.
fn sample_xs(candidates: &[&Candidate], tiers: &[f64]) -> Option<Vec<f64>> {
    let knots = candidates
        .iter()
        .flat_map(|c| c.frontier.iter().map(|p| p.interactivity));
    let lo = knots.clone().min_by(f64::total_cmp)?;
    let hi = knots.clone().max_by(f64::total_cmp)?;
    let step = (hi - lo) / CURVE_SAMPLES as f64;
    let in_range = tiers.iter().copied().filter(|&x| lo <= x && x <= hi);
    let mut xs: Vec<f64> = (0..=CURVE_SAMPLES)
        .map(|i| lo + step * i as f64)
        .chain(knots)
        .chain(in_range)
        .collect();
    xs.sort_by(f64::total_cmp);
    xs.dedup();
    Some(xs)
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::input::catalog::{Costs, Hardware};
    use crate::types::{Framework, SpecDecoding};

    fn hardware(id: &str, price: f64, power_kw: f64) -> Hardware {
        Hardware {
            id: HardwareId::new(id).unwrap(),
            name: id.to_uppercase(),
            vendor: "V".into(),
            architecture: None,
            aliases: vec![],
            cost_per_gpu_hour: Costs {
                hyperscaler: price,
                neocloud: price,
                rental_3yr: price,
            },
            power_kw,
        }
    }

    /// SPEC §12's fields in its order: the series' three fields in place, not nested.
    #[test]
    fn rows_and_candidates_serialize_their_series_in_place() {
        let mut c = candidate("b200", "fp4", "sglang", &[(40.0, 1000.0, 64.0)]);
        c.serving.spec_decoding = SpecDecoding::new("mtp").unwrap();
        assert_eq!(
            serde_json::to_string(&c).unwrap(),
            r#"{"hardware":"b200","precision":"fp4","framework":"sglang","spec_decoding":"mtp","disagg":false,"frontier":[{"interactivity":40.0,"throughput":1000.0,"concurrency":64.0}]}"#
        );
        let row = RankingRow {
            rank: 1,
            hardware: c.hardware,
            precision: c.precision,
            serving: c.serving,
            throughput: 1000.0,
            cost_per_mtok: 0.5,
            tok_s_mw: 2.5,
            concurrency: 64.0,
            href: "/dsr1/b200/fp4/1k-1k/".into(),
            swing: Swing {
                down: 0.25,
                up: 0.5,
            },
        };
        assert_eq!(
            serde_json::to_string(&row).unwrap(),
            r#"{"rank":1,"hardware":"b200","precision":"fp4","framework":"sglang","spec_decoding":"mtp","disagg":false,"throughput":1000.0,"cost_per_mtok":0.5,"tok_s_mw":2.5,"concurrency":64.0,"href":"/dsr1/b200/fp4/1k-1k/"}"#
        );
    }

    pub(super) fn candidate(
        hw: &str,
        precision: &str,
        framework: &str,
        knots: &[(f64, f64, f64)],
    ) -> Candidate {
        Candidate {
            hardware: HardwareId::new(hw).unwrap(),
            precision: Precision::new(precision).unwrap(),
            serving: Serving {
                framework: Framework::new(framework).unwrap(),
                spec_decoding: SpecDecoding::none(),
                disagg: false,
            },
            frontier: knots
                .iter()
                .map(|&(interactivity, throughput, concurrency)| FrontierPoint {
                    interactivity,
                    throughput,
                    concurrency,
                })
                .collect(),
            swings: vec![Swing::default(); knots.len()],
            href: format!("/m/{hw}/{precision}/1k-1k/"),
        }
    }

    /// Three accelerators; `a` at two precisions that tie at 20 tok/s/user; two-point
    /// frontiers, which the spline draws as straight lines, so every value is worked by hand.
    pub(super) fn fixture() -> (Catalog, Vec<Candidate>) {
        let catalog = Catalog {
            hardware: vec![
                hardware("a", 2.0, 2.0),
                hardware("b", 1.0, 1.0),
                hardware("c", 3.0, 1.5),
            ],
            models: vec![],
        };
        let candidates = vec![
            // a fp8: 1000 → 200 tok/s/GPU over 10 → 50 tok/s/user; at 20: 800 (conc 50).
            candidate(
                "a",
                "fp8",
                "vllm",
                &[(10.0, 1000.0, 64.0), (50.0, 200.0, 8.0)],
            ),
            // a fp4: 900 → 700 over 10 → 30; at 20: 800, the same as fp8 (conc 40).
            candidate(
                "a",
                "fp4",
                "vllm",
                &[(10.0, 900.0, 60.0), (30.0, 700.0, 20.0)],
            ),
            // b: 500 → 100 over 10 → 90; at 20: 450, at 40: 350, at 80: 150.
            candidate(
                "b",
                "fp8",
                "sglang",
                &[(10.0, 500.0, 30.0), (90.0, 100.0, 2.0)],
            ),
            // c: 2000 → 1000 over 5 → 25; at 20: 1250; nothing at 40.
            candidate(
                "c",
                "fp8",
                "trt",
                &[(5.0, 2000.0, 100.0), (25.0, 1000.0, 20.0)],
            ),
        ];
        (catalog, candidates)
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-9 * b.abs().max(1.0)
    }

    #[test]
    fn a_hand_computed_ranking() {
        let (catalog, candidates) = fixture();
        let at = |x| tier(x, &candidates, &catalog, CostProvider::Hyperscaler);
        // At 20: a's two precisions tie at 800 and the narrower, fp4, represents a. Costs:
        // b 1/(450·3600)·1e6 = 0.617284, c 3/(1250·3600)·1e6 = 0.666667,
        // a 2/(800·3600)·1e6 = 0.694444.
        let t20 = at(20.0);
        let order: Vec<(&str, &str, usize)> = t20
            .rows
            .iter()
            .map(|r| (r.hardware.as_str(), r.precision.as_str(), r.rank))
            .collect();
        assert_eq!(order, [("b", "fp8", 1), ("c", "fp8", 2), ("a", "fp4", 3)]);
        let [b, c, a] = &t20.rows[..] else { panic!() };
        assert!(close(b.throughput, 450.0) && close(b.cost_per_mtok, 0.617_283_950_6));
        assert!(close(c.throughput, 1250.0) && close(c.cost_per_mtok, 0.666_666_666_7));
        assert!(close(a.throughput, 800.0) && close(a.cost_per_mtok, 0.694_444_444_4));
        // tok/s/MW = throughput × 1000 / kW; concurrency read off the same spline.
        assert!(close(a.tok_s_mw, 400_000.0) && close(a.concurrency, 40.0));
        assert!(close(c.tok_s_mw, 1250.0 * 1000.0 / 1.5));
        assert_eq!(a.href, "/m/a/fp4/1k-1k/");
        // At 40: fp4's frontier ends at 30, so a is its fp8 (400 → 1.388889); c does not reach.
        let t40 = at(40.0);
        let rows: Vec<(&str, f64)> = t40
            .rows
            .iter()
            .map(|r| (r.hardware.as_str(), r.cost_per_mtok))
            .collect();
        assert_eq!(rows.len(), 2);
        assert_eq!((rows[0].0, rows[1].0), ("b", "a"));
        assert!(close(rows[0].1, 0.793_650_793_7) && close(rows[1].1, 1.388_888_888_9));
        assert_eq!(t40.rows[1].precision.as_str(), "fp8");
        // At 80 only b reaches (150 tok/s/GPU); at 200 nothing does.
        let t80 = at(80.0);
        assert_eq!(t80.rows.len(), 1);
        assert!(close(t80.rows[0].throughput, 150.0));
        assert!(at(200.0).rows.is_empty());
    }

    /// The order a script settles ties in: narrower precision, then framework alphabetically;
    /// scanning it for each accelerator's first candidate of the highest throughput picks what
    /// `tier` picks, the tie at 20 tok/s/user included (a's fp4 and fp8 both give 800).
    #[test]
    fn candidates_in_tie_order_pick_what_a_tier_picks() {
        let (catalog, candidates) = fixture();
        let order: Vec<(&str, &str)> = in_tie_order(&candidates)
            .iter()
            .map(|c| (c.hardware.as_str(), c.precision.as_str()))
            .collect();
        assert_eq!(
            order,
            [("a", "fp4"), ("b", "fp8"), ("c", "fp8"), ("a", "fp8")]
        );
        for x in [12.0, 20.0, 29.0, 40.0, 80.0] {
            let mut picked: Vec<(&str, &str)> = Vec::new();
            let mut best: Vec<f64> = Vec::new();
            for c in in_tie_order(&candidates) {
                let Some(v) = metrics::value_at(&c.frontier, x) else {
                    continue;
                };
                match picked.iter().position(|p| p.0 == c.hardware.as_str()) {
                    Some(i) if v.throughput > best[i] => {
                        picked[i] = (c.hardware.as_str(), c.precision.as_str());
                        best[i] = v.throughput;
                    }
                    Some(_) => {}
                    None => {
                        picked.push((c.hardware.as_str(), c.precision.as_str()));
                        best.push(v.throughput);
                    }
                }
            }
            let tier = tier(x, &candidates, &catalog, CostProvider::Hyperscaler);
            let mut rows: Vec<(&str, &str)> = tier
                .rows
                .iter()
                .map(|r| (r.hardware.as_str(), r.precision.as_str()))
                .collect();
            rows.sort();
            picked.sort();
            assert_eq!(picked, rows, "at {x}");
        }
    }

    #[test]
    fn the_curve_is_each_accelerators_lowest_cost() {
        let (catalog, candidates) = fixture();
        let curves = curves(
            &candidates,
            &[20.0, 45.0],
            &catalog,
            CostProvider::Hyperscaler,
        );
        let a = curves.iter().find(|c| c.hardware.as_str() == "a").unwrap();
        // At 20 both of a's candidates give 800: cost 0.694444; at 45 only fp8 (300).
        let at = |x: f64| a.points.iter().find(|p| close(p.0, x)).and_then(|p| p.1);
        assert!(close(at(20.0).unwrap(), 0.694_444_444_4));
        // 45 is a tier, so a sample: 1000 − 800 · 35/40 = 300 → 2 / (300 · 3600) · 1e6.
        assert!(close(at(45.0).unwrap(), 1.851_851_851_9));
        assert!(a.points.windows(2).all(|w| w[0].0 < w[1].0));
        assert_eq!((a.points[0].0, a.points.last().unwrap().0), (10.0, 50.0));
    }

    proptest::proptest! {
        #[test]
        fn rows_are_each_accelerators_best_in_range_and_sorted_by_cost(
            clouds in proptest::collection::vec(
                (0usize..3, 0usize..2, proptest::collection::vec((1.0f64..200.0, 10.0f64..5000.0), 1..8)),
                1..8,
            ),
            x in 1.0f64..200.0,
        ) {
            let (catalog, _) = fixture();
            let candidates: Vec<Candidate> = clouds
                .iter()
                .enumerate()
                .map(|(i, (hw, p, points))| {
                    let knots: Vec<FrontierPoint> = points
                        .iter()
                        .map(|&(interactivity, throughput)| FrontierPoint { interactivity, throughput, concurrency: 1.0 })
                        .collect();
                    let mut c = candidate(["a", "b", "c"][*hw], ["fp4", "fp8"][*p], &format!("e{i}"), &[]);
                    c.frontier = metrics::frontier(&knots);
                    c
                })
                .collect();
            let t = tier(x, &candidates, &catalog, CostProvider::Hyperscaler);
            proptest::prop_assert!(t.rows.windows(2).all(|w| w[0].cost_per_mtok <= w[1].cost_per_mtok));
            for (i, row) in t.rows.iter().enumerate() {
                proptest::prop_assert_eq!(row.rank, i + 1);
                let own: Vec<f64> = candidates
                    .iter()
                    .filter(|c| c.hardware == row.hardware)
                    .filter_map(|c| metrics::value_at(&c.frontier, x).map(|v| v.throughput))
                    .collect();
                let best = own.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                proptest::prop_assert_eq!(row.throughput, best);
                // The row's own candidate reaches x: no extrapolation.
                let reached = candidates.iter().any(|c| {
                    c.hardware == row.hardware
                        && c.precision == row.precision
                        && c.serving == row.serving
                        && metrics::range(&c.frontier).is_some_and(|(lo, hi)| lo <= x && x <= hi)
                });
                proptest::prop_assert!(reached);
            }
            // Every accelerator with a candidate reaching x has exactly one row.
            for hw in ["a", "b", "c"] {
                let reaches = candidates.iter().any(|c| c.hardware.as_str() == hw && metrics::value_at(&c.frontier, x).is_some());
                let rows = t.rows.iter().filter(|r| r.hardware.as_str() == hw).count();
                proptest::prop_assert_eq!(rows, usize::from(reaches));
            }
        }
    }
}
