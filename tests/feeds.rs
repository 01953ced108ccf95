//! The Atom feeds (SPEC §13) on fixtures worked out by hand.

mod common;

use std::str::FromStr;

use atom_syndication::Feed;
use common::{Fixture, links_in};

/// Two B200 FP8 1k/1k SGLang TP8 measurements of `model`: concurrency 64 at 40 tok/s/user and
/// concurrency 8 at 90, so the frontier is a straight line and every value on it scales with
/// the two throughputs.
fn records(model: &str, t64: f64, t8: f64) -> String {
    records_on("b200", model, t64, t8)
}

/// [`records`] measured on accelerator `hw`.
fn records_on(hw: &str, model: &str, t64: f64, t8: f64) -> String {
    [(64, t64, 40), (8, t8, 90)]
        .iter()
        .map(|(conc, tput, intvty)| {
            format!(
                "- {{hw: {hw}, infmax_model_prefix: {model}, framework: sglang, precision: fp8, \
                 spec_decoding: none, disagg: false, isl: 1024, osl: 1024, conc: {conc}, tp: 8, \
                 tput_per_gpu: {tput}, median_intvty: {intvty}}}\n"
            )
        })
        .collect()
}

/// Runs a/ (undated), b/ (2026-02-01, with a URL) and c/ (2026-01-15): run order a, c, b.
/// DeepSeek R1 scales by 1.06 from a to c (+6% at every target) and stays from c to b;
/// GPT-OSS scales by 1.02 from a to c (+2%: not listed) and by 0.9 from c to b (−10%). The only
/// pages are the two hubs (one series each, different models: no comparison).
fn three_runs() -> Fixture {
    let f = Fixture::without_results();
    let run = |name: &str, dsr1: (f64, f64), gptoss: (f64, f64)| {
        let text = records("dsr1", dsr1.0, dsr1.1) + &records("gptoss", gptoss.0, gptoss.1);
        f.write(&format!("data/results/{name}/agg.yaml"), &text);
    };
    run("a", (700.0, 300.0), (500.0, 200.0));
    run("b", (742.0, 318.0), (459.0, 183.6));
    run("c", (742.0, 318.0), (510.0, 204.0));
    f.write(
        "data/results/b/run.yaml",
        "date: 2026-02-01\nurl: https://example.org/runs/b\n",
    );
    f.write("data/results/c/run.yaml", "date: 2026-01-15\n");
    f.build_ok();
    f
}

const BASE: &str = "https://benchsite.example.org";

fn feed(f: &Fixture, rel: &str) -> Feed {
    let xml = f.read(rel);
    Feed::from_str(&xml).unwrap_or_else(|e| panic!("{rel} is not Atom: {e}\n{xml}"))
}

/// Every link from any feed of the site `f` to a section of `/changes/` finds it there.
fn assert_feed_links_resolve(f: &Fixture, feeds: &[&str]) {
    let page = scraper::Html::parse_document(&f.read("public/changes/index.html"));
    let sel = scraper::Selector::parse("section.run-changes").unwrap();
    let ids: Vec<&str> = page.select(&sel).filter_map(|s| s.value().id()).collect();
    for rel in feeds {
        for entry in feed(f, rel).entries() {
            for link in entry.links() {
                if let Some(id) = link.href().strip_prefix(&format!("{BASE}/changes/#")) {
                    assert!(ids.contains(&id), "{rel}: {id} not among {ids:?}");
                }
            }
        }
    }
}

/// Each entry's (title, updated as RFC 3339, the pages its content lists).
fn summary(feed: &Feed) -> Vec<(String, String, Vec<String>)> {
    feed.entries()
        .iter()
        .map(|e| {
            let html = e.content().and_then(|c| c.value()).unwrap_or("");
            (
                e.title().as_str().to_string(),
                e.updated().to_rfc3339(),
                links_in(html, "li a"),
            )
        })
        .collect()
}

fn assert_required_elements(feed: &Feed, id: &str) {
    assert_eq!(feed.id(), id);
    assert!(!feed.title().as_str().is_empty());
    assert!(!feed.authors().is_empty(), "a feed needs an author");
    assert!(
        feed.links()
            .iter()
            .any(|l| l.rel() == "self" && l.href() == id)
    );
    for e in feed.entries() {
        assert!(e.id().starts_with(&format!("{id}#")), "{}", e.id());
        assert!(!e.title().as_str().is_empty());
        assert!(!e.links().is_empty(), "{} has no link", e.id());
    }
}

