//! The YAML and JSON parsers' messages in an editor's words.
//!
//! The libraries write for programmers: "duplicate mapping key: title, set DuplicateKeyPolicy
//! in Options if acceptable", "invalid type: string \"x\", expected f64", "EOF while parsing
//! a list at line 3 column 0". An editor can act on none of these. Every message either
//! library can produce for our inputs is reworded here, without its position (the diagnostic
//! carries that once); anything unforeseen falls back to serde-saphyr's user-facing wording.

use serde_saphyr::{Error as Yaml, MessageFormatter};

/// The message for a serde-saphyr error met while reading `text`, whose first line is line
/// `first_line` of the file the editor has open.
pub fn yaml(error: &Yaml, text: &str, first_line: u64) -> String {
    match error {
        Yaml::WithSnippet { error, .. } | Yaml::AliasError { error, .. } => {
            yaml(error, text, first_line)
        }
        Yaml::DuplicateMappingKey { key, location } => {
            let key = key.as_deref().unwrap_or("a key");
            let (line, column) = (location.line(), location.column());
            match first_use(text, key, line, column) {
                Some(first) => format!(
                    "`{key}` is given twice (lines {} and {})",
                    first + first_line - 1,
                    line + first_line - 1
                ),
                None => format!("`{key}` is given more than once; keep one"),
            }
        }
        Yaml::SerdeUnknownField {
            field, expected, ..
        } => unknown_key(field, expected),
        Yaml::SerdeMissingField { field, .. } => missing_key(field),
        Yaml::SerdeUnknownVariant {
            variant, expected, ..
        } => format!("`{variant}` is not one of: {}", expected.join(", ")),
        Yaml::SerdeInvalidType { .. } | Yaml::SerdeInvalidValue { .. } => {
            serde_words(&serde_saphyr::DefaultMessageFormatter.format_message(error))
        }
        Yaml::InvalidScalar { ty, .. } => format!("expected {}", expected_words(ty)),
        Yaml::NullIntoString { .. } | Yaml::InvalidCharNull { .. } => {
            "a value is missing here".to_string()
        }
        Yaml::InvalidBooleanStrict { .. } => "expected true or false".to_string(),
        Yaml::Eof { .. } | Yaml::Unexpected { .. } if holds_nothing(text) => {
            "the file holds nothing (or only comments); it needs its entries".to_string()
        }
        Yaml::Eof { .. } => {
            "the file ends too early: a list, mapping or quoted text is not closed".to_string()
        }
        Yaml::MultipleDocuments { .. } => "the file holds more than one YAML document (a `---` \
             line after the start?); keep one"
            .to_string(),
        Yaml::UnknownAnchor { .. } => {
            "`*name` refers to an anchor `&name` that is not defined before it".to_string()
        }
        Yaml::ExternallyTaggedEnumExpectedScalarOrMapping { .. }
        | Yaml::UnexpectedValueForUnitEnumVariant { .. } => {
            "expected one word from the allowed list here".to_string()
        }
        Yaml::Budget {
            breach: serde_saphyr::budget::BudgetBreach::Depth { depth },
            ..
        } => format!("nested {depth} levels deep, too deep to read safely"),
        Yaml::Budget { .. }
        | Yaml::AliasReplayLimitExceeded { .. }
        | Yaml::AliasExpansionLimitExceeded { .. }
        | Yaml::AliasReplayStackDepthExceeded { .. } => {
            "the file is nested too deeply or expands to too many values to read safely".to_string()
        }
        Yaml::ExternalMessage { msg, .. } => serde_words(&scanner_words(msg)),
        Yaml::Message { msg, .. } => serde_words(msg),
        Yaml::Unexpected { expected, .. } => format!(
            "expected {}",
            expected
                .replace("string scalar", "text")
                .replace("sequence start", "a list")
                .replace("mapping start", "a mapping (`key: value`)")
        ),
        other => serde_words(&serde_saphyr::UserMessageFormatter.format_message(other)),
    }
}

/// True when `text` is empty, blank or only comments.
fn holds_nothing(text: &str) -> bool {
    text.lines()
        .map(str::trim)
        .all(|l| l.is_empty() || l.starts_with('#') || l == "---")
}

