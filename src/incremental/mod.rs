//! Reusing earlier work (SPEC §16): a rebuild takes unchanged data pages from the previous
//! output ([`cache`]), and a large site is built in shards on several machines and joined
//! ([`shard`]).
//!
//! Both rest on the same two things: a fingerprint of everything a data page's files depend
//! on ([`fingerprint`]), and a [`PageRecord`] per data page that says which files it wrote and
//! carries what the site-wide files need from it (its history summary for the feeds, its
//! search document), so that a page taken over from earlier output never has to be computed
//! or rendered again. [`Earlier`] is a set of such records and the folders their files are in.
//!
//! Only data pages (hubs and comparisons, with their downloads and embeds) are reused: they
//! are nearly all of a site. Index, ranking and search pages, feeds, the sitemap and the
//! static files are cheap and depend on every page, so every build renders them afresh — but
//! a ranking's cheapest-by-speed race, a tenth of a rebuild that renders a few data pages,
//! is kept by the ranking's fingerprint (its hubs'), and run again only when one of its hubs
//! changes.

pub mod cache;
mod earlier;
mod fingerprint;
pub mod records;
pub mod shard;

pub use earlier::{Earlier, PageRecord, Stamp, check_files};
pub use fingerprint::{Fingerprints, PROGRAM, Settings};

use crate::hash::checksum;

/// `body` under a header line of `magic` and the body's checksum (XXH3), as the build cache
/// and a shard's manifest are written: a file cut short or edited fails its checksum.
fn framed(magic: &str, body: &str) -> String {
    format!("{magic} {:016x}\n{body}", checksum(body.as_bytes()))
}

/// The body of [`framed`] `text`, or why not; `what` names the file ("a cache").
fn unframed<'t>(magic: &str, what: &str, text: &'t str) -> Result<&'t str, String> {
    let (header, body) = text.split_once('\n').ok_or("no header line")?;
    let sum = header
        .strip_prefix(magic)
        .map(str::trim)
        .ok_or_else(|| format!("not {what} of this benchsite version"))?;
    if sum != format!("{:016x}", checksum(body.as_bytes())) {
        return Err("the checksum does not match (truncated or edited)".to_string());
    }
    Ok(body)
}
