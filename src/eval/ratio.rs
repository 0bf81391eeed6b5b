//! `linear`, `linear_to_target` and `all_or_nothing`: a ratio of inputs against a target.

use rust_decimal::Decimal;

use super::{ck, show_ratio, Ctx, Outcome, Stop};
use crate::error::InputProblem;
use crate::number::format_lang;
use crate::set::InputKind;
use crate::set::{Ratio, Threshold};
use crate::text::{tr, Bilingual, Lang, Word};

/// A computed ratio and its written-out form.
pub(crate) struct Computed {
    pub value: Decimal,
    /// "Tỷ lệ = a/b = 45/60 = 75%".
    pub explain: Bilingual,
    pub percent: bool,
    /// A share above 100% within the set's tolerance.
    pub warning: Option<InputProblem<'static>>,
}

/// Computes a ratio, checking shares.
pub(crate) fn compute(ctx: &Ctx<'_>, ratio: &Ratio, percent: bool) -> Result<Computed, Stop> {
    let vals = ctx.resolve(&ratio.expr)?;
    let value = ctx.eval(&ratio.expr, &vals)?;
    let percent = percent || ratio.share;
    let write = |l| {
        let subst = ratio.expr.substituted(&|v| vals.get(v).copied(), l);
        let expr = ratio.expr.to_string();
        if matches!(ratio.expr, crate::set::Expr::Var(_)) {
            return format!("{expr} = {}", show_ratio(&value, percent, l));
        }
        let word = if percent {
            tr(l, "Tỷ lệ", "Ratio")
        } else {
            tr(l, "Giá trị", "Value")
        };
        if subst == expr {
            format!("{word} = {expr} = {}", show_ratio(&value, percent, l))
        } else {
            format!(
                "{word} = {expr} = {subst} = {}",
                show_ratio(&value, percent, l)
            )
        }
    };
    let explain = ctx.text(write);
    let mut warning = None;
    if ratio.share && value > Decimal::ONE {
        match ratio.tolerance {
            // Within the set's tolerance (an end-of-period count over an average
            // population): counted as 100%, with a warning the unit and the province see.
            Some(t) if value <= t => {
                warning = Some(InputProblem::WithinTolerance {
                    ratio: Bilingual::from_fn(write),
                    tolerance: t,
                });
            }
            tolerance => {
                let ratio_text = Bilingual::from_fn(write);
                let problem = match tolerance {
                    None => InputProblem::ShareExceeds100 {
                        ratio: ratio_text,
                        expr: ratio.expr.to_string(),
                    },
                    Some(tolerance) => InputProblem::AboveTolerance {
                        ratio: ratio_text,
                        tolerance,
                    },
                };
                return Err(Outcome::stop(problem).with_value(value));
            }
        }
    }
    Ok(Computed {
        value,
        explain,
        percent,
        warning,
    })
}

/// The threshold for the assessment year, or an invalid outcome naming the year.
pub(crate) fn threshold_for(ctx: &Ctx<'_>, t: &Threshold) -> Result<Decimal, Stop> {
    t.for_year(ctx.year).ok_or_else(|| {
        Outcome::stop(match ctx.year {
            None => InputProblem::NoYear,
            Some(year) => InputProblem::NoThresholdForYear { year },
        })
    })
}

