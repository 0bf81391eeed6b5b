//! `tiers`: step levels over a value ("Mức 1 ≥ 2 tỷ: 100%; Mức 2 ≥ 1 tỷ: 70% …").

use rust_decimal::Decimal;

use super::ratio::compute;
use super::{show_ratio, Ctx, Outcome, Stop};
use crate::error::InputProblem;
use crate::number::format_percent;
use crate::set::Expr;
use crate::set::{Ratio, Tier};
use crate::text::{tr, Text, Word};

/// The first tier the value reaches gives its fraction; none reached → 0; a gate
/// answered no → 0.
pub(crate) fn tiers(
    ctx: &Ctx<'_>,
    value: &Expr,
    share: bool,
    tiers: &[Tier],
    gate: Option<&Text>,
) -> Result<Outcome, Stop> {
    if let Some(gate) = gate {
        match ctx.answers().and_then(|a| a.gate) {
            None => return Err(Outcome::stop(InputProblem::GateNotAnswered { gate })),
            Some(false) => {
                let explain = ctx.text(|l| format!("{}: {}", Word::No.get(l), gate.get(l)));
                let to_full = ctx.text(|l| format!("{}: {}", Word::Needs.get(l), gate.get(l)));
                return Ok(Outcome::ok(Decimal::ZERO, explain, None).with_to_full(Some(to_full)));
            }
            Some(true) => {}
        }
    }
    let percent = tiers.iter().all(|t| t.at_least <= Decimal::ONE) && share;
    let ratio = Ratio {
        expr: value.clone(),
        share,
        tolerance: None,
    };
    let r = compute(ctx, &ratio, percent)?;
    let show = |d: &Decimal, l| show_ratio(d, percent, l);
    // A single quantity named by a programmer's id (`articles`) is written with its
    // label ("Số tin bài = 24"); a source's own letter (`a`) stays as it is.
    let quantity = match value {
        Expr::Var(v) if !is_source_letter(v) => ctx
            .input_def(v)
            .filter(|i| !i.label.vi.is_empty())
            .map(|i| &i.label),
        _ => None,
    };
    let head = |l| match quantity {
        Some(label) => format!("{} = {}", label.get(l), show(&r.value, l)),
        None => r.explain.get(l).to_string(),
    };
    let reached = tiers.iter().position(|t| r.value >= t.at_least);
    let explain = ctx.text(|l| {
        let level = tr(l, "Mức", "Level");
        match reached {
            Some(i) => {
                let t = &tiers[i];
                let name = t
                    .label
                    .as_ref()
                    .map(|x| x.get(l).to_string())
                    .unwrap_or(format!("{level} {}", i + 1));
                format!(
                    "{}; {} ≥ {} ({name}: {})",
                    head(l),
                    show(&r.value, l),
                    show(&t.at_least, l),
                    format_percent(&t.fraction, l)
                )
            }
            None => {
                let lowest = tiers.last().map(|t| t.at_least).unwrap_or_default();
                format!("{}; {} < {}", head(l), show(&r.value, l), show(&lowest, l))
            }
        }
    });
    let attainment = reached.map(|i| tiers[i].fraction).unwrap_or(Decimal::ZERO);
    let factor = ctx.text(|l| format_percent(&attainment, l));
    let to_full = tiers
        .first()
        .filter(|top| r.value < top.at_least)
        .map(|top| {
            ctx.text(|l| {
                format!(
                    "{} {}",
                    tr(l, "cần đạt ≥", "needs ≥"),
                    show(&top.at_least, l)
                )
            })
        });
    Ok(Outcome::ok(attainment, explain, Some(factor))
        .with_to_full(to_full)
        .with_value(r.value))
}

/// A source's own letter (`a` … `z`), as opposed to a programmer's id.
fn is_source_letter(id: &str) -> bool {
    let mut c = id.chars();
    matches!((c.next(), c.next()), (Some('a'..='z'), None))
}
