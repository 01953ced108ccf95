//! "Since the previous run" and the trend chart (SPEC §13) on a fixture worked out by hand.

mod common;

use common::{Fixture, texts};

/// One B200 FP8 1k/1k TP8 measurement of `model` with `framework` at concurrency `conc`.
fn record(model: &str, framework: &str, conc: u32, tput: f64, intvty: f64, image: &str) -> String {
    format!(
        "- {{hw: b200, infmax_model_prefix: {model}, framework: {framework}, precision: fp8, \
         spec_decoding: none, disagg: false, isl: 1024, osl: 1024, conc: {conc}, tp: 8, \
         tput_per_gpu: {tput}, median_intvty: {intvty}, image: \"{image}\"}}\n"
    )
}

const SGL: &str = "lmsysorg/sglang:v0.5.6";
const VLLM_OLD: &str = "vllm/vllm-openai:v0.11.2";
const VLLM_NEW: &str = "vllm/vllm-openai:v0.13.0";
const TRT: &str = "nvcr.io/nvidia/tensorrt-llm:1.0";

/// Three runs whose dates run against their path order: r1/ "Nightly 9" dated 2026-01-09 with
/// a URL, r2/ dated 2026-01-02, r3/ undated. Run order: r3, r2, r1. Every point sits at
/// interactivity 40 (concurrency 64) or 90 (concurrency 8), except vLLM's concurrency 8 in r3,
/// at 70, so each frontier is a straight line.
///
/// | series | r3           | r2           | r1                        |
/// |--------|--------------|--------------|---------------------------|
/// | SGLang | 700 / 300    | 700 / 300    | 700 / 330                 |
/// | vLLM   | 600 / 450@70 | 603 (64 only)| 590 / 340, new image      |
/// | TRT    | —            | 500 / 200    | 501 / 200.5               |
///
/// GPT-OSS is measured in r3 only: its hub has one history entry.
fn fixture() -> Fixture {
    let f = Fixture::without_results();
    let r1 = [
        record("dsr1", "sglang", 64, 700.0, 40.0, SGL),
        record("dsr1", "sglang", 8, 330.0, 90.0, SGL),
        record("dsr1", "vllm", 64, 590.0, 40.0, VLLM_NEW),
        record("dsr1", "vllm", 8, 340.0, 90.0, VLLM_NEW),
        record("dsr1", "trt", 64, 501.0, 40.0, TRT),
        record("dsr1", "trt", 8, 200.5, 90.0, TRT),
    ];
    let r2 = [
        record("dsr1", "sglang", 64, 700.0, 40.0, SGL),
        record("dsr1", "sglang", 8, 300.0, 90.0, SGL),
        record("dsr1", "vllm", 64, 603.0, 40.0, VLLM_OLD),
        record("dsr1", "trt", 64, 500.0, 40.0, TRT),
        record("dsr1", "trt", 8, 200.0, 90.0, TRT),
    ];
    let r3 = [
        record("dsr1", "sglang", 64, 700.0, 40.0, SGL),
        record("dsr1", "sglang", 8, 300.0, 90.0, SGL),
        record("dsr1", "vllm", 64, 600.0, 40.0, VLLM_OLD),
        record("dsr1", "vllm", 8, 450.0, 70.0, VLLM_OLD),
        record("gptoss", "sglang", 64, 500.0, 40.0, SGL),
        record("gptoss", "sglang", 8, 200.0, 90.0, SGL),
    ];
    f.write("data/results/r1/agg.yaml", &r1.concat());
    f.write(
        "data/results/r1/run.yaml",
        "date: 2026-01-09\nurl: https://example.org/runs/9\ntitle: Nightly 9\n",
    );
    f.write("data/results/r2/agg.yaml", &r2.concat());
    f.write("data/results/r2/run.yaml", "date: 2026-01-02\n");
    f.write("data/results/r3/agg.yaml", &r3.concat());
    f.build_ok();
    f
}

const HUB: &str = "public/dsr1/b200/fp8/1k-1k/index.html";

/// Each row of the box's table: the side's name, then its change at each target.
fn change_rows(html: &str) -> Vec<Vec<String>> {
    let doc = scraper::Html::parse_document(html);
    let row = scraper::Selector::parse("section.since table tbody tr").unwrap();
    let cell = scraper::Selector::parse("th, td").unwrap();
    doc.select(&row)
        .map(|r| {
            r.select(&cell)
                .map(|c| c.text().collect::<String>().trim().to_string())
                .collect()
        })
        .collect()
}

