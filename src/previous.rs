//! Last year beside this year: a unit's previous assessment (its signed submission, or a
//! values file) read, and compared indicator by indicator with this year's report.
//!
//! Every DTI plan is written as "raise indicator X from last year's Y": the comparison
//! gives, per indicator, per main indicator and for the total, last year's points, this
//! year's and the change. Indicators are matched by id, whatever the set's version: an
//! indicator new this year, one no longer in the set, and a maximum that changed are
//! each noted, with a stable code and a message in Vietnamese and English.
//!
//! Where last year's points come from ([`Basis`]):
//! - a **signed submission** carries the points it was signed with, scored against last
//!   year's set: those are last year's points. Its signatures are checked against the
//!   keys it names (it has not been altered since it was signed); whether those keys
//!   were registered is the province's question, not this comparison's.
//! - a **values file** carries figures only: they are scored with this year's set, and
//!   the comparison says so.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::Value;

use crate::error::{Finding, Message};
use crate::eval::{score, ScoreOptions};
use crate::formats::{FileFormat, SUBMISSION_FORMAT};
use crate::report::Report;
use crate::set::IndicatorSet;
use crate::sign::Slot;
use crate::submission::{parse_signature, signer_key, signing_bytes, Submission};
use crate::values::Values;

pub use crate::error::{ChangeNote, PreviousError};

/// What last year's file was.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Source {
    /// A signed submission whose signatures verify against the keys it names.
    Submission {
        /// The preparer's key fingerprint.
        prepared_by: String,
        /// The approver's, where it was countersigned.
        #[serde(skip_serializing_if = "Option::is_none")]
        approved_by: Option<String>,
    },
    /// A values file: figures, no points and no signature.
    Values,
}

/// Where last year's points come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// The points the submission was signed with (last year's set).
    Signed,
    /// Last year's figures scored with this year's set.
    ThisYearsSet,
}

/// One indicator's scores as last year's submission signed them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SignedNode {
    /// Its code.
    pub code: String,
    /// Points.
    pub points: Option<Decimal>,
    /// Maximum.
    pub max: Option<Decimal>,
}

/// Last year's assessment, read.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Previous {
    /// What the file was.
    pub source: Source,
    /// The set it names (id, version), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub set: Option<(String, Option<String>)>,
    /// Its year.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
    /// The figures.
    #[serde(skip)]
    pub values: Values,
    /// The signed scores: the total and each indicator's by id (submissions only).
    #[serde(skip)]
    pub signed: Option<(Option<Decimal>, BTreeMap<String, SignedNode>)>,
}

impl Previous {
    /// Reads last year's file: a signed submission (any version of the set) or a
    /// values file.
    ///
    /// # Errors
    /// [`PreviousError`]: not JSON, another kind of file, a values file or submission
    /// that does not read, a signature that does not verify.
    pub fn from_json(text: &str) -> Result<Previous, PreviousError> {
        let mut f = crate::json::walk::Findings::default();
        let Some(value) =
            crate::json::walk::parse_json(text, crate::limits::InputKind::Submission, &mut f)
        else {
            return Err(unreadable(&f.0));
        };
        match value.get("format").and_then(Value::as_str) {
            Some(format) if format == SUBMISSION_FORMAT => Self::from_submission(&value),
            Some(format) if FileFormat::from_member(format) != Some(FileFormat::Values) => {
                Err(PreviousError::WrongKind {
                    found: format.to_string(),
                })
            }
            _ => {
                let values = Values::from_value(&value).map_err(|e| unreadable(&e.0))?;
                Ok(Previous {
                    source: Source::Values,
                    set: values
                        .set
                        .as_ref()
                        .map(|s| (s.id.clone(), s.version.clone())),
                    year: values.year,
                    values,
                    signed: None,
                })
            }
        }
    }

