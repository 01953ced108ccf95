//! A data page's downloads: `index.json` (its numbers, unrounded, SPEC §4) and `index.csv`
//! (every measured point, as a reader would paste it into a spreadsheet).

use serde::Serialize;

use crate::compute::{PageData, Range, RecordFigures, Row, SideData};
use crate::error::{Error, Result};
use crate::input::catalog::CostProvider;
use crate::input::runs::Run;
use crate::output::OutputFile;
use crate::plan::{Family, PagePlan, urls};
use crate::types::{HardwareId, ModelId, Precision};

/// `index.json` and `index.csv` of the page at `data.path`.
pub(super) fn files(
    data: &PageData,
    labels: &[String],
    plan: &PagePlan,
    figures: &RecordFigures,
    runs: &[Run],
) -> Result<[OutputFile; 2]> {
    let (_, json_file) = urls::download(&data.path, "index.json");
    let (_, csv_file) = urls::download(&data.path, "index.csv");
    Ok([
        OutputFile::new(json_file, json(data, labels, runs)?),
        OutputFile::new(csv_file, csv(data, labels, plan, figures)?),
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
    isl: u32,
    osl: u32,
    cost_provider: CostProvider,
    sides: Vec<SideJson<'a>>,
    overlap: Option<Range>,
    rows: &'a [Row],
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
    #[serde(flatten)]
    side: &'a SideData,
}

fn json(data: &PageData, labels: &[String], runs: &[Run]) -> Result<Vec<u8>> {
    let doc = IndexJson {
        path: &data.path,
        family: data.family,
        model: &data.model,
        hardware: &data.hardware,
        precision: &data.precision,
        isl: data.isl,
        osl: data.osl,
        cost_provider: data.cost_provider,
        sides: data
            .sides
            .iter()
            .zip(labels)
            .map(|(side, label)| SideJson { label, side })
            .collect(),
        overlap: data.overlap,
        rows: &data.rows,
        history: data
            .history
            .iter()
            .map(|e| HistoryJson {
                run: runs.get(e.run).map_or("", |r| r.label.as_str()),
                date: runs.get(e.run).and_then(|r| r.date.as_deref()),
                rows: &e.rows,
            })
            .collect(),
    };
    serde_json::to_vec(&doc).map_err(|e| Error::Serialize {
        file: format!("{}index.json", data.path),
        message: e.to_string(),
    })
}

/// Every measured point with its side, whether it is on the side's frontier, its cost and
/// power figures (priced by the page's provider), and its configuration's runs and range.
fn csv(
    data: &PageData,
    labels: &[String],
    plan: &PagePlan,
    figures: &RecordFigures,
) -> Result<Vec<u8>> {
    let fail = |e: csv::Error| Error::Serialize {
        file: format!("{}index.csv", data.path),
        message: e.to_string(),
    };
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(HEADER).map_err(fail)?;
    for ((side, label), side_plan) in data.sides.iter().zip(labels).zip(&plan.sides) {
        for (p, &record) in side.points.iter().zip(&side_plan.records) {
            let on_frontier = side
                .frontier
                .iter()
                .any(|f| f.interactivity == p.interactivity && f.throughput == p.throughput);
            let f = figures.get(record);
            w.write_record([
                label.clone(),
                on_frontier.to_string(),
                p.interactivity.to_string(),
                p.throughput.to_string(),
                p.concurrency.to_string(),
                f.map_or(String::new(), |f| {
                    f.cost_per_mtok(data.cost_provider).to_string()
                }),
                f.map_or(String::new(), |f| f.tok_s_mw.to_string()),
                p.framework.to_string(),
                p.hardware.to_string(),
                p.precision.to_string(),
                p.spec_decoding.to_string(),
                p.disagg.to_string(),
                p.spread.runs.to_string(),
                p.spread.throughput_min.to_string(),
                p.spread.throughput_max.to_string(),
                p.spread.interactivity_min.to_string(),
                p.spread.interactivity_max.to_string(),
            ])
            .map_err(fail)?;
        }
    }
    w.into_inner().map_err(|e| fail(e.into_error().into()))
}

const HEADER: [&str; 17] = [
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
];
