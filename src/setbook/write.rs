//! The writer of an indicator-set workbook ([`super::to_xlsx`]): the set's JSON, field by
//! field, into the cells of docs/set-workbook.md. Every value it writes is marked; a value
//! of the set that no cell holds exactly is refused rather than lost.

use std::collections::HashSet;

use rust_decimal::Decimal;
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, Format, Workbook, Worksheet,
};
use serde_json::Value;

use super::layout::{
    choices, context_columns, help_lines, indicator_columns, input_columns, list_columns,
    note_columns, Column, Kind, Sheet, CONTEXT, HELP, INDICATORS, INPUTS, LISTS, NOTES, SET,
    SET_COLUMNS, SET_KEYS,
};
use super::{get, node_key, period_line};
use crate::error::{SetBookError, XlsxError};
use crate::json::pointer::child;
use crate::text::Lang;
use crate::workbook::cell::{decimal_of_double, exact_double};

/// Writes the workbook of a set's JSON (already validated). `Err` lists every value no
/// cell can hold exactly.
pub(super) fn write(set: &Value, lang: Lang) -> Result<Vec<u8>, Vec<SetBookError>> {
    let mut book = Workbook::new();
    let mut w = Writer {
        covered: HashSet::new(),
        formats: Formats::new(),
        lang,
    };
    let writer = |e: XlsxError| {
        vec![SetBookError::Writer {
            message: e.to_string(),
        }]
    };
    w.sheets(&mut book, set).map_err(writer)?;
    let mut uncovered = Vec::new();
    leaves(set, "", &mut uncovered);
    let missing: Vec<SetBookError> = uncovered
        .into_iter()
        .filter(|p| !w.covered.contains(p))
        .map(|pointer| SetBookError::Unrepresentable { pointer })
        .collect();
    if !missing.is_empty() {
        return Err(missing);
    }
    book.save_to_buffer()
        .map_err(|e| writer(XlsxError::from(e)))
}

/// Every scalar of a value, and every empty list or object, by pointer (`null` members
/// are absent to the set's loader and are left out).
fn leaves(v: &Value, ptr: &str, out: &mut Vec<String>) {
    match v {
        Value::Object(map) if !map.is_empty() => {
            for (k, x) in map {
                if !x.is_null() {
                    leaves(x, &child(ptr, k), out);
                }
            }
        }
        Value::Array(items) if !items.is_empty() => {
            for (i, x) in items.iter().enumerate() {
                leaves(x, &format!("{ptr}/{i}"), out);
            }
        }
        _ => out.push(ptr.to_string()),
    }
}

struct Formats {
    header: Format,
    key: Format,
    text: Format,
}

impl Formats {
    fn new() -> Self {
        Formats {
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_background_color(Color::RGB(0xDDEBF7)),
            key: Format::new()
                .set_italic()
                .set_font_color(Color::RGB(0x595959))
                .set_background_color(Color::RGB(0xF2F2F2)),
            text: Format::new().set_text_wrap(),
        }
    }
}

struct Writer {
    /// The pointers of the values written.
    covered: HashSet<String>,
    formats: Formats,
    lang: Lang,
}

