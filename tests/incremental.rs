//! The build cache and shards (issue 16, SPEC §16): every cached rebuild and every merge of
//! shards gives exactly the output of a clean build, and a cached rebuild renders exactly the
//! data pages a change reaches — counted here independently, from what differs between two
//! clean builds.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use common::{Fixture, snapshot};

type Snapshot = BTreeMap<String, Vec<u8>>;

/// `(rendered, reused)` from a build's summary line ("… 9 data pages rendered, 129 reused").
fn counts(stderr: &str) -> (usize, usize) {
    let line = stderr
        .lines()
        .rev()
        .find(|l| l.contains(" rendered, ") && l.contains(" reused"))
        .unwrap();
    let tail = line.rsplit(';').next().unwrap();
    let numbers: Vec<usize> = tail
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|n| n.parse().ok())
        .collect();
    (numbers[0], numbers[1])
}

/// Builds `site` into `public/` with its cache; returns (rendered, reused) and the stderr.
fn cached_build(site: &Fixture) -> ((usize, usize), String) {
    let run = site.run(&["build"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    (counts(&run.stderr), run.stderr)
}

/// A clean build of `site` (no cache) into a folder of its own.
fn clean_build(site: &Fixture, name: &str) -> Snapshot {
    let out = site.root().join(name);
    let run = site.run(&["build", "--no-cache", "--out", out.to_str().unwrap()]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    snapshot(&out)
}

/// The build summary's pages per family (its `pages:` line).
fn kinds(stderr: &str) -> String {
    let line = stderr
        .lines()
        .find(|l| l.trim_start().starts_with("pages: "));
    line.unwrap_or_else(|| panic!("no pages line in {stderr}"))
        .to_string()
}

/// The identity (inode) of `public/`: a build that swaps a new output in changes it, one that
/// finds nothing changed does not.
fn output_folder(site: &Fixture) -> u64 {
    std::os::unix::fs::MetadataExt::ino(&site.root().join("public").metadata().unwrap())
}

fn public(site: &Fixture) -> Snapshot {
    snapshot(&site.root().join("public"))
}

/// Panics naming the first few files that differ.
fn assert_same(a: &Snapshot, b: &Snapshot, what: &str) {
    let keys: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    let differing: Vec<&&String> = keys.iter().filter(|k| a.get(**k) != b.get(**k)).collect();
    assert!(
        differing.is_empty(),
        "{what}: {} files differ from a clean build, e.g. {:?}",
        differing.len(),
        &differing[..differing.len().min(5)]
    );
}

/// The data pages (their `index.json` has `sides`) whose numbers or page differ between two
/// builds.
fn data_pages_differing(a: &Snapshot, b: &Snapshot) -> usize {
    let differs = |path: &str| a.get(path) != b.get(path);
    a.iter()
        .filter(|(path, _)| path.ends_with("index.json"))
        .filter(|(path, _)| differs(path) || differs(&path.replace("index.json", "index.html")))
        .filter(|(_, bytes)| {
            let json: serde_json::Value = serde_json::from_slice(bytes).unwrap();
            json.get("sides").is_some()
        })
        .count()
}

/// The demo site, built clean (the snapshot and its number of data pages) and then with its
/// cache into `public/`.
fn demo_built() -> (Fixture, Snapshot, usize) {
    let site = Fixture::demo();
    let clean = clean_build(&site, "clean");
    let all = data_pages(&clean);
    cached_build(&site);
    (site, clean, all)
}

/// Data pages in a build: one `index.json` with `sides` each.
fn data_pages(s: &Snapshot) -> usize {
    data_pages_differing(s, &Snapshot::new())
}

/// Raises the first `tput_per_gpu` of the demo result file `rel` by 1%.
fn change_one_record(site: &Fixture, rel: &str) {
    change_record_where(site, rel, &[]);
}

/// Raises `tput_per_gpu` by 1% in the first record of the demo result file `rel` (a
/// pretty-printed array, one `  {` per record) whose text holds every one of `fields`.
fn change_record_where(site: &Fixture, rel: &str, fields: &[&str]) {
    const KEY: &str = "\"tput_per_gpu\": ";
    let text = site.read(rel);
    let mut bounds: Vec<usize> = text.match_indices("\n  {").map(|(i, _)| i).collect();
    bounds.push(text.len());
    let (start, end) = bounds
        .windows(2)
        .map(|w| (w[0], w[1]))
        .find(|&(s, e)| fields.iter().all(|f| text[s..e].contains(f)))
        .unwrap_or_else(|| panic!("no record with {fields:?} in {rel}"));
    let at = start + text[start..end].find(KEY).unwrap() + KEY.len();
    let stop = at + text[at..].find([',', '\n']).unwrap();
    let value: f64 = text[at..stop].trim().parse().unwrap();
    site.write(
        rel,
        &format!("{}{}{}", &text[..at], value * 1.01, &text[stop..]),
    );
}

fn first_result_file(root: &Path) -> String {
    let mut files: Vec<String> = walkdir::WalkDir::new(root.join("data/results"))
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
        .map(|e| {
            e.path()
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    files.sort();
    files.swap_remove(0)
}

#[test]
fn a_cached_rebuild_equals_a_clean_build_and_renders_only_what_changed() {
    let site = Fixture::demo();
    let clean = clean_build(&site, "clean0");
    let all = data_pages(&clean);
    assert!(all > 100, "only {all} data pages");

    assert_eq!(
        cached_build(&site).0,
        (all, 0),
        "the first build renders everything"
    );
    let before = output_folder(&site);
    assert_eq!(
        cached_build(&site).0,
        (0, all),
        "nothing changed, nothing rendered"
    );
    assert_eq!(
        output_folder(&site),
        before,
        "nothing changed: the output is not even replaced"
    );
    assert_same(&public(&site), &clean, "no-op rebuild");

    // One record: exactly the pages whose numbers it is part of.
    change_one_record(&site, &first_result_file(site.root()));
    let clean_record = clean_build(&site, "clean1");
    let reached = data_pages_differing(&clean, &clean_record);
    assert!(reached >= 1 && reached < all / 4, "{reached} pages reached");
    assert_eq!(
        cached_build(&site).0,
        (reached, all - reached),
        "one record"
    );
    assert_same(&public(&site), &clean_record, "after one record changed");
    // The output it replaced is kept beside it, for the next builds (those below) to start
    // from; builds without a cache keep none.
    assert!(site.root().join(".public.spare").is_dir());
    assert!(!site.root().join(".clean1.spare").exists());

    // Commentary: the pages it is attached to (its own, and wherever a copy shows it).
    let note = "content/compare-spec-decode/dsr1-gb200-fp4-mtp-vs-none.md";
    site.write(
        note,
        &format!("{}\nA sentence added by the test.\n", site.read(note)),
    );
    let clean_note = clean_build(&site, "clean2");
    let (rendered, _) = cached_build(&site).0;
    let showing = attached_pages(&clean_note, "A sentence added by the test.");
    assert!(showing >= 1, "the commentary is on no page");
    assert_eq!(rendered, showing, "one commentary file");
    assert_same(&public(&site), &clean_note, "after a commentary edit");

    // The methodology page: every page's navigation links it while it exists.
    std::fs::remove_file(site.root().join("content/methodology.md")).unwrap();
    let clean_methodology = clean_build(&site, "clean2b");
    assert_eq!(cached_build(&site).0, (all, 0), "the methodology page");
    assert_same(
        &public(&site),
        &clean_methodology,
        "after the methodology page is removed",
    );
    // Any editor's page at the top of the site is in the navigation too; one further down
    // is not, and reaches no data page.
    site.write("content/about.md", "---\ntitle: About\n---\nText.\n");
    let clean_about = clean_build(&site, "clean2c");
    assert_eq!(cached_build(&site).0, (all, 0), "a page in the navigation");
    assert_same(&public(&site), &clean_about, "after a page is added");
    site.write("content/about/team.md", "---\ntitle: Team\n---\nText.\n");
    let clean_team = clean_build(&site, "clean2d");
    assert_eq!(cached_build(&site).0, (0, all), "a page below another");
    assert_same(
        &public(&site),
        &clean_team,
        "after a page below another is added",
    );

    // A template and the configuration reach every page.
    let partial = "templates/partials/head.html";
    site.write(
        partial,
        &format!("{}<meta name=x-test content=1>\n", site.read(partial)),
    );
    let clean_template = clean_build(&site, "clean3");
    assert_eq!(cached_build(&site).0, (all, 0), "a template");
    assert_same(&public(&site), &clean_template, "after a template edit");

    let config = site
        .read("site.yaml")
        .replacen("title: ", "title: Tested ", 1);
    site.write("site.yaml", &config);
    let clean_config = clean_build(&site, "clean4");
    assert_eq!(cached_build(&site).0, (all, 0), "the configuration");
    assert_same(&public(&site), &clean_config, "after a configuration edit");
}

#[test]
fn a_record_reaches_the_charts_of_its_other_precisions() {
    // The FP8 hub's chart draws the FP4 hub's records as an extra series ("FP4 (all
    // configurations)"): changing an FP4 record must re-render the FP8 hub too.
    let (site, clean, all) = demo_built();
    let file = "data/results/inferencemax/run_21012127808/agg_bmk.json";
    let fields = [
        "\"hw\": \"mi355x\"",
        "\"precision\": \"fp4\"",
        "\"isl\": 8192",
        "\"infmax_model_prefix\": \"dsr1\"",
    ];
    change_record_where(&site, file, &fields);
    let changed = clean_build(&site, "clean1");
    let fp8_hub = "dsr1/mi355x/fp8/8k-1k/index.html";
    assert_ne!(
        clean.get(fp8_hub),
        changed.get(fp8_hub),
        "the FP8 hub's chart"
    );
    let reached = data_pages_differing(&clean, &changed);
    assert_eq!(cached_build(&site).0, (reached, all - reached));
    assert_same(&public(&site), &changed, "after an FP4 record changed");
}

#[test]
fn a_new_run_re_renders_only_the_pages_it_measured() {
    // The nightly case: a new run folder, sorting last, re-measures one configuration.
    let (site, clean, all) = demo_built();
    let latest = "data/results/inferencemax/run_21012127808/agg_bmk.json";
    let records: Vec<serde_json::Value> = serde_json::from_str(&site.read(latest)).unwrap();
    let mut record = records[0].clone();
    let tput = record["tput_per_gpu"].as_f64().unwrap();
    record["tput_per_gpu"] = serde_json::json!(tput * 1.01);
    let night_records = serde_json::to_string_pretty(&[record]).unwrap();
    let night = "data/results/inferencemax/run_21100000000";
    site.write(&format!("{night}/agg_bmk.json"), &night_records);
    let mut changed = clean_build(&site, "clean1");
    let reached = data_pages_differing(&clean, &changed);
    assert!(reached >= 1 && reached < all / 4, "{reached} pages reached");
    assert_eq!(cached_build(&site).0, (reached, all - reached), "a new run");
    assert_same(&public(&site), &changed, "after a new run");

    // Then, each time exactly the pages whose history shows the change: the run named; dated
    // (it stays last); given an address; an old run dated (which moves it among the last in run order); that
    // old run copied whole into a newer run (so none of its records is the newest any more);
    // and its date changed without changing the run order, which only its pages' histories
    // show.
    let old = "data/results/inferencemax/run_20218553330";
    let copy = site.read(&format!("{old}/agg_bmk.json"));
    let newer = "data/results/inferencemax/run_21200000000";
    let steps = [
        vec![(format!("{night}/run.yaml"), "title: Nightly\n".to_string())],
        vec![(
            format!("{night}/run.yaml"),
            "title: Nightly\ndate: 2026-12-02\n".into(),
        )],
        // Its address, which its points carry (`run_url`).
        vec![(
            format!("{night}/run.yaml"),
            "title: Nightly\ndate: 2026-12-02\nurl: https://example.org/nightly\n".into(),
        )],
        vec![(format!("{old}/run.yaml"), "date: 2026-12-02\n".into())],
        vec![
            (format!("{newer}/agg_bmk.json"), copy),
            (format!("{newer}/run.yaml"), "date: 2026-12-03\n".into()),
        ],
        vec![(format!("{old}/run.yaml"), "date: 2026-12-01\n".into())],
    ];
    for (n, step) in steps.iter().enumerate() {
        for (file, text) in step {
            site.write(file, text);
        }
        let now = clean_build(&site, &format!("clean-step{n}"));
        let reached = data_pages_differing(&changed, &now);
        assert!(reached >= 1, "step {n}");
        assert_eq!(cached_build(&site).0, (reached, all - reached), "step {n}");
        assert_same(&public(&site), &now, &format!("step {n}"));
        changed = now;
    }
}

/// `(result files, known from the cache)` from a build's summary line ("… read from 35 result
/// files (34 known from the cache) …").
fn known_results(stderr: &str) -> (usize, usize) {
    let line = stderr
        .lines()
        .rev()
        .find(|l| l.contains(" known from the cache)"))
        .unwrap();
    let from = line.split(" from ").nth(1).unwrap();
    let numbers: Vec<usize> = from
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|n| n.parse().ok())
        .take(2)
        .collect();
    (numbers[0], numbers[1])
}

/// The result files under the site's `data/results/`, counted from the folder.
fn result_files(root: &Path) -> usize {
    walkdir::WalkDir::new(root.join("data/results"))
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_name() != "run.yaml")
        .filter(|e| {
            let ext = e.path().extension().and_then(|x| x.to_str());
            matches!(ext, Some("json" | "yaml" | "yml"))
        })
        .count()
}

#[test]
fn result_files_are_checked_again_only_when_they_or_the_catalogs_change() {
    let (site, _, _) = demo_built();
    let files = result_files(site.root());
    assert!(files > 10, "{files} result files");

    // One file edited: only it is parsed and checked again.
    change_one_record(&site, &first_result_file(site.root()));
    let (_, stderr) = cached_build(&site);
    assert_eq!(known_results(&stderr), (files, files - 1), "{stderr}");
    assert_same(
        &public(&site),
        &clean_build(&site, "clean1"),
        "one file edited",
    );

    // A run folder renamed so that it sorts last: every file keeps its records (a file is
    // known by its contents, not its path), each under its new number in the sorted list.
    let from = site
        .root()
        .join("data/results/inferencemax/run_20218553330");
    std::fs::rename(&from, from.with_file_name("zz_run_20218553330")).unwrap();
    let (_, stderr) = cached_build(&site);
    assert_eq!(known_results(&stderr), (files, files), "{stderr}");
    assert_same(
        &public(&site),
        &clean_build(&site, "clean2"),
        "a run renamed",
    );

    // A copy of a result file in a new run folder is known at once (with its run's
    // `run.yaml`, whose URL its records carry); a YAML file with a `run:` block is parsed,
    // and known the next time (here after a template edit).
    let first = first_result_file(site.root());
    site.write("data/results/zz_copy/agg_bmk.json", &site.read(&first));
    let sidecar = Path::new(&first).with_file_name("run.yaml");
    site.write(
        "data/results/zz_copy/run.yaml",
        &site.read(&sidecar.to_string_lossy()),
    );
    let yaml = common::GOOD_RECORD
        .replace("\n  ", "\n    ")
        .replacen("- hw", "  - hw", 1);
    let yaml = format!("run:\n  date: 2026-12-03\n  url: https://example.org/1\nresults:\n{yaml}");
    site.write("data/results/zz_yaml/results.yaml", &yaml);
    let (_, stderr) = cached_build(&site);
    assert_eq!(known_results(&stderr), (files + 2, files + 1), "{stderr}");
    assert_same(
        &public(&site),
        &clean_build(&site, "clean2b"),
        "a copy and a YAML file",
    );
    let template = "templates/partials/head.html";
    site.write(
        template,
        &format!("{}<meta name=x-test content=1>\n", site.read(template)),
    );
    let (_, stderr) = cached_build(&site);
    assert_eq!(known_results(&stderr), (files + 2, files + 2), "{stderr}");
    assert_same(
        &public(&site),
        &clean_build(&site, "clean2c"),
        "every file known",
    );
    let files = files + 2;

    // The catalog decides what a record is: the runner `b200-trt` becomes an accelerator of
    // its own, so every file is checked again and its records follow.
    let catalog = site
        .read("data/hardware.yaml")
        .replace("  aliases: [b200-trt, b200-nb]\n", "  aliases: [b200-nb]\n");
    let b200t = "\n- id: b200t\n  name: B200 TRT\n  vendor: NVIDIA\n  architecture: Blackwell\n  \
                 aliases: [b200-trt]\n  cost_per_gpu_hour: { hyperscaler: 1.95, neocloud: 2.34, \
                 rental_3yr: 2.90 }\n  power_kw: 2.17\n";
    site.write("data/hardware.yaml", &format!("{catalog}{b200t}"));
    let (_, stderr) = cached_build(&site);
    assert_eq!(known_results(&stderr), (files, 0), "{stderr}");
    let clean = clean_build(&site, "clean3");
    assert!(
        clean.keys().any(|p| p.contains("b200t")),
        "no B200 TRT pages"
    );
    assert_same(&public(&site), &clean, "after a catalog edit");

    // A damaged line of the cache is not trusted: its file is read afresh, with a warning.
    let cache = site.root().join(".benchsite-cache/records.jsonl");
    let text = std::fs::read_to_string(&cache).unwrap();
    // A digit of a record on the first file's line changed: valid JSON, but not as written.
    let line = text.find('\n').unwrap();
    let at = line + text[line..].find("\"conc\":").unwrap() + "\"conc\":".len();
    let digit = if &text[at..=at] == "9" { "8" } else { "9" };
    let damaged = format!("{}{digit}{}", &text[..at], &text[at + 1..]);
    assert_ne!(damaged, text);
    std::fs::write(&cache, damaged).unwrap();
    site.write(
        template,
        &format!("{}<meta name=x-test content=2>\n", site.read(template)),
    );
    let (_, stderr) = cached_build(&site);
    assert_eq!(known_results(&stderr), (files, files - 1), "{stderr}");
    assert!(stderr.contains("records.jsonl: damaged"), "{stderr}");
    assert_same(
        &public(&site),
        &clean_build(&site, "clean4"),
        "after a damaged cache",
    );
}

#[test]
fn an_echarts_file_outside_the_site_folders_is_an_input() {
    let site = Fixture::demo();
    let library = std::fs::read_to_string(common::demo_root().join("vendor/echarts.min.js"));
    site.write("lib/echarts.min.js", &library.unwrap());
    let config = site.read("site.yaml");
    site.write(
        "site.yaml",
        &format!("{config}\necharts: lib/echarts.min.js\n"),
    );
    let all = data_pages(&clean_build(&site, "clean"));
    cached_build(&site);
    let before = output_folder(&site);
    assert_eq!(cached_build(&site).0, (0, all));
    assert_eq!(
        output_folder(&site),
        before,
        "nothing changed: the output is not even replaced"
    );
    // The library edited: every page (they all load it) is rendered again.
    site.write(
        "lib/echarts.min.js",
        &format!("{}\n// edited\n", site.read("lib/echarts.min.js")),
    );
    assert_eq!(cached_build(&site).0, (all, 0), "an edited library");
    assert_same(
        &public(&site),
        &clean_build(&site, "clean-edited"),
        "after an edited library",
    );
}

#[test]
fn settings_and_shards_count_as_changes() {
    let (site, _, all) = demo_built();
    // The search index too is written anew for other settings (with its .gz/.br siblings).
    let precompressed = site.root().join("precompressed");
    let out = precompressed.to_str().unwrap();
    let run = site.run(&["build", "--precompress", "--no-cache", "--out", out]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let run = site.run(&["build", "--precompress"]);
    assert_eq!(counts(&run.stderr), (all, 0), "{}", run.stderr);
    assert_same(
        &public(&site),
        &snapshot(&precompressed),
        "--precompress after a plain build",
    );
    // A shard and a whole site into one folder, one after the other: neither is "nothing
    // changed". (A shard may not replace a whole site; a site may replace a shard.)
    let folder = site.root().join("both");
    let out = folder.to_str().unwrap();
    let run = site.run(&["build", "--precompress", "--shard", "1/2", "--out", out]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(folder.join("benchsite-shard.json").exists());
    assert!(
        !folder.join("index.html").exists(),
        "a shard has no home page"
    );
    let run = site.run(&["build", "--precompress", "--out", out]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(!folder.join("benchsite-shard.json").exists(), "no manifest");
    assert_same(
        &snapshot(&folder),
        &snapshot(&precompressed),
        "the whole site after a shard",
    );
}

/// Data pages (by their canonical URL, so sequence-less copies and embeds count once with
/// their page) that show `text`.
fn attached_pages(s: &Snapshot, text: &str) -> usize {
    let canonical = scraper::Selector::parse("link[rel=canonical]").unwrap();
    let pages: BTreeSet<String> = s
        .iter()
        .filter(|(path, bytes)| {
            path.ends_with("index.html") && String::from_utf8_lossy(bytes).contains(text)
        })
        .map(|(_, bytes)| {
            let doc = scraper::Html::parse_document(&String::from_utf8_lossy(bytes));
            let link = doc.select(&canonical).next().unwrap();
            link.value().attr("href").unwrap().to_string()
        })
        .collect();
    pages.len()
}

#[test]
fn a_damaged_cache_or_output_is_not_trusted() {
    let (site, clean, all) = demo_built();
    let cache = site.root().join(".benchsite-cache/pages.json");
    let text = std::fs::read_to_string(&cache).unwrap();

    std::fs::write(&cache, &text[..text.len() / 2]).unwrap();
    let ((rendered, _), stderr) = cached_build(&site);
    assert_eq!(rendered, all, "a truncated cache must not be used");
    assert!(
        stderr.contains("warning:") && stderr.contains("pages.json"),
        "{stderr}"
    );
    assert_same(&public(&site), &clean, "after a truncated cache");

    // Tampered: one page's fingerprint edited (the checksum no longer matches).
    let text = std::fs::read_to_string(&cache).unwrap();
    let key = text.find("\"key\":").unwrap() + "\"key\":".len();
    let tampered = format!("{}1{}", &text[..key], &text[key..]);
    std::fs::write(&cache, tampered).unwrap();
    let ((rendered, _), stderr) = cached_build(&site);
    assert_eq!(rendered, all, "a tampered cache must not be used");
    assert!(stderr.contains("checksum"), "{stderr}");

    // A page's file changed in the output: that page is rendered again, the rest reused.
    let page = site.root().join("public/dsr1/b200/fp8/1k-1k/index.json");
    std::fs::write(&page, "{}").unwrap();
    assert_eq!(cached_build(&site).0, (1, all - 1), "an edited output file");
    assert_same(&public(&site), &clean, "after an edited output file");

    // A stray file in the output: a clean build would not have it, so neither may a rebuild.
    site.write("public/stray.txt", "left by hand");
    assert_eq!(
        cached_build(&site).0,
        (0, all),
        "only the stray file differed"
    );
    assert_same(&public(&site), &clean, "after a stray output file");

    // An input rewritten with the same bytes: its stamp changed, so the build runs, and finds
    // every page's fingerprint unchanged.
    let hardware = site.read("data/hardware.yaml");
    std::thread::sleep(std::time::Duration::from_millis(10));
    site.write("data/hardware.yaml", &hardware);
    let ((rendered, reused), _) = cached_build(&site);
    assert_eq!((rendered, reused), (0, all));
    assert_same(&public(&site), &clean, "after an input rewritten as it was");

    // A cache that cannot be written: the site is built all the same, with a warning.
    site.write("not-a-folder", "a file");
    let blocked = site.root().join("not-a-folder");
    let run = site.run(&["build", "--cache", blocked.to_str().unwrap()]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("warning: the build cache was not written"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("warning: the build cache's records were not written"),
        "{}",
        run.stderr
    );
    assert_same(
        &public(&site),
        &clean,
        "with a cache that cannot be written",
    );

    // `--no-cache` neither reads nor writes it.
    std::fs::remove_dir_all(site.root().join(".benchsite-cache")).unwrap();
    let run = site.run(&["build", "--no-cache"]);
    assert_eq!((run.code, counts(&run.stderr)), (Some(0), (all, 0)));
    assert!(!cache.exists());
}

/// Rewrites the build cache with every ranking's first cheapest stretch starting at `from`,
/// its checksum made to match; returns how many rankings it changed.
fn tamper_races(site: &Fixture, from: f64) -> usize {
    let cache = site.root().join(".benchsite-cache/pages.json");
    let text = std::fs::read_to_string(&cache).unwrap();
    let (header, body) = text.split_once('\n').unwrap();
    let mut json: serde_json::Value = serde_json::from_str(body).unwrap();
    let mut changed = 0;
    for ranking in json["rankings"].as_array_mut().unwrap() {
        if let Some(first) = ranking["cheapest"].get_mut(0) {
            first["from"] = from.into();
            changed += 1;
        }
    }
    let body = json.to_string();
    let magic = header.rsplit_once(' ').unwrap().0;
    let sum = benchsite::hash::checksum(body.as_bytes());
    std::fs::write(&cache, format!("{magic} {sum:016x}\n{body}")).unwrap();
    changed
}

/// The folders of the rankings whose cheapest-by-speed race starts at `from` (by their
/// `index.json`): `rankings/dsr1/1k-1k/`.
fn races_from(s: &Snapshot, from: f64) -> BTreeSet<String> {
    s.iter()
        .filter(|(p, _)| p.starts_with("rankings/") && p.ends_with("/index.json"))
        .filter(|(_, bytes)| {
            let json: serde_json::Value = serde_json::from_slice(bytes).unwrap();
            json.get("cheapest").and_then(|c| c[0]["from"].as_f64()) == Some(from)
        })
        .map(|(p, _)| p.trim_end_matches("index.json").to_string())
        .collect()
}

/// The folders of the rankings whose hubs (by model and sequence) differ between two builds.
fn rankings_of_hubs_differing(a: &Snapshot, b: &Snapshot) -> BTreeSet<String> {
    let json = |bytes: &[u8]| serde_json::from_slice::<serde_json::Value>(bytes).unwrap();
    a.iter()
        .filter(|(p, bytes)| p.ends_with("/index.json") && json(bytes)["family"] == "hub")
        .filter(|(p, bytes)| {
            b.get(*p) != Some(*bytes) || {
                let page = p.replace("index.json", "index.html");
                a.get(&page) != b.get(&page)
            }
        })
        .map(|(p, _)| {
            // `dsr1/b200/fp8/1k-1k/index.json`: the model first, the sequence last.
            let parts: Vec<&str> = p.split('/').collect();
            format!("rankings/{}/{}/", parts[0], parts[parts.len() - 2])
        })
        .collect()
}

/// A ranking's cheapest-by-speed race, most of what a one-file rebuild has left to do, is
/// taken from the cache while the ranking's hubs are unchanged, and run again once one of
/// them changes. (Races tampered with in the cache, their checksum mended, show which were
/// taken.)
#[test]
fn a_rankings_race_is_run_again_only_when_its_hubs_change() {
    let (site, clean, _) = demo_built();
    const MARK: f64 = 0.125;
    let tampered = tamper_races(&site, MARK);
    assert!(tampered >= 3, "only {tampered} rankings have a race");
    // Commentary on a comparison reaches no hub: every race is taken as it was.
    let note = "content/compare-spec-decode/dsr1-gb200-fp4-mtp-vs-none.md";
    site.write(note, &format!("{}\nOne more line.\n", site.read(note)));
    cached_build(&site);
    assert_eq!(
        races_from(&public(&site), MARK).len(),
        tampered,
        "every race taken"
    );

    // One record changed: the rankings of the hubs it reaches race again, the others do not.
    change_one_record(&site, &first_result_file(site.root()));
    let changed = clean_build(&site, "clean-after");
    cached_build(&site);
    let built = public(&site);
    let taken = races_from(&built, MARK);
    let again = rankings_of_hubs_differing(&clean, &changed);
    assert!(
        !again.is_empty() && taken.len() + again.len() == tampered,
        "{again:?} {taken:?}"
    );
    assert!(again.is_disjoint(&taken), "{again:?} raced again");
    // Everything but the tampered rankings' own files is as a clean build has it.
    let beside = |s: &Snapshot| -> Snapshot {
        let tampered = |p: &str| taken.iter().any(|t| p.starts_with(t.as_str()));
        s.iter()
            .filter(|(p, _)| !tampered(p))
            .map(|(p, b)| (p.clone(), b.clone()))
            .collect()
    };
    assert_same(
        &beside(&built),
        &beside(&changed),
        "beside the tampered races",
    );

    // A price is in every hub's fingerprint: every race runs again.
    tamper_races(&site, MARK);
    let catalog = site.read("data/hardware.yaml");
    let b200 = "cost_per_gpu_hour: { hyperscaler: 1.95,";
    assert!(catalog.contains(b200), "the demo's B200 price moved");
    site.write(
        "data/hardware.yaml",
        &catalog.replace(b200, "cost_per_gpu_hour: { hyperscaler: 1.25,"),
    );
    let repriced = clean_build(&site, "clean-repriced");
    cached_build(&site);
    let built = public(&site);
    assert!(
        races_from(&built, MARK).is_empty(),
        "a race taken at the old prices"
    );
    assert_same(&built, &repriced, "after a price change");
}

#[test]
fn precompressed_siblings_are_carried_over_with_their_pages() {
    let site = Fixture::demo();
    let clean = site.root().join("clean");
    let run = site.run(&[
        "build",
        "--precompress",
        "--no-cache",
        "--out",
        clean.to_str().unwrap(),
    ]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let clean = snapshot(&clean);
    assert!(clean.contains_key("dsr1/b200/fp8/1k-1k/index.html.br"));
    let all = data_pages(&clean);
    for expected in [(all, 0), (0, all)] {
        let run = site.run(&["build", "--precompress"]);
        assert_eq!(
            (run.code, counts(&run.stderr)),
            (Some(0), expected),
            "{}",
            run.stderr
        );
        assert_same(&public(&site), &clean, "precompressed");
    }
    // Without the fast path (an input touched), the pages are taken over with their siblings.
    let hardware = site.read("data/hardware.yaml");
    site.write("data/hardware.yaml", &format!("{hardware}\n"));
    let run = site.run(&["build", "--precompress"]);
    assert_eq!(counts(&run.stderr), (0, all), "{}", run.stderr);
    assert_same(&public(&site), &clean, "precompressed, pages taken over");
}

#[test]
fn merged_shards_equal_one_full_build() {
    let site = Fixture::demo();
    let full_out = site.root().join("full");
    let run = site.run(&["build", "--no-cache", "--out", full_out.to_str().unwrap()]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let full_kinds = kinds(&run.stderr);
    let full = snapshot(&full_out);
    let all = data_pages(&full);
    for count in 1..=3 {
        let mut dirs = Vec::new();
        let mut rendered = 0;
        for index in 1..=count {
            let dir = site.root().join(format!("shard-{index}-of-{count}"));
            let shard = format!("{index}/{count}");
            let run = site.run(&["build", "--shard", &shard]);
            assert_eq!(run.code, Some(0), "{}", run.stderr);
            rendered += counts(&run.stderr).0;
            assert!(dir.join("benchsite-shard.json").exists());
            dirs.push(dir.to_str().unwrap().to_string());
        }
        assert_eq!(rendered, all, "{count} shards render each data page once");
        let out = site.root().join(format!("merged-{count}"));
        let mut args = vec!["merge", out.to_str().unwrap()];
        args.extend(dirs.iter().rev().map(String::as_str));
        let run = site.run(&args);
        assert_eq!(run.code, Some(0), "{}", run.stderr);
        assert_eq!(counts(&run.stderr), (0, all), "merge renders no data page");
        assert_eq!(kinds(&run.stderr), full_kinds, "the pages per family");
        assert_same(&snapshot(&out), &full, &format!("{count} shards merged"));
        // Merged again over its own output: the deploy list is empty.
        let list = site.root().join("changes.json");
        let run = site.run(&[&args[..], &["--changes", list.to_str().unwrap()]].concat());
        assert_eq!(run.code, Some(0), "{}", run.stderr);
        let list: serde_json::Value = serde_json::from_str(&site.read("changes.json")).unwrap();
        for key in ["added", "changed", "removed"] {
            assert_eq!(
                list[key],
                serde_json::json!([]),
                "{key} after merging again"
            );
        }
        for dir in dirs {
            std::fs::remove_dir_all(dir).unwrap();
        }
    }
    // A shard aimed at the whole site's folder would replace it with half its pages: refused
    // as a usage error, the site left as it was.
    let run = site.run(&[
        "build",
        "--shard",
        "1/2",
        "--out",
        full_out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(run.stderr.contains("holds a whole site"), "{}", run.stderr);
    assert_same(
        &snapshot(&full_out),
        &full,
        "the site after a refused shard",
    );
}

/// The nightly workflow (docs/): each shard is built with its cache kept from the night
/// before, then travels as a CI artifact, which keeps no file times, to the merge.
#[test]
fn shards_built_with_their_caches_merge_after_losing_their_file_times() {
    let site = Fixture::demo();
    let shard = |index: usize, night: usize| {
        let spec = format!("{index}/2");
        let out = site.root().join(format!("shard-{index}"));
        let cache = site.root().join(format!("cache-{index}"));
        let args = ["build", "--shard", &spec, "--out", out.to_str().unwrap()];
        let run = site.run(&[&args[..], &["--cache", cache.to_str().unwrap()]].concat());
        assert_eq!(run.code, Some(0), "{}", run.stderr);
        let artifact = site.root().join(format!("artifact-{night}-{index}"));
        common::copy_dir(&out, &artifact);
        (artifact, counts(&run.stderr).1)
    };
    for night in 1..=2 {
        if night == 2 {
            change_one_record(&site, &first_result_file(site.root()));
        }
        let (one, reused_one) = shard(1, night);
        let (two, reused_two) = shard(2, night);
        if night == 2 {
            assert!(reused_one + reused_two > 0, "the second night reuses pages");
        }
        let full = clean_build(&site, &format!("full-{night}"));
        let out = site.root().join(format!("merged-{night}"));
        let run = site.run(&[
            "merge",
            out.to_str().unwrap(),
            one.to_str().unwrap(),
            two.to_str().unwrap(),
        ]);
        assert_eq!(run.code, Some(0), "night {night}: {}", run.stderr);
        assert_same(&snapshot(&out), &full, &format!("night {night} merged"));
    }
}

#[test]
fn merge_refuses_shards_that_do_not_make_one_site() {
    let site = Fixture::demo();
    let shard = |spec: &str, extra: &[&str]| {
        let dir = site
            .root()
            .join(format!("s{}{}", spec.replace('/', "-"), extra.concat()));
        let mut args = vec!["build", "--shard", spec, "--out", dir.to_str().unwrap()];
        args.extend(extra);
        let run = site.run(&args);
        assert_eq!(run.code, Some(0), "{}", run.stderr);
        dir.to_str().unwrap().to_string()
    };
    let (one, two) = (shard("1/2", &[]), shard("2/2", &[]));
    let other_n = shard("1/3", &[]);
    let no_search = shard("2/2", &["--no-search"]);
    for file in ["index.html", "404.html", "sitemap.xml", "keep.txt"] {
        site.write(&format!("public/{file}"), "the previous site");
    }
    let public = site.root().join("public");

    let merge = |dirs: &[&str]| {
        let mut args = vec!["merge", public.to_str().unwrap()];
        args.extend(dirs);
        let run = site.run(&args);
        assert_eq!(run.code, Some(1), "{}", run.stderr);
        assert_eq!(site.read("public/keep.txt"), "the previous site");
        run.stderr
    };
    let missing = merge(&[&one]);
    assert!(
        missing.contains("1/2") && missing.contains("not each of"),
        "{missing}"
    );
    let mixed = merge(&[&one, &two, &other_n]);
    assert!(mixed.contains("shard count"), "{mixed}");
    let settings = merge(&[&one, &no_search]);
    assert!(settings.contains("build settings"), "{settings}");
    let empty = site.root().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let not_a_shard = merge(&[&one, empty.to_str().unwrap()]);
    assert!(
        not_a_shard.contains("benchsite-shard.json"),
        "{not_a_shard}"
    );
    // A "shard" among the site's inputs is a usage error, before anything is read.
    let data = site.root().join("data");
    let run = site.run(&[
        "merge",
        public.to_str().unwrap(),
        &one,
        data.to_str().unwrap(),
    ]);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(
        run.stderr.contains("inside the site's data"),
        "{}",
        run.stderr
    );

    // A shard's file lost or cut short on the way (an incomplete CI artifact).
    let csv = walkdir::WalkDir::new(&one)
        .into_iter()
        .map(Result::unwrap)
        .find(|e| e.file_name() == "index.csv")
        .unwrap();
    let whole = std::fs::read(csv.path()).unwrap();
    std::fs::write(csv.path(), "cut").unwrap();
    let damaged = merge(&[&one, &two]);
    assert!(damaged.contains("damaged"), "{damaged}");
    std::fs::write(csv.path(), whole).unwrap();

    // A page changed on the way at the same length: its hash tells.
    let page = csv.path().with_file_name("index.html");
    let whole = std::fs::read(&page).unwrap();
    let mut edited = whole.clone();
    let at = edited.windows(5).position(|w| w == b"<html").unwrap();
    edited[at + 1] = b'H';
    std::fs::write(&page, &edited).unwrap();
    let same_length = merge(&[&one, &two]);
    assert!(same_length.contains("damaged"), "{same_length}");
    std::fs::write(&page, whole).unwrap();

    // The manifest edited: its checksum tells; with the checksum made to match, a file
    // outside the shard's folder is still refused.
    let manifest = format!("{one}/benchsite-shard.json");
    let text = std::fs::read_to_string(&manifest).unwrap();
    let (header, body) = text.split_once('\n').unwrap();
    let mut json: serde_json::Value = serde_json::from_str(body).unwrap();
    json["pages"][0]["search"] = "<p>a search document edited on the way</p>".into();
    std::fs::write(&manifest, format!("{header}\n{json}")).unwrap();
    let edited = merge(&[&one, &two]);
    assert!(edited.contains("checksum does not match"), "{edited}");
    json["pages"][0]["files"][0]["path"] = "../../escaped.html".into();
    let body = json.to_string();
    let sum = benchsite::hash::checksum(body.as_bytes());
    std::fs::write(&manifest, format!("benchsite-shard 2 {sum:016x}\n{body}")).unwrap();
    let escaping = merge(&[&one, &two]);
    assert!(escaping.contains("not a path inside"), "{escaping}");
    std::fs::write(&manifest, text).unwrap();

    // Other inputs than the shards were built from.
    change_one_record(&site, &first_result_file(site.root()));
    let stale = merge(&[&one, &two]);
    assert!(stale.contains("other inputs"), "{stale}");
}

/// The identity (inode) of each part's `pagefind-entry.json` in `public/`: a part taken over
/// from the previous build is hard-linked, a part indexed again is a new file.
fn search_parts(site: &Fixture) -> Vec<u64> {
    let pagefind = site.root().join("public/pagefind");
    let mut parts = vec![pagefind.join("pagefind-entry.json")];
    parts.extend(
        (2..)
            .map(|n| pagefind.join(format!("part-{n}/pagefind-entry.json")))
            .take_while(|p| p.exists()),
    );
    parts
        .iter()
        .map(|p| std::os::unix::fs::MetadataExt::ino(&p.metadata().unwrap()))
        .collect()
}

#[test]
fn a_search_index_in_parts_re_indexes_only_the_part_that_changed() {
    let site = Fixture::demo();
    let build = |extra: &[&str]| {
        let mut args = vec!["build", "--search-part-size", "40"];
        args.extend(extra);
        let run = site.run(&args);
        assert_eq!(run.code, Some(0), "{}", run.stderr);
        counts(&run.stderr)
    };
    let run = site.run(&["build"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        search_parts(&site).len(),
        1,
        "by default the demo's index is one part"
    );
    assert_eq!(
        build(&[]).0,
        0,
        "the part size changes the search index, not the pages"
    );
    let before = search_parts(&site);
    assert_eq!(
        before.len(),
        4,
        "144 data pages make 4 parts of about 40 (with the index pages, 154 documents)"
    );

    // Commentary for one hub page changes that page's search document only.
    site.write(
        "content/dsr1/b200/fp4/8k-1k.md",
        "A note on the B200 hub, which only this page's search document holds.\n",
    );
    assert_eq!(build(&[]).0, 1, "one page has the new commentary");
    let after = search_parts(&site);
    let indexed = before.iter().zip(&after).filter(|(a, b)| a != b).count();
    assert_eq!(indexed, 1, "parts indexed again: {before:?} -> {after:?}");

    let clean = site.root().join("clean");
    build(&["--no-cache", "--out", clean.to_str().unwrap()]);
    assert_same(
        &public(&site),
        &snapshot(&clean),
        "a rebuild of a parted index",
    );
}

/// Moves `rel` (a file or folder of the site) to `elsewhere/` beside the site's folders and
/// leaves a symbolic link to it in its place.
fn link_in_from_elsewhere(site: &Fixture, rel: &str) -> std::path::PathBuf {
    let from = site.root().join(rel);
    let to = site
        .root()
        .join("elsewhere")
        .join(from.file_name().unwrap());
    std::fs::create_dir_all(to.parent().unwrap()).unwrap();
    std::fs::rename(&from, &to).unwrap();
    std::os::unix::fs::symlink(&to, &from).unwrap();
    to
}

#[test]
fn result_files_and_folders_linked_in_from_elsewhere_are_inputs() {
    let site = Fixture::demo();
    let clean = clean_build(&site, "clean0");
    // One result file linked in, and the folder of another.
    let file = first_result_file(site.root());
    let mut folders: Vec<String> = std::fs::read_dir(site.root().join("data/results/inferencemax"))
        .unwrap()
        .map(|e| {
            format!(
                "data/results/inferencemax/{}",
                e.unwrap().file_name().to_string_lossy()
            )
        })
        .filter(|folder| !file.starts_with(folder.as_str()))
        .collect();
    folders.sort();
    let target = link_in_from_elsewhere(&site, &file);
    link_in_from_elsewhere(&site, &folders[0]);
    assert_same(
        &clean_build(&site, "clean1"),
        &clean,
        "results read through links",
    );

    // The file a link leads to changes; the link itself does not.
    let all = data_pages(&clean);
    assert_eq!(cached_build(&site).0, (all, 0));
    let link_before = std::fs::symlink_metadata(site.root().join(&file)).unwrap();
    let rel_target = target
        .strip_prefix(site.root())
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    change_one_record(&site, &rel_target);
    let link_after = std::fs::symlink_metadata(site.root().join(&file)).unwrap();
    assert_eq!(
        link_before.modified().unwrap(),
        link_after.modified().unwrap()
    );
    let clean_changed = clean_build(&site, "clean2");
    let reached = data_pages_differing(&clean, &clean_changed);
    assert!(reached >= 1, "the change reaches no page");
    assert_eq!(cached_build(&site).0, (reached, all - reached));
    assert_same(
        &public(&site),
        &clean_changed,
        "after the linked file changed",
    );

    // A link that leads nowhere is an error naming it, and the site is left as it was.
    std::os::unix::fs::symlink(
        site.root().join("elsewhere/missing.json"),
        site.root().join("data/results/dangling.json"),
    )
    .unwrap();
    std::os::unix::fs::symlink("..", site.root().join("data/results/inferencemax/loop")).unwrap();
    let run = site.run(&["build"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let links = [
        ("data/results/inferencemax/loop", "a folder that holds it"),
        ("data/results/dangling.json", "which does not exist"),
    ];
    for (link, why) in links {
        let told = format!("{link}: a symbolic link to");
        assert!(
            run.stderr.contains(&told) && run.stderr.contains(why),
            "{}",
            run.stderr
        );
    }
    assert_same(&public(&site), &clean_changed, "after the failed build");
}
