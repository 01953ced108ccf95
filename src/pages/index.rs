//! Index pages: home, one per model, one per comparison family, and 404.

use std::collections::BTreeMap;

use serde::Serialize;

use super::Ctx;
use super::names::{self, Names};
use crate::catalog::{Hardware, Model};
use crate::content::ContentFile;
use crate::error::{Diagnostic, Error, Result};
use crate::output::OutputFile;
use crate::plan::{Family, PagePlan, Subject};
use crate::render::views::{Link, PageView};

pub(super) fn render(ctx: &Ctx) -> Result<Vec<OutputFile>> {
    let mut files = vec![home(ctx)?, not_found(ctx)?];
    for model in &ctx.site.catalog.models {
        files.extend(model_page(ctx, model)?);
    }
    for family in Family::COMPARISONS {
        files.push(family_page(ctx, family)?);
    }
    for page in &ctx.site.content.standalone {
        files.push(standalone(ctx, page)?);
    }
    Ok(files)
}

/// An editor's page of its own (`content/methodology.md` → `/methodology/`), rendered with
/// `page.html` or the template its front matter names.
fn standalone(ctx: &Ctx, file: &ContentFile) -> Result<OutputFile> {
    let template = file.front.template.as_deref().unwrap_or("page.html");
    if !ctx.renderer.has(template) {
        let problem = Diagnostic::new(&file.source, "no such template in templates/")
            .field("template")
            .value(format!("{template:?}"));
        return Err(Error::Invalid(vec![problem]));
    }
    let title = file.front.title.clone().unwrap_or_default();
    let description = file
        .front
        .description
        .clone()
        .unwrap_or_else(|| format!("{title} — {}", ctx.site.config.title));
    let mut meta = ctx.meta(title.clone(), description, &file.url_path, &file.url_path);
    meta.breadcrumbs = vec![
        Link::new("Home", "/"),
        Link::new(title, file.url_path.clone()),
    ];
    ctx.page(template, meta, file)
}

/// Hubs of one model, grouped by accelerator in catalog order.
#[derive(Serialize)]
struct HardwareGroup {
    name: String,
    vendor: String,
    hubs: Vec<Link>,
}

fn hardware_groups(ctx: &Ctx, model: &Model) -> Vec<HardwareGroup> {
    let hubs = |h: &Hardware| -> Vec<Link> {
        ctx.site
            .plan
            .of(Family::Hub, &model.id)
            .iter()
            .filter(|p| p.subject.hardware[0] == h.id)
            .map(|p| {
                Link::new(
                    format!(
                        "{} {}",
                        names::precision_label(&p.subject.precision[0]),
                        p.sequence.label()
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
    families: Vec<Link>,
}

#[derive(Serialize)]
struct ModelGroup {
    name: String,
    href: String,
    hardware: Vec<HardwareGroup>,
}

fn home(ctx: &Ctx) -> Result<OutputFile> {
    let models = ctx
        .site
        .catalog
        .models
        .iter()
        .map(|m| ModelGroup {
            name: m.name.clone(),
            href: format!("/{}/", m.id),
            hardware: hardware_groups(ctx, m),
        })
        .filter(|g| !g.hardware.is_empty())
        .collect();
    let config = &ctx.site.config;
    let meta = ctx.meta(config.title.clone(), config.description.clone(), "/", "/");
    ctx.page(
        "home.html",
        meta,
        HomeBody {
            models,
            families: family_links(),
        },
    )
}

fn family_links() -> Vec<Link> {
    Family::COMPARISONS
        .iter()
        .map(|f| Link::new(f.title(), format!("/{}/", f.dir())))
        .collect()
}

/// Comparisons of one family grouped by subject: the default page and every sequence.
#[derive(Serialize)]
struct SubjectGroup {
    label: String,
    href: String,
    sequences: Vec<Link>,
}

fn subject_groups<'a>(ctx: &Ctx, pages: impl Iterator<Item = &'a PagePlan>) -> Vec<SubjectGroup> {
    let mut groups: BTreeMap<&Subject, Vec<&PagePlan>> = BTreeMap::new();
    for p in pages {
        groups.entry(&p.subject).or_default().push(p);
    }
    groups
        .into_iter()
        .map(|(subject, pages)| SubjectGroup {
            label: names::heading(subject, &Names::of(subject, &ctx.site.catalog)),
            href: subject.base_path(),
            sequences: pages
                .iter()
                .map(|p| Link::new(p.sequence.label(), p.path()))
                .collect(),
        })
        .collect()
}

#[derive(Serialize)]
struct ModelBody {
    name: String,
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
fn model_page(ctx: &Ctx, model: &Model) -> Result<Option<OutputFile>> {
    let hardware = hardware_groups(ctx, model);
    if hardware.is_empty() {
        return Ok(None);
    }
    let families = Family::COMPARISONS
        .iter()
        .map(|&f| FamilyGroup {
            title: f.title(),
            href: format!("/{}/", f.dir()),
            subjects: subject_groups(ctx, ctx.site.plan.of(f, &model.id).iter()),
        })
        .filter(|g| !g.subjects.is_empty())
        .collect();
    let path = format!("/{}/", model.id);
    let description = format!(
        "{} inference benchmarks: every accelerator, precision and sequence length measured, and how they compare.",
        model.name
    );
    let mut meta = ctx.meta(model.name.clone(), description, &path, &path);
    meta.breadcrumbs = vec![
        Link::new("Home", "/"),
        Link::new(model.name.clone(), path.clone()),
    ];
    ctx.page(
        "model.html",
        meta,
        ModelBody {
            name: model.name.clone(),
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
}

#[derive(Serialize)]
struct FamilyModel {
    name: String,
    subjects: Vec<SubjectGroup>,
}

/// `/compare-…/`: every comparison of one family, by model.
fn family_page(ctx: &Ctx, family: Family) -> Result<OutputFile> {
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
    let path = format!("/{}/", family.dir());
    let title = format!("{} comparisons", family.title());
    let description = format!(
        "Every {} comparison: throughput, cost per million tokens and energy at matched interactivity.",
        family.title().to_lowercase()
    );
    let mut meta = ctx.meta(title.clone(), description, &path, &path);
    meta.breadcrumbs = vec![Link::new("Home", "/"), Link::new(title, path.clone())];
    ctx.page(
        "family.html",
        meta,
        FamilyBody {
            title: family.title(),
            models,
        },
    )
}

fn not_found(ctx: &Ctx) -> Result<OutputFile> {
    let meta = ctx.meta(
        "Page not found".into(),
        "This page does not exist.".into(),
        "/404.html",
        "/404.html",
    );
    let view = PageView {
        site: ctx.view,
        meta,
        page: (),
        commentary: &[],
    };
    let html = ctx.renderer.render("404.html", &view)?;
    Ok(OutputFile::new("404.html", html))
}
