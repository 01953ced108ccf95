//! The build cache's records (SPEC §16): every result file's checked records as an earlier
//! build read them, by [`ResultKey`], so that a rebuild parses and checks only the result
//! files that changed (see [`crate::input::known`]).
//!
//! One file, `<cache>/records.jsonl`: a header line `benchsite-records 1 <program>`, then one
//! line per result file read without problems, in key order: its key, a checksum (XXH3 of the
//! key and the JSON) and its `run:` block and records as JSON (records without their file's
//! number, so a line depends on its key alone). A cache another program wrote is ignored. A
//! line whose checksum does not match, or that is cut off (a truncated or edited cache), is
//! not trusted: its file is read afresh, and the build warns, as it does when the file cannot
//! be read at all. The file is rewritten after the
//! inputs are loaded, through a temporary file, when the set of files changed; the records
//! it holds describe the inputs, not the output, so a build that fails later leaves it true.

use std::collections::{BTreeMap, HashMap};
use std::io::{BufWriter, Write as _};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::Xxh3Default;

use super::PROGRAM;
use crate::error::{Error, Result};
use crate::input::known::{KnownResults, ResultKey};
use crate::input::record::Record;
use crate::input::runs::RunBlock;

/// The file's name inside the cache folder.
const FILE: &str = "records.jsonl";
const MAGIC_NAME: &str = "benchsite-records ";
const MAGIC: &str = "benchsite-records 1";

/// One result file's line, as written.
#[derive(Serialize)]
struct EntryRef<'a> {
    block: &'a Option<RunBlock>,
    records: &'a [Record],
}

/// One result file's line, as read back.
#[derive(Deserialize)]
struct Entry {
    block: Option<RunBlock>,
    records: Vec<Record>,
}

/// The records an earlier build read (from the cache file), and what this build notes for the
/// next one.
#[derive(Debug, Default)]
pub struct RecordCache {
    file: PathBuf,
    /// The cache file as read (empty if there was none, or another program wrote it).
    text: String,
    /// Where each key's JSON is in `text`, and its checksum.
    lines: HashMap<ResultKey, (Range<usize>, u64)>,
    /// Each file this build read or took, by key: its place in `text`, or its new line.
    noted: Mutex<BTreeMap<ResultKey, Noted>>,
    /// Why the cache file could not be read, if it could not.
    unreadable: Option<String>,
    /// Whether a line of it (or its header) was damaged.
    damaged: AtomicBool,
    /// Result files taken (two with the same key count twice).
    taken: AtomicUsize,
}

#[derive(Debug)]
enum Noted {
    Before(Range<usize>, u64),
    New(String, u64),
}

impl RecordCache {
    /// The records cache in folder `dir`. None there, or one another program wrote (a new
    /// program may read files differently), is an empty cache; an unreadable or damaged one
    /// is ignored (all or in part) with a [warning](Self::warning).
    pub fn open(dir: &Path) -> RecordCache {
        let file = dir.join(FILE);
        let (text, unreadable) = match std::fs::read_to_string(&file) {
            Ok(text) => (text, None),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => (String::new(), None),
            Err(e) => (String::new(), Some(e.to_string())),
        };
        let (lines, damaged) = match text.split_once('\n') {
            _ if text.is_empty() => (HashMap::new(), false),
            Some((header, _)) if header == heading() => index(&text),
            Some((header, _)) if header.starts_with(MAGIC_NAME) => (HashMap::new(), false),
            _ => (HashMap::new(), true),
        };
        RecordCache {
            file,
            text,
            lines,
            unreadable,
            damaged: AtomicBool::new(damaged),
            ..RecordCache::default()
        }
    }

    /// The warning to show if the cache could not be read, or was damaged (truncated or
    /// edited): the result files it no longer vouches for were read afresh.
    pub fn warning(&self) -> Option<String> {
        let file = self.file.display();
        if let Some(e) = &self.unreadable {
            return Some(format!(
                "{file}: cannot read ({e}); every result file was read"
            ));
        }
        self.damaged.load(Ordering::Relaxed).then(|| {
            format!("{file}: damaged (truncated or edited); its result files were read afresh")
        })
    }

    /// How many result files were taken from the cache.
    pub fn taken(&self) -> usize {
        self.taken.load(Ordering::Relaxed)
    }

    /// Writes the files noted, if they are not the ones the cache held.
    pub fn write(self) -> Result<()> {
        let noted = self.noted.into_inner().unwrap_or_else(|e| e.into_inner());
        let same = noted.len() == self.lines.len()
            && noted.values().all(|n| matches!(n, Noted::Before(..)))
            && !self.damaged.load(Ordering::Relaxed);
        if same {
            return Ok(());
        }
        let dir = self.file.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let partial = self
            .file
            .with_extension(format!("jsonl.{}", std::process::id()));
        let written = write_lines(&partial, &self.text, &noted);
        if let Err(e) = written {
            let _ = std::fs::remove_file(&partial);
            return Err(Error::io(&partial, e));
        }
        std::fs::rename(&partial, &self.file).map_err(|e| {
            let _ = std::fs::remove_file(&partial);
            Error::io(&self.file, e)
        })
    }

