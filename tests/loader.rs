//! The loader and validator on the real published results in `data/results/`.

mod common;

use std::collections::BTreeMap;

use benchsite::site::Site;
use benchsite::types::Interactivity;

fn demo() -> Site {
    benchsite::build::load(&common::demo_root(), false).expect("the demo site loads")
}

#[test]
fn reads_every_published_record() {
    let site = demo();
    // 1,687 records in 36 files (see data/results/inferencemax/README.md); one file is empty.
    assert_eq!(site.data.read, 1687);
    assert_eq!(
        site.data.read,
        site.data.records.len() + site.data.superseded
    );
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
fn a_run_document_gives_its_date_to_its_records() {
    let f = common::Fixture::without_results();
    let body = common::GOOD_RECORD
        .replace("\n  ", "\n    ")
        .replacen("- hw", "  - hw", 1);
    f.write(
        "data/results/run.yaml",
        &format!("run:\n  date: 2026-01-05\n  url: https://example.org/run/1\nresults:\n{body}"),
    );
    let site = benchsite::build::load(f.root(), false).unwrap();
    let r = &site.data.records[0];
    assert_eq!(r.date.as_deref(), Some("2026-01-05"));
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
