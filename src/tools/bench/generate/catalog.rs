//! What the synthetic site is made of: the accelerators of `data/hardware.yaml` as the
//! generator sees them, precisions, sequences and model families.

use super::rng::Rng;

/// One accelerator as the generator sees it.
pub(super) struct Accelerator {
    pub(super) id: &'static str,
    /// Relative speed per GPU.
    pub(super) speed: f64,
    pub(super) amd: bool,
    pub(super) fp4: bool,
    /// Aggregated serving engines measured on it.
    pub(super) engines: &'static [&'static str],
    /// Disaggregated serving engines.
    pub(super) disagg: &'static [&'static str],
}

/// The nine accelerators of `data/hardware.yaml`, in its order.
pub(super) const HARDWARE: [Accelerator; 9] = [
    Accelerator {
        id: "h100",
        speed: 1.0,
        amd: false,
        fp4: false,
        engines: &["vllm", "sglang", "trt"],
        disagg: &[],
    },
    Accelerator {
        id: "h200",
        speed: 1.3,
        amd: false,
        fp4: false,
        engines: &["vllm", "sglang", "trt"],
        disagg: &["dynamo-sglang"],
    },
    Accelerator {
        id: "b200",
        speed: 2.4,
        amd: false,
        fp4: true,
        engines: &["vllm", "sglang", "trt"],
        disagg: &["dynamo-trt"],
    },
    Accelerator {
        id: "b300",
        speed: 3.0,
        amd: false,
        fp4: true,
        engines: &["vllm", "sglang", "trt"],
        disagg: &["dynamo-trt"],
    },
    Accelerator {
        id: "gb200",
        speed: 2.8,
        amd: false,
        fp4: true,
        engines: &["trt", "sglang"],
        disagg: &["dynamo-trt", "dynamo-sglang"],
    },
    Accelerator {
        id: "gb300",
        speed: 3.4,
        amd: false,
        fp4: true,
        engines: &["trt", "sglang"],
        disagg: &["dynamo-trt", "dynamo-sglang"],
    },
    Accelerator {
        id: "mi300x",
        speed: 1.1,
        amd: true,
        fp4: false,
        engines: &["vllm", "sglang"],
        disagg: &[],
    },
    Accelerator {
        id: "mi325x",
        speed: 1.3,
        amd: true,
        fp4: false,
        engines: &["vllm", "sglang"],
        disagg: &[],
    },
    Accelerator {
        id: "mi355x",
        speed: 2.3,
        amd: true,
        fp4: true,
        engines: &["vllm", "sglang", "atom"],
        disagg: &["sglang-disagg"],
    },
];

pub(super) const PRECISIONS: [&str; 3] = ["fp4", "fp8", "bf16"];

pub(super) const SEQUENCES: [(u32, u32); 3] = [(1024, 1024), (1024, 8192), (8192, 1024)];

/// The model families synthetic models are named after: slug, name, relative speed, MTP.
pub(super) const FAMILIES: [(&str, &str, f64, bool); 8] = [
    ("deepseek-r1", "DeepSeek R1", 1.0, true),
    ("gpt-oss-120b", "gpt-oss 120B", 3.0, false),
    ("llama-3-3-70b", "Llama 3.3 70B", 1.6, false),
    ("qwen3-235b", "Qwen3 235B", 1.3, true),
    ("kimi-k2", "Kimi K2", 0.8, true),
    ("glm-4-6", "GLM 4.6", 1.1, true),
    ("mistral-large-3", "Mistral Large 3", 1.4, false),
    ("minimax-m2", "MiniMax M2", 1.8, true),
];

pub(super) struct SyntheticModel {
    pub(super) id: String,
    pub(super) name: String,
    pub(super) speed: f64,
    pub(super) mtp: bool,
    pub(super) bf16: bool,
}

pub(super) fn synthetic_model(index: usize) -> SyntheticModel {
    let (slug, name, speed, mtp) = FAMILIES[index % FAMILIES.len()];
    let generation = index / FAMILIES.len();
    let mut rng = Rng::seeded(&[1, index as u64]);
    SyntheticModel {
        id: format!("{slug}-syn{generation:03}"),
        name: format!("{name} (synthetic {generation})"),
        speed: speed * rng.range(0.8, 1.25),
        mtp,
        bf16: index % 3 == 1,
    }
}

/// The runner name as the real files write it (some through `hardware.yaml` aliases).
pub(super) fn runner(acc: &Accelerator, engine: &str) -> &'static str {
    match (acc.id, engine) {
        ("b200", "trt") => "b200-trt",
        ("mi355x", "sglang-disagg") => "mi355x-amd_0",
        _ => acc.id,
    }
}
