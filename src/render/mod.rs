//! Stage 4, render: finished numbers become files. Every figure comes computed from
//! [`crate::compute`]; what render adds is how two of them compare in words (the ratio, the
//! saving, whether they are tied: [`wording`]), which sentence says so, and the formats.
//!
//! - [`pages`]: every output file, page kind by page kind ([`Pages`]);
//! - [`views`]: what templates see ([`table`]: the matched table's); [`labels`]: every name a reader sees; [`wording`] and
//!   [`filters`]: how numbers and comparisons are written; [`narrative`]: which sentence
//!   template says what; [`chart`]: the ECharts options; [`markdown`]: editors' Markdown;
//!   [`script`]: JSON that is safe inside a `<script>` element; [`reader`]: the reader
//!   tools' views, the published prices and the share controls (SPEC §15).
//!
//! Templates are the editors' domain; everything they print arrives computed in a view and is
//! formatted by the small filters of [`filters`].

pub mod chart;
pub mod filters;
pub mod labels;
pub mod markdown;
pub mod marker;
mod minify;
pub mod narrative;
pub mod pages;
pub mod plot;
pub mod ranking_chart;
pub mod reader;
pub mod script;
pub mod search_view;
pub mod table;
pub mod trend;
pub mod views;
pub mod wording;

use std::sync::OnceLock;

use serde::Serialize;
use tera::{Context, Tera};

use crate::error::{Error, Result};
use crate::input::templates::Templates;
use crate::plan::Family;

pub use pages::Pages;

