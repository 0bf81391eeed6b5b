//! Scoring: evaluates each leaf's rule (one file per rule kind), rounds its points once,
//! and adds children up into parents.
//!
//! A rule returns `Result<Outcome, Stop>` where a stop is itself a full outcome (missing
//! or invalid input, 0 points, with its message): the error path is as rich as the
//! success path and rare, so its size is accepted.
#![allow(clippy::result_large_err)]

mod choice;
mod exclusion;
mod manual;
mod parts;
mod per_unit;
mod ratio;
mod relative;
mod session;

pub use session::{Changed, Session};
// The page's draft session (src/wasm/session.rs) keeps its summary with it.
#[cfg(any(target_arch = "wasm32", test))]
mod summary;
#[cfg(target_arch = "wasm32")]
pub(crate) use summary::{Moved, Summary};
mod tiers;

use std::collections::BTreeMap;
use std::sync::Arc;

use rust_decimal::Decimal;

use crate::error::{InputProblem, Message, Problem, ProblemKind, Subject};
use crate::number::{format_lang, format_percent, parse_number, read_typed};
use crate::report::{Appraisals, NodeReport, NodeReports, RelativeBest, Report, ReportSet, Status};
use crate::set::Rule;
use crate::set::{EvalError, Expr};
use crate::set::{IndicatorSet, Input, InputKind, Node};
use crate::targets::Targets;
use crate::text::{tr, Bilingual, Lang};
use crate::values::{NodeValues, Typed, Values};

/// Decimal places kept before the set's rounding, to absorb division's last-digit error.
const GUARD_DECIMALS: u32 = 20;

/// Rounds to [`GUARD_DECIMALS`] places, skipping the work when there are fewer.
fn guard(d: Decimal) -> Decimal {
    if d.scale() > GUARD_DECIMALS {
        d.round_dp(GUARD_DECIMALS)
    } else {
        d
    }
}

/// Options of a scoring run.
#[derive(Debug, Clone, Default)]
pub struct ScoreOptions {
    /// The assessment year (overrides the values file's).
    pub year: Option<i32>,
    /// A province's targets.
    pub targets: Option<Targets>,
    /// The appraisal council's scores.
    pub appraisals: Option<Appraisals>,
    /// Best and worst values of relative indicators across units, by indicator id
    /// (set by the province's aggregation; without them relative indicators are
    /// provisional).
    pub relative: BTreeMap<String, RelativeBest>,
    /// Leave out the written-out traces and "what it takes" texts (messages about
    /// missing and invalid input are kept): the numbers alone, for re-scoring on every
    /// keystroke. Points, statuses and totals are the same either way.
    pub numbers_only: bool,
}

