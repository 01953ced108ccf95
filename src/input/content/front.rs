//! Front matter: the YAML block between `---` lines at the very top of a Markdown file.
//!
//! The block is cut out by hand (rather than by pulldown-cmark's metadata blocks) so that the
//! YAML parser sees exactly the block and we know the line it starts on: every diagnostic then
//! points at a line of the `.md` file the editor has open, not of an extracted fragment.

use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

use crate::error::{Diagnostic, Position};

/// The front matter of one content file, as the editor wrote it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub description: Option<String>,
    /// `YYYY-MM-DD`, checked to be a real calendar date.
    pub date: Option<String>,
    pub author: Option<String>,
    pub draft: bool,
    /// Orders several commentaries on one page (lower first; absent counts as 0).
    pub weight: Option<i64>,
    /// The template for a standalone page, instead of `page.html`.
    pub template: Option<String>,
    /// Where `template:` is written, for the errors about it (a template that does not
    /// exist; one given to commentary, which the generated page's template shows).
    #[serde(skip)]
    pub template_at: Option<Position>,
}

/// What the parser reads; `deny_unknown_fields` turns a typo like `autor:` into an error.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFrontMatter {
    title: Option<Spanned<String>>,
    description: Option<Spanned<String>>,
    date: Option<Spanned<String>>,
    author: Option<Spanned<String>>,
    #[serde(default)]
    draft: bool,
    weight: Option<i64>,
    template: Option<Spanned<String>>,
}

/// The fields whose values are checked beyond their type. Read again on their own, leniently
/// (other keys ignored, the first of repeated keys winning), when the block has other
/// problems, so that an editor sees theirs in the same build.
#[derive(Deserialize)]
struct Checked {
    title: Option<Spanned<String>>,
    description: Option<Spanned<String>>,
    date: Option<Spanned<String>>,
    author: Option<Spanned<String>>,
}

/// The checked fields' values.
struct Texts {
    title: Option<String>,
    description: Option<String>,
    date: Option<String>,
    author: Option<String>,
}

/// Why the front matter could not be separated from the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitError {
    /// 1-based line of the `.md` file.
    pub line: usize,
    pub message: String,
}

/// Splits `text` into its front matter (without the `---` lines), its body, and the 1-based
/// line the body starts on.
///
/// Front matter exists only when the very first line (after an optional byte-order mark) is
/// `---`; anywhere else `---` is Markdown's thematic break. An opening line without a closing
/// one is an error rather than a silent thematic break, because the editor clearly meant front
/// matter. Total on any input: slices are only cut at `\n`, so this never panics.
pub fn split_front_matter(text: &str) -> Result<(Option<&str>, &str, usize), SplitError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first_len = text.find('\n').map_or(text.len(), |i| i + 1);
    if !is_fence(&text[..first_len]) {
        return Ok((None, text, 1));
    }
    let rest = &text[first_len..];
    let mut offset = 0;
    for (index, line) in rest.split_inclusive('\n').enumerate() {
        if is_fence(line) {
            let body = &rest[offset + line.len()..];
            // The opening fence is line 1, the first YAML line is 2, this fence is index + 2.
            return Ok((Some(&rest[..offset]), body, index + 3));
        }
        offset += line.len();
    }
    Err(SplitError {
        line: 1,
        message: "the front matter opened by `---` on line 1 is never closed by a `---` line"
            .into(),
    })
}

/// A `---` line, tolerating trailing spaces and a Windows line ending.
fn is_fence(line: &str) -> bool {
    line.trim_end() == "---"
}

