//! Loading and validating an indicator set: one pass that reports every finding with
//! its JSON Pointer. The set level is here; [`node`] reads indicators, [`rule`] their rules.

mod node;
mod rule;

use node::{read_inputs, read_node, valid_id, InputArea, NodeCtx};
pub(crate) use node::{read_notes, read_strings};

use std::collections::HashMap;

use rust_decimal::Decimal;
use serde_json::Value;

use crate::error::{ErrorKind, Finding, ValidationErrors};
use crate::formats::SET_FORMAT;
use crate::json::walk::{index, Findings, Obj};
use crate::number::{Rounding, RoundingMode};
use crate::set::node::{Input, LegalBasis, Node, Note, NoteKind, SetStatus};
use crate::text::Text;

/// What a valid set file holds, before the set is assembled with its index
/// ([`IndicatorSet::from_json`](crate::IndicatorSet::from_json)).
pub(crate) struct Loaded {
    pub id: String,
    pub version: String,
    pub draft: bool,
    pub status: SetStatus,
    pub excludable: bool,
    pub title: Text,
    pub issuer: Option<Text>,
    pub legal_basis: Option<LegalBasis>,
    pub scale: Option<Decimal>,
    pub rounding: Rounding,
    pub context: Vec<Input>,
    pub notes: Vec<Note>,
    pub nodes: Vec<Node>,
    pub roots: Vec<usize>,
    /// The warnings found (a set with errors is not loaded).
    pub warnings: Vec<Finding>,
    /// The file as parsed.
    pub source_json: Value,
}

/// Reads and validates a set file: its parts, or every finding when there is an error.
pub(crate) fn load_set(text: &str) -> Result<Loaded, ValidationErrors> {
    let mut f = Findings::default();
    let Some(value) = crate::json::walk::parse_json(text, crate::limits::InputKind::Set, &mut f)
    else {
        return Err(ValidationErrors(f.0));
    };
    match read_set(&value, &mut f) {
        Some(set) if !f.has_errors() => Ok(Loaded {
            warnings: f.0,
            source_json: value,
            ..set
        }),
        _ => Err(ValidationErrors(f.0)),
    }
}

fn read_set(v: &Value, f: &mut Findings) -> Option<Loaded> {
    let mut o = Obj::new(v, "", f)?;
    if let Some(format) = o.req_str("format", f) {
        if format != SET_FORMAT {
            f.error(
                &o.at("format"),
                ErrorKind::WrongFormat {
                    found: format,
                    expected: SET_FORMAT,
                },
            );
        }
    }
    let id = o.req_str("id", f);
    if let Some(id) = &id {
        if !valid_id(id) {
            f.error(&o.at("id"), ErrorKind::BadId { id: id.clone() });
        }
    }
    let version = o.req_str("version", f);
    let draft = o.opt_bool("draft", f).unwrap_or(false);
    let status = match o.opt_str("status", f) {
        None => SetStatus::Official,
        Some(name) => SetStatus::from_name(&name).unwrap_or_else(|| {
            f.error(
                &o.at("status"),
                ErrorKind::UnknownName {
                    name,
                    allowed: SetStatus::NAMES.into(),
                },
            );
            SetStatus::Official
        }),
    };
    let title = o.req_text("title", f);
    let issuer = o.opt_text("issuer", f);
    let legal_basis = o.get("legal_basis").and_then(|lb| {
        let mut lo = Obj::new(lb, &o.at("legal_basis"), f)?;
        let document = lo.req_str("document", f);
        let date = lo.opt_str("date", f);
        let url = lo.opt_str("url", f);
        lo.finish(f, &[]);
        Some(LegalBasis {
            document: document?,
            date,
            url,
        })
    });
    let scale = if draft {
        o.opt_dec("scale", f)
    } else {
        o.req_dec("scale", f)
    };
    let rounding = o
        .get("rounding")
        .and_then(|r| read_rounding(r, &o.at("rounding"), f))
        .unwrap_or_default();
    let context = o
        .opt_array("context", f)
        .map(|arr| read_inputs(arr, &o.at("context"), f, &[], InputArea::Context))
        .unwrap_or_default();
    let context_ids: Vec<String> = context.iter().map(|i| i.id.clone()).collect();
    let notes = o
        .get("notes")
        .map(|n| read_notes(n, &o.at("notes"), f))
        .unwrap_or_default();

    let mut nodes = Vec::new();
    let mut roots = Vec::new();
    let mut seen: HashMap<String, String> = HashMap::new();
    let excludable = o.opt_bool("excludable", f).unwrap_or(false);
    let ctx = NodeCtx {
        draft,
        excludable,
        context: &context_ids,
    };
    if let Some(arr) = o.req_array("indicators", f) {
        if arr.is_empty() {
            f.error(&o.at("indicators"), ErrorKind::EmptyList);
        }
        for (i, n) in arr.iter().enumerate() {
            let ptr = index(&o.at("indicators"), i);
            if let Some(idx) = read_node(n, &ptr, None, 0, &ctx, &mut nodes, &mut seen, f) {
                roots.push(idx);
            }
        }
    }
    o.finish(f, &["$schema", "$comment"]);

    // Maxima add up: children to parent, main indicators to the scale.
    for (i, node) in nodes.iter().enumerate() {
        if node.child_indexes.is_empty() {
            continue;
        }
        let sum = node
            .child_indexes
            .iter()
            .try_fold(Some(Decimal::ZERO), |acc, &c| {
                // Outer `None`: a child without a max (nothing to compare); inner
                // `None`: the sum overflowed.
                let max = nodes[c].max?;
                Some(acc.and_then(|a| a.checked_add(max)))
            });
        if sum == Some(None) {
            f.error(&pointer_of(&nodes, i), ErrorKind::MaxSumOverflow);
            continue;
        }
        if let (Some(Some(sum)), Some(max)) = (sum, node.max) {
            if sum != max {
                let kind = ErrorKind::MaxSumMismatch {
                    sum: sum.normalize().to_string(),
                    max: max.normalize().to_string(),
                };
                report_sum(f, &pointer_of(&nodes, i), node_discrepancy(node), kind);
            }
        }
    }
    if let Some(scale) = scale {
        let sum = roots.iter().try_fold(Some(Decimal::ZERO), |acc, &r| {
            let max = nodes[r].max?;
            Some(acc.and_then(|a| a.checked_add(max)))
        });
        if sum == Some(None) {
            f.error("/scale", ErrorKind::MaxSumOverflow);
        }
        if let Some(Some(sum)) = sum {
            if sum != scale {
                let discrepancy = notes.iter().any(|n| n.kind == NoteKind::SourceDiscrepancy);
                let kind = ErrorKind::ScaleMismatch {
                    sum: sum.normalize().to_string(),
                    scale: scale.normalize().to_string(),
                };
                report_sum(f, "/scale", discrepancy, kind);
            }
        }
    }

    Some(Loaded {
        id: id?,
        version: version?,
        draft,
        status,
        excludable,
        title: title?,
        issuer,
        legal_basis,
        scale,
        rounding,
        context,
        notes,
        nodes,
        roots,
        warnings: Vec::new(),
        source_json: Value::Null,
    })
}

