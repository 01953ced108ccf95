//! The CSV downloads (a data page's `index.csv`, a ranking's): a header, then one line per
//! row, numbers in the digits `index.json` gives them, so the two downloads agree.

use crate::error::{Error, Result};

/// A CSV file being written in memory; its errors name the file.
pub(super) struct CsvFile {
    file: String,
    writer: csv::Writer<Vec<u8>>,
}

impl CsvFile {
    /// The file at output path `file`, starting with its `header` line.
    pub(super) fn new(file: String, header: &[&str]) -> Result<CsvFile> {
        let mut csv = CsvFile {
            file,
            writer: csv::Writer::from_writer(Vec::new()),
        };
        csv.row(header)?;
        Ok(csv)
    }

    /// Appends one line, quoting the fields that need it and defusing text a spreadsheet
    /// would run as a formula ([`defused`]).
    pub(super) fn row<I>(&mut self, fields: I) -> Result<()>
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        let failed = |e| Error::serialize(&self.file, e);
        for field in fields {
            let field = defused(field.as_ref());
            self.writer.write_field(field.as_bytes()).map_err(failed)?;
        }
        // An empty record after the fields ends the line (the csv crate's documented way).
        self.writer.write_record(None::<&[u8]>).map_err(failed)
    }

    /// The file's bytes.
    pub(super) fn into_bytes(self) -> Result<Vec<u8>> {
        let CsvFile { file, writer } = self;
        writer
            .into_inner()
            .map_err(|e| Error::serialize(file, e.error()))
    }
}

/// `text` as a CSV field that a spreadsheet shows as text: a field that is not a number but
/// starts as a formula does (`=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading
/// `'`, as OWASP advises against CSV injection. Text from result files (an `image`) and the
/// catalogs (a name) reaches the downloads, and `=HYPERLINK(…)` there would run when opened.
fn defused(text: &str) -> std::borrow::Cow<'_, str> {
    let formula = text.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if formula && text.parse::<f64>().is_err() {
        format!("'{text}").into()
    } else {
        text.into()
    }
}

/// `v` in the digits `index.json` gives it (the shortest that read back as `v`, from zmij, as
/// serde_json writes them), so that a CSV and its page's JSON agree, but written as a
/// spreadsheet reads a number: a whole number without its `.0`, and never with an exponent
/// (where zmij would write `1e16`, `Display`'s `10000000000000000`). Where two shortest forms
/// are equally near (8192.0001220703125), `Display` may pick the other one; both read back as
/// `v`. zmij is also several times faster than `Display`, and a data page's CSV holds seven
/// numbers per measured point.
pub(super) fn decimal(v: f64) -> String {
    if !v.is_finite() {
        return v.to_string();
    }
    let mut buffer = zmij::Buffer::new();
    let digits = buffer.format_finite(v);
    if digits.contains('e') {
        return v.to_string();
    }
    digits.strip_suffix(".0").unwrap_or(digits).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn fields_are_quoted_where_a_spreadsheet_needs_it() {
        let mut csv = CsvFile::new("x/index.csv".into(), &["name", "value"]).unwrap();
        csv.row(["TP8, EP8", &decimal(1269.43)]).unwrap();
        csv.row(["say \"hi\"", &decimal(3.0)]).unwrap();
        let text = String::from_utf8(csv.into_bytes().unwrap()).unwrap();
        assert_eq!(
            text,
            "name,value\n\"TP8, EP8\",1269.43\n\"say \"\"hi\"\"\",3\n"
        );
    }

    #[test]
    fn text_that_would_run_as_a_formula_is_defused_and_numbers_are_not() {
        let mut csv = CsvFile::new("x/index.csv".into(), &["a", "b", "c", "d"]).unwrap();
        csv.row(["=HYPERLINK(\"http://x\",\"x\")", "@SUM(1+1)", "-3.5", "+1"])
            .unwrap();
        csv.row(["-cmd", "\tx", "a=b", "lmsysorg/sglang:v0.5.6"])
            .unwrap();
        let text = String::from_utf8(csv.into_bytes().unwrap()).unwrap();
        assert_eq!(
            text,
            "a,b,c,d\n\"'=HYPERLINK(\"\"http://x\"\",\"\"x\"\")\",'@SUM(1+1),-3.5,+1\n\
             '-cmd,'\tx,a=b,lmsysorg/sglang:v0.5.6\n"
        );
    }

    #[test]
    fn a_row_of_another_length_is_an_error_naming_the_file() {
        let mut csv = CsvFile::new("x/index.csv".into(), &["a", "b"]).unwrap();
        let err = csv.row(["1"]).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("cannot serialize x/index.csv: "),
            "{err}"
        );
    }

    #[test]
    fn decimals_are_index_json_s_digits_as_a_spreadsheet_reads_them() {
        for (v, text) in [
            (3.0, "3"),
            // A tie: `Display` writes …313; index.json, and so the CSV, …312.
            (8192.0 + 2f64.powi(-13), "8192.000122070312"),
            (-0.0, "-0"),
            (1269.43, "1269.43"),
            (0.1 + 0.2, "0.30000000000000004"),
            (1e16, "10000000000000000"),
            (1.5e-7, "0.00000015"),
            (f64::NAN, "NaN"),
            (f64::NEG_INFINITY, "-inf"),
        ] {
            assert_eq!(decimal(v), text);
        }
    }

    proptest! {
        #[test]
        fn a_decimal_is_as_short_as_display_and_reads_back(
            bits in any::<u64>(),
            small in -1e7f64..1e7,
            wide in 1e-6f64..1e17,
        ) {
            for v in [f64::from_bits(bits), small, wide] {
                let (ours, display) = (decimal(v), v.to_string());
                prop_assert_eq!(ours.len(), display.len(), "{} against {}", ours, display);
                prop_assert!(!ours.contains('e'));
                match ours.parse::<f64>() {
                    Ok(back) if v.is_nan() => prop_assert!(back.is_nan()),
                    back => prop_assert_eq!(back, Ok(v)),
                }
            }
        }

        /// Over the range where serde_json writes no exponent, and over sums of a whole
        /// number and a small binary fraction, where shortest forms tie.
        #[test]
        fn a_decimal_has_index_json_s_digits(
            v in -1e15f64..1e15,
            whole in 0u32..1 << 24,
            fraction in 1u32..1 << 12,
        ) {
            for v in [v, f64::from(whole) + f64::from(fraction) * 2f64.powi(-24)] {
                let json = serde_json::to_string(&v).unwrap();
                let json = json.strip_suffix(".0").unwrap_or(&json);
                prop_assert_eq!(decimal(v), json);
            }
        }
    }
}
