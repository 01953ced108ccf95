//! A ranking's cheapest accelerator by speed ([`rankings::cheapest`]) as the paragraph
//! `narrative/cheapest.html` states it: its stretches, the ties between them, and the speeds
//! printed with as many decimals as keep them apart.

use std::collections::BTreeSet;

use serde::Serialize;

use super::Sentence;
use crate::compute::Ranking;
use crate::compute::rankings;
use crate::error::Result;
use crate::render::pages::Pages;
use crate::render::{filters, labels, narrative};
use crate::types::HardwareId;

/// Cheapest by speed ([`rankings::cheapest`]), for `narrative/cheapest.html`.
#[derive(Serialize)]
struct CheapestView {
    /// From the slowest to the fastest speed at which two accelerators were measured
    /// (tok/s/user, [`rankings::compared`]).
    lo: f64,
    hi: f64,
    /// The decimals the speeds print with: the fewest, one to three, at which no two of them
    /// print alike.
    digits: usize,
    stretches: Vec<CheapestStretch>,
    /// How many accelerators the stretches name.
    named: usize,
    /// Where two or more were measured but the two cheapest cost within 1% of each other.
    ties: Vec<CheapestTie>,
    /// The only accelerator measured below `lo`, and above `hi`, if one is.
    alone_below: Option<String>,
    alone_above: Option<String>,
}

/// One stretch as the sentence names it.
#[derive(Serialize)]
struct CheapestStretch {
    from: f64,
    to: f64,
    name: String,
    /// It starts where the stretch before ends, or (the first) at `lo`.
    meets: bool,
    /// It ends at `hi`.
    to_end: bool,
}

/// Where no accelerator is the cheapest by 1%: the two cheapest there (at its middle).
#[derive(Serialize)]
struct CheapestTie {
    from: f64,
    to: f64,
    names: [String; 2],
}

/// The ranking's cheapest-by-speed sentences; `None` where no two accelerators were measured
/// at one speed.
pub(super) fn cheapest(
    pages: &Pages,
    ranking: &Ranking,
    text: &Sentence,
) -> Result<Option<String>> {
    let compared = rankings::compared(&ranking.candidates);
    let (Some(&(lo, _)), Some(&(_, hi))) = (compared.first(), compared.last()) else {
        return Ok(None);
    };
    let site = pages.site;
    let name = |hw: &HardwareId| labels::hardware(&site.catalog, hw);
    // Inside a range where two were measured, what no stretch holds is a tie.
    let mut ties = Vec::new();
    let mut tie = |from: f64, to: f64| {
        for &(l, h) in &compared {
            let (from, to) = (from.max(l), to.min(h));
            let x = 0.5 * (from + to);
            let rows =
                rankings::tier(x, &ranking.candidates, &site.catalog, ranking.cost_provider).rows;
            if let (true, [first, second, ..]) = (from < to, &rows[..]) {
                let names = [name(&first.hardware), name(&second.hardware)];
                ties.push(CheapestTie { from, to, names });
            }
        }
    };
    let (mut reached, mut stretches) = (lo, Vec::new());
    for c in &ranking.cheapest {
        tie(reached, c.from);
        stretches.push(CheapestStretch {
            from: c.from,
            to: c.to,
            name: name(&c.hardware),
            meets: c.from == reached,
            to_end: c.to == hi,
        });
        reached = c.to;
    }
    tie(reached, hi);
    let named: BTreeSet<&HardwareId> = ranking.cheapest.iter().map(|c| &c.hardware).collect();
    let speeds = (stretches.iter().flat_map(|s| [s.from, s.to]))
        .chain(ties.iter().flat_map(|t| [t.from, t.to]))
        .chain([lo, hi]);
    let alone = |outside: &dyn Fn((f64, f64)) -> bool| {
        let ranges = rankings::measured_ranges(&ranking.candidates);
        let mut who = ranges
            .iter()
            .filter(|e| e.ranges.iter().any(|&r| outside(r)));
        match (who.next(), who.next()) {
            (Some(e), None) => Some(name(&e.hardware)),
            _ => None,
        }
    };
    let m = CheapestView {
        lo,
        hi,
        digits: digits_apart(speeds.collect()),
        named: named.len(),
        stretches,
        ties,
        alone_below: alone(&|(from, _)| from < lo),
        alone_above: alone(&|(_, to)| to > hi),
    };
    #[derive(Serialize)]
    struct Para<'a> {
        m: CheapestView,
        page: &'a Sentence,
    }
    let html = pages
        .renderer
        .render("narrative/cheapest.html", &Para { m, page: text })?;
    Ok(Some(narrative::fold(&html)))
}

/// The fewest decimals, one to three, at which no two different `speeds` print alike; three
/// if even they do not tell them apart. (Judged by [`filters::compact_to`]: the template
/// prints every speed with as many, trailing zeros kept, which tells apart no fewer.)
fn digits_apart(mut speeds: Vec<f64>) -> usize {
    speeds.sort_by(f64::total_cmp);
    speeds.dedup();
    let apart = |d: usize| {
        let printed: Vec<String> = speeds.iter().map(|&v| filters::compact_to(v, d)).collect();
        printed.windows(2).all(|w| w[0] != w[1])
    };
    (1..=3).find(|&d| apart(d)).unwrap_or(3)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 19.96 and 20.04 both print "20" with one decimal; 18.63 and 19.2 do not collide.
    #[test]
    fn speeds_print_with_the_fewest_decimals_that_keep_them_apart() {
        assert_eq!(digits_apart(vec![10.0, 19.96, 20.04, 40.0]), 2);
        assert_eq!(digits_apart(vec![11.8, 18.63, 19.2, 121.0]), 1);
        assert_eq!(digits_apart(vec![20.0, 20.0001]), 3);
        assert_eq!(digits_apart(vec![20.0, 20.0, 30.0]), 1);
    }
}
