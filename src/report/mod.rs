//! The score report: points, status and a written-out trace for every indicator.

pub use crate::error::NotReady;
use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::Finding;
use crate::set::index::NodeIds;
use crate::text::Bilingual;

mod unit_table;
pub use unit_table::unit_table;

/// How an indicator's score stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Marked not applicable by the unit, with a reason, where the set allows it: 0
    /// points of 0 (declared first, so that a parent with other children takes theirs).
    Excluded,
    /// Scored from complete, valid input.
    Ok,
    /// Relative to other units: computed against a reference, final only after the
    /// province's aggregation.
    Provisional,
    /// Input missing: 0 points (the sources' default rule).
    Missing,
    /// Input invalid: 0 points, with a message.
    Invalid,
}

impl Status {
    /// The status's name.
    pub fn name(self) -> &'static str {
        match self {
            Status::Excluded => "excluded",
            Status::Ok => "ok",
            Status::Provisional => "provisional",
            Status::Missing => "missing",
            Status::Invalid => "invalid",
        }
    }

    /// The status in words, as the page shows it ("đủ số liệu", "thiếu số liệu"…).
    ///
    /// ```
    /// use dti_score::{Lang, Status};
    /// assert_eq!(Status::Missing.label(Lang::Vi), "thiếu số liệu");
    /// assert_eq!(Status::Missing.label(Lang::En), "missing data");
    /// ```
    pub fn label(self, lang: crate::text::Lang) -> &'static str {
        let (vi, en) = match self {
            Status::Excluded => ("không áp dụng", "not applicable"),
            Status::Ok => ("đủ số liệu", "complete"),
            Status::Provisional => ("tạm tính", "provisional"),
            Status::Missing => ("thiếu số liệu", "missing data"),
            Status::Invalid => ("số liệu sai", "invalid data"),
        };
        crate::text::tr(lang, vi, en)
    }
}

/// An appraisal council's score for one indicator ("Điểm Hội đồng thẩm định").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Appraisal {
    /// The council's points.
    #[serde(with = "rust_decimal::serde::str")]
    pub points: Decimal,
    /// Why.
    pub reason: String,
    /// On an indicator the unit marked not applicable: whether the exclusion is
    /// accepted (0 of 0) or rejected (0 of the maximum).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exclusion: Option<ExclusionVerdict>,
}

/// Appraisals by indicator id.
pub type Appraisals = BTreeMap<String, Appraisal>;

/// The appraisal's decision on an indicator the unit marked not applicable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExclusionVerdict {
    /// The exclusion stands: 0 points of 0.
    Accepted,
    /// The exclusion is refused: 0 points of the indicator's maximum.
    Rejected,
}

/// An indicator the unit marked not applicable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Exclusion {
    /// The unit's reason.
    pub reason: String,
    /// The appraisal's decision, where recorded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verdict: Option<ExclusionVerdict>,
}

/// The best (and worst) value across units for a relative indicator, as computed by the
/// province's aggregation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelativeBest {
    /// The best value.
    #[serde(with = "rust_decimal::serde::str")]
    pub best: Decimal,
    /// The worst value.
    #[serde(with = "rust_decimal::serde::str")]
    pub worst: Decimal,
    /// The unit with the best value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub best_unit: Option<String>,
}

