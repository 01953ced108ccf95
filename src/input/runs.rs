//! Runs: one per result file. Benchmarks are re-run nightly and each run's results arrive as a
//! file of their own; keeping every record with its run is what lets pages show history
//! (SPEC §13). A record's run is [`Source::run`](super::record::Source::run): its file's number.
//!
//! A run is labelled and dated by its file's `run:` block; else by a `run.yaml` beside the
//! file ([`Sidecar`]: `date`, `url`, `title`, `notes`); else by the folder holding the file,
//! without a date. A `run.yaml` is metadata, never a result file.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

use crate::error::{Diagnostic, Position};
use crate::input::results::{Field, RawRecord};
use crate::types::RunDate;

/// The name of the file that describes the runs of the result files beside it.
pub const SIDECAR: &str = "run.yaml";

/// A run, by its place in [`Dataset::runs`](super::dataset::Dataset::runs): sorted path
/// order, the number of its result file ([`Source::run`](super::record::Source::run)). Not its
/// place in run order, which goes by date ([`Dataset::rank_of`](super::dataset::Dataset::rank_of)):
/// keeping those two numbers apart is what this type is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RunId(pub usize);

/// One result file, as a run of the benchmark.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Run {
    pub path: PathBuf,
    /// The sidecar's `title`; else the folder holding the file (`run_21012127808`), or the
    /// file's name when it sits at the top of the results folder.
    pub label: String,
    /// From the `run:` block or the sidecar.
    pub date: Option<RunDate>,
    pub url: Option<String>,
    pub notes: Option<String>,
}

impl Run {
    /// The run of result file `file` under the results folder `dir`, named by its folder.
    pub fn of(dir: &Path, file: &Path) -> Run {
        let relative = file.strip_prefix(dir).unwrap_or(file);
        let named = match relative.parent() {
            Some(folder) if !folder.as_os_str().is_empty() => folder.file_name(),
            _ => relative.file_name(),
        };
        Run {
            path: file.to_path_buf(),
            label: named.map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
            ..Run::default()
        }
    }

    /// Takes the date and URL of the file's own `run:` block, else the sidecar's date, URL,
    /// title and notes.
    pub fn describe(mut self, block: Option<RunBlock>, sidecar: Option<&Sidecar>) -> Run {
        if let Some(block) = block {
            self.date = block.date;
            self.url = block.url;
        } else if let Some(s) = sidecar {
            self.date = s.date.clone();
            self.url = s.url.clone();
            self.notes = s.notes.clone();
            if let Some(title) = &s.title {
                self.label = title.clone();
            }
        }
        self
    }
}

/// What a result file's own `{run: {date, url}}` block says (a bad date or URL is reported
/// once, at the block, and the file's records are then not read).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunBlock {
    pub date: Option<RunDate>,
    pub url: Option<String>,
}

/// A checked `run.yaml`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sidecar {
    pub path: PathBuf,
    pub date: Option<RunDate>,
    pub url: Option<String>,
    pub title: Option<String>,
    pub notes: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SidecarText {
    #[serde(default)]
    date: Option<Spanned<String>>,
    #[serde(default)]
    url: Option<Spanned<String>>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    notes: Option<String>,
}

