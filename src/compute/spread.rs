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

    /// How far the configuration's runs measured from `shown`, the throughput a page shows
    /// for it (its newest); nothing for one run.
    pub fn swing_from(&self, shown: f64) -> Swing {
        if !self.repeated() || self.throughput_min <= 0.0 || shown <= 0.0 {
            return Swing::default();
        }
        Swing {
            down: (shown / self.throughput_min - 1.0).max(0.0),
            up: (self.throughput_max / shown - 1.0).max(0.0),
        }
    }
}

/// How far other runs of a configuration measured below and above the throughput shown for
/// it, as fractions: `down` 0.05 when its worst run measured 5% less (the shown value is 1.05
/// times it), `up` 0.05 when its best measured 5% more.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Swing {
    pub down: f64,
    pub up: f64,
}

impl Swing {
    /// The larger of each part of `self` and `other`.
    pub fn max(self, other: Swing) -> Swing {
        Swing {
            down: self.down.max(other.down),
            up: self.up.max(other.up),
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
