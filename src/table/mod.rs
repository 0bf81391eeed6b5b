//! Tables of results (one per view) and their CSV form; reading last year's results.
//!
//! The same [`Table`] feeds the CSV writer here and the XLSX writer
//! (`to_xlsx`, with the `xlsx` feature), so the two files hold the same cells.

use rust_decimal::Decimal;
use serde::Serialize;

#[cfg(feature = "xlsx")]
mod xlsx;
#[cfg(feature = "xlsx")]
pub use xlsx::{to_xlsx, XlsxError};

pub use crate::error::CsvError;

/// One cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Cell {
    /// Text.
    Text(String),
    /// A decimal quantity (points, a ratio).
    #[serde(with = "rust_decimal::serde::str")]
    Number(Decimal),
    /// A whole number (a rank, a count).
    Integer(u64),
    /// Nothing.
    Empty,
}

impl Cell {
    /// A text cell.
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    /// A number cell, or empty.
    pub fn number(d: Option<Decimal>) -> Cell {
        d.map_or(Cell::Empty, |d| Cell::Number(d.normalize()))
    }

    /// The cell as CSV writes it: decimals with a dot, no grouping.
    pub fn to_csv_text(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Number(d) => d.normalize().to_string(),
            Cell::Integer(i) => i.to_string(),
            Cell::Empty => String::new(),
        }
    }
}

/// A named table: a header row and data rows of the same width.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Table {
    /// The sheet's name (≤ 31 characters, for XLSX).
    pub name: String,
    /// Column headers, as the CSV's first row and the sheet's header row show them.
    pub header: Vec<String>,
    /// Each column's stable key (`unit_id`, `total`…), whatever the headers' language;
    /// empty for a table without keys. Not written to the CSV or the workbook.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub keys: Vec<String>,
    /// Rows.
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    /// The table as CSV: UTF-8 with a byte-order mark (so Excel reads the Vietnamese
    /// correctly), CRLF line ends, fields quoted when they hold a comma, quote or line
    /// break (RFC 4180). Text that a spreadsheet would run as a formula is neutralised
    /// ([`neutralise`]); number cells are written as numbers, negative ones included.
    pub fn to_csv(&self) -> String {
        let mut out = String::from('\u{feff}');
        let mut line = |fields: Vec<String>| {
            out.push_str(&fields.join(","));
            out.push_str("\r\n");
        };
        line(self.header.iter().map(|h| text_field(h)).collect());
        for row in &self.rows {
            line(
                row.iter()
                    .map(|c| match c {
                        Cell::Text(s) => text_field(s),
                        other => quote(&other.to_csv_text()),
                    })
                    .collect(),
            );
        }
        out
    }
}

/// A text field of the CSV: neutralised text is always quoted, as OWASP recommends;
/// other text only when RFC 4180 requires it.
fn text_field(text: &str) -> String {
    let safe = neutralise(text);
    if safe.len() != text.len() {
        format!("\"{}\"", safe.replace('"', "\"\""))
    } else {
        quote(&safe)
    }
}

/// The characters that make a spreadsheet read a cell as a formula (or, tab and
/// carriage return, shift it so that the next character does).
const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A text cell as the CSV carries it: text beginning with `=`, `+`, `-`, `@`, a tab or
/// a carriage return gets a leading `'`, which Excel and LibreOffice show as text and
/// never evaluate (OWASP, "CSV Injection"); the writer then quotes the field as RFC
/// 4180 requires (quotes doubled). Only text cells pass here: numbers such as `-3.5`
/// are [`Cell::Number`] and stay numbers.
///
/// ```
/// use dti_score::table::neutralise;
/// assert_eq!(neutralise("=HYPERLINK(\"http://x\",\"Xã A\")"), "'=HYPERLINK(\"http://x\",\"Xã A\")");
/// assert_eq!(neutralise("Xã Tân Hòa"), "Xã Tân Hòa");
/// ```
pub fn neutralise(text: &str) -> String {
    if text.starts_with(FORMULA_START) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

/// [`neutralise`] undone, for reading back a CSV this module wrote.
pub(crate) fn unneutralise(text: &str) -> &str {
    match text.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_START) => rest,
        _ => text,
    }
}

fn quote(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

/// Parses CSV text (RFC 4180, optional byte-order mark) into rows of fields.
///
/// # Errors
/// [`CsvError::UnclosedQuote`] when a quoted field runs to the end.
pub fn parse_csv(text: &str) -> Result<Vec<Vec<String>>, CsvError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut line = 1;
    let mut in_quotes = false;
    let mut quote_line = 0;
    while let Some(c) = chars.next() {
        if in_quotes {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => in_quotes = false,
                '\n' => {
                    line += 1;
                    field.push(c);
                }
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field.is_empty() => {
                in_quotes = true;
                quote_line = line;
            }
            ',' => row.push(std::mem::take(&mut field)),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => {
                line += 1;
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            _ => field.push(c),
        }
    }
    if in_quotes {
        return Err(CsvError::UnclosedQuote { line: quote_line });
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    Ok(rows)
}