    fn from_submission(value: &Value) -> Result<Previous, PreviousError> {
        let submission: Submission =
            serde_json::from_value(value.clone()).map_err(|e| PreviousError::BadSubmission {
                message: e.to_string(),
            })?;
        let message = signing_bytes(value).map_err(|e| PreviousError::BadSubmission {
            message: e.to_string(),
        })?;
        let mut fingerprints = BTreeMap::new();
        for slot in Slot::ALL {
            let (Some(signer), Some(signature)) =
                (submission.signer(slot), submission.signature(slot))
            else {
                continue;
            };
            let key = signer_key(signer).map_err(|e| PreviousError::BadSubmission {
                message: e.to_string(),
            })?;
            let valid = parse_signature(signature)
                .ok()
                .is_some_and(|s| key.verify(&message, &s).is_ok());
            if !valid {
                return Err(PreviousError::SignatureInvalid {
                    slot,
                    fingerprint: key.fingerprint(),
                });
            }
            fingerprints.insert(slot.as_str(), key.fingerprint());
        }
        let values = Values::from_value(&submission.values_file()).map_err(|e| unreadable(&e.0))?;
        let decimal = |v: Option<&Value>| v.and_then(Value::as_str).and_then(|s| s.parse().ok());
        let nodes = submission
            .report
            .get("nodes")
            .and_then(Value::as_object)
            .map(|nodes| {
                nodes
                    .iter()
                    .map(|(id, n)| {
                        let code = n.get("code").and_then(Value::as_str).unwrap_or(id);
                        let node = SignedNode {
                            code: code.to_string(),
                            points: decimal(n.get("points")),
                            max: decimal(n.get("max")),
                        };
                        (id.clone(), node)
                    })
                    .collect()
            })
            .unwrap_or_default();
        Ok(Previous {
            source: Source::Submission {
                prepared_by: fingerprints.remove("prepared_by").unwrap_or_default(),
                approved_by: fingerprints.remove("approved_by"),
            },
            set: Some((
                submission.set.id.clone(),
                Some(submission.set.version.clone()),
            )),
            year: submission.year.parse().ok(),
            values,
            signed: Some((decimal(submission.report.get("total")), nodes)),
        })
    }
}

fn unreadable(findings: &[Finding]) -> PreviousError {
    PreviousError::Unreadable {
        findings: findings.iter().map(Finding::to_string).collect(),
    }
}

/// Points this year and last, and the change (where both are known).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Change {
    /// This year's points.
    pub this: Option<Decimal>,
    /// Last year's.
    pub last: Option<Decimal>,
    /// This year's minus last year's.
    pub change: Option<Decimal>,
}

impl Change {
    fn new(this: Option<Decimal>, last: Option<Decimal>) -> Change {
        let change = this.zip(last).map(|(a, b)| a - b);
        Change { this, last, change }
    }
}

/// One indicator of this year's set beside last year's.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NodeChange {
    /// The indicator's id.
    pub id: String,
    /// Its code.
    pub code: String,
    /// Its points.
    pub points: Change,
    /// Its maximum last year, where it was in last year's assessment.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_max: Option<Decimal>,
    /// What changed in the set: new this year, maximum changed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Noted>,
}

/// A [`ChangeNote`] (or another note, such as a set comparison's
/// `set::diff::SetChange`) with its code and both messages, as files and the
/// page show it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Noted<N = ChangeNote> {
    /// The stable code.
    pub code: &'static str,
    /// In Vietnamese.
    pub vi: String,
    /// In English.
    pub en: String,
    /// The note.
    #[serde(skip)]
    pub note: N,
}

impl<N: Message> From<N> for Noted<N> {
    fn from(note: N) -> Noted<N> {
        Noted {
            code: note.code(),
            vi: note.message(crate::Lang::Vi),
            en: note.message(crate::Lang::En),
            note,
        }
    }
}

/// This year's report beside last year's assessment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YearOverYear {
    /// Last year's file.
    pub previous: Previous,
    /// Where last year's points come from.
    pub basis: Basis,
    /// The total.
    pub total: Change,
    /// Every indicator of this year's set, in the set's order.
    pub nodes: Vec<NodeChange>,
    /// Notes on the whole comparison: another set or version, figures scored again,
    /// indicators no longer in the set.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Noted>,
}

impl YearOverYear {
    /// The change of one indicator, by id.
    pub fn node(&self, id: &str) -> Option<&NodeChange> {
        self.nodes.iter().find(|n| n.id == id)
    }
}

