//! The Atom 1.0 feeds (SPEC §13): `/feed.xml` for the whole site and `/<model>/feed.xml` for
//! each model with pages. One entry per run, newest first, at most 50; each lists the pages
//! whose throughput changed by 5% or more in that run, or whose lead changed hands
//! ([`crate::compute::feed`] finds them from the pages' histories). The XML is written by
//! `atom_syndication`; an entry's text is `templates/partials/feed_entry.html` and its title's
//! summary (`3 new pages, 2 pages changed by 5% or more`) `templates/descriptions/run.txt`,
//! which the site feed's web page, `/changes/` ([`super::changes`]), shows too.
//!
//! Deterministic by construction: an entry is dated by its run (or the latest dated run
//! before it, else 1970-01-01), the feed by its newest entry; ids and links are absolute,
//! from `base_url`, and a run's id is its path under `data/results/`, never a build time.

use atom_syndication::{Content, Entry, Feed, FixedDateTime, Link, Person, Text, WriteConfig};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;

use super::Pages;
use crate::compute::feed::{
    FeedEntry, NOTABLE_PERCENT, Notable, PageRuns, SideChange, entries, entry_date,
};
use crate::compute::since::{Change, Flip};
use crate::error::{Error, Result};
use crate::input::catalog::Model;
use crate::input::dataset::Dataset;
use crate::input::runs::{Run, RunId};
use crate::output::OutputFile;
use crate::plan::urls;
use crate::render::labels;
use crate::types::{ModelId, RunDate};

/// At most this many changes are spelled out per page in an entry; the rest are counted.
const CHANGES_SHOWN: usize = 3;

/// The characters of a run's path kept as they are in an entry id.
const ID_CHARS: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'/')
    .remove(b'.')
    .remove(b'-')
    .remove(b'_');

/// The site's feed (its `site_entries`) and one per model with pages, from every data page's
/// summary `page_runs`; `runs` names the runs and knows which have a section on `/changes/`.
pub(super) fn render(
    pages: &Pages,
    site_entries: &[FeedEntry],
    page_runs: &[&PageRuns],
    runs: &RunKeys,
) -> Result<Vec<OutputFile>> {
    let rank = |run| pages.site.data.rank_of(run);
    let first = pages.site.data.first_run();
    let mut files = vec![feed(pages, runs, None, site_entries)?];
    for model in &pages.site.catalog.models {
        let of_model: Vec<&PageRuns> = page_runs
            .iter()
            .copied()
            .filter(|p| pages.site.plan.pages[p.page].subject.model() == &model.id)
            .collect();
        if !of_model.is_empty() {
            files.push(feed(
                pages,
                runs,
                Some(model),
                &entries(&of_model, &[], first, rank),
            )?);
        }
    }
    Ok(files)
}

/// One feed of `entries`: the site's (`model` none) or a model's. The site's is the web page
/// `/changes/` as a feed; a model's stands for the model's page.
fn feed(
    pages: &Pages,
    runs: &RunKeys,
    model: Option<&Model>,
    entries: &[FeedEntry],
) -> Result<OutputFile> {
    let site = pages.site;
    let base = &site.config.base_url;
    let (path, html_path, title) = match model {
        Some(m) => (
            urls::model_feed(&m.id),
            urls::model(&m.id),
            format!("{}: {}", site.config.title, m.name),
        ),
        None => (
            urls::FEED.to_string(),
            runs.site_page().to_string(),
            site.config.title.clone(),
        ),
    };
    let id = format!("{base}{path}");
    let web_page = format!("{base}{html_path}");
    let entries = entries
        .iter()
        .map(|e| entry(pages, runs, (&id, &web_page), e))
        .collect::<Result<Vec<Entry>>>()?;
    let feed = Feed {
        title: Text::plain(title),
        updated: entries
            .iter()
            .map(|e| e.updated)
            .max()
            .unwrap_or_else(epoch),
        links: vec![
            link(&id, "self", "application/atom+xml"),
            link(&format!("{base}{html_path}"), "alternate", "text/html"),
        ],
        authors: vec![Person {
            name: site.config.title.clone(),
            ..Person::default()
        }],
        subtitle: Some(Text::plain(format!(
            "Pages whose throughput per GPU changed by {NOTABLE_PERCENT}% or more, or whose \
             lead changed hands, run by run."
        ))),
        id,
        entries,
        ..Feed::default()
    };
    let config = WriteConfig {
        write_document_declaration: true,
        indent_size: None,
    };
    let xml = feed
        .write_with_config(Vec::new(), config)
        .map_err(|e| Error::io(&path, std::io::Error::other(e.to_string())))?;
    Ok(OutputFile::new(path.trim_start_matches('/'), xml))
}

