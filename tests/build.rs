//! Whole builds of the demo site: which pages exist, what the summary says, determinism.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::{Fixture, snapshot};

/// The (model, hardware, precision, sequence) combinations in the raw result files, computed
/// here from the JSON itself with the demo catalog's mapping written out by hand.
fn combinations_in_raw_data() -> BTreeSet<String> {
    let mut set = BTreeSet::new();
    for entry in walkdir::WalkDir::new(common::demo_root().join("data/results")) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "json") {
            continue;
        }
        let records: Vec<serde_json::Value> =
            serde_json::from_slice(&std::fs::read(entry.path()).unwrap()).unwrap();
        for r in records {
            let hw = match r["hw"].as_str().unwrap() {
                "b200-trt" => "b200",
                "mi355x-amd_0" => "mi355x",
                other => other,
            };
            let model = match r["infmax_model_prefix"].as_str().unwrap() {
                "dsr1" => "dsr1",
                "gptoss" => "gpt-oss-120b",
                other => panic!("unexpected model prefix {other}"),
            };
            let k = |n: &serde_json::Value| format!("{}k", n.as_u64().unwrap() / 1024);
            let seq = format!("{}-{}", k(&r["isl"]), k(&r["osl"]));
            set.insert(format!(
                "{model}/{hw}/{}/{seq}/index.html",
                r["precision"].as_str().unwrap()
            ));
        }
    }
    set
}

