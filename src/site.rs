//! The whole pipeline, end to end: load → validate → plan → compute → render → write.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;

use crate::catalog::Catalog;
use crate::config::SiteConfig;
use crate::content::{self, Attached};
use crate::dataset::Dataset;
use crate::error::{Diagnostic, Error, Result};
use crate::load::{self, Limits};
use crate::output::{Memory, OutputFile, Staging};
use crate::pages;
use crate::plan::{self, Family, SitePlan};
use crate::progress::Progress;
use crate::record::Record;
use crate::render::Renderer;
use crate::types::ModelId;
use crate::validate;

/// Options of `benchsite build`.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Output folder; `<root>/public` when not given.
    pub out: Option<PathBuf>,
    pub base_url: Option<String>,
    /// Include Markdown marked `draft: true`.
    pub drafts: bool,
    /// Also write `.gz` and `.br` siblings of text files, for CDNs that serve them.
    pub precompress: bool,
    /// Draw a progress bar on stderr if the build takes over a second (stderr is a terminal).
    pub progress: bool,
}

/// A loaded, validated and planned site, ready to render.
#[derive(Debug)]
pub struct Site {
    pub root: PathBuf,
    pub config: SiteConfig,
    pub catalog: Catalog,
    pub data: Dataset,
    pub plan: SitePlan,
    /// Editors' Markdown, attached to generated pages or standing alone.
    pub content: Attached,
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
    /// Loads and checks every input under `root` (drafts left out); all problems are reported
    /// together.
    pub fn load(root: &Path) -> Result<Site> {
        Site::load_with(root, false)
    }

    /// [`Site::load`], with or without Markdown drafts.
    pub fn load_with(root: &Path, drafts: bool) -> Result<Site> {
        crate::init::ensure_site(root)?;
        let mut problems: Vec<Diagnostic> = Vec::new();
        let config = read(root, "site.yaml")
            .and_then(|(text, file)| SiteConfig::parse(&text, &file))
            .map_err(|d| problems.push(d))
            .ok();
        let catalog = load_catalog(root)
            .map(|(catalog, mut entry_problems)| {
                problems.append(&mut entry_problems);
                catalog
            })
            .map_err(|mut unreadable| problems.append(&mut unreadable))
            .ok();
        let limits = config.as_ref().map_or_else(Limits::default, |c| Limits {
            max_file_bytes: c.max_result_file_mb.saturating_mul(1024 * 1024),
        });
        let records = load_records(root, catalog.as_ref(), limits, &mut problems);
        let (markdown, mut content_problems) = content::load_content(&root.join("content"), drafts);
        problems.append(&mut content_problems);
        let (Some(config), Some(catalog)) = (config, catalog) else {
            return Err(Error::Invalid(relative(problems, root)));
        };
        let data = Dataset::new(records);
        let plan = plan::plan(&data, &catalog);
        let content = content::attach(
            markdown,
            &generated_paths(&plan, &catalog),
            &comparison_bases(&plan),
        )
        .map_err(|mut d| problems.append(&mut d))
        .unwrap_or_default();
        if !problems.is_empty() {
            return Err(Error::Invalid(relative(problems, root)));
        }
        Ok(Site {
            root: root.to_path_buf(),
            config,
            catalog,
            data,
            plan,
            content,
        })
    }
}

/// Reads and validates every result file, several at a time; without a catalog the records
/// cannot be checked, so none are kept (the catalog's own problems are already reported).
/// Each file's loosely typed fields are dropped as soon as the file is validated, so only a
/// few files' worth are ever in memory. Records and problems keep the sorted file order.
fn load_records(
    root: &Path,
    catalog: Option<&Catalog>,
    limits: Limits,
    problems: &mut Vec<Diagnostic>,
) -> Vec<Record> {
    let files = load::result_files(&root.join("data/results"))
        .map_err(|d| problems.push(d))
        .unwrap_or_default();
    let per_file: Vec<(Vec<Record>, Vec<Diagnostic>)> = files
        .par_iter()
        .enumerate()
        .map(|(i, path)| match load::read_result_file(path, i, limits) {
            Err(unreadable) => (Vec::new(), unreadable),
            Ok(raws) => {
                catalog.map_or_else(Default::default, |c| validate::validate(path, &raws, c))
            }
        })
        .collect();
    let mut records = Vec::with_capacity(per_file.iter().map(|(r, _)| r.len()).sum());
    for (mut good, mut bad) in per_file {
        records.append(&mut good);
        problems.append(&mut bad);
    }
    records
}

/// Builds the site into the output folder; on any error nothing is written.
pub fn build(options: &BuildOptions) -> Result<Summary> {
    let started = Instant::now();
    let mut site = Site::load_with(&options.root, options.drafts)?;
    if let Some(url) = &options.base_url {
        site.config.base_url = crate::config::base_url_flag(url)?;
    }
    let progress = Progress::new(site.plan.pages.len(), options.progress);
    let out = options
        .out
        .clone()
        .unwrap_or_else(|| options.root.join("public"));
    let staging = Staging::new(&out, options.precompress)?;
    let renderer = Renderer::load(&site.root.join("templates"))?;
    pages::render_all(&site, &renderer, &progress, &staging)?;
    let written = staging.commit()?;
    Ok(Summary {
        records_read: site.data.read,
        configurations: site.data.records.len(),
        superseded: site.data.superseded,
        pages: written.pages,
        files: written.files,
        bytes: written.bytes,
        elapsed: started.elapsed(),
    })
}

/// `benchsite check`: loads, validates and renders everything without writing, then checks
/// every internal link and anchor. Broken links are input problems (exit status 1).
pub fn check(root: &Path, drafts: bool) -> Result<String> {
    let site = Site::load_with(root, drafts)?;
    let files = render(&site)?;
    let broken = crate::links::check_links(&files);
    if !broken.is_empty() {
        let problems = crate::commentary_links::diagnostics(&broken, &site.content, root);
        return Err(Error::Invalid(problems));
    }
    let pages = files.iter().filter(|f| f.path.ends_with(".html")).count();
    Ok(format!(
        "{pages} pages and {} files rendered; every internal link and anchor resolves",
        files.len()
    ))
}

/// Renders every file of the site in memory, sorted by path.
pub fn render(site: &Site) -> Result<Vec<OutputFile>> {
    let renderer = Renderer::load(&site.root.join("templates"))?;
    let memory = Memory::default();
    pages::render_all(site, &renderer, &Progress::hidden(), &memory)?;
    Ok(memory.into_files())
}

/// Every page the site generates, by URL path: what commentary can attach to.
fn generated_paths(plan: &SitePlan, catalog: &Catalog) -> BTreeSet<String> {
    let mut paths: BTreeSet<String> = plan.pages.iter().map(|p| p.path()).collect();
    paths.extend(plan.defaults.keys().map(|s| s.base_path()));
    paths.insert("/".to_string());
    paths.extend(Family::COMPARISONS.iter().map(|f| format!("/{}/", f.dir())));
    let with_data: BTreeSet<&ModelId> = plan.pages.iter().map(|p| &p.subject.model).collect();
    paths.extend(
        catalog
            .models
            .iter()
            .filter(|m| with_data.contains(&m.id))
            .map(|m| format!("/{}/", m.id)),
    );
    paths
}

/// Each comparison's sequence-less path → its pages at every sequence.
fn comparison_bases(plan: &SitePlan) -> BTreeMap<String, Vec<String>> {
    let mut bases: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for page in plan.comparisons() {
        bases
            .entry(page.subject.base_path())
            .or_default()
            .push(page.path());
    }
    bases
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
