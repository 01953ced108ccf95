//! `benchsite bench` at a small size: it runs, its figures parse, and they agree with what it
//! wrote. Proves the benchmark works; it asserts nothing about speed.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

/// Runs `benchsite bench` with `args` from the repository root; returns its `key value` lines.
fn bench(args: &[&str]) -> BTreeMap<String, String> {
    let output = Command::new(env!("CARGO_BIN_EXE_benchsite"))
        .arg("bench")
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("benchsite runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "bench failed\nstdout:\n{stdout}\nstderr:\n{stderr}"
    );
    stdout
        .lines()
        .filter_map(|l| l.split_once(' '))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn number<T: std::str::FromStr>(report: &BTreeMap<String, String>, key: &str) -> T
where
    T::Err: std::fmt::Debug,
{
    let value = report
        .get(key)
        .unwrap_or_else(|| panic!("no `{key}` in {report:?}"));
    value
        .parse()
        .unwrap_or_else(|e| panic!("`{key}` is {value:?}: {e:?}"))
}

/// HTML files (pages), all files and their bytes under `dir`.
fn count(dir: &Path) -> (usize, usize, u64) {
    let (mut pages, mut files, mut bytes) = (0, 0, 0);
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            files += 1;
            bytes += entry.metadata().unwrap().len();
            pages += usize::from(entry.path().extension().is_some_and(|e| e == "html"));
        }
    }
    (pages, files, bytes)
}

#[test]
fn small_bench_reports_what_it_wrote() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    // An earlier site in the output folder is replaced, not counted.
    std::fs::create_dir_all(out.join("old")).unwrap();
    for file in ["index.html", "404.html", "sitemap.xml", "old/index.html"] {
        std::fs::write(out.join(file), "stale").unwrap();
    }
    let report = bench(&["--combinations", "20", "--out", out.to_str().unwrap()]);
    assert!(!out.join("old").exists());

    assert_eq!(number::<usize>(&report, "combinations"), 20);
    let records: usize = number(&report, "records");
    assert!(records >= 20 * 10, "records: {records}");
    assert!(number::<usize>(&report, "result_files") >= 1);
    let (pages, files, bytes) = count(&out);
    assert_eq!(number::<usize>(&report, "pages"), pages);
    assert_eq!(number::<usize>(&report, "files"), files);
    assert_eq!(number::<u64>(&report, "bytes"), bytes);
    assert!(pages > 20, "hubs plus comparisons, got {pages}");

    let wall: f64 = number(&report, "wall_s");
    let rate: f64 = number(&report, "pages_per_s");
    assert!(wall > 0.0 && rate > 0.0);
    assert!((rate - pages as f64 / wall).abs() <= 0.1 + rate * 0.01);
    if cfg!(unix) {
        let peak: f64 = number(&report, "peak_rss_mib");
        assert!(peak > 1.0, "peak memory {peak} MiB");
        number::<f64>(&report, "user_s");
    }

    // The build saw every generated record and left nothing invalid out.
    let summary = &report["summary"];
    assert!(
        summary.starts_with(&format!("built: {records} records read")),
        "{summary}"
    );
    // The first model's hubs cover every accelerator (and fp4 and fp8 where both exist).
    let model = out.join("deepseek-r1-syn000");
    let hardware: Vec<String> = std::fs::read_dir(&model)
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(hardware.len(), 9, "{hardware:?}");
    assert!(model.join("b200/fp4/1k-1k/index.html").is_file());
    assert!(model.join("b200/fp8/1k-1k/index.html").is_file());
    assert!(
        out.join("compare/deepseek-r1-syn000-b200-vs-h100/1k-1k/index.html")
            .is_file()
    );
}

#[test]
fn generated_data_is_deterministic_and_cleaned_up() {
    let tmp = tempfile::tempdir().unwrap();
    let report_a = bench(&[
        "--combinations",
        "5",
        "--out",
        tmp.path().join("a").to_str().unwrap(),
    ]);
    let report_b = bench(&[
        "--combinations",
        "5",
        "--out",
        tmp.path().join("b").to_str().unwrap(),
    ]);
    for key in ["records", "result_bytes", "pages", "files", "bytes"] {
        assert_eq!(report_a[key], report_b[key], "{key}");
    }
    assert!(!report_a.contains_key("root"), "the data is not kept");
    let command = &report_a["command"];
    let root = command
        .split_once(" --root ")
        .and_then(|(_, rest)| rest.split_once(" --out "))
        .map(|(root, _)| Path::new(root).to_path_buf())
        .unwrap_or_else(|| panic!("no --root in {command:?}"));
    assert!(!root.exists(), "{} is left behind", root.display());
    let a = std::fs::read(tmp.path().join("a/index.html")).unwrap();
    let b = std::fs::read(tmp.path().join("b/index.html")).unwrap();
    assert_eq!(a, b);
}

#[test]
fn keep_leaves_the_generated_site_root() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let report = bench(&[
        "--combinations",
        "3",
        "--keep",
        "--out",
        out.to_str().unwrap(),
    ]);
    let root = Path::new(&report["root"]).to_path_buf();
    let kept = root.join("data/models.yaml").is_file()
        && root.join("site.yaml").is_file()
        && root.join("templates").is_dir()
        && !root.join("content").exists();
    std::fs::remove_dir_all(&root).unwrap();
    assert!(kept, "{}", root.display());
}

#[test]
fn rebuilds_report_the_median_of_three_runs_each() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let report = bench(&[
        "--combinations",
        "3",
        "--rebuilds",
        "--out",
        out.to_str().unwrap(),
    ]);
    for kind in ["noop", "one_file"] {
        let runs: Vec<f64> = report[&format!("{kind}_runs_s")]
            .split(' ')
            .map(|t| t.parse().unwrap())
            .collect();
        assert_eq!(runs.len(), 3, "{kind}: {runs:?}");
        let mut sorted = runs.clone();
        sorted.sort_by(f64::total_cmp);
        let median: f64 = number(&report, &format!("{kind}_wall_s"));
        assert!(
            (median - sorted[1]).abs() < 0.0015,
            "{kind}: {median} of {runs:?}"
        );
    }
    assert!(
        report["noop_summary"].contains(" 0 data pages rendered"),
        "{report:?}"
    );
    let one_file = &report["one_file_summary"];
    assert!(!one_file.contains(" 0 data pages rendered"), "{one_file}");
    let changed: usize = report["one_file_changes"]
        .split(' ')
        .nth(3)
        .unwrap()
        .parse()
        .unwrap();
    assert!(changed > 0, "{report:?}");
}
