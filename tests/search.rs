//! The search index (issue 14, SPEC §14) on the demo site: written under `/pagefind/`,
//! byte-identical across builds, one entry per page a reader can land on, filters set from the
//! pages' data, a search box in every page's header, and none of it with `--no-search`.
//! Queries, filters and the keyboard are checked in Chromium (tests/browser/search.test.mjs).

mod common;

use std::collections::BTreeMap;
use std::io::Read;

use common::{Fixture, snapshot, texts};

fn pagefind_files(files: &BTreeMap<String, Vec<u8>>) -> BTreeMap<&str, &[u8]> {
    files
        .iter()
        .filter(|(path, _)| path.starts_with("pagefind/"))
        .map(|(path, bytes)| (path.as_str(), bytes.as_slice()))
        .collect()
}

fn text(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).unwrap()
}

/// A Pagefind data file's content: gzip around `pagefind_dcd` and CBOR.
fn decompress(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .unwrap();
    assert!(out.starts_with(b"pagefind_dcd"), "not a Pagefind data file");
    out
}

/// The site's `base_url` without its closing slash.
fn base_url(site: &Fixture) -> String {
    site.read("site.yaml")
        .lines()
        .find_map(|l| l.strip_prefix("base_url:"))
        .unwrap()
        .trim()
        .trim_matches('"')
        .trim_end_matches('/')
        .to_string()
}

/// The pages a reader can land on from a search: every `index.html` that is its own canonical
/// page, less the search page itself (404.html is not an `index.html`).
fn landing_pages(files: &BTreeMap<String, Vec<u8>>, base_url: &str) -> Vec<String> {
    files
        .iter()
        .filter(|(path, _)| path.ends_with("index.html") && !path.starts_with("search/"))
        .filter_map(|(path, bytes)| {
            let url = format!("/{}", path.trim_end_matches("index.html"));
            let html = text(bytes);
            let canonical = format!("<link href=\"{base_url}{url}\" rel=canonical>");
            html.contains(&canonical).then_some(url)
        })
        .collect()
}

#[test]
fn the_index_is_deterministic_and_holds_every_landing_page_with_its_filters() {
    let site = Fixture::demo();
    site.build_ok();
    let first = snapshot(&site.root().join("public"));
    site.build_ok();
    let second = snapshot(&site.root().join("public"));
    let index = pagefind_files(&first);
    assert_eq!(
        index,
        pagefind_files(&second),
        "two builds wrote different indexes"
    );

    for needed in [
        "pagefind/pagefind.js",
        "pagefind/pagefind-entry.json",
        "pagefind/wasm.en.pagefind",
    ] {
        assert!(index.contains_key(needed), "{needed} is missing");
    }
    for unused in [
        "pagefind/pagefind-ui.js",
        "pagefind/pagefind-highlight.js",
        "pagefind/wasm.unknown.pagefind",
    ] {
        assert!(
            !index.contains_key(unused),
            "{unused} is shipped but never loaded"
        );
    }
    let fingerprinted = |stem: &str, ext: &str| {
        index.keys().any(|p| {
            p.strip_prefix(&format!("pagefind/{stem}."))
                .and_then(|rest| rest.strip_suffix(ext))
                .is_some_and(|hash| hash.len() == 9 && hash.ends_with('.'))
        })
    };
    assert!(fingerprinted("pagefind-component-ui", "js"));
    assert!(fingerprinted("pagefind-component-ui", "css"));

    let base_url = base_url(&site);
    let landing = landing_pages(&first, &base_url);
    assert!(
        landing.len() > 100,
        "only {} landing pages found",
        landing.len()
    );
    let entry: serde_json::Value =
        serde_json::from_str(text(index["pagefind/pagefind-entry.json"])).unwrap();
    assert_eq!(
        entry["languages"]["en"]["page_count"].as_u64(),
        Some(landing.len() as u64),
        "the index should hold exactly the pages a reader can land on"
    );

    // Filter values come from the pages' plans: the catalog's names, not words from the text.
    let filters: Vec<u8> = index
        .iter()
        .filter(|(path, _)| path.ends_with(".pf_filter"))
        .flat_map(|(_, bytes)| decompress(bytes))
        .collect();
    let filters = String::from_utf8_lossy(&filters);
    for value in [
        "model",
        "hardware",
        "precision",
        "sequence",
        "family",
        "DeepSeek R1",
        "gpt-oss 120B",
        "GB200 NVL72",
        "MI355X",
        "FP4",
        "FP8",
        "1k/8k",
        "8k/1k",
        "Speculative Decoding",
        "Chip vs Chip",
        "Ranking",
        "Model overview",
    ] {
        assert!(
            filters.contains(value),
            "no filter value {value:?} in the index"
        );
    }
}

