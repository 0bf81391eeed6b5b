//! # dti-score
//!
//! A scoring engine for Vietnam's Digital Transformation Index (DTI, "Chỉ số đánh giá
//! chuyển đổi số") self-assessments. The same library runs as a native command-line
//! tool for the province and as WebAssembly in a static page for each unit.
//!
//! The flow: [`IndicatorSet::from_json`] validates a set (every finding with its JSON
//! Pointer); [`Values::from_json`] loads what a unit entered; [`score`] computes a
//! [`Report`] with points, status and a written-out trace for every indicator. Every
//! quantity is a [`rust_decimal::Decimal`], carried as a string across every boundary.
#![deny(missing_docs)]

// The set and its scoring: private modules, their items re-exported here (one path each).
mod error;
mod eval;
mod report;
mod targets;
mod text;
mod values;

// Namespaces, one for each part a caller names: the set's parts and the readers of typed
// figures; the trust chain (the unit id, signing, submissions, the key registry,
// verification, appraisals); the province (aggregation, tables); the file formats, their
// limits and the JSON they are written in; the WebAssembly edge.
pub mod aggregate;
pub mod appraisal;
pub mod evidence;
pub mod formats;
pub mod json;
pub mod limits;
pub mod number;
pub mod previous;
pub mod registry;
pub mod set;
#[cfg(feature = "workbook")]
pub mod setbook;
pub mod sign;
pub mod submission;
pub mod table;
pub mod unit_id;
pub mod verify;
#[cfg(target_arch = "wasm32")]
pub mod wasm;
#[cfg(feature = "workbook")]
pub mod workbook;

pub use error::{
    ErrorKind, Expected, Finding, Found, InputProblem, Message, ProblemKind, Severity, Subject,
    ValidationErrors,
};
pub use eval::{score, Changed, ScoreOptions, Session};
pub use report::{
    unit_table, Applicable, Appraisal, Appraisals, Exclusion, ExclusionVerdict, NodeReport,
    NodeReports, NodeReportsIter, NotReady, Progress, Readiness, RelativeBest, Report, ReportSet,
    SomeNodeReports, Status, StatusCounts,
};
pub use set::IndicatorSet;
pub use targets::{RankTarget, Target, Targets};
pub use text::{Bilingual, Lang, Text};
pub use values::{Evidence, EvidenceFile, NodeValues, SetRef, Typed, Unit, Values};

/// The engine's version, recorded in reports and submissions.
pub const ENGINE_VERSION: &str = env!("CARGO_PKG_VERSION");
