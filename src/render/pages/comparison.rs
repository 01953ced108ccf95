//! A comparison page: two sides at matched interactivity, in numbers, words and a chart.

use serde::Serialize;

use super::data::{Caveats, DataBody, DipView, Narrow, NarrowSides, Parts, SideNames, SideRange};
use super::embed;
use super::json_ld::json_ld;
use crate::compute::metrics::{self, Meeting};
use crate::compute::{self, Dip, PageData, Range};
use crate::error::Result;
use crate::output::OutputFile;
use crate::plan::{Combination, Family, Subject, urls};
use crate::render::filters::compact_to;
use crate::render::labels;
use crate::render::narrative::{self, Lead, Matchup, TextContext};
use crate::render::search_view::SearchView;
use crate::render::views::{Link, Meta};
use crate::render::wording;

/// A comparison page (also published at its sequence-less path at the default sequence).
#[derive(Serialize)]
struct ComparisonBody<'a> {
    /// Schema.org `Dataset` and `BreadcrumbList`, escaped for a script element.
    json_ld: String,
    eyebrow: String,
    heading: String,
    model: String,
    setting: String,
    sequence: String,
    lead: Option<Matchup>,
    narrative: Vec<String>,
    disjoint: Option<Disjoint>,
    /// Where the sides mix precisions, a sentence saying so.
    precision_note: Option<String>,
    related: Vec<Link>,
    #[serde(flatten)]
    data: DataBody<'a>,
}

/// The sides' frontier ranges when they do not overlap, and the decimals that print them apart.
#[derive(Serialize, Clone)]
struct Disjoint {
    a: SideRange,
    b: SideRange,
    digits: usize,
}

/// The comparison page and its embed; `copy_at` is the sequence-less path when this is the
/// comparison's default sequence. The copy there is the same file: its canonical URL, its
/// breadcrumbs and its JSON-LD all name the sequence's page, so the page is rendered once and
/// the copy linked to it (a fifth of the pages and bytes of a large site).
pub(super) fn render(parts: &Parts, copy_at: Option<String>) -> Result<Vec<OutputFile>> {
    let (pages, plan) = (parts.pages, parts.plan);
    let catalog = &pages.site.catalog;
    let model = labels::model(catalog, plan.subject.model());
    let own_path = plan.path();
    let heading = labels::heading(&plan.subject, catalog);
    // The heading leaves the model and sequence to the eyebrow and the sequence links; the
    // title, the embed and the share snippet stand alone, so they name both.
    let title = format!("{heading} · {model} · {}", labels::sequence(plan.sequence));
    let (mut body, description) = body(parts, &model, heading.clone(), &title)?;
    let embed = body.data.embed(&title, &own_path, false);
    let mut files = vec![embed::render(pages, description.clone(), embed)?];
    let meta = meta(parts, &model, &heading, title, description, &own_path);
    body.json_ld = json_ld(&pages.site.config, &meta, &own_path);
    let page = pages.page("comparison.html", meta, &body)?;
    files.push(match copy_at {
        Some(base) => page.also_at(urls::page_file(&base)),
        None => page,
    });
    Ok(files)
}