/// A sheet's rows: each row's object (with its pointer) and its reference cells.
type Rows<'v> = Vec<((&'v Value, String), Vec<(&'static str, String)>)>;

impl Writer {
    fn sheets(&mut self, book: &mut Workbook, set: &Value) -> Result<(), XlsxError> {
        self.set_sheet(book.add_worksheet(), set)?;

        let mut nodes = Vec::new();
        if let Some(Value::Array(roots)) = set.get("indicators") {
            for (i, n) in roots.iter().enumerate() {
                preorder(n, format!("/indicators/{i}"), 1, &mut nodes);
            }
        }
        let rows: Rows<'_> = nodes
            .iter()
            .map(|(n, ptr, level)| ((*n, ptr.clone()), vec![("level", level.to_string())]))
            .collect();
        self.table(
            book.add_worksheet(),
            INDICATORS,
            &indicator_columns(),
            &rows,
        )?;

        let mut inputs: Rows<'_> = Vec::new();
        let mut lists: Rows<'_> = Vec::new();
        let mut notes: Rows<'_> = Vec::new();
        for_notes(set, "", &[], &mut notes);
        if let Some(Value::Array(context)) = set.get("context") {
            for (i, c) in context.iter().enumerate() {
                let field = get(c, ["id"]).and_then(Value::as_str).unwrap_or_default();
                for_notes(c, &format!("/context/{i}"), &[("field", field)], &mut notes);
            }
        }
        for (n, ptr, _) in &nodes {
            let owner = n.as_object().map(node_key).unwrap_or_default();
            for_notes(n, ptr, &[("indicator", &owner)], &mut notes);
            if let Some(Value::Array(list)) = n.get("inputs") {
                for (i, input) in list.iter().enumerate() {
                    let p = format!("{ptr}/inputs/{i}");
                    inputs.push(((input, p.clone()), vec![("indicator", owner.clone())]));
                    let id = get(input, ["id"])
                        .and_then(Value::as_str)
                        .unwrap_or_default();
                    for_notes(
                        input,
                        &p,
                        &[("indicator", &owner), ("field", id)],
                        &mut notes,
                    );
                }
            }
            if let Some(rule) = n.get("rule") {
                let rule_ptr = format!("{ptr}/rule");
                list_rows(rule, &rule_ptr, &owner, None, &mut lists);
                if let Some(Value::Array(parts)) = rule.get("parts") {
                    for (k, part) in parts.iter().enumerate() {
                        let part_id = get(part, ["id"])
                            .and_then(Value::as_str)
                            .unwrap_or_default();
                        if let Some(part_rule) = part.get("rule") {
                            let p = format!("{rule_ptr}/parts/{k}/rule");
                            list_rows(part_rule, &p, &owner, Some(part_id), &mut lists);
                        }
                    }
                }
            }
        }
        self.table(book.add_worksheet(), INPUTS, &input_columns(), &inputs)?;
        self.table(book.add_worksheet(), LISTS, &list_columns(), &lists)?;
        let context: Rows<'_> = match set.get("context") {
            Some(Value::Array(list)) => list
                .iter()
                .enumerate()
                .map(|(i, c)| ((c, format!("/context/{i}")), Vec::new()))
                .collect(),
            _ => Vec::new(),
        };
        self.table(book.add_worksheet(), CONTEXT, &context_columns(), &context)?;
        self.table(book.add_worksheet(), NOTES, &note_columns(), &notes)?;
        self.help(book.add_worksheet())?;
        Ok(())
    }

    /// How to fill the workbook, and the eleven rule kinds (not read back).
    fn help(&mut self, ws: &mut Worksheet) -> Result<(), XlsxError> {
        ws.set_name(HELP.name(self.lang))?;
        ws.set_column_width(0, 60)?;
        ws.set_column_width(1, 50)?;
        ws.set_column_width(2, 60)?;
        for (r, line) in help_lines(self.lang).iter().enumerate() {
            for (c, text) in line.iter().enumerate() {
                if !text.is_empty() {
                    ws.write_string_with_format(r as u32, c as u16, *text, &self.formats.text)?;
                }
            }
        }
        Ok(())
    }

    fn set_sheet(&mut self, ws: &mut Worksheet, set: &Value) -> Result<(), XlsxError> {
        let lang = self.lang;
        ws.set_name(SET.name(lang))?;
        for (c, column) in SET_COLUMNS.iter().enumerate() {
            let c = c as u16;
            ws.write_string_with_format(0, c, column.header(lang), &self.formats.header)?;
            ws.write_string_with_format(1, c, column.key, &self.formats.key)?;
        }
        ws.set_column_width(0, 48)?;
        ws.set_column_width(1, 22)?;
        ws.set_column_width(2, 70)?;
        ws.set_freeze_panes(2, 0)?;
        for (i, key) in SET_KEYS.iter().enumerate() {
            let r = i as u32 + 2;
            ws.write_string_with_format(r, 0, key.header(lang), &self.formats.text)?;
            ws.write_string(r, 1, key.key)?;
            self.cell(ws, r, 2, key, set, "")?;
            if let Some(list) = choices(SET, key.key) {
                ws.add_data_validation(r, 2, r, 2, &drop_down(list, lang)?)?;
            }
        }
        Ok(())
    }

    fn table(
        &mut self,
        ws: &mut Worksheet,
        sheet: Sheet,
        columns: &[Column],
        rows: &Rows<'_>,
    ) -> Result<(), XlsxError> {
        let lang = self.lang;
        ws.set_name(sheet.name(lang))?;
        for (c, column) in columns.iter().enumerate() {
            let c = u16::try_from(c).map_err(|_| too_large("columns"))?;
            ws.write_string_with_format(0, c, column.header(lang), &self.formats.header)?;
            ws.write_string_with_format(1, c, column.key, &self.formats.key)?;
            ws.set_column_width(c, width(column))?;
        }
        ws.set_row_height(0, 45)?;
        ws.set_freeze_panes(2, 0)?;
        let last = u32::try_from(rows.len() + 500).map_err(|_| too_large("rows"))?;
        for (c, column) in columns.iter().enumerate() {
            if let Some(list) = choices(sheet, column.key) {
                ws.add_data_validation(2, c as u16, last, c as u16, &drop_down(list, lang)?)?;
            }
        }
        for (i, ((obj, ptr), refs)) in rows.iter().enumerate() {
            let r = u32::try_from(i + 2).map_err(|_| too_large("rows"))?;
            for (c, column) in columns.iter().enumerate() {
                let c = c as u16;
                if column.kind == Kind::Ref {
                    if let Some((_, text)) = refs.iter().find(|(k, _)| *k == column.key) {
                        write_text(ws, r, c, text, &self.formats.text)?;
                    }
                } else {
                    self.cell(ws, r, c, column, obj, ptr)?;
                }
            }
        }
        Ok(())
    }

    /// The cell of one column of a row's object, if the object has the field and a cell
    /// can hold it exactly.
    fn cell(
        &mut self,
        ws: &mut Worksheet,
        r: u32,
        c: u16,
        column: &Column,
        obj: &Value,
        base: &str,
    ) -> Result<(), XlsxError> {
        let Some(v) = get(obj, column.path()) else {
            return Ok(());
        };
        let ptr = column.path().fold(base.to_string(), |p, k| child(&p, k));
        let fmt = &self.formats.text;
        match (column.kind, v) {
            (Kind::Text, Value::String(s)) if !s.is_empty() => {
                write_text(ws, r, c, s, fmt)?;
                self.covered.insert(ptr);
            }
            (Kind::Decimal, Value::String(s)) if !s.trim().is_empty() && s.trim() == s => {
                match number_of(s) {
                    Some(f) => {
                        ws.write_number(r, c, f)?;
                    }
                    None => write_text(ws, r, c, s, fmt)?,
                }
                self.covered.insert(ptr);
            }
            (Kind::Bool, Value::Bool(b)) => {
                ws.write_string(r, c, if *b { "true" } else { "false" })?;
                self.covered.insert(ptr);
            }
            (Kind::Int, Value::Number(n)) => {
                if let Some(i) = n.as_i64().filter(|i| i.unsigned_abs() < (1 << 53)) {
                    ws.write_number(r, c, i as f64)?;
                    self.covered.insert(ptr);
                }
            }
            (Kind::Lines, Value::Array(items)) => {
                let lines: Option<Vec<&str>> = items
                    .iter()
                    .map(|x| x.as_str().filter(|s| one_line(s)))
                    .collect();
                if let Some(lines) = lines.filter(|l| !l.is_empty()) {
                    write_text(ws, r, c, &lines.join("\n"), fmt)?;
                    self.covered
                        .extend((0..lines.len()).map(|i| format!("{ptr}/{i}")));
                }
            }
            (Kind::Periods, Value::Array(periods)) => {
                let lines: Option<Vec<String>> = periods.iter().map(period_line).collect();
                if let Some(lines) = lines.filter(|l| !l.is_empty()) {
                    write_text(ws, r, c, &lines.join("\n"), fmt)?;
                    for i in 0..lines.len() {
                        for k in ["from", "to", "value"] {
                            self.covered.insert(format!("{ptr}/{i}/{k}"));
                        }
                    }
                }
            }
            _ => {}
        }
        Ok(())
    }
}

