//! Roll-up from communes to the province: the inputs a set marks `"rollup": "sum"`
//! (counts over the territory) are summed over the communes' values into a provincial
//! values file, in the format `dti-score score` reads.
//!
//! A sum is written only when every commune supplied a valid value: a provincial figure
//! built from part of the communes would understate the province. Incomplete sums are
//! reported with the communes that lack the input, and their partial total.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::number::parse_number;
use crate::set::{IndicatorSet, Input, InputKind, Rollup};
use crate::values::{SetRef, Unit, Values};

/// What the roll-up produced.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RollupOutcome {
    /// The provincial values: every complete sum.
    pub values: Values,
    /// The communes summed, by id.
    pub communes: Vec<String>,
    /// Expected communes that sent nothing.
    pub missing_communes: Vec<String>,
    /// Communes whose value for a summed input is missing or not a number.
    pub gaps: Vec<RollupGap>,
    /// Sums left out of `values` because some commune lacks the input: pointer →
    /// the total over the communes that have it.
    #[serde(with = "decimal_map")]
    pub incomplete: BTreeMap<String, Decimal>,
}

/// A commune without a usable value for a summed input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RollupGap {
    /// The commune.
    pub unit_id: String,
    /// The input (`/values/1.1/a`, `/context/households`).
    pub pointer: String,
    /// Missing, or the text that is not a valid count.
    pub problem: GapProblem,
}

/// Why a commune's value cannot be summed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum GapProblem {
    /// Not given.
    Missing,
    /// Not a number, negative, or a count with a fraction.
    Invalid {
        /// The text as given.
        text: String,
    },
}

mod decimal_map {
    use std::collections::BTreeMap;

    use rust_decimal::Decimal;
    use serde::Serializer;

    pub fn serialize<S: Serializer>(
        m: &BTreeMap<String, Decimal>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        s.collect_map(m.iter().map(|(k, v)| (k, v.normalize().to_string())))
    }
}

/// Is this unit a commune? Units that say `commune`, and units that do not give their
/// level (plain values files often do not); departments and provinces are not summed.
pub fn is_commune(unit: &Unit) -> bool {
    matches!(unit.level.as_deref(), None | Some("commune"))
}

