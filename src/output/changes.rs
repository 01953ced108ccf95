//! The deploy list (SPEC §16): which output paths a build added, changed and removed against
//! the site it replaces, so a deploy uploads and purges only those.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::thread::JoinHandle;

use rayon::prelude::*;
use serde::Serialize;

use super::file_stamp;
use super::tree::Tree;
use crate::error::{Error, Result};

/// Output paths (`dsr1/index.html`), each list sorted.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize)]
pub struct Changes {
    pub added: Vec<String>,
    pub changed: Vec<String>,
    pub removed: Vec<String>,
}

/// The files of the site a build replaces: as the build cache recorded them, or listed on a
/// thread of their own while the build loads and renders (at 10k pages the listing reads
/// 17,000 folders, mostly the kernel's work).
pub struct Listing {
    dir: PathBuf,
    files: Files,
}

enum Files {
    Known(Vec<String>),
    Listing(JoinHandle<Result<Vec<String>>>),
}

impl Listing {
    /// Starts listing `dir` (which may not exist: then it holds nothing).
    pub fn start(dir: &Path) -> Listing {
        let listed = dir.to_path_buf();
        Listing {
            dir: dir.to_path_buf(),
            files: Files::Listing(std::thread::spawn(move || Ok(Tree::under(&listed)?.files))),
        }
    }

    /// `dir`, known to hold `files`.
    pub fn known(dir: &Path, files: Vec<String>) -> Listing {
        Listing {
            dir: dir.to_path_buf(),
            files: Files::Known(files),
        }
    }

    /// The folder, and its files once listed.
    fn finish(self) -> Result<(PathBuf, Vec<String>)> {
        let files = match self.files {
            Files::Known(files) => files,
            Files::Listing(listing) => match listing.join() {
                Ok(files) => files?,
                Err(panic) => std::panic::resume_unwind(panic),
            },
        };
        Ok((self.dir, files))
    }
}

impl Changes {
    /// Compares the new site in `new` (its files are `written`) with the previous one, `old`
    /// (its folder may not exist: then everything is added). A file counts as changed when
    /// its bytes differ (a hard link to the old file, as the build cache makes, is unchanged
    /// without reading it), and as added when the old site does not have it (or no longer:
    /// deleted by hand since it was listed); the files are compared in parallel. Files `kept`
    /// (taken over from the same path of `old`) need less: those whose old copy the build
    /// checked (`None`) are unchanged without a look, a rebuild takes over tens of thousands;
    /// those kept from elsewhere are unchanged if the old copy still has the length and
    /// modification time given.
    pub fn between(
        old: Listing,
        new: &Path,
        written: &[String],
        kept: &HashMap<String, Option<(u64, u128)>>,
    ) -> Result<Changes> {
        let (old, before) = old.finish()?;
        let before: BTreeSet<String> = before.into_iter().collect();
        let after: BTreeSet<&str> = written.iter().map(String::as_str).collect();
        let was = |path: &str| {
            let (old, new) = (old.join(path), new.join(path));
            match (before.contains(path), kept.get(path)) {
                (false, _) => Ok(Was::Absent),
                (true, Some(None)) => Ok(Was::Same),
                (true, Some(Some(stamp))) => match file_stamp(&old) {
                    None => Ok(Was::Absent),
                    Some(now) if now == *stamp => Ok(Was::Same),
                    Some(_) => compare(&old, &new),
                },
                (true, None) => compare(&old, &new),
            }
        };
        let compared = after
            .par_iter()
            .map(|path| Ok((*path, was(path)?)))
            .collect::<Result<Vec<(&str, Was)>>>()?;
        let those = |which: Was| {
            let paths = compared.iter().filter(move |(_, was)| *was == which);
            paths.map(|(path, _)| path.to_string()).collect()
        };
        Ok(Changes {
            added: those(Was::Absent),
            changed: those(Was::Different),
            removed: before
                .iter()
                .filter(|p| !after.contains(p.as_str()))
                .cloned()
                .collect(),
        })
    }

    /// Writes the deploy list to `file` as JSON, ending with a newline.
    pub fn write(&self, file: &Path) -> Result<()> {
        let mut json = serde_json::to_string_pretty(self)
            .map_err(|e| Error::serialize(file.display().to_string(), e))?;
        json.push('\n');
        std::fs::write(file, json).map_err(|e| Error::io(file, e))
    }
}

/// What the previous site had at a path of the new one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Was {
    Absent,
    Same,
    Different,
}

/// Compares the old file `a` (which may be missing) with the new file `b`.
fn compare(a: &Path, b: &Path) -> Result<Was> {
    let mb = std::fs::metadata(b).map_err(|e| Error::io(b, e))?;
    let ma = match std::fs::metadata(a) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Was::Absent),
        Err(e) => return Err(Error::io(a, e)),
    };
    if ma.len() != mb.len() {
        return Ok(Was::Different);
    }
    if same_file(&ma, &mb) {
        // A page the build cache took over is a hard link to the old file.
        return Ok(Was::Same);
    }
    let read = |p: &Path| std::fs::read(p).map_err(|e| Error::io(p, e));
    Ok(match read(a)? == read(b)? {
        true => Was::Same,
        false => Was::Different,
    })
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
        let none = HashMap::new();
        let changes = Changes::between(Listing::start(&old), &new, &written, &none).unwrap();
        assert_eq!(changes.added, ["d/new.json"]);
        assert_eq!(changes.changed, ["b/index.html", "c.txt"]);
        assert_eq!(changes.removed, ["gone.txt"]);

        let first = Changes::between(
            Listing::start(&tmp.path().join("none")),
            &new,
            &written,
            &none,
        )
        .unwrap();
        assert_eq!(
            first.added, written,
            "with no previous site everything is added"
        );
        assert!(first.changed.is_empty() && first.removed.is_empty());
    }

    #[test]
    fn a_known_listing_stands_for_the_old_site() {
        let tmp = tempfile::tempdir().unwrap();
        let (old, new) = (tmp.path().join("old"), tmp.path().join("new"));
        for (dir, path, text) in [
            (&old, "same.txt", "same"),
            (&old, "edited.txt", "before"),
            (&old, "by-hand.txt", "no build wrote this"),
            (&new, "same.txt", "same"),
            (&new, "edited.txt", "after!"),
            (&new, "deleted-by-hand.txt", "written again"),
        ] {
            std::fs::create_dir_all(dir).unwrap();
            std::fs::write(dir.join(path), text).unwrap();
        }
        let known = ["deleted-by-hand.txt", "edited.txt", "gone.txt", "same.txt"];
        let listing = Listing::known(&old, known.map(String::from).into());
        let written = ["deleted-by-hand.txt", "edited.txt", "same.txt"].map(String::from);
        let changes = Changes::between(listing, &new, &written, &HashMap::new()).unwrap();
        assert_eq!(
            changes.added,
            ["deleted-by-hand.txt"],
            "listed, but no longer there: uploaded as new"
        );
        assert_eq!(changes.changed, ["edited.txt"]);
        assert_eq!(
            changes.removed,
            ["gone.txt"],
            "what the listing holds, not what was added by hand"
        );
    }
}
