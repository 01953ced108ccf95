//! The build driver: the one module that knows the order of the stages.
//!
//! ```text
//! input::load → plan::plan, plan::attach → compute::RecordFigures
//!   → compute::compute for every hub → compute::rankings
//!   → for each page: compute::compute (hubs: already done) → render::Pages::data_page → sink
//!     (in waves, one per part of the search index; search::Part::write indexes each part
//!     on the indexer's thread while the next wave renders)
//!   → render: index and ranking pages, the Atom feeds (from each page's history summary),
//!     sitemap, robots.txt → output::Staging::commit
//! ```
//!
//! Pages are computed and rendered in parallel and handed to the sink as soon as each is done,
//! so memory stays flat however large the site.

use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::error::{Error, Result};
use crate::incremental::cache::{self, Cache, Counts, PageKinds};
use crate::incremental::records::RecordCache;
use crate::incremental::shard::{self, Shard};
use crate::incremental::{Fingerprints, Settings, Stamp};
use crate::input;
use crate::input::config::{self, EchartsSource};
use crate::input::known::KnownResults;
use crate::output::destination::{self, Guarded};
use crate::output::{Changes, Listing, Memory, OldSite, OutputFile, Sink, Staging, Written};
use crate::plan::{self, Family, urls};
use crate::progress::Progress;
use crate::search::{self};
use crate::site::Site;
use crate::tools::{commentary_links, init, links};

mod share;
mod waves;
mod write;

pub use write::{Done, Work, write_site};

/// Options of `benchsite build`.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Output folder; `<root>/public` when not given (for a shard, `<root>/shard-I-of-N`).
    pub out: Option<PathBuf>,
    pub base_url: Option<String>,
    /// Include Markdown marked `draft: true`.
    pub drafts: bool,
    /// Also write `.gz` and `.br` siblings of text files, for CDNs that serve them.
    pub precompress: bool,
    /// Draw a progress bar on stderr if the build takes over a second (stderr is a terminal).
    pub progress: bool,
    /// Build the search index under `/pagefind/` (`--no-search` turns it off).
    pub search: bool,
    /// Data pages per part of the search index (`--search-part-size`).
    pub search_part_size: NonZeroUsize,
    /// Write the deploy list (output paths added, changed, removed) to this file as JSON.
    pub changes: Option<PathBuf>,
    /// The build cache's folder; `None` renders every page (`--no-cache`).
    pub cache: Option<PathBuf>,
    /// Build only this shard's data pages, for `merge`.
    pub shard: Option<Shard>,
}

/// The build cache's folder when `--cache` is not given.
pub const DEFAULT_CACHE: &str = ".benchsite-cache";

impl BuildOptions {
    fn settings(&self) -> Settings {
        Settings {
            base_url: self.base_url.clone(),
            drafts: self.drafts,
            search: self.search,
            search_part_size: self.search_part_size,
            precompress: self.precompress,
        }
    }

    fn out(&self) -> PathBuf {
        match (&self.out, self.shard) {
            (Some(out), _) => destination::followed(out),
            (None, Some(s)) => self.root.join(format!("shard-{}-of-{}", s.index, s.count)),
            (None, None) => self.root.join("public"),
        }
    }
}

/// What a build did, for its summary.
#[derive(Debug, Clone)]
pub struct Summary {
    /// Records, configurations, pages, files and bytes.
    pub counts: Counts,
    /// Data pages rendered, and taken over from the previous output or the shards.
    pub rendered: usize,
    pub reused: usize,
    /// Of how many result files, how many were known from the build cache's records (not
    /// parsed and checked again); `None` when the records were not looked up.
    pub known_results: Option<(usize, usize)>,
    /// Things the user should know that did not stop the build (a corrupt cache set aside).
    pub warnings: Vec<String>,
    pub elapsed: Duration,
}

