//! Every URL and output path of the site, made here and nowhere else. URLs are root-relative
//! and end in `/`; a page at `/a/b/` is the file `a/b/index.html` (SPEC §4).

use super::{Combination, Family, PagePlan, RankingPlan, Subject};
use crate::hash::fnv1a;
use crate::types::{ModelId, Sequence};

/// The home page.
pub const HOME: &str = "/";

/// The page served for a missing URL.
pub const NOT_FOUND: &str = "/404.html";

impl Family {
    /// The family's top folder; its index page lives there.
    pub fn dir(self) -> &'static str {
        match self {
            Self::Hub => "",
            Self::SpecDecode => "compare-spec-decode",
            Self::Chip => "compare",
            Self::Precision => "compare-precision",
            Self::Framework => "compare-framework",
            Self::Disagg => "compare-disagg",
        }
    }

    /// `/compare-spec-decode/`: the family's index page; the hubs' is the home page.
    pub fn index_path(self) -> String {
        match self {
            Self::Hub => HOME.to_string(),
            _ => format!("/{}/", self.dir()),
        }
    }
}

impl Subject {
    /// The path without the sequence: `/compare-spec-decode/dsr1-gb200-fp4-mtp-vs-none/`.
    pub fn base_path(&self) -> String {
        let dir = self.family().dir();
        match self {
            Subject::Hub(on) => format!("/{}/{}/{}/", on.model, on.hardware, on.precision),
            Subject::SpecDecode { on, method } => {
                format!("/{dir}/{}-{method}-vs-none/", slug(on))
            }
            Subject::Chip { model, a, b } => format!("/{dir}/{model}-{a}-vs-{b}/"),
            Subject::Precision {
                model,
                hardware,
                a,
                b,
            } => format!("/{dir}/{model}-{hardware}-{a}-vs-{b}/"),
            Subject::Framework { on, a, b } => format!("/{dir}/{}-{a}-vs-{b}/", slug(on)),
            Subject::Disagg(on) => format!("/{dir}/{}/", slug(on)),
        }
    }

    pub fn path(&self, sequence: Sequence) -> String {
        format!("{}{}/", self.base_path(), sequence.slug())
    }
}

/// `dsr1-b200-fp4`: a combination as the comparisons' URLs begin.
fn slug(on: &Combination) -> String {
    format!("{}-{}-{}", on.model, on.hardware, on.precision)
}

impl PagePlan {
    pub fn path(&self) -> String {
        self.subject.path(self.sequence)
    }
}

/// `/rankings/`: the list of rankings.
pub const RANKINGS: &str = "/rankings/";

/// What changed, run by run: the site feed as a web page.
pub const CHANGES: &str = "/changes/";

/// `/changes/#run-…`: one run's section of [`CHANGES`].
pub fn changes_at(anchor: &str) -> String {
    format!("{CHANGES}#{anchor}")
}

/// The search page (SPEC §14), with the query in `?q=`.
pub const SEARCH: &str = "/search/";

impl RankingPlan {
    /// `/rankings/dsr1/8k-1k/`.
    pub fn path(&self) -> String {
        format!("{RANKINGS}{}/{}/", self.model, self.sequence.slug())
    }
}

/// The folder of embeddable copies of hubs and comparisons (SPEC §15 "Embeds").
pub const EMBED_DIR: &str = "embed";

/// `/dsr1/b200/fp4/1k-1k/` → `/embed/dsr1/b200/fp4/1k-1k/`: a data page's embeddable copy
/// (chart and matched table, no site chrome), meant for an `<iframe>` on another site.
pub fn embed(page: &str) -> String {
    format!("/{EMBED_DIR}{page}")
}

/// Whether an output file (`embed/a/b/index.html`) is an embeddable copy, which stays out of
/// the sitemap: its canonical URL is the full page's.
pub fn is_embed_file(file: &str) -> bool {
    file.strip_prefix(EMBED_DIR)
        .is_some_and(|rest| rest.starts_with('/'))
}

/// The top folders of the site's own pages and files. A model's pages live under `/<id>/`, so
/// no model may take one of these as its id: its page would overwrite (or be overwritten by)
/// the site's, or land among the embeds or the search index.
pub const SITE_FOLDERS: &[&str] = &[
    "compare",
    "compare-spec-decode",
    "compare-precision",
    "compare-framework",
    "compare-disagg",
    "rankings",
    "changes",
    "search",
    EMBED_DIR,
    crate::search::FOLDER,
];

/// `/dsr1/`: a model's page.
pub fn model(id: &ModelId) -> String {
    format!("/{id}/")
}

/// The site's Atom feed (SPEC §13).
pub const FEED: &str = "/feed.xml";

/// A model's Atom feed: `/dsr1/feed.xml`, beside its page.
pub fn model_feed(id: &ModelId) -> String {
    format!("{}feed.xml", model(id))
}

/// `/a/b/` → `a/b/index.html`: the file that serves a page.
pub fn page_file(url_path: &str) -> String {
    format!("{}index.html", url_path.trim_start_matches('/'))
}

