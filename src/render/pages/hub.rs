//! The hub page: every series of one model × accelerator × precision × sequence combination.

use serde::Serialize;

use super::data::{Caveats, Parts, SeriesBody, SideView};
use super::embed::{self, EmbedBody};
use super::since::SinceView;
use crate::error::Result;
use crate::output::OutputFile;
use crate::plan::{Family, involves, urls};
use crate::render::labels::{self, Names};
use crate::render::reader::{PricesView, ShareView};
use crate::render::search_view::SearchView;
use crate::render::views::{ChartView, ChoiceLink, Link, TableView};

#[derive(Serialize)]
struct HubBody<'a> {
    heading: String,
    model: String,
    model_href: String,
    hardware: String,
    precision: String,
    sequence: String,
    cost_label: &'static str,
    caveats: Caveats,
    sides: Vec<SideView>,
    series: Vec<SeriesBody<'a>>,
    table: Option<TableView>,
    /// The matched table's caption, here and on the embed.
    table_caption: String,
    ranking: Option<Link>,
    comparisons: Vec<Link>,
    sequences: Vec<ChoiceLink>,
    chart: ChartView,
    /// What changed since the previous run, or none (fewer than two runs).
    since: Option<SinceView>,
    prices: PricesView,
    share: ShareView,
    json_href: String,
    csv_href: String,
}

/// The hub page and its embeddable copy.
pub(super) fn render(parts: &Parts) -> Result<Vec<OutputFile>> {
    let (pages, plan, data) = (parts.pages, parts.plan, parts.data);
    let n = Names::of(&plan.subject, &pages.site.catalog);
    let path = plan.path();
    let sequence = labels::sequence(plan.sequence);
    let combination = labels::heading(&plan.subject, &n);
    let heading = format!("{combination} · {} · {sequence}", n.model);
    let description = format!(
        "{} on {} {} at {sequence}: throughput per GPU, cost per million tokens and tok/s/MW for every serving configuration.",
        n.model, n.hardware[0], n.precision[0]
    );
    let mut meta = pages
        .meta(heading.clone(), description.clone(), &path, &path)
        .model_feed(&plan.subject.model, &n.model);
    meta.search = Some(SearchView::data_page(
        plan,
        &pages.site.catalog,
        heading.clone(),
        &parts.labels,
    ));
    meta.breadcrumbs = vec![
        Link::new("Home", urls::HOME),
        Link::new(n.model.clone(), parts.model_href()),
        Link::new(format!("{combination} {sequence}"), path.clone()),
    ];
    let caveats = Caveats {
        mixed_engines: parts.mixed_engines(),
        across_series: true,
        ..Caveats::default()
    };
    let body = HubBody {
        chart: parts.chart(&heading),
        since: parts.since(),
        prices: parts.prices(),
        share: parts.share(&heading, &caveats),
        table_caption: format!("{heading}: every series at matched interactivity"),
        heading,
        model_href: parts.model_href(),
        hardware: n.hardware[0].clone(),
        precision: n.precision[0].clone(),
        ranking: ranking_link(parts, &n),
        model: n.model,
        sequence,
        cost_label: labels::cost_provider(data.cost_provider),
        caveats,
        sides: parts.side_views(),
        series: parts.series_tables()?,
        table: TableView::new(data, &parts.labels),
        comparisons: comparisons(parts),
        sequences: parts.sequence_links(),
        json_href: urls::download(&path, "index.json").0,
        csv_href: urls::download(&path, "index.csv").0,
    };
    let embed = EmbedBody {
        heading: &body.heading,
        full_href: &path,
        sides: &body.sides,
        caveats: &body.caveats,
        table: body.table.as_ref(),
        table_caption: &body.table_caption,
        table_compact: true,
        chart: &body.chart,
        csv_href: &body.csv_href,
        prices: &body.prices,
    };
    Ok(vec![
        embed::render(pages, description, embed)?,
        pages.page("hub.html", meta, &body)?,
    ])
}

/// Every comparison page that involves this hub's combination, at its sequence.
fn comparisons(parts: &Parts) -> Vec<Link> {
    let site = parts.pages.site;
    site.plan
        .same_workload(parts.plan)
        .filter(|c| c.subject.family != Family::Hub && involves(c, parts.plan))
        .map(|c| Link::new(labels::comparison(c, &site.catalog), c.path()))
        .collect()
}

/// "How B200 FP4 ranks for DeepSeek R1 8k/1k": the ranking of the hub's model and sequence.
fn ranking_link(parts: &Parts, n: &Names) -> Option<Link> {
    let plan = parts.plan;
    let ranking = parts
        .pages
        .site
        .plan
        .ranking(&plan.subject.model, plan.sequence)?;
    let label = format!(
        "How {} {} ranks for {} {}",
        n.hardware[0],
        n.precision[0],
        n.model,
        labels::sequence(plan.sequence)
    );
    Some(Link::new(label, ranking.path()))
}
