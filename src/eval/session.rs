//! A unit's values kept between edits, re-scored where an edit reaches.
//!
//! The page opens a [`Session`] per draft. Each edit names one field by its JSON path
//! in the values document (`["values", "1.1", "a"]`) and its new value; the session
//! re-reads that indicator's answers, scores that leaf again and adds up its ancestors
//! and the totals. A leaf's points depend only on its own answers, the shared context
//! and the year ([`ScoreOptions`] stay as the session was opened with), so an edit of
//! one indicator changes that leaf and its ancestors and nothing else; an edit of the
//! context, the year or anything else in the document scores everything again.
//!
//! After any sequence of edits the session's report equals [`score`] of its values
//! (traces aside where an edit asked for numbers only, or for one language with
//! [`Session::set_trace_lang`]): `tests/session.rs` checks it.

use std::sync::Arc;

use serde_json::{Map, Value};

use crate::error::{Finding, ValidationErrors};
use crate::json::pointer;
use crate::json::walk::Findings;
use crate::report::Report;
use crate::set::IndicatorSet;
use crate::text::Lang;
use crate::values::{read_node_values, Values};

use super::{
    score, score_leaf, score_parent, with_target, ContextCache, Leaf, ScoreOptions, Totals,
};

/// A unit's values and their report, kept between edits.
#[derive(Debug, Clone)]
pub struct Session {
    set: Arc<IndicatorSet>,
    /// The options; `numbers_only` is set for each scoring.
    options: ScoreOptions,
    document: Value,
    values: Values,
    report: Report,
    /// Each node's parent, by position in the set's `nodes`.
    parents: Vec<Option<usize>>,
    /// Leaves' traces in this language only ([`Session::set_trace_lang`]).
    trace_lang: Option<Lang>,
}

/// The indicators an edit changed, by position in the set's `nodes`: the leaf first,
/// then its ancestors up to the main indicator; every indicator when all were scored
/// again; none when the edit changed no score.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Changed {
    /// Positions in the set's `nodes`.
    pub nodes: Vec<usize>,
    /// Whether every indicator was scored again.
    pub all: bool,
}

impl Changed {
    /// What `self` and `more` changed together, children before their parents.
    pub fn merge(&mut self, more: &Changed) {
        if self.all || more.all {
            self.all = true;
            self.nodes = more.nodes.clone();
            if more.all {
                return;
            }
        }
        let n = self
            .nodes
            .iter()
            .chain(&more.nodes)
            .max()
            .map_or(0, |m| m + 1);
        let mut reached = vec![false; n];
        for &i in self.nodes.iter().chain(&more.nodes) {
            reached[i] = true;
        }
        self.nodes = (0..n).rev().filter(|&i| reached[i]).collect();
    }
}

impl Session {
    /// Opens a session on a values document (the format `Values::from_json` reads),
    /// scored with `options` (with traces unless its `numbers_only`; each edit says).
    ///
    /// # Errors
    /// The document's findings when it is not a valid values file.
    pub fn open(
        set: Arc<IndicatorSet>,
        document: Value,
        options: ScoreOptions,
    ) -> Result<Session, ValidationErrors> {
        let values = Values::from_value(&document)?;
        let report = score(&set, &values, &options);
        let mut parents = vec![None; set.nodes.len()];
        for (i, node) in set.nodes.iter().enumerate() {
            for &c in &node.child_indexes {
                parents[c] = Some(i);
            }
        }
        Ok(Session {
            set,
            options,
            document,
            values,
            report,
            parents,
            trace_lang: None,
        })
    }

    /// Writes the traces of the leaves that edits score again (with traces) in `lang`
    /// only, the other language left empty; `None` (as opened): both. For a page that
    /// shows one language and opens the session again when it changes: half the
    /// writing on every keystroke. A whole scoring again (an edit of the context)
    /// writes both.
    pub fn set_trace_lang(&mut self, lang: Option<Lang>) {
        self.trace_lang = lang;
    }

    /// The report as it stands (numbers only for the indicators last edited so).
    pub fn report(&self) -> &Report {
        &self.report
    }

    /// The values as they stand.
    pub fn values(&self) -> &Values {
        &self.values
    }

    /// The set.
    pub fn set(&self) -> &IndicatorSet {
        &self.set
    }