/// The entry of one run in feed `feed`, which stands for web page `web_page`. Its web version
/// is the run's section of `/changes/` (else, for a run too old to have one, `web_page`); the
/// run's own page (its `url`), where it has one, is a related link.
fn entry(
    pages: &Pages,
    runs: &RunKeys,
    (feed, web_page): (&str, &str),
    e: &FeedEntry,
) -> Result<Entry> {
    let data = &pages.site.data;
    let run = &data.runs[e.run.0];
    let base = &pages.site.config.base_url;
    let entry = view(pages, e, base);
    let alternate = runs.section(e.run).map_or_else(
        || web_page.to_string(),
        |id| format!("{base}{}", urls::changes_at(&id)),
    );
    let mut links = vec![link(&alternate, "alternate", "text/html")];
    links.extend(web_address(run.url.as_deref()).map(|url| link(url, "related", "text/html")));
    let title = format!(
        "{}{}: {}",
        run.label,
        date_note(data, run),
        summary(pages, e)?
    );
    let content = pages.renderer.render(
        "partials/feed_entry.html",
        &EntryContext {
            entry,
            notable_percent: NOTABLE_PERCENT,
        },
    )?;
    Ok(Entry {
        title: Text::plain(title),
        id: format!(
            "{feed}#run:{}",
            utf8_percent_encode(runs.key(e.run), ID_CHARS)
        ),
        updated: updated(data, e.run),
        links,
        content: Some(Content {
            value: Some(content),
            content_type: Some("html".into()),
            ..Content::default()
        }),
        ..Entry::default()
    })
}

/// `46 pages changed by 5% or more; the lead changed hands on 3 pages`: how many pages a
/// run's entry lists, by what it says of them (a page can be counted both as changed and for
/// its lead), or that the run holds no results, in the words of
/// `templates/descriptions/run.txt`.
pub(super) fn summary(pages: &Pages, e: &FeedEntry) -> Result<String> {
    let counts = RunSummary {
        empty: e.empty,
        first: e.first,
        new_pages: e.new_pages,
        changed_pages: e.changed_pages(),
        lead_pages: e.lead_pages(),
        notable_percent: NOTABLE_PERCENT,
    };
    pages.describe("run", &counts)
}

/// What `descriptions/run.txt` sees.
#[derive(Serialize)]
struct RunSummary {
    /// The run holds no results (an empty result file).
    empty: bool,
    /// The site's first run, where most pages start (none listed).
    first: bool,
    /// The pages whose history starts in the run.
    new_pages: usize,
    /// The pages changed by `notable_percent`% or more.
    changed_pages: usize,
    /// The comparisons whose lead changed hands (some may be among `changed_pages`).
    lead_pages: usize,
    notable_percent: f64,
}

/// `1 page`, `3 pages`.
fn page_count(n: usize) -> String {
    match n {
        1 => "1 page".to_string(),
        n => format!("{n} pages"),
    }
}