/// Compares this year's report (scored with `set`) with last year's assessment.
///
/// # Example
/// ```
/// use dti_score::previous::{compare, Basis, Previous};
/// use dti_score::{score, IndicatorSet, ScoreOptions, Values};
///
/// let set = IndicatorSet::from_json(r#"{"format": "dti-score/indicator-set/v1", "id": "t",
///   "version": "1", "title": {"vi": "T"}, "scale": "10", "indicators": [{"code": "1",
///   "title": {"vi": "Có"}, "max": "10", "rule": {"kind": "yes_no"}}]}"#).unwrap();
/// let now = Values::from_json(r#"{"values": {"1": {"done": true}}}"#).unwrap();
/// let report = score(&set, &now, &ScoreOptions::default());
/// let last = Previous::from_json(r#"{"year": 2024, "values": {"1": {"done": false}}}"#).unwrap();
/// let yoy = compare(&set, &report, &last);
/// assert_eq!(yoy.basis, Basis::ThisYearsSet);
/// assert_eq!(yoy.total.change.unwrap().to_string(), "10");
/// ```
pub fn compare(set: &IndicatorSet, report: &Report, previous: &Previous) -> YearOverYear {
    let mut notes: Vec<Noted> = Vec::new();
    if let Some((id, version)) = &previous.set {
        let same = *id == set.id && version.as_deref().is_none_or(|v| v == set.version);
        if !same {
            notes.push(
                ChangeNote::OtherSet {
                    id: id.clone(),
                    version: version.clone().unwrap_or_default(),
                }
                .into(),
            );
        }
    }
    let (basis, last_total, last_nodes) = match &previous.signed {
        Some((total, nodes)) => (Basis::Signed, *total, nodes.clone()),
        None => {
            notes.push(ChangeNote::ScoredWithThisYearsSet.into());
            let options = ScoreOptions {
                year: previous.year,
                numbers_only: true,
                ..Default::default()
            };
            let last = score(set, &previous.values, &options);
            let nodes = last
                .nodes
                .iter()
                .map(|(id, n)| {
                    let code = last.nodes.code(id).unwrap_or(id).to_string();
                    let node = SignedNode {
                        code,
                        points: n.points,
                        max: n.max,
                    };
                    (id.to_string(), node)
                })
                .collect();
            (Basis::ThisYearsSet, last.total, nodes)
        }
    };
    let nodes = set
        .nodes()
        .iter()
        .map(|node| {
            let this = report.nodes.get(&node.id);
            let last = last_nodes.get(&node.id);
            let mut node_notes = Vec::new();
            match last {
                None => node_notes.push(ChangeNote::NewIndicator.into()),
                Some(last) => {
                    if let (Some(from), Some(to)) = (last.max, node.max) {
                        if from != to {
                            node_notes.push(ChangeNote::MaxChanged { from, to }.into());
                        }
                    }
                }
            }
            NodeChange {
                id: node.id.clone(),
                code: node.code.clone(),
                points: Change::new(this.and_then(|n| n.points), last.and_then(|n| n.points)),
                last_max: last.and_then(|n| n.max),
                notes: node_notes,
            }
        })
        .collect();
    for (id, last) in &last_nodes {
        if set.ids.position(id).is_none() {
            notes.push(
                ChangeNote::Removed {
                    code: last.code.clone(),
                    points: last.points,
                }
                .into(),
            );
        }
    }
    YearOverYear {
        previous: previous.clone(),
        basis,
        total: Change::new(report.total, last_total),
        nodes,
        notes,
    }
}

/// A new draft pre-filled from last year's assessment ([`prefill`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Prefill {
    /// The values: last year's answers to every field this year's set still asks, each
    /// listed in [`Values::carried`] until the unit confirms or changes it.
    pub values: Values,
    /// What was not carried over: indicators and fields this year's set does not ask,
    /// and choices whose option is gone.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Noted>,
}

