//! Rankings (SPEC §12): a hand-computed ranking page on a small fixture, and properties of
//! every ranking built from the real data.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::{Fixture, compact, links, texts};
use serde_json::{Value, json};

/// DeepSeek R1 at 1k/1k on three accelerators, two measured points each (straight-line
/// frontiers), ranked at 20, 40, 80 and 120 tok/s/user.
fn three_accelerators() -> Fixture {
    let f = Fixture::without_results();
    let points = [
        // hw, (tok/s/user, tok/s/GPU, conc) × 2
        ("b200", [(10, 1000, 64), (50, 200, 8)]),
        ("h200", [(10, 500, 30), (30, 300, 10)]),
        ("mi355x", [(10, 900, 50), (90, 100, 2)]),
    ];
    let mut yaml = String::new();
    for (hw, pair) in points {
        for (x, t, conc) in pair {
            yaml.push_str(&format!(
                "- {{hw: {hw}, infmax_model_prefix: dsr1, framework: sglang, precision: fp8, \
                 disagg: false, isl: 1024, osl: 1024, conc: {conc}, tp: 8, tput_per_gpu: {t}, median_intvty: {x}}}\n"
            ));
        }
    }
    f.write("data/results/three.yaml", &yaml);
    f.configure("ranking_tiers", "[20, 40, 80, 120]");
    let run = f.run(&["build"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    f
}

/// Each ranking table's rows as their cells' texts: rank, accelerator (its link's text, not
/// the precision and engine repeated under it for phones), precision, engine, tok/s/GPU,
/// $/M tok, tok/s/MW and concurrency. Not the empty table "Your speed" fills (in a
/// `<template>`).
fn table_rows(html: &str) -> Vec<Vec<Vec<String>>> {
    let doc = scraper::Html::parse_document(html);
    let table = scraper::Selector::parse("table.ranking").unwrap();
    let row = scraper::Selector::parse("tbody tr").unwrap();
    let cell = scraper::Selector::parse("th, td").unwrap();
    let link = scraper::Selector::parse("a").unwrap();
    let text = |e: scraper::ElementRef| e.text().collect::<String>().trim().to_string();
    let in_template = |t: &scraper::ElementRef| {
        t.ancestors()
            .filter_map(scraper::ElementRef::wrap)
            .any(|a| a.value().name() == "template")
    };
    doc.select(&table)
        .filter(|t| !in_template(t))
        .map(|t| {
            t.select(&row)
                .map(|r| {
                    r.select(&cell)
                        .map(|c| c.select(&link).next().map_or_else(|| text(c), text))
                        .collect()
                })
                .collect()
        })
        .collect()
}

/// On a phone a ranking row names its precision and engine under the accelerator, whose own
/// columns static/style.css hides there (a browser test checks what shows at 375 px).
#[test]
fn ranking_rows_repeat_precision_and_engine_under_the_accelerator() {
    let f = three_accelerators();
    let html = f.read("public/rankings/dsr1/1k-1k/index.html");
    let details = texts(&html, "table.ranking tbody th .ranking-detail");
    let rows: Vec<Vec<String>> = table_rows(&html).concat();
    assert_eq!(details.len(), rows.len());
    for (detail, row) in details.iter().zip(&rows) {
        assert_eq!(*detail, format!("{} · {}", row[2], row[3]));
    }
}

#[test]
fn a_hand_computed_ranking_page() {
    // At 20 tok/s/user: B200 800, H200 400, MI355X 800 tok/s/GPU (each line read by hand).
    //   cost = price / (T · 3600) · 1e6: MI355X 1.48 → 0.5139, B200 1.95 → 0.6771,
    //   H200 1.41 / 400 → 0.9792; tok/s/MW = T · 1000 / kW: MI355X 800/2.65 → 301,887;
    //   concurrency MI355X 50 − 48 · 10/80 = 44.
    // At 40: B200 400 (1.3542), MI355X 600 (0.6852); H200 stops at 30.
    // At 80: MI355X 200 alone. At 120: nobody.
    let f = three_accelerators();
    let html = f.read("public/rankings/dsr1/1k-1k/index.html");
    let tables = table_rows(&html);
    assert_eq!(tables.len(), 3, "one table per tier reached");
    let at20: Vec<&[String]> = tables[0].iter().map(|r| &r[..]).collect();
    assert_eq!(
        at20.iter().map(|r| r[1].as_str()).collect::<Vec<_>>(),
        ["MI355X", "B200", "H200"]
    );
    assert_eq!(
        at20[0][..8],
        [
            "1", "MI355X", "FP8", "SGLang", "800.0", "$0.514", "301,887", "~44"
        ]
    );
    assert_eq!(at20[1][4..6], ["800.0", "$0.677"]);
    assert_eq!(at20[2][4..7], ["400.0", "$0.979", "231,214"]);
    assert_eq!(
        tables[1]
            .iter()
            .map(|r| (r[1].as_str(), r[5].as_str()))
            .collect::<Vec<_>>(),
        [("MI355X", "$0.685"), ("B200", "$1.354")]
    );
    assert_eq!(tables[2].len(), 1);
    assert_eq!(tables[2][0][4..6], ["200.0", "$2.056"]);
    // The best figures of a tier are emphasised: at 20 MI355X is cheapest, B200 the most
    // efficient (800 / 2.17 kW → 368,664 tok/s/MW); their throughputs tie, so none is bold.
    let strong = texts(&html, "table.ranking strong");
    assert_eq!(strong[..2], ["$0.514", "368,664"]);
    let summary = texts(&html, "section.narrative p");
    // Tokens per dollar: MI355X (900 − 10·(x − 10)) / 1.48, 608 at 10; B200
    // (1000 − 20·(x − 10)) / 1.95, 513 at 10 and falling faster; H200 at most 500 / 1.41.
    // Two or more were measured from 10 to 50 (B200's end), MI355X alone above: measured
    // speeds to a tenth, as the site prints ranges.
    assert_eq!(
        summary[0],
        "On DeepSeek R1 (1k/1k), MI355X is the cheapest per million tokens (to within 1%) at \
         every speed from 10.0 to 50.0 tok/s/user. Only MI355X was measured above 50.0 tok/s/user."
    );
    let summary = &summary[1..];
    // 1 − 1.48/1.95 = 24.1% at 20; 1 − 0.6852/1.3542 = 49.4% at 40.
    for (p, parts) in summary.iter().zip([
        [
            "20 tok/s/user",
            "MI355X (FP8, SGLang)",
            "$0.51",
            "24%",
            "B200 (FP8, SGLang)",
        ],
        [
            "40 tok/s/user",
            "MI355X (FP8, SGLang)",
            "$0.69",
            "49%",
            "B200 (FP8, SGLang)",
        ],
    ]) {
        for part in parts {
            assert!(p.contains(part), "{part:?} in {p:?}");
        }
        assert!(p.contains("$0.68") || p.contains("$1.35"), "{p}");
    }
    assert!(
        summary[2].starts_with("On DeepSeek R1 (1k/1k), only MI355X reaches 80 tok/s/user"),
        "{}",
        summary[2]
    );
    assert!(
        summary[3].contains("No configuration's frontier reaches 120 tok/s/user"),
        "{}",
        summary[3]
    );
    // The chart's accessible name lists the accelerators as a sentence does (in the
    // catalog's order).
    let doc = scraper::Html::parse_document(&html);
    let plot = scraper::Selector::parse("#chart-plot").unwrap();
    let label = doc.select(&plot).next().unwrap().value().attr("aria-label");
    assert!(
        label.is_some_and(|l| l.contains(" against interactivity for H200, B200 and MI355X. ")),
        "{label:?}"
    );
    let json: Value =
        serde_json::from_str(&f.read("public/rankings/dsr1/1k-1k/index.json")).unwrap();
    assert_eq!(json["family"], "rankings");
    assert_eq!(json["tiers"].as_array().unwrap().len(), 4);
    assert_eq!(json["tiers"][3]["rows"], serde_json::json!([]));
    assert_eq!(
        json["tiers"][0]["rows"][0]["href"],
        "/dsr1/mi355x/fp8/1k-1k/"
    );
    assert_eq!(json["candidates"].as_array().unwrap().len(), 3);
}

/// An accelerator missing from a tier was measured only at other speeds, and the tier says so
/// with its ranges: at 40 tok/s/user H200 (10–30), at 80 B200 (10–50) and H200; at 20 all
/// three are ranked and nothing is said.
#[test]
fn a_tier_names_the_accelerators_measured_only_at_other_speeds() {
    let f = three_accelerators();
    let html = f.read("public/rankings/dsr1/1k-1k/index.html");
    let note = |tier: &str| {
        texts(
            &html,
            &format!("section[aria-labelledby=at-{tier}] p.tier-elsewhere"),
        )
    };
    assert_eq!(
        texts(&html, "section[aria-labelledby=at-20] h2"),
        ["At 20 tok/s/user"]
    );
    assert_eq!(note("20"), Vec::<String>::new());
    assert_eq!(
        note("40"),
        ["Not in this table, measured only at other speeds: H200 (10.0–30.0 tok/s/user)."]
    );
    assert_eq!(
        note("80"),
        [
            "Not in this table, measured only at other speeds: B200 (10.0–50.0 tok/s/user), \
             H200 (10.0–30.0 tok/s/user)."
        ]
    );
}

#[test]
fn the_home_page_leads_with_each_models_headline_ranking() {
    let f = three_accelerators();
    let home = f.read("public/index.html");
    let tables = table_rows(&home);
    // One model, one sequence: the tier with the most rows is 20 (three rows).
    assert_eq!(tables.len(), 1);
    assert_eq!(
        tables[0].iter().map(|r| r[1].as_str()).collect::<Vec<_>>(),
        ["MI355X", "B200", "H200"]
    );
    assert!(links(&home).contains(&"/rankings/dsr1/1k-1k/".to_string()));
    let captions = texts(&home, "table.ranking caption");
    assert!(captions[0].contains("at 20 tok/s/user"), "{captions:?}");
    // The table comes before the directory of combination pages.
    let table_at = home.find("table class=ranking").unwrap();
    let directory_at = home.find("class=grid").unwrap();
    assert!(table_at < directory_at);
}

/// Each headline carries the ranking page's notes: the prices its costs use, and where one of
/// its three rows uses speculative decoding, that it does (the demo's DeepSeek R1 headline has
/// MTP rows; gpt-oss 120B's has none).
#[test]
fn the_home_pages_headlines_say_which_prices_and_where_speculative_decoding() {
    let home = demo().read("public/index.html");
    let tables = table_rows(&home);
    let notes = texts(&home, ".headline-note");
    assert_eq!(tables.len(), 2);
    assert_eq!(notes.len(), tables.len(), "{notes:?}");
    let mut with_mtp = Vec::new();
    for (rows, note) in tables.iter().zip(&notes) {
        assert!(
            note.starts_with("Costs use hyperscaler GPU-hour prices."),
            "{note}"
        );
        // Column 3: the engine, "Dynamo TRT-LLM · MTP · Disagg".
        let mtp = rows
            .iter()
            .any(|r| r[3].split(" · ").any(|part| part == "MTP"));
        assert_eq!(
            note.contains("Rows marked MTP use speculative decoding"),
            mtp,
            "{note}"
        );
        with_mtp.push(mtp);
    }
    assert_eq!(with_mtp, [true, false], "the demo's headlines, by hand");
}

fn demo() -> &'static Fixture {
    static DEMO: std::sync::OnceLock<Fixture> = std::sync::OnceLock::new();
    DEMO.get_or_init(|| {
        let f = Fixture::demo();
        let run = f.run(&["build"]);
        assert_eq!(run.code, Some(0), "{}", run.stderr);
        f
    })
}

/// The ranking chart's lines differ in pattern as well as colour, alike in the live chart's
/// options and in the drawing shown before it loads (`render::ranking_chart::style`).
#[test]
fn ranking_lines_differ_in_pattern_alike_in_the_chart_and_the_drawing() {
    let html = demo().read("public/rankings/dsr1/1k-1k/index.html");
    let doc = scraper::Html::parse_document(&html);
    let one = |css: &str| {
        let sel = scraper::Selector::parse(css).unwrap();
        doc.select(&sel).map(|e| e.inner_html()).next().unwrap()
    };
    let chart: Value = serde_json::from_str(&one("#chart-options")).unwrap();
    let types: Vec<&str> = (chart["option"]["series"].as_array().unwrap().iter())
        .map(|s| s["lineStyle"]["type"].as_str().unwrap())
        .collect();
    // Six accelerators: solid, dashed, dotted, dotted, solid, dashed.
    assert_eq!(
        types,
        ["solid", "dashed", "dotted", "dotted", "solid", "dashed"]
    );
    let sel = scraper::Selector::parse("#chart-plot path.plot-line").unwrap();
    let drawn: Vec<&str> = (doc.select(&sel))
        .map(|p| match p.value().attr("stroke-dasharray") {
            None => "solid",
            Some("8 4") => "dashed",
            Some("2 2") => "dotted",
            Some(other) => panic!("unexpected pattern {other}"),
        })
        .collect();
    assert_eq!(drawn, types);
    // The drawing's legend shows each line's pattern too.
    let sel = scraper::Selector::parse("#chart-plot .plot-legend svg path").unwrap();
    let keys = doc.select(&sel);
    let keyed: Vec<Option<&str>> = keys.map(|p| p.value().attr("stroke-dasharray")).collect();
    assert_eq!(
        keyed,
        [
            None,
            Some("8 4"),
            Some("2 2"),
            Some("2 2"),
            None,
            Some("8 4")
        ]
    );
}

/// Every page's `index.json` under `public/`, by URL path.
fn page_jsons(f: &Fixture) -> BTreeMap<String, Value> {
    common::snapshot(&f.root().join("public"))
        .into_iter()
        .filter(|(path, _)| path.ends_with("/index.json"))
        .map(|(path, bytes)| {
            let url = format!("/{}", path.trim_end_matches("index.json"));
            (url, serde_json::from_slice(&bytes).unwrap())
        })
        .collect()
}

#[test]
fn every_model_and_sequence_with_a_hub_has_a_ranking_of_all_its_series() {
    let f = demo();
    let pages = page_jsons(f);
    let mut series: BTreeMap<String, usize> = BTreeMap::new();
    for json in pages.values().filter(|j| j["family"] == "hub") {
        let seq = json["path"]
            .as_str()
            .unwrap()
            .rsplit('/')
            .nth(1)
            .unwrap()
            .to_string();
        let key = format!("/rankings/{}/{seq}/", json["model"].as_str().unwrap());
        *series.entry(key).or_default() += json["sides"].as_array().unwrap().len();
    }
    let rankings: BTreeMap<&String, &Value> = pages
        .iter()
        .filter(|(_, j)| j["family"] == "rankings")
        .collect();
    assert_eq!(
        rankings.keys().map(|k| k.as_str()).collect::<BTreeSet<_>>(),
        series.keys().map(String::as_str).collect::<BTreeSet<_>>()
    );
    for (path, json) in rankings {
        assert_eq!(
            json["candidates"].as_array().unwrap().len(),
            series[path.as_str()],
            "{path}"
        );
        let tiers: Vec<f64> = json["tiers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["interactivity"].as_f64().unwrap())
            .collect();
        // The demo's site.yaml: SPEC §12's default tiers and 200, 300.
        assert_eq!(tiers, [20.0, 40.0, 60.0, 80.0, 100.0, 150.0, 200.0, 300.0]);
        for tier in json["tiers"].as_array().unwrap() {
            let rows = tier["rows"].as_array().unwrap();
            let costs: Vec<f64> = rows
                .iter()
                .map(|r| r["cost_per_mtok"].as_f64().unwrap())
                .collect();
            assert!(costs.windows(2).all(|w| w[0] <= w[1]), "{path}: {costs:?}");
            let hardware: BTreeSet<&str> = rows
                .iter()
                .map(|r| r["hardware"].as_str().unwrap())
                .collect();
            assert_eq!(hardware.len(), rows.len(), "one row per accelerator");
            for (i, row) in rows.iter().enumerate() {
                assert_eq!(row["rank"], i + 1);
                let href = row["href"].as_str().unwrap();
                assert_eq!(pages[href]["family"], "hub", "{href}");
            }
        }
    }
}

#[test]
fn rankings_are_linked_from_navigation_models_hubs_and_the_sitemap() {
    let f = demo();
    let sitemap = f.read("public/sitemap.xml");
    assert!(sitemap.contains("/rankings/</loc>"));
    assert!(sitemap.contains("/rankings/dsr1/8k-1k/</loc>"));
    let hub = f.read("public/dsr1/b200/fp8/8k-1k/index.html");
    assert!(
        links(&hub).contains(&"/rankings/".to_string()),
        "header navigation"
    );
    let ranks = texts(&hub, "a[href=\"/rankings/dsr1/8k-1k/\"]");
    assert_eq!(ranks, ["How B200 FP8 ranks for DeepSeek R1 8k/1k"]);
    let model = f.read("public/dsr1/index.html");
    assert!(links(&model).contains(&"/rankings/dsr1/1k-1k/".to_string()));
    let index = f.read("public/rankings/index.html");
    assert!(links(&index).contains(&"/rankings/gpt-oss-120b/1k-8k/".to_string()));
}

#[test]
fn ranking_prose_never_claims_a_saving_of_100_percent_or_more_or_prints_two_prices_alike() {
    let f = demo();
    for (path, bytes) in common::snapshot(&f.root().join("public/rankings")) {
        let html = String::from_utf8(bytes).unwrap();
        for p in texts(&html, "section.narrative p") {
            common::check_cost_claims(&path, &p, false);
            if let Some(i) = p.find("% cheaper") {
                let n: String = p[..i]
                    .chars()
                    .rev()
                    .take_while(char::is_ascii_digit)
                    .collect();
                let n: u32 = n.chars().rev().collect::<String>().parse().unwrap();
                assert!(n < 100, "{path}: {p}");
            }
        }
    }
}

/// The price fields of a ranking's many accelerators start folded away; a hub's one and a
/// comparison's two start open. Either way every field is inside the form, and the form is
/// closed before the rankings begin.
#[test]
fn a_rankings_price_fields_start_folded_and_stay_inside_the_form() {
    let f = demo();
    let pages = [
        ("public/rankings/dsr1/8k-1k/index.html", false),
        ("public/dsr1/b200/fp4/8k-1k/index.html", true),
        ("public/compare/dsr1-b200-vs-h200/8k-1k/index.html", true),
    ];
    for (path, open) in pages {
        let html = f.read(path);
        let at = html[..html.find("prices-form").unwrap()]
            .rfind("<form")
            .unwrap();
        let form = &html[at..];
        let form = &form[..form
            .find("</form>")
            .unwrap_or_else(|| panic!("{path}: form not closed"))];
        let details = form
            .find("<details")
            .unwrap_or_else(|| panic!("{path}: no <details>"));
        let tag = &form[details..details + form[details..].find('>').unwrap()];
        assert_eq!(tag.contains(" open"), open, "{path}: {tag}");
        assert!(form.contains("</details>"), "{path}");
        let fields = form.matches("data-kind=price").count();
        assert_eq!(
            fields,
            html.matches("data-kind=price").count(),
            "{path}: a field outside"
        );
        assert_eq!(fields > 2, !open, "{path}: {fields} accelerators");
    }
}

/// Tiers no configuration reaches say which way they miss, in tier order, consecutive ones
/// of a kind in one sentence: below every measured range ("serves each user faster"), in a
/// gap between ranges, or above them all.
#[test]
fn unreached_tiers_say_whether_they_are_too_slow_in_a_gap_or_too_fast() {
    // B200 over 30–50 tok/s/user, H200 over 70–90.
    let summary = ranking_summary(
        &[
            ("b200", 30, 1000, 64),
            ("b200", 50, 200, 8),
            ("h200", 70, 500, 30),
            ("h200", 90, 300, 10),
        ],
        "[10, 20, 40, 60, 80, 100]",
    );
    assert_eq!(summary.len(), 5, "{summary:#?}");
    assert_eq!(
        summary[0],
        "Every configuration's frontier starts above 20 tok/s/user, so the 10 and 20 \
         tok/s/user tiers have no ranking."
    );
    assert!(
        summary[1].starts_with(
            "On DeepSeek R1 (1k/1k), only B200's frontier extends down to 40 tok/s/user"
        ) && summary[1].ends_with("every other accelerator's starts faster."),
        "{}",
        summary[1]
    );
    assert_eq!(
        summary[2],
        "No configuration's frontier covers 60 tok/s/user, between their ranges, so the 60 \
         tok/s/user tier has no ranking."
    );
    assert!(
        summary[3].starts_with("On DeepSeek R1 (1k/1k), only H200 reaches 80 tok/s/user"),
        "{}",
        summary[3]
    );
    assert_eq!(
        summary[4],
        "No configuration's frontier reaches 100 tok/s/user, so the 100 tok/s/user tier has no \
         ranking."
    );
}

/// The ranking summary's paragraphs for DeepSeek R1 at 1k/1k measured at `points` (hardware,
/// tok/s/user, tok/s/GPU, concurrency) and ranked at `tiers` (a YAML list).
fn ranking_summary(points: &[(&str, u32, u32, u32)], tiers: &str) -> Vec<String> {
    let f = Fixture::without_results();
    f.write("data/results/points.yaml", &common::dsr1_sglang_fp8(points));
    f.configure("ranking_tiers", tiers);
    f.build_ok();
    texts(
        &f.read("public/rankings/dsr1/1k-1k/index.html"),
        "section.narrative p",
    )
}

/// A tier one accelerator alone reaches says how the others miss it, naming the tier once:
/// "reaches" (SPEC §12's word) only where they all stop short of it; where they all start
/// faster, the leader's frontier "extends down to" it; in a gap between their ranges it
/// "covers" it; and with nobody else measured,
/// the leader is "the only accelerator measured".
#[test]
fn a_tier_only_one_accelerator_reaches_says_how_the_others_miss_it() {
    // B200 over 30–50, H200 over 10–20, MI355X over 60–90: at 40 B200 alone, in the others' gap.
    let summary = ranking_summary(
        &[
            ("b200", 30, 1000, 64),
            ("b200", 50, 200, 8),
            ("h200", 10, 500, 30),
            ("h200", 20, 300, 10),
            ("mi355x", 60, 500, 30),
            ("mi355x", 90, 300, 10),
        ],
        "[40]",
    );
    // B200 at 40: halfway along 1000 → 200, so 600 tok/s/GPU; 1.95 $/h / (600 · 3600) · 1e6.
    assert_eq!(
        summary,
        [
            "On DeepSeek R1 (1k/1k), only B200's frontier covers 40 tok/s/user \
          (FP8, SGLang, $0.90 per million tokens)."
        ]
    );
    let alone = ranking_summary(&[("b200", 30, 1000, 64), ("b200", 50, 200, 8)], "[40]");
    assert_eq!(
        alone,
        [
            "At 40 tok/s/user on DeepSeek R1 (1k/1k), B200 (FP8, SGLang) is the only accelerator \
          measured, at $0.90 per million tokens."
        ]
    );
}

/// One accelerator the cheapest wherever two were measured, in two ranges apart: named once,
/// with both ranges. MI355X 1000 → 200 tok/s/GPU over 10–90 at $1.48/h is 676 tokens per
/// dollar-second·10⁶/3600 at 10 and 338 at 60; B200 (10–30, $1.95) at most 500/1.95 = 256,
/// H200 (60–80, $1.41) at most 300/1.41 = 213: MI355X by far. Nobody is measured below 10;
/// above 80 MI355X alone.
#[test]
fn one_accelerator_cheapest_in_two_ranges_is_named_once() {
    let summary = ranking_summary(
        &[
            ("mi355x", 10, 1000, 64),
            ("mi355x", 90, 200, 8),
            ("b200", 10, 500, 30),
            ("b200", 30, 400, 10),
            ("h200", 60, 300, 30),
            ("h200", 80, 200, 10),
        ],
        "[20]",
    );
    assert_eq!(
        summary[0],
        "On DeepSeek R1 (1k/1k), MI355X is the cheapest per million tokens (to within 1%) from \
         10.0 to 30.0 and from 60.0 to 80.0 tok/s/user. Only MI355X was measured above 80.0 \
         tok/s/user."
    );
}

/// A ranking's `index.csv` holds its `index.json`'s rows, tier by tier, with the same numbers
/// (each reads back as the JSON's value).
#[test]
fn a_rankings_csv_holds_its_json_rows() {
    let f = demo();
    let rankings: Vec<(String, Value)> = page_jsons(f)
        .into_iter()
        .filter(|(_, json)| json["family"] == "rankings")
        .collect();
    assert_eq!(rankings.len(), 6);
    for (url, json) in rankings {
        let text = f.read(&format!("public{url}index.csv"));
        let mut csv = csv::Reader::from_reader(text.as_bytes());
        let lines: Vec<csv::StringRecord> = csv.records().map(Result::unwrap).collect();
        let header: Vec<&str> = csv.headers().unwrap().iter().collect();
        let mut rows = 0;
        for tier in json["tiers"].as_array().unwrap() {
            for row in tier["rows"].as_array().unwrap() {
                let line = &lines[rows];
                rows += 1;
                assert_eq!(
                    line[0].parse::<f64>().unwrap(),
                    tier["interactivity"].as_f64().unwrap()
                );
                for (field, key) in header.iter().zip(line.iter()).skip(1) {
                    let want = &row[*field];
                    match want.as_f64() {
                        Some(n) if !want.is_u64() => {
                            assert_eq!(key.parse::<f64>().unwrap(), n, "{url} {field}")
                        }
                        _ => assert_eq!(key, want.to_string().trim_matches('"'), "{url} {field}"),
                    }
                }
            }
        }
        assert_eq!(rows, lines.len(), "{url}");
        assert!(rows > 0, "{url}");
    }
}

/// A ranking whose tables hold rows with speculative decoding says so under its summary,
/// naming the methods; one without says nothing. Which rankings those are is read from each
/// ranking's own `index.json`.
#[test]
fn a_ranking_with_speculative_decoding_rows_carries_a_caveat() {
    let f = demo();
    let mut with = 0;
    for (url, json) in page_jsons(f) {
        if json["family"] != "rankings" {
            continue;
        }
        let methods: BTreeSet<String> = (json["tiers"].as_array().unwrap().iter())
            .flat_map(|t| t["rows"].as_array().unwrap())
            .map(|r| r["spec_decoding"].as_str().unwrap().to_uppercase())
            .filter(|m| m != "NONE")
            .collect();
        let html = f.read(&format!("public{url}index.html"));
        let caveats = texts(&html, "ul.caveats li");
        if methods.is_empty() {
            assert!(caveats.is_empty(), "{url}: {caveats:?}");
        } else {
            with += 1;
            assert_eq!(caveats.len(), 1, "{url}");
            let named = methods.into_iter().collect::<Vec<_>>().join(" and ");
            assert!(
                caveats[0].starts_with(&format!("Rows marked {named} use speculative decoding")),
                "{url}: {caveats:?}"
            );
        }
    }
    assert_eq!(with, 3, "DeepSeek R1's three rankings have MTP rows");
}

/// A ranking's header links straight to each table, in tier order, by an anchor named for its
/// speed (`#at-40`), which the table's heading carries.
#[test]
fn a_ranking_links_to_each_speeds_table_from_its_header() {
    let f = demo();
    let json = &page_jsons(f)["/rankings/dsr1/8k-1k/"];
    let reached: Vec<f64> = (json["tiers"].as_array().unwrap().iter())
        .filter(|t| !t["rows"].as_array().unwrap().is_empty())
        .map(|t| t["interactivity"].as_f64().unwrap())
        .collect();
    assert!(reached.len() > 2, "{reached:?}");
    let html = f.read("public/rankings/dsr1/8k-1k/index.html");
    let jumps = common::links_in(&html, "nav.tier-jump a");
    let expected: Vec<String> = reached.iter().map(|x| format!("#at-{x}")).collect();
    assert_eq!(jumps, expected);
    for (jump, x) in jumps.iter().zip(&reached) {
        let heading = texts(&html, &format!("h2{jump}"));
        assert_eq!(heading, [format!("At {x} tok/s/user")], "{jump}");
    }
}

/// "Your speed" on a ranking (static/speed.js; tests/browser/speed.test.mjs checks it ranks
/// as the build does) reads `#ranking-candidates`: on every ranking of the demo, one entry per
/// candidate of index.json with exactly its frontier, its accelerator's name and its hub,
/// narrower precisions first (SPEC §12's ties), and a hint giving the range they span.
#[test]
fn a_rankings_speed_field_reads_every_candidate_in_tie_order() {
    let f = demo();
    let mut seen = 0;
    for (url, json) in page_jsons(f)
        .iter()
        .filter(|(_, j)| j.get("candidates").is_some())
    {
        let html = f.read(&format!("public{url}index.html"));
        let doc = scraper::Html::parse_document(&html);
        let sel = scraper::Selector::parse("script#ranking-candidates").unwrap();
        let text: String = doc.select(&sel).next().unwrap().text().collect();
        let data: Value = serde_json::from_str(&text).unwrap();
        let listed = data["candidates"].as_array().unwrap();
        let candidates = json["candidates"].as_array().unwrap();
        check_measured_ranges(url, &data["measured"], candidates);
        assert_eq!(listed.len(), candidates.len(), "{url}");
        // Each candidate once, with its own frontier (the knots as index.json publishes them).
        let knots = |frontier: &Value| -> Vec<[f64; 3]> {
            let points = frontier.as_array().unwrap().iter();
            points
                .map(|p| {
                    ["interactivity", "throughput", "concurrency"].map(|k| p[k].as_f64().unwrap())
                })
                .collect()
        };
        let published: BTreeSet<String> = candidates
            .iter()
            .map(|c| format!("{} {:?}", c["hardware"], knots(&c["frontier"])))
            .collect();
        let embedded: BTreeSet<String> = listed
            .iter()
            .map(|c| {
                let k: Vec<[f64; 3]> = serde_json::from_value(c["knots"].clone()).unwrap();
                format!("{} {k:?}", c["hw"])
            })
            .collect();
        assert_eq!(embedded, published, "{url}");
        let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
        for c in listed {
            let hw = c["hw"].as_str().unwrap();
            let precision = c["precision"].as_str().unwrap();
            let href = c["href"].as_str().unwrap();
            assert!(
                href.contains(&format!("/{hw}/{}/", precision.to_lowercase())),
                "{url}: {href}"
            );
            let k: Vec<[f64; 3]> = serde_json::from_value(c["knots"].clone()).unwrap();
            lo = lo.min(k[0][0]);
            hi = hi.max(k[k.len() - 1][0]);
        }
        // Tie order (SPEC §12): precision (FP4 before FP8 before BF16), then framework,
        // speculative decoding and disaggregation alphabetically, read from index.json's
        // candidate of the same accelerator and frontier.
        let key = |c: &Value| {
            let own = candidates
                .iter()
                .find(|o| o["hardware"] == c["hw"] && json!(knots(&o["frontier"])) == c["knots"])
                .unwrap();
            let precision = ["fp4", "fp8", "bf16"]
                .iter()
                .position(|p| own["precision"] == *p)
                .unwrap_or_else(|| panic!("{url}: precision {}", own["precision"]));
            let text = |k: &str| own[k].to_string();
            (
                precision,
                text("framework"),
                text("spec_decoding"),
                text("disagg"),
            )
        };
        let keys: Vec<_> = listed.iter().map(key).collect();
        assert!(keys.windows(2).all(|w| w[0] <= w[1]), "{url}: {keys:?}");
        let hint = texts(&html, "#speed-hint").join("");
        // To a tenth, half up, as measured ranges print ("121.0").
        let (lo, hi) = ((lo * 10.0).round() / 10.0, (hi * 10.0).round() / 10.0);
        let range = format!("from {lo:.1} to {hi:.1} tok/s/user");
        assert!(hint.contains(&range), "{url}: {hint} lacks {range}");
        seen += 1;
    }
    assert!(seen >= 6, "{seen} rankings");
}

/// `measured` of "Your speed" on a ranking: every accelerator of `candidates` (index.json's),
/// by id, with its candidates' frontier ranges merged where they overlap, slowest first, as a
/// tier's note gives them.
fn check_measured_ranges(url: &str, measured: &Value, candidates: &[Value]) {
    let mut by_hw: BTreeMap<String, Vec<(f64, f64)>> = BTreeMap::new();
    for c in candidates {
        let xs: Vec<f64> = (c["frontier"].as_array().unwrap().iter())
            .map(|p| p["interactivity"].as_f64().unwrap())
            .collect();
        if let (Some(lo), Some(hi)) = (xs.first(), xs.last()) {
            let hw = c["hardware"].as_str().unwrap().to_string();
            by_hw.entry(hw).or_default().push((*lo, *hi));
        }
    }
    let expected: Vec<(String, Vec<(f64, f64)>)> = by_hw
        .into_iter()
        .map(|(hw, mut ranges)| {
            ranges.sort_by(|a, b| a.0.total_cmp(&b.0));
            let mut merged: Vec<(f64, f64)> = Vec::new();
            for (lo, hi) in ranges {
                match merged.last_mut() {
                    Some(last) if lo <= last.1 => last.1 = last.1.max(hi),
                    _ => merged.push((lo, hi)),
                }
            }
            (hw, merged)
        })
        .collect();
    let embedded: Vec<(String, Vec<(f64, f64)>)> = (measured.as_array().unwrap().iter())
        .map(|m| {
            assert!(!m["name"].as_str().unwrap().is_empty(), "{url}: a name");
            let ranges = serde_json::from_value(m["ranges"].clone()).unwrap();
            (m["hw"].as_str().unwrap().to_string(), ranges)
        })
        .collect();
    assert_eq!(embedded, expected, "{url}");
}

/// How far a tier row's runs measured from it, `(down, up)`, worked out here from its hub's
/// `index.json` alone: over the measured points its value is read from (the frontier point at
/// the tier, or those on either side of it) measured in two runs or more, the largest
/// `throughput / throughput_min − 1` and `throughput_max / throughput − 1`.
fn swing_from_hub(jsons: &BTreeMap<String, Value>, row: &Value, x: f64) -> (f64, f64) {
    let hub = &jsons[row["href"].as_str().unwrap()];
    let keys = ["precision", "framework", "spec_decoding", "disagg"];
    let side = (hub["sides"].as_array().unwrap().iter())
        .find(|s| keys.iter().all(|k| s["filter"][*k] == row[*k]))
        .unwrap();
    let frontier: Vec<&Value> = side["frontier"].as_array().unwrap().iter().collect();
    let at = |k: &Value| k["interactivity"].as_f64().unwrap();
    let read: Vec<&Value> = match frontier.iter().find(|k| at(k) == x) {
        Some(k) => vec![k],
        None => (frontier.windows(2))
            .find(|w| at(w[0]) < x && x < at(w[1]))
            .map(|w| w.to_vec())
            .unwrap(),
    };
    let mut swing = (0.0f64, 0.0f64);
    for k in read {
        let p = (side["points"].as_array().unwrap().iter())
            .find(|p| {
                ["interactivity", "throughput", "concurrency"]
                    .iter()
                    .all(|f| p[*f] == k[*f])
            })
            .unwrap();
        if p["runs"].as_u64().unwrap() > 1 {
            let t = |f: &str| p[f].as_f64().unwrap();
            swing.0 = swing.0.max(t("throughput") / t("throughput_min") - 1.0);
            swing.1 = swing.1.max(t("throughput_max") / t("throughput") - 1.0);
        }
    }
    swing
}

/// The amount after `after` in `text`: "$1.0612" → 1.0612, with its decimals.
fn amount_after(text: &str, after: &str) -> (f64, usize) {
    let rest = &text[text.find(after).unwrap() + after.len()..];
    let number: String = (rest.trim_start_matches('$').chars())
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let number = number.trim_end_matches('.');
    let decimals = number.split_once('.').map_or(0, |(_, d)| d.len());
    (number.parse().unwrap(), decimals)
}

/// Where the two cheapest accelerators' own runs put them the other way round (the leader's
/// cost as its worst run measured above the runner-up's as its best, by 1% or more of
/// swing), the tier's sentence says so with those two costs; nowhere else. Two runs: B200's
/// newest run measured 1,000 tok/s/GPU at 20 tok/s/user where its first measured 900; H200
/// 709 in the second run only. At 20 B200 leads H200 by 2% ($1.95/1,000 against $1.41/709 per
/// GPU-second), but cost 11% more in its first run: flagged. At 25, read off straight lines,
/// it leads by 24%: not. Every tier is also checked against the costs worked out from the
/// pages' `index.json`.
#[test]
fn an_order_the_rows_own_runs_reverse_is_said() {
    let f = Fixture::without_results();
    let run = |points: &[(&str, u32, u32, u32)]| common::dsr1_sglang_fp8(points);
    f.write(
        "data/results/r1/points.yaml",
        &run(&[("b200", 20, 900, 64)]),
    );
    f.write(
        "data/results/r2/points.yaml",
        &run(&[
            ("b200", 20, 1000, 64),
            ("b200", 50, 200, 8),
            ("h200", 20, 709, 30),
            ("h200", 30, 300, 10),
        ]),
    );
    f.configure("ranking_tiers", "[20, 25]");
    f.build_ok();
    let jsons = page_jsons(&f);
    let doc = &jsons["/rankings/dsr1/1k-1k/"];
    let sentences = texts(
        &f.read("public/rankings/dsr1/1k-1k/index.html"),
        "section.narrative p",
    );
    let mut flagged = Vec::new();
    for tier in doc["tiers"].as_array().unwrap() {
        let x = tier["interactivity"].as_f64().unwrap();
        let [first, second, ..] = tier["rows"].as_array().unwrap().as_slice() else {
            continue;
        };
        let ((down, _), (_, up)) = (
            swing_from_hub(&jsons, first, x),
            swing_from_hub(&jsons, second, x),
        );
        let cost = |r: &Value| r["cost_per_mtok"].as_f64().unwrap();
        let (worst, best) = (cost(first) * (1.0 + down), cost(second) / (1.0 + up));
        let sentence = (sentences.iter())
            .find(|p| p.contains(&format!("{} tok/s/user", compact(x))))
            .unwrap();
        if down.max(up) >= 0.01 && worst > best {
            flagged.push(x);
            for (after, expected) in [("cost up to ", worst), ("as little as ", best)] {
                let (shown, decimals) = amount_after(sentence, after);
                let unit = 10f64.powi(-(decimals as i32));
                assert!(
                    (shown - expected).abs() <= unit / 2.0 + 1e-12,
                    "{sentence} ({expected})"
                );
            }
            assert!(sentence.contains("so their order is within the run-to-run spread."));
        } else {
            assert!(!sentence.contains("run-to-run"), "{sentence}");
        }
    }
    assert_eq!(flagged, [20.0], "{sentences:#?}");
}

/// Every demo ranking's `cheapest`: its stretches lie in order where two or more accelerators
/// were measured (worked out here from the candidates' frontiers); each reached tier inside a
/// stretch is led by the stretch's accelerator, or by one within 1% of its cost (the tables
/// and the stretches are computed apart); and the first paragraph names the stretches in
/// order with their figures, or is absent with none.
#[test]
fn every_rankings_cheapest_stretches_agree_with_its_tiers_and_its_paragraph() {
    let f = demo();
    let mut with_changes = 0;
    for (url, json) in page_jsons(f)
        .iter()
        .filter(|(_, j)| j["family"] == "rankings")
    {
        let cheapest = json["cheapest"].as_array().unwrap();
        let stretches: Vec<(f64, f64, &str)> = cheapest
            .iter()
            .map(|c| {
                let n = |k: &str| c[k].as_f64().unwrap();
                (n("from"), n("to"), c["hardware"].as_str().unwrap())
            })
            .collect();
        // Each accelerator's reach, then where two or more reach (tested at midpoints).
        let mut reach: BTreeMap<&str, Vec<(f64, f64)>> = BTreeMap::new();
        for c in json["candidates"].as_array().unwrap() {
            let xs: Vec<f64> = (c["frontier"].as_array().unwrap().iter())
                .map(|p| p["interactivity"].as_f64().unwrap())
                .collect();
            let hw = c["hardware"].as_str().unwrap();
            reach.entry(hw).or_default().push((xs[0], xs[xs.len() - 1]));
        }
        let measured = |x: f64| {
            (reach.values())
                .filter(|r| r.iter().any(|&(lo, hi)| lo <= x && x <= hi))
                .count()
        };
        for w in stretches.windows(2) {
            assert!(w[0].1 <= w[1].0, "{url}: {stretches:?}");
            if w[0].1 == w[1].0 {
                assert_ne!(w[0].2, w[1].2, "{url}");
            }
        }
        for &(from, to, hw) in &stretches {
            assert!(from < to, "{url}");
            for k in 1..20 {
                let x = from + (to - from) * f64::from(k) / 20.0;
                assert!(measured(x) >= 2, "{url}: {hw} named alone at {x}");
            }
        }
        for tier in json["tiers"].as_array().unwrap() {
            let x = tier["interactivity"].as_f64().unwrap();
            let rows = tier["rows"].as_array().unwrap();
            let Some(&(_, _, hw)) = stretches.iter().find(|s| s.0 < x && x < s.1) else {
                continue;
            };
            let cost = |r: &Value| r["cost_per_mtok"].as_f64().unwrap();
            let named = rows
                .iter()
                .find(|r| r["hardware"] == hw)
                .expect("named and ranked");
            assert!(
                cost(named) < cost(&rows[0]) * 1.01,
                "{url} at {x}: {hw} named, {} cheapest",
                rows[0]["hardware"]
            );
        }
        let html = f.read(&format!("public{url}index.html"));
        let first = texts(&html, "section.narrative p").remove(0);
        if stretches.is_empty() {
            assert!(
                !first.contains("is the cheapest per million"),
                "{url}: {first}"
            );
            assert!(!first.contains("changes with the speed"), "{url}: {first}");
            continue;
        }
        with_changes += usize::from(stretches.len() > 1);
        // Names in order, each followed by its figures: where the stretch ends ("up to 61.1"),
        // the last where it starts ("above 61.1", or "from 18.4 to 125.9" alone).
        let mut at = 0;
        for (i, &(from, to, hw)) in stretches.iter().enumerate() {
            let name = hardware_name(hw);
            let found = first[at..]
                .find(&format!("{name} "))
                .unwrap_or_else(|| panic!("{url}: {name} not named in order in {first:?}"));
            at += found + name.len();
            let last = i + 1 == stretches.len();
            let figure = compact(if last { from } else { to });
            let next = first[at..].find(&figure).map(|k| at + k + figure.len());
            at = next.unwrap_or_else(|| panic!("{url}: {figure} after {name} in {first:?}"));
        }
    }
    assert!(
        with_changes >= 3,
        "demo rankings where the cheapest changes: {with_changes}"
    );
}

/// The demo catalog's name for a hardware id.
fn hardware_name(id: &str) -> &'static str {
    match id {
        "b200" => "B200",
        "gb200" => "GB200 NVL72",
        "h100" => "H100",
        "h200" => "H200",
        "mi300x" => "MI300X",
        "mi325x" => "MI325X",
        "mi355x" => "MI355X",
        _ => panic!("no name for {id}"),
    }
}
