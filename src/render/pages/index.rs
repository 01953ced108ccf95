//! Index pages: home, one per model, one per comparison family, and 404.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::json;

use super::Pages;
use super::rankings::{self, RowView, row_views};
use super::since::{RunView, run_view};
use crate::compute::Ranking;
use crate::error::Result;
use crate::input::catalog::{Hardware, Model};
use crate::output::OutputFile;
use crate::plan::{Family, PagePlan, Subject, urls};
use crate::render::labels;
use crate::render::search_view::{self, SearchView};
use crate::render::views::{ChoiceLink, Link, PageView};

pub(super) fn render(ctx: &Pages, rankings: &[Ranking]) -> Result<Vec<OutputFile>> {
    let mut files = vec![home(ctx, rankings)?, not_found(ctx)?];
    for model in &ctx.site.catalog.models {
        files.extend(model_page(ctx, model)?);
    }
    for &family in Family::COMPARISONS {
        files.push(family_page(ctx, family)?);
    }
    for &i in &ctx.site.attached.standalone {
        files.push(standalone(ctx, i)?);
    }
    Ok(files)
}

/// An editor's page of its own (`content/methodology.md` → `/methodology/`), rendered with
/// `page.html` or the template its front matter names (checked when the content was read).
fn standalone(ctx: &Pages, i: usize) -> Result<OutputFile> {
    let file = &ctx.site.content[i];
    let template = file.front.template.as_deref().unwrap_or("page.html");
    let title = file.front.title.clone().unwrap_or_default();
    let description = file
        .front
        .description
        .clone()
        .unwrap_or_else(|| format!("{title} — {}", ctx.site.config.title));
    let mut meta = ctx.meta(title.clone(), description, &file.url_path, &file.url_path);
    let html = ctx.documents[i].html.clone();
    meta.search = Some(SearchView::article(&title, &file.url_path, html));
    meta.breadcrumbs = vec![
        Link::new("Home", urls::HOME),
        Link::new(title, file.url_path.clone()),
    ];
    ctx.page(template, meta, ctx.content(i))
}

/// Hubs of one model, grouped by accelerator in catalog order.
#[derive(Serialize)]
struct HardwareGroup {
    name: String,
    vendor: String,
    hubs: Vec<Link>,
}

fn hardware_groups(ctx: &Pages, model: &Model) -> Vec<HardwareGroup> {
    let hubs = |h: &Hardware| -> Vec<Link> {
        ctx.site
            .plan
            .of(Family::Hub, &model.id)
            .iter()
            .filter_map(|p| Some((p.as_hub()?, p)))
            .filter(|(on, _)| on.hardware == h.id)
            .map(|(on, p)| {
                Link::new(
                    format!(
                        "{} {}",
                        labels::precision(&on.precision),
                        labels::sequence(p.sequence)
                    ),
                    p.path(),
                )
            })
            .collect()
    };
    ctx.site
        .catalog
        .hardware
        .iter()
        .map(|h| HardwareGroup {
            name: h.name.clone(),
            vendor: h.vendor.clone(),
            hubs: hubs(h),
        })
        .filter(|g| !g.hubs.is_empty())
        .collect()
}

#[derive(Serialize)]
struct HomeBody {
    models: Vec<ModelGroup>,
    families: Vec<ChoiceLink>,
    /// The newest run that holds results: how fresh the figures are.
    latest_run: Option<RunView>,
    /// `/changes/`.
    changes_href: &'static str,
}

#[derive(Serialize)]
struct ModelGroup {
    name: String,
    href: String,
    hardware: Vec<HardwareGroup>,
    /// The top of the model's headline ranking, if it has one.
    ranking: Option<Headline>,
}

/// A model's headline ranking on the home page (SPEC §12 "Home page"): its default sequence's
/// ranking at the tier with the most rows (ties: the higher tier), the top three rows.
#[derive(Serialize)]
struct Headline {
    href: String,
    sequence: String,
    interactivity: f64,
    rows: Vec<RowView>,
    /// The prices its costs use ("Hyperscaler"), and the speculative-decoding methods its
    /// rows use ("MTP"): the ranking page's notes, which the three rows need as much.
    cost_label: &'static str,
    speculation: Vec<String>,
}

fn headline(ctx: &Pages, model: &Model, rankings: &[Ranking]) -> Option<Headline> {
    let plan = ctx.site.plan.default_ranking(&model.id)?;
    let path = plan.path();
    let ranking = rankings.iter().find(|r| r.path == path)?;
    let tier = ranking.reached().max_by(|a, b| {
        (a.rows.len(), a.interactivity)
            .partial_cmp(&(b.rows.len(), b.interactivity))
            .unwrap_or(std::cmp::Ordering::Equal)
    })?;
    let top = &tier.rows[..tier.rows.len().min(3)];
    Some(Headline {
        href: path,
        sequence: labels::sequence(plan.sequence),
        interactivity: tier.interactivity,
        rows: row_views(ctx, top),
        cost_label: labels::cost_provider(ranking.cost_provider),
        speculation: rankings::speculation_of(top.iter()),
    })
}

