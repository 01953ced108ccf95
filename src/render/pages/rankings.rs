//! Ranking pages (SPEC §12): `/rankings/<model>/<seq>/` with their downloads, and
//! `/rankings/` listing them.

mod cheapest;

use std::collections::BTreeSet;

use rayon::prelude::*;
use serde::Serialize;
use serde_json::json;

use super::Pages;
use super::csv_file::{CsvFile, decimal};
use crate::compute::Ranking;
use crate::compute::rankings::{self, RankingRow, Unreached, others, unreached};
use crate::error::{Error, Result};
use crate::output::OutputFile;
use crate::plan::{RankingPlan, urls};
use crate::render::ranking_chart;
use crate::render::reader::{PricesView, ShareView};
use crate::render::script::to_script_json;
use crate::render::search_view::{self, SearchView};
use crate::render::table::{self, Metric, best_index};
use crate::render::views::{ChoiceLink, Link};
use crate::render::wording::{self, with_digits};
use crate::render::{filters, labels, narrative};
use crate::site::Site;
use crate::types::{HardwareId, SpecDecoding};

/// Every ranking page with its downloads, and the list of rankings.
/// Several at a time: a rebuild that renders few data pages has little else to do meanwhile.
pub(super) fn render(pages: &Pages, rankings: &[Ranking]) -> Result<Vec<OutputFile>> {
    let each: Vec<Vec<OutputFile>> = (pages.site.plan.rankings.par_iter())
        .zip(rankings)
        .map(|(plan, ranking)| {
            let mut files = vec![page(pages, plan, ranking)?];
            files.extend(downloads(ranking)?);
            Ok(files)
        })
        .collect::<Result<_>>()?;
    let mut files: Vec<OutputFile> = each.into_iter().flatten().collect();
    files.push(index(pages)?);
    Ok(files)
}

/// One row as the tables (and the home page) show it.
#[derive(Serialize)]
pub(super) struct RowView {
    rank: usize,
    hardware: String,
    /// The accelerator's id, which static/reader.js prices the row by.
    hardware_id: String,
    precision: String,
    engine: String,
    throughput: f64,
    cost_per_mtok: f64,
    tok_s_mw: f64,
    concurrency: f64,
    href: String,
    /// Which of this row's figures are the tier's strictly best (emphasised).
    best: Best,
}

#[derive(Serialize, Default)]
struct Best {
    throughput: bool,
    cost: bool,
    power: bool,
}

/// A tier's rows as views, the best figures marked.
pub(super) fn row_views(pages: &Pages, rows: &[RankingRow]) -> Vec<RowView> {
    let best = |metric: Metric, pick: fn(&RankingRow) -> f64| {
        let values: Vec<Option<f64>> = rows.iter().map(|r| Some(pick(r))).collect();
        best_index(&values, metric)
    };
    let throughput = best(Metric::Throughput, |r| r.throughput);
    let cost = best(Metric::Cost, |r| r.cost_per_mtok);
    let power = best(Metric::Power, |r| r.tok_s_mw);
    rows.iter()
        .enumerate()
        .map(|(i, r)| RowView {
            rank: r.rank,
            hardware: labels::hardware(&pages.site.catalog, &r.hardware),
            hardware_id: r.hardware.to_string(),
            precision: labels::precision(&r.precision),
            engine: labels::series(&r.serving),
            throughput: r.throughput,
            cost_per_mtok: r.cost_per_mtok,
            tok_s_mw: r.tok_s_mw,
            concurrency: r.concurrency,
            href: r.href.clone(),
            best: Best {
                throughput: throughput == Some(i),
                cost: cost == Some(i),
                power: power == Some(i),
            },
        })
        .collect()
}

#[derive(Serialize)]
struct TierView {
    interactivity: f64,
    /// The tier in its heading's id, `at-40` (`at-62-5` for 62.5): a link to a speed stays
    /// good when the site's tiers change.
    slug: String,
    rows: Vec<RowView>,
    /// The accelerators with no row here, measured only at other speeds.
    elsewhere: Vec<ElsewhereView>,
}

/// An accelerator measured only at other speeds than a tier's: its name and its ranges in
/// tok/s/user, slowest first, as the note prints them ([`ranges_text`]).
#[derive(Serialize)]
struct ElsewhereView {
    hardware: String,
    ranges: String,
}