/// What follows a run's name in an entry's title: " (2026-01-05)", " (undated)" where other
/// runs have a date ([`Dataset::dated`]), else nothing, as `partials/run_name.html` does.
fn date_note(data: &Dataset, run: &Run) -> String {
    match &run.date {
        Some(date) => format!(" ({date})"),
        None if data.dated() => " (undated)".to_string(),
        None => String::new(),
    }
}

/// A run's `url` if it is a web address (`http`, `https`): result files are data, not
/// trusted markup.
pub(super) fn web_address(url: Option<&str>) -> Option<&str> {
    url.filter(|u| crate::types::is_web_address(u))
}

/// Each run's key (its result file's path under `data/results/`, which no other run shares)
/// and, made from it, the id of its section on `/changes/`, for the runs that have one.
pub(super) struct RunKeys {
    keys: Vec<String>,
    slugs: Vec<String>,
    /// By run: whether `/changes/` has a section for it (the site feed lists it).
    has_section: Vec<bool>,
    /// Whether the site has `/changes/` at all.
    has_page: bool,
}

impl RunKeys {
    /// The runs of `site`, those of `sections` having a section on `/changes/` (`None`: the
    /// site has no such page).
    pub fn new(site: &crate::site::Site, sections: Option<&[FeedEntry]>) -> RunKeys {
        let results = site.root.join("data/results");
        let keys: Vec<String> = site
            .data
            .runs
            .iter()
            .map(|run| {
                let path = run.path.strip_prefix(&results).unwrap_or(&run.path);
                path.to_string_lossy().replace('\\', "/")
            })
            .collect();
        let mut has_section = vec![false; keys.len()];
        for e in sections.into_iter().flatten() {
            has_section[e.run.0] = true;
        }
        RunKeys {
            slugs: slugs(&keys),
            keys,
            has_section,
            has_page: sections.is_some(),
        }
    }

    /// The web page the site feed stands for: `/changes/`, else the home page.
    pub fn site_page(&self) -> &'static str {
        if self.has_page {
            urls::CHANGES
        } else {
            urls::HOME
        }
    }

    pub fn key(&self, run: RunId) -> &str {
        &self.keys[run.0]
    }

    /// The id of the run's section of `/changes/`, if it has one: `run-` and its
    /// [`Self::slug`] (`changes.html` writes the `run-`, which reserves the prefix for ids
    /// an editor's headings cannot take).
    pub fn section(&self, run: RunId) -> Option<String> {
        self.has_section[run.0].then(|| format!("run-{}", self.slug(run)))
    }

    /// A slug of the run's key, unique among the runs'.
    pub fn slug(&self, run: RunId) -> &str {
        &self.slugs[run.0]
    }
}

/// Each key's [`slug`]; a key whose slug an earlier key took gets `-2`, `-3`, …
fn slugs(keys: &[String]) -> Vec<String> {
    let mut taken = std::collections::HashSet::new();
    keys.iter()
        .map(|key| {
            let id = slug(key);
            let (mut unique, mut n) = (id.clone(), 1);
            while !taken.insert(unique.clone()) {
                n += 1;
                unique = format!("{id}-{n}");
            }
            unique
        })
        .collect()
}

/// `inferencemax/run_2101/agg_bmk.json` → `inferencemax-run-2101-agg-bmk-json`: lower-case
/// letters, digits and single hyphens, for an HTML id.
fn slug(key: &str) -> String {
    let words: Vec<String> = key
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    words.join("-")
}

/// What `partials/feed_entry.html` sees.
#[derive(Serialize)]
struct EntryContext {
    entry: EntryView,
    /// The change, in percent, from which a page is listed ([`NOTABLE_PERCENT`]).
    notable_percent: f64,
}

#[derive(Serialize)]
pub(super) struct EntryView {
    /// The pages listed, by model in the catalog's order, each model's in plan order.
    models: Vec<ModelView>,
    /// The same pages in plan order, each titled with its model ("DeepSeek R1 · B200 vs
    /// MI355X (1k/1k)"): what templates made before the grouping (an older `init`) list, so
    /// that their feeds do not say that nothing changed.
    pages: Vec<PageView>,
    /// The run holds no results (an empty result file).
    empty: bool,
    /// The site's first run, where most pages start: no page is listed.
    first: bool,
    /// How many pages start in the run (in the site's first run, unlisted).
    new_pages: usize,
}

