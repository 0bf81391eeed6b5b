//! The page's per-keystroke path: a [`Session`] per open draft, held by the engine.
//!
//! The page opens it with the draft's values document (`open`, the full report with
//! traces), then sends each keystroke as the fields it changes (`edit`: a number and the
//! text it was typed as) and gets back only what changed: the indicators the edit
//! reaches (the leaf and its ancestors), the totals, and the ranking of losses, the
//! readiness to sign and the status counts when they differ from what the session last
//! sent (the page keeps what it has otherwise). `explain` then gives the same indicators
//! with their traces.

use serde::Serialize;
use serde_json::Value;
use wasm_bindgen::prelude::*;

use crate::error::Finding;
use crate::eval::{Changed, Moved, Session, Summary};
use crate::report::{Applicable, Progress, Readiness, Report, SomeNodeReports, StatusCounts};
use crate::set::fields;
use crate::ScoreOptions;

use super::page::{FieldAnswer, SetHandle};
use super::{json, lang_of};

/// A draft's values and report, kept in the engine between keystrokes.
#[wasm_bindgen]
pub struct DraftSession {
    session: Option<Session>,
    /// What the last edits with numbers only changed (for `explain`).
    pending: Changed,
    /// The ranking, readiness, counts and progress as last sent to the page, kept up
    /// to date edit by edit ([`Summary`]).
    sent: Option<Summary>,
}

/// What an edit changed, for the page.
#[derive(Serialize)]
struct Delta<'a> {
    ok: bool,
    /// What `typeField` read from the typed text (absent for `edit` and `explain`;
    /// `null` for an emptied field).
    #[serde(skip_serializing_if = "Option::is_none")]
    field: Option<Option<&'a FieldAnswer<'a>>>,
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
    /// The ranking of losses, the readiness to sign and the leaves by status
    /// ([`Report::status_tally`]): each only when it differs from what was last sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    ranking: Option<Vec<&'a str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    readiness: Option<&'a Readiness>,
    #[serde(skip_serializing_if = "Option::is_none")]
    counts: Option<&'a StatusCounts>,
    #[serde(skip_serializing_if = "Option::is_none")]
    progress: Option<&'a [Progress]>,
}

#[derive(Serialize)]
struct Refused<'a> {
    ok: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    field: Option<Option<&'a FieldAnswer<'a>>>,
    errors: &'a [Finding],
}

#[derive(Serialize)]
struct Opened<'a> {
    ok: bool,
    report: &'a Report,
    ranking: Vec<&'a str>,
    readiness: &'a Readiness,
    /// Leaves by status ([`Report::status_tally`]).
    counts: &'a StatusCounts,
    /// Each main indicator's answered / missing / invalid ([`Report::progress`]).
    progress: &'a [Progress],
}

