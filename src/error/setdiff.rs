//! What a comparison of two versions of a set notes ([`crate::set::diff::diff`]): one
//! variant per kind of change, each with a stable code and its words in Vietnamese and
//! English. The values before and after are not in the message: the change list shows
//! them in their own columns ("Trước", "Sau").

use crate::error::Message;
use crate::text::{Lang, Text};

/// A part of a rule that can change while its kind stays the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleField {
    /// The ratio's expression.
    Ratio,
    /// Whether the ratio (or value) is a share of a whole.
    Share,
    /// How far a share may exceed 1 and still count.
    ShareTolerance,
    /// The target of `linear_to_target`.
    Target,
    /// The threshold of `all_or_nothing`.
    Threshold,
    /// The question of `yes_no`.
    Question,
    /// The value of `tiers` or `per_unit`.
    Value,
    /// The tiers.
    Tiers,
    /// The yes/no precondition of `tiers`.
    Gate,
    /// The points for each unit of `per_unit`.
    PointsEach,
    /// How `relative` compares units.
    Method,
    /// The reference of `relative`.
    Reference,
}

impl RuleField {
    fn label(self, lang: Lang) -> &'static str {
        match self {
            Self::Ratio => lang.pick("biểu thức tỷ lệ", "the ratio's expression"),
            Self::Share => lang.pick("tỷ lệ là phần của tổng thể", "the ratio is a share"),
            Self::ShareTolerance => {
                lang.pick("dung sai vượt 1 của tỷ lệ", "the share's tolerance above 1")
            }
            Self::Target => lang.pick("mục tiêu", "the target"),
            Self::Threshold => lang.pick("ngưỡng", "the threshold"),
            Self::Question => lang.pick("câu hỏi", "the question"),
            Self::Value => lang.pick("giá trị so sánh", "the value"),
            Self::Tiers => lang.pick("các mức", "the tiers"),
            Self::Gate => lang.pick("điều kiện tiên quyết", "the precondition"),
            Self::PointsEach => lang.pick("điểm cho mỗi đơn vị", "the points for each unit"),
            Self::Method => lang.pick("cách so sánh giữa các đơn vị", "how units are compared"),
            Self::Reference => lang.pick("giá trị tham chiếu", "the reference"),
        }
    }
}

/// Which list of a rule an item belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemList {
    /// A checklist's items.
    Item,
    /// A choice's options.
    Option,
    /// A sum of parts' parts.
    Part,
}

impl ItemList {
    fn label(self, lang: Lang) -> &'static str {
        match self {
            Self::Item => lang.pick("mục", "item"),
            Self::Option => lang.pick("phương án", "option"),
            Self::Part => lang.pick("phần", "part"),
        }
    }
}

/// One change between two versions of a set.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SetChange {
    /// The set's id.
    SetId,
    /// The set's version.
    SetVersion,
    /// The set's title.
    SetTitle,
    /// The total of the main indicators' maxima (`scale`).
    Scale,
    /// The rounding policy.
    Rounding,
    /// The legal basis (document, date, address).
    LegalBasis,
    /// The legal status of the document.
    Status,
    /// An indicator only in the new version.
    Added {
        /// Its title in the new version.
        title: Text,
    },
    /// An indicator only in the old version.
    Removed {
        /// Its title in the old version.
        title: Text,
    },
    /// An indicator whose id changed, matched by its code.
    MatchedByCode {
        /// Its id in the old version.
        old_id: String,
        /// Its id in the new version.
        new_id: String,
    },
    /// An indicator matched by id whose printed code changed.
    CodeChanged,
    /// An indicator under another parent.
    Moved,
    /// An indicator's title.
    Renamed,
    /// An indicator's maximum.
    MaxChanged,
    /// A rule (or a part's rule) of another kind.
    RuleKind {
        /// The part, for a part of a sum of parts.
        part: Option<String>,
    },
    /// A rule of the same kind with one of its parts changed.
    Rule {
        /// The part, for a part of a sum of parts.
        part: Option<String>,
        /// What changed.
        field: RuleField,
    },
    /// An item, option or part only in the new version.
    ItemAdded {
        /// The part it is in, for a part of a sum of parts.
        part: Option<String>,
        /// Which list.
        list: ItemList,
        /// Its id.
        id: String,
    },
    /// An item, option or part only in the old version.
    ItemRemoved {
        /// The part it is in.
        part: Option<String>,
        /// Which list.
        list: ItemList,
        /// Its id.
        id: String,
    },
    /// An item's, option's or part's share of the maximum.
    ItemFraction {
        /// The part it is in.
        part: Option<String>,
        /// Which list.
        list: ItemList,
        /// Its id.
        id: String,
    },
    /// An item's, option's or part's label.
    ItemLabel {
        /// The part it is in.
        part: Option<String>,
        /// Which list.
        list: ItemList,
        /// Its id.
        id: String,
    },
    /// An input only in the new version.
    InputAdded {
        /// Its id.
        id: String,
    },
    /// An input only in the old version.
    InputRemoved {
        /// Its id.
        id: String,
    },
    /// An input's label.
    InputRelabelled {
        /// Its id.
        id: String,
    },
    /// The evidence expected.
    Evidence,
    /// The source citation.
    Source,
}

/// "Phần 2 — " / "Part 2 — " before a change inside a part of a sum of parts.
fn within(part: &Option<String>, lang: Lang) -> String {
    match part {
        Some(p) => format!("{} {p} — ", lang.pick("Phần", "Part")),
        None => String::new(),
    }
}

