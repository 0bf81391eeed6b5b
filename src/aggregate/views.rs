//! The tables of a batch: the intake's `files` and `conflicts` views (beside
//! [`super::Aggregate::tables`]) and, with the `xlsx` feature, the XLSX writer shared by
//! `dti-score aggregate --xlsx` and the review page, so both give the same workbook.

use crate::error::Message;
use crate::table::{Cell, Table};
use crate::text::Lang;

use super::{FileKind, Intake};

impl Intake {
    /// The `files` view: every file's verdict, with the reason's code and text in both
    /// languages (nothing skipped).
    pub fn files_table(&self) -> Table {
        let rows = self
            .files
            .iter()
            .map(|f| {
                let kind = match f.kind {
                    FileKind::Signed => "signed",
                    FileKind::Appraisal => "appraisal",
                    FileKind::Unsigned => "unsigned",
                    FileKind::Other => "other",
                };
                let reason = |cell: fn(&super::Rejection) -> Cell| {
                    f.rejection.as_ref().map_or(Cell::Empty, cell)
                };
                vec![
                    Cell::text(&f.file),
                    Cell::text(kind),
                    Cell::text(f.unit.clone().unwrap_or_default()),
                    Cell::text(f.period.clone().unwrap_or_default()),
                    Cell::text(if f.accepted() { "accepted" } else { "rejected" }),
                    reason(|r| Cell::text(r.code())),
                    reason(|r| Cell::text(r.message(Lang::Vi))),
                    reason(|r| Cell::text(r.message(Lang::En))),
                ]
            })
            .collect();
        Table {
            name: "files".into(),
            header: [
                "file",
                "kind",
                "unit_id",
                "period",
                "verdict",
                "reason_code",
                "reason_vi",
                "reason_en",
            ]
            .map(String::from)
            .to_vec(),
            rows,
        }
    }

    /// The `conflicts` view: one row per field that partial files give differently,
    /// with every file's value.
    pub fn conflicts_table(&self) -> Table {
        let rows = self
            .merged
            .conflicts
            .iter()
            .map(|c| {
                vec![
                    Cell::text(&c.unit_id),
                    Cell::text(c.period.clone().unwrap_or_default()),
                    Cell::text(&c.pointer),
                    Cell::text(c.values_text("; ")),
                    Cell::text(match &c.kept {
                        Some(v) => format!("signed_kept: {v}"),
                        None => "left_out".to_string(),
                    }),
                ]
            })
            .collect();
        Table {
            name: "conflicts".into(),
            header: ["unit_id", "period", "field", "values", "outcome"]
                .map(String::from)
                .to_vec(),
            rows,
        }
    }
}

impl super::Conflict {
    /// Every file's value, `file = “value”`, joined with `sep`.
    pub fn values_text(&self, sep: &str) -> String {
        let vals: Vec<String> = self
            .values
            .iter()
            .map(|v| format!("{} = “{}”", v.source, v.value))
            .collect();
        vals.join(sep)
    }
}
