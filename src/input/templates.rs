//! The site's Tera templates, read from `templates/`. They are compiled by
//! [`crate::render::Renderer`]; reading them here lets the input stage check what refers to
//! them (a content file's `template:`) before anything renders.

use std::path::Path;

use crate::error::Diagnostic;

/// benchsite's own `templates/` and `static/` by path (`templates/layout.html`), embedded when
/// it is compiled (see `build.rs`): what `benchsite init` writes into a new site, and the
/// templates of [`FILLED_IN`] a site made by an older `init` lacks.
pub const BUILT_IN_FILES: &[(&str, &[u8])] =
    include!(concat!(env!("OUT_DIR"), "/default_files.rs"));

/// The folder of templates a site may leave out and get benchsite's own: the pages' meta
/// descriptions and a run's summary, which were written in Rust before they became
/// templates, so a site made before then still builds and says the same.
pub const FILLED_IN: &str = "descriptions/";

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
            let text = super::text::read(entry.path())?;
            let name = entry.path().strip_prefix(dir).unwrap_or(entry.path());
            sources.push((name.to_string_lossy().replace('\\', "/"), text));
        }
        let mut templates = Templates { sources };
        templates.fill_in();
        Ok(templates)
    }

    /// Adds benchsite's own template for each one under [`FILLED_IN`] the site lacks. Here,
    /// rather than when compiling, so that the build cache fingerprints them with the rest.
    fn fill_in(&mut self) {
        for (path, bytes) in BUILT_IN_FILES {
            let Some(name) = path.strip_prefix("templates/") else {
                continue;
            };
            if name.starts_with(FILLED_IN) && !self.has(name) {
                let text = String::from_utf8_lossy(bytes).into_owned();
                self.sources.push((name.to_string(), text));
            }
        }
        self.sources.sort();
    }

    pub fn has(&self, name: &str) -> bool {
        self.sources.iter().any(|(n, _)| n == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(t: &Templates) -> Vec<&str> {
        t.sources.iter().map(|(n, _)| n.as_str()).collect()
    }

    #[test]
    fn a_site_without_its_own_descriptions_gets_benchsites_and_keeps_its_own() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("descriptions")).unwrap();
        std::fs::write(dir.path().join("layout.html"), "L").unwrap();
        std::fs::write(dir.path().join("descriptions/hub.txt"), "Mine.").unwrap();
        let t = Templates::read(dir.path()).unwrap();
        let built_in: Vec<&str> = BUILT_IN_FILES
            .iter()
            .filter_map(|(p, _)| p.strip_prefix("templates/descriptions/"))
            .collect();
        assert!(built_in.contains(&"hub.txt") && built_in.contains(&"comparison.txt"));
        // Every built-in description is there, once, the site's own hub.txt kept as written.
        for name in &built_in {
            let full = format!("{FILLED_IN}{name}");
            assert_eq!(
                names(&t).iter().filter(|n| **n == full).count(),
                1,
                "{full}"
            );
        }
        let hub = t.sources.iter().find(|(n, _)| n == "descriptions/hub.txt");
        assert_eq!(hub.map(|(_, text)| text.as_str()), Some("Mine."));
        // Only that folder is filled in, and the list stays sorted.
        assert!(!t.has("hub.html") && t.has("layout.html"));
        assert!(names(&t).is_sorted());
    }
}
