//! Comparison pages: hand-computed figures on a small fixture, and properties of every page
//! built from the real data.

mod common;

use std::collections::BTreeSet;

use common::{Fixture, links, links_in, texts};
use serde_json::Value;

/// A spec-decoding pair on B200 FP8 1k/1k with two points per side, so each frontier is a
/// straight line and every figure can be worked out by hand.
fn two_point_sides(mtp: [(f64, f64, u32); 2], off: [(f64, f64, u32); 2]) -> Fixture {
    let f = Fixture::without_results();
    let mut yaml = String::new();
    for (spec, points) in [("mtp", mtp), ("none", off)] {
        for (x, t, conc) in points {
            yaml.push_str(&format!(
                "- {{hw: b200, infmax_model_prefix: dsr1, framework: sglang, precision: fp8, spec_decoding: {spec}, \
                 disagg: false, isl: 1024, osl: 1024, conc: {conc}, tp: 8, tput_per_gpu: {t}, median_intvty: {x}}}\n"
            ));
        }
    }
    f.write("data/results/pair.yaml", &yaml);
    let run = f.run(&["build"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    f
}

const PAGE: &str = "public/compare-spec-decode/dsr1-b200-fp8-mtp-vs-none/1k-1k/";

fn page_json(f: &Fixture) -> Value {
    serde_json::from_str(&f.read(&format!("{PAGE}index.json"))).unwrap()
}

#[test]
fn matched_table_on_hand_computed_frontiers() {
    // MTP: (20 tok/s/user, 2000 tok/s/GPU, conc 100) and (60, 1000, 20): a line of slope -25.
    // Off: (30, 1200, 80) and (50, 800, 30): slope -20.
    // Overlap [30, 50]; targets 30 + 20·q for q = .25, .5, .75 = 35, 40, 45 (already whole).
    // At 40: MTP 2000 − 25·20 = 1500, Off 1200 − 20·10 = 1000 tok/s/GPU.
    //   cost = 1.95 $/h / (T · 3600) · 1e6: MTP 0.36111 → $0.361, Off 0.54167 → $0.542.
    //   tok/s/MW = T · 1000 / 2.17: MTP 691,244.2 → 691,244; Off 460,829.5 → 460,829 (rounds down).
    //   concurrency: MTP 100 − 2·20 = 60, Off 80 − 2.5·10 = 55.
    let f = two_point_sides(
        [(20.0, 2000.0, 100), (60.0, 1000.0, 20)],
        [(30.0, 1200.0, 80), (50.0, 800.0, 30)],
    );
    let json = page_json(&f);
    assert_eq!(json["overlap"], serde_json::json!({"lo": 30.0, "hi": 50.0}));
    let targets: Vec<f64> = json["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["interactivity"].as_f64().unwrap())
        .collect();
    assert_eq!(targets, [35.0, 40.0, 45.0]);
    let at40 = &json["rows"][1]["values"];
    assert!((at40[0]["throughput"].as_f64().unwrap() - 1500.0).abs() < 1e-9);
    assert!((at40[1]["throughput"].as_f64().unwrap() - 1000.0).abs() < 1e-9);
    assert!((at40[0]["concurrency"].as_f64().unwrap() - 60.0).abs() < 1e-9);

    let html = f.read(&format!("{PAGE}index.html"));
    let headings = texts(&html, "table.matched thead th");
    assert_eq!(
        headings,
        ["Metric", "35 tok/s/user", "40 tok/s/user", "45 tok/s/user"]
    );
    // On a phone the table stacks into a column per target (style.css reads `--targets`),
    // and a legend, shown only there, names the sides the cells then mark by swatch alone.
    assert_eq!(
        common::attr(&html, "table.matched", "style").as_deref(),
        Some("--targets:3")
    );
    assert_eq!(texts(&html, ".narrow-only .legend li"), ["MTP", "Off"]);
    let rows = texts(&html, "table.matched tbody th");
    assert_eq!(
        rows,
        [
            "Throughput (tok/s/GPU)",
            "Cost ($/M tok)",
            "tok/s/MW",
            "Concurrency"
        ]
    );
    let grid = cells(&html);
    assert_eq!(grid[0][1], ["MTP 1,500.0", "Off 1,000.0"]);
    assert_eq!(grid[1][1], ["MTP $0.361", "Off $0.542"]);
    assert_eq!(grid[2][1], ["MTP 691,244", "Off 460,829"]);
    assert_eq!(grid[3][1], ["MTP ~60", "Off ~55"]);
    // Better values in bold: MTP's throughput, cost and tok/s/MW in every column; never concurrency.
    let bold = texts(&html, "table.matched strong");
    assert_eq!(bold.len(), 9, "{bold:?}");
    assert!(bold.contains(&"1,500.0".to_string()) && bold.contains(&"$0.361".to_string()));
    assert!(!bold.iter().any(|b| b.starts_with('~')));
}

#[test]
fn measured_points_tables_list_every_point_with_hand_computed_figures() {
    // B200: $1.95/GPU-hour, 2.17 kW. Per point: cost = 1.95 / (T · 3600) · 1e6 to three
    // decimals, tok/s/MW = T · 1000 / 2.17 to a whole number.
    //   MTP (20, 2000, conc 100): $0.271, 921,659; (60, 1000, 20): $0.542, 460,829.
    //   Off (30, 1200, 80): $0.451, 552,995;     (50, 800, 30): $0.677, 368,664.
    let f = two_point_sides(
        [(20.0, 2000.0, 100), (60.0, 1000.0, 20)],
        [(30.0, 1200.0, 80), (50.0, 800.0, 30)],
    );
    // Rows in the dataset's order: by concurrency within a configuration, under their setup's
    // heading, which names speculative decoding as hub series do.
    let mtp = [
        [
            "20",
            "SGLang · MTP · TP8",
            "60.0",
            "1,000.0",
            "$0.542",
            "460,829",
        ],
        [
            "100",
            "SGLang · MTP · TP8",
            "20.0",
            "2,000.0",
            "$0.271",
            "921,659",
        ],
    ];
    let off = [
        ["30", "SGLang · TP8", "50.0", "800.0", "$0.677", "368,664"],
        ["80", "SGLang · TP8", "30.0", "1,200.0", "$0.451", "552,995"],
    ];
    let comparison = f.read(&format!("{PAGE}index.html"));
    assert_eq!(texts(&comparison, "table.points caption"), ["MTP", "Off"]);
    assert_eq!(point_rows(&comparison, 0), mtp);
    assert_eq!(point_rows(&comparison, 1), off);
    // The hub lists both series with the same rows (each record's row is rendered once).
    let hub = f.read("public/dsr1/b200/fp8/1k-1k/index.html");
    let all: Vec<Vec<String>> = (0..texts(&hub, "table.points caption").len())
        .flat_map(|i| point_rows(&hub, i))
        .collect();
    for row in mtp.iter().chain(&off) {
        assert!(all.iter().any(|r| r == row), "{row:?} on the hub: {all:?}");
    }
    assert_eq!(all.len(), 4);
    // Its lead names the series it counts.
    let lead = texts(&hub, ".report-head p.lead").join(" ");
    assert!(
        lead.starts_with("2 series measured (SGLang · MTP, SGLang) for DeepSeek R1 on B200"),
        "{lead}"
    );
}

/// How many bodies the `n`th measured-points table has.
fn bodies(html: &str, n: usize) -> usize {
    let doc = scraper::Html::parse_document(html);
    let sel = |s: &str| scraper::Selector::parse(s).unwrap();
    let table = doc.select(&sel("table.points")).nth(n).unwrap();
    table.select(&sel("tbody")).count()
}

/// The points of the `n`th measured-points table, each as its concurrency, the heading of its
/// setup's rows (engine, layout, precision) and its four figures.
fn point_rows(html: &str, n: usize) -> Vec<Vec<String>> {
    let doc = scraper::Html::parse_document(html);
    let sel = |s: &str| scraper::Selector::parse(s).unwrap();
    // As a reader sees it: no-break spaces are spaces.
    let text = |e: scraper::ElementRef| {
        let text = e.text().collect::<String>();
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    let table = doc
        .select(&sel("table.points"))
        .nth(n)
        .expect("a points table");
    let mut rows = Vec::new();
    for body in table.select(&sel("tbody")) {
        let setup = text(body.select(&sel("tr.setup th")).next().expect("a setup"));
        for tr in body.select(&sel("tr:not(.setup)")) {
            let cells: Vec<String> = tr.select(&sel("td")).map(text).collect();
            assert_eq!(cells.len(), 5, "{cells:?}");
            let mut row = vec![cells[0].clone(), setup.clone()];
            row.extend_from_slice(&cells[1..]);
            rows.push(row);
        }
    }
    rows
}

#[test]
fn lead_and_narrative_state_the_comparison_in_words() {
    let f = two_point_sides(
        [(20.0, 2000.0, 100), (60.0, 1000.0, 20)],
        [(30.0, 1200.0, 80), (50.0, 800.0, 30)],
    );
    let html = f.read(&format!("{PAGE}index.html"));
    // At 35: MTP 2000 − 25·15 = 1625 → $0.33 (0.3333); Off 1200 − 20·5 = 1100 → $0.49 (0.4924).
    let lead = texts(&html, "p.lead").join(" ");
    assert_eq!(
        lead,
        "At 35 tok/s/user on DeepSeek R1 (B200 FP8, 1k/1k), MTP delivers 1,625 tok/s/GPU at $0.33 per million \
         tokens; Off delivers 1,100 tok/s/GPU at $0.49."
    );
    let paragraphs = texts(&html, ".narrative p");
    assert_eq!(
        paragraphs.len(),
        3,
        "one paragraph per target: {paragraphs:?}"
    );
    assert_eq!(paragraphs.iter().collect::<BTreeSet<_>>().len(), 3);
    // Measured at 1k/1k alone, the page links no other sequence length, and does not say so.
    assert!(
        paragraphs[2].ends_with("Numbers reflect this page's pinned 1k/1k · fp8 workload."),
        "{}",
        paragraphs[2]
    );
    assert!(texts(&html, "nav.sequences").is_empty());
    for (p, x) in paragraphs.iter().zip(["35", "40", "45"]) {
        assert!(p.contains(&format!("{x} tok/s")), "paragraph for {x}: {p}");
    }
    let caveats = texts(&html, ".caveats li");
    assert_eq!(
        caveats.len(),
        1,
        "one engine on both sides: only the MTP note: {caveats:?}"
    );
    assert!(caveats[0].contains("MTP acceptance rates differ across inference engines"));
    let description = meta_description(&html);
    assert!(description.chars().count() <= 155, "{description}");
    assert!(
        description.contains("MTP delivers 1,625 tok/s/GPU"),
        "{description}"
    );
}

#[test]
fn where_the_lead_changes_hands_in_words_numbers_and_on_the_chart() {
    // MTP from (10, 100) to (50, 20), Off from (10, 60) to (50, 40): straight lines over the
    // same range. MTP − Off = 40 − 1.5·(x − 10), zero at x = 10 + 80/3 = 36.667, where both
    // deliver 100 − 2·80/3 = 46.667 tok/s/GPU. MTP leads below by up to 100/60, Off above by
    // up to 40/20: each far more than 1%.
    let f = two_point_sides(
        [(10.0, 100.0, 64), (50.0, 20.0, 8)],
        [(10.0, 60.0, 32), (50.0, 40.0, 4)],
    );
    let cross = 10.0 + 80.0 / 3.0;
    let json = page_json(&f);
    let lead = json["leader"].as_array().unwrap();
    assert_eq!(lead.len(), 2, "{lead:?}");
    let stretch = |i: usize| {
        let s = &lead[i];
        (
            s["from"].as_f64().unwrap(),
            s["to"].as_f64().unwrap(),
            s["side"].as_u64().unwrap(),
        )
    };
    let ((from0, to0, side0), (from1, to1, side1)) = (stretch(0), stretch(1));
    assert_eq!((from0, side0, to1, side1), (10.0, 0, 50.0, 1));
    assert!((to0 - cross).abs() < 1e-9 && to0 == from1, "{lead:?}");

    let html = f.read(&format!("{PAGE}index.html"));
    let paragraphs = texts(&html, ".narrative p");
    assert_eq!(
        paragraphs.len(),
        4,
        "three targets and the lead: {paragraphs:?}"
    );
    assert_eq!(
        paragraphs[3],
        "Between 10.0 and 50.0 tok/s/user, where both sides were measured, the lead changes hands at \
         about 36.7: below it MTP delivers more tok/s/GPU, above it Off does. Both run on the \
         same accelerator, so more tok/s/GPU also means a lower cost per token. Numbers reflect \
         this page's pinned 1k/1k · fp8 workload."
    );
    // The drawing rings the crossing. Its axes, as ECharts picks them: x over 10–50 in steps
    // of 10 (a fifth of 40 is 8, which rounds to 10), y over 20–100 in steps of 20 (16 → 20);
    // so 36.667 is (26.667 / 40) = 66.67% along, and 46.667 is 66.67% down from the top.
    let rings: Vec<String> = (html.match_indices(r#"<div class="plot-marks plot-rings">"#))
        .map(|(i, _)| html[i..].split("</div>").next().unwrap().to_string())
        .collect();
    assert_eq!(
        rings,
        [r#"<div class="plot-marks plot-rings"><i style="left:66.67%;top:66.67%"></i>"#]
    );
    assert_eq!(
        texts(&html, "#chart-plot .plot-legend li"),
        ["MTP", "Off", "Lead changes hands"]
    );
    assert!(texts(&html, ".chart figcaption")[0].contains(
        "Rings mark where the lead in tok/s/GPU changes hands: at about 36.7 tok/s/user."
    ));
    // The live chart gets the same point.
    let options = texts(&html, "#chart-options").join("");
    let options: Value = serde_json::from_str(&options).unwrap();
    let point = &options["lead"]["points"][0];
    assert!((point[0].as_f64().unwrap() - cross).abs() < 1e-9, "{point}");
    assert!(
        (point[1].as_f64().unwrap() - (100.0 - 2.0 * 80.0 / 3.0)).abs() < 1e-9,
        "{point}"
    );
    assert_eq!(options["lead"]["label"], "Lead changes hands");
}

/// A result row of DeepSeek R1 at FP8, 1k/1k, TP8, aggregated: on `hw` with `framework` and
/// speculative decoding `spec`, at concurrency `conc`, `t` tok/s/GPU and `x` tok/s/user.
fn fp8_row(hw: &str, framework: &str, spec: &str, conc: u32, t: f64, x: f64) -> String {
    format!(
        "- {{hw: {hw}, infmax_model_prefix: dsr1, framework: {framework}, precision: fp8, \
         spec_decoding: {spec}, disagg: false, isl: 1024, osl: 1024, conc: {conc}, tp: 8, \
         tput_per_gpu: {t}, median_intvty: {x}}}\n"
    )
}

/// Off's frontier runs through SGLang's points (100, 900) and (140, 720) and TRT's (125, 750)
/// together; MTP is the line from (80, 2000) to (160, 1000). The overlap [100, 140] gives the
/// targets 110, 120 and 130. Off's Steffen spline through its three knots (worked by hand:
/// slopes −6 and −2, tangents −7.25, −3.5 and −1.25) reads 829.5, 771.0 and 735.8 there;
/// SGLang alone, a straight line, 855, 810 and 765: 3.1%, 5.1% and 4.0% more (TRT's one point
/// reaches none of them). The note names SGLang and its largest lead, at 120.
#[test]
fn a_side_below_one_of_its_configurations_says_so_and_names_it() {
    let f = Fixture::without_results();
    let mut yaml = String::new();
    for (framework, spec, x, t, conc) in [
        ("sglang", "mtp", 80.0, 2000.0, 64),
        ("sglang", "mtp", 160.0, 1000.0, 8),
        ("sglang", "none", 100.0, 900.0, 32),
        ("sglang", "none", 140.0, 720.0, 4),
        ("trt", "none", 125.0, 750.0, 16),
    ] {
        yaml.push_str(&fp8_row("b200", framework, spec, conc, t, x));
    }
    f.write("data/results/configurations.yaml", &yaml);
    let run = f.run(&["build"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let html = f.read(&format!("{PAGE}index.html"));
    let off: Vec<String> = texts(&html, ".caveats li")
        .into_iter()
        .filter(|c| c.contains("configurations"))
        .collect();
    assert_eq!(
        off,
        [
            "Off's figures fall below one of its own configurations, SGLang, at 110, 120 and 130 \
             tok/s/user; at 120 it alone delivers 810.0 tok/s/GPU, 5% more tok/s/GPU than the \
             table's 771.0: a side's frontier runs through the measured points of all its \
             configurations, and between points of two of them it can pass below one's own curve."
        ]
    );
    assert_eq!(
        links_in(&html, ".caveats a[target=_top]"),
        ["/dsr1/b200/fp8/1k-1k/?at=120"],
        "the note links SGLang's series on its hub, at 120, in the whole window"
    );
    // The embed carries the page's notes, this one too.
    let embed = f.read(&format!(
        "public/embed/{}index.html",
        &PAGE["public/".len()..]
    ));
    assert!(
        texts(&embed, ".caveats li")
            .iter()
            .any(|c| c.starts_with("Off's figures fall below"))
    );
}

#[test]
fn sides_that_do_not_overlap_get_ranges_instead_of_a_table() {
    let f = two_point_sides(
        [(20.0, 2000.0, 100), (30.0, 1000.0, 20)],
        [(40.0, 1200.0, 80), (50.0, 800.0, 30)],
    );
    let json = page_json(&f);
    assert!(json["overlap"].is_null());
    assert_eq!(json["rows"], serde_json::json!([]));
    let html = f.read(&format!("{PAGE}index.html"));
    assert!(texts(&html, "table.matched").is_empty(), "no table");
    let narrative = texts(&html, ".narrative p").join(" ");
    assert!(
        narrative.contains("MTP was measured from 20.0 to 30.0 tok/s/user"),
        "{narrative}"
    );
    assert!(
        narrative.contains("Off from 40.0 to 50.0 tok/s/user"),
        "{narrative}"
    );
    // The page's lead and narrative say so; its embed, which has neither, says so in a note.
    let notes = |html: &str| texts(html, ".caveats li").join(" ");
    assert!(!notes(&html).contains("do not overlap"), "{}", notes(&html));
    let embed = f.read(&format!(
        "public/embed/{}index.html",
        &PAGE["public/".len()..]
    ));
    assert!(
        notes(&embed).contains("The two sides do not overlap"),
        "{}",
        notes(&embed)
    );
}

/// Ranges whose nearer ends round alike at one decimal (36.96 and 37.04 both read "37.0") are
/// printed with two, in the paragraph and the meta description alike: disjoint ranges must
/// look disjoint.
#[test]
fn disjoint_ranges_are_printed_with_the_decimals_that_keep_them_apart() {
    let f = two_point_sides(
        [(20.0, 2000.0, 100), (36.96, 1000.0, 20)],
        [(37.04, 1200.0, 80), (50.0, 800.0, 30)],
    );
    let html = f.read(&format!("{PAGE}index.html"));
    let narrative = texts(&html, ".narrative p").join(" ");
    assert!(
        narrative.contains(
            "MTP was measured from 20.00 to 36.96 tok/s/user and Off from 37.04 to 50.00 tok/s/user"
        ),
        "{narrative}"
    );
    let description = meta_description(&html);
    assert!(
        description.contains("MTP reaches 20.00–36.96 tok/s/user, Off 37.04–50.00."),
        "{description}"
    );
    // The lead sentence says there is nothing to compare, its opening phrase set off.
    let lead = texts(&html, "p.lead").join(" ");
    assert!(
        lead.contains(
            "), MTP and Off were measured at different interactivities, so there is no \
             like-for-like point to compare."
        ),
        "{lead}"
    );
    // The same with the first side above the second.
    let f = two_point_sides(
        [(37.04, 1200.0, 80), (50.0, 800.0, 30)],
        [(20.0, 2000.0, 100), (36.96, 1000.0, 20)],
    );
    let html = f.read(&format!("{PAGE}index.html"));
    let description = meta_description(&html);
    assert!(
        description.contains("MTP reaches 37.04–50.00 tok/s/user, Off 20.00–36.96."),
        "{description}"
    );
}

/// The matched table as `[metric row][target column][side]` texts.
fn cells(html: &str) -> Vec<Vec<Vec<String>>> {
    let doc = scraper::Html::parse_document(html);
    let sel = |s: &str| scraper::Selector::parse(s).unwrap();
    let text = |e: scraper::ElementRef| {
        e.text()
            .collect::<String>()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    doc.select(&sel("table.matched tbody tr"))
        .map(|tr| {
            tr.select(&sel("td"))
                .map(|td| td.select(&sel("li")).map(text).collect())
                .collect()
        })
        .collect()
}

fn meta_description(html: &str) -> String {
    let doc = scraper::Html::parse_document(html);
    let sel = scraper::Selector::parse("meta[name=description]").unwrap();
    doc.select(&sel)
        .next()
        .unwrap()
        .value()
        .attr("content")
        .unwrap()
        .to_string()
}

fn canonical(html: &str) -> String {
    let doc = scraper::Html::parse_document(html);
    let sel = scraper::Selector::parse("link[rel=canonical]").unwrap();
    doc.select(&sel)
        .next()
        .unwrap()
        .value()
        .attr("href")
        .unwrap()
        .to_string()
}

/// The demo site, built once per test binary run by each test that needs it.
fn demo() -> Fixture {
    let f = Fixture::demo();
    let run = f.run(&["build"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    f
}

#[test]
fn real_data_pages_follow_the_rules() {
    let f = demo();
    let site = benchsite::build::load(f.root(), false).unwrap();
    // The two MTP comparisons the published data supports.
    for page in [
        "compare-spec-decode/dsr1-gb200-fp4-mtp-vs-none/8k-1k/",
        "compare-spec-decode/dsr1-mi355x-fp8-mtp-vs-none/1k-1k/",
    ] {
        let html = f.read(&format!("public/{page}index.html"));
        let json: Value =
            serde_json::from_str(&f.read(&format!("public/{page}index.json"))).unwrap();
        assert_eq!(json["family"], "spec-decode");
        assert_eq!(json["sides"][0]["label"], "MTP");
        assert_eq!(json["sides"][1]["label"], "Off");
        assert!(
            !texts(&html, "table.matched").is_empty(),
            "{page} has a table"
        );
        let heading = texts(&html, "h1").join("");
        assert!(
            heading.ends_with(": MTP vs Off Speculative Decoding"),
            "{heading}"
        );
    }
    for entry in walkdir::WalkDir::new(f.root().join("public")) {
        let entry = entry.unwrap();
        if entry.file_name() != "index.json" {
            continue;
        }
        let json: Value = serde_json::from_slice(&std::fs::read(entry.path()).unwrap()).unwrap();
        if json["family"] == "rankings" {
            continue; // SPEC §12's schema, checked in tests/rankings.rs
        }
        check_schema(&json);
        check_sides_are_their_filters(&json, &site);
        let html = std::fs::read_to_string(entry.path().with_file_name("index.html")).unwrap();
        check_page_text(&json, &html);
        check_lead_in_words_and_rings(&json, &html);
        check_cheaper_in_words(&json, &html);
        check_engine_note(&json, &html);
    }
    // By hand, from the result files: every FP4 frontier point is Dynamo TRT-LLM's, every FP8
    // one Dynamo SGLang's.
    let html = f.read("public/compare-precision/dsr1-gb200-fp4-vs-fp8/1k-1k/index.html");
    assert!(
        texts(&html, ".caveats li").contains(
            &"No inference engine serves both sides here: FP4's frontier comes from Dynamo \
              TRT-LLM, FP8's from Dynamo SGLang; points from different engines are not \
              directly comparable, so part of the difference may come from the engines rather \
              than from what this page compares."
                .to_string()
        ),
        "{:?}",
        texts(&html, ".caveats li")
    );
}

/// H100 and H200 draw the same power per GPU (1.73 kW in `data/hardware.yaml`): where a
/// paragraph gives the gap per megawatt, it says the gap per GPU is the same rather than
/// stating it again as news.
#[test]
fn the_gap_per_gpu_is_not_stated_again_between_chips_that_draw_the_same_power() {
    let f = demo();
    let mut said = 0;
    for sequence in ["1k-1k", "1k-8k", "8k-1k"] {
        let page = format!("public/compare/gpt-oss-120b-h100-vs-h200/{sequence}/index.html");
        for p in texts(&f.read(&page), ".narrative p") {
            if p.contains("tok/s per MW") || p.contains("tok/s, essentially the same") {
                assert!(
                    p.contains("The two draw the same power per GPU, so per GPU"),
                    "{page}: {p}"
                );
                assert!(!p.contains("Per GPU,"), "{page}: {p}");
                said += 1;
            }
        }
    }
    assert!(said > 0, "a paragraph gives the gap per megawatt");
}

/// A comparison of chips, precisions or speculative decoding whose sides' frontier points
/// share no engine names each side's engines in its engine note; any other keeps the general
/// note, or none. (Disaggregation pages are left out: the data names a disaggregated engine
/// apart from its aggregated self, so their sides never share one.)
fn check_engine_note(json: &Value, html: &str) {
    let path = json["path"].as_str().unwrap();
    let side_engines: Vec<BTreeSet<&str>> = (json["sides"].as_array().unwrap().iter())
        .map(|side| {
            let knots = side["frontier"].as_array().unwrap();
            let on = |p: &&Value| {
                knots.iter().any(|k| {
                    k["interactivity"] == p["interactivity"] && k["throughput"] == p["throughput"]
                })
            };
            let points = side["points"].as_array().unwrap();
            points
                .iter()
                .filter(on)
                .map(|p| p["framework"].as_str().unwrap())
                .collect()
        })
        .collect();
    let all: BTreeSet<&str> = side_engines.iter().flatten().copied().collect();
    let apart = side_engines.len() > 1
        && all.len() == side_engines.iter().map(BTreeSet::len).sum::<usize>()
        && !matches!(
            json["family"].as_str(),
            Some("framework" | "hub" | "disagg")
        );
    let notes = texts(html, ".caveats li");
    let named = notes
        .iter()
        .any(|n| n.starts_with("No inference engine serves both sides"));
    assert_eq!(named, apart, "{path}: {side_engines:?} {notes:?}");
    // SPEC §5's sentence stays, in the named note or the general one.
    let mixed = all.len() > 1 && json["family"] != "framework";
    let comparable = (notes.iter())
        .filter(|n| n.contains("points from different engines are not directly comparable"));
    assert_eq!(comparable.count(), usize::from(mixed), "{path}: {notes:?}");
}

/// Exactly the keys of SPEC §4's `index.json`.
fn check_schema(json: &Value) {
    let keys = |v: &Value| {
        v.as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect::<BTreeSet<_>>()
    };
    let set = |names: &[&str]| names.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>();
    assert_eq!(
        keys(json),
        set(&[
            "path",
            "family",
            "model",
            "hardware",
            "precision",
            "isl",
            "osl",
            "cost_provider",
            "sides",
            "overlap",
            "rows",
            "leader",
            "cheaper",
            "history"
        ])
    );
    check_lead_stretches(json, "leader");
    check_lead_stretches(json, "cheaper");
    for side in json["sides"].as_array().unwrap() {
        assert_eq!(keys(side), set(&["label", "filter", "frontier", "points"]));
        // Provenance only where the data gives it (SPEC §2); the real runs all name an image.
        let provenance = set(&["image", "date", "run_url"]);
        for p in side["points"].as_array().unwrap() {
            let keys = keys(p);
            assert_eq!(
                &keys - &provenance,
                set(&[
                    "interactivity",
                    "throughput",
                    "concurrency",
                    "framework",
                    "hardware",
                    "precision",
                    "spec_decoding",
                    "disagg",
                    "runs",
                    "throughput_min",
                    "throughput_max",
                    "interactivity_min",
                    "interactivity_max",
                    "parallelism"
                ])
            );
            assert!(keys.contains("image"), "{p}");
        }
        for p in side["frontier"].as_array().unwrap() {
            assert_eq!(
                keys(p),
                set(&["interactivity", "throughput", "concurrency"])
            );
        }
    }
    for row in json["rows"].as_array().unwrap() {
        for v in row["values"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|v| !v.is_null())
        {
            assert_eq!(
                keys(v),
                set(&["throughput", "cost_per_mtok", "tok_s_mw", "concurrency"])
            );
        }
    }
}

/// `leader` (or `cheaper`): stretches that tile a comparison's overlap, each with its side,
/// neighbours with different sides; none on a hub or where the sides do not overlap.
fn check_lead_stretches(json: &Value, key: &str) {
    let lead = json[key].as_array().unwrap();
    if json["family"] == "hub" || json["overlap"].is_null() {
        assert!(lead.is_empty(), "{}", json["path"]);
        return;
    }
    let at = |s: &Value, k: &str| s[k].as_f64().unwrap();
    if let (Some(first), Some(last)) = (lead.first(), lead.last()) {
        assert_eq!(at(first, "from"), at(&json["overlap"], "lo"));
        assert_eq!(at(last, "to"), at(&json["overlap"], "hi"));
    }
    for w in lead.windows(2) {
        assert_eq!(at(&w[0], "to"), at(&w[1], "from"), "{}", json["path"]);
        assert_ne!(w[0]["side"], w[1]["side"], "{}", json["path"]);
    }
    for s in lead {
        let keys: BTreeSet<&str> = s.as_object().unwrap().keys().map(|k| k.as_str()).collect();
        assert_eq!(keys, BTreeSet::from(["from", "to", "side"]));
        assert!(
            at(s, "from") < at(s, "to") && s["side"].as_u64().unwrap() < 2,
            "{s}"
        );
    }
}

/// Where the lead changes hands (two stretches or more), the narrative's last paragraph says
/// where, within which range, and on one accelerator what that means for cost; the caption
/// lists the changes and the drawing rings each; elsewhere none of these.
fn check_lead_in_words_and_rings(json: &Value, html: &str) {
    use benchsite::render::filters::compact;
    use benchsite::render::wording::with_digits;
    let path = json["path"].as_str().unwrap();
    let changes: Vec<f64> = (json["leader"].as_array().unwrap().iter().skip(1))
        .map(|s| s["from"].as_f64().unwrap())
        .collect();
    let paragraphs = texts(html, ".narrative p");
    let opening = "tok/s/user, where both sides were measured,";
    let stating: Vec<&String> = paragraphs.iter().filter(|p| p.contains(opening)).collect();
    let caption = texts(html, ".chart figcaption").join(" ");
    if changes.is_empty() {
        assert!(
            stating.is_empty() && !caption.contains("Rings"),
            "{path}: {paragraphs:?}"
        );
        assert!(!html.contains("plot-rings"), "{path}");
        return;
    }
    // Last, or followed only by where the cheaper of the two changes.
    let cheaper = paragraphs.last().unwrap().starts_with(CHEAPER_OPENING);
    let last = &paragraphs[paragraphs.len() - 1 - usize::from(cheaper)];
    assert_eq!(stating, [last], "{path}");
    // The overlap's ends to a tenth, as measured ranges print.
    let at = |k: &str| with_digits(json["overlap"][k].as_f64().unwrap(), 1);
    assert!(
        last.starts_with(&format!("Between {} and {} {opening}", at("lo"), at("hi"))),
        "{path}: {last}"
    );
    // Compact, but sharing their decimals: when one keeps its tenth, every one shows one.
    let mut printed: Vec<String> = changes.iter().map(|&x| compact(x)).collect();
    if printed.iter().any(|x| x.contains('.')) {
        printed = changes.iter().map(|&x| with_digits(x, 1)).collect();
    }
    for x in &printed {
        assert!(last.contains(&format!(" {x}")), "{path}: {x} in {last}");
    }
    let same_hardware = json["family"] != "chip";
    assert_eq!(
        last.contains("Both run on the same accelerator"),
        same_hardware,
        "{path}: {last}"
    );
    let listed = match &printed[..] {
        [one] => one.clone(),
        [rest @ .., final_one] => format!("{} and {final_one}", rest.join(", ")),
        [] => unreachable!(),
    };
    assert!(
        caption.contains(&format!("changes hands: at about {listed} tok/s/user.")),
        "{path}: {caption}"
    );
    let rings = html
        .split(r#"<div class="plot-marks plot-rings">"#)
        .collect::<Vec<_>>();
    assert_eq!(rings.len(), 2, "{path}: one group of rings");
    let marks = rings[1]
        .split("</div>")
        .next()
        .unwrap()
        .matches("<i ")
        .count();
    assert_eq!(marks, changes.len(), "{path}");
}

/// How `narrative/cheaper.html` opens, at the demo's prices.
const CHEAPER_OPENING: &str = "At hyperscaler GPU-hour prices, the cheaper of the two";

/// `cheaper` is `leader` where both sides run on one accelerator, priced alike. On chip pages
/// it changes where the two sides' costs per million tokens are equal (read here off each
/// side's spline, with prices worked back from the table's figures: price = cost · T · 3600 /
/// 10⁶), and where it changes the narrative's last paragraph says so, each change in order;
/// elsewhere no paragraph does.
fn check_cheaper_in_words(json: &Value, html: &str) {
    use benchsite::compute::metrics::{FrontierPoint, frontier_spline};
    use benchsite::render::filters::compact;
    let path = json["path"].as_str().unwrap();
    let paragraphs = texts(html, ".narrative p");
    let said = paragraphs
        .iter()
        .filter(|p| p.starts_with(CHEAPER_OPENING))
        .count();
    if json["family"] != "chip" {
        assert_eq!(json["cheaper"], json["leader"], "{path}");
        assert_eq!(said, 0, "{path}");
        return;
    }
    let stretches = json["cheaper"].as_array().unwrap();
    let changes: Vec<f64> = (stretches.iter().skip(1))
        .map(|s| s["from"].as_f64().unwrap())
        .collect();
    if changes.is_empty() {
        assert_eq!(said, 0, "{path}");
        return;
    }
    let last = paragraphs.last().unwrap();
    assert!(last.starts_with(CHEAPER_OPENING), "{path}: {last}");
    let mut at = 0;
    for x in changes.iter().map(|&x| compact(x)) {
        let found = last[at..].find(&format!(" {x}"));
        at += found.unwrap_or_else(|| panic!("{path}: {x} in order in {last}")) + 1;
    }
    let sides = json["sides"].as_array().unwrap();
    let row = &json["rows"][0]["values"];
    let per_dollar: Vec<Box<dyn Fn(f64) -> f64>> = (0..2)
        .map(|i| {
            let n = |p: &Value, k: &str| p[k].as_f64().unwrap();
            let frontier: Vec<FrontierPoint> = (sides[i]["frontier"].as_array().unwrap())
                .iter()
                .map(|p| FrontierPoint {
                    interactivity: n(p, "interactivity"),
                    throughput: n(p, "throughput"),
                    concurrency: n(p, "concurrency"),
                })
                .collect();
            let spline = frontier_spline(&frontier, |p| p.throughput).unwrap();
            let v = &row[i];
            let price =
                v["cost_per_mtok"].as_f64().unwrap() * v["throughput"].as_f64().unwrap() * 3600.0
                    / 1e6;
            Box::new(move |x: f64| spline.at(x).unwrap() / price) as Box<dyn Fn(f64) -> f64>
        })
        .collect();
    for &x in &changes {
        let (a, b) = (per_dollar[0](x), per_dollar[1](x));
        assert!(
            (a - b).abs() <= 1e-6 * a.max(b),
            "{path}: {a} against {b} at {x}"
        );
    }
}

/// Each side's points are exactly the records its filter selects: every field the filter
/// names must match, and no field it does not name is constrained.
fn check_sides_are_their_filters(json: &Value, site: &benchsite::site::Site) {
    for side in json["sides"].as_array().unwrap() {
        let filter = side["filter"].as_object().unwrap();
        let mut expected: Vec<(u64, u64, String)> = site
            .data
            .records
            .iter()
            .filter(|r| {
                let record = serde_json::json!({
                    "model": r.model, "hardware": r.hardware, "precision": r.precision, "framework": r.framework,
                    "spec_decoding": r.spec_decoding, "disagg": r.disagg, "isl": r.sequence.isl, "osl": r.sequence.osl,
                });
                filter.iter().all(|(k, v)| record[k] == *v)
            })
            .map(|r| (r.interactivity.0.to_bits(), r.throughput.to_bits(), r.framework.to_string()))
            .collect();
        let mut actual: Vec<(u64, u64, String)> = side["points"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                (
                    p["interactivity"].as_f64().unwrap().to_bits(),
                    p["throughput"].as_f64().unwrap().to_bits(),
                    p["framework"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        expected.sort();
        actual.sort();
        assert_eq!(actual, expected, "{} side {}", json["path"], side["label"]);
    }
}

/// Wording rules and page structure that hold on every data page.
fn check_page_text(json: &Value, html: &str) {
    let path = json["path"].as_str().unwrap();
    let prose = texts(html, ".narrative p, p.lead").join(" ");
    for (i, _) in prose.match_indices("% cheaper") {
        let digits: String = prose[..i]
            .chars()
            .rev()
            .take_while(|c| c.is_ascii_digit())
            .collect();
        let n: u32 = digits.chars().rev().collect::<String>().parse().unwrap();
        assert!(n < 100, "{path}: {n}% cheaper");
    }
    check_energy_claims(path, &prose);
    let same_accelerator = !matches!(json["family"].as_str(), Some("chip" | "hub"));
    for paragraph in texts(html, ".narrative p, p.lead") {
        common::check_cost_claims(path, &paragraph, same_accelerator);
        // Disaggregation's sides are adjectives: lower case mid-sentence, every time.
        if json["family"] == "disagg" {
            for side in [" Disaggregated", " Aggregated"] {
                assert!(!paragraph.contains(side), "{path}: {paragraph:?}");
            }
        }
    }
    assert!(meta_description(html).chars().count() <= 155, "{path}");
    let has_table = !texts(html, "table.matched").is_empty();
    assert_eq!(
        has_table,
        !json["rows"].as_array().unwrap().is_empty(),
        "{path}: table iff rows"
    );
    if json["family"] != "hub" {
        check_lead_prices(json, html);
        let paragraphs = texts(html, ".narrative p");
        // A paragraph per target (or one for ranges apart), one where the lead changes, and
        // on chip pages one where the cheaper of the two does.
        let changes = |key: &str| json[key].as_array().unwrap().len() >= 2;
        let cheaper = json["family"] == "chip" && changes("cheaper");
        let expected = json["rows"].as_array().unwrap().len().max(1)
            + usize::from(changes("leader"))
            + usize::from(cheaper);
        assert_eq!(paragraphs.len(), expected, "{path}");
        // The pinned note names the page's precision, or, on a chip page with points at
        // several, says the workload is pinned and which precisions its points use.
        let precisions: Vec<&str> = json["precision"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.as_str().unwrap())
            .collect();
        let sequence = format!(
            "{}k/{}k",
            json["isl"].as_u64().unwrap() / 1024,
            json["osl"].as_u64().unwrap() / 1024
        );
        let pinned = match precisions.as_slice() {
            [one] => format!("Numbers reflect this page's pinned {sequence} · {one} workload"),
            [a, b] => format!(
                "Numbers reflect this page's pinned {sequence} workload, with {a} and {b} points"
            ),
            more => panic!("{path}: precisions {more:?}"),
        };
        assert!(
            paragraphs.last().unwrap().contains(&pinned),
            "{path}: {pinned}"
        );
        // "Linked below" only where they are.
        let other_sequences = !texts(html, "nav.sequences a").is_empty();
        assert_eq!(
            paragraphs
                .last()
                .unwrap()
                .ends_with("; other sequence lengths are linked below."),
            other_sequences,
            "{path}"
        );
        assert!(
            links(html).contains(&format!("{path}index.json")),
            "{path} links its index.json"
        );
        assert!(
            links(html).contains(&format!("{path}index.csv")),
            "{path} links its index.csv"
        );
    }
}

/// Every "… produces 785,798 tok/s and H200 333,288 tok/s: B200 gets 2.36× the tok/s per MW of
/// H200" states the ratio of the two figures it prints (as a multiple, or a percentage more).
fn check_energy_claims(path: &str, prose: &str) {
    for sentence in prose.split("Per megawatt of facility power").skip(1) {
        let sentence = &sentence[..sentence.find(". ").unwrap_or(sentence.len())];
        let figure = |before: &[&str]| -> f64 {
            let end = before.iter().find_map(|b| sentence.find(b)).unwrap();
            let start = sentence[..end].rfind(' ').unwrap() + 1;
            sentence[start..end].replace(',', "").parse().unwrap()
        };
        let (a, b) = (figure(&[" tok/s and "]), figure(&[" tok/s:", " tok/s, "]));
        let r = a.max(b) / a.min(b);
        let claim = sentence.rsplit(" gets ").next().unwrap();
        if let Some(multiple) = claim.split('×').next().filter(|_| claim.contains('×')) {
            let claimed: f64 = multiple.parse().unwrap();
            assert!(
                (claimed - r).abs() < 0.006,
                "{path}: {sentence} (ratio {r})"
            );
        } else if let Some(percent) = claim.split('%').next().filter(|_| claim.contains('%')) {
            let claimed: f64 = percent.parse().unwrap();
            assert!(
                (claimed - (r - 1.0) * 100.0).abs() <= 0.5,
                "{path}: {sentence}"
            );
        } else {
            assert!(
                sentence.ends_with("essentially the same"),
                "{path}: {sentence}"
            );
        }
    }
}

#[test]
fn sequence_less_page_is_the_default_sequence_with_a_canonical_link() {
    let f = demo();
    // GB200 FP4 MTP vs Off: 1k/1k has fewer points on both sides than 8k/1k.
    let base = "compare-spec-decode/dsr1-gb200-fp4-mtp-vs-none/";
    let count = |seq: &str| -> usize {
        let json: Value =
            serde_json::from_str(&f.read(&format!("public/{base}{seq}/index.json"))).unwrap();
        json["sides"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["points"].as_array().unwrap().len())
            .sum()
    };
    let (short, long) = (count("1k-1k"), count("8k-1k"));
    // Most points on both sides wins; a tie goes to the smaller isl (1k/1k).
    let default = if long > short { "8k-1k" } else { "1k-1k" };
    let html = f.read(&format!("public/{base}index.html"));
    assert_eq!(
        canonical(&html),
        format!("https://benchsite.example.org/{base}{default}/")
    );
    let own = f.read(&format!("public/{base}{default}/index.html"));
    assert_eq!(
        canonical(&own),
        format!("https://benchsite.example.org/{base}{default}/")
    );
    assert_eq!(
        texts(&html, ".narrative p"),
        texts(&own, ".narrative p"),
        "same comparison, same words"
    );
    // The copy is the page itself: written once and hard-linked.
    assert!(
        html == own,
        "the sequence-less copy differs from its sequence's page"
    );
    let inode = |rel: &str| {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(f.root().join(rel)).unwrap().ino()
    };
    assert_eq!(
        inode(&format!("public/{base}index.html")),
        inode(&format!("public/{base}{default}/index.html"))
    );
    let sitemap = f.read("public/sitemap.xml");
    assert!(
        !sitemap.contains(&format!("/{base}</loc>")),
        "the sequence-less copy is not indexed"
    );
    assert!(sitemap.contains(&format!("/{base}{default}/</loc>")));
}

#[test]
fn index_pages_link_every_comparison() {
    let f = demo();
    let mut comparison_pages = BTreeSet::new();
    for entry in walkdir::WalkDir::new(f.root().join("public")) {
        let p = entry
            .unwrap()
            .path()
            .strip_prefix(f.root().join("public"))
            .unwrap()
            .to_string_lossy()
            .into_owned();
        if p.starts_with("compare") && p.ends_with("index.html") && p.split('/').count() == 4 {
            comparison_pages.insert(format!("/{}", p.trim_end_matches("index.html")));
        }
    }
    assert!(comparison_pages.len() > 50, "{}", comparison_pages.len());
    let mut linked = BTreeSet::new();
    let families = [
        "compare-spec-decode",
        "compare",
        "compare-precision",
        "compare-framework",
        "compare-disagg",
    ];
    for family in families {
        let html = f.read(&format!("public/{family}/index.html"));
        linked.extend(links(&html));
        // Each family index leads to the others, its own marked as the current one.
        let chips: Vec<String> = families.iter().map(|f| format!("/{f}/")).collect();
        let listed = links(&html);
        assert!(
            chips.iter().all(|c| listed.contains(c)),
            "{family}: {listed:?}"
        );
        assert_eq!(
            common::attr(&html, ".hero .chips a[aria-current=page]", "href"),
            Some(format!("/{family}/"))
        );
    }
    for page in &comparison_pages {
        assert!(
            linked.contains(page),
            "{page} is linked from its family index"
        );
    }
    let model = links(&f.read("public/dsr1/index.html"));
    assert!(model.contains(&"/dsr1/gb200/fp4/8k-1k/".to_string()));
    assert!(model.contains(&"/compare-spec-decode/dsr1-gb200-fp4-mtp-vs-none/8k-1k/".to_string()));
    let hub = links(&f.read("public/dsr1/gb200/fp4/8k-1k/index.html"));
    assert!(
        hub.contains(&"/compare-spec-decode/dsr1-gb200-fp4-mtp-vs-none/8k-1k/".to_string()),
        "hub links its comparisons"
    );
}

#[test]
fn frontiers_and_hub_series_from_several_engines_carry_the_engine_caveat() {
    // Off: an sglang point (30, 1200) and a vllm point (50, 800) both sit on Off's frontier.
    let f = Fixture::without_results();
    let mut yaml = String::new();
    for (spec, fw, x, t, conc) in [
        ("mtp", "sglang", 20.0, 2000.0, 100),
        ("mtp", "sglang", 60.0, 1000.0, 20),
        ("none", "sglang", 30.0, 1200.0, 80),
        ("none", "vllm", 50.0, 800.0, 30),
    ] {
        yaml.push_str(&fp8_row("b200", fw, spec, conc, t, x));
    }
    // H200: two series, both SGLang.
    for (spec, x, t) in [("mtp", 20.0, 900.0), ("none", 30.0, 700.0)] {
        yaml.push_str(&fp8_row("h200", "sglang", spec, 64, t, x));
    }
    f.write("data/results/mixed.yaml", &yaml);
    assert_eq!(f.run(&["build"]).code, Some(0));
    let html = f.read(&format!("{PAGE}index.html"));
    let caveats = texts(&html, ".caveats li");
    assert!(
        caveats
            .iter()
            .any(|c| c.contains("points from different engines are not directly comparable")),
        "{caveats:?}"
    );
    // The framework comparison between them: each side is one engine, so the note would
    // contradict the page; it is left out there. (The page's other notes: SGLang's frontier
    // mixes MTP and Off points, vLLM's one point lies inside its range, at 50 tok/s/user, and
    // there SGLang · MTP alone, the line from (20, 2000) to (60, 1000), delivers 1,250.)
    let framework =
        f.read("public/compare-framework/dsr1-b200-fp8-sglang-vs-vllm/1k-1k/index.html");
    let notes = texts(&framework, ".caveats li");
    assert!(
        notes.len() == 3
            && notes[0].contains("speculative decoding (MTP)")
            && notes[1].contains("vLLM was measured only at 50.0 tok/s/user")
            && notes[2].contains("at 50 tok/s/user, where SGLang · MTP alone delivers 1,250.0"),
        "{notes:?}"
    );
    // A hub whose series run on several engines says so (SPEC §5: "any page"); one whose
    // series all run on one engine does not.
    let hub = f.read("public/dsr1/b200/fp8/1k-1k/index.html");
    assert_eq!(
        texts(&hub, ".report-head + .caveats li"),
        [
            "These series run on different inference engines; points from different engines are not directly comparable."
        ]
    );
    let one_engine = f.read("public/dsr1/h200/fp8/1k-1k/index.html");
    assert_eq!(texts(&one_engine, ".caveats li"), Vec::<String>::new());
}

/// The lead sentence and the meta description print the first matched target's two costs
/// apart whenever they differ ("$0.140 … $0.141", not "$0.14 … $0.14").
fn check_lead_prices(json: &Value, html: &str) {
    let both = json["rows"].as_array().unwrap().iter().find_map(|row| {
        let v = row["values"].as_array()?;
        Some((
            v[0]["cost_per_mtok"].as_f64()?,
            v[1]["cost_per_mtok"].as_f64()?,
        ))
    });
    let Some((a, b)) = both.filter(|(a, b)| a != b) else {
        return;
    };
    let path = json["path"].as_str().unwrap();
    let description = meta_description(html);
    for text in [texts(html, "p.lead").join(" "), description] {
        let amounts = common::dollar_amounts(&text);
        assert!(
            amounts.len() == 2 && amounts[0] != amounts[1],
            "{path}: ${a} and ${b} in {text:?}"
        );
    }
}

/// Disaggregation's sides are adjectives on the page ("Disaggregated") and nouns in prose:
/// "Disaggregated serving" at the start of a sentence, "aggregated serving" within one, in the
/// ranges of sides that do not overlap, in a narrow overlap's note and in the lead.
#[test]
fn disaggregation_sides_read_as_nouns_in_prose() {
    let disagg_page = |name: &str, points: [(bool, u32, u32, f64); 4]| {
        let f = Fixture::without_results();
        let mut yaml = String::new();
        for (disagg, conc, t, x) in points {
            yaml.push_str(&format!(
                "- {{hw: b200, infmax_model_prefix: dsr1, framework: sglang, precision: fp8, spec_decoding: none, \
                 disagg: {disagg}, isl: 1024, osl: 1024, conc: {conc}, tp: 8, tput_per_gpu: {t}, median_intvty: {x}}}\n"
            ));
        }
        f.write(&format!("data/results/{name}.yaml"), &yaml);
        let run = f.run(&["build"]);
        assert_eq!(run.code, Some(0), "{}", run.stderr);
        f.read("public/compare-disagg/dsr1-b200-fp8/1k-1k/index.html")
    };
    let disjoint = disagg_page(
        "disjoint",
        [
            (true, 16, 900, 80.0),
            (true, 4, 500, 120.0),
            (false, 128, 1500, 20.0),
            (false, 32, 1000, 40.0),
        ],
    );
    let description = common::attr(&disjoint, "meta[name=description]", "content").unwrap();
    // Cut at 155 characters.
    assert_eq!(
        description,
        "Disaggregated serving and aggregated serving on DeepSeek R1 (B200 FP8, 1k/1k) do not \
         overlap in interactivity: disaggregated serving reaches 80.0–120.0…"
    );
    assert_eq!(
        texts(&disjoint, ".narrative p")[0],
        "Disaggregated serving was measured from 80.0 to 120.0 tok/s/user and aggregated \
         serving from 20.0 to 40.0 tok/s/user on DeepSeek R1 (B200 FP8, 1k/1k). The ranges do \
         not overlap, and benchsite does not extrapolate, so no matched comparison is shown; \
         the chart shows both sides as measured. Numbers reflect this page's pinned 1k/1k · \
         fp8 workload."
    );
    // Disaggregated over 30–200 tok/s/user, aggregated over 5–30.3: 0.3 shared.
    let narrow = disagg_page(
        "narrow",
        [
            (true, 64, 3000, 30.0),
            (true, 4, 300, 200.0),
            (false, 64, 2000, 5.0),
            (false, 4, 100, 30.3),
        ],
    );
    assert_eq!(
        texts(&narrow, ".caveats li"),
        [
            "Disaggregated serving was measured from 30.0 to 200.0 tok/s/user and aggregated \
             serving from 5.0 to 30.3, so the two overlap only from 30.0 to 30.3: the slow end \
             of disaggregated serving's range and the fast end of aggregated serving's. The \
             comparison holds only at those speeds and says little about either side elsewhere."
        ]
    );
    let lead = texts(&narrow, "p.lead").join(" ");
    assert!(
        lead.contains("), disaggregated serving delivers "),
        "{lead}"
    );
    assert!(lead.contains("; aggregated serving delivers "), "{lead}");
    for paragraph in texts(&narrow, ".narrative p") {
        assert!(!paragraph.contains("serving serving"), "{paragraph}");
    }
}

/// A site's narrative templates from before the nouns, which follow a side's label with
/// "serving" themselves, still read "disaggregated serving", never "serving serving".
#[test]
fn older_disaggregation_templates_still_read_right() {
    let f = Fixture::without_results();
    let mut yaml = String::new();
    for (disagg, conc, t, x) in [
        (true, 64, 3000, 20),
        (true, 4, 900, 80),
        (false, 64, 2000, 20),
        (false, 4, 300, 80),
    ] {
        yaml.push_str(&format!(
            "- {{hw: b200, infmax_model_prefix: dsr1, framework: sglang, precision: fp8, spec_decoding: none, \
             disagg: {disagg}, isl: 1024, osl: 1024, conc: {conc}, tp: 8, tput_per_gpu: {t}, median_intvty: {x}}}\n"
        ));
    }
    f.write("data/results/both.yaml", &yaml);
    for i in 1..=4 {
        f.write(
            &format!("templates/narrative/disagg/{i}.html"),
            "At {{ m.x | compact }} tok/s/user, {{ m.faster.label }} serving gets {{ m.throughput_versus }}.",
        );
    }
    let run = f.run(&["build"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let html = f.read("public/compare-disagg/dsr1-b200-fp8/1k-1k/index.html");
    let paragraphs = texts(&html, ".narrative p");
    assert!(!paragraphs.is_empty());
    for p in &paragraphs {
        assert!(!p.contains("serving serving"), "{p}");
        assert!(p.contains(", disaggregated serving gets "), "{p}");
        assert!(p.contains(" than aggregated serving"), "{p}");
    }
}

/// Chip-vs-chip sides that mix precisions (issue 15): B200 has FP4 and FP8 points, H200 only FP8.
/// The page says so under its heading and every measured point shows its precision; pages of
/// one precision keep the narrower table.
#[test]
fn chip_pages_that_mix_precisions_show_each_points_precision() {
    let f = common::Fixture::demo();
    let run = f.run(&["build"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let html = f.read("public/compare/dsr1-b200-vs-h200/1k-1k/index.html");
    assert_eq!(
        common::texts(&html, ".report-head .precision-note"),
        [
            "Precisions differ: B200 at FP4 and FP8, H200 at FP8; the measured-points tables give each point's precision."
        ]
    );
    // Each setup's heading ends with its precision.
    let precision = |setup: &str| setup.rsplit(" · ").next().unwrap().to_string();
    let setups = common::texts(&html, "table.points tr.setup th");
    assert!(setups.len() > 2, "{setups:?}");
    let seen: BTreeSet<String> = setups.iter().map(|s| precision(s)).collect();
    assert_eq!(seen, BTreeSet::from(["FP4", "FP8"].map(String::from)));
    // Where both sides have the same mix, the note does not pretend they differ.
    let same = f.read("public/compare/dsr1-b200-vs-mi355x/1k-1k/index.html");
    assert_eq!(
        common::texts(&same, ".report-head .precision-note"),
        ["Each side mixes FP4 and FP8; the measured-points tables give each point's precision."]
    );
    for single in [
        "public/dsr1/b200/fp8/1k-1k/index.html",
        "public/compare-precision/dsr1-b200-fp4-vs-fp8/1k-1k/index.html",
    ] {
        let html = f.read(single);
        assert!(
            common::texts(&html, ".precision-note").is_empty(),
            "{single}"
        );
        let setups = common::texts(&html, "table.points tr.setup th");
        assert!(!setups.is_empty(), "{single}");
        assert!(
            setups
                .iter()
                .all(|s| !s.ends_with("FP4") && !s.ends_with("FP8")),
            "{single}: {setups:?}"
        );
    }
}

/// Every measured-points table of the demo: no two rows look alike. A row's concurrency,
/// engine (with MTP and Disagg, as hub series are named), parallelism and precision tell its
/// configuration apart, so a side mixing speculative decoding on and off does not show what
/// look like repeated rows with different numbers.
#[test]
fn measured_points_rows_tell_their_configurations_apart() {
    let f = Fixture::demo_built();
    let mut checked = 0;
    let mut engines = BTreeSet::new(); // the setups' headings
    for entry in walkdir::WalkDir::new(f.root().join("public")) {
        let path = entry.unwrap().into_path();
        if path.file_name().is_none_or(|n| n != "index.html")
            || path.to_string_lossy().contains("/embed/")
        {
            continue;
        }
        let html = std::fs::read_to_string(&path).unwrap();
        for table in 0..texts(&html, "table.points").len() {
            let mut seen = BTreeSet::new();
            for cells in point_rows(&html, table) {
                // Concurrency and setup (engine, parallelism and, where shown, precision): all
                // but the four measured figures at the end.
                let key = cells[..cells.len() - 4].join(" | ");
                engines.insert(cells[1].clone());
                assert!(seen.insert(key.clone()), "{path:?}: two rows read {key:?}");
                checked += 1;
            }
        }
    }
    assert!(checked > 1000, "only {checked} rows");
    // The disaggregated MTP configurations of the real data are named as such.
    for engine in ["SGLang Disagg · MTP · ", "Dynamo TRT-LLM · MTP · Disagg · "] {
        assert!(
            engines.iter().any(|setup| setup.starts_with(engine)),
            "{engine}: {engines:?}"
        );
    }
}

/// Every measured-points table of the demo has a body per serving setup: within one, the
/// engine, parallelism and precision are the same on every row and concurrency rises; the next
/// body is another setup. (The published data has sides of three setups, whose concurrencies
/// had run 4 … 8192, 12000, 15000, 512 … in one body, reading as unsorted.)
#[test]
fn measured_points_tables_have_a_body_per_serving_setup() {
    let f = Fixture::demo_built();
    let (mut checked, mut most, mut grouped) = (0, 0, 0);
    for entry in walkdir::WalkDir::new(f.root().join("public")) {
        let path = entry.unwrap().into_path();
        if path.file_name().is_none_or(|n| n != "index.html") {
            continue;
        }
        let html = std::fs::read_to_string(&path).unwrap();
        for table in 0..texts(&html, "table.points").len() {
            let rows = point_rows(&html, table);
            // The setups in the order their bodies come: each once, its concurrencies rising.
            let mut setups: Vec<&str> = Vec::new();
            for setup in rows.chunk_by(|a, b| a[1] == b[1]) {
                let concurrency: Vec<u32> = setup
                    .iter()
                    .map(|r| r[0].replace(',', "").parse().unwrap())
                    .collect();
                assert!(concurrency.is_sorted(), "{path:?}: {concurrency:?}");
                assert!(
                    !setups.contains(&setup[0][1].as_str()),
                    "{path:?}: {}",
                    setup[0][1]
                );
                setups.push(&setup[0][1]);
                checked += setup.len();
                // Thousands grouped, as in the matched tables ("8,192", not "8192").
                grouped += setup.iter().filter(|r| r[0].len() > 4).count();
                assert!(setup.iter().all(|r| r[0].len() < 4 || r[0].contains(',')));
            }
            // One body per setup: none split in two.
            assert_eq!(setups.len(), bodies(&html, table), "{path:?}");
            most = most.max(setups.len());
        }
    }
    assert!(checked > 1000, "only {checked} rows");
    assert!(
        grouped > 0,
        "no concurrency of four digits: the check needs one"
    );
    assert!(
        most >= 3,
        "no table of three setups or more: the check needs one"
    );
}

/// A comparison of something else whose frontiers mix speculative decoding says so: on the
/// real data, every disaggregated MI355X FP8 point runs MTP and every aggregated one does not,
/// so "2.02× the tok/s/GPU" is partly MTP's. The embed carries the page's caveats too.
#[test]
fn comparisons_whose_frontiers_mix_speculative_decoding_say_so() {
    let f = Fixture::without_results();
    let mut yaml = String::new();
    // B200: disaggregated with MTP against aggregated without. H200: both sides without MTP on
    // their frontiers; its one MTP point is dominated (lower throughput, lower interactivity).
    for (hw, spec, disagg, x, t, conc) in [
        ("b200", "mtp", true, 20.0, 2000.0, 100),
        ("b200", "mtp", true, 60.0, 1000.0, 20),
        ("b200", "none", false, 30.0, 1200.0, 80),
        ("b200", "none", false, 50.0, 800.0, 30),
        ("h200", "none", true, 20.0, 2000.0, 100),
        ("h200", "none", true, 60.0, 1000.0, 20),
        ("h200", "mtp", true, 10.0, 500.0, 200),
        ("h200", "none", false, 30.0, 1200.0, 80),
        ("h200", "none", false, 50.0, 800.0, 30),
    ] {
        yaml.push_str(&format!(
            "- {{hw: {hw}, infmax_model_prefix: dsr1, framework: sglang, precision: fp8, spec_decoding: {spec}, \
             disagg: {disagg}, isl: 1024, osl: 1024, conc: {conc}, tp: 8, tput_per_gpu: {t}, median_intvty: {x}}}\n"
        ));
    }
    f.write("data/results/disagg.yaml", &yaml);
    assert_eq!(f.run(&["build"]).code, Some(0));
    let note = "Some of these frontier points use speculative decoding (MTP) and others do not, so \
                part of the difference between the sides may come from it rather than from what \
                this page compares.";
    let mixed = "compare-disagg/dsr1-b200-fp8/1k-1k/index.html";
    for page in [format!("public/{mixed}"), format!("public/embed/{mixed}")] {
        assert_eq!(texts(&f.read(&page), ".caveats li"), [note], "{page}");
    }
    // Both sides' frontiers without MTP: no note, the dominated MTP point notwithstanding.
    let plain = f.read("public/compare-disagg/dsr1-h200-fp8/1k-1k/index.html");
    assert_eq!(texts(&plain, ".caveats li"), Vec::<String>::new());
    // On a speculative-decoding page MTP is what is compared; its own caveat stands alone.
    let spec = f.read("public/compare-spec-decode/dsr1-b200-fp8-mtp-vs-none/1k-1k/index.html");
    let caveats = texts(&spec, ".caveats li");
    assert!(
        caveats.len() == 1 && caveats[0].starts_with("MTP acceptance rates"),
        "{caveats:?}"
    );
}

/// Sides that share a sliver of their ranges say so: the real B200 and MI300X overlap only
/// between 37.3 and 37.6 tok/s/user at 1k/1k, where "56.31× the tok/s/GPU" holds and nowhere
/// else.
#[test]
fn a_narrow_overlap_is_a_caveat() {
    let f = Fixture::without_results();
    // B200 over 30–200 tok/s/user; H200 over 5–30.3 (0.3 tok/s/user shared, under a tenth of
    // B200's 170: the slow end of B200's range, the fast end of H200's); MI300X over 40–50
    // (10 shared, all of MI300X's range) and H100 over 5–100 (70 shared).
    let yaml = common::dsr1_sglang_fp8(&[
        ("b200", 30.0, 3000.0, 64),
        ("b200", 200.0, 300.0, 4),
        ("h200", 5.0, 2000.0, 64),
        ("h200", 30.3, 100.0, 4),
        ("mi300x", 40.0, 900.0, 64),
        ("mi300x", 50.0, 500.0, 4),
        ("h100", 5.0, 2000.0, 64),
        ("h100", 100.0, 100.0, 4),
    ]);
    f.write("data/results/narrow.yaml", &yaml);
    assert_eq!(f.run(&["build"]).code, Some(0));
    let narrow = f.read("public/compare/dsr1-b200-vs-h200/1k-1k/index.html");
    assert_eq!(
        texts(&narrow, ".caveats li"),
        [
            "B200 was measured from 30.0 to 200.0 tok/s/user and H200 from 5.0 to 30.3, so the \
             two overlap only from 30.0 to 30.3: the slow end of B200's range and the fast end \
             of H200's. The comparison holds only at those speeds and says little about either \
             side elsewhere."
        ]
    );
    let inside = f.read("public/compare/dsr1-b200-vs-mi300x/1k-1k/index.html");
    assert_eq!(
        texts(&inside, ".caveats li"),
        [
            "MI300X was measured only from 40.0 to 50.0 tok/s/user, a small part of B200's range \
             (30.0 to 200.0), so the comparison holds only at those speeds."
        ]
    );
    let wide = f.read("public/compare/dsr1-b200-vs-h100/1k-1k/index.html");
    assert_eq!(texts(&wide, ".caveats li"), Vec::<String>::new());
    // A hub of one series says "One series", and names the provider of its prices in lower
    // case, mid-sentence.
    let hub = f.read("public/dsr1/b200/fp8/1k-1k/index.html");
    assert_eq!(
        texts(&hub, ".report-head p.lead"),
        [
            "One series measured (SGLang) for DeepSeek R1 on B200 at FP8 with 1k/1k input/output \
             tokens. Costs use hyperscaler GPU-hour prices."
        ]
    );
}

/// Frontiers that all use speculative decoding, if by different methods, get no note that
/// "others do not": the note is for a mix of speculative decoding and none.
#[test]
fn frontiers_that_all_use_speculative_decoding_get_no_mixing_note() {
    let f = Fixture::without_results();
    let mut yaml = String::new();
    for (spec, disagg, x, t, conc) in [
        ("mtp", true, 20.0, 2000.0, 100),
        ("mtp", true, 60.0, 1000.0, 20),
        ("eagle", false, 30.0, 1200.0, 80),
        ("eagle", false, 50.0, 800.0, 30),
    ] {
        yaml.push_str(&format!(
            "- {{hw: b200, infmax_model_prefix: dsr1, framework: sglang, precision: fp8, spec_decoding: {spec}, \
             disagg: {disagg}, isl: 1024, osl: 1024, conc: {conc}, tp: 8, tput_per_gpu: {t}, median_intvty: {x}}}\n"
        ));
    }
    f.write("data/results/all-speculative.yaml", &yaml);
    assert_eq!(f.run(&["build"]).code, Some(0));
    let html = f.read("public/compare-disagg/dsr1-b200-fp8/1k-1k/index.html");
    assert_eq!(texts(&html, ".caveats li"), Vec::<String>::new());
}
