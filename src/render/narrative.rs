//! The words of a comparison page: which side leads at each matched target, by how much, and
//! which narrative template says it. The arithmetic lives in [`crate::render::wording`]; the sentences
//! live in `templates/narrative/<family>/`, where editors can reword them.

use serde::Serialize;

use crate::compute::metrics::Stretch;
use crate::compute::{self, PageData, Values};
use crate::error::Result;
use crate::hash::fnv1a;
use crate::plan::PagePlan;
use crate::render::{Renderer, labels, wording};

/// One side's figures at a target, with its name: `name` as it stands within a sentence
/// ("aggregated serving", "B200"); `label` the same but for disaggregation, where it is the
/// bare adjective ("aggregated") that templates written before the nouns follow with "serving".
#[derive(Debug, Clone, Serialize)]
pub struct SideAt {
    pub label: String,
    pub name: String,
    pub slot: usize,
    pub throughput: f64,
    pub cost_per_mtok: f64,
    pub tok_s_mw: f64,
    pub concurrency: f64,
}

/// What a narrative template gets for one matched target: both sides in page order (`a`,
/// `b`), the same two sorted by throughput (`faster`, `slower`) and by cost (`cheaper`,
/// `pricier`), and the phrases that compare them.
#[derive(Debug, Clone, Serialize)]
pub struct Matchup {
    pub x: f64,
    pub a: SideAt,
    pub b: SideAt,
    pub faster: SideAt,
    pub slower: SideAt,
    /// True when the throughput gap is below 1% ("essentially tied").
    pub tied: bool,
    /// "17% more tok/s/GPU than Off", "2.45× the tok/s/GPU of Off".
    pub throughput_versus: String,
    /// faster / slower.
    pub throughput_ratio: f64,
    /// Whether `throughput_versus` states a multiple ([`wording::MULTIPLE_FROM`]), which a
    /// sentence that already gives the ratio need not repeat.
    pub throughput_many_times: bool,
    pub cheaper: SideAt,
    pub pricier: SideAt,
    /// True when the costs are essentially the same ([`wording::cost_tied`]).
    pub cost_tied: bool,
    pub cost_phrase: String,
    /// The side with more output per megawatt, and by how much ("2.36× the tok/s per MW of
    /// H200"); between accelerators this differs from the throughput's gap.
    pub greener: SideAt,
    pub energy_tied: bool,
    pub energy_versus: String,
    /// Whether both sides draw the same power per GPU (tok/s/MW in the same proportion to
    /// tok/s/GPU): the gap per megawatt is then the gap per GPU, and a template that states
    /// the one need not state the other as if it were news.
    pub same_power: bool,
    /// How many times the pricier side costs: "(Off costs 2.45× as much)".
    pub cost_multiple: f64,
    /// Whether that multiple is worth saying ([`wording::MULTIPLE_FROM`]).
    pub cost_many_times: bool,
    /// Whether a side's frontier reads this target between two configurations' points
    /// ([`compute::between_configurations`]): its concurrency there is neither's load, so
    /// templates leave the sides' concurrency unstated.
    pub blended: bool,
}

impl Matchup {
    /// The matchup at row `row` of a two-sided page whose sides are called `labels` and
    /// `names` (see [`SideAt`]); `None` if either side lacks a value.
    pub fn at(data: &PageData, labels: &[String], names: &[String], row: usize) -> Option<Matchup> {
        let r = data.rows.get(row)?;
        let side = |i: usize| -> Option<SideAt> {
            let v: &Values = r.values.get(i)?.as_ref()?;
            Some(SideAt {
                label: labels.get(i)?.clone(),
                name: names.get(i)?.clone(),
                slot: i,
                throughput: v.throughput,
                cost_per_mtok: v.cost_per_mtok,
                tok_s_mw: v.tok_s_mw,
                concurrency: v.concurrency,
            })
        };
        let (a, b) = (side(0)?, side(1)?);
        let (faster, slower) = if a.throughput >= b.throughput {
            (&a, &b)
        } else {
            (&b, &a)
        };
        let (cheaper, pricier) = if a.cost_per_mtok <= b.cost_per_mtok {
            (&a, &b)
        } else {
            (&b, &a)
        };
        let (greener, browner) = if a.tok_s_mw >= b.tok_s_mw {
            (&a, &b)
        } else {
            (&b, &a)
        };
        let cost_phrase = wording::cost_phrase(cheaper.cost_per_mtok, pricier.cost_per_mtok);
        let cost_multiple = wording::cost_multiple(cheaper.cost_per_mtok, pricier.cost_per_mtok);
        Some(Matchup {
            x: r.interactivity,
            throughput_versus: wording::throughput_versus(
                faster.throughput,
                slower.throughput,
                &slower.name,
            ),
            throughput_ratio: faster.throughput / slower.throughput,
            throughput_many_times: wording::many_times(faster.throughput, slower.throughput),
            tied: wording::tied(faster.throughput, slower.throughput),
            cost_tied: wording::cost_tied(cheaper.cost_per_mtok, pricier.cost_per_mtok),
            energy_tied: wording::tied(greener.tok_s_mw, browner.tok_s_mw),
            energy_versus: wording::energy_versus(
                greener.tok_s_mw,
                browner.tok_s_mw,
                &browner.name,
            ),
            same_power: same_power(&a, &b),
            greener: greener.clone(),
            cost_multiple,
            cost_many_times: wording::many_times(cheaper.cost_per_mtok, pricier.cost_per_mtok),
            faster: faster.clone(),
            slower: slower.clone(),
            cheaper: cheaper.clone(),
            pricier: pricier.clone(),
            cost_phrase,
            blended: (data.sides.iter().take(2))
                .any(|side| compute::between_configurations(side, r.interactivity)),
            a,
            b,
        })
    }
}

