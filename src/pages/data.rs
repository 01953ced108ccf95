//! Data pages: hubs and comparisons, each with its `index.json` and `index.csv`.

use serde::Serialize;
use serde_json::{Value, json};

use super::Ctx;
use super::names::{self, Names};
use crate::chart::{self, ChartSeries};
use crate::compute::{self, PageData};
use crate::error::{Error, Result};
use crate::narrative::{self, Matchup};
use crate::output::OutputFile;
use crate::plan::{Family, PagePlan, involves, precision_rank};
use crate::render::script::to_script_json;
use crate::render::views::{ChartView, Link, Meta, TableView};

/// Renders one planned page and its downloads (plus the sequence-less copy of a comparison
/// at its default sequence).
pub(super) fn render(ctx: &Ctx, plan: &PagePlan) -> Result<Vec<OutputFile>> {
    let site = ctx.site;
    let data = compute::compute(plan, &site.data, &site.catalog, site.config.default_cost);
    let path = plan.path();
    let mut files = vec![
        OutputFile::new(
            format!("{}index.json", path.trim_start_matches('/')),
            json(&data)?,
        ),
        OutputFile::new(
            format!("{}index.csv", path.trim_start_matches('/')),
            csv(&data, ctx)?,
        ),
    ];
    if plan.subject.family == Family::Hub {
        files.push(hub(ctx, plan, &data)?);
        return Ok(files);
    }
    let mut paths = vec![path];
    if site.plan.defaults.get(&plan.subject) == Some(&plan.sequence) {
        paths.push(plan.subject.base_path());
    }
    files.extend(comparison(ctx, plan, &data, &paths)?);
    Ok(files)
}

fn json(data: &PageData) -> Result<Vec<u8>> {
    serde_json::to_vec(data)
        .map_err(|e| Error::Template(format!("index.json of {}: {e}", data.path)))
}

/// Every measured point with its side, whether it is on the side's frontier, and its cost and
/// power figures: the table a reader would paste into a spreadsheet.
fn csv(data: &PageData, ctx: &Ctx) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let header = [
        "side",
        "on_frontier",
        "interactivity",
        "throughput",
        "concurrency",
        "cost_per_mtok",
        "tok_s_mw",
        "framework",
        "hardware",
        "precision",
        "spec_decoding",
        "disagg",
    ];
    let fail = |e: csv::Error| Error::Template(format!("index.csv of {}: {e}", data.path));
    w.write_record(header).map_err(fail)?;
    for side in &data.sides {
        for p in &side.points {
            let on_frontier = side
                .frontier
                .iter()
                .any(|f| f.interactivity == p.interactivity && f.throughput == p.throughput);
            let hw = ctx.site.catalog.hardware(&p.hardware);
            let v = hw
                .map(|hw| compute::Values::at(p.throughput, p.concurrency, hw, data.cost_provider));
            w.write_record([
                side.label.clone(),
                on_frontier.to_string(),
                p.interactivity.to_string(),
                p.throughput.to_string(),
                p.concurrency.to_string(),
                v.map_or(String::new(), |v| v.cost_per_mtok.to_string()),
                v.map_or(String::new(), |v| v.tok_s_mw.to_string()),
                p.framework.to_string(),
                p.hardware.to_string(),
                p.precision.to_string(),
                p.spec_decoding.to_string(),
                p.disagg.to_string(),
            ])
            .map_err(fail)?;
        }
    }
    w.into_inner().map_err(|e| Error::Template(e.to_string()))
}

/// The page's chart: its sides, plus every other precision measured for the same model,
/// accelerator and sequence (chart only; chip pages already cover every precision).
fn chart(ctx: &Ctx, plan: &PagePlan, label: String) -> ChartView {
    let mut series: Vec<ChartSeries> = plan
        .sides
        .iter()
        .map(|s| ChartSeries {
            label: s.label.clone(),
            records: s.records.clone(),
            side: true,
        })
        .collect();
    if plan.subject.family != Family::Chip {
        // The same model, accelerator and sequence at other precisions: their hub pages hold
        // exactly those records.
        let mut others: Vec<&PagePlan> = ctx
            .site
            .plan
            .same_workload(plan)
            .filter(|h| {
                h.subject.family == Family::Hub && h.subject.hardware == plan.subject.hardware
            })
            .filter(|h| !plan.subject.precision.contains(&h.subject.precision[0]))
            .collect();
        others.sort_by_key(|h| precision_rank(&h.subject.precision[0]));
        for hub in others {
            let label = format!(
                "{} (all configurations)",
                names::precision_label(&hub.subject.precision[0])
            );
            let records = hub
                .sides
                .iter()
                .flat_map(|s| s.records.iter().copied())
                .collect();
            series.push(ChartSeries {
                label,
                records,
                side: false,
            });
        }
    }
    let has_other_precisions = series.iter().any(|s| !s.side);
    ChartView {
        json: chart::chart_json(&series, ctx.chart_rows, &label),
        label: chart::aria_label(&label),
        has_other_precisions,
    }
}