/// Pre-fills a new draft of `set` for `year` from last year's assessment.
///
/// Every field of this year's form (its path in the form view, [`crate::set::form`])
/// whose answer last year's file holds is copied — a figure, a yes/no, each ticked or
/// unticked item that is still an item, a choice that is still an option, manual points
/// and their justification, an exclusion's reason, a context figure — and listed in
/// `carried`, so that signing refuses it until the unit has confirmed or changed it.
/// Notes, evidence and typed texts are not carried: this year needs its own.
///
/// # Example
/// ```
/// use dti_score::previous::{prefill, Previous};
///
/// let set = dti_score::IndicatorSet::from_json(r#"{"format": "dti-score/indicator-set/v1",
///   "id": "t", "version": "2", "title": {"vi": "T"}, "scale": "10", "indicators": [{"code": "1",
///   "title": {"vi": "Có"}, "max": "10", "rule": {"kind": "yes_no"}}]}"#).unwrap();
/// let last = Previous::from_json(r#"{"year": 2024, "values": {"1": {"done": true}, "9": {"done": true}}}"#).unwrap();
/// let p = prefill(&set, &last, Some(2025));
/// assert_eq!(p.values.values["1"].done, Some(true));
/// assert_eq!(p.values.carried.iter().collect::<Vec<_>>(), ["/values/1/done"]);
/// assert_eq!(p.notes[0].code, "previous.not_carried");
/// ```
pub fn prefill(set: &IndicatorSet, previous: &Previous, year: Option<i32>) -> Prefill {
    let last = previous.values.to_json_value();
    let mut out = serde_json::json!({ "values": {} });
    let mut carried = std::collections::BTreeSet::new();
    let mut notes: Vec<Noted> = Vec::new();
    let mut copy = |path: &[String], out: &mut Value| {
        let Some(v) = get(&last, path) else {
            return false;
        };
        set_at(out, path, v.clone());
        carried.insert(crate::json::pointer::of_path(path));
        true
    };
    for input in set.context() {
        let path = ["context".to_string(), input.id.clone()];
        if get(&last, &path).is_some_and(Value::is_string) {
            copy(&path, &mut out);
        }
    }
    let form = crate::set::form(set);
    for (id, answers) in &form {
        let mut asked = Vec::new();
        carry(answers, &last, &mut out, &mut copy, &mut asked, &mut notes);
        // Figures of this indicator that this year's form does not ask.
        let base = ["values".to_string(), id.to_string()];
        if let Some(Value::Object(fields)) = get(&last, &base) {
            for (field, v) in fields {
                let figure = v.is_string() || v.is_boolean() || field == "items";
                let kept = ["note", "evidence", "typed", "parts", "items"];
                if figure && !kept.contains(&field.as_str()) && !asked.contains(field) {
                    notes.push(
                        ChangeNote::FieldNotCarried {
                            code: code_of(set, id),
                            field: field.clone(),
                        }
                        .into(),
                    );
                }
            }
        }
    }
    for id in previous.values.values.keys() {
        if !form.contains_key(id.as_str()) {
            notes.push(ChangeNote::NotCarried { code: id.clone() }.into());
        }
    }
    let mut values = Values::from_value(&out).unwrap_or_default();
    values.set = Some(crate::values::SetRef {
        id: set.id().to_string(),
        version: Some(set.version().to_string()),
    });
    values.year = year;
    values.unit.clone_from(&previous.values.unit);
    values.carried = carried.into_iter().collect();
    Prefill { values, notes }
}

/// Copies the answers of one leaf's (or part's) fields; `asked` collects the field
/// names at the leaf's level.
fn carry(
    answers: &[crate::set::Answer<'_>],
    last: &Value,
    out: &mut Value,
    copy: &mut impl FnMut(&[String], &mut Value) -> bool,
    asked: &mut Vec<String>,
    notes: &mut Vec<Noted>,
) {
    use crate::set::Answer;
    for answer in answers {
        match answer {
            Answer::Number { path, .. }
            | Answer::YesNo { path, .. }
            | Answer::Points { path }
            | Answer::Attainment { path }
            | Answer::Justification { path }
            | Answer::Excluded { path } => {
                asked.extend(path.last().cloned());
                copy(path, out);
            }
            Answer::Checklist { path, items } => {
                asked.extend(path.last().cloned());
                for item in *items {
                    let mut at = path.clone();
                    at.push(item.id.clone());
                    copy(&at, out);
                }
                if let Some(Value::Object(ticks)) = get(last, path) {
                    for id in ticks.keys() {
                        if !items.iter().any(|i| i.id == *id) {
                            notes.push(
                                ChangeNote::FieldNotCarried {
                                    code: path[1].clone(),
                                    field: format!("items/{id}"),
                                }
                                .into(),
                            );
                        }
                    }
                }
            }
            Answer::Choice { path, options } => {
                asked.extend(path.last().cloned());
                match get(last, path).and_then(Value::as_str) {
                    Some(choice) if options.iter().any(|o| o.id == choice) => {
                        copy(path, out);
                    }
                    Some(choice) => notes.push(
                        ChangeNote::FieldNotCarried {
                            code: path[1].clone(),
                            field: format!("choice {choice}"),
                        }
                        .into(),
                    ),
                    None => {}
                }
            }
            Answer::Part { fields, .. } => {
                let mut inner = Vec::new();
                carry(fields, last, out, copy, &mut inner, notes);
                // A part's inputs sit at the leaf's level; its own fields under `parts`.
                asked.extend(inner);
            }
        }
    }
}

fn code_of(set: &IndicatorSet, id: &str) -> String {
    set.node(id)
        .map_or_else(|| id.to_string(), |n| n.code.clone())
}

/// The JSON value at a path of member names.
fn get<'v>(v: &'v Value, path: &[String]) -> Option<&'v Value> {
    path.iter().try_fold(v, |v, k| v.get(k))
}

