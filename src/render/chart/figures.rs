//! How the chart's embedded figures are rounded: light on the page, and showing, at their
//! decimals, exactly what the tables show.

/// A figure as the chart's data carries it: six significant digits, plenty for a plot and
/// light on the page; more where six would show otherwise at the `digits` decimals of its
/// tooltip, which are the tables': kept to six, 3,061,757 tok/s/MW read 3,061,760 and
/// 16.61498 s read 16.62 (rounded twice). It is also kept off a rounding edge, where the
/// browser's formatting (of the exact binary value) and the tables' might part.
pub(crate) fn plotted_value(v: f64, digits: u8) -> f64 {
    let decimals = shown_decimals(v, digits);
    let scale = 10f64.powi(decimals);
    let shown = (v * scale).round();
    // The browser picks the decimals again from the plotted figure: it must pick the same
    // (0.09949999 kept as 0.0995 would print `0.100`, not the table's `$0.0995`).
    (6..=15)
        .map(|sig| round_sig(v, sig))
        .find(|&s| {
            let units = s * scale;
            let off_the_edge = (units.fract().abs() - 0.5).abs() > 1e-6;
            units.round() == shown && off_the_edge && shown_decimals(s, digits) == decimals
        })
        .unwrap_or(v)
}

/// The decimals a tooltip shows `v` with, for a dimension of `digits`: those, except that a
/// figure of three (cost, J/token) keeps three significant digits below 0.1, as the tables
/// print costs ([`crate::render::wording::cost_decimals`]; static/chart.js `format`).
fn shown_decimals(v: f64, digits: u8) -> i32 {
    match digits {
        3 => crate::render::wording::cost_decimals(v) as i32,
        d => i32::from(d),
    }
}

/// `sig` significant digits. Dividing (or multiplying) a whole number by an exact power of
/// ten gives the double nearest the decimal, which serde_json then prints in its shortest
/// form (1269.43, not 1269.4300000000001).
fn round_sig(v: f64, sig: i32) -> f64 {
    if v == 0.0 || !v.is_finite() {
        return v;
    }
    let shift = sig - 1 - v.abs().log10().floor() as i32;
    if shift >= 0 {
        let scale = 10f64.powi(shift);
        (v * scale).round() / scale
    } else {
        let scale = 10f64.powi(-shift);
        (v / scale).round() * scale
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plotted_values_show_as_the_tables_do() {
        // Six significant digits where they suffice.
        assert_eq!(plotted_value(1269.4321, 1), 1269.43);
        assert_eq!(plotted_value(0.0427108, 3), 0.0427108);
        // tok/s/MW, shown whole: six digits read 3,061,760.
        assert_eq!(plotted_value(3_061_757.3, 0), 3_061_757.0);
        // 16.614979 s, kept to six (16.6150), reads 16.62 at two decimals: one digit more.
        assert_eq!(plotted_value(16.614979, 2), 16.61498);
        // 2972.5471 tok/s kept to six is 2972.55, on a rounding edge at one decimal.
        assert_eq!(plotted_value(2972.5471, 1), 2972.547);
        // A cost below $0.10 is shown to three significant digits: 0.0123499996 is
        // `$0.0123`, which six significant digits (0.01235) would have made `$0.0124`.
        assert_eq!(plotted_value(0.0123499996, 3), 0.0123499996);
        // Nor may it cross the edge that sets the decimals: 0.09949999999 is `$0.0995`, and
        // kept as 0.0995 the browser would print it with three decimals, `0.100`.
        for v in [0.09949999999, 0.009949999999, 0.0009949999999] {
            let p = plotted_value(v, 3);
            assert_eq!(shown_decimals(p, 3), shown_decimals(v, 3), "{p} for {v}");
        }
    }

    proptest::proptest! {
        #[test]
        fn a_plotted_value_rounds_as_the_figure_does(v in 1e-4f64..1e8, digits in 0u8..=3) {
            let scale = 10f64.powi(shown_decimals(v, digits));
            let p = plotted_value(v, digits);
            proptest::prop_assert_eq!((p * scale).round(), (v * scale).round(), "{} for {}", p, v);
            proptest::prop_assert_eq!(shown_decimals(p, digits), shown_decimals(v, digits));
            proptest::prop_assert!((p - v).abs() <= 5e-6 * v, "{} for {}", p, v);
        }
    }

    #[test]
    fn round_sig_keeps_that_many_significant_digits() {
        assert_eq!(round_sig(1269.4321, 6), 1269.43);
        assert_eq!(round_sig(3474707.4, 6), 3474710.0);
        assert_eq!(round_sig(0.0427108, 6), 0.0427108);
        assert_eq!(round_sig(0.04271084, 6), 0.0427108);
        assert_eq!(round_sig(-2.5, 6), -2.5);
        assert_eq!(round_sig(0.0, 6), 0.0);
        assert_eq!(
            serde_json::to_string(&round_sig(1269.4300000001, 6)).unwrap(),
            "1269.43"
        );
    }
}
