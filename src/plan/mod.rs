//! Stage 2, plan: decide which pages exist, which records each side covers, where each page
//! and file lives ([`urls`]), and which editors' commentary goes on which page ([`mod@attach`]).
//! No numbers are computed here ([`crate::compute`]) and nothing is named for a reader
//! ([`crate::render::labels`]).

mod attach;
mod pages;
pub mod urls;

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::input::record::Record;
use crate::types::{Framework, HardwareId, ModelId, Precision, Sequence, SpecDecoding};

pub use attach::{Attached, attach};
pub use pages::plan;

/// The kinds of generated page that show data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Family {
    #[serde(rename = "hub")]
    Hub,
    #[serde(rename = "spec-decode")]
    SpecDecode,
    #[serde(rename = "chip")]
    Chip,
    #[serde(rename = "precision")]
    Precision,
    #[serde(rename = "framework")]
    Framework,
    #[serde(rename = "disagg")]
    Disagg,
}

impl Family {
    pub const COMPARISONS: [Family; 5] = [
        Self::SpecDecode,
        Self::Chip,
        Self::Precision,
        Self::Framework,
        Self::Disagg,
    ];

    /// The key used in `index.json` and templates.
    pub fn key(self) -> &'static str {
        match self {
            Self::Hub => "hub",
            Self::SpecDecode => "spec-decode",
            Self::Chip => "chip",
            Self::Precision => "precision",
            Self::Framework => "framework",
            Self::Disagg => "disagg",
        }
    }
}

/// Which records one side of a page covers. A field left `None` is not constrained.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Filter {
    pub model: ModelId,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hardware: Option<HardwareId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub precision: Option<Precision>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub framework: Option<Framework>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spec_decoding: Option<SpecDecoding>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disagg: Option<bool>,
    /// Written as `"isl": …, "osl": …`.
    #[serde(flatten)]
    pub sequence: Sequence,
}

impl Filter {
    fn new(model: &ModelId, sequence: Sequence) -> Filter {
        Filter {
            model: model.clone(),
            hardware: None,
            precision: None,
            framework: None,
            spec_decoding: None,
            disagg: None,
            sequence,
        }
    }

    pub fn matches(&self, r: &Record) -> bool {
        fn ok<T: PartialEq>(want: &Option<T>, have: &T) -> bool {
            want.as_ref().is_none_or(|w| w == have)
        }
        r.model == self.model
            && r.sequence == self.sequence
            && ok(&self.hardware, &r.hardware)
            && ok(&self.precision, &r.precision)
            && ok(&self.framework, &r.framework)
            && ok(&self.spec_decoding, &r.spec_decoding)
            && ok(&self.disagg, &r.disagg)
    }
}

/// One side (comparison) or series (hub) of a page: its filter says what sets it apart (and,
/// with the page's family, how it is named).
#[derive(Debug, Clone, PartialEq)]
pub struct SidePlan {
    pub filter: Filter,
    /// Indices into [`crate::input::dataset::Dataset::records`], in dataset order.
    pub records: Vec<usize>,
}

/// A comparison or hub independent of its sequence: `/compare-precision/dsr1-b200-fp4-vs-fp8/`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Subject {
    pub family: Family,
    pub model: ModelId,
    /// One entry, or two for chip vs chip.
    pub hardware: Vec<HardwareId>,
    /// The page's precisions (empty for chip vs chip, which covers them all).
    pub precision: Vec<Precision>,
    /// The two engines or speculative-decoding settings a comparison of those families sets
    /// side by side.
    pub variant: Option<Variant>,
}

/// What a framework or speculative-decoding comparison compares, side A then side B.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Variant {
    /// Two engines, alphabetical.
    Framework(Framework, Framework),
    /// A method, then `none`.
    SpecDecode(SpecDecoding, SpecDecoding),
}

impl Variant {
    /// The two slugs, as the URL writes them.
    pub fn slugs(&self) -> (&str, &str) {
        match self {
            Variant::Framework(a, b) => (a.as_str(), b.as_str()),
            Variant::SpecDecode(a, b) => (a.as_str(), b.as_str()),
        }
    }
}

/// One data page: a hub or a comparison at one sequence.
#[derive(Debug, Clone, PartialEq)]
pub struct PagePlan {
    pub subject: Subject,
    pub sequence: Sequence,
    pub sides: Vec<SidePlan>,
}

impl PagePlan {
    /// Points on the page, counted for choosing a comparison's default sequence.
    pub fn point_count(&self) -> usize {
        self.sides.iter().map(|s| s.records.len()).sum()
    }
}

/// A ranking page (SPEC §12): one model at one sequence, its candidates the series of every
/// hub there.
#[derive(Debug, Clone, PartialEq)]
pub struct RankingPlan {
    pub model: ModelId,
    pub sequence: Sequence,
    /// Indices into [`SitePlan::pages`] of the hubs whose series are the candidates.
    pub hubs: Vec<usize>,
    /// How many candidates (hub series) there are.
    pub candidates: usize,
}

