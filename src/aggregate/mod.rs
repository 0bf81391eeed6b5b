//! The province's side: many units' values scored together.
//!
//! [`aggregate`] scores every unit of a batch, computes the relative indicators
//! (min–max, proportional to the best) across the batch and scores again with them so
//! they become final, then ranks the units (ties share a rank: 1, 2, 2, 4), compares
//! with a previous round's results, and builds each indicator's distribution and the
//! list of units at risk. [`merge`] joins partial files of one unit; [`rollup`] sums
//! the communes' counts into a provincial values file. [`Aggregate::tables`] gives the
//! views as [`Table`]s for CSV and XLSX.
//!
//! Nothing here reads files or checks signatures: the caller verifies submissions and
//! passes their values.

mod columns;
mod intake;
mod lean;
mod merge;
mod previous;
mod rollup;
mod session;
mod tables;
mod views;

use std::collections::BTreeMap;
use std::sync::Arc;

use indexmap::IndexMap;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

pub use columns::{Column, Sheet};
#[cfg(feature = "parallel")]
pub use intake::intake_compact;
#[cfg(feature = "parallel")]
pub use intake::intake_streamed;
pub use intake::{
    intake, intake_verified, Basis, FailedCheck, FileKind, FileResult, Intake, IntakeOptions,
    Provenance, Rejection, Round, UnitAppraisals,
};
pub use lean::{aggregate_compact, CompactUnits, NodeScore, Scored, Scores, UnitScores};
pub use merge::{merge, Conflict, MergeOutcome, MergedUnit, Part, SourcedValue};
pub use previous::{PreviousResults, PreviousRow};
pub use rollup::{is_commune, rollup, GapProblem, RollupGap, RollupOutcome};
pub use session::{
    AppraiseError, Appraised, ConflictView, FileView, IndicatorView, RunView, Session, UnitForm,
    UnitName, UnitView,
};
pub use tables::AtRiskGroup;
pub use views::{field_words, Bin, FileCounts, Histogram};

use crate::eval::{score, score_one_leaf, ScoreOptions};
use crate::report::{Appraisals, ExclusionVerdict, RelativeBest, Report, Status};
use crate::set::IndicatorSet;
use crate::set::Rule;
use crate::table::{Cell, Table};
use crate::targets::Targets;
use crate::text::{tr, Lang, Text};
use crate::values::{Unit, Values};
use columns::{table, word};

/// One unit of a batch.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitEntry {
    /// The unit.
    pub unit: Unit,
    /// Its (merged) values.
    pub values: Arc<Values>,
    /// The appraisal council's scores, where recorded.
    pub appraisals: Option<Appraisals>,
    /// The files its values came from.
    pub sources: Vec<String>,
    /// Signed or not, proven or not ([`Intake::entries`] fills it in; bare values are
    /// unsigned and unproven).
    pub provenance: Provenance,
}

impl UnitEntry {
    /// An entry from a values file that names its unit; `None` without a unit.
    pub fn from_values(values: Values, source: impl Into<String>) -> Option<UnitEntry> {
        Some(UnitEntry {
            unit: values.unit.clone()?,
            values: Arc::new(values),
            appraisals: None,
            sources: vec![source.into()],
            provenance: Provenance::default(),
        })
    }
}

impl From<MergedUnit> for UnitEntry {
    fn from(m: MergedUnit) -> Self {
        UnitEntry {
            unit: m.unit,
            values: m.values,
            appraisals: None,
            sources: m.sources,
            provenance: Provenance::default(),
        }
    }
}

/// Options of an aggregation.
#[derive(Debug, Clone, Default)]
pub struct AggregateOptions {
    /// The assessment year (overrides the values files').
    pub year: Option<i32>,
    /// The province's targets (for the at-risk list).
    pub targets: Option<Targets>,
    /// A previous round's results, for the change column.
    pub previous: Option<PreviousResults>,
    /// Write the written-out traces in every unit's report (the relative indicators'
    /// traces then name the best unit). Off, the reports carry the numbers only: all
    /// the ranking, distribution and at-risk views need, and several times faster.
    pub traces: bool,
    /// Add a `data` column to the ranking (`signed`, `mixed`, `unsigned`: what each
    /// unit's figures rest on); set when unsigned files were allowed.
    pub mark_unsigned: bool,
    /// Add a `signers` column to the ranking (`proven` or `unproven`); set when the
    /// registry is missing or not proven.
    pub mark_unproven: bool,
}

