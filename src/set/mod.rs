//! The validated indicator set: a tree of indicators, each with its maximum points
//! and, at the leaves, its scoring rule.
//!
//! An [`IndicatorSet`] can only be made by [`IndicatorSet::from_json`], which validates
//! the whole file first; scoring accepts nothing else.

pub mod expr;
pub mod fields;
pub(crate) mod load;
pub mod rule;

use std::sync::Arc;

use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::Value;

use crate::error::{Finding, ValidationErrors};
use crate::number::Rounding;
use crate::report::NodeIds;
use crate::set::rule::Rule;
use crate::text::Text;

/// The `format` value of an indicator-set file.
pub const SET_FORMAT: &str = "dti-score/indicator-set/v1";

/// A validated indicator set.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorSet {
    /// Stable identifier.
    pub id: String,
    /// The set's own version.
    pub version: String,
    /// Not an official scoring (e.g. the source gives no maxima).
    pub draft: bool,
    /// The legal status of the document the set encodes.
    pub status: SetStatus,
    /// Whether a unit may mark an indicator not applicable (excluded, with a reason)
    /// unless the indicator says otherwise; `false` unless the set's source allows it.
    pub excludable: bool,
    /// Title.
    pub title: Text,
    /// Who issued the source document.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issuer: Option<Text>,
    /// The legal basis.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub legal_basis: Option<LegalBasis>,
    /// The total of the main indicators' maxima.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scale: Option<Decimal>,
    /// How component points are rounded.
    pub rounding: Rounding,
    /// Shared inputs referenced by several indicators.
    pub context: Vec<Input>,
    /// Set-level notes.
    pub notes: Vec<Note>,
    /// Every node, parents before children, in the source's order.
    pub nodes: Vec<Node>,
    /// Indexes of the main indicators in `nodes`.
    pub roots: Vec<usize>,
    /// Warnings found while validating (errors prevent loading).
    #[serde(skip)]
    pub warnings: Vec<Finding>,
    /// The file as loaded.
    #[serde(skip)]
    pub source_json: Value,
    /// The ids in order, and the position in `nodes` by id (shared with reports).
    #[serde(skip)]
    pub(crate) ids: Arc<NodeIds>,
}

/// The legal status of the document a set encodes: shown on the page's set picker and
/// at the top of the form and print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SetStatus {
    /// Issued and in force (the default).
    #[default]
    Official,
    /// A draft put out for consultation ("dự thảo lấy ý kiến"): not yet in force.
    ConsultationDraft,
    /// Replaced by a later document.
    Superseded,
}

impl SetStatus {
    /// Every status name, for messages.
    pub const NAMES: &'static str = "official, consultation_draft, superseded";

    /// Reads a status name.
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "official" => Some(Self::Official),
            "consultation_draft" => Some(Self::ConsultationDraft),
            "superseded" => Some(Self::Superseded),
            _ => None,
        }
    }
}

/// The document a set rests on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LegalBasis {
    /// "Quyết định số 863/QĐ-UBND".
    pub document: String,
    /// ISO date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Where it is published.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// One indicator: a main indicator, a component indicator or a sub-item.
#[derive(Debug, Clone, Serialize)]
pub struct Node {
    /// Unique key (defaults to the code).
    pub id: String,
    /// The code as printed in the source.
    pub code: String,
    /// Title.
    pub title: Text,
    /// Maximum points (absent only in a draft set).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<Decimal>,
    /// Index of the parent in the set's `nodes`.
    #[serde(skip)]
    pub parent: Option<usize>,
    /// Ids of the children.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<String>,
    /// Indexes of the children in the set's `nodes`.
    #[serde(skip)]
    pub child_indexes: Vec<usize>,
    /// Depth: 0 for a main indicator.
    pub depth: usize,
    /// The rule, at a leaf.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<Rule>,
    /// The quantities the rule uses.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub inputs: Vec<Input>,
    /// A unit may mark it not applicable, with a reason (its own `excludable`, else its
    /// parent's, else the set's).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub excludable: bool,
    /// Where it comes from, and other metadata.
    #[serde(flatten)]
    pub meta: NodeMeta,
}

/// Metadata of an indicator: source, agencies, target, notes.
#[derive(Debug, Clone, Default, Serialize)]
pub struct NodeMeta {
    /// The legal citation as its reader knows it: the document's number and date, the
    /// appendix and the row ("Quyết định số 863/QĐ-UBND ngày 09/5/2025 …", "Phụ lục,
    /// mục II, chỉ số 3.6"). Shown on the page and in print.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<SourceRef>,
    /// The project's own reference to the text extraction it checked the node against
    /// (`003_….txt`, the lines). Never serialized, so no page, print or export shows it.
    #[serde(skip)]
    pub source_file: Option<SourceRef>,
    /// The source's own wording of the rule.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_text: Option<String>,
    /// Lead agency.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lead: Option<String>,
    /// Coordinating agencies.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub coordinating: Vec<String>,
    /// Implementing agencies (cơ quan thực hiện), where the source names them apart
    /// from the coordinating ones.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub implementing: Vec<String>,
    /// Deadline as the source writes it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deadline: Option<String>,
    /// Target points.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<Decimal>,
    /// Evidence expected.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Text>,
    /// Notes and interpretations.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Note>,
}