/// One model's pages in an entry: a run that changes hundreds of pages reads model by model.
#[derive(Serialize)]
struct ModelView {
    name: String,
    /// The model's page (absolute in a feed, root-relative on `/changes/`).
    href: String,
    /// `3 pages`.
    count: String,
    pages: Vec<PageView>,
}

#[derive(Clone, Serialize)]
struct PageView {
    /// What the page compares, without its model ("B200 vs MI355X (1k/1k)").
    title: String,
    /// Absolute in a feed, root-relative on `/changes/`.
    href: String,
    /// Where the lead changed hands, each side's targets together: the larger news, first.
    leads: Vec<LeadView>,
    changes: Vec<ChangeView>,
    /// Changes not spelled out.
    more: usize,
    /// The page's history starts in this run: it is new, with no changes to tell.
    new: bool,
}

/// One side's change at one target or, for a side that is new or gone at several, at all of
/// them ("vLLM now reaches 53, 65 and 78 tok/s/user"). A side's changes are told together
/// ("SGLang throughput −10% at 53, −12% at 65 tok/s/user"): the flags say where its name, the
/// word "throughput" and the unit go.
#[derive(Debug, Clone, PartialEq, Serialize)]
struct ChangeView {
    side: String,
    /// `{kind: "changed", percent}`, `{kind: "new"}` or `{kind: "gone"}`.
    change: Change,
    /// The targets (tok/s/user), ascending.
    at: Vec<f64>,
    /// The first of its side's changes: it names the side.
    names_side: bool,
    /// The first of its side's percentage changes: it says "throughput".
    names_throughput: bool,
    /// The last of its side's changes: the unit follows it.
    ends_side: bool,
}

/// `shown` as [`ChangeView`]s, each side's together at the place of its first.
fn change_views(shown: Vec<(SideChange, Vec<f64>)>, sides: &[String]) -> Vec<ChangeView> {
    let mut order: Vec<usize> = Vec::new();
    shown.iter().for_each(|(c, _)| {
        if !order.contains(&c.side) {
            order.push(c.side);
        }
    });
    let mut views = Vec::with_capacity(shown.len());
    for side in order {
        let of_side: Vec<&(SideChange, Vec<f64>)> =
            shown.iter().filter(|(c, _)| c.side == side).collect();
        let first_percent = of_side
            .iter()
            .position(|(c, _)| c.change.percent().is_some());
        views.extend(of_side.iter().enumerate().map(|(i, (c, at))| ChangeView {
            side: sides[side].clone(),
            change: c.change,
            at: at.clone(),
            names_side: i == 0,
            names_throughput: first_percent == Some(i),
            ends_side: i + 1 == of_side.len(),
        }));
    }
    views
}

/// The side now ahead of the other ("MI355X now ahead of B200 at 50 and 60 tok/s/user"), by
/// 1% or more where the previous run had the other ahead by as much.
#[derive(Debug, Clone, PartialEq, Serialize)]
struct LeadView {
    now: String,
    over: String,
    /// The targets (tok/s/user), ascending.
    at: Vec<f64>,
}

/// `flips` as they are told: one per side now ahead, at its targets.
fn leads(flips: &[Flip], sides: &[String]) -> Vec<LeadView> {
    let mut told: Vec<LeadView> = Vec::new();
    for f in flips {
        let (now, over) = (&sides[f.now], &sides[f.before]);
        match told.iter_mut().find(|l| &l.now == now) {
            Some(l) => l.at.push(f.interactivity),
            None => told.push(LeadView {
                now: now.clone(),
                over: over.clone(),
                at: vec![f.interactivity],
            }),
        }
    }
    told
}

