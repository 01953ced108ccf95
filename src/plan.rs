//! Stage 3, plan: decide which pages exist, at which URL, and which records each side covers.
//! No numbers are computed here; [`crate::compute`] does that for each planned page.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rayon::prelude::*;
use serde::Serialize;

use crate::catalog::Catalog;
use crate::dataset::Dataset;
use crate::record::Record;
use crate::types::{Framework, HardwareId, ModelId, Precision, Sequence, SpecDecoding};

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

    /// The family's top folder; its index page lives there.
    pub fn dir(self) -> &'static str {
        match self {
            Self::Hub => "",
            Self::SpecDecode => "compare-spec-decode",
            Self::Chip => "compare",
            Self::Precision => "compare-precision",
            Self::Framework => "compare-framework",
            Self::Disagg => "compare-disagg",
        }
    }

    /// What the family compares, as an eyebrow and index title say it.
    pub fn title(self) -> &'static str {
        match self {
            Self::Hub => "Benchmark",
            Self::SpecDecode => "Speculative Decoding",
            Self::Chip => "Chip vs Chip",
            Self::Precision => "Precision",
            Self::Framework => "Serving Framework",
            Self::Disagg => "Disaggregated Serving",
        }
    }

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
    pub isl: u32,
    pub osl: u32,
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
            isl: sequence.isl,
            osl: sequence.osl,
        }
    }

    pub fn matches(&self, r: &Record) -> bool {
        fn ok<T: PartialEq>(want: &Option<T>, have: &T) -> bool {
            want.as_ref().is_none_or(|w| w == have)
        }
        r.model == self.model
            && r.sequence.isl == self.isl
            && r.sequence.osl == self.osl
            && ok(&self.hardware, &r.hardware)
            && ok(&self.precision, &r.precision)
            && ok(&self.framework, &r.framework)
            && ok(&self.spec_decoding, &r.spec_decoding)
            && ok(&self.disagg, &r.disagg)
    }
}

/// One side (comparison) or series (hub) of a page.
#[derive(Debug, Clone, PartialEq)]
pub struct SidePlan {
    pub label: String,
    pub filter: Filter,
    /// Indices into [`Dataset::records`], in dataset order.
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
    /// `(A, B)` of a framework or spec-decoding comparison.
    pub variant: Option<(String, String)>,
}

impl Subject {
    /// The path without the sequence: `/compare-spec-decode/dsr1-gb200-fp4-mtp-vs-none/`.
    pub fn base_path(&self) -> String {
        let hw: Vec<&str> = self.hardware.iter().map(HardwareId::as_str).collect();
        let m = self.model.as_str();
        let p: Vec<&str> = self.precision.iter().map(Precision::as_str).collect();
        let (va, vb) = self.variant.clone().unwrap_or_default();
        let dir = self.family.dir();
        match self.family {
            Family::Hub => format!("/{m}/{}/{}/", hw[0], p[0]),
            Family::SpecDecode => format!("/{dir}/{m}-{}-{}-{va}-vs-{vb}/", hw[0], p[0]),
            Family::Chip => format!("/{dir}/{m}-{}-vs-{}/", hw[0], hw[1]),
            Family::Precision => format!("/{dir}/{m}-{}-{}-vs-{}/", hw[0], p[0], p[1]),
            Family::Framework => format!("/{dir}/{m}-{}-{}-{va}-vs-{vb}/", hw[0], p[0]),
            Family::Disagg => format!("/{dir}/{m}-{}-{}/", hw[0], p[0]),
        }
    }

