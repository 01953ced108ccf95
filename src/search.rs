//! Alongside render: the site's search index (SPEC §14), built in-process with Pagefind's Rust
//! library and written under `/pagefind/`.
//!
//! Each indexable page hands over a small *search document*: HTML rendered from the page's
//! own view by `templates/search-document.html` (heading, identifiers, summary, commentary,
//! and the filters set from the page's plan). Pagefind indexes those documents rather than the
//! published pages because the pages are mostly tables and chart data: parsing a full 20–60 KB
//! page costs Pagefind 1–2.5 ms, ten to twenty times a search document's cost, and the tables
//! would only add noise to the results (measured on the demo site; see the README).
//!
//! Parts: Pagefind holds about 25–35 KB per document while it indexes, whatever the document's
//! size, so one index of a large site is the largest thing a build holds (250 MB of a 400 MB
//! peak at 7,000 documents). The documents are therefore split into parts: as many as the
//! planned data pages make at `--search-part-size` each (fixed before rendering), each
//! document in the part a hash of its URL names, so a page stays in its part while the count
//! holds. The build renders the data pages part by part and indexes each part on a thread of
//! its own while it renders the next (see `build::write_site`), one part at a time, each freed
//! before the next.
//! Part 1 is written to `/pagefind/`, where a site with one part has its whole index; part K
//! to `/pagefind/part-K/`. [`PARTS_FILE`] lists the others, and static/search.js hands them to
//! Pagefind's `mergeIndex`, which searches them all as one. Each part's own key lets a rebuild
//! take over the parts whose documents did not change.
//!
//! Determinism: documents are collected as pages render (in any order) and indexed sorted by
//! URL, so two builds write byte-identical index files. Pagefind names its index chunks by
//! their content; its entry points (`pagefind.js`, `pagefind-entry.json`, the wasm) keep the
//! names its scripts load them by. The Component UI files the pages link to are fingerprinted
//! like the site's own CSS and JS.

use std::collections::BTreeMap;
use std::hash::Hasher;
use std::num::NonZeroUsize;
use std::path::Path;
use std::sync::Mutex;

use pagefind::api::{PagefindIndex, SyntheticFile};
use pagefind::options::PagefindServiceConfig;
use tokio::runtime::Runtime;

use crate::error::{Error, Result};
use crate::hash::fnv1a;
use crate::output::{OutputFile, Sink, lock};
use crate::plan::urls;

/// The folder under the output root that holds the index and Pagefind's scripts.
pub const FOLDER: &str = "pagefind";

/// Pagefind's files that only the first part needs: Pagefind runs its search code from the
/// first part's bundle and reads only the index files of the parts it merges (checked in
/// Chromium: a merged part's `pagefind.js`, worker and wasm are never requested).
const FIRST_PART_ONLY: &[&str] = &["pagefind.js", "pagefind-worker.js", "wasm.en.pagefind"];

/// Data pages per index part unless `build --search-part-size` says otherwise. A part is
/// indexed while the next part's pages render, so its memory adds to theirs: at 2,000 the 10k
/// bench build peaks at 273–282 MiB (at 3,000, 297–307 MiB), and a reader's first search
/// fetches a few small files from each of four parts.
pub const PAGES_PER_PART: NonZeroUsize = NonZeroUsize::new(2000).unwrap();

/// The list of the index's parts after the first, for static/search.js:
/// `{"merge": ["part-2/", …]}`, relative to `/pagefind/` (empty for a site with one part).
pub const PARTS_FILE: &str = "pagefind/benchsite-parts.json";

/// Pagefind's bundle files the site does not serve: the other UIs (the pages use the
/// Component UI, written fingerprinted by [`ui_files`]), the highlighter, and the wasm for
/// pages without a language (every document says `lang="en"`).
const UNUSED: &[&str] = &[
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-highlight.js",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "wasm.unknown.pagefind",
];

/// Collects search documents (by URL) while pages render, each into its part of the index.
///
/// The number of parts is fixed before rendering, from the planned data pages, so that a part
/// can be indexed as soon as its pages are rendered while the build renders the next.
pub struct SearchIndex {
    parts: Vec<Mutex<BTreeMap<String, String>>>,
}

impl SearchIndex {
    /// An index in `⌈pages / per_part⌉` parts (at least one) for a site of `pages` data pages.
    /// Each part also holds its share of the few index pages' documents.
    pub fn new(pages: usize, per_part: NonZeroUsize) -> SearchIndex {
        let count = pages.div_ceil(per_part.get()).max(1);
        SearchIndex {
            parts: (0..count).map(|_| Mutex::default()).collect(),
        }
    }

