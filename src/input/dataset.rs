//! The validated results a site is built from: the snapshot pages show — each configuration's
//! newest record (SPEC §2 "newest wins") — and every measurement of each configuration with
//! its run, for history and spread (SPEC §13).
//!
//! A superseded record is kept only as a [`Measurement`] (its run, its two numbers and its
//! image), a tenth of a record's size: a site re-measured nightly holds many times more
//! measurements than configurations, and memory must not grow with the runs as records do.

use std::collections::{BTreeSet, HashMap};

use rayon::prelude::*;

use super::record::{Record, Source};
use super::runs::{Run, RunId};
use crate::intern::Interner;
use crate::types::{Parallelism, Sequence};

/// One measurement of a configuration: what history and spread need of a record.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Measurement {
    pub throughput: f64,
    pub interactivity: f64,
    /// The record's run (`source.file`) and place in its file.
    pub source: Source,
    /// Index into the dataset's images ([`Dataset::image`]).
    image: Option<u32>,
}

/// Every record read, by run, and the newest-wins snapshot over all of them.
#[derive(Debug, Clone, Default)]
pub struct Dataset {
    /// One per result file, in sorted path order; a record's `source.file` indexes it.
    pub runs: Vec<Run>,
    /// The runs in run order (SPEC §13: by date, undated first, then path).
    pub order: Vec<RunId>,
    /// Each run's place in `order`, by index into `runs`.
    rank: Vec<usize>,
    /// The snapshot: every configuration's newest record, sorted by configuration. Pages and
    /// their plans index into this.
    pub records: Vec<Record>,
    /// Every measurement, grouped by configuration in the order of `records`, oldest first
    /// (the snapshot's record last); `measurements_of` finds a record's own.
    measurements: Vec<Measurement>,
    /// For each record of the snapshot, where its measurements end in `measurements`.
    measured_end: Vec<u32>,
    /// The engine images measurements name, each once.
    images: Vec<String>,
    /// Records read from the result files, before de-duplication.
    pub read: usize,
    /// Records replaced by a newer record of the same configuration.
    pub superseded: usize,
}

impl Dataset {
    /// Keeps the newest record of each configuration (see [`Record::newness`]).
    ///
    /// Sorts compact keys rather than records (a record is a few hundred bytes, and a large
    /// build has hundreds of thousands, so comparing their strings in place meant cache misses
    /// all the way): by configuration, oldest first, so the last of each run of one
    /// configuration is the one kept. Each kept record is then moved exactly once.
    pub fn new(runs: Vec<Run>, records: Vec<Record>) -> Dataset {
        Dataset::from_files(runs, vec![records])
    }

    /// [`Dataset::new`] over each result file's records as read. Not flattened first: a copy
    /// of every record read would be the largest allocation of a build with many runs.
    pub fn from_files(runs: Vec<Run>, files: Vec<Vec<Record>>) -> Dataset {
        let flat: Vec<&Record> = files.iter().flatten().collect();
        let read = flat.len();
        let mut order = packed_keys(&flat);
        order.par_sort_unstable_by(|(a, i), (b, j)| {
            a.cmp(b)
                .then_with(|| flat[*i].newness().cmp(&flat[*j].newness()))
        });
        drop(flat);
        let groups: Vec<&[(PackedKey, usize)]> = order.chunk_by(|(a, _), (b, _)| a == b).collect();
        // Where each file starts in the flat numbering.
        let starts: Vec<usize> = files
            .iter()
            .scan(0, |next, f| {
                let start = *next;
                *next += f.len();
                Some(start)
            })
            .collect();
        // `Option<Record>` is the size of a `Record`, so this reuses each file's allocation.
        let mut slots: Vec<Vec<Option<Record>>> = files
            .into_iter()
            .map(|f| f.into_iter().map(Some).collect())
            .collect();
        let mut take = |i: usize| {
            let file = starts.partition_point(|&s| s <= i) - 1;
            slots[file][i - starts[file]].take()
        };
        // Sized up front: growing a vector of a hundred megabytes copies it and faults in
        // fresh memory at every doubling.
        let mut records = Vec::with_capacity(groups.len());
        let mut measurements = Vec::with_capacity(read);
        let mut measured_end = Vec::with_capacity(groups.len());
        let mut images = Interner::default();
        for group in groups {
            for &(_, i) in group {
                // A superseded record is dropped here, its measurement kept.
                let Some(record) = take(i) else {
                    continue;
                };
                measurements.push(measurement(&record, &mut images));
                if i == group[group.len() - 1].1 {
                    records.push(record);
                }
            }
            measured_end.push(measurements.len() as u32);
        }
        let order = super::runs::run_order(&runs);
        let mut rank = vec![0; runs.len()];
        for (place, &RunId(run)) in order.iter().enumerate() {
            rank[run] = place;
        }
        Dataset {
            superseded: read - records.len(),
            runs,
            order,
            rank,
            read,
            records,
            measurements,
            measured_end,
            images: images.into_list(),
        }
    }

