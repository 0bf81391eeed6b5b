//! `yes_no`, `checklist` and `choice`: answers rather than numbers.

use rust_decimal::Decimal;

use super::{Ctx, Outcome, Stop};
use crate::error::InputProblem;
use crate::number::format_lang;
use crate::set::Item;
use crate::text::{tr, Lang, Text, Word};

/// Writes a fraction the way the sources do where it is a simple one ("1/2"), else as a
/// decimal.
pub(crate) fn show_fraction(d: &Decimal, lang: Lang) -> String {
    for den in [2u32, 3, 4, 5] {
        let den_d = Decimal::from(den);
        if let Some(n) = d.checked_mul(den_d).map(|n| n.round_dp(20)) {
            if n.fract().is_zero() && !n.is_zero() && n < den_d {
                return format!("{}/{den}", n.normalize());
            }
        }
    }
    format_lang(&d.normalize(), lang)
}

/// done → max, else 0.
pub(crate) fn yes_no(ctx: &Ctx<'_>, question: Option<&Text>) -> Result<Outcome, Stop> {
    let title = question.unwrap_or(&ctx.node.title);
    let Some(done) = ctx.answers().and_then(|a| a.done) else {
        return Err(Outcome::stop(InputProblem::NoYesNo { question: title }));
    };
    let explain = ctx.text(|l| {
        if done {
            Word::Yes.get(l).to_string()
        } else {
            Word::No.get(l).to_string()
        }
    });
    let to_full =
        (!done).then(|| ctx.text(|l| format!("{}: {}", Word::Needs.get(l), title.get(l))));
    Ok(Outcome::ok(
        if done { Decimal::ONE } else { Decimal::ZERO },
        explain,
        None,
    )
    .with_to_full(to_full))
}

/// The sum of the ticked items' fractions.
pub(crate) fn checklist(ctx: &Ctx<'_>, items: &[Item]) -> Result<Outcome, Stop> {
    let Some(ticked) = ctx.answers().and_then(|a| a.items.as_ref()) else {
        return Err(Outcome::stop(InputProblem::NoItems));
    };
    if let Some(unknown) = ticked.keys().find(|k| !items.iter().any(|i| &i.id == *k)) {
        return Err(Outcome::stop(InputProblem::UnknownItem { id: unknown }));
    }
    let done: Vec<&Item> = items
        .iter()
        .filter(|i| ticked.get(&i.id).copied().unwrap_or(false))
        .collect();
    let attainment: Decimal = done.iter().map(|i| i.fraction).sum();
    let explain = ctx.text(|l| {
        if done.is_empty() {
            tr(l, "Không mục nào đạt", "No item met").to_string()
        } else {
            let word = Word::Item.get(l);
            done.iter()
                .map(|i| format!("{word} {} ({})", i.id, show_fraction(&i.fraction, l)))
                .collect::<Vec<_>>()
                .join(" + ")
        }
    });
    let factor = ctx.text(|l| show_fraction(&attainment, l));
    let missing: Vec<&Item> = items
        .iter()
        .filter(|i| !done.iter().any(|d| d.id == i.id))
        .collect();
    let to_full = (!missing.is_empty()).then(|| {
        ctx.text(|l| {
            let word = Word::Item.get(l);
            let list: Vec<String> = missing
                .iter()
                .map(|i| format!("{word} {}: {}", i.id, i.label.get(l)))
                .collect();
            format!("{}: {}", Word::NeedsMore.get(l), list.join("; "))
        })
    });
    Ok(Outcome::ok(attainment, explain, Some(factor)).with_to_full(to_full))
}

/// The chosen option's fraction.
pub(crate) fn choice(ctx: &Ctx<'_>, options: &[Item]) -> Result<Outcome, Stop> {
    let Some(chosen) = ctx.answers().and_then(|a| a.choice.as_deref()) else {
        return Err(Outcome::stop(InputProblem::NoOption));
    };
    let Some(option) = options.iter().find(|o| o.id == chosen) else {
        return Err(Outcome::stop(InputProblem::UnknownOption {
            id: chosen,
            options: options.iter().map(|o| o.id.as_str()).collect(),
        }));
    };
    let explain = ctx.text(|l| option.label.get(l).to_string());
    let factor = ctx.text(|l| show_fraction(&option.fraction, l));
    let best = options.iter().max_by(|a, b| a.fraction.cmp(&b.fraction));
    let to_full = best
        .filter(|b| b.fraction > option.fraction)
        .map(|b| ctx.text(|l| format!("{}: {}", Word::Needs.get(l), b.label.get(l))));
    Ok(Outcome::ok(option.fraction, explain, Some(factor)).with_to_full(to_full))
}
