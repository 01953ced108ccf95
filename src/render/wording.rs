//! The comparison phrases and number formats of SPEC §5 "Wording".
//!
//! Narrative templates only splice these strings in, so the arithmetic behind
//! every sentence lives here, where it is tested; the reference site printed
//! "145% cheaper" because its templates did the arithmetic themselves.
//!
//! Rounding is half away from zero (`f64::round`) everywhere, applied before
//! formatting: Rust's `{:.2}` rounds exact ties to even (2.125 → "2.12"), which
//! would make one number round differently in prose and in a table heading.
//!
//! The comparison functions accept their two values in either order and always
//! compare the larger with the smaller, so a swapped call can never print a
//! negative or ≥ 100% figure.

use crate::compute::metrics;

/// From this ratio on a gap is stated as a multiple: "2.45× the tok/s/GPU" rather than "145%
/// more", and a cost saving gets its multiple beside it ("(Off costs 2.45× as much)"), as a
/// saving in percent says less and less ("98% cheaper" is 50× as well as 60×).
pub const MULTIPLE_FROM: f64 = 2.0;

/// How the prose states the gap between two positive figures, with r = larger / smaller:
/// below [`TIE_RATIO`](metrics::TIE_RATIO) it is measurement noise, below [`MULTIPLE_FROM`] a percentage reads
/// best, from there on a multiple does.
enum Gap {
    Tied,
    Percent(f64),
    Multiple(f64),
}

impl Gap {
    /// The gap between `a` and `b`, in either order.
    fn between(a: f64, b: f64) -> Gap {
        let r = a.max(b) / a.min(b);
        if metrics::tied(a, b) {
            Gap::Tied
        } else if r < MULTIPLE_FROM {
            Gap::Percent(r)
        } else {
            Gap::Multiple(r)
        }
    }
}

/// Whether two positive figures are "essentially tied": the larger is less than
/// [`TIE_RATIO`](metrics::TIE_RATIO) times the smaller, in either order.
pub fn tied(a: f64, b: f64) -> bool {
    matches!(Gap::between(a, b), Gap::Tied)
}

/// Whether the gap between two positive figures is stated as a multiple ([`MULTIPLE_FROM`]).
pub fn many_times(a: f64, b: f64) -> bool {
    matches!(Gap::between(a, b), Gap::Multiple(_))
}

/// The throughput phrase against a named side: "17% more tok/s/GPU than Off" or "2.45× the
/// tok/s/GPU of Off" (English wants "than" after "more" and "of" after a multiple), or
/// "essentially tied".
pub fn throughput_versus(higher: f64, lower: f64, lower_label: &str) -> String {
    versus(higher, lower, lower_label, "tok/s/GPU")
}

/// [`throughput_versus`] for output per megawatt: "2.36× the tok/s per MW of H200". Between
/// accelerators it differs from the throughput's, as their power per GPU does.
pub fn energy_versus(higher: f64, lower: f64, lower_label: &str) -> String {
    versus(higher, lower, lower_label, "tok/s per MW")
}

/// [`throughput_versus`] in any `unit`.
fn versus(higher: f64, lower: f64, lower_label: &str, unit: &str) -> String {
    match Gap::between(higher, lower) {
        Gap::Tied => "essentially tied".to_string(),
        Gap::Percent(r) => format!(
            "{} more {unit} than {lower_label}",
            percent((r - 1.0) * 100.0)
        ),
        Gap::Multiple(r) => format!("{} the {unit} of {lower_label}", ratio(r)),
    }
}

/// "59% cheaper per token", or "essentially the same cost per token" when the two costs are
/// tied ([`cost_tied`]).
///
/// The saving is 1 − cheaper / pricier, which is below 100% for any positive
/// price; it is clamped to 99 so rounding cannot claim a free token.
pub fn cost_phrase(cheaper: f64, pricier: f64) -> String {
    if cost_tied(cheaper, pricier) {
        "essentially the same cost per token".to_string()
    } else {
        format!(
            "{} cheaper per token",
            percent(saving_percent(cheaper, pricier))
        )
    }
}

