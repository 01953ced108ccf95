//! Rendering the data pages in waves, one per part of the search index, while an indexer
//! thread indexes each finished part: the search index is built alongside rendering, not
//! after it (see `search`).

use std::sync::mpsc;
use std::thread::{Scope, ScopedJoinHandle};

use rayon::prelude::*;

use super::Work;
use crate::error::{Error, Result};
use crate::incremental::cache::SearchRecord;
use crate::incremental::{PageRecord, Stamp};
use crate::output::Sink;
use crate::search::{self, SearchIndex};

/// Renders the waves one after another, `index_pages` alongside the first, and hands each
/// part of the search index to its indexer once the wave of its pages is rendered; returns
/// the pages' records in plan order, and what `index_pages` returned.
pub(super) fn render_in_waves<R: Send>(
    waves: &[Vec<usize>],
    render: impl Fn(usize) -> Result<(usize, PageRecord)> + Sync,
    index_pages: Option<impl FnOnce() -> Result<R> + Send>,
    search: Option<(&Indexer, &SearchIndex, u64)>,
) -> Result<(Vec<PageRecord>, Option<R>)> {
    let render_wave = |wave: &[usize]| -> Result<Vec<(usize, PageRecord)>> {
        wave.par_iter().map(|&i| render(i)).collect()
    };
    let mut index_pages = index_pages;
    let (mut rendered, mut returned) = (Vec::new(), None);
    for (part, wave) in waves.iter().enumerate() {
        match index_pages.take() {
            Some(index_pages) => {
                let (done, index_pages) = rayon::join(|| render_wave(wave), index_pages);
                returned = Some(index_pages?);
                rendered.extend(done?);
            }
            None => rendered.extend(render_wave(wave)?),
        }
        if let Some((indexer, index, site)) = search
            && !indexer.send(index.take(part, site))
        {
            return Err(Error::Search("indexing stopped".to_string()));
        }
    }
    rendered.sort_unstable_by_key(|(i, _)| *i);
    let records = rendered.into_iter().map(|(_, record)| record).collect();
    Ok((records, returned))
}

/// The pages to render, in waves: with a search index, one wave per part of it (its pages in
/// plan order), so that each part is indexed while the next renders; else one wave of all.
pub(super) fn waves(
    to_render: &[usize],
    paths: &[String],
    index: Option<&SearchIndex>,
) -> Vec<Vec<usize>> {
    let Some(index) = index else {
        return vec![to_render.to_vec()];
    };
    let mut waves = vec![Vec::new(); index.count()];
    for &i in to_render {
        waves[index.part_of(&paths[i])].push(i);
    }
    waves
}

/// Indexes the search index's parts on a thread of its own, one after another (Pagefind holds
/// a part's documents while it indexes them, so one part at a time bounds the build's peak
/// memory), while the build renders the pages of the next part.
pub(super) struct Indexer<'scope> {
    parts: mpsc::Sender<search::Part>,
    thread: ScopedJoinHandle<'scope, Result<Vec<SearchRecord>>>,
}

impl<'scope> Indexer<'scope> {
    /// Starts indexing for `index`, whose list of parts it writes first.
    pub(super) fn start<'env>(
        scope: &'scope Scope<'scope, 'env>,
        work: &'env Work<'env>,
        sink: &'env dyn Sink,
        index: &SearchIndex,
    ) -> Result<Indexer<'scope>> {
        sink.put(search::parts_file(index.count()))?;
        let (parts, received) = mpsc::channel::<search::Part>();
        let index = move || -> Result<Vec<SearchRecord>> {
            // Pagefind's own parallel steps get a pool of their own: in the build's pool they
            // would queue behind the pages being rendered. It has as many threads as the
            // build's: the last part is indexed after every page is rendered, and with one
            // thread its parallel steps would leave the other cores idle.
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(rayon::current_num_threads())
                .thread_name(|n| format!("search-index-{n}"))
                .build()
                .map_err(|e| Error::Search(format!("cannot start the indexing threads: {e}")))?;
            let runtime = search::runtime()?;
            pool.install(move || {
                received
                    .iter()
                    .map(|part| search_part(part, work, sink, &runtime))
                    .collect()
            })
        };
        // A panic in Pagefind is an error of the build, not a second panic when the scope ends.
        let thread = scope.spawn(move || {
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(index)).unwrap_or_else(|_| {
                Err(Error::Search(
                    "Pagefind panicked while indexing".to_string(),
                ))
            })
        });
        Ok(Indexer { parts, thread })
    }

    /// Queues a part whose pages are all rendered; false if indexing has stopped on an error
    /// (which [`Indexer::finish`] returns).
    fn send(&self, part: search::Part) -> bool {
        self.parts.send(part).is_ok()
    }

    /// Waits for every queued part; returns what was written, in part order.
    pub(super) fn finish(self) -> Result<Vec<SearchRecord>> {
        drop(self.parts);
        self.thread
            .join()
            .unwrap_or_else(|_| Err(Error::Search("the indexing thread panicked".to_string())))
    }

    /// The error to report for a build that failed with `error` while indexing: indexing's
    /// own, if it stopped on one (rendering then stops too).
    pub(super) fn failed(self, error: Error) -> Error {
        self.finish().err().unwrap_or(error)
    }
}

/// Writes one part of the search index, or links the previous build's files of it when its
/// key (its documents, and the site fingerprint) is the same.
fn search_part(
    part: search::Part,
    work: &Work,
    sink: &dyn Sink,
    runtime: &tokio::runtime::Runtime,
) -> Result<SearchRecord> {
    let previous = work.previous_search.and_then(|(dir, records)| {
        let same = |r: &&SearchRecord| r.key == part.key;
        // As for pages, a file the sink holds already need not be looked at in `dir`.
        let held = |f: &Stamp| sink.holds(&f.path, f.len, f.modified) || f.holds(dir);
        let whole = |r: &&SearchRecord| r.files.iter().all(held);
        records.iter().filter(same).find(whole).map(|r| (dir, r))
    });
    if let Some((dir, record)) = previous {
        for file in &record.files {
            sink.link(&dir.join(&file.path), &file.path, file.len, file.modified)?;
        }
        return Ok(record.clone());
    }
    let key = part.key;
    let files = part.write(sink, runtime)?;
    let files = files.into_iter().map(|(p, n)| Stamp::new(p, n)).collect();
    Ok(SearchRecord { key, files })
}
