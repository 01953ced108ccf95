//! Staging: all-or-nothing writes, and builds started from the spare.
use super::*;

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
    let (written, _) = site(&[("a/index.html", "one"), ("x.txt", "x")])
        .commit()
        .unwrap();
    assert_eq!((written.pages, written.files, written.bytes), (1, 2, 4));
    site(&[("a/index.html", "two")])
        .commit()
        .unwrap()
        .1
        .remove()
        .unwrap();
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

#[test]
fn nothing_is_written_outside_the_site_or_over_a_staged_file() {
    let tmp = tempfile::tempdir().unwrap();
    let earlier = tmp.path().join("earlier.txt");
    std::fs::write(&earlier, "earlier").unwrap();
    let staging = Staging::new(&tmp.path().join("public"), false).unwrap();
    for path in [
        "../escaped.txt",
        "/tmp/escaped.txt",
        "a/../../escaped.txt",
        "./a",
        "",
    ] {
        assert!(staging.link(&earlier, path, 7, None).is_err(), "{path:?}");
        assert!(staging.put(OutputFile::new(path, "x")).is_err(), "{path:?}");
    }
    assert!(!tmp.path().join("escaped.txt").exists());
    staging.put(OutputFile::new("a.txt", "mine")).unwrap();
    assert!(
        staging.link(&earlier, "a.txt", 7, None).is_err(),
        "a staged file is kept"
    );
    staging.link(&earlier, "b.txt", 7, None).unwrap();
    let (written, _) = staging.commit().unwrap();
    assert_eq!(written.files, 2);
    let read = |f: &str| std::fs::read_to_string(tmp.path().join("public").join(f)).unwrap();
    assert_eq!(
        (read("a.txt"), read("b.txt")),
        ("mine".into(), "earlier".into())
    );
}

/// Every file under `dir`, by relative path, with its text; and its folders.
fn contents(dir: &Path) -> (Vec<(String, String)>, Vec<PathBuf>) {
    let tree = Tree::under(dir).unwrap();
    let mut files: Vec<(String, String)> = tree
        .files
        .into_iter()
        .map(|f| {
            let text = std::fs::read_to_string(dir.join(&f)).unwrap();
            (f, text)
        })
        .collect();
    files.sort();
    let mut folders = tree.folders;
    folders.sort();
    (files, folders)
}

/// A site built from the spare holds exactly what this build wrote and linked, whatever
/// the spare held: files of older builds, stray files and folders, a folder where a file
/// goes and a file where a folder goes; and no output file shared with the spare is ever
/// written through.
#[test]
fn a_site_started_from_the_spare_holds_exactly_what_the_build_put() {
    use crate::output::file_stamp;
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let build = |files: &[(&str, &str)], keep: &[&str]| {
        let staging = Staging::from_spare(&out, false).unwrap();
        for (path, text) in files {
            staging.put(OutputFile::new(*path, *text)).unwrap();
        }
        for path in keep {
            let from = out.join(path);
            let (len, modified) = file_stamp(&from).unwrap();
            staging.link(&from, path, len, Some(modified)).unwrap();
        }
        staging.commit().unwrap().1.remove().unwrap();
    };
    build(
        &[("a/index.html", "a1"), ("b/index.html", "b1"), ("c", "c1")],
        &[],
    );
    assert!(!spare_of(&out).exists(), "nothing replaced, nothing kept");
    build(
        &[("a/index.html", "a2"), ("d/e/f.txt", "f2")],
        &["b/index.html", "c"],
    );
    assert!(spare_of(&out).is_dir(), "the replaced site is the spare");
    // Strays in the spare, and a folder and a file where the next build puts the other.
    let spare = spare_of(&out);
    for (path, text) in [("stray/deep/x.txt", "x"), ("g", "file where a folder goes")] {
        std::fs::create_dir_all(spare.join(path).parent().unwrap()).unwrap();
        std::fs::write(spare.join(path), text).unwrap();
    }
    std::fs::create_dir_all(spare.join("h/i")).unwrap();
    std::fs::write(spare.join("h/i/j.txt"), "in a folder where a file goes").unwrap();
    std::fs::create_dir_all(spare.join("empty/too")).unwrap();
    let shared = out.join("b/index.html");
    let before = file_stamp(&shared).unwrap();
    build(
        &[
            ("a/index.html", "a3"),
            ("g/k.txt", "k3"),
            ("h", "h3"),
            ("c", "c3"),
        ],
        &["b/index.html", "d/e/f.txt"],
    );
    let (files, folders) = contents(&out);
    let texts: Vec<(&str, &str)> = files
        .iter()
        .map(|(f, t)| (f.as_str(), t.as_str()))
        .collect();
    assert_eq!(
        texts,
        [
            ("a/index.html", "a3"),
            ("b/index.html", "b1"),
            ("c", "c3"),
            ("d/e/f.txt", "f2"),
            ("g/k.txt", "k3"),
            ("h", "h3"),
        ]
    );
    let folders: Vec<&str> = folders.iter().map(|f| f.to_str().unwrap()).collect();
    assert_eq!(folders, ["a", "b", "d", "d/e", "g"]);
    assert_eq!(
        file_stamp(&shared),
        Some(before),
        "a kept file is the same file"
    );
    // The spare now is the site before: rewriting its files left that site as it was.
    let (spare_files, _) = contents(&spare_of(&out));
    assert!(spare_files.contains(&("c".to_string(), "c1".to_string())));
    assert!(spare_files.contains(&("a/index.html".to_string(), "a2".to_string())));
}