/// `ranges` as a tier's note prints them, "37.3–125.9 and 140.0–150.2": with the fewest
/// decimals (one to three) at which no end prints as the `tier` itself (a range from 40.04
/// would read "40.0–60.0" under "At 40 tok/s/user") or as another of the page's `tiers` that
/// the ranges leave out (typed, "40.0" under "At 20" would be the tier 40, where the build
/// ranks it without them), and a range of one point once.
fn ranges_text(ranges: &[(f64, f64)], tier: f64, tiers: &[f64]) -> String {
    let ends: Vec<f64> = ranges.iter().flat_map(|&(lo, hi)| [lo, hi]).collect();
    let left_out = |t: &f64| ranges.iter().all(|&(lo, hi)| *t < lo || *t > hi);
    let digits = (tiers.iter().chain([&tier]).filter(|t| left_out(t)))
        .map(|&t| wording::decimals_apart(&ends, t))
        .max()
        .unwrap_or(1);
    let each: Vec<String> = ranges
        .iter()
        .map(|&(lo, hi)| {
            let (lo, hi) = (with_digits(lo, digits), with_digits(hi, digits));
            if lo == hi { lo } else { format!("{lo}–{hi}") }
        })
        .collect();
    filters::and_list(&each)
}

#[derive(Serialize)]
struct RankingBody {
    heading: String,
    model: String,
    model_href: String,
    sequence: String,
    cost_label: &'static str,
    /// Which accelerator is the cheapest at which speeds (`narrative/cheapest.html`), before
    /// the tiers' sentences; `None` where no two accelerators were measured at one speed.
    cheapest: Option<String>,
    /// In tier order: a sentence per reached tier, a line per run of unreached ones.
    summary: Vec<SummaryLine>,
    /// The speculative-decoding methods (`MTP`) behind some of the tables' rows, for the
    /// caveat that their speed-up depends on the engine and the prompts. Empty else.
    speculation: Vec<String>,
    tiers: Vec<TierView>,
    sequences: Vec<ChoiceLink>,
    ranking_chart: ranking_chart::RankingChartView,
    /// "Your prices" and "Copy link" (SPEC §15).
    prices: PricesView,
    /// "Your speed": what a table at the reader's own tok/s/user is ranked from.
    speed: SpeedView,
    share: ShareView,
    json_href: String,
    csv_href: String,
}

fn page(pages: &Pages, plan: &RankingPlan, ranking: &Ranking) -> Result<OutputFile> {
    let site = pages.site;
    let model = labels::model(&site.catalog, &plan.model);
    let sequence = labels::sequence(plan.sequence);
    let heading = format!("{model} {sequence}: accelerators ranked");
    let path = plan.path();
    let description = pages.describe("ranking", &json!({"model": model, "sequence": sequence}))?;
    let mut meta = pages
        .meta(heading.clone(), description, &path, &path)
        .model_feed(&plan.model, &model);
    let hardware = ranked_hardware(site, ranking);
    let search = SearchView::ranking(
        &plan.model,
        plan.sequence,
        &hardware,
        &site.catalog,
        heading.clone(),
    );
    meta.search = Some(search);
    meta.breadcrumbs = vec![
        Link::new("Home", urls::HOME),
        Link::new("Rankings", urls::RANKINGS),
        Link::new(format!("{model} {sequence}"), path.clone()),
    ];
    let text = Sentence::context(&model, &sequence);
    let tiers: Vec<f64> = ranking.tiers.iter().map(|t| t.interactivity).collect();
    let body = RankingBody {
        cheapest: cheapest::cheapest(pages, ranking, &text)?,
        summary: summary(pages, &path, ranking, &text)?,
        speculation: speculation(ranking),
        tiers: ranking
            .reached()
            .map(|t| TierView {
                interactivity: t.interactivity,
                slug: filters::compact(t.interactivity).replace('.', "-"),
                rows: row_views(pages, &t.rows),
                elsewhere: rankings::measured_elsewhere(t, &ranking.candidates)
                    .into_iter()
                    .map(|e| ElsewhereView {
                        hardware: labels::hardware(&site.catalog, &e.hardware),
                        ranges: ranges_text(&e.ranges, t.interactivity, &tiers),
                    })
                    .collect(),
            })
            .collect(),
        sequences: (site.plan.rankings_of(&plan.model))
            .map(|r| ChoiceLink::sequence(r.sequence, r.path(), plan.sequence))
            .collect(),
        ranking_chart: ranking_chart::view(ranking, &site.catalog, &heading),
        prices: PricesView::new(
            &site.catalog,
            ranking.candidates.iter().map(|c| &c.hardware),
            ranking.cost_provider,
        ),
        share: ShareView::default(),
        speed: speed_view(pages, ranking),
        model_href: urls::model(&plan.model),
        cost_label: labels::cost_provider(ranking.cost_provider),
        json_href: urls::download(&path, "index.json").0,
        csv_href: urls::download(&path, "index.csv").0,
        heading,
        model,
        sequence,
    };
    pages.page("ranking.html", meta, &body)
}

