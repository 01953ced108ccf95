//! Listing everything under a folder, its subfolders in parallel: a large site has tens of
//! thousands of files in as many folders, and reading them one folder at a time was a tenth
//! of a rebuild that renders one page.
//!
//! The listing is `std::fs::read_dir`'s rather than walkdir's: asked for them, it takes each
//! file's length and modification time relative to the open folder (`statx` on the folder's
//! descriptor and the file's name), where a `stat` of each file's full path later costs a walk
//! down the whole path per file — a tenth of a one-page rebuild of a 10k site.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::stamp_of;
use crate::error::{Error, Result};

/// What is under a folder, by path relative to it.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Tree {
    /// Everything but folders (a symbolic link is listed here, never followed), with `/`
    /// separators (a name that is not UTF-8 as well as it can be: see `unnamed`).
    pub files: Vec<String>,
    /// Listed by [`Tree::stamped`]: the length and modification time of each of `files`, in
    /// its order; `None` for a link or anything else that is not a plain file (a link's
    /// target is never looked at). Empty from [`Tree::under`].
    pub stamps: Vec<Option<(u64, u128)>>,
    pub folders: Vec<PathBuf>,
    /// The folders with nothing in them.
    pub empty: Vec<PathBuf>,
    /// How many files and folders have a name that is not UTF-8: no output path has one, and
    /// `files` cannot name them exactly.
    pub unnamed: usize,
}

/// One entry found under the listed folder.
enum Found {
    Folder(PathBuf),
    File(PathBuf, Option<(u64, u128)>),
}

impl Tree {
    /// Lists `dir`; an empty tree if it does not exist.
    pub fn under(dir: &Path) -> Result<Tree> {
        Tree::list(dir, false)
    }

    /// [`Tree::under`], with the stamps of the files.
    pub fn stamped(dir: &Path) -> Result<Tree> {
        Tree::list(dir, true)
    }

    fn list(dir: &Path, stamped: bool) -> Result<Tree> {
        if !dir.exists() {
            return Ok(Tree::default());
        }
        let mut tree = Tree::default();
        let mut files = Vec::new();
        for found in walk(dir, stamped)? {
            match found {
                Found::Folder(path) => tree.folders.push(path),
                Found::File(path, stamp) => {
                    files.push(path);
                    tree.stamps.extend(stamped.then_some(stamp));
                }
            }
        }
        let parents: HashSet<&Path> = files
            .iter()
            .chain(&tree.folders)
            .filter_map(|path| path.parent())
            .collect();
        tree.empty = (tree.folders.iter())
            .filter(|folder| !parents.contains(folder.as_path()))
            .cloned()
            .collect();
        let named = |path: &PathBuf| {
            let parts: Option<Vec<&str>> = path.iter().map(|part| part.to_str()).collect();
            parts.map(|parts| parts.join("/"))
        };
        tree.unnamed = (files.iter().chain(&tree.folders))
            .filter(|path| named(path).is_none())
            .count();
        tree.files = files
            .iter()
            .map(|path| named(path).unwrap_or_else(|| path.to_string_lossy().into_owned()))
            .collect();
        Ok(tree)
    }
}

/// Everything under `root`, by path relative to it: one level of folders after another, the
/// folders of a level read in parallel (a loop, not a recursion: a chain of folders however
/// deep cannot exhaust a thread's stack).
fn walk(root: &Path, stamped: bool) -> Result<Vec<Found>> {
    let mut found = Vec::new();
    let mut level = vec![PathBuf::new()];
    while !level.is_empty() {
        let read = (level.par_iter())
            .map(|rel| read_folder(root, rel, stamped))
            .collect::<Result<Vec<_>>>()?;
        level = Vec::new();
        for (files, folders) in read {
            found.extend(files);
            found.extend(folders.iter().cloned().map(Found::Folder));
            level.extend(folders);
        }
    }
    Ok(found)
}

