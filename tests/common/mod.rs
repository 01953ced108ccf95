//! Shared helpers for the integration tests: copies of the demo site to break on purpose, a
//! way to run the real binary, and snapshots of an output folder.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fmt::Display;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Result records of DeepSeek R1 at 1k/1k, FP8 on SGLang at TP8, one per point (hardware,
/// tok/s/user, tok/s/GPU, concurrency), as a YAML result file.
pub fn dsr1_sglang_fp8<X: Display, T: Display>(points: &[(&str, X, T, u32)]) -> String {
    let mut yaml = String::new();
    for (hw, x, t, conc) in points {
        yaml.push_str(&format!(
            "- {{hw: {hw}, infmax_model_prefix: dsr1, framework: sglang, precision: fp8, \
             isl: 1024, osl: 1024, conc: {conc}, tp: 8, tput_per_gpu: {t}, median_intvty: {x}}}\n"
        ));
    }
    yaml
}

/// The repository root: the demo site.
pub fn demo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A throwaway copy of the demo site.
pub struct Fixture {
    pub dir: tempfile::TempDir,
}

impl Fixture {
    /// The whole demo site, real results and editors' commentary included.
    pub fn demo() -> Fixture {
        let f = Fixture::without_results();
        for dir in ["data/results", "content"] {
            copy_dir(&demo_root().join(dir), &f.root().join(dir));
        }
        f
    }

    /// The demo site, built (the build must succeed).
    pub fn demo_built() -> Fixture {
        let f = Fixture::demo();
        f.build_ok();
        f
    }

    /// The demo site's configuration, catalogs, templates and static files, with no results.
    pub fn without_results() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let root = demo_root();
        for name in ["site.yaml", "data/hardware.yaml", "data/models.yaml"] {
            let to = dir.path().join(name);
            std::fs::create_dir_all(to.parent().unwrap()).unwrap();
            std::fs::copy(root.join(name), to).unwrap();
        }
        for name in ["templates", "static"] {
            copy_dir(&root.join(name), &dir.path().join(name));
        }
        std::fs::create_dir_all(dir.path().join("data/results")).unwrap();
        Fixture { dir }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, rel: &str, text: &str) {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// Sets `key` in `site.yaml` to `value` (YAML), in place of the line that sets it if the
    /// demo's configuration does (a key given twice is an error).
    pub fn configure(&self, key: &str, value: &str) {
        let prefix = format!("{key}:");
        let config = self.read("site.yaml");
        let others = config.lines().filter(|l| !l.starts_with(&prefix));
        let mut text: String = others.map(|l| format!("{l}\n")).collect();
        text.push_str(&format!("{prefix} {value}\n"));
        self.write("site.yaml", &text);
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.root().join(rel)).unwrap()
    }

    /// Runs `benchsite <args> --root <fixture>`.
    pub fn run(&self, args: &[&str]) -> Run {
        run_in(self.root(), args)
    }

    /// Builds the site, which must succeed.
    pub fn build_ok(&self) {
        let run = self.run(&["build"]);
        assert_eq!(run.code, Some(0), "{}", run.stderr);
    }

    /// The `interactivity` of each item of the JSON array `items` (rows, tiers).
    pub fn interactivities(items: &serde_json::Value) -> Vec<f64> {
        items
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["interactivity"].as_f64().unwrap())
            .collect()
    }

    /// The JSON file `rel` of the fixture.
    pub fn json(&self, rel: &str) -> serde_json::Value {
        serde_json::from_str(&self.read(rel)).unwrap()
    }
}

/// The result of running the binary.
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

pub fn run_in(root: &Path, args: &[&str]) -> Run {
    let root = root.to_str().expect("a UTF-8 temporary path");
    run(&[args, &["--root", root]].concat())
}

/// Runs `benchsite <args>`.
pub fn run(args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_benchsite"))
        .args(args)
        .output()
        .expect("the benchsite binary runs");
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every file under `dir` with its bytes, by relative path.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// One valid result record in YAML, as a starting point for broken variants.
pub const GOOD_RECORD: &str = "\
- hw: b200
  infmax_model_prefix: dsr1
  model: deepseek-ai/DeepSeek-R1
  framework: sglang
  precision: fp8
  spec_decoding: none
  disagg: false
  isl: 1024
  osl: 1024
  conc: 64
  tp: 8
  ep: 1
  dp_attention: false
  tput_per_gpu: 1500.5
  input_tput_per_gpu: 750.0
  output_tput_per_gpu: 750.5
  median_intvty: 40.0
  median_ttft: 0.5
  p99_ttft: 1.5
  median_e2el: 26.0
";

/// The `href`s of every `<a>` in `html`, in document order.
pub fn links(html: &str) -> Vec<String> {
    links_in(html, "a")
}

/// The `href`s of the elements `selector` matches in `html` that have one, in document order.
pub fn links_in(html: &str, selector: &str) -> Vec<String> {
    let doc = scraper::Html::parse_document(html);
    let sel = scraper::Selector::parse(selector).unwrap();
    doc.select(&sel)
        .filter_map(|e| e.value().attr("href"))
        .map(str::to_string)
        .collect()
}

/// The text of every element matching `selector`, whitespace collapsed.
pub fn texts(html: &str, selector: &str) -> Vec<String> {
    let doc = scraper::Html::parse_document(html);
    let sel = scraper::Selector::parse(selector).unwrap();
    doc.select(&sel)
        .map(|e| {
            e.text()
                .collect::<String>()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

/// Attribute `name` of the first element `selector` matches in `html`.
pub fn attr(html: &str, selector: &str, name: &str) -> Option<String> {
    let doc = scraper::Html::parse_document(html);
    let sel = scraper::Selector::parse(selector).unwrap();
    doc.select(&sel)
        .next()
        .and_then(|e| e.value().attr(name).map(str::to_string))
}

/// A paragraph that calls one side N% cheaper never prints the two prices alike ("$0.24 vs
/// $0.24"); and between two setups on one accelerator, whose cost ratio is their throughput
/// ratio, throughput "essentially tied" never comes with "N% cheaper".
pub fn check_cost_claims(path: &str, paragraph: &str, same_accelerator: bool) {
    if !paragraph.contains("% cheaper") {
        return;
    }
    let amounts = dollar_amounts(paragraph);
    if let [first, others @ ..] = amounts.as_slice()
        && !others.is_empty()
    {
        assert!(
            others.iter().any(|a| a != first),
            "{path}: the prices read alike in {paragraph:?}"
        );
    }
    assert!(
        !(same_accelerator && paragraph.contains("essentially tied")),
        "{path}: tied throughput, yet a saving: {paragraph:?}"
    );
}

/// The dollar amounts in `text`, as printed ("0.236" for "$0.236").
pub fn dollar_amounts(text: &str) -> Vec<&str> {
    text.match_indices('$')
        .map(|(i, _)| {
            let rest = &text[i + 1..];
            let end = rest
                .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
                .unwrap_or(rest.len());
            rest[..end].trim_end_matches('.')
        })
        .collect()
}

/// `40` for 40.04, `18.6` for 18.63: one decimal, a whole number without it (the `compact`
/// filter's format, written out again for the tests).
pub fn compact(v: f64) -> String {
    let text = format!("{:.1}", (v * 10.0).round() / 10.0);
    text.strip_suffix(".0").map(str::to_string).unwrap_or(text)
}
