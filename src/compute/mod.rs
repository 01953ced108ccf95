//! Stage 3, compute: every figure the site shows, computed once, by the rules of SPEC §3.
//!
//! - [`metrics`]: the formulas, the frontier, Steffen's spline and the matched targets;
//! - [`figures`]: what follows from one measured point on its accelerator — cost per million
//!   tokens for each provider, tok/s/MW, J/token — for every record, once per build;
//! - [`page`]: a page's numbers — each side's frontier, the targets, the matched rows —
//!   exactly what its `index.json` holds, unrounded;
//! - [`configurations`]: where a comparison side's frontier, drawn through all its
//!   configurations' points, runs below one configuration's own curve at a matched target,
//!   or between two configurations' points;
//! - [`mod@rankings`]: which accelerator leads each model at each interactivity tier;
//! - [`spread`]: each configuration's run-to-run spread, for every record, once per build;
//! - [`history`]: a page's rows on each run's snapshot; [`since`]: what changed since the
//!   previous run, read off that history; [`feed`]: each page's notable changes per run, for
//!   the Atom feeds.
//!
//! Nothing here formats or names anything; [`crate::render`] does that.

pub mod configurations;
pub mod feed;
pub mod figures;
pub mod history;
pub mod metrics;
pub mod page;
pub mod rankings;
pub mod since;
pub mod spread;

pub use configurations::{Dip, between_configurations, dips};
pub use feed::PageRuns;
pub use figures::{Figures, RecordFigures};
pub use page::{PageData, PointData, Range, Row, SideData, Values, compute};
pub use rankings::{Cheapest, Ranking, rankings};
pub use spread::{Spread, Spreads};