/// Scores a unit's values against a validated set.
///
/// Never fails: missing input scores 0 with status `missing`, bad input 0 with status
/// `invalid` and a message, each on its own indicator.
///
/// # Example
/// ```
/// use dti_score::{score, IndicatorSet, ScoreOptions, Values};
/// let set = IndicatorSet::from_json(r#"{
///   "format": "dti-score/indicator-set/v1", "id": "tiny", "version": "1",
///   "title": {"vi": "Nhỏ"}, "scale": "20",
///   "indicators": [{"code": "1", "title": {"vi": "Hộ có cáp quang"}, "max": "20",
///     "inputs": [{"id": "a", "label": {"vi": "Số hộ có cáp quang"}},
///                {"id": "b", "label": {"vi": "Tổng số hộ"}}],
///     "rule": {"kind": "linear_to_target", "ratio": "a/b", "target": "80%"}}]
/// }"#).unwrap();
/// let values = Values::from_json(r#"{"values": {"1": {"a": "45", "b": "60"}}}"#).unwrap();
/// let report = score(&set, &values, &ScoreOptions::default());
/// assert_eq!(report.total.unwrap().to_string(), "18.75");
/// assert_eq!(report.nodes["1"].trace.vi, "Tỷ lệ = a/b = 45/60 = 75%; 75% < 80% → 75%/80% × 20 = 18,75");
/// ```
pub fn score(set: &IndicatorSet, values: &Values, options: &ScoreOptions) -> Report {
    let year = options.year.or(values.year);
    let context_cache = ContextCache::new(set);
    // Each indicator's answers by node index (one hash lookup per answered indicator);
    // fields the set does not know, rare, are noticed on the way and written out below.
    let mut answers: Vec<Option<&NodeValues>> = vec![None; set.nodes.len()];
    let mut unknown = values
        .context
        .keys()
        .any(|k| !set.context.iter().any(|c| c.id == *k));
    for (id, nv) in &values.values {
        match set.ids.position(id) {
            Some(i) => {
                answers[i] = Some(nv);
                let inputs = &set.nodes[i].inputs;
                unknown |= nv.inputs.keys().any(|k| !inputs.iter().any(|d| d.id == *k));
            }
            None => unknown = true,
        }
    }
    // Children come after their parents in `nodes`: walk backwards, pushing each
    // report, so node `i`'s report is at `n - 1 - i`.
    let n = set.nodes.len();
    let mut reports: Vec<NodeReport> = Vec::with_capacity(n);
    for i in (0..n).rev() {
        let node = &set.nodes[i];
        let mut report = match &node.rule {
            Some(rule) => {
                let leaf = Leaf {
                    index: i,
                    rule,
                    answers: answers[i],
                };
                score_leaf(set, leaf, values, year, options, &context_cache, None)
            }
            None => score_parent(set, i, &|c| &reports[n - 1 - c], !options.numbers_only),
        };
        with_target(node, &mut report, options);
        reports.push(report);
    }
    reports.reverse();
    let nodes = NodeReports::new(set.ids.clone(), reports);
    let warnings = if unknown {
        values.check_against(set)
    } else {
        Vec::new()
    };
    assemble(set, nodes, year, options, warnings)
}

/// The report of scored indicators: the totals from the main indicators', on the
/// applicable maximum where some are excluded.
fn assemble(
    set: &IndicatorSet,
    nodes: NodeReports,
    year: Option<i32>,
    options: &ScoreOptions,
    warnings: Vec<crate::error::Finding>,
) -> Report {
    let roots: Vec<Arc<str>> = set.roots.iter().map(|&r| set.ids.ids[r].clone()).collect();
    let totals = Totals::of(set, &nodes);
    let target = options.targets.as_ref().and_then(|t| t.total_target);
    Report {
        set: ReportSet {
            id: set.id.clone(),
            version: set.version.clone(),
            draft: set.draft,
        },
        year,
        total: totals.total,
        max: set.scale.map(|d| d.normalize()),
        achieved: totals.achieved,
        target,
        applicable: totals.applicable,
        roots,
        nodes,
        warnings,
    }
}

/// A report's totals, from its main indicators.
struct Totals {
    total: Option<Decimal>,
    achieved: Option<Decimal>,
    applicable: Option<crate::report::Applicable>,
}

impl Totals {
    fn of(set: &IndicatorSet, nodes: &NodeReports) -> Totals {
        let sum_of = |f: &dyn Fn(&NodeReport) -> Option<Decimal>| {
            set.roots
                .iter()
                .try_fold(Decimal::ZERO, |acc, &r| acc.checked_add(f(nodes.at(r))?))
        };
        let total = sum_of(&|n| n.points);
        let achieved = sum_of(&|n| n.achieved);
        let applicable = exclusion::applicable(
            set,
            total,
            achieved,
            sum_of(&|n| n.max),
            sum_of(&|n| n.achieved_max.or(n.max)),
        );
        Totals {
            total: total.map(|d| d.normalize()),
            achieved: achieved.map(|d| d.normalize()),
            applicable,
        }
    }
}

/// Scores one leaf alone (the province's first pass over a batch only needs the
/// relative indicators' values); `None` when `index` is not a leaf of the set.
pub(crate) fn score_one_leaf(
    set: &IndicatorSet,
    values: &Values,
    options: &ScoreOptions,
    index: usize,
) -> Option<NodeReport> {
    let node = set.nodes.get(index)?;
    let leaf = Leaf {
        index,
        rule: node.rule.as_ref()?,
        answers: values.values.get(&node.id),
    };
    let year = options.year.or(values.year);
    Some(score_leaf(
        set,
        leaf,
        values,
        year,
        options,
        &ContextCache::new(set),
        None,
    ))
}

