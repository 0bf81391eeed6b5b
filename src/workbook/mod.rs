//! The values workbook: an XLSX template of a set to fill offline in Excel or
//! LibreOffice ([`write_template`]), and its reader ([`read_values`]). Bytes in, bytes
//! out, no file system: the CLI and a wasm loaded on use call the same two functions.
//!
//! The layout (docs/workbook.md) is one list of rows (`rows`), built from the set's
//! form view ([`crate::set::form`]): one row per number input, yes/no, checklist item,
//! choice, manual points, attainment, justification and exclusion reason of every
//! leaf, after one row per context field. The writer writes those rows; the reader
//! finds each filled row by its indicator code (column A) and field name (column C),
//! both locked.

use crate::number::{Field, FieldKind};
use crate::set::{form, Answer, IndicatorSet, Item, Node};
use crate::text::{Lang, Text, Word};

pub(crate) mod cell;
mod read;
mod write;

pub(crate) use cell::{cell_name, decimal_of_double, exact_double};

pub use crate::error::WorkbookError;
pub use read::read_values;
pub use write::{write_template, TemplateOptions};

/// The format named in the metadata sheet's first row.
pub const WORKBOOK_FORMAT: &str = "dti-score/workbook/v1";

/// A sheet's names in both languages; the reader accepts either.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SheetName {
    pub vi: &'static str,
    pub en: &'static str,
}

impl SheetName {
    pub fn get(self, lang: Lang) -> &'static str {
        lang.pick(self.vi, self.en)
    }
}

/// The data sheet: one row per field.
pub(crate) const DATA: SheetName = SheetName {
    vi: "Số liệu",
    en: "Data",
};
/// The metadata sheet: the set, its hash, the year and the unit.
pub(crate) const ABOUT: SheetName = SheetName {
    vi: "Thông tin",
    en: "About",
};
/// How to fill it.
pub(crate) const HELP: SheetName = SheetName {
    vi: "Hướng dẫn",
    en: "Instructions",
};
/// The choice lists the data validation offers (hidden).
pub(crate) const LISTS: SheetName = SheetName {
    vi: "Danh sách",
    en: "Lists",
};

/// The data sheet's columns, in order (A–H): Vietnamese and English headers.
pub(crate) const COLUMNS: [(&str, &str); 8] = [
    ("Mã chỉ tiêu", "Indicator id"),
    ("Tên chỉ tiêu", "Indicator"),
    ("Ký hiệu", "Field"),
    ("Nội dung cần nhập", "What to enter"),
    ("Đơn vị tính", "Unit"),
    ("Giá trị", "Value"),
    ("Ghi chú", "Note"),
    ("Minh chứng", "Evidence"),
];
pub(crate) const COL_CODE: u16 = 0;
pub(crate) const COL_FIELD: u16 = 2;
pub(crate) const COL_VALUE: u16 = 5;
pub(crate) const COL_NOTE: u16 = 6;
pub(crate) const COL_EVIDENCE: u16 = 7;

/// The metadata sheet's rows: key (column A), Vietnamese and English labels (column B);
/// the value is in column C.
pub(crate) const ABOUT_ROWS: [(&str, &str, &str); 11] = [
    ("format", "Định dạng", "Format"),
    ("set.id", "Mã bộ chỉ số", "Indicator set id"),
    ("set.version", "Phiên bản bộ chỉ số", "Set version"),
    ("set.sha256", "SHA-256 của bộ chỉ số", "Set SHA-256"),
    ("lang", "Ngôn ngữ nhập số", "Language of typed numbers"),
    ("year", "Năm đánh giá", "Assessment year"),
    ("period", "Kỳ đánh giá", "Assessment period"),
    ("unit.id", "Mã đơn vị", "Unit id"),
    ("unit.name", "Tên đơn vị", "Unit name"),
    ("unit.level", "Cấp đơn vị", "Unit level"),
    ("unit.province", "Tỉnh", "Province"),
];

/// "Có" / "Không" ("Yes" / "No"): the engine's own words ([`Word::Yes`], [`Word::No`]).
pub(crate) fn yes_no(value: bool, lang: Lang) -> &'static str {
    if value { Word::Yes } else { Word::No }.get(lang)
}

/// One row of the data sheet.
#[derive(Debug, Clone)]
pub(crate) struct Row<'a> {
    /// The leaf, or `None` for a context field.
    pub node: Option<&'a Node>,
    /// The field name in column C: `a`, `done`, `gate`, `items/2`, `choice`, `points`,
    /// `attainment`, `justification`, `excluded`, a part's as `parts/1/choice`; a
    /// context field's id.
    pub field: String,
    /// The parts the field is inside (`["1"]` for `parts/1/choice`).
    pub parts: Vec<&'a str>,
    /// The label (column D).
    pub label: String,
    /// The unit of measure (column E).
    pub unit: Option<&'a str>,
    /// What the value cell takes.
    pub slot: Slot<'a>,
    /// Whether it is the indicator's first row (the one with its note and evidence).
    pub first: bool,
}

