//! Arbitrary bytes as a Markdown content file: the front-matter splitter, then the content
//! loader (front matter YAML, Markdown rendering).
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/fuzz_support/mod.rs"]
mod fuzz_support;

/// A scratch folder for this process (fuzzing jobs run as separate processes).
fn scratch() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("benchsite-fuzz-md-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    })
}

fuzz_target!(|data: &[u8]| fuzz_support::check_front_matter(data, scratch()));