    fn note_line(&self, key: ResultKey, noted: Noted) {
        let mut all = self.noted.lock().unwrap_or_else(|e| e.into_inner());
        all.insert(key, noted);
    }
}

impl KnownResults for RecordCache {
    fn get(&self, key: ResultKey) -> Option<(Option<RunBlock>, Vec<Record>)> {
        let (range, sum) = self.lines.get(&key)?;
        let json = &self.text[range.clone()];
        let entry = (checksum(key, json) == *sum)
            .then(|| serde_json::from_str::<Entry>(json).ok())
            .flatten();
        match entry {
            Some(entry) => {
                self.note_line(key, Noted::Before(range.clone(), *sum));
                self.taken.fetch_add(1, Ordering::Relaxed);
                Some((entry.block, entry.records))
            }
            None => {
                self.damaged.store(true, Ordering::Relaxed);
                None
            }
        }
    }

    fn note(&self, key: ResultKey, block: &Option<RunBlock>, records: &[Record]) {
        if self.noted.lock().is_ok_and(|n| n.contains_key(&key)) {
            return;
        }
        // A record that cannot be written as JSON (none can, once checked) is not cached.
        if let Ok(json) = serde_json::to_string(&EntryRef { block, records }) {
            let sum = checksum(key, &json);
            self.note_line(key, Noted::New(json, sum));
        }
    }
}

/// Writes the header and a line per file noted (the lines known before from `before`).
fn write_lines(
    file: &Path,
    before: &str,
    noted: &BTreeMap<ResultKey, Noted>,
) -> std::io::Result<()> {
    let mut out = BufWriter::new(std::fs::File::create(file)?);
    writeln!(out, "{}", heading())?;
    for (key, noted) in noted {
        let (json, sum) = match noted {
            Noted::Before(range, sum) => (&before[range.clone()], *sum),
            Noted::New(json, sum) => (json.as_str(), *sum),
        };
        writeln!(out, "{:032x} {sum:016x} {json}", key.0)?;
    }
    out.flush()
}

/// The checksum of a line: of its key and its JSON.
fn checksum(key: ResultKey, json: &str) -> u64 {
    let mut h = Xxh3Default::new();
    h.update(&key.0.to_le_bytes());
    h.update(json.as_bytes());
    h.digest()
}

fn heading() -> String {
    format!("{MAGIC} {PROGRAM:?}")
}

/// Where each line's JSON is, by key, after the header; and whether a line was damaged: not
/// `<key> <sum> <json>`, or cut off before its newline (such a line is left out, and its
/// file read afresh).
fn index(text: &str) -> (HashMap<ResultKey, (Range<usize>, u64)>, bool) {
    let mut lines = HashMap::new();
    let mut damaged = false;
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let whole = line.strip_suffix('\n');
        match whole.and_then(parse_line) {
            Some((key, sum)) if start > 0 => {
                let end = start + line.len() - 1;
                lines.insert(key, (start + JSON_AT..end, sum));
            }
            // The header.
            _ if start == 0 => {}
            _ => damaged = true,
        }
        start += line.len();
    }
    (lines, damaged)
}

/// Where a line's JSON starts: after a 32-digit key, a 16-digit checksum and two spaces.
const JSON_AT: usize = 32 + 1 + 16 + 1;

