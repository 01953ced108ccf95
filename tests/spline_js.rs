//! The chart draws the curve the tables read (issue 15, SPEC §3 and §6): static/spline.js's
//! Steffen spline (which static/chart.js draws and static/speed.js reads) agrees with the Rust
//! one to 1e-9 relative on the same frontiers.
//!
//! Builds frontiers (hand-picked shapes, Pareto frontiers of seeded random clouds, and random
//! knots), evaluates the Rust spline at many x (every knot, the 64 points per interval the chart
//! draws, random x inside, and x outside the domain), writes knots and x as JSON, runs
//! tests/spline_js/eval.mjs with node, which loads spline.js and evaluates its spline at the same
//! x and samples the polyline the chart draws, and compares: the same values (or both none),
//! and every drawn point on the Rust curve.
//!
//! Needs `node` on PATH; without it the test is skipped with a message, except under CI=true.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use benchsite::compute::metrics::{FrontierPoint, MonotoneSpline, frontier};

use serde_json::{Value, json};

const RELATIVE: f64 = 1e-9;

/// SplitMix64: a small seeded generator, so every run tests the same frontiers.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [lo, hi).
    fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// The knots of a frontier: interactivity and throughput.
fn knots(points: &[FrontierPoint]) -> (Vec<f64>, Vec<f64>) {
    points
        .iter()
        .map(|p| (p.interactivity, p.throughput))
        .unzip()
}

/// Every frontier the test feeds to both sides, with a name for messages.
fn frontiers() -> Vec<(String, Vec<f64>, Vec<f64>)> {
    let mut cases: Vec<(String, Vec<f64>, Vec<f64>)> = vec![
        ("one point".into(), vec![42.0], vec![1234.5]),
        ("two points".into(), vec![10.0, 20.0], vec![100.0, 50.0]),
        (
            "three points".into(),
            vec![12.0, 30.0, 95.0],
            vec![5200.0, 3100.0, 400.0],
        ),
        (
            "hand-worked".into(),
            vec![0.0, 1.0, 3.0, 4.0],
            vec![0.0, 2.0, 5.0, 5.1],
        ),
        ("flat tail".into(), vec![0.0, 1.0, 2.0], vec![4.0, 2.0, 2.0]),
        (
            "flat-ish".into(),
            vec![10.0, 20.0, 30.0, 40.0, 50.0],
            vec![1000.0, 999.999, 999.998_5, 999.9, 999.899_999],
        ),
        (
            "steep".into(),
            vec![1.0, 1.000_1, 1.000_2, 300.0],
            vec![2.0e6, 1.0e6, 10.0, 9.0],
        ),
        (
            "non-uniform spacing".into(),
            vec![1.0, 1.001, 50.0, 51.0, 400.0, 400.5],
            vec![9000.0, 8999.0, 6000.0, 2000.0, 1900.0, 10.0],
        ),
        (
            "rising (a lower frontier: cost or J/token)".into(),
            vec![5.0, 18.0, 33.0, 70.0, 140.0],
            vec![0.11, 0.2, 0.45, 1.9, 7.5],
        ),
        (
            "decreasing x axis order (latency frontier)".into(),
            vec![0.8, 1.9, 4.2, 9.5, 20.0],
            vec![300.0, 1400.0, 2900.0, 3600.0, 3700.0],
        ),
    ];
    let mut rng = Rng(0x5EED_1517);
    // Pareto frontiers of random clouds, as the chart builds them from measured points.
    for c in 0..40 {
        let n = 2 + (rng.next() % 60) as usize;
        let cloud: Vec<FrontierPoint> = (0..n)
            .map(|_| {
                let x = rng.range(1.0, 300.0);
                FrontierPoint {
                    interactivity: x,
                    throughput: rng.range(0.0, 1.0) * 20_000.0 / (1.0 + x / 40.0),
                    concurrency: rng.range(1.0, 512.0).round(),
                }
            })
            .collect();
        let (xs, ys) = knots(&frontier(&cloud));
        cases.push((format!("random cloud {c} ({n} points)"), xs, ys));
    }
    // Random knots with arbitrary y (not monotone): the spline is defined for those too.
    for c in 0..20 {
        let n = 2 + (rng.next() % 12) as usize;
        let mut x = rng.range(-100.0, 100.0);
        let (mut xs, mut ys) = (Vec::new(), Vec::new());
        for _ in 0..n {
            xs.push(x);
            ys.push(rng.range(-1000.0, 1000.0));
            x += rng.range(0.01, 100.0);
        }
        cases.push((format!("random knots {c}"), xs, ys));
    }
    cases
}

