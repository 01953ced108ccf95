//! The build cache (SPEC §16): what the previous build wrote, so that the next one takes
//! every unchanged data page from the previous output instead of rendering it.
//!
//! One file, `<cache>/pages.json`: a header line `benchsite-cache 3 <checksum>` and a JSON body
//! with the output folder it describes, the site fingerprint, one [`PageRecord`] per data page
//! (file stamps included) and the search index's, each ranking's cheapest-by-speed race (by
//! the ranking's fingerprint), and the stamps of every input and output file. When no input
//! file, setting or program changed and the output is as written, the rebuild has nothing to
//! do and stops there ([`Cache::unchanged`]), as `make` would: a nightly build with no new
//! data costs a walk over the inputs and the output. The checksum (XXH3 of the body) catches
//! a truncated or edited cache, and the stamps a changed output folder: either way the cache
//! is set aside with a warning and the build renders everything. The cache is written after
//! the output is swapped into place, through a temporary file, so that it never describes an
//! output that was not committed. (The result files' checked records are cached apart, in
//! [`super::records`].)

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::earlier::stamp_all;
use super::shard::Shard;
use super::{Earlier, PROGRAM, PageRecord, Settings, Stamp, check_files};
use super::{framed, unframed};
use crate::compute::Cheapest;
use crate::error::{Error, Result};
use crate::output::FolderId;

/// The cache file's name inside the cache folder.
const FILE: &str = "pages.json";
const MAGIC: &str = "benchsite-cache 3";

/// Why a build wrote no cache: its output folder was replaced meanwhile.
const REPLACED: &str = "replaced by another build while this one was stamping it";

/// One part of the search index as the previous build wrote it: the hash of every document
/// it indexed (and of its place among the parts) and its files.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchRecord {
    pub key: u64,
    pub files: Vec<Stamp>,
}

/// A ranking's cheapest-by-speed race as a build ran it, by the ranking's fingerprint
/// ([`super::Fingerprints::rankings`]): the one part of a ranking worth keeping, most of the
/// work left in a rebuild that renders a few data pages. Its page is rendered afresh.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RankingRecord {
    pub key: u64,
    pub cheapest: Vec<Cheapest>,
}

/// What one build wrote, as the next build reads it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cache {
    /// The output folder, absolute.
    pub out: PathBuf,
    pub pages: Vec<PageRecord>,
    /// The search index's parts.
    pub search: Vec<SearchRecord>,
    /// The rankings' races.
    #[serde(default)]
    pub rankings: Vec<RankingRecord>,
    /// The program and build settings, as text.
    pub build: String,
    /// Every input file (relative to the site folder), stamped.
    pub inputs: Vec<Stamp>,
    /// Every output file that is not a page's or the search index's (those are stamped in
    /// `pages` and `search`), stamped (filled by [`Cache::write`]). Listing every file here
    /// again would add a quarter to the cache file, which a one-file rebuild writes.
    pub outputs: Vec<Stamp>,
    /// The output folder the build committed (from [`crate::output::Staging::commit`], and
    /// its time as [`Cache::write`] found it): while `out` is still that folder with that time,
    /// the stamps above list exactly what it held (see [`Cache::files_in`]).
    #[serde(default)]
    pub out_folder: Option<FolderId>,
    /// What the build reported, for a rebuild that has nothing to do.
    pub counts: Counts,
    pub data_pages: usize,
}

/// A build's figures: what it read and wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Counts {
    pub records_read: usize,
    pub configurations: usize,
    pub superseded: usize,
    pub pages: usize,
    /// The pages by kind; the rest of `pages` are index, editors' and other site pages. (A
    /// cache from before the count has none: its build key differs, so it is never shown.)
    #[serde(default)]
    pub kinds: PageKinds,
    pub files: usize,
    pub bytes: u64,
}

/// How many of a build's pages are of each kind, for its summary (SPEC §8: "a summary of
/// pages per family").
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageKinds {
    /// Data pages (hubs and comparisons) by family, in [`crate::plan::Family::ALL`]'s order.
    pub families: [usize; 6],
    pub embeds: usize,
    pub rankings: usize,
}

