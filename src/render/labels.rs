//! Every name a reader sees for an id: accelerators and models (from the catalogs),
//! precisions, engines, speculative-decoding methods, hub series, comparison sides,
//! sequences, page families and cost providers, and the headings built from them. Ids never
//! reach a reader; every other module asks here.

use crate::input::catalog::{Catalog, CostProvider};
use crate::plan::{Family, Filter, PagePlan, Subject, Variant};
use crate::types::{Framework, HardwareId, ModelId, Precision, Sequence, SpecDecoding, tokens};

/// An accelerator's catalog name (`GB200 NVL72`), or its id if the catalog lacks it.
pub fn hardware(catalog: &Catalog, id: &HardwareId) -> String {
    catalog
        .hardware(id)
        .map_or_else(|| id.to_string(), |h| h.name.clone())
}

/// A model's catalog name (`DeepSeek R1`), or its id if the catalog lacks it.
pub fn model(catalog: &Catalog, id: &ModelId) -> String {
    catalog
        .model(id)
        .map_or_else(|| id.to_string(), |m| m.name.clone())
}

/// `fp4` → `FP4`.
pub fn precision(p: &Precision) -> String {
    p.as_str().to_uppercase()
}

/// How pages name a serving engine; unknown engines keep their slug.
pub fn framework(framework: &Framework) -> String {
    let known = match framework.as_str() {
        "vllm" => "vLLM",
        "sglang" => "SGLang",
        "trt" => "TensorRT-LLM",
        "dynamo-trt" => "Dynamo TRT-LLM",
        "dynamo-sglang" => "Dynamo SGLang",
        "sglang-disagg" => "SGLang Disagg",
        "atom" => "ATOM",
        other => other,
    };
    known.to_string()
}

/// `mtp` → `MTP`, `none` → `Off`.
pub fn spec_decoding(method: &SpecDecoding) -> String {
    if method.is_none() {
        "Off".to_string()
    } else {
        method.as_str().to_uppercase()
    }
}

/// `SGLang · MTP · Disagg`: a hub series as the legend and table name it.
pub fn series(fw: &Framework, spec: &SpecDecoding, disagg: bool) -> String {
    series_parts(fw, spec, disagg).join(" · ")
}

/// The parts of a series' name (`["SGLang", "MTP", "Disagg"]`), for a table cell that may
/// break between them but not inside one.
pub fn series_parts(fw: &Framework, spec: &SpecDecoding, disagg: bool) -> Vec<String> {
    let mut parts = vec![framework(fw)];
    if !spec.is_none() {
        parts.push(spec_decoding(spec));
    }
    // An engine whose name already says it (`sglang-disagg`) is not told twice.
    if disagg && !fw.as_str().ends_with("disagg") {
        parts.push("Disagg".to_string());
    }
    parts
}

/// A page side's name: what its filter sets apart within the page's family (`MTP`, `Off`,
/// `B200`, `FP8`, `Disaggregated`, or a hub series).
pub fn side(family: Family, filter: &Filter, catalog: &Catalog) -> String {
    let missing = String::new;
    match family {
        Family::Hub => match (&filter.framework, &filter.spec_decoding, filter.disagg) {
            (Some(fw), Some(spec), Some(disagg)) => series(fw, spec, disagg),
            _ => missing(),
        },
        Family::SpecDecode => filter
            .spec_decoding
            .as_ref()
            .map_or_else(missing, spec_decoding),
        Family::Framework => filter.framework.as_ref().map_or_else(missing, framework),
        Family::Disagg => match filter.disagg {
            Some(true) => "Disaggregated".to_string(),
            Some(false) => "Aggregated".to_string(),
            None => missing(),
        },
        Family::Precision => filter.precision.as_ref().map_or_else(missing, precision),
        Family::Chip => filter
            .hardware
            .as_ref()
            .map_or_else(missing, |h| hardware(catalog, h)),
    }
}

/// Every side's name, in page order.
pub fn sides(plan: &PagePlan, catalog: &Catalog) -> Vec<String> {
    plan.sides
        .iter()
        .map(|s| side(plan.subject.family, &s.filter, catalog))
        .collect()
}

/// `8k/1k`.
pub fn sequence(s: Sequence) -> String {
    format!("{}/{}", tokens(s.isl), tokens(s.osl))
}