pub(super) fn node_discrepancy(node: &Node) -> bool {
    node.meta
        .notes
        .iter()
        .any(|n| n.kind == NoteKind::SourceDiscrepancy)
}

pub(super) fn report_sum(f: &mut Findings, ptr: &str, discrepancy_noted: bool, kind: ErrorKind) {
    if discrepancy_noted {
        f.warning(ptr, kind);
    } else {
        f.error(ptr, kind);
    }
}

/// The pointer of a node, rebuilt from the tree (used after the walk).
pub(super) fn pointer_of(nodes: &[Node], i: usize) -> String {
    let mut path = Vec::new();
    let mut cur = i;
    while let Some(p) = nodes[cur].parent {
        let pos = nodes[p]
            .child_indexes
            .iter()
            .position(|&c| c == cur)
            .unwrap_or(0);
        path.push(format!("/children/{pos}"));
        cur = p;
    }
    let root_pos = nodes
        .iter()
        .filter(|n| n.parent.is_none())
        .position(|n| n.id == nodes[cur].id)
        .unwrap_or(0);
    let mut ptr = format!("/indicators/{root_pos}");
    for seg in path.iter().rev() {
        ptr.push_str(seg);
    }
    ptr
}

pub(super) fn read_rounding(v: &Value, ptr: &str, f: &mut Findings) -> Option<Rounding> {
    let mut o = Obj::new(v, ptr, f)?;
    let mut r = Rounding::default();
    if let Some(d) = o.opt_int("decimals", f) {
        if (0..=10).contains(&d) {
            r.decimals = d as u32;
        } else {
            f.error(
                &o.at("decimals"),
                ErrorKind::OutOfRange {
                    value: d.to_string(),
                    allowed: crate::error::Expected::ZeroToTen,
                },
            );
        }
    }
    if let Some(m) = o.opt_str("mode", f) {
        match RoundingMode::from_name(&m) {
            Some(mode) => r.mode = mode,
            None => f.error(
                &o.at("mode"),
                ErrorKind::UnknownName {
                    name: m,
                    allowed: "half_away_from_zero, half_even, down".into(),
                },
            ),
        }
    }
    o.finish(f, &[]);
    Some(r)
}