/// What it takes to bring a ratio to `needed`: "cần thêm 124 a (Số hộ …)".
pub(crate) fn to_reach(
    ctx: &Ctx<'_>,
    ratio: &Ratio,
    current: Decimal,
    needed: Decimal,
    percent: bool,
) -> Option<Bilingual> {
    if current >= needed || !ctx.explain {
        return None;
    }
    // Written only where the inputs needed cannot be named (most often they can).
    let generic = || {
        ctx.text(|l| {
            format!(
                "{} {} ({} {})",
                tr(l, "cần tỷ lệ đạt", "the ratio must reach"),
                show_ratio(&needed, percent, l),
                tr(l, "hiện", "now"),
                show_ratio(&current, percent, l)
            )
        })
    };
    let Some((vars, denominator)) = ratio.expr.numerator_sum_vars() else {
        return Some(generic());
    };
    let vals = ctx.resolve(&ratio.expr).ok()?;
    let den = ctx.eval(denominator, &vals).ok()?;
    let num: Decimal = vars.iter().filter_map(|v| vals.get(v)).sum();
    let mut target = needed.checked_mul(den)?;
    let whole = vars
        .iter()
        .all(|v| ctx.input_def(v).is_some_and(|i| i.kind == InputKind::Count));
    if whole {
        target = target.ceil();
    }
    let extra = (target - num).normalize();
    if extra <= Decimal::ZERO {
        return Some(generic());
    }
    Some(ctx.text(|l| {
        let what = if vars.len() == 1 {
            ctx.subject(vars[0]).describe(l)
        } else {
            format!("{} ({})", tr(l, "tổng", "the sum"), vars.join("+"))
        };
        format!(
            "{} {} {what} {} {}",
            Word::NeedsMore.get(l),
            format_lang(&extra, l),
            tr(l, "để tỷ lệ đạt", "more for the ratio to reach"),
            show_ratio(&needed, percent, l)
        )
    }))
}

/// ratio × max.
pub(crate) fn linear(ctx: &Ctx<'_>, ratio: &Ratio) -> Result<Outcome, Stop> {
    let r = compute(ctx, ratio, true)?;
    let attainment = r.value.min(Decimal::ONE);
    let factor = ctx.text(|l| show_ratio(&r.value, r.percent, l));
    Ok(Outcome::ok(attainment, r.explain, Some(factor))
        .with_to_full(to_reach(ctx, ratio, r.value, Decimal::ONE, r.percent))
        .with_value(r.value)
        .with_warning(r.warning.as_ref()))
}

/// ratio ≥ target → max, else ratio/target × max.
pub(crate) fn linear_to_target(
    ctx: &Ctx<'_>,
    ratio: &Ratio,
    target: &Threshold,
) -> Result<Outcome, Stop> {
    let t = threshold_for(ctx, target)?;
    let r = compute(ctx, ratio, t <= Decimal::ONE)?;
    let show = |d: &Decimal, l: Lang| show_ratio(d, r.percent, l);
    if r.value >= t {
        let explain = ctx.text(|l| {
            format!(
                "{}; {} ≥ {}",
                r.explain.get(l),
                show(&r.value, l),
                show(&t, l)
            )
        });
        return Ok(Outcome::ok(Decimal::ONE, explain, None)
            .with_value(r.value)
            .with_warning(r.warning.as_ref()));
    }
    let attainment = ck(r.value.checked_div(t))?;
    let explain = ctx.text(|l| {
        format!(
            "{}; {} < {}",
            r.explain.get(l),
            show(&r.value, l),
            show(&t, l)
        )
    });
    let factor = ctx.text(|l| format!("{}/{}", show(&r.value, l), show(&t, l)));
    Ok(Outcome::ok(attainment, explain, Some(factor))
        .with_to_full(to_reach(ctx, ratio, r.value, t, r.percent))
        .with_value(r.value))
}

/// ratio ≥ threshold → max, else 0.
pub(crate) fn all_or_nothing(
    ctx: &Ctx<'_>,
    ratio: &Ratio,
    threshold: &Threshold,
) -> Result<Outcome, Stop> {
    let t = threshold_for(ctx, threshold)?;
    let r = compute(ctx, ratio, t <= Decimal::ONE)?;
    let show = |d: &Decimal, l: Lang| show_ratio(d, r.percent, l);
    let reached = r.value >= t;
    let explain = ctx.text(|l| {
        let op = if reached { "≥" } else { "<" };
        format!(
            "{}; {} {op} {}",
            r.explain.get(l),
            show(&r.value, l),
            show(&t, l)
        )
    });
    let attainment = if reached { Decimal::ONE } else { Decimal::ZERO };
    Ok(Outcome::ok(attainment, explain, None)
        .with_to_full(to_reach(ctx, ratio, r.value, t, r.percent))
        .with_value(r.value)
        .with_warning(r.warning.as_ref()))
}