#[test]
fn the_site_feed_lists_each_run_newest_first_with_the_pages_that_changed_by_five_percent() {
    let f = three_runs();
    let site = feed(&f, "public/feed.xml");
    assert_required_elements(&site, &format!("{BASE}/feed.xml"));
    let dsr1 = format!("{BASE}/dsr1/b200/fp8/1k-1k/");
    let gptoss = format!("{BASE}/gpt-oss-120b/b200/fp8/1k-1k/");
    assert_eq!(
        summary(&site),
        [
            (
                "b (2026-02-01): 1 page changed by 5% or more".to_string(),
                "2026-02-01T00:00:00+00:00".to_string(),
                vec![gptoss]
            ),
            (
                "c (2026-01-15): 1 page changed by 5% or more".to_string(),
                "2026-01-15T00:00:00+00:00".to_string(),
                vec![dsr1]
            ),
            // Undated, and no dated run before it in run order: the epoch.
            (
                "a (undated): the first run, with 2 new pages".to_string(),
                "1970-01-01T00:00:00+00:00".to_string(),
                vec![]
            ),
        ]
    );
    // The feed is as new as its newest entry. An entry's web version is its run's section of
    // /changes/; a run with a URL links it as related.
    assert_eq!(site.updated().to_rfc3339(), "2026-02-01T00:00:00+00:00");
    let links = |i: usize| -> Vec<(String, String)> {
        (site.entries()[i].links().iter())
            .map(|l| (l.rel().to_string(), l.href().to_string()))
            .collect()
    };
    let link = |rel: &str, href: &str| (rel.to_string(), href.to_string());
    assert_eq!(
        links(0),
        [
            link("alternate", &format!("{BASE}/changes/#run-b-agg-yaml")),
            link("related", "https://example.org/runs/b")
        ]
    );
    assert_eq!(
        links(1),
        [link(
            "alternate",
            &format!("{BASE}/changes/#run-c-agg-yaml")
        )]
    );
    assert_eq!(
        links(2),
        [link(
            "alternate",
            &format!("{BASE}/changes/#run-a-agg-yaml")
        )]
    );
    // The site feed stands for /changes/.
    let alternate: Vec<&str> = (site.links().iter())
        .filter(|l| l.rel() == "alternate")
        .map(|l| l.href())
        .collect();
    assert_eq!(alternate, [format!("{BASE}/changes/")]);
    // The change itself: −10% at each of the targets 53, 65 and 78.
    let content = site.entries()[0].content().unwrap().value().unwrap();
    assert!(
        content.contains(
            "SGLang throughput \u{2212}10% at 53, \u{2212}10% at 65, \u{2212}10% at 78 tok/s/user"
        ),
        "{content}"
    );
}

#[test]
fn a_model_feed_has_the_runs_that_measured_the_model_and_only_its_pages() {
    let f = three_runs();
    let dsr1 = feed(&f, "public/dsr1/feed.xml");
    assert_required_elements(&dsr1, &format!("{BASE}/dsr1/feed.xml"));
    let titles: Vec<String> = summary(&dsr1).into_iter().map(|s| s.0).collect();
    assert_eq!(
        titles,
        [
            "b (2026-02-01): no page changed by 5% or more",
            "c (2026-01-15): 1 page changed by 5% or more",
            "a (undated): the first run, with 1 new page",
        ]
    );
    let gptoss = feed(&f, "public/gpt-oss-120b/feed.xml");
    let links: Vec<Vec<String>> = summary(&gptoss).into_iter().map(|s| s.2).collect();
    assert_eq!(
        links,
        [
            vec![format!("{BASE}/gpt-oss-120b/b200/fp8/1k-1k/")],
            vec![],
            vec![]
        ]
    );
}

