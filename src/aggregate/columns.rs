//! The columns and sheets of the batch's tables, with their wording in Vietnamese and
//! English: the CSV, the workbook and the review page all take their headers, sheet
//! names and coded values' words from here, so the three say the same thing.
//!
//! Each column also has a stable key (`unit_id`, `total`…, the names the tables had
//! before they were worded), carried in [`Table::keys`] for the page and read back by
//! [`super::PreviousResults::from_csv`] alongside the worded headers.

use crate::table::{Cell, Table};
use crate::text::{tr, Lang};

/// A column of one of the batch's tables (a closed list: a new column is a compile
/// error wherever its wording is needed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    /// The unit's id.
    UnitId,
    /// The unit's name.
    UnitName,
    /// The round's year.
    Year,
    /// Self-assessed total.
    Total,
    /// Rank.
    Rank,
    /// Achieved total (after appraisal).
    Achieved,
    /// Change of the score since the previous round.
    Change,
    /// The previous round's rank.
    PreviousRank,
    /// Places gained since the previous round.
    RankChange,
    /// What the unit's figures rest on (signed, mixed, unsigned).
    Data,
    /// Whether the signers are proven.
    Signers,
    /// An indicator's code.
    Code,
    /// An indicator's title.
    Title,
    /// An indicator's maximum.
    Max,
    /// Units with points.
    Units,
    /// Lowest points.
    Min,
    /// Highest points.
    Highest,
    /// Mean points.
    Mean,
    /// Units whose figures are complete.
    StatusOk,
    /// Units with provisional figures.
    StatusProvisional,
    /// Units with missing figures.
    StatusMissing,
    /// Units with invalid figures.
    StatusInvalid,
    /// A relative indicator's best value.
    BestValue,
    /// The unit(s) with the best value.
    BestUnit,
    /// Achieved points on an indicator.
    Points,
    /// The province's target.
    Target,
    /// Why a unit is at risk.
    Risk,
    /// The indicator's status for the unit.
    Status,
    /// The unit's reason for marking an indicator not applicable.
    Reason,
    /// The appraisal's verdict on it.
    Verdict,
    /// A file's path.
    File,
    /// A file's kind.
    Kind,
    /// A file's period.
    Period,
    /// A file's verdict (accepted or rejected).
    FileVerdict,
    /// Why a file was rejected: the stable code.
    ReasonCode,
    /// Why, in Vietnamese.
    ReasonVi,
    /// Why, in English.
    ReasonEn,
    /// The field two files give differently.
    Field,
    /// Every file's value of it.
    Values,
    /// What was done with it.
    Outcome,
}