    /// The place of `run` in run order; a file without a run (in tests that build a dataset
    /// from bare records) keeps its path order.
    pub fn rank_of(&self, RunId(run): RunId) -> usize {
        self.rank.get(run).copied().unwrap_or(run)
    }

    /// The run at `place` in run order, the inverse of [`Dataset::rank_of`] (with the same
    /// fallback: a place past the known runs is a file's number).
    pub fn run_at(&self, place: usize) -> RunId {
        self.order.get(place).copied().unwrap_or(RunId(place))
    }

    /// What the dataset knows about `run`.
    pub fn run(&self, RunId(run): RunId) -> Option<&Run> {
        self.runs.get(run)
    }

    /// Whether any run has a date. The pages that list runs (the home page, `/changes/`, the
    /// feeds) say "undated" of a run only then: where no run has a date (as in InferenceMAX's
    /// own files), the word would follow every run's name and tell the reader nothing, since
    /// run order is then path order.
    pub fn dated(&self) -> bool {
        // Run order puts undated runs first, so the last run has a date if any does.
        self.order
            .last()
            .is_some_and(|&r| self.runs[r.0].date.is_some())
    }

    /// The last run in run order that holds a record (a run's result file may be empty).
    pub fn latest_run(&self) -> Option<RunId> {
        self.held_runs().max_by_key(|&run| self.rank_of(run))
    }

    /// The first run in run order that holds a record: where most pages' histories start.
    pub fn first_run(&self) -> Option<RunId> {
        self.held_runs().min_by_key(|&run| self.rank_of(run))
    }

    /// The run of every measurement.
    fn held_runs(&self) -> impl Iterator<Item = RunId> + '_ {
        self.measurements.iter().map(|m| m.source.run())
    }

    /// Every measurement of the configuration of the snapshot's record `i`, oldest first: the
    /// record's own is the last.
    pub fn measurements_of(&self, i: usize) -> &[Measurement] {
        let start = i
            .checked_sub(1)
            .map_or(0, |p| self.measured_end[p] as usize);
        &self.measurements[start..self.measured_end[i] as usize]
    }

    /// The runs that hold no record (an empty result file): no page's history has them.
    pub fn empty_runs(&self) -> Vec<RunId> {
        let mut held = vec![false; self.runs.len()];
        for m in &self.measurements {
            if let Some(h) = held.get_mut(m.source.file) {
                *h = true;
            }
        }
        (0..self.runs.len())
            .filter(|&run| !held[run])
            .map(RunId)
            .collect()
    }

    /// The engine image of measurement `m`, when its record named one.
    pub fn image(&self, m: &Measurement) -> Option<&str> {
        m.image
            .and_then(|i| self.images.get(i as usize))
            .map(String::as_str)
    }
}

/// A record's measurement, its image numbered in `images`.
fn measurement(r: &Record, images: &mut Interner) -> Measurement {
    Measurement {
        throughput: r.throughput,
        interactivity: r.interactivity.0,
        source: r.source,
        image: r.image.as_deref().map(|name| images.place(name) as u32),
    }
}

