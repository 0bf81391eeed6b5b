//! The reader of a filled values workbook ([`read_values`]).

use std::collections::{BTreeMap, HashMap};
use std::io::Cursor;

use calamine::{open_workbook_from_rs, Data, Range, Reader, Xlsx};
use rust_decimal::Decimal;

use super::cell::{cell_text, text_cell};
use super::{
    cell_name, decimal_of_double, rows, Row, SheetName, Slot, ABOUT, COL_CODE, COL_EVIDENCE,
    COL_FIELD, COL_NOTE, COL_VALUE, DATA, WORKBOOK_FORMAT,
};
use crate::error::WorkbookError;
use crate::number::{read_typed, Field, FieldKind};
use crate::set::IndicatorSet;
use crate::text::Lang;
use crate::values::{Evidence, EvidenceFile, NodeValues, SetRef, Unit, Values};

/// Reads a values workbook that [`super::write_template`] wrote and a person filled
/// (in Excel, LibreOffice or anything that keeps the sheets): the values, for `set`.
///
/// Text in a number cell is read as typed text ([`read_typed`], in the workbook's
/// language); a number cell's double becomes its shortest round-trip decimal (a count
/// that is not whole is refused). An empty cell is a field not entered.
///
/// # Errors
/// Every problem found, each at its `Sheet!Cell`: a workbook for another set (id,
/// version or content), rows the set does not know, numbers that do not read, yes/no
/// and choice cells that say neither.
///
/// # Example
/// ```
/// use dti_score::workbook::read_values;
/// use dti_score::Message;
/// let set = dti_score::IndicatorSet::from_json(r#"{
///   "format": "dti-score/indicator-set/v1", "id": "tiny", "version": "1",
///   "title": {"vi": "Nhỏ"}, "scale": "10",
///   "indicators": [{"code": "1", "title": {"vi": "Có"}, "max": "10", "rule": {"kind": "yes_no"}}]
/// }"#).unwrap();
/// let problems = read_values(&set, b"not a workbook").unwrap_err();
/// assert_eq!(problems[0].code(), "workbook.unreadable");
/// ```
pub fn read_values(set: &IndicatorSet, bytes: &[u8]) -> Result<Values, Vec<WorkbookError>> {
    let mut book: Xlsx<_> =
        open_workbook_from_rs(Cursor::new(bytes)).map_err(|e: calamine::XlsxError| {
            vec![WorkbookError::Unreadable {
                message: e.to_string(),
            }]
        })?;
    let mut problems = Vec::new();
    let names = book.sheet_names();
    let sheet = |name: SheetName| {
        [Lang::Vi, Lang::En]
            .into_iter()
            .find(|l| names.iter().any(|n| n == name.get(*l)))
    };
    let (Some(about_lang), Some(data_lang)) = (sheet(ABOUT), sheet(DATA)) else {
        let missing = if sheet(ABOUT).is_none() { ABOUT } else { DATA };
        return Err(vec![WorkbookError::MissingSheet {
            vi: missing.vi,
            en: missing.en,
        }]);
    };
    let range = |book: &mut Xlsx<_>, name: &str| {
        book.worksheet_range(name)
            .map_err(|e| WorkbookError::Unreadable {
                message: e.to_string(),
            })
    };
    let about_name = ABOUT.get(about_lang);
    let about = range(&mut book, about_name).map_err(|e| vec![e])?;
    let data_name = DATA.get(data_lang);
    let data = range(&mut book, data_name).map_err(|e| vec![e])?;

    let meta = About::read(&about, about_name, set, &mut problems);
    if problems.iter().any(|p| {
        matches!(
            p,
            WorkbookError::WrongSet { .. } | WorkbookError::WrongFormat { .. }
        )
    }) {
        return Err(problems);
    }
    let lang = meta.lang;
    let mut values = Values {
        set: Some(SetRef {
            id: set.id().to_string(),
            version: Some(set.version().to_string()),
        }),
        year: meta.year,
        period: meta.period,
        unit: meta.unit,
        ..Default::default()
    };

    // The rows, by indicator code and field name (either language's labels: the field
    // names are the same).
    let expected = rows(set, lang, &|_| true);
    let mut by_key: HashMap<(&str, &str), &Row<'_>> = HashMap::new();
    for row in &expected {
        let code = row.node.map_or("", |n| n.id.as_str());
        by_key.insert((code, row.field.as_str()), row);
    }
    let mut seen: HashMap<(String, String), ()> = HashMap::new();
    let end = data.end().map_or(0, |(r, _)| r);
    for r in 1..=end {
        let text_at = |c: u16| cell_text(data.get_value((r, u32::from(c))));
        let code = text_at(COL_CODE).unwrap_or_default();
        let field = text_at(COL_FIELD).unwrap_or_default();
        if code.is_empty() && field.is_empty() {
            continue;
        }
        let at = |c: u16| cell_name(data_name, r, c);
        let Some(row) = by_key.get(&(code.as_str(), field.as_str())) else {
            problems.push(WorkbookError::UnknownRow {
                cell: at(COL_CODE),
                code,
                field,
            });
            continue;
        };
        if seen.insert((code.clone(), field.clone()), ()).is_some() {
            problems.push(WorkbookError::DuplicateRow {
                cell: at(COL_CODE),
                code,
                field,
            });
            continue;
        }
        let value = data.get_value((r, u32::from(COL_VALUE)));
        read_row(row, value, &at(COL_VALUE), lang, &mut values, &mut problems);
        if row.first {
            if let Some(node) = row.node {
                let note = text_cell(data.get_value((r, u32::from(COL_NOTE))));
                let evidence = text_cell(data.get_value((r, u32::from(COL_EVIDENCE))))
                    .map(|t| parse_evidence(&t))
                    .unwrap_or_default();
                if note.is_some() || !evidence.is_empty() {
                    let nv = values.values.entry(node.id.clone()).or_default();
                    nv.note = note;
                    nv.evidence = evidence;
                }
            }
        }
    }
    if problems.is_empty() {
        Ok(values)
    } else {
        Err(problems)
    }
}

