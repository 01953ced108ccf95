use super::*;

fn html(markdown: &str) -> String {
    render(markdown).0
}

fn ids(markdown: &str) -> Vec<String> {
    render(markdown).1.into_iter().map(|h| h.id).collect()
}

#[test]
fn slugs_are_lowercase_words_joined_by_dashes() {
    assert_eq!(slugify("Intro"), "intro");
    assert_eq!(slugify("  What's new in 1.5?  "), "whats-new-in-1-5");
    assert_eq!(slugify("tok/s/MW — per GPU"), "tok-s-mw-per-gpu");
    assert_eq!(slugify("Über GPUs"), "über-gpus");
    assert_eq!(slugify("?!"), "section");
    assert_eq!(slugify(""), "section");
}

#[test]
fn heading_ids_are_unique_within_the_page() {
    let markdown = "# Intro\n\n## Intro\n\n### Intro\n\n## Results\n";
    assert_eq!(ids(markdown), ["intro", "intro-1", "intro-2", "results"]);
}

#[test]
fn automatic_ids_skip_ids_taken_by_text() {
    // The second "Intro" must not become `intro-1`, which the third heading's text claims.
    let markdown = "# Intro\n\n# Intro 1\n\n# Intro\n";
    assert_eq!(ids(markdown), ["intro", "intro-1", "intro-2"]);
}

#[test]
fn explicit_ids_are_honoured_and_reserved() {
    // The automatic id of the first heading would be `setup`, but a later heading claims it.
    let markdown = "# Setup\n\n## How we measured {#setup}\n\n## Again {#setup}\n";
    assert_eq!(ids(markdown), ["setup-1", "setup", "setup-2"]);
    let out = html(markdown);
    assert!(out.contains("<h2 id=\"setup\">How we measured "), "{out}");
}

#[test]
fn headings_never_take_an_id_the_templates_use() {
    let markdown =
        "## Chart\n\n## Content {#content}\n\n## Model 1\n\n## Model 1a\n\n## Price B200\n";
    assert_eq!(
        ids(markdown),
        [
            "chart-1",
            "content-1",
            "model-1-1",
            "model-1a",
            "price-b200-1"
        ]
    );
}

/// Every `id="…"` written in a template, literal (`chart`) or numbered (`model-{{ … }}` →
/// the prefix `model-`), or by the chart's drawing in Rust, is in the reserved lists.
#[test]
fn the_reserved_ids_are_every_id_the_templates_write() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let (mut literal, mut prefixes) = (Vec::new(), Vec::new());
    let files = walkdir::WalkDir::new(root.join("templates"))
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .chain([root.join("src/render/plot/mod.rs")]);
    for path in files {
        let text = std::fs::read_to_string(path).unwrap();
        for rest in text.split(" id=\"").skip(1) {
            let end = rest.find(['"', '{']).unwrap();
            if rest[end..].starts_with('{') {
                prefixes.push(rest[..end].to_string());
            } else {
                literal.push(rest[..end].to_string());
            }
        }
    }
    assert!(
        literal.len() > 10 && !prefixes.is_empty(),
        "{literal:?} {prefixes:?}"
    );
    for id in &literal {
        assert!(
            TEMPLATE_IDS.contains(&id.as_str()),
            "`{id}` is not in TEMPLATE_IDS"
        );
    }
    for prefix in &prefixes {
        assert!(
            TEMPLATE_ID_PREFIXES.contains(&prefix.as_str())
                || TEMPLATE_ID_SLUG_PREFIXES.contains(&prefix.as_str()),
            "`{prefix}…` is not in TEMPLATE_ID_PREFIXES"
        );
    }
}

#[test]
fn headings_carry_level_text_and_an_anchor() {
    let (out, headings) = render("## Cost *per* `token`\n");
    assert_eq!(
        headings,
        [Heading {
            level: 2,
            id: "cost-per-token".into(),
            text: "Cost per token".into(),
        }]
    );
    assert_eq!(
        out,
        "<h2 id=\"cost-per-token\">Cost <em>per</em> <code>token</code> \
         <a class=\"anchor\" href=\"#cost-per-token\" aria-label=\"Link to this section: Cost per token\">#</a></h2>\n"
    );
}

#[test]
fn heading_attributes_other_than_id_and_class_are_dropped() {
    let out = html("# Hi {.note onclick=alert(1)}\n");
    assert!(!out.contains("onclick"), "{out}");
    assert!(out.contains("class=\"note\""), "{out}");
}

#[test]
fn heading_ids_avoid_footnote_ids() {
    let markdown =
        "# Fn 1\n\n# Fnref 1\n\n# Notes {#fn-1}\n\nText[^note].\n\n[^note]: The footnote.\n";
    assert_eq!(ids(markdown), ["fn-1-1", "fnref-1-1", "fn-1-2"]);
}

#[test]
fn tables_render() {
    let out = html("| GPU | tok/s |\n|---|--:|\n| H100 | 120 |\n");
    assert!(out.contains("<table>"), "{out}");
    assert!(out.contains("<th>GPU</th>"), "{out}");
    assert!(
        out.contains("<td style=\"text-align: right\">120</td>"),
        "{out}"
    );
}

#[test]
fn footnotes_render() {
    let out = html("Measured twice[^1].\n\n[^1]: On 2025-01-01.\n");
    assert!(
        out.contains(
            "<sup class=\"footnote-reference\" id=\"fnref-1\"><a href=\"#fn-1\">1</a></sup>"
        ),
        "{out}"
    );
    assert!(
        out.contains(
            "<div class=\"footnote-definition\" id=\"fn-1\"><sup class=\"footnote-definition-label\">1</sup>"
        ),
        "{out}"
    );
}

