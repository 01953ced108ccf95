//! Stage 6, write: put the rendered files on disk, all or nothing.
//!
//! The site is written into a temporary sibling of the output folder and swapped into place
//! only when every file is written, so a failed build — or a crash halfway — leaves the
//! previous site untouched, and the CDN sync never sees a half-written folder.

use std::hash::Hasher;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

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

/// Minifies a page; scripts are left as they are (minify-html's JS minifier breaks scripts).
pub fn minify(html: &str) -> Vec<u8> {
    let cfg = minify_html::Cfg {
        minify_css: true,
        minify_js: false,
        keep_closing_tags: true,
        keep_html_and_head_opening_tags: true,
        ..minify_html::Cfg::default()
    };
    minify_html::minify(html.as_bytes(), &cfg)
}

/// `.gz` and `.br` siblings of every HTML, JSON, CSV, CSS, JS, XML and text file, for CDNs
/// that serve precompressed files. Both are deterministic (gzip's header carries no time).
pub fn precompressed(files: &[OutputFile]) -> Result<Vec<OutputFile>> {
    const TEXT: [&str; 7] = [".html", ".json", ".csv", ".css", ".js", ".xml", ".txt"];
    let pairs: Vec<[OutputFile; 2]> = files
        .par_iter()
        .filter(|f| TEXT.iter().any(|ext| f.path.ends_with(ext)))
        .map(|f| Ok([gzip(f)?, brotli(f)?]))
        .collect::<Result<_>>()?;
    Ok(pairs.into_iter().flatten().collect())
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

/// Writes `files` into `out`, replacing whatever was there, atomically as seen from outside.
pub fn write_site(out: &Path, files: &[OutputFile]) -> Result<()> {
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    let name = out
        .file_name()
        .map_or("public".into(), |n| n.to_string_lossy().into_owned());
    let staging = parent.join(format!(".{name}.new-{}", std::process::id()));
    let result = write_all(&staging, files).and_then(|()| swap_in(&staging, out, parent, &name));
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&staging);
    }
    result
}

fn write_all(dir: &Path, files: &[OutputFile]) -> Result<()> {
    if dir.exists() {
        std::fs::remove_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    }
    let mut folders: Vec<PathBuf> = files
        .iter()
        .filter_map(|f| Path::new(&f.path).parent().map(|p| dir.join(p)))
        .collect();
    folders.sort();
    folders.dedup();
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    for folder in &folders {
        std::fs::create_dir_all(folder).map_err(|e| Error::io(folder, e))?;
    }
    files.par_iter().try_for_each(|f| {
        let path = dir.join(&f.path);
        std::fs::write(&path, &f.bytes).map_err(|e| Error::io(path, e))
    })
}

/// Moves the old site aside, the new one in, then deletes the old one.
fn swap_in(staging: &Path, out: &Path, parent: &Path, name: &str) -> Result<()> {
    let old = parent.join(format!(".{name}.old-{}", std::process::id()));
    let had_old = out.exists();
    if had_old {
        std::fs::rename(out, &old).map_err(|e| Error::io(out, e))?;
    }
    if let Err(e) = std::fs::rename(staging, out) {
        if had_old {
            let _ = std::fs::rename(&old, out);
        }
        return Err(Error::io(out, e));
    }
    if had_old {
        std::fs::remove_dir_all(&old).map_err(|e| Error::io(&old, e))?;
    }
    Ok(())
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
        let out = precompressed(&[page.clone(), image]).unwrap();
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
        assert_eq!(precompressed(&[page]).unwrap(), out, "deterministic");
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
        write_site(
            &out,
            &[
                OutputFile::new("a/index.html", "one"),
                OutputFile::new("x.txt", "x"),
            ],
        )
        .unwrap();
        write_site(&out, &[OutputFile::new("a/index.html", "two")]).unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("a/index.html")).unwrap(),
            "two"
        );
        assert!(
            !out.join("x.txt").exists(),
            "files of the old site must not linger"
        );
        let leftovers: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no staging folders left behind");
    }
}
