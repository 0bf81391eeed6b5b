//! Numbers in Vietnamese words, the way accounting software reads amounts back
//! ("1.234" → "một nghìn hai trăm ba mươi bốn"): the official's check that the machine
//! read the figure they meant.
//!
//! The usual rules: "mười" for the tens digit 1, "mươi" after 2–9; "mốt" for a units 1
//! after 2–9 tens; "lăm" for a units 5 after any tens; "linh" for a zero tens between a
//! hundreds and a units digit; a group after a higher one is read in full ("một nghìn
//! không trăm linh năm"); zero groups are skipped; past "tỷ" the names repeat ("nghìn
//! tỷ", "tỷ tỷ"). Decimals: "phẩy", then the fraction digits read as a number, or digit
//! by digit when they start with a zero.

use rust_decimal::Decimal;

const DIGITS: [&str; 10] = [
    "không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín",
];

/// A decimal in Vietnamese words.
pub(crate) fn words_vi(value: &Decimal) -> String {
    let v = value.normalize();
    let text = v.abs().to_string();
    let (int, frac) = match text.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (text.as_str(), None),
    };
    let mut out: Vec<&str> = Vec::new();
    if v.is_sign_negative() && !v.is_zero() {
        out.push("âm");
    }
    whole(int, &mut out);
    if let Some(f) = frac {
        out.push("phẩy");
        if f.starts_with('0') {
            out.extend(f.bytes().map(|b| DIGITS[usize::from(b - b'0')]));
        } else {
            whole(f, &mut out);
        }
    }
    out.join(" ")
}

/// A whole number, given as its decimal digits, in words.
fn whole(digits: &str, out: &mut Vec<&'static str>) {
    let digits = digits.trim_start_matches('0');
    if digits.is_empty() {
        out.push("không");
        return;
    }
    billions(digits, false, out);
}

/// Digits (no leading zero) read in blocks of "tỷ" (nine digits); `full`: a higher
/// block came before. Works on the text, so any length a decimal has needs no wide
/// integer arithmetic.
fn billions(digits: &str, full: bool, out: &mut Vec<&'static str>) {
    let (high, low) = digits.split_at(digits.len().saturating_sub(9));
    let low = low.parse::<u32>().unwrap_or(0);
    if !high.is_empty() {
        billions(high, full, out);
        out.push("tỷ");
    }
    below_billion(low, full || !high.is_empty(), out);
}

/// A number below 10⁹: millions, thousands and units groups.
fn below_billion(n: u32, full: bool, out: &mut Vec<&'static str>) {
    let mut started = full;
    for (g, name) in [
        (n / 1_000_000, Some("triệu")),
        (n / 1_000 % 1_000, Some("nghìn")),
        (n % 1_000, None),
    ] {
        if g > 0 {
            group(g, started, out);
            out.extend(name);
            started = true;
        }
    }
}

/// A group below 1000; `full`: read "không trăm" and "linh" (a group after a higher one).
fn group(n: u32, full: bool, out: &mut Vec<&'static str>) {
    let digit = |d: u32| DIGITS[d as usize];
    let (h, t, u) = (n / 100, n / 10 % 10, n % 10);
    if h > 0 || full {
        out.push(digit(h));
        out.push("trăm");
    }
    match t {
        0 => {
            if u > 0 {
                if h > 0 || full {
                    out.push("linh");
                }
                out.push(digit(u));
            }
        }
        1 => {
            out.push("mười");
            match u {
                0 => {}
                5 => out.push("lăm"),
                _ => out.push(digit(u)),
            }
        }
        _ => {
            out.push(digit(t));
            out.push("mươi");
            match u {
                0 => {}
                1 => out.push("mốt"),
                5 => out.push("lăm"),
                _ => out.push(digit(u)),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(text: &str) -> String {
        words_vi(&text.parse::<Decimal>().unwrap())
    }

    #[test]
    fn the_usual_readings() {
        let cases = [
            ("0", "không"),
            ("1", "một"),
            ("5", "năm"),
            ("10", "mười"),
            ("11", "mười một"),
            ("15", "mười lăm"),
            ("20", "hai mươi"),
            ("21", "hai mươi mốt"),
            ("24", "hai mươi bốn"),
            ("25", "hai mươi lăm"),
            ("100", "một trăm"),
            ("101", "một trăm linh một"),
            ("105", "một trăm linh năm"),
            ("110", "một trăm mười"),
            ("115", "một trăm mười lăm"),
            ("999", "chín trăm chín mươi chín"),
            ("1000", "một nghìn"),
            ("1005", "một nghìn không trăm linh năm"),
            ("1010", "một nghìn không trăm mười"),
            ("1234", "một nghìn hai trăm ba mươi bốn"),
            ("2856", "hai nghìn tám trăm năm mươi sáu"),
            ("12345", "mười hai nghìn ba trăm bốn mươi lăm"),
            ("1000000", "một triệu"),
            ("1000050", "một triệu không trăm năm mươi"),
            (
                "1234567",
                "một triệu hai trăm ba mươi bốn nghìn năm trăm sáu mươi bảy",
            ),
            ("1000000000", "một tỷ"),
            ("1000000005", "một tỷ không trăm linh năm"),
            ("2500000000", "hai tỷ năm trăm triệu"),
            ("1000000000000", "một nghìn tỷ"),
            ("1000000000000000000", "một tỷ tỷ"),
            ("1.5", "một phẩy năm"),
            ("12.25", "mười hai phẩy hai mươi lăm"),
            ("0.05", "không phẩy không năm"),
            ("1234.50", "một nghìn hai trăm ba mươi bốn phẩy năm"),
            ("-1005", "âm một nghìn không trăm linh năm"),
        ];
        for (n, words) in cases {
            assert_eq!(w(n), words, "{n}");
        }
    }

    #[test]
    fn the_largest_decimal_has_words() {
        // 79.228.162.514.264.337.593.543.950.335: blocks of "tỷ" nest.
        assert_eq!(
            w(&Decimal::MAX.to_string()),
            "bảy mươi chín tỷ hai trăm hai mươi tám triệu một trăm sáu mươi hai nghìn năm trăm \
             mười bốn tỷ hai trăm sáu mươi bốn triệu ba trăm ba mươi bảy nghìn năm trăm chín \
             mươi ba tỷ năm trăm bốn mươi ba triệu chín trăm năm mươi nghìn ba trăm ba mươi lăm"
        );
    }
}

#[cfg(test)]
mod examples {
    #[test]
    fn words_vi_example() {
        use crate::number::words_vi;
        use rust_decimal::Decimal;
        assert_eq!(
            words_vi(&Decimal::from(1234)),
            "một nghìn hai trăm ba mươi bốn"
        );
        assert_eq!(
            words_vi(&Decimal::from(1005)),
            "một nghìn không trăm linh năm"
        );
        assert_eq!(words_vi(&Decimal::new(15, 1)), "một phẩy năm");
    }
}
