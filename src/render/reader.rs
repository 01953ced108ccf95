//! The reader tools' views (SPEC §15), for `static/reader.js`.
//!
//! "Your prices": what hub, comparison and ranking pages embed so that the script can reprice
//! their tables and chart with the reader's own $/GPU-hour and all-in kW. Only the published prices and power of the accelerators a page shows go in (a
//! few hundred bytes); every figure the script recomputes follows SPEC §3's formulas from the
//! throughput the tables already carry (`data-t`), so no other number is embedded.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::input::catalog::{Catalog, CostProvider, Hardware};
use crate::input::config::SiteConfig;
use crate::plan::urls;
use crate::render::labels;
use crate::render::script::to_script_json;
use crate::types::HardwareId;

/// The form's choices and the script's data (`json`, escaped for a script element).
#[derive(Debug, Clone, Serialize)]
pub struct PricesView {
    /// `{"default": "hyperscaler", "hardware": {"b200": {"price": {...}, "kw": 2.17}}}`.
    pub json: String,
    /// The provider the page's published figures (and its prose) use.
    pub default_name: &'static str,
    pub providers: Vec<ProviderChoice>,
    /// The page's accelerators in page order, each with its published figures.
    pub hardware: Vec<HardwareChoice>,
    /// Whether the fields of each accelerator start folded away: on a page of more than
    /// [`UNFOLDED_UP_TO`] accelerators (a ranking), where their rows would push the tables a
    /// screen or more down on a phone.
    pub folded: bool,
}

/// The most accelerators whose price fields a page shows unfolded: a hub's one, a chip
/// comparison's two.
pub const UNFOLDED_UP_TO: usize = 2;

#[derive(Debug, Clone, Serialize)]
pub struct ProviderChoice {
    pub key: &'static str,
    pub name: &'static str,
    pub selected: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct HardwareChoice {
    pub id: String,
    pub name: String,
    /// USD per GPU-hour at the default provider: the field's initial value.
    pub price: f64,
    pub kw: f64,
}

/// What the script reads: every provider's price and the power of each accelerator shown.
#[derive(Serialize)]
struct PriceData<'a> {
    default: &'static str,
    hardware: BTreeMap<&'a str, PublishedFigures>,
}

#[derive(Serialize)]
struct PublishedFigures {
    price: BTreeMap<&'static str, f64>,
    kw: f64,
}

impl PricesView {
    /// The prices of the accelerators in `shown`, in the order the page first shows them
    /// (repeats allowed); one the catalog lacks is left out (its figures could not be
    /// repriced anyway).
    pub fn new<'a>(
        catalog: &Catalog,
        shown: impl IntoIterator<Item = &'a HardwareId>,
        default: CostProvider,
    ) -> PricesView {
        let mut listed: Vec<&Hardware> = Vec::new();
        for h in shown.into_iter().filter_map(|id| catalog.hardware(id)) {
            if !listed.iter().any(|l| l.id == h.id) {
                listed.push(h);
            }
        }
        let data = PriceData {
            default: default.key(),
            hardware: listed
                .iter()
                .map(|h| {
                    let price = CostProvider::ALL
                        .iter()
                        .map(|&p| (p.key(), h.cost_per_gpu_hour.get(p)))
                        .collect();
                    let figures = PublishedFigures {
                        price,
                        kw: h.power_kw,
                    };
                    (h.id.as_str(), figures)
                })
                .collect(),
        };
        PricesView {
            json: to_script_json(&data),
            default_name: labels::cost_provider(default),
            providers: CostProvider::ALL
                .iter()
                .map(|&p| ProviderChoice {
                    key: p.key(),
                    name: labels::cost_provider(p),
                    selected: p == default,
                })
                .collect(),
            hardware: listed
                .iter()
                .map(|h| HardwareChoice {
                    id: h.id.to_string(),
                    name: h.name.clone(),
                    price: h.cost_per_gpu_hour.get(default),
                    kw: h.power_kw,
                })
                .collect(),
            folded: listed.len() > UNFOLDED_UP_TO,
        }
    }
}

/// The host page's half of an embed's height: each embed frame (`data-benchsite-embed`) takes
/// the height its own page posts, a number checked to be sane; a message from anything else
/// is ignored. Pasting several embeds repeats it harmlessly, each frame matched by its window.
/// The sender's origin is not checked: the site may be served from more than one (a preview,
/// `serve`), and only the document in the frame can post from its window, with nothing to
/// gain beyond a frame height under 100,000 px.
const RESIZE: &str = "<script>addEventListener(\"message\",function(e){var h=e.data&&e.data.benchsiteEmbedHeight;if(typeof h==\"number\"&&h>0&&h<1e5)document.querySelectorAll(\"iframe[data-benchsite-embed]\").forEach(function(f){if(f.contentWindow===e.source)f.style.height=h+\"px\"})})</script>";

/// The "Copy link" button every page with reader tools has, and on hubs and comparisons the
/// "Embed" control: the page's embeddable copy (`/embed/…`, absolute) and the `<iframe>`
/// snippet for it, which `static/reader.js` keeps in step with the reader's settings.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ShareView {
    pub embed_url: Option<String>,
    pub snippet: Option<String>,
}

impl ShareView {
    /// The controls of the data page at `path`, named `heading` in the snippet's title, whose
    /// embed shows caveats taking `notes` slots of two lines ([`super::pages`]' `Caveats::slots`).
    ///
    /// The snippet is the `<iframe>` and a one-line script ([`RESIZE`]) that sets the frame's
    /// height to what the embed page posts (`static/reader.js`, `reportHeight`), so it fits
    /// at any width. Where the host drops the script, the frame keeps its fixed height: 1100
    /// px and 75 px more per slot, what the demo's embed pages need in an 800 px column
    /// (1,045 px without a caveat, and 75 more per caveat of two lines; Chromium,
    /// 2026-12-05; a configuration note of four lines takes two slots). A taller
    /// page (a narrow column, a hub with many series) then scrolls inside the frame, its title
    /// linking to the full page at the top.
    pub fn with_embed(config: &SiteConfig, path: &str, heading: &str, notes: usize) -> ShareView {
        let url = format!("{}{}", config.base_url, urls::embed(path));
        let height = 1100 + 75 * notes;
        let snippet = format!(
            "<iframe src=\"{url}\" title=\"{}\" width=\"100%\" height=\"{height}\" loading=\"lazy\" style=\"border:0\" data-benchsite-embed></iframe>\n{RESIZE}",
            crate::render::escape_html(heading)
        );
        ShareView {
            embed_url: Some(url),
            snippet: Some(snippet),
        }
    }
}
