//! Editors' Markdown end to end: attachment, standalone pages, drafts, errors, and `check`.

mod common;

use common::{Fixture, links, texts};

const SPEC_DECODE: &str = "public/compare-spec-decode/dsr1-gb200-fp4-mtp-vs-none";

fn built(f: &Fixture, args: &[&str]) {
    let run = f.run(args);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
}

#[test]
fn demo_commentary_attaches_to_every_sequence_or_to_one() {
    let f = Fixture::demo();
    built(&f, &["build"]);
    // content/compare-spec-decode/dsr1-gb200-fp4-mtp-vs-none.md names the comparison without a
    // sequence: it attaches to both sequences and to the sequence-less page.
    for page in ["1k-1k/index.html", "8k-1k/index.html", "index.html"] {
        let html = f.read(&format!("{SPEC_DECODE}/{page}"));
        let notes = texts(&html, ".commentary .note-card");
        assert_eq!(notes.len(), 1, "{page}");
        assert!(
            notes[0].contains("like-for-like test of multi-token prediction"),
            "{page}"
        );
        assert!(texts(&html, ".commentary .byline")[0].contains("benchsite editors · 2026-11-28"));
    }
    // content/dsr1/gb200/fp4/8k-1k.md names one hub page.
    let hub = f.read("public/dsr1/gb200/fp4/8k-1k/index.html");
    assert_eq!(texts(&hub, ".commentary h3"), ["Reading this page"]);
    let other = f.read("public/dsr1/gb200/fp4/1k-1k/index.html");
    assert!(texts(&other, ".commentary").is_empty());
}

#[test]
fn methodology_is_a_standalone_page_with_heading_anchors() {
    let f = Fixture::demo();
    built(&f, &["build"]);
    let html = f.read("public/methodology/index.html");
    assert_eq!(texts(&html, "h1"), ["How the numbers are computed"]);
    let doc = scraper::Html::parse_document(&html);
    let sel = scraper::Selector::parse(".prose h2[id]").unwrap();
    let ids: Vec<String> = doc
        .select(&sel)
        .map(|h| h.value().attr("id").unwrap().to_string())
        .collect();
    assert!(ids.contains(&"the-pareto-frontier".to_string()), "{ids:?}");
    let hrefs = links(&html);
    for id in &ids {
        assert!(
            hrefs.contains(&format!("#{id}")),
            "heading {id} has an anchor link"
        );
    }
    assert!(html.contains("footnote"), "footnotes render");
    assert!(!texts(&html, ".prose table").is_empty(), "tables render");
}

/// `/search/` is the site's own page even in a build without search: a titled
/// `content/search.md` is its commentary, never a page of its own that one of the two would
/// overwrite.
#[test]
fn content_at_the_search_pages_path_is_its_commentary() {
    let f = Fixture::demo();
    f.write(
        "content/search.md",
        "---\ntitle: Search tips\n---\nType an accelerator and a precision.\n",
    );
    built(&f, &["build"]);
    let html = f.read("public/search/index.html");
    assert_eq!(texts(&html, "h1"), ["Search"]);
    assert_eq!(texts(&html, ".commentary h3"), ["Search tips"]);
    assert!(texts(&html, ".commentary p")[0].contains("an accelerator and a precision"));
    built(&f, &["build", "--no-search"]);
    assert!(!f.root().join("public/search/index.html").exists());
}

#[test]
fn drafts_only_with_the_flag() {
    let f = Fixture::without_results();
    f.write("data/results/one.yaml", common::GOOD_RECORD);
    f.write(
        "content/notes.md",
        "---\ntitle: Notes\ndraft: true\n---\nWork in progress.\n",
    );
    built(&f, &["build"]);
    assert!(!f.root().join("public/notes/index.html").exists());
    built(&f, &["build", "--drafts"]);
    assert!(
        texts(&f.read("public/notes/index.html"), ".prose p")
            .contains(&"Work in progress.".to_string())
    );
}