/// The changes from r2 to r1 at the targets 53, 65 and 78 tok/s/user (the final frontiers all
/// span [40, 90]: 40 + 50·q rounded, q = ¼, ½, ¾), each side a line y(x) = T64 + (T8 − T64)·f
/// with f = (x − 40)/50 = 0.26, 0.5, 0.76 (vLLM's r2 line runs to 70 only: f = (x − 40)/30).
///
/// - SGLang: r2 596, 500, 396; r1 603.8, 515, 418.8: +1.31% → "+1%", +3%, +5.76% → "+6%".
/// - vLLM: r2 (603 at 40, 450 at 70, slope −5.1) 536.7, 475.5, none at 78; r1 (590, 340,
///   slope −5) 525, 465, 400: −2.18% → "−2%", −2.21% → "−2%", and "new".
/// - TensorRT-LLM: r2 422, 350, 272; r1 422.87, 350.75, 272.62: +0.21%, +0.21%, +0.23%, all
///   "unchanged".
const EXPECTED: [(&str, [&str; 3]); 3] = [
    ("SGLang", ["+1%", "+3%", "+6%"]),
    ("TensorRT-LLM", ["unchanged", "unchanged", "unchanged"]),
    ("vLLM", ["\u{2212}2%", "\u{2212}2%", "new"]),
];

fn assert_rows(html: &str, sides: &[&str]) {
    let mut rows = change_rows(html);
    rows.sort();
    let expected: Vec<Vec<String>> = EXPECTED
        .iter()
        .filter(|(side, _)| sides.contains(side))
        .map(|(side, cells)| {
            std::iter::once(side.to_string())
                .chain(cells.iter().map(|c| c.to_string()))
                .collect()
        })
        .collect();
    assert_eq!(rows, expected);
}

#[test]
fn the_box_gives_each_sides_change_names_both_runs_and_lists_new_images() {
    let f = fixture();
    let html = f.read(HUB);
    assert_eq!(texts(&html, "section.since h2"), ["Since the previous run"]);
    assert_eq!(
        texts(&html, "section.since thead th"),
        ["Series", "53 tok/s/user", "65 tok/s/user", "78 tok/s/user"]
    );
    assert_rows(&html, &["SGLang", "TensorRT-LLM", "vLLM"]);

    // Both runs named and dated; the last one, which has a URL, linked.
    let intro = &texts(&html, "section.since > p")[0];
    assert!(
        intro.contains(
            "the latest run that measured this page, Nightly 9 (2026-01-09), against the one \
             before it, r2 (2026-01-02). Changes under 0.5% count as unchanged."
        ),
        "{intro}"
    );
    let doc = scraper::Html::parse_document(&html);
    let a = scraper::Selector::parse("section.since > p a").unwrap();
    let links: Vec<_> = doc
        .select(&a)
        .map(|e| e.value().attr("href").unwrap())
        .collect();
    assert_eq!(links, ["https://example.org/runs/9"]);

    // vLLM's concurrency 64 was last measured in r2 and 8 in r3, both with the old image.
    // The series' name says the engine, so the configuration does not repeat it.
    assert_eq!(
        texts(&html, "section.since ul.image-changes li"),
        [format!(
            "vLLM — TP8 · concurrency 8, 64: {VLLM_OLD} → {VLLM_NEW}"
        )]
    );
}

/// The runs the trend's values name, run by run (each item's text before its colon).
fn trend_runs(html: &str) -> Vec<String> {
    let items = texts(html, ".trend-values li");
    items
        .iter()
        .map(|li| li.split(':').next().unwrap().to_string())
        .collect()
}

