//! The XLSX writer of [`Table`]s, shared by `dti-score aggregate --xlsx`, `dti-score score --xlsx`
//! and the review page, so all give the same workbook.

use rust_decimal::Decimal;
use rust_xlsxwriter::{Format, Workbook};

pub use crate::error::XlsxError;

use super::{Cell, Table};

impl From<rust_xlsxwriter::XlsxError> for XlsxError {
    fn from(e: rust_xlsxwriter::XlsxError) -> Self {
        XlsxError::Writer {
            message: e.to_string(),
        }
    }
}

/// Writes every table as a sheet (named by [`Table::name`]) and returns the XLSX
/// file's bytes. Headers are bold, the first row frozen; number cells use the
/// Vietnamese number format (the `[$-42A]` locale tag: Excel shows the grouping and
/// decimal signs of the reader's own settings, so "1.234,5" on a Vietnamese system).
///
/// # Errors
/// A table with more rows or columns than a sheet holds, a count above `u32::MAX`,
/// or a sheet name Excel refuses.
///
/// # Example
/// ```
/// use dti_score::table::{to_xlsx, Cell, Table};
/// let table = Table { name: "ranking".into(), header: vec!["unit_id".into(), "total".into()],
///     keys: Vec::new(), rows: vec![vec![Cell::text("xa-a"), Cell::number(Some("12.5".parse().unwrap()))]] };
/// let bytes = to_xlsx(&[table]).unwrap();
/// assert_eq!(&bytes[..2], b"PK"); // a zip file
/// ```
pub fn to_xlsx(tables: &[Table]) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let header = Format::new().set_bold();
    let number = Format::new().set_num_format("[$-42A]#,##0.####");
    let integer = Format::new().set_num_format("[$-42A]#,##0");
    for table in tables {
        let sheet = book.add_worksheet();
        sheet.set_name(&table.name)?;
        for (c, h) in table.header.iter().enumerate() {
            sheet.write_string_with_format(0, col(c)?, h, &header)?;
        }
        for (r, row) in table.rows.iter().enumerate() {
            let r = u32::try_from(r + 1).map_err(|_| XlsxError::TooLarge {
                what: "rows".into(),
            })?;
            for (c, cell) in row.iter().enumerate() {
                let c = col(c)?;
                match cell {
                    Cell::Text(s) => {
                        sheet.write_string(r, c, s)?;
                    }
                    Cell::Number(d) => {
                        sheet.write_number_with_format(r, c, xlsx_number(d)?, &number)?;
                    }
                    Cell::Integer(i) => {
                        // Ranks and counts: far below 2^53, exact as a double.
                        let v = u32::try_from(*i).map_err(|_| XlsxError::TooLarge {
                            what: format!("count {i}"),
                        })?;
                        sheet.write_number_with_format(r, c, v, &integer)?;
                    }
                    Cell::Empty => {}
                }
            }
        }
        sheet.set_freeze_panes(1, 0)?;
    }
    Ok(book.save_to_buffer()?)
}

fn col(c: usize) -> Result<u16, XlsxError> {
    u16::try_from(c).map_err(|_| XlsxError::TooLarge {
        what: "columns".into(),
    })
}

/// An XLSX number cell holds an IEEE double: the decimal's text is read as the
/// nearest double (correctly rounded), the only float in the library, at the file
/// boundary. Points have at most a few decimals, well within a double's 15
/// significant digits.
fn xlsx_number(d: &Decimal) -> Result<f64, XlsxError> {
    d.normalize()
        .to_string()
        .parse::<f64>()
        .map_err(|e| XlsxError::Writer {
            message: format!("cannot write {d} as a number: {e}"),
        })
}