/// The chart's accessible name, with `{y}` and `{x}` standing for the axes shown (the script
/// fills them in whenever the reader switches axes).
fn chart_label(heading: &str, sides: &[SideView]) -> String {
    let names: Vec<&str> = sides.iter().map(|s| s.label.as_str()).collect();
    format!(
        "Chart of {heading}: {{y}} against {{x}} for {}. The table on this page lists the values.",
        names.join(", ")
    )
}

/// A side or series as the legend, table swatches and chart share it.
#[derive(Serialize)]
struct SideView {
    label: String,
    slot: usize,
}

/// The hub page: every series of one combination.
#[derive(Serialize)]
struct HubBody<'a> {
    heading: String,
    model: String,
    model_href: String,
    hardware: String,
    precision: String,
    sequence: String,
    cost_label: &'static str,
    sides: Vec<SideView>,
    series: Vec<SeriesBody<'a>>,
    table: Option<TableView>,
    comparisons: Vec<Link>,
    sequences: Vec<Link>,
    chart: ChartView,
    json_href: String,
    csv_href: String,
}

/// Every side's measured points as a table: the chart's data for readers who cannot see it.
/// Each point is priced on its own accelerator (chip-vs-chip sides differ).
fn series_tables<'a>(ctx: &Ctx<'a>, plan: &PagePlan) -> Vec<SeriesBody<'a>> {
    plan.sides
        .iter()
        .enumerate()
        .map(|(slot, side)| SeriesBody {
            label: side.label.clone(),
            slot,
            rows: side
                .records
                .iter()
                .map(|&i| ctx.table_rows.get(i))
                .collect(),
        })
        .collect()
}

#[derive(Serialize)]
struct SeriesBody<'a> {
    label: String,
    slot: usize,
    /// Rendered `partials/point_row.html` rows.
    rows: Vec<&'a str>,
}

fn hub(ctx: &Ctx, plan: &PagePlan, data: &PageData) -> Result<OutputFile> {
    let site = ctx.site;
    let n = Names::of(&plan.subject, &site.catalog);
    let series = series_tables(ctx, plan);
    let comparisons = site
        .plan
        .same_workload(plan)
        .filter(|c| c.subject.family != Family::Hub && involves(c, plan))
        .map(|c| Link::new(comparison_label(c, ctx), c.path()))
        .collect();
    let path = plan.path();
    let sequence = plan.sequence.label();
    let heading = format!(
        "{} · {} · {sequence}",
        names::heading(&plan.subject, &n),
        n.model
    );
    let description = format!(
        "{} on {} {} at {sequence}: throughput per GPU, cost per million tokens and tok/s/MW for every serving configuration.",
        n.model, n.hardware[0], n.precision[0]
    );
    let mut meta = ctx.meta(heading.clone(), description, &path, &path);
    meta.breadcrumbs = vec![
        Link::new("Home", "/"),
        Link::new(n.model.clone(), model_href(plan)),
        Link::new(
            format!("{} {}", names::heading(&plan.subject, &n), sequence),
            path.clone(),
        ),
    ];
    let sides = side_views(data);
    let chart = chart(ctx, plan, chart_label(&heading, &sides));
    let body = HubBody {
        heading,
        model_href: model_href(plan),
        hardware: n.hardware[0].clone(),
        precision: n.precision[0].clone(),
        model: n.model,
        sequence,
        cost_label: data.cost_provider.label(),
        sides,
        series,
        table: TableView::new(data),
        comparisons,
        sequences: sequence_links(ctx, plan),
        chart,
        json_href: format!("{path}index.json"),
        csv_href: format!("{path}index.csv"),
    };
    ctx.page("hub.html", meta, &body)
}

/// A comparison page, at `path` (its own, or the sequence-less default path).
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
    caveats: Caveats,
    narrative: Vec<String>,
    disjoint: Option<Disjoint>,
    sides: Vec<SideView>,
    table: Option<TableView>,
    sequences: Vec<Link>,
    chart: ChartView,
    series: Vec<SeriesBody<'a>>,
    related: Vec<Link>,
    json_href: String,
    csv_href: String,
}

/// Which notes the page carries; their wording is in `templates/partials/caveats.html`.
#[derive(Serialize)]
struct Caveats {
    spec_decoding: bool,
    mixed_engines: bool,
    no_overlap: bool,
}

/// The sides' frontier ranges when they do not overlap.
#[derive(Serialize, Clone)]
struct Disjoint {
    a: SideRange,
    b: SideRange,
}

#[derive(Serialize, Clone)]
struct SideRange {
    label: String,
    lo: f64,
    hi: f64,
}

