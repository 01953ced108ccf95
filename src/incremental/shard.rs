//! Shards (SPEC §16): `build --shard I/N` renders the data pages whose URL path hashes to I
//! (of N) and records them in the shard's [`MANIFEST`]; `merge` joins N such folders and
//! writes the site-wide files, giving exactly the output of one full build.
//!
//! The manifest carries each page's [`PageRecord`] (files, history summary, search document),
//! the site fingerprint and the build settings, so `merge` can refuse shards of other inputs,
//! other settings or an incomplete set with a message that says which, and never renders a
//! data page itself.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::{Earlier, PageRecord, Settings, check_files, framed, unframed};
use crate::error::{Error, Result};
use crate::hash::fnv1a;
use crate::output::OutputFile;

/// The manifest's file name inside a shard's folder (not part of the merged site).
pub const MANIFEST: &str = "benchsite-shard.json";

/// The manifest's first line, before the checksum of the JSON that follows.
const HEADER: &str = "benchsite-shard 2";

/// Shard `index` of `count` (1-based, as written: `2/3`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shard {
    pub index: u32,
    pub count: u32,
}

impl Shard {
    /// Whether the page at URL path `path` belongs to this shard: a stable hash of the path,
    /// so the split is the same on every machine and every run.
    pub fn contains(&self, path: &str) -> bool {
        fnv1a(path.as_bytes()) % u64::from(self.count) == u64::from(self.index - 1)
    }
}

impl FromStr for Shard {
    type Err = String;

    fn from_str(s: &str) -> Result<Shard, String> {
        let (i, n) = s
            .split_once('/')
            .ok_or_else(|| format!("{s:?} is not I/N (for example 2/3)"))?;
        let (index, count) = match (i.trim().parse::<u32>(), n.trim().parse::<u32>()) {
            (Ok(i), Ok(n)) => (i, n),
            _ => {
                return Err(format!(
                    "{s:?} is not I/N with whole numbers (for example 2/3)"
                ));
            }
        };
        if count == 0 {
            return Err(format!(
                "{s:?}: N, the number of shards, must be at least 1"
            ));
        }
        if index == 0 || index > count {
            return Err(format!("{s:?}: I must be between 1 and N ({count})"));
        }
        Ok(Shard { index, count })
    }
}

/// What a shard's folder holds besides its pages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub shard: Shard,
    pub site: u64,
    pub settings: Settings,
    pub pages: Vec<PageRecord>,
}

impl Manifest {
    /// The manifest as the shard's output file.
    /// A header line with the checksum of the JSON body (XXH3, as the build cache's), so
    /// that an edited search document or history summary is refused too: the files' own
    /// hashes cover only the files.
    pub fn file(&self) -> Result<OutputFile> {
        let json = serde_json::to_string(self).map_err(|e| Error::serialize(MANIFEST, e))?;
        let text = framed(HEADER, &json);
        Ok(OutputFile::new(MANIFEST, text.into_bytes()))
    }

    fn read(dir: &Path) -> Result<Manifest> {
        let file = dir.join(MANIFEST);
        let text = std::fs::read_to_string(&file).map_err(|e| {
            Error::Shards(format!(
                "{}: {e} (is {} a folder written by `build --shard I/N`?)",
                file.display(),
                dir.display()
            ))
        })?;
        let damaged = |why: String| Error::Shards(format!("{}: {why}", file.display()));
        let body = unframed(HEADER, "a shard manifest", &text).map_err(damaged)?;
        let manifest: Manifest =
            serde_json::from_str(body).map_err(|e| damaged(format!("unreadable: {e}")))?;
        check_files(manifest.pages.iter().flat_map(|p| &p.files))
            .map_err(|why| Error::Shards(format!("{}: {why}", file.display())))?;
        Ok(manifest)
    }
}

/// The records of a shard's pages for its manifest, each file stamped by its length and the
/// hash of its content under `dir` (read in parallel): a shard's files lose their times on
/// the way to `merge`, which checks each against its hash.
pub fn portable(dir: &Path, records: &[PageRecord]) -> Result<Vec<PageRecord>> {
    records
        .par_iter()
        .map(|record| {
            let files = record
                .files
                .iter()
                .map(|f| f.portable(dir))
                .collect::<Result<_>>()?;
            Ok(PageRecord {
                files,
                ..record.clone()
            })
        })
        .collect()
}

/// The shards in `dirs`, checked to be one complete set built with the same settings from
/// the same inputs: their settings, site fingerprint and pages.
pub fn gather(dirs: &[PathBuf]) -> Result<(Settings, u64, Earlier)> {
    let manifests: Vec<Manifest> = dirs
        .iter()
        .map(|d| Manifest::read(d))
        .collect::<Result<_>>()?;
    let first = manifests
        .first()
        .ok_or_else(|| Error::Shards("no shard folders given".to_string()))?;
    let count = first.shard.count;
    for (m, dir) in manifests.iter().zip(dirs) {
        let differs = |what: &str| {
            Error::Shards(format!(
                "{} was built with other {what} than {}",
                dir.display(),
                dirs[0].display()
            ))
        };
        if m.shard.count != count {
            return Err(differs("shard count (N)"));
        }
        if m.settings != first.settings {
            return Err(differs("build settings"));
        }
        if m.site != first.site {
            return Err(differs("inputs or benchsite version"));
        }
    }
    let mut seen: Vec<u32> = manifests.iter().map(|m| m.shard.index).collect();
    seen.sort_unstable();
    if seen != (1..=count).collect::<Vec<u32>>() {
        return Err(Error::Shards(format!(
            "the shards are {}, not each of 1/{count} … {count}/{count} once",
            seen.iter()
                .map(|i| format!("{i}/{count}"))
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    let (settings, site) = (first.settings.clone(), first.site);
    let mut earlier = Earlier::default();
    for (m, dir) in manifests.into_iter().zip(dirs) {
        earlier.add(dir, m.pages);
    }
    Ok((settings, site, earlier))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_parse_from_i_of_n_and_split_pages_into_disjoint_shares() {
        assert_eq!("2/3".parse(), Ok(Shard { index: 2, count: 3 }));
        for bad in ["0/3", "4/3", "1/0", "3", "a/b", "1/-2"] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
        let paths: Vec<String> = (0..300).map(|i| format!("/m/hw{i}/fp8/1k-1k/")).collect();
        for count in 1..=4 {
            let shards: Vec<Shard> = (1..=count).map(|index| Shard { index, count }).collect();
            let mut sizes = vec![0; count as usize];
            for path in &paths {
                let owners: Vec<usize> = (0..shards.len())
                    .filter(|&s| shards[s].contains(path))
                    .collect();
                assert_eq!(owners.len(), 1, "{path} in {owners:?} of {count}");
                sizes[owners[0]] += 1;
            }
            // A hash split, not a round-robin: roughly even.
            assert!(
                sizes.iter().all(|&n| n * count as usize * 2 > 300),
                "{sizes:?}"
            );
        }
    }
}