/// Whether two costs per token are "essentially the same": the pricier is less than
/// [`TIE_RATIO`](metrics::TIE_RATIO) times the cheaper, the rule throughput ties follow. SPEC §5 has no tie rule
/// for cost; this one keeps the two in step. Between two setups on one accelerator the cost
/// ratio is the throughput ratio, and a saving rounded from 0.5–0.99% had read "essentially
/// tied at about 744 tok/s/GPU, so ATOM is 1% cheaper". A saving that is not tied is at
/// least 1% (1 − 1/1.01 = 0.990…%, which rounds to 1).
pub fn cost_tied(cheaper: f64, pricier: f64) -> bool {
    tied(cheaper, pricier)
}

/// The whole percentage saved by the cheaper price, 0 to 99.
pub fn saving_percent(cheaper: f64, pricier: f64) -> f64 {
    (saving(cheaper, pricier) * 100.0).round().min(99.0)
}

/// How many times the pricier side costs, for "(Off costs 2.45× as much)".
pub fn cost_multiple(cheaper: f64, pricier: f64) -> f64 {
    cheaper.max(pricier) / cheaper.min(pricier)
}

/// The fraction saved by the cheaper of two prices, in [0, 1).
fn saving(a: f64, b: f64) -> f64 {
    1.0 - a.min(b) / a.max(b)
}

/// Money in prose: "$0.43" below $10, "$12.3" from $10, so the figure keeps
/// about three significant digits; and "$0.027" below $0.10, where two decimals would keep one
/// and two different prices would read alike ("7% cheaper than … at $0.01" beside "$0.01";
/// SPEC §5 gives only the first two rules, the third keeps its intent). The cut is made after
/// rounding, so $9.996 reads "$10.0", not "$10.00", and $0.0996 "$0.10".
pub fn money(v: f64) -> String {
    let mills = (v * 1000.0).round();
    if mills.abs() < 100.0 {
        return format!("${:.3}", mills / 1000.0);
    }
    let cents = (v * 100.0).round();
    if cents.abs() < 1000.0 {
        format!("${:.2}", cents / 100.0)
    } else {
        format!("${:.1}", (v * 10.0).round() / 10.0)
    }
}

/// Money in prose beside the amount it is compared with: as [`money`], with up to three more
/// decimals where the two differ but would read alike ("$0.236 vs $0.240", not "$0.24 vs
/// $0.24" beside "2% cheaper"). Both amounts of a pair get the same decimals, as the choice
/// depends on the pair alone.
pub fn money_beside(v: f64, other: f64) -> String {
    let text = money(v);
    if v == other || text != money(other) {
        return text;
    }
    let decimals = text.split_once('.').map_or(0, |(_, d)| d.len());
    (decimals + 1..=decimals + 3)
        .map(|d| (usd(v, d), usd(other, d)))
        .find(|(a, b)| a != b)
        .map_or(text, |(a, _)| a)
}

/// A cost as the tables print it: `$0.427` with three decimals (SPEC §4), and below $0.10 one
/// more per leading zero, up to six, so the figure keeps three significant digits: `$0.0107`
/// and `$0.0110`, which three decimals would both print `$0.011`. Like [`money`]'s, the cut is
/// made after rounding: $0.09996 reads `$0.100`.
pub fn cost_figure(v: f64) -> String {
    usd(v, cost_decimals(v))
}

/// The decimals of [`cost_figure`]: three, and one more for each power of ten below 0.1 that
/// the amount, rounded, falls under (at most six; zero keeps three).
pub fn cost_decimals(v: f64) -> usize {
    let rounds_below = |d: usize| {
        let scale = 10f64.powi(d as i32);
        let r = (v.abs() * scale).round() / scale;
        v != 0.0 && r < 10f64.powi(2 - d as i32)
    };
    (3..6).find(|&d| !rounds_below(d)).unwrap_or(6)
}

/// `$0.427`: dollars to a fixed number of decimals, rounded half away from zero (table cells;
/// prose uses [`money`]).
pub fn usd(v: f64, decimals: usize) -> String {
    format!("${}", with_digits(v, decimals))
}