/// A comparison page at each of `paths` (its own, and the sequence-less default path when this
/// is the default sequence). Only the page's address and breadcrumbs differ between them, so
/// the body is built once.
fn comparison(
    ctx: &Ctx,
    plan: &PagePlan,
    data: &PageData,
    paths: &[String],
) -> Result<Vec<OutputFile>> {
    let n = Names::of(&plan.subject, &ctx.site.catalog);
    let own_path = plan.path();
    let heading = names::heading(&plan.subject, &n);
    let setting = names::setting(plan, &n);
    let matchups: Vec<Matchup> = (0..data.rows.len())
        .filter_map(|i| Matchup::at(data, i))
        .collect();
    let disjoint = disjoint(data);
    let text = TextContext {
        model: n.model.clone(),
        setting: setting.clone(),
        sequence: plan.sequence.label(),
        precision: data
            .precision
            .iter()
            .map(|p| p.to_string())
            .collect::<Vec<_>>()
            .join(" · "),
    };
    let narrative = paragraphs(ctx, plan, &matchups, disjoint.as_ref(), &text)?;
    let description = headline(&n.model, &setting, matchups.first(), disjoint.as_ref());
    let family = plan.subject.family;
    let sides = side_views(data);
    let chart = chart(ctx, plan, chart_label(&heading, &sides));
    let mut body = ComparisonBody {
        json_ld: String::new(),
        eyebrow: format!("{} · {}", n.model, family.title()),
        heading: heading.clone(),
        model: n.model.clone(),
        setting,
        sequence: plan.sequence.label(),
        lead: matchups.first().cloned(),
        caveats: Caveats {
            spec_decoding: family == Family::SpecDecode,
            mixed_engines: mixed_engines(data),
            no_overlap: disjoint.is_some(),
        },
        narrative,
        disjoint,
        sides,
        table: TableView::new(data),
        sequences: sequence_links(ctx, plan),
        chart,
        series: series_tables(ctx, plan),
        related: related(ctx, plan),
        json_href: format!("{own_path}index.json"),
        csv_href: format!("{own_path}index.csv"),
    };
    paths
        .iter()
        .map(|path| {
            let mut meta = ctx.meta(heading.clone(), description.clone(), path, &own_path);
            meta.breadcrumbs = vec![
                Link::new("Home", "/"),
                Link::new(family.title(), format!("/{}/", family.dir())),
                Link::new(format!("{heading} · {}", plan.sequence.label()), path),
            ];
            body.json_ld = json_ld(ctx, &meta, &own_path);
            ctx.page("comparison.html", meta, &body)
        })
        .collect()
}

/// Structured data for search engines: the page's data as a schema.org `Dataset` with its two
/// downloads, and its breadcrumb trail.
fn json_ld(ctx: &Ctx, meta: &Meta, own_path: &str) -> String {
    let base = &ctx.site.config.base_url;
    let download = |name: &str, format: &str| json!({"@type": "DataDownload", "encodingFormat": format, "contentUrl": format!("{base}{own_path}{name}")});
    let dataset = json!({
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": meta.title,
        "description": meta.description,
        "url": meta.canonical,
        "isAccessibleForFree": true,
        "creator": {"@type": "Organization", "name": ctx.site.config.title, "url": format!("{base}/")},
        "distribution": [download("index.json", "application/json"), download("index.csv", "text/csv")],
        "variableMeasured": ["Throughput per GPU (tok/s/GPU)", "Interactivity (tok/s/user)", "Cost per million tokens (USD)", "Tokens per second per MW", "Concurrency"],
    });
    let crumbs: Vec<Value> = meta
        .breadcrumbs
        .iter()
        .enumerate()
        .map(|(i, c)| json!({"@type": "ListItem", "position": i + 1, "name": c.label, "item": format!("{base}{}", c.href)}))
        .collect();
    let breadcrumbs = json!({"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": crumbs});
    to_script_json(&[dataset, breadcrumbs])
}

/// What narrative templates know besides the matchup.
#[derive(Serialize, Clone)]
struct TextContext {
    model: String,
    setting: String,
    sequence: String,
    precision: String,
}

