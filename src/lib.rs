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

pub mod aggregate;
pub mod appraisal;
pub mod error;
pub mod eval;
pub mod formats;
pub mod json;
pub mod limits;
pub mod number;
pub mod registry;
pub mod report;
pub mod set;
pub mod sign;
pub mod submission;
pub mod table;
pub mod targets;
pub mod text;
pub mod unit_id;
pub mod values;
pub mod verify;
#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use error::{Finding, Severity, ValidationErrors};
pub use eval::{score, ScoreOptions};
pub use report::{Report, Status};
pub use set::IndicatorSet;
pub use targets::Targets;
pub use values::Values;

/// The engine's version, recorded in reports and submissions.
pub const ENGINE_VERSION: &str = env!("CARGO_PKG_VERSION");
