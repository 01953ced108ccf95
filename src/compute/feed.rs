//! Which pages changed in which run, for the Atom feeds (SPEC §13 "Feeds").
//!
//! Each page's history is summarised once, as the page is computed ([`PageRuns::of`]): the
//! runs it has entries for, and for each of them the changes of 5% or more against the
//! entry before. The feeds are then assembled from those summaries ([`entries`]), so no
//! snapshot is rebuilt per run. A value that appears or disappears between two entries of a
//! page ("new": an engine arrives, a frontier newly reaches a target; "gone") counts as well,
//! and before any change in percent: it is the larger news. A page's first entry is news too
//! (a new page; a comparison's, the first where every side has been measured), except in the
//! site's first run, where most pages start: that run's entry counts them instead of listing
//! them. A new page needs nothing kept beyond its runs.
//!
//! On a comparison, a run where the lead changes hands at a target ([`Flip`], as the "Since
//! the previous run" box has it) is news as well, however small each side's change: two
//! sides within a few percent of each other trade places without either moving by 5%.

use serde::{Deserialize, Serialize};

use super::history::HistoryEntry;
use super::since::{Change, Flip, changes, flips};
use crate::input::runs::RunId;

/// A change of at least this many percent (either way) puts a page into its run's entry.
pub const NOTABLE_PERCENT: f64 = 5.0;

/// A feed holds at most this many runs, the newest.
pub const MAX_ENTRIES: usize = 50;

/// One side's notable change at one target: [`Change::Changed`] by at least
/// [`NOTABLE_PERCENT`], [`Change::New`] or [`Change::Gone`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SideChange {
    pub side: usize,
    pub interactivity: f64,
    pub change: Change,
}

impl SideChange {
    /// How large a change is, for ordering: a value that appears or disappears first.
    fn size(&self) -> f64 {
        self.change.percent().map_or(f64::INFINITY, f64::abs)
    }
}

/// A page's news in one run: its notable changes, largest first, and (on a comparison) the
/// targets where the lead changed hands, in target order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Notable {
    pub run: RunId,
    pub changes: Vec<SideChange>,
    /// (A cache written before changes of hands were kept has none.)
    #[serde(default)]
    pub flips: Vec<Flip>,
}

/// A page's history as the feeds need it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PageRuns {
    /// Index into the site plan's pages.
    pub page: usize,
    /// The runs of the page's history entries.
    pub runs: Vec<RunId>,
    pub notable: Vec<Notable>,
}

impl PageRuns {
    /// The summary of page `page` with `history`; `compares` two sides (a comparison, whose
    /// lead can change hands, not a hub, and whose history counts from the run where every
    /// side is measured: [`since_every_side`]).
    pub fn of(page: usize, history: &[HistoryEntry], compares: bool) -> PageRuns {
        let history = match compares {
            true => since_every_side(history),
            false => history,
        };
        let notable = history.windows(2).filter_map(|pair| {
            let mut found: Vec<SideChange> = changes(&pair[0], &pair[1])
                .iter()
                .flat_map(|t| {
                    t.sides.iter().enumerate().filter_map(|(side, &change)| {
                        let notable = match change {
                            Change::Changed { percent } => percent.abs() >= NOTABLE_PERCENT,
                            Change::New | Change::Gone => true,
                            Change::Unchanged { .. } | Change::Absent | Change::NotRerun => false,
                        };
                        notable.then_some(SideChange {
                            side,
                            interactivity: t.interactivity,
                            change,
                        })
                    })
                })
                .collect();
            // Largest first; at equal size, in side and target order (a stable sort).
            found.sort_by(|a, b| b.size().total_cmp(&a.size()));
            let flips = match compares {
                true => flips(&pair[0], &pair[1]),
                false => Vec::new(),
            };
            (!found.is_empty() || !flips.is_empty()).then(|| Notable {
                run: pair[1].run,
                changes: found,
                flips,
            })
        });
        PageRuns {
            page,
            runs: history.iter().map(|e| e.run).collect(),
            notable: notable.collect(),
        }
    }

    /// The summary without the changes of hands: what feeds whose templates predate them list.
    pub fn without_flips(&self) -> PageRuns {
        let notable = (self.notable.iter())
            .filter(|n| !n.changes.is_empty())
            .map(|n| Notable {
                flips: Vec::new(),
                ..n.clone()
            });
        PageRuns {
            notable: notable.collect(),
            ..self.clone()
        }
    }

    /// Whether the page's history starts in `run`.
    pub fn starts_in(&self, run: RunId) -> bool {
        self.runs.first() == Some(&run)
    }

    /// The page's news in `run`, if any.
    pub fn in_run(&self, run: RunId) -> Option<&Notable> {
        self.notable.iter().find(|n| n.run == run)
    }
}

/// A comparison's history from the run where its page could first be built, the first
/// whose snapshot holds a record of every side: a feed lists the page as new there, and
/// nothing before it. (Before, the page's table shows only some sides; their news is on
/// their own pages, and a run's entry does not change when a later run adds a comparison.)
fn since_every_side(history: &[HistoryEntry]) -> &[HistoryEntry] {
    let start = history.iter().position(|e| e.every_side);
    &history[start.unwrap_or(0)..]
}

