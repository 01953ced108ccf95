//! Files copied into the site as they are: everything under `static/`, and the ECharts
//! build that `site.yaml` may point at. Read here, so a missing file is an input problem
//! reported with the others, never a failure halfway through rendering.

use std::path::{Path, PathBuf};

use crate::error::Diagnostic;

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
    /// The self-hosted ECharts build (`echarts:` in `site.yaml`); `None` loads it from the CDN.
    pub echarts: Option<Vec<u8>>,
}

impl Assets {
    /// Reads `static/` under `root` and, when `site.yaml` names one, the ECharts file.
    pub fn read(root: &Path, echarts: Option<&Path>) -> Result<Assets, Vec<Diagnostic>> {
        let files = read_static(&root.join("static"));
        let echarts = echarts.map(|local| read_echarts(root, local)).transpose();
        match (files, echarts) {
            (Ok(files), Ok(echarts)) => Ok(Assets { files, echarts }),
            (files, echarts) => Err(files.err().into_iter().chain(echarts.err()).collect()),
        }
    }
}

fn read_static(dir: &Path) -> Result<Vec<Asset>, Diagnostic> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(dir).to_path_buf();
            unreadable(&path, e)
        })?;
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
        Diagnostic::new(root.join("site.yaml"), format!("cannot read the ECharts file: {e}"))
            .field("echarts")
            .value(format!("{:?}", local.display().to_string()))
            .help("run `npm install echarts@6.1.0` and point `echarts:` at node_modules/echarts/dist/echarts.min.js")
    })
}

fn unreadable(path: &Path, e: impl std::fmt::Display) -> Diagnostic {
    Diagnostic::new(PathBuf::from(path), format!("cannot read: {e}"))
}
