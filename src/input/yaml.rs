//! The one place that parses YAML.
//!
//! `serde_yaml` is archived, so we use serde-saphyr: pure Rust, duplicate keys rejected, and a
//! parsing budget that stops alias bombs and deep nesting before they exhaust memory. Keeping the
//! parser behind this one function means it can be swapped without touching any caller.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::error::{Diagnostic, Position};

/// Parses `text` (the contents of `file`) as YAML — which includes JSON — into `T`.
pub fn parse<T: DeserializeOwned>(text: &str, file: &Path) -> Result<T, Diagnostic> {
    parse_from_line(text, file, 1, false)
}

/// [`parse`] for YAML that starts on line `first_line` of `file` (front matter starts on line
/// 2 of its `.md` file): positions and messages count the lines of `file`. With
/// `first_key_wins`, a repeated key is no error, so that a second look can find the problems
/// behind one.
pub fn parse_from_line<T: DeserializeOwned>(
    text: &str,
    file: &Path,
    first_line: u64,
    first_key_wins: bool,
) -> Result<T, Diagnostic> {
    let mut options = serde_saphyr::Options::default();
    options.with_snippet = false;
    // `.nan` / `.inf` arrive as strings in loosely typed values, so validation can name them
    // (serde_json's Value would silently turn them into null).
    options.non_finite_float_policy = serde_saphyr::NonFiniteFloatPolicy::AsString;
    if first_key_wins {
        options.duplicate_keys = serde_saphyr::DuplicateKeyPolicy::FirstWins;
    }
    serde_saphyr::from_str_with_options(text, options)
        .map_err(|e| to_diagnostic(&e, text, file, first_line))
}

/// Converts a parser location (1-based, 0 when unknown) into ours.
pub fn position(location: &serde_saphyr::Location) -> Option<Position> {
    (location.line() > 0).then(|| Position {
        line: location.line(),
        column: location.column(),
    })
}

fn to_diagnostic(
    error: &serde_saphyr::Error,
    text: &str,
    file: &Path,
    first_line: u64,
) -> Diagnostic {
    let message = crate::input::parser_wording::yaml(error, text, first_line);
    let at = error
        .location()
        .as_ref()
        .and_then(position)
        .map(|p| Position {
            line: p.line + first_line - 1,
            ..p
        });
    let mut diagnostic = Diagnostic::new(file, message).at(at);
    if names_no_key(error)
        && let Some(p) = error.location().as_ref().and_then(position)
        && let Some((key, value)) = key_at(text, p)
    {
        diagnostic = diagnostic.field(key);
        if !value.is_empty() {
            diagnostic = diagnostic.value(value);
        }
    }
    if !is_budget_breach(error) {
        return diagnostic;
    }
    let b = serde_saphyr::Budget::default();
    diagnostic.help(format!(
        "YAML is read within limits that stop alias bombs and runaway nesting: at most {} \
         levels deep, {} values and {} aliases per file; flatten or split the file",
        b.max_depth, b.max_nodes, b.max_aliases
    ))
}

/// True when `error`, under any alias or snippet wrappers, is about a value whose key its
/// message does not name ("expected a number"): the key is then read from the text.
fn names_no_key(mut error: &serde_saphyr::Error) -> bool {
    use serde_saphyr::Error;
    loop {
        match error {
            Error::AliasError { error: inner, .. } | Error::WithSnippet { error: inner, .. } => {
                error = inner;
            }
            Error::InvalidScalar { .. }
            | Error::SerdeInvalidType { .. }
            | Error::SerdeInvalidValue { .. }
            | Error::NullIntoString { .. }
            | Error::InvalidBooleanStrict { .. }
            | Error::ExternallyTaggedEnumExpectedScalarOrMapping { .. }
            | Error::UnexpectedValueForUnitEnumVariant { .. }
            | Error::Unexpected { .. } => return true,
            _ => return false,
        }
    }
}

