//! What a data page's files depend on, as one number per page (and a ranking's race, as one
//! number per ranking: its hubs').
//!
//! A page's fingerprint covers the site-wide inputs every page reads — the program, the
//! configuration and the build settings, the catalogs, every template and static file, and
//! the shape of the plan (which pages exist and how their sides are defined: pages
//! link to their neighbours) — and its own: the records its sides select and those its chart
//! draws from other precisions' hubs, each with every run's measurement of its configuration
//! (history and spread) and that run's name and date (which set the run order), and the
//! commentary attached to it. Two builds that give a page the same fingerprint render it byte for byte
//! the same.
//!
//! Paths are hashed relative to the site's folder, and the program by its version and a hash
//! of its sources (`build.rs`), so that shards built from the same commit on different
//! machines agree (SPEC §16).
//!
//! Values are hashed through their `Debug` form: it is derived, complete and deterministic
//! for these types (none holds a hash map), and it needs no serialization code of its own.
//! Records, by far the most numerous, are hashed through their JSON form instead, which is
//! twice as fast to write and as complete (the build cache stores records as JSON, so no
//! field is left out of it). Fingerprints already made are hashed as numbers.
//! Templates are site-wide on purpose: they share the layout and partials, and telling which
//! pages a template change can reach would need Tera's include graph; a template change
//! re-renders every page, which is what an editor changing the look expects anyway.

use std::fmt::{Debug, Write as _};
use std::hash::Hasher;
use std::num::NonZeroUsize;
use std::path::Path;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::plan::PagePlan;
use crate::site::Site;

/// The build settings that change what pages contain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    /// `--base-url`, when given.
    pub base_url: Option<String>,
    pub drafts: bool,
    pub search: bool,
    /// Data pages per part of the search index.
    pub search_part_size: NonZeroUsize,
    pub precompress: bool,
}

impl Settings {
    /// The search index's part size, when there is a search index.
    pub fn search_parts(&self) -> Option<NonZeroUsize> {
        self.search.then_some(self.search_part_size)
    }
}

/// The site-wide fingerprint, one per data page and one per ranking (in plan order).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprints {
    pub site: u64,
    pub pages: Vec<u64>,
    /// A ranking's is its hubs': they cover everything its figures are computed from (the
    /// hubs' records, and the tiers and prices in the configuration and catalogs), so an
    /// earlier build's cheapest-by-speed race of a ranking with the same fingerprint is this
    /// build's too.
    pub rankings: Vec<u64>,
}

impl Fingerprints {
    pub fn new(site: &Site, settings: &Settings) -> Fingerprints {
        let shared = site_wide(site, settings);
        let runs: Vec<u64> = site.data.runs.iter().map(|r| run(site, r)).collect();
        let records: Vec<Record> = (0..site.data.records.len())
            .into_par_iter()
            .map(|i| Record::new(site, &runs, i))
            .collect();
        let pages: Vec<u64> = site
            .plan
            .pages
            .par_iter()
            .map(|p| page(site, shared, &records, p))
            .collect();
        let rankings = site.plan.rankings.iter().map(|r| {
            let mut h = Fingerprint::default();
            h.word(shared);
            r.hubs.iter().for_each(|&i| _ = h.word(pages[i]));
            h.finish()
        });
        Fingerprints {
            site: shared,
            rankings: rankings.collect(),
            pages,
        }
    }
}

/// FNV-1a over text written into it: `write!(h, "{:?}", value)` hashes without allocating.
#[derive(Default)]
struct Fingerprint(fnv::FnvHasher);

impl Fingerprint {
    fn debug(&mut self, value: &impl Debug) -> &mut Self {
        // Writing into a hasher cannot fail.
        let _ = write!(self, "{value:?}\u{1f}");
        self
    }

    fn bytes(&mut self, bytes: &[u8]) -> &mut Self {
        self.debug(&bytes.len());
        self.0.write(bytes);
        self
    }

    /// Hashes `value`'s JSON (see the module's docs).
    fn json(&mut self, value: &impl Serialize) -> &mut Self {
        // Writing into a hasher cannot fail, nor can a record's JSON.
        let _ = serde_json::to_writer(&mut *self, value);
        self.0.write_u8(0x1f);
        self
    }

    /// A number already hashed (a record's fingerprint): its bytes, not its digits.
    fn word(&mut self, value: u64) -> &mut Self {
        self.0.write(&value.to_le_bytes());
        self
    }

    fn finish(&self) -> u64 {
        self.0.finish()
    }
}

