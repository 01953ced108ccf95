//! Stage 1, input: read and check everything the site is built from — `site.yaml`, the
//! catalogs, every result file, editors' Markdown, templates and static files. Every problem
//! in the inputs is found here and reported together (a [`Diagnostic`] each), so an editor
//! fixes a whole batch in one go and no later stage meets bad input.

pub mod assets;
pub mod catalog;
pub mod config;
pub mod content;
pub mod dataset;
pub mod hints;
pub mod known;
pub mod parser_wording;
pub mod record;
pub mod results;
pub mod runs;
pub mod templates;
pub mod text;
pub mod validate;
pub mod yaml;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::{Diagnostic, Error, Result};
use assets::Assets;
use catalog::Catalog;
use config::SiteConfig;
use content::ContentFile;
use dataset::Dataset;
use known::{CheckingContext, KnownResults, ResultKey};
use record::Record;
use results::Limits;
use runs::{Run, RunBlock, Sidecar};
use templates::Templates;

/// Walks the input folder `dir` in file-name order, following symbolic links: a result
/// file, template or static file linked in from elsewhere (a data checkout shared between
/// sites, say) is an input like any other, and a link that leads nowhere or back into its
/// own folder is an error naming it, not a file silently left out.
pub fn walk(dir: &Path) -> walkdir::WalkDir {
    walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
}

/// What is wrong with an entry [`walk`] could not read, named by its path: a link that
/// leads nowhere or into a folder that holds it, or the error the system gave.
pub fn walk_problem(dir: &Path, e: walkdir::Error) -> Diagnostic {
    let path = e.path().unwrap_or(dir).to_path_buf();
    let message = if let Some(ancestor) = e.loop_ancestor() {
        format!(
            "a symbolic link to `{}`, a folder that holds it: following it would never end",
            ancestor.display()
        )
    } else {
        match std::fs::read_link(&path) {
            Ok(to) if !path.exists() => {
                format!(
                    "a symbolic link to `{}`, which does not exist",
                    to.display()
                )
            }
            _ => match e.io_error() {
                Some(io) => format!("cannot read: {io}"),
                None => format!("cannot read: {e}"),
            },
        }
    };
    Diagnostic::new(path, message)
}

/// Everything read from a site folder, checked.
#[derive(Debug)]
pub struct Inputs {
    pub root: PathBuf,
    pub config: SiteConfig,
    pub catalog: Catalog,
    /// Every record, with the run it came from, and the newest-wins snapshot.
    pub data: Dataset,
    /// Editors' Markdown, in path order (drafts left out unless asked for).
    pub content: Vec<ContentFile>,
    pub templates: Templates,
    pub assets: Assets,
    /// Whether every result file was read and every record checked without a problem. Where
    /// not, pages may be missing for want of their records, so commentary is not matched
    /// against the pages (every note on such a page would be reported as misplaced).
    pub records_whole: bool,
}

