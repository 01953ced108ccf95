//! Assembles every output file: assets, data pages (with their `index.json`), index pages,
//! 404, `robots.txt` and `sitemap.xml`. Each page kind has one function that builds its view
//! and renders its template.

use rayon::prelude::*;
use serde::Serialize;

use crate::compute::{self, PageData};
use crate::error::{Error, Result};
use crate::output::{self, OutputFile};
use crate::plan::{Family, PagePlan};
use crate::render::Renderer;
use crate::render::views::{Link, MeasuredRow, Meta, PageView, SiteView, TableView, names};
use crate::site::Site;

/// Renders the whole site in memory.
pub fn render_all(site: &Site, renderer: &Renderer) -> Result<Vec<OutputFile>> {
    let (mut files, view) = assets(site)?;
    let data_pages: Vec<Vec<OutputFile>> = site
        .plan
        .pages
        .par_iter()
        .filter(|p| p.subject.family == Family::Hub)
        .map(|p| hub(site, renderer, &view, p))
        .collect::<Result<_>>()?;
    files.extend(data_pages.into_iter().flatten());
    files.push(home(site, renderer, &view)?);
    files.push(not_found(site, renderer, &view)?);
    files.push(sitemap(site, &files));
    files.push(robots(site));
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// Copies `static/`, fingerprinting CSS and JS so a CDN can cache them forever.
fn assets(site: &Site) -> Result<(Vec<OutputFile>, SiteView)> {
    let dir = site.root.join("static");
    let mut files = Vec::new();
    let mut css = String::new();
    for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
        let entry = entry.map_err(|e| Error::io(&dir, e.into()))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let bytes = std::fs::read(entry.path()).map_err(|e| Error::io(entry.path(), e))?;
        let rel = entry
            .path()
            .strip_prefix(&dir)
            .unwrap_or(entry.path())
            .to_string_lossy()
            .replace('\\', "/");
        let fingerprint = rel.ends_with(".css") || rel.ends_with(".js");
        let path = if fingerprint {
            output::fingerprinted(&rel, &bytes)
        } else {
            rel.clone()
        };
        if rel == "style.css" {
            css = format!("/{path}");
        }
        files.push(OutputFile::new(path, bytes));
    }
    let view = SiteView {
        title: site.config.title.clone(),
        base_url: site.config.base_url.clone(),
        description: site.config.description.clone(),
        css,
    };
    Ok((files, view))
}

fn page(
    renderer: &Renderer,
    template: &str,
    site: &SiteView,
    meta: Meta,
    body: impl Serialize,
) -> Result<OutputFile> {
    let path = meta.path.clone();
    let html = renderer.render(
        template,
        &PageView {
            site,
            meta,
            page: body,
        },
    )?;
    Ok(OutputFile::new(page_file(&path), output::minify(&html)))
}

/// `/a/b/` → `a/b/index.html`.
fn page_file(url_path: &str) -> String {
    format!("{}index.html", url_path.trim_start_matches('/'))
}

/// The hub page's view: every series of one combination.
#[derive(Serialize)]
struct HubBody<'a> {
    heading: String,
    model: &'a str,
    model_href: String,
    hardware: &'a str,
    precision: String,
    sequence: String,
    cost_label: &'static str,
    series: Vec<SeriesBody>,
    table: Option<TableView>,
    data: &'a PageData,
}

#[derive(Serialize)]
struct SeriesBody {
    label: String,
    slot: usize,
    points: Vec<MeasuredRow>,
}

