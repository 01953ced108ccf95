//! Small Tera filters that format numbers computed in Rust. Templates never do arithmetic; they
//! pick a format. Each filter is a one-liner over [`crate::render::wording`] or `format!`.
//!
//! The filters are part of what a site's own templates may use, so one the shipped templates
//! no longer call stays: `usd` and `approx` (concurrency's format before `figure`, and still in
//! templates that older `benchsite init`s wrote).

use tera::{Kwargs, State, Tera, TeraResult};

use crate::render::table::Metric;
use crate::render::wording::{self, with_digits};

pub fn register(tera: &mut Tera) {
    tera.register_filter("money", money);
    tera.register_filter("usd", usd);
    tera.register_filter("fixed", fixed);
    tera.register_filter("thousands", thousands);
    tera.register_filter("compact", |v: f64, kwargs: Kwargs, _: &State| {
        let digits = kwargs.get::<i64>("digits")?.unwrap_or(1).clamp(1, 6) as usize;
        TeraResult::Ok(compact_to(v, digits))
    });
    tera.register_filter("speed", |v: f64, _: Kwargs, _: &State| speed(v));
    tera.register_filter("compact_list", |v: Vec<f64>, _: Kwargs, _: &State| {
        compact_list(&v)
    });
    tera.register_filter("compact_each", |v: Vec<f64>, _: Kwargs, _: &State| {
        compact_each(&v)
    });
    tera.register_filter("and_list", |v: Vec<String>, _: Kwargs, _: &State| {
        and_list(&v)
    });
    tera.register_filter("approx", |v: f64, _: Kwargs, _: &State| {
        format!("~{}", wording::grouped(v, 0))
    });
    tera.register_filter("percent", |v: f64, _: Kwargs, _: &State| {
        wording::percent(v)
    });
    tera.register_filter("ratio", |v: f64, _: Kwargs, _: &State| wording::ratio(v));
    tera.register_filter("figure", figure);
    tera.register_filter("signed_percent", |v: f64, _: Kwargs, _: &State| {
        signed_percent(v)
    });
}

/// `{{ v | money }}`: money in prose ([`wording::money`]); `{{ v | money(beside=w) }}` beside
/// the amount it is compared with, with the decimals that tell the two apart
/// ([`wording::money_beside`]).
fn money(v: f64, kwargs: Kwargs, _: &State) -> TeraResult<String> {
    Ok(match kwargs.get::<f64>("beside")? {
        Some(other) => wording::money_beside(v, other),
        None => wording::money(v),
    })
}

/// `{{ v | figure(metric=row.metric) }}`: a matched-table value in its metric's format
/// ([`Metric::format`]).
fn figure(v: f64, kwargs: Kwargs, _: &State) -> TeraResult<String> {
    let name: String = kwargs.must_get("metric")?;
    let metric = Metric::parse(&name)
        .ok_or_else(|| tera::Error::message(format!("unknown metric {name:?}")))?;
    Ok(metric.format(v))
}

/// `{{ 0.4267 | usd(digits=3) }}` → `$0.427` (table cells; prose uses `money`).
fn usd(v: f64, kwargs: Kwargs, _: &State) -> TeraResult<String> {
    Ok(wording::usd(v, digits(&kwargs)?))
}

/// `{{ 5901.94 | thousands }}` → `5,902`; `{{ 5901.94 | thousands(digits=1) }}` → `5,901.9`.
fn thousands(v: f64, kwargs: Kwargs, _: &State) -> TeraResult<String> {
    Ok(wording::grouped(v, digits(&kwargs)?))
}

/// `{{ 1269.43 | fixed(digits=1) }}` → `1269.4`.
fn fixed(v: f64, kwargs: Kwargs, _: &State) -> TeraResult<String> {
    Ok(with_digits(v, digits(&kwargs)?))
}

fn digits(kwargs: &Kwargs) -> TeraResult<usize> {
    Ok(kwargs.get::<i64>("digits")?.unwrap_or(0).clamp(0, 6) as usize)
}

/// `+12%`, `−3%` (a real minus sign): a change rounded to a whole percent, half away from
/// zero. A change that rounds to zero has no sign.
pub fn signed_percent(v: f64) -> String {
    let whole = with_digits(v.abs(), 0);
    let sign = match whole.as_str() {
        "0" => "",
        _ if v < 0.0 => "\u{2212}",
        _ => "+",
    };
    format!("{sign}{whole}%")
}

/// `40` for a number that is whole to one decimal, `40.2` otherwise: table headings at
/// matched interactivity. Rounded first, so that 40.96 reads `41`, not `41.0`.
pub fn compact(v: f64) -> String {
    compact_to(v, 1)
}

