//! What a number field takes: its kind and unit (read by [`super::read_typed`]).

/// What a field takes, as the keyboard sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// A whole number ≥ 0 (households, documents, staff).
    Count,
    /// A decimal; negative only when `negative` (the set allows it for this input).
    Amount {
        /// Whether a negative figure is allowed.
        negative: bool,
    },
    /// A share typed in percent: `45` and `45%` are both 45%, read as 0.45; at most 100%.
    Percent,
}

/// A number field: its kind and, where the set gives it, its unit ("tỷ đồng").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field<'a> {
    /// What kind of number.
    pub kind: FieldKind,
    /// The unit of measure, for messages.
    pub unit: Option<&'a str>,
}
