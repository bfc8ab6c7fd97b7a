//! Turning captured text into a recorded value, with SageMaker's number rules.
//!
//! The captured text, trimmed of ASCII white space, must match
//! `[+-]?(digits[.digits]|.digits)([eE][+-]?digits)?` (a trailing `.` after digits
//! is allowed too, as in `5.`). Anything else is dropped, and so is a value that is
//! not finite or whose magnitude exceeds 2^360, which CloudWatch refuses.

use serde::{Deserialize, Serialize};

/// The largest magnitude CloudWatch accepts: 2^360.
pub const MAX_MAGNITUDE: f64 = 2.348_542_582_773_833_2e108;

/// Why a capture records no value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DropReason {
    /// Group 1 took no part in the match (e.g. `(a)?b` matched `b`).
    NoGroup,
    /// Group 1 captured empty (or all white space) text.
    Empty,
    /// Group 1 captured text that is not a decimal number.
    NotANumber,
    /// A number, but not finite or larger in magnitude than 2^360.
    OutOfRange,
}

impl DropReason {
    /// The stable kebab-case code used in the report.
    pub fn code(self) -> &'static str {
        match self {
            DropReason::NoGroup => "no-group",
            DropReason::Empty => "empty",
            DropReason::NotANumber => "not-a-number",
            DropReason::OutOfRange => "out-of-range",
        }
    }

    /// A short human description.
    pub fn describe(self) -> &'static str {
        match self {
            DropReason::NoGroup => "group 1 took no part in the match",
            DropReason::Empty => "group 1 captured empty text",
            DropReason::NotANumber => "not a decimal number",
            DropReason::OutOfRange => "not finite or beyond 2^360",
        }
    }
}

/// Parses captured text as SageMaker would: `Ok(value)` or the reason it is dropped.
///
/// ```
/// use metrex::value::{parse_value, DropReason};
/// assert_eq!(parse_value(Some(" 4.5e-05 ")), Ok(4.5e-05));
/// assert_eq!(parse_value(Some("")), Err(DropReason::Empty));
/// assert_eq!(parse_value(Some("nan")), Err(DropReason::NotANumber));
/// assert_eq!(parse_value(Some("1,234")), Err(DropReason::NotANumber));
/// assert_eq!(parse_value(None), Err(DropReason::NoGroup));
/// ```
pub fn parse_value(text: Option<&str>) -> Result<f64, DropReason> {
    let text = text.ok_or(DropReason::NoGroup)?;
    let trimmed = text.trim_ascii();
    if trimmed.is_empty() {
        return Err(DropReason::Empty);
    }
    // Nearly every capture is a plain decimal, which is in the grammar.
    let value = match plain_decimal(trimmed.as_bytes()) {
        Some(value) => value,
        None => {
            if number_prefix_len(trimmed.as_bytes()) != Some(trimmed.len()) {
                return Err(DropReason::NotANumber);
            }
            // The grammar is a subset of what `f64::from_str` accepts.
            trimmed.parse().map_err(|_| DropReason::NotANumber)?
        }
    };
    if !value.is_finite() || value.abs() > MAX_MAGNITUDE {
        return Err(DropReason::OutOfRange);
    }
    Ok(value)
}

/// Length of the longest prefix of `s` that is a number in SageMaker's grammar,
/// or `None` if no prefix is.
pub fn number_prefix_len(s: &[u8]) -> Option<usize> {
    let mut i = 0;
    if matches!(s.first(), Some(b'+' | b'-')) {
        i += 1;
    }
    let int_digits = count_digits(&s[i..]);
    i += int_digits;
    let mut frac_digits = 0;
    if s.get(i) == Some(&b'.') {
        frac_digits = count_digits(&s[i + 1..]);
        if int_digits > 0 || frac_digits > 0 {
            i += 1 + frac_digits;
        }
    }
    if int_digits == 0 && frac_digits == 0 {
        return None;
    }
    if matches!(s.get(i), Some(b'e' | b'E')) {
        let mut j = i + 1;
        if matches!(s.get(j), Some(b'+' | b'-')) {
            j += 1;
        }
        let exp_digits = count_digits(&s[j..]);
        if exp_digits > 0 {
            i = j + exp_digits;
        }
    }
    Some(i)
}

