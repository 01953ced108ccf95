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
use crate::types::{Framework, HardwareId, ModelId, Precision, Sequence, Serving, SpecDecoding};

pub use attach::{Attached, attach};
pub use pages::plan;

/// The kinds of generated page that show data. Serialized by [`Family::key`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Family {
    Hub,
    SpecDecode,
    Chip,
    Precision,
    Framework,
    Disagg,
}

impl Serialize for Family {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.key())
    }
}

impl Family {
    /// Every family, hubs first, in the order of the site's navigation.
    pub const ALL: [Family; 6] = [
        Self::Hub,
        Self::SpecDecode,
        Self::Chip,
        Self::Precision,
        Self::Framework,
        Self::Disagg,
    ];

    /// Every family but the hubs.
    pub const COMPARISONS: &[Family] = Self::ALL.split_at(1).1;

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

    /// This filter narrowed to one hub series.
    pub fn with_serving(self, serving: Serving) -> Filter {
        Filter {
            framework: Some(serving.framework),
            spec_decoding: Some(serving.spec_decoding),
            disagg: Some(serving.disagg),
            ..self
        }
    }

    /// The hub series this filter selects, when it pins all three of a series' fields.
    pub fn serving(&self) -> Option<Serving> {
        Some(Serving {
            framework: self.framework.clone()?,
            spec_decoding: self.spec_decoding.clone()?,
            disagg: self.disagg?,
        })
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

/// One model on one accelerator at one precision: what a hub shows, and what most
/// comparisons hold fixed while they set two variants side by side.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Combination {
    pub model: ModelId,
    pub hardware: HardwareId,
    pub precision: Precision,
}

/// A hub or comparison independent of its sequence: `/compare-precision/dsr1-b200-fp4-vs-fp8/`.
/// Each family holds just what it fixes and what it compares. Subjects sort by family (the
/// variants are in [`Family`]'s order), then model, then the rest: pages are kept in that
/// order and looked up by binary search.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Subject {
    /// Every series of one combination.
    Hub(Combination),
    /// A speculative-decoding method against none.
    SpecDecode {
        on: Combination,
        method: SpecDecoding,
    },
    /// Two accelerators (ids sorted) at every precision.
    Chip {
        model: ModelId,
        a: HardwareId,
        b: HardwareId,
    },
    /// Two precisions on one accelerator, the narrower format first.
    Precision {
        model: ModelId,
        hardware: HardwareId,
        a: Precision,
        b: Precision,
    },
    /// Two engines, alphabetical.
    Framework {
        on: Combination,
        a: Framework,
        b: Framework,
    },
    /// Disaggregated against aggregated serving.
    Disagg(Combination),
}

impl Subject {
    pub fn family(&self) -> Family {
        match self {
            Subject::Hub(_) => Family::Hub,
            Subject::SpecDecode { .. } => Family::SpecDecode,
            Subject::Chip { .. } => Family::Chip,
            Subject::Precision { .. } => Family::Precision,
            Subject::Framework { .. } => Family::Framework,
            Subject::Disagg(_) => Family::Disagg,
        }
    }

    pub fn model(&self) -> &ModelId {
        match self {
            Subject::Chip { model, .. } | Subject::Precision { model, .. } => model,
            Subject::Hub(on)
            | Subject::SpecDecode { on, .. }
            | Subject::Framework { on, .. }
            | Subject::Disagg(on) => &on.model,
        }
    }

    /// The combination a hub shows or a comparison holds fixed; chip and precision pages
    /// compare a part of one, so they have none.
    pub fn combination(&self) -> Option<&Combination> {
        match self {
            Subject::Hub(on)
            | Subject::SpecDecode { on, .. }
            | Subject::Framework { on, .. }
            | Subject::Disagg(on) => Some(on),
            Subject::Chip { .. } | Subject::Precision { .. } => None,
        }
    }

    /// The page's accelerators: one, or two for chip vs chip.
    pub fn hardware(&self) -> Vec<&HardwareId> {
        match self {
            Subject::Chip { a, b, .. } => vec![a, b],
            Subject::Precision { hardware, .. } => vec![hardware],
            Subject::Hub(on)
            | Subject::SpecDecode { on, .. }
            | Subject::Framework { on, .. }
            | Subject::Disagg(on) => vec![&on.hardware],
        }
    }

