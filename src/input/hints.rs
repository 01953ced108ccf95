//! Help for a runner or model name that the catalogs do not know.
//!
//! A near-miss of a known name is most likely a typo, and aliasing it is the fix. Anything else
//! is most likely new hardware or a new model: aliasing it to the nearest known name would
//! publish its results at another accelerator's price and power (`mi450x` is not a misspelt
//! `mi300x`), so the help leads with adding a catalog entry and shows one, filled in.

use crate::input::catalog::Catalog;

/// Help for a runner that matches no accelerator id or alias.
pub fn unknown_hardware(runner: &str, catalog: &Catalog) -> String {
    let ids: Vec<&str> = catalog.hardware.iter().map(|h| h.id.as_str()).collect();
    let names = catalog
        .hardware
        .iter()
        .flat_map(|h| std::iter::once(h.id.as_str()).chain(h.aliases.iter().map(String::as_str)));
    let head = runner_head(runner);
    let typo = did_you_mean(runner, names.clone()).or_else(|| did_you_mean(&head, names));
    let known = ids.join(", ");
    match typo {
        Some(question) => format!(
            "{question} known: {known}; if `{runner}` is that accelerator under another name, \
             add it to its `aliases` in data/hardware.yaml"
        ),
        None => format!(
            "a new accelerator: add an entry to data/hardware.yaml with its price per GPU-hour \
             and power, e.g.\n{}\n  known: {known}",
            hardware_template(runner, &head, catalog)
        ),
    }
}

/// Help for a model name (`infmax_model_prefix` or `model` path tail) no model's `keys` match.
pub fn unknown_model(given: &str, catalog: &Catalog) -> String {
    let keys = catalog
        .models
        .iter()
        .flat_map(|m| m.keys.iter().map(String::as_str));
    let known = keys.clone().collect::<Vec<_>>().join(", ");
    match did_you_mean(given, keys) {
        Some(question) => format!(
            "{question} known: {known}; if `{given}` is that model under another name, add it \
             to its `keys` in data/models.yaml"
        ),
        None => {
            // A `model` path matches by its last part (`/models/Mystery-7B` → `mystery-7b`).
            let tail = given
                .trim_end_matches('/')
                .rsplit('/')
                .next()
                .unwrap_or(given);
            let key = tail.to_lowercase();
            format!(
                "a new model: add an entry to data/models.yaml, e.g.\n{}\n  known: {known}",
                indent(&[
                    format!("- id: {}", slug(&key)),
                    format!("  name: {tail}            # the name pages show"),
                    format!(
                        "  keys: [{key}]   # `infmax_model_prefix` values (or `model` path \
                         tails) that mean this model"
                    ),
                ])
            )
        }
    }
}

/// The known name that `given` most likely misspells: within a small edit distance once
/// look-alike letters are read as digits (`b2OO` → `b200`), in the same product line (first
/// letter) and with the same model number — a different number (`mi450x` against `mi300x`) or
/// line (`h300` against `b300`) is a different product, not a typo.
pub fn near_miss<'a>(given: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    near_misses(given, known).into_iter().next()
}

/// Every known name as near to `given` as the nearest ([`near_miss`]), in the order given,
/// each once: `mi35x` is as near `mi325x` as `mi355x`, and naming one would be a coin toss.
pub fn near_misses<'a>(given: &str, known: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let given = fold(given);
    let plausible: Vec<(usize, &str)> = known
        .into_iter()
        .filter_map(|k| {
            let folded = fold(k);
            let distance = strsim::damerau_levenshtein(&given, &folded);
            let allowed = if folded.chars().count() <= 4 { 1 } else { 2 };
            let same_line = given.chars().next() == folded.chars().next();
            let plausible = distance <= allowed && same_line && same_model_number(&given, &folded);
            plausible.then_some((distance, k))
        })
        .collect();
    let nearest = plausible.iter().map(|(d, _)| *d).min();
    let mut names: Vec<&str> = Vec::new();
    for (_, k) in plausible.into_iter().filter(|(d, _)| Some(*d) == nearest) {
        if !names.contains(&k) {
            names.push(k);
        }
    }
    names
}

/// "did you mean `mi325x` or `mi355x`?", or `None` without a near miss.
pub fn did_you_mean<'a>(given: &str, known: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let names: Vec<String> = near_misses(given, known)
        .into_iter()
        .map(|k| format!("`{k}`"))
        .collect();
    (!names.is_empty()).then(|| format!("did you mean {}?", names.join(" or ")))
}

/// Lower-cased, with `o` and `l` next to a digit read as `0` and `1`.
fn fold(name: &str) -> String {
    let mut out: Vec<char> = name.to_lowercase().chars().collect();
    for i in 0..out.len() {
        let digit_near =
            |j: Option<usize>| j.and_then(|j| out.get(j)).is_some_and(char::is_ascii_digit);
        if digit_near(i.checked_sub(1)) || digit_near(Some(i + 1)) {
            out[i] = match out[i] {
                'o' => '0',
                'l' => '1',
                c => c,
            };
        }
    }
    out.into_iter().collect()
}

