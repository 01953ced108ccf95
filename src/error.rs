//! Errors of a build.
//!
//! Input problems are [`Diagnostic`]s: each names the file, the position where the parser knows
//! it, the record, the field and the bad value, so that an editor can fix the input without
//! reading our code. A build collects every diagnostic before it gives up ([`Error::Invalid`]),
//! because fixing one problem per run is a miserable way to clean up a data drop.

use std::fmt;
use std::path::{Path, PathBuf};

/// Where in a source file something sits (1-based line and column).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Position {
    pub line: u64,
    pub column: u64,
}

/// One problem in the site's inputs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file, relative to the site root where possible.
    pub file: PathBuf,
    pub position: Option<Position>,
    /// The record's index within its file (0-based), for result files.
    pub record: Option<usize>,
    pub field: Option<String>,
    /// The offending value, as written in the input.
    pub value: Option<String>,
    pub message: String,
    /// Known ids, "did you mean", or how to fix it.
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn new(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self {
            file: file.into(),
            position: None,
            record: None,
            field: None,
            value: None,
            message: message.into(),
            help: None,
        }
    }

    pub fn at(mut self, position: Option<Position>) -> Self {
        self.position = position;
        self
    }

    pub fn record(mut self, index: usize) -> Self {
        self.record = Some(index);
        self
    }

    pub fn field(mut self, name: impl Into<String>) -> Self {
        self.field = Some(name.into());
        self
    }

    /// The offending value as the input has it, cut to [`VALUE_SHOWN`] characters: a value a
    /// megabyte long is no clearer in full, and filled the terminal four times over.
    pub fn value(mut self, value: impl Into<String>) -> Self {
        let value: String = value.into();
        let chars = value.chars().count();
        self.value = Some(match chars > VALUE_SHOWN {
            true => {
                let start: String = value.chars().take(VALUE_SHOWN).collect();
                format!("{start}… ({chars} characters in all)")
            }
            false => value,
        });
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// `path` as a problem names it: its control characters and the bidirectional overrides
/// escaped, never sent to the terminal (a file named `\x1b[31m…` would colour it, one with
/// U+202E would print backwards).
pub fn printable(path: &Path) -> String {
    let bidi = |c: char| matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
    path.display()
        .to_string()
        .chars()
        .map(|c| match c.is_control() || bidi(c) {
            true => c.escape_default().to_string(),
            false => c.to_string(),
        })
        .collect()
}

/// The most characters of an offending value a problem shows.
const VALUE_SHOWN: usize = 200;

impl fmt::Display for Diagnostic {
    /// `data/results/a.json:12:7: record 3, field `conc`: expected a positive integer (value: "lots")`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&printable(&self.file))?;
        if let Some(p) = self.position {
            write!(f, ":{}:{}", p.line, p.column)?;
        }
        f.write_str(": ")?;
        let mut context = Vec::new();
        if let Some(r) = self.record {
            context.push(format!("record {r}"));
        }
        if let Some(field) = &self.field {
            context.push(format!("field `{field}`"));
        }
        if !context.is_empty() {
            write!(f, "{}: ", context.join(", "))?;
        }
        f.write_str(&self.message)?;
        if let Some(v) = &self.value {
            write!(f, " (value: {v})")?;
        }
        if let Some(h) = &self.help {
            write!(f, "\n  help: {h}")?;
        }
        Ok(())
    }
}

/// Where two of the site's files come to want one path, and what to do about it.
const CLASH_HELP: &str = "a content page (content/….md) or a file under static/ may stand where \
    the site writes its own (feed.xml, sitemap.xml, robots.txt, pagefind/, a page's index.json), \
    or ids may run together in a URL (`a-b` + `c` and `a` + `b-c`); rename one";