/// Where to evaluate: every knot, 64 points per interval, random x inside, x just outside.
fn sample_xs(xs: &[f64], rng: &mut Rng) -> Vec<f64> {
    let (first, last) = (xs[0], xs[xs.len() - 1]);
    let mut at = xs.to_vec();
    for w in xs.windows(2) {
        at.extend((1..64).map(|j| w[0] + (w[1] - w[0]) * f64::from(j) / 64.0));
    }
    at.extend((0..32).map(|_| rng.range(first, last)));
    let gap = (last - first).max(1.0);
    at.extend([
        first - gap * 1e-6,
        last + gap * 1e-6,
        first - gap,
        last + 1.0,
    ]);
    at
}

fn close(a: f64, b: f64) -> bool {
    a == b || (a - b).abs() <= RELATIVE * a.abs().max(b.abs())
}

/// Whether node is on PATH; without it the test skips, or fails under CI=true.
fn node_available() -> bool {
    let ok = Command::new("node")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("tests/spline_js.rs cannot run under CI=true: node is not on PATH");
        }
        let _ = writeln!(std::io::stderr(), "skipping spline_js: node is not on PATH");
    }
    ok
}

#[test]
fn spline_js_agrees_with_the_rust_spline() {
    if !node_available() {
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut rng = Rng(0xC0FF_EE15);
    let cases = frontiers();
    let splines: Vec<MonotoneSpline> = cases
        .iter()
        .map(|(name, xs, ys)| {
            MonotoneSpline::new(xs, ys).unwrap_or_else(|| panic!("{name}: bad knots {xs:?}"))
        })
        .collect();
    let at: Vec<Vec<f64>> = cases
        .iter()
        .map(|(_, xs, _)| sample_xs(xs, &mut rng))
        .collect();
    let input: Vec<Value> = cases
        .iter()
        .zip(&at)
        .map(|((_, xs, ys), at)| json!({ "xs": xs, "ys": ys, "at": at }))
        .collect();

    let dir = tempfile::tempdir().expect("temporary folder");
    let (cases_file, out_file) = (dir.path().join("cases.json"), dir.path().join("out.json"));
    std::fs::write(&cases_file, serde_json::to_string(&input).unwrap()).unwrap();
    let run = Command::new("node")
        .arg(root.join("tests/spline_js/eval.mjs"))
        .arg(root.join("static/spline.js"))
        .arg(&cases_file)
        .arg(&out_file)
        .stdin(Stdio::null())
        .output()
        .expect("cannot start node");
    assert!(
        run.status.success(),
        "node failed ({}):\n{}",
        run.status,
        String::from_utf8_lossy(&run.stderr)
    );
    let output: Vec<Value> =
        serde_json::from_slice(&std::fs::read(&out_file).unwrap()).expect("node's JSON");
    assert_eq!(output.len(), cases.len());

    let mut failures = Vec::new();
    let mut compared = 0;
    for (((name, xs, _), spline), (at, out)) in
        cases.iter().zip(&splines).zip(at.iter().zip(&output))
    {
        let js = out["at"].as_array().expect("at");
        assert_eq!(js.len(), at.len(), "{name}");
        for (&x, js) in at.iter().zip(js) {
            let (rust, js) = (spline.at(x), js.as_f64());
            compared += 1;
            let same = match (rust, js) {
                (Some(a), Some(b)) => close(a, b),
                (None, None) => true,
                _ => false,
            };
            if !same {
                failures.push(format!(
                    "{name}: at x = {x}: Rust {rust:?}, spline.js {js:?}"
                ));
            }
        }
        // The polyline the chart draws: every knot, then 63 samples inside each interval, each
        // on the Rust curve.
        let drawn = out["drawn"].as_array().expect("drawn");
        let expected_len = if xs.len() == 1 {
            1
        } else {
            (xs.len() - 1) * 64 + 1
        };
        if drawn.len() != expected_len {
            failures.push(format!(
                "{name}: {} drawn points, not {expected_len}",
                drawn.len()
            ));
        }
        for (k, point) in drawn.iter().enumerate() {
            let (x, y) = (point[0].as_f64().unwrap(), point[1].as_f64().unwrap());
            compared += 1;
            if k % 64 == 0 && x != xs[k / 64] {
                failures.push(format!(
                    "{name}: drawn point {k} is x = {x}, not knot {}",
                    xs[k / 64]
                ));
            }
            match spline.at(x) {
                Some(r) if close(r, y) => {}
                r => failures.push(format!("{name}: drawn ({x}, {y}) but Rust gives {r:?}")),
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {compared} values differ by more than {RELATIVE} relative:\n{}",
        failures.len(),
        failures
            .iter()
            .take(20)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
    let _ = writeln!(
        std::io::stderr(),
        "spline_js: {compared} values on {} frontiers agree",
        cases.len()
    );
}
