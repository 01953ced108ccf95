//! Data pages: hubs ([`super::hub`]) and comparisons ([`super::comparison`]), each with its
//! downloads, and what both kinds share: side names, the chart, the measured-points tables and
//! the links to the same page at other sequences.

use std::collections::BTreeSet;

use serde::Serialize;

use super::embed::EmbedBody;
use super::since::SinceView;
use super::{Pages, comparison, downloads, hub};
use crate::compute::{PageData, PointData, SideData};
use crate::error::{Error, Result};
use crate::output::OutputFile;
use crate::plan::{Family, PagePlan, precision_rank, urls};
use crate::render::chart::{self, ChartSeries};
use crate::render::filters::and_list;
use crate::render::reader::{PricesView, ShareView};
use crate::render::table::TableView;
use crate::render::views::{ChartView, ChoiceLink, SetupView};
use crate::render::{labels, marker, plot};
use crate::types::{Framework, Precision, SpecDecoding};

/// Renders one planned page and its downloads (plus the sequence-less copy of a comparison
/// at its default sequence).
pub(super) fn render(pages: &Pages, plan: &PagePlan, data: &PageData) -> Result<Vec<OutputFile>> {
    let site = pages.site;
    let labels = labels::sides(plan, &site.catalog);
    let mut files = Vec::from(downloads::files(
        data,
        &labels,
        plan,
        pages.figures,
        &site.data,
    )?);
    let parts = Parts {
        pages,
        plan,
        data,
        labels,
    };
    if let Some(on) = plan.as_hub() {
        files.extend(hub::render(&parts, on)?);
        return Ok(files);
    }
    let is_default = site.plan.defaults.get(&plan.subject) == Some(&plan.sequence);
    let copy_at = is_default.then(|| plan.subject.base_path());
    files.extend(comparison::render(&parts, copy_at)?);
    Ok(files)
}

/// One data page being rendered: its plan, numbers and side names.
pub(super) struct Parts<'p, 'a> {
    pub pages: &'p Pages<'a>,
    pub plan: &'p PagePlan,
    pub data: &'p PageData,
    /// The sides' names, in page order.
    pub labels: Vec<String>,
}

/// The measured points of `side` that lie on its frontier.
fn on_frontier(side: &SideData) -> impl Iterator<Item = &PointData> {
    side.points.iter().filter(|p| side.on_frontier(p))
}

/// A side or series as the legend, table swatches and chart share it.
#[derive(Serialize)]
pub(super) struct SideView {
    label: String,
    slot: usize,
}

/// Which notes the page carries, before its numbers; their wording is in
/// `templates/partials/caveats.html`.
#[derive(Serialize, Default)]
pub(super) struct Caveats {
    pub spec_decoding: bool,
    pub mixed_engines: bool,
    /// On a hub, whose series are one engine each: the note says the series differ in
    /// engine, not that a frontier mixes engines.
    pub across_series: bool,
    pub no_overlap: bool,
    /// On a comparison that is not about speculative decoding, the methods (`MTP`) behind some
    /// of the frontiers' points but not all: part of the difference may be theirs. Empty else.
    pub speculation: Vec<String>,
    /// The overlap, where it is narrow ([`crate::compute::metrics::narrow`]): the figures hold only there.
    pub narrow: Option<Narrow>,
    /// Per side, where its frontier runs below one of its configurations at a target
    /// ([`crate::compute::dips`]).
    pub dips: Vec<DipView>,
    /// Each side's engines, where no engine serves two sides ([`DataParts::engines_apart`]):
    /// the engine note then names them. Empty else.
    pub engines: Vec<SideEngines>,
}

/// The inference engines behind one side's frontier: `name` as it stands within a sentence.
#[derive(Serialize)]
pub(super) struct SideEngines {
    pub name: String,
    pub engines: Vec<String>,
}

/// A side whose frontier runs below one of its configurations ([`crate::compute::dips`]) at
/// the targets `xs` (`same`: below the same configuration at each): at `x`, where it does
/// most, the configuration `configuration` (its hub page at that speed: `href`) alone
/// delivers `throughput` tok/s/GPU, `versus` the side's figure in the table ("56% more
/// tok/s/GPU than the table's 512.6", SPEC §5's wording); `side` is the side's name at the
/// start of a sentence.
#[derive(Serialize)]
pub(super) struct DipView {
    pub side: String,
    pub xs: Vec<f64>,
    pub same: bool,
    pub x: f64,
    pub configuration: String,
    pub href: String,
    pub throughput: f64,
    pub versus: String,
}