/// What a value cell takes.
#[derive(Debug, Clone)]
pub(crate) enum Slot<'a> {
    /// A number input (`None`: a text input).
    Input {
        id: &'a str,
        field: Option<Field<'a>>,
    },
    /// A yes/no (`done` or `gate`).
    YesNo { member: &'static str },
    /// One checklist item.
    Item { id: &'a str },
    /// One of the options.
    Choice { options: &'a [Item] },
    /// Manual points (an amount ≥ 0).
    Points,
    /// Manual attainment (a share).
    Attainment,
    /// Free text (`justification`, `excluded`).
    Text { member: &'static str },
}

impl Slot<'_> {
    /// The number field a value cell is read as, if it takes a number.
    pub fn number(&self) -> Option<Field<'_>> {
        match self {
            Slot::Input { field, .. } => *field,
            Slot::Points => Some(Field {
                kind: FieldKind::Amount { negative: false },
                unit: None,
            }),
            Slot::Attainment => Some(Field {
                kind: FieldKind::Percent,
                unit: None,
            }),
            Slot::YesNo { .. } | Slot::Item { .. } | Slot::Choice { .. } | Slot::Text { .. } => {
                None
            }
        }
    }
}

/// Every row of the data sheet, in order: the context fields, then each leaf's fields in
/// the order of its form. `excluded` says whether a leaf the set does not let a unit
/// mark not applicable has an exclusion row all the same: the writer gives one where the
/// values hold such an exclusion (scoring then says it is not allowed, as for a values
/// file), the reader accepts one on any leaf.
pub(crate) fn rows<'a>(
    set: &'a IndicatorSet,
    lang: Lang,
    excluded: &dyn Fn(&Node) -> bool,
) -> Vec<Row<'a>> {
    let mut out = Vec::new();
    for input in set.context() {
        out.push(Row {
            node: None,
            field: input.id.clone(),
            parts: Vec::new(),
            label: input.label.get(lang).to_string(),
            unit: input.unit.as_deref(),
            slot: Slot::Input {
                id: &input.id,
                field: input.field(),
            },
            first: false,
        });
    }
    let form = form(set);
    for node in set.leaves() {
        let Some(fields) = form.get(node.id.as_str()) else {
            continue;
        };
        let start = out.len();
        for answer in fields {
            answer_rows(node, answer, &[], "", lang, &mut out);
        }
        if !node.excludable && excluded(node) {
            let path = vec!["values".into(), node.id.clone(), "excluded".into()];
            answer_rows(node, &Answer::Excluded { path }, &[], "", lang, &mut out);
        }
        if let Some(first) = out.get_mut(start) {
            first.first = true;
        }
    }
    out
}

fn answer_rows<'a>(
    node: &'a Node,
    answer: &Answer<'a>,
    parts: &[&'a str],
    prefix: &str,
    lang: Lang,
    out: &mut Vec<Row<'a>>,
) {
    let scope = |member: &str| -> String {
        let mut s = String::new();
        for p in parts {
            s.push_str("parts/");
            s.push_str(p);
            s.push('/');
        }
        s.push_str(member);
        s
    };
    let label = |text: &str| -> String { format!("{prefix}{text}") };
    let mut push = |field: String, label: String, unit: Option<&'a str>, slot: Slot<'a>| {
        out.push(Row {
            node: Some(node),
            field,
            parts: parts.to_vec(),
            label,
            unit,
            slot,
            first: false,
        })
    };
    match answer {
        Answer::Number { id, .. } => {
            let Some(input) = node.inputs.iter().find(|i| i.id == *id) else {
                return;
            };
            // Inputs belong to the indicator, not to a part.
            out.push(Row {
                node: Some(node),
                field: input.id.clone(),
                parts: Vec::new(),
                label: label(input.label.get(lang)),
                unit: input.unit.as_deref(),
                slot: Slot::Input {
                    id,
                    field: input.field(),
                },
                first: false,
            });
        }
        Answer::YesNo { path, question } => {
            let member = if path.last().map(String::as_str) == Some("gate") {
                "gate"
            } else {
                "done"
            };
            let text = match question {
                Some(q) => q.get(lang).to_string(),
                None => say_done(&node.title, lang),
            };
            push(scope(member), label(&text), None, Slot::YesNo { member });
        }
        Answer::Checklist { items, .. } => {
            for item in items.iter() {
                push(
                    scope(&format!("items/{}", item.id)),
                    label(&format!("{}. {}", item.id, item.label.get(lang))),
                    None,
                    Slot::Item { id: &item.id },
                );
            }
        }
        Answer::Choice { options, .. } => {
            let what = match lang {
                Lang::Vi => "Chọn một mức",
                Lang::En => "Choose one",
            };
            push(scope("choice"), label(what), None, Slot::Choice { options });
        }
        Answer::Points { .. } => {
            let what = match lang {
                Lang::Vi => "Điểm tự chấm",
                Lang::En => "Points claimed",
            };
            push(scope("points"), label(what), None, Slot::Points);
        }
        Answer::Attainment { .. } => {
            let what = match lang {
                Lang::Vi => "Mức đạt tự đánh giá (%)",
                Lang::En => "Attainment claimed (%)",
            };
            push(scope("attainment"), label(what), None, Slot::Attainment);
        }
        Answer::Justification { .. } => {
            let what = match lang {
                Lang::Vi => "Giải trình điểm tự chấm",
                Lang::En => "Why these points",
            };
            push(
                scope("justification"),
                label(what),
                None,
                Slot::Text {
                    member: "justification",
                },
            );
        }
        Answer::Excluded { .. } => {
            let what = match lang {
                Lang::Vi => "Không áp dụng: lý do (để trống nếu có áp dụng)",
                Lang::En => "Not applicable: the reason (empty if it applies)",
            };
            push(
                scope("excluded"),
                label(what),
                None,
                Slot::Text { member: "excluded" },
            );
        }
        Answer::Part {
            id,
            label: l,
            fields,
            ..
        } => {
            let mut inner = parts.to_vec();
            inner.push(id);
            let prefix = format!("{prefix}{id}. {}: ", l.get(lang));
            for f in fields {
                answer_rows(node, f, &inner, &prefix, lang, out);
            }
        }
    }
}

fn say_done(title: &Text, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("Đã thực hiện: {}?", title.get(lang)),
        Lang::En => format!("Done: {}?", title.get(lang)),
    }
}
