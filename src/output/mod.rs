//! Stage 5, output: where rendered files go. A [`Sink`] takes each file as it is rendered:
//! [`Memory`] keeps them (`check`, `serve`), [`Staging`] writes them into a folder that replaces
//! the previous site only when every file is written, optionally with precompressed siblings.

mod changes;
mod compress;
pub mod destination;
mod staging;
mod tree;

pub use changes::{Changes, Listing};
pub use compress::precompressed;
pub use staging::{OldSite, Staging, Written, spare_of};

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Component, Path};
use std::sync::Mutex;
use std::time::UNIX_EPOCH;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// One file of the site, by its path relative to the output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
    /// Another path that publishes exactly these bytes (a comparison's sequence-less copy):
    /// a sink that writes to disk writes them once and links them there.
    pub also: Option<String>,
}

impl OutputFile {
    pub fn new(path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> OutputFile {
        OutputFile {
            path: path.into(),
            bytes: bytes.into(),
            also: None,
        }
    }

    /// The same file, published at `path` too.
    pub fn also_at(self, path: impl Into<String>) -> OutputFile {
        OutputFile {
            also: Some(path.into()),
            ..self
        }
    }

    /// The file as one file per path it is published at.
    pub fn copies(self) -> Vec<OutputFile> {
        match self.also {
            Some(also) => {
                let copy = OutputFile::new(also, self.bytes.clone());
                vec![OutputFile::new(self.path, self.bytes), copy]
            }
            None => vec![self],
        }
    }
}

/// Whether `path` is a plain path inside the output folder: relative, with no `..`, `.` or
/// root. Rendered paths always are; paths read back from a build cache or a shard's manifest
/// are checked with this before anything is written under them.
pub fn is_inside(path: &str) -> bool {
    !path.is_empty()
        && Path::new(path)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
}

/// Where rendered files go: kept in memory (`check`, `serve`) or written to disk as they come
/// (`build`), so that a large site never has to fit in memory at once.
pub trait Sink: Sync {
    fn put(&self, file: OutputFile) -> Result<()>;

    /// Puts `file` and lists what was written, by path and length: the file (at its second
    /// path too, if it has one), and its `.gz` and `.br` siblings where the sink precompresses.
    fn put_listed(&self, file: OutputFile) -> Result<Vec<(String, u64)>> {
        let len = file.bytes.len() as u64;
        let paths = std::iter::once(&file.path).chain(&file.also);
        let listed = paths.map(|p| (p.clone(), len)).collect();
        self.put(file)?;
        Ok(listed)
    }

    /// Puts the file at `from` (written by an earlier build, which recorded its length and,
    /// where known, its modification time in nanoseconds) under `path`, as it is: a hard link
    /// where the sink writes to disk, so that taking a page over copies nothing.
    fn link(&self, from: &Path, path: &str, len: u64, _modified: Option<u128>) -> Result<()> {
        let bytes = std::fs::read(from).map_err(|e| Error::io(from, e))?;
        debug_assert_eq!(bytes.len() as u64, len);
        self.put(OutputFile::new(path, bytes))
    }

    /// Whether the sink holds the file at `path` already, as an earlier build wrote it (its
    /// length and modification time as recorded): a staging folder started from the spare. A
    /// file it holds is taken with [`Sink::link`] whatever has become of the one it would be
    /// linked from.
    fn holds(&self, _path: &str, _len: u64, _modified: Option<u128>) -> bool {
        false
    }

