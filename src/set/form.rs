//! The set as a form: for each leaf indicator, its fields in the order a person answers
//! them: its number inputs, the answer fields its rule takes (a yes/no, the items of a
//! checklist, a choice, a gate, the points and justification of a manual rule, each part
//! of a sum of parts, with the inputs that part uses inside it) and whether it may be
//! marked not applicable. A tiers rule's gate comes before the figure it governs. The
//! page draws what this lists and never looks at a rule's kind: a new rule kind is a
//! compile error here, not a field the page forgets.
//!
//! Each field carries its path in a values document (`["values", "1.1", "done"]`), the
//! path [`super::fields`] and the page's draft use.

use indexmap::IndexMap;
use rust_decimal::Decimal;
use serde::Serialize;

use super::rule::{Item, Rule};
use super::{IndicatorSet, Node};
use crate::text::Text;

/// One answer field of a leaf ([`form`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "field", rename_all = "snake_case")]
pub enum Answer<'a> {
    /// One of the node's number inputs (its label, kind and unit are the node's `inputs`
    /// entry with this id).
    Number {
        /// Where the figure goes (`…/a`).
        path: Vec<String>,
        /// The input's id.
        id: &'a str,
    },
    /// A yes/no question: the rule's own question or a tiers rule's gate; `None` where
    /// the indicator's title is the question (the page asks "done?").
    YesNo {
        /// Where the answer goes (`…/done` or `…/gate`).
        path: Vec<String>,
        /// The question, when it is not the title.
        question: Option<&'a Text>,
    },
    /// Items to tick, each worth its fraction of the maximum.
    Checklist {
        /// Where the ticks go (`…/items`, one member per item id).
        path: Vec<String>,
        /// The items.
        items: &'a [Item],
    },
    /// One option to choose, worth its fraction of the maximum.
    Choice {
        /// Where the choice goes (`…/choice`).
        path: Vec<String>,
        /// The options.
        options: &'a [Item],
    },
    /// Points of the maximum, entered by the unit (a manual rule).
    Points {
        /// Where they go (`…/points`).
        path: Vec<String>,
    },
    /// The attainment, 0–100%, entered by the unit (a manual rule in a set without
    /// maxima).
    Attainment {
        /// Where it goes (`…/attainment`).
        path: Vec<String>,
    },
    /// Why the points entered are deserved (a manual rule).
    Justification {
        /// Where it goes (`…/justification`).
        path: Vec<String>,
    },
    /// A part of a sum of parts, with its own fields.
    Part {
        /// The part's id.
        id: &'a str,
        /// Its label.
        label: &'a Text,
        /// Its fraction of the maximum.
        #[serde(with = "rust_decimal::serde::str")]
        fraction: Decimal,
        /// Its rule's fields.
        fields: Vec<Answer<'a>>,
    },
    /// The reason for marking the indicator not applicable (an excludable indicator).
    Excluded {
        /// Where it goes (`…/excluded`).
        path: Vec<String>,
    },
}

/// Every leaf's answer fields, by leaf id in the set's order.
///
/// # Example
/// ```
/// use dti_score::set::{form, Answer};
///
/// let set = dti_score::IndicatorSet::from_json(r#"{
///   "format": "dti-score/indicator-set/v1", "id": "tiny", "version": "1",
///   "title": {"vi": "Nhỏ"}, "scale": "10",
///   "indicators": [{"code": "1", "title": {"vi": "Có"}, "max": "10", "rule": {"kind": "yes_no"}}]
/// }"#).unwrap();
/// let form = form(&set);
/// assert_eq!(form["1"], [Answer::YesNo { path: vec!["values".into(), "1".into(), "done".into()], question: None }]);
/// ```
pub fn form(set: &IndicatorSet) -> IndexMap<&str, Vec<Answer<'_>>> {
    set.leaves()
        .map(|node| (node.id.as_str(), leaf_form(node)))
        .collect()
}