fn with_target(node: &Node, report: &mut NodeReport, options: &ScoreOptions) {
    let target = options
        .targets
        .as_ref()
        .and_then(|t| t.targets.get(&node.id))
        .and_then(|t| t.points)
        .or(node.meta.target);
    if let Some(t) = target {
        report.target = Some(t.normalize());
        report.below_target = report.points.map(|p| {
            if p < t {
                (t - p).normalize()
            } else {
                Decimal::ZERO
            }
        });
    }
}

/// A parent's report from its children's (`report_of` a node index).
///
/// One copy for `score` and the session (a `dyn` accessor: the page's wasm is smaller).
fn score_parent<'r>(
    set: &IndicatorSet,
    node_index: usize,
    report_of: &dyn Fn(usize) -> &'r NodeReport,
    explain: bool,
) -> NodeReport {
    let node = &set.nodes[node_index];
    let children = || node.child_indexes.iter().map(|&c| report_of(c));
    let points = children().try_fold(Decimal::ZERO, |acc, c| acc.checked_add(c.points?));
    let achieved = children().try_fold(Decimal::ZERO, |acc, c| acc.checked_add(c.achieved?));
    let status = children().map(|c| c.status).max().unwrap_or(Status::Ok);
    // Excluded children take their maxima out of the parent's (the children's maxima
    // may differ from the parent's where the source's own figures disagree, so the
    // difference is subtracted rather than the children's maxima added).
    let less = |of: &dyn Fn(&NodeReport) -> Option<Decimal>| {
        node.child_indexes
            .iter()
            .try_fold(Decimal::ZERO, |acc, &c| {
                let nominal = set.nodes[c].max?;
                acc.checked_add(nominal - of(report_of(c))?)
            })
    };
    let max = node.max.and_then(|m| m.checked_sub(less(&|c| c.max)?));
    let achieved_max = node
        .max
        .and_then(|m| m.checked_sub(less(&|c| c.achieved_max.or(c.max))?))
        .filter(|a| Some(*a) != max);
    let trace = if !explain {
        Bilingual::default()
    } else {
        Bilingual::from_fn(|l| {
            let codes: Vec<&str> = node
                .child_indexes
                .iter()
                .map(|&c| set.nodes[c].code.as_str())
                .collect();
            match points {
                Some(p) => format!("{} = {}", codes.join(" + "), format_lang(&p.normalize(), l)),
                None => format!(
                    "{} ({})",
                    codes.join(" + "),
                    tr(l, "không có điểm tối đa", "no maxima")
                ),
            }
        })
    };
    NodeReport {
        points: points.map(|p| p.normalize()),
        max: max.map(|m| m.normalize()),
        attainment: match (points, max) {
            (Some(p), Some(m)) if !m.is_zero() => p.checked_div(m).map(|a| a.normalize()),
            _ => None,
        },
        value: None,
        status,
        trace,
        to_full: None,
        lost: match (points, max) {
            (Some(p), Some(m)) => Some((m - p).normalize()),
            _ => None,
        },
        target: None,
        below_target: None,
        appraisal: None,
        achieved: achieved.map(|a| a.normalize()),
        messages: Vec::new(),
        exclusion: None,
        achieved_max: achieved_max.map(|a| a.normalize()),
    }
}

/// "= 18,75" when the points are exact; "≈ 19,58" where the set's rounding changed
/// them (the trace records where rounding happened).
fn result(raw: &Decimal, rounded: &Decimal, lang: Lang) -> String {
    let sign = if raw == rounded { "=" } else { "≈" };
    format!("{sign} {}", format_lang(rounded, lang))
}

/// A leaf to score: its position in the set, its rule and its answers.
struct Leaf<'a> {
    index: usize,
    rule: &'a Rule,
    answers: Option<&'a NodeValues>,
}

