//! Data pages built before, and taking them over.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::xxh3_64;

use crate::compute::PageRuns;
use crate::error::{Error, Result};
use crate::output::{Sink, file_stamp, is_inside};

/// One data page as built: its fingerprint, its files, and what the site-wide files need
/// from it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PageRecord {
    /// The page's URL path, `/dsr1/b200/fp8/1k-1k/`.
    pub path: String,
    /// The page's fingerprint ([`super::Fingerprints`]).
    pub key: u64,
    /// Every file the page wrote (with `.gz`/`.br` siblings when precompressing).
    pub files: Vec<Stamp>,
    /// The page's history summary, for the feeds.
    pub runs: PageRuns,
    /// The page's search document, when it has one.
    pub search: Option<String>,
}

/// An output file as written: its length and, once stamped, its modification time. A file
/// found with both unchanged is taken to be the one written (as `make` and git's index do).
/// A shard's files travel between machines (CI artifacts) and lose their times: their stamps
/// carry a hash of the content instead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    pub path: String,
    pub len: u64,
    /// Nanoseconds since the Unix epoch; `None` in shards.
    pub modified: Option<u128>,
    /// XXH3 of the content: in shards only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hash: Option<u64>,
}

impl Stamp {
    pub fn new(path: impl Into<String>, len: u64) -> Stamp {
        Stamp {
            path: path.into(),
            len,
            modified: None,
            hash: None,
        }
    }

    /// The stamp of `self.path` as it is now under `dir`; `None` if it is missing.
    pub fn of(&self, dir: &Path) -> Option<Stamp> {
        let (len, modified) = file_stamp(&dir.join(&self.path))?;
        Some(Stamp {
            path: self.path.clone(),
            len,
            modified: Some(modified),
            hash: None,
        })
    }

    /// The stamp of `self.path` under `dir` for a shard's manifest: its length and the hash of
    /// its content, no time.
    pub fn portable(&self, dir: &Path) -> Result<Stamp> {
        let file = dir.join(&self.path);
        let bytes = std::fs::read(&file).map_err(|e| Error::io(&file, e))?;
        Ok(Stamp {
            path: self.path.clone(),
            len: bytes.len() as u64,
            modified: None,
            hash: Some(xxh3_64(&bytes)),
        })
    }

    /// Whether the file under `dir` is still the one this stamp describes: by length and time,
    /// or (a shard's) by length and content.
    pub fn holds(&self, dir: &Path) -> bool {
        match (self.of(dir), self.modified, self.hash) {
            (Some(now), Some(_), _) => now == *self,
            (Some(now), None, Some(hash)) => {
                now.len == self.len
                    && std::fs::read(dir.join(&self.path)).is_ok_and(|b| xxh3_64(&b) == hash)
            }
            // Neither time nor content to compare: nothing says it is the file written.
            (_, None, None) | (None, ..) => false,
        }
    }
}

/// Data pages built before, by URL path, with the folders their files are in: the previous
/// output (the build cache) or the shards being merged.
#[derive(Debug, Default)]
pub struct Earlier {
    dirs: Vec<PathBuf>,
    pages: HashMap<String, (usize, PageRecord)>,
}

impl Earlier {
    /// Adds `records`, whose files are under `dir`.
    pub fn add(&mut self, dir: &Path, records: Vec<PageRecord>) {
        let d = self.dirs.len();
        self.dirs.push(dir.to_path_buf());
        for record in records {
            self.pages.insert(record.path.clone(), (d, record));
        }
    }

    /// The page at `path`, if it was built, and the folder it is in.
    pub fn get(&self, path: &str) -> Option<(&Path, &PageRecord)> {
        self.pages
            .get(path)
            .map(|(d, r)| (self.dirs[*d].as_path(), r))
    }

    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.pages.len()
    }

    #[cfg(test)]
    pub fn is_empty(&self) -> bool {
        self.pages.is_empty()
    }

    /// Takes the page at `path` with fingerprint `key` into `sink` — its files linked from
    /// where they are, its record returned for page `page` of this build's plan — if it was
    /// built with that fingerprint and its files are still as written (in the sink already, or
    /// where they are). Anything else is
    /// `None`: the page must be rendered.
    pub fn take(
        &self,
        path: &str,
        key: u64,
        page: usize,
        sink: &dyn Sink,
    ) -> Result<Option<PageRecord>> {
        let Some((d, record)) = self.pages.get(path) else {
            return Ok(None);
        };
        let dir = &self.dirs[*d];
        // The sink may hold a file already (the spare): then the output's need not be looked at.
        let held = |f: &Stamp| sink.holds(&f.path, f.len, f.modified) || f.holds(dir);
        if record.key != key || !record.files.iter().all(held) {
            return Ok(None);
        }
        for file in &record.files {
            sink.link(&dir.join(&file.path), &file.path, file.len, file.modified)?;
        }
        let mut record = record.clone();
        record.runs.page = page;
        Ok(Some(record))
    }
}

/// The stamps of `files` as they are under `dir` now (after the build moved them there). A
/// stamp that has its time already is of a file taken over, as it was (a hard link).
pub fn stamp_all(dir: &Path, files: &mut [Stamp]) -> Result<()> {
    for file in files.iter_mut().filter(|f| f.modified.is_none()) {
        *file = file
            .of(dir)
            .ok_or_else(|| Error::io(dir.join(&file.path), std::io::ErrorKind::NotFound.into()))?;
    }
    Ok(())
}

/// Checks that each of `files` is a plain path inside the site, listed once: what a build
/// cache or a shard's manifest says is written under these paths only after this.
pub fn check_files<'a>(files: impl IntoIterator<Item = &'a Stamp>) -> Result<(), String> {
    let mut seen = HashSet::new();
    for file in files {
        if !is_inside(&file.path) {
            return Err(format!("{:?} is not a path inside the site", file.path));
        }
        if !seen.insert(file.path.as_str()) {
            return Err(format!("{:?} is listed twice", file.path));
        }
    }
    Ok(())
}