/// The site's inputs: what [`crate::input::load`] reads, besides an `echarts:` file.
const INPUTS: &[&str] = &["site.yaml", "data", "content", "templates", "static"];

/// The program, settings and shard as the cache records them: a build with any of them
/// different has something to do.
pub fn build_key(settings: &Settings, shard: Option<Shard>) -> String {
    format!("{PROGRAM:?} {settings:?} {shard:?}")
}

/// Stamps of every input file under `root` (and of `extra` files, relative to it), sorted
/// by path as text (the order [`add_input`] keeps).
pub fn input_stamps(root: &Path, extra: &[PathBuf]) -> Vec<Stamp> {
    let mut paths: Vec<String> = INPUTS
        .iter()
        .flat_map(|top| crate::input::walk(&root.join(top)))
        .filter_map(|e| match e {
            Ok(e) => (!e.file_type().is_dir()).then(|| e.into_path()),
            // A link that leads nowhere: listed without a stamp, so that the build goes on
            // to report it rather than finding nothing changed.
            Err(e) => e.path().map(Path::to_path_buf),
        })
        .filter_map(|p| p.strip_prefix(root).ok().map(Path::to_path_buf))
        .chain(extra.iter().cloned())
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    paths.sort();
    paths.dedup();
    stamps(root, paths.into_iter())
}

/// Adds the stamp of input `file` (relative to `root`, or absolute) to `inputs`, sorted by
/// path, unless it is there already.
pub fn add_input(inputs: &mut Vec<Stamp>, root: &Path, file: &Path) {
    let path = file.to_string_lossy().into_owned();
    if let Err(at) = inputs.binary_search_by(|s| s.path.cmp(&path)) {
        let stamp = Stamp::new(path, 0);
        inputs.insert(at, stamp.of(root).unwrap_or(stamp));
    }
}

/// Stamps of every file under `dir`, by path.
fn output_stamps(dir: &Path) -> Vec<Stamp> {
    let mut paths: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| !e.file_type().is_dir())
        .filter_map(|e| {
            Some(
                e.path()
                    .strip_prefix(dir)
                    .ok()?
                    .to_string_lossy()
                    .into_owned(),
            )
        })
        .collect();
    paths.sort();
    stamps(dir, paths.into_iter())
}

/// The stamps of `paths` under `dir` (in parallel); a file that vanished meanwhile has none.
fn stamps(dir: &Path, paths: impl Iterator<Item = String>) -> Vec<Stamp> {
    let paths: Vec<String> = paths.collect();
    paths
        .into_par_iter()
        .map(|p| {
            let stamp = Stamp::new(p, 0);
            stamp.of(dir).unwrap_or(stamp)
        })
        .collect()
}

/// A cache from the previous build, ready to take pages from.
#[derive(Debug, Default)]
pub struct Previous {
    pub pages: Earlier,
    pub search: Vec<SearchRecord>,
    /// The rankings' races, by fingerprint.
    pub rankings: HashMap<u64, Vec<Cheapest>>,
}

impl Cache {
    /// Reads the cache in `dir`. No cache is `None`; an unreadable, corrupt or foreign one is
    /// too, with the warning to show.
    pub fn read(dir: &Path) -> (Option<Cache>, Option<String>) {
        let file = dir.join(FILE);
        let text = match std::fs::read_to_string(&file) {
            Ok(text) => Ok(text),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return (None, None),
            Err(e) => Err(e.to_string()),
        };
        match text.and_then(|t| parse(&t)) {
            Ok(cache) => (Some(cache), None),
            Err(why) => {
                let warning = format!("{}: {why}; ignored, every page is rendered", file.display());
                (None, Some(warning))
            }
        }
    }

    /// Whether a build into `out` (with [`build_key`] `build`, and `inputs` as stamped now
    /// with [`Cache::extra_inputs`]) would write exactly what is there: the same program,
    /// settings and shard, every input file as it was, the output as written.
    pub fn unchanged(&self, out: &Path, build: &str, inputs: &[Stamp]) -> bool {
        self.out == absolute(out)
            && self.build == build
            && self.inputs == inputs
            && self.all_outputs() == output_stamps(out)
    }

