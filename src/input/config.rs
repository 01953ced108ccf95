//! `site.yaml`: the site's settings. Every key has a default except `base_url`; unknown keys are
//! an error so that a misspelt setting cannot silently fall back to its default.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::error::Diagnostic;
use crate::input::catalog::CostProvider;
use crate::input::yaml;

#[derive(Debug, Clone)]
pub struct SiteConfig {
    pub title: String,
    /// Absolute, without a trailing slash: `https://example.org`.
    pub base_url: String,
    pub description: String,
    pub default_cost: CostProvider,
    /// Where pages load ECharts from (`echarts:`).
    pub echarts: EchartsSource,
    /// The largest result file read, in MiB (`max_result_file_mb`, default 256); a larger one is
    /// refused with an error instead of being read into memory.
    pub max_result_file_mb: u64,
    /// The interactivities (tok/s/user) rankings are read at (`ranking_tiers`, default
    /// `[20, 40, 60, 80, 100, 150]`): positive and strictly increasing.
    pub ranking_tiers: Vec<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    title: Option<Spanned<String>>,
    base_url: Spanned<String>,
    #[serde(default)]
    description: String,
    #[serde(default = "default_cost")]
    default_cost: CostProvider,
    #[serde(default)]
    echarts: Option<String>,
    #[serde(default = "default_max_result_file_mb")]
    max_result_file_mb: u64,
    #[serde(default)]
    ranking_tiers: Option<Spanned<Vec<f64>>>,
}

/// Where pages load ECharts from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EchartsSource {
    /// No `echarts:` key: the trimmed build in `vendor/`, built into the binary and self-hosted.
    Bundled,
    /// `echarts: cdn`: the full 6.1.0 bundle from the pinned CDN URL, with its SRI hash.
    Cdn,
    /// `echarts: <path>`: that file, relative to the site folder, self-hosted.
    File(PathBuf),
}

impl EchartsSource {
    fn parse(value: Option<String>) -> EchartsSource {
        match value.as_deref().map(str::trim) {
            None | Some("") => EchartsSource::Bundled,
            Some("cdn") => EchartsSource::Cdn,
            Some(path) => EchartsSource::File(PathBuf::from(path)),
        }
    }

    /// The local file to read, for `echarts: <path>`.
    pub fn file(&self) -> Option<&Path> {
        match self {
            EchartsSource::File(path) => Some(path),
            _ => None,
        }
    }
}

fn default_title() -> String {
    "benchsite".to_string()
}

fn default_cost() -> CostProvider {
    CostProvider::Hyperscaler
}

fn default_max_result_file_mb() -> u64 {
    256
}

const DEFAULT_RANKING_TIERS: [f64; 6] = [20.0, 40.0, 60.0, 80.0, 100.0, 150.0];

/// Each tier is a table on every ranking page, and a speed in its sentences: more than this
/// many would be a page no one reads (and ten thousand took a 10k build 41 s), and a speed
/// above the highest no LLM is served near (1e300 printed 301 digits).
const MAX_RANKING_TIERS: usize = 32;
const MAX_RANKING_TIER: f64 = 10_000.0;

/// `ranking_tiers` as given, if positive, up to [`MAX_RANKING_TIER`], strictly increasing and
/// at most [`MAX_RANKING_TIERS`] of them; the default if absent.
fn ranking_tiers(raw: Option<Spanned<Vec<f64>>>, file: &Path) -> Result<Vec<f64>, Diagnostic> {
    let Some(tiers) = raw else {
        return Ok(DEFAULT_RANKING_TIERS.to_vec());
    };
    let in_range = (tiers.value.iter()).all(|&x| x > 0.0 && x <= MAX_RANKING_TIER);
    let increasing = tiers.value.windows(2).all(|w| w[0] < w[1]);
    let count = (1..=MAX_RANKING_TIERS).contains(&tiers.value.len());
    if count && in_range && increasing {
        return Ok(tiers.value);
    }
    Err(Diagnostic::new(
        file,
        format!(
            "ranking_tiers must be a list of 1 to {MAX_RANKING_TIERS} interactivities \
             (tok/s/user) above 0 and up to {MAX_RANKING_TIER}, in strictly increasing order"
        ),
    )
    .at(yaml::position(&tiers.referenced))
    .field("ranking_tiers")
    .value(format!("{:?}", tiers.value))
    .help("for example `ranking_tiers: [20, 40, 60, 80, 100, 150]`"))
}