// Not inlined: the session (session.rs) and `score` share one copy in the page's wasm.
#[inline(never)]
fn score_leaf(
    set: &IndicatorSet,
    leaf: Leaf<'_>,
    values: &Values,
    year: Option<i32>,
    options: &ScoreOptions,
    context_cache: &ContextCache,
    trace_lang: Option<Lang>,
) -> NodeReport {
    let Leaf {
        index: node_index,
        rule,
        answers: node_values,
    } = leaf;
    let node = &set.nodes[node_index];
    let ctx = Ctx {
        set,
        node,
        inputs: node_values,
        answers: node_values,
        context: &values.context,
        context_typed: &values.context_typed,
        year,
        max: node.max,
        relative: options.relative.get(&node.id),
        explain: !options.numbers_only,
        trace_lang,
        context_cache,
    };
    let excluded = node_values.and_then(|v| v.excluded.as_deref());
    if let (Some(reason), true) = (excluded, node.excludable) {
        return exclusion::excluded_leaf(set, node, reason, options, ctx.explain);
    }
    let outcome = match excluded {
        // The set does not allow this indicator to be excluded: scored as invalid.
        Some(_) => Outcome::stop(InputProblem::NotExcludable),
        None => evaluate(&ctx, rule),
    };
    let exact = outcome.attainment.clamp(Decimal::ZERO, Decimal::ONE);
    // Shown and compared with the same guard as the points, so that three items of 1/3
    // add up to 1, not 0.99…9.
    let attainment = guard(exact).normalize();
    let (points, points_text) = match node.max {
        Some(max) => {
            // The attainment carries 28 significant digits, so a quotient such as
            // 401/600 comes back as 0.66833…3 and 401/600 × 3 as 2.00499…9 instead of
            // 2.005. Rounding to 20 places first removes that last-digit error of the
            // division (no realistic input has a true value that close to a midpoint);
            // the set's policy then rounds once.
            let raw = exact.checked_mul(max).map_or(max, guard);
            let rounded = set.rounding.apply(raw);
            (Some(rounded), Some((raw.normalize(), rounded, max)))
        }
        None => (None, None),
    };
    let trace = ctx.text(|l| {
        let explain = outcome.explain.get(l);
        let sep = if explain.is_empty() { "" } else { " → " };
        let tail = match (&points_text, &outcome.factor) {
            (Some((raw, rounded, max)), _) if attainment == Decimal::ONE => {
                let _ = (raw, max);
                format!(
                    "{} = {}",
                    tr(l, "điểm tối đa", "max points"),
                    format_lang(rounded, l)
                )
            }
            (Some(_), _) if attainment.is_zero() => "0".to_string(),
            (Some((raw, rounded, max)), Some(factor)) => {
                format!(
                    "{} × {} {}",
                    factor.get(l),
                    format_lang(max, l),
                    result(raw, rounded, l)
                )
            }
            (Some((raw, rounded, _)), None) => {
                result(raw, rounded, l).trim_start_matches("= ").to_string()
            }
            (None, _) => format!(
                "{} {}",
                format_percent(&attainment, l),
                tr(
                    l,
                    "điểm tối đa (bộ chỉ số không có điểm tối đa)",
                    "of max (the set gives no maxima)"
                )
            ),
        };
        format!("{explain}{sep}{tail}")
    });
    let appraisal = options
        .appraisals
        .as_ref()
        .and_then(|a| a.get(&node.id))
        .cloned();
    let achieved = match (&appraisal, node.max) {
        (Some(a), Some(max)) => Some(set.rounding.apply(a.points.clamp(Decimal::ZERO, max))),
        (Some(a), None) => Some(a.points.normalize()),
        (None, _) => points,
    };
    NodeReport {
        points,
        max: node.max.map(|m| m.normalize()),
        attainment: Some(attainment),
        value: outcome.value.map(|v| v.normalize()),
        status: outcome.status,
        trace,
        to_full: if attainment == Decimal::ONE || !ctx.explain {
            None
        } else {
            outcome.to_full
        },
        lost: match (points, node.max) {
            (Some(p), Some(m)) => Some((m - p).normalize()),
            _ => None,
        },
        target: None,
        below_target: None,
        appraisal,
        achieved,
        messages: outcome.messages,
        exclusion: None,
        achieved_max: None,
    }
}

