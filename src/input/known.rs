//! Result files already read and checked by an earlier build, so that a rebuild after a
//! nightly run parses and checks only the files that changed. Parsing and checking every
//! result file was the largest share of such a rebuild; reading and hashing one costs a
//! tenth of that.
//!
//! A file is known by its [`ResultKey`]: a hash of everything its checked records depend on,
//! so that a file with the same key has the same records whatever its path or modification
//! time (a CI runner's fresh checkout gives every file a new one). The store behind
//! [`KnownResults`] is the build cache's (`incremental::records`).

use std::path::Path;

use xxhash_rust::xxh3::Xxh3Default;

use super::record::Record;
use super::runs::{RunBlock, Sidecar};
use crate::types::RunDate;

/// The hash of what a result file's checked records depend on: its bytes, how they are parsed
/// (its extension), its `run.yaml`, and the [`CheckingContext`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ResultKey(pub u128);

/// What checking every result file depends on: the catalogs' text and the size limit. A
/// change to either gives every file a new [`ResultKey`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CheckingContext(u128);

impl CheckingContext {
    pub fn new(catalog_texts: &[&str], max_file_bytes: u64) -> CheckingContext {
        let mut h = Xxh3Default::new();
        for text in catalog_texts {
            field(&mut h, text.as_bytes());
        }
        h.update(&max_file_bytes.to_le_bytes());
        CheckingContext(h.digest128())
    }
}

impl ResultKey {
    /// The key of result file `path` with text `text`, and `sidecar` beside it.
    pub fn of(
        context: CheckingContext,
        path: &Path,
        text: &str,
        sidecar: Option<&Sidecar>,
    ) -> ResultKey {
        let mut h = Xxh3Default::new();
        h.update(&context.0.to_le_bytes());
        let extension = path.extension().unwrap_or_default();
        field(&mut h, extension.as_encoded_bytes());
        field(&mut h, text.as_bytes());
        // The sidecar's date and URL go into records without their own; its title and notes
        // only describe the run, which is not stored, but a changed sidecar is rare.
        if let Some(s) = sidecar {
            let date = s.date.as_ref().map(RunDate::as_str);
            for value in [
                date,
                s.url.as_deref(),
                s.title.as_deref(),
                s.notes.as_deref(),
            ] {
                field(&mut h, value.unwrap_or_default().as_bytes());
                h.update(&[value.is_some() as u8]);
            }
        }
        ResultKey(h.digest128())
    }
}

/// Feeds `bytes` with its length, so that two fields cannot run into each other.
fn field(h: &mut Xxh3Default, bytes: &[u8]) {
    h.update(&(bytes.len() as u64).to_le_bytes());
    h.update(bytes);
}

/// Result files read and checked before, by key.
pub trait KnownResults: Sync {
    /// The `run:` block and checked records of a file read before with key `key`. The records'
    /// `source.file` is the file's number then.
    fn get(&self, key: ResultKey) -> Option<(Option<RunBlock>, Vec<Record>)>;

    /// Notes what a file of key `key`, read now or known before, holds: it has no problems.
    fn note(&self, key: ResultKey, block: &Option<RunBlock>, records: &[Record]);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sidecar(date: Option<&str>) -> Sidecar {
        Sidecar {
            date: date.and_then(RunDate::parse),
            ..Sidecar::default()
        }
    }

    fn with(edit: fn(&mut Sidecar)) -> Sidecar {
        let mut s = Sidecar::default();
        edit(&mut s);
        s
    }

    #[test]
    fn the_key_changes_with_each_thing_it_covers() {
        let context = CheckingContext::new(&["hw", "models"], 10);
        let json = Path::new("a/r.json");
        let base = ResultKey::of(context, json, "[1]", None);
        // The same inputs at another path (another run's folder) have the same key.
        assert_eq!(
            base,
            ResultKey::of(context, Path::new("b/r.json"), "[1]", None)
        );
        let others = [
            ResultKey::of(context, json, "[2]", None),
            ResultKey::of(context, Path::new("a/r.yaml"), "[1]", None),
            ResultKey::of(context, json, "[1]", Some(&sidecar(None))),
            ResultKey::of(context, json, "[1]", Some(&sidecar(Some("2026-01-01")))),
            ResultKey::of(
                context,
                json,
                "[1]",
                Some(&with(|s| s.url = Some("x".into()))),
            ),
            ResultKey::of(
                context,
                json,
                "[1]",
                Some(&with(|s| s.title = Some("x".into()))),
            ),
            ResultKey::of(
                context,
                json,
                "[1]",
                Some(&with(|s| s.notes = Some("x".into()))),
            ),
            ResultKey::of(
                CheckingContext::new(&["hw2", "models"], 10),
                json,
                "[1]",
                None,
            ),
            ResultKey::of(
                CheckingContext::new(&["hw", "models"], 11),
                json,
                "[1]",
                None,
            ),
            // Fields cannot run into each other.
            ResultKey::of(
                CheckingContext::new(&["hwm", "odels"], 10),
                json,
                "[1]",
                None,
            ),
        ];
        // Each differs from the base and from every other.
        let all: std::collections::HashSet<ResultKey> = others.iter().copied().collect();
        assert_eq!(all.len(), others.len());
        assert!(!all.contains(&base));
        // An empty URL differs from none.
        assert_ne!(
            ResultKey::of(
                context,
                json,
                "[1]",
                Some(&with(|s| s.url = Some(String::new())))
            ),
            ResultKey::of(context, json, "[1]", Some(&sidecar(None)))
        );
    }
}
