//! The deploy list (SPEC §16): which output paths a build added, changed and removed against
//! the site it replaces, so a deploy uploads and purges only those.

use std::collections::BTreeSet;
use std::path::Path;

use rayon::prelude::*;
use serde::Serialize;

use crate::error::{Error, Result};

/// Output paths (`dsr1/index.html`), each list sorted.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize)]
pub struct Changes {
    pub added: Vec<String>,
    pub changed: Vec<String>,
    pub removed: Vec<String>,
}

impl Changes {
    /// Compares the new site in `new` (its files are `written`) with the previous one in `old`
    /// (which may not exist: then everything is added). A file counts as changed when its bytes
    /// differ; the files are compared in parallel.
    pub fn between(old: &Path, new: &Path, written: &[String]) -> Result<Changes> {
        let before = files_under(old)?;
        let after: BTreeSet<&str> = written.iter().map(String::as_str).collect();
        let changed = after
            .par_iter()
            .filter(|p| before.contains(**p))
            .filter_map(|p| match differs(&old.join(p), &new.join(p)) {
                Ok(true) => Some(Ok(p.to_string())),
                Ok(false) => None,
                Err(e) => Some(Err(e)),
            })
            .collect::<Result<Vec<String>>>()?;
        Ok(Changes {
            added: after
                .iter()
                .filter(|p| !before.contains(**p))
                .map(|p| p.to_string())
                .collect(),
            changed,
            removed: before
                .iter()
                .filter(|p| !after.contains(p.as_str()))
                .cloned()
                .collect(),
        })
    }

    /// The deploy list as JSON, ending with a newline.
    pub fn to_json(&self) -> String {
        let mut json = serde_json::to_string_pretty(self).unwrap_or_default();
        json.push('\n');
        json
    }
}

/// Every file under `dir` by its path relative to `dir` with `/` separators; none if `dir`
/// does not exist.
fn files_under(dir: &Path) -> Result<BTreeSet<String>> {
    if !dir.exists() {
        return Ok(BTreeSet::new());
    }
    let mut files = BTreeSet::new();
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.map_err(|e| Error::io(dir, e.into()))?;
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
            files.insert(rel.to_string_lossy().replace('\\', "/"));
        }
    }
    Ok(files)
}

fn differs(a: &Path, b: &Path) -> Result<bool> {
    let size = |p: &Path| {
        std::fs::metadata(p)
            .map(|m| m.len())
            .map_err(|e| Error::io(p, e))
    };
    if size(a)? != size(b)? {
        return Ok(true);
    }
    let read = |p: &Path| std::fs::read(p).map_err(|e| Error::io(p, e));
    Ok(read(a)? != read(b)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_added_changed_and_removed_paths() {
        let tmp = tempfile::tempdir().unwrap();
        let (old, new) = (tmp.path().join("old"), tmp.path().join("new"));
        let write = |dir: &Path, path: &str, text: &str| {
            let file = dir.join(path);
            std::fs::create_dir_all(file.parent().unwrap()).unwrap();
            std::fs::write(file, text).unwrap();
        };
        write(&old, "a/index.html", "same");
        write(&old, "b/index.html", "before");
        write(&old, "c.txt", "same size");
        write(&old, "gone.txt", "x");
        write(&new, "a/index.html", "same");
        write(&new, "b/index.html", "after!");
        write(&new, "c.txt", "SAME size");
        write(&new, "d/new.json", "{}");
        let written: Vec<String> = ["a/index.html", "b/index.html", "c.txt", "d/new.json"]
            .map(String::from)
            .into();
        let changes = Changes::between(&old, &new, &written).unwrap();
        assert_eq!(changes.added, ["d/new.json"]);
        assert_eq!(changes.changed, ["b/index.html", "c.txt"]);
        assert_eq!(changes.removed, ["gone.txt"]);

        let first = Changes::between(&tmp.path().join("none"), &new, &written).unwrap();
        assert_eq!(
            first.added, written,
            "with no previous site everything is added"
        );
        assert!(first.changed.is_empty() && first.removed.is_empty());
    }
}