    /// How many parts the index has.
    pub fn count(&self) -> usize {
        self.parts.len()
    }

    /// The part that holds the document of the page at `url`: the one its URL's hash names,
    /// so a page stays in its part while the count holds.
    pub fn part_of(&self, url: &str) -> usize {
        (fnv1a(url.as_bytes()) % self.parts.len() as u64) as usize
    }

    /// Adds the page at `url` (root-relative, `/dsr1/`) with its search document.
    pub fn add(&self, url: &str, html: String) {
        lock(&self.parts[self.part_of(url)]).insert(url.to_string(), html);
    }

    /// The search document of the page at `url`, if it has one.
    pub fn document(&self, url: &str) -> Option<String> {
        lock(&self.parts[self.part_of(url)]).get(url).cloned()
    }

    /// Part `number`, its documents taken out of the index (once every page of the part has
    /// been rendered); `site` is the site fingerprint (the program and the build settings,
    /// which shape the index's files too), part of every part's key.
    pub fn take(&self, number: usize, site: u64) -> Part {
        let documents = std::mem::take(&mut *lock(&self.parts[number]));
        Part::new(number, self.count(), documents.into_iter().collect(), site)
    }
}

/// One part of the search index: its documents in URL order, and a key that is equal for two
/// parts exactly when their index files are.
pub struct Part {
    /// 0 for the part in `/pagefind/`.
    number: usize,
    documents: Vec<(String, String)>,
    pub key: u64,
}

impl Part {
    /// Part `number` of `count`, keyed by `site` (the site fingerprint), its place and its
    /// documents.
    fn new(number: usize, count: usize, documents: Vec<(String, String)>, site: u64) -> Part {
        let mut h = fnv::FnvHasher::default();
        h.write_u64(site);
        h.write_usize(number);
        h.write_usize(count);
        for (url, html) in &documents {
            for text in [url, html] {
                h.write_usize(text.len());
                h.write(text.as_bytes());
            }
        }
        Part {
            number,
            documents,
            key: h.finish(),
        }
    }

    /// The folder of the part's files, under the output root.
    fn folder(&self) -> String {
        match self.number {
            0 => FOLDER.to_string(),
            n => format!("{FOLDER}/part-{}", n + 1),
        }
    }

    /// Indexes the part's documents, in URL order, on `runtime` (see [`runtime`]), and writes
    /// the part's files; returns the paths and lengths written.
    pub fn write(self, sink: &dyn Sink, runtime: &Runtime) -> Result<Vec<(String, u64)>> {
        let folder = self.folder();
        let documents = self.documents;
        let files = runtime.block_on(async move {
            let mut index = new_index()?;
            for (url, html) in documents {
                index
                    .add_html_file(None, Some(url), html)
                    .await
                    .map_err(search_error)?;
            }
            index.get_files().await.map_err(search_error)
        })?;
        let mut written = Vec::new();
        for file in files {
            let name = file_name(&file);
            let unused = UNUSED.contains(&name.as_str())
                || (self.number > 0 && FIRST_PART_ONLY.contains(&name.as_str()))
                || name.starts_with("playground/");
            if !unused {
                let path = format!("{folder}/{name}");
                written.extend(sink.put_listed(OutputFile::new(path, file.contents))?);
            }
        }
        Ok(written)
    }
}

/// [`PARTS_FILE`] for a search index of `count` parts.
pub fn parts_file(count: usize) -> OutputFile {
    let merge: Vec<String> = (1..count).map(|n| format!("part-{}/", n + 1)).collect();
    let json = serde_json::json!({ "merge": merge });
    OutputFile::new(PARTS_FILE.to_string(), format!("{json}\n").into_bytes())
}

/// The Component UI's script and stylesheet, written under fingerprinted names; returns their
/// root-relative URLs `(script, stylesheet)` for the pages to link.
pub fn ui_files(sink: &dyn Sink) -> Result<(String, String)> {
    let files =
        runtime()?.block_on(async { new_index()?.get_files().await.map_err(search_error) })?;
    let mut urls = (String::new(), String::new());
    for file in files {
        let name = file_name(&file);
        let url = match name.as_str() {
            "pagefind-component-ui.js" => &mut urls.0,
            "pagefind-component-ui.css" => &mut urls.1,
            _ => continue,
        };
        let path = format!("{FOLDER}/{}", urls::fingerprinted(&name, &file.contents));
        *url = urls::root_file(&path);
        sink.put(OutputFile::new(path, file.contents))?;
    }
    if urls.0.is_empty() || urls.1.is_empty() {
        return Err(Error::Search(
            "Pagefind did not provide its Component UI files".to_string(),
        ));
    }
    Ok(urls)
}