/// Reads and checks every input under `root`.
///
/// Without a usable `site.yaml`, catalogs, templates and static files nothing else can be
/// checked, so that is an error at once (result files are then read for the problems of the
/// files themselves, their records not checked). Otherwise the problems found in result files and
/// Markdown come back beside the inputs (bad records and files left out), so that the build
/// can add what planning finds (commentary at a mistyped path) and report all of it together.
///
/// A result file `known` holds is not parsed and checked again (see [`known`]); every file
/// read without problems is noted there.
pub fn load(
    root: &Path,
    drafts: bool,
    known: Option<&dyn KnownResults>,
) -> Result<(Inputs, Vec<Diagnostic>)> {
    let mut problems: Vec<Diagnostic> = Vec::new();
    let config = read(root, "site.yaml")
        .and_then(|(text, file)| SiteConfig::parse(&text, &file))
        .map_err(|d| problems.push(d))
        .ok();
    let limits = config.as_ref().map_or_else(Limits::default, |c| Limits {
        max_file_bytes: c.max_result_file_mb.saturating_mul(1024 * 1024),
    });
    let catalog = load_catalog(root, limits)
        .map(|(catalog, context, mut entry_problems)| {
            let sound = entry_problems.is_empty();
            problems.append(&mut entry_problems);
            (catalog, context, sound)
        })
        .map_err(|mut unreadable| problems.append(&mut unreadable))
        .ok();
    let templates = Templates::read(&root.join("templates"))
        .map_err(|mut unreadable| problems.append(&mut unreadable))
        .ok();
    let assets = config.as_ref().and_then(|c| {
        Assets::read(root, &c.echarts)
            .map_err(|mut d| problems.append(&mut d))
            .ok()
    });
    // Records are checked against a sound catalog only: with one entry refused, every record
    // of that accelerator or model would be reported too, hundreds of problems behind one.
    let checking = catalog
        .as_ref()
        .filter(|(_, _, sound)| *sound)
        .map(|(catalog, context, _)| Checking {
            catalog,
            limits,
            known: known.map(|k| (k, *context)),
        });
    let before = problems.len();
    let (runs, records) = load_records(root, checking.as_ref(), limits, &mut problems);
    let records_whole = checking.is_some() && problems.len() == before;
    let catalog = catalog.map(|(catalog, _, _)| catalog);
    let (content, mut content_problems) = content::load_content(&root.join("content"), drafts);
    problems.append(&mut content_problems);
    if let Some(t) = &templates {
        problems.extend(t.syntax_problems(&root.join("templates")));
        problems.extend(content.iter().filter_map(|f| missing_template(f, t)));
    }
    if let (Some(t), Some(a)) = (&templates, &assets) {
        problems.extend(assets::missing(root, t, a));
    }
    let (Some(config), Some(catalog), Some(templates), Some(assets)) =
        (config, catalog, templates, assets)
    else {
        return Err(Error::Invalid(relative(problems, root)));
    };
    let inputs = Inputs {
        root: root.to_path_buf(),
        data: Dataset::from_files(runs, records),
        config,
        catalog,
        content,
        templates,
        assets,
        records_whole,
    };
    Ok((inputs, problems))
}

/// How result files are checked: against the catalog, within the size limit, taking what is
/// known from an earlier build.
struct Checking<'a> {
    catalog: &'a Catalog,
    limits: Limits,
    known: Option<(&'a dyn KnownResults, CheckingContext)>,
}

/// Reads and validates every result file, several at a time; without a catalog (`checking`)
/// the records cannot be checked, so none are kept (the catalog's own problems are already
/// reported). Each file's loosely typed fields are dropped as soon as the file is validated,
/// so only a few files' worth are ever in memory. Records (per file) and problems keep the
/// sorted file order; each file is a run, described by its `run:` block or else the
/// `run.yaml` beside it.
fn load_records(
    root: &Path,
    checking: Option<&Checking>,
    limits: Limits,
    problems: &mut Vec<Diagnostic>,
) -> (Vec<Run>, Vec<Vec<Record>>) {
    let dir = root.join("data/results");
    let (files, sidecar_files) = results::listing(&dir, problems);
    let sidecars = read_sidecars(&sidecar_files, &files, problems);
    // By folder: a site of thousands of runs has thousands of each, so no pairwise search.
    let by_folder: HashMap<&Path, &Sidecar> = sidecars
        .iter()
        .filter_map(|s| Some((s.path.parent()?, s)))
        .collect();
    let sidecar_of = |path: &Path| by_folder.get(path.parent()?).copied();
    // One file per rayon task: left to split the list itself, rayon hands each thread long
    // runs of files that no other thread can take over, and one thread was left parsing for
    // a tenth of a second after the other had finished (10k bench build).
    let per_file: Vec<(Run, Vec<Record>, Vec<Diagnostic>)> = files
        .par_iter()
        .with_max_len(1)
        .enumerate()
        .map(|(i, path)| {
            let sidecar = sidecar_of(path);
            let (block, good, bad) = match checking {
                Some(checking) => checking.read(path, i, sidecar),
                // Read all the same, to report what is wrong with the file itself.
                None => match results::read_result_run(path, i, limits) {
                    Ok((block, _)) => (block, Vec::new(), Vec::new()),
                    Err(unreadable) => (None, Vec::new(), unreadable),
                },
            };
            (Run::of(&dir, path).describe(block, sidecar), good, bad)
        })
        .collect();
    let mut records = Vec::with_capacity(per_file.len());
    let mut runs = Vec::with_capacity(per_file.len());
    for (run, good, mut bad) in per_file {
        runs.push(run);
        records.push(good);
        problems.append(&mut bad);
    }
    (runs, records)
}

