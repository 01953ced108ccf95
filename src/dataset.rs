//! The validated, de-duplicated results a site is built from.

use rayon::prelude::*;

use crate::record::Record;

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
    ///
    /// Sorts indices rather than records (a record is a few hundred bytes, and a large build
    /// has hundreds of thousands): by configuration, oldest first, so the last of each run of
    /// one configuration is the one kept. Each kept record is then moved exactly once.
    pub fn new(records: Vec<Record>) -> Dataset {
        let read = records.len();
        let mut order: Vec<usize> = (0..read).collect();
        order.par_sort_unstable_by(|&a, &b| {
            let (a, b) = (&records[a], &records[b]);
            a.key()
                .cmp(&b.key())
                .then_with(|| a.newness().cmp(&b.newness()))
        });
        let newest: Vec<usize> = order
            .chunk_by(|&a, &b| records[a].key() == records[b].key())
            .filter_map(|run| run.last().copied())
            .collect();
        // `Option<Record>` is the size of a `Record`, so this reuses the allocation.
        let mut slots: Vec<Option<Record>> = records.into_iter().map(Some).collect();
        let records: Vec<Record> = newest.iter().filter_map(|&i| slots[i].take()).collect();
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