    pub fn path(&self, sequence: Sequence) -> String {
        format!("{}{}/", self.base_path(), sequence.slug())
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
    pub fn path(&self) -> String {
        self.subject.path(self.sequence)
    }

    /// Points on the page, counted for choosing a comparison's default sequence.
    pub fn point_count(&self) -> usize {
        self.sides.iter().map(|s| s.records.len()).sum()
    }
}

/// Every page the data calls for.
#[derive(Debug, Clone, Default)]
pub struct SitePlan {
    /// Hubs and comparisons, sorted by subject then sequence.
    pub pages: Vec<PagePlan>,
    /// For each comparison subject, the sequence of its default (sequence-less) page.
    pub defaults: BTreeMap<Subject, Sequence>,
    /// Indices into `pages` of every page of one model at one sequence: the only pages that
    /// can be related to each other, so that finding them stays linear in the site's size.
    by_workload: HashMap<(ModelId, Sequence), Vec<usize>>,
}

/// Plans hub pages and comparison pages for every combination present in `data`.
pub fn plan(data: &Dataset, catalog: &Catalog) -> SitePlan {
    // Each (model, sequence) is planned on its own, so the groups are planned in parallel;
    // the sort puts the pages in one order whatever the threads did.
    let mut pages: Vec<PagePlan> = group_by_model_sequence(data)
        .into_par_iter()
        .flat_map_iter(|(key, indices)| {
            let g = Group {
                data,
                catalog,
                model: &key.0,
                sequence: key.1,
                indices: &indices,
            };
            pages_for(&g)
        })
        .collect();
    pages.par_sort_by(|a, b| (&a.subject, a.sequence).cmp(&(&b.subject, b.sequence)));
    let defaults = default_sequences(&pages);
    let mut by_workload: HashMap<(ModelId, Sequence), Vec<usize>> = HashMap::new();
    for (i, p) in pages.iter().enumerate() {
        by_workload
            .entry((p.subject.model.clone(), p.sequence))
            .or_default()
            .push(i);
    }
    SitePlan {
        pages,
        defaults,
        by_workload,
    }
}

fn group_by_model_sequence(data: &Dataset) -> BTreeMap<(ModelId, Sequence), Vec<usize>> {
    let mut groups: BTreeMap<(ModelId, Sequence), Vec<usize>> = BTreeMap::new();
    for (i, r) in data.records.iter().enumerate() {
        groups
            .entry((r.model.clone(), r.sequence))
            .or_default()
            .push(i);
    }
    groups
}

/// The default sequence of each comparison: most points on both sides; ties to the smaller isl,
/// then osl. Pages arrive sorted by sequence, so the first maximum is the right one.
fn default_sequences(pages: &[PagePlan]) -> BTreeMap<Subject, Sequence> {
    let mut best: BTreeMap<Subject, (usize, Sequence)> = BTreeMap::new();
    for page in pages.iter().filter(|p| p.subject.family != Family::Hub) {
        let count = page.point_count();
        let entry = best
            .entry(page.subject.clone())
            .or_insert((count, page.sequence));
        if count > entry.0 {
            *entry = (count, page.sequence);
        }
    }
    best.into_iter().map(|(s, (_, seq))| (s, seq)).collect()
}

/// Everything at one (model, sequence): the records' indices, and what they cover.
struct Group<'a> {
    data: &'a Dataset,
    catalog: &'a Catalog,
    model: &'a ModelId,
    sequence: Sequence,
    indices: &'a [usize],
}

impl Group<'_> {
    fn records(&self) -> impl Iterator<Item = (usize, &Record)> {
        self.indices.iter().map(|&i| (i, &self.data.records[i]))
    }

    /// Distinct values of `key` among records passing `keep`, sorted.
    fn distinct<T: Ord>(
        &self,
        keep: impl Fn(&Record) -> bool,
        key: impl Fn(&Record) -> T,
    ) -> Vec<T> {
        let set: BTreeSet<T> = self
            .records()
            .map(|(_, r)| r)
            .filter(|r| keep(r))
            .map(key)
            .collect();
        set.into_iter().collect()
    }

    fn side(&self, label: String, filter: Filter) -> SidePlan {
        let records = self
            .records()
            .filter(|(_, r)| filter.matches(r))
            .map(|(i, _)| i)
            .collect();
        SidePlan {
            label,
            filter,
            records,
        }
    }

    fn filter(&self) -> Filter {
        Filter::new(self.model, self.sequence)
    }

    fn page(&self, subject: Subject, sides: Vec<SidePlan>) -> Option<PagePlan> {
        let all_present = sides.iter().all(|s| !s.records.is_empty());
        all_present.then_some(PagePlan {
            subject,
            sequence: self.sequence,
            sides,
        })
    }

    fn subject(&self, family: Family, hw: &[&HardwareId], precision: &[&Precision]) -> Subject {
        Subject {
            family,
            model: self.model.clone(),
            hardware: hw.iter().map(|h| (*h).clone()).collect(),
            precision: precision.iter().map(|p| (*p).clone()).collect(),
            variant: None,
        }
    }
}

fn pages_for(g: &Group) -> Vec<PagePlan> {
    let mut pages = Vec::new();
    let hw_precisions = g.distinct(|_| true, |r| (r.hardware.clone(), r.precision.clone()));
    for (hw, precision) in &hw_precisions {
        pages.extend(hub(g, hw, precision));
        pages.extend(spec_decode(g, hw, precision));
        pages.extend(frameworks(g, hw, precision));
        pages.extend(disagg(g, hw, precision));
    }
    let hardware = g.distinct(|_| true, |r| r.hardware.clone());
    for hw in &hardware {
        pages.extend(precisions(g, hw));
    }
    for (i, a) in hardware.iter().enumerate() {
        for b in &hardware[i + 1..] {
            pages.extend(chip(g, a, b));
        }
    }
    pages
}

fn pinned(g: &Group, hw: &HardwareId, precision: &Precision) -> Filter {
    Filter {
        hardware: Some(hw.clone()),
        precision: Some(precision.clone()),
        ..g.filter()
    }
}

