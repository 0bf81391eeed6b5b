//! Why an indicator-set workbook cannot be read or written ([`crate::setbook`]). Every
//! problem of a workbook names where it is as `Sheet!Cell` (`Chỉ số!F12`); the findings of
//! the set's validation, the same as for a JSON set, are carried with the cell their JSON
//! Pointer came from.

use crate::error::{Finding, Message, Severity};
use crate::text::Lang;

/// What a cell should have held, for [`SetBookError::WrongCell`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum CellExpected {
    /// Text.
    Text,
    /// A decimal (a number cell, or text such as `1/2` or `80%`).
    Decimal,
    /// `true` or `false`.
    Bool,
    /// A whole number.
    WholeNumber,
}

impl CellExpected {
    fn describe(self, lang: Lang) -> &'static str {
        let (vi, en) = match self {
            Self::Text => ("chữ", "text"),
            Self::Decimal => (
                "một số (hoặc chữ như 1/2, 80%)",
                "a number (or text such as 1/2, 80%)",
            ),
            Self::Bool => ("true hoặc false", "true or false"),
            Self::WholeNumber => ("một số nguyên", "a whole number"),
        };
        lang.pick(vi, en)
    }
}

/// A problem of an indicator-set workbook, or a finding of the set it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SetBookError {
    /// The bytes are not an XLSX workbook calamine can open.
    Unreadable {
        /// The reader's message.
        message: String,
    },
    /// A sheet the layout requires is absent.
    MissingSheet {
        /// Its Vietnamese name.
        vi: &'static str,
        /// Its English name.
        en: &'static str,
    },
    /// A column the layout requires is absent from a sheet's row of keys (row 2).
    MissingColumn {
        /// The sheet's header row (`Chỉ số!2:2`).
        cell: String,
        /// The column's key.
        key: &'static str,
    },
    /// A column key (row 2) the sheet does not have: a typo, or a field of another sheet.
    UnknownColumn {
        /// Where.
        cell: String,
        /// The key found.
        key: String,
    },
    /// The same column key, or the same key of the set sheet, twice.
    Duplicate {
        /// Where the second one is.
        cell: String,
        /// The key.
        key: String,
    },
    /// A row of the set sheet with a key the set does not have.
    UnknownKey {
        /// Where (the key's cell).
        cell: String,
        /// The key found.
        key: String,
    },
    /// A cell holding what its column does not take (a date, an error value, a
    /// true/false where text belongs, a fraction where a whole number belongs).
    WrongCell {
        /// Where.
        cell: String,
        /// What the column takes.
        expected: CellExpected,
        /// What the cell holds, in Vietnamese.
        vi: String,
        /// In English.
        en: String,
    },
    /// An indicator's level that is not a whole number from 1 to one more than the row
    /// above's.
    BadLevel {
        /// Where.
        cell: String,
        /// The cell's text.
        text: String,
        /// The highest level this row may have.
        max: usize,
    },
    /// A row names an indicator the indicators sheet does not have.
    UnknownIndicator {
        /// Where.
        cell: String,
        /// The id (or code) given.
        id: String,
    },
    /// A row names a part, input or context field its indicator (or the set) does not have.
    UnknownOwner {
        /// Where.
        cell: String,
        /// The name given.
        name: String,
    },
    /// A list name other than `items`, `options`, `tiers`, `parts`.
    UnknownList {
        /// Where.
        cell: String,
        /// The text.
        text: String,
    },
    /// Periods of years that do not read as `2025–2027: 95%`, one a line.
    BadPeriods {
        /// Where.
        cell: String,
        /// The line that does not read.
        text: String,
    },
    /// Two cells give the same field (a fixed threshold and thresholds by period).
    Conflict {
        /// Where the second one is.
        cell: String,
        /// Its column key.
        key: String,
    },
    /// A finding of the set's validation (the same as for the JSON set), at the cell its
    /// JSON Pointer came from.
    Set {
        /// The cell; `None` when the set was not read from a workbook (writing one).
        cell: Option<String>,
        /// The finding.
        finding: Finding,
    },
    /// Writing: a value of the set a workbook cell cannot hold exactly (an empty list,
    /// an empty text, an agency with a line break).
    Unrepresentable {
        /// Where in the set.
        pointer: String,
    },
    /// Writing: the XLSX writer's own error.
    Writer {
        /// Its message.
        message: String,
    },
}

