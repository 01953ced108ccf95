//! Broken links that an editor's Markdown put on the site, reported against the `.md` file.
//!
//! The link checker reads rendered pages, so a bad link in commentary shown on four pages came
//! out four times, each naming a page URL the editor never wrote. The fix is one line of one
//! `.md` file: each such link is reported once, there; links no Markdown wrote stay with
//! their page.

use std::collections::BTreeSet;
use std::path::Path;

use percent_encoding::percent_decode_str;
use pulldown_cmark::{Event, Options, Parser, Tag};

use crate::error::{Diagnostic, Position};
use crate::input::content::{ContentFile, split_front_matter};
use crate::plan::Attached;
use crate::tools::links::BrokenLink;

/// One diagnostic per broken link: at its `.md` file and line when Markdown on that page
/// wrote it (once per file, line and target), otherwise at the page. Paths are shown relative
/// to `root`.
pub fn diagnostics(
    broken: &[BrokenLink],
    files: &[ContentFile],
    attached: &Attached,
    root: &Path,
) -> Vec<Diagnostic> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for b in broken {
        let message = format!("broken link `{}`: {}", b.target, b.reason);
        let Some((file, at)) = written_by(b, files, attached) else {
            out.push(Diagnostic::new(&b.page, message));
            continue;
        };
        let file = file.strip_prefix(root).unwrap_or(file);
        if seen.insert((file.to_path_buf(), at, b.target.clone())) {
            out.push(Diagnostic::new(file, message).at(Some(at)));
        }
    }
    out
}

/// The Markdown file on `link`'s page that holds its target, and where.
fn written_by<'a>(
    link: &BrokenLink,
    files: &'a [ContentFile],
    attached: &Attached,
) -> Option<(&'a Path, Position)> {
    let on_page = attached.commentary.get(&link.page).into_iter().flatten();
    let standalone = attached
        .standalone
        .iter()
        .filter(|&&i| files[i].url_path == link.page);
    on_page.chain(standalone).find_map(|&i| {
        let file = &files[i];
        let at = markdown_links(file)
            .into_iter()
            .find(|(target, _)| same_target(target, &link.target))?
            .1;
        Some((file.source.as_path(), at))
    })
}

/// Every link and image target in `file`'s Markdown, with its position in the `.md` file.
fn markdown_links(file: &ContentFile) -> Vec<(String, Position)> {
    let Ok(text) = std::fs::read_to_string(&file.source) else {
        return Vec::new();
    };
    let Ok((_, body, body_line)) = split_front_matter(&text) else {
        return Vec::new();
    };
    let options = Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES;
    Parser::new_ext(body, options)
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                Some((dest_url.to_string(), position(body, range.start, body_line)))
            }
            _ => None,
        })
        .collect()
}

/// The 1-based position of byte `offset` of `body`, which starts on line `first_line`.
fn position(body: &str, offset: usize, first_line: usize) -> Position {
    let at = crate::input::text::LineIndex::new(body).position(offset);
    Position {
        line: at.line + first_line as u64 - 1,
        ..at
    }
}

/// Markdown's destination and the rendered `href` name the same place (the renderer may
/// percent-encode some characters).
fn same_target(markdown: &str, rendered: &str) -> bool {
    let decode = |s: &str| percent_decode_str(s).decode_utf8_lossy().into_owned();
    markdown == rendered || decode(markdown) == decode(rendered)
}