/// What a family compares, as an eyebrow and index title say it.
pub fn family(family: Family) -> &'static str {
    match family {
        Family::Hub => "Benchmark",
        Family::SpecDecode => "Speculative Decoding",
        Family::Chip => "Chip vs Chip",
        Family::Precision => "Precision",
        Family::Framework => "Serving Framework",
        Family::Disagg => "Disaggregated Serving",
    }
}

pub fn cost_provider(p: CostProvider) -> &'static str {
    match p {
        CostProvider::Hyperscaler => "Hyperscaler",
        CostProvider::Neocloud => "Neocloud",
        CostProvider::Rental3yr => "3-year rental",
    }
}

/// Catalog display names of a subject's model, hardware and precisions.
pub struct Names {
    pub model: String,
    pub hardware: Vec<String>,
    pub precision: Vec<String>,
}

impl Names {
    pub fn of(subject: &Subject, catalog: &Catalog) -> Names {
        Names {
            model: model(catalog, &subject.model),
            hardware: subject
                .hardware
                .iter()
                .map(|h| hardware(catalog, h))
                .collect(),
            precision: subject.precision.iter().map(precision).collect(),
        }
    }
}

/// The page heading: `B200 FP4: MTP vs Off Speculative Decoding`.
pub fn heading(subject: &Subject, n: &Names) -> String {
    let hw = &n.hardware;
    let p = &n.precision;
    let (va, vb) = variants(subject);
    match subject.family {
        Family::Hub => format!("{} {}", hw[0], p[0]),
        Family::SpecDecode => format!("{} {}: {va} vs {vb} Speculative Decoding", hw[0], p[0]),
        Family::Chip => format!("{} vs {}", hw[0], hw[1]),
        Family::Precision => format!("{}: {} vs {}", hw[0], p[0], p[1]),
        Family::Framework => format!("{} {}: {va} vs {vb}", hw[0], p[0]),
        Family::Disagg => format!("{} {}: Disaggregated vs Aggregated Serving", hw[0], p[0]),
    }
}

/// What a comparison holds fixed, for prose: `B200 FP4, 1k/1k`.
pub fn setting(plan: &PagePlan, n: &Names) -> String {
    let seq = sequence(plan.sequence);
    match plan.subject.family {
        Family::Chip => seq,
        Family::Precision => format!("{}, {seq}", n.hardware[0]),
        _ => format!("{} {}, {seq}", n.hardware[0], n.precision[0]),
    }
}

/// `B200 FP4: MTP vs Off Speculative Decoding (1k/1k)`: a comparison in a list of links.
pub fn comparison(plan: &PagePlan, catalog: &Catalog) -> String {
    let n = Names::of(&plan.subject, catalog);
    format!(
        "{} ({})",
        heading(&plan.subject, &n),
        sequence(plan.sequence)
    )
}

/// The display names of a framework or spec-decoding pair.
fn variants(subject: &Subject) -> (String, String) {
    match &subject.variant {
        Some(Variant::Framework(a, b)) => (framework(a), framework(b)),
        Some(Variant::SpecDecode(a, b)) => (spec_decoding(a), spec_decoding(b)),
        None => Default::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sequences_read_in_k() {
        let s = Sequence {
            isl: 8192,
            osl: 1024,
        };
        assert_eq!(sequence(s), "8k/1k");
        assert_eq!(
            sequence(Sequence {
                isl: 1000,
                osl: 2048
            }),
            "1000/2k"
        );
    }

    #[test]
    fn spec_decoding_and_series() {
        let fw = Framework::new("sglang").unwrap();
        let mtp = SpecDecoding::new("mtp").unwrap();
        assert_eq!(spec_decoding(&SpecDecoding::none()), "Off");
        assert_eq!(spec_decoding(&mtp), "MTP");
        assert_eq!(series(&fw, &mtp, true), "SGLang · MTP · Disagg");
        assert_eq!(series(&fw, &SpecDecoding::none(), false), "SGLang");
        let disagg_engine = Framework::new("sglang-disagg").unwrap();
        assert_eq!(series(&disagg_engine, &mtp, true), "SGLang Disagg · MTP");
        assert_eq!(
            framework(&Framework::new("new-engine").unwrap()),
            "new-engine",
            "unknown engines keep their slug"
        );
    }
}