/// `changes` as they are told: a side's arrivals together, and its departures, at the place
/// of the first; each percentage change on its own.
fn told(changes: &[SideChange]) -> Vec<(SideChange, Vec<f64>)> {
    let mut told: Vec<(SideChange, Vec<f64>)> = Vec::new();
    for c in changes {
        let joins = |(first, _): &&mut (SideChange, Vec<f64>)| {
            c.change.percent().is_none() && first.side == c.side && first.change == c.change
        };
        match told.iter_mut().find(joins) {
            Some((_, at)) => at.push(c.interactivity),
            None => told.push((*c, vec![c.interactivity])),
        }
    }
    for (_, at) in &mut told {
        at.sort_by(f64::total_cmp);
    }
    told
}

/// Entry `e` as `partials/feed_entry.html` shows it, its links starting with `base`.
pub(super) fn view(pages: &Pages, e: &FeedEntry, base: &str) -> EntryView {
    let site = pages.site;
    let model_of = |p: &PageRuns| site.plan.pages[p.page].subject.model();
    // A model the catalog lacks (none today: pages come from catalogued models) goes last.
    let place = |id: &ModelId| site.catalog.models.iter().position(|m| &m.id == id);
    let listed: Vec<(&ModelId, PageView)> = (e.pages.iter())
        .map(|(p, news)| (model_of(p), page_view(pages, p, e.run, *news, base)))
        .collect();
    let mut by_model: Vec<&(&ModelId, PageView)> = listed.iter().collect();
    // Stable: each model's pages stay in plan order.
    by_model.sort_by_key(|(id, _)| (place(id).unwrap_or(usize::MAX), *id));
    let models = by_model
        .chunk_by(|a, b| a.0 == b.0)
        .map(|group| ModelView {
            name: labels::model(&site.catalog, group[0].0),
            href: format!("{base}{}", urls::model(group[0].0)),
            count: page_count(group.len()),
            pages: group.iter().map(|(_, view)| view.clone()).collect(),
        })
        .collect();
    let pages = (listed.into_iter())
        .map(|(id, view)| PageView {
            title: format!("{} · {}", labels::model(&site.catalog, id), view.title),
            ..view
        })
        .collect();
    EntryView {
        models,
        pages,
        empty: e.empty,
        first: e.first,
        new_pages: e.new_pages,
    }
}

/// Data page `page`'s `news` in an entry (none for a page new in it).
fn page_view(
    pages: &Pages,
    p: &PageRuns,
    run: RunId,
    news: Option<&Notable>,
    base: &str,
) -> PageView {
    let site = pages.site;
    let plan = &site.plan.pages[p.page];
    let sides = labels::sides(plan, &site.catalog);
    let (changes, flips) = news.map_or((&[][..], &[][..]), |n| (&n.changes[..], &n.flips[..]));
    let mut shown = told(changes);
    shown.truncate(CHANGES_SHOWN);
    let spelled_out: usize = shown.iter().map(|(_, at)| at.len()).sum();
    PageView {
        title: labels::comparison(plan, &site.catalog),
        href: format!("{base}{}", plan.path()),
        leads: leads(flips, &sides),
        changes: change_views(shown, &sides),
        more: changes.len() - spelled_out,
        new: p.starts_in(run),
    }
}

/// The entry's date: its run's, else the latest dated run's before it, else the epoch.
fn updated(data: &Dataset, run: RunId) -> FixedDateTime {
    let dates: Vec<Option<&RunDate>> = data
        .order
        .iter()
        .map(|&r| data.run(r).and_then(|r| r.date.as_ref()))
        .collect();
    entry_date(&dates, data.rank_of(run)).map_or_else(epoch, RunDate::at)
}

fn epoch() -> FixedDateTime {
    FixedDateTime::default()
}