/// A run whose result file holds no record (a nightly that published nothing) has its entry
/// in the site's feed and its section on `/changes/`, saying so; a model's feed, which lists
/// the runs that measured the model, does not have it.
#[test]
fn an_empty_run_is_listed_as_holding_no_results() {
    let f = three_runs();
    f.write("data/results/d/agg.json", "[]");
    f.write("data/results/d/run.yaml", "date: 2026-01-20\n");
    f.build_ok();
    let site = feed(&f, "public/feed.xml");
    let entries: Vec<(String, String, Vec<String>)> = summary(&site);
    let titles: Vec<&str> = entries.iter().map(|e| e.0.as_str()).collect();
    assert_eq!(
        titles,
        [
            "b (2026-02-01): 1 page changed by 5% or more",
            "d (2026-01-20): no results in this run",
            "c (2026-01-15): 1 page changed by 5% or more",
            "a (undated): the first run, with 2 new pages",
        ]
    );
    assert_eq!(entries[1].1, "2026-01-20T00:00:00+00:00");
    let content = site.entries()[1].content().and_then(|c| c.value()).unwrap();
    assert!(
        content.contains("This run's result file holds no results."),
        "{content}"
    );
    let content = site.entries()[3].content().and_then(|c| c.value()).unwrap();
    assert!(
        content.contains("The first run: the histories of 2 pages start here."),
        "{content}"
    );
    for model in ["dsr1", "gpt-oss-120b"] {
        let titles: Vec<String> = summary(&feed(&f, &format!("public/{model}/feed.xml")))
            .into_iter()
            .map(|s| s.0)
            .collect();
        assert_eq!(titles.len(), 3, "{model}: {titles:?}");
        assert!(
            titles.iter().all(|t| !t.starts_with("d ")),
            "{model}: {titles:?}"
        );
    }
    let changes = f.read("public/changes/index.html");
    let sections = common::texts(&changes, "section.run-changes");
    assert_eq!(sections.len(), 4);
    assert!(
        sections[1].starts_with("d (2026-01-20)")
            && sections[1].contains("No results in this run."),
        "{}",
        sections[1]
    );
}

/// `/changes/` is the site feed as a web page: a section per run, newest first, naming the run
/// (linked where it has a URL) with its date, and listing the same pages.
#[test]
fn the_changes_page_lists_what_the_site_feed_lists() {
    let f = three_runs();
    let html = f.read("public/changes/index.html");
    let ids: Vec<String> = {
        let doc = scraper::Html::parse_document(&html);
        let sel = scraper::Selector::parse("section.run-changes").unwrap();
        doc.select(&sel)
            .map(|e| e.value().attr("id").unwrap().to_string())
            .collect()
    };
    assert_eq!(ids, ["run-b-agg-yaml", "run-c-agg-yaml", "run-a-agg-yaml"]);
    assert_eq!(
        common::texts(&html, "section.run-changes h2"),
        ["b (2026-02-01)", "c (2026-01-15)", "a (undated)"]
    );
    assert_eq!(
        common::attr(&html, "#run-b-agg-yaml h2 a", "href").as_deref(),
        Some("https://example.org/runs/b")
    );
    assert_eq!(
        common::texts(&html, "section.run-changes > p"),
        [
            "1 page changed by 5% or more.",
            "1 page changed by 5% or more.",
            "The first run, with 2 new pages."
        ]
    );
    // Above them, a folded index of the runs, each linked to its section.
    assert_eq!(
        links_in(&html, "nav.run-index details li a"),
        ids.iter().map(|id| format!("#{id}")).collect::<Vec<_>>()
    );
    assert_eq!(
        common::texts(&html, "nav.run-index li"),
        [
            "b (2026-02-01): 1 page changed by 5% or more",
            "c (2026-01-15): 1 page changed by 5% or more",
            "a (undated): the first run, with 2 new pages"
        ]
    );
    // The same pages and words as the feed's entries, with links on the site.
    let site = feed(&f, "public/feed.xml");
    for (i, entry) in site.entries().iter().enumerate() {
        let content = entry.content().and_then(|c| c.value()).unwrap_or("");
        let in_feed: Vec<String> = common::links(content)
            .iter()
            .map(|l| l.strip_prefix(BASE).unwrap().to_string())
            .collect();
        let section = format!("section.run-changes:nth-of-type({})", i + 2);
        for part in ["h3", "li"] {
            assert_eq!(
                common::texts(&html, &format!("{section} {part}")),
                common::texts(content, part),
                "entry {i}, {part}"
            );
        }
        let on_page = links_in(&html, &format!("{section} :is(h3, li) a"));
        assert_eq!(on_page, in_feed, "entry {i}");
    }
    // Under a heading naming the model, linked to its page, each page by its own title.
    assert_eq!(
        common::texts(&html, "#run-b-agg-yaml h3"),
        ["gpt-oss 120B: 1 page"]
    );
    assert_eq!(links_in(&html, "#run-b-agg-yaml h3 a"), ["/gpt-oss-120b/"]);
    assert_eq!(
        common::texts(&html, "#run-b-agg-yaml li"),
        [
            "B200 FP8 (1k/1k): SGLang throughput \u{2212}10% at 53, \u{2212}10% at 65, \u{2212}10% at 78 tok/s/user"
        ]
    );
    // Every page's menu leads there, and the sitemap lists it.
    let home = f.read("public/index.html");
    assert!(common::links(&home).contains(&"/changes/".to_string()));
    // The home page names the newest run (by date, not by path: b, not c), linked, and
    // leads to the page.
    assert_eq!(
        common::texts(&home, ".latest-run"),
        ["Latest results: b (2026-02-01) · What changed, run by run"]
    );
    assert_eq!(
        links_in(&home, ".latest-run a"),
        ["https://example.org/runs/b", "/changes/"]
    );
    assert!(
        f.read("public/sitemap.xml")
            .contains(&format!("{BASE}/changes/"))
    );
}