/// Whether `a` and `b` get the same tok/s per MW for each tok/s/GPU, to rounding: the same
/// power per GPU.
fn same_power(a: &SideAt, b: &SideAt) -> bool {
    let (pa, pb) = (a.tok_s_mw / a.throughput, b.tok_s_mw / b.throughput);
    (pa - pb).abs() <= 1e-9 * pa.abs().max(pb.abs())
}

/// Where the lead in tok/s/GPU changes hands, for `narrative/lead.html`, or the cheaper side
/// per million tokens, for `narrative/cheaper.html`: the overlap (`lo` to `hi`, tok/s/user),
/// the stretches of it each side leads ([`crate::compute::metrics::stretches`]), in order, and
/// the speeds between them.
#[derive(Debug, Clone, Serialize)]
pub struct Lead {
    pub lo: f64,
    pub hi: f64,
    pub stretches: Vec<LeadStretch>,
    /// Where the lead changes: every stretch's start but the first's.
    pub changes: Vec<f64>,
    /// Both sides run on one accelerator, at one price and power: the side with more
    /// tok/s/GPU is then also the cheaper per token and the one with more tok/s per MW.
    pub same_hardware: bool,
    /// Whose prices a cost is at, as prose names them: "hyperscaler".
    pub cost: String,
}

/// One stretch of a [`Lead`]: from `from` to `to` tok/s/user the side called `name` (as within
/// a sentence) serves more tok/s/GPU.
#[derive(Debug, Clone, Serialize)]
pub struct LeadStretch {
    pub from: f64,
    pub to: f64,
    pub name: String,
}

impl Lead {
    /// The page's lead in tok/s/GPU, where it changes hands at least once; the sides are
    /// called `names`.
    pub fn of(data: &PageData, names: &[String]) -> Option<Lead> {
        let hardware = data.sides.iter().map(|s| &s.hardware);
        let same_hardware = hardware.collect::<std::collections::BTreeSet<_>>().len() == 1;
        Lead::over(data, &data.leader, names).map(|lead| Lead {
            same_hardware,
            ..lead
        })
    }

    /// Where the cheaper side per million tokens changes, on a page whose sides run on
    /// different accelerators (on one, the side with more tok/s/GPU is the cheaper, and
    /// [`Lead::of`] says so); the sides are called `names`.
    pub fn cheaper(data: &PageData, names: &[String]) -> Option<Lead> {
        let lead = Lead::over(data, &data.cheaper, names)?;
        let hardware = data.sides.iter().map(|s| &s.hardware);
        let one = hardware.collect::<std::collections::BTreeSet<_>>().len() == 1;
        (!one).then_some(lead)
    }

    /// The overlap's `stretches` with the sides' `names`, where there are two or more.
    fn over(data: &PageData, stretches: &[Stretch], names: &[String]) -> Option<Lead> {
        let overlap = data.overlap?;
        if stretches.len() < 2 {
            return None;
        }
        let stretch = |s: &Stretch| -> Option<LeadStretch> {
            let name = names.get(s.side)?.clone();
            Some(LeadStretch {
                from: s.from,
                to: s.to,
                name,
            })
        };
        Some(Lead {
            lo: overlap.lo,
            hi: overlap.hi,
            stretches: stretches.iter().map(stretch).collect::<Option<_>>()?,
            changes: stretches.iter().skip(1).map(|s| s.from).collect(),
            same_hardware: false,
            cost: labels::cost_provider(data.cost_provider).to_lowercase(),
        })
    }
}

