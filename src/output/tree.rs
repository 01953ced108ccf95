//! Listing everything under a folder, its subtrees in parallel: a large site has tens of
//! thousands of files in as many folders, and reading them one folder at a time was a tenth
//! of a rebuild that renders one page.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::error::{Error, Result};

/// What is under a folder, by path relative to it.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Tree {
    /// Everything but folders (a symbolic link is listed here, never followed), with `/`
    /// separators.
    pub files: Vec<String>,
    pub folders: Vec<PathBuf>,
    /// The folders with nothing in them.
    pub empty: Vec<PathBuf>,
}

impl Tree {
    /// Lists `dir`; an empty tree if it does not exist.
    pub fn under(dir: &Path) -> Result<Tree> {
        if !dir.exists() {
            return Ok(Tree::default());
        }
        // The first two levels one by one, the subtrees below them in parallel: the two
        // levels have few folders, but enough to keep every core busy below.
        let top = entries(dir, WalkDir::new(dir).min_depth(1).max_depth(2))?;
        let below = top
            .par_iter()
            .filter(|(path, is_dir)| *is_dir && path.components().count() == 2)
            .map(|(path, _)| entries(dir, WalkDir::new(dir.join(path)).min_depth(1)))
            .collect::<Result<Vec<_>>>()?;
        let all = top.into_iter().chain(below.into_iter().flatten());
        let (folders, files): (Vec<_>, Vec<_>) = all.partition(|(_, is_dir)| *is_dir);
        let folders: Vec<PathBuf> = folders.into_iter().map(|(path, _)| path).collect();
        let files: Vec<PathBuf> = files.into_iter().map(|(path, _)| path).collect();
        let parents: HashSet<&Path> = files
            .iter()
            .chain(&folders)
            .filter_map(|path| path.parent())
            .collect();
        let empty = folders
            .iter()
            .filter(|folder| !parents.contains(folder.as_path()))
            .cloned()
            .collect();
        let files = files
            .iter()
            .map(|path| path.to_string_lossy().replace('\\', "/"))
            .collect();
        Ok(Tree {
            files,
            folders,
            empty,
        })
    }
}

/// The entries of `walk` by path relative to `root`, and whether each is a folder.
fn entries(root: &Path, walk: WalkDir) -> Result<Vec<(PathBuf, bool)>> {
    walk.into_iter()
        .map(|entry| {
            let entry = entry.map_err(|e| Error::io(root, e.into()))?;
            let rel = entry.path().strip_prefix(root).unwrap_or(entry.path());
            Ok((rel.to_path_buf(), entry.file_type().is_dir()))
        })
        .collect()
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
            }
        );
        assert_eq!(Tree::under(&dir.join("missing")).unwrap(), Tree::default());
    }
}