/// The report of one indicator. Its code and children are the set's: they are given
/// by [`NodeReports::code`] and [`NodeReports::children`], and written in the JSON
/// (`code` first, `children` last) by [`NodeReports`]' serialisation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NodeReport {
    /// Self-assessed points ("Điểm tự đánh giá"); absent where the set has no maxima.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub points: Option<Decimal>,
    /// Maximum points.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub max: Option<Decimal>,
    /// The fraction of the maximum achieved, unrounded.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub attainment: Option<Decimal>,
    /// The value the rule computed (a ratio, a count), when it has one.
    #[serde(
        with = "rust_decimal::serde::str_option",
        skip_serializing_if = "Option::is_none"
    )]
    pub value: Option<Decimal>,
    /// How the score stands.
    pub status: Status,
    /// The computation written out.
    pub trace: Bilingual,
    /// What it takes to reach full points; absent when already full.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to_full: Option<Bilingual>,
    /// Points lost: max − points.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub lost: Option<Decimal>,
    /// Target points, from the set or a targets file.
    #[serde(
        with = "rust_decimal::serde::str_option",
        skip_serializing_if = "Option::is_none"
    )]
    pub target: Option<Decimal>,
    /// Points short of the target (0 when reached).
    #[serde(
        with = "rust_decimal::serde::str_option",
        skip_serializing_if = "Option::is_none"
    )]
    pub below_target: Option<Decimal>,
    /// The appraisal council's score, where recorded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub appraisal: Option<Appraisal>,
    /// Achieved points ("Điểm đạt được"): the appraisal where present, else self-assessed.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub achieved: Option<Decimal>,
    /// Messages about the input (why invalid, what is missing).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub messages: Vec<crate::error::Problem>,
    /// Marked not applicable: the reason and the appraisal's verdict.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exclusion: Option<Exclusion>,
    /// The maximum `achieved` counts against, where it differs from `max` (an
    /// exclusion the appraisal rejected counts its maximum again).
    #[serde(
        with = "rust_decimal::serde::str_option",
        skip_serializing_if = "Option::is_none"
    )]
    pub achieved_max: Option<Decimal>,
}

/// The indicators of a report, in the set's order, by id: a map from indicator id to
/// [`NodeReport`] (serialised as a JSON object), whose ids are shared with the set, so
/// that scoring does not copy or hash them.
#[derive(Clone)]
pub struct NodeReports {
    ids: Arc<NodeIds>,
    reports: Vec<NodeReport>,
}

impl NodeReports {
    /// `reports`: one per id, in the set's order.
    pub(crate) fn new(ids: Arc<NodeIds>, reports: Vec<NodeReport>) -> Self {
        debug_assert_eq!(ids.ids.len(), reports.len());
        NodeReports { ids, reports }
    }

    /// The report of the indicator at a position of the set's `nodes`.
    pub(crate) fn at(&self, index: usize) -> &NodeReport {
        &self.reports[index]
    }

    /// Replaces the report of the indicator at a position of the set's `nodes`.
    pub(crate) fn replace(&mut self, index: usize, report: NodeReport) {
        self.reports[index] = report;
    }

    /// An indicator's report.
    pub fn get(&self, id: &str) -> Option<&NodeReport> {
        self.reports.get(self.ids.position(id)?)
    }

    /// Whether the report has the indicator.
    pub fn contains_key(&self, id: &str) -> bool {
        self.ids.position(id).is_some()
    }

    /// The number of indicators.
    pub fn len(&self) -> usize {
        self.reports.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.reports.is_empty()
    }

    /// (id, report) pairs, in the set's order.
    pub fn iter(&self) -> NodeReportsIter<'_> {
        self.ids.ids.iter().zip(self.reports.iter())
    }

    /// The ids, in the set's order.
    pub fn keys(&self) -> std::slice::Iter<'_, Arc<str>> {
        self.ids.ids.iter()
    }

    /// The reports, in the set's order.
    pub fn values(&self) -> std::slice::Iter<'_, NodeReport> {
        self.reports.iter()
    }

    /// An indicator's code as printed in the source.
    pub fn code(&self, id: &str) -> Option<&str> {
        Some(&self.ids.codes[self.ids.position(id)?])
    }

    /// The ids of an indicator's children (empty for a component indicator).
    pub fn children(&self, id: &str) -> Option<&[Arc<str>]> {
        Some(&self.ids.children[self.ids.position(id)?])
    }

    /// (id, report) of the indicators without children (those with a rule), in order.
    pub fn leaves(&self) -> impl Iterator<Item = (&Arc<str>, &NodeReport)> {
        self.iter()
            .zip(&self.ids.children)
            .filter(|(_, c)| c.is_empty())
            .map(|(entry, _)| entry)
    }
}

/// The iterator of [`NodeReports::iter`].
pub type NodeReportsIter<'a> =
    std::iter::Zip<std::slice::Iter<'a, Arc<str>>, std::slice::Iter<'a, NodeReport>>;

