//! The browser tests (tests/browser/*.test.mjs) run from `cargo test`: node's test runner drives
//! Debian's headless Chromium through playwright-core against the demo site, built by this
//! package's own binary with the trimmed ECharts (vendor/echarts.min.js) self-hosted; and
//! echarts-bundle.test.mjs rebuilds that file from the pinned npm packages.
//!
//! Needs `node`, `npm ci` (playwright-core, echarts, esbuild, axe-core and lighthouse in node_modules) and
//! /usr/bin/chromium (`apt-get install -y chromium`); `.ci/run` installs them. Without them the
//! test is skipped with a message, except under CI=true, where a missing piece is a failure.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

/// Which of the browser tests' prerequisites are missing, described for a person.
fn missing_prerequisites(root: &Path, chromium: &str) -> Vec<String> {
    let mut missing = Vec::new();
    let node = Command::new("node")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    if !matches!(node, Ok(status) if status.success()) {
        missing.push("node (not on PATH)".to_string());
    }
    for (path, what) in [
        (
            "node_modules/playwright-core/package.json",
            "node_modules/playwright-core",
        ),
        // The trimmed ECharts in vendor/ is rebuilt from these by echarts-bundle.test.mjs.
        ("node_modules/echarts/package.json", "node_modules/echarts"),
        ("node_modules/esbuild/package.json", "node_modules/esbuild"),
        ("node_modules/axe-core/axe.min.js", "node_modules/axe-core"),
        // lighthouse.test.mjs: the desktop preset's scores on a hub and a comparison page.
        (
            "node_modules/lighthouse/package.json",
            "node_modules/lighthouse",
        ),
    ] {
        if !root.join(path).is_file() {
            missing.push(format!("{what} (run `npm ci`)"));
        }
    }
    if !Path::new(chromium).exists() {
        missing.push(format!("{chromium} (run `apt-get install -y chromium`)"));
    }
    missing
}

#[test]
fn chart_and_pages_in_headless_chromium() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".to_string());
    let missing = missing_prerequisites(root, &chromium);
    if !missing.is_empty() {
        let what = missing.join(", ");
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("browser tests cannot run under CI=true: missing {what}");
        }
        // Written past the test harness's capture so it shows in a passing run.
        let _ = writeln!(std::io::stderr(), "skipping browser tests: missing {what}");
        return;
    }

    // Node's output goes straight to the terminal (not captured), so a CI log shows every
    // check as it runs.
    let status = Command::new("node")
        .args([
            "--test",
            "--test-reporter=spec",
            "--test-concurrency=1",
            "tests/browser/",
        ])
        .current_dir(root)
        .env("BENCHSITE_BIN", env!("CARGO_BIN_EXE_benchsite"))
        .env("CHROMIUM", &chromium)
        .stdin(Stdio::null())
        .status()
        .expect("cannot start node");
    assert!(
        status.success(),
        "the browser tests failed ({status}); their output is above, screenshots are in {}",
        root.join("target/screenshots").display()
    );
}