/// A run without a date is called "undated" only beside a dated run: where no run has a date
/// (as in InferenceMAX's own files), the word would follow every run's name and tell nothing.
#[test]
fn a_run_is_called_undated_only_beside_a_dated_one() {
    let f = fixture();
    f.write("data/results/r2/run.yaml", "title: Second\n");
    f.build_ok();
    // Run order: r2 and r3 (undated, by path), then r1. The box names r1 and r3.
    let intro = &texts(&f.read(HUB), "section.since > p")[0];
    let named = "Nightly 9 (2026-01-09), against the one before it, r3 (undated).";
    assert!(intro.contains(named), "{intro}");
    // The trend's values, run by run, name them the same way.
    let runs = trend_runs(&f.read(HUB));
    assert_eq!(
        runs,
        ["Second (undated)", "r3 (undated)", "Nightly 9 (2026-01-09)"]
    );
    let home = &texts(&f.read("public/index.html"), "p.latest-run")[0];
    assert!(
        home.starts_with("Latest results: Nightly 9 (2026-01-09) ·"),
        "{home}"
    );
    let changes = f.read("public/changes/index.html");
    let headings = texts(&changes, "section.run-changes h2");
    assert_eq!(
        headings,
        ["Nightly 9 (2026-01-09)", "r3 (undated)", "Second (undated)"]
    );

    // No run dated: run order is path order, r1, r2, r3; no page says "undated".
    f.write("data/results/r1/run.yaml", "title: Nightly 9\n");
    f.build_ok();
    let intro = &texts(&f.read(HUB), "section.since > p")[0];
    assert!(
        intro.contains("r3, against the one before it, Second."),
        "{intro}"
    );
    let runs = trend_runs(&f.read(HUB));
    assert_eq!(runs, ["Nightly 9", "Second", "r3"]);
    let changes = f.read("public/changes/index.html");
    let headings = texts(&changes, "section.run-changes h2");
    assert_eq!(headings, ["r3", "Second", "Nightly 9"]);
    let undated: Vec<String> = common::snapshot(&f.root().join("public"))
        .into_iter()
        .filter(|(_, bytes)| String::from_utf8_lossy(bytes).contains("undated"))
        .map(|(path, _)| path)
        .collect();
    assert!(undated.is_empty(), "{undated:?}");
}

#[test]
fn comparison_pages_have_the_box_too() {
    let f = fixture();
    // Both sides span [40, 90]: the same targets as the hub, so the same changes.
    let html = f.read("public/compare-framework/dsr1-b200-fp8-sglang-vs-vllm/1k-1k/index.html");
    assert_rows(&html, &["SGLang", "vLLM"]);
}

#[test]
fn the_trend_has_a_marker_per_value_and_an_accessible_name() {
    let f = fixture();
    let html = f.read(HUB);
    let doc = scraper::Html::parse_document(&html);
    let svg = scraper::Selector::parse("section.since svg[role=img]").unwrap();
    let svgs: Vec<_> = doc.select(&svg).collect();
    assert_eq!(svgs.len(), 1);
    let label = svgs[0].value().attr("aria-label").unwrap();
    assert_eq!(
        label,
        "Throughput per GPU at 65 tok/s/user in each of the 3 runs that measured this page, \
         for SGLang, TensorRT-LLM and vLLM; the values are listed below it, run by run."
    );
    assert_eq!(texts(&html, "section.since svg title"), [label]);
    // The drawing's scale is named beneath it: the unit, and that it starts at zero.
    assert!(texts(&html, "section.since figcaption")[0].starts_with(
        "Throughput per GPU at 65 tok/s/user, run by run, oldest first, in tok/s/GPU on a \
             scale from zero."
    ));
    // At 65 tok/s/user: SGLang in r3, r2, r1; vLLM in r3 (its line to 70 reaches 65), r2, r1;
    // TensorRT-LLM in r2 and r1 (not measured in r3): 8 markers, in each side's shape (its
    // swatch's, by its place in the table: SGLang's squares, TensorRT-LLM's circles, vLLM's
    // triangles), one line per side.
    assert_eq!(
        texts(&html, "section.since table tbody th"),
        ["SGLang", "TensorRT-LLM", "vLLM"]
    );
    let marks = |side: &str, shape: &str| {
        let s = scraper::Selector::parse(&format!("g.{side} {shape}")).unwrap();
        svgs[0].select(&s).count()
    };
    assert_eq!(
        [
            marks("side-0", "path.mark"),
            marks("side-1", "circle"),
            marks("side-2", "path.mark")
        ],
        [3, 2, 3]
    );
    assert_eq!(marks("side-1", "path.mark") + marks("side-0", "circle"), 0);
    let line = scraper::Selector::parse("g path:not(.mark)").unwrap();
    assert_eq!(svgs[0].select(&line).count(), 3);
    // A scale from zero, and the first and last runs named under the ends (by date if dated).
    let html_svg = svgs[0].html();
    assert!(html_svg.contains(">0</text>"), "{html_svg}");
    assert_eq!(
        texts(&html, "section.since svg text.trend-run"),
        ["r3", "2026-01-09"]
    );
    // The text alternative, under the chart for every reader (folded): one item per run,
    // oldest first, with each side's value.
    assert_eq!(
        texts(&html, "section.since figure details summary"),
        ["Values, run by run"]
    );
    let items = texts(&html, "section.since figure details ul li");
    assert_eq!(items.len(), 3);
    // r3 has no date, beside dated runs: it is called undated.
    assert!(items[0].starts_with("r3 (undated):"), "{items:?}");
    assert!(items[0].contains("TensorRT-LLM no value"), "{items:?}");
    assert!(items[2].starts_with("Nightly 9 (2026-01-09):"), "{items:?}");
    assert!(items[2].contains("SGLang 515.0 tok/s/GPU"), "{items:?}");
}