    /// Sets the field at `path` of the values document to `value` (`Value::Null`
    /// removes it, and the objects it leaves empty below the document's own fields)
    /// and scores again what it reaches,
    /// with traces unless `numbers_only`.
    ///
    /// # Errors
    /// The findings when the edit would make the document invalid (a path through a
    /// value that is not an object, a value of the wrong type); the session is then
    /// unchanged.
    pub fn edit(
        &mut self,
        path: &[String],
        value: Value,
        numbers_only: bool,
    ) -> Result<Changed, ValidationErrors> {
        self.edit_all(&[(path.to_vec(), value)], numbers_only)
    }

    /// Several edits at once (a number and the text it was typed as), scored together:
    /// [`Changed`] lists each indicator once, children before their parents.
    ///
    /// # Errors
    /// As [`Session::edit`]: when one edit is refused, none is made.
    // Not inlined: the page's wasm calls it from two exports (`edit`, `typeField`).
    #[inline(never)]
    pub fn edit_all(
        &mut self,
        edits: &[(Vec<String>, Value)],
        numbers_only: bool,
    ) -> Result<Changed, ValidationErrors> {
        let mut before = Vec::with_capacity(edits.len());
        let mut result = Ok(());
        for (path, value) in edits {
            before.push((path, self.document.clone_path(path)));
            if let Err(f) = set_path(&mut self.document, path, value.clone()) {
                result = Err(ValidationErrors(vec![f]));
                break;
            }
        }
        let result = result.and_then(|()| self.rescore(edits, numbers_only));
        if result.is_err() {
            // Put the document back as it was.
            for (path, value) in before.into_iter().rev() {
                let _ = set_path(&mut self.document, path, value.unwrap_or(Value::Null));
            }
        }
        result
    }

    /// Reads again what the edits touched and scores what that reaches.
    fn rescore(
        &mut self,
        edits: &[(Vec<String>, Value)],
        numbers_only: bool,
    ) -> Result<Changed, ValidationErrors> {
        let mut ids: Vec<(&str, usize)> = Vec::new();
        for (path, _) in edits {
            match path.as_slice() {
                [area, id, ..] if area == "values" => match self.set.index_of(id) {
                    Some(i) if !ids.iter().any(|&(_, j)| j == i) => ids.push((id, i)),
                    Some(_) => {}
                    // Values for an indicator the set does not know: read as a whole
                    // (they make a warning).
                    None => return self.rescore_all(numbers_only),
                },
                _ => return self.rescore_all(numbers_only),
            }
        }
        // Every edited indicator read before any is kept: a refusal changes nothing.
        let mut read = Vec::with_capacity(ids.len());
        for &(id, _) in &ids {
            let entry = self.document.get("values").and_then(|v| v.get(id));
            let nv = match entry {
                None => None,
                Some(v) => {
                    let mut f = Findings::default();
                    let nv = read_node_values(v, &pointer::child("/values", id), &mut f);
                    if f.has_errors() {
                        return Err(ValidationErrors(f.0));
                    }
                    nv
                }
            };
            read.push(nv);
        }
        let mut unknown_here = false;
        // The edited indicators and their ancestors, marked by position.
        let mut reached = vec![false; self.set.nodes.len()];
        for (&(id, index), nv) in ids.iter().zip(read) {
            match nv {
                Some(nv) => {
                    let inputs = &self.set.nodes[index].inputs;
                    unknown_here |= nv.inputs.keys().any(|k| !inputs.iter().any(|d| d.id == *k));
                    self.values.values.insert(id.to_string(), nv);
                }
                None => {
                    self.values.values.remove(id);
                }
            }
            let mut at = Some(index);
            while let Some(i) = at {
                reached[i] = true;
                at = self.parents[i];
            }
        }
        // Children come after their parents in the set's nodes.
        let chain: Vec<usize> = (0..reached.len()).rev().filter(|&i| reached[i]).collect();
        self.rescore_indexes(&chain, numbers_only);
        // Fields the set does not know are rare: the warnings are written again only
        // when there were some, or an edited indicator's answers have one.
        if unknown_here || !self.report.warnings.is_empty() {
            self.report.warnings = self.warnings();
        }
        Ok(Changed {
            nodes: chain,
            all: false,
        })
    }

    /// Scores again, with traces, the indicators last scored with numbers only (after
    /// fast edits); returns them as [`Session::edit`] does.
    pub fn explain(&mut self, changed: &Changed) -> Changed {
        if changed.all {
            self.options.numbers_only = false;
            self.report = score(&self.set, &self.values, &self.options);
        } else {
            self.rescore_indexes(&changed.nodes, false);
        }
        changed.clone()
    }

