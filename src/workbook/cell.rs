//! The cell conventions every workbook of the crate shares (the values workbook and the
//! indicator-set workbook, [`crate::setbook`]): a number cell's double becomes its shortest
//! round-trip decimal and a decimal is written as a number only where that reads back the
//! same; a cell's text; a cell's `Sheet!A1` name.

use calamine::Data;
use rust_decimal::Decimal;

/// (These two are the only floats in the engine: an XLSX number cell is an IEEE double,
/// so the workbook converts at the cell and nowhere else; no arithmetic is done on one.)
///
/// The exact double of a decimal, where one exists: the decimal's shortest round-trip
/// text as a double reads back as the same decimal. `None` otherwise (it is written as
/// text).
pub(crate) fn exact_double(d: &Decimal) -> Option<f64> {
    let text = d.normalize().to_string();
    let f: f64 = text.parse().ok()?;
    (f.is_finite() && decimal_of_double(f).as_ref() == Some(&d.normalize())).then_some(f)
}

/// The numeric-cell rule (docs/workbook.md): a double becomes its shortest round-trip
/// decimal (Rust's `{}` of an `f64`), read as a decimal; `None` for a value a decimal
/// cannot hold (infinite, NaN, more than 28 digits).
pub(crate) fn decimal_of_double(f: f64) -> Option<Decimal> {
    if !f.is_finite() {
        return None;
    }
    Decimal::from_str_exact(&format!("{f}"))
        .ok()
        .map(|d| d.normalize())
}

/// `A1`-style name of a cell (row and column from 0).
pub(crate) fn cell_name(sheet: &str, row: u32, col: u16) -> String {
    let mut letters = String::new();
    let mut c = u32::from(col) + 1;
    while c > 0 {
        let r = (c - 1) % 26;
        letters.insert(0, char::from(b'A' + r as u8));
        c = (c - 1) / 26;
    }
    format!("{sheet}!{letters}{}", row + 1)
}

/// A cell's text (trimmed; `None` when empty). Numbers give their shortest decimal.
pub(crate) fn cell_text(cell: Option<&Data>) -> Option<String> {
    let text = match cell? {
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.trim().to_string(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => decimal_of_double(*f).map_or_else(|| f.to_string(), |d| d.to_string()),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => d.as_f64().to_string(),
        Data::Error(e) => e.to_string(),
        Data::Empty => String::new(),
    };
    (!text.is_empty()).then_some(text)
}

/// A free-text cell, as written (not trimmed inside; surrounding spaces dropped).
pub(crate) fn text_cell(cell: Option<&Data>) -> Option<String> {
    match cell? {
        Data::String(s) => {
            let t = s.trim();
            (!t.is_empty()).then(|| t.to_string())
        }
        other => cell_text(Some(other)),
    }
}
