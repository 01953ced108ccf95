//! Stage 1, input — validate: turn loosely typed records into [`Record`]s, resolving hardware and models
//! against the catalog. Every problem of every record is reported, each naming file, position,
//! record, field and value; a record with any problem is left out.

use std::path::Path;

use serde_json::Value;

use crate::error::Diagnostic;
use crate::input::catalog::Catalog;
use crate::input::record::{Record, Source};
use crate::input::results::{Field, RawRecord};
use crate::types::{
    Framework, Interactivity, Layout, Parallelism, Precision, RunDate, Sequence, SpecDecoding,
};

/// No measurement is this large (a trillion tokens per second, or seconds); a larger number is
/// a typo or a unit slip, and the figures computed from it (× 3,600, × 1,000,000) would
/// overflow to infinity and print as nothing.
const LARGEST: f64 = 1e12;
/// Nor this small (a millionth of a token per second, or of a second): a figure divided by
/// one smaller would overflow the same way.
const SMALLEST: f64 = 1e-6;

/// Validates the records read from result file `file`. Returns the good ones and every
/// problem found.
pub fn validate(
    file: &Path,
    raws: &[RawRecord],
    catalog: &Catalog,
) -> (Vec<Record>, Vec<Diagnostic>) {
    let mut records = Vec::with_capacity(raws.len());
    let mut problems = Vec::new();
    for raw in raws {
        let mut reader = Reader {
            raw,
            file,
            problems: Vec::new(),
        };
        let record = reader.record(catalog);
        match record {
            Some(r) if reader.problems.is_empty() => records.push(r),
            _ => problems.append(&mut reader.problems),
        }
    }
    (records, problems)
}

/// A record's optional measurements and provenance.
struct Extras {
    input_throughput: Option<f64>,
    output_throughput: Option<f64>,
    median_ttft: Option<f64>,
    p99_ttft: Option<f64>,
    median_e2el: Option<f64>,
    image: Option<String>,
    date: Option<RunDate>,
    run_url: Option<String>,
}

/// Reads one record's fields, noting each problem instead of stopping at it.
struct Reader<'a> {
    raw: &'a RawRecord,
    file: &'a Path,
    problems: Vec<Diagnostic>,
}

