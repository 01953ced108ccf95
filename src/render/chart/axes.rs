//! What the chart's x and y selectors offer: the dimensions a reader can plot, their names
//! with units, which way is better, and the decimals their values are shown with.

use std::sync::LazyLock;

use serde::Serialize;

use crate::input::catalog::CostProvider;
use crate::render::labels;
use crate::render::table::Metric;

/// What the x and y selectors offer: key (a dimension), axis name with unit, which way is
/// better, and the decimals a value is shown with (in tooltips), those of the tables.
#[derive(Debug, Clone, Serialize)]
pub struct AxisChoice {
    pub key: &'static str,
    pub name: String,
    pub better: &'static str,
    /// The decimals of the tooltips' figures; static/chart.js gives a figure of three more
    /// below 0.1, as the tables print costs ([`crate::render::wording::cost_figure`]).
    pub digits: u8,
    /// A constant per GPU over throughput per GPU (cost, J/token): static/chart.js draws its
    /// frontier as that constant over the throughput spline, the values the tables read.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub inverse: bool,
}

fn choice(
    key: &'static str,
    name: impl Into<String>,
    better: &'static str,
    digits: u8,
) -> AxisChoice {
    AxisChoice {
        key,
        name: name.into(),
        better,
        digits,
        inverse: false,
    }
}

/// What the x and y selectors offer, in order, the defaults first: built once, shown by the
/// page's controls (partials/chart.html) and read by static/chart.js from the embedded JSON.
#[derive(Debug, Serialize)]
pub struct Axes {
    pub x: Vec<AxisChoice>,
    pub y: Vec<AxisChoice>,
}

pub static AXES: LazyLock<Axes> = LazyLock::new(|| Axes {
    x: x_choices(),
    y: y_choices(),
});

fn x_choices() -> Vec<AxisChoice> {
    vec![
        choice("interactivity", "Interactivity (tok/s/user)", "higher", 1),
        choice("e2el", "Median end-to-end latency (s)", "lower", 2),
        choice("ttft", "P99 time to first token (s)", "lower", 2),
    ]
}

/// Throughput in any direction is shown as the tables show throughput.
const THROUGHPUT_DIGITS: u8 = Metric::Throughput.digits();

fn y_choices() -> Vec<AxisChoice> {
    let mut ys = vec![
        choice(
            "throughput",
            "Throughput (tok/s/GPU)",
            "higher",
            THROUGHPUT_DIGITS,
        ),
        choice(
            "input",
            "Input throughput (tok/s/GPU)",
            "higher",
            THROUGHPUT_DIGITS,
        ),
        choice(
            "output",
            "Output throughput (tok/s/GPU)",
            "higher",
            THROUGHPUT_DIGITS,
        ),
    ];
    for p in CostProvider::ALL {
        ys.push(AxisChoice {
            key: cost_key(p),
            name: format!(
                "Cost ({}, $/M tok)",
                labels::cost_provider(p).to_lowercase()
            ),
            better: "lower",
            digits: Metric::Cost.digits(),
            inverse: true,
        });
    }
    ys.push(choice(
        "tok_s_mw",
        "Tokens per second per MW (tok/s/MW)",
        "higher",
        Metric::Power.digits(),
    ));
    ys.push(AxisChoice {
        inverse: true,
        ..choice("j_per_tok", "Energy per token (J/token)", "lower", 3)
    });
    ys
}

pub(super) fn cost_key(p: CostProvider) -> &'static str {
    match p {
        CostProvider::Hyperscaler => "cost_hyperscaler",
        CostProvider::Neocloud => "cost_neocloud",
        CostProvider::Rental3yr => "cost_rental_3yr",
    }
}

/// The decimals dimension `key` is shown with (the tables' and tooltips'); 0 for one the
/// selectors do not offer (concurrency).
pub(crate) fn digits(key: &str) -> u8 {
    AXES.x
        .iter()
        .chain(&AXES.y)
        .find(|a| a.key == key)
        .map_or(0, |a| a.digits)
}
