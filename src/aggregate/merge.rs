//! Merging partial submissions: several files for the same unit and period, each
//! covering the indicators one agency supplies, become one values file.
//!
//! Every value records the file it came from. The same field given different values
//! in two files is a [`Conflict`]: the field is left out of the merged values (so the
//! indicator scores as missing) and reported, never resolved by picking one.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Serialize;

use crate::json::pointer::token;
use crate::number::parse_number;
use crate::values::{NodeValues, Unit, Values};

/// One file's values, named by where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    /// The file (a path or a name), recorded as the origin of its values.
    pub source: String,
    /// Its values; `unit` must be set.
    pub values: Values,
}

/// The merged values of one unit and period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MergedUnit {
    /// The unit (from the first file that names it).
    pub unit: Unit,
    /// The assessment year.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
    /// The period.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    /// The merged values (conflicting fields left out); shared, not copied, by the
    /// [`super::UnitEntry`]s made from them.
    pub values: Arc<Values>,
    /// When two or more files were merged: which file each value came from, by JSON
    /// Pointer into the values file (`/values/1.1/a`, `/context/population`). Empty for
    /// a unit from a single file: every value is then from `sources[0]`.
    pub origin: BTreeMap<String, String>,
    /// The files merged, in the order given.
    pub sources: Vec<String>,
}

/// The same field given different values in two or more files.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Conflict {
    /// The unit.
    pub unit_id: String,
    /// The year.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
    /// The period.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    /// Where in the values file (`/values/1.1/a`).
    pub pointer: String,
    /// Each file's value, in the order the files were given (signed files first when
    /// signed and unsigned files disagree).
    pub values: Vec<SourcedValue>,
    /// The value kept: a signed file's, when only unsigned files disagree with it
    /// (signed data wins); `None` when the field is left out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kept: Option<String>,
}

/// A value and the file it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourcedValue {
    /// The file.
    pub source: String,
    /// The value as written (`true`/`false` for yes/no answers).
    pub value: String,
}

/// What merging found.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct MergeOutcome {
    /// One entry per unit and period, by unit id then year and period.
    pub units: Vec<MergedUnit>,
    /// Conflicts, by unit then pointer.
    pub conflicts: Vec<Conflict>,
    /// Files without a `unit`: they cannot be merged or ranked.
    pub without_unit: Vec<String>,
}

/// Merges files by unit id, year and period.
///
/// Fields present in only one file are copied; fields equal in several files (numbers
/// compared by value, so `"1.234"` and `"1234"` agree) are kept once; fields that differ
/// are left out and reported as conflicts. Evidence lists are joined without duplicates.
///
/// # Example
/// ```
/// use dti_score::aggregate::{merge, Part};
/// use dti_score::Values;
/// let a = Values::from_json(r#"{"unit": {"id": "x"}, "values": {"1.1": {"a": "45"}}}"#).unwrap();
/// let b = Values::from_json(r#"{"unit": {"id": "x"}, "values": {"1.1": {"b": "60"}, "1.2": {"a": "3"}}}"#).unwrap();
/// let c = Values::from_json(r#"{"unit": {"id": "x"}, "values": {"1.2": {"a": "4"}}}"#).unwrap();
/// let out = merge(vec![
///     Part { source: "so-a.json".into(), values: a },
///     Part { source: "so-b.json".into(), values: b },
///     Part { source: "so-c.json".into(), values: c },
/// ]);
/// let unit = &out.units[0];
/// assert_eq!(unit.values.values["1.1"].inputs["b"], "60");
/// assert_eq!(unit.origin["/values/1.1/b"], "so-b.json");
/// assert!(!unit.values.values["1.2"].inputs.contains_key("a"));
/// assert_eq!(out.conflicts[0].pointer, "/values/1.2/a");
/// ```
pub fn merge(parts: Vec<Part>) -> MergeOutcome {
    merge_signed_first(parts, &|_| true)
}

