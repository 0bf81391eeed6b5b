//! The views of a batch besides [`super::Aggregate::tables`]: the intake's `files` and
//! `conflicts` tables and its [`FileCounts`], and the [`Histogram`] of each main
//! indicator that the review page draws. `dti-score aggregate` and the review page use
//! the same ones, so both show the same numbers.

use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

use crate::error::Message;
use crate::set::IndicatorSet;
use crate::table::{Cell, Table};
use crate::text::{Lang, Text};

use super::columns::{table, word, Column, Sheet};

use super::{Aggregate, FileKind, Intake};

/// How many files of a batch were taken, by kind, and how many refused
/// ([`Intake::counts`]). Serialised without the kinds of which there are none.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct FileCounts {
    /// Accepted appraisal records.
    #[serde(skip_serializing_if = "is_zero")]
    pub appraisals: usize,
    /// Accepted files of no other kind.
    #[serde(skip_serializing_if = "is_zero")]
    pub other: usize,
    /// Files refused, whatever their kind.
    #[serde(skip_serializing_if = "is_zero")]
    pub rejected: usize,
    /// Accepted signed submissions (signatures verified).
    #[serde(skip_serializing_if = "is_zero")]
    pub signed: usize,
    /// Accepted unsigned values files.
    #[serde(skip_serializing_if = "is_zero")]
    pub unsigned: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// Units per tenth of a main indicator's maximum ([`Aggregate::histograms`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Histogram<'a> {
    /// The main indicator's id.
    pub id: &'a str,
    /// Its code.
    pub code: &'a str,
    /// Its title, both languages.
    pub title: &'a Text,
    /// Its maximum.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub max: Option<Decimal>,
    /// Ten bins, from 0 to the maximum.
    pub bins: Vec<Bin>,
    /// Units without points on it.
    pub without: u64,
}

/// One tenth of a [`Histogram`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Bin {
    /// Its lower edge (points).
    #[serde(with = "rust_decimal::serde::str")]
    pub from: Decimal,
    /// Its upper edge (points): excluded, except in the last tenth, which includes the
    /// maximum.
    #[serde(with = "rust_decimal::serde::str")]
    pub to: Decimal,
    /// Units in it.
    pub count: u64,
    /// The bar's height, in percent of the chart's (the fullest bin is 100), one decimal.
    #[serde(with = "rust_decimal::serde::str")]
    pub height: Decimal,
    /// 100 − height: where the bar starts, from the top.
    #[serde(with = "rust_decimal::serde::str")]
    pub top: Decimal,
}

impl<R> Aggregate<R> {
    /// A histogram per main indicator, in the set's order: how many units' achieved
    /// points fall in each tenth of its maximum (the last tenth includes the maximum),
    /// the bars' heights computed here so that the page only places them. `set` is the
    /// set the batch was aggregated with.
    pub fn histograms<'a>(&self, set: &'a IndicatorSet) -> Vec<Histogram<'a>> {
        set.roots
            .iter()
            .map(|&root| self.histogram(set, root))
            .collect()
    }

    fn histogram<'a>(&self, set: &'a IndicatorSet, root: usize) -> Histogram<'a> {
        let node = &set.nodes[root];
        let tenths = Decimal::from(10);
        let mut counts = [0u64; 10];
        let mut without = 0;
        for u in &self.units {
            match (u.pillars.get(&node.id).copied().flatten(), node.max) {
                (Some(p), Some(max)) if max > Decimal::ZERO => {
                    let bin = p
                        .checked_mul(tenths)
                        .and_then(|x| x.checked_div(max))
                        .map(|x| x.floor())
                        .and_then(|x| usize::try_from(x.mantissa()).ok())
                        .unwrap_or(0)
                        .min(9);
                    counts[bin] += 1;
                }
                _ => without += 1,
            }
        }
        let fullest = counts.iter().copied().max().unwrap_or(0);
        let max = node.max.unwrap_or(Decimal::ZERO);
        let edge = |k: u64| {
            max.checked_mul(Decimal::from(k))
                .and_then(|x| x.checked_div(tenths))
                .unwrap_or(Decimal::ZERO)
                .normalize()
        };
        let bins = counts
            .iter()
            .enumerate()
            .map(|(k, &count)| {
                let height = if fullest == 0 {
                    Decimal::ZERO
                } else {
                    (Decimal::from(count * 100) / Decimal::from(fullest))
                        .round_dp_with_strategy(1, RoundingStrategy::MidpointAwayFromZero)
                        .normalize()
                };
                Bin {
                    from: edge(k as u64),
                    to: edge(k as u64 + 1),
                    count,
                    height,
                    top: (Decimal::ONE_HUNDRED - height).normalize(),
                }
            })
            .collect();
        Histogram {
            id: &node.id,
            code: &node.code,
            title: &node.title,
            max: node.max,
            bins,
            without,
        }
    }
}

