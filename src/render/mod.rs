//! Stage 5, render: Tera templates turn page views into HTML. Templates are the editors'
//! domain; everything they print arrives computed in a view ([`views`]) and is formatted by the
//! small filters of [`filters`].

pub mod filters;
pub mod script;
pub mod views;

use std::path::Path;

use serde::Serialize;
use tera::{Context, Tera};

use crate::error::{Error, Result};
use crate::output::minify_template;

/// Escapes text for HTML content and quoted attribute values (`&`, `<`, `>`, `"`, `'`), the
/// same escaping templates apply, for the few places that build HTML in Rust.
pub fn escape_html(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len());
    // Writing into a Vec cannot fail.
    let _ = tera::escape_html(text, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// The site's compiled templates.
pub struct Renderer {
    tera: Tera,
}

impl Renderer {
    /// Compiles every `*.html` and `*.txt` under `dir`, named by their path relative to it
    /// (`layout.html`, `narrative/spec-decode/1.txt`).
    pub fn load(dir: &Path) -> Result<Renderer> {
        let mut templates = Vec::new();
        for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
            let entry = entry.map_err(|e| Error::io(dir, e.into()))?;
            let ext = entry.path().extension().and_then(|e| e.to_str());
            if !entry.file_type().is_file() || !matches!(ext, Some("html" | "txt" | "xml")) {
                continue;
            }
            let text =
                std::fs::read_to_string(entry.path()).map_err(|e| Error::io(entry.path(), e))?;
            let name = entry.path().strip_prefix(dir).unwrap_or(entry.path());
            templates.push((
                name.to_string_lossy().replace('\\', "/"),
                minify_template(&text),
            ));
        }
        let mut tera = Tera::default();
        filters::register(&mut tera);
        tera.add_raw_templates(templates)?;
        Ok(Renderer { tera })
    }

    pub fn render(&self, template: &str, view: &impl Serialize) -> Result<String> {
        let context = Context::from_serialize(view)?;
        Ok(self.tera.render(template, &context)?)
    }

    pub fn has(&self, template: &str) -> bool {
        self.tera.get_template_names().any(|n| n == template)
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
