//! The measured-points tables' rows, rendered once per build.
//!
//! A record is listed on its hub and on every comparison that covers it, always with the same
//! figures (costs use the site's cost provider), so its row is rendered from
//! `partials/point_row.html` once and placed on each page as it is. Rendering the rows page by
//! page was a sixth of a large build.

use rayon::prelude::*;
use serde::Serialize;

use crate::compute::{RecordFigures, Spreads};
use crate::error::Result;
use crate::render::views::MeasuredRow;
use crate::render::{Renderer, labels};
use crate::site::Site;

/// Every record's table row, as escaped HTML, by index into the dataset's records.
/// Rows the pages rendered are expected to show are rendered up front; any other is `None`,
/// and rendered when a page asks for it ([`super::Pages`]).
pub(super) struct TableRows(Vec<Option<Box<str>>>);

impl TableRows {
    /// Rows for every record `wanted` names (validation guarantees every record has figures).
    pub(super) fn render(
        site: &Site,
        figures: &RecordFigures,
        spreads: &Spreads,
        renderer: &Renderer,
        wanted: &(dyn Fn(usize) -> bool + Sync),
    ) -> Result<TableRows> {
        (0..site.data.records.len())
            .into_par_iter()
            .map(|i| match wanted(i) {
                true => Ok(Some(
                    row_html(site, figures, spreads, renderer, i, false)?.into_boxed_str(),
                )),
                false => Ok(None),
            })
            .collect::<Result<_>>()
            .map(TableRows)
    }

    /// Record `record`'s row, if it was rendered up front.
    pub(super) fn get(&self, record: usize) -> Option<&str> {
        self.0[record].as_deref()
    }
}

/// A record's row (empty without figures), with a precision cell when `with_precision`: the
/// rare pages whose sides mix precisions render their rows this way, page by page.
pub(super) fn row_html(
    site: &Site,
    figures: &RecordFigures,
    spreads: &Spreads,
    renderer: &Renderer,
    record: usize,
    with_precision: bool,
) -> Result<String> {
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
