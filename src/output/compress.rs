//! Precompressed siblings (`.gz`, `.br`) of text files, for CDNs that serve them.

use super::OutputFile;
use crate::error::{Error, Result};

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
    let sibling = |mut f: OutputFile, ext: &str| {
        f.also = file.also.as_ref().map(|also| format!("{also}.{ext}"));
        f
    };
    Ok(Some([
        sibling(gzip(file)?, "gz"),
        sibling(brotli(file)?, "br"),
    ]))
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
