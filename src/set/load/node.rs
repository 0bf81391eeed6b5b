//! The nodes of a set file: indicators, their inputs, notes, citations and metadata.

use std::collections::HashMap;

use rust_decimal::Decimal;
use serde_json::Value;

use crate::error::ErrorKind;
use crate::json::walk::{as_decimal, as_str, child, index, Findings, Obj};
use crate::set::node::{Input, InputKind, Node, NodeMeta, Note, NoteKind, Rollup, SourceRef};
use crate::set::Rule;
use crate::text::{Lang, Text};

use super::rule::{read_rule, Scope};

/// Names a node's entry in a values file uses for answers other than inputs.
const RESERVED_INPUT_IDS: [&str; 12] = [
    "items",
    "done",
    "choice",
    "gate",
    "points",
    "justification",
    "parts",
    "note",
    "evidence",
    "typed",
    "excluded",
    "attainment",
];

/// Checks an id's characters.
pub(super) fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_'))
}

pub(super) fn read_inputs(
    arr: &[Value],
    ptr: &str,
    f: &mut Findings,
    context: &[String],
    area: InputArea,
) -> Vec<Input> {
    let mut out: Vec<Input> = Vec::new();
    for (i, v) in arr.iter().enumerate() {
        let p = index(ptr, i);
        let Some(mut o) = Obj::new(v, &p, f) else {
            continue;
        };
        let id = o.req_str("id", f);
        let label = o.req_text("label", f);
        let kind = match o.opt_str("kind", f) {
            None => Some(InputKind::Count),
            Some(k) => InputKind::from_name(&k).or_else(|| {
                f.error(
                    &o.at("kind"),
                    ErrorKind::UnknownName {
                        name: k,
                        allowed: "count, amount, percent, text".into(),
                    },
                );
                None
            }),
        };
        let rollup = match o.opt_str("rollup", f).as_deref() {
            None | Some("none") => Some(Rollup::None),
            Some("sum") => Some(Rollup::Sum),
            Some(other) => {
                f.error(
                    &o.at("rollup"),
                    ErrorKind::UnknownName {
                        name: other.into(),
                        allowed: "sum, none".into(),
                    },
                );
                None
            }
        };
        let unit = o.opt_str("unit", f);
        let lead = o.opt_str("lead", f);
        let negative = o.opt_bool("negative", f).unwrap_or(false);
        let coordinating = read_strings(&mut o, "coordinating", f);
        let deadline = o.opt_str("deadline", f);
        let notes = o
            .get("notes")
            .map(|n| read_notes(n, &o.at("notes"), f))
            .unwrap_or_default();
        o.finish(f, &[]);
        if let Some(id) = &id {
            let well_formed = id
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
                && id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
            if !well_formed {
                f.error(&child(&p, "id"), ErrorKind::BadInputId { id: id.clone() });
            } else if RESERVED_INPUT_IDS.contains(&id.as_str()) {
                f.error(
                    &child(&p, "id"),
                    ErrorKind::ReservedInputId { id: id.clone() },
                );
            } else if out.iter().any(|x| &x.id == id) {
                f.error(
                    &child(&p, "id"),
                    ErrorKind::DuplicateId {
                        id: id.clone(),
                        first: ptr.to_string(),
                    },
                );
            } else if context.contains(id) {
                f.error(
                    &child(&p, "id"),
                    ErrorKind::ShadowsContext { name: id.clone() },
                );
            }
        }
        if let (Some(id), Some(label)) = (&id, &label) {
            label_warnings(id, label, &child(&p, "label"), area, f);
        }
        if let (Some(id), Some(label), Some(kind), Some(rollup)) = (id, label, kind, rollup) {
            out.push(Input {
                id,
                label,
                kind,
                rollup,
                unit,
                lead,
                negative,
                coordinating,
                deadline,
                notes,
            });
        }
    }
    out
}

/// Where a list of inputs is: the set's context fields or an indicator's inputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum InputArea {
    /// The set's `context` (the "Thông tin chung" block).
    Context,
    /// An indicator's `inputs`.
    Indicator,
}