/// [`compact`] to `digits` decimals: `19.96` with two, and still `20` for a whole number.
/// (`compact(digits=2)` in templates, for speeds that must not print alike.)
pub fn compact_to(v: f64, digits: usize) -> String {
    let fixed = with_digits(v, digits);
    match fixed.split_once('.') {
        Some((whole, fraction)) if fraction.bytes().all(|b| b == b'0') => whole.to_string(),
        _ => fixed,
    }
}

/// `18.6`, `121.0`, `40.03`: a speed already rounded to the decimals it needs, with at least
/// one, as the site prints measured ranges ("from 11.8 to 121.0"); [`compact`] would cut 40.03
/// to 40. (The shipped hint prints `table::HintSpeed`s, which keep every decimal they were
/// rounded to; this stays for templates that print numbers with it.)
pub fn speed(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.1}")
    } else {
        format!("{v}")
    }
}

/// `53`, `53 and 65`, `53, 65 and 78`: several [`compact`] numbers in a sentence, as
/// [`compact_each`] prints them.
pub fn compact_list(values: &[f64]) -> String {
    and_list(&compact_each(values))
}

/// Numbers that one sentence states, each [`compact`], sharing their decimals: when one needs
/// its tenth, all show one (`148.0`, `179.9`), so that they do not read as a mix of rough and
/// exact figures.
pub fn compact_each(values: &[f64]) -> Vec<String> {
    let words: Vec<String> = values.iter().map(|&v| compact(v)).collect();
    if words.iter().any(|w| w.contains('.')) {
        return values.iter().map(|&v| with_digits(v, 1)).collect();
    }
    words
}

/// `a`, `a and b`, `a, b and c`: words in a sentence.
pub fn and_list(words: &[String]) -> String {
    match words.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        Some((last, _)) => last.clone(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(template: &str) -> String {
        let mut tera = Tera::default();
        register(&mut tera);
        tera.render_str(template, &tera::Context::new(), false)
            .unwrap()
    }

    #[test]
    fn table_formats() {
        assert_eq!(render("{{ 1269.44 | fixed(digits=1) }}"), "1269.4");
        assert_eq!(render("{{ 0.42671 | usd(digits=3) }}"), "$0.427");
        assert_eq!(render("{{ 584976.96 | thousands }}"), "584,977");
        assert_eq!(render("{{ 5901.94 | thousands(digits=1) }}"), "5,901.9");
        assert_eq!(render("{{ 63.6 | approx }}"), "~64");
        assert_eq!(render("{{ 2978.6 | approx }}"), "~2,979");
        assert_eq!(render("{{ 2.125 | fixed(digits=2) }}"), "2.13");
        assert_eq!(render("{{ 40.0 | compact }}"), "40");
        assert_eq!(render("{{ 40.25 | compact }}"), "40.3");
        // A target clamped to a range's end is rounded before it is judged whole.
        assert_eq!(render("{{ 40.96 | compact }}"), "41");
        assert_eq!(render("{{ 40.04 | compact }}"), "40");
        assert_eq!(render("{{ 121.0 | speed }}"), "121.0");
        assert_eq!(render("{{ 40.03 | speed }}"), "40.03");
        assert_eq!(render("{{ 18.6 | speed }}"), "18.6");
        assert_eq!(render("{{ [53.0] | compact_list }}"), "53");
        assert_eq!(
            render("{{ [53.0, 65.25] | compact_list }}"),
            "53.0 and 65.3"
        );
        assert_eq!(
            render("{{ [147.96, 179.94, 226.2] | compact_list }}"),
            "148.0, 179.9 and 226.2"
        );
        assert_eq!(
            render("{{ [53.0, 65.0, 78.0] | compact_list }}"),
            "53, 65 and 78"
        );
        assert_eq!(render("{{ [] | compact_list }}"), "");
        assert_eq!(
            render("{{ ['H200', 'B200', 'MI300X'] | and_list }}"),
            "H200, B200 and MI300X"
        );
        assert_eq!(render("{{ 0.42671 | figure(metric='cost') }}"), "$0.427");
    }

    #[test]
    fn prose_formats() {
        assert_eq!(render("{{ 0.4267 | money }}"), "$0.43");
        assert_eq!(render("{{ 12.34 | money }}"), "$12.3");
        assert_eq!(render("{{ 2.4466 | ratio }}"), "2.45×");
        assert_eq!(render("{{ 59.4 | percent }}"), "59%");
        assert_eq!(render("{{ 12.4 | signed_percent }}"), "+12%");
        assert_eq!(render("{{ -2.5 | signed_percent }}"), "\u{2212}3%");
        assert_eq!(render("{{ 0.2 | signed_percent }}"), "0%");
    }
}
