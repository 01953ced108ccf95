//! Editors' Markdown: `content/**/*.md`, commentary on generated pages and standalone pages.
//!
//! Loading reports every problem of every file at once, like the data loader, so an editor
//! fixes a batch of typos in one go. Where a file ends up is decided later by
//! [`crate::plan::attach`], once the generated pages are known; its Markdown becomes HTML in
//! [`crate::render::markdown`].

mod front;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;
use walkdir::DirEntry;

use crate::error::{Diagnostic, Position};

pub use front::{FrontMatter, SplitError, split_front_matter};

/// One Markdown file, its front matter parsed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ContentFile {
    /// The file as found under the content folder (the folder's path joined with it).
    pub source: PathBuf,
    /// `/methodology/` for `content/methodology.md`; `_index.md` and `index.md` stand for
    /// their folder (`content/a/_index.md` → `/a/`, `content/index.md` → `/`).
    pub url_path: String,
    pub front: FrontMatter,
    /// The Markdown after the front matter.
    pub body: String,
}

/// Loads every `*.md` under `dir` (which may not exist: content is optional).
///
/// Files and folders whose names start with `.` are skipped: they are editors' swap and lock
/// files. Drafts are read and checked like any file, then dropped unless `drafts`.
pub fn load_content(dir: &Path, drafts: bool) -> (Vec<ContentFile>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    if !dir.is_dir() {
        if dir.exists() {
            let msg = "content must be a folder of Markdown files, not a file";
            problems.push(Diagnostic::new(dir, msg));
        }
        return (files, problems);
    }
    let walk = super::walk(dir)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_hidden(e));
    for entry in walk {
        match entry {
            Ok(e) if e.file_type().is_file() && e.path().extension() == Some("md".as_ref()) => {
                match load_file(dir, e.path()) {
                    Ok(file) => files.push(file),
                    Err(mut d) => problems.append(&mut d),
                }
            }
            Ok(_) => {}
            Err(e) => problems.push(super::walk_problem(dir, e)),
        }
    }
    problems.extend(same_path(&files));
    files.retain(|f| drafts || !f.front.draft);
    (files, problems)
}

fn is_hidden(entry: &DirEntry) -> bool {
    entry.file_name().to_string_lossy().starts_with('.')
}

/// Reads one file and parses its front matter; every problem of its front matter is reported.
fn load_file(dir: &Path, path: &Path) -> Result<ContentFile, Vec<Diagnostic>> {
    let text = super::text::read(path).map_err(|d| vec![d])?;
    let url_path = url_path(dir, path).map_err(|d| vec![d])?;
    let (yaml, body, _) = split_front_matter(&text).map_err(|e| {
        vec![Diagnostic::new(path, e.message).at(Some(Position {
            line: e.line as u64,
            column: 1,
        }))]
    })?;
    let front = front::parse_all(yaml, path)?;
    Ok(ContentFile {
        source: path.to_path_buf(),
        url_path,
        front,
        body: body.to_string(),
    })
}

/// The URL path of the content file `path` under `dir`. Names are limited to characters that
/// need no escaping in a URL or on any file system, since the path becomes both.
fn url_path(dir: &Path, path: &Path) -> Result<String, Diagnostic> {
    let relative = path.strip_prefix(dir).unwrap_or(path).with_extension("");
    let mut parts: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if matches!(parts.last().map(String::as_str), Some("_index" | "index")) {
        parts.pop();
    }
    let plain = |p: &String| {
        p.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    };
    if let Some(bad) = parts.iter().find(|p| !plain(p)) {
        return Err(Diagnostic::new(
            path,
            "a content file or folder name may only use ASCII letters, digits, `-`, `_` and `.`",
        )
        .value(bad.clone())
        .help("the name becomes part of the page's URL; rename it, e.g. `my-notes.md`"));
    }
    Ok(match parts.is_empty() {
        true => "/".into(),
        false => format!("/{}/", parts.join("/")),
    })
}

/// Two files that would be the same page (`a.md`, `a/index.md`, `a/_index.md`).
fn same_path(files: &[ContentFile]) -> Vec<Diagnostic> {
    let mut first: BTreeMap<&str, &Path> = BTreeMap::new();
    let mut problems = Vec::new();
    for f in files {
        if let Some(other) = first.insert(&f.url_path, &f.source) {
            problems.push(
                Diagnostic::new(&f.source, "two content files have the same URL path")
                    .value(f.url_path.clone())
                    .help(format!("{} is the other one; keep one", other.display())),
            );
        }
    }
    problems
}

#[cfg(test)]
mod tests;