/// Exact powers of ten: every one up to 10^22 is a double.
const POWERS_OF_TEN: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// The value of `text` when it is a number in the grammar that has no
/// exponent, at most 15 digits and at most 22 after the point (nearly every
/// logged metric), else `None`. Its digits and the power of ten are then exact doubles, and one
/// division rounds correctly (Clinger's fast path): the same value as
/// `f64::from_str`, at a fraction of the cost.
fn plain_decimal(text: &[u8]) -> Option<f64> {
    let (negative, digits) = match text.split_first() {
        Some((b'-', rest)) => (true, rest),
        Some((b'+', rest)) => (false, rest),
        _ => (false, text),
    };
    if digits.len() > 16 {
        return None;
    }
    let mut mantissa: u64 = 0;
    let mut decimals: Option<usize> = None;
    for &b in digits {
        match b {
            b'0'..=b'9' => {
                mantissa = mantissa * 10 + u64::from(b - b'0');
                decimals = decimals.map(|d| d + 1);
            }
            b'.' if decimals.is_none() => decimals = Some(0),
            _ => return None,
        }
    }
    // Digits, with at most one point among or around them: at least one digit
    // makes it a number of the grammar (`5.`, `.5`, `5.5`), but `.` is not.
    if digits.len() == usize::from(decimals.is_some()) {
        return None;
    }
    // Sixteen bytes hold at most fifteen digits when one is the point.
    if decimals.is_none() && digits.len() > 15 {
        return None;
    }
    let magnitude = mantissa as f64 / POWERS_OF_TEN[decimals.unwrap_or(0)];
    Some(if negative { -magnitude } else { magnitude })
}

fn count_digits(s: &[u8]) -> usize {
    s.iter().take_while(|b| b.is_ascii_digit()).count()
}

/// The value rounded to the nearest 32-bit float, widened back for display:
/// what `FinalMetricDataList` shows (`1.19876` → `1.1987600326538086`).
pub fn as_f32(value: f64) -> f64 {
    value as f32 as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_grammar() {
        for (text, want) in [
            ("0", 0.0),
            ("-1", -1.0),
            ("+2.5", 2.5),
            (".5", 0.5),
            ("5.", 5.0),
            ("1e3", 1000.0),
            ("1E+3", 1000.0),
            ("4.5e-05", 4.5e-05),
            ("\t 16.020744 \n", 16.020744),
            ("007", 7.0),
        ] {
            assert_eq!(parse_value(Some(text)), Ok(want), "{text:?}");
        }
    }

    #[test]
    fn drops_everything_else() {
        for text in [
            "nan",
            "NaN",
            "inf",
            "-Infinity",
            "1,234",
            "0.16#011validation-error:0.14",
            "1e",
            "e5",
            ".",
            "-",
            "+.e1",
            "0x10",
            "1_000",
            "tensor(0.5)",
            "١٢",
            "1.2.3",
            "5 6",
        ] {
            assert_eq!(
                parse_value(Some(text)),
                Err(DropReason::NotANumber),
                "{text:?}"
            );
        }
        assert_eq!(parse_value(Some("  ")), Err(DropReason::Empty));
        assert_eq!(parse_value(None), Err(DropReason::NoGroup));
    }

    #[test]
    fn refuses_what_cloudwatch_refuses() {
        assert_eq!(parse_value(Some("1e400")), Err(DropReason::OutOfRange));
        assert_eq!(parse_value(Some("-1e109")), Err(DropReason::OutOfRange));
        assert!(parse_value(Some("1e108")).is_ok());
        assert_eq!(MAX_MAGNITUDE, 2f64.powi(360));
    }

    #[test]
    fn prefix_lengths() {
        assert_eq!(number_prefix_len(b"4.5e-05,"), Some(7));
        assert_eq!(number_prefix_len(b"4.5e"), Some(3));
        assert_eq!(number_prefix_len(b"-.5x"), Some(3));
        assert_eq!(number_prefix_len(b"x"), None);
        assert_eq!(number_prefix_len(b"."), None);
    }

    #[test]
    fn plain_decimals_parse_exactly_like_the_standard_library() {
        for text in [
            "0",
            "-0",
            "0.1",
            "0.3",
            "+2.5",
            ".5",
            "5.",
            "123456789012345",
            "0.00000000000001",
            "999999999999999",
            "9999999999999.99",
            "-.000000000000001",
        ] {
            let want: f64 = text.parse().expect("a number");
            let got = plain_decimal(text.as_bytes()).expect("a plain decimal");
            assert_eq!(got.to_bits(), want.to_bits(), "{text}");
        }
        // Outside the fast path: left to the standard library, or not numbers.
        for text in [
            "1234567890123456",
            "1e5",
            "0.12345678901234567",
            ".",
            "-",
            "+.",
            "",
            "1.2.3",
        ] {
            assert_eq!(plain_decimal(text.as_bytes()), None, "{text}");
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(20_000))]
        #[test]
        fn fast_path_agrees_with_from_str(text in "[+-]?[0-9]{0,9}(\\.[0-9]{0,16})?") {
            let in_grammar = number_prefix_len(text.as_bytes()) == Some(text.len());
            if in_grammar {
                let want: f64 = text.parse().expect("a number");
                if let Some(got) = plain_decimal(text.as_bytes()) {
                    proptest::prop_assert_eq!(got.to_bits(), want.to_bits(), "{}", text);
                }
            }
            // A plain decimal needs no other check.
            proptest::prop_assert!(in_grammar || plain_decimal(text.as_bytes()).is_none(), "{}", text);
        }
    }

    #[test]
    fn f32_figure_matches_the_api() {
        assert_eq!(as_f32(1.19876), 1.1987600326538086);
    }
}