impl Message for SetChange {
    fn code(&self) -> &'static str {
        match self {
            Self::SetId => "setdiff.set_id",
            Self::SetVersion => "setdiff.set_version",
            Self::SetTitle => "setdiff.set_title",
            Self::Scale => "setdiff.scale",
            Self::Rounding => "setdiff.rounding",
            Self::LegalBasis => "setdiff.legal_basis",
            Self::Status => "setdiff.status",
            Self::Added { .. } => "setdiff.added",
            Self::Removed { .. } => "setdiff.removed",
            Self::MatchedByCode { .. } => "setdiff.matched_by_code",
            Self::CodeChanged => "setdiff.code_changed",
            Self::Moved => "setdiff.moved",
            Self::Renamed => "setdiff.renamed",
            Self::MaxChanged => "setdiff.max_changed",
            Self::RuleKind { .. } => "setdiff.rule_kind",
            Self::Rule { .. } => "setdiff.rule",
            Self::ItemAdded { .. } => "setdiff.item_added",
            Self::ItemRemoved { .. } => "setdiff.item_removed",
            Self::ItemFraction { .. } => "setdiff.item_fraction",
            Self::ItemLabel { .. } => "setdiff.item_label",
            Self::InputAdded { .. } => "setdiff.input_added",
            Self::InputRemoved { .. } => "setdiff.input_removed",
            Self::InputRelabelled { .. } => "setdiff.input_relabelled",
            Self::Evidence => "setdiff.evidence",
            Self::Source => "setdiff.source",
        }
    }

    fn message(&self, lang: Lang) -> String {
        match self {
            Self::SetId => say!(lang, "Đổi mã bộ chỉ số", "The set's id changed"),
            Self::SetVersion => say!(lang, "Đổi phiên bản bộ chỉ số", "The set's version changed"),
            Self::SetTitle => say!(lang, "Đổi tên bộ chỉ số", "The set's title changed"),
            Self::Scale => say!(
                lang,
                "Đổi tổng điểm tối đa (thang điểm)",
                "The scale (total maximum) changed"
            ),
            Self::Rounding => say!(
                lang,
                "Đổi cách làm tròn điểm",
                "The rounding of points changed"
            ),
            Self::LegalBasis => say!(lang, "Đổi căn cứ pháp lý", "The legal basis changed"),
            Self::Status => say!(
                lang,
                "Đổi tình trạng văn bản",
                "The document's status changed"
            ),
            Self::Added { title } => {
                let title = title.get(lang);
                say!(
                    lang,
                    "Bổ sung chỉ số “{title}”",
                    "Indicator added: “{title}”"
                )
            }
            Self::Removed { title } => {
                let title = title.get(lang);
                say!(lang, "Bỏ chỉ số “{title}”", "Indicator removed: “{title}”")
            }
            Self::MatchedByCode { old_id, new_id } => say!(
                lang,
                "Đổi khóa chỉ số từ “{old_id}” thành “{new_id}” (đối chiếu theo mã)",
                "The indicator's id changed from “{old_id}” to “{new_id}” (matched by its code)",
            ),
            Self::CodeChanged => say!(
                lang,
                "Đổi mã in của chỉ số",
                "The indicator's printed code changed"
            ),
            Self::Moved => say!(
                lang,
                "Chuyển sang chỉ số cha khác",
                "Moved under another parent"
            ),
            Self::Renamed => say!(lang, "Đổi tên chỉ số", "The indicator's title changed"),
            Self::MaxChanged => say!(lang, "Đổi điểm tối đa", "The maximum changed"),
            Self::RuleKind { part } => {
                let w = within(part, lang);
                say!(lang, "{w}Đổi cách chấm điểm", "{w}The kind of rule changed")
            }
            Self::Rule { part, field } => {
                let (w, f) = (within(part, lang), field.label(lang));
                say!(lang, "{w}Đổi {f}", "{w}Changed: {f}")
            }
            Self::ItemAdded { part, list, id } => {
                let (w, l) = (within(part, lang), list.label(lang));
                say!(lang, "{w}Bổ sung {l} {id}", "{w}Added: {l} {id}")
            }
            Self::ItemRemoved { part, list, id } => {
                let (w, l) = (within(part, lang), list.label(lang));
                say!(lang, "{w}Bỏ {l} {id}", "{w}Removed: {l} {id}")
            }
            Self::ItemFraction { part, list, id } => {
                let (w, l) = (within(part, lang), list.label(lang));
                say!(
                    lang,
                    "{w}Đổi tỷ trọng của {l} {id}",
                    "{w}The share of {l} {id} changed"
                )
            }
            Self::ItemLabel { part, list, id } => {
                let (w, l) = (within(part, lang), list.label(lang));
                say!(
                    lang,
                    "{w}Đổi nội dung {l} {id}",
                    "{w}The wording of {l} {id} changed"
                )
            }
            Self::InputAdded { id } => say!(lang, "Bổ sung số liệu {id}", "Input {id} added"),
            Self::InputRemoved { id } => say!(lang, "Bỏ số liệu {id}", "Input {id} removed"),
            Self::InputRelabelled { id } => {
                say!(
                    lang,
                    "Đổi tên số liệu {id}",
                    "The label of input {id} changed"
                )
            }
            Self::Evidence => say!(
                lang,
                "Đổi tài liệu kiểm chứng",
                "The evidence expected changed"
            ),
            Self::Source => say!(
                lang,
                "Đổi trích dẫn văn bản nguồn",
                "The source citation changed"
            ),
        }
    }
}

message_display!(SetChange);