#[test]
fn every_page_has_the_search_box_and_the_search_page_its_filters() {
    let site = Fixture::demo();
    site.build_ok();
    let public = site.root().join("public");
    for page in [
        "index.html",
        "dsr1/index.html",
        "dsr1/b200/fp8/1k-1k/index.html",
        "404.html",
    ] {
        let html = std::fs::read_to_string(public.join(page)).unwrap();
        assert_eq!(
            texts(
                &html,
                "header form.site-search[role=search][action=\"/search/\"] label"
            ),
            ["Search the site"],
            "{page}"
        );
        assert_eq!(
            texts(&html, "form.site-search input[type=search][name=q]").len(),
            1,
            "{page}"
        );
        assert!(html.contains("/search."), "{page} does not load search.js");
    }
    let search = std::fs::read_to_string(public.join("search/index.html")).unwrap();
    // The header's form is there too (search.js reads its data; style.css hides it).
    assert_eq!(texts(&search, "header form.site-search").len(), 1);
    let doc = scraper::Html::parse_document(&search);
    let sel = scraper::Selector::parse("pagefind-filter-dropdown").unwrap();
    let filters: Vec<(&str, &str)> = doc
        .select(&sel)
        .map(|e| {
            (
                e.value().attr("filter").unwrap(),
                e.value().attr("label").unwrap(),
            )
        })
        .collect();
    assert_eq!(
        filters,
        [
            ("model", "Model"),
            ("hardware", "Accelerator"),
            ("precision", "Precision"),
            ("sequence", "Sequence"),
            ("family", "Page kind")
        ]
    );
    // Where to go when a search finds nothing (shown by search.js): each model with pages,
    // the rankings, the home page, and every one of them a page the build wrote.
    let sel = scraper::Selector::parse("#search-none[hidden] a").unwrap();
    let browse: Vec<(String, &str)> = doc
        .select(&sel)
        .map(|a| (a.text().collect(), a.value().attr("href").unwrap()))
        .collect();
    let names: Vec<&str> = browse.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(
        names,
        [
            "DeepSeek R1",
            "gpt-oss 120B",
            "Rankings",
            "Every benchmark, from the home page"
        ]
    );
    for (_, href) in &browse {
        let file = public.join(href.trim_start_matches('/')).join("index.html");
        assert!(file.is_file(), "{href} has no page");
    }
}

