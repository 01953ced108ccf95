//! Writing a loaded site: the data pages (taken over from earlier output where they can be,
//! else computed and rendered in waves while the search index is built), then the index pages
//! and the site-wide files — everything [`super::build`], `merge`, `check` and `serve` write.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::num::NonZeroUsize;
use std::path::Path;

use rayon::prelude::*;

use super::share::Share;
use super::waves::{Indexer, render_in_waves, waves};
use crate::compute::{self, Cheapest, PageData, PageRuns, RecordFigures, Spreads};
use crate::error::Result;
use crate::incremental::cache::{RankingRecord, SearchRecord};
use crate::incremental::shard::Shard;
use crate::incremental::{Earlier, Fingerprints, PageRecord, Stamp};
use crate::output::{Memory, OutputFile, Sink};
use crate::plan::PagePlan;
use crate::progress::Progress;
use crate::render::pages::SEARCH_DOCUMENT;
use crate::render::{Pages, Renderer};
use crate::search::SearchIndex;
use crate::site::Site;
use crate::types::{ModelId, Sequence};

/// What [`write_site`] renders, and what it may take over instead of rendering.
#[derive(Default)]
pub struct Work<'a> {
    /// Build the search index (when the site has the `search-document.html` template), in
    /// parts of this many data pages (see [`crate::search`]).
    pub search: Option<NonZeroUsize>,
    /// Only this shard's data pages, and no site-wide files.
    pub shard: Option<Shard>,
    /// Data pages built before; a page whose fingerprint matches is taken, not rendered.
    pub earlier: Option<&'a Earlier>,
    /// The previous search index's parts and the folder they are in; a part none of whose
    /// documents changed is taken over.
    pub previous_search: Option<(&'a Path, &'a [SearchRecord])>,
    /// The rankings' races an earlier build ran, by fingerprint; a ranking whose fingerprint
    /// is among them is not raced again.
    pub rankings: Option<&'a HashMap<u64, Vec<Cheapest>>>,
    /// The fingerprints of this build's pages; without them nothing is taken over.
    pub fingerprints: Option<&'a Fingerprints>,
    /// Every data page must come from `earlier` (the shards being merged).
    pub merging: bool,
}

impl Work<'_> {
    /// The fingerprint of planned page `i` (0 when there are none, and nothing is taken).
    pub(super) fn fingerprint(&self, i: usize) -> u64 {
        self.fingerprints.map_or(0, |f| f.pages[i])
    }
}

/// What [`write_site`] did.
#[derive(Debug, Default)]
pub struct Done {
    /// One per data page written (of this shard), in plan order.
    pub records: Vec<PageRecord>,
    /// The search index's parts written (none without a search index).
    pub search: Vec<SearchRecord>,
    /// The rankings' races (none in a shard), for the next build.
    pub rankings: Vec<RankingRecord>,
    pub rendered: usize,
    pub reused: usize,
}

/// Compute and render: every file of the site into `sink` (with `work.shard`, one shard's
/// data pages only), taking pages over from `work.earlier` where their fingerprints match.
///
/// Hubs are computed first, together: their series are the rankings' candidates. The other
/// pages are computed as they are rendered, in waves, while the search index is built.
///
/// Two files with one path are found by path alone; the error names the editors' and static
/// files that write it ([`crate::error::Error::with_writers`]).
pub fn write_site(site: &Site, progress: &Progress, sink: &dyn Sink, work: &Work) -> Result<Done> {
    write_all(site, progress, sink, work).map_err(|e| e.with_writers(site))
}

