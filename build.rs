//! Embeds the repository's default `templates/` and `static/` into the binary for
//! `benchsite init`, as a generated list of `include_bytes!`, so a new site always starts from
//! exactly the files in the repository: adding, changing or removing one rebuilds the list.

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