/// "Your speed" on a ranking (static/speed.js): the candidates, in the order ties are settled
/// in, each with what its row would show and its frontier, and each accelerator's measured
/// ranges; the script ranks the candidates at the reader's speed by SPEC §12's rules, as
/// [`rankings::tier`] ranks a tier, and names the accelerators with no row there as a tier's
/// note does.
#[derive(Serialize)]
struct SpeedView {
    /// `{"candidates": [{"hw", "name", "precision", "engine", "href", "knots"}], "measured":
    /// [{"hw", "name", "ranges": [[from, to]]}], "tiers": [40, …]}` (accelerators by id; the
    /// tiers, at which the script reads as the build does), escaped for a script element.
    json: String,
    /// The slowest and fastest interactivity any candidate reaches, as the hint prints them
    /// ([`table::measured`]).
    measured: [table::HintSpeed; 2],
}

/// The accelerators a ranking ranks (its candidates'), in catalog order.
fn ranked_hardware<'a>(site: &'a Site, ranking: &Ranking) -> Vec<&'a HardwareId> {
    let ranked = |id: &HardwareId| ranking.candidates.iter().any(|c| c.hardware == *id);
    (site.catalog.hardware.iter())
        .map(|h| &h.id)
        .filter(|id| ranked(id))
        .collect()
}

fn speed_view(pages: &Pages, ranking: &Ranking) -> SpeedView {
    #[derive(Serialize)]
    struct SpeedCandidate<'a> {
        hw: &'a str,
        name: String,
        precision: String,
        engine: String,
        href: &'a str,
        knots: Vec<[f64; 3]>,
    }
    #[derive(Serialize)]
    struct Measured {
        hw: String,
        name: String,
        ranges: Vec<(f64, f64)>,
    }
    let name = |hw: &HardwareId| labels::hardware(&pages.site.catalog, hw);
    let candidates: Vec<SpeedCandidate> = rankings::in_tie_order(&ranking.candidates)
        .into_iter()
        .map(|c| SpeedCandidate {
            hw: c.hardware.as_str(),
            name: name(&c.hardware),
            precision: labels::precision(&c.precision),
            engine: labels::series(&c.serving),
            href: &c.href,
            knots: table::knots(&c.frontier),
        })
        .collect();
    let measured: Vec<Measured> = rankings::measured_ranges(&ranking.candidates)
        .into_iter()
        .map(|e| Measured {
            name: name(&e.hardware),
            hw: e.hardware.to_string(),
            ranges: e.ranges,
        })
        .collect();
    let tiers: Vec<f64> = ranking.tiers.iter().map(|t| t.interactivity).collect();
    let frontiers = ranking.candidates.iter().map(|c| c.frontier.as_slice());
    SpeedView {
        measured: table::measured(frontiers, &tiers),
        json: to_script_json(&json!({"candidates": candidates, "measured": measured,
            "tiers": tiers})),
    }
}

/// What a ranking sentence names: the page's model and sequence.
#[derive(Serialize)]
struct Sentence {
    model: String,
    sequence: String,
}

impl Sentence {
    fn context(model: &str, sequence: &str) -> Sentence {
        Sentence {
            model: model.to_string(),
            sequence: sequence.to_string(),
        }
    }
}

/// The leader and the runner-up at one tier, for a sentence.
#[derive(Serialize)]
struct Leaders {
    x: f64,
    first: Named,
    second: Option<Named>,
    /// The whole percentage the leader saves over the runner-up (0 to 99).
    saving: f64,
    /// True when the costs are essentially the same ([`wording::cost_tied`]): "essentially tied".
    tied: bool,
    /// With one row, where the tier lies against the other accelerators' frontiers: "above"
    /// them all (only the leader is that fast), "below" them all (only the leader serves its
    /// users that slowly: the others start faster) or "between"; `None` when no other
    /// accelerator was measured, or with two rows or more.
    others: Option<Unreached>,
    /// With two rows or more whose own runs put them the other way round, the leader's cost
    /// at its worst run and the runner-up's at its best
    /// ([`rankings::Tier::order_within_swing`]).
    reversal: Option<ReversalView>,
}

/// [`rankings::Reversal`] for a sentence.
#[derive(Serialize)]
struct ReversalView {
    first_at_worst: f64,
    second_at_best: f64,
}