    /// The page's precisions: one, two for a precision comparison, none for chip vs chip
    /// (which covers them all).
    pub fn precisions(&self) -> Vec<&Precision> {
        match self {
            Subject::Chip { .. } => Vec::new(),
            Subject::Precision { a, b, .. } => vec![a, b],
            Subject::Hub(on)
            | Subject::SpecDecode { on, .. }
            | Subject::Framework { on, .. }
            | Subject::Disagg(on) => vec![&on.precision],
        }
    }

    /// Whether this page covers the hub of `hub`: same model, the hub's accelerator among its
    /// own, and the hub's precision among its own (chip vs chip covers every precision).
    pub fn covers(&self, hub: &Combination) -> bool {
        match self {
            Subject::Chip { model, a, b } => *model == hub.model && [a, b].contains(&&hub.hardware),
            Subject::Precision {
                model,
                hardware,
                a,
                b,
            } => {
                *model == hub.model && *hardware == hub.hardware && [a, b].contains(&&hub.precision)
            }
            Subject::Hub(on)
            | Subject::SpecDecode { on, .. }
            | Subject::Framework { on, .. }
            | Subject::Disagg(on) => on == hub,
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
    /// The combination of a hub page; `None` for a comparison.
    pub fn as_hub(&self) -> Option<&Combination> {
        match &self.subject {
            Subject::Hub(on) => Some(on),
            _ => None,
        }
    }

    /// Whether the page compares its sides (a comparison, whose lead can change hands at a
    /// target), rather than showing a hub's series side by side.
    pub fn compares(&self) -> bool {
        self.as_hub().is_none()
    }

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
            .partition_point(|p| p.subject.family() == Family::Hub);
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
        self.rankings_of(model)
            .min_by_key(|r| (std::cmp::Reverse(r.candidates), r.sequence))
    }

    /// A model's rankings, one per sequence with data, in sequence order.
    pub fn rankings_of(&self, model: &ModelId) -> impl Iterator<Item = &RankingPlan> {
        self.rankings.iter().filter(move |r| r.model == *model)
    }

    pub fn comparisons(&self) -> impl Iterator<Item = &PagePlan> {
        self.pages
            .iter()
            .filter(|p| p.subject.family() != Family::Hub)
    }

    /// The same subject at every sequence it has, in sequence order (pages are sorted by
    /// subject, so this is a binary search).
    pub fn sequences_of(&self, subject: &Subject) -> &[PagePlan] {
        let start = self.pages.partition_point(|p| p.subject < *subject);
        let end = self.pages.partition_point(|p| p.subject <= *subject);
        &self.pages[start..end]
    }

    /// Every page of one family about one model (pages are sorted by subject, which sorts by
    /// family, then model, so this is a binary search).
    pub fn of(&self, family: Family, model: &ModelId) -> &[PagePlan] {
        let start = self
            .pages
            .partition_point(|p| (p.subject.family(), p.subject.model()) < (family, model));
        let end = self
            .pages
            .partition_point(|p| (p.subject.family(), p.subject.model()) <= (family, model));
        &self.pages[start..end]
    }

    /// Whether `model` has a page of its own (`/<model>/`): every model with a hub does, and
    /// a model in the catalog that no result measured has none, nor any link to one. The one
    /// rule for every list of models that links their pages.
    pub fn has_model_page(&self, model: &ModelId) -> bool {
        !self.of(Family::Hub, model).is_empty()
    }

    /// Every page of `page`'s model at `page`'s sequence.
    pub fn same_workload<'a>(&'a self, page: &PagePlan) -> impl Iterator<Item = &'a PagePlan> {
        let key = (page.subject.model().clone(), page.sequence);
        let indices = self.by_workload.get(&key).map_or(&[][..], Vec::as_slice);
        indices.iter().map(|&i| &self.pages[i])
    }

    /// The hubs of `page`'s model, accelerator and sequence at precisions the page does not
    /// show, in precision order: its chart draws their records as extra series. Chip pages
    /// already cover every precision, so they have none.
    pub fn other_precisions<'a>(&'a self, page: &PagePlan) -> Vec<(&'a Combination, &'a PagePlan)> {
        if page.subject.family() == Family::Chip {
            return Vec::new();
        }
        let (hardware, shown) = (page.subject.hardware(), page.subject.precisions());
        let mut hubs: Vec<(&Combination, &PagePlan)> = self
            .same_workload(page)
            .filter_map(|h| Some((h.as_hub()?, h)))
            .filter(|(c, _)| hardware == [&c.hardware] && !shown.contains(&&c.precision))
            .collect();
        hubs.sort_by_key(|(c, _)| precision_rank(&c.precision));
        hubs
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub fn hw(id: &str) -> HardwareId {
        HardwareId::new(id).unwrap()
    }

    pub fn precision(id: &str) -> Precision {
        Precision::new(id).unwrap()
    }

    pub fn combination(model: &str, hardware: &str, p: &str) -> Combination {
        Combination {
            model: ModelId::new(model).unwrap(),
            hardware: hw(hardware),
            precision: precision(p),
        }
    }

    /// One subject of every family about `model`, its other fields from `other`: a letter
    /// that sorts the other way round from the models the test picks, so that a field
    /// placed before the model would show in the order.
    fn one_of_each(model: &str, other: char) -> Vec<Subject> {
        let id = |suffix: &str| format!("{other}{suffix}");
        let on = combination(model, &id("1"), &id("p"));
        let m = on.model.clone();
        let engine = |suffix: &str| Framework::new(&id(suffix)).unwrap();
        vec![
            Subject::Disagg(on.clone()),
            Subject::Framework {
                on: on.clone(),
                a: engine("e1"),
                b: engine("e2"),
            },
            Subject::Precision {
                model: m.clone(),
                hardware: hw(&id("1")),
                a: precision(&id("p")),
                b: precision(&id("q")),
            },
            Subject::Chip {
                model: m,
                a: hw(&id("1")),
                b: hw(&id("2")),
            },
            Subject::SpecDecode {
                on: on.clone(),
                method: SpecDecoding::new(&id("s")).unwrap(),
            },
            Subject::Hub(on),
        ]
    }

    /// [`SitePlan::of`] and [`SitePlan::hubs`] search pages sorted by subject as if they were
    /// sorted by family, then model.
    #[test]
    fn subjects_sort_by_family_then_model() {
        let mut subjects: Vec<Subject> = [("zz", 'a'), ("aa", 'z'), ("mm", 'm')]
            .iter()
            .flat_map(|&(m, other)| one_of_each(m, other))
            .collect();
        subjects.sort();
        let keys: Vec<(Family, &ModelId)> =
            subjects.iter().map(|s| (s.family(), s.model())).collect();
        assert!(keys.is_sorted(), "{keys:?}");
        assert_eq!(keys[0].0, Family::Hub);
        assert_eq!(keys.last().unwrap().0, Family::Disagg);
    }

    #[test]
    fn a_comparison_covers_the_hubs_it_draws_on() {
        let hub = combination("dsr1", "b200", "fp4");
        let chip = |a: &str, b: &str, model: &str| Subject::Chip {
            model: ModelId::new(model).unwrap(),
            a: hw(a),
            b: hw(b),
        };
        assert!(chip("b200", "h100", "dsr1").covers(&hub));
        assert!(chip("a100", "b200", "dsr1").covers(&hub));
        assert!(!chip("h100", "h200", "dsr1").covers(&hub));
        assert!(!chip("b200", "h100", "llama").covers(&hub));
        let prec = |h: &str, a: &str, b: &str| Subject::Precision {
            model: hub.model.clone(),
            hardware: hw(h),
            a: precision(a),
            b: precision(b),
        };
        assert!(prec("b200", "fp4", "fp8").covers(&hub));
        assert!(!prec("b200", "fp8", "bf16").covers(&hub));
        assert!(!prec("h100", "fp4", "fp8").covers(&hub));
        assert!(Subject::Disagg(hub.clone()).covers(&hub));
        assert!(!Subject::Disagg(combination("dsr1", "b200", "fp8")).covers(&hub));
        assert!(!Subject::Disagg(combination("dsr1", "gb200", "fp4")).covers(&hub));
    }

    #[test]
    fn a_subject_lists_its_accelerators_and_precisions() {
        for s in one_of_each("dsr1", 'b') {
            let (hardware, precisions) = (s.hardware(), s.precisions());
            match s.family() {
                Family::Chip => assert_eq!((hardware.len(), precisions.len()), (2, 0)),
                Family::Precision => assert_eq!((hardware.len(), precisions.len()), (1, 2)),
                _ => {
                    let on = s.combination().unwrap();
                    assert_eq!(
                        (hardware, precisions),
                        (vec![&on.hardware], vec![&on.precision])
                    );
                }
            }
        }
    }
}
