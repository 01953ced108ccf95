//! The site's Tera templates, read from `templates/`. They are compiled by
//! [`crate::render::Renderer`]; reading them here lets the input stage check what refers to
//! them (a content file's `template:`) before anything renders.

use std::path::Path;

use crate::error::Diagnostic;

/// Template sources by name: their path under `templates/` (`layout.html`,
/// `narrative/spec-decode/1.txt`), sorted.
#[derive(Debug, Clone, Default)]
pub struct Templates {
    pub sources: Vec<(String, String)>,
}

impl Templates {
    /// Reads every `*.html`, `*.txt` and `*.xml` under `dir`.
    pub fn read(dir: &Path) -> Result<Templates, Diagnostic> {
        let mut sources = Vec::new();
        for entry in super::walk(dir) {
            let entry = entry.map_err(|e| super::walk_problem(dir, e))?;
            let ext = entry.path().extension().and_then(|e| e.to_str());
            if !entry.file_type().is_file() || !matches!(ext, Some("html" | "txt" | "xml")) {
                continue;
            }
            let text = std::fs::read_to_string(entry.path())
                .map_err(|e| Diagnostic::new(entry.path(), format!("cannot read: {e}")))?;
            let name = entry.path().strip_prefix(dir).unwrap_or(entry.path());
            sources.push((name.to_string_lossy().replace('\\', "/"), text));
        }
        Ok(Templates { sources })
    }

    pub fn has(&self, name: &str) -> bool {
        self.sources.iter().any(|(n, _)| n == name)
    }
}
