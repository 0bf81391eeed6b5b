//! The validated indicator set: a tree of indicators, each with its maximum points
//! and, at the leaves, its scoring rule.
//!
//! An [`IndicatorSet`] can only be made by [`IndicatorSet::from_json`], which validates
//! the whole file first; scoring accepts nothing else.

// Native only for now (the CLI's `set diff`): the set-author page will take it into its
// own wasm, loaded on use; the first-load wasm stays as it is.
#[cfg(not(target_arch = "wasm32"))]
pub mod diff;
pub(crate) mod expr;
pub(crate) mod fields;
mod form;
pub(crate) mod index;
pub(crate) mod load;
mod node;
pub(crate) mod rule;

use std::sync::Arc;

use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::Value;

use crate::error::{Finding, ValidationErrors};
use crate::number::Rounding;
use crate::set::index::NodeIds;
use crate::text::Text;

pub use crate::error::{ExprExpected, ExprParseError, FieldError};
pub use expr::{EvalError, Expr};
pub use fields::{read_field, show_field, Reading};
pub use form::{form, Answer};
pub use node::{
    Input, InputKind, LegalBasis, Node, NodeMeta, Note, NoteKind, Rollup, SetStatus, SourceRef,
};
pub use rule::{Item, Part, Period, Ratio, Reference, RelativeMethod, Rule, Threshold, Tier};

/// A validated indicator set.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorSet {
    /// Stable identifier.
    pub(crate) id: String,
    /// The set's own version.
    pub(crate) version: String,
    /// Not an official scoring (e.g. the source gives no maxima).
    pub(crate) draft: bool,
    /// The legal status of the document the set encodes.
    pub(crate) status: SetStatus,
    /// Whether a unit may mark an indicator not applicable (excluded, with a reason)
    /// unless the indicator says otherwise; `false` unless the set's source allows it.
    pub(crate) excludable: bool,
    /// Title.
    pub(crate) title: Text,
    /// Who issued the source document.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) issuer: Option<Text>,
    /// The legal basis.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) legal_basis: Option<LegalBasis>,
    /// The total of the main indicators' maxima.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) scale: Option<Decimal>,
    /// How component points are rounded.
    pub(crate) rounding: Rounding,
    /// Shared inputs referenced by several indicators.
    pub(crate) context: Vec<Input>,
    /// Set-level notes.
    pub(crate) notes: Vec<Note>,
    /// Every node, parents before children, in the source's order.
    pub(crate) nodes: Vec<Node>,
    /// Indexes of the main indicators in `nodes`.
    pub(crate) roots: Vec<usize>,
    /// Warnings found while validating (errors prevent loading).
    #[serde(skip)]
    pub(crate) warnings: Vec<Finding>,
    /// The file as loaded.
    #[serde(skip)]
    pub(crate) source_json: Value,
    /// The ids in order, and the position in `nodes` by id (shared with reports).
    #[serde(skip)]
    pub(crate) ids: Arc<NodeIds>,
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
    /// assert_eq!(set.nodes().len(), 1);
    /// ```
    pub fn from_json(text: &str) -> Result<IndicatorSet, ValidationErrors> {
        let l = load::load_set(text)?;
        let ids =
            Arc::new(NodeIds::new(l.nodes.iter().map(|n| {
                (n.id.as_str(), n.code.as_str(), n.children.as_slice())
            })));
        Ok(IndicatorSet {
            id: l.id,
            version: l.version,
            draft: l.draft,
            status: l.status,
            excludable: l.excludable,
            title: l.title,
            issuer: l.issuer,
            legal_basis: l.legal_basis,
            scale: l.scale,
            rounding: l.rounding,
            context: l.context,
            notes: l.notes,
            nodes: l.nodes,
            roots: l.roots,
            warnings: l.warnings,
            source_json: l.source_json,
            ids,
        })
    }

    // Read-only views of the set: it is validated once, with its index, and never changed.

    /// Stable identifier.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The set's own version.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// Not an official scoring (e.g. the source gives no maxima).
    pub fn is_draft(&self) -> bool {
        self.draft
    }

    /// The legal status of the document the set encodes.
    pub fn status(&self) -> SetStatus {
        self.status
    }

    /// Whether a unit may mark an indicator not applicable (excluded, with a reason) unless the indicator says otherwise; `false` unless the set's source allows it.
    pub fn is_excludable(&self) -> bool {
        self.excludable
    }

    /// Title.
    pub fn title(&self) -> &Text {
        &self.title
    }

    /// Who issued the source document.
    pub fn issuer(&self) -> Option<&Text> {
        self.issuer.as_ref()
    }

    /// The legal basis.
    pub fn legal_basis(&self) -> Option<&LegalBasis> {
        self.legal_basis.as_ref()
    }

    /// The total of the main indicators' maxima.
    pub fn scale(&self) -> Option<Decimal> {
        self.scale
    }

    /// How component points are rounded.
    pub fn rounding(&self) -> Rounding {
        self.rounding
    }

    /// Shared inputs referenced by several indicators.
    pub fn context(&self) -> &[Input] {
        &self.context
    }

    /// Set-level notes.
    pub fn notes(&self) -> &[Note] {
        &self.notes
    }

    /// Every node, parents before children, in the source's order.
    pub fn nodes(&self) -> &[Node] {
        &self.nodes
    }

    /// Indexes of the main indicators in `nodes`.
    pub fn roots(&self) -> &[usize] {
        &self.roots
    }

    /// Warnings found while validating (errors prevent loading).
    pub fn warnings(&self) -> &[Finding] {
        &self.warnings
    }

    /// The file as loaded.
    pub fn source_json(&self) -> &Value {
        &self.source_json
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
