//! The site's Tera templates, read from `templates/`. They are compiled by
//! [`crate::render::Renderer`]; reading them here lets the input stage check what refers to
//! them (a content file's `template:`) before anything renders.

use std::path::Path;

use crate::error::{Diagnostic, Position};

/// benchsite's own `templates/` and `static/` by path (`templates/layout.html`), embedded when
/// it is compiled (see `build.rs`): what `benchsite init` writes into a new site, and the
/// templates of [`FILLED_IN`] a site made by an older `init` lacks.
pub const BUILT_IN_FILES: &[(&str, &[u8])] =
    include!(concat!(env!("OUT_DIR"), "/default_files.rs"));

/// The folder of the pages' meta descriptions and a run's summary.
pub const DESCRIPTIONS: &str = "descriptions/";

/// Templates (by name or folder) a site may leave out and get benchsite's own: the
/// [`DESCRIPTIONS`], which were written in Rust before they became templates, and the
/// sentences on where the lead changes hands, where the cheaper side does and which
/// accelerator is the cheapest at which speeds, added since; a site made by an older `init`
/// still builds, says the same and gains the new sentences.
pub const FILLED_IN: [&str; 4] = [
    DESCRIPTIONS,
    "narrative/lead.html",
    "narrative/cheaper.html",
    "narrative/cheapest.html",
];

/// Template sources by name: their path under `templates/` (`layout.html`,
/// `narrative/spec-decode/1.txt`), sorted.
#[derive(Debug, Clone, Default)]
pub struct Templates {
    pub sources: Vec<(String, String)>,
}

impl Templates {
    /// Whether the site's template `name` says `word`, or the site has none (and gets
    /// benchsite's own, or none): how a feature added to a template since tells whether a
    /// site made by an older `init` can show it.
    pub fn mention(&self, name: &str, word: &str) -> bool {
        let source = self.sources.iter().find(|(n, _)| n == name);
        source.is_none_or(|(_, text)| text.contains(word))
    }

    /// Reads every `*.html`, `*.txt` and `*.xml` under `dir`; every file that cannot be read
    /// is a problem, all of them reported together.
    pub fn read(dir: &Path) -> Result<Templates, Vec<Diagnostic>> {
        let mut sources = Vec::new();
        let mut problems = Vec::new();
        for entry in super::walk(dir) {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    problems.push(super::walk_problem(dir, e));
                    continue;
                }
            };
            let ext = entry.path().extension().and_then(|e| e.to_str());
            if !entry.file_type().is_file() || !matches!(ext, Some("html" | "txt" | "xml")) {
                continue;
            }
            match super::text::read(entry.path()) {
                Ok(text) => {
                    let name = entry.path().strip_prefix(dir).unwrap_or(entry.path());
                    sources.push((name.to_string_lossy().replace('\\', "/"), text));
                }
                Err(d) => problems.push(d),
            }
        }
        if !problems.is_empty() {
            return Err(problems);
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
            if FILLED_IN.iter().any(|f| name.starts_with(f)) && !self.has(name) {
                let text = String::from_utf8_lossy(bytes).into_owned();
                self.sources.push((name.to_string(), text));
            }
        }
        self.sources.sort();
    }

    pub fn has(&self, name: &str) -> bool {
        self.sources.iter().any(|(n, _)| n == name)
    }

    /// Every template's syntax errors, each at its file (`dir` joined with its name), line and
    /// column. Tera stops at the first template that does not parse, so an editor who broke
    /// three would fix them one build at a time; parsing each on its own finds them all, and
    /// here, beside the data's problems. What only the templates together can tell (a missing
    /// parent, an include cycle) is left to [`crate::render::Renderer`], which reports it.
    pub fn syntax_problems(&self, dir: &Path) -> Vec<Diagnostic> {
        self.sources
            .iter()
            .filter_map(|(name, text)| {
                let mut alone = tera::Tera::default();
                let error = alone.add_raw_template(name, text).err()?;
                let tera::ErrorKind::SyntaxError(report) = error.kind() else {
                    return None;
                };
                let span = report.span();
                let at = Position {
                    line: span.start_line as u64,
                    column: span.start_col as u64 + 1,
                };
                let message = format!(
                    "template syntax: {}\n{}",
                    report.message(),
                    excerpt(text, at)
                );
                Some(Diagnostic::new(dir.join(name), message).at(Some(at)))
            })
            .collect()
    }
}

/// The line at `at` with a caret under its column, as Tera's own report shows it.
fn excerpt(text: &str, at: Position) -> String {
    let line = text
        .lines()
        .nth((at.line as usize).saturating_sub(1))
        .unwrap_or_default();
    let number = at.line.to_string();
    let gutter = " ".repeat(number.len());
    // A tab before the column stays a tab, so the caret lines up however tabs are shown.
    let caret: String = (line.chars().take((at.column as usize).saturating_sub(1)))
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    format!("  {number} | {line}\n  {gutter} | {caret}^")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(t: &Templates) -> Vec<&str> {
        t.sources.iter().map(|(n, _)| n.as_str()).collect()
    }

    #[test]
    fn a_site_without_its_own_descriptions_or_lead_gets_benchsites_and_keeps_its_own() {
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
            let full = format!("{DESCRIPTIONS}{name}");
            assert_eq!(
                names(&t).iter().filter(|n| **n == full).count(),
                1,
                "{full}"
            );
        }
        let hub = t.sources.iter().find(|(n, _)| n == "descriptions/hub.txt");
        assert_eq!(hub.map(|(_, text)| text.as_str()), Some("Mine."));
        // And the lead sentence, which came later; nothing else is filled in, and the list
        // stays sorted.
        assert!(t.has("narrative/lead.html"));
        assert!(!t.has("hub.html") && !t.has("narrative/pinned.html") && t.has("layout.html"));
        assert!(names(&t).is_sorted());
    }

    #[test]
    fn every_template_that_does_not_parse_is_found_at_its_line_and_column() {
        let sources = [
            ("a.html", "<p>{{ x }</p>"),
            (
                "b.html",
                "{% extends \"missing.html\" %}{% block b %}ok{% endblock %}",
            ),
            ("c/d.html", "line one\n  {% iff x %}{% endif %}"),
            (
                "e.html",
                "{% include \"nowhere.html\" %}{{ y | no_such_filter }}",
            ),
        ];
        let t = Templates {
            sources: sources
                .map(|(n, s)| (n.to_string(), s.to_string()))
                .to_vec(),
        };
        let found = t.syntax_problems(Path::new("templates"));
        // Only a.html and c/d.html are written wrong; b.html's parent and e.html's include and
        // filter are for the templates together (and the render) to judge.
        let at: Vec<(String, u64, u64)> = found
            .iter()
            .map(|d| {
                let p = d.position.unwrap();
                (d.file.display().to_string(), p.line, p.column)
            })
            .collect();
        assert_eq!(
            at,
            [
                // The lone `}` after `x`, and the unknown tag `iff`.
                ("templates/a.html".to_string(), 1, 9),
                ("templates/c/d.html".to_string(), 2, 6)
            ]
        );
        assert_eq!(
            found[1].message,
            "template syntax: Unknown tag\n  2 |   {% iff x %}{% endif %}\n    |      ^"
        );
        // A tab before the mistake stays a tab under it, so the caret lines up.
        let tabbed = Templates {
            sources: vec![("t.html".to_string(), "\t<p>{% iff %}".to_string())],
        };
        let found = tabbed.syntax_problems(Path::new("templates"));
        assert!(
            found[0]
                .message
                .ends_with("\n  1 | \t<p>{% iff %}\n    | \t      ^")
        );
    }
}
