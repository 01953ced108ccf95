//! Embeddable copies and the reader tools' markup (SPEC §15), checked on the built demo site:
//! every hub and comparison has `/embed/<path>/` holding its chart and matched table and no
//! site chrome, linking back to the full page, `noindex`, canonical to the full page, and none
//! is in the sitemap; the full pages carry the price form, its data and the embed snippet.
//! The browser suite (tests/browser/embed.test.mjs, reader-tools.test.mjs) checks that they work.

mod common;

use std::collections::BTreeSet;

use common::{Fixture, texts};
use scraper::{Html, Selector};
use serde_json::Value;

fn select<'a>(doc: &'a Html, selector: &str) -> Vec<scraper::ElementRef<'a>> {
    let sel = Selector::parse(selector).unwrap();
    doc.select(&sel).collect()
}

fn attr(doc: &Html, selector: &str, name: &str) -> Option<String> {
    select(doc, selector)
        .first()
        .and_then(|e| e.value().attr(name))
        .map(str::to_string)
}

/// The path of every hub and comparison page: each has an `index.json` with a `sides` list
/// (rankings have tiers instead). Sequence-less comparison copies have no `index.json`.
fn data_pages(f: &Fixture) -> Vec<String> {
    let public = f.root().join("public");
    walkdir::WalkDir::new(&public)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_name() == "index.json")
        .filter_map(|e| {
            let json: Value =
                serde_json::from_str(&std::fs::read_to_string(e.path()).ok()?).ok()?;
            json.get("sides")?;
            Some(json["path"].as_str()?.to_string())
        })
        .collect()
}

#[test]
fn every_hub_and_comparison_has_an_embed_page_and_none_is_in_the_sitemap() {
    let f = Fixture::demo_built();
    let pages = data_pages(&f);
    assert!(pages.len() > 50, "{} data pages", pages.len());
    let sitemap = f.read("public/sitemap.xml");
    assert!(
        !sitemap.contains("/embed/"),
        "an embed page is in the sitemap"
    );
    for path in &pages {
        let html = f.read(&format!("public/embed{path}index.html"));
        let doc = Html::parse_document(&html);
        let canonical = attr(&doc, "link[rel=canonical]", "href").unwrap();
        assert!(canonical.ends_with(path), "{path}: canonical {canonical}");
        assert!(
            sitemap.contains(&format!("<loc>{canonical}</loc>")),
            "{path}: the full page is in the sitemap"
        );
        assert_eq!(
            attr(&doc, "meta[name=robots]", "content").as_deref(),
            Some("noindex"),
            "{path}"
        );
    }
    // Nothing else lives under /embed/.
    let embeds: BTreeSet<String> = walkdir::WalkDir::new(f.root().join("public/embed"))
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_name() == "index.html")
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(f.root().join("public/embed"))
                .unwrap();
            format!("/{}", rel.parent().unwrap().to_string_lossy()) + "/"
        })
        .collect();
    assert_eq!(embeds, pages.iter().cloned().collect::<BTreeSet<_>>());
}

#[test]
fn an_embed_page_holds_the_chart_and_the_matched_table_without_site_chrome() {
    let f = Fixture::demo_built();
    for path in [
        "/dsr1/b200/fp4/8k-1k/",
        "/compare-spec-decode/dsr1-gb200-fp4-mtp-vs-none/8k-1k/",
    ] {
        let full = Html::parse_document(&f.read(&format!("public{path}index.html")));
        let html = f.read(&format!("public/embed{path}index.html"));
        let doc = Html::parse_document(&html);
        for chrome in [
            "header",
            "nav",
            "footer",
            ".site-header",
            ".breadcrumbs",
            "#prices",
        ] {
            assert!(select(&doc, chrome).is_empty(), "{path}: has {chrome}");
        }
        assert_eq!(select(&doc, "#chart").len(), 1, "{path}: the chart");
        assert_eq!(select(&doc, "script#chart-options").len(), 1, "{path}");
        assert_eq!(select(&doc, "script#price-data").len(), 1, "{path}");
        // The same matched table as the full page, cell for cell.
        assert_eq!(
            texts(&html, "table.matched td"),
            texts(
                &f.read(&format!("public{path}index.html")),
                "table.matched td"
            ),
            "{path}"
        );
        assert!(
            select(&doc, "table.points").is_empty(),
            "{path}: only the matched table"
        );
        // Links back to the full page, leaving the frame.
        let back = select(&doc, &format!("a[href='{path}']"));
        assert!(!back.is_empty(), "{path}: a link back");
        let words: String = select(&doc, ".embed-source a")[0].text().collect();
        assert_eq!(
            words,
            "The full page on benchsite, with every measured point and the data"
        );
        assert!(
            back.iter()
                .all(|a| a.value().attr("target") == Some("_top")),
            "{path}"
        );
        // Small: the embed is lighter than the full page.
        let full_len = f.read(&format!("public{path}index.html")).len();
        assert!(html.len() < full_len, "{path}: {} ≥ {full_len}", html.len());
        // The full page offers the snippet for it.
        let snippet = select(&full, "#embed-code")
            .first()
            .map(|e| e.text().collect::<String>())
            .unwrap();
        assert!(
            snippet.starts_with("<iframe src=\"")
                && snippet.contains(&format!("/embed{path}\""))
                && snippet.contains(" data-benchsite-embed></iframe>\n<script>")
                && snippet.ends_with("</script>"),
            "{path}: {snippet}"
        );
    }
}

