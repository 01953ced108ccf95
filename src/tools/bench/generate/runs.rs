//! Later runs of the synthetic benchmark (`bench --runs R`): the nightly re-runs that give
//! pages their history. Run 1 measures everything; each later run re-measures a share of the
//! series (every concurrency of an engine's deployment, as a real re-run does) with small
//! changes, a share of those with a new engine image. Deterministic: each draw is seeded by
//! the combination and the run.

use chrono::{Days, NaiveDate};

use super::catalog::PRECISIONS;
use super::records::{Combination, SyntheticRecord};
use super::rng::Rng;

/// The share of a combination's series a later run measures again.
pub(super) const REMEASURED: f64 = 0.2;

/// The share of re-measured series that come with a new engine image.
const NEW_IMAGE: f64 = 0.3;

/// Run `run`'s (2 and later) measurements of `records`, the records of `combo` in run 1.
pub(super) fn remeasure(
    combo: &Combination,
    records: Vec<SyntheticRecord>,
    run: usize,
) -> Vec<SyntheticRecord> {
    let precision = PRECISIONS.iter().position(|p| *p == combo.precision);
    let mut rng = Rng::seeded(&[
        3,
        combo.model as u64,
        combo.hw as u64,
        combo.sequence as u64,
        precision.unwrap_or(9) as u64,
        run as u64,
    ]);
    let mut out = Vec::new();
    let mut series = None;
    let (mut measured, mut image) = (false, false);
    for mut r in records {
        let key = (r.framework, r.mtp, r.deployment);
        if series != Some(key) {
            series = Some(key);
            measured = rng.chance(REMEASURED);
            image = rng.chance(NEW_IMAGE);
        }
        if !measured {
            continue;
        }
        r.throughput *= rng.range(0.95, 1.05);
        r.interactivity *= rng.range(0.98, 1.02);
        if image {
            r.image = format!("{}-nightly{run}", r.image);
        }
        out.push(r);
    }
    out
}

/// The date of run `run` (2 and later): 2026-01-01 plus `run` − 1 days, as `YYYY-MM-DD`.
pub(super) fn date(run: usize) -> String {
    const FIRST: NaiveDate = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    let days = Days::new(run.saturating_sub(1) as u64);
    let day = FIRST.checked_add_days(days).unwrap_or(NaiveDate::MAX);
    day.format("%Y-%m-%d").to_string()
}

#[cfg(test)]
mod tests {
    use super::super::records::{combinations_list, combo_records};
    use super::*;

    #[test]
    fn dates_count_days_from_new_year_2026() {
        assert_eq!(date(2), "2026-01-02");
        assert_eq!(date(32), "2026-02-01");
        assert_eq!(date(366), "2027-01-01");
    }

    #[test]
    fn a_later_run_remeasures_whole_series_with_small_changes() {
        let combos = combinations_list(40);
        let (mut all, mut again, mut new_image) = (0, 0, 0);
        for combo in &combos {
            let first = combo_records(combo);
            all += first.len();
            let later = remeasure(combo, combo_records(combo), 2);
            again += later.len();
            for r in &later {
                let before = first
                    .iter()
                    .find(|f| {
                        (f.framework, f.mtp, f.deployment, f.conc)
                            == (r.framework, r.mtp, r.deployment, r.conc)
                    })
                    .expect("a re-measured configuration was measured in run 1");
                let ratio = r.throughput / before.throughput;
                assert!((0.95..=1.05).contains(&ratio), "{ratio}");
                new_image += usize::from(r.image != before.image);
            }
            assert_eq!(
                later.len(),
                remeasure(combo, combo_records(combo), 2).len(),
                "deterministic"
            );
        }
        let share = again as f64 / all as f64;
        assert!((0.1..0.3).contains(&share), "{share}");
        assert!(new_image > 0 && new_image < again, "{new_image} of {again}");
    }
}