/// A site whose templates predate `/changes/` (no `changes.html`) still builds; its feeds'
/// entries link the pages the feeds stand for.
#[test]
fn without_its_template_there_is_no_changes_page() {
    let f = three_runs();
    std::fs::remove_file(f.root().join("templates/changes.html")).unwrap();
    f.build_ok();
    assert!(!f.root().join("public/changes").exists());
    for (rel, page) in [
        ("public/feed.xml", format!("{BASE}/")),
        ("public/dsr1/feed.xml", format!("{BASE}/dsr1/")),
    ] {
        let feed = feed(&f, rel);
        let alternates: Vec<&str> = feed.entries().iter().map(|e| e.links()[0].href()).collect();
        assert_eq!(alternates, vec![page.as_str(); 3], "{rel}");
    }
}

/// Each page announces its feed in its `<head>` for feed readers, and links it in its footer
/// for readers, who do not see the `<head>`.
#[test]
fn pages_announce_their_models_feed_and_the_home_page_the_sites() {
    let f = three_runs();
    let hrefs = |rel: &str, css: &str| links_in(&f.read(rel), css);
    for (page, feed) in [
        ("public/dsr1/b200/fp8/1k-1k/index.html", "/dsr1/feed.xml"),
        ("public/dsr1/index.html", "/dsr1/feed.xml"),
        ("public/index.html", "/feed.xml"),
    ] {
        let head = r#"head link[rel=alternate][type="application/atom+xml"]"#;
        assert_eq!(hrefs(page, head), [feed], "{page}");
        let footer = r#"footer a[type="application/atom+xml"]"#;
        assert_eq!(hrefs(page, footer), [feed], "{page}");
    }
    // Feeds are not pages: the sitemap leaves them out.
    assert!(!f.read("public/sitemap.xml").contains("feed.xml"));
}

#[test]
fn feeds_are_identical_across_builds_and_site_folders() {
    let (one, two) = (three_runs(), three_runs());
    assert_ne!(one.root(), two.root());
    for rel in ["public/feed.xml", "public/dsr1/feed.xml"] {
        let first = one.read(rel);
        one.build_ok();
        assert_eq!(first, one.read(rel), "{rel} changed on rebuild");
        assert_eq!(first, two.read(rel), "{rel} differs between site folders");
    }
}

#[test]
fn a_feed_holds_the_fifty_newest_runs() {
    let f = Fixture::without_results();
    // 52 dated runs, r00 oldest, throughput alternating by 10% so every run changes the page;
    // GPT-OSS only in the two oldest, which the site feed and /changes/ leave out.
    for i in 0..52u32 {
        let t = if i % 2 == 0 { 700.0 } else { 770.0 };
        let mut text = records("dsr1", t, t / 2.0);
        if i < 2 {
            text += &records("gptoss", t, t / 2.0);
        }
        f.write(&format!("data/results/r{i:02}/agg.yaml"), &text);
        let date = format!("2026-{:02}-{:02}", 1 + i / 28, 1 + i % 28);
        f.write(
            &format!("data/results/r{i:02}/run.yaml"),
            &format!("date: {date}\n"),
        );
    }
    f.build_ok();
    let site = feed(&f, "public/feed.xml");
    let titles: Vec<String> = summary(&site).into_iter().map(|s| s.0).collect();
    assert_eq!(titles.len(), 50);
    assert_eq!(titles[0], "r51 (2026-02-24): 1 page changed by 5% or more");
    assert_eq!(titles[49], "r02 (2026-01-03): 1 page changed by 5% or more");
    let changes = f.read("public/changes/index.html");
    assert_eq!(common::texts(&changes, "section.run-changes h2").len(), 50);
    // The model's feed keeps its two runs; with no section on /changes/, they link the
    // model's page.
    let gptoss = feed(&f, "public/gpt-oss-120b/feed.xml");
    let alternates: Vec<&str> = gptoss
        .entries()
        .iter()
        .map(|e| e.links()[0].href())
        .collect();
    let model_page = format!("{BASE}/gpt-oss-120b/");
    assert_eq!(alternates, [model_page.as_str(), model_page.as_str()]);
    assert_feed_links_resolve(
        &f,
        &[
            "public/feed.xml",
            "public/dsr1/feed.xml",
            "public/gpt-oss-120b/feed.xml",
        ],
    );
}