/// Sets the value at a path, making the objects on the way.
fn set_at(v: &mut Value, path: &[String], value: Value) {
    let Some((last, parents)) = path.split_last() else {
        return;
    };
    let mut at = v;
    for k in parents {
        let Value::Object(map) = at else { return };
        at = map
            .entry(k.clone())
            .or_insert_with(|| Value::Object(serde_json::Map::new()));
    }
    if let Value::Object(map) = at {
        map.insert(last.clone(), value);
    }
}

/// A change in points as a person reads it, signed: `+2,5`, `-1`, `0` (Vietnamese),
/// `+2.5` (English).
///
/// # Example
/// ```
/// use dti_score::previous::signed_change;
/// use dti_score::Lang;
/// use rust_decimal::Decimal;
///
/// assert_eq!(signed_change(Decimal::new(25, 1), Lang::Vi), "+2,5");
/// assert_eq!(signed_change(Decimal::new(-1, 0), Lang::En), "-1");
/// assert_eq!(signed_change(Decimal::ZERO, Lang::Vi), "0");
/// ```
pub fn signed_change(d: Decimal, lang: crate::Lang) -> String {
    let shown = crate::number::format_lang(&d, lang);
    if d > Decimal::ZERO {
        format!("+{shown}")
    } else {
        shown
    }
}

/// One of last year's answers, written for the field it answers this year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Figure {
    /// The field's path in a values document (`["values", "1.1", "a"]`).
    pub path: Vec<String>,
    /// Last year's answer, in each language's format (`"1.234,5"`, `"Có"`, the option's
    /// label).
    pub text: crate::Bilingual,
}