/// The page's body (its JSON-LD still empty: it is made from the page's meta) and its
/// one-sentence description.
fn body<'p>(
    parts: &'p Parts,
    model: &str,
    heading: String,
    title: &str,
) -> Result<(ComparisonBody<'p>, String)> {
    let (plan, data) = (parts.plan, parts.data);
    let setting = labels::setting(plan, &parts.pages.site.catalog);
    let sequence = labels::sequence(plan.sequence);
    let family = plan.subject.family();
    let names = SideNames::of(family, &parts.labels);
    let matchups: Vec<Matchup> = (0..data.rows.len())
        .filter_map(|i| Matchup::at(data, &names.plain, &names.mid, i))
        .collect();
    let disjoint = disjoint(data, &names);
    let precisions: Vec<String> = data.precision.iter().map(|p| p.to_string()).collect();
    let text = TextContext {
        model: model.to_string(),
        setting: setting.clone(),
        sequence: sequence.clone(),
        precision: precisions.join(" · "),
        precisions,
        other_sequences: parts.pages.site.plan.sequences_of(&plan.subject).len() > 1,
    };
    let renderer = parts.pages.renderer;
    let lead = Lead::of(data, &names.mid);
    let cheaper = Lead::cheaper(data, &names.mid);
    let narrative = narrative::paragraphs(
        renderer,
        plan,
        &matchups,
        disjoint.as_ref(),
        lead.as_ref(),
        cheaper.as_ref(),
        &text,
    )?;
    let headline = Headline {
        m: matchups.first(),
        disjoint: disjoint.as_ref(),
        page: &text,
    };
    let description = parts.pages.describe("comparison", &headline)?;
    let caveats = Caveats {
        spec_decoding: family == Family::SpecDecode,
        mixed_engines: parts.mixed_engines(),
        no_overlap: disjoint.is_some(),
        speculation: parts.mixed_speculation(),
        narrow: narrow_overlap(data, &names),
        dips: dips(parts, &names.start),
        engines: parts.engines_apart(&names.mid),
        ..Caveats::default()
    };
    let table_caption = format!("{heading} at matched interactivity, {sequence}");
    let body = ComparisonBody {
        json_ld: String::new(),
        eyebrow: format!("{model} · {}", labels::family(family)),
        data: parts.body(&heading, title, caveats, table_caption)?,
        heading,
        model: model.to_string(),
        setting,
        sequence,
        lead: matchups.first().cloned(),
        narrative,
        disjoint,
        precision_note: parts.precision_note(),
        related: related(parts, model),
    };
    Ok((body, description))
}

/// The page's meta: title, description, canonical URL, breadcrumbs, feed and search entry.
fn meta(
    parts: &Parts,
    model: &str,
    heading: &str,
    title: String,
    description: String,
    own_path: &str,
) -> Meta {
    let (pages, plan) = (parts.pages, parts.plan);
    let sequence = labels::sequence(plan.sequence);
    let family = plan.subject.family();
    let mut meta = pages
        .meta(title.clone(), description, own_path, own_path)
        .model_feed(plan.subject.model(), model);
    // The description (the comparison's headline) stands for its prose in the index: the
    // narrative's other paragraphs would add a fifth to the build time (README, Search).
    meta.search = Some(SearchView::data_page(
        plan,
        &parts.data.precision,
        &pages.site.catalog,
        title,
        &parts.labels,
    ));
    meta.breadcrumbs = vec![
        Link::new("Home", urls::HOME),
        Link::new(labels::family(family), family.index_path()),
        Link::new(format!("{heading} · {sequence}"), own_path),
    ];
    meta
}

/// What `descriptions/comparison.txt` says the comparison's headline from: the first matched
/// target, or the ranges of sides that do not overlap.
#[derive(Serialize)]
struct Headline<'a> {
    m: Option<&'a Matchup>,
    disjoint: Option<&'a Disjoint>,
    page: &'a TextContext,
}

fn disjoint(data: &PageData, names: &SideNames) -> Option<Disjoint> {
    if data.overlap.is_some() {
        return None;
    }
    let [a, b] = side_ranges(data, names)?;
    let digits = apart(&a, &b);
    Some(Disjoint { a, b, digits })
}

/// The frontier ranges of a two-sided page's sides, with their `names`; `None` unless both
/// have one.
fn side_ranges(data: &PageData, names: &SideNames) -> Option<[SideRange; 2]> {
    let named = |i: usize| {
        let (lo, hi) = metrics::range(&data.sides.get(i)?.frontier)?;
        let (label, name) = (names.start[i].clone(), names.mid[i].clone());
        Some(SideRange {
            label,
            name,
            lo,
            hi,
        })
    };
    (data.sides.len() == 2).then_some([named(0)?, named(1)?])
}

