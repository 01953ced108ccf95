//! How much a configuration's numbers wobble from run to run (SPEC §13 "Spread"): over every
//! measurement of a configuration — the snapshot's record and the ones it superseded — the
//! number of runs and the least and greatest throughput and interactivity. Computed once per
//! build for every record, and read by the tables, chart rows, CSV and `index.json`.

use rayon::prelude::*;
use serde::Serialize;

use crate::input::dataset::Dataset;
use crate::input::record::Record;

/// The spread of one configuration's measurements. A configuration measured once has `runs`
/// 1 and its own values as minimum and maximum.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Spread {
    /// The number of runs that measured the configuration.
    pub runs: u32,
    pub throughput_min: f64,
    pub throughput_max: f64,
    pub interactivity_min: f64,
    pub interactivity_max: f64,
}

impl Spread {
    /// The spread of `newest` and its `earlier` measurements.
    pub fn of(newest: &Record, earlier: &[Record]) -> Spread {
        let mut s = Spread {
            runs: 1,
            throughput_min: newest.throughput,
            throughput_max: newest.throughput,
            interactivity_min: newest.interactivity.0,
            interactivity_max: newest.interactivity.0,
        };
        let mut files: Vec<usize> = earlier.iter().map(|r| r.source.file).collect();
        files.push(newest.source.file);
        files.sort_unstable();
        files.dedup();
        s.runs = files.len() as u32;
        for r in earlier {
            s.throughput_min = s.throughput_min.min(r.throughput);
            s.throughput_max = s.throughput_max.max(r.throughput);
            s.interactivity_min = s.interactivity_min.min(r.interactivity.0);
            s.interactivity_max = s.interactivity_max.max(r.interactivity.0);
        }
        s
    }

    /// Measured in more than one run: the spread is worth showing.
    pub fn repeated(&self) -> bool {
        self.runs > 1
    }
}

/// Every record's spread, by index into [`Dataset::records`].
#[derive(Debug, Clone, Default)]
pub struct Spreads(Vec<Spread>);

impl Spreads {
    pub fn new(data: &Dataset) -> Spreads {
        Spreads(
            data.records
                .par_iter()
                .enumerate()
                .map(|(i, r)| Spread::of(r, data.earlier_of(i)))
                .collect(),
        )
    }

    pub fn get(&self, record: usize) -> Option<&Spread> {
        self.0.get(record)
    }
}