/// Sums the set's summable inputs over the communes among `units`.
///
/// `expected` lists the communes that should be there (e.g. from the key registry);
/// those absent are reported as missing. `province` names the provincial unit of the
/// output; without it the communes' common `province` is used, when they agree.
///
/// # Example
/// ```
/// use dti_score::aggregate::rollup;
/// use dti_score::{IndicatorSet, Values};
/// let set = IndicatorSet::from_json(r#"{
///   "format": "dti-score/indicator-set/v1", "id": "tiny", "version": "1",
///   "title": {"vi": "Nhỏ"}, "scale": "20",
///   "indicators": [{"code": "1", "title": {"vi": "Hộ có cáp quang"}, "max": "20",
///     "inputs": [{"id": "a", "label": {"vi": "Số hộ có cáp quang"}, "kind": "count", "rollup": "sum"},
///                {"id": "b", "label": {"vi": "Tổng số hộ"}, "kind": "count", "rollup": "sum"}],
///     "rule": {"kind": "linear", "ratio": "a/b"}}]
/// }"#).unwrap();
/// let x = Values::from_json(r#"{"unit": {"id": "x", "level": "commune"}, "values": {"1": {"a": "1.200.000", "b": "2000"}}}"#).unwrap();
/// let y = Values::from_json(r#"{"unit": {"id": "y", "level": "commune"}, "values": {"1": {"a": "300"}}}"#).unwrap();
/// let out = rollup(&set, &[&x, &y], Some(&["x".into(), "y".into(), "z".into()]), None);
/// assert_eq!(out.values.values["1"].inputs["a"], "1200300");
/// assert!(!out.values.values["1"].inputs.contains_key("b"));
/// assert_eq!(out.incomplete["/values/1/b"].to_string(), "2000");
/// assert_eq!(out.missing_communes, vec!["z".to_string()]);
/// ```
pub fn rollup(
    set: &IndicatorSet,
    units: &[&Values],
    expected: Option<&[String]>,
    province: Option<Unit>,
) -> RollupOutcome {
    let mut communes: Vec<&Values> = units
        .iter()
        .copied()
        .filter(|v| v.unit.as_ref().is_some_and(is_commune))
        .collect();
    communes.sort_by(|a, b| unit_id(a).cmp(unit_id(b)));
    let mut gaps = Vec::new();
    let mut incomplete: BTreeMap<String, Decimal> = BTreeMap::new();
    let mut values = Values {
        set: Some(SetRef {
            id: set.id.clone(),
            version: Some(set.version.clone()),
        }),
        ..Values::default()
    };
    let mut sum = |pointer: String,
                   kind: InputKind,
                   get: &dyn for<'v> Fn(&'v Values) -> Option<&'v str>|
     -> Option<Decimal> {
        let mut total = Decimal::ZERO;
        let mut whole = !communes.is_empty();
        for c in &communes {
            let problem = match get(c) {
                None => Some(GapProblem::Missing),
                Some(t) if t.trim().is_empty() => Some(GapProblem::Missing),
                Some(t) => match parse_number(t) {
                    Ok(d)
                        if d >= Decimal::ZERO
                            && (kind != InputKind::Count || d.fract().is_zero()) =>
                    {
                        match total.checked_add(d) {
                            Some(s) => {
                                total = s;
                                None
                            }
                            None => Some(GapProblem::Invalid {
                                text: t.to_string(),
                            }),
                        }
                    }
                    _ => Some(GapProblem::Invalid {
                        text: t.to_string(),
                    }),
                },
            };
            if let Some(problem) = problem {
                whole = false;
                gaps.push(RollupGap {
                    unit_id: unit_id(c).to_string(),
                    pointer: pointer.clone(),
                    problem,
                });
            }
        }
        let total = total.normalize();
        if whole {
            Some(total)
        } else {
            incomplete.insert(pointer, total);
            None
        }
    };
    let summed = |i: &&Input| i.rollup == Rollup::Sum;
    for input in set.context.iter().filter(summed) {
        let id = input.id.clone();
        if let Some(t) = sum(format!("/context/{id}"), input.kind, &|v| {
            v.context.get(&id).map(String::as_str)
        }) {
            values.context.insert(id, t.to_string());
        }
    }
    for node in &set.nodes {
        for input in node.inputs.iter().filter(summed) {
            let (nid, iid) = (node.id.clone(), input.id.clone());
            let ptr = format!("/values/{}/{}", crate::json::pointer::token(&nid), iid);
            let got = sum(ptr, input.kind, &|v| {
                v.values
                    .get(&nid)
                    .and_then(|n| n.inputs.get(&iid))
                    .map(String::as_str)
            });
            if let Some(t) = got {
                values
                    .values
                    .entry(nid)
                    .or_default()
                    .inputs
                    .insert(iid, t.to_string());
            }
        }
    }
    let years: Vec<Option<i32>> = communes.iter().map(|c| c.year).collect();
    values.year = common(&years).flatten();
    let periods: Vec<Option<String>> = communes.iter().map(|c| c.period.clone()).collect();
    values.period = common(&periods).flatten();
    let provinces: Vec<Option<String>> = communes
        .iter()
        .map(|c| c.unit.as_ref().and_then(|u| u.province.clone()))
        .collect();
    values.unit = province.or_else(|| {
        common(&provinces).flatten().map(|p| Unit {
            id: p,
            name: None,
            level: Some("province".into()),
            province: None,
        })
    });
    let ids: Vec<String> = communes.iter().map(|c| unit_id(c).to_string()).collect();
    let missing_communes = expected
        .map(|e| {
            let mut m: Vec<String> = e.iter().filter(|x| !ids.contains(x)).cloned().collect();
            m.sort();
            m.dedup();
            m
        })
        .unwrap_or_default();
    RollupOutcome {
        values,
        communes: ids,
        missing_communes,
        gaps,
        incomplete,
    }
}

fn unit_id(v: &Values) -> &str {
    v.unit.as_ref().map(|u| u.id.as_str()).unwrap_or("")
}

/// The value all items share, if any.
fn common<T: Clone + PartialEq>(items: &[T]) -> Option<T> {
    let first = items.first()?;
    items.iter().all(|x| x == first).then(|| first.clone())
}
