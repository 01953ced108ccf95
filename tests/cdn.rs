//! CDN-ready output: sitemap, robots, fingerprints, base URL, precompression, meta and JSON-LD.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;

use common::{Fixture, attr, snapshot, texts};

fn build(f: &Fixture, args: &[&str]) {
    let mut all = vec!["build"];
    all.extend_from_slice(args);
    let run = f.run(&all);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
}

#[test]
fn sitemap_lists_exactly_the_written_pages() {
    let f = Fixture::demo();
    build(&f, &[]);
    let files = snapshot(&f.root().join("public"));
    let sitemap = f.read("public/sitemap.xml");
    let listed: BTreeSet<String> = sitemap
        .split("<loc>")
        .skip(1)
        .map(|s| {
            s.split("</loc>")
                .next()
                .unwrap()
                .trim_start_matches("https://benchsite.example.org")
                .to_string()
        })
        .collect();
    // Written pages, less the sequence-less comparison copies (canonical to their sequence page).
    let written: BTreeSet<String> = files
        .keys()
        .filter(|p| p.ends_with("index.html"))
        .map(|p| format!("/{}", p.trim_end_matches("index.html")))
        .filter(|url| {
            let html = f.read(&format!("public{url}index.html"));
            attr(&html, "link[rel=canonical]", "href").unwrap()
                == format!("https://benchsite.example.org{url}")
        })
        .collect();
    assert!(written.len() > 100);
    assert_eq!(listed, written);
    assert!(
        f.read("public/robots.txt")
            .contains("Sitemap: https://benchsite.example.org/sitemap.xml")
    );
    assert!(files.contains_key("404.html"));
}

#[test]
fn dated_results_give_lastmod() {
    let f = Fixture::without_results();
    let body = common::GOOD_RECORD
        .replace("\n  ", "\n    ")
        .replacen("- hw", "  - hw", 1);
    f.write(
        "data/results/nightly.yaml",
        &format!("run:\n  date: 2026-03-04\nresults:\n{body}"),
    );
    build(&f, &[]);
    let sitemap = f.read("public/sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://benchsite.example.org/dsr1/b200/fp8/1k-1k/</loc><lastmod>2026-03-04</lastmod>"),
        "{sitemap}"
    );
}

#[test]
fn fingerprints_change_when_and_only_when_content_changes() {
    let f = Fixture::demo();
    build(&f, &[]);
    let names = |f: &Fixture| -> BTreeSet<String> {
        snapshot(&f.root().join("public"))
            .into_keys()
            .filter(|p| !p.contains('/') && (p.ends_with(".css") || p.ends_with(".js")))
            .collect()
    };
    let before = names(&f);
    let css_before = before
        .iter()
        .find(|n| n.starts_with("style."))
        .unwrap()
        .clone();
    let js_before = before
        .iter()
        .find(|n| n.starts_with("chart."))
        .unwrap()
        .clone();
    build(&f, &[]);
    assert_eq!(names(&f), before, "same content, same names");
    f.write(
        "static/style.css",
        &(f.read("static/style.css") + "\n.x { color: red; }\n"),
    );
    build(&f, &[]);
    let after = names(&f);
    let css_after = after
        .iter()
        .find(|n| n.starts_with("style."))
        .unwrap()
        .clone();
    assert_ne!(css_after, css_before);
    assert!(
        after.contains(&js_before),
        "the untouched script keeps its name"
    );
    let home = f.read("public/index.html");
    assert_eq!(
        attr(&home, "link[rel=stylesheet]", "href").unwrap(),
        format!("/{css_after}")
    );
}

#[test]
fn base_url_changes_absolute_links_and_nothing_else() {
    let f = Fixture::demo();
    let (a, b) = (f.root().join("a"), f.root().join("b"));
    build(&f, &["--out", a.to_str().unwrap()]);
    build(
        &f,
        &[
            "--out",
            b.to_str().unwrap(),
            "--base-url",
            "https://preview.example.net/",
        ],
    );
    let (sa, sb) = (snapshot(&a), snapshot(&b));
    assert_eq!(sa.keys().collect::<Vec<_>>(), sb.keys().collect::<Vec<_>>());
    let home = String::from_utf8_lossy(&sb["index.html"]).into_owned();
    assert_eq!(
        attr(&home, "link[rel=canonical]", "href").unwrap(),
        "https://preview.example.net/"
    );
    let mut differ = 0;
    for (path, bytes) in &sa {
        let other = String::from_utf8_lossy(&sb[path]).replace(
            "https://preview.example.net",
            "https://benchsite.example.org",
        );
        assert_eq!(String::from_utf8_lossy(bytes), other, "{path}");
        differ += usize::from(bytes != &sb[path]);
    }
    assert!(differ > 100, "pages carry the base URL: {differ}");
    // Internal links stay root-relative: no page links to the base URL in <a href>.
    assert!(
        !common::links(&home)
            .iter()
            .any(|h| h.starts_with("https://preview"))
    );
}