/// A build from the spare that fails leaves the output as it was (it is never written
/// into, though the spare shares its files), and the next build's site is still exact.
#[test]
fn a_failed_build_from_the_spare_leaves_the_output_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    for text in ["one", "two"] {
        let staging = Staging::from_spare(&out, false).unwrap();
        staging.put(OutputFile::new("a/index.html", text)).unwrap();
        staging.put(OutputFile::new("b.txt", "same")).unwrap();
        staging.commit().unwrap().1.remove().unwrap();
    }
    let staging = Staging::from_spare(&out, false).unwrap();
    staging
        .put(OutputFile::new("a/index.html", "abandoned"))
        .unwrap();
    staging.put(OutputFile::new("b.txt", "abandoned")).unwrap();
    drop(staging);
    let (files, _) = contents(&out);
    assert_eq!(
        files,
        [
            ("a/index.html".to_string(), "two".to_string()),
            ("b.txt".to_string(), "same".to_string())
        ]
    );
    let staging = Staging::from_spare(&out, false).unwrap();
    staging.put(OutputFile::new("c.txt", "three")).unwrap();
    staging.commit().unwrap().1.remove().unwrap();
    assert_eq!(
        contents(&out).0,
        [("c.txt".to_string(), "three".to_string())]
    );
    let entries: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
    assert_eq!(
        entries.len(),
        2,
        "the output and its spare, no staging folders"
    );
}

/// A file the spare holds as recorded is taken from there, even with the output's copy
/// gone; one that differs in length or time, or without a recorded time, is not held.
#[test]
fn a_file_the_spare_holds_is_taken_from_it() {
    use crate::output::file_stamp;
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let first = Staging::from_spare(&out, false).unwrap();
    first.put(OutputFile::new("a/x.txt", "kept")).unwrap();
    first.put(OutputFile::new("b.txt", "b1")).unwrap();
    first.commit().unwrap().1.remove().unwrap();
    // File times can be a few milliseconds coarse; builds are further apart than that.
    std::thread::sleep(std::time::Duration::from_millis(50));
    let second = Staging::from_spare(&out, false).unwrap();
    let (len, modified) = file_stamp(&out.join("a/x.txt")).unwrap();
    second
        .link(&out.join("a/x.txt"), "a/x.txt", len, Some(modified))
        .unwrap();
    second.put(OutputFile::new("b.txt", "b2")).unwrap();
    second.commit().unwrap().1.remove().unwrap();
    assert!(
        !Staging::new(&out, false)
            .unwrap()
            .holds("a/x.txt", len, Some(modified))
    );

    std::fs::remove_file(out.join("a/x.txt")).unwrap();
    let third = Staging::from_spare(&out, false).unwrap();
    assert!(!third.holds("a/x.txt", len, None), "no time recorded");
    assert!(!third.holds("a/x.txt", len + 1, Some(modified)));
    assert!(!third.holds("a/x.txt", len, Some(modified + 1)));
    assert!(
        !third.holds("c.txt", len, Some(modified)),
        "not in the spare"
    );
    let b = file_stamp(&out.join("b.txt")).unwrap();
    assert!(
        !third.holds("b.txt", b.0, Some(b.1)),
        "the spare's is an older file"
    );
    assert!(third.holds("a/x.txt", len, Some(modified)));
    third
        .link(&out.join("a/x.txt"), "a/x.txt", len, Some(modified))
        .unwrap();
    third.put(OutputFile::new("b.txt", "b3")).unwrap();
    third.commit().unwrap().1.remove().unwrap();
    let read = |f: &str| std::fs::read_to_string(out.join(f)).unwrap();
    assert_eq!(
        (read("a/x.txt"), read("b.txt")),
        ("kept".into(), "b3".into())
    );
}

