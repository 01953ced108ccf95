//! The fuzzing's promises, kept in `cargo test`: every input a fuzz target once failed on is
//! replayed from `tests/fuzz_inputs/<target>/`, the fuzzers' seeds from `fuzz/seeds/`, and a
//! short proptest run throws arbitrary and mutated inputs at the same checks. The checks
//! themselves live in `tests/fuzz_support/`, shared with the cargo-fuzz targets in `fuzz/`.

mod common;
mod fuzz_support;

use std::path::{Path, PathBuf};

use proptest::prelude::*;

/// The files of `<repo>/<dir>`, sorted; none when the folder does not exist.
fn inputs(dir: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = common::demo_root().join(dir);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect()
}

/// Runs `check` on every input of `target`.
fn replay(target: &str, check: impl Fn(&[u8], &Path)) -> usize {
    let scratch = tempfile::tempdir().unwrap();
    let mut count = 0;
    for dir in [
        format!("tests/fuzz_inputs/{target}"),
        format!("fuzz/seeds/{target}"),
    ] {
        for (path, bytes) in inputs(&dir) {
            // Printed so that a failing input is named above the panic.
            eprintln!("replaying {}", path.display());
            check(&bytes, scratch.path());
            count += 1;
        }
    }
    count
}

#[test]
fn result_text_inputs_replay() {
    let n = replay("result_text", |bytes, _| {
        fuzz_support::check_result_text(bytes)
    });
    assert!(n > 0, "the result_text corpus is not empty");
}

#[test]
fn result_file_inputs_replay() {
    // The file target shares the result_text seeds (same input format).
    let n = replay("result_text", fuzz_support::check_result_file)
        + replay("result_file", fuzz_support::check_result_file);
    assert!(n > 0);
}

#[test]
fn front_matter_inputs_replay() {
    let n = replay("front_matter", fuzz_support::check_front_matter);
    assert!(n > 0, "the front_matter corpus is not empty");
}

/// The seeds, for mutating: valid result files in each format, and a Markdown file.
fn seeds(target: &str) -> Vec<Vec<u8>> {
    inputs(&format!("fuzz/seeds/{target}"))
        .into_iter()
        .map(|(_, bytes)| bytes)
        .collect()
}

/// Characters that matter to JSON, YAML, front matter and Markdown.
fn syntax_byte() -> impl Strategy<Value = u8> {
    prop::sample::select(
        b"{}[]:,\"'-&*!|>#%@`\n\r\t \\0123456789.eE+naNinf~?<=/_x\x00\xc3\xa9\xe2\x80\xa8".to_vec(),
    )
}

/// One edit of a byte string: overwrite, insert, delete or duplicate a stretch.
#[derive(Debug, Clone)]
enum Edit {
    Set(usize, u8),
    Insert(usize, Vec<u8>),
    Delete(usize, usize),
    Repeat(usize, usize, usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), syntax_byte()).prop_map(|(at, b)| Edit::Set(at, b)),
        (any::<usize>(), prop::collection::vec(syntax_byte(), 1..8))
            .prop_map(|(at, bytes)| Edit::Insert(at, bytes)),
        (any::<usize>(), 1..40usize).prop_map(|(at, n)| Edit::Delete(at, n)),
        (any::<usize>(), 1..60usize, 1..4usize)
            .prop_map(|(at, n, times)| Edit::Repeat(at, n, times)),
    ]
}

fn apply(mut bytes: Vec<u8>, edits: &[Edit]) -> Vec<u8> {
    for e in edits {
        let len = bytes.len();
        // Edits keep off the first byte, which picks a result file's format.
        let at = |i: usize| if len <= 1 { len } else { 1 + i % (len - 1) };
        match e {
            Edit::Set(i, b) if len > 1 => bytes[at(*i)] = *b,
            Edit::Set(..) => bytes.push(b'0'),
            Edit::Insert(i, new) => {
                let i = at(*i);
                bytes.splice(i..i, new.iter().copied());
            }
            Edit::Delete(i, n) => {
                let i = at(*i);
                bytes.drain(i..(i + n).min(len));
            }
            Edit::Repeat(i, n, times) => {
                let i = at(*i);
                let part = bytes[i..(i + n).min(len)].to_vec();
                for _ in 0..*times {
                    bytes.splice(i..i, part.iter().copied());
                }
            }
        }
    }
    bytes
}

fn mutated(target: &'static str) -> impl Strategy<Value = Vec<u8>> {
    let seeds = seeds(target);
    assert!(!seeds.is_empty(), "fuzz/seeds/{target} has seeds");
    (
        prop::sample::select(seeds),
        prop::collection::vec(edit(), 1..6),
    )
        .prop_map(|(seed, edits)| apply(seed, &edits))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn any_bytes_as_a_result_file(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        fuzz_support::check_result_text(&bytes);
        let scratch = tempfile::tempdir().unwrap();
        fuzz_support::check_result_file(&bytes, scratch.path());
    }

    #[test]
    fn mutated_result_files(bytes in mutated("result_text")) {
        fuzz_support::check_result_text(&bytes);
    }

    #[test]
    fn any_bytes_as_a_content_file(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let scratch = tempfile::tempdir().unwrap();
        fuzz_support::check_front_matter(&bytes, scratch.path());
    }

    #[test]
    fn mutated_content_files(bytes in mutated("front_matter")) {
        let scratch = tempfile::tempdir().unwrap();
        fuzz_support::check_front_matter(&bytes, scratch.path());
    }
}
