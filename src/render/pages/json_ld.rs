//! Structured data for search engines on comparison pages: the page's data as a schema.org
//! `Dataset` with its two downloads, and its breadcrumb trail.

use serde_json::{Value, json};

use crate::input::config::SiteConfig;
use crate::plan::urls;
use crate::render::script::to_script_json;
use crate::render::views::Meta;

/// Both documents, escaped for a `<script type="application/ld+json">` element. `own_path` is
/// the page whose downloads the dataset offers (a default-sequence copy offers its sequence
/// page's).
pub(super) fn json_ld(config: &SiteConfig, meta: &Meta, own_path: &str) -> String {
    let base = &config.base_url;
    let download = |name: &str, format: &str| {
        let (url, _) = urls::download(own_path, name);
        json!({"@type": "DataDownload", "encodingFormat": format, "contentUrl": format!("{base}{url}")})
    };
    let dataset = json!({
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": meta.title,
        "description": meta.description,
        "url": meta.canonical,
        "isAccessibleForFree": true,
        "creator": {"@type": "Organization", "name": config.title, "url": format!("{base}{}", urls::HOME)},
        "distribution": [download("index.json", "application/json"), download("index.csv", "text/csv")],
        "variableMeasured": ["Throughput per GPU (tok/s/GPU)", "Interactivity (tok/s/user)", "Cost per million tokens (USD)", "Tokens per second per MW", "Concurrency"],
    });
    let crumbs: Vec<Value> = meta
        .breadcrumbs
        .iter()
        .enumerate()
        .map(|(i, c)| json!({"@type": "ListItem", "position": i + 1, "name": c.label, "item": format!("{base}{}", c.href)}))
        .collect();
    let breadcrumbs = json!({"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": crumbs});
    to_script_json(&[dataset, breadcrumbs])
}