/// A link in the spare is never the file it leads to: one placed where an output file goes,
/// leading to that very file, is not held, and the site gets the file, not the link.
#[cfg(unix)]
#[test]
fn a_link_in_the_spare_is_not_held() {
    use crate::output::file_stamp;
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let first = Staging::new(&out, false).unwrap();
    first.put(OutputFile::new("a/x.txt", "real")).unwrap();
    first.commit().unwrap().1.remove().unwrap();
    let spare = spare_of(&out);
    std::fs::create_dir_all(spare.join("a")).unwrap();
    std::os::unix::fs::symlink(out.join("a/x.txt"), spare.join("a/x.txt")).unwrap();
    let (len, modified) = file_stamp(&out.join("a/x.txt")).unwrap();
    let staging = Staging::from_spare(&out, false).unwrap();
    assert!(!staging.holds("a/x.txt", len, Some(modified)));
    staging
        .link(&out.join("a/x.txt"), "a/x.txt", len, Some(modified))
        .unwrap();
    staging.commit().unwrap().1.remove().unwrap();
    let meta = std::fs::symlink_metadata(out.join("a/x.txt")).unwrap();
    assert!(meta.is_file(), "a plain file, not a link");
    assert_eq!(
        std::fs::read_to_string(out.join("a/x.txt")).unwrap(),
        "real"
    );
}

/// A spare holding names no build writes — a backslash in a name, a name that is not UTF-8
/// — still gives a site of exactly what the build put, this time and the next.
#[cfg(unix)]
#[test]
fn a_spare_with_odd_names_gives_the_site_the_build_put() {
    use std::os::unix::ffi::OsStrExt;
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let build = || {
        let staging = Staging::from_spare(&out, false).unwrap();
        staging.put(OutputFile::new("a/index.html", "a")).unwrap();
        staging.commit().unwrap().1.remove().unwrap();
    };
    build();
    build();
    let spare = spare_of(&out);
    std::fs::write(spare.join("x\\y"), "stray").unwrap();
    build();
    assert_eq!(
        contents(&out).0,
        [("a/index.html".to_string(), "a".to_string())]
    );
    std::fs::write(
        spare_of(&out).join(std::ffi::OsStr::from_bytes(b"z\xff")),
        "stray",
    )
    .unwrap();
    build();
    build();
    assert_eq!(
        contents(&out).0,
        [("a/index.html".to_string(), "a".to_string())]
    );
}

/// A spare that is a link is not followed: the folder it points to is left as it was, the link
/// is removed, and the build starts afresh (found by a review: a `.public.spare` linked to the
/// site's data/ had the build empty data/ and write the site there).
#[cfg(unix)]
#[test]
fn a_spare_that_is_a_link_is_removed_not_followed() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let data = tmp.path().join("data");
    std::fs::create_dir(&data).unwrap();
    std::fs::write(data.join("hardware.yaml"), "mine").unwrap();
    std::os::unix::fs::symlink(&data, spare_of(&out)).unwrap();
    let staging = Staging::from_spare(&out, false).unwrap();
    assert!(!staging.was_spare);
    staging.put(OutputFile::new("index.html", "site")).unwrap();
    let (_, old) = staging.commit().unwrap();
    old.remove().unwrap();
    assert_eq!(
        std::fs::read_to_string(data.join("hardware.yaml")).unwrap(),
        "mine"
    );
    assert_eq!(std::fs::read_dir(&data).unwrap().count(), 1);
    assert!(!std::fs::symlink_metadata(&out).unwrap().is_symlink());
    assert!(
        std::fs::symlink_metadata(spare_of(&out)).is_err(),
        "the link itself is gone"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("index.html")).unwrap(),
        "site"
    );
}

/// A file written where one already stands replaces it by a new file: the one there may be a
/// hard link to the live site's (on a case-insensitive disk, `DSR1/…` lands on a `dsr1/…`
/// taken over from the live output), which must not change.
#[test]
fn a_write_never_goes_through_a_file_already_there() {
    let tmp = tempfile::tempdir().unwrap();
    let live = tmp.path().join("live.html");
    std::fs::write(&live, "served").unwrap();
    let staged = tmp.path().join("staged.html");
    std::fs::hard_link(&live, &staged).unwrap();
    write_new(&staged, b"new").unwrap();
    assert_eq!(std::fs::read_to_string(&staged).unwrap(), "new");
    assert_eq!(std::fs::read_to_string(&live).unwrap(), "served");
    // And where nothing stands, it simply writes.
    let fresh = tmp.path().join("fresh.html");
    write_new(&fresh, b"x").unwrap();
    assert_eq!(std::fs::read(&fresh).unwrap(), b"x");
}