fn link(href: &str, rel: &str, mime: &str) -> Link {
    Link {
        href: href.to_string(),
        rel: rel.to_string(),
        mime_type: Some(mime.to_string()),
        ..Link::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(side: usize, interactivity: f64, change: Change) -> SideChange {
        SideChange {
            side,
            interactivity,
            change,
        }
    }

    #[test]
    fn a_sides_arrivals_are_told_together_and_each_percentage_alone() {
        let changes = [
            change(1, 78.0, Change::New),
            change(1, 53.0, Change::New),
            change(0, 40.0, Change::Gone),
            change(1, 65.0, Change::New),
            change(0, 20.0, Change::Changed { percent: 12.0 }),
            change(0, 30.0, Change::Changed { percent: 12.0 }),
        ];
        let told = told(&changes);
        let at: Vec<(usize, &[f64])> = told.iter().map(|(c, at)| (c.side, &at[..])).collect();
        assert_eq!(
            at,
            [
                (1, &[53.0, 65.0, 78.0][..]),
                (0, &[40.0][..]),
                (0, &[20.0][..]),
                (0, &[30.0][..]),
            ]
        );
        assert_eq!(told[0].0.change, Change::New);
        assert_eq!(told[1].0.change, Change::Gone);
    }

    /// A side's changes come together, at the place of its first; the first names the side,
    /// the first percentage says "throughput", the last takes the unit.
    #[test]
    fn a_sides_changes_are_told_together() {
        let shown = vec![
            (change(1, 53.0, Change::New), vec![53.0, 65.0]),
            (
                change(0, 78.0, Change::Changed { percent: 20.0 }),
                vec![78.0],
            ),
            (
                change(1, 40.0, Change::Changed { percent: -7.0 }),
                vec![40.0],
            ),
            (
                change(0, 53.0, Change::Changed { percent: 5.0 }),
                vec![53.0],
            ),
        ];
        let sides = ["B200".to_string(), "H200".to_string()];
        let views = change_views(shown, &sides);
        let said: Vec<(&str, f64, [bool; 3])> = (views.iter())
            .map(|c| {
                let flags = [c.names_side, c.names_throughput, c.ends_side];
                (c.side.as_str(), c.at[0], flags)
            })
            .collect();
        assert_eq!(
            said,
            [
                ("H200", 53.0, [true, false, false]),
                ("H200", 40.0, [false, true, true]),
                ("B200", 78.0, [true, true, false]),
                ("B200", 53.0, [false, false, true]),
            ]
        );
    }

    /// Each side now ahead is told once, with its targets in order.
    #[test]
    fn a_sides_new_leads_are_told_together() {
        let flip = |interactivity: f64, before: usize, now: usize| Flip {
            interactivity,
            before,
            now,
            previous: [0.0; 2],
            last: [0.0; 2],
        };
        let sides = ["MTP".to_string(), "Off".to_string()];
        let told = leads(
            &[flip(20.0, 0, 1), flip(40.0, 1, 0), flip(60.0, 0, 1)],
            &sides,
        );
        let said: Vec<(&str, &str, &[f64])> = (told.iter())
            .map(|l| (l.now.as_str(), l.over.as_str(), &l.at[..]))
            .collect();
        assert_eq!(
            said,
            [
                ("Off", "MTP", &[20.0, 60.0][..]),
                ("MTP", "Off", &[40.0][..])
            ]
        );
    }

    #[test]
    fn each_run_has_its_own_slug() {
        let keys: Vec<String> = [
            "inferencemax/run_2101/agg_bmk.json",
            "a/x.yaml",
            "A-x/yaml",
            "a-x.yaml",
            "a/x.yaml-2",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(
            slugs(&keys),
            [
                "inferencemax-run-2101-agg-bmk-json",
                "a-x-yaml",
                "a-x-yaml-2",
                "a-x-yaml-3",
                // Its own slug was taken by the second key's second choice.
                "a-x-yaml-2-2",
            ]
        );
    }
}