impl SetBookError {
    /// Where the problem is (`Chỉ số!F12`); `None` for a workbook that does not open or
    /// lacks a sheet, and for problems of writing.
    pub fn cell(&self) -> Option<&str> {
        match self {
            Self::Unreadable { .. }
            | Self::MissingSheet { .. }
            | Self::Unrepresentable { .. }
            | Self::Writer { .. } => None,
            Self::Set { cell, .. } => cell.as_deref(),
            Self::MissingColumn { cell, .. }
            | Self::UnknownColumn { cell, .. }
            | Self::Duplicate { cell, .. }
            | Self::UnknownKey { cell, .. }
            | Self::WrongCell { cell, .. }
            | Self::BadLevel { cell, .. }
            | Self::UnknownIndicator { cell, .. }
            | Self::UnknownOwner { cell, .. }
            | Self::UnknownList { cell, .. }
            | Self::BadPeriods { cell, .. }
            | Self::Conflict { cell, .. } => Some(cell),
        }
    }

    /// Errors stop the set from being written out; a validation warning does not.
    pub fn severity(&self) -> Severity {
        match self {
            Self::Set { finding, .. } => finding.severity,
            _ => Severity::Error,
        }
    }
}

impl Message for SetBookError {
    fn code(&self) -> &'static str {
        match self {
            Self::Unreadable { .. } => "setbook.unreadable",
            Self::MissingSheet { .. } => "setbook.missing_sheet",
            Self::MissingColumn { .. } => "setbook.missing_column",
            Self::UnknownColumn { .. } => "setbook.unknown_column",
            Self::Duplicate { .. } => "setbook.duplicate",
            Self::UnknownKey { .. } => "setbook.unknown_key",
            Self::WrongCell { .. } => "setbook.wrong_cell",
            Self::BadLevel { .. } => "setbook.bad_level",
            Self::UnknownIndicator { .. } => "setbook.unknown_indicator",
            Self::UnknownOwner { .. } => "setbook.unknown_owner",
            Self::UnknownList { .. } => "setbook.unknown_list",
            Self::BadPeriods { .. } => "setbook.bad_periods",
            Self::Conflict { .. } => "setbook.conflict",
            Self::Set { finding, .. } => finding.code(),
            Self::Unrepresentable { .. } => "setbook.unrepresentable",
            Self::Writer { .. } => "setbook.writer",
        }
    }

    fn message(&self, lang: Lang) -> String {
        match self {
            Self::Unreadable { message } => say!(
                lang,
                "không mở được bảng tính XLSX: {message}",
                "cannot open the XLSX workbook: {message}",
            ),
            Self::MissingSheet { vi, en } => say!(
                lang,
                "bảng tính không có trang “{vi}”: đây không phải bảng tính bộ chỉ số của dti-score",
                "the workbook has no sheet “{en}”: it is not a dti-score indicator-set workbook",
            ),
            Self::MissingColumn { cell, key } => say!(
                lang,
                "{cell}: dòng mã cột (dòng 2) không có cột “{key}”",
                "{cell}: the row of column keys (row 2) has no column “{key}”",
            ),
            Self::UnknownColumn { cell, key } => say!(
                lang,
                "{cell}: trang này không có cột “{key}” (dòng 2 ghi mã tiếng Anh của cột)",
                "{cell}: this sheet has no column “{key}” (row 2 holds the columns' English keys)",
            ),
            Self::Duplicate { cell, key } => say!(
                lang,
                "{cell}: “{key}” có hai lần",
                "{cell}: “{key}” is given twice",
            ),
            Self::UnknownKey { cell, key } => say!(
                lang,
                "{cell}: bộ chỉ số không có mục “{key}”",
                "{cell}: an indicator set has no field “{key}”",
            ),
            Self::WrongCell {
                cell,
                expected,
                vi,
                en,
            } => {
                let expected = expected.describe(lang);
                say!(
                    lang,
                    "{cell}: ô này cần {expected}, không nhận {vi}",
                    "{cell}: this cell takes {expected}, not {en}",
                )
            }
            Self::BadLevel { cell, text, max } => say!(
                lang,
                "{cell}: cấp “{text}” không hợp lệ: cần một số nguyên từ 1 đến {max} (1 là chỉ số chính; cấp của chỉ số con bằng cấp của chỉ số cha ở các dòng trên cộng 1)",
                "{cell}: level “{text}” is not allowed: a whole number from 1 to {max} (1 is a main indicator; a child is one more than the row above it)",
            ),
            Self::UnknownIndicator { cell, id } => say!(
                lang,
                "{cell}: trang Chỉ số không có chỉ số “{id}”",
                "{cell}: the indicators sheet has no indicator “{id}”",
            ),
            Self::UnknownOwner { cell, name } => say!(
                lang,
                "{cell}: không có “{name}” để gắn dòng này vào",
                "{cell}: there is no “{name}” to attach this row to",
            ),
            Self::UnknownList { cell, text } => say!(
                lang,
                "{cell}: “{text}” không phải danh sách; các danh sách: items, options, tiers, parts",
                "{cell}: “{text}” is not a list; the lists are: items, options, tiers, parts",
            ),
            Self::BadPeriods { cell, text } => say!(
                lang,
                "{cell}: không đọc được giai đoạn “{text}”; mỗi dòng một giai đoạn, như “2025–2027: 95%”",
                "{cell}: the period “{text}” does not read; one period a line, like “2025–2027: 95%”",
            ),
            Self::Conflict { cell, key } => say!(
                lang,
                "{cell}: cột “{key}” trùng nội dung với một cột khác đã điền trên dòng này (chỉ điền một trong hai)",
                "{cell}: column “{key}” gives a field another filled cell of this row already gives (fill only one)",
            ),
            Self::Set { cell, finding } => {
                let why = finding.message(lang);
                let at = match cell {
                    Some(cell) => cell.clone(),
                    None if finding.pointer.is_empty() => "/".to_string(),
                    None => finding.pointer.clone(),
                };
                say!(lang, "{at}: {why}", "{at}: {why}")
            }
            Self::Unrepresentable { pointer } => say!(
                lang,
                "{pointer}: giá trị này không ghi đúng được vào một ô (danh sách rỗng, chữ rỗng, hoặc cơ quan có xuống dòng)",
                "{pointer}: this value cannot be written exactly into a cell (an empty list, an empty text, or an agency with a line break)",
            ),
            Self::Writer { message } => say!(
                lang,
                "không ghi được bảng tính: {message}",
                "cannot write the workbook: {message}",
            ),
        }
    }
}

message_display!(SetBookError);

/// `{ "cell", "pointer", "severity", "code", "vi", "en" }`: a finding as a page or a program
/// reads it (`cell` is `null` when there is none; `pointer` is the JSON Pointer of a
/// finding of the set's validation, else `null`).
impl serde::Serialize for SetBookError {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let pointer = match self {
            Self::Set { finding, .. } => Some(finding.pointer.as_str()),
            Self::Unrepresentable { pointer } => Some(pointer.as_str()),
            _ => None,
        };
        let mut st = s.serialize_struct("SetBookError", 6)?;
        st.serialize_field("cell", &self.cell())?;
        st.serialize_field("pointer", &pointer)?;
        st.serialize_field("severity", &self.severity())?;
        st.serialize_field("code", self.code())?;
        st.serialize_field("vi", &self.message(Lang::Vi))?;
        st.serialize_field("en", &self.message(Lang::En))?;
        st.end()
    }
}
