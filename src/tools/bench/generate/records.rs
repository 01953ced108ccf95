//! The synthetic records of one combination, written as InferenceMAX JSON.

use std::fmt::Write as _;

use super::catalog::*;
use super::rng::Rng;

/// One (model, accelerator, precision, sequence): one hub page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Combination {
    pub(super) model: usize,
    /// Index into [`HARDWARE`].
    pub(super) hw: usize,
    pub(super) precision: &'static str,
    /// Index into [`SEQUENCES`].
    pub(super) sequence: usize,
}

/// The first `n` combinations: model by model, then sequence, accelerator and precision.
/// Sorted by (model, accelerator) afterwards, so each result file is one contiguous run.
pub(super) fn combinations_list(n: usize) -> Vec<Combination> {
    let mut list = Vec::with_capacity(n);
    'models: for model in 0.. {
        let bf16 = synthetic_model(model).bf16;
        for sequence in 0..SEQUENCES.len() {
            for (hw, acc) in HARDWARE.iter().enumerate() {
                let measured = |p: &&&str| match **p {
                    "fp4" => acc.fp4,
                    "bf16" => bf16 && !acc.fp4,
                    _ => true,
                };
                for &precision in PRECISIONS.iter().filter(measured) {
                    if list.len() == n {
                        break 'models;
                    }
                    list.push(Combination {
                        model,
                        hw,
                        precision,
                        sequence,
                    });
                }
            }
        }
    }
    list.sort_by_key(|c| (c.model, c.hw, c.sequence, c.precision));
    list
}

/// How a series is deployed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Deployment {
    Aggregated {
        tp: u32,
        ep: u32,
        dp_attention: bool,
    },
    Disaggregated {
        prefill_tp: u32,
        prefill_ep: u32,
        prefill_workers: u32,
        decode_tp: u32,
        decode_ep: u32,
        decode_workers: u32,
        dp_attention: bool,
    },
}

impl Deployment {
    pub(super) fn gpus(&self) -> u32 {
        match *self {
            Deployment::Aggregated { tp, .. } => tp,
            Deployment::Disaggregated {
                prefill_tp,
                prefill_workers,
                decode_tp,
                decode_workers,
                ..
            } => prefill_tp * prefill_workers + decode_tp * decode_workers,
        }
    }
}

/// One generated record, with every field of the real files.
pub(super) struct SyntheticRecord {
    pub(super) runner: &'static str,
    pub(super) model_key: String,
    pub(super) framework: &'static str,
    pub(super) precision: &'static str,
    pub(super) mtp: bool,
    pub(super) deployment: Deployment,
    pub(super) isl: u32,
    pub(super) osl: u32,
    pub(super) conc: u32,
    pub(super) image: String,
    pub(super) interactivity: f64,
    pub(super) throughput: f64,
    pub(super) ttft: f64,
    pub(super) p99_ttft: f64,
}

/// Concurrencies a curve takes a window of.
pub(super) const CONCURRENCIES: [u32; 22] = [
    1, 2, 4, 8, 12, 16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512, 768, 1024, 1536, 2048, 3072,
    4096,
];

pub(super) fn image(framework: &str, amd: bool) -> &'static str {
    match (framework, amd) {
        ("vllm", false) => "vllm/vllm-openai:v0.11.2",
        ("vllm", true) => "rocm/vllm:rocm7.0.0_vllm_0.11.1_20251103",
        ("sglang", false) => "lmsysorg/sglang:v0.5.5.post2-cu129-amd64",
        ("sglang", true) => "lmsysorg/sglang:v0.5.5.post2-rocm700-mi35x",
        ("trt", _) => "nvcr.io#nvidia/tensorrt-llm/release:1.2.0rc2",
        ("dynamo-trt", _) => "nvcr.io#nvidia/ai-dynamo/tensorrtllm-runtime:0.7.0.post2",
        ("dynamo-sglang", _) => "nvcr.io#nvidia/ai-dynamo/sglang-runtime:0.7.0",
        ("atom", _) => "rocm/atom:rocm7.1.1-ubuntu24.04-pytorch2.9-atom0.1.1-MI350x",
        _ => "rocm/sgl-dev:sglang-0.5.6.post1-rocm700-mi35x-mori-1224",
    }
}