impl Column {
    /// The stable key (the page's and old files' column name).
    pub fn key(self) -> &'static str {
        self.words().0
    }

    /// The header, in `lang`.
    pub fn label(self, lang: Lang) -> &'static str {
        let (_, vi, en) = self.words();
        tr(lang, vi, en)
    }

    fn words(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Column::UnitId => ("unit_id", "Mã đơn vị", "Unit ID"),
            Column::UnitName => ("unit_name", "Tên đơn vị", "Unit name"),
            Column::Year => ("year", "Năm", "Year"),
            Column::Total => ("total", "Tổng điểm tự đánh giá", "Self-assessed total"),
            Column::Rank => ("rank", "Hạng", "Rank"),
            Column::Achieved => ("achieved", "Điểm đạt được", "Achieved"),
            Column::Change => (
                "change",
                "Thay đổi so với năm trước",
                "Change since last year",
            ),
            Column::PreviousRank => ("previous_rank", "Hạng năm trước", "Previous rank"),
            Column::RankChange => (
                "rank_change",
                "Thay đổi hạng (+ là tăng)",
                "Rank change (+ is up)",
            ),
            Column::Data => ("data", "Số liệu", "Data"),
            Column::Signers => ("signers", "Người ký", "Signers"),
            Column::Code => ("code", "Mã", "Code"),
            Column::Title => ("title", "Chỉ tiêu", "Indicator"),
            Column::Max => ("max", "Điểm tối đa", "Max"),
            Column::Units => ("units", "Số đơn vị có điểm", "Units with points"),
            Column::Min => ("min", "Thấp nhất", "Lowest"),
            Column::Highest => ("highest", "Cao nhất", "Highest"),
            Column::Mean => ("mean", "Trung bình", "Mean"),
            Column::StatusOk => ("ok", "Đủ số liệu", "Complete"),
            Column::StatusProvisional => ("provisional", "Tạm tính", "Provisional"),
            Column::StatusMissing => ("missing", "Thiếu số liệu", "Missing data"),
            Column::StatusInvalid => ("invalid", "Số liệu sai", "Invalid data"),
            Column::BestValue => ("best_value", "Giá trị cao nhất", "Best value"),
            Column::BestUnit => ("best_unit", "Đơn vị cao nhất", "Best unit"),
            Column::Points => ("points", "Điểm", "Points"),
            Column::Target => ("target", "Chỉ tiêu phấn đấu", "Target"),
            Column::Risk => ("risk", "Nguy cơ", "Risk"),
            Column::Status => ("status", "Trạng thái", "Status"),
            Column::Reason => ("reason", "Lý do", "Reason"),
            Column::Verdict => ("verdict", "Kết luận thẩm định", "Appraisal verdict"),
            Column::File => ("file", "Tệp", "File"),
            Column::Kind => ("kind", "Loại", "Kind"),
            Column::Period => ("period", "Kỳ", "Period"),
            Column::FileVerdict => ("verdict", "Kết quả", "Verdict"),
            Column::ReasonCode => ("reason_code", "Mã lý do", "Reason code"),
            Column::ReasonVi => ("reason_vi", "Lý do (tiếng Việt)", "Reason (Vietnamese)"),
            Column::ReasonEn => ("reason_en", "Lý do (tiếng Anh)", "Reason (English)"),
            Column::Field => ("field", "Số liệu", "Field"),
            Column::Values => ("values", "Giá trị trong từng tệp", "Each file's value"),
            Column::Outcome => ("outcome", "Cách xử lý", "Outcome"),
        }
    }
}

/// A sheet of the workbook (a table of the batch).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sheet {
    /// The ranking.
    Ranking,
    /// Each indicator's distribution.
    Distribution,
    /// Units at risk.
    AtRisk,
    /// Indicators marked not applicable.
    Exclusions,
    /// Every file's verdict.
    Files,
    /// Conflicting values.
    Conflicts,
}

impl Sheet {
    /// The sheet's name in `lang` (≤ 31 characters, none of `[]:*?/\`).
    pub fn name(self, lang: Lang) -> &'static str {
        let (vi, en) = match self {
            Sheet::Ranking => ("Xếp hạng", "Ranking"),
            Sheet::Distribution => ("Phân bố điểm", "Distribution"),
            Sheet::AtRisk => ("Nguy cơ mất điểm", "At risk"),
            Sheet::Exclusions => ("Không áp dụng", "Not applicable"),
            Sheet::Files => ("Tệp", "Files"),
            Sheet::Conflicts => ("Số liệu mâu thuẫn", "Conflicts"),
        };
        tr(lang, vi, en)
    }
}

/// A table of `columns` (worded in `lang`) named as `sheet`.
pub(crate) fn table(sheet: Sheet, lang: Lang, columns: &[Column], rows: Vec<Vec<Cell>>) -> Table {
    Table {
        name: sheet.name(lang).to_string(),
        header: columns.iter().map(|c| c.label(lang).to_string()).collect(),
        keys: columns.iter().map(|c| c.key().to_string()).collect(),
        rows,
    }
}

/// A word of a coded value, in `lang`.
pub(crate) fn word(lang: Lang, vi: &'static str, en: &'static str) -> Cell {
    Cell::text(tr(lang, vi, en))
}