/// What makes two records the same configuration — model, hardware, precision, sequence,
/// framework, speculative decoding, disaggregation, parallelism and concurrency — with each name
/// replaced by its rank among the names present: small numbers that sort exactly as the names
/// do, in that order of fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct PackedKey {
    model: u32,
    hardware: u32,
    precision: u32,
    sequence: Sequence,
    framework: u32,
    spec_decoding: u32,
    disagg: bool,
    parallelism: Parallelism,
    conc: u32,
}

/// Every record's packed key, with the record's index.
fn packed_keys(records: &[&Record]) -> Vec<(PackedKey, usize)> {
    let model = Ranks::of(records, |r| r.model.as_str());
    let hardware = Ranks::of(records, |r| r.hardware.as_str());
    let precision = Ranks::of(records, |r| r.precision.as_str());
    let framework = Ranks::of(records, |r| r.framework.as_str());
    let spec = Ranks::of(records, |r| r.spec_decoding.as_str());
    records
        .par_iter()
        .enumerate()
        .map(|(i, r)| {
            let key = PackedKey {
                model: model.rank(r.model.as_str()),
                hardware: hardware.rank(r.hardware.as_str()),
                precision: precision.rank(r.precision.as_str()),
                sequence: r.sequence,
                framework: framework.rank(r.framework.as_str()),
                spec_decoding: spec.rank(r.spec_decoding.as_str()),
                disagg: r.disagg,
                parallelism: r.parallelism,
                conc: r.conc,
            };
            (key, i)
        })
        .collect()
}

/// The rank of each distinct value of one field, in sorted order.
struct Ranks<'a>(HashMap<&'a str, u32>);

