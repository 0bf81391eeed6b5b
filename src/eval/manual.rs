//! `manual`: the source gives no rule; the unit enters points with a justification.

use rust_decimal::Decimal;

use super::{ck, Ctx, Outcome, Stop};
use crate::error::{InputProblem, Subject};
use crate::number::{format_lang, parse_number, read_typed, Field, FieldKind};
use crate::text::{tr, Bilingual, Lang, Word};

/// The unit's justification, when it wrote one.
fn justification<'a>(ctx: &Ctx<'a>) -> Option<&'a str> {
    ctx.answers()
        .and_then(|a| a.justification.as_deref())
        .filter(|j| !j.trim().is_empty())
}

/// " — căn cứ: …" for the trace.
fn why(justification: Option<&str>, l: Lang) -> String {
    match justification {
        Some(j) => format!(" — {}: {j}", tr(l, "căn cứ", "justification")),
        None => String::new(),
    }
}

/// The outcome, with a message when no justification was given.
fn justified(o: Outcome, justification: Option<&str>, of: Subject<'_>) -> Outcome {
    let missing = justification
        .is_none()
        .then_some(InputProblem::NoJustification { of });
    o.with_warning(missing.as_ref())
}

/// What the unit entered for `name` (`points` or `attainment`): the value given, or, where
/// the page could not read the text typed, that text read again to say why; `None` when
/// nothing was entered. Returns the value and the text it came from.
fn entered<'a>(
    ctx: &Ctx<'a>,
    name: &str,
    field: Field<'_>,
    subject: Subject<'_>,
) -> Result<Option<(Decimal, &'a str)>, Stop> {
    let answers = ctx.answers();
    let given = answers
        .and_then(|a| match name {
            "points" => a.points.as_deref(),
            _ => a.attainment.as_deref(),
        })
        .filter(|s| !s.trim().is_empty());
    if let Some(raw) = given {
        let value = parse_number(raw)
            .map_err(|error| Outcome::stop(InputProblem::Number { subject, error }))?;
        return Ok(Some((value, raw)));
    }
    let Some(t) = answers
        .and_then(|a| a.typed.get(name))
        .filter(|t| !t.text.trim().is_empty())
    else {
        return Ok(None);
    };
    let value = read_typed(&t.text, field, t.lang)
        .map_err(|error| Outcome::stop(InputProblem::Typed { subject, error }))?;
    Ok(Some((value, t.text.as_str())))
}

pub(crate) fn manual(ctx: &Ctx<'_>) -> Result<Outcome, Stop> {
    if ctx.max.is_none() {
        return manual_attainment(ctx);
    }
    let points_field = Field {
        kind: FieldKind::Amount { negative: false },
        unit: None,
    };
    let Some((points, raw)) = entered(ctx, "points", points_field, Subject::Points)? else {
        return Err(Outcome::stop(InputProblem::NoPoints));
    };
    if points < Decimal::ZERO {
        return Err(Outcome::stop(InputProblem::NegativePoints { raw }));
    }
    let Some(max) = ctx.max.filter(|m| !m.is_zero()) else {
        return Ok(Outcome::ok(Decimal::ZERO, Bilingual::default(), None));
    };
    let attainment = ck(points.checked_div(max))?.min(Decimal::ONE);
    let justification = justification(ctx);
    let explain = ctx.text(|l| {
        let capped = if points > max {
            format!(" > {} ({})", format_lang(&max, l), Word::CappedAtMax.get(l))
        } else {
            String::new()
        };
        let why = why(justification, l);
        format!(
            "{} {}{capped}{why}",
            tr(l, "Điểm tự chấm", "Points entered"),
            format_lang(&points.normalize(), l)
        )
    });
    let factor = ctx.text(|l| {
        format!(
            "{}/{}",
            format_lang(&points.normalize(), l),
            format_lang(&max, l)
        )
    });
    let o = Outcome::ok(attainment, explain, Some(factor)).with_value(points);
    Ok(justified(o, justification, Subject::Points))
}

/// In a set without maxima (a draft): the unit enters the attainment itself, a share
/// of the maximum from 0 to 100%, with a justification.
fn manual_attainment(ctx: &Ctx<'_>) -> Result<Outcome, Stop> {
    let share_field = Field {
        kind: FieldKind::Percent,
        unit: None,
    };
    let Some((share, raw)) = entered(ctx, "attainment", share_field, Subject::Attainment)? else {
        return Err(Outcome::stop(InputProblem::NoAttainment));
    };
    if share < Decimal::ZERO || share > Decimal::ONE {
        return Err(Outcome::stop(InputProblem::AttainmentOutOfRange { raw }).with_value(share));
    }
    let justification = justification(ctx);
    let explain = ctx.text(|l| {
        let why = why(justification, l);
        format!(
            "{} {}{why}",
            tr(l, "Mức đạt tự đánh giá", "Attainment entered"),
            crate::number::format_percent(&share, l)
        )
    });
    let o = Outcome::ok(share, explain, None).with_value(share);
    Ok(justified(o, justification, Subject::Attainment))
}
