//! Stage 6, write: put the rendered files on disk, all or nothing.
//!
//! The site is written into a temporary sibling of the output folder and swapped into place
//! only when every file is written, so a failed build — or a crash halfway — leaves the
//! previous site untouched, and the CDN sync never sees a half-written folder.

use std::collections::HashSet;
use std::hash::Hasher;
use std::path::{Path, PathBuf};

use std::sync::Mutex;

use crate::error::{Error, Result};

/// One file of the site, by its path relative to the output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

impl OutputFile {
    pub fn new(path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> OutputFile {
        OutputFile {
            path: path.into(),
            bytes: bytes.into(),
        }
    }
}

/// FNV-1a 64 of `bytes`: stable across platforms and releases, unlike `DefaultHasher`.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h = fnv::FnvHasher::default();
    h.write(bytes);
    h.finish()
}

/// `style.css` → `style.3f9a1c2e.css`: the name changes exactly when the content does.
pub fn fingerprinted(name: &str, bytes: &[u8]) -> String {
    let hash = format!("{:016x}", fnv1a(bytes));
    match name.rsplit_once('.') {
        Some((stem, ext)) => format!("{stem}.{}.{ext}", &hash[..8]),
        None => format!("{name}.{}", &hash[..8]),
    }
}

/// Minifies a template once, when it is loaded, rather than every page it renders: pages are
/// then minified as they are rendered, at no cost per page (minifying each page took over
/// 40% of a large build). Template syntax (`{{ }}`, `{% %}`, `{# #}`) is kept as it is, and
/// scripts are left alone (minify-html's JS minifier breaks scripts).
pub fn minify_template(text: &str) -> String {
    let cfg = minify_html::Cfg {
        minify_css: true,
        minify_js: false,
        keep_closing_tags: true,
        keep_html_and_head_opening_tags: true,
        preserve_brace_template_syntax: true,
        ..minify_html::Cfg::default()
    };
    String::from_utf8(minify_html::minify(text.as_bytes(), &cfg))
        .unwrap_or_else(|_| text.to_string())
}

/// Files worth precompressing: HTML, JSON, CSV, CSS, JS, XML and text.
fn is_text(path: &str) -> bool {
    [".html", ".json", ".csv", ".css", ".js", ".xml", ".txt"]
        .iter()
        .any(|ext| path.ends_with(ext))
}

/// The `.gz` and `.br` siblings of a text file, for CDNs that serve precompressed files. Both
/// are deterministic (gzip's header carries no time).
pub fn precompressed(file: &OutputFile) -> Result<Option<[OutputFile; 2]>> {
    if !is_text(&file.path) {
        return Ok(None);
    }
    Ok(Some([gzip(file)?, brotli(file)?]))
}

fn gzip(f: &OutputFile) -> Result<OutputFile> {
    use std::io::Write;
    let path = format!("{}.gz", f.path);
    let mut encoder = flate2::GzBuilder::new()
        .mtime(0)
        .write(Vec::new(), flate2::Compression::best());
    let bytes = encoder
        .write_all(&f.bytes)
        .and_then(|()| encoder.finish())
        .map_err(|e| Error::io(&path, e))?;
    Ok(OutputFile::new(path, bytes))
}

fn brotli(f: &OutputFile) -> Result<OutputFile> {
    let path = format!("{}.br", f.path);
    // Quality 9 compresses within a few percent of 11 at many times the speed.
    let params = brotli::enc::BrotliEncoderParams {
        quality: 9,
        lgwin: 22,
        ..Default::default()
    };
    let mut bytes = Vec::new();
    brotli::BrotliCompress(&mut f.bytes.as_slice(), &mut bytes, &params)
        .map_err(|e| Error::io(&path, e))?;
    Ok(OutputFile::new(path, bytes))
}

/// Where rendered files go: kept in memory (`check`, `serve`) or written to disk as they come
/// (`build`), so that a large site never has to fit in memory at once.
pub trait Sink: Sync {
    fn put(&self, file: OutputFile) -> Result<()>;

    /// The `index.html` files received so far, sorted: what the sitemap lists.
    fn pages(&self) -> Vec<String>;
}

/// Keeps every file in memory.
#[derive(Default)]
pub struct Memory {
    files: Mutex<Vec<OutputFile>>,
}

impl Memory {
    /// The files, sorted by path.
    pub fn into_files(self) -> Vec<OutputFile> {
        let mut files = self.files.into_inner().unwrap_or_else(|e| e.into_inner());
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files
    }
}

impl Sink for Memory {
    fn put(&self, file: OutputFile) -> Result<()> {
        lock(&self.files).push(file);
        Ok(())
    }

