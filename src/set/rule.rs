//! The closed set of scoring rules a component indicator can have.
//!
//! Each kind comes from wording in the source documents; see
//! `docs/indicator-set-format.md` for the example behind each one.

use rust_decimal::Decimal;
use serde::{Serialize, Serializer};

use crate::set::Expr;
use crate::text::Text;

/// How a leaf indicator is scored. Every match on it is exhaustive: a new kind is a
/// compile error everywhere it must be handled.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Rule {
    /// ratio × max ("Điểm = Tỷ lệ * Điểm tối đa").
    Linear {
        /// The ratio.
        #[serde(flatten)]
        ratio: Ratio,
    },
    /// ratio ≥ target → max, else ratio/target × max.
    LinearToTarget {
        /// The ratio.
        #[serde(flatten)]
        ratio: Ratio,
        /// The target ratio.
        target: Threshold,
    },
    /// ratio ≥ threshold → max, else 0.
    AllOrNothing {
        /// The ratio.
        #[serde(flatten)]
        ratio: Ratio,
        /// The threshold ratio.
        threshold: Threshold,
    },
    /// done → max, else 0.
    YesNo {
        /// The question, when it differs from the indicator's title.
        #[serde(skip_serializing_if = "Option::is_none")]
        question: Option<Text>,
    },
    /// Each ticked item adds its fraction of max.
    Checklist {
        /// The items, keyed by the source's item numbers.
        items: Vec<Item>,
    },
    /// The chosen option's fraction of max.
    Choice {
        /// The options.
        options: Vec<Item>,
    },
    /// Step tiers over a value: the first tier reached gives its fraction.
    Tiers {
        /// The value compared with the tiers.
        value: Expr,
        /// The value is a share of a whole: above 1 is invalid input.
        share: bool,
        /// Highest first.
        tiers: Vec<Tier>,
        /// A yes/no precondition; answered no → 0.
        #[serde(skip_serializing_if = "Option::is_none")]
        gate: Option<Text>,
    },
    /// value × points_each, capped at max.
    PerUnit {
        /// The counted value.
        value: Expr,
        /// Points for each unit counted.
        points_each: Decimal,
    },
    /// The sum of parts, each its own rule worth a fraction of max.
    SumOfParts {
        /// The parts.
        parts: Vec<Part>,
    },
    /// Relative to the best unit (and worst, for min–max).
    Relative {
        /// The ratio compared across units.
        #[serde(flatten)]
        ratio: Ratio,
        /// How the comparison is made.
        method: RelativeMethod,
        /// The reference used in a single self-assessment.
        #[serde(skip_serializing_if = "Option::is_none")]
        reference: Option<Reference>,
    },
    /// Points entered by the unit with a justification, capped at max.
    Manual,
}

impl Rule {
    /// The kind's name as the set format writes it.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Rule::Linear { .. } => "linear",
            Rule::LinearToTarget { .. } => "linear_to_target",
            Rule::AllOrNothing { .. } => "all_or_nothing",
            Rule::YesNo { .. } => "yes_no",
            Rule::Checklist { .. } => "checklist",
            Rule::Choice { .. } => "choice",
            Rule::Tiers { .. } => "tiers",
            Rule::PerUnit { .. } => "per_unit",
            Rule::SumOfParts { .. } => "sum_of_parts",
            Rule::Relative { .. } => "relative",
            Rule::Manual => "manual",
        }
    }

    /// Every kind name, for messages.
    pub const KINDS: [&'static str; 11] = [
        "linear",
        "linear_to_target",
        "all_or_nothing",
        "yes_no",
        "checklist",
        "choice",
        "tiers",
        "per_unit",
        "sum_of_parts",
        "relative",
        "manual",
    ];
}

/// A ratio (or value) computed from inputs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ratio {
    /// The expression.
    #[serde(rename = "ratio")]
    pub expr: Expr,
    /// A share of a whole: above 1 is invalid input.
    pub share: bool,
    /// For a share: the most it may exceed 1 and still count (as 1, with a warning),
    /// e.g. 1.05 where an end-of-period count is divided by the period's average
    /// population. `None`: any value above 1 is invalid.
    #[serde(rename = "share_tolerance", skip_serializing_if = "Option::is_none")]
    pub tolerance: Option<Decimal>,
}

/// A threshold, fixed or depending on the assessment year.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Threshold {
    /// The same every year.
    Fixed(Decimal),
    /// By period of years.
    ByYear {
        /// Periods, not overlapping.
        by_year: Vec<Period>,
    },
}

/// A threshold for a period of years (inclusive).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Period {
    /// First year.
    pub from: i32,
    /// Last year.
    pub to: i32,
    /// The threshold in those years.
    pub value: Decimal,
}

impl Threshold {
    /// The threshold for a year; `None` when it depends on the year and the year is
    /// missing or outside every period.
    pub fn for_year(&self, year: Option<i32>) -> Option<Decimal> {
        match self {
            Threshold::Fixed(d) => Some(*d),
            Threshold::ByYear { by_year } => {
                let y = year?;
                by_year
                    .iter()
                    .find(|p| p.from <= y && y <= p.to)
                    .map(|p| p.value)
            }
        }
    }
}

/// A checklist item or a choice option.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Item {
    /// The source's item number or option id.
    pub id: String,
    /// What it says.
    pub label: Text,
    /// Its share of max.
    pub fraction: Decimal,
}

/// One step of a tiered rule.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tier {
    /// The least value that reaches this tier.
    pub at_least: Decimal,
    /// Its share of max.
    pub fraction: Decimal,
    /// The source's name for it ("Mức 1").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<Text>,
}

/// One part of a sum of parts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Part {
    /// The source's part number.
    pub id: String,
    /// What it says.
    pub label: Text,
    /// Its share of max.
    pub fraction: Decimal,
    /// How it is scored.
    pub rule: Rule,
}

/// How a relative indicator compares units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RelativeMethod {
    /// ratio / best.
    ProportionalToBest,
    /// (ratio − worst) / (best − worst).
    MinMax,
}

/// The best (and worst) values a self-assessment compares against.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reference {
    /// The best value.
    pub best: Decimal,
    /// The worst value (min–max only); 0 when not given.
    pub worst: Decimal,
    /// Where the reference comes from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<Text>,
}

impl Serialize for Expr {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}