    /// The `index.html` files received so far, sorted: what the sitemap lists.
    fn pages(&self) -> Vec<String>;
}

/// The length and modification time (nanoseconds since the epoch) of the file at `path`:
/// what tells a file the build wrote from any other. A symbolic link is followed, so that an
/// input linked in from elsewhere counts as changed when the file it leads to changes (the
/// build writes no links of its own).
pub fn file_stamp(path: &Path) -> Option<(u64, u128)> {
    stamp_of(&std::fs::metadata(path).ok()?)
}

/// The length and modification time in `meta` (see [`file_stamp`]).
pub fn stamp_of(meta: &std::fs::Metadata) -> Option<(u64, u128)> {
    let modified = meta.modified().ok()?.duration_since(UNIX_EPOCH).ok()?;
    Some((meta.len(), modified.as_nanos()))
}

/// Which folder a path is, and when its own entries last changed: a folder that has been
/// replaced (as a build replaces the output folder) or whose top level was edited has another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FolderId {
    pub device: u64,
    pub inode: u64,
    /// Nanoseconds since the Unix epoch.
    pub modified: u128,
}

impl FolderId {
    /// The folder at `path` as it is now; `None` if it is missing, or where the platform has
    /// no inode numbers.
    #[cfg(unix)]
    pub fn of(path: &Path) -> Option<FolderId> {
        use std::os::unix::fs::MetadataExt;
        let meta = std::fs::symlink_metadata(path).ok()?;
        let modified = meta.modified().ok()?.duration_since(UNIX_EPOCH).ok()?;
        meta.is_dir().then(|| FolderId {
            device: meta.dev(),
            inode: meta.ino(),
            modified: modified.as_nanos(),
        })
    }

    #[cfg(not(unix))]
    pub fn of(_: &Path) -> Option<FolderId> {
        None
    }

    /// Whether `self` and `other` are the same folder, whatever happened to its entries since.
    pub fn same_folder(&self, other: &FolderId) -> bool {
        (self.device, self.inode) == (other.device, other.inode)
    }
}

/// Keeps every file in memory.
#[derive(Default)]
pub struct Memory {
    files: Mutex<Vec<OutputFile>>,
}

impl Memory {
    /// The files, sorted by path; an error if two have the same path.
    pub fn into_files(self) -> Result<Vec<OutputFile>> {
        let mut files = self.files.into_inner().unwrap_or_else(|e| e.into_inner());
        files.sort_by(|a, b| a.path.cmp(&b.path));
        once_each(files.iter().map(|f| f.path.as_str()))?;
        Ok(files)
    }
}

impl Sink for Memory {
    fn put(&self, file: OutputFile) -> Result<()> {
        lock(&self.files).extend(file.copies());
        Ok(())
    }

    fn pages(&self) -> Vec<String> {
        sorted_pages(lock(&self.files).iter().map(|f| f.path.as_str()))
    }
}

/// The first output path listed twice among `paths`, as [`Error::WrittenTwice`], or two files
/// or folders that differ only in case (`Changes/index.html` from `content/Changes.md` beside
/// the site's `changes/index.html`; `content/DSR1/notes.md` beside `dsr1/`), as
/// [`Error::CaseClash`]: on macOS and Windows, where many editors build, they are one, and one
/// would silently replace the other or share its folder.
pub(crate) fn once_each<'a>(paths: impl Iterator<Item = &'a str>) -> Result<()> {
    let mut seen: HashMap<Cow<str>, &str> = HashMap::new();
    let mut capitals = false;
    for path in paths {
        let folded = fold(path);
        capitals |= matches!(folded, Cow::Owned(_));
        if let Some(other) = seen.insert(folded, path) {
            return Err(match other == path {
                true => Error::WrittenTwice {
                    path: path.to_string(),
                    inputs: Vec::new(),
                },
                false => Error::CaseClash {
                    paths: [other.to_string(), path.to_string()],
                },
            });
        }
    }
    in_the_way(&seen)?;
    // Folders can clash only where a path has capitals: in the usual site, none does.
    if !capitals {
        return Ok(());
    }
    // In path order, so that the same site always names the same pair.
    let mut paths: Vec<&str> = seen.into_values().collect();
    paths.sort_unstable();
    let mut folders: HashMap<Cow<str>, &str> = HashMap::new();
    for path in paths {
        let ends = path.match_indices('/').map(|(i, _)| i);
        for folder in ends.map(|i| &path[..i]) {
            match folders.insert(fold(folder), folder) {
                Some(other) if other != folder => {
                    return Err(Error::CaseClash {
                        paths: [format!("{other}/"), format!("{folder}/")],
                    });
                }
                _ => {}
            }
        }
    }
    Ok(())
}

