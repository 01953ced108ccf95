//! A validated benchmark result: one measured point of one configuration.

use serde::{Deserialize, Serialize};

use crate::input::runs::RunId;
use crate::types::{
    Framework, HardwareId, Interactivity, ModelId, Parallelism, Precision, RunDate, Sequence,
    Serving, SpecDecoding,
};

/// One measured point, after validation and catalog resolution.
///
/// Every field is serialized but the number of its file (see [`Source`]): the build cache
/// keeps records as JSON, and a page's fingerprint hashes its records' JSON
/// (`incremental::fingerprint`), so a field left out would go stale.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    pub model: ModelId,
    pub hardware: HardwareId,
    /// The runner name as written in the file (`mi355x-amd_0`).
    pub runner: String,
    pub framework: Framework,
    pub precision: Precision,
    pub spec_decoding: SpecDecoding,
    pub disagg: bool,
    pub sequence: Sequence,
    pub parallelism: Parallelism,
    pub conc: u32,
    /// Total tokens/s per GPU.
    pub throughput: f64,
    pub input_throughput: Option<f64>,
    pub output_throughput: Option<f64>,
    pub interactivity: Interactivity,
    /// Seconds.
    pub median_ttft: Option<f64>,
    pub p99_ttft: Option<f64>,
    pub median_e2el: Option<f64>,
    pub image: Option<String>,
    /// When the run was measured, when the file gives a date.
    pub date: Option<RunDate>,
    pub run_url: Option<String>,
    pub source: Source,
}

/// Where a record came from: which file (index into the sorted file list) and which entry.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct Source {
    /// Not serialized: a file's number depends on which other files there are. The build
    /// cache keeps a file's records by the file's contents and numbers them as it loads them,
    /// and a page's fingerprint hashes each measurement's source with its run.
    #[serde(skip)]
    pub file: usize,
    pub index: usize,
}

/// What makes two records the same configuration: a later one replaces an earlier one.
/// The build compares configurations by a packed form of it (`dataset::PackedKey`); the
/// tests keep this plain one as the reference that packing must agree with.
#[cfg(test)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ConfigKey<'a> {
    pub model: &'a ModelId,
    pub hardware: &'a HardwareId,
    pub precision: &'a Precision,
    pub sequence: Sequence,
    pub framework: &'a Framework,
    pub spec_decoding: &'a SpecDecoding,
    pub disagg: bool,
    pub parallelism: Parallelism,
    pub conc: u32,
}

impl Source {
    /// The run the record belongs to: its file's.
    pub fn run(&self) -> RunId {
        RunId(self.file)
    }
}

impl Record {
    #[cfg(test)]
    pub fn key(&self) -> ConfigKey<'_> {
        ConfigKey {
            model: &self.model,
            hardware: &self.hardware,
            precision: &self.precision,
            sequence: self.sequence,
            framework: &self.framework,
            spec_decoding: &self.spec_decoding,
            disagg: self.disagg,
            parallelism: self.parallelism,
            conc: self.conc,
        }
    }

    /// How this point was served: its hub series.
    pub fn serving(&self) -> Serving {
        Serving {
            framework: self.framework.clone(),
            spec_decoding: self.spec_decoding.clone(),
            disagg: self.disagg,
        }
    }

    /// Which of two records of one configuration is newer: the later `date` (a record without
    /// one is older than any dated record); at equal or missing dates the later file in sorted
    /// path order, then the later record in the file.
    pub fn newness(&self) -> (Option<&RunDate>, Source) {
        (self.date.as_ref(), self.source)
    }
}