impl SiteConfig {
    pub fn parse(text: &str, file: &Path) -> Result<SiteConfig, Diagnostic> {
        let raw: RawConfig = yaml::parse(text, file)?;
        let base_url = checked_base_url(&raw.base_url.value).map_err(|(message, help)| {
            Diagnostic::new(file, message)
                .at(yaml::position(&raw.base_url.referenced))
                .field("base_url")
                .value(format!("{:?}", raw.base_url.value))
                .help(help)
        })?;
        let title = match raw.title {
            Some(t) if t.value.trim().is_empty() => {
                return Err(Diagnostic::new(file, "expected text")
                    .at(yaml::position(&t.referenced))
                    .field("title")
                    .value(format!("{:?}", t.value))
                    .help("every page shows the site's title; give it some, or leave `title` out for \"benchsite\""));
            }
            t => t.map_or_else(default_title, |t| t.value),
        };
        Ok(SiteConfig {
            title,
            base_url,
            description: raw.description.trim().to_string(),
            default_cost: raw.default_cost,
            echarts: EchartsSource::parse(raw.echarts),
            max_result_file_mb: raw.max_result_file_mb,
            ranking_tiers: ranking_tiers(raw.ranking_tiers, file)?,
        })
    }
}

/// What a base URL must be ([`normalize_base_url`], [`at_the_root`]), as an error says it,
/// and how to mend it.
const BASE_URL_RULE: (&str, &str) = (
    "base_url must be an absolute http(s) URL such as https://bench.example.org: a host (a \
     name in another script in punycode, xn--…) and an optional port, with no query, fragment \
     or user name",
    "give the address the site is served at, such as https://bench.example.org",
);

/// Why a base URL with a path is refused, and what to do instead.
const BASE_URL_PATH: (&str, &str) = (
    "base_url has a path, but a site is served at the root of its host: its pages link each \
     other, their stylesheet and scripts from there (`/dsr1/`, `/style.css`), which under a \
     path would all be missing",
    "serve the site from a host of its own (a subdomain such as https://bench.example.org) \
     and give that address",
);

/// `url` normalized ([`normalize_base_url`]), refused first if it has a path
/// ([`BASE_URL_PATH`]), whatever else is wrong with it: links are root-relative, so a site
/// under `https://x.github.io/repo` would deploy without its styles and with every link
/// broken, though its canonical links and sitemap would look right.
fn checked_base_url(url: &str) -> Result<String, (&'static str, &'static str)> {
    // A path, not a `/` in a query or fragment (which the general rule refuses), after a host.
    let address = url.trim().split(['?', '#']).next().unwrap_or_default();
    let address = address.trim_end_matches('/');
    if let Some((_, after_scheme)) = address.split_once("://")
        && after_scheme.find('/').is_some_and(|slash| slash > 0)
    {
        return Err(BASE_URL_PATH);
    }
    normalize_base_url(url).ok_or(BASE_URL_RULE)
}

/// The `--base-url` flag's value, normalized, or the problem with it.
pub fn base_url_flag(url: &str) -> Result<String, crate::error::Error> {
    checked_base_url(url).map_err(|(message, help)| {
        let message = message.replacen("base_url", "--base-url", 1);
        crate::error::Error::Usage(format!("--base-url {url:?}: {message}\n  help: {help}"))
    })
}

/// `https://example.org/` → `https://example.org`, `HTTPS://X.org/docs` → `https://x.org/docs`;
/// `None` unless an absolute http(s) URL of a host (a name, an IPv4 address or a bracketed
/// IPv6 one), an optional port and an optional path.
///
/// Every page's address is this and a path, so it must take one: no query or fragment (they
/// would end up inside every URL), no user name. Its path holds ASCII letters, digits,
/// `-._~:/@!()+,;=` and `%XX` escapes, which read the same in HTML, XML, CSV and robots.txt
/// without escaping (`&`, quotes, `<`, `>`, `$` and `*` would not). A name in another script
/// is written in punycode (`xn--…`).
pub fn normalize_base_url(url: &str) -> Option<String> {
    let url = url.trim();
    let (scheme, rest) = url.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    let rest = rest.trim_end_matches('/');
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let (host, port) = host_and_port(authority)?;
    let port_ok = port.is_none_or(|p| p.parse::<u16>().is_ok_and(|p| p > 0));
    let ok = matches!(scheme.as_str(), "http" | "https") && port_ok && plain_path(path);
    let port = port.map(|p| format!(":{p}")).unwrap_or_default();
    ok.then(|| format!("{scheme}://{}{port}{path}", host.to_ascii_lowercase()))
}

