//! How a page names its subject: headings, eyebrows, link labels. Display names come from the
//! catalogs; ids never reach a reader.

use crate::catalog::Catalog;
use crate::plan::{Family, PagePlan, Subject, framework_label};
use crate::types::{Precision, spec_decoding_label};

/// Catalog display names of a subject's model and hardware.
pub struct Names {
    pub model: String,
    pub hardware: Vec<String>,
    pub precision: Vec<String>,
}

impl Names {
    pub fn of(subject: &Subject, catalog: &Catalog) -> Names {
        let model = catalog
            .model(&subject.model)
            .map_or(subject.model.to_string(), |m| m.name.clone());
        let hardware = subject
            .hardware
            .iter()
            .map(|h| {
                catalog
                    .hardware(h)
                    .map_or(h.to_string(), |h| h.name.clone())
            })
            .collect();
        let precision = subject.precision.iter().map(precision_label).collect();
        Names {
            model,
            hardware,
            precision,
        }
    }
}

pub fn precision_label(p: &Precision) -> String {
    p.as_str().to_uppercase()
}

/// The page heading: `B200 FP4: MTP vs Off Speculative Decoding`.
pub fn heading(subject: &Subject, n: &Names) -> String {
    let hw = &n.hardware;
    let p = &n.precision;
    let (va, vb) = variant_labels(subject);
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
    let seq = plan.sequence.label();
    match plan.subject.family {
        Family::Chip => seq,
        Family::Precision => format!("{}, {seq}", n.hardware[0]),
        _ => format!("{} {}, {seq}", n.hardware[0], n.precision[0]),
    }
}

/// The display names of a framework or spec-decoding pair.
fn variant_labels(subject: &Subject) -> (String, String) {
    let Some((a, b)) = &subject.variant else {
        return Default::default();
    };
    let label = match subject.family {
        Family::Framework => framework_label,
        _ => spec_decoding_label,
    };
    (label(a), label(b))
}
