//! Where a build may write, checked before anything is read or written: the output folder is
//! replaced whole (staged beside it, swapped in, the old one moved aside and removed), so an
//! output that is a file, or that holds or sits inside the site's inputs, would take them
//! with it. And what a build writes besides its output (the cache, the deploy list) must not
//! land among the inputs, which the next build would read.

use std::path::{Component, Path, PathBuf};

use crate::error::{Error, Result};
use crate::incremental::shard;

/// What the output folder must keep clear of, besides the site's folder itself.
pub struct Guarded<'a> {
    /// The site's folder (`--root`); the output may sit inside it (`public/`), not hold it.
    pub root: &'a Path,
    /// Other folders the output may neither hold nor sit inside: the build cache, the shards
    /// being merged.
    pub folders: Vec<(&'static str, &'a Path)>,
    /// The deploy list (`--changes`), which must be written outside the output.
    pub changes: Option<&'a Path>,
    /// The build writes one shard (`build --shard I/N`): it may replace an earlier shard,
    /// never a whole site, which `--shard 1/2 --out public` would swap for half its pages.
    pub shard: bool,
}

/// The inputs inside the site's folder the output must keep clear of.
const INPUTS: &[&str] = &["site.yaml", "data", "templates", "static", "content"];

/// Refuses an output folder `out` that is a file, that holds what no build wrote
/// ([`replaceable`]), or that would replace or move aside any of `guarded`, and a cache, shard
/// folder or deploy list among the site's inputs; a usage error naming both.
pub fn check(out: &Path, guarded: &Guarded) -> Result<()> {
    keep_off_working_folders(out)?;
    let out_at = resolved(out);
    let root = resolved(guarded.root);
    if root.starts_with(&out_at) {
        return Err(clash(out, "holds the site's folder", guarded.root));
    }
    let inputs = INPUTS
        .iter()
        .map(|name| ("the site's", guarded.root.join(name)));
    let others = guarded
        .folders
        .iter()
        .map(|(what, p)| (*what, p.to_path_buf()));
    for (what, path) in inputs.chain(others) {
        let at = resolved(&path);
        if at.starts_with(&out_at) || out_at.starts_with(&at) {
            return Err(clash(out, &format!("overlaps {what}"), &path));
        }
    }
    keep_out_of_inputs(guarded)?;
    match guarded.changes {
        Some(changes) if resolved(changes).starts_with(&out_at) => Err(Error::Usage(format!(
            "--changes {} is inside the output folder {}, which the build replaces; write the \
             deploy list outside it",
            changes.display(),
            out.display()
        ))),
        _ => match held(out)? {
            Held::Site if guarded.shard => Err(Error::Usage(format!(
                "the output folder {} holds a whole site, and a shard build would replace it \
                 with one shard of the pages\n  help: give each shard a folder of its own with \
                 --out (the default is the site's shard-I-of-N/), and `benchsite merge` the \
                 shards into the site",
                out.display()
            ))),
            _ => Ok(()),
        },
    }
}