fn home(ctx: &Pages, rankings: &[Ranking]) -> Result<OutputFile> {
    let models = ctx
        .site
        .catalog
        .models
        .iter()
        .filter(|m| ctx.site.plan.has_model_page(&m.id))
        .map(|m| ModelGroup {
            name: m.name.clone(),
            href: urls::model(&m.id),
            hardware: hardware_groups(ctx, m),
            ranking: headline(ctx, m, rankings),
        })
        .collect();
    let config = &ctx.site.config;
    let mut meta = ctx.meta(
        config.title.clone(),
        config.description.clone(),
        urls::HOME,
        urls::HOME,
    );
    meta.search = Some(SearchView::page(&config.title, search_view::OVERVIEW));
    ctx.page(
        "home.html",
        meta,
        HomeBody {
            models,
            families: family_links(None),
            latest_run: (ctx.site.data.latest_run())
                .map(|run| run_view(&ctx.site.data, run, ctx.site.data.dated())),
            changes_href: urls::CHANGES,
        },
    )
}

/// Every comparison family's index, `current` marked.
fn family_links(current: Option<Family>) -> Vec<ChoiceLink> {
    Family::COMPARISONS
        .iter()
        .map(|&f| ChoiceLink::family(f, current))
        .collect()
}

/// Comparisons of one family grouped by subject: the default page and every sequence.
#[derive(Serialize)]
struct SubjectGroup {
    label: String,
    href: String,
    sequences: Vec<Link>,
}

fn subject_groups<'a>(ctx: &Pages, pages: impl Iterator<Item = &'a PagePlan>) -> Vec<SubjectGroup> {
    let mut groups: BTreeMap<&Subject, Vec<&PagePlan>> = BTreeMap::new();
    for p in pages {
        groups.entry(&p.subject).or_default().push(p);
    }
    groups
        .into_iter()
        .map(|(subject, pages)| SubjectGroup {
            label: labels::heading(subject, &ctx.site.catalog),
            href: subject.base_path(),
            sequences: pages
                .iter()
                .map(|p| Link::new(labels::sequence(p.sequence), p.path()))
                .collect(),
        })
        .collect()
}

#[derive(Serialize)]
struct ModelBody {
    name: String,
    /// The model's rankings, one per sequence.
    rankings: Vec<Link>,
    hardware: Vec<HardwareGroup>,
    families: Vec<FamilyGroup>,
}

#[derive(Serialize)]
struct FamilyGroup {
    title: &'static str,
    href: String,
    subjects: Vec<SubjectGroup>,
}

/// `/<model>/`: the model's hubs and comparisons. A model without results gets no page.
fn model_page(ctx: &Pages, model: &Model) -> Result<Option<OutputFile>> {
    if !ctx.site.plan.has_model_page(&model.id) {
        return Ok(None);
    }
    let hardware = hardware_groups(ctx, model);
    let families = Family::COMPARISONS
        .iter()
        .map(|&f| FamilyGroup {
            title: labels::family(f),
            href: f.index_path(),
            subjects: subject_groups(ctx, ctx.site.plan.of(f, &model.id).iter()),
        })
        .filter(|g| !g.subjects.is_empty())
        .collect();
    let path = urls::model(&model.id);
    let description = ctx.describe("model", &json!({"model": model.name}))?;
    let mut meta = ctx
        .meta(model.name.clone(), description, &path, &path)
        .model_feed(&model.id, &model.name)
        .under_benchmarks();
    let title = model.name.clone();
    meta.search = Some(SearchView::model_page(
        &model.id,
        &ctx.site.catalog,
        title,
        search_view::MODEL,
    ));
    meta.breadcrumbs = vec![
        Link::new("Home", urls::HOME),
        Link::new(model.name.clone(), path.clone()),
    ];
    ctx.page(
        "model.html",
        meta,
        ModelBody {
            name: model.name.clone(),
            rankings: (ctx.site.plan.rankings_of(&model.id))
                .map(|r| Link::new(labels::sequence(r.sequence), r.path()))
                .collect(),
            hardware,
            families,
        },
    )
    .map(Some)
}

#[derive(Serialize)]
struct FamilyBody {
    title: &'static str,
    models: Vec<FamilyModel>,
    /// Every family's index, so a reader can move between them.
    families: Vec<ChoiceLink>,
}

#[derive(Serialize)]
struct FamilyModel {
    name: String,
    subjects: Vec<SubjectGroup>,
}

/// `/compare-…/`: every comparison of one family, by model.
fn family_page(ctx: &Pages, family: Family) -> Result<OutputFile> {
    let models = ctx
        .site
        .catalog
        .models
        .iter()
        .map(|m| FamilyModel {
            name: m.name.clone(),
            subjects: subject_groups(ctx, ctx.site.plan.of(family, &m.id).iter()),
        })
        .filter(|g| !g.subjects.is_empty())
        .collect();
    let path = family.index_path();
    let title = format!("{} comparisons", labels::family(family));
    let description = ctx.describe("family", &json!({"family": labels::family(family)}))?;
    let mut meta = ctx.meta(title.clone(), description, &path, &path);
    meta.search = Some(SearchView::page(&title, search_view::OVERVIEW));
    meta.breadcrumbs = vec![
        Link::new("Home", urls::HOME),
        Link::new(title, path.clone()),
    ];
    ctx.page(
        "family.html",
        meta,
        FamilyBody {
            title: labels::family(family),
            models,
            families: family_links(Some(family)),
        },
    )
}

fn not_found(ctx: &Pages) -> Result<OutputFile> {
    let meta = ctx.meta(
        "Page not found".into(),
        "This page does not exist.".into(),
        urls::NOT_FOUND,
        urls::NOT_FOUND,
    );
    let view = PageView {
        site: &ctx.view,
        meta,
        page: (),
        commentary: &[],
    };
    let html = ctx.renderer.render("404.html", &view)?;
    Ok(OutputFile::new(
        urls::NOT_FOUND.trim_start_matches('/'),
        html,
    ))
}
