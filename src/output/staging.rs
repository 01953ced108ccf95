//! Writing the site all or nothing.
//!
//! The site is written into a temporary sibling of the output folder and swapped into place
//! only when every file is written, so a failed build — or a crash halfway — leaves the
//! previous site untouched, and the CDN sync never sees a half-written folder.
//!
//! A fresh staging folder costs a folder and a link per file taken over from the previous
//! site, and removing the replaced site an unlink per file: at 10k pages, 39,000 of each, half
//! of a rebuild that renders one page. So a build with a cache keeps the replaced site beside
//! the output as the *spare* (`.public.spare`), and the next build starts its staging folder
//! from it: a file the build takes over from the output stays if the spare's file at its path
//! has the length and modification time recorded for it (hard links left the two folders
//! sharing it); anything else there is replaced as the build writes its path, and what the
//! build does not write is removed before the commit. The output folder is never written
//! into, so a failed build still leaves it untouched. Unchanged files are shared between the
//! two folders, so the spare costs the disk space of what the last build changed.

use std::collections::{HashMap, HashSet};
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

use super::tree::Tree;
use super::{
    Changes, FolderId, Listing, OutputFile, Sink, is_inside, lock, precompressed, sorted_pages,
};
use crate::error::{Error, Result};

/// A new site being written into a temporary sibling of the output folder. [`Staging::commit`]
/// swaps it into place; dropped without a commit, it is removed, leaving the previous site
/// untouched.
pub struct Staging {
    dir: PathBuf,
    out: PathBuf,
    precompress: bool,
    written: Mutex<Vec<(String, u64)>>,
    /// Files taken over from the same path of the output folder (pages), for the deploy list:
    /// `None` if the output's copy was checked against its stamp (then it is unchanged), the
    /// stamp if the file was kept from the spare without a look at the output's copy.
    kept: Mutex<HashMap<String, Option<(u64, u128)>>>,
    /// Folders already created: a page's three files share one, and asking the OS again for
    /// each file was a few percent of a large build.
    folders: Mutex<HashSet<PathBuf>>,
    /// The spare's files this build has not written yet (see the module docs), with their
    /// length and modification time as listed: at the commit, what is left is removed.
    spare: Mutex<HashMap<String, Option<(u64, u128)>>>,
    /// Folders that may be empty once the spare's files are removed: the spare's empty ones.
    spare_empty: Vec<PathBuf>,
    /// Keep the replaced site as the next build's spare, rather than removing it.
    keep_spare: bool,
    /// Started from a spare: only then is there anything to clear before writing, and an
    /// abandoned folder is the spare again.
    was_spare: bool,
    /// How many paths had been written when they were found free of clashes
    /// ([`Staging::check`]): a file written since makes the commit check again.
    checked: Option<usize>,
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
    /// The folder swapped in, as it was then: a later look that finds another folder at the
    /// output's path knows another build (or hand) replaced it.
    pub folder: Option<FolderId>,
}

