//! The checks behind the fuzz targets (`fuzz/fuzz_targets/*.rs`), the regression corpus and
//! the proptest smoke run (`tests/fuzz_regressions.rs`): one input in, a panic out if any
//! promise is broken. Shared by file path (`#[path]`) so that what the fuzzer checks and what
//! `cargo test` replays are the same code.
//!
//! The promises: nothing panics, and every input either loads or is refused with diagnostics
//! that all name the file the input was read from, at a position inside it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use benchsite::compute;
use benchsite::error::Diagnostic;
use benchsite::input::catalog::{Catalog, CostProvider};
use benchsite::input::content;
use benchsite::input::dataset::Dataset;
use benchsite::input::results::{self as load, Limits, RawRecord};
use benchsite::input::validate;
use benchsite::plan;

/// The largest file the file-based checks let the loader read: small, so a fuzzer cannot
/// spend its time on huge inputs, and so the refusal path is exercised too.
pub const MAX_FILE_BYTES: u64 = 64 * 1024;

/// The demo site's catalog, parsed once.
pub fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| {
        let hardware = include_str!("../../data/hardware.yaml");
        let models = include_str!("../../data/models.yaml");
        let (catalog, problems) = Catalog::load(
            (hardware, Path::new("data/hardware.yaml")),
            (models, Path::new("data/models.yaml")),
        )
        .expect("the demo catalog parses");
        assert!(
            problems.is_empty(),
            "the demo catalog is clean: {problems:?}"
        );
        catalog
    })
}

/// The result-file extension an input's first byte selects; the rest is the file's content.
pub fn split_extension(data: &[u8]) -> (&'static str, &[u8]) {
    match data.split_first() {
        Some((first, rest)) => (["json", "yaml", "yml"][usize::from(*first % 3)], rest),
        None => ("json", data),
    }
}

/// In memory: the text of a result file through [`load::parse_result_text`], then validation,
/// de-duplication, page planning and the metrics of every planned page.
pub fn check_result_text(data: &[u8]) {
    let (extension, bytes) = split_extension(data);
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let path = PathBuf::from(format!("data/results/fuzz.{extension}"));
    match load::parse_result_text(text, &path, 0) {
        Ok(records) => {
            for (i, r) in records.iter().enumerate() {
                assert_eq!((r.file, r.index), (0, i), "records are numbered in order");
                for field in r.fields.values() {
                    assert_inside(field.position, text, &path);
                }
            }
            check_pipeline(&records, &path, text);
        }
        Err(problems) => assert_named(&problems, &path, text),
    }
}

/// On disk: `data` written as a result file under `dir`, then the real loader (size limit,
/// UTF-8 check) and the same pipeline as [`check_result_text`]. Any bytes are fair.
pub fn check_result_file(data: &[u8], dir: &Path) {
    let (extension, bytes) = split_extension(data);
    let path = dir.join(format!("fuzz.{extension}"));
    std::fs::write(&path, bytes).expect("the scratch folder is writable");
    let limits = Limits {
        max_file_bytes: MAX_FILE_BYTES,
    };
    let read = load::read_result_file(&path, 0, limits);
    let text = String::from_utf8_lossy(bytes);
    let problems = match read {
        Ok(records) => {
            check_pipeline(&records, &path, &text);
            Vec::new()
        }
        Err(problems) => {
            assert_named(&problems, &path, &text);
            problems
        }
    };
    if bytes.len() as u64 > MAX_FILE_BYTES {
        assert!(
            problems
                .iter()
                .any(|p| p.message.contains("over the limit")),
            "an oversized file is refused: {problems:?}"
        );
    }
}

fn check_pipeline(raws: &[RawRecord], path: &Path, text: &str) {
    let catalog = catalog();
    let (records, problems) = validate::validate(path, raws, catalog);
    assert_named(&problems, path, text);
    let data = Dataset::new(Vec::new(), records);
    let plan = plan::plan(&data);
    let spreads = compute::Spreads::new(&data);
    for page in &plan.pages {
        compute::compute(page, &data, catalog, CostProvider::Hyperscaler, &spreads);
    }
}

/// The front-matter splitter in memory, then `data` as `content/<name>.md` through the content
/// loader (split, front matter, Markdown) under `dir`.
pub fn check_front_matter(data: &[u8], dir: &Path) {
    if let Ok(text) = std::str::from_utf8(data) {
        let lines = text.lines().count();
        match content::split_front_matter(text) {
            Ok((front, body, line)) => {
                assert!(text.ends_with(body), "the body is the text's tail");
                assert!(
                    line >= 1 && line <= lines + 2,
                    "body line {line} of {lines}"
                );
                if let Some(front) = front {
                    let start = front.as_ptr() as usize - text.as_ptr() as usize;
                    assert!(start + front.len() <= text.len() - body.len());
                }
            }
            Err(e) => assert_eq!(e.line, 1, "only an unclosed opening fence is an error"),
        }
    }
    let content = dir.join("content");
    std::fs::create_dir_all(&content).expect("the scratch folder is writable");
    let path = content.join("page.md");
    std::fs::write(&path, data).expect("the scratch folder is writable");
    let (files, problems) = content::load_content(&content, true);
    for file in &files {
        benchsite::render::markdown::render(&file.body);
    }
    let text = String::from_utf8_lossy(data);
    // Refused with every problem its front matter shows (issue 17), or loaded with none.
    assert!(
        (files.len(), problems.is_empty()) == (1, true)
            || (files.is_empty() && !problems.is_empty()),
        "one file, loaded or refused"
    );
    assert_named(&problems, &path, &text);
}

/// Every diagnostic names `path`, and its position, if any, lies inside `text`.
fn assert_named(problems: &[Diagnostic], path: &Path, text: &str) {
    for p in problems {
        assert_eq!(p.file, path, "the diagnostic names the file: {p}");
        let shown = p.to_string();
        assert!(
            shown.starts_with(&path.display().to_string()),
            "the message starts with the file: {shown}"
        );
        assert!(!p.message.trim().is_empty(), "the message says something");
        assert_inside(p.position, text, path);
    }
}

fn assert_inside(position: Option<benchsite::error::Position>, text: &str, path: &Path) {
    if let Some(p) = position {
        // YAML also breaks lines at a lone `\r`; parsers may point just past the last line
        // (an unexpected end of input).
        let breaks = text.matches('\n').count() + text.matches('\r').count();
        let lines = breaks as u64 + 2;
        assert!(
            p.line >= 1 && p.line <= lines && p.column >= 1,
            "{}:{}:{} lies inside the {lines} lines",
            path.display(),
            p.line,
            p.column
        );
    }
}