/// Everything that can stop a build.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The inputs have problems; all of them are listed.
    #[error("{}", render_all(.0))]
    Invalid(Vec<Diagnostic>),
    /// Reading or writing a file failed.
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A template failed to parse or render (Tera's report shows the line and a caret).
    #[error("template error: {0}")]
    Template(String),
    /// A download (`index.json`, `index.csv`) or the deploy list could not be written out.
    #[error("cannot serialize {file}: {message}")]
    Serialize { file: String, message: String },
    /// `--root` names a folder without a `site.yaml`.
    #[error(
        "{} is not a benchsite site: there is no site.yaml in it\n  help: make one with \
         `benchsite init {}`, or point `--root` at the site's folder",
        path.display(),
        path.display()
    )]
    NotASite { path: PathBuf },
    /// `benchsite init` was given a folder that already holds something.
    #[error(
        "{} is not empty; `benchsite init` only writes into a new or empty folder, so that it \
         never overwrites anything\n  help: pick a new folder name",
        path.display()
    )]
    NotEmpty { path: PathBuf },
    /// The command line asks for something the build must not do (an output folder that
    /// would replace the site's inputs); exit status 2.
    #[error("{0}")]
    Usage(String),
    /// `merge` was given shard folders that do not make one site.
    #[error("cannot merge: {0}")]
    Shards(String),
    /// Pagefind could not build the search index.
    #[error("search index: {0}")]
    Search(String),
    /// Two of the site's files have one output path, so one would silently replace the other.
    #[error(
        "{path} would be written twice: two of the site's files have this output path{}\n  \
         help: {help}",
        written_by(inputs),
        help = CLASH_HELP
    )]
    WrittenTwice { path: String, inputs: Vec<String> },
    /// Two of the site's files have output paths that differ only in case.
    #[error(
        "{} and {} differ only in case: on macOS and Windows they are one file, and one would \
         replace the other\n  help: rename one (content and static file names are kept as \
         written; the site's own are lower case)",
        paths[0],
        paths[1]
    )]
    CaseClash { paths: [String; 2] },
    /// One of the site's files stands where another needs a folder, or the other way round
    /// (`content/feed.xml.md` makes a page `feed.xml/index.html` beside the feed `feed.xml`).
    #[error(
        "{path} cannot be written: another of the site's files needs this path, or a folder \
         on it, for itself{}\n  help: {help}",
        written_by(inputs),
        help = CLASH_HELP
    )]
    PathClash { path: String, inputs: Vec<String> },
    /// `serve` could not listen on its address (usually: the port is taken).
    #[error(
        "cannot serve on {address}: {source}\n  help: another program may be using port \
         {port}; pick another with `--port N` (`--port 0` takes any free one)"
    )]
    Listen {
        address: String,
        port: u16,
        #[source]
        source: std::io::Error,
    },
}

impl Error {
    /// `file` (an output path, named as the user would look for it) could not be serialized.
    pub fn serialize(file: impl Into<String>, message: impl std::fmt::Display) -> Self {
        Error::Serialize {
            file: file.into(),
            message: message.to_string(),
        }
    }

    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

impl From<tera::Error> for Error {
    fn from(e: tera::Error) -> Self {
        use std::error::Error as _;
        // Tera starts its report with its own "error: ", which main's would double.
        let report = e.to_string();
        let report = report.strip_prefix("error: ").unwrap_or(&report);
        // Tera names a template as it was loaded (`hub.html`); the editor's file is
        // `templates/hub.html`, as the parse errors say.
        let mut text = report
            .lines()
            .map(|line| match line.split_once("--> ") {
                Some((margin, at)) if margin.trim().is_empty() => {
                    format!("{margin}--> templates/{at}")
                }
                _ => line.to_string(),
            })
            .collect::<Vec<_>>()
            .join("\n");
        let mut source = e.source();
        while let Some(s) = source {
            text.push_str(&format!("\n  caused by: {s}"));
            source = s.source();
        }
        Error::Template(text)
    }
}

/// The editors' files and static files that write a clashing path (filled in by the build,
/// which knows them: [`crate::site::Site::writers_of`]), as the end of its sentence.
fn written_by(inputs: &[String]) -> String {
    match inputs {
        [] => String::new(),
        [one] => format!(" (from {one})"),
        [first @ .., last] => format!(" (from {} and {last})", first.join(", ")),
    }
}

impl Error {
    /// A clash of output paths with the site's files that write them named (`inputs`).
    pub fn with_writers(self, site: &crate::site::Site) -> Error {
        match self {
            Error::WrittenTwice { path, .. } => Error::WrittenTwice {
                inputs: site.writers_of(&path),
                path,
            },
            Error::PathClash { path, .. } => Error::PathClash {
                inputs: site.writers_of(&path),
                path,
            },
            other => other,
        }
    }
}

/// The problem list, floods of one cause cut short (see [`crate::report`]).
fn render_all(diagnostics: &[Diagnostic]) -> String {
    crate::report::render(diagnostics, Some(crate::report::SHOWN_PER_GROUP))
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    /// A long value is cut, with its length; a file name's control characters are escaped.
    #[test]
    fn a_problem_shows_long_values_cut_and_file_names_escaped() {
        let long = Diagnostic::new("a.yaml", "bad").value("x".repeat(1_000_000));
        let text = long.to_string();
        assert!(text.len() < 300, "{}", text.len());
        let shown = format!(
            "a.yaml: bad (value: {}… (1000000 characters in all))",
            "x".repeat(200)
        );
        assert_eq!(text, shown);
        let short = Diagnostic::new("a.yaml", "bad").value("\"lots\"");
        assert_eq!(short.to_string(), "a.yaml: bad (value: \"lots\")");
        let named = Diagnostic::new("content/\u{1b}[31mX.md", "bad");
        assert_eq!(named.to_string(), "content/\\u{1b}[31mX.md: bad");
        let backwards = Diagnostic::new("content/a\u{202e}dm.txt", "bad");
        assert_eq!(backwards.to_string(), "content/a\\u{202e}dm.txt: bad");
    }
}
