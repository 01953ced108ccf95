//! A data page's downloads: `index.json` (its numbers, unrounded, SPEC §4) and `index.csv`
//! (every measured point, as a reader would paste it into a spreadsheet).

use serde::Serialize;

use super::csv_file::{CsvFile, decimal};
use crate::compute::metrics::{FrontierPoint, Stretch};
use crate::compute::{PageData, PointData, Range, RecordFigures, Row, SideData};
use crate::error::{Error, Result};
use crate::input::catalog::CostProvider;
use crate::input::dataset::Dataset;
use crate::input::record::Record;
use crate::output::OutputFile;
use crate::plan::{Family, Filter, PagePlan, urls};
use crate::types::{HardwareId, ModelId, Precision, RunDate, Sequence};

/// `index.json` and `index.csv` of the page at `data.path`.
pub(super) fn files(
    data: &PageData,
    labels: &[String],
    plan: &PagePlan,
    figures: &RecordFigures,
    dataset: &Dataset,
) -> Result<[OutputFile; 2]> {
    let (_, json_file) = urls::download(&data.path, "index.json");
    let (_, csv_file) = urls::download(&data.path, "index.csv");
    let records = &dataset.records;
    Ok([
        OutputFile::new(json_file, json(data, labels, plan, dataset)?),
        OutputFile::new(csv_file, csv(data, labels, plan, figures, records)?),
    ])
}

/// The `index.json` schema: the page's numbers with each side's name.
#[derive(Serialize)]
struct IndexJson<'a> {
    path: &'a str,
    family: Family,
    model: &'a ModelId,
    hardware: &'a [HardwareId],
    precision: &'a [Precision],
    #[serde(flatten)]
    sequence: Sequence,
    cost_provider: CostProvider,
    sides: Vec<SideJson<'a>>,
    overlap: Option<Range>,
    rows: &'a [Row],
    /// Which side (by its place in `sides`) serves more tok/s/GPU where (`PageData::leader`).
    leader: &'a [Stretch],
    /// Which side is the cheaper per million tokens where (`PageData::cheaper`).
    cheaper: &'a [Stretch],
    history: Vec<HistoryJson<'a>>,
}

/// One entry of a page's history: the run's label and date, and the rows on its snapshot.
#[derive(Serialize)]
struct HistoryJson<'a> {
    run: &'a str,
    date: Option<&'a str>,
    rows: &'a [Row],
}

#[derive(Serialize)]
struct SideJson<'a> {
    label: &'a str,
    filter: &'a Filter,
    frontier: &'a [FrontierPoint],
    points: Vec<PointJson<'a>>,
}

impl<'a> SideJson<'a> {
    /// `side` with each point's record (`records` by the side's plan, in the same order).
    fn new(label: &'a str, side: &'a SideData, planned: &[usize], records: &'a [Record]) -> Self {
        SideJson {
            label,
            filter: &side.filter,
            frontier: &side.frontier,
            points: side
                .points
                .iter()
                .zip(planned)
                .map(|(point, &r)| PointJson::new(point, &records[r]))
                .collect(),
        }
    }
}

/// A measured point with its layout and, where the data gives them, its provenance (SPEC §2:
/// `image`, `date`, `run_url` "shown in tooltips and exports when present").
#[derive(Serialize)]
struct PointJson<'a> {
    #[serde(flatten)]
    point: &'a PointData,
    parallelism: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    run_url: Option<&'a str>,
}

impl<'a> PointJson<'a> {
    fn new(point: &'a PointData, record: &'a Record) -> Self {
        PointJson {
            point,
            parallelism: record.parallelism.to_string(),
            image: record.image.as_deref(),
            date: record.date.as_ref().map(RunDate::as_str),
            run_url: record.run_url.as_deref(),
        }
    }
}

fn json(data: &PageData, labels: &[String], plan: &PagePlan, dataset: &Dataset) -> Result<Vec<u8>> {
    let doc = IndexJson {
        path: &data.path,
        family: data.family,
        model: &data.model,
        hardware: &data.hardware,
        precision: &data.precision,
        sequence: data.sequence,
        cost_provider: data.cost_provider,
        sides: data
            .sides
            .iter()
            .zip(labels)
            .zip(&plan.sides)
            .map(|((side, label), planned)| {
                SideJson::new(label, side, &planned.records, &dataset.records)
            })
            .collect(),
        overlap: data.overlap,
        rows: &data.rows,
        leader: &data.leader,
        cheaper: &data.cheaper,
        history: data
            .history
            .iter()
            .map(|e| {
                let run = dataset.run(e.run);
                HistoryJson {
                    run: run.map_or("", |r| r.label.as_str()),
                    date: run.and_then(|r| r.date.as_ref()).map(RunDate::as_str),
                    rows: &e.rows,
                }
            })
            .collect(),
    };
    serde_json::to_vec(&doc).map_err(|e| Error::serialize(format!("{}index.json", data.path), e))
}

/// Every measured point with its side, whether it is on the side's frontier, its cost and
/// power figures (priced by the page's provider), and its configuration's runs and range.
fn csv(
    data: &PageData,
    labels: &[String],
    plan: &PagePlan,
    figures: &RecordFigures,
    records: &[Record],
) -> Result<Vec<u8>> {
    let mut csv = CsvFile::new(format!("{}index.csv", data.path), &HEADER)?;
    for ((side, label), side_plan) in data.sides.iter().zip(labels).zip(&plan.sides) {
        for (p, &record) in side.points.iter().zip(&side_plan.records) {
            let f = figures.get(record);
            let r = &records[record];
            let text = |v: &Option<String>| v.clone().unwrap_or_default();
            csv.row([
                label.clone(),
                side.on_frontier(p).to_string(),
                decimal(p.interactivity),
                decimal(p.throughput),
                decimal(p.concurrency),
                f.map_or(String::new(), |f| {
                    decimal(f.cost_per_mtok(data.cost_provider))
                }),
                f.map_or(String::new(), |f| decimal(f.tok_s_mw)),
                p.framework.to_string(),
                p.hardware.to_string(),
                p.precision.to_string(),
                p.spec_decoding.to_string(),
                p.disagg.to_string(),
                p.spread.runs.to_string(),
                decimal(p.spread.throughput_min),
                decimal(p.spread.throughput_max),
                decimal(p.spread.interactivity_min),
                decimal(p.spread.interactivity_max),
                r.parallelism.to_string(),
                text(&r.image),
                r.date.as_ref().map(RunDate::to_string).unwrap_or_default(),
                text(&r.run_url),
            ])?;
        }
    }
    csv.into_bytes()
}

const HEADER: [&str; 21] = [
    "side",
    "on_frontier",
    "interactivity",
    "throughput",
    "concurrency",
    "cost_per_mtok",
    "tok_s_mw",
    "framework",
    "hardware",
    "precision",
    "spec_decoding",
    "disagg",
    "runs",
    "throughput_min",
    "throughput_max",
    "interactivity_min",
    "interactivity_max",
    "parallelism",
    "image",
    "date",
    "run_url",
];
