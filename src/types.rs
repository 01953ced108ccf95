//! Domain types: the words of a benchmark page, so that a function's signature says what it takes.

use std::fmt;

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

/// Declares a string newtype that is a URL slug (lower-case ASCII letters, digits, `-`, `_`).
macro_rules! slug_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// Accepts `s` only if it is a plain slug (see [`is_slug`]).
            pub fn new(s: &str) -> Option<Self> {
                is_slug(s).then(|| Self(s.to_string()))
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        /// Read back from the build cache: only a slug is accepted, as [`Self::new`] would.
        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                match is_slug(&s) {
                    true => Ok(Self(s)),
                    false => Err(serde::de::Error::custom(format!("not a slug: {s:?}"))),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

slug_type!(
    /// An accelerator's catalog id (`b200`), its URL slug.
    HardwareId
);
slug_type!(
    /// A model's catalog id (`dsr1`), its URL slug.
    ModelId
);
slug_type!(
    /// A numeric precision (`fp4`, `fp8`, `bf16`).
    Precision
);
slug_type!(
    /// A serving engine (`vllm`, `sglang`, `dynamo-trt`).
    Framework
);
slug_type!(
    /// A speculative-decoding method (`mtp`), or `none`.
    SpecDecoding
);

impl SpecDecoding {
    pub fn none() -> Self {
        Self("none".to_string())
    }

    pub fn is_none(&self) -> bool {
        self.0 == "none"
    }
}

/// How a combination's points were served, which is what sets one series of its hub apart:
/// the engine, the speculative-decoding method, and whether prefill and decode ran on
/// separate GPUs. Ordered by those three, in that order (the ranking's tie-break).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Serving {
    pub framework: Framework,
    pub spec_decoding: SpecDecoding,
    pub disagg: bool,
}

/// A plain slug: non-empty, lower-case ASCII letters and digits, `-` and `_`, starting with a
/// letter or digit. Slugs become path segments, so nothing else (no `.`, no `/`) may pass.
pub fn is_slug(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

/// Interactivity: output tokens per second seen by one user (tok/s/user), as a record holds it
/// once validation has derived it (from `median_intvty`, else `1 / median_tpot`).
///
/// Past the record, the numbers are plain `f64` in fields named `interactivity`: the metrics
/// (`compute::metrics`) are pure arithmetic over throughput, interactivity and concurrency
/// alike, tested as such, and wrapping one of the three quantities but not the others would
/// add conversions without telling them apart any better.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Interactivity(pub f64);

/// Input and output sequence length of a workload, in tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Sequence {
    pub isl: u32,
    pub osl: u32,
}

impl Sequence {
    /// `8k-1k`: the URL slug.
    pub fn slug(&self) -> String {
        format!("{}-{}", tokens(self.isl), tokens(self.osl))
    }
}

/// 8192 → `8k`; lengths that are not whole multiples of 1024 stay numeric (`1000`).
pub fn tokens(n: u32) -> String {
    if n >= 1024 && n.is_multiple_of(1024) {
        format!("{}k", n / 1024)
    } else {
        n.to_string()
    }
}

/// How a configuration spreads over GPUs. Compared after normalization, so `"false"`, `false`
/// and a missing `dp_attention` are the same configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Parallelism {
    /// One engine serving prefill and decode.
    Aggregated(Layout),
    /// Separate prefill and decode workers.
    Disaggregated {
        prefill: Layout,
        decode: Layout,
        prefill_gpus: Option<u32>,
        decode_gpus: Option<u32>,
    },
}

/// Tensor / expert parallelism, attention data parallelism, and worker count of one stage.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct Layout {
    pub tp: Option<u32>,
    pub ep: Option<u32>,
    pub dp_attention: bool,
    pub workers: Option<u32>,
}

impl fmt::Display for Layout {
    /// `TP8 EP8 DPA`, with `5×` in front for several workers.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        if let Some(tp) = self.tp {
            parts.push(format!("TP{tp}"));
        }
        if let Some(ep) = self.ep.filter(|&ep| ep > 1) {
            parts.push(format!("EP{ep}"));
        }
        if self.dp_attention {
            parts.push("DPA".to_string());
        }
        if let Some(w) = self.workers.filter(|&w| w > 1) {
            write!(f, "{w}×")?;
        }
        f.write_str(&parts.join(" "))
    }
}

