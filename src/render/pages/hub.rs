//! The hub page: every series of one model × accelerator × precision × sequence combination.

use serde::Serialize;
use serde_json::json;

use super::data::{Caveats, DataBody, Parts};
use super::embed;
use crate::error::Result;
use crate::output::OutputFile;
use crate::plan::{Combination, Family, urls};
use crate::render::labels::{self, CombinationNames};
use crate::render::search_view::SearchView;
use crate::render::views::Link;

#[derive(Serialize)]
struct HubBody<'a> {
    heading: String,
    model: String,
    model_href: String,
    hardware: String,
    precision: String,
    sequence: String,
    cost_label: &'static str,
    ranking: Option<Link>,
    comparisons: Vec<Link>,
    #[serde(flatten)]
    data: DataBody<'a>,
}

/// The hub page of combination `on` and its embeddable copy.
pub(super) fn render(parts: &Parts, on: &Combination) -> Result<Vec<OutputFile>> {
    let (pages, plan, data) = (parts.pages, parts.plan, parts.data);
    let n = CombinationNames::of(on, &pages.site.catalog);
    let path = plan.path();
    let sequence = labels::sequence(plan.sequence);
    let combination = labels::heading(&plan.subject, &pages.site.catalog);
    let heading = format!("{combination} · {} · {sequence}", n.model);
    let names = json!({
        "model": n.model,
        "hardware": n.hardware,
        "precision": n.precision,
        "sequence": sequence,
    });
    let description = pages.describe("hub", &names)?;
    let mut meta = pages
        .meta(heading.clone(), description.clone(), &path, &path)
        .model_feed(plan.subject.model(), &n.model)
        .under_benchmarks();
    meta.search = Some(SearchView::data_page(
        plan,
        &parts.data.precision,
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
    let table_caption = format!("{heading}: every series at matched interactivity");
    let body = HubBody {
        data: parts.body(&heading, &heading, caveats, table_caption)?,
        heading,
        model_href: parts.model_href(),
        hardware: n.hardware.clone(),
        precision: n.precision.clone(),
        ranking: ranking_link(parts, &n),
        model: n.model,
        sequence,
        cost_label: labels::cost_provider(data.cost_provider),
        comparisons: comparisons(parts, on),
    };
    let embed = body.data.embed(&body.heading, &path, true);
    Ok(vec![
        embed::render(pages, description, embed)?,
        pages.page("hub.html", meta, &body)?,
    ])
}

/// Every comparison page that covers this hub's combination, at its sequence.
fn comparisons(parts: &Parts, on: &Combination) -> Vec<Link> {
    let site = parts.pages.site;
    site.plan
        .same_workload(parts.plan)
        .filter(|c| c.subject.family() != Family::Hub && c.subject.covers(on))
        .map(|c| Link::new(labels::comparison(c, &site.catalog), c.path()))
        .collect()
}

/// "How B200 FP4 ranks for DeepSeek R1 8k/1k": the ranking of the hub's model and sequence.
fn ranking_link(parts: &Parts, n: &CombinationNames) -> Option<Link> {
    let plan = parts.plan;
    let ranking = parts
        .pages
        .site
        .plan
        .ranking(plan.subject.model(), plan.sequence)?;
    let label = format!(
        "How {} {} ranks for {} {}",
        n.hardware,
        n.precision,
        n.model,
        labels::sequence(plan.sequence)
    );
    Some(Link::new(label, ranking.path()))
}
