//! `per_unit`: points for each thing counted, capped at max ("mỗi hoạt động 1 điểm,
//! tổng không quá điểm tối đa").

use rust_decimal::Decimal;

use super::{ck, Ctx, Outcome, Stop};
use crate::number::format_lang;
use crate::set::Expr;
use crate::text::{tr, Bilingual, Word};

pub(crate) fn per_unit(ctx: &Ctx<'_>, value: &Expr, each: Decimal) -> Result<Outcome, Stop> {
    let vals = ctx.resolve(value)?;
    let count = ctx.eval(value, &vals)?;
    let Some(max) = ctx.max.filter(|m| !m.is_zero()) else {
        return Ok(Outcome::ok(Decimal::ZERO, Bilingual::default(), None));
    };
    let raw = ck(count.checked_mul(each))?;
    let attainment = ck(raw.checked_div(max))?.min(Decimal::ONE);
    let explain = ctx.text(|l| {
        let capped = if raw > max {
            format!(" > {} ({})", format_lang(&max, l), Word::CappedAtMax.get(l))
        } else {
            String::new()
        };
        format!(
            "{} × {} = {}{capped}",
            format_lang(&count, l),
            format_lang(&each, l),
            format_lang(&raw.normalize(), l)
        )
    });
    let factor = ctx.text(|l| {
        format!(
            "{}/{}",
            format_lang(&raw.normalize(), l),
            format_lang(&max, l)
        )
    });
    let to_full = (raw < max).then(|| {
        let needed = ((max - raw) / each).ceil();
        ctx.text(|l| {
            format!(
                "{} {} {}",
                Word::NeedsMore.get(l),
                format_lang(&needed, l),
                value.to_string().as_str().to_owned()
                    + tr(l, " (đơn vị tính điểm)", " (scored units)")
            )
        })
    });
    Ok(Outcome::ok(attainment, explain, Some(factor))
        .with_to_full(to_full)
        .with_value(count))
}