/// The message for a serde_json error, without the position it appends.
pub fn json(error: &serde_json::Error) -> String {
    let text = error.to_string();
    let text = text.find(" at line ").map_or(&text[..], |i| &text[..i]);
    let syntax = match text {
        "EOF while parsing a list" => "the file ends before a list is closed: a `]` is missing",
        "EOF while parsing an object" => {
            "the file ends before an object is closed: a `}` is missing"
        }
        "EOF while parsing a string" => "the file ends inside a string: a closing `\"` is missing",
        "EOF while parsing a value" => "the file ends where a value should be",
        "expected `:`" => "expected `:` after the key",
        "expected `,` or `]`" => "expected `,` between list items or `]` to close the list",
        "expected `,` or `}`" => "expected `,` between fields or `}` to close the object",
        "expected ident" => "expected `true`, `false` or `null`",
        "expected value" => {
            "expected a value: a number, a string in double quotes, true, false, \
                             null, a list or an object"
        }
        "expected `\"`" | "key must be a string" => "expected a key in double quotes",
        "invalid escape" => "an unknown `\\` escape in a string",
        "invalid unicode code point"
        | "lone leading surrogate in hex escape"
        | "unexpected end of hex escape" => "an invalid `\\u` escape in a string",
        "control character (\\u0000-\\u001F) found while parsing a string" => {
            "a line break or other control character inside a string (write it as `\\n`)"
        }
        "number out of range" => "a number too large to read",
        "trailing comma" => "a comma before `]` or `}` (JSON allows none there)",
        "trailing characters" => "more text after the end of the file's JSON value",
        _ => return serde_words(text),
    };
    syntax.to_string()
}

/// serde's own messages (`invalid type: …, expected …`, `missing field …`, `unknown field
/// …`), as either library renders them.
fn serde_words(text: &str) -> String {
    let invalid = text
        .strip_prefix("invalid type: ")
        .or_else(|| text.strip_prefix("invalid value: "));
    if let Some((found, expected)) = invalid.and_then(|rest| rest.rsplit_once(", expected ")) {
        return format!(
            "expected {}, found {}",
            expected_words(expected),
            found_words(found)
        );
    }
    if text == "recursion limit exceeded" {
        return "nested more than 128 levels deep".to_string();
    }
    if let Some(field) = text.strip_prefix("missing field ") {
        return missing_key(field.trim_matches('`'));
    }
    if let Some((field, allowed)) = text
        .strip_prefix("unknown field `")
        .and_then(|rest| rest.split_once("`, expected "))
    {
        let allowed = allowed.trim_start_matches("one of ").replace(['`'], "");
        let allowed: Vec<&str> = allowed
            .split([',', ' '])
            .filter(|w| !w.is_empty() && *w != "or")
            .collect();
        return unknown_key(field, &allowed);
    }
    text.to_string()
}

fn unknown_key(field: &str, allowed: &[&str]) -> String {
    // `{ neocloud: 1,69 }`: in braces a comma parts two entries, so a decimal comma makes the
    // digits after it a key of their own.
    let decimal_comma = !field.is_empty() && field.bytes().all(|b| b.is_ascii_digit());
    let hint = match decimal_comma {
        true => Some(
            "a decimal comma? inside { … } a comma parts two entries, so the digits after it \
             became a key: write decimals with a point"
                .to_string(),
        ),
        false => crate::input::catalog::did_you_mean(field, allowed.iter().copied()),
    };
    let hint = hint.map(|d| format!(" ({d})")).unwrap_or_default();
    format!(
        "unknown key `{field}`{hint}; the keys allowed here: {}",
        allowed.join(", ")
    )
}

fn missing_key(field: &str) -> String {
    format!("required key `{field}` is missing")
}

/// What serde expected, in words: `f64` → a number, `a sequence` → a list.
fn expected_words(expected: &str) -> String {
    let words = match expected {
        "f64" | "f32" | "floating point" => "a number",
        "u128" | "u64" | "u32" | "u16" | "u8" | "usize" => "a whole number, zero or more",
        "i128" | "i64" | "i32" | "i16" | "i8" | "isize" => "a whole number",
        "a boolean" | "bool" => "true or false",
        "a string" | "a borrowed string" | "string" | "char" => "text",
        "a sequence" => "a list",
        "a map" => "a mapping (`key: value`)",
        e if e.starts_with("struct ") => "a mapping of `key: value` fields",
        e if e.starts_with("enum ") || e.starts_with("variant ") => "one of the allowed words",
        other => other,
    };
    words.to_string()
}

/// What serde found instead, in words: `string "x"` → the text "x", `sequence` → a list.
fn found_words(found: &str) -> String {
    if let Some(text) = found.strip_prefix("string ") {
        return format!("the text {text}");
    }
    for prefix in ["integer ", "floating point ", "boolean ", "char "] {
        if let Some(value) = found.strip_prefix(prefix) {
            return value.to_string();
        }
    }
    match found {
        "sequence" => "a list",
        "map" => "a mapping",
        "unit value" | "null" | "none" => "nothing",
        other => other,
    }
    .to_string()
}

