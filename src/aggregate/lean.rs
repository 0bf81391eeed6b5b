//! The province's batch in little memory: each unit's values held encoded (a couple
//! of KB instead of the tens a [`Values`] takes in memory) from the moment its file is
//! verified until it is scored, and of each unit's report only what the views read
//! ([`UnitScores`]).
//!
//! [`super::intake_compact`] is [`super::intake_streamed`] with the values encoded as each
//! group of files is taken; [`aggregate_compact`] is [`super::aggregate`] of them. The
//! tables, the exclusions and the at-risk list are the same, cell for cell, as those of
//! [`super::aggregate`] of the same files (`tests/compact.rs` checks it).

use rust_decimal::Decimal;
use serde::Serialize;

use super::{
    aggregate_core, first_pass, relative_leaves, Aggregate, AggregateOptions, Entry, FirstPass,
    Provenance,
};
use crate::eval::{score, ScoreOptions};
use crate::report::{Appraisals, Exclusion, Report, Status};
use crate::set::IndicatorSet;
use crate::values::{Unit, Values};

/// A [`Values`] encoded as its compact JSON (what [`Values::from_value`] reads back to
/// the same values): about 2 KB for a Vĩnh Long unit, against about 40 KB of maps and
/// strings in memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CompactValues(Box<[u8]>);

impl CompactValues {
    /// `values` encoded.
    pub(crate) fn new(values: &Values) -> CompactValues {
        CompactValues(
            serde_json::to_vec(values)
                .expect("values serialise")
                .into_boxed_slice(),
        )
    }

    /// The values again, equal to those encoded.
    ///
    /// # Panics
    /// Never for bytes made by [`CompactValues::new`] (the round trip is tested on
    /// every fixture).
    pub(crate) fn decode(&self) -> Values {
        let json: serde_json::Value =
            serde_json::from_slice(&self.0).expect("encoded values are JSON");
        Values::from_value(&json).expect("encoded values read back")
    }

    /// The bytes held.
    #[cfg(test)]
    fn len(&self) -> usize {
        self.0.len()
    }
}

/// One indicator's scores as the batch's views read them (borrowed from a [`Report`] or
/// a [`UnitScores`]).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Scored<'a> {
    /// How the score stands.
    pub status: Status,
    /// Achieved points.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub achieved: Option<Decimal>,
    /// Maximum points.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub max: Option<Decimal>,
    /// Target points.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub target: Option<Decimal>,
    /// Marked not applicable: the reason and the appraisal's verdict.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exclusion: Option<&'a Exclusion>,
}

/// What a unit's scores give the batch's views: the indicator at a position of the
/// set's `nodes` (its id `id`).
pub trait Scores {
    /// The indicator's scores, when the unit has it.
    fn scored(&self, index: usize, id: &str) -> Option<Scored<'_>>;
}

impl Scores for Report {
    fn scored(&self, _index: usize, id: &str) -> Option<Scored<'_>> {
        let n = self.nodes.get(id)?;
        Some(Scored {
            status: n.status,
            achieved: n.achieved,
            max: n.max,
            target: n.target,
            exclusion: n.exclusion.as_ref(),
        })
    }
}

/// One indicator of a [`UnitScores`]: its status and three decimals, which of them are
/// present in one byte (52 bytes, against 72 with three `Option<Decimal>`s and the
/// exclusion beside them).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NodeScore {
    status: Status,
    /// Bits 0, 1, 2: achieved, max, target present.
    present: u8,
    achieved: Decimal,
    max: Decimal,
    target: Decimal,
}

impl NodeScore {
    fn new(
        status: Status,
        achieved: Option<Decimal>,
        max: Option<Decimal>,
        target: Option<Decimal>,
    ) -> Self {
        let bit = |d: &Option<Decimal>, b: u8| if d.is_some() { b } else { 0 };
        NodeScore {
            status,
            present: bit(&achieved, 1) | bit(&max, 2) | bit(&target, 4),
            achieved: achieved.unwrap_or_default(),
            max: max.unwrap_or_default(),
            target: target.unwrap_or_default(),
        }
    }

    fn get(&self, bit: u8, d: Decimal) -> Option<Decimal> {
        (self.present & bit != 0).then_some(d)
    }

    /// How the score stands.
    pub fn status(&self) -> Status {
        self.status
    }

    /// Achieved points.
    pub fn achieved(&self) -> Option<Decimal> {
        self.get(1, self.achieved)
    }

    /// Maximum points.
    pub fn max(&self) -> Option<Decimal> {
        self.get(2, self.max)
    }

    /// Target points.
    pub fn target(&self) -> Option<Decimal> {
        self.get(4, self.target)
    }
}

/// What a unit keeps of its report in [`aggregate_compact`]: each indicator's status
/// and points, by position in the set's `nodes`, and its exclusions (about 3 KB for a
/// Vĩnh Long unit, against about 21 KB for its [`Report`]).
#[derive(Debug, Clone, PartialEq)]
pub struct UnitScores {
    nodes: Box<[NodeScore]>,
    /// (position, exclusion), by position.
    exclusions: Box<[(usize, Exclusion)]>,
}

