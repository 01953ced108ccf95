//! A comparison side's configurations, against the frontier drawn through all of them.
//!
//! SPEC §3 draws a side's frontier through the Pareto points of all its configurations (hub
//! series: engine, speculative decoding, disaggregation, and on a chip page precision)
//! together, and reads the matched table off Steffen's spline through them. Between two
//! frontier points of different configurations that curve is no configuration's own:
//!
//! - [`dips`]: its throughput can run below the curve one configuration draws through its
//!   own points, so the table gives the side less than that configuration alone was measured
//!   to deliver, which is what its hub's series shows. The page keeps SPEC §3's figure and
//!   says so, naming the configuration and its throughput (`templates/partials/caveats.html`),
//!   rather than leave two pages disagreeing unexplained.
//! - [`between_configurations`]: its concurrency there blends two setups' loads (a
//!   disaggregated setup's thousand requests and one server's thirty), so the prose does not
//!   state it; the table still shows it, as SPEC §4 asks. Here a setup is a deployment: one
//!   hub series' points may differ in parallelism and GPUs (TP8 on 8 GPUs, TP16 on 16), and
//!   a load read between two of them is neither's either.

use crate::compute::metrics::{self, FrontierPoint};
use crate::compute::page::{PageData, PointData, Row, SideData, frontier_of};
use crate::types::{HardwareId, Precision, Serving};

/// One configuration of a side: what one hub series measures.
#[derive(Debug, Clone, PartialEq)]
pub struct Configuration {
    pub hardware: HardwareId,
    pub precision: Precision,
    pub serving: Serving,
}

impl Configuration {
    fn of(p: &PointData) -> Configuration {
        Configuration {
            hardware: p.hardware.clone(),
            precision: p.precision.clone(),
            serving: Serving {
                framework: p.framework.clone(),
                spec_decoding: p.spec_decoding.clone(),
                disagg: p.disagg,
            },
        }
    }
}

/// At matched target `x`, side `side`'s configuration `configuration` alone delivers
/// `throughput` tok/s/GPU on its own frontier, more than the side's `side_throughput`.
#[derive(Debug, Clone, PartialEq)]
pub struct Dip {
    pub side: usize,
    pub x: f64,
    pub side_throughput: f64,
    pub configuration: Configuration,
    pub throughput: f64,
}

/// Every matched target at which a side of `page` gives less than its best configuration
/// alone, by more than SPEC §5's "essentially tied" ([`metrics::TIE_RATIO`]), in side order, then target order. Empty on a page whose
/// sides are one configuration each (a hub's series).
pub fn dips(page: &PageData) -> Vec<Dip> {
    (page.sides.iter().enumerate())
        .flat_map(|(i, side)| side_dips(i, &side.points, &page.rows))
        .collect()
}

/// [`dips`] of side `i`, whose measured points are `points`, on the page's `rows`.
fn side_dips(i: usize, points: &[PointData], rows: &[Row]) -> Vec<Dip> {
    let configurations = configurations(points);
    if configurations.len() < 2 {
        return Vec::new();
    }
    rows.iter()
        .filter_map(|row| {
            let side = row.values.get(i).copied().flatten()?;
            let (configuration, throughput) = best_at(&configurations, row.interactivity)?;
            (!metrics::tied(throughput, side.throughput) && throughput > side.throughput).then(
                || Dip {
                    side: i,
                    x: row.interactivity,
                    side_throughput: side.throughput,
                    configuration: configuration.clone(),
                    throughput,
                },
            )
        })
        .collect()
}

/// Whether `side`'s frontier reads `x` strictly between two neighbouring knots of different
/// configurations (at a knot, or inside one configuration's stretch, it does not).
pub fn between_configurations(side: &SideData, x: f64) -> bool {
    between(&side.frontier, &side.points, x)
}