/// Notes are numbered by first appearance, references or definitions (as pulldown-cmark
/// numbers them), and each note links back to its first reference, inside its last paragraph.
#[test]
fn footnotes_link_back_to_their_first_reference() {
    let out = html(
        "[^b]: Defined first, referenced second.\n\nA[^a], b[^b], a again[^a].\n\n\
         [^a]: First note.\n\n    Its second paragraph.\n\n[^unused]: Never referenced.\n",
    );
    for part in [
        "A<sup class=\"footnote-reference\" id=\"fnref-2\"><a href=\"#fn-2\">2</a></sup>",
        ", b<sup class=\"footnote-reference\" id=\"fnref-1\"><a href=\"#fn-1\">1</a></sup>",
        // Only the first reference to a note carries the id the note links back to.
        "a again<sup class=\"footnote-reference\"><a href=\"#fn-2\">2</a></sup>",
        "<div class=\"footnote-definition\" id=\"fn-1\"><sup class=\"footnote-definition-label\">1</sup>",
        "<p>Its second paragraph. <a class=\"footnote-backref\" href=\"#fnref-2\" \
         aria-label=\"Back to reference 2\" data-pagefind-ignore>↩\u{fe0e}</a></p>",
        "second. <a class=\"footnote-backref\" href=\"#fnref-1\"",
        "<div class=\"footnote-definition\" id=\"fn-3\"><sup class=\"footnote-definition-label\">3</sup>\n<p>Never referenced.</p>",
    ] {
        assert!(out.contains(part), "{part}\nin\n{out}");
    }
    assert!(!out.contains("#fnref-3"), "{out}");
}

/// Labels become numbers in ids: labels that differ in case name one note (as pulldown-cmark
/// matches them), and a label with spaces or markup characters still makes a valid id.
#[test]
fn footnote_ids_are_numbers_whatever_the_label() {
    let out = html("A[^Note], b[^a \"b\" & c].\n\n[^note]: One.\n\n[^a \"b\" & c]: Two.\n");
    for part in [
        "A<sup class=\"footnote-reference\" id=\"fnref-1\"><a href=\"#fn-1\">1</a></sup>",
        "b<sup class=\"footnote-reference\" id=\"fnref-2\"><a href=\"#fn-2\">2</a></sup>",
        "<div class=\"footnote-definition\" id=\"fn-1\">",
        "<div class=\"footnote-definition\" id=\"fn-2\">",
        "href=\"#fnref-1\"",
        "href=\"#fnref-2\"",
    ] {
        assert!(out.contains(part), "{part}\nin\n{out}");
    }
}

/// A label defined twice keeps its first definition, as CommonMark keeps the first of two link
/// definitions (and GitHub the first of two notes): a second would repeat the id `fn-1`.
#[test]
fn a_second_definition_of_a_note_is_dropped() {
    let out = html("A[^n].\n\n[^n]: First.\n\n[^N]: Second, with *emphasis*.\n\nAfter.\n");
    assert_eq!(out.matches("id=\"fn-1\"").count(), 1, "{out}");
    assert!(
        out.contains("<p>First. <a class=\"footnote-backref\""),
        "{out}"
    );
    assert!(!out.contains("Second"), "{out}");
    assert!(
        out.contains("<p>After.</p>"),
        "text after the dropped note stays: {out}"
    );
}

#[test]
fn strikethrough_renders() {
    assert_eq!(html("~~old~~ new"), "<p><del>old</del> new</p>\n");
}

#[test]
fn task_lists_render() {
    let out = html("- [x] done\n- [ ] todo\n");
    assert!(
        out.contains("<input disabled=\"\" type=\"checkbox\" checked=\"\"/>"),
        "{out}"
    );
    assert!(
        out.contains("<input disabled=\"\" type=\"checkbox\"/>"),
        "{out}"
    );
}

#[test]
fn punctuation_is_smart() {
    assert_eq!(
        html("\"Fast\" -- isn't it... --- yes"),
        "<p>“Fast” – isn’t it… — yes</p>\n"
    );
}

#[test]
fn raw_html_is_shown_as_text() {
    let block = html("<script>alert(1)</script>\n");
    assert!(!block.contains("<script"), "{block}");
    assert!(
        block.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{block}"
    );
    let inline = html("Hello <img src=x onerror=alert(1)> there");
    assert!(!inline.contains("<img"), "{inline}");
    assert!(
        inline.contains("&lt;img src=x onerror=alert(1)&gt;"),
        "{inline}"
    );
}

#[test]
fn script_urls_are_neutralised() {
    for url in [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "java%09script:alert(1)",
        "vbscript:msgbox",
        "data:text/html,%3Cscript%3E",
    ] {
        let out = html(&format!("[x](<{url}>)"));
        assert!(out.contains("<a href=\"#\">x</a>"), "{url}: {out}");
    }
    // Entities and tabs are decoded/ignored by the browser, so they are here too.
    assert!(html("[x](javascript&#58;alert(1))").contains("href=\"#\""));
    assert!(html("[x](<java\tscript:alert(1)>)").contains("href=\"#\""));
    assert!(html("<javascript:alert(1)>").contains("href=\"#\""));
    assert!(html("![x](javascript:alert(1))").contains("src=\"#\""));
    assert!(html("[x]: javascript:alert(1)\n\n[y][x]").contains("href=\"#\""));
}

#[test]
fn ordinary_urls_are_kept() {
    for url in [
        "https://example.com/a?b=c#d",
        "/methodology/#frontier",
        "../other/",
        "#intro",
        "mailto:a@example.com",
        "a/b:c",
    ] {
        let out = html(&format!("[x]({url})"));
        assert!(!out.contains("href=\"#\""), "{url}: {out}");
    }
}
