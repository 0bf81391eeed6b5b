//! The reader of an indicator-set workbook ([`super::from_xlsx`]): the sheets into the
//! set's JSON, with the cell of every JSON Pointer, then the set's own validation with
//! each finding put back at its cell.

use std::collections::HashMap;
use std::io::Cursor;

use calamine::{open_workbook_from_rs, Data, Range, Reader, Xlsx};
use serde_json::{Map, Value};

use super::layout::{
    context_columns, indicator_columns, input_columns, list_columns, note_columns, Column, Kind,
    Sheet, CONTEXT, INDICATORS, INPUTS, LISTS, LIST_NAMES, NOTES, SET, SET_COLUMNS, SET_KEYS,
};
use super::locate::located;
use super::{parse_period, FromXlsx};
use crate::error::{CellExpected, SetBookError, Severity};
use crate::json::pointer::child;
use crate::text::Lang;
use crate::workbook::cell::{cell_name, decimal_of_double};

pub(super) fn read(bytes: &[u8]) -> Result<FromXlsx, Vec<SetBookError>> {
    let mut book: Xlsx<_> =
        open_workbook_from_rs(Cursor::new(bytes)).map_err(|e: calamine::XlsxError| {
            vec![SetBookError::Unreadable {
                message: e.to_string(),
            }]
        })?;
    let names = book.sheet_names();
    let mut r = Book::default();
    let mut range = |sheet: Sheet, required: bool, r: &mut Book| -> Option<(String, Range<Data>)> {
        let name = [Lang::Vi, Lang::En]
            .into_iter()
            .map(|l| sheet.name(l))
            .find(|n| names.iter().any(|x| x == n));
        let Some(name) = name else {
            if required {
                r.problems.push(SetBookError::MissingSheet {
                    vi: sheet.vi,
                    en: sheet.en,
                });
            }
            return None;
        };
        match book.worksheet_range(name) {
            Ok(range) => Some((name.to_string(), range)),
            Err(e) => {
                r.problems.push(SetBookError::Unreadable {
                    message: e.to_string(),
                });
                None
            }
        }
    };
    let set_sheet = range(SET, true, &mut r);
    let indicators = range(INDICATORS, true, &mut r);
    let inputs = range(INPUTS, false, &mut r);
    let lists = range(LISTS, false, &mut r);
    let context = range(CONTEXT, false, &mut r);
    let notes = range(NOTES, false, &mut r);
    let (Some(set_sheet), Some(indicators)) = (set_sheet, indicators) else {
        return Err(r.problems);
    };

    let mut root = r.set_sheet(&set_sheet);
    r.cells
        .entry(String::new())
        .or_insert_with(|| format!("{}!A1", set_sheet.0));
    r.indicators(&indicators);
    if let Some(sheet) = &inputs {
        r.inputs(sheet);
    }
    if let Some(sheet) = &lists {
        r.lists(sheet);
    }
    if let Some(sheet) = &context {
        r.context(sheet);
    }
    if let Some(sheet) = &notes {
        r.notes(sheet);
    }
    r.cells
        .entry("/indicators".into())
        .or_insert_with(|| format!("{}!A3", indicators.0));
    if !r.context.is_empty() {
        root.insert(
            "context".into(),
            Value::Array(std::mem::take(&mut r.context)),
        );
    }
    if !r.set_notes.is_empty() {
        root.insert(
            "notes".into(),
            Value::Array(std::mem::take(&mut r.set_notes)),
        );
    }
    let roots: Vec<Value> = r.roots.clone().into_iter().map(|i| r.assemble(i)).collect();
    root.insert("indicators".into(), Value::Array(roots));
    let set = Value::Object(root);

    // The set's own validation, each finding at its cell.
    let text = serde_json::to_string(&set).unwrap_or_default();
    let findings = match crate::IndicatorSet::from_json(&text) {
        Ok(loaded) => loaded.warnings().to_vec(),
        Err(e) => e.0,
    };
    let mut problems = r.problems;
    for finding in findings {
        problems.push(located(&r.cells, &set, finding));
    }
    if problems.iter().any(|p| p.severity() == Severity::Error) {
        Err(problems)
    } else {
        Ok(FromXlsx {
            set,
            warnings: problems,
        })
    }
}