/// [`between_configurations`] of the frontier `knots` of measured `points`.
fn between(knots: &[FrontierPoint], points: &[PointData], x: f64) -> bool {
    let Some(i) = (knots.windows(2)).position(|w| w[0].interactivity < x && x < w[1].interactivity)
    else {
        return false;
    };
    let of = |k: &FrontierPoint| {
        (points.iter())
            .find(|p| {
                (p.interactivity, p.throughput, p.concurrency)
                    == (k.interactivity, k.throughput, k.concurrency)
            })
            .map(|p| (Configuration::of(p), p.parallelism))
    };
    of(&knots[i]) != of(&knots[i + 1])
}

/// The configurations of a side's measured `points`, each with its own frontier, in the order
/// their points come.
fn configurations(points: &[PointData]) -> Vec<(Configuration, Vec<FrontierPoint>)> {
    let mut groups: Vec<(Configuration, Vec<&PointData>)> = Vec::new();
    for p in points {
        let configuration = Configuration::of(p);
        match groups.iter_mut().find(|(c, _)| *c == configuration) {
            Some((_, points)) => points.push(p),
            None => groups.push((configuration, vec![p])),
        }
    }
    groups
        .into_iter()
        .map(|(c, points)| (c, frontier_of(points.into_iter().map(knot))))
        .collect()
}

/// A measured point as a frontier takes it.
fn knot(p: &PointData) -> FrontierPoint {
    FrontierPoint {
        interactivity: p.interactivity,
        throughput: p.throughput,
        concurrency: p.concurrency,
    }
}

