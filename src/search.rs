//! After render: the site's search index (SPEC §14), built in-process with Pagefind's Rust
//! library and written under `/pagefind/`.
//!
//! Each indexable page hands over a small *search document*: HTML rendered from the page's
//! own view by `templates/search-document.html` (heading, identifiers, summary, commentary,
//! and the filters set from the page's plan). Pagefind indexes those documents rather than the
//! published pages because the pages are mostly tables and chart data: parsing a full 20–60 KB
//! page costs Pagefind 1–2.5 ms, ten to twenty times a search document's cost, and the tables
//! would only add noise to the results (measured on the demo site; see the README).
//!
//! Determinism: documents are collected as pages render (in any order) and indexed sorted by
//! URL, so two builds write byte-identical index files. Pagefind names its index chunks by
//! their content; its entry points (`pagefind.js`, `pagefind-entry.json`, the wasm) keep the
//! names its scripts load them by. The Component UI files the pages link to are fingerprinted
//! like the site's own CSS and JS.

use std::collections::BTreeMap;
use std::hash::Hasher;
use std::path::Path;
use std::sync::Mutex;

use pagefind::api::{PagefindIndex, SyntheticFile};
use pagefind::options::PagefindServiceConfig;

use crate::error::{Error, Result};
use crate::output::{OutputFile, Sink, lock};
use crate::plan::urls;

/// The folder under the output root that holds the index and Pagefind's scripts.
pub const FOLDER: &str = "pagefind";

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

/// Collects search documents (by URL) while pages render, then builds the index.
#[derive(Default)]
pub struct SearchIndex {
    documents: Mutex<BTreeMap<String, String>>,
}

impl SearchIndex {
    /// Adds the page at `url` (root-relative, `/dsr1/`) with its search document.
    pub fn add(&self, url: &str, html: String) {
        lock(&self.documents).insert(url.to_string(), html);
    }

    /// The search document of the page at `url`, if it has one.
    pub fn document(&self, url: &str) -> Option<String> {
        lock(&self.documents).get(url).cloned()
    }

    /// A hash of every document with its URL and of `site`, the site fingerprint (the
    /// program and the build settings, which shape the index's files too): equal hashes,
    /// equal indexes.
    pub fn key(&self, site: u64) -> u64 {
        let mut h = fnv::FnvHasher::default();
        h.write_u64(site);
        for (url, html) in lock(&self.documents).iter() {
            for part in [url, html] {
                h.write_usize(part.len());
                h.write(part.as_bytes());
            }
        }
        h.finish()
    }

    /// Indexes every document, in URL order, and writes the index under `/pagefind/`;
    /// returns the paths and lengths written.
    pub fn write(self, sink: &dyn Sink) -> Result<Vec<(String, u64)>> {
        let documents = self
            .documents
            .into_inner()
            .unwrap_or_else(|e| e.into_inner());
        let files = run(async move {
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
            if !UNUSED.contains(&name.as_str()) && !name.starts_with("playground/") {
                let path = format!("{FOLDER}/{name}");
                written.extend(sink.put_listed(OutputFile::new(path, file.contents))?);
            }
        }
        Ok(written)
    }
}

/// The Component UI's script and stylesheet, written under fingerprinted names; returns their
/// root-relative URLs `(script, stylesheet)` for the pages to link.
pub fn ui_files(sink: &dyn Sink) -> Result<(String, String)> {
    let files = run(async { new_index()?.get_files().await.map_err(search_error) })?;
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

/// Runs Pagefind's async API to completion on a small runtime of its own (the build itself is
/// synchronous and parallel with rayon).
fn run<T>(work: impl Future<Output = Result<T>>) -> Result<T> {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| Error::Search(format!("cannot start Pagefind's runtime: {e}")))?
        .block_on(work)
}

fn file_name(file: &SyntheticFile) -> String {
    let name: &Path = &file.filename;
    name.to_string_lossy().replace('\\', "/")
}

fn search_error(e: anyhow::Error) -> Error {
    Error::Search(format!("{e:#}"))
}