impl<'a> IntoIterator for &'a NodeReports {
    type Item = (&'a Arc<str>, &'a NodeReport);
    type IntoIter = NodeReportsIter<'a>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl std::ops::Index<&str> for NodeReports {
    type Output = NodeReport;

    /// # Panics
    /// When the report has no such indicator (use [`NodeReports::get`] otherwise).
    fn index(&self, id: &str) -> &NodeReport {
        self.get(id)
            .unwrap_or_else(|| panic!("no indicator “{id}” in the report"))
    }
}

impl PartialEq for NodeReports {
    fn eq(&self, other: &Self) -> bool {
        self.ids.ids == other.ids.ids && self.reports == other.reports
    }
}

impl fmt::Debug for NodeReports {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

/// One indicator as a report writes it: its code, its report's fields, its children.
#[derive(Serialize)]
struct Entry<'a> {
    code: &'a str,
    #[serde(flatten)]
    report: &'a NodeReport,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    children: &'a [Arc<str>],
}

impl NodeReports {
    fn entry(&self, i: usize) -> (&Arc<str>, Entry<'_>) {
        let ids = &*self.ids;
        let entry = Entry {
            code: &ids.codes[i],
            report: &self.reports[i],
            children: &ids.children[i],
        };
        (&ids.ids[i], entry)
    }

    /// The indicators at these positions of the set's `nodes`, written as the whole
    /// report writes them (a map by id): what a session's edit changed.
    pub fn some<'a>(&'a self, indexes: &'a [usize]) -> SomeNodeReports<'a> {
        SomeNodeReports {
            reports: self,
            indexes,
        }
    }
}

impl Serialize for NodeReports {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map((0..self.reports.len()).map(|i| self.entry(i)))
    }
}

/// Some of a report's indicators ([`NodeReports::some`]).
pub struct SomeNodeReports<'a> {
    reports: &'a NodeReports,
    indexes: &'a [usize],
}

impl Serialize for SomeNodeReports<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.indexes.iter().map(|&i| self.reports.entry(i)))
    }
}

/// The set a report was computed with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportSet {
    /// Id.
    pub id: String,
    /// Version.
    pub version: String,
    /// Not an official scoring.
    pub draft: bool,
}

/// A full score report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// The set.
    pub set: ReportSet,
    /// The assessment year used.
    pub year: Option<i32>,
    /// Self-assessed total.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub total: Option<Decimal>,
    /// The scale.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub max: Option<Decimal>,
    /// Achieved total (appraisals applied).
    #[serde(with = "rust_decimal::serde::str_option")]
    pub achieved: Option<Decimal>,
    /// Target total, where targets are loaded.
    #[serde(
        with = "rust_decimal::serde::str_option",
        skip_serializing_if = "Option::is_none"
    )]
    pub target: Option<Decimal>,
    /// Where indicators are excluded: the totals on the applicable maximum, rescaled
    /// to the scale (absent when nothing is excluded).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub applicable: Option<Applicable>,
    /// Ids of the main indicators.
    pub roots: Vec<Arc<str>>,
    /// Every indicator, in the set's order, by id.
    pub nodes: NodeReports,
    /// Values the set does not know (not scored).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<Finding>,
}

/// Where a main indicator stands ([`Report::progress`]): its leaves answered, missing
/// and invalid, and the first to see to, for the page's progress line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Progress {
    /// The main indicator's id.
    pub id: Arc<str>,
    /// Its leaves with a score or marked not applicable (statuses `ok`, `provisional`,
    /// `excluded`).
    pub answered: usize,
    /// Its leaves with figures missing.
    pub missing: usize,
    /// Its leaves with figures that do not read.
    pub invalid: usize,
    /// The first invalid leaf, else the first missing one, in the set's order.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next: Option<Arc<str>>,
}