/// The results of a batch. `R` is what each unit keeps of its scores: its full
/// [`Report`] ([`aggregate`]), or only what the views read ([`UnitScores`], from
/// [`aggregate_compact`]: a few KB per unit instead of tens).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Aggregate<R = Report> {
    /// The set's id.
    pub set_id: String,
    /// The set's version.
    pub set_version: String,
    /// The main indicators: (id, code), in order.
    pub pillars: Vec<(String, String)>,
    /// The main indicators' titles, in the same order (the ranking's headers).
    #[serde(skip)]
    pub pillar_titles: Vec<Text>,
    /// The best and worst value of every relative indicator across the batch.
    pub relative: BTreeMap<String, RelativeBest>,
    /// Units by rank (then by id); unranked units (no total) last.
    pub units: Vec<UnitResult<R>>,
    /// Every indicator's distribution, in the set's order.
    pub indicators: Vec<IndicatorStats>,
    /// Units at risk, by indicator (set order) then unit id.
    pub at_risk: Vec<AtRisk>,
    /// Every indicator a unit marked not applicable, with its reason and the
    /// appraisal's verdict: a claim the province decides on (by unit id, then set order).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub exclusions: Vec<ExclusionRow>,
    /// Whether any unit has an appraisal (the `achieved` column is then shown).
    pub has_appraisals: bool,
    /// Whether previous results were given (the `change` column is then shown).
    pub has_previous: bool,
    /// The round's year (the ranking's `year` column), when given.
    pub year: Option<i32>,
    /// Whether the ranking has a `data` column ([`AggregateOptions::mark_unsigned`]).
    pub mark_unsigned: bool,
    /// Whether the ranking has a `signers` column ([`AggregateOptions::mark_unproven`]).
    pub mark_unproven: bool,
}

/// One unit's result; `R`: its scores, as in [`Aggregate`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitResult<R = Report> {
    /// The unit.
    pub unit: Unit,
    /// The files its values came from.
    pub sources: Vec<String>,
    /// Self-assessed total, with the relative indicators final.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub total: Option<Decimal>,
    /// Achieved total (appraisals applied); the ranking uses it.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub achieved: Option<Decimal>,
    /// Rank by achieved total; equal totals share a rank.
    pub rank: Option<u64>,
    /// Achieved points per main indicator, by id.
    #[serde(serialize_with = "ser_decimal_map")]
    pub pillars: IndexMap<String, Option<Decimal>>,
    /// The previous round's row, when the unit is in it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous: Option<PreviousRow>,
    /// Achieved total minus the previous score.
    #[serde(
        with = "rust_decimal::serde::str_option",
        skip_serializing_if = "Option::is_none"
    )]
    pub change: Option<Decimal>,
    /// Places gained since the previous round: its rank minus this rank (positive:
    /// moved up), when the unit is ranked in both.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rank_change: Option<i64>,
    /// Signed or not, proven or not.
    pub provenance: Provenance,
    /// The full report ([`Report`]), or what the views read of it ([`UnitScores`]).
    pub report: R,
}

fn ser_decimal_map<S: serde::Serializer>(
    m: &IndexMap<String, Option<Decimal>>,
    s: S,
) -> Result<S::Ok, S::Error> {
    s.collect_map(m.iter().map(|(k, v)| (k, v.map(|d| d.to_string()))))
}

/// An indicator's distribution across the batch (achieved points).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndicatorStats {
    /// The indicator's id.
    pub id: String,
    /// Its code.
    pub code: String,
    /// Its title (Vietnamese).
    pub title: String,
    /// Its title in both languages (the distribution table's).
    #[serde(skip)]
    pub titles: Text,
    /// Its maximum.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub max: Option<Decimal>,
    /// Units with points.
    pub count: u64,
    /// Lowest points.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub min: Option<Decimal>,
    /// Highest points.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub highest: Option<Decimal>,
    /// Sum of points.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub sum: Option<Decimal>,
    /// Mean points, rounded half away from zero to 4 decimal places (the exact mean
    /// is `sum / count`).
    #[serde(with = "rust_decimal::serde::str_option")]
    pub mean: Option<Decimal>,
    /// Units by status (`ok`, `provisional`, `missing`, `invalid`).
    pub by_status: BTreeMap<&'static str, u64>,
    /// For a relative indicator: the best and worst values and the best unit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub relative: Option<RelativeBest>,
}