/// Last year's answers to this year's fields, each written the way a person reads it:
/// numbers in the language's format, yes/no as words, a choice as its option's label,
/// each item as ticked or not. The page shows them beside the fields.
///
/// # Example
/// ```
/// use dti_score::previous::{figures, Previous};
///
/// let set = dti_score::IndicatorSet::from_json(r#"{"format": "dti-score/indicator-set/v1",
///   "id": "t", "version": "1", "title": {"vi": "T"}, "scale": "10", "indicators": [{"code": "1",
///   "title": {"vi": "Tỷ lệ"}, "max": "10", "inputs": [{"id": "a", "label": {"vi": "a"}},
///   {"id": "b", "label": {"vi": "b"}}], "rule": {"kind": "linear", "ratio": "a/b"}}]}"#).unwrap();
/// let last = Previous::from_json(r#"{"values": {"1": {"a": "1234.5", "b": "2000"}}}"#).unwrap();
/// let f = figures(&set, &last);
/// assert_eq!((f[0].text.vi.as_str(), f[0].text.en.as_str()), ("1.234,5", "1,234.5"));
/// ```
pub fn figures(set: &IndicatorSet, previous: &Previous) -> Vec<Figure> {
    use crate::set::Answer;
    use crate::text::Word;
    let last = previous.values.to_json_value();
    let mut out = Vec::new();
    let number = |path: &[String], out: &mut Vec<Figure>| {
        if let Some(d) = get(&last, path)
            .and_then(Value::as_str)
            .and_then(|s| s.parse::<Decimal>().ok())
        {
            out.push(Figure {
                path: path.to_vec(),
                text: crate::Bilingual::from_fn(|lang| crate::number::format_lang(&d, lang)),
            });
        }
    };
    for input in set.context() {
        number(&["context".to_string(), input.id.clone()], &mut out);
    }
    fn walk(
        answers: &[Answer<'_>],
        last: &Value,
        out: &mut Vec<Figure>,
        number: &impl Fn(&[String], &mut Vec<Figure>),
    ) {
        let word = |w: Word| crate::Bilingual::from_fn(|lang| w.get(lang).to_string());
        for answer in answers {
            match answer {
                Answer::Number { path, .. }
                | Answer::Points { path }
                | Answer::Attainment { path } => {
                    number(path, out);
                }
                Answer::YesNo { path, .. } => {
                    if let Some(b) = get(last, path).and_then(Value::as_bool) {
                        let text = word(if b { Word::Yes } else { Word::No });
                        out.push(Figure {
                            path: path.clone(),
                            text,
                        });
                    }
                }
                Answer::Checklist { path, items } => {
                    for item in *items {
                        let mut at = path.clone();
                        at.push(item.id.clone());
                        if let Some(b) = get(last, &at).and_then(Value::as_bool) {
                            let text = word(if b { Word::Yes } else { Word::No });
                            out.push(Figure { path: at, text });
                        }
                    }
                }
                Answer::Choice { path, options } => {
                    let chosen = get(last, path).and_then(Value::as_str);
                    if let Some(o) = options.iter().find(|o| Some(o.id.as_str()) == chosen) {
                        let text = crate::Bilingual::from_fn(|lang| o.label.get(lang).to_string());
                        out.push(Figure {
                            path: path.clone(),
                            text,
                        });
                    }
                }
                Answer::Part { fields, .. } => walk(fields, last, out, number),
                Answer::Justification { .. } | Answer::Excluded { .. } => {}
            }
        }
    }
    for answers in crate::set::form(set).values() {
        walk(answers, &last, &mut out, &number);
    }
    out
}

/// Last year beside this year in the unit's results table ([`crate::unit_table`]): three
/// columns after the others — last year's points, the change, and what changed in the
/// set — on every indicator's row (matched by its code) and the total's.
///
/// # Example
/// ```
/// use dti_score::previous::{beside, compare, Previous};
/// use dti_score::{score, unit_table, IndicatorSet, Lang, ScoreOptions, Values};
///
/// let set = IndicatorSet::from_json(r#"{"format": "dti-score/indicator-set/v1", "id": "t",
///   "version": "1", "title": {"vi": "T"}, "scale": "10", "indicators": [{"code": "1",
///   "title": {"vi": "Có"}, "max": "10", "rule": {"kind": "yes_no"}}]}"#).unwrap();
/// let now = Values::from_json(r#"{"values": {"1": {"done": true}}}"#).unwrap();
/// let report = score(&set, &now, &ScoreOptions::default());
/// let last = Previous::from_json(r#"{"year": 2024, "values": {"1": {"done": false}}}"#).unwrap();
/// let mut table = unit_table(&set, &report, Lang::Vi);
/// beside(&mut table, &compare(&set, &report, &last), Lang::Vi);
/// assert_eq!(table.header[8..], ["Điểm năm trước", "Thay đổi so với năm trước", "Ghi chú so với năm trước"]);
/// assert_eq!(table.rows[0][9].to_csv_text(), "10");
/// ```
pub fn beside(table: &mut crate::table::Table, yoy: &YearOverYear, lang: crate::Lang) {
    use crate::table::Cell;
    let t = |vi, en| crate::text::tr(lang, vi, en).to_string();
    table.header.push(t("Điểm năm trước", "Last year's points"));
    table
        .header
        .push(t("Thay đổi so với năm trước", "Change from last year"));
    table
        .header
        .push(t("Ghi chú so với năm trước", "Note on last year"));
    let notes = |notes: &[Noted]| {
        let text: Vec<&str> = notes.iter().map(|n| n.note_in(lang)).collect();
        if text.is_empty() {
            Cell::Empty
        } else {
            Cell::text(text.join("; "))
        }
    };
    let last_row = table.rows.len().saturating_sub(1);
    for (i, row) in table.rows.iter_mut().enumerate() {
        let code = match row.first() {
            Some(Cell::Text(code)) => Some(code.as_str()),
            _ => None,
        };
        let (change, note) = match code.and_then(|c| yoy.nodes.iter().find(|n| n.code == c)) {
            Some(n) => (n.points, notes(&n.notes)),
            None if i == last_row => (yoy.total, notes(&yoy.notes)),
            None => (Change::default(), Cell::Empty),
        };
        row.push(Cell::number(change.last));
        row.push(Cell::number(change.change));
        row.push(note);
    }
}

impl Noted {
    /// The note in a language.
    pub fn note_in(&self, lang: crate::Lang) -> &str {
        match lang {
            crate::Lang::Vi => &self.vi,
            crate::Lang::En => &self.en,
        }
    }
}