/// Every record of one combination: two to five series (serving engines, some disaggregated,
/// some with MTP), each with one or two deployments of 10–16 concurrencies.
pub(super) fn combo_records(combo: &Combination) -> Vec<SyntheticRecord> {
    let acc = &HARDWARE[combo.hw];
    let model = synthetic_model(combo.model);
    let (isl, osl) = SEQUENCES[combo.sequence];
    let mut rng = Rng::seeded(&[
        2,
        combo.model as u64,
        combo.hw as u64,
        combo.sequence as u64,
        PRECISIONS
            .iter()
            .position(|p| *p == combo.precision)
            .unwrap_or(9) as u64,
    ]);
    // Which engines ran: each with a fair chance, at least one aggregated.
    let mut series: Vec<(&'static str, bool)> = acc
        .engines
        .iter()
        .filter(|_| rng.chance(0.6))
        .map(|e| (*e, false))
        .collect();
    if series.is_empty() {
        series.push((*rng.pick(acc.engines), false));
    }
    if !acc.disagg.is_empty() && rng.chance(0.5) {
        series.push((*rng.pick(acc.disagg), true));
    }
    let mut with_mtp = Vec::new();
    if model.mtp {
        for &(engine, disagg) in &series {
            if engine != "vllm" && engine != "atom" && rng.chance(0.3) {
                with_mtp.push((engine, disagg));
            }
        }
    }
    let precision_speed = match combo.precision {
        "fp4" => 1.6,
        "fp8" => 1.0,
        _ => 0.55,
    };
    // With long inputs much of the GPUs' time goes to prefill: fewer output tokens per GPU,
    // though more tokens in total.
    let output_share = [1.0, 1.0, 0.35][combo.sequence];
    let mut records = Vec::new();
    let runs = series
        .iter()
        .map(|&(e, d)| (e, d, false))
        .chain(with_mtp.iter().map(|&(e, d)| (e, d, true)));
    for (engine, disagg, mtp) in runs {
        let engine_speed = rng.range(0.8, 1.15);
        let layouts = if rng.chance(0.25) { 2 } else { 1 };
        // A second deployment differs in its (decode) tensor parallelism from the first.
        let tp_choice = rng.int(0, 11);
        for layout in 0..layouts {
            let deployment = if disagg {
                let prefill_tp = *rng.pick(&[1, 2, 4]);
                let decode_tp = [2, 4, 8][(tp_choice + layout) % 3];
                let big = rng.chance(0.4);
                Deployment::Disaggregated {
                    prefill_tp,
                    prefill_ep: if big { prefill_tp * 2 } else { 1 },
                    prefill_workers: rng.int(1, 3) as u32,
                    decode_tp,
                    decode_ep: if big { decode_tp * 2 } else { 1 },
                    decode_workers: 1,
                    dp_attention: big,
                }
            } else {
                let tp = [1, 2, 4, 8][(tp_choice + layout) % 4];
                let moe = rng.chance(0.3);
                Deployment::Aggregated {
                    tp,
                    ep: if moe { tp } else { 1 },
                    dp_attention: moe && layout == 1,
                }
            };
            let gpus = deployment.gpus() as f64;
            let len = rng.int(10, 16);
            let first = if disagg {
                rng.int(5, CONCURRENCIES.len() - len)
            } else {
                rng.int(0, 3)
            };
            // Interactivity falls with concurrency; throughput per GPU rises towards saturation.
            let speed = acc.speed * precision_speed * engine_speed * model.speed;
            let peak_interactivity =
                rng.range(90.0, 160.0) * speed.powf(0.35) * if mtp { 1.6 } else { 1.0 };
            let saturation = rng.range(8.0, 48.0) * if disagg { 4.0 } else { 1.0 };
            let efficiency = rng.range(0.7, 1.0) * output_share * speed.sqrt();
            for &conc in &CONCURRENCIES[first..first + len] {
                let c = conc as f64;
                let interactivity =
                    peak_interactivity / (1.0 + (c / saturation).powf(0.8)) * rng.range(0.97, 1.03);
                let output_per_gpu = c * interactivity / gpus * efficiency;
                let throughput =
                    output_per_gpu * (isl + osl) as f64 / osl as f64 * rng.range(0.97, 1.03);
                let ttft = isl as f64 / (12_000.0 * acc.speed * precision_speed)
                    * (1.0 + c / (saturation * 4.0))
                    * rng.range(0.9, 1.1);
                records.push(SyntheticRecord {
                    runner: runner(acc, engine),
                    model_key: model.id.clone(),
                    framework: engine,
                    precision: combo.precision,
                    mtp,
                    deployment,
                    isl,
                    osl,
                    conc,
                    image: image(engine, acc.amd).to_string(),
                    interactivity,
                    throughput,
                    ttft,
                    p99_ttft: ttft * rng.range(2.5, 6.0),
                });
            }
        }
    }
    records
}

impl SyntheticRecord {
    /// Appends the record as the real files write it: a pretty-printed object, two-space indent.
    pub(super) fn write_json(&self, out: &mut String) {
        let mut fields: Vec<(&str, String)> = vec![
            ("hw", quote(self.runner)),
            ("conc", self.conc.to_string()),
            ("image", quote(&self.image)),
            (
                "model",
                quote(&format!("/models/synthetic/{}", self.model_key)),
            ),
            ("infmax_model_prefix", quote(&self.model_key)),
            ("framework", quote(self.framework)),
            ("precision", quote(self.precision)),
            (
                "spec_decoding",
                quote(if self.mtp { "mtp" } else { "none" }),
            ),
        ];
        let disagg = matches!(self.deployment, Deployment::Disaggregated { .. });
        fields.push(("disagg", disagg.to_string()));
        fields.push(("isl", self.isl.to_string()));
        fields.push(("osl", self.osl.to_string()));
        fields.push(("is_multinode", (self.deployment.gpus() > 8).to_string()));
        let flag = |b: bool| quote(if b { "true" } else { "false" });
        match self.deployment {
            Deployment::Aggregated {
                tp,
                ep,
                dp_attention,
            } => {
                fields.push(("tp", tp.to_string()));
                fields.push(("ep", ep.to_string()));
                fields.push(("dp_attention", flag(dp_attention)));
            }
            Deployment::Disaggregated {
                prefill_tp,
                prefill_ep,
                prefill_workers,
                decode_tp,
                decode_ep,
                decode_workers,
                dp_attention,
            } => {
                fields.push(("prefill_tp", prefill_tp.to_string()));
                fields.push(("prefill_ep", prefill_ep.to_string()));
                fields.push(("prefill_dp_attention", flag(dp_attention)));
                fields.push(("prefill_num_workers", prefill_workers.to_string()));
                fields.push(("decode_tp", decode_tp.to_string()));
                fields.push(("decode_ep", decode_ep.to_string()));
                fields.push(("decode_dp_attention", flag(dp_attention)));
                fields.push(("decode_num_workers", decode_workers.to_string()));
                fields.push((
                    "num_prefill_gpu",
                    (prefill_tp * prefill_workers).to_string(),
                ));
                fields.push(("num_decode_gpu", (decode_tp * decode_workers).to_string()));
            }
        }
        let share = self.osl as f64 / (self.isl + self.osl) as f64;
        let tpot = 1.0 / self.interactivity;
        let e2el = self.ttft + self.osl as f64 * tpot;
        let numbers = [
            ("tput_per_gpu", self.throughput),
            ("output_tput_per_gpu", self.throughput * share),
            ("input_tput_per_gpu", self.throughput * (1.0 - share)),
            ("mean_ttft", self.ttft * 1.8),
            ("median_ttft", self.ttft),
            ("std_ttft", self.ttft * 2.4),
            ("p99_ttft", self.p99_ttft),
            ("mean_tpot", tpot * 1.01),
            ("mean_intvty", self.interactivity * 0.99),
            ("median_tpot", tpot),
            ("median_intvty", self.interactivity),
            ("std_tpot", tpot * 0.07),
            ("std_intvty", self.interactivity * 9.5),
            ("p99_tpot", tpot * 1.2),
            ("p99_intvty", self.interactivity / 1.2),
            ("mean_itl", tpot * 0.98),
            ("median_itl", tpot * 0.42),
            ("std_itl", tpot * 2.2),
            ("p99_itl", tpot * 8.0),
            ("mean_e2el", e2el * 1.02),
            ("median_e2el", e2el),
            ("std_e2el", e2el * 0.11),
            ("p99_e2el", e2el * 1.3),
        ];
        fields.extend(numbers.iter().map(|(k, v)| (*k, format!("{v:?}"))));
        out.push_str("  {\n");
        for (i, (key, value)) in fields.iter().enumerate() {
            let comma = if i + 1 < fields.len() { "," } else { "" };
            writeln!(out, "    \"{key}\": {value}{comma}").expect("writing to a String");
        }
        out.push_str("  }");
    }
}

/// A JSON string literal; generated values never need escapes beyond these.
pub(super) fn quote(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn combinations_are_a_deterministic_prefix() {
        let small = combinations_list(30);
        let large = combinations_list(100);
        assert_eq!(small.len(), 30);
        for c in &small {
            assert!(large.contains(c));
            let a: Vec<String> = combo_records(c)
                .iter()
                .map(|r| {
                    let mut s = String::new();
                    r.write_json(&mut s);
                    s
                })
                .collect();
            let b: Vec<String> = combo_records(c)
                .iter()
                .map(|r| {
                    let mut s = String::new();
                    r.write_json(&mut s);
                    s
                })
                .collect();
            assert_eq!(a, b);
        }
    }

    #[test]
    fn one_model_covers_every_accelerator() {
        let list = combinations_list(14);
        let hw: std::collections::BTreeSet<usize> = list.iter().map(|c| c.hw).collect();
        assert_eq!(hw.len(), HARDWARE.len());
        assert!(list.iter().all(|c| c.model == 0 && c.sequence == 0));
    }

    #[test]
    fn curves_trade_throughput_for_interactivity() {
        for c in combinations_list(60) {
            let records = combo_records(&c);
            assert!(records.len() >= 10);
            // Each curve is a run of rising concurrencies: more users, less interactivity
            // each, more throughput per GPU.
            let mut start = 0;
            for i in 1..=records.len() {
                let same_curve = |a: &SyntheticRecord, b: &SyntheticRecord| {
                    (a.framework, a.mtp, a.deployment) == (b.framework, b.mtp, b.deployment)
                        && b.conc > a.conc
                };
                if i < records.len() && same_curve(&records[i - 1], &records[i]) {
                    continue;
                }
                let curve = &records[start..i];
                assert!((10..=16).contains(&curve.len()), "{}", curve.len());
                let (first, last) = (&curve[0], &curve[curve.len() - 1]);
                assert!(last.interactivity < first.interactivity);
                assert!(last.throughput > first.throughput);
                for r in curve {
                    assert!(r.throughput.is_finite() && r.throughput > 0.0);
                    assert!(r.interactivity.is_finite() && r.interactivity > 0.0);
                }
                start = i;
            }
        }
    }
}
