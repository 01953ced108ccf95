//! `benchsite init [DIR]` (or `--root DIR`; the current folder by default): a new site that
//! builds at once.
//!
//! The catalogs, the methodology page, the templates and the static files are the
//! repository's own, embedded when benchsite is compiled (the templates and static files by
//! `build.rs`), so a new site never starts from a stale copy; the settings and the example
//! result file (an excerpt of real published runs) are the skeleton's own, in `src/init/`.

use std::path::Path;

use crate::error::{Error, Result};

use crate::input::templates::BUILT_IN_FILES;

/// The site's own files beside the templates and static files.
const SITE_FILES: &[(&str, &str)] = &[
    ("site.yaml", include_str!("init/site.yaml")),
    (
        "data/hardware.yaml",
        include_str!("../../data/hardware.yaml"),
    ),
    ("data/models.yaml", include_str!("../../data/models.yaml")),
    (
        "data/results/example.json",
        include_str!("init/example.json"),
    ),
    ("data/results/README.md", include_str!("init/README.md")),
    (
        "content/methodology.md",
        include_str!("../../content/methodology.md"),
    ),
    (
        ".gitignore",
        "/public\n/.public.*\n/.benchsite-cache\n/shard-*-of-*\n",
    ),
];

/// Writes a new site into `dir`, which must be missing or empty (nothing is overwritten).
/// Returns what to tell the user: where the site is and the two commands to run next.
pub fn init(dir: &Path) -> Result<String> {
    if has_entries(dir)? {
        return Err(Error::NotEmpty {
            path: dir.to_path_buf(),
        });
    }
    let text = SITE_FILES.iter().map(|(p, t)| (*p, t.as_bytes()));
    for (path, bytes) in text.chain(BUILT_IN_FILES.iter().copied()) {
        write(&dir.join(path), bytes)?;
    }
    let shown = dir.display();
    Ok(format!(
        "created a new benchsite site in {shown}\n\
         next:\n  \
         benchsite serve --root {shown}   # preview it at http://127.0.0.1:1111/\n  \
         benchsite build --root {shown}   # write it into {}",
        dir.join("public").display()
    ))
}

/// Refuses to go on unless `root` holds a `site.yaml`: without one every input is missing,
/// and one clear sentence beats a list of unreadable files.
pub fn ensure_site(root: &Path) -> Result<()> {
    match root.join("site.yaml").is_file() {
        true => Ok(()),
        false => Err(Error::NotASite {
            path: root.to_path_buf(),
        }),
    }
}

fn has_entries(dir: &Path) -> Result<bool> {
    match std::fs::read_dir(dir) {
        Ok(mut entries) => Ok(entries.next().is_some()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(Error::io(dir, e)),
    }
}

fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    }
    std::fs::write(path, bytes).map_err(|e| Error::io(path, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_default_template_and_static_file_is_embedded() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        for dir in ["templates", "static"] {
            for entry in walkdir::WalkDir::new(root.join(dir)) {
                let entry = entry.unwrap();
                if entry.file_type().is_file() {
                    let name = entry.path().strip_prefix(root).unwrap();
                    let name = name.to_str().unwrap();
                    let embedded = BUILT_IN_FILES.iter().find(|(n, _)| *n == name);
                    let bytes = std::fs::read(entry.path()).unwrap();
                    assert_eq!(embedded.map(|(_, b)| *b), Some(&bytes[..]), "{name}");
                }
            }
        }
    }
}
