//! The build cache (SPEC §16): what the previous build wrote, so that the next one takes
//! every unchanged data page from the previous output instead of rendering it.
//!
//! One file, `<cache>/pages.json`: a header line `benchsite-cache 1 <checksum>` and a JSON body
//! with the output folder it describes, the site fingerprint, one [`PageRecord`] per data page
//! (file stamps included) and the search index's. The checksum (FNV-1a of the body) catches a
//! truncated or edited cache, and the stamps a changed output folder: either way the cache is
//! set aside with a warning and the build renders everything. The cache is written after the
//! output is swapped into place, through a temporary file, so that it never describes an
//! output that was not committed.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::earlier::stamp_all;
use super::{Earlier, PageRecord, Stamp};
use crate::error::{Error, Result};
use crate::hash::fnv1a;

/// The cache file's name inside the cache folder.
const FILE: &str = "pages.json";
const MAGIC: &str = "benchsite-cache 1";

/// The search index as the previous build wrote it: the hash of every document it indexed
/// and its files.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchRecord {
    pub key: u64,
    pub files: Vec<Stamp>,
}

/// What one build wrote, as the next build reads it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cache {
    /// The output folder, absolute.
    pub out: PathBuf,
    /// The site fingerprint ([`super::Fingerprints::site`]).
    pub site: u64,
    pub pages: Vec<PageRecord>,
    pub search: Option<SearchRecord>,
}

/// A cache from the previous build, ready to take pages from.
#[derive(Debug, Default)]
pub struct Previous {
    pub pages: Earlier,
    pub search: Option<SearchRecord>,
}

impl Cache {
    /// Reads the cache in `dir` for output folder `out`. No cache, or one for another output
    /// folder, is an empty [`Previous`]; an unreadable, corrupt or foreign one is too, with the
    /// warning to show.
    pub fn read(dir: &Path, out: &Path) -> (Previous, Option<String>) {
        let file = dir.join(FILE);
        let Ok(text) = std::fs::read_to_string(&file) else {
            return (Previous::default(), None);
        };
        let cache = match parse(&text) {
            Ok(cache) => cache,
            Err(why) => {
                let warning = format!("{}: {why}; ignored, every page is rendered", file.display());
                return (Previous::default(), Some(warning));
            }
        };
        if cache.out != absolute(out) {
            return (Previous::default(), None);
        }
        let mut pages = Earlier::default();
        pages.add(out, cache.pages);
        let previous = Previous {
            pages,
            search: cache.search,
        };
        (previous, None)
    }

    /// Stamps every file under `self.out` as it is now and writes the cache into `dir`.
    pub fn write(mut self, dir: &Path) -> Result<()> {
        self.out = absolute(&self.out);
        let out = &self.out;
        self.pages
            .par_iter_mut()
            .try_for_each(|page| stamp_all(out, &mut page.files))?;
        if let Some(search) = &mut self.search {
            stamp_all(&self.out, &mut search.files)?;
        }
        let body = serde_json::to_string(&self).map_err(|e| Error::Serialize {
            file: FILE.to_string(),
            message: e.to_string(),
        })?;
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let partial = dir.join(format!("{FILE}.{}", std::process::id()));
        let text = format!("{MAGIC} {:016x}\n{body}", fnv1a(body.as_bytes()));
        std::fs::write(&partial, text).map_err(|e| Error::io(&partial, e))?;
        let file = dir.join(FILE);
        std::fs::rename(&partial, &file).map_err(|e| Error::io(&file, e))
    }
}

fn parse(text: &str) -> Result<Cache, String> {
    let (header, body) = text.split_once('\n').ok_or("no header line")?;
    let sum = header
        .strip_prefix(MAGIC)
        .map(str::trim)
        .ok_or("not a cache of this benchsite version")?;
    if sum != format!("{:016x}", fnv1a(body.as_bytes())) {
        return Err("the checksum does not match (truncated or edited)".to_string());
    }
    serde_json::from_str(body).map_err(|e| format!("unreadable: {e}"))
}

/// `path` made absolute (against the working folder), for comparing output folders.
fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compute::PageRuns;

    fn cache(out: &Path) -> Cache {
        Cache {
            out: out.to_path_buf(),
            site: 7,
            pages: vec![PageRecord {
                path: "/a/".into(),
                key: 42,
                files: vec![Stamp::new("a/index.html", 3)],
                runs: PageRuns {
                    page: 0,
                    runs: vec![0],
                    notable: vec![],
                },
                search: Some("<p>a</p>".into()),
            }],
            search: None,
        }
    }

    #[test]
    fn a_written_cache_reads_back_and_a_damaged_one_is_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let (out, dir) = (tmp.path().join("public"), tmp.path().join("cache"));
        std::fs::create_dir_all(out.join("a")).unwrap();
        std::fs::write(out.join("a/index.html"), "one").unwrap();
        cache(&out).write(&dir).unwrap();

        let (previous, warning) = Cache::read(&dir, &out);
        assert_eq!((previous.pages.len(), warning), (1, None));
        assert_eq!(previous.pages.get("/a/").unwrap().0, out.as_path());

        let (other, warning) = Cache::read(&dir, &tmp.path().join("elsewhere"));
        assert!(
            other.pages.is_empty() && warning.is_none(),
            "another output folder"
        );

        let text = std::fs::read_to_string(dir.join(FILE)).unwrap();
        for damaged in [
            text[..text.len() / 2].to_string(),
            text.replace("\"key\":42", "\"key\":43"),
            text.replace(MAGIC, "benchsite-cache 0"),
            String::new(),
        ] {
            std::fs::write(dir.join(FILE), &damaged).unwrap();
            let (previous, warning) = Cache::read(&dir, &out);
            assert!(previous.pages.is_empty(), "{damaged:.60}");
            assert!(
                warning.is_some_and(|w| w.contains("pages.json") && w.contains("ignored")),
                "{damaged:.60}"
            );
        }
    }
}