fn hub(
    site: &Site,
    renderer: &Renderer,
    view: &SiteView,
    plan: &PagePlan,
) -> Result<Vec<OutputFile>> {
    let data = compute::compute(plan, &site.data, &site.catalog, site.config.default_cost);
    let (model, hardware) = names(&site.catalog, &data);
    let hw = hardware[0];
    let precision = data.precision[0].as_str().to_uppercase();
    let sequence = plan.sequence.label();
    let series = plan
        .sides
        .iter()
        .enumerate()
        .map(|(slot, side)| SeriesBody {
            label: side.label.clone(),
            slot,
            points: side
                .records
                .iter()
                .map(|&i| MeasuredRow::new(&site.data.records[i], hw, site.config.default_cost))
                .collect(),
        })
        .collect();
    let path = plan.path();
    let title = format!("{} {precision} · {} · {sequence}", hw.name, model.name);
    let description = format!(
        "{} on {} at {precision}, {sequence} tokens: throughput per GPU, cost per million tokens and tok/s/MW for every serving configuration.",
        model.name, hw.name
    );
    let mut meta = Meta::new(&site.config, title.clone(), description, &path, &path);
    meta.breadcrumbs = vec![
        Link::new("Home", "/"),
        Link::new(model.name.clone(), format!("/{}/", model.id)),
        Link::new(format!("{} {precision} {sequence}", hw.name), path.clone()),
    ];
    let body = HubBody {
        heading: title,
        model: &model.name,
        model_href: format!("/{}/", model.id),
        hardware: &hw.name,
        precision,
        sequence,
        cost_label: site.config.default_cost.label(),
        series,
        table: TableView::new(&data),
        data: &data,
    };
    let html = page(renderer, "hub.html", view, meta, &body)?;
    let json = serde_json::to_vec(&data).map_err(|e| Error::Template(e.to_string()))?;
    Ok(vec![
        html,
        OutputFile::new(format!("{}index.json", path.trim_start_matches('/')), json),
    ])
}

/// The home page: every hub, grouped by model then accelerator.
#[derive(Serialize)]
struct HomeBody {
    models: Vec<ModelGroup>,
}

#[derive(Serialize)]
struct ModelGroup {
    name: String,
    href: String,
    hardware: Vec<HardwareGroup>,
}

#[derive(Serialize)]
struct HardwareGroup {
    name: String,
    vendor: String,
    hubs: Vec<Link>,
}

fn home(site: &Site, renderer: &Renderer, view: &SiteView) -> Result<OutputFile> {
    let models = site
        .catalog
        .models
        .iter()
        .filter_map(|m| {
            let hardware: Vec<HardwareGroup> = site
                .catalog
                .hardware
                .iter()
                .filter_map(|h| {
                    let hubs: Vec<Link> = hubs_of(site)
                        .filter(|p| p.subject.model == m.id && p.subject.hardware[0] == h.id)
                        .map(|p| {
                            Link::new(
                                format!(
                                    "{} {}",
                                    p.subject.precision[0].as_str().to_uppercase(),
                                    p.sequence.label()
                                ),
                                p.path(),
                            )
                        })
                        .collect();
                    (!hubs.is_empty()).then(|| HardwareGroup {
                        name: h.name.clone(),
                        vendor: h.vendor.clone(),
                        hubs,
                    })
                })
                .collect();
            (!hardware.is_empty()).then(|| ModelGroup {
                name: m.name.clone(),
                href: format!("/{}/", m.id),
                hardware,
            })
        })
        .collect();
    let meta = Meta::new(
        &site.config,
        site.config.title.clone(),
        site.config.description.clone(),
        "/",
        "/",
    );
    page(renderer, "home.html", view, meta, HomeBody { models })
}

fn hubs_of(site: &Site) -> impl Iterator<Item = &PagePlan> {
    site.plan
        .pages
        .iter()
        .filter(|p| p.subject.family == Family::Hub)
}

fn not_found(site: &Site, renderer: &Renderer, view: &SiteView) -> Result<OutputFile> {
    let meta = Meta::new(
        &site.config,
        "Page not found".into(),
        "This page does not exist.".into(),
        "/404/",
        "/404.html",
    );
    let html = renderer.render(
        "404.html",
        &PageView {
            site: view,
            meta,
            page: (),
        },
    )?;
    Ok(OutputFile::new("404.html", output::minify(&html)))
}

/// Every indexable page (all `index.html` files), sorted.
fn sitemap(site: &Site, files: &[OutputFile]) -> OutputFile {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for f in files.iter().filter(|f| f.path.ends_with("index.html")) {
        let path = f.path.trim_end_matches("index.html");
        xml.push_str(&format!(
            "<url><loc>{}/{}</loc></url>\n",
            site.config.base_url,
            escape_xml(path)
        ));
    }
    xml.push_str("</urlset>\n");
    OutputFile::new("sitemap.xml", xml)
}

fn robots(site: &Site) -> OutputFile {
    OutputFile::new(
        "robots.txt",
        format!(
            "User-agent: *\nAllow: /\n\nSitemap: {}/sitemap.xml\n",
            site.config.base_url
        ),
    )
}

fn escape_xml(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