/// Every editor's page at the top of the site is in every page's navigation, named by its
/// file, by weight and then address, and marked on its own page and the pages under it; one
/// further down is left for its parent to link, a draft is there only when drafts are built,
/// and a titled note waiting for its model's results is not there at all.
#[test]
fn the_editors_top_pages_are_in_every_pages_navigation() {
    let f = Fixture::without_results();
    f.write("data/results/one.yaml", common::GOOD_RECORD);
    let page = |title: &str, extra: &str| format!("---\ntitle: {title}\n{extra}---\nText.\n");
    f.write(
        "content/methodology.md",
        &page("How the numbers are computed", ""),
    );
    f.write("content/about-us.md", &page("Who we are", "weight: -1\n"));
    f.write("content/press.md", &page("Press", "draft: true\n"));
    f.write("content/guides.md", &page("Guides", "weight: 1\n"));
    f.write("content/guides/setup.md", &page("Setting up", ""));
    // gpt-oss 120B is in the catalog but GOOD_RECORD measures DeepSeek R1 only.
    f.write("content/gpt-oss-120b.md", &page("Waiting for results", ""));
    let nav = |rel: &str| texts(&f.read(rel), "header nav li");
    let site = ["Benchmarks", "Rankings", "Comparisons", "Changes"];
    let with = |pages: &[&str]| -> Vec<String> {
        site.iter().chain(pages).map(|s| s.to_string()).collect()
    };
    built(&f, &["build"]);
    for rel in [
        "public/index.html",
        "public/dsr1/b200/fp8/1k-1k/index.html",
        "public/guides/setup/index.html",
        "public/404.html",
    ] {
        assert_eq!(
            nav(rel),
            with(&["About us", "Methodology", "Guides"]),
            "{rel}"
        );
    }
    let current = |rel: &str| common::attr(&f.read(rel), "header nav a[aria-current=page]", "href");
    assert_eq!(
        current("public/about-us/index.html").as_deref(),
        Some("/about-us/")
    );
    assert_eq!(
        current("public/guides/index.html").as_deref(),
        Some("/guides/")
    );
    assert_eq!(current("public/guides/setup/index.html"), None);
    let under = |rel: &str| common::attr(&f.read(rel), "header nav a[aria-current=true]", "href");
    assert_eq!(
        under("public/guides/setup/index.html").as_deref(),
        Some("/guides/")
    );
    assert_eq!(under("public/guides/index.html"), None);
    assert!(f.root().join("public/gpt-oss-120b/index.html").exists());
    built(&f, &["build", "--drafts"]);
    assert_eq!(
        nav("public/index.html"),
        with(&["About us", "Methodology", "Press", "Guides"])
    );
}