    fn pages(&self) -> Vec<String> {
        sorted_pages(lock(&self.files).iter().map(|f| f.path.as_str()))
    }
}

/// A new site being written into a temporary sibling of the output folder. [`Staging::commit`]
/// swaps it into place; dropped without a commit, it is removed, leaving the previous site
/// untouched.
pub struct Staging {
    dir: PathBuf,
    out: PathBuf,
    precompress: bool,
    written: Mutex<Vec<(String, u64)>>,
    /// Folders already created: a page's three files share one, and asking the OS again for
    /// each file was a few percent of a large build.
    folders: Mutex<HashSet<PathBuf>>,
    committed: bool,
}

/// What a committed build wrote.
#[derive(Debug, Clone, Copy)]
pub struct Written {
    pub pages: usize,
    pub files: usize,
    pub bytes: u64,
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
            folders: Mutex::default(),
            committed: false,
        })
    }

    /// Moves the old site aside, the new one in, then deletes the old one.
    pub fn commit(mut self) -> Result<Written> {
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
        if had_old {
            std::fs::remove_dir_all(&old).map_err(|e| Error::io(&old, e))?;
        }
        let written = lock(&self.written);
        Ok(Written {
            pages: written.iter().filter(|(p, _)| p.ends_with(".html")).count(),
            files: written.len(),
            bytes: written.iter().map(|(_, b)| b).sum(),
        })
    }

    fn write(&self, file: &OutputFile) -> Result<()> {
        let path = self.dir.join(&file.path);
        if let Some(folder) = path.parent()
            && !lock(&self.folders).contains(folder)
        {
            std::fs::create_dir_all(folder).map_err(|e| Error::io(folder, e))?;
            lock(&self.folders).insert(folder.to_path_buf());
        }
        std::fs::write(&path, &file.bytes).map_err(|e| Error::io(&path, e))?;
        lock(&self.written).push((file.path.clone(), file.bytes.len() as u64));
        Ok(())
    }
}

impl Sink for Staging {
    fn put(&self, file: OutputFile) -> Result<()> {
        if self.precompress {
            for sibling in precompressed(&file)?.iter().flatten() {
                self.write(sibling)?;
            }
        }
        self.write(&file)
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

fn sorted_pages<'a>(paths: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut pages: Vec<String> = paths
        .filter(|p| p.ends_with("index.html"))
        .map(str::to_string)
        .collect();
    pages.sort();
    pages
}

/// A poisoned lock only means another thread panicked mid-push; the data is still usable.
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprint_follows_content() {
        let a = fingerprinted("style.css", b"body{}");
        assert!(
            a.starts_with("style.") && a.ends_with(".css") && a.len() == "style.12345678.css".len(),
            "{a}"
        );
        assert_eq!(a, fingerprinted("style.css", b"body{}"));
        assert_ne!(a, fingerprinted("style.css", b"body{ }"));
    }

    #[test]
    fn precompressed_files_decompress_to_the_original() {
        use std::io::Read;
        let page = OutputFile::new("a/index.html", "<p>".repeat(500));
        let image = OutputFile::new("logo.png", vec![1, 2, 3]);
        assert!(precompressed(&image).unwrap().is_none(), "text files only");
        let out = precompressed(&page).unwrap().unwrap();
        let names: Vec<&str> = out.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(
            names,
            ["a/index.html.gz", "a/index.html.br"],
            "text files only"
        );
        let mut gunzipped = Vec::new();
        flate2::read::GzDecoder::new(out[0].bytes.as_slice())
            .read_to_end(&mut gunzipped)
            .unwrap();
        assert_eq!(gunzipped, page.bytes);
        let mut unbrotlied = Vec::new();
        brotli::Decompressor::new(out[1].bytes.as_slice(), 4096)
            .read_to_end(&mut unbrotlied)
            .unwrap();
        assert_eq!(unbrotlied, page.bytes);
        assert!(out[0].bytes.len() < page.bytes.len() && out[1].bytes.len() < page.bytes.len());
        assert_eq!(precompressed(&page).unwrap().unwrap(), out, "deterministic");
    }

    #[test]
    fn fnv1a_matches_the_published_test_vectors() {
        // FNV-1a 64 reference values (Fowler/Noll/Vo test suite).
        assert_eq!(fnv1a(b""), 0xcbf29ce484222325);
        assert_eq!(fnv1a(b"a"), 0xaf63dc4c8601ec8c);
        assert_eq!(fnv1a(b"foobar"), 0x85944171f73967e8);
    }

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
        let written = site(&[("a/index.html", "one"), ("x.txt", "x")])
            .commit()
            .unwrap();
        assert_eq!((written.pages, written.files, written.bytes), (1, 2, 4));
        site(&[("a/index.html", "two")]).commit().unwrap();
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
}