/// A side's frontier range, named: what a page gives where the ranges say more than values.
/// `label` is the side's name at the start of a sentence, `name` within one (they differ on
/// disaggregation pages: "Disaggregated serving", "aggregated serving").
#[derive(Serialize, Clone)]
pub(super) struct SideRange {
    pub label: String,
    pub name: String,
    pub lo: f64,
    pub hi: f64,
}

/// A narrow overlap, `lo` to `hi`, and where it lies in the sides' ranges, so that the page can
/// say why the figures hold only there.
#[derive(Serialize)]
pub(super) struct Narrow {
    pub lo: f64,
    pub hi: f64,
    #[serde(flatten)]
    pub sides: NarrowSides,
}

/// The sides of a narrow overlap, by how their ranges meet ([`crate::compute::metrics::meeting`]);
/// `meeting` in templates is `at_ends` or `inside`.
#[derive(Serialize)]
#[serde(tag = "meeting", rename_all = "snake_case")]
pub(super) enum NarrowSides {
    /// The overlap is the slow end of `slow_end`'s range and the fast end of `fast_end`'s,
    /// where a large multiple ("56.31× the tok/s/GPU") compares one side at one extreme with
    /// the other at the opposite one.
    AtEnds {
        slow_end: SideRange,
        fast_end: SideRange,
    },
    /// `inside`'s whole range is a small part of `around`'s.
    Inside {
        inside: SideRange,
        around: SideRange,
    },
}

impl Caveats {
    /// How much room the notes `partials/caveats.html` shows take, in notes of two lines: one
    /// each, and two for each configuration note (`dips`), which runs to four lines in an
    /// 800 px column.
    pub fn slots(&self) -> usize {
        let flags = [
            self.spec_decoding,
            self.mixed_engines,
            self.no_overlap,
            !self.speculation.is_empty(),
            self.narrow.is_some(),
        ];
        flags.into_iter().filter(|&shown| shown).count() + 2 * self.dips.len()
    }
}

/// The sides' names as prose writes them: `start` at the start of a sentence, `mid` within
/// one. Disaggregation's sides are adjectives on the page ("Disaggregated", "Aggregated"); prose
/// makes them nouns, "Disaggregated serving was measured …", "… 44% more tok/s/GPU than
/// aggregated serving", and `plain` keeps the bare adjective in lower case ("aggregated") for
/// sites' narrative templates written before the nouns, which add "serving" themselves. Other
/// sides are names (engines, chips, MTP) and keep their own capitals ("vLLM") everywhere.
pub(super) struct SideNames {
    pub start: Vec<String>,
    pub mid: Vec<String>,
    pub plain: Vec<String>,
}

impl SideNames {
    pub fn of(family: Family, labels: &[String]) -> SideNames {
        let each = |f: fn(&String) -> String| labels.iter().map(f).collect();
        match family {
            Family::Disagg => SideNames {
                start: each(|l| format!("{l} serving")),
                mid: each(|l| format!("{} serving", l.to_lowercase())),
                plain: each(|l| l.to_lowercase()),
            },
            _ => SideNames {
                start: labels.to_vec(),
                mid: labels.to_vec(),
                plain: labels.to_vec(),
            },
        }
    }
}

/// Every side's measured points, as rendered `partials/point_row.html` rows: the chart's data
/// for readers who cannot see it.
#[derive(Serialize)]
pub(super) struct SeriesBody<'a> {
    label: String,
    slot: usize,
    /// The rows in groups of one serving setup each (engine, speculative decoding, layout,
    /// precision), in dataset order, concurrency rising within each: a table body per group,
    /// headed by its setup, so a row holds only its point's own figures and a reader sees
    /// where one setup's concurrencies end and the next one's begin.
    groups: Vec<SetupRows<'a>>,
}

/// One serving setup's rows of a measured-points table.
#[derive(Serialize)]
pub(super) struct SetupRows<'a> {
    setup: SetupView,
    rows: Vec<&'a str>,
}