/// Refuses an output named as the folders a build of another output works in beside it
/// (`.public.spare`, `.public.new-42`, `.public.old-42`, see [`crate::output::staging`]): the
/// next build of `public` would take it for its spare, or for a killed build's leftovers,
/// and reuse or delete it.
fn keep_off_working_folders(out: &Path) -> Result<()> {
    let name = out.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let Some((of, what)) = name.strip_prefix('.').and_then(|n| n.rsplit_once('.')) else {
        return Ok(());
    };
    let numbered = |prefix: &str| {
        what.strip_prefix(prefix)
            .is_some_and(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
    };
    if of.is_empty() || !(what == "spare" || numbered("new-") || numbered("old-")) {
        return Ok(());
    }
    Err(Error::Usage(format!(
        "the output folder {} is named as a folder that builds of {of}/ work in beside it, \
         which they reuse or delete\n  help: pick another name with --out",
        out.display()
    )))
}

/// Refuses a build cache, shard folder or deploy list inside the site's inputs: the build
/// would read what it wrote there (a cache's `pages.json` under `data/results/` as a result
/// file) and fail from then on.
fn keep_out_of_inputs(guarded: &Guarded) -> Result<()> {
    let written = guarded
        .folders
        .iter()
        .copied()
        .chain(guarded.changes.map(|c| ("the deploy list", c)));
    for (what, path) in written {
        let at = resolved(path);
        for input in INPUTS {
            if at.starts_with(resolved(&guarded.root.join(input))) {
                return Err(Error::Usage(format!(
                    "{what} {} is inside the site's {input}, which the build reads as input\n  \
                     help: put it outside data/, templates/, static/ and content/",
                    path.display()
                )));
            }
        }
    }
    Ok(())
}

/// The folder a build writes for `--out out`: `out` itself, or where it leads when it is a
/// symbolic link. The build swaps a new folder in where the old one was, and a link swapped
/// for a folder would be gone (and its target left behind, the next build writing into it in
/// place); so a link to a site stays a link to the new site. A link to a folder not made yet
/// leads to where it will be.
pub fn followed(out: &Path) -> PathBuf {
    let mut at = out.to_path_buf();
    // As many links in a row as the kernel follows (Linux's MAXSYMLINKS).
    // (`read_link` fails on anything but a link.)
    for _ in 0..40 {
        match std::fs::read_link(&at) {
            Ok(to) => at = at.parent().map_or(to.clone(), |parent| parent.join(&to)),
            Err(_) => break,
        }
    }
    at
}

/// Files at the top of every folder a build wrote: a folder holding them all is a site, which
/// the next build may replace. All three, not one: a folder of someone's documents may well
/// hold an `index.html`.
const WRITTEN_BY_A_BUILD: &[&str] = &["index.html", "404.html", "sitemap.xml"];

/// What an empty folder may still hold: placeholders and a file browser's notes, nothing
/// anyone would miss. (A `.git` folder, say, is not among them.)
const AS_GOOD_AS_EMPTY: &[&str] = &[".gitkeep", ".keep", ".DS_Store"];

/// Refuses to replace `out` unless it is absent, empty (but for [`AS_GOOD_AS_EMPTY`]) or a
/// site a build wrote: `--out ~/Documents` must not move someone's documents aside and
/// delete them. Also used by `bench --out`, which clears its folder first. A folder that
/// cannot be listed, or an entry that cannot be read, counts as someone's.
pub fn replaceable(out: &Path) -> Result<()> {
    held(out).map(|_| ())
}

/// What a folder that a build may replace holds.
enum Held {
    /// Nothing: it is absent, or as good as empty.
    Nothing,
    /// A site, a build's or a merge's.
    Site,
    /// One shard of a `build --shard I/N` set (its manifest at the top).
    Shard,
}

/// What `out` holds, or the error of [`replaceable`] when it is not a build's to replace.
fn held(out: &Path) -> Result<Held> {
    if !out.exists() {
        return Ok(Held::Nothing);
    }
    if !out.is_dir() {
        return Err(Error::Usage(format!(
            "{} is a file; the output is a folder of its own, which each build replaces whole\n  \
             help: pick a new folder with --out",
            out.display()
        )));
    }
    let unlisted = |e: std::io::Error| {
        Error::Usage(format!(
            "cannot list the output folder {} to check that it holds a site, which a build \
             replaces whole: {e}\n  help: pick another folder with --out",
            out.display()
        ))
    };
    let names = std::fs::read_dir(out)
        .map_err(unlisted)?
        .map(|e| e.map(|e| e.file_name()))
        .collect::<std::io::Result<Vec<std::ffi::OsString>>>()
        .map_err(unlisted)?;
    let is = |list: &[&str], name: &std::ffi::OsString| list.iter().any(|w| name == w);
    let has = |file: &str| names.iter().any(|n| n == file);
    if has(shard::MANIFEST) {
        return Ok(Held::Shard);
    }
    if WRITTEN_BY_A_BUILD.iter().all(|f| has(f)) {
        return Ok(Held::Site);
    }
    if names.iter().all(|n| is(AS_GOOD_AS_EMPTY, n)) {
        return Ok(Held::Nothing);
    }
    Err(Error::Usage(format!(
        "the output folder {} holds files no build wrote (not index.html, 404.html and \
         sitemap.xml, nor {} at its top); a build replaces its output whole, so they would be \
         deleted\n  help: pick a new or empty folder with --out, or remove this one yourself",
        out.display(),
        shard::MANIFEST
    )))
}

fn clash(out: &Path, how: &str, path: &Path) -> Error {
    Error::Usage(format!(
        "the output folder {} {how} {}; a build replaces its output whole, so it would move \
         them aside\n  help: pick another folder with --out (the default is the site's public/)",
        out.display(),
        path.display()
    ))
}

/// `path` made absolute, with symbolic links resolved as far as it exists and `.`/`..`
/// folded in the rest, so that two spellings of one folder compare equal.
fn resolved(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut existing: Vec<Component> = absolute.components().collect();
    let mut rest = Vec::new();
    while existing.len() > 1 && !existing.iter().collect::<PathBuf>().exists() {
        rest.extend(existing.pop());
    }
    let existing: PathBuf = existing.iter().collect();
    let mut at = existing.canonicalize().unwrap_or(existing);
    for part in rest.into_iter().rev() {
        match part {
            Component::ParentDir => {
                at.pop();
            }
            Component::CurDir => {}
            part => at.push(part),
        }
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for folder in ["data", "templates", "static", "content"] {
            std::fs::create_dir(dir.path().join(folder)).unwrap();
        }
        std::fs::write(dir.path().join("site.yaml"), "title: t\n").unwrap();
        dir
    }

    fn guarded(root: &Path) -> Guarded<'_> {
        Guarded {
            root,
            folders: Vec::new(),
            changes: None,
            shard: false,
        }
    }

    #[test]
    fn an_output_named_as_a_builds_working_folder_is_refused() {
        let s = site();
        let root = s.path();
        for name in [".public.spare", ".public.new-42", ".site.v2.old-7"] {
            let error = check(&root.join(name), &guarded(root)).unwrap_err();
            assert!(error.to_string().contains("builds of"), "{name}: {error}");
        }
        for name in [
            ".public",
            ".spare",
            "public.spare",
            ".public.new-",
            ".public.newest",
        ] {
            assert!(check(&root.join(name), &guarded(root)).is_ok(), "{name}");
        }
    }

    #[test]
    fn a_shard_replaces_a_shard_or_nothing_never_a_site() {
        let s = site();
        let root = s.path();
        let shard = Guarded {
            shard: true,
            ..guarded(root)
        };
        let out = root.join("public");
        assert!(check(&out, &shard).is_ok(), "a new folder");
        std::fs::create_dir(&out).unwrap();
        for file in WRITTEN_BY_A_BUILD {
            std::fs::write(out.join(file), "").unwrap();
        }
        let error = check(&out, &shard).unwrap_err().to_string();
        assert!(error.contains("holds a whole site"), "{error}");
        assert!(
            check(&out, &guarded(root)).is_ok(),
            "a whole build replaces it"
        );
        std::fs::write(out.join(shard::MANIFEST), "").unwrap();
        assert!(check(&out, &shard).is_ok(), "an earlier shard");
    }

    #[test]
    fn a_cache_or_deploy_list_inside_the_inputs_is_refused() {
        let s = site();
        let root = s.path();
        let out = root.join("public");
        let results = root.join("data/results/cache");
        let cache = Guarded {
            folders: vec![("the build cache", results.as_path())],
            ..guarded(root)
        };
        let error = check(&out, &cache).unwrap_err().to_string();
        assert!(
            error.contains("the build cache") && error.contains("inside the site's data"),
            "{error}"
        );
        let list = root.join("content/changes.json");
        let changes = Guarded {
            changes: Some(&list),
            ..guarded(root)
        };
        let error = check(&out, &changes).unwrap_err().to_string();
        assert!(error.contains("the deploy list"), "{error}");
        // Beside the inputs, as by default (`.benchsite-cache`), is fine.
        let beside = root.join(".benchsite-cache");
        let fine = Guarded {
            folders: vec![("the build cache", beside.as_path())],
            changes: Some(&root.join("changes.json")),
            ..guarded(root)
        };
        assert!(check(&out, &fine).is_ok());
    }

    #[test]
    fn only_a_new_empty_or_built_folder_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let at = |name: &str| dir.path().join(name);
        assert!(replaceable(&at("new")).is_ok());
        std::fs::create_dir(at("empty")).unwrap();
        std::fs::write(at("empty/.gitkeep"), "").unwrap();
        assert!(replaceable(&at("empty")).is_ok());
        // A repository's history is someone's, hidden or not.
        std::fs::create_dir_all(at("repository/.git")).unwrap();
        assert!(replaceable(&at("repository")).is_err());
        for (folder, files) in [
            (
                "site",
                &["index.html", "404.html", "sitemap.xml", "style.css"][..],
            ),
            ("shard", &[crate::incremental::shard::MANIFEST]),
            ("documents", &["letter.txt"]),
            ("home-page", &["index.html", "letter.txt"]),
            ("no-sitemap", &["index.html", "404.html"]),
        ] {
            std::fs::create_dir(at(folder)).unwrap();
            for file in files {
                std::fs::write(at(folder).join(file), "x").unwrap();
            }
        }
        for built in ["site", "shard"] {
            assert!(replaceable(&at(built)).is_ok(), "{built}");
        }
        for someones in ["documents", "home-page", "no-sitemap"] {
            let refused = replaceable(&at(someones)).unwrap_err().to_string();
            assert!(refused.contains("holds files no build wrote"), "{refused}");
        }
        // A site's page deeper down does not make a folder of documents a site.
        std::fs::create_dir(at("documents/old")).unwrap();
        std::fs::write(at("documents/old/index.html"), "x").unwrap();
        assert!(replaceable(&at("documents")).is_err());
    }

    #[test]
    fn an_output_inside_the_site_beside_its_inputs_is_fine() {
        let s = site();
        let root = s.path();
        for out in ["public", "build/site", "data-out"] {
            assert!(check(&root.join(out), &guarded(root)).is_ok(), "{out}");
        }
        let outside = tempfile::tempdir().unwrap();
        assert!(check(&outside.path().join("site"), &guarded(root)).is_ok());
    }

    #[test]
    fn an_output_that_holds_or_sits_in_the_inputs_is_refused() {
        let s = site();
        let root = s.path();
        let parent = root.parent().unwrap().to_path_buf();
        let dotted = root.join("public/../data");
        for out in [
            root.to_path_buf(),
            parent,
            root.join("."),
            root.join("data"),
            root.join("static/css"),
            root.join("site.yaml"),
            dotted,
        ] {
            let e = check(&out, &guarded(root))
                .err()
                .unwrap_or_else(|| panic!("{} was let through", out.display()));
            assert!(matches!(e, Error::Usage(_)), "{}: {e}", out.display());
        }
    }

    #[test]
    fn an_output_that_is_a_file_or_clashes_with_the_cache_or_the_deploy_list_is_refused() {
        let s = site();
        let root = s.path();
        let file = root.join("notes.txt");
        std::fs::write(&file, "mine").unwrap();
        let e = check(&file, &guarded(root)).unwrap_err();
        assert!(e.to_string().contains("is a file"), "{e}");
        let cache = root.join(".benchsite-cache");
        let with_cache = Guarded {
            folders: vec![("the build cache", &cache)],
            ..guarded(root)
        };
        assert!(check(&cache.join("out"), &with_cache).is_err());
        assert!(check(&root.join("public"), &with_cache).is_ok());
        let out = root.join("public");
        let changes = out.join("changes.json");
        let with_changes = Guarded {
            changes: Some(&changes),
            ..guarded(root)
        };
        let e = check(&out, &with_changes).unwrap_err();
        assert!(e.to_string().contains("--changes"), "{e}");
    }
}
