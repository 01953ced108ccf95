//! Watching the site's inputs and rebuilding on change.
//!
//! Only the inputs are watched — `site.yaml` and the input folders — never the whole root:
//! a site root may hold `public/` (which `build` rewrites) or a `target/` with thousands of
//! files, and watching those would cost watches and trigger needless builds.

use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

use notify_debouncer_full::notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{
    DebounceEventResult, DebouncedEvent, Debouncer, RecommendedCache, new_debouncer,
};

use super::Live;
use crate::error::{Error, Result};

/// The folders whose every file is an input.
const INPUT_DIRS: [&str; 4] = ["data", "content", "templates", "static"];
const CONFIG_FILE: &str = "site.yaml";

/// Editors write a file in several steps (truncate, write, rename); one build per save.
const DEBOUNCE: Duration = Duration::from_millis(150);

type FileWatcher = Debouncer<RecommendedWatcher, RecommendedCache>;

/// Starts watching `live.root` on a thread of its own, which rebuilds on every change.
pub(super) fn start(live: Arc<Live>) -> Result<()> {
    let (tx, rx) = mpsc::channel();
    let mut watcher = new_debouncer(DEBOUNCE, None, tx).map_err(|e| watch_error(&live.root, e))?;
    // The root itself, not recursively: sees `site.yaml` replaced and input folders created.
    watcher
        .watch(&live.root, RecursiveMode::NonRecursive)
        .map_err(|e| watch_error(&live.root, e))?;
    let mut watched = HashSet::new();
    sync_watches(&mut watcher, &live.root, &mut watched, &[]);
    let root = live.root.clone();
    std::thread::Builder::new()
        .name("benchsite-watch".into())
        // The watcher stops when dropped, so the thread owns it.
        .spawn(move || watch_loop(watcher, &rx, &live, &mut watched))
        .map_err(|e| Error::io(root, e))?;
    Ok(())
}

/// Rebuilds once per batch of changes; changes made during a build are folded into one more.
fn watch_loop(
    mut watcher: FileWatcher,
    rx: &Receiver<DebounceEventResult>,
    live: &Live,
    watched: &mut HashSet<&'static str>,
) {
    while let Ok(first) = rx.recv() {
        let mut events = Vec::new();
        for batch in std::iter::once(first).chain(rx.try_iter()) {
            match batch {
                Ok(batch) => events.extend(batch),
                Err(errors) => errors
                    .iter()
                    .for_each(|e| eprintln!("warning: watching files: {e}")),
            }
        }
        let changed = changed_inputs(&live.root, &events);
        if changed.is_empty() {
            continue;
        }
        sync_watches(&mut watcher, &live.root, watched, &changed);
        eprintln!("changed: {}", describe(&live.root, &changed));
        live.rebuild();
    }
}

/// The inputs that `events` changed. Reads are not changes: the build itself reads every input,
/// and counting that would rebuild forever.
fn changed_inputs<'a>(root: &Path, events: &'a [DebouncedEvent]) -> Vec<&'a Path> {
    events
        .iter()
        .filter(|e| !matches!(e.kind, EventKind::Access(_)))
        .flat_map(|e| e.paths.iter().map(PathBuf::as_path))
        .filter(|p| is_input(root, p))
        .collect()
}

/// True for `site.yaml` and anything under an input folder (the folder itself included).
fn is_input(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    if rel == Path::new(CONFIG_FILE) {
        return true;
    }
    match rel.components().next() {
        Some(Component::Normal(first)) => INPUT_DIRS.iter().any(|d| first == *d),
        _ => false,
    }
}

/// Watches every input folder that exists and is not yet watched. A folder that was itself
/// created, removed or replaced (it is among `changed`) is watched afresh, because a watch
/// follows the folder that was there, not the name.
fn sync_watches(
    watcher: &mut FileWatcher,
    root: &Path,
    watched: &mut HashSet<&'static str>,
    changed: &[&Path],
) {
    for dir in INPUT_DIRS {
        let path = root.join(dir);
        if changed.contains(&path.as_path()) && watched.remove(dir) {
            let _ = watcher.unwatch(&path);
        }
        if watched.contains(dir) || !path.is_dir() {
            continue;
        }
        match watcher.watch(&path, RecursiveMode::Recursive) {
            Ok(()) => {
                watched.insert(dir);
            }
            Err(e) => eprintln!("warning: cannot watch {}: {e}", path.display()),
        }
    }
}

/// `data/models.yaml, site.yaml`, or a count when many files changed at once.
fn describe(root: &Path, changed: &[&Path]) -> String {
    const SHOWN: usize = 3;
    let mut names: Vec<String> = changed
        .iter()
        .map(|p| p.strip_prefix(root).unwrap_or(p).display().to_string())
        .collect();
    names.sort();
    names.dedup();
    if names.len() > SHOWN {
        let more = names.len() - SHOWN;
        names.truncate(SHOWN);
        names.push(format!("and {more} more"));
    }
    names.join(", ")
}

fn watch_error(root: &Path, e: notify_debouncer_full::notify::Error) -> Error {
    Error::io(
        root,
        std::io::Error::other(format!("cannot watch files: {e}")),
    )
}

#[cfg(test)]
mod tests {
    use std::time::Instant;

    use super::*;

    #[test]
    fn only_inputs_trigger_a_build() {
        let root = Path::new("/site");
        assert!(is_input(root, Path::new("/site/site.yaml")));
        assert!(is_input(root, Path::new("/site/data/models.yaml")));
        assert!(is_input(root, Path::new("/site/content")));
        assert!(is_input(root, Path::new("/site/templates/partials/x.html")));
        assert!(!is_input(root, Path::new("/site/public/index.html")));
        assert!(!is_input(root, Path::new("/site/README.md")));
        assert!(!is_input(root, Path::new("/site/database/x")));
        assert!(!is_input(root, Path::new("/elsewhere/site.yaml")));
    }

    #[test]
    fn reading_inputs_is_not_a_change() {
        use notify_debouncer_full::notify::event::{AccessKind, CreateKind, Event};
        let event = |kind, path: &str| {
            DebouncedEvent::new(Event::new(kind).add_path(path.into()), Instant::now())
        };
        let events = [
            event(EventKind::Access(AccessKind::Any), "/site/data/models.yaml"),
            event(EventKind::Create(CreateKind::File), "/site/public/x.html"),
            event(EventKind::Create(CreateKind::File), "/site/content/a.md"),
        ];
        assert_eq!(
            changed_inputs(Path::new("/site"), &events),
            [Path::new("/site/content/a.md")]
        );
    }
}