/// An indicator being read: its fields, where it is, its children.
struct Draft {
    obj: Map<String, Value>,
    ptr: String,
    children: Vec<usize>,
}

#[derive(Default)]
struct Book {
    problems: Vec<SetBookError>,
    /// The cell of every JSON Pointer the workbook filled or could have filled.
    cells: HashMap<String, String>,
    nodes: Vec<Draft>,
    roots: Vec<usize>,
    /// An indicator by the key other sheets name it by (its id, else its code).
    by_key: HashMap<String, usize>,
    context: Vec<Value>,
    set_notes: Vec<Value>,
}

/// A sheet's columns found by their keys in row 2: the layout's column and its index.
type Found<'c> = Vec<(&'c Column, u32)>;

impl Book {
    fn note_cell(&mut self, ptr: String, cell: String) {
        self.cells.entry(ptr).or_insert(cell);
    }

    /// Row 2's keys: each a column of the layout (others are reported); `None` when one of
    /// `required` is not there (the sheet's rows cannot be placed, and are not read).
    fn columns<'c>(
        &mut self,
        (name, range): &(String, Range<Data>),
        layout: &'c [Column],
        required: &[&'static str],
    ) -> Option<Found<'c>> {
        let mut found: Found<'c> = Vec::new();
        let width = range.end().map_or(0, |(_, c)| c + 1);
        for c in 0..width {
            let Some(key) = plain(range.get_value((1, c))) else {
                continue;
            };
            let cell = cell_name(name, 1, c as u16);
            match layout.iter().find(|col| col.key == key) {
                None => self
                    .problems
                    .push(SetBookError::UnknownColumn { cell, key }),
                Some(col) if found.iter().any(|(f, _)| f.key == col.key) => {
                    self.problems.push(SetBookError::Duplicate { cell, key })
                }
                Some(col) => found.push((col, c)),
            }
        }
        let mut complete = true;
        for key in required {
            if !found.iter().any(|(c, _)| c.key == *key) {
                self.problems.push(SetBookError::MissingColumn {
                    cell: format!("{name}!2:2"),
                    key,
                });
                complete = false;
            }
        }
        // The layout's order, whatever the sheet's: the JSON comes out the same.
        found.sort_by_key(|(col, _)| layout.iter().position(|c| c.key == col.key));
        complete.then_some(found)
    }

    /// The data rows of a sheet (from row 3) that are not empty.
    fn rows(range: &Range<Data>) -> impl Iterator<Item = u32> + '_ {
        let (end_r, end_c) = range.end().unwrap_or((0, 0));
        (2..=end_r).filter(move |&r| (0..=end_c).any(|c| plain(range.get_value((r, c))).is_some()))
    }

    /// One row's fields into an object at `ptr`: every column's cell noted for its
    /// pointer (filled or not), the row's first cell for the object itself.
    fn object(
        &mut self,
        sheet: &str,
        range: &Range<Data>,
        r: u32,
        cols: &Found<'_>,
        ptr: &str,
        anchor: &str,
    ) -> Map<String, Value> {
        let mut obj = Map::new();
        let anchor_col = cols
            .iter()
            .find(|(c, _)| c.key == anchor)
            .or(cols.first())
            .map_or(0, |(_, i)| *i);
        self.note_cell(ptr.to_string(), cell_name(sheet, r, anchor_col as u16));
        for (col, c) in cols {
            if col.kind == Kind::Ref {
                continue;
            }
            let cell = cell_name(sheet, r, *c as u16);
            let mut p = ptr.to_string();
            for k in col.path() {
                p = child(&p, k);
                self.note_cell(p.clone(), cell.clone());
            }
            let Some(value) = self.value(range.get_value((r, *c)), col.kind, &cell) else {
                continue;
            };
            // Each line of a list or a periods cell is at the cell.
            let lines = value.as_array().map_or(0, Vec::len);
            if set_path(&mut obj, col.path(), value) {
                for i in 0..lines {
                    self.note_cell(format!("{p}/{i}"), cell.clone());
                }
            } else {
                self.problems.push(SetBookError::Conflict {
                    cell,
                    key: col.key.to_string(),
                });
            }
        }
        obj
    }

    /// A reference cell's text (`None` when empty).
    fn reference(range: &Range<Data>, r: u32, cols: &Found<'_>, key: &str) -> Option<String> {
        let (_, c) = cols.iter().find(|(col, _)| col.key == key)?;
        plain(range.get_value((r, *c)))
    }

    fn ref_cell(sheet: &str, r: u32, cols: &Found<'_>, key: &str) -> String {
        let c = cols
            .iter()
            .find(|(col, _)| col.key == key)
            .map_or(0, |(_, c)| *c);
        cell_name(sheet, r, c as u16)
    }

    /// One cell's JSON value by its column's kind; `None` when empty or refused.
    fn value(&mut self, data: Option<&Data>, kind: Kind, cell: &str) -> Option<Value> {
        let data = data?;
        let wrong = |expected: CellExpected, problems: &mut Vec<SetBookError>| {
            let (vi, en) = describe(data);
            problems.push(SetBookError::WrongCell {
                cell: cell.to_string(),
                expected,
                vi,
                en,
            });
            None
        };
        if matches!(data, Data::Empty) {
            return None;
        }
        if let Data::String(s) = data {
            if s.trim().is_empty() {
                return None;
            }
        }
        match kind {
            Kind::Ref => None,
            Kind::Text => match data {
                Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => {
                    Some(Value::String(s.clone()))
                }
                Data::Float(_) | Data::Int(_) => number_text(data).map(Value::String),
                _ => wrong(CellExpected::Text, &mut self.problems),
            },
            Kind::Decimal => match data {
                Data::String(s) => Some(Value::String(s.trim().to_string())),
                Data::Float(_) | Data::Int(_) => match number_text(data) {
                    Some(t) => Some(Value::String(t)),
                    None => wrong(CellExpected::Decimal, &mut self.problems),
                },
                _ => wrong(CellExpected::Decimal, &mut self.problems),
            },
            Kind::Bool => {
                let b = match data {
                    Data::Bool(b) => Some(*b),
                    Data::String(s) => match s.trim().to_lowercase().as_str() {
                        "true" | "có" | "yes" => Some(true),
                        "false" | "không" | "no" => Some(false),
                        _ => None,
                    },
                    _ => None,
                };
                match b {
                    Some(b) => Some(Value::Bool(b)),
                    None => wrong(CellExpected::Bool, &mut self.problems),
                }
            }
            Kind::Int => {
                let i = match data {
                    Data::Int(i) => Some(*i),
                    Data::Float(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => Some(*f as i64),
                    Data::String(s) => s.trim().parse::<i64>().ok(),
                    _ => None,
                };
                match i {
                    Some(i) => Some(Value::from(i)),
                    None => wrong(CellExpected::WholeNumber, &mut self.problems),
                }
            }
            Kind::Lines => {
                let text = match data {
                    Data::String(s) => s.clone(),
                    Data::Float(_) | Data::Int(_) => number_text(data)?,
                    _ => return wrong(CellExpected::Text, &mut self.problems),
                };
                let lines: Vec<Value> = text
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(|l| Value::String(l.to_string()))
                    .collect();
                (!lines.is_empty()).then_some(Value::Array(lines))
            }
            Kind::Periods => {
                let Data::String(text) = data else {
                    return wrong(CellExpected::Text, &mut self.problems);
                };
                let mut periods = Vec::new();
                for line in text
                    .split(['\n', ';'])
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                {
                    match parse_period(line) {
                        Some(p) => periods.push(p),
                        None => {
                            self.problems.push(SetBookError::BadPeriods {
                                cell: cell.to_string(),
                                text: line.to_string(),
                            });
                            return None;
                        }
                    }
                }
                Some(Value::Array(periods))
            }
        }
    }

    /// The set sheet: one field a row, by its key (column `key`) and value (`value`).
    fn set_sheet(&mut self, sheet: &(String, Range<Data>)) -> Map<String, Value> {
        let Some(cols) = self.columns(sheet, &SET_COLUMNS, &["key", "value"]) else {
            return Map::new();
        };
        let (name, range) = sheet;
        let (Some(key_c), Some(value_c)) = (
            cols.iter().find(|(c, _)| c.key == "key").map(|x| x.1),
            cols.iter().find(|(c, _)| c.key == "value").map(|x| x.1),
        ) else {
            return Map::new();
        };
        let mut found: Vec<(usize, Value, String)> = Vec::new();
        let mut seen: Vec<&str> = Vec::new();
        for r in Self::rows(range) {
            let key_cell = cell_name(name, r, key_c as u16);
            let Some(key) = plain(range.get_value((r, key_c))) else {
                if plain(range.get_value((r, value_c))).is_some() {
                    self.problems.push(SetBookError::UnknownKey {
                        cell: key_cell,
                        key: String::new(),
                    });
                }
                continue;
            };
            let Some(i) = SET_KEYS.iter().position(|k| k.key == key) else {
                self.problems.push(SetBookError::UnknownKey {
                    cell: key_cell,
                    key,
                });
                continue;
            };
            let column = &SET_KEYS[i];
            if seen.contains(&column.key) {
                self.problems.push(SetBookError::Duplicate {
                    cell: key_cell,
                    key,
                });
                continue;
            }
            seen.push(column.key);
            let cell = cell_name(name, r, value_c as u16);
            let mut p = String::new();
            for k in column.path() {
                p = child(&p, k);
                self.note_cell(p.clone(), cell.clone());
            }
            if let Some(v) = self.value(range.get_value((r, value_c)), column.kind, &cell) {
                found.push((i, v, cell));
            }
        }
        found.sort_by_key(|(i, _, _)| *i);
        let mut root = Map::new();
        for (i, v, _) in found {
            // Keys are unique and paths of different keys never overlap.
            set_path(&mut root, SET_KEYS[i].path(), v);
        }
        root
    }

    fn indicators(&mut self, sheet: &(String, Range<Data>)) {
        let layout = indicator_columns();
        let Some(cols) = self.columns(sheet, &layout, &["level", "code"]) else {
            return;
        };
        let (name, range) = sheet;
        let mut stack: Vec<usize> = Vec::new();
        for r in Self::rows(range) {
            let level_cell = Self::ref_cell(name, r, &cols, "level");
            let text = Self::reference(range, r, &cols, "level").unwrap_or_default();
            let level = text
                .parse::<usize>()
                .ok()
                .filter(|l| (1..=stack.len() + 1).contains(l));
            let Some(level) = level else {
                self.problems.push(SetBookError::BadLevel {
                    cell: level_cell,
                    text,
                    max: stack.len() + 1,
                });
                continue;
            };
            stack.truncate(level - 1);
            let ptr = match stack.last() {
                Some(&p) => format!(
                    "{}/children/{}",
                    self.nodes[p].ptr,
                    self.nodes[p].children.len()
                ),
                None => format!("/indicators/{}", self.roots.len()),
            };
            let obj = self.object(name, range, r, &cols, &ptr, "code");
            let idx = self.nodes.len();
            let key = super::node_key(&obj);
            self.by_key.entry(key).or_insert(idx);
            self.nodes.push(Draft {
                obj,
                ptr,
                children: Vec::new(),
            });
            match stack.last() {
                Some(&p) => self.nodes[p].children.push(idx),
                None => self.roots.push(idx),
            }
            stack.push(idx);
        }
    }

    /// The indicator a row names in its `indicator` column.
    fn owner(
        &mut self,
        sheet: &str,
        range: &Range<Data>,
        r: u32,
        cols: &Found<'_>,
    ) -> Option<usize> {
        let id = Self::reference(range, r, cols, "indicator").unwrap_or_default();
        let found = self.by_key.get(&id).copied();
        if found.is_none() {
            self.problems.push(SetBookError::UnknownIndicator {
                cell: Self::ref_cell(sheet, r, cols, "indicator"),
                id,
            });
        }
        found
    }

    fn inputs(&mut self, sheet: &(String, Range<Data>)) {
        let layout = input_columns();
        let Some(cols) = self.columns(sheet, &layout, &["indicator"]) else {
            return;
        };
        let (name, range) = sheet;
        for r in Self::rows(range) {
            let Some(owner) = self.owner(name, range, r, &cols) else {
                continue;
            };
            let n = array_len(&self.nodes[owner].obj, "inputs");
            let ptr = format!("{}/inputs/{n}", self.nodes[owner].ptr);
            let obj = self.object(name, range, r, &cols, &ptr, "id");
            push_to(&mut self.nodes[owner].obj, "inputs", Value::Object(obj));
        }
    }

    fn context(&mut self, sheet: &(String, Range<Data>)) {
        let layout = context_columns();
        let Some(cols) = self.columns(sheet, &layout, &[]) else {
            return;
        };
        let (name, range) = sheet;
        for r in Self::rows(range) {
            let ptr = format!("/context/{}", self.context.len());
            let obj = self.object(name, range, r, &cols, &ptr, "id");
            self.context.push(Value::Object(obj));
        }
    }

    /// Items, options, tiers and parts: parts first (a part's own list names it).
    fn lists(&mut self, sheet: &(String, Range<Data>)) {
        let layout = list_columns();
        let Some(cols) = self.columns(sheet, &layout, &["indicator", "list"]) else {
            return;
        };
        let (name, range) = sheet;
        let rows: Vec<u32> = Self::rows(range).collect();
        let is_part = |r: u32| {
            Self::reference(range, r, &cols, "list").as_deref() == Some("parts")
                && Self::reference(range, r, &cols, "part").is_none()
        };
        let order: Vec<u32> = rows
            .iter()
            .copied()
            .filter(|&r| is_part(r))
            .chain(rows.iter().copied().filter(|&r| !is_part(r)))
            .collect();
        for r in order {
            let list_text = Self::reference(range, r, &cols, "list").unwrap_or_default();
            let Some(list) = LIST_NAMES.iter().find(|l| **l == list_text) else {
                self.problems.push(SetBookError::UnknownList {
                    cell: Self::ref_cell(name, r, &cols, "list"),
                    text: list_text,
                });
                continue;
            };
            let Some(owner) = self.owner(name, range, r, &cols) else {
                continue;
            };
            let node_ptr = self.nodes[owner].ptr.clone();
            let part = Self::reference(range, r, &cols, "part");
            let (rule_ptr, part_index) = match &part {
                None => (format!("{node_ptr}/rule"), None),
                Some(part_id) => {
                    let found = self.nodes[owner]
                        .obj
                        .get("rule")
                        .and_then(|r| r.get("parts"))
                        .and_then(Value::as_array)
                        .and_then(|parts| {
                            parts
                                .iter()
                                .position(|p| p.get("id").and_then(Value::as_str) == Some(part_id))
                        });
                    let Some(k) = found else {
                        self.problems.push(SetBookError::UnknownOwner {
                            cell: Self::ref_cell(name, r, &cols, "part"),
                            name: part_id.clone(),
                        });
                        continue;
                    };
                    (format!("{node_ptr}/rule/parts/{k}/rule"), Some(k))
                }
            };
            let rule = rule_of(&mut self.nodes[owner].obj, part_index);
            let n = array_len(rule, list);
            let ptr = format!("{rule_ptr}/{list}/{n}");
            let obj = self.object(name, range, r, &cols, &ptr, "id");
            let rule = rule_of(&mut self.nodes[owner].obj, part_index);
            push_to(rule, list, Value::Object(obj));
        }
    }

    /// Notes, on the set, a context field, an indicator or an indicator's input.
    fn notes(&mut self, sheet: &(String, Range<Data>)) {
        let layout = note_columns();
        let Some(cols) = self.columns(sheet, &layout, &[]) else {
            return;
        };
        let (name, range) = sheet;
        for r in Self::rows(range) {
            let indicator = Self::reference(range, r, &cols, "indicator");
            let field = Self::reference(range, r, &cols, "field");
            let unknown_field = |f: &String| SetBookError::UnknownOwner {
                cell: Self::ref_cell(name, r, &cols, "field"),
                name: f.clone(),
            };
            match (indicator, field) {
                (None, None) => {
                    let ptr = format!("/notes/{}", self.set_notes.len());
                    let obj = self.object(name, range, r, &cols, &ptr, "kind");
                    self.set_notes.push(Value::Object(obj));
                }
                (None, Some(f)) => {
                    let Some(i) = self
                        .context
                        .iter()
                        .position(|c| c.get("id").and_then(Value::as_str) == Some(&f))
                    else {
                        self.problems.push(unknown_field(&f));
                        continue;
                    };
                    let Some(target) = self.context[i].as_object() else {
                        continue;
                    };
                    let ptr = format!("/context/{i}/notes/{}", array_len(target, "notes"));
                    let obj = self.object(name, range, r, &cols, &ptr, "kind");
                    if let Some(target) = self.context[i].as_object_mut() {
                        push_to(target, "notes", Value::Object(obj));
                    }
                }
                (Some(_), field) => {
                    let Some(owner) = self.owner(name, range, r, &cols) else {
                        continue;
                    };
                    let node_ptr = self.nodes[owner].ptr.clone();
                    let input = match &field {
                        None => None,
                        Some(f) => {
                            let inputs = self.nodes[owner]
                                .obj
                                .get("inputs")
                                .and_then(Value::as_array)
                                .map(|a| {
                                    a.iter().position(|x| {
                                        x.get("id").and_then(Value::as_str) == Some(f)
                                    })
                                })
                                .unwrap_or(None);
                            match inputs {
                                Some(i) => Some(i),
                                None => {
                                    self.problems.push(unknown_field(f));
                                    continue;
                                }
                            }
                        }
                    };
                    let node = &mut self.nodes[owner].obj;
                    let (base, target) = match input {
                        None => (node_ptr, Some(&*node)),
                        Some(i) => (
                            format!("{node_ptr}/inputs/{i}"),
                            node.get("inputs")
                                .and_then(|a| a.get(i))
                                .and_then(Value::as_object),
                        ),
                    };
                    let n = target.map_or(0, |t| array_len(t, "notes"));
                    let ptr = format!("{base}/notes/{n}");
                    let obj = self.object(name, range, r, &cols, &ptr, "kind");
                    let node = &mut self.nodes[owner].obj;
                    let target = match input {
                        None => Some(node),
                        Some(i) => node
                            .get_mut("inputs")
                            .and_then(|a| a.get_mut(i))
                            .and_then(Value::as_object_mut),
                    };
                    if let Some(target) = target {
                        push_to(target, "notes", Value::Object(obj));
                    }
                }
            }
        }
    }

    /// An indicator with its children, as JSON.
    fn assemble(&mut self, i: usize) -> Value {
        let children: Vec<usize> = self.nodes[i].children.clone();
        let mut obj = inputs_before_rule(std::mem::take(&mut self.nodes[i].obj));
        if !children.is_empty() {
            let list = children.into_iter().map(|c| self.assemble(c)).collect();
            obj.insert("children".into(), Value::Array(list));
        }
        Value::Object(obj)
    }
}