impl Parallelism {
    /// The layout phase by phase: `["TP8 EP8 DPA"]`, or for disaggregated serving each phase
    /// with its GPUs where the record gives them, `["P 5×TP4 EP4 DPA (20 GPUs)", "D TP32 EP32
    /// DPA (32 GPUs)"]`: two configurations that differ only in their GPU counts must not read
    /// alike. Phases let a narrow table column break between them.
    pub fn phases(&self) -> Vec<String> {
        match self {
            Parallelism::Aggregated(layout) => vec![layout.to_string()],
            Parallelism::Disaggregated {
                prefill,
                decode,
                prefill_gpus,
                decode_gpus,
            } => vec![
                phase("P", prefill, *prefill_gpus),
                phase("D", decode, *decode_gpus),
            ],
        }
    }
}

/// `P 5×TP4 EP4 DPA (20 GPUs)`: one phase of disaggregated serving.
fn phase(name: &str, layout: &Layout, gpus: Option<u32>) -> String {
    match gpus {
        Some(1) => format!("{name} {layout} (1 GPU)"),
        Some(n) => format!("{name} {layout} ({n} GPUs)"),
        None => format!("{name} {layout}"),
    }
}

impl fmt::Display for Parallelism {
    /// `TP8 EP8 DPA`, or `P 5×TP4 EP4 DPA (20 GPUs) / D TP32 EP32 DPA (32 GPUs)` for
    /// disaggregated serving.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Parallelism::Aggregated(layout) => write!(f, "{layout}"),
            Parallelism::Disaggregated { .. } => f.write_str(&self.phases().join(" / ")),
        }
    }
}

/// What a run's address (`run_url`, a run block's or `run.yaml`'s `url`) is told when it is
/// not one: pages link it from feeds and `/changes/`, so it must be a web address, and anything
/// else (`javascript:`, a bare `github.com/...`) would be dropped without a word.
pub const WEB_ADDRESS_EXPECTED: &str = "expected a web address starting with https:// or http://";

/// True when `url` is a web address a page may link to: the scheme in any case (`HTTPS://`, as
/// URLs allow), then something after it.
pub fn is_web_address(url: &str) -> bool {
    ["https://", "http://"].iter().any(|scheme| {
        let head = url.get(..scheme.len());
        head.is_some_and(|h| h.eq_ignore_ascii_case(scheme)) && url.len() > scheme.len()
    })
}

/// When a run was measured: an ISO 8601 date (`2026-01-05`) or date-time (`2026-01-05T10:00`,
/// `…T10:00:59Z`, `…T23:59:59.5+02:00`) as the data writes it, and the instant it names (a date
/// alone is midnight UTC; a time without a zone is UTC).
///
/// Runs and records are ordered by the instant, not the text: `…T23:00+02:00` (21:00 UTC) is
/// older than `…T22:00Z`. Two spellings of one instant then order by their text, so the order
/// is total and the same on every build. Pages and exports show the text as written.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct RunDate {
    /// First, so that the derived order is the instant's.
    at: DateTime<FixedOffset>,
    text: String,
}

impl RunDate {
    /// What a refused date is told.
    pub const EXPECTED: &str = "expected an ISO 8601 date (YYYY-MM-DD, or YYYY-MM-DDTHH:MM:SSZ)";