/// Parses the front matter of `file`; `yaml` is the block from [`split_front_matter`], which
/// starts on line 2 of the file. Once the YAML reads, every field with a bad value is reported
/// (a blank title and a blank author together), in file order.
pub fn parse(yaml: Option<&str>, file: &Path) -> Result<FrontMatter, Vec<Diagnostic>> {
    let Some(yaml) = yaml.filter(|y| !y.trim().is_empty()) else {
        return Ok(FrontMatter::default());
    };
    let raw: RawFrontMatter =
        crate::input::yaml::parse_from_line(yaml, file, 2, false).map_err(|d| vec![d])?;
    let checked = Checked {
        title: raw.title,
        description: raw.description,
        date: raw.date,
        author: raw.author,
    };
    let Texts {
        title,
        description,
        date,
        author,
    } = check(checked, file)?;
    Ok(FrontMatter {
        title,
        description,
        date,
        author,
        draft: raw.draft,
        weight: raw.weight,
        template_at: raw
            .template
            .as_ref()
            .and_then(|t| shift(crate::input::yaml::position(&t.referenced))),
        template: raw.template.map(|t| t.value),
    })
}

/// The checked fields' values, or every problem with them, in file order.
fn check(fields: Checked, file: &Path) -> Result<Texts, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let mut keep = |checked: Result<Option<String>, Diagnostic>| {
        checked.unwrap_or_else(|d| {
            problems.push(d);
            None
        })
    };
    let texts = Texts {
        title: keep(text("title", fields.title, file)),
        description: keep(text("description", fields.description, file)),
        date: keep(date(fields.date, file)),
        author: keep(text("author", fields.author, file)),
    };
    if problems.is_empty() {
        return Ok(texts);
    }
    problems.sort_by_key(|d| d.position);
    Err(problems)
}

/// The `date` field, refused unless it is a calendar date written `YYYY-MM-DD`.
fn date(value: Option<Spanned<String>>, file: &Path) -> Result<Option<String>, Diagnostic> {
    match value {
        Some(date) if !is_date(&date.value) => {
            let position = shift(crate::input::yaml::position(&date.referenced));
            let message = match is_shaped(&date.value) {
                true => "the calendar has no such day (a date as YYYY-MM-DD of a real day)",
                false => "expected a date as YYYY-MM-DD",
            };
            Err(Diagnostic::new(file, message)
                .at(position)
                .field("date")
                .value(date.value)
                .help("write the date like `date: 2025-03-14`"))
        }
        date => Ok(date.map(|d| d.value)),
    }
}

/// [`parse`], and when it fails, whatever else can still be found, since the YAML parser stops
/// at its first problem: a look that ignores unknown keys finds a repeated key, one that lets
/// the first of repeated keys win finds an unknown key or a wrong value, and the checked
/// fields read on their own ([`Checked`]) give their bad values, so an editor sees them all in
/// one build. In file order, each once.
pub fn parse_all(yaml: Option<&str>, file: &Path) -> Result<FrontMatter, Vec<Diagnostic>> {
    parse(yaml, file).map_err(|mut all| {
        let text = yaml.unwrap_or_default();
        type Keys = std::collections::BTreeMap<String, serde::de::IgnoredAny>;
        let others = [
            crate::input::yaml::parse_from_line::<Keys>(text, file, 2, false).err(),
            crate::input::yaml::parse_from_line::<RawFrontMatter>(text, file, 2, true).err(),
        ];
        let fields = crate::input::yaml::parse_from_line::<Checked>(text, file, 2, true)
            .ok()
            .and_then(|c| check(c, file).err())
            .unwrap_or_default();
        for d in others.into_iter().flatten().chain(fields) {
            if !all.contains(&d) {
                all.push(d);
            }
        }
        all.sort_by_key(|d| d.position);
        all
    })
}

/// The text of field `name`, refused when it is given but blank (`title: ""`): it would be
/// an empty heading, byline or meta description on the page.
fn text(
    name: &str,
    value: Option<Spanned<String>>,
    file: &Path,
) -> Result<Option<String>, Diagnostic> {
    match value {
        Some(v) if v.value.trim().is_empty() => Err(Diagnostic::new(file, "expected text")
            .at(shift(crate::input::yaml::position(&v.referenced)))
            .field(name)
            .value(format!("{:?}", v.value))
            .help(format!("give `{name}` some text, or leave it out"))),
        v => Ok(v.map(|v| v.value)),
    }
}