/// An indicator's members with its inputs (read from their own sheet, so added last) before
/// its rule, where a person writing the JSON puts them.
fn inputs_before_rule(mut obj: Map<String, Value>) -> Map<String, Value> {
    let Some(inputs) = obj.remove("inputs") else {
        return obj;
    };
    let mut out = Map::new();
    let mut inputs = Some(inputs);
    for (k, v) in obj {
        if k == "rule" {
            if let Some(inputs) = inputs.take() {
                out.insert("inputs".into(), inputs);
            }
        }
        out.insert(k, v);
    }
    if let Some(inputs) = inputs {
        out.insert("inputs".into(), inputs);
    }
    out
}

/// A node's rule object (created when the node has none), or a part's rule.
fn rule_of(node: &mut Map<String, Value>, part: Option<usize>) -> &mut Map<String, Value> {
    let rule = node
        .entry("rule")
        .or_insert_with(|| Value::Object(Map::new()));
    if !rule.is_object() {
        *rule = Value::Object(Map::new());
    }
    let rule = rule.as_object_mut().expect("an object");
    let Some(k) = part else {
        return rule;
    };
    let part = rule
        .get_mut("parts")
        .and_then(|p| p.get_mut(k))
        .and_then(Value::as_object_mut)
        .expect("the part was found by the caller");
    let inner = part
        .entry("rule")
        .or_insert_with(|| Value::Object(Map::new()));
    if !inner.is_object() {
        *inner = Value::Object(Map::new());
    }
    inner.as_object_mut().expect("an object")
}

