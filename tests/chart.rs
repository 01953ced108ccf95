//! The chart's embedded options, checked as JSON: series, axes, data and escaping. The
//! browser test (tests/browser.rs) checks that ECharts draws them and the controls work.

mod common;

use benchsite::render::chart::SAMPLES;

use benchsite::compute::metrics::MonotoneSpline;
use common::{Fixture, texts};
use serde_json::Value;

/// The JSON inside `<script type="application/json" id="chart-options">`.
fn chart_json(html: &str) -> Value {
    let doc = scraper::Html::parse_document(html);
    let sel = scraper::Selector::parse("script#chart-options[type='application/json']").unwrap();
    let script = doc
        .select(&sel)
        .next()
        .expect("the page embeds chart options");
    serde_json::from_str(&script.text().collect::<String>())
        .expect("the chart options parse as JSON")
}

fn as_list(v: &Value) -> Vec<Value> {
    match v {
        Value::Array(a) => a.clone(),
        other => vec![other.clone()],
    }
}

#[test]
fn every_data_page_has_points_and_a_frontier_per_side() {
    let f = Fixture::demo_built();
    for page in [
        "compare-spec-decode/dsr1-gb200-fp4-mtp-vs-none/8k-1k/",
        "dsr1/gb200/fp4/8k-1k/",
        "compare/dsr1-b200-vs-mi355x/1k-1k/",
    ] {
        let html = f.read(&format!("public/{page}index.html"));
        let index: Value =
            serde_json::from_str(&f.read(&format!("public/{page}index.json"))).unwrap();
        let chart = chart_json(&html);
        let sides: Vec<String> = index["sides"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["label"].as_str().unwrap().to_string())
            .collect();
        let series = chart["option"]["series"].as_array().unwrap();
        assert_eq!(series.len(), 2 * sides.len(), "{page}");
        for (i, side) in sides.iter().enumerate() {
            assert_eq!(series[2 * i]["type"], "scatter");
            assert_eq!(series[2 * i]["name"], side.as_str());
            assert_eq!(
                series[2 * i + 1]["type"],
                "line",
                "{page}: a frontier line follows each side's points"
            );
            assert_eq!(
                series[2 * i + 1]["name"],
                side.as_str(),
                "one legend entry hides both"
            );
            // The frontier line is the Steffen spline through the side's frontier from
            // index.json (to six significant digits), sampled SAMPLES times per interval: not
            // ECharts' own smoothing, which bends differently.
            assert_ne!(series[2 * i + 1]["smooth"], true, "{page}");
            assert!(series[2 * i + 1].get("smoothMonotone").is_none(), "{page}");
            let line = series[2 * i + 1]["data"].as_array().unwrap();
            let frontier = index["sides"][i]["frontier"].as_array().unwrap();
            let field =
                |k: &str| -> Vec<f64> { frontier.iter().map(|p| p[k].as_f64().unwrap()).collect() };
            let (xs, ys) = (field("interactivity"), field("throughput"));
            assert_eq!(line.len(), (frontier.len() - 1) * SAMPLES + 1, "{page}");
            let rel = |a: f64, b: f64| ((a - b) / b).abs() < 1e-5;
            let xy = |k: usize| (line[k][0].as_f64().unwrap(), line[k][1].as_f64().unwrap());
            // The knots are the frontier's points; the spline runs through the plotted ones.
            let (kx, ky): (Vec<f64>, Vec<f64>) =
                (0..frontier.len()).map(|n| xy(n * SAMPLES)).unzip();
            for n in 0..frontier.len() {
                assert!(rel(kx[n], xs[n]) && rel(ky[n], ys[n]), "{page}: knot {n}");
            }
            let spline = MonotoneSpline::new(&kx, &ky).unwrap();
            for k in 0..line.len() {
                let (x, y) = xy(k);
                let (knot, j) = (k / SAMPLES, k % SAMPLES);
                if j == 0 {
                    continue;
                }
                let expected_x = kx[knot] + (kx[knot + 1] - kx[knot]) * j as f64 / SAMPLES as f64;
                assert!(
                    rel(x, expected_x),
                    "{page}: point {k} x {x} vs {expected_x}"
                );
                let expected_y = spline.at(expected_x).unwrap();
                assert!(
                    rel(y, expected_y),
                    "{page}: point {k} y {y} vs {expected_y}"
                );
            }
            // Every point is embedded once, in the side's dataset.
            let dataset = &chart["option"]["dataset"][i]["source"];
            assert_eq!(
                dataset.as_array().unwrap().len(),
                index["sides"][i]["points"].as_array().unwrap().len()
            );
        }
        assert!(
            !html.contains("function("),
            "no JavaScript functions in the options"
        );
    }
}