impl Intake {
    /// How many files were taken, by kind, and how many refused.
    pub fn counts(&self) -> FileCounts {
        let mut out = FileCounts::default();
        for f in &self.files {
            let n = match (f.accepted(), f.kind) {
                (false, _) => &mut out.rejected,
                (true, FileKind::Signed) => &mut out.signed,
                (true, FileKind::Unsigned) => &mut out.unsigned,
                (true, FileKind::Appraisal) => &mut out.appraisals,
                (true, FileKind::Other) => &mut out.other,
            };
            *n += 1;
        }
        out
    }

    /// The first accepted signed submission among `sources` (a unit's source files,
    /// [`super::UnitResult::sources`]): the file an appraisal of the unit is made on.
    pub fn signed_source<'a>(&self, sources: &'a [String]) -> Option<&'a str> {
        sources
            .iter()
            .find(|s| {
                self.files
                    .iter()
                    .any(|f| &f.file == *s && f.accepted() && f.kind == FileKind::Signed)
            })
            .map(String::as_str)
    }

    /// The `files` view, headers and words in `lang`: every file's verdict, with the
    /// reason's stable code and its text in both languages (nothing skipped).
    pub fn files_table(&self, lang: Lang) -> Table {
        let rows = self
            .files
            .iter()
            .map(|f| {
                let reason = |cell: fn(&super::Rejection) -> Cell| {
                    f.rejection.as_ref().map_or(Cell::Empty, cell)
                };
                vec![
                    Cell::text(&f.file),
                    Cell::text(f.kind.label(lang)),
                    Cell::text(f.unit.clone().unwrap_or_default()),
                    Cell::text(f.period.clone().unwrap_or_default()),
                    if f.accepted() {
                        word(lang, "chấp nhận", "accepted")
                    } else {
                        word(lang, "từ chối", "rejected")
                    },
                    reason(|r| Cell::text(r.code())),
                    reason(|r| Cell::text(r.message(Lang::Vi))),
                    reason(|r| Cell::text(r.message(Lang::En))),
                ]
            })
            .collect();
        table(
            Sheet::Files,
            lang,
            &[
                Column::File,
                Column::Kind,
                Column::UnitId,
                Column::Period,
                Column::FileVerdict,
                Column::ReasonCode,
                Column::ReasonVi,
                Column::ReasonEn,
            ],
            rows,
        )
    }

    /// The `conflicts` view, headers and words in `lang`: one row per field that
    /// partial files give differently (named in words, [`field_words`]), with every
    /// file's value.
    pub fn conflicts_table(&self, set: &IndicatorSet, lang: Lang) -> Table {
        let rows = self
            .merged
            .conflicts
            .iter()
            .map(|c| {
                vec![
                    Cell::text(&c.unit_id),
                    Cell::text(c.period.clone().unwrap_or_default()),
                    Cell::text(field_words(set, &c.pointer).get(lang)),
                    Cell::text(c.values_text("; ")),
                    Cell::text(match &c.kept {
                        Some(v) => format!(
                            "{}: {v}",
                            crate::text::tr(lang, "giữ giá trị đã ký", "signed value kept")
                        ),
                        None => crate::text::tr(lang, "để trống", "left out").to_string(),
                    }),
                ]
            })
            .collect();
        table(
            Sheet::Conflicts,
            lang,
            &[
                Column::UnitId,
                Column::Period,
                Column::Field,
                Column::Values,
                Column::Outcome,
            ],
            rows,
        )
    }
}