/// [`merge`], where the parts whose source `signed` accepts win over the others: a
/// signed file's value is never overwritten or left out because an unsigned file
/// disagrees; the disagreement is a [`Conflict`] with the signed value `kept`. Fields
/// only unsigned files give are merged as by [`merge`] (and the unit then rests on
/// unsigned data). Conflicts among signed files leave the field out, as ever.
pub(crate) fn merge_signed_first(parts: Vec<Part>, signed: &dyn Fn(&str) -> bool) -> MergeOutcome {
    type Key = (String, Option<i32>, Option<String>);
    let mut groups: BTreeMap<Key, Vec<Part>> = BTreeMap::new();
    let mut without_unit = Vec::new();
    for part in parts {
        match &part.values.unit {
            Some(u) => {
                let key = (u.id.clone(), part.values.year, part.values.period.clone());
                groups.entry(key).or_default().push(part);
            }
            None => without_unit.push(part.source),
        }
    }
    let mut out = MergeOutcome {
        without_unit,
        ..MergeOutcome::default()
    };
    for ((unit_id, year, period), mut group) in groups {
        if group.len() == 1 {
            let part = group.pop().expect("one part");
            out.units.push(MergedUnit {
                unit: part.values.unit.clone().expect("grouped by unit"),
                year,
                period,
                values: Arc::new(part.values),
                origin: BTreeMap::new(),
                sources: vec![part.source],
            });
            continue;
        }
        let mut m = Merger::default();
        // Signed files first, so that their values are there before any unsigned one.
        for part in group.iter().filter(|p| signed(&p.source)) {
            m.current_signed = true;
            m.file(part);
        }
        for part in group.iter().filter(|p| !signed(&p.source)) {
            m.current_signed = false;
            m.file(part);
        }
        let Merger {
            mut values,
            origin,
            seen,
            mut overruled,
            ..
        } = m;
        let mut conflicts = Vec::new();
        for (pointer, mut vals) in seen {
            let over = overruled.remove(&pointer).unwrap_or_default();
            let left_out = vals.len() > 1;
            let kept = (!left_out && !over.is_empty()).then(|| vals[0].value.clone());
            if left_out {
                remove(&mut values, &pointer);
            }
            if left_out || kept.is_some() {
                vals.extend(over);
                conflicts.push(Conflict {
                    unit_id: unit_id.clone(),
                    year,
                    period: period.clone(),
                    pointer,
                    values: vals,
                    kept,
                });
            }
        }
        let mut origin = origin;
        origin.retain(|p, _| !conflicts.iter().any(|c| &c.pointer == p));
        let unit = values.unit.clone().unwrap_or(Unit {
            id: unit_id.clone(),
            name: None,
            level: None,
            province: None,
        });
        out.conflicts.extend(conflicts);
        out.units.push(MergedUnit {
            unit,
            year,
            period,
            values: Arc::new(values),
            origin,
            sources: group.iter().map(|p| p.source.clone()).collect(),
        });
    }
    out
}

/// Builds the merged values, recording every distinct value seen per pointer.
#[derive(Default)]
struct Merger {
    values: Values,
    origin: BTreeMap<String, String>,
    /// Pointer → distinct values (more than one is a conflict).
    seen: BTreeMap<String, Vec<SourcedValue>>,
    /// Whether the file being merged is signed.
    current_signed: bool,
    /// Pointers a signed file gave.
    signed_ptrs: std::collections::BTreeSet<String>,
    /// Pointer → unsigned values that disagree with the signed one (which is kept).
    overruled: BTreeMap<String, Vec<SourcedValue>>,
}

