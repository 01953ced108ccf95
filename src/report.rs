//! The text of a failed build's problem list.
//!
//! One cause often breaks many records: a model missing from the catalog fails every record of
//! it, file after file. Listing each would bury the one fix under hundreds of identical lines,
//! so problems with the same file, field, message and help form a group: its first few are
//! shown in full, the help once, and a count stands for the rest (`--all-errors` lists all).

use std::collections::HashSet;

use crate::error::{Diagnostic, Error};

/// How many problems of a group are shown in full by default.
pub const SHOWN_PER_GROUP: usize = 3;

/// Renders `diagnostics`, each group cut to `shown_per_group` (`None`: every problem in
/// full, each with its help), and a closing count.
pub fn render(diagnostics: &[Diagnostic], shown_per_group: Option<usize>) -> String {
    let mut out = String::new();
    let mut hidden = 0;
    match shown_per_group {
        None => diagnostics
            .iter()
            .for_each(|d| out.push_str(&format!("error: {d}\n"))),
        Some(limit) => {
            let mut helped = HashSet::new();
            for group in groups(diagnostics) {
                hidden += group.len().saturating_sub(limit);
                render_group(&group, limit, &mut helped, &mut out);
            }
        }
    }
    let n = diagnostics.len();
    out.push_str(&format!("{n} problem{} found", plural(n)));
    if hidden > 0 {
        out.push_str(&format!(
            " ({hidden} not shown: `--all-errors` lists every one)"
        ));
    }
    out
}

/// What the terminal (and `serve`'s overlay) shows for `error`: input problems grouped unless
/// `all` is set, anything else as one `error:` line.
pub fn message(error: &Error, all: bool) -> String {
    match error {
        Error::Invalid(diagnostics) if all => render(diagnostics, None),
        Error::Invalid(_) => error.to_string(),
        other => format!("error: {other}"),
    }
}

/// Problems with one cause, in order of first appearance.
fn groups(diagnostics: &[Diagnostic]) -> Vec<Vec<&Diagnostic>> {
    let mut groups: Vec<Vec<&Diagnostic>> = Vec::new();
    let mut index = std::collections::HashMap::new();
    for d in diagnostics {
        let key = (&d.file, &d.field, &d.message, &d.help);
        let i = *index.entry(key).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[i].push(d);
    }
    groups
}

/// A group's first `limit` problems without their help, the help once (or a pointer to the
/// same help above), and what was left out.
fn render_group<'a>(
    group: &[&'a Diagnostic],
    limit: usize,
    helped: &mut HashSet<&'a str>,
    out: &mut String,
) {
    for d in group.iter().take(limit) {
        let bare = Diagnostic {
            help: None,
            ..(*d).clone()
        };
        out.push_str(&format!("error: {bare}\n"));
    }
    let first = group[0];
    if let Some(help) = first.help.as_deref() {
        match helped.insert(help) {
            true => out.push_str(&format!("  help: {help}\n")),
            false => out.push_str("  help: as above\n"),
        }
    }
    let more = group.len().saturating_sub(limit);
    if more > 0 {
        out.push_str(&format!(
            "  … and {more} more {} in {} with the same problem\n",
            what(first, more),
            crate::error::printable(&first.file)
        ));
    }
}

fn what(d: &Diagnostic, n: usize) -> String {
    let noun = if d.record.is_some() {
        "record"
    } else {
        "place"
    };
    format!("{noun}{}", plural(n))
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unknown_model(record: usize) -> Diagnostic {
        Diagnostic::new("data/results/a.json", "unknown model")
            .record(record)
            .field("infmax_model_prefix")
            .value("\"dsr2\"")
            .help("add it")
    }

    #[test]
    fn a_flood_shows_three_then_a_count() {
        let flood: Vec<Diagnostic> = (0..150).map(unknown_model).collect();
        let text = render(&flood, Some(SHOWN_PER_GROUP));
        assert_eq!(text.lines().count(), 6, "{text}");
        assert_eq!(text.matches("help: add it").count(), 1, "{text}");
        assert!(
            text.contains("  … and 147 more records in data/results/a.json with the same problem"),
            "{text}"
        );
        assert!(
            text.ends_with("150 problems found (147 not shown: `--all-errors` lists every one)"),
            "{text}"
        );
        let all = render(&flood, None);
        assert_eq!(all.lines().count(), 301, "{all}");
        assert!(all.ends_with("150 problems found"), "{all}");
    }

    #[test]
    fn different_causes_stay_apart_and_a_repeated_help_points_up() {
        let mut other_file = unknown_model(0);
        other_file.file = "data/results/b.json".into();
        let other_field = unknown_model(1).field("model");
        let text = render(
            &[unknown_model(0), other_file, other_field],
            Some(SHOWN_PER_GROUP),
        );
        assert_eq!(text.matches("error: ").count(), 3, "{text}");
        assert_eq!(text.matches("help: add it").count(), 1, "{text}");
        assert_eq!(text.matches("help: as above").count(), 2, "{text}");
        assert!(text.ends_with("3 problems found"), "{text}");
    }
}
