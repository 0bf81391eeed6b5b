//! `sum_of_parts`: an indicator scored as part 1 + part 2 + …, each part its own rule
//! worth a fraction of max.

use rust_decimal::Decimal;

use super::choice::show_fraction;
use super::{ck, evaluate, Ctx, Outcome, Stop};
use crate::report::Status;
use crate::set::Part;
use crate::text::{Bilingual, Word};

/// A missing or invalid part makes the whole indicator 0 with that status (the
/// sources' default rule: an indicator without complete data scores 0); the trace still
/// shows every part.
pub(crate) fn sum_of_parts(ctx: &Ctx<'_>, parts: &[Part]) -> Result<Outcome, Stop> {
    let mut attainment = Decimal::ZERO;
    let mut status = Status::Ok;
    let mut explains = Vec::new();
    let mut to_full = Vec::new();
    let mut messages = Vec::new();
    for part in parts {
        let sub = Ctx {
            answers: ctx.answers().and_then(|a| a.parts.get(&part.id)),
            max: ctx.max.and_then(|m| m.checked_mul(part.fraction)),
            ..*ctx
        };
        let o = evaluate(&sub, &part.rule);
        let contribution = ck(o.attainment.checked_mul(part.fraction))?;
        attainment = ck(attainment.checked_add(contribution))?;
        status = status.max(o.status);
        explains.push(ctx.text(|l| {
            let word = Word::Part.get(l);
            let share = show_fraction(&part.fraction, l);
            let got = show_fraction(&o.attainment, l);
            format!("{word} {} [{share}]: {} → {got}", part.id, o.explain.get(l))
        }));
        if let Some(t) = o.to_full {
            to_full.push(ctx.text(|l| format!("{} {}: {}", Word::Part.get(l), part.id, t.get(l))));
        }
        messages.extend(o.messages);
    }
    if matches!(status, Status::Missing | Status::Invalid) {
        attainment = Decimal::ZERO;
    }
    let factor = ctx.text(|l| show_fraction(&attainment, l));
    let mut out = Outcome::ok(attainment, Bilingual::join(&explains, "; "), Some(factor));
    out.status = status;
    out.messages = messages;
    out.to_full = (!to_full.is_empty()).then(|| Bilingual::join(&to_full, "; "));
    Ok(out)
}
