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
use crate::render::Renderer;
use crate::render::views::MeasuredRow;
use crate::site::Site;

/// Every record's table row, as escaped HTML, by index into the dataset's records.
pub(super) struct TableRows(Vec<Box<str>>);

impl TableRows {
    /// Rows for every record with figures (validation guarantees that is every record).
    pub(super) fn render(
        site: &Site,
        figures: &RecordFigures,
        spreads: &Spreads,
        renderer: &Renderer,
    ) -> Result<TableRows> {
        #[derive(Serialize)]
        struct RowView {
            row: MeasuredRow,
        }
        site.data
            .records
            .par_iter()
            .enumerate()
            .map(|(i, r)| {
                let Some(f) = figures.get(i) else {
                    return Ok(Box::default());
                };
                let row = MeasuredRow::new(r, f, spreads.get(i), site.config.default_cost);
                // Boxed to its length: Tera's buffer is sized for a whole template.
                Ok(renderer
                    .render("partials/point_row.html", &RowView { row })?
                    .into_boxed_str())
            })
            .collect::<Result<_>>()
            .map(TableRows)
    }

    pub(super) fn get(&self, record: usize) -> &str {
        &self.0[record]
    }
}