impl super::Conflict {
    /// Every file's value, `file = “value”`, joined with `sep`.
    pub fn values_text(&self, sep: &str) -> String {
        let vals: Vec<String> = self
            .values
            .iter()
            .map(|v| format!("{} = “{}”", v.source, v.value))
            .collect();
        vals.join(sep)
    }
}

/// A field of a values file, named by its JSON Pointer (`/values/1.1/a`), in words: the
/// indicator's code and title and the input's label (“1.1 Tỷ lệ hộ có cáp quang: Số hộ
/// có cáp quang”); the pointer itself where the set does not know it.
///
/// ```
/// use dti_score::aggregate::field_words;
/// use dti_score::IndicatorSet;
/// let set = IndicatorSet::from_json(r#"{"format": "dti-score/indicator-set/v1", "id": "t",
///   "version": "1", "title": {"vi": "T"}, "scale": "10", "indicators": [{"code": "1",
///   "title": {"vi": "Cáp quang", "en": "Fibre"}, "max": "10",
///   "inputs": [{"id": "a", "label": {"vi": "Số hộ"}}],
///   "rule": {"kind": "linear", "ratio": "a"}}]}"#).unwrap();
/// let w = field_words(&set, "/values/1/a");
/// assert_eq!((w.vi.as_str(), w.en.as_str()), ("Chỉ tiêu 1 Cáp quang: Số hộ", "Indicator 1 Fibre: Số hộ"));
/// assert_eq!(field_words(&set, "/values/9/a").vi, "/values/9/a");
/// ```
pub fn field_words(set: &IndicatorSet, pointer: &str) -> crate::text::Bilingual {
    use crate::text::Bilingual;
    let segs = crate::json::pointer::segments(pointer);
    let segs: Vec<&str> = segs.iter().map(String::as_str).collect();
    let both = |vi: String, en: String| Bilingual { vi, en };
    let fixed = |vi: &str, en: &str| both(vi.into(), en.into());
    match segs.as_slice() {
        ["set"] => fixed("Bộ chỉ số", "Indicator set"),
        ["unit", "name"] => fixed("Tên đơn vị", "Unit name"),
        ["unit", "level"] => fixed("Cấp đơn vị", "Unit level"),
        ["unit", _] => fixed("Tỉnh của đơn vị", "Unit's province"),
        ["context", k] => match set.context.iter().find(|i| i.id == *k) {
            Some(i) => both(
                format!("Số liệu chung: {}", i.label.get(Lang::Vi)),
                format!("Context: {}", i.label.get(Lang::En)),
            ),
            None => fixed(pointer, pointer),
        },
        ["values", id, rest @ ..] => {
            let Some(node) = set.node(id) else {
                return fixed(pointer, pointer);
            };
            let what = |lang: Lang| -> String {
                match rest.last().copied() {
                    Some("done") => crate::text::tr(lang, "đã thực hiện", "done").into(),
                    Some("gate") => crate::text::tr(lang, "điều kiện", "condition").into(),
                    Some("choice") => crate::text::tr(lang, "lựa chọn", "choice").into(),
                    Some("points") => crate::text::tr(lang, "điểm tự chấm", "points").into(),
                    Some("justification") => {
                        crate::text::tr(lang, "giải trình", "justification").into()
                    }
                    Some("note") => crate::text::tr(lang, "ghi chú", "note").into(),
                    Some(letter) => node
                        .inputs
                        .iter()
                        .find(|i| i.id == letter)
                        .map_or(letter.to_string(), |i| i.label.get(lang).to_string()),
                    None => String::new(),
                }
            };
            both(
                format!(
                    "Chỉ tiêu {} {}: {}",
                    node.code,
                    node.title.get(Lang::Vi),
                    what(Lang::Vi)
                ),
                format!(
                    "Indicator {} {}: {}",
                    node.code,
                    node.title.get(Lang::En),
                    what(Lang::En)
                ),
            )
        }
        _ => fixed(pointer, pointer),
    }
}
