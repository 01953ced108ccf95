//! Runs: one per result file. Benchmarks are re-run nightly and each run's results arrive as a
//! file of their own; keeping every record with its run is what lets pages show history
//! (SPEC §13). A record's [`Source::file`](super::record::Source) is its run's index.

use std::path::{Path, PathBuf};

/// One result file, as a run of the benchmark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    pub path: PathBuf,
    /// The folder holding the file (`run_21012127808`), or the file's name when it sits at the
    /// top of the results folder.
    pub label: String,
}

impl Run {
    /// The run of result file `file` under the results folder `dir`.
    pub fn of(dir: &Path, file: &Path) -> Run {
        let relative = file.strip_prefix(dir).unwrap_or(file);
        let named = match relative.parent() {
            Some(folder) if !folder.as_os_str().is_empty() => folder.file_name(),
            _ => relative.file_name(),
        };
        Run {
            path: file.to_path_buf(),
            label: named.map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_is_named_by_its_folder_or_top_level_file() {
        let dir = Path::new("data/results");
        let nested = Run::of(
            dir,
            Path::new("data/results/inferencemax/run_7/agg_bmk.json"),
        );
        assert_eq!(nested.label, "run_7");
        let top = Run::of(dir, Path::new("data/results/nightly.yaml"));
        assert_eq!(top.label, "nightly.yaml");
    }
}