/// A side its run did not re-measure keeps its earlier value in the snapshot (SPEC §13); the
/// trend draws that value hollow and its list says so, where the existing fixture has none.
#[test]
fn a_value_carried_from_an_earlier_run_is_drawn_hollow_and_named() {
    let f = Fixture::without_results();
    let both = |tput: f64| {
        [
            record("dsr1", "sglang", 64, tput, 40.0, SGL),
            record("dsr1", "sglang", 8, tput / 2.0, 90.0, SGL),
            record("dsr1", "vllm", 64, 600.0, 40.0, VLLM_OLD),
            record("dsr1", "vllm", 8, 300.0, 90.0, VLLM_OLD),
        ]
        .concat()
    };
    // a and c measure both series; b, between them, SGLang alone.
    f.write("data/results/a/agg.yaml", &both(700.0));
    f.write("data/results/a/run.yaml", "date: 2026-01-01\n");
    let sglang_only = [
        record("dsr1", "sglang", 64, 710.0, 40.0, SGL),
        record("dsr1", "sglang", 8, 355.0, 90.0, SGL),
    ];
    f.write("data/results/b/agg.yaml", &sglang_only.concat());
    f.write("data/results/b/run.yaml", "date: 2026-01-02\n");
    f.write("data/results/c/agg.yaml", &both(720.0));
    f.write("data/results/c/run.yaml", "date: 2026-01-03\n");
    f.build_ok();
    let html = f.read(HUB);
    let doc = scraper::Html::parse_document(&html);
    let count = |selector: &str| {
        let s = scraper::Selector::parse(selector).unwrap();
        doc.select(&s).count()
    };
    assert_eq!(
        texts(&html, "section.since table tbody th"),
        ["SGLang", "vLLM"]
    );
    // Six values, one hollow: vLLM's (side 1) in run b.
    assert_eq!(count("section.since svg g.carried"), 1);
    assert_eq!(count("section.since svg g.side-1 g.carried > *"), 1);
    assert_eq!(count("section.since svg g.side-0 g.carried"), 0);
    let items = texts(&html, "section.since figure details ul li");
    assert_eq!(items.len(), 3);
    assert!(
        items[1].contains("vLLM 450.0 tok/s/GPU (not re-run)"),
        "{items:?}"
    );
    assert!(
        !items[0].contains("not re-run") && !items[2].contains("not re-run"),
        "{items:?}"
    );
    assert_eq!(items[1].matches("(not re-run)").count(), 1, "{items:?}");
    assert!(items[1].contains("SGLang 532.5 tok/s/GPU,"), "{items:?}");
    let caption = texts(&html, "section.since figure figcaption");
    assert!(
        caption[0].ends_with(
            "A hollow mark is a side that run did not re-measure, shown at its earlier value."
        ),
        "{caption:?}"
    );
}

#[test]
fn a_page_measured_in_one_run_has_neither_box_nor_trend() {
    let f = fixture();
    let html = f.read("public/gpt-oss-120b/b200/fp8/1k-1k/index.html");
    assert!(texts(&html, "section.since").is_empty());
    assert!(!html.contains("trend-chart"), "no trend chart");
    // …while the history itself is there, with its one entry.
    let json = f.json("public/gpt-oss-120b/b200/fp8/1k-1k/index.json");
    assert_eq!(json["history"].as_array().unwrap().len(), 1);
}