/// Evaluates one rule; exhaustive over the rule kinds.
fn evaluate(ctx: &Ctx<'_>, rule: &Rule) -> Outcome {
    let result = match rule {
        Rule::Linear { ratio } => ratio::linear(ctx, ratio),
        Rule::LinearToTarget { ratio, target } => ratio::linear_to_target(ctx, ratio, target),
        Rule::AllOrNothing { ratio, threshold } => ratio::all_or_nothing(ctx, ratio, threshold),
        Rule::YesNo { question } => choice::yes_no(ctx, question.as_ref()),
        Rule::Checklist { items } => choice::checklist(ctx, items),
        Rule::Choice { options } => choice::choice(ctx, options),
        Rule::Tiers {
            value,
            share,
            tiers,
            gate,
        } => tiers::tiers(ctx, value, *share, tiers, gate.as_ref()),
        Rule::PerUnit { value, points_each } => per_unit::per_unit(ctx, value, *points_each),
        Rule::SumOfParts { parts } => parts::sum_of_parts(ctx, parts),
        Rule::Relative {
            ratio,
            method,
            reference,
        } => relative::relative(ctx, ratio, *method, reference.as_ref()),
        Rule::Manual => manual::manual(ctx),
    };
    result.unwrap_or_else(|stop| stop)
}

/// The values of an expression's variables (a handful: a small vector beats a map).
pub(crate) struct Vars<'e>(Vec<(&'e str, Decimal)>);

impl Vars<'_> {
    /// A variable's value.
    pub fn get(&self, name: &str) -> Option<&Decimal> {
        self.0.iter().find(|(n, _)| *n == name).map(|(_, v)| v)
    }
}

/// Everything a rule needs to evaluate.
pub(crate) struct Ctx<'a> {
    pub set: &'a IndicatorSet,
    pub node: &'a Node,
    /// The indicator's entry (its letters).
    pub inputs: Option<&'a NodeValues>,
    /// Where the rule's own answers are (the indicator's entry, or a part's).
    pub answers: Option<&'a NodeValues>,
    pub context: &'a BTreeMap<String, String>,
    /// Context fields as typed (read where no value is given).
    pub context_typed: &'a BTreeMap<String, Typed>,
    pub year: Option<i32>,
    /// The max the rule scores against (a part's share of the node's max).
    pub max: Option<Decimal>,
    pub relative: Option<&'a RelativeBest>,
    /// Whether to write traces.
    pub explain: bool,
    /// Traces in this language only (the other left empty): a draft's session scoring
    /// for a page that shows one language ([`Session::set_trace_lang`]).
    pub trace_lang: Option<Lang>,
    /// Context variables already parsed in this run.
    pub context_cache: &'a ContextCache,
}

/// Valid context values parsed during one scoring run, by the variable's index in the
/// set's `context` (a context variable is parsed and checked the same way wherever it
/// is used, so the first result stands for all).
pub(crate) struct ContextCache(std::cell::RefCell<Vec<Option<Decimal>>>);

impl ContextCache {
    pub fn new(set: &IndicatorSet) -> Self {
        ContextCache(std::cell::RefCell::new(vec![None; set.context.len()]))
    }

    fn get(&self, index: usize) -> Option<Decimal> {
        self.0.borrow().get(index).copied().flatten()
    }

    fn put(&self, index: usize, value: Decimal) {
        if let Some(slot) = self.0.borrow_mut().get_mut(index) {
            *slot = Some(value);
        }
    }
}

