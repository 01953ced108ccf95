//! The validated, de-duplicated results a site is built from.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use crate::record::{ConfigKey, Record};

/// Every configuration's newest record, sorted by configuration.
#[derive(Debug, Clone, Default)]
pub struct Dataset {
    pub records: Vec<Record>,
    /// Records read from the result files, before de-duplication.
    pub read: usize,
    /// Records replaced by a newer record of the same configuration.
    pub superseded: usize,
}

impl Dataset {
    /// Keeps the newest record of each configuration (see [`Record::newness`]).
    pub fn new(records: Vec<Record>) -> Dataset {
        let read = records.len();
        let mut newest: HashMap<ConfigKey, Record> = HashMap::with_capacity(read);
        for record in records {
            match newest.entry(record.key()) {
                Entry::Vacant(slot) => {
                    slot.insert(record);
                }
                Entry::Occupied(mut slot) => {
                    if record.newness() > slot.get().newness() {
                        slot.insert(record);
                    }
                }
            }
        }
        let mut kept: Vec<(ConfigKey, Record)> = newest.into_iter().collect();
        kept.sort_by(|a, b| a.0.cmp(&b.0));
        let records: Vec<Record> = kept.into_iter().map(|(_, r)| r).collect();
        Dataset {
            superseded: read - records.len(),
            read,
            records,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::Source;
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
            date: date.map(str::to_string),
            run_url: None,
            source: Source { file, index: 0 },
        }
    }

    #[test]
    fn later_file_wins_without_dates() {
        let d = Dataset::new(vec![record(4, None, 1, 2.0), record(4, None, 0, 1.0)]);
        assert_eq!((d.read, d.superseded, d.records.len()), (2, 1, 1));
        assert_eq!(d.records[0].throughput, 2.0);
    }

    #[test]
    fn later_date_beats_later_file_and_undated() {
        let d = Dataset::new(vec![
            record(4, Some("2025-02-01"), 0, 1.0),
            record(4, None, 2, 3.0),
            record(4, Some("2025-01-01"), 1, 2.0),
        ]);
        assert_eq!(d.superseded, 2);
        assert_eq!(d.records[0].throughput, 1.0);
    }

    #[test]
    fn other_configurations_are_kept_and_sorted() {
        let d = Dataset::new(vec![record(8, None, 0, 1.0), record(4, None, 0, 1.0)]);
        assert_eq!(d.superseded, 0);
        assert_eq!(
            d.records.iter().map(|r| r.conc).collect::<Vec<_>>(),
            vec![4, 8]
        );
    }
}
