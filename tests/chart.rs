//! The chart's embedded options, checked as JSON: series, axes, data and escaping. The
//! browser test (tests/browser.rs) checks that ECharts draws them and the controls work.

mod common;

use benchsite::compute::metrics::MonotoneSpline;
use benchsite::types::Framework;
use std::collections::BTreeSet;

use common::{Fixture, texts};
use serde_json::Value;

/// The dataset's column names (a dimension is a name or `{"name": …}`).
fn dimensions(chart: &Value) -> Vec<String> {
    chart["option"]["dataset"][0]["dimensions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().or(d.as_str()).unwrap().to_string())
        .collect()
}

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

/// The chart a page shows before ECharts loads (`#chart-plot`), read back into data units by
/// its tick labels alone: two ticks of an axis fix its linear map.
struct Drawing {
    legend: Vec<String>,
    x: AxisMap,
    y: AxisMap,
    lines: Vec<String>,
    /// Each series' marks (a ranking's lines have none), in the SVG's 0–1000 box.
    dots: Vec<Vec<[f64; 2]>>,
    /// Each series' marks' slot class (`side-N`).
    mark_classes: Vec<String>,
}

/// From the SVG's 0–1000 box to data units.
struct AxisMap {
    at_zero: f64,
    per_unit: f64,
}

impl AxisMap {
    /// From ticks given as (position in percent, label): the first and the last.
    fn from_ticks(ticks: &[(f64, f64)]) -> AxisMap {
        let ((p0, v0), (p1, v1)) = (ticks[0], ticks[ticks.len() - 1]);
        let per_unit = (v1 - v0) / ((p1 - p0) * 10.0);
        AxisMap {
            at_zero: v0 - p0 * 10.0 * per_unit,
            per_unit,
        }
    }

    fn value(&self, svg: f64) -> f64 {
        self.at_zero + svg * self.per_unit
    }

    /// The drawing prints one decimal of the 0–1000 box: half of that, and a little.
    fn tolerance(&self) -> f64 {
        0.06 * self.per_unit.abs()
    }
}

impl Drawing {
    fn of(html: &str) -> Drawing {
        let doc = scraper::Html::parse_document(html);
        let all = |selector: &str| {
            let sel = scraper::Selector::parse(selector).unwrap();
            doc.select(&sel)
                .map(|e| e.value().clone())
                .collect::<Vec<_>>()
        };
        let ticks = |class: &str, side: &str| -> Vec<(f64, f64)> {
            let sel = scraper::Selector::parse(&format!("#chart-plot .{class}")).unwrap();
            doc.select(&sel)
                .map(|e| {
                    let style = e.value().attr("style").unwrap();
                    let percent = style.strip_prefix(side).unwrap().trim_end_matches('%');
                    let label: String = e.text().collect();
                    (
                        percent.parse().unwrap(),
                        label.replace(',', "").parse().unwrap(),
                    )
                })
                .collect()
        };
        let d = |class: &str| {
            all(&format!("#chart-plot path.{class}"))
                .iter()
                .map(|p| p.attr("d").unwrap().to_string())
                .collect()
        };
        let marks = scraper::Selector::parse("#chart-plot .plot-area > .plot-marks").unwrap();
        let mark = scraper::Selector::parse("i").unwrap();
        let percent = |style: &str, key: &str| -> f64 {
            let at = style.find(key).unwrap() + key.len();
            style[at..].split('%').next().unwrap().parse().unwrap()
        };
        let dots = doc
            .select(&marks)
            .map(|m| {
                m.select(&mark)
                    .map(|i| {
                        let style = i.value().attr("style").unwrap();
                        [
                            10.0 * percent(style, "left:"),
                            10.0 * percent(style, "top:"),
                        ]
                    })
                    .collect()
            })
            .collect();
        let mark_classes = doc
            .select(&marks)
            .map(|m| m.value().attr("class").unwrap().replace("plot-marks ", ""))
            .collect();
        Drawing {
            legend: texts(html, "#chart-plot .plot-legend li"),
            x: AxisMap::from_ticks(&ticks("plot-x", "left:")),
            // Top is 0%: the SVG's y grows downwards, as its coordinates do.
            y: AxisMap::from_ticks(&ticks("plot-y", "top:")),
            lines: d("plot-line"),
            dots,
            mark_classes,
        }
    }

    /// Series `i`'s frontier: `M p0 C c1 c2 p3 C …`, as Bézier segments in data units.
    fn curves(&self, i: usize) -> Vec<[[f64; 2]; 4]> {
        let d = &self.lines[i];
        let numbers: Vec<f64> = d
            .split(['M', 'C', ' '])
            .filter(|t| !t.is_empty())
            .map(|t| t.parse().unwrap())
            .collect();
        assert!(
            d.starts_with('M') && (numbers.len() - 2).is_multiple_of(6),
            "{d}"
        );
        let point = |k: usize| {
            [
                self.x.value(numbers[2 * k]),
                self.y.value(numbers[2 * k + 1]),
            ]
        };
        (0..(numbers.len() - 2) / 6)
            .map(|n| {
                [
                    point(3 * n),
                    point(3 * n + 1),
                    point(3 * n + 2),
                    point(3 * n + 3),
                ]
            })
            .collect()
    }

    /// The points series `i` marks, in data units.
    fn points(&self, i: usize) -> Vec<[f64; 2]> {
        (self.dots[i].iter())
            .map(|&[x, y]| [self.x.value(x), self.y.value(y)])
            .collect()
    }
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
        assert_eq!(series.len(), sides.len(), "{page}");
        let plot = Drawing::of(&html);
        assert_eq!(plot.legend, sides, "{page}: the drawing's legend");
        let shapes: std::collections::BTreeSet<&str> = series
            .iter()
            .map(|s| s["symbol"].as_str().unwrap())
            .collect();
        assert_eq!(shapes.len(), sides.len(), "{page}: one shape per side");
        for (i, side) in sides.iter().enumerate() {
            assert_eq!(series[i]["type"], "scatter");
            assert_eq!(series[i]["name"], side.as_str());
            // Its points take side i's marker, the tables' swatch shape (square, circle,
            // triangle, diamond, …), live and in the drawing.
            let shape = if i == 1 { "circle" } else { "path://M" };
            assert!(
                series[i]["symbol"].as_str().unwrap().starts_with(shape),
                "{page}"
            );
            assert_eq!(chart["series"][i]["symbol"], series[i]["symbol"], "{page}");
            assert_eq!(plot.mark_classes[i], format!("side-{i}"), "{page}");
            // The drawing's frontier is the Steffen spline through the side's frontier from
            // index.json (to six significant digits): one cubic Bézier per interval, whose
            // ends are the knots and whose middle lies on the spline the tables read.
            let frontier = index["sides"][i]["frontier"].as_array().unwrap();
            let field =
                |k: &str| -> Vec<f64> { frontier.iter().map(|p| p[k].as_f64().unwrap()).collect() };
            let (xs, ys) = (field("interactivity"), field("throughput"));
            let spline = MonotoneSpline::new(&xs, &ys).unwrap();
            let curves = plot.curves(i);
            assert_eq!(curves.len(), frontier.len() - 1, "{page}");
            let (x_tol, y_tol) = (plot.x.tolerance(), plot.y.tolerance());
            for (n, [p0, c1, c2, p3]) in curves.iter().enumerate() {
                let close = |p: &[f64; 2], k: usize| {
                    (p[0] - xs[k]).abs() < x_tol && (p[1] - ys[k]).abs() < y_tol
                };
                assert!(close(p0, n) && close(p3, n + 1), "{page}: interval {n}");
                let at = |t: f64| {
                    let u = 1.0 - t;
                    let b = |k: usize| {
                        u * u * u * p0[k]
                            + 3.0 * u * u * t * c1[k]
                            + 3.0 * u * t * t * c2[k]
                            + t * t * t * p3[k]
                    };
                    [b(0), b(1)]
                };
                for t in [0.25, 0.5, 0.75] {
                    // The drawn x is itself rounded: the spline anywhere within its rounding.
                    let [x, y] = at(t);
                    let near: Vec<f64> = [x - x_tol, x, x + x_tol]
                        .iter()
                        .map(|&x| spline.at(x.clamp(xs[n], xs[n + 1])).unwrap())
                        .collect();
                    let lo = near.iter().copied().fold(f64::INFINITY, f64::min) - 2.0 * y_tol;
                    let hi = near.iter().copied().fold(f64::NEG_INFINITY, f64::max) + 2.0 * y_tol;
                    assert!(
                        (lo..=hi).contains(&y),
                        "{page}: interval {n} at t={t}: drawn {y}, spline {near:?}"
                    );
                }
            }
            // Every measured point is drawn at its place: index.json's points and the
            // drawn ones, both in order, match within the drawing's rounding.
            let sorted = |mut v: Vec<[f64; 2]>| {
                v.sort_by(|a, b| a[0].total_cmp(&b[0]).then(a[1].total_cmp(&b[1])));
                v
            };
            let drawn = sorted(plot.points(i));
            let listed = sorted(
                index["sides"][i]["points"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|p| {
                        let v = |k: &str| p[k].as_f64().unwrap();
                        [v("interactivity"), v("throughput")]
                    })
                    .collect(),
            );
            assert_eq!(
                drawn.len(),
                listed.len(),
                "{page}: every measured point is drawn"
            );
            for (d, l) in drawn.iter().zip(&listed) {
                assert!(
                    (d[0] - l[0]).abs() < x_tol && (d[1] - l[1]).abs() < y_tol,
                    "{page}: drawn {d:?}, measured {l:?}"
                );
            } // The rows' text columns are places in the page's table of texts, which holds
            // each text once: the frameworks read back are index.json's.
            let texts = chart["texts"].as_array().unwrap();
            let unique: std::collections::BTreeSet<_> =
                texts.iter().map(Value::to_string).collect();
            assert_eq!(unique.len(), texts.len(), "{page}: each text once");
            // The tooltip names the engine and the precision as the page does ("SGLang", not
            // "sglang"; "FP4").
            let dims = dimensions(&chart);
            type Label = fn(&str) -> String;
            let names: [(&str, Label); 2] = [
                ("framework", |slug| {
                    benchsite::render::labels::framework(&Framework::new(slug).unwrap())
                }),
                ("precision", |slug| slug.to_uppercase()),
            ];
            for (column, label) in names {
                let at = dims.iter().position(|d| d == column).unwrap();
                let mut drawn: Vec<Value> = chart["option"]["dataset"][i]["source"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|row| texts[row[at].as_u64().unwrap() as usize].clone())
                    .collect();
                let mut listed: Vec<Value> = index["sides"][i]["points"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|p| Value::from(label(p[column].as_str().unwrap())))
                    .collect();
                drawn.sort_by_key(|v| v.to_string());
                listed.sort_by_key(|v| v.to_string());
                assert_eq!(drawn, listed, "{page}: {column}");
            }
            // Every point is embedded once, in the side's dataset.
            let dataset = &chart["option"]["dataset"][i]["source"];
            assert_eq!(
                dataset.as_array().unwrap().len(),
                index["sides"][i]["points"].as_array().unwrap().len()
            );
        }
        // (Its string values hold none either; the embed snippet's own script is elsewhere.)
        assert!(
            !chart.to_string().contains("function("),
            "no JavaScript functions in the options"
        );
    }
}