/// Every page the data calls for.
#[derive(Debug, Clone, Default)]
pub struct SitePlan {
    /// Hubs and comparisons, sorted by subject then sequence. Hubs come first (their family
    /// sorts first).
    pub pages: Vec<PagePlan>,
    /// One ranking per model and sequence with data, sorted by model then sequence.
    pub rankings: Vec<RankingPlan>,
    /// For each comparison subject, the sequence of its default (sequence-less) page.
    pub defaults: BTreeMap<Subject, Sequence>,
    /// Indices into `pages` of every page of one model at one sequence: the only pages that
    /// can be related to each other, so that finding them stays linear in the site's size.
    by_workload: HashMap<(ModelId, Sequence), Vec<usize>>,
}

/// Sort key putting narrower formats first; unknown ones after, alphabetically.
pub fn precision_rank(p: &Precision) -> (usize, Precision) {
    const ORDER: [&str; 9] = [
        "fp4", "nvfp4", "mxfp4", "int4", "fp4fp8", "fp8", "int8", "fp16", "bf16",
    ];
    let rank = ORDER
        .iter()
        .position(|o| *o == p.as_str())
        .unwrap_or(ORDER.len());
    (rank, p.clone())
}

impl SitePlan {
    /// The hub pages: the first pages, as their family sorts first.
    pub fn hubs(&self) -> &[PagePlan] {
        let end = self
            .pages
            .partition_point(|p| p.subject.family == Family::Hub);
        &self.pages[..end]
    }

    /// The ranking of `model` at `sequence`, if it has data there.
    pub fn ranking(&self, model: &ModelId, sequence: Sequence) -> Option<&RankingPlan> {
        self.rankings
            .binary_search_by(|r| (&r.model, r.sequence).cmp(&(model, sequence)))
            .ok()
            .map(|i| &self.rankings[i])
    }

    /// A model's headline ranking: the sequence with the most candidates; ties go to the
    /// smaller isl, then osl (SPEC §12 "Home page").
    pub fn default_ranking(&self, model: &ModelId) -> Option<&RankingPlan> {
        self.rankings
            .iter()
            .filter(|r| r.model == *model)
            .min_by_key(|r| (std::cmp::Reverse(r.candidates), r.sequence))
    }

    pub fn comparisons(&self) -> impl Iterator<Item = &PagePlan> {
        self.pages
            .iter()
            .filter(|p| p.subject.family != Family::Hub)
    }

    /// The same subject at every sequence it has, in sequence order (pages are sorted by
    /// subject, so this is a binary search).
    pub fn sequences_of(&self, subject: &Subject) -> &[PagePlan] {
        let start = self.pages.partition_point(|p| p.subject < *subject);
        let end = self.pages.partition_point(|p| p.subject <= *subject);
        &self.pages[start..end]
    }

    /// Every page of one family about one model (pages are sorted by subject, whose first
    /// fields are family and model, so this is a binary search).
    pub fn of(&self, family: Family, model: &ModelId) -> &[PagePlan] {
        let start = self
            .pages
            .partition_point(|p| (p.subject.family, &p.subject.model) < (family, model));
        let end = self
            .pages
            .partition_point(|p| (p.subject.family, &p.subject.model) <= (family, model));
        &self.pages[start..end]
    }

    /// Every page of `page`'s model at `page`'s sequence.
    pub fn same_workload<'a>(&'a self, page: &PagePlan) -> impl Iterator<Item = &'a PagePlan> {
        let key = (page.subject.model.clone(), page.sequence);
        let indices = self.by_workload.get(&key).map_or(&[][..], Vec::as_slice);
        indices.iter().map(|&i| &self.pages[i])
    }

    /// The hubs of `page`'s model, accelerator and sequence at precisions the page does not
    /// show, in precision order: its chart draws their records as extra series. Chip pages
    /// already cover every precision, so they have none.
    pub fn other_precisions<'a>(&'a self, page: &PagePlan) -> Vec<&'a PagePlan> {
        if page.subject.family == Family::Chip {
            return Vec::new();
        }
        let mut hubs: Vec<&PagePlan> = self
            .same_workload(page)
            .filter(|h| {
                h.subject.family == Family::Hub
                    && h.subject.hardware == page.subject.hardware
                    && !page.subject.precision.contains(&h.subject.precision[0])
            })
            .collect();
        hubs.sort_by_key(|h| precision_rank(&h.subject.precision[0]));
        hubs
    }
}

/// Whether `comparison` covers the combination of `hub`: same model and sequence, the hub's
/// accelerator among its hardware, and the hub's precision among its precisions (chip vs chip
/// covers every precision).
pub fn involves(comparison: &PagePlan, hub: &PagePlan) -> bool {
    let (c, h) = (&comparison.subject, &hub.subject);
    c.model == h.model
        && comparison.sequence == hub.sequence
        && c.hardware.contains(&h.hardware[0])
        && (c.precision.is_empty() || c.precision.contains(&h.precision[0]))
}
