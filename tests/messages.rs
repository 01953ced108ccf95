//! Every message leads to the right fix: the exact help text for a new accelerator or model
//! against a misspelt one, floods of one cause grouped, parser wording an editor can act on,
//! all front-matter problems of a file at once, commentary links reported once, start-up
//! errors that say what to do.

mod common;

use common::{Fixture, GOOD_RECORD, Run};

/// A fixture with one good record plus `bad` as `data/results/bad.yaml`.
fn with_results(bad: &str) -> Fixture {
    let f = Fixture::without_results();
    f.write("data/results/good.yaml", GOOD_RECORD);
    f.write("data/results/bad.yaml", bad);
    f
}

/// Runs `args` and asserts exit status 1.
fn rejected(f: &Fixture, args: &[&str]) -> Run {
    let run = f.run(args);
    assert_eq!(run.code, Some(1), "stderr: {}", run.stderr);
    run
}

/// Asserts that `run`'s messages hold each of `lines`.
fn says<S: AsRef<str>>(run: &Run, lines: impl IntoIterator<Item = S>) {
    for line in lines {
        let line = line.as_ref();
        assert!(run.stderr.contains(line), "{line}\n{}", run.stderr);
    }
}

fn runner(name: &str) -> String {
    GOOD_RECORD.replace("hw: b200", &format!("hw: {name}"))
}

#[test]
fn a_new_accelerator_is_not_taken_for_a_typo() {
    let run = rejected(&with_results(&runner("mi450x_0")), &["build"]);
    let expected = "\
error: data/results/bad.yaml:1:7: record 0, field `hw`: unknown hardware: no accelerator id or alias matches (value: \"mi450x_0\")
  help: a new accelerator: add an entry to data/hardware.yaml with its price per GPU-hour and power, e.g.
      - id: mi450x
        name: MI450X
        vendor: AMD
        architecture: TBD
        aliases: []   # other runner names for it, if any
        cost_per_gpu_hour: { hyperscaler: 0.0, neocloud: 0.0, rental_3yr: 0.0 }   # USD
        power_kw: 0.0   # all-in (utility) kW per GPU
  known: h100, h200, b200, b300, gb200, gb300, mi300x, mi325x, mi355x
1 problem found
";
    assert!(run.stderr.starts_with(expected), "{}", run.stderr);
    assert!(!run.stderr.contains("did you mean"), "{}", run.stderr);
    assert!(!run.stderr.contains("mi300x`"), "{}", run.stderr);
}

#[test]
fn a_misspelt_accelerator_still_gets_the_alias_suggestion() {
    for (given, meant) in [("b2OO", "b200"), ("mi355", "mi355x")] {
        let run = rejected(&with_results(&runner(given)), &["build"]);
        let help = format!(
            "  help: did you mean `{meant}`? known: h100, h200, b200, b300, gb200, gb300, mi300x, \
             mi325x, mi355x; if `{given}` is that accelerator under another name, add it to its \
             `aliases` in data/hardware.yaml\n"
        );
        assert!(run.stderr.contains(&help), "{}", run.stderr);
        assert!(!run.stderr.contains("a new accelerator"), "{}", run.stderr);
    }
}

#[test]
fn an_unknown_model_shows_how_to_add_one() {
    let bad = GOOD_RECORD
        .replace("infmax_model_prefix: dsr1", "infmax_model_prefix: dsr2")
        .replace(
            "model: deepseek-ai/DeepSeek-R1",
            "model: deepseek-ai/DeepSeek-R2",
        );
    let run = rejected(&with_results(&bad), &["build"]);
    let expected = "\
  help: a new model: add an entry to data/models.yaml, e.g.
      - id: dsr2
        name: dsr2            # the name pages show
        keys: [dsr2]   # `infmax_model_prefix` values (or `model` path tails) that mean this model
  known: dsr1, gptoss, glm5, glm5.1
";
    assert!(run.stderr.contains(expected), "{}", run.stderr);
}

/// 150 records in one file with the same unknown model.
fn flood() -> Fixture {
    let bad = GOOD_RECORD.replace("infmax_model_prefix: dsr1", "infmax_model_prefix: dsr2");
    let many: String = (0..150)
        .map(|i| bad.replace("conc: 64", &format!("conc: {}", i + 1)))
        .collect();
    with_results(&many)
}

#[test]
fn a_flood_of_one_cause_is_grouped() {
    let f = flood();
    let run = rejected(&f, &["build"]);
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.iter().filter(|l| l.starts_with("error: ")).count(), 3);
    assert!(
        run.stderr
            .contains("  … and 147 more records in data/results/bad.yaml with the same problem\n"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("150 problems found (147 not shown: `--all-errors` lists every one)\n"),
        "{}",
        run.stderr
    );
    assert!(lines.len() < 20, "{} lines:\n{}", lines.len(), run.stderr);
    assert_eq!(run.stderr.matches("a new model").count(), 1);
}