/// The configuration with the highest throughput at `x` on its own frontier (the first of
/// equals), if any reaches `x`.
fn best_at(
    configurations: &[(Configuration, Vec<FrontierPoint>)],
    x: f64,
) -> Option<(&Configuration, f64)> {
    configurations
        .iter()
        .filter_map(|(c, frontier)| Some((c, metrics::value_at(frontier, x)?.throughput)))
        .fold(None, |best, (c, t)| match best {
            Some((_, b)) if b >= t => best,
            _ => Some((c, t)),
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compute::{Spread, Values};
    use crate::types::{Framework, Layout, Parallelism, SpecDecoding};

    /// A measured point of engine `framework` on B200 FP4, measured once.
    fn point(framework: &str, interactivity: f64, throughput: f64) -> PointData {
        PointData {
            interactivity,
            throughput,
            concurrency: 8.0,
            framework: Framework::new(framework).unwrap(),
            hardware: HardwareId::new("b200").unwrap(),
            precision: Precision::new("fp4").unwrap(),
            spec_decoding: SpecDecoding::none(),
            disagg: false,
            parallelism: tp(8),
            spread: Spread {
                runs: 1,
                throughput_min: throughput,
                throughput_max: throughput,
                interactivity_min: interactivity,
                interactivity_max: interactivity,
            },
        }
    }

    /// One aggregated engine at tensor parallelism `n`.
    fn tp(n: u32) -> Parallelism {
        Parallelism::Aggregated(Layout {
            tp: Some(n),
            ep: None,
            dp_attention: false,
            workers: None,
        })
    }

    /// A matched column whose only side reads `throughput` (other figures unused here).
    fn row(x: f64, throughput: Option<f64>) -> Row {
        Row {
            interactivity: x,
            values: vec![throughput.map(|throughput| Values {
                throughput,
                cost_per_mtok: 1.0,
                tok_s_mw: 1.0,
                concurrency: 8.0,
            })],
        }
    }

    /// SGLang measured 900 at 100 and 720 at 140; TRT 800 at 90 and 750 at 125. SGLang's own
    /// frontier is the straight line between its two points: 900 − 4.5 × (x − 100), so 814.5
    /// at 119, 787.5 at 125 and 765 at 130. TRT's 90 is dominated; its 125 is a frontier of
    /// one point, read at 125 only. The rows hold the side's figures as given.
    fn sglang_and_trt() -> [PointData; 4] {
        [
            point("sglang", 100.0, 900.0),
            point("trt", 90.0, 800.0),
            point("sglang", 140.0, 720.0),
            point("trt", 125.0, 750.0),
        ]
    }

    #[test]
    fn a_configuration_above_its_side_by_more_than_one_percent_is_a_dip() {
        let points = sglang_and_trt();
        let rows = [
            row(100.0, Some(900.0)), // SGLang's own point: no dip
            row(110.0, Some(860.0)), // SGLang 855, below the side
            row(119.0, Some(780.0)), // SGLang 814.5: 4.4% more
            row(119.0, Some(807.0)), // SGLang 814.5: 0.93% more, under 1%
            row(125.0, Some(750.0)), // SGLang 787.5 beats TRT's own 750
            row(130.0, None),        // the side has no value: nothing to compare
            row(130.0, Some(745.0)), // SGLang 765; TRT does not reach 130
        ];
        let dips = side_dips(0, &points, &rows);
        let found: Vec<(f64, f64, &str, f64)> = (dips.iter())
            .map(|d| {
                let framework = d.configuration.serving.framework.as_str();
                (d.x, d.side_throughput, framework, d.throughput)
            })
            .collect();
        let expected = [
            (119.0, 780.0, "sglang", 814.5),
            (125.0, 750.0, "sglang", 787.5),
            (130.0, 745.0, "sglang", 765.0),
        ];
        assert_eq!(found.len(), expected.len(), "{found:?}");
        for (got, want) in found.iter().zip(expected) {
            assert_eq!((got.0, got.1, got.2), (want.0, want.1, want.2));
            assert!((got.3 - want.3).abs() < 1e-9, "{got:?} against {want:?}");
        }
    }

    #[test]
    fn a_side_of_one_configuration_has_no_dips() {
        let points = [point("sglang", 100.0, 900.0), point("sglang", 140.0, 720.0)];
        assert!(side_dips(0, &points, &[row(119.0, Some(500.0))]).is_empty());
    }

    /// The same points: Off's frontier is SGLang's 100, TRT's 125 and SGLang's 140.
    #[test]
    fn between_two_configurations_knots_but_not_at_a_knot_or_outside() {
        let points = sglang_and_trt();
        let knots = frontier_of(points.iter().map(knot));
        let read = |x| between(&knots, &points, x);
        assert!(read(110.0) && read(130.0));
        assert!(
            !read(100.0) && !read(125.0),
            "at a knot the load is that point's"
        );
        assert!(!read(95.0) && !read(141.0), "outside the frontier");
        // One engine throughout: never between two.
        let one = [point("sglang", 100.0, 900.0), point("sglang", 140.0, 720.0)];
        let knots: Vec<FrontierPoint> = knots
            .iter()
            .copied()
            .filter(|k| k.throughput != 750.0)
            .collect();
        assert!(!between(&knots, &one, 120.0));
        // One engine at two parallelisms: two deployments, whose loads do not blend either.
        let two = [
            one[0].clone(),
            PointData {
                parallelism: tp(16),
                ..one[1].clone()
            },
        ];
        assert!(between(&knots, &two, 120.0));
    }

    /// Precision sets configurations apart too (a chip page's side spans precisions).
    #[test]
    fn another_precision_is_another_configuration() {
        let mut fp8 = point("sglang", 140.0, 720.0);
        fp8.precision = Precision::new("fp8").unwrap();
        let points = [
            point("sglang", 100.0, 900.0),
            fp8,
            point("sglang", 150.0, 300.0),
        ];
        // Together one frontier, 900 → 720 → 300; apart, FP4 runs 900 → 300 and FP8 is one
        // point: at 140 FP8 gives 720, FP4 900 − 15 × 40 = 300.
        let dips = side_dips(0, &points, &[row(140.0, Some(700.0))]);
        assert_eq!(dips.len(), 1);
        assert_eq!(dips[0].configuration.precision.as_str(), "fp8");
        assert_eq!(dips[0].throughput, 720.0);
    }
}