/// How many leaves of a report have each status ([`Report::status_tally`]); serialised
/// by status name, without the statuses that do not occur.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct StatusCounts {
    /// Marked not applicable.
    #[serde(skip_serializing_if = "is_zero")]
    pub excluded: usize,
    /// Input invalid.
    #[serde(skip_serializing_if = "is_zero")]
    pub invalid: usize,
    /// Input missing.
    #[serde(skip_serializing_if = "is_zero")]
    pub missing: usize,
    /// Scored.
    #[serde(skip_serializing_if = "is_zero")]
    pub ok: usize,
    /// Relative, final after the province's aggregation.
    #[serde(skip_serializing_if = "is_zero")]
    pub provisional: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl IntoIterator for StatusCounts {
    type Item = (&'static str, usize);
    type IntoIter = std::iter::Flatten<std::array::IntoIter<Option<(&'static str, usize)>, 5>>;

    /// The statuses that occur and their counts, by name.
    fn into_iter(self) -> Self::IntoIter {
        let pairs = [
            ("excluded", self.excluded),
            ("invalid", self.invalid),
            ("missing", self.missing),
            ("ok", self.ok),
            ("provisional", self.provisional),
        ];
        pairs
            .map(|(name, n)| (n > 0).then_some((name, n)))
            .into_iter()
            .flatten()
    }
}

/// What stands between a report and a signature: the component indicators whose figures
/// are invalid (signing is refused until they are corrected or cleared) and those with
/// figures missing (they score 0, "Theo quy định, chỉ tiêu không có số liệu được tính 0
/// điểm"; signing needs the signer to confirm it).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Readiness {
    /// Leaf ids with status `invalid`, in the set's order.
    pub invalid: Vec<Arc<str>>,
    /// Leaf ids with status `missing`, in the set's order.
    pub missing: Vec<Arc<str>>,
}

impl Readiness {
    /// Whether a unit may sign: never with invalid figures; with missing ones only when
    /// the signer confirmed that they score 0 (`allow_missing`).
    ///
    /// # Errors
    /// [`NotReady`] saying how many indicators stand in the way and why.
    pub fn check(&self, allow_missing: bool) -> Result<(), NotReady> {
        if !self.invalid.is_empty() {
            return Err(NotReady::Invalid {
                invalid: self.invalid.len(),
            });
        }
        if !self.missing.is_empty() && !allow_missing {
            return Err(NotReady::Missing {
                missing: self.missing.len(),
            });
        }
        Ok(())
    }
}

/// The totals of a report with excluded indicators: the raw total counts against the
/// applicable maximum, and is rescaled to the set's scale.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Applicable {
    /// The scale less the maxima of the excluded indicators.
    #[serde(with = "rust_decimal::serde::str")]
    pub max: Decimal,
    /// total × scale / applicable max, rounded by the set's policy (absent when the
    /// applicable maximum is 0).
    #[serde(with = "rust_decimal::serde::str_option")]
    pub total: Option<Decimal>,
    /// The achieved maximum: the scale less the exclusions the appraisal did not reject.
    #[serde(with = "rust_decimal::serde::str")]
    pub achieved_max: Decimal,
    /// achieved × scale / achieved max, rounded.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub achieved: Option<Decimal>,
    /// Which total is which, written out.
    pub trace: Bilingual,
}

impl Report {
    /// Which indicators block signing or need confirming ([`Readiness`]).
    pub fn readiness(&self) -> Readiness {
        let mut out = Readiness::default();
        for (id, n) in self.nodes.leaves() {
            match n.status {
                Status::Invalid => out.invalid.push(Arc::clone(id)),
                Status::Missing => out.missing.push(Arc::clone(id)),
                Status::Ok | Status::Provisional | Status::Excluded => {}
            }
        }
        out
    }