    /// The input files stamped besides the site's folders (an `echarts:` file).
    pub fn extra_inputs(&self) -> Vec<PathBuf> {
        self.inputs
            .iter()
            .map(|s| PathBuf::from(&s.path))
            .filter(|p| !INPUTS.iter().any(|top| p.starts_with(top)))
            .collect()
    }

    /// Every output file's stamp, sorted by path: the pages', the search index's and the
    /// others'.
    fn all_outputs(&self) -> Vec<Stamp> {
        let mut stamps: Vec<Stamp> = self.known().chain(&self.outputs).cloned().collect();
        stamps.par_sort_unstable_by(|a, b| a.path.cmp(&b.path));
        stamps
    }

    /// The stamps the pages and the search index hold.
    fn known(&self) -> impl Iterator<Item = &Stamp> {
        let pages = self.pages.iter().flat_map(|p| &p.files);
        pages.chain(self.search.iter().flat_map(|s| &s.files))
    }

    /// The stamps of the files in `written` that are not a page's or the search index's (index
    /// pages, feeds, static files), taken now. With the pages' and the search index's, they
    /// are what [`output_stamps`] finds in the folder, which [`Cache::unchanged`] compares.
    fn stamp_outputs(&self, written: Vec<String>) -> Vec<Stamp> {
        let known: HashSet<&str> = self.known().map(|f| f.path.as_str()).collect();
        let mut stamps: Vec<Stamp> = written
            .into_par_iter()
            .filter(|path| !known.contains(path.as_str()))
            .map(|path| {
                let stamp = Stamp::new(path, 0);
                stamp.of(&self.out).unwrap_or(stamp)
            })
            .collect();
        stamps.par_sort_unstable_by(|a, b| a.path.cmp(&b.path));
        stamps
    }

    /// The files the build wrote into output folder `out`, if `out` is still the folder that
    /// build committed: the deploy list compares against them rather than listing 17,000
    /// folders at 10k pages. Any other build into `out` (without this cache, or a `merge`)
    /// swaps in another folder, so the list is never another build's. Files put into the
    /// output by hand below its top level are not seen: they are no build's.
    pub fn files_in(&self, out: &Path) -> Option<Vec<String>> {
        let same = self.out == absolute(out)
            && self.out_folder.is_some()
            && self.out_folder == FolderId::of(out);
        same.then(|| self.all_outputs().into_iter().map(|s| s.path).collect())
    }

    /// The pages (and search index) to take from output folder `out`; none if the cache
    /// describes another folder.
    pub fn previous(self, out: &Path) -> Previous {
        if self.out != absolute(out) {
            return Previous::default();
        }
        let mut pages = Earlier::default();
        pages.add(out, self.pages);
        Previous {
            pages,
            search: self.search,
            rankings: (self.rankings.into_iter())
                .map(|r| (r.key, r.cheapest))
                .collect(),
        }
    }

    /// Stamps `written`, every file under `self.out` (as the build that just committed it
    /// listed them, so the folder need not be walked again), and writes the cache into `dir`.
    /// If that fails, the previous cache is removed too, so that no cache describes an output
    /// it was not written for.
    pub fn write(self, dir: &Path, written: Vec<String>) -> Result<()> {
        let out = self.out.clone();
        match self.write_into(dir, written) {
            Ok(true) => Ok(()),
            // Replaced by another build: the cache there is that build's (or one whose stamps
            // no longer match), so it stays.
            Ok(false) => Err(Error::io(out, std::io::Error::other(REPLACED))),
            Err(e) => {
                let _ = std::fs::remove_file(dir.join(FILE));
                Err(e)
            }
        }
    }

