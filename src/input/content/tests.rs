use super::*;

/// A content folder holding `files` (path relative to it, text).
fn folder(files: &[(&str, &str)]) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let path = tmp.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    tmp
}

fn url_paths(files: &[ContentFile]) -> Vec<&str> {
    files.iter().map(|f| f.url_path.as_str()).collect()
}

#[test]
fn url_paths_follow_file_paths_in_sorted_order() {
    let tmp = folder(&[
        ("methodology.md", "# M"),
        ("compare-spec-decode/x/1k-1k.md", "x"),
        ("compare-spec-decode/_index.md", "x"),
        ("about/index.md", "x"),
        ("_index.md", "x"),
        ("notes.txt", "not markdown"),
        (".draft.md.swp", "editor junk"),
        (".hidden/secret.md", "x"),
    ]);
    let (files, problems) = load_content(tmp.path(), false);
    assert_eq!(problems, []);
    assert_eq!(
        url_paths(&files),
        [
            "/",
            "/about/",
            "/compare-spec-decode/",
            "/compare-spec-decode/x/1k-1k/",
            "/methodology/",
        ]
    );
    assert_eq!(files[4].source, tmp.path().join("methodology.md"));
}

#[test]
fn a_missing_content_folder_is_no_content() {
    let tmp = folder(&[]);
    let (files, problems) = load_content(&tmp.path().join("content"), false);
    assert!(files.is_empty() && problems.is_empty());
}

#[test]
fn a_file_without_front_matter_is_all_markdown() {
    let tmp = folder(&[("a.md", "# Title\n\nText.\n")]);
    let (files, _) = load_content(tmp.path(), false);
    assert_eq!(files[0].front, FrontMatter::default());
    assert_eq!(files[0].body, "# Title\n\nText.\n");
}

#[test]
fn front_matter_is_parsed_and_not_rendered() {
    let tmp = folder(&[(
        "a.md",
        "---\ntitle: Notes\nauthor: Ana\ndate: 2025-01-31\n---\nBody.\n",
    )]);
    let (files, problems) = load_content(tmp.path(), false);
    assert_eq!(problems, []);
    assert_eq!(files[0].front.title.as_deref(), Some("Notes"));
    assert_eq!(files[0].front.author.as_deref(), Some("Ana"));
    assert_eq!(files[0].front.date.as_deref(), Some("2025-01-31"));
    assert_eq!(files[0].body, "Body.\n");
}

#[test]
fn unknown_key_is_reported_with_file_and_md_line() {
    let tmp = folder(&[
        ("a.md", "---\ntitle: A\ndescription: d\ncolour: red\n---\nx"),
        ("b.md", "fine"),
    ]);
    let (files, problems) = load_content(tmp.path(), false);
    assert_eq!(url_paths(&files), ["/b/"], "the broken file is left out");
    assert_eq!(problems.len(), 1);
    let d = &problems[0];
    assert_eq!(d.file, tmp.path().join("a.md"));
    assert_eq!(d.position.map(|p| p.line), Some(4), "{d}");
    assert!(d.to_string().contains("colour"), "{d}");
}

#[test]
fn broken_front_matter_is_reported_with_file_and_line() {
    let tmp = folder(&[("a.md", "---\ntitle: A\nauthor: \"unclosed\n---\nx")]);
    let (files, problems) = load_content(tmp.path(), false);
    assert!(files.is_empty());
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].file, tmp.path().join("a.md"));
    assert_eq!(
        problems[0].position.map(|p| p.line),
        Some(3),
        "{}",
        problems[0]
    );
}

#[test]
fn unclosed_front_matter_is_reported_on_line_one() {
    let tmp = folder(&[("a.md", "---\ntitle: A\n")]);
    let (_, problems) = load_content(tmp.path(), false);
    assert_eq!(problems[0].position, Some(Position { line: 1, column: 1 }));
}

#[test]
fn drafts_are_dropped_unless_asked_for() {
    let tmp = folder(&[("a.md", "---\ndraft: true\n---\nx"), ("b.md", "y")]);
    let (files, problems) = load_content(tmp.path(), false);
    assert_eq!(problems, []);
    assert_eq!(url_paths(&files), ["/b/"]);
    let (files, _) = load_content(tmp.path(), true);
    assert_eq!(url_paths(&files), ["/a/", "/b/"]);
    assert!(files[0].front.draft);
}

#[test]
fn every_problem_of_every_file_is_reported() {
    let tmp = folder(&[("a.md", "---\nx: 1\n---\n"), ("b.md", "---\ny: 1\n---\n")]);
    let (_, problems) = load_content(tmp.path(), false);
    assert_eq!(problems.len(), 2);
}

#[test]
fn two_files_for_one_page_are_an_error() {
    let tmp = folder(&[("a.md", "x"), ("a/_index.md", "y")]);
    let (_, problems) = load_content(tmp.path(), false);
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].value.as_deref(), Some("/a/"));
}

#[test]
fn names_that_need_escaping_in_a_url_are_an_error() {
    let tmp = folder(&[("My Notes.md", "x"), ("ok/fine-1.0_b.md", "y")]);
    let (files, problems) = load_content(tmp.path(), false);
    assert_eq!(url_paths(&files), ["/ok/fine-1.0_b/"]);
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].value.as_deref(), Some("My Notes"));
}