/// One leaf's answer fields ([`form`] for a single node); empty for a node without a
/// rule.
pub(crate) fn leaf_form<'a>(node: &'a Node) -> Vec<Answer<'a>> {
    let Some(rule) = node.rule.as_ref() else {
        return Vec::new();
    };
    let base = vec!["values".to_string(), node.id.clone()];
    let number = |id: &'a str| Answer::Number {
        path: at(&base, id),
        id,
    };
    let mut fields: Vec<Answer<'_>> = Vec::new();
    match rule {
        // The gate first: the figure counts only when it is answered yes.
        Rule::Tiers { gate: Some(_), .. } => {
            fields.extend(rule_fields(rule, &base, node.max.is_some()));
            fields.extend(node.inputs.iter().map(|i| number(&i.id)));
        }
        // Each part holds the inputs its rule uses (the first part to use one); inputs no
        // part uses come first.
        Rule::SumOfParts { parts } => {
            let mut placed: Vec<&str> = Vec::new();
            let mut owned: Vec<Vec<&'a str>> = Vec::new();
            for part in parts {
                let mut mine = Vec::new();
                rule_vars(&part.rule, &mut |v| {
                    if let Some(input) = node.inputs.iter().find(|i| i.id == v) {
                        if !placed.contains(&input.id.as_str()) {
                            placed.push(&input.id);
                            mine.push(input.id.as_str());
                        }
                    }
                });
                owned.push(mine);
            }
            fields.extend(
                node.inputs
                    .iter()
                    .filter(|i| !placed.contains(&i.id.as_str()))
                    .map(|i| number(&i.id)),
            );
            for (answer, mine) in rule_fields(rule, &base, node.max.is_some())
                .into_iter()
                .zip(owned)
            {
                fields.push(match answer {
                    Answer::Part {
                        id,
                        label,
                        fraction,
                        fields: own,
                    } => Answer::Part {
                        id,
                        label,
                        fraction,
                        fields: mine.into_iter().map(number).chain(own).collect(),
                    },
                    other => other,
                });
            }
        }
        _ => {
            fields.extend(node.inputs.iter().map(|i| number(&i.id)));
            fields.extend(rule_fields(rule, &base, node.max.is_some()));
        }
    }
    if node.excludable {
        fields.push(Answer::Excluded {
            path: at(&base, "excluded"),
        });
    }
    fields
}

/// The variables a rule's expressions read, in order (a part's own rule included).
fn rule_vars<'a>(rule: &'a Rule, f: &mut dyn FnMut(&'a str)) {
    match rule {
        Rule::Linear { ratio }
        | Rule::LinearToTarget { ratio, .. }
        | Rule::AllOrNothing { ratio, .. }
        | Rule::Relative { ratio, .. } => ratio.expr.visit_vars(f),
        Rule::Tiers { value, .. } | Rule::PerUnit { value, .. } => value.visit_vars(f),
        Rule::SumOfParts { parts } => parts.iter().for_each(|p| rule_vars(&p.rule, f)),
        Rule::YesNo { .. } | Rule::Checklist { .. } | Rule::Choice { .. } | Rule::Manual => {}
    }
}

fn at(base: &[String], member: &str) -> Vec<String> {
    let mut path = base.to_vec();
    path.push(member.to_string());
    path
}

/// The fields a rule takes besides the node's inputs; `base` is the path of the node's
/// entry (`["values", id]`) or of a part (`["values", id, "parts", p]`).
fn rule_fields<'a>(rule: &'a Rule, base: &[String], has_max: bool) -> Vec<Answer<'a>> {
    match rule {
        Rule::Linear { .. }
        | Rule::LinearToTarget { .. }
        | Rule::AllOrNothing { .. }
        | Rule::PerUnit { .. }
        | Rule::Relative { .. } => Vec::new(),
        Rule::YesNo { question } => vec![Answer::YesNo {
            path: at(base, "done"),
            question: question.as_ref(),
        }],
        Rule::Checklist { items } => vec![Answer::Checklist {
            path: at(base, "items"),
            items,
        }],
        Rule::Choice { options } => vec![Answer::Choice {
            path: at(base, "choice"),
            options,
        }],
        Rule::Tiers { gate, .. } => gate
            .iter()
            .map(|g| Answer::YesNo {
                path: at(base, "gate"),
                question: Some(g),
            })
            .collect(),
        Rule::Manual => vec![
            // Points of the maximum; in a set without maxima, the attainment (0–100%).
            if has_max {
                Answer::Points {
                    path: at(base, "points"),
                }
            } else {
                Answer::Attainment {
                    path: at(base, "attainment"),
                }
            },
            Answer::Justification {
                path: at(base, "justification"),
            },
        ],
        Rule::SumOfParts { parts } => parts
            .iter()
            .map(|part| {
                let mut path = at(base, "parts");
                path.push(part.id.clone());
                Answer::Part {
                    id: &part.id,
                    label: &part.label,
                    fraction: part.fraction,
                    fields: rule_fields(&part.rule, &path, has_max),
                }
            })
            .collect(),
    }
}