/// For [`Fingerprint::json`].
impl std::io::Write for Fingerprint {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.write(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl std::fmt::Write for Fingerprint {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.write(s.as_bytes());
        Ok(())
    }
}

fn site_wide(site: &Site, settings: &Settings) -> u64 {
    let mut h = Fingerprint::default();
    // The search index's part size shapes no page (each part's key covers its place and its
    // documents), so changing it re-indexes the search, not every page.
    let settings = Settings {
        search_part_size: NonZeroUsize::MIN,
        ..settings.clone()
    };
    h.debug(&PROGRAM).debug(&settings).debug(&site.config);
    h.debug(&site.catalog.hardware).debug(&site.catalog.models);
    for (name, source) in &site.templates.sources {
        h.debug(name).bytes(source.as_bytes());
    }
    for asset in &site.assets.files {
        h.debug(&asset.name).bytes(&asset.bytes);
    }
    h.bytes(site.assets.echarts.as_deref().unwrap_or_default());
    // Every page's navigation: the rest of what pages share (`SiteView`) comes from the
    // configuration, settings and assets above.
    // (`/methodology/`, which old layouts link by `has_methodology`, is one of these.)
    for page in site.nav_pages() {
        h.debug(&page.url_path);
    }
    for p in &site.plan.pages {
        h.debug(&p.subject).debug(&p.sequence);
        for side in &p.sides {
            h.debug(&side.filter);
        }
    }
    h.debug(&site.plan.rankings).debug(&site.plan.defaults);
    h.finish()
}

/// The program: its version and the hash of the sources it was compiled from, so that a
/// rebuilt binary (same version, different code) never trusts pages an older one rendered.
pub const PROGRAM: (&str, &str) = (env!("CARGO_PKG_VERSION"), env!("BENCHSITE_SOURCE_HASH"));

fn relative<'a>(site: &Site, path: &'a Path) -> &'a Path {
    path.strip_prefix(&site.root).unwrap_or(path)
}

/// A snapshot record's fingerprints.
struct Record {
    /// The record and every run's measurement of its configuration (values, place in its
    /// file, image): what its chart point and spread show.
    measured: u64,
    /// `measured` and the runs the measurements are from (name, date, address, notes): what
    /// the history of a page that selects the record shows, and the feeds read. A new run so
    /// reaches only the pages of the configurations it measured, not every page.
    with_runs: u64,
}

/// A run as the pages that show it see it: its file, name, date, address and notes. Hashed
/// once, not for each measurement of it.
fn run(site: &Site, run: &crate::input::runs::Run) -> u64 {
    let mut h = Fingerprint::default();
    h.debug(&relative(site, &run.path)).debug(&run.label);
    h.debug(&run.date).debug(&run.url).debug(&run.notes);
    h.finish()
}

impl Record {
    /// Record `i`, given the fingerprint of every [`run`].
    fn new(site: &Site, runs: &[u64], i: usize) -> Record {
        let data = &site.data;
        let mut h = Fingerprint::default();
        h.json(&data.records[i]);
        for m in data.measurements_of(i) {
            h.debug(m).debug(&data.image(m));
        }
        let measured = h.finish();
        for m in data.measurements_of(i) {
            h.word(runs[m.source.file]);
        }
        Record {
            measured,
            with_runs: h.finish(),
        }
    }
}

fn page(site: &Site, shared: u64, records: &[Record], plan: &PagePlan) -> u64 {
    let mut h = Fingerprint::default();
    h.word(shared).debug(&plan.subject).debug(&plan.sequence);
    for side in &plan.sides {
        h.debug(&side.filter).debug(&side.records.len());
        for &i in &side.records {
            h.word(records[i].with_runs);
        }
    }
    // The chart draws the other precisions' hubs' points too (no history of theirs).
    for (_, hub) in site.plan.other_precisions(plan) {
        h.debug(&hub.subject);
        for &i in hub.sides.iter().flat_map(|s| &s.records) {
            h.word(records[i].measured);
        }
    }
    // Commentary attaches by URL path; a comparison-wide file attaches to every sequence's
    // page too, and the sequence-less copy is the default sequence's page itself.
    let commentary = site.attached.commentary.get(&plan.path());
    for &i in commentary.into_iter().flatten() {
        let file = &site.content[i];
        h.debug(&relative(site, &file.source))
            .debug(&file.url_path)
            .debug(&file.front);
        h.bytes(file.body.as_bytes());
    }
    h.finish()
}