/// `a/b/index.html` → `/a/b/`, `404.html` → `/404.html`: the URL an output file serves.
pub fn page_url(file: &str) -> String {
    match file.strip_suffix("index.html") {
        Some(dir) if dir.is_empty() || dir.ends_with('/') => format!("/{dir}"),
        _ => format!("/{file}"),
    }
}

/// A page's download `name` (`index.json`, `index.csv`): its URL and its output file.
pub fn download(page: &str, name: &str) -> (String, String) {
    let url = format!("{page}{name}");
    let file = url.trim_start_matches('/').to_string();
    (url, file)
}

/// `style.css` → `style.3f9a1c2e.css`: a static file's output path, which changes exactly when
/// its content does, so a CDN can cache it forever.
pub fn fingerprinted(name: &str, bytes: &[u8]) -> String {
    let hash = format!("{:016x}", fnv1a(bytes));
    match name.rsplit_once('.') {
        Some((stem, ext)) => format!("{stem}.{}.{ext}", &hash[..8]),
        None => format!("{name}.{}", &hash[..8]),
    }
}

/// The URL of an output file at the site's root (`style.3f9a1c2e.css` → `/style.3f9a1c2e.css`).
pub fn root_file(file: &str) -> String {
    format!("/{file}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_site_folders_are_every_top_folder_the_site_writes_itself() {
        let top = |path: &str| {
            path.trim_start_matches('/')
                .split('/')
                .next()
                .map(String::from)
        };
        let search = format!("/{}/pagefind.js", crate::search::FOLDER);
        let mut ours: Vec<String> = (Family::COMPARISONS.iter().map(|f| f.index_path()))
            .chain([RANKINGS, CHANGES, SEARCH].map(String::from))
            .chain([embed("/dsr1/"), search])
            .filter_map(|path| top(&path))
            .collect();
        ours.sort();
        let mut listed = SITE_FOLDERS.to_vec();
        listed.sort();
        assert_eq!(ours, listed);
    }

    #[test]
    fn fingerprint_follows_content() {
        let a = fingerprinted("style.css", b"body{}");
        assert!(
            a.starts_with("style.") && a.ends_with(".css") && a.len() == "style.12345678.css".len(),
            "{a}"
        );
        assert_eq!(a, fingerprinted("style.css", b"body{}"));
        assert_ne!(a, fingerprinted("style.css", b"body{ }"));
    }

    #[test]
    fn pages_and_downloads() {
        assert_eq!(page_file("/a/b/"), "a/b/index.html");
        assert_eq!(page_file(HOME), "index.html");
        assert_eq!(page_url("a/b/index.html"), "/a/b/");
        assert_eq!(page_url("index.html"), "/");
        assert_eq!(page_url("404.html"), NOT_FOUND);
        assert_eq!(page_url("a/notindex.html"), "/a/notindex.html");
        assert_eq!(
            download("/a/", "index.json"),
            ("/a/index.json".to_string(), "a/index.json".to_string())
        );
        assert_eq!(Family::Chip.index_path(), "/compare/");
        assert_eq!(Family::Hub.index_path(), "/", "never `//`");
        assert_eq!(embed("/a/b/"), "/embed/a/b/");
        assert!(is_embed_file(&page_file(&embed("/a/b/"))));
        assert!(!is_embed_file("embedded/index.html"));
    }

    #[test]
    fn every_family_has_the_spec_url() {
        use crate::plan::tests::{combination, hw, precision};
        use crate::types::{Framework, SpecDecoding};
        let on = combination("dsr1", "b200", "fp4");
        let seq = Sequence {
            isl: 1024,
            osl: 8192,
        };
        let cases = [
            (Subject::Hub(on.clone()), "/dsr1/b200/fp4/1k-8k/"),
            (
                Subject::SpecDecode {
                    on: on.clone(),
                    method: SpecDecoding::new("mtp").unwrap(),
                },
                "/compare-spec-decode/dsr1-b200-fp4-mtp-vs-none/1k-8k/",
            ),
            (
                Subject::Chip {
                    model: on.model.clone(),
                    a: hw("b200"),
                    b: hw("h100"),
                },
                "/compare/dsr1-b200-vs-h100/1k-8k/",
            ),
            (
                Subject::Precision {
                    model: on.model.clone(),
                    hardware: hw("b200"),
                    a: precision("fp4"),
                    b: precision("fp8"),
                },
                "/compare-precision/dsr1-b200-fp4-vs-fp8/1k-8k/",
            ),
            (
                Subject::Framework {
                    on: on.clone(),
                    a: Framework::new("sglang").unwrap(),
                    b: Framework::new("trt").unwrap(),
                },
                "/compare-framework/dsr1-b200-fp4-sglang-vs-trt/1k-8k/",
            ),
            (Subject::Disagg(on), "/compare-disagg/dsr1-b200-fp4/1k-8k/"),
        ];
        for (subject, url) in cases {
            assert_eq!(subject.path(seq), url);
        }
    }
}
