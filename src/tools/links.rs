//! The internal link checker of `benchsite check`.
//!
//! It reads the rendered site — what a visitor gets — rather than the templates or the
//! Markdown, so a link is checked the same way whether a template, a view or an editor wrote
//! it. Pages are parsed by a real HTML parser because minified HTML leaves attributes unquoted.

use std::collections::{BTreeMap, HashSet};
use std::fmt;

use percent_encoding::percent_decode_str;
use rayon::prelude::*;
use scraper::{Html, Selector};

use crate::output::OutputFile;
use crate::plan::urls;

/// A link that leads nowhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenLink {
    /// The URL path of the page holding the link (`/a/b/`).
    pub page: String,
    /// The link as written in the page.
    pub target: String,
    pub reason: String,
}

impl fmt::Display for BrokenLink {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: broken link `{}`: {}",
            self.page, self.target, self.reason
        )
    }
}

/// What the checker needs from one page.
struct Page {
    url: String,
    ids: HashSet<String>,
    /// `href`/`src` values in document order.
    links: Vec<String>,
}

/// Checks every internal link and fragment of every `.html` file among `files`.
///
/// Broken links come ordered by page path, then by their order in the page; a target repeated
/// on one page (a nav link, say) is reported once.
pub fn check_links(files: &[OutputFile]) -> Vec<BrokenLink> {
    let paths: HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let pages: BTreeMap<&str, Page> = files
        .par_iter()
        .filter(|f| f.path.ends_with(".html"))
        .map(|f| (f.path.as_str(), parse(f)))
        .collect();
    let mut broken = Vec::new();
    for page in pages.values() {
        let mut seen = HashSet::new();
        for target in page.links.iter().filter(|t| seen.insert(t.as_str())) {
            if let Some(reason) = problem(&page.url, target, &paths, &pages) {
                broken.push(BrokenLink {
                    page: page.url.clone(),
                    target: target.clone(),
                    reason,
                });
            }
        }
    }
    broken
}

fn parse(file: &OutputFile) -> Page {
    let html = Html::parse_document(&String::from_utf8_lossy(&file.bytes));
    let selector = |s: &str| Selector::parse(s).expect("a valid selector");
    let ids = html
        .select(&selector("[id], a[name]"))
        .flat_map(|e| [e.attr("id"), e.attr("name")])
        .flatten()
        .map(str::to_string)
        .collect();
    let links = html
        .select(&selector(
            "a[href], area[href], link[href], script[src], img[src], iframe[src], source[src]",
        ))
        .filter_map(|e| e.attr("href").or_else(|| e.attr("src")))
        .map(str::to_string)
        .collect();
    Page {
        url: urls::page_url(&file.path),
        ids,
        links,
    }
}

/// Why `target`, a link on the page at `page_url`, is broken; `None` when it is fine or not
/// ours to check (another site, `mailto:`…).
fn problem(
    page_url: &str,
    target: &str,
    paths: &HashSet<&str>,
    pages: &BTreeMap<&str, Page>,
) -> Option<String> {
    // Browsers strip surrounding ASCII whitespace from URL attributes.
    let target = target.trim_matches(|c: char| c.is_ascii_whitespace());
    if is_external(target) {
        return None;
    }
    let (address, fragment) = match target.split_once('#') {
        Some((a, f)) => (a, Some(f)),
        None => (target, None),
    };
    let address = address.split('?').next().unwrap_or_default();
    let url = match address {
        "" => page_url.to_string(),
        a => resolve(page_url, &decode(a)),
    };
    let file = match file_for(&url, paths) {
        Ok(file) => file,
        Err(reason) => return Some(reason),
    };
    let page = pages.get(file)?;
    let fragment = fragment.filter(|f| !f.is_empty() && !f.eq_ignore_ascii_case("top"))?;
    let found = page.ids.contains(fragment) || page.ids.contains(&decode(fragment));
    (!found).then(|| format!("no element with id `{fragment}` on `{url}`"))
}

/// The output file serving `url` (`/x/` → `x/index.html`, `/x.css` → `x.css`), or why none does.
fn file_for<'a>(url: &str, paths: &HashSet<&'a str>) -> Result<&'a str, String> {
    let relative = url.trim_start_matches('/');
    let wanted = match url.ends_with('/') {
        true => format!("{relative}index.html"),
        false => relative.to_string(),
    };
    if let Some(&path) = paths.get(wanted.as_str()) {
        return Ok(path);
    }
    let folder = format!("{wanted}/index.html");
    Err(if !url.ends_with('/') && paths.contains(folder.as_str()) {
        format!("no file `{wanted}`; the page is `{url}/`, with a trailing slash")
    } else {
        format!("no file `{wanted}` in the site")
    })
}

/// Another site or a non-HTTP scheme: `https://…`, `//host/…`, `mailto:…`, `data:…`.
fn is_external(target: &str) -> bool {
    if target.starts_with("//") {
        return true;
    }
    let Some(colon) = target.find(':') else {
        return false;
    };
    let scheme = &target[..colon];
    scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// `relative` resolved against the page at `base` (both URL paths), `.` and `..` removed;
/// `..` at the root stays at the root, as in a browser.
fn resolve(base: &str, relative: &str) -> String {
    let joined = if relative.starts_with('/') {
        relative.to_string()
    } else {
        let dir = &base[..base.rfind('/').map_or(0, |i| i + 1)];
        format!("{dir}{relative}")
    };
    let segments: Vec<&str> = joined.split('/').skip(1).collect();
    let mut out: Vec<&str> = Vec::new();
    for (i, segment) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        match *segment {
            "." => {}
            ".." => {
                out.pop();
            }
            s => out.push(s),
        }
        if last && matches!(*segment, "." | "..") {
            out.push("");
        }
    }
    format!("/{}", out.join("/"))
}

fn decode(text: &str) -> String {
    percent_decode_str(text).decode_utf8_lossy().into_owned()
}

#[cfg(test)]
mod tests;