#[test]
fn front_matter_errors_name_file_line_and_key() {
    let f = Fixture::without_results();
    f.write("data/results/one.yaml", common::GOOD_RECORD);
    f.write("content/a.md", "---\ntitle: A\nauthr: me\n---\nText.\n");
    f.write("content/b.md", "---\ntitle: [unclosed\n---\nText.\n");
    let run = f.run(&["build"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(run.stderr.contains("content/a.md:3"), "{}", run.stderr);
    assert!(run.stderr.contains("authr"), "{}", run.stderr);
    assert!(run.stderr.contains("content/b.md:"), "{}", run.stderr);
    assert!(!f.root().join("public").exists(), "nothing written");
}

#[test]
fn commentary_at_a_mistyped_path_suggests_the_real_one() {
    let f = Fixture::without_results();
    f.write("data/results/one.yaml", common::GOOD_RECORD);
    f.write("content/dsr1/b200/fp8/1k-1.md", "A note without a title.\n");
    let run = f.run(&["build"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.stderr.contains("content/dsr1/b200/fp8/1k-1.md"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("/dsr1/b200/fp8/1k-1k/"),
        "suggests the nearest page: {}",
        run.stderr
    );
}

/// With a title, the same mistake went out as a page with no data, linked from nowhere: a
/// file among the generated pages (under a model's accelerator, or a comparison family's
/// folder) that is none of them is an error all the same. A titled page elsewhere under the
/// model stays a page of its own.
#[test]
fn titled_commentary_at_a_mistyped_path_suggests_the_real_one() {
    let f = Fixture::without_results();
    f.write("data/results/one.yaml", common::GOOD_RECORD);
    f.write("content/dsr1/notes.md", "---\ntitle: Notes\n---\nFine.\n");
    for (file, folder) in [
        ("content/dsr1/b200/fp8/1k1k.md", "/dsr1/b200/"),
        ("content/compare/dsr1-h100-vs-b200.md", "/compare/"),
    ] {
        f.write(file, "---\ntitle: Why\n---\nA note.\n");
        let run = f.run(&["build"]);
        assert_eq!(run.code, Some(1), "{file}: {}", run.stderr);
        let expected = format!("{file}:1:1: this file's path is inside `{folder}`");
        assert!(run.stderr.contains(&expected), "{}", run.stderr);
        std::fs::remove_file(f.root().join(file)).unwrap();
    }
    let run = f.run(&["build"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(f.root().join("public/dsr1/notes/index.html").exists());
}

#[test]
fn duplicate_headings_get_unique_ids() {
    let f = Fixture::without_results();
    f.write("data/results/one.yaml", common::GOOD_RECORD);
    f.write(
        "content/faq.md",
        "---\ntitle: FAQ\n---\n## Why\n\nOne.\n\n## Why\n\nTwo.\n",
    );
    built(&f, &["build"]);
    let doc = scraper::Html::parse_document(&f.read("public/faq/index.html"));
    let sel = scraper::Selector::parse(".prose h2[id]").unwrap();
    let ids: Vec<&str> = doc
        .select(&sel)
        .map(|h| h.value().attr("id").unwrap())
        .collect();
    assert_eq!(ids, ["why", "why-1"]);
}

#[test]
fn check_reports_each_broken_link_with_page_and_target() {
    let f = Fixture::without_results();
    f.write("data/results/one.yaml", common::GOOD_RECORD);
    f.write(
        "content/methodology.md",
        "---\ntitle: Methodology\n---\n## Fine\n",
    );
    let ok = f.run(&["check"]);
    assert_eq!(ok.code, Some(0), "{}", ok.stderr);
    assert!(!f.root().join("public").exists(), "check writes nothing");
    f.write(
        "content/methodology.md",
        "---\ntitle: Methodology\n---\n## Fine\n\nSee [a page](/no-such-page/) and [a section](#no-such-anchor).\n",
    );
    let run = f.run(&["check"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.stderr.contains("/methodology/") && run.stderr.contains("/no-such-page/"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("#no-such-anchor"), "{}", run.stderr);
    assert!(run.stderr.contains("2 problems found"), "{}", run.stderr);

    // A mistake in the search document's template fails the build, so it fails `check`.
    f.write(
        "content/methodology.md",
        "---\ntitle: Methodology\n---\n## Fine\n",
    );
    let template = f.read("templates/search-document.html");
    f.write(
        "templates/search-document.html",
        &template.replacen(
            "{{ meta.description }}",
            "{{ meta.no_such_field.deeper }}",
            1,
        ),
    );
    for command in ["build", "check"] {
        let run = f.run(&[command]);
        assert_eq!(run.code, Some(1), "{command}: {}", run.stderr);
        assert!(
            run.stderr.contains("search-document.html"),
            "{command}: {}",
            run.stderr
        );
    }
}

#[test]
fn commentary_for_the_default_sequence_shows_on_the_sequence_less_copy_too() {
    // The sequence-less copy is the default sequence's page itself, so what an editor writes
    // for that sequence shows at both addresses; what they write for the other sequence shows
    // on that sequence's page only.
    let f = Fixture::demo();
    built(&f, &["build"]);
    let canonical = common::attr(
        &f.read(&format!("{SPEC_DECODE}/index.html")),
        "link[rel=canonical]",
        "href",
    )
    .unwrap();
    let (default, other) = match canonical.ends_with("/1k-1k/") {
        true => ("1k-1k", "8k-1k"),
        false => ("8k-1k", "1k-1k"),
    };
    assert!(canonical.ends_with(&format!("/{default}/")), "{canonical}");
    let base = "content/compare-spec-decode/dsr1-gb200-fp4-mtp-vs-none";
    f.write(
        &format!("{base}/{default}.md"),
        "A note on the default run.\n",
    );
    f.write(&format!("{base}/{other}.md"), "A note on the other run.\n");
    built(&f, &["build"]);
    let notes =
        |page: &str| texts(&f.read(&format!("{SPEC_DECODE}/{page}")), ".commentary").join(" ");
    for page in [format!("{default}/index.html"), "index.html".to_string()] {
        let all = notes(&page);
        assert!(all.contains("default run"), "{page}: {all}");
        assert!(!all.contains("other run"), "{page}: {all}");
    }
    assert!(notes(&format!("{other}/index.html")).contains("other run"));
}

#[test]
fn a_table_of_contents_lists_the_sections_of_a_long_page_only() {
    let f = Fixture::without_results();
    f.write("data/results/one.yaml", common::GOOD_RECORD);
    let sections = |marker: &str, n: usize| -> String {
        (1..=n)
            .map(|i| format!("{marker} Part {i}\n\nText.\n\n"))
            .collect()
    };
    // Four `##` sections with `###` below them: the four sections are listed, nothing deeper.
    let long = format!(
        "---\ntitle: Long\n---\n{}### Detail\n\nMore.\n",
        sections("##", 4)
    );
    f.write("content/long.md", &long);
    // Four `###` headings and three `##`: no list (before, "On this page" showed up here with
    // only the `##` ones, or empty).
    let deep = format!(
        "---\ntitle: Deep\n---\n{}{}",
        sections("##", 3),
        sections("###", 4)
    );
    f.write("content/deep.md", &deep);
    built(&f, &["build"]);
    let long = f.read("public/long/index.html");
    assert_eq!(
        texts(&long, "nav.toc li"),
        ["Part 1", "Part 2", "Part 3", "Part 4"]
    );
    let hrefs = links(&long);
    assert!(hrefs.contains(&"#part-4".to_string()), "{hrefs:?}");
    assert!(texts(&f.read("public/deep/index.html"), "nav.toc").is_empty());
}

#[test]
fn a_commentary_description_becomes_the_pages_meta_description() {
    // An editor's `description:` on commentary speaks for the page it attaches to: a
    // sequence's own file before a comparison-wide one, on the page, its sequence-less copy,
    // its embed and its JSON-LD. Pages without one keep the generated headline.
    let f = Fixture::demo();
    let base = "content/compare-spec-decode/dsr1-gb200-fp4-mtp-vs-none";
    f.write(
        &format!("{base}.md"),
        "---\ndescription: MTP against Off on GB200, read with the engines in mind.\n---\nWide.\n",
    );
    f.write(
        &format!("{base}/8k-1k.md"),
        "---\ndescription: Long prompts, where MTP helps least.\nweight: 9\n---\nOwn.\n",
    );
    built(&f, &["build"]);
    let description =
        |page: &str| common::attr(&f.read(page), "meta[name=description]", "content").unwrap();
    let wide = "MTP against Off on GB200, read with the engines in mind.";
    let own = "Long prompts, where MTP helps least.";
    assert_eq!(description(&format!("{SPEC_DECODE}/8k-1k/index.html")), own);
    assert_eq!(
        description(&format!("{SPEC_DECODE}/1k-1k/index.html")),
        wide
    );
    let embed = "public/embed/compare-spec-decode/dsr1-gb200-fp4-mtp-vs-none";
    assert_eq!(description(&format!("{embed}/8k-1k/index.html")), own);
    assert_eq!(description(&format!("{embed}/1k-1k/index.html")), wide);
    // The sequence-less copy is the default sequence's page.
    let copy = f.read(&format!("{SPEC_DECODE}/index.html"));
    let canonical = common::attr(&copy, "link[rel=canonical]", "href").unwrap();
    let expected = if canonical.ends_with("/8k-1k/") {
        own
    } else {
        wide
    };
    assert_eq!(description(&format!("{SPEC_DECODE}/index.html")), expected);
    let ld = texts(
        &f.read(&format!("{SPEC_DECODE}/8k-1k/index.html")),
        "script[type='application/ld+json']",
    )
    .join("");
    assert!(ld.contains(own), "{ld}");
    // The hub's commentary has no description: its generated one stays.
    let hub = description("public/dsr1/gb200/fp4/8k-1k/index.html");
    assert!(
        hub.contains("throughput per GPU, cost per million tokens"),
        "{hub}"
    );
}

#[test]
fn a_template_on_commentary_is_an_error_naming_file_line_and_field() {
    // Commentary shows inside the generated page's own template: a `template:` there would
    // do nothing, so it is refused rather than ignored.
    let f = Fixture::without_results();
    f.write("data/results/one.yaml", common::GOOD_RECORD);
    f.write(
        "content/dsr1/b200/fp8/1k-1k.md",
        "---\nauthor: Ana\ntemplate: page.html\n---\nA note.\n",
    );
    let run = f.run(&["build"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.stderr.contains("content/dsr1/b200/fp8/1k-1k.md:3"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("template"), "{}", run.stderr);
    assert!(
        run.stderr.contains("standalone pages only"),
        "{}",
        run.stderr
    );
    assert!(!f.root().join("public").exists(), "nothing written");
}

#[test]
fn editors_reword_the_generated_descriptions_in_templates() {
    // templates/descriptions/ holds every generated page's meta description; a rewording
    // shows on the next build, even with the build cache (the templates are in every page's
    // fingerprint), and a site without the folder (made by an older `init`) says the same
    // as one with benchsite's own.
    let f = Fixture::demo();
    built(&f, &["build"]);
    let hub = "public/dsr1/gb200/fp4/8k-1k/index.html";
    let description =
        |f: &Fixture| common::attr(&f.read(hub), "meta[name=description]", "content").unwrap();
    let shipped = description(&f);
    assert_eq!(
        shipped,
        "DeepSeek R1 on GB200 NVL72 FP4 at 8k/1k: throughput per GPU, cost per million tokens \
         and tok/s/MW for every serving configuration."
    );
    f.write(
        "templates/descriptions/hub.txt",
        "{{ model }} served by {{ hardware }} ({{ precision }}, {{ sequence }}).\n",
    );
    built(&f, &["build"]);
    assert_eq!(
        description(&f),
        "DeepSeek R1 served by GB200 NVL72 (FP4, 8k/1k)."
    );
    std::fs::remove_dir_all(f.root().join("templates/descriptions")).unwrap();
    built(&f, &["build"]);
    assert_eq!(description(&f), shipped);
}
