//! The page's per-keystroke path: a [`Session`] per open draft, held by the engine.
//!
//! The page opens it with the draft's values document (`open`, the full report with
//! traces), then sends each keystroke as the fields it changes (`edit`: a number and the
//! text it was typed as) and gets back only what changed: the indicators the edit
//! reaches (the leaf and its ancestors), the totals, the ranking of losses and the
//! readiness to sign. `explain` then gives the same indicators with their traces.

use serde::Serialize;
use serde_json::Value;
use wasm_bindgen::prelude::*;

use crate::error::Finding;
use crate::eval::{Changed, Session};
use crate::report::{Applicable, Progress, Readiness, Report, SomeNodeReports, StatusCounts};
use crate::ScoreOptions;

use super::json;
use super::page::SetHandle;

/// A draft's values and report, kept in the engine between keystrokes.
#[wasm_bindgen]
pub struct DraftSession {
    session: Option<Session>,
    /// What the last edits with numbers only changed (for `explain`).
    pending: Changed,
}

/// What an edit changed, for the page.
#[derive(Serialize)]
struct Delta<'a> {
    ok: bool,
    /// The indicators changed, by id (all of them after `open`, or an edit of the
    /// context or the year).
    nodes: SomeNodeReports<'a>,
    all: bool,
    #[serde(with = "rust_decimal::serde::str_option")]
    total: Option<rust_decimal::Decimal>,
    #[serde(with = "rust_decimal::serde::str_option")]
    achieved: Option<rust_decimal::Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    applicable: Option<&'a Applicable>,
    ranking: Vec<&'a str>,
    readiness: Readiness,
    /// Leaves by status ([`Report::status_tally`]).
    counts: StatusCounts,
    /// Each main indicator's answered / missing / invalid ([`Report::progress`]).
    progress: Vec<Progress>,
}

#[derive(Serialize)]
struct Refused<'a> {
    ok: bool,
    errors: &'a [Finding],
}

#[derive(Serialize)]
struct Opened<'a> {
    ok: bool,
    report: &'a Report,
    ranking: Vec<&'a str>,
    readiness: Readiness,
    /// Leaves by status ([`Report::status_tally`]).
    counts: StatusCounts,
    /// Each main indicator's answered / missing / invalid ([`Report::progress`]).
    progress: Vec<Progress>,
}

fn delta(session: &Session, changed: &Changed) -> Result<String, JsError> {
    let report = session.report();
    json(&Delta {
        ok: true,
        nodes: report.nodes.some(&changed.nodes),
        all: changed.all,
        total: report.total,
        achieved: report.achieved,
        applicable: report.applicable.as_ref(),
        ranking: report.losses(),
        readiness: report.readiness(),
        counts: report.status_tally(),
        progress: report.progress(),
    })
}

#[wasm_bindgen]
impl DraftSession {
    /// An empty session; `open` gives it a draft.
    #[wasm_bindgen(constructor)]
    #[allow(clippy::new_without_default)]
    pub fn new() -> DraftSession {
        DraftSession {
            session: None,
            pending: Changed::default(),
        }
    }

    /// Opens the session on a values document's JSON text, scored with the set's
    /// targets: `{ ok: true, report, ranking, readiness, counts }` as `SetHandle.scoreJson`
    /// writes it, or `{ ok: false, errors }`.
    ///
    /// # Errors
    /// Only when the result cannot be serialized.
    pub fn open(&mut self, set: &SetHandle, values_json: &str) -> Result<String, JsError> {
        let document: Value = match serde_json::from_str(values_json) {
            Ok(v) => v,
            Err(_) => {
                let errors = crate::Values::from_json(values_json)
                    .err()
                    .map(|e| e.0)
                    .unwrap_or_default();
                return json(&Refused {
                    ok: false,
                    errors: &errors,
                });
            }
        };
        let options = ScoreOptions {
            targets: set.targets.clone(),
            ..ScoreOptions::default()
        };
        match Session::open(set.set.clone(), document, options) {
            Ok(session) => {
                let report = session.report();
                let out = json(&Opened {
                    ok: true,
                    report,
                    ranking: report.losses(),
                    readiness: report.readiness(),
                    counts: report.status_tally(),
                    progress: report.progress(),
                });
                self.session = Some(session);
                self.pending = Changed::default();
                out
            }
            Err(errors) => {
                self.session = None;
                json(&Refused {
                    ok: false,
                    errors: &errors.0,
                })
            }
        }
    }

    /// Edits the fields given as JSON `[[path, value], …]` (a `null` value removes the
    /// field) and scores what they reach, numbers only when `numbers_only`:
    /// `{ ok: true, nodes: {id: indicator}, all, total, achieved, applicable?, ranking,
    /// readiness, counts }`, or `{ ok: false, errors }` (nothing was changed).
    ///
    /// # Errors
    /// When the session is not open, or the edits are not such a list.
    pub fn edit(&mut self, edits_json: &str, numbers_only: bool) -> Result<String, JsError> {
        let session = self
            .session
            .as_mut()
            .ok_or_else(|| JsError::new("the session is not open"))?;
        let edits = read_edits(edits_json).ok_or_else(|| {
            JsError::new("edits are [[path, value], …], a path a list of strings")
        })?;
        match session.edit_all(&edits, numbers_only) {
            Ok(changed) => {
                if numbers_only {
                    self.pending.merge(&changed);
                }
                delta(session, &changed)
            }
            Err(errors) => json(&Refused {
                ok: false,
                errors: &errors.0,
            }),
        }
    }

    /// Scores again, with traces, what the edits with numbers only changed since the
    /// last `explain`; the same result as `edit`.
    ///
    /// # Errors
    /// When the session is not open.
    pub fn explain(&mut self) -> Result<String, JsError> {
        let session = self
            .session
            .as_mut()
            .ok_or_else(|| JsError::new("the session is not open"))?;
        let pending = std::mem::take(&mut self.pending);
        let changed = session.explain(&pending);
        delta(session, &changed)
    }
}

/// `[[path, value], …]`, read as JSON values: a typed serde reader would bring its
/// error messages (and the float formatting they use) into the first-load wasm.
fn read_edits(text: &str) -> Option<Vec<(Vec<String>, Value)>> {
    let Ok(Value::Array(list)) = serde_json::from_str::<Value>(text) else {
        return None;
    };
    list.into_iter()
        .map(|edit| {
            let Value::Array(pair) = edit else {
                return None;
            };
            let [Value::Array(path), value]: [Value; 2] = pair.try_into().ok()? else {
                return None;
            };
            let path = path
                .into_iter()
                .map(|k| match k {
                    Value::String(k) => Some(k),
                    _ => None,
                })
                .collect::<Option<Vec<String>>>()?;
            Some((path, value))
        })
        .collect()
}