/// A unit at risk on an indicator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AtRisk {
    /// The unit's id.
    pub unit_id: String,
    /// The unit's name.
    pub unit_name: Option<String>,
    /// The indicator's id.
    pub id: String,
    /// Its code.
    pub code: String,
    /// Achieved points.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub points: Option<Decimal>,
    /// Maximum.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub max: Option<Decimal>,
    /// Target, when one is set.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub target: Option<Decimal>,
    /// Why.
    pub risk: Risk,
    /// The indicator's status for the unit.
    pub status: Status,
}

/// An indicator a unit marked not applicable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExclusionRow {
    /// The unit's id.
    pub unit_id: String,
    /// The unit's name.
    pub unit_name: Option<String>,
    /// The indicator's id.
    pub id: String,
    /// Its code.
    pub code: String,
    /// The indicator's maximum, taken out of the unit's applicable maximum.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub max: Option<Decimal>,
    /// The unit's reason.
    pub reason: String,
    /// The appraisal's verdict, where recorded.
    pub verdict: Option<ExclusionVerdict>,
}

/// Why a unit is at risk on an indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Risk {
    /// Achieved points below the target.
    BelowTarget,
    /// No points on an indicator worth some (a leaf).
    ZeroPoints,
}

impl Risk {
    /// The stable name (`below_target`, `zero_points`).
    pub fn name(self) -> &'static str {
        match self {
            Risk::BelowTarget => "below_target",
            Risk::ZeroPoints => "zero_points",
        }
    }

    /// The words in tables, in `lang`.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Risk::BelowTarget => tr(lang, "dưới chỉ tiêu phấn đấu", "below the target"),
            Risk::ZeroPoints => tr(lang, "0 điểm", "0 points"),
        }
    }
}

/// Scores a batch of units together.
///
/// Each unit's relative indicators are scored first, alone, for their values; the best
/// and worst values across the units that have one (status `ok` or `provisional`) are
/// then given to the scoring of every unit through [`ScoreOptions::relative`], so the
/// relative indicators become final, with the best unit (or units, when tied) named
/// (in the traces, with [`AggregateOptions::traces`]).
///
/// # Example
/// ```
/// use dti_score::aggregate::{aggregate, AggregateOptions, UnitEntry};
/// use dti_score::{IndicatorSet, Values};
/// let set = IndicatorSet::from_json(r#"{
///   "format": "dti-score/indicator-set/v1", "id": "tiny", "version": "1",
///   "title": {"vi": "Nhỏ"}, "scale": "10",
///   "indicators": [{"code": "1", "title": {"vi": "Doanh nghiệp số trên 1.000 dân"}, "max": "10",
///     "inputs": [{"id": "a", "label": {"vi": "Số doanh nghiệp số"}}],
///     "rule": {"kind": "relative", "ratio": "a", "share": false, "method": "min_max"}}]
/// }"#).unwrap();
/// let unit = |id: &str, a: &str| UnitEntry::from_values(Values::from_json(&format!(
///     r#"{{"unit": {{"id": "{id}"}}, "values": {{"1": {{"a": "{a}"}}}}}}"#)).unwrap(), id).unwrap();
/// let out = aggregate(&set, vec![unit("x", "2"), unit("y", "6"), unit("z", "4")], &AggregateOptions::default());
/// let totals: Vec<(String, String, u64)> = out.units.iter()
///     .map(|u| (u.unit.id.clone(), u.total.unwrap().to_string(), u.rank.unwrap())).collect();
/// assert_eq!(totals, [("y".into(), "10".into(), 1), ("z".into(), "5".into(), 2), ("x".into(), "0".into(), 3)]);
/// assert_eq!(out.relative["1"].best_unit.as_deref(), Some("y"));
/// ```
pub fn aggregate(
    set: &IndicatorSet,
    units: Vec<UnitEntry>,
    options: &AggregateOptions,
) -> Aggregate {
    aggregate_core(set, units, options, |report| report)
}