/// A text cell; `rust_xlsxwriter` refuses text longer than a cell holds (32,767
/// characters), which the writer reports.
fn write_text(
    ws: &mut Worksheet,
    r: u32,
    c: u16,
    text: &str,
    fmt: &Format,
) -> Result<(), XlsxError> {
    ws.write_string_with_format(r, c, text, fmt)?;
    Ok(())
}

/// A drop-down list of the names a column takes; another name is a warning (the set's
/// validation reports it), not a refusal.
fn drop_down(list: &[&str], lang: Lang) -> Result<DataValidation, XlsxError> {
    Ok(DataValidation::new()
        .allow_list_strings(list)?
        .set_error_style(DataValidationErrorStyle::Warning)
        .set_error_message(match lang {
            Lang::Vi => "Giá trị này không có trong danh sách",
            Lang::En => "This value is not in the list",
        })?)
}

fn too_large(what: &str) -> XlsxError {
    XlsxError::TooLarge { what: what.into() }
}

/// A list element a line can hold: not empty, no line break, no surrounding space.
fn one_line(s: &str) -> bool {
    !s.is_empty() && !s.contains(['\n', '\r']) && s.trim() == s
}

/// The number cell of a decimal string that reads back as the same text (`20`, `0.5`);
/// `None` for any other (`1/2`, `80%`, `0.50`), written as text.
fn number_of(s: &str) -> Option<f64> {
    let d = Decimal::from_str_exact(s).ok()?;
    if d.to_string() != s {
        return None;
    }
    let f = exact_double(&d)?;
    (decimal_of_double(f)?.to_string() == s).then_some(f)
}

