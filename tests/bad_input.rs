//! Every kind of bad input gives a clear error naming file, position, field and value, exit
//! status 1, and leaves the previous output folder exactly as it was.

mod common;

use common::{Fixture, GOOD_RECORD, snapshot};

/// Builds once (good), breaks the site with `breakage`, builds again: the second build must
/// fail with status 1, print every `expected` fragment, and leave `public/` byte-identical.
fn assert_rejected(breakage: impl FnOnce(&Fixture), expected: &[&str]) {
    let f = Fixture::without_results();
    f.write("data/results/good.yaml", GOOD_RECORD);
    let first = f.run(&["build"]);
    assert_eq!(
        first.code,
        Some(0),
        "the unbroken site builds: {}",
        first.stderr
    );
    let before = snapshot(&f.root().join("public"));
    assert!(before.contains_key("index.html"));

    breakage(&f);
    let run = f.run(&["build"]);
    assert_eq!(run.code, Some(1), "stderr: {}", run.stderr);
    for fragment in expected {
        assert!(
            run.stderr.contains(fragment),
            "expected {fragment:?} in:\n{}",
            run.stderr
        );
    }
    assert_eq!(
        snapshot(&f.root().join("public")),
        before,
        "public/ must be untouched"
    );
    let stray: Vec<_> = std::fs::read_dir(f.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public"))
        .collect();
    assert!(
        stray.is_empty(),
        "no staging folder is left behind: {stray:?}"
    );
}

fn with_record(f: &Fixture, from: &str, to: &str) {
    assert!(GOOD_RECORD.contains(from), "fixture text {from:?}");
    f.write("data/results/bad.yaml", &GOOD_RECORD.replace(from, to));
}

/// A pipe, or a link to a device, named as a result file: reading the one would block the
/// build, the other never end. Each is reported by its path, not skipped without a word.
#[test]
fn a_result_file_that_is_a_pipe_or_a_device() {
    assert_rejected(
        |f| {
            let pipe = f.root().join("data/results/pipe.json");
            let made = std::process::Command::new("mkfifo").arg(&pipe).status();
            assert!(made.is_ok_and(|s| s.success()), "mkfifo");
            let zero = f.root().join("data/results/zero.json");
            std::os::unix::fs::symlink("/dev/zero", zero).unwrap();
        },
        &[
            "data/results/pipe.json: named as a result file, but it is not a regular file",
            "data/results/zero.json: named as a result file, but it is not a regular file",
        ],
    );
}

#[test]
fn malformed_json() {
    assert_rejected(
        |f| {
            f.write(
                "data/results/bad.json",
                "[\n  {\"hw\": \"b200\",\n   \"conc\": }\n]\n",
            )
        },
        &["data/results/bad.json:3:", "malformed JSON"],
    );
}

#[test]
fn malformed_yaml() {
    assert_rejected(
        |f| f.write("data/results/bad.yaml", "- hw: b200\n  conc: [1, 2\n"),
        &["data/results/bad.yaml:"],
    );
}

#[test]
fn missing_required_field() {
    assert_rejected(
        |f| with_record(f, "  tput_per_gpu: 1500.5\n", ""),
        &[
            "data/results/bad.yaml:1:3",
            "record 0",
            "field `tput_per_gpu`",
            "required field is missing",
        ],
    );
}

#[test]
fn wrong_type() {
    assert_rejected(
        |f| with_record(f, "conc: 64", "conc: lots"),
        &[
            "data/results/bad.yaml:10:",
            "record 0",
            "field `conc`",
            "\"lots\"",
        ],
    );
}

#[test]
fn wrong_type_in_json_names_line_and_column() {
    let json = "[\n  {\"hw\": \"b200\", \"infmax_model_prefix\": \"dsr1\", \"framework\": \"vllm\",\n   \"precision\": \"fp8\", \"isl\": 1024, \"osl\": 1024,\n   \"conc\": \"lots\", \"tput_per_gpu\": 10, \"median_intvty\": 5}\n]\n";
    assert_rejected(
        |f| f.write("data/results/bad.json", json),
        &[
            "data/results/bad.json:4:12",
            "record 0",
            "field `conc`",
            "\"lots\"",
        ],
    );
}

#[test]
fn non_finite_zero_and_negative_throughput() {
    for (value, shown) in [
        (".nan", ".nan"),
        (".inf", ".inf"),
        ("0", "0"),
        ("-3.5", "-3.5"),
    ] {
        assert_rejected(
            |f| with_record(f, "tput_per_gpu: 1500.5", &format!("tput_per_gpu: {value}")),
            &["field `tput_per_gpu`", shown],
        );
    }
}

#[test]
fn zero_or_negative_interactivity() {
    for value in ["0", "-40", ".nan"] {
        assert_rejected(
            |f| with_record(f, "median_intvty: 40.0", &format!("median_intvty: {value}")),
            &["field `median_intvty`", value],
        );
    }
}

#[test]
fn unknown_hardware_suggests_the_closest() {
    assert_rejected(
        |f| with_record(f, "hw: b200", "hw: b2000"),
        &[
            "field `hw`",
            "\"b2000\"",
            "unknown hardware",
            "did you mean `b200`?",
            "known: h100, h200, b200",
        ],
    );
}

#[test]
fn unknown_model_lists_the_known_keys() {
    // `dsr-1` is a misspelling; `dsr2` would be another model (see tests/messages.rs).
    assert_rejected(
        |f| {
            let text = GOOD_RECORD
                .replace("infmax_model_prefix: dsr1", "infmax_model_prefix: dsr-1")
                .replace("model: deepseek-ai/DeepSeek-R1", "model: x/unknown");
            f.write("data/results/bad.yaml", &text)
        },
        &[
            "field `infmax_model_prefix`",
            "\"dsr-1\"",
            "unknown model",
            "did you mean `dsr1`?",
            "known: dsr1, gptoss",
        ],
    );
}

#[test]
fn every_problem_is_reported_at_once() {
    assert_rejected(
        |f| {
            f.write(
                "data/results/a.yaml",
                &GOOD_RECORD.replace("conc: 64", "conc: lots"),
            );
            f.write(
                "data/results/b.yaml",
                &GOOD_RECORD.replace("hw: b200", "hw: tpu9"),
            );
            f.write("data/results/c.json", "{not json");
        },
        &["a.yaml", "b.yaml", "c.json", "3 problems found"],
    );
}

#[test]
fn catalog_negative_power_and_cost() {
    assert_rejected(
        |f| {
            let hw = f
                .read("data/hardware.yaml")
                .replacen("power_kw: 1.73", "power_kw: -1.73", 1);
            let hw = hw.replacen("hyperscaler: 1.41", "hyperscaler: -1.41", 1);
            f.write("data/hardware.yaml", &hw);
        },
        &[
            "data/hardware.yaml:",
            "field `power_kw`",
            "-1.73",
            "field `cost_per_gpu_hour.hyperscaler`",
            "-1.41",
        ],
    );
}

/// A breakage: the first `from` in `file` becomes `to`.
fn replacing(file: &'static str, from: &'static str, to: &'static str) -> impl FnOnce(&Fixture) {
    move |f| f.write(file, &f.read(file).replacen(from, to, 1))
}

#[test]
fn catalog_duplicate_id() {
    assert_rejected(
        replacing("data/hardware.yaml", "- id: h200", "- id: h100"),
        &[
            "data/hardware.yaml:",
            "record 1",
            "\"h100\"",
            "already claimed by accelerator `h100`",
        ],
    );
}

#[test]
fn catalog_alias_claimed_twice() {
    assert_rejected(
        replacing(
            "data/hardware.yaml",
            "name: B300",
            "name: B300\n  aliases: [b200-trt]",
        ),
        &[
            "data/hardware.yaml:",
            "\"b200-trt\"",
            "already claimed by accelerator `b200`",
        ],
    );
}

#[test]
fn catalog_model_duplicate_id() {
    assert_rejected(
        replacing("data/models.yaml", "- id: gpt-oss-120b", "- id: dsr1"),
        &["data/models.yaml:", "duplicate id", "\"dsr1\""],
    );
}

/// A model's pages live under `/<id>/`: an id such as `search` would put its page where the
/// search page is, and one of the two would silently be lost.
#[test]
fn catalog_model_id_taken_by_the_sites_own_folder() {
    assert_rejected(
        replacing("data/models.yaml", "- id: gpt-oss-120b", "- id: search"),
        &[
            "data/models.yaml:",
            "field `id`",
            "\"search\"",
            "holds the site's own pages",
        ],
    );
}

/// A static file where the site writes one of its own would silently replace it (or be
/// replaced): the build stops, naming the path and the static file, and `check` too.
#[test]
fn a_static_file_where_the_site_writes_its_own_is_an_error() {
    let expected = [
        "robots.txt would be written twice",
        "this output path (from static/robots.txt)",
    ];
    assert_rejected(
        |f| f.write("static/robots.txt", "User-agent: *\n"),
        &expected,
    );
    let f = Fixture::without_results();
    f.write("data/results/good.yaml", GOOD_RECORD);
    f.write("static/robots.txt", "User-agent: *\n");
    let check = f.run(&["check"]);
    assert_eq!(check.code, Some(1), "{}", check.stderr);
    assert!(check.stderr.contains(expected[0]), "{}", check.stderr);
}

/// A content page whose address differs from one of the site's own only in case is one file
/// on macOS and Windows: the build stops, naming both, and writes nothing.
#[test]
fn paths_that_differ_only_in_case_are_an_error() {
    assert_rejected(
        |f| f.write("content/Changes.md", "---\ntitle: Changes\n---\nOurs.\n"),
        &[
            "Changes/index.html and changes/index.html differ only in case",
            "help: rename one",
        ],
    );
    // And a folder: the site's dsr1/ and an editor's DSR1/ would be one.
    assert_rejected(
        |f| f.write("content/DSR1/notes.md", "---\ntitle: Notes\n---\nOurs.\n"),
        &["DSR1/ and dsr1/ differ only in case"],
    );
    // A name in capitals that meets nothing is a page like any other.
    let f = Fixture::without_results();
    f.write("data/results/good.yaml", GOOD_RECORD);
    f.write("content/FAQ.md", "---\ntitle: Questions\n---\nAnswers.\n");
    let run = f.run(&["build"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(f.root().join("public/FAQ/index.html").exists());
}

#[test]
fn ranking_tiers_must_be_positive_and_rising() {
    assert_rejected(
        |f| f.configure("ranking_tiers", "[40, 20]"),
        &[
            "site.yaml:",
            "field `ranking_tiers`",
            "[40.0, 20.0]",
            "strictly increasing",
        ],
    );
}

#[test]
fn unknown_keys_in_config_and_catalogs() {
    assert_rejected(
        |f| f.write("site.yaml", &(f.read("site.yaml") + "titel: x\n")),
        &["site.yaml:", "titel"],
    );
    assert_rejected(
        |f| {
            f.write(
                "data/hardware.yaml",
                &f.read("data/hardware.yaml").replacen(
                    "  vendor: NVIDIA",
                    "  vendor: NVIDIA\n  tdp: 700",
                    1,
                ),
            )
        },
        &["data/hardware.yaml:", "tdp"],
    );
    assert_rejected(
        |f| {
            f.write(
                "data/models.yaml",
                &f.read("data/models.yaml").replacen(
                    "  name: DeepSeek R1",
                    "  name: DeepSeek R1\n  licence: MIT",
                    1,
                ),
            )
        },
        &["data/models.yaml:", "licence"],
    );
}

#[test]
fn ids_that_could_escape_the_output_folder_are_refused() {
    assert_rejected(
        |f| with_record(f, "precision: fp8", "precision: ../../etc"),
        &["field `precision`", "plain slug"],
    );
}

#[test]
fn run_yaml_with_an_unknown_key() {
    assert_rejected(
        |f| {
            f.write(
                "data/results/run.yaml",
                "date: 2026-01-05\ntitel: Nightly\n",
            )
        },
        &["data/results/run.yaml:2", "titel"],
    );
}

#[test]
fn run_yaml_with_a_bad_date() {
    assert_rejected(
        |f| {
            f.write(
                "data/results/run.yaml",
                "title: Nightly\ndate: 2026-02-30x\n",
            )
        },
        &["data/results/run.yaml:2", "field `date`", "ISO 8601"],
    );
}

#[test]
fn run_yaml_without_a_result_file_beside_it() {
    assert_rejected(
        |f| f.write("data/results/empty/run.yaml", "date: 2026-01-05\n"),
        &[
            "data/results/empty/run.yaml:1",
            "describes the result files beside it",
        ],
    );
}

#[test]
fn a_key_given_twice_in_a_json_record() {
    assert_rejected(
        |f| {
            f.write(
                "data/results/bad.json",
                "[\n  {\"hw\": \"b200\", \"conc\": 64,\n   \"conc\": 999}\n]\n",
            )
        },
        &[
            "data/results/bad.json:3:",
            "`conc` is given twice (lines 2 and 3)",
            "record 0",
        ],
    );
}

/// A number no measurement reaches (a unit slip, a typo) is refused: figures computed from
/// 1e308 tok/s/GPU overflow and printed as nothing, and a chart of interactivities of 1e-300
/// drew at NaN.
#[test]
fn an_absurdly_large_throughput_or_small_interactivity() {
    assert_rejected(
        |f| with_record(f, "tput_per_gpu: 1500.5", "tput_per_gpu: 1e308"),
        &[
            "data/results/bad.yaml:",
            "tput_per_gpu",
            "from 1e-6 to 1e12",
        ],
    );
    assert_rejected(
        |f| with_record(f, "median_intvty: 40.0", "median_intvty: 1e-300"),
        &[
            "data/results/bad.yaml:",
            "median_intvty",
            "from 1e-6 to 1e12",
        ],
    );
    // Nor through median_tpot, whose inverse is the interactivity.
    assert_rejected(
        |f| with_record(f, "median_intvty: 40.0", "median_tpot: 1e300"),
        &["data/results/bad.yaml:", "median_tpot", "from 1e-12 to 1e6"],
    );
}

/// An accelerator's price or power beyond what any has (a typo, watts for kilowatts) is
/// refused: a price of 1e308 printed "$inf" and a power of 1e-300 kW a tok/s/MW of
/// 9,223,372,036,854,775,807.
#[test]
fn an_absurd_price_or_power() {
    let hardware = |f: &Fixture, from: &str, to: &str| {
        let text = f.read("data/hardware.yaml");
        assert!(text.contains(from), "{from}");
        f.write("data/hardware.yaml", &text.replacen(from, to, 1));
    };
    assert_rejected(
        |f| hardware(f, "power_kw: 1.73", "power_kw: 1e-300"),
        &["data/hardware.yaml:", "power_kw", "from 0.01 to 100 kW"],
    );
    assert_rejected(
        |f| hardware(f, "hyperscaler: 1.30", "hyperscaler: 1e308"),
        &[
            "data/hardware.yaml:",
            "cost_per_gpu_hour.hyperscaler",
            "at most 1,000 USD",
        ],
    );
}

/// A problem that takes records or pages away (a catalog entry refused, a result file that
/// cannot be read) is reported alone, not with every record and every commentary file it
/// leaves without an accelerator or a page.
#[test]
fn one_mistake_is_one_problem_not_a_cascade() {
    let site = Fixture::demo();
    let hw = site.read("data/hardware.yaml");
    site.write(
        "data/hardware.yaml",
        &hw.replacen("- id: b200", "- id: B 200", 1),
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.stderr.contains("an id must be a plain slug"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("\n1 problem found"), "{}", run.stderr);

    site.write("data/hardware.yaml", &hw);
    std::fs::remove_dir_all(site.root().join("data/results/inferencemax")).unwrap();
    site.write("data/results/broken.json", "[{");
    let run = site.run(&["build"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.stderr.contains("data/results/broken.json"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("\n1 problem found"),
        "the demo's commentary, on pages that no longer have data, is not reported: {}",
        run.stderr
    );
}

/// A bad date or URL in a result file's `run:` block is one problem, at the block, not one on
/// every record that inherits it.
#[test]
fn a_run_blocks_bad_date_is_reported_once_at_the_block() {
    let indented: String = GOOD_RECORD.lines().map(|l| format!("  {l}\n")).collect();
    let records = format!("{indented}{}", indented.replace("conc: 64", "conc: 32"));
    assert_rejected(
        |f| {
            f.write(
                "data/results/nightly.yaml",
                &format!("run:\n  date: 2026-02-30\n  url: [1]\nresults:\n{records}"),
            )
        },
        &[
            "data/results/nightly.yaml:2:9: field `run.date`: the calendar has no such day or time",
            "(value: \"2026-02-30\")",
            "data/results/nightly.yaml:3:8: field `run.url`: expected a web address starting with https:// or http://",
            "\n2 problems found",
        ],
    );
    assert_rejected(
        |f| {
            f.write(
                "data/results/nightly.json",
                "{\"run\": {\"date\": \"2026-13-01\"},\n \"results\": []}",
            )
        },
        &[
            "data/results/nightly.json:1:18: field `run.date`",
            "\n1 problem found",
        ],
    );
}

/// A run's address is linked from feeds and `/changes/`, so one that is not a web address
/// (`javascript:`, a bare host) is refused where it is written, in each of the three places a
/// run's address may be given, rather than shown as text and never linked.
#[test]
fn a_run_address_that_is_not_a_web_address_is_refused() {
    let record = GOOD_RECORD.replace(
        "  median_e2el",
        "  run_url: javascript:alert(1)\n  median_e2el",
    );
    assert_rejected(
        |f| f.write("data/results/a.yaml", &record),
        &[
            "data/results/a.yaml:20:12: record 0, field `run_url`: expected a web address starting with https:// or http:// (value: \"javascript:alert(1)\")",
            "\n1 problem found",
        ],
    );
    assert_rejected(
        |f| {
            f.write("data/results/n/a.yaml", GOOD_RECORD);
            f.write(
                "data/results/n/run.yaml",
                "date: 2026-01-05\nurl: github.com/o/r/actions/runs/1\n",
            );
        },
        &[
            "data/results/n/run.yaml:2:6: field `url`: expected a web address starting with https:// or http:// (value: \"github.com/o/r/actions/runs/1\")",
            "\n1 problem found",
        ],
    );
    assert_rejected(
        |f| {
            f.write(
                "data/results/nightly.json",
                "{\"run\": {\"url\": \"https://\"},\n \"results\": []}",
            )
        },
        &[
            "data/results/nightly.json:1:17: field `run.url`: expected a web address",
            "\n1 problem found",
        ],
    );
}

/// An input folder that is a file is an error, not an empty site or no commentary: a review
/// replaced data/results with a file and got a site of eleven pages in place of the real one.
#[test]
fn an_input_folder_that_is_a_file() {
    assert_rejected(
        |f| {
            std::fs::remove_dir_all(f.root().join("data/results")).unwrap();
            f.write("data/results", "x");
        },
        &["data/results", "must be a folder of result files"],
    );
    assert_rejected(
        |f| {
            let _ = std::fs::remove_dir_all(f.root().join("content"));
            f.write("content", "x");
        },
        &["content", "must be a folder of Markdown files"],
    );
}

/// A result file saved with an upper-case extension is read like any other: its record is
/// checked, and here refused for its throughput.
#[test]
fn a_result_file_with_an_upper_case_extension_is_read() {
    assert_rejected(
        |f| {
            let json = r#"[{"hw": "b200", "infmax_model_prefix": "dsr1", "framework": "sglang",
                "precision": "fp8", "isl": 1024, "osl": 1024, "conc": 8, "tp": 8,
                "tput_per_gpu": -1, "median_intvty": 40}]"#;
            f.write("data/results/LOUD.JSON", json);
        },
        &["data/results/LOUD.JSON:", "tput_per_gpu"],
    );
}

/// A standalone page whose path is one of the site's own files (`content/feed.xml.md` makes
/// `feed.xml/index.html`, beside the feed `feed.xml`) is refused naming the path, not with the
/// system's "File exists" about a staging folder.
#[test]
fn a_content_page_where_the_site_writes_its_own_file() {
    for (file, path) in [
        ("content/feed.xml.md", "feed.xml"),
        ("content/sitemap.xml.md", "sitemap.xml"),
    ] {
        assert_rejected(
            |f| f.write(file, "---\ntitle: Mine\n---\nText.\n"),
            &[
                &format!(
                    "error: {path} cannot be written: another of the site's files needs this path"
                ),
                &format!("for itself (from {file})"),
            ],
        );
    }
}

/// The same, on a build that starts from the spare (the site replaced by the previous build,
/// which clears what stands in a file's way): the page used to replace `robots.txt`, or the
/// other way round, without a word. `check` refuses it too, and no deploy list is written.
#[test]
fn a_content_page_where_the_site_writes_its_own_file_after_a_rebuild() {
    for (file, path) in [
        ("content/robots.txt.md", "robots.txt"),
        ("content/feed.xml.md", "feed.xml"),
    ] {
        let f = Fixture::without_results();
        f.write("data/results/good.yaml", GOOD_RECORD);
        // Two builds that differ, so that the second keeps the site it replaced as the spare.
        for text in ["One.", "Two."] {
            f.write(
                "content/about.md",
                &format!("---\ntitle: About\n---\n{text}\n"),
            );
            assert_eq!(f.run(&["build"]).code, Some(0));
        }
        assert!(
            f.root().join(".public.spare").is_dir(),
            "the spare is there"
        );
        let before = snapshot(&f.root().join("public"));
        f.write(file, "---\ntitle: Mine\n---\nText.\n");
        let expected = format!(
            "error: {path} cannot be written: another of the site's files needs this path, or \
             a folder on it, for itself (from {file})"
        );
        let list = f.root().join("changes.json");
        let list_arg = list.to_str().unwrap();
        for args in [&["build", "--changes", list_arg][..], &["check"]] {
            let run = f.run(args);
            assert_eq!(run.code, Some(1), "{args:?}: {}", run.stderr);
            assert!(run.stderr.contains(&expected), "{args:?}: {}", run.stderr);
        }
        assert!(!list.exists(), "no deploy list for a refused site");
        assert_eq!(snapshot(&f.root().join("public")), before);
    }
}

/// A sentence pool emptied or cut below four templates (SPEC §5) is an error naming it; an
/// emptied pool had every precision page lose its prose without a word.
#[test]
fn a_narrative_pool_of_fewer_than_four_templates() {
    assert_rejected(
        |f| {
            for i in 1..=4 {
                std::fs::remove_file(
                    f.root()
                        .join(format!("templates/narrative/precision/{i}.html")),
                )
                .unwrap();
            }
        },
        &[
            "templates/narrative/precision/ holds 0 templates",
            "at least 4",
        ],
    );
    assert_rejected(
        |f| std::fs::remove_file(f.root().join("templates/narrative/chip/4.html")).unwrap(),
        &["templates/narrative/chip/ holds 3 templates"],
    );
}