/// What a hub and a comparison page both show besides their words: the legend, caveats,
/// matched table, chart, point tables, reader tools, "since" box and downloads. Each page's
/// body flattens it in, so templates read `page.chart`, `page.table` … on both.
#[derive(Serialize)]
pub(super) struct DataBody<'a> {
    pub caveats: Caveats,
    pub sides: Vec<SideView>,
    pub table: Option<TableView>,
    /// The matched table's caption, here and on the embed.
    pub table_caption: String,
    pub series: Vec<SeriesBody<'a>>,
    pub sequences: Vec<ChoiceLink>,
    pub chart: ChartView,
    /// What changed since the previous run, or none (fewer than two runs).
    pub since: Option<SinceView>,
    /// "Your prices", "Copy link" and "Embed" (SPEC §15).
    pub prices: PricesView,
    pub share: ShareView,
    pub json_href: String,
    pub csv_href: String,
}

impl<'a> DataBody<'a> {
    /// The embed of the page at `full_href`, headed `heading`; `compact` hides the side names
    /// in the table's cells (a hub's legend names its colours).
    pub fn embed(&'a self, heading: &'a str, full_href: &'a str, compact: bool) -> EmbedBody<'a> {
        EmbedBody {
            heading,
            full_href,
            sides: &self.sides,
            caveats: &self.caveats,
            table: self.table.as_ref(),
            table_caption: &self.table_caption,
            table_compact: compact,
            chart: &self.chart,
            csv_href: &self.csv_href,
            prices: &self.prices,
        }
    }
}

impl<'p> Parts<'p, '_> {
    /// The parts both families show. `heading` goes into the chart's accessible name; `title`
    /// titles the `<iframe>` of the "Embed" snippet, which stands alone and whose frame has
    /// room for the embed's `caveats`.
    pub fn body(
        &self,
        heading: &str,
        title: &str,
        caveats: Caveats,
        table_caption: String,
    ) -> Result<DataBody<'p>> {
        let path = self.plan.path();
        Ok(DataBody {
            chart: self.chart(heading)?,
            share: ShareView::with_embed(&self.pages.site.config, &path, title, caveats.slots()),
            caveats,
            sides: self.side_views(),
            table: TableView::new(self.data, &self.labels),
            table_caption,
            series: self.series_tables()?,
            sequences: self.sequence_links(),
            since: self.since(),
            prices: self.prices(),
            json_href: urls::download(&path, "index.json").0,
            csv_href: urls::download(&path, "index.csv").0,
        })
    }

    pub fn side_views(&self) -> Vec<SideView> {
        self.labels
            .iter()
            .enumerate()
            .map(|(i, label)| SideView {
                label: label.clone(),
                slot: marker::slot(i),
            })
            .collect()
    }

    /// True unless every frontier point of every side (every series, on a hub) comes from
    /// one and the same framework (SPEC §5). Never on a framework comparison: its sides
    /// differ in engine by design, each side is one engine, and the note ("… not directly
    /// comparable") would contradict the page (a departure from SPEC §5's "any page").
    pub fn mixed_engines(&self) -> bool {
        self.plan.subject.family() != Family::Framework
            && mixed(self.frontier_points().map(|p| &p.framework))
    }

    /// The speculative-decoding methods of [`Caveats::speculation`]: on a disaggregation page
    /// whose disaggregated points all use MTP, say, "2× the tok/s/GPU" is partly MTP's.
    pub fn mixed_speculation(&self) -> Vec<String> {
        if self.plan.subject.family() == Family::SpecDecode {
            return Vec::new();
        }
        let methods: BTreeSet<&SpecDecoding> =
            self.frontier_points().map(|p| &p.spec_decoding).collect();
        if !methods.iter().any(|m| m.is_none()) {
            return Vec::new();
        }
        (methods.into_iter())
            .filter(|m| !m.is_none())
            .map(labels::spec_decoding)
            .collect()
    }

    /// Each side's frontier engines, where no engine is behind the frontiers of two sides (a
    /// precision page whose FP4 frontier points all come from one engine and FP8's from
    /// another): the page's figures then compare engines as much as what the page is about,
    /// and the engine note says which. Empty where an engine is shared or a side has no
    /// frontier; on framework pages and hubs, whose sides or series differ in engine by
    /// design; and on disaggregation pages, where the data names a disaggregated engine apart
    /// from its aggregated self (`sglang-disagg`, `sglang`), so the sides never share one.
    /// `names`: the sides within a sentence.
    pub fn engines_apart(&self, names: &[String]) -> Vec<SideEngines> {
        let family = self.plan.subject.family();
        if matches!(family, Family::Framework | Family::Hub | Family::Disagg) {
            return Vec::new();
        }
        let per_side: Vec<BTreeSet<&Framework>> = (self.data.sides.iter())
            .map(|s| on_frontier(s).map(|p| &p.framework).collect())
            .collect();
        let all: BTreeSet<&Framework> = per_side.iter().flatten().copied().collect();
        let shared = all.len() != per_side.iter().map(BTreeSet::len).sum::<usize>();
        if shared || per_side.iter().any(BTreeSet::is_empty) {
            return Vec::new();
        }
        (per_side.iter().zip(names))
            .map(|(engines, name)| SideEngines {
                name: name.clone(),
                engines: engines.iter().map(|f| labels::framework(f)).collect(),
            })
            .collect()
    }

    /// The measured points that lie on their side's frontier: the points the table reads.
    fn frontier_points(&self) -> impl Iterator<Item = &PointData> {
        self.data.sides.iter().flat_map(on_frontier)
    }

    /// Each side's measured-points table, its rows grouped by serving setup.
    pub fn series_tables(&self) -> Result<Vec<SeriesBody<'p>>> {
        let pages = self.pages;
        let mixed = self.mixes_precisions();
        let from = pages.row_sources();
        let records = &pages.site.data.records;
        self.plan
            .sides
            .iter()
            .zip(&self.labels)
            .enumerate()
            .map(|(slot, (side, label))| {
                let setups = side.records.chunk_by(|&a, &b| {
                    let (a, b) = (&records[a], &records[b]);
                    (&a.framework, &a.spec_decoding, a.parallelism, &a.precision)
                        == (&b.framework, &b.spec_decoding, b.parallelism, &b.precision)
                });
                let groups = setups.map(|setup| {
                    Ok(SetupRows {
                        setup: SetupView::new(&records[setup[0]], mixed),
                        rows: (setup.iter())
                            .map(|&i| pages.table_rows.get(&from, i))
                            .collect::<Result<_>>()?,
                    })
                });
                Ok(SeriesBody {
                    label: label.clone(),
                    slot: marker::slot(slot),
                    groups: groups.collect::<Result<_>>()?,
                })
            })
            .collect()
    }

    /// A chip-vs-chip page whose points are not all of one precision (on a precision page the
    /// sides' names already say it).
    fn mixes_precisions(&self) -> bool {
        self.plan.subject.family() == Family::Chip
            && self
                .side_precisions()
                .iter()
                .flatten()
                .collect::<BTreeSet<_>>()
                .len()
                > 1
    }

    /// Each side's precisions, narrowest first.
    fn side_precisions(&self) -> Vec<Vec<&'p Precision>> {
        let records = &self.pages.site.data.records;
        self.plan
            .sides
            .iter()
            .map(|side| {
                let mut ps: Vec<&Precision> = side
                    .records
                    .iter()
                    .map(|&i| &records[i].precision)
                    .collect();
                ps.sort_by_key(|p| precision_rank(p));
                ps.dedup();
                ps
            })
            .collect()
    }

    /// Where the sides mix precisions, a sentence saying so for under the heading:
    /// `Precisions differ: B200 at FP4 and FP8, H200 at FP8; the measured-points tables give
    /// each point's precision.`, or where every side has the same mix, `Each side mixes FP4
    /// and FP8; …`.
    pub fn precision_note(&self) -> Option<String> {
        if !self.mixes_precisions() {
            return None;
        }
        let per_side = self.side_precisions();
        let names = |ps: &[&Precision]| -> String {
            let names: Vec<String> = ps.iter().map(|p| labels::precision(p)).collect();
            names.join(" and ")
        };
        if per_side.windows(2).all(|w| w[0] == w[1]) {
            return Some(format!(
                "Each side mixes {}; the measured-points tables give each point's precision.",
                names(&per_side[0])
            ));
        }
        let sides: Vec<String> = per_side
            .iter()
            .zip(&self.labels)
            .map(|(ps, label)| format!("{label} at {}", names(ps)))
            .collect();
        Some(format!(
            "Precisions differ: {}; the measured-points tables give each point's precision.",
            sides.join(", ")
        ))
    }

    /// The same subject at each of its sequences.
    pub fn sequence_links(&self) -> Vec<ChoiceLink> {
        self.pages
            .site
            .plan
            .sequences_of(&self.plan.subject)
            .iter()
            .map(|p| ChoiceLink::sequence(p.sequence, p.path(), self.plan.sequence))
            .collect()
    }

    /// The "Since the previous run" box, where the page's history has two entries or more.
    pub fn since(&self) -> Option<SinceView> {
        let since = self.data.since.as_ref()?;
        let names = SideNames::of(self.plan.subject.family(), &self.labels);
        Some(SinceView::new(
            since,
            &self.labels,
            &names.mid,
            &self.pages.site.data,
        ))
    }

    /// The published prices and power of the page's accelerators, for "Your prices".
    pub fn prices(&self) -> PricesView {
        let site = self.pages.site;
        let shown = self.data.sides.iter().map(|s| &s.hardware);
        PricesView::new(&site.catalog, shown, self.data.cost_provider)
    }

    pub fn model_href(&self) -> String {
        urls::model(self.plan.subject.model())
    }

    /// The page's chart: its sides with their frontiers, plus every other precision measured
    /// for the same model, accelerator and sequence (chart only; chip pages already cover every
    /// precision). `heading` goes into its accessible name.
    pub fn chart(&self, heading: &str) -> Result<ChartView> {
        let mut series: Vec<ChartSeries> = self
            .plan
            .sides
            .iter()
            .zip(&self.data.sides)
            .zip(&self.labels)
            .map(|((s, d), label)| ChartSeries {
                label: label.clone(),
                hardware: d.hardware.to_string(),
                records: s.records.clone(),
                frontier: Some(&d.frontier),
            })
            .collect();
        series.extend(self.other_precisions());
        let label = chart_label(heading, &self.labels);
        let aria = chart::aria_label(&label);
        let lead = self.data.lead_changes();
        let records = &self.pages.site.data.records;
        let split_gpus = (series.iter().flat_map(|s| &s.records)).any(|&i| {
            let r = &records[i];
            r.disagg && (r.input_throughput.is_some() || r.output_throughput.is_some())
        });
        let json = chart::chart_json(&series, &self.pages.chart_rows, &label, &lead)
            .map_err(|e| Error::serialize(urls::page_file(&self.plan.path()), e))?;
        let drawn = chart::plot(&series, &self.pages.chart_rows, &lead);
        Ok(ChartView {
            json,
            plot: plot::html(&drawn, &aria),
            toggles: chart::toggles(&drawn, &series),
            lead_changes: lead.iter().map(|[x, _]| *x).collect(),
            label: aria,
            has_other_precisions: series.iter().any(|s| s.frontier.is_none()),
            axes: &chart::AXES,
            split_gpus,
        })
    }

    /// The same model, accelerator and sequence at other precisions: their hub pages hold
    /// exactly those records.
    fn other_precisions(&self) -> Vec<ChartSeries<'static>> {
        self.pages
            .site
            .plan
            .other_precisions(self.plan)
            .into_iter()
            .map(|(on, hub)| ChartSeries {
                hardware: on.hardware.to_string(),
                label: format!("{} (all configurations)", labels::precision(&on.precision)),
                records: hub
                    .sides
                    .iter()
                    .flat_map(|s| s.records.iter().copied())
                    .collect(),
                frontier: None,
            })
            .collect()
    }
}

/// The chart's accessible name, with `{y}` and `{x}` standing for the axes shown (the script
/// fills them in whenever the reader switches axes).
fn chart_label(heading: &str, labels: &[String]) -> String {
    format!(
        "Chart of {heading}: {{y}} against {{x}} for {}. The table on this page lists the values.",
        and_list(labels)
    )
}

/// Whether `items` holds two different values.
fn mixed<T: PartialEq>(mut items: impl Iterator<Item = T>) -> bool {
    let first = items.next();
    items.any(|item| Some(item) != first)
}