/// An accelerator at a tier as prose names it: `MI355X (FP4, SGLang)` at `$0.21`.
#[derive(Serialize)]
struct Named {
    name: String,
    detail: String,
    cost_per_mtok: f64,
}

fn named(pages: &Pages, r: &RankingRow) -> Named {
    Named {
        name: labels::hardware(&pages.site.catalog, &r.hardware),
        detail: format!(
            "{}, {}",
            labels::precision(&r.precision),
            labels::series(&r.serving)
        ),
        cost_per_mtok: r.cost_per_mtok,
    }
}

/// The speculative-decoding methods of the rows of `ranking`'s tables, each once, as the
/// rows name them.
fn speculation(ranking: &Ranking) -> Vec<String> {
    speculation_of(ranking.reached().flat_map(|t| &t.rows))
}

/// The speculative-decoding methods `rows` use ("MTP"), for the note that says so; empty if
/// none does.
pub(super) fn speculation_of<'a>(rows: impl Iterator<Item = &'a RankingRow>) -> Vec<String> {
    let methods: BTreeSet<&SpecDecoding> = rows
        .map(|r| &r.serving.spec_decoding)
        .filter(|m| !m.is_none())
        .collect();
    methods.into_iter().map(labels::spec_decoding).collect()
}

/// A line of the summary: a reached tier's sentence, or consecutive tiers that no candidate
/// reaches, for the same reason.
#[derive(Serialize, PartialEq)]
enum SummaryLine {
    /// Rendered from `templates/narrative/`.
    #[serde(rename = "sentence")]
    Sentence(String),
    /// Where the tiers (tok/s/user, ascending) lie against the candidates' measurements.
    #[serde(rename = "unreached")]
    Unreached { tiers: Vec<f64>, reason: Unreached },
}

/// The summary in tier order: a reached tier's sentence ([`sentences`]); for tiers no
/// candidate reaches, one line for each run of them that lies alike against the measurements
/// (three tiers below every configuration's range read as one sentence, not three).
fn summary(
    pages: &Pages,
    path: &str,
    ranking: &Ranking,
    text: &Sentence,
) -> Result<Vec<SummaryLine>> {
    let mut sentences = sentences(pages, path, ranking, text)?.into_iter();
    let mut lines: Vec<SummaryLine> = Vec::new();
    for t in &ranking.tiers {
        let x = t.interactivity;
        if !t.rows.is_empty() {
            lines.extend(sentences.next().map(SummaryLine::Sentence));
            continue;
        }
        let why = unreached(x, &ranking.candidates);
        match lines.last_mut() {
            Some(SummaryLine::Unreached { tiers, reason }) if *reason == why => tiers.push(x),
            _ => lines.push(SummaryLine::Unreached {
                tiers: vec![x],
                reason: why,
            }),
        }
    }
    Ok(lines)
}

/// One sentence per reached tier: two or more rows from the pool, rotated as SPEC §5 rotates
/// narrative templates; one row from `narrative/ranking-single.html`. Two rows whose own runs
/// put them the other way round add `narrative/ranking-swing.html`.
fn sentences(pages: &Pages, path: &str, ranking: &Ranking, text: &Sentence) -> Result<Vec<String>> {
    #[derive(Serialize)]
    struct Para<'a> {
        m: Leaders,
        page: &'a Sentence,
    }
    let pool = pages.renderer.names_under("narrative/rankings/");
    let mut out = Vec::new();
    for (i, t) in ranking.reached().enumerate() {
        let first = named(pages, &t.rows[0]);
        let second = t.rows.get(1).map(|r| named(pages, r));
        let saving = second.as_ref().map_or(0.0, |s| {
            wording::saving_percent(first.cost_per_mtok, s.cost_per_mtok)
        });
        let template = second
            .as_ref()
            .and_then(|_| narrative::pick(&pool, path, i))
            .unwrap_or("narrative/ranking-single.html");
        let leader = &t.rows[0].hardware;
        let others = (second.is_none())
            .then(|| others(t.interactivity, &ranking.candidates, leader))
            .flatten();
        let m = Leaders {
            x: t.interactivity,
            others,
            tied: second
                .as_ref()
                .is_some_and(|s| wording::cost_tied(first.cost_per_mtok, s.cost_per_mtok)),
            first,
            second,
            saving,
            reversal: t.order_within_swing().map(|r| ReversalView {
                first_at_worst: r.first_at_worst,
                second_at_best: r.second_at_best,
            }),
        };
        let para = Para { m, page: text };
        let mut html = pages.renderer.render(template, &para)?;
        if para.m.reversal.is_some() {
            html.push(' ');
            html.push_str(
                &pages
                    .renderer
                    .render("narrative/ranking-swing.html", &para)?,
            );
        }
        out.push(narrative::fold(&html));
    }
    Ok(out)
}

