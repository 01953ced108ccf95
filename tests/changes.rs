//! `build --changes FILE` (issue 16, SPEC §16): the deploy list of output paths added, changed
//! and removed against the previous output, checked on hand-made changes to the demo site.

mod common;

use common::Fixture;

fn build_with_changes(site: &Fixture) -> serde_json::Value {
    let list = site.root().join("changes.json");
    let list_arg = list.to_str().unwrap();
    let run = site.run(&["build", "--no-search", "--changes", list_arg]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    serde_json::from_str(&std::fs::read_to_string(&list).unwrap()).unwrap()
}

fn paths(list: &serde_json::Value, key: &str) -> Vec<String> {
    list[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn the_deploy_list_names_exactly_what_a_change_touched() {
    let site = Fixture::demo();
    let first = build_with_changes(&site);
    let added = paths(&first, "added");
    assert!(
        added.contains(&"index.html".to_string()) && added.len() > 400,
        "a first build adds everything"
    );
    assert!(paths(&first, "changed").is_empty() && paths(&first, "removed").is_empty());

    let same = build_with_changes(&site);
    for key in ["added", "changed", "removed"] {
        assert!(
            paths(&same, key).is_empty(),
            "a rebuild of the same inputs {key} {:?}",
            same[key]
        );
    }

    // A new editor's page below the top of the site: its own file, and the sitemap that
    // lists it; no page links it.
    let notes = "content/notes/today.md";
    site.write(notes, "---\ntitle: Notes\n---\nSome notes.\n");
    let with_notes = build_with_changes(&site);
    assert_eq!(paths(&with_notes, "added"), ["notes/today/index.html"]);
    assert_eq!(paths(&with_notes, "changed"), ["sitemap.xml"]);
    assert!(paths(&with_notes, "removed").is_empty());

    // Editing it changes that page alone; deleting it removes it and changes the sitemap back.
    site.write(notes, "---\ntitle: Notes\n---\nOther notes.\n");
    let edited = build_with_changes(&site);
    assert!(paths(&edited, "added").is_empty());
    assert_eq!(paths(&edited, "changed"), ["notes/today/index.html"]);
    std::fs::remove_file(site.root().join(notes)).unwrap();
    let removed = build_with_changes(&site);
    assert_eq!(paths(&removed, "removed"), ["notes/today/index.html"]);
    assert_eq!(paths(&removed, "changed"), ["sitemap.xml"]);

    // One at the top is in every page's navigation: every page with one changes (an embed,
    // shown on other sites, has none), and so does the sitemap.
    site.write("content/notes.md", "---\ntitle: Notes\n---\nSome notes.\n");
    let on_top = build_with_changes(&site);
    assert_eq!(paths(&on_top, "added"), ["notes/index.html"]);
    let changed = paths(&on_top, "changed");
    let output = common::snapshot(&site.root().join("public"));
    let pages: Vec<&String> = (output.keys())
        .filter(|p| p.ends_with(".html") && !p.starts_with("embed/") && *p != "notes/index.html")
        .collect();
    assert!(pages.len() > 100, "{} pages", pages.len());
    assert_eq!(changed.len(), pages.len() + 1, "{changed:?}");
    assert!(changed.contains(&"sitemap.xml".to_string()));
    assert!(pages.iter().all(|p| changed.contains(p)));
}

#[test]
fn after_a_record_changes_the_deploy_list_is_the_files_that_differ() {
    let site = Fixture::demo();
    build_with_changes(&site);
    let before = common::snapshot(&site.root().join("public"));
    let file = "data/results/inferencemax/run_21012127808/agg_bmk.json";
    let text = site.read(file);
    let at = text.find("\"tput_per_gpu\": ").unwrap() + "\"tput_per_gpu\": ".len();
    let end = at + text[at..].find([',', '\n']).unwrap();
    let value: f64 = text[at..end].trim().parse().unwrap();
    site.write(
        file,
        &format!("{}{}{}", &text[..at], value * 1.01, &text[end..]),
    );
    let list = build_with_changes(&site);
    let after = common::snapshot(&site.root().join("public"));
    // Counted independently: every file whose bytes differ between the two outputs.
    let differing: Vec<String> = after
        .iter()
        .filter(|(path, bytes)| before.get(*path).is_some_and(|b| b != *bytes))
        .map(|(path, _)| path.clone())
        .collect();
    assert!(differing.len() > 3, "{differing:?}");
    assert_eq!(paths(&list, "changed"), differing);
    assert!(paths(&list, "added").is_empty() && paths(&list, "removed").is_empty());
}

#[test]
fn the_deploy_list_is_against_the_output_there_whoever_built_it() {
    let site = Fixture::demo();
    build_with_changes(&site);
    // A build without the cache replaces the output the cache describes.
    site.write("content/notes.md", "---\ntitle: Notes\n---\nSome notes.\n");
    let run = site.run(&["build", "--no-search", "--no-cache"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let list = build_with_changes(&site);
    for key in ["added", "changed", "removed"] {
        assert!(
            paths(&list, key).is_empty(),
            "against the output the uncached build left, nothing {key}: {:?}",
            list[key]
        );
    }
}

#[test]
fn files_edited_or_deleted_in_the_output_by_hand_are_in_the_deploy_list() {
    let site = Fixture::demo();
    build_with_changes(&site);
    // A second build that replaces the output, so that the first one is the spare: the pages
    // below are then taken from the spare, without a look at the output's copies.
    site.write("content/notes.md", "---\ntitle: Notes\n---\nSome notes.\n");
    build_with_changes(&site);
    let public = site.root().join("public");
    let (edited, deleted) = (
        "dsr1/b200/fp4/8k-1k/index.csv",
        "dsr1/b200/fp4/8k-1k/index.json",
    );
    let built = std::fs::read(public.join(edited)).unwrap();
    // As `sed -i` edits: a new file in the old one's place.
    let mut other = built.clone();
    other[0] ^= 1;
    std::fs::write(public.join("edited.tmp"), &other).unwrap();
    std::fs::rename(public.join("edited.tmp"), public.join(edited)).unwrap();
    std::fs::remove_file(public.join(deleted)).unwrap();
    let list = build_with_changes(&site);
    assert_eq!(paths(&list, "changed"), [edited]);
    assert_eq!(paths(&list, "added"), [deleted]);
    assert!(paths(&list, "removed").is_empty());
    assert_eq!(
        std::fs::read(public.join(edited)).unwrap(),
        built,
        "the build's file again"
    );
    assert!(public.join(deleted).is_file());
}