/// Escapes text for HTML content and quoted attribute values (`&`, `<`, `>`, `"`, `'`), the
/// same escaping templates apply, for the few places that build HTML, SVG or XML in Rust.
pub fn escape_html(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len());
    // Writing into a Vec cannot fail.
    let _ = tera::escape_html(text, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// The site's compiled templates.
pub struct Renderer {
    tera: Tera,
    /// The templates as the editor wrote them, compiled only to report an error: positions in
    /// the minified templates (all on line 2, column 774) are no help to anyone.
    sources: Templates,
    as_written: OnceLock<Option<Tera>>,
}

impl Renderer {
    /// Compiles the site's templates, each minified once (see [`minify::template`]).
    pub fn new(templates: &Templates) -> Result<Renderer> {
        // Plain-text templates (the descriptions) are not HTML to minify.
        let minified = templates
            .sources
            .iter()
            .map(|(name, text)| match name.ends_with(".txt") {
                true => (name.as_str(), text.clone()),
                false => (name.as_str(), minify::template(text)),
            });
        // On an error, the same error found again in the templates as written.
        let tera = compile(minified)
            .map_err(|minified| compile_as_written(templates).err().unwrap_or(minified))?;
        check_pools(&tera)?;
        Ok(Renderer {
            tera,
            sources: templates.clone(),
            as_written: OnceLock::new(),
        })
    }

    pub fn render(&self, template: &str, view: &impl Serialize) -> Result<String> {
        let context = Context::from_serialize(view)?;
        self.tera
            .render(template, &context)
            .map_err(|minified| {
                self.as_written_error(template, &context)
                    .unwrap_or(minified)
            })
            .map_err(Error::from)
    }

    /// The error rendering `template` gives with the templates as written, where it gives one.
    fn as_written_error(&self, template: &str, context: &Context) -> Option<tera::Error> {
        let tera = self
            .as_written
            .get_or_init(|| compile_as_written(&self.sources).ok());
        tera.as_ref()?.render(template, context).err()
    }

    /// Whether the site has template `name` (optional templates: `search-document.html`,
    /// `changes.html`).
    pub fn has(&self, name: &str) -> bool {
        self.tera.get_template_names().any(|n| n == name)
    }

    /// Template names under `prefix`, sorted: a narrative pool.
    pub fn names_under(&self, prefix: &str) -> Vec<String> {
        let mut names: Vec<String> = self
            .tera
            .get_template_names()
            .filter(|n| n.starts_with(prefix))
            .map(str::to_string)
            .collect();
        names.sort();
        names
    }
}

/// The templates as the editor wrote them, unminified: for error reports only.
fn compile_as_written(templates: &Templates) -> std::result::Result<Tera, tera::Error> {
    compile(
        templates
            .sources
            .iter()
            .map(|(name, text)| (name.as_str(), text.as_str())),
    )
}

/// The fewest templates a narrative pool holds (SPEC §5), so that neighbouring pages do not all
/// read alike.
const POOL_SIZE: usize = 4;

/// Every comparison family's sentence pool, and the rankings', holds [`POOL_SIZE`] templates or
/// more: a pool emptied by mistake would drop the prose of all its pages without a word.
fn check_pools(tera: &Tera) -> Result<()> {
    let families = Family::ALL.into_iter().filter(|f| *f != Family::Hub);
    for key in families.map(Family::key).chain(["rankings"]) {
        let prefix = format!("narrative/{key}/");
        let held = tera.get_template_names().filter(|n| n.starts_with(&prefix));
        let held = held.count();
        if held < POOL_SIZE {
            return Err(Error::Template(format!(
                "templates/{prefix} holds {held} templates; a pool of sentences needs at least \
                 {POOL_SIZE}, so that neighbouring pages do not all read alike (SPEC §5)"
            )));
        }
    }
    Ok(())
}

/// The site's templates, with benchsite's filters.
fn compile<'a, T: AsRef<str>>(
    templates: impl IntoIterator<Item = (&'a str, T)>,
) -> std::result::Result<Tera, tera::Error> {
    let mut tera = Tera::default();
    filters::register(&mut tera);
    tera.add_raw_templates(templates)?;
    Ok(tera)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use serde_json::json;

    use super::*;

    /// The shipped templates, as a site made by `benchsite init` has them.
    fn shipped() -> Renderer {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
        Renderer::new(&Templates::read(&dir).unwrap()).unwrap()
    }

    fn side(label: &str, throughput: f64, cost: f64) -> serde_json::Value {
        json!({"label": label, "name": label, "throughput": throughput, "cost_per_mtok": cost})
    }

    #[test]
    fn the_comparison_description_says_each_case_in_one_plain_line() {
        let r = shipped();
        let page = json!({"model": "DeepSeek R1", "setting": "GB200 NVL72 FP4, 1k/1k"});
        let describe = |view: serde_json::Value| {
            narrative::fold(&r.render("descriptions/comparison.txt", &view).unwrap())
        };
        // Two costs that read alike as money get a decimal more (README "Numbers in words").
        let m = json!({"x": 63.0, "a": side("MTP", 5901.94, 0.1003), "b": side("Off & co", 1771.2, 0.1049)});
        assert_eq!(
            describe(json!({"m": m, "disjoint": null, "page": page})),
            "At 63 tok/s/user on DeepSeek R1 (GB200 NVL72 FP4, 1k/1k), MTP delivers 5,902 \
             tok/s/GPU at $0.100/M tokens; Off & co 1,771 at $0.105."
        );
        let range = |label: &str, lo: f64, hi: f64| json!({"label": label, "name": label, "lo": lo, "hi": hi});
        let disjoint =
            json!({"a": range("H100", 22.04, 36.71), "b": range("B200", 37.3, 126.0), "digits": 1});
        assert_eq!(
            describe(json!({"m": null, "disjoint": disjoint, "page": page})),
            "H100 and B200 on DeepSeek R1 (GB200 NVL72 FP4, 1k/1k) do not overlap in \
             interactivity: H100 reaches 22.0–36.7 tok/s/user, B200 37.3–126.0."
        );
        assert_eq!(
            describe(json!({"m": null, "disjoint": null, "page": page})),
            "DeepSeek R1 (GB200 NVL72 FP4, 1k/1k): measured throughput, cost and energy per token."
        );
    }
    #[test]
    fn a_runs_summary_counts_new_and_changed_pages_apart() {
        let r = shipped();
        let summary =
            |empty: bool, first: bool, [new_pages, changed_pages, lead_pages]: [usize; 3]| {
                let view = json!({"empty": empty, "first": first, "new_pages": new_pages,
                "changed_pages": changed_pages, "lead_pages": lead_pages, "notable_percent": 5.0});
                narrative::fold(&r.render("descriptions/run.txt", &view).unwrap())
            };
        // (empty, first, [new, changed, lead pages]) and the summary, worked by hand.
        let cases = [
            (false, false, [0, 0, 0], "no page changed by 5% or more"),
            (false, false, [0, 1, 0], "1 page changed by 5% or more"),
            (false, false, [1, 0, 0], "1 new page"),
            (
                false,
                false,
                [31, 1234, 0],
                "31 new pages, 1,234 pages changed by 5% or more",
            ),
            (false, false, [0, 0, 1], "the lead changed hands on 1 page"),
            (
                false,
                false,
                [2, 0, 3],
                "2 new pages; the lead changed hands on 3 pages",
            ),
            (
                false,
                false,
                [0, 4, 1],
                "4 pages changed by 5% or more; the lead changed hands on 1 page",
            ),
            (
                false,
                false,
                [2, 3, 1],
                "2 new pages, 3 pages changed by 5% or more; the lead changed hands on 1 page",
            ),
            (false, true, [1, 0, 0], "the first run, with 1 new page"),
            (
                false,
                true,
                [1234, 0, 0],
                "the first run, with 1,234 new pages",
            ),
            (true, false, [0, 0, 0], "no results in this run"),
        ];
        for (empty, first, counts, want) in cases {
            assert_eq!(summary(empty, first, counts), want, "{counts:?}");
        }
    }
}