fn parse_line(line: &str) -> Option<(ResultKey, u64)> {
    let (key, sum) = (line.get(..32)?, line.get(33..49)?);
    if line.get(32..33)? != " " || line.get(49..50)? != " " {
        return None;
    }
    let key = u128::from_str_radix(key, 16).ok()?;
    let sum = u64::from_str_radix(sum, 16).ok()?;
    Some((ResultKey(key), sum))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::record::Source;
    use crate::types::*;

    /// A record with every kind of field filled, and floats that print long.
    fn record(index: usize) -> Record {
        let layout = |tp| Layout {
            tp: Some(tp),
            ep: None,
            dp_attention: true,
            workers: Some(2),
        };
        Record {
            model: ModelId::new("dsr1").unwrap(),
            hardware: HardwareId::new("gb200").unwrap(),
            runner: "gb200-nv_1".into(),
            framework: Framework::new("dynamo-trt").unwrap(),
            precision: Precision::new("fp4").unwrap(),
            spec_decoding: SpecDecoding::new("mtp").unwrap(),
            disagg: true,
            sequence: Sequence {
                isl: 8192,
                osl: 1024,
            },
            parallelism: Parallelism::Disaggregated {
                prefill: layout(4),
                decode: layout(8),
                prefill_gpus: Some(8),
                decode_gpus: None,
            },
            conc: 64,
            throughput: 0.1 + 0.2,
            input_throughput: Some(1.0 / 3.0),
            output_throughput: None,
            interactivity: Interactivity(f64::MIN_POSITIVE * 3.0),
            median_ttft: Some(1e-300),
            p99_ttft: Some(12345.678901234567),
            median_e2el: None,
            image: Some("lmsysorg/sglang:v0.5 \"quoted\"".into()),
            date: crate::types::RunDate::parse("2026-12-03"),
            run_url: None,
            source: Source { file: 7, index },
        }
    }

    fn block() -> Option<RunBlock> {
        Some(RunBlock {
            date: crate::types::RunDate::parse("2026-12-03"),
            url: None,
        })
    }

    /// A cache in `dir` that knows two files, keys 1 and 2; its file.
    fn two_files(dir: &Path) -> PathBuf {
        let first = RecordCache::open(dir);
        first.note(ResultKey(1), &None, &[record(0)]);
        first.note(ResultKey(2), &None, &[record(1)]);
        first.write().unwrap();
        dir.join(FILE)
    }

    #[test]
    fn records_noted_by_one_build_are_known_to_the_next_exactly() {
        let dir = tempfile::tempdir().unwrap();
        let records = vec![record(0), record(3)];
        let first = RecordCache::open(dir.path());
        assert_eq!(first.get(ResultKey(1)), None);
        first.note(ResultKey(1), &block(), &records);
        first.note(ResultKey(2), &None, &[]);
        first.write().unwrap();

        // The file's number is not kept: the build numbers a known file as it loads it.
        let records: Vec<Record> = records
            .into_iter()
            .map(|r| Record {
                source: Source {
                    file: 0,
                    ..r.source
                },
                ..r
            })
            .collect();
        let next = RecordCache::open(dir.path());
        assert_eq!(next.get(ResultKey(1)), Some((block(), records)));
        assert_eq!(next.get(ResultKey(2)), Some((None, Vec::new())));
        assert_eq!(next.get(ResultKey(3)), None);
        assert_eq!((next.taken(), next.warning()), (2, None));
    }

    #[test]
    fn a_cache_with_nothing_new_is_not_rewritten_and_one_with_a_file_less_is() {
        let dir = tempfile::tempdir().unwrap();
        let file = two_files(dir.path());
        let inode = |f: &Path| std::os::unix::fs::MetadataExt::ino(&f.metadata().unwrap());
        let written = inode(&file);

        let same = RecordCache::open(dir.path());
        for key in [ResultKey(1), ResultKey(2)] {
            let (block, records) = same.get(key).unwrap();
            same.note(key, &block, &records);
        }
        same.write().unwrap();
        assert_eq!(inode(&file), written, "nothing new: not rewritten");

        // A result file removed: its line goes.
        let fewer = RecordCache::open(dir.path());
        fewer.get(ResultKey(2)).unwrap();
        fewer.write().unwrap();
        let last = RecordCache::open(dir.path());
        assert_eq!(last.get(ResultKey(1)), None);
        assert!(last.get(ResultKey(2)).is_some());
    }

    #[test]
    fn a_damaged_line_is_not_trusted_and_another_programs_cache_is_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let file = two_files(dir.path());
        let text = std::fs::read_to_string(&file).unwrap();

        // A digit of the second line's record changed: valid JSON, wrong checksum.
        let second = text.match_indices('\n').nth(1).unwrap().0;
        let at = second + text[second..].find("\"conc\":64").unwrap() + "\"conc\":".len();
        std::fs::write(&file, format!("{}9{}", &text[..at], &text[at + 1..])).unwrap();
        let damaged = RecordCache::open(dir.path());
        assert!(damaged.get(ResultKey(1)).is_some());
        assert_eq!(damaged.get(ResultKey(2)), None);
        assert!(damaged.warning().unwrap().contains("damaged"));

        // Cut off: the whole lines before the cut are still good, the cut one is not, even
        // where it is cut before its JSON or just before its newline.
        for cut in [second + 2, second + 20, second + 60, text.len() - 1] {
            std::fs::write(&file, &text[..cut]).unwrap();
            let cut = RecordCache::open(dir.path());
            assert!(cut.get(ResultKey(1)).is_some());
            assert_eq!(cut.get(ResultKey(2)), None);
            assert!(cut.warning().unwrap().contains("damaged"));
        }

        // A damaged header, and a cache file that cannot be read: nothing is trusted.
        std::fs::write(
            &file,
            text.replacen("benchsite-records", "benchsite-rec0rds", 1),
        )
        .unwrap();
        let header = RecordCache::open(dir.path());
        assert_eq!(header.get(ResultKey(1)), None);
        assert!(header.warning().unwrap().contains("damaged"));
        std::fs::remove_file(&file).unwrap();
        std::fs::create_dir(&file).unwrap();
        let unreadable = RecordCache::open(dir.path());
        assert_eq!(unreadable.get(ResultKey(1)), None);
        assert!(unreadable.warning().unwrap().contains("cannot read"));
        std::fs::remove_dir(&file).unwrap();

        // Written by another program (or another build of this one).
        let other = text.replacen(MAGIC, "benchsite-records 0", 1);
        std::fs::write(&file, other).unwrap();
        let foreign = RecordCache::open(dir.path());
        assert_eq!(foreign.get(ResultKey(1)), None);
        assert_eq!(foreign.warning(), None);
    }
}