/// Where in a source document something comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceRef {
    /// The document.
    pub document: String,
    /// Page, section or row.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
}

/// A note on a set or an indicator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Note {
    /// What kind of note.
    pub kind: NoteKind,
    /// The note.
    pub text: Text,
    /// The source's original words, for interpretations.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
}

/// Kinds of notes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NoteKind {
    /// The encoding follows the source's evident intent rather than its letter.
    Interpretation,
    /// The source's own figures disagree.
    SourceDiscrepancy,
    /// Anything else.
    Note,
}

impl NoteKind {
    /// Reads a kind name.
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "interpretation" => Some(Self::Interpretation),
            "source_discrepancy" => Some(Self::SourceDiscrepancy),
            "note" => Some(Self::Note),
            _ => None,
        }
    }
}

/// A quantity a unit enters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Input {
    /// The source's letter, or a context variable's name.
    pub id: String,
    /// What it is.
    pub label: Text,
    /// What kind of number.
    pub kind: InputKind,
    /// Whether a province may sum it over its communes.
    pub rollup: Rollup,
    /// Unit of measure.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Who supplies it (cơ quan chủ trì).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lead: Option<String>,
    /// Whether a negative figure is allowed (amounts only; refused by default).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub negative: bool,
    /// Who helps supply it (cơ quan phối hợp), for a context field.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub coordinating: Vec<String>,
    /// When it is supplied ("Hàng năm"), for a context field.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deadline: Option<String>,
    /// Notes, e.g. the source's proposed actions for a context field.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Note>,
}

impl Input {
    /// What the keyboard reader takes for this input; `None` for text.
    pub fn field(&self) -> Option<crate::number::Field<'_>> {
        use crate::number::{Field, FieldKind};
        let kind = match self.kind {
            InputKind::Count => FieldKind::Count,
            InputKind::Amount => FieldKind::Amount {
                negative: self.negative,
            },
            InputKind::Percent => FieldKind::Percent,
            InputKind::Text => return None,
        };
        Some(Field {
            kind,
            unit: self.unit.as_deref(),
        })
    }
}

/// Kinds of input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum InputKind {
    /// A whole number ≥ 0.
    Count,
    /// A decimal ≥ 0.
    Amount,
    /// A share, 0–100%.
    Percent,
    /// Free text (context only: a name, an address); never used in expressions.
    Text,
}

impl InputKind {
    /// Reads a kind name.
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "count" => Some(Self::Count),
            "amount" => Some(Self::Amount),
            "percent" => Some(Self::Percent),
            "text" => Some(Self::Text),
            _ => None,
        }
    }
}

/// Whether an input may be summed over communes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rollup {
    /// The province's value is the sum of its communes'.
    Sum,
    /// Not summable.
    None,
}

impl IndicatorSet {
    /// The assessment year the set is for, when its id ends in one (`vinh-long-2025` →
    /// 2025, the convention of the shipped sets); the page starts a new draft on it.
    ///
    /// # Example
    /// ```
    /// # let set = dti_score::IndicatorSet::from_json(include_str!("../../indicator-sets/vinh-long-2025.json")).unwrap();
    /// assert_eq!(set.year(), Some(2025));
    /// ```
    pub fn year(&self) -> Option<i32> {
        let (_, tail) = self.id.rsplit_once('-')?;
        (tail.len() == 4 && tail.bytes().all(|b| b.is_ascii_digit()))
            .then(|| tail.parse().ok())
            .flatten()
    }

    /// Loads and validates a set from its JSON text.
    ///
    /// # Errors
    /// [`ValidationErrors`] with every finding (errors and warnings) when the set has at
    /// least one error; such a set is never scored.
    ///
    /// # Example
    /// ```
    /// let set = dti_score::IndicatorSet::from_json(r#"{
    ///   "format": "dti-score/indicator-set/v1", "id": "tiny", "version": "1",
    ///   "title": {"vi": "Nhỏ"}, "scale": "10",
    ///   "indicators": [{"code": "1", "title": {"vi": "Có"}, "max": "10", "rule": {"kind": "yes_no"}}]
    /// }"#).unwrap();
    /// assert_eq!(set.nodes.len(), 1);
    /// ```
    pub fn from_json(text: &str) -> Result<IndicatorSet, ValidationErrors> {
        crate::set::load::load_set(text)
    }

    /// The index of a node by id.
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.ids.position(id)
    }

    /// A node by id.
    pub fn node(&self, id: &str) -> Option<&Node> {
        self.index_of(id).map(|i| &self.nodes[i])
    }

    /// The leaves (indicators with a rule), in order.
    pub fn leaves(&self) -> impl Iterator<Item = &Node> {
        self.nodes.iter().filter(|n| n.rule.is_some())
    }

    /// Every interpretation and source-discrepancy note, with the node it is on
    /// (`None` for set-level notes).
    pub fn interpretations(&self) -> Vec<(Option<&Node>, &Note)> {
        let set_level = self.notes.iter().map(|n| (None, n));
        let node_level = self
            .nodes
            .iter()
            .flat_map(|node| node.meta.notes.iter().map(move |n| (Some(node), n)));
        set_level
            .chain(node_level)
            .filter(|(_, n)| n.kind != NoteKind::Note)
            .collect()
    }
}
