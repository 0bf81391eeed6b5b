//! Why a filled values workbook cannot be read ([`crate::workbook::read_values`]). Every
//! problem names where it is as `Sheet!Cell` (`Số liệu!F12`).

use crate::error::{Message, TypedError};
use crate::text::Lang;

/// A problem in a filled values workbook, located at a cell.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum WorkbookError {
    /// The bytes are not an XLSX workbook calamine can open.
    Unreadable {
        /// The reader's message.
        message: String,
    },
    /// A sheet the template has is absent.
    MissingSheet {
        /// Its Vietnamese name.
        vi: &'static str,
        /// Its English name.
        en: &'static str,
    },
    /// The metadata sheet does not name this workbook's format.
    WrongFormat {
        /// Where.
        cell: String,
        /// What it says.
        found: String,
    },
    /// The workbook was made for another set (or another version of it).
    WrongSet {
        /// Where (the set id's cell, or the version's when only that differs).
        cell: String,
        /// The set id the workbook names.
        found_id: String,
        /// The version it names.
        found_version: String,
        /// The set's id.
        id: String,
        /// The set's version.
        version: String,
    },
    /// The workbook was made from a set with the same id and version but other content.
    WrongHash {
        /// Where.
        cell: String,
        /// The SHA-256 the workbook names.
        found: String,
        /// The set's.
        expected: String,
    },
    /// A year that is not a year the engine knows.
    BadYear {
        /// Where.
        cell: String,
        /// The cell's text.
        text: String,
    },
    /// Unit details without the unit's id.
    UnitWithoutId {
        /// The unit id's cell.
        cell: String,
    },
    /// A row the set does not know (its code and field name in columns A and C).
    UnknownRow {
        /// Where (column A of the row).
        cell: String,
        /// The indicator code.
        code: String,
        /// The field name.
        field: String,
    },
    /// The same field on two rows.
    DuplicateRow {
        /// Where the second one is.
        cell: String,
        /// The indicator code.
        code: String,
        /// The field name.
        field: String,
    },
    /// A number typed as text that the keyboard reader refuses.
    Typed {
        /// Where.
        cell: String,
        /// Why.
        error: TypedError,
    },
    /// A number cell in a count field that is not whole.
    NotWhole {
        /// Where.
        cell: String,
        /// The cell's value as a decimal.
        value: rust_decimal::Decimal,
    },
    /// A number cell whose value is not a finite decimal.
    BadNumber {
        /// Where.
        cell: String,
        /// The cell's value.
        value: String,
    },
    /// A yes/no cell that says neither.
    NotYesNo {
        /// Where.
        cell: String,
        /// The cell's text.
        text: String,
    },
    /// A choice cell that names none of the options.
    UnknownOption {
        /// Where.
        cell: String,
        /// The cell's text.
        text: String,
        /// The options, as the list offers them.
        options: String,
    },
    /// A number where text belongs, or a date, an error value (`#DIV/0!`) or a
    /// boolean where a number belongs.
    WrongCell {
        /// Where.
        cell: String,
        /// What the cell holds, in Vietnamese ("một ngày").
        vi: &'static str,
        /// In English ("a date").
        en: &'static str,
    },
}

impl WorkbookError {
    /// Where the problem is (`Số liệu!F12`); `None` for a workbook that does not open
    /// or lacks a sheet.
    pub fn cell(&self) -> Option<&str> {
        match self {
            Self::Unreadable { .. } | Self::MissingSheet { .. } => None,
            Self::WrongFormat { cell, .. }
            | Self::WrongSet { cell, .. }
            | Self::WrongHash { cell, .. }
            | Self::BadYear { cell, .. }
            | Self::UnitWithoutId { cell }
            | Self::UnknownRow { cell, .. }
            | Self::DuplicateRow { cell, .. }
            | Self::Typed { cell, .. }
            | Self::NotWhole { cell, .. }
            | Self::BadNumber { cell, .. }
            | Self::NotYesNo { cell, .. }
            | Self::UnknownOption { cell, .. }
            | Self::WrongCell { cell, .. } => Some(cell),
        }
    }
}

