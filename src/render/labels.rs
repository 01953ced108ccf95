//! Every name a reader sees for an id: accelerators and models (from the catalogs),
//! precisions, engines, speculative-decoding methods, hub series, comparison sides,
//! sequences, page families and cost providers, and the headings built from them. Ids never
//! reach a reader; every other module asks here.

use crate::input::catalog::{Catalog, CostProvider};
use crate::plan::{Combination, Family, Filter, PagePlan, Subject};
use crate::types::{
    Framework, HardwareId, ModelId, Precision, Sequence, Serving, SpecDecoding, tokens,
};

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
pub fn series(serving: &Serving) -> String {
    series_parts(serving).join(" · ")
}

/// The parts of a series' name (`["SGLang", "MTP", "Disagg"]`), for a table cell that may
/// break between them but not inside one.
pub fn series_parts(serving: &Serving) -> Vec<String> {
    let Serving {
        framework: fw,
        spec_decoding: spec,
        disagg,
    } = serving;
    let mut parts = vec![framework(fw)];
    if !spec.is_none() {
        parts.push(spec_decoding(spec));
    }
    // An engine whose name already says it (`sglang-disagg`) is not told twice.
    if *disagg && !fw.as_str().ends_with("disagg") {
        parts.push("Disagg".to_string());
    }
    parts
}

/// A page side's name: what its filter sets apart within the page's family (`MTP`, `Off`,
/// `B200`, `FP8`, `Disaggregated`, or a hub series).
pub fn side(family: Family, filter: &Filter, catalog: &Catalog) -> String {
    let missing = String::new;
    match family {
        Family::Hub => filter.serving().map_or_else(missing, |s| series(&s)),
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
        .map(|s| side(plan.subject.family(), &s.filter, catalog))
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

/// Catalog display names of a hub's or comparison's model, accelerator and precision.
pub struct CombinationNames {
    pub model: String,
    pub hardware: String,
    pub precision: String,
}

impl CombinationNames {
    pub fn of(on: &Combination, catalog: &Catalog) -> CombinationNames {
        CombinationNames {
            model: model(catalog, &on.model),
            hardware: hardware(catalog, &on.hardware),
            precision: precision(&on.precision),
        }
    }
}

/// The page heading: `B200 FP4: MTP vs Off Speculative Decoding`.
pub fn heading(subject: &Subject, catalog: &Catalog) -> String {
    let hw = |id| hardware(catalog, id);
    let fixed = |on| combination(on, catalog);
    match subject {
        Subject::Hub(on) => fixed(on),
        Subject::SpecDecode { on, method } => format!(
            "{}: {} vs {} Speculative Decoding",
            fixed(on),
            spec_decoding(method),
            spec_decoding(&SpecDecoding::none())
        ),
        Subject::Chip { a, b, .. } => format!("{} vs {}", hw(a), hw(b)),
        Subject::Precision { hardware, a, b, .. } => {
            format!("{}: {} vs {}", hw(hardware), precision(a), precision(b))
        }
        Subject::Framework { on, a, b } => {
            format!("{}: {} vs {}", fixed(on), framework(a), framework(b))
        }
        Subject::Disagg(on) => {
            format!("{}: Disaggregated vs Aggregated Serving", fixed(on))
        }
    }
}

/// What a comparison holds fixed, for prose: `B200 FP4, 1k/1k`.
pub fn setting(plan: &PagePlan, catalog: &Catalog) -> String {
    let seq = sequence(plan.sequence);
    if let Some(on) = plan.subject.combination() {
        return format!("{}, {seq}", combination(on, catalog));
    }
    match &plan.subject {
        Subject::Precision { hardware: hw, .. } => format!("{}, {seq}", hardware(catalog, hw)),
        _ => seq,
    }
}

/// `B200 FP4`: an accelerator at a precision.
fn combination(on: &Combination, catalog: &Catalog) -> String {
    format!(
        "{} {}",
        hardware(catalog, &on.hardware),
        precision(&on.precision)
    )
}

/// `B200 FP4: MTP vs Off Speculative Decoding (1k/1k)`: a comparison in a list of links.
pub fn comparison(plan: &PagePlan, catalog: &Catalog) -> String {
    format!(
        "{} ({})",
        heading(&plan.subject, catalog),
        sequence(plan.sequence)
    )
}

/// An editor's page as the navigation names it, from its address: `/about-us/` → "About us",
/// `/faq_2026/` → "Faq 2026". Only the first letter is raised; the rest is as the file is
/// named.
pub fn nav_label(url_path: &str) -> String {
    let slug = url_path.trim_matches('/').replace(['-', '_'], " ");
    let mut chars = slug.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => slug,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_is_named_in_the_nav_by_its_file() {
        assert_eq!(nav_label("/methodology/"), "Methodology");
        assert_eq!(nav_label("/about-us/"), "About us");
        assert_eq!(nav_label("/FAQ/"), "FAQ");
        assert_eq!(nav_label("/faq_2026/"), "Faq 2026");
    }

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
        let serving = |framework: &Framework, spec_decoding: &SpecDecoding, disagg| Serving {
            framework: framework.clone(),
            spec_decoding: spec_decoding.clone(),
            disagg,
        };
        assert_eq!(series(&serving(&fw, &mtp, true)), "SGLang · MTP · Disagg");
        let off = SpecDecoding::none();
        assert_eq!(series(&serving(&fw, &off, false)), "SGLang");
        let disagg_engine = Framework::new("sglang-disagg").unwrap();
        assert_eq!(
            series(&serving(&disagg_engine, &mtp, true)),
            "SGLang Disagg · MTP"
        );
        assert_eq!(
            framework(&Framework::new("new-engine").unwrap()),
            "new-engine",
            "unknown engines keep their slug"
        );
    }
}
