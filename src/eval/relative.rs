//! `relative`: compared with the best unit ("địa phương có tỷ lệ cao nhất: điểm tối
//! đa; còn lại: tỷ lệ/tỷ lệ cao nhất × điểm tối đa"), or min–max.

use rust_decimal::Decimal;

use super::ratio::compute;
use super::{ck, show_ratio, Ctx, Outcome, Stop};
use crate::report::Status;
use crate::set::{Ratio, Reference, RelativeMethod};
use crate::text::tr;

pub(crate) fn relative(
    ctx: &Ctx<'_>,
    ratio: &Ratio,
    method: RelativeMethod,
    reference: Option<&Reference>,
) -> Result<Outcome, Stop> {
    let r = compute(ctx, ratio, ratio.share)?;
    let show = |d: &Decimal, l| show_ratio(d, r.percent, l);
    // The province's aggregation gives the real best; a self-assessment uses the set's
    // reference and is provisional.
    let (best, worst, who, status) = match (ctx.relative, reference) {
        (Some(b), _) => (b.best, b.worst, b.best_unit.clone(), Status::Ok),
        (None, Some(rf)) => (rf.best, rf.worst, None, Status::Provisional),
        (None, None) => {
            let explain = ctx.text(|l| {
                format!(
                    "{}; {}",
                    r.explain.get(l),
                    tr(
                        l,
                        "điểm tương đối: chỉ tính được khi tổng hợp các đơn vị (tạm tính 0)",
                        "relative score: computed only when units are aggregated (provisionally 0)"
                    )
                )
            });
            let mut o = Outcome::ok(Decimal::ZERO, explain, None)
                .with_value(r.value)
                .with_warning(r.warning.as_ref());
            o.status = Status::Provisional;
            return Ok(o);
        }
    };
    let best_text = |l| {
        let name = match &who {
            Some(u) => format!(" ({u})"),
            None if status == Status::Provisional => format!(
                " ({})",
                tr(l, "tham chiếu của bộ chỉ số", "the set's reference")
            ),
            None => String::new(),
        };
        format!("{}{name}", tr(l, "cao nhất", "best"))
    };
    let (attainment, factor) = if r.value >= best {
        (Decimal::ONE, None)
    } else {
        match method {
            RelativeMethod::ProportionalToBest => {
                let a = if best.is_zero() {
                    Decimal::ZERO
                } else {
                    ck(r.value.checked_div(best))?
                };
                (
                    a,
                    Some(ctx.text(|l| format!("{}/{}", show(&r.value, l), show(&best, l)))),
                )
            }
            RelativeMethod::MinMax => {
                let span = best - worst;
                let a = if span.is_zero() || r.value <= worst {
                    Decimal::ZERO
                } else {
                    ck((r.value - worst).checked_div(span))?
                };
                (
                    a,
                    Some(ctx.text(|l| {
                        format!(
                            "({} − {})/({} − {})",
                            show(&r.value, l),
                            show(&worst, l),
                            show(&best, l),
                            show(&worst, l)
                        )
                    })),
                )
            }
        }
    };
    let explain = ctx.text(|l| {
        let worst_text = match method {
            RelativeMethod::MinMax => {
                format!(", {} = {}", tr(l, "thấp nhất", "worst"), show(&worst, l))
            }
            RelativeMethod::ProportionalToBest => String::new(),
        };
        format!(
            "{}; {} = {}{worst_text}",
            r.explain.get(l),
            best_text(l),
            show(&best, l)
        )
    });
    let to_full = (r.value < best).then(|| {
        ctx.text(|l| {
            format!(
                "{} {}",
                tr(l, "cần đạt mức cao nhất", "needs the best value"),
                show(&best, l)
            )
        })
    });
    let mut o = Outcome::ok(attainment, explain, factor)
        .with_to_full(to_full)
        .with_value(r.value)
        .with_warning(r.warning.as_ref());
    o.status = status;
    Ok(o)
}