    /// Stamps and writes; `false`, writing nothing, if the output folder is no longer the one
    /// this build committed.
    fn write_into(mut self, dir: &Path, written: Vec<String>) -> Result<bool> {
        self.out = absolute(&self.out);
        let out = &self.out;
        self.pages
            .par_iter_mut()
            .try_for_each(|page| stamp_all(out, &mut page.files))?;
        for part in &mut self.search {
            stamp_all(&self.out, &mut part.files)?;
        }
        self.outputs = self.stamp_outputs(written);
        // Another build that swapped its own output in meanwhile (into the same folder, with
        // this cache) would leave this build's fingerprints beside that build's files. (Where
        // folders have no identity, `out_folder` is none and this cannot be told.)
        let now = FolderId::of(&self.out);
        if let (Some(ours), Some(now)) = (self.out_folder, now)
            && !ours.same_folder(&now)
        {
            return Ok(false);
        }
        // The stamps were taken after the commit: from here on the folder's own time counts.
        self.out_folder = now.or(self.out_folder);
        let body = serde_json::to_string(&self).map_err(|e| Error::serialize(FILE, e))?;
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let partial = dir.join(format!("{FILE}.{}", std::process::id()));
        let text = framed(MAGIC, &body);
        std::fs::write(&partial, text).map_err(|e| Error::io(&partial, e))?;
        let file = dir.join(FILE);
        std::fs::rename(&partial, &file).map_err(|e| Error::io(&file, e))?;
        Ok(true)
    }
}