#[test]
fn a_ranking_draws_each_accelerators_line_with_its_gaps() {
    let f = Fixture::demo_built();
    let html = f.read("public/rankings/dsr1/8k-1k/index.html");
    let chart = chart_json(&html);
    let series = chart["option"]["series"].as_array().unwrap();
    let plot = Drawing::of(&html);
    let names: Vec<&str> = series.iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(plot.legend, names);
    assert!(plot.dots.is_empty(), "a ranking draws lines only");
    for (s, d) in series.iter().zip(&plot.lines) {
        // Every point with a cost is drawn, at its place (read back through the ticks); a
        // point without one breaks the line, so the next one starts a new piece (`M`).
        let data = s["data"].as_array().unwrap();
        let mut drawn = d.split(['M', 'L']).filter(|t| !t.is_empty()).map(|t| {
            t.split(' ')
                .map(|v| v.parse::<f64>().unwrap())
                .collect::<Vec<_>>()
        });
        let mut pieces = 0;
        let mut after_gap = true;
        for point in data {
            let Some(cost) = point[1].as_f64() else {
                after_gap = true;
                continue;
            };
            pieces += usize::from(after_gap);
            after_gap = false;
            let xy = drawn.next().expect("a drawn point for every cost");
            let x = point[0].as_f64().unwrap();
            assert!((plot.x.value(xy[0]) - x).abs() < plot.x.tolerance(), "{x}");
            assert!(
                (plot.y.value(xy[1]) - cost).abs() < plot.y.tolerance(),
                "{cost}"
            );
        }
        assert!(drawn.next().is_none(), "nothing else is drawn");
        assert_eq!(d.matches('M').count(), pieces, "{d}");
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
    let dims = dimensions(&chart);
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

/// The chart's tooltips format the embedded figures with the tables' decimals, so the figures
/// must round as the unrounded ones do: kept to six significant digits, a GB200 point's
/// 3,061,757 tok/s/MW read 3,061,760 in its tooltip beside the table's 3,061,757.
#[test]
fn embedded_figures_show_as_the_points_tables_show_them() {
    let f = Fixture::demo_built();
    let html = f.read("public/compare/dsr1-gb200-vs-mi355x/1k-1k/index.html");
    let chart = chart_json(&html);
    let dims = dimensions(&chart);
    let col = |name: &str| dims.iter().position(|d| d == name).unwrap();
    let grouped = |v: f64| {
        let digits = format!("{}", v.round() as i64);
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                out.push(',');
            }
            out.push(c);
        }
        out
    };
    let (mut power, mut cost) = (BTreeSet::new(), BTreeSet::new());
    for meta in as_list(&chart["series"])
        .iter()
        .filter(|m| m["kind"] == "side")
    {
        let dataset = meta["dataset"].as_u64().unwrap() as usize;
        for row in chart["option"]["dataset"][dataset]["source"]
            .as_array()
            .unwrap()
        {
            power.insert(grouped(row[col("tok_s_mw")].as_f64().unwrap()));
            let c = row[col("cost_hyperscaler")].as_f64().unwrap();
            // Three decimals, and below $0.10 three significant digits (the README), judged
            // on the amount rounded to three significant digits ($0.09996 is `$0.100`).
            let r: f64 = format!("{c:.2e}").parse().unwrap();
            let decimals = if r < 0.1 {
                2 - r.log10().floor() as i32
            } else {
                3
            };
            let scale = 10f64.powi(decimals);
            cost.insert(format!(
                "${:.*}",
                decimals as usize,
                (c * scale).round() / scale
            ));
        }
    }
    let set = |cells: Vec<String>| cells.into_iter().collect::<BTreeSet<String>>();
    assert!(power.contains("3,061,757"), "{power:?}");
    assert_eq!(power, set(texts(&html, "table.points td[data-m=power]")));
    assert_eq!(cost, set(texts(&html, "table.points td[data-m=cost]")));
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

/// The chart's controls hold a ticked checkbox per legend entry, named as the entry and
/// keyed as the legend keys it (static/reader.js keeps them in step): the way to hide a
/// series from the keyboard. The entries are read from the embedded options: the series
/// shown, then the rings. The other precisions' boxes come hidden, as their series do.
#[test]
fn the_controls_hold_a_ticked_box_per_legend_entry() {
    let f = Fixture::demo_built();
    for page in [
        "dsr1/mi355x/fp4/1k-1k/",
        "compare-disagg/dsr1-mi355x-fp8/1k-1k/",
        "rankings/dsr1/8k-1k/",
    ] {
        let html = f.read(&format!("public/{page}index.html"));
        let chart = chart_json(&html);
        let series = chart["option"]["series"].as_array().unwrap().iter();
        let rings = chart["lead"]["label"].as_str();
        let entries: Vec<&str> = (series.map(|s| s["name"].as_str().unwrap()))
            .chain(rings)
            .collect();
        assert!(entries.len() > 1, "{page}: {entries:?}");
        let shown = "#chart-controls fieldset#chart-series label:not([hidden])";
        assert_eq!(texts(&html, shown), entries, "{page}");
        let doc = scraper::Html::parse_document(&html);
        let boxes = scraper::Selector::parse(&format!("{shown} input")).unwrap();
        let boxes: Vec<_> = doc.select(&boxes).map(|e| e.value()).collect();
        assert_eq!(boxes.len(), entries.len(), "{page}");
        for (input, name) in boxes.iter().zip(&entries) {
            assert_eq!(input.attr("type"), Some("checkbox"));
            assert_eq!(input.attr("value"), Some(*name), "{page}");
            assert!(input.attr("checked").is_some(), "{page}: {name} ticked");
        }
        let keys = format!("{shown} .key .swatch, {shown} .key .ring, {shown} .key svg");
        assert_eq!(
            texts(&html, &keys).len(),
            entries.len(),
            "{page}: a key each"
        );
    }
    // DeepSeek R1 on MI355X 1k/1k was measured at FP4 and FP8; its FP8 comparison has rings,
    // after which the live legend lists FP4 (before the rings), and so do the boxes.
    let hub = f.read("public/dsr1/mi355x/fp4/1k-1k/index.html");
    assert_eq!(
        texts(&hub, "#chart-series label[hidden]"),
        ["FP8 (all configurations)"]
    );
    let ringed = f.read("public/compare-disagg/dsr1-mi355x-fp8/1k-1k/index.html");
    assert_eq!(
        texts(&ringed, "#chart-series label"),
        [
            "Disaggregated",
            "Aggregated",
            "FP4 (all configurations)",
            "Lead changes hands"
        ]
    );
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
        scripts, 8,
        "the reader tools, the spline, the glue, your speed, the search box, the options, the prices and the table's frontiers: no injected script element"
    );
    // The drawing's accessible name, escaped in Rust (src/render/plot/), reads as written.
    let plot = doc
        .select(&scraper::Selector::parse("#chart-plot").unwrap())
        .next()
        .expect("the page draws its chart");
    assert!(
        plot.value().attr("aria-label").unwrap().contains(payload),
        "{:?}",
        plot.value().attr("aria-label")
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
    let page = |f: &Fixture| {
        let html = f.read("public/dsr1/b200/fp8/1k-1k/index.html");
        scraper::Html::parse_document(&html)
    };
    // ECharts is not a script of the page: static/reader.js loads it from the chart box's
    // `data-library` when the reader reaches for the chart (tests/browser/weight.test.mjs).
    let library = |f: &Fixture| {
        let doc = page(f);
        let sel = scraper::Selector::parse("#chart[data-library]").unwrap();
        let holder = doc
            .select(&sel)
            .next()
            .expect("the chart box names its library");
        let attr = |name| holder.value().attr(name).unwrap().to_string();
        (attr("data-library"), attr("data-integrity"))
    };

    // By default: the trimmed build in vendor/, built into the binary, self-hosted.
    assert_eq!(f.run(&["build"]).code, Some(0));
    let (src, integrity) = library(&f);
    assert!(
        src.starts_with("/echarts.min.") && src.ends_with(".js"),
        "{src}"
    );
    assert_eq!(integrity, "", "no SRI hash for a self-hosted copy");
    let bundled = std::fs::read(f.root().join(format!("public{src}"))).unwrap();
    let vendor = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("vendor/echarts.min.js"),
    )
    .unwrap();
    assert!(
        bundled == vendor,
        "the self-hosted file is vendor/echarts.min.js"
    );
    // The page's own scripts, deferred: the reader tools (static/reader.js, which also loads
    // ECharts) and the frontier spline before the chart glue, which uses them, then "Your
    // speed" (which uses the reader tools and the spline); the search box's script comes last.
    let doc = page(&f);
    let sel = scraper::Selector::parse("script[src]").unwrap();
    let scripts: Vec<_> = doc.select(&sel).map(|e| e.value().clone()).collect();
    assert!(scripts.iter().all(|s| s.attr("defer").is_some()));
    let names: Vec<&str> = scripts.iter().map(|s| s.attr("src").unwrap()).collect();
    assert!(
        names.len() == 5
            && names[0].starts_with("/reader.")
            && names[1].starts_with("/spline.")
            && names[2].starts_with("/chart.")
            && names[3].starts_with("/speed.")
            && names[4].starts_with("/search.")
            && names.iter().all(|n| n.ends_with(".js")),
        "{names:?}"
    );

    // `echarts: cdn`: the full bundle from the pinned CDN URL with its SRI hash.
    let plain = f.read("site.yaml");
    f.write("site.yaml", &(plain.clone() + "echarts: cdn\n"));
    assert_eq!(f.run(&["build"]).code, Some(0));
    assert_eq!(
        library(&f),
        (
            "https://cdn.jsdelivr.net/npm/echarts@6.1.0/dist/echarts.min.js".to_string(),
            "sha384-C2iskrW/uPW46KzOjrvJIQo4YkV8lkD+QS0CrDN18IIPIpT/g2USu8bTP3nvmIAD".to_string()
        )
    );
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
    let (src, integrity) = library(&f);
    assert!(
        src.starts_with("/echarts.min.") && src.ends_with(".js"),
        "{src}"
    );
    assert_eq!(integrity, "");
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

/// Result files give a disaggregated point's input throughput per prefill GPU and its output
/// per decode GPU (the total per GPU of both), so the two do not add up to the total as an
/// aggregated point's do. The caption says so exactly where a drawn point's do not (by more
/// than 1%), on every demo page with a chart.
#[test]
fn the_caption_says_where_input_and_output_throughput_count_other_gpus() {
    let f = Fixture::demo_built();
    let (mut with, mut without) = (0, 0);
    for entry in walkdir::WalkDir::new(f.root().join("public")) {
        let path = entry.unwrap().into_path();
        let html = std::fs::read_to_string(&path).unwrap_or_default();
        let caption = common::texts(&html, "figure.chart figcaption");
        let ranking = path.components().any(|c| c.as_os_str() == "rankings");
        if path.file_name() != Some("index.html".as_ref()) || caption.is_empty() || ranking {
            continue; // a ranking's chart plots cost alone
        }
        let chart = chart_json(&html);
        let dims = dimensions(&chart);
        let at = |name: &str| dims.iter().position(|d| d == name).unwrap();
        let (total, input, output) = (at("throughput"), at("input"), at("output"));
        let datasets = as_list(&chart["option"]["dataset"]);
        let split = (datasets.iter().flat_map(|d| as_list(&d["source"]))).any(|p| {
            match (p[input].as_f64(), p[output].as_f64()) {
                (Some(i), Some(o)) => ((i + o) / p[total].as_f64().unwrap() - 1.0).abs() > 0.01,
                _ => false,
            }
        });
        let says = caption[0].contains(
            "On disaggregated points, input throughput is per prefill GPU and output \
             throughput per decode GPU",
        );
        assert_eq!(says, split, "{}: {}", path.display(), caption[0]);
        *(if split { &mut with } else { &mut without }) += 1;
    }
    assert!(
        with >= 3 && without >= 3,
        "{with} pages with it, {without} without"
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
    let sel = scraper::Selector::parse("link[rel=icon][type]").unwrap();
    let icon = doc.select(&sel).next().expect("an SVG favicon link");
    let href = icon.value().attr("href").unwrap();
    assert_eq!(icon.value().attr("type"), Some("image/svg+xml"));
    assert!(
        f.read(&format!("public{href}")).starts_with("<svg"),
        "{href}"
    );
    // The ICO, at the root where browsers and feed readers that cannot read SVG look for it.
    let sel = scraper::Selector::parse("link[rel=icon][sizes]").unwrap();
    let ico = doc.select(&sel).next().expect("an ICO favicon link");
    assert_eq!(ico.value().attr("href"), Some("/favicon.ico"));
    let bytes = std::fs::read(f.root().join("public/favicon.ico")).unwrap();
    // ICONDIR: reserved 0, type 1 (icon), then the image count.
    assert_eq!(bytes[..4], [0, 0, 1, 0]);
    assert_eq!(u16::from_le_bytes([bytes[4], bytes[5]]), 3);
    // static/reader.js shows this text (and hides the zoom hint) when ECharts did not load;
    // tests/browser/chart.test.mjs checks that in Chromium.
    let unavailable = texts(&html, "#chart-unavailable[hidden]").join("");
    assert!(
        unavailable.contains("chart library could not be loaded")
            && unavailable.contains("index.csv has every measured point."),
        "{unavailable}"
    );
    assert_eq!(texts(&html, "figcaption #chart-hint").len(), 1);
}