    /// Scores the nodes at `indexes` (leaves before their parents) and the totals.
    fn rescore_indexes(&mut self, indexes: &[usize], numbers_only: bool) {
        self.options.numbers_only = numbers_only;
        let opts = &self.options;
        let year = opts.year.or(self.values.year);
        let cache = ContextCache::new(&self.set);
        for &i in indexes {
            let node = &self.set.nodes[i];
            let mut report = match &node.rule {
                Some(rule) => score_leaf(
                    &self.set,
                    Leaf {
                        index: i,
                        rule,
                        answers: self.values.values.get(&node.id),
                    },
                    &self.values,
                    year,
                    opts,
                    &cache,
                    self.trace_lang,
                ),
                None => {
                    let nodes = &self.report.nodes;
                    score_parent(&self.set, i, &|c| nodes.at(c), !opts.numbers_only)
                }
            };
            with_target(node, &mut report, opts);
            self.report.nodes.replace(i, report);
        }
        let totals = Totals::of(&self.set, &self.report.nodes);
        self.report.total = totals.total;
        self.report.achieved = totals.achieved;
        self.report.applicable = totals.applicable;
    }

    fn rescore_all(&mut self, numbers_only: bool) -> Result<Changed, ValidationErrors> {
        self.values = Values::from_value(&self.document)?;
        self.options.numbers_only = numbers_only;
        let opts = &self.options;
        self.report = score(&self.set, &self.values, opts);
        Ok(Changed {
            nodes: (0..self.set.nodes.len()).collect(),
            all: true,
        })
    }

    /// The warnings of the values against the set (fields it does not know), as a
    /// full scoring writes them.
    fn warnings(&self) -> Vec<Finding> {
        let unknown = self
            .values
            .context
            .keys()
            .any(|k| !self.set.context.iter().any(|c| c.id == *k))
            || self
                .values
                .values
                .iter()
                .any(|(id, nv)| match self.set.node(id) {
                    Some(node) => nv
                        .inputs
                        .keys()
                        .any(|k| !node.inputs.iter().any(|d| d.id == *k)),
                    None => true,
                });
        if unknown {
            self.values.check_against(&self.set)
        } else {
            Vec::new()
        }
    }
}

trait ClonePath {
    fn clone_path(&self, path: &[String]) -> Option<Value>;
}

impl ClonePath for Value {
    fn clone_path(&self, path: &[String]) -> Option<Value> {
        path.iter()
            .try_fold(self, |v, key| v.get(key.as_str()))
            .cloned()
    }
}

/// Sets `path` in `doc` to `value`, making the objects on the way; `Value::Null`
/// removes the field and then every object the removal leaves empty (below the
/// document's own fields).
fn set_path(doc: &mut Value, path: &[String], value: Value) -> Result<(), Finding> {
    let Some((last, parents)) = path.split_last() else {
        return Err(not_an_object("", doc));
    };
    if value.is_null() {
        remove_path(doc, parents, last);
        return Ok(());
    }
    let mut at = doc;
    let mut ptr = String::new();
    for key in parents {
        ptr = pointer::child(&ptr, key);
        if !at.is_object() {
            return Err(not_an_object(&ptr, at));
        }
        let Value::Object(map) = at else {
            unreachable!("checked above")
        };
        at = map
            .entry(key.clone())
            .or_insert_with(|| Value::Object(Map::new()));
    }
    match at {
        Value::Object(map) => {
            map.insert(last.clone(), value);
            Ok(())
        }
        other => Err(not_an_object(&ptr, other)),
    }
}

fn remove_path(doc: &mut Value, parents: &[String], last: &str) {
    /// `depth`: how far below the document `v` is; the document's own fields
    /// (`values`, `context`) stay even when empty, as the page's drafts keep them.
    fn go(v: &mut Value, parents: &[String], last: &str, depth: usize) {
        let Value::Object(map) = v else { return };
        match parents.split_first() {
            None => {
                map.remove(last);
            }
            Some((key, rest)) => {
                if let Some(child) = map.get_mut(key.as_str()) {
                    go(child, rest, last, depth + 1);
                    if depth > 0 && child.as_object().is_some_and(Map::is_empty) {
                        map.remove(key.as_str());
                    }
                }
            }
        }
    }
    go(doc, parents, last, 0);
}

fn not_an_object(ptr: &str, found: &Value) -> Finding {
    Finding {
        pointer: ptr.to_string(),
        severity: crate::error::Severity::Error,
        kind: crate::error::ErrorKind::WrongType {
            expected: crate::error::Expected::Object,
            found: crate::json::walk::describe(found),
        },
    }
}