/// Moves a position from the YAML block's numbering to the `.md` file's (the block starts on
/// line 2, after the opening `---`).
fn shift(position: Option<Position>) -> Option<Position> {
    position.map(|p| Position {
        line: p.line + 1,
        ..p
    })
}

/// True for a real calendar date written `YYYY-MM-DD`: that shape exactly (chrono alone
/// would take `2025-1-1`), and a day the calendar has.
fn is_date(text: &str) -> bool {
    is_shaped(text) && chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok()
}

/// Whether `text` is written `YYYY-MM-DD`, whether or not the calendar has that day.
fn is_shaped(text: &str) -> bool {
    text.len() == 10 && crate::types::starts_day_shaped(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn no_front_matter_is_all_body() {
        assert_eq!(
            split_front_matter("# Hi\n---\n"),
            Ok((None, "# Hi\n---\n", 1))
        );
        assert_eq!(split_front_matter(""), Ok((None, "", 1)));
        // `----` is a thematic break, not a fence.
        assert_eq!(split_front_matter("----\nx"), Ok((None, "----\nx", 1)));
    }

    #[test]
    fn front_matter_is_cut_out_with_body_line() {
        let text = "---\ntitle: A\nauthor: B\n---\n# Body\n";
        assert_eq!(
            split_front_matter(text),
            Ok((Some("title: A\nauthor: B\n"), "# Body\n", 5))
        );
    }

    #[test]
    fn windows_line_endings_and_bom_are_tolerated() {
        let text = "\u{feff}---\r\ntitle: A\r\n---\r\nbody";
        assert_eq!(
            split_front_matter(text),
            Ok((Some("title: A\r\n"), "body", 4))
        );
    }

    #[test]
    fn empty_front_matter_and_no_body() {
        assert_eq!(split_front_matter("---\n---"), Ok((Some(""), "", 3)));
    }

    #[test]
    fn unclosed_front_matter_is_an_error_on_line_one() {
        let err = split_front_matter("---\ntitle: A\n# Body\n").unwrap_err();
        assert_eq!(err.line, 1);
        assert!(err.message.contains("never closed"), "{}", err.message);
    }

    #[test]
    fn valid_front_matter_parses_every_field() {
        let yaml = "title: Methodology\ndescription: How\ndate: 2025-02-28\nauthor: Ana\n\
                    draft: true\nweight: -2\ntemplate: wide.html\n";
        let front = parse(Some(yaml), Path::new("content/m.md")).unwrap();
        assert_eq!(
            front,
            FrontMatter {
                title: Some("Methodology".into()),
                description: Some("How".into()),
                date: Some("2025-02-28".into()),
                author: Some("Ana".into()),
                draft: true,
                weight: Some(-2),
                template: Some("wide.html".into()),
                // The seventh line of the block, which starts on the file's line 2.
                template_at: Some(Position {
                    line: 8,
                    column: 11
                }),
            }
        );
    }

    /// The one problem a parse found.
    fn one(parsed: Result<FrontMatter, Vec<Diagnostic>>) -> Diagnostic {
        let mut problems = parsed.unwrap_err();
        assert_eq!(problems.len(), 1, "{problems:?}");
        problems.remove(0)
    }

    #[test]
    fn every_field_with_a_bad_value_is_reported_in_file_order() {
        let file = Path::new("content/a.md");
        let yaml = "author: ''
date: 2025-02-30
title: ' '
draft: false
";
        let problems = parse(Some(yaml), file).unwrap_err();
        let found: Vec<(Option<&str>, Option<u64>)> = (problems.iter())
            .map(|d| (d.field.as_deref(), d.position.map(|p| p.line)))
            .collect();
        // The block's lines 1–3 are the file's 2–4.
        assert_eq!(
            found,
            [
                (Some("author"), Some(2)),
                (Some("date"), Some(3)),
                (Some("title"), Some(4))
            ]
        );
    }

    #[test]
    fn a_blank_title_description_or_author_is_refused_at_its_line() {
        let file = Path::new("content/a.md");
        // The block starts on line 2 of the file, so its second line is the file's third.
        let d = one(parse(Some("draft: false\ntitle: \"\"\n"), file));
        assert_eq!(d.field.as_deref(), Some("title"));
        assert_eq!(d.position.map(|p| (p.line, p.column)), Some((3, 8)));
        assert_eq!(d.message, "expected text");
        let d = one(parse(Some("title: T\nauthor: '  '\n"), file));
        assert_eq!(d.field.as_deref(), Some("author"));
        let d = one(parse(Some("description: \"\"\n"), file));
        assert_eq!(d.field.as_deref(), Some("description"));
        // Left out, or given as null, is no text and no problem.
        assert_eq!(parse(Some("title: ~\n"), file).unwrap().title, None);
    }

    #[test]
    fn absent_or_blank_front_matter_is_default() {
        let file = Path::new("x.md");
        assert_eq!(parse(None, file).unwrap(), FrontMatter::default());
        assert_eq!(parse(Some("\n  \n"), file).unwrap(), FrontMatter::default());
    }

    #[test]
    fn unknown_key_names_key_file_and_md_line() {
        // `autor` is on line 3 of the YAML block's file: `---` (1), `title` (2), `autor` (3).
        let err = one(parse(
            Some("title: A\nautor: B\n"),
            Path::new("content/m.md"),
        ));
        let text = err.to_string();
        assert!(text.contains("autor"), "{text}");
        assert!(text.starts_with("content/m.md:3:"), "{text}");
        assert_eq!(err.position.map(|p| p.line), Some(3));
    }

    #[test]
    fn broken_yaml_names_md_line() {
        // `title: A` is line 2 of the file, `author: B` line 3, the stray list item line 4.
        let err = one(parse(
            Some("title: A\nauthor: B\n- oops\n"),
            Path::new("c.md"),
        ));
        assert_eq!(err.position.map(|p| p.line), Some(4), "{err}");
    }

    #[test]
    fn wrong_type_is_an_error_with_line() {
        let err = one(parse(Some("title: A\ndraft: maybe\n"), Path::new("c.md")));
        assert_eq!(err.position.map(|p| p.line), Some(3), "{err}");
    }

    #[test]
    fn bad_date_names_field_value_and_line() {
        let err = one(parse(
            Some("title: A\ndate: 2025-02-30\n"),
            Path::new("c.md"),
        ));
        assert_eq!(err.field.as_deref(), Some("date"));
        assert_eq!(err.value.as_deref(), Some("2025-02-30"));
        assert_eq!(err.position.map(|p| p.line), Some(3), "{err}");
    }

    #[test]
    fn dates_are_checked_against_the_calendar() {
        assert!(is_date("2024-02-29"));
        assert!(is_date("2000-02-29"));
        assert!(!is_date("1900-02-29"));
        assert!(!is_date("2025-13-01"));
        assert!(!is_date("2025-00-10"));
        assert!(!is_date("2025-1-01"));
        assert!(!is_date("2025/01/01"));
        assert!(!is_date("２０２５-01-01"));
    }

    proptest! {
        #[test]
        fn split_never_panics_and_keeps_the_body_a_suffix(text in "(---|\r|\n|\u{feff}|[a-z: ]){0,40}") {
            if let Ok((front, body, line)) = split_front_matter(&text) {
                prop_assert!(text.ends_with(body));
                prop_assert!(line >= 1);
                if let Some(front) = front {
                    prop_assert!(text.contains(front));
                }
            }
        }

        #[test]
        fn split_never_panics_on_any_string(text in any::<String>()) {
            let _ = split_front_matter(&text);
        }
    }
}
