//! Embeds the repository's default `templates/` and `static/` into the binary for
//! `benchsite init`, as a generated list of `include_bytes!`, so a new site always starts from
//! exactly the files in the repository: adding, changing or removing one rebuilds the list.
//! Also hashes the program's sources for the build cache and shards ([`source_hash`]).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let mut list = String::from("&[\n");
    for dir in ["templates", "static"] {
        // A directory here makes cargo rerun this script when anything under it changes.
        println!("cargo:rerun-if-changed={dir}");
        for file in files(&root.join(dir)) {
            let name = file.strip_prefix(&root).expect("under the root");
            let name = name.to_str().expect("UTF-8 file names").replace('\\', "/");
            writeln!(
                list,
                "    ({name:?}, include_bytes!({:?})),",
                file.display()
            )
            .expect("writing to a String");
        }
    }
    list.push_str("]\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("set by cargo"));
    std::fs::write(out.join("default_files.rs"), list).expect("OUT_DIR is writable");
    source_hash(&root);
}

/// `BENCHSITE_SOURCE_HASH`: FNV-1a over the sources, the vendored ECharts and the locked
/// dependencies, which the build cache and shards record, so that pages rendered by different
/// code are never reused.
fn source_hash(root: &Path) {
    let mut inputs = files(&root.join("src"));
    inputs.extend(files(&root.join("vendor")));
    inputs.extend(["Cargo.toml", "Cargo.lock"].map(|f| root.join(f)));
    let mut hash: u64 = 0xcbf29ce484222325;
    for file in inputs {
        println!("cargo:rerun-if-changed={}", file.display());
        let name = file
            .strip_prefix(root)
            .expect("under the root")
            .to_string_lossy();
        let bytes = std::fs::read(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        for byte in name.bytes().chain([0]).chain(bytes) {
            hash = (hash ^ u64::from(byte)).wrapping_mul(0x100000001b3);
        }
    }
    println!("cargo:rustc-env=BENCHSITE_SOURCE_HASH={hash:016x}");
}

/// Every file under `dir`, at any depth, in sorted order; names starting with `.` (editor
/// swap files) are left out.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("a readable folder").path())
        .filter(|p| {
            !p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .collect();
    entries.sort();
    entries
        .into_iter()
        .flat_map(|p| if p.is_dir() { files(&p) } else { vec![p] })
        .collect()
}