    /// What a refused date `text` is told: that the calendar has no such day or time, where
    /// it is written as a date should be (`2026-02-30`, `2026-01-05T25:00`), else
    /// [`RunDate::EXPECTED`].
    pub fn refusal(text: &str) -> &'static str {
        let shaped =
            starts_day_shaped(text) && (text.len() == 10 || rfc3339_time(&text[10..]).is_some());
        match shaped {
            true => {
                "the calendar has no such day or time (an ISO 8601 date, YYYY-MM-DD or \
                 YYYY-MM-DDTHH:MM:SSZ, of a real day)"
            }
            false => Self::EXPECTED,
        }
    }

    /// Accepts `YYYY-MM-DD`, optionally followed by `THH:MM`, `THH:MM:SS` or `THH:MM:SS.fff`
    /// and then optionally `Z` or `±HH:MM`; the day, the time and the zone must exist
    /// (`2026-02-30` and `T25:00` do not).
    pub fn parse(text: &str) -> Option<RunDate> {
        if !starts_day_shaped(text) {
            return None;
        }
        let (day, time) = text.split_at(10);
        let time = match time {
            "" => "T00:00:00Z".to_string(),
            t => rfc3339_time(t)?,
        };
        let at = DateTime::parse_from_rfc3339(&format!("{day}{time}")).ok()?;
        Some(RunDate {
            at,
            text: text.to_string(),
        })
    }

    /// The date as the data writes it.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The instant, in the zone the data gives (UTC where it gives none).
    pub fn at(&self) -> DateTime<FixedOffset> {
        self.at
    }
}

/// Whether `text` starts with a day written `YYYY-MM-DD`, whether or not the calendar has it.
pub fn starts_day_shaped(text: &str) -> bool {
    let b = text.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    b.len() >= 10 && digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10)
}

/// `T10:00`, `T10:00:00` or `T10:00:00.123`, each optionally followed by `Z` or `±HH:MM`, in
/// RFC 3339's stricter shape (seconds always, `Z` where no zone is given); `None` for any
/// other shape.
fn rfc3339_time(t: &str) -> Option<String> {
    let t = t.strip_prefix('T')?;
    let (clock, zone) = t.split_at(t.find(['Z', '+', '-']).unwrap_or(t.len()));
    let (hms, fraction) = match clock.split_once('.') {
        Some((hms, fraction)) => (hms, Some(fraction)),
        None => (clock, None),
    };
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|c| c.is_ascii_digit());
    let fields: Vec<&str> = hms.split(':').collect();
    let fields_ok = matches!(fields.len(), 2 | 3) && fields.iter().all(|f| digits(f, 2));
    let fraction_ok = fraction.is_none_or(|f| !f.is_empty() && digits(f, f.len()));
    let zone_ok = match zone {
        "" | "Z" => true,
        z => z.len() == 6 && z.get(3..4) == Some(":") && digits(&z[1..3], 2) && digits(&z[4..], 2),
    };
    if !(fields_ok && fraction_ok && zone_ok) {
        return None;
    }
    let seconds = if fields.len() == 2 { ":00" } else { "" };
    let fraction = fraction.map(|f| format!(".{f}")).unwrap_or_default();
    let zone = if zone.is_empty() { "Z" } else { zone };
    Some(format!("T{hms}{seconds}{fraction}{zone}"))
}

impl fmt::Display for RunDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// Written as its text (the build cache stores records this way)...
impl Serialize for RunDate {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text)
    }
}

