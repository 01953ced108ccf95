//! Runs, spread and history (SPEC §13) on a small fixture worked out by hand.

mod common;

use common::{Fixture, texts};
use serde_json::Value;

/// One configuration (B200, SGLang, FP8, 1k/1k, TP8) at concurrency `conc`.
fn record(conc: u32, tput: f64, intvty: f64) -> String {
    format!(
        "- {{hw: b200, infmax_model_prefix: dsr1, framework: sglang, precision: fp8, \
         spec_decoding: none, disagg: false, isl: 1024, osl: 1024, conc: {conc}, tp: 8, \
         tput_per_gpu: {tput}, median_intvty: {intvty}}}\n"
    )
}

/// Three runs whose dates run against their path order: r1/ is dated 2026-01-09, r2/
/// 2026-01-02 (both by run.yaml), r3/ is undated. Run order: r3, r2, r1.
/// Concurrency 64 is measured in all three: r1 721.0 tok/s/GPU at 41.2 tok/s/user, r2 694.0 at
/// 40.1, r3 700.4 at 40.8. Concurrency 8 only in r1: 300 at 90.
fn three_runs() -> Fixture {
    let f = Fixture::without_results();
    f.write(
        "data/results/r1/agg.yaml",
        &(record(64, 721.0, 41.2) + &record(8, 300.0, 90.0)),
    );
    f.write(
        "data/results/r1/run.yaml",
        "date: 2026-01-09\nurl: https://example.org/runs/9\n",
    );
    f.write("data/results/r2/agg.yaml", &record(64, 694.0, 40.1));
    f.write("data/results/r2/run.yaml", "date: 2026-01-02\n");
    f.write("data/results/r3/agg.yaml", &record(64, 700.4, 40.8));
    let run = f.run(&["build"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    f
}

const HUB: &str = "public/dsr1/b200/fp8/1k-1k/";

fn hub_json(f: &Fixture) -> Value {
    serde_json::from_str(&f.read(&format!("{HUB}index.json"))).unwrap()
}

#[test]
fn a_point_measured_in_three_runs_shows_its_spread() {
    let f = three_runs();
    let json = hub_json(&f);
    let points = json["sides"][0]["points"].as_array().unwrap();
    let at = |conc: f64| {
        points
            .iter()
            .find(|p| p["concurrency"].as_f64() == Some(conc))
            .unwrap()
    };
    // The newest is r1's (latest date), though r3 is later in path order.
    let p64 = at(64.0);
    assert_eq!(p64["throughput"], 721.0);
    assert_eq!(p64["runs"], 3);
    assert_eq!(
        [
            p64["throughput_min"].as_f64(),
            p64["throughput_max"].as_f64()
        ],
        [Some(694.0), Some(721.0)]
    );
    assert_eq!(
        [
            p64["interactivity_min"].as_f64(),
            p64["interactivity_max"].as_f64()
        ],
        [Some(40.1), Some(41.2)]
    );
    // Measured once: one run, its own values.
    let p8 = at(8.0);
    assert_eq!(p8["runs"], 1);
    assert_eq!(
        [p8["throughput_min"].as_f64(), p8["throughput_max"].as_f64()],
        [Some(300.0), Some(300.0)]
    );

    // The measured-points table: the newest value, then the range and the runs.
    let html = f.read(&format!("{HUB}index.html"));
    let spreads = texts(&html, "td small.spread");
    assert_eq!(spreads, ["40.1–41.2", "694–721 · 3 runs"]);

    // The CSV: runs and the four extremes, as numbers.
    let csv = f.read(&format!("{HUB}index.csv"));
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert_eq!(
        header[header.len() - 5..],
        [
            "runs",
            "throughput_min",
            "throughput_max",
            "interactivity_min",
            "interactivity_max"
        ]
    );
    let row64 = lines.find(|l| l.split(',').nth(4) == Some("64")).unwrap();
    assert!(row64.ends_with(",3,694,721,40.1,41.2"), "{row64}");

    // The chart's tooltip dimension.
    assert!(
        html.contains("694–721 tok/s/GPU, 40.1–41.2 tok/s/user over 3 runs"),
        "the chart row carries the spread"
    );
}