/// Dates with a zone offset order runs by the instant they name, not by their text, and the
/// feed dates an entry at that instant, in the zone written. Run b/ is dated 23:00 at +02:00
/// (21:00 UTC), c/ 22:00 UTC: b is the older of the two though its text sorts after.
#[test]
fn runs_dated_with_zone_offsets_are_ordered_by_instant() {
    let f = Fixture::without_results();
    f.write("data/results/b/agg.yaml", &records("dsr1", 700.0, 300.0));
    f.write("data/results/c/agg.yaml", &records("dsr1", 770.0, 330.0));
    f.write("data/results/b/run.yaml", "date: 2026-01-05T23:00+02:00\n");
    f.write("data/results/c/run.yaml", "date: 2026-01-05T22:00Z\n");
    f.build_ok();
    let site = feed(&f, "public/feed.xml");
    let got: Vec<(String, String)> = site
        .entries()
        .iter()
        .map(|e| (e.title().to_string(), e.updated().to_rfc3339()))
        .collect();
    assert_eq!(
        got,
        [
            (
                "c (2026-01-05T22:00Z): 1 page changed by 5% or more".to_string(),
                "2026-01-05T22:00:00+00:00".to_string()
            ),
            (
                "b (2026-01-05T23:00+02:00): the first run, with 1 new page".to_string(),
                "2026-01-05T23:00:00+02:00".to_string()
            ),
        ]
    );
    // c/ is the newer run, so its throughputs (+10%) are the page's.
    let hub = f.read("public/dsr1/b200/fp8/1k-1k/index.json");
    assert!(hub.contains("\"throughput\":770"), "{hub}");
}