/// One feed entry: a run, and the pages that changed notably in it, whose lead changed hands
/// in it, or that are new in it, with their news (none for a new page), in the order given.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedEntry<'a> {
    pub run: RunId,
    pub pages: Vec<(&'a PageRuns, Option<&'a Notable>)>,
    /// The run holds no results at all (an empty result file).
    pub empty: bool,
    /// The site's first run holding results, where most pages start: listed without its
    /// pages, which would be most of the site.
    pub first: bool,
    /// How many pages start in this run (in the site's first run, unlisted).
    pub new_pages: usize,
}

impl FeedEntry<'_> {
    /// How many of the listed pages changed by [`NOTABLE_PERCENT`] or more (or have a value
    /// come or go).
    pub fn changed_pages(&self) -> usize {
        self.counted(|n| !n.changes.is_empty())
    }

    /// How many of the listed pages are comparisons whose lead changed hands.
    pub fn lead_pages(&self) -> usize {
        self.counted(|n| !n.flips.is_empty())
    }

    fn counted(&self, news: impl Fn(&Notable) -> bool) -> usize {
        let pages = self.pages.iter();
        pages.filter(|(_, n)| n.is_some_and(&news)).count()
    }
}

/// The entries of a feed over `pages`: one per run that any of them has a history entry for,
/// and one per run of `empty` (runs holding no record, which the site's feed lists as such;
/// a model's has none), newest first (by `rank`, the run's place in run order), at most
/// [`MAX_ENTRIES`]. The entry of `first`, the site's first run holding results, lists no page.
pub fn entries<'a>(
    pages: &[&'a PageRuns],
    empty: &[RunId],
    first: Option<RunId>,
    rank: impl Fn(RunId) -> usize,
) -> Vec<FeedEntry<'a>> {
    let runs = pages.iter().flat_map(|p| p.runs.iter().copied());
    let mut runs: Vec<RunId> = runs.chain(empty.iter().copied()).collect();
    runs.sort_unstable_by_key(|&r| std::cmp::Reverse(rank(r)));
    runs.dedup();
    runs.truncate(MAX_ENTRIES);
    runs.into_iter()
        .map(|run| FeedEntry {
            run,
            pages: match Some(run) == first {
                true => Vec::new(),
                false => pages.iter().filter_map(|p| listed(p, run)).collect(),
            },
            empty: empty.contains(&run),
            first: Some(run) == first,
            new_pages: pages.iter().filter(|p| p.starts_in(run)).count(),
        })
        .collect()
}

/// Page `p` in the entry of `run` (not the site's first), with its news there: a page new in
/// the run has none, since its history starts there.
fn listed(p: &PageRuns, run: RunId) -> Option<(&PageRuns, Option<&Notable>)> {
    match p.in_run(run) {
        Some(news) => Some((p, Some(news))),
        None => p.starts_in(run).then_some((p, None)),
    }
}