    /// Counts of leaves by status, for the statuses that occur, by name.
    pub fn status_counts(&self) -> BTreeMap<&'static str, usize> {
        self.status_tally().into_iter().collect()
    }

    /// Each main indicator's progress ([`Progress`]), in the set's order: what the page's
    /// progress line shows (answered / missing / invalid, each a link).
    ///
    /// # Example
    /// ```
    /// use dti_score::{score, IndicatorSet, ScoreOptions, Values};
    ///
    /// let set = IndicatorSet::from_json(r#"{
    ///   "format": "dti-score/indicator-set/v1", "id": "tiny", "version": "1",
    ///   "title": {"vi": "Nhỏ"}, "scale": "20",
    ///   "indicators": [{"code": "1", "title": {"vi": "Một"}, "max": "20", "children": [
    ///     {"code": "1.1", "title": {"vi": "A"}, "max": "10", "rule": {"kind": "yes_no"}},
    ///     {"code": "1.2", "title": {"vi": "B"}, "max": "10", "rule": {"kind": "yes_no"}}]}]
    /// }"#).unwrap();
    /// let values = Values::from_json(r#"{"format": "dti-score/values/v1",
    ///   "set": {"id": "tiny", "version": "1"}, "unit": {"id": "x", "name": "X"}, "year": 2025,
    ///   "values": {"1.1": {"done": true}}}"#).unwrap();
    /// let p = &score(&set, &values, &ScoreOptions::default()).progress()[0];
    /// assert_eq!((p.answered, p.missing, p.invalid, p.next.as_deref()), (1, 1, 0, Some("1.2")));
    /// ```
    pub fn progress(&self) -> Vec<Progress> {
        self.roots
            .iter()
            .map(|root| {
                let mut p = Progress {
                    id: Arc::clone(root),
                    answered: 0,
                    missing: 0,
                    invalid: 0,
                    next: None,
                };
                let (mut first_invalid, mut first_missing) = (None, None);
                let mut stack = vec![Arc::clone(root)];
                while let Some(id) = stack.pop() {
                    let children = self.nodes.children(&id).unwrap_or(&[]);
                    if !children.is_empty() {
                        stack.extend(children.iter().rev().cloned());
                        continue;
                    }
                    let Some(n) = self.nodes.get(&id) else {
                        continue;
                    };
                    match n.status {
                        Status::Ok | Status::Provisional | Status::Excluded => p.answered += 1,
                        Status::Missing => {
                            p.missing += 1;
                            first_missing.get_or_insert(id);
                        }
                        Status::Invalid => {
                            p.invalid += 1;
                            first_invalid.get_or_insert(id);
                        }
                    }
                }
                p.next = first_invalid.or(first_missing);
                p
            })
            .collect()
    }

    /// Counts of leaves by status ([`StatusCounts`], what the page shows under the
    /// totals).
    pub fn status_tally(&self) -> StatusCounts {
        let mut out = StatusCounts::default();
        for (_, n) in self.nodes.leaves() {
            let count = match n.status {
                Status::Excluded => &mut out.excluded,
                Status::Invalid => &mut out.invalid,
                Status::Missing => &mut out.missing,
                Status::Ok => &mut out.ok,
                Status::Provisional => &mut out.provisional,
            };
            *count += 1;
        }
        out
    }

    /// The ranking of points lost: the leaf indicators that lose points, the most first
    /// (ties in the set's order). The page lists the first of them as "where the points
    /// go".
    ///
    /// # Example
    /// ```
    /// use dti_score::{score, IndicatorSet, ScoreOptions, Values};
    ///
    /// let set = IndicatorSet::from_json(r#"{
    ///   "format": "dti-score/indicator-set/v1", "id": "tiny", "version": "1",
    ///   "title": {"vi": "Nhỏ"}, "scale": "40",
    ///   "indicators": [
    ///     {"code": "1", "title": {"vi": "Một"}, "max": "10", "rule": {"kind": "yes_no"}},
    ///     {"code": "2", "title": {"vi": "Hai"}, "max": "20", "rule": {"kind": "yes_no"}},
    ///     {"code": "3", "title": {"vi": "Ba"}, "max": "10", "rule": {"kind": "yes_no"}}
    ///   ]
    /// }"#).unwrap();
    /// let values = Values::from_json(
    ///     r#"{"values": {"1": {"done": false}, "2": {"done": false}, "3": {"done": true}}}"#,
    /// ).unwrap();
    /// let report = score(&set, &values, &ScoreOptions::default());
    /// assert_eq!(report.losses(), ["2", "1"]);
    /// ```
    pub fn losses(&self) -> Vec<&str> {
        let mut losing: Vec<(&str, Decimal)> = self
            .nodes
            .leaves()
            .filter_map(|(id, n)| n.lost.filter(|l| *l > Decimal::ZERO).map(|l| (&**id, l)))
            .collect();
        // A stable sort: ties keep the set's order.
        losing.sort_by_key(|l| std::cmp::Reverse(l.1));
        losing.into_iter().map(|(id, _)| id).collect()
    }
}
