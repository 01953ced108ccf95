//! JSON that is safe inside a `<script>` element (the chart's options, JSON-LD).
//!
//! `<`, `>` and `&` become `\u003c`, `\u003e`, `\u0026`, and U+2028 and U+2029 (which some
//! JavaScript parsers treat as line ends) become `\u2028` and `\u2029`. These are ordinary JSON
//! escapes, so the parsed value is unchanged, and no data string can end the script element.
//! The characters can only occur inside JSON strings, so escaping string contents as they are
//! written — rather than scanning the finished text again — is complete.

use serde::Serialize;
use serde_json::ser::{Formatter, Serializer};

/// Compact JSON of `value`, escaped for a script element.
pub fn to_script_json(value: &impl Serialize) -> String {
    let mut out = Vec::with_capacity(256);
    let mut serializer = Serializer::with_formatter(&mut out, ScriptSafe);
    // Serializing plain data (no maps with non-string keys) into a Vec cannot fail.
    if value.serialize(&mut serializer).is_err() {
        return "null".to_string();
    }
    // The formatter only ever writes valid UTF-8 (JSON text and escapes).
    String::from_utf8(out).unwrap_or_else(|_| "null".to_string())
}

/// serde_json's compact output (the trait's default methods), with the script-unsafe characters escaped inside strings.
struct ScriptSafe;

impl Formatter for ScriptSafe {
    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        let mut copied = 0;
        for (i, c) in fragment.char_indices() {
            let escape = match c {
                '<' => "\\u003c",
                '>' => "\\u003e",
                '&' => "\\u0026",
                '\u{2028}' => "\\u2028",
                '\u{2029}' => "\\u2029",
                _ => continue,
            };
            writer.write_all(&fragment.as_bytes()[copied..i])?;
            writer.write_all(escape.as_bytes())?;
            copied = i + c.len_utf8();
        }
        writer.write_all(&fragment.as_bytes()[copied..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::value::RawValue;

    #[test]
    fn leaves_no_markup_and_parses_back() {
        let hostile = "</script><b>&\u{2028}\u{2029}\"\\\n";
        let value = serde_json::json!({"name": hostile, "list": [hostile, 1.5]});
        let escaped = to_script_json(&value);
        assert!(!escaped.contains('<') && !escaped.contains('>') && !escaped.contains('&'));
        assert!(!escaped.contains('\u{2028}') && !escaped.contains('\u{2029}'));
        assert!(escaped.contains("\\u003c/script\\u003e"));
        let back: serde_json::Value = serde_json::from_str(&escaped).unwrap();
        assert_eq!(back, value);
    }

    #[test]
    fn raw_values_are_spliced_unchanged() {
        let row = RawValue::from_string(to_script_json(&("a<b", 2))).unwrap();
        assert_eq!(row.get(), r#"["a\u003cb",2]"#);
        let doc = to_script_json(&serde_json::json!({"k": 1}));
        assert_eq!(doc, r#"{"k":1}"#);
        let nested = to_script_json(&vec![&*row, &*row]);
        assert_eq!(nested, r#"[["a\u003cb",2],["a\u003cb",2]]"#);
    }

    #[test]
    fn plain_text_is_written_as_serde_json_writes_it() {
        let value = serde_json::json!({"a": "plain text é", "b": [1, 2.25, null, true]});
        assert_eq!(to_script_json(&value), value.to_string());
    }
}
