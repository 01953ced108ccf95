//! The static files, their scripts and stylesheets minified and written under fingerprinted
//! names, and the site-wide view that names them.

use crate::error::Result;
use crate::output::{OutputFile, Sink};
use crate::plan::urls;
use crate::render::views::{Link, ScriptSource, SearchAssets, SiteView};
use crate::render::{labels, minify};
use crate::search;
use crate::site::Site;

/// The pinned full ECharts build on the CDN (`echarts: cdn`, SPEC §6).
const ECHARTS_CDN: &str = "https://cdn.jsdelivr.net/npm/echarts@6.1.0/dist/echarts.min.js";
const ECHARTS_SRI: &str = "sha384-C2iskrW/uPW46KzOjrvJIQo4YkV8lkD+QS0CrDN18IIPIpT/g2USu8bTP3nvmIAD";

/// Copies `static/`, fingerprinting CSS and JS so a CDN can cache them forever, the
/// self-hosted ECharts file if there is one, and (with `search`) `search.js` and Pagefind's
/// Component UI; returns what every page links to.
pub(super) fn write(site: &Site, sink: &dyn Sink, search: bool) -> Result<SiteView> {
    let (mut css, mut chart_js) = (String::new(), String::new());
    let (mut ranking_js, mut favicon, mut favicon_ico) =
        (String::new(), String::new(), String::new());
    let mut search_js = String::new();
    let mut reader_js = String::new();
    let mut speed_js = String::new();
    let mut spline_js = String::new();
    for asset in &site.assets.files {
        let name = asset.name.as_str();
        if name == "search.js" && !search {
            continue; // no page has a search box to load it
        }
        let bytes = minified(name, &asset.bytes);
        let file = if name.ends_with(".css") || name.ends_with(".js") {
            urls::fingerprinted(name, &bytes)
        } else {
            name.to_string()
        };
        match name {
            "style.css" => css = urls::root_file(&file),
            "chart.js" => chart_js = urls::root_file(&file),
            "ranking.js" => ranking_js = urls::root_file(&file),
            "reader.js" => reader_js = urls::root_file(&file),
            "speed.js" => speed_js = urls::root_file(&file),
            "spline.js" => spline_js = urls::root_file(&file),
            "favicon.svg" => favicon = urls::root_file(&file),
            "favicon.ico" => favicon_ico = urls::root_file(&file),
            "search.js" => search_js = urls::root_file(&file),
            _ => {}
        }
        sink.put(OutputFile::new(file, bytes))?;
    }
    Ok(SiteView {
        title: site.config.title.clone(),
        base_url: site.config.base_url.clone(),
        description: site.config.description.clone(),
        css,
        chart_js,
        ranking_js,
        reader_js,
        speed_js,
        spline_js,
        favicon,
        favicon_ico,
        echarts: echarts(site, sink)?,
        // Empty without `search` (the script is not copied) or without `static/search.js`.
        search: match search_js.is_empty() {
            false => Some(search_assets(search_js, sink)?),
            true => None,
        },
        pages: (site.nav_pages().into_iter())
            .map(|c| Link::new(labels::nav_label(&c.url_path), c.url_path.clone()))
            .collect(),
        methodology: site.has_methodology(),
    })
}

/// A stylesheet or script of `static/` minified (one already minified, `*.min.js`, and one
/// the minifier cannot read, as it is); any other file as it is.
fn minified(name: &str, bytes: &[u8]) -> Vec<u8> {
    let smaller = match name.rsplit_once('.').map(|(_, ext)| ext) {
        Some("js") if !name.ends_with(".min.js") => minify::script(bytes),
        Some("css") => minify::stylesheet(bytes),
        _ => None,
    };
    smaller.unwrap_or_else(|| bytes.to_vec())
}

/// The search box's files. A site without `static/search.js` (one made before search existed)
/// builds its index but shows no box.
fn search_assets(script: String, sink: &dyn Sink) -> Result<SearchAssets> {
    let (ui_js, ui_css) = search::ui_files(sink)?;
    Ok(SearchAssets {
        script,
        ui_js,
        ui_css,
    })
}

/// ECharts 6.1.0, self-hosted under a fingerprinted name (the trimmed build by default, or the
/// file `echarts:` names), or with `echarts: cdn` from the pinned CDN URL with its SRI hash.
fn echarts(site: &Site, sink: &dyn Sink) -> Result<ScriptSource> {
    let Some(bytes) = &site.assets.echarts else {
        return Ok(ScriptSource {
            src: ECHARTS_CDN.to_string(),
            integrity: ECHARTS_SRI.to_string(),
        });
    };
    let file = urls::fingerprinted("echarts.min.js", bytes);
    sink.put(OutputFile::new(file.clone(), bytes.to_vec()))?;
    Ok(ScriptSource {
        src: urls::root_file(&file),
        integrity: String::new(),
    })
}