#[test]
fn price_data_lists_the_page_accelerators_with_every_provider_and_cells_carry_their_inputs() {
    let f = Fixture::demo_built();
    let path = "compare/dsr1-b200-vs-h200/8k-1k/";
    let html = f.read(&format!("public/{path}index.html"));
    let doc = Html::parse_document(&html);
    let data: Value = serde_json::from_str(
        &select(&doc, "script#price-data")[0]
            .text()
            .collect::<String>(),
    )
    .unwrap();
    assert_eq!(data["default"], "hyperscaler");
    let hw: Vec<&String> = data["hardware"].as_object().unwrap().keys().collect();
    assert_eq!(hw, ["b200", "h200"]);
    // Published constants, SPEC §2.
    assert_eq!(data["hardware"]["b200"]["price"]["neocloud"], 2.34);
    assert_eq!(data["hardware"]["h200"]["kw"], 1.73);
    // A field per accelerator for price and power. The form, the chart's controls and the
    // share buttons are in place from the first paint (nothing moves when the scripts start),
    // and a <noscript> style hides them where no script could make them work.
    for id in [
        "#prices.reader-prices",
        "#chart-controls.chart-controls",
        "#share.share",
    ] {
        assert_eq!(select(&doc, id).len(), 1, "{id}");
        assert!(attr(&doc, id, "hidden").is_none(), "{id} hidden");
    }
    // The axis selectors list from the start what the chart's JSON offers (tests/chart.rs
    // checks that against SPEC §6), in its order, the defaults first.
    let chart: Value = serde_json::from_str(
        &select(&doc, "script#chart-options")[0]
            .text()
            .collect::<String>(),
    )
    .unwrap();
    for axis in ["x", "y"] {
        let listed: Vec<(String, String)> = select(&doc, &format!("select#chart-{axis} option"))
            .iter()
            .map(|o| {
                let key = o.value().attr("value").unwrap_or_default();
                (key.to_string(), o.text().collect())
            })
            .collect();
        let offered: Vec<(String, String)> = chart["axes"][axis]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| {
                (
                    a["key"].as_str().unwrap().into(),
                    a["name"].as_str().unwrap().into(),
                )
            })
            .collect();
        assert_eq!(listed, offered, "{axis}");
        assert!(listed.len() >= 3, "{axis}: {listed:?}");
    }
    let noscript: String = select(&doc, "head noscript")[0].text().collect();
    let hidden = noscript
        .strip_prefix("<style>")
        .and_then(|css| css.split_once('{'))
        .map(|(selectors, rule)| (selectors.replace(' ', ""), rule.replace(' ', "")));
    assert_eq!(
        hidden,
        Some((
            ".reader-prices,.chart-controls,.share,.speed-form,.speed-tier".to_string(),
            "display:none}</style>".to_string()
        )),
        "{noscript}"
    );
    for id in ["price-b200", "kw-b200", "price-h200", "kw-h200"] {
        assert_eq!(select(&doc, &format!("input#{id}")).len(), 1, "{id}");
        assert_eq!(select(&doc, &format!("label[for={id}]")).len(), 1, "{id}");
    }
    // Cost and tok/s/MW cells carry the throughput and accelerator they are priced from.
    let index: Value = f.json(&format!("public/{path}index.json"));
    let cells = select(&doc, "table.matched [data-m=cost]");
    assert_eq!(cells.len(), 2 * index["rows"].as_array().unwrap().len());
    let t: f64 = cells[0].value().attr("data-t").unwrap().parse().unwrap();
    assert_eq!(
        t,
        index["rows"][0]["values"][0]["throughput"]
            .as_f64()
            .unwrap()
    );
    assert_eq!(cells[0].value().attr("data-hw"), Some("b200"));
    assert!(select(&doc, "table.matched [data-m=concurrency]").is_empty());
}

/// The knots of `#table-frontiers`, side by side: `(accelerator, [[x, throughput,
/// concurrency], …])`.
fn table_frontiers(doc: &Html) -> Vec<(String, Vec<[f64; 3]>)> {
    let text: String = select(doc, "script#table-frontiers")[0].text().collect();
    let sides: Vec<Value> = serde_json::from_str(&text).unwrap();
    sides
        .iter()
        .map(|side| {
            let knots = side["knots"].as_array().unwrap().iter().map(|k| {
                let k = k.as_array().unwrap();
                [0, 1, 2].map(|i| k[i].as_f64().unwrap())
            });
            (side["hw"].as_str().unwrap().to_string(), knots.collect())
        })
        .collect()
}