/// A context field, or an input named by a word rather than the source's letter
/// (`articles`, not `a`), has only its label to be known by: the page never shows such an
/// id. A blank Vietnamese label or no English one is a warning for the set's author (the
/// page would show nothing, or the Vietnamese in English mode).
fn label_warnings(id: &str, label: &Text, ptr: &str, area: InputArea, f: &mut Findings) {
    let letter = id.len() == 1 && id.bytes().all(|b| b.is_ascii_lowercase());
    if area == InputArea::Indicator && letter {
        return;
    }
    if label.vi.trim().is_empty() {
        f.warning(
            &child(ptr, "vi"),
            ErrorKind::LabelMissing {
                id: id.to_string(),
                lang: Lang::Vi,
            },
        );
    }
    if label.en.as_deref().is_none_or(|en| en.trim().is_empty()) {
        f.warning(
            ptr,
            ErrorKind::LabelMissing {
                id: id.to_string(),
                lang: Lang::En,
            },
        );
    }
}

pub(crate) fn read_notes(v: &Value, ptr: &str, f: &mut Findings) -> Vec<Note> {
    let Some(arr) = crate::json::walk::as_array(v, ptr, f) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, n) in arr.iter().enumerate() {
        let p = index(ptr, i);
        let Some(mut o) = Obj::new(n, &p, f) else {
            continue;
        };
        let kind = o.req_str("kind", f).and_then(|k| {
            NoteKind::from_name(&k).or_else(|| {
                f.error(
                    &o.at("kind"),
                    ErrorKind::UnknownName {
                        name: k,
                        allowed: "interpretation, source_discrepancy, note".into(),
                    },
                );
                None
            })
        });
        let text = o.req_text("text", f);
        let quote = o.opt_str("quote", f);
        if kind == Some(NoteKind::Interpretation)
            && quote.as_deref().is_none_or(|q| q.trim().is_empty())
        {
            // An interpretation must show the source's own words beside the encoding.
            f.error(&p, ErrorKind::MissingField { field: "quote" });
        }
        o.finish(f, &[]);
        if let (Some(kind), Some(text)) = (kind, text) {
            out.push(Note { kind, text, quote });
        }
    }
    out
}

pub(super) struct NodeCtx<'a> {
    pub(super) draft: bool,
    /// The set's default for `excludable`.
    pub(super) excludable: bool,
    pub(super) context: &'a [String],
}

