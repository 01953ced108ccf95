//! Hostile result files are refused with a clear error naming the file, quickly and without
//! exhausting memory: a file over the configured size (`max_result_file_mb` in site.yaml), a
//! YAML alias bomb, and nesting 100,000 deep in YAML and in JSON. Each build fails with exit
//! status 1 and leaves the previous `public/` as it was.

mod common;

use std::time::{Duration, Instant};

use common::{Fixture, GOOD_RECORD, snapshot};

const MIB: usize = 1024 * 1024;

/// How long a refusal may take. It needs under a second of CPU even in a debug build, but
/// the wall clock of a loaded CI machine can be several times that; expanding the alias bomb
/// would take hours (or all the memory), so the bound still tells the two apart.
const QUICKLY: Duration = Duration::from_secs(20);

/// A demo site without results that builds once (one good record), so that a later failed
/// build can be checked to leave `public/` alone; `config` is appended to site.yaml.
fn built_site(config: &str) -> Fixture {
    let f = Fixture::without_results();
    if !config.is_empty() {
        let site = f.read("site.yaml");
        f.write("site.yaml", &format!("{site}\n{config}\n"));
    }
    f.write("data/results/good.yaml", GOOD_RECORD);
    let run = f.run(&["build"]);
    assert_eq!(
        run.code,
        Some(0),
        "the unbroken site builds: {}",
        run.stderr
    );
    f
}

/// Adds `name` with `content` to a built site and builds again: the build must fail with
/// status 1 within [`QUICKLY`], name the file on an `error:` line together with every
/// `expected` fragment, and leave `public/` byte-identical. Returns stderr.
fn assert_refused(f: &Fixture, name: &str, content: &[u8], expected: &[&str]) -> String {
    let before = snapshot(&f.root().join("public"));
    let path = f.root().join("data/results").join(name);
    std::fs::write(&path, content).unwrap();
    let started = Instant::now();
    let run = f.run(&["build"]);
    let took = started.elapsed();
    assert_eq!(run.code, Some(1), "stderr: {}", run.stderr);
    assert!(took < QUICKLY, "refused in {took:?}: {}", run.stderr);
    let line = run
        .stderr
        .lines()
        .find(|l| l.starts_with("error: ") && l.contains(&format!("data/results/{name}")))
        .unwrap_or_else(|| panic!("an error names {name}:\n{}", run.stderr));
    for fragment in expected {
        assert!(
            line.contains(fragment),
            "expected {fragment:?} in {line:?}\n{}",
            run.stderr
        );
    }
    assert_eq!(
        snapshot(&f.root().join("public")),
        before,
        "public/ must be untouched"
    );
    std::fs::remove_file(path).unwrap();
    run.stderr
}

/// `GOOD_RECORD` as one JSON object.
fn good_json() -> String {
    let fields: Vec<String> = GOOD_RECORD
        .lines()
        .map(|l| l.trim_start_matches("- ").trim())
        .map(|l| {
            let (key, value) = l.split_once(": ").unwrap();
            let value = match value.parse::<f64>() {
                Ok(_) => value.to_string(),
                Err(_) if value == "true" || value == "false" => value.to_string(),
                Err(_) => format!("\"{value}\""),
            };
            format!("\"{key}\": {value}")
        })
        .collect();
    format!("{{{}}}", fields.join(", "))
}

