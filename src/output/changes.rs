//! The deploy list (SPEC §16): which output paths a build added, changed and removed against
//! the site it replaces, so a deploy uploads and purges only those.

use std::collections::{BTreeSet, HashSet};
use std::path::Path;

use rayon::prelude::*;
use serde::Serialize;

use super::tree::Tree;
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
    /// differ (a hard link to the old file, as the build cache makes, is unchanged without
    /// reading it); the files are compared in parallel. Files `kept` (linked from the same path
    /// of `old`) are unchanged without a look: a rebuild takes over tens of thousands.
    pub fn between(
        old: &Path,
        new: &Path,
        written: &[String],
        kept: &HashSet<String>,
    ) -> Result<Changes> {
        let before: BTreeSet<String> = Tree::under(old)?.files.into_iter().collect();
        let after: BTreeSet<&str> = written.iter().map(String::as_str).collect();
        let changed = after
            .par_iter()
            .filter(|p| before.contains(**p) && !kept.contains(**p))
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

fn differs(a: &Path, b: &Path) -> Result<bool> {
    let meta = |p: &Path| std::fs::metadata(p).map_err(|e| Error::io(p, e));
    let (ma, mb) = (meta(a)?, meta(b)?);
    if ma.len() != mb.len() {
        return Ok(true);
    }
    if same_file(&ma, &mb) {
        // A page the build cache took over is a hard link to the old file.
        return Ok(false);
    }
    let read = |p: &Path| std::fs::read(p).map_err(|e| Error::io(p, e));
    Ok(read(a)? != read(b)?)
}

#[cfg(unix)]
fn same_file(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    (a.dev(), a.ino()) == (b.dev(), b.ino())
}

#[cfg(not(unix))]
fn same_file(_: &std::fs::Metadata, _: &std::fs::Metadata) -> bool {
    false
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
        let none = HashSet::new();
        let changes = Changes::between(&old, &new, &written, &none).unwrap();
        assert_eq!(changes.added, ["d/new.json"]);
        assert_eq!(changes.changed, ["b/index.html", "c.txt"]);
        assert_eq!(changes.removed, ["gone.txt"]);

        let first = Changes::between(&tmp.path().join("none"), &new, &written, &none).unwrap();
        assert_eq!(
            first.added, written,
            "with no previous site everything is added"
        );
        assert!(first.changed.is_empty() && first.removed.is_empty());
    }
}