/// What the metadata sheet says.
struct About {
    lang: Lang,
    year: Option<i32>,
    period: Option<String>,
    unit: Option<Unit>,
}

impl About {
    fn read(
        range: &Range<Data>,
        sheet: &str,
        set: &IndicatorSet,
        problems: &mut Vec<WorkbookError>,
    ) -> About {
        let mut cells: BTreeMap<String, (Option<String>, String, Option<&Data>)> = BTreeMap::new();
        let end = range.end().map_or(0, |(r, _)| r);
        for r in 0..=end {
            if let Some(key) = cell_text(range.get_value((r, 0))) {
                let value = range.get_value((r, 2));
                cells.insert(key, (cell_text(value), cell_name(sheet, r, 2), value));
            }
        }
        let get = |key: &str| cells.get(key).and_then(|c| c.0.clone());
        let at = |key: &str| {
            cells
                .get(key)
                .map_or_else(|| format!("{sheet}!C1"), |c| c.1.clone())
        };
        let format = get("format").unwrap_or_default();
        if format != WORKBOOK_FORMAT {
            problems.push(WorkbookError::WrongFormat {
                cell: at("format"),
                found: format,
            });
        }
        let (found_id, found_version) = (
            get("set.id").unwrap_or_default(),
            get("set.version").unwrap_or_default(),
        );
        if found_id != set.id() || found_version != set.version() {
            problems.push(WorkbookError::WrongSet {
                cell: at(if found_id != set.id() {
                    "set.id"
                } else {
                    "set.version"
                }),
                found_id,
                found_version,
                id: set.id().to_string(),
                version: set.version().to_string(),
            });
        }
        if let Ok(sha) = crate::submission::set_sha256(set) {
            let found = get("set.sha256").unwrap_or_default();
            if problems.is_empty() && found != sha {
                problems.push(WorkbookError::WrongHash {
                    cell: at("set.sha256"),
                    found,
                    expected: sha,
                });
            }
        }
        let lang = get("lang")
            .and_then(|l| Lang::from_code(&l))
            .unwrap_or(Lang::Vi);
        let year = get("year").and_then(|text| {
            let year = text
                .parse::<i64>()
                .ok()
                .filter(|y| crate::formats::YEARS.contains(y));
            if year.is_none() {
                problems.push(WorkbookError::BadYear {
                    cell: at("year"),
                    text,
                });
            }
            year.map(|y| y as i32)
        });
        let unit_id = get("unit.id");
        let name = get("unit.name");
        let level = get("unit.level");
        let province = get("unit.province");
        let unit = match unit_id {
            Some(id) => Some(Unit {
                id,
                name,
                level,
                province,
            }),
            None => {
                if name.is_some() || level.is_some() || province.is_some() {
                    problems.push(WorkbookError::UnitWithoutId {
                        cell: at("unit.id"),
                    });
                }
                None
            }
        };
        About {
            lang,
            year,
            period: get("period"),
            unit,
        }
    }
}