fn width(column: &Column) -> f64 {
    match column.key {
        "title.vi" | "title.en" | "label.vi" | "label.en" | "text.vi" | "text.en" => 40.0,
        "source_text" | "quote" => 60.0,
        k if k.starts_with("source") => 30.0,
        _ => match column.kind {
            Kind::Lines | Kind::Periods => 30.0,
            _ => 14.0,
        },
    }
}

/// Every node, parents before children, with its pointer and level (1 for a main
/// indicator).
fn preorder<'v>(
    n: &'v Value,
    ptr: String,
    level: usize,
    out: &mut Vec<(&'v Value, String, usize)>,
) {
    let children = match n.get("children") {
        Some(Value::Array(c)) => c.as_slice(),
        _ => &[],
    };
    out.push((n, ptr.clone(), level));
    for (i, c) in children.iter().enumerate() {
        preorder(c, format!("{ptr}/children/{i}"), level + 1, out);
    }
}

/// The notes of an object (the set, a context field, an indicator, an input), one row
/// each with the references of their owner.
fn for_notes<'v>(owner: &'v Value, ptr: &str, refs: &[(&'static str, &str)], out: &mut Rows<'v>) {
    if let Some(Value::Array(notes)) = owner.get("notes") {
        for (i, note) in notes.iter().enumerate() {
            let refs = refs.iter().map(|(k, v)| (*k, (*v).to_string())).collect();
            out.push(((note, format!("{ptr}/notes/{i}")), refs));
        }
    }
}

/// A rule's items, options, tiers and parts (not a part's own lists: the caller adds them
/// after every part).
fn list_rows<'v>(rule: &'v Value, ptr: &str, owner: &str, part: Option<&str>, out: &mut Rows<'v>) {
    for list in super::layout::LIST_NAMES {
        if let Some(Value::Array(entries)) = rule.get(list) {
            for (i, e) in entries.iter().enumerate() {
                let mut refs = vec![("indicator", owner.to_string()), ("list", list.to_string())];
                if let Some(p) = part {
                    refs.push(("part", p.to_string()));
                }
                out.push(((e, format!("{ptr}/{list}/{i}")), refs));
            }
        }
    }
}
