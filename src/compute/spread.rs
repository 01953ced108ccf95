//! How much a configuration's numbers wobble from run to run (SPEC §13 "Spread"): over every
//! measurement of a configuration — the snapshot's record and the ones it superseded — the
//! number of runs and the least and greatest throughput and interactivity. Computed once per
//! build for every record, and read by the tables, chart rows, CSV and `index.json`.

use rayon::prelude::*;
use serde::Serialize;

use crate::input::dataset::{Dataset, Measurement};
use crate::input::runs::RunId;

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
    /// The spread of a configuration's `measurements` (at least one).
    pub fn of(measurements: &[Measurement]) -> Spread {
        let mut runs: Vec<RunId> = measurements.iter().map(|m| m.source.run()).collect();
        runs.sort_unstable();
        runs.dedup();
        let (t, x) = (
            |m: &Measurement| m.throughput,
            |m: &Measurement| m.interactivity,
        );
        let least =
            |f: fn(&Measurement) -> f64| measurements.iter().map(f).fold(f64::INFINITY, f64::min);
        let most = |f: fn(&Measurement) -> f64| {
            measurements.iter().map(f).fold(f64::NEG_INFINITY, f64::max)
        };
        Spread {
            runs: runs.len() as u32,
            throughput_min: least(t),
            throughput_max: most(t),
            interactivity_min: least(x),
            interactivity_max: most(x),
        }
    }

    /// Measured in more than one run: the spread is worth showing.
    pub fn repeated(&self) -> bool {
        self.runs > 1
    }

    /// How much more throughput the configuration's best run measured than its worst, as a
    /// fraction (0.05: 5% more); 0 for one run.
    pub fn throughput_swing(&self) -> f64 {
        if self.repeated() && self.throughput_min > 0.0 {
            self.throughput_max / self.throughput_min - 1.0
        } else {
            0.0
        }
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
                .map(|(i, _)| Spread::of(data.measurements_of(i)))
                .collect(),
        )
    }

    pub fn get(&self, record: usize) -> Option<&Spread> {
        self.0.get(record)
    }
}