/// The answers where a row's field goes (its indicator's, or a part's).
fn target<'v>(values: &'v mut Values, id: &str, parts: &[&str]) -> &'v mut NodeValues {
    let mut nv = values.values.entry(id.to_string()).or_default();
    for p in parts {
        nv = nv.parts.entry((*p).to_string()).or_default();
    }
    nv
}

fn read_row(
    row: &Row<'_>,
    cell: Option<&Data>,
    at: &str,
    lang: Lang,
    values: &mut Values,
    problems: &mut Vec<WorkbookError>,
) {
    let Some(cell) = cell.filter(|c| cell_text(Some(c)).is_some()) else {
        return;
    };
    match &row.slot {
        Slot::Input { id, field } => {
            let text = match field {
                None => text_cell(Some(cell)),
                Some(field) => number(cell, *field, at, lang, problems).map(|d| d.to_string()),
            };
            let Some(text) = text else { return };
            match row.node {
                None => {
                    values.context.insert((*id).to_string(), text);
                }
                Some(node) => {
                    target(values, &node.id, &[])
                        .inputs
                        .insert((*id).to_string(), text);
                }
            }
        }
        Slot::Points | Slot::Attainment => {
            let Some(field) = row.slot.number() else {
                return;
            };
            let Some(d) = number(cell, field, at, lang, problems) else {
                return;
            };
            let Some(node) = row.node else { return };
            let nv = target(values, &node.id, &row.parts);
            if matches!(row.slot, Slot::Points) {
                nv.points = Some(d.to_string());
            } else {
                nv.attainment = Some(d.to_string());
            }
        }
        Slot::YesNo { member } => {
            let Some(b) = yes_no_cell(cell, at, problems) else {
                return;
            };
            let Some(node) = row.node else { return };
            let nv = target(values, &node.id, &row.parts);
            if *member == "gate" {
                nv.gate = Some(b);
            } else {
                nv.done = Some(b);
            }
        }
        Slot::Item { id } => {
            let Some(b) = yes_no_cell(cell, at, problems) else {
                return;
            };
            let Some(node) = row.node else { return };
            target(values, &node.id, &row.parts)
                .items
                .get_or_insert_with(BTreeMap::new)
                .insert((*id).to_string(), b);
        }
        Slot::Choice { options } => {
            let text = cell_text(Some(cell)).unwrap_or_default();
            let found = options.iter().find(|o| {
                o.id == text
                    || [Lang::Vi, Lang::En]
                        .into_iter()
                        .any(|l| o.label.get(l).trim() == text)
            });
            match (found, row.node) {
                (Some(o), Some(node)) => {
                    target(values, &node.id, &row.parts).choice = Some(o.id.clone());
                }
                (Some(_), None) => {}
                (None, _) => problems.push(WorkbookError::UnknownOption {
                    cell: at.to_string(),
                    text,
                    options: options
                        .iter()
                        .map(|o| o.label.get(lang))
                        .collect::<Vec<_>>()
                        .join("; "),
                }),
            }
        }
        Slot::Text { member } => {
            let Some(text) = text_cell(Some(cell)) else {
                return;
            };
            let Some(node) = row.node else { return };
            let nv = target(values, &node.id, &row.parts);
            if *member == "excluded" {
                nv.excluded = Some(text);
            } else {
                nv.justification = Some(text);
            }
        }
    }
}

