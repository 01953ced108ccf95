//! What templates see: plain serializable views of a page. Numbers stay numbers (templates
//! format them with filters); choices such as which cell is better are made here, in Rust.

use serde::Serialize;

use crate::catalog::{Catalog, Hardware, Model};
use crate::compute::{PageData, Values};
use crate::config::SiteConfig;
use crate::content::ContentFile;
use crate::record::Record;

/// Site-wide values every template can use.
#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    pub title: String,
    pub base_url: String,
    pub description: String,
    /// Root-relative URL of the fingerprinted stylesheet.
    pub css: String,
    /// Root-relative URL of the fingerprinted chart script.
    pub chart_js: String,
    /// Where pages load ECharts from.
    pub echarts: ScriptSource,
}

/// A third-party script: the pinned CDN copy with its SRI hash, or a self-hosted copy.
#[derive(Debug, Clone, Serialize)]
pub struct ScriptSource {
    pub src: String,
    pub integrity: Option<String>,
}

/// The chart of a data page: its embedded JSON (already escaped for a script element), its
/// accessible name, and whether the precision toggle has anything to add.
#[derive(Debug, Clone, Serialize)]
pub struct ChartView {
    pub json: String,
    pub label: String,
    pub has_other_precisions: bool,
}

/// A link as templates print it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Link {
    pub label: String,
    pub href: String,
}

impl Link {
    pub fn new(label: impl Into<String>, href: impl Into<String>) -> Link {
        Link {
            label: label.into(),
            href: href.into(),
        }
    }
}

/// Head and navigation of a page.
#[derive(Debug, Clone, Serialize)]
pub struct Meta {
    pub title: String,
    pub description: String,
    /// Root-relative path of the page (`/dsr1/`).
    pub path: String,
    /// Absolute canonical URL.
    pub canonical: String,
    pub breadcrumbs: Vec<Link>,
}

impl Meta {
    pub fn new(
        config: &SiteConfig,
        title: String,
        description: String,
        path: &str,
        canonical_path: &str,
    ) -> Meta {
        Meta {
            title,
            description: truncate(&description, 155),
            path: path.to_string(),
            canonical: format!("{}{}", config.base_url, canonical_path),
            breadcrumbs: Vec::new(),
        }
    }
}

/// Everything a template renders: the site, the page's meta, its body, and the editors'
/// commentary attached to it.
#[derive(Debug, Serialize)]
pub struct PageView<'a, B: Serialize> {
    pub site: &'a SiteView,
    pub meta: Meta,
    pub page: B,
    pub commentary: &'a [ContentFile],
}