/// A Pagefind index for English pages, URLs kept as given (`/dsr1/`).
fn new_index() -> Result<PagefindIndex> {
    let options = PagefindServiceConfig::builder()
        .force_language("en".to_string())
        .build();
    PagefindIndex::new(Some(options)).map_err(search_error)
}

/// A runtime for Pagefind's async API (the build itself is synchronous and parallel with
/// rayon). Pagefind parses each document on a blocking thread: one is kept for the runtime's
/// life, since every thread that comes and goes leaves its allocator pages behind (a new
/// runtime per part left 30 threads and 100 MB of them at 10k pages).
pub fn runtime() -> Result<Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .max_blocking_threads(1)
        .build()
        .map_err(|e| Error::Search(format!("cannot start Pagefind's runtime: {e}")))
}

fn file_name(file: &SyntheticFile) -> String {
    let name: &Path = &file.filename;
    name.to_string_lossy().replace('\\', "/")
}

fn search_error(e: anyhow::Error) -> Error {
    Error::Search(format!("{e:#}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An index of `urls` in parts of 3 (4 parts for the 10 `URLS`).
    fn index(urls: &[&str]) -> SearchIndex {
        let index = SearchIndex::new(urls.len(), NonZeroUsize::new(3).unwrap());
        for url in urls {
            index.add(url, format!("<p>{url}</p>"));
        }
        index
    }

    fn parts(index: &SearchIndex, site: u64) -> Vec<Part> {
        (0..index.count()).map(|n| index.take(n, site)).collect()
    }

    const URLS: [&str; 10] = [
        "/a/", "/b/", "/c/", "/d/", "/e/", "/f/", "/g/", "/h/", "/i/", "/j/",
    ];

    #[test]
    fn every_document_is_in_the_part_its_url_hash_names() {
        let parts = parts(&index(&URLS), 7);
        assert_eq!(parts.len(), 4, "10 pages in parts of 3");
        let mut seen = Vec::new();
        for part in &parts {
            for (url, _) in &part.documents {
                assert_eq!(fnv1a(url.as_bytes()) % 4, part.number as u64, "{url}");
                seen.push(url.as_str());
            }
            let urls: Vec<&String> = part.documents.iter().map(|(u, _)| u).collect();
            assert!(urls.is_sorted(), "documents in URL order: {urls:?}");
        }
        seen.sort_unstable();
        assert_eq!(seen, URLS);
        let folders: Vec<String> = parts.iter().map(Part::folder).collect();
        assert_eq!(
            folders,
            [
                "pagefind",
                "pagefind/part-2",
                "pagefind/part-3",
                "pagefind/part-4"
            ]
        );
        let count =
            |pages, per_part| SearchIndex::new(pages, NonZeroUsize::new(per_part).unwrap()).count();
        assert_eq!(count(0, 3), 1, "an empty index is one part");
        assert_eq!(count(10, 10), 1);
        assert_eq!(count(11, 10), 2);
    }

    #[test]
    fn a_taken_part_is_empty_afterwards() {
        let index = index(&URLS);
        let part = index.part_of("/c/");
        assert_eq!(index.document("/c/").as_deref(), Some("<p>/c/</p>"));
        assert!(!index.take(part, 7).documents.is_empty());
        assert_eq!(index.document("/c/"), None);
        assert!(index.take(part, 7).documents.is_empty());
    }

    #[test]
    fn a_changed_document_changes_the_key_of_its_part_only() {
        let keys = |index: SearchIndex, site| -> Vec<u64> {
            parts(&index, site).iter().map(|p| p.key).collect()
        };
        let before = keys(index(&URLS), 7);
        let edited = index(&URLS);
        edited.add("/c/", "<p>changed</p>".to_string());
        let part = (fnv1a(b"/c/") % 4) as usize;
        let after = keys(edited, 7);
        for (n, (a, b)) in before.iter().zip(&after).enumerate() {
            assert_eq!(a != b, n == part, "part {n}");
        }
        let other_site = keys(index(&URLS), 8);
        assert!(
            before.iter().zip(&other_site).all(|(a, b)| a != b),
            "the site fingerprint is in every key"
        );
    }

    #[test]
    fn the_parts_file_lists_the_parts_after_the_first() {
        let text = |n| String::from_utf8(parts_file(n).bytes).unwrap();
        assert_eq!(text(1), "{\"merge\":[]}\n");
        assert_eq!(text(3), "{\"merge\":[\"part-2/\",\"part-3/\"]}\n");
        assert_eq!(parts_file(1).path, PARTS_FILE);
    }
}
