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
    let diagnostic = Diagnostic::new(file, message).at(at);
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