impl<'a> Ranks<'a> {
    fn of(
        records: &[&'a Record],
        field: impl Fn(&'a Record) -> &'a str + Sync + Send,
    ) -> Ranks<'a> {
        let distinct: BTreeSet<&str> = records.par_iter().map(|&r| field(r)).collect();
        Ranks((0u32..).zip(distinct).map(|(rank, v)| (v, rank)).collect())
    }

    /// Every value asked for was among those ranked.
    fn rank(&self, value: &str) -> u32 {
        self.0.get(value).copied().unwrap_or(u32::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::record::Source;
    use crate::types::*;

    fn record(conc: u32, date: Option<&str>, file: usize, throughput: f64) -> Record {
        Record {
            model: ModelId::new("m").unwrap(),
            hardware: HardwareId::new("h").unwrap(),
            runner: "h".into(),
            framework: Framework::new("vllm").unwrap(),
            precision: Precision::new("fp8").unwrap(),
            spec_decoding: SpecDecoding::none(),
            disagg: false,
            sequence: Sequence {
                isl: 1024,
                osl: 1024,
            },
            parallelism: Parallelism::Aggregated(Layout::default()),
            conc,
            throughput,
            input_throughput: None,
            output_throughput: None,
            interactivity: Interactivity(10.0),
            median_ttft: None,
            p99_ttft: None,
            median_e2el: None,
            image: None,
            date: date.and_then(crate::types::RunDate::parse),
            run_url: None,
            source: Source { file, index: 0 },
        }
    }

    #[test]
    fn later_file_wins_without_dates() {
        let d = Dataset::new(
            Vec::new(),
            vec![record(4, None, 1, 2.0), record(4, None, 0, 1.0)],
        );
        assert_eq!((d.read, d.superseded, d.records.len()), (2, 1, 1));
        assert_eq!(d.records[0].throughput, 2.0);
    }

    #[test]
    fn later_date_beats_later_file_and_undated() {
        let d = Dataset::new(
            Vec::new(),
            vec![
                record(4, Some("2025-02-01"), 0, 1.0),
                record(4, None, 2, 3.0),
                record(4, Some("2025-01-01"), 1, 2.0),
            ],
        );
        assert_eq!(d.superseded, 2);
        assert_eq!(d.records[0].throughput, 1.0);
    }

    /// Run order is by date, undated first, then path: the dated file 0 is the newest of the
    /// three, and the empty file 3, though later by path, holds no record.
    #[test]
    fn the_latest_run_is_the_newest_that_holds_a_record() {
        let run = |path: &str, date: Option<&str>| Run {
            path: path.into(),
            date: date.and_then(crate::types::RunDate::parse),
            ..Run::default()
        };
        let runs = vec![
            run("a", Some("2025-01-01")),
            run("b", None),
            run("c", None),
            run("d", None),
        ];
        let d = Dataset::new(
            runs.clone(),
            vec![
                record(4, None, 2, 1.0),
                record(8, None, 0, 1.0),
                record(4, None, 1, 1.0),
            ],
        );
        assert_eq!(d.latest_run(), Some(RunId(0)));
        let undated = Dataset::new(runs, vec![record(4, None, 2, 1.0), record(4, None, 1, 1.0)]);
        assert_eq!(undated.latest_run(), Some(RunId(2)));
        assert_eq!(Dataset::new(Vec::new(), Vec::new()).latest_run(), None);
    }

    #[test]
    fn other_configurations_are_kept_and_sorted() {
        let d = Dataset::new(
            Vec::new(),
            vec![record(8, None, 0, 1.0), record(4, None, 0, 1.0)],
        );
        assert_eq!(d.superseded, 0);
        assert_eq!(
            d.records.iter().map(|r| r.conc).collect::<Vec<_>>(),
            vec![4, 8]
        );
    }

    /// The obvious implementation, to check the fast one against: a map from each
    /// configuration to its newest record, read in key order.
    fn reference(records: &[Record]) -> Vec<Source> {
        let mut newest: std::collections::BTreeMap<_, &Record> = Default::default();
        for r in records {
            let slot = newest.entry(r.key()).or_insert(r);
            if r.newness() > slot.newness() {
                *slot = r;
            }
        }
        newest.values().map(|r| r.source).collect()
    }

    proptest::proptest! {
        #[test]
        fn keeps_what_the_obvious_implementation_keeps(
            picks in proptest::collection::vec(
                (0usize..3, 0usize..2, 0usize..2, 0u32..3, proptest::option::of(0u8..3)),
                0..60,
            )
        ) {
            let models = ["a", "b-2", "b"];
            let records: Vec<Record> = picks
                .iter()
                .enumerate()
                .map(|(i, &(model, spec, fw, conc, day))| {
                    let date = day.map(|d| format!("2025-01-0{}", d + 1));
                    let mut r = record(conc, date.as_deref(), i % 4, i as f64);
                    r.model = ModelId::new(models[model]).unwrap();
                    r.spec_decoding = if spec == 0 { SpecDecoding::none() } else { SpecDecoding::new("mtp").unwrap() };
                    r.framework = Framework::new(["vllm", "sglang"][fw]).unwrap();
                    r.source.index = i;
                    r
                })
                .collect();
            let expected = reference(&records);
            let data = Dataset::new(Vec::new(), records.clone());
            let kept: Vec<Source> = data.records.iter().map(|r| r.source).collect();
            proptest::prop_assert_eq!(kept, expected);
            proptest::prop_assert_eq!(data.read, picks.len());
            proptest::prop_assert_eq!(data.superseded, picks.len() - data.records.len());
            // Nothing is thrown away: each configuration's earlier measurements are kept,
            // oldest first, then its newest.
            for (i, kept) in data.records.iter().enumerate() {
                let mut all: Vec<&Record> = records.iter().filter(|r| r.key() == kept.key()).collect();
                all.sort_by(|a, b| a.newness().cmp(&b.newness()));
                let measured: Vec<Source> = data.measurements_of(i).iter().map(|r| r.source).collect();
                let expected: Vec<Source> = all.iter().map(|r| r.source).collect();
                proptest::prop_assert_eq!(measured, expected);
            }
        }
    }
}
