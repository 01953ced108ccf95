//! The loader and validator on the real published results in `data/results/`.

mod common;

use std::collections::BTreeMap;

use benchsite::input::runs::RunId;
use benchsite::site::Site;
use benchsite::types::Interactivity;

fn demo() -> Site {
    benchsite::build::load(&common::demo_root(), false).expect("the demo site loads")
}

#[test]
fn reads_every_published_record() {
    let site = demo();
    // 1,622 records in 35 run files (see data/results/inferencemax/README.md); one file is
    // empty. Counted independently with Python over the raw JSON: the sum of the lengths of
    // the 35 `agg_bmk.json` lists; configurations as distinct tuples of (infmax_model_prefix,
    // hw with the aliases b200-trt→b200 and mi355x-amd_0→mi355x, framework, lower-cased
    // precision, spec_decoding or "none", disagg, isl, osl, conc, and the 13 parallelism
    // fields with null/"false"/false alike): 572, so 1,622 − 572 = 1,050 superseded.
    assert_eq!(site.data.read, 1622);
    assert_eq!(site.data.runs.len(), 35);
    assert_eq!(site.data.records.len(), 572);
    assert_eq!(site.data.superseded, 1050);
}

#[test]
fn runner_names_map_to_accelerators() {
    let site = demo();
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    for r in &site.data.records {
        seen.insert(r.runner.clone(), r.hardware.to_string());
    }
    let expected: BTreeMap<String, String> = [
        ("b200", "b200"),
        ("b200-trt", "b200"), // alias in hardware.yaml
        ("gb200", "gb200"),
        ("h100", "h100"),
        ("h200", "h200"),
        ("mi300x", "mi300x"),
        ("mi325x", "mi325x"),
        ("mi355x", "mi355x"),
        ("mi355x-amd_0", "mi355x"), // longest id followed by `-`
    ]
    .into_iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    assert_eq!(seen, expected);
}

#[test]
fn a_configuration_measured_in_three_runs_keeps_the_newest() {
    // gpt-oss 120B, H100, vLLM, FP4, 8k/1k, TP4 EP1, concurrency 64 appears in
    // run_20218553330 (8005.77 tok/s/GPU), run_20662362255 (8002.91) and run_20667906037
    // (record 49: 7991.471848433465 tok/s/GPU at 56.95219819553411 tok/s/user). No record is
    // dated, so the file later in sorted path order — the newest run — wins.
    let site = demo();
    let matches: Vec<_> = site
        .data
        .records
        .iter()
        .filter(|r| {
            r.model.as_str() == "gpt-oss-120b"
                && r.hardware.as_str() == "h100"
                && r.framework.as_str() == "vllm"
                && r.sequence.isl == 8192
                && r.conc == 64
                && r.parallelism.to_string() == "TP4"
        })
        .collect();
    assert_eq!(matches.len(), 1, "one configuration, de-duplicated");
    assert_eq!(matches[0].throughput, 7991.471848433465);
    assert_eq!(matches[0].interactivity, Interactivity(56.95219819553411));
}

#[test]
fn interactivity_falls_back_to_one_over_tpot() {
    let f = common::Fixture::without_results();
    let record = common::GOOD_RECORD.replace("  median_intvty: 40.0\n", "  median_tpot: 0.025\n");
    f.write("data/results/tpot.yaml", &record);
    let site = benchsite::build::load(f.root(), false).unwrap();
    assert_eq!(site.data.records.len(), 1);
    // 1 / 0.025 s = 40 tok/s/user
    assert!((site.data.records[0].interactivity.0 - 40.0).abs() < 1e-12);
}

