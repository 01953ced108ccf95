//! Reading an input file as text, and turning byte offsets into the line and column an editor
//! looks for. Every input (`site.yaml`, catalogs, result files, Markdown, templates) is read
//! here, so a file that is not UTF-8 is reported the same way everywhere: at the first byte
//! that is not, rather than with the standard library's bare "stream did not contain valid
//! UTF-8", which leaves the editor to search the whole file.

use std::path::Path;

use crate::error::{Diagnostic, Position};

/// The text of `path`, or a problem naming it (and, for bytes that are not UTF-8, where they
/// start).
pub fn read(path: &Path) -> Result<String, Diagnostic> {
    let bytes =
        std::fs::read(path).map_err(|e| Diagnostic::new(path, format!("cannot read: {e}")))?;
    String::from_utf8(bytes).map_err(|e| not_utf8(path, e.as_bytes(), e.utf8_error()))
}

/// Where `bytes` stop being UTF-8, as a problem of `path`.
fn not_utf8(path: &Path, bytes: &[u8], error: std::str::Utf8Error) -> Diagnostic {
    let valid = error.valid_up_to();
    // Everything before `valid` is UTF-8 by definition, so this cannot fail.
    let before = std::str::from_utf8(&bytes[..valid]).unwrap_or_default();
    let bad = &bytes[valid..valid + error.error_len().unwrap_or(bytes.len() - valid)];
    let shown: Vec<String> = bad.iter().map(|b| format!("0x{b:02X}")).collect();
    Diagnostic::new(
        path,
        format!(
            "not UTF-8 text: {} here is not a UTF-8 character",
            shown.join(" ")
        ),
    )
    .at(Some(LineIndex::new(before).position(valid)))
    .help("save the file as UTF-8 (an editor's \"Save with encoding\" or `iconv -t UTF-8`)")
}

/// Byte offset → line and column (1-based, columns counted in characters).
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex { text, starts }
    }

    pub fn position(&self, offset: usize) -> Position {
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts[line - 1];
        let column = self
            .text
            .get(start..offset)
            .map_or(1, |s| s.chars().count() + 1);
        Position {
            line: line as u64,
            column: column as u64,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(bytes: &[u8]) -> Diagnostic {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.yaml");
        std::fs::write(&path, bytes).unwrap();
        read(&path).unwrap_err()
    }

    #[test]
    fn a_byte_that_is_not_utf8_is_placed_by_line_and_character() {
        // "é" is two bytes but one column: the bad byte is the 4th character of line 2.
        let d = problem(b"a: 1\nb\xC3\xA9c\xFFd\n");
        let at = d.position.unwrap();
        assert_eq!((at.line, at.column), (2, 4));
        assert_eq!(
            d.message,
            "not UTF-8 text: 0xFF here is not a UTF-8 character"
        );
    }

    #[test]
    fn a_character_cut_short_is_shown_whole() {
        // Latin-1 "é" followed by "t": 0xE9 starts a three-byte character that never comes.
        let d = problem(b"caf\xE9t");
        assert_eq!(d.position.map(|p| (p.line, p.column)), Some((1, 4)));
        assert!(d.message.contains(": 0xE9 here"), "{}", d.message);
        // And at the very end of the file, where the character is cut off by its end.
        let d = problem(b"ok\n\xE2\x82");
        assert_eq!(d.position.map(|p| (p.line, p.column)), Some((2, 1)));
        assert!(d.message.contains(": 0xE2 0x82 here"), "{}", d.message);
    }

    #[test]
    fn utf8_text_is_read_as_is() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.md");
        std::fs::write(&path, "héllo\n").unwrap();
        assert_eq!(read(&path).unwrap(), "héllo\n");
    }
}