impl std::fmt::Display for Summary {
    /// `1622 records read from 35 result files (35 known from the cache), 572 configurations
    /// kept, 1050 superseded; 332 pages, 803 files, 16.3 MB in 0.13 s; 138 data pages
    /// rendered, 0 reused` (singular where a count is 1), then on a line of its own the pages
    /// per family: `  pages: 39 hub, 5 spec-decode, …, 138 embed, 6 ranking, 50 other`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let c = &self.counts;
        write!(f, "{} read", count(c.records_read, "record"))?;
        if let Some((files, known)) = self.known_results {
            let files = count(files, "result file");
            write!(f, " from {files} ({known} known from the cache)")?;
        }
        write!(
            f,
            ", {} kept, {} superseded; {}, {}, {:.1} MB in {:.2} s; {} rendered, {} reused",
            count(c.configurations, "configuration"),
            c.superseded,
            count(c.pages, "page"),
            count(c.files, "file"),
            c.bytes as f64 / 1e6,
            self.elapsed.as_secs_f64(),
            count(self.rendered, "data page"),
            self.reused,
        )?;
        let kinds = &c.kinds;
        write!(f, "\n  pages: ")?;
        for (family, n) in Family::ALL.iter().zip(kinds.families) {
            write!(f, "{n} {}, ", family.key())?;
        }
        let listed = kinds.families.iter().sum::<usize>() + kinds.embeds + kinds.rankings;
        write!(
            f,
            "{} embed, {} ranking, {} other",
            kinds.embeds,
            kinds.rankings,
            c.pages.saturating_sub(listed)
        )
    }
}

/// The kinds of the pages a build wrote: its data pages' families (`data_pages`, indices into
/// the plan's pages), and among the files of `paths` the embeds and the rankings (not their
/// index, which counts with the other index pages).
fn page_kinds(
    plan: &plan::SitePlan,
    data_pages: impl Iterator<Item = usize>,
    paths: &[String],
) -> PageKinds {
    let mut kinds = PageKinds::default();
    for page in data_pages.filter_map(|i| plan.pages.get(i)) {
        let family = page.subject.family();
        if let Some(i) = Family::ALL.iter().position(|f| *f == family) {
            kinds.families[i] += 1;
        }
    }
    let embeds = format!("{}/", urls::EMBED_DIR);
    kinds.embeds = (paths.iter())
        .filter(|p| p.ends_with(".html") && p.starts_with(&embeds))
        .count();
    let rankings: std::collections::HashSet<String> = (plan.rankings.iter())
        .map(|r| urls::page_file(&r.path()))
        .collect();
    kinds.rankings = paths.iter().filter(|p| rankings.contains(*p)).count();
    kinds
}

/// `1 page`, `2 pages`.
fn count(n: usize, noun: &str) -> String {
    match n {
        1 => format!("1 {noun}"),
        n => format!("{n} {noun}s"),
    }
}

/// Input and plan: loads and checks every input under `root`, plans the pages and attaches
/// the commentary. Every problem found on the way is reported together.
pub fn load(root: &Path, drafts: bool) -> Result<Site> {
    load_known(root, drafts, None)
}

/// [`load`], taking the result files `known` holds from it rather than reading them again.
fn load_known(root: &Path, drafts: bool, known: Option<&dyn KnownResults>) -> Result<Site> {
    init::ensure_site(root)?;
    let (inputs, mut problems) = input::load(root, drafts, known)?;
    let plan = plan::plan(&inputs.data);
    let attached = if inputs.records_whole {
        plan::attach(&inputs.content, &plan, &inputs.catalog)
            .map_err(|mut d| problems.append(&mut d))
            .unwrap_or_default()
    } else {
        Default::default()
    };
    if !problems.is_empty() {
        return Err(Error::Invalid(input::relative(problems, root)));
    }
    Ok(Site::new(inputs, plan, attached))
}

/// [`load_known`] with the build settings applied.
fn load_with(root: &Path, settings: &Settings, known: Option<&dyn KnownResults>) -> Result<Site> {
    let mut site = load_known(root, settings.drafts, known)?;
    if let Some(url) = &settings.base_url {
        site.config.base_url = config::base_url_flag(url)?;
    }
    Ok(site)
}