impl Message for WorkbookError {
    fn code(&self) -> &'static str {
        match self {
            Self::Unreadable { .. } => "workbook.unreadable",
            Self::MissingSheet { .. } => "workbook.missing_sheet",
            Self::WrongFormat { .. } => "workbook.wrong_format",
            Self::WrongSet { .. } => "workbook.wrong_set",
            Self::WrongHash { .. } => "workbook.wrong_hash",
            Self::BadYear { .. } => "workbook.bad_year",
            Self::UnitWithoutId { .. } => "workbook.unit_without_id",
            Self::UnknownRow { .. } => "workbook.unknown_row",
            Self::DuplicateRow { .. } => "workbook.duplicate_row",
            Self::Typed { .. } => "workbook.typed",
            Self::NotWhole { .. } => "workbook.not_whole",
            Self::BadNumber { .. } => "workbook.bad_number",
            Self::NotYesNo { .. } => "workbook.not_yes_no",
            Self::UnknownOption { .. } => "workbook.unknown_option",
            Self::WrongCell { .. } => "workbook.wrong_cell",
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
                "bảng tính không có trang “{vi}”: đây không phải mẫu nhập liệu của dti-score",
                "the workbook has no sheet “{en}”: it is not a dti-score values template",
            ),
            Self::WrongFormat { cell, found } => say!(
                lang,
                "{cell}: “{found}” không phải định dạng mẫu nhập liệu dti-score/workbook/v1",
                "{cell}: “{found}” is not the values template format dti-score/workbook/v1",
            ),
            Self::WrongSet {
                cell,
                found_id,
                found_version,
                id,
                version,
            } => say!(
                lang,
                "{cell}: mẫu này dành cho bộ chỉ số “{found_id}” phiên bản “{found_version}”, không phải “{id}” phiên bản “{version}”; hãy tải mẫu mới cho bộ chỉ số này",
                "{cell}: this template is for the indicator set “{found_id}” version “{found_version}”, not “{id}” version “{version}”; download a new template for this set",
            ),
            Self::WrongHash {
                cell,
                found,
                expected,
            } => say!(
                lang,
                "{cell}: mẫu được tạo từ một nội dung khác của bộ chỉ số (SHA-256 {found}, bộ chỉ số hiện tại {expected}); hãy tải mẫu mới",
                "{cell}: the template was made from other content of the set (SHA-256 {found}, the set's is {expected}); download a new template",
            ),
            Self::BadYear { cell, text } => say!(
                lang,
                "{cell}: “{text}” không phải năm đánh giá",
                "{cell}: “{text}” is not an assessment year",
            ),
            Self::UnitWithoutId { cell } => say!(
                lang,
                "{cell}: có thông tin đơn vị nhưng thiếu mã đơn vị",
                "{cell}: unit details are given without the unit's id",
            ),
            Self::UnknownRow { cell, code, field } => say!(
                lang,
                "{cell}: bộ chỉ số không có chỉ tiêu “{code}” với mục “{field}”; không đọc được dòng này",
                "{cell}: the set has no indicator “{code}” with field “{field}”; the row cannot be read",
            ),
            Self::DuplicateRow { cell, code, field } => say!(
                lang,
                "{cell}: chỉ tiêu “{code}”, mục “{field}” có hai dòng",
                "{cell}: indicator “{code}”, field “{field}” is on two rows",
            ),
            Self::Typed { cell, error } => {
                let why = error.message(lang);
                say!(lang, "{cell}: {why}", "{cell}: {why}")
            }
            Self::NotWhole { cell, value } => {
                let value = crate::number::format_lang(value, lang);
                say!(
                lang,
                "{cell}: {value} không phải số nguyên; ô này cần một số đếm",
                "{cell}: {value} is not a whole number; this cell takes a count",
            )
            }
            Self::BadNumber { cell, value } => say!(
                lang,
                "{cell}: {value} không phải số thập phân hữu hạn",
                "{cell}: {value} is not a finite decimal",
            ),
            Self::NotYesNo { cell, text } => say!(
                lang,
                "{cell}: “{text}” không phải “Có” hoặc “Không”",
                "{cell}: “{text}” is neither “Yes” nor “No”",
            ),
            Self::UnknownOption {
                cell,
                text,
                options,
            } => say!(
                lang,
                "{cell}: “{text}” không phải một lựa chọn của chỉ tiêu ({options})",
                "{cell}: “{text}” is not one of the indicator's options ({options})",
            ),
            Self::WrongCell { cell, vi, en } => say!(
                lang,
                "{cell}: ô này không nhận {vi}",
                "{cell}: this cell does not take {en}",
            ),
        }
    }
}

message_display!(WorkbookError);