/// "Your speed" (static/speed.js; tests/browser/speed.test.mjs checks it works) reads each
/// side's frontier from the page: on every hub and comparison with a table those knots must be
/// exactly the frontiers index.json publishes, the accelerator each side's cells are priced
/// for, and the field's hint must give the range they span. The headings carry their targets.
#[test]
fn the_speed_field_reads_the_frontiers_the_page_publishes() {
    let f = Fixture::demo_built();
    let (mut with_table, mut with_shared) = (0, 0);
    for path in data_pages(&f) {
        let index: Value = f.json(&format!("public{path}index.json"));
        let doc = Html::parse_document(&f.read(&format!("public{path}index.html")));
        let embed = Html::parse_document(&f.read(&format!("public/embed{path}index.html")));
        let rows = index["rows"].as_array().unwrap();
        if rows.is_empty() {
            for page in [&doc, &embed] {
                assert!(
                    select(page, "#speed-form, #table-frontiers").is_empty(),
                    "{path}"
                );
            }
            continue;
        }
        with_table += 1;
        let knots = table_frontiers(&doc);
        assert_eq!(
            knots,
            table_frontiers(&embed),
            "{path}: the embed reads the same"
        );
        let sides = index["sides"].as_array().unwrap();
        assert_eq!(knots.len(), sides.len(), "{path}");
        let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
        // Where every side has values: the latest start to the earliest end.
        let (mut every_lo, mut every_hi) = (f64::NEG_INFINITY, f64::INFINITY);
        for (i, ((hw, knots), side)) in knots.iter().zip(sides).enumerate() {
            let published: Vec<[f64; 3]> = side["frontier"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| {
                    ["interactivity", "throughput", "concurrency"].map(|k| p[k].as_f64().unwrap())
                })
                .collect();
            assert_eq!(knots, &published, "{path}: side {i}");
            lo = lo.min(published[0][0]);
            hi = hi.max(published[published.len() - 1][0]);
            every_lo = every_lo.max(published[0][0]);
            every_hi = every_hi.min(published[published.len() - 1][0]);
            let priced = select(
                &doc,
                &format!("tr[data-metric=cost] li:nth-child({}) [data-hw]", i + 1),
            );
            assert!(
                priced.iter().all(|e| e.value().attr("data-hw") == Some(hw)),
                "{path}: side {i} is {hw}"
            );
        }
        let hint: String = select(&doc, "#speed-hint")[0].text().collect();
        // To a tenth, as the site prints measured ranges ("121.0").
        let tenths = |lo: f64, hi: f64| ((lo * 10.0).round() / 10.0, (hi * 10.0).round() / 10.0);
        let (lo, hi) = tenths(lo, hi);
        let range = format!("from {lo:.1} to {hi:.1} tok/s/user");
        assert!(hint.contains(&range), "{path}: {hint:?} lacks {range:?}");
        // With two sides or more, where they all have values, if that is narrower.
        let every = tenths(every_lo, every_hi);
        if sides.len() > 1 && every.0 < every.1 && every != (lo, hi) {
            let sides = if index["family"] == "hub" {
                "every series"
            } else {
                "both sides"
            };
            let shared = format!(", and on {sides} from {:.1} to {:.1}.", every.0, every.1);
            assert!(hint.ends_with(&shared), "{path}: {hint:?} lacks {shared:?}");
            with_shared += 1;
        } else {
            assert!(!hint.contains(", and on "), "{path}: {hint:?}");
        }
        assert!(
            select(&embed, "#speed-form").is_empty(),
            "{path}: a field in the embed"
        );
        let headings: Vec<f64> = select(&doc, "table.matched th[data-x]")
            .iter()
            .map(|th| th.value().attr("data-x").unwrap().parse().unwrap())
            .collect();
        assert_eq!(headings, Fixture::interactivities(&index["rows"]), "{path}");
        let metrics: Vec<&str> = select(&doc, "table.matched tbody tr")
            .iter()
            .map(|tr| tr.value().attr("data-metric").unwrap())
            .collect();
        assert_eq!(
            metrics,
            ["throughput", "cost", "power", "concurrency"],
            "{path}"
        );
    }
    assert!(with_table > 50, "{with_table} pages with a table");
    assert!(
        with_shared > 10,
        "{with_shared} pages whose sides share a narrower range"
    );
}

/// A site whose `static/` has no `speed.js` (made before it existed) builds without the field,
/// the frontiers it would read or a link to the script.
#[test]
fn a_site_without_speed_js_has_no_speed_field() {
    let f = Fixture::demo();
    std::fs::remove_file(f.root().join("static/speed.js")).unwrap();
    f.build_ok();
    let html = f.read("public/compare/dsr1-b200-vs-h200/8k-1k/index.html");
    let doc = Html::parse_document(&html);
    assert_eq!(select(&doc, "table.matched").len(), 1);
    assert!(select(&doc, "#speed-form, #table-frontiers").is_empty());
    assert!(!html.contains("speed."), "a link to the script");
}
