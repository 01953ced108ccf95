//! Writing the site all or nothing.
//!
//! The site is written into a temporary sibling of the output folder and swapped into place
//! only when every file is written, so a failed build — or a crash halfway — leaves the
//! previous site untouched, and the CDN sync never sees a half-written folder.

use std::collections::HashSet;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

use super::{Changes, OutputFile, Sink, is_inside, lock, precompressed, sorted_pages};
use crate::error::{Error, Result};

/// A new site being written into a temporary sibling of the output folder. [`Staging::commit`]
/// swaps it into place; dropped without a commit, it is removed, leaving the previous site
/// untouched.
pub struct Staging {
    dir: PathBuf,
    out: PathBuf,
    precompress: bool,
    written: Mutex<Vec<(String, u64)>>,
    /// Files linked from the same path of the output folder (pages taken over): unchanged, so
    /// the deploy list need not look at them.
    kept: Mutex<HashSet<String>>,
    /// Folders already created: a page's three files share one, and asking the OS again for
    /// each file was a few percent of a large build.
    folders: Mutex<HashSet<PathBuf>>,
    committed: bool,
}

/// What a committed build wrote.
#[derive(Debug, Clone)]
pub struct Written {
    pub pages: usize,
    pub files: usize,
    pub bytes: u64,
    /// Every file's path: exactly what the output folder now holds.
    pub paths: Vec<String>,
}

impl Staging {
    /// Starts a site for `out`; `precompress` adds `.gz` and `.br` siblings of text files.
    pub fn new(out: &Path, precompress: bool) -> Result<Staging> {
        let (parent, name) = parent_and_name(out);
        std::fs::create_dir_all(&parent).map_err(|e| Error::io(&parent, e))?;
        let dir = parent.join(format!(".{name}.new-{}", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        }
        std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        Ok(Staging {
            dir,
            out: out.to_path_buf(),
            precompress,
            written: Mutex::default(),
            kept: Mutex::default(),
            folders: Mutex::default(),
            committed: false,
        })
    }

    /// What this site adds, changes and removes against the one in the output folder now
    /// (call before [`Staging::commit`]).
    pub fn changes(&self) -> Result<Changes> {
        let written: Vec<String> = lock(&self.written).iter().map(|(p, _)| p.clone()).collect();
        Changes::between(&self.out, &self.dir, &written, &lock(&self.kept))
    }

    /// Moves the old site aside and the new one in; the old one is deleted by
    /// [`OldSite::remove`] (or when it is dropped), so that other work can go on meanwhile.
    pub fn commit(mut self) -> Result<(Written, OldSite)> {
        let (parent, name) = parent_and_name(&self.out);
        let old = parent.join(format!(".{name}.old-{}", std::process::id()));
        let had_old = self.out.exists();
        if had_old {
            std::fs::rename(&self.out, &old).map_err(|e| Error::io(&self.out, e))?;
        }
        if let Err(e) = std::fs::rename(&self.dir, &self.out) {
            if had_old {
                let _ = std::fs::rename(&old, &self.out);
            }
            return Err(Error::io(&self.out, e));
        }
        self.committed = true;
        let written = std::mem::take(&mut *lock(&self.written));
        let written = Written {
            pages: written.iter().filter(|(p, _)| p.ends_with(".html")).count(),
            files: written.len(),
            bytes: written.iter().map(|(_, b)| b).sum(),
            paths: written.into_iter().map(|(p, _)| p).collect(),
        };
        Ok((written, OldSite(had_old.then_some(old))))
    }

    /// Writes `file`, and links it at its other path if it has one; returns what it wrote.
    fn write(&self, file: &OutputFile) -> Result<Vec<(String, u64)>> {
        let path = self.folder_for(&file.path)?;
        std::fs::write(&path, &file.bytes).map_err(|e| Error::io(&path, e))?;
        let len = file.bytes.len() as u64;
        lock(&self.written).push((file.path.clone(), len));
        let mut written = vec![(file.path.clone(), len)];
        if let Some(also) = &file.also {
            self.link(&path, also, len)?;
            written.push((also.clone(), len));
        }
        Ok(written)
    }

    /// The staged location of output path `path`, its folder created.
    fn folder_for(&self, path: &str) -> Result<PathBuf> {
        if !is_inside(path) {
            let e = std::io::Error::new(ErrorKind::InvalidInput, "not a path inside the site");
            return Err(Error::io(path, e));
        }
        let path = self.dir.join(path);
        if let Some(folder) = path.parent()
            && !lock(&self.folders).contains(folder)
        {
            std::fs::create_dir_all(folder).map_err(|e| Error::io(folder, e))?;
            lock(&self.folders).insert(folder.to_path_buf());
        }
        Ok(path)
    }
}

impl Sink for Staging {
    fn put(&self, file: OutputFile) -> Result<()> {
        self.put_listed(file).map(drop)
    }

    fn put_listed(&self, file: OutputFile) -> Result<Vec<(String, u64)>> {
        let mut listed = Vec::new();
        if self.precompress {
            for sibling in precompressed(&file)?.iter().flatten() {
                listed.extend(self.write(sibling)?);
            }
        }
        listed.extend(self.write(&file)?);
        Ok(listed)
    }