/// Rounds half away from zero before formatting (`{:.1}` alone rounds ties to even).
pub fn with_digits(v: f64, digits: usize) -> String {
    let scale = 10f64.powi(digits as i32);
    format!("{:.*}", digits, (v * scale).round() / scale)
}

/// The fewest decimals, one to three, at which none of `values` prints as `other` (three if
/// even they do not tell them apart): ranges printed beside a figure must not seem to touch it.
pub fn decimals_apart(values: &[f64], other: f64) -> usize {
    (1..=3)
        .find(|&d| {
            values
                .iter()
                .all(|&v| with_digits(v, d) != with_digits(other, d))
        })
        .unwrap_or(3)
}

/// `5901.94` → `5,901.9` with `digits = 1`: thousands separators and a fixed number of
/// decimals, rounded half away from zero.
pub fn grouped(v: f64, digits: usize) -> String {
    let fixed = with_digits(v, digits);
    let (whole, fraction) = fixed
        .split_once('.')
        .map_or((fixed.as_str(), None), |(w, f)| (w, Some(f)));
    let mut out = String::new();
    push_grouped(&mut out, whole);
    if let Some(f) = fraction {
        out.push('.');
        out.push_str(f);
    }
    out
}

/// A rounded integer with thousands separators: 584976.96 → "584,977" (what
/// `grouped(v, 0)` gives, without formatting the float: it is in every table's tok/s/MW cell).
pub fn integer(v: f64) -> String {
    let whole = (v.round() as i64).to_string();
    let mut out = String::with_capacity(whole.len() + whole.len() / 3);
    push_grouped(&mut out, &whole);
    out
}

/// Appends a whole number's text (`-1234567`) with a comma between groups of three digits.
fn push_grouped(out: &mut String, whole: &str) {
    let digits = whole.trim_start_matches('-');
    if digits.len() < whole.len() {
        out.push('-');
    }
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
}

/// A multiple with two decimals and the multiplication sign: "2.45×".
pub fn ratio(r: f64) -> String {
    format!("{:.2}×", (r * 100.0).round() / 100.0)
}