#[allow(clippy::too_many_arguments)]
pub(super) fn read_node(
    v: &Value,
    ptr: &str,
    parent: Option<usize>,
    depth: usize,
    ctx: &NodeCtx<'_>,
    nodes: &mut Vec<Node>,
    seen: &mut HashMap<String, String>,
    f: &mut Findings,
) -> Option<usize> {
    let mut o = Obj::new(v, ptr, f)?;
    let code = o.req_str("code", f);
    let id = o.opt_str("id", f).or_else(|| code.clone());
    if let Some(id) = &id {
        if !valid_id(id) {
            f.error(
                &o.at(if o.map.contains_key("id") {
                    "id"
                } else {
                    "code"
                }),
                ErrorKind::BadId { id: id.clone() },
            );
        } else if let Some(first) = seen.get(id) {
            f.error(
                ptr,
                ErrorKind::DuplicateId {
                    id: id.clone(),
                    first: first.clone(),
                },
            );
        } else {
            seen.insert(id.clone(), ptr.to_string());
        }
    }
    let title = o.req_text("title", f);
    let max = if ctx.draft {
        o.opt_dec("max", f)
    } else {
        let m = o.get("max");
        if m.is_none() {
            f.error(ptr, ErrorKind::MaxMissing);
        }
        m.and_then(|m| as_decimal(m, &o.at("max"), f, false))
    };
    if let Some(m) = max {
        if m < Decimal::ZERO {
            f.error(
                &o.at("max"),
                ErrorKind::OutOfRange {
                    value: m.to_string(),
                    allowed: crate::error::Expected::ZeroOrMore,
                },
            );
        }
    }
    let inputs = o
        .opt_array("inputs", f)
        .map(|a| read_inputs(a, &o.at("inputs"), f, ctx.context, InputArea::Indicator))
        .unwrap_or_default();
    let meta = read_meta(&mut o, f);
    // Not applicable may be claimed where the node (else its parent, else the set) says so.
    let excludable = o
        .opt_bool("excludable", f)
        .unwrap_or_else(|| parent.map_or(ctx.excludable, |p| nodes[p].excludable));
    let rule_v = o.get("rule");
    let children_v = o.opt_array("children", f);
    let mut rule = None;
    match (rule_v, children_v) {
        (Some(_), Some(_)) => f.error(ptr, ErrorKind::RuleAndChildren),
        (None, None) => f.error(ptr, ErrorKind::NoRule),
        (Some(r), None) => {
            let mut used = Vec::new();
            let scope = Scope {
                inputs: &inputs,
                context: ctx.context,
            };
            rule = read_rule(r, &o.at("rule"), &scope, f, &mut used, true);
            if let Some(r) = &rule {
                // A manual indicator of a set without maxima takes an attainment.
                let needs_max = match r {
                    Rule::PerUnit { .. } => true,
                    Rule::Manual => !ctx.draft,
                    _ => false,
                };
                if needs_max && max.is_none() {
                    f.error(
                        &o.at("rule"),
                        ErrorKind::NeedsMax {
                            kind: r.kind_name(),
                        },
                    );
                }
            }
            for (i, input) in inputs.iter().enumerate() {
                if !used.contains(&input.id) && rule.is_some() {
                    f.warning(
                        &child(&index(&o.at("inputs"), i), "id"),
                        ErrorKind::UnusedInput {
                            name: input.id.clone(),
                        },
                    );
                }
            }
        }
        (None, Some(arr)) => {
            if arr.is_empty() {
                f.error(&o.at("children"), ErrorKind::EmptyList);
            }
            if !inputs.is_empty() {
                f.error(&o.at("inputs"), ErrorKind::InputsOnParent);
            }
        }
    }
    let children_ptr = o.at("children");
    o.finish(f, &["$comment"]);

    let idx = nodes.len();
    nodes.push(Node {
        id: id.clone().unwrap_or_default(),
        code: code.unwrap_or_default(),
        title: title.unwrap_or_default(),
        max,
        parent,
        children: Vec::new(),
        child_indexes: Vec::new(),
        depth,
        rule,
        inputs,
        excludable,
        meta,
    });
    if let Some(arr) = children_v {
        for (i, c) in arr.iter().enumerate() {
            if let Some(ci) = read_node(
                c,
                &index(&children_ptr, i),
                Some(idx),
                depth + 1,
                ctx,
                nodes,
                seen,
                f,
            ) {
                let cid = nodes[ci].id.clone();
                nodes[idx].children.push(cid);
                nodes[idx].child_indexes.push(ci);
            }
        }
    }
    Some(idx)
}

pub(super) fn read_source(
    o: &mut Obj<'_>,
    key: &'static str,
    f: &mut Findings,
) -> Option<SourceRef> {
    let s = o.get(key)?;
    let mut so = Obj::new(s, &o.at(key), f)?;
    let document = so.req_str("document", f);
    let location = so.opt_str("location", f);
    so.finish(f, &[]);
    Some(SourceRef {
        document: document?,
        location,
    })
}

/// An optional list of strings (agencies).
pub(crate) fn read_strings(o: &mut Obj<'_>, key: &'static str, f: &mut Findings) -> Vec<String> {
    o.opt_array(key, f)
        .map(|arr| {
            let p = o.at(key);
            arr.iter()
                .enumerate()
                .filter_map(|(i, v)| as_str(v, &index(&p, i), f))
                .collect()
        })
        .unwrap_or_default()
}

pub(super) fn read_meta(o: &mut Obj<'_>, f: &mut Findings) -> NodeMeta {
    let source = read_source(o, "source", f);
    let source_file = read_source(o, "source_file", f);
    let coordinating = read_strings(o, "coordinating", f);
    let implementing = read_strings(o, "implementing", f);
    NodeMeta {
        source,
        source_file,
        source_text: o.opt_str("source_text", f),
        lead: o.opt_str("lead", f),
        coordinating,
        implementing,
        deadline: o.opt_str("deadline", f),
        target: o.opt_dec("target", f),
        evidence: o.opt_text("evidence", f),
        notes: o
            .get("notes")
            .map(|n| read_notes(n, &o.at("notes"), f))
            .unwrap_or_default(),
    }
}