#[test]
fn a_tpot_whose_inverse_overflows_is_an_error_not_an_infinite_interactivity() {
    let f = common::Fixture::without_results();
    let record = common::GOOD_RECORD.replace("  median_intvty: 40.0\n", "  median_tpot: 1e-310\n");
    f.write("data/results/tpot.yaml", &record);
    let run = f.run(&["build"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(run.stderr.contains("tpot.yaml"), "{}", run.stderr);
    assert!(run.stderr.contains("median_tpot"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("is from 1e-6 to 1e12 tokens per second"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_run_document_gives_its_date_to_its_records() {
    let f = common::Fixture::without_results();
    let body = common::GOOD_RECORD
        .replace("\n  ", "\n    ")
        .replacen("- hw", "  - hw", 1);
    f.write(
        "data/results/nightly.yaml",
        &format!("run:\n  date: 2026-01-05\n  url: https://example.org/run/1\nresults:\n{body}"),
    );
    let site = benchsite::build::load(f.root(), false).unwrap();
    let r = &site.data.records[0];
    assert_eq!(r.date.as_ref().map(|d| d.as_str()), Some("2026-01-05"));
    assert_eq!(r.run_url.as_deref(), Some("https://example.org/run/1"));
}

#[test]
fn parallelism_fields_compare_after_normalizing() {
    let f = common::Fixture::without_results();
    f.write(
        "data/results/a.yaml",
        &common::GOOD_RECORD.replace("dp_attention: false", "dp_attention: \"false\""),
    );
    let newer = common::GOOD_RECORD
        .replace("  dp_attention: false\n", "")
        .replace("tput_per_gpu: 1500.5", "tput_per_gpu: 1600.0");
    f.write("data/results/b.yaml", &newer);
    let site = benchsite::build::load(f.root(), false).unwrap();
    assert_eq!((site.data.read, site.data.superseded), (2, 1));
    assert_eq!(site.data.records[0].throughput, 1600.0);
}

#[test]
fn runs_are_described_by_their_run_yaml_and_ordered_by_date() {
    // Three runs whose dates run against their path order: a/ (2026-01-09, from run.yaml),
    // b/ (undated: no run.yaml) and c/ (2026-01-02, from its own `run:` block). Run order:
    // undated first, then by date: b, c, a.
    let f = common::Fixture::without_results();
    let measured = |tput: &str| GOOD_RECORD_WITH(tput);
    f.write("data/results/a/agg.yaml", &measured("1100.0"));
    f.write(
        "data/results/a/run.yaml",
        "date: 2026-01-09\nurl: https://example.org/9\ntitle: Nightly 9\nnotes: new image\n",
    );
    f.write("data/results/b/agg.yaml", &measured("1200.0"));
    let body = measured("1300.0")
        .replace("\n  ", "\n    ")
        .replacen("- hw", "  - hw", 1);
    f.write(
        "data/results/c/agg.yaml",
        &format!("run:\n  date: 2026-01-02\nresults:\n{body}"),
    );
    let site = benchsite::build::load(f.root(), false).unwrap();
    let d = &site.data;
    // run.yaml is not a result file: three runs, three records.
    assert_eq!((d.runs.len(), d.read), (3, 3));
    let labels: Vec<&str> = d.runs.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(labels, ["Nightly 9", "b", "c"]);
    assert_eq!(
        d.runs[0].date.as_ref().map(|d| d.as_str()),
        Some("2026-01-09")
    );
    assert_eq!(d.runs[0].url.as_deref(), Some("https://example.org/9"));
    assert_eq!(d.runs[0].notes.as_deref(), Some("new image"));
    assert_eq!(d.runs[1].date, None);
    assert_eq!(
        d.runs[2].date.as_ref().map(|d| d.as_str()),
        Some("2026-01-02")
    );
    assert_eq!(d.order, [1, 2, 0].map(RunId));
    let ranks = [0, 1, 2].map(|run| d.rank_of(RunId(run)));
    assert_eq!(ranks, [2, 0, 1]);
    assert_eq!([0, 1, 2].map(|place| d.run_at(place)), [1, 2, 0].map(RunId));
    // run.yaml dates a/'s record, so it is the newest (SPEC §2): 1100, not the later path.
    assert_eq!(d.records.len(), 1);
    assert_eq!(d.records[0].throughput, 1100.0);
    assert_eq!(
        d.records[0].date.as_ref().map(|d| d.as_str()),
        Some("2026-01-09")
    );
    let measured: Vec<f64> = d.measurements_of(0).iter().map(|r| r.throughput).collect();
    assert_eq!(measured, [1200.0, 1300.0, 1100.0]);
}

#[allow(non_snake_case)]
fn GOOD_RECORD_WITH(tput: &str) -> String {
    common::GOOD_RECORD.replace("tput_per_gpu: 1500.5", &format!("tput_per_gpu: {tput}"))
}

/// A JSON (or YAML) result file that starts with a UTF-8 byte-order mark, as some Windows
/// editors save it, reads like the same file without one.
#[test]
fn a_byte_order_mark_is_skipped() {
    let record = r#"[{"hw": "b200", "infmax_model_prefix": "dsr1", "framework": "sglang",
        "precision": "fp8", "spec_decoding": "none", "disagg": false, "isl": 1024,
        "osl": 1024, "conc": 64, "tp": 8, "tput_per_gpu": 700.5, "median_intvty": 40}]"#;
    let f = common::Fixture::without_results();
    f.write("data/results/a.json", &format!("\u{feff}{record}"));
    f.write(
        "data/results/b.yaml",
        &format!("\u{feff}{}", common::GOOD_RECORD),
    );
    let site = benchsite::build::load(f.root(), false).unwrap();
    let mut throughputs: Vec<f64> = site.data.records.iter().map(|r| r.throughput).collect();
    throughputs.sort_by(f64::total_cmp);
    assert_eq!(throughputs.len(), 2, "{throughputs:?}");
    assert!(throughputs.contains(&700.5), "{throughputs:?}");
}