fn parse(text: &str) -> Result<Cache, String> {
    let body = unframed(MAGIC, "a cache", text)?;
    let cache: Cache = serde_json::from_str(body).map_err(|e| format!("unreadable: {e}"))?;
    let pages = cache.pages.iter().flat_map(|p| &p.files);
    check_files(pages.chain(cache.search.iter().flat_map(|s| &s.files)))?;
    Ok(cache)
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
            pages: vec![PageRecord {
                path: "/a/".into(),
                key: 42,
                files: vec![Stamp::new("a/index.html", 3)],
                runs: PageRuns {
                    page: 0,
                    runs: vec![crate::input::runs::RunId(0)],
                    notable: vec![],
                },
                search: Some("<p>a</p>".into()),
            }],
            search: Vec::new(),
            rankings: Vec::new(),
            build: String::new(),
            inputs: Vec::new(),
            outputs: Vec::new(),
            out_folder: None,
            counts: Counts::default(),
            data_pages: 1,
        }
    }

    /// The cache of the build that just committed `out`.
    fn committed(out: &Path) -> Cache {
        Cache {
            out_folder: FolderId::of(out),
            ..cache(out)
        }
    }

    #[test]
    fn a_written_cache_reads_back_and_a_damaged_one_is_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let (out, dir) = (tmp.path().join("public"), tmp.path().join("cache"));
        std::fs::create_dir_all(out.join("a")).unwrap();
        std::fs::write(out.join("a/index.html"), "one").unwrap();
        std::fs::write(out.join("robots.txt"), "not a page's").unwrap();
        let written = vec!["robots.txt".into(), "a/index.html".into()];
        committed(&out).write(&dir, written).unwrap();

        let (cache, warning) = Cache::read(&dir);
        assert_eq!(warning, None);
        let cache = cache.unwrap();
        let stamp = |f: &str| Stamp::new(f, 0).of(&out).unwrap();
        assert_eq!(cache.outputs, [stamp("robots.txt")], "the other files");
        let expected = [stamp("a/index.html"), stamp("robots.txt")];
        assert_eq!(
            cache.all_outputs(),
            expected,
            "every output file is stamped"
        );
        assert_eq!(
            cache.all_outputs(),
            output_stamps(&out),
            "as a walk of the folder finds them"
        );
        let other = cache.clone().previous(&tmp.path().join("elsewhere"));
        assert!(other.pages.is_empty(), "another output folder");
        let previous = cache.previous(&out);
        assert_eq!(previous.pages.len(), 1);
        assert_eq!(previous.pages.get("/a/").unwrap().0, out.as_path());

        let text = std::fs::read_to_string(dir.join(FILE)).unwrap();
        for damaged in [
            text[..text.len() / 2].to_string(),
            text.replace("\"key\":42", "\"key\":43"),
            text.replace(MAGIC, "benchsite-cache 0"),
            String::new(),
            resealed(&text.replace("\"a/index.html\"", "\"../escaped.html\"")),
            resealed(&text.replace("\"a/index.html\"", "\"/tmp/escaped.html\"")),
        ] {
            std::fs::write(dir.join(FILE), &damaged).unwrap();
            let (cache, warning) = Cache::read(&dir);
            assert!(cache.is_none(), "{damaged:.60}");
            assert!(
                warning.is_some_and(|w| w.contains("pages.json") && w.contains("ignored")),
                "{damaged:.60}"
            );
        }
    }

    #[test]
    fn a_build_whose_output_another_build_replaced_writes_no_cache() {
        let tmp = tempfile::tempdir().unwrap();
        let (out, dir) = (tmp.path().join("public"), tmp.path().join("cache"));
        std::fs::create_dir_all(out.join("a")).unwrap();
        std::fs::write(out.join("a/index.html"), "one").unwrap();
        let ours = committed(&out);
        // Another build swaps its output in between this one's commit and its cache.
        let other = tmp.path().join("other");
        std::fs::create_dir_all(other.join("a")).unwrap();
        std::fs::write(other.join("a/index.html"), "two").unwrap();
        std::fs::rename(&out, tmp.path().join("aside")).unwrap();
        std::fs::rename(&other, &out).unwrap();
        // The other build wrote its cache already: it stays.
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(FILE), "the other build's").unwrap();
        let written = vec!["a/index.html".to_string()];
        let error = ours.write(&dir, written).unwrap_err().to_string();
        assert!(error.contains("replaced by another build"), "{error}");
        assert_eq!(
            std::fs::read_to_string(dir.join(FILE)).unwrap(),
            "the other build's"
        );

        // Only the folder's identity counts: a file added at its top level after the commit
        // changes its time, not which folder it is.
        let out2 = tmp.path().join("public2");
        std::fs::create_dir_all(out2.join("a")).unwrap();
        std::fs::write(out2.join("a/index.html"), "one").unwrap();
        let ours = committed(&out2);
        std::thread::sleep(std::time::Duration::from_millis(10));
        std::fs::write(out2.join("stray.txt"), "added").unwrap();
        let dir2 = tmp.path().join("cache2");
        ours.write(&dir2, vec!["a/index.html".to_string()]).unwrap();
        assert!(dir2.join(FILE).exists());
    }

    #[test]
    fn the_output_s_files_are_known_while_it_is_the_folder_the_build_committed() {
        let tmp = tempfile::tempdir().unwrap();
        let (out, dir) = (tmp.path().join("public"), tmp.path().join("cache"));
        std::fs::create_dir_all(out.join("a")).unwrap();
        std::fs::write(out.join("a/index.html"), "one").unwrap();
        std::fs::write(out.join("robots.txt"), "not a page's").unwrap();
        assert_eq!(
            cache(&out).files_in(&out),
            None,
            "a cache that recorded no folder"
        );
        let written = vec!["robots.txt".into(), "a/index.html".into()];
        committed(&out).write(&dir, written).unwrap();
        let cache = Cache::read(&dir).0.unwrap();
        let files = Some(vec!["a/index.html".to_string(), "robots.txt".to_string()]);
        assert_eq!(cache.files_in(&out), files);
        assert_eq!(cache.files_in(&tmp.path().join("elsewhere")), None);

        // Another build (without this cache) swaps another folder in, and back.
        let (aside, other) = (tmp.path().join("aside"), tmp.path().join("other"));
        std::fs::create_dir_all(other.join("a")).unwrap();
        std::fs::write(other.join("a/index.html"), "two").unwrap();
        std::fs::rename(&out, &aside).unwrap();
        std::fs::rename(&other, &out).unwrap();
        assert_eq!(
            cache.files_in(&out),
            None,
            "another folder at the same path"
        );
        std::fs::rename(&out, &other).unwrap();
        std::fs::rename(&aside, &out).unwrap();
        assert_eq!(cache.files_in(&out), files, "the committed folder again");

        // File times may be a few milliseconds coarse: the edit comes later, as one would.
        std::thread::sleep(std::time::Duration::from_millis(50));
        std::fs::write(out.join("extra.txt"), "by hand").unwrap();
        assert_eq!(cache.files_in(&out), None, "a file added at the top level");
    }

    /// `text` with its checksum made to match its body again: a cache edited by someone who
    /// knows the format.
    fn resealed(text: &str) -> String {
        let body = text.split_once('\n').unwrap().1;
        framed(MAGIC, body)
    }
}