/// What narrative templates know besides the matchup.
#[derive(Debug, Serialize, Clone)]
pub struct TextContext {
    pub model: String,
    pub setting: String,
    pub sequence: String,
    /// The page's precisions, " · "-joined ("fp4 · fp8"), as sites' templates written before
    /// `precisions` print them.
    pub precision: String,
    /// The same, one by one: a page comparing precisions or accelerators may show several.
    pub precisions: Vec<String>,
    /// Whether the page links the same comparison at other sequence lengths.
    pub other_sequences: bool,
}

/// One paragraph per matched target (or one for sides that do not overlap, from
/// `narrative/disjoint.html` with `disjoint`), each from the family's pool, then one from
/// `narrative/lead.html` where the lead changes hands and one from `narrative/cheaper.html`
/// where the cheaper side does (on two accelerators), the last ending with the pinned-workload
/// note. Whitespace is folded, as templates lay sentences out.
pub fn paragraphs(
    renderer: &Renderer,
    plan: &PagePlan,
    matchups: &[Matchup],
    disjoint: Option<&impl Serialize>,
    lead: Option<&Lead>,
    cheaper: Option<&Lead>,
    text: &TextContext,
) -> Result<Vec<String>> {
    #[derive(Serialize)]
    struct Para<'a, T: Serialize> {
        m: T,
        page: &'a TextContext,
    }
    let mut out = Vec::new();
    if let Some(d) = disjoint {
        out.push(renderer.render("narrative/disjoint.html", &Para { m: d, page: text })?);
    }
    let pool = renderer.names_under(&format!("narrative/{}/", plan.subject.family().key()));
    let path = plan.path();
    for (i, m) in matchups.iter().enumerate() {
        let Some(template) = pick(&pool, &path, i) else {
            break;
        };
        out.push(renderer.render(template, &Para { m, page: text })?);
    }
    if let Some(m) = lead {
        out.push(renderer.render("narrative/lead.html", &Para { m, page: text })?);
    }
    if let Some(m) = cheaper {
        out.push(renderer.render("narrative/cheaper.html", &Para { m, page: text })?);
    }
    let pinned = renderer.render("narrative/pinned.html", &Para { m: (), page: text })?;
    match out.last_mut() {
        Some(last) => {
            last.push(' ');
            last.push_str(pinned.trim());
        }
        None => out.push(pinned),
    }
    Ok(out.iter().map(|p| fold(p)).collect())
}

/// A rendered paragraph on one line, its runs of white space (the template's line breaks and
/// indentation) folded to single spaces.
pub fn fold(paragraph: &str) -> String {
    paragraph.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The template for paragraph `i` of the page at `path`: `pool[(fnv1a(path) + i) mod len]`.
/// A stable hash keeps rebuilds identical; consecutive indices keep a page from repeating a
/// template while it has fewer paragraphs than the pool has templates.
pub fn pick<'p>(pool: &'p [String], path: &str, i: usize) -> Option<&'p str> {
    if pool.is_empty() {
        return None;
    }
    let start = fnv1a(path.as_bytes()) % pool.len() as u64;
    let index = (start + i as u64) % pool.len() as u64;
    Some(pool[index as usize].as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rotation_is_stable_and_never_repeats_within_a_page() {
        let pool: Vec<String> = (1..=4).map(|i| format!("t{i}")).collect();
        let path = "/compare-spec-decode/dsr1-gb200-fp4-mtp-vs-none/8k-1k/";
        let picks: Vec<&str> = (0..3).map(|i| pick(&pool, path, i).unwrap()).collect();
        let mut unique = picks.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), 3, "{picks:?}");
        // The hash is FNV-1a 64 (see crate::hash's published test vectors); the start is
        // hash mod 4, so picks follow it cyclically.
        let start = (fnv1a(path.as_bytes()) % 4) as usize;
        assert_eq!(picks[0], pool[start]);
        assert_eq!(picks[1], pool[(start + 1) % 4]);
        assert_eq!(pick(&pool, path, 0), pick(&pool, path, 0));
        assert_eq!(pick(&[], path, 0), None);
    }

    /// A side at `throughput` tok/s/GPU drawing `kw` per GPU: throughput / kw × 1,000 tok/s
    /// per MW.
    fn drawing(kw: f64, throughput: f64) -> SideAt {
        SideAt {
            label: String::new(),
            name: String::new(),
            slot: 0,
            throughput,
            cost_per_mtok: 1.0,
            tok_s_mw: throughput / kw * 1000.0,
            concurrency: 8.0,
        }
    }

    #[test]
    fn same_power_is_the_same_power_per_gpu() {
        assert!(same_power(&drawing(1.73, 1000.0), &drawing(1.73, 1090.0)));
        assert!(same_power(&drawing(0.1, 3.0), &drawing(0.1, 7.0)));
        assert!(!same_power(&drawing(1.73, 1000.0), &drawing(1.74, 1000.0)));
        assert!(!same_power(&drawing(1.2, 900.0), &drawing(3.3, 900.0)));
    }
}