/// A field's value for comparison: numbers by value, the rest by text.
fn same(a: &str, b: &str) -> bool {
    match (parse_number(a), parse_number(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => a.trim() == b.trim(),
    }
}

impl Merger {
    fn file(&mut self, part: &Part) {
        let v = &part.values;
        let src = &part.source;
        if self.values.set.is_none() {
            self.values.set = v.set.clone();
        } else if let (Some(a), Some(b)) = (&self.values.set, &v.set) {
            if a != b {
                let show = |s: &crate::values::SetRef| {
                    format!("{} {}", s.id, s.version.as_deref().unwrap_or(""))
                        .trim()
                        .to_string()
                };
                let (sa, sb) = (show(a), show(b));
                self.note("/set", &sa, src);
                self.note("/set", &sb, src);
            }
        }
        self.values.year = v.year;
        self.values.period = v.period.clone();
        if let Some(u) = &v.unit {
            match &mut self.values.unit {
                None => {
                    self.values.unit = Some(u.clone());
                    for (field, val) in unit_fields(u) {
                        self.take(&format!("/unit/{field}"), &val, src);
                    }
                }
                Some(_) => {
                    for (field, val) in unit_fields(u) {
                        let ptr = format!("/unit/{field}");
                        if self.take(&ptr, &val, src) {
                            let cur = self.values.unit.as_mut().expect("unit set above");
                            match field {
                                "name" => cur.name = Some(val),
                                "level" => cur.level = Some(val),
                                _ => cur.province = Some(val),
                            }
                        }
                    }
                }
            }
        }
        for (k, val) in &v.context {
            if self.take(&pointer(&["context", k]), val, src) {
                self.values.context.insert(k.clone(), val.clone());
            }
        }
        for (id, nv) in &v.values {
            let base = pointer(&["values", id]);
            let mut target = self.values.values.remove(id).unwrap_or_default();
            self.node(&mut target, nv, &base, src);
            self.values.values.insert(id.clone(), target);
        }
    }

    /// Records a value at a pointer; true when it is new (to be copied), false when
    /// already present (equal, or a conflict now recorded).
    fn take(&mut self, ptr: &str, val: &str, src: &str) -> bool {
        let entry = self.seen.entry(ptr.to_string()).or_default();
        if entry.is_empty() {
            entry.push(SourcedValue {
                source: src.to_string(),
                value: val.to_string(),
            });
            self.origin.insert(ptr.to_string(), src.to_string());
            if self.current_signed {
                self.signed_ptrs.insert(ptr.to_string());
            }
            return true;
        }
        if !self.current_signed && self.signed_ptrs.contains(ptr) {
            // Signed data wins: the unsigned value is only reported.
            if !entry.iter().any(|s| same(&s.value, val)) {
                let over = self.overruled.entry(ptr.to_string()).or_default();
                if !over.iter().any(|s| same(&s.value, val)) {
                    over.push(SourcedValue {
                        source: src.to_string(),
                        value: val.to_string(),
                    });
                }
            }
            return false;
        }
        if !entry.iter().any(|s| same(&s.value, val)) {
            entry.push(SourcedValue {
                source: src.to_string(),
                value: val.to_string(),
            });
        }
        false
    }

    /// Records a value that is only ever a conflict marker.
    fn note(&mut self, ptr: &str, val: &str, src: &str) {
        let entry = self.seen.entry(ptr.to_string()).or_default();
        if !entry.iter().any(|s| s.value == val) {
            entry.push(SourcedValue {
                source: src.to_string(),
                value: val.to_string(),
            });
        }
    }

    fn node(&mut self, into: &mut NodeValues, from: &NodeValues, base: &str, src: &str) {
        for (k, val) in &from.inputs {
            if self.take(&child(base, k), val, src) {
                into.inputs.insert(k.clone(), val.clone());
            }
        }
        if let Some(items) = &from.items {
            for (k, b) in items {
                let ptr = format!("{}/items/{}", base, token(k));
                if self.take(&ptr, &b.to_string(), src) {
                    into.items
                        .get_or_insert_with(BTreeMap::new)
                        .insert(k.clone(), *b);
                }
            }
        }
        let flags = [("done", from.done), ("gate", from.gate)];
        for (name, val) in flags {
            if let Some(b) = val {
                if self.take(&child(base, name), &b.to_string(), src) {
                    match name {
                        "done" => into.done = Some(b),
                        _ => into.gate = Some(b),
                    }
                }
            }
        }
        let texts = [
            ("choice", &from.choice),
            ("points", &from.points),
            ("justification", &from.justification),
            ("note", &from.note),
        ];
        for (name, val) in texts {
            if let Some(t) = val {
                if self.take(&child(base, name), t, src) {
                    let slot = match name {
                        "choice" => &mut into.choice,
                        "points" => &mut into.points,
                        "justification" => &mut into.justification,
                        _ => &mut into.note,
                    };
                    *slot = Some(t.clone());
                }
            }
        }
        for ev in &from.evidence {
            if !into.evidence.contains(ev) {
                into.evidence.push(ev.clone());
                self.origin.insert(
                    format!("{}/evidence/{}", base, into.evidence.len() - 1),
                    src.to_string(),
                );
            }
        }
        for (pid, pv) in &from.parts {
            let pbase = format!("{}/parts/{}", base, token(pid));
            let mut target = into.parts.remove(pid).unwrap_or_default();
            self.node(&mut target, pv, &pbase, src);
            into.parts.insert(pid.clone(), target);
        }
    }
}

fn unit_fields(u: &Unit) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    if let Some(n) = &u.name {
        out.push(("name", n.clone()));
    }
    if let Some(l) = &u.level {
        out.push(("level", l.clone()));
    }
    if let Some(p) = &u.province {
        out.push(("province", p.clone()));
    }
    out
}

/// Removes the field a pointer names from merged values.
fn remove(values: &mut Values, ptr: &str) {
    let segs = crate::json::pointer::segments(ptr);
    let segs: Vec<&str> = segs.iter().map(String::as_str).collect();
    match segs.as_slice() {
        ["set"] => values.set = None,
        ["unit", field] => {
            if let Some(u) = &mut values.unit {
                match *field {
                    "name" => u.name = None,
                    "level" => u.level = None,
                    _ => u.province = None,
                }
            }
        }
        ["context", k] => {
            values.context.remove(*k);
        }
        ["values", id, rest @ ..] => {
            if let Some(nv) = values.values.get_mut(*id) {
                remove_in_node(nv, rest);
            }
        }
        _ => {}
    }
}

fn remove_in_node(nv: &mut NodeValues, path: &[&str]) {
    match path {
        ["items", k] => {
            if let Some(items) = &mut nv.items {
                items.remove(*k);
            }
        }
        ["parts", pid, rest @ ..] => {
            if let Some(p) = nv.parts.get_mut(*pid) {
                remove_in_node(p, rest);
            }
        }
        ["done"] => nv.done = None,
        ["gate"] => nv.gate = None,
        ["choice"] => nv.choice = None,
        ["points"] => nv.points = None,
        ["justification"] => nv.justification = None,
        ["note"] => nv.note = None,
        [letter] => {
            nv.inputs.remove(*letter);
        }
        _ => {}
    }
}

fn pointer(segs: &[&str]) -> String {
    segs.iter().map(|s| format!("/{}", token(s))).collect()
}

fn child(base: &str, seg: &str) -> String {
    format!("{base}/{}", token(seg))
}