/// ...and read back only if it is still a date [`RunDate::parse`] accepts.
impl<'de> Deserialize<'de> for RunDate {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        RunDate::parse(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("not an ISO 8601 date: {text:?}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_written_right_but_not_in_the_calendar_is_told_so() {
        for text in ["2026-02-30", "2026-01-32", "2026-13-01", "2026-01-05T25:00"] {
            assert!(RunDate::parse(text).is_none(), "{text}");
            assert!(
                RunDate::refusal(text).starts_with("the calendar has no such day"),
                "{text}"
            );
        }
        for text in [
            "2026-1-5",
            "05/01/2026",
            "2026-01-05garbage",
            "2026-01-0é",
            "yesterday",
        ] {
            assert_eq!(RunDate::refusal(text), RunDate::EXPECTED, "{text}");
        }
    }

    #[test]
    fn web_addresses_are_http_or_https_with_something_after() {
        for ok in [
            "https://x.org/runs/1",
            "http://x",
            "HTTPS://X.ORG",
            "Http://x",
        ] {
            assert!(is_web_address(ok), "{ok}");
        }
        for bad in [
            "https://",
            "javascript:alert(1)",
            "github.com/o/r",
            "ftp://x",
            "",
            "é",
        ] {
            assert!(!is_web_address(bad), "{bad:?} must be refused");
        }
    }

    #[test]
    fn slugs_are_plain() {
        assert!(is_slug("fp4"));
        assert!(is_slug("dynamo-trt"));
        assert!(is_slug("mi355x_amd"));
        for bad in ["", "FP4", "../x", "a/b", "-x", "a.b", "a b", "é"] {
            assert!(!is_slug(bad), "{bad:?} must be refused");
        }
    }

    #[test]
    fn sequences_are_written_in_k() {
        let s = Sequence {
            isl: 8192,
            osl: 1024,
        };
        assert_eq!(s.slug(), "8k-1k");
        assert_eq!(
            Sequence {
                isl: 1000,
                osl: 2048
            }
            .slug(),
            "1000-2k"
        );
    }

    #[test]
    fn parallelism_reads_like_the_reference_site() {
        let agg = Layout {
            tp: Some(8),
            ep: Some(8),
            dp_attention: true,
            workers: None,
        };
        assert_eq!(Parallelism::Aggregated(agg).to_string(), "TP8 EP8 DPA");
        let tp4 = Layout {
            tp: Some(4),
            ep: Some(1),
            dp_attention: false,
            workers: None,
        };
        assert_eq!(Parallelism::Aggregated(tp4).to_string(), "TP4");
        let prefill = Layout {
            tp: Some(4),
            ep: Some(4),
            dp_attention: true,
            workers: Some(5),
        };
        let decode = Layout {
            tp: Some(32),
            ep: Some(32),
            dp_attention: true,
            workers: Some(1),
        };
        let disagg = |prefill_gpus, decode_gpus| Parallelism::Disaggregated {
            prefill,
            decode,
            prefill_gpus,
            decode_gpus,
        };
        assert_eq!(
            disagg(Some(20), Some(32)).to_string(),
            "P 5×TP4 EP4 DPA (20 GPUs) / D TP32 EP32 DPA (32 GPUs)"
        );
        assert_eq!(
            disagg(Some(20), Some(32)).phases(),
            ["P 5×TP4 EP4 DPA (20 GPUs)", "D TP32 EP32 DPA (32 GPUs)"]
        );
        let unknown = disagg(Some(1), None);
        assert_eq!(
            unknown.to_string(),
            "P 5×TP4 EP4 DPA (1 GPU) / D TP32 EP32 DPA"
        );
    }

    #[test]
    fn run_dates_accept_iso_8601_days_and_times_that_exist() {
        for ok in [
            "2026-01-05",
            "2026-01-05T10:00",
            "2026-01-05T10:00:59Z",
            "2026-12-31T23:59:59.5+02:00",
            "2024-02-29",
        ] {
            assert_eq!(
                RunDate::parse(ok).map(|d| d.to_string()),
                Some(ok.to_string())
            );
        }
        for bad in [
            "2026-1-5",
            "2026-13-01",
            "2026-01-00",
            "2026-02-30",
            "2026-01-05T25:00",
            "2026-01-05T10:00+99:00",
            "05/01/2026",
            "2026-01-05 10:00",
            "2026-01-05T10",
            "2026-01-05T10:00.",
            "2026-01-05T10:00:00Z </script>",
            "2026-01-05x",
            "",
        ] {
            assert_eq!(RunDate::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn run_dates_order_by_the_instant_they_name() {
        let at = |s: &str| RunDate::parse(s).unwrap();
        // 23:00 at +02:00 is 21:00 UTC: before 22:00 UTC, though its text sorts after.
        assert!(at("2026-01-05T23:00+02:00") < at("2026-01-05T22:00Z"));
        // A date alone is midnight UTC; a time without a zone is UTC.
        assert!(at("2026-01-05") < at("2026-01-05T00:00:01"));
        assert!(at("2026-01-04T23:59Z") < at("2026-01-05"));
        assert_eq!(at("2026-01-05T10:00").at(), at("2026-01-05T10:00:00Z").at());
        // One instant, two spellings: ordered by text, never equal.
        assert!(at("2026-01-05") < at("2026-01-05T00:00Z"));
        assert_eq!(
            at("2026-01-05T10:00+02:00").at().to_rfc3339(),
            "2026-01-05T10:00:00+02:00"
        );
    }
}