#[test]
fn one_hub_page_per_combination_in_the_data() {
    let f = Fixture::demo();
    let run = f.run(&["build"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let files = snapshot(&f.root().join("public"));
    let hubs: BTreeSet<String> = files
        .keys()
        .filter(|p| {
            p.ends_with("/index.html")
                && p.split('/').count() == 5
                && !p.starts_with("compare")
                && !p.starts_with("embed/")
        })
        .cloned()
        .collect();
    let expected = combinations_in_raw_data();
    assert_eq!(expected.len(), 39);
    assert_eq!(hubs, expected);
    for hub in &hubs {
        let json = hub.replace("index.html", "index.json");
        assert!(files.contains_key(&json), "{json} beside {hub}");
    }
    // GLM 5/5.1 is in the catalog without results: no pages.
    assert!(!files.keys().any(|p| p.starts_with("glm-5-1")));
}

#[test]
fn summary_line_reports_the_counts() {
    let f = Fixture::demo();
    let run = f.run(&["build"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let line = run
        .stderr
        .lines()
        .find(|l| l.starts_with("built:"))
        .expect("a summary line");
    assert!(line.contains("1622 records read"), "{line}");
    // Kept + superseded = read; the loader test checks the newest-wins rule itself.
    let kept: usize = number_before(line, " configurations kept");
    let superseded: usize = number_before(line, " superseded");
    assert_eq!(kept + superseded, 1622, "{line}");
    assert!(line.contains(" pages") && line.contains(" s"), "{line}");

    // Pages per family (SPEC §8), against the output: each data page's and ranking's
    // index.json names its family ("rankings"); embeds are the pages under embed/.
    let files = snapshot(&f.root().join("public"));
    let mut families: BTreeMap<String, usize> = BTreeMap::new();
    for (path, bytes) in &files {
        if path.ends_with("/index.json") && !path.starts_with("embed/") {
            let json: serde_json::Value = serde_json::from_slice(bytes).unwrap();
            if let Some(family) = json["family"].as_str() {
                *families.entry(family.to_string()).or_default() += 1;
            }
        }
    }
    let keys = [
        "hub",
        "spec-decode",
        "chip",
        "precision",
        "framework",
        "disagg",
    ];
    let family = |key: &str| families.get(key).copied().unwrap_or(0);
    let html = files.keys().filter(|p| p.ends_with(".html")).count();
    let embeds = (files.keys())
        .filter(|p| p.starts_with("embed/") && p.ends_with(".html"))
        .count();
    let rankings = family("rankings");
    let listed = keys.iter().map(|k| family(k)).sum::<usize>() + embeds + rankings;
    let expected = format!(
        "  pages: {} hub, {} spec-decode, {} chip, {} precision, {} framework, {} disagg, \
         {embeds} embed, {rankings} ranking, {} other",
        family("hub"),
        family("spec-decode"),
        family("chip"),
        family("precision"),
        family("framework"),
        family("disagg"),
        html - listed,
    );
    let kinds = run
        .stderr
        .lines()
        .skip_while(|l| !l.starts_with("built:"))
        .nth(1);
    assert_eq!(kinds, Some(expected.as_str()), "{}", run.stderr);
    // A rebuild with nothing to do takes the counts from the build cache: the same line.
    let again = f.run(&["build"]);
    assert!(
        again.stderr.contains(" 0 data pages rendered"),
        "{}",
        again.stderr
    );
    assert!(
        again.stderr.contains(&format!("\n{expected}")),
        "{}",
        again.stderr
    );
    assert!(family("hub") > 30 && family("chip") > 50 && embeds > 100 && rankings > 5);
}

fn number_before(line: &str, marker: &str) -> usize {
    let head = &line[..line.find(marker).unwrap()];
    head.rsplit(' ').next().unwrap().parse().unwrap()
}

#[test]
fn two_builds_are_byte_identical() {
    let f = Fixture::demo();
    let a = f.root().join("out-a");
    let b = f.root().join("out-b");
    for out in [&a, &b] {
        let run = f.run(&["build", "--out", out.to_str().unwrap()]);
        assert_eq!(run.code, Some(0), "{}", run.stderr);
    }
    let (sa, sb) = (snapshot(&a), snapshot(&b));
    assert!(sa.len() > 40);
    assert_eq!(sa.keys().collect::<Vec<_>>(), sb.keys().collect::<Vec<_>>());
    for (path, bytes) in &sa {
        assert!(sb[path] == *bytes, "{path} differs between builds");
    }
}

#[test]
fn home_page_links_every_hub_grouped_by_model_and_hardware() {
    let f = Fixture::demo();
    assert_eq!(f.run(&["build"]).code, Some(0));
    let home = f.read("public/index.html");
    let links: BTreeSet<String> = common::links(&home).into_iter().collect();
    for hub in combinations_in_raw_data() {
        let href = format!("/{}", hub.trim_end_matches("index.html"));
        assert!(links.contains(&href), "home links {href}");
    }
    let models = common::texts(&home, ".model-group h2");
    assert_eq!(
        models,
        ["DeepSeek R1", "gpt-oss 120B"],
        "models in catalog order"
    );
    let groups = common::texts(&home, ".model-group");
    // In the published data H100 ran only gpt-oss; MI300X only DeepSeek R1.
    assert!(
        groups[1].contains("H100") && !groups[0].contains("H100"),
        "{groups:?}"
    );
    assert!(
        groups[0].contains("MI300X") && !groups[1].contains("MI300X"),
        "{groups:?}"
    );
}

#[test]
fn usage_errors_exit_with_2() {
    let f = Fixture::without_results();
    let run = f.run(&["build", "--no-such-flag"]);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    for (args, says) in [
        (
            &["build", "--base-url", "not a url"][..],
            "absolute http(s) URL",
        ),
        (
            &["build", "--shard", "1/0"][..],
            "N, the number of shards, must be at least 1",
        ),
        (&["build", "--search-part-size", "0"][..], "at least 1"),
    ] {
        let run = f.run(args);
        assert_eq!(run.code, Some(2), "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(says), "{args:?}: {}", run.stderr);
    }
}

/// An output folder that would replace the site (its folder, an input folder) or a file is
/// refused as a usage error before anything is touched; the site stays as it was.
#[test]
fn an_output_that_would_replace_the_site_or_a_file_is_refused() {
    let f = Fixture::without_results();
    f.write("data/results/a.yaml", common::GOOD_RECORD);
    f.write("notes.txt", "mine");
    let before = common::snapshot(f.root());
    let root = f.root().to_str().unwrap().to_string();
    let at = |rel: &str| format!("{root}/{rel}");
    for out in [
        root.clone(),
        at("data"),
        at("templates/x"),
        at("notes.txt"),
        at(".."),
    ] {
        let run = f.run(&["build", "--out", &out]);
        assert_eq!(run.code, Some(2), "--out {out}: {}", run.stderr);
        assert!(run.stderr.contains("--out"), "{}", run.stderr);
        assert_eq!(
            common::snapshot(f.root()),
            before,
            "--out {out} changed the site"
        );
    }
    let run = f.run(&["build", "--changes", &at("public/changes.json")]);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(run.stderr.contains("--changes"), "{}", run.stderr);
    // Beside the inputs, inside the site's folder, is where the default output goes.
    f.build_ok();
    assert!(f.root().join("public/index.html").is_file());
}

/// A folder of someone's files is not an output a build may replace: `--out ~/Documents`
/// must not delete the documents (nor may `bench --out`, which clears its folder first).
#[test]
fn an_output_folder_of_other_files_is_refused_and_kept() {
    let f = Fixture::without_results();
    f.write("data/results/a.yaml", common::GOOD_RECORD);
    let docs = tempfile::tempdir().unwrap();
    std::fs::write(docs.path().join("letter.txt"), "mine").unwrap();
    let before = common::snapshot(docs.path());
    let out = docs.path().to_str().unwrap();
    for args in [
        &["build", "--out", out][..],
        &["build", "--no-cache", "--out", out][..],
        &["bench", "--combinations", "1", "--out", out][..],
    ] {
        let run = f.run(args);
        assert_eq!(run.code, Some(2), "{args:?}: {}", run.stderr);
        assert!(
            run.stderr.contains("holds files no build wrote"),
            "{}",
            run.stderr
        );
        assert_eq!(common::snapshot(docs.path()), before, "{args:?}");
    }
    // Once emptied, it takes a site; and the next build replaces that site.
    std::fs::remove_file(docs.path().join("letter.txt")).unwrap();
    for _ in 0..2 {
        let run = f.run(&["build", "--out", out]);
        assert_eq!(run.code, Some(0), "{}", run.stderr);
    }
    assert!(docs.path().join("index.html").is_file());
}

/// An `--out` that is a symbolic link (`public -> /srv/www/site`) stays one: each build
/// replaces the folder it leads to, whole, and the link leads to the new site.
#[cfg(unix)]
#[test]
fn a_linked_output_folder_stays_linked() {
    let f = Fixture::without_results();
    f.write("data/results/a.yaml", common::GOOD_RECORD);
    let www = tempfile::tempdir().unwrap();
    let target = www.path().join("site");
    let link = www.path().join("public");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let out = link.to_str().unwrap();
    for title in ["First", "Second"] {
        let yaml = f.read("site.yaml");
        let line = yaml.lines().find(|l| l.starts_with("title:")).unwrap();
        f.write("site.yaml", &yaml.replace(line, &format!("title: {title}")));
        let run = f.run(&["build", "--out", out]);
        assert_eq!(run.code, Some(0), "{}", run.stderr);
        assert!(link.symlink_metadata().unwrap().file_type().is_symlink());
        let home = std::fs::read_to_string(target.join("index.html")).unwrap();
        assert!(home.contains(&format!("<title>{title}")), "{title}");
    }
    let mut left: Vec<String> = std::fs::read_dir(www.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.'))
        .collect();
    left.sort();
    assert_eq!(left, ["public", "site"]);
}

/// A build killed half-way leaves its staging folder (`.public.new-PID`) behind; the next
/// build removes it, and keeps one whose process still runs (another build at work).
#[test]
fn folders_of_killed_builds_are_removed_and_running_ones_kept() {
    let f = Fixture::without_results();
    f.write("data/results/a.yaml", common::GOOD_RECORD);
    let mut gone = std::process::Command::new("true").spawn().unwrap();
    let dead = gone.id();
    gone.wait().unwrap();
    let alive = std::process::id();
    let abandoned = [format!(".public.new-{dead}"), format!(".public.old-{dead}")];
    let running = format!(".public.new-{alive}");
    for folder in abandoned.iter().chain([&running]) {
        f.write(&format!("{folder}/index.html"), "half a site");
    }
    f.build_ok();
    for folder in &abandoned {
        assert!(!f.root().join(folder).exists(), "{folder} is still there");
    }
    assert!(f.root().join(&running).join("index.html").is_file());
}

/// The header links the methodology page only on a site that has one (a site without
/// `content/methodology.md` had a "Methodology" link to a 404 on every page).
#[test]
fn the_nav_links_the_methodology_page_only_where_there_is_one() {
    let nav = |f: &Fixture| common::links(&f.read("public/index.html"));
    let bare = Fixture::without_results();
    bare.write("data/results/a.yaml", common::GOOD_RECORD);
    bare.build_ok();
    assert!(
        !nav(&bare).iter().any(|l| l == "/methodology/"),
        "{:?}",
        nav(&bare)
    );
    bare.write(
        "content/methodology.md",
        "---\ntitle: How we measure\n---\nText.\n",
    );
    bare.build_ok();
    assert!(
        nav(&bare).iter().any(|l| l == "/methodology/"),
        "{:?}",
        nav(&bare)
    );
    assert!(bare.root().join("public/methodology/index.html").is_file());
}

/// The header marks the reader's section: `aria-current="page"` on the section's own page,
/// `"true"` below it (a model's page and a hub under "Benchmarks", the home page's overview of
/// them), on no link elsewhere (the search page).
#[test]
fn the_nav_marks_the_section_the_reader_is_in() {
    let f = Fixture::demo();
    f.build_ok();
    let marked = |page: &str| -> Vec<(String, String)> {
        let doc = scraper::Html::parse_document(&f.read(&format!("public/{page}index.html")));
        let sel = scraper::Selector::parse("nav[aria-label=Site] a").unwrap();
        doc.select(&sel)
            .filter_map(|a| {
                let current = a.value().attr("aria-current")?;
                (current != "false").then(|| (a.text().collect(), current.to_string()))
            })
            .collect()
    };
    let one = |label: &str, value: &str| vec![(label.to_string(), value.to_string())];
    assert_eq!(marked(""), one("Benchmarks", "page"));
    assert_eq!(marked("rankings/"), one("Rankings", "page"));
    assert_eq!(marked("rankings/dsr1/8k-1k/"), one("Rankings", "true"));
    assert_eq!(marked("compare/"), one("Comparisons", "page"));
    let spec_decode = "compare-spec-decode/dsr1-gb200-fp4-mtp-vs-none/8k-1k/";
    assert_eq!(marked(spec_decode), one("Comparisons", "true"));
    assert_eq!(marked("changes/"), one("Changes", "page"));
    assert_eq!(marked("methodology/"), one("Methodology", "page"));
    assert_eq!(marked("dsr1/"), one("Benchmarks", "true"));
    assert_eq!(marked("dsr1/b200/fp4/8k-1k/"), one("Benchmarks", "true"));
    assert_eq!(marked("search/"), vec![]);
}
