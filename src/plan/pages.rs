//! Which pages the data calls for: a hub per combination and every comparison whose two
//! sides both have data, planned per (model, sequence) group.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rayon::prelude::*;

use super::{
    Combination, Family, Filter, PagePlan, RankingPlan, SidePlan, SitePlan, Subject, precision_rank,
};
use crate::input::dataset::Dataset;
use crate::input::record::Record;
use crate::types::{Framework, HardwareId, ModelId, Precision, Sequence, SpecDecoding};

/// Plans hub pages and comparison pages for every combination present in `data`.
pub fn plan(data: &Dataset) -> SitePlan {
    // Each (model, sequence) is planned on its own, so the groups are planned in parallel;
    // the sort puts the pages in one order whatever the threads did.
    let mut pages: Vec<PagePlan> = group_by_model_sequence(data)
        .into_par_iter()
        .flat_map_iter(|(key, indices)| {
            let g = Group {
                data,
                model: &key.0,
                sequence: key.1,
                indices,
            };
            pages_for(&g)
        })
        .collect();
    pages.par_sort_by(|a, b| (&a.subject, a.sequence).cmp(&(&b.subject, b.sequence)));
    let defaults = default_sequences(&pages);
    let mut by_workload: HashMap<(ModelId, Sequence), Vec<usize>> = HashMap::new();
    for (i, p) in pages.iter().enumerate() {
        by_workload
            .entry((p.subject.model().clone(), p.sequence))
            .or_default()
            .push(i);
    }
    SitePlan {
        rankings: rankings(&pages),
        pages,
        defaults,
        by_workload,
    }
}

/// A ranking for every (model, sequence) with a hub, over those hubs' series.
fn rankings(pages: &[PagePlan]) -> Vec<RankingPlan> {
    let mut groups: BTreeMap<(&ModelId, Sequence), Vec<usize>> = BTreeMap::new();
    for (i, p) in pages.iter().enumerate() {
        if let Some(hub) = p.as_hub() {
            groups.entry((&hub.model, p.sequence)).or_default().push(i);
        }
    }
    groups
        .into_iter()
        .map(|((model, sequence), hubs)| RankingPlan {
            model: model.clone(),
            sequence,
            candidates: hubs.iter().map(|&i| pages[i].sides.len()).sum(),
            hubs,
        })
        .collect()
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
    for page in pages.iter().filter(|p| p.subject.family() != Family::Hub) {
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
    model: &'a ModelId,
    sequence: Sequence,
    indices: Vec<usize>,
}

impl<'a> Group<'a> {
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

    /// The group's records that `keep` passes: the pages of one accelerator (and precision)
    /// need look at no others, which at 10k pages saves most of the planning's matching.
    fn narrowed(&self, keep: impl Fn(&Record) -> bool) -> Group<'a> {
        Group {
            data: self.data,
            model: self.model,
            sequence: self.sequence,
            indices: self
                .records()
                .filter(|(_, r)| keep(r))
                .map(|(i, _)| i)
                .collect(),
        }
    }

    fn side(&self, filter: Filter) -> SidePlan {
        let records = self
            .records()
            .filter(|(_, r)| filter.matches(r))
            .map(|(i, _)| i)
            .collect();
        SidePlan { filter, records }
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

    /// The group's model on `hardware` at `precision`.
    fn combination(&self, hardware: &HardwareId, precision: &Precision) -> Combination {
        Combination {
            model: self.model.clone(),
            hardware: hardware.clone(),
            precision: precision.clone(),
        }
    }
}

fn pages_for(g: &Group) -> Vec<PagePlan> {
    let mut pages = Vec::new();
    let hw_precisions = g.distinct(|_| true, |r| (r.hardware.clone(), r.precision.clone()));
    for (hw, precision) in &hw_precisions {
        let g = g.narrowed(|r| r.hardware == *hw && r.precision == *precision);
        pages.extend(hub(&g, hw, precision));
        pages.extend(spec_decode(&g, hw, precision));
        pages.extend(frameworks(&g, hw, precision));
        pages.extend(disagg(&g, hw, precision));
    }
    let hardware = g.distinct(|_| true, |r| r.hardware.clone());
    let on: Vec<(Group, &HardwareId)> = hardware
        .iter()
        .map(|hw| (g.narrowed(|r| r.hardware == *hw), hw))
        .collect();
    for (g, hw) in &on {
        pages.extend(precisions(g, hw));
    }
    for ((a, a_hw), (b, b_hw)) in pairs(&on) {
        pages.extend(chip((a, a_hw), (b, b_hw)));
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
    let series = g.distinct(|r| base.matches(r), Record::serving);
    let sides = series
        .into_iter()
        .map(|s| g.side(base.clone().with_serving(s)))
        .collect();
    g.page(Subject::Hub(g.combination(hw, precision)), sides)
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
                g.side(Filter {
                    spec_decoding: Some(spec.clone()),
                    ..base.clone()
                })
            };
            let subject = Subject::SpecDecode {
                on: g.combination(hw, precision),
                method: method.clone(),
            };
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
                g.side(Filter {
                    framework: Some(fw.clone()),
                    ..base.clone()
                })
            };
            let subject = Subject::Framework {
                on: g.combination(hw, precision),
                a: a.clone(),
                b: b.clone(),
            };
            g.page(subject, vec![side(a), side(b)])
        })
        .collect()
}

/// Disaggregated vs aggregated serving.
fn disagg(g: &Group, hw: &HardwareId, precision: &Precision) -> Option<PagePlan> {
    let base = pinned(g, hw, precision);
    let side = |disagg: bool| {
        g.side(Filter {
            disagg: Some(disagg),
            ..base.clone()
        })
    };
    let sides = vec![side(true), side(false)];
    g.page(Subject::Disagg(g.combination(hw, precision)), sides)
}

/// Precision A vs B on one accelerator, A the narrower format.
fn precisions(g: &Group, hw: &HardwareId) -> Vec<PagePlan> {
    let mut list = g.distinct(|r| r.hardware == *hw, |r| r.precision.clone());
    list.sort_by_key(precision_rank);
    pairs(&list)
        .filter_map(|(a, b)| {
            let side = |p: &Precision| {
                g.side(Filter {
                    hardware: Some(hw.clone()),
                    precision: Some(p.clone()),
                    ..g.filter()
                })
            };
            let subject = Subject::Precision {
                model: g.model.clone(),
                hardware: hw.clone(),
                a: a.clone(),
                b: b.clone(),
            };
            g.page(subject, vec![side(a), side(b)])
        })
        .collect()
}

/// All points of chip A vs all points of chip B (any precision), ids sorted; each chip with
/// the group of its own records.
fn chip(a: (&Group, &HardwareId), b: (&Group, &HardwareId)) -> Option<PagePlan> {
    let side = |(g, hw): (&Group, &HardwareId)| {
        g.side(Filter {
            hardware: Some(hw.clone()),
            ..g.filter()
        })
    };
    let subject = Subject::Chip {
        model: a.0.model.clone(),
        a: a.1.clone(),
        b: b.1.clone(),
    };
    a.0.page(subject, vec![side(a), side(b)])
}

fn pairs<T>(list: &[T]) -> impl Iterator<Item = (&T, &T)> {
    list.iter()
        .enumerate()
        .flat_map(move |(i, a)| list[i + 1..].iter().map(move |b| (a, b)))
}