/// Where a variable is defined.
#[derive(Clone, Copy)]
enum Def<'a> {
    /// An input of the node.
    Input(&'a Input),
    /// A context variable, with its index in the set's `context`.
    Context(usize, &'a Input),
    /// Nowhere (validation prevents it; read as an amount of the node).
    Unknown,
}

/// What a rule found.
#[derive(Debug, Clone)]
pub(crate) struct Outcome {
    /// Fraction of max, 0..1.
    pub attainment: Decimal,
    pub status: Status,
    /// The reasoning, up to the attainment ("Tỷ lệ = 45/60 = 75%; 75% < 80%").
    pub explain: Bilingual,
    /// The attainment written as the source computes it ("75%/80%"), when partial.
    pub factor: Option<Bilingual>,
    pub to_full: Option<Bilingual>,
    pub messages: Vec<Problem>,
    pub value: Option<Decimal>,
}

/// An early stop of a rule: missing or invalid input (0 points).
pub(crate) type Stop = Outcome;

impl Outcome {
    pub fn ok(attainment: Decimal, explain: Bilingual, factor: Option<Bilingual>) -> Self {
        Outcome {
            attainment,
            status: Status::Ok,
            explain,
            factor,
            to_full: None,
            messages: Vec::new(),
            value: None,
        }
    }

    /// Missing or invalid input: 0 points, the problem as the trace and the message.
    pub fn stop(problem: InputProblem<'_>) -> Self {
        let status = match problem.kind() {
            ProblemKind::Missing => Status::Missing,
            ProblemKind::Invalid | ProblemKind::Warning => Status::Invalid,
        };
        let problem = problem.problem();
        Outcome {
            status,
            ..Self::ok(Decimal::ZERO, problem.bilingual(), None)
        }
        .with_problem(problem)
    }

    fn with_problem(mut self, problem: Problem) -> Self {
        self.messages.push(problem);
        self
    }

    pub fn with_to_full(mut self, to_full: Option<Bilingual>) -> Self {
        self.to_full = to_full;
        self
    }

    pub fn with_value(mut self, value: Decimal) -> Self {
        self.value = Some(value);
        self
    }

    /// Adds a warning (kept in numbers-only runs too, like every message).
    pub fn with_warning(mut self, warning: Option<&InputProblem<'_>>) -> Self {
        self.messages.extend(warning.map(Message::problem));
        self
    }
}

/// An overflow, as an invalid outcome.
pub(crate) fn overflow() -> Stop {
    Outcome::stop(InputProblem::Overflow)
}

/// Checked arithmetic helper: `None` (overflow) stops the rule.
pub(crate) fn ck(v: Option<Decimal>) -> Result<Decimal, Stop> {
    v.ok_or_else(overflow)
}

impl<'a> Ctx<'a> {
    /// A text of the trace, written only when traces are wanted.
    pub fn text(&self, f: impl Fn(Lang) -> String) -> Bilingual {
        // Through one out-of-line function: each call site keeps only its closure.
        self.text_of(&f)
    }

    #[inline(never)]
    fn text_of(&self, f: &dyn Fn(Lang) -> String) -> Bilingual {
        if !self.explain {
            return Bilingual::default();
        }
        let wanted = |l: Lang| self.trace_lang.is_none_or(|only| only == l);
        Bilingual {
            vi: if wanted(Lang::Vi) {
                f(Lang::Vi)
            } else {
                String::new()
            },
            en: if wanted(Lang::En) {
                f(Lang::En)
            } else {
                String::new()
            },
        }
    }

    /// The definition of a variable: an input of the node or a context variable.
    pub fn input_def(&self, name: &str) -> Option<&'a Input> {
        match self.lookup(name) {
            Def::Input(i) | Def::Context(_, i) => Some(i),
            Def::Unknown => None,
        }
    }

    fn lookup(&self, name: &str) -> Def<'a> {
        if let Some(i) = self.node.inputs.iter().find(|i| i.id == name) {
            return Def::Input(i);
        }
        match self.set.context.iter().position(|c| c.id == name) {
            Some(k) => Def::Context(k, &self.set.context[k]),
            None => Def::Unknown,
        }
    }

    /// A variable for messages: its id and label ("a (Số hộ gia đình …)").
    pub fn subject<'n>(&'n self, name: &'n str) -> Subject<'n> {
        Subject::Input {
            name,
            label: self.input_def(name).map(|i| &i.label),
        }
    }

    /// Parses and checks every variable of an expression: all missing ones are listed
    /// together; the first invalid one stops.
    pub fn resolve<'e>(&self, expr: &'e Expr) -> Result<Vars<'e>, Stop> {
        let mut out = Vars(Vec::with_capacity(4));
        let mut missing: Vec<&str> = Vec::new();
        let mut invalid: Option<Stop> = None;
        expr.visit_vars(&mut |name| {
            if invalid.is_some() || missing.contains(&name) || out.get(name).is_some() {
                return;
            }
            match self.variable(name) {
                Ok(Some(value)) => out.0.push((name, value)),
                Ok(None) => missing.push(name),
                Err(stop) => invalid = Some(stop),
            }
        });
        if let Some(stop) = invalid {
            return Err(stop);
        }
        if !missing.is_empty() {
            return Err(Outcome::stop(InputProblem::MissingValues {
                inputs: missing.iter().map(|m| self.subject(m)).collect(),
            }));
        }
        Ok(out)
    }

    /// One variable's value: `None` when not given (or blank), a stop when invalid.
    /// Context variables are parsed once per scoring run (several indicators share
    /// them).
    fn variable(&self, name: &str) -> Result<Option<Decimal>, Stop> {
        let def = self.lookup(name);
        let (raw, typed) = match def {
            Def::Context(k, _) => {
                if let Some(v) = self.context_cache.get(k) {
                    return Ok(Some(v));
                }
                (self.context.get(name), self.context_typed.get(name))
            }
            Def::Input(_) => (
                self.inputs.and_then(|v| v.inputs.get(name)),
                self.inputs.and_then(|v| v.typed.get(name)),
            ),
            Def::Unknown => (self.context.get(name), None),
        };
        let input = match def {
            Def::Input(i) | Def::Context(_, i) => Some(i),
            Def::Unknown => None,
        };
        let value = match raw.map(String::as_str).filter(|s| !s.trim().is_empty()) {
            Some(raw) => {
                let value = parse_number(raw).map_err(|error| {
                    Outcome::stop(InputProblem::Number {
                        subject: self.subject(name),
                        error,
                    })
                })?;
                check_kind(self, name, raw, input, value)?;
                value
            }
            // No value: typed text that the page could not read (or a file written by
            // hand with the text only) is read as typed, in its language.
            None => match (typed.filter(|t| !t.text.trim().is_empty()), input) {
                (None, _) => return Ok(None),
                (Some(t), Some(i)) => match i.field() {
                    Some(field) => read_typed(&t.text, field, t.lang).map_err(|error| {
                        Outcome::stop(InputProblem::Typed {
                            subject: self.subject(name),
                            error,
                        })
                    })?,
                    None => return Ok(None),
                },
                (Some(_), None) => return Ok(None),
            },
        };
        if let Def::Context(k, _) = def {
            self.context_cache.put(k, value);
        }
        Ok(Some(value))
    }

    /// Evaluates an expression over resolved values.
    pub fn eval(&self, expr: &Expr, vals: &Vars<'_>) -> Result<Decimal, Stop> {
        expr.eval(&|v| vals.get(v).copied()).map_err(|e| match e {
            EvalError::DivisionByZero { divisor } => {
                let divisor = if divisor.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
                    self.subject(&divisor)
                } else {
                    Subject::Input {
                        name: &divisor,
                        label: None,
                    }
                };
                Outcome::stop(InputProblem::DivisionByZero { divisor })
            }
            EvalError::Missing(m) => Outcome::stop(InputProblem::MissingValues {
                inputs: vec![self.subject(&m)],
            }),
            EvalError::Overflow => overflow(),
        })
    }

    /// The rule's answers (the indicator's, or a part's).
    pub fn answers(&self) -> Option<&'a NodeValues> {
        self.answers
    }
}