#[test]
fn axes_name_their_units() {
    let f = Fixture::demo_built();
    let html = f.read("public/compare-spec-decode/dsr1-gb200-fp4-mtp-vs-none/8k-1k/index.html");
    let chart = chart_json(&html);
    let option = &chart["option"];
    assert_eq!(
        as_list(&option["xAxis"])[0]["name"],
        "Interactivity (tok/s/user)"
    );
    assert_eq!(
        as_list(&option["yAxis"])[0]["name"],
        "Throughput (tok/s/GPU)"
    );
    let names = |kind: &str| -> Vec<(String, String)> {
        chart["axes"][kind]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| {
                (
                    a["key"].as_str().unwrap().to_string(),
                    a["name"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let x = names("x");
    assert_eq!(
        x.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>(),
        ["interactivity", "e2el", "ttft"]
    );
    assert!(x[1].1.ends_with("(s)") && x[2].1.ends_with("(s)"));
    let y = names("y");
    let keys: Vec<&str> = y.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        keys,
        [
            "throughput",
            "input",
            "output",
            "cost_hyperscaler",
            "cost_neocloud",
            "cost_rental_3yr",
            "tok_s_mw",
            "j_per_tok"
        ]
    );
    for (key, name) in &y {
        let unit = match key.as_str() {
            k if k.starts_with("cost") => "$/M tok)",
            "tok_s_mw" => "(tok/s/MW)",
            "j_per_tok" => "(J/token)",
            _ => "(tok/s/GPU)",
        };
        assert!(name.ends_with(unit), "{key}: {name}");
    }
    // Every dimension an axis can show is a dataset column.
    let dims: Vec<String> = as_list(&option["dataset"])[0]["dimensions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().or(d.as_str()).unwrap().to_string())
        .collect();
    for key in x.iter().chain(&y).map(|(k, _)| k) {
        assert!(dims.contains(key), "{key} is a column");
    }
}

#[test]
fn dataset_costs_follow_the_published_prices() {
    // MI355X: $1.48 / $1.90 / $2.10 per GPU-hour, 2.65 kW. For each row, cost = price / (T·3600)·1e6,
    // tok/s/MW = T·1000/2.65, J/token = 2650/T.
    let f = Fixture::demo_built();
    let html = f.read("public/compare-spec-decode/dsr1-mi355x-fp8-mtp-vs-none/1k-1k/index.html");
    let chart = chart_json(&html);
    let dims: Vec<String> = chart["option"]["dataset"][0]["dimensions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().or(d.as_str()).unwrap().to_string())
        .collect();
    let col = |name: &str| dims.iter().position(|d| d == name).unwrap();
    let rows = chart["option"]["dataset"][0]["source"].as_array().unwrap();
    assert!(!rows.is_empty());
    for row in rows {
        let t = row[col("throughput")].as_f64().unwrap();
        let close = |got: &Value, want: f64| ((got.as_f64().unwrap() - want) / want).abs() < 2e-5;
        assert!(close(
            &row[col("cost_hyperscaler")],
            1.48 / (t * 3600.0) * 1e6
        ));
        assert!(close(&row[col("cost_neocloud")], 1.90 / (t * 3600.0) * 1e6));
        assert!(close(
            &row[col("cost_rental_3yr")],
            2.10 / (t * 3600.0) * 1e6
        ));
        assert!(close(&row[col("tok_s_mw")], t * 1000.0 / 2.65));
        assert!(close(&row[col("j_per_tok")], 2650.0 / t));
    }
}

#[test]
fn other_precisions_are_embedded_for_the_toggle_but_not_shown() {
    let f = Fixture::demo_built();
    // DeepSeek R1 on MI355X 1k/1k was measured at FP4 and FP8.
    let html = f.read("public/dsr1/mi355x/fp4/1k-1k/index.html");
    let chart = chart_json(&html);
    let extra: Vec<&Value> = chart["series"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["kind"] == "precision")
        .collect();
    assert_eq!(extra.len(), 1);
    assert_eq!(extra[0]["label"], "FP8 (all configurations)");
    let shown: Vec<&str> = chart["option"]["series"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert!(
        !shown.contains(&"FP8 (all configurations)"),
        "hidden until toggled"
    );
    assert_eq!(
        texts(&html, "label:has(#chart-precisions)").len(),
        1,
        "the toggle is offered"
    );
    // Chip vs chip already covers every precision: no toggle.
    let chip = f.read("public/compare/dsr1-b200-vs-mi355x/1k-1k/index.html");
    assert!(texts(&chip, "label:has(#chart-precisions)").is_empty());
}

#[test]
fn hostile_display_names_stay_inert() {
    let f = Fixture::without_results();
    let payload = "</script><script>alert(1)</script> & \u{2028}<b>";
    let models = f
        .read("data/models.yaml")
        .replace("name: DeepSeek R1", &format!("name: '{payload}'"));
    f.write("data/models.yaml", &models);
    f.write("data/results/one.yaml", common::GOOD_RECORD);
    let run = f.run(&["build"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let html = f.read("public/dsr1/b200/fp8/1k-1k/index.html");
    // minify-html may leave `<` unescaped where HTML reads it as text (in <title>, in quoted
    // attributes), so the check is on the parsed document: no element the payload would add.
    let doc = scraper::Html::parse_document(&html);
    assert_eq!(
        doc.select(&scraper::Selector::parse("b").unwrap()).count(),
        0,
        "the payload adds no element"
    );
    let chart = chart_json(&html);
    // The accessible name's template (chart.js fills in the axes), kept in the JSON exactly.
    let description = chart["aria"].as_str().unwrap();
    assert!(
        description.contains(payload),
        "the JSON keeps the exact text: {description}"
    );
    let scripts = doc
        .select(&scraper::Selector::parse("script").unwrap())
        .count();
    assert_eq!(
        scripts, 6,
        "ECharts, the reader tools, the glue, the search box, the options and the prices: no injected script element"
    );
    assert!(
        texts(&html, ".eyebrow")
            .join("")
            .contains("</script><script>alert(1)</script>"),
        "shown as text"
    );
    assert!(
        texts(&html, "title")
            .join("")
            .contains("</script><script>alert(1)</script>"),
        "title as text"
    );
}

#[test]
fn echarts_is_the_bundled_trimmed_build_the_pinned_cdn_or_a_self_hosted_copy() {
    let f = Fixture::without_results();
    f.write("data/results/one.yaml", common::GOOD_RECORD);
    let scripts_of = |f: &Fixture| {
        let html = f.read("public/dsr1/b200/fp8/1k-1k/index.html");
        let doc = scraper::Html::parse_document(&html);
        let sel = scraper::Selector::parse("script[src]").unwrap();
        doc.select(&sel)
            .map(|e| e.value().clone())
            .collect::<Vec<_>>()
    };

    // By default: the trimmed build in vendor/, built into the binary, self-hosted.
    assert_eq!(f.run(&["build"]).code, Some(0));
    let scripts = scripts_of(&f);
    let src = scripts[0].attr("src").unwrap();
    assert!(
        src.starts_with("/echarts.min.") && src.ends_with(".js"),
        "{src}"
    );
    assert!(scripts[0].attr("integrity").is_none());
    let bundled = std::fs::read(f.root().join(format!("public{src}"))).unwrap();
    let vendor = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("vendor/echarts.min.js"),
    )
    .unwrap();
    assert!(
        bundled == vendor,
        "the self-hosted file is vendor/echarts.min.js"
    );
    assert!(scripts.iter().all(|s| s.attr("defer").is_some()));
    // The reader tools (static/reader.js) load before the chart glue, which uses them; the
    // search box's script comes last.
    let names: Vec<&str> = scripts[1..]
        .iter()
        .map(|s| s.attr("src").unwrap())
        .collect();
    assert!(
        names.len() == 3
            && names[0].starts_with("/reader.")
            && names[1].starts_with("/chart.")
            && names[2].starts_with("/search.")
            && names.iter().all(|n| n.ends_with(".js")),
        "{names:?}"
    );

    // `echarts: cdn`: the full bundle from the pinned CDN URL with its SRI hash.
    let plain = f.read("site.yaml");
    f.write("site.yaml", &(plain.clone() + "echarts: cdn\n"));
    assert_eq!(f.run(&["build"]).code, Some(0));
    let scripts = scripts_of(&f);
    assert_eq!(
        scripts[0].attr("src"),
        Some("https://cdn.jsdelivr.net/npm/echarts@6.1.0/dist/echarts.min.js")
    );
    assert_eq!(
        scripts[0].attr("integrity"),
        Some("sha384-C2iskrW/uPW46KzOjrvJIQo4YkV8lkD+QS0CrDN18IIPIpT/g2USu8bTP3nvmIAD")
    );
    // minify-html writes `crossorigin="anonymous"` as the bare attribute: the same anonymous mode.
    assert!(matches!(
        scripts[0].attr("crossorigin"),
        Some("anonymous" | "")
    ));
    assert!(scripts.iter().all(|s| s.attr("defer").is_some()));
    assert!(
        !std::fs::read_dir(f.root().join("public"))
            .unwrap()
            .any(|e| e
                .unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with("echarts")),
        "nothing self-hosted with the CDN"
    );
    f.write("site.yaml", &plain);

    f.write("vendor/echarts.min.js", "/* a stand-in for the library */");
    f.write(
        "site.yaml",
        &(f.read("site.yaml") + "echarts: vendor/echarts.min.js\n"),
    );
    assert_eq!(f.run(&["build"]).code, Some(0));
    let first = scripts_of(&f)[0].clone();
    let src = first.attr("src").unwrap();
    assert!(
        src.starts_with("/echarts.min.") && src.ends_with(".js"),
        "{src}"
    );
    assert!(first.attr("integrity").is_none());
    assert_eq!(
        f.read(&format!("public{src}")),
        "/* a stand-in for the library */"
    );

    f.write(
        "site.yaml",
        &f.read("site.yaml")
            .replace("vendor/echarts.min.js", "vendor/missing.js"),
    );
    let run = f.run(&["build"]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr.contains("site.yaml") && run.stderr.contains("echarts"),
        "{}",
        run.stderr
    );
}

#[test]
fn typical_pages_stay_under_100_kb() {
    let f = Fixture::demo_built();
    for entry in walkdir::WalkDir::new(f.root().join("public")) {
        let entry = entry.unwrap();
        if entry.file_name() == "index.html" {
            let size = entry.metadata().unwrap().len();
            assert!(size < 100_000, "{}: {size} bytes", entry.path().display());
        }
    }
}

#[test]
fn pages_link_a_favicon_and_say_when_the_chart_library_failed() {
    let f = Fixture::demo_built();
    let html = f.read("public/dsr1/gb200/fp4/8k-1k/index.html");
    let doc = scraper::Html::parse_document(&html);
    let sel = scraper::Selector::parse("link[rel=icon]").unwrap();
    let icon = doc.select(&sel).next().expect("a favicon link");
    let href = icon.value().attr("href").unwrap();
    assert_eq!(icon.value().attr("type"), Some("image/svg+xml"));
    assert!(
        f.read(&format!("public{href}")).starts_with("<svg"),
        "{href}"
    );
    // static/chart.js shows this text (and hides the other and the zoom hint) when ECharts did
    // not load; tests/browser/chart.test.mjs checks that in Chromium.
    let unavailable = texts(&html, "#chart-unavailable[hidden]").join("");
    assert!(
        unavailable.contains("chart library could not be loaded"),
        "{unavailable}"
    );
    assert_eq!(texts(&html, "figcaption #chart-hint").len(), 1);
}