/// The date of a feed entry for the run at `place` in run order (`dates` in run order): its
/// run's date; for an undated run, the date of the latest dated run before it; else none
/// (the feed then says 1970-01-01). Never the build time.
pub fn entry_date<'d, D: ?Sized>(dates: &[Option<&'d D>], place: usize) -> Option<&'d D> {
    dates.get(..=place)?.iter().rev().find_map(|d| *d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(run: usize, throughputs: &[Option<f64>]) -> HistoryEntry {
        crate::compute::history::test_entry(run, &[(40.0, throughputs)])
    }

    #[test]
    fn changes_of_five_percent_or_more_and_values_that_come_or_go_count() {
        let history = [
            entry(3, &[Some(100.0), None]),
            entry(1, &[Some(104.9), None]),
            entry(2, &[Some(99.0), Some(60.0)]),
            entry(4, &[None, Some(66.0)]),
        ];
        let p = PageRuns::of(7, &history, false);
        assert_eq!(p.runs, [3, 1, 2, 4].map(RunId));
        // Run 3 is the page's first: no change there (the feed lists the page as new).
        assert_eq!(p.in_run(RunId(3)), None);
        assert!(p.starts_in(RunId(3)) && !p.starts_in(RunId(1)));
        // Run 1: +4.9%: nothing. Run 2: side 1 new, then 99/104.9 = −5.62%.
        assert_eq!(p.in_run(RunId(1)), None);
        let two = &p.in_run(RunId(2)).unwrap().changes;
        assert_eq!(two.iter().map(|c| c.side).collect::<Vec<_>>(), [1, 0]);
        assert_eq!(two[0].change, Change::New);
        let percent = two[1].change.percent().unwrap();
        assert!((percent + 5.6244).abs() < 1e-3, "{two:?}");
        // Run 4: side 0 gone first, then 66/60 = +10%.
        let four = &p.in_run(RunId(4)).unwrap().changes;
        assert_eq!(four[0].change, Change::Gone);
        assert!(
            (four[1].change.percent().unwrap() - 10.0).abs() < 1e-9,
            "{four:?}"
        );
    }

    /// 103 against 100, then 100 against 103: each side moves by under 3%, but the lead
    /// changes hands, which is news on a comparison (not on a hub, whose sides are series).
    /// A lead that becomes a tie (100 against 100.5) is not.
    #[test]
    fn on_a_comparison_a_change_of_hands_is_news_however_small_the_changes() {
        let history = [
            entry(0, &[Some(103.0), Some(100.0)]),
            entry(1, &[Some(100.0), Some(103.0)]),
            entry(2, &[Some(100.0), Some(100.5)]),
        ];
        let p = PageRuns::of(0, &history, true);
        let one = p.in_run(RunId(1)).expect("the change of hands is listed");
        assert!(one.changes.is_empty(), "{one:?}");
        let flipped: Vec<(f64, usize, usize)> = (one.flips.iter())
            .map(|f| (f.interactivity, f.before, f.now))
            .collect();
        assert_eq!(flipped, [(40.0, 0, 1)]);
        assert_eq!(p.in_run(RunId(2)), None);
        assert_eq!(PageRuns::of(0, &history, false).notable, []);
        // In the run's entry the page counts as one whose lead changed, not as changed.
        let e = entries(&[&p], &[], Some(RunId(0)), |r| r.0);
        let counts: Vec<(usize, usize, usize)> = (e.iter())
            .map(|e| (e.run.0, e.changed_pages(), e.lead_pages()))
            .collect();
        assert_eq!(counts, [(2, 0, 0), (1, 0, 1), (0, 0, 0)]);
    }

    /// Side 1 first measured in run 2: before, the comparison had nothing to compare, so
    /// side 0's +50% in run 1 is not its news, and run 2 lists it as new. A hub's series
    /// (`compares` false) count from its first.
    #[test]
    fn a_comparison_starts_where_every_side_is_measured() {
        let history = [
            entry(0, &[Some(100.0), None]),
            entry(1, &[Some(150.0), None]),
            entry(2, &[Some(150.0), Some(90.0)]),
            entry(3, &[Some(150.0), Some(99.0)]),
        ];
        let p = PageRuns::of(0, &history, true);
        assert_eq!(p.runs, [2, 3].map(RunId));
        assert!(p.starts_in(RunId(2)));
        let runs: Vec<usize> = p.notable.iter().map(|n| n.run.0).collect();
        assert_eq!(runs, [3]);
        let e = entries(&[&p], &[], Some(RunId(0)), |r| r.0);
        let listed: Vec<(usize, usize, usize)> = (e.iter())
            .map(|e| (e.run.0, e.pages.len(), e.new_pages))
            .collect();
        assert_eq!(listed, [(3, 1, 0), (2, 1, 1)]);
        let hub = PageRuns::of(0, &history, false);
        assert_eq!(hub.runs, [0, 1, 2, 3].map(RunId));
        let runs: Vec<usize> = hub.notable.iter().map(|n| n.run.0).collect();
        assert_eq!(runs, [1, 2, 3]);
    }

    #[test]
    fn entries_are_newest_first_and_at_most_fifty() {
        let pages: Vec<PageRuns> = (0..60)
            .map(|r| PageRuns::of(r, &[entry(r, &[Some(1.0)])], false))
            .collect();
        let refs: Vec<&PageRuns> = pages.iter().collect();
        let e = entries(&refs, &[], None, |r| r.0);
        assert_eq!(e.len(), MAX_ENTRIES);
        assert_eq!((e[0].run, e[49].run), (RunId(59), RunId(10)));
    }

    #[test]
    fn an_empty_run_has_an_entry_in_its_place() {
        let pages = [
            PageRuns::of(0, &[entry(0, &[Some(1.0)]), entry(2, &[Some(2.0)])], false),
            PageRuns::of(1, &[entry(3, &[Some(1.0)])], false),
        ];
        let refs: Vec<&PageRuns> = pages.iter().collect();
        let e = entries(&refs, &[RunId(1)], Some(RunId(0)), |r| r.0);
        let got: Vec<(usize, usize, usize, bool, bool)> = e
            .iter()
            .map(|e| (e.run.0, e.pages.len(), e.new_pages, e.empty, e.first))
            .collect();
        // Page 1 starts in run 3 (listed as new), page 0 in run 0, the site's first run,
        // which counts it and lists no page.
        assert_eq!(
            got,
            [
                (3, 1, 1, false, false),
                (2, 1, 0, false, false),
                (1, 0, 0, true, false),
                (0, 0, 1, false, true)
            ]
        );
    }

    #[test]
    fn an_undated_run_takes_the_latest_dated_run_before_it() {
        let dates = [None, Some("2026-01-02"), None, Some("2026-01-09"), None];
        let got: Vec<_> = (0..5).map(|i| entry_date(&dates, i)).collect();
        assert_eq!(
            got,
            [
                None,
                Some("2026-01-02"),
                Some("2026-01-02"),
                Some("2026-01-09"),
                Some("2026-01-09")
            ]
        );
    }
}