fn check_kind(
    ctx: &Ctx<'_>,
    name: &str,
    raw: &str,
    input: Option<&Input>,
    value: Decimal,
) -> Result<(), Stop> {
    let kind = input.map_or(InputKind::Amount, |i| i.kind);
    let negative_ok = input.is_some_and(|i| i.negative && i.kind == InputKind::Amount);
    let subject_raw = || (ctx.subject(name), raw);
    if value < Decimal::ZERO && !negative_ok {
        let (subject, raw) = subject_raw();
        return Err(Outcome::stop(InputProblem::Negative { subject, raw }));
    }
    match kind {
        InputKind::Count if !value.fract().is_zero() => {
            let (subject, raw) = subject_raw();
            Err(Outcome::stop(InputProblem::NotWhole { subject, raw }))
        }
        InputKind::Percent if value > Decimal::ONE => {
            let (subject, raw) = subject_raw();
            Err(Outcome::stop(InputProblem::ShareAbove100 { subject, raw }))
        }
        InputKind::Count | InputKind::Amount | InputKind::Percent | InputKind::Text => Ok(()),
    }
}

/// Writes a ratio for a trace: a percentage for shares, a decimal otherwise.
pub(crate) fn show_ratio(value: &Decimal, share: bool, lang: Lang) -> String {
    if share {
        format_percent(value, lang)
    } else {
        let shown =
            value.round_dp_with_strategy(4, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
        format_lang(&shown.normalize(), lang)
    }
}