/// What the first pass keeps of a relative leaf's report: its status and value.
pub(crate) type FirstPass = (Status, Option<Decimal>);

/// The first pass over one unit's values: [`Entry::first`].
pub(crate) fn first_pass(
    set: &IndicatorSet,
    values: &Values,
    base: &ScoreOptions,
    leaves: &[usize],
) -> Vec<FirstPass> {
    leaves
        .iter()
        .filter_map(|&i| score_one_leaf(set, values, base, i))
        .map(|r| (r.status, r.value))
        .collect()
}

/// The leaves of the set with a relative rule, by position.
pub(crate) fn relative_leaves(set: &IndicatorSet) -> Vec<usize> {
    (0..set.nodes.len())
        .filter(|&i| matches!(set.nodes[i].rule, Some(Rule::Relative { .. })))
        .collect()
}

/// A unit as the aggregation takes it: its values held whole ([`UnitEntry`]) or
/// encoded compactly ([`lean`]).
pub(crate) trait Entry: Send + Sync {
    /// The unit.
    fn unit(&self) -> &Unit;
    /// Whether it has an appraisal.
    fn appraised(&self) -> bool;
    /// The first pass ([`first_pass`]): the status and value of the relative leaves at
    /// `leaves` (scored alone with `base`), the leaves without a report left out.
    fn first(&self, set: &IndicatorSet, base: &ScoreOptions, leaves: &[usize]) -> Vec<FirstPass>;
    /// The final scoring with `options` (its appraisals added): the unit, its sources,
    /// its provenance and its report.
    fn last(
        self,
        set: &IndicatorSet,
        options: &ScoreOptions,
    ) -> (Unit, Vec<String>, Provenance, Report);
}

impl Entry for UnitEntry {
    fn unit(&self) -> &Unit {
        &self.unit
    }

    fn appraised(&self) -> bool {
        self.appraisals.as_ref().is_some_and(|a| !a.is_empty())
    }

    fn first(&self, set: &IndicatorSet, base: &ScoreOptions, leaves: &[usize]) -> Vec<FirstPass> {
        first_pass(set, &self.values, base, leaves)
    }

    fn last(
        self,
        set: &IndicatorSet,
        options: &ScoreOptions,
    ) -> (Unit, Vec<String>, Provenance, Report) {
        let opts = ScoreOptions {
            appraisals: self.appraisals,
            ..options.clone()
        };
        let report = score(set, &self.values, &opts);
        (self.unit, self.sources, self.provenance, report)
    }
}

