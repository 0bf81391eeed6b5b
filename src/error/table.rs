//! Why a results CSV cannot be read or a workbook written ([`crate::table`]).

use crate::error::Message;
use crate::text::Lang;

/// A results CSV that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CsvError {
    /// A quoted field is not closed.
    UnclosedQuote {
        /// The line the quote opens on.
        line: usize,
    },
    /// A required column is absent.
    MissingColumn {
        /// Its key (`unit_id`, `total`).
        column: &'static str,
        /// Its Vietnamese header.
        vi: &'static str,
        /// Its English header.
        en: &'static str,
    },
    /// A number or rank that does not read.
    BadNumber {
        /// The line.
        line: usize,
        /// The text.
        text: String,
    },
    /// A unit on two lines.
    DuplicateUnit {
        /// The second line.
        line: usize,
        /// The unit.
        unit: String,
    },
}

impl Message for CsvError {
    fn code(&self) -> &'static str {
        match self {
            CsvError::UnclosedQuote { .. } => "csv.unclosed_quote",
            CsvError::MissingColumn { .. } => "csv.missing_column",
            CsvError::BadNumber { .. } => "csv.bad_number",
            CsvError::DuplicateUnit { .. } => "csv.duplicate_unit",
        }
    }

    fn message(&self, lang: Lang) -> String {
        match self {
            CsvError::UnclosedQuote { line } => say!(
                lang,
                "một trường trong ngoặc kép mở ở dòng {line} không được đóng",
                "a quoted field opened on line {line} is never closed",
            ),
            CsvError::MissingColumn { column, vi, en } => say!(
                lang,
                "không có cột “{vi}” (hoặc “{en}”, “{column}”)",
                "no column “{en}” (or “{vi}”, “{column}”)",
            ),
            CsvError::BadNumber { line, text } => say!(
                lang,
                "dòng {line}: “{text}” không phải số viết với dấu chấm thập phân",
                "line {line}: “{text}” is not a number written with a dot",
            ),
            CsvError::DuplicateUnit { line, unit } => say!(
                lang,
                "dòng {line}: đơn vị “{unit}” có hai dòng",
                "line {line}: unit “{unit}” is listed twice",
            ),
        }
    }
}

message_display!(CsvError);

/// Why a workbook cannot be written.
#[cfg(feature = "xlsx")]
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum XlsxError {
    /// More rows or columns than a sheet holds, or a count too large for a cell.
    TooLarge {
        /// What: "rows", "columns" or the count.
        what: String,
    },
    /// The XLSX writer's own error (an invalid sheet name…).
    Writer {
        /// Its message.
        message: String,
    },
}

#[cfg(feature = "xlsx")]
impl Message for XlsxError {
    fn code(&self) -> &'static str {
        match self {
            XlsxError::TooLarge { .. } => "xlsx.too_large",
            XlsxError::Writer { .. } => "xlsx.writer",
        }
    }

    fn message(&self, lang: Lang) -> String {
        match self {
            XlsxError::TooLarge { what } => {
                say!(
                    lang,
                    "quá nhiều {what} cho XLSX",
                    "too many {what} for XLSX"
                )
            }
            XlsxError::Writer { message } => say!(
                lang,
                "không ghi được bảng tính: {message}",
                "cannot write the workbook: {message}",
            ),
        }
    }
}

#[cfg(feature = "xlsx")]
message_display!(XlsxError);