impl Checking<'_> {
    /// Result file `path` (number `file`): its `run:` block, its good records and the problems
    /// of the others; the records are taken from `known` if it holds the file.
    fn read(
        &self,
        path: &Path,
        file: usize,
        sidecar: Option<&Sidecar>,
    ) -> (Option<RunBlock>, Vec<Record>, Vec<Diagnostic>) {
        let text = match results::read_result_text(path, self.limits) {
            Ok(text) => text,
            Err(unreadable) => return (None, Vec::new(), unreadable),
        };
        let known = self
            .known
            .map(|(known, context)| (known, ResultKey::of(context, path, &text, sidecar)));
        if let Some((known, key)) = known
            && let Some((block, mut records)) = known.get(key)
        {
            records.iter_mut().for_each(|r| r.source.file = file);
            known.note(key, &block, &records);
            return (block, records, Vec::new());
        }
        let (block, mut raws) = match results::parse_result_document(&text, path, file) {
            Ok(parsed) => parsed,
            Err(problems) => return (None, Vec::new(), problems),
        };
        drop(text);
        if let (None, Some(s)) = (&block, sidecar) {
            raws.iter_mut().for_each(|r| s.apply(r));
        }
        let (good, bad) = validate::validate(path, &raws, self.catalog);
        if let Some((known, key)) = known
            && bad.is_empty()
        {
            known.note(key, &block, &good);
        }
        (block, good, bad)
    }
}

/// Reads every `run.yaml`; one with no result file in its folder is an error.
fn read_sidecars(
    paths: &[PathBuf],
    files: &[PathBuf],
    problems: &mut Vec<Diagnostic>,
) -> Vec<Sidecar> {
    let folders: HashSet<Option<&Path>> = files.iter().map(|f| f.parent()).collect();
    let mut sidecars = Vec::new();
    for path in paths {
        if !folders.contains(&path.parent()) {
            problems.push(Sidecar::orphan(path));
            continue;
        }
        let text = match text::read(path) {
            Ok(text) => text,
            Err(d) => {
                problems.push(d);
                continue;
            }
        };
        match Sidecar::parse(&text, path) {
            Ok(s) => sidecars.push(s),
            Err(mut found) => problems.append(&mut found),
        }
    }
    sidecars
}

/// A content file whose front matter names a template `templates/` does not have.
fn missing_template(file: &ContentFile, templates: &Templates) -> Option<Diagnostic> {
    let template = file.front.template.as_deref()?;
    (!templates.has(template)).then(|| {
        Diagnostic::new(&file.source, "no such template in templates/")
            .at(file.front.template_at)
            .field("template")
            .value(format!("{template:?}"))
    })
}

fn read(root: &Path, name: &str) -> std::result::Result<(String, PathBuf), Diagnostic> {
    let path = root.join(name);
    text::read(&path).map(|text| (text, path.clone()))
}

/// The catalogs, and the [`CheckingContext`] of result files checked against them.
fn load_catalog(
    root: &Path,
    limits: Limits,
) -> std::result::Result<(Catalog, CheckingContext, Vec<Diagnostic>), Vec<Diagnostic>> {
    let hw = read(root, "data/hardware.yaml");
    let md = read(root, "data/models.yaml");
    match (hw, md) {
        (Ok(hw), Ok(md)) => {
            let context = CheckingContext::new(&[&hw.0, &md.0], limits.max_file_bytes);
            Catalog::load((&hw.0, &hw.1), (&md.0, &md.1))
                .map(|(catalog, problems)| (catalog, context, problems))
        }
        (hw, md) => Err(hw.err().into_iter().chain(md.err()).collect()),
    }
}

/// Shows paths relative to the site root, as an editor knows them.
pub fn relative(mut problems: Vec<Diagnostic>, root: &Path) -> Vec<Diagnostic> {
    for p in &mut problems {
        if let Ok(rel) = p.file.strip_prefix(root) {
            p.file = rel.to_path_buf();
        }
    }
    problems
}