/// A whole percentage: 59.4 → "59%".
pub fn percent(n: f64) -> String {
    format!("{}%", n.round() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The number in front of "%" in a phrase.
    fn leading_percent(phrase: &str) -> Option<i64> {
        phrase.split_once('%')?.0.parse().ok()
    }

    #[test]
    fn a_tie_is_a_gap_under_one_percent_either_way() {
        assert!(tied(100.0, 100.99) && tied(100.99, 100.0));
        assert!(!tied(100.0, 101.0) && !tied(101.0, 100.0));
        assert!(tied(7.0, 7.0));
    }

    #[test]
    fn versus_phrases_read_as_english() {
        let cases = [
            (
                throughput_versus(1269.4, 1089.0, "Off"),
                "17% more tok/s/GPU than Off",
            ),
            (
                throughput_versus(687.0, 280.7, "Off"),
                "2.45× the tok/s/GPU of Off",
            ),
            (throughput_versus(1.005, 1.0, "Off"), "essentially tied"),
            // 785,798 against 333,288 tok/s per MW: 2.3577…
            (
                energy_versus(785_798.0, 333_288.0, "H200"),
                "2.36× the tok/s per MW of H200",
            ),
            (
                energy_versus(1.17, 1.0, "H200"),
                "17% more tok/s per MW than H200",
            ),
        ];
        for (phrase, expected) in cases {
            assert_eq!(phrase, expected);
        }
    }

    #[test]
    fn throughput_percent() {
        // 1269.4 / 1089.0: 1089 × 1.165 = 1268.685, remainder 0.715 / 1089 = 0.00066,
        // r = 1.16566 → (r − 1) × 100 = 16.57 → 17.
        assert_eq!(
            throughput_versus(1269.4, 1089.0, "Off"),
            "17% more tok/s/GPU than Off"
        );
        // r = 1.01 exactly: 1%.
        assert_eq!(
            throughput_versus(101.0, 100.0, "Off"),
            "1% more tok/s/GPU than Off"
        );
        // r = 1.995: 99.5 rounds half away from zero to 100.
        assert_eq!(
            throughput_versus(199.5, 100.0, "Off"),
            "100% more tok/s/GPU than Off"
        );
    }

    #[test]
    fn throughput_multiple() {
        // 687.0 / 280.7: 280.7 × 2.44 = 684.908, remainder 2.092 / 280.7 = 0.00745,
        // r = 2.44745 → 2.45.
        assert_eq!(
            throughput_versus(687.0, 280.7, "Off"),
            "2.45× the tok/s/GPU of Off"
        );
        assert_eq!(
            throughput_versus(200.0, 100.0, "Off"),
            "2.00× the tok/s/GPU of Off"
        );
    }

    #[test]
    fn a_multiple_from_twice_the_smaller() {
        assert!(!many_times(199.9, 100.0));
        assert!(many_times(200.0, 100.0));
        assert!(many_times(100.0, 250.0));
        assert!(!many_times(100.0, 100.5));
    }

    #[test]
    fn throughput_tied() {
        assert_eq!(throughput_versus(1.005, 1.0, "Off"), "essentially tied");
        assert_eq!(throughput_versus(100.0, 100.0, "Off"), "essentially tied");
        assert_eq!(throughput_versus(100.9, 100.0, "Off"), "essentially tied");
    }

    #[test]
    fn throughput_arguments_in_either_order() {
        assert_eq!(
            throughput_versus(1089.0, 1269.4, "Off"),
            "17% more tok/s/GPU than Off"
        );
    }

    #[test]
    fn cost_never_over_100_percent() {
        // 0.791 / 1.936: 1.936 × 0.4 = 0.7744, remainder 0.0166 / 1.936 = 0.00857,
        // ratio 0.40857 → saving 0.59143 → 59%. (The reference site said "145%".)
        assert_eq!(cost_phrase(0.791, 1.936), "59% cheaper per token");
        assert_eq!(cost_phrase(1.936, 0.791), "59% cheaper per token");
        // 0.427 / 0.494 = 0.86437 → saving 13.56% → 14%.
        assert_eq!(cost_phrase(0.427, 0.494), "14% cheaper per token");
    }

    #[test]
    fn cost_edges() {
        // 1 − 1/1.004 = 0.398% → 0 → same cost.
        assert_eq!(
            cost_phrase(1.0, 1.004),
            "essentially the same cost per token"
        );
        // 1.009 < 1.01, as a throughput ratio would be "essentially tied": so is the cost,
        // although 1 − 1/1.009 = 0.892% rounds to 1%.
        assert_eq!(
            cost_phrase(1.0, 1.009),
            "essentially the same cost per token"
        );
        assert!(cost_tied(1.009, 1.0) && !cost_tied(1.0, 1.01));
        // 1 − 1/1.01 = 0.990% → 1%.
        assert_eq!(cost_phrase(1.0, 1.01), "1% cheaper per token");
        // 1 − 0.004 = 99.6% would round to 100: clamped to 99.
        assert_eq!(cost_phrase(0.004, 1.0), "99% cheaper per token");
    }

    #[test]
    fn cost_multiple_reference() {
        // 1.936 / 0.791: 0.791 × 2.44 = 1.93004, remainder 0.00596 / 0.791 = 0.00753,
        // so 2.44753 → "2.45×".
        let m = cost_multiple(0.791, 1.936);
        assert!((m - 2.447_535).abs() < 1e-6, "{m}");
        assert_eq!(ratio(m), "2.45×");
    }

    #[test]
    fn money_beside_adds_decimals_only_where_a_pair_reads_alike() {
        // /compare/gpt-oss-120b-h100-vs-h200/1k-8k/: 0.23560 and 0.24006 both read "$0.24"
        // beside "2% cheaper"; one more decimal tells them apart.
        assert_eq!(money_beside(0.23560, 0.24006), "$0.236");
        assert_eq!(money_beside(0.24006, 0.23560), "$0.240");
        // Already apart, or equal: as money() alone.
        assert_eq!(money_beside(0.427, 0.494), "$0.43");
        assert_eq!(money_beside(0.43, 0.43), "$0.43");
        // Two more decimals where one is not enough: 0.02712 and 0.02718 → "$0.027" both,
        // "$0.0271" and "$0.0272".
        assert_eq!(money_beside(0.02712, 0.02718), "$0.0271");
        assert_eq!(money_beside(0.02718, 0.02712), "$0.0272");
        // From $10 one decimal: 12.31 and 12.34 → "$12.3" both, then "$12.31"/"$12.34".
        assert_eq!(money_beside(12.31, 12.34), "$12.31");
        // Alike even with three more decimals: as money() alone.
        assert_eq!(money_beside(0.4300001, 0.4300002), "$0.43");
    }

    #[test]
    fn cost_figures_keep_three_significant_digits() {
        // Hand-worked: three decimals from $0.10; below, one more per leading zero.
        assert_eq!(cost_figure(0.4265), "$0.427");
        assert_eq!(cost_figure(12.3456), "$12.346");
        assert_eq!(cost_figure(0.10043), "$0.100");
        assert_eq!(cost_figure(0.0977), "$0.0977");
        assert_eq!(cost_figure(0.01071), "$0.0107");
        assert_eq!(cost_figure(0.01097), "$0.0110");
        assert_eq!(cost_figure(0.00914), "$0.00914");
        assert_eq!(cost_figure(0.0000123), "$0.000012");
        // The cut is made after rounding.
        assert_eq!(cost_figure(0.09996), "$0.100");
        assert_eq!(cost_figure(0.009996), "$0.0100");
        assert_eq!(cost_figure(0.0), "$0.000");
    }

    #[test]
    fn money_formats() {
        assert_eq!(money(0.427), "$0.43");
        assert_eq!(money(0.494), "$0.49");
        assert_eq!(money(9.994), "$9.99");
        assert_eq!(money(9.996), "$10.0");
        assert_eq!(money(10.0), "$10.0");
        assert_eq!(money(12.34), "$12.3");
        assert_eq!(money(123.46), "$123.5");
        // 0.125 is exact in binary: half away from zero gives 0.13 (ties-to-even would say 0.12).
        assert_eq!(money(0.125), "$0.13");
        assert_eq!(money(0.0271), "$0.027");
        assert_eq!(money(0.0144), "$0.014");
        assert_eq!(money(0.0996), "$0.10");
        assert_eq!(money(0.0994), "$0.099");
    }

    #[test]
    fn integer_formats() {
        // 1269.4 × 1000 / 2.17 = 584,976.96 → 584,977.
        assert_eq!(integer(584_976.958), "584,977");
        assert_eq!(integer(1269.4), "1,269");
        assert_eq!(integer(999.5), "1,000");
        assert_eq!(integer(0.4), "0");
        assert_eq!(integer(2.5), "3");
        assert_eq!(integer(-2.5), "-3");
        assert_eq!(integer(-1_234_567.0), "-1,234,567");
        assert_eq!(integer(100_000.0), "100,000");
        assert_eq!(grouped(5901.94, 1), "5,901.9");
        assert_eq!(grouped(999.95, 1), "1,000.0");
        assert_eq!(grouped(12.25, 1), "12.3");
        assert_eq!(grouped(-1_234_567.04, 1), "-1,234,567.0");
        assert_eq!(grouped(584_976.96, 0), "584,977");
    }

    #[test]
    fn ratio_and_percent_formats() {
        assert_eq!(ratio(2.125), "2.13×"); // exact tie, half away from zero
        assert_eq!(ratio(3.0), "3.00×");
        assert_eq!(percent(59.4), "59%");
        assert_eq!(percent(16.5), "17%");
        assert_eq!(percent(-0.3), "0%");
    }

    proptest! {
        /// Two costs more than 1% apart never print alike, and a printed cost is its amount
        /// rounded to the decimals it shows (checked by parsing it back).
        #[test]
        fn cost_figures_tell_apart_what_differs_by_one_percent(
            v in 1e-4f64..1e3, ratio in 1.0101f64..2.0,
        ) {
            let (a, b) = (cost_figure(v), cost_figure(v * ratio));
            prop_assert_ne!(&a, &b);
            let shown: f64 = a[1..].parse().unwrap();
            let unit = 10f64.powi(-(cost_decimals(v) as i32));
            prop_assert!((shown - v).abs() <= unit / 2.0 + 1e-12, "{a} for {v}");
        }

        #[test]
        fn cost_percent_is_between_0_and_99(a in 1e-6f64..1e3, b in 1e-6f64..1e3) {
            let phrase = cost_phrase(a, b);
            if phrase != "essentially the same cost per token" {
                let n = leading_percent(&phrase).expect("a percentage");
                prop_assert!((1..=99).contains(&n), "{phrase}");
            }
        }

        #[test]
        fn cost_percent_matches_the_saving(a in 0.01f64..100.0, ratio in 1.0f64..3.0) {
            let saving = (1.0 - 1.0 / ratio) * 100.0;
            match leading_percent(&cost_phrase(a, a * ratio)) {
                Some(n) => prop_assert!((n as f64 - saving).abs() <= 0.5 + 1e-9, "{n} vs {saving}"),
                None => prop_assert!(ratio < 1.01 + 1e-9, "tied at {ratio}"),
            }
        }

        #[test]
        fn money_beside_tells_a_pair_apart(v in 0.01f64..1000.0, gap in 1e-3f64..0.5) {
            let other = v * (1.0 + gap);
            let (a, b) = (money_beside(v, other), money_beside(other, v));
            let places = |s: &str| s.split_once('.').map(|(_, d)| d.len());
            // A pair that read alike gets the same decimals on both sides (a pair either side
            // of $10 reads apart already, with its own).
            if money(v) == money(other) {
                prop_assert_eq!(places(&a), places(&b), "{} beside {}", a, b);
            }
            prop_assert!(a != b, "{} and {} read alike", a, b);
            // Never fewer decimals than alone, and each within half its last place.
            prop_assert!(places(&a) >= places(&money(v)));
            let unit = 10f64.powi(-(places(&a).unwrap() as i32));
            let amount: f64 = a.trim_start_matches('$').parse().unwrap();
            prop_assert!((amount - v).abs() <= unit / 2.0 + 1e-9, "{} for {}", a, v);
        }

        #[test]
        fn throughput_phrase_matches_the_ratio(lower in 1.0f64..5000.0, r in 1.0f64..5.0) {
            let phrase = throughput_versus(lower * r, lower, "Off");
            prop_assert_eq!(many_times(lower * r, lower), phrase.contains('×'));
            if let Some(n) = leading_percent(&phrase) {
                prop_assert!((1.0 - 1e-9..2.0).contains(&r));
                prop_assert!(((n as f64) - (r - 1.0) * 100.0).abs() <= 0.5 + 1e-6, "{phrase}");
            } else if let Some((m, _)) = phrase.split_once('×') {
                let m: f64 = m.parse().unwrap();
                prop_assert!(r >= 2.0 - 1e-9 && (m - r).abs() <= 0.005 + 1e-9, "{phrase}");
            } else {
                prop_assert_eq!(phrase, "essentially tied");
                prop_assert!(r < 1.01 + 1e-9);
            }
        }

        #[test]
        fn integer_groups_by_three(v in -1e12f64..1e12) {
            let s = integer(v);
            let digits = s.trim_start_matches('-');
            let groups: Vec<&str> = digits.split(',').collect();
            prop_assert!((1..=3).contains(&groups[0].len()));
            prop_assert!(groups[1..].iter().all(|g| g.len() == 3));
            let back: f64 = s.replace(',', "").parse().unwrap();
            prop_assert_eq!(back, v.round());
        }

        #[test]
        fn money_is_within_half_a_unit(v in 0.0f64..1000.0) {
            let s = money(v);
            let amount: f64 = s.trim_start_matches('$').parse().unwrap();
            let decimals = s.split_once('.').map(|(_, d)| d.len()).unwrap();
            let expected = if amount < 0.1 { 3 } else if amount < 10.0 { 2 } else { 1 };
            prop_assert_eq!(decimals, expected);
            let unit = [1.0, 0.1, 0.01, 0.001][decimals];
            prop_assert!((amount - v).abs() <= unit / 2.0 + 1e-9, "{s} for {v}");
        }
    }
}
