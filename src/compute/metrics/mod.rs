//! Derived metrics (SPEC §3): cost, power efficiency, the Pareto frontier, its
//! monotone interpolant, the matched-interactivity targets a comparison
//! table is read at, and where between them the lead changes hands.
//!
//! Everything here is pure arithmetic on `f64`, so it can be tested exhaustively
//! and templates never have to compute a number themselves.

mod formulas;
mod frontier;
mod lead;
mod matched;
mod spline;

pub use formulas::{cost_per_mtok, joules_per_token, tok_s_per_mw};
pub use frontier::{FrontierPoint, frontier, range};
pub use lead::{Contender, Stretch, TIE_RATIO, leaders, stretches, tied};
pub use matched::{
    Interpolated, Meeting, Overlap, frontier_spline, matched_targets, meeting, narrow, targets_in,
    value_at,
};
pub use spline::MonotoneSpline;
