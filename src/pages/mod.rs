//! Assembles every output file: assets, data pages with their downloads, index pages, 404,
//! `robots.txt` and `sitemap.xml`. Each page kind has one function that builds its view and
//! renders its template.

mod data;
mod index;
mod names;
mod sitemap;
mod table_rows;

use rayon::prelude::*;
use serde::Serialize;

use crate::chart::ChartRows;
use crate::error::{Diagnostic, Error, Result};
use crate::output::{self, OutputFile, Sink};
use crate::progress::Progress;
use crate::render::Renderer;
use crate::render::views::{Meta, PageView, ScriptSource, SiteView};
use crate::site::Site;
use table_rows::TableRows;

/// Renders the whole site in memory, sorted by path.
pub fn render_all(
    site: &Site,
    renderer: &Renderer,
    progress: &Progress,
    sink: &dyn Sink,
) -> Result<()> {
    let view = assets(site, sink)?;
    let chart_rows = ChartRows::new(&site.data.records, &site.catalog);
    let table_rows = TableRows::render(site, renderer)?;
    let ctx = Ctx {
        site,
        renderer,
        view: &view,
        chart_rows: &chart_rows,
        table_rows: &table_rows,
    };
    // Each page goes to the sink as soon as it is rendered, so memory stays flat however
    // large the site. The index pages are rendered alongside, not after, the data pages.
    let (data_pages, index_pages) = rayon::join(
        || {
            site.plan.pages.par_iter().try_for_each(|p| {
                data::render(&ctx, p)?
                    .into_iter()
                    .try_for_each(|f| sink.put(f))?;
                progress.inc();
                Ok::<(), Error>(())
            })
        },
        || {
            index::render(&ctx)?
                .into_iter()
                .try_for_each(|f| sink.put(f))
        },
    );
    data_pages?;
    index_pages?;
    progress.finish();
    for file in sitemap::sitemaps(site, &sink.pages()) {
        sink.put(file)?;
    }
    sink.put(robots(site))
}

/// What every page function needs.
struct Ctx<'a> {
    site: &'a Site,
    renderer: &'a Renderer,
    view: &'a SiteView,
    /// Every record's chart row, rendered once.
    chart_rows: &'a ChartRows<'a>,
    /// Every record's measured-points table row, rendered once.
    table_rows: &'a TableRows,
}

impl Ctx<'_> {
    /// Renders `template` with `body` and writes it, minified, at `meta.path`.
    fn page(&self, template: &str, meta: Meta, body: impl Serialize) -> Result<OutputFile> {
        let path = meta.path.clone();
        let commentary = self
            .site
            .content
            .commentary
            .get(&path)
            .map_or(&[][..], Vec::as_slice);
        let view = PageView {
            site: self.view,
            meta,
            page: body,
            commentary,
        };
        let html = self.renderer.render(template, &view)?;
        Ok(OutputFile::new(page_file(&path), html))
    }

    fn meta(&self, title: String, description: String, path: &str, canonical: &str) -> Meta {
        Meta::new(&self.site.config, title, description, path, canonical)
    }
}

/// `/a/b/` → `a/b/index.html`.
fn page_file(url_path: &str) -> String {
    format!("{}index.html", url_path.trim_start_matches('/'))
}

/// Copies `static/`, fingerprinting CSS and JS so a CDN can cache them forever.
fn assets(site: &Site, sink: &dyn Sink) -> Result<SiteView> {
    let dir = site.root.join("static");
    let mut files = Vec::new();
    let (mut css, mut chart_js) = (String::new(), String::new());
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
        match rel.as_str() {
            "style.css" => css = format!("/{path}"),
            "chart.js" => chart_js = format!("/{path}"),
            _ => {}
        }
        files.push(OutputFile::new(path, bytes));
    }
    let echarts = echarts_source(site, &mut files)?;
    let view = SiteView {
        title: site.config.title.clone(),
        base_url: site.config.base_url.clone(),
        description: site.config.description.clone(),
        css,
        chart_js,
        echarts,
    };
    files.into_iter().try_for_each(|f| sink.put(f))?;
    Ok(view)
}

/// ECharts 6.1.0 from the pinned CDN URL with its SRI hash, or — with `echarts:` in
/// `site.yaml` — a local copy, copied into the site under a fingerprinted name.
fn echarts_source(site: &Site, files: &mut Vec<OutputFile>) -> Result<ScriptSource> {
    let Some(local) = &site.config.echarts else {
        return Ok(ScriptSource {
            src: ECHARTS_CDN.to_string(),
            integrity: Some(ECHARTS_SRI.to_string()),
        });
    };
    let path = site.root.join(local);
    let bytes = std::fs::read(&path).map_err(|e| {
        Error::Invalid(vec![
            Diagnostic::new(site.root.join("site.yaml"), format!("cannot read the ECharts file: {e}"))
                .field("echarts")
                .value(format!("{:?}", local.display().to_string()))
                .help("run `npm install echarts@6.1.0` and point `echarts:` at node_modules/echarts/dist/echarts.min.js"),
        ])
    })?;
    let name = output::fingerprinted("echarts.min.js", &bytes);
    files.push(OutputFile::new(name.clone(), bytes));
    Ok(ScriptSource {
        src: format!("/{name}"),
        integrity: None,
    })
}

/// The pinned ECharts build (SPEC §6).
const ECHARTS_CDN: &str = "https://cdn.jsdelivr.net/npm/echarts@6.1.0/dist/echarts.min.js";
const ECHARTS_SRI: &str = "sha384-C2iskrW/uPW46KzOjrvJIQo4YkV8lkD+QS0CrDN18IIPIpT/g2USu8bTP3nvmIAD";

fn robots(site: &Site) -> OutputFile {
    OutputFile::new(
        "robots.txt",
        format!(
            "User-agent: *\nAllow: /\n\nSitemap: {}/sitemap.xml\n",
            site.config.base_url
        ),
    )
}