/// `index.json` (SPEC §12) and `index.csv` (every tier's rows).
fn downloads(ranking: &Ranking) -> Result<[OutputFile; 2]> {
    let (_, json_file) = urls::download(&ranking.path, "index.json");
    let (_, csv_file) = urls::download(&ranking.path, "index.csv");
    let json = serde_json::to_vec(ranking).map_err(|e| Error::serialize(&json_file, e))?;
    let mut csv = CsvFile::new(csv_file.clone(), &CSV_HEADER)?;
    for t in &ranking.tiers {
        for r in &t.rows {
            csv.row([
                decimal(t.interactivity),
                r.rank.to_string(),
                r.hardware.to_string(),
                r.precision.to_string(),
                r.serving.framework.to_string(),
                r.serving.spec_decoding.to_string(),
                r.serving.disagg.to_string(),
                decimal(r.throughput),
                decimal(r.cost_per_mtok),
                decimal(r.tok_s_mw),
                decimal(r.concurrency),
                r.href.clone(),
            ])?;
        }
    }
    let csv = csv.into_bytes()?;
    Ok([
        OutputFile::new(json_file, json),
        OutputFile::new(csv_file, csv),
    ])
}

const CSV_HEADER: [&str; 12] = [
    "interactivity",
    "rank",
    "hardware",
    "precision",
    "framework",
    "spec_decoding",
    "disagg",
    "throughput",
    "cost_per_mtok",
    "tok_s_mw",
    "concurrency",
    "href",
];

/// `/rankings/`: every model's rankings, by sequence.
fn index(pages: &Pages) -> Result<OutputFile> {
    #[derive(Serialize)]
    struct ModelRankings {
        name: String,
        sequences: Vec<Link>,
    }
    let site = pages.site;
    let models: Vec<ModelRankings> = site
        .catalog
        .models
        .iter()
        .map(|m| ModelRankings {
            name: m.name.clone(),
            sequences: (site.plan.rankings_of(&m.id))
                .map(|r| Link::new(labels::sequence(r.sequence), r.path()))
                .collect(),
        })
        .filter(|m| !m.sequences.is_empty())
        .collect();
    let title = "Rankings".to_string();
    let description = pages.describe("rankings", &json!({}))?;
    let mut meta = pages.meta(title.clone(), description, urls::RANKINGS, urls::RANKINGS);
    meta.search = Some(SearchView::page(&title, search_view::RANKING));
    meta.breadcrumbs = vec![
        Link::new("Home", urls::HOME),
        Link::new(title, urls::RANKINGS),
    ];
    #[derive(Serialize)]
    struct Body {
        models: Vec<ModelRankings>,
    }
    pages.page("rankings.html", meta, Body { models })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One decimal unless an end would then print as the tier; a one-point range once.
    #[test]
    fn a_tiers_note_prints_ranges_apart_from_the_tier() {
        assert_eq!(ranges_text(&[(37.31, 125.94)], 20.0, &[]), "37.3–125.9");
        assert_eq!(
            ranges_text(&[(10.0, 30.0), (50.0, 90.0)], 40.0, &[]),
            "10.0–30.0 and 50.0–90.0"
        );
        // 40.04 reads "40.0" beside "At 40": two decimals, for every range of the note.
        assert_eq!(
            ranges_text(&[(40.04, 60.0), (70.0, 80.0)], 40.0, &[]),
            "40.04–60.00 and 70.00–80.00"
        );
        assert_eq!(ranges_text(&[(35.0, 35.0)], 40.0, &[]), "35.0");
        assert_eq!(
            ranges_text(&[(1.0, 2.0), (3.0, 4.0), (5.0, 6.0)], 40.0, &[]),
            "1.0–2.0, 3.0–4.0 and 5.0–6.0"
        );
        // Under "At 20", 40.03 would read as the tier 40, which the range leaves out; the
        // tier 60, inside it, may print as it likes.
        let tiers = [20.0, 40.0, 60.0, 80.0];
        assert_eq!(ranges_text(&[(40.03, 89.96)], 20.0, &tiers), "40.03–89.96");
        assert_eq!(ranges_text(&[(30.0, 60.03)], 20.0, &tiers), "30.0–60.0");
        assert_eq!(ranges_text(&[(30.0, 59.97)], 20.0, &tiers), "30.00–59.97");
    }
}
