//! Stage 1, input — load: find the result files and read their records as loosely typed fields that
//! remember where they stood in the file. Checking what the fields mean is [`crate::input::validate`]'s
//! job; keeping the two apart lets one set of rules serve JSON and YAML alike.
//!
//! `.json` files go through serde_json (much faster on large files, and its `RawValue` gives
//! each field's byte offset, hence its line and column); `.yaml`/`.yml` files through
//! [`crate::input::yaml`], whose `Spanned` values carry their positions.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::value::RawValue;
use serde_saphyr::Spanned;

use crate::error::{Diagnostic, Position};
use crate::input::runs::RunBlock;
use crate::input::text::LineIndex;
use crate::types::RunDate;

/// The record fields benchsite reads; any other field is skipped unparsed.
pub const FIELDS: &[&str] = &[
    "hw",
    "infmax_model_prefix",
    "model",
    "framework",
    "precision",
    "spec_decoding",
    "disagg",
    "isl",
    "osl",
    "conc",
    "tp",
    "ep",
    "dp_attention",
    "prefill_tp",
    "prefill_ep",
    "prefill_dp_attention",
    "prefill_num_workers",
    "decode_tp",
    "decode_ep",
    "decode_dp_attention",
    "decode_num_workers",
    "num_prefill_gpu",
    "num_decode_gpu",
    "tput_per_gpu",
    "input_tput_per_gpu",
    "output_tput_per_gpu",
    "median_intvty",
    "median_tpot",
    "median_ttft",
    "p99_ttft",
    "median_e2el",
    "image",
    "date",
    "run_url",
];

/// One field's value and where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub value: serde_json::Value,
    pub position: Option<Position>,
}

/// One result record as read, before validation.
#[derive(Debug, Clone, PartialEq)]
pub struct RawRecord {
    /// Index of the file in the sorted list of result files.
    pub file: usize,
    /// The record's index within its file.
    pub index: usize,
    pub position: Option<Position>,
    pub fields: BTreeMap<&'static str, Field>,
}

impl RawRecord {
    /// Record `index` of result file `file`, given its run's `date` and `url` where it has
    /// none of its own.
    fn read(
        file: usize,
        index: usize,
        position: Option<Position>,
        fields: BTreeMap<&'static str, Field>,
        run: Option<&RunInfo<Field>>,
    ) -> RawRecord {
        let mut record = RawRecord {
            file,
            index,
            position,
            fields,
        };
        if let Some(run) = run {
            run.apply(&mut record);
        }
        record
    }
}

/// Limits on one result file, so a hostile or broken drop cannot exhaust memory.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max_file_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 256 * 1024 * 1024,
        }
    }
}

/// The result files under `dir` (`*.json`, `*.yaml` and `*.yml`, at any depth) and, apart,
/// the `run.yaml` files (a run's description, not a result file), each in sorted path order.
/// An entry that cannot be read (a link that leads nowhere) is a problem of its own; the
/// other files are still listed, so that their problems are found too.
pub fn listing(dir: &Path, problems: &mut Vec<Diagnostic>) -> (Vec<PathBuf>, Vec<PathBuf>) {
    let mut files = Vec::new();
    let mut sidecars = Vec::new();
    if dir.exists() && !dir.is_dir() {
        problems.push(Diagnostic::new(
            dir,
            "data/results must be a folder of result files (JSON or YAML), not a file",
        ));
        return (files, sidecars);
    }
    for entry in super::walk(dir) {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                problems.push(super::walk_problem(dir, e));
                continue;
            }
        };
        // `.JSON` too: a file saved with an upper-case extension is still a result file.
        let extension = entry.path().extension().and_then(|e| e.to_str());
        let is_result = extension.is_some_and(|e| {
            ["json", "yaml", "yml"]
                .iter()
                .any(|r| e.eq_ignore_ascii_case(r))
        });
        let kind = entry.file_type();
        if is_result && !kind.is_file() && !kind.is_dir() {
            // A FIFO would block the build, a device (a link to /dev/zero) never end: named as
            // a result, it is a mistake to report rather than a file to skip without a word.
            problems.push(Diagnostic::new(
                entry.path(),
                "named as a result file, but it is not a regular file (a pipe, socket or \
                 device); a result file must be one",
            ));
            continue;
        }
        if !kind.is_file() || !is_result {
            continue;
        }
        if crate::input::runs::is_sidecar(entry.path()) {
            sidecars.push(entry.into_path());
        } else {
            files.push(entry.into_path());
        }
    }
    files.sort();
    sidecars.sort();
    (files, sidecars)
}