/// Builds the site (or one shard of it) into the output folder, taking unchanged pages from
/// the previous output when there is a cache; on any error nothing is written.
pub fn build(options: &BuildOptions) -> Result<Summary> {
    let started = Instant::now();
    let settings = options.settings();
    let build_key = cache::build_key(&settings, options.shard);
    let out = options.out();
    check_destination(options, &out)?;
    let (cache, warning) = match &options.cache {
        Some(dir) => Cache::read(dir),
        None => (None, None),
    };
    let mut inputs = stamp_inputs(options, cache.as_ref());
    if let Some(cache) = &cache
        && cache.unchanged(&out, &build_key, &inputs)
    {
        return unchanged(cache, options.changes.as_deref(), started);
    }
    let deploy_list = deploy_list(options.changes.as_deref(), &out, cache.as_ref());
    let records = options.cache.as_deref().map(RecordCache::open);
    let known = records.as_ref().map(|r| r as &dyn KnownResults);
    // The spare is listed while the inputs load: the one is mostly the kernel's work, the
    // other the program's. Should loading fail, the staging folder becomes the spare again.
    let (staging, site) = rayon::join(
        || open_staging(options, &out),
        || load_with(&options.root, &settings, known),
    );
    let site = site?;
    let staging = staging?;
    let mut warnings: Vec<String> = warning.into_iter().collect();
    let known_results = records.as_ref().map(|r| (site.data.runs.len(), r.taken()));
    warnings.extend(records.map(save_records).unwrap_or_default());
    if let (Some(_), EchartsSource::File(file)) = (&options.cache, &site.config.echarts) {
        cache::add_input(&mut inputs, &options.root, file);
    }
    let fingerprints = Fingerprints::new(&site, &settings);
    let previous = cache.map(|c| c.previous(&out)).unwrap_or_default();
    let work = Work {
        search: settings.search_parts(),
        shard: options.shard,
        earlier: Some(&previous.pages),
        previous_search: Some((out.as_path(), &previous.search)),
        rankings: Some(&previous.rankings),
        fingerprints: Some(&fingerprints),
        merging: false,
    };
    let progress = Progress::new(site.plan.pages.len(), options.progress);
    let done = write_site(&site, &progress, &staging, &work)?;
    if let Some(shard) = options.shard {
        put_manifest(&staging, shard, &fingerprints, settings, &done)?;
    }
    let (mut summary, old, written) = finish(&site, staging, deploy_list, &done, started)?;
    // The new site is in place: from here on a failure is a warning, not an error.
    summary.warnings.extend(warnings);
    summary.known_results = known_results;
    let cache = options.cache.as_ref().map(|dir| {
        let cache = Cache {
            out,
            pages: done.records,
            search: done.search,
            rankings: done.rankings,
            build: build_key,
            inputs,
            outputs: Vec::new(),
            out_folder: written.folder,
            counts: summary.counts,
            data_pages: summary.rendered + summary.reused,
        };
        (cache, dir.as_path(), written.paths)
    });
    summary.warnings.extend(tidy_up(old, cache));
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// Refuses an output folder that would swallow the site's own folders, the build cache or
/// the deploy list, and a cache or deploy list among the site's inputs (see
/// [`destination::check`]).
fn check_destination(options: &BuildOptions, out: &Path) -> Result<()> {
    let folders = options
        .cache
        .iter()
        .map(|c| ("the build cache", c.as_path()))
        .collect();
    let guarded = Guarded {
        root: &options.root,
        folders,
        changes: options.changes.as_deref(),
        shard: options.shard.is_some(),
    };
    destination::check(out, &guarded)
}

/// The stamps of every input, for the build cache (none without one). Taken before anything
/// is read, so that an input edited during the build counts as changed next time.
fn stamp_inputs(options: &BuildOptions, cache: Option<&Cache>) -> Vec<Stamp> {
    match &options.cache {
        Some(_) => cache::input_stamps(
            &options.root,
            &cache.map(Cache::extra_inputs).unwrap_or_default(),
        ),
        None => Vec::new(),
    }
}

/// Writes the build cache's records of the result files read; what went wrong comes back as
/// warnings (the next build then reads every result file again).
fn save_records(records: RecordCache) -> Vec<String> {
    let mut warnings: Vec<String> = records.warning().into_iter().collect();
    if let Err(e) = records.write() {
        warnings.push(format!(
            "the build cache's records were not written ({e}); the next build reads every \
             result file"
        ));
    }
    warnings
}

/// A shard's manifest, which `merge` reads: its pages and what they were built from.
fn put_manifest(
    staging: &Staging,
    shard: Shard,
    fingerprints: &Fingerprints,
    settings: Settings,
    done: &Done,
) -> Result<()> {
    let manifest = shard::Manifest {
        shard,
        site: fingerprints.site,
        settings,
        pages: shard::portable(staging.dir(), &done.records)?,
    };
    staging.put(manifest.file()?)
}

/// The folder the build writes its site into. With a cache, it starts from the site the
/// previous build replaced, and the site this one replaces is kept for the next.
fn open_staging(options: &BuildOptions, out: &Path) -> Result<Staging> {
    match &options.cache {
        Some(_) => Staging::from_spare(out, options.precompress),
        None => Staging::new(out, options.precompress),
    }
}

/// After a commit: removes the old site and writes the cache (side by side); what fails is
/// reported as warnings, since the new site is already in place.
fn tidy_up(old: OldSite, cache: Option<(Cache, &Path, Vec<String>)>) -> Vec<String> {
    let write = || match cache {
        Some((cache, dir, paths)) => cache.write(dir, paths).err().map(|e| {
            format!("the build cache was not written ({e}); the next build renders every page")
        }),
        None => None,
    };
    let (removed, cached) = rayon::join(|| old.remove(), write);
    let removed = removed
        .err()
        .map(|e| format!("the previous site, moved aside, was not removed: {e}"));
    removed.into_iter().chain(cached).collect()
}

/// A build with nothing to do: the output is as the previous build left it.
fn unchanged(cache: &Cache, changes: Option<&Path>, started: Instant) -> Result<Summary> {
    if let Some(file) = changes {
        Changes::default().write(file)?;
    }
    Ok(Summary {
        counts: cache.counts,
        rendered: 0,
        reused: cache.data_pages,
        known_results: None,
        warnings: Vec::new(),
        elapsed: started.elapsed(),
    })
}

/// Options of `benchsite merge`.
#[derive(Debug, Clone)]
pub struct MergeOptions {
    /// The site's folder: the inputs the shards were built from.
    pub root: PathBuf,
    pub out: PathBuf,
    /// The folders of every shard of one `build --shard I/N` set.
    pub shards: Vec<PathBuf>,
    pub progress: bool,
    /// Write the deploy list against the output `out` held before.
    pub changes: Option<PathBuf>,
}

/// `benchsite merge`: joins the shards (every one of a `build --shard I/N` set) into the
/// output folder with the site-wide files, exactly as one build of the site would.
pub fn merge(options: &MergeOptions) -> Result<Summary> {
    let MergeOptions {
        root,
        out,
        shards,
        progress,
        changes,
    } = options;
    let out = &destination::followed(out);
    let started = Instant::now();
    destination::check(
        out,
        &Guarded {
            root,
            folders: shards
                .iter()
                .map(|s| ("a shard folder", s.as_path()))
                .collect(),
            changes: changes.as_deref(),
            shard: false,
        },
    )?;
    let deploy_list = deploy_list(changes.as_deref(), out, None);
    let (settings, site_key, earlier) = shard::gather(shards)?;
    let site = load_with(root, &settings, None)?;
    let fingerprints = Fingerprints::new(&site, &settings);
    if fingerprints.site != site_key {
        return Err(Error::Shards(format!(
            "the shards were built from other inputs (or another benchsite) than {}",
            root.display()
        )));
    }
    let staging = Staging::new(out, settings.precompress)?;
    let work = Work {
        search: settings.search_parts(),
        shard: None,
        earlier: Some(&earlier),
        previous_search: None,
        rankings: None,
        fingerprints: Some(&fingerprints),
        merging: true,
    };
    let progress = Progress::new(site.plan.pages.len(), *progress);
    let done = write_site(&site, &progress, &staging, &work)?;
    let (mut summary, old, _) = finish(&site, staging, deploy_list, &done, started)?;
    summary.warnings.extend(tidy_up(old, None));
    Ok(summary)
}

/// Where to write the deploy list, if asked for one, and the files of the output it compares
/// against: as the build cache recorded them if it describes the output, else listed while
/// the build runs.
fn deploy_list<'a>(
    file: Option<&'a Path>,
    out: &Path,
    cache: Option<&Cache>,
) -> Option<(&'a Path, Listing)> {
    let file = file?;
    let known = cache.and_then(|cache| cache.files_in(out));
    let before = known.map_or_else(|| Listing::start(out), |files| Listing::known(out, files));
    Some((file, before))
}