#[test]
fn all_errors_lists_every_one() {
    let f = flood();
    for command in ["build", "check"] {
        let run = rejected(&f, &[command, "--all-errors"]);
        let errors = run.stderr.lines().filter(|l| l.starts_with("error: "));
        assert_eq!(errors.count(), 150, "{command}");
        assert!(!run.stderr.contains("more records"), "{command}");
        assert!(
            run.stderr.contains("\n150 problems found\n"),
            "{}",
            run.stderr
        );
    }
}

#[test]
fn a_duplicate_yaml_key_names_both_lines() {
    let bad = GOOD_RECORD.replace("  conc: 64\n", "  conc: 64\n  tp: 4\n");
    let run = rejected(&with_results(&bad), &["build"]);
    assert!(
        run.stderr
            .contains("error: data/results/bad.yaml:12:3: `tp` is given twice (lines 11 and 12)\n"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("DuplicateKeyPolicy"), "{}", run.stderr);
}

#[test]
fn library_jargon_is_reworded() {
    let f = with_results("- hw: b200\n  conc: [1, 2\n");
    f.write(
        "data/results/trunc.json",
        "[\n  {\"hw\": \"b200\",\n   \"conc\": 4",
    );
    f.write(
        "site.yaml",
        &f.read("site.yaml")
            .replace("default_cost: hyperscaler", "default_csot: hyperscaler"),
    );
    let run = rejected(&f, &["build"]);
    says(
        &run,
        [
            "error: data/results/trunc.json:3:12: malformed JSON: the file ends before an object is closed: a `}` is missing\n",
            "error: site.yaml:8:1: unknown key `default_csot` (did you mean `default_cost`?); the keys allowed here: title, base_url, description, default_cost, echarts, max_result_file_mb, ranking_tiers\n",
        ],
    );
    // The position is stated once, by the diagnostic, never again by the library.
    assert!(!run.stderr.contains(" at line "), "{}", run.stderr);
    assert!(!run.stderr.contains("EOF while"), "{}", run.stderr);
}

/// Values JSON allows but no reader holds, and numbers past a field's range, are named by
/// their field and line, not only by their record.
#[test]
fn a_value_too_large_is_named_by_its_field() {
    let f = with_results("[]\n");
    f.write(
        "data/results/huge.json",
        "[\n  {\"hw\": \"b200\",\n   \"tput_per_gpu\": 1e999}\n]\n",
    );
    f.write(
        "data/results/bad.yaml",
        &GOOD_RECORD.replace("conc: 64", "conc: 99999999999999999999999"),
    );
    f.write(
        "data/results/run.json",
        "{\"run\": {\"date\": 1e999},\n \"results\": []}",
    );
    let run = rejected(&f, &["build"]);
    // Positions worked out by hand: `1e999` starts at the 20th character of line 3, and
    // `conc`'s value at the 9th of line 10 of GOOD_RECORD.
    says(
        &run,
        [
            "error: data/results/bad.yaml:10:9: record 0, field `conc`: expected a whole number from 1 to 4294967295 (value: 1e+23)\n",
            "error: data/results/huge.json:3:20: record 0, field `tput_per_gpu`: cannot read the value: a number too large to read\n",
            "error: data/results/run.json:1:18: field `run.date`: cannot read the value: a number too large to read\n",
        ],
    );
}

/// A file saved in another encoding is placed at its first byte that is not UTF-8, whichever
/// kind of input it is.
#[test]
fn text_that_is_not_utf8_is_placed_at_its_first_bad_byte() {
    let f = with_results("[]\n");
    let latin1 = |text: &str| -> Vec<u8> { text.chars().map(|c| c as u8).collect() };
    let write = |rel: &str, bytes: &[u8]| {
        f.write(rel, "");
        std::fs::write(f.root().join(rel), bytes).unwrap();
    };
    write(
        "data/results/bad.yaml",
        &latin1("- hw: b200\n  image: caf\u{e9}\n"),
    );
    write(
        "content/methodology.md",
        &latin1("---\ntitle: M\n---\nD\u{e9}j\u{e0} vu\n"),
    );
    // Two templates, each reported: one unreadable template does not hide the others.
    write("templates/partials/x.html", &latin1("<p>\u{e9}</p>"));
    write("templates/partials/y.html", &latin1("ok\n\u{e0}"));
    let run = rejected(&f, &["build"]);
    says(
        &run,
        [
            "error: data/results/bad.yaml:2:13: not UTF-8 text: 0xE9 here is not a UTF-8 character\n",
            "  help: save the file as UTF-8 (an editor's \"Save with encoding\" or `iconv -t UTF-8`)\n",
            "error: content/methodology.md:4:2: not UTF-8 text: 0xE9 here is not a UTF-8 character\n",
            "error: templates/partials/x.html:1:4: not UTF-8 text: 0xE9 here",
            "error: templates/partials/y.html:2:1: not UTF-8 text: 0xE0 here",
            "4 problems found",
        ],
    );
}

#[test]
fn front_matter_problems_of_one_file_come_together() {
    let f = with_results("[]\n");
    f.write(
        "content/a.md",
        "---\ntitle: A\nautor: me\ndraft: false\ntitle: B\n---\nText.\n",
    );
    let run = rejected(&f, &["build"]);
    let expected = "\
error: content/a.md:3:1: unknown key `autor` (did you mean `author`?); the keys allowed here: title, description, date, author, draft, weight, template
error: content/a.md:5:1: `title` is given twice (lines 2 and 5)
2 problems found
";
    assert!(run.stderr.starts_with(expected), "{}", run.stderr);
}

#[test]
fn bad_values_come_with_the_other_front_matter_problems() {
    let f = with_results("[]\n");
    // Blank fields and a bad date alone: every one, in file order.
    f.write(
        "content/b.md",
        "---\ntitle: ''\ndate: 2025-02-30\nauthor: '  '\n---\nText.\n",
    );
    let run = rejected(&f, &["build"]);
    let expected = "\
error: content/b.md:2:8: field `title`: expected text (value: \"\")
  help: give `title` some text, or leave it out
error: content/b.md:3:7: field `date`: the calendar has no such day (a date as YYYY-MM-DD of a real day) (value: 2025-02-30)
  help: write the date like `date: 2025-03-14`
error: content/b.md:4:9: field `author`: expected text (value: \"  \")
  help: give `author` some text, or leave it out
3 problems found
";
    assert!(run.stderr.starts_with(expected), "{}", run.stderr);
    // Beside an unknown key and a repeated one, which stop the YAML parser: still every one.
    f.write(
        "content/b.md",
        "---\ntitle: A\nautor: me\nauthor: ''\ntitle: B\ndate: 2025-13-01\n---\nText.\n",
    );
    let run = rejected(&f, &["build"]);
    let lines: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("error:"))
        .collect();
    assert_eq!(lines.len(), 4, "{}", run.stderr);
    for (line, at) in lines.iter().zip([
        "3:1: unknown key `autor`",
        "4:9: field `author`",
        "5:1: `title` is given twice",
        "6:7: field `date`",
    ]) {
        assert!(
            line.starts_with(&format!("error: content/b.md:{at}")),
            "{line}\n{}",
            run.stderr
        );
    }
    assert!(
        run.stderr.contains("\n4 problems found\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_broken_link_in_commentary_is_reported_once_at_its_line() {
    let f = Fixture::demo();
    let file = "content/compare-spec-decode/dsr1-gb200-fp4-mtp-vs-none.md";
    f.write(
        file,
        &(f.read(file) + "\nSee [the page](/nowhere/) here.\n"),
    );
    let line = f.read(file).lines().count();
    let run = rejected(&f, &["check"]);
    let expected = format!(
        "error: {file}:{line}:5: broken link `/nowhere/`: no file `nowhere/index.html` in the site\n1 problem found\n"
    );
    assert_eq!(run.stderr, expected);
}

#[test]
fn a_folder_without_site_yaml_is_named_once() {
    let missing = tempfile::tempdir().unwrap().path().join("nowhere");
    let shown = missing.display();
    for command in ["build", "check", "serve"] {
        let run = common::run_in(&missing, &[command]);
        assert_eq!(run.code, Some(1), "{command}: {}", run.stderr);
        let expected = format!(
            "error: {shown} is not a benchsite site: there is no site.yaml in it\n  help: make \
             one with `benchsite init {shown}`, or point `--root` at the site's folder\n"
        );
        assert!(
            run.stderr.starts_with(&expected),
            "{command}: {}",
            run.stderr
        );
        assert_eq!(run.stderr.matches("error:").count(), 1, "{}", run.stderr);
    }
}

#[test]
fn a_busy_port_is_an_error_suggesting_another() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let f = with_results("[]\n");
    let run = rejected(&f, &["serve", "--port", &port]);
    let expected = format!(
        "error: cannot serve on 127.0.0.1:{port}: Address already in use (os error 98)\n  help: \
         another program may be using port {port}; pick another with `--port N` (`--port 0` \
         takes any free one)\n"
    );
    assert!(run.stderr.starts_with(&expected), "{}", run.stderr);
}

/// A template mistake is reported at its line and column in the file as the editor wrote it
/// (templates are minified when they load; the report is not about the minified text), once
/// for a syntax error and once for an unknown field found while rendering, each naming the file
/// by its path in the site (`templates/hub.html`, not Tera's `hub.html`).
#[test]
fn template_errors_point_at_the_line_as_written() {
    let f = with_results(GOOD_RECORD);
    let page = f.read("templates/hub.html");
    let lines: Vec<&str> = page.lines().collect();
    // Below the doc comment: a line inside the main block.
    let at = lines
        .iter()
        .position(|l| l.contains("{% block main %}"))
        .expect("hub.html has a main block")
        + 1;
    let with = |text: &str| {
        let mut edited = lines.clone();
        edited.insert(at, text);
        edited.join("\n")
    };
    let line = at + 1;

    // Found while rendering, and while compiling.
    for mistake in ["  {{ page.no_such_field }}", "  {% if %}"] {
        f.write("templates/hub.html", &with(mistake));
        let run = rejected(&f, &["build"]);
        assert!(
            run.stderr.contains(&format!("templates/hub.html:{line}:")),
            "{mistake}: expected line {line}: {}",
            run.stderr
        );
        assert!(!run.stderr.contains("error: error:"), "{}", run.stderr);
    }
}

/// Every template written wrong is reported in one build, beside the data's problems, each at
/// its line with the line shown: an editor fixes them all at once.
#[test]
fn every_broken_template_is_reported_with_the_data() {
    let f = with_results(&GOOD_RECORD.replace("conc: 64", "conc: 0"));
    let broken = |rel: &str, from: &str, to: &str| {
        let text = f.read(rel);
        assert!(text.contains(from), "{rel} has no {from}");
        f.write(rel, &text.replacen(from, to, 1));
    };
    broken(
        "templates/hub.html",
        "{% block main %}",
        "{% block main %}{% iff %}",
    );
    broken(
        "templates/partials/breadcrumbs.html",
        "{{ crumb.label }}",
        "{{ crumb.label }",
    );
    let run = rejected(&f, &["build"]);
    let line_of = |rel: &str, needle: &str| {
        f.read(rel)
            .lines()
            .position(|l| l.contains(needle))
            .unwrap()
            + 1
    };
    let hub = line_of("templates/hub.html", "{% iff %}");
    let crumbs = line_of("templates/partials/breadcrumbs.html", "{{ crumb.label }<");
    says(
        &run,
        [
            "error: data/results/bad.yaml:10:9: record 0, field `conc`: expected a whole number"
                .to_string(),
            format!("error: templates/hub.html:{hub}:"),
            format!("template syntax: Unknown tag\n  {hub} | "),
            format!("error: templates/partials/breadcrumbs.html:{crumbs}:"),
            "3 problems found".to_string(),
        ],
    );
}

/// A stylesheet or script the templates use but `static/` lacks is an input problem naming
/// the file and the template, not a page with `<script src="">`.
#[test]
fn a_missing_script_the_templates_use_is_reported() {
    let f = with_results(GOOD_RECORD);
    std::fs::remove_file(f.root().join("static/chart.js")).unwrap();
    let run = rejected(&f, &["build"]);
    assert!(
        run.stderr.contains("static/chart.js")
            && run.stderr.contains("templates/partials/head.html")
            && run.stderr.contains("site.chart_js"),
        "{}",
        run.stderr
    );
    // search.js may be left out: the site then has no search box.
    let f = with_results(GOOD_RECORD);
    std::fs::remove_file(f.root().join("static/search.js")).unwrap();
    f.build_ok();
}

/// For a record known only by its `model` path, the help proposes the path's last part as
/// the key (that is what matches), and pasting the proposed entry makes the build pass.
#[test]
fn the_new_model_help_for_a_model_path_works_when_pasted() {
    let bad = GOOD_RECORD
        .replace("  infmax_model_prefix: dsr1\n", "")
        .replace(
            "model: deepseek-ai/DeepSeek-R1",
            "model: /models/Mystery-7B",
        );
    assert_ne!(bad, GOOD_RECORD);
    let f = with_results(&bad);
    let run = rejected(&f, &["build"]);
    assert!(
        run.stderr.contains("- id: mystery-7b") && run.stderr.contains("keys: [mystery-7b]"),
        "{}",
        run.stderr
    );
    let catalog = f.read("data/models.yaml");
    f.write(
        "data/models.yaml",
        &format!("{catalog}\n- id: mystery-7b\n  name: Mystery-7B\n  keys: [mystery-7b]\n"),
    );
    f.build_ok();
}