/// The hub: every series (framework × spec decoding × disagg) of one combination.
fn hub(g: &Group, hw: &HardwareId, precision: &Precision) -> Option<PagePlan> {
    let base = pinned(g, hw, precision);
    let series = g.distinct(
        |r| base.matches(r),
        |r| (r.framework.clone(), r.spec_decoding.clone(), r.disagg),
    );
    let sides = series
        .into_iter()
        .map(|(framework, spec, disagg)| {
            let label = series_label(&framework, &spec, disagg);
            let filter = Filter {
                framework: Some(framework),
                spec_decoding: Some(spec),
                disagg: Some(disagg),
                ..base.clone()
            };
            g.side(label, filter)
        })
        .collect();
    g.page(g.subject(Family::Hub, &[hw], &[precision]), sides)
}

/// `SGLang · MTP · Disagg`: a hub series as the legend and table name it.
pub fn series_label(framework: &Framework, spec: &SpecDecoding, disagg: bool) -> String {
    let mut label = framework_label(framework.as_str());
    if !spec.is_none() {
        label.push_str(&format!(" · {}", spec.label()));
    }
    if disagg {
        label.push_str(" · Disagg");
    }
    label
}

/// How pages name a serving engine; unknown engines keep their slug.
pub fn framework_label(framework: &str) -> String {
    let known = match framework {
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

/// MTP (or any method) vs no speculative decoding, one page per method.
fn spec_decode(g: &Group, hw: &HardwareId, precision: &Precision) -> Vec<PagePlan> {
    let base = pinned(g, hw, precision);
    let methods = g.distinct(|r| base.matches(r), |r| r.spec_decoding.clone());
    let none = SpecDecoding::none();
    methods
        .iter()
        .filter(|m| !m.is_none())
        .filter_map(|method| {
            let side = |spec: &SpecDecoding| {
                let filter = Filter {
                    spec_decoding: Some(spec.clone()),
                    ..base.clone()
                };
                g.side(spec.label(), filter)
            };
            let mut subject = g.subject(Family::SpecDecode, &[hw], &[precision]);
            subject.variant = Some((method.to_string(), none.to_string()));
            g.page(subject, vec![side(method), side(&none)])
        })
        .collect()
}

/// Framework A vs framework B (alphabetical), every pair present.
fn frameworks(g: &Group, hw: &HardwareId, precision: &Precision) -> Vec<PagePlan> {
    let base = pinned(g, hw, precision);
    let list = g.distinct(|r| base.matches(r), |r| r.framework.clone());
    pairs(&list)
        .filter_map(|(a, b)| {
            let side = |fw: &Framework| {
                let filter = Filter {
                    framework: Some(fw.clone()),
                    ..base.clone()
                };
                g.side(framework_label(fw.as_str()), filter)
            };
            let mut subject = g.subject(Family::Framework, &[hw], &[precision]);
            subject.variant = Some((a.to_string(), b.to_string()));
            g.page(subject, vec![side(a), side(b)])
        })
        .collect()
}

/// Disaggregated vs aggregated serving.
fn disagg(g: &Group, hw: &HardwareId, precision: &Precision) -> Option<PagePlan> {
    let base = pinned(g, hw, precision);
    let side = |disagg: bool, label: &str| {
        g.side(
            label.to_string(),
            Filter {
                disagg: Some(disagg),
                ..base.clone()
            },
        )
    };
    let sides = vec![side(true, "Disaggregated"), side(false, "Aggregated")];
    g.page(g.subject(Family::Disagg, &[hw], &[precision]), sides)
}

/// Precision A vs B on one accelerator, A the narrower format.
fn precisions(g: &Group, hw: &HardwareId) -> Vec<PagePlan> {
    let mut list = g.distinct(|r| r.hardware == *hw, |r| r.precision.clone());
    list.sort_by_key(precision_rank);
    pairs(&list)
        .filter_map(|(a, b)| {
            let side = |p: &Precision| {
                let filter = Filter {
                    hardware: Some(hw.clone()),
                    precision: Some(p.clone()),
                    ..g.filter()
                };
                g.side(p.as_str().to_uppercase(), filter)
            };
            let subject = g.subject(Family::Precision, &[hw], &[a, b]);
            g.page(subject, vec![side(a), side(b)])
        })
        .collect()
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

/// All points of chip A vs all points of chip B (any precision), ids sorted.
fn chip(g: &Group, a: &HardwareId, b: &HardwareId) -> Option<PagePlan> {
    let side = |hw: &HardwareId| {
        let filter = Filter {
            hardware: Some(hw.clone()),
            ..g.filter()
        };
        let name = g
            .catalog
            .hardware(hw)
            .map_or(hw.as_str(), |h| h.name.as_str());
        g.side(name.to_string(), filter)
    };
    g.page(
        g.subject(Family::Chip, &[a, b], &[]),
        vec![side(a), side(b)],
    )
}

fn pairs<T>(list: &[T]) -> impl Iterator<Item = (&T, &T)> {
    list.iter()
        .enumerate()
        .flat_map(move |(i, a)| list[i + 1..].iter().map(move |b| (a, b)))
}

impl SitePlan {
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