#[test]
fn no_search_builds_no_index_and_no_box() {
    let site = Fixture::demo();
    let run = site.run(&["build", "--no-search"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let public = site.root().join("public");
    assert!(!public.join("pagefind").exists());
    assert!(!public.join("search").exists());
    let scripts: Vec<_> = std::fs::read_dir(&public)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|name| name.starts_with("search."))
        .collect();
    assert!(scripts.is_empty(), "no page loads {scripts:?}");
    let home = std::fs::read_to_string(public.join("index.html")).unwrap();
    assert!(
        !home.contains("site-search"),
        "the home page still has a search box"
    );
}

#[test]
fn the_part_count_comes_from_the_planned_data_pages() {
    // The count is fixed before rendering, from the data pages (hubs and comparisons, each
    // with an index.json), not from the documents indexed (which add the index pages).
    let f = Fixture::demo();
    let run = f.run(&["build", "--no-cache", "--search-part-size", "37"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let files = snapshot(&f.root().join("public"));
    let data_pages = files
        .keys()
        .filter(|p| p.ends_with("/index.json") && !p.starts_with("embed/"))
        .count();
    let base_url = base_url(&f);
    let documents = landing_pages(&files, &base_url).len();
    let parts = |n: usize| n.div_ceil(37);
    assert_ne!(
        parts(data_pages),
        parts(documents),
        "the demo no longer tells the two counts apart at 37 ({data_pages} data pages, {documents} documents)"
    );
    let list: serde_json::Value =
        serde_json::from_slice(&files["pagefind/benchsite-parts.json"]).unwrap();
    let merged = list["merge"].as_array().unwrap().len();
    assert_eq!(merged + 1, parts(data_pages), "{list}");
}

/// Each search document's fragment, by page URL (Pagefind's fragments: gzip around
/// `pagefind_dcd` and JSON with the page's `url`, `content` and `filters`).
fn fragments(files: &BTreeMap<String, Vec<u8>>) -> BTreeMap<String, serde_json::Value> {
    pagefind_files(files)
        .into_iter()
        .filter(|(path, _)| path.ends_with(".pf_fragment"))
        .map(|(_, bytes)| {
            let json: serde_json::Value =
                serde_json::from_slice(&decompress(bytes)["pagefind_dcd".len()..]).unwrap();
            (json["url"].as_str().unwrap().to_string(), json)
        })
        .collect()
}

/// Each search document's indexed text, by page URL.
fn indexed_texts(files: &BTreeMap<String, Vec<u8>>) -> BTreeMap<String, String> {
    (fragments(files).into_iter())
        .map(|(url, json)| (url, json["content"].as_str().unwrap().to_string()))
        .collect()
}

/// The precision filter holds every precision a data page shows (those of the points in its
/// `index.json`), so filtering by FP8 keeps a chip comparison, whose sides are pinned to no
/// precision, where the page has FP8 points.
#[test]
fn a_data_page_is_filed_under_each_precision_it_shows() {
    let site = Fixture::demo_built();
    let files = snapshot(&site.root().join("public"));
    let mut chips = 0;
    for (url, fragment) in fragments(&files) {
        let Some(json) = files.get(&format!("{}index.json", &url[1..])) else {
            continue;
        };
        let json: serde_json::Value = serde_json::from_slice(json).unwrap();
        let Some(sides) = json["sides"].as_array() else {
            continue; // a ranking
        };
        let points = sides.iter().flat_map(|s| s["points"].as_array().unwrap());
        let mut shown: Vec<String> = points
            .map(|p| p["precision"].as_str().unwrap().to_uppercase())
            .collect();
        shown.sort();
        shown.dedup();
        let mut filed: Vec<String> = (fragment["filters"]["precision"].as_array())
            .map(|a| a.iter().map(|p| p.as_str().unwrap().to_string()).collect())
            .unwrap_or_default();
        filed.sort();
        assert_eq!(filed, shown, "{url}");
        chips += usize::from(url.starts_with("/compare/"));
    }
    assert!(chips > 10, "only {chips} chip comparisons checked");
}

/// A hub says what it is about (accelerator, precision, sequence) once more, at the title's
/// weight (templates/search-document.html), so that "MI355X FP8 8k/1k" finds it before the
/// comparisons that name the same three (the ranking itself is checked in Chromium); other
/// pages do not.
#[test]
fn a_hub_repeats_its_accelerator_precision_and_sequence_for_search() {
    let site = Fixture::demo();
    site.build_ok();
    let texts = indexed_texts(&snapshot(&site.root().join("public")));
    let subject = "MI355X · FP8 · 8k/1k";
    let hub = &texts["/dsr1/mi355x/fp8/8k-1k/"];
    assert!(hub.contains(&format!(". {subject}. ")), "{hub}");
    for comparison in [
        "/compare-precision/dsr1-mi355x-fp4-vs-fp8/8k-1k/",
        "/compare-framework/dsr1-mi355x-fp8-atom-vs-sglang/8k-1k/",
    ] {
        let text = &texts[comparison];
        assert!(!text.contains(subject), "{comparison}: {text}");
    }
}
