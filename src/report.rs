//! The score report: points, status and a written-out trace for every indicator.

use std::collections::BTreeMap;
use std::sync::Arc;

use indexmap::IndexMap;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::Finding;
use crate::text::Bilingual;

/// How an indicator's score stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
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
            Status::Ok => "ok",
            Status::Provisional => "provisional",
            Status::Missing => "missing",
            Status::Invalid => "invalid",
        }
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
}

/// Appraisals by indicator id.
pub type Appraisals = BTreeMap<String, Appraisal>;

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

/// The report of one indicator.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NodeReport {
    /// The code as printed in the source.
    pub code: Arc<str>,
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
    pub messages: Vec<Bilingual>,
    /// Ids of the children.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub children: Arc<[Arc<str>]>,
}

/// The indicators of a report, in the set's order, by id.
pub type NodeReports = IndexMap<Arc<str>, NodeReport, foldhash::fast::FixedState>;

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
    /// Ids of the main indicators.
    pub roots: Vec<Arc<str>>,
    /// Every indicator, in the set's order, by id.
    pub nodes: NodeReports,
    /// Values the set does not know (not scored).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<Finding>,
}

impl Report {
    /// Counts of leaves by status.
    pub fn status_counts(&self) -> BTreeMap<&'static str, usize> {
        let mut out = BTreeMap::new();
        for n in self.nodes.values().filter(|n| n.children.is_empty()) {
            *out.entry(n.status.name()).or_insert(0) += 1;
        }
        out
    }
}
