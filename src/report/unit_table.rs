//! The unit's own results as a [`Table`]: the same cells for the CSV
//! ([`Table::to_csv`]) and the workbook (`aggregate::to_xlsx`) that
//! `dti-score score … --csv/--xlsx` write.

use rust_decimal::Decimal;

use crate::set::IndicatorSet;
use crate::table::{Cell, Table};
use crate::text::{tr, Lang};

use super::Report;

/// The unit's report as one table, headers and words in `lang`: one row per indicator
/// in the set's order (each main indicator, whose points are the total of its
/// components, then its components), then a row for the total. Columns: code,
/// indicator (the set's title), level (main or component), max, points, status in words
/// ([`super::Status::label`]), trace, what it takes to reach full points; and, when the
/// report has targets (a targets file was loaded, or the set gives them), the target
/// and the shortfall (points short of the target, 0 when reached).
///
/// Points are number cells (the workbook formats them the Vietnamese way, the CSV
/// writes them with a dot); the total's shortfall is `max(target − total, 0)`.
/// An indicator of the set that the report lacks (a report scored with another set)
/// is left out.
///
/// # Example
/// ```
/// use dti_score::{score, unit_table, IndicatorSet, Lang, ScoreOptions, Values};
/// let set = IndicatorSet::from_json(r#"{"format": "dti-score/indicator-set/v1", "id": "t",
///   "version": "1", "title": {"vi": "T"}, "scale": "10", "indicators": [{"code": "1",
///   "title": {"vi": "Hạ tầng"}, "max": "10", "children": [{"code": "1.1", "title": {"vi": "Cáp quang"},
///   "max": "10", "inputs": [{"id": "a", "label": {"vi": "hộ"}}, {"id": "b", "label": {"vi": "tổng"}}],
///   "rule": {"kind": "linear_to_target", "ratio": "a/b", "target": "100%"}}]}]}"#).unwrap();
/// let values = Values::from_json(r#"{"values": {"1.1": {"a": "1", "b": "2"}}}"#).unwrap();
/// let report = score(&set, &values, &ScoreOptions::default());
/// let table = unit_table(&set, &report, Lang::Vi);
/// assert_eq!(table.header[..6], ["Mã", "Chỉ tiêu", "Cấp", "Điểm tối đa", "Điểm", "Trạng thái"]);
/// assert_eq!(table.rows.len(), 3); // 1, 1.1 and the total
/// assert_eq!(table.rows[1][4].to_csv_text(), "5");
/// assert_eq!(table.rows[1][5].to_csv_text(), "đủ số liệu");
/// ```
pub fn unit_table(set: &IndicatorSet, report: &Report, lang: Lang) -> Table {
    let t = |vi, en| tr(lang, vi, en).to_string();
    let with_targets = report.target.is_some() || report.nodes.values().any(|n| n.target.is_some());
    let mut header = vec![
        t("Mã", "Code"),
        t("Chỉ tiêu", "Indicator"),
        t("Cấp", "Level"),
        t("Điểm tối đa", "Max"),
        t("Điểm", "Points"),
        t("Trạng thái", "Status"),
        t("Cách tính", "Trace"),
        t("Để đạt điểm tối đa", "What it takes"),
    ];
    if with_targets {
        header.push(t("Điểm chỉ tiêu giao", "Target"));
        header.push(t("Còn thiếu so với chỉ tiêu giao", "Shortfall"));
    }
    // Last year beside this year (`dti-score score --previous`): its three columns come
    // after these, added by `crate::previous::beside`, so that the columns before them
    // keep their places (docs/workbook.md, "The unit's results").
    let mut rows = Vec::with_capacity(set.nodes.len() + 1);
    for node in &set.nodes {
        let Some(r) = report.nodes.get(&node.id) else {
            continue;
        };
        let level = if node.parent.is_none() {
            t("chỉ số chính", "main indicator")
        } else {
            t("chỉ số thành phần", "component")
        };
        let mut row = vec![
            Cell::text(&node.code),
            Cell::text(node.title.get(lang)),
            Cell::text(level),
            Cell::number(r.max),
            Cell::number(r.points),
            Cell::text(r.status.label(lang)),
            Cell::text(r.trace.get(lang)),
            r.to_full
                .as_ref()
                .map_or(Cell::Empty, |w| Cell::text(w.get(lang))),
        ];
        if with_targets {
            row.push(Cell::number(r.target));
            row.push(Cell::number(r.below_target));
        }
        rows.push(row);
    }
    let mut total = vec![
        Cell::Empty,
        Cell::text(t("Tổng điểm", "Total")),
        Cell::text(t("tổng", "total")),
        Cell::number(report.max),
        Cell::number(report.total),
        Cell::Empty,
        report
            .applicable
            .as_ref()
            .map_or(Cell::Empty, |a| Cell::text(a.trace.get(lang))),
        Cell::Empty,
    ];
    if with_targets {
        let shortfall = match (report.target, report.total) {
            (Some(target), Some(total)) => target.checked_sub(total).map(|d| d.max(Decimal::ZERO)),
            _ => None,
        };
        total.push(Cell::number(report.target));
        total.push(Cell::number(shortfall));
    }
    rows.push(total);
    Table {
        name: t("Kết quả", "Results"),
        header,
        keys: Vec::new(),
        rows,
    }
}