/// A side the latest run did not measure keeps its earlier values (the snapshot's): its cells
/// say "not re-run", not "unchanged", and the box names it.
#[test]
fn a_side_the_latest_run_did_not_measure_is_named() {
    let f = Fixture::without_results();
    let vllm = [
        record("dsr1", "vllm", 64, 600.0, 40.0, VLLM_OLD),
        record("dsr1", "vllm", 8, 300.0, 90.0, VLLM_OLD),
    ];
    let sglang = |scale: f64| {
        [
            record("dsr1", "sglang", 64, 700.0 * scale, 40.0, SGL),
            record("dsr1", "sglang", 8, 330.0 * scale, 90.0, SGL),
        ]
    };
    f.write(
        "data/results/a/agg.yaml",
        &(sglang(1.0).concat() + &vllm.concat()),
    );
    f.write("data/results/a/run.yaml", "date: 2026-01-01\n");
    f.write("data/results/b/agg.yaml", &sglang(1.1).concat());
    f.write("data/results/b/run.yaml", "date: 2026-01-02\n");
    f.build_ok();
    for page in [
        HUB,
        "public/compare-framework/dsr1-b200-fp8-sglang-vs-vllm/1k-1k/index.html",
    ] {
        let html = f.read(page);
        let rows = change_rows(&html);
        let vllm_row = rows.iter().find(|r| r[0] == "vLLM").unwrap();
        assert!(
            vllm_row[1..].iter().all(|c| c == "not re-run"),
            "{page}: {rows:?}"
        );
        let sglang_row = rows.iter().find(|r| r[0] == "SGLang").unwrap();
        assert!(
            sglang_row[1..].iter().all(|c| c == "+10%"),
            "{page}: {rows:?}"
        );
        let intro = texts(&html, "section.since > p").join(" ");
        assert!(
            intro.contains(
                "Not measured in the latest run, and so shown with the values of earlier runs: vLLM."
            ),
            "{page}: {intro}"
        );
    }
    // Where the latest run measured every side, nothing of the kind is said.
    assert!(
        !fixture()
            .read(HUB)
            .contains("Not measured in the latest run")
    );
}

/// Two runs of MTP against Off on B200 FP8 1k/1k, each side a straight line from 20 to 60
/// tok/s/user (concurrency 64 and 8), so the targets are 30, 40 and 50 and every value is
/// worked out by hand:
///
/// | run        | MTP         | Off       | at 30     | at 40     | at 50     |
/// |------------|-------------|-----------|-----------|-----------|-----------|
/// | 2026-01-01 | 1000 → 200  | 800 → 400 | 800 / 700 | 600 / 600 | 400 / 500 |
/// | 2026-01-02 | 1000 → 500  | 800 → 400 | 875 / 700 | 750 / 600 | 625 / 500 |
///
/// At 50 Off led by 25% and MTP now leads by 25%: the lead changed hands. At 40 the sides were
/// tied, and a tie that becomes a lead is not a change of hands; at 30 MTP led both times.
#[test]
fn the_box_says_where_the_lead_changed_hands() {
    let f = Fixture::without_results();
    let run = |date: &str, mtp_fast: f64| {
        let point = |spec: &str, conc: u32, tput: f64, intvty: f64| {
            format!(
                "  - {{hw: b200, infmax_model_prefix: dsr1, framework: sglang, precision: fp8, \
                 spec_decoding: {spec}, disagg: false, isl: 1024, osl: 1024, conc: {conc}, tp: 8, \
                 tput_per_gpu: {tput}, median_intvty: {intvty}}}\n"
            )
        };
        format!(
            "run: {{date: {date}}}\nresults:\n{}{}{}{}",
            point("mtp", 64, 1000.0, 20.0),
            point("mtp", 8, mtp_fast, 60.0),
            point("none", 64, 800.0, 20.0),
            point("none", 8, 400.0, 60.0)
        )
    };
    f.write("data/results/a.yaml", &run("2026-01-01", 200.0));
    f.write("data/results/b.yaml", &run("2026-01-02", 500.0));
    f.build_ok();
    let html = f.read("public/compare-spec-decode/dsr1-b200-fp8-mtp-vs-none/1k-1k/index.html");
    assert_eq!(
        texts(&html, "section.since p.since-flip"),
        [
            "At 50 tok/s/user, MTP is now ahead of Off: 625 against 500 tok/s/GPU, where the \
             previous run had 400 against 500."
        ]
    );
    assert_eq!(
        change_rows(&html),
        [
            vec!["MTP", "+9%", "+25%", "+56%"],
            vec!["Off", "unchanged", "unchanged", "unchanged"]
        ]
    );
    // A hub's series are not two sides facing each other: no such sentence there.
    let hub = f.read("public/dsr1/b200/fp8/1k-1k/index.html");
    assert!(!texts(&hub, "section.since").is_empty());
    assert!(texts(&hub, "section.since p.since-flip").is_empty());
}