/// A run that brings a new engine to a page lists the page, with the engine as "new" at each
/// target it reaches, though no number changed.
#[test]
fn an_engine_that_arrives_is_news() {
    let f = Fixture::without_results();
    let sglang = records("dsr1", 700.0, 300.0);
    let vllm = sglang
        .replace("framework: sglang", "framework: vllm")
        .replace("tput_per_gpu: 700", "tput_per_gpu: 650")
        .replace("tput_per_gpu: 300", "tput_per_gpu: 280");
    f.write("data/results/a/agg.yaml", &sglang);
    f.write("data/results/b/agg.yaml", &(sglang.clone() + &vllm));
    f.write("data/results/a/run.yaml", "date: 2026-01-01\n");
    f.write("data/results/b/run.yaml", "date: 2026-01-02\n");
    f.build_ok();
    let site = feed(&f, "public/feed.xml");
    let newest = &site.entries()[0];
    // The hub, and the SGLang-vs-vLLM page, new: there was nothing to compare SGLang with.
    assert_eq!(
        newest.title(),
        "b (2026-01-02): 1 new page, 1 page changed by 5% or more"
    );
    let html = newest.content().and_then(|c| c.value()).unwrap_or_default();
    // vLLM reaches every target of the hub's table: one phrase lists them all.
    let hub: serde_json::Value =
        serde_json::from_str(&f.read("public/dsr1/b200/fp8/1k-1k/index.json")).unwrap();
    let targets: Vec<String> = hub["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| format!("{}", r["interactivity"].as_f64().unwrap().round()))
        .collect();
    assert_eq!(targets.len(), 3);
    let grouped = format!(
        "vLLM now reaches {}, {} and {} tok/s/user",
        targets[0], targets[1], targets[2]
    );
    assert!(
        html.contains("/dsr1/b200/fp8/1k-1k/") && html.matches(&grouped).count() == 1,
        "{html}"
    );
    let items = common::texts(html, "li");
    assert!(
        items[1].ends_with("SGLang vs vLLM (1k/1k): new page")
            && html.contains("/compare-framework/dsr1-b200-fp8-sglang-vs-vllm/1k-1k/"),
        "{items:?}"
    );
    assert!(
        ["SGLang now", "SGLang throughput", "SGLang no longer"]
            .iter()
            .all(|c| !html.contains(c)),
        "SGLang did not change: {html}"
    );
}

/// A run that changes pages of several models lists them model by model, in the catalog's
/// order (here gpt-oss before DeepSeek, against the alphabet and the plan), each model's pages
/// in the plan's order (hub, then comparisons), under a heading that counts them.
#[test]
fn an_entry_lists_its_pages_model_by_model_in_the_catalogs_order() {
    let f = Fixture::without_results();
    let models = f.read("data/models.yaml");
    let (dsr1, rest) = models.split_at(models.find("- id: gpt-oss-120b").unwrap());
    let (gptoss, rest) = rest.split_at(rest.find("- id: glm-5-1").unwrap());
    f.write("data/models.yaml", &format!("{gptoss}{dsr1}{rest}"));
    // Every throughput 10% up in run b: the two DeepSeek hubs' series and the GPT-OSS one.
    let records = |scale: f64| {
        let dsr1 = records("dsr1", 700.0 * scale, 300.0 * scale);
        let vllm = dsr1.replace("framework: sglang", "framework: vllm");
        dsr1 + &vllm + &records("gptoss", 500.0 * scale, 200.0 * scale)
    };
    f.write("data/results/a/agg.yaml", &records(1.0));
    f.write("data/results/b/agg.yaml", &records(1.1));
    f.build_ok();
    let html = f.read("public/changes/index.html");
    let newest = "#run-b-agg-yaml";
    assert_eq!(
        common::texts(&html, &format!("{newest} h3")),
        ["gpt-oss 120B: 1 page", "DeepSeek R1: 2 pages"]
    );
    assert_eq!(
        links_in(&html, &format!("{newest} :is(h3, li) a")),
        [
            "/gpt-oss-120b/",
            "/gpt-oss-120b/b200/fp8/1k-1k/",
            "/dsr1/",
            "/dsr1/b200/fp8/1k-1k/",
            "/compare-framework/dsr1-b200-fp8-sglang-vs-vllm/1k-1k/",
        ]
    );
    // A model's feed holds its own group only.
    let dsr1_feed = feed(&f, "public/dsr1/feed.xml");
    let content = dsr1_feed.entries()[0].content().unwrap().value().unwrap();
    assert_eq!(common::texts(content, "h3"), ["DeepSeek R1: 2 pages"]);
}

/// The list of a run's pages as templates made before the grouping by model wrote it (benchsite
/// 2026-12-05, `templates/partials/feed_entry.html` without its comment).
const FEED_ENTRY_BEFORE_MODELS: &str = r#"{% if entry.pages %}
<ul>
  {% for p in entry.pages %}
  <li><a href="{{ p.href }}">{{ p.title }}</a>:
    {% for c in p.changes %}{{ c.side }} {% set change = c.change %}{% include "partials/change.html" %} at {{ c.at | compact_list }} tok/s/user{% if not loop.last %}; {% endif %}{% endfor %}
    {%- if p.more %}; and {{ p.more }} more{% endif %}</li>
  {% endfor %}
</ul>
{% else %}
<p>No page's throughput changed by {{ notable_percent | compact }}% or more in this run.</p>
{% endif %}"#;

/// A site whose templates predate the grouping by model still lists each run's pages, titled
/// with their models, in its feeds and on /changes/: never "no page changed" beside a title
/// that counts them.
#[test]
fn templates_from_before_the_grouping_still_list_the_pages() {
    let f = three_runs();
    f.write(
        "templates/partials/feed_entry.html",
        FEED_ENTRY_BEFORE_MODELS,
    );
    let changes = f.read("templates/changes.html");
    f.write(
        "templates/changes.html",
        &changes.replace("section.entry.models", "section.entry.pages"),
    );
    f.build_ok();
    let site = feed(&f, "public/feed.xml");
    let content = site.entries()[0].content().unwrap().value().unwrap();
    assert_eq!(
        common::texts(content, "li"),
        [
            "gpt-oss 120B · B200 FP8 (1k/1k): SGLang \u{2212}10% at 53 tok/s/user; SGLang \u{2212}10% at 65 tok/s/user; SGLang \u{2212}10% at 78 tok/s/user"
        ]
    );
    assert!(!content.contains("No page"), "{content}");
    let html = f.read("public/changes/index.html");
    assert_eq!(
        links_in(&html, "#run-b-agg-yaml li a"),
        ["/gpt-oss-120b/b200/fp8/1k-1k/"]
    );
}

/// A page whose history starts in a later run (a new accelerator measured) is news in that
/// run: listed as a new page, and counted apart from the pages that changed. So is a
/// comparison that the run makes possible: before it, its page had one side. The site's first
/// run, where the other pages start, counts them and lists none.
#[test]
fn a_page_new_in_a_later_run_is_listed_as_new() {
    let f = three_runs();
    f.write(
        "data/results/d/agg.yaml",
        &records("dsr1", 800.0, 320.0).replace("hw: b200", "hw: h100"),
    );
    f.write("data/results/d/run.yaml", "date: 2026-03-01\n");
    f.build_ok();
    let site = feed(&f, "public/feed.xml");
    let entries = summary(&site);
    assert_eq!(entries[0].0, "d (2026-03-01): 2 new pages");
    // The H100 hub is new, and so is the B200 vs H100 comparison: its B200 side was measured
    // since run a, but there was nothing to compare it with.
    assert_eq!(
        entries[0].2,
        [
            format!("{BASE}/dsr1/h100/fp8/1k-1k/"),
            format!("{BASE}/compare/dsr1-b200-vs-h100/1k-1k/"),
        ]
    );
    let content = site.entries()[0].content().and_then(|c| c.value()).unwrap();
    let items = common::texts(content, "li");
    assert!(
        items[0].ends_with("H100 FP8 (1k/1k): new page"),
        "{items:?}"
    );
    assert!(
        items[1].ends_with("B200 vs H100 (1k/1k): new page"),
        "{items:?}"
    );
    assert_eq!(entries[3].0, "a (undated): the first run, with 2 new pages");
    assert!(entries[3].2.is_empty());
    let changes = f.read("public/changes/index.html");
    assert_eq!(
        common::texts(&changes, "section.run-changes > p")[0],
        "2 new pages."
    );
    // Run c's B200 change (+6%) is news on the B200 hub, not on the comparison, which did not
    // exist yet (it was listed there before).
    let c = summary(&site)
        .into_iter()
        .find(|e| e.0.starts_with("c "))
        .unwrap();
    assert_eq!(c.2, [format!("{BASE}/dsr1/b200/fp8/1k-1k/")], "{c:?}");
}

/// The site feed's newest entry: its title, and its content (HTML).
fn newest(f: &Fixture) -> (String, String) {
    let site = feed(f, "public/feed.xml");
    let entry = &site.entries()[0];
    let html = entry.content().and_then(|c| c.value()).unwrap_or_default();
    (entry.title().as_str().to_string(), html.to_string())
}

/// Runs of B200 and H200 (DeepSeek R1 FP8 1k/1k, SGLang TP8, as [`records`]), each given as
/// (its folder, B200's and H200's multiples of 700 and 300 tok/s/GPU).
fn chip_runs(f: &Fixture, runs: &[(&str, f64, f64)]) {
    for &(name, b200, h200) in runs {
        let text = records_on("b200", "dsr1", 700.0 * b200, 300.0 * b200)
            + &records_on("h200", "dsr1", 700.0 * h200, 300.0 * h200);
        f.write(&format!("data/results/{name}/agg.yaml"), &text);
    }
}

/// B200 at 1.03× H200's throughput in run a, H200 at 1.03× B200's in run b: each side moves
/// by under 3%, so no page changed by 5%, but on the chip page the lead changed hands at every
/// target (both frontiers are straight lines through the same two speeds: the ratio is 1.03
/// everywhere). The hubs, one series each, have no lead to change.
#[test]
fn a_change_of_hands_is_news_however_small_the_changes() {
    let f = Fixture::without_results();
    chip_runs(&f, &[("a", 1.03, 1.0), ("b", 1.0, 1.03)]);
    f.build_ok();
    let (title, html) = newest(&f);
    // Neither run has a date, so the title names the run alone (no "(undated)").
    assert_eq!(title, "b: the lead changed hands on 1 page");
    let chip = format!("{BASE}/compare/dsr1-b200-vs-h200/1k-1k/");
    assert_eq!(links_in(&html, "li a"), [chip], "{html}");
    let page: serde_json::Value =
        serde_json::from_str(&f.read("public/compare/dsr1-b200-vs-h200/1k-1k/index.json")).unwrap();
    let targets: Vec<String> = (page["rows"].as_array().unwrap().iter())
        .map(|r| format!("{}", r["interactivity"].as_f64().unwrap().round()))
        .collect();
    assert_eq!(targets.len(), 3);
    let told = format!(
        "H200 now ahead of B200 at {}, {} and {} tok/s/user</li>",
        targets[0], targets[1], targets[2]
    );
    assert!(html.contains(&told), "{told} not in {html}");
    // /changes/ says the same, and the model's feed too.
    let changes = f.read("public/changes/index.html");
    assert!(changes.contains(&told), "{changes}");
    let model = feed(&f, "public/dsr1/feed.xml");
    assert_eq!(model.entries()[0].title().as_str(), title);
    // A tie that becomes a lead is no change of hands: with B200 at 1.005× H200 in run a, run
    // b lists nothing.
    chip_runs(&f, &[("a", 1.005, 1.0)]);
    f.build_ok();
    assert_eq!(newest(&f).0, "b: no page changed by 5% or more");
}

/// On B200, SGLang at 1.03× vLLM in run a, vLLM at 1.03× SGLang in run b: the hub shows both
/// series, but only the framework comparison has a lead to change hands.
#[test]
fn a_hub_of_two_series_has_no_lead_to_change() {
    let f = Fixture::without_results();
    let run = |name: &str, sglang: f64, vllm: f64| {
        let text = records("dsr1", 700.0 * sglang, 300.0 * sglang)
            + &records("dsr1", 700.0 * vllm, 300.0 * vllm).replace("sglang", "vllm");
        f.write(&format!("data/results/{name}/agg.yaml"), &text);
    };
    run("a", 1.03, 1.0);
    run("b", 1.0, 1.03);
    f.build_ok();
    let (title, html) = newest(&f);
    assert_eq!(title, "b: the lead changed hands on 1 page");
    assert_eq!(
        links_in(&html, "li a"),
        [format!(
            "{BASE}/compare-framework/dsr1-b200-fp8-sglang-vs-vllm/1k-1k/"
        )],
        "{html}"
    );
    assert!(html.contains("vLLM now ahead of SGLang at "), "{html}");
}

/// A site whose feed templates predate the changes of hands (an older `init`) lists what it
/// listed before: nothing for a lead that changed hands with no change of 5%.
#[test]
fn feed_templates_from_before_the_changes_of_hands_list_what_they_did() {
    let f = Fixture::without_results();
    chip_runs(&f, &[("a", 1.03, 1.0), ("b", 1.0, 1.03)]);
    // The entry template as it was: changes only.
    let entry = f.read("templates/partials/feed_entry.html");
    let start = entry.find("{%- for l in p.leads").expect("the leads loop");
    let end = start + entry[start..].find("{% endfor %}").unwrap() + "{% endfor %}".len();
    f.write(
        "templates/partials/feed_entry.html",
        &format!("{}{}", &entry[..start], &entry[end..]).replace("leads", "lead"),
    );
    f.build_ok();
    let (title, html) = newest(&f);
    assert_eq!(title, "b: no page changed by 5% or more");
    assert!(links_in(&html, "li a").is_empty(), "{html}");
}

/// On the demo's /changes/, every listed page tells each side's changes together: the side
/// named once, "throughput" at most once and the unit once, at the end of the side's part.
/// (Parts are "; "-separated: changes of hands, then one per side, then "and N more".)
#[test]
fn the_demo_changes_name_each_side_once() {
    let f = Fixture::demo();
    f.build_ok();
    let html = f.read("public/changes/index.html");
    let items = common::texts(&html, "section.run-changes li");
    let mut grouped = 0;
    for item in &items {
        let (_, told) = item.split_once("): ").unwrap_or_else(|| panic!("{item}"));
        let parts: Vec<&str> = (told.split("; "))
            .filter(|p| !p.contains(" now ahead of ") && !p.starts_with("and "))
            .filter(|p| *p != "new page")
            .collect();
        let mut named = Vec::new();
        for part in &parts {
            let side = part
                .split(" throughput ")
                .next()
                .and_then(|s| s.split(" now reaches ").next())
                .and_then(|s| s.split(" no longer reaches ").next())
                .unwrap();
            assert!(!named.contains(&side), "{side} named twice in {item}");
            named.push(side);
            assert!(part.ends_with(" tok/s/user"), "{part} in {item}");
            assert_eq!(part.matches("tok/s/user").count(), 1, "{item}");
            assert!(part.matches("throughput").count() <= 1, "{item}");
            grouped += usize::from(part.contains(", "));
        }
    }
    assert!(
        items.len() > 100 && grouped > 20,
        "{} items, {grouped} grouped",
        items.len()
    );
}
