//! The hardware and model catalogs (`data/hardware.yaml`, `data/models.yaml`) and the rules that
//! map a result file's runner and model names onto them.

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

use crate::error::Diagnostic;
use crate::input::yaml;
use crate::plan::urls;
use crate::types::{HardwareId, ModelId};

/// Who rents out the GPU-hour: the three published price points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum CostProvider {
    #[serde(rename = "hyperscaler")]
    Hyperscaler,
    #[serde(rename = "neocloud")]
    Neocloud,
    #[serde(rename = "rental_3yr")]
    Rental3yr,
}

impl CostProvider {
    pub const ALL: [CostProvider; 3] = [Self::Hyperscaler, Self::Neocloud, Self::Rental3yr];

    /// The key used in YAML, JSON and chart options.
    pub fn key(self) -> &'static str {
        match self {
            Self::Hyperscaler => "hyperscaler",
            Self::Neocloud => "neocloud",
            Self::Rental3yr => "rental_3yr",
        }
    }
}

/// One figure per cost provider: USD per GPU-hour in the catalog, USD per million tokens in
/// [`crate::compute::Figures`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Costs {
    pub hyperscaler: f64,
    pub neocloud: f64,
    pub rental_3yr: f64,
}

impl Costs {
    /// Each provider's figure through `f` (a price per GPU-hour to a cost per million tokens).
    pub fn map(&self, f: impl Fn(f64) -> f64) -> Costs {
        Costs {
            hyperscaler: f(self.hyperscaler),
            neocloud: f(self.neocloud),
            rental_3yr: f(self.rental_3yr),
        }
    }

    pub fn get(&self, provider: CostProvider) -> f64 {
        match provider {
            CostProvider::Hyperscaler => self.hyperscaler,
            CostProvider::Neocloud => self.neocloud,
            CostProvider::Rental3yr => self.rental_3yr,
        }
    }
}

/// One accelerator.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hardware {
    pub id: HardwareId,
    pub name: String,
    pub vendor: String,
    pub architecture: Option<String>,
    pub aliases: Vec<String>,
    pub cost_per_gpu_hour: Costs,
    /// All-in (utility) power per GPU, kW.
    pub power_kw: f64,
}

/// One model.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Model {
    pub id: ModelId,
    pub name: String,
    /// Values of `infmax_model_prefix`, or model path tails, that map here (lower-case).
    pub keys: Vec<String>,
}