impl Sidecar {
    /// Parses the text of `run.yaml` at `path`: unknown keys, a date that is not ISO 8601 and
    /// a URL that is not a web address are errors naming the file and line (the last two
    /// reported together).
    pub fn parse(text: &str, path: &Path) -> Result<Sidecar, Vec<Diagnostic>> {
        // An empty file is an empty description.
        let parsed: SidecarText = if text.trim().is_empty() {
            SidecarText {
                date: None,
                url: None,
                title: None,
                notes: None,
            }
        } else {
            crate::input::yaml::parse(text, path).map_err(|d| vec![d])?
        };
        let refused = |field: &str, message: &str, value: &Spanned<String>| {
            Diagnostic::new(path, message)
                .at(crate::input::yaml::position(&value.referenced))
                .field(field)
                .value(format!("{:?}", value.value))
        };
        let mut problems = Vec::new();
        let date = parsed.date.and_then(|d| {
            let date = RunDate::parse(&d.value);
            if date.is_none() {
                problems.push(refused("date", RunDate::refusal(&d.value), &d));
            }
            date
        });
        let url = parsed.url.and_then(|u| {
            if crate::types::is_web_address(&u.value) {
                return Some(u.value);
            }
            problems.push(refused("url", crate::types::WEB_ADDRESS_EXPECTED, &u));
            None
        });
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Sidecar {
            path: path.to_path_buf(),
            date,
            url,
            title: parsed.title,
            notes: parsed.notes,
        })
    }

    /// Gives a record of this run the run's date and URL, where it has none of its own.
    pub fn apply(&self, record: &mut RawRecord) {
        let position = record.position;
        let date = self.date.as_ref().map(RunDate::as_str);
        for (name, value) in [("date", date), ("run_url", self.url.as_deref())] {
            if let Some(value) = value {
                let field = Field {
                    value: serde_json::Value::String(value.to_string()),
                    position,
                };
                record.fields.entry(name).or_insert(field);
            }
        }
    }

    /// The error for a `run.yaml` with no result file beside it.
    pub fn orphan(path: &Path) -> Diagnostic {
        Diagnostic::new(
            path,
            "a run.yaml describes the result files beside it, and there are none",
        )
        .at(Some(Position { line: 1, column: 1 }))
        .help("put the run's result files (*.json, *.yaml) in this folder, or remove run.yaml")
    }
}

/// True for a `run.yaml`, which is never a result file.
pub fn is_sidecar(path: &Path) -> bool {
    // `run.YAML` too, as result files are found whatever the case of their extension.
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.eq_ignore_ascii_case(SIDECAR))
}

/// The order of runs (SPEC §13): by date, undated first, then by path.
pub fn run_order(runs: &[Run]) -> Vec<RunId> {
    let mut order: Vec<usize> = (0..runs.len()).collect();
    order.sort_by(|&a, &b| (&runs[a].date, &runs[a].path).cmp(&(&runs[b].date, &runs[b].path)));
    order.into_iter().map(RunId).collect()
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

    #[test]
    fn runs_are_ordered_by_date_undated_first_then_path() {
        let run = |path: &str, date: Option<&str>| Run {
            path: path.into(),
            date: date.and_then(RunDate::parse),
            ..Run::default()
        };
        let runs = [
            run("a", Some("2026-01-05")),
            run("b", None),
            run("c", Some("2026-01-01")),
            run("d", Some("2026-01-05")),
            run("e", None),
        ];
        // Undated b, e (by path); then 01-01 c; then 01-05 a, d (by path).
        assert_eq!(run_order(&runs), [1, 4, 2, 0, 3].map(RunId));
    }

    #[test]
    fn a_sidecar_names_bad_keys_and_dates_with_their_line() {
        let p = Path::new("r/run.yaml");
        let ok = Sidecar::parse("date: 2026-01-05\ntitle: Nightly 5\nurl: https://x\n", p).unwrap();
        assert_eq!(ok.date.as_ref().map(RunDate::as_str), Some("2026-01-05"));
        assert_eq!(ok.title.as_deref(), Some("Nightly 5"));
        let unknown = Sidecar::parse("date: 2026-01-05\nwhen: today\n", p)
            .unwrap_err()
            .remove(0);
        assert_eq!(unknown.position.map(|p| p.line), Some(2), "{unknown}");
        assert!(unknown.to_string().contains("when"), "{unknown}");
        let bad = Sidecar::parse("title: x\ndate: 2026-13-05\n", p)
            .unwrap_err()
            .remove(0);
        assert_eq!(bad.position.map(|p| p.line), Some(2), "{bad}");
        assert!(bad.to_string().contains("r/run.yaml"), "{bad}");
        // A day that does not exist is refused too (it would never order with the others).
        let february = Sidecar::parse(
            "date: 2026-02-30
",
            p,
        )
        .unwrap_err()
        .remove(0);
        assert!(february.to_string().contains("2026-02-30"), "{february}");
        // A bad date and a bad URL: both, each at its line.
        let both = Sidecar::parse("date: 2026-13-05\nurl: github.com/o/r\n", p).unwrap_err();
        let at: Vec<(Option<&str>, Option<u64>)> = (both.iter())
            .map(|d| (d.field.as_deref(), d.position.map(|p| p.line)))
            .collect();
        assert_eq!(at, [(Some("date"), Some(1)), (Some("url"), Some(2))]);
    }
}
