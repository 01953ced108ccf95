//! Every page of the demo site, embeddable copies included, is valid HTML: the W3C Nu HTML Checker (`vnu.jar` from the npm
//! package `vnu-jar`, run with the machine's Java) reports zero errors. Warnings are allowed.
//!
//! Needs `java` (11 or later) on PATH and `npm ci` (vnu-jar in node_modules); `.ci/run` has both.
//! Without them the test is skipped with a message, except under CI=true, where a missing piece
//! is a failure.
//!
//! One JVM run checks every page. A deliberately invalid page goes into the same run, so a
//! checker that checked nothing, or output this test could not read, fails instead of passing.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use common::Fixture;

const VNU_JAR: &str = "node_modules/vnu-jar/build/dist/vnu.jar";

/// A page the checker must reject, in a folder of its own beside the site.
const CANARY: &str = "<!DOCTYPE html><html lang=en><title>canary</title><p><div></div></p>";

/// Which of the prerequisites are missing, described for a person.
fn missing_prerequisites(jar: &Path) -> Vec<String> {
    let mut missing = Vec::new();
    let java = Command::new("java")
        .arg("-version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    if !matches!(java, Ok(status) if status.success()) {
        missing
            .push("java (not on PATH; `apt-get install -y openjdk-17-jre-headless`)".to_string());
    }
    if !jar.is_file() {
        missing.push(format!("{} (run `npm ci`)", jar.display()));
    }
    missing
}

/// The HTML files under `dir`, sorted.
fn html_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|x| x == "html"))
        .collect();
    files.sort();
    files
}

/// One message of the checker's JSON output, as `file:line:column: message (extract)`.
fn describe(msg: &serde_json::Value, public: &Path) -> String {
    let url = msg["url"].as_str().unwrap_or("?");
    let path = url.strip_prefix("file:").unwrap_or(url);
    let file = Path::new(path)
        .strip_prefix(public)
        .map(|p| p.display().to_string())
        .unwrap_or_else(|_| path.to_string());
    let line = msg["lastLine"].as_u64().or(msg["firstLine"].as_u64());
    let column = msg["firstColumn"].as_u64().or(msg["lastColumn"].as_u64());
    let at = match (line, column) {
        (Some(l), Some(c)) => format!(":{l}:{c}"),
        (Some(l), None) => format!(":{l}"),
        _ => String::new(),
    };
    let kind = msg["type"].as_str().unwrap_or("?");
    let text = msg["message"].as_str().unwrap_or("?");
    let extract = msg["extract"]
        .as_str()
        .map(|e| format!("\n      near: {}", e.replace('\n', "⏎")))
        .unwrap_or_default();
    format!("  {file}{at}: [{kind}] {text}{extract}")
}

#[test]
fn every_demo_page_passes_the_nu_html_checker() {
    let jar = Path::new(env!("CARGO_MANIFEST_DIR")).join(VNU_JAR);
    let missing = missing_prerequisites(&jar);
    if !missing.is_empty() {
        let what = missing.join(", ");
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("HTML validation cannot run under CI=true: missing {what}");
        }
        // Written past the test harness's capture so it shows in a passing run.
        let _ = writeln!(
            std::io::stderr(),
            "skipping HTML validation: missing {what}"
        );
        return;
    }

    let site = Fixture::demo();
    let run = site.run(&["build"]);
    assert_eq!(
        run.code,
        Some(0),
        "the demo site does not build:\n{}{}",
        run.stdout,
        run.stderr
    );
    let public = site.root().join("public");
    let pages = html_files(&public);
    assert!(
        pages.len() >= 100 && public.join("404.html").is_file(),
        "expected the whole demo site (100+ pages and 404.html), found {} HTML files",
        pages.len()
    );
    // The embeddable copies (`/embed/…`) and the reader tools' controls are checked too.
    assert!(
        pages.iter().any(|p| p.starts_with(public.join("embed"))),
        "no embed page among the checked pages"
    );

    // Pages with a "Since the previous run" box and its SVG trend chart are among those checked.
    let with_box = pages
        .iter()
        .filter(|p| {
            let html = std::fs::read_to_string(p).unwrap();
            html.contains("id=since-heading") && html.contains("<svg class=\"trend-chart\"")
        })
        .count();
    assert!(
        with_box > 0,
        "no page has a \"Since the previous run\" box with its trend chart"
    );

    let canary_dir = tempfile::tempdir().unwrap();
    let canary = canary_dir.path().join("canary.html");
    std::fs::write(&canary, CANARY).unwrap();

    // The report goes to stderr as JSON; the exit code is 1 when there are errors.
    let out = Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args(["--errors-only", "--format", "json"])
        .args(&pages)
        .arg(&canary)
        .stdin(Stdio::null())
        .output()
        .expect("cannot start java");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let report: serde_json::Value = serde_json::from_str(stderr.trim()).unwrap_or_else(|e| {
        panic!(
            "cannot read the checker's JSON report ({e}; exit {}):\nstdout:\n{}\nstderr:\n{stderr}",
            out.status,
            String::from_utf8_lossy(&out.stdout)
        )
    });
    let messages = report["messages"]
        .as_array()
        .expect("the checker's report has a `messages` array");

    // Everything but `info` (warnings and notes) counts: `error`, and `non-document-error`
    // for a file the checker could not read.
    let canary_url = format!("file:{}", canary.display());
    let (canary_errors, errors): (Vec<_>, Vec<_>) = messages
        .iter()
        .filter(|m| m["type"].as_str() != Some("info"))
        .partition(|m| m["url"].as_str() == Some(canary_url.as_str()));
    assert!(
        !canary_errors.is_empty(),
        "the checker found nothing wrong in a deliberately invalid page, so its report cannot \
         be trusted:\n{stderr}"
    );

    if !errors.is_empty() {
        let files: std::collections::BTreeSet<&str> =
            errors.iter().filter_map(|m| m["url"].as_str()).collect();
        let list: Vec<String> = errors.iter().map(|m| describe(m, &public)).collect();
        panic!(
            "the Nu HTML Checker ({}) found {} error(s) in {} of {} pages:\n{}",
            report["version"].as_str().unwrap_or("?"),
            errors.len(),
            files.len(),
            pages.len(),
            list.join("\n")
        );
    }
    println!(
        "{} pages valid (Nu HTML Checker {})",
        pages.len(),
        report["version"].as_str().unwrap_or("?")
    );
}