/// Writes the deploy list if asked, swaps the staged site into place, and sums up; also
/// returns the site replaced and the path of every file written.
fn finish(
    site: &Site,
    mut staging: Staging,
    deploy_list: Option<(&Path, Listing)>,
    done: &Done,
    started: Instant,
) -> Result<(Summary, OldSite, Written)> {
    // The deploy list is written first: once the site is committed nothing may fail. A site
    // whose files clash is refused before it has one.
    staging.check().map_err(|e| e.with_writers(site))?;
    if let Some((file, before)) = deploy_list {
        staging.changes(before)?.write(file)?;
    }
    let (written, old) = staging.commit()?;
    let summary = Summary {
        counts: Counts {
            records_read: site.data.read,
            configurations: site.data.records.len(),
            superseded: site.data.superseded,
            pages: written.pages,
            kinds: page_kinds(
                &site.plan,
                done.records.iter().map(|r| r.runs.page),
                &written.paths,
            ),
            files: written.files,
            bytes: written.bytes,
        },
        rendered: done.rendered,
        reused: done.reused,
        known_results: None,
        warnings: Vec::new(),
        elapsed: started.elapsed(),
    };
    Ok((summary, old, written))
}

/// `benchsite check`: loads, validates and renders everything without writing, the search
/// index included (a mistake in `search-document.html` fails `build`, so it fails `check`),
/// then checks every internal link and anchor. Broken links are input problems (exit 1).
pub fn check(root: &Path, drafts: bool) -> Result<String> {
    let site = load(root, drafts)?;
    let files = render(&site, true)?;
    let broken = links::check_links(&files);
    if !broken.is_empty() {
        let problems = commentary_links::diagnostics(&broken, &site.content, &site.attached, root);
        return Err(Error::Invalid(problems));
    }
    let pages = files.iter().filter(|f| f.path.ends_with(".html")).count();
    Ok(format!(
        "{pages} pages and {} files rendered; every internal link and anchor resolves",
        files.len()
    ))
}