impl Staging {
    /// Starts a site for `out`; `precompress` adds `.gz` and `.br` siblings of text files.
    pub fn new(out: &Path, precompress: bool) -> Result<Staging> {
        let (parent, name) = parent_and_name(out);
        std::fs::create_dir_all(&parent).map_err(|e| Error::io(&parent, e))?;
        remove_abandoned(&parent, &name);
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
            spare: Mutex::default(),
            spare_empty: Vec::new(),
            keep_spare: false,
            was_spare: false,
            checked: None,
            committed: false,
        })
    }

    /// Starts a site for `out` from the spare the previous build kept, if there is one, and
    /// keeps the site it replaces as the next spare (see the module docs).
    pub fn from_spare(out: &Path, precompress: bool) -> Result<Staging> {
        let mut staging = Staging::new(out, precompress)?;
        staging.keep_spare = true;
        let spare = spare_of(out);
        // Only a folder of its own, never one a link points to: the build empties the spare
        // and writes into it. Anything else by that name goes (a link, not what it points to).
        match std::fs::symlink_metadata(&spare) {
            Ok(meta) if meta.is_dir() => {}
            Ok(_) => {
                std::fs::remove_file(&spare).map_err(|e| Error::io(&spare, e))?;
                return Ok(staging);
            }
            Err(_) => return Ok(staging),
        }
        std::fs::remove_dir(&staging.dir).map_err(|e| Error::io(&staging.dir, e))?;
        if std::fs::rename(&spare, &staging.dir).is_err() {
            // A spare that cannot be moved is left alone: the build starts afresh.
            std::fs::create_dir(&staging.dir).map_err(|e| Error::io(&staging.dir, e))?;
            return Ok(staging);
        }
        staging.was_spare = true;
        let found = Tree::stamped(&staging.dir)?;
        if found.unnamed > 0 {
            // A name no output path has, which `spare` cannot hold exactly: left by hand, and
            // rare enough that the build starts afresh rather than tell it apart.
            staging.was_spare = false;
            std::fs::remove_dir_all(&staging.dir).map_err(|e| Error::io(&staging.dir, e))?;
            std::fs::create_dir(&staging.dir).map_err(|e| Error::io(&staging.dir, e))?;
            return Ok(staging);
        }
        let folders = found.folders.iter().map(|f| staging.dir.join(f));
        staging.folders = Mutex::new(folders.chain([staging.dir.clone()]).collect());
        staging.spare = Mutex::new(found.files.into_iter().zip(found.stamps).collect());
        staging.spare_empty = found.empty;
        Ok(staging)
    }

    /// The folder being built, which [`Staging::commit`] moves into place.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// What this site adds, changes and removes against the one in the output folder now,
    /// whose files `before` lists (call before [`Staging::commit`]).
    pub fn changes(&self, before: Listing) -> Result<Changes> {
        let written: Vec<String> = lock(&self.written).iter().map(|(p, _)| p.clone()).collect();
        Changes::between(before, &self.dir, &written, &lock(&self.kept))
    }

    /// Refuses a site two of whose files clash ([`super::once_each`]): call it before
    /// anything is said about the site, such as its deploy list. [`Staging::commit`] checks
    /// too, unless this already has.
    pub fn check(&mut self) -> Result<()> {
        let written = lock(&self.written);
        if self.checked != Some(written.len()) {
            super::once_each(written.iter().map(|(p, _)| p.as_str()))?;
            self.checked = Some(written.len());
        }
        Ok(())
    }

    /// Moves the old site aside and the new one in; the old one is deleted by
    /// [`OldSite::remove`] (or when it is dropped), so that other work can go on meanwhile.
    pub fn commit(mut self) -> Result<(Written, OldSite)> {
        self.check()?;
        self.remove_unwritten()?;
        // A renamed folder keeps its identity: this is the output folder once committed.
        let folder = FolderId::of(&self.dir);
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
            folder,
        };
        if had_old && self.keep_spare && std::fs::rename(&old, spare_of(&self.out)).is_ok() {
            return Ok((written, OldSite(None)));
        }
        Ok((written, OldSite(had_old.then_some(old))))
    }

    /// Removes what is left of the spare: the files this build did not write, then the
    /// folders that leaves empty.
    fn remove_unwritten(&self) -> Result<()> {
        if !self.was_spare {
            return Ok(());
        }
        let files: Vec<String> = std::mem::take(&mut *lock(&self.spare))
            .into_keys()
            .collect();
        files.par_iter().try_for_each(|file| {
            let path = self.dir.join(file);
            std::fs::remove_file(&path).map_err(|e| Error::io(&path, e))
        })?;
        let emptied = files.iter().map(|f| Path::new(f).parent());
        let empty = self.spare_empty.iter().map(|f| Some(f.as_path()));
        let mut folders: Vec<&Path> = emptied
            .chain(empty)
            .flatten()
            .flat_map(Path::ancestors)
            .filter(|f| !f.as_os_str().is_empty())
            .collect::<HashSet<_>>()
            .into_iter()
            .collect();
        // The deepest first, so that a folder emptied by removing its last folder goes too.
        folders.sort_by_key(|f| std::cmp::Reverse(f.components().count()));
        for folder in folders {
            let path = self.dir.join(folder);
            if std::fs::read_dir(&path).is_ok_and(|mut d| d.next().is_none()) {
                std::fs::remove_dir(&path).map_err(|e| Error::io(&path, e))?;
            }
        }
        Ok(())
    }

    /// Clears the staged path `path` (at `to`) of what the spare left there, the first time
    /// the build writes it. Returns whether the spare held the very file the build puts there
    /// — one with `stamp`, the length and modification time the earlier build recorded for
    /// it — which then stays.
    fn clear(&self, path: &str, to: &Path, stamp: Option<(u64, u128)>) -> Result<bool> {
        if !self.was_spare {
            return Ok(false);
        }
        let Some(listed) = lock(&self.spare).remove(path) else {
            if lock(&self.folders).remove(to) {
                // The spare has a folder where this file goes: it goes, and all in it.
                std::fs::remove_dir_all(to).map_err(|e| Error::io(to, e))?;
                let inside = format!("{path}/");
                lock(&self.spare).retain(|file, _| !file.starts_with(&inside));
            }
            return Ok(false);
        };
        if stamp.is_some() && listed == stamp {
            return Ok(true);
        }
        std::fs::remove_file(to).map_err(|e| Error::io(to, e))?;
        Ok(false)
    }

    /// Removes the spare's files that stand where the folders of `path` must be.
    fn clear_above(&self, path: &Path) -> Result<()> {
        if !self.was_spare {
            return Ok(());
        }
        for above in path.ancestors().skip(1) {
            let file = above.to_string_lossy();
            if !above.as_os_str().is_empty() && lock(&self.spare).remove(&*file).is_some() {
                let at = self.dir.join(above);
                std::fs::remove_file(&at).map_err(|e| Error::io(&at, e))?;
            }
        }
        Ok(())
    }

    /// Writes `file`, and links it at its other path if it has one; returns what it wrote.
    fn write(&self, file: &OutputFile) -> Result<Vec<(String, u64)>> {
        let path = self.folder_for(&file.path)?;
        self.clear(&file.path, &path, None)?;
        write_new(&path, &file.bytes).map_err(|e| clash(&file.path, &path, e))?;
        let len = file.bytes.len() as u64;
        lock(&self.written).push((file.path.clone(), len));
        let mut written = vec![(file.path.clone(), len)];
        if let Some(also) = &file.also {
            self.link(&path, also, len, None)?;
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
        let staged = self.dir.join(path);
        if let Some(folder) = staged.parent()
            && !lock(&self.folders).contains(folder)
        {
            self.clear_above(Path::new(path))?;
            std::fs::create_dir_all(folder).map_err(|e| clash(path, folder, e))?;
            lock(&self.folders).insert(folder.to_path_buf());
        }
        Ok(staged)
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

    /// Started from a spare, whether its file at `path` has the length and modification time
    /// an earlier build recorded: then the build need not look at the output's file at all.
    fn holds(&self, path: &str, len: u64, modified: Option<u128>) -> bool {
        modified.is_some_and(|m| lock(&self.spare).get(path) == Some(&Some((len, m))))
    }

    /// A hard link to the earlier file (the staging folder sits beside the output folder, so
    /// they share a file system); a copy where the file system cannot link. Neither replaces
    /// a file already staged.
    ///
    /// Starting from a spare, a file already there with the recorded length and modification
    /// time is the same file (a hard link the spare shares with the output, as the build cache
    /// trusts the output's own files by the same test), and stays.
    fn link(&self, from: &Path, path: &str, len: u64, modified: Option<u128>) -> Result<()> {
        let to = self.folder_for(path)?;
        let from_spare = self.clear(path, &to, modified.map(|m| (len, m)))?;
        if !from_spare {
            match std::fs::hard_link(from, &to) {
                Ok(()) => {}
                Err(e) if cannot_link(&e) => {
                    copy_new(from, &to).map_err(|e| clash(path, &to, e))?
                }
                Err(e) => return Err(clash(path, &to, e)),
            }
        }
        lock(&self.written).push((path.to_string(), len));
        // Kept from the spare, the output's copy was not looked at: the deploy list checks its
        // stamp (a hand edit or deletion shows there), a `stat` only with `--changes`.
        let from_output = from
            .strip_prefix(&self.out)
            .is_ok_and(|rel| rel == Path::new(path));
        if from_output {
            let unchecked = modified.filter(|_| from_spare).map(|m| (len, m));
            lock(&self.kept).insert(path.to_string(), unchecked);
        }
        Ok(())
    }

    fn pages(&self) -> Vec<String> {
        sorted_pages(lock(&self.written).iter().map(|(p, _)| p.as_str()))
    }
}

/// Error `e` writing output path `path` (staged at `staged`): a clash with another of the
/// site's files where a file stands in a folder's way or the other way round, else the
/// system's error.
fn clash(path: &str, staged: &Path, e: std::io::Error) -> Error {
    match e.kind() {
        ErrorKind::AlreadyExists | ErrorKind::IsADirectory | ErrorKind::NotADirectory => {
            Error::PathClash {
                path: path.to_string(),
                inputs: Vec::new(),
            }
        }
        _ => Error::io(staged, e),
    }
}

impl Drop for Staging {
    /// An abandoned site goes, or, if it started from the spare, becomes the spare again:
    /// whatever it holds, the next build checks every file it keeps from it.
    fn drop(&mut self) {
        if self.committed {
            return;
        }
        if !(self.was_spare && std::fs::rename(&self.dir, spare_of(&self.out)).is_ok()) {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// Where the spare of output folder `out` is kept: beside it, as `.public.spare`.
pub fn spare_of(out: &Path) -> PathBuf {
    let (parent, name) = parent_and_name(out);
    parent.join(format!(".{name}.spare"))
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
fn copy_new(from: &Path, to: &Path) -> std::io::Result<()> {
    let mut source = std::fs::File::open(from)?;
    let mut target = std::fs::File::create_new(to)?;
    std::io::copy(&mut source, &mut target)?;
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

/// Removes the staging and moved-aside folders (`.NAME.new-PID`, `.NAME.old-PID`) that builds
/// of `parent/name` which were killed left behind: those of a process that no longer runs. A
/// build that is still running (another PID that is alive) keeps its own. Best effort: what
/// cannot be removed stays, and a later build tries again.
fn remove_abandoned(parent: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let prefix = format!(".{name}.");
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(rest) = file_name.to_str().and_then(|n| n.strip_prefix(&prefix)) else {
            continue;
        };
        let pid = rest
            .strip_prefix("new-")
            .or_else(|| rest.strip_prefix("old-"))
            .and_then(|pid| pid.parse::<u32>().ok());
        if let Some(pid) = pid
            && pid != std::process::id()
            && !running(pid)
        {
            let _ = remove_tree(&entry.path());
        }
    }
}

/// Whether process `pid` exists (signal 0 checks without sending anything; a process of
/// another user answers "not permitted").
fn running(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return true;
    };
    // SAFETY: kill with signal 0 sends nothing; it only reports whether `pid` exists.
    let answer = unsafe { libc::kill(pid, 0) };
    answer == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
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

/// Writes `bytes` to a new file at `path`, never into a file already there: that one may be a
/// hard link to the live output's copy (taken over earlier in this build under this name, or,
/// on a case-insensitive disk, under another spelling of it), and writing through it would
/// change the site being served while the build may yet fail.
fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write as _;
    let open = || {
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
    };
    let mut file = match open() {
        Err(e) if e.kind() == ErrorKind::AlreadyExists => {
            std::fs::remove_file(path)?;
            open()?
        }
        other => other?,
    };
    file.write_all(bytes)
}

#[cfg(test)]
mod tests;