/// [`aggregate`] of any [`Entry`], each unit's report turned by `keep` into what it
/// keeps (`R`) as soon as it is scored.
pub(crate) fn aggregate_core<E: Entry, R: Scores + Send>(
    set: &IndicatorSet,
    units: Vec<E>,
    options: &AggregateOptions,
    keep: impl Fn(Report) -> R + Sync + Send,
) -> Aggregate<R> {
    let base = ScoreOptions {
        year: options.year,
        targets: options.targets.clone(),
        appraisals: None,
        relative: BTreeMap::new(),
        // The first pass only collects the relative indicators' values.
        numbers_only: true,
    };
    let relative_leaves = relative_leaves(set);
    // The first pass scores the relative indicators alone, for their values.
    let relative = if relative_leaves.is_empty() {
        BTreeMap::new()
    } else {
        let first: Vec<(&Unit, Vec<FirstPass>)> = each(units.iter().collect(), |u: &E| {
            (u.unit(), u.first(set, &base, &relative_leaves))
        });
        let ids: Vec<&str> = relative_leaves
            .iter()
            .map(|&i| set.nodes[i].id.as_str())
            .collect();
        relative_bests(&ids, &first)
    };
    let final_options = ScoreOptions {
        relative: relative.clone(),
        // With traces, the final reports name the best unit in the relative
        // indicators' traces.
        numbers_only: !options.traces,
        ..base
    };
    let pillars: Vec<(String, String)> = set
        .roots
        .iter()
        .map(|&r| (set.nodes[r].id.clone(), set.nodes[r].code.clone()))
        .collect();
    let has_appraisals = units.iter().any(|u| u.appraised());
    let mut results: Vec<UnitResult<R>> = each(units, |u| {
        let (unit, sources, provenance, report) = u.last(set, &final_options);
        let previous = options
            .previous
            .as_ref()
            .and_then(|p| p.units.get(&unit.id))
            .cloned();
        let change = match (&previous, report.achieved) {
            (Some(PreviousRow { score: Some(p), .. }), Some(a)) => {
                a.checked_sub(*p).map(|d| d.normalize())
            }
            _ => None,
        };
        UnitResult {
            pillars: pillars
                .iter()
                .map(|(id, _)| (id.clone(), report.nodes[id.as_str()].achieved))
                .collect(),
            unit,
            sources,
            total: report.total,
            achieved: report.achieved,
            rank: None,
            previous,
            change,
            rank_change: None,
            provenance,
            report: keep(report),
        }
    });
    rank(&mut results);
    for r in &mut results {
        r.rank_change = match (r.previous.as_ref().and_then(|p| p.rank), r.rank) {
            (Some(before), Some(now)) => i64::try_from(before)
                .ok()
                .zip(i64::try_from(now).ok())
                .map(|(b, n)| b - n),
            _ => None,
        };
    }
    let indicators = set
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| stats(i, n, &results, relative.get(&n.id)))
        .collect();
    let at_risk = at_risk(set, &results);
    let exclusions = exclusions(set, &results);
    Aggregate {
        set_id: set.id.clone(),
        set_version: set.version.clone(),
        pillar_titles: set
            .roots
            .iter()
            .map(|&r| set.nodes[r].title.clone())
            .collect(),
        pillars,
        relative,
        units: results,
        indicators,
        at_risk,
        exclusions,
        has_appraisals,
        has_previous: options.previous.is_some(),
        year: options.year,
        mark_unsigned: options.mark_unsigned,
        mark_unproven: options.mark_unproven,
    }
}

/// `f` of every item, in order: natively (feature `parallel`) on every core of the
/// current rayon pool, each unit scored on its own; one at a time otherwise.
#[cfg(feature = "parallel")]
fn each<T: Send, U: Send>(items: Vec<T>, f: impl Fn(T) -> U + Sync + Send) -> Vec<U> {
    use rayon::prelude::*;
    items.into_par_iter().map(f).collect()
}

/// `f` of every item, in order (see the `parallel` version).
#[cfg(not(feature = "parallel"))]
fn each<T, U>(items: Vec<T>, f: impl Fn(T) -> U) -> Vec<U> {
    items.into_iter().map(f).collect()
}

/// The best and worst value of each relative indicator over the units whose value
/// could be computed (status `ok` or `provisional`); the best unit is named by its
/// name (else its id), tied units joined with ", ".
/// `reports`: each unit's reports of the relative indicators, in the order of `ids`.
fn relative_bests(
    ids: &[&str],
    reports: &[(&Unit, Vec<FirstPass>)],
) -> BTreeMap<String, RelativeBest> {
    let mut out = BTreeMap::new();
    for (k, id) in ids.iter().enumerate() {
        let mut vals: Vec<(&Unit, Decimal)> = reports
            .iter()
            .filter_map(|(u, r)| {
                let (status, value) = r.get(k)?;
                matches!(status, Status::Ok | Status::Provisional)
                    .then_some(())
                    .and(*value)
                    .map(|v| (*u, v))
            })
            .collect();
        let Some(best) = vals.iter().map(|(_, v)| *v).max() else {
            continue;
        };
        let worst = vals.iter().map(|(_, v)| *v).min().unwrap_or(best);
        vals.sort_by(|a, b| a.0.id.cmp(&b.0.id));
        let names: Vec<&str> = vals
            .iter()
            .filter(|(_, v)| *v == best)
            .map(|(u, _)| u.name.as_deref().unwrap_or(&u.id))
            .collect();
        out.insert(
            id.to_string(),
            RelativeBest {
                best: best.normalize(),
                worst: worst.normalize(),
                best_unit: Some(names.join(", ")),
            },
        );
    }
    out
}