/// Renders every file of the site in memory, sorted by path; with `search`, the search index.
pub fn render(site: &Site, search: bool) -> Result<Vec<OutputFile>> {
    let memory = Memory::default();
    let work = Work {
        search: search.then_some(search::PAGES_PER_PART),
        ..Work::default()
    };
    write_site(site, &Progress::hidden(), &memory, &work)
        .and_then(|_| memory.into_files())
        .map_err(|e| e.with_writers(site))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_counts_in_english() {
        let mut summary = Summary {
            counts: Counts {
                records_read: 1,
                configurations: 1,
                superseded: 0,
                pages: 4,
                kinds: PageKinds {
                    families: [1, 0, 0, 0, 0, 0],
                    embeds: 1,
                    rankings: 0,
                },
                files: 5,
                bytes: 1_500_000,
            },
            rendered: 1,
            reused: 0,
            known_results: Some((1, 0)),
            warnings: Vec::new(),
            elapsed: Duration::from_millis(20),
        };
        assert_eq!(
            summary.to_string(),
            "1 record read from 1 result file (0 known from the cache), 1 configuration kept, \
             0 superseded; 4 pages, 5 files, 1.5 MB in 0.02 s; 1 data page rendered, 0 reused\n  \
             pages: 1 hub, 0 spec-decode, 0 chip, 0 precision, 0 framework, 0 disagg, 1 embed, \
             0 ranking, 2 other"
        );
        summary.known_results = None;
        summary.counts.records_read = 2;
        summary.rendered = 0;
        assert!(
            summary
                .to_string()
                .starts_with("2 records read, 1 configuration kept")
        );
        assert!(
            summary
                .to_string()
                .contains("0 data pages rendered, 0 reused\n")
        );
    }
}