/// The fewest decimals, one at least and three at most, at which the nearer ends of two
/// disjoint ranges print differently: 36.7 and 37.3 would both read "37" as whole numbers, and
/// "22–37" beside "37–126" would not look disjoint at all.
fn apart(a: &SideRange, b: &SideRange) -> usize {
    let (below, above) = if a.hi < b.lo { (a, b) } else { (b, a) };
    wording::decimals_apart(&[below.hi], above.lo)
}

/// The overlap of a comparison's two sides (with their `names`), where it is
/// [`metrics::narrow`], with where it lies in their ranges.
fn narrow_overlap(data: &PageData, names: &SideNames) -> Option<Narrow> {
    let Range { lo, hi } = data.overlap?;
    let [a, b] = side_ranges(data, names)?;
    let (ra, rb) = ((a.lo, a.hi), (b.lo, b.hi));
    if !metrics::narrow((lo, hi), ra, rb) {
        return None;
    }
    // The side `first` names (0 or 1) first, the other second.
    let in_order = |first: usize| {
        let mut pair = [a, b];
        pair.swap(0, first);
        pair
    };
    let sides = match metrics::meeting(ra, rb) {
        Meeting::AtEnds { slow } => {
            let [slow_end, fast_end] = in_order(slow);
            NarrowSides::AtEnds { slow_end, fast_end }
        }
        Meeting::Inside { inside } => {
            let [inside, around] = in_order(inside);
            NarrowSides::Inside { inside, around }
        }
    };
    Some(Narrow { lo, hi, sides })
}

/// Each side's [`compute::dips`]: its targets, and the one where its frontier runs furthest
/// below one of its configurations; `names` are the sides' names at the start of a sentence.
fn dips(parts: &Parts, names: &[String]) -> Vec<DipView> {
    let data = parts.data;
    let all = compute::dips(data);
    let many_precisions = data.precision.len() > 1;
    (0..data.sides.len())
        .filter_map(|side| {
            let of_side: Vec<&Dip> = all.iter().filter(|d| d.side == side).collect();
            let ratio = |d: &Dip| d.throughput / d.side_throughput;
            let most = *of_side
                .iter()
                .max_by(|a, b| ratio(a).total_cmp(&ratio(b)))?;
            let c = &most.configuration;
            let series = labels::series(&c.serving);
            let hub = Subject::Hub(Combination {
                model: data.model.clone(),
                hardware: c.hardware.clone(),
                precision: c.precision.clone(),
            });
            let table = format!("the table's {}", wording::grouped(most.side_throughput, 1));
            Some(DipView {
                side: names[side].clone(),
                xs: of_side.iter().map(|d| d.x).collect(),
                same: of_side.iter().all(|d| d.configuration == *c),
                x: most.x,
                configuration: match many_precisions {
                    true => format!("{} {series}", labels::precision(&c.precision)),
                    false => series,
                },
                // The speed as the hub's "Your speed" takes it: a clamped target to a hundredth.
                href: format!("{}?at={}", hub.path(data.sequence), compact_to(most.x, 2)),
                throughput: most.throughput,
                versus: wording::throughput_versus(most.throughput, most.side_throughput, &table),
            })
        })
        .collect()
}

/// The hubs a comparison draws on, and its family's and model's index pages.
fn related(parts: &Parts, model: &str) -> Vec<Link> {
    let (site, plan) = (parts.pages.site, parts.plan);
    let mut links: Vec<Link> = site
        .plan
        .same_workload(plan)
        .filter(|h| h.as_hub().is_some_and(|on| plan.subject.covers(on)))
        .map(|h| {
            Link::new(
                format!(
                    "All {} results, {}",
                    labels::heading(&h.subject, &site.catalog),
                    labels::sequence(h.sequence)
                ),
                h.path(),
            )
        })
        .collect();
    let family = plan.subject.family();
    links.push(Link::new(
        format!("All {} comparisons", labels::family(family).to_lowercase()),
        family.index_path(),
    ));
    links.push(Link::new(
        format!("Everything on {model}"),
        parts.model_href(),
    ));
    links
}