/// One paragraph per matched target (or one for sides that do not overlap), each from the
/// family's pool, the last ending with the pinned-workload note.
fn paragraphs(
    ctx: &Ctx,
    plan: &PagePlan,
    matchups: &[Matchup],
    disjoint: Option<&Disjoint>,
    text: &TextContext,
) -> Result<Vec<String>> {
    #[derive(Serialize)]
    struct Para<'a, T: Serialize> {
        m: T,
        page: &'a TextContext,
    }
    let mut out = Vec::new();
    if let Some(d) = disjoint {
        out.push(
            ctx.renderer
                .render("narrative/disjoint.html", &Para { m: d, page: text })?,
        );
    }
    let pool = ctx
        .renderer
        .names_under(&format!("narrative/{}/", plan.subject.family.key()));
    for (i, m) in matchups.iter().enumerate() {
        let Some(template) = narrative::pick(&pool, &plan.path(), i) else {
            break;
        };
        out.push(ctx.renderer.render(template, &Para { m, page: text })?);
    }
    let pinned = ctx
        .renderer
        .render("narrative/pinned.html", &Para { m: (), page: text })?;
    match out.last_mut() {
        Some(last) => {
            last.push(' ');
            last.push_str(pinned.trim());
        }
        None => out.push(pinned),
    }
    Ok(out
        .into_iter()
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect())
}

/// The meta description: the comparison's headline in one sentence, at most 155 characters.
fn headline(
    model: &str,
    setting: &str,
    first: Option<&Matchup>,
    disjoint: Option<&Disjoint>,
) -> String {
    use crate::wording::{integer, money};
    match (first, disjoint) {
        (Some(m), _) => format!(
            "At {} tok/s/user on {model} ({setting}), {} delivers {} tok/s/GPU at {}/M tokens; {} {} at {}.",
            crate::render::filters::compact(m.x),
            m.a.label,
            integer(m.a.throughput),
            money(m.a.cost_per_mtok),
            m.b.label,
            integer(m.b.throughput),
            money(m.b.cost_per_mtok),
        ),
        (None, Some(d)) => format!(
            "{} and {} on {model} ({setting}) do not overlap in interactivity: {} reaches {}–{} tok/s/user, {} {}–{}.",
            d.a.label,
            d.b.label,
            d.a.label,
            integer(d.a.lo),
            integer(d.a.hi),
            d.b.label,
            integer(d.b.lo),
            integer(d.b.hi),
        ),
        (None, None) => {
            format!("{model} ({setting}): measured throughput, cost and energy per token.")
        }
    }
}

fn disjoint(data: &PageData) -> Option<Disjoint> {
    if data.overlap.is_some() || data.sides.len() != 2 {
        return None;
    }
    let range = |i: usize| {
        let (lo, hi) = crate::metrics::range(&data.sides[i].frontier)?;
        Some(SideRange {
            label: data.sides[i].label.clone(),
            lo,
            hi,
        })
    };
    Some(Disjoint {
        a: range(0)?,
        b: range(1)?,
    })
}

/// True unless every frontier point of every side comes from one and the same framework.
fn mixed_engines(data: &PageData) -> bool {
    let mut engines = data.sides.iter().flat_map(|s| {
        s.points
            .iter()
            .filter(|p| {
                s.frontier
                    .iter()
                    .any(|f| f.interactivity == p.interactivity && f.throughput == p.throughput)
            })
            .map(|p| &p.framework)
    });
    let first = engines.next();
    engines.any(|e| Some(e) != first)
}

fn side_views(data: &PageData) -> Vec<SideView> {
    data.sides
        .iter()
        .enumerate()
        .map(|(slot, s)| SideView {
            label: s.label.clone(),
            slot,
        })
        .collect()
}

/// The same subject at each of its sequences.
fn sequence_links(ctx: &Ctx, plan: &PagePlan) -> Vec<Link> {
    ctx.site
        .plan
        .sequences_of(&plan.subject)
        .iter()
        .map(|p| Link::new(p.sequence.label(), p.path()))
        .collect()
}

/// The hubs a comparison draws on, and its family's and model's index pages.
fn related(ctx: &Ctx, plan: &PagePlan) -> Vec<Link> {
    let mut links: Vec<Link> = ctx
        .site
        .plan
        .same_workload(plan)
        .filter(|h| h.subject.family == Family::Hub && involves(plan, h))
        .map(|h| {
            let n = Names::of(&h.subject, &ctx.site.catalog);
            Link::new(
                format!(
                    "All {} results, {}",
                    names::heading(&h.subject, &n),
                    h.sequence.label()
                ),
                h.path(),
            )
        })
        .collect();
    let family = plan.subject.family;
    links.push(Link::new(
        format!("All {} comparisons", family.title().to_lowercase()),
        format!("/{}/", family.dir()),
    ));
    links.push(Link::new(
        format!(
            "Everything on {}",
            Names::of(&plan.subject, &ctx.site.catalog).model
        ),
        model_href(plan),
    ));
    links
}

/// `B200 FP4: MTP vs Off Speculative Decoding (1k/1k)`.
pub(super) fn comparison_label(plan: &PagePlan, ctx: &Ctx) -> String {
    let n = Names::of(&plan.subject, &ctx.site.catalog);
    format!(
        "{} ({})",
        names::heading(&plan.subject, &n),
        plan.sequence.label()
    )
}

fn model_href(plan: &PagePlan) -> String {
    format!("/{}/", plan.subject.model)
}
