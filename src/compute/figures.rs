//! What follows from one throughput on one accelerator: cost per million tokens at each
//! provider's price, tokens per second per MW, joules per token (SPEC §3). A measured point's
//! figures are computed once per build and read by its table rows, chart rows and CSV lines;
//! an interpolated throughput's by the matched rows ([`super::Values`]).

use rayon::prelude::*;

use super::metrics;
use crate::input::catalog::{Catalog, CostProvider, Costs, Hardware};
use crate::input::dataset::Dataset;

/// The figures of one throughput on one accelerator.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Figures {
    /// USD per million tokens, by provider.
    cost_per_mtok: Costs,
    pub tok_s_mw: f64,
    pub j_per_token: f64,
}

impl Figures {
    pub fn of(throughput: f64, hw: &Hardware) -> Figures {
        Figures {
            cost_per_mtok: hw
                .cost_per_gpu_hour
                .map(|price| metrics::cost_per_mtok(price, throughput)),
            tok_s_mw: metrics::tok_s_per_mw(throughput, hw.power_kw),
            j_per_token: metrics::joules_per_token(throughput, hw.power_kw),
        }
    }

    pub fn cost_per_mtok(&self, provider: CostProvider) -> f64 {
        self.cost_per_mtok.get(provider)
    }
}

/// Every record's figures, by index into [`Dataset::records`]. `None` only for a record whose
/// accelerator the catalog lacks, which validation rules out.
#[derive(Debug, Clone, Default)]
pub struct RecordFigures(Vec<Option<Figures>>);

impl RecordFigures {
    pub fn new(data: &Dataset, catalog: &Catalog) -> RecordFigures {
        RecordFigures(
            data.records
                .par_iter()
                .map(|r| {
                    catalog
                        .hardware(&r.hardware)
                        .map(|hw| Figures::of(r.throughput, hw))
                })
                .collect(),
        )
    }

    pub fn get(&self, record: usize) -> Option<&Figures> {
        self.0.get(record)?.as_ref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::catalog::Costs;
    use crate::types::HardwareId;

    #[test]
    fn figures_follow_the_published_formulas() {
        let hw = Hardware {
            id: HardwareId::new("b200").unwrap(),
            name: "B200".into(),
            vendor: "NVIDIA".into(),
            architecture: Some("Blackwell".into()),
            aliases: vec![],
            cost_per_gpu_hour: Costs {
                hyperscaler: 1.95,
                neocloud: 2.34,
                rental_3yr: 2.90,
            },
            power_kw: 2.17,
        };
        // By hand: 1.95 / (1000 × 3600) × 1e6 = 0.541666…; 1000 × 1000 / 2.17 = 460829.49…;
        // 2.17 × 1000 / 1000 = 2.17.
        let f = Figures::of(1000.0, &hw);
        assert!((f.cost_per_mtok(CostProvider::Hyperscaler) - 0.541_666_666_7).abs() < 1e-9);
        assert!((f.cost_per_mtok(CostProvider::Neocloud) - 0.65).abs() < 1e-12);
        assert!((f.cost_per_mtok(CostProvider::Rental3yr) - 0.805_555_555_6).abs() < 1e-9);
        assert!((f.tok_s_mw - 460_829.493_087_6).abs() < 1e-6);
        assert!((f.j_per_token - 2.17).abs() < 1e-12);
    }
}
