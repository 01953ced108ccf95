//! `sitemap.xml`: every indexable page, with the newest result date behind it as `lastmod`
//! where the data has dates. Past 50,000 URLs (the protocol's limit per file) it becomes a
//! sitemap index over `sitemap-1.xml`, `sitemap-2.xml`, …

use std::collections::{BTreeMap, BTreeSet};

use crate::output::OutputFile;
use crate::plan::urls;
use crate::render::escape_html;
use crate::site::Site;

/// URLs per sitemap file, the sitemaps.org limit.
const MAX_URLS: usize = 50_000;

/// The sitemap file(s) for `pages`, the `index.html` files written, sorted.
pub(super) fn sitemaps(site: &Site, pages: &[String]) -> Vec<OutputFile> {
    let base = &site.config.base_url;
    let lastmod = lastmod_by_page(site);
    let entries: Vec<String> = indexable(site, pages)
        .map(|path| {
            let date = lastmod
                .get(path.as_str())
                .map(|d| format!("<lastmod>{}</lastmod>", escape_html(d)));
            format!(
                "<url><loc>{base}{}</loc>{}</url>\n",
                escape_html(&path),
                date.unwrap_or_default()
            )
        })
        .collect();
    split(&entries, base, MAX_URLS)
}

/// One `sitemap.xml`, or an index over as many files of at most `limit` entries as needed.
fn split(entries: &[String], base: &str, limit: usize) -> Vec<OutputFile> {
    if entries.len() <= limit {
        return vec![OutputFile::new("sitemap.xml", urlset(entries))];
    }
    let mut out: Vec<OutputFile> = entries
        .chunks(limit)
        .enumerate()
        .map(|(i, chunk)| OutputFile::new(format!("sitemap-{}.xml", i + 1), urlset(chunk)))
        .collect();
    let mut index = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for part in &out {
        index.push_str(&format!(
            "<sitemap><loc>{base}/{}</loc></sitemap>\n",
            part.path
        ));
    }
    index.push_str("</sitemapindex>\n");
    out.push(OutputFile::new("sitemap.xml", index));
    out
}

/// URL paths of every written page except the sequence-less comparison copies, whose
/// canonical URL is their default sequence's page, and the embeddable copies (`/embed/…`),
/// whose canonical URL is the full page.
fn indexable<'a>(site: &Site, pages: &'a [String]) -> impl Iterator<Item = String> + 'a {
    let copies: BTreeSet<String> = site
        .plan
        .defaults
        .keys()
        .map(|s| urls::page_file(&s.base_path()))
        .collect();
    pages
        .iter()
        .filter(move |p| !copies.contains(*p) && !urls::is_embed_file(p))
        .map(|p| urls::page_url(p))
}

/// The newest record date behind each data page.
fn lastmod_by_page(site: &Site) -> BTreeMap<String, &str> {
    let records = &site.data.records;
    site.plan
        .pages
        .iter()
        .filter_map(|p| {
            let dates = p
                .sides
                .iter()
                .flat_map(|s| s.records.iter().filter_map(|&i| records[i].date.as_ref()));
            Some((p.path(), dates.max()?.as_str().get(..10)?))
        })
        .collect()
}

fn urlset(entries: &[String]) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    entries.iter().for_each(|e| xml.push_str(e));
    xml.push_str("</urlset>\n");
    xml
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn past_the_limit_the_sitemap_becomes_an_index() {
        let entries: Vec<String> = (0..5)
            .map(|i| format!("<url><loc>https://x.org/{i}/</loc></url>\n"))
            .collect();
        let one = split(&entries, "https://x.org", 5);
        assert_eq!(one.len(), 1);
        assert_eq!(one[0].path, "sitemap.xml");
        assert_eq!(
            String::from_utf8_lossy(&one[0].bytes)
                .matches("<url>")
                .count(),
            5
        );

        let parts = split(&entries, "https://x.org", 2);
        let names: Vec<&str> = parts.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(
            names,
            [
                "sitemap-1.xml",
                "sitemap-2.xml",
                "sitemap-3.xml",
                "sitemap.xml"
            ]
        );
        let index = String::from_utf8_lossy(&parts[3].bytes).into_owned();
        assert!(index.contains("<sitemapindex"));
        assert!(index.contains("<loc>https://x.org/sitemap-3.xml</loc>"));
        let counts: Vec<usize> = parts[..3]
            .iter()
            .map(|f| String::from_utf8_lossy(&f.bytes).matches("<url>").count())
            .collect();
        assert_eq!(counts, [2, 2, 1]);
    }
}
