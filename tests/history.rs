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
/// 40.1, r3 700.4 at 40.8. Concurrency 8 in r1 (300 at 90) and r3 (280 at 90).
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
    f.write(
        "data/results/r3/agg.yaml",
        &(record(64, 700.4, 40.8) + &record(8, 280.0, 90.0)),
    );
    f.build_ok();
    f
}

const HUB: &str = "public/dsr1/b200/fp8/1k-1k/";

fn hub_json(f: &Fixture) -> Value {
    f.json(&format!("{HUB}index.json"))
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
    let p8 = at(8.0);
    assert_eq!(p8["runs"], 2);
    assert_eq!(
        [p8["throughput_min"].as_f64(), p8["throughput_max"].as_f64()],
        [Some(280.0), Some(300.0)]
    );

    // The measured-points table: the newest value, then the range and the runs.
    let html = f.read(&format!("{HUB}index.html"));
    let spreads = texts(&html, "td small.spread");
    // Rows by configuration: concurrency 8, then 64.
    assert_eq!(
        spreads,
        ["90.0", "280–300 · 2 runs", "40.1–41.2", "694–721 · 3 runs"]
    );

    // The CSV: runs and the four extremes, as numbers.
    let csv = f.read(&format!("{HUB}index.csv"));
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert_eq!(
        header[header.len() - 9..],
        [
            "runs",
            "throughput_min",
            "throughput_max",
            "interactivity_min",
            "interactivity_max",
            "parallelism",
            "image",
            "date",
            "run_url"
        ]
    );
    // Then the layout and the newest record's provenance: r1's, whose run.yaml dates it and
    // gives its URL; the fixture names no image.
    let row64 = lines.find(|l| l.split(',').nth(4) == Some("64")).unwrap();
    assert!(
        row64.ends_with(",3,694,721,40.1,41.2,TP8,,2026-01-09,https://example.org/runs/9"),
        "{row64}"
    );
    let p64_json = &json["sides"][0]["points"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["concurrency"].as_f64() == Some(64.0))
        .unwrap();
    assert_eq!(p64_json["parallelism"], "TP8");
    assert_eq!(p64_json["date"], "2026-01-09");
    assert_eq!(p64_json["run_url"], "https://example.org/runs/9");
    assert!(
        p64_json.get("image").is_none(),
        "no image in the data, none in the export"
    );

    // The chart's tooltip dimension.
    assert!(
        html.contains("694–721 tok/s/GPU, 40.1–41.2 tok/s/user over 3 runs"),
        "the chart row carries the spread"
    );
}

/// Each side's throughput at each row of a history entry or of `rows` (`None`: no value).
fn throughputs(rows: &Value) -> Vec<Vec<Option<f64>>> {
    rows.as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["values"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v["throughput"].as_f64())
                .collect()
        })
        .collect()
}

#[test]
fn the_history_recomputes_the_rows_on_each_runs_snapshot() {
    let f = three_runs();
    let json = hub_json(&f);
    // The newest frontier: (41.2, 721) and (90, 300), a straight line. Range [41.2, 90],
    // targets ⌊41.2 + 48.8·q + 0.5⌋ for q = ¼, ½, ¾: 53, 66, 78.
    let targets = Fixture::interactivities(&json["rows"]);
    assert_eq!(targets, [53.0, 66.0, 78.0]);
    let history = json["history"].as_array().unwrap();
    // Run order: r3 (undated), r2 (2026-01-02), r1 (2026-01-09).
    let runs: Vec<(&str, Option<&str>)> = history
        .iter()
        .map(|e| (e["run"].as_str().unwrap(), e["date"].as_str()))
        .collect();
    assert_eq!(
        runs,
        [
            ("r3", None),
            ("r2", Some("2026-01-02")),
            ("r1", Some("2026-01-09"))
        ]
    );
    // r3's snapshot: (40.8, 700.4), (90, 280): slope −420.4/49.2 = −8.54472.
    //   53: 700.4 − 8.54472·12.2 = 596.1545; 66: − ·25.2 = 485.0732; 78: − ·37.2 = 382.5366.
    // r2's: its 694.0 at 40.1 is dated, so newer than r3's; (40.1, 694), (90, 280): slope
    //   −414/49.9 = −8.29659. 53: 586.9739; 66: 479.1182; 78: 379.5591.
    // r1's: (41.2, 721), (90, 300): slope −421/48.8 = −8.62705. 53: 619.2008; 66: 507.0492;
    //   78: 403.5246.
    let expected = [
        [596.1545, 485.0732, 382.5366],
        [586.9739, 479.1182, 379.5591],
        [619.2008, 507.0492, 403.5246],
    ];
    for (entry, want) in history.iter().zip(expected) {
        let got = throughputs(&entry["rows"]);
        for (row, w) in got.iter().zip(want) {
            let t = row[0].expect("a value at every target");
            assert!(
                (t - w).abs() < 1e-3,
                "{} at {:?}: {t} vs {w}",
                entry["run"],
                row
            );
        }
    }
    // The last entry is the page itself.
    assert_eq!(history.last().unwrap()["rows"], json["rows"]);
}

mod property {
    use std::collections::BTreeSet;
    use std::sync::OnceLock;

    use benchsite::compute::since::Change;
    use benchsite::compute::{self, Spreads};
    use benchsite::input::catalog::{Catalog, CostProvider};
    use benchsite::input::dataset::Dataset;
    use benchsite::input::record::{Record, Source};
    use benchsite::input::runs::Run;
    use benchsite::plan;
    use benchsite::types::*;
    use proptest::prelude::*;

