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
    let mut options = serde_saphyr::Options::default();
    options.with_snippet = false;
    // `.nan` / `.inf` arrive as strings in loosely typed values, so validation can name them
    // (serde_json's Value would silently turn them into null).
    options.non_finite_float_policy = serde_saphyr::NonFiniteFloatPolicy::AsString;
    serde_saphyr::from_str_with_options(text, options).map_err(|e| to_diagnostic(&e, file))
}

/// Converts a parser location (1-based, 0 when unknown) into ours.
pub fn position(location: &serde_saphyr::Location) -> Option<Position> {
    (location.line() > 0).then(|| Position {
        line: location.line(),
        column: location.column(),
    })
}

fn to_diagnostic(error: &serde_saphyr::Error, file: &Path) -> Diagnostic {
    let message = error.to_string();
    // The rendered message repeats "at line X column Y"; our Display adds the position itself.
    let message = match message.find(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message,
    };
    let diagnostic =
        Diagnostic::new(file, message).at(error.location().as_ref().and_then(position));
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