fn write_all(site: &Site, progress: &Progress, sink: &dyn Sink, work: &Work) -> Result<Done> {
    let renderer = Renderer::new(&site.templates)?;
    let figures = RecordFigures::new(&site.data, &site.catalog);
    let spreads = Spreads::new(&site.data);
    let index = search_index(site, work, &renderer);
    // First every page that can be taken over is; what is left is rendered.
    let mut share = Share::take(site, work, sink)?;
    let to_render = share.to_render();
    // The pages' paths go to the writer; the share keeps what it took over.
    let paths = std::mem::take(&mut share.paths);
    if let Some(index) = &index {
        seed_index(index, &share);
    }
    progress.inc_by(share.reused());
    let no_assets = Memory::default();
    let workloads = workloads(site, &to_render);
    let records = &site.data.records;
    let wanted = |r: usize| workloads.contains(&(&records[r].model, records[r].sequence));
    let search = index.as_ref();
    let assets = assets_sink(work, sink, &no_assets);
    let pages = Pages::new(site, &renderer, &figures, &spreads, search, assets, &wanted)?;
    // The search index is written by the full build (a shard's documents go to `merge`).
    let indexing = search.filter(|_| work.shard.is_none());
    let waves = waves(&to_render, &paths, indexing);
    let writer = PageWriter {
        site,
        pages,
        hubs: compute_hubs(site, &spreads),
        spreads: &spreads,
        sink,
        progress,
        paths: &paths,
        work,
        index: search,
    };
    std::thread::scope(|scope| {
        let indexer = match indexing {
            Some(index) => Some(Indexer::start(scope, work, sink, index)?),
            None => None,
        };
        // The index and ranking pages are rendered alongside the first data pages.
        let index_pages = work
            .shard
            .is_none()
            .then_some(|| write_index_pages(site, &writer, sink));
        let site_key = work.fingerprints.map_or(0, |f| f.site);
        let search = indexer
            .as_ref()
            .zip(indexing)
            .map(|(x, i)| (x, i, site_key));
        match render_in_waves(&waves, |i| writer.write(i), index_pages, search) {
            Ok((rendered, rankings)) => {
                let rankings = rankings.unwrap_or_default();
                finish(writer, share, rendered, rankings, indexer)
            }
            Err(e) => Err(match indexer {
                Some(indexer) => indexer.failed(e),
                None => e,
            }),
        }
    })
}

/// Gives the search index the documents of the pages taken over: they are not rendered.
fn seed_index(index: &SearchIndex, share: &Share) {
    for record in share.taken.iter().flatten() {
        if let Some(doc) = &record.search {
            index.add(&record.path, doc.clone());
        }
    }
}

/// Where the static files go: `sink`, or nowhere for a shard, which holds data pages only
/// (`merge` writes the static files with the rest).
fn assets_sink<'s>(work: &Work, sink: &'s dyn Sink, nowhere: &'s Memory) -> &'s dyn Sink {
    if work.shard.is_some() { nowhere } else { sink }
}

/// Every hub's numbers, in plan order.
fn compute_hubs(site: &Site, spreads: &Spreads) -> Vec<PageData> {
    let hubs = site.plan.hubs();
    hubs.par_iter()
        .map(|p| compute_page(site, spreads, p))
        .collect()
}

/// The index pages and the rankings, which read the hubs' numbers; returns the rankings'
/// races, by fingerprint, for the next build.
fn write_index_pages(
    site: &Site,
    writer: &PageWriter,
    sink: &dyn Sink,
) -> Result<Vec<RankingRecord>> {
    let (tiers, provider) = (&site.config.ranking_tiers, site.config.default_cost);
    let keys = writer.work.fingerprints.map(|f| &f.rankings);
    let known = |i: usize| {
        let (keys, earlier) = keys.zip(writer.work.rankings)?;
        earlier.get(&keys[i]).cloned()
    };
    let rankings = compute::rankings(
        &site.plan,
        &writer.hubs,
        tiers,
        &site.catalog,
        provider,
        &known,
    );
    put_all(sink, writer.pages.index_pages(&rankings)?)?;
    let races = rankings.into_iter().map(|r| r.cheapest);
    let records = keys.into_iter().flatten().zip(races);
    Ok(records
        .map(|(&key, cheapest)| RankingRecord { key, cheapest })
        .collect())
}