/// An authority's host and port: `[::1]:8080`, `x.org:99`, `x.org`. The host is a bracketed
/// IPv6 address or dot-separated labels of ASCII letters, digits and `-`, each with a letter
/// or a digit.
fn host_and_port(authority: &str) -> Option<(&str, Option<&str>)> {
    let (host, after) = match authority.strip_prefix('[') {
        Some(inner) => {
            let end = inner.find(']')?;
            let address = &inner[..end];
            let ipv6 = address.contains(':')
                && address
                    .chars()
                    .all(|c| c.is_ascii_hexdigit() || ":.".contains(c));
            (ipv6.then_some(&authority[..end + 2])?, &inner[end + 1..])
        }
        None => {
            let end = authority.find(':').unwrap_or(authority.len());
            let host = &authority[..end];
            let label_ok = |l: &str| {
                l.chars().any(|c| c.is_ascii_alphanumeric())
                    && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            };
            (
                host.split('.').all(label_ok).then_some(host)?,
                &authority[end..],
            )
        }
    };
    match after.strip_prefix(':') {
        Some(port) => Some((host, Some(port))),
        None => after.is_empty().then_some((host, None)),
    }
}

/// Whether `path` holds only characters that need no escaping anywhere the base URL goes, and
/// `%` only before two hex digits.
fn plain_path(path: &str) -> bool {
    let allowed = |c: char| c.is_ascii_alphanumeric() || "-._~:/@!()+,;=%".contains(c);
    let escapes_ok = path
        .split('%')
        .skip(1)
        .all(|after| after.len() >= 2 && after.as_bytes()[..2].iter().all(u8::is_ascii_hexdigit));
    path.chars().all(allowed) && escapes_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<SiteConfig, Diagnostic> {
        SiteConfig::parse(text, Path::new("site.yaml"))
    }

    #[test]
    fn defaults_fill_what_is_left_out() {
        let c = parse("base_url: https://x.org/\n").unwrap();
        assert_eq!(c.base_url, "https://x.org");
        assert_eq!(c.title, "benchsite");
        assert_eq!(c.default_cost, CostProvider::Hyperscaler);
        assert_eq!(c.echarts, EchartsSource::Bundled);
        let cdn = parse("base_url: https://x.org\necharts: cdn\n").unwrap();
        assert_eq!(cdn.echarts, EchartsSource::Cdn);
        let file = parse("base_url: https://x.org\necharts: js/e.js\n").unwrap();
        assert_eq!(file.echarts.file(), Some(Path::new("js/e.js")));
        assert_eq!(c.max_result_file_mb, 256);
    }

    #[test]
    fn a_blank_title_is_refused_at_its_line() {
        let err = parse("base_url: https://x.org\ntitle: '  '\n").unwrap_err();
        assert_eq!(err.field.as_deref(), Some("title"));
        assert_eq!(err.position.map(|p| (p.line, p.column)), Some((2, 8)));
        assert_eq!(
            parse("base_url: https://x.org\ntitle: B\n").unwrap().title,
            "B"
        );
    }

    #[test]
    fn result_file_limit_is_configurable() {
        let c = parse("base_url: https://x.org\nmax_result_file_mb: 3\n").unwrap();
        assert_eq!(c.max_result_file_mb, 3);
        let err = parse("base_url: https://x.org\nmax_result_file_mb: lots\n").unwrap_err();
        assert_eq!(err.position.map(|p| p.line), Some(2), "{err}");
    }

    #[test]
    fn ranking_tiers_default_and_must_rise() {
        let c = parse("base_url: https://x.org\n").unwrap();
        assert_eq!(c.ranking_tiers, [20.0, 40.0, 60.0, 80.0, 100.0, 150.0]);
        let c = parse("base_url: https://x.org\nranking_tiers: [10, 25.5, 10000]\n").unwrap();
        assert_eq!(c.ranking_tiers, [10.0, 25.5, 10000.0]);
        let most = format!("{:?}", (1..=32).collect::<Vec<u32>>());
        let c = parse(&format!("base_url: https://x.org\nranking_tiers: {most}\n")).unwrap();
        assert_eq!(c.ranking_tiers.len(), 32);
        let many = format!("{:?}", (1..=33).collect::<Vec<u32>>());
        let bad_lists = [
            "[40, 20]",
            "[20, 20]",
            "[0, 20]",
            "[-5]",
            "[]",
            "[20, 10001]",
            "[1e300]",
        ];
        for bad in bad_lists.into_iter().chain([many.as_str()]) {
            let err =
                parse(&format!("base_url: https://x.org\nranking_tiers: {bad}\n")).unwrap_err();
            let text = err.to_string();
            assert!(text.starts_with("site.yaml:2:"), "{bad}: {text}");
            assert!(text.contains("field `ranking_tiers`"), "{bad}: {text}");
            assert!(text.contains("strictly increasing"), "{bad}: {text}");
        }
        let err = parse("base_url: https://x.org\nranking_tiers: [20, fast]\n").unwrap_err();
        assert_eq!(err.position.map(|p| p.line), Some(2), "{err}");
    }

    #[test]
    fn unknown_key_is_an_error_naming_it() {
        let err = parse("base_url: https://x.org\ndefault_csot: neocloud\n").unwrap_err();
        let text = err.to_string();
        assert!(text.starts_with("site.yaml:2:"), "{text}");
        assert!(text.contains("default_csot"), "{text}");
    }

    #[test]
    fn unknown_cost_provider_is_an_error() {
        let err = parse("base_url: https://x.org\ndefault_cost: cheapest\n").unwrap_err();
        assert!(err.to_string().contains("cheapest"), "{err}");
    }

    /// A base URL is a host, a port and a path that need no escaping anywhere: no query,
    /// fragment, user name or characters that HTML or XML would have to escape.
    #[test]
    fn a_base_url_is_a_plain_address() {
        for (given, normal) in [
            ("https://x.org/", "https://x.org"),
            ("HTTPS://X.ORG", "https://x.org"),
            ("http://127.0.0.1:1111", "http://127.0.0.1:1111"),
            ("http://[::1]:8080/", "http://[::1]:8080"),
            ("http://[2001:DB8::1]", "http://[2001:db8::1]"),
            ("https://x.org/bench/v2/", "https://x.org/bench/v2"),
            ("https://x.org/a%20b/~me", "https://x.org/a%20b/~me"),
            (
                "https://u.codeberg.page/repo/@main",
                "https://u.codeberg.page/repo/@main",
            ),
            (
                "https://xn--bcher-kva.example/v+1,2;x=(y)!",
                "https://xn--bcher-kva.example/v+1,2;x=(y)!",
            ),
        ] {
            assert_eq!(
                normalize_base_url(given).as_deref(),
                Some(normal),
                "{given}"
            );
        }
        for bad in [
            "https://x.org/a&b",
            "https://x.org/<a>",
            "https://x.org/a]]>",
            "https://x.org/\"><script>",
            "https://x.org/?a=1#f",
            "https://x.org/#f",
            "https://x.org:99999",
            "https://x.org:0",
            "https://x.org:",
            "https://me@x.org",
            "https://",
            "https:///docs",
            "ftp://x.org",
            "javascript://x.org",
            "x.org",
            "https://x.org/a b",
            "https://x.org/a%zz",
            "https://x.org/a%2",
            "https://x.org/a$b",
            "https://x.org/a*b",
            "https://x.org/a'b",
            "https://.",
            "https://-",
            "https://x..org",
            "http://[::1",
            "http://[x]:80",
            "http://[::1]x",
            "https://bücher.example",
        ] {
            assert_eq!(normalize_base_url(bad), None, "{bad}");
        }
    }

    /// Pages link each other from the host's root, so a site under a path would deploy
    /// broken: such a base URL is refused, in site.yaml and as `--base-url`.
    #[test]
    fn a_base_url_with_a_path_is_refused() {
        for given in [
            "https://x.org/bench",
            "https://x.github.io/repo/",
            "http://[::1]:8080/a",
            "https://x.org/a b",
        ] {
            let err = parse(&format!("title: t\nbase_url: {given}\n")).unwrap_err();
            assert!(err.to_string().contains("base_url has a path"), "{err}");
            assert_eq!(err.position.map(|p| p.line), Some(2));
            let flag = base_url_flag(given).unwrap_err().to_string();
            assert!(flag.contains("--base-url has a path"), "{flag}");
        }
        // A `/` in a query or fragment, or no host at all, is the general rule's.
        for given in ["https://x.org/?utm=1", "https://x.org#/top", "https:///a"] {
            let flag = base_url_flag(given).unwrap_err().to_string();
            assert!(flag.contains("must be an absolute"), "{flag}");
        }
        assert_eq!(
            parse("base_url: https://x.org/\n").unwrap().base_url,
            "https://x.org"
        );
        assert_eq!(
            base_url_flag("http://[::1]:8080/").unwrap(),
            "http://[::1]:8080"
        );
    }

    #[test]
    fn relative_base_url_is_an_error() {
        let err = parse("base_url: /docs\n").unwrap_err();
        assert!(
            err.to_string().contains("base_url must be an absolute"),
            "{err}"
        );
        assert_eq!(err.position.map(|p| p.line), Some(1));
    }
}