#[test]
fn precompressed_siblings_decompress_to_the_original() {
    // The demo: its comparisons' sequence-less copies are linked, siblings and all.
    let f = Fixture::demo();
    build(&f, &["--precompress"]);
    let files = snapshot(&f.root().join("public"));
    let mut checked = 0;
    for (path, bytes) in &files {
        if let Some(original) = path.strip_suffix(".gz") {
            let mut out = Vec::new();
            flate2::read::GzDecoder::new(bytes.as_slice())
                .read_to_end(&mut out)
                .unwrap();
            assert_eq!(&out, &files[original], "{path}");
            checked += 1;
        } else if let Some(original) = path.strip_suffix(".br") {
            let mut out = Vec::new();
            brotli::Decompressor::new(bytes.as_slice(), 4096)
                .read_to_end(&mut out)
                .unwrap();
            assert_eq!(&out, &files[original], "{path}");
            checked += 1;
        }
    }
    let text_files = files
        .keys()
        .filter(|p| {
            [".html", ".json", ".csv", ".css", ".js", ".xml", ".txt"]
                .iter()
                .any(|e| p.ends_with(e))
        })
        .count();
    assert_eq!(checked, 2 * text_files);
    // A comparison's sequence-less copy is linked to its page, siblings and all.
    let base = "public/compare-spec-decode/dsr1-gb200-fp4-mtp-vs-none";
    let canonical = attr(
        &f.read(&format!("{base}/index.html")),
        "link[rel=canonical]",
        "href",
    )
    .unwrap();
    let sequence = canonical.trim_end_matches('/').rsplit('/').next().unwrap();
    let inode = |rel: String| {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(f.root().join(rel)).unwrap().ino()
    };
    for name in ["index.html", "index.html.gz", "index.html.br"] {
        assert_eq!(
            inode(format!("{base}/{name}")),
            inode(format!("{base}/{sequence}/{name}")),
            "{name}"
        );
    }
}

#[test]
fn every_page_has_canonical_description_and_social_tags() {
    let f = Fixture::demo();
    build(&f, &[]);
    for (path, bytes) in snapshot(&f.root().join("public")) {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8_lossy(&bytes);
        let canonical = attr(&html, "link[rel=canonical]", "href").unwrap_or_default();
        assert!(
            canonical.starts_with("https://benchsite.example.org/"),
            "{path}"
        );
        let description = attr(&html, "meta[name=description]", "content").unwrap_or_default();
        assert!(
            !description.is_empty() && description.chars().count() <= 155,
            "{path}: {description}"
        );
        for property in ["og:title", "og:description", "og:url", "og:type"] {
            assert!(
                attr(&html, &format!("meta[property='{property}']"), "content").is_some(),
                "{path} {property}"
            );
        }
        assert!(
            attr(&html, "meta[name='twitter:card']", "content").is_some(),
            "{path}"
        );
    }
}

#[test]
fn comparison_pages_carry_dataset_and_breadcrumb_json_ld() {
    let f = Fixture::demo();
    build(&f, &[]);
    let page = "compare-spec-decode/dsr1-gb200-fp4-mtp-vs-none/8k-1k/";
    let html = f.read(&format!("public/{page}index.html"));
    let doc = scraper::Html::parse_document(&html);
    let sel = scraper::Selector::parse("script[type='application/ld+json']").unwrap();
    let text: String = doc.select(&sel).next().expect("JSON-LD").text().collect();
    let ld: serde_json::Value = serde_json::from_str(&text).unwrap();
    let dataset = &ld[0];
    assert_eq!(dataset["@type"], "Dataset");
    assert_eq!(
        dataset["url"],
        format!("https://benchsite.example.org/{page}")
    );
    let downloads: Vec<&str> = dataset["distribution"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["contentUrl"].as_str().unwrap())
        .collect();
    assert_eq!(
        downloads,
        [
            format!("https://benchsite.example.org/{page}index.json"),
            format!("https://benchsite.example.org/{page}index.csv")
        ]
    );
    let crumbs = &ld[1];
    assert_eq!(crumbs["@type"], "BreadcrumbList");
    assert_eq!(
        crumbs["itemListElement"][0]["item"],
        "https://benchsite.example.org/"
    );
    assert_eq!(crumbs["itemListElement"].as_array().unwrap().len(), 3);
}

/// A browser tab, a bookmark and a search engine's result show the page's title alone, so no
/// two pages a search engine may index share one (chip vs chip at 1k/1k and at 8k/1k, or for
/// two models, had read the same "B200 vs MI355X"); embeds, which readers meet outside the
/// site, name their model and sequence too.
#[test]
fn every_indexable_page_and_embed_has_a_title_of_its_own() {
    let f = Fixture::demo();
    build(&f, &[]);
    let files = snapshot(&f.root().join("public"));
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    let mut embeds = 0;
    for path in files.keys().filter(|p| p.ends_with("index.html")) {
        let html = f.read(&format!("public/{path}"));
        let url = format!("/{}", path.trim_end_matches("index.html"));
        let canonical = attr(&html, "link[rel=canonical]", "href").unwrap();
        let title = texts(&html, "head > title").remove(0);
        if let Some(full) = url.strip_prefix("/embed") {
            // An embed is titled as its full page, and its heading says the same.
            embeds += 1;
            let page = f.read(&format!("public{full}index.html"));
            assert_eq!(
                texts(&page, "head > title"),
                std::slice::from_ref(&title),
                "{url}"
            );
            let heading = texts(&html, "h1").remove(0);
            assert_eq!(format!("{heading} · benchsite"), title, "{url}");
            continue;
        }
        if canonical != format!("https://benchsite.example.org{url}") {
            continue; // a sequence-less copy, canonical to its sequence's page
        }
        if let Some(other) = seen.insert(title.clone(), url.clone()) {
            panic!("{url} and {other} share the title {title:?}");
        }
    }
    assert!(
        seen.len() > 150 && embeds > 100,
        "{} pages, {embeds} embeds",
        seen.len()
    );
    let chip = f.read("public/compare/dsr1-b200-vs-mi355x/1k-1k/index.html");
    assert_eq!(
        texts(&chip, "head > title"),
        ["B200 vs MI355X · DeepSeek R1 · 1k/1k · benchsite"]
    );
}