/// The answer to an edit, with the summary's parts only where they differ from `sent`,
/// which is then brought up to date. (Not inlined: three exports share it.)
#[inline(never)]
fn delta(
    session: &Session,
    changed: &Changed,
    sent: &mut Option<Summary>,
    field: Option<Option<&FieldAnswer>>,
) -> Result<String, JsError> {
    let report = session.report();
    let moved = match sent {
        Some(summary) => summary.update(session, changed),
        None => Moved::ALL,
    };
    let summary = sent.get_or_insert_with(|| Summary::of(session));
    json(&Delta {
        ok: true,
        field,
        nodes: report.nodes.some(&changed.nodes),
        all: changed.all,
        total: report.total,
        achieved: report.achieved,
        applicable: report.applicable.as_ref(),
        ranking: moved.ranking.then(|| summary.ranking(report)),
        readiness: moved.readiness.then_some(&summary.readiness),
        counts: moved.counts.then_some(&summary.counts),
        progress: moved.progress.then_some(summary.progress.as_slice()),
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
            sent: None,
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
                    field: None,
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
                let summary = Summary::of(&session);
                let out = json(&Opened {
                    ok: true,
                    report,
                    ranking: summary.ranking(report),
                    readiness: &summary.readiness,
                    counts: &summary.counts,
                    progress: &summary.progress,
                });
                self.session = Some(session);
                self.pending = Changed::default();
                self.sent = Some(summary);
                out
            }
            Err(errors) => {
                self.session = None;
                self.sent = None;
                json(&Refused {
                    ok: false,
                    field: None,
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
                delta(session, &changed, &mut self.sent, None)
            }
            Err(errors) => json(&Refused {
                ok: false,
                field: None,
                errors: &errors.0,
            }),
        }
    }

    /// The draft's indicators whose set text asks for evidence and that have none
    /// ([`crate::evidence::missing`]): a JSON list of `{ indicator, pointer, severity,
    /// code, vi, en }` (`[]` when the session is not open). The citations' own checks are
    /// the signing build's `SetHandle.evidenceFindings`.
    ///
    /// # Errors
    /// Only when the result cannot be serialized.
    #[wasm_bindgen(js_name = evidenceFindings)]
    pub fn evidence_findings(&self) -> Result<String, JsError> {
        match &self.session {
            Some(session) => json(&crate::evidence::missing(session.set(), session.values())),
            None => Ok("[]".into()),
        }
    }

    /// A keystroke in a number field, in one call: reads `text`, typed in `lang`, as
    /// the field at `path` (JSON, e.g. `["values","1.1","a"]`) takes it (as
    /// `SetHandle.readField` does), sets the field's value to what it reads (removed
    /// when it does not read, or `text` is blank) and its text as typed beside it
    /// (`typed`, `context_typed`; removed when blank), and scores what that reaches,
    /// with traces unless `numbers_only` (the leaves' traces in `lang` only, the other
    /// language left empty: the page shows one). Returns what `edit` does with `field`, the
    /// reading (`{ ok: true, value, shown, words? }`, `{ ok: false, code, vi, en }`,
    /// `null` for a blank text); `{ ok: false, field, errors }` when the document
    /// refuses the edit (nothing was changed).
    ///
    /// # Errors
    /// When the session is not open, or `path` is not a JSON list of strings.
    #[wasm_bindgen(js_name = typeField)]
    pub fn type_field(
        &mut self,
        set: &SetHandle,
        path_json: &str,
        text: &str,
        lang: &str,
        numbers_only: bool,
    ) -> Result<String, JsError> {
        let session = self
            .session
            .as_mut()
            .ok_or_else(|| JsError::new("the session is not open"))?;
        let path = read_path(path_json)
            .ok_or_else(|| JsError::new("a field's path is a JSON list of strings"))?;
        let blank = text.trim().is_empty();
        let reading = (!blank).then(|| fields::read_field(&set.set, &path, text, lang_of(lang)));
        let value = match &reading {
            Some(Ok(r)) => Value::String(r.value.clone()),
            _ => Value::Null,
        };
        let typed = if blank {
            Value::Null
        } else {
            // (Not `json!`: its unwrap would bring error formatting into the wasm.)
            let mut t = serde_json::Map::new();
            t.insert("text".into(), Value::String(text.to_string()));
            t.insert("lang".into(), Value::String(lang.to_string()));
            Value::Object(t)
        };
        let typed_path = typed_path(&path);
        let edits = [(path, value), (typed_path, typed)];
        let answer = reading.as_ref().map(FieldAnswer::of);
        // The page shows one language (and opens the session again when it changes).
        session.set_trace_lang(Some(lang_of(lang)));
        let result = session.edit_all(&edits, numbers_only);
        session.set_trace_lang(None);
        match result {
            Ok(changed) => {
                if numbers_only {
                    self.pending.merge(&changed);
                }
                delta(session, &changed, &mut self.sent, Some(answer.as_ref()))
            }
            Err(errors) => json(&Refused {
                ok: false,
                field: Some(answer.as_ref()),
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
        delta(session, &changed, &mut self.sent, None)
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

/// A path, `["values", "1.1", "a"]`, read as JSON.
fn read_path(text: &str) -> Option<Vec<String>> {
    let Ok(Value::Array(path)) = serde_json::from_str::<Value>(text) else {
        return None;
    };
    path.into_iter()
        .map(|k| match k {
            Value::String(k) => Some(k),
            _ => None,
        })
        .collect()
}

/// Where the values format keeps a number field's text as typed (docs/page.md):
/// `["values", id, "a"]` → `["values", id, "typed", "a"]`, `["context", n]` →
/// `["context_typed", n]` (the page's `typedPath`, which fills the form from a draft).
fn typed_path(path: &[String]) -> Vec<String> {
    match path {
        [area, rest @ ..] if area == "context" => std::iter::once("context_typed".to_string())
            .chain(rest.iter().cloned())
            .collect(),
        [parents @ .., last] => parents
            .iter()
            .cloned()
            .chain(["typed".to_string(), last.clone()])
            .collect(),
        [] => Vec::new(),
    }
}