/// Reads result file `path`, number `file` in the sorted list, refusing it if it is over the
/// size limit.
pub fn read_result_file(
    path: &Path,
    file: usize,
    limits: Limits,
) -> Result<Vec<RawRecord>, Vec<Diagnostic>> {
    read_result_run(path, file, limits).map(|(_, records)| records)
}

/// [`read_result_file`], with what the file's own `run:` block says about its run.
pub fn read_result_run(
    path: &Path,
    file: usize,
    limits: Limits,
) -> Result<(Option<RunBlock>, Vec<RawRecord>), Vec<Diagnostic>> {
    parse_result_document(&read_result_text(path, limits)?, path, file)
}

/// The text of result file `path`, refusing it if it is over the size limit.
pub fn read_result_text(path: &Path, limits: Limits) -> Result<String, Vec<Diagnostic>> {
    let size = std::fs::metadata(path)
        .map_err(|e| vec![Diagnostic::new(path, format!("cannot read: {e}"))])?
        .len();
    if size > limits.max_file_bytes {
        let msg = format!(
            "file is {size} bytes, over the limit of {} bytes for one result file",
            limits.max_file_bytes
        );
        return Err(vec![Diagnostic::new(path, msg).help(
            "split the file, or raise `max_result_file_mb` in site.yaml",
        )]);
    }
    crate::input::text::read(path).map_err(|d| vec![d])
}

/// Parses the text of result file `path` (number `file` of the load) by its extension: `.json`
/// as JSON, anything else as YAML. Every problem names `path`.
pub fn parse_result_text(
    text: &str,
    path: &Path,
    file: usize,
) -> Result<Vec<RawRecord>, Vec<Diagnostic>> {
    parse_result_document(text, path, file).map(|(_, records)| records)
}

/// [`parse_result_text`], with what the file's own `run:` block says about its run. A UTF-8
/// byte-order mark, which some Windows editors write, is skipped (RFC 8259 allows a parser
/// to ignore it); it is invisible, so refusing the file at "1:1" would puzzle its author.
pub fn parse_result_document(
    text: &str,
    path: &Path,
    file: usize,
) -> Result<(Option<RunBlock>, Vec<RawRecord>), Vec<Diagnostic>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
    {
        parse_json(text, path, file)
    } else {
        parse_yaml(text, path, file)
    }
}

/// The optional wrapper around a file's records: `{run: {date, url}, results: [...]}`, its
/// values `V` as read with their positions.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RunDocument<R, V> {
    run: Option<RunInfo<V>>,
    results: Vec<R>,
}

/// Provenance shared by every record of a run; a record's own `date`/`run_url` win.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RunInfo<V> {
    date: Option<V>,
    url: Option<V>,
}

impl<V> RunInfo<V> {
    /// The block with each value turned into a [`Field`] by `field`.
    fn fields(self, field: impl Fn(V) -> Field) -> RunInfo<Field> {
        RunInfo {
            date: self.date.map(&field),
            url: self.url.map(&field),
        }
    }
}

impl RunInfo<Field> {
    /// The run's date and URL.
    fn block(&self) -> RunBlock {
        RunBlock {
            date: self.date().and_then(|d| RunDate::parse(&d)),
            url: self.url(),
        }
    }

    fn date(&self) -> Option<String> {
        self.date.as_ref()?.value.as_str().map(str::to_string)
    }

    fn url(&self) -> Option<String> {
        self.url.as_ref()?.value.as_str().map(str::to_string)
    }

    /// What is wrong with the block itself, reported once at the block rather than on every
    /// record that inherits it.
    fn problems(&self, path: &Path) -> Vec<Diagnostic> {
        let refused = |field: &Field, name: &str, message: &str| {
            Diagnostic::new(path, message)
                .at(field.position)
                .field(name)
                .value(field.value.to_string())
        };
        let mut problems = Vec::new();
        if let Some(date) = &self.date
            && self.date().and_then(|d| RunDate::parse(&d)).is_none()
        {
            let text = self.date().unwrap_or_default();
            problems.push(refused(date, "run.date", RunDate::refusal(&text)));
        }
        if let Some(url) = &self.url
            && !self.url().is_some_and(|u| crate::types::is_web_address(&u))
        {
            problems.push(refused(url, "run.url", crate::types::WEB_ADDRESS_EXPECTED));
        }
        problems
    }

