//! Loading and validating an indicator set: one pass that reports every finding with
//! its JSON Pointer.

use std::collections::HashMap;
use std::sync::Arc;

use rust_decimal::Decimal;
use serde_json::Value;

use crate::error::{ErrorKind, ValidationErrors};
use crate::json::walk::{as_decimal, as_int, as_str, child, describe, index, Findings, Obj};
use crate::number::{Rounding, RoundingMode};
use crate::report::NodeIds;
use crate::set::expr::Expr;
use crate::set::rule::{
    Item, Part, Period, Ratio, Reference, RelativeMethod, Rule, Threshold, Tier,
};
use crate::set::{
    IndicatorSet, Input, InputKind, LegalBasis, Node, NodeMeta, Note, NoteKind, Rollup, SetStatus,
    SourceRef, SET_FORMAT,
};

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

pub(crate) fn load_set(text: &str) -> Result<IndicatorSet, ValidationErrors> {
    let mut f = Findings::default();
    let Some(value) = crate::json::walk::parse_json(text, crate::limits::InputKind::Set, &mut f)
    else {
        return Err(ValidationErrors(f.0));
    };
    let set = read_set(&value, &mut f);
    match set {
        Some(set) if !f.has_errors() => {
            let ids =
                Arc::new(NodeIds::new(set.nodes.iter().map(|n| {
                    (n.id.as_str(), n.code.as_str(), n.children.as_slice())
                })));
            Ok(IndicatorSet {
                warnings: f.0,
                source_json: value,
                ids,
                ..set
            })
        }
        _ => Err(ValidationErrors(f.0)),
    }
}

/// Checks an id's characters.
pub(crate) fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_'))
}

fn read_set(v: &Value, f: &mut Findings) -> Option<IndicatorSet> {
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
        .map(|arr| read_inputs(arr, &o.at("context"), f, &[]))
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

    Some(IndicatorSet {
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
        ids: Arc::default(),
    })
}

fn node_discrepancy(node: &Node) -> bool {
    node.meta
        .notes
        .iter()
        .any(|n| n.kind == NoteKind::SourceDiscrepancy)
}

fn report_sum(f: &mut Findings, ptr: &str, discrepancy_noted: bool, kind: ErrorKind) {
    if discrepancy_noted {
        f.warning(ptr, kind);
    } else {
        f.error(ptr, kind);
    }
}

/// The pointer of a node, rebuilt from the tree (used after the walk).
fn pointer_of(nodes: &[Node], i: usize) -> String {
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

fn read_rounding(v: &Value, ptr: &str, f: &mut Findings) -> Option<Rounding> {
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
                    allowed: "0 to 10",
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

fn read_inputs(arr: &[Value], ptr: &str, f: &mut Findings, context: &[String]) -> Vec<Input> {
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

struct NodeCtx<'a> {
    draft: bool,
    /// The set's default for `excludable`.
    excludable: bool,
    context: &'a [String],
}

#[allow(clippy::too_many_arguments)]
fn read_node(
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
                    allowed: "0 or more",
                },
            );
        }
    }
    let inputs = o
        .opt_array("inputs", f)
        .map(|a| read_inputs(a, &o.at("inputs"), f, ctx.context))
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