/// Both catalogs, validated.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    pub hardware: Vec<Hardware>,
    pub models: Vec<Model>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HardwareEntry {
    id: Spanned<String>,
    name: String,
    vendor: String,
    #[serde(default)]
    architecture: Option<String>,
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
    cost_per_gpu_hour: Spanned<Costs>,
    power_kw: Spanned<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ModelEntry {
    id: Spanned<String>,
    name: String,
    #[serde(default)]
    keys: Vec<Spanned<String>>,
}

impl Catalog {
    /// Reads and checks `hardware.yaml` and `models.yaml`. A file that does not parse is an
    /// `Err`; otherwise the catalog comes back with every entry that could be read, beside the
    /// problems found, so that result files can still be checked against it in the same run.
    pub fn load(
        hardware: (&str, &Path),
        models: (&str, &Path),
    ) -> Result<(Catalog, Vec<Diagnostic>), Vec<Diagnostic>> {
        let mut problems = Vec::new();
        let hw = yaml::parse::<Vec<HardwareEntry>>(hardware.0, hardware.1)
            .map(|entries| check_hardware(entries, hardware.1, &mut problems));
        let md = yaml::parse::<Vec<ModelEntry>>(models.0, models.1)
            .map(|entries| check_models(entries, models.1, &mut problems));
        match (hw, md) {
            (Ok(hardware), Ok(models)) => Ok((Catalog { hardware, models }, problems)),
            (hw, md) => Err(hw.err().into_iter().chain(md.err()).collect()),
        }
    }

    /// Maps a runner name onto an accelerator: its id, then an alias, then the longest id that
    /// starts the name and is followed by `-` or `_` (`mi355x-amd_0` → `mi355x`).
    pub fn resolve_hardware(&self, runner: &str) -> Option<&Hardware> {
        let runner = runner.to_ascii_lowercase();
        let exact = self
            .hardware
            .iter()
            .find(|h| h.id.as_str() == runner || h.aliases.contains(&runner));
        exact.or_else(|| {
            self.hardware
                .iter()
                .filter(|h| {
                    runner
                        .strip_prefix(h.id.as_str())
                        .is_some_and(|rest| rest.starts_with(['-', '_']))
                })
                .max_by_key(|h| h.id.as_str().len())
        })
    }

    /// Maps a record onto a model: `infmax_model_prefix` first, then the last path segment of
    /// `model` (`deepseek-ai/DeepSeek-R1` → `deepseek-r1`), both case-insensitive.
    pub fn resolve_model(&self, prefix: Option<&str>, model_path: Option<&str>) -> Option<&Model> {
        let by_key = |key: &str| {
            let key = key.to_lowercase();
            self.models.iter().find(|m| m.keys.contains(&key))
        };
        let tail = model_path.map(|p| p.rsplit('/').next().unwrap_or(p));
        prefix.and_then(by_key).or_else(|| tail.and_then(by_key))
    }

    pub fn hardware(&self, id: &HardwareId) -> Option<&Hardware> {
        self.hardware.iter().find(|h| h.id == *id)
    }

    pub fn model(&self, id: &ModelId) -> Option<&Model> {
        self.models.iter().find(|m| m.id == *id)
    }
}

/// `"did you mean `b200`?"` for the closest of `known`, if `given` looks like a misspelling
/// of it (see [`crate::input::hints::near_miss`]).
pub use crate::input::hints::did_you_mean;

fn check_hardware(
    entries: Vec<HardwareEntry>,
    file: &Path,
    problems: &mut Vec<Diagnostic>,
) -> Vec<Hardware> {
    let mut claimed: HashMap<String, String> = HashMap::new();
    let mut out = Vec::new();
    for (index, e) in entries.into_iter().enumerate() {
        let problem = |field: &str, span: &serde_saphyr::Location, msg: &str, value: String| {
            Diagnostic::new(file, msg)
                .at(yaml::position(span))
                .record(index)
                .field(field)
                .value(value)
        };
        let Some(id) = HardwareId::new(&e.id.value) else {
            problems.push(problem(
                "id",
                &e.id.referenced,
                SLUG_RULE,
                quoted(&e.id.value),
            ));
            continue;
        };
        for name in std::iter::once(&e.id).chain(&e.aliases) {
            let key = name.value.to_ascii_lowercase();
            if let Some(owner) = claimed.insert(key.clone(), id.to_string()) {
                let msg = format!("`{key}` is already claimed by accelerator `{owner}`");
                problems.push(problem(
                    "id/aliases",
                    &name.referenced,
                    &msg,
                    quoted(&name.value),
                ));
            }
        }
        if !(MIN_KW..=MAX_KW).contains(&e.power_kw.value) {
            let msg = "power must be from 0.01 to 100 kW per GPU";
            problems.push(problem(
                "power_kw",
                &e.power_kw.referenced,
                msg,
                e.power_kw.value.to_string(),
            ));
        }
        let c = e.cost_per_gpu_hour.value;
        for (provider, v) in CostProvider::ALL.map(|p| (p, c.get(p))) {
            if !(v > 0.0 && v <= MAX_PRICE) {
                let field = format!("cost_per_gpu_hour.{}", provider.key());
                let msg = "cost must be above zero and at most 1,000 USD per GPU-hour";
                problems.push(problem(
                    &field,
                    &e.cost_per_gpu_hour.referenced,
                    msg,
                    v.to_string(),
                ));
            }
        }
        out.push(Hardware {
            id,
            name: e.name,
            vendor: e.vendor,
            architecture: e.architecture,
            aliases: e
                .aliases
                .into_iter()
                .map(|a| a.value.to_ascii_lowercase())
                .collect(),
            cost_per_gpu_hour: c,
            power_kw: e.power_kw.value,
        });
    }
    out
}

fn check_models(
    entries: Vec<ModelEntry>,
    file: &Path,
    problems: &mut Vec<Diagnostic>,
) -> Vec<Model> {
    let mut claimed: HashMap<String, String> = HashMap::new();
    let mut ids: HashMap<String, usize> = HashMap::new();
    let mut out = Vec::new();
    for (index, e) in entries.into_iter().enumerate() {
        let problem = |field: &str, span: &serde_saphyr::Location, msg: &str, value: &str| {
            Diagnostic::new(file, msg)
                .at(yaml::position(span))
                .record(index)
                .field(field)
                .value(quoted(value))
        };
        let Some(id) = ModelId::new(&e.id.value) else {
            problems.push(problem("id", &e.id.referenced, SLUG_RULE, &e.id.value));
            continue;
        };
        if urls::SITE_FOLDERS.contains(&id.as_str()) {
            let msg = format!(
                "a model's pages live under `/<id>/`, and `/{id}/` holds the site's own pages; \
                 choose another id"
            );
            problems.push(problem("id", &e.id.referenced, &msg, &e.id.value));
            continue;
        }
        if let Some(first) = ids.insert(id.to_string(), index) {
            let msg = format!("duplicate id, first used by entry {first}");
            problems.push(problem("id", &e.id.referenced, &msg, &e.id.value));
        }
        for key in &e.keys {
            let k = key.value.to_lowercase();
            if let Some(owner) = claimed.insert(k.clone(), id.to_string()) {
                let msg = format!("key `{k}` is already claimed by model `{owner}`");
                problems.push(problem("keys", &key.referenced, &msg, &key.value));
            }
        }
        out.push(Model {
            id,
            name: e.name,
            keys: e.keys.into_iter().map(|k| k.value.to_lowercase()).collect(),
        });
    }
    out
}

/// The bounds of an accelerator's all-in power and GPU-hour price, the maxima those of the
/// reader's price form (static/reader.js). Beyond them a figure is a typo or a unit slip (watts
/// for kilowatts), and the tok/s/MW or cost computed from it would overflow or print as nonsense.
const MIN_KW: f64 = 0.01;
const MAX_KW: f64 = 100.0;
const MAX_PRICE: f64 = 1000.0;

const SLUG_RULE: &str = "an id must be a plain slug: lower-case letters, digits, `-` and `_`";

/// A string value as an error message shows it.
pub fn quoted(s: &str) -> String {
    format!("{s:?}")
}