/// The entries of `root`'s subfolder `rel` (`root` itself when empty): its files, and its
/// folders to read next.
fn read_folder(root: &Path, rel: &Path, stamped: bool) -> Result<(Vec<Found>, Vec<PathBuf>)> {
    let dir = root.join(rel);
    let failed = |e| Error::io(&dir, e);
    let (mut files, mut folders) = (Vec::new(), Vec::new());
    for entry in std::fs::read_dir(&dir).map_err(failed)? {
        let entry = entry.map_err(failed)?;
        let kind = entry.file_type().map_err(failed)?;
        let path = rel.join(entry.file_name());
        if kind.is_dir() {
            folders.push(path);
            continue;
        }
        let stamp = (stamped && kind.is_file())
            .then(|| entry.metadata().ok().as_ref().and_then(stamp_of))
            .flatten();
        files.push(Found::File(path, stamp));
    }
    Ok((files, folders))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_files_folders_and_empty_folders_at_every_depth() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        for file in [
            "a.txt",
            "b/c.txt",
            "b/d/e.txt",
            "b/d/f/g/h.txt",
            "i/j/k/l.txt",
        ] {
            std::fs::create_dir_all(dir.join(file).parent().unwrap()).unwrap();
            std::fs::write(dir.join(file), "x").unwrap();
        }
        for folder in ["m", "b/n", "b/d/o/p"] {
            std::fs::create_dir_all(dir.join(folder)).unwrap();
        }
        let mut tree = Tree::under(dir).unwrap();
        tree.files.sort();
        tree.folders.sort();
        tree.empty.sort();
        let paths = |list: &[&str]| list.iter().map(PathBuf::from).collect::<Vec<_>>();
        assert!(tree.stamps.is_empty(), "no stamps unless asked");
        assert_eq!(
            tree,
            Tree {
                files: [
                    "a.txt",
                    "b/c.txt",
                    "b/d/e.txt",
                    "b/d/f/g/h.txt",
                    "i/j/k/l.txt"
                ]
                .map(String::from)
                .to_vec(),
                folders: paths(&[
                    "b", "b/d", "b/d/f", "b/d/f/g", "b/d/o", "b/d/o/p", "b/n", "i", "i/j", "i/j/k",
                    "m"
                ]),
                empty: paths(&["b/d/o/p", "b/n", "m"]),
                stamps: Vec::new(),
                unnamed: 0,
            }
        );
        assert_eq!(Tree::under(&dir.join("missing")).unwrap(), Tree::default());
    }

    /// Stamped, a listing gives each plain file its length and modification time as a `stat`
    /// of its path does, and a link none (neither its own nor its target's).
    #[cfg(unix)]
    #[test]
    fn a_stamped_listing_stamps_plain_files_only() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        std::fs::create_dir_all(dir.join("a/b")).unwrap();
        std::fs::write(dir.join("a/b/c.txt"), "three").unwrap();
        std::fs::write(dir.join("d.txt"), "four").unwrap();
        std::os::unix::fs::symlink(dir.join("d.txt"), dir.join("a/link")).unwrap();
        let tree = Tree::stamped(dir).unwrap();
        let stamps: std::collections::HashMap<_, _> = tree.files.iter().zip(&tree.stamps).collect();
        let stat = |f: &str| crate::output::file_stamp(&dir.join(f));
        assert_eq!(stamps.len(), 3);
        assert_eq!(*stamps[&"a/b/c.txt".to_string()], stat("a/b/c.txt"));
        assert_eq!(stamps[&"a/b/c.txt".to_string()].unwrap().0, 5);
        assert_eq!(*stamps[&"d.txt".to_string()], stat("d.txt"));
        assert_eq!(*stamps[&"a/link".to_string()], None);
    }

    /// A link to a folder is listed as a file and never followed, even one that leads back up
    /// the tree.
    #[cfg(unix)]
    #[test]
    fn a_link_to_a_folder_is_a_file() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        std::fs::create_dir_all(dir.join("a/b")).unwrap();
        std::fs::write(dir.join("a/b/c.txt"), "c").unwrap();
        std::os::unix::fs::symlink(dir.join("a"), dir.join("a/b/up")).unwrap();
        let mut tree = Tree::stamped(dir).unwrap();
        tree.files.sort();
        assert_eq!(tree.files, ["a/b/c.txt", "a/b/up"]);
        assert_eq!(tree.folders.len(), 2);
    }

    /// However deep a chain of folders, listing it takes no more stack than a shallow one (it
    /// recursed once per level, and overflowed a thread's stack at 1,400 levels).
    #[test]
    fn a_deep_chain_of_folders_is_listed_on_a_small_stack() {
        let tmp = tempfile::tempdir().unwrap();
        let deep: PathBuf = std::iter::repeat_n("a", 1000).collect();
        std::fs::create_dir_all(tmp.path().join(&deep)).unwrap();
        std::fs::write(tmp.path().join(&deep).join("f"), "f").unwrap();
        let dir = tmp.path().to_path_buf();
        let listed = std::thread::Builder::new()
            .stack_size(64 * 1024)
            .spawn(move || Tree::stamped(&dir).unwrap())
            .unwrap()
            .join()
            .unwrap();
        assert_eq!(listed.files, [format!("{}/f", "a/".repeat(999) + "a")]);
        assert_eq!(listed.folders.len(), 1000);
    }

    /// A name that is not UTF-8 is counted, and a backslash is part of a name, not a separator.
    #[cfg(unix)]
    #[test]
    fn names_are_taken_as_they_are() {
        use std::os::unix::ffi::OsStrExt;
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        std::fs::write(dir.join("x\\y"), "x").unwrap();
        std::fs::write(dir.join(std::ffi::OsStr::from_bytes(b"z\xff")), "z").unwrap();
        let mut tree = Tree::under(dir).unwrap();
        tree.files.sort();
        assert_eq!(tree.files[0], "x\\y");
        assert_eq!(tree.unnamed, 1);
    }
}