/// Equal digits, or digits of different lengths one keystroke apart (`b2000` for `b200`);
/// digits of the same length that differ are another model number.
fn same_model_number(a: &str, b: &str) -> bool {
    let digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
    let (da, db) = (digits(a), digits(b));
    da == db || (da.len() != db.len() && strsim::levenshtein(&da, &db) <= 1)
}

/// The runner's name without a suffix such as `_0` or `-amd_0`, lower-cased.
fn runner_head(runner: &str) -> String {
    let lower = runner.trim().to_lowercase();
    match lower.split(['-', '_']).next() {
        Some(head) if !head.is_empty() => head.to_string(),
        _ => lower,
    }
}

/// A hardware entry for `runner`, filled in as far as the name allows. Prices and power are
/// zero, which the catalog check refuses, so the entry cannot go live unfinished.
fn hardware_template(runner: &str, head: &str, catalog: &Catalog) -> String {
    let id = slug(head);
    let resolves = runner.to_lowercase() == id
        || runner
            .to_lowercase()
            .strip_prefix(&id)
            .is_some_and(|rest| rest.starts_with(['-', '_']));
    let aliases = if resolves {
        String::new()
    } else {
        runner.to_lowercase()
    };
    indent(&[
        format!("- id: {id}"),
        format!("  name: {}", id.to_uppercase()),
        format!("  vendor: {}", vendor_guess(&id, catalog)),
        "  architecture: TBD".to_string(),
        format!("  aliases: [{aliases}]   # other runner names for it, if any"),
        "  cost_per_gpu_hour: { hyperscaler: 0.0, neocloud: 0.0, rental_3yr: 0.0 }   # USD"
            .to_string(),
        "  power_kw: 0.0   # all-in (utility) kW per GPU".to_string(),
    ])
}

/// The vendor of the known accelerator whose id shares the longest start (at least two
/// characters) with `id`: `mi450x` → AMD.
fn vendor_guess(id: &str, catalog: &Catalog) -> String {
    let shared = |other: &str| {
        id.chars()
            .zip(other.chars())
            .take_while(|(a, b)| a == b)
            .count()
    };
    catalog
        .hardware
        .iter()
        .map(|h| (shared(h.id.as_str()), h))
        .filter(|(n, _)| *n >= 2)
        .max_by_key(|(n, _)| *n)
        .map_or_else(|| "TBD".to_string(), |(_, h)| h.vendor.clone())
}

/// `name` as a catalog id: lower-case letters, digits, `-` and `_`.
fn slug(name: &str) -> String {
    name.chars()
        .map(|c| match c.to_ascii_lowercase() {
            c @ ('a'..='z' | '0'..='9' | '-' | '_') => c,
            _ => '-',
        })
        .collect()
}

/// YAML lines as help text shows them: under the `help:` line, indented.
fn indent(lines: &[String]) -> String {
    lines
        .iter()
        .map(|l| format!("      {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    const HW: [&str; 9] = [
        "h100", "h200", "b200", "b300", "gb200", "gb300", "mi300x", "mi325x", "mi355x",
    ];

    #[test]
    fn misspellings_are_near_misses() {
        assert_eq!(near_miss("b2OO", HW), Some("b200"));
        assert_eq!(near_miss("mi355", HW), Some("mi355x"));
        assert_eq!(near_miss("b2000", HW), Some("b200"));
        assert_eq!(near_miss("Mi325X", HW), Some("mi325x"));
    }

    #[test]
    fn another_model_number_is_not_a_typo() {
        assert_eq!(near_miss("mi450x", HW), None);
        // Two as near: both named, in the catalog's order.
        assert_eq!(near_misses("mi35x", HW), ["mi325x", "mi355x"]);
        assert_eq!(
            did_you_mean("mi35x", HW.iter().copied()).as_deref(),
            Some("did you mean `mi325x` or `mi355x`?")
        );
        assert_eq!(near_miss("mi450x_0", HW), None);
        assert_eq!(near_miss("h300", HW), None);
        assert_eq!(near_miss("tpu9", HW), None);
        assert_eq!(near_miss("dsr2", ["dsr1", "gptoss"]), None);
    }

    #[test]
    fn look_alike_letters_fold_only_next_to_digits() {
        assert_eq!(fold("b2OO"), "b200");
        assert_eq!(fold("gptoss"), "gptoss");
        assert_eq!(fold("dsrl"), "dsrl");
        assert_eq!(fold("h1OO"), "h100");
    }

    #[test]
    fn template_fills_id_name_vendor_and_alias() {
        let catalog = Catalog {
            hardware: vec![],
            models: vec![],
        };
        let t = hardware_template("MI450X.amd", "mi450x.amd", &catalog);
        assert!(t.contains("- id: mi450x-amd"), "{t}");
        assert!(t.contains("aliases: [mi450x.amd]"), "{t}");
        let t = hardware_template("mi450x_0", "mi450x", &catalog);
        assert!(
            t.contains("name: MI450X") && t.contains("aliases: []"),
            "{t}"
        );
    }
}