/// [`Error::PathClash`] where one output path is a folder of another (`robots.txt` from the
/// site beside `robots.txt/index.html` from `content/robots.txt.md`). Writing would find the
/// clash only on an empty disk: a build that starts from the spare clears what stands in a
/// file's way, so one of the two would go without a word. `paths` are keyed folded; the file
/// in the way is named as the site writes it, the first in path order, so the same site always
/// names the same one.
fn in_the_way(paths: &HashMap<Cow<str>, &str>) -> Result<()> {
    let folders = paths.values().flat_map(|path| {
        let ends = path.match_indices('/').map(|(i, _)| i);
        ends.map(|i| &path[..i])
    });
    let clash = folders.filter_map(|folder| paths.get(&fold(folder))).min();
    match clash {
        Some(file) => Err(Error::PathClash {
            path: file.to_string(),
            inputs: Vec::new(),
        }),
        None => Ok(()),
    }
}

/// `path` in lower case, copied only if it has capitals (most paths have none).
fn fold(path: &str) -> Cow<'_, str> {
    match path.bytes().any(|b| b.is_ascii_uppercase()) {
        true => Cow::Owned(path.to_ascii_lowercase()),
        false => Cow::Borrowed(path),
    }
}

pub(crate) fn sorted_pages<'a>(paths: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut pages: Vec<String> = paths
        .filter(|p| p.ends_with("index.html"))
        .map(str::to_string)
        .collect();
    pages.sort();
    pages
}

/// A poisoned lock only means another thread panicked mid-push; the data is still usable.
pub(crate) fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clash(paths: &[&str]) -> Option<String> {
        once_each(paths.iter().copied()).err().map(|e| match e {
            Error::CaseClash { paths } => paths.join(" "),
            Error::WrittenTwice { path, .. } => format!("twice {path}"),
            other => other.to_string(),
        })
    }

    #[test]
    fn a_file_where_another_needs_a_folder_clashes() {
        let path_clash = |paths: &[&str]| match once_each(paths.iter().copied()) {
            Err(Error::PathClash { path, .. }) => Some(path),
            _ => None,
        };
        assert_eq!(path_clash(&["robots.txt", "robots.txt.html"]), None);
        assert_eq!(
            path_clash(&["robots.txt", "robots.txt/index.html"]),
            Some("robots.txt".into())
        );
        assert_eq!(
            path_clash(&["a/b/c.json", "a/b", "z/index.html", "z"]),
            Some("a/b".into())
        );
        assert_eq!(
            path_clash(&["Feed.xml/index.html", "feed.xml"]),
            Some("feed.xml".into())
        );
    }

    #[test]
    fn paths_and_folders_that_differ_only_in_case_clash() {
        assert_eq!(
            clash(&["a/index.html", "b/index.html", "FAQ/index.html"]),
            None
        );
        assert_eq!(
            clash(&["a/x.html", "a/x.html"]),
            Some("twice a/x.html".into())
        );
        assert_eq!(
            clash(&["changes/index.html", "Changes/index.html"]),
            Some("changes/index.html Changes/index.html".into())
        );
        // Different files, in folders that are one on a case-insensitive disk; named in path
        // order whatever order they come in.
        for order in [
            ["dsr1/index.html", "DSR1/notes/index.html"],
            ["DSR1/notes/index.html", "dsr1/index.html"],
        ] {
            assert_eq!(clash(&order), Some("DSR1/ dsr1/".into()));
        }
        assert_eq!(
            clash(&["a/B/x.html", "a/b/y.html"]),
            Some("a/B/ a/b/".into())
        );
    }
}