    fn catalog() -> &'static Catalog {
        static SITE: OnceLock<benchsite::site::Site> = OnceLock::new();
        &SITE
            .get_or_init(|| benchsite::build::load(&super::common::demo_root(), false).unwrap())
            .catalog
    }

    fn record(
        run: usize,
        index: usize,
        date: Option<RunDate>,
        pick: (usize, usize, u32, f64, f64),
    ) -> Record {
        let (hw, fw, conc, tput, intvty) = pick;
        Record {
            model: ModelId::new("dsr1").unwrap(),
            hardware: HardwareId::new(["b200", "h100"][hw]).unwrap(),
            runner: ["b200", "h100"][hw].into(),
            framework: Framework::new(["vllm", "sglang"][fw]).unwrap(),
            precision: Precision::new("fp8").unwrap(),
            spec_decoding: SpecDecoding::none(),
            disagg: false,
            sequence: Sequence {
                isl: 1024,
                osl: 1024,
            },
            parallelism: Parallelism::Aggregated(Layout::default()),
            conc,
            throughput: tput,
            input_throughput: None,
            output_throughput: None,
            interactivity: Interactivity(intvty),
            median_ttft: None,
            p99_ttft: None,
            median_e2el: None,
            image: None,
            date,
            run_url: None,
            source: Source { file: run, index },
        }
    }

    /// The "Since the previous run" box exists exactly for two entries or more, and each of
    /// its changes says what the last two entries' throughputs say.
    fn since_agrees_with_the_last_two_entries(
        page: &compute::PageData,
    ) -> Result<(), TestCaseError> {
        let n = page.history.len();
        let Some(since) = &page.since else {
            prop_assert!(n < 2);
            return Ok(());
        };
        prop_assert!(n >= 2);
        let (previous, last) = (&page.history[n - 2], &page.history[n - 1]);
        prop_assert_eq!((since.previous, since.last), (previous.run, last.run));
        prop_assert_eq!(since.targets.len(), page.rows.len());
        for (t, (p, l)) in since
            .targets
            .iter()
            .zip(previous.rows.iter().zip(&last.rows))
        {
            for (side, ((change, p), l)) in t.sides.iter().zip(&p.values).zip(&l.values).enumerate()
            {
                let (p, l) = (p.map(|v| v.throughput), l.map(|v| v.throughput));
                match (*change, p, l) {
                    (Change::Changed { percent }, Some(p), Some(l)) => {
                        prop_assert!(percent.abs() >= 0.5);
                        prop_assert_eq!(percent > 0.0, l > p);
                    }
                    (Change::Unchanged { .. }, Some(p), Some(l)) => {
                        prop_assert!((l / p - 1.0).abs() < 0.005);
                        prop_assert!(since.measured[side]);
                    }
                    // A side the last run did not measure: earlier runs' values in both.
                    (Change::NotRerun, Some(p), Some(l)) => {
                        prop_assert!((l / p - 1.0).abs() < 0.005);
                        prop_assert!(!since.measured[side]);
                    }
                    (Change::New, None, Some(_))
                    | (Change::Gone, Some(_), None)
                    | (Change::Absent, None, None) => {}
                    other => prop_assert!(false, "{other:?}"),
                }
            }
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(96))]
        #[test]
        fn the_last_entry_is_the_page_and_entries_are_the_runs_it_selects(
            dates in proptest::collection::vec(proptest::option::of(1u8..4), 1..6),
            picks in proptest::collection::vec(
                (0usize..6, (0usize..2, 0usize..2, 1u32..5, 100.0f64..3000.0, 5.0f64..120.0)),
                1..40,
            ),
        ) {
            let runs: Vec<Run> = dates
                .iter()
                .enumerate()
                .map(|(i, d)| Run {
                    path: format!("data/results/r{i}/a.json").into(),
                    label: format!("r{i}"),
                    date: d.and_then(|d| RunDate::parse(&format!("2026-01-0{d}"))),
                    ..Run::default()
                })
                .collect();
            // Records in file order, each dated by its run (as run.yaml would).
            let mut sorted = picks.clone();
            sorted.sort_by_key(|p| p.0 % runs.len());
            let records: Vec<Record> = sorted
                .iter()
                .enumerate()
                .map(|(j, &(run, pick))| {
                    let run = run % runs.len();
                    record(run, j, runs[run].date.clone(), pick)
                })
                .collect();
            let data = Dataset::new(runs, records.clone());
            let plan = plan::plan(&data);
            let spreads = Spreads::new(&data);
            for page in &plan.pages {
                let computed = compute::compute(page, &data, catalog(), CostProvider::Hyperscaler, &spreads);
                let last = computed.history.last().expect("a page has a run");
                prop_assert_eq!(&last.rows, &computed.rows);
                // Independently: every raw record a side selects, by run, in run order.
                let selecting: BTreeSet<usize> = records
                    .iter()
                    .filter(|r| r.sequence == page.sequence && page.sides.iter().any(|s| s.filter.matches(r)))
                    .map(|r| r.source.file)
                    .collect();
                let mut expected: Vec<usize> = selecting.into_iter().collect();
                expected.sort_by_key(|&f| (data.runs[f].date.clone(), data.runs[f].path.clone()));
                let got: Vec<usize> = computed.history.iter().map(|e| e.run.0).collect();
                prop_assert_eq!(got, expected);
                since_agrees_with_the_last_two_entries(&computed)?;
            }
        }
    }
}