    fn apply(&self, record: &mut RawRecord) {
        for (name, field) in [("date", &self.date), ("run_url", &self.url)] {
            if let Some(field) = field {
                let inherited = Field {
                    value: field.value.clone(),
                    position: record.position,
                };
                record.fields.entry(name).or_insert(inherited);
            }
        }
    }
}

type Parsed = (Option<RunBlock>, Vec<RawRecord>);

fn parse_json(text: &str, path: &Path, file: usize) -> Result<Parsed, Vec<Diagnostic>> {
    let syntax = |e: serde_json::Error| {
        let at = Position {
            line: e.line() as u64,
            // serde_json counts the characters read on the line: 0 before the first.
            column: e.column().max(1) as u64,
        };
        let wording = crate::input::parser_wording::json(&e);
        let message = match e.is_syntax() || e.is_eof() {
            true => format!("malformed JSON: {wording}"),
            false => wording,
        };
        vec![Diagnostic::new(path, message).at((e.line() > 0).then_some(at))]
    };
    let (run, raws): (Option<RunInfo<&RawValue>>, Vec<&RawValue>) =
        if text.trim_start().starts_with('{') {
            let doc: RunDocument<&RawValue, &RawValue> =
                serde_json::from_str(text).map_err(syntax)?;
            (doc.run, doc.results)
        } else {
            (None, serde_json::from_str(text).map_err(syntax)?)
        };
    let lines = LineIndex::new(text);
    let at = |raw: &RawValue| lines.position(offset_in(text, raw.get()));
    // A value JSON allows but serde_json will not hold (`1e999`) is said so, at its line.
    let given = run
        .iter()
        .flat_map(|r| [("run.date", r.date), ("run.url", r.url)]);
    let mut problems: Vec<Diagnostic> = given
        .filter_map(|(name, raw)| {
            let error = serde_json::from_str::<serde_json::Value>(raw?.get()).err()?;
            Some(unreadable(path, name, at(raw?), &error))
        })
        .collect();
    let run = run.map(|run| {
        run.fields(|raw| Field {
            value: serde_json::from_str(raw.get()).unwrap_or_default(),
            position: Some(at(raw)),
        })
    });
    if problems.is_empty() {
        problems = run.as_ref().map_or_else(Vec::new, |r| r.problems(path));
    }
    let mut records = Vec::with_capacity(raws.len());
    for (index, raw) in raws.into_iter().enumerate() {
        let at = Some(lines.position(offset_in(text, raw.get())));
        match json_record(raw, text, &lines) {
            Ok(fields) => records.push(RawRecord::read(file, index, at, fields, run.as_ref())),
            Err(RecordProblem::NotAnObject(e)) => problems.push(
                Diagnostic::new(
                    path,
                    format!(
                        "a record must be an object of fields: {}",
                        crate::input::parser_wording::json(&e)
                    ),
                )
                .at(at)
                .record(index),
            ),
            Err(RecordProblem::Unreadable { key, at, error }) => {
                problems.push(unreadable(path, key, at, &error).record(index))
            }
            Err(RecordProblem::Twice { key, first, second }) => problems.push(
                Diagnostic::new(
                    path,
                    format!(
                        "`{key}` is given twice (lines {} and {})",
                        first.line, second.line
                    ),
                )
                .at(Some(second))
                .record(index)
                .help("keep one of them: JSON readers disagree on which one counts"),
            ),
        }
    }
    if problems.is_empty() {
        Ok((run.as_ref().map(RunInfo::block), records))
    } else {
        Err(problems)
    }
}

/// Field `name`'s value at `at`, valid JSON that serde_json will not hold.
fn unreadable(path: &Path, name: &str, at: Position, error: &serde_json::Error) -> Diagnostic {
    let wording = crate::input::parser_wording::json(error);
    Diagnostic::new(path, format!("cannot read the value: {wording}"))
        .at(Some(at))
        .field(name)
}