/// The key whose value starts at `at` in `text` (`power_kw` in `  power_kw: two`, also inside
/// a flow mapping such as `{ hyperscaler: x }`), and that value as written, up to the end of
/// the line or a comment (inside a flow collection, to the end of the entry).
fn key_at(text: &str, at: Position) -> Option<(String, String)> {
    let line = text
        .lines()
        .nth(usize::try_from(at.line).ok()?.checked_sub(1)?)?;
    let split = line
        .char_indices()
        .nth(usize::try_from(at.column).ok()?.saturating_sub(1))
        .map_or(line.len(), |(i, _)| i);
    let (before, after) = line.split_at(split);
    let before = before.trim_end().strip_suffix(':')?;
    let key = before
        .rsplit(|c: char| c.is_whitespace() || matches!(c, '{' | ',' | '-'))
        .next()?
        .trim_matches(|c| c == '"' || c == '\'');
    if key.is_empty() || !key.chars().all(|c| c.is_alphanumeric() || c == '_') {
        return None;
    }
    let value = if before.contains(['{', '[']) {
        after.split([',', '}', ']']).next()
    } else {
        after.split(" #").next()
    };
    let value = value.unwrap_or("").trim();
    Some((key.to_string(), value.to_string()))
}

/// True when `error`, under any alias or snippet wrappers, is a breach of the parser's budget.
fn is_budget_breach(mut error: &serde_saphyr::Error) -> bool {
    use serde_saphyr::Error;
    loop {
        match error {
            Error::Budget { .. } => return true,
            Error::AliasError { error: inner, .. } | Error::WithSnippet { error: inner, .. } => {
                error = inner;
            }
            _ => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Thing {
        #[allow(dead_code)]
        name: String,
    }

    #[test]
    fn unknown_key_names_key_and_line() {
        let err = parse::<Thing>("name: a\ncolour: red\n", Path::new("t.yaml")).unwrap_err();
        let text = err.to_string();
        assert!(text.contains("colour"), "{text}");
        assert_eq!(err.position.map(|p| p.line), Some(2), "{text}");
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Priced {
        name: String,
        power_kw: f64,
        cost: std::collections::BTreeMap<String, f64>,
    }

    #[test]
    fn a_value_of_the_wrong_type_names_its_key_and_value() {
        let cases = [
            ("name: a\npower_kw: two\ncost: {}\n", "power_kw", "two", 2),
            (
                "name: a\npower_kw: 1\ncost: { x: 1, hyper: lots }\n",
                "hyper",
                "lots",
                3,
            ),
            ("name: [a]\npower_kw: 1\ncost: {}\n", "name", "[a]", 1),
        ];
        for (text, key, value, line) in cases {
            let err = parse::<Priced>(text, Path::new("t.yaml")).unwrap_err();
            assert_eq!(err.field.as_deref(), Some(key), "{err}");
            assert_eq!(err.value.as_deref(), Some(value), "{err}");
            assert_eq!(err.position.map(|p| p.line), Some(line), "{err}");
            assert!(err.message.starts_with("expected "), "{err}");
            assert!(!err.message.contains("floating point"), "{err}");
        }
    }

    #[test]
    fn key_at_reads_only_a_key_before_the_value() {
        let at = |line, column| Position { line, column };
        assert_eq!(
            key_at("- id: x\n  kw: 2 # two\n", at(2, 7)),
            Some(("kw".into(), "2".into()))
        );
        assert_eq!(
            key_at("- [a, b]\n", at(1, 4)),
            None,
            "a list item has no key"
        );
        assert_eq!(key_at("a: b\n", at(9, 1)), None, "no such line");
    }

    #[test]
    fn an_empty_file_is_called_empty_not_unclosed() {
        for text in ["", "\n\n", "# just a comment\n", "---\n"] {
            let err = parse::<Thing>(text, Path::new("t.yaml")).unwrap_err();
            assert!(err.message.contains("holds nothing"), "{text:?}: {err}");
        }
        let err = parse::<serde_json::Value>("a: [1, 2\n", Path::new("t.yaml")).unwrap_err();
        assert!(!err.message.contains("holds nothing"), "{err}");
    }

    #[test]
    fn duplicate_keys_are_rejected() {
        let err = parse::<Thing>("name: a\nname: b\n", Path::new("t.yaml")).unwrap_err();
        assert!(err.to_string().contains("t.yaml:2"), "{err}");
    }

    #[test]
    fn alias_bomb_is_refused() {
        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 0..12 {
            let prev = if i == 0 {
                "a".to_string()
            } else {
                format!("b{}", i - 1)
            };
            bomb.push_str(&format!("b{i}: &b{i} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
        }
        let err = parse::<serde_json::Value>(&bomb, Path::new("bomb.yaml")).unwrap_err();
        assert!(err.to_string().contains("alias bombs"), "{err}");
    }
}