fn array_len(obj: &Map<String, Value>, key: &str) -> usize {
    obj.get(key).and_then(Value::as_array).map_or(0, Vec::len)
}

fn push_to(obj: &mut Map<String, Value>, key: &str, v: Value) {
    match obj.get_mut(key) {
        Some(Value::Array(a)) => a.push(v),
        _ => {
            obj.insert(key.to_string(), Value::Array(vec![v]));
        }
    }
}

/// Sets a value at a path, making the objects on the way; `false` when the path is taken
/// (a value there already, or a value where an object is needed).
fn set_path<'k>(
    obj: &mut Map<String, Value>,
    path: impl Iterator<Item = &'k str>,
    v: Value,
) -> bool {
    let keys: Vec<&str> = path.collect();
    let Some((last, init)) = keys.split_last() else {
        return false;
    };
    let mut cur = obj;
    for k in init {
        let next = cur
            .entry((*k).to_string())
            .or_insert_with(|| Value::Object(Map::new()));
        match next {
            Value::Object(m) => cur = m,
            _ => return false,
        }
    }
    if cur.contains_key(*last) {
        return false;
    }
    cur.insert((*last).to_string(), v);
    true
}

/// A cell's text for keys and references: trimmed, numbers as their shortest decimal.
fn plain(data: Option<&Data>) -> Option<String> {
    crate::workbook::cell::cell_text(data)
}

/// A number cell's shortest round-trip decimal, as text.
fn number_text(data: &Data) -> Option<String> {
    match data {
        Data::Int(i) => Some(i.to_string()),
        Data::Float(f) => decimal_of_double(*f).map(|d| d.to_string()),
        _ => None,
    }
}

/// What a refused cell holds, in both languages.
fn describe(data: &Data) -> (String, String) {
    match data {
        Data::Bool(b) => (
            format!("giá trị đúng/sai {b}"),
            format!("the true/false value {b}"),
        ),
        Data::DateTime(_) => (
            "một ngày giờ (hãy gõ dưới dạng chữ)".into(),
            "a date or time (type it as text)".into(),
        ),
        Data::Error(e) => (format!("giá trị lỗi {e}"), format!("the error value {e}")),
        Data::Float(_) | Data::Int(_) => {
            let n = number_text(data).unwrap_or_default();
            (format!("số {n}"), format!("the number {n}"))
        }
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => {
            (format!("chữ “{s}”"), format!("the text “{s}”"))
        }
        Data::Empty => (String::new(), String::new()),
    }
}