impl UnitScores {
    /// What the views read of `report`.
    pub fn of(report: &Report) -> UnitScores {
        UnitScores {
            nodes: report
                .nodes
                .values()
                .map(|n| NodeScore::new(n.status, n.achieved, n.max, n.target))
                .collect(),
            exclusions: report
                .nodes
                .values()
                .enumerate()
                .filter_map(|(i, n)| Some((i, n.exclusion.clone()?)))
                .collect(),
        }
    }

    /// The indicators, by position in the set's `nodes`.
    pub fn nodes(&self) -> &[NodeScore] {
        &self.nodes
    }
}

impl Scores for UnitScores {
    fn scored(&self, index: usize, _id: &str) -> Option<Scored<'_>> {
        let n = self.nodes.get(index)?;
        Some(Scored {
            status: n.status,
            achieved: n.achieved(),
            max: n.max(),
            target: n.target(),
            exclusion: self
                .exclusions
                .binary_search_by_key(&index, |(i, _)| *i)
                .ok()
                .map(|k| &self.exclusions[k].1),
        })
    }
}

/// Written as the list of its indicators' [`Scored`], in the set's order.
impl Serialize for UnitScores {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq((0..self.nodes.len()).filter_map(|i| self.scored(i, "")))
    }
}

/// The first pass over a unit's values made while they were at hand (when its file was
/// taken, or its files merged): with the values' own year, no appraisal, no relative
/// bests, which is [`super::aggregate`]'s first pass whenever its year is none or the
/// values' (the pass does not read targets).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct EarlyFirst {
    /// The values' year.
    pub(crate) year: Option<i32>,
    /// The relative leaves' status and value ([`super::first_pass`]).
    pub(crate) first: Vec<FirstPass>,
}

impl EarlyFirst {
    /// The first pass over `values`, as [`aggregate_compact`] would make it when its year
    /// is none or the values'.
    pub(crate) fn of(set: &IndicatorSet, values: &Values) -> EarlyFirst {
        let base = ScoreOptions {
            year: None,
            targets: None,
            appraisals: None,
            relative: Default::default(),
            numbers_only: true,
        };
        EarlyFirst {
            year: values.year,
            first: first_pass(set, values, &base, &relative_leaves(set)),
        }
    }
}

/// One merged unit of [`super::intake_compact`], its values encoded.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CompactUnit {
    pub(crate) unit: Unit,
    pub(crate) values: CompactValues,
    pub(crate) first: EarlyFirst,
    pub(crate) appraisals: Option<Appraisals>,
    pub(crate) sources: Vec<String>,
    pub(crate) provenance: Provenance,
}

/// The merged units of [`super::intake_compact`], in the order of its
/// [`super::Intake::merged`] units, ready for [`aggregate_compact`].
#[derive(Debug, Clone, PartialEq)]
pub struct CompactUnits(pub(crate) Vec<CompactUnit>);

impl CompactUnits {
    /// The number of units.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Entry for CompactUnit {
    fn unit(&self) -> &Unit {
        &self.unit
    }

    fn appraised(&self) -> bool {
        self.appraisals.as_ref().is_some_and(|a| !a.is_empty())
    }

    fn first(&self, set: &IndicatorSet, base: &ScoreOptions, leaves: &[usize]) -> Vec<FirstPass> {
        // The year is the only option of the first pass that can differ (see EarlyFirst).
        if base.year.is_none() || base.year == self.first.year {
            return self.first.first.clone();
        }
        first_pass(set, &self.values.decode(), base, leaves)
    }

    fn last(
        self,
        set: &IndicatorSet,
        options: &ScoreOptions,
    ) -> (Unit, Vec<String>, Provenance, Report) {
        let values = self.values.decode();
        drop(self.values);
        let opts = ScoreOptions {
            appraisals: self.appraisals,
            ..options.clone()
        };
        let report = score(set, &values, &opts);
        (self.unit, self.sources, self.provenance, report)
    }
}

/// [`super::aggregate`] of the units [`super::intake_compact`] took, each unit's values decoded
/// only while it is scored and of its report only its [`UnitScores`] kept. The views
/// ([`Aggregate::tables`], the ranking, distribution, at-risk and exclusions) equal
/// those of [`super::aggregate`] of [`super::Intake::entries`] over the same files.
/// With [`AggregateOptions::traces`] the traces are written and dropped: keep full
/// reports with [`super::aggregate`] to read them.
pub fn aggregate_compact(
    set: &IndicatorSet,
    units: CompactUnits,
    options: &AggregateOptions,
) -> Aggregate<UnitScores> {
    aggregate_core(set, units.0, options, |report| UnitScores::of(&report))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every fixture's values read back equal from their encoding, in a fraction of
    /// their file's bytes.
    #[test]
    fn compact_values_round_trip() {
        let mut seen = 0;
        for entry in std::fs::read_dir("tests/fixtures").unwrap() {
            let path = entry.unwrap().path().join("values.json");
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            let Ok(values) = Values::from_json(&text) else {
                continue;
            };
            let compact = CompactValues::new(&values);
            assert_eq!(compact.decode(), values, "{}", path.display());
            assert!(compact.len() <= text.len(), "{}", path.display());
            seen += 1;
        }
        assert!(seen >= 20, "only {seen} fixtures read");
    }
}
