use super::*;

fn site(files: &[(&str, &str)]) -> Vec<OutputFile> {
    files
        .iter()
        .map(|(path, text)| OutputFile::new(*path, *text))
        .collect()
}

/// `(page, target)` of each broken link.
fn broken(files: &[(&str, &str)]) -> Vec<(String, String)> {
    check_links(&site(files))
        .into_iter()
        .map(|b| (b.page, b.target))
        .collect()
}

fn pair(page: &str, target: &str) -> (String, String) {
    (page.to_string(), target.to_string())
}

#[test]
fn links_to_existing_pages_files_and_anchors_are_fine() {
    let files = [
        (
            "index.html",
            "<link rel=stylesheet href=/style.1234.css><script src=/app.js></script>\
             <a href=/m/>m</a><a href=/m/#frontier>f</a><a href=/m/index.html>i</a>\
             <img src=/logo.svg><a href=#top>top</a><a href=#>top</a><a href=?q=1>q</a>",
        ),
        ("m/index.html", "<h2 id=frontier>Frontier</h2>"),
        ("style.1234.css", "body{}"),
        ("app.js", ""),
        ("logo.svg", "<svg/>"),
    ];
    assert_eq!(broken(&files), []);
}

#[test]
fn a_missing_page_is_reported_with_page_target_and_reason() {
    let files = site(&[("a/index.html", "<a href=/nowhere/>x</a>")]);
    assert_eq!(
        check_links(&files),
        [BrokenLink {
            page: "/a/".into(),
            target: "/nowhere/".into(),
            reason: "no file `nowhere/index.html` in the site".into(),
        }]
    );
}

#[test]
fn a_missing_anchor_is_reported() {
    let files = site(&[
        (
            "index.html",
            "<a href=/m/#frontier>x</a><a href=\"#here\">y</a>",
        ),
        ("m/index.html", "<h2 id=front>F</h2>"),
    ]);
    let found = check_links(&files);
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(found[0].target, "/m/#frontier");
    assert_eq!(found[0].reason, "no element with id `frontier` on `/m/`");
    assert_eq!(found[1].target, "#here");
    assert_eq!(found[1].reason, "no element with id `here` on `/`");
}

#[test]
fn anchors_may_be_named_or_percent_encoded() {
    let files = [(
        "index.html",
        "<a name=old></a><p id=café></p><a href=#old>a</a><a href=#caf%C3%A9>b</a>",
    )];
    assert_eq!(broken(&files), []);
}

#[test]
fn relative_links_resolve_against_the_page() {
    let files = [
        (
            "a/b/index.html",
            "<a href=c/>ok</a><a href=../d/>ok</a><a href=../../>ok</a><a href=./>ok</a>\
             <a href=../../../../a/>ok</a><a href=../x/>broken</a><a href=c/../..>ok</a>",
        ),
        ("a/b/c/index.html", ""),
        ("a/d/index.html", ""),
        ("a/index.html", ""),
        ("index.html", ""),
    ];
    assert_eq!(broken(&files), [pair("/a/b/", "../x/")]);
}

#[test]
fn relative_links_on_a_file_page_resolve_against_its_folder() {
    let files = [
        ("404.html", "<a href=a/>a</a><a href=b/>b</a>"),
        ("a/index.html", ""),
    ];
    assert_eq!(broken(&files), [pair("/404.html", "b/")]);
}

#[test]
fn external_links_are_not_checked() {
    let files = [(
        "index.html",
        "<a href=https://example.com/x/>a</a><a href=//cdn.example.com/x.js>b</a>\
         <a href=mailto:a@example.com>c</a><a href=HTTP://X>d</a><img src=data:image/png,x>",
    )];
    assert_eq!(broken(&files), []);
}

#[test]
fn a_page_without_its_trailing_slash_is_reported_with_the_fix() {
    let files = site(&[("index.html", "<a href=/m>m</a>"), ("m/index.html", "")]);
    let found = check_links(&files);
    assert_eq!(found.len(), 1);
    assert!(found[0].reason.contains("`/m/`"), "{}", found[0]);
}

#[test]
fn every_kind_of_reference_is_checked() {
    let files = [(
        "index.html",
        "<link rel=stylesheet href=/gone.css><script src=/gone.js></script>\
         <img src=gone.png><a href=/gone/>a</a>",
    )];
    assert_eq!(
        broken(&files),
        [
            pair("/", "/gone.css"),
            pair("/", "/gone.js"),
            pair("/", "gone.png"),
            pair("/", "/gone/"),
        ]
    );
}

#[test]
fn results_are_ordered_by_page_and_repeats_reported_once() {
    let files = [
        ("z/index.html", "<a href=/x/>1</a><a href=/x/>2</a>"),
        ("a/index.html", "<a href=/y/>1</a><a href=/x/>2</a>"),
    ];
    assert_eq!(
        broken(&files),
        [pair("/a/", "/y/"), pair("/a/", "/x/"), pair("/z/", "/x/")]
    );
}

#[test]
fn non_html_files_are_not_parsed() {
    let files = [("data.json", "<a href=/nowhere/>"), ("index.html", "")];
    assert_eq!(broken(&files), []);
}

#[test]
fn relative_links_resolve() {
    assert_eq!(resolve("/a/b/", "../c"), "/a/c");
    assert_eq!(resolve("/a/b/", "/x/./y/"), "/x/y/");
    assert_eq!(resolve("/a/b/", ".."), "/a/");
    assert_eq!(resolve("/", "../../x"), "/x");
}
