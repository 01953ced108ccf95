//! The measured-points tables' rows, rendered once per build.
//!
//! A record is listed on its hub and on every comparison that covers it, always with the same
//! figures (costs use the site's cost provider), so its row is rendered from
//! `partials/point_row.html` once and placed on each page as it is. Rendering the rows page by
//! page was a sixth of a large build. A row holds the point's own figures only: its engine,
//! layout and precision head its group of rows ([`crate::render::views::SetupView`]), so one
//! rendering serves pages that show precisions and pages that do not.

use std::sync::OnceLock;

use rayon::prelude::*;
use serde::Serialize;

use crate::compute::{RecordFigures, Spreads};
use crate::error::Result;
use crate::render::Renderer;
use crate::render::views::MeasuredRow;
use crate::site::Site;

/// Every record's table row, as escaped HTML, by index into the dataset's records. Rows the
/// pages about to be rendered show are rendered up front; any other row is rendered the first
/// time a page asks for it and kept for the next page.
pub(super) struct TableRows {
    rows: Vec<OnceLock<Box<str>>>,
}

/// What rendering a row needs.
pub(super) struct RowSources<'a> {
    pub site: &'a Site,
    pub figures: &'a RecordFigures,
    pub spreads: &'a Spreads,
    pub renderer: &'a Renderer,
}

impl TableRows {
    /// Rows for every record `wanted` names (validation guarantees every record has
    /// figures).
    pub(super) fn render(
        from: &RowSources,
        wanted: &(dyn Fn(usize) -> bool + Sync),
    ) -> Result<TableRows> {
        let count = from.site.data.records.len();
        let rows = (0..count)
            .into_par_iter()
            .map(|i| {
                let row = OnceLock::new();
                if wanted(i) {
                    let _ = row.set(row_html(from, i)?.into_boxed_str());
                }
                Ok(row)
            })
            .collect::<Result<_>>()?;
        Ok(TableRows { rows })
    }

    /// Record `record`'s row; rendered now if no page asked for it before.
    pub(super) fn get(&self, from: &RowSources, record: usize) -> Result<&str> {
        let row = &self.rows[record];
        if let Some(html) = row.get() {
            return Ok(html);
        }
        // Two threads may render the same row at once; both renderings are equal.
        let html = row_html(from, record)?.into_boxed_str();
        Ok(row.get_or_init(|| html))
    }
}

/// A record's row (empty without figures).
fn row_html(from: &RowSources, record: usize) -> Result<String> {
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
    let row = MeasuredRow::new(r, f, spreads.get(record), site.config.default_cost);
    renderer.render("partials/point_row.html", &RowView { row })
}
