//! The whole pipeline, end to end: load → validate → plan → compute → render → write.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::catalog::Catalog;
use crate::config::SiteConfig;
use crate::dataset::Dataset;
use crate::error::{Diagnostic, Error, Result};
use crate::load::{self, Limits};
use crate::output::{self, OutputFile};
use crate::pages;
use crate::plan::{self, SitePlan};
use crate::render::Renderer;
use crate::validate;

/// Options of `benchsite build`.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Output folder; `<root>/public` when not given.
    pub out: Option<PathBuf>,
    pub base_url: Option<String>,
}

/// A loaded, validated and planned site, ready to render.
#[derive(Debug)]
pub struct Site {
    pub root: PathBuf,
    pub config: SiteConfig,
    pub catalog: Catalog,
    pub data: Dataset,
    pub plan: SitePlan,
}

/// What a build did, for its summary line.
#[derive(Debug, Clone)]
pub struct Summary {
    pub records_read: usize,
    pub configurations: usize,
    pub superseded: usize,
    pub pages: usize,
    pub files: usize,
    pub bytes: u64,
    pub elapsed: Duration,
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} records read, {} configurations kept, {} superseded; {} pages, {} files, {:.1} MB in {:.2} s",
            self.records_read,
            self.configurations,
            self.superseded,
            self.pages,
            self.files,
            self.bytes as f64 / 1e6,
            self.elapsed.as_secs_f64()
        )
    }
}

impl Site {
    /// Loads and checks every input under `root`; all problems are reported together.
    pub fn load(root: &Path) -> Result<Site> {
        let mut problems: Vec<Diagnostic> = Vec::new();
        let config = read(root, "site.yaml")
            .and_then(|(text, file)| SiteConfig::parse(&text, &file))
            .map_err(|d| problems.push(d))
            .ok();
        let catalog = match load_catalog(root) {
            Ok((catalog, mut entry_problems)) => {
                problems.append(&mut entry_problems);
                Some(catalog)
            }
            Err(mut unreadable) => {
                problems.append(&mut unreadable);
                None
            }
        };
        let files = load::result_files(&root.join("data/results")).map_err(|d| problems.push(d));
        let (loaded, mut load_problems) =
            load::load_results(files.unwrap_or_default(), Limits::default());
        problems.append(&mut load_problems);
        let (records, mut invalid) = match &catalog {
            Some(c) => validate::validate(&loaded, c),
            None => (Vec::new(), Vec::new()),
        };
        problems.append(&mut invalid);
        match (config, catalog) {
            (Some(config), Some(catalog)) if problems.is_empty() => {
                let data = Dataset::new(records);
                let plan = plan::plan(&data, &catalog);
                Ok(Site {
                    root: root.to_path_buf(),
                    config,
                    catalog,
                    data,
                    plan,
                })
            }
            _ => Err(Error::Invalid(relative(problems, root))),
        }
    }
}

/// Builds the site into the output folder; on any error nothing is written.
pub fn build(options: &BuildOptions) -> Result<Summary> {
    let started = Instant::now();
    let mut site = Site::load(&options.root)?;
    if let Some(url) = &options.base_url {
        site.config.base_url = crate::config::normalize_base_url(url).ok_or_else(|| {
            Error::Invalid(vec![
                Diagnostic::new("--base-url", "must be an absolute http(s) URL").value(url.clone()),
            ])
        })?;
    }
    let files = render(&site)?;
    let out = options
        .out
        .clone()
        .unwrap_or_else(|| options.root.join("public"));
    output::write_site(&out, &files)?;
    Ok(Summary {
        records_read: site.data.read,
        configurations: site.data.records.len(),
        superseded: site.data.superseded,
        pages: files.iter().filter(|f| f.path.ends_with(".html")).count(),
        files: files.len(),
        bytes: files.iter().map(|f| f.bytes.len() as u64).sum(),
        elapsed: started.elapsed(),
    })
}

/// Renders every file of the site in memory.
pub fn render(site: &Site) -> Result<Vec<OutputFile>> {
    let renderer = Renderer::load(&site.root.join("templates"))?;
    pages::render_all(site, &renderer)
}

fn read(root: &Path, name: &str) -> std::result::Result<(String, PathBuf), Diagnostic> {
    let path = root.join(name);
    std::fs::read_to_string(&path)
        .map(|text| (text, path.clone()))
        .map_err(|e| Diagnostic::new(&path, format!("cannot read: {e}")))
}

fn load_catalog(root: &Path) -> std::result::Result<(Catalog, Vec<Diagnostic>), Vec<Diagnostic>> {
    let hw = read(root, "data/hardware.yaml");
    let md = read(root, "data/models.yaml");
    match (hw, md) {
        (Ok(hw), Ok(md)) => Catalog::load((&hw.0, &hw.1), (&md.0, &md.1)),
        (hw, md) => Err(hw.err().into_iter().chain(md.err()).collect()),
    }
}

/// Shows paths relative to the site root, as an editor knows them.
fn relative(mut problems: Vec<Diagnostic>, root: &Path) -> Vec<Diagnostic> {
    for p in &mut problems {
        if let Ok(rel) = p.file.strip_prefix(root) {
            p.file = rel.to_path_buf();
        }
    }
    problems
}
