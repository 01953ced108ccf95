//! The measured-points tables' rows, rendered once per build.
//!
//! A record is listed on its hub and on every comparison that covers it, always with the same
//! figures (costs use the site's cost provider), so its row is rendered from
//! `partials/point_row.html` once and placed on each page as it is. Rendering the rows page by
//! page was a sixth of a large build; rendering the mixed-precision pages' rows page by page
//! was still a tenth of the 10k bench build (its chip pages mix precisions often).

use std::sync::OnceLock;

use rayon::prelude::*;
use serde::Serialize;

use crate::compute::{RecordFigures, Spreads};
use crate::error::Result;
use crate::render::views::MeasuredRow;
use crate::render::{Renderer, labels};
use crate::site::Site;

/// Every record's table row, as escaped HTML, by index into the dataset's records: without a
/// precision cell (most pages) and with one (chip-vs-chip pages whose sides mix precisions).
/// Rows without the cell that the pages about to be rendered show are rendered up front; any
/// other row is rendered the first time a page asks for it and kept for the next page (a
/// record shows on every chip page of its model and sequence that involves its accelerator).
pub(super) struct TableRows {
    plain: Vec<OnceLock<Box<str>>>,
    with_precision: Vec<OnceLock<Box<str>>>,
}

/// What rendering a row needs.
pub(super) struct RowSources<'a> {
    pub site: &'a Site,
    pub figures: &'a RecordFigures,
    pub spreads: &'a Spreads,
    pub renderer: &'a Renderer,
}

impl TableRows {
    /// Rows without a precision cell for every record `wanted` names (validation guarantees
    /// every record has figures).
    pub(super) fn render(
        from: &RowSources,
        wanted: &(dyn Fn(usize) -> bool + Sync),
    ) -> Result<TableRows> {
        let count = from.site.data.records.len();
        let plain = (0..count)
            .into_par_iter()
            .map(|i| {
                let row = OnceLock::new();
                if wanted(i) {
                    let _ = row.set(row_html(from, i, false)?.into_boxed_str());
                }
                Ok(row)
            })
            .collect::<Result<_>>()?;
        Ok(TableRows {
            plain,
            with_precision: (0..count).map(|_| OnceLock::new()).collect(),
        })
    }

    /// Record `record`'s row, with a precision cell when `with_precision`; rendered now if no
    /// page asked for it before.
    pub(super) fn get(
        &self,
        from: &RowSources,
        record: usize,
        with_precision: bool,
    ) -> Result<&str> {
        let rows = match with_precision {
            true => &self.with_precision,
            false => &self.plain,
        };
        let row = &rows[record];
        if let Some(html) = row.get() {
            return Ok(html);
        }
        // Two threads may render the same row at once; both renderings are equal.
        let html = row_html(from, record, with_precision)?.into_boxed_str();
        Ok(row.get_or_init(|| html))
    }
}

/// A record's row (empty without figures), with a precision cell when `with_precision`.
fn row_html(from: &RowSources, record: usize, with_precision: bool) -> Result<String> {
    let RowSources {
        site,
        figures,
        spreads,
        renderer,
    } = from;
    #[derive(Serialize)]
    struct RowView {
        row: MeasuredRow,
    }
    let Some(f) = figures.get(record) else {
        return Ok(String::new());
    };
    let r = &site.data.records[record];
    let mut row = MeasuredRow::new(r, f, spreads.get(record), site.config.default_cost);
    if with_precision {
        row.precision = Some(labels::precision(&r.precision));
    }
    renderer.render("partials/point_row.html", &RowView { row })
}
