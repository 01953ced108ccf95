//! Files copied into the site as they are: everything under `static/`, and the ECharts
//! build: the trimmed one built into the binary, or one `site.yaml` points at. Read here, so a missing file is an input problem
//! reported with the others, never a failure halfway through rendering.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use crate::error::Diagnostic;
use crate::input::config::EchartsSource;
use crate::input::templates::Templates;

/// One file of `static/`, by its path relative to that folder (`style.css`).
#[derive(Debug, Clone)]
pub struct Asset {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// The site's static files.
#[derive(Debug, Clone, Default)]
pub struct Assets {
    /// `static/`, sorted by path.
    pub files: Vec<Asset>,
    /// The self-hosted ECharts build; `None` (`echarts: cdn`) loads it from the CDN.
    pub echarts: Option<Cow<'static, [u8]>>,
}

/// The trimmed ECharts 6.1.0 build (`vendor/echarts.min.js`, see vendor/README.md), built into
/// the binary so `benchsite build` self-hosts it anywhere, without npm.
pub const BUNDLED_ECHARTS: &[u8] = include_bytes!("../../vendor/echarts.min.js");

impl Assets {
    /// Reads `static/` under `root` and the ECharts build `site.yaml` asks for.
    pub fn read(root: &Path, echarts: &EchartsSource) -> Result<Assets, Vec<Diagnostic>> {
        let files = read_static(&root.join("static"));
        let echarts = match echarts {
            EchartsSource::Bundled => Ok(Some(Cow::Borrowed(BUNDLED_ECHARTS))),
            EchartsSource::Cdn => Ok(None),
            EchartsSource::File(local) => read_echarts(root, local).map(|b| Some(Cow::Owned(b))),
        };
        match (files, echarts) {
            (Ok(files), Ok(echarts)) => Ok(Assets { files, echarts }),
            (files, echarts) => Err(files.err().into_iter().chain(echarts.err()).collect()),
        }
    }
}

/// The site's own stylesheet and scripts, by the `site` field templates name them with. A
/// template that uses one whose file is missing would link `src=""`: a dead chart, an unstyled
/// site. (`search.js` and `favicon.svg` may be left out: the search box and the icon then
/// are.)
const NEEDED: &[(&str, &str)] = &[
    ("site.css", "style.css"),
    ("site.chart_js", "chart.js"),
    ("site.ranking_js", "ranking.js"),
    ("site.reader_js", "reader.js"),
    ("site.spline_js", "spline.js"),
];

/// A problem for each file of [`NEEDED`] that a template uses and `static/` under `root`
/// does not have, naming the first template that uses it.
pub fn missing(root: &Path, templates: &Templates, assets: &Assets) -> Vec<Diagnostic> {
    NEEDED
        .iter()
        .filter(|(_, file)| !assets.files.iter().any(|a| a.name == *file))
        .filter_map(|(field, file)| {
            let (user, _) = templates.sources.iter().find(|(_, t)| t.contains(field))?;
            Some(
                Diagnostic::new(
                    root.join("static").join(file),
                    format!("missing: templates/{user} loads it (`{field}`)"),
                )
                .help(format!(
                    "restore static/{file} (a new site made with `benchsite init` has it), \
                     or remove `{field}` from the templates"
                )),
            )
        })
        .collect()
}

fn read_static(dir: &Path) -> Result<Vec<Asset>, Diagnostic> {
    let mut files = Vec::new();
    for entry in super::walk(dir) {
        let entry = entry.map_err(|e| super::walk_problem(dir, e))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let bytes = std::fs::read(entry.path()).map_err(|e| unreadable(entry.path(), e))?;
        let name = entry
            .path()
            .strip_prefix(dir)
            .unwrap_or(entry.path())
            .to_string_lossy()
            .replace('\\', "/");
        files.push(Asset { name, bytes });
    }
    Ok(files)
}

fn read_echarts(root: &Path, local: &Path) -> Result<Vec<u8>, Diagnostic> {
    std::fs::read(root.join(local)).map_err(|e| {
        Diagnostic::new(
            root.join("site.yaml"),
            format!("cannot read the ECharts file: {e}"),
        )
        .field("echarts")
        .value(format!("{:?}", local.display().to_string()))
        .help("leave `echarts:` out to self-host the trimmed build, or write `echarts: cdn`")
    })
}

fn unreadable(path: &Path, e: impl std::fmt::Display) -> Diagnostic {
    Diagnostic::new(PathBuf::from(path), format!("cannot read: {e}"))
}