/// The YAML scanner's messages, in plain words.
fn scanner_words(message: &str) -> String {
    const PLAIN: &[(&str, &str)] = &[
        (
            "unexpected EOF while parsing a flow sequence",
            "the file ends before a `[` list is closed with `]`",
        ),
        (
            "unexpected EOF while parsing a flow mapping",
            "the file ends before a `{` mapping is closed with `}`",
        ),
        (
            "while parsing a flow sequence, expected ',' or ']'",
            "expected `,` or `]` in a `[…]` list",
        ),
        (
            "while parsing a flow mapping, did not find expected ',' or '}'",
            "expected `,` or `}` in a `{…}` mapping",
        ),
        (
            "mapping values are not allowed in this context",
            "a `key: value` is not allowed here (if a value holds `: `, put it in quotes)",
        ),
        (
            "while parsing a block mapping, did not find expected key",
            "expected a `key: value` line here; check the indentation",
        ),
        (
            "while parsing a block collection, did not find expected '-' indicator",
            "expected a `- ` list item here; check the indentation",
        ),
        (
            "while scanning a plain scalar, found a tab",
            "a tab character: indent YAML with spaces",
        ),
        (
            "while parsing a node, did not find expected node content",
            "expected a value here",
        ),
        (
            "while parsing a quoted scalar, found unknown escape character",
            "an unknown `\\` escape in double-quoted text (single quotes take it as written)",
        ),
    ];
    if let Some((_, plain)) = PLAIN.iter().find(|(m, _)| *m == message) {
        return plain.to_string();
    }
    [
        ("flow sequence", "`[…]` list"),
        ("flow mapping", "`{…}` mapping"),
        ("block mapping", "mapping"),
        ("block sequence", "list"),
        ("block collection", "list"),
        ("quoted scalar", "quoted text"),
        ("plain scalar", "value"),
        ("scalar", "value"),
        ("node", "value"),
    ]
    .iter()
    .fold(message.to_string(), |m, (from, to)| m.replace(from, to))
}

/// The line of the first `key:` of the mapping in which `key` appears again at
/// `line`:`column` (1-based), searching upwards while the lines stay inside that mapping.
fn first_use(text: &str, key: &str, line: u64, column: u64) -> Option<u64> {
    let col = usize::try_from(column).ok()?.checked_sub(1)?;
    let lines: Vec<&str> = text.lines().collect();
    let starts_key = |s: &str| {
        let s = s.trim_start_matches(['"', '\'']);
        s.strip_prefix(key).is_some_and(|rest| {
            rest.trim_start_matches(['"', '\''])
                .trim_start()
                .starts_with(':')
        })
    };
    for n in (1..line).rev() {
        let s = lines.get(usize::try_from(n).ok()? - 1)?;
        let indent = s.len() - s.trim_start_matches([' ', '-']).len();
        if s.trim().is_empty() || s.trim_start().starts_with('#') {
            continue;
        }
        if s.get(col..).is_some_and(starts_key) && indent == col {
            return Some(n);
        }
        if indent < col {
            return None;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicate_key_names_both_lines() {
        let text = "title: a\nauthor: b\n\ntitle: c\n";
        assert_eq!(first_use(text, "title", 4, 1), Some(1));
        let nested = "- id: a\n  name: x\n  name: y\n- id: b\n";
        assert_eq!(first_use(nested, "name", 3, 3), Some(2));
        let in_list = "- name: x\n  id: a\n  name: y\n";
        assert_eq!(first_use(in_list, "name", 3, 3), Some(1));
        assert_eq!(first_use("a:\n  title: x\ntitle: y\n", "title", 3, 1), None);
    }

    #[test]
    fn serde_jargon_becomes_words() {
        assert_eq!(
            serde_words("invalid type: string \"lots\", expected f64"),
            "expected a number, found the text \"lots\""
        );
        assert_eq!(
            serde_words("unknown field `rezults`, expected `run` or `results`"),
            "unknown key `rezults` (did you mean `results`?); the keys allowed here: run, results"
        );
        assert_eq!(
            serde_words("unknown field `69`, expected one of `hyperscaler`, `neocloud`"),
            "unknown key `69` (a decimal comma? inside { … } a comma parts two entries, so the \
             digits after it became a key: write decimals with a point); the keys allowed here: \
             hyperscaler, neocloud"
        );
        assert_eq!(
            serde_words("missing field `results`"),
            "required key `results` is missing"
        );
        assert_eq!(
            scanner_words("while scanning a quoted scalar, found unexpected document indicator"),
            "while scanning a quoted text, found unexpected document indicator"
        );
    }
}