impl Reader<'_> {
    fn record(&mut self, catalog: &Catalog) -> Option<Record> {
        let runner = self.string("hw");
        let hardware = runner.as_deref().and_then(|r| self.hardware(r, catalog));
        let model = self.model(catalog);
        let framework = self
            .slug("framework")
            .and_then(|s| self.typed("framework", &s, Framework::new));
        let precision = self
            .slug("precision")
            .and_then(|s| self.typed("precision", &s, Precision::new));
        let spec_decoding = match self.raw.fields.get("spec_decoding") {
            None
            | Some(Field {
                value: Value::Null, ..
            }) => Some(SpecDecoding::none()),
            Some(_) => self
                .slug("spec_decoding")
                .and_then(|s| self.typed("spec_decoding", &s, SpecDecoding::new)),
        };
        let disagg = self.flag("disagg").unwrap_or(false);
        let isl = self.count("isl");
        let osl = self.count("osl");
        let conc = self.count("conc");
        let throughput = self.positive("tput_per_gpu");
        let interactivity = self.interactivity();
        let parallelism = self.parallelism(disagg);
        // Read before any `?` below, so that every problem of the record is reported.
        let extras = self.extras();
        Some(Record {
            model: model?.id.clone(),
            hardware: hardware?,
            runner: runner?,
            framework: framework?,
            precision: precision?,
            spec_decoding: spec_decoding?,
            disagg,
            sequence: Sequence {
                isl: isl?,
                osl: osl?,
            },
            parallelism,
            conc: conc?,
            throughput: throughput?,
            input_throughput: extras.input_throughput,
            output_throughput: extras.output_throughput,
            interactivity: interactivity?,
            median_ttft: extras.median_ttft,
            p99_ttft: extras.p99_ttft,
            median_e2el: extras.median_e2el,
            image: extras.image,
            date: extras.date,
            run_url: extras.run_url,
            source: Source {
                file: self.raw.file,
                index: self.raw.index,
            },
        })
    }

    /// The optional fields.
    fn extras(&mut self) -> Extras {
        Extras {
            input_throughput: self.optional(Self::non_negative, "input_tput_per_gpu"),
            output_throughput: self.optional(Self::non_negative, "output_tput_per_gpu"),
            median_ttft: self.optional(Self::non_negative, "median_ttft"),
            p99_ttft: self.optional(Self::non_negative, "p99_ttft"),
            median_e2el: self.optional(Self::non_negative, "median_e2el"),
            image: self.optional(Self::string, "image"),
            date: self.optional(Self::date, "date"),
            run_url: self.optional(Self::web_address, "run_url"),
        }
    }

    /// A problem with `field`, positioned at the field (or the record when it is missing).
    fn problem(&mut self, field: &str, message: impl Into<String>) -> Diagnostic {
        let field_data = self.raw.fields.get(field);
        let mut d = Diagnostic::new(self.file, message)
            .at(field_data.and_then(|f| f.position).or(self.raw.position))
            .record(self.raw.index)
            .field(field);
        if let Some(f) = field_data {
            d = d.value(f.value.to_string());
        }
        d
    }

    fn report(&mut self, field: &str, message: impl Into<String>) {
        let d = self.problem(field, message);
        self.problems.push(d);
    }

    fn get(&mut self, field: &str) -> Option<&Value> {
        match self.raw.fields.get(field) {
            Some(f) if !f.value.is_null() => Some(&f.value),
            _ => {
                self.report(field, "required field is missing");
                None
            }
        }
    }

    /// Applies `read` when the field is present and not null.
    fn optional<T>(&mut self, read: fn(&mut Self, &str) -> Option<T>, field: &str) -> Option<T> {
        let present = self
            .raw
            .fields
            .get(field)
            .is_some_and(|f| !f.value.is_null());
        if present { read(self, field) } else { None }
    }

    fn string(&mut self, field: &str) -> Option<String> {
        match self.get(field)? {
            Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
            _ => {
                self.report(field, "expected a non-empty string");
                None
            }
        }
    }

    /// A run's address, which pages link to.
    fn web_address(&mut self, field: &str) -> Option<String> {
        let url = self.string(field)?;
        if !crate::types::is_web_address(&url) {
            self.report(field, crate::types::WEB_ADDRESS_EXPECTED);
            return None;
        }
        Some(url)
    }

    /// A string that becomes part of a URL: lower-cased here, checked by `typed`.
    fn slug(&mut self, field: &str) -> Option<String> {
        self.string(field).map(|s| s.trim().to_lowercase())
    }

    fn typed<T>(&mut self, field: &str, s: &str, make: fn(&str) -> Option<T>) -> Option<T> {
        let typed = make(s);
        if typed.is_none() {
            self.report(
                field,
                "expected a plain slug: letters, digits, `-` and `_` (it becomes part of a URL)",
            );
        }
        typed
    }

    /// A number that passes `ok`; otherwise the problem says what was `expected`.
    fn number(&mut self, field: &str, expected: &str, ok: fn(f64) -> bool) -> Option<f64> {
        let number = match self.get(field)? {
            Value::Number(n) => n.as_f64().filter(|v| ok(*v)),
            // YAML's `.nan` and `.inf` arrive as strings (see `yaml::parse`).
            _ => None,
        };
        if number.is_none() {
            self.report(field, format!("expected {expected}"));
        }
        number
    }

    fn positive(&mut self, field: &str) -> Option<f64> {
        self.number(field, "a number from 1e-6 to 1e12", |v| {
            (SMALLEST..=LARGEST).contains(&v)
        })
    }

    fn non_negative(&mut self, field: &str) -> Option<f64> {
        self.number(field, "a number, zero or more and at most 1e12", |v| {
            (0.0..=LARGEST).contains(&v)
        })
    }

    /// A whole number above zero (`64` or `64.0`).
    fn count(&mut self, field: &str) -> Option<u32> {
        let whole = |v: f64| v.fract() == 0.0 && v >= 1.0 && v <= f64::from(u32::MAX);
        self.number(field, "a whole number from 1 to 4294967295", whole)
            .map(|v| v as u32)
    }

    /// `true`/`false`, `"true"`/`"false"`, or null (false).
    fn flag(&mut self, field: &str) -> Option<bool> {
        let value = &self.raw.fields.get(field)?.value;
        match value {
            Value::Null => Some(false),
            Value::Bool(b) => Some(*b),
            Value::String(s) if s.eq_ignore_ascii_case("true") => Some(true),
            Value::String(s) if s.eq_ignore_ascii_case("false") => Some(false),
            _ => {
                self.report(field, "expected true or false");
                None
            }
        }
    }

    fn date(&mut self, field: &str) -> Option<RunDate> {
        let text = self.string(field)?;
        let date = RunDate::parse(&text);
        if date.is_none() {
            self.report(field, RunDate::refusal(&text));
        }
        date
    }

    /// Tokens/s per user: `median_intvty`, or `1 / median_tpot` (seconds) when it is absent.
    fn interactivity(&mut self) -> Option<Interactivity> {
        if self
            .raw
            .fields
            .get("median_intvty")
            .is_some_and(|f| !f.value.is_null())
        {
            return self.positive("median_intvty").map(Interactivity);
        }
        if self
            .raw
            .fields
            .get("median_tpot")
            .is_some_and(|f| !f.value.is_null())
        {
            // Its inverse is the interactivity, held to the same bounds as a measured one.
            let expected = "a number of seconds from 1e-12 to 1e6, so that 1 / median_tpot \
                            is from 1e-6 to 1e12 tokens per second";
            return self
                .number("median_tpot", expected, |v| {
                    v > 0.0 && (SMALLEST..=LARGEST).contains(&(1.0 / v))
                })
                .map(|tpot| Interactivity(1.0 / tpot));
        }
        self.report(
            "median_intvty",
            "required field is missing (nor is there a median_tpot)",
        );
        None
    }

    fn parallelism(&mut self, disagg: bool) -> Parallelism {
        if disagg {
            Parallelism::Disaggregated {
                prefill: self.layout("prefill_", Some("prefill_num_workers")),
                decode: self.layout("decode_", Some("decode_num_workers")),
                prefill_gpus: self.optional(Self::count, "num_prefill_gpu"),
                decode_gpus: self.optional(Self::count, "num_decode_gpu"),
            }
        } else {
            Parallelism::Aggregated(self.layout("", None))
        }
    }

    fn layout(&mut self, prefix: &str, workers: Option<&str>) -> Layout {
        Layout {
            tp: self.optional(Self::count, &format!("{prefix}tp")),
            ep: self.optional(Self::count, &format!("{prefix}ep")),
            dp_attention: self.flag(&format!("{prefix}dp_attention")).unwrap_or(false),
            workers: workers.and_then(|w| self.optional(Self::count, w)),
        }
    }

    fn hardware(&mut self, runner: &str, catalog: &Catalog) -> Option<crate::types::HardwareId> {
        if let Some(h) = catalog.resolve_hardware(runner) {
            return Some(h.id.clone());
        }
        let d = self.problem("hw", "unknown hardware: no accelerator id or alias matches");
        self.problems
            .push(d.help(crate::input::hints::unknown_hardware(runner, catalog)));
        None
    }

    fn model<'c>(&mut self, catalog: &'c Catalog) -> Option<&'c crate::input::catalog::Model> {
        let prefix = self
            .raw
            .fields
            .get("infmax_model_prefix")
            .and_then(|f| f.value.as_str());
        let path = self.raw.fields.get("model").and_then(|f| f.value.as_str());
        if prefix.is_none() && path.is_none() {
            self.report(
                "infmax_model_prefix",
                "required field is missing (nor is there a model)",
            );
            return None;
        }
        if let Some(m) = catalog.resolve_model(prefix, path) {
            return Some(m);
        }
        let given = prefix.or(path).unwrap_or_default().to_string();
        let field = if prefix.is_some() {
            "infmax_model_prefix"
        } else {
            "model"
        };
        let d = self
            .problem(field, "unknown model: no model's `keys` match")
            .help(crate::input::hints::unknown_model(&given, catalog));
        self.problems.push(d);
        None
    }
}