/// The matched table: one column per target interactivity, one row per metric, each cell
/// listing every side's value with the better one marked.
#[derive(Debug, Clone, Serialize)]
pub struct TableView {
    pub targets: Vec<f64>,
    pub rows: Vec<MetricRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MetricRow {
    /// `throughput`, `cost`, `power` or `concurrency`: picks the cell format in the template.
    pub metric: &'static str,
    pub name: &'static str,
    /// `[target][side]`.
    pub cells: Vec<Vec<Cell>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Cell {
    pub side: String,
    /// The side's colour slot, shared with the chart and legend.
    pub slot: usize,
    pub value: Option<f64>,
    /// The strictly best value among the sides in this cell.
    pub best: bool,
}

/// Which way is better for a metric.
#[derive(Clone, Copy)]
enum Better {
    Higher,
    Lower,
    Neither,
}

impl TableView {
    /// `None` when the page has no matched rows (the sides do not overlap).
    pub fn new(data: &PageData) -> Option<TableView> {
        if data.rows.is_empty() {
            return None;
        }
        type Pick = fn(&Values) -> f64;
        let metrics: [(&str, &str, Pick, Better); 4] = [
            (
                "throughput",
                "Throughput (tok/s/GPU)",
                |v| v.throughput,
                Better::Higher,
            ),
            ("cost", "Cost ($/M tok)", |v| v.cost_per_mtok, Better::Lower),
            ("power", "tok/s/MW", |v| v.tok_s_mw, Better::Higher),
            (
                "concurrency",
                "Concurrency",
                |v| v.concurrency,
                Better::Neither,
            ),
        ];
        let rows = metrics
            .into_iter()
            .map(|(metric, name, pick, better)| MetricRow {
                metric,
                name,
                cells: data
                    .rows
                    .iter()
                    .map(|row| cells(data, &row.values, pick, better))
                    .collect(),
            })
            .collect();
        Some(TableView {
            targets: data.rows.iter().map(|r| r.interactivity).collect(),
            rows,
        })
    }
}

fn cells(
    data: &PageData,
    values: &[Option<Values>],
    pick: fn(&Values) -> f64,
    better: Better,
) -> Vec<Cell> {
    let numbers: Vec<Option<f64>> = values.iter().map(|v| v.as_ref().map(pick)).collect();
    let best = best_index(&numbers, better);
    numbers
        .iter()
        .enumerate()
        .map(|(slot, &value)| Cell {
            side: data.sides[slot].label.clone(),
            slot,
            value,
            best: best == Some(slot),
        })
        .collect()
}

/// The index of the strictly best value, if at least two sides have one and one beats the rest.
fn best_index(numbers: &[Option<f64>], better: Better) -> Option<usize> {
    let sign = match better {
        Better::Higher => 1.0,
        Better::Lower => -1.0,
        Better::Neither => return None,
    };
    let present: Vec<(usize, f64)> = numbers
        .iter()
        .enumerate()
        .filter_map(|(i, v)| Some((i, (*v)? * sign)))
        .collect();
    let (best_i, best_v) = present.iter().copied().max_by(|a, b| a.1.total_cmp(&b.1))?;
    let strictly = present.len() > 1 && present.iter().all(|&(i, v)| i == best_i || v < best_v);
    strictly.then_some(best_i)
}

/// One measured point as the measured-points tables show it (`partials/point_row.html`).
#[derive(Debug, Clone, Serialize)]
pub struct MeasuredRow {
    pub conc: u32,
    pub framework: String,
    pub parallelism: String,
    pub interactivity: f64,
    pub throughput: f64,
    pub cost_per_mtok: f64,
    pub tok_s_mw: f64,
}

impl MeasuredRow {
    pub fn new(r: &Record, hw: &Hardware, provider: crate::catalog::CostProvider) -> MeasuredRow {
        let v = Values::at(r.throughput, f64::from(r.conc), hw, provider);
        MeasuredRow {
            conc: r.conc,
            framework: crate::plan::framework_label(r.framework.as_str()),
            parallelism: r.parallelism.to_string(),
            interactivity: r.interactivity.0,
            throughput: r.throughput,
            cost_per_mtok: v.cost_per_mtok,
            tok_s_mw: v.tok_s_mw,
        }
    }
}

/// A model's and an accelerator's display names, looked up once.
pub fn names<'c>(catalog: &'c Catalog, data: &PageData) -> (&'c Model, Vec<&'c Hardware>) {
    let model = catalog
        .model(&data.model)
        .expect("validated records name catalog models");
    let hardware = data
        .hardware
        .iter()
        .map(|h| {
            catalog
                .hardware(h)
                .expect("validated records name catalog hardware")
        })
        .collect();
    (model, hardware)
}

/// Cuts `text` to at most `max` characters at a word boundary, adding `…`.
pub fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max - 1).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.', ' ']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn best_needs_a_strict_winner_among_two_or_more() {
        assert_eq!(best_index(&[Some(2.0), Some(1.0)], Better::Higher), Some(0));
        assert_eq!(best_index(&[Some(2.0), Some(1.0)], Better::Lower), Some(1));
        assert_eq!(best_index(&[Some(2.0), Some(2.0)], Better::Higher), None);
        assert_eq!(best_index(&[Some(2.0), None], Better::Higher), None);
        assert_eq!(
            best_index(&[None, Some(1.0), Some(3.0)], Better::Higher),
            Some(2)
        );
        assert_eq!(best_index(&[Some(1.0), Some(3.0)], Better::Neither), None);
    }

    #[test]
    fn descriptions_are_cut_at_a_word() {
        assert_eq!(truncate("short", 155), "short");
        let long = "word ".repeat(40);
        let cut = truncate(&long, 155);
        assert!(cut.chars().count() <= 155, "{cut}");
        assert!(cut.ends_with("word…"), "{cut}");
    }
}