/// Once every data page is written: the site-wide files (not in a shard), then the last part
/// of the search index.
fn finish(
    writer: PageWriter,
    share: Share,
    rendered: Vec<PageRecord>,
    rankings: Vec<RankingRecord>,
    indexer: Option<Indexer>,
) -> Result<Done> {
    writer.progress.finish();
    let PageWriter {
        pages,
        hubs,
        sink,
        work,
        ..
    } = writer;
    let (count, reused) = (rendered.len(), share.reused());
    let records = share.into_records(rendered.into_iter());
    if work.shard.is_none() {
        site_wide_files(&pages, sink, &records)?;
    }
    // The pages' shared rows and the hubs' numbers are freed while the last part is indexed.
    drop((pages, hubs));
    let search = match indexer {
        Some(indexer) => indexer.finish()?,
        None => Vec::new(),
    };
    Ok(Done {
        records,
        search,
        rankings,
        rendered: count,
        reused,
    })
}

/// The search index to build, when searching is asked for and the site has its template.
fn search_index(site: &Site, work: &Work, renderer: &Renderer) -> Option<SearchIndex> {
    let per_part = work.search.filter(|_| renderer.has(SEARCH_DOCUMENT))?;
    Some(SearchIndex::new(site.plan.pages.len(), per_part))
}

/// The workloads (a model at a sequence) of the pages to render: only their records' chart
/// and table rows are prepared, since a page shows one model at one sequence.
fn workloads<'s>(site: &'s Site, to_render: &[usize]) -> HashSet<(&'s ModelId, Sequence)> {
    to_render
        .iter()
        .map(|&i| &site.plan.pages[i])
        .map(|p| (p.subject.model(), p.sequence))
        .collect()
}

/// A data page's numbers (SPEC §3), at the site's default cost provider.
fn compute_page(site: &Site, spreads: &Spreads, p: &PagePlan) -> PageData {
    let provider = site.config.default_cost;
    compute::compute(p, &site.data, &site.catalog, provider, spreads)
}

/// Renders data pages one at a time, writes their files and notes what they wrote: the work
/// of each page in [`render_in_waves`].
struct PageWriter<'a> {
    site: &'a Site,
    pages: Pages<'a>,
    /// The hubs' numbers, computed before rendering (the rankings read them too); hubs come
    /// first in the plan, so planned page `i` is hub `i` where there is one.
    hubs: Vec<PageData>,
    spreads: &'a Spreads,
    sink: &'a dyn Sink,
    progress: &'a Progress,
    /// Every planned page's URL path.
    paths: &'a [String],
    work: &'a Work<'a>,
    index: Option<&'a SearchIndex>,
}

impl PageWriter<'_> {
    /// Renders planned page `i` and writes its files; returns `i` with the page's record.
    fn write(&self, i: usize) -> Result<(usize, PageRecord)> {
        let p = &self.site.plan.pages[i];
        let data = match self.hubs.get(i) {
            Some(hub) => Cow::Borrowed(hub),
            None => Cow::Owned(compute_page(self.site, self.spreads, p)),
        };
        let mut files = Vec::new();
        for file in self.pages.data_page(p, &data)? {
            let listed = self.sink.put_listed(file)?;
            files.extend(listed.into_iter().map(|(f, n)| Stamp::new(f, n)));
        }
        self.progress.inc();
        let record = PageRecord {
            path: self.paths[i].clone(),
            key: self.work.fingerprint(i),
            files,
            runs: PageRuns::of(i, &data.history, p.compares()),
            search: self.index.and_then(|x| x.document(&self.paths[i])),
        };
        Ok((i, record))
    }
}

/// The feeds, sitemaps and `robots.txt`: files that read every data page, written once all
/// of them are.
fn site_wide_files(pages: &Pages, sink: &dyn Sink, records: &[PageRecord]) -> Result<()> {
    let runs: Vec<PageRuns> = records.iter().map(|r| r.runs.clone()).collect();
    put_all(sink, pages.feeds(&runs)?)?;
    put_all(sink, pages.sitemaps(&sink.pages()))?;
    sink.put(pages.robots())
}

fn put_all(sink: &dyn Sink, files: Vec<OutputFile>) -> Result<()> {
    files.into_iter().try_for_each(|f| sink.put(f))
}