fn read_source(o: &mut Obj<'_>, key: &'static str, f: &mut Findings) -> Option<SourceRef> {
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

fn read_meta(o: &mut Obj<'_>, f: &mut Findings) -> NodeMeta {
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

struct Scope<'a> {
    inputs: &'a [Input],
    context: &'a [String],
}

fn read_expr(
    v: &Value,
    ptr: &str,
    scope: &Scope<'_>,
    f: &mut Findings,
    used: &mut Vec<String>,
) -> Option<Expr> {
    let text = as_str(v, ptr, f)?;
    match Expr::parse(&text) {
        Ok(e) => {
            let mut ok = true;
            for var in e.variables() {
                let is_input = scope.inputs.iter().any(|i| i.id == var);
                if !is_input && !scope.context.iter().any(|c| c == var) {
                    f.error(
                        ptr,
                        ErrorKind::UnknownVariable {
                            name: var.to_string(),
                            expr: text.clone(),
                        },
                    );
                    ok = false;
                }
                if !used.iter().any(|u| u == var) {
                    used.push(var.to_string());
                }
            }
            ok.then_some(e)
        }
        Err(e) => {
            f.error(
                ptr,
                ErrorKind::BadExpression {
                    message: e.to_string(),
                },
            );
            None
        }
    }
}

fn read_ratio(
    o: &mut Obj<'_>,
    key: &'static str,
    scope: &Scope<'_>,
    f: &mut Findings,
    used: &mut Vec<String>,
) -> Option<Ratio> {
    let share = o.opt_bool("share", f).unwrap_or(true);
    let tolerance = o.opt_dec("share_tolerance", f);
    if let Some(t) = tolerance {
        if !share || t < Decimal::ONE {
            f.error(
                &o.at("share_tolerance"),
                ErrorKind::OutOfRange {
                    value: t.to_string(),
                    allowed: "a share tolerance of at least 100%, on a share",
                },
            );
        }
    }
    let v = o.req(key, f)?;
    let expr = read_expr(v, &o.at(key), scope, f, used)?;
    Some(Ratio {
        expr,
        share,
        tolerance,
    })
}

fn read_threshold(o: &mut Obj<'_>, key: &'static str, f: &mut Findings) -> Option<Threshold> {
    let v = o.req(key, f)?;
    let ptr = o.at(key);
    let positive = |d: Decimal, p: &str, f: &mut Findings| {
        if d <= Decimal::ZERO {
            f.error(
                p,
                ErrorKind::OutOfRange {
                    value: d.to_string(),
                    allowed: "more than 0",
                },
            );
            None
        } else {
            Some(d)
        }
    };
    match v {
        Value::Object(_) => {
            let mut to = Obj::new(v, &ptr, f)?;
            let arr = to.req_array("by_year", f)?;
            let by_ptr = to.at("by_year");
            to.finish(f, &[]);
            if arr.is_empty() {
                f.error(&by_ptr, ErrorKind::EmptyList);
            }
            let mut periods: Vec<Period> = Vec::new();
            for (i, pv) in arr.iter().enumerate() {
                let pp = index(&by_ptr, i);
                let Some(mut po) = Obj::new(pv, &pp, f) else {
                    continue;
                };
                let from = po
                    .req("from", f)
                    .and_then(|x| as_int(x, &child(&pp, "from"), f));
                let to_y = po
                    .req("to", f)
                    .and_then(|x| as_int(x, &child(&pp, "to"), f));
                let value = po
                    .req("value", f)
                    .and_then(|x| as_decimal(x, &child(&pp, "value"), f, false));
                po.finish(f, &[]);
                let (Some(from), Some(to_y), Some(value)) = (from, to_y, value) else {
                    continue;
                };
                let Some(value) = positive(value, &child(&pp, "value"), f) else {
                    continue;
                };
                let in_range = |y: i64| (1900..=2200).contains(&y);
                if !in_range(from) || !in_range(to_y) {
                    f.error(
                        &pp,
                        ErrorKind::OutOfRange {
                            value: format!("{from}–{to_y}"),
                            allowed: "a year from 1900 to 2200",
                        },
                    );
                    continue;
                }
                let (from, to_y) = (from as i32, to_y as i32);
                if from > to_y || periods.iter().any(|p| from <= p.to && p.from <= to_y) {
                    f.error(
                        &pp,
                        ErrorKind::BadPeriod {
                            period: format!("{from}–{to_y}"),
                        },
                    );
                    continue;
                }
                periods.push(Period {
                    from,
                    to: to_y,
                    value,
                });
            }
            Some(Threshold::ByYear { by_year: periods })
        }
        Value::String(_) => {
            let d = as_decimal(v, &ptr, f, false)?;
            positive(d, &ptr, f).map(Threshold::Fixed)
        }
        other => {
            f.error(
                &ptr,
                ErrorKind::WrongType {
                    expected: "a decimal string",
                    found: describe(other),
                },
            );
            None
        }
    }
}

fn read_items(
    o: &mut Obj<'_>,
    key: &'static str,
    f: &mut Findings,
    capped_sum: bool,
) -> Option<Vec<Item>> {
    let arr = o.req_array(key, f)?;
    let ptr = o.at(key);
    if arr.is_empty() {
        f.error(&ptr, ErrorKind::EmptyList);
    }
    let mut items: Vec<Item> = Vec::new();
    for (i, v) in arr.iter().enumerate() {
        let p = index(&ptr, i);
        let Some(mut io) = Obj::new(v, &p, f) else {
            continue;
        };
        let id = io.req_str("id", f);
        let label = io.req_text("label", f);
        let fraction = io.req_fraction("fraction", f);
        io.finish(f, &[]);
        if let Some(id) = &id {
            if items.iter().any(|x| &x.id == id) {
                f.error(
                    &child(&p, "id"),
                    ErrorKind::DuplicateId {
                        id: id.clone(),
                        first: ptr.clone(),
                    },
                );
            }
        }
        if let (Some(id), Some(label), Some(fraction)) = (id, label, fraction) {
            items.push(Item {
                id,
                label,
                fraction,
            });
        }
    }
    if capped_sum {
        // Each fraction is in [0, 1] and a set has at most a few hundred thousand of
        // them (5 MiB, src/limits.rs): this sum cannot overflow.
        let sum: Decimal = items.iter().map(|i| i.fraction).sum();
        if sum > Decimal::ONE {
            f.error(
                &ptr,
                ErrorKind::FractionsExceedOne {
                    sum: sum.normalize().to_string(),
                },
            );
        }
    }
    Some(items)
}

fn read_rule(
    v: &Value,
    ptr: &str,
    scope: &Scope<'_>,
    f: &mut Findings,
    used: &mut Vec<String>,
    top: bool,
) -> Option<Rule> {
    let mut o = Obj::new(v, ptr, f)?;
    let kind = o.req_str("kind", f)?;
    let rule = match kind.as_str() {
        "linear" => read_ratio(&mut o, "ratio", scope, f, used).map(|ratio| Rule::Linear { ratio }),
        "linear_to_target" => {
            let ratio = read_ratio(&mut o, "ratio", scope, f, used);
            let target = read_threshold(&mut o, "target", f);
            Some(Rule::LinearToTarget {
                ratio: ratio?,
                target: target?,
            })
        }
        "all_or_nothing" => {
            let ratio = read_ratio(&mut o, "ratio", scope, f, used);
            let threshold = read_threshold(&mut o, "threshold", f);
            Some(Rule::AllOrNothing {
                ratio: ratio?,
                threshold: threshold?,
            })
        }
        "yes_no" => Some(Rule::YesNo {
            question: o.opt_text("question", f),
        }),
        "checklist" => read_items(&mut o, "items", f, true).map(|items| Rule::Checklist { items }),
        "choice" => read_items(&mut o, "options", f, false).map(|options| Rule::Choice { options }),
        "tiers" => {
            let value = read_ratio(&mut o, "value", scope, f, used);
            let gate = o.opt_text("gate", f);
            let tiers = read_tiers(&mut o, f);
            let value = value?;
            Some(Rule::Tiers {
                value: value.expr,
                share: value.share,
                tiers: tiers?,
                gate,
            })
        }
        "per_unit" => {
            let value = o
                .req("value", f)
                .and_then(|x| read_expr(x, &child(ptr, "value"), scope, f, used));
            let each = o.req_dec("points_each", f);
            if let Some(e) = each {
                if e <= Decimal::ZERO {
                    f.error(
                        &o.at("points_each"),
                        ErrorKind::OutOfRange {
                            value: e.to_string(),
                            allowed: "more than 0",
                        },
                    );
                }
            }
            Some(Rule::PerUnit {
                value: value?,
                points_each: each?,
            })
        }
        "sum_of_parts" => {
            let arr = o.req_array("parts", f)?;
            let pptr = o.at("parts");
            if arr.is_empty() {
                f.error(&pptr, ErrorKind::EmptyList);
            }
            let mut parts: Vec<Part> = Vec::new();
            for (i, pv) in arr.iter().enumerate() {
                let p = index(&pptr, i);
                let Some(mut po) = Obj::new(pv, &p, f) else {
                    continue;
                };
                let id = po.req_str("id", f);
                let label = po.req_text("label", f);
                let fraction = po.req_fraction("fraction", f);
                let rule = po
                    .req("rule", f)
                    .and_then(|r| read_rule(r, &child(&p, "rule"), scope, f, used, false));
                po.finish(f, &[]);
                if let Some(id) = &id {
                    if parts.iter().any(|x| &x.id == id) {
                        f.error(
                            &child(&p, "id"),
                            ErrorKind::DuplicateId {
                                id: id.clone(),
                                first: pptr.clone(),
                            },
                        );
                    }
                }
                if let (Some(id), Some(label), Some(fraction), Some(rule)) =
                    (id, label, fraction, rule)
                {
                    parts.push(Part {
                        id,
                        label,
                        fraction,
                        rule,
                    });
                }
            }
            // Fractions in [0, 1], bounded in number by the set's size: no overflow.
            let sum: Decimal = parts.iter().map(|p| p.fraction).sum();
            if sum > Decimal::ONE {
                f.error(
                    &pptr,
                    ErrorKind::FractionsExceedOne {
                        sum: sum.normalize().to_string(),
                    },
                );
            }
            Some(Rule::SumOfParts { parts })
        }
        "relative" => {
            let ratio = read_ratio(&mut o, "ratio", scope, f, used);
            let method = match o.req_str("method", f).as_deref() {
                Some("proportional_to_best") => Some(RelativeMethod::ProportionalToBest),
                Some("min_max") => Some(RelativeMethod::MinMax),
                Some(other) => {
                    f.error(
                        &o.at("method"),
                        ErrorKind::UnknownName {
                            name: other.into(),
                            allowed: "proportional_to_best, min_max".into(),
                        },
                    );
                    None
                }
                None => None,
            };
            let reference = o.get("reference").and_then(|r| {
                let rptr = o.at("reference");
                let mut ro = Obj::new(r, &rptr, f)?;
                let best = ro.req_dec("best", f);
                let worst = ro.opt_dec("worst", f).unwrap_or(Decimal::ZERO);
                let note = ro.opt_text("note", f);
                ro.finish(f, &[]);
                let best = best?;
                if best <= Decimal::ZERO || worst > best {
                    f.error(&rptr, ErrorKind::BadReference);
                    return None;
                }
                Some(Reference { best, worst, note })
            });
            Some(Rule::Relative {
                ratio: ratio?,
                method: method?,
                reference,
            })
        }
        "manual" => Some(Rule::Manual),
        other => {
            f.error(
                &o.at("kind"),
                ErrorKind::UnknownRuleKind {
                    kind: other.to_string(),
                },
            );
            return None;
        }
    };
    if !top {
        if let Some(r @ (Rule::SumOfParts { .. } | Rule::Relative { .. })) = &rule {
            f.error(
                ptr,
                ErrorKind::NestedRule {
                    kind: r.kind_name(),
                },
            );
        }
    }
    o.finish(f, &["$comment"]);
    rule
}

fn read_tiers(o: &mut Obj<'_>, f: &mut Findings) -> Option<Vec<Tier>> {
    let arr = o.req_array("tiers", f)?;
    let ptr = o.at("tiers");
    if arr.is_empty() {
        f.error(&ptr, ErrorKind::EmptyList);
    }
    let mut tiers: Vec<Tier> = Vec::new();
    for (i, v) in arr.iter().enumerate() {
        let p = index(&ptr, i);
        let Some(mut to) = Obj::new(v, &p, f) else {
            continue;
        };
        let at_least = to.req_dec("at_least", f);
        let fraction = to.req_fraction("fraction", f);
        let label = to.opt_text("label", f);
        to.finish(f, &[]);
        let (Some(at_least), Some(fraction)) = (at_least, fraction) else {
            continue;
        };
        if let Some(prev) = tiers.last() {
            if at_least >= prev.at_least {
                f.error(
                    &child(&p, "at_least"),
                    ErrorKind::TiersNotDecreasing {
                        previous: prev.at_least.normalize().to_string(),
                        this: at_least.normalize().to_string(),
                    },
                );
            }
            if fraction > prev.fraction {
                f.error(
                    &child(&p, "fraction"),
                    ErrorKind::TierFractionIncreasing {
                        previous: prev.fraction.normalize().to_string(),
                        this: fraction.normalize().to_string(),
                    },
                );
            }
        }
        tiers.push(Tier {
            at_least,
            fraction,
            label,
        });
    }
    Some(tiers)
}