/// A number cell: text through the keyboard reader, a double by the numeric-cell rule.
fn number(
    cell: &Data,
    field: Field<'_>,
    at: &str,
    lang: Lang,
    problems: &mut Vec<WorkbookError>,
) -> Option<Decimal> {
    let value = match cell {
        Data::String(s) => {
            return read_typed(s, field, lang)
                .map_err(|error| {
                    problems.push(WorkbookError::Typed {
                        cell: at.to_string(),
                        error,
                    })
                })
                .ok()
                .map(|d| d.normalize());
        }
        Data::Int(i) => Decimal::from(*i),
        Data::Float(f) => match decimal_of_double(*f) {
            Some(d) => d,
            None => {
                problems.push(WorkbookError::BadNumber {
                    cell: at.to_string(),
                    value: f.to_string(),
                });
                return None;
            }
        },
        Data::Bool(_) => return wrong(at, "giá trị đúng/sai", "a true/false value", problems),
        Data::DateTime(_) | Data::DateTimeIso(_) | Data::DurationIso(_) => {
            return wrong(at, "ngày giờ", "a date or time", problems)
        }
        Data::Error(_) => return wrong(at, "giá trị lỗi", "an error value", problems),
        Data::Empty => return None,
    };
    if field.kind == FieldKind::Count && !value.fract().is_zero() {
        problems.push(WorkbookError::NotWhole {
            cell: at.to_string(),
            value,
        });
        return None;
    }
    Some(value)
}

fn wrong<T>(
    at: &str,
    vi: &'static str,
    en: &'static str,
    problems: &mut Vec<WorkbookError>,
) -> Option<T> {
    problems.push(WorkbookError::WrongCell {
        cell: at.to_string(),
        vi,
        en,
    });
    None
}

/// Có/Không, Yes/No (any case), or a boolean cell.
fn yes_no_cell(cell: &Data, at: &str, problems: &mut Vec<WorkbookError>) -> Option<bool> {
    if let Data::Bool(b) = cell {
        return Some(*b);
    }
    let text = cell_text(Some(cell)).unwrap_or_default();
    match text.to_lowercase().as_str() {
        "có" | "yes" => Some(true),
        "không" | "no" => Some(false),
        _ => {
            problems.push(WorkbookError::NotYesNo {
                cell: at.to_string(),
                text,
            });
            None
        }
    }
}

/// One reference a line: `document | date | url | sha256 | issuer | title | file name |
/// file sha256 | file size` ([`super::write::evidence_text`]); `\|`, `\\` and `\n` inside a
/// part stand for `|`, `\` and a line break. A file needs its name and SHA-256.
fn parse_evidence(text: &str) -> Vec<Evidence> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let mut parts = split_parts(line).into_iter().map(|p| {
                let p = p.trim().to_string();
                (!p.is_empty()).then_some(p)
            });
            let mut next = || parts.next().flatten();
            let (document, date, url, sha256, issuer, title) =
                (next(), next(), next(), next(), next(), next());
            let (name, file_sha256, size) = (next(), next(), next());
            let file =
                name.zip(file_sha256)
                    .map(|(name, sha256)| EvidenceFile { name, sha256, size });
            Evidence {
                document,
                date,
                issuer,
                title,
                url,
                sha256,
                file,
            }
        })
        .collect()
}

/// A line's parts between unescaped `|`, with `\|`, `\\` and `\n` read back.
fn split_parts(line: &str) -> Vec<String> {
    let mut parts = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        let part = parts.last_mut().expect("never empty");
        match c {
            '\\' => match chars.next() {
                Some('n') => part.push('\n'),
                Some(other) => part.push(other),
                None => part.push('\\'),
            },
            '|' => parts.push(String::new()),
            c => part.push(c),
        }
    }
    parts
}