#[test]
fn a_file_over_the_configured_size_is_refused_unread() {
    let f = built_site("max_result_file_mb: 1");
    // Broken past its first byte: a parse error would show that the file was read.
    let mut big = b"[ not json".to_vec();
    big.resize(MIB + 1, b' ');
    let stderr = assert_refused(
        &f,
        "big.json",
        &big,
        &["1048577 bytes", "limit of 1048576 bytes"],
    );
    assert!(stderr.contains("max_result_file_mb"), "{stderr}");
    assert!(
        !stderr.contains("malformed"),
        "the file was not parsed: {stderr}"
    );
    assert!(stderr.contains("1 problem found"), "{stderr}");

    // The same for YAML; a file of exactly the limit is read.
    let mut yaml = GOOD_RECORD.as_bytes().to_vec();
    yaml.resize(MIB + 10, b'\n');
    assert_refused(&f, "big.yaml", &yaml, &["1048586 bytes", "1048576 bytes"]);
    yaml.truncate(MIB);
    f.write(
        "data/results/exact.yaml",
        std::str::from_utf8(&yaml).unwrap(),
    );
    let run = f.run(&["build"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
}

#[test]
fn the_default_limit_reads_files_over_the_small_one() {
    let f = built_site("");
    let mut json = format!("[{}]", good_json()).into_bytes();
    json.resize(2 * MIB, b' ');
    f.write("data/results/big.json", std::str::from_utf8(&json).unwrap());
    let run = f.run(&["build"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
}

#[test]
fn a_bad_limit_setting_is_an_error_naming_its_line() {
    let f = Fixture::without_results();
    let site = f.read("site.yaml");
    let site = site.trim_end();
    f.write("site.yaml", &format!("{site}\nmax_result_file_mb: -3\n"));
    let run = f.run(&["build"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    // The setting is the line after the demo site.yaml's own lines.
    let line = format!("site.yaml:{}:", site.lines().count() + 1);
    assert!(run.stderr.contains(&line), "{}", run.stderr);
}

#[test]
fn a_yaml_alias_bomb_is_refused_quickly() {
    // Billion laughs: ten levels, each ten aliases of the one before: 10^10 strings expanded.
    let mut bomb = String::from("- a: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..10 {
        let p = i - 1;
        let refs = vec![format!("*l{p}"); 10].join(", ");
        bomb.push_str(&format!("  l{i}: &l{i} [{refs}]\n"));
    }
    let f = built_site("");
    let stderr = assert_refused(
        &f,
        "bomb.yaml",
        bomb.as_bytes(),
        &["expands to too many values to read safely"],
    );
    assert!(
        stderr.contains("help: YAML is read within limits"),
        "{stderr}"
    );
}

#[test]
fn yaml_nested_100k_deep_is_refused() {
    let f = built_site("");
    let depth = 100_000;
    let flow = format!("{}x{}", "[".repeat(depth), "]".repeat(depth));
    assert_refused(
        &f,
        "flow.yaml",
        flow.as_bytes(),
        &["nested more than 128 levels deep"],
    );
    let block = format!("{}x\n", "- ".repeat(depth));
    assert_refused(
        &f,
        "block.yaml",
        block.as_bytes(),
        &["levels deep, too deep to read safely"],
    );
    let mapping = format!(
        "results: {}{{}}{}\n",
        "{a: ".repeat(depth),
        "}".repeat(depth)
    );
    assert_refused(
        &f,
        "mapping.yml",
        mapping.as_bytes(),
        &["levels deep, too deep to read safely"],
    );
}

#[test]
fn json_nested_100k_deep_is_refused() {
    let f = built_site("");
    let depth = 100_000;
    let arrays = format!("{}1{}", "[".repeat(depth), "]".repeat(depth));
    assert_refused(&f, "arrays.json", arrays.as_bytes(), &[]);
    // Inside a known field, whose value is parsed: serde_json's recursion limit (128) speaks.
    let record = good_json().replacen(
        "\"conc\": 64",
        &format!("\"conc\": {}1{}", "[".repeat(depth), "]".repeat(depth)),
        1,
    );
    assert_refused(
        &f,
        "field.json",
        format!("[{record}]").as_bytes(),
        &["nested more than 128 levels deep"],
    );
    let record = good_json().replacen(
        "\"hw\": \"b200\"",
        &format!("\"hw\": {}1{}", "{\"a\": ".repeat(depth), "}".repeat(depth)),
        1,
    );
    let objects = format!("{{\"results\": [{record}]}}");
    assert_refused(
        &f,
        "objects.json",
        objects.as_bytes(),
        &["nested more than 128 levels deep"],
    );
}