/// Why a JSON record could not be read.
enum RecordProblem {
    NotAnObject(serde_json::Error),
    /// A key given twice: serde_json would keep the last silently, as YAML refuses to.
    Twice {
        key: String,
        first: Position,
        second: Position,
    },
    /// A known field whose value is valid JSON that serde_json will not hold, such as `1e999`.
    Unreadable {
        key: &'static str,
        at: Position,
        error: serde_json::Error,
    },
}

fn json_record(
    raw: &RawValue,
    text: &str,
    lines: &LineIndex,
) -> Result<BTreeMap<&'static str, Field>, RecordProblem> {
    let Pairs(pairs) = serde_json::from_str(raw.get()).map_err(RecordProblem::NotAnObject)?;
    let at = |value: &RawValue| lines.position(offset_in(text, value.get()));
    let mut seen: BTreeMap<&str, &RawValue> = BTreeMap::new();
    let mut fields = BTreeMap::new();
    for (key, value) in &pairs {
        if let Some(first) = seen.insert(key, value) {
            return Err(RecordProblem::Twice {
                key: key.to_string(),
                first: at(first),
                second: at(value),
            });
        }
        let Some(name) = known(key) else { continue };
        let parsed =
            serde_json::from_str(value.get()).map_err(|error| RecordProblem::Unreadable {
                key: name,
                at: at(value),
                error,
            })?;
        let position = Some(at(value));
        fields.insert(
            name,
            Field {
                value: parsed,
                position,
            },
        );
    }
    Ok(fields)
}

/// A JSON object's members in the order written, repeats kept (a map would drop them).
struct Pairs<'a>(Vec<(std::borrow::Cow<'a, str>, &'a RawValue)>);

impl<'de: 'a, 'a> Deserialize<'de> for Pairs<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Members;
        impl<'de> serde::de::Visitor<'de> for Members {
            type Value = Pairs<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object of fields")
            }
            fn visit_map<M: serde::de::MapAccess<'de>>(
                self,
                mut m: M,
            ) -> Result<Pairs<'de>, M::Error> {
                let mut pairs = Vec::new();
                while let Some(pair) = m.next_entry()? {
                    pairs.push(pair);
                }
                Ok(Pairs(pairs))
            }
        }
        d.deserialize_map(Members)
    }
}

/// The `'static` spelling of a known field name.
fn known(key: &str) -> Option<&'static str> {
    FIELDS.iter().copied().find(|f| *f == key)
}

/// Byte offset of `part`, a slice borrowed from `whole`.
fn offset_in(whole: &str, part: &str) -> usize {
    (part.as_ptr() as usize).saturating_sub(whole.as_ptr() as usize)
}

type YamlRecord = Spanned<BTreeMap<String, Spanned<serde_json::Value>>>;

fn parse_yaml(text: &str, path: &Path, file: usize) -> Result<Parsed, Vec<Diagnostic>> {
    fn parse<T: serde::de::DeserializeOwned>(
        text: &str,
        path: &Path,
    ) -> Result<T, Vec<Diagnostic>> {
        crate::input::yaml::parse(text, path).map_err(|d| vec![d])
    }
    // Untagged enums buffer their input and lose positions, so pick the shape first.
    let is_run = matches!(parse(text, path)?, serde_json::Value::Object(_));
    let (run, list): (_, Vec<YamlRecord>) = if is_run {
        let doc: RunDocument<YamlRecord, Spanned<serde_json::Value>> = parse(text, path)?;
        (doc.run, doc.results)
    } else {
        (None, parse(text, path)?)
    };
    let run = run.map(|run| {
        run.fields(|v| Field {
            value: v.value,
            position: crate::input::yaml::position(&v.referenced),
        })
    });
    if let Some(problems) = run.as_ref().map(|r| r.problems(path))
        && !problems.is_empty()
    {
        return Err(problems);
    }
    let records = list.into_iter().enumerate().map(|(index, spanned)| {
        let fields = spanned
            .value
            .into_iter()
            .filter_map(|(k, v)| {
                let position = crate::input::yaml::position(&v.referenced);
                Some((
                    known(&k)?,
                    Field {
                        value: v.value,
                        position,
                    },
                ))
            })
            .collect();
        let position = crate::input::yaml::position(&spanned.referenced);
        RawRecord::read(file, index, position, fields, run.as_ref())
    });
    let records = records.collect();
    Ok((run.as_ref().map(RunInfo::block), records))
}
