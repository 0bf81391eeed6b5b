//! The scoring rules of a set file, with their thresholds, tiers, items and expressions.

use rust_decimal::Decimal;
use serde_json::Value;

use crate::error::ErrorKind;
use crate::json::walk::{as_decimal, as_int, as_str, child, describe, index, Findings, Obj};
use crate::set::node::Input;
use crate::set::Expr;
use crate::set::{Item, Part, Period, Ratio, Reference, RelativeMethod, Rule, Threshold, Tier};

pub(super) struct Scope<'a> {
    pub(super) inputs: &'a [Input],
    pub(super) context: &'a [String],
}

pub(super) fn read_expr(
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
            f.error(ptr, ErrorKind::BadExpression { error: e });
            None
        }
    }
}

pub(super) fn read_ratio(
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
                    allowed: crate::error::Expected::ShareTolerance,
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

pub(super) fn read_threshold(
    o: &mut Obj<'_>,
    key: &'static str,
    f: &mut Findings,
) -> Option<Threshold> {
    let v = o.req(key, f)?;
    let ptr = o.at(key);
    let positive = |d: Decimal, p: &str, f: &mut Findings| {
        if d <= Decimal::ZERO {
            f.error(
                p,
                ErrorKind::OutOfRange {
                    value: d.to_string(),
                    allowed: crate::error::Expected::MoreThanZero,
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
                let in_range = |y: i64| crate::formats::YEARS.contains(&y);
                if !in_range(from) || !in_range(to_y) {
                    f.error(
                        &pp,
                        ErrorKind::OutOfRange {
                            value: format!("{from}–{to_y}"),
                            allowed: crate::error::Expected::Year,
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
                // A later period asking less than an earlier one is most often a typo
                // (the sources' thresholds rise: 95% to 2027, 99% from 2028): a warning.
                if let Some(earlier) = periods.iter().find(|p| p.to < from && p.value > value) {
                    f.warning(
                        &child(&pp, "value"),
                        ErrorKind::PeriodThresholdDecreasing {
                            period: format!("{from}–{to_y}: {}", percent(value)),
                            earlier: format!(
                                "{}–{}: {}",
                                earlier.from,
                                earlier.to,
                                percent(earlier.value)
                            ),
                        },
                    );
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
                    expected: crate::error::Expected::DecimalString,
                    found: describe(other),
                },
            );
            None
        }
    }
}

/// A ratio threshold as a percentage (`0.95` → `95%`), for messages.
fn percent(d: Decimal) -> String {
    d.checked_mul(Decimal::ONE_HUNDRED).map_or_else(
        || d.normalize().to_string(),
        |p| format!("{}%", p.normalize()),
    )
}

pub(super) fn read_items(
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

pub(super) fn read_rule(
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
                            allowed: crate::error::Expected::MoreThanZero,
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
                    known: &Rule::KINDS,
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

pub(super) fn read_tiers(o: &mut Obj<'_>, f: &mut Findings) -> Option<Vec<Tier>> {
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
