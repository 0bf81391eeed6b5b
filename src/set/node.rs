//! What a set is made of: its nodes (indicators), their inputs, notes, citations and
//! legal status. [`super::IndicatorSet`] holds them, in order, with their index.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::set::Rule;
use crate::text::{Lang, Text};

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
    /// Not a document at all: a starting point for a province to adapt into its own set
    /// (`indicator-sets/templates/`), derived from duties the sources assign, with maxima
    /// the template proposes. Never an official scoring.
    Template,
}

impl SetStatus {
    /// Every status name, for messages.
    pub const NAMES: &'static str = "official, consultation_draft, superseded, template";

    /// Reads a status name.
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "official" => Some(Self::Official),
            "consultation_draft" => Some(Self::ConsultationDraft),
            "superseded" => Some(Self::Superseded),
            "template" => Some(Self::Template),
            _ => None,
        }
    }

    /// The status in words, as the page's set picker and banner say it
    /// (`www/i18n/*.json`, `set.status.*`).
    ///
    /// ```
    /// use dti_score::set::SetStatus;
    /// use dti_score::Lang;
    /// assert_eq!(SetStatus::Template.label(Lang::Vi), "mẫu để tỉnh điều chỉnh");
    /// assert_eq!(SetStatus::Template.label(Lang::En), "template for a province to adapt");
    /// ```
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Self::Official => lang.pick("văn bản chính thức", "official document"),
            Self::ConsultationDraft => lang.pick("dự thảo lấy ý kiến", "consultation draft"),
            Self::Superseded => lang.pick("đã được thay thế", "superseded"),
            Self::Template => {
                lang.pick("mẫu để tỉnh điều chỉnh", "template for a province to adapt")
            }
        }
    }

    /// What the status means for the points, for every status but `official`
    /// (`set.status.*_note` in `www/i18n/*.json`).
    ///
    /// ```
    /// use dti_score::set::SetStatus;
    /// use dti_score::Lang;
    /// assert_eq!(SetStatus::Official.note(Lang::Vi), None);
    /// assert!(SetStatus::Template.note(Lang::En).unwrap().starts_with("not an official set"));
    /// ```
    pub fn note(self, lang: Lang) -> Option<&'static str> {
        match self {
            Self::Official => None,
            Self::ConsultationDraft => Some(lang.pick(
                "văn bản nguồn là dự thảo đang lấy ý kiến, chưa ban hành; điểm chưa phải điểm chính thức.",
                "the source document is a draft out for consultation, not yet issued; the points are not official.",
            )),
            Self::Superseded => Some(lang.pick(
                "văn bản nguồn đã được văn bản sau thay thế; chỉ dùng để đối chiếu.",
                "the source document has been replaced by a later one; for comparison only.",
            )),
            Self::Template => Some(lang.pick(
                "không phải bộ chỉ số chính thức: bộ mẫu soạn từ nhiệm vụ văn bản của tỉnh giao cho cấp xã, điểm tối đa do mẫu đề xuất; tỉnh điều chỉnh và ban hành thành bộ chỉ số của mình trước khi dùng để chấm điểm.",
                "not an official set: a template drawn from the duties provincial documents assign to communes, with maxima the template proposes; a province adapts it and issues it as its own set before using it to score.",
            )),
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