    /// A hard link to the earlier file (the staging folder sits beside the output folder, so
    /// they share a file system); a copy where the file system cannot link. Neither replaces
    /// a file already staged.
    fn link(&self, from: &Path, path: &str, len: u64) -> Result<()> {
        let to = self.folder_for(path)?;
        match std::fs::hard_link(from, &to) {
            Ok(()) => {}
            Err(e) if cannot_link(&e) => copy_new(from, &to)?,
            Err(e) => return Err(Error::io(&to, e)),
        }
        lock(&self.written).push((path.to_string(), len));
        if from
            .strip_prefix(&self.out)
            .is_ok_and(|rel| rel == Path::new(path))
        {
            lock(&self.kept).insert(path.to_string());
        }
        Ok(())
    }

    fn pages(&self) -> Vec<String> {
        sorted_pages(lock(&self.written).iter().map(|(p, _)| p.as_str()))
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// Whether a hard link failed because the file system cannot make one here (another device,
/// or no hard links at all), rather than for a reason a copy would share.
fn cannot_link(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        ErrorKind::CrossesDevices | ErrorKind::Unsupported | ErrorKind::PermissionDenied
    )
}

/// Copies `from` to a new file `to`; an existing `to` is an error, as for a hard link.
fn copy_new(from: &Path, to: &Path) -> Result<()> {
    let mut source = std::fs::File::open(from).map_err(|e| Error::io(from, e))?;
    let mut target = std::fs::File::create_new(to).map_err(|e| Error::io(to, e))?;
    std::io::copy(&mut source, &mut target).map_err(|e| Error::io(to, e))?;
    Ok(())
}

/// The site a commit replaced, moved aside, to be deleted.
#[must_use = "the old site is deleted by `remove` (or on drop)"]
pub struct OldSite(Option<PathBuf>);

impl OldSite {
    pub fn remove(mut self) -> Result<()> {
        match self.0.take() {
            Some(dir) => remove_tree(&dir),
            None => Ok(()),
        }
    }
}

impl Drop for OldSite {
    fn drop(&mut self) {
        if let Some(dir) = self.0.take() {
            let _ = remove_tree(&dir);
        }
    }
}

/// Removes the folder `dir` and everything in it, the files in parallel: removing a large
/// site's tens of thousands of files one by one was a sixth of a rebuild that took every page
/// from the cache.
fn remove_tree(dir: &Path) -> Result<()> {
    let entries: Vec<walkdir::DirEntry> = walkdir::WalkDir::new(dir)
        .min_depth(2)
        .max_depth(2)
        .into_iter()
        .filter_map(|e| e.ok())
        .collect();
    entries.par_iter().try_for_each(|e| {
        let path = e.path();
        match e.file_type().is_dir() {
            true => std::fs::remove_dir_all(path),
            false => std::fs::remove_file(path),
        }
        .map_err(|err| Error::io(path, err))
    })?;
    std::fs::remove_dir_all(dir).map_err(|e| Error::io(dir, e))
}

fn parent_and_name(out: &Path) -> (PathBuf, String) {
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = out
        .file_name()
        .map_or("public".into(), |n| n.to_string_lossy().into_owned());
    (parent.to_path_buf(), name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn write_replaces_the_old_site_whole() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let site = |files: &[(&str, &str)]| {
            let staging = Staging::new(&out, false).unwrap();
            for (path, text) in files {
                staging.put(OutputFile::new(*path, *text)).unwrap();
            }
            staging
        };
        let (written, _) = site(&[("a/index.html", "one"), ("x.txt", "x")])
            .commit()
            .unwrap();
        assert_eq!((written.pages, written.files, written.bytes), (1, 2, 4));
        site(&[("a/index.html", "two")])
            .commit()
            .unwrap()
            .1
            .remove()
            .unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("a/index.html")).unwrap(),
            "two"
        );
        assert!(
            !out.join("x.txt").exists(),
            "files of the old site must not linger"
        );
        drop(site(&[("a/index.html", "abandoned")]));
        assert_eq!(
            std::fs::read_to_string(out.join("a/index.html")).unwrap(),
            "two",
            "no commit, no change"
        );
        let leftovers: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no staging folders left behind");
    }

    #[test]
    fn nothing_is_written_outside_the_site_or_over_a_staged_file() {
        let tmp = tempfile::tempdir().unwrap();
        let earlier = tmp.path().join("earlier.txt");
        std::fs::write(&earlier, "earlier").unwrap();
        let staging = Staging::new(&tmp.path().join("public"), false).unwrap();
        for path in [
            "../escaped.txt",
            "/tmp/escaped.txt",
            "a/../../escaped.txt",
            "./a",
            "",
        ] {
            assert!(staging.link(&earlier, path, 7).is_err(), "{path:?}");
            assert!(staging.put(OutputFile::new(path, "x")).is_err(), "{path:?}");
        }
        assert!(!tmp.path().join("escaped.txt").exists());
        staging.put(OutputFile::new("a.txt", "mine")).unwrap();
        assert!(
            staging.link(&earlier, "a.txt", 7).is_err(),
            "a staged file is kept"
        );
        staging.link(&earlier, "b.txt", 7).unwrap();
        let (written, _) = staging.commit().unwrap();
        assert_eq!(written.files, 2);
        let read = |f: &str| std::fs::read_to_string(tmp.path().join("public").join(f)).unwrap();
        assert_eq!(
            (read("a.txt"), read("b.txt")),
            ("mine".into(), "earlier".into())
        );
    }
}
