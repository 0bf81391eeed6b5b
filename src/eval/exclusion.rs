//! Exclusion ("Trường hợp mặc định hoặc loại trừ", Thanh Hóa 2021): an indicator the unit
//! marked not applicable with a reason scores 0 of 0, and the report adds the totals on
//! the applicable maximum, rescaled to the scale.

use rust_decimal::Decimal;

use super::{guard, result, ScoreOptions};
use crate::number::format_lang;
use crate::report::{Applicable, Exclusion, ExclusionVerdict, NodeReport, Status};
use crate::set::{IndicatorSet, Node};
use crate::text::{tr, Bilingual};

/// The totals on the applicable maximum, where indicators are excluded: `None` when
/// the applicable maxima equal the scale (nothing excluded, or no maxima).
pub(super) fn applicable(
    set: &IndicatorSet,
    total: Option<Decimal>,
    achieved: Option<Decimal>,
    max: Option<Decimal>,
    achieved_max: Option<Decimal>,
) -> Option<Applicable> {
    let scale = set.scale?;
    let (max, achieved_max) = (max?, achieved_max?);
    if max == scale && achieved_max == scale {
        return None;
    }
    // (raw, rounded by the set's policy)
    let rescale = |points: Option<Decimal>, of: Decimal| {
        let p = points?;
        if of.is_zero() {
            return None;
        }
        let raw = guard(p.checked_mul(scale)?.checked_div(of)?);
        Some((raw.normalize(), set.rounding.apply(raw).normalize()))
    };
    let exact = rescale(total, max);
    let rescaled = exact.map(|(_, r)| r);
    let rescaled_achieved = rescale(achieved, achieved_max).map(|(_, r)| r);
    let trace = Bilingual::from_fn(|l| {
        let n =
            |d: Option<Decimal>| d.map_or("–".to_string(), |d| format_lang(&d.normalize(), l));
        let excluded = (scale - max).normalize();
        format!(
            "{} {} / {} ({} {} {}); {} {}: {} × {} / {} {}",
            tr(l, "Tổng điểm thô", "Raw total"),
            n(total),
            format_lang(&max.normalize(), l),
            tr(
                l,
                "điểm tối đa áp dụng: thang",
                "the applicable maximum: the scale"
            ),
            format_lang(&scale.normalize(), l),
            format!("{} {}", tr(l, "trừ", "less"), format_lang(&excluded, l))
                + tr(
                    l,
                    " điểm của chỉ số không áp dụng",
                    " points of indicators not applicable"
                ),
            tr(l, "quy về thang", "rescaled to the scale"),
            format_lang(&scale.normalize(), l),
            n(total),
            format_lang(&scale.normalize(), l),
            format_lang(&max.normalize(), l),
            match exact {
                Some((raw, rounded)) => result(&raw, &rounded, l),
                None => "= –".to_string(),
            }
        )
    });
    Some(Applicable {
        max: max.normalize(),
        total: rescaled,
        achieved_max: achieved_max.normalize(),
        achieved: rescaled_achieved,
        trace,
    })
}

/// An indicator the unit marked not applicable, where the set allows it: 0 points of
/// 0. The appraisal may accept it (0 of 0) or reject it (0 of the maximum).
pub(super) fn excluded_leaf(
    set: &IndicatorSet,
    node: &Node,
    reason: &str,
    options: &ScoreOptions,
    explain: bool,
) -> NodeReport {
    let appraisal = options
        .appraisals
        .as_ref()
        .and_then(|a| a.get(&node.id))
        .cloned();
    let verdict = appraisal.as_ref().and_then(|a| a.exclusion);
    let zero = node.max.map(|_| Decimal::ZERO);
    let (achieved, achieved_max) = match (&appraisal, verdict) {
        (_, Some(ExclusionVerdict::Rejected)) => (zero, node.max.map(|m| m.normalize())),
        (_, Some(ExclusionVerdict::Accepted)) | (None, None) => (zero, None),
        // An appraisal that scores the indicator without a verdict refuses the
        // exclusion with its points.
        (Some(a), None) => (
            node.max
                .map(|m| set.rounding.apply(a.points.clamp(Decimal::ZERO, m))),
            node.max.map(|m| m.normalize()),
        ),
    };
    let trace = if explain {
        Bilingual::from_fn(|l| {
            let verdict = match verdict {
                Some(ExclusionVerdict::Accepted) => {
                    tr(l, "; thẩm định: chấp nhận", "; appraisal: accepted")
                }
                Some(ExclusionVerdict::Rejected) => tr(
                    l,
                    "; thẩm định: không chấp nhận → 0 trên điểm tối đa",
                    "; appraisal: rejected → 0 of the maximum",
                ),
                None => "",
            };
            format!(
                "{} ({}: {reason}) → 0 / 0, {}{verdict}",
                tr(l, "Không áp dụng", "Not applicable"),
                tr(l, "lý do", "reason"),
                tr(
                    l,
                    "không tính vào điểm tối đa",
                    "not counted in the maximum"
                )
            )
        })
    } else {
        Bilingual::default()
    };
    NodeReport {
        points: zero,
        max: zero,
        attainment: None,
        value: None,
        status: Status::Excluded,
        trace,
        to_full: None,
        lost: zero,
        target: None,
        below_target: None,
        appraisal,
        achieved,
        messages: Vec::new(),
        exclusion: Some(Exclusion {
            reason: reason.to_string(),
            verdict,
        }),
        achieved_max,
    }
}