/// Sorts by achieved total (highest first, then unit id) and gives standard
/// competition ranks: 1, 2, 2, 4. Units without a total stay unranked, last.
fn rank<R>(results: &mut [UnitResult<R>]) {
    results.sort_by(|a, b| match (a.achieved, b.achieved) {
        (Some(x), Some(y)) => y.cmp(&x).then_with(|| a.unit.id.cmp(&b.unit.id)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.unit.id.cmp(&b.unit.id),
    });
    let mut prev: Option<(Decimal, u64)> = None;
    for (i, r) in results.iter_mut().enumerate() {
        let Some(score) = r.achieved else { continue };
        let rank = match prev {
            Some((p, k)) if p == score => k,
            _ => i as u64 + 1,
        };
        r.rank = Some(rank);
        prev = Some((score, rank));
    }
}

fn stats<R: Scores>(
    index: usize,
    node: &crate::set::Node,
    results: &[UnitResult<R>],
    relative: Option<&RelativeBest>,
) -> IndicatorStats {
    let mut by_status = BTreeMap::new();
    let mut count = 0u64;
    let (mut min, mut highest, mut sum): (Option<Decimal>, Option<Decimal>, Option<Decimal>) =
        (None, None, Some(Decimal::ZERO));
    for r in results {
        let Some(n) = r.report.scored(index, &node.id) else {
            continue;
        };
        *by_status.entry(n.status.name()).or_insert(0) += 1;
        if let Some(p) = n.achieved {
            count += 1;
            min = Some(min.map_or(p, |m| m.min(p)));
            highest = Some(highest.map_or(p, |m| m.max(p)));
            sum = sum.and_then(|s| s.checked_add(p));
        }
    }
    let sum = if count == 0 { None } else { sum };
    let mean = sum
        .and_then(|s| s.checked_div(Decimal::from(count)))
        .map(|m| {
            m.round_dp_with_strategy(4, RoundingStrategy::MidpointAwayFromZero)
                .normalize()
        });
    IndicatorStats {
        id: node.id.clone(),
        code: node.code.clone(),
        title: node.title.vi.clone(),
        titles: node.title.clone(),
        max: node.max.map(|m| m.normalize()),
        count,
        min: min.map(|d| d.normalize()),
        highest: highest.map(|d| d.normalize()),
        sum: sum.map(|d| d.normalize()),
        mean,
        by_status,
        relative: relative.cloned(),
    }
}

fn exclusions<R: Scores>(set: &IndicatorSet, results: &[UnitResult<R>]) -> Vec<ExclusionRow> {
    let mut by_unit: Vec<&UnitResult<R>> = results.iter().collect();
    by_unit.sort_by(|a, b| a.unit.id.cmp(&b.unit.id));
    let mut out = Vec::new();
    for r in by_unit {
        for (i, node) in set.nodes.iter().enumerate() {
            let Some(e) = r.report.scored(i, &node.id).and_then(|n| n.exclusion) else {
                continue;
            };
            out.push(ExclusionRow {
                unit_id: r.unit.id.clone(),
                unit_name: r.unit.name.clone(),
                id: node.id.clone(),
                code: node.code.clone(),
                max: node.max.map(|m| m.normalize()),
                reason: e.reason.clone(),
                verdict: e.verdict,
            });
        }
    }
    out
}

fn at_risk<R: Scores>(set: &IndicatorSet, results: &[UnitResult<R>]) -> Vec<AtRisk> {
    let mut out = Vec::new();
    for (i, node) in set.nodes.iter().enumerate() {
        let mut here: Vec<AtRisk> = Vec::new();
        for r in results {
            let Some(n) = r.report.scored(i, &node.id) else {
                continue;
            };
            let below = match (n.target, n.achieved) {
                (Some(t), Some(a)) => a < t,
                _ => false,
            };
            let zero = node.rule.is_some()
                && n.achieved.is_some_and(|a| a.is_zero())
                && n.max.is_some_and(|m| m > Decimal::ZERO);
            let risk = if zero {
                Risk::ZeroPoints
            } else if below {
                Risk::BelowTarget
            } else {
                continue;
            };
            here.push(AtRisk {
                unit_id: r.unit.id.clone(),
                unit_name: r.unit.name.clone(),
                id: node.id.clone(),
                code: node.code.clone(),
                points: n.achieved,
                max: n.max,
                target: n.target,
                risk,
                status: n.status,
            });
        }
        here.sort_by(|a, b| a.unit_id.cmp(&b.unit_id));
        out.extend(here);
    }
    out
}
